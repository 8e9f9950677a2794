"""Variants of the Dicke battery: anisotropic, interacting and driven, dipole-coupled, nonlinear.

Every model here is one cavity mode charging N two-level atoms, built on the same layout,
states and options as :func:`qbattery.models.dicke` (see :mod:`qbattery.models.light_matter`):
``dims = [cutoff + 1, N + 1]`` in the symmetric basis or ``[cutoff + 1, 2, ..., 2]`` in the full
one, the atoms the battery with ``H_B = omega_a (J_z + N/2)``, the charger in a Fock, coherent,
squeezed or thermal state of mean ``photons`` (default N), the atoms in ``battery_state``, and
``lambda = coupling`` or ``coupling / sqrt(N)`` (``coupling_scaling``). Extra terms (atom-atom
interactions, drives) act during charging; stored energy is measured with the bare ``H_B``
(docs/conventions.md). ``sum_i sigma_a^i = 2 J_a``, so the review's per-atom couplings ``g`` map to
``g = omega_c lambda`` as for eq. 32.

Default cut-offs: exact (``n0 + k0``: charger's highest Fock number plus the atoms' highest
excitation) for the excitation-conserving models, else the bound of
:func:`qbattery.models.light_matter.cutoffs.counter_rotating_cutoff` with the largest field shift of
the model.
"""

from __future__ import annotations

from typing import Unpack

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.arguments import shared_arguments
from qbattery.models.info import catalogued
from qbattery.models.ladders import annihilation
from qbattery.models.light_matter.cavity import cavity_atoms
from qbattery.models.light_matter.cutoffs import counter_rotating_cutoff
from qbattery.models.light_matter.dicke import rotating_wave_battery
from qbattery.models.light_matter.options import CavityAtomOptions, ConservingOptions
from qbattery.validation import finite_real

__all__ = [
    "INTERACTION_AXES",
    "anisotropic_dicke",
    "dipole_dicke",
    "intensity_dependent_tavis_cummings",
    "interacting_dicke",
]

