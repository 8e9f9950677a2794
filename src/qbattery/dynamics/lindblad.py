"""Exact Lindblad propagation for piecewise-constant open batteries.

On each constant piece of H(t) the master equation

    d rho/dt = L rho = -i[H, rho] + sum_j (L_j rho L_j^dagger - {L_j^dagger L_j, rho}/2)

(Lindblad, Commun. Math. Phys. 48, 119 (1976); Gorini, Kossakowski & Sudarshan, J. Math. Phys.
17, 821 (1976)) is solved as ``vec(rho(t)) = exp(L t) vec(rho(0))`` with the Liouvillian built
by QuTiP (column stacking) and applied by SciPy's ``expm_multiply`` (Al-Mohy & Higham, SIAM J.
Sci. Comput. 33, 488 (2011)): no integrator tolerance, the state at any time is exact to
rounding. Batteries with continuously varying protocols or repeated measurements use the
``ode`` method instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import qutip
import scipy.sparse as sp
from scipy.sparse.linalg import expm_multiply

from qbattery.battery import Battery
from qbattery.dynamics.method import Method, Options
from qbattery.dynamics.observe import Observables, Request
from qbattery.dynamics.ode import adjoint_generator
from qbattery.linalg import density_matrix
from qbattery.memory import available_memory, require_memory
from qbattery.operators import Operator

__all__ = ["LINDBLAD", "LindbladOptions", "evolve_lindblad", "liouvillian", "propagate"]

#: Relative spacing error below which a time grid counts as uniform (one expm_multiply call
#: then serves every point).
_UNIFORM = 1e-12


@dataclass(frozen=True)
class LindbladOptions(Options):
    """``method="lindblad"`` has no options: ``expm_multiply`` is exact to rounding."""


def liouvillian(
    hamiltonian: Operator, collapse_ops: Sequence[Operator], dims: Sequence[int]
) -> sp.csr_matrix:
    """The Lindblad generator as a sparse ``(d**2, d**2)`` matrix acting on column-stacked
    ``vec(rho)`` (``qutip.liouvillian``)."""
    qdims = [list(dims), list(dims)]
    generator = qutip.liouvillian(
        qutip.Qobj(hamiltonian, dims=qdims), [qutip.Qobj(c, dims=qdims) for c in collapse_ops]
    )
    return sp.csr_matrix(generator.to("csr").data.as_scipy())


def _vec(rho: np.ndarray) -> np.ndarray:
    return rho.reshape(-1, order="F")


def _unvec(vectors: np.ndarray, d: int) -> np.ndarray:
    """Column-stacked vectors (n, d**2) back to matrices (n, d, d)."""
    return np.transpose(vectors.reshape(-1, d, d), (0, 2, 1))


def propagate(generator: sp.csr_matrix, rho: np.ndarray, times: np.ndarray) -> np.ndarray:
    """``exp(generator t) rho`` for each ``t`` in ``times`` (non-negative, increasing).

    Parameters
    ----------
    generator : sparse (d**2, d**2)
        A Liouvillian from :func:`liouvillian`.
    rho : array (d, d)
        The state at time 0.
    times : array (n,)

    Returns
    -------
    array (n, d, d)
    """
    d = rho.shape[0]
    vector = _vec(np.asarray(rho, dtype=complex))
    if times.size == 0:
        return np.empty((0, d, d), dtype=complex)
    distinct, where = np.unique(times, return_inverse=True)  # a repeated time is computed once
    steps = np.diff(distinct)
    uniform = distinct.size > 2 and np.ptp(steps) <= _UNIFORM * max(float(distinct[-1]), 1.0)
    if uniform:
        first = distinct[0]
        start = vector if first == 0 else expm_multiply(generator * first, vector)
        vectors = np.asarray(
            expm_multiply(generator, start, start=0.0, stop=distinct[-1] - first, num=distinct.size)
        )
    else:
        vectors = np.empty((distinct.size, d * d), dtype=complex)
        previous = 0.0
        for i, t in enumerate(distinct):
            if t > previous:
                vector = expm_multiply(generator * (t - previous), vector)
            vectors[i] = vector
            previous = float(t)
    return _unvec(vectors[where], d)


def evolve_lindblad(
    battery: Battery, times: np.ndarray, request: Request, options: LindbladOptions
) -> Observables:
    """Charging curves of an open battery with a piecewise-constant Hamiltonian.

    Each constant piece is propagated exactly from the state at its start; the power is
    ``Tr[L^dagger(H_B) rho]`` with the adjoint generator of that piece (at a switching time,
    that of the piece starting there).
    """
    observables = Observables(battery, times, request)
    dims = battery.space_dims
    state = battery.initial_state
    rho = density_matrix(state)
    for start, end, hamiltonian in battery.hamiltonian.segments(float(times[-1])):
        inside = np.flatnonzero((times >= start) & (times <= end))
        generator = liouvillian(hamiltonian, battery.collapse_ops, dims)
        grid = np.concatenate([times[inside] - start, [end - start]])
        states = propagate(generator, rho, grid)
        if inside.size:
            power = adjoint_generator(battery, hamiltonian, observables.h_full)
            observables.add_density_matrices(inside, states[:-1], [power] * inside.size)
        rho = states[-1]
    observables.finish()
    return observables


#: Vectors of length d**2 that ``expm_multiply`` works with besides the kept states.
_WORK_VECTORS = 8


def _check_lindblad_memory(battery: Battery, points: int) -> None:
    d = battery.dimension
    per_time = 16.0 * d * d  # one density matrix per grid time, kept for the observables
    largest = int(available_memory() / per_time) - _WORK_VECTORS
    require_memory(
        per_time * (points + _WORK_VECTORS),
        "times",
        f"the density matrices at {points} times of dimension {d} (method 'lindblad')",
        f"at most about {max(largest, 0)} times fit; pass a coarser grid",
    )


LINDBLAD = Method(
    "lindblad",
    evolve_lindblad,
    LindbladOptions,
    collapse_ops=True,
    check_memory=_check_lindblad_memory,
)
