"""Collision models: the system meets a stream of ancillas, with memory through ancilla collisions.

Step n (duration ``tau``): the system S (charger and battery, or the battery alone) and the
ancilla ``A_n`` evolve together under

    U = exp(-i tau (H (x) 1 + 1 (x) H_A + V)),

``V`` the system-ancilla interaction. Then ``A_n`` collides with the fresh ancilla ``A_{n+1}``
(state ``eta``): with probability ``p`` the two are swapped, otherwise nothing happens, and
``A_n`` leaves (review Fig. 5; Ciccarello, Palma & Giovannetti, PRA 87, 040103 (2013);
McCloskey & Paternostro, PRA 89, 052120 (2014); Morrone, Rossi, Smirne & Genoni, Quantum Sci.
Technol. 8, 035007 (2023) for a battery). Tracing out ``A_n`` after the probabilistic SWAP
leaves the joint state of S and the next ancilla as

    rho_{S A_{n+1}} = (1 - p) Tr_A[rho_{S A_n}] (x) eta + p rho_{S A_n},

so only a ``d d_A`` space is ever needed. ``p = 0`` is memoryless: every step is the same CPTP
map on S, and with ``V = sqrt(gamma / tau) (L (x) b^dagger + L^dagger (x) b)`` on ancillas in
their ground state it tends, as ``tau -> 0``, to the Lindblad equation with jump operator
``sqrt(gamma) L``. ``p = 1`` keeps the same ancilla for ever (unitary S-A dynamics).

Charging by collisions: ancillas prepared in a charged (excited or coherent) state hand their
energy to the battery one by one (Seah, Perarnau-Llobet, Haack, Brunner & Nimmrichter,
PRL 127, 100601 (2021)); the same function gives a battery in a dissipative environment with
memory (Morrone et al.).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.linalg import expm

from qbattery.linalg import reduced_state
from qbattery.operators import as_operator, to_dense
from qbattery.validation import finite_real

__all__ = ["collide", "exchange_interaction"]


def exchange_interaction(
    system_lowering: Any, ancilla_lowering: Any, coupling: float
) -> np.ndarray:
    """``V = g (L (x) b^dagger + L^dagger (x) b)``: excitation exchange, shape (d d_A, d d_A).

    ``L`` lowers the system (on its whole state space), ``b`` the ancilla; for two qubits a
    partial SWAP in the single-excitation sector, ``exp(-i tau V)`` a full SWAP at
    ``g tau = pi / 2``.

    Examples
    --------
    >>> import numpy as np
    >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> exchange_interaction(lower, lower, 1.0).real.astype(int)[1:3, 1:3].tolist()
    [[0, 1], [1, 0]]
    """
    system = to_dense(as_operator(system_lowering, "system_lowering", hermitian=False))
    ancilla = to_dense(as_operator(ancilla_lowering, "ancilla_lowering", hermitian=False))
    g = finite_real(coupling, "coupling")
    term = np.kron(system, np.conj(ancilla.T))
    return g * (term + np.conj(term.T))


def collide(
    hamiltonian: np.ndarray,
    system_state: np.ndarray,
    ancilla_state: np.ndarray,
    interaction: np.ndarray,
    ancilla_hamiltonian: np.ndarray,
    *,
    collision_time: float,
    n_collisions: int,
    memory: float,
) -> np.ndarray:
    """System states after each of ``n_collisions`` collisions (module docstring), (n + 1, d, d).

    Inputs are checked by the caller (:func:`qbattery.collision_charging`): dense ``H`` (d, d),
    ``rho_S(0)`` and ``eta`` density matrices, ``V`` (d d_A, d d_A), ``H_A`` (d_A, d_A),
    ``tau > 0``, ``p`` in [0, 1].

    Examples
    --------
    A full SWAP (``g t = pi/2``) with an excited ancilla excites the system at the first collision:

    >>> import numpy as np
    >>> from qbattery.dynamics.collision import collide, exchange_interaction
    >>> lower, hb = np.array([[0.0, 1.0], [0.0, 0.0]]), np.diag([0.0, 1.0])
    >>> states = collide(hb, np.diag([1.0, 0.0]), np.diag([0.0, 1.0]),
    ...                  exchange_interaction(lower, lower, 1.0), hb,
    ...                  collision_time=np.pi / 2, n_collisions=2, memory=0.0)
    >>> np.round([state[1, 1].real for state in states], 12)
    array([0., 1., 1.])
    """
    d, d_a = system_state.shape[0], ancilla_state.shape[0]
    total = (
        np.kron(hamiltonian, np.eye(d_a)) + np.kron(np.eye(d), ancilla_hamiltonian) + interaction
    )
    unitary = expm(-1j * collision_time * total)
    joint = np.kron(system_state, ancilla_state)
    systems = np.empty((n_collisions + 1, d, d), dtype=complex)
    systems[0] = system_state
    for n in range(1, n_collisions + 1):
        joint = unitary @ joint @ np.conj(unitary.T)
        reduced = reduced_state(joint, [d, d_a], 0)
        systems[n] = reduced
        joint = (1 - memory) * np.kron(reduced, ancilla_state) + memory * joint
    return systems
