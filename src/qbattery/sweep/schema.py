"""The store's SQLite schema, and opening a store file only after checking that it is one.

A store is marked as ours twice: ``PRAGMA application_id`` in the file header and a
``schema_version`` table. :func:`open_store_file` refuses (with one line naming the file and
what to do) a file that is not SQLite, an SQLite database of another program, a store written by
a newer schema, or a damaged store; it decides that from a read-only connection, so a refused file
is never written to. A file that is empty (a store whose creation was interrupted before its first
commit) is initialised like a new one.
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from qbattery.sweep.errors import NotAStoreError

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "open_store_file"]

#: ``PRAGMA application_id`` of a qbattery sweep store: the bytes "qBsw".
APPLICATION_ID = 0x71427377

#: Version of the tables below; a store of a higher version is refused, not reinterpreted.
SCHEMA_VERSION = 1

_MAGIC = b"SQLite format 3\x00"

# Scalars and parameters keep a `kind` beside a column without type affinity, so that integers,
# floats (bit for bit) and strings are stored as given and booleans come back as booleans.
_TABLES = """
CREATE TABLE schema_version (version INTEGER NOT NULL, created TEXT NOT NULL);
CREATE TABLE sweep (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    identity_hash TEXT NOT NULL,
    identity TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY,
    identity_hash TEXT NOT NULL,
    metadata TEXT NOT NULL,
    qbattery_version TEXT NOT NULL,
    versions TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    executor TEXT NOT NULL,
    points_total INTEGER NOT NULL,
    points_pending INTEGER NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL
);
CREATE TABLE points (
    point_id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs (run_id)
);
CREATE TABLE parameters (
    point_id INTEGER NOT NULL REFERENCES points (point_id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    value,
    PRIMARY KEY (point_id, name)
);
CREATE TABLE provenance (
    point_id INTEGER PRIMARY KEY REFERENCES points (point_id),
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started TEXT NOT NULL,
    finished TEXT NOT NULL,
    seconds REAL NOT NULL,
    seed TEXT,
    method TEXT
);
CREATE TABLE scalars (
    point_id INTEGER NOT NULL REFERENCES points (point_id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    value,
    PRIMARY KEY (point_id, name)
);
CREATE TABLE arrays (
    point_id INTEGER NOT NULL REFERENCES points (point_id),
    name TEXT NOT NULL,
    dtype TEXT NOT NULL,
    shape TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (point_id, name)
);
"""


def _refuse(path: Path, problem: str, fix: str) -> NotAStoreError:
    return NotAStoreError(f"{path}: {problem}; {fix}")


_ELSEWHERE = "choose another --out directory (or move the file away)"


def _check_existing(path: Path) -> bool:
    """Check an existing file read-only; return whether it still needs the tables."""
    with path.open("rb") as handle:
        header = handle.read(len(_MAGIC))
    if not header:
        return True
    if header != _MAGIC:
        raise _refuse(path, "is not a qbattery sweep store (not an SQLite database)", _ELSEWHERE)
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as connection:
            application_id = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
            if application_id == 0 and tables == 0:
                return True
            if application_id != APPLICATION_ID:
                raise _refuse(
                    path,
                    f"is an SQLite database of another program (application_id "
                    f"{application_id:#x}), not a qbattery sweep store",
                    _ELSEWHERE,
                )
            version = connection.execute("SELECT max(version) FROM schema_version").fetchone()[0]
            problems = [row[0] for row in connection.execute("PRAGMA quick_check(3)")]
    except sqlite3.Error as exc:
        raise _refuse(path, f"is a damaged sweep store ({exc})", _ELSEWHERE) from exc
    if problems != ["ok"]:
        found = "; ".join(problems)
        raise _refuse(path, f"is a damaged sweep store ({found})", _ELSEWHERE)
    if version is None or version > SCHEMA_VERSION:
        raise _refuse(
            path,
            f"was written with store schema {version}, this qbattery reads {SCHEMA_VERSION}",
            "upgrade qbattery to read it, or choose another --out directory",
        )
    return False


def _create_tables(connection: sqlite3.Connection) -> None:
    connection.execute("BEGIN IMMEDIATE")
    for statement in _TABLES.split(";"):
        if statement.strip():
            connection.execute(statement)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(
        "INSERT INTO schema_version (version, created) VALUES (?, ?)",
        (SCHEMA_VERSION, datetime.now(UTC).isoformat()),
    )
    connection.execute("COMMIT")


def open_store_file(path: Path, *, create: bool) -> sqlite3.Connection:
    """A read-write connection to the store at ``path`` in WAL mode, checked first.

    Parameters
    ----------
    path : Path
        The store file (``DIR/store.sqlite``).
    create : bool
        Create the store if the file does not exist; otherwise a missing file is an error.

    The connection is in autocommit mode: callers group writes with ``BEGIN`` / ``COMMIT``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qbattery.sweep.schema import open_store_file
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     connection = open_store_file(pathlib.Path(folder) / "store.sqlite", create=True)
    ...     mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    ...     connection.close()
    >>> mode
    'wal'
    """
    if path.exists() and not path.is_file():
        raise _refuse(path, "is not a file", _ELSEWHERE)
    fresh = not path.exists() or _check_existing(path)
    if fresh and not create:
        raise NotAStoreError(f"{path}: no sweep store there (yet); run the sweep first")
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=60.0)
        # An application crash loses no committed point in WAL mode with synchronous=NORMAL;
        # a power failure may lose the last few, which resuming recomputes.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        if fresh:
            _create_tables(connection)
    except sqlite3.Error as exc:
        raise _refuse(path, f"cannot be opened as a sweep store ({exc})", _ELSEWHERE) from exc
    return connection
