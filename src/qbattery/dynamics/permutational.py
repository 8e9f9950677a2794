"""Permutation-invariant Lindblad dynamics of N identical two-level cells, in the Dicke basis.

The master equation

.. code-block:: text

    d rho/dt = -i[H, rho] + gamma_c D[J_-] rho + kappa D[a] rho
               + sum_i (gamma_e D[sigma_-^i] + gamma_phi D[sigma_z^i/2] + gamma_p D[sigma_+^i]) rho,
    D[A] rho = A rho A^dagger - {A^dagger A, rho} / 2,

with a collective H (and optionally one boson mode ``a``, e.g. a cavity), maps
permutation-invariant states ``rho = (+)_j rho_j (x) 1_{d_j} / d_j`` to permutation-invariant
states (:mod:`qbattery.bases.permutational`), so only the blocks ``rho_j`` are propagated:
``sum_j (2j + 1)**2 ~ N**3 / 6`` numbers instead of ``4**N`` (Chase & Geremia, PRA 78, 052101
(2008); Shammah et al., PRA 98, 063815 (2018), whose QuTiP module ``piqs`` builds the same
generator in single precision). Everything here is double precision.

Local terms (derivation). Permutations act on the multiplicity spaces only, so the block j of
``sum_i A_i rho A_i^dagger`` (traced over its multiplicity space) is N times that of
``A_N rho A_N^dagger``. Split the cells as (N - 1 cells) (x) (cell N): the block j of N cells
is the Clebsch-Gordan coupling of ``V_{j'} (x) C^2`` for ``j' = j +- 1/2``, with multiplicity
space ``K'_{j+1/2} (+) K'_{j-1/2}`` of the N - 1 cells, and ``A_N`` acts on ``C^2``. Tracing
out ``K'`` brings the ratios ``N d^{N-1}_{j+1/2} / d^N_j = (2j + 2)(N/2 - j) / (2j + 1)`` and
``N d^{N-1}_{j-1/2} / d^N_j = 2j (N/2 + j + 1) / (2j + 1)``. The result: block ``J`` receives
``B rho_j B^T`` from the blocks ``j = J, J +- 1``, with ``B`` real, ``B[M, m] = sqrt(c) g(m)``:

.. code-block:: text

    from block j to   c
    J = j             (N + 2) / (4 j (j + 1))
    J = j - 1         (N/2 + j + 1) / (2j (2j + 1))
    J = j + 1         (N/2 - j) / ((2j + 1)(2j + 2))

    g(m)       emission (M = m - 1)   dephasing (M = m)     pumping (M = m + 1)
    J = j      sqrt((j+m)(j-m+1))     m                     sqrt((j-m)(j+m+1))
    J = j - 1  sqrt((j+m)(j+m-1))     sqrt(j^2 - m^2)       sqrt((j-m)(j-m-1))
    J = j + 1  sqrt((j-m+1)(j-m+2))   sqrt((j+1)^2 - m^2)   sqrt((j+m+1)(j+m+2))

and the anticommutators use ``sum_i sigma_+^i sigma_-^i = J_z + N/2``,
``sum_i (sigma_z^i / 2)^2 = N/4``, ``sum_i sigma_-^i sigma_+^i = N/2 - J_z``. (Summed over
the three target blocks, the gain from ``rho_j(m, m)`` equals its loss through the
anticommutator: the generator preserves the trace exactly.)

Integration. The blocks are stored as one real vector (:class:`HermitianPacking`) and the
generator as a real sparse matrix. A constant (or piecewise-constant) generator is applied by
an adaptive Krylov exponential (Sidje, ACM TOMS 24, 130 (1998), Expokit's ``expv``) whose
basis also gives every grid time inside a step; a continuously driven one is integrated by
SciPy's DOP853. Power is exact: ``P = Tr[H_B L(rho)]`` through the transposed generator.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
from scipy.integrate import DOP853

from qbattery.bases.permutational import (
    HermitianPacking,
    PermutationalBlocks,
    permutational_blocks,
    permutational_energetics,
    spin_matrix,
)
from qbattery.battery import Battery
from qbattery.dynamics.krylov import Emit, krylov_propagate
from qbattery.dynamics.observe import Observables, Request
from qbattery.environments.ensemble import EnsembleNoise
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.operators import to_sparse
from qbattery.validation import positive_int

__all__ = [
    "block_liouvillian",
    "ensemble_states",
    "evolve_permutational",
    "local_transition",
]

#: Local noise channels and the shift of m each one causes.
_SHIFTS = {"emission": -1, "dephasing": 0, "pumping": 1}

#: Off-block entries of an operator or state above this are refused (not permutation invariant).
_BLOCK_ATOL = 1e-10

#: States buffered before their ergotropy is computed in one batched pass per block.
_BATCH = 64


class _Op(NamedTuple):
    """A sparse operator as COO triplets (kept as plain arrays: assembly without SciPy
    overhead, which dominates for small N)."""

    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def of(cls, matrix: Any) -> _Op:
        coo = sp.coo_matrix(matrix)
        return cls(coo.row, coo.col, coo.data, (int(coo.shape[0]), int(coo.shape[1])))

    @classmethod
    def diagonal(cls, values: np.ndarray) -> _Op:
        index = np.arange(values.size)
        return cls(index, index, values, (values.size, values.size))

    def adjoint(self) -> _Op:
        return _Op(self.columns, self.rows, np.conj(self.values), self.shape[::-1])

    def on_mode(self, mode: int) -> _Op:
        """``1_mode (x) self``."""
        p, q = self.shape
        shift = np.arange(mode)[:, None]
        return _Op(
            (shift * p + self.rows).ravel(),
            (shift * q + self.columns).ravel(),
            np.tile(self.values, mode),
            (mode * p, mode * q),
        )


def local_transition(n_atoms: int, spin: float, target: float, kind: str) -> sp.csr_matrix:
    """``B`` (2 target + 1, 2 spin + 1) with ``sum_i A_i rho A_i^dagger |_target += B rho_j B^T``.

    ``kind`` is ``"emission"`` (``A = sigma_-``), ``"dephasing"`` (``sigma_z / 2``) or
    ``"pumping"`` (``sigma_+``); the coefficients are tabulated in the module docstring.
    """
    op = _transition(n_atoms, spin, target, kind)
    return sp.csr_matrix((op.values, (op.rows, op.columns)), shape=op.shape)


def _transition(n: int, j: float, target: float, kind: str) -> _Op:
    m = np.arange(-j, j + 0.5)
    step = round(target - j)
    if step == 0:
        c = (n + 2) / (4 * j * (j + 1)) if j > 0 else 0.0
    elif step == -1:
        c = (n / 2 + j + 1) / (2 * j * (2 * j + 1)) if j > 0 else 0.0
    else:
        c = (n / 2 - j) / ((2 * j + 1) * (2 * j + 2))
    s = 1.0 if kind == "pumping" else -1.0  # pumping is emission with m -> -m
    if kind == "dephasing":
        squares = {-1: j * j - m * m, 1: (j + 1) ** 2 - m * m}
        values = m.astype(float) if step == 0 else np.sqrt(np.maximum(squares[step], 0))
    else:
        squares = {
            0: (j - s * m) * (j + s * m + 1),
            -1: (j - s * m) * (j - s * m - 1),
            1: (j + s * m + 1) * (j + s * m + 2),
        }
        values = np.sqrt(np.maximum(squares[step], 0))
    rows = m + _SHIFTS[kind] + target
    keep = (rows >= -1e-9) & (rows <= 2 * target + 1e-9) & (values != 0)
    return _Op(
        np.rint(rows[keep]).astype(np.int64),
        np.nonzero(keep)[0],
        math.sqrt(c) * values[keep],
        (round(2 * target + 1), m.size),
    )


class _Entries:
    """COO entries of a superoperator on the concatenated row-major ``vec`` of the blocks."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.starts = np.concatenate([[0], np.cumsum([n * n for n in sizes])])
        self.rows: list[np.ndarray] = []
        self.columns: list[np.ndarray] = []
        self.values: list[np.ndarray] = []

    def add(self, target: int, source: int, left: _Op, right: _Op, scale: complex = 1.0) -> None:
        """``rho_target += scale * left rho_source right``: entries of ``kron(left, right^T)``."""
        p, q = right.shape[1], right.shape[0]  # shape of right^T
        self.rows.append((left.rows[:, None] * p + right.columns).ravel() + self.starts[target])
        self.columns.append((left.columns[:, None] * q + right.rows).ravel() + self.starts[source])
        self.values.append((scale * left.values[:, None] * right.values).ravel())

    def matrix(self) -> sp.csr_matrix:
        size = int(self.starts[-1])
        if not self.values:
            return sp.csr_matrix((size, size), dtype=np.complex128)
        return sp.csr_matrix(
            sp.coo_matrix(
                (
                    np.concatenate(self.values).astype(np.complex128),
                    (np.concatenate(self.rows), np.concatenate(self.columns)),
                ),
                shape=(size, size),
            )
        )


