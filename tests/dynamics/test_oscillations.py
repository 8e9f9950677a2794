"""Oscillating factors on a grid (:mod:`qbattery.dynamics.oscillations`) and the eigenbasis of a
bipartite chain (:mod:`qbattery.dynamics.bipartite`).

Second methods: NumPy's ``cos``/``exp`` evaluated point by point, and ``numpy.linalg.eigh`` of
the dense chain.
"""

from __future__ import annotations

import numpy as np
import pytest

from qbattery.dynamics.bipartite import LARGEST_SVD, ChainEigenbasis
from qbattery.dynamics.oscillations import STRIDE, Oscillations, uniform_step

#: Angle addition against direct evaluation: a few units in the last place of values <= 1,
#: plus |E| times the grid's rounding (arguments up to ~300 here).
ROUNDING = 1e-12


@pytest.mark.parametrize("points", [2, STRIDE, STRIDE + 1, 5 * STRIDE - 3, 667])
@pytest.mark.parametrize("origin", [0.0, 3.7])
def test_anchored_factors_match_direct_evaluation(points: int, origin: float) -> None:
    rng = np.random.default_rng(points)
    energies = rng.uniform(-25.0, 25.0, 40)
    shifts, moduli = rng.uniform(-np.pi, np.pi, 40), rng.uniform(0.0, 2.0, 40)
    times = np.linspace(origin, origin + 6.66, points)
    step = uniform_step(times)
    assert step is not None and step == pytest.approx(6.66 / (points - 1), rel=1e-14)
    factors = Oscillations(energies, shifts, step, moduli)
    direct = moduli[:, None] * np.cos(np.outer(energies, times) - shifts[:, None])
    assert np.max(np.abs(factors.cosines(times) - direct)) < ROUNDING
    phases = np.exp(-1j * np.outer(energies, times))
    assert np.max(np.abs(factors.phases(times) - phases)) < ROUNDING


def test_a_grid_of_another_step_or_uneven_is_evaluated_directly() -> None:
    energies = np.array([1.3, -7.0, 0.0])
    factors = Oscillations(energies, step=0.01)
    uneven = np.sort(np.random.default_rng(1).uniform(0.0, 5.0, 50))
    other = np.linspace(0.0, 5.0, 50)
    for times in (uneven, other):
        assert np.array_equal(factors.cosines(times), np.cos(np.outer(energies, times)))
        assert np.array_equal(factors.phases(times), np.exp(-1j * np.outer(energies, times)))


def test_uniform_step_reads_linspace_and_arange_grids_and_refuses_others() -> None:
    assert uniform_step(np.linspace(0.01, 16.66, 1666)) == pytest.approx(0.01, rel=1e-12)
    assert uniform_step(0.01 * np.arange(1, 1667)) == pytest.approx(0.01, rel=1e-12)
    assert uniform_step(np.array([0.0, 1.0, 2.0 + 1e-9])) is None
    assert uniform_step(np.array([2.0])) is None


@pytest.mark.parametrize("sites", [1, 2, 3, 8, 51, 201, LARGEST_SVD + 1, LARGEST_SVD + 2])
def test_chain_eigenbasis_matches_the_dense_eigendecomposition(sites: int) -> None:
    rng = np.random.default_rng(sites)
    couplings = rng.uniform(0.1, 3.0, sites - 1)
    chain = np.diag(couplings, 1) + np.diag(couplings, -1)
    basis = ChainEigenbasis.of(couplings)
    reference = np.linalg.eigvalsh(chain)
    scale = 1.0 + float(np.max(np.abs(reference)))
    assert np.max(np.abs(np.sort(basis.energies) - reference)) < 1e-13 * scale
    vectors = basis.dense()
    assert np.max(np.abs(chain @ vectors - vectors * basis.energies)) < 1e-13 * scale
    assert np.max(np.abs(vectors.T @ vectors - np.eye(sites))) < 1e-13
    coefficients = rng.standard_normal((sites, 5))
    assert np.allclose(basis.apply(coefficients), vectors @ coefficients, atol=1e-13)
    x = rng.standard_normal(sites)
    assert np.allclose(basis.adjoint(x), vectors.T @ x, atol=1e-13)
    signs = rng.choice([-1.0, 1.0], sites)
    basis.scale_rows(signs)
    assert np.allclose(basis.dense(), signs[:, None] * vectors, atol=1e-14)


def test_chain_with_a_broken_bond_keeps_its_degenerate_pairs_orthonormal() -> None:
    couplings = np.array([1.0, 0.0, 1.0, 2.0, 0.0])  # three pieces, zero modes on several
    chain = np.diag(couplings, 1) + np.diag(couplings, -1)
    basis = ChainEigenbasis.of(couplings)
    vectors = basis.dense()
    assert np.allclose(chain @ vectors, vectors * basis.energies, atol=1e-14)
    assert np.allclose(vectors.T @ vectors, np.eye(6), atol=1e-14)
