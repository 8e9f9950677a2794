"""Independent references for the three-level tests: QuTiP kets and projectors in our level order,
Gaussian pulses written out, populations by ``qutip.sesolve``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import qutip

import qbattery as qb

#: A pulse shape Omega(t).
Pulse = Callable[[float], float]


def gaussian(amplitude: float, center: float, width: float) -> Pulse:
    return lambda t: amplitude * math.exp(-((t - center) ** 2) / (2 * width**2))


def pulses(
    peak: float, duration: float, width: float | None = None, delay: float | None = None
) -> tuple[Pulse, Pulse]:
    """Pump and Stokes of stirap_battery, written out: Stokes first, by ``delay``."""
    width = duration / 8 if width is None else width
    delay = duration / 4 if delay is None else delay
    pump = gaussian(peak, duration / 2 + delay / 2, width)
    stokes = gaussian(peak, duration / 2 - delay / 2, width)
    return pump, stokes


def ket(level: int) -> qutip.Qobj:
    return qutip.basis(3, level)


def link(lower: int, upper: int) -> qutip.Qobj:
    return ket(lower) * ket(upper).dag() + ket(upper) * ket(lower).dag()


def populations(battery: qb.Battery, times: np.ndarray) -> np.ndarray:
    result = qb.charge(battery, times, battery_states=True)
    return np.real(np.einsum("tii->ti", result.battery_states))
