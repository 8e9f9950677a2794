"""How a point's results become rows of the store and back, bit for bit.

A point function returns a mapping of names to values. Python and NumPy booleans, 64-bit
integers, double-precision floats, strings and ``None`` are *scalars*, kept as typed SQLite
values (a NaN float is stored as NULL and read back as NaN). Everything else that NumPy can hold
without Python objects (arrays of any shape, and scalars of other precisions such as ``float32``
or ``complex128``) is an *array*: its dtype (with byte order), shape and raw C-ordered bytes, so
that reading gives back exactly the array that was written.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.errors import QBatteryTypeError

__all__ = [
    "EncodedArray",
    "EncodedScalar",
    "decode_array",
    "decode_scalar",
    "encode_coordinate",
    "encode_result",
    "encode_scalar",
]

#: NumPy dtype kinds an array may have: booleans, integers, floats, complex, strings, times.
ARRAY_KINDS = "biufcSUMm"

_INT64 = np.iinfo(np.int64)


@dataclass(frozen=True)
class EncodedScalar:
    """One scalar: its name, kind (``bool``, ``int``, ``float``, ``str`` or ``none``), value.

    Examples
    --------
    >>> from qbattery.sweep.values import encode_scalar
    >>> encode_scalar("power", 0.5)
    EncodedScalar(name='power', kind='float', value=0.5)
    """

    name: str
    kind: str
    value: int | float | str | None


@dataclass(frozen=True)
class EncodedArray:
    """One array: its name, ``dtype.str`` (e.g. ``'<f8'``), shape as JSON and raw bytes.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.sweep.values import encode_result
    >>> scalars, arrays = encode_result({"curve": np.zeros(3)})
    >>> arrays[0].name, arrays[0].dtype, arrays[0].shape, len(arrays[0].data)
    ('curve', '<f8', '[3]', 24)
    """

    name: str
    dtype: str
    shape: str
    data: bytes


def encode_scalar(name: str, value: Any) -> EncodedScalar | None:
    """``value`` as a scalar row, or ``None`` if it has to be stored as an array.

    Examples
    --------
    An array is not a scalar:

    >>> import numpy as np
    >>> from qbattery.sweep.values import encode_scalar
    >>> encode_scalar("curve", np.zeros(3)) is None, encode_scalar("n", np.int64(3)).kind
    (True, 'int')
    """
    if value is None:
        return EncodedScalar(name, "none", None)
    if isinstance(value, bool | np.bool_):
        return EncodedScalar(name, "bool", int(value))
    if isinstance(value, int | np.int64) and _INT64.min <= value <= _INT64.max:
        return EncodedScalar(name, "int", int(value))
    if isinstance(value, float) and type(value) in (float, np.float64):
        return EncodedScalar(name, "float", None if math.isnan(value) else float(value))
    if isinstance(value, str):
        return EncodedScalar(name, "str", str(value))
    return None


def encode_coordinate(name: str, value: Any) -> EncodedScalar:
    """A coordinate as a typed row: a boolean, a 64-bit integer, a float or a string.

    Examples
    --------
    >>> from qbattery.sweep.values import encode_coordinate
    >>> encode_coordinate("n_atoms", 4), encode_coordinate("basis", "full").kind
    (EncodedScalar(name='n_atoms', kind='int', value=4), 'str')
    """
    encoded = encode_scalar(name, value)
    if encoded is None or encoded.kind == "none":
        raise QBatteryTypeError(
            f"coordinates: {name!r} is {value!r}; a coordinate is a boolean, a 64-bit integer, "
            "a float or a string"
        )
    return encoded


def decode_scalar(kind: str, value: int | float | str | None) -> bool | int | float | str | None:
    """The Python value of a scalar row.

    Examples
    --------
    >>> from qbattery.sweep.values import decode_scalar, encode_scalar
    >>> row = encode_scalar("ok", True)
    >>> decode_scalar(row.kind, row.value)
    True
    """
    if kind == "bool":
        return bool(value)
    if kind == "float":
        return math.nan if value is None else float(value)
    return value


def _encode_array(name: str, value: Any, label: str) -> EncodedArray:
    if isinstance(value, int):  # a Python integer beyond 64 bits
        raise QBatteryTypeError(
            f"{label}: {name!r} = {value} does not fit a 64-bit integer; return it as a float "
            "or a string"
        )
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise QBatteryTypeError(f"{label}: {name!r} cannot be stored ({exc})") from exc
    if array.dtype.kind not in ARRAY_KINDS:
        raise QBatteryTypeError(
            f"{label}: {name!r} has dtype {array.dtype} ({type(value).__name__}); return "
            "numbers, strings, booleans or NumPy arrays of them"
        )
    return EncodedArray(
        name, array.dtype.str, json.dumps(list(array.shape)), np.ascontiguousarray(array).tobytes()
    )


def decode_array(dtype: str, shape: str, data: bytes) -> np.ndarray:
    """The array written by :func:`encode_result` (a fresh, writable copy).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.sweep.values import decode_array, encode_result
    >>> _, (encoded,) = encode_result({"curve": np.arange(3.0)})
    >>> decode_array(encoded.dtype, encoded.shape, encoded.data)
    array([0., 1., 2.])
    """
    return np.frombuffer(data, dtype=np.dtype(dtype)).reshape(json.loads(shape)).copy()


def encode_result(
    result: Any, label: str = "result"
) -> tuple[list[EncodedScalar], list[EncodedArray]]:
    """Split a point function's returned mapping into scalar rows and array rows.

    Examples
    --------
    >>> scalars, arrays = encode_result({"power": 0.5, "ergotropy": np.zeros(3)})
    >>> [(s.name, s.kind, s.value) for s in scalars]
    [('power', 'float', 0.5)]
    >>> [(a.name, a.dtype, a.shape, len(a.data)) for a in arrays]
    [('ergotropy', '<f8', '[3]', 24)]
    """
    if not isinstance(result, Mapping):
        raise QBatteryTypeError(
            f"{label}: the point function returned {type(result).__name__}; it must return a "
            "mapping of result names to numbers, strings or arrays"
        )
    scalars: list[EncodedScalar] = []
    arrays: list[EncodedArray] = []
    for name, value in result.items():
        if not isinstance(name, str):
            raise QBatteryTypeError(f"{label}: result names are strings, got {name!r}")
        scalar = encode_scalar(name, value)
        if scalar is not None:
            scalars.append(scalar)
        else:
            arrays.append(_encode_array(name, value, label))
    return scalars, arrays
