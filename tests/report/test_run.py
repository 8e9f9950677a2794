"""The report of one run: its figures, figures of merit as the summary states, provenance."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import qbattery as qb
from qbattery.experiment import run, validate
from qbattery.report import run_report
from tests.plotting.references import rabi_dataset, rabi_optimum, rabi_summary
from tests.report.parse import read_page


def test_run_report(tmp_path: Path) -> None:
    summary = rabi_summary()
    path = run_report(tmp_path / "run", rabi_dataset(), summary, notes=["checked by hand"])
    assert path == tmp_path / "run" / "report.html"
    names = sorted(p.name for p in (tmp_path / "run" / "figures").iterdir())
    assert names == ["charging.png", "ergotropy-energy.png", "power.png"]
    page = read_page(path)
    assert page.title == "Charging run: rabi cell"
    assert page.notes == ["checked by hand"]
    assert page.tables["table-0"] == [
        ["quantity", "value", "units"],
        ["max average power", f"{summary['max_average_power']:.6g}", "ħω²"],
        ["optimal time", f"{summary['optimal_time']:.6g}", "1/ω"],
        ["energy at optimal time", f"{summary['energy_at_optimal_time']:.6g}", "ħω"],
        ["ergotropy at optimal time", f"{summary['ergotropy_at_optimal_time']:.6g}", "ħω"],
    ]
    assert page.tables["parameters-table"][1:] == [["coupling", "0.5"], ["charger", "classical"]]
    provenance = page.tables["provenance-table"][1:]
    assert provenance[:4] == [
        ["model", "rabi cell"],
        ["method", "closed form"],
        ["versions.qbattery", "0.1.0"],
        ["versions.numpy", "2.4.6"],
    ]
    assert provenance[4][0] == "report written by"


def test_physical_units_and_no_ergotropy(tmp_path: Path) -> None:
    data = rabi_dataset(units=("meV", "ps")).drop_vars("ergotropy")
    summary = {"max_average_power": 0.1, "optimal_time": 2.0}
    page = read_page(run_report(tmp_path, data, summary))
    assert page.tables["table-0"][1:] == [
        ["max average power", "0.1", "meV/ps"],
        ["optimal time", "2", "ps"],
    ]
    assert sorted(p.name for p in (tmp_path / "figures").iterdir()) == [
        "charging.png",
        "power.png",
    ]
    assert page.title == "Charging run: battery"


def test_a_charged_battery_reports_its_own_record(tmp_path: Path) -> None:
    hb = np.diag([0.0, 1.0])
    battery = qb.Battery(np.array([[0.0, 0.5], [0.5, 0.0]]), hb, np.array([1.0, 0.0]))
    result = qb.charge(battery, np.linspace(0.0, 8.0, 161))
    page = read_page(run_report(tmp_path, result.to_xarray(), result.summary()))
    merits = dict((row[0], row[1]) for row in page.tables["table-0"][1:])
    assert merits["optimal time"] == f"{rabi_optimum()[0]:.6g}"
    assert page.notes == [f"Units: {qb.results.UNITS_NOTE}"]


def test_a_preset_experiment_reports_in_its_physical_units(tmp_path: Path) -> None:
    document = {"model": {"preset": "transmon"}, "times": {"stop": 30.0, "num": 61}}
    outcome = run(validate(document))
    summary, physical = outcome.summary(), outcome.summary()["physical"]
    page = read_page(run_report(tmp_path, outcome.dataset(), summary))
    merits = {row[0]: row[1:] for row in page.tables["table-0"][1:]}
    assert merits["optimal time"] == [f"{physical['optimal_time']['ns']:.6g}", "ns"]
    power = physical["max_average_power"]["ueV/ns"]
    assert merits["max average power"] == [f"{power:.6g}", "ueV/ns"]
    assert merits["energy at optimal time"][1] == "ueV"
