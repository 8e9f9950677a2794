"""Collision models against closed forms and their Lindblad limit.

References (tests/README.md, "Non-Markovian dynamics"):
- a qubit battery in |g> meeting excited qubit ancillas through the exchange
  V = g (sigma- b+ + sigma+ b-) for a time tau, resonant (H_A = H_B): each collision moves
  the |g> population by a factor cos^2(g tau), so p_g(n) = cos^{2n}(g tau) (memoryless, p = 0);
  with p = 1 the first ancilla is kept and the exchange is a Rabi oscillation,
  p_e(n) = sin^2(n g tau);
- p = 0 with V = sqrt(gamma/tau) (L b+ + L+ b) and ground-state ancillas tends to the Lindblad
  equation with jump operator sqrt(gamma) L as tau -> 0, the error falling linearly in tau
  (QuTiP's mesolve built independently).
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.collision_charging import collision_charging, exchange_interaction
from qbattery.errors import QBatteryValueError

#: Products of n 4x4 unitaries and partial traces: round-off only (observed: 3e-15).
EXACT = 1e-12
#: Round-off allowed in trace and positivity (observed: 5e-16).
STATE = 1e-10
#: The memoryless model departs from its Lindblad limit by C tau, first order in the collision
#: time; for this battery over t <= 6, C = 0.008 (observed: 8.1e-5 at tau = 0.01), so a slope
#: of 0.1 keeps a factor 12.
COLLISION_SLOPE = 0.1
#: Halving tau halves that error up to O(tau) corrections (observed ratio: 1.997).
HALVING = 0.1

LOWER = np.array([[0.0, 1.0], [0.0, 0.0]])
EXCITED = np.diag([0.0, 1.0])
SIGMA_X = np.array([[0.0, 1.0], [1.0, 0.0]])


def qubit_battery(omega: float = 1.0) -> qb.Battery:
    return qb.Battery(omega * EXCITED, omega * EXCITED, np.array([1.0, 0.0]))


@pytest.mark.parametrize("memory", [0.0, 1.0])
def test_charging_by_excited_ancillas(memory: float) -> None:
    omega, g, tau, steps = 1.0, 0.3, 0.7, 25
    run = collision_charging(
        qubit_battery(omega),
        np.array([0.0, 1.0]),
        exchange_interaction(LOWER, LOWER, g),
        collision_time=tau,
        n_collisions=steps,
        ancilla_hamiltonian=omega * EXCITED,
        memory=memory,
    )
    n = np.arange(steps + 1)
    if memory == 0.0:
        excited = 1 - np.cos(g * tau) ** (2 * n)
    else:
        excited = np.sin(n * g * tau) ** 2
    np.testing.assert_allclose(run.energy, omega * excited, atol=EXACT, rtol=0)
    # diagonal qubit state: ergotropy omega max(0, 2 p_e - 1)
    np.testing.assert_allclose(
        run.ergotropy, omega * np.clip(2 * excited - 1, 0, None), atol=EXACT, rtol=0
    )
    np.testing.assert_allclose(run.times, n * tau, rtol=0, atol=EXACT)
    best = int(np.nanargmax(excited[1:] / (n[1:] * tau))) + 1
    assert run.optimal_collisions == best


def charger_battery() -> tuple[qb.Battery, np.ndarray]:
    """A driven charger qubit (subsystem 0) exchanging energy with a battery qubit."""
    eye = np.eye(2)
    ops = [np.kron(LOWER, eye), np.kron(eye, LOWER)]
    h = ops[0].T @ ops[0] + ops[1].T @ ops[1] + 0.3 * (ops[0].T @ ops[1] + ops[1].T @ ops[0])
    h = h + 0.4 * np.kron(SIGMA_X, eye)
    battery = qb.Battery(h, EXCITED, np.kron([1.0, 0.0], [1.0, 0.0]), dims=[2, 2], battery=[1])
    return battery, ops[0]


def test_memoryless_limit_is_the_lindblad_equation() -> None:
    gamma, total = 0.5, 6.0
    battery, charger_lowering = charger_battery()
    checkpoints = np.linspace(0, total, 7)
    dims = [[2, 2], [2, 2]]
    reference = qutip.mesolve(
        qutip.Qobj(battery.hamiltonian.static, dims=dims),
        qutip.Qobj(np.kron(np.diag([1.0, 0.0]), np.diag([1.0, 0.0])), dims=dims),
        checkpoints,
        c_ops=[np.sqrt(gamma) * qutip.tensor(qutip.destroy(2), qutip.qeye(2))],
        e_ops=[qutip.tensor(qutip.qeye(2), qutip.num(2))],
        options={"atol": 1e-12, "rtol": 1e-10},
    ).expect[0]
    errors, taus = [], (0.01, 0.005)
    for tau in taus:
        steps = round(total / tau)
        run = collision_charging(
            battery,
            np.array([1.0, 0.0]),
            exchange_interaction(charger_lowering, LOWER, np.sqrt(gamma / tau)),
            collision_time=tau,
            n_collisions=steps,
        )
        errors.append(np.max(np.abs(run.battery_energy[:: steps // 6] - reference)))
    assert errors[0] < COLLISION_SLOPE * taus[0]
    assert errors[0] / errors[1] == pytest.approx(2.0, abs=HALVING)  # first order in tau


def test_memory_keeps_states_physical() -> None:
    battery, charger_lowering = charger_battery()
    coherent = np.array([np.cos(0.4), np.sin(0.4)])
    run = collision_charging(
        battery,
        coherent,
        exchange_interaction(charger_lowering, LOWER, 1.1),
        collision_time=0.3,
        n_collisions=40,
        ancilla_hamiltonian=EXCITED,
        memory=0.6,
    )
    states = run.system_states
    np.testing.assert_allclose(np.trace(states, axis1=1, axis2=2), 1.0, atol=STATE, rtol=0)
    assert np.min(np.linalg.eigvalsh(states)) > -STATE
    assert run.battery_states.shape == (41, 2, 2)
    assert run.parameters["memory"] == 0.6
    assert set(run.to_xarray().data_vars) >= {"energy", "ergotropy", "average_power"}


def test_bad_input() -> None:
    v = exchange_interaction(LOWER, LOWER, 1.0)
    with pytest.raises(QBatteryValueError, match="memory"):
        collision_charging(
            qubit_battery(),
            np.array([0.0, 1.0]),
            v,
            collision_time=0.1,
            n_collisions=2,
            memory=1.5,
        )
    driven = qb.Battery([EXCITED, (SIGMA_X, lambda t: 1.0)], EXCITED, np.array([1.0, 0.0]))
    with pytest.raises(QBatteryValueError, match="driven"):
        collision_charging(driven, np.array([0.0, 1.0]), v, collision_time=0.1, n_collisions=2)
    with pytest.raises(QBatteryValueError, match="collision_time"):
        collision_charging(
            qubit_battery(), np.array([0.0, 1.0]), v, collision_time=0.0, n_collisions=2
        )
