"""How far each library gets with the noisy driven ensemble within a time budget.

``python -m benchmarks.ensemble_limit [--budget SECONDS] [--out DIR] [--sizes N ...]
[--only NAME] [--interaction U]`` runs the model of :mod:`benchmarks.cases.ensemble_lindblad`
(drive 0.5, local emission 0.05 and dephasing 0.02, 101 times on [0, 20]; with
``--interaction`` a twisting term ``(U / N) J_z^2`` too, which couples the cells, so that
qbattery cannot solve them as one cell) with qbattery (``spin_ensemble`` +
``charge``, full-space ergotropy on) and with QuTiP's piqs + ``mesolve`` (energy only), each N in
a child process ended at the budget (default 600 s, the issue's ten minutes). An implementation
that misses the budget is not run at larger N. Writes ``ensemble_limit.json`` and prints a
markdown table: the time of each, their ratio, their agreement on the energy, the largest N each
finished, and where qbattery's time went (building the generator, propagating, ergotropy; read
from the solver's DEBUG log) with the machine's load average. Quote ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty

import numpy as np

import qbattery
from benchmarks.cases.ensemble_lindblad import PARAMETERS, TIMES, piqs_energy

SIZES = (10, 20, 40, 60, 80, 100, 140, 200, 280, 400)
PHASES = ("build", "propagation", "ergotropy")


def qbattery_energy_with_ergotropy(n: int, interaction: float = 0.0) -> np.ndarray:
    """Battery energy curve by qbattery, ergotropy (full 2**N space) computed too."""
    battery = qbattery.models.spin_ensemble(n, **PARAMETERS, interaction=interaction)
    return qbattery.charge(battery, TIMES, ergotropy=True).battery_energy


RUNNERS: dict[str, Callable[[int, float], np.ndarray]] = {
    "qbattery": qbattery_energy_with_ergotropy,
    "qutip_piqs": piqs_energy,
}


class _Phases(logging.Handler):
    """Keeps the phase record the permutational solver logs at DEBUG."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.phases: dict | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.phases = getattr(record, "phases", self.phases)


def _solve(name: str, n: int, interaction: float, queue: multiprocessing.Queue) -> None:
    handler = _Phases()
    logger = logging.getLogger("qbattery.dynamics.permutational")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    begin, cpu = time.perf_counter(), time.process_time()
    curve = RUNNERS[name](n, interaction)
    queue.put((time.perf_counter() - begin, curve, time.process_time() - cpu, handler.phases))


def timed_run(
    name: str, n: int, budget: float, interaction: float = 0.0
) -> tuple[float, np.ndarray | None, dict]:
    """Seconds, energy curve and details (CPU seconds, load, solver phases) of one
    implementation at N, or (budget, None, {...}) if it ran out."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_solve, args=(name, n, interaction, queue))
    load = os.getloadavg()[0]
    process.start()
    try:
        seconds, curve, cpu, phases = queue.get(timeout=budget)
    except Empty:
        process.terminate()
        return budget, None, {"load_average": load}
    process.join()
    details = {"cpu_seconds": cpu, "load_average": load, "phases": phases}
    return seconds, curve, details


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ensemble_limit")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--out", type=Path, default=Path("results/benchmarks"))
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--only", choices=sorted(RUNNERS), help="run one implementation only")
    parser.add_argument(
        "--interaction", type=float, default=0.0, help="U of the twisting term (U / N) J_z^2"
    )
    args = parser.parse_args(argv)
    alive = {args.only} if args.only else set(RUNNERS)
    rows = []
    for n in args.sizes:
        if not alive:
            break
        row: dict = {"n_atoms": n}
        curves = {}
        for name in RUNNERS:
            if name in alive:
                seconds, curve, details = timed_run(name, n, args.budget, args.interaction)
                row[f"{name}_seconds"] = seconds if curve is not None else None
                row[f"{name}_details"] = details
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
        if name in ({args.only} if args.only else set(RUNNERS))
    }
    summary = {
        "budget_seconds": args.budget,
        "interaction": args.interaction,
        "largest_n_within_budget": largest,
        "rows": rows,
    }
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
    print()
    print(_phase_table(rows))
    return 0


def _phase_table(rows: list[dict]) -> str:
    """Where qbattery's time went: each phase's seconds and share, products with L, load."""
    lines = [
        "| N | qbattery (s) | CPU (s) | load | build | propagation | ergotropy | products |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        details = row.get("qbattery_details") or {}
        phases = details.get("phases")
        if row.get("qbattery_seconds") is None or not phases:
            continue
        if phases.get("independent_cells"):
            lines.append(
                f"| {row['n_atoms']} | {row['qbattery_seconds']:.3g} | "
                f"{details['cpu_seconds']:.3g} | {details['load_average']:.1f} | "
                f"independent cells: one cell solved exactly and scaled, "
                f"{phases['seconds']:.3g} s in all | | | |"
            )
            continue
        total = sum(phases[f"{p}_seconds"] for p in PHASES)
        shares = [
            f"{phases[f'{p}_seconds']:.3g} s ({100 * phases[f'{p}_seconds'] / total:.0f}%)"
            for p in PHASES
        ]
        lines.append(
            f"| {row['n_atoms']} | {row['qbattery_seconds']:.3g} | "
            f"{details['cpu_seconds']:.3g} | {details['load_average']:.1f} | "
            + " | ".join(shares)
            + f" | {phases.get('products', 0)} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
