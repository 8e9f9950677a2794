"""Sweeps of experiment files: the points of a :class:`~qbattery.experiment.Sweep` through
:func:`~qbattery.sweep.run_sweep` with :func:`~qbattery.experiment.evaluate_point`.

``qbattery sweep`` and the gallery (:mod:`qbattery.gallery`) both run a file this way, so a
reproduction of a paper and a user's sweep share one path and one store layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qbattery.experiment import Sweep, SweepPoint, evaluate_point
from qbattery.experiment.schema import ARRAY_OUTPUTS
from qbattery.sweep.engine import SweepOutcome, run_sweep

__all__ = ["OUTPUT_UNITS", "run_experiment_sweep", "sweep_metadata"]

#: Units of the outputs an experiment file may ask for, scalars and curves over time (the others
#: are pure numbers).
OUTPUT_UNITS = {
    "max_average_power": "hbar*omega^2",
    "parallel_max_average_power": "hbar*omega^2",
    "optimal_time": "1/omega",
    "energy_at_optimal_time": "hbar*omega",
    "ergotropy_at_optimal_time": "hbar*omega",
    "max_energy": "hbar*omega",
    "final_energy": "hbar*omega",
    "max_ergotropy": "hbar*omega",
    "final_ergotropy": "hbar*omega",
    "max_power": "hbar*omega^2",
    "ergotropy_at_max_energy": "hbar*omega",
    "coupled_local_ergotropy": "hbar*omega",
    "extended_local_ergotropy": "hbar*omega",
    "extended_waiting_time": "1/omega",
    "capacity": "hbar*omega",
    "local_capacity": "hbar*omega",
    "times": "1/omega",
    "energy": "hbar*omega",
    "power": "hbar*omega^2",
    "average_power": "hbar*omega^2",
    "ergotropy": "hbar*omega",
    "variance": "(hbar*omega)^2",
}


def sweep_metadata(sweep: Sweep, file: str | Path) -> dict[str, Any]:
    """The store metadata of ``sweep`` read from ``file``: its title and file as constants, the
    units of its outputs, the dimension ``time`` of its curves over time, and the output
    ``times`` as that dimension's coordinate (when every point has the same grid).

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> from qbattery.sweep.experiments import sweep_metadata
    >>> sweep = ex.validate({"title": "couplings", "model": {"name": "rabi", "coupling": 0.1},
    ...                      "times": {"stop": 20.0, "num": 41},
    ...                      "sweep": {"axes": {"model.coupling": [0.1, 0.2]}}})
    >>> sweep_metadata(sweep, "rabi.toml")["constants"]
    {'title': 'couplings', 'file': 'rabi.toml'}
    """
    outputs = sweep.base.get("outputs", [])
    return {
        "constants": {"title": sweep.base.get("title") or "", "file": str(file)},
        "units": {name: OUTPUT_UNITS[name] for name in outputs if name in OUTPUT_UNITS},
        "dims": {name: ["time"] for name in outputs if name in ARRAY_OUTPUTS},
        "coordinates": {"time": "times"} if "times" in outputs else {},
    }


def run_experiment_sweep(
    sweep: Sweep,
    out_dir: str | Path,
    *,
    file: str | Path,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> tuple[list[SweepPoint], SweepOutcome]:
    """Compute (or resume) every point of ``sweep`` into the store in ``out_dir``.

    Parameters
    ----------
    sweep : Sweep
        From :func:`qbattery.experiment.load` or :func:`qbattery.experiment.validate`.
    out_dir : str or Path
        The sweep's directory (``store.sqlite``).
    file : str or Path
        Where the sweep was read from, recorded as a constant.
    workers, scheduler, progress
        As in :func:`qbattery.sweep.run_sweep`.

    Returns
    -------
    (list of SweepPoint, SweepOutcome)
        The points, in order, and what the run did.

    Examples
    --------
    A two-point sweep of the Rabi cell's coupling (local worker processes):

    >>> import pathlib, tempfile
    >>> import qbattery.experiment as ex
    >>> from qbattery.sweep.experiments import run_experiment_sweep
    >>> sweep = ex.validate({"model": {"name": "rabi", "coupling": 0.1},
    ...                      "times": {"stop": 20.0, "num": 41},
    ...                      "sweep": {"axes": {"model.coupling": [0.1, 0.2]}}})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     stored, outcome = run_experiment_sweep(sweep, folder, file="rabi.toml", progress=False)
    >>> outcome.computed, [point.coordinates for point in stored]
    (2, [{'model.coupling': 0.1}, {'model.coupling': 0.2}])
    """
    points = sweep.points()
    outcome = run_sweep(
        evaluate_point,
        [(point.coordinates, point.document) for point in points],
        out_dir,
        identity=sweep.identity(),
        metadata=sweep_metadata(sweep, file),
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    return points, outcome
