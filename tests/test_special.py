"""Bessel tables by backward recurrence against SciPy's jv."""

from __future__ import annotations

import numpy as np
from scipy.special import jv

from qbattery.special import bessel_j_table

#: |J_n(x)| <= 1, but the backward recurrence and SciPy's jv both lose about x ulp to cancellation
#: at argument x: x <= 400 allows 400 eps ~ 1e-13 (observed: 1e-14 at x ~ 340, 2e-16 for x <= 10).
BESSEL = 1e-13


def test_bessel_table_matches_scipy() -> None:
    x = np.concatenate([[0.0, 1e-9, 0.3, 7.0], np.linspace(0, 400, 301)])
    table = bessel_j_table(420, x)
    reference = jv(np.arange(421), x[:, None])
    np.testing.assert_allclose(table, reference, atol=BESSEL, rtol=0)


def test_bessel_table_order_below_argument() -> None:
    # Orders far below the argument (oscillatory regime) must still be exact.
    x = np.array([50.0, 120.0])
    np.testing.assert_allclose(
        bessel_j_table(10, x), jv(np.arange(11), x[:, None]), atol=BESSEL, rtol=0
    )
