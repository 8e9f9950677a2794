"""Local and parallel ergotropy and capacity (review sec. 2.1.1, eqs. 11-12).

For a composite state rho with Hamiltonian H (interactions included) and a unitary U_n acting on
subsystem n only,

    E_n(rho) = Tr[H rho] - min_{U_n} Tr[H U_n rho U_n^dagger]                        (eq. 11)
    C_n(rho) = max_{U_n} Tr[H U_n rho U_n^dagger] - min_{U_n} Tr[H U_n rho U_n^dagger] (eq. 12)

(Salvia & Giovannetti, PRA 104, 012414 (2021); Castellano et al., PRL 133, 150402 (2024)).
Parallel ergotropy and capacity optimise over products ``U = (x)_n U_n`` of local unitaries
(the "parallel ergotropy" of Castellano et al., cited as ref. 102 of the review, sec. 2.1.1).

The optimum is found by Riemannian conjugate gradients on the unitary groups: moving U_n to
``exp(-i eps X) U_n`` (X Hermitian on subsystem n) changes the energy at the rate
``-Tr[X G_n]`` with ``G_n = i Tr_{not n}[rho_U, H]`` (rho_U the rotated state), so
``U_n -> exp(-i eta G_n) U_n`` descends; conjugate directions and Armijo backtracking as in
Abrudan, Eriksson & Koivunen, Signal Process. 89, 1704 (2009). Several starts (the
identity and Haar-random unitaries from a seeded generator) are run; the result reports the best
value, the gradient norm there (a first-order certificate) and the spread of the converged
starts. For one subsystem the energy is contracted once into a ``d_n**4`` tensor, so each step
costs nothing that grows with the rest of the system.

Two closed forms give the global optimum directly and are used automatically:

- when H does not couple subsystem n to the rest, ``H = H_n (x) 1 + 1 (x) H_rest``, the local
  problem is the ergotropy of the reduced state with respect to H_n;
- when subsystem n is a qubit, the energy is a real quadratic form in the unit quaternion that
  parametrises SU(2), so its extremum is an extreme eigenvalue of a 4 x 4 matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.linalg import density_matrices, embed_operator, float_if_scalar, reduced_state
from qbattery.metrics.passivity import energetics
from qbattery.validation import (
    DEFAULT_ATOL,
    check_dims,
    operator,
    random_generator,
    subsystem_indices,
)

__all__ = [
    "LocalOptimum",
    "local_capacity",
    "local_ergotropy",
    "local_extremum",
    "parallel_capacity",
    "parallel_ergotropy",
    "single_subsystem",
]

#: Gradient norm at which a start counts as converged (energy units). Near the optimum the
#: energy error is quadratic in the gradient (~1e-14 here); below ~1e-8 the first-order energy
#: decrease of a step falls under double-precision round-off, so descent cannot certify more.
_GRADIENT_TOL = 1e-7
_MAX_ITERATIONS = 2000


@dataclass(frozen=True)
class LocalOptimum:
    """The extremal energy over (products of) local unitaries, with its certificate.

    Attributes
    ----------
    energy : float
        ``min`` (or ``max``) of ``Tr[H U rho U^dagger]``.
    unitaries : tuple of arrays
        The optimal local unitaries, one per optimised subsystem (empty for ``"reduced-state"``).
    gradient_norm : float
        Norm of the Riemannian gradient at the optimum (0 at a stationary point).
    converged : bool
        Whether the best start reached ``gradient_norm < 1e-7``.
    spread : float
        Range of the values reached by the converged starts: near 0 when they all find the same
        optimum; a large spread flags several local optima (the best one is returned). 0 for the
        closed forms.
    exact : bool
        True when a closed form gave the global optimum (``method`` is not ``"riemannian"``).
    method : str
        ``"reduced-state"`` (non-interacting cut), ``"quaternion"`` (one qubit: the smallest
        eigenvalue of a 4 x 4 quadratic form) or ``"riemannian"`` (multi-start descent).

    Examples
    --------
    The lowest energy reachable from ``|ee>`` by a unitary on the first qubit is one quantum (units
    of the level spacing), reached by flipping it:

    >>> import numpy as np
    >>> from qbattery.metrics.local import local_extremum
    >>> h1 = np.diag([0.0, 1.0])
    >>> h = np.kron(h1, np.eye(2)) + np.kron(np.eye(2), h1)
    >>> optimum = local_extremum(np.diag([0.0, 0, 0, 1.0]), h, [2, 2], [0])
    >>> round(optimum.energy, 8), optimum.converged
    (1.0, True)
    """

    energy: float
    unitaries: tuple[np.ndarray, ...]
    gradient_norm: float
    converged: bool
    spread: float
    exact: bool
    method: str


class _Objective(Protocol):
    """``Tr[H U rho U^dagger]`` and its Riemannian gradient over the local unitaries ``U``."""

    def value(self, unitaries: Sequence[np.ndarray]) -> float: ...

    def gradient(self, unitaries: Sequence[np.ndarray]) -> list[np.ndarray]: ...


def _embed_factors(
    unitaries: Sequence[np.ndarray], dims: Sequence[int], sites: Sequence[int]
) -> np.ndarray:
    """``(x)_k V_k`` on the full space with ``V_k = unitaries[i]`` on ``sites[i]``, 1 elsewhere."""
    factors: list[np.ndarray] = [np.eye(d, dtype=complex) for d in dims]
    for u, site in zip(unitaries, sites, strict=True):
        factors[site] = u
    total: np.ndarray = factors[0]
    for factor in factors[1:]:
        total = np.kron(total, factor)
    return total


@dataclass(frozen=True)
class _ProductObjective:
    """Energy of ``U rho U^dagger`` with ``U = (x)_n U_n``, evaluated on the full space.

    Moving ``U_n -> exp(-i eps X_n) U_n`` changes the energy at the rate ``-sum_n Tr[X_n G_n]``
    with ``G_n = i Tr_{not n}[rho_U, H]``.
    """

    rho: np.ndarray
    h: np.ndarray
    dims: tuple[int, ...]
    sites: tuple[int, ...]

    def value(self, unitaries: Sequence[np.ndarray]) -> float:
        full = _embed_factors(unitaries, self.dims, self.sites)
        return float(np.real(np.trace(self.h @ full @ self.rho @ np.conj(full.T))))

    def gradient(self, unitaries: Sequence[np.ndarray]) -> list[np.ndarray]:
        full = _embed_factors(unitaries, self.dims, self.sites)
        rotated = full @ self.rho @ np.conj(full.T)
        commutator = 1j * (rotated @ self.h - self.h @ rotated)
        parts = [reduced_state(commutator, self.dims, [site]) for site in self.sites]
        return [0.5 * (g + np.conj(g.T)) for g in parts]


@dataclass(frozen=True)
class _SiteObjective:
    """Energy under a unitary on one subsystem, from a tensor contracted once.

    With the subsystem's index first, ``i, j, k, l`` on the subsystem and ``r, s`` on the rest,

        Tr[H (U x 1) rho (U x 1)^dagger] = sum_{ijkl} T_{ijkl} U_{jk} conj(U_{il}),
        T_{ijkl} = sum_{rs} H_{(ir),(js)} rho_{(ks),(lr)},

    so every evaluation costs ``d_n**4`` operations, independent of the rest of the system.
    With ``B_il = sum_jk T_ijkl U_jk`` one has ``Tr_rest[H rho_U] = B U^dagger``, hence the
    energy ``Re Tr[B U^dagger]`` and the gradient ``G = i (U B^dagger - B U^dagger)``.
    """

    tensor: np.ndarray

    @classmethod
    def build(
        cls, rho: np.ndarray, h: np.ndarray, dims: tuple[int, ...], site: int
    ) -> _SiteObjective:
        n = len(dims)

        def site_first(matrix: np.ndarray) -> np.ndarray:
            d_site = dims[site]
            tensor = np.moveaxis(matrix.reshape(dims + dims), [site, n + site], [0, n])
            rest = matrix.shape[0] // d_site
            return tensor.reshape(d_site, rest, d_site, rest)

        return cls(np.einsum("irjs,kslr->ijkl", site_first(h), site_first(rho)))

    def value(self, unitaries: Sequence[np.ndarray]) -> float:
        (u,) = unitaries
        return float(np.real(np.einsum("ijkl,jk,il->", self.tensor, u, np.conj(u))))

    def gradient(self, unitaries: Sequence[np.ndarray]) -> list[np.ndarray]:
        (u,) = unitaries
        b_u = np.einsum("ijkl,jk->il", self.tensor, u) @ np.conj(u.T)
        return [1j * (np.conj(b_u.T) - b_u)]


#: SU(2) = {q_0 1 - i (q_1 sigma_x + q_2 sigma_y + q_3 sigma_z) : |q| = 1}, the unit quaternions.
_QUATERNION_BASIS = np.array(
    [
        np.eye(2),
        -1j * np.array([[0, 1], [1, 0]]),
        -1j * np.array([[0, -1j], [1j, 0]]),
        -1j * np.diag([-1.0, 1.0]),
    ],
    dtype=complex,
)


def _qubit_optimum(objective: _SiteObjective, maximize: bool) -> tuple[float, np.ndarray]:
    """Global extremum over a qubit's unitaries: an extreme eigenvalue of a 4 x 4 form.

    ``U = sum_a q_a E_a`` is linear in the unit quaternion ``q``, so the energy
    ``sum_ab q_a q_b Re M_ab`` with ``M_ab = sum_ijkl T_ijkl (E_a)_jk conj((E_b)_il)`` is a real
    quadratic form on the unit sphere of R^4: its minimum (maximum) is the smallest (largest)
    eigenvalue, reached at the eigenvector (Rayleigh-Ritz). A global phase of U does not change
    the energy, so SU(2) covers U(2).
    """
    form = np.einsum(
        "ijkl,ajk,bil->ab", objective.tensor, _QUATERNION_BASIS, np.conj(_QUATERNION_BASIS)
    )
    form = np.real(form + form.T) / 2
    levels, vectors = np.linalg.eigh(form)
    pick = -1 if maximize else 0
    return float(levels[pick]), np.einsum("a,aij->ij", vectors[:, pick], _QUATERNION_BASIS)


def _haar_unitary(rng: np.random.Generator, d: int) -> np.ndarray:
    a = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    q, r = np.linalg.qr(a)
    return q * (np.diag(r) / np.abs(np.diag(r)))


def _norm(matrices: Sequence[np.ndarray]) -> float:
    return float(np.sqrt(sum(np.real(np.vdot(g, g)) for g in matrices)))


def _descend(
    objective: _Objective, start: list[np.ndarray], sign: float, step: float
) -> tuple[float, list[np.ndarray], float]:
    """Minimise ``sign * objective`` from ``start``; return (objective value, U, |grad|).

    Conjugate gradients on the product of unitary groups, in left-translated (Lie-algebra)
    coordinates where moving along a direction needs no vector transport: directions
    ``X_k = G_k + beta_k X_{k-1}`` (Polak-Ribiere+, restarted when not a descent direction),
    steps ``U_n -> exp(-i eta X_n) U_n`` with Armijo backtracking from the initial ``step``;
    each exponential comes from one Hermitian eigendecomposition of X_n reused for every trial
    step.
    """
    unitaries = [u.copy() for u in start]

    def value(us: Sequence[np.ndarray]) -> float:
        return sign * objective.value(us)

    def gradient(us: Sequence[np.ndarray]) -> list[np.ndarray]:
        return [sign * g for g in objective.gradient(us)]

    def inner(a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> float:
        return float(sum(np.real(np.vdot(x, y)) for x, y in zip(a, b, strict=True)))

    current = value(unitaries)
    grads = gradient(unitaries)
    direction = grads
    norm = _norm(grads)
    for _ in range(_MAX_ITERATIONS):
        if norm < _GRADIENT_TOL:
            break
        slope = inner(direction, grads)
        if slope <= 0:  # not a descent direction: restart along the gradient
            direction, slope = grads, norm**2
        spectra = [np.linalg.eigh(x) for x in direction]
        eta = 2.0 * step
        while True:
            trial = [
                (vectors * np.exp(-1j * eta * levels)) @ np.conj(vectors.T) @ u
                for (levels, vectors), u in zip(spectra, unitaries, strict=True)
            ]
            trial_value = value(trial)
            if trial_value <= current - 0.5 * eta * slope or eta < 1e-16:
                break
            eta *= 0.5
        if trial_value >= current:
            break
        new_grads = gradient(trial)
        beta = max(0.0, inner(new_grads, [a - b for a, b in zip(new_grads, grads, strict=True)]))
        beta /= norm**2
        direction = [g + beta * x for g, x in zip(new_grads, direction, strict=True)]
        unitaries, current, step, grads = trial, trial_value, eta, new_grads
        norm = _norm(grads)
    return sign * current, unitaries, norm


def _non_interacting_part(
    h: np.ndarray, dims: tuple[int, ...], site: int, atol: float
) -> np.ndarray | None:
    """``H_n`` if ``H = H_n (x) 1 + 1 (x) H_rest`` across the cut at ``site``, else None.

    ``H_n = Tr_rest[H] / d_rest`` and ``H_rest = Tr_n[H] / d_n`` reproduce H up to the constant
    ``Tr[H]/d`` exactly when there is no coupling term.
    """
    d = h.shape[0]
    rest = [k for k in range(len(dims)) if k != site]
    local = reduced_state(h, dims, [site]) / (d // dims[site])
    if not rest:
        return local
    other = reduced_state(h, dims, rest) / dims[site]
    residual = (
        h
        - embed_operator(local, dims, [site]).toarray()
        - embed_operator(other, dims, rest).toarray()
        + np.trace(h) / d * np.eye(d)
    )
    return local if np.max(np.abs(residual)) <= atol else None


def local_extremum(
    rho: Any,
    h: Any,
    dims: Sequence[int],
    subsystems: Sequence[int],
    *,
    maximize: bool = False,
    method: str = "auto",
    starts: int = 8,
    seed: int | np.random.Generator = 0,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> LocalOptimum:
    """``min`` (or ``max``) of ``Tr[H U rho U^dagger]`` over ``U = (x)_{n in subsystems} U_n``.

    Parameters
    ----------
    rho : array (d, d) or Qobj
        One state (use the batched wrappers for stacks).
    h : array (d, d)
        Total Hamiltonian, interactions included.
    dims : sequence of int
        Subsystem dimensions.
    subsystems : sequence of int
        The subsystems carrying a local unitary (one for local, all for parallel).
    maximize : bool
        Maximise instead (for the capacity, eq. 12).
    method : {"auto", "riemannian"}
        ``auto`` uses a closed form when one applies (a non-interacting cut, or one qubit) and
        the multi-start Riemannian descent otherwise; ``riemannian`` always descends.
    starts : int
        Random starts besides the identity and the local passive guess.
    seed : int or numpy.random.Generator
        For the random starts.

    Examples
    --------
    Maximum energy over unitaries on the first qubit of ``|gg>``: one quantum (units of the level
    spacing of ``h``).

    >>> import numpy as np
    >>> from qbattery.metrics.local import local_extremum
    >>> h1 = np.diag([0.0, 1.0])
    >>> h = np.kron(h1, np.eye(2)) + np.kron(np.eye(2), h1)
    >>> round(local_extremum(np.diag([1.0, 0, 0, 0]), h, [2, 2], [0], maximize=True).energy, 8)
    1.0
    """
    states, _ = density_matrices(rho, validate=validate, atol=atol)
    if states.ndim != 2:
        raise DimensionError("rho: local_extremum takes one state; the wrappers batch")
    hamiltonian = operator(h, "h", atol=atol)
    dims = check_dims(dims, states.shape[-1])
    sites = subsystem_indices(subsystems, dims, "subsystems", negative=False)
    if method not in ("auto", "riemannian"):
        raise QBatteryValueError(f"method: unknown {method!r}; use 'auto' or 'riemannian'")
    closed_forms = method == "auto"
    sign = -1.0 if maximize else 1.0
    objective: _Objective
    if len(sites) == 1:
        site = sites[0]
        scale = 1e-12 * max(1.0, float(np.abs(hamiltonian).max()))
        local = _non_interacting_part(hamiltonian, dims, site, scale) if closed_forms else None
        if local is not None:  # E_n = ergotropy of rho_n w.r.t. H_n (capacity: + antiergotropy)
            part = energetics(reduced_state(states, dims, sites), local, validate=False)
            total = float(np.real(np.trace(hamiltonian @ states)))
            change = part.antiergotropy if maximize else -part.ergotropy
            return LocalOptimum(total + float(change), (), 0.0, True, 0.0, True, "reduced-state")
        objective = _SiteObjective.build(states, hamiltonian, dims, site)
        if dims[site] == 2 and closed_forms:
            energy, unitary = _qubit_optimum(objective, maximize)
            norm = _norm(objective.gradient([unitary]))
            return LocalOptimum(
                energy, (unitary,), norm, norm < _GRADIENT_TOL, 0.0, True, "quaternion"
            )
    else:
        objective = _ProductObjective(states, hamiltonian, dims, sites)
    rng, _ = random_generator(seed)
    candidates = [[np.eye(dims[s], dtype=complex) for s in sites]]
    candidates += [[_haar_unitary(rng, dims[s]) for s in sites] for _ in range(starts)]
    step = 1.0 / max(float(np.linalg.norm(hamiltonian, 2)), 1e-300)
    outcomes = [_descend(objective, c, sign, step) for c in candidates]
    values = np.array([o[0] for o in outcomes])
    best = int(np.argmin(sign * values))
    converged = [o[0] for o in outcomes if o[2] < _GRADIENT_TOL]
    spread = float(np.ptp(converged)) if converged else float("nan")
    energy, unitaries, norm = outcomes[best]
    return LocalOptimum(
        float(energy), tuple(unitaries), norm, norm < _GRADIENT_TOL, spread, False, "riemannian"
    )


def _batched(
    rho: Any, h: Any, dims: Sequence[int], subsystem: Any, capacity: bool, **options: Any
) -> float | np.ndarray:
    """Apply the local optimisation to every state of a stack (..., d, d).

    ``subsystem`` is the index of the one subsystem with a local unitary, or None for all of
    them (parallel).
    """
    validate = options.pop("validate", True)
    atol = options.pop("atol", DEFAULT_ATOL)
    states, _ = density_matrices(rho, validate=validate, atol=atol)
    hamiltonian = operator(h, "h", atol=atol)
    dims = check_dims(dims, states.shape[-1])
    sites = range(len(dims)) if subsystem is None else single_subsystem(subsystem, dims)
    flat = states.reshape(-1, *states.shape[-2:])
    out = np.empty(flat.shape[0])
    for i, state in enumerate(flat):
        low = local_extremum(state, hamiltonian, dims, sites, validate=False, **options)
        if capacity:
            high = local_extremum(
                state, hamiltonian, dims, sites, maximize=True, validate=False, **options
            )
            out[i] = high.energy - low.energy
        else:
            out[i] = float(np.real(np.trace(hamiltonian @ state))) - low.energy
    return float_if_scalar(out.reshape(states.shape[:-2]))


def single_subsystem(subsystem: Any, dims: Sequence[int]) -> tuple[int]:
    """``(subsystem,)`` checked: an integer in ``0..len(dims) - 1`` (named in the error).

    Examples
    --------
    >>> from qbattery.metrics.local import single_subsystem
    >>> single_subsystem(1, [2, 2])
    (1,)
    """
    if isinstance(subsystem, bool | np.bool_) or not isinstance(subsystem, int | np.integer):
        raise QBatteryTypeError(
            f"subsystem: expected one integer index into dims={list(dims)}, got {subsystem!r}"
        )
    (site,) = subsystem_indices(subsystem, dims, "subsystem", negative=False)
    return (site,)


def local_ergotropy(
    rho: Any, h: Any, dims: Sequence[int], subsystem: int, **options: Any
) -> float | np.ndarray:
    """Local ergotropy ``E_n`` (eq. 11): energy extractable by a unitary on subsystem n alone.

    Parameters
    ----------
    rho : array (..., d, d) or Qobj
    h : array (d, d)
        Total Hamiltonian, interactions included (a local unitary can change interaction energy).
    dims : sequence of int
    subsystem : int
    options
        ``starts``, ``seed``, ``validate``, ``atol`` (see :func:`local_extremum`).

    Returns
    -------
    array of shape (...)

    Examples
    --------
    For ``|ee>`` with ``H = h (x) 1 + 1 (x) h``, ``h = diag(0, 1)``, a unitary on the first qubit
    extracts one quantum (units of the level spacing):

    >>> import numpy as np
    >>> from qbattery.metrics import local_ergotropy
    >>> h1 = np.diag([0.0, 1.0])
    >>> h = np.kron(h1, np.eye(2)) + np.kron(np.eye(2), h1)
    >>> round(float(local_ergotropy(np.diag([0.0, 0, 0, 1.0]), h, [2, 2], 0)), 8)
    1.0
    """
    return _batched(rho, h, dims, subsystem, capacity=False, **options)


def local_capacity(
    rho: Any, h: Any, dims: Sequence[int], subsystem: int, **options: Any
) -> float | np.ndarray:
    """Local capacity ``C_n`` (eq. 12): max minus min energy over unitaries on subsystem n.

    Examples
    --------
    Two qubits in ``|gg>`` with ``H = h (x) 1 + 1 (x) h``, ``h = diag(0, 1)``: flipping the first
    one adds one quantum (units of the level spacing).

    >>> import numpy as np
    >>> from qbattery.metrics import local_capacity
    >>> h1 = np.diag([0.0, 1.0])
    >>> h = np.kron(h1, np.eye(2)) + np.kron(np.eye(2), h1)
    >>> round(float(local_capacity(np.diag([1.0, 0, 0, 0]), h, [2, 2], 0)), 8)
    1.0
    """
    return _batched(rho, h, dims, subsystem, capacity=True, **options)


def parallel_ergotropy(rho: Any, h: Any, dims: Sequence[int], **options: Any) -> float | np.ndarray:
    """Parallel ergotropy: energy extractable by ``U = (x)_n U_n`` (review sec. 2.1.1).

    Examples
    --------
    The Bell state ``(|gg> + |ee>)/sqrt(2)`` has one quantum of ergotropy (units of the level
    spacing) but none under local unitaries: each qubit alone is maximally mixed.

    >>> import numpy as np
    >>> from qbattery.metrics import ergotropy, parallel_ergotropy
    >>> h1 = np.diag([0.0, 1.0])
    >>> h = np.kron(h1, np.eye(2)) + np.kron(np.eye(2), h1)
    >>> bell = np.array([1.0, 0, 0, 1.0]) / np.sqrt(2)
    >>> rho = np.outer(bell, bell)
    >>> round(float(ergotropy(rho, h)), 8), round(float(parallel_ergotropy(rho, h, [2, 2])), 8)
    (1.0, 0.0)
    """
    return _batched(rho, h, dims, None, capacity=False, **options)


def parallel_capacity(rho: Any, h: Any, dims: Sequence[int], **options: Any) -> float | np.ndarray:
    """Parallel capacity: max minus min energy over products of local unitaries.

    Examples
    --------
    Both qubits of ``|gg>`` can be flipped: two quanta (units of the level spacing of ``h``).

    >>> import numpy as np
    >>> from qbattery.metrics import parallel_capacity
    >>> h1 = np.diag([0.0, 1.0])
    >>> h = np.kron(h1, np.eye(2)) + np.kron(np.eye(2), h1)
    >>> round(float(parallel_capacity(np.diag([1.0, 0, 0, 0]), h, [2, 2])), 8)
    2.0
    """
    return _batched(rho, h, dims, None, capacity=True, **options)
