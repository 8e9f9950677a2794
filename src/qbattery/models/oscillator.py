"""Harmonic-oscillator batteries: driven directly by a classical field, or through a charger.

The battery is a bosonic mode ``b`` truncated to Fock states ``0..cutoff``, ``H_B = omega b^dag b``
(review refs. 20, 31-33). Its charging is exactly solvable: a linearly driven oscillator stays in
a coherent state, and two linearly coupled modes are a beam splitter, so every default cut-off is
derived from a bound on the coherent amplitude over the charging ``duration`` and declared as a
:class:`~qbattery.battery.Truncation` that :func:`qbattery.charge` checks (docs/conventions.md).

Drives are the classical fields ``2 F cos(w_d t) (b + b^dag)`` or, in the rotating-wave form,
``F (e^{-i w_d t} b^dag + e^{i w_d t} b) = F cos(w_d t) X + F sin(w_d t) P`` with the quadratures
``X = b + b^dag`` and ``P = i (b - b^dag)``; the time dependence is carried by
:class:`Oscillation` protocols, so charging goes through the ODE solver.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.models.info import catalogued
from qbattery.models.ladders import (
    annihilation,
    coherent_cutoff,
    coherent_state,
    fock_state,
    number,
    pauli,
)
from qbattery.models.light_matter.cavity import identity, kron
from qbattery.models.light_matter.cutoffs import (
    check_cutoff_memory,
    photon_truncation,
    resolve_cutoff,
)
from qbattery.validation import (
    finite_real,
    non_negative_int,
    non_negative_real,
    positive_real,
)

#: The models of this family (re-exported by qbattery.models); the helpers beside them
#: (CHARGER_STATES, CHARGER_TYPES, Oscillation) are imported by name.
__all__ = ["driven_oscillator", "oscillator_charger"]

#: Valid ``charger`` values of :func:`oscillator_charger` (initial state of an oscillator charger).
CHARGER_STATES = ("fock", "coherent")

#: Valid ``charger_type`` values of :func:`oscillator_charger`.
CHARGER_TYPES = ("oscillator", "two_level")


@dataclass(frozen=True)
class Oscillation:
    """Protocol ``f(t) = amplitude * cos(frequency * t + phase)``, vectorised over ``t``."""

    amplitude: float
    frequency: float
    phase: float = 0.0

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        t = np.asarray(t, dtype=float)
        return (self.amplitude * np.cos(self.frequency * t + self.phase))[()]


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise QBatteryTypeError(f"{name}: expected True or False, got {value!r}")
    return value


def _quadratures(mode: sp.csr_matrix) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """``X = a + a^dag`` and ``P = i (a - a^dag)`` of a (possibly embedded) mode operator."""
    return sp.csr_matrix(mode + mode.getH()), sp.csr_matrix(1j * (mode - mode.getH()))


def _rotating_drive(mode: sp.csr_matrix, drive: float, frequency: float) -> list[tuple]:
    """``F (e^{-i w t} a^dag + e^{i w t} a)`` as two protocol-weighted quadratures."""
    x, p = _quadratures(mode)
    return [(x, Oscillation(drive, frequency)), (p, Oscillation(drive, frequency, -math.pi / 2))]


@catalogued(
    hamiltonian="H = w b^dag b + 2 F cos(w_d t) (b + b^dag)  [rotating "
    "wave: F (e^{-i w_d t} b^dag + h.c.)]",
    battery_hamiltonian="H_B = w b^dag b",
    initial_state="vacuum |0> (stays coherent, W = w |beta(t)|^2)",
    reference="Gangwar & Pathak, Adv. Quantum Technol. 7, 2400069 (2024) "
    "(review ref. 31); review eq. 29",
)
def driven_oscillator(
    drive: float,
    omega: float = 1.0,
    *,
    drive_frequency: float | None = None,
    rotating_wave: bool = False,
    duration: float = 20.0,
    cutoff: int | None = None,
) -> Battery:
    """A harmonic-oscillator battery charged directly by a classical field.

    .. code-block:: text

        H(t) = omega b^dag b + 2 F cos(w_d t) (b + b^dag)                 (rotating_wave=False)
        H(t) = omega b^dag b + F (e^{-i w_d t} b^dag + e^{i w_d t} b)     (rotating_wave=True)
        H_B  = omega b^dag b

    The laser-driven oscillator of Gangwar & Pathak, Adv. Quantum Technol. 7, 2400069 (2024)
    (review ref. 31), here acting on the battery itself (direct charging, review eq. 29). From
    the vacuum the state stays coherent, ``|beta(t)>`` with

    .. code-block:: text

        beta(t) = -i int_0^t e^{-i omega (t - s)} f(s) ds,   W(t) = omega |beta(t)|^2,

    ``f(s) = 2 F cos(w_d s)`` or ``F e^{-i w_d s}``. On resonance with the rotating-wave drive
    ``W(t) = omega F^2 t^2``: the energy grows without bound, so the Fock space is cut where the
    coherent amplitude ``|beta| <= int_0^T |f| <= 2 |F| T`` (``|F| T`` rotating-wave) leaves
    less than 1e-12 of the weight above the cut-off for every ``t <= T = duration``.

    Parameters
    ----------
    drive : float
        Field amplitude ``F`` (finite real).
    omega : float
        Oscillator frequency, > 0.
    drive_frequency : float, optional
        ``w_d`` >= 0 (default: ``omega``, resonance).
    rotating_wave : bool
        Keep only the co-rotating part of the drive.
    duration : float
        Longest charging time the default cut-off must serve, > 0.
    cutoff : int, optional
        Highest Fock state kept; default from ``duration`` as above.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1]``, starting in the vacuum; the top two Fock levels are checked.

    Examples
    --------
    >>> battery = driven_oscillator(0.1, rotating_wave=True, duration=5.0)
    >>> battery.dimension, battery.parameters["cutoff"]
    (12, 11)
    """
    force = finite_real(drive, "drive")
    frequency = positive_real(omega, "omega")
    drive_omega = (
        frequency
        if drive_frequency is None
        else non_negative_real(drive_frequency, "drive_frequency")
    )
    rwa = _check_bool(rotating_wave, "rotating_wave")
    horizon = positive_real(duration, "duration")
    amplitude = (1.0 if rwa else 2.0) * abs(force) * horizon
    default = coherent_cutoff(amplitude**2) + 2  # the checked edge lies above the 1e-12 tail
    n_max = resolve_cutoff(cutoff, 1, default, what="a driven oscillator (at least |1>)")
    check_cutoff_memory(
        n_max,
        1,
        1,
        "duration" if cutoff is None else "cutoff",
        f"the oscillator driven for a duration of {horizon:g}",
        "shorten the duration or weaken the drive",
    )
    mode = annihilation(n_max)
    static = frequency * number(n_max)
    if rwa:
        terms: list = [static, *_rotating_drive(mode, force, drive_omega)]
    else:
        terms = [static, (_quadratures(mode)[0], Oscillation(2 * force, drive_omega))]
    return Battery(
        terms,
        frequency * number(n_max),
        fock_state(0, n_max),
        dims=[n_max + 1],
        truncation=photon_truncation("cutoff", [n_max + 1], (0,)),
        name="driven_oscillator",
        parameters={
            "drive": force,
            "omega": frequency,
            "drive_frequency": drive_omega,
            "rotating_wave": rwa,
            "duration": horizon,
            "cutoff": n_max,
        },
    )


@catalogued(
    hamiltonian="H = w_c a^dag a + w_b b^dag b + g (a b^dag + a^dag b) + "
    "F (e^{-i w_c t} a^dag + h.c.)",
    battery_hamiltonian="H_B = w_b b^dag b",
    initial_state="charger Fock |n> or coherent (two-level: |e> or |g>), battery vacuum",
    reference="Andolina et al., PRB 98, 205423 (2018) (review ref. 20); review eqs. 30-31",
)
def oscillator_charger(
    coupling: float,
    omega_c: float = 1.0,
    omega_b: float = 1.0,
    *,
    drive: float = 0.0,
    quanta: float = 1.0,
    charger: str = "fock",
    charger_type: str = "oscillator",
    rotating_wave: bool = True,
    duration: float = 20.0,
    cutoff: int | None = None,
) -> Battery:
    """An oscillator battery charged by an oscillator (or two-level) charger.

    .. code-block:: text

        H(t) = H_C + omega_b b^dag b + g (a b^dag + a^dag b) + F (e^{-i w_c t} a^dag + h.c.)
        H_C  = omega_c a^dag a          (charger_type="oscillator")
        H_C  = omega_c sigma_+ sigma_-, a -> sigma_-       (charger_type="two_level")
        H_B  = omega_b b^dag b

    The charger-mediated models of Andolina et al., PRB 98, 205423 (2018) (review ref. 20,
    charger-mediated charging, eqs. 30-31): a harmonic charger (or a two-level charger) exchanges
    energy with a harmonic battery through ``g``, and a classical field ``F``, resonant with the
    charger, may pump the charger meanwhile. ``rotating_wave=False`` replaces the coupling by
    ``g (a + a^dag)(b + b^dag)`` (``g sigma_x (b + b^dag)``), which does not conserve the local
    excitations. Closed forms (resonance ``omega_c = omega_b = omega``, rotating wave, battery in
    its vacuum): with a charger of mean quanta ``n`` (Fock or coherent) and no field,
    ``W(t) = omega n sin^2(g t)``; with the field, for the oscillator charger,
    ``W(t) = omega [n sin^2(g t) + (F/g)^2 (1 - cos g t)^2]``.

    Parameters
    ----------
    coupling : float
        ``g``, charger-battery coupling (finite real); without rotating wave
        ``|g| < sqrt(omega_c omega_b) / 2`` (oscillator charger) so that H is bounded below.
    omega_c : float
        Charger frequency, > 0.
    omega_b : float
        Battery frequency, > 0.
    drive : float
        ``F``, the field pumping the charger at ``omega_c`` (finite real; 0 = none).
    quanta : float
        The charger's initial mean number of quanta: Fock number (whole, 0 or 1 for the
        two-level charger) or mean of a coherent state.
    charger : {"fock", "coherent"}
        Initial state of the charger (the two-level charger takes "fock" only).
    charger_type : {"oscillator", "two_level"}
        The charger: an oscillator ``a``, or a two-level system (``a -> sigma_-``).
    rotating_wave : bool
        Excitation-conserving coupling (True) or the full ``x_c x_b`` coupling (False).
    duration : float
        Longest charging time a driven or counter-rotating default cut-off must serve, > 0.
    cutoff : int, optional
        Highest Fock state kept in each mode; by default exact when the excitations are conserved
        (rotating wave, no field), else where a coherent state of the amplitude bound
        ``sqrt(n) + |F| T`` (plus ``|g| T`` for the two-level charger and the counter-rotating
        squeezing) leaves 1e-12 of its weight above, plus n; checked during charging.

    Returns
    -------
    Battery
        ``dims = [charger, cutoff + 1]`` (the charger first), the battery subsystem ``[1]``.

    Examples
    --------
    >>> oscillator_charger(0.2, quanta=2).dims
    (3, 3)
    """
    g = finite_real(coupling, "coupling")
    w_c = positive_real(omega_c, "omega_c")
    w_b = positive_real(omega_b, "omega_b")
    force = finite_real(drive, "drive")
    mean = non_negative_real(quanta, "quanta")
    rwa = _check_bool(rotating_wave, "rotating_wave")
    horizon = positive_real(duration, "duration")
    if charger not in CHARGER_STATES:
        raise QBatteryValueError(
            f"charger: unknown charger state {charger!r}; use one of {list(CHARGER_STATES)}"
        )
    if charger_type not in CHARGER_TYPES:
        raise QBatteryValueError(
            f"charger_type: unknown charger {charger_type!r}; use one of {list(CHARGER_TYPES)}"
        )
    two_level = charger_type == "two_level"
    if two_level and (charger != "fock" or mean not in (0.0, 1.0)):
        raise QBatteryValueError(
            f"quanta: a two-level charger starts in |g> (quanta=0) or |e> (quanta=1) with "
            f"charger='fock'; got quanta={quanta!r}, charger={charger!r}"
        )
    if not two_level and not rwa and abs(g) >= math.sqrt(w_c * w_b) / 2:
        raise QBatteryValueError(
            f"coupling: |g| = {abs(g):g} >= sqrt(omega_c omega_b)/2 = {math.sqrt(w_c * w_b) / 2:g} "
            "makes g (a + a^dag)(b + b^dag) unbounded below; use a weaker coupling or "
            "rotating_wave=True"
        )
    if charger == "fock":
        n = non_negative_int(quanta, "quanta")
        highest = n
    else:
        n = 0
        highest = coherent_cutoff(mean)

    exact = rwa and force == 0.0
    if exact:
        default = highest
    else:
        # A bound on the coherent amplitudes: the field adds at most |F| per unit time, a
        # two-level charger pushes b with a force <= |g|, and the counter-rotating coupling
        # squeezes by a factor ~ 1 + |g| / sqrt(omega_c omega_b).
        amplitude = math.sqrt(mean) + abs(force) * horizon
        if two_level:
            amplitude += abs(g) * horizon
        if not rwa:
            amplitude += abs(g) / math.sqrt(w_c * w_b) * (math.sqrt(mean) + 1)
        default = max(highest, coherent_cutoff(amplitude**2) + n + 2)
    n_max = resolve_cutoff(
        cutoff,
        0 if two_level else highest,
        default,
        what=f"the charger state ({charger}, {mean:g} quanta)",
    )
    check_cutoff_memory(
        n_max,
        1 if two_level else 2,
        2 if two_level else 1,
        "quanta" if cutoff is None else "cutoff",
        "the charger and battery oscillators",
        "use fewer quanta, a weaker drive or a shorter duration",
    )

    battery_mode = annihilation(n_max)
    if two_level:
        lowering = pauli("-")
        charger_dimension = 2
        charger_ket = fock_state(n, 1)
        charger_number = sp.csr_matrix(pauli("+") @ lowering)
    else:
        lowering = annihilation(n_max)
        charger_dimension = n_max + 1
        charger_ket = fock_state(n, n_max) if charger == "fock" else coherent_state(mean, n_max)
        charger_number = number(n_max)
    a = kron(lowering, identity(n_max + 1))
    b = kron(identity(charger_dimension), battery_mode)
    static = w_c * kron(charger_number, identity(n_max + 1)) + w_b * kron(
        identity(charger_dimension), number(n_max)
    )
    if rwa:
        static = static + g * (a @ b.getH() + a.getH() @ b)
    else:
        static = static + g * (a + a.getH()) @ (b + b.getH())
    terms: list = [sp.csr_matrix(static)]
    if force != 0.0:
        terms += _rotating_drive(a, force, w_c)
    modes = (1,) if two_level else (0, 1)
    dims = [charger_dimension, n_max + 1]
    return Battery(
        terms,
        w_b * number(n_max),
        np.kron(charger_ket, fock_state(0, n_max)),
        dims=dims,
        battery=[1],
        truncation=None if exact else photon_truncation("cutoff", dims, modes),
        name="oscillator_charger",
        parameters={
            "coupling": g,
            "omega_c": w_c,
            "omega_b": w_b,
            "drive": force,
            "quanta": mean,
            "charger": charger,
            "charger_type": charger_type,
            "rotating_wave": rwa,
            "duration": horizon,
            "cutoff": n_max,
        },
    )
