"""The closest packaged peer: ``qthermo``'s Dicke battery at N = 20, 500 time points.

``qthermo.batteries.dicke_battery(N, g)`` writes ``H = w (J_z + N/2) + w a^dag a +
g (J_+ + J_-)(a + a^dag)`` in the symmetric subspace, which is qbattery's Dicke form
(CONVENTIONS.md) with ``omega_c = omega_a = w`` and ``lambda = g / w``; its ``charge`` returns
the stored energy and ergotropy on a time grid. Both libraries pick their own photon cut-off;
the compared quantity is the stored energy W(t), which must agree to 1e-6 when both cut-offs
are converged. qthermo is a benchmark-only dependency (``pip install .[bench]``).
"""

from __future__ import annotations

import numpy as np

import qbattery
from benchmarks.harness import Case, Implementation, Ratio

__all__ = ["build"]

COUPLING = 0.05
POINTS = 500


def build(quick: bool = False) -> Case:
    """N = 20 (N = 6 when quick)."""
    from qthermo import batteries

    n = 6 if quick else 20
    times = np.linspace(0.0, 2 * np.pi / (COUPLING * np.sqrt(n)), POINTS)
    battery = qbattery.models.dicke(n, COUPLING)
    peer = batteries.dicke_battery(n, g=COUPLING)

    def with_qthermo() -> np.ndarray:
        result = batteries.charge(
            peer["H"],
            peer["H_battery"],
            peer["state"],
            times,
            battery=((0,), peer["dims"], peer["h_battery"]),
        )
        return np.asarray(result.energy)

    return Case(
        name="qthermo_dicke",
        description=(
            f"Dicke battery N={n}, coupling {COUPLING}, {POINTS} times up to 2 pi/(g sqrt N): "
            "stored energy and ergotropy, qbattery vs. qthermo (each with its own cut-off)."
        ),
        implementations={
            "qbattery": Implementation(
                func=lambda: qbattery.charge(battery, times).energy,
                description="qbattery.charge(dicke(20, 0.05), times): energy and ergotropy",
            ),
            "qthermo": Implementation(
                func=with_qthermo,
                description="qthermo.batteries.charge(dicke_battery(20, g=0.05), times, ...)",
            ),
        },
        reference="qthermo",
        atol=1e-6,
        ratios=(Ratio("speed-up over qthermo", "qthermo", "qbattery"),),
        parameters={"n_atoms": n, "coupling": COUPLING, "points": POINTS, "quick": quick},
        repeat=1 if not quick else 2,
    )
