"""Closed charging of a pure state under a real Hamiltonian: real expansions, observed in parallel.

The Chebyshev path of :func:`qbattery.dynamics.closed.evolve_chebyshev` for the commonest closed
battery (a pure initial state, a real Hamiltonian on each constant piece, a battery Hamiltonian
diagonal in the basis, the Dicke and Rabi families and spin chains among them). Per window of the
grid it differs from the general path in three ways:

* the expansion is real: ``exp(i c s) psi(s) = w(s) @ R`` with real weights ``w(s)`` and real
  rows ``R`` (:meth:`~qbattery.dynamics.expansion.ChebyshevPropagator.phase_free_rows`), so the
  kets of every grid time cost ``2 K d`` multiply-adds instead of ``4 K d``; the global phase
  ``exp(-i c s)``, which no observable sees, is dropped (so the state handed to the next window
  differs from the true one by a phase);
* the reduced battery states come from the real and imaginary parts of the kets directly, one
  batched real product per rectangle of the basis
  (:class:`~qbattery.bases.subspace_trace.SubspaceTrace`; ``rho_B = M^T conj(M)`` with
  ``M = P + i Q``), and their ergotropy is taken at once, block by block, without keeping an
  ``(n, d_B, d_B)`` stack;
* the observation of a window (kets, energy, power, reduced states) runs on a worker thread
  with single-threaded BLAS (:mod:`qbattery.blas_threads`) while the main thread builds the
  next window's expansion, one worker per core; the spectra of small reduced states, many
  small LAPACK calls that two threads do no faster than one, run on a thread of their own
  (:class:`~qbattery.dynamics.background_curve.BackgroundCurve`).

Every quantity is the same as the general path's to round-off (tested against it, against SciPy's
``expm_multiply`` and against QuTiP).
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from functools import partial
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.lib.stride_tricks import as_strided

from qbattery.bases.subspace_trace import SubspaceTrace
from qbattery.battery import Battery
from qbattery.blas_threads import single_threaded_blas
from qbattery.dynamics.background_curve import BackgroundCurve
from qbattery.dynamics.battery_power import diagonal_commutator
from qbattery.dynamics.expansion import _fastest_format
from qbattery.dynamics.krylov import available_cores
from qbattery.dynamics.observe import Observables, Request
from qbattery.dynamics.sparse_kernels import Accumulate, accumulator
from qbattery.dynamics.window_weights import WindowWeights
from qbattery.linalg import LevelSpectrum, paired_energy
from qbattery.operators import Operator, is_real, to_dense

__all__ = ["ROWS_BYTES", "applies", "evolve_phase_free", "window_costs", "window_operations"]

#: Bytes of kets materialised at once per worker: a few MiB, so that a chunk's kets and the
#: gathers of its reduced states stay in cache (8 MiB and more measured slower for N = 64).
_CHUNK_BYTES = 4 * 2**20

#: Bytes of one window's real rows (order x 2d): longer windows of a large battery only cost
#: page faults (a 10,001-state sector with 1,600 rows per window: 256 MiB, first call 1.5x).
ROWS_BYTES = 64 * 2**20

#: Windows whose observation may wait besides one per worker: the main thread runs this far
#: ahead with the recurrence, then observes the oldest window no worker has started itself.
#: (Running further ahead was measured slower on a loaded machine: more rows out of cache.)
_QUEUE = 1

#: Chunks of reduced states that may wait for the spectra thread at once.
_SPECTRA_PENDING = 2

#: Largest block of the reduced states whose spectra all go to one thread of their own; larger
#: ones are taken on the observing workers. Two threads diagonalising stacks of complex n x n
#: blocks at once had 0.9-1.3x the throughput of one at n = 9-25, 1.2-1.7x at n = 33 and
#: 1.7-1.85x at n = 49-65 (benchmark machine, one BLAS thread each; small LAPACK calls do not
#: run in parallel, see :mod:`qbattery.dynamics.background_curve`). Default Dicke call:
#: N = 32 (blocks of 17) 1.10x faster with the spectra on their own thread, N = 64 (33) 0.89x.
_ONE_THREAD_BLOCK = 24

#: Calibration of :func:`window_costs`, seconds on the benchmark machine (one core): a
#: multiply-add of a real product with the sparse H (per non-zero), of a dense product (the
#: kets, the reduced states), and the fixed costs of one recurrence step and of one window.
_SPARSE_SECONDS = 1.5e-9
_DENSE_SECONDS = 6.0e-11
_STEP_SECONDS = 3.0e-6
_WINDOW_SECONDS = 4.0e-4

Windows = Callable[[Operator, float, float, np.ndarray], list[tuple[float, float, Any]]]


#: Rectangles of the basis of each living battery, by ``id`` (a battery is not hashable), found
#: once per battery: a charge asks three times.
_TRACES: dict[int, SubspaceTrace | None] = {}


def _trace_of(battery: Battery) -> SubspaceTrace | None:
    """Rectangles of the battery's basis (its subspace, or the whole product space)."""
    key = id(battery)
    if key not in _TRACES:
        support = battery.subspace if battery.subspace is not None else np.arange(battery.dimension)
        _TRACES[key] = SubspaceTrace.build(support, battery.dims, battery.battery)
        weakref.finalize(battery, _TRACES.pop, key, None)  # before the id can be reused
    return _TRACES[key]


