"""Multiphoton batteries: two-photon Dicke and Jaynes-Cummings, and the two-mode Jaynes-Cummings.

Layout and options as in :mod:`qbattery.models.light_matter` (charger modes first, the atoms the
battery with ``H_B = omega_a (J_z + N/2)``; charger ``"fock"``, ``"coherent"``, ``"squeezed"`` or
``"thermal"``). The two-photon models absorb photons in pairs, so the atomic splitting is
resonant at ``omega_a = 2 omega_c`` (the default) and the charger holds two photons per atom.

Two-photon cut-off
------------------
With counter-rotating two-photon terms the field is squeezed. For a frozen ``J_x = m`` the mode
``omega_c a^dagger a + 2 omega_c lambda m (a^2 + a^dagger^2)`` is a Bogoliubov oscillator,
bounded below only if ``x = 4 |lambda m| < 1``: with ``|m| <= N/2`` the model has a spectral
collapse at ``|lambda| N = 1/2``, and couplings at or beyond it are refused. Below it the mode
evolves as ``a(t) = u a + v a^dagger`` with ``|v|^2 <= x^2 / (1 - x^2)``, so from ``n0`` photons
the mean stays below ``M = n0 + (2 n0 + 1) x^2 / (1 - x^2)`` (``x = 2 |lambda| N``) and the
photon distribution has a tail ~ ``x^(2m)`` in pairs. The default cut-off is
``ceil(M + 2 ln(1e12) / ln(1/x)) + 10``, checked against cut-offs twice as large (charging
curves equal to 1e-10 for N <= 4, x <= 0.85). A single-photon term widens it as
:func:`qbattery.models.light_matter.cutoffs.counter_rotating_cutoff` does.
"""

from __future__ import annotations

import math
from typing import Unpack

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.arguments import shared_arguments
from qbattery.models.info import catalogued
from qbattery.models.ladders import annihilation, number, pauli
from qbattery.models.light_matter.cavity import (
    CavityAtoms,
    atom_defaults,
    cavity_atoms,
    effective_coupling,
    identity,
    kron,
)
from qbattery.models.light_matter.conserving import check_space, conserving_battery
from qbattery.models.light_matter.cutoffs import check_cutoff_memory, counter_rotating_cutoff
from qbattery.models.light_matter.options import CavityAtomOptions, ConservingCellOptions
from qbattery.validation import finite_real, positive_real

__all__ = ["two_mode_jaynes_cummings", "two_photon_dicke", "two_photon_jaynes_cummings"]

#: ln(1 / tail) for the 1e-12 photon tail of the squeezed field.
_LOG_TAIL = math.log(1e12)


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a^2 + "
    "a^dag^2) + 2 w_c lambda_1 J_x (a + a^dag)",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="cavity |2N> (or coherent/squeezed/thermal, mean 2N), atoms as dicke",
    reference="Crescente et al., PRB 102, 245407 (2020) (review ref. 24); needs |lambda| N < 1/2",
)
@shared_arguments
def two_photon_dicke(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 2.0,
    *,
    single_photon_coupling: float = 0.0,
    **options: Unpack[CavityAtomOptions],
) -> Battery:
    """Two-photon Dicke battery: N atoms charged by pairs of photons of one cavity mode.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + 2 omega_c lambda J_x (a^2 + a^dagger^2)
              + 2 omega_c lambda_1 J_x (a + a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    Crescente et al., PRB 102, 245407 (2020) (review ref. 24: stored energy ~ N, average power
    ~ N^2) solve the Dicke model with both single- and two-photon couplings; this is that model
    in qbattery's normalisation: per atom ``omega_c lambda sigma_x (a^2 + a^dagger^2)`` (so
    ``2 J_x = sum_i sigma_x^i``), the same convention as :func:`qbattery.models.dicke` for the
    single-photon ``lambda_1 = single_photon_coupling`` (0 by default: the pure two-photon
    battery). Both couplings follow ``coupling_scaling``. For one atom and no single-photon term
    this is the two-photon Rabi model, whose rotating-wave form is
    :func:`two_photon_jaynes_cummings` (Delmonte et al., Entropy 23, 612 (2021), review ref. 25).
    The charger starts in ``|2N>`` (two photons per atom), the atoms in ``|g>``; resonance is
    ``omega_a = 2 omega_c``. The spectrum collapses at ``|lambda| N = 1/2`` (module docstring),
    so ``|lambda| N < 1/2`` is required.

    Parameters
    ----------
    n_atoms, omega_c
        As in :func:`qbattery.models.dicke`.
    coupling : float
        Dimensionless two-photon coupling (``lambda``, or ``lambda sqrt(N)``, see
        ``coupling_scaling``), with ``|lambda| N < 1/2``.
    omega_a : float
        Atomic level splitting, > 0; two-photon resonance at ``2 omega_c`` (the default).
    single_photon_coupling : float
        ``lambda_1`` of the additional single-photon Dicke coupling (finite real).

    Returns
    -------
    Battery

    Examples
    --------
    >>> battery = two_photon_dicke(2, 0.05)
    >>> battery.parameters["photons"], battery.dims[1]
    (4.0, 3)
    """
    single = finite_real(single_photon_coupling, "single_photon_coupling")
    setup = cavity_atoms(n_atoms, coupling, omega_c, omega_a, options, photons_per_atom=2)
    return _two_photon("two_photon_dicke", setup, single)


