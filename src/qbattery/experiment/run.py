"""Evaluating one experiment: :func:`run` and its :class:`ExperimentResult`, and
:func:`evaluate_point`, the picklable function a sweep maps over its points.

The battery is charged by :func:`qbattery.charge` with the file's solver, on its time grid,
computing what ``metrics`` asks for; a ``[remote]`` experiment is solved by its own study
(:func:`qbattery.experiment.remote.remote_run`) instead. Local and parallel ergotropy (review
sec. 2.1.1) are evaluated on the battery states with H_B and the battery's cells as subsystems
(:func:`qbattery.metrics.local_ergotropy`, :func:`qbattery.metrics.parallel_ergotropy`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from qbattery.battery import Battery
from qbattery.charge import charge
from qbattery.collision_charging import CollisionCharging
from qbattery.experiment.build import (
    build_battery,
    cell_battery,
    control_battery,
    located_errors,
)
from qbattery.experiment.control import ControlOutcome
from qbattery.experiment.identity import canonical_json, experiment_hash, versions
from qbattery.experiment.locate import FieldError, Source
from qbattery.experiment.measurement import Feedback
from qbattery.experiment.physical import PhysicalUnits
from qbattery.experiment.protection import protection_curves
from qbattery.experiment.remote import REMOTE_OUTPUTS, remote_run
from qbattery.experiment.schema import (
    ARRAY_OUTPUTS,
    CAPACITY_OUTPUTS,
    CONTROL_OUTPUTS,
    PROTECTION_OUTPUTS,
    Experiment,
)
from qbattery.experiment.sections import located
from qbattery.metrics import capacity, local_capacity, local_ergotropy, parallel_ergotropy
from qbattery.operators import to_dense
from qbattery.results import (
    ENERGY_UNITS,
    POWER_UNITS,
    TIME_UNITS,
    UNITS_NOTE,
    ChargingResult,
)
from qbattery.studies.advantage import Advantage
from qbattery.studies.ageing import Protection

__all__ = ["ExperimentResult", "evaluate_point", "metrics_need_states", "run"]

Output = float | int | str | np.ndarray

#: The extra curves an experiment can record, with their descriptions (all energies).
CURVES = {
    "local_ergotropy": "local ergotropy of each cell (eq. 11)",
    "parallel_ergotropy": "parallel ergotropy",
    "conditional_ergotropy": "mean ergotropy of the feedback trajectories' conditional states",
    "conditional_ergotropy_error": "standard error of conditional_ergotropy",
    "trajectory_energy": "battery energy averaged over the feedback trajectories",
    "trajectory_energy_error": "standard error of trajectory_energy",
    "charger_energy": "energy of the chargers of a [remote] run",
    "control_coupling": "optimised coupling lambda(t) of [control] (unit of the scaled parameter)",
    "optimised_energy": "stored energy under the optimised protocol of [control]",
    "optimised_ergotropy": "ergotropy under the optimised protocol of [control]",
    "protected_ergotropy": "ergotropy of the protected battery of [protection]",
    "unprotected_ergotropy": "ergotropy of the unprotected battery of [protection]",
    "protected_energy": "stored energy of the protected battery of [protection]",
    "unprotected_energy": "stored energy of the unprotected battery of [protection]",
}

#: Curves over the storage time of ``[protection]`` rather than the charging time.
STORAGE_CURVES = (
    "protected_ergotropy",
    "unprotected_ergotropy",
    "protected_energy",
    "unprotected_energy",
)


@dataclass(frozen=True, repr=False)
class ExperimentResult:
    """One experiment's charging result, with the experiment and what else it asked for.

    Attributes
    ----------
    experiment : Experiment
    result : ChargingResult or CollisionCharging
        From :func:`qbattery.charge` (from :func:`qbattery.collision_charging` for a
        ``[collisions]`` experiment: its curves after each collision, over ``collision``).
    curves : dict of str to array
        ``local_ergotropy`` (n, cells) and ``parallel_ergotropy`` (n,) when asked for; the
        feedback trajectories' curves (n,) of ``[measurement]``; ``control_coupling``,
        ``optimised_energy`` and ``optimised_ergotropy`` (n,) of ``[control]``; the storage
        curves of ``[protection]`` over ``storage_time`` (names in :data:`CURVES`).
    source : Source
        The file the experiment came from (if any).
    remote : dict
        The figures of a ``[remote]`` run (:func:`qbattery.experiment.remote.remote_run`:
        bound states, long-time energy range, ...); empty otherwise.
    control : ControlOutcome or None
        The optimised protocol of ``[control]`` and its baseline.
    protection : Protection or None
        The protected and unprotected storage of ``[protection]``.
    extraction : dict of str to float
        With ``[extraction]``: the local and extended local ergotropy of the final state and
        the optimal waiting time (:mod:`qbattery.experiment.extraction`).

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
    ...                           "times": {"stop": 10.0, "num": 101}})
    >>> result = ex.run(experiment)
    >>> result.result.method, result.result.times.shape
    ('spectral', (101,))
    """

    experiment: Experiment
    result: ChargingResult | CollisionCharging
    curves: dict[str, np.ndarray] = field(default_factory=dict)
    source: Source = field(default_factory=Source.none)
    remote: dict[str, Any] = field(default_factory=dict)
    control: ControlOutcome | None = None
    protection: Protection | None = None
    extraction: dict[str, float] = field(default_factory=dict)

    @property
    def physical_units(self) -> PhysicalUnits | None:
        """The laboratory units of a preset experiment's results (None for other models)."""
        if isinstance(self.result, CollisionCharging):
            return None  # a collision experiment takes no preset
        return PhysicalUnits.of(self.experiment, self.result)

    def summary(self) -> dict[str, Any]:
        """Figures of merit, provenance and units, JSON-serialisable.

        The figures of merit are dimensionless (``units`` says in what); a preset experiment
        adds them in laboratory units under ``physical``
        (:mod:`qbattery.experiment.physical`), each keyed by its unit.

        Examples
        --------
        >>> import qbattery.experiment as ex
        >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
        ...                           "times": {"stop": 10.0, "num": 101}})
        >>> summary = ex.run(experiment).summary()
        >>> sorted(summary)[:5]  # doctest: +NORMALIZE_WHITESPACE
        ['energy_at_optimal_time', 'ergotropy_at_optimal_time', 'experiment', 'experiment_hash',
         'file']
        """
        document = self.experiment.document()
        figures = self.result.summary()
        units = {
            "energy": ENERGY_UNITS,
            "time": TIME_UNITS,
            "power": POWER_UNITS,
            "note": UNITS_NOTE,
        }
        physical = self.physical_units
        if physical is not None:
            units["physical"] = physical.note()
        return {
            "title": self.experiment.title,
            **figures,
            **({} if physical is None else {"physical": physical.summary(figures)}),
            **({"remote": self.remote} if self.remote else {}),
            **({} if self.control is None else {"control": self.control.summary()}),
            **({} if self.protection is None else {"protection": self.protection.summary()}),
            **({"extraction": self.extraction} if self.extraction else {}),
            "seed": self.experiment.seed,
            "experiment_hash": experiment_hash(document),
            "experiment": document,
            "file": None if self.source.path is None else str(self.source.path),
            "units": units,
            "versions": versions(),
        }

    def dataset(self) -> Any:
        """An ``xarray.Dataset`` over ``time`` with units attributes, the experiment in attrs.

        A preset experiment's dataset is in laboratory units (time in the unit of ``[times]``,
        the dimensionless time kept as ``dimensionless_time``; see
        :meth:`qbattery.experiment.physical.PhysicalUnits.dataset`).

        Examples
        --------
        >>> import qbattery.experiment as ex
        >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
        ...                           "times": {"stop": 10.0, "num": 101}})
        >>> dataset = ex.run(experiment).dataset()
        >>> dataset.sizes["time"], dataset["energy"].attrs["units"]
        (101, 'hbar*omega')
        """
        dataset = self.result.to_xarray()
        if isinstance(self.result, CollisionCharging):  # over time, as a charging run's
            dataset = dataset.swap_dims({"collision": "time"})
            for name in ("energy", "battery_energy", "ergotropy"):
                dataset[name].attrs["units"] = ENERGY_UNITS
            dataset["average_power"].attrs["units"] = POWER_UNITS
            dataset["time"].attrs["units"] = TIME_UNITS
        for name, values in self.curves.items():
            if name == "storage_time":
                dataset.coords[name] = (name, values, {"units": TIME_UNITS})
                continue
            dimensions: Any = ("time", "cell") if np.ndim(values) == 2 else "time"
            dimensions = "storage_time" if name in STORAGE_CURVES else dimensions
            units = "scaled parameter" if name == "control_coupling" else ENERGY_UNITS
            dataset[name] = (dimensions, values, {"long_name": CURVES[name], "units": units})
        document = self.experiment.document()
        dataset.attrs.update(
            experiment_hash=experiment_hash(document),
            experiment=canonical_json(document),
            versions=canonical_json(versions()),
        )
        physical = self.physical_units
        return dataset if physical is None else physical.dataset(dataset)

    def write(self, out_dir: str | Path) -> Path:
        """Write ``summary.json`` and ``data.nc`` (NetCDF, SciPy engine) into ``out_dir``.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import qbattery.experiment as ex
        >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
        ...                           "times": {"stop": 10.0, "num": 101}})
        >>> result = ex.run(experiment)
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     written = result.write(folder)
        ...     sorted(path.name for path in pathlib.Path(written).iterdir())
        ['data.nc', 'summary.json']
        """
        directory = Path(out_dir)
        directory.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.summary(), indent=2, default=_json_default)
        (directory / "summary.json").write_text(text + "\n")
        self.dataset().to_netcdf(directory / "data.nc", engine="scipy")
        return directory

    def __repr__(self) -> str:
        return f"ExperimentResult({self.experiment.title or self.result.model}: {self.result!r})"


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")


