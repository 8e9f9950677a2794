"""Charging protocols: the classical control ``lambda(t)`` that switches a term on and off.

Direct charging (review eq. 29) is ``H(t) = H_B + lambda(t) H_1`` and charger-mediated charging
(eqs. 30-31) is ``H(t) = H_C + H_B + lambda(t) H_1``. A protocol is a callable ``f(t)`` accepting
scalars or arrays. Piecewise-constant protocols (:class:`Step`, :class:`Piecewise`) also report
their switching times, so exact propagators can be used between switches; any other callable
(:class:`Ramp`, a user function) is integrated by an ODE solver.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.errors import QBatteryTypeError, QBatteryValueError

__all__ = ["Harmonic", "Piecewise", "Ramp", "Step", "as_protocol", "switching_times"]


@dataclass(frozen=True)
class Step:
    """``lambda(t) = amplitude`` for ``t_on <= t < t_off``, else 0 (review eq. 29).

    The default (``t_on = 0``, ``t_off = inf``) keeps the charging term on throughout.

    Examples
    --------
    >>> from qbattery.protocols import Step
    >>> step = Step(2.0, t_on=1.0, t_off=3.0)
    >>> float(step(0.5)), float(step(1.0)), float(step(3.0))
    (0.0, 2.0, 0.0)
    """

    amplitude: float = 1.0
    t_on: float = 0.0
    t_off: float = np.inf

    def __post_init__(self) -> None:
        if not self.t_off > self.t_on:
            raise QBatteryValueError(
                f"Step: t_off ({self.t_off}) must be later than t_on ({self.t_on})"
            )

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        t = np.asarray(t, dtype=float)
        return np.where((t >= self.t_on) & (t < self.t_off), self.amplitude, 0.0)[()]

    @property
    def switches(self) -> tuple[float, ...]:
        return tuple(s for s in (self.t_on, self.t_off) if np.isfinite(s) and s > 0)


@dataclass(frozen=True)
class Piecewise:
    """Piecewise-constant pulse: ``values[i]`` on ``[edges[i], edges[i+1])``, 0 outside.

    Parameters
    ----------
    edges : sequence of float, length n + 1, strictly increasing
    values : sequence of float, length n

    Examples
    --------
    >>> from qbattery.protocols import Piecewise
    >>> pulse = Piecewise((0.0, 1.0, 2.0), (1.0, -1.0))
    >>> float(pulse(0.5)), float(pulse(1.5)), float(pulse(3.0))
    (1.0, -1.0, 0.0)
    """

    edges: tuple[float, ...]
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        edges = tuple(float(e) for e in self.edges)
        values = tuple(float(v) for v in self.values)
        if len(edges) != len(values) + 1 or not values:
            raise QBatteryValueError(
                f"Piecewise: need len(edges) == len(values) + 1 >= 2, got {len(edges)} edges and "
                f"{len(values)} values"
            )
        if np.any(np.diff(edges) <= 0):
            raise QBatteryValueError(f"Piecewise.edges: must be strictly increasing, got {edges}")
        object.__setattr__(self, "edges", edges)
        object.__setattr__(self, "values", values)

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        t = np.asarray(t, dtype=float)
        index = np.searchsorted(self.edges, t, side="right") - 1
        inside = (index >= 0) & (index < len(self.values))
        values = np.asarray(self.values)[np.clip(index, 0, len(self.values) - 1)]
        return np.where(inside, values, 0.0)[()]

    @property
    def switches(self) -> tuple[float, ...]:
        return tuple(e for e in self.edges if e > 0)


@dataclass(frozen=True)
class Ramp:
    """Smooth switch-on ``lambda(t) = amplitude * sin^2(pi t / (2 duration))`` for t < duration.

    Constant ``amplitude`` afterwards. Avoids the sudden quench of a step (review sec. 3.1).

    Examples
    --------
    Half way through the ramp ``sin^2(pi/4) = 0.5``:

    >>> from qbattery.protocols import Ramp
    >>> ramp = Ramp(2.0)
    >>> round(float(ramp(1.0)), 12), float(ramp(3.0))
    (0.5, 1.0)
    """

    duration: float
    amplitude: float = 1.0

    def __post_init__(self) -> None:
        if not self.duration > 0:
            raise QBatteryValueError(f"Ramp.duration: must be positive, got {self.duration}")

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        t = np.asarray(t, dtype=float)
        rising = np.sin(np.pi * np.clip(t, 0.0, self.duration) / (2 * self.duration)) ** 2
        return (self.amplitude * rising)[()]


@dataclass(frozen=True)
class Harmonic:
    """``lambda(t) = amplitude * cos(frequency * t + phase)`` for ``t < duration``, then held.

    After ``duration`` the protocol keeps the value it reached there, so a pulse pair ending
    on a stationary configuration stays on it. Two uses (review sec. 5.3): a periodic drive
    (``duration = inf``, Floquet engineering; Bai & An, PRA 102, 060201 (2020)) and the
    sin/cos pulse pair of adiabatic passage, ``Omega_12 = Omega sin(pi t / 2 tau)``
    (``phase = -pi/2``) and ``Omega_23 = Omega cos(pi t / 2 tau)`` with
    ``frequency = pi / (2 tau)``, ``duration = tau`` (Santos et al., PRE 100, 032107 (2019)).

    Examples
    --------
    >>> pulse = Harmonic(amplitude=2.0, frequency=np.pi / 2, phase=-np.pi / 2, duration=1.0)
    >>> [round(float(pulse(t)), 12) for t in (0.0, 1.0, 3.0)]
    [0.0, 2.0, 2.0]
    """

    amplitude: float
    frequency: float
    phase: float = 0.0
    duration: float = np.inf

    def __post_init__(self) -> None:
        for name in ("amplitude", "frequency", "phase"):
            if not np.isfinite(getattr(self, name)):
                raise QBatteryValueError(
                    f"Harmonic.{name}: must be finite, got {getattr(self, name)!r}"
                )
        if not self.duration > 0:
            raise QBatteryValueError(
                f"Harmonic.duration: must be positive (inf for a drive that never stops), "
                f"got {self.duration!r}"
            )

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        t = np.minimum(np.asarray(t, dtype=float), self.duration)
        return (self.amplitude * np.cos(self.frequency * t + self.phase))[()]


Protocol = Callable[[Any], Any]


def as_protocol(value: object, name: str = "protocol") -> Protocol:
    """Accept a protocol object, a number (constant) or any callable ``f(t) -> float``.

    Examples
    --------
    >>> from qbattery.protocols import as_protocol
    >>> float(as_protocol(0.5)(10.0)), float(as_protocol(lambda t: 2 * t)(1.5))
    (0.5, 3.0)
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Step(amplitude=float(value))
    if callable(value):
        return value
    raise QBatteryTypeError(
        f"{name}: expected a number or a callable f(t) -> float (e.g. qbattery.protocols.Step), "
        f"got {type(value).__name__}"
    )


def switching_times(protocols: Sequence[Protocol]) -> tuple[float, ...] | None:
    """Sorted switching times if every protocol is piecewise constant, else ``None``.

    Examples
    --------
    >>> from qbattery.protocols import Step, switching_times
    >>> switching_times([Step(t_on=1.0, t_off=2.0), Step(t_off=0.5)])
    (0.5, 1.0, 2.0)
    >>> switching_times([lambda t: t]) is None
    True
    """
    times: set[float] = set()
    for protocol in protocols:
        switches = getattr(protocol, "switches", None)
        if switches is None:
            return None
        times.update(switches)
    return tuple(sorted(times))
