"""Dicke battery, coupling 0.05, N = 1..64: qbattery vs. QuTiP ``sesolve`` in the same basis.

Model (review eq. 32, CONVENTIONS.md form; Ferraro et al., PRL 120, 117702 (2018)): N photons,
atoms in |g>, the symmetric Dicke subspace and the model's default photon cut-off for both
libraries. For every N the battery energy on ``TIMES`` points of ``[0, 2 pi / (g sqrt N)]`` is
computed and reduced to ``P_max`` and the optimal time; the compared quantity is the
concatenation of all energy curves.

Implementations
---------------
``qbattery``
    ``qbattery.charge(qbattery.models.dicke(N, 0.05), times, ergotropy=False)`` for every N:
    energy and exact power, the quantities P_max and the optimal time need (with the battery
    ergotropy at every time as well, qbattery takes about twice as long at N = 64).
``qbattery_parity``
    The same, with each battery restricted to its excitation-parity sector
    (``qbattery.excitation_parity_sector``: the Dicke Hamiltonian conserves
    (-1)^(n + k)), half the dimension. Reported as its own ratio; the primary comparison is the
    one in the same basis as QuTiP.
``qutip_sesolve``
    The same Hamiltonian built with ``qutip.jmat`` and ``qutip.destroy`` (QuTiP orders
    m = j..-j, so |g..g> is its last spin state) and ``qutip.sesolve(H, psi0, times,
    e_ops=[H_B])`` at ``atol=1e-12, rtol=1e-10``: at rtol 1e-8 its error reaches 2e-5 at
    N = 64, above the 1e-6 agreement demanded.
"""

from __future__ import annotations

import numpy as np
import qutip

import qbattery
from benchmarks.harness import Case, Implementation, Ratio

__all__ = ["build", "qutip_dicke"]

COUPLING = 0.05
TIMES = 400


def qutip_dicke(n: int, cutoff: int, coupling: float = COUPLING) -> tuple[qutip.Qobj, ...]:
    """(H, H_B, psi0) of the Dicke battery as a QuTiP user writes it (omega_c = omega_a = 1)."""
    a = qutip.tensor(qutip.destroy(cutoff + 1), qutip.qeye(n + 1))
    jz = qutip.tensor(qutip.qeye(cutoff + 1), qutip.jmat(n / 2, "z"))
    jx = qutip.tensor(qutip.qeye(cutoff + 1), qutip.jmat(n / 2, "x"))
    h_b = jz + n / 2
    h = a.dag() * a + jz + 2 * coupling * jx * (a + a.dag())
    psi0 = qutip.tensor(qutip.basis(cutoff + 1, n), qutip.basis(n + 1, n))
    return h, h_b, psi0


def times_for(n: int) -> np.ndarray:
    """The grid for N atoms: twice the collective exchange time scale."""
    return np.linspace(0.0, 2 * np.pi / (COUPLING * np.sqrt(n)), TIMES)


def build(quick: bool = False) -> Case:
    """N = 1..64 (1..8 when quick)."""
    sizes = list(range(1, 9 if quick else 65))
    batteries = {n: qbattery.models.dicke(n, COUPLING) for n in sizes}
    qutip_models = {n: qutip_dicke(n, batteries[n].parameters["cutoff"]) for n in sizes}
    options = {"atol": 1e-12, "rtol": 1e-10}

    def with_qbattery() -> np.ndarray:
        return np.concatenate(
            [
                qbattery.charge(batteries[n], times_for(n), ergotropy=False).battery_energy
                for n in sizes
            ]
        )

    halves = {n: qbattery.excitation_parity_sector(batteries[n]) for n in sizes}

    def with_parity() -> np.ndarray:
        return np.concatenate(
            [
                qbattery.charge(halves[n], times_for(n), ergotropy=False).battery_energy
                for n in sizes
            ]
        )

    def with_qutip() -> np.ndarray:
        curves = []
        for n in sizes:
            h, h_b, psi0 = qutip_models[n]
            curves.append(
                qutip.sesolve(h, psi0, times_for(n), e_ops=[h_b], options=options).expect[0]
            )
        return np.concatenate(curves)

    return Case(
        name="dicke_scan",
        description=(
            f"Dicke battery, coupling {COUPLING}, N = {sizes[0]}..{sizes[-1]}, symmetric basis, "
            f"default cut-offs (largest dimension {batteries[sizes[-1]].dimension}); "
            f"{TIMES} times each up to 2 pi/(g sqrt N)."
        ),
        implementations={
            "qbattery": Implementation(
                func=with_qbattery,
                description="qbattery.charge(dicke(N, 0.05), times, ergotropy=False), all N",
            ),
            "qbattery_parity": Implementation(
                func=with_parity,
                description="the same in the excitation-parity sector (half the dimension)",
            ),
            "qutip_sesolve": Implementation(
                func=with_qutip, description="qutip.sesolve(H, psi0, times, e_ops=[H_B]), all N"
            ),
        },
        reference="qutip_sesolve",
        atol=1e-6,
        ratios=(
            Ratio("speed-up over sesolve", "qutip_sesolve", "qbattery", at_least=10.0),
            Ratio("speed-up over sesolve, parity sector", "qutip_sesolve", "qbattery_parity"),
        ),
        parameters={"sizes": f"{sizes[0]}..{sizes[-1]}", "coupling": COUPLING, "quick": quick},
        repeat=1 if not quick else 2,
    )
