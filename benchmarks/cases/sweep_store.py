"""Store overhead per point: committing finished Dicke points to the SQLite sweep store.

``N`` Dicke batteries (n_atoms 2..5, couplings spread over [0.2, 1.1], 401 times) are charged
once while the case is built; each timed call writes all of them into a fresh
``DIR/store.sqlite`` exactly as :func:`qbattery.sweep.run_sweep` does, one transaction per point
(its parameters, provenance, two scalars, a string and two arrays of 401 doubles, ~6.5 kB).

Implementations
---------------
``store``
    ``SweepStore.write_point`` for every point into a new store (WAL, ``synchronous=NORMAL``),
    opening and closing it included. Read back (untimed) for the agreement check, which asks
    for the arrays bit for bit (``atol = 0``).
``npz_files``
    The peer a researcher writes without a store: ``numpy.savez`` of each point's results into
    its own file (no transaction, no provenance, no resume).
``budget``
    ``time.sleep`` of the issue's budget, 5 ms per point: the ratio ``store / budget`` must stay
    below 1.

Ratios: the store against the budget (target <= 1) and against the ``.npz`` files.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from benchmarks.harness import Case, Implementation, Ratio
from benchmarks.sweeps import charge_dicke_point, dicke_grid, fresh_directory, read_back
from qbattery.sweep import SweepStore, sweep_tasks
from qbattery.sweep.canonical import digest
from qbattery.sweep.provenance import run_record
from qbattery.sweep.worker import compute_point

__all__ = ["BUDGET", "build"]

#: The issue's bound on the store's cost per point, in seconds.
BUDGET = 5e-3

IDENTITY = {"model": "dicke", "benchmark": "sweep_store"}


def build(quick: bool = False) -> Case:
    """200 points (40 when quick)."""
    couplings = np.linspace(0.2, 1.1, 10 if quick else 50).round(4).tolist()
    points = dicke_grid([2, 3, 4, 5], couplings, t_max=6.0, n_times=401)
    tasks = sweep_tasks(points)
    raw = [charge_dicke_point(payload) for _, payload in points]
    results = [
        compute_point(lambda _payload, values=values: values, task)
        for task, values in zip(tasks, raw, strict=True)
    ]
    identity_hash = digest(IDENTITY, "identity")

    def with_store() -> Path:
        directory = fresh_directory()
        with SweepStore.open(directory, create=True) as store:
            store.claim(identity_hash, IDENTITY, "benchmark")
            record = run_record(
                identity_hash=identity_hash,
                metadata={},
                executor="none",
                points_total=len(tasks),
                points_pending=len(tasks),
            )
            run_id = store.start_run(record)
            for task, result in zip(tasks, results, strict=True):
                store.write_point(run_id, task, result, seed=None)
        return directory

    def with_npz() -> Path:
        directory = fresh_directory()
        for task, values in zip(tasks, raw, strict=True):
            np.savez(directory / f"{task.position}.npz", **values)
        return directory

    def read_npz(directory: Path) -> np.ndarray:
        return np.concatenate(
            [np.load(directory / f"{task.position}.npz")["ergotropy"] for task in tasks]
        )

    def budget() -> None:
        time.sleep(BUDGET * len(tasks))

    return Case(
        name="sweep_store",
        description=(
            f"{len(tasks)} finished Dicke points (401 times, ~6.5 kB each) committed one by one "
            "to a new sweep store"
        ),
        implementations={
            "store": Implementation(
                func=with_store,
                postprocess=read_back,
                description="SweepStore.write_point per point, one transaction each",
            ),
            "npz_files": Implementation(
                func=with_npz,
                postprocess=read_npz,
                description="numpy.savez of each point into its own file",
            ),
            "budget": Implementation(
                func=budget, compare=False, description="sleep 5 ms per point (the target)"
            ),
        },
        reference="store",
        atol=0.0,
        ratios=(
            Ratio("store over the 5 ms/point budget", "store", "budget", at_most=1.0),
            Ratio("store over .npz files", "store", "npz_files"),
        ),
        parameters={"points": len(tasks), "times": 401, "quick": quick},
        repeat=3 if quick else 7,
    )
