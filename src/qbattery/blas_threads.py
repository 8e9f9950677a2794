"""Run a block of code with single-threaded BLAS/LAPACK.

The permutation-invariant solver calls LAPACK on many small matrices (the blocks, at most
N + 1 wide). OpenBLAS threads each call, which does not pay at that size and, on a machine
whose cores are busy, makes every call wait for its spinning threads: a batch of complex
Hermitian eigenvalue problems of size 201 ran twelve times slower with two threads than with
one on a loaded two-core machine. :func:`single_threaded_blas` limits every BLAS loaded in the
process to one thread for the duration of a ``with`` block and restores the previous counts
after (``threadpoolctl``). The linear-algebra helpers of :mod:`qbattery.linalg` use it around
their batched small-matrix calls; the controller is built once, so entering a block costs
microseconds.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator

from threadpoolctl import ThreadpoolController

__all__ = ["single_threaded_blas"]


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
    with _controller().limit(limits=1, user_api="blas"):
        yield


@functools.cache
def _controller() -> ThreadpoolController:
    """The process's thread pools, inspected once (about a millisecond)."""
    return ThreadpoolController()
