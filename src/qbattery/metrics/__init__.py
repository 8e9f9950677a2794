"""Figures of merit (review sec. 2): energetics, power, fluctuations, bounds, subsystems."""

from qbattery.metrics import (
    bounds,
    collective_bounds,
    fluctuations,
    non_markovianity,
    open_bounds,
    power,
)
from qbattery.metrics.extended import ExtendedLocalErgotropy, extended_local_ergotropy
from qbattery.metrics.local import (
    LocalOptimum,
    local_capacity,
    local_ergotropy,
    local_extremum,
    parallel_capacity,
    parallel_ergotropy,
)
from qbattery.metrics.passivity import (
    Energetics,
    active_state,
    antiergotropy,
    capacity,
    coherent_ergotropy,
    energetics,
    energy,
    energy_variance,
    ergotropy,
    incoherent_ergotropy,
    passive_state,
)
from qbattery.metrics.subsystem import battery_energetics, battery_state

__all__ = [
    "Energetics",
    "ExtendedLocalErgotropy",
    "LocalOptimum",
    "active_state",
    "antiergotropy",
    "battery_energetics",
    "battery_state",
    "bounds",
    "capacity",
    "coherent_ergotropy",
    "collective_bounds",
    "energetics",
    "energy",
    "energy_variance",
    "ergotropy",
    "extended_local_ergotropy",
    "fluctuations",
    "incoherent_ergotropy",
    "local_capacity",
    "local_ergotropy",
    "local_extremum",
    "non_markovianity",
    "open_bounds",
    "parallel_capacity",
    "parallel_ergotropy",
    "passive_state",
    "power",
]
