"""Excitation-conserving models built in their sectors (the default) against the product space.

Second method: the same model with ``space="full"`` (cavity Fock states x atoms, the Hamiltonian
from Kronecker products, checked against QuTiP in ``test_dicke.py``, ``test_cells.py``,
``test_multiphoton.py`` and ``test_variants.py``), charged with one dense eigendecomposition of
the whole product space (``method="spectral"``), its battery states from ``reduced_state``.
The sector side diagonalises each sector on its own (``method="sectors"``) or its one sector.
The sector dimensions are counted by hand from the conserved excitation number.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import qbattery as qb
from qbattery.errors import QBatteryError
from qbattery.models import (
    intensity_dependent_tavis_cummings,
    jaynes_cummings,
    tavis_cummings,
    tavis_cummings_sector,
    two_mode_jaynes_cummings,
    two_photon_jaynes_cummings,
)

#: Two exact propagators of the same Hamiltonian (per-sector eigendecompositions against one of
#: the product space): round-off on energies of order 1-10, seen at 1e-14.
SAME = 1e-9

#: N = 300 atoms: the default against tavis_cummings_sector (an independent closed-form
#: tridiagonal sector), both Chebyshev (truncation 1e-12 per window) on energies ~ N.
LARGE = 1e-9 * 300

TIMES = np.linspace(0.0, 12.0, 49)

Build = Callable[..., qb.Battery]

MODELS: dict[str, Build] = {
    "tavis_cummings": lambda **kw: tavis_cummings(3, 0.2, 1.0, 0.9, **kw),
    "jaynes_cummings": lambda **kw: jaynes_cummings(0.15, 1.0, 0.9, **kw),
    "two_photon_jaynes_cummings": lambda **kw: two_photon_jaynes_cummings(0.1, 1.0, 2.1, **kw),
    "two_mode_jaynes_cummings": lambda **kw: two_mode_jaynes_cummings(0.1, 1.0, 1.2, 2.1, **kw),
    "intensity_dependent_tavis_cummings": lambda **kw: intensity_dependent_tavis_cummings(
        3, 0.05, 1.0, 0.95, **kw
    ),
}

#: Fock charger (one sector) and superpositions / mixtures of photon numbers (several), with a
#: mean small enough to keep the product space of the two-mode cell (both modes in the charger
#: state) below ~600 states; the one-atom cells fix their mean (one or two photons).
CHARGERS = ("fock", "coherent", "squeezed", "thermal")
MEANS = {"fock": None, "coherent": 0.8, "squeezed": 0.1, "thermal": 0.3}
FIXED_MEAN = ("jaynes_cummings", "two_photon_jaynes_cummings")


def charger_options(model: str, charger: str) -> dict[str, Any]:
    if charger == "fock":
        return {}
    if model in FIXED_MEAN:
        return {"charger": charger}
    return {"charger": charger, "photons": MEANS[charger]}


def charge_both(build: Build, **options: Any) -> tuple[qb.ChargingResult, qb.ChargingResult]:
    sector = qb.charge(build(**options), TIMES, fluctuations=True)
    full = qb.charge(build(space="full", **options), TIMES, method="spectral", fluctuations=True)
    return sector, full


def assert_same_curves(a: qb.ChargingResult, b: qb.ChargingResult, atol: float = SAME) -> None:
    np.testing.assert_allclose(a.battery_energy, b.battery_energy, atol=atol)
    np.testing.assert_allclose(a.power, b.power, atol=atol)
    np.testing.assert_allclose(a.ergotropy, b.ergotropy, atol=atol)
    np.testing.assert_allclose(a.variance, b.variance, atol=atol)


@pytest.mark.parametrize("charger", CHARGERS)
@pytest.mark.parametrize("model", sorted(MODELS))
def test_default_sector_battery_charges_as_the_product_space(model: str, charger: str) -> None:
    build, options = MODELS[model], charger_options(model, charger)
    battery = build(**options)
    full = build(space="full", **options)
    assert battery.parameters["space"] == "sector" and full.parameters["space"] == "full"
    assert battery.sector is not None and full.sector is None
    assert battery.dimension <= full.dimension
    blocks = len(battery.sector.blocks)
    assert (blocks == 1) == (charger == "fock")
    sector, product = charge_both(build, **options)
    assert sector.method == ("sectors" if blocks > 1 else product.method)
    assert_same_curves(sector, product)
    assert sector.max_average_power == pytest.approx(product.max_average_power, abs=SAME)


@pytest.mark.parametrize(
    ("build", "dimension"),
    [
        (lambda: tavis_cummings(5, 0.1), 6),  # |5>|k=0>: |5 - k>|k>, k = 0..5
        (lambda: tavis_cummings(5, 0.1, photons=3), 4),  # k <= 3 photons
        (lambda: tavis_cummings(5, 0.1, battery_state="dicke", excitations=2), 6),  # q = 7 > N
        (lambda: tavis_cummings(4, 0.1, basis="full"), 2**4),  # |4 - |b|>|b>, every b
        (lambda: jaynes_cummings(0.1), 2),  # |1, g>, |0, e>
        (lambda: jaynes_cummings(0.1, cutoff=6), 2),  # a larger cut-off adds no state
        (lambda: two_photon_jaynes_cummings(0.1), 2),  # |2, g>, |0, e>
        (lambda: two_mode_jaynes_cummings(0.1, photons=3), 2),  # |3, 3, g>, |2, 2, e>
        (lambda: intensity_dependent_tavis_cummings(4, 0.1), 5),
    ],
)
def test_default_dimension_is_the_sector_dimension(
    build: Callable[[], Any], dimension: int
) -> None:
    battery = build()
    assert battery.dimension == dimension and battery.dims == (dimension,)
    assert len(battery.sector.blocks) == 1


def test_sectors_of_a_coherent_charger() -> None:
    # photons 0..cutoff with atoms in |g>: one sector per photon number q, of min(q, N) + 1 states
    battery = tavis_cummings(3, 0.1, charger="coherent", photons=0.5)
    cutoff = battery.parameters["cutoff"]
    assert battery.sector.block_sizes == tuple(min(q, 3) + 1 for q in range(cutoff + 1))
    # squeezed vacuum: even photon numbers only
    squeezed = tavis_cummings(3, 0.1, charger="squeezed", photons=0.5)
    cutoff = squeezed.parameters["cutoff"]
    sizes = tuple(min(q, 3) + 1 for q in range(0, cutoff + 1, 2))
    assert squeezed.sector.block_sizes == sizes


@pytest.mark.parametrize(
    "atoms",
    [
        {"battery_state": "ghz"},
        {"battery_state": "coherent", "polar_angle": 1.1, "azimuthal_angle": 0.4},
        {"battery_state": "dicke", "excitations": 1, "basis": "full"},
        {"battery_state": "coherent", "polar_angle": 0.7, "charger": "thermal", "photons": 0.4},
        {"battery_state": "coherent", "polar_angle": 0.7, "charger": "coherent"},
    ],
    ids=["ghz", "spin-coherent", "full-basis", "thermal-superposed", "coherent-coherent"],
)
def test_superposed_atoms_keep_the_coherences_between_sectors(atoms: dict[str, Any]) -> None:
    build = MODELS["tavis_cummings"]
    sector, product = charge_both(build, **atoms)
    assert_same_curves(sector, product)


def test_coherences_between_sectors_change_the_ergotropy() -> None:
    """The battery state of a coherent charger is not the sum of the sectors' diagonal states:
    dropping the cross-sector terms (populations only) loses ergotropy, so the check has teeth."""
    battery = tavis_cummings(3, 0.2, charger="coherent", photons=2.0)
    result = qb.charge(battery, TIMES, battery_states=True)
    states = result.battery_states
    h_b = battery.battery_hamiltonian.toarray()
    spectrum = battery.battery_spectrum
    dephased = np.einsum("tii->ti", states)[..., None] * np.eye(h_b.shape[0])
    coherent = qb.ergotropy(states, h_b, spectrum=spectrum)
    incoherent = qb.ergotropy(dephased, h_b, spectrum=spectrum)
    np.testing.assert_allclose(coherent, result.ergotropy, atol=SAME)
    assert np.max(coherent - incoherent) > 0.1
    product = qb.charge(
        tavis_cummings(3, 0.2, charger="coherent", photons=2.0, space="full"),
        TIMES,
        method="spectral",
        battery_states=True,
    )
    np.testing.assert_allclose(states, product.battery_states, atol=SAME)


def test_default_matches_the_closed_form_sector_at_large_n() -> None:
    n, coupling = 300, 0.05
    times = np.linspace(0.0, 1.5 * math.pi / (coupling * math.sqrt(n)), 41)
    battery = tavis_cummings(n, coupling)
    assert battery.dimension == n + 1 and battery.parameters["cutoff"] == n
    reference = tavis_cummings_sector(n, coupling)
    a, b = qb.charge(battery, times), qb.charge(reference, times)
    assert_ = np.testing.assert_allclose
    assert_(a.battery_energy, b.battery_energy, atol=LARGE)
    assert_(a.ergotropy, b.ergotropy, atol=LARGE)
    assert_(a.power, b.power, atol=LARGE)


def test_space_is_checked() -> None:
    with pytest.raises(QBatteryError, match="space: unknown value 'sectors'"):
        tavis_cummings(2, 0.1, space="sectors")
    with pytest.raises(QBatteryError, match="space"):
        jaynes_cummings(0.1, space="product")


def test_full_space_layout_is_unchanged() -> None:
    full = tavis_cummings(3, 0.1, space="full")
    assert full.dims == (4, 4) and full.battery == (1,)
    assert list(full.parameters)[-2:] == ["cutoff", "space"]
    cell = jaynes_cummings(0.1, space="full")
    assert cell.dims == (2, 2) and cell.parameters == {
        "coupling": 0.1,
        "omega_c": 1.0,
        "omega_a": 1.0,
        "cutoff": 1,
        "charger": "fock",
        "space": "full",
    }
