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
    """Base class of the errors about a sweep's output directory and its store.

    Examples
    --------
    Every store error is one:

    >>> from qbattery.sweep.errors import NotAStoreError, StoreLockedError, SweepStoreError
    >>> issubclass(NotAStoreError, SweepStoreError), issubclass(StoreLockedError, SweepStoreError)
    (True, True)
    """


class NotAStoreError(SweepStoreError, ValueError):
    """The store file is damaged, foreign (another program's database) or of a newer schema.

    Examples
    --------
    A file that is not a SQLite store:

    >>> import pathlib, tempfile
    >>> from qbattery.sweep.store import SweepStore
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (pathlib.Path(folder) / "store.sqlite").write_text("not a database")
    ...     SweepStore.open(pathlib.Path(folder))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.sweep.errors.NotAStoreError: .../store.sqlite: is not a qbattery sweep store ...
    """


class SweepIdentityError(SweepStoreError, ValueError):
    """The output directory holds a different sweep than the one asked for.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qbattery.sweep.provenance import timestamp
    >>> from qbattery.sweep.store import SweepStore
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with SweepStore.open(pathlib.Path(folder), create=True) as store:
    ...         store.claim("demo", {"model": "demo"}, timestamp())
    ...         store.claim("other", {"model": "other"}, timestamp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.sweep.errors.SweepIdentityError: identity: ... holds another sweep ...
    """


class StoreLockedError(SweepStoreError, RuntimeError):
    """Another sweep is writing to the same output directory.

    Examples
    --------
    Raised by :func:`qbattery.sweep.lock.directory_lock` when another process holds the lock:

    >>> from qbattery.sweep.errors import StoreLockedError, SweepStoreError
    >>> issubclass(StoreLockedError, SweepStoreError)
    True
    """


class PointFailedError(QBatteryError, RuntimeError):
    """The point function raised; the points finished before it are kept.

    Examples
    --------
    >>> from qbattery.errors import QBatteryError
    >>> from qbattery.sweep.errors import PointFailedError
    >>> issubclass(PointFailedError, QBatteryError)
    True
    """


class SchedulerUnreachableError(QBatteryError, ConnectionError):
    """No Dask scheduler answers at the address given.

    Examples
    --------
    >>> from qbattery.errors import QBatteryError
    >>> from qbattery.sweep.errors import SchedulerUnreachableError
    >>> issubclass(SchedulerUnreachableError, QBatteryError)
    True
    """


class WorkerLostError(QBatteryError, RuntimeError):
    """A point's worker process died again and again (out of memory, a crash in compiled code).

    Examples
    --------
    >>> from qbattery.errors import QBatteryError
    >>> from qbattery.sweep.errors import WorkerLostError
    >>> issubclass(WorkerLostError, QBatteryError)
    True
    """
