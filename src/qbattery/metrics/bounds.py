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

from dataclasses import dataclass

import numpy as np

from qbattery.battery import Battery
from qbattery.dynamics.expansion import SpectralPropagator
from qbattery.errors import QBatteryValueError
from qbattery.operators import to_dense

__all__ = ["SpeedLimit", "binder_power_bound", "speed_limit", "speed_limit_time"]


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


@dataclass(frozen=True)
class SpeedLimit:
    """The quantum speed limit of a closed charging protocol up to time ``tau``."""

    tau: float
    qsl_time: float
    overlap: float
    mean_energy: float
    mean_spread: float

    @property
    def respected(self) -> bool:
        """``tau >= tau_QSL`` up to round-off."""
        return self.tau >= self.qsl_time * (1 - 1e-9)


def speed_limit(battery: Battery, tau: float) -> SpeedLimit:
    """Eq. 17 for the battery's closed, piecewise-constant protocol from t = 0 to ``tau``.

    On each constant piece the energy above the ground level and the spread of H are conserved,
    so their time averages are exact length-weighted means. Dense: for dimensions where an
    eigendecomposition is affordable.
    """
    if battery.collapse_ops or not battery.is_pure:
        raise QBatteryValueError(
            "battery: the speed limit of eq. 17 is for closed evolution of a pure initial state"
        )
    if not tau > 0:
        raise QBatteryValueError(f"tau: must be positive, got {tau!r}")
    psi = battery.initial_state
    energy_sum = spread_sum = 0.0
    for start, end, hamiltonian in battery.hamiltonian.segments(tau):
        propagator = SpectralPropagator(hamiltonian)
        h = to_dense(hamiltonian)
        mean = float(np.real(np.conj(psi) @ h @ psi))
        second = float(np.real(np.linalg.norm(h @ psi) ** 2))
        energy_sum += (end - start) * (mean - propagator.energies[0])
        spread_sum += (end - start) * np.sqrt(max(second - mean**2, 0.0))
        psi = propagator.expansion(psi).state(end - start)
    overlap = float(abs(np.vdot(battery.initial_state, psi)))
    mean_energy, mean_spread = energy_sum / tau, spread_sum / tau
    return SpeedLimit(
        tau, speed_limit_time(overlap, mean_energy, mean_spread), overlap, mean_energy, mean_spread
    )
