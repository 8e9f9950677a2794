"""Figures (matplotlib): charging curves and collective-advantage scans.

Plotting stays out of the result types: each function takes results and an optional
``matplotlib.axes.Axes`` and returns the axes it drew on. Energies are in units of the model's
reference frequency and times in its inverse (hbar = 1), as everywhere in qbattery.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qbattery.results import ChargingResult

__all__ = ["plot_advantage", "plot_charging"]


def _axes(ax: Any, figsize: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize)
    return ax


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
    ax = _axes(ax, (5, 3.5))
    ax.plot(result.times, result.energy, label="stored energy W")
    if result.ergotropy is not None:
        ax.plot(result.times, result.ergotropy, "--", label="ergotropy")
    ax.axvline(result.optimal_time, color="grey", lw=0.8, label="optimal time")
    ax.set_xlabel("time")
    ax.set_ylabel("energy")
    ax.legend(frameon=False)
    return ax


def plot_advantage(
    sizes: Sequence[int],
    collective_power: Sequence[float],
    parallel_power: Sequence[float],
    advantage: Sequence[float],
    axes: Sequence[Any] | None = None,
) -> Sequence[Any]:
    """Maximum average power of collective and parallel charging against N, and their ratio.

    Parameters
    ----------
    sizes : sequence of int
        Numbers of cells N.
    collective_power, parallel_power : sequence of float
        ``P_max`` of the collective battery and of N parallel cells, one per size.
    advantage : sequence of float
        ``Gamma = P_collective / P_parallel``.
    axes : pair of matplotlib.axes.Axes, optional

    Returns
    -------
    pair of matplotlib.axes.Axes
        Power (log-log) and advantage against N.
    """
    if axes is None:
        import matplotlib.pyplot as plt

        _, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    power_ax, advantage_ax = axes
    power_ax.loglog(sizes, collective_power, "o-", label="collective (Dicke)")
    power_ax.loglog(sizes, parallel_power, "s--", label="parallel (Rabi cells)")
    power_ax.set_xlabel("N")
    power_ax.set_ylabel("max average power")
    power_ax.legend(frameon=False)
    advantage_ax.plot(sizes, advantage, "o-")
    advantage_ax.set_xlabel("N")
    advantage_ax.set_ylabel("collective advantage Gamma")
    return axes
