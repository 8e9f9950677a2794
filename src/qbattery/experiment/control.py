"""The ``[control]`` table: an optimised charging protocol for the experiment's model (issue 14).

The coupling that ``scales`` names (default ``coupling`` for a catalogue model; a preset's
quantity; a user battery's ``charging_hamiltonian``) becomes the control ``lambda(t)``: the
model is built with that parameter at its value ``p`` and at 0, ``H_1 = (H(p) - H(0)) / p``
(:mod:`qbattery.experiment.model`, as for ``[protocol]``), and the battery is charged by

    H(t) = H(0) + lambda(t) H_1,   |lambda(t)| <= bound,

so ``lambda`` is in the parameter's own unit and ``lambda = p`` is the model as written.
``lambda`` is piecewise constant on ``segments`` equal slices of ``[0, T]`` (``basis =
"piecewise"``), or ``bound * tanh`` of a Fourier series with ``modes`` harmonics sampled on them
(``"fourier"``), and optimised by exact GRAPE gradients and L-BFGS-B
(:func:`qbattery.studies.control.optimise_protocol`) for ``objective``: the ergotropy at ``T``,
the average power ``W(T)/T`` or ``F_alpha = W / T^alpha`` (review eq. 16).

The baseline is a constant coupling: with ``compare_with_constant = true`` the best constant
``|a| <= bound`` on a grid of ``scan`` values, from which the optimiser starts
(as :func:`qbattery.studies.control.compare_with_constant` does); otherwise the model as written,
``lambda = p`` (the optimiser starts from ``p`` clipped into the bound). ``gain = value /
baseline``. ``duration`` and ``free_duration`` are in the unit of ``[times]``; with
``free_duration = [low, high]`` the optimiser also chooses ``T`` in it.

>>> section = ControlSection.model_validate({"bound": 1.0, "segments": 8})
>>> section.objective, section.basis, section.compare_with_constant
('ergotropy', 'piecewise', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, model_validator

from qbattery.battery import Battery
from qbattery.experiment.sections import Section, field_error
from qbattery.studies.control import OptimisedProtocol, optimise_protocol
from qbattery.studies.control.problem import control_problem

__all__ = ["ControlOutcome", "ControlSection"]

Positive = Annotated[float, Field(gt=0)]


class ControlSection(Section):
    """``[control]`` (module docstring; keys in ``docs/experiments.md``).

    Examples
    --------
    >>> section = ControlSection.model_validate(
    ...     {"objective": "power", "bound": 0.5, "free_duration": [1.0, 4.0], "duration": 2.0})
    >>> section.free_duration, section.iterations
    ([1.0, 4.0], 200)
    """

    objective: Literal["ergotropy", "power", "f_alpha"] = "ergotropy"
    alpha: Annotated[float, Field(ge=0, le=1)] = 0.5
    basis: Literal["piecewise", "fourier"] = "piecewise"
    segments: Annotated[int, Field(ge=1)] = 20
    modes: Annotated[int, Field(ge=1)] = 2
    bound: Positive
    scales: str | None = None
    duration: Positive | None = None
    free_duration: Annotated[list[Positive], Field(min_length=2, max_length=2)] | None = None
    iterations: Annotated[int, Field(ge=1)] = 200
    restarts: Annotated[int, Field(ge=0)] = 0
    seed: Annotated[int, Field(ge=0)] | None = None
    compare_with_constant: bool = True
    scan: Annotated[int, Field(ge=2)] = 21

    @model_validator(mode="after")
    def _durations(self) -> ControlSection:
        if self.free_duration is not None:
            low, high = self.free_duration
            if not low < high:
                raise field_error(
                    ("free_duration",), f"give [low, high] with low < high, got {[low, high]}"
                )
            if self.duration is not None and not low <= self.duration <= high:
                raise field_error(
                    ("duration",),
                    f"the starting duration {self.duration} must lie in free_duration "
                    f"[{low}, {high}]; change one of them",
                )
        return self

    def start_duration(self, grid_end: float) -> float:
        """The (starting) duration in the unit of ``[times]``: ``duration``, else the end of
        the grid (the middle of ``free_duration`` if that lies outside it).

        Examples
        --------
        >>> ControlSection.model_validate({"bound": 1.0}).start_duration(5.0)
        5.0
        >>> ControlSection.model_validate(
        ...     {"bound": 1.0, "free_duration": [1.0, 3.0]}).start_duration(5.0)
        2.0
        """
        if self.duration is not None:
            return float(self.duration)
        if self.free_duration is not None:
            low, high = self.free_duration
            if not low <= grid_end <= high:
                return 0.5 * (low + high)
        return float(grid_end)

    def optimise(
        self,
        battery: Battery,
        *,
        value: float,
        grid: np.ndarray,
        time_scale: float = 1.0,
        seed: int | None = None,
    ) -> ControlOutcome:
        """Optimise ``lambda(t)`` for ``battery`` (``H(0) + lambda(t) H_1``, one driven term).

        Parameters
        ----------
        battery : Battery
            Its one driven term is ``H_1`` (the coupling at 1 in its unit).
        value : float
            ``p``, the coupling of the model as written (the baseline without
            ``compare_with_constant``).
        grid : array (n,)
            The experiment's dimensionless time grid (the duration defaults to its end).
        time_scale : float
            Dimensionless time of one unit of ``[times]``.
        seed : int, optional
            For ``restarts`` when the table has no ``seed`` (default 0).

        Returns
        -------
        ControlOutcome

        Examples
        --------
        A qubit ``diag(0, 1) + lambda sigma_x`` from ``|g>``: the best constant ``|a| <= 1``
        reaches at most ``4/5`` (Rabi), the optimised protocol (with three random restarts)
        a full flip:

        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 1.0)], hb, np.array([1.0, 0.0]))
        >>> section = ControlSection.model_validate(
        ...     {"bound": 1.0, "segments": 12, "restarts": 3, "seed": 0})
        >>> outcome = section.optimise(qubit, value=1.0, grid=np.linspace(0, 3, 4))
        >>> bool(outcome.baseline <= 0.8), bool(outcome.value > 0.999)
        (True, True)
        """
        start = self.start_duration(float(grid[-1]) / time_scale) * time_scale
        bounds = None
        if self.free_duration is not None:
            bounds = (self.free_duration[0] * time_scale, self.free_duration[1] * time_scale)
        common: dict[str, Any] = {
            "bound": self.bound,
            "objective": self.objective,
            "alpha": self.alpha,
            "slices": self.segments,
            "basis": self.basis,
            "modes": self.modes,
            "max_iterations": self.iterations,
        }
        chosen_seed = self.seed if self.seed is not None else (seed or 0)
        if self.compare_with_constant:
            kind, tried = "best_constant", np.linspace(-self.bound, self.bound, self.scan)
        else:
            kind, tried = "model", np.array([float(value)])
        constant = control_problem(
            battery,
            start,
            bound=max(self.bound, abs(float(value))),
            objective=self.objective,
            alpha=self.alpha,
            slices=1,
        )
        values = np.array([constant.value(np.array([a])) for a in tried])
        best = int(np.argmax(values))
        baseline, coupling = float(values[best]), float(tried[best])
        optimised = optimise_protocol(
            battery,
            start,
            initial=float(np.clip(coupling, -self.bound, self.bound)),
            duration_bounds=bounds,
            restarts=self.restarts,
            seed=chosen_seed,
            **common,
        )
        return ControlOutcome(optimised, baseline, coupling, kind, time_scale, chosen_seed)


@dataclass(frozen=True, repr=False)
class ControlOutcome:
    """What ``[control]`` found: the optimised protocol and its constant-coupling baseline.

    Attributes
    ----------
    optimised : OptimisedProtocol
    baseline : float
        The objective at the constant coupling ``baseline_coupling`` over the same ``T`` (the
        starting ``T`` when the duration is free).
    baseline_coupling : float
    baseline_kind : str
        ``"best_constant"`` (the best of the scan) or ``"model"`` (the model as written).
    time_scale : float
        Dimensionless time of one unit of ``[times]``.
    seed : int

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery([hb, (sx, 1.0)], hb, np.array([1.0, 0.0]))
    >>> section = ControlSection.model_validate({"bound": 1.0, "compare_with_constant": False})
    >>> outcome = section.optimise(qubit, value=0.5, grid=np.array([0.0, 1.0]))
    >>> outcome.baseline_kind, round(outcome.baseline, 12)          # Rabi: sin^2(sqrt(2) / 2) / 2
    ('model', 0.211014076309)
    >>> bool(outcome.gain >= 1)
    True
    """

    optimised: OptimisedProtocol
    baseline: float
    baseline_coupling: float
    baseline_kind: str
    time_scale: float
    seed: int

    @property
    def value(self) -> float:
        """The objective of the optimised protocol."""
        return self.optimised.value

    @property
    def gain(self) -> float:
        """``value / baseline`` (``inf`` when the baseline does not charge at all)."""
        return self.value / self.baseline if self.baseline > 0 else float("inf")

    def coupling(self, grid: np.ndarray) -> np.ndarray:
        """``lambda(t)`` on the dimensionless ``grid`` (0 from ``T`` on).

        Examples
        --------
        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 1.0)], hb, np.array([1.0, 0.0]))
        >>> section = ControlSection.model_validate({"bound": 1.0, "segments": 4})
        >>> outcome = section.optimise(qubit, value=1.0, grid=np.array([0.0, 1.0]))
        >>> outcome.coupling(np.array([0.5, 1.0, 2.0])).shape
        (3,)
        """
        return np.asarray(self.optimised.protocol(np.asarray(grid, dtype=float)), dtype=float)

    def summary(self) -> dict[str, Any]:
        """The scalars and the protocol (slice edges in the unit of ``[times]``), JSON-ready.

        Examples
        --------
        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 1.0)], hb, np.array([1.0, 0.0]))
        >>> section = ControlSection.model_validate({"bound": 1.0, "segments": 4})
        >>> summary = section.optimise(qubit, value=1.0, grid=np.array([0.0, 1.0])).summary()
        >>> sorted(summary)[:4]
        ['amplitudes', 'baseline', 'baseline_coupling', 'baseline_kind']
        """
        protocol = self.optimised.protocol
        return {
            "objective": self.optimised.objective,
            "value": self.value,
            "baseline": self.baseline,
            "baseline_coupling": self.baseline_coupling,
            "baseline_kind": self.baseline_kind,
            "gain": self.gain,
            "start_value": self.optimised.initial_value,
            "duration": self.optimised.duration / self.time_scale,
            "edges": [float(t) / self.time_scale for t in protocol.edges],
            "amplitudes": [float(a) for a in protocol.values],
            "iterations": len(self.optimised.history) - 1,
            "evaluations": self.optimised.evaluations,
            "converged": self.optimised.converged,
            "seed": self.seed,
        }

    def __repr__(self) -> str:
        return (
            f"ControlOutcome({self.optimised.objective}: {self.value:.6g} against the "
            f"{self.baseline_kind} baseline {self.baseline:.6g}, gain x{self.gain:.4g})"
        )