def _cells(battery: Battery) -> list[int]:
    if battery.sector is not None or battery.subspace is not None or battery.battery_spectrum:
        raise FieldError(
            ("metrics",),
            "local and parallel ergotropy need the battery's cells as subsystems; build the "
            'model on its full product space (e.g. basis = "full", space = "full")',
        )
    return [battery.dims[k] for k in battery.battery]


def _local_curves(experiment: Experiment, battery: Battery, states: np.ndarray) -> dict[str, Any]:
    h = to_dense(battery.battery_hamiltonian)
    dims = _cells(battery)
    seed = experiment.seed or 0
    curves: dict[str, np.ndarray] = {}
    if "local_ergotropy" in experiment.metrics:
        columns = [local_ergotropy(states, h, dims, k, seed=seed) for k in range(len(dims))]
        curves["local_ergotropy"] = np.stack(columns, axis=-1)
    if "parallel_ergotropy" in experiment.metrics:
        curves["parallel_ergotropy"] = np.asarray(parallel_ergotropy(states, h, dims, seed=seed))
    return curves


def metrics_need_states(experiment: Experiment) -> bool:
    """Whether ``metrics`` asks for curves of the battery's cells (local, parallel ergotropy).

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> from qbattery.experiment.run import metrics_need_states
    >>> metrics_need_states(ex.validate({"model": {"name": "rabi", "coupling": 0.2},
    ...                                  "times": {"stop": 1.0, "num": 2}}))
    False
    """
    return bool(set(experiment.metrics) & {"local_ergotropy", "parallel_ergotropy"})


