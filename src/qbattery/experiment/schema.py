"""One experiment as a validated document: model, protocol, environment, times, solver, metrics
(or, for a collision model, ``[collisions]`` in place of times, protocol, environment and
solver: :mod:`qbattery.experiment.collisions`).

:class:`Experiment` is the pydantic model of a whole experiment file (without ``[sweep]``);
:meth:`Experiment.document` gives back the canonical document (defaults filled in, paths
resolved), which validates to an equal experiment and is what sweeps override and hash.

>>> experiment = Experiment.model_validate(
...     {"model": {"name": "rabi", "coupling": 0.1}, "times": {"stop": 10.0, "num": 11}})
>>> experiment.times.grid()[:3].tolist(), experiment.solver.method, experiment.metrics
([0.0, 1.0, 2.0], 'auto', ['energy', 'power', 'ergotropy'])
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, PrivateAttr, field_validator, model_validator

from qbattery.charge import METHODS
from qbattery.experiment.collisions import COLLISION_METRICS, COLLISION_OUTPUTS, CollisionsSection
from qbattery.experiment.control import ControlSection
from qbattery.experiment.environment import EnvironmentSection
from qbattery.experiment.extraction import EXTRACTION_OUTPUTS, Extraction
from qbattery.experiment.initial_state import InitialState
from qbattery.experiment.locate import Source
from qbattery.experiment.measurement import MeasurementSection
from qbattery.experiment.model import CatalogueModel, ModelSection, OperatorModel, PresetModel
from qbattery.experiment.parameters import SIZE_PARAMETERS, size_parameter
from qbattery.experiment.protection import ProtectionSection
from qbattery.experiment.protocol import ProtocolSection
from qbattery.experiment.remote import REMOTE_OUTPUTS, WAVEGUIDE_OUTPUTS, RemoteSection
from qbattery.experiment.sections import Section, choice, field_error, unknown_key
from qbattery.units import TIME_UNITS

__all__ = [
    "CAPACITY_OUTPUTS",
    "METHOD_NAMES",
    "METRICS",
    "OUTPUTS",
    "Experiment",
    "Solver",
    "Times",
]

#: What ``metrics`` may ask for; energy and power are always computed.
METRICS = (
    "energy",
    "power",
    "ergotropy",
    "fluctuations",
    "resources",
    "local_ergotropy",
    "parallel_ergotropy",
)

#: The scalars of ``[control]`` and ``[protection]`` a sweep point can record.
CONTROL_OUTPUTS = ("control_value", "control_baseline", "control_gain")
PROTECTION_OUTPUTS = ("protected_lifetime", "unprotected_lifetime", "lifetime_gain")

#: Scalars and time series a sweep point can record (``outputs``), see
#: :func:`qbattery.experiment.run.evaluate_point`.
SCALAR_OUTPUTS = (
    "max_average_power",
    "optimal_time",
    "energy_at_optimal_time",
    "ergotropy_at_optimal_time",
    "max_energy",
    "max_ergotropy",
    "final_energy",
    "final_ergotropy",
    "max_power",
    "ergotropy_at_max_energy",
    "parallel_max_average_power",
    "collective_advantage",
    *EXTRACTION_OUTPUTS,
    "capacity",
    "local_capacity",
    "dimension",
    "method",
    *REMOTE_OUTPUTS,
    *CONTROL_OUTPUTS,
    *PROTECTION_OUTPUTS,
)
DEFAULT_OUTPUTS = SCALAR_OUTPUTS[:4]
#: Outputs about the capacity of the final battery state (Yang et al., PRL 131, 030402).
CAPACITY_OUTPUTS = ("capacity", "local_capacity")
ARRAY_OUTPUTS = ("times", "energy", "power", "average_power", "ergotropy", "variance")
OUTPUTS = SCALAR_OUTPUTS + ARRAY_OUTPUTS

#: ``solver.method`` values: ``auto`` and the solvers of :func:`qbattery.charge`.
METHOD_NAMES = ("auto", *METHODS)

Option = int | float | bool | str


class Times(Section):
    """``[times]``: ``start``, ``stop`` and ``num`` (evenly spaced), or ``values``; and the
    ``unit`` they are in (a preset's only: ``"ns"``, ``"us"``, ...; default its time unit).

    Examples
    --------
    >>> from qbattery.experiment.schema import Times
    >>> Times.model_validate({"stop": 2.0, "num": 5}).grid()
    array([0. , 0.5, 1. , 1.5, 2. ])
    """

    start: Annotated[float, Field(ge=0)] | None = None
    stop: float | None = None
    num: Annotated[int, Field(ge=2)] | None = None
    values: list[Annotated[float, Field(ge=0)]] | None = None
    unit: str | None = None

    @field_validator("unit")
    @classmethod
    def _time_unit(cls, value: str) -> str:
        return choice(value.replace("µ", "u").replace("μ", "u"), list(TIME_UNITS), "time unit")

    @model_validator(mode="before")
    @classmethod
    def _start_at_zero(cls, data: Any) -> Any:
        if isinstance(data, dict) and "values" not in data and "start" not in data:
            return {"start": 0.0, **data}
        return data

    @model_validator(mode="after")
    def _one_form(self) -> Times:
        if self.values is not None:
            given = [name for name in ("start", "stop", "num") if getattr(self, name) is not None]
            if given:
                raise ValueError(f"give values alone, without {', '.join(given)}")
            if np.any(np.diff(self.values) <= 0):
                raise ValueError("values must increase strictly")
        elif self.stop is None or self.num is None:
            raise ValueError("give stop and num (and optionally start), or values")
        elif not self.stop > float(self.start or 0.0):
            raise ValueError(f"stop ({self.stop}) must be later than start ({self.start})")
        return self

    def grid(self) -> np.ndarray:
        """The time grid as written (in ``unit``, if any), shape (n,).

        Examples
        --------
        >>> from qbattery.experiment.schema import Times
        >>> Times.model_validate({"values": [0.0, 0.5, 2.0]}).grid()
        array([0. , 0.5, 2. ])
        """
        if self.values is not None:
            return np.asarray(self.values, dtype=float)
        return np.linspace(float(self.start or 0.0), float(self.stop), int(self.num))  # type: ignore[arg-type]


class Solver(Section):
    """``[solver]``: the ``method`` of :func:`qbattery.charge` and its ``options``.

    Examples
    --------
    >>> from qbattery.experiment.schema import Solver
    >>> solver = Solver.model_validate({"method": "chebyshev", "options": {"tol": 1e-10}})
    >>> solver.method, solver.options
    ('chebyshev', {'tol': 1e-10})
    """

    method: str = "auto"
    options: dict[str, Option] = Field(default_factory=dict)

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        return choice(value, METHOD_NAMES, "method")

    @model_validator(mode="after")
    def _options(self) -> Solver:
        methods = list(METHODS) if self.method == "auto" else [self.method]
        known = sorted({name for m in methods for name in METHODS[m].defaults})
        for name in self.options:
            if name not in known:
                raise unknown_key(name, known or ["(none)"], ("options", name))
        return self


class Experiment(Section):
    """A whole experiment file (module docstring; fields in ``docs/experiments.md``).

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
    ...                           "times": {"stop": 10.0, "num": 11}})
    >>> type(experiment).__name__, experiment.model.name, experiment.solver.method
    ('Experiment', 'rabi', 'auto')
    """

    title: str | None = None
    seed: Annotated[int, Field(ge=0)] | None = None
    model: ModelSection | None = None
    remote: RemoteSection | None = None
    protocol: ProtocolSection | None = None
    environment: EnvironmentSection | None = None
    measurement: MeasurementSection | None = None
    control: ControlSection | None = None
    protection: ProtectionSection | None = None
    collisions: CollisionsSection | None = None
    extraction: Extraction | None = None
    initial_state: InitialState | None = None
    times: Times | None = None
    solver: Solver = Solver()
    metrics: list[Literal[METRICS]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["energy", "power", "ergotropy"]
    )
    outputs: list[Literal[OUTPUTS]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(DEFAULT_OUTPUTS)
    )

    _source: Source = PrivateAttr(default_factory=Source.none)

    @model_validator(mode="after")
    def _one_system(self) -> Experiment:
        if self.model is None and self.remote is None:
            raise field_error(
                ("model",),
                "give a [model] table (a battery) or a [remote] table (remote charging)",
            )
        if self.remote is None:
            return self
        if self.model is not None:
            raise field_error(("remote",), "[remote] describes the whole system: leave out [model]")
        for table in (
            "protocol",
            "environment",
            "measurement",
            "control",
            "protection",
            "collisions",
            "extraction",
            "initial_state",
        ):
            if getattr(self, table) is not None:
                raise field_error(
                    (table,),
                    f"[{table}] does not apply to [remote], whose emitters and environment are "
                    "described there: leave it out",
                )
        if self.solver != Solver():
            raise field_error(
                ("solver",),
                "[remote] picks its own solver: set remote.method (shared_reservoir) or "
                "remote.n_modes and leave out [solver]",
            )
        unsupported = [m for m in self.metrics if m not in ("energy", "power", "ergotropy")]
        if unsupported:
            raise field_error(
                ("metrics",),
                f"{unsupported[0]!r} is not computed for [remote]; metrics may be energy, "
                "power and ergotropy",
            )
        return self

    @model_validator(mode="after")
    def _remote_outputs(self) -> Experiment:
        asked = [name for name in self.outputs if name in REMOTE_OUTPUTS]
        if asked and self.remote is None:
            raise field_error(("outputs",), f"{asked[0]} needs a [remote] table")
        if self.remote is not None and self.remote.kind != "waveguide":
            wrong = [name for name in asked if name in WAVEGUIDE_OUTPUTS]
            if wrong:
                raise field_error(("outputs",), f'{wrong[0]} needs [remote] kind = "waveguide"')
        return self

    @model_validator(mode="after")
    def _times_or_collisions(self) -> Experiment:
        if self.collisions is None:
            if self.times is None:
                raise field_error(("times",), "missing [times]: give stop and num, or values")
            return self
        if self.times is not None:
            raise field_error(
                ("times",),
                "a collision experiment's times are its collisions, n * collision_time for n = "
                "0 .. n_collisions: leave out [times]",
            )
        for table in (
            "protocol",
            "environment",
            "measurement",
            "control",
            "protection",
            "extraction",
            "initial_state",
        ):
            if getattr(self, table) is not None:
                raise field_error(
                    (table,),
                    f"[collisions] charges a closed battery with a constant Hamiltonian: leave "
                    f"out [{table}]",
                )
        if isinstance(self.model, PresetModel):
            raise field_error(
                ("collisions",),
                "[collisions] needs a catalogue model ([model] name = ...) or operators; a "
                "platform preset has its own noise",
            )
        if self.solver != Solver():
            raise field_error(
                ("solver",), "a collision experiment has no solver to choose: leave out [solver]"
            )
        for name in self.metrics:
            if name not in COLLISION_METRICS:
                raise field_error(
                    ("metrics",),
                    f"{name!r} is not computed for [collisions]; use "
                    f"{', '.join(COLLISION_METRICS)}",
                )
        for name in self.outputs:
            if name not in COLLISION_OUTPUTS:
                raise field_error(
                    ("outputs",),
                    f"{name!r} is not available for [collisions] (the curves are known after "
                    f"each collision only); use {', '.join(COLLISION_OUTPUTS)}",
                )
        return self

    @model_validator(mode="after")
    def _time_unit(self) -> Experiment:
        if self.times is None:
            return self
        if isinstance(self.model, PresetModel):
            if self.times.unit is None:
                unit = self.model.platform().time_unit
                object.__setattr__(self, "times", self.times.model_copy(update={"unit": unit}))
        elif self.times.unit is not None:
            raise field_error(
                ("times", "unit"),
                "this model is dimensionless (times in 1/omega, hbar = 1); only a platform "
                "preset ([model] preset = ...) has physical times: leave out unit",
            )
        return self

    def time_scale(self) -> float:
        """The dimensionless time (units of ``1/omega``) of one unit of ``[times]``:
        ``omega_ref`` times the unit in seconds for a preset, 1 otherwise.

        Examples
        --------
        A catalogue model's times are already in ``1/omega``; a transmon preset's are in ns, and one
        ns is ``2 pi x 5 GHz x 1 ns = 31.415927`` units of ``1/omega_ref``:

        >>> import qbattery.experiment as ex
        >>> rabi = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
        ...                     "times": {"stop": 1.0, "num": 2}})
        >>> transmon = ex.validate({"model": {"preset": "transmon"},
        ...                         "times": {"stop": 10.0, "num": 2}})
        >>> rabi.time_scale(), round(transmon.time_scale(), 6)
        (1.0, 31.415927)
        """
        if isinstance(self.model, PresetModel) and self.times is not None:
            platform = self.model.platform()
            return float(platform.to_dimensionless_time(1.0, str(self.times.unit)))
        return 1.0

    def time_grid(self) -> np.ndarray:
        """The dimensionless time grid the battery is charged on, shape (n,) (a collision
        experiment's: the collisions, ``n collision_time``).

        Examples
        --------
        >>> import qbattery.experiment as ex
        >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
        ...                           "times": {"stop": 1.0, "num": 3}})
        >>> experiment.time_grid()
        array([0. , 0.5, 1. ])
        """
        if self.collisions is not None:
            return self.collisions.times()
        assert self.times is not None  # checked by Experiment
        return self.times.grid() * self.time_scale()

    @model_validator(mode="after")
    def _protection_dimensionless(self) -> Experiment:
        if self.protection is not None and isinstance(self.model, PresetModel):
            raise field_error(
                ("protection",),
                "the protocols of [protection] are dimensionless and follow the [times] grid as "
                "dimensionless storage times; use it with a catalogue or operators model, not a "
                "preset",
            )
        return self

    @model_validator(mode="after")
    def _control_alone(self) -> Experiment:
        if self.control is None:
            return self
        for table in ("protocol", "measurement"):
            if getattr(self, table) is not None:
                raise field_error(
                    ("control",),
                    f"[control] optimises lambda(t) of the model itself and cannot be combined "
                    f"with [{table}]; remove one of the two tables",
                )
        if isinstance(self.model, OperatorModel) and self.control.scales is not None:
            raise field_error(
                ("control", "scales"),
                "a user battery's lambda(t) multiplies its charging_hamiltonian; leave out scales",
            )
        return self

    @model_validator(mode="after")
    def _outputs_computed(self) -> Experiment:
        needs = {
            "ergotropy": (
                "ergotropy_at_optimal_time",
                "max_ergotropy",
                "final_ergotropy",
                "ergotropy_at_max_energy",
            ),
            "fluctuations": ("variance",),
        }
        for metric, outputs in needs.items():
            for name in outputs:
                if name in self.outputs and metric not in self.metrics:
                    raise field_error(("outputs",), f"{name} needs {metric!r} in metrics; add it")
        for table, names in (("control", CONTROL_OUTPUTS), ("protection", PROTECTION_OUTPUTS)):
            asked = sorted(set(names) & set(self.outputs))
            if asked and getattr(self, table) is None:
                raise field_error(("outputs",), f"{asked[0]} needs a [{table}] table; add one")
        extracted = [name for name in EXTRACTION_OUTPUTS if name in self.outputs]
        if extracted and self.extraction is None:
            raise field_error(
                ("outputs",),
                f"{extracted[0]} needs an [extraction] table (horizon = ...); add it",
            )
        if self.extraction is not None:
            given = [
                f"[{name}]"
                for name in ("protocol", "environment", "measurement")
                if getattr(self, name) is not None
            ]
            if given:
                raise field_error(
                    ("extraction",),
                    "the free evolution is that of the closed compound under its "
                    f"time-independent Hamiltonian; remove {' and '.join(given)}",
                )
        advantage = {"collective_advantage", "parallel_max_average_power"} & set(self.outputs)
        if advantage and self.initial_state is not None:
            raise field_error(
                ("outputs",),
                f"{sorted(advantage)[0]} compares with one cell of the model's own initial "
                "state; leave it out with [initial_state]",
            )
        if advantage and not (
            isinstance(self.model, CatalogueModel) and size_parameter(self.model.name)
        ):
            raise field_error(
                ("outputs",),
                f"{sorted(advantage)[0]} needs a catalogue model with a number of cells "
                f"({', '.join(SIZE_PARAMETERS)})",
            )
        return self

    @property
    def source(self) -> Source:
        """The file this experiment was loaded from (``Source.none()`` if built in code)."""
        return self._source

    def located(self, source: Source) -> Experiment:
        """This experiment, its errors pointing into ``source``.

        Examples
        --------
        >>> import qbattery.experiment as ex
        >>> from qbattery.experiment.locate import Source
        >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
        ...                           "times": {"stop": 1.0, "num": 2}})
        >>> experiment.located(Source.none()) == experiment
        True
        """
        self._source = source
        return self

    def document(self) -> dict[str, Any]:
        """The canonical document: JSON-ready, defaults filled in, ``None`` fields left out.

        Examples
        --------
        Defaults filled in; the document validates to an equal experiment:

        >>> import qbattery.experiment as ex
        >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
        ...                           "times": {"stop": 1.0, "num": 2}})
        >>> document = experiment.document()
        >>> document["metrics"], ex.validate(document) == experiment
        (['energy', 'power', 'ergotropy'], True)
        """
        return self.model_dump(mode="json", exclude_none=True)
