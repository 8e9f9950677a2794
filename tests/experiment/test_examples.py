"""Every file in examples/ runs: experiments through run(), sweeps point by point through
evaluate_point (serially, as ``make run`` does), with their studies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import qbattery as qb
from qbattery.experiment import Sweep, evaluate_point, load, run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = sorted(EXAMPLES.glob("*.toml"))

#: Ferraro et al., PRL 120, 117702 (2018): Gamma ~ sqrt(N) at fixed coupling; on N = 1..24 the
#: finite-size fit lies within this of 1/2.
ADVANTAGE_EXPONENT_TOL = 0.1


def evaluate(sweep: Sweep) -> dict | None:
    points = sweep.points()
    outputs = [evaluate_point(point.document) for point in points]
    for point, values in zip(points, outputs, strict=True):
        assert set(values) == set(point.document["outputs"])
    return sweep.study(points, outputs)


@pytest.mark.parametrize(
    "path", [f for f in FILES if f.stem != "dicke_advantage"], ids=lambda p: p.stem
)
def test_example_runs(path: Path) -> None:
    """(dicke_advantage runs in its own test below.)"""
    loaded = load(path)
    if isinstance(loaded, Sweep):
        evaluate(loaded)
    else:
        summary = run(loaded).summary()
        assert np.isfinite(summary["max_average_power"]) and summary["max_average_power"] > 0


def test_there_is_an_example_per_family_and_two_sweeps() -> None:
    names = {path.stem for path in FILES}
    assert "dicke_advantage" in names
    assert sum(isinstance(load(path), Sweep) for path in FILES) >= 2


def test_dicke_advantage_grows_like_sqrt_n() -> None:
    sweep = load(EXAMPLES / "dicke_advantage.toml")
    assert isinstance(sweep, Sweep)
    study = evaluate(sweep)
    assert study is not None and study["sizes"] == [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24]
    assert study["collective_advantage"][0] == pytest.approx(1.0, rel=1e-12)
    assert abs(study["advantage_exponent"] - 0.5) < ADVANTAGE_EXPONENT_TOL
    assert study["power_exponent"] == pytest.approx(study["advantage_exponent"] + 1, abs=1e-9)
    document = sweep.points()[0].document
    rabi = qb.charge(qb.models.rabi(0.2), np.linspace(0.0, 10.0, 401))
    assert study["max_average_power"][0] == pytest.approx(rabi.max_average_power, rel=1e-9)
    assert document["times"] == {"start": 0.0, "stop": 10.0, "num": 401}
