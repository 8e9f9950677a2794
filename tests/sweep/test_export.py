"""A sweep as an xarray.Dataset: swept parameters as dimensions, arrays with their own, NetCDF.

The points are charged Dicke batteries written to a store in this process; expected values come
from calling the point function directly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import xarray as xr

from qbattery.sweep import to_dataset
from tests.sweep.conftest import write_in_process
from tests.sweep.points import charge_dicke, dicke_points, times

METADATA = {
    "constants": {"omega_c": 1.0, "model": "dicke", "exact": True, "grid": [0, 6]},
    "units": {"coupling": "omega_c", "ergotropy": "omega_a", "time": "1/omega_c"},
    "long_names": {"ergotropy": "battery ergotropy"},
    "dims": {"ergotropy": ["time"], "time": ["time"]},
}


def test_a_full_grid_becomes_dimensions_with_the_arrays_own_after_them(store_dir: Path) -> None:
    points = dicke_points([3, 2], [0.5, 0.3])  # axes come out sorted
    write_in_process(store_dir, points, metadata=METADATA)
    dataset = to_dataset(store_dir)
    assert dict(dataset.sizes) == {"n_atoms": 2, "coupling": 2, "time": 61}
    assert dataset.n_atoms.values.tolist() == [2, 3]
    assert dataset.coupling.values.tolist() == [0.3, 0.5]
    np.testing.assert_array_equal(dataset.time, times(points[0][1]))
    assert dataset.ergotropy.dims == ("n_atoms", "coupling", "time")
    for coordinates, payload in points:
        expected = charge_dicke(payload)
        at = dataset.sel(coordinates)
        assert float(at.max_average_power) == expected["max_average_power"]
        assert float(at.optimal_time) == expected["optimal_time"]
        assert int(at.n_levels) == expected["n_levels"] and at.method.item() == "spectral"
        np.testing.assert_array_equal(at.ergotropy, expected["ergotropy"])
    assert dataset.coupling.attrs == {"units": "omega_c"}
    assert dataset.ergotropy.attrs == {"units": "omega_a", "long_name": "battery ergotropy"}
    assert dataset.attrs["omega_c"] == 1.0 and dataset.attrs["model"] == "dicke"
    assert dataset.attrs["exact"] == 1 and dataset.attrs["grid"] == "[0,6]"
    assert dataset.attrs["sweep_points"] == 4 and len(dataset.attrs["sweep_identity"]) == 64


def test_scattered_points_lie_along_a_point_dimension_in_sweep_order(store_dir: Path) -> None:
    points = dicke_points([2], [0.3, 0.5]) + dicke_points([3], [0.5])  # (3, 0.3) missing
    write_in_process(store_dir, points, metadata=METADATA)
    dataset = to_dataset(store_dir)
    assert dict(dataset.sizes) == {"point": 3, "time": 61}
    assert dataset.n_atoms.dims == ("point",) and dataset.n_atoms.values.tolist() == [2, 2, 3]
    assert dataset.coupling.values.tolist() == [0.3, 0.5, 0.5]
    for index, (_, payload) in enumerate(points):
        expected = charge_dicke(payload)
        np.testing.assert_array_equal(dataset.ergotropy[index], expected["ergotropy"])
        assert float(dataset.max_average_power[index]) == expected["max_average_power"]


def test_results_of_different_shapes_are_named_not_exported(store_dir: Path) -> None:
    """Grids of 41 and 61 times cannot share a time axis; the scalars still can."""
    points = dicke_points([2], [0.3]) + dicke_points([2], [0.5], n_times=41)
    write_in_process(store_dir, points)
    dataset = to_dataset(store_dir)
    assert dataset.attrs["not_exported"] == "ergotropy, time"
    assert set(dataset.data_vars) == {"max_average_power", "optimal_time", "n_levels", "method"}


def test_the_dataset_round_trips_through_netcdf_without_extra_packages(
    store_dir: Path, tmp_path: Path
) -> None:
    write_in_process(store_dir, dicke_points([2, 3], [0.3, 0.5]), metadata=METADATA)
    dataset = to_dataset(store_dir)
    path = tmp_path / "sweep.nc"
    dataset.to_netcdf(path, engine="scipy")
    with xr.open_dataset(path, engine="scipy") as back:
        xr.testing.assert_allclose(back.ergotropy, dataset.ergotropy, rtol=0, atol=0)
        assert back.ergotropy.attrs["units"] == "omega_a"
        assert back.attrs["model"] == "dicke"
        assert back.n_levels.values.tolist() == dataset.n_levels.values.tolist()


def test_a_wrong_dims_entry_is_named(store_dir: Path) -> None:
    metadata = {"dims": {"ergotropy": ["time", "extra"]}}
    write_in_process(store_dir, dicke_points([2], [0.3]), metadata=metadata)
    with pytest.raises(ValueError, match="dims of 'ergotropy' names 2 dimensions, but the result"):
        to_dataset(store_dir)


def test_an_experiment_sweeps_times_output_becomes_the_time_coordinate(tmp_path: Path) -> None:
    import qbattery.experiment as ex
    from qbattery.sweep.experiments import run_experiment_sweep

    base = {
        "model": {"name": "rabi", "coupling": 0.1},
        "outputs": ["max_energy", "times", "energy"],
        "times": {"stop": 2.0, "num": 5},
    }
    shared = ex.validate({**base, "sweep": {"axes": {"model.coupling": [0.1, 0.2]}}})
    run_experiment_sweep(shared, tmp_path / "shared", file="x.toml", progress=False)
    dataset = to_dataset(tmp_path / "shared")
    np.testing.assert_array_equal(dataset.time, np.linspace(0.0, 2.0, 5))  # the file's grid
    assert "times" not in dataset and dataset.energy.dims == ("model.coupling", "time")
    assert dataset.time.attrs["units"] == "1/omega"

    swept = ex.validate({**base, "sweep": {"axes": {"times.stop": [1.0, 2.0]}}})
    run_experiment_sweep(swept, tmp_path / "swept", file="x.toml", progress=False)
    dataset = to_dataset(tmp_path / "swept")  # grids differ: no shared coordinate
    assert "time" not in dataset.coords and dataset.times.dims == ("times.stop", "time")
    np.testing.assert_array_equal(dataset.times.sel({"times.stop": 1.0}), np.linspace(0, 1, 5))


def test_a_coordinate_entry_that_is_not_a_result_name_is_named() -> None:
    from qbattery.sweep.export import check_metadata

    with pytest.raises(TypeError, match=r"^metadata: the coordinate of 'time' is 3; give the name"):
        check_metadata({"coordinates": {"time": 3}})
