"""Local and parallel ergotropy/capacity against brute-force searches and closed forms.

Brute force: U in SU(2) parametrised by Euler angles, U = Rz(a) Ry(b) Rz(c) (a global phase
does not change U rho U^dagger), minimised with SciPy's BFGS from a 3^3 grid of starts; an
independent method from the Riemannian descent under test.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.linalg import expm
from scipy.optimize import minimize

import qbattery as qb
from qbattery.metrics.local import (
    local_capacity,
    local_ergotropy,
    local_extremum,
    parallel_capacity,
    parallel_ergotropy,
)
from tests.conftest import random_density_matrices, random_hermitian

SX = np.array([[0, 1], [1, 0]], dtype=complex)
SY = np.array([[0, -1j], [1j, 0]])
SZ = np.diag([1.0, -1.0]).astype(complex)
#: Searches stopped near an optimum: BFGS at gtol 1e-10 here, qbattery's Riemannian descent at a
#: gradient norm below 1e-7; the energy error is quadratic in the gradient, ~1e-14 on these
#: well-conditioned landscapes (observed: <= 1.6e-14). Also the slack of "local <= global".
SEARCH = 1e-9
#: The quaternion solution is exact: its gradient is round-off (observed: 5e-16), far below the
#: 1e-7 at which the descent counts as converged.
STATIONARY = 1e-12
#: A non-interacting cut takes the reduced state's ergotropy: the same eigendecompositions
#: (observed: 8e-16).
ROUND_OFF = 1e-12


def euler(angles: np.ndarray) -> np.ndarray:
    a, b, c = angles

    def rz(x: float) -> np.ndarray:
        return np.diag([np.exp(-0.5j * x), np.exp(0.5j * x)])

    ry = np.array([[np.cos(b / 2), -np.sin(b / 2)], [np.sin(b / 2), np.cos(b / 2)]])
    return rz(a) @ ry @ rz(c)


def brute_force(rho: np.ndarray, h: np.ndarray, sites: list[int], sign: float) -> float:
    """min of sign * Tr[H U rho U^dagger] over products of SU(2) on ``sites`` (2 qubits)."""

    def energy(x: np.ndarray) -> float:
        factors = [np.eye(2, dtype=complex), np.eye(2, dtype=complex)]
        for k, site in enumerate(sites):
            factors[site] = euler(x[3 * k : 3 * k + 3])
        u = np.kron(*factors)
        return sign * float(np.real(np.trace(h @ u @ rho @ u.conj().T)))

    grid = np.linspace(0, 2 * np.pi, 3, endpoint=False) + 0.1  # off the Euler singularity
    best = np.inf
    for start in itertools.product(grid, repeat=3):
        x0 = np.tile(start, len(sites))
        result = minimize(energy, x0, method="BFGS", options={"gtol": 1e-10})
        best = min(best, result.fun)
    return sign * best


def interacting_hamiltonian() -> np.ndarray:
    local = np.kron(SZ, np.eye(2)) + 0.7 * np.kron(np.eye(2), SZ)
    return local + 0.4 * np.kron(SX, SX) + 0.25 * np.kron(SY, SY) + 0.3 * np.kron(SZ, SX)


@pytest.mark.parametrize("site", [0, 1])
def test_local_ergotropy_and_capacity_match_brute_force(site: int) -> None:
    rng = np.random.default_rng(7 + site)
    rho = random_density_matrices(rng, (), 4)
    h = interacting_hamiltonian()
    low = brute_force(rho, h, [site], 1.0)
    high = brute_force(rho, h, [site], -1.0)
    energy = float(np.real(np.trace(h @ rho)))
    assert local_ergotropy(rho, h, [2, 2], site) == pytest.approx(energy - low, abs=SEARCH)
    assert local_capacity(rho, h, [2, 2], site) == pytest.approx(high - low, abs=SEARCH)
    optimum = local_extremum(rho, h, [2, 2], [site])
    assert optimum.method == "quaternion" and optimum.converged
    assert optimum.gradient_norm < STATIONARY
    # the multi-start Riemannian descent reaches the same optimum
    descent = local_extremum(rho, h, [2, 2], [site], method="riemannian")
    assert descent.method == "riemannian" and descent.converged
    assert descent.energy == pytest.approx(low, abs=SEARCH)


def hermitian_generator(x: np.ndarray, d: int) -> np.ndarray:
    """The Hermitian d x d matrix with real parameters x (d**2 of them)."""
    upper = np.triu_indices(d, 1)
    generator = np.diag(x[:d]).astype(complex)
    generator[upper] = x[d : d + len(upper[0])] + 1j * x[d + len(upper[0]) :]
    return generator + np.triu(generator, 1).conj().T


def test_qutrit_local_ergotropy_matches_brute_force() -> None:
    # qutrit (x) qubit with an interaction: the Riemannian path on the contracted site tensor
    # against BFGS over U = exp(i X), X Hermitian (9 real parameters), from 12 seeded starts.
    rng = np.random.default_rng(5)
    rho = random_density_matrices(rng, (), 6)
    h_3 = random_hermitian(rng, 3)
    h = (
        np.kron(h_3, np.eye(2))
        + np.kron(np.eye(3), SZ)
        + 0.4 * np.kron(random_hermitian(rng, 3), SX)
    )

    def energy(x: np.ndarray) -> float:
        u = np.kron(expm(1j * hermitian_generator(x, 3)), np.eye(2))
        return float(np.real(np.trace(h @ u @ rho @ u.conj().T)))

    low = min(
        minimize(energy, rng.uniform(-np.pi, np.pi, 9), method="BFGS", options={"gtol": 1e-10}).fun
        for _ in range(12)
    )
    optimum = local_extremum(rho, h, [3, 2], [0])
    assert optimum.method == "riemannian" and optimum.converged
    assert optimum.energy == pytest.approx(low, abs=SEARCH)


def test_parallel_ergotropy_matches_brute_force() -> None:
    rng = np.random.default_rng(11)
    rho = random_density_matrices(rng, (), 4)
    h = interacting_hamiltonian()
    low = brute_force(rho, h, [0, 1], 1.0)
    energy = float(np.real(np.trace(h @ rho)))
    assert parallel_ergotropy(rho, h, [2, 2]) == pytest.approx(energy - low, abs=SEARCH)


def test_non_interacting_cut_uses_the_reduced_state_exactly(rng: np.random.Generator) -> None:
    # H = H_A (x) 1 + 1 (x) H_B: local ergotropy = ergotropy of rho_A w.r.t. H_A.
    h_a, h_b = random_hermitian(rng, 3), random_hermitian(rng, 2)
    h = np.kron(h_a, np.eye(2)) + np.kron(np.eye(3), h_b)
    rho = random_density_matrices(rng, (4,), 6)
    expected = qb.ergotropy(qb.reduced_state(rho, [3, 2], [0]), h_a)
    np.testing.assert_allclose(local_ergotropy(rho, h, [3, 2], 0), expected, atol=ROUND_OFF, rtol=0)
    assert local_extremum(rho[0], h, [3, 2], [0]).exact
    # parallel = sum of the local ergotropies for a non-interacting H, and <= global
    parallel = parallel_ergotropy(rho, h, [3, 2])
    local_sum = expected + qb.ergotropy(qb.reduced_state(rho, [3, 2], [1]), h_b)
    np.testing.assert_allclose(parallel, local_sum, atol=SEARCH, rtol=0)
    assert np.all(parallel <= qb.ergotropy(rho, h) + SEARCH)


def test_parallel_capacity_bounded_by_global(rng: np.random.Generator) -> None:
    rho = random_density_matrices(rng, (2,), 4)
    h = interacting_hamiltonian()
    assert np.all(parallel_capacity(rho, h, [2, 2]) <= qb.capacity(rho, h) + SEARCH)
    assert np.all(parallel_ergotropy(rho, h, [2, 2]) <= qb.ergotropy(rho, h) + SEARCH)


def test_seeded_starts_are_reproducible_and_reach_the_brute_force_optimum(
    rng: np.random.Generator,
) -> None:
    rho = random_density_matrices(rng, (), 4)
    h = interacting_hamiltonian()
    first = local_extremum(rho, h, [2, 2], [0], seed=3, method="riemannian")
    second = local_extremum(rho, h, [2, 2], [0], seed=3, method="riemannian")
    assert first.energy == second.energy
    assert first.energy == pytest.approx(brute_force(rho, h, [0], 1.0), abs=SEARCH)


@pytest.mark.parametrize("function", [local_ergotropy, local_capacity])
@pytest.mark.parametrize(
    ("subsystem", "error", "fragment"),
    [
        (2, qb.errors.DimensionError, "use 0..1"),  # once returned subsystem 0's value
        (-1, qb.errors.DimensionError, "use 0..1"),
        (1.5, TypeError, "subsystem"),
        (True, TypeError, "subsystem"),
        ([0], TypeError, "one integer"),
    ],
)
def test_subsystem_out_of_range_is_refused(
    function: object, subsystem: object, error: type, fragment: str
) -> None:
    rho = np.diag([0.1, 0.2, 0.3, 0.4]).astype(complex)
    h = np.diag([0.0, 1.0, 2.0, 3.0])
    with pytest.raises(error, match=fragment) as caught:
        function(rho, h, [2, 2], subsystem)  # type: ignore[operator]
    assert "subsystem" in str(caught.value)


def test_every_subsystem_of_random_non_interacting_states(rng: np.random.Generator) -> None:
    # H = sum_k H_k on three subsystems of different sizes: the local ergotropy of subsystem k
    # is the ergotropy of its reduced state with respect to H_k (Alicki & Fannes), here reached
    # by the Riemannian descent (method forced) for every k.
    dims = [2, 3, 2]
    for _ in range(3):
        parts = [random_hermitian(rng, d) for d in dims]
        h = sum(qb.linalg.embed_operator(part, dims, [k]).toarray() for k, part in enumerate(parts))
        rho = random_density_matrices(rng, (), 12)
        for k in range(len(dims)):
            reduced = qb.reduced_state(rho, dims, [k])
            expected = float(qb.ergotropy(reduced, parts[k]))
            found = local_extremum(rho, h, dims, [k], method="riemannian", starts=6)
            energy = float(np.real(np.trace(h @ rho)))
            assert energy - found.energy == pytest.approx(expected, abs=SEARCH)
