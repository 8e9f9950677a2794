"""Driven ensemble of N two-level cells with local emission and dephasing: qbattery vs. piqs.

Model (``qbattery.models.spin_ensemble``, ARCHITECTURE.md): H = omega J_z + drive J_x,
H_B = omega (J_z + N/2), all cells in |g>, local Lindblad operators sqrt(emission) sigma_- and
sqrt(dephasing) sigma_z / 2 on every cell; omega = 1, drive = 0.5, emission = 0.05,
dephasing = 0.02, ``TIMES`` points on [0, 20]. The compared quantity is the battery energy
curve for every N.

Implementations
---------------
``qbattery``
    ``qbattery.charge(qbattery.models.spin_ensemble(N, ...), times, ergotropy=False)``, the
    default call: these cells never interact, so one cell is solved exactly and scaled to N
    (:mod:`qbattery.dynamics.independent_cells`).
``qbattery_blocks``
    The same with ``options={"independent_cells": False}``: the permutation-invariant
    Liouvillian on all ~N**3 / 6 block entries, in double precision, energy and exact power
    (what an ensemble whose cells interact costs).
``qutip_piqs``
    What a QuTiP user writes: ``qutip.piqs.Dicke(N, hamiltonian=omega jz + drive jx,
    emission=..., dephasing=...)``, its ``liouvillian()``, ``qutip.mesolve(L, piqs.ground(N),
    times, e_ops=[jz])`` at ``atol=1e-12, rtol=1e-10``. piqs builds its Lindbladian coefficients
    in single precision, so the two agree only to about 1e-7 relative.
"""

from __future__ import annotations

import numpy as np
import qutip
from qutip import piqs

import qbattery
from benchmarks.harness import Case, Implementation, Ratio

__all__ = ["PARAMETERS", "build", "piqs_energy", "qbattery_energy"]

PARAMETERS = {"omega": 1.0, "drive": 0.5, "emission": 0.05, "dephasing": 0.02}
TIMES = np.linspace(0.0, 20.0, 101)
SIZES = (10, 20, 40)


def qbattery_energy(n: int, times: np.ndarray = TIMES, *, blocks: bool = False) -> np.ndarray:
    """Battery energy curve by qbattery (``blocks``: in the Dicke blocks, not as one cell)."""
    battery = qbattery.models.spin_ensemble(n, **PARAMETERS)
    options = {"independent_cells": not blocks}
    return qbattery.charge(battery, times, ergotropy=False, options=options).battery_energy


def piqs_energy(n: int, interaction: float = 0.0, times: np.ndarray = TIMES) -> np.ndarray:
    """Battery energy curve by piqs + mesolve, as a QuTiP user writes it (``interaction``: U
    of a twisting term ``(U / N) J_z^2``)."""
    jx, _, jz = piqs.jspin(n)
    hamiltonian = PARAMETERS["omega"] * jz + PARAMETERS["drive"] * jx
    if interaction:
        hamiltonian = hamiltonian + (interaction / n) * jz * jz
    system = piqs.Dicke(
        n,
        hamiltonian=hamiltonian,
        emission=PARAMETERS["emission"],
        dephasing=PARAMETERS["dephasing"],
    )
    result = qutip.mesolve(
        system.liouvillian(),
        piqs.ground(n),
        times,
        e_ops=[jz],
        options={"atol": 1e-12, "rtol": 1e-10, "nsteps": 10**6},
    )
    return PARAMETERS["omega"] * (np.real(result.expect[0]) + n / 2)


def build(quick: bool = False) -> Case:
    """N = 10, 20, 40 (10 when quick)."""
    sizes = SIZES[:1] if quick else SIZES
    return Case(
        name="ensemble_lindblad",
        description=(
            f"Driven ensemble with local emission and dephasing, N = {', '.join(map(str, sizes))}"
            f", {TIMES.size} times on [0, 20]; energy curves of all N."
        ),
        implementations={
            "qbattery": Implementation(
                func=lambda: np.concatenate([qbattery_energy(n) for n in sizes]),
                description="qbattery.charge(spin_ensemble(N, ...), times), all N",
            ),
            "qbattery_blocks": Implementation(
                func=lambda: np.concatenate([qbattery_energy(n, blocks=True) for n in sizes]),
                description="the same in the Dicke blocks (independent_cells=False), all N",
            ),
            "qutip_piqs": Implementation(
                func=lambda: np.concatenate([piqs_energy(n) for n in sizes]),
                description="piqs.Dicke(...).liouvillian() + qutip.mesolve, all N",
            ),
        },
        reference="qutip_piqs",
        atol=1e-6 * max(sizes),  # piqs's single-precision coefficients: ~1e-7 relative
        ratios=(
            Ratio("speed-up over piqs + mesolve", "qutip_piqs", "qbattery"),
            Ratio("blocks' speed-up over piqs + mesolve", "qutip_piqs", "qbattery_blocks"),
        ),
        parameters={**PARAMETERS, "sizes": list(sizes), "times": TIMES.size, "quick": quick},
        repeat=2 if quick else 3,
    )