def _diagonal(operator: Operator) -> np.ndarray | None:
    matrix = sp.csr_matrix(operator)
    diagonal = matrix.diagonal()
    if np.count_nonzero(matrix.data) != np.count_nonzero(diagonal) or np.any(diagonal.imag):
        return None
    return np.real(diagonal)


def applies(battery: Battery, request: Request) -> bool:
    """Whether :func:`evolve_phase_free` solves this battery and request.

    A closed, unmeasured battery in a pure state, with real Hamiltonian pieces and a battery
    Hamiltonian diagonal in the basis, held in no excitation sectors or in sectors whose
    reduced battery states are diagonal (one Tavis-Cummings sector: the battery state is its
    populations); no two-time correlator and no full states (both need the global phase).

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.observe import Request
    >>> from qbattery.dynamics.phase_free import applies
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> applies(qb.Battery(sx, hb, np.array([1.0, 0.0])), Request())
    True
    >>> applies(qb.Battery(sx, hb, np.array([1.0, 0.0])), Request(full_states=True))
    False
    """
    if request.correlator or request.full_states or not battery.is_pure:
        return False
    if battery.sector is not None and not battery.sector.diagonal:
        return False
    if battery.collapse_ops or battery.environment is not None:
        return False
    if battery.measurement_interval is not None:
        return False
    pieces = battery.hamiltonian.segments(1.0)
    if not all(is_real(sp.csr_matrix(h)) for _, _, h in pieces):
        return False
    if _diagonal(battery.battery_hamiltonian_full()) is None:
        return False
    return not _needs_states(battery, request) or _trace_of(battery) is not None


def _needs_states(battery: Battery, request: Request) -> bool:
    """Reduced states are needed unless the battery is the whole space of a pure state; a
    battery in diagonal excitation sectors needs only its populations."""
    if battery.sector is not None:
        return False
    return request.battery_states or (request.ergotropy and not battery.battery_is_whole_space)


def window_costs(nnz: int, d: int) -> Callable[[int, int], float]:
    """Estimated seconds of one window with ``order`` terms and ``points`` grid points.

    The recurrence (``order`` products of the sparse H with two real vectors), the kets
    (``2 order d`` per point) and a fixed cost per window. Used to choose the window length
    (results do not depend on it) and by ``method="auto"`` to weigh this path against the
    spectral one.

    Examples
    --------
    >>> from qbattery.dynamics.phase_free import window_costs
    >>> costs = window_costs(5000, 1000)
    >>> costs(100, 10) < costs(100, 20)
    True
    """

    def costs(order: int, points: int) -> float:
        recurrence = order * (_STEP_SECONDS + _SPARSE_SECONDS * 2 * (nnz + d))
        kets = _DENSE_SECONDS * 2.0 * order * d * points
        return _WINDOW_SECONDS + recurrence + kets

    return costs


