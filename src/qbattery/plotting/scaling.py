"""Figures of scaling with the number of cells N: power laws with their confidence bands.

The fitted law ``y = c N^alpha`` (:func:`qbattery.studies.fit_power_law`, least squares on
``log y = alpha log N + log c``) is drawn over its fit range with the one-sigma confidence band
of the fitted line. With ``x = log N``, ``m`` the mean and ``S = sum (x_i - m)^2`` over the k
fitted sizes and ``s^2`` the residual variance, the line's variance is
``s^2 (1/k + (x - m)^2 / S)``; the fit states ``sigma_alpha^2 = s^2 / S``, so the band is

    log y = alpha x + log c  +-  sigma_alpha sqrt(S / k + (x - m)^2)

(any regression text, e.g. Draper & Smith, *Applied Regression Analysis*, sec. 1.4).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qbattery.plotting.labels import data_label, integer_ticks, new_axes
from qbattery.studies.advantage import PowerLaw, fit_power_law

__all__ = ["plot_advantage", "plot_power_law", "power_law_band"]

#: Points on the drawn fit line and band.
_FIT_POINTS = 100

#: The x label of scaling figures when the size coordinate has no ``long_name``.
SIZE_LABEL = "number of cells N"


def power_law_band(law: PowerLaw, sizes: Any, n: Any) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper edge of the one-sigma confidence band of a fitted power law at ``n``.

    Parameters
    ----------
    law : PowerLaw
        The fit (its ``exponent_error`` must be finite: three sizes or more).
    sizes : array
        The sizes the law was fitted on (those outside ``law.fit_range`` are ignored).
    n : array
        Where to evaluate the band.

    Examples
    --------
    >>> law = fit_power_law([1, 2, 4], [1.0, 2.2, 3.9])
    >>> low, high = power_law_band(law, [1, 2, 4], [2.0])
    >>> bool(low[0] < law.prefactor * 2.0**law.exponent < high[0])
    True
    """
    sizes = np.asarray(sizes, dtype=float)
    used = np.log(sizes[(sizes >= law.fit_range[0]) & (sizes <= law.fit_range[1])])
    x = np.log(np.asarray(n, dtype=float))
    mean = used.mean()
    spread = np.sum((used - mean) ** 2)
    half_width = law.exponent_error * np.sqrt(spread / used.size + (x - mean) ** 2)
    line = np.log(law.prefactor) + law.exponent * x
    return np.exp(line - half_width), np.exp(line + half_width)


def _draw_law(ax: Any, law: PowerLaw, sizes: np.ndarray, color: Any = None) -> None:
    """The fitted line over the fit range, and its shaded band when the error is known."""
    n = np.geomspace(law.fit_range[0], law.fit_range[1], _FIT_POINTS)
    if np.isfinite(law.exponent_error):
        low, high = power_law_band(law, sizes, n)
        ax.fill_between(n, low, high, alpha=0.25, color=color, linewidth=0)
        label = rf"fit $N^{{{law.exponent:.3f} \pm {law.exponent_error:.3f}}}$, one-sigma band"
    else:  # two sizes: the line passes through both, no error to show
        label = rf"fit $N^{{{law.exponent:.3f}}}$ (two sizes, no error)"
    ax.plot(n, law.prefactor * n**law.exponent, "-", lw=1, color=color, label=label)


def plot_power_law(
    values: Any, ax: Any = None, *, law: PowerLaw | None = None, label: str | None = None
) -> Any:
    """A quantity against N on log-log axes with its fitted power law and confidence band.

    Parameters
    ----------
    values : xarray.DataArray
        Positive values over one integer size dimension (e.g. ``max_average_power`` over
        ``n_atoms``); the y label comes from its ``long_name`` and ``units``.
    ax : matplotlib.axes.Axes, optional
    law : PowerLaw, optional
        The fit to draw; by default :func:`qbattery.studies.fit_power_law` on all sizes (which
        warns when the small sizes dominate).
    label : str, optional
        Legend entry of the points (default: the y label).

    Returns
    -------
    matplotlib.axes.Axes
        Lines: the points, then the fitted law in the same colour; one shaded band (a
        collection) when the fit has an error. Called again on the same axes, it adds a series.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import xarray as xr
    >>> from qbattery.plotting.scaling import plot_power_law
    >>> values = xr.DataArray([0.1, 0.4, 1.6], coords={"n_atoms": [1, 2, 4]}, dims="n_atoms",
    ...                       name="max_average_power")
    >>> ax = plot_power_law(values)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close("all")
    """
    (dim,) = values.dims
    sizes = np.asarray(values[dim].values)
    y = np.asarray(values.values, dtype=float)
    law = fit_power_law(sizes, y) if law is None else law
    ax = new_axes(1, (5.0, 3.5)) if ax is None else ax
    ylabel = data_label(values)
    (points,) = ax.loglog(sizes, y, "o", label=ylabel if label is None else label)
    _draw_law(ax, law, sizes, points.get_color())
    ax.set_xlabel(str(values[dim].attrs.get("long_name", SIZE_LABEL)))
    ax.set_ylabel(ylabel)
    integer_ticks(ax.xaxis, sizes)
    ax.legend(frameon=False)
    return ax


def plot_advantage(study: Any, axes: Any = None) -> Any:
    """Maximum average power of collective and parallel charging against N, and their ratio.

    The collective power's fitted law ``P_max = c N^alpha`` is drawn with its one-sigma
    confidence band (from the exponent's standard error) and ``alpha`` in the legend, over the
    fit range.

    Parameters
    ----------
    study : ScalingStudy
        From :func:`qbattery.studies.scaling_study` (sizes, ``collective``, ``parallel``,
        ``advantage``, ``collective_fit``).
    axes : pair of matplotlib.axes.Axes, optional

    Returns
    -------
    pair of matplotlib.axes.Axes
        Power (log-log) and advantage against N, integer ticks at the sizes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.plotting.scaling import plot_advantage
    >>> study = qb.scaling_study(lambda n: qb.models.dicke(n, 0.1), lambda n: qb.models.rabi(0.1),
    ...                          [1, 2], np.linspace(0.0, 40.0, 201))
    >>> axes = plot_advantage(study)
    >>> len(axes)
    2
    >>> plt.close("all")
    """
    power_ax, advantage_ax = new_axes(2, (9, 3.5)) if axes is None else axes
    sizes = np.asarray(study.sizes, dtype=int)
    power_ax.loglog(sizes, study.collective, "o", label="collective")
    power_ax.loglog(sizes, study.parallel, "s--", label="parallel cells")
    if sizes.size >= 2:
        _draw_law(power_ax, study.collective_fit, sizes)
    power_ax.set_ylabel(r"max average power $P_{\max}$ [$\hbar\omega^2$]")
    advantage_ax.plot(sizes, study.advantage, "o-")
    advantage_ax.set_ylabel(r"collective advantage $\Gamma$")
    for ax in (power_ax, advantage_ax):
        ax.set_xlabel(SIZE_LABEL)
        integer_ticks(ax.xaxis, sizes)
    power_ax.legend(frameon=False)
    return power_ax, advantage_ax
