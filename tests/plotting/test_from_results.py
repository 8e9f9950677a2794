"""Figures drawn from result objects (ChargingResult, ScalingStudy): their own curves."""

from __future__ import annotations

import numpy as np

import qbattery as qb
from qbattery.plotting import TIME_LABEL, plot_advantage, plot_charging

#: The plotted fit is prefactor * n**exponent evaluated again by the plotting code: round-off;
#: curves are drawn from the result's own arrays (observed: identical).
ROUND_OFF = 1e-12


def test_plot_charging_draws_the_curves() -> None:
    hb = np.diag([0.0, 1.0])
    battery = qb.Battery(hb + np.array([[0, 1], [1, 0]]), hb, np.array([1.0, 0.0]))
    result = qb.charge(battery, np.linspace(0, 4, 81))
    ax = plot_charging(result)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[:2] == ["stored energy W", "ergotropy"]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), result.energy, rtol=ROUND_OFF)
    assert ax.get_lines()[2].get_xdata()[0] == result.optimal_time
    assert ax.get_xlabel() == TIME_LABEL


def test_plot_advantage_draws_power_ratio_and_the_fitted_law() -> None:
    study = qb.scaling_study(
        lambda n: qb.models.dicke(n, 0.1),
        lambda n: qb.models.rabi(0.1),
        [1, 2, 4],
        np.linspace(0.0, 40.0, 801),
    )
    power_ax, advantage_ax = plot_advantage(study)
    drawn = power_ax.get_lines()[0].get_ydata()
    np.testing.assert_allclose(drawn, study.collective, rtol=ROUND_OFF)
    drawn = advantage_ax.get_lines()[0].get_ydata()
    np.testing.assert_allclose(drawn, study.advantage, rtol=ROUND_OFF)
    law = study.collective_fit
    fitted = power_ax.get_lines()[2]
    n = fitted.get_xdata()
    np.testing.assert_allclose(fitted.get_ydata(), law.prefactor * n**law.exponent, rtol=ROUND_OFF)
    assert f"{law.exponent:.3f}" in fitted.get_label()
    assert len(power_ax.collections) == 1  # the one-sigma band
    for ax in (power_ax, advantage_ax):
        assert ax.get_xlabel() == "number of cells N"
        assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "4"]
    assert "[" in power_ax.get_ylabel()  # units
    assert power_ax.figure.get_layout_engine() is not None  # constrained: nothing cropped
