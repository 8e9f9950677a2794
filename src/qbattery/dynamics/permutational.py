"""Permutation-invariant Lindblad dynamics of N identical two-level cells, in the Dicke basis.

A battery whose environment is :class:`~qbattery.environments.ensemble.EnsembleNoise` (local
emission, dephasing and pumping per cell, collective emission, cavity decay) keeps a
permutation-invariant state ``rho = (+)_j rho_j (x) 1_{d_j} / d_j`` in its blocks, so only the
blocks are propagated: ``sum_j (2j + 1)**2 ~ N**3 / 6`` numbers instead of ``4**N`` (Chase &
Geremia, PRA 78, 052101 (2008); Shammah et al., PRA 98, 063815 (2018)). The generator on the
blocks and its derivation are in :mod:`qbattery.dynamics.permutational_liouvillian`.

Integration. The blocks are stored as one real vector (:class:`HermitianPacking`) and the
generator as a real sparse matrix, assembled block row by block row straight into that form.
A constant (or piecewise-constant) generator is applied by an adaptive Krylov exponential
(Sidje, ACM TOMS 24, 130 (1998), Expokit's ``expv``, with incomplete orthogonalization:
:mod:`qbattery.dynamics.krylov`) whose basis also gives every grid time inside a step; a
continuously driven one is integrated by SciPy's DOP853. Power is exact: ``P = Tr[H_B L(rho)]``
through the transposed generator.

Cost. The products with L (about ``N**3 / 6 * 11`` nonzeros each, split over the cores) take
most of the time, and the Krylov method needs about ``1.6 ||L||_1 t`` of them, with
``||L||_1 ~ 1.2 N`` for a drive of order the level splitting: the work grows as ``N**4``. The
full-space ergotropy diagonalizes every block at every grid time (``~ N**4 / 8`` per time,
single-threaded LAPACK per block, blocks shared among the cores). The phases' seconds and the
number of products are logged at DEBUG level by this module's logger.
"""

from __future__ import annotations

import itertools
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.integrate import DOP853

from qbattery.bases.permutational import HermitianPacking, permutational_blocks
from qbattery.bases.permutational_energetics import weighted_paired_energy
from qbattery.bases.permutational_memory import (
    KRYLOV_DIMENSION,
    check_blocks_memory,
    generator_row_nonzeros,
)
from qbattery.battery import Battery
from qbattery.blas_threads import single_threaded_blas
from qbattery.dynamics.independent_cells import one_cell, scale_to_cells
from qbattery.dynamics.krylov import Emit, available_cores, krylov_propagate
from qbattery.dynamics.method import Method, Options, boolean, option
from qbattery.dynamics.observe import Observables, Request
from qbattery.dynamics.permutational_liouvillian import (
    block_commutator,
    block_liouvillian,
    local_transition,
)
from qbattery.environments.ensemble import EnsembleNoise
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.memory import available_memory, require_memory
from qbattery.operators import to_sparse
from qbattery.validation import positive_int, positive_real

__all__ = [
    "PERMUTATIONAL",
    "PermutationalOptions",
    "block_liouvillian",
    "ensemble_states",
    "evolve_permutational",
    "local_transition",
]

_LOGGER = logging.getLogger(__name__)

#: Off-block entries of an operator or state above this are refused (not permutation invariant).
_BLOCK_ATOL = 1e-10

#: States buffered before their ergotropy is computed in one batched pass per block ...
_BATCH = 64
#: ... and at most this many bytes of them.
_BATCH_BYTES = 1 << 28

#: Blocks whose traces add up to at most this are not diagonalized for the ergotropy: their
#: eigenvalues (in [0, Tr rho_j]) are replaced by their diagonals, which moves the full-space
#: spectrum by at most 2 Tr rho_j in l1 and the passive energy by at most
#: ``2e-16 (e_max - e_min)`` in all, below the eigensolver's own round-off.
_NEGLIGIBLE_TRACE = 1e-16


