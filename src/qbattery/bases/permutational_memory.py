"""Memory of a solve in the permutation-invariant blocks, estimated before anything is built.

The permutational solver (:mod:`qbattery.dynamics.permutational`) keeps the state of N cells,
each block optionally shared with a boson mode of dimension M, as the packed Hermitian blocks:

.. code-block:: text

    S = M**2 sum_j (2j + 1)**2        (about M**2 N**3 / 6 real numbers),

and needs, per packed number, one row of the real generator (``r`` nonzeros of 12 bytes in
CSR, plus the complex entries it is assembled from and the concatenation of the block rows:
:data:`BYTES_PER_NONZERO` in all), the vectors of the propagation (the Krylov basis of
``krylov_dimension + 2`` vectors, or DOP853's stages), and the packing's index maps
(:data:`BYTES_PER_NUMBER`). A row of ``-i[H, rho] + D(rho)`` has at most

.. code-block:: text

    r = 2 (r_H + 1) + 3 k + c,

nonzeros for a real H, with ``r_H`` the nonzeros of a row of H (and its drives), the ``+ 1``
the anticommutator's diagonal, ``k`` the local channels present (emission, dephasing, pumping:
each feeds a block from three blocks ``j``, ``j +- 1``) and ``c`` the collective emission and
cavity decay present (one shifted entry each). Each complex entry of ``-i H`` gives one real
nonzero when H is real (it maps real parts to imaginary ones and back) and two when it is
complex, so a complex H (a ``J_y`` term) has ``r = 4 r_H + 2 + 3 k + c``
(:func:`generator_row_nonzeros` reads ``r_H`` and the kind of H off the operators). Measured
peak resident memory of the driven, twisted ensemble with local emission and dephasing at
N = 60, 100, 140 (``r = 14``, 10.6 nonzeros per row in fact): 811, 729 and 724 bytes per packed
number, where the estimate gives 800.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.memory import available_memory, require_memory
from qbattery.operators import to_sparse

__all__ = [
    "BYTES_PER_NONZERO",
    "BYTES_PER_NUMBER",
    "KRYLOV_DIMENSION",
    "check_blocks_memory",
    "generator_row_nonzeros",
    "packed_size",
    "row_nonzeros",
    "solve_bytes",
]

#: Bytes per nonzero of the real generator while it is assembled and used.
BYTES_PER_NONZERO = 40

#: Bytes per packed number besides the generator and the propagation's vectors (index maps,
#: readout, state).
BYTES_PER_NUMBER = 64

#: The permutational solver's default Krylov dimension (its option ``krylov_dimension``).
KRYLOV_DIMENSION = 20

#: Vectors of the propagation at least (DOP853's stages and dense output).
_MIN_VECTORS = 16


def packed_size(n_atoms: int, mode: int = 1) -> int:
    """``S = mode**2 sum_j (2j + 1)**2`` real numbers of the packed blocks.

    Examples
    --------
    Four cells: blocks of sizes 5, 3 and 1, so 25 + 9 + 1 numbers; with a three-level mode,
    nine times as many:

    >>> from qbattery.bases.permutational_memory import packed_size
    >>> packed_size(4), packed_size(4, mode=3)
    (35, 315)
    """
    sizes = np.arange(n_atoms + 1, 0, -2, dtype=np.int64)  # 2j + 1 for j = N/2, N/2 - 1, ...
    return int(mode) ** 2 * int(np.sum(sizes * sizes))


def row_nonzeros(
    hamiltonian_row: int,
    local_channels: int,
    collective_channels: int = 0,
    *,
    complex_hamiltonian: bool = False,
) -> int:
    """At most ``r = 2 r_H + 2 + 3 k + c`` nonzeros per row of the real generator, ``4 r_H``
    instead of ``2 r_H`` for a complex H (module note).

    Examples
    --------
    A tridiagonal H (``J_z`` and ``J_x``) with local emission and dephasing; with ``J_y``
    instead of ``J_x``:

    >>> from qbattery.bases.permutational_memory import row_nonzeros
    >>> row_nonzeros(3, 2), row_nonzeros(3, 2, complex_hamiltonian=True)
    (14, 20)
    """
    per_entry = 4 if complex_hamiltonian else 2
    return per_entry * int(hamiltonian_row) + 2 + 3 * int(local_channels) + int(collective_channels)


def generator_row_nonzeros(
    operators: Sequence[Any], local_channels: int, collective_channels: int = 0
) -> int:
    """:func:`row_nonzeros` for a Hamiltonian given as its terms (static part and drives):
    ``r_H`` is the sum of their widest rows, complex if any term has a complex entry.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.bases.permutational_memory import generator_row_nonzeros
    >>> j_x = np.array([[0.0, 0.5], [0.5, 0.0]])
    >>> generator_row_nonzeros([np.diag([-0.5, 0.5]), j_x], 1)
    9
    """
    matrices = [sp.csr_matrix(to_sparse(op)) for op in operators]
    return row_nonzeros(
        sum(int(np.diff(m.indptr).max()) for m in matrices),
        local_channels,
        collective_channels,
        complex_hamiltonian=any(np.any(np.imag(m.data) != 0) for m in matrices),
    )


def solve_bytes(
    n_atoms: int, mode: int, nonzeros: int, krylov_dimension: int = KRYLOV_DIMENSION
) -> float:
    """Estimated peak bytes of a solve in the blocks (module note).

    Examples
    --------
    N = 200 cells with ``r = 14`` and a Krylov basis of 20 vectors, about a gigabyte:

    >>> from qbattery.bases.permutational_memory import solve_bytes
    >>> round(solve_bytes(200, 1, 14, 20) / 2**30, 2)
    1.02
    """
    vectors = max(int(krylov_dimension) + 2, _MIN_VECTORS)
    per_number = BYTES_PER_NONZERO * nonzeros + 8 * vectors + BYTES_PER_NUMBER
    return float(packed_size(n_atoms, mode)) * per_number


def check_blocks_memory(
    n_atoms: int,
    mode_of: Callable[[int], int],
    nonzeros: int,
    krylov_dimension: int = KRYLOV_DIMENSION,
    argument: str = "battery",
) -> None:
    """Refuse a solve in the blocks that would not fit, naming the most cells that would.

    ``mode_of(n)`` is the mode dimension for ``n`` cells (1 without a mode; a model's default
    cut-off grows with n). The error is one line: what is needed, what is available, and the
    largest ``n_atoms`` whose solve fits with the same Hamiltonian structure and noise.

    Examples
    --------
    200 cells fit; 1000 cells with a 200-level mode (about 7e12 numbers) do not:

    >>> from qbattery.bases.permutational_memory import check_blocks_memory
    >>> check_blocks_memory(200, lambda n: 1, 14, 20, "battery")
    >>> check_blocks_memory(1000, lambda n: 200, 14, 20, "battery")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.InsufficientMemoryError: battery: a solve in the permutation-invariant ...
    """
    mode = int(mode_of(n_atoms))
    needed = solve_bytes(n_atoms, mode, nonzeros, krylov_dimension)
    available = available_memory()
    if needed <= available:
        return

    def fits(n: int) -> bool:
        return solve_bytes(n, int(mode_of(n)), nonzeros, krylov_dimension) <= available

    low, high = 0, n_atoms  # fits(low) holds (or low = 0), fits(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    with_mode = f" sharing a {mode}-level mode" if mode > 1 else ""
    require_memory(
        needed,
        argument,
        f"a solve in the permutation-invariant blocks of {n_atoms} cells{with_mode} "
        f"({packed_size(n_atoms, mode):.3g} real numbers, {nonzeros} nonzeros per row of the "
        f"generator)",
        f"at most n_atoms = {low} fits; use fewer cells"
        + (" or a lower photon cut-off" if mode > 1 else ""),
    )