@catalogued(
    hamiltonian="H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda (sigma_+ a^2 + sigma_- a^dag^2)",
    battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
    initial_state="cavity |2> (or coherent/squeezed/thermal, mean 2), atom in |g>",
    reference="Delmonte et al., Entropy 23, 612 (2021) (review ref. 25)",
)
@shared_arguments
def two_photon_jaynes_cummings(
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 2.0,
    **options: Unpack[ConservingCellOptions],
) -> Battery:
    """Two-photon Jaynes-Cummings cell: one atom charged by photon pairs, rotating-wave.

    .. code-block:: text

        H   = omega_c a^dagger a + (omega_a / 2) sigma_z
              + omega_c lambda (sigma_+ a^2 + sigma_- a^dagger^2)
        H_B = omega_a sigma_+ sigma_-

    The two-photon quantum battery of Delmonte et al., Entropy 23, 612 (2021) (review ref. 25:
    Fock chargers perform best), in qbattery's normalisation (``g = omega_c lambda``). The cavity
    starts with two photons on average (``|2>`` by default), the atom in ``|g>``. From ``|2, g>``
    only ``|0, e>`` is reached, with matrix element ``<0, e| sigma_+ a^2 |2, g> = sqrt(2)``: for
    detuning ``Delta = omega_a - 2 omega_c``,
    ``P_e(t) = (8 g^2 / Omega^2) sin^2(Omega t / 2)``, ``Omega = sqrt(Delta^2 + 8 g^2)``; on
    resonance ``P_e = sin^2(sqrt(2) omega_c lambda t)`` (Rabi frequency
    ``2 sqrt(2) omega_c lambda``). The excitation number ``a^dagger a + 2 sigma_+ sigma_-`` is
    conserved, so the default cut-off (2 for the Fock charger) is exact, and by default
    (``space="sector"``) the cell is built in the sectors of that number its initial state
    occupies: from ``|n>|g>`` the one sector ``|n, g>``, ``|n - 2, e>``.

    Parameters
    ----------
    coupling, omega_c
        As in :func:`qbattery.models.rabi`.
    omega_a : float
        Atomic level splitting, > 0; resonance at ``2 omega_c`` (the default).

    Returns
    -------
    Battery
        ``dims = (D,)`` in the sectors (``battery.sector``), or ``dims = [cutoff + 1, 2]``,
        ``battery = [1]`` with ``space="full"``.

    Examples
    --------
    >>> two_photon_jaynes_cummings(0.1).dims
    (2,)
    >>> two_photon_jaynes_cummings(0.1, space="full").dims
    (3, 2)
    """
    setup = cavity_atoms(1, coupling, omega_c, omega_a, atom_defaults(options), photons_per_atom=2)
    # a^dagger a + 2 sigma_+ sigma_- is conserved: photons never exceed n0 + 2 k0.
    n_max = setup.choose_cutoff(
        setup.highest + (setup.highest - setup.charger_highest),
        product_space=check_space(options["space"]) == "full",
    )
    a = annihilation(n_max)
    pair = a @ a
    identity_c, identity_b = identity(n_max + 1), identity(2)
    j_plus = setup.space.spin("+")
    terms = [
        (setup.omega_c, number(n_max), identity_b),
        (setup.omega_a, identity_c, setup.space.spin("z")),
        (setup.omega_c * setup.lam, pair, j_plus),
        (setup.omega_c * setup.lam, pair.getH(), j_plus.getH()),
    ]
    return conserving_battery(
        setup,
        "two_photon_jaynes_cummings",
        terms,
        [(n_max, setup.charger.state(setup.photons, n_max))],
        {"cutoff": n_max},
        charger_charges=np.arange(n_max + 1),
        battery_charges=2 * setup.space.excitations(),
        space=options["space"],
        keep=("coupling", "omega_c", "omega_a", "cutoff", "charger"),
    )


