"""A sweep SIGKILLed again and again, then resumed, ends exactly as an uninterrupted one.

The sweep (:func:`tests.sweep.points.run_crash_sweep`: 40 Dicke batteries charged by
``qbattery.charge``) runs in a subprocess with the default local executor. The test kills it
:data:`KILLS` times, two rounds in three at a random moment after launch (while it imports,
opens the store, starts its workers or computes) and every third just after it has written a
point (a random fraction of a point's time later, while the next ones are written), SIGKILLing
the sweep's own process first and then the rest of its process group (its orphaned workers).
Every run resumes the previous one. The result must hold every point exactly once, and each
point's scalars and arrays must equal those of an uninterrupted run bit for bit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from qbattery.sweep import run_sweep
from tests.sweep.conftest import finished_points
from tests.sweep.points import IDENTITY, charge_dicke, crash_sweep

ROOT = Path(__file__).resolve().parents[2]

#: How many times the sweep is killed before it may finish.
KILLS = 10

#: Seed of the kill moments.
SEED = 20261204


def launch(out_dir: Path) -> subprocess.Popen[bytes]:
    """The crash sweep in a subprocess, in its own process group (itself and its workers)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tests.sweep.points", str(out_dir)],
        cwd=ROOT,
        start_new_session=True,
        stderr=subprocess.DEVNULL,
    )


def kill(child: subprocess.Popen[bytes]) -> None:
    """SIGKILL the sweep, then the workers it leaves behind."""
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # no worker was left


def wait_for_a_new_point(child: subprocess.Popen[bytes], out_dir: Path, known: int) -> bool:
    """Wait until the store holds more than ``known`` points; ``False`` if the sweep ended."""
    while len(finished_points(out_dir)) <= known:
        if child.poll() is not None:
            return False
        time.sleep(0.01)
    return True


def stored(out_dir: Path) -> dict[str, dict[str, object]]:
    return {point.key: point.values for point in finished_points(out_dir)}


def test_a_sweep_killed_again_and_again_resumes_to_the_uninterrupted_result(
    tmp_path: Path,
) -> None:
    rng = np.random.default_rng(SEED)
    out_dir = tmp_path / "killed"
    kills = 0
    while kills < KILLS:
        child = launch(out_dir)
        known = len(finished_points(out_dir))
        if kills % 3 != 2:
            time.sleep(rng.uniform(0.1, 2.5))
        elif not wait_for_a_new_point(child, out_dir, known):
            break
        else:
            time.sleep(rng.uniform(0.0, 0.1))
        if child.poll() is not None:
            break
        kill(child)
        kills += 1
    assert kills == KILLS, f"the sweep finished after {kills} kills; give it more points"
    interrupted = len(finished_points(out_dir))
    assert 0 < interrupted < len(crash_sweep())

    resumed = run_sweep(charge_dicke, crash_sweep(), out_dir, identity=IDENTITY, progress=False)
    assert resumed.skipped == interrupted and resumed.computed == len(crash_sweep()) - interrupted
    reference_dir = tmp_path / "uninterrupted"
    run_sweep(charge_dicke, crash_sweep(), reference_dir, identity=IDENTITY, progress=False)

    result, reference = stored(out_dir), stored(reference_dir)
    assert len(finished_points(out_dir)) == len(result) == len(crash_sweep())
    assert result.keys() == reference.keys()
    for key, values in reference.items():
        assert result[key].keys() == values.keys()
        for name, value in values.items():
            got = result[key][name]
            if isinstance(value, np.ndarray):
                assert got.dtype == value.dtype and got.tobytes() == value.tobytes(), name
            else:
                assert type(got) is type(value) and got == value, name
