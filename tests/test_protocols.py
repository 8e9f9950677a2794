"""protocols.Harmonic against its formula cos(frequency t + phase), held after duration."""

from __future__ import annotations

import numpy as np
import pytest

from qbattery.errors import QBatteryError
from qbattery.protocols import Harmonic


def test_harmonic_follows_cosine_then_holds() -> None:
    pulse = Harmonic(amplitude=1.5, frequency=0.7, phase=0.3, duration=2.0)
    t = np.linspace(0.0, 2.0, 11)
    np.testing.assert_allclose(pulse(t), 1.5 * np.cos(0.7 * t + 0.3), atol=1e-15)
    np.testing.assert_allclose(pulse(np.array([2.5, 10.0])), 1.5 * np.cos(1.4 + 0.3), atol=1e-15)
    drive = Harmonic(amplitude=2.0, frequency=3.0)
    assert float(drive(50.0)) == pytest.approx(2.0 * np.cos(150.0), abs=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [({"duration": 0.0}, "duration"), ({"frequency": np.nan}, "frequency")],
)
def test_harmonic_bad_input(kwargs: dict, name: str) -> None:
    arguments = {"amplitude": 1.0, "frequency": 1.0, **kwargs}
    with pytest.raises(QBatteryError, match=name):
        Harmonic(**arguments)
