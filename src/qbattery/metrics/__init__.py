"""Figures of merit (review sec. 2): energetics, battery-subsystem metrics."""

from qbattery.metrics.energetics import (
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
    "active_state",
    "antiergotropy",
    "battery_energetics",
    "battery_state",
    "capacity",
    "coherent_ergotropy",
    "energetics",
    "energy",
    "energy_variance",
    "ergotropy",
    "incoherent_ergotropy",
    "passive_state",
]