@catalogued(
    hamiltonian="H = w_c a^dag a + w_b b^dag b + (w_a/2) sigma_z + w_c "
    "lambda (sigma_+ a b + sigma_- a^dag b^dag)",
    battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
    initial_state="modes |1>|1> (or coherent/squeezed/thermal), atom in |g>",
    reference="Wang et al., PRA 108, 062402 (2023) (review ref. 26)",
)
@shared_arguments
def two_mode_jaynes_cummings(
    coupling: float,
    omega_c: float = 1.0,
    omega_b: float = 1.0,
    omega_a: float = 2.0,
    *,
    photons: float = 1.0,
    **options: Unpack[ConservingCellOptions],
) -> Battery:
    """Two-mode Jaynes-Cummings cell: one atom excited by absorbing one photon from each mode.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_b b^dagger b + (omega_a / 2) sigma_z
              + omega_c lambda (sigma_+ a b + sigma_- a^dagger b^dagger)
        H_B = omega_a sigma_+ sigma_-

    The two-mode JC battery of Wang et al., PRA 108, 062402 (2023) (review ref. 26: Fock
    chargers perform best), in qbattery's normalisation (``g = omega_c lambda``). Both modes
    start in the charger state of mean ``photons`` (``|1>|1>`` by default), the atom in ``|g>``;
    resonance is ``omega_a = omega_c + omega_b``. The excitation numbers
    ``a^dagger a + sigma_+ sigma_-`` and ``b^dagger b + sigma_+ sigma_-`` are both conserved:
    from ``|n, m, g>`` only ``|n-1, m-1, e>`` is reached, with amplitude ``g sqrt(n m)``, so on
    resonance ``P_e = sin^2(g sqrt(n m) t)``; the default cut-off (the charger's highest Fock
    number, in both modes) is exact. By default (``space="sector"``) the cell is built in the
    sectors of that pair of numbers its initial state occupies (one, of two states, for Fock
    chargers; one per pair of photon numbers for coherent, squeezed or thermal ones).

    Parameters
    ----------
    coupling
        As in :func:`qbattery.models.rabi`.
    omega_c : float
        Frequency of mode ``a``, > 0 (the unit of the coupling).
    omega_b : float
        Frequency of mode ``b``, > 0.
    omega_a : float
        Atomic level splitting, > 0; resonance at ``omega_c + omega_b`` (the default).
    photons : float
        Mean photon number of each mode's charger state (whole for "fock").

    Returns
    -------
    Battery
        ``dims = (D,)`` in the sectors (``battery.sector``); with ``space="full"``
        ``dims = [cutoff + 1, cutoff + 1, 2]`` (mode a, mode b, atom), ``battery = [2]``.

    Examples
    --------
    >>> two_mode_jaynes_cummings(0.1).dims
    (2,)
    >>> two_mode_jaynes_cummings(0.1, space="full").dims
    (2, 2, 2)
    """
    frequency_b = positive_real(omega_b, "omega_b")
    setup = cavity_atoms(
        1,
        coupling,
        omega_c,
        omega_a,
        atom_defaults({**options, "photons": photons}),
        photons_per_atom=0,
    )
    n_max = setup.choose_cutoff(
        setup.charger_highest, product_space=check_space(options["space"]) == "full"
    )
    check_cutoff_memory(
        n_max,
        2,
        2,
        "photons" if options["cutoff"] is None else "cutoff",
        "the two modes and the atom, built before their sectors are taken",
        "use fewer photons",
    )
    mode, mode_identity = annihilation(n_max), identity(n_max + 1)
    modes_identity, pair = identity((n_max + 1) ** 2), kron(mode, mode)  # a b on a (x) b
    terms = [
        (setup.omega_c, kron(number(n_max), mode_identity), identity(2)),
        (frequency_b, kron(mode_identity, number(n_max)), identity(2)),
        (setup.omega_a / 2, modes_identity, pauli("z")),
        (setup.omega_c * setup.lam, pair, pauli("+")),
        (setup.omega_c * setup.lam, pair.getH(), pauli("-")),
    ]
    state = setup.charger.state(setup.photons, n_max)
    fock = np.arange(n_max + 1)
    return conserving_battery(
        setup,
        "two_mode_jaynes_cummings",
        terms,
        [(n_max, state), (n_max, state)],
        {"omega_b": frequency_b, "photons": setup.photons, "cutoff": n_max},
        charger_charges=np.stack(np.meshgrid(fock, fock, indexing="ij"), -1).reshape(-1, 2),
        battery_charges=np.array([[0, 0], [1, 1]]),  # (a^dag a, b^dag b) + sigma_+ sigma_-
        space=options["space"],
        keep=("coupling", "omega_c", "omega_b", "omega_a", "photons", "cutoff", "charger"),
    )


