"""The Dask executor: a local cluster of worker processes, or an existing cluster's scheduler.

``workers=N`` starts a ``distributed.LocalCluster`` of N single-threaded worker processes on the
loopback interface for the duration of the sweep; ``scheduler="tcp://HOST:PORT"`` connects to a
running cluster (``dask scheduler`` and ``dask worker``, or dask-jobqueue on SLURM/PBS; see
``docs/sweeps.md``). Either way the process that owns the store keeps at most
:data:`IN_FLIGHT_PER_THREAD` points per worker thread in flight, so a lost worker costs little,
and writes every result itself. When a worker dies, the scheduler runs its tasks again elsewhere
(up to ``distributed.scheduler.allowed-failures`` times, then the point is given up).
"""

from __future__ import annotations

import contextlib
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any

from qbattery.errors import QBatteryError
from qbattery.sweep.errors import SchedulerUnreachableError, WorkerLostError
from qbattery.sweep.local import Outcome
from qbattery.sweep.worker import PointResult, PointTask, execute_point

__all__ = [
    "CONNECT_SECONDS",
    "IN_FLIGHT_PER_THREAD",
    "RESUBMISSIONS",
    "dask_client",
    "local_cluster",
    "run_dask",
]

#: Points submitted per worker thread at a time.
IN_FLIGHT_PER_THREAD = 2

#: How often a point whose finished result was lost with its worker is submitted again.
RESUBMISSIONS = 3

#: How long to try reaching a scheduler before giving up.
CONNECT_SECONDS = 10


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise QBatteryError(
            "workers/scheduler: running a sweep on Dask needs the distributed package; "
            "install it with `pip install 'qbattery[cluster]'`, or leave both unset for local "
            "processes"
        ) from exc
    return distributed


def local_cluster(workers: int) -> Any:
    """A new ``distributed.LocalCluster`` of ``workers`` single-threaded worker processes on
    the loopback interface; close it (or use it as a context manager) when done.

    No dashboard; the scheduler's HTTP endpoints listen on a free port, so that a busy 8787
    (another cluster on the machine) is no reason for a warning.
    """
    distributed = _distributed()
    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )


@contextlib.contextmanager
def dask_client(*, workers: int = 1, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client`` to a new local cluster of ``workers`` processes or to
    ``scheduler``, closed (with the cluster it started) when the block ends."""
    distributed = _distributed()
    if scheduler is not None:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as exc:
            raise SchedulerUnreachableError(
                f"scheduler: cannot reach {scheduler!r} ({exc}); start one with `dask scheduler` "
                "and give its tcp:// address, or leave scheduler unset for local processes"
            ) from exc
        with client:
            yield client
        return
    with local_cluster(workers) as cluster, distributed.Client(cluster) as client:
        yield client


def _slots(client: Any) -> int:
    threads = sum(client.nthreads().values())
    return IN_FLIGHT_PER_THREAD * max(threads, 1)


def _error(task: PointTask, error: BaseException) -> BaseException:
    if type(error).__name__ == "KilledWorker":
        return WorkerLostError(
            f"point {task.coordinates}: the Dask workers running it died again and again "
            f"({error}); the finished points are kept, fix the cause and run the sweep again "
            "to resume"
        )
    return error


def run_dask(
    function: Callable[[Any], Any], tasks: Iterable[PointTask], *, client: Any
) -> Generator[Outcome, None, None]:
    """Compute ``tasks`` on the cluster of ``client``; yield each outcome as it arrives.

    The bound on points in flight follows the cluster's worker threads as workers come and go.
    After the first error no new point is submitted; the points in flight are still yielded.
    Each result is fetched as soon as its task finishes; a finished task whose result was lost
    with its worker before it could be fetched is submitted again (at most
    :data:`RESUBMISSIONS` times per point).
    """
    distributed = _distributed()
    waiting = deque(tasks)
    running: dict[Any, PointTask] = {}
    completed = distributed.as_completed(with_results=True, raise_errors=False)
    stopping = False
    run = uuid.uuid4().hex[:8]
    attempts: dict[int, int] = {}
    try:
        while waiting or running:
            while waiting and not stopping and len(running) < _slots(client):
                task = waiting.popleft()
                attempts[task.position] = attempts.get(task.position, 0) + 1
                future = client.submit(
                    execute_point,
                    function,
                    task,
                    key=f"qbattery-point-{run}-{task.position}-{attempts[task.position]}",
                    pure=False,
                )
                running[future] = task
                completed.add(future)
            if not running:
                break
            future, result = next(completed)
            task = running.pop(future)
            if isinstance(result, PointResult):
                yield task, result
            elif isinstance(result, BaseException) or future.status == "error":
                stopping = True
                yield (
                    task,
                    _error(
                        task, result if isinstance(result, BaseException) else future.exception()
                    ),
                )
            elif attempts[task.position] <= RESUBMISSIONS:
                waiting.appendleft(task)
            else:
                stopping = True
                yield (
                    task,
                    WorkerLostError(
                        f"point {task.coordinates}: its result was lost with its Dask worker "
                        f"{attempts[task.position]} times; the finished points are kept, run the "
                        "sweep again to resume"
                    ),
                )
    finally:
        if running:
            client.cancel(list(running))
