"""Batteries charged through two bosonic modes: the dual-cavity and the optomechanical battery.

The charger mode comes first, the intermediate mode second, the N two-level atoms (the battery,
``H_B = omega_a (J_z + N/2)``) last, in the symmetric or the full basis as in
:mod:`qbattery.models.light_matter`; battery states, charger states and ``coupling_scaling``
as there. Only the charger mode starts excited; the intermediate mode starts in its vacuum.
"""

from __future__ import annotations

import math
from typing import Any, Unpack

import numpy as np

from qbattery.battery import Battery
from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.models.arguments import shared_arguments
from qbattery.models.info import catalogued
from qbattery.models.ladders import annihilation, fock_state, number
from qbattery.models.light_matter.cavity import cavity_atoms, charger_what, identity, kron
from qbattery.models.light_matter.cutoffs import (
    check_modes_memory,
    counter_rotating_cutoff,
    resolve_cutoff,
)
from qbattery.models.light_matter.options import AtomOptions, CavityAtomOptions
from qbattery.validation import finite_real, non_negative_int, non_negative_real, positive_real

__all__ = ["dual_cavity", "optomechanical"]


@catalogued(
    hamiltonian="H = w_c (a^dag a + b^dag b) + w_c kappa (a^dag b + "
    "b^dag a) + w_a J_z + w_c lambda (J_+ b + J_- b^dag)",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="cavity a |N> (or coherent/squeezed/thermal), cavity b |0>, atoms as dicke",
    reference="Zhang et al., PRA 112, 022615 (2025) (review ref. 118)",
)
@shared_arguments
def dual_cavity(
    n_atoms: int,
    coupling: float,
    hopping: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    rotating_wave: bool = True,
    **options: Unpack[CavityAtomOptions],
) -> Battery:
    """Dual-cavity battery: a charger cavity feeds, by photon hopping, the cavity of the atoms.

    .. code-block:: text

        H   = omega_c (a^dagger a + b^dagger b) + omega_c kappa (a^dagger b + b^dagger a)
              + omega_a J_z + omega_c lambda (J_+ b + J_- b^dagger)          (rotating_wave)
        H   = ... + 2 omega_c lambda J_x (b + b^dagger)                   (rotating_wave=False)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    Cavity ``a`` (the charger) holds the photons, mean ``photons`` (default N); cavity ``b``
    starts empty and is coupled to the atoms. After the dual-cavity battery of Zhang et al.,
    PRA 112, 022615 (2025) (review ref. 118: the power can be tuned from ~N^2 to ~N^3 through the
    number of atoms), in qbattery's normalisation with identical cavities and a dimensionless
    hopping ``kappa``. With the rotating-wave coupling ``a^dagger a + b^dagger b + J_z + N/2`` is
    conserved, so the default cut-off ``n0 + k0`` (both cavities) is exact; otherwise it is the
    counter-rotating bound with field shift ``|lambda| N``. For one atom and one photon on
    resonance the excitation hops along ``a -> b -> atom`` with rates ``K = omega_c kappa`` and
    ``G = omega_c lambda``: ``P_e(t) = (K G / W^2)^2 (1 - cos W t)^2``, ``W = sqrt(K^2 + G^2)``.

    Parameters
    ----------
    n_atoms, coupling, omega_a
        As in :func:`qbattery.models.dicke`.
    omega_c : float
        Frequency of both cavities, > 0.
    hopping : float
        ``kappa``, the photon hopping between the cavities in units of ``omega_c`` (finite real).
    rotating_wave : bool
        Tavis-Cummings (True) or Dicke (False) coupling between cavity ``b`` and the atoms.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, cutoff + 1, *atoms]`` (cavity a, cavity b, atoms).

    Examples
    --------
    >>> dual_cavity(2, 0.1, 0.3).dims
    (3, 3, 3)
    """
    kappa = finite_real(hopping, "hopping")
    if not isinstance(rotating_wave, bool):
        raise QBatteryTypeError(f"rotating_wave: expected True or False, got {rotating_wave!r}")
    setup = cavity_atoms(n_atoms, coupling, omega_c, omega_a, options, photons_per_atom=1)
    default = (
        setup.highest
        if rotating_wave
        else counter_rotating_cutoff(setup.highest, abs(setup.lam) * setup.n)
    )
    n_max = setup.choose_cutoff(default)
    check_modes_memory(setup, [n_max, n_max], "cavity a x cavity b")
    mode, mode_identity = annihilation(n_max), identity(n_max + 1)
    atom_identity = identity(setup.space.dimension)
    a = kron(mode, mode_identity, atom_identity)
    b = kron(mode_identity, mode, atom_identity)

    def spin(component: str) -> Any:
        return kron(mode_identity, mode_identity, setup.space.spin(component))

    hamiltonian = (
        setup.omega_c * (a.getH() @ a + b.getH() @ b)
        + setup.omega_c * kappa * (a.getH() @ b + b.getH() @ a)
        + setup.omega_a * spin("z")
    )
    if rotating_wave:
        j_plus = spin("+")
        hamiltonian = hamiltonian + setup.omega_c * setup.lam * (j_plus @ b + (j_plus @ b).getH())
    else:
        hamiltonian = hamiltonian + 2 * setup.omega_c * setup.lam * (spin("x") @ (b + b.getH()))
    modes = [(n_max, setup.charger.state(setup.photons, n_max)), (n_max, fock_state(0, n_max))]
    extra = {"hopping": kappa, "rotating_wave": rotating_wave, "cutoff": n_max}
    truncated = None if rotating_wave else ("cutoff", (0, 1))
    return setup.battery_on_modes("dual_cavity", hamiltonian, modes, extra, truncated=truncated)


