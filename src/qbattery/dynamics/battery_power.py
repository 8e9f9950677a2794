"""The charging power ``P = d<H_B>/dt = <psi| i[H, H_B] |psi>`` of many kets, the cheaper way.

Two exact routes, per constant piece of H:

* the commutator ``K = [H, H_B]`` built once, then one sparse product per ket (for real H and
  H_B, ``K`` is real antisymmetric and ``P = 2 v . (K u)`` for ``psi = u + i v``: one real
  product);
* no commutator: ``P = 2 Im <H_B psi | H psi>`` (``<psi|H H_B|psi> = <H psi|H_B psi>``), a
  product with H per ket and one with H_B that the energy ``<psi|H_B|psi>`` needs anyway.

A diagonal ``H_B`` gives ``K_ij = H_ij (h_j - h_i)`` on H's own sparsity at no cost, so ``K`` is
always used. Otherwise ``K`` costs a sparse matrix product, ``sum_j nnz_col_j(H) nnz_row_j(H_B)``
scalar products at each of ``H H_B`` and ``H_B H`` (tens of ns each once out of cache: 0.68 s for
an XXZ chain of 15 spins), against about ``nnz(H)`` multiply-adds saved per ket (1.5 ns each):
it pays off only on grids of several hundred kets (measured break-even 220 kets at 13 spins,
760 at 15), and below that the second route is used.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from qbattery.operators import Operator

__all__ = ["BatteryPower", "diagonal_commutator"]

#: Cost of one scalar product of a sparse matrix product over one multiply-add of a sparse
#: product with a block of kets (measured 10 to 37 for XXZ chains of 13 and 15 spins).
_PRODUCT_OVER_MULTIPLY_ADD = 30.0


def diagonal_commutator(hamiltonian: sp.csr_matrix, levels: np.ndarray) -> sp.csr_matrix:
    """``[H, H_B]`` for a diagonal ``H_B = diag(levels)``: ``K_ij = H_ij (h_j - h_i)`` on H's
    own sparsity (no matrix product).

    Examples
    --------
    >>> import numpy as np
    >>> import scipy.sparse as sp
    >>> from qbattery.dynamics.battery_power import diagonal_commutator
    >>> sx = sp.csr_matrix(np.array([[0.0, 1.0], [1.0, 0.0]]))
    >>> diagonal_commutator(sx, np.array([0.0, 1.0])).toarray()
    array([[ 0.,  1.],
           [-1.,  0.]])
    """
    rows = np.repeat(np.arange(hamiltonian.shape[0]), np.diff(hamiltonian.indptr))
    values = hamiltonian.data * (levels[hamiltonian.indices] - levels[rows])
    return sp.csr_matrix((values, hamiltonian.indices, hamiltonian.indptr), shape=hamiltonian.shape)


class BatteryPower:
    """Power of kets under one Hamiltonian piece at a time (the last piece's route is kept).

    Parameters
    ----------
    h_b : Operator
        ``H_B`` on the state space of the kets.
    h_b_diagonal : ndarray or None
        Its diagonal if ``H_B`` is diagonal in the basis, else None.
    kets_expected : int
        How many kets a piece is expected to see (the grid's length): decides whether the
        commutator of a non-diagonal ``H_B`` is worth building.

    Examples
    --------
    A qubit driven by ``sigma_x`` from ``|g>``: ``<H_B> = sin^2 t``, so ``P = sin 2t``:

    >>> import numpy as np
    >>> from qbattery.dynamics.battery_power import BatteryPower
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> t = 0.3
    >>> ket = np.array([[np.cos(t), -1j * np.sin(t)]])
    >>> power = BatteryPower(hb, np.array([0.0, 1.0]), 1).of(ket, sx)
    >>> bool(np.isclose(power[0], np.sin(2 * t)))
    True
    """

    def __init__(self, h_b: Operator, h_b_diagonal: np.ndarray | None, kets_expected: int):
        self.h_b = sp.csr_matrix(h_b)
        self.h_b_diagonal = h_b_diagonal
        self.kets_expected = kets_expected
        # the piece's H as given, in CSR, and its commutator (None: the route without it)
        self._piece: tuple[Operator, sp.csr_matrix, sp.csr_matrix | None] | None = None

    def of(
        self, kets: np.ndarray, hamiltonian: Operator, applied: np.ndarray | None = None
    ) -> np.ndarray:
        """``P`` for each row of ``kets`` (n, d) under ``hamiltonian``; ``applied``, if given,
        is ``H_B`` applied to each ket (n, d), reused by the route without a commutator.

        Examples
        --------
        Two coupled qubits, ``H_B = sigma_x (x) 1`` (not diagonal): both routes agree.

        >>> import numpy as np
        >>> from qbattery.dynamics.battery_power import BatteryPower
        >>> sx, sz = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([1.0, -1.0])
        >>> h, h_b = np.kron(sz, sz) + np.kron(sz, sx), np.kron(sx, np.eye(2))
        >>> ket = np.array([[0.5, 0.5j, -0.5, 0.5]])
        >>> without = BatteryPower(h_b, None, 0).of(ket, h)
        >>> bool(np.isclose(without[0], BatteryPower(h_b, None, 10**9).of(ket, h)[0]))
        True
        """
        _, h, commutator = self._of_piece(hamiltonian)
        if commutator is None:
            if applied is None:
                applied = np.asarray((self.h_b @ kets.T).T)
            driven = np.asarray((h @ kets.T).T)
            return 2.0 * np.imag(np.einsum("td,td->t", np.conj(applied), driven))
        if np.isrealobj(commutator.data):
            real_part = np.ascontiguousarray(np.real(kets).T)
            return 2.0 * np.einsum("td,td->t", np.imag(kets), (commutator @ real_part).T)
        product = np.asarray((commutator @ kets.T).T)
        return np.real(1j * np.einsum("td,td->t", np.conj(kets), product))

    def uses_commutator(self, hamiltonian: Operator) -> bool:
        """Whether the power under ``hamiltonian`` goes through ``K = [H, H_B]``.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.battery_power import BatteryPower
        >>> sx, sz = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([1.0, -1.0])
        >>> BatteryPower(sz, np.diag(sz), 10).uses_commutator(sx)  # diagonal H_B: always
        True
        """
        return self._of_piece(hamiltonian)[2] is not None

    def _of_piece(
        self, hamiltonian: Operator
    ) -> tuple[Operator, sp.csr_matrix, sp.csr_matrix | None]:
        if self._piece is None or self._piece[0] is not hamiltonian:
            h = sp.csr_matrix(hamiltonian)
            self._piece = (hamiltonian, h, self._build(h))
        return self._piece

    def _build(self, h: sp.csr_matrix) -> sp.csr_matrix | None:
        if self.h_b_diagonal is not None:
            commutator = diagonal_commutator(h, self.h_b_diagonal)
        else:
            column_counts = np.bincount(h.indices, minlength=h.shape[1])
            products = float(np.dot(column_counts, np.diff(self.h_b.indptr)))
            saved = self.kets_expected * float(h.nnz)
            if saved < _PRODUCT_OVER_MULTIPLY_ADD * 2.0 * products:
                return None
            commutator = sp.csr_matrix(h @ self.h_b - self.h_b @ h)
        if not np.any(np.imag(commutator.data)):
            commutator = sp.csr_matrix(np.real(commutator))
        return commutator
