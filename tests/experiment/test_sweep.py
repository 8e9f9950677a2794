"""Sweep expansion: counts, order, seeds, identity and hash; the scaling study on known data."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest

from qbattery.experiment import Experiment, Sweep, experiment_hash, load
from qbattery.studies.disorder import realisation_seeds

BASE = """
seed = 5

[model]
name = "dicke"
n_atoms = 1
coupling = 0.2

[times]
stop = 5.0
num = 11
"""


def sweep_of(write, table: str) -> Sweep:
    loaded = load(write(BASE + table))
    assert isinstance(loaded, Sweep)
    return loaded


def test_product_of_axes_last_fastest(write) -> None:
    sweep = sweep_of(
        write, '[sweep.axes]\n"model.n_atoms" = [1, 2]\n"model.coupling" = [0.1, 0.2, 0.3]\n'
    )
    points = sweep.points()
    assert [tuple(p.coordinates.items()) for p in points] == [
        (("model.n_atoms", n), ("model.coupling", g)) for n in (1, 2) for g in (0.1, 0.2, 0.3)
    ]
    for point in points:
        model = point.document["model"]
        assert (model["n_atoms"], model["coupling"]) == tuple(point.coordinates.values())
        assert Experiment.model_validate(point.document).document() == point.document


def test_zip_groups_move_together(write) -> None:
    table = (
        '[sweep.axes]\n"model.omega_a" = [1.0, 1.5]\n'
        '[[sweep.zip]]\n"model.n_atoms" = [1, 2, 4]\n"times.stop" = [8.0, 6.0, 4.0]\n'
    )
    points = sweep_of(write, table).points()
    assert len(points) == 6
    assert [p.coordinates for p in points[:3]] == [
        {"model.omega_a": 1.0, "model.n_atoms": n, "times.stop": t}
        for n, t in ((1, 8.0), (2, 6.0), (4, 4.0))
    ]
    assert points[4].document["times"]["stop"] == 6.0


def test_realisations_take_spawned_seeds(write) -> None:
    sweep = sweep_of(write, '[sweep]\nrealisations = 3\n[sweep.axes]\n"model.n_atoms" = [1, 2]\n')
    points = sweep.points()
    assert len(points) == 6
    assert [p.coordinates["realisation"] for p in points] == [0, 1, 2, 0, 1, 2]
    expected = [int(s) for s in realisation_seeds(5, 3)]
    assert [p.document["seed"] for p in points] == expected * 2


def test_scale_rule_gives_inverse_sqrt_coupling(write) -> None:
    table = (
        '[sweep.axes]\n"model.n_atoms" = [1, 4, 9]\n'
        '[[sweep.scale]]\npath = "model.coupling"\nby = "model.n_atoms"\nexponent = -0.5\n'
    )
    couplings = [p.document["model"]["coupling"] for p in sweep_of(write, table).points()]
    np.testing.assert_allclose(couplings, [0.2, 0.1, 0.2 / 3], rtol=1e-15)


def test_identity_ignores_axis_values(write) -> None:
    small = sweep_of(write, '[sweep]\nrealisations = 2\n[sweep.axes]\n"model.n_atoms" = [1, 2]\n')
    grown = sweep_of(
        write, '[sweep]\nrealisations = 3\n[sweep.axes]\n"model.n_atoms" = [1, 2, 3]\n'
    )
    assert small.identity() == grown.identity()
    json.dumps(small.identity())  # JSON-able
    old = {experiment_hash(p.document) for p in small.points()}
    new = {experiment_hash(p.document) for p in grown.points()}
    assert old < new and len(new - old) == 9 - 4
    other = sweep_of(
        write,
        '[sweep]\nrealisations = 2\n[sweep.axes]\n"model.n_atoms" = [1, 2]\n'.replace(
            "realisations = 2",
            'realisations = 2\n[sweep.study]\nkind = "scaling"\naxis = "model.n_atoms"',
        ),
    )
    assert other.identity() != small.identity()


def test_experiment_hash_is_sha256_of_sorted_compact_json() -> None:
    document = {"times": {"stop": 1.0, "num": 3}, "model": {"name": "rabi", "coupling": 0.1}}
    text = '{"model":{"coupling":0.1,"name":"rabi"},"times":{"num":3,"stop":1.0}}'
    assert experiment_hash(document) == hashlib.sha256(text.encode()).hexdigest()


def test_scaling_study_recovers_a_known_power_law(write) -> None:
    table = (
        '[sweep]\nrealisations = 2\n[sweep.axes]\n"model.n_atoms" = [1, 2, 4, 8]\n'
        '[sweep.study]\nkind = "scaling"\naxis = "model.n_atoms"\n'
    )
    sweep = sweep_of(write, table)
    points = sweep.points()
    # P = 3 N^1.5 times (1 +- 0.1) in the two realisations: the means are 3 N^1.5 exactly
    outputs = [
        {
            "max_average_power": 3.0
            * p.coordinates["model.n_atoms"] ** 1.5
            * (1.1 if p.coordinates["realisation"] else 0.9)
        }
        for p in points
    ]
    study = sweep.study(points, outputs)
    assert study is not None
    assert study["sizes"] == [1, 2, 4, 8]
    assert study["power_exponent"] == pytest.approx(1.5, abs=1e-12)
    assert study["power_prefactor"] == pytest.approx(3.0, rel=1e-12)
    assert study["power_exponent_error"] == pytest.approx(0.0, abs=1e-12)
    # two samples 0.9 x and 1.1 x: standard deviation 0.1 sqrt(2) x, standard error 0.1 x
    np.testing.assert_allclose(
        study["max_average_power_error"], [0.3 * n**1.5 for n in (1, 2, 4, 8)], rtol=1e-12
    )
    assert points[0].document["outputs"][0] == "max_average_power"
