"""Tables of Bessel functions J_0..J_n at many arguments, by Miller's backward recurrence."""

from __future__ import annotations

import numpy as np
from scipy.special import jv

__all__ = ["bessel_j_table"]

#: Rescale a row of the backward recurrence before it can overflow double precision.
_RESCALE = 1e200

#: Up to this many arguments SciPy's ``jv`` is called directly (its per-value cost beats the
#: recurrence's per-order Python loop).
_DIRECT_LIMIT = 8


def bessel_j_table(order: int, x: np.ndarray) -> np.ndarray:
    """``J_k(x)`` for k = 0..order at every ``x >= 0``, shape (len(x), order + 1).

    Miller's algorithm: run ``J_{k-1} = (2k/x) J_k - J_{k+1}`` downwards from a start index
    ``M`` well above ``max(order, x)`` with arbitrary seeds, then normalise with
    ``J_0 + 2 sum_k J_{2k} = 1`` (DLMF 10.74(iv), 10.12.4). One vector operation per order
    over all arguments, instead of ``len(x) * order`` separate special-function calls; accurate
    to ~1e-15 absolute for the start index used here.

    Examples
    --------
    ``J_0(1) = 0.765198`` and ``J_1(1) = 0.440051`` (Abramowitz & Stegun, table 9.1):

    >>> import numpy as np
    >>> from qbattery.special import bessel_j_table
    >>> np.round(bessel_j_table(1, np.array([0.0, 1.0])), 6)
    array([[1.      , 0.      ],
           [0.765198, 0.440051]])
    """
    x = np.asarray(x, dtype=float)
    if x.size <= _DIRECT_LIMIT:  # a handful of arguments: direct evaluation is cheaper
        return jv(np.arange(order + 1), x[:, None])
    table = np.zeros((x.size, order + 1))
    table[:, 0] = x == 0.0
    positive = np.nonzero(x > 0)[0]
    if positive.size == 0:
        return table
    xs = x[positive]
    top = max(order, float(xs.max()))
    start = int(top + 20 + np.sqrt(40 * top)) // 2 * 2 + 2
    two_over_x = 2.0 / xs
    upper = np.zeros(xs.size)  # J_{k+1}
    current = np.full(xs.size, 1e-300)  # J_k, seeded at k = start
    lower = np.empty(xs.size)  # J_{k-1}, written in place (no array per order)
    values = np.zeros((order + 1, xs.size))  # one row per order: contiguous writes
    norm = np.zeros(xs.size)
    for k in range(start, 0, -1):
        np.multiply(two_over_x, k, out=lower)
        lower *= current
        lower -= upper
        upper, current, lower = current, lower, upper
        if k - 1 <= order:
            values[k - 1] = current
        if k - 1 == 0:
            norm += current
        elif (k - 1) % 2 == 0:
            norm += 2.0 * current
        if np.max(np.abs(current)) > _RESCALE:
            big = np.nonzero(np.abs(current) > _RESCALE)[0]
            scale = 1.0 / np.abs(current[big])
            upper[big] *= scale
            current[big] *= scale
            norm[big] *= scale
            values[max(k - 1, 0) :, big] *= scale
    table[positive] = (values / norm).T
    return table
