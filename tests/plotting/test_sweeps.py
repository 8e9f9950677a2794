"""Sweep figures: the line and heat map hold the sweep's values, axes its parameters."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr

from qbattery.errors import QBatteryValueError
from qbattery.plotting import plot_heatmap, plot_sweep_line

COUPLINGS = np.array([0.05, 0.1, 0.2])
SIZES = np.array([1, 2, 3, 5])


def sweep() -> xr.DataArray:
    values = np.outer(SIZES, COUPLINGS) ** 0.5
    values[1, 2] = np.nan  # a failed point
    return xr.DataArray(
        values,
        dims=("n_atoms", "coupling"),
        coords={
            "n_atoms": ("n_atoms", SIZES, {"long_name": "number of atoms N"}),
            "coupling": ("coupling", COUPLINGS, {"units": "MHz"}),
        },
        name="max_average_power",
    )


def cell_edges(centres: np.ndarray) -> np.ndarray:
    """Halfway between neighbours inside, half a spacing beyond the first and last value."""
    inner = (centres[:-1] + centres[1:]) / 2
    first = centres[0] - (centres[1] - centres[0]) / 2
    last = centres[-1] + (centres[-1] - centres[-2]) / 2
    return np.concatenate([[first], inner, [last]])


def test_line_of_a_1d_sweep() -> None:
    values = sweep().sel(coupling=0.1)
    ax = plot_sweep_line(values.drop_vars("coupling"))
    ax.figure.canvas.draw()
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), SIZES)
    np.testing.assert_array_equal(line.get_ydata(), values.values)
    assert ax.get_xlabel() == "number of atoms N"
    # no units attribute: the default of a run's output of that name
    assert ax.get_ylabel() == r"max average power [$\hbar\omega^2$]"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3", "5"]


def test_line_over_a_real_parameter_keeps_matplotlib_ticks() -> None:
    values = sweep().isel(n_atoms=0).drop_vars("n_atoms")
    ax = plot_sweep_line(values)
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), COUPLINGS)
    assert ax.get_xlabel() == "coupling [MHz]"


def test_heatmap_cells_hold_the_values() -> None:
    values = sweep()
    ax = plot_heatmap(values)
    ax.figure.canvas.draw()
    (mesh,) = ax.collections
    drawn = mesh.get_array()
    np.testing.assert_array_equal(drawn.filled(np.nan), values.values)
    assert drawn.mask[1, 2] and drawn.mask.sum() == 1
    corners = mesh.get_coordinates()  # (rows + 1, columns + 1, 2)
    np.testing.assert_allclose(corners[0, :, 0], cell_edges(COUPLINGS))
    np.testing.assert_allclose(corners[:, 0, 1], cell_edges(SIZES))
    assert ax.get_xlabel() == "coupling [MHz]"
    assert ax.get_ylabel() == "number of atoms N"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "2", "3", "5"]
    colorbar = mesh.colorbar
    assert colorbar.ax.get_ylabel() == r"max average power [$\hbar\omega^2$]"


def test_wrong_number_of_dimensions_is_named() -> None:
    with pytest.raises(QBatteryValueError, match=r"values: need an xarray.DataArray over 2"):
        plot_heatmap(sweep().isel(coupling=0))
    with pytest.raises(QBatteryValueError, match=r"values: need .* over 1 .*got dims"):
        plot_sweep_line(sweep())
