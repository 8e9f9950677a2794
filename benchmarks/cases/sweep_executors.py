"""The Dask path against the local process pool on the same sweep, and both against a loop.

40 Dicke batteries (n_atoms 2..5, ten couplings in [0.2, 1.1], 201 times, 5-100 ms each),
charged spectrally and written to a fresh sweep store by :func:`qbattery.sweep.run_sweep`.

Implementations
---------------
``local``
    ``run_sweep`` with its default executor: one worker process per available core, started
    from the fork server (which the first call starts and later calls reuse).
``dask_workers``
    ``run_sweep(..., workers=cores)``: starts and stops a ``distributed.LocalCluster`` of
    single-threaded worker processes on every call, as a one-off sweep does.
``dask_scheduler``
    ``run_sweep(..., scheduler=address)`` on a LocalCluster of the same size started once with
    the case (workers already running and warm): the per-point cost of the Dask path alone.
``serial``
    The plain loop: the point function called for every point in this process, nothing stored.

Ratios: each Dask path over ``local``, and ``local`` over ``serial`` (the engine's cost net of
the parallel speed-up; on a machine whose cores are busy it exceeds 1).
"""

from __future__ import annotations

import atexit
from pathlib import Path

import numpy as np

from benchmarks.harness import Case, Implementation, Ratio
from benchmarks.sweeps import charge_dicke_point, dicke_grid, fresh_directory, read_back
from qbattery.sweep import run_sweep
from qbattery.sweep.cluster import local_cluster
from qbattery.sweep.local import available_cores

__all__ = ["build"]

IDENTITY = {"model": "dicke", "benchmark": "sweep_executors"}

#: Results of a worker and of this process may differ in the last bits (BLAS threads).
ROUND_OFF = 1e-10


def _cluster(workers: int) -> str:
    """The address of a LocalCluster kept for the rest of the process."""
    cluster = local_cluster(workers)
    atexit.register(cluster.close)
    return str(cluster.scheduler_address)


def build(quick: bool = False) -> Case:
    """40 points (16 when quick)."""
    couplings = np.linspace(0.2, 1.1, 4 if quick else 10).round(4).tolist()
    points = dicke_grid([2, 3, 4, 5], couplings, t_max=6.0, n_times=201)
    cores = available_cores()
    address = _cluster(cores)

    def sweep(**executor: object) -> Path:
        directory = fresh_directory()
        run_sweep(charge_dicke_point, points, directory, identity=IDENTITY, **executor)
        return directory

    def serial() -> np.ndarray:
        return np.concatenate([charge_dicke_point(payload)["ergotropy"] for _, payload in points])

    return Case(
        name="sweep_executors",
        description=(
            f"{len(points)} Dicke points (201 times) swept into a new store on {cores} "
            "workers: local processes, a new Dask LocalCluster, a running one; and a serial loop"
        ),
        implementations={
            "local": Implementation(
                func=sweep, postprocess=read_back, description="run_sweep, local processes"
            ),
            "dask_workers": Implementation(
                func=lambda: sweep(workers=cores),
                postprocess=read_back,
                description=f"run_sweep(workers={cores}): a new LocalCluster per call",
            ),
            "dask_scheduler": Implementation(
                func=lambda: sweep(scheduler=address),
                postprocess=read_back,
                description="run_sweep(scheduler=...): a running LocalCluster",
            ),
            "serial": Implementation(
                func=serial, description="the point function in a loop, nothing stored"
            ),
        },
        reference="local",
        atol=ROUND_OFF,
        ratios=(
            Ratio("new Dask cluster over local processes", "dask_workers", "local"),
            Ratio("running Dask cluster over local processes", "dask_scheduler", "local"),
            Ratio("local processes over a serial loop", "local", "serial"),
        ),
        parameters={"points": len(points), "times": 201, "workers": cores, "quick": quick},
        repeat=2 if quick else 5,
    )
