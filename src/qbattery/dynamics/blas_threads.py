"""Run a block of code with single-threaded BLAS/LAPACK.

The permutation-invariant solver calls LAPACK on many small matrices (the blocks, at most
N + 1 wide). OpenBLAS threads each call, which does not pay at that size and, on a machine
whose cores are busy, makes every call wait for its spinning threads: a batch of complex
Hermitian eigenvalue problems of size 201 ran twelve times slower with two threads than with
one on a loaded two-core machine. :func:`single_threaded_blas` lowers the thread count of every
OpenBLAS loaded in the process for the duration of a ``with`` block and restores it after,
through ``threadpoolctl`` when it is installed and otherwise through OpenBLAS's own
``*_set_num_threads`` entry points; where neither is found it changes nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

__all__ = ["single_threaded_blas"]

#: Entry-point prefixes of OpenBLAS builds: plain, and the ``scipy_`` builds NumPy and SciPy ship.
_PREFIXES = ("scipy_openblas", "openblas")
#: Symbol suffixes of 64-bit-integer and plain builds.
_SUFFIXES = ("64_", "_64_", "")

Control = tuple[Callable[[], int], Callable[[int], None]]


@lru_cache(maxsize=1)
def _openblas_controls() -> tuple[Control, ...]:
    """Getter and setter of the thread count of each OpenBLAS mapped into this process."""
    maps = Path("/proc/self/maps")
    if not maps.exists():
        return ()
    paths = sorted(
        {
            line.split()[-1]
            for line in maps.read_text().splitlines()
            if "openblas" in line.lower() and line.split()[-1].startswith("/")
        }
    )
    controls: list[Control] = []
    for path in paths:
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        control = _control(library)
        if control is not None:
            controls.append(control)
    return tuple(controls)


def _control(library: ctypes.CDLL) -> Control | None:
    """The thread-count getter and setter a library exports, if any."""
    for prefix in _PREFIXES:
        for suffix in _SUFFIXES:
            getter = getattr(library, f"{prefix}_get_num_threads{suffix}", None)
            setter = getattr(library, f"{prefix}_set_num_threads{suffix}", None)
            if getter is not None and setter is not None:
                getter.restype, getter.argtypes = ctypes.c_int, []
                setter.restype, setter.argtypes = None, [ctypes.c_int]
                return getter, setter
    return None


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Single-threaded BLAS/LAPACK inside the block, the previous thread counts after it.

    Examples
    --------
    >>> import numpy as np
    >>> with single_threaded_blas():
    ...     values = np.linalg.eigvalsh(np.eye(3))
    >>> values.tolist()
    [1.0, 1.0, 1.0]
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        pass
    else:
        with threadpool_limits(limits=1, user_api="blas"):
            yield
        return
    controls = _openblas_controls()
    before = [getter() for getter, _ in controls]
    for _, setter in controls:
        setter(1)
    try:
        yield
    finally:
        for (_, setter), count in zip(controls, before, strict=True):
            setter(count)
