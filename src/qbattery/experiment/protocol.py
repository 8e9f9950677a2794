"""The ``[protocol]`` table: the control ``lambda(t)`` as data, turned into a callable.

Direct charging ``H(t) = H_0 + lambda(t) H_1`` (review eq. 29) and charger-mediated charging
``H(t) = H_C + H_B + lambda(t) H_1`` (eqs. 30-31). ``shape`` picks the form of lambda(t):

=============  ================================================================  ================
shape          lambda(t)                                                         parameters
=============  ================================================================  ================
``step``       ``amplitude`` for ``t_on <= t < t_off`` (no ``t_off``: for ever)  amplitude, t_on,
                                                                                 t_off
``square``     ``amplitude`` for ``t_on <= t < t_on + duration``                 amplitude, t_on,
                                                                                 duration
``ramp``       ``amplitude sin^2(pi t / (2 duration))`` up to ``duration``,      amplitude,
               then ``amplitude``                                                duration
``piecewise``  ``values[i]`` on ``[edges[i], edges[i+1])``                       edges, values
``gaussian``   ``amplitude exp(-(t - center)^2 / (2 width^2))``                  amplitude,
                                                                                 center, width
``sin2``       ``amplitude sin^2(pi (t - t_on) / duration)`` on                  amplitude, t_on,
               ``[t_on, t_on + duration]``, 0 outside                            duration
``harmonic``   ``amplitude cos(frequency t + phase)`` up to ``duration``, then   amplitude,
               held at its value there (no ``duration``: for ever)               frequency, phase,
                                                                                 duration
=============  ================================================================  ================

Step, square and piecewise pulses are piecewise constant (exact propagators between their
switches); the others go to an ODE solver. ``scales`` names the model parameter that
lambda(t) multiplies (:mod:`qbattery.experiment.model`). No expression is ever evaluated:
each shape is a class whose fields are its parameters. Its times are in the unit of
``[times]``: dimensionless for a catalogue model, ``times.unit`` for a preset
(``function(time_scale)`` converts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from qbattery.errors import QBatteryError
from qbattery.experiment.sections import Section
from qbattery.models.multilevel.stirap import GaussianPulse
from qbattery.protocols import Harmonic, Piecewise, Protocol, Ramp, Step

__all__ = ["PROTOCOLS", "ProtocolSection", "SineSquaredPulse"]


@dataclass(frozen=True)
class SineSquaredPulse:
    """``lambda(t) = amplitude sin^2(pi (t - t_on) / duration)`` on ``[t_on, t_on + duration]``.

    Zero outside; it and its first derivative are continuous (a Hann window).

    Examples
    --------
    >>> pulse = SineSquaredPulse(2.0, 1.0, 4.0)
    >>> float(pulse(3.0)), float(pulse(0.5)), float(pulse(6.0))
    (2.0, 0.0, 0.0)
    """

    amplitude: float
    t_on: float
    duration: float

    def __call__(self, t: float | np.ndarray) -> float | np.ndarray:
        t = np.asarray(t, dtype=float)
        inside = (t >= self.t_on) & (t <= self.t_on + self.duration)
        phase = np.pi * (t - self.t_on) / self.duration
        return np.where(inside, self.amplitude * np.sin(phase) ** 2, 0.0)[()]


class _Shape(Section):
    scales: str | None = None

    @model_validator(mode="after")
    def _buildable(self) -> _Shape:
        try:
            self.function()
        except QBatteryError as exc:
            raise ValueError(str(exc)) from None
        return self

    def function(self, time_scale: float = 1.0) -> Protocol:
        """lambda(t) as a callable (a :mod:`qbattery.protocols` object where one exists) of
        the dimensionless time, its own times multiplied by ``time_scale`` (the dimensionless
        time of one unit of ``[times]``)."""
        raise NotImplementedError


class StepShape(_Shape):
    shape: Literal["step"]
    amplitude: float = 1.0
    t_on: float = 0.0
    t_off: float | None = None

    def function(self, time_scale: float = 1.0) -> Protocol:
        t_off = np.inf if self.t_off is None else self.t_off * time_scale
        return Step(self.amplitude, self.t_on * time_scale, t_off)


class SquareShape(_Shape):
    shape: Literal["square"]
    duration: float = Field(gt=0)
    amplitude: float = 1.0
    t_on: float = 0.0

    def function(self, time_scale: float = 1.0) -> Protocol:
        t_on = self.t_on * time_scale
        return Step(self.amplitude, t_on, t_on + self.duration * time_scale)


class RampShape(_Shape):
    shape: Literal["ramp"]
    duration: float = Field(gt=0)
    amplitude: float = 1.0

    def function(self, time_scale: float = 1.0) -> Protocol:
        return Ramp(self.duration * time_scale, self.amplitude)


class PiecewiseShape(_Shape):
    shape: Literal["piecewise"]
    edges: list[float]
    values: list[float]

    def function(self, time_scale: float = 1.0) -> Protocol:
        return Piecewise(tuple(edge * time_scale for edge in self.edges), tuple(self.values))


class GaussianShape(_Shape):
    shape: Literal["gaussian"]
    center: float
    width: float = Field(gt=0)
    amplitude: float = 1.0

    def function(self, time_scale: float = 1.0) -> Protocol:
        return GaussianPulse(self.amplitude, self.center * time_scale, self.width * time_scale)


class SineSquaredShape(_Shape):
    shape: Literal["sin2"]
    duration: float = Field(gt=0)
    amplitude: float = 1.0
    t_on: float = 0.0

    def function(self, time_scale: float = 1.0) -> Protocol:
        return SineSquaredPulse(self.amplitude, self.t_on * time_scale, self.duration * time_scale)


class HarmonicShape(_Shape):
    shape: Literal["harmonic"]
    frequency: float
    amplitude: float = 1.0
    phase: float = 0.0
    duration: float | None = Field(default=None, gt=0)

    def function(self, time_scale: float = 1.0) -> Protocol:
        duration = np.inf if self.duration is None else self.duration * time_scale
        return Harmonic(self.amplitude, self.frequency / time_scale, self.phase, duration)


#: The ``shape`` names, in the order of the module docstring.
PROTOCOLS = ("step", "square", "ramp", "piecewise", "gaussian", "sin2", "harmonic")

ProtocolSection = Annotated[
    StepShape
    | SquareShape
    | RampShape
    | PiecewiseShape
    | GaussianShape
    | SineSquaredShape
    | HarmonicShape,
    Field(discriminator="shape"),
]
