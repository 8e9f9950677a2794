"""The default call of this tree against the same call at an earlier revision ("today's default"
of an issue).

``python -m benchmarks.revision --against REV [--workload NAME] [--rounds N] [--out DIR]``
extracts ``src/`` of the git revision ``REV`` (``git archive``) into a temporary directory and
runs the workload alternately in child processes that import qbattery from there and from this
tree's ``src/``, one call per process (model built and charged inside the timed call, as a new
user's script would). Two versions of a package cannot share one process, so this is the one
benchmark across processes; the rounds interleave so that the machine's load falls on both.
Prints the medians, their ratio and the largest difference between the curves, with the load
average, and writes ``revision.json``. Quote ratios, not absolute times.

Workloads (:data:`WORKLOADS`):

``tc_coherent``
    Issue 12: ``charge(tavis_cummings(200, 0.05, charger="coherent"), times)`` on the grid of
    ``benchmarks.cases.sector_default`` (667 times, dt = 0.01), energy, power and ergotropy;
    the issue's target is 20 times faster than the default when it was filed (``8ec16af^``,
    the product space).

``dicke_32``, ``dicke_64``
    Issue 12's Dicke default call, ``charge(dicke(N, 0.05), times)`` on t = 0.01..16.66
    (1666 times, every default), as in ``benchmarks.cases.dicke_default``: one call per child
    process, so the first call's costs (page faults, caches) are included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

#: The code each child runs: builds the battery and charges it inside the timed region, prints
#: the elapsed seconds and saves the curves.
WORKLOADS = {
    "tc_coherent": """
import numpy as np, qbattery
n, g = 200, 0.05
t_end = 1.5 * np.pi / (g * np.sqrt(n))
times = np.linspace(0.0, t_end, round(t_end / 0.01) + 1)
start = time.perf_counter()
result = qbattery.charge(qbattery.models.tavis_cummings(n, g, charger="coherent"), times)
elapsed = time.perf_counter() - start
curves = np.concatenate([result.battery_energy, result.power, result.ergotropy])
""",
    **{
        f"dicke_{n}": f"""
import numpy as np, qbattery
times = np.arange(1, 1667) * 0.01
start = time.perf_counter()
result = qbattery.charge(qbattery.models.dicke({n}, 0.05), times)
elapsed = time.perf_counter() - start
curves = np.concatenate([result.battery_energy, result.power, result.ergotropy])
"""
        for n in (32, 64)
    },
}

_CHILD = """
import sys, time
{code}
np.save(sys.argv[1], curves)
print(elapsed)
"""


def _extract(revision: str, into: Path) -> Path:
    """``src/`` of ``revision`` under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "src"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _run(code: str, source: Path, curves: Path) -> float:
    """One timed call in a child importing qbattery from ``source``; its seconds."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(code=code), str(curves)],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        cwd=source.parent,
    )
    return float(done.stdout.strip().splitlines()[-1])


def compare(revision: str, workload: str, rounds: int) -> dict:
    """Interleaved rounds of ``workload`` at ``revision`` and in this tree; medians and ratio."""
    code = WORKLOADS[workload]
    with tempfile.TemporaryDirectory() as scratch:
        old_source = _extract(revision, Path(scratch) / "old")
        sources = {"revision": old_source, "this_tree": ROOT / "src"}
        seconds: dict[str, list[float]] = {name: [] for name in sources}
        curves = {name: Path(scratch) / f"{name}.npy" for name in sources}
        loads = [os.getloadavg()[0]]
        for _ in range(rounds):
            for name, source in sources.items():
                seconds[name].append(_run(code, source, curves[name]))
            loads.append(os.getloadavg()[0])
        old, new = (np.load(curves[name]) for name in sources)
        difference = float(np.max(np.abs(old - new)))
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    return {
        "workload": workload,
        "revision": revision,
        "rounds": rounds,
        "seconds": seconds,
        "medians": medians,
        "ratio": medians["revision"] / medians["this_tree"],
        "max_abs_difference": difference,
        "load_average": [min(loads), max(loads)],
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="git revision to compare with")
    parser.add_argument("--workload", default="tc_coherent", choices=sorted(WORKLOADS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("results/benchmarks"))
    arguments = parser.parse_args(argv)
    report = compare(arguments.against, arguments.workload, arguments.rounds)
    arguments.out.mkdir(parents=True, exist_ok=True)
    (arguments.out / "revision.json").write_text(json.dumps(report, indent=2))
    low, high = report["load_average"]
    print(
        f"{report['workload']}: {report['revision']} {report['medians']['revision']:.3g} s, "
        f"this tree {report['medians']['this_tree']:.3g} s (medians of {report['rounds']} "
        f"interleaved rounds): {report['ratio']:.2f}x; curves differ by at most "
        f"{report['max_abs_difference']:.2g}; load average {low:.1f}-{high:.1f}"
    )


if __name__ == "__main__":
    main()
