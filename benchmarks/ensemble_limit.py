"""How far each library gets with the noisy driven ensemble within a time budget.

``python -m benchmarks.ensemble_limit [--budget SECONDS] [--out DIR] [--sizes N ...]`` runs the
model of :mod:`benchmarks.cases.ensemble_lindblad` (drive 0.5, local emission 0.05 and dephasing
0.02, 101 times on [0, 20]) with qbattery (``spin_ensemble`` + ``charge``) and with QuTiP's
piqs + ``mesolve``, each N in a child process ended at the budget (default 600 s, the issue's
ten minutes). An implementation that misses the budget is not run at larger N. Writes
``ensemble_limit.json`` and prints a markdown table: the time of each, their ratio, their
agreement, and the largest N each finished. Quote ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty

import numpy as np

from benchmarks.cases.ensemble_lindblad import piqs_energy, qbattery_energy

SIZES = (10, 20, 40, 60, 80, 100, 140, 200, 280)
RUNNERS: dict[str, Callable[[int], np.ndarray]] = {
    "qbattery": qbattery_energy,
    "qutip_piqs": piqs_energy,
}


def _solve(name: str, n: int, queue: multiprocessing.Queue) -> None:
    begin = time.perf_counter()
    curve = RUNNERS[name](n)
    queue.put((time.perf_counter() - begin, curve))


def timed_run(name: str, n: int, budget: float) -> tuple[float, np.ndarray | None]:
    """Seconds and energy curve of one implementation at N, or (budget, None) if it ran out."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_solve, args=(name, n, queue))
    process.start()
    try:
        seconds, curve = queue.get(timeout=budget)
    except Empty:
        process.terminate()
        return budget, None
    process.join()
    return seconds, curve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ensemble_limit")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--out", type=Path, default=Path("results/benchmarks"))
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args(argv)
    alive = set(RUNNERS)
    rows = []
    for n in args.sizes:
        if not alive:
            break
        row: dict = {"n_atoms": n}
        curves = {}
        for name in RUNNERS:
            if name in alive:
                seconds, curve = timed_run(name, n, args.budget)
                row[f"{name}_seconds"] = seconds if curve is not None else None
                if curve is None:
                    alive.discard(name)
                else:
                    curves[name] = curve
            else:
                row[f"{name}_seconds"] = None
        both = len(curves) == 2
        row["ratio"] = row["qutip_piqs_seconds"] / row["qbattery_seconds"] if both else None
        row["max_abs_diff"] = (
            float(np.max(np.abs(curves["qbattery"] - curves["qutip_piqs"]))) if both else None
        )
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    largest = {
        name: max((r["n_atoms"] for r in rows if r[f"{name}_seconds"] is not None), default=None)
        for name in RUNNERS
    }
    summary = {"budget_seconds": args.budget, "largest_n_within_budget": largest, "rows": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "ensemble_limit.json").write_text(json.dumps(summary, indent=2))

    def seconds(value: float | None) -> str:
        return "> budget / not run" if value is None else f"{value:.3g}"

    print("| N | qbattery (s) | piqs + mesolve (s) | ratio | max diff |")
    print("|---|---|---|---|---|")
    for row in rows:
        ratio = "—" if row["ratio"] is None else f"{row['ratio']:.3g}"
        diff = "—" if row["max_abs_diff"] is None else f"{row['max_abs_diff']:.1e}"
        print(
            f"| {row['n_atoms']} | {seconds(row['qbattery_seconds'])} | "
            f"{seconds(row['qutip_piqs_seconds'])} | {ratio} | {diff} |"
        )
    print(f"Largest N within {args.budget:g} s: {largest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
