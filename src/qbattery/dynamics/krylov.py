"""Krylov propagation of a linear system with a constant generator, ``exp(t L) v``.

Expokit's ``expv`` with its step control (Sidje, ACM Trans. Math. Softw. 24, 130 (1998)):
a Krylov basis of a few vectors per step, the local error estimated from the corrected scheme,
and every requested time inside an accepted step read off the same basis.

The basis is built with *incomplete* orthogonalization: each new vector is orthogonalized
against the previous ``window`` vectors only (IOP; Gaudreault, Rainwater & Tokman, J. Comput.
Phys. 372, 236 (2018), whose KIOPS uses two). The Arnoldi relation ``L V_m = V_m H_m +
h_{m+1,m} v_{m+1} e_m^T`` that the approximation ``beta V_m exp(t H_m) e_1`` and its error
estimate rest on holds for any such basis; full orthogonality only keeps the basis well
conditioned, which for the Lindbladians solved here (a skew-symmetric commutator plus a small
dissipator) the last few vectors already do. Full Gram-Schmidt costs ``m / 2`` passes over the
basis per product with L, as much as the product itself; the window costs three. Vector
operations run through single-threaded BLAS (:mod:`qbattery.blas_threads`): OpenBLAS's
multithreaded level-1 and level-2 kernels stall on a loaded machine (a dot product of 1.4
million numbers took 40 times longer with two threads than with one). The products with L,
where the time goes, are split into row bands over the cores the process may use (SciPy's
sparse product releases the GIL).
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from scipy.linalg import expm

from qbattery.blas_threads import single_threaded_blas
from qbattery.errors import QBatteryValueError

__all__ = ["ORTHOGONALIZATION_WINDOW", "Emit", "available_cores", "krylov_propagate", "one_norm"]

#: Step-size reductions tried per Krylov step before giving up (Expokit's ``mxreject``).
_MAX_REJECTIONS = 50

#: Previous basis vectors each new one is orthogonalized against (``None``: all of them).
ORTHOGONALIZATION_WINDOW = 3

#: Nonzeros handled at once when summing columns (bounds the temporary of ``abs(data)``).
_CHUNK = 1 << 24

#: Nonzeros from which a product with L is split over threads (below, the threads' start-up
#: costs more than they save).
_PARALLEL_NONZEROS = 1 << 20

#: Receives each grid index and the state there.
Emit = Callable[[int, np.ndarray], None]


def _norm(vector: np.ndarray) -> float:
    """Euclidean norm (single-threaded BLAS, see the module note)."""
    return math.sqrt(float(np.dot(vector, vector)))


def one_norm(matrix: sp.csr_matrix) -> float:
    """``max_j sum_i |L_ij|``, in chunks of the nonzeros (no copy of the matrix).

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> from qbattery.dynamics.krylov import one_norm
    >>> one_norm(sp.csr_matrix([[1.0, -2.0], [3.0, 0.5]]))
    4.0
    """
    columns = np.zeros(matrix.shape[1])
    for begin in range(0, matrix.nnz, _CHUNK):
        stop = min(begin + _CHUNK, matrix.nnz)
        columns += np.bincount(
            matrix.indices[begin:stop],
            weights=np.abs(matrix.data[begin:stop]),
            minlength=matrix.shape[1],
        )
    return float(columns.max()) if columns.size else 0.0


def available_cores() -> int:
    """Cores this process may run on.

    Examples
    --------
    >>> from qbattery.dynamics.krylov import available_cores
    >>> available_cores() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _rows(matrix: sp.csr_matrix, start: int, stop: int) -> sp.csr_matrix:
    """Rows ``start:stop`` of a CSR matrix sharing its data and indices (no copy).

    Set on an empty matrix, since SciPy's constructor copies a view of a much larger array.
    """
    low, high = matrix.indptr[start], matrix.indptr[stop]
    band = sp.csr_matrix((stop - start, matrix.shape[1]), dtype=matrix.dtype)
    band.data = matrix.data[low:high]
    band.indices = matrix.indices[low:high]
    band.indptr = (matrix.indptr[start : stop + 1] - low).astype(matrix.indices.dtype)
    return band


