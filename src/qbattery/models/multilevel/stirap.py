"""The STIRAP battery, its counter-diabatic shortcut, and the self-discharged state it recharges.

A three-level ladder driven by a pump (0-1) and a Stokes (1-2) pulse in the counter-intuitive
order; conventions of :mod:`qbattery.models.multilevel`. The pulses are the protocols
:class:`GaussianPulse` and :class:`MixingAngleRate` (continuous, so charging goes through the
ODE solver).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.linalg import density_matrix
from qbattery.models.info import catalogued
from qbattery.models.multilevel.levels import diagonal, ground, three_level_energies, transition
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

__all__ = ["GaussianPulse", "MixingAngleRate", "self_discharged_state", "stirap_battery"]


@dataclass(frozen=True)
class GaussianPulse:
    """``Omega(t) = amplitude * exp(-(t - center)^2 / (2 width^2))``, vectorised over ``t``.

    Examples
    --------
    >>> from qbattery.models.multilevel.stirap import GaussianPulse
    >>> pulse = GaussianPulse(2.0, 5.0, 1.0)
    >>> float(pulse(5.0)), round(float(pulse(6.0)), 6)     # 2 e^{-1/2} = 1.213061
    (2.0, 1.213061)
    """

    amplitude: float
    center: float
    width: float

    def __post_init__(self) -> None:
        if not self.width > 0:
            raise QBatteryValueError(f"GaussianPulse.width: must be positive, got {self.width}")

    def log(self, t: float | np.ndarray) -> float | np.ndarray:
        """``log Omega(t)`` (amplitude > 0): finite far in the tails where ``Omega`` underflows.

        Examples
        --------
        ``log Omega`` stays finite where ``Omega`` underflows to 0:

        >>> from qbattery.models.multilevel.stirap import GaussianPulse
        >>> pulse = GaussianPulse(1.0, 0.0, 1.0)
        >>> float(pulse(100.0)), float(pulse.log(100.0))
        (0.0, -5000.0)
        """
        t = np.asarray(t, dtype=float)
        return (math.log(self.amplitude) - (t - self.center) ** 2 / (2 * self.width**2))[()]

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        t = np.asarray(t, dtype=float)
        return (self.amplitude * np.exp(-((t - self.center) ** 2) / (2 * self.width**2)))[()]

    def log_derivative(self, t: float | np.ndarray) -> float | np.ndarray:
        """``d log Omega / dt = -(t - center) / width^2``.

        Examples
        --------
        >>> from qbattery.models.multilevel.stirap import GaussianPulse
        >>> float(GaussianPulse(1.0, 5.0, 2.0).log_derivative(7.0))       # -(7 - 5) / 2^2
        -0.5
        """
        t = np.asarray(t, dtype=float)
        return (-(t - self.center) / self.width**2)[()]


@dataclass(frozen=True)
class MixingAngleRate:
    """``d theta / dt`` of the STIRAP mixing angle ``tan theta(t) = pump(t) / stokes(t)``.

    With ``r = pump / stokes``: ``theta' = r' / (1 + r^2) = (log r)' / (2 cosh log r)``, which
    stays finite where both pulses underflow. This is the amplitude of the counter-diabatic
    field ``theta'(t) Y_02`` (Demirplak & Rice, J. Phys. Chem. A 107, 9937 (2003); Berry,
    J. Phys. A 42, 365303 (2009); for STIRAP Chen et al., PRL 105, 123003 (2010)).

    Examples
    --------
    Equal pulses at the same time: ``tan theta = 1`` and a constant angle, so ``dtheta/dt = 0``:

    >>> from qbattery.models.multilevel.stirap import GaussianPulse, MixingAngleRate
    >>> pulse = GaussianPulse(1.0, 5.0, 1.0)
    >>> rate = MixingAngleRate(pulse, pulse)
    >>> round(float(rate.angle(3.0)), 12) == round(float(np.pi / 4), 12), float(rate(3.0))
    (True, 0.0)
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
        """``theta(t) = arctan(pump / stokes)`` in ``[0, pi/2]``.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.models.multilevel.stirap import GaussianPulse, MixingAngleRate
        >>> rate = MixingAngleRate(GaussianPulse(1.0, 6.0, 1.0), GaussianPulse(1.0, 4.0, 1.0))
        >>> round(float(rate.angle(5.0)), 12) == round(float(np.pi / 4), 12)   # the pulses cross
        True
        """
        log_ratio = np.asarray(self.pump.log(t)) - np.asarray(self.stokes.log(t))
        return np.arctan(np.exp(np.clip(log_ratio, -700, 700)))[()]


def _density_matrix(value: Any, name: str) -> np.ndarray:
    """A validated three-level density matrix (a ket becomes its projector)."""
    array = as_array(value, name)
    check_finite(array, name)
    if array.shape == (3,):
        check_ket(array, name)
        return density_matrix(array)
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
        return ground(), {"battery_state": "ground", **selected}
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
    return ground(), {**record, "postselection_probability": probability}


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
    level_1, level_2 = three_level_energies(omega_1, omega_2)
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

    terms: list = [delta * diagonal(0.0, 1.0, 0.0)]
    terms += [(transition(0, 1) / 2, pump), (transition(1, 2) / 2, stokes)]
    if counterdiabatic:
        terms.append((transition(0, 2, "y"), MixingAngleRate(pump, stokes)))
    return Battery(
        terms,
        diagonal(0.0, level_1, level_2),
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
