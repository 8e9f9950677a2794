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

With every ``||V_j|| <= g`` the sum is at most ``g sum_i m_i <= N m g`` (``m_i`` the number of
terms acting on cell ``i``, ``m = max_i m_i`` the participation number, :func:`locality`), so
the advantage over the best parallel charging with the same cap (``N De g``) is at most ``m``;
with a cap ``g`` on each cell's total, ``sum_{j ni i} ||V_j|| <= g``, it is at most 1. This is a
state-independent operator-norm form of the locality argument, derived here.

**What is not implemented: Campaioli et al.'s own formula.** The paper (Campaioli, Pollock,
Binder, Celeri, Goold, Vinjanampathy & Modi, "Enhancing the charging power of quantum
batteries", PRL 118, 150601 (2017), arXiv:1612.04991) states, in its abstract, upper bounds on
the collective advantage "for two choices of constraints on the charging Hamiltonian" and, as
its main result, a bound on the advantage "when the interaction order is restricted, i.e., at
most k batteries are interacting". The exact statement of that bound (it is often quoted as
``Gamma <= gamma [k (m - 1) + 1]``, with ``m`` the participation number and ``gamma`` a
problem-dependent ratio) and the constraint under which it holds could not be checked against a
public copy of the paper's text when this module was written, so it is not implemented and no
result here should be read as that formula. For ``k >= 1``, ``m <= k (m - 1) + 1``: the
operator-norm bound ``m`` above is never weaker than that expression at ``gamma = 1``.
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
    "locality",
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


def locality(supports: Sequence[Sequence[int]], cells: int) -> tuple[int, int]:
    """``(k, m)`` of a charging ``V = sum_j V_j`` whose term ``j`` acts on the cells ``S_j``.

    ``k = max_j |S_j|`` is the interaction order and ``m = max_i #{j : i in S_j}`` the
    participation number (the most terms any one cell is in).

    Parameters
    ----------
    supports : sequence of sequences of int
        The cells (indices in ``0..cells-1``) of each term.
    cells : int
        ``N``.

    Examples
    --------
    A ring of three 2-body terms: every cell is in two of them.

    >>> locality([[0, 1], [1, 2], [2, 0]], 3)
    (2, 2)
    """
    n = positive_int(cells, "cells")
    counts = np.zeros(n, dtype=int)
    order = 0
    for index, support in enumerate(supports):
        members = {int(i) for i in support}
        if not members or min(members) < 0 or max(members) >= n:
            raise QBatteryValueError(
                f"supports: term {index} acts on {sorted(members)}; give a non-empty set of cell "
                f"indices in 0..{n - 1}"
            )
        counts[sorted(members)] += 1
        order = max(order, len(members))
    if order == 0:
        raise QBatteryValueError("supports: give at least one term")
    return order, int(counts.max())