def _capacities(experiment: Experiment, battery: Battery, rho: np.ndarray) -> dict[str, float]:
    """Capacity of the battery state ``rho`` and the sum of its cells' local capacities."""
    h = to_dense(battery.battery_hamiltonian)
    values = {"capacity": float(capacity(rho, h, spectrum=battery.battery_spectrum))}
    if "local_capacity" in experiment.outputs:
        if battery.sector is not None or battery.subspace is not None or len(battery.battery) < 2:
            raise FieldError(
                ("outputs",),
                "local_capacity needs a battery of several cells on its product space; build "
                'the model with space = "full" (or basis = "full")',
            )
        dims = [battery.dims[k] for k in battery.battery]
        seed = experiment.seed or 0
        values["local_capacity"] = float(
            sum(local_capacity(rho, h, dims, k, seed=seed) for k in range(len(dims)))
        )
    return values


def _charge(
    experiment: Experiment, battery: Battery, source: Source, progress: bool | None = False
) -> ChargingResult:
    metrics = set(experiment.metrics)
    with located_errors(source, "solver", experiment.document()):
        return charge(
            battery,
            experiment.time_grid(),
            method=experiment.solver.method,
            options=experiment.solver.options or None,
            ergotropy="ergotropy" in metrics,
            fluctuations="fluctuations" in metrics,
            resources="resources" in metrics,
            battery_states=bool(
                metrics & {"local_ergotropy", "parallel_ergotropy"}
                or set(CAPACITY_OUTPUTS) & set(experiment.outputs)
            ),
            full_states=experiment.extraction is not None,
            progress=progress,
        )


