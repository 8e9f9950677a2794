"""Pulse shapes against their formulas, and charging under them against closed forms.

A qubit with ``H(t) = lambda(t) sigma_x`` and ``H_B = |1><1|`` starting in ``|0>`` commutes with
itself at all times, so ``|psi(t)> = exp(-i Theta(t) sigma_x)|0>`` with
``Theta(t) = int_0^t lambda`` and the stored energy is ``W(t) = sin^2 Theta(t)``; Theta is
integrated by hand for each shape below.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.special import erf

from qbattery.experiment import Experiment, load, run

#: The ODE solver's defaults (atol 1e-12, rtol 1e-10) keep W within this of the closed form.
ODE_TOL = 1e-7

TIMES = np.linspace(0.0, 6.0, 61)

SHAPES = {
    "square": (
        {"amplitude": 0.4, "t_on": 1.0, "duration": 2.5},
        lambda t, a, t_on, d: a * np.clip(t - t_on, 0, d),
    ),
    "sin2": (
        {"amplitude": 0.5, "t_on": 0.5, "duration": 4.0},
        lambda t, a, t_on, d: (
            a
            * (
                np.clip(t - t_on, 0, d) / 2
                - d / (4 * np.pi) * np.sin(2 * np.pi * np.clip(t - t_on, 0, d) / d)
            )
        ),
    ),
    "ramp": (
        {"amplitude": 0.3, "duration": 2.0},
        lambda t, a, d: np.where(
            t < d, a * (t / 2 - d / (2 * np.pi) * np.sin(np.pi * t / d)), a * d / 2 + a * (t - d)
        ),
    ),
    "gaussian": (
        {"amplitude": 0.6, "center": 3.0, "width": 0.8},
        lambda t, a, c, w: (
            a
            * w
            * np.sqrt(np.pi / 2)
            * (erf((t - c) / (np.sqrt(2) * w)) - erf(-c / (np.sqrt(2) * w)))
        ),
    ),
    "harmonic": (
        {"amplitude": 0.5, "frequency": 1.3, "phase": 0.4, "duration": 4.0},
        lambda t, a, w, phi, d: (
            a * (np.sin(w * np.minimum(t, d) + phi) - np.sin(phi)) / w
            + a * np.cos(w * d + phi) * np.maximum(t - d, 0)
        ),
    ),
    "piecewise": (
        {"edges": [0.5, 1.5, 4.0], "values": [0.7, -0.2]},
        lambda t, edges, values: (
            np.clip(t - edges[0], 0, edges[1] - edges[0]) * values[0]
            + np.clip(t - edges[1], 0, edges[2] - edges[1]) * values[1]
        ),
    ),
}


def _lambda(shape: str, parameters: dict, t: np.ndarray) -> np.ndarray:
    """lambda(t) by its formula (protocol module docstring), for comparison."""
    p = parameters
    if shape == "square":
        return np.where((t >= p["t_on"]) & (t < p["t_on"] + p["duration"]), p["amplitude"], 0.0)
    if shape == "sin2":
        inside = (t >= p["t_on"]) & (t <= p["t_on"] + p["duration"])
        return np.where(
            inside, p["amplitude"] * np.sin(np.pi * (t - p["t_on"]) / p["duration"]) ** 2, 0
        )
    if shape == "ramp":
        return (
            p["amplitude"] * np.sin(np.pi * np.clip(t, 0, p["duration"]) / (2 * p["duration"])) ** 2
        )
    if shape == "harmonic":
        held = np.minimum(t, p["duration"])
        return p["amplitude"] * np.cos(p["frequency"] * held + p["phase"])
    if shape == "gaussian":
        return p["amplitude"] * np.exp(-((t - p["center"]) ** 2) / (2 * p["width"] ** 2))
    index = np.searchsorted(p["edges"], t, side="right") - 1
    inside = (index >= 0) & (index < len(p["values"]))
    return np.where(inside, np.asarray(p["values"])[np.clip(index, 0, 1)], 0.0)


def _experiment(shape: str, parameters: dict, tmp_path: Path) -> Experiment:
    sigma_x = np.array([[0.0, 1.0], [1.0, 0.0]])
    np.savez(
        tmp_path / "qubit.npz",
        hamiltonian=np.zeros((2, 2)),
        charging_hamiltonian=sigma_x,
        battery_hamiltonian=np.diag([0.0, 1.0]),
        initial_state=np.array([1.0, 0.0]),
    )
    values = "\n".join(f"{key} = {value!r}" for key, value in parameters.items())
    text = (
        f'[model]\noperators = "qubit.npz"\n\n[protocol]\nshape = "{shape}"\n{values}\n\n'
        f"[times]\nvalues = {TIMES.tolist()!r}\n"
    )
    (tmp_path / "qubit.toml").write_text(text)
    experiment = load(tmp_path / "qubit.toml")
    assert isinstance(experiment, Experiment)
    return experiment


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_pulse_values_follow_their_formula(shape: str, tmp_path: Path) -> None:
    parameters, _ = SHAPES[shape]
    protocol = _experiment(shape, parameters, tmp_path).protocol
    assert protocol is not None
    t = np.linspace(-1.0, 7.0, 161)
    np.testing.assert_allclose(protocol.function()(t), _lambda(shape, parameters, t), atol=1e-15)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_driven_qubit_stores_sin2_of_the_pulse_area(shape: str, tmp_path: Path) -> None:
    parameters, area = SHAPES[shape]
    result = run(_experiment(shape, parameters, tmp_path)).result
    theta = area(TIMES, *parameters.values())
    np.testing.assert_allclose(result.energy, np.sin(theta) ** 2, atol=ODE_TOL)


def test_step_on_a_catalogue_model_is_the_model_itself(write) -> None:
    model = '[model]\nname = "xxz_chain"\nn_spins = 3\nJ = 0.5\ndelta = 0.7\nfield = 0.8\n'
    times = "[times]\nstop = 3.0\nnum = 31\n"
    plain = run(load(write(model + times, "plain.toml"))).result
    stepped = run(
        load(write(model + '[protocol]\nshape = "step"\nscales = "field"\n' + times, "step.toml"))
    ).result
    np.testing.assert_allclose(stepped.energy, plain.energy, atol=1e-10)


def test_energy_is_frozen_once_the_charging_field_is_off(write) -> None:
    # after t_off, H = H(field = 0) = H_B of the XXZ chain (docs/conventions.md): W is conserved
    text = (
        '[model]\nname = "xxz_chain"\nn_spins = 3\nJ = 0.5\ndelta = 0.7\nfield = 0.8\n'
        '[protocol]\nshape = "square"\nscales = "field"\nduration = 1.0\n'
        "[times]\nstop = 3.0\nnum = 31\n"
    )
    result = run(load(write(text))).result
    after = result.times >= 1.0
    assert result.energy[after][0] > 0.05
    np.testing.assert_allclose(result.energy[after], result.energy[after][0], atol=1e-10)
    np.testing.assert_allclose(result.power[after], 0.0, atol=1e-10)
