"""Reports opened in headless Chromium from file://: images load, no console errors, tables
show the values, and hostile strings are shown as text without running."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xarray as xr
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from qbattery.report import run_report, sweep_report
from tests.plotting.references import rabi_dataset, rabi_summary
from tests.report.hostile import HOSTILE, SCRIPT

#: Figures are 6 x 4 inches written at 120 dots per inch.
FIGURE_WIDTH = 720


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A run report, a sweep report, and a run report whose data is hostile."""
    out = tmp_path_factory.mktemp("reports")
    sizes = np.array([1, 2, 4, 8])
    sweep = xr.Dataset(
        {"max_average_power": ("n_atoms", 0.2 * sizes**1.5)},
        coords={"n_atoms": sizes},
        attrs={"model": "dicke"},
    )
    summary = rabi_summary()
    summary["model"] = f"rabi {SCRIPT}"
    summary["parameters"] = {"charger": SCRIPT, "drive": HOSTILE[1], "phase": HOSTILE[2]}
    return {
        "run": run_report(out / "run", rabi_dataset(), rabi_summary()),
        "sweep": sweep_report(out / "sweep", sweep, provenance={"store": "sweep.sqlite"}),
        "hostile": run_report(out / "hostile", rabi_dataset(), summary, notes=[SCRIPT]),
    }


def open_page(browser: Any, path: Path) -> None:
    alert_fired(browser)  # an earlier failure's alert would block every later command
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(path.as_uri())


def alert_fired(browser: Any) -> bool:
    try:
        browser.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return False
    return True


def table(browser: Any, table_id: str) -> list[list[str]]:
    rows = browser.find_element(By.ID, table_id).find_elements(By.TAG_NAME, "tr")
    return [[cell.text for cell in row.find_elements(By.CSS_SELECTOR, "th, td")] for row in rows]


@pytest.mark.parametrize("name", ["run", "sweep", "hostile"])
def test_images_load_and_the_console_is_clean(browser: Any, reports: dict, name: str) -> None:
    open_page(browser, reports[name])
    images = browser.execute_script(
        "return Array.from(document.images, i => [i.complete, i.naturalWidth, i.src.slice(0, 22)])"
    )
    figures = len(list((reports[name].parent / "figures").iterdir()))
    assert images == [[True, FIGURE_WIDTH, "data:image/png;base64,"]] * figures
    severe = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert severe == []
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert all(url.startswith("data:") for url in loaded), loaded  # nothing fetched


def test_links_open_the_png_files(browser: Any, reports: dict) -> None:
    open_page(browser, reports["run"])
    links = [a.get_attribute("href") for a in browser.find_elements(By.TAG_NAME, "a")]
    assert [link.rsplit("/", 2)[-2:] for link in links] == [
        ["figures", "charging.png"],
        ["figures", "power.png"],
        ["figures", "ergotropy-energy.png"],
    ]
    browser.get(links[0])
    assert browser.execute_script("return document.images[0].naturalWidth") == FIGURE_WIDTH


def test_tables_show_the_values(browser: Any, reports: dict) -> None:
    summary = rabi_summary()
    open_page(browser, reports["run"])
    merits = table(browser, "table-0")
    assert merits[1] == ["max average power", f"{summary['max_average_power']:.6g}", "ħω²"]
    assert merits[2] == ["optimal time", f"{summary['optimal_time']:.6g}", "1/ω"]
    assert table(browser, "parameters-table")[1:] == [["coupling", "0.5"], ["charger", "classical"]]
    open_page(browser, reports["sweep"])
    points = table(browser, "table-1")
    assert points[1:] == [[str(n), f"{0.2 * n**1.5:.6g}"] for n in (1, 2, 4, 8)]
    assert table(browser, "table-0")[1][1] == "1.5"


def test_hostile_strings_are_text_and_run_nothing(browser: Any, reports: dict) -> None:
    open_page(browser, reports["hostile"])
    assert not alert_fired(browser)
    assert browser.find_elements(By.TAG_NAME, "script") == []
    assert len(browser.find_elements(By.TAG_NAME, "img")) == 3  # the figures, no injected one
    assert browser.title == f"Charging run: rabi {SCRIPT}"
    assert browser.find_element(By.TAG_NAME, "h1").text == f"Charging run: rabi {SCRIPT}"
    assert browser.find_element(By.CSS_SELECTOR, "#notes li").text == SCRIPT
    parameters = table(browser, "parameters-table")[1:]
    assert parameters == [["charger", SCRIPT], ["drive", HOSTILE[1]], ["phase", HOSTILE[2]]]
    handlers = browser.execute_script(
        "return Array.from(document.querySelectorAll('*')).flatMap("
        "e => Array.from(e.attributes, a => a.name)).filter(n => n.startsWith('on'))"
    )
    assert handlers == []


def test_the_alert_check_catches_a_script(browser: Any, tmp_path: Path) -> None:
    """The check above can fail: the same string written raw as HTML does fire an alert."""
    raw = tmp_path / "raw.html"
    raw.write_text(f"<!DOCTYPE html><html><body>{SCRIPT}</body></html>")
    browser.get(raw.as_uri())
    assert alert_fired(browser)