def _krylov_tol(value: Any, name: str) -> float:
    """A local error per unit time the Krylov steps can reach in double precision."""
    tol = positive_real(value, name)
    if not 1e-14 <= tol < 1:
        raise QBatteryValueError(
            f"{name}: must lie in [1e-14, 1) (double-precision round-off), got {value!r}"
        )
    return tol


def _krylov_dimension(value: Any, name: str) -> int:
    """An Arnoldi basis large enough for Expokit's error estimate."""
    dimension = positive_int(value, name)
    if dimension < 4:
        raise QBatteryValueError(f"{name}: must be at least 4, got {value!r}; 20-40 is typical")
    return dimension


@dataclass(frozen=True)
class PermutationalOptions(Options):
    """Options of ``method="permutational"``.

    Attributes
    ----------
    tol : float
        Krylov local error per unit time (DOP853's rtol for continuous drives), in [1e-14, 1).
    krylov_dimension : int
        Size of the Arnoldi basis, at least 4.
    independent_cells : bool
        Solve N identical cells that never interact (a Hamiltonian linear in the collective
        spin, local noise, a product start) as one cell, exactly
        (:mod:`qbattery.dynamics.independent_cells`); False keeps the blocks, for checking.

    Examples
    --------
    >>> from qbattery.dynamics.permutational import PermutationalOptions
    >>> PermutationalOptions().krylov_dimension
    20
    """

    tol: float = option(1e-10, _krylov_tol)
    krylov_dimension: int = option(KRYLOV_DIMENSION, _krylov_dimension)
    independent_cells: bool = option(True, boolean)


# -- the battery in block form --------------------------------------------------------------


