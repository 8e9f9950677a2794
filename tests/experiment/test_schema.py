"""The schema's canonical documents: round trips, defaults, and what JSON keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qbattery.experiment import Experiment, Sweep, load

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.toml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_documents_round_trip(path: Path) -> None:
    loaded = load(path)
    documents = (
        [p.document for p in loaded.points()] if isinstance(loaded, Sweep) else [loaded.document()]
    )
    for document in documents:
        again = Experiment.model_validate(json.loads(json.dumps(document)))
        assert again.document() == document


def test_defaults_are_filled_in() -> None:
    document = Experiment.model_validate(
        {"model": {"name": "rabi", "coupling": 0.1}, "times": {"values": [0.0, 1.0]}}
    ).document()
    assert document == {
        "model": {"name": "rabi", "coupling": 0.1},
        "times": {"values": [0.0, 1.0]},
        "solver": {"method": "auto", "options": {}},
        "metrics": ["energy", "power", "ergotropy"],
        "outputs": [
            "max_average_power",
            "optimal_time",
            "energy_at_optimal_time",
            "ergotropy_at_optimal_time",
        ],
    }


def test_integers_are_accepted_as_reals_but_not_strings_as_numbers() -> None:
    experiment = Experiment.model_validate(
        {"model": {"name": "rabi", "coupling": 1}, "times": {"stop": 2, "num": 3}}
    )
    assert experiment.document()["model"]["coupling"] == 1.0
    assert isinstance(experiment.document()["times"]["stop"], float)
    assert experiment.document()["times"]["start"] == 0.0  # filled in: one canonical form
