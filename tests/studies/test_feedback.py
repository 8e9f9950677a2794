"""Homodyne feedback charging against the Wiseman-Milburn master equation and QuTiP's smesolve.

Model (in the spirit of Mitchison, Goold & Prior, Quantum 5, 500 (2021)): a charger qubit C
driven resonantly, ``(Omega/2) sigma_x^C``, exchanging excitations with a battery qubit B,
``g (sigma_+^C sigma_-^B + h.c.)``; C decays, ``c = sqrt(gamma) sigma_-^C``, into a homodyne
detector of efficiency eta; feedback ``F = lambda sigma_y^C``.

References:
- Zero delay: the trajectory mean obeys the Wiseman-Milburn master equation (Wiseman, PRA 49,
  2133 (1994)), solved by ``qb.charge`` on :func:`feedback_battery`.
- No feedback (F = 0): the mean is plain Lindblad decay with ``c``.
- The conditional (per-trajectory) ergotropy, which no master equation gives: QuTiP's
  ``smesolve`` on the equivalent zero-delay SME, ``H + (c^dag F + F c)/2``, monitored
  ``sqrt(eta) c - iF/sqrt(eta)``, unmonitored ``sqrt(1 - eta) c``.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.errors import DimensionError, NotHermitianError, QBatteryValueError
from qbattery.studies.feedback import feedback_battery, feedback_charging

SM = np.array([[0, 1], [0, 0]], complex)
SX = np.array([[0, 1], [1, 0]], complex)
SY = np.array([[0, -1j], [1j, 0]])
EYE = np.eye(2)
GAMMA, DRIVE, COUPLING, GAIN = 1.0, 1.0, 0.5, 0.5
MEASURED = np.sqrt(GAMMA) * np.kron(SM, EYE)
FEEDBACK = GAIN * np.kron(SY, EYE)
DT = 2e-3
#: Standard errors allowed between a trajectory mean and its reference (seeded draws).
SIGMAS = 4.0
#: Bias of the first-order scheme at DT = 2e-3 on energies <= 0.6 (observed: <= 3e-3).
SCHEME = 5e-3


def charger_battery() -> qb.Battery:
    h = 0.5 * DRIVE * np.kron(SX, EYE) + COUPLING * (np.kron(SM.T, SM) + np.kron(SM, SM.T))
    ground = np.kron([1.0, 0.0], [1.0, 0.0]).astype(complex)
    return qb.Battery(h, np.diag([0.0, 1.0]), ground, dims=[2, 2], battery=[1])


@pytest.mark.parametrize("efficiency", [1.0, 0.6])
def test_zero_delay_mean_is_the_wiseman_milburn_master_equation(efficiency: float) -> None:
    battery = charger_battery()
    times = np.linspace(0.0, 3.0, 7)
    result = feedback_charging(
        battery,
        times,
        measured=MEASURED,
        feedback=FEEDBACK,
        efficiency=efficiency,
        trajectories=300,
        dt=DT,
        seed=2,
    )
    unconditional = feedback_battery(
        battery, measured=MEASURED, feedback=FEEDBACK, efficiency=efficiency
    )
    reference = qb.charge(unconditional, times).battery_energy
    assert np.all(np.abs(result.energy - reference) <= SIGMAS * result.energy_error + SCHEME)
    mean_energy = np.real(np.einsum("ij,tji->t", np.kron(EYE, np.diag([0, 1])), result.mean_state))
    assert mean_energy == pytest.approx(result.energy, abs=1e-12)


def test_without_feedback_the_mean_is_lindblad_decay() -> None:
    battery = charger_battery()
    times = np.linspace(0.0, 3.0, 7)
    result = feedback_charging(
        battery, times, measured=MEASURED, feedback=0 * FEEDBACK, trajectories=200, dt=DT
    )
    reference = qb.charge(battery.replace(collapse_ops=[MEASURED]), times).battery_energy
    assert np.all(np.abs(result.energy - reference) <= SIGMAS * result.energy_error + SCHEME)


def test_feedback_charges_more_than_plain_decay() -> None:
    """Wiseman-Milburn master equation: this gain raises the stored energy at t = 4."""
    battery = charger_battery()
    with_feedback = qb.charge(
        feedback_battery(battery, measured=MEASURED, feedback=FEEDBACK, efficiency=0.8), [4.0]
    )
    without = qb.charge(battery.replace(collapse_ops=[MEASURED]), [4.0])
    assert with_feedback.battery_energy[-1] > without.battery_energy[-1] + 0.05


def test_conditional_ergotropy_agrees_with_smesolve() -> None:
    eta, times, runs = 0.8, np.linspace(0.0, 2.0, 5), 150
    battery = charger_battery()
    ours = feedback_charging(
        battery,
        times,
        measured=MEASURED,
        feedback=FEEDBACK,
        efficiency=eta,
        trajectories=runs,
        dt=DT,
        seed=4,
    )
    dims = [[2, 2], [2, 2]]
    h = battery.hamiltonian.static + 0.5 * (MEASURED.conj().T @ FEEDBACK + FEEDBACK @ MEASURED)
    solved = qutip.smesolve(
        qutip.Qobj(h, dims=dims),
        qutip.Qobj(np.diag([1.0, 0, 0, 0]), dims=dims),
        times,
        c_ops=[qutip.Qobj(np.sqrt(1 - eta) * MEASURED, dims=dims)],
        sc_ops=[qutip.Qobj(np.sqrt(eta) * MEASURED - 1j * FEEDBACK / np.sqrt(eta), dims=dims)],
        ntraj=runs,
        seeds=5,
        options={"dt": DT, "store_states": True, "keep_runs_results": True, "progress_bar": False},
    )
    states = np.array([[s.full() for s in run] for run in solved.runs_states])
    reduced = qb.reduced_state(states, [2, 2], [1])
    theirs = np.asarray(qb.ergotropy(reduced, np.diag([0.0, 1.0]), validate=False))
    error = np.hypot(ours.conditional_ergotropy_error, theirs.std(axis=0) / np.sqrt(runs))
    deviation = np.abs(ours.conditional_ergotropy - theirs.mean(axis=0))
    assert np.all(deviation <= SIGMAS * error + SCHEME)
    assert np.all(ours.conditional_ergotropy >= ours.ergotropy - 1e-12)  # convexity


def test_short_delay_is_close_to_zero_delay_and_workers_do_not_matter() -> None:
    battery = charger_battery()
    times = np.linspace(0.0, 1.0, 3)
    common = {"measured": MEASURED, "feedback": FEEDBACK, "trajectories": 100, "dt": DT}
    serial = feedback_charging(battery, times, delay=4 * DT, seed=7, **common)
    parallel = feedback_charging(battery, times, delay=4 * DT, seed=7, workers=2, **common)
    assert np.array_equal(serial.energy, parallel.energy)
    assert serial.delay == pytest.approx(4 * DT)
    reference = qb.charge(
        feedback_battery(battery, **{k: common[k] for k in ("measured", "feedback")}), times
    )
    assert np.all(
        np.abs(serial.energy - reference.battery_energy) < SIGMAS * serial.energy_error + 0.02
    )


def test_bad_input() -> None:
    battery = charger_battery()
    times = [0.0, 1.0]
    common = {"measured": MEASURED, "feedback": FEEDBACK}
    with pytest.raises(QBatteryValueError, match="efficiency: must be in"):
        feedback_charging(battery, times, efficiency=1.5, **common)
    with pytest.raises(QBatteryValueError, match="times: must be multiples of dt"):
        feedback_charging(battery, [0.0, 0.0015], **common)
    with pytest.raises(QBatteryValueError, match="delay: must be a multiple"):
        feedback_charging(battery, times, delay=1.5e-3, **common)
    with pytest.raises(NotHermitianError, match="feedback"):
        feedback_charging(battery, times, measured=MEASURED, feedback=MEASURED)
    with pytest.raises(DimensionError, match="measured"):
        feedback_battery(battery, measured=SM, feedback=FEEDBACK)
