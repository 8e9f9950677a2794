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


def test_a_complex_matrix_uses_the_public_product() -> None:
    matrix = sp.csr_matrix(np.array([[0.0, -1j], [1j, 0.0]]))
    y = np.zeros(2, dtype=complex)
    accumulator(matrix)(np.array([1.0, 0.0], dtype=complex), y)
    np.testing.assert_allclose(y, [0.0, 1j])
