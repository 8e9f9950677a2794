"""Collective advantage and power-law fits, against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

import qbattery as qb
from qbattery.errors import QBatteryError
from qbattery.studies.advantage import collective_advantage, fit_power_law

SX = np.array([[0.0, 1.0], [1.0, 0.0]])
N_EXC = np.diag([0.0, 1.0])


def test_independent_cells_have_no_advantage() -> None:
    # Two uncoupled driven qubits charged "collectively" are just two parallel cells: Gamma = 1.
    h_cell = N_EXC + 0.6 * SX
    eye = np.eye(2)
    pair = qb.Battery(
        np.kron(h_cell, eye) + np.kron(eye, h_cell),
        np.kron(N_EXC, eye) + np.kron(eye, N_EXC),
        np.kron([1.0, 0.0], [1.0, 0.0]),
    )
    cell = qb.Battery(h_cell, N_EXC, np.array([1.0, 0.0]))
    advantage = collective_advantage(pair, cell, 2, np.linspace(0, 4, 201))
    assert advantage.ratio == pytest.approx(1.0, abs=1e-10)


def test_power_law_fit_recovers_exponent() -> None:
    n = np.array([2.0, 4, 8, 16, 32])
    rng = np.random.default_rng(1)
    noisy = 0.7 * n**1.5 * np.exp(rng.normal(scale=0.01, size=n.size))
    fit = fit_power_law(n, noisy)
    assert fit.exponent == pytest.approx(1.5, abs=3 * fit.exponent_error + 1e-3)
    assert 0 < fit.exponent_error < 0.05
    exact = fit_power_law(n, 3 * n**0.5)
    assert exact.exponent == pytest.approx(0.5, abs=1e-12)
    assert exact.prefactor == pytest.approx(3.0, rel=1e-12)


def test_bad_input() -> None:
    with pytest.raises(QBatteryError, match="n_cells"):
        collective_advantage(None, None, 0, [0, 1])  # type: ignore[arg-type]
    with pytest.raises(QBatteryError, match="positive"):
        fit_power_law([1, 2, 3], [1, -1, 2])
