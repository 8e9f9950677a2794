"""Quantum energy teleportation and jump-triggered feedback against closed forms.

References:
- Hotta's minimal QET model (Hotta, J. Phys. A 43, 105305 (2010)): ``E_A = h^2/xi``,
  ``E_B(theta) = [h k sin 2theta - (h^2 + 2k^2)(1 - cos 2theta)]/xi``, maximum
  ``[sqrt(h^2 k^2 + (h^2 + 2k^2)^2) - (h^2 + 2k^2)]/xi``, ``xi = sqrt(h^2 + k^2)``; zero without
  communication.
- A resonantly driven qubit, ``H = (Omega/2) sigma_x``, decaying at gamma: without feedback its
  excited population tends to ``Omega^2/(gamma^2 + 2 Omega^2)``; with a sigma_x kick on every
  click the decay becomes dephasing (``sigma_x sigma_- = |e><e|``) and it tends to 1/2. The
  mcsolve trajectory mean agrees with the feedback master equation within 4 standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import qbattery as qb
from qbattery.errors import QBatteryValueError
from qbattery.studies.jump_feedback import jump_feedback_charging
from qbattery.studies.teleportation import energy_teleportation

SM = np.array([[0.0, 1.0], [0.0, 0.0]])  # |g><e|, |g> = index 0
SX = np.array([[0.0, 1.0], [1.0, 0.0]])
SIGMAS = 4.0


def bob_closed_form(h: float, k: float, theta: float) -> float:
    xi = math.hypot(h, k)
    return (h * k * math.sin(2 * theta) - (h**2 + 2 * k**2) * (1 - math.cos(2 * theta))) / xi


@pytest.mark.parametrize(("h", "k"), [(1.0, 1.0), (1.0, 0.3), (0.4, 2.0)])
def test_energy_teleportation_closed_forms(h: float, k: float) -> None:
    xi = math.hypot(h, k)
    best = energy_teleportation(h, k)
    peak = (math.sqrt((h * k) ** 2 + (h**2 + 2 * k**2) ** 2) - (h**2 + 2 * k**2)) / xi
    assert best.bob_energy == pytest.approx(peak, abs=1e-12)
    assert best.alice_energy == pytest.approx(h**2 / xi, abs=1e-12)
    assert best.bob_energy > 0
    assert best.bob_energy < best.alice_energy
    assert abs(best.local_limit) < 1e-8
    for theta in (-0.3, 0.05, 0.4):
        result = energy_teleportation(h, k, angle=theta)
        assert result.bob_energy == pytest.approx(bob_closed_form(h, k, theta), abs=1e-12)


def test_energy_teleportation_bad_input() -> None:
    with pytest.raises(QBatteryValueError, match="h: must be positive"):
        energy_teleportation(0.0, 1.0)


def driven_qubit(rabi: float) -> qb.Battery:
    return qb.Battery(rabi / 2 * SX, np.diag([0.0, 1.0]), np.array([1.0, 0.0]))


def test_jump_feedback_turns_decay_into_dephasing() -> None:
    rabi, gamma = 1.0, 1.0
    times = np.linspace(0.0, 60.0, 7)
    result = jump_feedback_charging(
        driven_qubit(rabi), times, detected=np.sqrt(gamma) * SM, kick=SX, trajectories=50
    )
    assert result.plain_energy[-1] == pytest.approx(rabi**2 / (gamma**2 + 2 * rabi**2), abs=1e-4)
    assert result.feedback_energy[-1] == pytest.approx(0.5, abs=1e-4)


def test_jump_trajectories_match_the_feedback_master_equation() -> None:
    """A qubit battery in a lossy cavity; each cavity click flips the battery."""
    n_max, kappa, coupling = 3, 0.8, 0.6
    a = np.diag(np.sqrt(np.arange(1, n_max)), 1)
    cavity_eye, qubit_eye = np.eye(n_max), np.eye(2)
    h = np.kron(a.T @ a, qubit_eye) + np.kron(cavity_eye, np.diag([0.0, 1.0]))
    h = h + coupling * (np.kron(a.T, SM) + np.kron(a, SM.T)) + 0.5 * np.kron(a + a.T, qubit_eye)
    initial = np.kron(np.eye(n_max)[0], [1.0, 0.0])
    battery = qb.Battery(h, np.diag([0.0, 1.0]), initial, dims=[n_max, 2], battery=[1])
    times = np.linspace(0.0, 4.0, 5)
    result = jump_feedback_charging(
        battery,
        times,
        detected=np.sqrt(kappa) * np.kron(a, qubit_eye),
        kick=np.kron(cavity_eye, SX),
        trajectories=300,
        seed=3,
    )
    deviation = np.abs(result.energy - result.feedback_energy)
    assert np.all(deviation <= SIGMAS * result.energy_error + 1e-6)
    assert not np.allclose(result.feedback_energy, result.plain_energy, atol=1e-3)


def test_jump_feedback_bad_kick() -> None:
    with pytest.raises(QBatteryValueError, match="kick: must be unitary"):
        jump_feedback_charging(driven_qubit(1.0), [0.0, 1.0], detected=SM, kick=2 * SX)
