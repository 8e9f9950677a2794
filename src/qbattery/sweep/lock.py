"""One writer per output directory: an exclusive ``flock`` on ``DIR/store.lock`` held for a run.

The lock file records who holds it (pid, host, start time), so that a second sweep aimed at the
same directory is refused with a message naming the holder. The operating system releases the
lock when its holder exits, however it exits (a killed sweep does not leave a stale lock), so the
file's content is only ever read while somebody holds it.
"""

from __future__ import annotations

import fcntl
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from qbattery.sweep.errors import StoreLockedError

__all__ = ["LOCK_NAME", "StoreLock"]

#: Name of the lock file in a sweep's output directory.
LOCK_NAME = "store.lock"


class StoreLock:
    """Hold the exclusive lock of ``directory`` inside a ``with`` block.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as directory:
    ...     with StoreLock(Path(directory)):
    ...         try:
    ...             StoreLock(Path(directory)).__enter__()
    ...         except StoreLockedError as error:
    ...             print(type(error).__name__)
    StoreLockedError
    """

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_NAME
        self._handle: IO[str] | None = None

    def __enter__(self) -> StoreLock:
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "a process that has not written its name yet"
            handle.close()
            raise StoreLockedError(
                f"out_dir: {self.path.parent} is in use by another sweep ({holder}); wait for it "
                "to finish, or choose another --out directory"
            ) from None
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()} on host {socket.gethostname()}, since {started}")
        handle.flush()
        self._handle = handle
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
