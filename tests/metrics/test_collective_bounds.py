"""Collective power bounds (Robertson, Gyhm et al. N^2, k-local) on random evolutions.

References: the power along each trajectory is ``d/dt Tr[H_B rho]`` by central differences of
states from SciPy's dense ``expm`` (closed: of ``-iHt``; open: of a Liouvillian built here by
Kronecker products), not the commutator formula under test; attainment against closed forms
(``De g`` for a qubit, ``N^2 De g`` for the GHZ-like drive).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

import qbattery as qb
from qbattery.metrics.collective_bounds import (
    coherent_power,
    gyhm_power_bound,
    k_local_advantage_bound,
    k_local_power_bound,
    locality,
    robertson_power_bound,
)
from qbattery.metrics.open_bounds import open_power_bounds
from tests.conftest import random_hermitian

#: Central differences of d/dt Tr[H_B rho] with step 1e-5: error ~1e-10 relative.
FD_STEP = 1e-5
#: Slack on a bound: round-off and the difference error.
SLACK = 1e-7


def _embed(op: np.ndarray, site: int, n: int, d: int) -> np.ndarray:
    return np.kron(np.kron(np.eye(d**site), op), np.eye(d ** (n - site - 1)))


def _cells(rng: np.random.Generator, n: int, d: int) -> tuple[np.ndarray, float]:
    """``H_B = sum_i h`` of identical random cells and the width ``De`` of ``h``."""
    h = random_hermitian(rng, d)
    levels = np.linalg.eigvalsh(h)
    return sum(_embed(h, i, n, d) for i in range(n)), float(levels[-1] - levels[0])


PAULIS = [
    np.eye(2),
    np.array([[0.0, 1.0], [1.0, 0.0]]),
    np.array([[0.0, -1.0j], [1.0j, 0.0]]),
    np.diag([1.0, -1.0]),
]


def _ring_terms(rng: np.random.Generator, n: int) -> list[np.ndarray]:
    """Random Hermitian 2-body qubit terms on the ring (i, i+1): k = 2, participation m = 2."""
    return [
        sum(
            rng.normal() * _embed(a, i, n, 2) @ _embed(b, (i + 1) % n, n, 2)
            for a in PAULIS
            for b in PAULIS
        )
        for i in range(n)
    ]


def _random_ket(rng: np.random.Generator, dim: int) -> np.ndarray:
    psi = rng.normal(size=dim) + 1j * rng.normal(size=dim)
    return psi / np.linalg.norm(psi)


def _liouvillian(h: np.ndarray, jumps: list[np.ndarray]) -> np.ndarray:
    """Column-stacked ``vec(rho)`` generator of the Lindblad equation."""
    eye = np.eye(h.shape[0])
    out = -1j * (np.kron(eye, h) - np.kron(h.T, eye))
    for c in jumps:
        cc = c.conj().T @ c
        out += np.kron(c.conj(), c) - 0.5 * (np.kron(eye, cc) + np.kron(cc.T, eye))
    return out


def _power_by_differences(h_b: np.ndarray, states_at) -> tuple[np.ndarray, float]:
    """``(rho(t), d/dt Tr[H_B rho])`` by central differences of the propagated states."""

    def energy(s: float) -> float:
        return float(np.real(np.trace(h_b @ states_at(s))))

    return states_at(0.0), (energy(FD_STEP) - energy(-FD_STEP)) / (2 * FD_STEP)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("open_system", [False, True])
def test_bounds_hold_along_random_closed_and_open_trajectories(
    seed: int, open_system: bool
) -> None:
    rng = np.random.default_rng(seed)
    n, d = 3, 2
    h_b, spread = _cells(rng, n, d)
    terms = _ring_terms(rng, n)
    drive = sum(terms)
    norms = [float(np.linalg.norm(t, 2)) for t in terms]
    g = float(np.linalg.norm(drive, 2)) / n
    jumps = [
        0.4 * _embed(random_hermitian(rng, d) + 1j * random_hermitian(rng, d), i, n, d)
        for i in range(n)
    ]
    hamiltonian = h_b + drive
    psi0 = _random_ket(rng, d**n)
    for t in rng.uniform(0.1, 3.0, size=4):
        if open_system:
            # the coherent part of the power: the dissipator's share, Tr[H_B D(rho)], is left
            # out by differentiating the closed flow from the open state reached at t
            generator = _liouvillian(hamiltonian, jumps)
            vec = expm(generator * t) @ np.outer(psi0, psi0.conj()).reshape(-1, order="F")
            rho_t = vec.reshape(d**n, d**n, order="F")
        else:
            rho_t = _evolved(hamiltonian, psi0, t)

        def flowed(s: float, rho=rho_t) -> np.ndarray:
            u = expm(-1j * hamiltonian * s)
            return u @ rho @ u.conj().T

        rho, power = _power_by_differences(h_b, flowed)
        assert coherent_power(h_b, drive, rho) == pytest.approx(power, rel=1e-6, abs=1e-8)
        robertson = robertson_power_bound(h_b, drive, rho)
        assert abs(power) <= robertson + SLACK
        assert robertson <= spread * n * g * n + SLACK  # the state-free step of eq. (3)
        assert abs(power) <= gyhm_power_bound(n, spread, g) + SLACK
        assert abs(power) <= k_local_power_bound(spread, [2] * n, norms) + SLACK


def _random_term(rng: np.random.Generator, support: list[int], n: int) -> np.ndarray:
    """A random Hermitian operator on the qubits ``support`` of ``n`` (identity elsewhere)."""
    local = random_hermitian(rng, 2 ** len(support))
    # move the support to the front, act, move back: a permutation of the tensor factors
    rest = [i for i in range(n) if i not in support]
    order = support + rest
    full = np.kron(local, np.eye(2 ** len(rest))).reshape([2] * (2 * n))
    inverse = list(np.argsort(order))
    full = full.transpose(inverse + [n + i for i in inverse])
    return full.reshape(2**n, 2**n)


@pytest.mark.parametrize("seed", range(6))
def test_k_local_bounds_hold_on_random_k_local_drives(seed: int) -> None:
    # Random supports of up to k = 1..3 qubits out of N = 4, random terms rescaled to the same
    # norm g, random cells and random mixed states: the power from central differences stays
    # below eq. (4), and the advantage over N De g below the participation number m.
    rng = np.random.default_rng(300 + seed)
    n, g = 4, 0.6
    k = int(rng.integers(1, 4))
    supports = [
        sorted(rng.choice(n, size=int(rng.integers(1, k + 1)), replace=False).tolist())
        for _ in range(int(rng.integers(2, 6)))
    ]
    order, m = locality(supports, n)
    assert order <= k
    h_b, spread = _cells(rng, n, 2)
    terms = [_random_term(rng, support, n) for support in supports]
    terms = [g * t / np.linalg.norm(t, 2) for t in terms]
    drive = sum(terms)
    for _ in range(3):
        vectors = [_random_ket(rng, 2**n) for _ in range(3)]
        weights = rng.dirichlet(np.ones(3))
        rho0 = sum(w * np.outer(v, v.conj()) for w, v in zip(weights, vectors, strict=True))
        hamiltonian = h_b + drive

        def flowed(s: float, rho=rho0, h=hamiltonian) -> np.ndarray:
            u = expm(-1j * h * s)
            return u @ rho @ u.conj().T

        _, power = _power_by_differences(h_b, flowed)
        bound = k_local_power_bound(spread, [len(x) for x in supports], [g] * len(supports))
        assert abs(power) <= bound + SLACK
        advantage = k_local_advantage_bound(n, [len(x) for x in supports], [g] * len(supports), g)
        assert advantage <= m + 1e-12
        assert abs(power) / (n * spread * g) <= m + SLACK


def test_locality_counts_order_and_participation() -> None:
    # a star: cell 0 in every term (m = 3), terms of 2 and 3 cells (k = 3)
    assert locality([[0, 1], [0, 2], [0, 1, 3]], 4) == (3, 3)
    assert locality([[0], [1], [2]], 3) == (1, 1)
    with pytest.raises(qb.errors.QBatteryValueError, match="supports"):
        locality([[0, 5]], 3)
    with pytest.raises(qb.errors.QBatteryValueError, match="supports"):
        locality([], 3)


@pytest.mark.parametrize("seed", range(4))
def test_open_bounds_of_eqs_22_to_25_hold_along_random_lindblad_trajectories(seed: int) -> None:
    # The open-system bounds of qb.metrics.open_bounds on states and tangents of a random
    # Lindblad equation (random H, H_B and three random jump operators, d = 3), not only on the
    # reset-type tangents of their own property test.
    rng = np.random.default_rng(100 + seed)
    d = 3
    h, h_b = random_hermitian(rng, d), random_hermitian(rng, d)
    jumps = [0.5 * (random_hermitian(rng, d) + 1j * random_hermitian(rng, d)) for _ in range(3)]
    generator = _liouvillian(h, jumps)
    psi = _random_ket(rng, d)
    start = np.outer(psi, psi.conj())
    for t in np.sort(rng.uniform(0.05, 4.0, size=5)):
        vec = expm(generator * t) @ start.reshape(-1, order="F")
        rho = vec.reshape(d, d, order="F")
        rho = 0.5 * (rho + rho.conj().T)
        rho_dot = (generator @ vec).reshape(d, d, order="F")
        bounds = open_power_bounds(rho, 0.5 * (rho_dot + rho_dot.conj().T), h_b, 0.7)
        power = abs(float(bounds.power))
        assert power <= float(bounds.fisher_bound) * (1 + SLACK) + SLACK
        assert power <= float(bounds.dissipation_bound) * (1 + SLACK) + SLACK
        assert float(bounds.fisher_bound) <= float(bounds.extended_fisher_bound) * (1 + SLACK)


def test_open_power_includes_a_dissipative_part_the_bounds_do_not_cover() -> None:
    # A decaying qubit with no drive: P = -gamma p_e != 0 while every coherent bound is 0.
    h, lower = np.diag([0.0, 1.0]), np.array([[0.0, 1.0], [0.0, 0.0]])
    rho = np.diag([0.3, 0.7])
    generator = _liouvillian(np.zeros((2, 2)), [np.sqrt(0.5) * lower])
    d_rho = (generator @ rho.reshape(-1, order="F")).reshape(2, 2, order="F")
    assert np.trace(h @ d_rho).real == pytest.approx(-0.35)
    assert robertson_power_bound(h, np.zeros((2, 2)), rho) == 0.0


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_gyhm_bound_is_attained_by_the_ghz_drive(n: int) -> None:
    # V = N g (|0..0><1..1| + h.c.) at (|0..0> - i|1..1>)/sqrt(2): P = N^2 g (qubits, De = 1)
    g, dim = 0.7, 2**n
    h_b = sum(_embed(np.diag([0.0, 1.0]), i, n, 2) for i in range(n))
    drive = np.zeros((dim, dim))
    drive[0, -1] = drive[-1, 0] = n * g
    psi = np.zeros(dim, dtype=complex)
    psi[0], psi[-1] = 1 / np.sqrt(2), -1j / np.sqrt(2)
    assert np.linalg.norm(drive, 2) == pytest.approx(n * g)
    rho, power = _power_by_differences(h_b, lambda s: _evolved(h_b + drive, psi, s))
    assert power == pytest.approx(n**2 * g, rel=1e-8)
    assert gyhm_power_bound(n, 1.0, g) == pytest.approx(power, rel=1e-8)
    assert robertson_power_bound(h_b, drive, rho) == pytest.approx(power, rel=1e-8)


def _evolved(h: np.ndarray, psi: np.ndarray, s: float) -> np.ndarray:
    ket = expm(-1j * h * s) @ psi
    return np.outer(ket, ket.conj())


def test_parallel_charging_attains_the_one_local_bound() -> None:
    # N qubits, v_i = g sigma_x, each at (|0> - i|1>)/sqrt(2): P = N g, eq. (4) with k = 1.
    n, g = 3, 0.4
    sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    h_b = sum(_embed(np.diag([0.0, 1.0]), i, n, 2) for i in range(n))
    drive = sum(_embed(g * sx, i, n, 2) for i in range(n))
    one = np.array([1.0, -1.0j]) / np.sqrt(2)
    psi = np.kron(np.kron(one, one), one)
    _, power = _power_by_differences(h_b, lambda s: _evolved(h_b + drive, psi, s))
    assert power == pytest.approx(n * g, rel=1e-8)
    assert k_local_power_bound(1.0, [1] * n, [g] * n) == pytest.approx(power, rel=1e-8)
    assert k_local_advantage_bound(n, [1] * n, [g] * n, g) == pytest.approx(1.0)


def test_refusals_name_the_argument() -> None:
    with pytest.raises(qb.errors.QBatteryValueError, match="supports, norms"):
        k_local_power_bound(1.0, [2, 2], [1.0])
    with pytest.raises(qb.errors.QBatteryValueError, match="drive_per_cell"):
        k_local_advantage_bound(2, [1, 1], [1.0, 1.0], 0.0)
    with pytest.raises(qb.errors.QBatteryValueError, match="cell_spread"):
        gyhm_power_bound(2, -1.0, 1.0)
    with pytest.raises(qb.errors.QBatteryValueError, match="h_b, drive, rho"):
        coherent_power(np.eye(2), np.eye(3), np.eye(2) / 2)
