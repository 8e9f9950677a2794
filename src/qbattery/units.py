"""Physical units of the platform presets: a small, explicit conversion table (SI, CODATA).

qbattery computes with hbar = 1 and every energy and rate in units of a reference angular
frequency ``omega_ref`` (CONVENTIONS.md). This module turns quantities written in laboratory
units into SI numbers and back; :mod:`qbattery.models.presets` divides them by ``omega_ref``.
Four kinds of unit are known:

============  ===========================================  ==========================
kind          units                                        SI value of 1 unit
============  ===========================================  ==========================
frequency     ``Hz``, ``kHz``, ``MHz``, ``GHz``, ``THz``   ordinary f: omega = 2 pi f
angular rate  ``rad/s``, ``1/s``                           omega itself (a rate gamma)
energy        ``J``, ``eV``, ``meV``, ``ueV``, ``neV``,    omega = E / hbar (K: k_B T / hbar)
              ``K``, ``mK``
time          ``s``, ``ms``, ``us``, ``ns``, ``ps``, ``fs``  seconds
============  ===========================================  ==========================

plus ``1`` for dimensionless numbers. ``µ`` may be written for ``u``. Frequencies, rates and
energies are one kind for conversion (all are angular frequencies once hbar = 1); times are
another. The constants are ``scipy.constants`` (h, hbar, k_B, e; CODATA 2018).
:func:`parse_quantity` reads a number with its unit from text (``"4.8 GHz"``), as experiment
files write them.

Examples
--------
>>> round(angular_frequency(5.0, "GHz") / 1e9, 6)          # 2 pi x 5 GHz in rad/s / 1e9
31.415927
>>> round(seconds(1.0, "µs") * angular_frequency(5.0, "GHz"), 1)
31415.9
"""

from __future__ import annotations

import difflib
import math
import re

import numpy as np
from scipy import constants

from qbattery.errors import QBatteryValueError

__all__ = [
    "ANGULAR_UNITS",
    "DIMENSIONLESS",
    "TIME_UNITS",
    "UNITS_OF_KIND",
    "angular_frequency",
    "from_angular_frequency",
    "from_seconds",
    "joules",
    "normalise_unit",
    "parse_quantity",
    "power_unit_scale",
    "seconds",
    "unit_kind",
]

#: rad/s of one unit of each frequency, rate or energy unit.
ANGULAR_UNITS: dict[str, float] = {
    "Hz": 2 * math.pi,
    "kHz": 2 * math.pi * 1e3,
    "MHz": 2 * math.pi * 1e6,
    "GHz": 2 * math.pi * 1e9,
    "THz": 2 * math.pi * 1e12,
    "rad/s": 1.0,
    "1/s": 1.0,
    "J": 1.0 / constants.hbar,
    "eV": constants.e / constants.hbar,
    "meV": 1e-3 * constants.e / constants.hbar,
    "ueV": 1e-6 * constants.e / constants.hbar,
    "neV": 1e-9 * constants.e / constants.hbar,
    "K": constants.k / constants.hbar,
    "mK": 1e-3 * constants.k / constants.hbar,
}

#: Seconds of one unit of each time unit.
TIME_UNITS: dict[str, float] = {
    "s": 1.0,
    "ms": 1e-3,
    "us": 1e-6,
    "ns": 1e-9,
    "ps": 1e-12,
    "fs": 1e-15,
}

#: The unit of dimensionless numbers (exponents, ratios).
DIMENSIONLESS = "1"

_ALL = [*ANGULAR_UNITS, *TIME_UNITS, DIMENSIONLESS]

#: Units of each kind, as :func:`unit_kind` names the kinds.
UNITS_OF_KIND: dict[str, list[str]] = {
    "angular": list(ANGULAR_UNITS),
    "time": list(TIME_UNITS),
    "dimensionless": [DIMENSIONLESS],
}

