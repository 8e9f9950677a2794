"""Sweeps: a function mapped over points by local processes or Dask, each result stored at once.

:func:`run_sweep` computes the points of a sweep not finished yet and commits each to the SQLite
store of its output directory as it arrives, so that a crash loses little and running the same
sweep again resumes it; :func:`to_dataset` reads the store as an ``xarray.Dataset`` over the
swept parameters; :class:`SweepStore` gives access to the store's points and provenance.
"""

from qbattery.sweep.engine import SweepOutcome, run_sweep, sweep_tasks
from qbattery.sweep.errors import (
    NotAStoreError,
    PointFailedError,
    SchedulerUnreachableError,
    StoreLockedError,
    SweepIdentityError,
    SweepStoreError,
    WorkerLostError,
)
from qbattery.sweep.export import METADATA_KEYS, to_dataset
from qbattery.sweep.store import STORE_NAME, StoredPoint, SweepStore

__all__ = [
    "METADATA_KEYS",
    "STORE_NAME",
    "NotAStoreError",
    "PointFailedError",
    "SchedulerUnreachableError",
    "StoreLockedError",
    "StoredPoint",
    "SweepIdentityError",
    "SweepOutcome",
    "SweepStore",
    "SweepStoreError",
    "WorkerLostError",
    "run_sweep",
    "sweep_tasks",
    "to_dataset",
]
