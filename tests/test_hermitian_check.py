"""The Hermiticity check of sparse operators against the dense ``max |A - A^dagger|``."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from qbattery.errors import NotHermitianError
from qbattery.operators import as_operator


@pytest.mark.parametrize("seed", range(12))
def test_a_sparse_operator_is_refused_exactly_when_the_dense_deviation_exceeds_atol(
    seed: int,
) -> None:
    """Hermitian matrices (same stored pattern as their transpose), ones broken by 1e-7 on a few
    entries (a different pattern), and explicit zeros on one side only."""
    generator = np.random.default_rng(seed)
    n = int(generator.integers(2, 40))
    raw = sp.random(n, n, density=0.2, random_state=generator, format="csr")
    raw = raw + 1j * sp.random(n, n, density=0.2, random_state=generator, format="csr")
    matrix = sp.csr_matrix(raw + raw.getH())
    if seed % 3 == 1:
        matrix = sp.csr_matrix(
            matrix + 1e-7 * sp.random(n, n, density=0.05, random_state=generator)
        )
    if seed % 3 == 2:  # an explicit zero stored above the diagonal only
        coo = matrix.tocoo()
        matrix = sp.csr_matrix(
            (np.append(coo.data, 0.0), (np.append(coo.row, 0), np.append(coo.col, n - 1))),
            shape=(n, n),
        )
    dense = matrix.toarray()
    deviation = float(np.max(np.abs(dense - dense.conj().T)))
    for atol in (1e-9, 1e-6):
        if deviation > atol:
            with pytest.raises(NotHermitianError, match="max"):
                as_operator(matrix, "h", atol=atol)
        else:
            assert as_operator(matrix, "h", atol=atol).shape == (n, n)