class _BlockBattery:
    """A battery with an :class:`EnsembleNoise` environment, cut into its blocks."""

    def __init__(self, battery: Battery, krylov_dimension: int = KRYLOV_DIMENSION) -> None:
        noise = battery.environment
        assert isinstance(noise, EnsembleNoise)
        self.noise = noise
        self.blocks = blocks = permutational_blocks(noise.n_atoms)
        d = blocks.dimension
        dims = tuple(battery.space_dims)
        if battery.subspace is not None or battery.sector is not None:
            raise DimensionError("battery: the permutational solver takes no subspace or sector")
        if dims == (d,) and battery.battery == (0,):
            self.mode = 1
        elif len(dims) == 2 and dims[1] == d and battery.battery == (1,):
            self.mode = dims[0]
        else:
            raise DimensionError(
                f"dims: the permutational solver needs the reduced basis of {noise.n_atoms} "
                f"cells (dimension {d}) as the battery, alone or after one boson mode; got "
                f"dims={list(dims)} with battery={list(battery.battery)}"
            )
        if self.mode == 1 and noise.cavity_decay > 0:
            raise QBatteryValueError("cavity_decay: this battery has no boson mode to damp")
        # refuse what cannot fit before anything is built (bases.permutational_memory)
        operators = [battery.hamiltonian.static, *(op for op, _ in battery.hamiltonian.drives)]
        nonzeros = generator_row_nonzeros(
            operators, noise.local_channels, noise.collective_channels
        )
        check_blocks_memory(noise.n_atoms, lambda n: self.mode, nonzeros, krylov_dimension)
        self.indices = [
            (np.arange(self.mode)[:, None] * d + np.arange(s.start, s.stop)[None, :]).ravel()
            for s in blocks.slices()
        ]
        self.labels = np.tile(blocks.block_of, self.mode)
        self.packing = HermitianPacking([i.size for i in self.indices])

    def split(self, operator: Any, name: str) -> list[sp.csr_matrix]:
        """Blocks of an operator on the state space; refuses coupling between blocks."""
        matrix = sp.coo_matrix(to_sparse(operator))
        crossing = self.labels[matrix.row] != self.labels[matrix.col]
        if np.any(np.abs(matrix.data[crossing]) > _BLOCK_ATOL):
            raise QBatteryValueError(
                f"{name}: couples different total spins j; a permutation-invariant operator is "
                "block diagonal in the reduced basis (build it from collective spin operators)"
            )
        csr = sp.csr_matrix(matrix)
        return [sp.csr_matrix(csr[i][:, i]) for i in self.indices]

    def initial_blocks(self, state: np.ndarray) -> list[np.ndarray]:
        """``rho_j`` of the initial ket or density matrix; refuses coherence between blocks."""
        if state.ndim == 1:
            weights = np.bincount(self.labels, weights=np.abs(state) ** 2)
            # Frobenius norm of the off-block part: sqrt(sum_{j != j'} w_j w_j')
            crossing = math.sqrt(max(float(weights.sum() ** 2 - np.sum(weights**2)), 0.0))
            kets = [state[i] for i in self.indices]
            blocks = [np.outer(k, k.conj()) for k in kets]
        else:
            crossing = float(np.linalg.norm(state[self.labels[:, None] != self.labels[None, :]]))
            blocks = [state[np.ix_(i, i)] for i in self.indices]
        if crossing > _BLOCK_ATOL:
            raise QBatteryValueError(
                "initial_state: has coherences between different total spins j; a "
                "permutation-invariant state is block diagonal in the reduced basis"
            )
        return blocks

    def battery_block(self, state: np.ndarray, index: int) -> np.ndarray:
        """Block ``index`` of packed states (..., S) on the cells, (..., n_j, n_j) complex."""
        rho = self.packing.block(state, index)
        if self.mode == 1:
            return rho
        size = int(self.blocks.sizes[index])
        shaped = rho.reshape(*rho.shape[:-2], self.mode, size, self.mode, size)
        return np.einsum("...aiak->...ik", shaped)

    def passive_energy(
        self, states: np.ndarray, levels: np.ndarray, fractions: np.ndarray
    ) -> np.ndarray:
        """Full-space passive energy of packed states (T, S), shape (T,).

        One batched ``eigvalsh`` per block over the T states (skipping the states where the
        block's trace is negligible, :data:`_NEGLIGIBLE_TRACE`), the blocks shared among the
        available cores (LAPACK releases the GIL), then the weighted pairing of
        :func:`~qbattery.bases.permutational_energetics.weighted_paired_energy` against the
        battery levels ``levels`` (D,) with multiplicities ``fractions`` (D,).
        """
        count = self.blocks.sizes.size
        negligible = np.abs(self.packing.traces(states)) <= _NEGLIGIBLE_TRACE / count

        def spectrum(index: int) -> np.ndarray:
            rho = self.battery_block(states, index)
            values = np.real(np.diagonal(rho, axis1=-2, axis2=-1)).copy()
            needed = ~negligible[:, index]
            if np.any(needed):
                values[needed] = np.linalg.eigvalsh(rho[needed])
            return values.reshape(-1, int(self.blocks.sizes[index]))

        largest_first = np.argsort(-self.blocks.sizes, kind="stable")
        masses: list[np.ndarray] = [np.empty(0)] * count
        with ThreadPoolExecutor(available_cores()) as pool:
            for index, values in zip(largest_first, pool.map(spectrum, largest_first), strict=True):
                masses[index] = values
        return weighted_paired_energy(np.concatenate(masses, axis=-1), fractions, levels, fractions)

    def battery_blocks(self, states: list[np.ndarray]) -> list[np.ndarray]:
        """Reduce block states (..., n_b, n_b) to the cells (trace out the mode)."""
        if self.mode == 1:
            return states
        out = []
        for rho, size in zip(states, self.blocks.sizes, strict=True):
            shaped = rho.reshape(*rho.shape[:-2], self.mode, size, self.mode, size)
            out.append(np.einsum("...aiak->...ik", shaped))
        return out


# -- propagation ----------------------------------------------------------------------------


