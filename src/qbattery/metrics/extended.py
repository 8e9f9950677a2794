"""Extended local ergotropy: a local unitary applied after an optimised free evolution.

The local ergotropy of subsystem n (review eq. 11) is not monotonic in time: the free evolution
of the compound can move energy into a form a local unitary can reach. The extended local
ergotropy lets the compound evolve freely under its full, time-independent Hamiltonian H for a
waiting time tau before the local unitary acts,

    E_n^ext(rho) = max_{0 <= tau <= T} E_n(exp(-i H tau) rho exp(i H tau)),

(Castellano, Farina, Giovannetti & Acin, PRL 133, 150402 (2024)). The free evolution conserves
``Tr[H rho]``, so the work extracted by the whole protocol is the local ergotropy of the evolved
state. With T -> infinity it is non-increasing along the free evolution and never below the
local ergotropy (tau = 0). Here the maximum is searched on a grid of waiting times up to the
horizon T and refined by Brent's bounded method around the best grid point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar

from qbattery.errors import QBatteryValueError
from qbattery.linalg import density_matrices
from qbattery.metrics.local import local_extremum, single_subsystem
from qbattery.validation import DEFAULT_ATOL, check_dims, operator, positive_int, positive_real

__all__ = ["ExtendedLocalErgotropy", "extended_local_ergotropy"]

#: Brent's tolerance on the waiting time; the value is quadratic in the time error there.
_TIME_TOL = 1e-10


@dataclass(frozen=True)
class ExtendedLocalErgotropy:
    """The extended local ergotropy of one state, with the waiting time that reaches it.

    Attributes
    ----------
    value : float
        ``E_n^ext``: the largest local ergotropy over the waiting times searched.
    waiting_time : float
        The optimal waiting time tau.
    local_ergotropy : float
        ``E_n`` of the state itself (tau = 0), for comparison.
    times : array (m,)
        The grid of waiting times searched.
    curve : array (m,)
        ``E_n`` of the freely evolved state at each grid time.

    Examples
    --------
    See :func:`extended_local_ergotropy`, which returns it; the fields are energies in units of
    the Hamiltonian's energy scale and times in its inverse.

    >>> import numpy as np
    >>> from qbattery.metrics.extended import extended_local_ergotropy
    >>> h = np.kron(np.diag([0.0, 1.0]), np.eye(2)) + np.kron(np.eye(2), np.diag([0.0, 1.0]))
    >>> result = extended_local_ergotropy(np.diag([0.0, 0, 0, 1.0]), h, [2, 2], 1, horizon=1.0)
    >>> round(result.local_ergotropy, 8), round(result.value, 8)
    (1.0, 1.0)
    """

    value: float
    waiting_time: float
    local_ergotropy: float
    times: np.ndarray
    curve: np.ndarray


def extended_local_ergotropy(
    rho: Any,
    h: Any,
    dims: Sequence[int],
    subsystem: int,
    *,
    horizon: float,
    points: int = 201,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
    **options: Any,
) -> ExtendedLocalErgotropy:
    """Extended local ergotropy of subsystem ``subsystem`` (module docstring).

    Parameters
    ----------
    rho : array (d, d) or Qobj
        One state of the compound.
    h : array (d, d)
        Its full, time-independent Hamiltonian (interactions included); it both generates the
        free evolution and measures the energy.
    dims : sequence of int
        Subsystem dimensions.
    subsystem : int
        The subsystem the final unitary acts on (e.g. the battery; the rest is the charger or
        environment).
    horizon : float
        Longest waiting time T searched (> 0); take it beyond the slowest exchange period.
    points : int
        Grid points in ``[0, T]`` (>= 2) before refinement; the grid must resolve the
        oscillations of the local ergotropy, or a better maximum between grid points is missed.
    validate, atol
        Input checks, as in the other metrics.
    options
        Passed to :func:`qbattery.metrics.local.local_extremum` (``starts``, ``seed``,
        ``method``).

    Returns
    -------
    ExtendedLocalErgotropy

    Examples
    --------
    A Jaynes-Cummings excitation stored in the cavity: the qubit alone cannot extract it, but
    after a quarter Rabi period it can (value omega = 1 at tau = pi / (2 g)).

    >>> import numpy as np
    >>> a = np.diag([1.0], 1); sm = np.diag([1.0], 1)  # |g> = index 0 is lowered to
    >>> sz = np.diag([-1.0, 1.0])
    >>> h = (np.kron(a.T @ a, np.eye(2)) + np.kron(np.eye(2), sz / 2)
    ...      + 0.1 * (np.kron(a, sm.T) + np.kron(a.T, sm)))
    >>> psi = np.kron([0, 1], [1, 0]).astype(complex)  # one photon, qubit in |g>
    >>> result = extended_local_ergotropy(np.outer(psi, psi), h, [2, 2], 1, horizon=20.0)
    >>> round(result.value, 8), round(result.waiting_time, 5), round(result.local_ergotropy, 8)
    (1.0, 15.70796, 0.0)
    """
    states, _ = density_matrices(rho, validate=validate, atol=atol)
    if states.ndim != 2:
        raise QBatteryValueError(
            f"rho: extended_local_ergotropy takes one state of shape (d, d), got {states.shape}"
        )
    hamiltonian = operator(h, "h", atol=atol)
    dims = check_dims(dims, states.shape[-1])
    horizon = positive_real(horizon, "horizon")
    points = positive_int(points, "points")
    if points < 2:
        raise QBatteryValueError(f"points: need at least 2 grid points, got {points}")
    site = single_subsystem(subsystem, dims)
    levels, vectors = np.linalg.eigh(hamiltonian)
    in_eigenbasis = np.conj(vectors.T) @ states @ vectors
    energy = float(np.real(np.trace(hamiltonian @ states)))

    def local(tau: float) -> float:
        phases = np.exp(-1j * levels * tau)
        evolved = vectors @ (phases[:, None] * in_eigenbasis * np.conj(phases)[None, :])
        evolved = evolved @ np.conj(vectors.T)
        low = local_extremum(evolved, hamiltonian, dims, site, validate=False, **options)
        return energy - low.energy

    times = np.linspace(0.0, horizon, points)
    curve = np.array([local(t) for t in times])
    best = int(np.argmax(curve))
    value, waiting = float(curve[best]), float(times[best])
    lower, upper = times[max(best - 1, 0)], times[min(best + 1, points - 1)]
    refined = minimize_scalar(
        lambda tau: -local(tau),
        bounds=(lower, upper),
        method="bounded",
        options={"xatol": _TIME_TOL},
    )
    if -refined.fun > value:
        value, waiting = float(-refined.fun), float(refined.x)
    return ExtendedLocalErgotropy(value, waiting, float(curve[0]), times, curve)
