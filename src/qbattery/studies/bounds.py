"""Speed and power bounds evaluated along a battery's own charging trajectory (review sec. 2.2.1).

The bounds themselves are pure functions of states and numbers in :mod:`qbattery.metrics.bounds`
and :mod:`qbattery.metrics.open_bounds`; this module propagates a battery to get their inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.dynamics.expansion import SpectralPropagator
from qbattery.dynamics.trajectory import battery_state_trajectory
from qbattery.errors import QBatteryValueError
from qbattery.metrics.bounds import bures_angle, mandelstam_tamm_time, margolus_levitin_time
from qbattery.metrics.open_bounds import EIGENVALUE_CUTOFF, OpenPowerBounds, open_power_bounds
from qbattery.operators import to_dense
from qbattery.validation import check_times, positive_real

__all__ = ["SpeedLimit", "open_power_trajectory", "speed_limit"]


@dataclass(frozen=True)
class SpeedLimit:
    """The quantum speed limit of a closed charging protocol up to time ``tau``.

    Attributes
    ----------
    tau : float
        The protocol's duration.
    qsl_time : float
        The bound: ``max(mandelstam_tamm, margolus_levitin)`` for a constant Hamiltonian,
        ``mandelstam_tamm`` for a driven one.
    overlap : float
        ``|<psi_0|psi_tau>|``.
    mean_energy, mean_spread : float
        ``<E>`` (above the instantaneous ground level) and ``<Delta E>``, averaged over [0, tau].
    mandelstam_tamm : float
        ``L / <Delta E>``.
    margolus_levitin : float or None
        ``2 L^2 / (pi <E>)``; None for a driven protocol, where it is no bound.

    Examples
    --------
    The flip ``|g> -> |e>`` by ``H = sigma_x / 2`` at ``t = pi`` saturates the bound (times in
    1/omega): ``<E> = <Delta E> = 1/2`` and the angle is ``pi/2``.

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.studies.bounds import speed_limit
    >>> flip = qb.Battery(0.5 * np.array([[0, 1], [1, 0]]), np.diag([0.0, 1.0]),
    ...                   np.array([1.0, 0.0]))
    >>> limit = speed_limit(flip, np.pi)
    >>> round(limit.mandelstam_tamm, 6), round(float(limit.mean_spread), 6)
    (3.141593, 0.5)
    """

    tau: float
    qsl_time: float
    overlap: float
    mean_energy: float
    mean_spread: float
    mandelstam_tamm: float
    margolus_levitin: float | None

    @property
    def respected(self) -> bool:
        """``tau >= tau_QSL`` up to round-off."""
        return bool(self.tau >= self.qsl_time * (1 - 1e-9))


def speed_limit(battery: Battery, tau: float) -> SpeedLimit:
    """The speed limit of the battery's closed, piecewise-constant protocol up to ``tau``.

    Formulas and sources in :mod:`qbattery.metrics.bounds`: the unified bound
    ``max{L / <Delta E>, 2 L^2 / (pi <E>)}`` while H is constant up to ``tau``, the
    Mandelstam-Tamm part alone once it switches. On each constant piece ``E`` and ``Delta E`` are
    conserved, so their time averages are exact length-weighted means. Dense: for dimensions
    where an eigendecomposition is affordable.

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> flip = qb.Battery(0.5 * np.array([[0, 1], [1, 0]]), np.diag([0.0, 1.0]),
    ...                   np.array([1.0, 0.0]))
    >>> limit = speed_limit(flip, np.pi)          # |g> -> |e> at t = pi: saturated
    >>> bool(np.isclose(limit.qsl_time, np.pi)), limit.respected
    (True, True)
    """
    if battery.collapse_ops or not battery.is_pure:
        raise QBatteryValueError(
            "battery: the speed limit is for closed evolution of a pure initial state; give a "
            "battery without collapse_ops and with a ket as initial_state"
        )
    if not tau > 0:
        raise QBatteryValueError(f"tau: must be positive, got {tau!r}")
    psi = battery.initial_state
    energy_sum = spread_sum = 0.0
    segments = list(battery.hamiltonian.segments(tau))
    for start, end, hamiltonian in segments:
        propagator = SpectralPropagator(hamiltonian)
        h = to_dense(hamiltonian)
        mean = float(np.real(np.conj(psi) @ h @ psi))
        second = float(np.real(np.linalg.norm(h @ psi) ** 2))
        energy_sum += (end - start) * (mean - propagator.energies[0])
        spread_sum += (end - start) * np.sqrt(max(second - mean**2, 0.0))
        psi = propagator.expansion(psi).state(end - start)
    overlap = float(abs(np.vdot(battery.initial_state, psi)))
    mean_energy, mean_spread = energy_sum / tau, spread_sum / tau
    angle = bures_angle(overlap)
    mandelstam_tamm = mandelstam_tamm_time(angle, mean_spread)
    constant = len(segments) == 1
    margolus_levitin = margolus_levitin_time(angle, mean_energy) if constant else None
    return SpeedLimit(
        tau=float(tau),
        qsl_time=max(mandelstam_tamm, margolus_levitin or 0.0),
        overlap=overlap,
        mean_energy=mean_energy,
        mean_spread=mean_spread,
        mandelstam_tamm=mandelstam_tamm,
        margolus_levitin=margolus_levitin,
    )


def open_power_trajectory(
    battery: Battery,
    times: Any,
    beta: float,
    *,
    cutoff: float = EIGENVALUE_CUTOFF,
    atol: float = 1e-12,
    rtol: float = 1e-10,
) -> OpenPowerBounds:
    """The power and its bounds (eqs. 22-25) along the battery's Markovian charging trajectory.

    States and exact derivatives come from :func:`battery_state_trajectory` (the battery may be
    a subsystem: its reduced dynamics is then open even without collapse operators); ``beta``
    is the inverse temperature of the reference Gibbs state of ``H_B``, which need not be the
    bath's. ``atol`` and ``rtol`` are the solver tolerances.

    Returns
    -------
    OpenPowerBounds
        Fields of shape (n,), with ``times``.

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> sigma_minus = np.array([[0.0, 1.0], [0.0, 0.0]])         # |g><e|, basis (|g>, |e>)
    >>> battery = qb.Battery(np.diag([0.0, 1.0]) + 0.5 * np.array([[0, 1], [1, 0]]),
    ...                      np.diag([0.0, 1.0]), np.array([0.8, 0.6]),
    ...                      collapse_ops=[0.3 * sigma_minus])
    >>> curves = open_power_trajectory(battery, np.linspace(0.5, 3.0, 6), beta=2.0)
    >>> bool(np.all(np.abs(curves.power) <= curves.fisher_bound * (1 + 1e-9)))
    True
    """
    beta = positive_real(beta, "beta")
    rho, rho_dot = battery_state_trajectory(battery, times, atol=atol, rtol=rtol)
    h_b = to_dense(battery.battery_hamiltonian)
    bounds = open_power_bounds(rho, rho_dot, h_b, beta, cutoff=cutoff)
    return replace(bounds, times=check_times(times))
