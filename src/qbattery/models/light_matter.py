"""Light-matter batteries: two-level atoms charged by a single cavity mode.

Every constructor returns a :class:`qbattery.battery.Battery` on the space
``cavity (Fock 0..cutoff) x atoms``, ``dims = [cutoff + 1, N + 1]``, the atoms held in the
symmetric Dicke subspace ``j = N/2`` (basis ordered by excitation number, see
:mod:`qbattery.models.operators`). The battery is the atoms (``battery=[1]``), with
``H_B = omega_a (J_z + N/2) = omega_a diag(0, 1, ..., N)`` and its full-space level spectrum (level
``omega_a k`` is ``binomial(N, k)``-fold degenerate) attached, so ergotropy is computed as on the
full ``2**N`` space (CONVENTIONS.md).

Photon cut-off
--------------
The cavity is truncated at Fock state ``cutoff``. Unless given, it is chosen from the initial
state and the coupling so that truncation is harmless:

- rotating-wave models (Tavis-Cummings, Jaynes-Cummings) conserve ``a^dagger a + J_z + N/2``;
  with the atoms in ``|g>`` no Fock state above the charger's highest one is ever reached, so
  that number is the exact cut-off;
- with counter-rotating terms (Dicke, Rabi) the field is pushed by ``2 omega_c lambda J_x``: in
  the frame ``b = a + 2 lambda J_x`` the mode is a free oscillator, so the amplitude ``|<a>|``
  never exceeds ``A = sqrt(n0) + 4 |lambda| max|J_x| = sqrt(n0) + 2 |lambda| N`` (``n0`` the
  charger's highest Fock number). The default is ``ceil(A**2 + 6 A) + 10``: the largest mean
  photon number plus room for its spread. It grows as ``lambda**2 N**2`` for a fixed coupling;
  ``coupling_scaling="inverse_sqrt"`` keeps it ~ ``N``.

A cut-off below the charger's photon number is refused (``cutoff`` named in the error).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from qbattery.bases.symmetric import symmetric_level_spectrum
from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.operators import (
    annihilation,
    coherent_cutoff,
    coherent_state,
    collective_spin,
    fock_state,
    number,
)
from qbattery.validation import finite_real, non_negative_int, positive_int, positive_real

__all__ = [
    "CHARGERS",
    "COUPLING_SCALINGS",
    "charger_state",
    "dicke",
    "jaynes_cummings",
    "rabi",
    "tavis_cummings",
]

#: Valid ``coupling_scaling`` values: ``lambda = coupling`` or ``lambda = coupling / sqrt(N)``.
COUPLING_SCALINGS = ("fixed", "inverse_sqrt")


@dataclass(frozen=True)
class _Charger:
    """How to build a charger state of a given mean photon number, and the Fock number it needs."""

    state: Callable[[float, int], np.ndarray]
    highest_photon: Callable[[float], int]


_CHARGERS: dict[str, _Charger] = {
    "fock": _Charger(fock_state, lambda photons: int(photons)),
    "coherent": _Charger(coherent_state, coherent_cutoff),
}

#: Valid ``charger`` values: the charger's initial state, of mean photon number N.
CHARGERS = tuple(_CHARGERS)


def charger_state(charger: str, photons: int, cutoff: int) -> np.ndarray:
    """Initial state of a cavity charger with mean photon number ``photons``.

    Parameters
    ----------
    charger : {"fock", "coherent"}
        Fock state ``|photons>``, or coherent state ``|sqrt(photons)>``.
    photons : int
        Mean photon number (the Fock number for ``"fock"``).
    cutoff : int
        Highest Fock state kept; at least the charger's photon number (``"fock"``) or
        :func:`qbattery.models.operators.coherent_cutoff` (``"coherent"``).

    Returns
    -------
    numpy.ndarray of shape (cutoff + 1,)
        A normalised ket.
    """
    builder = _charger(charger)
    _check_cutoff(cutoff, builder.highest_photon(photons), charger=charger)
    return builder.state(photons, cutoff)


def dicke(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    cutoff: int | None = None,
    charger: str = "fock",
    coupling_scaling: str = "fixed",
) -> Battery:
    """Dicke quantum battery: N atoms charged collectively by one cavity mode.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + 2 omega_c lambda J_x (a + a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    with ``J_a = sum_i sigma_a^i / 2`` (Ferraro et al., PRL 120, 117702 (2018); CONVENTIONS.md).
    The review's eq. 32 writes ``omega_0 sum_i sigma_z^i + g sum_i sigma_x^i (a + a^dagger)``;
    as ``sum_i sigma_z^i = 2 J_z`` and ``sum_i sigma_x^i = 2 J_x`` that is this form with
    ``omega_a = 2 omega_0`` and ``2 omega_c lambda = 2 g``, i.e. ``g = omega_c lambda`` (the
    article's slip: its ``omega_0`` is half the level splitting). The charger starts in the Fock
    state ``|N>`` and the atoms all in ``|g>``. Collective charging of N cells from one mode
    (Binder et al., NJP 17, 075015 (2015)) is compared with N parallel :func:`rabi` cells.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N >= 1.
    coupling : float
        Dimensionless light-matter coupling (``lambda``, or ``lambda sqrt(N)``, see
        ``coupling_scaling``); any finite real number.
    omega_c : float
        Cavity frequency, > 0.
    omega_a : float
        Atomic level splitting, > 0.
    cutoff : int, optional
        Highest photon Fock state kept (cavity dimension ``cutoff + 1``); default from the initial
        state and coupling (module docstring). Must be at least the charger's photon number.
    charger : {"fock", "coherent"}
        Cavity initial state: Fock ``|N>`` or coherent ``|sqrt(N)>`` (mean photon number N).
    coupling_scaling : {"fixed", "inverse_sqrt"}
        ``lambda = coupling`` (Ferraro et al.), or ``lambda = coupling / sqrt(N)``: a fixed
        collective field strength, for a thermodynamic limit.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, N + 1]`` (cavity, atoms), ``battery = [1]``, sparse CSR operators,
        the full-space spectrum of ``H_B`` attached.

    Examples
    --------
    >>> battery = dicke(4, 0.2)
    >>> battery.dims[1], battery.parameters["effective_coupling"]
    (5, 0.2)
    """
    return _collective(
        "dicke",
        n_atoms,
        coupling,
        omega_c,
        omega_a,
        cutoff=cutoff,
        charger=charger,
        coupling_scaling=coupling_scaling,
        rotating_wave=False,
    )


def tavis_cummings(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    cutoff: int | None = None,
    charger: str = "fock",
    coupling_scaling: str = "fixed",
) -> Battery:
    """Tavis-Cummings quantum battery: the Dicke battery in the rotating-wave approximation.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + omega_c lambda (J_+ a + J_- a^dagger)
        H_B = omega_a (J_z + N/2)            (on the atoms)

    (CONVENTIONS.md). The review's eq. 33 writes ``omega_0 sum_i sigma_z^i`` and
    ``g sum_i (sigma_+^i a + sigma_-^i a^dagger)``; as ``sum_i sigma_z^i = 2 J_z`` and
    ``sum_i sigma_+-^i = J_+-`` that is this form with ``omega_a = 2 omega_0`` and
    ``g = omega_c lambda``, as for eq. 32. Dropping the counter-rotating terms of :func:`dicke`
    conserves ``a^dagger a + J_z + N/2``, so from ``|N>|g...g>`` the photon number never exceeds
    N and the default cut-off N is exact. Same parameters, state and layout as :func:`dicke`.

    Parameters
    ----------
    n_atoms, coupling, omega_c, omega_a, cutoff, charger, coupling_scaling
        As in :func:`dicke`.

    Returns
    -------
    Battery

    Examples
    --------
    >>> tavis_cummings(3, 0.1).dims
    (4, 4)
    """
    return _collective(
        "tavis_cummings",
        n_atoms,
        coupling,
        omega_c,
        omega_a,
        cutoff=cutoff,
        charger=charger,
        coupling_scaling=coupling_scaling,
        rotating_wave=True,
    )


def rabi(
    coupling: float, omega_c: float = 1.0, omega_a: float = 1.0, *, cutoff: int | None = None
) -> Battery:
    """Quantum Rabi cell: one atom charged by its own cavity mode (one cell of parallel charging).

    .. code-block:: text

        H   = omega_c a^dagger a + (omega_a / 2) sigma_z + omega_c lambda sigma_x (a + a^dagger)
        H_B = omega_a sigma_+ sigma_- = omega_a (sigma_z + 1) / 2      (levels 0, omega_a)

    with ``sigma_z = diag(-1, +1)`` on ``(|g>, |e>)`` (CONVENTIONS.md). This is :func:`dicke` for
    one atom; in the review's eq. 32 notation ``omega_a = 2 omega_0`` and ``g = omega_c lambda``.
    The cavity starts with one photon, ``|1>``, the atom in ``|g>``. N such cells charged in
    parallel store N times the energy in the same time: they have N times the power of one
    (Ferraro et al., PRL 120, 117702 (2018); Binder et al., NJP 17, 075015 (2015)).

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

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, 2]``, ``battery = [1]``.

    Examples
    --------
    >>> rabi(0.1).battery_hamiltonian.toarray().real.tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
    return _collective("rabi", 1, coupling, omega_c, omega_a, cutoff=cutoff, rotating_wave=False)


