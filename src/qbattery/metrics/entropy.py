"""Entropies of battery states (review sec. 4).

    S(rho)  = -Tr[rho log rho]                   von Neumann entropy (0 log 0 = 0)
    P(rho)  = Tr[rho^2]                          purity
    I(A:B)  = S(rho_A) + S(rho_B) - S(rho_AB)    mutual information

Shapes and checks as for every resource measure (:mod:`qbattery.metrics.resources`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.special import xlogy

from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.linalg import density_matrices, float_if_scalar, reduced_state, reduced_state_of_ket
from qbattery.validation import (
    DEFAULT_ATOL,
    as_array,
    check_dims,
    check_finite,
    check_ket,
    subsystem_indices,
)

__all__ = [
    "entanglement_entropy",
    "mutual_information",
    "natural_log_of_base",
    "purity",
    "spectral_entropy",
    "von_neumann_entropy",
]


def natural_log_of_base(base: Any) -> float:
    """Natural logarithm of the entropy's base, after checking the base.

    Examples
    --------
    >>> from qbattery.metrics.entropy import natural_log_of_base
    >>> round(natural_log_of_base(2), 6)
    0.693147
    """
    try:
        value = float(base)
    except (TypeError, ValueError) as exc:
        raise QBatteryTypeError(
            f"base: expected a real number, got {base!r}; use np.e (nats) or 2 (bits)"
        ) from exc
    if not np.isfinite(value) or value <= 0 or value == 1:
        raise QBatteryValueError(
            f"base: a logarithm base must be finite, positive and not 1, got {base!r}; "
            "use np.e (nats) or 2 (bits)"
        )
    return float(np.log(value))


def spectral_entropy(eigenvalues: np.ndarray, log_base: float) -> np.ndarray:
    """``-sum p log p`` over the last axis, with round-off negatives clipped to 0 (0 log 0 = 0).

    Examples
    --------
    One bit for two equal probabilities (``log_base = ln 2``):

    >>> import numpy as np
    >>> from qbattery.metrics.entropy import spectral_entropy
    >>> round(float(spectral_entropy(np.array([0.5, 0.5, 0.0]), float(np.log(2)))), 12)
    1.0
    """
    p = np.clip(eigenvalues, 0.0, None)
    return -np.sum(xlogy(p, p), axis=-1) / log_base


def von_neumann_entropy(
    rho: Any, *, base: float = np.e, validate: bool = True, atol: float = DEFAULT_ATOL
) -> float | np.ndarray:
    """Von Neumann entropy ``S = -Tr[rho log rho] = -sum_i p_i log p_i`` (Nielsen & Chuang 11.3).

    Eigenvalues within ``atol`` below zero are treated as 0, and ``0 log 0 = 0``.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    base : float
        Base of the logarithm: ``np.e`` (nats, default) or ``2`` (bits).
    validate : bool
        Check that ``rho`` is finite, Hermitian, of unit trace and positive semidefinite (the
        latter from the spectrum computed anyway).
    atol : float
        Tolerance of those checks.

    Returns
    -------
    array of shape (...)
        Between 0 (pure states) and ``log d`` (the maximally mixed state).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import von_neumann_entropy
    >>> float(von_neumann_entropy(np.eye(4) / 4, base=2))
    2.0
    """
    log_base = natural_log_of_base(base)
    _, eigenvalues = density_matrices(rho, validate=validate, atol=atol, spectrum=True)
    return float_if_scalar(spectral_entropy(eigenvalues, log_base))


def purity(rho: Any, *, validate: bool = True, atol: float = DEFAULT_ATOL) -> float | np.ndarray:
    """Purity ``Tr[rho^2] = sum_ij |rho_ij|^2`` (for Hermitian ``rho``), in ``[1/d, 1]``.

    Computed from the matrix entries, without diagonalising; only the positivity check of
    ``validate`` diagonalises ``rho`` (turn it off in hot loops over states known to be valid).

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
    validate, atol
        As in :func:`von_neumann_entropy`.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import purity
    >>> float(purity(np.eye(2) / 2))
    0.5
    """
    states, _ = density_matrices(rho, validate=validate, atol=atol)
    return float_if_scalar(np.sum(np.abs(states) ** 2, axis=(-2, -1)))


def entanglement_entropy(
    state: Any,
    dims: Sequence[int],
    subsystem: Sequence[int] | int,
    *,
    base: float = np.e,
    ket: bool | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> float | np.ndarray:
    """Entropy ``S(rho_A)`` of the reduced state ``rho_A = Tr_B rho`` of the subsystems A.

    For pure states ``|psi>`` it is the entanglement entropy, the unique entanglement measure of
    pure bipartite states (Bennett, Bernstein, Popescu, Schumacher, PRA 53, 2046 (1996)), and
    ``S(rho_A) = S(rho_B)``. For mixed states it is only the entropy of the reduced state, which
    classical correlations and the state's own mixedness also raise: **not** an entanglement
    measure there (use :func:`negativity` or :func:`concurrence`).

    Parameters
    ----------
    state : array of shape (..., d) (kets) or (..., d, d) (density matrices), or qutip.Qobj
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    subsystem : int or sequence of int
        Indices (into ``dims``) of the subsystems A whose reduced state is taken.
    base : float
        Base of the logarithm (``np.e`` default, ``2`` for ebits).
    ket : bool, optional
        Whether ``state`` holds kets. Inferred from a ``Qobj``; otherwise a square trailing
        shape ``(d, d)`` means density matrices (pass ``ket=True`` for a stack of ``d`` kets of
        dimension ``d``) and anything else kets.
    validate : bool
        Check kets for finiteness and unit norm, density matrices as in
        :func:`von_neumann_entropy` (the positivity of a mixed ``state`` costs one
        diagonalisation of the full state).
    atol : float
        Tolerance of those checks.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import entanglement_entropy
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(float(entanglement_entropy(bell, [2, 2], 0, base=2)), 12)
    1.0
    """
    log_base = natural_log_of_base(base)
    if ket is None and hasattr(state, "dims") and hasattr(state, "isket"):
        ket = bool(state.isket)
    array = as_array(state, "state")
    if ket is None:
        ket = not (array.ndim >= 2 and array.shape[-1] == array.shape[-2])
    if ket:
        if array.ndim >= 2 and array.shape[-1] == 1:  # column vector, as from Qobj.full()
            array = array[..., 0]
        if array.ndim == 0 or array.shape[-1] == 0:
            raise DimensionError(
                f"state: expected kets of shape (..., d) with d >= 1, got shape {array.shape}"
            )
        dims = check_dims(dims, array.shape[-1])
        kept = subsystem_indices(subsystem, dims, "subsystem")
        if validate:
            check_finite(array, "state")
            check_ket(array, "state", atol=atol)
        reduced = reduced_state_of_ket(array, dims, kept)
    else:
        states, _ = density_matrices(array, "state", validate=validate, atol=atol)
        dims = check_dims(dims, states.shape[-1])
        kept = subsystem_indices(subsystem, dims, "subsystem")
        reduced = reduced_state(states, dims, kept)
    return float_if_scalar(spectral_entropy(np.linalg.eigvalsh(reduced), log_base))


def mutual_information(
    rho: Any,
    dims: Sequence[int],
    part_a: Sequence[int] | int,
    part_b: Sequence[int] | int | None = None,
    *,
    base: float = np.e,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> float | np.ndarray:
    """Quantum mutual information ``I(A:B) = S(rho_A) + S(rho_B) - S(rho_AB)`` (>= 0).

    The total (classical plus quantum) correlations between A and B (Nielsen & Chuang 11.3;
    Groisman, Popescu, Winter, PRA 72, 032317 (2005)). Subsystems in neither part are traced out.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    part_a : int or sequence of int
        Indices (into ``dims``) of the subsystems forming A.
    part_b : int or sequence of int, optional
        Indices of the subsystems forming B, disjoint from A; default: every other subsystem.
    base : float
        Base of the logarithm (``np.e`` default, ``2`` for bits).
    validate, atol
        As in :func:`von_neumann_entropy`.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import mutual_information
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(float(mutual_information(np.outer(bell, bell), [2, 2], 0, base=2)), 12)
    2.0
    """
    log_base = natural_log_of_base(base)
    states, eigenvalues = density_matrices(rho, validate=validate, atol=atol)
    dims = check_dims(dims, states.shape[-1])
    a = subsystem_indices(part_a, dims, "part_a")
    if part_b is None:
        b = tuple(k for k in range(len(dims)) if k not in a)
        if not b:
            raise QBatteryValueError(
                f"part_a: {list(a)} covers every subsystem of dims={list(dims)}, so the default "
                "part_b (its complement) is empty; leave at least one subsystem for part_b"
            )
    else:
        b = subsystem_indices(part_b, dims, "part_b")
        shared = sorted(set(a) & set(b))
        if shared:
            raise QBatteryValueError(
                f"part_b: subsystems {shared} are also in part_a={list(a)}; the two parts must "
                "be disjoint"
            )
    union = tuple(sorted(a + b))
    if len(union) == len(dims):  # S(rho_AB) = S(rho): reuse the validation's spectrum
        if eigenvalues is None:
            eigenvalues = np.linalg.eigvalsh(states)
        s_ab = spectral_entropy(eigenvalues, log_base)
    else:
        s_ab = spectral_entropy(np.linalg.eigvalsh(reduced_state(states, dims, union)), log_base)
    s_a = spectral_entropy(np.linalg.eigvalsh(reduced_state(states, dims, a)), log_base)
    s_b = spectral_entropy(np.linalg.eigvalsh(reduced_state(states, dims, b)), log_base)
    return float_if_scalar(s_a + s_b - s_ab)