#: Valid ``interaction_axis`` values of :func:`interacting_dicke`.
INTERACTION_AXES = ("z", "x")


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda [(J_+ a + J_- "
    "a^dag) + gamma (J_+ a^dag + J_- a)]",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="as dicke",
    reference="Wang et al., PRA 110, 042419 (2024) (review ref. 12); "
    "gamma = 0 is tavis_cummings, gamma = 1 is dicke",
)
@shared_arguments
def anisotropic_dicke(
    n_atoms: int,
    coupling: float,
    anisotropy: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    **options: Unpack[CavityAtomOptions],
) -> Battery:
    """Anisotropic Dicke battery: rotating and counter-rotating couplings with separate weights.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z
              + omega_c lambda [(J_+ a + J_- a^dagger) + gamma (J_+ a^dagger + J_- a)]
        H_B = omega_a (J_z + N/2)            (on the atoms)

    ``gamma = anisotropy`` weighs the counter-rotating terms: ``gamma = 0`` is
    :func:`qbattery.models.tavis_cummings` and ``gamma = 1`` is :func:`qbattery.models.dicke`
    (``J_+ + J_- = 2 J_x``). After Wang et al., PRA 110, 042419 (2024) (review ref. 12, sec. 3.2:
    the larger the counter-rotating weight, the larger the average power), in qbattery's
    normalisation (per-atom rotating coupling ``g = omega_c lambda``, counter-rotating
    ``gamma g``). Default cut-off: exact ``n0 + k0`` for ``gamma = 0``, else the counter-rotating
    bound with field shift ``|lambda| N (1 + |gamma|) / 2``.

    Parameters
    ----------
    n_atoms, coupling, omega_c, omega_a
        As in :func:`qbattery.models.dicke`.
    anisotropy : float
        ``gamma``, the weight of the counter-rotating terms (finite real; 0 = Tavis-Cummings,
        1 = Dicke).

    Returns
    -------
    Battery

    Examples
    --------
    >>> anisotropic_dicke(2, 0.1, 0.5).parameters["anisotropy"]
    0.5
    """
    gamma = finite_real(anisotropy, "anisotropy")
    setup = cavity_atoms(n_atoms, coupling, omega_c, omega_a, options, photons_per_atom=1)
    shift = abs(setup.lam) * setup.n * (1 + abs(gamma)) / 2
    default = setup.highest if gamma == 0 else counter_rotating_cutoff(setup.highest, shift)
    n_max = setup.choose_cutoff(default)
    a, photon_number = setup.cavity_operators(n_max)
    j_plus = setup.spin(n_max, "+")
    rotating = j_plus @ a + (j_plus @ a).getH()
    counter = j_plus @ a.getH() + (j_plus @ a.getH()).getH()
    hamiltonian = (
        setup.omega_c * photon_number
        + setup.omega_a * setup.spin(n_max, "z")
        + setup.omega_c * setup.lam * (rotating + gamma * counter)
    )
    return setup.battery(
        "anisotropic_dicke", hamiltonian, n_max, {"anisotropy": gamma}, exact=gamma == 0
    )


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + "
    "a^dag) + (U/N) J_alpha^2 + F_a sum_i sigma_x^i + F_c (a "
    "+ a^dag)",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="as dicke",
    reference="Dou et al., PRB 105, 115405 (2022) (review ref. 50)",
)
@shared_arguments
def interacting_dicke(
    n_atoms: int,
    coupling: float,
    interaction: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    interaction_axis: str = "z",
    atom_drive: float = 0.0,
    cavity_drive: float = 0.0,
    **options: Unpack[CavityAtomOptions],
) -> Battery:
    """Dicke battery with a collective atom-atom interaction and classical drives.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + 2 omega_c lambda J_x (a + a^dagger)
              + (U / N) J_alpha^2 + F_a sum_i sigma_x^i + F_c (a + a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    with ``U = interaction``, ``alpha = interaction_axis`` (``z``: the Lipkin-type
    ``J_z^2``; ``x``: ``J_x^2``, the one-axis twisting form), ``F_a = atom_drive`` (so the atoms
    feel ``2 F_a J_x``) and ``F_c = cavity_drive``, static drives as in the review's sec. 3.2
    account of Dou et al., PRB 105, 115405 (2022) (review ref. 50: interactions raise the power
    scaling exponent to 1.88 in ultrastrong coupling), in qbattery's normalisation; the ``1/N``
    keeps the interaction energy extensive. The interaction and drives act during charging only
    (``H_B`` is bare). ``U = F_a = F_c = 0`` is :func:`qbattery.models.dicke`. Default cut-off:
    the counter-rotating bound with field shift ``|lambda| N + |F_c| / omega_c``.

    Parameters
    ----------
    n_atoms, coupling, omega_c, omega_a
        As in :func:`qbattery.models.dicke`.
    interaction : float
        ``U`` (finite real; energy units; > 0 repulsive for ``alpha = z``).
    interaction_axis : {"z", "x"}
        Axis ``alpha`` of the collective interaction ``(U / N) J_alpha^2``.
    atom_drive : float
        ``F_a``, amplitude of the classical field on every atom (energy units).
    cavity_drive : float
        ``F_c``, amplitude of the classical field on the cavity (energy units).

    Returns
    -------
    Battery

    Examples
    --------
    >>> interacting_dicke(3, 0.1, 0.5).parameters["interaction_axis"]
    'z'
    """
    strength = finite_real(interaction, "interaction")
    if interaction_axis not in INTERACTION_AXES:
        raise QBatteryValueError(
            f"interaction_axis: unknown axis {interaction_axis!r}; use one of "
            f"{list(INTERACTION_AXES)}"
        )
    drive_a = finite_real(atom_drive, "atom_drive")
    drive_c = finite_real(cavity_drive, "cavity_drive")
    setup = cavity_atoms(n_atoms, coupling, omega_c, omega_a, options, photons_per_atom=1)
    shift = abs(setup.lam) * setup.n + abs(drive_c) / setup.omega_c
    n_max = setup.choose_cutoff(counter_rotating_cutoff(setup.highest, shift))
    a, photon_number = setup.cavity_operators(n_max)
    j_x = setup.spin(n_max, "x")
    j_axis = setup.spin(n_max, interaction_axis)
    hamiltonian = (
        setup.omega_c * photon_number
        + setup.omega_a * setup.spin(n_max, "z")
        + 2 * setup.omega_c * setup.lam * (j_x @ (a + a.getH()))
        + (strength / setup.n) * (j_axis @ j_axis)
        + 2 * drive_a * j_x
        + drive_c * (a + a.getH())
    )
    extra = {
        "interaction": strength,
        "interaction_axis": interaction_axis,
        "atom_drive": drive_a,
        "cavity_drive": drive_c,
    }
    return setup.battery("interacting_dicke", hamiltonian, n_max, extra)


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + "
    "a^dag) + Omega sum_{i<j} (sigma_+^i sigma_-^j + h.c.) + "
    "F sum_i sigma_x^i",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="as dicke",
    reference="Zhang et al., PRE 107, 054125 (2023) (review ref. 116)",
)
@shared_arguments
def dipole_dicke(
    n_atoms: int,
    coupling: float,
    dipole_coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    drive: float = 0.0,
    **options: Unpack[CavityAtomOptions],
) -> Battery:
    """Extended Dicke battery with all-to-all dipole-dipole exchange and a drive on the atoms.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + 2 omega_c lambda J_x (a + a^dagger)
              + Omega sum_{i<j} (sigma_+^i sigma_-^j + sigma_-^i sigma_+^j)
              + F sum_i sigma_x^i
        H_B = omega_a (J_z + N/2)            (on the atoms)

    with ``Omega = dipole_coupling`` and ``F = drive`` (energy units). The pair sum is
    collective: ``sum_{i != j} sigma_+^i sigma_-^j = J_+ J_- - (J_z + N/2)``, so the model stays in
    the symmetric subspace. After Zhang et al., PRE 107, 054125 (2023) (review ref. 116: faster,
    steadier charging than the plain Dicke battery at weak coupling; power ~ N^1.6), in
    qbattery's normalisation. ``Omega = F = 0`` is :func:`qbattery.models.dicke`. Default
    cut-off: the counter-rotating bound with field shift ``|lambda| N``.

    Parameters
    ----------
    n_atoms, coupling, omega_c, omega_a
        As in :func:`qbattery.models.dicke`.
    dipole_coupling : float
        ``Omega``, the flip-flop exchange between every pair of atoms (finite real).
    drive : float
        ``F``, amplitude of the classical field on every atom (finite real).

    Returns
    -------
    Battery

    Examples
    --------
    >>> dipole_dicke(2, 0.1, 0.2).parameters["dipole_coupling"]
    0.2
    """
    exchange = finite_real(dipole_coupling, "dipole_coupling")
    field = finite_real(drive, "drive")
    setup = cavity_atoms(n_atoms, coupling, omega_c, omega_a, options, photons_per_atom=1)
    n_max = setup.choose_cutoff(counter_rotating_cutoff(setup.highest, abs(setup.lam) * setup.n))
    a, photon_number = setup.cavity_operators(n_max)
    j_x, j_z = setup.spin(n_max, "x"), setup.spin(n_max, "z")
    j_plus = setup.spin(n_max, "+")
    excited = j_z + (setup.n / 2) * sp.identity(j_z.shape[0], format="csr")
    pairs = j_plus @ j_plus.getH() - excited  # sum_{i != j} sigma_+^i sigma_-^j
    hamiltonian = (
        setup.omega_c * photon_number
        + setup.omega_a * j_z
        + 2 * setup.omega_c * setup.lam * (j_x @ (a + a.getH()))
        + exchange * pairs
        + 2 * field * j_x
    )
    extra = {"dipole_coupling": exchange, "drive": field}
    return setup.battery("dipole_dicke", hamiltonian, n_max, extra)


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda (J_+ a "
    "sqrt(a^dag a) + sqrt(a^dag a) a^dag J_-)",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="as dicke",
    reference="Buck & Sukumar, Phys. Lett. A 81, 132 (1981); "
    "Bhattacharyya et al., arXiv:2410.00618 (review ref. 119)",
)
@shared_arguments
def intensity_dependent_tavis_cummings(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    **options: Unpack[ConservingOptions],
) -> Battery:
    """Tavis-Cummings battery with intensity-dependent (Buck-Sukumar) coupling.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z
              + omega_c lambda (J_+ a sqrt(a^dagger a) + sqrt(a^dagger a) a^dagger J_-)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    The coupling ``f(n) = sqrt(n)`` multiplies the field operator, so the transition
    ``|n, g> <-> |n - 1, e>`` of one atom has amplitude ``omega_c lambda n`` (not ``sqrt(n)``):
    on resonance ``P_e(t) = sin^2(omega_c lambda n t)``, periodic for every field state (Buck &
    Sukumar, Phys. Lett. A 81, 132 (1981); Bužek, PRA 39, 3196 (1989)). A nonlinear
    battery-cavity coupling of this kind is one of the two nonlinearities of Bhattacharyya et al.,
    arXiv:2410.00618 (review ref. 119). Rotating-wave: the excitation number
    ``a^dagger a + J_z + N/2`` is conserved and the default cut-off ``n0 + k0`` is exact. By
    default (``space="sector"``) the battery is built in the sectors of that number its initial
    state occupies, as :func:`qbattery.models.tavis_cummings` is.

    Parameters
    ----------
    n_atoms, coupling, omega_c, omega_a
        As in :func:`qbattery.models.dicke`.

    Returns
    -------
    Battery
        In the sectors (``dims = (D,)``, ``battery.sector``) or, with ``space="full"``, on
        the product space of :func:`qbattery.models.dicke`.

    Examples
    --------
    >>> battery = intensity_dependent_tavis_cummings(2, 0.1)
    >>> battery.parameters["cutoff"], battery.dims
    (2, (3,))
    """
    setup = cavity_atoms(n_atoms, coupling, omega_c, omega_a, options, photons_per_atom=1)
    return rotating_wave_battery(
        "intensity_dependent_tavis_cummings", setup, options["space"], lowering=_scaled_lowering
    )


def _scaled_lowering(cutoff: int) -> sp.csr_matrix:
    """``a sqrt(a^dagger a)``: ``|n> -> n |n - 1>``."""
    root = sp.diags_array(np.sqrt(np.arange(cutoff + 1.0)))
    return sp.csr_matrix(annihilation(cutoff) @ root, dtype=np.complex128)
