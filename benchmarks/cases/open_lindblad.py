"""Open XXZ-chain battery with thermal local noise: exact Lindblad propagation vs. ``mesolve``.

Model: ``qbattery.models.xxz_chain(6, J=0.2, delta=0.5)`` (direct charging by ``sum sx_i`` with
H_B on) with ``qbattery.local_noise(emission=0.05, dephasing=0.02, temperature=0.5)`` on every
spin: dimension 64, 12 + 6 Lindblad operators. The quantity is the battery energy on
``TIMES`` points of [0, 20].

Implementations
---------------
``qbattery``
    ``qbattery.charge(battery, times)``: ``method="lindblad"``, ``exp(L t)`` by
    ``expm_multiply`` on the uniform grid, exact power from the adjoint generator.
``qutip_mesolve``
    ``qutip.mesolve(H, rho0, times, c_ops, e_ops=[H_B])`` with the same operators as ``Qobj``
    at ``atol=1e-10, rtol=1e-8`` (energy error ~1e-8 against the exact propagation).
"""

from __future__ import annotations

import numpy as np
import qutip

import qbattery
from benchmarks.harness import Case, Implementation, Ratio

__all__ = ["build"]

TIMES = np.linspace(0.0, 20.0, 201)


def build(quick: bool = False) -> Case:
    """N = 6 spins (5 when quick; at N = 4 these couplings leave H_B's ground level degenerate)."""
    n = 5 if quick else 6
    battery = qbattery.local_noise(
        qbattery.models.xxz_chain(n, 0.2, 0.5), emission=0.05, dephasing=0.02, temperature=0.5
    )
    dims = [[2] * n, [2] * n]
    h = qutip.Qobj(battery.hamiltonian.static, dims=dims)
    h_b = qutip.Qobj(battery.battery_hamiltonian, dims=dims)
    c_ops = [qutip.Qobj(c, dims=dims) for c in battery.collapse_ops]
    psi = battery.initial_state
    rho0 = qutip.Qobj(np.outer(psi, psi.conj()), dims=dims)

    def with_qutip() -> np.ndarray:
        result = qutip.mesolve(
            h, rho0, TIMES, c_ops=c_ops, e_ops=[h_b], options={"atol": 1e-10, "rtol": 1e-8}
        )
        return np.real(result.expect[0])

    return Case(
        name="open_lindblad",
        description=f"Open XXZ chain of {n} spins with thermal local noise, {TIMES.size} times.",
        implementations={
            "qbattery": Implementation(
                func=lambda: qbattery.charge(battery, TIMES, ergotropy=False).battery_energy,
                description="qbattery.charge (method='lindblad', expm_multiply)",
            ),
            "qutip_mesolve": Implementation(
                func=with_qutip, description="qutip.mesolve(H, rho0, times, c_ops, e_ops=[H_B])"
            ),
        },
        reference="qutip_mesolve",
        atol=1e-7,
        ratios=(Ratio("speed-up over mesolve", "qutip_mesolve", "qbattery"),),
        parameters={"n_spins": n, "times": TIMES.size, "quick": quick},
        repeat=2 if quick else 3,
    )
