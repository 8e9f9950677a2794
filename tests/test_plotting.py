"""Figures: the data drawn are the result's own curves."""

from __future__ import annotations

import matplotlib
import numpy as np

import qbattery as qb
from qbattery.plotting import plot_advantage, plot_charging

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def test_plot_charging_draws_the_curves() -> None:
    hb = np.diag([0.0, 1.0])
    battery = qb.Battery(hb + np.array([[0, 1], [1, 0]]), hb, np.array([1.0, 0.0]))
    result = qb.charge(battery, np.linspace(0, 4, 81))
    ax = plot_charging(result)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["stored energy W", "ergotropy"]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), result.energy)
    assert ax.get_lines()[2].get_xdata()[0] == result.optimal_time
    plt.close("all")


def test_plot_advantage_draws_power_and_ratio() -> None:
    power_ax, advantage_ax = plot_advantage(
        [1, 2, 4], [1.0, 2.8, 8.0], [1.0, 2.0, 4.0], [1, 1.4, 2]
    )
    np.testing.assert_allclose(power_ax.get_lines()[0].get_ydata(), [1.0, 2.8, 8.0])
    np.testing.assert_allclose(advantage_ax.get_lines()[0].get_ydata(), [1, 1.4, 2])
    assert advantage_ax.get_xlabel() == "N"
    plt.close("all")
