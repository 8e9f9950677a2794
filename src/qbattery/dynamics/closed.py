"""Closed-system charging with exact propagators: spectral and Chebyshev.

``H(t)`` must be piecewise constant (a static Hamiltonian, :class:`~qbattery.protocols.Step`,
:class:`~qbattery.protocols.Piecewise`). On each constant piece the initial kets are expanded
once and every grid time inside the piece is read off the expansion (Gram matrices), so the cost
does not grow with the density of the time grid. A mixed initial state is propagated as the
mixture of its eigenvectors.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.dynamics.expansion import (
    ChebyshevPropagator,
    SpectralPropagator,
    chebyshev_order,
)
from qbattery.dynamics.method import Method, Options, option
from qbattery.dynamics.observe import Observables, Request, observation_cost
from qbattery.dynamics.phase_free import (
    ROWS_BYTES,
    applies,
    evolve_phase_free,
    window_costs,
    window_operations,
)
from qbattery.dynamics.row_buffer import RowBuffer
from qbattery.memory import available_memory, require_memory
from qbattery.operators import Operator, nonzeros
from qbattery.validation import positive_int, positive_real

__all__ = [
    "CHEBYSHEV",
    "SPECTRAL",
    "ChebyshevOptions",
    "SpectralOptions",
    "estimated_costs",
    "evolve_chebyshev",
    "evolve_spectral",
]

#: Relative cost of a sparse product per non-zero against a dense (BLAS-3) multiply-add, and
#: the fixed cost of one window in the same units: rough calibrations on two cores, used only
#: to choose window lengths (results do not depend on them).
_SPARSE_WEIGHT = 10.0
_WINDOW_OVERHEAD = 1e7

#: Eigen-components of a mixed initial state below this weight are dropped (they cannot change
#: any observable by more than this relative amount).
_WEIGHT_CUTOFF = 1e-14


@dataclass(frozen=True)
class SpectralOptions(Options):
    """``method="spectral"`` has no options: the eigendecomposition is exact.

    Examples
    --------
    >>> from qbattery.dynamics.closed import SpectralOptions
    >>> SpectralOptions().as_dict()
    {}
    """


@dataclass(frozen=True)
class ChebyshevOptions(Options):
    """Options of ``method="chebyshev"``.

    Attributes
    ----------
    tol : float
        Truncation of the expansion: terms with ``|J_k(w t)| < tol`` are dropped.
    max_memory : int
        Bytes one window's basis of Chebyshev vectors may take.

    Examples
    --------
    >>> from qbattery.dynamics.closed import ChebyshevOptions
    >>> ChebyshevOptions().tol
    1e-12
    """

    tol: float = option(1e-12, positive_real)
    max_memory: int = option(4 * 2**30, positive_int)


def _components(battery: Battery) -> list[tuple[float, np.ndarray]]:
    if battery.is_pure:
        return [(1.0, battery.initial_state)]
    weights, vectors = np.linalg.eigh(battery.initial_state)
    return [(float(w), vectors[:, i]) for i, w in enumerate(weights) if w > _WEIGHT_CUTOFF]


def _run(
    battery: Battery,
    times: np.ndarray,
    request: Request,
    make_windows: Callable[[Operator, float, float, np.ndarray], list[tuple[float, float, Any]]],
) -> Observables:
    """Walk the constant pieces and their windows; ``make_windows`` builds the propagators."""
    observables = Observables(battery, times, request)
    h_full = observables.h_full
    kets = [(w, psi, h_full @ psi) for w, psi in _components(battery)]
    buffers = [(RowBuffer(), RowBuffer()) for _ in kets]  # each ket's vectors, and its partner's
    for start, end, hamiltonian in battery.hamiltonian.segments(float(times[-1])):
        in_piece = times[(times >= start) & (times <= end)]
        for w_start, w_end, propagator in make_windows(hamiltonian, start, end, in_piece):
            last = w_end == times[-1]
            inside = np.nonzero((times >= w_start) & ((times < w_end) | last))[0]
            relative = times[inside] - w_start
            length = w_end - w_start
            advanced = []
            for (weight, psi, partner_ket), (rows, partner_rows) in zip(kets, buffers, strict=True):
                expansion = propagator.expansion(psi, length, buffer=rows)
                partner = (
                    propagator.expansion(partner_ket, length, buffer=partner_rows)
                    if request.correlator
                    else None
                )
                end_state = None
                if inside.size:
                    end_state = observables.add_expansion(
                        inside, relative, weight, expansion, hamiltonian, partner, end=length
                    )
                advanced.append(
                    (
                        weight,
                        expansion.state(length) if end_state is None else end_state,
                        partner.state(length) if partner is not None else partner_ket,
                    )
                )
            kets = advanced
    observables.finish()
    return observables


def evolve_spectral(
    battery: Battery, times: np.ndarray, request: Request, options: SpectralOptions
) -> Observables:
    """Dense eigendecomposition of each constant piece of H(t); exact at every time.

    Examples
    --------
    The same ``sin^2 t`` (units of omega), and the power ``sin 2t``:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.closed import SpectralOptions, evolve_spectral
    >>> from qbattery.dynamics.observe import Request
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
    >>> curves = evolve_spectral(qubit, np.array([0.0, np.pi / 4]), Request(), SpectralOptions())
    >>> np.round(curves.energy, 12), np.round(curves.power, 12)
    (array([0. , 0.5]), array([0., 1.]))
    """

    def windows(
        hamiltonian: Operator, start: float, end: float, grid: np.ndarray
    ) -> list[tuple[float, float, Any]]:
        return [(start, end, SpectralPropagator(hamiltonian))]

    return _run(battery, times, request, windows)


def _points_per_window(
    n: int,
    length: float,
    order_of: Callable[[float], int],
    costs: Callable[[int, int], float],
    max_order: int,
) -> tuple[float, int]:
    """Best number p of grid points per window (powers of two) and the estimated total cost."""
    best: tuple[float, int] = (np.inf, 1)
    p = 1
    while n:
        count = -(-n // p)
        order = order_of(length / count)
        total = count * costs(order, p)
        if order <= max_order and total < best[0]:
            best = (total, p)
        if p >= n:
            break
        p *= 2
    return best


def _grid_windows(
    start: float,
    end: float,
    grid: np.ndarray,
    propagator: ChebyshevPropagator,
    costs: Callable[[int, int], float],
    max_order: int,
) -> list[float]:
    """Window edges on ``[start, end]``: every p-th grid point, p chosen by ``costs``.

    ``costs(order, points)`` estimates the work of one window with that many Chebyshev terms and
    grid points. Long windows share one basis among many points (good when the grid is dense
    relative to the spectral width); short ones keep the basis small (good when it is sparse).
    Windows whose basis would exceed ``max_order`` kets are split further.
    """
    _, step = _points_per_window(len(grid), end - start, propagator.order, costs, max_order)
    inner = [float(t) for t in grid[step::step] if start < t < end]
    edges = [start, *inner, end]
    refined = [start]
    for a, b in pairwise(edges):
        pieces = 1
        while propagator.order((b - a) / pieces) > max_order:
            pieces *= 2
        refined += list(np.linspace(a, b, pieces + 1)[1:])
    return refined


def _window_costs(nnz: int, d: int, nnz_b: int) -> Callable[[int, int], float]:
    """Estimated work of one Chebyshev window: recurrence, overhead and observables."""

    def costs(order: int, points: int) -> float:
        recurrence = _SPARSE_WEIGHT * order * (nnz + d)
        return _WINDOW_OVERHEAD + recurrence + observation_cost(order, points, d, nnz_b)[0]

    return costs


def estimated_costs(
    battery: Battery, times: np.ndarray, tol: float = ChebyshevOptions.tol
) -> dict[str, float]:
    """Operation counts of the spectral and Chebyshev solvers for this battery and grid.

    Spectral: ``d^3`` per constant piece plus its observables; Chebyshev: the best windowing
    of :func:`evolve_chebyshev`, with the spectral width from Gershgorin discs (cheap, within a
    factor of two of the Lanczos bounds the solver uses), costed as the phase-free path
    (:func:`qbattery.dynamics.phase_free.window_operations`) when it applies.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.closed import estimated_costs
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
    >>> sorted(estimated_costs(qubit, np.linspace(0.0, 1.0, 11)))
    ['chebyshev', 'spectral']
    """
    h_b = battery.battery_hamiltonian_full()
    nnz_b = nonzeros(h_b)
    phase_free = applies(battery, Request())
    spectral = chebyshev = 0.0
    for start, end, hamiltonian in battery.hamiltonian.segments(float(times[-1])):
        sparse = sp.csr_matrix(hamiltonian)
        d = sparse.shape[0]
        n = int(np.count_nonzero((times >= start) & (times <= end)))
        spectral += float(d) ** 3 + observation_cost(d, n, d, nnz_b)[0]
        radius = float(np.max(np.asarray(abs(sparse).sum(axis=1)), initial=0.0))
        chebyshev += _points_per_window(
            n,
            end - start,
            partial(chebyshev_order, radius, tol=tol),
            (
                window_operations(sparse.nnz, d)
                if phase_free
                else _window_costs(sparse.nnz, d, nnz_b)
            ),
            max_order=2**62,
        )[0]
    return {"spectral": spectral, "chebyshev": chebyshev}


def evolve_chebyshev(
    battery: Battery, times: np.ndarray, request: Request, options: ChebyshevOptions
) -> Observables:
    """Chebyshev expansion of each constant piece, in windows chosen by an operation count.

    A window of length L needs ``K ~ w L + O((w L)^(1/3))`` sparse products with H (w: half
    the spectral range) and a basis of K kets that must fit in ``options.max_memory`` bytes
    (terms below ``options.tol`` dropped). Per window,
    the observables cost ``min(K nnz_B + 2 K^2 d + n K^2, 2 n K d)`` (Gram matrices or kets,
    see :meth:`~qbattery.dynamics.observe.Observables.add_expansion`); the window length
    minimising the total is used.

    Examples
    --------
    A qubit driven by ``sigma_x`` from ``|g>`` holds ``sin^2 t`` (units of omega): 0.5 at
    ``t = pi/4`` and 1 at ``t = pi/2``:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.closed import ChebyshevOptions, evolve_chebyshev
    >>> from qbattery.dynamics.observe import Request
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
    >>> curves = evolve_chebyshev(qubit, np.array([0.0, np.pi / 4, np.pi / 2]), Request(),
    ...                           ChebyshevOptions())
    >>> np.round(curves.energy, 10)
    array([0. , 0.5, 1. ])
    """
    h_b = battery.battery_hamiltonian_full()
    nnz_b = nonzeros(h_b)
    phase_free = applies(battery, request)

    def windows(
        hamiltonian: Operator, start: float, end: float, grid: np.ndarray
    ) -> list[tuple[float, float, Any]]:
        sparse = sp.csr_matrix(hamiltonian)
        d = sparse.shape[0]
        real = not np.any(sparse.data.imag)
        bytes_per_ket = d * (8 if real else 16) * (2 if request.correlator else 1) * 3
        max_order = max(64, int(options.max_memory // bytes_per_ket))
        if phase_free:  # its rows are held per window (and per worker)
            max_order = min(max_order, max(64, ROWS_BYTES // (16 * d)))
        propagator = ChebyshevPropagator(sparse, tol=options.tol)
        costs = window_costs(sparse.nnz, d) if phase_free else _window_costs(sparse.nnz, d, nnz_b)
        edges = _grid_windows(start, end, grid, propagator, costs, max_order)
        return [(a, b, propagator) for a, b in pairwise(edges)]

    if phase_free:
        return evolve_phase_free(battery, times, request, windows)
    return _run(battery, times, request, windows)


#: Bytes per squared dimension of a dense complex eigendecomposition: H, its eigenvectors and
#: LAPACK's workspace (``zheevd`` needs about two more d x d arrays).
_EIGH_BYTES = 4 * 16


def _check_spectral_memory(battery: Battery, points: int) -> None:
    d = battery.dimension
    largest = int(math.sqrt(available_memory() / _EIGH_BYTES))
    require_memory(
        _EIGH_BYTES * float(d) ** 2,
        "battery",
        f"the dense eigendecomposition of dimension {d} (method 'spectral')",
        f"the largest dimension that fits is about {largest}; use method='chebyshev' (or "
        "'auto'), which keeps H sparse",
    )


SPECTRAL = Method(
    "spectral",
    evolve_spectral,
    SpectralOptions,
    correlator=True,
    check_memory=_check_spectral_memory,
)
CHEBYSHEV = Method("chebyshev", evolve_chebyshev, ChebyshevOptions, correlator=True)
