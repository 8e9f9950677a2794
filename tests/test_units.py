"""The unit table against hand-computed SI values.

References: omega = 2 pi f for ordinary frequencies; E = hbar omega, with hbar, e and k_B the
CODATA 2018 exact values written out here (h = 6.62607015e-34 J s, e = 1.602176634e-19 C,
k_B = 1.380649e-23 J/K), not read from the module under test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qbattery.errors import QBatteryValueError
from qbattery.units import (
    angular_frequency,
    from_angular_frequency,
    from_seconds,
    joules,
    normalise_unit,
    parse_quantity,
    power_unit_scale,
    seconds,
    unit_kind,
)

H = 6.62607015e-34
HBAR = H / (2 * math.pi)
E = 1.602176634e-19
K_B = 1.380649e-23

#: Products of a few exact constants: round-off.
RTOL = 1e-12


@pytest.mark.parametrize(
    ("value", "unit", "omega"),
    [
        (5.0, "GHz", 2 * math.pi * 5e9),
        (2.0, "MHz", 2 * math.pi * 2e6),
        (1.0, "kHz", 2 * math.pi * 1e3),
        (11.0, "Hz", 2 * math.pi * 11.0),
        (1009.7, "THz", 2 * math.pi * 1009.7e12),
        (3.0, "rad/s", 3.0),
        (4.0, "1/s", 4.0),
        (1.0, "eV", E / HBAR),
        (20.0, "ueV", 20e-6 * E / HBAR),
        (20.0, "meV", 20e-3 * E / HBAR),
        (300.0, "K", 300 * K_B / HBAR),
        (30.0, "mK", 30e-3 * K_B / HBAR),
        (5.0, "neV", 5e-9 * E / HBAR),
        (1e-20, "J", 1e-20 / HBAR),
    ],
)
def test_angular_frequency(value: float, unit: str, omega: float) -> None:
    assert angular_frequency(value, unit) == pytest.approx(omega, rel=RTOL)
    assert from_angular_frequency(omega, unit) == pytest.approx(value, rel=RTOL)


@pytest.mark.parametrize(
    ("value", "unit", "time"),
    [
        (1.0, "us", 1e-6),
        (1.0, "µs", 1e-6),
        (3.0, "ns", 3e-9),
        (2.0, "ms", 2e-3),
        (5.0, "fs", 5e-15),
    ],
)
def test_seconds(value: float, unit: str, time: float) -> None:
    assert seconds(value, unit) == pytest.approx(time, rel=RTOL)
    assert from_seconds(time, unit) == pytest.approx(value, rel=RTOL)


def test_one_microsecond_at_five_gigahertz() -> None:
    # omega_ref t = 2 pi 5e9 rad/s x 1e-6 s = 1e4 pi = 31415.926...
    assert seconds(1.0, "µs") * angular_frequency(5.0, "GHz") == pytest.approx(1e4 * math.pi)


def test_energies_and_powers() -> None:
    assert joules(1.0, "eV") == pytest.approx(E, rel=RTOL)
    assert joules(1.0, "GHz") == pytest.approx(H * 1e9, rel=RTOL)
    assert joules(1.0, "K") == pytest.approx(K_B, rel=RTOL)
    assert power_unit_scale("W") == 1.0
    assert power_unit_scale("eV/ns") == pytest.approx(E / 1e-9, rel=RTOL)


def test_arrays_convert_elementwise() -> None:
    np.testing.assert_allclose(seconds(np.array([1.0, 2.0]), "ns"), [1e-9, 2e-9], rtol=RTOL)


def test_kinds_and_spelling() -> None:
    assert unit_kind("MHz") == unit_kind("eV") == "angular"
    assert unit_kind("ps") == "time"
    assert unit_kind("1") == "dimensionless"
    assert normalise_unit("μs") == normalise_unit("µs") == "us"


def test_unknown_unit_names_the_closest() -> None:
    with pytest.raises(QBatteryValueError, match=r"unit: unknown unit 'Ghz'; did you mean 'GHz'"):
        angular_frequency(1.0, "Ghz")


def test_wrong_kind_is_refused() -> None:
    with pytest.raises(QBatteryValueError, match="is not a time unit"):
        seconds(1.0, "GHz")
    with pytest.raises(QBatteryValueError, match="not a frequency or energy"):
        angular_frequency(1.0, "ns")
    with pytest.raises(QBatteryValueError, match="power unit"):
        power_unit_scale("eV")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("4.8 GHz", "angular", (4.8, "GHz")),
        ("30 mK", "angular", (30.0, "mK")),
        ("-300 MHz", "angular", (-300.0, "MHz")),
        ("2 1/s", "angular", (2.0, "1/s")),
        ("20us", "time", (20.0, "us")),
        (" 1.5e-3 µs ", "time", (1.5e-3, "us")),
        (".5 ns", "time", (0.5, "ns")),
    ],
)
def test_parse_quantity(text: str, kind: str, expected: tuple[float, str]) -> None:
    assert parse_quantity(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "kind", "fragments"),
    [
        ("4.8 GHz", "time", ["t1: 'GHz' is not a time unit", "'us'"]),
        ("20 usec", "time", ["unknown unit 'usec'", "did you mean 'us'?", "'ns'"]),
        ("4.8", "angular", ["not a number with a unit", "'GHz'"]),
        ("fast", "time", ["not a number with a unit", "'fs'"]),
    ],
)
def test_parse_quantity_refuses_with_the_units_of_its_kind(
    text: str, kind: str, fragments: list[str]
) -> None:
    with pytest.raises(QBatteryValueError) as info:
        parse_quantity(text, kind, "t1")
    for fragment in fragments:
        assert fragment in str(info.value)
