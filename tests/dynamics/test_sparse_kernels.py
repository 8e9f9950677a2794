"""In-place sparse products against SciPy's own ``matrix @ x`` (an independent code path)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from qbattery.dynamics.sparse_kernels import accumulator


@pytest.mark.parametrize("fmt", ["dia", "csr", "coo"])
def test_accumulate_adds_the_product_in_place(fmt: str) -> None:
    rng = np.random.default_rng(7)
    matrix = sp.random(300, 300, density=0.02, random_state=rng, format="csr")
    if fmt == "dia":
        matrix = sp.diags([rng.standard_normal(300 - abs(k)) for k in (-3, 0, 5)], [-3, 0, 5])
    matrix = matrix.asformat(fmt)
    x, y = rng.standard_normal(300), rng.standard_normal(300)
    expected = y + matrix @ x
    accumulator(matrix)(x, y)
    np.testing.assert_allclose(y, expected, rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("fmt", ["dia", "csr", "coo"])
def test_a_complex_matrix_adds_its_product_to_complex_vectors_in_place(fmt: str) -> None:
    rng = np.random.default_rng(8)
    if fmt == "dia":
        diagonals = [rng.standard_normal(200 - abs(k)) * (1 + 2j) for k in (-1, 0, 2)]
        matrix = sp.diags(diagonals, [-1, 0, 2]).asformat("dia")
    else:
        real = sp.random(200, 200, density=0.03, random_state=rng, format="csr")
        imaginary = sp.random(200, 200, density=0.03, random_state=rng, format="csr")
        matrix = (real + 1j * imaginary).asformat(fmt)
    x = rng.standard_normal(200) + 1j * rng.standard_normal(200)
    y = rng.standard_normal(200) + 1j * rng.standard_normal(200)
    expected = y + matrix @ x
    accumulator(matrix)(x, y)
    np.testing.assert_allclose(y, expected, rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("seed", range(8))
def test_the_fastest_format_holds_the_same_matrix(seed: int) -> None:
    """DIA (read off the CSR structure) for at most eight diagonals, CSR beyond; the entries
    are SciPy's own conversion's, duplicates summed."""
    from qbattery.dynamics.expansion import _MAX_DIAGONALS, _fastest_format

    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    offsets = rng.choice(np.arange(-n + 1, n), size=min(2 * n - 1, 3 + seed), replace=False)
    values = [rng.standard_normal(n - abs(k)) * (1 + (seed % 2) * 1j) for k in offsets]
    matrix = sp.diags(values, offsets, shape=(n, n)).tocsr()
    doubled = sp.csr_matrix(  # every entry stored twice: a non-canonical CSR
        (np.repeat(matrix.data, 2), np.repeat(matrix.indices, 2), 2 * matrix.indptr),
        shape=matrix.shape,
    )
    for given, expected in ((matrix, matrix), (doubled, 2 * matrix)):
        fastest = _fastest_format(given)
        assert sp.isspmatrix_dia(fastest) == (len(offsets) <= _MAX_DIAGONALS)
        np.testing.assert_array_equal(fastest.toarray(), expected.toarray())
