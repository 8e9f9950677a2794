"""Operator conversion: NumPy, SciPy sparse and ``qutip.Qobj`` in; dense or CSR out."""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from qbattery.errors import DimensionError, NotHermitianError, QBatteryValueError
from qbattery.validation import DEFAULT_ATOL, as_array, check_finite, check_hermitian, check_square

__all__ = [
    "DENSE_LIMIT",
    "Operator",
    "as_operator",
    "ground_state",
    "is_real",
    "lowest_levels",
    "nonzeros",
    "to_dense",
    "to_sparse",
]

#: Sparse operators up to this dimension are diagonalised densely by :func:`lowest_levels`.
DENSE_LIMIT = 2048

Operator: TypeAlias = np.ndarray | sp.csr_matrix


def as_operator(
    value: Any,
    name: str,
    *,
    dimension: int | None = None,
    hermitian: bool = True,
    atol: float = DEFAULT_ATOL,
) -> Operator:
    """Convert ``value`` to a complex dense array or CSR matrix of shape (d, d) and check it.

    Sparse inputs (SciPy sparse, a ``Qobj`` with CSR data) stay sparse; everything else is dense.

    Examples
    --------
    A list becomes a complex array; SciPy sparse matrices stay CSR:

    >>> import scipy.sparse as sp
    >>> from qbattery.operators import as_operator
    >>> as_operator([[0, 1], [1, 0]], "h").dtype
    dtype('complex128')
    >>> as_operator(sp.identity(3), "h").format
    'csr'
    """
    if hasattr(value, "data") and hasattr(value, "dims") and hasattr(value.data, "as_scipy"):
        value = value.data.as_scipy()
    if sp.issparse(value):
        matrix = sp.csr_matrix(value, dtype=np.complex128)
        if matrix.shape[0] != matrix.shape[1]:
            raise DimensionError(f"{name}: expected a square operator, got shape {matrix.shape}")
        check_finite(matrix.data, name)
        if hermitian:
            deviation = _sparse_hermitian_deviation(matrix)
            if deviation > atol:
                raise NotHermitianError(
                    f"{name}: not Hermitian (max |A - A^dagger| = {deviation:.3g}); fix the terms "
                    "that break Hermiticity"
                )
        result: Operator = matrix
    else:
        result = as_array(value, name)
        check_square(result, name, batched=False)
        check_finite(result, name)
        if hermitian:
            check_hermitian(result, name, atol=atol)
    if dimension is not None and result.shape[0] != dimension:
        raise DimensionError(
            f"{name}: dimension {result.shape[0]} does not match the system's dimension {dimension}"
        )
    return result


def _sparse_hermitian_deviation(matrix: sp.csr_matrix) -> float:
    """``max |A - A^dagger|``; entry by entry when A and its transpose store the same pattern
    (a matrix built Hermitian), which skips forming the difference (1 s of a 2^20 chain's)."""
    if not matrix.nnz:
        return 0.0
    transposed = sp.csr_matrix(matrix.T)
    matrix.sort_indices()
    transposed.sort_indices()
    same = np.array_equal(matrix.indptr, transposed.indptr) and np.array_equal(
        matrix.indices, transposed.indices
    )
    if not same:
        return float(abs(matrix - transposed.conj()).max())
    deviation, step = 0.0, 1 << 20  # chunks: temporaries of 16 MiB, not of the whole matrix
    for start in range(0, matrix.nnz, step):
        part = slice(start, start + step)
        difference = matrix.data[part] - np.conj(transposed.data[part])
        deviation = max(deviation, float(np.max(np.abs(difference))))
    return deviation


def to_dense(operator: Operator) -> np.ndarray:
    """Dense complex copy-free view where possible.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> from qbattery.operators import to_dense
    >>> to_dense(sp.identity(2)).real
    array([[1., 0.],
           [0., 1.]])
    """
    if isinstance(operator, np.ndarray):
        return operator
    return operator.toarray()


def to_sparse(operator: Operator) -> sp.csr_matrix:
    """CSR form of an operator.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.operators import to_sparse
    >>> to_sparse(np.diag([0.0, 1.0])).nnz
    1
    """
    return operator if sp.issparse(operator) else sp.csr_matrix(operator)


def is_real(operator: Operator) -> bool:
    """Whether every entry has zero imaginary part (enables real arithmetic in propagators).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.operators import is_real
    >>> is_real(np.array([[0, 1], [1, 0]], dtype=complex)), is_real(np.array([[0, -1j], [1j, 0]]))
    (True, False)
    """
    data = operator.data if sp.issparse(operator) else operator
    return not np.any(np.imag(data))


def nonzeros(operator: Operator) -> int:
    """Stored entries: ``nnz`` of a sparse matrix, ``d * d`` of a dense one.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.operators import nonzeros, to_sparse
    >>> nonzeros(np.eye(3)), nonzeros(to_sparse(np.eye(3)))
    (9, 3)
    """
    if isinstance(operator, np.ndarray):
        return int(operator.size)
    return int(operator.nnz)


def lowest_levels(operator: Operator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``count`` lowest eigenvalues (increasing) and eigenvectors of a Hermitian operator.

    A real operator is diagonalised as real symmetric, so its eigenvectors are real; a sparse
    one larger than :data:`DENSE_LIMIT` by ARPACK (``eigsh``, smallest algebraic, tol 1e-12).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.operators import lowest_levels
    >>> energies, vectors = lowest_levels(np.diag([2.0, 0.0, 1.0]), 2)
    >>> energies, np.abs(vectors[:, 0])
    (array([0., 1.]), array([0., 1., 0.]))
    """
    if is_real(operator):
        operator = operator.real
    if sp.issparse(operator) and operator.shape[0] > DENSE_LIMIT:
        energies, vectors = eigsh(operator, k=count, which="SA", tol=1e-12)
        order = np.argsort(energies)
        return energies[order], vectors[:, order]
    dense = to_dense(operator)
    energies, vectors = np.linalg.eigh(dense)
    return energies[:count], vectors[:, :count]


def ground_state(h: Any, name: str = "battery_hamiltonian", *, gap_tol: float = 1e-9) -> np.ndarray:
    """The ground state of ``h``; refuses a degenerate ground level.

    A degenerate ground level has no preferred vector, so picking one would silently fix an
    arbitrary initial state; the error asks for an explicit one instead.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.operators import ground_state
    >>> ground_state(np.diag([1.0, 0.0, 2.0])).real
    array([0., 1., 0.])
    """
    energies, vectors = lowest_levels(as_operator(h, name), 2)
    if energies.size > 1 and energies[1] - energies[0] <= gap_tol * max(1.0, abs(energies[0])):
        raise QBatteryValueError(
            f"{name}: the ground level is degenerate (E0 = {energies[0]:.6g}, E1 = "
            f"{energies[1]:.6g}); pass an explicit initial_state instead of the ground state"
        )
    return vectors[:, 0]
