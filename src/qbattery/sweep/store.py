"""The results store of one sweep directory: ``DIR/store.sqlite`` (schema in :mod:`.schema`).

One process writes a store (the sweep that holds ``DIR/store.lock``); each finished point is
one transaction (its parameters, provenance, scalars and arrays), committed as soon as it
arrives, so a crash loses at most the points still being computed. A point's key is unique: a
point is never written twice, and nothing a sweep writes is ever deleted or rewritten. Every
statement is parameterised.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from qbattery.sweep.canonical import canonical_json
from qbattery.sweep.errors import SweepIdentityError, SweepStoreError
from qbattery.sweep.schema import open_store_file
from qbattery.sweep.values import decode_array, decode_scalar, encode_coordinate
from qbattery.sweep.worker import PointResult, PointTask

__all__ = ["RUN_COLUMNS", "STORE_NAME", "StoredPoint", "SweepStore"]

#: Name of the store file in a sweep's output directory.
STORE_NAME = "store.sqlite"

#: What a run records when it starts (``finished`` is added when it ends).
RUN_COLUMNS = (
    "identity_hash",
    "metadata",
    "qbattery_version",
    "versions",
    "host",
    "pid",
    "executor",
    "points_total",
    "points_pending",
    "started",
    "status",
)

_INSERT_RUN = (
    f"INSERT INTO runs ({', '.join(RUN_COLUMNS)}) VALUES ({', '.join('?' * len(RUN_COLUMNS))})"
)


@dataclass(frozen=True)
class StoredPoint:
    """A finished point read back: coordinates in their order, results, provenance.

    Examples
    --------
    A point computed by ``dict`` (its payload is its result):

    >>> import pathlib, tempfile
    >>> from qbattery.sweep.engine import sweep_tasks
    >>> from qbattery.sweep.provenance import run_record, timestamp
    >>> from qbattery.sweep.store import SweepStore
    >>> from qbattery.sweep.worker import compute_point
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
    >>> store.claim("demo", {"model": "demo"}, timestamp())
    >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
    ...                     points_pending=1)
    >>> run_id = store.start_run(record)
    >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
    >>> store.write_point(run_id, task, compute_point(dict, task), None)
    True
    >>> point = store.points()[0]
    >>> point.coordinates, point.values
    ({'x': 1.0}, {'y': 2.0})
    >>> store.close()
    >>> folder.cleanup()
    """

    key: str
    position: int
    coordinates: dict[str, Any]
    values: dict[str, Any]
    provenance: dict[str, Any]


class SweepStore:
    """The store of the sweep in ``directory``; use :meth:`open` and a ``with`` block.

    Examples
    --------
    A store written by hand (:func:`~qbattery.sweep.engine.run_sweep` does this for every point):

    >>> import pathlib, tempfile
    >>> from qbattery.sweep.engine import sweep_tasks
    >>> from qbattery.sweep.provenance import run_record, timestamp
    >>> from qbattery.sweep.store import SweepStore
    >>> from qbattery.sweep.worker import compute_point
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
    >>> store.claim("demo", {"model": "demo"}, timestamp())
    >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
    ...                     points_pending=1)
    >>> run_id = store.start_run(record)
    >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
    >>> store.write_point(run_id, task, compute_point(dict, task), None)
    True
    >>> len(store.points()), store.identity_hash()
    (1, 'demo')
    >>> store.close()
    >>> folder.cleanup()
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    def open(cls, directory: Path, *, create: bool = False) -> SweepStore:
        """Open (or with ``create`` make) the store in ``directory``, checked to be one.

        Examples
        --------
        Opening a directory without a store (and without ``create``) is refused:

        >>> import pathlib, tempfile
        >>> from qbattery.sweep.store import SweepStore
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     SweepStore.open(pathlib.Path(folder))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        qbattery.sweep.errors.NotAStoreError: .../store.sqlite: no sweep store there (yet); ...
        """
        path = Path(directory) / STORE_NAME
        return cls(open_store_file(path, create=create), path)

    def close(self) -> None:
        """Close the connection (a clean close also folds the WAL back into the file).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> store.identity_hash()
        'demo'
        >>> store.close()
        >>> folder.cleanup()
        """
        self.connection.close()

    def __enter__(self) -> SweepStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")
        except sqlite3.Error as exc:
            raise SweepStoreError(
                f"{self.path}: {action} failed ({exc}); the points already finished are kept, "
                "free disk space or check the file and run the sweep again to resume"
            ) from exc

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Several reads of one state of the file while a sweep may be writing to it: a
        deferred transaction, whose first read fixes the WAL snapshot the others see
        (without it a point committed between two reads has values but no coordinates)."""
        if self.connection.in_transaction:  # already inside one
            yield
            return
        try:
            self.connection.execute("BEGIN DEFERRED")
        except sqlite3.Error as exc:
            raise SweepStoreError(f"{self.path}: reading the store failed ({exc})") from exc
        try:
            yield
        finally:
            self.connection.execute("COMMIT")  # a read transaction: nothing to write

    def _query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise SweepStoreError(f"{self.path}: reading the store failed ({exc})") from exc

    # -- the sweep's identity and its runs ------------------------------------------------

    def identity_hash(self) -> str | None:
        """The identity hash of the sweep in this store, ``None`` for a new store.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> store.identity_hash()
        'demo'
        >>> store.close()
        >>> folder.cleanup()
        """
        rows = self._query("SELECT identity_hash FROM sweep")
        return rows[0][0] if rows else None

    def claim(self, identity_hash: str, identity: Any, created: str) -> None:
        """Record ``identity`` for a new store, or check that it is the store's own.

        Examples
        --------
        Claiming the store for another sweep is refused:

        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> store.claim("other", {"model": "other"}, timestamp())  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        qbattery.sweep.errors.SweepIdentityError: identity: ... holds another sweep ...
        >>> store.close()
        >>> folder.cleanup()
        """
        rows = self._query("SELECT identity_hash, identity FROM sweep")
        if not rows:
            with self._transaction("recording the sweep's identity") as db:
                db.execute(
                    "INSERT INTO sweep (id, identity_hash, identity, created) VALUES (1, ?, ?, ?)",
                    (identity_hash, canonical_json(identity, "identity"), created),
                )
            return
        stored_hash, stored = rows[0]
        if stored_hash != identity_hash:
            raise SweepIdentityError(
                f"identity: {self.path.parent} holds another sweep ({stored_hash[:12]}, this one "
                f"is {identity_hash[:12]}; {_difference(json.loads(stored), identity)}); resume "
                "it with the same settings, or choose another --out directory"
            )

    def start_run(self, record: Mapping[str, Any]) -> int:
        """Insert a run (a value for each of :data:`RUN_COLUMNS`); return its id.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> run_id
        1
        >>> store.close()
        >>> folder.cleanup()
        """
        with self._transaction("recording the run") as db:
            cursor = db.execute(_INSERT_RUN, tuple(record[name] for name in RUN_COLUMNS))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, status: str, finished: str) -> None:
        """Record how a run ended (``complete``, or what stopped it) and when.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> store.finish_run(run_id, "complete", timestamp())
        >>> store.metadata()
        {}
        >>> store.close()
        >>> folder.cleanup()
        """
        with self._transaction("recording the end of the run") as db:
            db.execute(
                "UPDATE runs SET status = ?, finished = ? WHERE run_id = ?",
                (status, finished, run_id),
            )

    def metadata(self) -> dict[str, Any]:
        """The metadata of the latest run that gave any (``{}`` if none did).

        Examples
        --------
        No run gave metadata here:

        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> store.metadata()
        {}
        >>> store.close()
        >>> folder.cleanup()
        """
        rows = self._query(
            "SELECT metadata FROM runs WHERE metadata != ? ORDER BY run_id DESC LIMIT 1", ("{}",)
        )
        return json.loads(rows[0][0]) if rows else {}

    # -- points ------------------------------------------------------------------------------

    def finished_keys(self) -> set[str]:
        """Keys of every finished point.

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> _ = store.write_point(run_id, task, compute_point(dict, task), None)
        >>> store.finished_keys() == {task.key}
        True
        >>> store.close()
        >>> folder.cleanup()
        """
        return {row[0] for row in self._query("SELECT key FROM points")}

    def write_point(self, run_id: int, task: PointTask, result: PointResult, seed: Any) -> bool:
        """Commit a finished point; return ``False`` (writing nothing) if it was already there.

        Examples
        --------
        A point is written once:

        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> store.write_point(run_id, task, compute_point(dict, task), None)
        True
        >>> store.write_point(run_id, task, compute_point(dict, task), None)
        False
        >>> store.close()
        >>> folder.cleanup()
        """
        with self._transaction(f"writing point {task.coordinates}") as db:
            cursor = db.execute(
                "INSERT INTO points (key, position, run_id) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO NOTHING",
                (task.key, task.position, run_id),
            )
            if cursor.rowcount == 0:
                return False
            point_id = cursor.lastrowid
            encoded = [encode_coordinate(*item) for item in task.coordinates.items()]
            parameters = [
                (point_id, position, row.name, row.kind, row.value)
                for position, row in enumerate(encoded)
            ]
            db.executemany(
                "INSERT INTO parameters (point_id, position, name, kind, value) "
                "VALUES (?, ?, ?, ?, ?)",
                parameters,
            )
            db.execute(
                "INSERT INTO provenance (point_id, host, pid, started, finished, seconds, seed, "
                "method) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    point_id,
                    result.host,
                    result.pid,
                    result.started,
                    result.finished,
                    result.seconds,
                    None if seed is None else canonical_json(seed, "seed"),
                    result.method,
                ),
            )
            db.executemany(
                "INSERT INTO scalars (point_id, name, kind, value) VALUES (?, ?, ?, ?)",
                [(point_id, s.name, s.kind, s.value) for s in result.scalars],
            )
            db.executemany(
                "INSERT INTO arrays (point_id, name, dtype, shape, data) VALUES (?, ?, ?, ?, ?)",
                [(point_id, a.name, a.dtype, a.shape, a.data) for a in result.arrays],
            )
        return True

    def points(self) -> list[StoredPoint]:
        """Every finished point, in sweep order (position, then the run that computed it).

        Examples
        --------
        >>> import pathlib, tempfile
        >>> from qbattery.sweep.engine import sweep_tasks
        >>> from qbattery.sweep.provenance import run_record, timestamp
        >>> from qbattery.sweep.store import SweepStore
        >>> from qbattery.sweep.worker import compute_point
        >>> folder = tempfile.TemporaryDirectory()
        >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
        >>> store.claim("demo", {"model": "demo"}, timestamp())
        >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
        ...                     points_pending=1)
        >>> run_id = store.start_run(record)
        >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
        >>> _ = store.write_point(run_id, task, compute_point(dict, task), None)
        >>> [(point.position, point.values) for point in store.points()]
        [(0, {'y': 2.0})]
        >>> store.close()
        >>> folder.cleanup()
        """
        with self._snapshot():
            parameters = self._query(
                "SELECT point_id, name, kind, value FROM parameters ORDER BY point_id, position"
            )
            scalars = self._query(
                "SELECT point_id, name, kind, value FROM scalars ORDER BY point_id, rowid"
            )
            arrays = self._query(
                "SELECT point_id, name, dtype, shape, data FROM arrays ORDER BY point_id, rowid"
            )
            rows = self._query(
                "SELECT p.point_id, p.key, p.position, p.run_id, v.host, v.pid, v.started, "
                "v.finished, v.seconds, v.seed, v.method FROM points AS p JOIN provenance AS v "
                "ON v.point_id = p.point_id ORDER BY p.position, p.run_id, p.point_id"
            )
        coordinates: dict[int, dict[str, Any]] = {}
        values: dict[int, dict[str, Any]] = {}
        for point_id, name, kind, value in parameters:
            coordinates.setdefault(point_id, {})[name] = decode_scalar(kind, value)
        for point_id, name, kind, value in scalars:
            values.setdefault(point_id, {})[name] = decode_scalar(kind, value)
        for point_id, name, dtype, shape, data in arrays:
            values.setdefault(point_id, {})[name] = decode_array(dtype, shape, data)
        columns = ("run_id", "host", "pid", "started", "finished", "seconds", "seed", "method")
        stored = []
        for point_id, key, position, *provenance in rows:
            record = dict(zip(columns, provenance, strict=True))
            record["seed"] = None if record["seed"] is None else json.loads(record["seed"])
            stored.append(
                StoredPoint(key, position, coordinates[point_id], values.get(point_id, {}), record)
            )
        return stored


def _difference(stored: Any, identity: Any) -> str:
    """Which top-level entries of two identities differ, in a few words."""
    if not isinstance(stored, Mapping) or not isinstance(identity, Mapping):
        return "the identities differ"
    keys = sorted(
        key
        for key in set(stored) | set(identity)
        if canonical_json(stored.get(key), key) != canonical_json(identity.get(key), key)
    )
    return "differing in " + ", ".join(repr(key) for key in keys)
