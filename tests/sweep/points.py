"""Point functions of the sweep tests: charging small Dicke batteries (real physics).

They live at module level so that worker processes (local or Dask) can import them. The payload
of a point is a dict ``{"n_atoms", "coupling", "t_max", "n_times"}``; the coordinates are the
swept ``n_atoms`` and ``coupling``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

import qbattery as qb
from qbattery.sweep import run_sweep

#: Charging window and grid of every point unless a test says otherwise.
T_MAX = 6.0
N_TIMES = 61

#: The identity the tests give their Dicke sweeps (everything but the swept values).
IDENTITY = {"model": "dicke", "t_max": T_MAX, "n_times": N_TIMES}


def times(payload: Mapping[str, Any]) -> np.ndarray:
    """The charging grid of a point."""
    return np.linspace(0.0, payload["t_max"], payload["n_times"])


def charge_dicke(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Charge ``dicke(n_atoms, coupling)`` on the point's grid; its figures of merit.

    The method is pinned to ``spectral``: the Chebyshev solver that ``auto`` picks for some of
    these batteries takes its spectral bounds from ARPACK started at a random vector, so that its
    last bits depend on what the process computed before, and the tests compare bit for bit.
    """
    battery = qb.models.dicke(n_atoms=payload["n_atoms"], coupling=payload["coupling"])
    result = qb.charge(battery, times(payload), method="spectral")
    return {
        "max_average_power": result.max_average_power,
        "optimal_time": result.optimal_time,
        "ergotropy": result.ergotropy,
        "time": result.times,
        "n_levels": battery.dimension,
        "method": result.method,
    }


def blas_threads(payload: object) -> dict[str, int]:
    """The largest thread count of the BLAS libraries loaded in this (worker) process."""
    from threadpoolctl import threadpool_info

    blas = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    return {"threads": max(blas)}


def dicke_points(
    n_atoms: Sequence[int],
    couplings: Sequence[float],
    *,
    t_max: float = T_MAX,
    n_times: int = N_TIMES,
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The grid n_atoms x couplings as (coordinates, payload) pairs."""
    return [
        (
            {"n_atoms": n, "coupling": g},
            {"n_atoms": n, "coupling": g, "t_max": t_max, "n_times": n_times},
        )
        for n in n_atoms
        for g in couplings
    ]


#: The sweep that the crash test runs in a subprocess and kills again and again: 40 points of
#: 10-100 ms each.
CRASH_SWEEP = {
    "n_atoms": (2, 3, 4, 5),
    "couplings": (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1),
    "n_times": 101,
}


def crash_sweep() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The points of :data:`CRASH_SWEEP`."""
    return dicke_points(
        CRASH_SWEEP["n_atoms"], CRASH_SWEEP["couplings"], n_times=CRASH_SWEEP["n_times"]
    )


def run_crash_sweep(out_dir: str) -> None:
    """Run :func:`crash_sweep` into ``out_dir`` (the body of the subprocess that is killed)."""
    run_sweep(charge_dicke, crash_sweep(), out_dir, identity=IDENTITY, progress=False)


if __name__ == "__main__":
    run_crash_sweep(sys.argv[1])