def run(
    experiment: Experiment, source: Source | None = None, *, progress: bool | None = False
) -> ExperimentResult:
    """Build the experiment's battery, charge it and compute the metrics it asks for.

    Parameters
    ----------
    experiment : Experiment
        From :func:`qbattery.experiment.load` or ``Experiment.model_validate(document)``.
    source : Source, optional
        Where errors point (``load`` attaches it to the experiment; given here it wins).
    progress : bool, optional
        The charging progress bar (:class:`qbattery.progress.Progress`): off by default, None
        for the terminal's default (the command line's choice).

    Returns
    -------
    ExperimentResult

    Examples
    --------
    A Rabi cell at coupling 0.2 (energies in units of omega_c, times in 1/omega_c):

    >>> import qbattery.experiment as ex
    >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
    ...                           "times": {"stop": 10.0, "num": 101}})
    >>> result = ex.run(experiment)
    >>> result.result.model, round(float(result.result.energy[0]), 12)
    ('rabi', 0.0)
    """
    source = source or experiment.source
    if experiment.remote is not None:
        with located_errors(source, "remote", experiment.document()):
            remote, extra, figures = remote_run(experiment.remote, experiment.time_grid())
        return ExperimentResult(experiment, remote, extra, source, remote=figures)
    battery = build_battery(experiment, source)
    if experiment.collisions is not None:
        with located_errors(source, "collisions", experiment.document()):
            return ExperimentResult(experiment, experiment.collisions.run(battery), {}, source)
    result = _charge(experiment, battery, source, progress)
    curves: dict[str, np.ndarray] = {}
    if result.battery_states is not None and metrics_need_states(experiment):
        with located_errors(source, "metrics", experiment.document()):
            curves = _local_curves(experiment, battery, result.battery_states)
    if isinstance(experiment.measurement, Feedback) and experiment.measurement.trajectories:
        bare = build_battery(experiment, source, measured=False)
        with located_errors(source, "measurement", experiment.document()):
            curves.update(
                experiment.measurement.trajectories_run(
                    bare, experiment.time_grid(), experiment.seed
                )
            )
    control = _control(experiment, source, curves)
    protection = None
    if experiment.protection is not None:
        with located_errors(source, "protection", experiment.document()):
            protection = experiment.protection.protect(experiment.time_grid())
        curves.update(protection_curves(protection))
    extracted: dict[str, float] = {}
    if experiment.extraction is not None:
        with located_errors(source, "extraction", experiment.document()):
            assert result.states is not None  # charged with full_states
            extracted = experiment.extraction.evaluate(
                battery, result.states[-1], experiment.time_scale(), experiment.seed or 0
            )
    return ExperimentResult(
        experiment,
        result,
        curves,
        source,
        control=control,
        protection=protection,
        extraction=extracted,
    )


def _control(
    experiment: Experiment, source: Source, curves: dict[str, np.ndarray]
) -> ControlOutcome | None:
    """Optimise ``[control]`` (if any) and add its curves on the experiment's grid."""
    if experiment.control is None:
        return None
    battery, value = control_battery(experiment, source)
    grid = experiment.time_grid()
    with located_errors(source, "control", experiment.document()):
        outcome = experiment.control.optimise(
            battery,
            value=value,
            grid=grid,
            time_scale=experiment.time_scale(),
            seed=experiment.seed,
        )
        charged = charge(outcome.optimised.battery, grid, method="auto", ergotropy=True)
    curves["control_coupling"] = outcome.coupling(grid)
    curves["optimised_energy"] = np.asarray(charged.energy)
    curves["optimised_ergotropy"] = np.asarray(charged.ergotropy)
    return outcome


