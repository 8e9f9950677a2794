"""The [initial_state] table and the capacity outputs: Werner and noisy pairs against their
closed forms (spectra and reduced states written out by hand), and the errors at their lines."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qbattery.experiment import Experiment, ExperimentFileError, evaluate_point, load, run

PAIR = """
outputs = ["capacity", "local_capacity", "final_energy"]

[model]
name = "global_charging"
n_spins = 2
coupling = {coupling}

[initial_state]
{state}

[times]
stop = 1.0
num = 11
"""


def _outputs(write, state: str, coupling: float = 0.5) -> dict:
    experiment = load(write(PAIR.format(state=state, coupling=coupling)))
    assert isinstance(experiment, Experiment)
    return evaluate_point(experiment.document())


@pytest.mark.parametrize("p", [0.0, 0.2, 1 / 3, 0.6, 1.0])
def test_werner_capacity_is_2_omega_p_with_no_local_capacity(write, p: float) -> None:
    """Spectrum {(1 + 3p)/4, (1 - p)/4 x 3} against levels 0, 1, 1, 2: C = 2p; both marginals
    are 1/2 (whatever p), so each cell's capacity is 0; the singlet does not couple to the
    |gg> <-> |ee> swap, so the energy stays at 1 (nothing stored)."""
    outputs = _outputs(write, f'kind = "werner"\nweight = {p!r}')
    assert outputs["capacity"] == pytest.approx(2 * p, abs=1e-12)
    assert outputs["local_capacity"] == pytest.approx(0.0, abs=1e-9)
    assert outputs["final_energy"] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize(("angle", "weight"), [(0.0, 1.0), (0.3, 1.0), (0.3, 0.4), (0.7, 0.8)])
def test_pair_capacities_follow_the_swap(write, angle: float, weight: float) -> None:
    """After t = 1 of H = 2 g (|gg><ee| + h.c.), g = 0.5, |gg> -> cos(1)|gg> - i sin(1)|ee>:
    each cell is diagonal with populations (1 +- w cos(2 angle) cos(2)) / 2."""
    outputs = _outputs(write, f'kind = "pair"\nangle = {angle!r}\nweight = {weight!r}')
    assert outputs["capacity"] == pytest.approx(2 * weight, abs=1e-12)
    local = 2 * weight * abs(math.cos(2 * angle) * math.cos(2.0))
    assert outputs["local_capacity"] == pytest.approx(local, abs=1e-8)
    psi = np.array([math.cos(angle), 0, 0, math.sin(angle)], dtype=complex)
    swap = np.array(
        [
            [math.cos(1.0), 0, 0, -1j * math.sin(1.0)],
            [0, 1, 0, 0],
            [0, 0, 1, 0],
            [-1j * math.sin(1.0), 0, 0, math.cos(1.0)],
        ]
    )
    rho = weight * np.outer(psi, psi.conj()) + (1 - weight) * np.eye(4) / 4
    h_b = np.diag([0.0, 1.0, 1.0, 2.0])
    stored = np.trace(h_b @ swap @ rho @ swap.conj().T) - np.trace(h_b @ rho)
    assert outputs["final_energy"] == pytest.approx(float(np.real(stored)), abs=1e-10)


def _refused(path, *fragments: str, line: int | None = None) -> None:
    with pytest.raises(ExperimentFileError) as info:
        run(load(path))
    message = str(info.value)
    assert "\n" not in message
    if line is not None:
        assert message.startswith(f"{path}:{line}: "), message
    for fragment in fragments:
        assert fragment in message, message


def test_werner_needs_its_weight(write) -> None:
    text = PAIR.format(state='kind = "werner"', coupling=0.5)
    _refused(write(text), "initial_state", "needs weight; add it", line=8)


def test_pair_refuses_a_weight_above_one(write) -> None:
    state = 'kind = "pair"\nangle = 0.1\nweight = 1.5'
    _refused(write(PAIR.format(state=state, coupling=0.5)), "initial_state.weight", line=11)


def test_werner_refuses_an_angle(write) -> None:
    state = 'kind = "werner"\nweight = 0.5\nangle = 0.1'
    _refused(write(PAIR.format(state=state, coupling=0.5)), "initial_state.angle", "not angle")


def test_unknown_kind_is_refused(write) -> None:
    _refused(write(PAIR.format(state='kind = "bell"', coupling=0.5)), "initial_state.kind")


def test_a_battery_that_is_not_two_qubits_is_refused_at_the_table(write) -> None:
    text = PAIR.format(state='kind = "werner"\nweight = 0.5', coupling=0.5)
    text = text.replace("n_spins = 2", "n_spins = 3")
    _refused(write(text), "initial_state", "two qubits", line=8)


def test_collective_advantage_with_an_initial_state_is_refused(write) -> None:
    text = PAIR.format(state='kind = "werner"\nweight = 0.5', coupling=0.5).replace(
        '"final_energy"]', '"collective_advantage"]'
    )
    _refused(write(text), "outputs", "leave it out with [initial_state]")
