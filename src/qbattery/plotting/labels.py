"""Axis labels with units, new axes, and integer ticks: what every figure shares.

Every number qbattery returns is in units of the model's reference frequency omega with
hbar = 1 (:data:`qbattery.results.ENERGY_UNITS` and its siblings). Those unit strings are drawn
as ``ħω``-style mathtext; any other ``units`` attribute of a DataArray (a preset in physical
units, say ``"GHz"``) is drawn as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from qbattery.results import ENERGY_UNITS, POWER_UNITS, TIME_UNITS, VARIANCE_UNITS

__all__ = [
    "DEFAULT_UNITS",
    "ENERGY_LABEL",
    "POWER_LABEL",
    "TIME_LABEL",
    "axis_label",
    "data_label",
    "integer_ticks",
    "new_axes",
    "unit_text",
]

#: qbattery's unit strings drawn as mathtext.
_MATHTEXT = {
    ENERGY_UNITS: r"$\hbar\omega$",
    TIME_UNITS: r"$1/\omega$",
    POWER_UNITS: r"$\hbar\omega^2$",
    VARIANCE_UNITS: r"$(\hbar\omega)^2$",
}

#: Units of the scalar outputs of a run (``ChargingResult.summary()``) and of the time axis,
#: used when a DataArray carries no ``units`` attribute.
DEFAULT_UNITS: Mapping[str, str] = {
    "time": TIME_UNITS,
    "energy": ENERGY_UNITS,
    "ergotropy": ENERGY_UNITS,
    "power": POWER_UNITS,
    "average_power": POWER_UNITS,
    "max_average_power": POWER_UNITS,
    "optimal_time": TIME_UNITS,
    "energy_at_optimal_time": ENERGY_UNITS,
    "ergotropy_at_optimal_time": ENERGY_UNITS,
    "max_energy": ENERGY_UNITS,
    "collective_advantage": "1",
}

#: Dimensionless quantities carry one of these as ``units``.
_DIMENSIONLESS = ("", "1")


def unit_text(units: str) -> str:
    """How ``units`` is written on an axis: qbattery's own units as mathtext, others as given.

    Examples
    --------
    >>> unit_text("hbar*omega"), unit_text("GHz")
    ('$\\\\hbar\\\\omega$', 'GHz')
    """
    return _MATHTEXT.get(units, units)


def axis_label(quantity: str, units: str | None) -> str:
    """``"quantity [units]"``, or the bare quantity for dimensionless or unknown units.

    Examples
    --------
    >>> axis_label("energy", "hbar*omega") == ENERGY_LABEL
    True
    >>> axis_label("coupling", "MHz"), axis_label("advantage", "1")
    ('coupling [MHz]', 'advantage')
    """
    if units is None or units in _DIMENSIONLESS:
        return quantity
    return f"{quantity} [{unit_text(units)}]"


#: Axis labels with the units every result is in (a preset in physical units says otherwise).
ENERGY_LABEL = axis_label("energy", ENERGY_UNITS)
TIME_LABEL = axis_label("time", TIME_UNITS)
POWER_LABEL = axis_label("power", POWER_UNITS)


def data_label(array: Any, quantity: str | None = None) -> str:
    """The axis label of a DataArray (or coordinate) from its attributes.

    Parameters
    ----------
    array : xarray.DataArray
        Its ``units`` attribute gives the units (default :data:`DEFAULT_UNITS` by name); its
        ``long_name`` the quantity, else its name with spaces for underscores.
    quantity : str, optional
        Overrides the quantity.

    Examples
    --------
    >>> import xarray as xr
    >>> from qbattery.plotting.labels import data_label
    >>> energy = xr.DataArray([0.0], dims="time", attrs={"long_name": "stored energy",
    ...                                                   "units": "hbar*omega"})
    >>> data_label(energy)
    'stored energy [$\\\\hbar\\\\omega$]'
    """
    name = str(array.name) if array.name is not None else ""
    units = array.attrs.get("units", DEFAULT_UNITS.get(name))
    if quantity is None:
        quantity = str(array.attrs.get("long_name", name.replace("_", " ")))
    return axis_label(quantity, None if units is None else str(units))


def new_axes(ncols: int, figsize: tuple[float, float]) -> Any:
    """``ncols`` axes of a new pyplot figure with constrained layout (nothing cropped).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from qbattery.plotting.labels import new_axes
    >>> axes = new_axes(2, (6.0, 3.0))
    >>> len(axes)
    2
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained")
    return axes


#: Up to this many integer values, each gets its own tick; more get matplotlib's integer ticks.
MAX_FIXED_TICKS = 12


def integer_ticks(axis: Any, values: Any) -> None:
    """Integer ticks on ``axis`` (``ax.xaxis`` or ``ax.yaxis``) for integer ``values`` such as N.

    A few values are ticked one by one (also on a log scale, with no minor ticks); many get
    matplotlib's ``MaxNLocator(integer=True)``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from qbattery.plotting.labels import integer_ticks
    >>> figure, ax = plt.subplots()
    >>> integer_ticks(ax.xaxis, [1, 2, 4, 8])
    >>> plt.close(figure)
    """
    from matplotlib.ticker import (
        FixedFormatter,
        FixedLocator,
        MaxNLocator,
        NullFormatter,
        NullLocator,
    )

    ticks = np.unique(np.asarray(values, dtype=int))
    if ticks.size > MAX_FIXED_TICKS:
        if axis.get_scale() != "log":  # a log axis already ticks at powers of ten
            axis.set_major_locator(MaxNLocator(integer=True))
        return
    axis.set_major_locator(FixedLocator(ticks.tolist()))
    axis.set_major_formatter(FixedFormatter([str(n) for n in ticks]))
    axis.set_minor_locator(NullLocator())
    axis.set_minor_formatter(NullFormatter())
