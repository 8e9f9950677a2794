"""Open-system power bounds (review eqs. 22-25; qbattery.metrics.open_bounds).

References, all built here without the code under test:
- SLD quantum Fisher information: 4 Var(H) for a pure state moved by H; the Bloch-vector form
  |r_dot|^2 + (r . r_dot)^2 / (1 - |r|^2) of a qubit; the Bures/fidelity expansion
  I_Q = 8 (1 - sqrt F(rho - eps X, rho + eps X)) / (2 eps)^2 + O(eps^2).
- Extended Fisher information of a qubit (derived in the notes): I_ext = |r_dot_perp|^2 / |r|^2 +
  (r_hat . r_dot)^2 / (1 - |r|^2), r_dot_perp the part of r_dot orthogonal to r.
- The power d/dt beta^-1 S(rho || tau) by central differences of a NumPy relative entropy along
  states propagated with a NumPy/SciPy Liouvillian (expm of the vectorised generator).
- A diagonal qubit relaxing thermally: every bound is saturated, in closed form.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.linalg as sl
from hypothesis import given, settings
from hypothesis import strategies as st

import qbattery as qb
from qbattery.dynamics.trajectory import battery_state_trajectory
from qbattery.errors import DimensionError, NotDensityMatrixError, QBatteryError
from qbattery.metrics.open_bounds import (
    OpenPowerBounds,
    activity_operator,
    dissipative_hamiltonian,
    extended_fisher_information,
    free_energy_rate,
    open_power_bounds,
    quantum_fisher_information,
)
from qbattery.studies.bounds import open_power_trajectory
from tests.conftest import random_density_matrices, random_hermitian, random_unitary

#: Closed forms evaluated with a few dense eigendecompositions: round-off only (observed: 2e-14).
TOL = 1e-10
#: Relative slack on "bound >= |power|" and on saturated bounds: both sides are O(1) sums of ~d^2
#: terms (observed: 2e-16 where saturated).
SLACK = 1e-9
#: Fidelity route: truncation O(eps^2) with eps = 1e-4, plus sqrtm round-off / eps^2 (observed:
#: 1.2e-7).
FIDELITY_RTOL = 1e-5
#: Central differences with h = 1e-4: truncation h^2 |W'''| / 6 ~ 1e-9, round-off 1e-16 / h
#: (observed: 3e-9).
DIFFERENCE_ATOL = 1e-6
#: qutip.mesolve states at atol 1e-12, rtol 1e-10 against expm propagation (observed: 5e-11).
SOLVER_ATOL = 1e-8
#: SOLVER_ATOL carried through ln(p/(1 - p)) with p in [0.2, 0.9]: amplified by up to
#: 1/(p(1 - p)) ~ 10 (observed: 1.4e-10).
LOG_SOLVER_ATOL = 1e-7
#: Central differences (h = 1e-4) of ODE states: errors of SOLVER_ATOL / h if they were
#: independent; one trajectory's error changes smoothly, so far less is seen (observed: 1e-9).
ODE_DIFFERENCE_ATOL = 1e-5
#: The pure state's spread against the mixture with eps = 1e-13: O(eps ln^2 eps) ~ 1e-10 apart
#: (observed: 1.5e-11).
PURE_LIMIT = 1e-9
#: Relative: the QFI sums |<i|rho_dot|j>|^2 / (p_i + p_j); for random rank-deficient states small
#: p amplify eigenvector round-off (observed: up to 8e-10 in 4000 random cases).
INVARIANCE = 1e-7
#: P and dE/dt differ by the free-energy term, 3e-3 to 0.1 at the times of the test, far above
#: DIFFERENCE_ATOL.
DISTINCT = 1e-3

# Qubit basis (|g>, |e>), sigma_z = diag(-1, +1) (docs/conventions.md).
SX = np.array([[0, 1], [1, 0]], dtype=complex)
SY = np.array([[0, -1j], [1j, 0]])
SZ = np.diag([-1.0, 1.0]).astype(complex)
LOWER = np.array([[0, 1], [0, 0]], dtype=complex)  # sigma_- = |g><e|
EXCITED = np.diag([0.0, 1.0]).astype(complex)


def bloch_state(r: np.ndarray) -> np.ndarray:
    return 0.5 * (np.eye(2) + r[0] * SX + r[1] * SY + r[2] * SZ)


def commutator(h: np.ndarray, rho: np.ndarray) -> np.ndarray:
    return -1j * (h @ rho - rho @ h)


def liouvillian(h: np.ndarray, jumps: list[np.ndarray]) -> np.ndarray:
    """Row-stacking superoperator: vec(A X B) = (A kron B^T) vec(X)."""
    eye = np.eye(h.shape[0])
    generator = -1j * (np.kron(h, eye) - np.kron(eye, h.T))
    for jump in jumps:
        number = jump.conj().T @ jump
        generator += np.kron(jump, jump.conj()) - 0.5 * (
            np.kron(number, eye) + np.kron(eye, number.T)
        )
    return generator


def propagate(generator: np.ndarray, rho0: np.ndarray, times: np.ndarray) -> np.ndarray:
    d = rho0.shape[0]
    return np.array([(sl.expm(generator * t) @ rho0.reshape(-1)).reshape(d, d) for t in times])


def extractable_work(rho: np.ndarray, h: np.ndarray, beta: float) -> np.ndarray:
    """beta^-1 S(rho || tau) = beta^-1 (Tr rho ln rho + beta Tr[rho H] + ln Z)."""
    p = np.clip(np.linalg.eigvalsh(rho), 1e-300, None)
    log_z = np.log(np.sum(np.exp(-beta * np.linalg.eigvalsh(h))))
    mean = np.real(np.einsum("...ij,ji->...", rho, h))
    return (np.sum(p * np.log(p), axis=-1) + beta * mean + log_z) / beta


def thermal_jumps(rate: float, n_thermal: float, lower: np.ndarray) -> list[np.ndarray]:
    return [np.sqrt(rate * (n_thermal + 1)) * lower, np.sqrt(rate * n_thermal) * lower.conj().T]


def assert_bounds_hold(bounds: OpenPowerBounds) -> None:
    power = np.abs(bounds.power)
    assert np.all(power <= bounds.fisher_bound * (1 + SLACK) + TOL)
    assert np.all(bounds.fisher_bound <= bounds.extended_fisher_bound * (1 + SLACK) + TOL)
    assert np.all(power <= bounds.dissipation_bound * (1 + SLACK) + TOL)
    finite = np.isfinite(bounds.power)
    identity = bounds.dissipative_power - bounds.irreversible_entropy_rate / bounds.beta
    np.testing.assert_allclose(bounds.power[finite], identity[finite], atol=TOL, rtol=0)


# --- quantum Fisher information ----------------------------------------------------------------


def test_pure_state_under_unitary_gives_four_variances(rng: np.random.Generator) -> None:
    d = 4
    psi = rng.normal(size=d) + 1j * rng.normal(size=d)
    psi /= np.linalg.norm(psi)
    h = random_hermitian(rng, d)
    rho = np.outer(psi, psi.conj())  # three zero eigenvalues
    variance = np.real(psi.conj() @ h @ h @ psi - (psi.conj() @ h @ psi) ** 2)
    rho_dot = commutator(h, rho)
    assert quantum_fisher_information(rho, rho_dot) == pytest.approx(4 * variance, rel=TOL)
    # A pure state has one occupied level: the extended information is the same.
    assert extended_fisher_information(rho, rho_dot) == pytest.approx(4 * variance, rel=TOL)


def test_qubit_bloch_formulas(rng: np.random.Generator) -> None:
    directions = rng.normal(size=(20, 3))
    r = directions / np.linalg.norm(directions, axis=1)[:, None] * rng.uniform(0.05, 0.95, (20, 1))
    r_dot = rng.normal(size=(20, 3))
    rho = np.array([bloch_state(v) for v in r])
    rho_dot = np.array([0.5 * (v[0] * SX + v[1] * SY + v[2] * SZ) for v in r_dot])
    length = np.linalg.norm(r, axis=1)
    along = np.einsum("ni,ni->n", r, r_dot) / length
    perpendicular = np.sum(r_dot**2, axis=1) - along**2
    expected_qfi = np.sum(r_dot**2, axis=1) + (length * along) ** 2 / (1 - length**2)
    expected_ext = perpendicular / length**2 + along**2 / (1 - length**2)
    np.testing.assert_allclose(quantum_fisher_information(rho, rho_dot), expected_qfi, rtol=TOL)
    np.testing.assert_allclose(extended_fisher_information(rho, rho_dot), expected_ext, rtol=TOL)


def test_fisher_information_against_fidelity(rng: np.random.Generator) -> None:
    def root_fidelity(a: np.ndarray, b: np.ndarray) -> float:
        root = sl.sqrtm(a)
        return float(np.sum(np.sqrt(np.clip(np.linalg.eigvalsh(root @ b @ root), 0, None))))

    eps = 1e-4
    for d in (2, 3, 4):
        # eigenvalues >= 0.1 / d, so that rho +- eps x stays far from the boundary
        rho = 0.6 * random_density_matrices(rng, (), d) + 0.4 * np.eye(d) / d
        x = random_hermitian(rng, d)
        x -= np.trace(x) / d * np.eye(d)
        x *= 0.3
        expected = 8 * (1 - root_fidelity(rho - eps * x, rho + eps * x)) / (2 * eps) ** 2
        assert quantum_fisher_information(rho, x) == pytest.approx(expected, rel=FIDELITY_RTOL)


def test_degenerate_state_counts_its_block_as_populations() -> None:
    # rho = I/2 moved by eps sigma_x: Bloch vector 0, r_dot = 2 eps, I_Q = 4 eps^2; nothing rotates.
    eps = 0.3
    rho, rho_dot = np.eye(2) / 2, eps * SX
    assert quantum_fisher_information(rho, rho_dot) == pytest.approx(4 * eps**2, rel=TOL)
    assert extended_fisher_information(rho, rho_dot) == pytest.approx(4 * eps**2, rel=TOL)


def test_leaving_a_zero_eigenvalue_is_infinitely_fast() -> None:
    rho = np.diag([1.0, 0.0])
    rho_dot = np.diag([-0.1, 0.1])  # the population of |e> leaves zero
    bounds = open_power_bounds(rho, rho_dot, EXCITED, 1.0)
    assert np.isinf(bounds.fisher_information) and np.isinf(bounds.fisher_bound)
    assert bounds.power == -np.inf  # d/dt (-p ln p) -> +inf at p = 0
    assert np.isinf(bounds.dissipation_bound) and np.isinf(bounds.extended_fisher_bound)


# --- dissipative Hamiltonian and activity operator --------------------------------------------


def test_dissipative_hamiltonian_of_a_unitary_motion(rng: np.random.Generator) -> None:
    # Non-degenerate rho under H: H_D is H without its diagonal in the eigenbasis of rho.
    rho = random_density_matrices(rng, (), 3)
    h = random_hermitian(rng, 3)
    _, v = np.linalg.eigh(rho)
    h_eig = v.conj().T @ h @ v
    expected = v @ (h_eig - np.diag(np.diag(h_eig))) @ v.conj().T
    h_d = dissipative_hamiltonian(rho, commutator(h, rho))
    np.testing.assert_allclose(h_d, expected, atol=TOL, rtol=0)
    variance = np.real(np.trace(rho @ h_d @ h_d) - np.trace(rho @ h_d) ** 2)
    bounds = open_power_bounds(rho, commutator(h, rho), h, 1.0)
    assert bounds.coherent_fisher_information == pytest.approx(4 * variance, rel=TOL)
    assert bounds.classical_fisher_information == pytest.approx(0.0, abs=TOL)


def test_activity_operator_against_matrix_logarithms(rng: np.random.Generator) -> None:
    beta = 0.8
    rho = random_density_matrices(rng, (3,), 3)
    h = random_hermitian(rng, 3)
    gibbs = sl.expm(-beta * h)
    gibbs /= np.trace(gibbs)
    expected = np.array([(sl.logm(r) - sl.logm(gibbs)) / beta for r in rho])
    activity = activity_operator(rho, h, beta)
    np.testing.assert_allclose(activity, expected, atol=TOL, rtol=0)
    mean = np.real(np.einsum("nij,nji->n", rho, activity))
    second = np.real(np.einsum("nij,njk,nki->n", rho, activity, activity))
    np.testing.assert_allclose(mean, [extractable_work(r, h, beta) for r in rho], atol=TOL, rtol=0)
    spread = open_power_bounds(rho, np.zeros_like(rho), h, beta).activity_spread
    np.testing.assert_allclose(spread, np.sqrt(second - mean**2), atol=TOL, rtol=0)


def test_activity_spread_of_a_singular_state_is_the_limit(rng: np.random.Generator) -> None:
    # 0 ln 0 = 0: the spread at a pure state is the limit of mixtures (I/d) eps + (1 - eps) rho.
    beta, d = 1.3, 3
    rho = random_density_matrices(rng, (), d, rank=1)
    h = random_hermitian(rng, d)
    eps = 1e-13
    mixed = (1 - eps) * rho + eps * np.eye(d) / d
    a = activity_operator(mixed, h, beta, cutoff=0.0)  # eigenvalues eps / d are below the default
    limit = np.sqrt(np.real(np.trace(mixed @ a @ a) - np.trace(mixed @ a) ** 2))
    spread = open_power_bounds(rho, np.zeros_like(rho), h, beta).activity_spread
    assert spread == pytest.approx(limit, abs=PURE_LIMIT)
    with pytest.raises(NotDensityMatrixError, match="rho: singular"):
        activity_operator(rho, h, beta)


# --- the power and its bounds ------------------------------------------------------------------


def test_free_energy_rate_is_the_derivative_of_the_relative_entropy() -> None:
    beta, omega, drive, rate, n_thermal = 1.5, 1.0, 0.4, 0.2, 0.3
    h = omega * EXCITED + drive * SX
    generator = liouvillian(h, thermal_jumps(rate, n_thermal, LOWER))
    rho0 = bloch_state(np.array([0.3, -0.2, 0.5]))
    times, step = np.array([0.4, 1.1, 2.5]), 1e-4
    rho = propagate(generator, rho0, times)
    rho_dot = np.array([(generator @ r.reshape(-1)).reshape(2, 2) for r in rho])
    work = [extractable_work(propagate(generator, rho0, t + np.array([-step, step])), EXCITED, beta)
            for t in times]  # fmt: skip
    expected = [(w[1] - w[0]) / (2 * step) for w in work]
    power = free_energy_rate(rho, rho_dot, omega * EXCITED, beta)
    np.testing.assert_allclose(power, expected, atol=DIFFERENCE_ATOL, rtol=0)
    energy_rate = np.real(np.einsum("nij,ji->n", rho_dot, omega * EXCITED))
    assert np.all(np.abs(power - energy_rate) > DISTINCT)  # P is not dE/dt


def test_relaxing_diagonal_qubit_saturates_every_bound() -> None:
    # p = p_e(t), no coherence: P = p_dot (omega + ln(p/(1-p))/beta), sigma_A = sqrt(p (1-p))
    # |omega + ln(p/(1-p))/beta|, I_Q = p_dot^2 / (p (1-p)), so |P| = sigma_A sqrt(I_Q).
    beta, omega, rate, n_thermal = 2.0, 1.0, 0.5, 0.4
    battery = qb.Battery(
        omega * EXCITED,
        omega * EXCITED,
        np.diag([0.1, 0.9]),
        collapse_ops=thermal_jumps(rate, n_thermal, LOWER),
    )
    times = np.linspace(0.1, 4.0, 12)
    bounds = open_power_trajectory(battery, times, beta)
    total = rate * (2 * n_thermal + 1)
    steady = n_thermal / (2 * n_thermal + 1)
    p = steady + (0.9 - steady) * np.exp(-total * times)
    p_dot = -total * (p - steady)
    gap = omega + np.log(p / (1 - p)) / beta
    np.testing.assert_allclose(bounds.power, p_dot * gap, atol=SOLVER_ATOL, rtol=0)
    np.testing.assert_allclose(
        bounds.activity_spread, np.sqrt(p * (1 - p)) * np.abs(gap), atol=LOG_SOLVER_ATOL, rtol=0
    )
    for bound in (bounds.fisher_bound, bounds.extended_fisher_bound, bounds.dissipation_bound):
        np.testing.assert_allclose(bound, np.abs(bounds.power), rtol=SLACK)
    np.testing.assert_allclose(bounds.dissipative_power, 0.0, atol=TOL, rtol=0)


def test_rotated_near_pure_qubit_needs_the_factor_four() -> None:
    # Choose rho so that A has a flat diagonal in its eigenbasis (ln(p+/p-)/beta + omega n_z = 0)
    # and turn it along the off-diagonal part of A: eq. 22 is then saturated, and eq. 24 as the
    # review prints it (Var(H_D) without the 4) is violated by a factor 2|r|.
    beta, omega, length = 1.0, 4.0, 0.9
    n_z = -2 * np.arctanh(length) / (beta * omega)
    n = np.array([np.sqrt(1 - n_z**2), 0.0, n_z])
    rho, h = bloch_state(length * n), omega * EXCITED
    gibbs = sl.expm(-beta * h)
    gibbs /= np.trace(gibbs)
    activity = (sl.logm(rho) - sl.logm(gibbs)) / beta
    a = np.real([np.trace(s @ activity) for s in (SX, SY, SZ)])
    a_perp = a - (a @ n) * n
    r_dot = a_perp / np.linalg.norm(a_perp)
    rho_dot = 0.5 * (r_dot[0] * SX + r_dot[1] * SY + r_dot[2] * SZ)
    bounds = open_power_bounds(rho, rho_dot, h, beta)
    assert bounds.power == pytest.approx(np.linalg.norm(a_perp) / 2, rel=TOL)
    assert bounds.fisher_bound == pytest.approx(abs(bounds.power), rel=SLACK)
    assert bounds.coherent_fisher_information == pytest.approx(1 / length**2, rel=TOL)
    review = bounds.activity_spread * np.sqrt(bounds.coherent_fisher_information / 4)
    assert abs(bounds.power) == pytest.approx(2 * length * review, rel=SLACK)
    assert abs(bounds.power) > review and abs(bounds.power) <= bounds.extended_fisher_bound


def test_driven_qubit_with_thermal_damping() -> None:
    beta, omega, drive, rate, n_thermal = 1.0, 1.0, 0.6, 0.3, 0.5
    jumps = thermal_jumps(rate, n_thermal, LOWER)
    h = omega * EXCITED + drive * SX
    battery = qb.Battery(h, omega * EXCITED, np.array([1.0, 0.0]), collapse_ops=jumps)
    times = np.linspace(0.0, 6.0, 31)
    bounds = open_power_trajectory(battery, times, beta)
    # At t = 0 the pure |g> meets a warm bath: the excited population leaves zero.
    assert bounds.power[0] == -np.inf and np.isinf(bounds.fisher_bound[0])
    assert_bounds_hold(bounds)
    reference = propagate(liouvillian(h, jumps), np.diag([1.0, 0.0]), times[1:])
    rho, _ = battery_state_trajectory(battery, times[1:])
    np.testing.assert_allclose(rho, reference, atol=SOLVER_ATOL, rtol=0)
    power = qb.charge(battery, times).power
    np.testing.assert_allclose(bounds.energy_rate, power, atol=SOLVER_ATOL, rtol=0)


def charger_battery(drive: float = 0.5) -> tuple[qb.Battery, np.ndarray, np.ndarray]:
    """Qubit charger (site 0, driven) exchanging excitations with a qubit battery (site 1) that
    relaxes in a warm bath."""
    eye = np.eye(2)
    omega, coupling = 1.0, 0.7
    lower_c, lower_b = np.kron(LOWER, eye), np.kron(eye, LOWER)
    h0 = omega * (np.kron(EXCITED, eye) + np.kron(eye, EXCITED))
    h0 = h0 + coupling * (lower_c.conj().T @ lower_b + lower_b.conj().T @ lower_c)
    h = h0 + drive * (lower_c + lower_c.conj().T)
    jumps = thermal_jumps(0.2, 0.3, lower_b)
    psi0 = np.kron([1.0, 0.0], [1.0, 0.0])
    battery = qb.Battery(h, omega * EXCITED, psi0, dims=[2, 2], battery=[1], collapse_ops=jumps)
    return battery, liouvillian(h, jumps), np.outer(psi0, psi0)


def test_charger_battery_derivative_is_exact() -> None:
    battery, generator, rho0 = charger_battery()
    times, step = np.array([0.5, 1.7, 3.2]), 1e-4

    def battery_part(states: np.ndarray) -> np.ndarray:
        return np.einsum("...abac->...bc", states.reshape(*states.shape[:-2], 2, 2, 2, 2))

    rho_b, rho_b_dot = battery_state_trajectory(battery, times)
    expected = battery_part(propagate(generator, rho0, times))
    np.testing.assert_allclose(rho_b, expected, atol=SOLVER_ATOL, rtol=0)
    later = battery_part(propagate(generator, rho0, times + step))
    earlier = battery_part(propagate(generator, rho0, times - step))
    np.testing.assert_allclose(
        rho_b_dot, (later - earlier) / (2 * step), atol=DIFFERENCE_ATOL, rtol=0
    )


def test_charger_battery_bounds_hold_and_match_the_relative_entropy() -> None:
    battery, generator, rho0 = charger_battery()
    beta, step = 0.7, 1e-4
    times = np.linspace(0.2, 8.0, 40)
    bounds = open_power_trajectory(battery, times, beta)
    assert_bounds_hold(bounds)
    assert np.all(bounds.coherent_fisher_information > 0)  # the reduced state rotates too

    def work(t: np.ndarray) -> np.ndarray:
        full = propagate(generator, rho0, t).reshape(len(t), 2, 2, 2, 2)
        return extractable_work(np.einsum("nabac->nbc", full), EXCITED, beta)

    expected = (work(times[::8] + step) - work(times[::8] - step)) / (2 * step)
    np.testing.assert_allclose(bounds.power[::8], expected, atol=DIFFERENCE_ATOL, rtol=0)


def test_time_dependent_drive_enters_the_derivative() -> None:
    static, _, _ = charger_battery(drive=0.0)
    drive_op = np.kron(LOWER + LOWER.T, np.eye(2))
    battery = qb.Battery(
        [static.hamiltonian.static, (drive_op, lambda t: 0.5 * np.cos(0.8 * t))],
        EXCITED,
        static.initial_state,
        dims=[2, 2],
        battery=[1],
        collapse_ops=static.collapse_ops,
    )
    t, step = np.array([1.3]), 1e-4
    grid = np.array([t[0] - step, t[0], t[0] + step])
    rho_b, rho_b_dot = battery_state_trajectory(battery, grid)
    difference = (rho_b[2] - rho_b[0]) / (2 * step)
    np.testing.assert_allclose(rho_b_dot[1], difference, atol=ODE_DIFFERENCE_ATOL, rtol=0)
    assert_bounds_hold(open_power_trajectory(battery, np.linspace(0.1, 5, 20), 1.0))


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    d=st.integers(min_value=1, max_value=5),
    rank=st.integers(min_value=1, max_value=5),
    beta=st.floats(min_value=0.05, max_value=20.0),
)
def test_bounds_hold_for_physical_tangents(seed: int, d: int, rank: int, beta: float) -> None:
    # rho_dot = -i[H, rho] + kappa (sigma - rho): a Hamiltonian turn plus a pull towards a state.
    rng = np.random.default_rng(seed)
    rho = random_density_matrices(rng, (), d, rank=min(rank, d))
    sigma = random_density_matrices(rng, (), d, rank=min(rank, d))
    h, h_b = random_hermitian(rng, d), random_hermitian(rng, d)
    rho_dot = commutator(h, rho) + rng.uniform(0, 2) * (sigma - rho)
    bounds = open_power_bounds(rho, rho_dot, h_b, beta)
    assert_bounds_hold(bounds)
    u = random_unitary(rng, d)
    turned = quantum_fisher_information(u @ rho @ u.conj().T, u @ rho_dot @ u.conj().T)
    assert turned == pytest.approx(float(bounds.fisher_information), rel=INVARIANCE)


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("beta", [0.0, -1.0, np.nan, np.inf])
def test_beta_must_be_positive_and_finite(beta: float) -> None:
    with pytest.raises(QBatteryError, match="beta"):
        open_power_bounds(np.eye(2) / 2, np.zeros((2, 2)), EXCITED, beta)


def test_shapes_and_tracelessness_are_checked() -> None:
    rho = np.eye(2) / 2
    with pytest.raises(DimensionError, match="rho_dot: shape"):
        quantum_fisher_information(rho, np.zeros((3, 3)))
    with pytest.raises(DimensionError, match="h_b: shape"):
        free_energy_rate(rho, np.zeros((2, 2)), np.eye(3), 1.0)
    with pytest.raises(QBatteryError, match="rho_dot: trace"):
        quantum_fisher_information(rho, np.eye(2))
    with pytest.raises(NotDensityMatrixError, match="rho: trace"):
        quantum_fisher_information(np.eye(2), np.zeros((2, 2)))


def test_trajectory_refuses_what_it_cannot_differentiate() -> None:
    battery = qb.Battery(EXCITED + SX, EXCITED, np.array([1.0, 0.0]), measurement_interval=0.5)
    with pytest.raises(QBatteryError, match="battery: measurement_interval"):
        open_power_trajectory(battery, [0.1, 0.2], 1.0)
    plain = qb.Battery(EXCITED + SX, EXCITED, np.array([1.0, 0.0]))
    with pytest.raises(QBatteryError, match="times"):
        open_power_trajectory(plain, [0.2, 0.1], 1.0)
    with pytest.raises(TypeError, match="battery"):
        not_a_battery: Any = "battery.toml"
        battery_state_trajectory(not_a_battery, [0.1])
