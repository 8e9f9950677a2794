"""Light-matter batteries: two-level atoms charged by a single cavity mode.

Every constructor returns a :class:`qbattery.battery.Battery` on the space
``cavity (Fock 0..cutoff) x atoms``. By default (``basis="symmetric"``) the atoms are held in the
symmetric Dicke subspace ``j = N/2`` (basis ordered by excitation number, see
:mod:`qbattery.models.operators`): ``dims = [cutoff + 1, N + 1]``, ``battery = [1]``, with
``H_B = omega_a (J_z + N/2) = omega_a diag(0, 1, ..., N)`` and its full-space level spectrum
(level ``omega_a k`` is ``binomial(N, k)``-fold degenerate) attached, so ergotropy is computed as on
the full ``2**N`` space (CONVENTIONS.md). With ``basis="full"`` the atoms are N separate
subsystems of dimension 2 (``dims = [cutoff + 1, 2, ..., 2]``, ``battery = [1, ..., N]``,
``N <= 10``) and no spectrum is needed: the same physics on the whole space, for checking.

Initial states
--------------
The charger (``charger``) is a Fock, coherent, squeezed-vacuum or thermal state of mean photon
number ``photons`` (default N, one photon per atom); see :mod:`qbattery.models.states` for the
states and their cut-offs. A thermal charger makes the initial state a density matrix. The atoms
(``battery_state``) start in ``"ground"`` (all in ``|g>``), ``"dicke"`` (``excitations`` atoms
excited, symmetrised), ``"ghz"`` (``(|g..g> + |e..e>)/sqrt(2)``), ``"coherent"`` (every atom in
``cos(theta/2)|g> + e^{i phi} sin(theta/2)|e>``, ``theta = polar_angle``,
``phi = azimuthal_angle``), or a given normalised vector on the symmetric subspace (length N + 1;
in the full basis a length-``2**N`` vector is accepted too).

Photon cut-off
--------------
The cavity is truncated at Fock state ``cutoff``. Unless given, it is chosen from the initial
state and the coupling so that truncation is harmless:

- rotating-wave models (Tavis-Cummings, Jaynes-Cummings) conserve ``a^dagger a + J_z + N/2``;
  no Fock state above ``n0 + k0`` is ever reached (``n0`` the charger's highest Fock number, to a
  1e-12 tail for coherent, squeezed and thermal states; ``k0`` the atoms' highest excitation), so
  that number is the exact cut-off;
- with counter-rotating terms (Dicke, Rabi) the field is pushed by ``2 omega_c lambda J_x``: in
  the frame ``b = a + 2 lambda J_x`` the mode is a free oscillator, so the amplitude ``|<a>|``
  never exceeds ``A = sqrt(n0 + k0) + 2 |lambda| N``. The default is ``ceil(A**2 + 6 A) + 10``:
  the largest mean photon number plus room for its spread. It grows as ``lambda**2 N**2`` for a
  fixed coupling; ``coupling_scaling="inverse_sqrt"`` keeps it ~ ``N``.

A cut-off that cannot hold the charger state is refused (``cutoff`` named in the error).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.models._cavity import (
    COUPLING_SCALINGS,
    CavityAtoms,
    cavity_atoms,
    charger_what,
    collective_setup,
    counter_rotating_cutoff,
    resolve_cutoff,
)
from qbattery.models.states import CHARGERS, charger
from qbattery.validation import non_negative_real

__all__ = [
    "CHARGERS",
    "COUPLING_SCALINGS",
    "charger_state",
    "dicke",
    "jaynes_cummings",
    "rabi",
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
        Highest Fock state kept; at least what the state needs (:mod:`qbattery.models.states`).

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


def dicke(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    cutoff: int | None = None,
    charger: str = "fock",
    photons: float | None = None,
    coupling_scaling: str = "fixed",
    basis: str = "symmetric",
    battery_state: Any = "ground",
    excitations: int | None = None,
    polar_angle: float | None = None,
    azimuthal_angle: float | None = None,
) -> Battery:
    """Dicke quantum battery: N atoms charged collectively by one cavity mode.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + 2 omega_c lambda J_x (a + a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    with ``J_a = sum_i sigma_a^i / 2`` (Ferraro et al., PRL 120, 117702 (2018); CONVENTIONS.md).
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
    cutoff : int, optional
        Highest photon Fock state kept (cavity dimension ``cutoff + 1``); default from the initial
        state and coupling (module docstring). Must hold the charger state.
    charger : {"fock", "coherent", "squeezed", "thermal"}
        Cavity initial state of mean photon number ``photons`` (module docstring).
    photons : float, optional
        The charger's mean photon number, >= 0 (whole for "fock"); default N.
    coupling_scaling : {"fixed", "inverse_sqrt"}
        ``lambda = coupling`` (Ferraro et al.), or ``lambda = coupling / sqrt(N)``: a fixed
        collective field strength, for a thermodynamic limit.
    basis : {"symmetric", "full"}
        Atoms in the symmetric Dicke subspace (dimension N + 1) or the full ``2**N`` space.
    battery_state : {"ground", "dicke", "ghz", "coherent"} or array
        The atoms' initial state (module docstring).
    excitations : int, optional
        Number of excitations k of ``battery_state="dicke"`` (only then; required then).
    polar_angle, azimuthal_angle : float, optional
        Bloch angles of ``battery_state="coherent"`` (only then; ``polar_angle`` required,
        ``azimuthal_angle`` default 0).

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
    setup = collective_setup(locals(), photons_per_atom=1)
    return _single_photon("dicke", setup, cutoff, rotating_wave=False)


def tavis_cummings(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    cutoff: int | None = None,
    charger: str = "fock",
    photons: float | None = None,
    coupling_scaling: str = "fixed",
    basis: str = "symmetric",
    battery_state: Any = "ground",
    excitations: int | None = None,
    polar_angle: float | None = None,
    azimuthal_angle: float | None = None,
) -> Battery:
    """Tavis-Cummings quantum battery: the Dicke battery in the rotating-wave approximation.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + omega_c lambda (J_+ a + J_- a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    (CONVENTIONS.md). The review's eq. 33 writes ``omega_0 sum_i sigma_+^i sigma_-^i`` and
    ``g sum_i (sigma_+^i a + sigma_-^i a^dagger)``; as ``sum_i sigma_+-^i = J_+-`` that is this
    form with ``g = omega_c lambda`` (and the atomic term differs from ``omega_a J_z`` by a
    constant). Dropping the counter-rotating terms of :func:`dicke` conserves
    ``a^dagger a + J_z + N/2``, so from ``|N>|g...g>`` the photon number never exceeds N and the
    default cut-off N is exact. Same parameters, states and layout as :func:`dicke`.

    Parameters
    ----------
    n_atoms, coupling, omega_c, omega_a, cutoff, charger, photons, coupling_scaling, basis
        As in :func:`dicke`.
    battery_state, excitations, polar_angle, azimuthal_angle
        As in :func:`dicke`.

    Returns
    -------
    Battery

    Examples
    --------
    >>> tavis_cummings(3, 0.1).dims
    (4, 4)
    """
    setup = collective_setup(locals(), photons_per_atom=1)
    return _single_photon("tavis_cummings", setup, cutoff, rotating_wave=True)


def rabi(
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    cutoff: int | None = None,
    charger: str = "fock",
) -> Battery:
    """Quantum Rabi cell: one atom charged by its own cavity mode (one cell of parallel charging).

    .. code-block:: text

        H   = omega_c a^dagger a + (omega_a / 2) sigma_z + omega_c lambda sigma_x (a + a^dagger)
        H_B = omega_a sigma_+ sigma_- = omega_a (sigma_z + 1) / 2      (levels 0, omega_a)

    with ``sigma_z = diag(-1, +1)`` on ``(|g>, |e>)`` (CONVENTIONS.md). This is :func:`dicke` for
    one atom; in the review's eq. 32 notation ``omega_a = 2 omega_0`` and ``g = omega_c lambda``.
    The cavity starts with one photon on average (``|1>`` by default), the atom in ``|g>``. N such
    cells charged in parallel store N times the energy in the same time: they have N times the
    power of one (Ferraro et al., PRL 120, 117702 (2018); Binder et al., NJP 17, 075015 (2015)).

    Parameters
    ----------
    coupling : float
        Dimensionless coupling ``lambda``, any finite real number.
    omega_c : float
        Cavity frequency, > 0.
    omega_a : float
        Atomic level splitting, > 0.
    cutoff : int, optional
        Highest photon Fock state kept, >= 1; default from the coupling (module docstring).
    charger : {"fock", "coherent", "squeezed", "thermal"}
        Cavity initial state of mean photon number 1.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, 2]``, ``battery = [1]``.

    Examples
    --------
    >>> rabi(0.1).battery_hamiltonian.toarray().real.tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
    return _cell("rabi", coupling, omega_c, omega_a, cutoff, charger, rotating_wave=False)


def jaynes_cummings(
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    cutoff: int | None = None,
    charger: str = "fock",
) -> Battery:
    """Jaynes-Cummings cell: the Rabi cell in the rotating-wave approximation.

    .. code-block:: text

        H   = omega_c a^dagger a + (omega_a / 2) sigma_z
              + omega_c lambda (sigma_+ a + sigma_- a^dagger)
        H_B = omega_a sigma_+ sigma_-

    This is :func:`tavis_cummings` for one atom (review eq. 33 with ``g = omega_c lambda``). From
    ``|1>|g>`` only ``|1, g>`` and ``|0, e>`` are reached: on resonance the atom is excited with
    probability ``sin^2(omega_c lambda t)``. The default cut-off (1 for the Fock charger) is
    exact.

    Parameters
    ----------
    coupling, omega_c, omega_a, cutoff, charger
        As in :func:`rabi`.

    Returns
    -------
    Battery

    Examples
    --------
    >>> jaynes_cummings(0.1).dims
    (2, 2)
    """
    return _cell("jaynes_cummings", coupling, omega_c, omega_a, cutoff, charger, rotating_wave=True)


def _single_photon(
    name: str,
    setup: CavityAtoms,
    cutoff: int | None,
    *,
    rotating_wave: bool,
    keep: tuple[str, ...] | None = None,
) -> Battery:
    """Dicke (``rotating_wave=False``) or Tavis-Cummings Hamiltonian on a validated setup."""
    default = (
        setup.highest
        if rotating_wave
        else counter_rotating_cutoff(setup.highest, abs(setup.lam) * setup.n)
    )
    n_max = setup.choose_cutoff(cutoff, default)
    a, photon_number = setup.cavity_operators(n_max)
    hamiltonian = setup.omega_c * photon_number + setup.omega_a * setup.spin(n_max, "z")
    if rotating_wave:
        j_plus = setup.spin(n_max, "+")
        coupling_term = j_plus @ a + j_plus.getH() @ a.getH()
        hamiltonian = hamiltonian + setup.omega_c * setup.lam * coupling_term
    else:
        coupling_term = setup.spin(n_max, "x") @ (a + a.getH())
        hamiltonian = hamiltonian + 2 * setup.omega_c * setup.lam * coupling_term
    return setup.battery(name, hamiltonian, n_max, {}, keep=keep, exact=rotating_wave)


def _cell(
    name: str,
    coupling: float,
    omega_c: float,
    omega_a: float,
    cutoff: int | None,
    charger_name: str,
    *,
    rotating_wave: bool,
) -> Battery:
    """A one-atom cell with one photon on average: the N = 1 Dicke or Tavis-Cummings model."""
    setup = cavity_atoms(
        n_atoms=1,
        coupling=coupling,
        omega_c=omega_c,
        omega_a=omega_a,
        charger_name=charger_name,
        photons=None,
        default_photons=1,
        coupling_scaling="fixed",
        basis="symmetric",
        battery_state="ground",
        excitations=None,
        polar_angle=None,
        azimuthal_angle=None,
    )
    return _single_photon(
        name,
        setup,
        cutoff,
        rotating_wave=rotating_wave,
        keep=("coupling", "omega_c", "omega_a", "cutoff", "charger"),
    )