_NUMBER = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def normalise_unit(unit: object, name: str = "unit") -> str:
    """The unit spelled as in the tables (``µ`` and ``μ`` become ``u``); unknown units are an
    error naming the closest one.

    >>> normalise_unit("µs")
    'us'
    """
    if not isinstance(unit, str):
        raise QBatteryValueError(f"{name}: expected a unit string such as 'GHz', got {unit!r}")
    spelled = unit.strip().replace("µ", "u").replace("μ", "u")
    if spelled in _ALL:
        return spelled
    close = difflib.get_close_matches(spelled, _ALL, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise QBatteryValueError(f"{name}: unknown unit {unit!r}; {hint}known units: {_ALL}")


def unit_kind(unit: str) -> str:
    """``"angular"`` (frequency, rate or energy), ``"time"`` or ``"dimensionless"``.

    >>> unit_kind("eV"), unit_kind("ns"), unit_kind("1")
    ('angular', 'time', 'dimensionless')
    """
    spelled = normalise_unit(unit)
    if spelled in ANGULAR_UNITS:
        return "angular"
    return "time" if spelled in TIME_UNITS else "dimensionless"


_KIND_NAMES = {"angular": "frequency or energy", "time": "time", "dimensionless": "pure number"}


def _require(unit: str, kind: str, name: str) -> str:
    spelled = normalise_unit(unit, name)
    if unit_kind(spelled) != kind:
        raise QBatteryValueError(
            f"{name}: {unit!r} is not a {_KIND_NAMES[kind]} unit; use one of {UNITS_OF_KIND[kind]}"
        )
    return spelled


def parse_quantity(text: str, kind: str, name: str = "value") -> tuple[float, str]:
    """A number and its unit read from ``text`` such as ``"4.8 GHz"`` or ``"20us"``.

    Parameters
    ----------
    text : str
        A real number followed by a unit of :data:`ANGULAR_UNITS` or :data:`TIME_UNITS`.
    kind : str
        The kind the unit must have: ``"angular"`` (frequency, rate or energy), ``"time"`` or
        ``"dimensionless"`` (:func:`unit_kind`).
    name : str
        What the text is, for the error message.

    Returns
    -------
    tuple of (float, str)
        The value and the unit as spelled in the tables.

    Raises
    ------
    QBatteryValueError
        One line naming ``name``: text that is not a number and a unit, an unknown unit (with
        the closest one), or a unit of another kind (with the units of ``kind``).

    Examples
    --------
    >>> parse_quantity("4.8 GHz", "angular"), parse_quantity("30 µs", "time")
    ((4.8, 'GHz'), (30.0, 'us'))
    """
    match = _NUMBER.match(text) if isinstance(text, str) else None
    unit = "" if match is None else text[match.end() :].strip()
    if match is None or not unit:
        raise QBatteryValueError(
            f"{name}: {text!r} is not a number with a unit; write it like '4.8 GHz' or '20 us' "
            f"(units: {UNITS_OF_KIND[kind]})"
        )
    allowed = UNITS_OF_KIND[kind]
    spelled = unit.replace("µ", "u").replace("μ", "u")
    if spelled not in _ALL:
        close = difflib.get_close_matches(spelled, allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise QBatteryValueError(
            f"{name}: unknown unit {unit!r} in {text!r}; {hint}use one of {allowed}"
        )
    return float(match.group(0)), _require(spelled, kind, name)


def angular_frequency(value: float | np.ndarray, unit: str) -> float | np.ndarray:
    """A frequency, rate or energy as an angular frequency in rad/s (``E / hbar`` for energies,
    ``2 pi f`` for ordinary frequencies)."""
    return value * ANGULAR_UNITS[_require(unit, "angular", "unit")]


def from_angular_frequency(omega: float | np.ndarray, unit: str) -> float | np.ndarray:
    """The inverse of :func:`angular_frequency`: rad/s expressed in ``unit``."""
    return omega / ANGULAR_UNITS[_require(unit, "angular", "unit")]


def joules(value: float | np.ndarray, unit: str) -> float | np.ndarray:
    """A frequency, rate or energy as an energy in J (``hbar omega``).

    >>> round(joules(1.0, "eV") / 1.602176634e-19, 12)
    1.0
    """
    return constants.hbar * angular_frequency(value, unit)


def seconds(value: float | np.ndarray, unit: str) -> float | np.ndarray:
    """A time in seconds."""
    return value * TIME_UNITS[_require(unit, "time", "unit")]


def from_seconds(time: float | np.ndarray, unit: str) -> float | np.ndarray:
    """The inverse of :func:`seconds`: seconds expressed in ``unit``."""
    return time / TIME_UNITS[_require(unit, "time", "unit")]


def power_unit_scale(unit: str) -> float:
    """Watts of one unit of power: ``"W"``, or an energy over a time such as ``"eV/ns"``.

    >>> power_unit_scale("W"), round(power_unit_scale("J/ms"), 9)
    (1.0, 1000.0)
    """
    if unit == "W":
        return 1.0
    energy, slash, time = unit.partition("/")
    if not slash or not energy or not time:
        raise QBatteryValueError(
            f"unit: power unit {unit!r} is neither 'W' nor an energy over a time such as 'eV/ns'"
        )
    return float(joules(1.0, energy)) / float(seconds(1.0, time))
