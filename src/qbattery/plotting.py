"""Figures (matplotlib): charging curves and collective-advantage scans.

Plotting stays out of the result types: each function takes results and an optional
``matplotlib.axes.Axes`` and returns the axes it drew on. Axis labels carry units: energies in
units of the model's reference frequency ``omega`` and times in ``1/omega`` (hbar = 1), as
everywhere in qbattery. New figures use ``constrained_layout`` so that no label is cropped.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qbattery.results import ChargingResult

__all__ = ["ENERGY_LABEL", "POWER_LABEL", "TIME_LABEL", "plot_advantage", "plot_charging"]

#: Axis labels with the units every result is in (a preset in physical units says otherwise).
ENERGY_LABEL = r"energy [$\hbar\omega$]"
TIME_LABEL = r"time [$1/\omega$]"
POWER_LABEL = r"power [$\hbar\omega^2$]"


def _new_axes(ncols: int, figsize: tuple[float, float]) -> Any:
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained")
    return axes


def plot_charging(result: ChargingResult, ax: Any = None) -> Any:
    """Stored energy W(t) and ergotropy against time, with the optimal charging time marked.

    Parameters
    ----------
    result : ChargingResult
    ax : matplotlib.axes.Axes, optional
        Drawn on if given, otherwise a new figure.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _new_axes(1, (5, 3.5)) if ax is None else ax
    ax.plot(result.times, result.energy, label="stored energy W")
    if result.ergotropy is not None:
        ax.plot(result.times, result.ergotropy, "--", label="ergotropy")
    ax.axvline(result.optimal_time, color="grey", lw=0.8, label="optimal time")
    ax.set_xlabel(TIME_LABEL)
    ax.set_ylabel(ENERGY_LABEL)
    ax.legend(frameon=False)
    return ax


def plot_advantage(study: Any, axes: Any = None) -> Any:
    """Maximum average power of collective and parallel charging against N, and their ratio.

    The collective power's fitted law ``P_max = c N^alpha`` is drawn with its one-sigma band
    (from the exponent's standard error) and ``alpha`` in the legend, over the fit range.

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
    """
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

    power_ax, advantage_ax = _new_axes(2, (9, 3.5)) if axes is None else axes
    sizes = np.asarray(study.sizes, dtype=int)
    power_ax.loglog(sizes, study.collective, "o", label="collective")
    power_ax.loglog(sizes, study.parallel, "s--", label="parallel cells")
    if sizes.size >= 2:
        law = study.collective_fit
        n = np.geomspace(law.fit_range[0], law.fit_range[1], 100)
        fitted = law.prefactor * n**law.exponent
        error = law.exponent_error if np.isfinite(law.exponent_error) else 0.0
        # the band: exponent +- one standard error, pivoting about the fit range's middle
        pivot = np.sqrt(law.fit_range[0] * law.fit_range[1])
        low = fitted * (n / pivot) ** (-error)
        high = fitted * (n / pivot) ** error
        power_ax.fill_between(n, np.minimum(low, high), np.maximum(low, high), alpha=0.25)
        label = rf"fit $N^{{{law.exponent:.3f} \pm {error:.3f}}}$"
        power_ax.plot(n, fitted, "-", lw=1, label=label)
    power_ax.set_ylabel(r"max average power $P_{\max}$ [$\hbar\omega^2$]")
    advantage_ax.plot(sizes, study.advantage, "o-")
    advantage_ax.set_ylabel(r"collective advantage $\Gamma$")
    for ax in (power_ax, advantage_ax):
        ax.set_xlabel("number of cells N")
        ax.xaxis.set_major_locator(FixedLocator(sizes.tolist()))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xticklabels([str(n) for n in sizes])
    power_ax.legend(frameon=False)
    return power_ax, advantage_ax
