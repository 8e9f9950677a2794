"""Bounds on charging speed and power (review sec. 2.2.1).

The quantum speed limit of a closed evolution from ``|psi_0>`` to ``|psi_tau>``, with the
Bures angle ``L = arccos|<psi_0|psi_tau>|``, ``Delta E`` the standard deviation of H (eq. 19;
the review calls it the average energy, slip 4) and ``E = <H> - omega_1`` the energy above the
ground level (eq. 18), ``<.>`` their time averages over [0, tau]:

    tau >= L / <Delta E>                                 Mandelstam-Tamm, any H(t)
    tau >= 2 L^2 / (pi E)                                Margolus-Levitin, constant H

(Mandelstam & Tamm, J. Phys. USSR 9, 249 (1945) and Anandan & Aharonov, PRL 65, 1697 (1990)
for the time-dependent form; the generalised Margolus-Levitin bound and their maximum, the
unified speed limit, Deffner & Lutz, J. Phys. A 46, 335302 (2013) and Deffner & Campbell,
J. Phys. A 50, 453001 (2017), eq. 38). Both equal the review's eq. 17 for orthogonal end states
(L = pi/2); eq. 17 as printed, ``L / min{<E>, <Delta E>}``, is not a bound for non-orthogonal
ones (docs/conventions.md). The Margolus-Levitin form with a time-averaged E does not hold for
driven protocols (random piecewise-constant protocols exceed it by 20%), so only the
Mandelstam-Tamm part is used there. For charging between orthogonal states with
``||H(t)|| <= E_max`` this gives Binder's bound on the average power (Binder et al., NJP 17,
075015 (2015)):

    <P> <= 2 W E_max / pi                                                            (eq. 21)
"""

from __future__ import annotations

import numpy as np

from qbattery.errors import QBatteryValueError

__all__ = [
    "binder_power_bound",
    "bures_angle",
    "mandelstam_tamm_time",
    "margolus_levitin_time",
    "speed_limit_time",
]


def bures_angle(overlap: float) -> float:
    """``L = arccos|overlap|`` in [0, pi/2], the Bures (Fubini-Study) angle between pure states.

    Examples
    --------
    >>> round(bures_angle(0.0), 12) == round(float(np.pi / 2), 12)
    True
    """
    return float(np.arccos(np.clip(abs(overlap), 0.0, 1.0)))


def mandelstam_tamm_time(angle: float, mean_spread: float) -> float:
    """``L / <Delta E>``: the Mandelstam-Tamm time, a bound for any closed evolution.

    ``inf`` for a positive angle with no energy spread (the state cannot move), 0 for L = 0.

    Examples
    --------
    A qubit ``H = diag(0, 1)`` turns ``|+>`` into the orthogonal ``|->`` (angle ``pi/2``) with
    ``<Delta E> = 0.5``: the bound is ``pi``, the time it actually takes (times in the inverse
    energy unit).

    >>> import numpy as np
    >>> from qbattery.metrics.bounds import mandelstam_tamm_time
    >>> round(mandelstam_tamm_time(float(np.pi / 2), 0.5), 6)
    3.141593
    """
    if angle == 0.0:
        return 0.0
    return float(np.inf) if mean_spread <= 0 else float(angle / mean_spread)


def margolus_levitin_time(angle: float, mean_energy: float) -> float:
    """``2 L^2 / (pi E)``: the generalised Margolus-Levitin time, a bound for constant H.

    ``E`` is the energy above the ground level; ``inf`` for a positive angle at ``E = 0``.

    Examples
    --------
    >>> round(margolus_levitin_time(float(np.pi / 2), 1.0), 12) == round(float(np.pi / 2), 12)
    True
    """
    if angle == 0.0:
        return 0.0
    return float(np.inf) if mean_energy <= 0 else float(2.0 * angle**2 / (np.pi * mean_energy))


def speed_limit_time(overlap: float, mean_energy: float, mean_spread: float) -> float:
    """The unified speed limit ``max{L / <Delta E>, 2 L^2 / (pi <E>)}`` of a constant H.

    Equals the review's eq. 17 when ``|overlap| = 0`` (orthogonal end states).

    Examples
    --------
    >>> round(speed_limit_time(0.0, 2.0, 1.0), 12) == round(float(np.pi / 2), 12)
    True
    """
    angle = bures_angle(overlap)
    return max(mandelstam_tamm_time(angle, mean_spread), margolus_levitin_time(angle, mean_energy))


def binder_power_bound(work: float, max_energy: float) -> float:
    """Binder's bound ``2 W E_max / pi`` on the average power (eq. 21), orthogonal states.

    Examples
    --------
    One quantum of work with ``E_max = 1`` (units of the energy scale): ``2/pi`` (power in
    units of that energy times the frequency scale).

    >>> from qbattery.metrics.bounds import binder_power_bound
    >>> round(binder_power_bound(1.0, 1.0), 6)
    0.63662
    """
    if max_energy < 0:
        raise QBatteryValueError(f"max_energy: an operator norm is >= 0, got {max_energy!r}")
    return 2.0 * work * max_energy / np.pi
