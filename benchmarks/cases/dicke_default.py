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
``propagation_only``
    The default call with ``ergotropy=False``: the propagation in the parity sector with the
    energy and power, without the reduced states and their spectra.
``eigen_floor``
    Only the eigenvalues of the 1666 reduced battery states, block by block (the two parity
    blocks of the symmetric spin space, 17 and 16 levels for N = 32), with NumPy's stacked
    ``eigvalsh`` on one core: work the ergotropy cannot do without, whatever propagates the
    state (not compared: it yields spectra, not P_max).

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
from qbattery.blas_threads import single_threaded_blas
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


def _eigen_floor(battery: qbattery.Battery) -> Callable[[], list[np.ndarray]]:
    """The reduced states' eigenvalue problems alone, on stacks built outside the timing."""
    states = qbattery.charge(battery, TIMES, battery_states=True).battery_states
    assert states is not None
    m = np.arange(states.shape[-1])
    blocks = [
        np.ascontiguousarray(states[:, kept[:, None], kept[None, :]])
        for kept in (m[m % 2 == 0], m[m % 2 == 1])
    ]

    def run() -> list[np.ndarray]:
        with single_threaded_blas():
            return [np.linalg.eigvalsh(block) for block in blocks]

    return run


def build(n: int) -> Callable[[bool], Case]:
    """The case for N atoms (the quick run uses N = 8)."""

    def make(quick: bool) -> Case:
        size = 8 if quick else n

        def with_qbattery() -> float:
            battery = qbattery.models.dicke(n_atoms=size, coupling=COUPLING)
            result = qbattery.charge(battery, TIMES)
            return float(np.max(result.average_power))

        def propagation_only() -> float:
            battery = qbattery.models.dicke(n_atoms=size, coupling=COUPLING)
            result = qbattery.charge(battery, TIMES, ergotropy=False)
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
                "propagation_only": Implementation(
                    func=propagation_only, description="the default call with ergotropy=False"
                ),
                "eigen_floor": Implementation(
                    func=_eigen_floor(qbattery.models.dicke(n_atoms=size, coupling=COUPLING)),
                    compare=False,
                    description="eigvalsh of the reduced states' parity blocks only, one core",
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
                Ratio("default over propagation only", "qbattery", "propagation_only"),
                Ratio("default over the eigenvalue floor", "qbattery", "eigen_floor"),
                Ratio("sesolve over the eigenvalue floor", "qutip_sesolve", "eigen_floor"),
            ),
            parameters={"n_atoms": size, "coupling": COUPLING, "cutoff": cutoff},
            repeat=3,
        )

    return make
