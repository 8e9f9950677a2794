"""Excitation-sector batteries against the product space (symmetric basis and QuTiP)."""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.bases.sectors import ExcitationSector
from qbattery.errors import QBatteryError
from qbattery.models.light_matter.excitation_sector import tavis_cummings_sector

#: Both sides are exact propagators on spaces of dimension < 100: round-off level agreement.
EXACT = 1e-10
#: QuTiP's sesolve settings for the product-space reference.
QUTIP_OPTIONS = {"atol": 1e-13, "rtol": 1e-11}
#: sesolve at QUTIP_OPTIONS over t <= 20 (a few Rabi periods), energies O(1): 2.7e-10 measured.
ODE = 1e-8
#: Traces of density matrices summed from O(1) populations: round-off ~1e-16.
TRACE = 1e-12
#: The l1 coherence of an exactly diagonal state comes out as a difference of sums of O(1)
#: numbers: +-1.1e-16 measured.
DIAGONAL = 1e-15
#: Energies of 2000 atoms (O(1e3)): a bound may be touched up to round-off of O(1e3) numbers;
#: 1e-6 absolute is 1e-9 relative.
BOUND = 1e-6


@pytest.mark.parametrize("n_atoms", [1, 2, 5, 8])
def test_sector_equals_symmetric_product_space(n_atoms: int) -> None:
    times = np.linspace(0, 40, 161)
    sector = qb.charge(tavis_cummings_sector(n_atoms, 0.1), times)
    product = qb.charge(qb.models.tavis_cummings(n_atoms, 0.1, space="full"), times)
    np.testing.assert_allclose(sector.energy, product.energy, atol=EXACT)
    np.testing.assert_allclose(sector.ergotropy, product.ergotropy, atol=EXACT)
    np.testing.assert_allclose(sector.power, product.power, atol=EXACT)


def test_sector_against_qutip_product_space_off_resonance() -> None:
    # QuTiP's jmat orders m = j..-j, so |g..g> is its last basis state; 3 photons, 4 atoms.
    n, photons, lam, wc, wa = 4, 3, 0.2, 1.0, 1.3
    a = qutip.tensor(qutip.destroy(photons + 1), qutip.qeye(n + 1))
    jz = qutip.tensor(qutip.qeye(photons + 1), qutip.jmat(n / 2, "z"))
    jp = qutip.tensor(qutip.qeye(photons + 1), qutip.jmat(n / 2, "+"))
    h = wc * a.dag() * a + wa * jz + wc * lam * (jp * a + jp.dag() * a.dag())
    h_b = wa * (jz + n / 2)
    psi0 = qutip.tensor(qutip.basis(photons + 1, photons), qutip.basis(n + 1, n))
    times = np.linspace(0, 20, 81)
    expected = qutip.sesolve(h, psi0, times, e_ops=[h_b], options=QUTIP_OPTIONS)
    battery = tavis_cummings_sector(n, lam, wc, wa, photons=photons)
    assert battery.dimension == photons + 1
    result = qb.charge(battery, times)
    np.testing.assert_allclose(result.battery_energy, expected.expect[0], atol=ODE)


def test_sector_battery_state_is_diagonal_and_resources_work() -> None:
    times = np.linspace(0.5, 10, 20)
    result = qb.charge(tavis_cummings_sector(3, 0.2), times, battery_states=True, resources=True)
    states = result.battery_states
    off_diagonal = states - np.einsum("tii->ti", states)[..., None] * np.eye(4)
    assert np.abs(off_diagonal).max() == 0.0
    np.testing.assert_allclose(np.trace(states, axis1=1, axis2=2), 1.0, atol=TRACE)
    np.testing.assert_allclose(result.resources["l1_coherence"], 0.0, atol=DIAGONAL)


def test_large_sector_constructs_and_charges_quickly() -> None:
    battery = tavis_cummings_sector(2000, 0.05)
    times = np.linspace(0, 1.5 * np.pi / (0.05 * np.sqrt(2000)), 40)
    result = qb.charge(battery, times)
    assert 0 < result.max_average_power
    # stored energy never exceeds N omega_a and the ergotropy never exceeds the energy above
    # the ground level
    assert np.all(result.energy <= 2000 + BOUND)
    assert np.all(result.ergotropy <= result.battery_energy + BOUND)


def test_sector_input_checks() -> None:
    with pytest.raises(QBatteryError, match="battery_index"):
        ExcitationSector(np.array([0, 5]), 3)
    with pytest.raises(QBatteryError, match="sector: describes"):
        qb.Battery(np.eye(3), np.eye(2), np.eye(3)[0], sector=ExcitationSector(np.arange(2), 2))
    with pytest.raises(QBatteryError, match="H_B diagonal"):
        sector = ExcitationSector(np.arange(2), 2)
        qb.Battery(
            np.eye(2), np.ones((2, 2)), np.eye(2)[0], sector=sector
        ).battery_hamiltonian_full()
    with pytest.raises(QBatteryError, match="coupling_scaling"):
        tavis_cummings_sector(3, 0.1, coupling_scaling="linear")
