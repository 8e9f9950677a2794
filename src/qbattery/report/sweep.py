"""The report of a sweep: every scalar output against the swept parameters, and the points.

The swept parameters are the dataset's dimensions (``time`` never is one), constants its
attributes (or scalar coordinates, as ``.sel()`` leaves them). A 1-D output is drawn as a line
against its parameter, a 2-D one as a heat map; an output over a number of cells N that is a
maximum power or an advantage also gets its power-law figure and fit table
(:mod:`qbattery.report.scaling`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qbattery.plotting import plot_heatmap, plot_sweep_line
from qbattery.report.content import ReportFigure, Table, figure_name, new_figure
from qbattery.report.document import write_report
from qbattery.report.run import REPORT_FILE
from qbattery.report.scaling import is_scaling_output, power_law_section, size_dimension
from qbattery.version import __version__

__all__ = ["MAX_TABLE_ROWS", "sweep_report"]

#: The points table lists at most this many points (the data file has them all).
MAX_TABLE_ROWS = 500

#: A dimension that is never a swept parameter: curves over it are not drawn here.
TIME_DIMENSION = "time"


def _points_table(dataset: Any, names: list[str], notes: list[str]) -> Table:
    """One row per point: the swept values, then every output there."""
    frame = dataset[names].to_dataframe().reset_index()
    if len(frame) > MAX_TABLE_ROWS:
        notes.append(
            f"The points table shows the first {MAX_TABLE_ROWS} of {len(frame)} points; the "
            "dataset has them all."
        )
    rows = tuple(tuple(row) for row in frame.head(MAX_TABLE_ROWS).itertuples(index=False))
    return Table("Points of the sweep", tuple(str(c) for c in frame.columns), rows)


def _output_figure(values: Any) -> ReportFigure:
    figure, ax = new_figure((6.0, 4.5) if values.ndim == 2 else (6.0, 4.0))
    dims = " and ".join(str(d) for d in values.dims)
    if values.ndim == 1:
        plot_sweep_line(values, ax)
    else:
        plot_heatmap(values, ax)
    return ReportFigure(figure_name(f"{values.name}"), figure, f"{values.name} against {dims}")


def sweep_report(
    out_dir: str | Path,
    dataset: Any,
    *,
    provenance: Mapping[str, Any],
    study: str | None = None,
    fit_range: tuple[float | None, float | None] | None = None,
    notes: Sequence[str] = (),
    tables: Sequence[Table] = (),
) -> Path:
    """Write ``report.html`` of a sweep, and its figures, into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Created if missing; gets ``report.html`` and ``figures/*.png``.
    dataset : xarray.Dataset
        Swept parameters as dimensions (with ``units`` and ``long_name`` attributes where
        known), scalar outputs as variables over them, constants as attributes. Numeric
        outputs over one or two parameters are drawn; text outputs (a failed point's error)
        appear in the points table; outputs over ``time`` or more parameters are listed in the
        notes as not drawn.
    provenance : mapping
        Versions, command, store, executor, ... as the sweep recorded them.
    study : str, optional
        The study's name, in the title.
    fit_range : (low, high), optional
        The sizes N the power laws are fitted on (default all).
    notes : sequence of str
        Shown first, with the fits' warnings.
    tables : sequence of Table
        Shown before the fit and points tables (a gallery entry's comparison with its paper).

    Returns
    -------
    Path
        The report.
    """
    out_dir = Path(out_dir)
    swept = [str(dim) for dim in dataset.dims if dim != TIME_DIMENSION]
    all_notes = list(notes)
    figures: list[ReportFigure] = []
    all_tables: list[Table] = list(tables)
    scalar = [str(n) for n, v in dataset.data_vars.items() if TIME_DIMENSION not in v.dims]
    for name in scalar:
        values = dataset[name]
        if not np.issubdtype(values.dtype, np.number) or values.ndim == 0:
            continue
        if values.ndim > 2:
            all_notes.append(
                f"{name} is over {values.ndim} parameters {list(values.dims)}; the report "
                "draws one or two: select the others with .sel() and report that"
            )
            continue
        figures.append(_output_figure(values))
        size = size_dimension(dataset, [str(d) for d in values.dims])
        if size is not None and is_scaling_output(name):
            figure, table = power_law_section(values, size, fit_range, all_notes)
            figures.append(figure)
            all_tables.append(table)
    unplotted = [n for n, v in dataset.data_vars.items() if TIME_DIMENSION in v.dims]
    if unplotted:
        all_notes.append(f"Curves over time not drawn here: {', '.join(map(str, unplotted))}")
    if scalar and swept:
        all_tables.append(_points_table(dataset, scalar, all_notes))
    constants = {str(n): c.values for n, c in dataset.coords.items() if c.ndim == 0}
    parameters = {
        **{f"{dim} (swept)": dataset[dim].values for dim in swept},
        **constants,
        **dataset.attrs,
    }
    title = f"Sweep: {study}" if study else f"Sweep over {', '.join(swept) or 'no parameter'}"
    return write_report(
        out_dir / REPORT_FILE,
        title=title,
        parameters=parameters,
        provenance={**provenance, "report written by": f"qbattery {__version__}"},
        figures=figures,
        tables=all_tables,
        notes=all_notes,
    )
