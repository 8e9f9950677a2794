"""Progress bars: drawn when asked, silent by default off a terminal (tests, pipes, logs)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import qbattery as qb
from qbattery.progress import Progress


def qubit() -> qb.Battery:
    hb = np.diag([0.0, 1.0])
    return qb.Battery(np.array([[0.0, 1.0], [1.0, 0.0]]), hb, np.array([1.0, 0.0]))


def test_default_writes_nothing_into_captured_output(capfd: pytest.CaptureFixture[str]) -> None:
    qb.charge(qubit(), np.linspace(0.0, 2.0, 21))
    qb.disorder_average(lambda rng: rng.normal(), 3, seed=0)
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


@pytest.mark.parametrize("method", ["spectral", "chebyshev", "ode", "lindblad"])
def test_asked_for_the_bar_counts_every_grid_point(
    method: str, capfd: pytest.CaptureFixture[str]
) -> None:
    battery = qubit()
    if method == "lindblad":
        battery = qb.local_noise(battery, emission=0.1)
    qb.charge(battery, np.linspace(0.0, 2.0, 21), method=method, progress=True)
    err = capfd.readouterr().err
    assert f"charging custom ({method})" in err and "100%" in err


def test_a_mixed_start_counts_its_components_by_weight(monkeypatch: pytest.MonkeyPatch) -> None:
    hb = np.diag([0.0, 1.0])
    mixed = qb.Battery(np.array([[0.0, 1.0], [1.0, 0.0]]), hb, np.diag([0.3, 0.7]))
    seen: list[float] = []

    class Counting(Progress):
        def advance(self, amount: float = 1.0) -> None:
            super().advance(amount)
            seen.append(self.done)

    monkeypatch.setattr(sys.modules["qbattery.charge"], "Progress", Counting)
    qb.charge(mixed, np.linspace(0.0, 2.0, 11), method="spectral", progress=False)
    assert seen[-1] == pytest.approx(11.0)  # 11 grid points, weights 0.3 + 0.7


def test_studies_show_their_bar_when_asked(capfd: pytest.CaptureFixture[str]) -> None:
    qb.disorder_average(lambda rng: rng.normal(), 4, seed=0, progress=True)
    assert "disorder average" in capfd.readouterr().err
