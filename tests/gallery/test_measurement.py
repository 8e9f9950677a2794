"""The closed forms and QuTiP references of the measurement entries (Zeno protection, linear
feedback), each checked against a third computation written here: the atom-cavity
propagator and the feedback Lindbladian as plain NumPy matrices, exponentiated by SciPy."""

from __future__ import annotations

import math
import tomllib
from typing import Any

import numpy as np
import pytest
import xarray as xr
from scipy.linalg import expm

from qbattery.gallery import Outcome, entry
from qbattery.gallery.measurement import (
    feedback_excited_population,
    qubit_ergotropy,
    qutip_feedback_state,
    qutip_zeno_state,
    zeno_population_difference,
)

#: expm of 4x4 and 4x4-superoperator matrices against the closed forms: round-off only.
ROUND_OFF = 1e-10

#: QuTiP's mesolve at atol 1e-11, rtol 1e-10 against the closed forms.
MESOLVE = 1e-7

LOWER = np.array([[0.0, 1.0], [0.0, 0.0]])  # |g><e| in the basis (g, e)


def _atom_cavity_difference(coupling: float, interval: float, duration: float) -> float:
    """p_e - p_g of the atom from the 4x4 propagator of |n = 0, 1> x |g, e>, projecting the
    atom's energy every interval."""
    a = np.kron(LOWER, np.eye(2))  # the cavity's photon levels 0, 1 written like (g, e)
    sm = np.kron(np.eye(2), LOWER)
    sz = np.kron(np.eye(2), np.diag([-1.0, 1.0]))
    h = a.T @ a + 0.5 * sz + coupling * (sm.T @ a + sm @ a.T)
    projectors = [np.kron(np.eye(2), np.diag(d)) for d in ([1.0, 0.0], [0.0, 1.0])]
    rho = np.zeros((4, 4), complex)
    rho[1, 1] = 1.0  # |0> x |e>
    steps = math.floor(duration / interval * (1 + 1e-12))
    spans = [interval] * steps + [duration - steps * interval]
    for k, span in enumerate(spans):
        u = expm(-1j * h * span)
        rho = u @ rho @ u.conj().T
        if k < steps:
            rho = sum(p @ rho @ p for p in projectors)
    return float(np.real(np.trace(projectors[1] @ rho) - np.trace(projectors[0] @ rho)))


@pytest.mark.parametrize(
    ("coupling", "interval", "duration"),
    [(0.1, 0.1, 20.0), (0.1, 0.7, 5.0), (0.3, 2.0, 3.0), (0.1, 40.0, 20.0)],
)
def test_zeno_closed_form_against_the_propagator(
    coupling: float, interval: float, duration: float
) -> None:
    expected = _atom_cavity_difference(coupling, interval, duration)
    assert zeno_population_difference(coupling, interval, duration) == pytest.approx(
        expected, abs=ROUND_OFF
    )


def test_zeno_limit_of_the_closed_form() -> None:
    """1 - x ~ 2 g^2 tau T for small tau (Misra & Sudarshan's short-time law)."""
    coupling, duration = 0.1, 20.0
    for interval in (1e-3, 1e-4):
        loss = 1 - zeno_population_difference(coupling, interval, duration)
        assert loss == pytest.approx(2 * coupling**2 * interval * duration, rel=1e-2)


def _dissipator(op: np.ndarray) -> np.ndarray:
    """D[op] as a matrix on row-major vec(rho)."""
    eye = np.eye(op.shape[0])
    product = op.conj().T @ op
    return np.kron(op, op.conj()) - 0.5 * np.kron(product, eye) - 0.5 * np.kron(eye, product.T)


def _feedback_population(rate: float, gain: float, efficiency: float, time: float) -> float:
    """p_e of the Wiseman-Milburn master equation, its Lindbladian built as a 4x4 matrix."""
    eye = np.eye(2)
    c = math.sqrt(rate) * LOWER
    f = gain * (-1j) * (LOWER - LOWER.T)
    h = 0.5 * np.diag([-1.0, 1.0]) + 0.5 * (c.conj().T @ f + f @ c)
    generator = -1j * (np.kron(h, eye) - np.kron(eye, h.T)) + _dissipator(c - 1j * f)
    generator += (1 - efficiency) / efficiency * _dissipator(f)
    rho = expm(generator * time) @ np.array([1.0, 0.0, 0.0, 0.0], complex)
    return float(np.real(rho[3]))


