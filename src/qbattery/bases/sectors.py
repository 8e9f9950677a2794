"""Excitation-number sectors: bases of product states ``|r_i>|b_i>`` (charger r, battery b).

A model that conserves an excitation number ``Q = Q_C(r) + Q_B(b)`` (rotating-wave models:
Tavis-Cummings, Jaynes-Cummings and their variants) never leaves the sectors of fixed Q its initial
state occupies. In the Tavis-Cummings battery with n photons and N atoms in |g>, the one sector
is spanned by ``|n - k>_C |k>_B``, k = 0..min(n, N): N + 1 states instead of (n + 1)(N + 1)
(docs/conventions.md; Ferraro et al., PRL 120, 117702 (2018)). Within one sector the battery label b
fixes the charger label r (when, as in the symmetric Dicke basis, Q_B tells the battery states
apart), so every basis state carries a different charger label and the reduced battery state is
diagonal in the battery basis,

    rho_B = sum_i |psi_i|^2 |b_i><b_i|,

and the battery's energy and ergotropy follow from its populations alone, even when the battery
space is far too large for a dense reduced density matrix.

A charger state that is a superposition or mixture of photon numbers (coherent, squeezed,
thermal) occupies several sectors: :class:`ExcitationSector` then describes their direct sum,
block by block. A product state is never in two sectors, so the union is again a set of
distinct product states, and for any state on it

    rho_B[b, b'] = sum_r M[r, b] conj(M[r, b']),     M[r_i, b_i] = psi_i

(the partial trace over the charger; :meth:`ExcitationSector.reduced_states`). Two states of
different sectors q, q' with the same charger label r have ``Q_B(b) - Q_B(b') = q - q'``: the
cross-sector terms of rho_B are coherences between battery levels of different excitation
number, which the populations (and so the energy) never see, but the ergotropy does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.validation import positive_int

__all__ = ["ExcitationSector", "matrix_products", "restrict_product_terms", "sector_labels"]


@dataclass(frozen=True)
class ExcitationSector:
    """Which battery (and charger) basis state each basis state ``|r_i>|b_i>`` carries.

    Parameters
    ----------
    battery_index : int array (D,)
        ``b_i`` for every basis state, in ``0..battery_dimension - 1``.
    battery_dimension : int
        Dimension of the battery's own space (e.g. N + 1 in the symmetric Dicke basis).
    charger_index : int array (D,), optional
        ``r_i`` for every basis state (any integers naming the charger's product basis states).
        Omitted for one sector whose charger labels are all distinct.
    block_sizes : tuple of int, optional
        The space is the direct sum of consecutive blocks of these sizes (one per sector, in
        order), each left invariant by the Hamiltonian. Default (empty): one block.

    Examples
    --------
    >>> two = ExcitationSector(np.array([0, 0, 1]), 2, np.array([1, 2, 1]), block_sizes=[1, 2])
    >>> two.dimension, two.diagonal, [block.stop for block in two.blocks]
    (3, False, [1, 3])
    """

    battery_index: np.ndarray
    battery_dimension: int
    charger_index: np.ndarray | None = None
    block_sizes: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        index = _labels(self.battery_index, "battery_index")
        size = positive_int(self.battery_dimension, "battery_dimension")
        if index.min() < 0 or index.max() >= size:
            raise QBatteryValueError(
                f"battery_index: labels must lie in 0..{size - 1}, got {index.min()}..{index.max()}"
            )
        charger = None
        if self.charger_index is not None:
            charger = _labels(self.charger_index, "charger_index")
            if charger.size != index.size:
                raise DimensionError(
                    f"charger_index: {charger.size} labels for {index.size} basis states; give "
                    "one charger label per battery label"
                )
            pairs = np.unique(np.stack([charger, index]), axis=1).shape[1]
            if pairs != index.size:
                raise QBatteryValueError(
                    "charger_index: two basis states carry the same (charger, battery) labels; "
                    "a sector basis lists distinct product states"
                )
        sizes = tuple(self.block_sizes) or (index.size,)
        if any(int(s) < 1 for s in sizes) or sum(int(s) for s in sizes) != index.size:
            raise DimensionError(
                f"block_sizes: {list(sizes)} must be positive and add up to the {index.size} "
                "basis states"
            )
        object.__setattr__(self, "battery_index", index)
        object.__setattr__(self, "battery_dimension", size)
        object.__setattr__(self, "charger_index", charger)
        object.__setattr__(self, "block_sizes", tuple(int(s) for s in sizes))

    @property
    def dimension(self) -> int:
        """Dimension D of the space (all blocks)."""
        return int(self.battery_index.size)

    @property
    def blocks(self) -> tuple[slice, ...]:
        """The basis states of each block, as slices of ``0..D - 1``."""
        edges = np.concatenate([[0], np.cumsum(self.block_sizes)])
        return tuple(slice(int(a), int(b)) for a, b in pairwise(edges))

    @cached_property
    def _rows(self) -> tuple[np.ndarray, int]:
        """Each basis state's charger label as a row number ``0..n_r - 1``, and ``n_r``."""
        if self.charger_index is None:
            return np.arange(self.dimension), self.dimension
        labels, rows = np.unique(self.charger_index, return_inverse=True)
        return rows.ravel(), int(labels.size)

    @property
    def amplitude_rows(self) -> int:
        """``n_r``: the number of distinct charger labels (rows of :meth:`amplitude_matrices`)."""
        return self._rows[1]

    @cached_property
    def amplitude_positions(self) -> np.ndarray:
        """Where each basis state's amplitude goes in a flattened ``(n_r, d_B)`` matrix."""
        return self._rows[0] * self.battery_dimension + self.battery_index

    @property
    def diagonal(self) -> bool:
        """Whether every basis state carries its own charger label, so that the reduced battery
        state of *any* state on this space is diagonal in the battery basis."""
        return self._rows[1] == self.dimension

    def block_is_diagonal(self, block: slice) -> bool:
        """Whether the charger labels within ``block`` are distinct (a state on that block alone
        has a diagonal reduced battery state).

        Examples
        --------
        The second block holds charger labels 2 and 1 (distinct): a state on it alone has a diagonal
        battery state.

        >>> import numpy as np
        >>> from qbattery.bases.sectors import ExcitationSector
        >>> two = ExcitationSector(np.array([0, 0, 1]), 2, np.array([1, 2, 1]), block_sizes=[1, 2])
        >>> two.block_is_diagonal(two.blocks[1])
        True
        """
        rows = self._rows[0][block]
        return bool(np.unique(rows).size == rows.size)

    def embed(self, h_battery: np.ndarray | sp.spmatrix) -> sp.csr_matrix:
        """``H_B (x) 1`` restricted to the space: ``diag(H_B[b_i, b_i])``.

        Raises if ``h_battery`` is not diagonal: the battery basis must be its eigenbasis.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.sectors import ExcitationSector
        >>> sector = ExcitationSector(np.array([0, 1]), 2)
        >>> sector.embed(np.diag([0.0, 1.0])).diagonal().real
        array([0., 1.])
        """
        matrix = sp.csr_matrix(h_battery)
        diagonal = matrix.diagonal()
        off_diagonal = matrix - sp.diags(diagonal)
        if off_diagonal.nnz and abs(off_diagonal).max() > 0:
            raise QBatteryValueError(
                "battery_hamiltonian: a sector battery needs H_B diagonal in the battery basis"
            )
        return sp.diags(diagonal[self.battery_index], format="csr").astype(np.complex128)

    def populations(self, weights: np.ndarray) -> np.ndarray:
        """Battery populations from weights |psi_i|^2 (or rho_ii): (n, D) -> (n, d_B).

        The diagonal of the reduced battery state, for any state (a product state is never
        counted twice).

        Examples
        --------
        States ``|1>|g>`` and ``|0>|e>`` with weights 0.25 and 0.75: the battery holds
        ``p_e = 0.75``.

        >>> import numpy as np
        >>> from qbattery.bases.sectors import ExcitationSector
        >>> sector = ExcitationSector(np.array([0, 1]), 2)
        >>> sector.populations(np.array([[0.25, 0.75]]))
        array([[0.25, 0.75]])
        """
        selection = sp.csr_matrix(
            (np.ones(self.dimension), (self.battery_index, np.arange(self.dimension))),
            shape=(self.battery_dimension, self.dimension),
        )
        return np.asarray((selection @ weights.T).T)

    def amplitude_matrices(self, kets: np.ndarray, states: slice | None = None) -> np.ndarray:
        """Kets (n, D) as matrices ``M[r, b]`` (n, n_r, d_B), ``M[r_i, b_i] = psi_i``.

        With ``states``, the kets (n, len) hold only those basis states (the rest zero).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.sectors import ExcitationSector
        >>> sector = ExcitationSector(np.array([0, 1]), 2)
        >>> sector.amplitude_matrices(np.array([[0.6, 0.8]])).real
        array([[[0.6, 0. ],
                [0. , 0.8]]])
        """
        n_rows = self.amplitude_rows
        flat = self.amplitude_positions[slice(None) if states is None else states]
        matrices = np.zeros((kets.shape[0], n_rows * self.battery_dimension), dtype=complex)
        matrices[:, flat] = kets
        return matrices.reshape(kets.shape[0], n_rows, self.battery_dimension)

    def reduced_states(self, kets: np.ndarray) -> np.ndarray:
        """Reduced battery states ``M^T conj(M)`` of kets (n, D): shape (n, d_B, d_B).

        Examples
        --------
        ``0.6 |1>|g> + 0.8 |0>|e>``: the charger labels differ, so the battery state is diagonal,
        ``diag(0.36, 0.64)``.

        >>> import numpy as np
        >>> from qbattery.bases.sectors import ExcitationSector
        >>> sector = ExcitationSector(np.array([0, 1]), 2)
        >>> np.round(sector.reduced_states(np.array([[0.6, 0.8]])).real, 12)
        array([[[0.36, 0.  ],
                [0.  , 0.64]]])
        """
        if self.diagonal:
            return _diagonal_matrices(self.populations(np.abs(kets) ** 2))
        return matrix_products(self.amplitude_matrices(kets))

    def reduced_states_of_matrices(self, rho: np.ndarray) -> np.ndarray:
        """Reduced battery states of density matrices (n, D, D): shape (n, d_B, d_B).

        ``rho_B[b, b'] = sum rho[i, j]`` over the pairs with ``r_i = r_j``, ``b_i = b``,
        ``b_j = b'``.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.sectors import ExcitationSector
        >>> sector = ExcitationSector(np.array([0, 1]), 2)
        >>> psi = np.array([0.6, 0.8])
        >>> np.round(sector.reduced_states_of_matrices(np.outer(psi, psi)[None]).real, 12)
        array([[[0.36, 0.  ],
                [0.  , 0.64]]])
        """
        if self.diagonal:
            return _diagonal_matrices(self.populations(np.real(np.diagonal(rho, 0, -2, -1))))
        rows = self._rows[0]
        order = np.argsort(rows, kind="stable")
        starts = np.searchsorted(rows[order], np.arange(self._rows[1] + 1))
        d_b = self.battery_dimension
        result = np.zeros((rho.shape[0], d_b * d_b), dtype=complex)
        for start, stop in pairwise(starts):
            group = order[start:stop]
            pairs = (self.battery_index[group][:, None] * d_b + self.battery_index[group]).ravel()
            result[:, pairs] += rho[:, group[:, None], group[None, :]].reshape(rho.shape[0], -1)
        return result.reshape(rho.shape[0], d_b, d_b)


def matrix_products(matrices: np.ndarray) -> np.ndarray:
    """``M^T conj(M)`` for every matrix of a stack (n, n_r, d_B): shape (n, d_B, d_B).

    One BLAS product per matrix (a batched ``matmul`` on these strides falls back to a slow
    loop in NumPy).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.bases.sectors import matrix_products
    >>> matrix_products(np.array([[[0.6, 0.0], [0.0, 0.8]]])).real
    array([[[0.36, 0.  ],
            [0.  , 0.64]]])
    """
    result = np.empty((matrices.shape[0], matrices.shape[2], matrices.shape[2]), dtype=complex)
    for index, matrix in enumerate(matrices):
        result[index] = matrix.T @ np.conj(matrix)
    return result


def _diagonal_matrices(populations: np.ndarray) -> np.ndarray:
    d = populations.shape[-1]
    result = np.zeros((*populations.shape[:-1], d, d), dtype=complex)
    result[..., np.arange(d), np.arange(d)] = populations
    return result


def _labels(value: object, name: str) -> np.ndarray:
    index = np.asarray(value)
    if index.ndim != 1 or index.size == 0 or not np.issubdtype(index.dtype, np.integer):
        raise DimensionError(f"{name}: need a non-empty 1-D integer array")
    return index


def sector_labels(
    charger_charges: np.ndarray, battery_charges: np.ndarray, charges: Sequence[int]
) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """The product states ``(r, b)`` with ``Q_C(r) + Q_B(b) = q``, sector by sector.

    Parameters
    ----------
    charger_charges : int array (d_C,)
        ``Q_C(r)`` of every charger basis state.
    battery_charges : int array (d_B,)
        ``Q_B(b)`` of every battery basis state.
    charges : sequence of int
        The sectors q, in the order wanted.

    Returns
    -------
    charger_index, battery_index : int arrays (D,)
        The states of the first sector, then the second, ...; within a sector ordered by b,
        then r.
    block_sizes : tuple of int
        The number of states of each sector (sectors without states are refused).

    Examples
    --------
    >>> r, b, sizes = sector_labels(np.arange(3), np.arange(2), [1, 2])
    >>> r.tolist(), b.tolist(), sizes
    ([1, 0, 2, 1], [0, 1, 0, 1], (2, 2))
    """
    charger_q = np.asarray(charger_charges, dtype=np.int64)
    battery_q = np.asarray(battery_charges, dtype=np.int64)
    order = np.argsort(charger_q, kind="stable")
    sorted_q = charger_q[order]
    chargers, batteries, sizes = [], [], []
    for q in charges:
        low = np.searchsorted(sorted_q, q - battery_q, side="left")
        high = np.searchsorted(sorted_q, q - battery_q, side="right")
        counts = high - low
        if not counts.sum():
            raise QBatteryValueError(f"charges: no product state has excitation number {q}")
        b = np.repeat(np.arange(battery_q.size), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        chargers.append(order[np.repeat(low, counts) + offsets])
        batteries.append(b)
        sizes.append(int(counts.sum()))
    return np.concatenate(chargers), np.concatenate(batteries), tuple(sizes)


def restrict_product_terms(
    terms: Sequence[tuple[complex, sp.spmatrix, sp.spmatrix]],
    charger_index: np.ndarray,
    battery_index: np.ndarray,
    battery_dimension: int,
) -> sp.csr_matrix:
    """``sum_t c_t A_t (x) B_t`` restricted to the product states ``|r_i>|b_i>``, built without
    the product space.

    Each column ``(A (x) B)|r_j>|b_j> = sum A[r', r_j] B[b', b_j] |r'>|b'>`` is expanded from
    the sparse columns of A and B and looked up among the listed states. The listed states must
    span an invariant subspace: an image outside it (a term that changes the conserved number)
    is refused.

    Parameters
    ----------
    terms : sequence of (coefficient, A (d_C, d_C), B (d_B, d_B))
    charger_index, battery_index : int arrays (D,)
        The product states, as from :func:`sector_labels`.
    battery_dimension : int
        d_B, for the look-up keys ``r d_B + b``.

    Returns
    -------
    scipy.sparse.csr_matrix (D, D)

    Examples
    --------
    ``1 (x) sigma_x`` on two qubits, restricted to ``|0>|0>`` and ``|0>|1>``:

    >>> import numpy as np
    >>> from qbattery.bases.sectors import restrict_product_terms
    >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> terms = [(1.0, np.eye(2), sx)]
    >>> restrict_product_terms(terms, np.array([0, 0]), np.array([0, 1]), 2).toarray().real
    array([[0., 1.],
           [1., 0.]])
    """
    keys = charger_index.astype(np.int64) * battery_dimension + battery_index
    order = np.argsort(keys)
    sorted_keys = keys[order]
    dimension = keys.size
    rows, cols, values = [], [], []
    for coefficient, charger_op, battery_op in terms:
        a_rows, a_values, a_from = _columns(sp.csc_matrix(charger_op), charger_index)
        b_rows, b_values, b_from = _columns(sp.csc_matrix(battery_op), battery_index[a_from])
        column = a_from[b_from]
        key = a_rows[b_from].astype(np.int64) * battery_dimension + b_rows
        value = coefficient * a_values[b_from] * b_values
        position = np.minimum(np.searchsorted(sorted_keys, key), dimension - 1)
        inside = sorted_keys[position] == key
        if np.any(value[~inside] != 0):
            raise QBatteryValueError(
                "terms: a Hamiltonian term maps a listed state outside the sector; the term does "
                "not conserve the excitation number the sector is built on"
            )
        rows.append(order[position[inside]])
        cols.append(column[inside])
        values.append(value[inside])
    return sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))),
        shape=(dimension, dimension),
        dtype=np.complex128,
    )


def _columns(matrix: sp.csc_matrix, labels: np.ndarray) -> tuple[np.ndarray, ...]:
    """The non-zeros of columns ``labels`` of a CSC matrix: their rows, values and the position
    in ``labels`` of the column each came from."""
    counts = np.diff(matrix.indptr)[labels]
    source = np.repeat(np.arange(labels.size), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    entries = matrix.indptr[labels][source] + offsets
    return matrix.indices[entries], matrix.data[entries], source
