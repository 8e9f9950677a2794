"""``qbattery sweep``: a real sweep into a real SQLite store, resumed, grown and refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

import qbattery as qb
from qbattery.cli import app
from tests.test_cli import one_line_error

runner = CliRunner()

SWEEP = """
title = "small Dicke sweep"
[model]
name = "dicke"
n_atoms = 1
coupling = {coupling}
[times]
stop = 8.0
num = 161
[sweep.axes]
"model.n_atoms" = {sizes}
[sweep.study]
kind = "scaling"
axis = "model.n_atoms"
"""


def write(directory: Path, sizes: list[int], coupling: float = 0.2) -> Path:
    path = directory / "sweep.toml"
    path.write_text(SWEEP.format(coupling=coupling, sizes=sizes))
    return path


def sweep(file: Path, out: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["sweep", str(file), "--out", str(out), "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_sweep_stores_every_point_and_its_study(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = sweep(write(tmp_path, [1, 2, 3]), out)
    assert summary["run"]["computed"] == 3 and summary["stored"] == 3
    assert (out / "store.sqlite").is_file() and (out / "report.html").is_file()
    times = np.linspace(0.0, 8.0, 161)
    direct = [qb.charge(qb.models.dicke(n, 0.2), times).max_average_power for n in (1, 2, 3)]
    with xr.open_dataset(out / "data.nc", engine="scipy") as data:
        stored = data["max_average_power"].sel({"model.n_atoms": [1, 2, 3]}).values
    np.testing.assert_allclose(stored, direct, rtol=1e-10)
    # the exponent of a least-squares line through log P_max against log N
    slope = np.polyfit(np.log([1, 2, 3]), np.log(direct), 1)[0]
    assert summary["study"]["power_exponent"] == pytest.approx(slope, rel=1e-9)
    assert json.loads((out / "summary.json").read_text())["study"] == summary["study"]


def test_rerunning_resumes_and_growing_computes_only_new_points(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sweep(write(tmp_path, [1, 2]), out)
    again = sweep(write(tmp_path, [1, 2]), out)
    assert again["run"]["computed"] == 0 and again["run"]["skipped"] == 2
    grown = sweep(write(tmp_path, [1, 2, 4]), out)
    assert grown["run"]["computed"] == 1 and grown["stored"] == 3


def test_a_changed_experiment_is_refused_and_the_store_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sweep(write(tmp_path, [1, 2]), out)
    before = (out / "store.sqlite").read_bytes()
    result = runner.invoke(app, ["sweep", str(write(tmp_path, [1, 2], 0.3)), "--out", str(out)])
    line = one_line_error(result)
    assert "--out" in line or "another" in line
    assert (out / "store.sqlite").read_bytes() == before


def test_a_local_dask_cluster_gives_the_same_values(tmp_path: Path) -> None:
    file = write(tmp_path, [1, 2])
    sweep(file, tmp_path / "local")
    sweep(file, tmp_path / "dask", "--workers", "2")
    with (
        xr.open_dataset(tmp_path / "local" / "data.nc", engine="scipy") as local,
        xr.open_dataset(tmp_path / "dask" / "data.nc", engine="scipy") as dask,
    ):
        np.testing.assert_array_equal(local["max_average_power"], dask["max_average_power"])


def test_sweep_and_run_refuse_each_others_files(tmp_path: Path) -> None:
    single = Path(__file__).parents[1] / "examples" / "dicke.toml"
    line = one_line_error(runner.invoke(app, ["sweep", str(single), "--out", str(tmp_path)]))
    assert "qbattery run" in line
    line = one_line_error(
        runner.invoke(
            app,
            [
                "sweep",
                str(write(tmp_path, [1])),
                "--out",
                str(tmp_path / "o"),
                "--workers",
                "2",
                "--scheduler",
                "tcp://127.0.0.1:1",
            ],
        )
    )
    assert "--workers/--scheduler" in line


def test_report_rebuilds_a_sweeps_report_from_its_store(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sweep(write(tmp_path, [1, 2]), out)
    (out / "report.html").unlink()
    assert runner.invoke(app, ["report", str(out), "-q"]).exit_code == 0
    assert "max_average_power" in (out / "report.html").read_text()


def test_curve_outputs_are_stored_over_time_and_reported(tmp_path: Path) -> None:
    """Arrays over time (``energy``) share the dimension ``time``, whose coordinate is the shared
    ``times`` output; the report leaves them out of its points table instead of crossing their
    dimensions."""
    file = tmp_path / "curves.toml"
    file.write_text(
        SWEEP.format(coupling=0.2, sizes=[1, 2]).replace(
            'title = "small Dicke sweep"',
            'title = "curves"\noutputs = ["max_average_power", "times", "energy"]',
        )
    )
    out = tmp_path / "out"
    sweep(file, out)
    with xr.open_dataset(out / "data.nc", engine="scipy") as data:
        assert data["energy"].dims == ("model.n_atoms", "time")
        times = np.linspace(0.0, 8.0, 161)
        np.testing.assert_array_equal(data["time"].values, times)
        direct = qb.charge(qb.models.dicke(2, 0.2), times).energy
        np.testing.assert_allclose(
            data["energy"].sel({"model.n_atoms": 2}).values, direct, atol=1e-10
        )
    assert "Curves over time not drawn here" in (out / "report.html").read_text()
