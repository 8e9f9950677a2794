"""The Dicke battery's default call against ``qutip.sesolve`` at a user's tolerance.

Exactly the call a newcomer writes: ``qbattery.charge(qbattery.models.dicke(n_atoms=N,
coupling=0.05), times)`` on ``t = 0.01, 0.02, ..., 16.66`` (1666 points), with every default
(ergotropy on; the cut-off chosen by the model and verified by ``charge``; the parity sector
and the solver chosen by ``charge``). Built and charged inside the timed call.

Implementations
---------------
``qbattery``
    The default call above.
``qutip_sesolve``
    The same Hamiltonian (``benchmarks.cases.dicke_scan.qutip_dicke``, symmetric basis) at the
    cut-off qbattery verified, ``qutip.sesolve(H, psi0, [0, *times], e_ops=[H_B])`` at ``atol
    1e-10, rtol 1e-8`` (what a user picks; QuTiP's first time is the initial one, so 0 is
    prepended and dropped). Its own error at these tolerances is stated by the agreement check
    (``atol`` below, on the battery energy).
``qutip_sesolve_old_cutoff``
    The same at the cut-off the model chose before it was adaptive (``counter_rotating_cutoff``,
    142 for N = 32, 304 for N = 64), the configuration of the issue's first measurement.

The reference for agreement is ``qbattery`` (3e-11 from the spectral solver on energies of
order 26 at N = 32; the tests check 1e-10 against the spectral solver, ``expm_multiply``, dense
``expm`` and a tight ``sesolve``); the compared quantity is P_max on the grid, ``max_t E(t)/t``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import qutip

import qbattery
from benchmarks.cases.dicke_scan import qutip_dicke
from benchmarks.harness import Case, Implementation, Ratio
from qbattery.models.light_matter.cutoffs import counter_rotating_cutoff

__all__ = ["build"]

COUPLING = 0.05
TIMES = np.arange(1, 1667) * 0.01


def _sesolve(n: int, cutoff: int) -> Callable[[], float]:
    h, h_b, psi0 = qutip_dicke(n, cutoff, COUPLING)
    options = {"atol": 1e-10, "rtol": 1e-8}

    def run() -> float:
        result = qutip.sesolve(
            h, psi0, np.concatenate([[0.0], TIMES]), e_ops=[h_b], options=options
        )
        energy = np.real(np.asarray(result.expect[0]))[1:]
        return float(np.max(energy / TIMES))

    return run


def build(n: int) -> Callable[[bool], Case]:
    """The case for N atoms (the quick run uses N = 8)."""

    def make(quick: bool) -> Case:
        size = 8 if quick else n

        def with_qbattery() -> float:
            battery = qbattery.models.dicke(n_atoms=size, coupling=COUPLING)
            result = qbattery.charge(battery, TIMES)
            return float(np.max(result.average_power))

        verified = qbattery.charge(qbattery.models.dicke(n_atoms=size, coupling=COUPLING), TIMES)
        cutoff = int(verified.parameters["cutoff"])
        old_cutoff = counter_rotating_cutoff(size, COUPLING * size)
        return Case(
            name=f"dicke_default_{n}",
            description=(
                f"Dicke battery N = {size}, coupling {COUPLING}, the default call on 1666 times "
                f"(ergotropy on); verified cut-off {cutoff} (previous default {old_cutoff})."
            ),
            implementations={
                "qbattery": Implementation(
                    func=with_qbattery, description="charge(dicke(N, 0.05), times), defaults"
                ),
                "qutip_sesolve": Implementation(
                    func=_sesolve(size, cutoff),
                    description=f"sesolve at atol 1e-10, rtol 1e-8, cut-off {cutoff}",
                ),
                "qutip_sesolve_old_cutoff": Implementation(
                    func=_sesolve(size, old_cutoff),
                    description=f"the same at the previous default cut-off {old_cutoff}",
                ),
            },
            reference="qbattery",
            atol=1e-6 * verified.max_average_power,
            ratios=(
                Ratio(
                    "speed-up over sesolve (same cut-off)",
                    "qutip_sesolve",
                    "qbattery",
                    at_least=10.0 if n <= 32 else 20.0,
                ),
                Ratio(
                    "speed-up over sesolve (previous cut-off)",
                    "qutip_sesolve_old_cutoff",
                    "qbattery",
                ),
            ),
            parameters={"n_atoms": size, "coupling": COUPLING, "cutoff": cutoff},
            repeat=3,
        )

    return make
