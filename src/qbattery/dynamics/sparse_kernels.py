"""In-place sparse products ``y += A x`` for the Chebyshev recurrences, without SciPy's dispatch.

A product through ``matrix @ x`` spends more time in SciPy's Python dispatch than in its
compiled kernel for the few-thousand-row Hamiltonians of a recurrence, and allocates a result
each time; :func:`accumulator` calls the kernel directly, after checking it once.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from scipy.sparse import _sparsetools

__all__ = ["accumulator"]

#: ``add(x, y)``: ``y += A x`` in place.
Accumulate = Callable[[np.ndarray, np.ndarray], None]


def _kernel_agrees(matrix: sp.spmatrix, kernel: Callable[[np.ndarray, np.ndarray], None]) -> bool:
    """Whether ``kernel(x, y)`` adds ``matrix @ x`` to ``y`` in place (checked on a fixed
    vector of the matrix's type)."""
    x = np.linspace(-1.0, 1.0, matrix.shape[1]).astype(matrix.dtype)
    if np.iscomplexobj(x):
        x += 1j * np.linspace(0.5, -0.5, matrix.shape[1])
    y = np.ones(matrix.shape[0], dtype=matrix.dtype)
    try:
        kernel(x, y)
    except (TypeError, ValueError):  # pragma: no cover - a SciPy whose kernel changed
        return False
    return bool(np.allclose(y, 1.0 + matrix @ x, rtol=1e-14, atol=1e-14))


def accumulator(matrix: sp.spmatrix) -> Callable[[np.ndarray, np.ndarray], None]:
    """``add(x, y)``: ``y += matrix @ x`` in place, for vectors of the matrix's type (float64
    or complex128).

    SciPy's compiled DIA and CSR kernels (``scipy.sparse._sparsetools``, which accumulate into
    ``y``) are called directly (see the module note). The kernel is checked once against
    ``matrix @ x``; if it is missing or disagrees (a SciPy whose private kernels changed), the
    public product is used instead.

    Examples
    --------
    >>> import numpy as np
    >>> import scipy.sparse as sp
    >>> from qbattery.dynamics.sparse_kernels import accumulator
    >>> add = accumulator(sp.dia_matrix(np.array([[2.0, 1.0], [1.0, 2.0]])))
    >>> y = np.ones(2)
    >>> add(np.array([1.0, 0.0]), y)
    >>> y
    array([3., 2.])
    """
    kernel: Callable[[np.ndarray, np.ndarray], None] | None = None
    n_row, n_col = matrix.shape
    compiled = matrix.dtype in (np.float64, np.complex128)
    if sp.isspmatrix_dia(matrix) and compiled:
        dia_matvec = getattr(_sparsetools, "dia_matvec", None)
        offsets, data = np.asarray(matrix.offsets), np.asarray(matrix.data)
        if dia_matvec is not None:

            def kernel(x: np.ndarray, y: np.ndarray) -> None:
                dia_matvec(n_row, n_col, len(offsets), data.shape[1], offsets, data, x, y)

    elif sp.isspmatrix_csr(matrix) and compiled:
        csr_matvec = getattr(_sparsetools, "csr_matvec", None)
        indptr, indices, values = matrix.indptr, matrix.indices, matrix.data
        if csr_matvec is not None:

            def kernel(x: np.ndarray, y: np.ndarray) -> None:
                csr_matvec(n_row, n_col, indptr, indices, values, x, y)

    if kernel is not None and _kernel_agrees(matrix, kernel):
        return kernel

    def public(x: np.ndarray, y: np.ndarray) -> None:
        y += matrix @ x

    return public
