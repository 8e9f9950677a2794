"""Entanglement of battery states (review sec. 4): negativity and concurrence.

    N(rho)  = (||rho^{T_A}||_1 - 1) / 2          negativity; E_N = log2 ||rho^{T_A}||_1
    C(rho)  = max(0, l_1 - l_2 - l_3 - l_4)      concurrence of two qubits

Shapes and checks as for every resource measure (:mod:`qbattery.metrics.resources`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from qbattery.errors import DimensionError
from qbattery.linalg import density_matrices, float_if_scalar
from qbattery.validation import (
    DEFAULT_ATOL,
    as_array,
    check_dims,
    check_square,
    subsystem_indices,
)

__all__ = ["concurrence", "log_negativity", "negativity", "partial_transpose"]

#: sigma_y (x) sigma_y, the spin flip of Wootters' concurrence (real in the computational basis).
_SPIN_FLIP = np.array(
    [[0, 0, 0, -1], [0, 0, 1, 0], [0, 1, 0, 0], [-1, 0, 0, 0]], dtype=np.complex128
)


def partial_transpose(rho: Any, dims: Sequence[int], subsystems: Sequence[int] | int) -> np.ndarray:
    """Partial transpose ``rho^{T_A}`` on the subsystems A (Peres, PRL 77, 1413 (1996)).

    ``<i_A j_B| rho^{T_A} |k_A l_B> = <k_A j_B| rho |i_A l_B>``, done as one reshape to
    ``(..., *dims, *dims)`` and a swap of the row and column axes of every subsystem in A.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Operators (any, not only density matrices).
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    subsystems : int or sequence of int
        Indices (into ``dims``) of the subsystems to transpose.

    Returns
    -------
    array of shape (..., d, d)
        A NumPy array, also for ``Qobj`` input.

    Examples
    --------
    The partial transpose of a Bell pair has the negative eigenvalue ``-1/2`` (Peres criterion):

    >>> import numpy as np
    >>> from qbattery.metrics.entanglement import partial_transpose
    >>> bell = np.array([1.0, 0, 0, 1.0]) / np.sqrt(2)
    >>> np.round(np.linalg.eigvalsh(partial_transpose(np.outer(bell, bell), [2, 2], 0)), 12)
    array([-0.5,  0.5,  0.5,  0.5])
    """
    array = as_array(rho, "rho")
    d = check_square(array, "rho")
    dims = check_dims(dims, d)
    transposed = subsystem_indices(subsystems, dims, "subsystems")
    batch = array.shape[:-2]
    nb, n = len(batch), len(dims)
    order = list(range(nb + 2 * n))
    for k in transposed:
        order[nb + k], order[nb + n + k] = nb + n + k, nb + k
    return array.reshape(*batch, *dims, *dims).transpose(order).reshape(array.shape)


def _partial_transpose_trace_norm(
    rho: Any, dims: Sequence[int], subsystems: Sequence[int] | int, validate: bool, atol: float
) -> np.ndarray:
    """``||rho^{T_A}||_1 = sum_i |lambda_i|`` over the eigenvalues of the Hermitian rho^{T_A}."""
    states, _ = density_matrices(rho, validate=validate, atol=atol)
    transposed = partial_transpose(states, dims, subsystems)
    return np.sum(np.abs(np.linalg.eigvalsh(transposed)), axis=-1)


def negativity(
    rho: Any,
    dims: Sequence[int],
    subsystems: Sequence[int] | int,
    *,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> float | np.ndarray:
    """Negativity ``N = (||rho^{T_A}||_1 - 1) / 2`` (Vidal & Werner, PRA 65, 032314 (2002)).

    The sum of the magnitudes of the negative eigenvalues of the partial transpose; zero for
    separable states (and for PPT entangled ones), 1/2 for a two-qubit Bell state. The same for
    A and its complement. Matches ``qutip.negativity`` (QuTiP 5) for a single subsystem.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    subsystems : int or sequence of int
        Indices (into ``dims``) of the subsystems A that are transposed.
    validate, atol
        As in :func:`von_neumann_entropy`; the positivity check costs one diagonalisation of
        ``rho`` on top of that of ``rho^{T_A}``.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import negativity
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(float(negativity(np.outer(bell, bell), [2, 2], 0)), 12)
    0.5
    """
    return float_if_scalar(
        (_partial_transpose_trace_norm(rho, dims, subsystems, validate, atol) - 1.0) / 2.0
    )


def log_negativity(
    rho: Any,
    dims: Sequence[int],
    subsystems: Sequence[int] | int,
    *,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> float | np.ndarray:
    """Logarithmic negativity ``E_N = log2 ||rho^{T_A}||_1 = log2(2N + 1)`` (in ebits).

    Vidal & Werner, PRA 65, 032314 (2002); Plenio, PRL 95, 090503 (2005). One ebit for a
    two-qubit Bell state. Parameters as in :func:`negativity`.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    One ebit for a Bell pair:

    >>> import numpy as np
    >>> from qbattery.metrics.entanglement import log_negativity
    >>> bell = np.array([1.0, 0, 0, 1.0]) / np.sqrt(2)
    >>> round(float(log_negativity(np.outer(bell, bell), [2, 2], 0)), 12)
    1.0
    """
    return float_if_scalar(
        np.log2(_partial_transpose_trace_norm(rho, dims, subsystems, validate, atol))
    )


def concurrence(
    rho: Any, *, validate: bool = True, atol: float = DEFAULT_ATOL
) -> float | np.ndarray:
    """Concurrence of two-qubit states (Wootters, PRL 80, 2245 (1998)).

    ``C = max(0, l_1 - l_2 - l_3 - l_4)`` with ``l_i`` the decreasing eigenvalues of
    ``R = sqrt(sqrt(rho) rho~ sqrt(rho))``, ``rho~ = (sigma_y x sigma_y) rho* (sigma_y x sigma_y)``
    in the computational basis. ``R^2`` is Hermitian and positive semidefinite, so its eigenvalues
    come from a Hermitian eigensolver with round-off negatives clipped to 0. Between 0
    (separable) and 1 (Bell states).

    Parameters
    ----------
    rho : array of shape (..., 4, 4) or qutip.Qobj
        Two-qubit density matrices, basis ``|00>, |01>, |10>, |11>``.
    validate, atol
        As in :func:`von_neumann_entropy` (positivity from the spectrum used for sqrt(rho)).

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import concurrence
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(float(concurrence(np.outer(bell, bell))), 12)
    1.0
    """
    states = as_array(rho, "rho")
    check_square(states, "rho")
    if validate:
        density_matrices(states, validate=True, atol=atol)
    if states.shape[-1] != 4:
        raise DimensionError(
            f"rho: concurrence is defined here for two qubits, shape (..., 4, 4), got shape "
            f"{states.shape}; for other systems use negativity(rho, dims, subsystems)"
        )
    eigenvalues, vectors = np.linalg.eigh(states)
    root = np.sqrt(np.clip(eigenvalues, 0.0, None))
    sqrt_rho = (vectors * root[..., None, :]) @ np.conj(np.swapaxes(vectors, -1, -2))
    flipped = _SPIN_FLIP @ np.conj(states) @ _SPIN_FLIP
    r_squared = sqrt_rho @ flipped @ sqrt_rho
    r_squared = (r_squared + np.conj(np.swapaxes(r_squared, -1, -2))) / 2
    lam = np.sqrt(np.clip(np.linalg.eigvalsh(r_squared), 0.0, None))  # increasing
    return float_if_scalar(np.maximum(0.0, lam[..., 3] - lam[..., 2] - lam[..., 1] - lam[..., 0]))