def _commutator(pieces: Sequence[sp.spmatrix]) -> sp.csr_matrix:
    """``X_b -> -i[h_b, X_b]`` for every block b, on the concatenated row-major ``vec``."""
    entries = _Entries([p.shape[0] for p in pieces])
    for b, h in enumerate(pieces):
        identity = _Op.diagonal(np.ones(h.shape[0]))
        entries.add(b, b, _Op.of(h), identity, -1j)
        entries.add(b, b, identity, _Op.of(h), 1j)
    return entries.matrix()


def block_liouvillian(
    blocks: PermutationalBlocks,
    hamiltonian: Sequence[sp.spmatrix],
    noise: EnsembleNoise,
    mode_dimension: int = 1,
) -> sp.csr_matrix:
    """The Lindblad generator on the concatenated row-major ``vec`` of the blocks, complex.

    Parameters
    ----------
    blocks : PermutationalBlocks
    hamiltonian : sequence of sparse (n_b, n_b)
        ``H`` on each block space ``C^{mode_dimension} (x) V_j`` (mode factor first).
    noise : EnsembleNoise
    mode_dimension : int
        Dimension of a boson mode sharing each block (1: none).
    """
    n, mode = blocks.n_atoms, mode_dimension
    photons = np.repeat(np.arange(mode, dtype=float), 1)
    entries = _Entries([mode * int(size) for size in blocks.sizes])
    for b, j in enumerate(blocks.spins):
        size = int(blocks.sizes[b])
        m = np.tile(np.arange(-j, j + 0.5), mode)
        count = np.repeat(photons, size)
        loss = (
            noise.emission * (m + n / 2)
            + noise.dephasing * n / 4
            + noise.pumping * (n / 2 - m)
            + noise.collective_emission * (j * (j + 1) - m * m + m)  # J_+ J_-
            + noise.cavity_decay * count
        )
        h = _Op.of(hamiltonian[b])
        effective = _Op(
            np.concatenate([h.rows, np.arange(m.size)]),
            np.concatenate([h.columns, np.arange(m.size)]),
            np.concatenate([-1j * h.values, -0.5 * loss]),
            h.shape,
        )
        identity = _Op.diagonal(np.ones(m.size))
        entries.add(b, b, effective, identity)
        entries.add(b, b, identity, effective.adjoint())
        if noise.collective_emission:
            lowering = _Op.of(spin_matrix(j, "-")).on_mode(mode)
            entries.add(b, b, lowering, lowering.adjoint(), noise.collective_emission)
        if noise.cavity_decay:
            index = np.arange(size, mode * size)
            cavity = _Op(index - size, index, np.sqrt(count[index]), (mode * size,) * 2)
            entries.add(b, b, cavity, cavity.adjoint(), noise.cavity_decay)
        for source in range(max(b - 1, 0), min(b + 2, blocks.spins.size)):
            for kind in _SHIFTS:
                rate = getattr(noise, kind)
                if rate:
                    transition = _transition(n, blocks.spins[source], j, kind).on_mode(mode)
                    entries.add(b, source, transition, transition.adjoint(), rate)
    return entries.matrix()


