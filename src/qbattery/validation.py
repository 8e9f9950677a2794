"""Input validation shared by every public entry point.

Each check raises an error from :mod:`qbattery.errors` whose message names the argument, what was
wrong (with the value or shape) and what to do. Checks that need a spectrum take it from the
caller, so that a metric which diagonalises a state anyway does not diagonalise it twice.
"""

from __future__ import annotations

import math
import numbers
import operator as _operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from qbattery.errors import (
    DimensionError,
    NotDensityMatrixError,
    NotHermitianError,
    QBatteryTypeError,
    QBatteryValueError,
)

__all__ = [
    "DEFAULT_ATOL",
    "as_array",
    "check_dims",
    "check_finite",
    "check_hermitian",
    "check_ket",
    "check_positive_spectrum",
    "check_square",
    "check_times",
    "check_unit_trace",
    "finite_real",
    "from_zero",
    "integer",
    "non_negative_int",
    "non_negative_real",
    "operator",
    "positive_int",
    "positive_real",
    "random_generator",
    "subsystem_indices",
]

#: Absolute tolerance for Hermiticity, positivity and unit trace. Round-off of double-precision
#: dynamics on dimensions up to ~1e6 stays well below it; states that miss it by more are wrong.
DEFAULT_ATOL = 1e-8


def as_array(value: Any, name: str) -> np.ndarray:
    """Return ``value`` (array-like or ``qutip.Qobj``) as a complex128 NumPy array.

    Examples
    --------
    >>> from qbattery.validation import as_array
    >>> as_array([[1, 0], [0, 1]], "h").dtype
    dtype('complex128')
    """
    if hasattr(value, "full") and hasattr(value, "dims"):  # qutip.Qobj, without importing qutip
        value = value.full()
    elif hasattr(value, "toarray"):  # scipy.sparse
        value = value.toarray()
    try:
        array = np.asarray(value, dtype=np.complex128)
    except (TypeError, ValueError) as exc:
        raise QBatteryTypeError(
            f"{name}: cannot convert {type(value).__name__} to a complex array; "
            "pass a NumPy array, a nested list or a qutip.Qobj"
        ) from exc
    return array


def check_finite(array: np.ndarray, name: str) -> None:
    """Raise if ``array`` holds NaN or infinite entries.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.validation import check_finite
    >>> check_finite(np.array([1.0, np.nan]), "rho")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: rho: ...
    """
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise QBatteryValueError(
            f"{name}: contains {bad} NaN or infinite entries; check the computation that built it"
        )


def check_square(array: np.ndarray, name: str, *, batched: bool = True) -> int:
    """Check that ``array`` has shape ``(..., d, d)`` (or ``(d, d)`` if not batched); return d.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.validation import check_square
    >>> check_square(np.zeros((5, 3, 3)), "rho")
    3
    """
    if array.ndim < 2 or array.shape[-1] != array.shape[-2] or (not batched and array.ndim != 2):
        expected = "(..., d, d)" if batched else "(d, d)"
        raise DimensionError(
            f"{name}: expected a square matrix of shape {expected}, got shape {array.shape}"
        )
    if array.shape[-1] == 0:
        raise DimensionError(f"{name}: has dimension 0; pass a matrix of dimension at least 1")
    return int(array.shape[-1])


def check_hermitian(array: np.ndarray, name: str, *, atol: float = DEFAULT_ATOL) -> None:
    """Raise :class:`NotHermitianError` if ``array`` differs from its adjoint by more than atol.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.validation import check_hermitian
    >>> check_hermitian(np.array([[0.0, 1.0], [1.0, 0.0]]), "h")
    >>> check_hermitian(np.array([[0.0, 1.0], [0.0, 0.0]]), "h")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.NotHermitianError: h: ...
    """
    deviation = float(np.max(np.abs(array - np.conj(np.swapaxes(array, -1, -2))), initial=0.0))
    if deviation > atol:
        raise NotHermitianError(
            f"{name}: not Hermitian (max |A - A^dagger| = {deviation:.3g} > atol = {atol:.3g}); "
            "symmetrise it with (A + A^dagger)/2 or fix the terms that break Hermiticity"
        )


def check_unit_trace(array: np.ndarray, name: str, *, atol: float = DEFAULT_ATOL) -> None:
    """Raise :class:`NotDensityMatrixError` if a trace differs from 1 by more than atol.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.validation import check_unit_trace
    >>> check_unit_trace(np.diag([0.5, 0.5]), "rho")
    >>> check_unit_trace(np.diag([0.5, 0.6]), "rho")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.NotDensityMatrixError: rho: ...
    """
    traces = np.trace(array, axis1=-2, axis2=-1)
    deviation = float(np.max(np.abs(traces - 1.0), initial=0.0))
    if deviation > atol:
        raise NotDensityMatrixError(
            f"{name}: trace differs from 1 by {deviation:.3g} (> atol = {atol:.3g}); "
            "normalise the state with rho / trace(rho)"
        )


