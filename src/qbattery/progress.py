"""Progress bars with an ETA (Rich) for long work: charging, ensembles, averages, scans.

``show=None`` (the default of every front door) shows a bar only on an interactive terminal and
only for work projected to take more than :data:`AUTO_SECONDS`: the projection is made from the
first piece of work done (elapsed time times total over done), so nothing is printed for quick
runs, in captured output (tests, pipes) or in logs. ``show=True`` always draws it on standard
error, ``show=False`` never.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import Any

__all__ = ["AUTO_SECONDS", "Progress"]

#: Work projected to take longer than this (seconds) shows a bar by default on a terminal.
AUTO_SECONDS = 3.0


class Progress:
    """A progress bar over ``total`` units of work, advanced by :meth:`advance`.

    Use as a context manager; on a terminal the bar is removed when the work is done, elsewhere
    (``show=True`` into a file or pipe) its final state is written once.

    Examples
    --------
    >>> with Progress("averaging", total=3, show=False) as bar:
    ...     for _ in range(3):
    ...         bar.advance()
    >>> bar.done
    3.0
    """

    def __init__(self, description: str, total: float, show: bool | None = None) -> None:
        self.description = description
        self.total = float(total)
        self.done = 0.0
        self._auto = show is None
        self._enabled = sys.stderr.isatty() if show is None else bool(show)
        self._started = time.perf_counter()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        self._started = time.perf_counter()
        if self._enabled and not self._auto:
            self._start_bar()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def advance(self, amount: float = 1.0) -> None:
        """Count ``amount`` more units done; start the bar once the work looks long enough.

        Examples
        --------
        >>> from qbattery.progress import Progress
        >>> with Progress("sweep", total=4, show=False) as bar:
        ...     bar.advance(3)
        >>> bar.done
        3.0
        """
        self.done += float(amount)
        if not self._enabled:
            return
        if self._bar is None:
            elapsed = time.perf_counter() - self._started
            if self.done <= 0 or elapsed * self.total / self.done < AUTO_SECONDS:
                return
            self._start_bar()
        self._bar.update(self._task, completed=min(self.done, self.total))

    def _start_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        console = Console(stderr=True)
        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=console.is_terminal,  # a terminal clears it; a log keeps the last line
        )
        self._bar.start()
        self._task = self._bar.add_task(self.description, total=self.total, completed=self.done)