def two_photon_cutoff(highest: int, x: float) -> int:
    """Default cut-off of the counter-rotating two-photon coupling (module docstring)."""
    if x == 0.0:
        return highest
    mean = highest + (2 * highest + 1) * x**2 / (1 - x**2)
    return math.ceil(mean + 2 * _LOG_TAIL / math.log(1 / x)) + 10


def _two_photon(name: str, setup: CavityAtoms, single: float) -> Battery:
    """The two-photon Dicke Hamiltonian (counter-rotating, a single-photon term ``single``)."""
    lam, n = setup.lam, setup.n
    lam_single = effective_coupling(single, n, setup.parameters["coupling_scaling"])
    x = 2 * abs(lam) * n
    if x >= 1:
        raise QBatteryValueError(
            f"coupling: |lambda| N = {abs(lam) * n:.4g} is at or beyond the two-photon "
            "spectral collapse |lambda| N = 1/2, where H is unbounded below and no photon "
            "cut-off converges; use |lambda| N < 1/2"
        )
    default = two_photon_cutoff(setup.highest, x)
    if lam_single != 0:
        default = counter_rotating_cutoff(default, abs(lam_single) * n)
    n_max = setup.choose_cutoff(default)
    a, photon_number = setup.cavity_operators(n_max)
    pair = a @ a
    hamiltonian = setup.omega_c * photon_number + setup.omega_a * setup.spin(n_max, "z")
    j_x = setup.spin(n_max, "x")
    hamiltonian = hamiltonian + 2 * setup.omega_c * lam * (j_x @ (pair + pair.getH()))
    if lam_single != 0:
        hamiltonian = hamiltonian + 2 * setup.omega_c * lam_single * (j_x @ (a + a.getH()))
    extra = {"single_photon_coupling": single}
    return setup.battery(name, sp.csr_matrix(hamiltonian), n_max, extra)
