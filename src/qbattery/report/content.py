"""What a report holds: named figures, tables, and the text every value is written as.

These are plain data; :mod:`qbattery.report.document` escapes every string when it writes the
HTML, so nothing here needs to be (or may be) HTML.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.errors import QBatteryValueError
from qbattery.results import ENERGY_UNITS, POWER_UNITS, TIME_UNITS, VARIANCE_UNITS

__all__ = [
    "ReportFigure",
    "Table",
    "figure_name",
    "flatten",
    "format_units",
    "format_value",
    "new_figure",
]

#: A figure's name is the file name of its PNG (without ``.png``) and its anchor in the page.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

#: Resolution of the PNG files and of the embedded images.
DPI = 120

#: qbattery's unit strings as they are written in a table.
_UNIT_TEXT = {
    ENERGY_UNITS: "ħω",
    TIME_UNITS: "1/ω",
    POWER_UNITS: "ħω²",
    VARIANCE_UNITS: "(ħω)²",
    "1": "",
}


@dataclass(frozen=True)
class ReportFigure:
    """A matplotlib figure with the name of its PNG file and a caption.

    Attributes
    ----------
    name : str
        Letters, digits, ``_``, ``-`` and ``.``; the PNG is written to ``figures/{name}.png``.
    figure : matplotlib.figure.Figure
    caption : str
        Plain text.

    Examples
    --------
    >>> from qbattery.report.content import ReportFigure, new_figure
    >>> figure, ax = new_figure()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> ReportFigure("line", figure, "A straight line.").name
    'line'
    """

    name: str
    figure: Any
    caption: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or _NAME.fullmatch(self.name) is None:
            raise QBatteryValueError(
                f"figures: name {self.name!r} is not a file name; use letters, digits, '_', '-' "
                "and '.' (qbattery.report.figure_name makes one from any text)"
            )
        if not hasattr(self.figure, "savefig"):
            raise QBatteryValueError(
                f"figures: {self.name!r} holds a {type(self.figure).__name__}, not a matplotlib "
                "Figure; pass ax.figure"
            )

    def png(self) -> bytes:
        """The figure as PNG bytes.

        Examples
        --------
        >>> from qbattery.report.content import ReportFigure, new_figure
        >>> figure, ax = new_figure()
        >>> ReportFigure("empty", figure).png()[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
        """
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=DPI)
        return buffer.getvalue()


@dataclass(frozen=True)
class Table:
    """A table of plain values with a caption; every row has one value per column.

    Examples
    --------
    >>> from qbattery.report.content import Table
    >>> table = Table("Fits", ("quantity", "exponent"), (("P_max", 1.5),))
    >>> table.columns, table.rows
    (('quantity', 'exponent'), (('P_max', 1.5),))
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise QBatteryValueError(
                    f"tables: row {number} of {self.caption!r} has {len(row)} values for "
                    f"{len(self.columns)} columns {list(self.columns)}; give one per column"
                )


def figure_name(text: str) -> str:
    """A file name made from any text: runs of other characters become ``-``.

    Examples
    --------
    >>> figure_name("max_average_power vs n_atoms"), figure_name("<b>")
    ('max_average_power-vs-n_atoms', 'b')
    """
    name = re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-.")
    return name or "figure"


def new_figure(figsize: tuple[float, float] = (6.0, 4.0)) -> tuple[Any, Any]:
    """A figure outside pyplot (no global state, nothing to close) and its one axes.

    Examples
    --------
    >>> from qbattery.report.content import new_figure
    >>> figure, ax = new_figure((3.0, 2.0))
    >>> figure.get_size_inches().tolist()
    [3.0, 2.0]
    """
    from matplotlib.figure import Figure

    figure = Figure(figsize=figsize, layout="constrained")
    return figure, figure.add_subplot()


def format_value(value: Any) -> str:
    """How a value is written in the report: numbers to six significant digits.

    Examples
    --------
    >>> format_value(0.123456789), format_value(np.int64(3)), format_value(None)
    ('0.123457', '3', '—')
    >>> format_value([1, 2.5]), format_value({"a": 1})
    ('[1, 2.5]', 'a: 1')
    """
    if value is None:
        return "—"
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return "nan" if math.isnan(value) else f"{float(value):.6g}"
    if isinstance(value, Mapping):
        if not value:
            return "—"
        return "; ".join(f"{key}: {format_value(item)}" for key, item in value.items())
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return "[" + ", ".join(format_value(item) for item in value) + "]"
    return str(value)


def format_units(units: str | None) -> str:
    """Units as written in a table: qbattery's own with ħ and ω, others as given.

    Examples
    --------
    >>> format_units("hbar*omega^2"), format_units("GHz"), format_units("1")
    ('ħω²', 'GHz', '')
    """
    if units is None:
        return ""
    return _UNIT_TEXT.get(units, units)


def flatten(mapping: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """``(key, value)`` rows of a mapping, nested mappings as dotted keys.

    Examples
    --------
    >>> flatten({"method": "ode", "versions": {"numpy": "2.4"}})
    [('method', 'ode'), ('versions.numpy', '2.4')]
    """
    rows: list[tuple[str, Any]] = []
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            rows += flatten(value, f"{name}.")
        else:
            rows.append((name, value))
    return rows
