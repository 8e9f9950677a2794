"""Repeated non-selective measurements of H_B (the Zeno protection step) on any time grid.

Reference: the exact Lindblad propagator exp(L tau) (SciPy's expm of the column-stacked
Liouvillian, written out here) applied between measurement instants k * interval, with the
dephasing rho -> sum_k P_k rho P_k in the eigenbasis of H_B (diagonal here) at each instant; a
grid time that coincides with a measurement reports the state just after it.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

import qbattery as qb

SZ = np.diag([-1.0, 1.0])
SX = np.array([[0.0, 1.0], [1.0, 0.0]])
H_B = SZ / 2
H = H_B + 0.3 * SX
JUMP = np.sqrt(0.02) * SZ
#: qbattery's ode method (QuTiP at atol 1e-12, rtol 1e-10) over t <= 10 (observed: 1.7e-11).
ODE = 1e-8
#: A dephased coherence is set to zero, up to round-off at most (observed: exactly 0).
ROUND_OFF = 1e-14
#: The coherence regrown by the drive 0.3 sigma_x within 0.25 after a measurement: ~0.07, far
#: above round-off.
REGROWN = 1e-3
#: A grid time within this of k * interval (a floating-point product) is on that instant.
SAME_INSTANT = 1e-9


def liouvillian(h: np.ndarray, jumps: list[np.ndarray]) -> np.ndarray:
    """vec(d rho/dt) for column-stacked vec: -i(1 x H - H^T x 1) + sum D[L]."""
    eye = np.eye(h.shape[0])
    generator = -1j * (np.kron(eye, h) - np.kron(h.T, eye))
    for jump in jumps:
        number = jump.conj().T @ jump
        generator += np.kron(jump.conj(), jump)
        generator -= 0.5 * (np.kron(eye, number) + np.kron(number.T, eye))
    return generator


def reference_energies(times: list[float], interval: float) -> np.ndarray:
    generator = liouvillian(H, [JUMP])
    rho = np.diag([0.0, 1.0]).astype(complex)  # |e>
    t_now, out = 0.0, []
    instants = [interval * k for k in range(1, round(max(times) / interval) + 2)]
    for t in times:
        while instants and instants[0] <= t + SAME_INSTANT:
            step = instants.pop(0) - t_now
            rho = (expm(generator * step) @ rho.reshape(-1, order="F")).reshape(2, 2, order="F")
            rho = np.diag(np.diag(rho))  # measured: H_B is diagonal
            t_now += step
        step = t - t_now
        state = (expm(generator * step) @ rho.reshape(-1, order="F")).reshape(2, 2, order="F")
        out.append(np.real(np.trace(H_B @ state)))
    return np.array(out) - 0.5  # W = <H_B> - <H_B>(0), <H_B>(0) = 1/2


@pytest.mark.parametrize(
    ("times", "interval"),
    [
        ([5.0, 10.0], 0.25),  # once: shape mismatch (no grid time between two measurements)
        ([5.1, 10.1], 0.25),
        ([0.1, 5.0, 10.0], 0.25),
        ([0.2, 0.4, 0.6], 0.2),  # 3 * 0.2 > 0.6 in floating point: once an IntegratorException
        (list(np.arange(1, 41) * 0.25), 0.25),  # every grid time on a measurement
        ([0.3, 0.7, 1.1, 2.05], 0.25),  # every grid time between measurements
    ],
)
def test_sparse_grids_on_and_off_the_measurement_instants(times: list[float], interval: float):
    battery = qb.Battery(
        H, H_B, np.array([0.0, 1.0]), collapse_ops=[JUMP], measurement_interval=interval
    )
    result = qb.charge(battery, times, ergotropy=False)
    np.testing.assert_allclose(result.energy, reference_energies(times, interval), atol=ODE, rtol=0)


def test_a_grid_time_at_a_measurement_reports_the_state_after_it() -> None:
    battery = qb.Battery(
        H, H_B, np.array([0.0, 1.0]), collapse_ops=[JUMP], measurement_interval=0.5
    )
    result = qb.charge(battery, [0.5, 0.75], battery_states=True, ergotropy=False)
    after = result.battery_states[0]
    assert abs(after[0, 1]) < ROUND_OFF  # dephased: the measurement has happened
    assert abs(result.battery_states[1][0, 1]) > REGROWN  # coherence regrows under the drive
