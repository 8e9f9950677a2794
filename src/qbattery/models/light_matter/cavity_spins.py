"""Cavity batteries on the full product space: a Heisenberg spin chain and three-level atoms.

Both keep every site as its own subsystem (``dims = [cutoff + 1, d, ..., d]``, the cavity the
charger, ``battery = [1, ..., N]``), because their battery Hamiltonians are not collective: the
chain's exchange couples neighbours, and three-level atoms have no two-level Dicke subspace
(their symmetric subspace is SU(3)'s, not built here). Sites follow
:mod:`qbattery.models.ladders`: site 0 the leftmost Kronecker factor, level 0 the ground state.
"""

from __future__ import annotations

from typing import Unpack

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.arguments import shared_arguments
from qbattery.models.bonds import all_pairs, chain_bonds, check_boundary, xxz_hamiltonian
from qbattery.models.info import catalogued
from qbattery.models.ladders import annihilation, collective_spin_full, number, site_operator
from qbattery.models.light_matter.cavity import (
    charger_setup,
    charger_what,
    effective_coupling,
    identity,
    initial_product,
    kron,
)
from qbattery.models.light_matter.cutoffs import (
    counter_rotating_cutoff,
    photon_truncation,
    resolve_cutoff,
)
from qbattery.models.light_matter.options import ChargerOptions
from qbattery.models.light_matter.states import popcount
from qbattery.models.multilevel.levels import three_level_energies
from qbattery.models.spins import chain_ground_state
from qbattery.validation import finite_real, positive_int, positive_real

__all__ = ["CONFIGURATIONS", "cavity_heisenberg", "three_level_dicke"]

#: Largest chain coupled to the cavity: 2**10 spin states times the cavity dimension.
_MAX_SPINS = 10

#: Largest number of three-level atoms: 3**6 = 729 atom states times the cavity dimension.
_MAX_THREE_LEVEL_ATOMS = 6

#: Three-level configurations and the transitions (lower, upper) the cavity drives.
_TRANSITIONS = {
    "lambda": ((0, 2), (1, 2)),
    "ladder": ((0, 1), (1, 2)),
    "vee": ((0, 1), (0, 2)),
}

#: Valid ``configuration`` values of :func:`three_level_dicke`.
CONFIGURATIONS = tuple(_TRANSITIONS)


