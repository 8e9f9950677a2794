"""ChargingResult explains itself: units and long names on every variable, provenance kept."""

from __future__ import annotations

import numpy as np

import qbattery as qb
from qbattery.results import ENERGY_UNITS, POWER_UNITS, TIME_UNITS


def test_every_variable_and_the_time_carry_units_and_long_names() -> None:
    hb = np.diag([0.0, 1.0])
    battery = qb.Battery(hb + 0.5 * np.array([[0, 1], [1, 0]]), hb, np.array([1.0, 0.0]))
    result = qb.charge(battery, np.linspace(0, 4, 41), fluctuations=True, resources=True)
    data = result.to_xarray()
    for name in [*data.data_vars, "time"]:
        assert data[name].attrs.get("units"), name
        assert data[name].attrs.get("long_name"), name
    assert data["time"].attrs["units"] == TIME_UNITS
    assert data["energy"].attrs["units"] == ENERGY_UNITS
    assert data["power"].attrs["units"] == POWER_UNITS
    assert data["coherent_ergotropy"].attrs["units"] == ENERGY_UNITS
    assert data["battery_entropy"].attrs["units"] == "1"
    assert data.attrs["method"] == result.method
    assert all(f"option_{k}" in data.attrs for k in result.options)
