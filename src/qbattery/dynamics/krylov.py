"""Krylov (Arnoldi) propagation of a linear system with a constant generator, ``exp(t L) v``.

Expokit's ``expv`` with its step control (Sidje, ACM Trans. Math. Softw. 24, 130 (1998)):
an Arnoldi basis of a few vectors per step, the local error estimated from the corrected scheme,
and every requested time inside an accepted step read off the same basis. Used for the
permutation-invariant Liouvillians, where a step covers many output times; Gram-Schmidt runs
through ``numpy.einsum`` rather than BLAS, whose multithreaded gemv stalls on a loaded machine.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from scipy.linalg import expm

from qbattery.errors import QBatteryValueError

__all__ = ["Emit", "krylov_propagate"]

#: Step-size reductions tried per Krylov step before giving up (Expokit's ``mxreject``).
_MAX_REJECTIONS = 50

#: Receives each grid index and the state there.
Emit = Callable[[int, np.ndarray], None]


def _norm(vector: np.ndarray) -> float:
    """Euclidean norm without BLAS (see the einsum note in :func:`_krylov`)."""
    return math.sqrt(float(np.einsum("i,i->", vector, vector)))


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
) -> np.ndarray:
    """``exp((t - start) L) state`` for grid times ``times[k]`` in (start, end] (emitted as
    ``emit(first + k, state)``); returns the state at ``end``.

    Expokit's ``expv`` step control (Sidje 1998): Arnoldi basis of ``dimension`` vectors
    (classical Gram-Schmidt with one selective re-orthogonalisation), local error estimate from
    the corrected scheme, accepted if below ``1.2 h tol``; every grid time inside an accepted
    step is read off the same basis.
    """
    norm = float(abs(generator).sum(axis=0).max()) if generator.nnz else 0.0
    t, k, w = start, 0, state.copy()
    if norm == 0.0:
        for k in range(times.size):
            emit(first + k, w)
        return w
    m = min(dimension, w.size)
    basis = np.empty((m + 1, w.size))
    beta = _norm(w)
    fact = ((m + 1) / math.e) ** (m + 1) * math.sqrt(2 * math.pi * (m + 1))
    step = (fact * tol / (4 * max(beta, 1e-300) * norm)) ** (1 / m) / norm
    while end - t > 1e-15 * max(1.0, end):
        beta = _norm(w)
        if beta == 0.0:
            break
        h = np.zeros((m + 2, m + 2))
        basis[0] = w / beta
        size, extra, exact = m, 0.0, False
        for i in range(m):
            p = generator @ basis[i]
            before = _norm(p)
            # einsum, not BLAS: multithreaded gemv stalls on a loaded machine
            coefficients = np.einsum("ij,j->i", basis[: i + 1], p)
            p -= np.einsum("i,ij->j", coefficients, basis[: i + 1])
            after = _norm(p)
            if after < 0.7 * before:  # one re-orthogonalisation (Daniel et al. 1976)
                again = np.einsum("ij,j->i", basis[: i + 1], p)
                p -= np.einsum("i,ij->j", again, basis[: i + 1])
                coefficients += again
                after = _norm(p)
            h[: i + 1, i] = coefficients
            if after <= 1e-14 * norm:  # invariant subspace: exact for any step
                size, exact = i + 1, True
                break
            h[i + 1, i] = after
            basis[i + 1] = p / after
        if not exact:
            h[m + 1, m] = 1.0
            extra = _norm(generator @ basis[m])
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
            emit(first + k, beta * np.einsum("i,ij->j", local, basis[:rows]))
            k += 1
        w = beta * np.einsum("i,ij->j", propagator[:rows, 0], basis[:rows])
        t = reached
        if error > 0:
            step = 0.9 * step * (step * tol / error) ** exponent
    while k < times.size:  # zero state, or grid times at ``end`` after rounding
        emit(first + k, w)
        k += 1
    return w