def _dop853(
    generators: list[tuple[sp.csr_matrix, Callable[[float], float]]],
    state: np.ndarray,
    times: np.ndarray,
    emit: Emit,
    tol: float,
) -> None:
    """Time-dependent generator ``sum_k f_k(t) L_k``: SciPy's DOP853 (rtol tol, atol tol/100)."""

    def derivative(t: float, u: np.ndarray) -> np.ndarray:
        out = np.zeros_like(u)
        for matrix, amplitude in generators:
            value = float(amplitude(t))
            if value != 0.0:
                out += value * (matrix @ u)
        return out

    k = 0
    while k < times.size and times[k] <= 0:
        emit(k, state)
        k += 1
    if k == times.size:
        return
    solver = DOP853(derivative, 0.0, state, float(times[-1]), rtol=tol, atol=tol / 100)
    while k < times.size:
        before = solver.t
        message = solver.step()
        if message is not None:
            raise QBatteryValueError(f"options: DOP853 failed ({message}); raise tol")
        dense = solver.dense_output()
        while k < times.size and before < times[k] <= solver.t:
            emit(k, dense(times[k]))
            k += 1


Terms = list[tuple[sp.csr_matrix, Callable[[float], float]]]


def _generators(system: _BlockBattery, battery: Battery) -> Terms:
    """The packed real generator as terms ``(L_k, f_k)``: ``L(t) = sum_k f_k(t) L_k``."""
    static = block_liouvillian(
        system.blocks,
        system.split(battery.hamiltonian.static, "hamiltonian"),
        system.noise,
        system.mode,
        system.packing,
    )
    terms: Terms = [(static, lambda t: 1.0)]
    for index, (operator, protocol) in enumerate(battery.hamiltonian.drives):
        pieces = system.split(operator, f"hamiltonian[{index + 1}]")
        terms.append((block_commutator(pieces, system.packing), protocol))
    return terms


def _propagate(
    system: _BlockBattery,
    battery: Battery,
    terms: Terms,
    times: np.ndarray,
    emit: Emit,
    options: PermutationalOptions,
    statistics: dict[str, int] | None = None,
) -> None:
    """Run the dynamics from the battery's initial state, emitting packed states."""
    state = system.packing.pack(system.initial_blocks(battery.initial_state))
    switches = battery.hamiltonian.switching_times()
    if switches is None:
        _dop853(terms, state, times, emit, options.tol)
        return
    edges = [0.0, *(s for s in switches if 0 < s < times[-1]), float(times[-1])]
    for k in np.nonzero(times <= 0)[0]:
        emit(int(k), state)
    for start, end in itertools.pairwise(edges):
        generator = sp.csr_matrix(sum(float(f(0.5 * (start + end))) * m for m, f in terms))
        inside = np.nonzero((times > start) & (times <= end))[0]
        first = int(inside[0]) if inside.size else 0
        state = krylov_propagate(
            generator,
            state,
            start,
            end,
            times[inside],
            first,
            emit,
            options.tol,
            options.krylov_dimension,
            statistics=statistics,
        )


