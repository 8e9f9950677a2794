"""The power of kets by both routes, against the dense commutator (an independent method)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import qbattery as qb
from qbattery.dynamics.battery_power import BatteryPower


def _hermitian(d: int, generator: np.random.Generator, complex_entries: bool) -> np.ndarray:
    matrix = generator.standard_normal((d, d))
    if complex_entries:
        matrix = matrix + 1j * generator.standard_normal((d, d))
    matrix[generator.random((d, d)) < 0.7] = 0.0
    return matrix + matrix.conj().T


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("complex_entries", [False, True])
@pytest.mark.parametrize("kets_expected", [0, 10**9])
def test_both_routes_give_the_dense_commutator_expectation(
    seed: int, complex_entries: bool, kets_expected: int
) -> None:
    generator = np.random.default_rng(seed)
    d = 30
    h = _hermitian(d, generator, complex_entries)
    h_b = _hermitian(d, generator, complex_entries)
    kets = generator.standard_normal((5, d)) + 1j * generator.standard_normal((5, d))
    expected = np.real(np.einsum("td,de,te->t", kets.conj(), 1j * (h @ h_b - h_b @ h), kets))
    power = BatteryPower(h_b, None, kets_expected)
    assert power.uses_commutator(sp.csr_matrix(h)) == (kets_expected > 0)
    hamiltonian = sp.csr_matrix(h)
    np.testing.assert_allclose(power.of(kets, hamiltonian), expected, atol=1e-12)
    applied = kets @ h_b.T
    np.testing.assert_allclose(power.of(kets, hamiltonian, applied), expected, atol=1e-12)


def test_a_diagonal_battery_hamiltonian_always_uses_the_commutator() -> None:
    generator = np.random.default_rng(9)
    h = _hermitian(20, generator, True)
    levels = generator.standard_normal(20)
    kets = generator.standard_normal((3, 20)) + 1j * generator.standard_normal((3, 20))
    h_b = np.diag(levels)
    expected = np.real(np.einsum("td,de,te->t", kets.conj(), 1j * (h @ h_b - h_b @ h), kets))
    power = BatteryPower(h_b, levels, 0)
    assert power.uses_commutator(sp.csr_matrix(h))
    np.testing.assert_allclose(power.of(kets, sp.csr_matrix(h)), expected, atol=1e-12)


def test_an_xxz_chain_charged_on_a_short_grid_agrees_with_a_long_one() -> None:
    """On 41 points the kets' power takes the route without the commutator (XXZ: a
    non-diagonal H_B; 4001 kets would build it); the 4001-point run observes through Gram
    matrices of its Chebyshev basis instead (another method). The powers agree at the shared
    times, and are the derivative of the energy (central differences, step 5e-4)."""
    battery = qb.models.xxz_chain(9, 1.0, 0.5)
    hamiltonian = sp.csr_matrix(battery.hamiltonian.static)
    h_b = battery.battery_hamiltonian_full()
    assert not BatteryPower(h_b, None, 41).uses_commutator(hamiltonian)
    assert BatteryPower(h_b, None, 4001).uses_commutator(hamiltonian)
    long_grid = np.linspace(0.0, 2.0, 4001)
    short = qb.charge(battery, long_grid[::100], ergotropy=False)
    long = qb.charge(battery, long_grid, ergotropy=False)
    np.testing.assert_allclose(short.power, long.power[::100], atol=1e-10)
    slope = np.gradient(long.energy, long_grid)
    np.testing.assert_allclose(long.power[2:-2], slope[2:-2], atol=1e-5)
