"""A resonantly driven two-level battery in closed form, as the Dataset of one run.

``H = g sigma_x``, ``H_B = diag(0, 1)``, ``|psi(0)> = |0>``: the excited population is
``sin^2(g t)``, so ``W(t) = sin^2(g t)``, ``P(t) = g sin(2 g t)``, and the state stays pure,
so its ergotropy equals W. ``W(t)/t`` is largest where ``d/dt [sin^2(gt)/t] = 0``, i.e. at
``x = g t`` with ``tan x = 2 x`` (first positive root).
"""

from __future__ import annotations

import numpy as np
import xarray as xr
from scipy.optimize import brentq


def rabi_dataset(
    coupling: float = 0.5, times: np.ndarray | None = None, units: tuple[str, str] | None = None
) -> xr.Dataset:
    """Curves over ``time`` in qbattery's units (or ``units = (energy, time)``), no attrs."""
    t = np.linspace(0.0, 2 * np.pi / coupling, 201) if times is None else times
    energy_units, time_units = units or ("hbar*omega", "1/omega")
    power_units = "hbar*omega^2" if units is None else f"{energy_units}/{time_units}"
    energy = np.sin(coupling * t) ** 2
    average = np.full_like(t, np.nan)
    average[1:] = energy[1:] / t[1:]

    def curve(values: np.ndarray, unit: str) -> tuple[str, np.ndarray, dict[str, str]]:
        return ("time", values, {"units": unit})

    return xr.Dataset(
        {
            "energy": curve(energy, energy_units),
            "ergotropy": curve(energy.copy(), energy_units),
            "power": curve(coupling * np.sin(2 * coupling * t), power_units),
            "average_power": curve(average, power_units),
        },
        coords={"time": ("time", t, {"units": time_units})},
    )


def rabi_optimum(coupling: float = 0.5) -> tuple[float, float]:
    """``(optimal_time, max_average_power)`` from ``tan x = 2 x``."""
    x = brentq(lambda x: np.tan(x) - 2 * x, 0.5, 1.5)
    return x / coupling, coupling * np.sin(x) ** 2 / x


def rabi_summary() -> dict[str, object]:
    """The record of that run (as summary.json), with its closed-form optimum."""
    optimal_time, max_power = rabi_optimum()
    return {
        "model": "rabi cell",
        "parameters": {"coupling": 0.5, "charger": "classical"},
        "method": "closed form",
        "max_average_power": max_power,
        "optimal_time": optimal_time,
        "energy_at_optimal_time": np.sin(0.5 * optimal_time) ** 2,
        "ergotropy_at_optimal_time": np.sin(0.5 * optimal_time) ** 2,
        "versions": {"qbattery": "0.1.0", "numpy": "2.4.6"},
    }
