"""The default executor: worker processes on this machine (``concurrent.futures``).

Workers start with ``forkserver`` where the platform has it (``spawn`` elsewhere), never plain
``fork``, so that they do not inherit the parent's threads, locks or open store; the fork server
imports the point function's module once, so that workers start in milliseconds. At most
:data:`IN_FLIGHT_PER_WORKER` points per worker are submitted at a time, so a crash loses little
and nothing waits in a long queue. When a worker process dies (killed, out of memory, a crash in
compiled code) the pool breaks; a new pool replaces it and the points that were unfinished are
submitted again. A point on whose watch a worker died :data:`DEATHS_ALLOWED` times is given up.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from qbattery.sweep.errors import WorkerLostError
from qbattery.sweep.worker import PointResult, PointTask, execute_point

__all__ = ["DEATHS_ALLOWED", "IN_FLIGHT_PER_WORKER", "Outcome", "available_cores", "run_local"]

#: Points submitted per worker at a time.
IN_FLIGHT_PER_WORKER = 2

#: Worker deaths a point may see before it is given up (as Dask's ``allowed-failures``).
DEATHS_ALLOWED = 3

#: What an executor yields for each point: the task and its result or the error it raised.
Outcome = tuple[PointTask, PointResult | BaseException]


def available_cores() -> int:
    """The number of cores this process may run on.

    Examples
    --------
    >>> from qbattery.sweep.local import available_cores
    >>> available_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _context(function: Callable[[Any], Any]) -> Any:
    """A ``forkserver`` context whose server has imported the function's module (so that a
    worker, and a pool replacing a broken one, starts without importing it), else ``spawn``.

    The preload list takes effect when the process starts its forkserver, i.e. at its first
    sweep; later sweeps' workers import their own modules.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    module = getattr(function, "__module__", None)
    preload = ["__main__", __name__]  # __main__: the default list
    if module not in (None, "__main__", "__mp_main__"):
        preload.append(module)
    context.set_forkserver_preload(preload)
    return context


def worker_lost(task: PointTask, deaths: int) -> WorkerLostError:
    """The error for a point whose worker died ``deaths`` times."""
    return WorkerLostError(
        f"point {task.coordinates}: its worker process died {deaths} times (killed, out of "
        "memory, or a crash in compiled code); the finished points are kept, fix the cause and "
        "run the sweep again to resume"
    )


def run_local(
    function: Callable[[Any], Any], tasks: Iterable[PointTask], *, workers: int
) -> Generator[Outcome, None, None]:
    """Compute ``tasks`` in ``workers`` local processes; yield each outcome as it arrives.

    After the first error no new point is started; the points already running are still
    yielded, so that the caller can keep them.

    Examples
    --------
    One worker process computes the point (``dict``: the payload is the result):

    >>> from qbattery.sweep.engine import sweep_tasks
    >>> from qbattery.sweep.local import run_local
    >>> tasks = sweep_tasks([({"x": 1.0}, {"y": 2.0})])
    >>> outcomes = list(run_local(dict, tasks, workers=1))
    >>> len(outcomes)
    1
    """
    context = _context(function)
    waiting = deque(tasks)
    limit = IN_FLIGHT_PER_WORKER * workers
    deaths: Counter[str] = Counter()
    stopping = False
    while waiting and not stopping:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        running: dict[Future[PointResult], PointTask] = {}
        broken = False
        try:
            while True:
                while waiting and not (stopping or broken) and len(running) < limit:
                    task = waiting.popleft()
                    try:
                        running[pool.submit(execute_point, function, task)] = task
                    except BrokenProcessPool:
                        waiting.appendleft(task)
                        broken = True
                if not running:
                    break
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    task = running.pop(future)
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        broken = True
                        deaths[task.key] += 1
                        if deaths[task.key] < DEATHS_ALLOWED:
                            waiting.appendleft(task)
                            continue
                        error = worker_lost(task, deaths[task.key])
                    stopping = stopping or error is not None
                    yield task, future.result() if error is None else error
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