class _Product:
    """``v -> L v``, split into row bands of equal nonzeros run on the available cores.

    SciPy's sparse product releases the GIL, so the bands run in parallel threads; each
    writes its own slice of the result.
    """

    def __init__(self, generator: sp.csr_matrix, threads: int) -> None:
        self.generator = generator
        self.bands: list[tuple[int, int, sp.csr_matrix]] = []
        self.pool: ThreadPoolExecutor | None = None
        if threads > 1 and generator.nnz >= _PARALLEL_NONZEROS:
            cuts = np.searchsorted(
                generator.indptr, np.linspace(0, generator.nnz, threads + 1)[1:-1]
            )
            edges = [0, *sorted({int(c) for c in cuts}), generator.shape[0]]
            self.bands = [(a, b, _rows(generator, a, b)) for a, b in itertools.pairwise(edges)]
            self.pool = ThreadPoolExecutor(len(self.bands) - 1)

    def __call__(self, vector: np.ndarray) -> np.ndarray:
        if self.pool is None:
            return self.generator @ vector
        out = np.empty(self.generator.shape[0])

        def band(index: int) -> None:
            start, stop, rows = self.bands[index]
            out[start:stop] = rows @ vector

        futures = [self.pool.submit(band, i) for i in range(1, len(self.bands))]
        band(0)
        for future in futures:
            future.result()
        return out

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


def krylov_propagate(
    generator: sp.csr_matrix,
    state: np.ndarray,
    start: float,
    end: float,
    times: np.ndarray,
    first: int,
    emit: Emit,
    tol: float,
    dimension: int,
    *,
    window: int | None = ORTHOGONALIZATION_WINDOW,
    statistics: dict[str, int] | None = None,
) -> np.ndarray:
    """``exp((t - start) L) state`` for grid times ``times[k]`` in (start, end] (emitted as
    ``emit(first + k, state)``); returns the state at ``end``.

    Expokit's ``expv`` step control (Sidje 1998): Krylov basis of ``dimension`` vectors
    (each orthogonalized against the previous ``window`` ones, all if ``None``, with one
    selective re-orthogonalisation), local error estimate from the corrected scheme, accepted
    if below ``1.2 h tol``; every grid time inside an accepted step is read off the same basis.
    ``statistics``, if given, counts ``"products"`` with L, accepted ``"steps"`` and
    ``"rejections"``. A generator no larger than ``dimension`` is exponentiated exactly instead
    (SciPy's ``expm``, grid time to grid time).

    Examples
    --------
    Decay ``d p/dt = -k p`` with rates 1 and 2 as a diagonal generator: ``e^{-t}`` and
    ``e^{-2t}`` at each grid time:

    >>> import numpy as np
    >>> import scipy.sparse as sp
    >>> from qbattery.dynamics.krylov import krylov_propagate
    >>> seen = {}
    >>> generator = sp.csr_matrix(np.diag([-1.0, -2.0]))
    >>> end = krylov_propagate(generator, np.array([1.0, 1.0]), 0.0, 1.0, np.array([0.5, 1.0]), 0,
    ...                        lambda k, state: seen.__setitem__(k, state.copy()), 1e-12, 2)
    >>> np.round(seen[0], 9), np.round(end, 9)
    (array([0.60653066, 0.36787944]), array([0.36787944, 0.13533528]))
    """
    norm = one_norm(generator) if generator.nnz else 0.0
    w = state.copy()
    if norm == 0.0:
        for k in range(times.size):
            emit(first + k, w)
        return w
    if w.size <= dimension:  # the Krylov space would be the whole space: exponentiate exactly
        return _dense_propagate(generator.toarray(), w, start, end, times, first, emit)
    product = _Product(generator, available_cores())
    try:
        with single_threaded_blas():
            return _expv(
                product, norm, w, start, end, times, first, emit, tol, dimension, window, statistics
            )
    finally:
        product.close()


