"""How far plain QuTiP gets with the Tavis-Cummings battery in the full photon (x) spin space.

``python -m benchmarks.tc_qutip_limit [--budget SECONDS] [--out DIR]`` runs ``qutip.sesolve``
on the Tavis-Cummings battery (coupling 0.05, N photons, atoms in |g>, photon cut-off N, the
symmetric spin space: dimension (N + 1)^2) on the grid ``dt = 0.01`` up to
``1.5 pi / (g sqrt N)`` for N = 25, 50, 100, 200, ... and stops at the first N whose run
does not finish within the budget (default 600 s, the issue's ten minutes; the QuTiP run is a
child process, ended at the budget). For every N it also times
qbattery's sector solver (``tavis_cummings_sector``) on the same grid and checks the two energy
curves agree. Writes ``tc_qutip_limit.json`` and prints a markdown table: the largest N QuTiP
finished within the budget and the time ratio at each N. Quote ratios, not absolute times.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from pathlib import Path
from queue import Empty

import numpy as np
import qutip

import qbattery

COUPLING = 0.05
STEP = 0.01


def qutip_tavis_cummings(n: int) -> tuple[qutip.Qobj, qutip.Qobj, qutip.Qobj]:
    """(H, H_B, psi0) on (N + 1 photons) x (spin N/2), as a QuTiP user writes them."""
    a = qutip.tensor(qutip.destroy(n + 1), qutip.qeye(n + 1))
    jz = qutip.tensor(qutip.qeye(n + 1), qutip.jmat(n / 2, "z"))
    jp = qutip.tensor(qutip.qeye(n + 1), qutip.jmat(n / 2, "+"))
    h = a.dag() * a + jz + COUPLING * (jp * a + jp.dag() * a.dag())
    psi0 = qutip.tensor(qutip.basis(n + 1, n), qutip.basis(n + 1, n))  # |N>, m = -N/2
    return h, jz + n / 2, psi0


def grid(n: int) -> np.ndarray:
    t_end = 1.5 * np.pi / (COUPLING * np.sqrt(n))
    return np.linspace(0.0, t_end, round(t_end / STEP) + 1)


def _solve(n: int, queue: multiprocessing.Queue) -> None:
    times = grid(n)
    h, h_b, psi0 = qutip_tavis_cummings(n)
    begin = time.perf_counter()
    result = qutip.sesolve(h, psi0, times, e_ops=[h_b], options={"atol": 1e-10, "rtol": 1e-8})
    queue.put((time.perf_counter() - begin, np.asarray(result.expect[0])))


def qutip_run(n: int, budget: float) -> tuple[float, np.ndarray | None]:
    """QuTiP's time and energy curve for N, in a child process killed after ``budget`` s."""
    queue: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=_solve, args=(n, queue))
    process.start()
    try:
        seconds, curve = queue.get(timeout=budget)
    except Empty:
        process.terminate()
        return budget, None
    process.join()
    return seconds, curve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tc_qutip_limit")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds per QuTiP run")
    parser.add_argument("--out", type=Path, default=Path("results/benchmarks"))
    parser.add_argument("--start", type=int, default=25, help="first N (doubled each step)")
    args = parser.parse_args(argv)
    rows = []
    n = args.start
    while True:
        times = grid(n)
        qutip_seconds, expected = qutip_run(n, args.budget)
        battery = qbattery.models.tavis_cummings_sector(n, COUPLING)
        begin = time.perf_counter()
        energy = qbattery.charge(battery, times).battery_energy
        qbattery_seconds = time.perf_counter() - begin
        rows.append(
            {
                "n_atoms": n,
                "dimension_full": (n + 1) ** 2,
                "times": len(times),
                "qutip_seconds": qutip_seconds,
                "qbattery_seconds": qbattery_seconds,
                "ratio": qutip_seconds / qbattery_seconds,
                "qutip_finished": expected is not None,
                "max_abs_diff": (
                    None if expected is None else float(np.max(np.abs(expected - energy)))
                ),
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
        if expected is None:
            break
        n *= 2
    within = [row["n_atoms"] for row in rows if row["qutip_finished"]]
    summary = {
        "budget_seconds": args.budget,
        "largest_n_within_budget": max(within, default=None),
        "rows": rows,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "tc_qutip_limit.json").write_text(json.dumps(summary, indent=2))
    print("| N | full dimension | QuTiP sesolve (s) | qbattery sector (s) | ratio | max diff |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        qutip_time = f"{row['qutip_seconds']:.3g}" if row["qutip_finished"] else "> budget"
        diff = "—" if row["max_abs_diff"] is None else f"{row['max_abs_diff']:.1e}"
        print(
            f"| {row['n_atoms']} | {row['dimension_full']} | {qutip_time} | "
            f"{row['qbattery_seconds']:.3g} | {row['ratio']:.3g} | {diff} |"
        )
    print(
        f"Largest N QuTiP finished within {args.budget:g} s: {summary['largest_n_within_budget']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
