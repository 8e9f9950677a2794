"""The power-law part of a sweep report: outputs over a number of cells N, fitted in N.

A swept dimension counts cells when its name (or the last dotted part of it, as in
``model.n_atoms``) is one of the models' size parameters and its values are integers; an output
over it is fitted when it is a maximum average power or a collective advantage. Fit warnings and
refusals become notes of the report instead of stopping it.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from qbattery.errors import QBatteryValueError
from qbattery.plotting import plot_power_law
from qbattery.report.content import ReportFigure, Table, figure_name, format_value, new_figure
from qbattery.studies.advantage import PowerLaw, fit_power_law

__all__ = ["SIZE_DIMENSIONS", "is_scaling_output", "power_law_section", "size_dimension"]

#: Names of the models' size parameters (as in :mod:`qbattery.studies.advantage`).
SIZE_DIMENSIONS = ("n_atoms", "n_cells", "n_spins", "n_sites")

#: Outputs whose scaling with N is fitted (by the end of their name).
_SCALING_OUTPUTS = ("max_average_power", "advantage")


def size_dimension(dataset: Any, dims: Sequence[str]) -> str | None:
    """The first of ``dims`` that counts cells (integer values, a size parameter's name).

    Examples
    --------
    >>> import xarray as xr
    >>> from qbattery.report.scaling import size_dimension
    >>> data = xr.Dataset(coords={"coupling": [0.1, 0.2], "n_atoms": [1, 2]})
    >>> size_dimension(data, ["coupling", "n_atoms"])
    'n_atoms'
    """
    for dim in dims:
        integer = np.issubdtype(dataset[dim].dtype, np.integer)
        if integer and dim.rsplit(".", 1)[-1] in SIZE_DIMENSIONS:
            return dim
    return None


def is_scaling_output(name: str) -> bool:
    """Whether an output's scaling with N is fitted.

    Examples
    --------
    >>> is_scaling_output("max_average_power"), is_scaling_output("optimal_time")
    (True, False)
    """
    return name.endswith(_SCALING_OUTPUTS)


def _fit(values: Any, fit_range: Any, notes: list[str]) -> PowerLaw | None:
    """The law of the finite positive values, or None with the reason in ``notes``."""
    (dim,) = values.dims
    keep = np.isfinite(values.values) & (values.values > 0)
    series = values[keep]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            law = fit_power_law(series[dim].values, series.values, fit_range=fit_range)
    except QBatteryValueError as error:
        notes.append(f"{values.name}: no power-law fit: {error}")
        return None
    notes += [f"{values.name}: {warning.message}" for warning in caught]
    return law


def power_law_section(
    values: Any, size: str, fit_range: Any, notes: list[str]
) -> tuple[ReportFigure, Table]:
    """Figure and fit table of one output over the size dimension ``size``.

    Parameters
    ----------
    values : xarray.DataArray
        Over ``size`` and at most one other swept parameter, which labels one series each.
    size : str
    fit_range : (low, high) or None
        As in :func:`qbattery.studies.fit_power_law`.
    notes : list of str
        Gets the fits' warnings and the reasons a series has no fit.

    Examples
    --------
    ``P = 0.1 N^2`` is fitted with exponent 2:

    >>> import xarray as xr
    >>> from qbattery.report.scaling import power_law_section
    >>> values = xr.DataArray([0.1, 0.4, 1.6], coords={"n_atoms": [1, 2, 4]}, dims="n_atoms",
    ...                       name="max_average_power")
    >>> figure, table = power_law_section(values, "n_atoms", None, [])
    >>> table.columns
    ('series', 'exponent alpha', 'standard error', 'prefactor c', 'fit range of N', 'sizes')
    >>> name, alpha, error, prefactor, fit_range, sizes = table.rows[0]
    >>> name, round(alpha, 10), round(prefactor, 10), fit_range, sizes
    ('max_average_power', 2.0, 0.1, (1.0, 4.0), 3)
    """
    others = [dim for dim in values.dims if dim != size]
    if others:
        (other,) = others
        series = [
            (f"{other} = {format_value(value)}", values.sel({other: value}, drop=True))
            for value in values[other].values
        ]
    else:
        series = [(str(values.name), values)]
    figure, ax = new_figure()
    rows = []
    for label, curve in series:
        curve = curve.rename(values.name)
        law = _fit(curve, fit_range, notes)
        if law is None:
            continue
        plot_power_law(curve, ax, law=law, label=label)
        rows.append(
            (label, law.exponent, law.exponent_error, law.prefactor, law.fit_range, law.points)
        )
    table = Table(
        f"Power law {values.name} = c N^alpha over {size}",
        ("series", "exponent alpha", "standard error", "prefactor c", "fit range of N", "sizes"),
        tuple(rows),
    )
    caption = f"{values.name} against {size}, fitted power law with its one-sigma band"
    return ReportFigure(figure_name(f"{values.name}-power-law"), figure, caption), table
