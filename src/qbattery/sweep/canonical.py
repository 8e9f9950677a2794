"""Canonical JSON and its sha256: how a sweep and each of its points are recognised again.

A sweep's identity (a JSON-able mapping describing everything but the swept values) and a
point's coordinates are written as JSON with sorted keys, no spaces and no NaN, so that equal
mappings give equal text whatever their key order, and hashed with sha256. NumPy scalars count
as the Python numbers they hold.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import numpy as np

from qbattery.errors import QBatteryTypeError, QBatteryValueError

__all__ = ["Coordinate", "canonical_json", "check_coordinates", "digest"]

#: The values a coordinate may take: one number, string or boolean per swept parameter.
Coordinate = bool | int | float | str

_INT64 = np.iinfo(np.int64)


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(type(value).__name__)


def canonical_json(value: Any, name: str) -> str:
    """``value`` as canonical JSON text (sorted keys, compact, no NaN or infinity).

    Examples
    --------
    >>> canonical_json({"b": 1, "a": [0.5, "x"]}, "identity")
    '{"a":[0.5,"x"],"b":1}'
    """
    try:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), allow_nan=False, default=_plain
        )
    except (TypeError, ValueError) as exc:
        raise QBatteryTypeError(
            f"{name}: cannot be written as JSON ({exc}); use numbers, strings, booleans, "
            "lists and mappings with string keys, without NaN or infinity"
        ) from exc


def digest(value: Any, name: str) -> str:
    """The sha256 (hex) of ``value``'s canonical JSON.

    Examples
    --------
    >>> digest({"a": 1, "b": 2}, "identity") == digest({"b": 2, "a": 1}, "identity")
    True
    """
    return hashlib.sha256(canonical_json(value, name).encode()).hexdigest()


def check_coordinates(coordinates: Any, name: str) -> dict[str, Coordinate]:
    """``coordinates`` as a plain dict of parameter name to a scalar, in the given order.

    Raises a one-line error naming ``name`` and the offending entry otherwise.

    Examples
    --------
    >>> from qbattery.sweep.canonical import check_coordinates
    >>> check_coordinates({"n_atoms": 4, "coupling": 0.1}, "coordinates")
    {'n_atoms': 4, 'coupling': 0.1}
    >>> check_coordinates({"n_atoms": [4]}, "coordinates")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryTypeError: coordinates: 'n_atoms' is [4]; ...
    """
    if not isinstance(coordinates, Mapping) or not coordinates:
        raise QBatteryTypeError(
            f"{name}: expected a non-empty mapping of parameter name to value, got "
            f"{coordinates!r}; give each point as (coordinates, payload)"
        )
    plain: dict[str, Coordinate] = {}
    for key, value in coordinates.items():
        if not isinstance(key, str):
            raise QBatteryTypeError(f"{name}: parameter names are strings, got {key!r}")
        if isinstance(value, np.generic):
            value = value.item()
        if not isinstance(value, bool | int | float | str):
            raise QBatteryTypeError(
                f"{name}: {key!r} is {value!r}; a coordinate is one number, string or boolean"
            )
        if isinstance(value, float) and not np.isfinite(value):
            raise QBatteryValueError(f"{name}: {key!r} is {value}; coordinates must be finite")
        if isinstance(value, int) and not _INT64.min <= value <= _INT64.max:
            raise QBatteryValueError(f"{name}: {key!r} = {value} does not fit a 64-bit integer")
        plain[key] = value
    return plain
