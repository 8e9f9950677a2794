"""Local ergotropy of an interacting two-qubit state: qbattery vs. a multi-start SciPy search.

State: a seeded random full-rank two-qubit density matrix. Hamiltonian: local fields plus
XX, YY and ZX couplings (so no closed form applies and both methods must optimise).
Quantity: the local ergotropy of qubit 0 (review eq. 11).

Implementations
---------------
``qbattery``
    ``qbattery.local_ergotropy(rho, h, [2, 2], 0)``: for a qubit the energy is a quadratic form
    in the unit quaternion of SU(2), so the optimum is the smallest eigenvalue of a 4 x 4 matrix
    (global, no starts).
``qbattery_riemannian``
    The same with ``method="riemannian"``: conjugate gradients on U(2) from the identity and 8
    seeded Haar-random starts (the path used for qudits and products of unitaries).
``scipy_euler``
    What a researcher writes: U = Rz(a) Ry(b) Rz(c) on qubit 0 built from QuTiP operators,
    ``qutip.expect(H, U rho U^dagger)`` as the objective, ``scipy.optimize.minimize`` (BFGS,
    gtol 1e-10) from 9 seeded random starts, the best result kept.
"""

from __future__ import annotations

import numpy as np
import qutip
from scipy.optimize import minimize

import qbattery
from benchmarks.harness import Case, Implementation, Ratio

__all__ = ["build"]

SEED = 20261124
STARTS = 9


def _hamiltonian() -> qutip.Qobj:
    sx, sy, sz, one = qutip.sigmax(), qutip.sigmay(), qutip.sigmaz(), qutip.qeye(2)
    return (
        qutip.tensor(sz, one)
        + 0.7 * qutip.tensor(one, sz)
        + 0.4 * qutip.tensor(sx, sx)
        + 0.25 * qutip.tensor(sy, sy)
        + 0.3 * qutip.tensor(sz, sx)
    )


def _scipy_local_ergotropy(rho: qutip.Qobj, h: qutip.Qobj, rng_seed: int) -> float:
    one = qutip.qeye(2)

    def unitary(angles: np.ndarray) -> qutip.Qobj:
        a, b, c = angles
        local = (-0.5j * a * qutip.sigmaz()).expm() * (-0.5j * b * qutip.sigmay()).expm()
        return qutip.tensor(local * (-0.5j * c * qutip.sigmaz()).expm(), one)

    def energy(angles: np.ndarray) -> float:
        u = unitary(angles)
        return float(qutip.expect(h, u * rho * u.dag()))

    rng = np.random.default_rng(rng_seed)
    best = min(
        minimize(energy, rng.uniform(0, 2 * np.pi, 3), method="BFGS", options={"gtol": 1e-10}).fun
        for _ in range(STARTS)
    )
    return float(qutip.expect(h, rho)) - best


def build(quick: bool = False) -> Case:
    """One state (the same in quick mode; fewer repeats)."""
    rng = np.random.default_rng(SEED)
    a = rng.normal(size=(4, 4)) + 1j * rng.normal(size=(4, 4))
    rho_array = a @ a.conj().T
    rho_array /= np.trace(rho_array)
    h = _hamiltonian()
    rho = qutip.Qobj(rho_array, dims=[[2, 2], [2, 2]])
    h_array = h.full()
    return Case(
        name="local_ergotropy",
        description="Local ergotropy of qubit 0 of a random two-qubit state, interacting H.",
        implementations={
            "qbattery": Implementation(
                func=lambda: np.atleast_1d(qbattery.local_ergotropy(rho_array, h_array, [2, 2], 0)),
                description="qbattery.local_ergotropy (quaternion closed form)",
            ),
            "qbattery_riemannian": Implementation(
                func=lambda: np.atleast_1d(
                    qbattery.local_ergotropy(rho_array, h_array, [2, 2], 0, method="riemannian")
                ),
                description="qbattery.local_ergotropy(method='riemannian'), 9 starts",
            ),
            "scipy_euler": Implementation(
                func=lambda: np.atleast_1d(_scipy_local_ergotropy(rho, h, SEED)),
                description="BFGS over Euler angles with QuTiP operators, 9 starts",
            ),
        },
        reference="scipy_euler",
        atol=1e-8,
        ratios=(
            Ratio("speed-up over multi-start SciPy", "scipy_euler", "qbattery", at_least=20.0),
            Ratio("Riemannian path over multi-start SciPy", "scipy_euler", "qbattery_riemannian"),
        ),
        parameters={"starts": STARTS, "seed": SEED, "quick": quick},
        repeat=3 if quick else 5,
    )
