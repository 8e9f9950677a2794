"""Exact Lindblad propagation for piecewise-constant open batteries.

On each constant piece of H(t) the master equation

    d rho/dt = L rho = -i[H, rho] + sum_j (L_j rho L_j^dagger - {L_j^dagger L_j, rho}/2)

(Lindblad, Commun. Math. Phys. 48, 119 (1976); Gorini, Kossakowski & Sudarshan, J. Math. Phys.
17, 821 (1976)) is solved as ``rho(t) = exp(L t) rho(0)`` by a Chebyshev expansion of the
exponential applied to Hermitian (d, d) matrices, in windows that share one recurrence among all
their grid times (:mod:`qbattery.dynamics.lindblad_chebyshev`: the formulas, the rigorous
truncation bound from the numerical range of L, and the choice of windows). There is no
integrator tolerance: each window is truncated where the bound falls below ``TRUNCATION`` and
the terms are kept below ``AMPLIFICATION``, so states are exact to about 1e-13. Batteries with
continuously varying protocols or repeated measurements use the ``ode`` method instead.

Cost model. :func:`estimated_costs` counts the operations of this method and of ``ode``
(QuTiP's Adams integrator) for a battery and grid, weighted by measured costs
(:data:`~qbattery.dynamics.lindblad_chebyshev.KERNEL_NS`, :data:`ODE_NS`), and
``method="auto"`` takes the cheaper (this one also whenever its estimate is below
``EXACT_BUDGET``). This method: per distinct generator its construction and
planning, per window ``K`` applications and the sums for its grid times
(:func:`~qbattery.dynamics.lindblad_chebyshev.window_cost`). ``ode``: about

    kappa(rtol) (a + b) T + ODE_NS["switch"] (switches)

right-hand-side evaluations (``a``, ``b`` the imaginary and real half-extents of the enclosure
of L's numerical range, T the duration), ``kappa = 8.3 (1e-8/rtol)^0.11`` fitted to QuTiP
5.3's ``mesolve`` on open XXZ chains (N = 3 to 7, T = 2 to 20, rtol 1e-8 and 1e-10; kappa 12
to 16 at the default rtol 1e-10), each costing a fixed part, a part per non-zero of the
``d^2 x d^2`` Liouvillian and a Python call per time-dependent drive. The counts depend on the
battery and the grid only: ``auto`` makes the same choice on a quiet and on a loaded machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import qutip
import scipy.sparse as sp
from scipy.sparse.linalg import expm_multiply

from qbattery.battery import Battery
from qbattery.blas_threads import single_threaded_blas
from qbattery.dynamics.lindblad_chebyshev import (
    KERNEL_NS,
    chebyshev_windows,
    generator_cost,
    planning_cost,
    window_length,
)
from qbattery.dynamics.lindblad_generator import HermitianGenerator, hermitian_generator
from qbattery.dynamics.method import Method, Options
from qbattery.dynamics.observe import Observables, Request
from qbattery.dynamics.ode import ODEOptions, adjoint_generator
from qbattery.linalg import density_matrix
from qbattery.memory import require_memory
from qbattery.operators import Operator, to_dense

__all__ = [
    "EXACT_BUDGET",
    "LINDBLAD",
    "ODE_NS",
    "TRUNCATION",
    "LindbladOptions",
    "estimated_costs",
    "evolve_lindblad",
    "liouvillian",
    "propagate",
]

#: Truncation bound of the Chebyshev expansion per window, relative to the state's
#: Hilbert-Schmidt norm (at most 1).
TRUNCATION = 1e-14

#: Estimated nanoseconds below which ``method="auto"`` keeps this exact method even when the
#: integrator is estimated cheaper: a few milliseconds do not buy back a tolerance.
EXACT_BUDGET = 1e8

#: Relative spacing error below which a time grid counts as uniform (one expm_multiply call
#: then serves every point).
_UNIFORM = 1e-12

#: Measured costs of QuTiP's ``mesolve`` in nanoseconds (as ``KERNEL_NS``; fitted to the
#: right-hand-side evaluations counted on qubits, damped oscillators and XXZ chains of d = 2
#: to 128): per evaluation ``evaluation`` fixed (the Python callback, the Adams update),
#: ``nonzero`` per non-zero of the Liouvillian (its product and the integrator's vector work,
#: which grows alike) and ``drive`` per time-dependent drive (its Python coefficient);
#: ``switch`` extra evaluations per switching time (the step control restarting after a jump),
#: ``output`` per stored entry and grid time, ``setup`` once.
ODE_NS: dict[str, float] = {
    "evaluation": 2e4,
    "nonzero": 6.5,
    "drive": 6e4,
    "switch": 120.0,
    "output": 2.0,
    "setup": 2e6,
}


@dataclass(frozen=True)
class LindbladOptions(Options):
    """``method="lindblad"`` has no options: the expansion is truncated below ``TRUNCATION``.

    Examples
    --------
    >>> from qbattery.dynamics.lindblad import LindbladOptions
    >>> LindbladOptions().as_dict()
    {}
    """


def liouvillian(
    hamiltonian: Operator, collapse_ops: Sequence[Operator], dims: Sequence[int]
) -> sp.csr_matrix:
    """The Lindblad generator as a sparse ``(d**2, d**2)`` matrix acting on column-stacked
    ``vec(rho)`` (``qutip.liouvillian``).

    Examples
    --------
    Amplitude damping of a qubit: ``d rho_ee/dt = -rho_ee`` (column stacking, ``rho_ee`` last):

    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad import liouvillian
    >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> generator = liouvillian(np.zeros((2, 2)), [lower], [2])
    >>> generator.toarray().real.diagonal()
    array([ 0. , -0.5, -0.5, -1. ])
    """
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
    """``exp(generator t) rho`` for each ``t`` in ``times`` (non-negative, increasing), by
    SciPy's ``expm_multiply`` (Al-Mohy & Higham, SIAM J. Sci. Comput. 33, 488 (2011)).

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

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad import liouvillian, propagate
    >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> generator = liouvillian(np.zeros((2, 2)), [lower], [2])
    >>> states = propagate(generator, np.diag([0.0, 1.0]).astype(complex), np.array([0.0, 1.0]))
    >>> round(float(states[-1][1, 1].real), 10), round(float(np.exp(-1)), 10)
    (0.3678794412, 0.3678794412)
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


