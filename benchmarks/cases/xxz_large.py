"""The XXZ chain battery at N = 20 (dimension 1,048,576): a charging curve within 24 GiB.

Same model as :mod:`benchmarks.cases.xxz_charging`, 200 time points in ``[0, T_END]``. Only
qbattery runs (one repeat): the point is that the curve is computed at all on the 2-core,
24 GiB machine, with its time and peak memory (``tracemalloc`` of NumPy's allocations, in a
second, untimed call) reported. It is not part of ``--quick``.
"""

from __future__ import annotations

import numpy as np

import qbattery
from benchmarks.cases.xxz_charging import DELTA, FIELD, OMEGA, T_END, J
from benchmarks.harness import Case, Implementation

__all__ = ["build"]

N_SPINS = 20
TIMES = 200


def build(quick: bool = False) -> Case:
    """N = 20 spins (N = 14 when quick, to smoke-test the case)."""
    n = 14 if quick else N_SPINS
    times = np.linspace(0.0, T_END, TIMES)
    battery = qbattery.models.xxz_chain(n, J, DELTA, omega=OMEGA, field=FIELD)
    return Case(
        name="xxz_large",
        description=(
            f"XXZ chain N={n} (dimension {2**n:,}), battery energy on {TIMES} times in "
            f"[0, {T_END}], Chebyshev path; time and peak memory."
        ),
        implementations={
            "qbattery": Implementation(
                func=lambda: qbattery.charge(battery, times).battery_energy,
                description="qbattery.charge(xxz_chain(20, ...), times)",
            )
        },
        reference="qbattery",
        atol=0.0,
        ratios=(),
        parameters={"n_spins": n, "dimension": 2**n, "times": TIMES, "quick": quick},
        repeat=1,
        measure_memory=True,
    )
