"""One self-contained HTML file: figures embedded as PNG data URIs, tables, notes, parameters
and provenance. It opens from its directory with no server and no network, and runs no script.

Every string that reaches the page (titles, captions, notes, table cells, parameter names and
values) goes through :func:`html.escape`; the page's Content-Security-Policy allows inline
styles and ``data:`` images only, so even markup that slipped through could run nothing.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qbattery.errors import QBatteryValueError
from qbattery.report.content import ReportFigure, Table, flatten, format_value

__all__ = ["FIGURE_DIRECTORY", "render_html", "write_report"]

#: Where the PNG files go, relative to the report.
FIGURE_DIRECTORY = "figures"

_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
figure { margin: 1.5rem 0; } img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #444; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.6rem; text-align: left; }
td { font-variant-numeric: tabular-nums; white-space: pre-wrap; }
.notes li { margin: 0.3rem 0; }
"""


def _text(value: Any) -> str:
    """A value as escaped HTML text (the one way data reaches the page)."""
    return html.escape(format_value(value), quote=True)


def _table(table: Table, table_id: str) -> list[str]:
    out = [f'<table id="{_text(table_id)}">', f"<caption>{_text(table.caption)}</caption>"]
    out.append("<thead><tr>" + "".join(f"<th>{_text(c)}</th>" for c in table.columns) + "</tr>")
    out.append("</thead><tbody>")
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{_text(value)}</td>" for value in row) + "</tr>")
    out.append("</tbody></table>")
    return out


def _figure(figure: ReportFigure, png: bytes) -> list[str]:
    source = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    file = f"{FIGURE_DIRECTORY}/{figure.name}.png"
    alt = figure.caption or figure.name
    return [
        f'<figure id="figure-{_text(figure.name)}">',
        f'<img src="{_text(source)}" alt="{_text(alt)}">',
        f"<figcaption>{_text(figure.caption)} "
        f'(<a href="{_text(file)}">{_text(file)}</a>)</figcaption>',
        "</figure>",
    ]


def render_html(
    *,
    title: str,
    parameters: Mapping[str, Any],
    provenance: Mapping[str, Any],
    figures: Sequence[tuple[ReportFigure, bytes]] = (),
    tables: Sequence[Table] = (),
    notes: Sequence[str] = (),
) -> str:
    """The page as a string: ``figures`` are ``(figure, png bytes)`` pairs.

    Sections, each only when it has content: notes, figures, tables, parameters, provenance.
    Nested mappings in ``parameters`` and ``provenance`` become dotted keys.

    Examples
    --------
    >>> from qbattery.report.content import Table
    >>> from qbattery.report.document import render_html
    >>> page = render_html(title="Rabi cell", parameters={"coupling": 0.2}, provenance={},
    ...                    tables=[Table("Fits", ("quantity", "exponent"), (("P_max", 1.5),))])
    >>> page.startswith("<!DOCTYPE html>"), "Rabi cell" in page, "P_max" in page
    (True, True, True)
    """
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="icon" href="data:,">',
        f"<title>{_text(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head><body>",
        f"<h1>{_text(title)}</h1>",
    ]
    if notes:
        out.append('<section id="notes"><h2>Notes</h2><ul class="notes">')
        out += [f"<li>{_text(note)}</li>" for note in notes]
        out.append("</ul></section>")
    if figures:
        out.append('<section id="figures"><h2>Figures</h2>')
        for figure, png in figures:
            out += _figure(figure, png)
        out.append("</section>")
    if tables:
        out.append('<section id="tables"><h2>Tables</h2>')
        for number, table in enumerate(tables):
            out += _table(table, f"table-{number}")
        out.append("</section>")
    for name, mapping in (("parameters", parameters), ("provenance", provenance)):
        if mapping:
            rows = tuple(flatten(mapping))
            out.append(f'<section id="{name}"><h2>{name.capitalize()}</h2>')
            out += _table(Table(name, ("name", "value"), rows), name + "-table")
            out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_report(
    path: str | Path,
    *,
    title: str,
    parameters: Mapping[str, Any],
    provenance: Mapping[str, Any],
    figures: Sequence[ReportFigure] = (),
    tables: Sequence[Table] = (),
    notes: Sequence[str] = (),
) -> Path:
    """Write a self-contained HTML report, and its figures as PNG files beside it.

    Parameters
    ----------
    path : str or Path
        The HTML file (its directory is created); the PNGs go to ``figures/{name}.png`` in the
        same directory.
    title : str
    parameters, provenance : mapping of str to value
        Shown as name-value tables (nested mappings as dotted names).
    figures : sequence of ReportFigure
        Embedded as PNG data URIs, each linked to its file; names must differ.
    tables : sequence of Table
    notes : sequence of str
        Shown first (warnings, failed points, units).

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> from qbattery.report import Table, write_report
    >>> with tempfile.TemporaryDirectory() as out:
    ...     page = write_report(f"{out}/report.html", title="a <b> test", parameters={"g": 0.1},
    ...                         provenance={}, tables=[Table("t", ("x",), ((1,),))])
    ...     "a &lt;b&gt; test" in page.read_text()
    True
    """
    path = Path(path)
    names = [figure.name for figure in figures]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise QBatteryValueError(
            f"figures: the names {repeated} are used more than once; each names a PNG file, "
            "give every figure its own"
        )
    rendered = [(figure, figure.png()) for figure in figures]
    path.parent.mkdir(parents=True, exist_ok=True)
    if rendered:
        directory = path.parent / FIGURE_DIRECTORY
        directory.mkdir(exist_ok=True)
        for figure, png in rendered:
            (directory / f"{figure.name}.png").write_bytes(png)
    page = render_html(
        title=title,
        parameters=parameters,
        provenance=provenance,
        figures=rendered,
        tables=tables,
        notes=notes,
    )
    path.write_text(page, encoding="utf-8")
    return path
