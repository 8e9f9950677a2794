"""Bounds on charging speed and power (review sec. 2.2.1).

    tau >= tau_QSL = arccos|<psi|phi>| / min{<E>, <Delta E>}                          (eq. 17)

with ``E(t) = Tr[H(t) rho(t)] - omega_1(t)`` the energy above the instantaneous ground level
(eq. 18), ``Delta E(t)`` the standard deviation of H(t) (eq. 19; the review calls it the
average energy, CONVENTIONS.md slip 4) and ``<.>`` their time averages over [0, tau]
(Mandelstam-Tamm and Margolus-Levitin combined; Deffner & Campbell, J. Phys. A 50, 453001
(2017)). For charging between orthogonal states with ``||H(t)|| <= E_max`` this gives Binder's
bound on the average power (Binder et al., NJP 17, 075015 (2015)):

    <P> <= 2 W E_max / pi                                                            (eq. 21)
"""

from __future__ import annotations

import numpy as np

from qbattery.errors import QBatteryValueError

__all__ = ["binder_power_bound", "speed_limit_time"]


def speed_limit_time(overlap: float, mean_energy: float, mean_spread: float) -> float:
    """``arccos|overlap| / min(mean_energy, mean_spread)`` (eq. 17); inf if both are zero."""
    rate = min(mean_energy, mean_spread)
    angle = float(np.arccos(np.clip(abs(overlap), 0.0, 1.0)))
    if rate <= 0:
        return 0.0 if angle == 0 else float(np.inf)
    return angle / rate


def binder_power_bound(work: float, max_energy: float) -> float:
    """Binder's bound ``2 W E_max / pi`` on the average power (eq. 21), orthogonal states."""
    if max_energy < 0:
        raise QBatteryValueError(f"max_energy: an operator norm is >= 0, got {max_energy!r}")
    return 2.0 * work * max_energy / np.pi
