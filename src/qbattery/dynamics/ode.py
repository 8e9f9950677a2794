"""Charging by numerical integration with QuTiP: any protocol lambda(t), closed or Lindblad.

``qutip.sesolve`` (closed, pure) or ``qutip.mesolve`` (mixed initial state or collapse
operators) with the stated tolerances. The Lindblad master equation is

    d rho/dt = -i[H(t), rho] + sum_j (L_j rho L_j^dagger - {L_j^dagger L_j, rho}/2)

(Lindblad, Commun. Math. Phys. 48, 119 (1976); review sec. 5). The power is evaluated exactly as
``Tr[L^dagger(H_B) rho]`` with the adjoint generator, not by differencing the energy.
"""

from __future__ import annotations

import numpy as np
import qutip
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.dynamics.observe import Observables, Request
from qbattery.operators import Operator, to_sparse

__all__ = ["evolve_ode"]


def _adjoint_generator_parts(battery: Battery, h_full: Operator) -> tuple[Operator, list, Operator]:
    """Pieces of ``L^dagger(H_B)``: i[H_0, H_B], i[H_k, H_B] per drive, and the dissipator."""
    h_b = to_sparse(h_full)

    def commutator(operator: Operator) -> sp.csr_matrix:
        op = to_sparse(operator)
        return sp.csr_matrix(1j * (op @ h_b - h_b @ op))

    dissipative = sp.csr_matrix(h_b.shape, dtype=np.complex128)
    for jump in battery.collapse_ops:
        jump = to_sparse(jump)
        jump_dag = jump.getH()
        number = jump_dag @ jump
        dissipative = dissipative + jump_dag @ h_b @ jump - 0.5 * (number @ h_b + h_b @ number)
    drives = [(commutator(op), f) for op, f in battery.hamiltonian.drives]
    return commutator(battery.hamiltonian.static), drives, sp.csr_matrix(dissipative)


def evolve_ode(
    battery: Battery,
    times: np.ndarray,
    request: Request,
    *,
    atol: float = 1e-12,
    rtol: float = 1e-10,
    nsteps: int = 1_000_000,
) -> Observables:
    """Integrate with QuTiP; states are stored on the grid and reduced to battery observables."""
    observables = Observables(battery, times, request)
    dims = list(battery.dims)
    hamiltonian = qutip.QobjEvo(battery.hamiltonian.to_qobj_list(dims))
    options = {"atol": atol, "rtol": rtol, "nsteps": nsteps, "progress_bar": False}
    grid = np.concatenate([[0.0], times]) if times[0] > 0 else times
    if battery.is_pure and not battery.collapse_ops:
        psi0 = qutip.Qobj(battery.initial_state, dims=[dims, [1] * len(dims)])
        states = qutip.sesolve(hamiltonian, psi0, grid, options=options).states
        rho = np.array([np.outer(s.full()[:, 0], np.conj(s.full()[:, 0])) for s in states])
    else:
        initial = battery.initial_state
        if initial.ndim == 1:
            initial = np.outer(initial, np.conj(initial))
        c_ops = [qutip.Qobj(c, dims=[dims, dims]) for c in battery.collapse_ops]
        rho0 = qutip.Qobj(initial, dims=[dims, dims])
        states = qutip.mesolve(hamiltonian, rho0, grid, c_ops=c_ops, options=options).states
        rho = np.array([s.full() for s in states])
    rho = rho[len(grid) - len(times) :]
    static, drives, dissipative = _adjoint_generator_parts(battery, observables.h_full)
    generators = []
    for t in times:
        generator = static + dissipative
        for commutator, protocol in drives:
            generator = generator + float(protocol(t)) * commutator
        generators.append(generator)
    observables.add_density_matrices(np.arange(len(times)), rho, generators)
    observables.finish()
    return observables
