"""A sweep: an experiment file with a ``[sweep]`` table, expanded into complete documents.

- ``[sweep.axes]``: ``"dotted.path" = [values]``, one Cartesian axis each, in file order.
- ``[[sweep.zip]]``: paths whose equal-length value lists move together (one axis per group).
- ``[[sweep.scale]]``: ``path``, ``by``, ``exponent``: after the overrides,
  ``path <- path * by**exponent`` (``model.coupling`` by ``model.n_atoms`` with exponent
  -0.5 is g proportional to 1/sqrt(N); the time grid can shrink the same way).
- ``realisations = K``: K disorder realisations of every point, with seeds
  ``realisation_seeds(seed, K)`` (:func:`qbattery.studies.disorder.realisation_seeds`) written
  into the point's ``seed``; realisation k's seed does not depend on K.
- ``[sweep.study]``: a study over one axis from the points' outputs
  (:mod:`qbattery.experiment.study`).

The points are the product of the axes, then the zipped groups, then the realisations, the
last varying fastest. Paths address the document: ``model.n_atoms``, ``times.stop``,
``environment.baths.0.width`` (an integer indexes a list).
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, ValidationError, model_validator

from qbattery.experiment.identity import experiment_hash
from qbattery.experiment.locate import Source
from qbattery.experiment.schema import Experiment
from qbattery.experiment.sections import Section, field_error, located
from qbattery.experiment.study import StudySection, run_study, study_outputs
from qbattery.studies.disorder import realisation_seeds

__all__ = ["Sweep", "SweepPoint", "SweepSection", "experiment_hash"]

Value = int | float | bool | str
Values = Annotated[list[Value], Field(min_length=1)]


class ScaleRule(Section):
    path: str
    by: str
    exponent: float


class SweepSection(Section):
    """``[sweep]`` (module docstring).

    Examples
    --------
    >>> from qbattery.experiment.sweep import SweepSection
    >>> section = SweepSection.model_validate({"axes": {"model.coupling": [0.1, 0.2]}})
    >>> section.axes
    {'model.coupling': [0.1, 0.2]}
    """

    axes: dict[str, Values] = Field(default_factory=dict)
    zip: list[dict[str, Values]] = Field(default_factory=list)
    scale: list[ScaleRule] = Field(default_factory=list)
    realisations: Annotated[int, Field(ge=1)] | None = None
    study: StudySection | None = None

    @model_validator(mode="after")
    def _consistent(self) -> SweepSection:
        seen: set[str] = set()
        for index, group in enumerate(self.zip):
            if len({len(v) for v in group.values()}) > 1:
                raise field_error(
                    ("zip", index), "the value lists of a zipped group must have equal lengths"
                )
        for key, path in [(("axes", p), p) for p in self.axes] + [
            (("zip", i, p), p) for i, g in enumerate(self.zip) for p in g
        ]:
            if path in seen:
                raise field_error(key, f"{path!r} is swept twice; sweep each path once")
            seen.add(path)
        if not (self.axes or self.zip or self.realisations):
            raise field_error((), "give axes, zip groups or realisations to sweep")
        if self.study is not None and self.paths != [self.study.axis]:
            raise field_error(
                ("study", "axis"),
                f"the study needs {self.study.axis!r} to be the only swept path (besides "
                f"realisations); the sweep has {self.paths}",
            )
        return self

    @property
    def paths(self) -> list[str]:
        """Every swept path, in coordinate order."""
        return [*self.axes, *(p for group in self.zip for p in group)]


@dataclass(frozen=True)
class SweepPoint:
    """One point: its ``coordinates`` (swept path -> value, then ``realisation``) and the
    complete single-experiment ``document`` it stands for.

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> sweep = ex.validate({"model": {"name": "rabi", "coupling": 0.1},
    ...                      "times": {"stop": 1.0, "num": 2},
    ...                      "sweep": {"axes": {"model.coupling": [0.1, 0.2]}}})
    >>> point = sweep.points()[1]
    >>> point.coordinates, point.document["model"]["coupling"]
    ({'model.coupling': 0.2}, 0.2)
    """

    coordinates: dict[str, Any]
    document: dict[str, Any]


def _parts(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in path.split(".")]


def _get(document: Any, path: str) -> Any:
    for part in _parts(path):
        document = document[part]
    return document


def _set(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = _parts(path)
    node: Any = document
    for part in parents:
        node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
    node[last] = value


@dataclass(frozen=True)
class Sweep:
    """A base experiment document and the ``[sweep]`` table that varies it.

    Attributes
    ----------
    base : dict
        The canonical document of the experiment without ``[sweep]``.
    section : SweepSection
    source : Source
        The file, for errors.
    context : dict
        Validation context of the documents (the file's directory and allowed paths).

    Examples
    --------
    Two couplings, one point each:

    >>> import qbattery.experiment as ex
    >>> sweep = ex.validate({"model": {"name": "rabi", "coupling": 0.1},
    ...                      "times": {"stop": 1.0, "num": 2},
    ...                      "sweep": {"axes": {"model.coupling": [0.1, 0.2]}}})
    >>> type(sweep).__name__, len(sweep.points())
    ('Sweep', 2)
    """

    base: dict[str, Any]
    section: SweepSection
    source: Source
    context: Mapping[str, Any]

    def _factors(self) -> list[list[list[tuple[str, Any]]]]:
        factors = [[[(path, v)] for v in values] for path, values in self.section.axes.items()]
        for group in self.section.zip:
            factors.append(
                [list(zip(group, row, strict=True)) for row in zip(*group.values(), strict=True)]
            )
        if self.section.realisations is not None:
            factors.append([[("realisation", k)] for k in range(self.section.realisations)])
        return factors

    def _document(self, coordinates: dict[str, Any]) -> dict[str, Any]:
        document = copy.deepcopy(self.base)
        for path in self.section.paths:
            _set(document, path, coordinates[path])
        for rule in self.section.scale:
            scaled = _get(document, rule.path) * _get(document, rule.by) ** rule.exponent
            _set(document, rule.path, scaled)
        if "realisation" in coordinates:
            seeds = realisation_seeds(self.base["seed"], coordinates["realisation"] + 1)
            document["seed"] = int(seeds[-1])
        document["outputs"] = study_outputs(self.section.study, document["outputs"])
        return document

    def points(self) -> list[SweepPoint]:
        """Every point, in order (module docstring), each document validated.

        Examples
        --------
        >>> import qbattery.experiment as ex
        >>> sweep = ex.validate({"model": {"name": "rabi", "coupling": 0.1},
        ...                      "times": {"stop": 1.0, "num": 2},
        ...                      "sweep": {"axes": {"model.coupling": [0.1, 0.2]}}})
        >>> [point.coordinates for point in sweep.points()]
        [{'model.coupling': 0.1}, {'model.coupling': 0.2}]
        """
        points = []
        for combination in itertools.product(*self._factors()):
            coordinates = dict(pair for part in combination for pair in part)
            document = self._document(coordinates)
            try:
                experiment = Experiment.model_validate(document, context=dict(self.context))
            except ValidationError as exc:
                error = located(exc, document, Source.none())
                first = next(iter(coordinates), None)
                key = ("sweep", "axes", first) if first in self.section.axes else ("sweep",)
                raise self.source.error(key, f"at {coordinates}: {error}") from None
            points.append(SweepPoint(coordinates, experiment.document()))
        return points

    def identity(self) -> dict[str, Any]:
        """What the sweep is, without its axis values or number of realisations: growing an
        axis keeps the identity, and only the new points are new.

        Examples
        --------
        Growing an axis keeps the identity:

        >>> import qbattery.experiment as ex
        >>> def sweep(values):
        ...     return ex.validate({"model": {"name": "rabi", "coupling": 0.1},
        ...                         "times": {"stop": 1.0, "num": 2},
        ...                         "sweep": {"axes": {"model.coupling": values}}})
        >>> sweep([0.1, 0.2]).identity() == sweep([0.1, 0.2, 0.3]).identity()
        True
        """
        base = copy.deepcopy(self.base)
        for path in self.section.paths:
            _set(base, path, None)
        if self.section.realisations is not None:
            base["seed"] = self.base["seed"]
        return {
            "base": base,
            "axes": list(self.section.axes),
            "zip": [list(group) for group in self.section.zip],
            "scale": [rule.model_dump(mode="json") for rule in self.section.scale],
            "realisations": self.section.realisations is not None,
            "study": None
            if self.section.study is None
            else self.section.study.model_dump(mode="json", exclude_none=True),
        }

    def study(
        self, points: Sequence[SweepPoint], outputs: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any] | None:
        """The ``[sweep.study]`` computed from the points' outputs (None without a study).

        Examples
        --------
        Without a ``[sweep.study]`` there is nothing to compute:

        >>> import qbattery.experiment as ex
        >>> sweep = ex.validate({"model": {"name": "rabi", "coupling": 0.1},
        ...                      "times": {"stop": 1.0, "num": 2},
        ...                      "sweep": {"axes": {"model.coupling": [0.1, 0.2]}}})
        >>> sweep.study(sweep.points(), [{}, {}]) is None
        True
        """
        if self.section.study is None:
            return None
        return run_study(self.section.study, [p.coordinates for p in points], outputs)
