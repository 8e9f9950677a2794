"""Fixtures of the sweep tests: Dicke points computed in this process and written to a store."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qbattery.blas_threads import single_threaded_blas
from qbattery.sweep import (
    NotAStoreError,
    StoredPoint,
    SweepOutcome,
    SweepStore,
    run_sweep,
    sweep_tasks,
)
from qbattery.sweep.canonical import digest
from qbattery.sweep.provenance import run_record
from qbattery.sweep.worker import compute_point
from tests.sweep.points import IDENTITY, charge_dicke

#: Worker processes and the test process may order floating-point sums differently (BLAS
#: kernels, thread counts); observed differences reach 1.1e-12 on ergotropies of about 3.
ROUND_OFF = 1e-10

#: The time of a smooth maximum moves by about the square root of a round-off change in the
#: curve (observed: 1.6e-8 for a 1e-14 change).
OPTIMUM = 1e-6


def assert_matches_direct_calls(store_dir: Path, points: list[tuple[dict, Any]]) -> None:
    """Every point is in the store once, with what a direct call of the function gives."""
    with SweepStore.open(store_dir) as store:
        stored = {json.dumps(p.coordinates): p for p in store.points()}
    assert sorted(stored) == sorted(json.dumps(coordinates) for coordinates, _ in points)
    for coordinates, payload in points:
        with single_threaded_blas():  # as in the workers; also much faster on a busy machine
            expected = charge_dicke(payload)
        values = stored[json.dumps(coordinates)].values
        for name in ("max_average_power", "ergotropy"):
            np.testing.assert_allclose(values[name], expected[name], rtol=0, atol=ROUND_OFF)
        np.testing.assert_allclose(
            values["optimal_time"], expected["optimal_time"], rtol=0, atol=OPTIMUM
        )
        assert values["method"] == expected["method"]


def write_in_process(
    directory: Path,
    points: list[tuple[dict[str, Any], Any]],
    identity: Any = IDENTITY,
    metadata: dict[str, Any] | None = None,
) -> None:
    """Compute ``points`` here (no worker processes) and write them as one run would."""
    directory.mkdir(parents=True, exist_ok=True)
    with SweepStore.open(directory, create=True) as store:
        store.claim(digest(identity, "identity"), identity, "2026-01-01T00:00:00+00:00")
        record = run_record(
            identity_hash=digest(identity, "identity"),
            metadata=metadata or {},
            executor="the test process",
            points_total=len(points),
            points_pending=len(points),
        )
        run_id = store.start_run(record)
        for task in sweep_tasks(points):
            store.write_point(run_id, task, compute_point(charge_dicke, task), seed=None)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """The directory of a sweep to write into."""
    return tmp_path / "sweep"


def finished_points(directory: Path) -> list[StoredPoint]:
    """The points stored so far in ``directory`` ([] while the store does not exist yet)."""
    try:
        with SweepStore.open(directory) as store:
            return store.points()
    except NotAStoreError:
        return []


class SweepThread(threading.Thread):
    """``run_sweep(**arguments)`` in a thread of this process, its outcome or error kept."""

    def __init__(self, **arguments: Any) -> None:
        super().__init__(daemon=True)
        self.arguments = arguments
        self.outcome: SweepOutcome | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.outcome = run_sweep(**self.arguments)
        except BaseException as error:  # handed to the test, which asserts on it
            self.error = error

    def wait_for_points(self, count: int, timeout: float = 120.0) -> list[StoredPoint]:
        """Wait until ``count`` points are stored; return them."""
        deadline = time.monotonic() + timeout
        while len(points := finished_points(self.arguments["out_dir"])) < count:
            assert self.is_alive() and time.monotonic() < deadline, self.error
            time.sleep(0.02)
        return points

    def result(self, timeout: float = 300.0) -> SweepOutcome:
        """The outcome, once the sweep has ended."""
        self.join(timeout)
        assert not self.is_alive(), "the sweep did not end"
        if self.error is not None:
            raise self.error
        assert self.outcome is not None
        return self.outcome