def jaynes_cummings(
    coupling: float, omega_c: float = 1.0, omega_a: float = 1.0, *, cutoff: int | None = None
) -> Battery:
    """Jaynes-Cummings cell: the Rabi cell in the rotating-wave approximation.

    .. code-block:: text

        H   = omega_c a^dagger a + (omega_a / 2) sigma_z
              + omega_c lambda (sigma_+ a + sigma_- a^dagger)
        H_B = omega_a sigma_+ sigma_-

    This is :func:`tavis_cummings` for one atom (review eq. 33 with ``omega_a = 2 omega_0``,
    ``g = omega_c lambda``). From ``|1>|g>`` only ``|1, g>`` and ``|0, e>`` are reached: on
    resonance the atom is excited with probability ``sin^2(omega_c lambda t)``. The default
    cut-off 1 is exact.

    Parameters
    ----------
    coupling, omega_c, omega_a, cutoff
        As in :func:`rabi`.

    Returns
    -------
    Battery

    Examples
    --------
    >>> jaynes_cummings(0.1).dims
    (2, 2)
    """
    return _collective(
        "jaynes_cummings", 1, coupling, omega_c, omega_a, cutoff=cutoff, rotating_wave=True
    )


def _collective(
    name: str,
    n_atoms: int,
    coupling: float,
    omega_c: float,
    omega_a: float,
    *,
    cutoff: int | None,
    rotating_wave: bool,
    charger: str = "fock",
    coupling_scaling: str = "fixed",
) -> Battery:
    """Build the cavity + N atoms battery shared by all four models."""
    n = positive_int(n_atoms, "n_atoms")
    coupling_value = finite_real(coupling, "coupling")
    frequency_c = positive_real(omega_c, "omega_c")
    frequency_a = positive_real(omega_a, "omega_a")
    builder = _charger(charger)
    if coupling_scaling not in COUPLING_SCALINGS:
        raise QBatteryValueError(
            f"coupling_scaling: unknown value {coupling_scaling!r}; use 'fixed' (lambda = "
            "coupling) or 'inverse_sqrt' (lambda = coupling / sqrt(n_atoms))"
        )
    lam = coupling_value / math.sqrt(n) if coupling_scaling == "inverse_sqrt" else coupling_value
    highest = builder.highest_photon(n)
    if cutoff is None:
        n_max = highest if rotating_wave else _counter_rotating_cutoff(highest, n, lam)
    else:
        n_max = _check_cutoff(cutoff, highest, charger=charger)

    a = annihilation(n_max)
    photon_identity = sp.identity(n_max + 1, dtype=np.complex128, format="csr")
    atom_identity = sp.identity(n + 1, dtype=np.complex128, format="csr")
    j_z = collective_spin(n, "z")
    hamiltonian = frequency_c * sp.kron(number(n_max), atom_identity) + frequency_a * sp.kron(
        photon_identity, j_z
    )
    if rotating_wave:
        coupling_term = sp.kron(a, collective_spin(n, "+")) + sp.kron(
            a.getH(), collective_spin(n, "-")
        )
        hamiltonian = hamiltonian + frequency_c * lam * coupling_term
    else:
        coupling_term = sp.kron(a + a.getH(), collective_spin(n, "x"))
        hamiltonian = hamiltonian + 2 * frequency_c * lam * coupling_term
    battery_hamiltonian = sp.csr_matrix(
        sp.diags_array(frequency_a * np.arange(n + 1.0)), dtype=np.complex128
    )
    atoms_ground = np.zeros(n + 1, dtype=np.complex128)
    atoms_ground[0] = 1.0
    initial_state = np.kron(builder.state(n, n_max), atoms_ground)

    parameters: dict[str, object] = {
        "coupling": coupling_value,
        "omega_c": frequency_c,
        "omega_a": frequency_a,
        "cutoff": n_max,
    }
    if name in ("dicke", "tavis_cummings"):
        parameters = {
            "n_atoms": n,
            **parameters,
            "charger": charger,
            "coupling_scaling": coupling_scaling,
            "effective_coupling": lam,
        }
    return Battery(
        sp.csr_matrix(hamiltonian, dtype=np.complex128),
        battery_hamiltonian,
        initial_state,
        dims=[n_max + 1, n + 1],
        battery=[1],
        battery_spectrum=symmetric_level_spectrum(n, frequency_a),
        name=name,
        parameters=parameters,
    )


def _charger(charger: str) -> _Charger:
    if charger not in _CHARGERS:
        raise QBatteryValueError(
            f"charger: unknown charger state {charger!r}; use one of {list(CHARGERS)}"
        )
    return _CHARGERS[charger]


def _check_cutoff(cutoff: int, highest: int, *, charger: str) -> int:
    """A user cut-off, refused when it cannot hold the charger's initial state."""
    n_max = non_negative_int(cutoff, "cutoff")
    if n_max < highest:
        what = f"the Fock state |{highest}>" if charger == "fock" else "the coherent charger state"
        raise QBatteryValueError(
            f"cutoff: {n_max} photons cannot hold {what}; use cutoff >= {highest} "
            "(or leave cutoff unset for a safe default)"
        )
    return n_max


def _counter_rotating_cutoff(highest: int, n_atoms: int, lam: float) -> int:
    """Default cut-off with counter-rotating terms: largest field amplitude plus a margin."""
    amplitude = math.sqrt(highest) + 2 * abs(lam) * n_atoms
    return max(highest, math.ceil(amplitude**2 + 6 * amplitude) + 10)
