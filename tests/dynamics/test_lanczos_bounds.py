"""Lanczos estimates of the extreme eigenvalues, against dense diagonalization."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import qbattery as qb
from qbattery.dynamics.expansion import spectral_bounds
from qbattery.dynamics.lanczos_bounds import extreme_eigenvalues


def _random_hermitian(d: int, seed: int, complex_entries: bool) -> sp.csr_matrix:
    generator = np.random.default_rng(seed)
    matrix = sp.random(d, d, density=6 / d, random_state=generator, format="csr")
    if complex_entries:
        matrix = matrix + 1j * sp.random(d, d, density=6 / d, random_state=generator, format="csr")
    diagonal = sp.diags(generator.uniform(-5.0, 5.0, d))
    return sp.csr_matrix(matrix + matrix.conj().T + diagonal)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("complex_entries", [False, True])
def test_extremes_lie_inside_and_close_to_the_dense_spectrum(
    seed: int, complex_entries: bool
) -> None:
    """Ritz values interlace (never outside the spectrum) and converge to 1e-6 of the width."""
    matrix = _random_hermitian(300 + 50 * seed, seed, complex_entries)
    levels = np.linalg.eigvalsh(matrix.toarray())
    start = np.random.default_rng(100 + seed).standard_normal(matrix.shape[0])
    low, high = extreme_eigenvalues(matrix, start)
    width = levels[-1] - levels[0]
    assert levels[0] - 1e-12 * width <= low <= levels[0] + 1e-5 * width
    assert levels[-1] - 1e-5 * width <= high <= levels[-1] + 1e-12 * width


def test_an_eigenvector_start_stops_at_once_with_its_level() -> None:
    """``beta`` vanishes after one step: the start spans an invariant subspace."""
    matrix = sp.diags(np.arange(100.0)).tocsr()
    start = np.zeros(100)
    start[7] = 1.0
    assert extreme_eigenvalues(matrix, start) == (7.0, 7.0)


def test_spectral_bounds_of_a_dicke_sector_enclose_its_spectrum() -> None:
    """The bounds a Chebyshev run uses: the spectrum widened by 1% of its width, to 1e-6."""
    battery = qb.models.dicke(n_atoms=12, coupling=0.05)
    hamiltonian = sp.csr_matrix(battery.hamiltonian.static)
    levels = np.linalg.eigvalsh(hamiltonian.toarray())
    low, high = spectral_bounds(hamiltonian)
    width = levels[-1] - levels[0]
    assert low < levels[0] and levels[-1] < high
    assert abs((levels[0] - low) / width - 0.01) < 1e-5
    assert abs((high - levels[-1]) / width - 0.01) < 1e-5
