"""The ``[collisions]`` table: a battery charged by a stream of thermal two-level units.

Expected values are the closed form of the collision map for a qubit battery and qubit units:
only ``|e g> <-> |g e>`` (exchange) or ``|g g> <-> |e e>`` (pair) are coupled, a two-level
problem with detuning ``Delta = omega -+ omega_A`` and transfer probability
``q = J^2 / Omega^2 sin^2(Omega tau)``, ``Omega^2 = J^2 + Delta^2 / 4``, per collision, so the
excited population after n collisions from ``|g>`` is ``p* (1 - (1 - q)^n)`` with ``p*`` the
units' excited (exchange) or ground (pair) population.
"""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from qbattery.cli import app
from qbattery.experiment import ExperimentFileError, Sweep, evaluate_point, load, run

FILE = textwrap.dedent("""
    title = "units"
    outputs = ["final_energy", "final_ergotropy", "max_average_power", "energy", "times"]

    [model]
    name = "tavis_cummings"
    n_atoms = 1
    coupling = 0.0
    photons = 0
    space = "full"
    omega_a = 1.5

    [collisions]
    interaction = "pair"
    strength = 0.7
    collision_time = 0.9
    n_collisions = 25
    subsystem = 1
    ancilla_frequency = 1.2
    temperature = 0.8
""").lstrip()


def closed_form(
    n: np.ndarray,
    interaction: str,
    *,
    omega: float,
    omega_a: float,
    strength: float,
    tau: float,
    temperature: float,
) -> np.ndarray:
    detuning = omega - omega_a if interaction == "exchange" else omega + omega_a
    rabi_squared = strength**2 + detuning**2 / 4
    q = strength**2 / rabi_squared * math.sin(tau * math.sqrt(rabi_squared)) ** 2
    excited = 1 / (1 + math.exp(omega_a / temperature))
    target = excited if interaction == "exchange" else 1 - excited
    return target * (1 - (1 - q) ** n)


@pytest.mark.parametrize("interaction", ["exchange", "pair"])
def test_energy_after_each_collision_is_the_closed_form(write, interaction: str) -> None:
    experiment = load(write(FILE.replace('"pair"', f'"{interaction}"')))
    result = run(experiment).result
    n = np.arange(26)
    expected = 1.5 * closed_form(
        n, interaction, omega=1.5, omega_a=1.2, strength=0.7, tau=0.9, temperature=0.8
    )
    np.testing.assert_allclose(result.times, 0.9 * n, atol=1e-12)
    np.testing.assert_allclose(result.energy, expected, atol=1e-12)


def test_pair_steady_state_is_the_gibbs_state_at_minus_t(write) -> None:
    """Ergotropy omega (p_e - p_g) = omega tanh(omega_A / 2T); exchange leaves it passive."""
    text = FILE.replace("n_collisions = 25", "n_collisions = 200")
    pair = evaluate_point(load(write(text)).document())
    assert pair["final_ergotropy"] == pytest.approx(1.5 * math.tanh(1.2 / 1.6), abs=1e-10)
    exchange = evaluate_point(load(write(text.replace('"pair"', '"exchange"'))).document())
    assert exchange["final_ergotropy"] == pytest.approx(0.0, abs=1e-12)
    assert exchange["final_energy"] > 0  # heated, but passive


def test_zero_temperature_units_charge_fully(write) -> None:
    text = FILE.replace("temperature = 0.8", "temperature = 0.0").replace("25", "200")
    values = evaluate_point(load(write(text)).document())
    assert values["final_ergotropy"] == pytest.approx(1.5, abs=1e-10)


def test_max_average_power_is_over_the_collisions(write) -> None:
    """Stroboscopic: max_n W_n / (n tau), not refined between collisions."""
    values = evaluate_point(load(write(FILE)).document())
    n = np.arange(1, 26)
    energy = 1.5 * closed_form(
        n, "pair", omega=1.5, omega_a=1.2, strength=0.7, tau=0.9, temperature=0.8
    )
    assert values["max_average_power"] == pytest.approx(np.max(energy / (0.9 * n)), abs=1e-12)
    assert np.shape(values["energy"]) == (26,)


def test_sweep_over_the_temperature(write) -> None:
    sweep = load(write(FILE + '\n[sweep.axes]\n"collisions.temperature" = [0.5, 2.0]\n'))
    assert isinstance(sweep, Sweep)
    finals = [evaluate_point(p.document)["final_energy"] for p in sweep.points()]
    assert finals[0] > finals[1]  # hotter units charge less (p_g^A falls towards 1/2)


def test_result_writes_and_reports_over_time(write, tmp_path: Path) -> None:
    outcome = run(load(write(FILE)))
    summary = outcome.summary()
    assert summary["method"] == "collisions" and summary["model"] == "tavis_cummings"
    dataset = outcome.dataset()
    assert dataset.sizes["time"] == 26 and dataset["energy"].attrs["units"] == "hbar*omega"
    path = write(FILE, "units.toml")
    result = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert written["method"] == "collisions"
    assert (tmp_path / "out" / "report.html").is_file()


def refused(path: Path, *fragments: str, line: int | None = None) -> None:
    with pytest.raises(ExperimentFileError) as info:
        run(load(path))
    message = str(info.value)
    assert "\n" not in message
    if line is not None:
        assert message.startswith(f"{path}:{line}: "), message
    for fragment in fragments:
        assert fragment in message, message


def test_times_with_collisions_is_refused(write) -> None:
    refused(write(FILE + "\n[times]\nstop = 1.0\nnum = 2\n"), "times", "leave out [times]", line=21)


def test_missing_times_without_collisions_is_refused(write) -> None:
    text = FILE.split("[collisions]")[0]
    refused(write(text), "times", "missing [times]")


def test_environment_with_collisions_is_refused(write) -> None:
    text = FILE + '\n[environment]\nkind = "markovian"\nemission = 0.1\n'
    refused(write(text), "environment", "closed battery", "leave out [environment]")


def test_output_without_meaning_is_refused(write) -> None:
    refused(write(FILE.replace('"times"]', '"power"]')), "outputs", "'power'", "collision", line=2)


def test_metric_not_computed_is_refused(write) -> None:
    text = 'metrics = ["energy", "fluctuations"]\n' + FILE
    refused(write(text), "metrics", "'fluctuations'", line=1)


def test_unknown_interaction_and_key_are_located(write) -> None:
    refused(write(FILE.replace('"pair"', '"swap"')), "collisions.interaction", "exchange", line=13)
    refused(write(FILE.replace("strength =", "strenght =")), "did you mean 'strength'", line=14)


def test_memory_outside_zero_one_is_refused(write) -> None:
    refused(write(FILE + "memory = 1.5\n"), "collisions.memory")


def test_subsystem_outside_the_battery_is_located(write) -> None:
    refused(
        write(FILE.replace("subsystem = 1", "subsystem = 2")),
        "collisions.subsystem",
        "use 0 to 1",
        line=17,
    )


def test_driven_battery_is_refused_where_it_is_built(write) -> None:
    text = (
        FILE.replace("coupling = 0.0", "coupling = 0.0")
        .replace(
            '[model]\nname = "tavis_cummings"\nn_atoms = 1\ncoupling = 0.0\nphotons = 0\n'
            'space = "full"\nomega_a = 1.5\n',
            '[model]\nname = "stirap_battery"\nrabi_frequency = 1.0\nduration = 5.0\n',
        )
        .replace("subsystem = 1", "subsystem = 0")
    )
    refused(write(text), "collisions", "constant one")
