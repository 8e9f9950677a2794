"""The SQLite store: bit-identical round trips, provenance, and refusal of files that are not ours.

Expected values come from calling the point function (a Dicke battery charged by
``qbattery.charge``) directly in the test; the store must give back exactly what it returned.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from qbattery.sweep import NotAStoreError, SweepStore, run_sweep
from qbattery.sweep.schema import APPLICATION_ID
from qbattery.sweep.store import STORE_NAME
from qbattery.sweep.values import decode_array, decode_scalar, encode_result
from tests.sweep.conftest import write_in_process
from tests.sweep.points import IDENTITY, charge_dicke, dicke_points


def test_points_come_back_bit_for_bit_with_their_provenance(store_dir: Path) -> None:
    points = dicke_points([2, 3], [0.3, 0.5])
    write_in_process(store_dir, points)
    with SweepStore.open(store_dir) as store:
        stored = store.points()
    assert [p.coordinates for p in stored] == [coordinates for coordinates, _ in points]
    for point, (_, payload) in zip(stored, points, strict=True):
        expected = charge_dicke(payload)
        assert point.values.keys() == expected.keys()
        for name, value in expected.items():
            got = point.values[name]
            if isinstance(value, np.ndarray):
                assert got.dtype == value.dtype and got.shape == value.shape
                assert got.tobytes() == value.tobytes()
            else:
                assert type(got) is type(value) and got == value
        assert point.provenance["method"] == expected["method"]
        assert point.provenance["seconds"] > 0
        assert point.provenance["started"] <= point.provenance["finished"]
        assert point.provenance["run_id"] == 1


def test_every_kind_of_value_survives_exactly() -> None:
    """Scalars keep their type, arrays their dtype and bytes, -0.0 its sign, NaN stays NaN."""
    result = {
        "flag": True,
        "count": 2**62,
        "negative_zero": -0.0,
        "tiny": 5e-324,
        "missing": None,
        "nan": float("nan"),
        "label": "dicke",
        "single": np.float32(0.1),
        "complex": 1 + 2j,
        "matrix": np.arange(6, dtype=">i4").reshape(2, 3),
        "state": np.array([[0.5, 0.5j], [-0.5j, 0.5]]),
        "fortran": np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    }
    scalars, arrays = encode_result(result)
    back = {s.name: decode_scalar(s.kind, s.value) for s in scalars}
    back |= {a.name: decode_array(a.dtype, a.shape, a.data) for a in arrays}
    for name in ("flag", "count", "missing", "label"):
        assert back[name] == result[name] and type(back[name]) is type(result[name])
    assert np.copysign(1.0, back["negative_zero"]) == -1.0 and back["tiny"] == 5e-324
    assert np.isnan(back["nan"])
    for name in ("single", "complex", "matrix", "state", "fortran"):
        expected = np.asarray(result[name])
        assert back[name].dtype == expected.dtype and back[name].shape == expected.shape
        assert np.array_equal(back[name], expected)


def test_values_that_cannot_be_stored_are_named() -> None:
    with pytest.raises(TypeError, match=r"'big' = 36893488147419103232 does not fit"):
        encode_result({"big": 2**65})
    with pytest.raises(TypeError, match=r"'objects' has dtype object"):
        encode_result({"objects": np.array([{}, []], dtype=object)})
    with pytest.raises(TypeError, match="must return a mapping"):
        encode_result([1.0, 2.0])


def _foreign_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE photos (name TEXT, data BLOB)")
        connection.execute("INSERT INTO photos VALUES (?, ?)", ("cat", b"\x00" * 100))
    connection.close()


def _damaged_store(path: Path) -> None:
    write_in_process(path.parent, dicke_points([2, 3, 4], [0.3, 0.5]))
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[page : len(data) // 2] = b"\xa5" * (len(data) // 2 - page)  # keep page 1, the header
    path.write_bytes(bytes(data))


def _newer_store(path: Path) -> None:
    write_in_process(path.parent, dicke_points([2], [0.3]))
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO schema_version VALUES (?, ?)", (99, "later"))
    connection.close()


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: path.write_text("results: none yet\n"), "not an SQLite database"),
        (_foreign_database, "SQLite database of another program"),
        (_damaged_store, "damaged sweep store"),
        (_newer_store, "store schema 99, this qbattery reads 1; upgrade qbattery"),
    ],
    ids=["text", "foreign", "damaged", "newer"],
)
def test_a_file_that_is_not_our_store_is_refused_and_left_alone(
    make: object, problem: str, store_dir: Path
) -> None:
    store_dir.mkdir()
    path = store_dir / STORE_NAME
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    for attempt in (
        lambda: SweepStore.open(store_dir),
        lambda: run_sweep(charge_dicke, dicke_points([2], [0.3]), store_dir, identity=IDENTITY),
    ):
        with pytest.raises(NotAStoreError) as error:
            attempt()
        message = str(error.value)
        assert "\n" not in message and str(path) in message and problem in message
        assert "--out" in message or "upgrade" in message
    assert path.read_bytes() == before


def test_a_store_is_marked_as_ours(store_dir: Path) -> None:
    write_in_process(store_dir, dicke_points([2], [0.3]))
    with sqlite3.connect(store_dir / STORE_NAME) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
    connection.close()


def test_points_are_read_from_one_state_while_another_process_writes(tmp_path: Path) -> None:
    """A point committed between the reader's queries (the race a watcher of a running sweep
    meets) is either wholly seen or not at all; here the commit is forced right after the
    reader's first query, through a second real connection to the same file."""
    from qbattery.sweep.engine import sweep_tasks
    from qbattery.sweep.provenance import run_record, timestamp
    from qbattery.sweep.worker import compute_point

    tasks = sweep_tasks([({"x": 1.0}, {"y": 2.0}), ({"x": 2.0}, {"y": 3.0})])
    writer = SweepStore.open(tmp_path, create=True)
    writer.claim("race", {"model": "race"}, timestamp())
    record = run_record(
        identity_hash="race", metadata={}, executor="local", points_total=2, points_pending=2
    )
    run_id = writer.start_run(record)
    writer.write_point(run_id, tasks[0], compute_point(dict, tasks[0]), None)
    reader = SweepStore.open(tmp_path)
    connection = reader.connection

    class CommitAfterFirstRead:
        fired = False

        def execute(self, sql: str, parameters: tuple = ()) -> sqlite3.Cursor:
            cursor = connection.execute(sql, parameters)
            if sql.startswith("SELECT") and not self.fired:
                self.fired = True
                writer.write_point(run_id, tasks[1], compute_point(dict, tasks[1]), None)
            return cursor

        def __getattr__(self, name: str) -> object:
            return getattr(connection, name)

    reader.connection = CommitAfterFirstRead()  # type: ignore[assignment]
    try:
        assert [(p.position, p.values) for p in reader.points()] == [(0, {"y": 2.0})]
        assert [p.position for p in reader.points()] == [0, 1]  # the next read sees it
    finally:
        reader.connection = connection
        reader.close()
        writer.close()
