"""A sweep's store as an ``xarray.Dataset`` over its axes (NetCDF-ready).

When the points' coordinates form a full Cartesian grid, every swept parameter becomes a
dimension (numeric axes sorted, others in the order first met); otherwise the points lie along a
``point`` dimension and the swept parameters are coordinate variables on it. Each scalar result
becomes a variable over those dimensions, and each array result adds its own dimensions (named by
the metadata's ``dims``, else ``NAME_dim_0, ...``). An array result named like its only dimension
(a ``time`` grid with ``dims={"time": ["time"]}``), or named for it in the metadata's
``coordinates`` (``{"time": "times"}``), becomes that dimension's coordinate when every point has
the same one, and the variable ``NAME_values`` otherwise. Results that do not have the
same shape at every point cannot share the grid: they are left out and listed in the attribute
``not_exported`` (read them from :meth:`SweepStore.points`). A value missing at some point is NaN
(integers and booleans with a gap become floats) or the empty string.

The metadata's ``constants`` become attributes, its ``units`` and ``long_names`` attributes of the
variables and coordinates they name. ``dataset.to_netcdf(path, engine="scipy")`` writes NetCDF
without extra packages (complex results need ``engine="h5netcdf"``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.sweep.canonical import canonical_json
from qbattery.sweep.store import StoredPoint, SweepStore

__all__ = ["METADATA_KEYS", "check_metadata", "to_dataset"]

#: What a sweep's metadata may hold, and what each entry maps.
METADATA_KEYS = {
    "constants": "name to a JSON value (an attribute of the dataset)",
    "units": "variable or coordinate name to its units",
    "long_names": "variable or coordinate name to a description",
    "dims": "array result name to the list of its dimension names",
    "coordinates": "dimension name to the array result holding its values",
}


def check_metadata(metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    """``metadata`` as a plain dict, checked against :data:`METADATA_KEYS`.

    Examples
    --------
    >>> from qbattery.sweep.export import check_metadata
    >>> check_metadata({"units": {"y": "hbar*omega"}})
    {'units': {'y': 'hbar*omega'}}
    >>> check_metadata({"colour": "red"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: metadata: unknown entry 'colour'; ...
    """
    if metadata is None:
        return {}
    if not isinstance(metadata, Mapping):
        raise QBatteryTypeError(f"metadata: expected a mapping, got {type(metadata).__name__}")
    for key, value in metadata.items():
        if key not in METADATA_KEYS:
            raise QBatteryValueError(
                f"metadata: unknown entry {key!r}; use {', '.join(map(repr, METADATA_KEYS))}"
            )
        if not isinstance(value, Mapping):
            raise QBatteryTypeError(
                f"metadata: {key!r} must map {METADATA_KEYS[key]}, got {value!r}"
            )
    for name, dims in metadata.get("dims", {}).items():
        if isinstance(dims, str) or not all(isinstance(dim, str) for dim in dims):
            raise QBatteryTypeError(
                f"metadata: dims of {name!r} is {dims!r}; give a list of dimension names"
            )
    for dim, result in metadata.get("coordinates", {}).items():
        if not isinstance(result, str):
            raise QBatteryTypeError(
                f"metadata: the coordinate of {dim!r} is {result!r}; give the name of the array "
                "result that holds its values"
            )
    return json.loads(canonical_json(dict(metadata), "metadata"))


def _axis(values: Sequence[Any]) -> list[Any]:
    """Distinct values in first-met order, sorted if they are all numbers."""
    distinct = list(dict.fromkeys(values))
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in distinct):
        return sorted(distinct)
    return distinct


def _column(values: Sequence[Any], missing: Sequence[bool]) -> np.ndarray:
    """Stack per-point values (scalars or equal-shape arrays), filling the missing ones."""
    present = [np.asarray(v) for v, gap in zip(values, missing, strict=True) if not gap]
    template = present[0]
    if not any(missing):
        return np.stack(present)
    if template.dtype.kind in "US":
        fill: Any = ""
        dtype = template.dtype
    else:
        fill = np.nan
        dtype = np.result_type(template.dtype, np.float64)
    stacked = np.full((len(values), *template.shape), fill, dtype=dtype)
    for index, (value, gap) in enumerate(zip(values, missing, strict=True)):
        if not gap:
            stacked[index] = value
    return stacked


def _attribute(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | str):
        return value
    return canonical_json(value, "constants")


def _layout(points: list[StoredPoint]) -> tuple[list[str], dict[str, list[Any]], bool]:
    """The swept names, their axes, and whether the points fill the grid of those axes."""
    names = list(dict.fromkeys(name for point in points for name in point.coordinates))
    complete = all(len(point.coordinates) == len(names) for point in points)
    axes = {
        name: _axis([p.coordinates[name] for p in points if name in p.coordinates])
        for name in names
    }
    size = int(np.prod([len(axis) for axis in axes.values()]))
    return names, axes, complete and size == len(points)


def to_dataset(source: str | Path | SweepStore) -> Any:
    """The finished points of a sweep as an ``xarray.Dataset``.

    Parameters
    ----------
    source : str, Path or SweepStore
        A sweep's output directory (read while a sweep may still be writing to it) or an open
        store.

    Returns
    -------
    xarray.Dataset
        Dimensions: the swept parameters (full grid) or ``point``, then each array result's own.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qbattery.sweep.engine import sweep_tasks
    >>> from qbattery.sweep.provenance import run_record, timestamp
    >>> from qbattery.sweep.store import SweepStore
    >>> from qbattery.sweep.worker import compute_point
    >>> folder = tempfile.TemporaryDirectory()
    >>> store = SweepStore.open(pathlib.Path(folder.name), create=True)
    >>> store.claim("demo", {"model": "demo"}, timestamp())
    >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=1,
    ...                     points_pending=1)
    >>> run_id = store.start_run(record)
    >>> task = sweep_tasks([({"x": 1.0}, {"y": 2.0})])[0]
    >>> from qbattery.sweep.export import to_dataset
    >>> _ = store.write_point(run_id, task, compute_point(dict, task), None)
    >>> dataset = to_dataset(store)
    >>> dataset["y"].values.tolist(), dataset["x"].values.tolist()
    ([2.0], [1.0])
    >>> store.close()
    >>> folder.cleanup()
    """
    import xarray as xr

    if isinstance(source, SweepStore):
        points, metadata = source.points(), source.metadata()
        identity = source.identity_hash()
    else:
        with SweepStore.open(Path(source)) as store:
            points, metadata, identity = store.points(), store.metadata(), store.identity_hash()
    units = metadata.get("units", {})
    long_names = metadata.get("long_names", {})
    dims_of = metadata.get("dims", {})
    coordinate_of = {result: dim for dim, result in metadata.get("coordinates", {}).items()}

    def labelled(name: str) -> dict[str, str]:
        attrs = {"units": units.get(name), "long_name": long_names.get(name)}
        return {key: value for key, value in attrs.items() if value is not None}

    names, axes, grid = _layout(points)
    if grid:
        base = names
        shape = tuple(len(axes[name]) for name in names)
        index_of = {name: {value: i for i, value in enumerate(axes[name])} for name in names}
        where = [tuple(index_of[name][p.coordinates[name]] for name in names) for p in points]
        coords: dict[str, Any] = {name: (name, axes[name], labelled(name)) for name in names}
    else:
        base, shape = ["point"], (len(points),)
        where = [(index,) for index in range(len(points))]
        coords = {
            name: (
                "point",
                _column(
                    [p.coordinates.get(name) for p in points],
                    [name not in p.coordinates for p in points],
                ),
                labelled(name),
            )
            for name in names
        }
    variables: dict[str, Any] = {}
    left_out = []
    results = list(dict.fromkeys(name for point in points for name in point.values))
    for name in results:
        values: list[Any] = [p.values.get(name) for p in points]
        missing = [value is None for value in values]
        shapes = {np.shape(v) for v, gap in zip(values, missing, strict=True) if not gap}
        if len(shapes) != 1:
            left_out.append(name)
            continue
        column = _column(values, missing)
        own = dims_of.get(name, [f"{name}_dim_{axis}" for axis in range(column.ndim - 1)])
        if len(own) != column.ndim - 1:
            raise QBatteryValueError(
                f"metadata: dims of {name!r} names {len(own)} dimensions, but the result has "
                f"{column.ndim - 1}; give one name per axis"
            )
        dim = coordinate_of.get(name, name)
        if own == [dim] and not any(missing) and all(np.array_equal(v, values[0]) for v in values):
            coords[dim] = (dim, column[0], labelled(name))
            continue
        data = np.empty((*shape, *column.shape[1:]), dtype=column.dtype)
        for index, value in zip(where, column, strict=True):
            data[index] = value
        label = f"{name}_values" if name in own else name
        variables[label] = ([*base, *own], data, labelled(name))
    attrs = {name: _attribute(value) for name, value in metadata.get("constants", {}).items()}
    attrs["sweep_identity"] = identity or ""
    attrs["sweep_points"] = len(points)
    if left_out:
        attrs["not_exported"] = ", ".join(left_out)
    return xr.Dataset(variables, coords=coords, attrs=attrs)
