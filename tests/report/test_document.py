"""The generic writer: one HTML file that embeds its PNGs, escapes every string, links nothing
outside its directory."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from qbattery.errors import QBatteryValueError
from qbattery.report import ReportFigure, Table, write_report
from qbattery.report.content import new_figure
from tests.report.hostile import HOSTILE
from tests.report.parse import png_size, read_page

#: Figures are 6 x 4 inches written at 120 dots per inch.
FIGURE_PIXELS = (720, 480)


def figure(name: str, caption: str = "a line") -> ReportFigure:
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1])
    return ReportFigure(name, fig, caption)


def test_figures_are_embedded_and_written_beside_the_report(tmp_path: Path) -> None:
    path = write_report(
        tmp_path / "out" / "report.html",
        title="two figures",
        parameters={"coupling": 0.1},
        provenance={"versions": {"numpy": "2.4"}},
        figures=[figure("first"), figure("second")],
    )
    assert path == tmp_path / "out" / "report.html"
    page = read_page(path)
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert len(images) == 2
    for name, attrs in zip(("first", "second"), images, strict=True):
        source = attrs["src"] or ""
        prefix = "data:image/png;base64,"
        assert source.startswith(prefix)
        written = (tmp_path / "out" / "figures" / f"{name}.png").read_bytes()
        assert base64.b64decode(source[len(prefix) :]) == written
        assert png_size(written) == FIGURE_PIXELS
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert links == ["figures/first.png", "figures/second.png"]


def test_nothing_outside_the_directory_is_referenced(tmp_path: Path) -> None:
    path = write_report(
        tmp_path / "report.html",
        title="t",
        parameters={"url": "http://example.org/x.js"},
        provenance={},
        figures=[figure("only")],
    )
    for tag, attrs in read_page(path).tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            if value is not None and tag != "a":
                assert value.startswith("data:"), (tag, attrs)
    assert "http://example.org/x.js" in read_page(path).tables["parameters-table"][1]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_string_is_text(tmp_path: Path, hostile: str) -> None:
    path = write_report(
        tmp_path / "report.html",
        title=f"title {hostile}",
        parameters={f"name {hostile}": hostile, "nested": {"value": hostile}},
        provenance={"method": hostile},
        figures=[figure("f", caption=hostile)],
        tables=[Table(hostile, (hostile, "x"), ((hostile, 1.0),))],
        notes=[hostile],
    )
    page = read_page(path)
    assert [tag for tag, _ in page.tags].count("script") == 0
    assert [tag for tag, _ in page.tags].count("img") == 1
    for _, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs)
    assert page.title == f"title {hostile}"
    assert page.notes == [hostile]
    assert page.tables["table-0"] == [[hostile, "x"], [hostile, "1"]]
    assert [f"name {hostile}", hostile] in page.tables["parameters-table"]
    assert ["nested.value", hostile] in page.tables["parameters-table"]
    assert ["method", hostile] in page.tables["provenance-table"]
    assert f"{hostile} (figures/f.png)" in page.text


def test_values_are_written_to_six_digits(tmp_path: Path) -> None:
    table = Table("numbers", ("value",), ((1 / 3,), (2,), (None,), ([1, 2],), (float("nan"),)))
    path = write_report(
        tmp_path / "r.html", title="t", parameters={}, provenance={}, tables=[table]
    )
    cells = read_page(path).tables["table-0"]
    assert cells == [["value"], ["0.333333"], ["2"], ["—"], ["[1, 2]"], ["nan"]]


def test_bad_figures_and_tables_are_named(tmp_path: Path) -> None:
    with pytest.raises(QBatteryValueError, match=r"figures: name '\.\./x' is not a file name"):
        figure("../x")
    with pytest.raises(QBatteryValueError, match=r"figures: .* holds a str, not a matplotlib"):
        ReportFigure("x", "not a figure")
    with pytest.raises(QBatteryValueError, match=r"figures: the names \['same'\] are used more"):
        write_report(
            tmp_path / "r.html",
            title="t",
            parameters={},
            provenance={},
            figures=[figure("same"), figure("same")],
        )
    with pytest.raises(QBatteryValueError, match=r"tables: row 1 of 'c' has 1 values for 2"):
        Table("c", ("a", "b"), ((1, 2), (3,)))


def test_the_reader_sees_markup_written_raw(tmp_path: Path) -> None:
    """The escaping checks above can fail: unescaped, the same strings are tags."""
    raw = tmp_path / "raw.html"
    raw.write_text(f"<html><body><ul><li>{''.join(HOSTILE)}</li></ul></body></html>")
    tags = read_page(raw).tags
    assert [tag for tag, _ in tags].count("script") == 1
    assert any(name.startswith("on") for _, attrs in tags for name in attrs)