def evolve_permutational(
    battery: Battery, times: np.ndarray, request: Request, options: PermutationalOptions
) -> Observables:
    """Charge a battery with an :class:`EnsembleNoise` environment in the block basis.

    Energy, exact power, second moment and truncation edge are linear functionals of the
    packed state; the ergotropy is computed on the full ``2**N`` space from the blocks'
    spectra (as :func:`qbattery.bases.permutational_energetics.permutational_energetics`,
    :meth:`_BlockBattery.passive_energy`). The 2**N-dimensional battery state is never built
    (:func:`ensemble_states` gives the blocks).

    Examples
    --------
    Two atoms pumped at rate 1 from ``|gg>`` store ``2 (1 - e^{-t})`` (units of omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.observe import Request
    >>> from qbattery.dynamics.permutational import PermutationalOptions, evolve_permutational
    >>> battery = qb.models.spin_ensemble(2, pumping=1.0)
    >>> curves = evolve_permutational(battery, np.array([0.0, 1.0]), Request(),
    ...                               PermutationalOptions())
    >>> round(float(curves.energy[1]), 9), round(float(2 * (1 - np.exp(-1))), 9)
    (1.264241118, 1.264241118)
    """
    clock = {"start": time.perf_counter(), "ergotropy": 0.0}
    cell = one_cell(battery) if options.independent_cells else None
    if cell is not None:
        observables = Observables(battery, times, request)
        n = battery.environment.n_atoms  # type: ignore[union-attr]
        scale_to_cells(evolve_permutational(cell, times, request, options), observables, n)
        seconds = time.perf_counter() - clock["start"]
        _LOGGER.debug(
            "permutational: %d independent identical cells from a product state, solved as "
            "one cell in %.3g s",
            n,
            seconds,
            extra={"phases": {"n_atoms": n, "independent_cells": True, "seconds": seconds}},
        )
        return observables
    system = _BlockBattery(battery, options.krylov_dimension)
    observables = Observables(
        battery, times, Request(ergotropy=False, fluctuations=request.fluctuations)
    )
    packing, h_b = system.packing, observables.h_full
    terms = _generators(system, battery)
    energy = packing.functional(system.split(h_b, "battery_hamiltonian"))
    functionals = [energy] + [matrix.T @ energy for matrix, _ in terms]  # Tr[H_B L_k(rho)]
    if request.fluctuations:
        functionals.append(packing.functional(system.split(h_b @ h_b, "battery_hamiltonian")))
    if battery.truncation is not None:
        edge = np.isin(np.arange(battery.dimension), battery.truncation.edge).astype(float)
        functionals.append(packing.functional(system.split(sp.diags_array(edge), "truncation")))
    readout = np.array(functionals)
    values = np.empty((times.size, readout.shape[0]))
    passive = np.zeros(times.size) if request.ergotropy else None
    levels = np.concatenate(
        [np.linalg.eigvalsh(b.toarray()) for b in _battery_hamiltonian_blocks(system, battery)]
    )
    fractions = np.repeat(system.blocks.fractions, system.blocks.sizes)
    batch = max(1, min(_BATCH, _BATCH_BYTES // (8 * packing.size)))
    pending: dict[int, np.ndarray] = {}

    def flush() -> None:
        if passive is None or not pending:
            return
        begin = time.perf_counter()
        index = np.fromiter(pending, dtype=int)
        passive[index] = system.passive_energy(np.array(list(pending.values())), levels, fractions)
        pending.clear()
        clock["ergotropy"] += time.perf_counter() - begin

    def emit(index: int, state: np.ndarray) -> None:
        if request.progress is not None:
            request.progress(1)
        values[index] = readout @ state
        if passive is not None:
            pending[index] = state.copy()
            if len(pending) >= batch:
                flush()

    statistics: dict[str, int] = {}
    clock["built"] = time.perf_counter()
    with single_threaded_blas():
        _propagate(system, battery, terms, times, emit, options, statistics)
        flush()
    _log_phases(system, terms, clock, statistics)
    amplitudes = np.array([[float(f(t)) for _, f in terms] for t in times])
    observables.energy[:] = values[:, 0]
    observables.power[:] = np.einsum("tk,tk->t", amplitudes, values[:, 1 : len(terms) + 1])
    extra = len(terms) + 1
    if observables.second_moment is not None:
        observables.second_moment[:] = values[:, extra]
        extra += 1
    if observables.edge_population is not None:
        observables.edge_population[:] = values[:, extra]
    observables.ergotropy = None if passive is None else values[:, 0] - passive
    return observables


def _log_phases(
    system: _BlockBattery, terms: Terms, clock: dict[str, float], statistics: dict[str, int]
) -> None:
    """Where the time went, at DEBUG level of this module's logger (``extra={"phases": ...}``)."""
    end = time.perf_counter()
    phases = {
        "n_atoms": system.noise.n_atoms,
        "dimension": system.packing.size,
        "nonzeros": sum(matrix.nnz for matrix, _ in terms),
        "build_seconds": clock["built"] - clock["start"],
        "propagation_seconds": end - clock["built"] - clock["ergotropy"],
        "ergotropy_seconds": clock["ergotropy"],
        **statistics,
    }
    _LOGGER.debug(
        "permutational: N = %d, %d packed numbers, %d nonzeros; built in %.3g s, propagated in "
        "%.3g s (%s products with L), ergotropy in %.3g s",
        phases["n_atoms"],
        phases["dimension"],
        phases["nonzeros"],
        phases["build_seconds"],
        phases["propagation_seconds"],
        statistics.get("products", "no"),
        phases["ergotropy_seconds"],
        extra={"phases": phases},
    )


def _battery_hamiltonian_blocks(system: _BlockBattery, battery: Battery) -> list[sp.csr_matrix]:
    """H_B (on the cells' reduced basis) cut into its blocks."""
    h = sp.csr_matrix(to_sparse(battery.battery_hamiltonian))
    return [sp.csr_matrix(h[s][:, s]) for s in system.blocks.slices()]


def ensemble_states(
    battery: Battery,
    times: Any,
    *,
    tol: float = PermutationalOptions.tol,
    krylov_dimension: int = PermutationalOptions.krylov_dimension,
    battery_only: bool = True,
) -> list[np.ndarray]:
    """The block states ``rho_j(t)`` of a battery with an :class:`EnsembleNoise` environment.

    Parameters
    ----------
    battery : Battery
        E.g. from :func:`qbattery.models.spin_ensemble`.
    times : array (n,)
        Non-negative, increasing.
    tol, krylov_dimension
        As :class:`PermutationalOptions`.
    battery_only : bool
        Trace out the boson mode (if any), leaving the cells' blocks.

    Returns
    -------
    list of arrays (n, n_j, n_j)
        One per total spin j = N/2, N/2 - 1, ... (``rho = (+)_j rho_j (x) 1 / d_j``), ready for
        :func:`qbattery.bases.permutational_energetics.permutational_energetics`.

    Examples
    --------
    Two atoms pumped at rate 1 from ``|gg>``: each is excited with probability ``1 - e^{-t}``,
    so ``|ee>`` (the top state of the ``j = 1`` block) holds ``(1 - e^{-t})^2`` (times in
    1/omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.permutational import ensemble_states
    >>> battery = qb.models.spin_ensemble(2, pumping=1.0)
    >>> blocks = ensemble_states(battery, np.array([0.0, 1.0]))
    >>> round(float(blocks[0][1, 2, 2].real), 9), round(float((1 - np.exp(-1)) ** 2), 9)
    (0.399576401, 0.399576401)
    """
    options = PermutationalOptions(tol=tol, krylov_dimension=krylov_dimension)
    refusal = PERMUTATIONAL.cannot_solve(battery)
    if refusal is not None:
        raise QBatteryValueError(f"battery: the permutational solver {refusal}")
    grid = np.asarray(times, dtype=float)
    if grid.ndim != 1 or grid.size == 0 or grid[0] < 0 or np.any(np.diff(grid) <= 0):
        raise QBatteryValueError("times: expected a non-empty, non-negative, increasing 1-D array")
    system = _BlockBattery(battery, krylov_dimension)
    per_time = 24.0 * system.packing.size  # packed (real) and unpacked (complex) blocks
    fits = int(available_memory() // per_time)
    require_memory(
        per_time * grid.size,
        "times",
        f"the block states at {grid.size} times",
        f"at most about {fits} times fit; pass fewer times",
    )
    states = np.empty((grid.size, system.packing.size))

    def emit(index: int, state: np.ndarray) -> None:
        states[index] = state

    _propagate(system, battery, _generators(system, battery), grid, emit, options)
    blocks = system.packing.unpack(states)
    return system.battery_blocks(blocks) if battery_only else blocks


PERMUTATIONAL = Method(
    "permutational",
    evolve_permutational,
    PermutationalOptions,
    continuous=True,
    environment=EnsembleNoise,
    battery_states=False,
)
