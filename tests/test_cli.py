"""The command line: demo job, model catalogue, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

import qbattery as qb
from qbattery.cli import app

runner = CliRunner()


def test_demo_writes_summary_and_figure(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path), "--sizes", "1,2,3"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text())
    rows = summary["rows"]
    assert [row["n_atoms"] for row in rows] == [1, 2, 3]
    # One atom in the Dicke battery is exactly one Rabi cell (CONVENTIONS.md forms): Gamma = 1.
    assert abs(rows[0]["collective_advantage"] - 1.0) < 1e-10
    assert (tmp_path / "demo" / "dicke_vs_parallel.png").stat().st_size > 0
    assert "power_scaling_exponent" in summary


def test_dicke_with_one_atom_is_a_rabi_cell() -> None:
    times = np.linspace(0, 30, 301)
    dicke = qb.charge(qb.models.dicke(1, 0.1), times)
    rabi = qb.charge(qb.models.rabi(0.1), times)
    np.testing.assert_allclose(dicke.energy, rabi.energy, atol=1e-10)


def test_models_json_lists_the_catalogue() -> None:
    result = runner.invoke(app, ["models", "--json"])
    assert result.exit_code == 0
    entries = json.loads(result.output)
    names = {entry["name"] for entry in entries}
    assert {"dicke", "tavis_cummings", "rabi", "xxz_chain"} <= names
    assert all({"name", "parameters", "hamiltonian"} <= set(entry) for entry in entries)


def test_bad_sizes_fail_with_one_line() -> None:
    result = runner.invoke(app, ["demo", "--sizes", "1,x"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_physics_error_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path), "--coupling", "nan"])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert "Traceback" not in result.output


def test_demo_with_inverse_sqrt_scaling(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["demo", "--out", str(tmp_path), "--sizes", "1,2,4", "--coupling-scaling", "inverse_sqrt"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text())
    assert summary["coupling_scaling"] == "inverse_sqrt"
    assert abs(summary["rows"][0]["collective_advantage"] - 1.0) < 1e-10
    assert "advantage_scaling_exponent" in summary
