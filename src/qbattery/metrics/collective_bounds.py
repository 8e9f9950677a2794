"""Bounds on the charging power of N cells charged together (review sec. 2.2.1).

A battery of ``N`` cells, ``H_B = sum_i h_i``, is charged by ``H(t) = H_B + V(t)``. Its
instantaneous power (eq. 13) under a closed evolution is the coherent power

    P = Tr[H_B d rho/dt] = -i Tr(rho [H_B, V]),                                        (1)

and under a Lindblad equation the same term plus ``Tr[H_B D(rho)]``; the bounds below bound (1),
the part a charging Hamiltonian delivers, in any state ``rho`` (pure or mixed, on a closed or an
open trajectory). ``spread(A) = a_max - a_min`` is the width of a spectrum, ``Delta A`` a
standard deviation in ``rho``, ``De = spread(h_i)`` the width of one cell.

Robertson's uncertainty relation ``|<[A, B]>| <= 2 Delta A Delta B`` gives the state-dependent
bound both papers start from (Campaioli et al., PRL 118, 150601 (2017); Gyhm, Safranek, Rosa,
PRL 128, 140501 (2022)):

    |P| <= 2 Delta H_B Delta V.                                                        (2)

Gyhm et al.: with ``Delta A <= spread(A) / 2``, ``spread(H_B) = N De`` and
``spread(V) <= 2 ||V||``, an extensive drive ``||V|| <= N g`` gives

    |P| <= N De ||V|| <= N^2 De g,                                                     (3)

quadratic in ``N``; parallel charging, ``V = sum_i v_i`` with ``||v_i|| <= g``, reaches at most
``N De g`` (bound (4) with k = 1), so the collective advantage is at most ``N``. Both are
attained: a qubit cell ``h = De |e><e|`` with ``v = g sigma_x`` at ``(|g> - i|e>)/sqrt(2)``
gives ``De g``; ``V = N g (|g..g><e..e| + h.c.)`` at ``(|g..g> - i|e..e>)/sqrt(2)`` gives
``N^2 De g``.

Campaioli et al.'s k-local setting: ``V = sum_j V_j`` with ``V_j`` acting on a set ``S_j`` of at
most ``k`` cells, each cell in at most ``m`` terms (participation number). Since ``V_j`` commutes
with every ``h_i`` outside ``S_j``, ``[H_B, V] = sum_j [H_j, V_j]`` with ``H_j = sum_{i in S_j}
h_i``, and ``||[H_j, V_j]|| = ||[H_j - c, V_j]|| <= 2 (|S_j| De / 2) ||V_j||`` for the centre
``c`` of the spectrum of ``H_j``, hence

    |P| <= De sum_j |S_j| ||V_j||.                                                     (4)

With every ``||V_j|| <= g`` the sum is at most ``g sum_i m_i <= N m g``, so the advantage over
the best parallel charging with the same cap (``N De g``) is at most ``m``; with a cap ``g`` on
each cell's total, ``sum_{j ni i} ||V_j|| <= g``, it is at most 1. This is the state-independent
form of the locality argument; the paper's own statement, ``Gamma <= gamma [k (m - 1) + 1]``,
holds under its constraint on the charging Hamiltonian's variance and carries the
problem-dependent ratio ``gamma``, which is not computed here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from qbattery.errors import QBatteryValueError
from qbattery.linalg import expectation
from qbattery.validation import non_negative_real, operator, positive_int

__all__ = [
    "coherent_power",
    "gyhm_power_bound",
    "k_local_advantage_bound",
    "k_local_power_bound",
    "robertson_power_bound",
]


def _pair(h_b: Any, drive: Any, rho: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    h, v = operator(h_b, "h_b"), operator(drive, "drive")
    state = np.asarray(rho)
    if state.ndim == 1:
        state = np.outer(state, state.conj())
    state = operator(state, "rho")
    if not h.shape == v.shape == state.shape:
        raise QBatteryValueError(
            f"h_b, drive, rho: shapes {h.shape}, {v.shape}, {state.shape} differ; "
            "give all three on the same space"
        )
    return h, v, state


def coherent_power(h_b: Any, drive: Any, rho: Any) -> float:
    """``P = -i Tr(rho [H_B, V])``, eq. (1): the power a charging term ``V`` delivers.

    Parameters
    ----------
    h_b, drive : operator (d, d)
        ``H_B`` and ``V`` (or the whole ``H``: ``[H_B, H_B] = 0``).
    rho : ket (d,) or density matrix (d, d)

    Examples
    --------
    >>> import numpy as np
    >>> h, sx = np.diag([0.0, 1.0]), np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> round(coherent_power(h, sx, np.array([1.0, -1.0j]) / np.sqrt(2)), 12)
    1.0
    """
    h, v, state = _pair(h_b, drive, rho)
    return float(np.real(-1j * np.trace((h @ v - v @ h) @ state)))


def _spread_in(a: np.ndarray, rho: np.ndarray) -> float:
    mean = float(np.real(expectation(a, rho)))
    second = float(np.real(expectation(a @ a, rho)))
    return float(np.sqrt(max(second - mean**2, 0.0)))


def robertson_power_bound(h_b: Any, drive: Any, rho: Any) -> float:
    """``2 Delta H_B Delta V``, eq. (2): Robertson's bound on :func:`coherent_power` in ``rho``.

    Examples
    --------
    >>> import numpy as np
    >>> h, sx = np.diag([0.0, 1.0]), np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> psi = np.array([1.0, -1.0j]) / np.sqrt(2)         # attains it
    >>> round(robertson_power_bound(h, sx, psi), 12), round(coherent_power(h, sx, psi), 12)
    (1.0, 1.0)
    """
    h, v, state = _pair(h_b, drive, rho)
    return 2.0 * _spread_in(h, state) * _spread_in(v, state)


def gyhm_power_bound(cells: int, cell_spread: float, drive_per_cell: float) -> float:
    """``N^2 De g``, eq. (3): Gyhm et al.'s bound on the power of ``N`` cells.

    Holds for every state and every charging ``V`` with ``||V|| <= N g`` (Gyhm, Safranek, Rosa,
    PRL 128, 140501 (2022)); attained by ``V = N g (|g..g><e..e| + h.c.)``.

    Parameters
    ----------
    cells : int
        ``N``.
    cell_spread : float
        ``De``, the width of one cell's spectrum.
    drive_per_cell : float
        ``g = ||V|| / N``.

    Examples
    --------
    >>> gyhm_power_bound(4, 1.0, 0.5)     # 16 x 1 x 0.5; parallel charging reaches 4 x 0.5
    8.0
    """
    n = positive_int(cells, "cells")
    spread = non_negative_real(cell_spread, "cell_spread")
    return float(n**2 * spread * non_negative_real(drive_per_cell, "drive_per_cell"))


def k_local_power_bound(
    cell_spread: float, supports: Sequence[int], norms: Sequence[float]
) -> float:
    """``De sum_j |S_j| ||V_j||``, eq. (4): the power of a k-local charging ``V = sum_j V_j``.

    Parameters
    ----------
    cell_spread : float
        ``De``.
    supports : sequence of int
        ``|S_j|``, the number of cells term ``j`` acts on (at most ``k``).
    norms : sequence of float
        ``||V_j||`` (operator norms).

    Examples
    --------
    >>> k_local_power_bound(1.0, [2, 2, 2], [0.5, 0.5, 0.5])   # a ring of three 2-body terms
    3.0
    """
    spread = non_negative_real(cell_spread, "cell_spread")
    sizes = np.asarray(supports, dtype=float)
    weights = np.asarray(norms, dtype=float)
    if sizes.shape != weights.shape or sizes.ndim != 1:
        raise QBatteryValueError(
            f"supports, norms: one size and one norm per term, got shapes {sizes.shape} and "
            f"{weights.shape}"
        )
    if np.any(sizes < 1) or np.any(weights < 0) or not np.all(np.isfinite(weights)):
        raise QBatteryValueError(
            "supports, norms: sizes must be >= 1 and norms finite and >= 0; check the terms"
        )
    return float(spread * np.sum(sizes * weights))


def k_local_advantage_bound(
    cells: int, supports: Sequence[int], norms: Sequence[float], drive_per_cell: float
) -> float:
    """``sum_j |S_j| ||V_j|| / (N g)``: eq. (4) over the best parallel power ``N De g``.

    The largest collective advantage a k-local charging can have over parallel charging with
    ``||v_i|| <= g``; at most the participation number ``m`` when every ``||V_j|| <= g``.

    Examples
    --------
    >>> k_local_advantage_bound(3, [2, 2, 2], [1.0, 1.0, 1.0], 1.0)   # ring: m = 2
    2.0
    """
    n = positive_int(cells, "cells")
    g = non_negative_real(drive_per_cell, "drive_per_cell")
    if g == 0:
        raise QBatteryValueError("drive_per_cell: must be > 0 to compare with parallel charging")
    return k_local_power_bound(1.0, supports, norms) / (n * g)
