"""Power laws against N: points, fitted line and band from an independent regression."""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy.stats import linregress

from qbattery.plotting import plot_power_law
from qbattery.studies import fit_power_law

#: Drawn values are the inputs; the fit's line and band are recomputed here by scipy's
#: linregress and the textbook formulas: both are round-off apart (observed < 1e-14).
ROUND_OFF = 1e-10

SIZES = np.array([2, 3, 4, 6, 8, 12])
#: 0.7 N^1.5 with a fixed multiplicative wobble, so the fit has a non-zero error.
VALUES = 0.7 * SIZES**1.5 * (1 + 0.04 * np.array([1, -1, 0.5, -0.5, 1, -1]))


def max_power(sizes: np.ndarray = SIZES, values: np.ndarray = VALUES) -> xr.DataArray:
    return xr.DataArray(
        values,
        coords={"n_atoms": sizes},
        dims="n_atoms",
        name="max_average_power",
        attrs={"units": "hbar*omega^2", "long_name": "max average power"},
    )


def independent_band(n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Line and one-sigma band of the mean of log y at log n (Draper & Smith sec. 1.4)."""
    x, y = np.log(SIZES), np.log(VALUES)
    fit = linregress(x, y)
    residual = y - (fit.intercept + fit.slope * x)
    s2 = residual @ residual / (x.size - 2)
    t = np.log(n)
    sigma = np.sqrt(s2 * (1 / x.size + (t - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2)))
    line = fit.intercept + fit.slope * t
    return np.exp(line), np.exp(line - sigma), np.exp(line + sigma)


def test_points_line_and_band() -> None:
    ax = plot_power_law(max_power())
    points, line = ax.get_lines()
    np.testing.assert_array_equal(points.get_xdata(), SIZES)
    np.testing.assert_array_equal(points.get_ydata(), VALUES)
    n = line.get_xdata()
    assert (n[0], n[-1]) == (2, 12)  # over the fit range
    np.testing.assert_allclose(line.get_ydata(), independent_band(n)[0], rtol=ROUND_OFF)
    (band,) = ax.collections
    x, y = band.get_paths()[0].vertices.T
    _, low, high = independent_band(x)
    on_low, on_high = np.isclose(y, low, rtol=ROUND_OFF), np.isclose(y, high, rtol=ROUND_OFF)
    assert np.all(on_low | on_high)
    assert on_low.sum() >= n.size and on_high.sum() >= n.size  # both edges, everywhere
    fit = linregress(np.log(SIZES), np.log(VALUES))
    assert f"{fit.slope:.3f} \\pm {fit.stderr:.3f}" in line.get_label()


def test_labels_and_integer_ticks() -> None:
    ax = plot_power_law(max_power())
    ax.figure.canvas.draw()
    assert ax.get_xlabel() == "number of cells N"
    assert ax.get_ylabel() == r"max average power [$\hbar\omega^2$]"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == [str(n) for n in SIZES]
    assert [int(v) for v in ax.get_xticks()] == list(SIZES)
    assert ax.get_xticks(minor=True).size == 0


def test_a_given_fit_range_is_drawn_over_its_sizes() -> None:
    law = fit_power_law(SIZES, VALUES, fit_range=(4, None))
    ax = plot_power_law(max_power(), law=law, label="collective")
    line = ax.get_lines()[1]
    assert (line.get_xdata()[0], line.get_xdata()[-1]) == (4, 12)
    assert ax.get_legend().get_texts()[0].get_text() == "collective"


def test_two_sizes_have_no_band() -> None:
    ax = plot_power_law(max_power(np.array([2, 4]), np.array([1.0, 2.0])))
    assert not ax.collections
    assert "no error" in ax.get_lines()[1].get_label()
