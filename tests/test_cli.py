"""The command line: demo job, model catalogue, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import qbattery as qb
from qbattery.cli import app

runner = CliRunner()

#: A one-atom Dicke battery and a Rabi cell are the same matrices built by two constructors, so
#: their charging curves (and the demo's power ratio) differ by round-off only (observed: 0).
ROUND_OFF = 1e-12


def test_demo_writes_summary_and_figure(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path), "--sizes", "1,2,3"])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text())
    rows = summary["rows"]
    assert [row["n_atoms"] for row in rows] == [1, 2, 3]
    # One atom in the Dicke battery is exactly one Rabi cell (docs/conventions.md forms): Gamma = 1.
    assert abs(rows[0]["collective_advantage"] - 1.0) < ROUND_OFF
    assert (tmp_path / "demo" / "dicke_vs_parallel.png").stat().st_size > 0
    assert "power_scaling_exponent" in summary


def test_dicke_with_one_atom_is_a_rabi_cell() -> None:
    times = np.linspace(0, 30, 301)
    dicke = qb.charge(qb.models.dicke(1, 0.1), times)
    rabi = qb.charge(qb.models.rabi(0.1), times)
    np.testing.assert_allclose(dicke.energy, rabi.energy, atol=ROUND_OFF, rtol=0)


def test_models_json_lists_the_catalogue() -> None:
    result = runner.invoke(app, ["models", "--json"])
    assert result.exit_code == 0
    entries = json.loads(result.output)
    names = {entry["name"] for entry in entries}
    assert {"dicke", "tavis_cummings", "rabi", "xxz_chain"} <= names
    assert all({"name", "parameters", "hamiltonian"} <= set(entry) for entry in entries)


def one_line_error(result: object, status: int = 1) -> str:
    """The single error line of a failed command; a real exception would be kept apart by Typer's
    runner (``result.exception``), so check that it is only the exit."""
    assert result.exit_code == status, result.output  # type: ignore[attr-defined]
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    return lines[0]


def test_bad_sizes_fail_with_one_line() -> None:
    result = runner.invoke(app, ["demo", "--sizes", "1,x"])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_physics_error_is_one_line(tmp_path: Path) -> None:
    line = one_line_error(runner.invoke(app, ["demo", "--out", str(tmp_path), "--coupling", "nan"]))
    assert "coupling" in line


def test_zero_coupling_is_one_line(tmp_path: Path) -> None:
    # once a ZeroDivisionError traceback
    line = one_line_error(runner.invoke(app, ["demo", "--out", str(tmp_path), "--coupling", "0"]))
    assert "coupling" in line and "non-zero" in line


def test_out_pointing_at_a_file_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "a_file"
    target.write_text("keep me")
    line = one_line_error(runner.invoke(app, ["demo", "--out", str(target), "--sizes", "1"]))
    assert "out" in line and str(target) in line
    assert target.read_text() == "keep me"  # nothing already there is lost


def test_unwritable_out_is_one_line() -> None:
    # /proc takes no new directories, not even from root (CI runs as root, where chmod does not
    # stop a write); once a 91-line traceback
    result = runner.invoke(app, ["demo", "--out", "/proc/qbattery-test", "--sizes", "1"])
    line = one_line_error(result)
    assert "cannot write" in line and "/proc/qbattery-test" in line


def test_internal_error_is_one_line_unless_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    import qbattery.demo

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(qbattery.demo, "dicke_versus_parallel", broken)
    line = one_line_error(runner.invoke(app, ["demo", "--sizes", "1"]), status=2)
    assert "RuntimeError: boom" in line and "--debug" in line
    debug = runner.invoke(app, ["--debug", "demo", "--sizes", "1"])
    assert isinstance(debug.exception, RuntimeError)


def test_model_names_are_never_cut_at_80_columns() -> None:
    result = runner.invoke(app, ["models"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0
    for info in qb.models.catalogue():
        assert info.name in result.output, info.name


def test_demo_with_inverse_sqrt_scaling(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["demo", "--out", str(tmp_path), "--sizes", "1,2,4", "--coupling-scaling", "inverse_sqrt"],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text())
    assert summary["coupling_scaling"] == "inverse_sqrt"
    assert abs(summary["rows"][0]["collective_advantage"] - 1.0) < ROUND_OFF
    assert "advantage_scaling_exponent" in summary


def test_warnings_are_one_line_each(tmp_path: Path) -> None:
    # fitting from N = 1 lets the small sizes bend the exponent: warned, without source lines
    args = ["demo", "--out", str(tmp_path), "--sizes", "1,2,4,8,16", "--fit-from", "1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warned) == 2 and all("fit_range=(4, None)" in line for line in warned)
    assert "advantage.py" not in result.stderr  # no source location, no code line
    default = runner.invoke(app, ["demo", "--out", str(tmp_path), "--sizes", "1,2,4,8,16"])
    assert "warning" not in default.stderr
    assert "fitted on N = 4..16" in " ".join(default.stdout.split())


def test_version_names_qbattery_and_its_libraries() -> None:
    import numpy
    import qutip

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith(f"qbattery {qb.__version__} (")
    assert f"numpy {numpy.__version__}" in result.output
    assert f"qutip {qutip.__version__}" in result.output


def test_models_name_shows_one_model_in_full() -> None:
    result = runner.invoke(app, ["models", "tavis_cummings"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    info = qb.models.model_info("tavis_cummings")
    assert info.hamiltonian in result.output
    for parameter in info.parameters:
        assert parameter.name in result.output
    as_json = json.loads(runner.invoke(app, ["models", "tavis_cummings", "--json"]).output)
    assert as_json["name"] == "tavis_cummings" and as_json["hamiltonian"] == info.hamiltonian


def test_models_with_a_typo_suggests_the_name() -> None:
    line = one_line_error(runner.invoke(app, ["models", "dikce"]))
    assert "did you mean 'dicke'" in line


def test_models_names_are_never_cut_at_80_columns() -> None:
    result = runner.invoke(app, ["models"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    for info in qb.models.catalogue():
        assert info.name in result.output


def test_run_writes_summary_data_figures_and_report(tmp_path: Path) -> None:
    import xarray as xr

    example = Path(__file__).parents[1] / "examples" / "dicke.toml"
    result = runner.invoke(app, ["run", str(example), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary == json.loads((tmp_path / "summary.json").read_text())
    # the same battery charged directly (an independent path through the library)
    direct = qb.charge(qb.models.dicke(n_atoms=4, coupling=0.2), np.linspace(0.0, 15.0, 301))
    assert summary["max_average_power"] == pytest.approx(direct.max_average_power, rel=1e-9)
    assert summary["optimal_time"] == pytest.approx(direct.optimal_time, rel=1e-9)
    with xr.open_dataset(tmp_path / "data.nc", engine="scipy") as data:
        np.testing.assert_allclose(data["energy"].values, direct.energy, atol=1e-12)
    assert (tmp_path / "report.html").stat().st_size > 0
    assert sorted(p.name for p in (tmp_path / "figures").glob("*.png"))


def test_run_refuses_a_sweep_and_report_an_empty_directory(tmp_path: Path) -> None:
    example = Path(__file__).parents[1] / "examples" / "dicke_advantage.toml"
    line = one_line_error(runner.invoke(app, ["run", str(example), "--out", str(tmp_path)]))
    assert "qbattery sweep" in line
    line = one_line_error(runner.invoke(app, ["report", str(tmp_path)]))
    assert "holds no results" in line


def test_report_rebuilds_the_report_of_a_run(tmp_path: Path) -> None:
    example = Path(__file__).parents[1] / "examples" / "dicke.toml"
    assert runner.invoke(app, ["run", str(example), "--out", str(tmp_path), "-q"]).exit_code == 0
    (tmp_path / "report.html").unlink()
    result = runner.invoke(app, ["report", str(tmp_path), "-q"])
    assert result.exit_code == 0 and result.output == ""
    assert (tmp_path / "report.html").is_file()
