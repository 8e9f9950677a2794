"""Values of a curve computed window by window on one background thread.

Some observables cost many small LAPACK calls per grid time: the spectra of reduced battery
states, for the ergotropy (3,332 Hermitian eigenvalue problems of 16 and 17 levels for the
N = 32 Dicke battery's default grid). Such calls do not run faster on two threads of one
process than on one: measured on the benchmark machine (OpenBLAS, one BLAS thread each), the
spectra of 1,700 complex 17 x 17 matrices took 38-41 ms alone and 69-72 ms beside a second
thread doing the same, against 42-53 ms beside a dense product or a sparse recurrence.
:class:`BackgroundCurve` therefore runs all such work of a run on one thread, beside the
threads that propagate and observe, and writes each window's values into its curve; at most
``pending`` windows wait, so a slow background thread holds back the threads that feed it
instead of piling up their inputs.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from qbattery.errors import QBatteryValueError

__all__ = ["BackgroundCurve"]


class BackgroundCurve:
    """``curve[index] = compute()`` for each submitted window, on one background thread.

    :meth:`submit` may be called from several threads at once; :meth:`collect` writes what is
    still pending and stops the thread (call it once the producers are done); :meth:`cancel`,
    also run on leaving a ``with`` block, stops it without writing what is pending (after an
    error).

    Parameters
    ----------
    curve : ndarray
        The values, one per grid time, written in place.
    pending : int
        Windows that may wait at once; a :meth:`submit` beyond it first writes the oldest.
    name : str
        Prefix of the background thread's name.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.background_curve import BackgroundCurve
    >>> curve = np.zeros(4)
    >>> background = BackgroundCurve(curve, pending=1)
    >>> background.submit(np.array([0, 1]), lambda: np.array([1.0, 2.0]))
    >>> background.submit(np.array([3]), lambda: np.array([4.0]))
    >>> background.collect()
    >>> curve
    array([1., 2., 0., 4.])
    """

    def __init__(
        self, curve: np.ndarray, *, pending: int = 2, name: str = "qbattery-background"
    ) -> None:
        if pending < 1:
            raise QBatteryValueError(f"pending: {pending} windows; allow at least 1")
        self.curve = curve
        self.pending = pending
        self.name = name
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None  # started by the first window
        self._waiting: deque[tuple[np.ndarray, Future[np.ndarray]]] = deque()

    def __enter__(self) -> BackgroundCurve:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    def submit(self, index: np.ndarray, compute: Callable[[], np.ndarray]) -> None:
        """Compute ``curve[index]`` on the background thread (``compute`` must not depend on
        buffers its caller reuses).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.background_curve import BackgroundCurve
        >>> curve = np.zeros(2)
        >>> background = BackgroundCurve(curve)
        >>> background.submit(np.array([1]), lambda: np.array([0.5]))
        >>> background.collect()
        >>> curve
        array([0. , 0.5])
        """
        with self._lock:
            while len(self._waiting) >= self.pending:
                self._write_oldest()
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix=self.name)
            self._waiting.append((np.array(index, copy=True), self._executor.submit(compute)))

    def collect(self) -> None:
        """Write every pending window's values; stop the background thread.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.background_curve import BackgroundCurve
        >>> curve = np.zeros(1)
        >>> background = BackgroundCurve(curve)
        >>> background.submit(np.array([0]), lambda: np.array([2.0]))
        >>> background.collect()   # written, and the thread stopped
        >>> float(curve[0])
        2.0
        """
        with self._lock:
            try:
                while self._waiting:
                    self._write_oldest()
            finally:
                self._stop()

    def cancel(self) -> None:
        """Drop the windows not yet started; stop the background thread.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.background_curve import BackgroundCurve
        >>> BackgroundCurve(np.zeros(1)).cancel()   # nothing started: nothing to stop
        """
        with self._lock:
            self._stop()

    def _write_oldest(self) -> None:
        index, future = self._waiting.popleft()
        self.curve[index] = future.result()

    def _stop(self) -> None:
        self._waiting.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
