"""Errors of sweeps and their store, each a one-line message that names the fix.

They derive from :class:`qbattery.errors.QBatteryError` (so a command line that prints one line
per qbattery error prints these too) and from the matching built-in exception.
"""

from __future__ import annotations

from qbattery.errors import QBatteryError

__all__ = [
    "NotAStoreError",
    "PointFailedError",
    "SchedulerUnreachableError",
    "StoreLockedError",
    "SweepIdentityError",
    "SweepStoreError",
    "WorkerLostError",
]


class SweepStoreError(QBatteryError):
    """Base class of the errors about a sweep's output directory and its store."""


class NotAStoreError(SweepStoreError, ValueError):
    """The store file is damaged, foreign (another program's database) or of a newer schema."""


class SweepIdentityError(SweepStoreError, ValueError):
    """The output directory holds a different sweep than the one asked for."""


class StoreLockedError(SweepStoreError, RuntimeError):
    """Another sweep is writing to the same output directory."""


class PointFailedError(QBatteryError, RuntimeError):
    """The point function raised; the points finished before it are kept."""


class SchedulerUnreachableError(QBatteryError, ConnectionError):
    """No Dask scheduler answers at the address given."""


class WorkerLostError(QBatteryError, RuntimeError):
    """A point's worker process died again and again (out of memory, a crash in compiled code)."""
