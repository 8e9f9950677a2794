"""Charging power (review sec. 2.2, eqs. 13-16; Binder et al., NJP 17, 075015 (2015)).

    P(t) = dW/dt = Tr[H_B d rho_B/dt]                      instantaneous power        (eq. 13)
    <P>_tau = W(tau)/tau = (1/tau) int_0^tau P(t) dt       average power         (eqs. 14-15)
    P_max = max_tau <P>_tau,  tau_bar = argmax                optimal charging time
    F_alpha = <P>^alpha W^(1 - alpha), 0 <= alpha <= 1       power-work trade-off       (eq. 16)

Functions take 1-D arrays on a time grid. The optimum is refined below the grid by maximising
``W(tau)/tau`` on a cubic Hermite interpolant built from the exact ``W`` and ``P`` at the grid
points around the best grid point (error O(dt^4) in W), or a cubic spline of W when P is not
known.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.interpolate import CubicHermiteSpline, CubicSpline
from scipy.optimize import minimize_scalar

from qbattery.errors import ConvergenceWarning, DimensionError, QBatteryValueError

__all__ = ["OptimalCharging", "average_power", "f_alpha", "optimal_charging"]


def average_power(times: np.ndarray, work: np.ndarray) -> np.ndarray:
    """``W(tau)/tau`` (eq. 14); NaN where ``tau = 0``. Shapes (n,) -> (n,).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.power import average_power
    >>> average_power(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 1.0]))
    array([nan, 1. , 0.5])
    """
    times = np.asarray(times, dtype=float)
    work = np.asarray(work, dtype=float)
    out = np.full(work.shape, np.nan)
    np.divide(work, times, out=out, where=times > 0)
    return out


def f_alpha(times: np.ndarray, work: np.ndarray, alpha: float) -> np.ndarray:
    """Power-work figure of merit ``<P>^alpha W^(1-alpha)`` (eq. 16) on the grid.

    NaN where ``tau = 0`` or ``W <= 0`` (the trade-off is defined for charging, W > 0).

    Examples
    --------
    ``<P>^0.5 W^0.5`` is ``1`` at ``t = 1`` and ``sqrt(1/2)`` at ``t = 2`` here:

    >>> import numpy as np
    >>> from qbattery.metrics.power import f_alpha
    >>> np.round(f_alpha(np.array([1.0, 2.0]), np.array([1.0, 1.0]), 0.5), 6)
    array([1.      , 0.707107])
    """
    if not 0.0 <= alpha <= 1.0:
        raise QBatteryValueError(f"alpha: must lie in [0, 1], got {alpha!r}")
    power = average_power(times, work)
    out = np.full(power.shape, np.nan)
    valid = np.isfinite(power) & (np.asarray(work) > 0)
    out[valid] = power[valid] ** alpha * np.asarray(work)[valid] ** (1 - alpha)
    return out


@dataclass(frozen=True)
class OptimalCharging:
    """Maximum average power, the optimal time and the work done by then.

    Examples
    --------
    A resonantly driven qubit stores ``W = sin^2(t/2)``; ``W/t`` peaks where ``tan(t/2) = t``, at
    ``t = 2.331122`` with power ``0.362306`` (times in 1/omega, power in units of omega^2):

    >>> import numpy as np
    >>> from qbattery.metrics.power import optimal_charging
    >>> times = np.linspace(0.0, 3.0, 31)
    >>> best = optimal_charging(times, np.sin(times / 2) ** 2, np.sin(times) / 2)
    >>> round(best.optimal_time, 3), round(best.max_average_power, 4), best.refined
    (2.331, 0.3623, True)
    """

    max_average_power: float
    optimal_time: float
    work: float
    refined: bool


def optimal_charging(
    times: np.ndarray, work: np.ndarray, power: np.ndarray | None = None
) -> OptimalCharging:
    """Maximum of ``W(tau)/tau`` over the grid, refined between the neighbouring grid points.

    Parameters
    ----------
    times : array (n,)
        Increasing, non-negative.
    work : array (n,)
        Stored energy W at those times.
    power : array (n,), optional
        Exact instantaneous power dW/dt at those times (enables Hermite refinement).

    Warns
    -----
    ConvergenceWarning
        If the best grid point is the last one: the optimum may lie beyond the grid.

    Examples
    --------
    A resonantly driven qubit stores ``W = sin^2(t/2)`` (energy in units of omega, time in
    1/omega); ``W/t`` peaks where ``tan(t/2) = t``, at ``t = 2.331122``:

    >>> import numpy as np
    >>> from qbattery.metrics.power import optimal_charging
    >>> times = np.linspace(0.0, 3.0, 31)
    >>> round(optimal_charging(times, np.sin(times / 2) ** 2).optimal_time, 3)
    2.331
    """
    times = np.asarray(times, dtype=float)
    work = np.asarray(work, dtype=float)
    if times.shape != work.shape or times.ndim != 1:
        raise DimensionError(f"times, work: need equal 1-D shapes, got {times.shape}, {work.shape}")
    averaged = average_power(times, work)
    if not np.any(np.isfinite(averaged)):
        raise QBatteryValueError("times: need at least one time > 0 to define an average power")
    best = int(np.nanargmax(averaged))
    if best == len(times) - 1:
        warnings.warn(
            f"the average power is largest at the last time ({times[-1]:.6g}); the optimum may "
            "lie later: extend `times`",
            ConvergenceWarning,
            stacklevel=2,
        )
        return OptimalCharging(float(averaged[best]), float(times[best]), float(work[best]), False)
    low = max(best - 1, 0)
    high = best + 1
    window = slice(low, high + 1)
    if power is not None:
        curve = CubicHermiteSpline(times[window], work[window], np.asarray(power)[window])
    else:
        span = slice(max(best - 3, 0), min(best + 4, len(times)))
        curve = CubicSpline(times[span], work[span])
    lower = max(times[low], 1e-3 * times[best])
    result = minimize_scalar(
        lambda tau: -curve(tau) / tau,
        bounds=(lower, times[high]),
        method="bounded",
        options={"xatol": 1e-12 * max(1.0, times[high])},
    )
    if -result.fun <= averaged[best]:
        return OptimalCharging(float(averaged[best]), float(times[best]), float(work[best]), False)
    tau = float(result.x)
    return OptimalCharging(float(-result.fun), tau, float(curve(tau)), True)
