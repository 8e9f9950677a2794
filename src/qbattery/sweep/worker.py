"""What a worker process does with one point: call the function, time it, encode its result.

Workers run in separate processes (local or on a Dask cluster); they never touch the store. A
worker returns a :class:`PointResult`, already encoded into store rows, and the process that owns
the store writes it. Parallelism is across points, so each worker process limits BLAS/LAPACK to
one thread before its first point (``threadpoolctl``; a Dask nanny also starts its workers with
``OMP_NUM_THREADS=1`` and friends).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from threadpoolctl import threadpool_limits

from qbattery.sweep.canonical import Coordinate
from qbattery.sweep.provenance import host, timestamp
from qbattery.sweep.values import EncodedArray, EncodedScalar, encode_result

__all__ = ["PointResult", "PointTask", "compute_point", "execute_point", "limit_blas_threads"]

#: The process in which BLAS was last limited (a forked child must limit its own).
_limited_in: int | None = None


@dataclass(frozen=True)
class PointTask:
    """One point to compute: its place in the sweep, key, coordinates and the function's input.

    ``key`` is the sha256 of the coordinates' canonical JSON, ``position`` the point's index in
    the sweep's list of points.

    Examples
    --------
    >>> from qbattery.sweep.engine import sweep_tasks
    >>> task = sweep_tasks([({"x": 1.0}, "payload")])[0]
    >>> task.position, task.coordinates, task.payload
    (0, {'x': 1.0}, 'payload')
    """

    position: int
    key: str
    coordinates: dict[str, Coordinate]
    payload: Any


@dataclass(frozen=True)
class PointResult:
    """A computed point, encoded for the store, with where, when and how long it ran.

    Examples
    --------
    >>> from qbattery.sweep.engine import sweep_tasks
    >>> from qbattery.sweep.worker import compute_point
    >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0, "method": "spectral"})])[0]
    >>> result = compute_point(dict, task)
    >>> [(s.name, s.value) for s in result.scalars], result.method, result.key == task.key
    ([('y', 2.0), ('method', 'spectral')], 'spectral', True)
    """

    key: str
    scalars: list[EncodedScalar]
    arrays: list[EncodedArray]
    method: str | None
    host: str
    pid: int
    started: str
    finished: str
    seconds: float


def limit_blas_threads() -> None:
    """Limit every BLAS loaded in this process to one thread (once per process).

    Examples
    --------
    >>> from qbattery.sweep.worker import limit_blas_threads
    >>> limit_blas_threads()
    """
    global _limited_in
    if _limited_in != os.getpid():
        threadpool_limits(limits=1, user_api="blas")
        _limited_in = os.getpid()


def execute_point(function: Callable[[Any], Mapping[str, Any]], task: PointTask) -> PointResult:
    """What a worker process runs: :func:`compute_point`, with one BLAS thread.

    Examples
    --------
    The same as :func:`compute_point`, with BLAS limited to one thread first:

    >>> from qbattery.sweep.engine import sweep_tasks
    >>> from qbattery.sweep.worker import execute_point
    >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
    >>> [(s.name, s.value) for s in execute_point(dict, task).scalars]
    [('y', 2.0)]
    """
    limit_blas_threads()
    return compute_point(function, task)


def compute_point(function: Callable[[Any], Mapping[str, Any]], task: PointTask) -> PointResult:
    """Apply ``function`` to ``task.payload`` and encode what it returns.

    Examples
    --------
    >>> from qbattery.sweep.engine import sweep_tasks
    >>> from qbattery.sweep.worker import compute_point
    >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
    >>> [(s.name, s.kind, s.value) for s in compute_point(dict, task).scalars]
    [('y', 'float', 2.0)]
    """
    started = timestamp()
    clock = time.perf_counter()
    result = function(task.payload)
    seconds = time.perf_counter() - clock
    finished = timestamp()
    scalars, arrays = encode_result(result, f"point {task.coordinates}")
    method = result.get("method")
    return PointResult(
        key=task.key,
        scalars=scalars,
        arrays=arrays,
        method=method if isinstance(method, str) else None,
        host=host(),
        pid=os.getpid(),
        started=started,
        finished=finished,
        seconds=seconds,
    )
