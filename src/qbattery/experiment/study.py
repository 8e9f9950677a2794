"""``[sweep.study]``: a scaling study over one sweep axis, computed from the points' outputs.

``kind = "scaling"`` over ``axis`` (a size such as ``model.n_atoms``, the sweep's only axis
besides realisations): the points' ``max_average_power`` averaged over realisations per size N
(with its standard error over them), and the power law ``P_max = c N^alpha`` fitted by least
squares on ``log P_max`` (:func:`qbattery.studies.advantage.fit_power_law`, which reports the
exponent's standard error and warns when small sizes dominate). With ``advantage = true`` every
point also records the collective advantage ``Gamma = P_max / (N P_max(cell))`` against one
parallel cell (:class:`qbattery.studies.advantage.Advantage`; review sec. 3.2), and Gamma(N)
gets its own power law. ``fit_range = [low, high]`` restricts the fits to those sizes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field

from qbattery.errors import QBatteryValueError
from qbattery.experiment.sections import Section
from qbattery.studies.advantage import fit_power_law

__all__ = ["StudySection", "run_study", "study_outputs"]


class StudySection(Section):
    """``[sweep.study]`` (module docstring).

    Examples
    --------
    >>> from qbattery.experiment.study import StudySection
    >>> study = StudySection.model_validate({"kind": "scaling", "axis": "model.n_atoms"})
    >>> study.kind, study.advantage
    ('scaling', False)
    """

    kind: Literal["scaling"]
    axis: str
    advantage: bool = False
    fit_range: Annotated[list[float], Field(min_length=2, max_length=2)] | None = None

    def quantities(self) -> list[str]:
        """The point outputs the study reads.

        Examples
        --------
        >>> from qbattery.experiment.study import StudySection
        >>> StudySection.model_validate({"kind": "scaling", "axis": "model.n_atoms"}).quantities()
        ['max_average_power']
        """
        extra = ["parallel_max_average_power", "collective_advantage"] if self.advantage else []
        return ["max_average_power", *extra]


def study_outputs(study: StudySection | None, outputs: Sequence[str]) -> list[str]:
    """``outputs`` with what ``study`` reads appended (each name once, order kept).

    Examples
    --------
    >>> from qbattery.experiment.study import StudySection, study_outputs
    >>> study = StudySection.model_validate({"kind": "scaling", "axis": "model.n_atoms"})
    >>> study_outputs(study, ["energy"])
    ['energy', 'max_average_power']
    """
    needed = [] if study is None else study.quantities()
    return list(dict.fromkeys([*outputs, *needed]))


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def _law(sizes: np.ndarray, values: np.ndarray, fit_range: Any, prefix: str) -> dict[str, Any]:
    if sizes.size < 2:
        return {}
    law = fit_power_law(sizes, values, fit_range=fit_range)
    return {
        f"{prefix}_exponent": law.exponent,
        f"{prefix}_exponent_error": _finite(law.exponent_error),
        f"{prefix}_prefactor": law.prefactor,
        f"{prefix}_fit_range": list(law.fit_range),
    }


def run_study(
    study: StudySection,
    coordinates: Sequence[Mapping[str, Any]],
    outputs: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The study's results, JSON-ready, from the points' coordinates and outputs (same order).

    Returns
    -------
    dict
        ``axis``, ``sizes``, per size the mean ``max_average_power`` and its standard error
        over realisations (None for one), ``power_exponent`` with ``power_exponent_error``
        (None with two sizes), ``power_prefactor``, ``power_fit_range``; with ``advantage``
        the same for ``collective_advantage`` (``advantage_exponent``, ...).

    Examples
    --------
    ``P_max = 0.1 N^2`` over N = 1, 2, 4 is fitted with exponent 2 exactly:

    >>> from qbattery.experiment.study import StudySection, run_study
    >>> study = StudySection.model_validate({"kind": "scaling", "axis": "model.n_atoms"})
    >>> coordinates = [{"model.n_atoms": n} for n in (1, 2, 4)]
    >>> outputs = [{"max_average_power": 0.1 * n**2} for n in (1, 2, 4)]
    >>> results = run_study(study, coordinates, outputs)
    >>> sorted(results)  # doctest: +NORMALIZE_WHITESPACE
    ['axis', 'max_average_power', 'max_average_power_error', 'power_exponent',
     'power_exponent_error', 'power_fit_range', 'power_prefactor', 'sizes']
    """
    if len(coordinates) != len(outputs):
        raise QBatteryValueError(
            f"outputs: {len(outputs)} outputs for {len(coordinates)} points; give one per point"
        )
    groups: dict[Any, list[Mapping[str, Any]]] = {}
    for where, values in zip(coordinates, outputs, strict=True):
        groups.setdefault(where[study.axis], []).append(values)
    order = sorted(groups)
    sizes = np.array(order, dtype=float)
    fit_range = None if study.fit_range is None else tuple(study.fit_range)
    summary: dict[str, Any] = {"axis": study.axis, "sizes": order}
    for name, prefix in (("max_average_power", "power"), ("collective_advantage", "advantage")):
        if name not in study.quantities():
            continue
        samples = [np.array([float(point[name]) for point in groups[n]]) for n in order]
        means = np.array([s.mean() for s in samples])
        errors = [
            _finite(float(s.std(ddof=1) / np.sqrt(s.size))) if s.size > 1 else None for s in samples
        ]
        summary[name] = means.tolist()
        summary[f"{name}_error"] = errors
        summary.update(_law(sizes, means, fit_range, prefix))
    return summary