def _amplitudes(battery: Battery, start: float, end: float) -> tuple[float, ...]:
    """The drive amplitudes on the constant piece ``[start, end]`` (its identity)."""
    middle = 0.5 * (start + end)
    return tuple(float(protocol(middle)) for _, protocol in battery.hamiltonian.drives)


def _generators(
    battery: Battery, t_end: float
) -> list[tuple[float, float, Operator, HermitianGenerator]]:
    """The constant pieces ``(start, end, H, generator)``, one generator per distinct H."""
    built: dict[tuple[float, ...], HermitianGenerator] = {}
    pieces = []
    for start, end, hamiltonian in battery.hamiltonian.segments(t_end):
        key = _amplitudes(battery, start, end)
        if key not in built:
            built[key] = hermitian_generator(hamiltonian, battery.collapse_ops)
        pieces.append((start, end, hamiltonian, built[key]))
    return pieces


def evolve_lindblad(
    battery: Battery, times: np.ndarray, request: Request, options: LindbladOptions
) -> Observables:
    """Charging curves of an open battery with a piecewise-constant Hamiltonian.

    Each constant piece is propagated exactly from the state at its start, window by window;
    the power is ``Tr[L^dagger(H_B) rho]`` with the adjoint generator of that piece. A grid
    time at a switching time belongs to the piece starting there (its state is continuous, its
    power that of the new piece).

    The d x d products run on single-threaded BLAS (:mod:`qbattery.blas_threads`): at the sizes
    this solver takes (d <= ``LINDBLAD_LIMIT``) threads gain little on a quiet machine and
    stall on a busy one (the issue's XXZ case, d = 256: 12.1x ``mesolve`` with one thread,
    1.04x with OpenBLAS's default on a loaded two-core machine).

    Examples
    --------
    An excited qubit decaying at rate 1 keeps ``e^{-t}`` of its energy (units of omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.lindblad import LindbladOptions, evolve_lindblad
    >>> from qbattery.dynamics.observe import Request
    >>> hb = np.diag([0.0, 1.0])
    >>> leaky = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
    >>> curves = evolve_lindblad(leaky, np.array([0.0, 1.0]), Request(), LindbladOptions())
    >>> np.round(curves.energy, 10), round(float(np.exp(-1)), 10)
    (array([1.        , 0.36787944]), 0.3678794412)
    """
    observables = Observables(battery, times, request)
    rho = density_matrix(battery.initial_state).astype(np.complex128)
    pieces = _generators(battery, float(times[-1]))
    with single_threaded_blas():
        for number, (start, end, hamiltonian, generator) in enumerate(pieces):
            last = number == len(pieces) - 1
            inside = np.flatnonzero((times >= start) & ((times < end) | last))
            power = None
            if inside.size:
                power = to_dense(adjoint_generator(battery, hamiltonian, observables.h_full))
            relative = times[inside] - start
            windows = chebyshev_windows(generator, rho, relative, end - start, TRUNCATION)
            for where, states in windows:
                if where.size:
                    observables.add_density_matrices(inside[where], states, [power] * where.size)
                else:
                    rho = states[0]
        observables.finish()
    return observables


