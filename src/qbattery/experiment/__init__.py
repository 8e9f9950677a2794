"""Experiment files: one experiment or a sweep, described as TOML data and evaluated.

>>> import qbattery.experiment as ex
>>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
...                           "times": {"stop": 10.0, "num": 201}})
>>> summary = ex.run(experiment).summary()
>>> summary["method"], round(summary["max_average_power"], 3) > 0
('spectral', True)

``docs/experiments.md`` describes every field of the file.
"""

from qbattery.experiment.identity import canonical_json, experiment_hash, versions
from qbattery.experiment.load import load, validate
from qbattery.experiment.locate import ExperimentFileError, Source
from qbattery.experiment.run import ExperimentResult, evaluate_point, run
from qbattery.experiment.schema import Experiment
from qbattery.experiment.sweep import Sweep, SweepPoint

__all__ = [
    "Experiment",
    "ExperimentFileError",
    "ExperimentResult",
    "Source",
    "Sweep",
    "SweepPoint",
    "canonical_json",
    "evaluate_point",
    "experiment_hash",
    "load",
    "run",
    "validate",
    "versions",
]
