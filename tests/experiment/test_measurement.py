"""``[measurement]`` in experiment files: Zeno measurements and homodyne feedback.

References: the Zeno-dephased driven qubit in closed form (the excited population after k
periods of a Rabi drive, each ended by a non-selective energy measurement); the feedback master
equation of Wiseman, PRA 49, 2133 (1994), built here with QuTiP's mesolve.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import qutip

import qbattery.experiment as ex
from qbattery.experiment.locate import ExperimentFileError

OMEGA, DRIVE = 1.0, 0.6


def qubit_archive(directory: Path) -> None:
    """H = omega |e><e| + drive sigma_x / 2 on (|g>, |e>), H_B = omega |e><e|, start in |g>."""
    h_b = np.diag([0.0, OMEGA])
    h = h_b + 0.5 * DRIVE * np.array([[0.0, 1.0], [1.0, 0.0]])
    np.savez(
        directory / "qubit.npz",
        hamiltonian=h,
        battery_hamiltonian=h_b,
        initial_state=np.array([1.0, 0.0]),
    )


def test_zeno_measurements_follow_the_dephased_rabi_law(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    qubit_archive(tmp_path)
    tau = 0.7
    path = write(
        f"""
        [model]
        operators = "qubit.npz"
        [measurement]
        kind = "zeno"
        interval = {tau}
        [times]
        values = {[round(k * tau, 10) for k in range(13)]}
        """
    )
    result = ex.run(ex.load(path)).result
    # one period from a diagonal state: p -> p (1 - s) + (1 - p) s, s the Rabi transition
    # probability (drive / Omega)^2 sin^2(Omega tau / 2), Omega = sqrt(omega^2 + drive^2)
    rabi = np.hypot(OMEGA, DRIVE)
    s = (DRIVE / rabi) ** 2 * np.sin(rabi * tau / 2) ** 2
    k = np.arange(13)
    expected = OMEGA * 0.5 * (1 - (1 - 2 * s) ** k)
    np.testing.assert_allclose(result.energy, expected, atol=1e-8)
    # a measured battery's state is diagonal at the measurement times: no ergotropy beyond
    # its population inversion
    inverted = np.where(expected > 0.5 * OMEGA, 2 * expected - OMEGA, 0.0)
    np.testing.assert_allclose(result.ergotropy, inverted, atol=1e-8)


FEEDBACK = """
[model]
operators = "qubit.npz"
[measurement]
kind = "homodyne_feedback"
measured = {{ operator = "lowering", subsystem = 0, rate = 0.4 }}
feedback = {{ operator = "x", subsystem = 0, gain = 0.5 }}
efficiency = 0.8
{extra}
[times]
stop = 3.0
num = 31
"""


def qutip_feedback_energy(h: np.ndarray, h_b: np.ndarray, psi0: np.ndarray) -> np.ndarray:
    """Wiseman's zero-delay feedback master equation (PRA 49, 2133 (1994)), with QuTiP:
    H + (c^dag F + F c)/2, jumps c - iF and sqrt((1 - eta)/eta) F; c = sqrt(0.4) sigma_-,
    F = 0.5 sigma_x, eta = 0.8, on the basis (|g>, |e>)."""
    lower = qutip.Qobj(np.array([[0.0, 1.0], [0.0, 0.0]]))
    c = np.sqrt(0.4) * lower
    f = 0.5 * (lower + lower.dag())
    eta = 0.8
    hamiltonian = qutip.Qobj(h) + 0.5 * (c.dag() * f + f * c)
    jumps = [c - 1j * f, np.sqrt((1 - eta) / eta) * f]
    times = np.linspace(0.0, 3.0, 31)
    rho0 = qutip.ket2dm(qutip.Qobj(psi0))
    solved = qutip.mesolve(
        hamiltonian,
        rho0,
        times,
        jumps,
        e_ops=[qutip.Qobj(h_b)],
        options={"atol": 1e-12, "rtol": 1e-10},
    )
    return np.real(np.asarray(solved.expect[0]))


def test_feedback_charging_follows_the_feedback_master_equation(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    qubit_archive(tmp_path)
    path = write(FEEDBACK.format(extra=""))
    result = ex.run(ex.load(path)).result
    h_b = np.diag([0.0, OMEGA])
    h = h_b + 0.5 * DRIVE * np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = qutip_feedback_energy(h, h_b, np.array([1.0, 0.0]))
    np.testing.assert_allclose(result.energy, expected, atol=1e-7)
    assert np.all(result.ergotropy >= -1e-12)


def test_feedback_trajectories_agree_with_the_master_equation_within_their_errors(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    qubit_archive(tmp_path)
    path = write("seed = 3\n" + FEEDBACK.format(extra="trajectories = 100\ndt = 0.005"))
    outcome = ex.run(ex.load(path))
    curves = outcome.curves
    error = curves["trajectory_energy_error"]
    deviation = np.abs(curves["trajectory_energy"] - outcome.result.energy)
    # first-order scheme: a bias of order dt besides the statistical error
    assert np.all(deviation[1:] <= 4 * error[1:] + 0.02)
    # an observer who keeps the record can extract at least the unconditional ergotropy
    # (ergotropy is convex in the state; means of conditional states give the average state)
    assert np.all(curves["conditional_ergotropy"] >= outcome.result.ergotropy - 1e-9)
    dataset = outcome.dataset()
    assert dataset["conditional_ergotropy"].attrs["units"] == "hbar*omega"
    again = ex.run(ex.load(path)).curves["trajectory_energy"]
    np.testing.assert_array_equal(again, curves["trajectory_energy"])


@pytest.mark.parametrize(
    ("table", "fragment"),
    [
        ('kind = "weak"', "kind"),
        ('kind = "zeno"\ninterval = -1.0', "interval"),
        (
            'kind = "homodyne_feedback"\nefficiency = 1.5\n'
            'measured = { operator = "lowering", subsystem = 0, rate = 0.4 }\n'
            'feedback = { operator = "x", subsystem = 0, gain = 0.5 }',
            "efficiency",
        ),
        (
            'kind = "homodyne_feedback"\n'
            'measured = { operator = "lowering", subsystem = 5, rate = 0.4 }\n'
            'feedback = { operator = "x", subsystem = 0, gain = 0.5 }',
            "subsystem",
        ),
    ],
)
def test_bad_measurement_tables_are_located_one_line_errors(
    tmp_path: Path, write: Callable[..., Path], table: str, fragment: str
) -> None:
    qubit_archive(tmp_path)
    path = write(
        f'[model]\noperators = "qubit.npz"\n[measurement]\n{table}\n[times]\nstop = 1.0\nnum = 3\n'
    )
    with pytest.raises(ExperimentFileError) as caught:
        ex.run(ex.load(path))
    message = str(caught.value)
    assert "measurement" in message and fragment in message
    assert "Traceback" not in message
