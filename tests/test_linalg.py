"""Partial traces, level spectra and their pairing, against explicit constructions."""

from __future__ import annotations

import numpy as np
import pytest
import qutip

from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.linalg import LevelSpectrum, paired_energy, reduced_state, reduced_state_of_ket
from tests.conftest import random_density_matrices

#: Partial traces of 12 x 12 matrices: a dozen additions per entry, round-off only.
TOL = 1e-12


@pytest.mark.parametrize("keep", [[0], [1], [2], [0, 2], [2, 0], [1, 2]])
def test_reduced_state_matches_qutip_ptrace(rng: np.random.Generator, keep: list[int]) -> None:
    dims = [2, 3, 2]
    rho = random_density_matrices(rng, (), 12)
    expected = qutip.Qobj(rho, dims=[dims, dims]).ptrace(sorted(keep)).full()
    np.testing.assert_allclose(reduced_state(rho, dims, keep), expected, atol=TOL, rtol=0)


def test_reduced_state_of_ket_equals_density_matrix_route(rng: np.random.Generator) -> None:
    dims = [3, 2, 2]
    psi = rng.normal(size=(4, 12)) + 1j * rng.normal(size=(4, 12))
    psi /= np.linalg.norm(psi, axis=-1, keepdims=True)
    rho = psi[..., :, None] * psi.conj()[..., None, :]
    reduced = reduced_state_of_ket(psi, dims, [0, 2])
    np.testing.assert_allclose(reduced, reduced_state(rho, dims, [0, 2]), atol=TOL, rtol=0)
    # and independently of qbattery: QuTiP's ptrace of each ket
    for ket, block in zip(psi, reduced, strict=True):
        expected = qutip.Qobj(ket[:, None], dims=[dims, [1, 1, 1]]).ptrace([0, 2]).full()
        np.testing.assert_allclose(block, expected, atol=TOL, rtol=0)


def test_reduced_state_errors() -> None:
    with pytest.raises(DimensionError, match="dims: the product"):
        reduced_state(np.eye(4) / 4, [2, 3], [0])
    with pytest.raises(DimensionError, match="keep: subsystem indices"):
        reduced_state(np.eye(4) / 4, [2, 2], [5])


def test_paired_energy_with_multiplicities() -> None:
    # Levels 0 (x1), 1 (x3), 2 (x1); populations 0.4, 0.3, 0.2, 0.1 fill 0, 1, 1, 1 upwards
    # and 2, 1, 1, 1 downwards.
    spectrum = LevelSpectrum(np.array([0.0, 1.0, 2.0]), np.array([1, 3, 1]))
    populations = np.array([0.4, 0.3, 0.2, 0.1])
    assert paired_energy(populations, spectrum) == pytest.approx(0.6, abs=TOL)
    assert paired_energy(populations, spectrum, highest_first=True) == pytest.approx(1.4, abs=TOL)


def test_level_spectrum_checks() -> None:
    with pytest.raises(QBatteryValueError, match="strictly increasing"):
        LevelSpectrum(np.array([1.0, 0.0]), np.array([1, 1]))
    with pytest.raises(DimensionError):
        paired_energy(np.ones(3) / 3, LevelSpectrum(np.array([0.0]), np.array([2])))