# -- the battery in block form --------------------------------------------------------------


class _BlockBattery:
    """A battery with an :class:`EnsembleNoise` environment, cut into its blocks."""

    def __init__(self, battery: Battery) -> None:
        noise = battery.environment
        if not isinstance(noise, EnsembleNoise):
            raise QBatteryValueError(
                "environment: method 'permutational' needs an EnsembleNoise environment (e.g. "
                "from qbattery.models.spin_ensemble)"
            )
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
        if battery.collapse_ops or battery.measurement_interval is not None:
            raise QBatteryValueError(
                "collapse_ops, measurement_interval: the permutational solver takes its noise "
                "from the EnsembleNoise environment only; remove them"
            )
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
    )
    terms: Terms = [(system.packing.real_operator(static), lambda t: 1.0)]
    for index, (operator, protocol) in enumerate(battery.hamiltonian.drives):
        pieces = system.split(operator, f"hamiltonian[{index + 1}]")
        terms.append((system.packing.real_operator(_commutator(pieces)), protocol))
    return terms


def _propagate(
    system: _BlockBattery,
    battery: Battery,
    terms: Terms,
    times: np.ndarray,
    emit: Emit,
    tol: float,
    krylov_dimension: int,
) -> None:
    """Run the dynamics from the battery's initial state, emitting packed states."""
    state = system.packing.pack(system.initial_blocks(battery.initial_state))
    switches = battery.hamiltonian.switching_times()
    if switches is None:
        _dop853(terms, state, times, emit, tol)
        return
    edges = [0.0, *(s for s in switches if 0 < s < times[-1]), float(times[-1])]
    for k in np.nonzero(times <= 0)[0]:
        emit(int(k), state)
    for start, end in itertools.pairwise(edges):
        generator = sp.csr_matrix(sum(float(f(0.5 * (start + end))) * m for m, f in terms))
        inside = np.nonzero((times > start) & (times <= end))[0]
        first = int(inside[0]) if inside.size else 0
        state = krylov_propagate(
            generator, state, start, end, times[inside], first, emit, tol, krylov_dimension
        )


