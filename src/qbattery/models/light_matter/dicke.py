"""The Dicke and Tavis-Cummings batteries: N two-level atoms charged by one cavity mode.

Layout, initial states and photon cut-offs as described in :mod:`qbattery.models.light_matter`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Unpack

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.models.arguments import shared_arguments
from qbattery.models.info import catalogued
from qbattery.models.ladders import annihilation, number
from qbattery.models.light_matter.cavity import CavityAtoms, cavity_atoms, charger_what, identity
from qbattery.models.light_matter.conserving import check_space, conserving_battery
from qbattery.models.light_matter.cutoffs import (
    estimated_cutoff,
    resolve_cutoff,
)
from qbattery.models.light_matter.options import CavityAtomOptions, ConservingOptions
from qbattery.models.light_matter.states import charger
from qbattery.validation import non_negative_real

__all__ = [
    "charger_state",
    "dicke",
    "rotating_wave_battery",
    "single_photon_battery",
    "tavis_cummings",
]


def charger_state(charger_name: str, photons: float, cutoff: int) -> np.ndarray:
    """Initial state of a cavity charger with mean photon number ``photons``.

    Parameters
    ----------
    charger_name : {"fock", "coherent", "squeezed", "thermal"}
        Fock ``|photons>``, coherent ``|sqrt(photons)>``, squeezed vacuum with
        ``sinh^2 r = photons``, or the thermal state of mean ``photons``.
    photons : float
        Mean photon number (a whole number for ``"fock"``).
    cutoff : int
        Highest Fock state kept; at least what the state needs
        (:mod:`qbattery.models.light_matter.states`).

    Returns
    -------
    numpy.ndarray of shape (cutoff + 1,), or (cutoff + 1, cutoff + 1) for ``"thermal"``
        A normalised ket, or a unit-trace density matrix.

    Examples
    --------
    >>> charger_state("fock", 1, 2).real.tolist()
    [0.0, 1.0, 0.0]
    """
    kind = charger(charger_name)
    mean = non_negative_real(photons, "photons")
    resolve_cutoff(cutoff, kind.highest_photon(mean), 0, what=charger_what(kind, mean))
    return kind.state(mean, cutoff)


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + a^dag)",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="cavity |N> (or coherent/squeezed/thermal, mean N), "
    "atoms in |g> (or Dicke/GHZ/spin-coherent)",
    reference="Ferraro et al., PRL 120, 117702 (2018); review eq. 32 (w_a = 2 w_0, g = w_c lambda)",
)
@shared_arguments
def dicke(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    **options: Unpack[CavityAtomOptions],
) -> Battery:
    """Dicke quantum battery: N atoms charged collectively by one cavity mode.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + 2 omega_c lambda J_x (a + a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    with ``J_a = sum_i sigma_a^i / 2`` (Ferraro et al., PRL 120, 117702 (2018);
    docs/conventions.md).
    The review's eq. 32 writes ``omega_0 sum_i sigma_z^i + g sum_i sigma_x^i (a + a^dagger)``;
    as ``sum_i sigma_z^i = 2 J_z`` and ``sum_i sigma_x^i = 2 J_x`` that is this form with
    ``omega_a = 2 omega_0`` and ``2 omega_c lambda = 2 g``, i.e. ``g = omega_c lambda`` (the
    article's slip: its ``omega_0`` is half the level splitting). By default the charger starts
    in the Fock state ``|N>`` and the atoms all in ``|g>`` (review eq. 34). Collective charging
    of N cells from one mode (Binder et al., NJP 17, 075015 (2015)) is compared with N parallel
    :func:`rabi` cells.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N >= 1 (at most 10 with ``basis="full"``).
    coupling : float
        Dimensionless light-matter coupling (``lambda``, or ``lambda sqrt(N)``, see
        ``coupling_scaling``); any finite real number.
    omega_c : float
        Cavity frequency, > 0.
    omega_a : float
        Atomic level splitting, > 0.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, N + 1]`` (cavity, atoms) and ``battery = [1]`` with the full-space
        spectrum of ``H_B`` attached; or ``dims = [cutoff + 1, 2, ..., 2]`` and
        ``battery = [1, ..., N]`` in the full basis. Sparse CSR operators.

    Examples
    --------
    >>> battery = dicke(4, 0.2)
    >>> battery.dims[1], battery.parameters["effective_coupling"]
    (5, 0.2)
    >>> dicke(2, 0.1, basis="full", cutoff=4).dims
    (5, 2, 2)
    """
    setup = cavity_atoms(n_atoms, coupling, omega_c, omega_a, options, photons_per_atom=1)
    return single_photon_battery("dicke", setup)


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda (J_+ a + J_- a^dag)",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="cavity |N> (or coherent/squeezed/thermal, mean N), "
    "atoms in |g> (or Dicke/GHZ/spin-coherent)",
    reference="review eq. 33 (w_a = 2 w_0, g = w_c lambda); Ferraro et al., PRL 120, 117702 (2018)",
)
@shared_arguments
def tavis_cummings(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    **options: Unpack[ConservingOptions],
) -> Battery:
    """Tavis-Cummings quantum battery: the Dicke battery in the rotating-wave approximation.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + omega_c lambda (J_+ a + J_- a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    (docs/conventions.md). The review's eq. 33 writes ``omega_0 sum_i sigma_+^i sigma_-^i`` and
    ``g sum_i (sigma_+^i a + sigma_-^i a^dagger)``; as ``sum_i sigma_+-^i = J_+-`` that is this
    form with ``g = omega_c lambda`` (and the atomic term differs from ``omega_a J_z`` by a
    constant). Dropping the counter-rotating terms of :func:`dicke` conserves the excitation
    number ``a^dagger a + J_z + N/2``, so from ``|N>|g...g>`` the photon number never exceeds N
    and the default cut-off N is exact. Same parameters and states as :func:`dicke`.

    By default (``space="sector"``) the battery is built in the excitation sectors of its
    initial state and never on the product space: from ``|n>`` and atoms with k0 excitations
    the one sector ``|n + k0 - k>|k>``, ``min(n + k0, N) + 1`` states (N = 10,000 atoms from
    ``|N>``: 10,001 states, not 10^8); coherent, squeezed or thermal chargers and superposed
    atoms occupy several sectors, charged block by block
    (:mod:`qbattery.models.light_matter.conserving`). ``space="full"`` builds the layout of
    :func:`dicke` instead; both give the same charging curves.

    Parameters
    ----------
    n_atoms, coupling, omega_c, omega_a
        As in :func:`dicke`.

    Returns
    -------
    Battery
        ``dims = (D,)`` with the sector states ``|r_i>|b_i>`` described by ``battery.sector``,
        ``H_B = omega_a diag(0..N)`` and its full-space spectrum (``space="sector"``); or the
        product space of :func:`dicke` (``space="full"``). ``parameters["space"]`` says which.

    Examples
    --------
    >>> tavis_cummings(3, 0.1).dims                       # |3>|ggg>: one sector, 4 states
    (4,)
    >>> tavis_cummings(3, 0.1, space="full").dims
    (4, 4)
    >>> len(tavis_cummings(3, 0.1, charger="coherent", photons=0.5).sector.blocks)
    12
    """
    setup = cavity_atoms(n_atoms, coupling, omega_c, omega_a, options, photons_per_atom=1)
    return rotating_wave_battery("tavis_cummings", setup, options["space"])


def single_photon_battery(
    name: str,
    setup: CavityAtoms,
    *,
    keep: tuple[str, ...] | None = None,
) -> Battery:
    """The Dicke Hamiltonian on a validated setup, on the product space.

    The caller's cut-off is kept as given; an unset one starts at :func:`estimated_cutoff` and
    is verified (and enlarged if needed) by :func:`qbattery.charge`.

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
    >>> from qbattery.models.light_matter.dicke import single_photon_battery
    >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({"cutoff": 6}), photons_per_atom=1)
    >>> single_photon_battery("dicke", setup).dims
    (7, 3)
    """
    if setup.cutoff is not None:
        return _dicke_battery(name, setup, setup.choose_cutoff(0), keep, None)
    first = setup.choose_cutoff(estimated_cutoff(setup.highest, abs(setup.lam) * setup.n))

    def rebuild(cutoff: int) -> Battery:
        return _dicke_battery(name, setup, cutoff, keep, rebuild)

    return rebuild(first)


def _dicke_battery(
    name: str,
    setup: CavityAtoms,
    n_max: int,
    keep: tuple[str, ...] | None,
    rebuild: Callable[[int], Battery] | None,
) -> Battery:
    a, photon_number = setup.cavity_operators(n_max)
    hamiltonian = setup.omega_c * photon_number + setup.omega_a * setup.spin(n_max, "z")
    coupling_term = setup.spin(n_max, "x") @ (a + a.getH())
    hamiltonian = hamiltonian + 2 * setup.omega_c * setup.lam * coupling_term
    return setup.battery(name, hamiltonian, n_max, {}, keep=keep, rebuild=rebuild)


def rotating_wave_battery(
    name: str,
    setup: CavityAtoms,
    space: str,
    *,
    lowering: Callable[[int], sp.csr_matrix] = annihilation,
    keep: tuple[str, ...] | None = None,
) -> Battery:
    """``omega_c a^dagger a + omega_a J_z + omega_c lambda (J_+ L + J_- L^dagger)`` on a
    validated setup, ``L = lowering(cutoff)`` (``a`` for Tavis-Cummings), which conserves
    ``a^dagger a + J_z + N/2``; in its sectors or on the product space (``space``).

    The default cut-off ``n0 + k0`` is exact: no Fock state above the initial excitation number
    is ever reached.

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
    >>> from qbattery.models.light_matter.dicke import rotating_wave_battery
    >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
    >>> battery = rotating_wave_battery("tc", setup, "full")
    >>> battery.dims, battery.parameters["cutoff"]
    ((3, 3), 2)
    """
    n_max = setup.choose_cutoff(setup.highest, product_space=check_space(space) == "full")
    identity_c, identity_b = identity(n_max + 1), identity(setup.space.dimension)
    lower = lowering(n_max)
    j_plus = setup.space.spin("+")
    terms = [
        (setup.omega_c, number(n_max), identity_b),
        (setup.omega_a, identity_c, setup.space.spin("z")),
        (setup.omega_c * setup.lam, lower, j_plus),
        (setup.omega_c * setup.lam, lower.getH(), j_plus.getH()),
    ]
    return conserving_battery(
        setup,
        name,
        terms,
        [(n_max, setup.charger.state(setup.photons, n_max))],
        {"cutoff": n_max},
        charger_charges=np.arange(n_max + 1),
        battery_charges=setup.space.excitations(),
        space=space,
        keep=keep,
    )