def check_positive_spectrum(
    eigenvalues: np.ndarray, name: str, *, atol: float = DEFAULT_ATOL
) -> None:
    """Raise :class:`NotDensityMatrixError` if an eigenvalue is below ``-atol``.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.validation import check_positive_spectrum
    >>> check_positive_spectrum(np.array([-0.1, 1.1]), "rho")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.NotDensityMatrixError: rho: ...
    """
    lowest = float(np.min(eigenvalues, initial=0.0))
    if lowest < -atol:
        raise NotDensityMatrixError(
            f"{name}: not positive semidefinite (smallest eigenvalue {lowest:.3g} < "
            f"-atol = {-atol:.3g}); a density matrix must have non-negative eigenvalues"
        )


def check_ket(array: np.ndarray, name: str, *, atol: float = DEFAULT_ATOL) -> None:
    """Raise if the kets ``(..., d)`` in ``array`` are not normalised.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.validation import check_ket
    >>> check_ket(np.array([0.6, 0.8]), "psi")
    >>> check_ket(np.array([1.0, 1.0]), "psi")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.NotDensityMatrixError: psi: state vector norm differs from 1 by 0.414; ...
    """
    norms = np.linalg.norm(array, axis=-1)
    deviation = float(np.max(np.abs(norms - 1.0), initial=0.0))
    if deviation > atol:
        raise NotDensityMatrixError(
            f"{name}: state vector norm differs from 1 by {deviation:.3g}; normalise it"
        )


def check_dims(dims: Sequence[int], dimension: int, name: str = "dims") -> tuple[int, ...]:
    """Check subsystem dimensions: positive integers whose product is ``dimension``.

    Examples
    --------
    >>> from qbattery.validation import check_dims
    >>> check_dims([2, 3], 6)
    (2, 3)
    >>> check_dims([2, 2], 6)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.DimensionError: dims: ...
    """
    try:
        parsed = tuple(int(d) for d in dims)
    except (TypeError, ValueError) as exc:
        raise QBatteryTypeError(
            f"{name}: expected a list of subsystem dimensions like [2, 2, 5], got {dims!r}"
        ) from exc
    not_integers = any(d != float(x) for d, x in zip(parsed, dims, strict=True))
    if not parsed or not_integers or any(d < 1 for d in parsed):
        raise QBatteryValueError(
            f"{name}: subsystem dimensions must be positive integers, got {list(dims)!r}"
        )
    if int(np.prod(parsed)) != dimension:
        raise DimensionError(
            f"{name}: the product of {list(parsed)} is {int(np.prod(parsed))}, but the operator "
            f"has dimension {dimension}; list every subsystem's dimension in order"
        )
    return parsed


def operator(
    value: Any, name: str, *, hermitian: bool = True, atol: float = DEFAULT_ATOL
) -> np.ndarray:
    """Convert and check a single operator of shape ``(d, d)``, Hermitian unless told otherwise.

    Examples
    --------
    >>> from qbattery.validation import operator
    >>> operator([[0, 1], [1, 0]], "h").shape
    (2, 2)
    """
    array = as_array(value, name)
    check_square(array, name, batched=False)
    check_finite(array, name)
    if hermitian:
        check_hermitian(array, name, atol=atol)
    return array


def positive_int(value: Any, name: str) -> int:
    """An integer >= 1 (whole-number floats such as 3.0 are accepted).

    Examples
    --------
    >>> from qbattery.validation import positive_int
    >>> positive_int(3.0, "n_atoms")
    3
    """
    number = integer(value, name)
    if number < 1:
        raise QBatteryValueError(f"{name}: must be a positive integer, got {value!r}")
    return number


def non_negative_int(value: Any, name: str) -> int:
    """An integer >= 0.

    Examples
    --------
    >>> from qbattery.validation import non_negative_int
    >>> non_negative_int(0, "n_photons")
    0
    """
    number = integer(value, name)
    if number < 0:
        raise QBatteryValueError(f"{name}: must be a non-negative integer, got {value!r}")
    return number


def integer(value: Any, name: str) -> int:
    """``value`` as an int; booleans and non-whole numbers are refused.

    Examples
    --------
    >>> from qbattery.validation import integer
    >>> integer(4.0, "n_max")
    4
    >>> integer(True, "n_max")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryTypeError: n_max: ...
    """
    if isinstance(value, bool):
        raise QBatteryTypeError(f"{name}: expected an integer, got the boolean {value!r}")
    try:
        return _operator.index(value)
    except TypeError:
        pass
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return int(float(value))
    raise QBatteryTypeError(
        f"{name}: expected an integer, got {value!r} ({type(value).__name__}); pass a whole number"
    )