def _ode_evaluations(generator: HermitianGenerator, duration: float, rtol: float) -> float:
    """Right-hand-side evaluations of QuTiP's Adams integrator over ``duration`` (fitted)."""
    kappa = 8.3 * (1e-8 / rtol) ** 0.11
    extent = generator.imaginary_bound + generator.half_width
    return kappa * extent * duration


def _liouvillian_nonzeros(generator: HermitianGenerator) -> int:
    """Non-zeros of the ``d^2 x d^2`` Liouvillian QuTiP integrates: ``H_eff (x) 1``,
    ``1 (x) H_eff^*`` and ``L (x) L^*`` per jump operator."""
    d = generator.dimension
    effective = (generator.hamiltonian - 0.5j * generator.number).nnz
    dense_jumps = sum(op.nnz**2 for op in generator.products)
    return 2 * d * effective + generator.jump_nonzeros + dense_jumps


def estimated_costs(
    battery: Battery, times: np.ndarray, ode_options: ODEOptions | None = None
) -> dict[str, float]:
    """Estimated nanoseconds of ``method="lindblad"`` and ``method="ode"`` for this battery on
    this grid (module docstring): operation counts times measured costs, no timing.

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> chain = qb.models.xxz_chain(6, 0.2, 0.5)
    >>> battery = qb.local_noise(chain, emission=0.05, temperature=0.5)
    >>> costs = estimated_costs(battery, np.linspace(0, 20, 201))
    >>> bool(costs["lindblad"] < costs["ode"])
    True
    """
    rtol = (ode_options or ODEOptions()).rtol
    grid = np.asarray(times, dtype=float)
    d = battery.dimension
    drives = len(battery.hamiltonian.drives)
    lindblad = 0.0
    ode = ODE_NS["setup"] + ODE_NS["output"] * grid.size * d * d
    built: dict[tuple[float, ...], HermitianGenerator] = {}
    planned: set[tuple[tuple[float, ...], float]] = set()
    for start, end, hamiltonian in battery.hamiltonian.segments(float(grid[-1])):
        key = _amplitudes(battery, start, end)
        if key not in built:
            built[key] = hermitian_generator(hamiltonian, battery.collapse_ops, build=False)
            lindblad += generator_cost(built[key])
        generator = built[key]
        if (key, round(end - start, 12)) not in planned:
            planned.add((key, round(end - start, 12)))
            lindblad += planning_cost(generator, end - start)
        points = int(np.count_nonzero((grid >= start) & (grid <= end)))
        lindblad += (
            KERNEL_NS["piece"] + window_length(generator, end - start, points, TRUNCATION)[1]
        )
        per_evaluation = (
            ODE_NS["evaluation"]
            + ODE_NS["nonzero"] * _liouvillian_nonzeros(generator)
            + ODE_NS["drive"] * drives
        )
        ode += _ode_evaluations(generator, end - start, rtol) * per_evaluation
        if start > 0.0:
            ode += ODE_NS["switch"] * per_evaluation
    return {"lindblad": lindblad, "ode": ode}


#: d x d matrices the Chebyshev expansion works with besides the kept states.
_WORK_VECTORS = 8


def _check_lindblad_memory(battery: Battery, points: int) -> None:
    d = battery.dimension
    per_state = 16.0 * d * d
    # a window keeps at most 256 MiB of states; the expansion works with a few more matrices
    kept = min(points, max(1, int(2**28 / per_state)))
    require_memory(
        per_state * (kept + _WORK_VECTORS),
        "battery",
        f"the density matrices of dimension {d} (method 'lindblad')",
        "use a smaller battery, or method='ode'",
    )


LINDBLAD = Method(
    "lindblad",
    evolve_lindblad,
    LindbladOptions,
    collapse_ops=True,
    check_memory=_check_lindblad_memory,
)
