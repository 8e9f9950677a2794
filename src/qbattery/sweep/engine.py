"""``run_sweep``: map a function over points, writing each finished point to the store at once.

A sweep is a list of points, each ``(coordinates, payload)``: the coordinates (a mapping of
swept parameter to value) say where the point lies and identify it, the payload is what the
function receives. The sweep as a whole is identified by ``identity``, a JSON-able mapping of
everything the points share (the experiment without its swept values); its canonical sha256 is
recorded in the store. Running the same sweep into the same directory again resumes it: the
finished points are skipped, and a sweep grown by more points computes only the new ones. A
different identity is refused, and so is a second sweep while one is writing to the directory.
"""

from __future__ import annotations

import contextlib
import pickle
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.progress import Progress
from qbattery.sweep.canonical import check_coordinates, digest
from qbattery.sweep.cluster import dask_client, run_dask
from qbattery.sweep.errors import PointFailedError, WorkerLostError
from qbattery.sweep.export import check_metadata
from qbattery.sweep.local import Outcome, available_cores, run_local
from qbattery.sweep.lock import StoreLock
from qbattery.sweep.provenance import find_seed, run_record, timestamp
from qbattery.sweep.store import SweepStore
from qbattery.sweep.worker import PointTask
from qbattery.validation import positive_int

__all__ = ["SweepOutcome", "run_sweep", "sweep_tasks"]

Executor = Callable[[list[PointTask]], Generator[Outcome, None, None]]


@dataclass(frozen=True)
class SweepOutcome:
    """What a call of :func:`run_sweep` did.

    Attributes
    ----------
    directory : Path
        The output directory, holding ``store.sqlite``.
    identity_hash : str
        sha256 of the sweep's canonical identity.
    run_id : int
        This run's row in the store's ``runs`` table.
    points : int
        Points in the sweep as given.
    computed : int
        Points computed and written by this run.
    skipped : int
        Points found finished already (by earlier runs) and not computed again.
    seconds : float
        Wall-clock time of the run.
    executor : str
        Where the points ran.

    Examples
    --------
    :func:`run_sweep` returns it; a resumed run of three points, one of them finished before:

    >>> from pathlib import Path
    >>> SweepOutcome(Path("out"), "abc", 2, 3, 2, 1, 0.5, "local processes (2)")
    SweepOutcome(out, 3 points: 2 computed, 1 already finished; 0.5 s on local processes (2))
    """

    directory: Path
    identity_hash: str
    run_id: int
    points: int
    computed: int
    skipped: int
    seconds: float
    executor: str

    def __repr__(self) -> str:
        return (
            f"SweepOutcome({self.directory}, {self.points} points: {self.computed} computed, "
            f"{self.skipped} already finished; {self.seconds:.3g} s on {self.executor})"
        )


def sweep_tasks(points: Iterable[tuple[Mapping[str, Any], Any]]) -> list[PointTask]:
    """Check ``points`` and give each its key (the sha256 of its coordinates) and position.

    Examples
    --------
    >>> from qbattery.sweep.engine import sweep_tasks
    >>> tasks = sweep_tasks([({"x": 1.0}, "a"), ({"x": 2.0}, "b")])
    >>> [(task.position, task.coordinates, task.payload) for task in tasks], len(tasks[0].key)
    ([(0, {'x': 1.0}, 'a'), (1, {'x': 2.0}, 'b')], 64)
    """
    tasks: list[PointTask] = []
    seen: dict[str, int] = {}
    for position, point in enumerate(points):
        if not isinstance(point, tuple | list) or len(point) != 2:
            raise QBatteryTypeError(
                f"points[{position}]: expected a pair (coordinates, payload), got {point!r}"
            )
        coordinates = check_coordinates(point[0], f"points[{position}]")
        key = digest(coordinates, f"points[{position}]")
        if key in seen:
            raise QBatteryValueError(
                f"points[{position}]: coordinates {coordinates} repeat those of "
                f"points[{seen[key]}]; every point needs its own coordinates"
            )
        seen[key] = position
        tasks.append(PointTask(position, key, coordinates, point[1]))
    if not tasks:
        raise QBatteryValueError("points: empty; give at least one (coordinates, payload) pair")
    return tasks


def _check_function(function: Any) -> None:
    if not callable(function):
        raise QBatteryTypeError(f"function: expected a callable, got {type(function).__name__}")
    try:
        pickle.dumps(function)
    except Exception as exc:
        raise QBatteryTypeError(
            f"function: {function!r} cannot be sent to worker processes ({exc}); define it at "
            "module level (not a lambda or a local function)"
        ) from exc


def _nothing(tasks: list[PointTask]) -> Generator[Outcome, None, None]:
    """The executor of a sweep with nothing left to compute."""
    yield from ()


@contextlib.contextmanager
def _executor(
    function: Any, workers: int | None, scheduler: str | None, needed: bool
) -> Iterator[tuple[str, Executor]]:
    """The executor chosen by ``workers`` and ``scheduler``, started only if ``needed``."""
    if scheduler is not None or workers is not None:
        label = f"dask {scheduler}" if scheduler else f"dask LocalCluster ({workers} workers)"
        if not needed:
            yield label, _nothing
            return
        with dask_client(workers=workers or 1, scheduler=scheduler) as client:
            yield label, lambda tasks: run_dask(function, tasks, client=client)
        return
    cores = available_cores()
    yield f"local processes ({cores})", lambda tasks: run_local(function, tasks, workers=cores)


