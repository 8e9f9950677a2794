"""Figures (matplotlib): charging curves, power, scaling with N, and sweeps.

Plotting stays out of the result types: each function takes data (a result, an
``xarray.Dataset`` or ``DataArray``) and an optional ``matplotlib.axes.Axes`` and returns the
axes it drew on. Axis labels carry units: by default energies in units of the model's
reference frequency ``omega`` and times in ``1/omega`` (hbar = 1), as everywhere in qbattery;
a ``units`` attribute of the data (a preset in physical units) replaces them. New figures use
``constrained_layout`` so that no label is cropped.
"""

from __future__ import annotations

from qbattery.plotting.charging import plot_charging, plot_ergotropy_vs_energy, plot_power
from qbattery.plotting.labels import ENERGY_LABEL, POWER_LABEL, TIME_LABEL, axis_label
from qbattery.plotting.scaling import plot_advantage, plot_power_law, power_law_band
from qbattery.plotting.sweeps import plot_heatmap, plot_sweep_line

__all__ = [
    "ENERGY_LABEL",
    "POWER_LABEL",
    "TIME_LABEL",
    "axis_label",
    "plot_advantage",
    "plot_charging",
    "plot_ergotropy_vs_energy",
    "plot_heatmap",
    "plot_power",
    "plot_power_law",
    "plot_sweep_line",
    "power_law_band",
]
