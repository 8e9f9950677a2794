"""Three-level batteries charged by classical pulses: STIRAP, its shortcut, closed loops, qutrits.

One three-level system, levels ``|0>, |1>, |2>`` with energies ``0 < omega_1 < omega_2``
(``H_B = omega_1 |1><1| + omega_2 |2><2|``), driven on its transitions by resonant fields
(review sec. 3.4, refs. 34, 39-41, 70, 130). The Hamiltonians are written in the frame rotating
with the fields (rotating-wave approximation), ``H = sum_k (Omega_k(t)/2) X_k + ...`` with
``X_lu = |l><u| + |u><l|`` and ``Y_lu = i (|l><u| - |u><l|)``. ``H_B`` is diagonal, so the
frame change (a diagonal unitary) leaves populations, stored energy and ergotropy unchanged:
they are computed with the bare ``H_B`` as in the laboratory frame.

Pulses are the protocols :class:`GaussianPulse` and :class:`MixingAngleRate` (continuous, so
charging goes through the ODE solver) or the square pulses of :mod:`qbattery.protocols`
(piecewise constant, solved exactly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.models.info import catalogued
from qbattery.protocols import Piecewise, Step
from qbattery.validation import (
    as_array,
    check_finite,
    check_hermitian,
    check_ket,
    check_positive_spectrum,
    check_unit_trace,
    finite_real,
    non_negative_real,
    positive_real,
)

__all__ = [
    "QUTRIT_PROTOCOLS",
    "GaussianPulse",
    "MixingAngleRate",
    "closed_loop_battery",
    "qutrit_battery",
    "self_discharged_state",
    "stirap_battery",
]

#: Valid ``protocol`` values of :func:`qutrit_battery`.
QUTRIT_PROTOCOLS = ("sequential", "simultaneous")


@dataclass(frozen=True)
class GaussianPulse:
    """``Omega(t) = amplitude * exp(-(t - center)^2 / (2 width^2))``, vectorised over ``t``."""

    amplitude: float
    center: float
    width: float

    def __post_init__(self) -> None:
        if not self.width > 0:
            raise QBatteryValueError(f"GaussianPulse.width: must be positive, got {self.width}")

    def log(self, t: float | np.ndarray) -> float | np.ndarray:
        """``log Omega(t)`` (amplitude > 0): finite far in the tails where ``Omega`` underflows."""
        t = np.asarray(t, dtype=float)
        return (math.log(self.amplitude) - (t - self.center) ** 2 / (2 * self.width**2))[()]

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        t = np.asarray(t, dtype=float)
        return (self.amplitude * np.exp(-((t - self.center) ** 2) / (2 * self.width**2)))[()]

    def log_derivative(self, t: float | np.ndarray) -> float | np.ndarray:
        """``d log Omega / dt = -(t - center) / width^2``."""
        t = np.asarray(t, dtype=float)
        return (-(t - self.center) / self.width**2)[()]


@dataclass(frozen=True)
class MixingAngleRate:
    """``d theta / dt`` of the STIRAP mixing angle ``tan theta(t) = pump(t) / stokes(t)``.

    With ``r = pump / stokes``: ``theta' = r' / (1 + r^2) = (log r)' / (2 cosh log r)``, which
    stays finite where both pulses underflow. This is the amplitude of the counter-diabatic
    field ``theta'(t) Y_02`` (Demirplak & Rice, J. Phys. Chem. A 107, 9937 (2003); Berry,
    J. Phys. A 42, 365303 (2009); for STIRAP Chen et al., PRL 105, 123003 (2010)).
    """

    pump: GaussianPulse
    stokes: GaussianPulse

    def __post_init__(self) -> None:
        if not (self.pump.amplitude > 0 and self.stokes.amplitude > 0):
            raise QBatteryValueError(
                f"MixingAngleRate: the pump and Stokes amplitudes must be positive, got "
                f"{self.pump.amplitude} and {self.stokes.amplitude}"
            )

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        log_ratio = np.asarray(self.pump.log(t)) - np.asarray(self.stokes.log(t))
        slope = np.asarray(self.pump.log_derivative(t)) - np.asarray(self.stokes.log_derivative(t))
        decay = np.exp(-np.abs(log_ratio))
        return (slope * decay / (1 + decay**2))[()]  # slope / (2 cosh log_ratio)

    def angle(self, t: float | np.ndarray) -> float | np.ndarray:
        """``theta(t) = arctan(pump / stokes)`` in ``[0, pi/2]``."""
        log_ratio = np.asarray(self.pump.log(t)) - np.asarray(self.stokes.log(t))
        return np.arctan(np.exp(np.clip(log_ratio, -700, 700)))[()]


def _transition(lower: int, upper: int, kind: str = "x") -> sp.csr_matrix:
    """``X_lu = |l><u| + |u><l|`` or ``Y_lu = i (|l><u| - |u><l|)`` on three levels."""
    matrix = np.zeros((3, 3), dtype=np.complex128)
    if kind == "x":
        matrix[lower, upper] = matrix[upper, lower] = 1.0
    else:
        matrix[lower, upper], matrix[upper, lower] = 1j, -1j
    return sp.csr_matrix(matrix)


def _levels(omega_1: Any, omega_2: Any) -> tuple[float, float]:
    level_1, level_2 = finite_real(omega_1, "omega_1"), finite_real(omega_2, "omega_2")
    if not 0 < level_1 < level_2:
        raise QBatteryValueError(
            f"omega_1, omega_2: the levels must satisfy 0 < omega_1 < omega_2, got "
            f"{omega_1!r} and {omega_2!r}"
        )
    return level_1, level_2


def _diagonal(*energies: float) -> sp.csr_matrix:
    return sp.csr_matrix(sp.diags_array(np.array(energies, dtype=np.float64)), dtype=np.complex128)


def _ground() -> np.ndarray:
    return np.array([1.0, 0.0, 0.0], dtype=np.complex128)


def _density_matrix(value: Any, name: str) -> np.ndarray:
    """A validated three-level density matrix (a ket becomes its projector)."""
    array = as_array(value, name)
    check_finite(array, name)
    if array.shape == (3,):
        check_ket(array, name)
        return np.outer(array, array.conj())
    if array.shape != (3, 3):
        raise DimensionError(
            f"{name}: expected 'ground', a ket (3,) or a density matrix (3, 3), got shape "
            f"{array.shape}"
        )
    check_hermitian(array, name)
    check_unit_trace(array, name)
    check_positive_spectrum(np.linalg.eigvalsh(array), name)
    return array


def _initial_state(battery_state: Any, postselect: bool) -> tuple[np.ndarray, dict[str, Any]]:
    """The initial state of :func:`stirap_battery` and what to record about it."""
    if isinstance(battery_state, str):
        if battery_state != "ground":
            raise QBatteryValueError(
                f"battery_state: unknown state {battery_state!r}; use 'ground', a ket (3,) or a "
                "density matrix (3, 3)"
            )
        selected = {"postselection_probability": 1.0} if postselect else {}
        return _ground(), {"battery_state": "ground", **selected}
    rho = _density_matrix(battery_state, "battery_state")
    record: dict[str, Any] = {
        "battery_state": "custom",
        "initial_populations": [float(p) for p in np.real(np.diag(rho))],
    }
    if not postselect:
        return rho, record
    probability = float(np.real(rho[0, 0]))
    if probability <= 0:
        raise QBatteryValueError(
            "postselect: battery_state has no population in |0>, so the measurement never "
            "yields it; use postselect=False"
        )
    return _ground(), {**record, "postselection_probability": probability}


@catalogued(
    hamiltonian="H = D |1><1| + (W_P(t)/2) X_01 + (W_S(t)/2) X_12 [+ "
    "theta'(t) Y_02], Gaussian pulses, Stokes first",
    battery_hamiltonian="H_B = w_1 |1><1| + w_2 |2><2|",
    initial_state="|0> (or a given, e.g. self-discharged, state; postselect keeps |0>)",
    reference="Santos et al., PRE 100, 032107 (2019) (review ref. 70); "
    "Dou, Wang & Sun, Front. Phys. 17, 31503 (2022) (ref. 40); "
    "Qi & Jing, Phys. Lett. A 530, 130124 (2025) (ref. 130)",
)
def stirap_battery(
    rabi_frequency: float,
    duration: float,
    omega_1: float = 1.0,
    omega_2: float = 2.0,
    *,
    counterdiabatic: bool = False,
    width: float | None = None,
    delay: float | None = None,
    detuning: float = 0.0,
    battery_state: Any = "ground",
    postselect: bool = False,
) -> Battery:
    """A three-level ladder battery charged by stimulated Raman adiabatic passage (STIRAP).

    .. code-block:: text

        H(t) = Delta |1><1| + (Omega_P(t)/2) X_01 + (Omega_S(t)/2) X_12 [+ theta'(t) Y_02]
        Omega_P(t) = Omega_0 exp(-(t - T/2 - tau/2)^2 / (2 sigma^2))      (pump, 0-1)
        Omega_S(t) = Omega_0 exp(-(t - T/2 + tau/2)^2 / (2 sigma^2))      (Stokes, 1-2)
        H_B  = omega_1 |1><1| + omega_2 |2><2|

    The stable adiabatic battery of Santos, Cakmak, Campbell & Zinner, PRE 100, 032107 (2019)
    (review ref. 70): the counter-intuitive order (Stokes first) keeps the battery in the dark
    state ``|D(t)> = cos theta |0> - sin theta |2>``, ``tan theta = Omega_P / Omega_S``, which
    carries it from ``|0>`` to the top level ``|2>`` (full charge ``omega_2``) and leaves it
    there once the pulses are gone: no oscillation back, unlike Rabi charging. Transfer needs
    adiabaticity, ``Omega_0 sigma >> 1``. ``counterdiabatic=True`` adds the shortcut to
    adiabaticity of Dou, Wang & Sun, Front. Phys. 17, 31503 (2022) (review ref. 40), the
    field ``theta'(t) Y_02 = i theta' (|0><2| - |2><0|)`` on the 0-2 transition: then
    ``|D(t)>`` solves the Schroedinger equation exactly for any ``Omega_0``, ``T`` and one-photon
    detuning ``Delta``, and the population of ``|2>`` is ``sin^2 theta(t)``.

    A self-discharged battery (``battery_state`` a density matrix, e.g. from
    :func:`self_discharged_state`) cannot be brought back to full ergotropy by any unitary
    pulse. ``postselect=True`` first measures ``H_B`` projectively and keeps the outcome
    ``|0>``, after which the shortcut recharges it completely whatever the pulse duration
    (Qi & Jing, Phys. Lett. A 530, 130124 (2025), review ref. 130); the success probability
    ``<0|rho|0>`` is recorded as ``postselection_probability``, a given state's level
    populations as ``initial_populations``.

    Parameters
    ----------
    rabi_frequency : float
        Peak Rabi frequency ``Omega_0`` of both pulses, > 0.
    duration : float
        Protocol time ``T`` > 0 (the pulses are centred on ``T/2``).
    omega_1, omega_2 : float
        Energies of levels 1 and 2, ``0 < omega_1 < omega_2``.
    counterdiabatic : bool
        Add the counter-diabatic field on the 0-2 transition.
    width : float, optional
        Pulse width ``sigma`` > 0 (default ``T/8``).
    delay : float, optional
        ``tau``, how long the Stokes pulse precedes the pump (finite; default ``T/4``).
    detuning : float
        One-photon detuning ``Delta`` of level 1 (two-photon resonance is kept).
    battery_state : "ground", ket (3,) or density matrix (3, 3)
        Initial battery state.
    postselect : bool
        Start from the outcome ``|0>`` of a projective measurement of ``battery_state``.

    Returns
    -------
    Battery
        ``dims = [3]``.

    Examples
    --------
    >>> battery = stirap_battery(5.0, 10.0, counterdiabatic=True)
    >>> battery.dimension, len(battery.hamiltonian.drives)
    (3, 3)
    """
    peak = positive_real(rabi_frequency, "rabi_frequency")
    total = positive_real(duration, "duration")
    level_1, level_2 = _levels(omega_1, omega_2)
    if not isinstance(counterdiabatic, bool):
        raise QBatteryTypeError(f"counterdiabatic: expected True or False, got {counterdiabatic!r}")
    if not isinstance(postselect, bool):
        raise QBatteryTypeError(f"postselect: expected True or False, got {postselect!r}")
    sigma = total / 8 if width is None else positive_real(width, "width")
    tau = total / 4 if delay is None else finite_real(delay, "delay")
    delta = finite_real(detuning, "detuning")
    pump = GaussianPulse(peak, total / 2 + tau / 2, sigma)
    stokes = GaussianPulse(peak, total / 2 - tau / 2, sigma)

    parameters: dict[str, Any] = {
        "rabi_frequency": peak,
        "duration": total,
        "omega_1": level_1,
        "omega_2": level_2,
        "counterdiabatic": counterdiabatic,
        "width": sigma,
        "delay": tau,
        "detuning": delta,
        "postselect": postselect,
    }
    initial, record = _initial_state(battery_state, postselect)
    parameters.update(record)

    terms: list = [delta * _diagonal(0.0, 1.0, 0.0)]
    terms += [(_transition(0, 1) / 2, pump), (_transition(1, 2) / 2, stokes)]
    if counterdiabatic:
        terms.append((_transition(0, 2, "y"), MixingAngleRate(pump, stokes)))
    return Battery(
        terms,
        _diagonal(0.0, level_1, level_2),
        initial,
        name="stirap_battery",
        parameters=parameters,
    )


def self_discharged_state(
    elapsed: float, decay_rate: float, lower_decay_rate: float | None = None
) -> np.ndarray:
    """State of a fully charged three-level ladder after spontaneous decay ``2 -> 1 -> 0``.

    .. code-block:: text

        d rho/dt = sum_k gamma_k (L_k rho L_k^dag - {L_k^dag L_k, rho}/2),
        L_1 = |1><2| (gamma_1 = decay_rate), L_0 = |0><1| (gamma_0 = lower_decay_rate)
        p_2 = e^{-gamma_1 t},  p_1 = gamma_1 (e^{-gamma_1 t} - e^{-gamma_0 t}) / (gamma_0 - gamma_1)
        (p_1 = gamma t e^{-gamma t} for equal rates),  p_0 = 1 - p_1 - p_2

    From ``|2>`` (an eigenstate of ``H_B``) the cascade creates no coherences, so the state is
    diagonal: the self-discharged battery that :func:`stirap_battery` recharges (review sec. 3.4).

    Parameters
    ----------
    elapsed : float
        Time t >= 0 since the battery was full.
    decay_rate : float
        ``gamma_1`` >= 0 of the 2 -> 1 decay.
    lower_decay_rate : float, optional
        ``gamma_0`` >= 0 of the 1 -> 0 decay (default ``decay_rate``).

    Returns
    -------
    numpy.ndarray of shape (3, 3)

    Examples
    --------
    >>> self_discharged_state(0.0, 1.0).real.diagonal().tolist()
    [0.0, 0.0, 1.0]
    """
    t = non_negative_real(elapsed, "elapsed")
    upper = non_negative_real(decay_rate, "decay_rate")
    lower = (
        upper
        if lower_decay_rate is None
        else non_negative_real(lower_decay_rate, "lower_decay_rate")
    )
    top = math.exp(-upper * t)
    if abs(lower - upper) <= 1e-12 * max(upper, lower, 1.0):
        middle = upper * t * math.exp(-upper * t)
    else:
        middle = upper * (math.exp(-upper * t) - math.exp(-lower * t)) / (lower - upper)
    return np.diag([1.0 - top - middle, middle, top]).astype(np.complex128)


@catalogued(
    hamiltonian="H = (W_01/2) X_01 + (W_12/2) X_12 + (W_02/2)(e^{i phi} |0><2| + h.c.)",
    battery_hamiltonian="H_B = w_1 |1><1| + w_2 |2><2|",
    initial_state="|0>",
    reference="Dou, Wang & Sun, EPL 131, 43001 (2020) (review ref. 39)",
)
def closed_loop_battery(
    coupling: float,
    omega_1: float = 1.0,
    omega_2: float = 2.0,
    *,
    second_coupling: float | None = None,
    loop_coupling: float | None = None,
    loop_phase: float = 0.0,
) -> Battery:
    """A three-level battery driven around a closed loop by three fields (Delta configuration).

    .. code-block:: text

        H   = (Omega_01/2) X_01 + (Omega_12/2) X_12 + (Omega_02/2)(e^{i phi} |0><2| + h.c.)
        H_B = omega_1 |1><1| + omega_2 |2><2|

    The closed-loop battery of Dou, Wang & Sun, EPL 131, 43001 (2020) (review ref. 39): a third
    field on the 0-2 transition closes the ladder into a loop, so that the population reaches
    ``|2>`` both directly and through ``|1>``; the interference of the two paths is set by the
    gauge-invariant loop phase ``phi``, and the direct path raises the charging power. The fields
    are resonant and constant from t = 0. For equal couplings ``Omega`` the Hamiltonian is a
    three-site ring with flux ``phi``: levels ``Omega cos q_m``, ``q_m = (2 pi m - phi)/3``, and
    ``<2|e^{-iHt}|0> = (1/3) sum_m e^{2 i q_m} e^{-i Omega t cos q_m}``.

    Parameters
    ----------
    coupling : float
        ``Omega_01``, Rabi frequency on the 0-1 transition (finite real).
    omega_1, omega_2 : float
        Energies of levels 1 and 2, ``0 < omega_1 < omega_2``.
    second_coupling : float, optional
        ``Omega_12`` (default ``coupling``).
    loop_coupling : float, optional
        ``Omega_02`` of the loop-closing field (default ``coupling``; 0 opens the loop).
    loop_phase : float
        ``phi``, the phase around the loop.

    Returns
    -------
    Battery
        ``dims = [3]``, starting in ``|0>``.

    Examples
    --------
    >>> closed_loop_battery(0.5).parameters["loop_coupling"]
    0.5
    """
    first = finite_real(coupling, "coupling")
    level_1, level_2 = _levels(omega_1, omega_2)
    second = first if second_coupling is None else finite_real(second_coupling, "second_coupling")
    loop = first if loop_coupling is None else finite_real(loop_coupling, "loop_coupling")
    phase = finite_real(loop_phase, "loop_phase")
    closing = np.zeros((3, 3), dtype=np.complex128)
    closing[0, 2] = np.exp(1j * phase)
    closing[2, 0] = np.exp(-1j * phase)
    hamiltonian = (
        (first / 2) * _transition(0, 1)
        + (second / 2) * _transition(1, 2)
        + (loop / 2) * sp.csr_matrix(closing)
    )
    return Battery(
        sp.csr_matrix(hamiltonian),
        _diagonal(0.0, level_1, level_2),
        _ground(),
        name="closed_loop_battery",
        parameters={
            "coupling": first,
            "omega_1": level_1,
            "omega_2": level_2,
            "second_coupling": second,
            "loop_coupling": loop,
            "loop_phase": phase,
        },
    )


@catalogued(
    hamiltonian="H = (W_01(t)/2) X_01 + (W_12(t)/2) X_12, square resonant pulses",
    battery_hamiltonian="H_B = w_q |1><1| + (2 w_q + alpha) |2><2|",
    initial_state="|0>",
    reference="Hu et al., Quantum Sci. Technol. 7, 045018 (2022) (review "
    "ref. 34); Gemme et al., PRR 6, 023091 (2024) (review ref. "
    "41)",
)
def qutrit_battery(
    rabi_frequency: float,
    omega_q: float = 1.0,
    anharmonicity: float = -0.05,
    *,
    protocol: str = "simultaneous",
    second_rabi_frequency: float | None = None,
) -> Battery:
    """A superconducting qutrit (transmon) battery charged by sequential or simultaneous pulses.

    .. code-block:: text

        H(t) = (Omega_01(t)/2) X_01 + (Omega_12(t)/2) X_12        (each tone resonant, RWA)
        H_B  = omega_q |1><1| + (2 omega_q + alpha) |2><2|

    The transmon three-level battery (Hu et al., Quantum Sci. Technol. 7, 045018 (2022), review
    ref. 34) charged from ``|0>`` to ``|2>`` by square pulses, with the two protocols compared by
    Gemme et al., PRR 6, 023091 (2024) (review ref. 41):

    - ``"sequential"``: a pi pulse on 0-1 (``Omega_a`` for ``pi/Omega_a``), then a pi pulse on
      1-2 (``Omega_b`` for ``pi/Omega_b``); charged at ``pi/Omega_a + pi/Omega_b``;
    - ``"simultaneous"``: both tones together for ``2 pi / Omega``, ``Omega =
      sqrt(Omega_a^2 + Omega_b^2)``; from ``|0>``,
      ``P_1 = (Omega_a/Omega)^2 sin^2(Omega t/2)``,
      ``P_2 = 4 (Omega_a Omega_b / Omega^2)^2 sin^4(Omega t/4)``, full charge for
      ``Omega_a = Omega_b`` at ``sqrt(2) pi / Omega_a``, faster than ``2 pi / Omega_a``.

    The pulses end there, so the battery keeps its charge. Each tone is assumed to address only
    its own transition (``|alpha| >> Omega``); a transmon driven with one amplitude on both tones
    has ``Omega_b = sqrt(2) Omega_a``. The charging time is recorded as ``charging_time``.

    Parameters
    ----------
    rabi_frequency : float
        ``Omega_a`` on the 0-1 transition, > 0.
    omega_q : float
        Qubit frequency (0-1 splitting), > 0.
    anharmonicity : float
        ``alpha``: the 1-2 splitting is ``omega_q + alpha``; ``alpha > -omega_q``.
    protocol : {"sequential", "simultaneous"}
        Two pi pulses one after the other, or both tones at once (above).
    second_rabi_frequency : float, optional
        ``Omega_b`` on the 1-2 transition, > 0 (default ``rabi_frequency``).

    Returns
    -------
    Battery
        ``dims = [3]``, starting in ``|0>``; piecewise-constant drives.

    Examples
    --------
    >>> round(qutrit_battery(1.0).parameters["charging_time"], 6)
    4.442883
    """
    first = positive_real(rabi_frequency, "rabi_frequency")
    frequency = positive_real(omega_q, "omega_q")
    alpha = finite_real(anharmonicity, "anharmonicity")
    if alpha <= -frequency:
        raise QBatteryValueError(
            f"anharmonicity: alpha = {alpha!r} puts level 2 at or below level 1 (needs alpha > "
            f"-omega_q = {-frequency!r})"
        )
    if protocol not in QUTRIT_PROTOCOLS:
        raise QBatteryValueError(
            f"protocol: unknown protocol {protocol!r}; use one of {list(QUTRIT_PROTOCOLS)}"
        )
    second = (
        first
        if second_rabi_frequency is None
        else positive_real(second_rabi_frequency, "second_rabi_frequency")
    )
    if protocol == "sequential":
        switch = math.pi / first
        end = switch + math.pi / second
        pulses: list = [
            (_transition(0, 1) / 2, Piecewise((0.0, switch), (first,))),
            (_transition(1, 2) / 2, Piecewise((switch, end), (second,))),
        ]
    else:
        end = 2 * math.pi / math.hypot(first, second)
        pulses = [
            (_transition(0, 1) / 2, Step(first, 0.0, end)),
            (_transition(1, 2) / 2, Step(second, 0.0, end)),
        ]
    return Battery(
        [sp.csr_matrix((3, 3), dtype=np.complex128), *pulses],
        _diagonal(0.0, frequency, 2 * frequency + alpha),
        _ground(),
        name="qutrit_battery",
        parameters={
            "rabi_frequency": first,
            "omega_q": frequency,
            "anharmonicity": alpha,
            "protocol": protocol,
            "second_rabi_frequency": second,
            "charging_time": end,
        },
    )
