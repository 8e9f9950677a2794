"""Figures of one charging run: energy and ergotropy, power, and ergotropy against energy.

Each function takes a :class:`~qbattery.results.ChargingResult` or the ``xarray.Dataset`` of
its :meth:`~qbattery.results.ChargingResult.to_xarray` (curves over ``time``; units from the
variables' ``units`` attributes), draws on ``ax`` or on new axes, and returns the axes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qbattery.errors import QBatteryValueError
from qbattery.metrics.power import OptimalCharging, average_power, optimal_charging
from qbattery.plotting.labels import data_label, new_axes
from qbattery.results import ChargingResult

__all__ = ["charging_data", "optimum", "plot_charging", "plot_ergotropy_vs_energy", "plot_power"]

#: Size of a new single-panel figure (inches).
FIGSIZE = (5.0, 3.5)


def charging_data(data: Any, needs: tuple[str, ...] = ("energy",)) -> Any:
    """The curves of a run as an ``xarray.Dataset`` over ``time``, checked for ``needs``.

    Parameters
    ----------
    data : ChargingResult or xarray.Dataset
    needs : tuple of str
        Variables the figure draws.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.plotting.charging import charging_data
    >>> result = qb.charge(qb.models.rabi(0.2), np.linspace(0.0, 10.0, 101))
    >>> charging_data(result, ("energy", "ergotropy")).sizes["time"]
    101
    """
    dataset = data.to_xarray() if isinstance(data, ChargingResult) else data
    variables = getattr(dataset, "data_vars", None)
    if variables is None or "time" not in dataset.coords:
        raise QBatteryValueError(
            f"data: need a ChargingResult or an xarray.Dataset over 'time', got "
            f"{type(data).__name__}; pass result or result.to_xarray()"
        )
    missing = [name for name in needs if name not in variables]
    if missing:
        raise QBatteryValueError(
            f"data: no variable {', '.join(map(repr, missing))} (has {sorted(variables)}); "
            "charge with the options that compute it"
        )
    return dataset


def optimum(dataset: Any) -> OptimalCharging:
    """The optimal charging time, max average power and energy then, of a run's Dataset.

    Read from the attributes ``optimal_time``, ``max_average_power`` and
    ``energy_at_optimal_time`` when all are there (``to_xarray()`` stores them), otherwise
    computed from the curves by :func:`qbattery.metrics.power.optimal_charging`.

    Examples
    --------
    The same optimum as the result's own (times in 1/omega_c):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.plotting.charging import optimum
    >>> result = qb.charge(qb.models.rabi(0.2), np.linspace(0.0, 10.0, 101))
    >>> bool(np.isclose(optimum(result.to_xarray()).optimal_time, result.optimal_time))
    True
    """
    attrs = dataset.attrs
    if all(k in attrs for k in ("max_average_power", "optimal_time", "energy_at_optimal_time")):
        return OptimalCharging(
            max_average_power=float(attrs["max_average_power"]),
            optimal_time=float(attrs["optimal_time"]),
            work=float(attrs["energy_at_optimal_time"]),
            refined=True,
        )
    power = dataset["power"].values if "power" in dataset.data_vars else None
    return optimal_charging(dataset["time"].values, dataset["energy"].values, power)


def plot_charging(result: Any, ax: Any = None) -> Any:
    """Stored energy W(t) and ergotropy against time, with the optimal charging time marked.

    Parameters
    ----------
    result : ChargingResult or xarray.Dataset
        A run's curves (``energy``, optionally ``ergotropy``, over ``time``).
    ax : matplotlib.axes.Axes, optional
        Drawn on if given, otherwise a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.plotting.charging import plot_charging
    >>> result = qb.charge(qb.models.rabi(0.2), np.linspace(0.0, 10.0, 101))
    >>> ax = plot_charging(result)
    >>> ax.get_xlabel()
    'time [$1/\\\\omega$]'
    >>> plt.close("all")
    """
    dataset = charging_data(result)
    ax = new_axes(1, FIGSIZE) if ax is None else ax
    times = dataset["time"].values
    ax.plot(times, dataset["energy"].values, label="stored energy W")
    if "ergotropy" in dataset.data_vars:
        ax.plot(times, dataset["ergotropy"].values, "--", label="ergotropy")
    ax.axvline(optimum(dataset).optimal_time, color="grey", lw=0.8, label="optimal time")
    ax.set_xlabel(data_label(dataset["time"], "time"))
    ax.set_ylabel(data_label(dataset["energy"], "energy"))
    ax.legend(frameon=False)
    return ax


def plot_power(data: Any, ax: Any = None) -> Any:
    """Instantaneous power dW/dt and average power W(t)/t against time, the optimum marked.

    Parameters
    ----------
    data : ChargingResult or xarray.Dataset
        A run's curves (``energy``, ``power``, optionally ``average_power``, over ``time``).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Lines: instantaneous power, average power, and the point (optimal time, max average
        power).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.plotting.charging import plot_power
    >>> result = qb.charge(qb.models.rabi(0.2), np.linspace(0.0, 10.0, 101))
    >>> ax = plot_power(result)
    >>> ax.get_xlabel()
    'time [$1/\\\\omega$]'
    >>> plt.close("all")
    """
    dataset = charging_data(data, ("energy", "power"))
    ax = new_axes(1, FIGSIZE) if ax is None else ax
    times = dataset["time"].values
    if "average_power" in dataset.data_vars:
        averaged = dataset["average_power"].values
    else:
        averaged = average_power(times, dataset["energy"].values)
    best = optimum(dataset)
    ax.plot(times, dataset["power"].values, label="instantaneous power dW/dt")
    ax.plot(times, averaged, "--", label="average power W/t")
    ax.plot(
        [best.optimal_time],
        [best.max_average_power],
        "o",
        label=f"max average power {best.max_average_power:.4g} at t = {best.optimal_time:.4g}",
    )
    ax.set_xlabel(data_label(dataset["time"], "time"))
    ax.set_ylabel(data_label(dataset["power"], "power"))
    ax.legend(frameon=False)
    return ax


def plot_ergotropy_vs_energy(data: Any, ax: Any = None) -> Any:
    """Ergotropy against stored energy along the charging, the optimal time marked.

    Parameters
    ----------
    data : ChargingResult or xarray.Dataset
        A run's curves (``energy`` and ``ergotropy`` over ``time``).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Lines: the curve ``(W(t), E(t))`` and the point at the optimal time (W from the
        optimum, the ergotropy interpolated linearly as in
        :attr:`~qbattery.results.ChargingResult.ergotropy_at_optimal_time`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.plotting.charging import plot_ergotropy_vs_energy
    >>> result = qb.charge(qb.models.rabi(0.2), np.linspace(0.0, 10.0, 101))
    >>> ax = plot_ergotropy_vs_energy(result)
    >>> ax.get_xlabel()
    'stored energy W [$\\\\hbar\\\\omega$]'
    >>> plt.close("all")
    """
    dataset = charging_data(data, ("energy", "ergotropy"))
    ax = new_axes(1, FIGSIZE) if ax is None else ax
    best = optimum(dataset)
    ergotropy = dataset["ergotropy"].values
    at_optimum = np.interp(best.optimal_time, dataset["time"].values, ergotropy)
    ax.plot(dataset["energy"].values, ergotropy, label="charging trajectory")
    ax.plot([best.work], [at_optimum], "o", label="at the optimal time")
    ax.set_xlabel(data_label(dataset["energy"], "stored energy W"))
    ax.set_ylabel(data_label(dataset["ergotropy"], "ergotropy"))
    ax.legend(frameon=False)
    return ax
