"""Independent references for the light-matter tests: QuTiP Hamiltonians in QuTiP's own basis
(``basis(2, 0)`` excited), Dicke states built by symmetrising product states, dense propagation.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import qutip
import scipy.sparse as sp
from scipy.linalg import expm

import qbattery as qb
from qbattery.battery import Battery


def dense(operator: object) -> np.ndarray:
    return operator.toarray() if sp.issparse(operator) else np.asarray(operator)


def qutip_dicke_states(n: int) -> np.ndarray:
    """Columns: Dicke states with k = 0..n excitations in QuTiP's qubit basis (0 = excited)."""
    columns = np.zeros((2**n, n + 1))
    for bits in itertools.product([0, 1], repeat=n):
        excited = bits.count(0)
        columns[int("".join(map(str, bits)), 2), excited] = 1 / math.sqrt(math.comb(n, excited))
    return columns


def qutip_collective(n: int, single: qutip.Qobj) -> qutip.Qobj:
    """sum_i single^i on n qubits."""
    identity = qutip.qeye(2)
    return sum(
        qutip.tensor([single if i == site else identity for i in range(n)]) for site in range(n)
    )


def qutip_light_matter(
    n: int, lam: float, omega_c: float, omega_a: float, cutoff: int, *, rotating_wave: bool
) -> np.ndarray:
    """Full-space H of N atoms and one mode, with Pauli sums as in the review's eq. 32/33."""
    a = qutip.tensor(qutip.destroy(cutoff + 1), qutip.qeye([2] * n))
    atoms = [qutip.qeye(cutoff + 1)]

    def collective(single: qutip.Qobj) -> qutip.Qobj:
        return qutip.tensor(*atoms, qutip_collective(n, single))

    sz, sx = collective(qutip.sigmaz()), collective(qutip.sigmax())
    sp_, sm = collective(qutip.sigmap()), collective(qutip.sigmam())
    # omega_0 = omega_a / 2 and g = omega_c lambda in the review's notation.
    h = omega_c * a.dag() * a + (omega_a / 2) * sz
    if rotating_wave:
        h += omega_c * lam * (sp_ * a + sm * a.dag())
    else:
        h += omega_c * lam * sx * (a + a.dag())
    return h.full()


def embedding(n: int, cutoff: int) -> np.ndarray:
    return np.kron(np.eye(cutoff + 1), qutip_dicke_states(n))


def atom_energy(battery: Battery, times: np.ndarray) -> np.ndarray:
    """<H_B>(t) by dense exponentiation."""
    h = dense(battery.hamiltonian.static)
    n_photons = battery.dims[0]
    h_b = np.kron(np.eye(n_photons), dense(battery.battery_hamiltonian))
    values = []
    for t in times:
        psi = expm(-1j * h * t) @ battery.initial_state
        values.append(np.real(np.conj(psi) @ h_b @ psi))
    return np.array(values)


def qubits(n: int, single: qutip.Qobj, *before: int) -> qutip.Qobj:
    """sum_i single^i on n qubits after identity factors of the given dimensions."""
    head = [qutip.qeye(d) for d in before]
    return sum(
        qutip.tensor(*head, *[single if i == s else qutip.qeye(2) for i in range(n)])
        for s in range(n)
    )


def flip_qubits(matrix: np.ndarray, modes_dimension: int, n_qubits: int) -> np.ndarray:
    flip = np.kron(np.eye(modes_dimension), np.eye(2**n_qubits)[::-1])
    return flip @ matrix @ flip


def battery_energy(battery: qb.Battery, times: np.ndarray) -> np.ndarray:
    h = dense(battery.hamiltonian.static)
    h_b_local = dense(battery.battery_hamiltonian)
    h_b = np.kron(np.eye(battery.dimension // h_b_local.shape[0]), h_b_local)
    psi0 = battery.initial_state
    return np.array(
        [np.real(np.conj(p) @ h_b @ p) for p in (expm(-1j * h * t) @ psi0 for t in times)]
    )


def chain_populations(k: float, g: float, times: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    w = math.hypot(k, g)
    middle = (k / w * np.sin(w * times)) ** 2
    last = (k * g / w**2 * (np.cos(w * times) - 1)) ** 2
    return middle, last
