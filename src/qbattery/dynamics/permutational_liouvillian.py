"""The Lindblad generator of N identical two-level cells on their permutation-invariant blocks.

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

The generator is complex here; :mod:`qbattery.dynamics.permutational` turns it into a real
matrix on the packed blocks and integrates it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from qbattery.bases.permutational import HermitianPacking, PermutationalBlocks, spin_matrix
from qbattery.environments.ensemble import EnsembleNoise

__all__ = ["block_commutator", "block_liouvillian", "local_transition"]

#: Local noise channels and the shift of m each one causes.
_SHIFTS = {"emission": -1, "dephasing": 0, "pumping": 1}


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

    Examples
    --------
    For one spin (``j = 1/2``), emission maps ``|e><e|`` to ``|g><g|``: ``B = sigma_-`` in the
    basis ``m = -1/2, 1/2``:

    >>> from qbattery.dynamics.permutational_liouvillian import local_transition
    >>> local_transition(1, 0.5, 0.5, "emission").toarray()
    array([[0., 1.],
           [0., 0.]])
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
    """COO entries of a superoperator on the concatenated row-major ``vec`` of the blocks.

    Filled one target block at a time (:meth:`finish` after each): kept for the complex
    :meth:`matrix`, or, with a ``packing``, turned at once into that block's rows of the real
    operator on the packed blocks (:meth:`real_matrix`), so that only one block's complex
    entries exist at a time.
    """

    def __init__(self, sizes: Sequence[int], packing: HermitianPacking | None = None) -> None:
        self.starts = np.concatenate([[0], np.cumsum([n * n for n in sizes])])
        self.packing = packing
        self.rows: list[np.ndarray] = []
        self.columns: list[np.ndarray] = []
        self.values: list[np.ndarray] = []
        self.real: list[sp.csr_matrix] = []

    def add(self, target: int, source: int, left: _Op, right: _Op, scale: complex = 1.0) -> None:
        """``rho_target += scale * left rho_source right``: entries of ``kron(left, right^T)``."""
        p, q = right.shape[1], right.shape[0]  # shape of right^T
        self.rows.append((left.rows[:, None] * p + right.columns).ravel() + self.starts[target])
        self.columns.append((left.columns[:, None] * q + right.rows).ravel() + self.starts[source])
        self.values.append((scale * left.values[:, None] * right.values).ravel())

    def finish(self, target: int) -> None:
        """All entries into block ``target`` are in: convert them if assembling the real form."""
        if self.packing is None:
            return
        start = self.starts[target]
        rows = np.concatenate(self.rows) - start if self.rows else np.zeros(0, np.int64)
        columns = np.concatenate(self.columns) if self.columns else np.zeros(0, np.int64)
        values = np.concatenate(self.values) if self.values else np.zeros(0, np.complex128)
        self.real.append(self.packing.real_rows(target, rows, columns, values))
        self.rows, self.columns, self.values = [], [], []

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

    def real_matrix(self) -> sp.csr_matrix:
        """The real operator on the packed blocks, from the rows of every block."""
        size = int(self.starts[-1])
        indptr = [np.zeros(1, dtype=np.int64)]
        for rows in self.real:
            indptr.append(rows.indptr[1:].astype(np.int64) + indptr[-1][-1])
        matrix = sp.csr_matrix(
            (
                np.concatenate([r.data for r in self.real]),
                np.concatenate([r.indices for r in self.real]),
                np.concatenate(indptr),
            ),
            shape=(size, size),
        )
        self.real = []
        return matrix


def block_commutator(
    pieces: Sequence[sp.spmatrix], packing: HermitianPacking | None = None
) -> sp.csr_matrix:
    """``X_b -> -i[h_b, X_b]`` for every block b, on the concatenated row-major ``vec``
    (complex), or, given the ``packing`` of the blocks, on the packed real vector (real).

    Examples
    --------
    ``-i[h, X]`` for ``h = diag(0, 1)`` (row-major ``vec``):

    >>> import numpy as np
    >>> from qbattery.dynamics.permutational_liouvillian import block_commutator
    >>> x = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> h = np.diag([0.0, 1.0])
    >>> commutator = block_commutator([h]) @ x.ravel()
    >>> bool(np.allclose(commutator, (-1j * (h @ x - x @ h)).ravel()))
    True
    """
    entries = _Entries([p.shape[0] for p in pieces], packing)
    for b, h in enumerate(pieces):
        identity = _Op.diagonal(np.ones(h.shape[0]))
        entries.add(b, b, _Op.of(h), identity, -1j)
        entries.add(b, b, identity, _Op.of(h), 1j)
        entries.finish(b)
    return entries.matrix() if packing is None else entries.real_matrix()


def block_liouvillian(
    blocks: PermutationalBlocks,
    hamiltonian: Sequence[sp.spmatrix],
    noise: EnsembleNoise,
    mode_dimension: int = 1,
    packing: HermitianPacking | None = None,
) -> sp.csr_matrix:
    """The Lindblad generator on the concatenated row-major ``vec`` of the blocks, complex;
    given the blocks' ``packing``, the real generator on the packed vector instead (assembled
    block row by block row, never holding the complex matrix).

    Parameters
    ----------
    blocks : PermutationalBlocks
    hamiltonian : sequence of sparse (n_b, n_b)
        ``H`` on each block space ``C^{mode_dimension} (x) V_j`` (mode factor first).
    noise : EnsembleNoise
    mode_dimension : int
        Dimension of a boson mode sharing each block (1: none).
    packing : HermitianPacking, optional
        The packing of blocks of sizes ``mode_dimension * (2j + 1)``.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.bases.permutational import permutational_blocks
    >>> from qbattery.dynamics.permutational_liouvillian import block_liouvillian
    >>> from qbattery.environments.ensemble import EnsembleNoise
    >>> blocks = permutational_blocks(2)
    >>> hamiltonian = [np.zeros((3, 3)), np.zeros((1, 1))]
    >>> block_liouvillian(blocks, hamiltonian, EnsembleNoise(2, emission=1.0)).shape
    (10, 10)
    """
    n, mode = blocks.n_atoms, mode_dimension
    photons = np.repeat(np.arange(mode, dtype=float), 1)
    entries = _Entries([mode * int(size) for size in blocks.sizes], packing)
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
        entries.finish(b)
    return entries.matrix() if packing is None else entries.real_matrix()
