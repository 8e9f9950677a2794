"""BLP and RHP non-Markovianity measures against closed forms.

References (tests/README.md, "Non-Markovian dynamics"):
- a Lindblad semigroup exp(L t) is CP-divisible: BLP = RHP = 0;
- dephasing with coherence factor q(t) > 0: for the pair along n (polar angle theta),
  D = sqrt(cos^2 theta + q^2 sin^2 theta), largest increase on the equator, so
  BLP = sum_k max(0, |q_{k+1}| - |q_k|); the intermediate map multiplies the coherence by
  r_k = q_{k+1}/q_k, its Choi matrix has eigenvalues (1 +- r_k)/2, so
  RHP = sum_k max(0, |r_k| - 1);
- damped Jaynes-Cummings with amplitude G(t) (Breuer & Petruccione sec. 10.1): the pair along
  n has D = |G| sqrt(sin^2 theta + |G|^2 cos^2 theta); BLP is its largest total increase over
  theta (brute force on a fine theta grid); zero when |G| decreases monotonically
  (gamma0 < lambda/2), where the map is also divisible.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import expm

import qbattery as qb
from qbattery.environments.pseudomodes import Lorentzian, LorentzianBath, add_pseudomodes
from qbattery.errors import QBatteryValueError
from qbattery.metrics.non_markovianity import (
    blp_measure,
    choi_matrix,
    divisibility_violations,
    rhp_measure,
    trace_distance,
)
from qbattery.studies.dynamical_maps import battery_maps, dynamical_maps
from tests.conftest import random_density_matrices, random_unitary

#: Maps built from matrix exponentials: round-off only (observed: <= 4e-15).
EXACT = 1e-10
#: Maps built from charge(method="ode") at atol 1e-12, rtol 1e-10, reconstructed from d^2 runs
#: (observed: 2e-10 against expm).
ODE = 1e-7
#: Nelder-Mead (xatol 1e-9) on the qubit sphere converges to the brute-force optimum within this;
#: the measure is quadratic in the angle error at an interior optimum (observed: 6e-10).
OPTIMUM = 1e-6
#: RHP adds up the violations of 100 intermediate maps, each at most an ODE error
#: (observed: 9e-10 in all, 3e-11 per step).
STEPS_ODE = 100 * ODE

LOWER = np.array([[0.0, 1.0], [0.0, 0.0]])


def semigroup(dimension: int, times: np.ndarray) -> np.ndarray:
    """exp(L t) of a Lindblad generator built with QuTiP (decay plus dephasing)."""
    h = qutip.num(dimension)
    c_ops = [np.sqrt(0.7) * qutip.destroy(dimension), np.sqrt(0.2) * qutip.num(dimension)]
    generator = qutip.liouvillian(h, c_ops).full()
    return np.array([expm(generator * t) for t in times])


@pytest.mark.parametrize("dimension", [2, 3])
def test_lindblad_semigroup_is_markovian(dimension: int) -> None:
    maps = semigroup(dimension, np.linspace(0, 4, 41))
    assert blp_measure(maps, starts=3).measure < EXACT
    assert abs(rhp_measure(maps)) < EXACT


def dephasing_maps(q: np.ndarray) -> np.ndarray:
    maps = np.zeros((len(q), 4, 4), dtype=complex)
    maps[:, 0, 0] = maps[:, 3, 3] = 1.0
    maps[:, 1, 1] = maps[:, 2, 2] = q
    return maps


def test_non_markovian_dephasing_closed_forms() -> None:
    t = np.linspace(0, 6, 121)
    q = np.exp(-t / 4) * (1 + 0.5 * np.cos(3 * t)) / 1.5
    maps = dephasing_maps(q)
    backflow = blp_measure(maps)
    expected = np.sum(np.clip(np.diff(q), 0, None))
    assert backflow.measure == pytest.approx(expected, abs=OPTIMUM)
    # consistency (the closed form is the line above): the measure is the total increase of the
    # trace-distance curve it reports
    np.testing.assert_allclose(
        backflow.measure,
        np.sum(np.clip(np.diff(backflow.trace_distance), 0, None)),
        atol=EXACT,
        rtol=0,
    )
    ratios = q[1:] / q[:-1]
    np.testing.assert_allclose(
        divisibility_violations(maps), np.clip(np.abs(ratios) - 1, 0, None), atol=EXACT, rtol=0
    )
    assert rhp_measure(maps) == pytest.approx(np.sum(np.clip(ratios - 1, 0, None)), abs=EXACT)


def test_qutrit_dephasing_backflow_at_least_the_coherent_pair() -> None:
    t = np.linspace(0, 6, 61)
    q = np.exp(-t / 4) * (1 + 0.5 * np.cos(3 * t)) / 1.5
    maps = np.zeros((len(t), 9, 9), dtype=complex)
    for i in range(3):
        for j in range(3):
            maps[:, i + 3 * j, i + 3 * j] = 1.0 if i == j else q
    backflow = blp_measure(maps, starts=4, seed=3)
    # the pair (|0> +- |1>)/sqrt 2 alone gives D = q
    assert backflow.measure >= np.sum(np.clip(np.diff(q), 0, None)) - OPTIMUM
    assert backflow.pair.shape == (2, 3, 3)
    assert abs(np.trace(backflow.pair[0] @ backflow.pair[1])) < EXACT  # orthogonal


def jaynes_cummings_maps(gamma0: float, lam: float, times: np.ndarray) -> np.ndarray:
    lower_battery = qb.Battery(np.diag([0.0, 1.0]), np.diag([0.0, 1.0]), np.array([0.0, 1.0]))
    peak = Lorentzian.damped_jaynes_cummings(gamma0, lam, 1.0)
    enlarged = add_pseudomodes(lower_battery, LorentzianBath(LOWER, [peak]), cutoff=3)
    return battery_maps(enlarged, times, method="ode")


def test_strong_coupling_lorentzian_backflow_closed_form() -> None:
    gamma0, lam = 5.0, 0.5
    times = np.linspace(0, 12, 241)
    maps = jaynes_cummings_maps(gamma0, lam, times)
    d = np.sqrt(complex(lam**2 - 2 * gamma0 * lam))
    g = np.abs(
        np.exp(-lam * times / 2) * (np.cosh(d * times / 2) + lam / d * np.sinh(d * times / 2))
    )
    theta = np.linspace(0, np.pi / 2, 4001)[:, None]
    distances = g * np.sqrt(np.sin(theta) ** 2 + g**2 * np.cos(theta) ** 2)
    expected = np.max(np.sum(np.clip(np.diff(distances, axis=1), 0, None), axis=1))
    assert expected > 0.1
    assert blp_measure(maps).measure == pytest.approx(expected, abs=ODE + OPTIMUM)
    assert rhp_measure(maps) > 0.1


def test_weak_coupling_lorentzian_is_markovian() -> None:
    maps = jaynes_cummings_maps(0.2, 1.0, np.linspace(0, 10, 101))
    assert blp_measure(maps).measure < ODE
    assert abs(rhp_measure(maps)) < STEPS_ODE


def test_choi_matrix_and_dynamical_maps_against_qutip() -> None:
    h, c_ops = qutip.num(3), [qutip.destroy(3)]
    generator = qutip.liouvillian(h, c_ops)
    propagator = (generator * 0.7).expm()
    np.testing.assert_allclose(
        choi_matrix(propagator.full()), qutip.to_choi(propagator).full() / 3, atol=EXACT, rtol=0
    )
    times = np.array([0.0, 0.3, 0.7])

    def evolve(rho: np.ndarray) -> np.ndarray:
        result = qutip.mesolve(
            h, qutip.Qobj(rho), times, c_ops=c_ops, options={"atol": 1e-12, "rtol": 1e-10}
        )
        return np.array([s.full() for s in result.states])

    maps = dynamical_maps(evolve, 3)
    np.testing.assert_allclose(maps[2], propagator.full(), atol=ODE, rtol=0)
    np.testing.assert_allclose(maps[0], np.eye(9), atol=EXACT, rtol=0)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=2, max_value=5))
def test_trace_distance_is_a_unitarily_invariant_metric(seed: int, d: int) -> None:
    rng = np.random.default_rng(seed)
    rho, sigma, tau = random_density_matrices(rng, (3,), d)
    u = random_unitary(rng, d)
    distance = trace_distance(rho, sigma)
    assert 0 <= distance <= 1 + EXACT
    assert distance == pytest.approx(trace_distance(sigma, rho), abs=EXACT)
    rotated = trace_distance(u @ rho @ u.conj().T, u @ sigma @ u.conj().T)
    assert distance == pytest.approx(rotated, abs=EXACT)
    assert distance <= trace_distance(rho, tau) + trace_distance(tau, sigma) + EXACT


def test_battery_maps_need_a_product_state() -> None:
    bell = np.array([1.0, 0.0, 0.0, 1.0]) / np.sqrt(2)
    battery = qb.Battery(np.eye(4), np.eye(2), bell, dims=[2, 2], battery=[1])
    with pytest.raises(QBatteryValueError, match="product"):
        battery_maps(battery, np.linspace(0, 1, 3))