def window_operations(nnz: int, d: int) -> Callable[[int, int], float]:
    """:func:`window_costs` in dense multiply-adds (the unit of the spectral solver's ``d^3``
    in :func:`qbattery.dynamics.closed.estimated_costs`).

    Examples
    --------
    >>> from qbattery.dynamics.phase_free import window_costs, window_operations
    >>> round(window_operations(5000, 1000)(100, 10) / window_costs(5000, 1000)(100, 10))
    16666666667
    """
    seconds = window_costs(nnz, d)

    def operations(order: int, points: int) -> float:
        return seconds(order, points) / _DENSE_SECONDS

    return operations


class _Observer:
    """Observables of one window's grid points from its rows (runs on a worker thread)."""

    def __init__(self, battery: Battery, observables: Observables, request: Request) -> None:
        self.observables = observables
        self.request = request
        self.h_b = _diagonal(observables.h_full)
        assert self.h_b is not None
        self.d = battery.dimension
        needs_states = _needs_states(battery, request)
        self.trace = _trace_of(battery) if needs_states else None
        self.layouts = [] if self.trace is None else [_layout(p) for _, p in self.trace.rectangles]
        self.keep_states = request.battery_states
        self.ergotropy = (
            request.ergotropy
            and needs_states
            and not request.battery_states
            and observables.ergotropy is not None
        )
        truncation = battery.truncation
        self.edge = None if truncation is None else truncation.edge
        self.battery_levels = (
            _diagonal(battery.battery_hamiltonian) if self.trace is not None else None
        )
        self.levels: np.ndarray = np.zeros(0)
        self.spectrum: LevelSpectrum | None = None
        # small blocks' spectra of every window on one thread of their own (_ONE_THREAD_BLOCK)
        self.spectra: BackgroundCurve | None = None
        if self.ergotropy:
            self.levels, self.spectrum = _levels(battery)
            assert self.trace is not None
            if max(block.size for block in self.trace.blocks) <= _ONE_THREAD_BLOCK:
                assert observables.ergotropy is not None
                self.spectra = BackgroundCurve(
                    observables.ergotropy, pending=_SPECTRA_PENDING, name="qbattery-spectra"
                )
        self.commutators: dict[int, Accumulate] = {}
        # a battery in diagonal sectors keeps its populations (Observables.finish does the rest)
        self.sector = battery.sector if observables.populations is not None else None
        if self.sector is None and request.battery_states:
            d_b = battery.battery_hamiltonian.shape[0]
            observables.battery_states = np.zeros((len(observables.times), d_b, d_b), complex)

    def commutator(self, hamiltonian: Operator) -> Accumulate:
        """``y += [H, H_B] x`` (real antisymmetric), built once per piece; ``H_B`` is
        diagonal (:func:`~qbattery.dynamics.sparse_kernels.accumulator`)."""
        key = id(hamiltonian)
        if key not in self.commutators:
            assert self.h_b is not None
            commutator = diagonal_commutator(sp.csr_matrix(hamiltonian).real, self.h_b)
            self.commutators[key] = accumulator(_fastest_format(commutator))
        return self.commutators[key]

    def observe(
        self, index: np.ndarray, weights: np.ndarray, rows: np.ndarray, commutator: Accumulate
    ) -> None:
        chunk = max(1, _CHUNK_BYTES // (16 * self.d))
        for start in range(0, len(index), chunk):
            part = slice(start, start + chunk)
            kets = weights[part] @ rows
            self._add(index[part], kets, commutator)

    def _add(self, index: np.ndarray, kets: np.ndarray, commutator: Accumulate) -> None:
        """Observables of the kets ``kets[:, :d] + i kets[:, d:]`` at grid points ``index``."""
        observed, h_b, d = self.observables, self.h_b, self.d
        assert h_b is not None
        re, im = kets[:, :d], kets[:, d:]
        products = None
        if self.trace is not None:
            products = _rectangle_products(self.trace, kets, self.layouts)
        if products is not None and self.battery_levels is not None:
            # Tr[H_B rho_B] from the reduced states' diagonals: no pass over the kets
            energy, second = self._moments(products, self.battery_levels)
        else:
            probabilities = re * re + im * im
            energy, second = probabilities @ h_b, probabilities @ (h_b * h_b)
            if self.sector is not None:
                assert observed.populations is not None
                observed.populations[index] = self.sector.populations(probabilities)
        observed.energy[index] = energy
        if observed.second_moment is not None:
            observed.second_moment[index] = second
        applied = np.empty(d)  # power <i[H, H_B]> = 2 Im(psi)^T K Re(psi), ket by ket
        power = np.empty(len(index))
        for row in range(len(index)):
            applied[:] = 0.0
            commutator(re[row], applied)
            power[row] = 2.0 * float(np.dot(im[row], applied))
        observed.power[index] = power
        if observed.edge_population is not None and self.edge is not None:
            edge_re, edge_im = re[:, self.edge], im[:, self.edge]
            observed.edge_population[index] = np.sum(edge_re**2 + edge_im**2, axis=1)
        if products is None or self.trace is None:
            return
        if self.keep_states:
            assert observed.battery_states is not None
            observed.battery_states[index] = _assembled(self.trace.size, products)
        if self.spectra is not None:
            self.spectra.submit(index, partial(self._ergotropy, np.asarray(energy), products))
        elif self.ergotropy:
            assert observed.ergotropy is not None
            observed.ergotropy[index] = self._ergotropy(np.asarray(energy), products)

    def _ergotropy(
        self, energy: np.ndarray, products: list[tuple[np.ndarray, np.ndarray]]
    ) -> np.ndarray:
        """``E - sum_k r_k^down e_k^up`` from the rectangles' products (review eq. 6)."""
        assert self.trace is not None
        spectra = _state_spectra(self.trace, products)
        populations = -np.sort(-spectra, axis=-1)
        passive = (
            populations @ self.levels
            if self.spectrum is None
            else paired_energy(populations, self.spectrum)
        )
        return energy - passive

    @staticmethod
    def _moments(
        products: list[tuple[np.ndarray, np.ndarray]], levels: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``Tr[H_B rho_B]`` and ``Tr[H_B^2 rho_B]`` for a diagonal H_B (``levels``)."""
        energy = second = 0.0
        for kept, product in products:
            populations = np.real(np.diagonal(product, axis1=-2, axis2=-1))
            energy = energy + populations @ levels[kept]
            second = second + populations @ (levels[kept] ** 2)
        return np.asarray(energy), np.asarray(second)


def _levels(battery: Battery) -> tuple[np.ndarray, LevelSpectrum | None]:
    """Increasing levels of H_B (its own, or of the full space if a spectrum is attached)."""
    if battery.battery_spectrum is not None:
        return battery.battery_spectrum.levels, battery.battery_spectrum
    return np.linalg.eigvalsh(to_dense(battery.battery_hamiltonian)), None


def _layout(positions: np.ndarray) -> tuple[int, int] | None:
    """``(offset, stride)`` when a rectangle's positions are ``offset + stride r + a`` (rows
    ``stride`` apart, columns adjacent, as in a parity sector ordered by charger level), so
    that its amplitudes are a strided view of the kets; else None.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.phase_free import _layout
    >>> _layout(np.array([[4, 5], [9, 10]])), _layout(np.array([[0, 2], [1, 3]]))
    ((4, 5), None)
    """
    rows, columns = positions.shape
    offset = int(positions[0, 0])
    stride = int(positions[1, 0] - offset) if rows > 1 else columns
    expected = offset + stride * np.arange(rows)[:, None] + np.arange(columns)[None, :]
    return (offset, stride) if stride >= columns and np.array_equal(positions, expected) else None


def _rectangle_products(
    trace: SubspaceTrace, kets: np.ndarray, layouts: list[tuple[int, int] | None]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each rectangle's kept indices and its contribution ``M^T conj(M)`` (n, |A|, |A|) for
    the kets ``kets[:, :d] + i kets[:, d:]``.

    With ``M = P + i Q`` the rectangle's amplitudes, ``M^T conj(M) = S + i (X - X^T)`` with
    ``S = P^T P + Q^T Q`` and ``X = Q^T P``: batched real products, three quarters of the work
    of a complex one. ``P`` and ``Q`` are strided views of the kets where the rectangle's
    :func:`_layout` allows (no copy), else one gather.
    """
    d = kets.shape[1] // 2
    products = []
    for (kept, positions), layout in zip(trace.rectangles, layouts, strict=True):
        rows, columns = positions.shape
        if layout is None:
            stacked = kets[:, np.concatenate([positions, positions + d])]  # (n, 2|R|, |A|)
            real, imaginary = stacked[:, :rows], stacked[:, rows:]
            gram = np.matmul(np.swapaxes(stacked, -1, -2), stacked)
        else:
            offset, stride = layout
            shape, steps = (kets.shape[0], rows, columns), (kets.strides[0], stride * 8, 8)
            real = as_strided(kets[:, offset:], shape, steps, writeable=False)
            imaginary = as_strided(kets[:, d + offset :], shape, steps, writeable=False)
            gram = np.matmul(np.swapaxes(real, -1, -2), real)
            gram += np.matmul(np.swapaxes(imaginary, -1, -2), imaginary)
        cross = np.matmul(np.swapaxes(imaginary, -1, -2), real)
        products.append((kept, gram + 1j * (cross - np.swapaxes(cross, -1, -2))))
    return products


def _assembled(size: int, products: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """``rho_B`` (n, size, size) from the rectangles' contributions."""
    out = np.zeros((products[0][1].shape[0], size, size), dtype=np.complex128)
    for kept, product in products:
        out[:, kept[:, None], kept[None, :]] += product
    return out


def _state_spectra(
    trace: SubspaceTrace, products: list[tuple[np.ndarray, np.ndarray]]
) -> np.ndarray:
    """Eigenvalues (n, d_B) of the reduced states, block by block: straight from each
    rectangle's product when the rectangles are the blocks (a parity sector, a product space),
    else from the assembled states."""
    if len(products) == len(trace.blocks):  # disjoint rectangles: each one is a block
        spectra = [np.linalg.eigvalsh(product) for _, product in products]
    else:
        reduced = _assembled(trace.size, products)
        spectra = [np.linalg.eigvalsh(reduced[:, b[:, None], b[None, :]]) for b in trace.blocks]
    values = np.concatenate(spectra, axis=-1)
    if values.shape[-1] < trace.size:  # kept indices no rectangle reaches hold no population
        values = np.concatenate(
            [values, np.zeros((values.shape[0], trace.size - values.shape[-1]))], axis=-1
        )
    return values


def evolve_phase_free(
    battery: Battery, times: np.ndarray, request: Request, make_windows: Windows
) -> Observables:
    """Charge a battery :func:`applies` accepts, window by window (``make_windows``, the
    Chebyshev solver's windows of each constant piece), observing on worker threads.

    Examples
    --------
    ``sin^2 t`` for a qubit driven by ``sigma_x`` (units of omega), with its ergotropy:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.expansion import ChebyshevPropagator
    >>> from qbattery.dynamics.observe import Request
    >>> from qbattery.dynamics.phase_free import evolve_phase_free
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
    >>> def windows(h, start, end, grid):
    ...     return [(start, end, ChebyshevPropagator(h))]
    >>> curves = evolve_phase_free(qubit, np.array([0.0, np.pi / 4]), Request(), windows)
    >>> np.round(curves.energy, 12), np.round(curves.ergotropy, 12)
    (array([0. , 0.5]), array([0. , 0.5]))
    """
    observables = Observables(battery, times, request)
    observer = _Observer(battery, observables, request)
    state = np.asarray(battery.initial_state, dtype=np.complex128)
    workers = max(1, available_cores())
    pending: deque[tuple[Future[None], Callable[[], None], int]] = deque()
    buffers = _Buffers()

    def done(points: int) -> None:
        if request.progress is not None:
            request.progress(points)

    def collect(limit: int) -> None:
        """Bring the windows waiting down to ``limit``: run a window no worker has started
        on this thread (a loaded machine may not schedule the workers), else wait for it."""
        while len(pending) > limit:
            future, task, points = pending.popleft()
            if future.cancel():
                task()
            else:
                future.result()
            done(points)

    stops_spectra = observer.spectra if observer.spectra is not None else nullcontext()
    with single_threaded_blas(), stops_spectra, ThreadPoolExecutor(workers) as pool:
        try:
            for start, end, hamiltonian in battery.hamiltonian.segments(float(times[-1])):
                commutator = observer.commutator(hamiltonian)
                in_piece = times[(times >= start) & (times <= end)]
                windows = make_windows(hamiltonian, start, end, in_piece)
                grids = [_window_grid(times, a, b) for a, b, _ in windows]
                weights = WindowWeights(grids)
                if windows:  # the table is built on a worker while the first rows are
                    weights.prepare(pool, windows[0][2])
                for position, (_, _, propagator) in enumerate(windows):
                    inside, relative = grids[position]
                    buffer = buffers.take(propagator.order(float(relative[-1])), 2 * state.size)
                    rows = propagator.phase_free_rows(state, float(relative[-1]), out=buffer)
                    coefficients = weights.of(position, propagator, rows.shape[0])
                    end_parts = coefficients[-1] @ rows
                    if inside.size:
                        observe = partial(
                            observer.observe, inside, coefficients[:-1], rows, commutator
                        )
                        task: Callable[[], None] = partial(buffers.after, observe, buffer)
                        pending.append((pool.submit(task), task, int(inside.size)))
                    else:
                        buffers.free.append(buffer)
                    state = end_parts[: state.shape[0]] + 1j * end_parts[state.shape[0] :]
                    collect(workers + _QUEUE)
            for future, task, points in reversed(pending):  # the recurrence is done: help
                if future.cancel():
                    task()
                    done(points)
            for future, _, points in pending:
                if not future.cancelled():
                    future.result()
                    done(points)
            pending.clear()
            if observer.spectra is not None:
                observer.spectra.collect()
        finally:
            for future, _, _ in pending:
                future.cancel()
    observables.finish()
    return observables


class _Buffers:
    """Row buffers handed back by finished windows and reused (``deque`` appends and pops
    are thread-safe): fresh arrays of a few MiB would page-fault on first touch every time."""

    def __init__(self) -> None:
        self.free: deque[np.ndarray] = deque()

    def take(self, order: int, width: int) -> np.ndarray:
        """A buffer of at least ``order`` rows of ``width`` (new rows get 10% room)."""
        while self.free:
            buffer = self.free.pop()
            if buffer.shape[0] >= order and buffer.shape[1] == width:
                return buffer
        return np.empty((order + order // 10 + 1, width))

    def after(self, task: Callable[[], None], buffer: np.ndarray) -> None:
        """Run ``task`` (which reads ``buffer``), then free ``buffer``."""
        try:
            task()
        finally:
            self.free.append(buffer)


def _window_grid(times: np.ndarray, w_start: float, w_end: float) -> tuple[np.ndarray, np.ndarray]:
    """Grid indices of a window (its end included only at the grid's end) and their times
    relative to its start, with the window's length appended."""
    last = w_end == times[-1]
    inside = np.nonzero((times >= w_start) & ((times < w_end) | last))[0]
    return inside, np.append(times[inside] - w_start, w_end - w_start)