@pytest.mark.parametrize(
    ("gain", "efficiency", "time"),
    [(0.0, 1.0, 3.0), (1.0, 1.0, 2.0), (0.8, 0.8, 12.0), (1.6, 0.4, 0.7), (-0.5, 0.6, 4.0)],
)
def test_feedback_closed_form_against_the_lindbladian(
    gain: float, efficiency: float, time: float
) -> None:
    expected = _feedback_population(1.3, gain, efficiency, time)
    assert feedback_excited_population(1.3, gain, efficiency, time) == pytest.approx(
        expected, abs=ROUND_OFF
    )


def test_feedback_steady_state_at_the_matched_gain() -> None:
    """gain = sqrt(rate): p_ss = 1 / (2 - eta), ergotropy eta / (2 - eta)."""
    for efficiency in (1.0, 0.8, 0.4):
        population = feedback_excited_population(2.0, math.sqrt(2.0), efficiency, 1e3)
        assert population == pytest.approx(1 / (2 - efficiency), abs=ROUND_OFF)


def test_qubit_ergotropy_of_diagonal_and_pure_states() -> None:
    """tests/README.md: diag(1-p, p) has max(0, omega(2p - 1)); a pure state <H> - e_0."""
    for p in (0.1, 0.5, 0.8):
        assert qubit_ergotropy(np.diag([1 - p, p]), (0.0, 2.0)) == pytest.approx(
            max(0.0, 2.0 * (2 * p - 1)), abs=ROUND_OFF
        )
    plus = np.full((2, 2), 0.5)
    assert qubit_ergotropy(plus, (-0.5, 0.5)) == pytest.approx(0.5, abs=ROUND_OFF)


def test_qutip_references_agree_with_the_closed_forms() -> None:
    zeno = qutip_zeno_state(0.1, 0.5, 20.0)
    difference = float(np.real(zeno[1, 1] - zeno[0, 0]))
    assert difference == pytest.approx(zeno_population_difference(0.1, 0.5, 20.0), abs=MESOLVE)
    state = qutip_feedback_state(1.0, 0.8, 0.8, 12.0)
    assert float(np.real(state[1, 1])) == pytest.approx(
        feedback_excited_population(1.0, 0.8, 0.8, 12.0), abs=MESOLVE
    )


def _zeno_outcome(shift: float) -> Outcome:
    """The Zeno entry's outcome built from the closed form, ``shift`` added to every value."""
    document = tomllib.loads(entry("gherardini2020_zeno").text())
    intervals = document["sweep"]["axes"]["measurement.interval"]
    values = [max(zeno_population_difference(0.1, t, 20.0), 0.0) + shift for t in intervals]
    data = xr.Dataset(
        {"final_ergotropy": ("measurement.interval", values)},
        coords={"measurement.interval": intervals},
    )
    return Outcome(data, None, document, quick=False)


def _feedback_outcome(shift: float) -> Outcome:
    document = tomllib.loads(entry("mitchison2021_feedback").text())
    axes = document["sweep"]["axes"]
    etas, gains = axes["measurement.efficiency"], axes["measurement.feedback.gain"]
    values = [
        [max(2 * feedback_excited_population(1.0, g, e, 12.0) - 1, 0.0) + shift for g in gains]
        for e in etas
    ]
    data = xr.Dataset(
        {"final_ergotropy": (("measurement.efficiency", "measurement.feedback.gain"), values)},
        coords={"measurement.efficiency": etas, "measurement.feedback.gain": gains},
    )
    return Outcome(data, None, document, quick=False)


@pytest.mark.parametrize(
    ("name", "outcome"),
    [("gherardini2020_zeno", _zeno_outcome), ("mitchison2021_feedback", _feedback_outcome)],
)
def test_comparisons_pass_the_closed_form_and_fail_a_shifted_one(name: str, outcome: Any) -> None:
    """The comparison accepts data equal to the closed form and rejects it shifted by 1e-4
    (the independent checks must be able to fail)."""
    compare = entry(name).compare
    assert all(check.passed for check in compare(outcome(0.0)))
    failed = [check.source for check in compare(outcome(1e-4)) if check.passed is False]
    assert {"closed form", "QuTiP"} <= set(failed)
