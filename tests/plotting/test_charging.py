"""Figures of one run: the lines drawn are the run's curves, the optimum the closed form's."""

from __future__ import annotations

import numpy as np
import pytest

from qbattery.errors import QBatteryValueError
from qbattery.plotting import plot_charging, plot_ergotropy_vs_energy, plot_power
from tests.plotting.references import rabi_dataset, rabi_optimum

#: Curves are drawn from the data's own arrays: identical up to a float copy.
ROUND_OFF = 1e-12
#: The optimum computed from a 201-point grid with exact power (cubic Hermite refinement)
#: against tan x = 2x: observed 7e-7 relative; the grid spacing is 3e-2.
REFINED = 1e-5


def test_charging_curves_from_a_dataset() -> None:
    data = rabi_dataset().assign_attrs(
        optimal_time=2.5, max_average_power=0.3, energy_at_optimal_time=0.8
    )
    ax = plot_charging(data)
    energy, ergotropy, marker = ax.get_lines()
    np.testing.assert_allclose(energy.get_xdata(), data["time"].values, rtol=ROUND_OFF)
    np.testing.assert_allclose(energy.get_ydata(), data["energy"].values, rtol=ROUND_OFF)
    np.testing.assert_allclose(ergotropy.get_ydata(), data["ergotropy"].values, rtol=ROUND_OFF)
    assert list(marker.get_xdata()) == [2.5, 2.5]  # the attribute, as given
    assert ax.get_xlabel() == r"time [$1/\omega$]"
    assert ax.get_ylabel() == r"energy [$\hbar\omega$]"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["stored energy W", "ergotropy", "optimal time"]


def test_units_come_from_the_data() -> None:
    ax = plot_charging(rabi_dataset(units=("meV", "ps")))
    assert ax.get_xlabel() == "time [ps]"
    assert ax.get_ylabel() == "energy [meV]"
    ax = plot_power(rabi_dataset(units=("meV", "ps")))
    assert ax.get_ylabel() == "power [meV/ps]"


def test_power_curves_and_the_optimum_computed_from_the_curves() -> None:
    data = rabi_dataset()
    ax = plot_power(data)
    instantaneous, average, best = ax.get_lines()
    np.testing.assert_allclose(instantaneous.get_ydata(), data["power"].values, rtol=ROUND_OFF)
    np.testing.assert_array_equal(average.get_ydata(), data["average_power"].values)
    optimal_time, max_power = rabi_optimum()
    np.testing.assert_allclose(best.get_xdata(), [optimal_time], rtol=REFINED)
    np.testing.assert_allclose(best.get_ydata(), [max_power], rtol=REFINED)
    assert ax.get_ylabel() == r"power [$\hbar\omega^2$]"
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:2] == ["instantaneous power dW/dt", "average power W/t"]
    assert f"{max_power:.4g}" in legend[2]


def test_power_without_an_average_curve_divides_energy_by_time() -> None:
    data = rabi_dataset().drop_vars("average_power")
    average = plot_power(data).get_lines()[1]
    t = data["time"].values[1:]
    np.testing.assert_allclose(average.get_ydata()[1:], np.sin(0.5 * t) ** 2 / t, rtol=ROUND_OFF)
    assert np.isnan(average.get_ydata()[0])


def test_ergotropy_against_energy() -> None:
    data = rabi_dataset()
    ax = plot_ergotropy_vs_energy(data)
    curve, best = ax.get_lines()
    np.testing.assert_allclose(curve.get_xdata(), data["energy"].values, rtol=ROUND_OFF)
    np.testing.assert_allclose(curve.get_ydata(), data["ergotropy"].values, rtol=ROUND_OFF)
    optimal_time, _ = rabi_optimum()
    at_optimum = np.sin(0.5 * optimal_time) ** 2  # pure state: ergotropy = W
    np.testing.assert_allclose(best.get_xdata(), [at_optimum], rtol=REFINED)
    # the ergotropy is interpolated linearly on the grid (spacing 0.03): observed 8e-5
    np.testing.assert_allclose(best.get_ydata(), [at_optimum], rtol=1e-3)
    assert ax.get_xlabel() == r"stored energy W [$\hbar\omega$]"
    assert ax.get_ylabel() == r"ergotropy [$\hbar\omega$]"


def test_draws_on_the_axes_it_is_given() -> None:
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(1, 3)
    for plot, ax in zip((plot_charging, plot_power, plot_ergotropy_vs_energy), axes, strict=True):
        assert plot(rabi_dataset(), ax) is ax


def test_missing_curves_are_named() -> None:
    with pytest.raises(QBatteryValueError, match=r"data: no variable 'ergotropy'"):
        plot_ergotropy_vs_energy(rabi_dataset().drop_vars("ergotropy"))
    with pytest.raises(QBatteryValueError, match=r"data: need a ChargingResult.*got dict"):
        plot_power({"energy": [0.0]})
