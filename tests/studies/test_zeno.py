"""The Zeno protocol (review sec. 5.2, Fig. 6) against closed forms and independent propagation.

References:
- Driven qubit ``H = (omega/2) sigma_z + (Omega/2) sigma_x``, ``H_B = (omega/2) sigma_z``, from
  the top level ``|e>``: the survival over one interval is the Rabi formula
  ``p(tau) = 1 - (Omega/Omega_R)^2 sin^2(Omega_R tau / 2)``, ``Omega_R^2 = omega^2 + Omega^2``,
  and ``p^(t/tau) -> exp(-tau t Delta^2 H)`` with ``Delta^2 H = Omega^2 / 4`` as tau -> 0.
- No measurement within the duration (tau > duration): the free Lindblad evolution of rho_e,
  from SciPy's expm of the column-stacked Liouvillian and from ``qb.charge(method="ode")``.
- Samples against the exact laws within 4 standard errors (a seeded draw, so never flaky).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import expm
from scipy.stats import unitary_group

import qbattery as qb
from qbattery.errors import QBatteryValueError
from qbattery.studies.zeno import landauer_cost, shannon_entropy, zeno_protocol

SX = np.array([[0.0, 1.0], [1.0, 0.0]])
SIGMA_MINUS = np.array([[0.0, 1.0], [0.0, 0.0]])  # |g><e| with |g> = index 0
OMEGA, RABI = 1.0, 0.3
H_B = np.diag([-OMEGA / 2, OMEGA / 2])
#: The ODE/spectral solvers against the Rabi formula (observed: 1e-13).
SOLVER = 1e-9
#: Sampled against exact: this many standard errors (seeded draws).
SIGMAS = 4.0


def rabi_qubit(initial: np.ndarray, collapse: tuple = ()) -> qb.Battery:
    return qb.Battery(H_B + RABI / 2 * SX, H_B, initial, collapse_ops=collapse)


def rabi_survival(tau: float) -> float:
    rabi = math.hypot(OMEGA, RABI)
    return 1 - (RABI / rabi) ** 2 * math.sin(rabi * tau / 2) ** 2


@pytest.mark.parametrize("tau", [0.05, 0.7, 3.0])
def test_survival_is_the_rabi_formula(tau: float) -> None:
    result = zeno_protocol(rabi_qubit(np.diag([0.2, 0.8])), tau, 3 * tau, runs=10)
    assert result.survival_probability == pytest.approx(rabi_survival(tau), abs=SOLVER)
    assert result.lifetime == pytest.approx(tau / (1 - rabi_survival(tau)), rel=1e-6)
    assert result.survival == pytest.approx(rabi_survival(tau) ** np.arange(4), abs=1e-8)


def test_zeno_limit_freezes_the_state() -> None:
    """Survival to t = 1 tends to 1 as tau -> 0, as exp(-tau t Delta^2 H) to O(tau^2)."""
    t, variance = 1.0, RABI**2 / 4
    survivals = []
    for tau in (0.1, 0.02, 0.005):
        result = zeno_protocol(rabi_qubit(np.diag([0.0, 1.0])), tau, t, runs=10)
        survival = result.survival[-1]
        survivals.append(survival)
        # -ln p^n / (tau t Delta^2 H) = 1 - Omega_R^2 tau^2 / 12 + O(tau^2 Omega^2)
        ratio = -math.log(survival) / (tau * t * variance)
        assert ratio == pytest.approx(1.0, abs=0.2 * tau**2 + 1e-6)
    assert survivals[0] < survivals[1] < survivals[2]
    assert 1 - survivals[-1] < 1.2e-4


def test_no_measurement_limit_is_free_evolution() -> None:
    """tau > duration: no protection measurement; the curve is the free open evolution."""
    decay = np.sqrt(0.1) * SIGMA_MINUS
    battery = rabi_qubit(np.diag([0.4, 0.6]), (decay,))
    result = zeno_protocol(battery, 4.0, 3.9, runs=10, samples=20)
    assert result.measurements == 0
    h = H_B + RABI / 2 * SX
    eye = np.eye(2)
    number = decay.T @ decay
    generator = -1j * (np.kron(eye, h) - np.kron(h.T, eye)) + np.kron(decay.conj(), decay)
    generator -= 0.5 * (np.kron(eye, number) + np.kron(number.T, eye))
    rho_e = np.diag([0.0, 1.0]).astype(complex).reshape(-1, order="F")
    expected = [
        np.real(np.trace(H_B @ (expm(generator * s) @ rho_e).reshape(2, 2, order="F")))
        for s in result.interval_times
    ]
    assert result.interval_energy == pytest.approx(expected, abs=SOLVER)
    ode = qb.charge(
        battery.replace(initial_state=np.diag([0.0, 1.0])), result.interval_times, method="ode"
    )
    assert result.interval_energy == pytest.approx(ode.battery_energy, abs=1e-8)


def test_drive_reaches_the_closest_state_on_the_orbit() -> None:
    """Trace distance 1 - r_max; no random unitary of rho_0 comes closer to rho_e."""
    h_b = np.diag([0.0, 1.0, 2.5])
    rho_0 = np.diag([0.6, 0.3, 0.1]).astype(complex)
    battery = qb.Battery(h_b, h_b, rho_0)
    result = zeno_protocol(battery, 0.5, 1.0, runs=10)
    assert result.distance == pytest.approx(0.4, abs=1e-12)
    assert result.success_probability == pytest.approx(0.6, abs=1e-12)
    assert result.drive_work == pytest.approx(0.6 * 2.5 + 0.3 - 0.3 - 0.1 * 2.5, abs=1e-12)
    target = np.diag([0.0, 0.0, 1.0])
    for u in unitary_group.rvs(3, size=200, random_state=1):
        rotated = u @ rho_0 @ u.conj().T
        distance = 0.5 * np.sum(np.abs(np.linalg.eigvalsh(rotated - target)))
        assert distance >= result.distance - 1e-12


def test_samples_follow_the_exact_laws() -> None:
    decay = np.sqrt(0.05) * SIGMA_MINUS
    battery = rabi_qubit(np.diag([0.3, 0.7]), (decay,))
    runs = 4000
    result = zeno_protocol(battery, 0.25, 5.0, runs=runs, seed=3, temperature=0.5)
    p_e = result.success_probability
    first_success = np.mean(result.first_attempts == 1)
    assert abs(first_success - p_e) < SIGMAS * math.sqrt(p_e * (1 - p_e) / runs)
    deviation = np.abs(result.sampled_survival - result.survival)
    assert np.all(deviation <= SIGMAS * result.survival_error + 1.0 / runs)
    failures_expected = result.measurements * (1 - result.survival_probability)
    failures_error = math.sqrt(failures_expected / runs)  # Poisson-like count per run
    assert abs(result.failures.mean() - failures_expected) < SIGMAS * failures_error
    assert result.sampled_lifetime == pytest.approx(result.lifetime, rel=0.1)
    # plug-in entropy of the rare failures: sigma = K |log2((1 - q)/q)| sqrt(q (1 - q) / (runs K))
    q = 1 - result.survival_probability
    k = result.measurements
    entropy_error = k * abs(math.log2((1 - q) / q)) * math.sqrt(q * (1 - q) / (runs * k))
    deviation = abs(result.sampled_record_entropy - result.record_entropy)
    assert deviation < SIGMAS * entropy_error
    assert 0.99 < result.mean_fidelity < 1.0
    assert result.recording_cost == pytest.approx(0.5 * math.log(2) * result.record_entropy)


def test_record_entropy_closed_form() -> None:
    """Closed dynamics: S = E[attempts] H(P_e) + K H(p), E[attempts] = (1 + K(1 - p)) / P_e."""
    result = zeno_protocol(rabi_qubit(np.diag([0.25, 0.75])), 0.5, 2.0, runs=10)
    p = rabi_survival(0.5)
    expected = (1 + 4 * (1 - p)) / 0.75 * shannon_entropy([0.25, 0.75]) + 4 * shannon_entropy(
        [p, 1 - p]
    )
    assert result.record_entropy == pytest.approx(expected, rel=1e-8)
    assert shannon_entropy([0.25, 0.75]) == pytest.approx(
        -(0.25 * math.log2(0.25) + 0.75 * math.log2(0.75))
    )
    assert landauer_cost(2.0, 3.0) == pytest.approx(6 * math.log(2))


def test_seeded_and_reproducible() -> None:
    battery = rabi_qubit(np.diag([0.3, 0.7]))
    first = zeno_protocol(battery, 1.0, 6.0, runs=50, seed=11)
    again = zeno_protocol(battery, 1.0, 6.0, runs=50, seed=11)
    other = zeno_protocol(battery, 1.0, 6.0, runs=50, seed=12)
    assert np.array_equal(first.failures, again.failures)
    assert np.array_equal(first.first_attempts, again.first_attempts)
    assert first.seed == 11
    assert not np.array_equal(first.failures, other.failures)


def test_bad_input() -> None:
    qubit = rabi_qubit(np.diag([0.3, 0.7]))
    with pytest.raises(QBatteryValueError, match="interval: must be positive"):
        zeno_protocol(qubit, 0.0, 1.0)
    degenerate = qb.Battery(np.eye(2), np.eye(2), np.diag([1.0, 0.0]))
    with pytest.raises(QBatteryValueError, match=r"top level .* degenerate"):
        zeno_protocol(degenerate, 0.1, 1.0)
    pair = qb.Battery(np.eye(4), H_B, np.diag([1.0, 0, 0, 0]), dims=[2, 2], battery=[1])
    with pytest.raises(QBatteryValueError, match="whole state space"):
        zeno_protocol(pair, 0.1, 1.0)