@catalogued(
    hamiltonian="H = w_c a^dag a + H_B + w_c lambda sum_i sigma_x^i (a + a^dag)",
    battery_hamiltonian="H_B = (w_a/2) sum_i sigma_z^i + J sum_{i<j} "
    "w_ij (sigma_x^i sigma_x^j + sigma_y^i sigma_y^j "
    "+ delta sigma_z^i sigma_z^j)",
    initial_state="cavity |N> (or coherent/squeezed/thermal), chain in the ground state of H_B",
    reference="Dou, Zhou & Sun, PRA 106, 032212 (2022) (review ref. 114)",
)
@shared_arguments
def cavity_heisenberg(
    n_spins: int,
    coupling: float,
    J: float,
    delta: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    range_exponent: float | None = None,
    boundary: str = "open",
    **options: Unpack[ChargerOptions],
) -> Battery:
    """Cavity-Heisenberg spin-chain battery: an XXZ chain charged by one cavity mode.

    .. code-block:: text

        H_B = (omega_a / 2) sum_i sigma_z^i
              + J sum_{i<j} w_ij (sigma_x^i sigma_x^j + sigma_y^i sigma_y^j
                                  + delta sigma_z^i sigma_z^j)
        H   = omega_c a^dagger a + H_B + omega_c lambda sum_i sigma_x^i (a + a^dagger)

    with ``w_ij = 1`` on nearest-neighbour bonds (``range_exponent=None``, the bonds of
    :func:`qbattery.models.xxz_chain` for ``boundary``) or ``w_ij = d_ij^(-alpha)`` on every pair
    (``alpha = range_exponent``, ``d_ij = |i - j|``, or ``min(|i - j|, N - |i - j|)`` on a ring).
    The cavity-Heisenberg spin-chain battery of Dou, Zhou & Sun, PRA 106, 032212 (2022) (review
    ref. 114: power exponent up to 2), in qbattery's normalisation (the Dicke coupling
    ``2 omega_c lambda J_x (a + a^dagger)``, ``H_B`` in the XXZ form of docs/conventions.md). The
    cavity (the charger) starts in the charger state of mean ``photons`` (default N), the chain
    (the battery) in the ground state of ``H_B``, which must be non-degenerate (as in
    :func:`qbattery.models.xxz_chain`). Default cut-off: the counter-rotating bound with field
    shift ``|lambda| N`` from ``n0 + k0`` quanta (the charger's highest Fock number plus the
    ground state's highest number of excited spins), as for :func:`qbattery.models.dicke`.

    Parameters
    ----------
    n_spins : int
        Number of spins N, 1 <= N <= 10.
    coupling : float
        Dimensionless cavity-spin coupling (see ``coupling_scaling``).
    J : float
        Exchange coupling (finite real).
    delta : float
        Anisotropy of the ``sigma_z sigma_z`` exchange (finite real).
    omega_c : float
        Cavity frequency, > 0.
    omega_a : float
        Zeeman splitting of each spin, > 0.
    range_exponent : float, optional
        ``alpha`` of the long-range exchange ``d_ij^(-alpha)``, > 0; None for nearest neighbours.
    boundary : {"open", "periodic"}
        Chain boundary conditions.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, 2, ..., 2]``, ``battery = [1, ..., N]``.

    Examples
    --------
    >>> cavity_heisenberg(3, 0.1, J=0.1, delta=0.5).dims
    (31, 2, 2, 2)
    """
    n = positive_int(n_spins, "n_spins")
    if n > _MAX_SPINS:
        raise QBatteryValueError(
            f"n_spins: {n} spins with a cavity exceed the {_MAX_SPINS} spins built (2**N spin "
            "states times the cavity dimension); use fewer spins"
        )
    coupling_scaling = options["coupling_scaling"]
    lam = effective_coupling(coupling, n, coupling_scaling)
    exchange, anisotropy = finite_real(J, "J"), finite_real(delta, "delta")
    frequency_c = positive_real(omega_c, "omega_c")
    frequency_a = positive_real(omega_a, "omega_a")
    check_boundary(boundary)
    bonds, weights = _bonds(n, boundary, range_exponent)
    kind, mean, highest = charger_setup(options, default_photons=n)
    battery_hamiltonian = xxz_hamiltonian(n, bonds, frequency_a, exchange, anisotropy, weights)
    spin_state = chain_ground_state(battery_hamiltonian, n)
    excited = popcount(np.flatnonzero(np.abs(spin_state) > 0), n)
    n_max = resolve_cutoff(
        options["cutoff"],
        highest,
        counter_rotating_cutoff(highest + int(np.max(excited, initial=0)), abs(lam) * n),
        what=charger_what(kind, mean),
    )
    a = annihilation(n_max)
    spin_identity = identity(2**n)
    hamiltonian = (
        frequency_c * kron(number(n_max), spin_identity)
        + kron(identity(n_max + 1), battery_hamiltonian)
        + 2 * frequency_c * lam * kron(a + a.getH(), collective_spin_full(n, "x"))
    )
    return Battery(
        hamiltonian,
        battery_hamiltonian,
        initial_product([kind.state(mean, n_max), spin_state], "charger"),
        dims=[n_max + 1] + [2] * n,
        battery=list(range(1, n + 1)),
        truncation=photon_truncation("cutoff", [n_max + 1] + [2] * n, (0,)),
        name="cavity_heisenberg",
        parameters={
            "n_spins": n,
            "coupling": finite_real(coupling, "coupling"),
            "J": exchange,
            "delta": anisotropy,
            "omega_c": frequency_c,
            "omega_a": frequency_a,
            "range_exponent": None if range_exponent is None else float(range_exponent),
            "boundary": boundary,
            "cutoff": n_max,
            "charger": kind.name,
            "photons": mean,
            "coupling_scaling": coupling_scaling,
            "effective_coupling": lam,
        },
    )


def _bonds(
    n: int, boundary: str, range_exponent: float | None
) -> tuple[list[tuple[int, int]], list[float]]:
    """Exchange bonds and their weights (module docstring of :func:`cavity_heisenberg`)."""
    if range_exponent is None:
        bonds = chain_bonds(n, boundary)
        return bonds, [1.0] * len(bonds)
    alpha = positive_real(range_exponent, "range_exponent")
    pairs, distances = all_pairs(n, boundary)
    return pairs, list(distances**-alpha)


