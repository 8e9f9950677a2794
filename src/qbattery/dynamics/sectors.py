"""Block-by-block charging of a battery held in several excitation sectors (``method="sectors"``).

A battery built in the excitation sectors its initial state occupies
(:class:`~qbattery.bases.sectors.ExcitationSector` with several ``block_sizes``: a coherent,
squeezed or thermal charger, superposed atoms) has a Hamiltonian that leaves every block
invariant. Each block q is diagonalised on its own, ``H_q = V_q E_q V_q^dagger`` (cost
``sum_q d_q^3`` instead of ``D^3``, memory ``max_q d_q^2``), and the part of every initial ket in
it is propagated exactly, ``psi_q(t) = V_q exp(-i E_q t) V_q^dagger psi_q(0)``, at every grid
time of each constant piece of H(t). The blocks are then combined:

* energy ``Tr[H_B rho_B]``, power ``2 Im<H_B psi|H psi>`` (exact, from the generator),
  ``Tr[H_B^2 rho_B]`` and the populations of ``H_B``: sums over the blocks, since H_B and H are
  block diagonal;
* the reduced battery state of a component held in one block whose charger labels are distinct
  (every sector of the Tavis-Cummings family) is diagonal: ``rho_B = diag(populations)``;
* a ket spread over several blocks keeps the coherences between them:
  ``rho_B = M^T conj(M)``, ``M[r, b] = sum_q psi_q(r, b, t)``, the amplitudes of all blocks at
  the same time with their phases (:mod:`qbattery.bases.sectors`). Cross terms join battery
  levels of different excitation number, so they leave the populations alone but not the
  ergotropy.

A mixed initial state is the mixture of its eigenvectors; a density matrix without coherences
between blocks (a thermal charger with atoms of definite excitation number) is diagonalised
block by block, so that each component lies in one block and its battery state is diagonal.
The ergotropy (degeneracy-aware with the battery's level spectrum, docs/conventions.md) is computed
a chunk of grid times at a time, so no ``(n, d_B, d_B)`` stack is kept unless the battery
states are asked for. Only batteries held in excitation sectors are solved (one sector is one
block).

Fast path: at resonance (every block tridiagonal with a constant diagonal, the Tavis-Cummings
and Jaynes-Cummings sectors) a ket spread over blocks whose phases are linear in the charger
and battery labels (a coherent or squeezed charger, atoms in ``|g>`` or a Dicke state) has
real amplitudes up to row and column phases (:mod:`qbattery.dynamics.sectors_real`): one real
product per block, a real rank-k update per time and a real symmetric eigenvalue problem for
the ergotropy. The form is verified before it is used, else the complex path runs. Chunks of
grid times run on a thread per core with single-threaded BLAS.

Blocks left out: the lightest blocks of a component, up to a total weight ``tolerance``
(:class:`SectorOptions`, default 1e-26), are not propagated; the weight left out is reported
(``options["discarded_weight"]`` of the result) with its bounds on energy and ergotropy.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.linalg import eigh_tridiagonal

from qbattery.bases.sectors import ExcitationSector
from qbattery.battery import Battery
from qbattery.blas_threads import single_threaded_blas
from qbattery.dynamics.method import Method, Options, option
from qbattery.dynamics.observe import Observables, Request
from qbattery.dynamics.oscillations import Oscillations, uniform_step
from qbattery.dynamics.sector_states import StateChunk, chunk_ergotropy
from qbattery.dynamics.sectors_real import RealComponent, real_component
from qbattery.errors import QBatteryValueError
from qbattery.linalg import workers_available
from qbattery.memory import require_memory
from qbattery.operators import Operator, is_real, to_dense
from qbattery.validation import non_negative_real

__all__ = ["SECTORS", "SectorOptions", "evolve_sectors"]

#: Default ``tolerance``: the total weight of the blocks left out. The ergotropy moves by at
#: most ``4 max|e| sqrt(tolerance)`` (1e-13 max|e|), the energy by ``max|e| tolerance``.
TOLERANCE = 1e-26

#: Eigen-components of a mixed initial state below this weight are dropped, as by the other
#: closed solvers.
_WEIGHT_CUTOFF = 1e-14

#: Bytes of the per-chunk work arrays (amplitude matrices, kets, reduced states).
_CHUNK_BYTES = 128 * 2**20

#: Bytes per squared dimension of a dense eigendecomposition (as for ``method="spectral"``).
_EIGH_BYTES = 4 * 16


@dataclass(frozen=True)
class SectorOptions(Options):
    """``method="sectors"``: each block is diagonalised exactly; ``tolerance`` is the total
    weight of the initial state's blocks that may be left out (the lightest first).

    Leaving out blocks of total weight ``delta`` (the result records it as
    ``options["discarded_weight"]``) changes the reduced battery state by at most
    ``sqrt(delta (4 - 3 delta)) <= 2 sqrt(delta)`` in trace norm (the partial trace does not
    increase it), so the energy by at most ``max|e| delta`` (populations only see the dropped
    blocks' own weight) and the ergotropy by at most ``4 max|e| sqrt(delta)``, with ``e`` the
    battery levels (Lidskii's inequality for the passive energy). ``tolerance=0`` keeps every
    block with a non-zero weight.

    Examples
    --------
    >>> from qbattery.dynamics.sectors import SectorOptions
    >>> SectorOptions().as_dict()
    {'tolerance': 1e-26}
    """

    tolerance: float = option(TOLERANCE, non_negative_real)


@dataclass
class _Part:
    """A component's ket in one block and, on the current constant piece of H(t), its
    eigendecomposition there: ``psi(t) = V (amplitudes * exp(-i E t))``."""

    block: int
    ket: np.ndarray
    energies: np.ndarray | None = None
    vectors: np.ndarray | None = None
    amplitudes: np.ndarray | None = None
    oscillations: Oscillations | None = None  # exp(-i E t) of the energies on the piece's grid

    def columns(self, t: np.ndarray) -> np.ndarray:
        """The kets at relative times ``t`` as columns: shape (d_block, len(t))."""
        assert self.oscillations is not None and self.vectors is not None
        assert self.amplitudes is not None
        coefficients = self.amplitudes[:, None] * self.oscillations.phases(t)
        if not np.isrealobj(self.vectors):
            return self.vectors @ coefficients
        n = t.size  # a real basis: one real product instead of a complex copy of it
        parts = self.vectors @ np.concatenate([coefficients.real, coefficients.imag], axis=1)
        return parts[:, :n] + 1j * parts[:, n:]


@dataclass
class _Component:
    weight: float
    parts: list[_Part]
    spread: bool  # its reduced battery state may have off-diagonal elements
    real: RealComponent | None = None  # its real form on the current piece (sectors_real)


class _Blocks:
    """The block structure of a sector battery and the per-block operators it needs."""

    def __init__(self, battery: Battery, sector: ExcitationSector, h_b: np.ndarray) -> None:
        self.sector = sector
        self.slices = sector.blocks
        self.h_b = h_b
        self.diagonal_blocks = [sector.block_is_diagonal(block) for block in self.slices]
        self.label = np.repeat(np.arange(len(self.slices)), sector.block_sizes)
        self._selections: dict[int, sp.csr_matrix] = {}
        truncation = battery.truncation
        self.edge = np.zeros(sector.dimension, dtype=bool)
        if truncation is not None:
            self.edge[truncation.edge] = True

    def selection(self, index: int) -> sp.csr_matrix:
        """``S[i, b] = 1`` if state i of block ``index`` carries battery label b (built once)."""
        if index not in self._selections:
            block, d_b = self.slices[index], self.sector.battery_dimension
            size = block.stop - block.start
            self._selections[index] = sp.csr_matrix(
                (np.ones(size), (np.arange(size), self.sector.battery_index[block])),
                shape=(size, d_b),
            )
        return self._selections[index]

    def split(self, hamiltonian: Operator) -> list[sp.csr_matrix]:
        """The diagonal blocks of ``hamiltonian``; refuses one that couples two blocks."""
        matrix = sp.csr_matrix(hamiltonian)
        coo = matrix.tocoo()
        if np.any((self.label[coo.row] != self.label[coo.col]) & (coo.data != 0)):
            raise QBatteryValueError(
                "battery: its Hamiltonian couples two blocks of its excitation sectors; solve it "
                "with method='chebyshev' or 'spectral', or build the model with space='full'"
            )
        return [sp.csr_matrix(matrix[block, block]) for block in self.slices]


def _components(
    battery: Battery, blocks: _Blocks, tolerance: float
) -> tuple[list[_Component], float]:
    """The initial state as weighted kets, each split into its parts in the blocks, the
    lightest parts of total weight up to ``tolerance`` left out; and the weight left out."""
    state = battery.initial_state
    if state.ndim == 1:
        kets = [(1.0, state)]
    elif np.any((blocks.label[:, None] != blocks.label[None, :]) & (state != 0)):
        weights, vectors = np.linalg.eigh(state)
        kets = [(float(w), vectors[:, i]) for i, w in enumerate(weights)]
    else:  # block diagonal: each eigenvector lies in one block
        kets = []
        for block in blocks.slices:
            weights, vectors = np.linalg.eigh(state[block, block])
            for i, w in enumerate(weights):
                ket = np.zeros(state.shape[0], dtype=complex)
                ket[block] = vectors[:, i]
                kets.append((float(w), ket))
    components, discarded = [], 0.0
    for weight, ket in kets:
        if weight <= _WEIGHT_CUTOFF:
            continue
        shares = np.array([np.vdot(ket[block], ket[block]).real for block in blocks.slices])
        order = np.argsort(shares, kind="stable")
        dropped = np.cumsum(shares[order]) <= tolerance * shares.sum()
        kept = np.ones(shares.size, dtype=bool)
        kept[order[dropped]] = False
        kept &= shares > 0
        discarded += weight * float(shares[~kept].sum())
        parts = [
            _Part(index, ket[block]) for index, block in enumerate(blocks.slices) if kept[index]
        ]
        spread = not blocks.sector.diagonal and (
            len(parts) > 1 or not blocks.diagonal_blocks[parts[0].block]
        )
        components.append(_Component(weight, parts, spread))
    return components, discarded


def _eigh(hamiltonian: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Eigendecomposition of a block: LAPACK's MRRR for a real tridiagonal one (Tavis-Cummings
    sectors), dense ``eigh`` otherwise."""
    coo = hamiltonian.tocoo()
    if is_real(hamiltonian) and hamiltonian.shape[0] > 2 and np.all(abs(coo.row - coo.col) <= 1):
        diagonal = np.real(hamiltonian.diagonal())
        off = np.real(hamiltonian.diagonal(1))
        return eigh_tridiagonal(diagonal, off)
    dense = to_dense(hamiltonian)
    return np.linalg.eigh(dense.real if is_real(dense) else dense)


def _adjoint_times(vectors: np.ndarray, ket: np.ndarray) -> np.ndarray:
    """``V^dagger psi``; a real V as two real products (no complex copy of V)."""
    if np.isrealobj(vectors):
        return vectors.T @ ket.real + 1j * (vectors.T @ ket.imag)
    return np.conj(vectors.T) @ ket


def _expand(
    components: list[_Component],
    hamiltonians: list[sp.csr_matrix],
    blocks: _Blocks,
    real: bool,
    step: float | None,
) -> None:
    """Put every component on the current piece: in its real form (:mod:`.sectors_real`) if
    ``real`` and it has one, else every part in its block's eigenbasis (one eigendecomposition
    per block used); ``step``: that of the piece's grid if uniform (:mod:`.oscillations`)."""
    eigen: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    sector = blocks.sector
    for component in components:
        component.real = None
        if real and component.spread:
            places = [sector.amplitude_positions[blocks.slices[p.block]] for p in component.parts]
            component.real = real_component(
                [(hamiltonians[part.block], part.ket) for part in component.parts],
                [place // sector.battery_dimension for place in places],
                [place % sector.battery_dimension for place in places],
                sector.battery_dimension,
                step,
            )
            if component.real is not None:
                continue
        for part in component.parts:
            if part.block not in eigen:
                eigen[part.block] = _eigh(hamiltonians[part.block])
            part.energies, part.vectors = eigen[part.block]
            part.amplitudes = _adjoint_times(part.vectors, part.ket)
            part.oscillations = Oscillations(part.energies, step=step)


def _add_part(
    observables: Observables,
    blocks: _Blocks,
    index: np.ndarray,
    weight: float,
    part: _Part,
    columns: np.ndarray,
    hamiltonian: sp.csr_matrix,
) -> np.ndarray:
    """Energy, power, ``Tr[H_B^2 rho_B]`` and edge population of one part, from its kets as
    columns (d_block, n); returns their weights ``|psi|^2``."""
    block = blocks.slices[part.block]
    levels = blocks.h_b[block]
    weights = np.abs(columns) ** 2
    observables.energy[index] += weight * (levels @ weights)
    driven = hamiltonian @ columns
    power = 2 * np.imag(np.einsum("dt,dt->t", np.conj(columns) * levels[:, None], driven))
    observables.power[index] += weight * power
    if observables.second_moment is not None:
        observables.second_moment[index] += weight * (levels**2 @ weights)
    if observables.edge_population is not None:
        observables.edge_population[index] += weight * weights[blocks.edge[block]].sum(axis=0)
    return weights


def _chunk_size(sector: ExcitationSector) -> int:
    d_b = sector.battery_dimension
    per_time = 16 * (sector.dimension + sector.amplitude_rows * d_b + 2 * d_b**2)
    return max(1, _CHUNK_BYTES // per_time)


def evolve_sectors(
    battery: Battery, times: np.ndarray, request: Request, options: SectorOptions
) -> Observables:
    """Propagate each block of a sector battery on its own, then combine (module docstring).

    Examples
    --------
    The Tavis-Cummings battery of one atom and one photon in its excitation sector: the photon
    is absorbed as ``sin^2(lambda t)`` (``omega_c lambda = 0.1``), fully at ``t = 5 pi``:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.observe import Request
    >>> from qbattery.dynamics.sectors import SectorOptions, evolve_sectors
    >>> battery = qb.models.tavis_cummings(1, 0.1)
    >>> curves = evolve_sectors(battery, np.array([0.0, 5 * np.pi]), Request(), SectorOptions())
    >>> np.round(curves.energy, 10)
    array([0., 1.])
    """
    sector = battery.sector
    assert sector is not None  # Method flag: sectors only
    observables = Observables(battery, times, dataclasses.replace(request, ergotropy=False))
    ergotropy = np.zeros(len(times)) if request.ergotropy else None
    blocks = _Blocks(battery, sector, np.real(observables.h_full.diagonal()))
    levels = np.real(sp.csr_matrix(battery.battery_hamiltonian).diagonal())
    components, discarded = _components(battery, blocks, options.tolerance)
    observables.notes["discarded_weight"] = discarded
    last = float(times[-1])
    chunk_size = _chunk_size(sector)
    wanted = request.ergotropy or request.battery_states
    with single_threaded_blas():  # many mid-sized products: threads only wait (blas_threads)
        for start, end, hamiltonian in battery.hamiltonian.segments(last):
            pieces = blocks.split(hamiltonian)
            inside = np.nonzero((times >= start) & ((times < end) | (end == last)))[0]
            step = uniform_step(times[inside])
            _expand(components, pieces, blocks, not request.full_states, step)

            def run(
                first: int,
                start: float = start,
                pieces: list[sp.csr_matrix] = pieces,
                inside: np.ndarray = inside,
            ) -> StateChunk:
                index = inside[first : first + chunk_size]
                chunk = StateChunk(index.size, sector.battery_dimension, wanted)
                for component in components:  # writes the observables at index only
                    _add_component(
                        observables, blocks, pieces, index, times[index] - start, component, chunk
                    )
                if ergotropy is not None:
                    ergotropy[index] = chunk_ergotropy(battery, chunk, levels)
                return chunk

            firsts = range(0, inside.size, chunk_size)
            for first, chunk in zip(firsts, _map(run, firsts, request), strict=True):
                index = inside[first : first + chunk_size]
                if request.progress is not None:  # from this thread only
                    request.progress(sum(component.weight for component in components) * index.size)
                if observables.populations is not None:
                    observables.populations[index] += chunk.populations
                elif request.battery_states:
                    observables.add_reduced_states(index, chunk.states())
            for component in components:  # the state at the end of the piece starts the next
                _advance(component, end - start)
    observables.finish()
    observables.ergotropy = ergotropy
    return observables


def _map(run: Callable[[int], StateChunk], firsts: range, request: Request) -> Iterator[StateChunk]:
    """``run`` on every chunk, in order: on a thread per core when there are several chunks
    (NumPy's products, cosines and LAPACK calls release the GIL; each chunk writes its own grid
    points), in this thread when full states are kept (their store is filled in order)."""
    workers = min(workers_available(), len(firsts))
    if workers <= 1 or request.full_states:
        yield from map(run, firsts)
        return
    with ThreadPoolExecutor(workers) as pool:
        yield from pool.map(run, firsts)


def _advance(component: _Component, duration: float) -> None:
    """Replace the parts' kets by the kets ``duration`` later (end of the current piece)."""
    at = np.array([duration])
    if component.real is not None:
        for part, form in zip(component.parts, component.real.parts, strict=True):
            part.ket = form.kets(at)[:, 0]
        return
    for part in component.parts:
        part.ket = part.columns(at)[:, 0]


def _add_component(
    observables: Observables,
    blocks: _Blocks,
    pieces: list[sp.csr_matrix],
    index: np.ndarray,
    relative: np.ndarray,
    component: _Component,
    chunk: StateChunk,
) -> None:
    """Add one weighted component at the grid points ``index`` (relative times ``relative``)."""
    if component.real is not None:
        _add_real_component(observables, blocks, index, relative, component, chunk)
        return
    sector, weight = blocks.sector, component.weight
    d_b = sector.battery_dimension
    amplitudes = None
    if component.spread and chunk.wanted:  # M[r, b] of each time a row: columns scattered
        amplitudes = np.zeros((index.size, sector.amplitude_rows * d_b), dtype=complex)
    union = None
    if observables.request.full_states:
        union = np.zeros((index.size, sector.dimension), dtype=complex)
    for part in component.parts:
        columns = part.columns(relative)
        weights = _add_part(observables, blocks, index, weight, part, columns, pieces[part.block])
        block = blocks.slices[part.block]
        if amplitudes is not None:
            amplitudes[:, sector.amplitude_positions[block]] = columns.T
        elif chunk.wanted:
            chunk.populations += weight * (blocks.selection(part.block).T @ weights).T
        if union is not None:
            union[:, block] = columns.T
    if amplitudes is not None:
        chunk.add_states(weight, amplitudes, sector.amplitude_rows)
    if union is not None:
        observables._add_full_state(index, weight, kets=union)


def _add_real_component(
    observables: Observables,
    blocks: _Blocks,
    index: np.ndarray,
    relative: np.ndarray,
    component: _Component,
    chunk: StateChunk,
) -> None:
    """:func:`_add_component` for a component in its real form (:mod:`.sectors_real`): energy,
    power and moments from the real ``phi``, the battery state as ``D Phi^T Phi D^dagger``."""
    real, weight = component.real, component.weight
    assert real is not None
    d_b = blocks.sector.battery_dimension
    amplitudes = np.zeros((index.size, real.rows * d_b)) if chunk.wanted else None
    for part, form, positions, values in zip(
        component.parts, real.parts, real.positions, real.values(relative), strict=True
    ):
        block = blocks.slices[part.block]
        levels = blocks.h_b[block]
        squares = values**2
        observables.energy[index] += weight * (levels @ squares)
        flow = 2 * weight * form.hop * (levels[:-1] - levels[1:])
        observables.power[index] += flow @ (values[:-1] * values[1:])
        if observables.second_moment is not None:
            observables.second_moment[index] += weight * (levels**2 @ squares)
        if observables.edge_population is not None:
            edge = blocks.edge[block]
            observables.edge_population[index] += weight * squares[edge].sum(axis=0)
        if amplitudes is not None:
            amplitudes[:, positions] = values.T
    if amplitudes is not None:
        chunk.add_real(weight, amplitudes, real.rows, real.column_phases(relative))


def _check_memory(battery: Battery, points: int) -> None:
    sector = battery.sector
    assert sector is not None
    largest = max(sector.block_sizes)
    d_b = sector.battery_dimension
    needed = _EIGH_BYTES * float(largest) ** 2 + 16.0 * (sector.amplitude_rows * d_b + 2 * d_b**2)
    require_memory(
        needed,
        "battery",
        f"the eigendecomposition of its largest excitation sector (dimension {largest}) and the "
        f"battery states of dimension {d_b} (method 'sectors')",
        f"about {int(math.sqrt(needed / _EIGH_BYTES))} fits; use method='chebyshev'",
    )


SECTORS = Method(
    "sectors", evolve_sectors, SectorOptions, sectors_only=True, check_memory=_check_memory
)
