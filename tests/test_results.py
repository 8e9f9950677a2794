"""ChargingResult explains itself: units and long names on every variable, provenance kept."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

import qbattery as qb
from qbattery.results import ENERGY_UNITS, POWER_UNITS, TIME_UNITS


def test_every_variable_and_the_time_carry_units_and_long_names() -> None:
    hb = np.diag([0.0, 1.0])
    battery = qb.Battery(hb + 0.5 * np.array([[0, 1], [1, 0]]), hb, np.array([1.0, 0.0]))
    result = qb.charge(battery, np.linspace(0, 4, 41), fluctuations=True, resources=True)
    data = result.to_xarray()
    for name in [*data.data_vars, "time"]:
        assert data[name].attrs.get("units"), name
        assert data[name].attrs.get("long_name"), name
    assert data["time"].attrs["units"] == TIME_UNITS
    assert data["energy"].attrs["units"] == ENERGY_UNITS
    assert data["power"].attrs["units"] == POWER_UNITS
    assert data["coherent_ergotropy"].attrs["units"] == ENERGY_UNITS
    assert data["battery_entropy"].attrs["units"] == "1"
    assert data.attrs["method"] == result.method
    assert all(f"option_{k}" in data.attrs for k in result.options)


SX = np.array([[0.0, 1.0], [1.0, 0.0]])
LOWER = np.array([[0.0, 1.0], [0.0, 0.0]])  # |g><e| in the (|g>, |e>) basis
N_EXC = np.diag([0.0, 1.0])
#: Dense diagonalisation and expm agree to round-off; the Chebyshev series is cut at 1e-12.
EXACT = 1e-10
#: QuTiP's integrator at atol 1e-12, rtol 1e-10 over t <= 3.
ODE = 1e-8


def exchange(g: float = 0.3) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Charger and battery qubits exchanging one excitation, charger excited."""
    eye = np.eye(2)
    h = np.kron(N_EXC, eye) + np.kron(eye, N_EXC)
    h = h + g * (np.kron(LOWER.T, LOWER) + np.kron(LOWER, LOWER.T))
    return h, N_EXC, np.kron([0.0, 1.0], [1.0, 0.0]).astype(complex)


@pytest.mark.parametrize("method", ["spectral", "chebyshev", "ode"])
def test_full_states_of_a_closed_run_match_expm(method: str) -> None:
    h, h_b, psi0 = exchange()
    times = np.linspace(0.0, 3.0, 31)
    battery = qb.Battery(h, h_b, psi0, dims=[2, 2], battery=[1])
    result = qb.charge(battery, times, method=method, full_states=True)
    expected = np.array([expm(-1j * h * t) @ psi0 for t in times])
    states = result.states
    if states.ndim == 3:  # the ODE path keeps density matrices
        expected = expected[:, :, None] * np.conj(expected[:, None, :])
    np.testing.assert_allclose(states, expected, atol=ODE if method == "ode" else EXACT, rtol=0)


def test_full_states_of_a_mixed_closed_run_are_density_matrices() -> None:
    h, h_b, _ = exchange()
    rho0 = np.diag([0.1, 0.2, 0.3, 0.4]).astype(complex)
    times = np.linspace(0.0, 2.0, 11)
    result = qb.charge(qb.Battery(h, h_b, rho0, dims=[2, 2], battery=[1]), times, full_states=True)
    for t, state in zip(times, result.states, strict=True):
        u = expm(-1j * h * t)
        np.testing.assert_allclose(state, u @ rho0 @ u.conj().T, atol=EXACT, rtol=0)


@pytest.mark.parametrize("method", ["lindblad", "ode"])
def test_full_states_of_an_open_run_match_the_liouvillian(method: str) -> None:
    gamma = 0.2
    h, h_b = N_EXC + 0.5 * SX, N_EXC
    jump = np.sqrt(gamma) * LOWER
    battery = qb.Battery(h, h_b, np.array([1.0, 0.0]), collapse_ops=[jump])
    times = np.linspace(0.0, 3.0, 13)
    result = qb.charge(battery, times, method=method, full_states=True)
    eye = np.eye(2)
    number = jump.conj().T @ jump
    generator = -1j * (np.kron(eye, h) - np.kron(h.T, eye)) + np.kron(jump.conj(), jump)
    generator -= 0.5 * (np.kron(eye, number) + np.kron(number.T, eye))
    rho0 = np.diag([1.0, 0.0]).astype(complex).reshape(-1, order="F")
    for t, state in zip(times, result.states, strict=True):
        expected = (expm(generator * t) @ rho0).reshape(2, 2, order="F")
        np.testing.assert_allclose(state, expected, atol=ODE, rtol=0)


def test_charge_store_discharge_hands_the_state_on() -> None:
    # Charged at t1, the battery continues exactly as the uninterrupted run: exp(-iH s) psi(t1).
    h, h_b, psi0 = exchange(g=0.3)
    battery = qb.Battery(h, h_b, psi0, dims=[2, 2], battery=[1])
    full = np.pi / (2 * 0.3)  # the excitation has moved to the battery
    result = qb.charge(battery, np.linspace(0.0, full, 51), full_states=True)
    charged = result.charged_battery(full)
    overlap = abs(charged.initial_state @ np.kron([1.0, 0.0], [0.0, 1.0]))
    assert overlap == pytest.approx(1.0, abs=EXACT)
    later = qb.charge(charged, np.linspace(0.0, 1.0, 11))
    expected = [np.abs(expm(-1j * h * (full + s)) @ psi0)[1] ** 2 for s in later.times]
    np.testing.assert_allclose(later.battery_energy, expected, atol=EXACT, rtol=0)
    assert charged.parameters["charged_for"] == pytest.approx(full, abs=EXACT)
    default = result.charged_battery()  # at the grid time closest to the optimal time
    index = int(np.argmin(np.abs(result.times - result.optimal_time)))
    np.testing.assert_allclose(default.initial_state, result.states[index], atol=0, rtol=0)


def test_state_requests_are_checked() -> None:
    h, h_b, psi0 = exchange()
    battery = qb.Battery(h, h_b, psi0, dims=[2, 2], battery=[1])
    plain = qb.charge(battery, np.linspace(0.0, 1.0, 11))
    with pytest.raises(qb.errors.QBatteryValueError, match="full_states=True"):
        plain.state_at(0.5)
    kept = qb.charge(battery, np.linspace(0.0, 1.0, 11), full_states=True)
    with pytest.raises(qb.errors.QBatteryValueError, match="not a time of the grid"):
        kept.state_at(0.55)
    ensemble = qb.models.spin_ensemble(3, drive=0.5, emission=0.1)
    with pytest.raises(qb.errors.QBatteryValueError, match="full_states"):
        qb.charge(ensemble, np.linspace(0.0, 1.0, 5), full_states=True)