@catalogued(
    hamiltonian="H = w_c a^dag a + sum_i (w_1 |1><1| + w_2 |2><2|)_i + "
    "w_c lambda sum_i (|u><l|_i a + h.c.) + w_c lambda_2 "
    "sum_i (|u'><l'|_i a + h.c.)",
    battery_hamiltonian="H_B = sum_i (w_1 |1><1|_i + w_2 |2><2|_i)",
    initial_state="cavity |N> (|2N> for the ladder; or "
    "coherent/squeezed/thermal), atoms in level 0",
    reference="Yang, Yang & Dou, PRB 109, 235432 (2024) (review ref. 38)",
)
@shared_arguments
def three_level_dicke(
    n_atoms: int,
    coupling: float,
    omega_1: float,
    omega_2: float,
    omega_c: float = 1.0,
    *,
    configuration: str = "lambda",
    second_coupling: float | None = None,
    **options: Unpack[ChargerOptions],
) -> Battery:
    """Three-level Dicke battery: N three-level atoms charged by one cavity mode (rotating-wave).

    .. code-block:: text

        H   = omega_c a^dagger a + sum_i (omega_1 |1><1|_i + omega_2 |2><2|_i)
              + omega_c lambda   sum_i (|u><l|_i a + |l><u|_i a^dagger)     (first transition)
              + omega_c lambda_2 sum_i (|u'><l'|_i a + |l'><u'|_i a^dagger) (second transition)
        H_B = sum_i (omega_1 |1><1|_i + omega_2 |2><2|_i)       (levels 0 < omega_1 < omega_2)

    The cavity drives two transitions ``l -> u`` of each atom, by ``configuration``:
    ``"lambda"`` (Λ: ``0 -> 2`` and ``1 -> 2``, the upper level shared), ``"ladder"`` (Ξ:
    ``0 -> 1`` and ``1 -> 2``) or ``"vee"`` (V: ``0 -> 1`` and ``0 -> 2``). After the three-level
    Dicke battery of Yang, Yang & Dou, PRB 109, 235432 (2024) (review ref. 38: compared with Fock
    and squeezed chargers, a coherent charger performs best), in qbattery's normalisation; the
    configuration and both couplings are explicit here. The atoms start in level 0, the cavity in
    the charger state of mean ``photons`` (default N; 2N for the ladder, two photons to reach
    the top). Each excitation-conserving coupling keeps the photon number at or below the
    charger's, so the default cut-off (its highest Fock number) is exact. The atoms are held in
    the full ``3**N`` space, N <= 6.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N, 1 <= N <= 6.
    coupling : float
        Dimensionless coupling ``lambda`` of the first transition (see ``coupling_scaling``).
    omega_1, omega_2 : float
        Energies of levels 1 and 2 above level 0, ``0 < omega_1 < omega_2``.
    omega_c : float
        Cavity frequency, > 0.
    configuration : {"lambda", "ladder", "vee"}
        Which transitions the cavity drives (above).
    second_coupling : float, optional
        ``lambda_2`` of the second transition; default ``coupling``. Scaled like it.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, 3, ..., 3]``, ``battery = [1, ..., N]``.

    Examples
    --------
    >>> three_level_dicke(2, 0.1, 1.0, 2.0, configuration="ladder").dims
    (5, 3, 3)
    """
    n = positive_int(n_atoms, "n_atoms")
    if n > _MAX_THREE_LEVEL_ATOMS:
        raise QBatteryValueError(
            f"n_atoms: {n} three-level atoms need a 3**{n}-dimensional space, beyond the "
            f"{_MAX_THREE_LEVEL_ATOMS} atoms built; use fewer atoms"
        )
    coupling_scaling = options["coupling_scaling"]
    lam = effective_coupling(coupling, n, coupling_scaling)
    second = finite_real(
        coupling if second_coupling is None else second_coupling, "second_coupling"
    )
    lam_2 = effective_coupling(second, n, coupling_scaling)
    level_1, level_2 = three_level_energies(omega_1, omega_2)
    frequency_c = positive_real(omega_c, "omega_c")
    if configuration not in _TRANSITIONS:
        raise QBatteryValueError(
            f"configuration: unknown configuration {configuration!r}; use one of "
            f"{list(CONFIGURATIONS)}"
        )
    default_photons = 2 * n if configuration == "ladder" else n
    kind, mean, highest = charger_setup(options, default_photons=default_photons)
    n_max = resolve_cutoff(options["cutoff"], highest, highest, what=charger_what(kind, mean))

    levels = np.array([0.0, level_1, level_2])
    local_energy = sp.csr_matrix(sp.diags_array(levels), dtype=np.complex128)
    battery_hamiltonian = sum(
        (site_operator(local_energy, i, n) for i in range(n)),
        sp.csr_matrix((3**n, 3**n), dtype=np.complex128),
    )
    a = kron(annihilation(n_max), identity(3**n))
    hamiltonian = frequency_c * kron(number(n_max), identity(3**n)) + kron(
        identity(n_max + 1), battery_hamiltonian
    )
    for (lower, upper), strength in zip(_TRANSITIONS[configuration], (lam, lam_2), strict=True):
        raising = sp.csr_matrix(([1.0], ([upper], [lower])), shape=(3, 3), dtype=np.complex128)
        collective = sum(
            (site_operator(raising, i, n) for i in range(n)),
            sp.csr_matrix((3**n, 3**n), dtype=np.complex128),
        )
        term = kron(identity(n_max + 1), collective) @ a
        hamiltonian = hamiltonian + frequency_c * strength * (term + term.getH())
    atoms_ground = np.zeros(3**n, dtype=np.complex128)
    atoms_ground[0] = 1.0
    return Battery(
        sp.csr_matrix(hamiltonian),
        sp.csr_matrix(battery_hamiltonian),
        initial_product([kind.state(mean, n_max), atoms_ground], "charger"),
        dims=[n_max + 1] + [3] * n,
        battery=list(range(1, n + 1)),
        name="three_level_dicke",
        parameters={
            "n_atoms": n,
            "coupling": finite_real(coupling, "coupling"),
            "omega_1": level_1,
            "omega_2": level_2,
            "omega_c": frequency_c,
            "configuration": configuration,
            "second_coupling": second,
            "cutoff": n_max,
            "charger": kind.name,
            "photons": mean,
            "coupling_scaling": coupling_scaling,
            "effective_coupling": lam,
        },
    )