def _check_options(tol: float, krylov_dimension: int) -> tuple[float, int]:
    if not 1e-14 <= tol < 1:
        raise QBatteryValueError(
            f"options: tol must lie in [1e-14, 1) (double-precision round-off), got {tol!r}"
        )
    dimension = positive_int(krylov_dimension, "krylov_dimension")
    if dimension < 4:
        raise QBatteryValueError(
            f"options: krylov_dimension must be at least 4, got {dimension}; 20-40 is typical"
        )
    return float(tol), dimension


def evolve_permutational(
    battery: Battery,
    times: np.ndarray,
    request: Request,
    *,
    tol: float = 1e-10,
    krylov_dimension: int = 20,
) -> Observables:
    """Charge a battery with an :class:`EnsembleNoise` environment in the block basis.

    Energy, exact power, second moment and truncation edge are linear functionals of the
    packed state; the ergotropy is computed on the full ``2**N`` space from the blocks
    (:func:`qbattery.bases.permutational.permutational_energetics`). ``tol`` is the Krylov
    local error per unit time (DOP853's rtol for continuous drives); ``krylov_dimension`` the
    Arnoldi basis size.
    """
    tol, krylov_dimension = _check_options(tol, krylov_dimension)
    if request.battery_states:
        raise QBatteryValueError(
            "battery_states, resources: method 'permutational' never builds the 2**N-dimensional "
            "battery state; use qbattery.dynamics.permutational.ensemble_states for the blocks"
        )
    system = _BlockBattery(battery)
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
    ergotropy = np.zeros(times.size) if request.ergotropy else None
    battery_blocks = [b.toarray() for b in _battery_hamiltonian_blocks(system, battery)]
    pending: dict[int, np.ndarray] = {}

    def flush() -> None:
        if ergotropy is None or not pending:
            return
        index = np.fromiter(pending, dtype=int)
        blocks = system.battery_blocks(packing.unpack(np.array(list(pending.values()))))
        ergotropy[index] = permutational_energetics(
            blocks, battery_blocks, system.blocks, validate=False
        ).ergotropy
        pending.clear()

    def emit(index: int, state: np.ndarray) -> None:
        values[index] = readout @ state
        if ergotropy is not None:
            pending[index] = state.copy()
            if len(pending) >= _BATCH:
                flush()

    _propagate(system, battery, terms, times, emit, tol, krylov_dimension)
    flush()
    amplitudes = np.array([[float(f(t)) for _, f in terms] for t in times])
    observables.energy[:] = values[:, 0]
    observables.power[:] = np.einsum("tk,tk->t", amplitudes, values[:, 1 : len(terms) + 1])
    extra = len(terms) + 1
    if observables.second_moment is not None:
        observables.second_moment[:] = values[:, extra]
        extra += 1
    if observables.edge_population is not None:
        observables.edge_population[:] = values[:, extra]
    observables.ergotropy = ergotropy
    return observables


def _battery_hamiltonian_blocks(system: _BlockBattery, battery: Battery) -> list[sp.csr_matrix]:
    """H_B (on the cells' reduced basis) cut into its blocks."""
    h = sp.csr_matrix(to_sparse(battery.battery_hamiltonian))
    return [sp.csr_matrix(h[s][:, s]) for s in system.blocks.slices()]


def ensemble_states(
    battery: Battery,
    times: Any,
    *,
    tol: float = 1e-10,
    krylov_dimension: int = 20,
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
        As :func:`evolve_permutational`.
    battery_only : bool
        Trace out the boson mode (if any), leaving the cells' blocks.

    Returns
    -------
    list of arrays (n, n_j, n_j)
        One per total spin j = N/2, N/2 - 1, ... (``rho = (+)_j rho_j (x) 1 / d_j``), ready for
        :func:`qbattery.bases.permutational.permutational_energetics`.
    """
    tol, krylov_dimension = _check_options(tol, krylov_dimension)
    grid = np.asarray(times, dtype=float)
    if grid.ndim != 1 or grid.size == 0 or grid[0] < 0 or np.any(np.diff(grid) <= 0):
        raise QBatteryValueError("times: expected a non-empty, non-negative, increasing 1-D array")
    system = _BlockBattery(battery)
    states = np.empty((grid.size, system.packing.size))

    def emit(index: int, state: np.ndarray) -> None:
        states[index] = state

    _propagate(system, battery, _generators(system, battery), grid, emit, tol, krylov_dimension)
    blocks = system.packing.unpack(states)
    return system.battery_blocks(blocks) if battery_only else blocks
