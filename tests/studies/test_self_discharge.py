"""Steady states and self-discharge lifetimes against closed forms.

References: resonance fluorescence (Mollow, PR 188, 1969; Breuer & Petruccione sec. 3.4):
H = (Omega/2) sigma_x with decay gamma has p_e = Omega^2 / (gamma^2 + 2 Omega^2) and
|rho_eg| = Omega gamma / (gamma^2 + 2 Omega^2); pumping P against emission gamma gives
p_e = P / (P + gamma); amplitude damping p_e(t) = p_inf + (p_0 - p_inf) exp(-Gamma t).
"""

from __future__ import annotations

import numpy as np
import pytest

import qbattery as qb
from qbattery.environments.markovian import local_noise
from qbattery.errors import QBatteryError
from qbattery.protocols import Step
from qbattery.studies.self_discharge import self_discharge, steady_state

#: Direct steady-state solve and exact propagation: round-off only (observed: 1e-16).
EXACT = 1e-10
#: Requested accuracy of the lifetimes (bisection in time).
TIME_TOL = 1e-11
#: A crossing time found by bisection to TIME_TOL on curves with round-off: ten bisection widths
#: (observed: <= 6.7e-12).
LIFETIME = 10 * TIME_TOL
#: The same at self_discharge's default time_tolerance of 1e-10 (observed: 3.3e-12).
DEFAULT_LIFETIME = 1e-9
OMEGA = 1.0
N_EXC = np.diag([0.0, OMEGA])
SX = np.array([[0.0, 1.0], [1.0, 0.0]])


def test_resonance_fluorescence_steady_state() -> None:
    rabi, gamma = 0.7, 0.4
    battery = local_noise(qb.Battery(0.5 * rabi * SX, N_EXC, np.array([1.0, 0.0])), emission=gamma)
    stationary = steady_state(battery)
    p = rabi**2 / (gamma**2 + 2 * rabi**2)
    coherence = rabi * gamma / (gamma**2 + 2 * rabi**2)
    assert stationary.battery_energy == pytest.approx(OMEGA * p, abs=EXACT)
    assert abs(stationary.state[0, 1]) == pytest.approx(coherence, abs=EXACT)
    smallest = 0.5 - np.hypot(p - 0.5, coherence)
    assert stationary.ergotropy == pytest.approx(OMEGA * (p - smallest), abs=EXACT)
    assert stationary.energy == pytest.approx(stationary.battery_energy, abs=EXACT)  # from |g>


@pytest.mark.parametrize(("pumping", "active"), [(3.0, True), (0.5, False)])
def test_dissipative_charging_by_pumping(pumping: float, active: bool) -> None:
    # Steady population P / (P + gamma): an active state (ergotropy 2p - 1) when P > gamma.
    gamma = 1.0
    battery = local_noise(
        qb.Battery(N_EXC, N_EXC, np.array([1.0, 0.0])), emission=gamma, pumping=pumping
    )
    p = pumping / (pumping + gamma)
    stationary = steady_state(battery)
    assert stationary.battery_energy == pytest.approx(p, abs=EXACT)
    assert stationary.ergotropy == pytest.approx(max(0.0, 2 * p - 1), abs=EXACT)
    assert (stationary.ergotropy > 0.1) == active


@pytest.mark.parametrize("fraction", [np.exp(-1), 0.25])
def test_self_discharge_lifetimes_of_a_decaying_qubit(fraction: float) -> None:
    # |e> decaying at gamma: E = omega exp(-gamma t), ergotropy omega (2 exp(-gamma t) - 1).
    gamma = 0.5
    battery = local_noise(qb.Battery(N_EXC, N_EXC, np.array([0.0, 1.0])), emission=gamma)
    out = self_discharge(battery, np.linspace(0, 8, 17), fraction=fraction, time_tolerance=TIME_TOL)
    assert out.energy_lifetime == pytest.approx(-np.log(fraction) / gamma, abs=LIFETIME)
    assert out.ergotropy_lifetime == pytest.approx(np.log(2 / (1 + fraction)) / gamma, abs=LIFETIME)
    assert out.passive_time == pytest.approx(np.log(2) / gamma, abs=LIFETIME)
    np.testing.assert_allclose(
        out.stored_energy, OMEGA * np.exp(-gamma * out.times), atol=EXACT, rtol=0
    )


def test_thermal_self_discharge_and_a_lifetime_beyond_the_grid() -> None:
    # In a bath at T the stored energy relaxes to omega p_inf: the fraction-f lifetime is
    # ln((1 - p_inf) / (f - p_inf)) / Gamma for f > p_inf; a fraction below p_inf is never
    # reached (None). The ergotropy of the (diagonal) state vanishes when p_e = 1/2.
    gamma, temperature = 0.3, 1.0
    battery = local_noise(
        qb.Battery(N_EXC, N_EXC, np.array([0.0, 1.0])), emission=gamma, temperature=temperature
    )
    n = 1 / np.expm1(OMEGA / temperature)
    rate, p_inf = gamma * (2 * n + 1), n / (2 * n + 1)
    out = self_discharge(battery, np.linspace(0, 20, 41), fraction=0.5, time_tolerance=TIME_TOL)
    lifetime = np.log((1 - p_inf) / (0.5 - p_inf)) / rate
    assert out.energy_lifetime == pytest.approx(lifetime, abs=LIFETIME)
    assert out.passive_time == pytest.approx(lifetime, abs=LIFETIME)
    never = self_discharge(battery, np.linspace(0, 20, 41), fraction=0.1)
    assert 0.1 < p_inf and never.energy_lifetime is None


def test_storage_refuses_driven_batteries_and_bad_fractions() -> None:
    driven = qb.Battery([N_EXC, (SX, Step(t_off=1.0))], N_EXC, np.array([0.0, 1.0]))
    with pytest.raises(QBatteryError, match="time-independent Hamiltonian"):
        steady_state(driven)
    qubit = local_noise(qb.Battery(N_EXC, N_EXC, np.array([0.0, 1.0])), emission=0.1)
    with pytest.raises(QBatteryError, match="fraction"):
        self_discharge(qubit, [0.0, 1.0], fraction=1.5)
    with pytest.raises(QBatteryError, match="time_tolerance"):
        self_discharge(qubit, [0.0, 1.0], time_tolerance=0.0)
    with pytest.raises(QBatteryError, match="times"):
        self_discharge(qubit, [1.0, 0.5])


def test_results_explain_themselves() -> None:
    gamma = 0.5
    battery = local_noise(qb.Battery(N_EXC, N_EXC, np.array([0.0, 1.0])), emission=gamma)
    out = self_discharge(battery, np.linspace(0, 8, 17))
    summary = out.summary()
    assert summary["energy_lifetime"] == pytest.approx(np.log(2) / gamma, abs=DEFAULT_LIFETIME)
    assert summary["initial_stored_energy"] == pytest.approx(OMEGA, abs=EXACT)
    data = out.to_xarray()
    assert data["time"].attrs["units"] and data["stored_energy"].attrs["units"]
    np.testing.assert_allclose(
        data["stored_energy"].values, np.exp(-gamma * out.times), atol=EXACT, rtol=0
    )
    assert len(repr(out)) < 200 and "energy" in repr(out)
    stationary = steady_state(battery)
    assert stationary.summary()["ergotropy"] == pytest.approx(0.0, abs=EXACT)  # decays to |g>
    assert stationary.to_xarray()["battery_state"].shape == (2, 2)
    assert len(repr(stationary)) < 200
