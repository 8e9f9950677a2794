"""Non-Markovianity of a dynamical map: information backflow (BLP) and divisibility (RHP).

A dynamical map is given as its family of superoperators on a time grid,
``maps[k] = Lambda(t_k)``, shape ``(n, d^2, d^2)``, acting on column-stacked density matrices
(``vec(rho)[i + d j] = rho[i, j]``, QuTiP's ``operator_to_vector`` convention), with
``Lambda(t_0 = 0)`` the identity. :func:`dynamical_maps` builds such a family from any linear
evolution (one run per basis state), :func:`battery_maps` from a :class:`~qbattery.Battery`
through :func:`qbattery.charge` (any method: Lindblad, pseudomodes, HEOM, Bloch-Redfield).

Measures (review sec. 5.1):

- BLP (Breuer, Laine & Piilo, PRL 103, 210401 (2009)): the trace distance
  ``D(t) = ||Lambda_t(rho_1 - rho_2)||_1 / 2`` of two evolving states can only shrink under a
  Markovian (CP-divisible) map; ``N = max_{rho_1, rho_2} sum_{increases} [D(b) - D(a)]``,
  the total increase of D on the grid, maximised over initial pairs. The optimal pairs are
  orthogonal pure states (Wissmann et al., PRA 86, 062108 (2012)); for a qubit, antipodal
  points ``(1 +- n.sigma)/2`` of the Bloch sphere.
- RHP (Rivas, Huelga & Plenio, PRL 105, 050403 (2010)): the intermediate map
  ``Lambda(t_{k+1}, t_k) = Lambda(t_{k+1}) Lambda(t_k)^{-1}`` is completely positive for a
  divisible process; with its normalised Choi matrix ``J_k``, ``||J_k||_1 = 1`` iff it is CP,
  and ``N = sum_k (||J_k||_1 - 1)``, the grid form of ``int g(t) dt``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize

from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.validation import as_array, check_finite, positive_int, random_generator

__all__ = [
    "Backflow",
    "blp_measure",
    "choi_matrix",
    "column_stack",
    "divisibility_violations",
    "rhp_measure",
    "trace_distance",
    "trace_distance_curve",
    "trace_norm",
]

#: Condition number above which an intermediate map Lambda(t_{k+1}) Lambda(t_k)^{-1} is refused:
#: Lambda(t_k) is (numerically) not invertible, so the divisibility test is undefined there.
_SINGULAR = 1e12


def _maps(maps: Any) -> np.ndarray:
    """Superoperators (n, d^2, d^2) from an array or a list of QuTiP superoperators."""
    if isinstance(maps, list | tuple) and maps and hasattr(maps[0], "full"):
        maps = [m.full() for m in maps]
    array = as_array(maps, "maps")
    check_finite(array, "maps")
    if array.ndim == 2:
        array = array[None]
    side = array.shape[-1]
    d = round(np.sqrt(side))
    if array.ndim != 3 or array.shape[-2] != side or d * d != side or d < 1:
        raise DimensionError(
            f"maps: expected superoperators of shape (n, d^2, d^2), got shape {array.shape}"
        )
    return array


def _unstack(vectors: np.ndarray, d: int) -> np.ndarray:
    """Column-stacked vectors (..., d^2) to matrices (..., d, d)."""
    return np.swapaxes(vectors.reshape(*vectors.shape[:-1], d, d), -1, -2)


def column_stack(matrices: np.ndarray) -> np.ndarray:
    """Matrices (..., d, d) to column-stacked vectors (..., d^2).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.non_markovianity import column_stack
    >>> column_stack(np.array([[1, 2], [3, 4]]))
    array([1, 3, 2, 4])
    """
    d = matrices.shape[-1]
    return np.swapaxes(matrices, -1, -2).reshape(*matrices.shape[:-2], d * d)


def trace_norm(operators: np.ndarray) -> np.ndarray:
    """``||A||_1`` of Hermitian operators (..., d, d): the sum of |eigenvalues|.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.non_markovianity import trace_norm
    >>> float(trace_norm(np.diag([1.0, -2.0])))
    3.0
    """
    hermitian = (operators + np.conj(np.swapaxes(operators, -1, -2))) / 2
    return np.sum(np.abs(np.linalg.eigvalsh(hermitian)), axis=-1)


def trace_distance(rho: Any, sigma: Any) -> np.ndarray:
    """``D(rho, sigma) = ||rho - sigma||_1 / 2`` for (..., d, d) stacks (broadcast).

    Examples
    --------
    >>> import numpy as np
    >>> float(trace_distance(np.diag([1.0, 0.0]), np.diag([0.0, 1.0])))
    1.0
    """
    a, b = as_array(rho, "rho"), as_array(sigma, "sigma")
    if a.shape[-1] != b.shape[-1]:
        raise DimensionError(f"rho, sigma: dimensions {a.shape[-1]} and {b.shape[-1]} differ")
    return trace_norm(a - b) / 2


def trace_distance_curve(maps: Any, rho_1: Any, rho_2: Any) -> np.ndarray:
    """``D(Lambda_k rho_1, Lambda_k rho_2)`` for every map: shape (n,).

    Examples
    --------
    The identity channel keeps ``|g>`` and ``|e>`` at distance 1:

    >>> import numpy as np
    >>> from qbattery.metrics.non_markovianity import trace_distance_curve
    >>> maps = np.array([np.eye(4), np.eye(4)])
    >>> trace_distance_curve(maps, np.diag([1.0, 0.0]), np.diag([0.0, 1.0]))
    array([1., 1.])
    """
    family = _maps(maps)
    difference = as_array(rho_1, "rho_1") - as_array(rho_2, "rho_2")
    d = round(np.sqrt(family.shape[-1]))
    if difference.shape != (d, d):
        raise DimensionError(f"rho_1, rho_2: expected shape ({d}, {d}), got {difference.shape}")
    return trace_norm(_unstack(family @ column_stack(difference), d)) / 2


def _increase(curves: np.ndarray) -> np.ndarray:
    """Total increase ``sum max(0, D_{k+1} - D_k)`` along the last axis."""
    return np.sum(np.clip(np.diff(curves, axis=-1), 0.0, None), axis=-1)


@dataclass(frozen=True)
class Backflow:
    """The BLP measure and the pair of initial states that attains it.

    Attributes
    ----------
    measure : float
        ``N_BLP``, the largest total increase of the trace distance.
    pair : array (2, d, d)
        The optimal initial states found.
    trace_distance : array (n,)
        ``D(t_k)`` of that pair.

    Examples
    --------
    Markovian dephasing of a qubit: no backflow of information.

    >>> import numpy as np
    >>> from qbattery.metrics.non_markovianity import blp_measure
    >>> maps = np.zeros((11, 4, 4), dtype=complex)
    >>> maps[:, 0, 0] = maps[:, 3, 3] = 1.0
    >>> maps[:, 1, 1] = maps[:, 2, 2] = np.exp(-np.linspace(0, 1, 11))
    >>> backflow = blp_measure(maps)
    >>> round(backflow.measure, 12), backflow.trace_distance.shape
    (0.0, (11,))
    """

    measure: float
    pair: np.ndarray
    trace_distance: np.ndarray


def _qubit_images(family: np.ndarray) -> np.ndarray:
    """``Lambda_k(sigma_a)`` for a = x, y, z: (3, n, 2, 2)."""
    paulis = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[-1, 0], [0, 1]]], dtype=complex)
    return _unstack(np.einsum("kij,aj->aki", family, column_stack(paulis)), 2)


def _qubit_distance(images: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """``D_k`` for antipodal pairs along unit vectors ``directions`` (m, 3): (m, n).

    For a 2x2 Hermitian ``M`` with trace t and eigenvalue gap s, ``||M||_1 = max(|t|, s)``.
    """
    m = np.einsum("ma,akij->mkij", directions, images)
    m = (m + np.conj(np.swapaxes(m, -1, -2))) / 2
    t = np.real(m[..., 0, 0] + m[..., 1, 1])
    gap = np.sqrt(np.real(m[..., 0, 0] - m[..., 1, 1]) ** 2 + 4 * np.abs(m[..., 0, 1]) ** 2)
    return np.maximum(np.abs(t), gap) / 2


def _direction(angles: np.ndarray) -> np.ndarray:
    theta, phi = angles[..., 0], angles[..., 1]
    return np.stack(
        [np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], axis=-1
    )


def _orthogonal_pair(parameters: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray]:
    """Two orthonormal kets from 4d real numbers (Gram-Schmidt)."""
    z = parameters[: 2 * d] + 1j * parameters[2 * d :]
    u, v = z[:d], z[d:]
    u = u / np.linalg.norm(u)
    v = v - np.vdot(u, v) * u
    return u, v / np.linalg.norm(v)


def blp_measure(
    maps: Any,
    *,
    pair: tuple[Any, Any] | None = None,
    starts: int = 8,
    seed: int | np.random.Generator = 0,
) -> Backflow:
    """Breuer-Laine-Piilo measure: the largest total increase of the trace distance.

    ``N = max_{rho_1, rho_2} sum_k max(0, D_{k+1} - D_k)``, ``D_k`` the trace distance of the
    two states after ``Lambda(t_k)`` (Breuer, Laine & Piilo, PRL 103, 210401 (2009)); on a grid
    that resolves the turning points of D this equals the integral of the positive part of
    ``dD/dt``. Zero for CP-divisible (Markovian) dynamics.

    Parameters
    ----------
    maps : array (n, d^2, d^2) or list of QuTiP superoperators
        ``Lambda(t_k)`` on an increasing grid, column-stacking convention.
    pair : (rho_1, rho_2), optional
        Evaluate this pair only, no optimisation.
    starts : int
        Qubits: the hemisphere of directions is scanned on a grid and the best ``starts``
        points refined (Nelder-Mead). ``d > 2``: random orthogonal pure pairs, each refined.
    seed : int or numpy.random.Generator
        For the random starts when d > 2.

    Returns
    -------
    Backflow

    Examples
    --------
    >>> import numpy as np
    >>> q = np.exp(-np.linspace(0, 3, 31))                # Markovian dephasing of a qubit
    >>> maps = np.zeros((31, 4, 4), dtype=complex)
    >>> maps[:, 0, 0] = maps[:, 3, 3] = 1.0
    >>> maps[:, 1, 1] = maps[:, 2, 2] = q
    >>> blp_measure(maps).measure
    0.0
    """
    family = _maps(maps)
    d = round(np.sqrt(family.shape[-1]))
    if pair is not None:
        rho_1, rho_2 = (as_array(p, "pair") for p in pair)
        curve = trace_distance_curve(family, rho_1, rho_2)
        return Backflow(float(_increase(curve)), np.array([rho_1, rho_2]), curve)
    count = positive_int(starts, "starts")
    if d == 2:
        return _blp_qubit(family, count)
    return _blp_general(family, d, count, random_generator(seed)[0])


def _blp_qubit(family: np.ndarray, starts: int) -> Backflow:
    images = _qubit_images(family)
    theta, phi = np.meshgrid(np.linspace(0, np.pi / 2, 19), np.linspace(0, 2 * np.pi, 37)[:-1])
    grid = np.stack([theta.ravel(), phi.ravel()], axis=-1)
    values = _increase(_qubit_distance(images, _direction(grid)))

    def objective(angles: np.ndarray) -> float:
        return -float(_increase(_qubit_distance(images, _direction(angles[None]))[0]))

    best_angles, best = grid[int(np.argmax(values))], float(np.max(values))
    for start in grid[np.argsort(values)[::-1][:starts]]:
        result = minimize(objective, start, method="Nelder-Mead", options={"xatol": 1e-10})
        if -result.fun > best:
            best_angles, best = result.x, float(-result.fun)
    n = _direction(best_angles)
    paulis = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[-1, 0], [0, 1]]])
    polarisation = np.einsum("a,aij->ij", n, paulis)
    pair = np.array([(np.eye(2) + polarisation) / 2, (np.eye(2) - polarisation) / 2])
    curve = _qubit_distance(images, n[None])[0]
    return Backflow(best, pair, curve)


def _blp_general(family: np.ndarray, d: int, starts: int, rng: np.random.Generator) -> Backflow:
    def curve_of(parameters: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        u, v = _orthogonal_pair(parameters, d)
        states = np.array([np.outer(u, np.conj(u)), np.outer(v, np.conj(v))])
        return states, trace_distance_curve(family, states[0], states[1])

    best: tuple[float, np.ndarray, np.ndarray] | None = None
    for _ in range(starts):
        result = minimize(
            lambda x: -float(_increase(curve_of(x)[1])),
            rng.normal(size=4 * d),
            method="Nelder-Mead",
            options={"maxiter": 4000, "xatol": 1e-9, "fatol": 1e-12},
        )
        states, curve = curve_of(result.x)
        value = float(_increase(curve))
        if best is None or value > best[0]:
            best = (value, states, curve)
    assert best is not None
    return Backflow(*best)


def choi_matrix(superoperator: Any) -> np.ndarray:
    """Normalised Choi matrix ``J = (1/d) sum_ij |i><j| (x) Lambda(|i><j|)``, (..., d^2, d^2).

    Trace one for a trace-preserving map; positive semidefinite iff the map is CP.

    Examples
    --------
    The normalised Choi matrix of the identity channel is the Bell projector (one eigenvalue 1):

    >>> import numpy as np
    >>> from qbattery.metrics.non_markovianity import choi_matrix
    >>> np.round(np.linalg.eigvalsh(choi_matrix(np.eye(4))), 12)
    array([0., 0., 0., 1.])
    """
    family = as_array(superoperator, "superoperator")
    side = family.shape[-1]
    d = round(np.sqrt(side))
    # Lambda(|i><j|)[a, b] = S[a + d b, i + d j]; J[(i, a), (j, b)] = that / d
    tensor = family.reshape(*family.shape[:-2], d, d, d, d)  # [..., b, a, j, i]
    choi = np.einsum("...baji->...iajb", tensor)
    return choi.reshape(*family.shape[:-2], side, side) / d


def divisibility_violations(maps: Any) -> np.ndarray:
    """``||J_k||_1 - 1`` of each intermediate map ``Lambda(t_{k+1}) Lambda(t_k)^{-1}``: (n-1,).

    Zero (to round-off) where the intermediate map is completely positive.

    Raises
    ------
    QBatteryValueError
        If some ``Lambda(t_k)`` is not invertible (the intermediate map is undefined).

    Examples
    --------
    A dephasing semigroup ``exp(L t)`` is divisible: every intermediate map is CPTP.

    >>> import numpy as np
    >>> from scipy.linalg import expm
    >>> from qbattery.metrics.non_markovianity import divisibility_violations
    >>> generator = np.diag([0.0, -0.5, -0.5, 0.0]).astype(complex)
    >>> maps = np.array([expm(generator * t) for t in (0.0, 0.5, 1.0)])
    >>> np.round(divisibility_violations(maps), 12)
    array([0., 0.])
    """
    family = _maps(maps)
    earlier, later = family[:-1], family[1:]
    conditions = np.linalg.cond(earlier)
    if np.any(conditions > _SINGULAR):
        k = int(np.argmax(conditions))
        raise QBatteryValueError(
            f"maps: Lambda(t_{k}) is not invertible (condition number {conditions[k]:.2g}), so "
            "the intermediate map there is undefined; move the grid off that time"
        )
    # Lambda(t_{k+1}) Lambda(t_k)^{-1} = (Lambda(t_k)^{-T} Lambda(t_{k+1})^T)^T
    intermediate = np.swapaxes(
        np.linalg.solve(np.swapaxes(earlier, -1, -2), np.swapaxes(later, -1, -2)), -1, -2
    )
    return trace_norm(choi_matrix(intermediate)) - 1.0


def rhp_measure(maps: Any) -> float:
    """Rivas-Huelga-Plenio measure ``sum_k (||J_k||_1 - 1)`` (PRL 105, 050403 (2010)).

    Zero for a divisible (Markovian) process; the grid form of ``int g(t) dt``, exact for
    the discrete family given. Round-off of order 1e-14 per step may remain.

    Examples
    --------
    >>> import numpy as np
    >>> from scipy.linalg import expm
    >>> generator = np.diag([0.0, -0.5, -0.5, 0.0]).astype(complex)  # dephasing at rate 1
    >>> maps = np.array([expm(generator * t) for t in np.linspace(0, 2, 11)])
    >>> abs(rhp_measure(maps)) < 1e-12
    True
    """
    return float(np.sum(divisibility_violations(maps)))
