"""The ``[measurement]`` table: measuring the battery while it charges (review sec. 5.2).

``kind`` picks the scheme:

- ``"zeno"``: a non-selective projective measurement of ``H_B`` on the battery every
  ``interval`` (in the unit of ``[times]``), the protection step of the Zeno protocol
  (:class:`qbattery.Battery` ``measurement_interval``; Gherardini et al., PRR 2, 013095 (2020)).
- ``"homodyne_feedback"``: continuous homodyne detection of a channel ``c = sqrt(rate) L`` with
  efficiency ``eta`` and the current fed back at once as ``H_fb = I(t) gain A`` (Mitchison,
  Goold & Prior, Quantum 5, 500 (2021)). The charging curves are those of the averaged state,
  exact by the Wiseman-Milburn feedback master equation (Wiseman, PRA 49, 2133 (1994);
  :func:`qbattery.studies.feedback.feedback_battery`). With ``trajectories = n`` the
  experiment also integrates ``n`` seeded stochastic trajectories
  (:func:`qbattery.studies.feedback.feedback_charging`, step ``dt``) and records what an
  observer who keeps the record gets: ``conditional_ergotropy`` and its standard error, and
  the trajectory-averaged energy with its standard error (which agrees with the master
  equation within its error bars).

``L`` and ``A`` are named operators on one subsystem (``lowering``, ``raising``, ``number``,
``x``, ``y``; :func:`qbattery.experiment.environment.local_operator`), embedded in the full
space. The feedback delay is an argument of ``feedback_charging`` in Python; an experiment
file's feedback acts without delay, where the master equation is exact.

>>> section = Feedback.model_validate({
...     "kind": "homodyne_feedback",
...     "measured": {"operator": "lowering", "subsystem": 0, "rate": 0.2},
...     "feedback": {"operator": "x", "subsystem": 0, "gain": 0.3}})
>>> section.efficiency, section.trajectories
(1.0, 0)
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import Field

from qbattery.battery import Battery
from qbattery.experiment.environment import _Coupled
from qbattery.experiment.sections import Section
from qbattery.linalg import embed_operator
from qbattery.studies.feedback import feedback_battery, feedback_charging

__all__ = ["MEASUREMENTS", "Feedback", "MeasurementSection", "Zeno"]

Positive = Annotated[float, Field(gt=0)]


class Zeno(Section):
    """``kind = "zeno"``: measure ``H_B`` non-selectively every ``interval``."""

    kind: Literal["zeno"]
    interval: Positive

    def attach(self, battery: Battery, time_scale: float) -> Battery:
        """``battery`` measured every ``interval`` (dimensionless: times ``time_scale``)."""
        return battery.replace(measurement_interval=self.interval * time_scale)


class Measured(_Coupled):
    rate: Positive


class Fed(_Coupled):
    gain: float


class Feedback(Section):
    """``kind = "homodyne_feedback"``: homodyne detection, linear feedback (module docstring)."""

    kind: Literal["homodyne_feedback"]
    measured: Measured
    feedback: Fed
    efficiency: Annotated[float, Field(gt=0, le=1)] = 1.0
    trajectories: Annotated[int, Field(ge=0)] = 0
    dt: Positive = 1e-3

    def operators(self, battery: Battery) -> tuple[np.ndarray, np.ndarray]:
        """``(c, F)``: the monitored channel and the feedback operator on the full space."""
        dims = list(battery.dims)
        parts = []
        for name, part, factor in (
            ("measured", self.measured, np.sqrt(self.measured.rate)),
            ("feedback", self.feedback, self.feedback.gain),
        ):
            local = part.coupling(battery, ("measurement", name))
            parts.append(factor * embed_operator(local, dims, [part.subsystem]).toarray())
        return parts[0], parts[1]

    def attach(self, battery: Battery, time_scale: float) -> Battery:
        """The Wiseman-Milburn feedback battery (its Lindblad form, module docstring)."""
        c, f = self.operators(battery)
        return feedback_battery(battery, measured=c, feedback=f, efficiency=self.efficiency)

    def trajectories_run(
        self, battery: Battery, times: np.ndarray, seed: int | None
    ) -> dict[str, np.ndarray]:
        """The curves of ``trajectories`` seeded stochastic trajectories of the bare
        ``battery`` (none if ``trajectories`` is 0): ``conditional_ergotropy``,
        ``conditional_ergotropy_error``, ``trajectory_energy`` and ``trajectory_energy_error``.
        """
        if not self.trajectories:
            return {}
        c, f = self.operators(battery)
        run = feedback_charging(
            battery,
            times,
            measured=c,
            feedback=f,
            efficiency=self.efficiency,
            trajectories=self.trajectories,
            seed=seed or 0,
            dt=self.dt,
        )
        return {
            "conditional_ergotropy": run.conditional_ergotropy,
            "conditional_ergotropy_error": run.conditional_ergotropy_error,
            "trajectory_energy": run.energy,
            "trajectory_energy_error": run.energy_error,
        }


#: The ``kind`` names.
MEASUREMENTS = ("zeno", "homodyne_feedback")

MeasurementSection = Annotated[Zeno | Feedback, Field(discriminator="kind")]
