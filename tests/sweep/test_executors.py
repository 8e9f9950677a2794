"""Executors under fire: a worker process killed mid-sweep, locally and on a Dask cluster.

Each sweep runs in a thread of the test process while the test SIGKILLs the process of a worker
that has already finished a point (its pid is in the point's provenance). The sweep must still
end with every point stored exactly once, each equal to a direct call of the point function.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qbattery.sweep import SchedulerUnreachableError, run_sweep
from qbattery.sweep import cluster as cluster_module
from qbattery.sweep.cluster import local_cluster
from qbattery.sweep.local import available_cores
from tests.sweep.conftest import SweepThread, assert_matches_direct_calls, finished_points
from tests.sweep.points import IDENTITY, blas_threads, charge_dicke, dicke_points

ROOT = Path(__file__).resolve().parents[2]

#: Environment variables that set BLAS thread counts at load time.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

#: 32 points of 10-100 ms each: a kill after the first lands in the middle of the sweep.
KILL_SWEEP = {"n_atoms": [2, 3, 4, 5], "couplings": [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]}


def kill_sweep() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return dicke_points(KILL_SWEEP["n_atoms"], KILL_SWEEP["couplings"], n_times=101)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A real Dask cluster of two single-threaded worker processes on the loopback interface."""
    pytest.importorskip("distributed")
    with local_cluster(2) as running:
        yield running


def assert_each_point_once(store_dir: Path, points: list[tuple[dict, Any]]) -> None:
    stored = finished_points(store_dir)
    assert len(stored) == len(points) == len({point.key for point in stored})
    assert_matches_direct_calls(store_dir, points)


def test_a_dask_cluster_runs_a_sweep(cluster: Any, store_dir: Path) -> None:
    points = dicke_points([2, 3], [0.3, 0.5])
    outcome = run_sweep(
        charge_dicke, points, store_dir, identity=IDENTITY, scheduler=cluster.scheduler_address
    )
    assert outcome.computed == 4 and outcome.executor == f"dask {cluster.scheduler_address}"
    assert_each_point_once(store_dir, points)


def kill_a_worker_mid_sweep(store_dir: Path, **executor: Any) -> int:
    """Run the kill sweep, SIGKILL the worker of its first point, check the end; the pid."""
    points = kill_sweep()
    sweep = SweepThread(
        function=charge_dicke, points=points, out_dir=store_dir, identity=IDENTITY, **executor
    )
    sweep.start()
    victim = sweep.wait_for_points(1)[0].provenance["pid"]
    os.kill(victim, signal.SIGKILL)
    outcome = sweep.result()
    assert outcome.computed == len(points)
    assert_each_point_once(store_dir, points)
    return int(victim)


def test_a_sweep_survives_a_dask_worker_killed_mid_sweep(cluster: Any, store_dir: Path) -> None:
    victim = kill_a_worker_mid_sweep(store_dir, scheduler=cluster.scheduler_address)
    survivors = {point.provenance["pid"] for point in finished_points(store_dir)} - {victim}
    assert survivors  # the other worker, and the one the nanny started in the victim's place


def test_the_local_executor_survives_a_worker_killed_mid_sweep(store_dir: Path) -> None:
    victim = kill_a_worker_mid_sweep(store_dir)
    last = sorted(finished_points(store_dir), key=lambda point: point.provenance["finished"])
    assert victim not in {point.provenance["pid"] for point in last[-4:]}  # a new pool took over


def test_local_workers_run_blas_on_one_thread(store_dir: Path) -> None:
    """Parallelism is across points. Run in a fresh process with no thread variables set (a
    Dask nanny sets them in the process that starts it, and this one may have started some)."""
    clean = {key: value for key, value in os.environ.items() if key not in THREAD_VARIABLES}
    code = (
        "import sys; from qbattery.sweep import run_sweep; "
        "from tests.sweep.points import blas_threads; "
        "points = [({'index': index}, None) for index in range(4)]; "
        "run_sweep(blas_threads, points, sys.argv[1], identity={'probe': 'blas'}); "
        "print(blas_threads(None)['threads'])"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(store_dir)],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(run.stdout) == available_cores()  # what the workers would have had
    assert [point.values["threads"] for point in finished_points(store_dir)] == [1] * 4


def test_dask_workers_run_blas_on_one_thread(cluster: Any, store_dir: Path) -> None:
    points = [({"index": index}, None) for index in range(4)]
    run_sweep(
        blas_threads,
        points,
        store_dir,
        identity={"probe": "blas"},
        scheduler=cluster.scheduler_address,
    )
    assert [point.values["threads"] for point in finished_points(store_dir)] == [1] * 4


def test_an_unreachable_scheduler_is_named(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_module, "CONNECT_SECONDS", 1)  # the default waits 10 s
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(SchedulerUnreachableError) as error:
        run_sweep(
            charge_dicke, dicke_points([2], [0.3]), store_dir, identity=IDENTITY, scheduler=address
        )
    message = str(error.value)
    assert "\n" not in message and f"cannot reach {address!r}" in message
    assert "dask scheduler" in message
    assert finished_points(store_dir) == []