def _point_failed(task: PointTask, error: BaseException, kept: int) -> BaseException:
    """One line naming the point whose function raised ``error``, chained to it."""
    if isinstance(error, WorkerLostError):
        return error
    lines = str(error).splitlines()
    failure = PointFailedError(
        f"point {task.coordinates}: the function raised {type(error).__name__}"
        f"{': ' + lines[0] if lines else ''}; the {kept} finished points are kept, fix the cause "
        "and run the sweep again to resume"
    )
    failure.__cause__ = error
    return failure


def run_sweep(
    function: Callable[[Any], Mapping[str, Any]],
    points: Iterable[tuple[Mapping[str, Any], Any]],
    out_dir: str | Path,
    *,
    identity: Mapping[str, Any],
    metadata: Mapping[str, Any] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> SweepOutcome:
    """Compute ``function(payload)`` for every point not finished yet, storing each at once.

    Parameters
    ----------
    function : callable
        ``function(payload) -> mapping`` of result names to numbers, strings, booleans or NumPy
        arrays; picklable (defined at module level), since it runs in other processes. A
        ``"method"`` entry is also recorded in each point's provenance.
    points : iterable of (mapping, object)
        ``(coordinates, payload)`` pairs; the coordinates map each swept parameter to a number,
        string or boolean, in the order the axes should have.
    out_dir : str or Path
        Output directory (created if missing); the store is ``out_dir/store.sqlite``.
    identity : mapping
        JSON-able description of everything the points share; its canonical sha256 identifies
        the sweep, so that a directory holding another sweep is refused.
    metadata : mapping, optional
        JSON-able; ``constants`` (become attributes of :func:`to_dataset`), ``units`` and
        ``long_names`` (per variable or coordinate) and ``dims`` (dimension names of each array
        result, e.g. ``{"ergotropy": ["time"]}``).
    workers : int, optional
        Start a Dask ``LocalCluster`` of this many single-threaded worker processes.
    scheduler : str, optional
        Address ``tcp://HOST:PORT`` of a running Dask scheduler to send the points to.
    progress : bool, optional
        Progress bar with ETA; ``None`` shows it only on an interactive terminal for long runs.

    Notes
    -----
    Without ``workers`` and ``scheduler`` the points run in local processes, one per available
    core. Returns a :class:`SweepOutcome`; raises :class:`~qbattery.sweep.errors.PointFailedError`
    (after keeping every finished point) if the function raises.

    Examples
    --------
    ``dict`` as the point function: each point's payload is its result. Run again, the finished
    points are skipped:

    >>> import tempfile
    >>> from qbattery.sweep.engine import run_sweep
    >>> from qbattery.sweep.export import to_dataset
    >>> points = [({"x": 1.0}, {"y": 2.0}), ({"x": 2.0}, {"y": 4.0})]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = run_sweep(dict, points, folder, identity={"demo": 1}, progress=False)
    ...     again = run_sweep(dict, points, folder, identity={"demo": 1}, progress=False)
    ...     values = to_dataset(folder)["y"].values.tolist()
    >>> (first.computed, again.skipped), values
    ((2, 2), [2.0, 4.0])
    """
    tasks = sweep_tasks(points)
    _check_function(function)
    if workers is not None and scheduler is not None:
        raise QBatteryValueError(
            f"workers={workers}, scheduler={scheduler!r}: give one of them (a new local Dask "
            "cluster, or an existing one), not both"
        )
    if workers is not None:
        workers = positive_int(workers, "workers")
    identity_hash = digest(identity, "identity")
    metadata = check_metadata(metadata)
    directory = Path(out_dir)
    if directory.exists() and not directory.is_dir():
        raise QBatteryValueError(f"out_dir: {directory} is a file; give a directory")
    directory.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()
    with StoreLock(directory), SweepStore.open(directory, create=True) as store:
        store.claim(identity_hash, identity, timestamp())
        finished = store.finished_keys()
        pending = [task for task in tasks if task.key not in finished]
        with _executor(function, workers, scheduler, bool(pending)) as (label, execute):
            run_id = store.start_run(
                run_record(
                    identity_hash=identity_hash,
                    metadata=metadata,
                    executor=label,
                    points_total=len(tasks),
                    points_pending=len(pending),
                )
            )
            status = "interrupted"
            try:
                computed, failed = _compute(store, run_id, execute, pending, progress)
                failure = None
                if failed is not None:
                    kept = len(tasks) - len(pending) + computed
                    failure = _point_failed(*failed, kept)
                status = "complete" if failure is None else f"failed: {failure}"
            finally:
                store.finish_run(run_id, status, timestamp())
    if failure is not None:
        raise failure
    return SweepOutcome(
        directory=directory,
        identity_hash=identity_hash,
        run_id=run_id,
        points=len(tasks),
        computed=computed,
        skipped=len(tasks) - len(pending),
        seconds=time.perf_counter() - clock,
        executor=label,
    )


def _compute(
    store: SweepStore,
    run_id: int,
    execute: Executor,
    pending: list[PointTask],
    progress: bool | None,
) -> tuple[int, tuple[PointTask, BaseException] | None]:
    """Write every outcome as it arrives; return the points written and the first failure."""
    computed = 0
    failed: tuple[PointTask, BaseException] | None = None
    outcomes = contextlib.closing(execute(pending))  # stops the executor if a write fails
    with Progress("sweep", total=len(pending), show=progress) as bar, outcomes as arriving:
        for task, outcome in arriving:
            if isinstance(outcome, BaseException):
                failed = failed or (task, outcome)
                continue
            seed = find_seed(task.coordinates, task.payload)
            computed += store.write_point(run_id, task, outcome, seed)
            bar.advance()
    return computed, failed
