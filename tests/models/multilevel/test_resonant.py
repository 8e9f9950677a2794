"""Closed-loop and qutrit batteries (multilevel/resonant.py) against references.

References:
- Hamiltonians built with QuTiP projectors ``basis(3, l) * basis(3, u).dag()``, integrated by
  ``qutip.sesolve``;
- the closed loop with equal couplings is a three-site ring with flux ``phi``:
  ``<2|e^{-iHt}|0> = (1/3) sum_m e^{2 i q_m - i Omega t cos q_m}``, ``q_m = (2 pi m - phi)/3``;
- resonant square pulses: a two-level Rabi flop ``sin^2(Omega t / 2)``; simultaneous tones on a
  ladder (three-state chain with couplings ``Omega_a/2``, ``Omega_b/2``):
  ``P_1 = (Omega_a/W)^2 sin^2(W t/2)``, ``P_2 = 4 (Omega_a Omega_b / W^2)^2 sin^4(W t/4)``,
  ``W = sqrt(Omega_a^2 + Omega_b^2)``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.models.multilevel import (
    closed_loop_battery,
    qutrit_battery,
)
from tests.models.multilevel.references import ket, link, populations

#: ODE solutions (rtol 1e-10, atol 1e-12) of a three-level system over ~10 Rabi periods.
ODE = 1e-8
#: Spectral (exact) propagation and closed forms of a 3 x 3 problem: round-off.
EXACT = 1e-11
#: qutip.sesolve/mesolve settings of the references (ODE allows for them).
QUTIP_OPTIONS = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 1_000_000}


# --- closed loop ---------------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [0.0, 0.7, math.pi / 2])
def test_closed_loop_is_a_ring_with_flux(phase: float) -> None:
    coupling = 0.8
    battery = closed_loop_battery(coupling, 1.0, 2.0, loop_phase=phase)
    times = np.linspace(0.0, 12.0, 49)
    p = populations(battery, times)
    q = (2 * math.pi * np.arange(3) - phase) / 3
    amplitude = np.exp(2j * q[None, :] - 1j * coupling * times[:, None] * np.cos(q[None, :]))
    np.testing.assert_allclose(p[:, 2], np.abs(amplitude.sum(axis=1) / 3) ** 2, atol=EXACT)


def test_closed_loop_matches_qutip_and_opens() -> None:
    a, b, c, phi = 0.6, 0.9, 0.4, 1.1
    battery = closed_loop_battery(a, 0.7, 1.9, second_coupling=b, loop_coupling=c, loop_phase=phi)
    closing = np.exp(1j * phi) * ket(0) * ket(2).dag()
    hamiltonian = a / 2 * link(0, 1) + b / 2 * link(1, 2) + c / 2 * (closing + closing.dag())
    times = np.linspace(0.0, 10.0, 21)
    h_b = 0.7 * ket(1) * ket(1).dag() + 1.9 * ket(2) * ket(2).dag()
    expected = qutip.sesolve(hamiltonian, ket(0), times, e_ops=[h_b], options=QUTIP_OPTIONS)
    np.testing.assert_allclose(qb.charge(battery, times).energy, expected.expect[0], atol=ODE)
    opened = populations(closed_loop_battery(a, second_coupling=b, loop_coupling=0.0), times)
    w = math.hypot(a, b)
    np.testing.assert_allclose(
        opened[:, 2], 4 * (a * b / w**2) ** 2 * np.sin(w * times / 4) ** 4, atol=EXACT
    )


# --- superconducting qutrit ----------------------------------------------------------------------


def test_qutrit_sequential_pulses() -> None:
    a, b, omega_q, alpha = 1.3, 0.7, 1.0, -0.05
    battery = qutrit_battery(a, omega_q, alpha, protocol="sequential", second_rabi_frequency=b)
    switch, end = math.pi / a, math.pi / a + math.pi / b
    assert battery.parameters["charging_time"] == pytest.approx(end, rel=EXACT)
    times = np.linspace(0.0, 1.5 * end, 61)
    first = np.sin(a * np.minimum(times, switch) / 2) ** 2
    second = np.sin(b * np.clip(times - switch, 0.0, end - switch) / 2) ** 2
    expected = omega_q * first * (1 - second) + (2 * omega_q + alpha) * second
    result = qb.charge(battery, times)
    assert result.method == "spectral"
    np.testing.assert_allclose(result.energy, expected, atol=EXACT)


@pytest.mark.parametrize("b", [1.0, 1.6])
def test_qutrit_simultaneous_pulses(b: float) -> None:
    a, omega_q, alpha = 1.0, 1.0, -0.06
    battery = qutrit_battery(a, omega_q, alpha, second_rabi_frequency=b)
    w = math.hypot(a, b)
    end = 2 * math.pi / w
    assert battery.parameters["charging_time"] == pytest.approx(end, rel=EXACT)
    times = np.linspace(0.0, 1.5 * end, 61)
    held = np.minimum(times, end)
    p = populations(battery, times)
    np.testing.assert_allclose(p[:, 1], (a / w) ** 2 * np.sin(w * held / 2) ** 2, atol=EXACT)
    np.testing.assert_allclose(
        p[:, 2], 4 * (a * b / w**2) ** 2 * np.sin(w * held / 4) ** 4, atol=EXACT
    )


def test_qutrit_simultaneous_charges_faster() -> None:
    times = np.linspace(0.0, 8.0, 801)
    sequential = qb.charge(qutrit_battery(1.0, protocol="sequential"), times)
    simultaneous = qb.charge(qutrit_battery(1.0), times)
    full = 2 + -0.05
    assert sequential.energy[-1] == pytest.approx(full, abs=EXACT)
    assert simultaneous.energy[-1] == pytest.approx(full, abs=EXACT)
    # same stored energy in 2 pi / sqrt(2) instead of 2 pi: the power is sqrt(2) higher
    ratio = simultaneous.max_average_power / sequential.max_average_power
    assert ratio > 1.3
