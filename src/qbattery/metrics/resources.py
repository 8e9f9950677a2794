"""Quantum resources of battery states (review sec. 4): entropy, purity, entanglement, coherence.

One namespace (``qb.resources``) for the functions of :mod:`qbattery.metrics.entropy`,
:mod:`qbattery.metrics.entanglement` and :mod:`qbattery.metrics.coherence`:

    S(rho)  = -Tr[rho log rho]                   von Neumann entropy (0 log 0 = 0)
    P(rho)  = Tr[rho^2]                          purity
    I(A:B)  = S(rho_A) + S(rho_B) - S(rho_AB)    mutual information
    N(rho)  = (||rho^{T_A}||_1 - 1) / 2          negativity; E_N = log2 ||rho^{T_A}||_1
    C(rho)  = max(0, l_1 - l_2 - l_3 - l_4)      concurrence of two qubits
    C_l1, C_re                                   coherence in the eigenbasis of a Hamiltonian

Each function gives its formula with the source. All take states of shape ``(..., d, d)`` (or a
``qutip.Qobj``) and return a float array of the leading shape ``(...)``, with no loop over the
batch. With ``validate=True`` (the default) states are checked to be finite, Hermitian, of unit
trace and positive semidefinite.
"""

from qbattery.metrics.coherence import l1_coherence, relative_entropy_coherence
from qbattery.metrics.entanglement import (
    concurrence,
    log_negativity,
    negativity,
    partial_transpose,
)
from qbattery.metrics.entropy import (
    entanglement_entropy,
    mutual_information,
    purity,
    von_neumann_entropy,
)

__all__ = [
    "concurrence",
    "entanglement_entropy",
    "l1_coherence",
    "log_negativity",
    "mutual_information",
    "negativity",
    "partial_transpose",
    "purity",
    "relative_entropy_coherence",
    "von_neumann_entropy",
]
