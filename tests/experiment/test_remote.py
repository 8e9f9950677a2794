"""``[remote]`` in experiment files: remote charging through a shared reservoir or a waveguide.

References (tests/README.md, "Remote charging in experiment files"):
- the library's own studies (remote_charging, waveguide_charging, bound_states) called directly;
- QuTiP's mesolve of the pseudomode model written out here (two qubits, one damped mode);
- the Markovian limit in closed form: one charger and the battery resonant with the peak,
  |c_B|^2 = (1 - e^{-gamma t})^2 / 4 with gamma = 4 g^2 / Gamma, and its derivative;
- the waveguide's long-time battery energy range ((Z_2 -+ Z_1) / 2)^2 w_0 of identical
  emitters (bound states u = (1, +-1) / sqrt(2)).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import qutip
import xarray as xr
from typer.testing import CliRunner

import qbattery.experiment as ex
from qbattery.cli import app
from qbattery.environments.pseudomodes import Lorentzian
from qbattery.environments.reservoirs import SharedReservoir
from qbattery.environments.waveguide import RectangularWaveguide
from qbattery.experiment.locate import ExperimentFileError
from qbattery.studies.remote_charging import remote_charging
from qbattery.studies.waveguide_charging import bound_states, waveguide_charging

#: The file's run and the library's are the same computation (observed bit-identical).
SAME = 1e-12
#: QuTiP's mesolve at atol 1e-10, rtol 1e-10 against the exact pseudomode propagation.
QUTIP = 1e-7

RESERVOIR = """
[remote]
kind = "shared_reservoir"
chargers = {chargers}
coupling = {coupling}
width = 1.0
method = "{method}"
n_modes = 200
ground_amplitude = {c0}
[times]
stop = {stop}
num = 201
"""

WAVEGUIDE = """
[remote]
kind = "waveguide"
frequency_ratio = 1.02
width = 1.0
height = 0.5
positions = [[0.5, 0.0], [0.5, 1.0]]
dipoles = 0.15
uv_cutoff = 10.0
n_modes = 800
[times]
stop = 40.0
num = 81
"""


def reservoir_file(
    write: Callable[..., Path], *, chargers=1, coupling=0.5, method="pseudomode", c0=0.0, stop=10.0
) -> Path:
    return write(
        RESERVOIR.format(chargers=chargers, coupling=coupling, method=method, c0=c0, stop=stop)
    )


@pytest.mark.parametrize("method", ["pseudomode", "continuum", "markovian"])
def test_shared_reservoir_is_the_library_study(write: Callable[..., Path], method: str) -> None:
    result = ex.run(ex.load(reservoir_file(write, chargers=2, coupling=0.3, method=method)))
    times = np.linspace(0, 10, 201)
    reservoir = SharedReservoir([1.0] * 3, Lorentzian(0.3, 1.0, 1.0))
    direct = remote_charging(reservoir, times, method=method, n_modes=200)
    np.testing.assert_allclose(result.result.energy, direct.battery_energy, atol=SAME)
    np.testing.assert_allclose(result.result.ergotropy, direct.battery_ergotropy, atol=SAME)
    np.testing.assert_allclose(result.curves["charger_energy"], direct.charger_energy, atol=SAME)
    assert result.result.method == method
    assert result.remote["max_battery_energy"] == pytest.approx(direct.battery_energy.max())


def test_pseudomode_run_against_qutip_mesolve(write: Callable[..., Path]) -> None:
    """H = sum_j s_j^+ s_j^- + a^dag a + g (L a^dag + h.c.), L = s_1 + s_2, collapse sqrt(G) a."""
    g, gamma, c0 = 0.5, 1.0, 0.6
    result = ex.run(ex.load(reservoir_file(write, coupling=g, c0=c0)))
    lower, cut = qutip.destroy(2), 3  # qubit basis (g, e): destroy(2) is sigma_-
    s1 = qutip.tensor(lower, qutip.qeye(2), qutip.qeye(cut))
    s2 = qutip.tensor(qutip.qeye(2), lower, qutip.qeye(cut))
    a = qutip.tensor(qutip.qeye(2), qutip.qeye(2), qutip.destroy(cut))
    big_l = s1 + s2
    h = s1.dag() * s1 + s2.dag() * s2 + a.dag() * a + g * (big_l * a.dag() + big_l.dag() * a)

    def ket(charger: int, battery: int):
        return qutip.tensor(qutip.basis(2, charger), qutip.basis(2, battery), qutip.basis(cut, 0))

    psi0 = c0 * ket(0, 0) + np.sqrt(1 - c0**2) * ket(1, 0)
    times = np.linspace(0, 10, 201)
    options = {"atol": 1e-10, "rtol": 1e-10, "nsteps": 100000}
    states = qutip.mesolve(h, psi0, times, [np.sqrt(gamma) * a], options=options).states
    rho_b = np.array([state.ptrace(1).full() for state in states])
    population = rho_b[:, 1, 1].real
    # ergotropy of a qubit with H_B = diag(0, 1): (2 p - 1 + |Bloch vector|) / 2, if positive
    bloch = np.sqrt((2 * population - 1) ** 2 + 4 * np.abs(rho_b[:, 1, 0]) ** 2)
    ergotropy = np.maximum(0.0, (2 * population - 1 + bloch) / 2)
    np.testing.assert_allclose(result.result.energy, population, atol=QUTIP)
    np.testing.assert_allclose(result.result.ergotropy, ergotropy, atol=QUTIP)
    assert result.result.ergotropy.max() > 0.05  # the coherence with |g g> gives ergotropy


def test_markovian_limit_and_its_power_in_closed_form(write: Callable[..., Path]) -> None:
    g = 0.1
    result = ex.run(ex.load(reservoir_file(write, coupling=g, method="markovian", stop=60.0)))
    rate = 4 * g**2 / 1.0
    t = np.linspace(0, 60, 201)
    decay = np.exp(-rate * t)
    np.testing.assert_allclose(result.result.energy, (1 - decay) ** 2 / 4, atol=1e-12)
    np.testing.assert_allclose(result.result.power, (1 - decay) * rate * decay / 2, atol=1e-12)
    assert result.result.ergotropy.max() == 0.0  # |c_B|^2 <= 1/4 and no coherence
    assert result.result.max_average_power > 0


def test_waveguide_is_the_library_study_and_the_bound_state_closed_form(
    write: Callable[..., Path],
) -> None:
    result = ex.run(ex.load(write(WAVEGUIDE)))
    frequency = 1.02 * np.pi
    guide = RectangularWaveguide(
        frequency, [(0.5, 0.0), (0.5, 1.0)], 0.15, width=1.0, height=0.5, uv_cutoff=10.0
    )
    direct = waveguide_charging(guide, np.linspace(0, 40, 81), n_modes=800)
    np.testing.assert_allclose(result.result.energy, direct.battery_energy, atol=SAME)
    states = bound_states(guide)
    figures = result.remote
    assert figures["bound_state_count"] == 2
    np.testing.assert_allclose(figures["bound_state_energies"], [s.energy for s in states])
    first, second = (s.residue for s in states)
    # identical emitters: u = (1, +-1) / sqrt(2); the charger keeps (Z_1 + Z_2) / 2 for ever
    assert figures["bound_state_weight"] == pytest.approx((first + second) / 2, rel=1e-12)
    expected = [frequency * ((second - first) / 2) ** 2, frequency * ((second + first) / 2) ** 2]
    np.testing.assert_allclose(
        [figures["long_time_energy_min"], figures["long_time_energy_max"]], expected, rtol=1e-10
    )
    # the exact power is the derivative of the energy (central differences on a fine grid)
    fine = ex.run(
        ex.validate({**ex.load(write(WAVEGUIDE)).document(), "times": {"stop": 0.5, "num": 501}})
    )
    slope = np.gradient(fine.result.energy, fine.result.times)
    np.testing.assert_allclose(fine.result.power[1:-1], slope[1:-1], atol=1e-5)


def test_waveguide_with_three_te_modes_runs_from_a_file(write: Callable[..., Path]) -> None:
    text = (
        WAVEGUIDE.replace("[[0.5, 0.0], [0.5, 1.0]]", "[[0.3, 0.1, 0.0], [0.6, 0.35, 1.0]]")
        .replace("n_modes = 800", "n_modes = 400\nmodes = 3")
        .replace("stop = 40.0", "stop = 15.0")
    )
    result = ex.run(ex.load(write(text)))
    assert result.remote["cutoff_frequency"] == pytest.approx(np.pi)
    guide = RectangularWaveguide(
        1.02 * np.pi,
        [(0.3, 0.1, 0.0), (0.6, 0.35, 1.0)],
        0.15,
        width=1.0,
        height=0.5,
        uv_cutoff=10.0,
        modes=3,
    )
    direct = waveguide_charging(guide, np.linspace(0, 15, 81), n_modes=400)
    np.testing.assert_allclose(result.result.energy, direct.battery_energy, atol=SAME)
    assert result.remote["bound_state_count"] == len(bound_states(guide))


def test_summary_and_dataset_carry_the_remote_figures(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    result = ex.run(ex.load(reservoir_file(write, chargers=2, coupling=2.0, stop=3.0)))
    folder = result.write(tmp_path / "out")
    summary = json.loads((folder / "summary.json").read_text())
    assert summary["model"] == "remote:shared_reservoir"
    assert summary["remote"]["max_battery_ergotropy"] > 0  # strong coupling moves it all
    with xr.open_dataset(folder / "data.nc", engine="scipy") as data:
        assert "charger_energy" in data and data.sizes["time"] == 201


def test_a_remote_sweep_through_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "sweep.toml"
    path.write_text(
        'outputs = ["max_energy", "final_charger_energy"]\n'
        + RESERVOIR.format(chargers=1, coupling=0.3, method="pseudomode", c0=0.0, stop=10.0)
        + '[sweep.axes]\n"remote.coupling" = [0.3, 2.0]\n'
    )
    runner = CliRunner()
    out = tmp_path / "out"
    done = runner.invoke(app, ["sweep", str(path), "--out", str(out), "--json"])
    assert done.exit_code == 0, done.output
    times = np.linspace(0, 10, 201)
    with xr.open_dataset(out / "data.nc", engine="scipy") as data:
        for g in (0.3, 2.0):
            run = remote_charging(SharedReservoir([1.0, 1.0], Lorentzian(g, 1.0, 1.0)), times)
            point = data.sel({"remote.coupling": g})
            assert float(point["max_energy"]) == pytest.approx(run.battery_energy.max(), abs=SAME)
            assert float(point["final_charger_energy"]) == pytest.approx(
                run.charger_energy[-1], abs=SAME
            )


RESERVOIR_TABLE = '[remote]\nkind = "shared_reservoir"\ncoupling = 0.3\nwidth = 1.0\n'
GUIDE_TABLE = (
    '[remote]\nkind = "waveguide"\nfrequency = 3.2\nwidth = 1.0\nheight = 0.5\n'
    "positions = [[0.5, 0.0], [0.5, 1.0]]\ndipoles = 0.15\nuv_cutoff = 10.0\nn_modes = 200\n"
)
TIMES = "[times]\nstop = 1.0\nnum = 3\n"


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (RESERVOIR_TABLE + 'method = "pseudomod"\n' + TIMES, ["remote.method", "pseudomode"]),
        ('[model]\nname = "rabi"\ncoupling = 0.1\n' + RESERVOIR_TABLE + TIMES, ["leave out"]),
        (RESERVOIR_TABLE + '[solver]\nmethod = "ode"\n' + TIMES, ["solver", "remote.method"]),
        (RESERVOIR_TABLE + "[control]\nbound = 0.3\n" + TIMES, ["control", "leave it out"]),
        (
            RESERVOIR_TABLE
            + '[protection]\nkind = "coherence"\nstored_fraction = 0.8\nemission = 0.7\n'
            + TIMES,
            ["protection", "leave it out"],
        ),
        ('metrics = ["fluctuations"]\n' + RESERVOIR_TABLE + TIMES, ["metrics", "fluctuations"]),
        ('outputs = ["bound_state_count"]\n' + RESERVOIR_TABLE + TIMES, ["waveguide"]),
        (
            'outputs = ["bound_state_weight"]\n[model]\nname = "rabi"\ncoupling = 0.1\n' + TIMES,
            ["needs a [remote] table"],
        ),
        (TIMES, ["[model]", "[remote]"]),
        (GUIDE_TABLE + "frequency_ratio = 1.02\n" + TIMES, ["frequency", "exactly one"]),
        (GUIDE_TABLE + "charger = 1\n" + TIMES, ["battery", "must differ"]),
        (GUIDE_TABLE + "battery = 2\n" + TIMES, ["battery", "2 positions"]),
        (GUIDE_TABLE.replace("[0.5, 1.0]]", "[1.5, 1.0]]") + TIMES, ["positions[1]", "x must"]),
        (GUIDE_TABLE + "modes = [[0, 1]]\n" + TIMES, ["modes[0]", "m >= 1"]),
        (GUIDE_TABLE + "[times]\nstop = 50.0\nnum = 3\n", ["n_modes", "raise n_modes"]),
    ],
)
def test_bad_remote_tables_are_located_one_line_errors(
    write: Callable[..., Path], text: str, fragments: list[str]
) -> None:
    with pytest.raises(ExperimentFileError) as caught:
        ex.run(ex.load(write(text)))
    message = str(caught.value)
    assert message.startswith(str(Path(caught.value.args[0].split(":")[0])))
    assert "\n" not in message.strip() and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message, message
