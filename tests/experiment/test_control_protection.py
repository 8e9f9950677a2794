"""``[control]`` and ``[protection]`` in experiment files.

References: Rabi's formula for a driven qubit and for the Jaynes-Cummings doublet
{|g, 1>, |e, 0>} (the excitation-conserving Tavis-Cummings cell): from |g, 1>, with coupling
g, detuning Delta and Omega = sqrt(4 g^2 + Delta^2), P_e(t) = (4 g^2 / Omega^2) sin^2(Omega t / 2);
the Bloch solution of a qubit under emission (rate gamma) for the coherence protocol; the
fields-on Rabi ladder w (1 + cos(Omega s / sqrt(2))) for the adiabatic one. The optimised
protocol's value is checked against :func:`qbattery.charge` (an independent propagator).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from scipy.optimize import brentq
from typer.testing import CliRunner

import qbattery as qb
import qbattery.experiment as ex
from qbattery.cli import app
from qbattery.experiment.locate import ExperimentFileError

W = 1.3  # the qubit's level spacing
T = 3.0


def qubit_archive(directory: Path) -> None:
    """H_0 = H_B = W |e><e|, charging_hamiltonian sigma_x, start in |g> (basis (|g>, |e>))."""
    h_b = np.diag([0.0, W])
    np.savez(
        directory / "qubit.npz",
        hamiltonian=h_b,
        battery_hamiltonian=h_b,
        charging_hamiltonian=np.array([[0.0, 1.0], [1.0, 0.0]]),
        initial_state=np.array([1.0, 0.0]),
    )


def rabi_excited(coupling: np.ndarray, detuning: float, t: float) -> np.ndarray:
    """P_e of the doublet coupled by ``coupling`` (off-diagonal element), from the lower state."""
    omega = np.sqrt(4 * coupling**2 + detuning**2)
    return (4 * coupling**2 / omega**2) * np.sin(omega * t / 2) ** 2


QUBIT = """
[model]
operators = "qubit.npz"
[control]
bound = 1.0
segments = 12
{extra}
[times]
stop = 3.0
num = 31
"""


def test_qubit_baseline_is_rabi_and_the_optimum_beats_it(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    qubit_archive(tmp_path)
    outcome = ex.run(ex.load(write(QUBIT.format(extra=""))))
    control = outcome.control
    assert control is not None
    # pure state from |g>: ergotropy = W P_e; H = W|e><e| + a sigma_x is a doublet with
    # off-diagonal a and detuning W
    scan = np.linspace(-1.0, 1.0, 21)
    closed = W * rabi_excited(scan, W, T)
    assert control.baseline == pytest.approx(closed.max(), abs=1e-10)
    assert W * rabi_excited(np.array(control.baseline_coupling), W, T) == pytest.approx(
        closed.max(), abs=1e-10
    )
    assert control.value >= control.baseline
    assert control.gain > 1.5  # the best constant reaches 0.46 W of the full W
    document = {**ex.load(write(QUBIT.format(extra=""))).document(), "outputs": ["control_gain"]}
    assert ex.evaluate_point(document)["control_gain"] == pytest.approx(control.gain, rel=1e-12)
    # the optimised protocol charged by qbattery.charge on the file's grid (T = grid end)
    assert outcome.curves["optimised_ergotropy"][-1] == pytest.approx(control.value, abs=1e-8)
    amplitudes = np.array(control.summary()["amplitudes"])
    assert np.all(np.abs(amplitudes) <= 1.0 + 1e-12)
    grid = outcome.result.times
    inside = grid < T - 1e-12
    edges = np.array(control.summary()["edges"])
    expected = amplitudes[np.searchsorted(edges, grid[inside], side="right") - 1]
    np.testing.assert_array_equal(outcome.curves["control_coupling"][inside], expected)
    summary = json.loads(json.dumps(outcome.summary()))
    assert summary["control"]["gain"] == pytest.approx(control.gain)
    written = outcome.write(tmp_path / "out")
    with xr.open_dataset(written / "data.nc", engine="scipy") as data:
        np.testing.assert_allclose(
            data["control_coupling"].values, outcome.curves["control_coupling"]
        )


def test_open_qubit_baseline_against_independent_lindblad_runs(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    # emission at rate 0.3: the optimiser propagates the Lindblad equation by exact Liouvillian
    # exponentials; the baseline is checked against qbattery.charge's Lindblad solver
    qubit_archive(tmp_path)
    extra = 'scan = 5\n[environment]\nkind = "markovian"\nemission = 0.3'
    outcome = ex.run(ex.load(write(QUBIT.format(extra=extra))))
    control = outcome.control
    assert control is not None
    h_b = np.diag([0.0, W])
    sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    values = []
    for a in np.linspace(-1.0, 1.0, 5):
        battery = qb.local_noise(qb.Battery(h_b + a * sx, h_b, np.array([1.0, 0.0])), emission=0.3)
        result = qb.charge(battery, np.linspace(0.0, T, 7), method="lindblad")
        values.append(float(result.ergotropy[-1]))
    assert control.baseline == pytest.approx(max(values), abs=1e-7)
    assert control.value >= control.baseline
    assert outcome.curves["optimised_ergotropy"][-1] == pytest.approx(control.value, abs=1e-7)


TAVIS = """
[model]
name = "tavis_cummings"
n_atoms = 1
space = "full"
coupling = 0.1
omega_a = 1.4
[control]
objective = "power"
bound = 0.3
segments = 8
{extra}
[times]
stop = 4.0
num = 9
"""


@pytest.mark.parametrize("compare", [True, False])
def test_tavis_cummings_baseline_in_coupling_units(
    write: Callable[..., Path], compare: bool
) -> None:
    flag = "true" if compare else "false"
    outcome = ex.run(ex.load(write(TAVIS.format(extra=f"compare_with_constant = {flag}"))))
    control = outcome.control
    assert control is not None
    # H = a^dag a + 1.4 J_z + lambda (J_+ a + J_- a^dag): from |g, 1> the doublet has coupling
    # lambda (omega_c = 1), detuning 0.4; the stored energy is 1.4 P_e, the power W / T
    tried = np.linspace(-0.3, 0.3, 21) if compare else np.array([0.1])
    closed = 1.4 * rabi_excited(tried, 0.4, 4.0) / 4.0
    assert control.baseline == pytest.approx(closed.max(), abs=1e-10)
    assert control.baseline_kind == ("best_constant" if compare else "model")
    assert control.value >= control.baseline - 1e-12
    assert outcome.curves["optimised_energy"][-1] / 4.0 == pytest.approx(control.value, abs=1e-8)
    if not compare:  # the model as written is the charging run of the experiment itself
        assert outcome.result.energy[-1] / 4.0 == pytest.approx(control.baseline, abs=1e-8)


def test_free_duration_and_fourier_basis(tmp_path: Path, write: Callable[..., Path]) -> None:
    qubit_archive(tmp_path)
    extra = 'objective = "power"\nbasis = "fourier"\nfree_duration = [0.5, 2.5]\nduration = 2.0'
    outcome = ex.run(ex.load(write(QUBIT.format(extra=extra))))
    control = outcome.control
    assert control is not None
    duration = control.summary()["duration"]
    assert 0.5 <= duration <= 2.5
    # the optimiser starts from the best constant at T = 2 and can only improve on it
    closed = W * rabi_excited(np.linspace(-1.0, 1.0, 21), W, 2.0) / 2.0
    assert control.baseline == pytest.approx(closed.max(), abs=1e-10)
    assert control.value >= control.baseline
    # the fourier protocol stays inside the bound
    assert np.max(np.abs(control.summary()["amplitudes"])) <= 1.0


def test_coherence_protection_lifetimes_against_the_bloch_solution(
    write: Callable[..., Path],
) -> None:
    p, gamma, fraction = 0.8, 0.7, 0.5
    path = write(
        f"""
        [model]
        name = "rabi"
        coupling = 1.0
        [protection]
        kind = "coherence"
        stored_fraction = {p}
        emission = {gamma}
        [times]
        stop = 6.0
        num = 61
        """
    )
    outcome = ex.run(ex.load(path))
    protection = outcome.protection
    assert protection is not None

    def incoherent(t: float) -> float:  # 2 p e^{-gamma t} - 1
        return 2 * p * np.exp(-gamma * t) - 1

    def coherent(t: float) -> float:  # (z + |r|) / 2, |rho_eg| = sqrt(p (1 - p)) e^{-gamma t / 2}
        z = incoherent(t)
        return (z + np.sqrt(z**2 + 4 * p * (1 - p) * np.exp(-gamma * t))) / 2

    bare = brentq(lambda t: incoherent(t) - fraction * incoherent(0.0), 0.0, 6.0)
    kept = brentq(lambda t: coherent(t) - fraction * coherent(0.0), 0.0, 6.0)
    tolerance = protection.protected.time_tolerance
    assert protection.unprotected.ergotropy_lifetime == pytest.approx(bare, abs=tolerance)
    assert protection.protected.ergotropy_lifetime == pytest.approx(kept, abs=tolerance)
    times = outcome.curves["storage_time"]
    np.testing.assert_allclose(
        outcome.curves["unprotected_ergotropy"],
        np.maximum([incoherent(t) for t in times], 0.0),
        atol=1e-7,
    )
    summary = outcome.summary()["protection"]
    assert summary["lifetime_gain"] == pytest.approx(protection.lifetime_gain)
    # what a sweep point records (``outputs``)
    names = ["protected_lifetime", "unprotected_lifetime", "lifetime_gain"]
    document = {**ex.load(path).document(), "outputs": names}
    outputs = ex.evaluate_point(document)
    assert outputs["unprotected_lifetime"] == pytest.approx(bare, abs=tolerance)
    assert outputs["lifetime_gain"] == pytest.approx(protection.lifetime_gain)
    assert outcome.dataset()["protected_ergotropy"].dims == ("storage_time",)


def test_adiabatic_protection_against_the_fields_on_rabi_ladder(
    write: Callable[..., Path],
) -> None:
    omega = 7.0
    path = write(
        f"""
        [model]
        name = "rabi"
        coupling = 1.0
        [protection]
        kind = "adiabatic"
        rabi_frequency = {omega}
        duration = 3.0
        [times]
        stop = 2.0
        num = 81
        """
    )
    protection = ex.run(ex.load(path)).protection
    assert protection is not None
    # unprotected energy w (1 + cos(Omega s / sqrt 2)) (w = 1): its ergotropy falls to half at
    # pi / (sqrt 2 Omega); the adiabatically charged battery keeps its charge
    assert protection.unprotected.ergotropy_lifetime == pytest.approx(
        np.pi / (np.sqrt(2) * omega), abs=1e-6
    )
    assert protection.protected.ergotropy_lifetime is None
    assert protection.lifetime_gain == float("inf")


FLOQUET = """
outputs = ["protected_lifetime", "unprotected_lifetime", "lifetime_gain"]
[model]
name = "rabi"
coupling = 1.0
[protection]
kind = "floquet"
n_sites = 24
cavity_frequency = 5.0
hopping = 0.5
coupling = 0.3
emitter_frequency = 5.0
drive_amplitude = 7.214478
drive_frequency = 3.0
periods = 5
substeps = 2
[times]
stop = 1.0
num = 3
"""


def test_floquet_protection_unprotected_trace_against_diagonalisation(
    write: Callable[..., Path],
) -> None:
    outcome = ex.run(ex.load(write(FLOQUET)))
    protection = outcome.protection
    assert protection is not None
    # the undriven emitter in the array: <e| exp(-i H t) |e> from the eigenvectors of the
    # single-excitation Hamiltonian (emitter first, then the 40 cavities in a chain)
    h = np.diag(np.full(25, 5.0))
    h[0, 1] = h[1, 0] = 0.3
    for k in range(1, 24):
        h[k, k + 1] = h[k + 1, k] = 0.5
    energies, vectors = np.linalg.eigh(h)
    times = outcome.curves["storage_time"]
    amplitude = (np.abs(vectors[0]) ** 2) @ np.exp(-1j * np.outer(energies, times))
    population = np.abs(amplitude) ** 2
    np.testing.assert_allclose(
        outcome.curves["unprotected_ergotropy"], 5.0 * np.maximum(2 * population - 1, 0), atol=1e-6
    )
    # at the first zero of J_0 the driven emitter keeps its ergotropy over the 5 periods
    assert protection.protected.ergotropy_lifetime is None
    assert protection.unprotected.ergotropy_lifetime is not None


@pytest.mark.slow
def test_control_sweep_over_the_bound(tmp_path: Path) -> None:
    text = 'outputs = ["control_value", "control_baseline", "control_gain"]\n' + TAVIS.format(
        extra=""
    )
    file = tmp_path / "sweep.toml"
    file.write_text(text + '[sweep.axes]\n"control.bound" = [0.1, 0.2]\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["sweep", str(file), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    with xr.open_dataset(out / "data.nc", engine="scipy") as data:
        chosen = {"control.bound": [0.1, 0.2]}
        baseline = data["control_baseline"].sel(chosen).values
        value = data["control_value"].sel(chosen).values
        gain = data["control_gain"].sel(chosen).values
    for bound, stored in zip((0.1, 0.2), baseline, strict=True):
        closed = 1.4 * rabi_excited(np.linspace(-bound, bound, 21), 0.4, 4.0) / 4.0
        assert stored == pytest.approx(closed.max(), abs=1e-10)
    assert np.all(value >= baseline - 1e-12)
    np.testing.assert_allclose(gain, value / baseline)


def test_the_command_line_prints_the_control_and_protection_rows(
    tmp_path: Path, write: Callable[..., Path]
) -> None:
    qubit_archive(tmp_path)
    text = QUBIT.format(extra="") + (
        '[protection]\nkind = "coherence"\nstored_fraction = 0.8\nemission = 1.0\n'
    )
    path = write(text)
    result = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for label in ("optimised ergotropy", "control gain", "protected lifetime", "lifetime gain"):
        assert label in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["protection"]["unprotected"]["passive_time"] == pytest.approx(
        np.log(1.6), abs=1e-8
    )


def test_protection_with_a_preset_is_refused(write: Callable[..., Path]) -> None:
    path = write(
        '[model]\npreset = "quantum_dot"\n[protection]\nkind = "coherence"\n'
        "stored_fraction = 0.8\n[times]\nstop = 1.0\nnum = 3\n"
    )
    with pytest.raises(ExperimentFileError, match=r"protection.*dimensionless"):
        ex.load(path)


@pytest.mark.parametrize(
    ("top", "tables", "fragment"),
    [
        ("", '[control]\nbound = 1.0\nobjective = "speed"', "objective"),
        ("", "[control]\nbound = -1.0", "bound"),
        ("", "[control]\nbound = 1.0\nfree_duration = [2.0, 1.0]", "free_duration"),
        ("", "[control]\nbound = 1.0\nduration = 5.0\nfree_duration = [1.0, 2.0]", "duration"),
        ("", '[control]\nbound = 1.0\nscales = "omega_q"', "scales"),
        ("", '[control]\nbound = 1.0\n[protocol]\nshape = "step"\nscales = "coupling"', "control"),
        ("", '[protection]\nkind = "zeno"', "kind"),
        ("", '[protection]\nkind = "coherence"\nstored_fraction = 1.5', "stored_fraction"),
        ('outputs = ["control_gain"]', "", "outputs"),
        (
            "",
            '[protection]\nkind = "floquet"\nn_sites = 5\ncavity_frequency = 5.0\nhopping = 0.5\n'
            "coupling = 0.3\nemitter_frequency = 5.0\ndrive_amplitude = 1.0\n"
            "drive_frequency = 0.1\nperiods = 50",
            "periods",
        ),
    ],
)
def test_bad_tables_are_located_one_line_errors(
    write: Callable[..., Path], top: str, tables: str, fragment: str
) -> None:
    body = f'{top}\n[model]\nname = "rabi"\ncoupling = 0.1\n{tables}\n'
    path = write(body + "[times]\nstop = 1.0\nnum = 3\n")
    with pytest.raises(ExperimentFileError) as caught:
        ex.run(ex.load(path))
    message = str(caught.value)
    assert fragment in message and "\n" not in message
