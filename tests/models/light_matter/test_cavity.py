"""Symmetric Dicke subspace against the full 2**N product space, through ``qbattery.charge``.

The same truncated Hamiltonian is built twice: with the atoms in the symmetric subspace
(dimension N + 1, ``battery_spectrum`` attached) and as N separate two-level subsystems (no
spectrum). The full-space ergotropy is computed from the 2**N-dimensional reduced state directly,
so agreement checks that the symmetric route counts the binomial degeneracies of H_B (its passive
state lies outside the subspace); the restricted ergotropy (no spectrum) is shown to differ, so
the check has teeth. The full-space Hamiltonian itself is compared with QuTiP in
``test_light_matter.py`` and ``test_states.py``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import qbattery as qb
from qbattery.models import dicke, tavis_cummings

#: Two exact diagonalisations of equal Hamiltonians written in different bases: ~1e-12 each.
BASES = 1e-9
#: Energies and populations summed from a few O(1) numbers: round-off ~1e-15.
EXACT = 1e-12

TIMES = np.linspace(0.0, 6.0, 25)


def curves(battery: qb.Battery) -> qb.ChargingResult:
    return qb.charge(battery, TIMES, method="spectral")


# Both bases share the Dicke cut-off N + 8 (below the default, to keep the full space under
# ~1000 states), so its truncation warning is expected and beside the point here.
@pytest.mark.filterwarnings("ignore::qbattery.errors.ConvergenceWarning")
@pytest.mark.parametrize("n", [1, 2, 3, 4, 6])
@pytest.mark.parametrize("build", [dicke, tavis_cummings])
def test_symmetric_and_full_bases_charge_alike(n: int, build: object) -> None:
    # Tavis-Cummings: the exact default cut-off N, on the product space (not its sector).
    options = {"cutoff": n + 8} if build is dicke else {"space": "full"}
    symmetric = build(n, 0.08, 1.0, 0.9, **options)
    full = build(n, 0.08, 1.0, 0.9, basis="full", **options)
    assert symmetric.battery_spectrum is not None and full.battery_spectrum is None
    assert full.dims == (symmetric.dims[0], *[2] * n)
    assert full.battery == tuple(range(1, n + 1))
    a, b = curves(symmetric), curves(full)
    np.testing.assert_allclose(a.energy, b.energy, atol=BASES)
    np.testing.assert_allclose(a.ergotropy, b.ergotropy, atol=BASES)
    np.testing.assert_allclose(a.power, b.power, atol=BASES)


def test_degeneracies_matter() -> None:
    """The reduced atom state is mixed: restricted to the subspace its ergotropy is lower."""
    n = 4
    battery = tavis_cummings(n, 0.2)
    result = qb.charge(battery, TIMES, method="spectral", battery_states=True)
    h_b = battery.battery_hamiltonian.toarray()
    restricted = qb.ergotropy(result.battery_states, h_b)
    aware = qb.ergotropy(result.battery_states, h_b, spectrum=battery.battery_spectrum)
    np.testing.assert_allclose(aware, result.ergotropy, atol=BASES)
    assert np.max(aware - restricted) > 0.05  # the degeneracies change the answer


@pytest.mark.parametrize(
    "state",
    [
        {"battery_state": "dicke", "excitations": 1},
        {"battery_state": "ghz"},
        {"battery_state": "coherent", "polar_angle": 1.2, "azimuthal_angle": 0.4},
        {"battery_state": np.array([0.6, 0.0, 0.8j, 0.0])},
    ],
    ids=["dicke", "ghz", "coherent", "vector"],
)
def test_battery_states_agree_across_bases(state: dict) -> None:
    n = 3
    symmetric = tavis_cummings(n, 0.15, **state)
    full = tavis_cummings(n, 0.15, basis="full", **state)
    # The rotating-wave cut-off holds the charger's N photons plus the atoms' excitations.
    occupied = np.flatnonzero(np.abs(symmetric.initial_state.reshape(-1, n + 1)).sum(0))
    assert symmetric.parameters["cutoff"] == n + int(occupied.max())
    a, b = curves(symmetric), curves(full)
    np.testing.assert_allclose(a.battery_energy, b.battery_energy, atol=BASES)
    np.testing.assert_allclose(a.ergotropy, b.ergotropy, atol=BASES)


def test_initial_energy_of_battery_states() -> None:
    # <H_B> = omega_a <J_z + N/2>: k for a Dicke state, N/2 for GHZ, N sin^2(theta/2) for a spin
    # coherent state.
    n, omega_a, theta = 4, 0.7, 1.1
    cases = {
        omega_a * 3: dicke(n, 0.1, omega_a=omega_a, battery_state="dicke", excitations=3),
        omega_a * n / 2: dicke(n, 0.1, omega_a=omega_a, battery_state="ghz"),
        omega_a * n * math.sin(theta / 2) ** 2: dicke(
            n, 0.1, omega_a=omega_a, battery_state="coherent", polar_angle=theta
        ),
    }
    for expected, battery in cases.items():
        result = qb.charge(battery, np.array([0.0]), method="spectral", ergotropy=False)
        assert result.initial_energy == pytest.approx(expected, abs=EXACT)


def test_thermal_charger_in_both_bases() -> None:
    n = 2
    symmetric = tavis_cummings(n, 0.2, charger="thermal", photons=1.0, space="full")
    full = tavis_cummings(n, 0.2, charger="thermal", photons=1.0, basis="full", space="full")
    assert symmetric.initial_state.ndim == 2  # a density matrix
    cutoff = symmetric.parameters["cutoff"]
    photons = np.trace(
        symmetric.initial_state.reshape(cutoff + 1, n + 1, cutoff + 1, n + 1), 0, 1, 3
    )
    np.testing.assert_allclose(
        np.diag(photons).real, [2.0 ** -(k + 1) for k in range(cutoff + 1)], atol=EXACT
    )
    a, b = curves(symmetric), curves(full)
    np.testing.assert_allclose(a.energy, b.energy, atol=BASES)
    np.testing.assert_allclose(a.ergotropy, b.ergotropy, atol=BASES)


def test_full_basis_accepts_a_product_space_vector() -> None:
    # |e g g> is outside the symmetric subspace: only the full basis can hold it. With the
    # rotating-wave coupling the cut-off is N photons plus its one excitation.
    n = 3
    product = np.zeros(2**n)
    product[0b100] = 1.0  # site 0 (most significant bit) excited
    battery = tavis_cummings(n, 0.1, basis="full", battery_state=product)
    assert battery.parameters["battery_state"] == "vector"
    assert battery.parameters["cutoff"] == n + 1
    result = qb.charge(battery, np.array([0.0]), method="spectral", ergotropy=False)
    assert result.initial_energy == pytest.approx(1.0, abs=EXACT)
    with pytest.raises(ValueError, match="battery_state"):
        tavis_cummings(n, 0.1, battery_state=product)  # symmetric basis: length N + 1 only


# N = 7, 8 complete the issue's N <= 8 comparison: full spaces of up to 256 x 17 states, on the
# Chebyshev path (the product space is too large for the spectral one to be quick).
@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::qbattery.errors.ConvergenceWarning")
@pytest.mark.parametrize("n", [7, 8])
@pytest.mark.parametrize("build", [dicke, tavis_cummings])
def test_symmetric_and_full_bases_charge_alike_up_to_eight_atoms(n: int, build: object) -> None:
    options = {"cutoff": n + 8} if build is dicke else {}
    symmetric = build(n, 0.08, 1.0, 0.9, **options)
    full = build(n, 0.08, 1.0, 0.9, basis="full", **options)
    a = qb.charge(symmetric, TIMES, method="chebyshev")
    b = qb.charge(full, TIMES, method="chebyshev")
    np.testing.assert_allclose(a.energy, b.energy, atol=BASES)
    np.testing.assert_allclose(a.ergotropy, b.ergotropy, atol=BASES)
