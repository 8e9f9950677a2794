"""Transverse-field Ising quench of a spin-chain battery: free fermions vs. brute force.

Model (Jordan-Wigner solvable; Lieb, Schultz & Mattis 1961): battery ``H_B = (w/2) sum sz_i``
from its ground state |g...g>, charged by ``H = H_B + J sum_i sx_i sx_{i+1}`` (open chain),
w = 1, J = 0.5. The quantity is the battery energy on ``TIMES`` points of ``[0, T_END]``.

Implementations
---------------
``qbattery``
    ``qbattery.free_fermion_charge(QuadraticChain(N, field=1), QuadraticChain(N, field=1,
    coupling_x=0.5), times)``: one N x N singular value decomposition, then O(N^2) per time.
``qbattery_chebyshev``
    ``qbattery.charge`` on the full 2**N space (the engine's Chebyshev path), same chain.
``qutip_sesolve``
    What a researcher writes: the chain built with ``qutip.tensor`` and
    ``qutip.sesolve(H, psi0, times, e_ops=[H_B])`` at ``atol=1e-14, rtol=1e-12``: at
    ``rtol=1e-10`` its energy is off by 8e-8, above the 1e-8 agreement demanded.
"""

from __future__ import annotations

import numpy as np
import qutip

import qbattery
from benchmarks.harness import Case, Implementation, Ratio

__all__ = ["build"]

COUPLING, T_END, TIMES = 0.5, 10.0, 201


def _qutip_chain(n: int) -> tuple[qutip.Qobj, qutip.Qobj, qutip.Qobj]:
    """(H, H_B, psi0) with qutip.tensor, in qbattery's basis order (|g> first)."""

    def site(op: qutip.Qobj, i: int) -> qutip.Qobj:
        ops = [qutip.qeye(2)] * n
        ops[i] = op
        return qutip.tensor(ops)

    sx, sz = qutip.sigmax(), -qutip.sigmaz()
    h_b = sum(0.5 * site(sz, i) for i in range(n))
    h = h_b + COUPLING * sum(site(sx, i) * site(sx, i + 1) for i in range(n - 1))
    psi0 = qutip.tensor([qutip.basis(2, 0)] * n)
    return h, h_b, psi0


def build(quick: bool = False) -> Case:
    """N = 14 (10 when quick)."""
    n = 10 if quick else 14
    times = np.linspace(0.0, T_END, TIMES)
    battery = qbattery.QuadraticChain(n, field=1.0)
    charging = qbattery.QuadraticChain(n, field=1.0, coupling_x=COUPLING)
    h, h_b, psi0 = _qutip_chain(n)
    full = qbattery.Battery(h.data.as_scipy(), h_b.data.as_scipy(), psi0.full()[:, 0])

    return Case(
        name="free_fermion_chain",
        description=f"Ising quench of a {n}-spin chain, {TIMES} times on [0, {T_END:g}].",
        implementations={
            "qbattery": Implementation(
                func=lambda: qbattery.free_fermion_charge(battery, charging, times).battery_energy,
                description="qbattery.free_fermion_charge (Majorana covariance)",
            ),
            "qbattery_chebyshev": Implementation(
                func=lambda: qbattery.charge(full, times, method="chebyshev").battery_energy,
                description="qbattery.charge on the 2**N space (Chebyshev)",
            ),
            "qutip_sesolve": Implementation(
                func=lambda: qutip.sesolve(
                    h, psi0, times, e_ops=[h_b], options={"atol": 1e-14, "rtol": 1e-12}
                ).expect[0],
                description="qutip.sesolve(H, psi0, times, e_ops=[H_B])",
            ),
        },
        reference="qutip_sesolve",
        atol=1e-8,
        ratios=(
            Ratio("speed-up over sesolve", "qutip_sesolve", "qbattery"),
            Ratio("speed-up over the full-space Chebyshev path", "qbattery_chebyshev", "qbattery"),
        ),
        parameters={"n_spins": n, "coupling": COUPLING, "times": TIMES, "quick": quick},
        repeat=2 if quick else 3,
    )
