"""Resuming, growing and guarding a sweep directory, with real worker processes.

Expected values come from calling the point function (a Dicke battery charged by
``qbattery.charge``) directly in the test process.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qbattery.sweep import (
    PointFailedError,
    StoreLockedError,
    SweepIdentityError,
    SweepStore,
    run_sweep,
)
from qbattery.sweep.lock import LOCK_NAME, StoreLock
from qbattery.sweep.store import STORE_NAME
from tests.sweep.conftest import assert_matches_direct_calls, write_in_process
from tests.sweep.points import IDENTITY, charge_dicke, dicke_points

ROOT = Path(__file__).resolve().parents[2]


def runs(store_dir: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(store_dir / STORE_NAME) as connection:
        rows = connection.execute(
            "SELECT status, points_total, points_pending, versions, host, pid FROM runs"
        ).fetchall()
    connection.close()
    return rows


def test_a_grown_sweep_computes_only_its_new_points_on_either_executor(store_dir: Path) -> None:
    first = [(c, {**p, "seed": 7}) for c, p in dicke_points([2, 3], [0.3, 0.5])]
    outcome = run_sweep(charge_dicke, first, store_dir, identity=IDENTITY)
    assert (outcome.points, outcome.computed, outcome.skipped) == (4, 4, 0)
    with SweepStore.open(store_dir) as store:
        before = {p.key: p.provenance for p in store.points()}

    grown = first + dicke_points([4], [0.3, 0.5])
    outcome = run_sweep(charge_dicke, grown, store_dir, identity=IDENTITY, workers=2)
    assert (outcome.points, outcome.computed, outcome.skipped) == (6, 2, 4)
    assert outcome.executor == "dask LocalCluster (2 workers)"
    with SweepStore.open(store_dir) as store:
        after = {p.key: p.provenance for p in store.points()}
    assert {key: after[key] for key in before} == before  # not recomputed, not rewritten
    assert [p["seed"] for p in after.values()].count(7) == 4  # carried by the first payloads
    assert_matches_direct_calls(store_dir, grown)

    again = run_sweep(charge_dicke, grown, store_dir, identity=IDENTITY)
    assert (again.computed, again.skipped) == (0, 6)
    history = runs(store_dir)
    assert [row[:3] for row in history] == [
        ("complete", 4, 4),
        ("complete", 6, 2),
        ("complete", 6, 0),
    ]
    versions = json.loads(history[0][3])
    assert versions["numpy"] == np.__version__ and history[0][5] == os.getpid()


def test_another_sweep_in_the_same_directory_is_refused_and_the_store_untouched(
    store_dir: Path,
) -> None:
    write_in_process(store_dir, dicke_points([2], [0.3]))
    before = (store_dir / STORE_NAME).read_bytes()
    other = {**IDENTITY, "t_max": 8.0}
    with pytest.raises(SweepIdentityError) as error:
        run_sweep(charge_dicke, dicke_points([2], [0.3], t_max=8.0), store_dir, identity=other)
    message = str(error.value)
    assert "\n" not in message and "another sweep" in message
    assert "differing in 't_max'" in message and "--out" in message
    assert (store_dir / STORE_NAME).read_bytes() == before
    assert len(runs(store_dir)) == 1


def test_a_second_sweep_on_a_locked_directory_names_the_holder(store_dir: Path) -> None:
    """A real sweep in a subprocess holds the directory; one started here is refused."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.sweep.points", str(store_dir)],
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        lock = store_dir / LOCK_NAME
        deadline = time.monotonic() + 60
        while f"pid {child.pid} " not in (lock.read_text() if lock.exists() else ""):
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.05)
        with pytest.raises(StoreLockedError) as error:
            run_sweep(charge_dicke, dicke_points([2], [0.3]), store_dir, identity=IDENTITY)
        message = str(error.value)
        assert "\n" not in message and f"pid {child.pid} on host" in message
        assert "--out" in message
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    with StoreLock(store_dir), pytest.raises(StoreLockedError, match=f"pid {os.getpid()} "):
        run_sweep(charge_dicke, dicke_points([2], [0.3]), store_dir, identity=IDENTITY)


def test_a_failing_point_stops_the_sweep_and_keeps_the_finished_points(store_dir: Path) -> None:
    """n_atoms = 0 is refused by the Dicke constructor: a real error inside a worker."""
    points = dicke_points([2, 3], [0.3]) + dicke_points([0], [0.3])
    with pytest.raises(PointFailedError) as error:
        run_sweep(charge_dicke, points, store_dir, identity=IDENTITY)
    message = str(error.value)
    assert "\n" not in message and "point {'n_atoms': 0, 'coupling': 0.3}" in message
    assert "n_atoms" in message and "run the sweep again to resume" in message
    assert isinstance(error.value.__cause__, ValueError)
    with SweepStore.open(store_dir) as store:
        kept = {p.coordinates["n_atoms"] for p in store.points()}
    assert kept <= {2, 3}
    assert runs(store_dir)[0][0].startswith("failed: point {'n_atoms': 0")


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"function": lambda payload: {}}, TypeError, "define it at module level"),
        ({"points": []}, ValueError, "points: empty"),
        ({"points": [({"n": 1}, 1), ({"n": 1}, 2)]}, ValueError, r"points\[1\]: .* repeat"),
        ({"points": [({"n": [1, 2]}, 1)]}, TypeError, r"points\[0\]: 'n' is \[1, 2\]"),
        ({"points": [({"g": float("nan")}, 1)]}, ValueError, "must be finite"),
        ({"points": [(1.0, 1)]}, TypeError, "non-empty mapping"),
        ({"workers": 2, "scheduler": "tcp://127.0.0.1:1"}, ValueError, "not both"),
        ({"workers": 0}, ValueError, "workers"),
        ({"metadata": {"unit": {}}}, ValueError, "unknown entry 'unit'"),
        ({"metadata": {"dims": {"ergotropy": "time"}}}, TypeError, "list of dimension names"),
        ({"identity": {"t": float("inf")}}, TypeError, "identity: cannot be written as JSON"),
    ],
)
def test_wrong_arguments_are_named_before_anything_runs(
    arguments: dict[str, Any], error: type[Exception], message: str, store_dir: Path
) -> None:
    call = {
        "function": charge_dicke,
        "points": dicke_points([2], [0.3]),
        "identity": IDENTITY,
    } | arguments
    with pytest.raises(error, match=message):
        run_sweep(call.pop("function"), call.pop("points"), store_dir, **call)
    assert not (store_dir / STORE_NAME).exists()


def test_the_progress_bar_is_drawn_when_asked_and_silent_by_default(
    store_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    run_sweep(charge_dicke, dicke_points([2], [0.3]), store_dir, identity=IDENTITY)
    assert capfd.readouterr() == ("", "")
    points = dicke_points([2, 3], [0.3])
    run_sweep(charge_dicke, points, store_dir, identity=IDENTITY, progress=True)
    err = capfd.readouterr().err
    assert "sweep" in err and "100%" in err
