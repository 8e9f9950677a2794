"""A 400-point Dicke sweep (N x coupling) with the default executor against a serial QuTiP loop.

The issue's anchor: what a researcher replaces. 20 sizes N = 1..20 times 20 couplings
lambda in [0.02, 0.40], each point the maximum average power on 201 times of [0, 10]
(Ferraro et al., PRL 120, 117702 (2018), the Dicke form of CONVENTIONS.md).

Implementations
---------------
``qbattery_sweep``
    :func:`qbattery.sweep.run_sweep` with its default executor (local processes, one per core)
    over :func:`point`: ``qbattery.charge(qbattery.models.dicke(N, lambda), times)`` with every
    default (solver, parity sector, verified cut-off), each point committed to a fresh SQLite
    store; the quantity is read back from the store.
``qutip_loop``
    The plain script: for every point, the same Hamiltonian built with QuTiP at the cut-off
    qbattery verified for it (``benchmarks.cases.dicke_scan.qutip_dicke``) and
    ``qutip.sesolve(H, psi0, times, e_ops=[H_B])`` at ``atol 1e-10, rtol 1e-8``, one point
    after the other in this process.

Both reduce each point to ``max_t E(t)/t`` on the grid; agreement to 1e-6 (sesolve's own error
at these tolerances is about 1e-8 here). Target: >= 1.8x from the two cores alone, more from
the solvers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import qutip

import qbattery
from benchmarks.cases.dicke_scan import qutip_dicke
from benchmarks.harness import Case, Implementation, Ratio
from benchmarks.sweeps import fresh_directory, read_back
from qbattery.sweep import run_sweep

__all__ = ["build", "point"]

TIMES = np.linspace(0.0, 10.0, 201)


def point(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The grid maximum of the average power of ``dicke(n_atoms, coupling)``, default call."""
    battery = qbattery.models.dicke(n_atoms=payload["n_atoms"], coupling=payload["coupling"])
    result = qbattery.charge(battery, TIMES)
    return {
        "grid_max_average_power": float(np.max(result.energy[1:] / TIMES[1:])),
        "cutoff": int(result.parameters["cutoff"]),
    }


def build(quick: bool = False) -> Case:
    """400 points (36 when quick)."""
    sizes = range(1, 7 if quick else 21)
    couplings = np.linspace(0.02, 0.40, 6 if quick else 20).round(4).tolist()
    points = [
        ({"n_atoms": n, "coupling": g}, {"n_atoms": n, "coupling": g})
        for n in sizes
        for g in couplings
    ]
    cutoffs = [point(payload)["cutoff"] for _, payload in points]  # outside the timings
    qutip_models = [
        qutip_dicke(p["n_atoms"], c, p["coupling"])
        for (_, p), c in zip(points, cutoffs, strict=True)
    ]
    identity = {"benchmark": "sweep_dicke", "points": len(points)}

    def with_qbattery() -> np.ndarray:
        directory = fresh_directory()
        run_sweep(point, points, directory, identity=identity, progress=False)
        return read_back(directory, ("grid_max_average_power",))

    def with_qutip() -> np.ndarray:
        values = []
        for h, h_b, psi0 in qutip_models:
            energy = qutip.sesolve(
                h, psi0, TIMES, e_ops=[h_b], options={"atol": 1e-10, "rtol": 1e-8}
            ).expect[0]
            values.append(np.max(np.real(np.asarray(energy))[1:] / TIMES[1:]))
        return np.array(values)

    return Case(
        name="sweep_dicke",
        description=(
            f"{len(points)} Dicke points (N = 1..{sizes[-1]} x {len(couplings)} couplings in "
            f"[{couplings[0]}, {couplings[-1]}]), P_max on 201 times of [0, 10]; the default "
            "sweep executor against a serial QuTiP loop."
        ),
        implementations={
            "qbattery_sweep": Implementation(
                func=with_qbattery, description="qbattery sweep, default executor, SQLite store"
            ),
            "qutip_loop": Implementation(
                func=with_qutip, description="for each point: qutip.sesolve, 1e-10/1e-8"
            ),
        },
        reference="qutip_loop",
        atol=1e-6,
        ratios=(
            Ratio(
                "speed-up over a serial QuTiP loop", "qutip_loop", "qbattery_sweep", at_least=1.8
            ),
        ),
        parameters={"points": len(points), "quick": quick},
        repeat=1,
    )