def finite_real(value: Any, name: str) -> float:
    """A finite real number (not a boolean).

    Examples
    --------
    >>> from qbattery.validation import finite_real
    >>> finite_real(3, "coupling")
    3.0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise QBatteryTypeError(
            f"{name}: expected a real number, got {value!r} ({type(value).__name__})"
        )
    number = float(value)
    if not math.isfinite(number):
        raise QBatteryValueError(f"{name}: must be finite, got {value!r}; pass a finite number")
    return number


def positive_real(value: Any, name: str) -> float:
    """A finite real number > 0.

    Examples
    --------
    >>> from qbattery.validation import positive_real
    >>> positive_real(0.5, "gamma")
    0.5
    """
    number = finite_real(value, name)
    if number <= 0:
        raise QBatteryValueError(f"{name}: must be positive, got {value!r}")
    return number


def non_negative_real(value: Any, name: str) -> float:
    """A finite real number >= 0.

    Examples
    --------
    >>> from qbattery.validation import non_negative_real
    >>> non_negative_real(0, "gamma")
    0.0
    """
    number = finite_real(value, name)
    if number < 0:
        raise QBatteryValueError(f"{name}: must be non-negative, got {value!r}")
    return number


def check_times(times: Any) -> np.ndarray:
    """A time grid: non-empty, 1-D, finite, non-negative and strictly increasing.

    Examples
    --------
    >>> from qbattery.validation import check_times
    >>> check_times([0.0, 0.5, 1.0])
    array([0. , 0.5, 1. ])
    >>> check_times([0.0, 1.0, 0.5])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: times: ...
    """
    array = np.asarray(times, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise QBatteryValueError(f"times: expected a non-empty 1-D array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise QBatteryValueError("times: contains NaN or infinite values")
    if array[0] < 0 or np.any(np.diff(array) <= 0):
        raise QBatteryValueError(
            "times: must be non-negative and strictly increasing (the battery starts at t = 0), "
            f"got {array[:3]}...{array[-2:]}"
        )
    return array


def random_generator(seed: Any) -> tuple[np.random.Generator, Any]:
    """A Generator from ``seed`` (non-negative int, or a Generator), and what to record.

    For an int the record is the int; for a Generator it is its bit generator's state before
    any draw, from which ``numpy.random.default_rng()`` can be reset to redraw the same values.

    Examples
    --------
    >>> rng, recorded = random_generator(7)
    >>> recorded, float(rng.random()) == float(np.random.default_rng(7).random())
    (7, True)
    """
    if isinstance(seed, np.random.Generator):
        return seed, dict(seed.bit_generator.state)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise QBatteryTypeError(
            f"seed: expected a non-negative int or a numpy.random.Generator, got {seed!r}; "
            "pass e.g. seed=0 so that the random draw is reproducible"
        )
    if seed < 0:
        raise QBatteryValueError(f"seed: must be a non-negative int, got {seed!r}")
    return np.random.default_rng(int(seed)), int(seed)


def from_zero(times: np.ndarray) -> np.ndarray:
    """A checked grid with ``t = 0`` prepended unless it starts there (the initial state's time).

    Examples
    --------
    >>> from_zero(np.array([0.5, 1.0])).tolist(), from_zero(np.array([0.0, 1.0])).tolist()
    ([0.0, 0.5, 1.0], [0.0, 1.0])
    """
    return np.concatenate([[0.0], times]) if times[0] > 0 else times


def subsystem_indices(
    value: Any, dims: Sequence[int], name: str, *, negative: bool = True
) -> tuple[int, ...]:
    """Parse one index or a sequence of indices into ``dims``; return them sorted, deduplicated.

    With ``negative`` an index ``-k`` counts from the end, as in Python; without, only
    ``0..len(dims) - 1`` is accepted.

    Examples
    --------
    >>> subsystem_indices([1, -1], [2, 3, 2], "subsystems")
    (1, 2)
    >>> subsystem_indices(2, [2, 2], "subsystem", negative=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    qbattery.errors.DimensionError: subsystem: index 2 out of range for 2 subsystems ...; use 0..1
    """
    n = len(dims)
    items = [value] if isinstance(value, int | np.integer) else value
    try:
        items = list(items)
    except TypeError as exc:
        raise QBatteryTypeError(
            f"{name}: expected a subsystem index or a list of them, got {value!r}"
        ) from exc
    for item in items:
        if isinstance(item, bool | np.bool_) or not isinstance(item, int | np.integer):
            raise QBatteryTypeError(
                f"{name}: subsystem indices must be integers, got {item!r} in {value!r}"
            )
    indices = [int(item) for item in items]
    if not indices:
        raise DimensionError(
            f"{name}: name at least one subsystem (an index into dims={list(dims)})"
        )
    low = -n if negative else 0
    bad = [k for k in indices if not low <= k < n]
    if bad:
        which = f"index {bad[0]}" if len(bad) == 1 else f"indices {bad}"
        hint = ", or negative indices counted from the end" if negative else ""
        raise DimensionError(
            f"{name}: {which} out of range for {n} subsystems (dims={list(dims)}); "
            f"use 0..{n - 1}{hint}"
        )
    return tuple(sorted({k % n for k in indices}))
