"""The gallery: every entry's quick run through the sweep path (its independent checks judged,
the paper's scalings reported), the full runs (marked ``reproduction``), the command line and
the documentation pages."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from qbattery.cli import app
from qbattery.experiment import Sweep, load
from qbattery.gallery import ENTRIES, Check, entry, entry_names, reproduce
from qbattery.gallery.many_body import free_chain_power

DOCS = Path(__file__).resolve().parents[2] / "docs" / "gallery"

runner = CliRunner()


def test_list_prints_the_names_one_per_line() -> None:
    result = runner.invoke(app, ["reproduce", "--list"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == entry_names()
    assert len(entry_names()) >= 5


def test_unknown_entry_is_one_line_with_a_suggestion(tmp_path: Path) -> None:
    result = runner.invoke(app, ["reproduce", "ferraro", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0
    assert "ferraro2018_dicke" in result.stderr


def test_missing_out_is_one_line() -> None:
    result = runner.invoke(app, ["reproduce", "le2018_xxz_chain"])
    assert result.exit_code == 1
    assert "--out" in result.stderr


@pytest.mark.parametrize("name", list(ENTRIES))
def test_entry_file_is_a_sweep_and_has_a_page(name: str, tmp_path: Path) -> None:
    file = tmp_path / f"{name}.toml"
    file.write_text(entry(name).text())
    assert isinstance(load(file), Sweep)
    page = (DOCS / f"{name}.md").read_text()
    assert f"qbattery reproduce {name}" in page
    assert entry(name).citation.split(",")[-1].strip() in page  # its journal reference
    assert f"({name}.md)" in (DOCS / "index.md").read_text()


def test_checks_judge_within_above_and_quick() -> None:
    within = Check("q", "r", "paper", 1.0, 0.1, 1.05)
    above = Check("q", "r", "paper", 1.0, 0.2, 1.1, kind="above")
    quick = Check("q", "r", "paper", 1.0, 0.1, 3.0, checked=False)
    assert within.passed is True and above.passed is False and quick.passed is None
    assert quick.row()["passed"] == "not judged (quick)"


def test_free_chain_power_against_a_fine_grid() -> None:
    """Rabi's formula W(t) = N omega (h/Omega)^2 sin^2(Omega t), maximised on a fine grid."""
    n, omega, field = 3, 1.0, 0.7
    rabi = math.sqrt(field**2 + omega**2 / 4)
    times = np.linspace(1e-4, 10, 400001)
    power = n * omega * (field / rabi) ** 2 * np.sin(rabi * times) ** 2 / times
    assert free_chain_power(n, omega, field) == pytest.approx(power.max(), rel=1e-8)


def _files_written(out: Path, name: str) -> dict[str, object]:
    for produced in ("store.sqlite", "data.nc", "report.html", f"{name}.toml", "comparison.csv"):
        assert (out / produced).is_file(), produced
    with (out / "comparison.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert rows == json.loads((out / "comparison.json").read_text()) or len(rows) > 0
    summary = json.loads((out / "summary.json").read_text())
    assert "Comparison with" in (out / "report.html").read_text()
    return summary


@pytest.mark.parametrize("name", list(ENTRIES))
def test_quick_run_agrees_with_the_independent_computation(name: str, tmp_path: Path) -> None:
    reproduction = reproduce(name, tmp_path, quick=True)
    judged = [check for check in reproduction.checks if check.passed is not None]
    assert judged, "a quick run judges at least its independent computation"
    assert reproduction.passed, [check.row() for check in reproduction.checks]
    summary = _files_written(tmp_path, name)
    assert summary["entry"] == name and summary["quick"] is True


def test_cli_quick_run_then_full_run_resumes(tmp_path: Path) -> None:
    name = "le2018_xxz_chain"
    result = runner.invoke(app, ["reproduce", name, "--out", str(tmp_path), "--quick", "-q"])
    assert result.exit_code == 0, result.output
    quick = json.loads((tmp_path / "summary.json").read_text())["run"]["points"]
    full = reproduce(name, tmp_path)
    assert full.summary["run"]["skipped"] == quick
    assert full.summary["run"]["computed"] == full.summary["run"]["points"] - quick
    assert full.passed


@pytest.mark.reproduction
@pytest.mark.parametrize("name", list(ENTRIES))
def test_full_run_reproduces_the_paper(name: str, tmp_path: Path) -> None:
    reproduction = reproduce(name, tmp_path)
    assert all(check.checked for check in reproduction.checks)
    assert any(check.source == "paper" for check in reproduction.checks)
    assert reproduction.passed, [check.row() for check in reproduction.checks]