def _dense_propagate(
    generator: np.ndarray,
    w: np.ndarray,
    start: float,
    end: float,
    times: np.ndarray,
    first: int,
    emit: Emit,
) -> np.ndarray:
    """``exp((t - start) L) w`` by SciPy's ``expm`` from grid time to grid time (small L)."""
    previous = start
    for k, t in enumerate(times):
        w = expm((t - previous) * generator) @ w
        previous = t
        emit(first + k, w)
    return expm((end - previous) * generator) @ w


def _expv(
    product: _Product,
    norm: float,
    w: np.ndarray,
    start: float,
    end: float,
    times: np.ndarray,
    first: int,
    emit: Emit,
    tol: float,
    dimension: int,
    window: int | None,
    statistics: dict[str, int] | None,
) -> np.ndarray:
    """The stepping of :func:`krylov_propagate` from ``w`` at ``start``."""
    t, k = start, 0
    counts = {"products": 0, "steps": 0, "rejections": 0}
    m = min(dimension, w.size)
    reach = m if window is None else max(int(window), 1)
    basis = np.empty((m + 1, w.size))
    beta = _norm(w)
    fact = ((m + 1) / math.e) ** (m + 1) * math.sqrt(2 * math.pi * (m + 1))
    step = (fact * tol / (4 * max(beta, 1e-300) * norm)) ** (1 / m) / norm
    while end - t > 1e-15 * max(1.0, end):
        beta = _norm(w)
        if beta == 0.0:
            break
        h = np.zeros((m + 2, m + 2))
        np.multiply(w, 1.0 / beta, out=basis[0])
        size, extra, exact = m, 0.0, False
        for i in range(m):
            p = product(basis[i])
            counts["products"] += 1
            before = _norm(p)
            low = max(0, i + 1 - reach)
            previous = basis[low : i + 1]
            coefficients = previous @ p
            p -= coefficients @ previous
            after = _norm(p)
            if after < 0.7 * before:  # one re-orthogonalisation (Daniel et al. 1976)
                again = previous @ p
                p -= again @ previous
                coefficients += again
                after = _norm(p)
            h[low : i + 1, i] = coefficients
            if after <= 1e-14 * norm:  # invariant subspace: exact for any step
                size, exact = i + 1, True
                break
            h[i + 1, i] = after
            np.multiply(p, 1.0 / after, out=basis[i + 1])
        if not exact:
            h[m + 1, m] = 1.0
            extra = _norm(product(basis[m]))
            counts["products"] += 1
        used = size if exact else m + 2
        step = end - t if exact else min(step, end - t)
        for _ in range(_MAX_REJECTIONS):
            propagator = expm(step * h[:used, :used])
            if exact:
                error, exponent = 0.0, 1.0 / m
                break
            phi1 = abs(beta * propagator[m, 0])
            phi2 = abs(beta * propagator[m + 1, 0] * extra)
            if phi1 > 10 * phi2:
                error, exponent = phi2, 1.0 / m
            elif phi1 > phi2:
                error, exponent = phi1 * phi2 / (phi1 - phi2), 1.0 / m
            else:
                error, exponent = phi1, 1.0 / (m - 1)
            if error <= 1.2 * step * tol:
                break
            counts["rejections"] += 1
            step = 0.9 * step * (step * tol / error) ** exponent
        else:
            raise QBatteryValueError(
                f"options: the Krylov propagator cannot reach tol = {tol:g} near t = {t:g} "
                "(round-off); raise tol or krylov_dimension"
            )
        rows = size if exact else m + 1
        reached = end if end - (t + step) <= 1e-15 * max(1.0, end) else t + step
        while k < times.size and times[k] <= reached:
            local = expm((times[k] - t) * h[:used, :used])[:rows, 0]
            emit(first + k, beta * (local @ basis[:rows]))
            k += 1
        w = beta * (propagator[:rows, 0] @ basis[:rows])
        t = reached
        counts["steps"] += 1
        if error > 0:
            step = 0.9 * step * (step * tol / error) ** exponent
    while k < times.size:  # zero state, or grid times at ``end`` after rounding
        emit(first + k, w)
        k += 1
    if statistics is not None:
        for key, value in counts.items():
            statistics[key] = statistics.get(key, 0) + value
    return w