@catalogued(
    hamiltonian="H = w_m b^dag b + w_c a^dag a + w_a J_z - w_m g a^dag a "
    "(b + b^dag) + 2 w_c lambda J_x (a + a^dag)",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
    initial_state="mechanical |1> (or coherent/squeezed/thermal), cavity |0>, atoms as dicke",
    reference="Wang et al., PRA 110, 062204 (2024) (review ref. 45); "
    "Shokri et al., PRE 111, 064117 (2025) (review ref. 46)",
)
@shared_arguments
def optomechanical(
    n_atoms: int,
    coupling: float,
    optomechanical_coupling: float,
    omega_m: float = 1.0,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    phonons: float = 1.0,
    mechanical_cutoff: int | None = None,
    cutoff: int | None = None,
    charger: str = "fock",
    coupling_scaling: str = "fixed",
    **options: Unpack[AtomOptions],
) -> Battery:
    """Optomechanical battery: a mechanical oscillator charges atoms through a cavity.

    .. code-block:: text

        H   = omega_m b^dagger b + omega_c a^dagger a + omega_a J_z
              - omega_m g a^dagger a (b + b^dagger) + 2 omega_c lambda J_x (a + a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    The mechanical mode ``b`` is the charger (mean ``phonons``, ``|1>`` by default; the "vacuum
    or first excited state" of Shokri et al., PRE 111, 064117 (2025), review ref. 46), the
    cavity ``a`` starts in its vacuum and the atoms (the battery) in ``|g>``. The radiation
    pressure ``g = optomechanical_coupling`` conserves the photon number, so the atoms are only
    charged through the counter-rotating terms of their Rabi coupling to the cavity, as in the
    closed-system scheme of Wang et al., PRA 110, 062204 (2024) (review ref. 45), here in
    qbattery's normalisation with N atoms (``N = 2`` is the two-atom battery of Shokri et al.).

    Default cut-offs (heuristic; checked for N <= 2, lambda and g in {0.05, 0.2, 0.5} wherever
    the model has under ~16000 states: the top two levels of each mode stay below 1e-10 over
    ``t <= 40 / omega_c``). With ``n_q = ceil(n_m omega_m /
    omega_c) + k0`` quanta (the mechanical energy in photons, plus the atoms' excitations) the
    field amplitude of the Dicke argument is ``A = sqrt(n_q) + 2 |lambda| N`` at fixed ``b``.
    The mechanical mode, displaced by ``g a^dagger a`` (``b - g a^dagger a`` is free), gets the
    counter-rotating bound from its ``n_m`` phonons with shift ``|g| (A + 2)^2``; the
    displacement lowers the cavity frequency, so the cavity gets the bound from ``n_q`` quanta
    with shift ``|lambda| N [1 + 2 |g| (omega_m / omega_c) (A + 2)^2]``. Both grow fast with
    ``lambda g``. The mechanical cut-off is the truncation :func:`qbattery.charge` checks (a
    Battery declares one); compare with a larger ``cutoff`` when in doubt.

    Parameters
    ----------
    n_atoms, coupling
        As in :func:`qbattery.models.dicke`.
    optomechanical_coupling : float
        ``g``, the radiation-pressure coupling in units of ``omega_m`` (finite real).
    omega_m : float
        Mechanical frequency, > 0.
    omega_c : float
        Cavity frequency, > 0.
    omega_a : float
        Atomic level splitting, > 0.
    phonons : float
        The mechanical charger's mean phonon number (whole for "fock").
    mechanical_cutoff : int, optional
        Highest phonon Fock state kept; default as above.
    cutoff : int, optional
        Highest photon Fock state kept; default as above.
    charger : {"fock", "coherent", "squeezed", "thermal"}
        The mechanical mode's initial state, of mean ``phonons``.
    coupling_scaling : {"fixed", "inverse_sqrt"}
        As in :func:`qbattery.models.dicke`.

    Returns
    -------
    Battery
        ``dims = [mechanical_cutoff + 1, cutoff + 1, *atoms]``.

    Examples
    --------
    >>> battery = optomechanical(1, 0.1, 0.1)
    >>> battery.battery, battery.parameters["phonons"]
    ((2,), 1.0)
    """
    g = finite_real(optomechanical_coupling, "optomechanical_coupling")
    frequency_m = positive_real(omega_m, "omega_m")
    photons = non_negative_real(phonons, "phonons")
    if charger == "fock" and not photons.is_integer():
        raise QBatteryValueError(
            f"phonons: a Fock charger needs a whole number of phonons, got {phonons!r}; use "
            "charger='coherent', 'squeezed' or 'thermal' for a non-integer mean"
        )
    cavity = {"cutoff": cutoff, "charger": charger, "photons": photons}
    setup = cavity_atoms(
        n_atoms,
        coupling,
        omega_c,
        omega_a,
        {**cavity, "coupling_scaling": coupling_scaling, **options},
        photons_per_atom=0,
    )
    excitation = setup.highest - setup.charger_highest
    quanta = math.ceil(setup.photons * frequency_m / setup.omega_c) + excitation
    field = math.sqrt(quanta) + 2 * abs(setup.lam) * setup.n  # |<a>| bound, fixed b
    displacement = abs(g) * (field + 2) ** 2  # empirical scale of b's shift g a^dagger a
    pull = 1 + 2 * abs(g) * frequency_m / setup.omega_c * (field + 2) ** 2  # softened cavity
    n_c = counter_rotating_cutoff(quanta, abs(setup.lam) * setup.n * pull)
    if cutoff is not None:
        n_c = non_negative_int(cutoff, "cutoff")
    n_m = resolve_cutoff(
        mechanical_cutoff,
        setup.charger_highest,
        counter_rotating_cutoff(setup.charger_highest, displacement),
        what=charger_what(setup.charger, setup.photons).replace("photon", "phonon"),
        name="mechanical_cutoff",
    )
    check_modes_memory(setup, [n_m, n_c], "phonon x photon")
    phonon_mode, phonon_identity = annihilation(n_m), identity(n_m + 1)
    cavity_identity, atom_identity = identity(n_c + 1), identity(setup.space.dimension)
    b = kron(phonon_mode, cavity_identity, atom_identity)
    a = kron(phonon_identity, annihilation(n_c), atom_identity)
    photon_number = kron(phonon_identity, number(n_c), atom_identity)

    def spin(component: str) -> Any:
        return kron(phonon_identity, cavity_identity, setup.space.spin(component))

    hamiltonian = (
        frequency_m * kron(number(n_m), cavity_identity, atom_identity)
        + setup.omega_c * photon_number
        + setup.omega_a * spin("z")
        - frequency_m * g * (photon_number @ (b + b.getH()))
        + 2 * setup.omega_c * setup.lam * (spin("x") @ (a + a.getH()))
    )
    modes = [
        (n_m, setup.charger.state(setup.photons, n_m)),
        (n_c, fock_state(0, n_c).astype(np.complex128)),
    ]
    extra = {
        "optomechanical_coupling": g,
        "omega_m": frequency_m,
        "phonons": setup.photons,
        "mechanical_cutoff": n_m,
        "cutoff": n_c,
    }
    return setup.battery_on_modes(
        "optomechanical",
        hamiltonian,
        modes,
        extra,
        drop=("photons",),
        truncated=("mechanical_cutoff", (0,)),
    )
