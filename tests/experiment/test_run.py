"""run(), its summary and NetCDF output, and evaluate_point, against a direct qb.charge."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import xarray as xr

import qbattery as qb
from qbattery.experiment import Experiment, evaluate_point, experiment_hash, load, run

DICKE = """
seed = 2
metrics = ["energy", "power", "ergotropy", "fluctuations"]

[model]
name = "dicke"
n_atoms = 3
coupling = 0.2
charger = "fock"

[times]
stop = 8.0
num = 161
"""


def test_summary_equals_a_direct_charge(write) -> None:
    experiment = load(write(DICKE))
    assert isinstance(experiment, Experiment)
    summary = run(experiment).summary()
    direct = qb.charge(
        qb.models.dicke(3, 0.2, charger="fock"),
        np.linspace(0.0, 8.0, 161),
        fluctuations=True,
    )
    for name in ("max_average_power", "optimal_time", "energy_at_optimal_time"):
        assert summary[name] == direct.summary()[name]
    assert summary["ergotropy_at_optimal_time"] == direct.ergotropy_at_optimal_time
    assert summary["method"] == direct.method
    assert set(summary["versions"]) >= {"qbattery", "numpy", "scipy", "qutip", "python"}
    assert summary["units"]["energy"] == "hbar*omega"
    assert summary["experiment_hash"] == experiment_hash(experiment.document())


def test_write_round_trips_through_netcdf(write, tmp_path: Path) -> None:
    outcome = run(load(write(DICKE)))
    out = outcome.write(tmp_path / "out")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["max_average_power"] == outcome.result.max_average_power
    assert summary["experiment"] == outcome.experiment.document()
    with xr.open_dataset(out / "data.nc", engine="scipy") as data:
        data.load()
    np.testing.assert_array_equal(data["time"], outcome.result.times)
    for name in ("energy", "power", "ergotropy", "variance"):
        np.testing.assert_array_equal(data[name], getattr(outcome.result, name))
    assert data["energy"].attrs["units"] == "hbar*omega"
    assert data["time"].attrs["units"] == "1/omega"
    assert json.loads(data.attrs["experiment"]) == outcome.experiment.document()
    assert data.attrs["max_average_power"] == outcome.result.max_average_power


def test_user_operators_give_the_catalogue_battery(tmp_path: Path) -> None:
    battery = qb.models.xxz_chain(3, 0.5, 0.7, field=0.8)
    dense = battery.hamiltonian.static.toarray()
    np.savez(
        tmp_path / "chain.npz",
        hamiltonian=dense,
        battery_hamiltonian=np.asarray(battery.battery_hamiltonian.toarray()),
        initial_state=battery.initial_state,
        dims=np.array(battery.dims),
    )
    times = "[times]\nstop = 4.0\nnum = 81\n"
    (tmp_path / "user.toml").write_text('[model]\noperators = "chain.npz"\n' + times)
    (tmp_path / "model.toml").write_text(
        '[model]\nname = "xxz_chain"\nn_spins = 3\nJ = 0.5\ndelta = 0.7\nfield = 0.8\n' + times
    )
    user = run(load(tmp_path / "user.toml")).result
    catalogue = run(load(tmp_path / "model.toml")).result
    assert user.battery is not None and user.battery.dims == (2, 2, 2)
    np.testing.assert_allclose(user.energy, catalogue.energy, atol=1e-12)
    np.testing.assert_allclose(user.ergotropy, catalogue.ergotropy, atol=1e-12)


def test_user_operators_with_collapse_operators(tmp_path: Path) -> None:
    # a qubit decaying at rate gamma from |1>: W(t) = exp(-gamma t) - 1 (closed form)
    gamma = 0.3
    lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    np.savez(
        tmp_path / "decay.npz",
        hamiltonian=np.diag([0.0, 1.0]),
        battery_hamiltonian=np.diag([0.0, 1.0]),
        initial_state=np.array([0.0, 1.0]),
        collapse_ops=np.sqrt(gamma) * lower[None],
    )
    (tmp_path / "decay.toml").write_text(
        '[model]\noperators = "decay.npz"\n[times]\nstop = 5.0\nnum = 51\n'
    )
    result = run(load(tmp_path / "decay.toml")).result
    np.testing.assert_allclose(result.energy, np.expm1(-gamma * result.times), atol=1e-9)


def test_local_and_parallel_ergotropy_of_product_cells(write) -> None:
    # spin_ensemble is held in the Dicke basis; the XXZ chain at J = 0 is a product of cells
    text = (
        'metrics = ["energy", "ergotropy", "local_ergotropy", "parallel_ergotropy"]\n'
        '[model]\nname = "xxz_chain"\nn_spins = 2\nJ = 0.0\ndelta = 0.0\nfield = 0.5\n'
        "[times]\nstop = 2.0\nnum = 5\n"
    )
    outcome = run(load(write(text)))
    local, parallel = outcome.curves["local_ergotropy"], outcome.curves["parallel_ergotropy"]
    # uncoupled cells in pure states: each cell's ergotropy is its own, and the total is theirs
    np.testing.assert_allclose(local.sum(axis=1), outcome.result.ergotropy, atol=1e-8)
    np.testing.assert_allclose(parallel, outcome.result.ergotropy, atol=1e-8)
    assert outcome.dataset()["local_ergotropy"].dims == ("time", "cell")


def test_evaluate_point_is_picklable_and_deterministic(write) -> None:
    experiment = load(
        write(
            DICKE.replace(
                "seed = 2",
                'outputs = ["max_average_power", "energy", "method", "dimension"]\nseed = 2',
            )
        )
    )
    assert isinstance(experiment, Experiment)
    function = pickle.loads(pickle.dumps(evaluate_point))
    first = function(experiment.document())
    second = evaluate_point(experiment.document())
    assert first.keys() == second.keys() == {"max_average_power", "energy", "method", "dimension"}
    assert first["max_average_power"] == second["max_average_power"]
    assert first["energy"].tobytes() == second["energy"].tobytes()
    assert isinstance(first["dimension"], int) and first["method"] == "spectral"


def test_collective_advantage_of_one_atom_is_one(write) -> None:
    text = (
        'outputs = ["max_average_power", "parallel_max_average_power", "collective_advantage"]\n'
        '[model]\nname = "dicke"\nn_atoms = 1\ncoupling = 0.2\n[times]\nstop = 10.0\nnum = 201\n'
    )
    experiment = load(write(text))
    assert isinstance(experiment, Experiment)
    outputs = evaluate_point(experiment.document())
    rabi = qb.charge(qb.models.rabi(0.2), np.linspace(0.0, 10.0, 201))  # Dicke N = 1 is a Rabi cell
    assert np.isclose(outputs["parallel_max_average_power"], rabi.max_average_power, rtol=1e-9)
    assert np.isclose(outputs["collective_advantage"], 1.0, rtol=1e-9)


def test_max_power_and_ergotropy_at_max_energy_of_a_driven_qubit(write) -> None:
    """One resonantly driven qubit (global_charging, N = 1): W(t) = omega sin^2(g t), so
    P(t) = omega g sin(2 g t) peaks at omega g, and the state at the energy peak is |e>, pure,
    with ergotropy omega (closed form)."""
    text = (
        'metrics = ["energy", "power", "ergotropy"]\n'
        'outputs = ["max_power", "max_energy", "ergotropy_at_max_energy"]\n'
        '[model]\nname = "global_charging"\nn_spins = 1\ncoupling = 0.5\nomega = 2.0\n'
        "[times]\nstop = 4.0\nnum = 2001\n"
    )
    experiment = load(write(text))
    assert isinstance(experiment, Experiment)
    outputs = evaluate_point(experiment.document())
    # the grid (step 0.002) holds t = pi/4 and pi/2 to within 1e-3: sin^2 errors ~ 1e-6
    assert np.isclose(outputs["max_power"], 2.0 * 0.5, rtol=1e-5)
    assert np.isclose(outputs["max_energy"], 2.0, rtol=1e-5)
    assert np.isclose(outputs["ergotropy_at_max_energy"], 2.0, rtol=1e-5)


def test_ergotropy_at_max_energy_is_the_ergotropy_curve_at_the_energy_peak(write) -> None:
    """Against the run's own curves: a mixed Tavis-Cummings battery state at the peak."""
    text = (
        'outputs = ["ergotropy_at_max_energy", "max_energy"]\n'
        '[model]\nname = "tavis_cummings"\nn_atoms = 3\ncoupling = 0.1\ncharger = "coherent"\n'
        "[times]\nstop = 15.0\nnum = 301\n"
    )
    experiment = load(write(text))
    assert isinstance(experiment, Experiment)
    outputs = evaluate_point(experiment.document())
    result = run(experiment).result
    assert result.ergotropy is not None
    peak = int(np.argmax(result.energy))
    assert outputs["ergotropy_at_max_energy"] == float(result.ergotropy[peak])
    assert 0 < outputs["ergotropy_at_max_energy"] < outputs["max_energy"]
