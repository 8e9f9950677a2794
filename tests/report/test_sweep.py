"""The report of a sweep: a figure per output, power laws over N, every point in a table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from qbattery.report import sweep_report
from qbattery.report.sweep import MAX_TABLE_ROWS
from tests.report.parse import read_page

SIZES = np.array([1, 2, 4, 8])
COUPLINGS = np.array([0.1, 0.2])


def one_d() -> xr.Dataset:
    """P_max = 0.2 N^1.5 exactly, so the fitted exponent is 1.5 with zero error."""
    return xr.Dataset(
        {
            "max_average_power": ("n_atoms", 0.2 * SIZES**1.5),
            "optimal_time": ("n_atoms", 3.0 / np.sqrt(SIZES)),
        },
        coords={"n_atoms": SIZES},
        attrs={"model": "dicke", "coupling": 0.1},
    )


def two_d() -> xr.Dataset:
    power = np.outer(SIZES**1.5, COUPLINGS)
    power[1, 1] = np.nan
    error = np.full(power.shape, "", dtype=object)
    error[1, 1] = "charge: did not converge"
    return xr.Dataset(
        {
            "max_average_power": (("n_atoms", "coupling"), power),
            "error": (("n_atoms", "coupling"), error),
        },
        coords={"n_atoms": SIZES, "coupling": COUPLINGS},
    )


def figures(directory: Path) -> list[str]:
    return sorted(p.name for p in (directory / "figures").iterdir())


def test_one_dimensional_sweep(tmp_path: Path) -> None:
    page = read_page(sweep_report(tmp_path, one_d(), provenance={"store": "sweep.sqlite"}))
    assert figures(tmp_path) == [
        "max_average_power-power-law.png",
        "max_average_power.png",
        "optimal_time.png",
    ]
    assert page.title == "Sweep over n_atoms"
    fit = page.tables["table-0"]
    assert fit[0][:2] == ["series", "exponent alpha"]
    assert fit[1][:2] == ["max_average_power", "1.5"]
    assert float(fit[1][2]) < 1e-12  # exact power law: no residual
    assert fit[1][4:] == ["[1, 8]", "4"]
    points = page.tables["table-1"]
    assert points[0] == ["n_atoms", "max_average_power", "optimal_time"]
    assert points[1:] == [[str(n), f"{0.2 * n**1.5:.6g}", f"{3 / np.sqrt(n):.6g}"] for n in SIZES]
    parameters = page.tables["parameters-table"][1:]
    assert parameters == [
        ["n_atoms (swept)", "[1, 2, 4, 8]"],
        ["model", "dicke"],
        ["coupling", "0.1"],
    ]
    assert ["store", "sweep.sqlite"] in page.tables["provenance-table"]


def test_two_dimensional_sweep_with_a_failed_point(tmp_path: Path) -> None:
    page = read_page(sweep_report(tmp_path, two_d(), provenance={}, study="dicke scan"))
    assert page.title == "Sweep: dicke scan"
    assert figures(tmp_path) == ["max_average_power-power-law.png", "max_average_power.png"]
    fit = page.tables["table-0"]
    assert [row[0] for row in fit[1:]] == ["coupling = 0.1", "coupling = 0.2"]
    assert [row[1] for row in fit[1:]] == ["1.5", "1.5"]
    assert [row[5] for row in fit[1:]] == ["4", "3"]  # the failed point is left out of the fit
    points = page.tables["table-1"]
    assert points[0] == ["n_atoms", "coupling", "max_average_power", "error"]
    assert points[4] == ["2", "0.2", "nan", "charge: did not converge"]
    assert len(points) == 1 + SIZES.size * COUPLINGS.size


def test_fit_warnings_and_refusals_become_notes(tmp_path: Path) -> None:
    n = np.arange(1, 7)
    # N^2 / (N + 3): local exponent 1.75 at N = 1, 1.33 at N = 6, so the full fit (1.55)
    # and the larger half's (1.38) disagree
    bent = xr.Dataset({"max_average_power": ("n_atoms", n**2 / (n + 3.0))}, {"n_atoms": n})
    page = read_page(sweep_report(tmp_path / "bent", bent, provenance={}))
    (note,) = [note for note in page.notes if "the small sizes dominate the power-law fit" in note]
    assert note.startswith("max_average_power: ")
    single = one_d().isel(n_atoms=[0])
    page = read_page(sweep_report(tmp_path / "single", single, provenance={}))
    assert any("no power-law fit: fit_range" in note for note in page.notes)


def test_what_is_not_drawn_is_said(tmp_path: Path) -> None:
    data = one_d().assign(
        energy=(("n_atoms", "time"), np.zeros((SIZES.size, 3))),
        cube=(("n_atoms", "a", "b"), np.zeros((SIZES.size, 2, 2))),
    )
    page = read_page(sweep_report(tmp_path, data, provenance={}))
    assert "Curves over time not drawn here: energy" in page.notes
    assert any(note.startswith("cube is over 3 parameters") for note in page.notes)
    assert "cube.png" not in figures(tmp_path)


def test_long_sweeps_list_the_first_points(tmp_path: Path) -> None:
    couplings = np.linspace(0.01, 1.0, MAX_TABLE_ROWS + 1)
    data = xr.Dataset({"optimal_time": ("coupling", 1 / couplings)}, {"coupling": couplings})
    page = read_page(sweep_report(tmp_path, data, provenance={}))
    assert len(page.tables["table-0"]) == 1 + MAX_TABLE_ROWS
    expected = f"The points table shows the first {MAX_TABLE_ROWS} of {couplings.size} points"
    assert page.notes[0].startswith(expected)
