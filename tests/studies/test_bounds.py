"""The quantum speed limit along a battery's own evolution (review eq. 17, corrected).

References: for a constant H the unified bound max{L/<dE>, 2L^2/(pi <E>)} (Deffner & Campbell,
J. Phys. A 50, 453001 (2017)); for any H(t) the Mandelstam-Tamm part (Anandan & Aharonov, PRL
65, 1697 (1990)). A bound is tested to hold on random cases, and its closed form on a qubit.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

import qbattery as qb
from qbattery.protocols import Piecewise
from qbattery.studies.bounds import speed_limit
from tests.conftest import random_hermitian

#: Round-off of a dense eigendecomposition and a few products (observed: 4e-15).
EXACT = 1e-10
#: Relative: a bound saturated to round-off may exceed tau by that much (observed: the largest
#: ratio over 600 random cases is 1 - 1e-6, never above 1).
SLACK = 1e-9
#: The issue quotes 4.9 to two figures: half a unit of its last digit.
QUOTED = 0.05

#: Random cases per property: enough to meet near-saturated ones (ratios above 0.99 occur).
CASES = 200


def test_article_form_fails_where_the_unified_bound_holds() -> None:
    # H = H_B = diag(0, 1), psi0 = sqrt(0.99)|g> + sqrt(0.01)|e>, free evolution to tau = 0.5.
    p, tau = 0.01, 0.5
    psi0 = np.array([np.sqrt(1 - p), np.sqrt(p)], dtype=complex)
    battery = qb.Battery(np.diag([0.0, 1.0]), np.diag([0.0, 1.0]), psi0)
    limit = speed_limit(battery, tau)
    overlap = abs((1 - p) + p * np.exp(-1j * tau))
    angle = np.arccos(overlap)
    energy, spread = p, np.sqrt(p * (1 - p))
    assert limit.overlap == pytest.approx(overlap, abs=EXACT)
    assert limit.mean_energy == pytest.approx(energy, abs=EXACT)
    assert limit.mean_spread == pytest.approx(spread, abs=EXACT)
    assert limit.mandelstam_tamm == pytest.approx(angle / spread, rel=EXACT)
    assert limit.margolus_levitin == pytest.approx(2 * angle**2 / (np.pi * energy), rel=EXACT)
    article = angle / min(energy, spread)  # eq. 17 as printed
    assert article == pytest.approx(4.9, abs=QUOTED)  # the number: ten times tau
    assert article > tau
    assert limit.qsl_time <= tau
    assert limit.respected


def test_orthogonal_end_states_reduce_to_eq_17() -> None:
    # Resonant flip H = (Omega/2) sigma_x: |g> -> |e> at pi/Omega, <E> = Omega/2, <dE> = Omega/2.
    omega = 1.7
    battery = qb.Battery(
        0.5 * omega * np.array([[0, 1], [1, 0]]), np.diag([0.0, 1.0]), np.array([1.0, 0.0])
    )
    tau = np.pi / omega
    limit = speed_limit(battery, tau)
    eq_17 = (np.pi / 2) / min(omega / 2, omega / 2)
    assert limit.overlap == pytest.approx(0.0, abs=EXACT)
    assert limit.mandelstam_tamm == pytest.approx(eq_17, rel=EXACT)
    assert limit.margolus_levitin == pytest.approx(eq_17, rel=EXACT)
    assert limit.qsl_time == pytest.approx(tau, rel=EXACT)  # saturated


@pytest.mark.parametrize("dimension", [2, 3, 5])
def test_unified_bound_holds_for_random_constant_hamiltonians(dimension: int) -> None:
    rng = np.random.default_rng(17 + dimension)
    worst = 0.0
    for _ in range(CASES):
        h = rng.uniform(0.1, 3.0) * random_hermitian(rng, dimension)
        psi0 = rng.normal(size=dimension) + 1j * rng.normal(size=dimension)
        psi0 /= np.linalg.norm(psi0)
        tau = rng.uniform(0.01, 3.0)
        limit = speed_limit(qb.Battery(h, np.diag(np.arange(dimension, dtype=float)), psi0), tau)
        # the end state from scipy's expm, independently of the solver
        overlap = abs(np.vdot(psi0, expm(-1j * tau * h) @ psi0))
        assert limit.overlap == pytest.approx(overlap, abs=EXACT)
        assert limit.margolus_levitin is not None
        assert limit.qsl_time <= tau * (1 + SLACK)
        worst = max(worst, limit.qsl_time / tau)
    assert worst > 0.5  # the property met demanding cases, not only trivial ones


def test_mandelstam_tamm_holds_for_random_driven_protocols() -> None:
    rng = np.random.default_rng(5)
    for _ in range(CASES // 2):
        d = int(rng.integers(2, 5))
        edges = [0.0, *np.sort(rng.uniform(0.05, 1.5, size=2)), 10.0]
        h0, h1 = random_hermitian(rng, d), random_hermitian(rng, d)
        protocol = Piecewise(edges, [rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(-2, 2)])
        psi0 = np.eye(d)[0].astype(complex)
        battery = qb.Battery([h0, (h1, protocol)], np.diag(np.arange(d, dtype=float)), psi0)
        limit = speed_limit(battery, 2.0)
        assert limit.margolus_levitin is None  # no bound for a driven protocol
        assert limit.qsl_time == limit.mandelstam_tamm
        assert limit.respected


def test_speed_limit_refuses_open_or_mixed_batteries() -> None:
    hb = np.diag([0.0, 1.0])
    mixed = qb.Battery(hb, hb, np.diag([0.5, 0.5]))
    with pytest.raises(qb.errors.QBatteryValueError, match="initial_state"):
        speed_limit(mixed, 1.0)
    pure = qb.Battery(hb, hb, np.array([1.0, 0.0]))
    with pytest.raises(qb.errors.QBatteryValueError, match="tau"):
        speed_limit(pure, 0.0)


def test_binder_bound_holds_for_random_orthogonal_charging() -> None:
    # A state (|a> + |b>)/sqrt 2 of two eigenvectors of H first becomes orthogonal to itself at
    # tau = pi / |E_a - E_b|; with ||H - c|| <= E_max (the centred spectral radius) Binder's
    # bound <P> <= 2 W E_max / pi is tau >= pi / (2 E_max), for any work W and any H_B.
    rng = np.random.default_rng(8)
    for _ in range(CASES):
        d = int(rng.integers(2, 6))
        energies, vectors = np.linalg.eigh(random_hermitian(rng, d))
        a, b = rng.choice(d, size=2, replace=False)
        psi0 = (vectors[:, a] + vectors[:, b]) / np.sqrt(2)
        tau = np.pi / abs(energies[a] - energies[b])
        h = vectors @ np.diag(energies) @ vectors.conj().T
        psi = expm(-1j * tau * h) @ psi0
        assert abs(np.vdot(psi0, psi)) < 1e-9  # orthogonal at tau
        h_b = random_hermitian(rng, d)
        work = abs(np.real(np.vdot(psi, h_b @ psi) - np.vdot(psi0, h_b @ psi0)))
        e_max = (energies[-1] - energies[0]) / 2
        bound = qb.metrics.bounds.binder_power_bound(work, e_max)
        assert work / tau <= bound * (1 + 1e-12) + 1e-15
