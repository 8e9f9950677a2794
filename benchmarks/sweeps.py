"""Shared pieces of the sweep benchmarks: a Dicke point function, grids, fresh directories.

The point function lives at module level so that worker processes (local or Dask) can import
it. A case that compares a whole sweep with a serial loop (QuTiP or qbattery) builds its points
with :func:`dicke_grid`, runs :func:`qbattery.sweep.run_sweep` into :func:`fresh_directory`, and
compares :func:`read_back` with the loop's concatenated results.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

import qbattery
from qbattery.sweep import SweepStore

__all__ = ["charge_dicke_point", "dicke_grid", "fresh_directory", "read_back"]

_SCRATCH: list[Path] = []


def charge_dicke_point(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Charge ``dicke(n_atoms, coupling)`` on ``linspace(0, t_max, n_times)``, spectrally.

    Returns the figures of merit and the ergotropy and energy curves.
    """
    battery = qbattery.models.dicke(n_atoms=payload["n_atoms"], coupling=payload["coupling"])
    times = np.linspace(0.0, payload["t_max"], payload["n_times"])
    result = qbattery.charge(battery, times, method=payload.get("method", "spectral"))
    return {
        "max_average_power": result.max_average_power,
        "optimal_time": result.optimal_time,
        "ergotropy": result.ergotropy,
        "energy": result.energy,
        "method": result.method,
    }


def dicke_grid(
    n_atoms: Sequence[int], couplings: Sequence[float], *, t_max: float, n_times: int
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """``(coordinates, payload)`` for every (n_atoms, coupling) pair."""
    return [
        (
            {"n_atoms": n, "coupling": g},
            {"n_atoms": n, "coupling": g, "t_max": t_max, "n_times": n_times},
        )
        for n in n_atoms
        for g in couplings
    ]


def fresh_directory() -> Path:
    """A new empty directory, removed when the benchmark process exits."""
    if not _SCRATCH:
        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="qbattery-sweep-bench-")))
        atexit.register(shutil.rmtree, _SCRATCH[0], True)
    return Path(tempfile.mkdtemp(dir=_SCRATCH[0]))


def read_back(directory: Path, names: Sequence[str] = ("ergotropy",)) -> np.ndarray:
    """The ``names`` results of every stored point, concatenated in sweep order."""
    with SweepStore.open(directory) as store:
        points = store.points()
    return np.concatenate([np.ravel(point.values[name]) for point in points for name in names])
