"""Quantum energy teleportation (QET) in Hotta's minimal model (review sec. 5.2).

Two qubits A (Alice) and B (Bob) with (Hotta, J. Phys. A 43, 105305 (2010); Hotta & Ikeda,
Quantum Inf. Process. 24, 186 (2025))

    H_A = h Z_A + h^2/xi,  H_B = h Z_B + h^2/xi,  V = 2k X_A X_B + 2k^2/xi,  xi = sqrt(h^2 + k^2),

shifted so that the ground state ``|g>`` of ``H = H_A + H_B + V`` has energy 0 and every term
has zero mean in it. LOCC protocol: Alice measures ``X_A`` (outcome mu = +-1), which injects
``E_A = h^2/xi`` on average; she sends mu; Bob applies ``U_B(mu) = cos(theta) - i mu sin(theta)
Y_B``. Bob extracts (the drop of ``<H_B + V>``)

    E_B(theta) = [h k sin(2 theta) - (h^2 + 2k^2)(1 - cos(2 theta))] / xi,

largest at ``tan(2 theta) = h k / (h^2 + 2k^2)``. Without the message Bob's best local unitary
extracts nothing: ``<g|U_B^dagger (H_B + V) U_B|g> >= 0`` since ``U_B`` commutes with ``H_A``
and ``<g|U^dagger H U|g> >= 0`` (ground-state passivity). The study evaluates the protocol by
matrix algebra on the four-dimensional space (not by the closed forms, which test it) and finds
the no-communication optimum by minimising over Bob's SU(2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from qbattery.validation import finite_real, positive_real

__all__ = ["EnergyTeleportation", "energy_teleportation"]

_X = np.array([[0.0, 1.0], [1.0, 0.0]], complex)
_Y = np.array([[0.0, -1j], [1j, 0.0]])
_Z = np.diag([1.0, -1.0]).astype(complex)
_I = np.eye(2, dtype=complex)


@dataclass(frozen=True)
class EnergyTeleportation:
    """Energetics of one QET round.

    Attributes
    ----------
    h, k, angle : float
        Model parameters and Bob's rotation angle theta.
    alice_energy : float
        Energy injected by Alice's measurement, ``<H>`` after it.
    bob_energy : float
        Energy Bob extracts with LOCC, ``<H_B + V>`` before minus after his conditional unitary.
    local_limit : float
        The most Bob extracts with any local unitary and no message (zero up to the optimiser).
    ground_state : array (4,)
    """

    h: float
    k: float
    angle: float
    alice_energy: float
    bob_energy: float
    local_limit: float
    ground_state: np.ndarray


def _rotation(params: np.ndarray) -> np.ndarray:
    """``exp(-i (a X + b Y + c Z))`` on B."""
    generator = params[0] * _X + params[1] * _Y + params[2] * _Z
    values, vectors = np.linalg.eigh(generator)
    return (vectors * np.exp(-1j * values)) @ vectors.conj().T


def energy_teleportation(h: float, k: float, *, angle: float | None = None) -> EnergyTeleportation:
    """One round of Hotta's minimal QET protocol (module docstring).

    Parameters
    ----------
    h, k : float
        Local field and coupling (> 0).
    angle : float, optional
        Bob's rotation angle theta; default the optimum ``atan2(h k, h^2 + 2k^2) / 2``.

    Returns
    -------
    EnergyTeleportation

    Examples
    --------
    >>> result = energy_teleportation(1.0, 1.0)
    >>> round(result.bob_energy, 6), abs(result.local_limit) < 1e-8
    (0.114748, True)
    """
    h = positive_real(h, "h")
    k = positive_real(k, "k")
    theta = (
        0.5 * np.arctan2(h * k, h**2 + 2 * k**2) if angle is None else finite_real(angle, "angle")
    )
    xi = np.hypot(h, k)
    h_a = h * np.kron(_Z, _I) + h**2 / xi * np.eye(4)
    h_b = h * np.kron(_I, _Z) + h**2 / xi * np.eye(4)
    v = 2 * k * np.kron(_X, _X) + 2 * k**2 / xi * np.eye(4)
    energies, vectors = np.linalg.eigh(h_a + h_b + v)
    ground = vectors[:, 0]
    bob = h_b + v
    before = float(np.real(ground.conj() @ bob @ ground))
    after, alice = 0.0, 0.0
    for mu in (1.0, -1.0):
        projected = np.kron((_I + mu * _X) / 2, _I) @ ground
        alice += float(np.real(projected.conj() @ (h_a + h_b + v) @ projected))
        rotated = np.kron(_I, np.cos(theta) * _I - 1j * mu * np.sin(theta) * _Y) @ projected
        after += float(np.real(rotated.conj() @ bob @ rotated))

    def local_energy(params: np.ndarray) -> float:
        state = np.kron(_I, _rotation(params)) @ ground
        return float(np.real(state.conj() @ bob @ state))

    starts = np.random.default_rng(0).normal(size=(4, 3))
    best = min(minimize(local_energy, start, method="BFGS").fun for start in starts)
    return EnergyTeleportation(
        h=h,
        k=k,
        angle=float(theta),
        alice_energy=alice - float(energies[0]),
        bob_energy=before - after,
        local_limit=before - float(best),
        ground_state=ground,
    )
