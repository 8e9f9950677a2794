"""Spin-chain batteries: Ising, XYZ (with Dzyaloshinskii-Moriya), XXX, dimerised XY and
long-range chains, all on the full ``2**N`` space (disordered chains:
:mod:`qbattery.models.spin_disorder`).

Every Hamiltonian is assembled by :func:`qbattery.models.bonds.bond_hamiltonian` from bit
patterns (conventions of :mod:`qbattery.models.ladders`: ``sigma_z = diag(-1, +1)`` on
``(|g>, |e>)``, site 0 the leftmost factor). The battery is the whole chain; it starts in the
ground state of ``H_B``, which must be non-degenerate (found sector by sector when ``H_B``
conserves the number of excitations or its parity). Unless a model says otherwise the chain is
charged directly (:func:`qbattery.models.spins.direct_charging`), as in
:func:`qbattery.models.xxz_chain`: ``H = H_B + h sum_{i in S} sigma_x^i``
with ``h = field`` on the sites ``S`` chosen by ``charging`` (``"uniform"``: every site; a list of
sites: local charging), a constant term that stays on together with ``H_B``.

Bonds come from :func:`qbattery.models.bonds.chain_bonds`: ``(i, i + 1)`` on an open chain, plus
``(N - 1, 0)`` on a ring of N >= 3, each pair once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.models.arguments import shared_arguments
from qbattery.models.bonds import (
    all_pairs,
    bond_hamiltonian,
    chain_bonds,
    check_boundary,
    spin_count,
    zeeman_splitting,
)
from qbattery.models.info import catalogued
from qbattery.models.spins import ChainOptions, direct_charging
from qbattery.validation import finite_real, non_negative_real

__all__ = [
    "dimerised_xy_chain",
    "ising_chain",
    "long_range_chain",
    "xxx_chain",
    "xyz_chain",
]


@catalogued(
    hamiltonian="H = H_B + h sum_{i in S} sigma_x^i",
    battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i sigma_x^i sigma_x^{i+1}",
    initial_state="ground state of H_B (must be non-degenerate)",
    reference="Catalano et al., PRX Quantum 5, 030319 (2024) (review ref. 125)",
)
@shared_arguments
def ising_chain(
    n_spins: int,
    J: float,
    omega: float = 1.0,
    field: float = 1.0,
    **options: Unpack[ChainOptions],
) -> Battery:
    """Transverse-field Ising chain battery.

    .. code-block:: text

        H_B = (omega / 2) sum_i sigma_z^i + J sum_<i, k> sigma_x^i sigma_x^k
        H   = H_B + h sum_{i in S} sigma_x^i,        h = field

    The quantum Ising chain in a transverse field as a battery (Catalano et al., PRX Quantum
    5, 030319 (2024), review ref. 125; the Ising limit ``anisotropy = 1`` of the XY chains of
    :func:`dimerised_xy_chain`). The usual form
    ``-J' sum sigma_x sigma_x - h' sum sigma_z`` is mapped onto this one by the global rotation
    ``prod_i sigma_x^i`` (``sigma_z -> -sigma_z``) with ``J = -J'`` and ``omega = 2 h'``, same
    spectrum. ``H_B`` conserves the parity of the number of excitations; the ordered phase
    ``|J| > omega / 2`` has a nearly degenerate ground doublet on long chains, refused once
    the splitting drops below the degeneracy tolerance.

    Parameters
    ----------
    n_spins, field
        As in :func:`qbattery.models.xxz_chain`.
    J : float
        Ising coupling (finite real; J > 0 antiferromagnetic).
    omega : float
        Zeeman level splitting (the transverse field), >= 0.

    Examples
    --------
    >>> ising_chain(3, J=0.2, charging=[0]).parameters["charging"]
    [0]
    """
    return _uniform_chain(
        "ising_chain", n_spins, J, omega, field, options, axes="x", unique_above=2
    )


@catalogued(
    hamiltonian="H = H_B + h sum_{i in S} sigma_x^i",
    battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + sum_i [Jx "
    "sigma_x^i sigma_x^{i+1} + Jy sigma_y^i "
    "sigma_y^{i+1} + Jz sigma_z^i sigma_z^{i+1} + D "
    "(sigma_x^i sigma_y^{i+1} - sigma_y^i "
    "sigma_x^{i+1})]",
    initial_state="ground state of H_B (must be non-degenerate)",
    reference="Ghosh, Chanda & Sen(De), PRA 101, 032115 (2020); DM: "
    "Zhang, Song & Wang, Adv. Quantum Technol. 7, 2400114 "
    "(2024) and Rahman & Muruges, Phys. Scr. 100, 015106 "
    "(2024) (review refs. 127, 128)",
)
@shared_arguments
def xyz_chain(
    n_spins: int,
    Jx: float,
    Jy: float,
    Jz: float,
    omega: float = 1.0,
    field: float = 1.0,
    *,
    dm: float = 0.0,
    **options: Unpack[ChainOptions],
) -> Battery:
    """XYZ Heisenberg chain battery, optionally with a Dzyaloshinskii-Moriya interaction.

    .. code-block:: text

        H_B = (omega / 2) sum_i sigma_z^i
              + sum_<i, k> [ Jx sigma_x^i sigma_x^k + Jy sigma_y^i sigma_y^k
                             + Jz sigma_z^i sigma_z^k
                             + D (sigma_x^i sigma_y^k - sigma_y^i sigma_x^k) ],       D = dm
        H   = H_B + h sum_{i in S} sigma_x^i,        h = field

    The XYZ battery with the ground state of ``H_B`` as initial state and local x fields as
    charger is that of Ghosh, Chanda & Sen(De), PRA 101, 032115 (2020); the DM term (along z,
    bond ``(i, i + 1)`` oriented left to right) is that of Zhang, Song & Wang, Adv. Quantum
    Technol. 7, 2400114 (2024) (review ref. 127) and Rahman & Muruges, Phys. Scr. 100, 015106
    (2024) (review ref. 128). Exchange written as ``(J/4)[(1 + gamma) sigma_x sigma_x +
    (1 - gamma) sigma_y sigma_y + Delta sigma_z sigma_z] + (h'/2) sum sigma_z`` maps to
    ``Jx = J (1 + gamma) / 4``, ``Jy = J (1 - gamma) / 4``, ``Jz = J Delta / 4``, ``omega = h'``.
    ``Jx = Jy = J``, ``Jz = J delta``, ``dm = 0`` is :func:`qbattery.models.xxz_chain`. ``H_B``
    conserves the number of excitations if ``Jx = Jy`` (the DM term does too), else its parity.

    Parameters
    ----------
    n_spins, omega, field
        As in :func:`qbattery.models.xxz_chain`.
    Jx, Jy, Jz : float
        Exchange couplings along x, y, z (finite reals).
    dm : float
        Dzyaloshinskii-Moriya coupling ``D`` along z (finite real).

    Examples
    --------
    >>> xyz_chain(3, 0.1, 0.05, 0.2, dm=0.1).dimension
    8
    """
    n = spin_count(n_spins)
    jx, jy, jz = finite_real(Jx, "Jx"), finite_real(Jy, "Jy"), finite_real(Jz, "Jz")
    zeeman = zeeman_splitting(omega)
    moriya = finite_real(dm, "dm")
    bonds = chain_bonds(n, options["boundary"])
    battery_hamiltonian = bond_hamiltonian(
        n, bonds, jx=jx, jy=jy, jz=jz, dm=moriya, field_z=zeeman / 2
    )
    return direct_charging(
        "xyz_chain",
        battery_hamiltonian,
        field,
        {"n_spins": n, "Jx": jx, "Jy": jy, "Jz": jz, "omega": zeeman, "dm": moriya},
        options,
        names="omega, Jx, Jy, Jz, dm",
        hint="e.g. omega > 2 (|Jx| + |Jy| + |Jz| + 2 |dm|)",
    )


@catalogued(
    hamiltonian="H = H_B + h sum_{i in S} sigma_x^i",
    battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i sigma^i . sigma^{i+1}",
    initial_state="ground state of H_B (must be non-degenerate)",
    reference="Le et al., PRA 97, 022106 (2018) (review ref. 15), delta = 1",
)
@shared_arguments
def xxx_chain(
    n_spins: int,
    J: float,
    omega: float = 1.0,
    field: float = 1.0,
    **options: Unpack[ChainOptions],
) -> Battery:
    """Isotropic (XXX) Heisenberg chain battery.

    .. code-block:: text

        H_B = (omega / 2) sum_i sigma_z^i
              + J sum_<i, k> (sigma_x^i sigma_x^k + sigma_y^i sigma_y^k + sigma_z^i sigma_z^k)
        H   = H_B + h sum_{i in S} sigma_x^i,        h = field

    The ``delta = 1`` point of the XXZ battery of Le et al., PRA 97, 022106 (2018) (review ref.
    15), with the choice of charged sites. ``H_B`` conserves the total spin and its z component;
    without Zeeman splitting the ferromagnet (J < 0) has a degenerate multiplet, refused.

    Parameters
    ----------
    n_spins, omega, field
        As in :func:`qbattery.models.xxz_chain`.
    J : float
        Exchange coupling (finite real; J > 0 antiferromagnetic).

    Examples
    --------
    >>> xxx_chain(4, J=0.1).parameters["boundary"]
    'open'
    """
    return _uniform_chain(
        "xxx_chain", n_spins, J, omega, field, options, axes="xyz", unique_above=8
    )


@catalogued(
    hamiltonian="H = H_B(delta_d -> charging_dimerisation) + h sum_{i in S} sigma_x^i",
    battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + sum_b J (1 + "
    "(-1)^b delta_d) [(1 + gamma) sigma_x^b "
    "sigma_x^{b+1} + (1 - gamma) sigma_y^b "
    "sigma_y^{b+1}]",
    initial_state="ground state of H_B (must be non-degenerate)",
    reference="Grazi et al., PRL 133, 197001 (2024) and Symmetry 17, 220 "
    "(2025) (review refs. 13, 129)",
)
@shared_arguments
def dimerised_xy_chain(
    n_spins: int,
    J: float,
    dimerisation: float,
    omega: float = 1.0,
    field: float = 1.0,
    *,
    anisotropy: float = 0.0,
    charging_dimerisation: float | None = None,
    **options: Unpack[ChainOptions],
) -> Battery:
    """Dimerised XY chain battery: alternating strong and weak bonds.

    .. code-block:: text

        J_b = J (1 + (-1)^b delta_d),     bond b = (b, b + 1); on a ring (N - 1, 0) is the last
        H_B = (omega / 2) sum_i sigma_z^i
              + sum_b J_b [(1 + gamma) sigma_x^b sigma_x^{b+1}
                           + (1 - gamma) sigma_y^b sigma_y^{b+1}]
        H   = H_B' + h sum_{i in S} sigma_x^i

    with ``delta_d = dimerisation`` and ``gamma = anisotropy``; ``H_B'`` is ``H_B`` with
    ``delta_d`` replaced by ``charging_dimerisation`` (a sudden quench of the dimerisation, the
    charging protocol of Grazi et al., PRL 133, 197001 (2024), review ref. 13; with
    ``field = 0`` it is the only charging term), or ``H_B`` itself when that is None. The
    dimerised transverse-field XY battery of Grazi et al., Symmetry 17, 220 (2025) (review ref.
    129). A paper writing ``J_b [(1 + gamma)/2 sigma_x sigma_x + (1 - gamma)/2 sigma_y sigma_y]``
    has half our ``J``. ``gamma = 0``: the XX chain, which conserves the number of excitations;
    otherwise its parity. A ring needs an even number of spins, or the alternation breaks.

    Parameters
    ----------
    field
        As in :func:`qbattery.models.xxz_chain`.
    n_spins : int
        Number of spins N, 1 <= N <= 26 (even for a ring).
    J : float
        Mean exchange coupling (finite real).
    dimerisation : float
        ``delta_d``: bonds alternate between ``J (1 + delta_d)`` and ``J (1 - delta_d)``.
    omega : float
        Zeeman level splitting (the transverse field), >= 0.
    anisotropy : float
        XY anisotropy ``gamma`` (finite real; 0 = XX chain, 1 = Ising along x).
    charging_dimerisation : float, optional
        Dimerisation during charging (quench protocol); None keeps ``dimerisation``.

    Examples
    --------
    >>> dimerised_xy_chain(4, 0.1, 0.5, field=0.0, charging_dimerisation=-0.5).name
    'dimerised_xy_chain'
    """
    n = spin_count(n_spins)
    exchange = finite_real(J, "J")
    delta_d = finite_real(dimerisation, "dimerisation")
    zeeman = zeeman_splitting(omega)
    gamma = finite_real(anisotropy, "anisotropy")
    quench = (
        delta_d
        if charging_dimerisation is None
        else finite_real(charging_dimerisation, "charging_dimerisation")
    )
    bonds = chain_bonds(n, options["boundary"])
    if options["boundary"] == "periodic" and n % 2 and n > 1:
        raise QBatteryValueError(
            f"n_spins: a dimerised ring needs an even number of spins, got {n}; use "
            "boundary='open' or an even n_spins"
        )

    def chain(dimerised: float) -> sp.csr_matrix:
        strengths = exchange * (1 + dimerised * (-1.0) ** np.arange(len(bonds)))
        return bond_hamiltonian(
            n, bonds, jx=strengths * (1 + gamma), jy=strengths * (1 - gamma), field_z=zeeman / 2
        )

    battery_hamiltonian = chain(delta_d)
    parameters = {
        "n_spins": n,
        "J": exchange,
        "dimerisation": delta_d,
        "omega": zeeman,
        "anisotropy": gamma,
        "charging_dimerisation": None if charging_dimerisation is None else quench,
    }
    return direct_charging(
        "dimerised_xy_chain",
        battery_hamiltonian,
        field,
        parameters,
        options,
        names="omega, J, dimerisation, anisotropy",
        hint="e.g. omega > 4 |J| (1 + |dimerisation|) (1 + |anisotropy|)",
        charging_chain=None if charging_dimerisation is None else chain(quench),
    )


@catalogued(
    hamiltonian="H = H_B + h sum_{i in S} sigma_x^i",
    battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + sum_{i<k} (K "
    "d_ik^alpha)^-1 [Jx sigma_x^i sigma_x^k + Jy "
    "sigma_y^i sigma_y^k + Jz sigma_z^i sigma_z^k]",
    initial_state="ground state of H_B (must be non-degenerate)",
    reference="Rahman & Muruges, Phys. Scr. 100, 015106 (2024) (review "
    "ref. 128); Dou, Zhou & Sun, PRA 106, 032212 (2022) "
    "(review ref. 114)",
)
@shared_arguments
def long_range_chain(
    n_spins: int,
    Jx: float,
    Jy: float,
    Jz: float,
    range_exponent: float,
    omega: float = 1.0,
    field: float = 1.0,
    *,
    kac: bool = False,
    **options: Unpack[ChainOptions],
) -> Battery:
    """XYZ chain with power-law couplings between every pair of spins.

    .. code-block:: text

        H_B = (omega / 2) sum_i sigma_z^i
              + sum_{i<k} (1 / (K d_ik^alpha)) [Jx sigma_x^i sigma_x^k + Jy sigma_y^i sigma_y^k
                                                + Jz sigma_z^i sigma_z^k]
        H   = H_B + h sum_{i in S} sigma_x^i

    with ``alpha = range_exponent``, ``d_ik = |i - k|`` on an open chain and
    ``min(|i - k|, N - |i - k|)`` on a ring (as :func:`qbattery.models.cavity_heisenberg`),
    ``K = 1``, or with ``kac=True`` the Kac normalisation ``K = (1/N) sum_{i != k} d_ik^-alpha``
    (each spin's couplings sum to one on average: ``K = N - 1`` at ``alpha = 0``), which keeps
    the energy extensive. ``alpha = 0`` is the all-to-all (infinite-range) chain of Rahman &
    Muruges, Phys. Scr. 100, 015106 (2024) (review ref. 128); power-law exchange as in Dou, Zhou
    & Sun, PRA 106, 032212 (2022) (review ref. 114), and large ``alpha`` the nearest-neighbour
    :func:`xyz_chain`.

    Parameters
    ----------
    n_spins, omega, field
        As in :func:`qbattery.models.xxz_chain`.
    Jx, Jy, Jz : float
        Exchange couplings at distance 1 (finite reals).
    range_exponent : float
        ``alpha >= 0``.
    kac : bool
        Divide the couplings by the Kac factor ``K``.

    Examples
    --------
    >>> long_range_chain(4, 0.1, 0.1, 0.0, 0.0, kac=True).parameters["kac_factor"]
    3.0
    """
    n = spin_count(n_spins)
    jx, jy, jz = finite_real(Jx, "Jx"), finite_real(Jy, "Jy"), finite_real(Jz, "Jz")
    alpha = non_negative_real(range_exponent, "range_exponent")
    zeeman = zeeman_splitting(omega)
    if not isinstance(kac, bool | np.bool_):
        raise QBatteryTypeError(f"kac: expected True or False, got {kac!r}")
    check_boundary(options["boundary"])
    bonds, distances = all_pairs(n, options["boundary"])
    weights = distances**-alpha
    factor = 2 * float(np.sum(weights)) / n if kac and bonds else 1.0
    weights = weights / factor
    battery_hamiltonian = bond_hamiltonian(
        n, bonds, jx=jx * weights, jy=jy * weights, jz=jz * weights, field_z=zeeman / 2
    )
    parameters = {
        "n_spins": n,
        "Jx": jx,
        "Jy": jy,
        "Jz": jz,
        "range_exponent": alpha,
        "omega": zeeman,
        "kac": bool(kac),
        "kac_factor": factor,
    }
    return direct_charging(
        "long_range_chain",
        battery_hamiltonian,
        field,
        parameters,
        options,
        names="omega, Jx, Jy, Jz, range_exponent",
        hint="e.g. a larger omega",
    )


def _uniform_chain(
    name: str,
    n_spins: Any,
    J: Any,
    omega: Any,
    field: Any,
    options: Mapping[str, Any],
    *,
    axes: str,
    unique_above: float,
) -> Battery:
    """A nearest-neighbour chain with exchange ``J`` along ``axes`` ("x": Ising, "xyz": XXX).

    Its ground state is unique (at least) for ``omega > unique_above |J|``.
    """
    n = spin_count(n_spins)
    exchange = finite_real(J, "J")
    zeeman = zeeman_splitting(omega)
    bonds = chain_bonds(n, options["boundary"])
    couplings = {f"j{axis}": exchange for axis in axes}
    battery_hamiltonian = bond_hamiltonian(n, bonds, **couplings, field_z=zeeman / 2)
    return direct_charging(
        name,
        battery_hamiltonian,
        field,
        {"n_spins": n, "J": exchange, "omega": zeeman},
        options,
        names="omega, J",
        hint=f"e.g. omega > {unique_above:g} |J|",
    )
