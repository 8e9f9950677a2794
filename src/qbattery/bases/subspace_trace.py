"""Partial traces of kets held on a subspace of a product space, without embedding them.

A battery restricted to a symmetry sector (the excitation-parity half of cavity x atoms, say)
keeps its kets on ``subspace``, a set of product-basis states ``(r, a)`` with ``a`` the battery's
index and ``r`` the rest. The reduced state ``rho_B[a, b] = sum_r psi(r, a) conj(psi(r, b))``
pairs only states of the subspace with the same ``r``. Group the subspace by the bipartite
graph linking ``r`` and ``a``: when each connected component is a full rectangle ``R_k x A_k``
(every pair present, as for the parity sectors, where ``R_k`` are the photon numbers of one
parity and ``A_k`` the atomic excitations of the other), then

    rho_B[A_k, A_k] += M_k^T conj(M_k),   M_k[r, a] = psi(R_k[r], A_k[a]),

and ``rho_B`` is zero between different ``A_k`` that do not overlap. That is a quarter of the
work of embedding a parity-sector ket into the product space and tracing there, and the
disjoint ``A_k`` are diagonal blocks of ``rho_B`` whose spectra can be taken one by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from qbattery.blas_threads import single_threaded_blas

__all__ = ["SubspaceTrace"]


@dataclass(frozen=True)
class SubspaceTrace:
    """The rectangles of a subspace, for reduced states of kets held on it.

    Attributes
    ----------
    size : int
        Dimension ``d_keep`` of the kept subsystems.
    rectangles : tuple of (kept (|A|,), positions (|R|, |A|))
        Kept indices of each component and the positions in the subspace of its states.
    blocks : tuple of arrays
        Kept indices of the diagonal blocks of every reduced state (overlapping rectangles
        merged), in increasing order of their first index.

    Examples
    --------
    Two qubits kept on the subspace ``{|00>, |11>}``:

    >>> import numpy as np
    >>> from qbattery.bases.subspace_trace import SubspaceTrace
    >>> trace = SubspaceTrace.build(np.array([0, 3]), [2, 2], [1])
    >>> trace.size, len(trace.blocks)
    (2, 2)
    """

    size: int
    rectangles: tuple[tuple[np.ndarray, np.ndarray], ...]
    blocks: tuple[np.ndarray, ...]

    @classmethod
    def build(
        cls, subspace: np.ndarray, dims: Sequence[int], keep: Sequence[int]
    ) -> SubspaceTrace | None:
        """The rectangles of ``subspace`` (indices into the product space of ``dims``) for the
        subsystems ``keep``; None if a component is not a full rectangle.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.subspace_trace import SubspaceTrace
        >>> SubspaceTrace.build(np.array([0, 3]), [2, 2], [1]) is not None
        True
        """
        coordinates = np.unravel_index(np.asarray(subspace), tuple(dims))
        traced = [k for k in range(len(dims)) if k not in keep]
        kept_index = np.ravel_multi_index([coordinates[k] for k in keep], [dims[k] for k in keep])
        rest_index = (
            np.ravel_multi_index([coordinates[k] for k in traced], [dims[k] for k in traced])
            if traced
            else np.zeros(len(subspace), dtype=np.intp)
        )
        size = int(np.prod([dims[k] for k in keep]))
        rests, rest_of = np.unique(rest_index, return_inverse=True)
        kepts, kept_of = np.unique(kept_index, return_inverse=True)
        graph = sp.coo_matrix(
            (np.ones(len(subspace)), (rest_of, len(rests) + kept_of)),
            shape=(len(rests) + len(kepts),) * 2,
        )
        _, label = connected_components(graph, directed=False)
        rectangles = []
        for component in np.unique(label[rest_of]):
            members = np.nonzero(label[rest_of] == component)[0]
            rows, columns = np.unique(rest_of[members]), np.unique(kept_of[members])
            if rows.size * columns.size != members.size:
                return None  # not every pair (r, a) of the component is in the subspace
            positions = np.empty((rows.size, columns.size), dtype=np.intp)
            positions[
                np.searchsorted(rows, rest_of[members]), np.searchsorted(columns, kept_of[members])
            ] = members
            rectangles.append((kepts[columns], positions))
        return cls(size, tuple(rectangles), _merged([kept for kept, _ in rectangles]))

    def reduced_states(self, kets: np.ndarray) -> np.ndarray:
        """Reduced states (n, d_keep, d_keep) of kets (n, len(subspace)).

        Examples
        --------
        The second qubit of ``(|00> + |11>)/sqrt(2)`` is maximally mixed:

        >>> import numpy as np
        >>> from qbattery.bases.subspace_trace import SubspaceTrace
        >>> trace = SubspaceTrace.build(np.array([0, 3]), [2, 2], [1])
        >>> np.round(trace.reduced_states(np.array([[1.0, 1.0]]) / np.sqrt(2)).real, 12)
        array([[[0.5, 0. ],
                [0. , 0.5]]])
        """
        out = np.zeros((kets.shape[0], self.size, self.size), dtype=np.complex128)
        with single_threaded_blas():  # many small products (qbattery.blas_threads)
            for kept, positions in self.rectangles:
                block = kets[:, positions]  # (n, |R|, |A|)
                out[:, kept[:, None], kept[None, :]] += np.matmul(
                    np.swapaxes(block, -1, -2), np.conj(block)
                )
        return out


def _merged(groups: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """Unions of the index groups that share an index, each sorted."""
    merged: list[set[int]] = []
    for group in groups:
        members = {int(i) for i in group}
        overlapping = [m for m in merged if m & members]
        for m in overlapping:
            members |= m
            merged.remove(m)
        merged.append(members)
    return tuple(sorted((np.array(sorted(m)) for m in merged), key=lambda b: int(b[0])))