def _advantage(experiment: Experiment, result: ChargingResult) -> Advantage:
    assert result.battery is not None
    n, cell = cell_battery(experiment, result.battery)
    return Advantage(n, result, _charge(experiment, cell, Source.none()))


def _dimension(result: ChargingResult | CollisionCharging) -> int:
    if isinstance(result, CollisionCharging):
        return int(result.system_states.shape[-1])
    return int(result.battery.dimension) if result.battery else 0


def _scalar(result: ChargingResult | CollisionCharging, name: str) -> float:
    if name == "ergotropy_at_max_energy":
        assert result.ergotropy is not None  # checked by Experiment: needs "ergotropy"
        return float(result.ergotropy[int(np.argmax(result.energy))])
    values = {
        "max_power": getattr(result, "power", None),  # [collisions] refuses max_power
        "max_energy": result.energy,
        "final_energy": result.energy[-1:],
        "max_ergotropy": result.ergotropy,
        "final_ergotropy": None if result.ergotropy is None else result.ergotropy[-1:],
    }
    if name in values:
        return float(np.max(values[name]))  # type: ignore[arg-type]
    return float(getattr(result, name))


def _study_scalar(outcome: ExperimentResult, name: str) -> float:
    """A scalar of ``[control]`` or ``[protection]``; NaN for a lifetime not reached."""
    if name.startswith("control_"):
        assert outcome.control is not None  # checked by Experiment
        return float(getattr(outcome.control, name.removeprefix("control_")))
    protection = outcome.protection
    assert protection is not None
    values = {
        "protected_lifetime": protection.protected.ergotropy_lifetime,
        "unprotected_lifetime": protection.unprotected.ergotropy_lifetime,
        "lifetime_gain": protection.lifetime_gain,
    }
    value = values[name]
    return float("nan") if value is None else float(value)


def evaluate_point(document: dict[str, Any]) -> dict[str, Output]:
    """The named ``outputs`` of one experiment document (a sweep point's).

    Module-level and free of state, so it pickles to worker processes; the same document gives
    bit-identical outputs. Scalars are Python floats, ints or strings, series float64 arrays.

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> document = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
    ...                         "times": {"stop": 10.0, "num": 101}}).document()
    >>> sorted(ex.evaluate_point(document))
    ['energy_at_optimal_time', 'ergotropy_at_optimal_time', 'max_average_power', 'optimal_time']
    """
    try:
        experiment = Experiment.model_validate(document)
    except ValidationError as exc:
        raise located(exc, document, Source.none()) from None
    outcome = run(experiment)
    result = outcome.result
    advantage = None
    extracted = dict(outcome.extraction)
    if set(CAPACITY_OUTPUTS) & set(experiment.outputs):
        assert isinstance(result, ChargingResult)  # [collisions] refuses the capacities
        assert result.battery is not None and result.battery_states is not None
        with located_errors(Source.none(), "outputs", document):
            extracted.update(_capacities(experiment, result.battery, result.battery_states[-1]))
    outputs: dict[str, Output] = {}
    for name in experiment.outputs:
        if name in extracted:
            outputs[name] = extracted[name]
        elif name in ("parallel_max_average_power", "collective_advantage"):
            assert isinstance(result, ChargingResult)  # not a [collisions] output
            advantage = advantage or _advantage(experiment, result)
            value = (
                advantage.ratio
                if name == "collective_advantage"
                else advantage.parallel_max_average_power
            )
            outputs[name] = float(value)
        elif name == "dimension":
            outputs[name] = _dimension(result)
        elif name == "method":
            outputs[name] = result.method
        elif name in REMOTE_OUTPUTS:
            value = outcome.remote[name]
            outputs[name] = int(value) if name == "bound_state_count" else float(value)
        elif name in CONTROL_OUTPUTS + PROTECTION_OUTPUTS:
            outputs[name] = _study_scalar(outcome, name)
        elif name in ARRAY_OUTPUTS:
            outputs[name] = np.asarray(getattr(result, name), dtype=np.float64)
        else:
            outputs[name] = _scalar(result, name)
    return outputs
