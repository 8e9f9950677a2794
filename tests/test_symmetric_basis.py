"""Degeneracy-aware ergotropy of states in the symmetric Dicke subspace vs. the full 2**N space.

The full-space reference embeds the symmetric state with Dicke states built independently (by
symmetrising product states with itertools), then diagonalises H_B on 2**N levels.
"""

from __future__ import annotations

import itertools
from math import comb

import numpy as np
import pytest

import qbattery as qb
from qbattery.bases import symmetric_level_spectrum
from tests.conftest import random_density_matrices

#: Eigendecompositions of <= 256-level matrices with entries O(10): round-off (observed: 3e-14).
TOL = 1e-10
#: Relative: 1601 populations paired with 1601 levels and summed, <= 1601 eps ~ 4e-13 (observed:
#: 1e-16).
LONG_SUM = 1e-12


def dicke_embedding(n: int) -> np.ndarray:
    """Columns: |N/2, -N/2 + k> in the 2**N product basis (1 = excited), k = 0..N."""
    columns = np.zeros((2**n, n + 1))
    for bits in itertools.product([0, 1], repeat=n):
        index = int("".join(map(str, bits)), 2)
        k = sum(bits)
        columns[index, k] = 1 / np.sqrt(comb(n, k))
    return columns


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_symmetric_ergotropy_equals_full_space(rng: np.random.Generator, n: int) -> None:
    omega = 1.3
    rho_sym = random_density_matrices(rng, (3,), n + 1)
    h_sym = omega * np.diag(np.arange(n + 1.0))
    embed = dicke_embedding(n)
    rho_full = embed @ rho_sym @ embed.T
    excitations = np.array([bin(i).count("1") for i in range(2**n)])
    h_full = omega * np.diag(excitations.astype(float))
    full = qb.energetics(rho_full, h_full)
    reduced = qb.energetics(rho_sym, h_sym, spectrum=symmetric_level_spectrum(n, omega))
    for field in ("energy", "ergotropy", "antiergotropy", "capacity"):
        np.testing.assert_allclose(getattr(reduced, field), getattr(full, field), atol=TOL, rtol=0)


def test_restricted_ergotropy_differs_for_mixed_states() -> None:
    # N = 3, rho = (|1><1| + |2><2| + |3><3|)/3 in the excitation-number basis, energy 2.
    # Restricted to the symmetric subspace the passive state fills levels 0, 1, 2 -> ergotropy 1;
    # on the full space the three lowest levels are 0, 1, 1 (binomial(3, 1) = 3) -> 4/3.
    h = np.diag(np.arange(4.0))
    rho = np.diag([0.0, 1 / 3, 1 / 3, 1 / 3])
    assert float(qb.ergotropy(rho, h)) == pytest.approx(1.0, abs=TOL)
    full_space = qb.ergotropy(rho, h, spectrum=symmetric_level_spectrum(3))
    assert float(full_space) == pytest.approx(4 / 3, abs=TOL)


def test_spectrum_validation() -> None:
    with pytest.raises(ValueError, match="n_atoms"):
        symmetric_level_spectrum(0)
    with pytest.raises(ValueError, match="omega"):
        symmetric_level_spectrum(3, omega=-1.0)


def test_spectrum_of_many_atoms_stays_finite() -> None:
    # binomial(1600, 800) ~ 1e480 overflows double precision; the capped spectrum must still
    # give the exact small multiplicities and pair populations without warnings.
    spectrum = symmetric_level_spectrum(1600)
    assert np.all(np.isfinite(spectrum.multiplicities))
    assert spectrum.multiplicities[:3].tolist() == [1.0, 1600.0, 1600 * 1599 / 2]
    populations = np.full(1601, 1 / 1601)
    h = np.arange(1601.0)
    # 1601 populations fill level 0 once and level 1 1600 times: passive energy 1600/1601
    full = float(qb.ergotropy(np.diag(populations), np.diag(h), spectrum=spectrum))
    assert full == pytest.approx(800.0 - 1600 / 1601, rel=LONG_SUM)
