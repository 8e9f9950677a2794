"""Permutation-invariant blocks of N two-level systems: the Dicke basis ``|j, m, alpha>``.

The ``2**N`` product space splits into irreducible representations of the collective spin,

.. code-block:: text

    (C^2)^(x N) = (+)_j  V_j (x) K_j,     j = N/2, N/2 - 1, ..., 1/2 or 0,
    dim V_j = 2j + 1,   dim K_j = d_j = N! (2j + 1) / ((N/2 - j)! (N/2 + j + 1)!)

(Mandel & Wolf, *Optical Coherence and Quantum Optics* sec. 16; Chase & Geremia, PRA 78,
052101 (2008); Shammah et al., PRA 98, 063815 (2018)), with ``sum_j (2j + 1) d_j = 2**N``.
Collective operators act as ``(+)_j A_j (x) 1_{d_j}``, and a permutation-invariant state is
block diagonal,

.. code-block:: text

    rho = (+)_j rho_j (x) 1_{d_j} / d_j,        sum_j Tr rho_j = 1,

so ``Tr[A rho] = sum_j Tr[A_j rho_j]``: the blocks ``rho_j`` ((2j+1) x (2j+1)) carry all the
information (QuTiP's ``piqs`` uses the same normalisation). The *reduced basis* is the direct sum
``(+)_j V_j`` of dimension ``D = sum_j (2j + 1)``; its basis states are ordered block by block
(j = N/2 first) and, inside a block, by ``m = -j, ..., j`` (``k = m + j`` excitations above the
block's lowest state), matching :mod:`qbattery.models.ladders` for j = N/2.

Full-space spectra (docs/conventions.md): each eigenvalue ``lambda`` of ``rho_j`` is an eigenvalue
``lambda / d_j`` of ``rho`` with multiplicity ``d_j``, and each eigenvalue ``e`` of ``A_j`` an
eigenvalue of ``A`` with multiplicity ``d_j``. Ergotropy, antiergotropy and capacity pair these
weighted spectra (:mod:`qbattery.bases.permutational_energetics`) without building the ``2**N``
space.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import scipy.sparse as sp

from qbattery.errors import QBatteryValueError
from qbattery.validation import positive_int

__all__ = [
    "MAX_ATOMS",
    "HermitianPacking",
    "PermutationalBlocks",
    "dicke_degeneracy",
    "permutational_blocks",
    "spin_matrix",
]

#: Most two-level systems handled: 2**N must stay a finite double (the fractions d_j / 2**N of
#: the full space are formed in double precision).
MAX_ATOMS = 1000


def dicke_degeneracy(n_atoms: int, spin: float | Sequence[float] | np.ndarray) -> np.ndarray:
    """Multiplicity ``d_j = N! (2j+1) / ((N/2 - j)! (N/2 + j + 1)!)`` of total spin ``j``.

    Evaluated exactly in integers as ``binomial(N, N/2 - j) - binomial(N, N/2 - j - 1)`` and
    rounded once to double precision (finite for N <= ``MAX_ATOMS``).

    Parameters
    ----------
    n_atoms : int
        N >= 1.
    spin : float or array
        ``j`` in ``N/2, N/2 - 1, ..., 0 or 1/2``.

    Returns
    -------
    float array of the shape of ``spin``

    Examples
    --------
    >>> dicke_degeneracy(4, [2, 1, 0]).tolist()
    [1.0, 3.0, 2.0]
    """
    n = positive_int(n_atoms, "n_atoms")
    spins = np.asarray(spin, dtype=float)
    twice = np.rint(2 * spins)
    if (
        np.any(np.abs(2 * spins - twice) > 1e-9)
        or np.any(twice < 0)
        or np.any(twice > n)
        or (np.any((n - twice) % 2 != 0))
    ):
        raise QBatteryValueError(
            f"spin: total spins of {n} two-level systems are N/2, N/2 - 1, ..., down to 0 or "
            f"1/2; got {spin!r}"
        )
    return np.array([float(_degeneracy(n, int(t))) for t in twice.ravel()]).reshape(spins.shape)


def _degeneracy(n: int, twice_spin: int) -> int:
    """Exact ``d_j`` for ``j = twice_spin / 2``."""
    k = (n - twice_spin) // 2
    return math.comb(n, k) - (math.comb(n, k - 1) if k > 0 else 0)


def spin_matrix(spin: float, component: str) -> sp.csr_matrix:
    """Spin-``j`` matrix ``J_component`` (``"x", "y", "z", "+", "-"``) in the basis ``m = -j..j``.

    ``J_+ |j, m> = sqrt((j - m)(j + m + 1)) |j, m + 1>``, ``J_x = (J_+ + J_-)/2``,
    ``J_y = (J_+ - J_-)/(2i)``.

    Examples
    --------
    >>> from qbattery.bases.permutational import spin_matrix
    >>> spin_matrix(1.0, "z").diagonal().real
    array([-1.,  0.,  1.])
    >>> spin_matrix(0.5, "+").toarray().real
    array([[0., 0.],
           [1., 0.]])
    """
    m = np.arange(-spin, spin + 0.5)
    size = m.size
    if component == "z":
        return sp.csr_matrix(sp.diags_array(m.astype(np.complex128)))
    raising = sp.csr_matrix(
        sp.diags_array(
            np.sqrt((spin - m[:-1]) * (spin + m[:-1] + 1)), offsets=-1, shape=(size,) * 2
        ),
        dtype=np.complex128,
    )
    operators = {
        "+": raising,
        "-": raising.T,
        "x": (raising + raising.T) / 2,
        "y": (raising - raising.T) / 2j,
    }
    if component not in operators:
        raise QBatteryValueError(
            f"component: unknown spin component {component!r}; use 'x', 'y', 'z', '+' or '-'"
        )
    return sp.csr_matrix(operators[component])


@dataclass(frozen=True, eq=False)
class PermutationalBlocks:
    """The block structure of N two-level systems (module docstring).

    Attributes
    ----------
    n_atoms : int
    spins : array (B,)
        Total spins ``j``, decreasing from N/2.
    sizes : array (B,)
        Block dimensions ``2j + 1``.
    offsets : array (B + 1,)
        Start of each block in the reduced basis; ``offsets[-1]`` is its dimension D.
    exact_degeneracies : tuple of int
        ``d_j`` as Python integers.

    Examples
    --------
    Four two-level systems: blocks ``j = 2, 1, 0`` of sizes 5, 3, 1, with 1, 3 and 2 copies in
    the ``2^4 = 16``-dimensional space:

    >>> from qbattery.bases.permutational import permutational_blocks
    >>> blocks = permutational_blocks(4)
    >>> blocks.sizes.tolist(), blocks.degeneracies.tolist()
    ([5, 3, 1], [1.0, 3.0, 2.0])
    """

    n_atoms: int
    spins: np.ndarray
    sizes: np.ndarray
    offsets: np.ndarray
    exact_degeneracies: tuple[int, ...]

    @property
    def dimension(self) -> int:
        """D = sum_j (2j + 1): ``(N/2 + 1)**2`` for even N, ``(N + 1)(N + 3)/4`` for odd N."""
        return int(self.offsets[-1])

    @property
    def degeneracies(self) -> np.ndarray:
        """``d_j`` as floats (correctly rounded; exact below 2**53)."""
        return np.array([float(d) for d in self.exact_degeneracies])

    @property
    def log_degeneracies(self) -> np.ndarray:
        """``ln d_j``."""
        return np.array([math.log(d) for d in self.exact_degeneracies])

    @cached_property
    def fractions(self) -> np.ndarray:
        """``d_j / 2**N``: the share of the full space taken by one state of block j."""
        return self.degeneracies / 2.0**self.n_atoms

    @cached_property
    def magnetic_numbers(self) -> np.ndarray:
        """``m`` of every reduced-basis state, shape (D,)."""
        return np.concatenate([np.arange(-j, j + 0.5) for j in self.spins])

    @cached_property
    def block_of(self) -> np.ndarray:
        """Block index of every reduced-basis state, shape (D,)."""
        return np.repeat(np.arange(self.spins.size), self.sizes)

    def slices(self) -> list[slice]:
        """Each block's range in the reduced basis.

        Examples
        --------
        >>> from qbattery.bases.permutational import permutational_blocks
        >>> permutational_blocks(2).slices()
        [slice(0, 3, None), slice(3, 4, None)]
        """
        return [slice(int(a), int(b)) for a, b in itertools.pairwise(self.offsets)]

    def collective(self, component: str) -> sp.csr_matrix:
        """``J_component = (+)_j J_component^(j)`` on the reduced basis, sparse (D, D).

        Examples
        --------
        ``J_z`` on two spins: ``m = -1, 0, 1`` in the triplet, then ``0`` for the singlet:

        >>> from qbattery.bases.permutational import permutational_blocks
        >>> permutational_blocks(2).collective("z").diagonal().real
        array([-1.,  0.,  1.,  0.])
        """
        return sp.csr_matrix(
            sp.block_diag([spin_matrix(j, component) for j in self.spins], format="csr"),
            dtype=np.complex128,
        )

    def excitation_blocks(self, omega: float = 1.0) -> list[np.ndarray]:
        """Blocks of ``H_B = omega (J_z + N/2)``: ``diag(omega (m + N/2))``, m = -j..j.

        Examples
        --------
        >>> from qbattery.bases.permutational import permutational_blocks
        >>> permutational_blocks(2).excitation_blocks()
        [array([[0., 0., 0.],
               [0., 1., 0.],
               [0., 0., 2.]]), array([[1.]])]
        """
        return [np.diag(omega * (np.arange(-j, j + 0.5) + self.n_atoms / 2)) for j in self.spins]


@lru_cache(maxsize=32)
def _blocks(n: int) -> PermutationalBlocks:
    spins = (n - 2 * np.arange(n // 2 + 1)) / 2
    sizes = (2 * spins + 1).round().astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    for array in (spins, sizes, offsets):
        array.setflags(write=False)
    exact = tuple(_degeneracy(n, int(t)) for t in np.rint(2 * spins))
    return PermutationalBlocks(n, spins, sizes, offsets, exact)


def permutational_blocks(n_atoms: int) -> PermutationalBlocks:
    """The block structure of ``n_atoms`` two-level systems.

    Examples
    --------
    >>> blocks = permutational_blocks(4)
    >>> blocks.spins.tolist(), blocks.sizes.tolist(), blocks.dimension
    ([2.0, 1.0, 0.0], [5, 3, 1], 9)
    >>> float((blocks.sizes * blocks.degeneracies).sum())
    16.0
    """
    n = positive_int(n_atoms, "n_atoms")
    if n > MAX_ATOMS:
        raise QBatteryValueError(
            f"n_atoms: {n} two-level systems exceed the {MAX_ATOMS} handled (2**N overflows "
            "double precision); use fewer"
        )
    return _blocks(n)


# -- real packing of Hermitian blocks -------------------------------------------------------


class HermitianPacking:
    """Hermitian blocks of sizes ``n_b`` as one real vector of length ``S = sum_b n_b**2``.

    Block b contributes, for every ``a <= c`` in row-major upper-triangle order, ``Re rho_ac``
    and (for ``a < c``) ``Im rho_ac``. The complex row-major vectorisation of the blocks,
    ``vec(rho)`` (also of length S), is ``P u`` with the sparse map :meth:`expansion`; a
    superoperator ``L`` on ``vec(rho)`` that preserves Hermiticity becomes the real matrix
    :meth:`real_operator`. Real arithmetic halves storage and keeps the state exactly Hermitian.

    Examples
    --------
    One 2 x 2 block packs into ``Re rho_00, Re rho_01, Im rho_01, Re rho_11``:

    >>> import numpy as np
    >>> from qbattery.bases.permutational import HermitianPacking
    >>> packing = HermitianPacking([2])
    >>> packing.pack([np.array([[0.5, 0.1 + 0.2j], [0.1 - 0.2j, 0.5]])])
    array([0.5, 0.1, 0.2, 0.5])
    """

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = [int(s) for s in sizes]
        positions, imaginary = [], []
        diagonal_of: list[np.ndarray] = []
        self._triangles = []
        total = sum(n * n for n in self.sizes)
        # for every complex position (a, c): packed x and y of its upper representative, and
        # the sign of Im (rho_ca = conj(rho_ac)); y and sign are -1 and 0 on the diagonal
        self._x_of = np.empty(total, dtype=np.int64)
        self._y_of = np.empty(total, dtype=np.int64)
        self._sign = np.empty(total, dtype=np.int8)
        complex_start = packed_start = 0
        for n in self.sizes:
            a, c = np.triu_indices(n)
            off = a != c
            upper = complex_start + a * n + c
            lower = complex_start + c * n + a
            # packed coordinate k: x_ac for every pair, then y_ac right after it if a < c
            count = np.where(off, 2, 1)
            x_local = np.concatenate([[0], np.cumsum(count)[:-1]])
            x_index = packed_start + x_local
            y_index = x_index[off] + 1
            self._triangles.append((a, c, x_local, x_local[off] + 1, off))
            positions.append(np.empty(n * n, dtype=np.int64))
            imaginary.append(np.zeros(n * n, dtype=bool))
            positions[-1][x_index - packed_start] = upper
            positions[-1][y_index - packed_start] = upper[off]
            imaginary[-1][y_index - packed_start] = True
            diagonal_of.append(x_index[~off])
            y_full = np.where(off, x_index + 1, -1)
            self._x_of[upper], self._x_of[lower] = x_index, x_index
            self._y_of[upper], self._y_of[lower] = y_full, y_full
            self._sign[upper], self._sign[lower[off]] = off, -1
            complex_start += n * n
            packed_start += n * n
        self.size = packed_start
        self._diagonal = np.concatenate(diagonal_of)
        self._positions = np.concatenate(positions)
        self._imaginary = np.concatenate(imaginary)
        self._starts = np.concatenate([[0], np.cumsum([n * n for n in self.sizes])])
        self._diagonal_starts = np.concatenate([[0], np.cumsum(self.sizes)[:-1]])

    @cached_property
    def _expansion(self) -> sp.csr_matrix:
        position = np.arange(self.size)
        off = self._sign != 0
        rows = np.concatenate([position, position[off]])
        columns = np.concatenate([self._x_of, self._y_of[off]])
        values = np.concatenate([np.ones(self.size), 1j * self._sign[off]])
        return sp.csr_matrix(
            (values, (rows, columns)), shape=(self.size, self.size), dtype=np.complex128
        )

    def expansion(self) -> sp.csr_matrix:
        """``P``: packed real vector -> complex row-major ``vec`` of the blocks, (S, S).

        Examples
        --------
        ``vec(rho) = P u`` (row-major):

        >>> import numpy as np
        >>> from qbattery.bases.permutational import HermitianPacking
        >>> packing = HermitianPacking([2])
        >>> rho = np.array([[0.5, 0.1 + 0.2j], [0.1 - 0.2j, 0.5]])
        >>> bool(np.allclose(packing.expansion() @ packing.pack([rho]), rho.ravel()))
        True
        """
        return self._expansion

    def real_operator(self, superoperator: sp.spmatrix) -> sp.csr_matrix:
        """The real (S, S) matrix of a Hermiticity-preserving map given on ``vec(rho)``.

        Examples
        --------
        The map ``rho -> -i[H, rho]`` with ``H = diag(0, 1)`` (row-major ``vec``) as a real matrix,
        applied to a packed state, equals the packed commutator:

        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.bases.permutational import HermitianPacking
        >>> h = np.diag([0.0, 1.0])
        >>> generator = sp.csr_matrix(-1j * (np.kron(h, np.eye(2)) - np.kron(np.eye(2), h.T)))
        >>> packing = HermitianPacking([2])
        >>> rho = np.array([[0.5, 0.1 + 0.2j], [0.1 - 0.2j, 0.5]])
        >>> change = packing.real_operator(generator) @ packing.pack([rho])
        >>> bool(np.allclose(change, packing.pack([-1j * (h @ rho - rho @ h)])))
        True
        """
        coo = sp.coo_matrix(superoperator)
        return self._real_entries(coo.row, coo.col, coo.data, 0, self.size)

    def real_rows(
        self, index: int, rows: np.ndarray, columns: np.ndarray, values: np.ndarray
    ) -> sp.csr_matrix:
        """Rows of block ``index`` of :meth:`real_operator`, shape (n_b**2, S).

        ``rows`` (positions in block ``index``'s row-major ``vec``), ``columns`` (positions in
        the whole ``vec``) and ``values`` are the map's complex entries into that block
        (duplicates summed). Assembling block row by block row keeps the temporaries at the
        size of one block.

        Examples
        --------
        The rows of the one block of :meth:`real_operator`, from the block's nonzero entries (rows,
        columns and values of the superoperator in ``vec`` coordinates):

        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.bases.permutational import HermitianPacking
        >>> h = np.diag([0.0, 1.0])
        >>> generator = sp.coo_matrix(-1j * (np.kron(h, np.eye(2)) - np.kron(np.eye(2), h.T)))
        >>> packing = HermitianPacking([2])
        >>> rows = packing.real_rows(0, generator.row, generator.col, generator.data)
        >>> bool(np.allclose(rows.toarray(), packing.real_operator(generator.tocsr()).toarray()))
        True
        """
        start = int(self._starts[index])
        return self._real_entries(rows + start, columns, values, start, self.sizes[index] ** 2)

    def _real_entries(
        self, rows: np.ndarray, columns: np.ndarray, values: np.ndarray, start: int, count: int
    ) -> sp.csr_matrix:
        """Real rows ``start .. start + count`` from complex entries at ``vec`` positions.

        With ``rho_cd = x + i s y`` (``s`` = +1 above the diagonal, -1 below, 0 on it), an
        entry ``v`` from ``rho_cd`` into ``out_ab`` (``a <= b`` only: the lower triangle is the
        conjugate) gives ``Re v`` and ``-s Im v`` into ``x_ab`` from ``x_cd`` and ``y_cd``,
        ``Im v`` and ``s Re v`` into ``y_ab``.
        """
        keep = self._sign[rows] >= 0
        rows, columns = rows[keep], columns[keep]
        values = np.asarray(values, dtype=np.complex128)[keep]
        real, imag = values.real, values.imag
        sign = self._sign[columns].astype(float)
        row_x, row_y = self._x_of[rows], self._y_of[rows]
        column_x, column_y = self._x_of[columns], self._y_of[columns]
        into_y = row_y >= 0
        from_y = sign != 0
        both = into_y & from_y
        matrix = sp.coo_matrix(
            (
                np.concatenate([real, -(sign * imag)[from_y], imag[into_y], (sign * real)[both]]),
                (
                    np.concatenate([row_x, row_x[from_y], row_y[into_y], row_y[both]]) - start,
                    np.concatenate([column_x, column_y[from_y], column_x[into_y], column_y[both]]),
                ),
            ),
            shape=(count, self.size),
        ).tocsr()
        matrix.eliminate_zeros()
        return matrix

    def functional(self, operators: Sequence[np.ndarray | sp.spmatrix]) -> np.ndarray:
        """``v`` with ``Tr[O rho] = v . u`` for Hermitian blocks ``O_b``, shape (S,).

        ``Tr[O rho] = sum_a O_aa x_aa + sum_{a<c} (2 Re O_ac x_ac + 2 Im O_ac y_ac)``.

        Examples
        --------
        ``Tr[H rho] = v . u``: the energy of ``rho`` for ``H = diag(0, 1)`` is 0.5:

        >>> import numpy as np
        >>> from qbattery.bases.permutational import HermitianPacking
        >>> packing = HermitianPacking([2])
        >>> rho = np.array([[0.5, 0.1 + 0.2j], [0.1 - 0.2j, 0.5]])
        >>> float(packing.functional([np.diag([0.0, 1.0])]) @ packing.pack([rho]))
        0.5
        """
        flat = np.concatenate([np.asarray(sp.csr_matrix(o).toarray()).ravel() for o in operators])
        upper = self._sign >= 0
        weight = np.where(self._sign[upper] > 0, 2.0, 1.0)
        out = np.zeros(self.size)
        np.add.at(out, self._x_of[upper], weight * flat[upper].real)
        off = self._sign > 0
        np.add.at(out, self._y_of[off], 2.0 * flat[off].imag)
        return out

    def pack(self, blocks: Sequence[np.ndarray]) -> np.ndarray:
        """Blocks (..., n_b, n_b) -> packed (..., S).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.permutational import HermitianPacking
        >>> HermitianPacking([1, 2]).pack([np.array([[1.0]]), np.eye(2) / 2])
        array([1. , 0.5, 0. , 0. , 0.5])
        """
        flat = np.concatenate([np.reshape(b, (*np.shape(b)[:-2], -1)) for b in blocks], axis=-1)
        chosen = flat[..., self._positions]
        return np.where(self._imaginary, chosen.imag, chosen.real)

    def unpack(self, packed: np.ndarray) -> list[np.ndarray]:
        """Packed (..., S) -> Hermitian blocks (..., n_b, n_b), complex.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.permutational import HermitianPacking
        >>> packing = HermitianPacking([2])
        >>> rho = np.array([[0.5, 0.1 + 0.2j], [0.1 - 0.2j, 0.5]])
        >>> bool(np.allclose(packing.unpack(packing.pack([rho]))[0], rho))
        True
        """
        return [self.block(packed, index) for index in range(len(self.sizes))]

    def block(self, packed: np.ndarray, index: int) -> np.ndarray:
        """Block ``index`` of packed (..., S) as Hermitian matrices (..., n_b, n_b), complex.

        Reads only the block's own stretch of the packed vector (one block at a time keeps
        the temporaries at the size of the block).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.permutational import HermitianPacking
        >>> packing = HermitianPacking([1, 2])
        >>> packing.block(packing.pack([np.array([[1.0]]), np.eye(2) / 2]), 1).real
        array([[0.5, 0. ],
               [0. , 0.5]])
        """
        n = self.sizes[index]
        segment = np.asarray(packed)[..., self._starts[index] : self._starts[index + 1]]
        rows, columns, x_at, y_at, off = self._triangles[index]
        upper = segment[..., x_at].astype(np.complex128)
        upper[..., off] += 1j * segment[..., y_at]
        out = np.zeros((*segment.shape[:-1], n, n), dtype=np.complex128)
        out[..., rows, columns] = upper
        out[..., columns[off], rows[off]] = np.conj(upper[..., off])
        return out

    def traces(self, packed: np.ndarray) -> np.ndarray:
        """``Tr rho_b`` of packed (..., S), shape (..., B).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.permutational import HermitianPacking
        >>> packing = HermitianPacking([1, 2])
        >>> packing.traces(packing.pack([np.array([[0.25]]), np.eye(2) * 0.375]))
        array([0.25, 0.75])
        """
        diagonal = np.asarray(packed)[..., self._diagonal]
        return np.add.reduceat(diagonal, self._diagonal_starts, axis=-1)
