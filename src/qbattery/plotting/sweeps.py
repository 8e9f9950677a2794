"""Figures of a sweep: a scalar output against one swept parameter, or a heat map over two.

A sweep exported as xarray has the swept parameters as dimensions (with ``units`` and
``long_name`` attributes where known) and scalar outputs such as ``max_average_power`` as data
variables over them. Integer parameters (a number of cells N) get integer ticks.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qbattery.errors import QBatteryValueError
from qbattery.plotting.labels import data_label, integer_ticks, new_axes

__all__ = ["plot_heatmap", "plot_sweep_line"]


def _check_dims(values: Any, ndim: int, argument: str) -> tuple[str, ...]:
    dims = getattr(values, "dims", None)
    if dims is None or len(dims) != ndim:
        raise QBatteryValueError(
            f"{argument}: need an xarray.DataArray over {ndim} swept parameter(s), got "
            f"{'dims ' + repr(tuple(dims)) if dims is not None else type(values).__name__}; "
            "select the others with .sel() or .isel()"
        )
    return tuple(str(d) for d in dims)


def _is_integer(coordinate: Any) -> bool:
    return bool(np.issubdtype(coordinate.dtype, np.integer))


def plot_sweep_line(values: Any, ax: Any = None) -> Any:
    """A scalar output against the one swept parameter of a 1-D sweep.

    Parameters
    ----------
    values : xarray.DataArray
        One dimension, the swept parameter, with its values as coordinate.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line (markers joined) of the values against the coordinate.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import xarray as xr
    >>> from qbattery.plotting.sweeps import plot_sweep_line
    >>> values = xr.DataArray([0.05, 0.1], dims="coupling", coords={"coupling": [0.1, 0.2]},
    ...                       name="max_average_power")
    >>> ax = plot_sweep_line(values)
    >>> ax.get_xlabel()
    'coupling'
    >>> plt.close("all")
    """
    (dim,) = _check_dims(values, 1, "values")
    ax = new_axes(1, (5.0, 3.5)) if ax is None else ax
    coordinate = values[dim]
    label = data_label(values)
    ax.plot(coordinate.values, values.values, "o-", label=label)
    ax.set_xlabel(data_label(coordinate))
    ax.set_ylabel(label)
    if _is_integer(coordinate):
        integer_ticks(ax.xaxis, coordinate.values)
    ax.legend(frameon=False)
    return ax


def plot_heatmap(values: Any, ax: Any = None) -> Any:
    """A heat map of a scalar output over the two swept parameters of a 2-D sweep.

    Parameters
    ----------
    values : xarray.DataArray
        Two dimensions: the first runs along y, the second along x (as ``DataArray.plot``).
        Each cell contains its coordinates, its edges halfway to the neighbours
        (``shading="nearest"``, so uneven grids are drawn as they are); missing values (NaN, a
        failed point) stay blank.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Its one ``QuadMesh`` holds the values; the colour bar is labelled with the values'
        name and units.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import xarray as xr
    >>> from qbattery.plotting.sweeps import plot_heatmap
    >>> values = xr.DataArray([[0.1, 0.2], [0.3, 0.4]], dims=("coupling", "n_atoms"),
    ...                       coords={"coupling": [0.1, 0.2], "n_atoms": [1, 2]}, name="power")
    >>> ax = plot_heatmap(values)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('n atoms', 'coupling')
    >>> plt.close("all")
    """
    y_dim, x_dim = _check_dims(values, 2, "values")
    ax = new_axes(1, (5.5, 4.0)) if ax is None else ax
    x, y = values[x_dim], values[y_dim]
    mesh = ax.pcolormesh(x.values, y.values, np.ma.masked_invalid(values.values), shading="nearest")
    ax.figure.colorbar(mesh, ax=ax, label=data_label(values))
    ax.set_xlabel(data_label(x))
    ax.set_ylabel(data_label(y))
    for axis, coordinate in ((ax.xaxis, x), (ax.yaxis, y)):
        if _is_integer(coordinate):
            integer_ticks(axis, coordinate.values)
    return ax
