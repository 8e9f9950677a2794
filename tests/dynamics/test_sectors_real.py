"""The real form of resonant sectors (:mod:`qbattery.dynamics.sectors_real`) and the tolerance on
the blocks left out by ``method="sectors"``.

Second methods: ``method="spectral"`` on the product space (``space="full"``: one dense
eigendecomposition of cavity x atoms, battery states by ``reduced_state``), the closed form of
the Jaynes-Cummings doublet, and the Poisson weights of the coherent charger's sectors.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.stats import poisson

import qbattery as qb
import qbattery.dynamics.sectors as sectors_module
from qbattery.dynamics.sectors_real import RealPart, real_component
from qbattery.errors import QBatteryError
from qbattery.linalg import embed_operator
from qbattery.models import tavis_cummings
from qbattery.protocols import Piecewise

#: Exact propagators of the same Hamiltonian on spaces below 200 states: round-off.
SAME = 1e-9

TIMES = np.linspace(0.0, 12.0, 49)

KEPT = {"battery_states": True, "fluctuations": True}
CURVES = ("battery_energy", "power", "ergotropy", "variance", "battery_states")


@pytest.fixture
def forms(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each spread component got a real form (records the solver's calls)."""
    taken: list[bool] = []

    def recording(*args: Any) -> Any:
        form = real_component(*args)
        taken.append(form is not None)
        return form

    monkeypatch.setattr(sectors_module, "real_component", recording)
    return taken


def _phased(battery: qb.Battery, phases: np.ndarray, labels: np.ndarray) -> qb.Battery:
    return battery.replace(initial_state=battery.initial_state * np.exp(1j * phases[labels]))


def _both(charger: str, **options: Any) -> tuple[qb.Battery, qb.Battery]:
    arguments = {"charger": charger, "photons": 2.5, **options}
    return tavis_cummings(3, 0.3, **arguments), tavis_cummings(3, 0.3, space="full", **arguments)


@pytest.mark.parametrize("charger", ["coherent", "squeezed"])
def test_resonant_chargers_take_the_real_form_and_match_the_product_space(
    charger: str, forms: list[bool]
) -> None:
    sector, full = _both(charger)
    blocks = qb.charge(sector, TIMES, method="sectors", **KEPT)
    whole = qb.charge(full, TIMES, method="spectral", **KEPT)
    assert forms == [True]
    for name in CURVES:
        np.testing.assert_allclose(getattr(blocks, name), getattr(whole, name), atol=SAME)
    assert np.max(blocks.ergotropy) > 0.5  # the coherences between sectors matter here


def test_complex_amplitudes_split_into_row_and_column_phases(forms: list[bool]) -> None:
    """A coherent amplitude of phase 0.7 (amplitudes ``e^{0.7 i n}``), atoms in a Dicke state:
    the phases are linear in the photon and excitation numbers, the form stays real."""
    sector, full = _both("coherent", battery_state="dicke", excitations=1)
    photons_sector = sector.sector.charger_index
    photons_full = np.repeat(np.arange(full.dims[0]), full.dims[1])
    rotation = 0.7 * np.arange(full.dims[0])
    blocks = qb.charge(_phased(sector, rotation, photons_sector), TIMES, **KEPT)
    whole = qb.charge(_phased(full, rotation, photons_full), TIMES, method="spectral", **KEPT)
    assert blocks.method == "sectors"
    assert forms == [True]
    for name in CURVES:
        np.testing.assert_allclose(getattr(blocks, name), getattr(whole, name), atol=SAME)


def test_phases_that_do_not_split_fall_back_to_complex_amplitudes(forms: list[bool]) -> None:
    """Random phases per excitation sector: no row/column split, the complex path, same curves."""
    sector, full = _both("coherent")
    excitations = int(full.dims[0] + full.dims[1])
    phases = np.random.default_rng(7).uniform(0, 2 * np.pi, excitations)
    sector_q = sector.sector.charger_index + sector.sector.battery_index
    n, k = np.divmod(np.arange(full.dimension), full.dims[1])
    blocks = qb.charge(_phased(sector, phases, sector_q), TIMES, **KEPT)
    whole = qb.charge(_phased(full, phases, n + k), TIMES, method="spectral", **KEPT)
    assert forms == [False]
    for name in CURVES:
        np.testing.assert_allclose(getattr(blocks, name), getattr(whole, name), atol=SAME)


def test_detuned_sectors_and_superposed_atoms_have_no_real_form(forms: list[bool]) -> None:
    qb.charge(tavis_cummings(3, 0.3, 1.0, 0.8, charger="coherent", photons=2.5), TIMES[:5])
    sector, full = _both("coherent", battery_state="coherent", polar_angle=1.1)
    blocks = qb.charge(sector, TIMES, **KEPT)
    whole = qb.charge(full, TIMES, method="spectral", **KEPT)
    assert forms == [False, False]
    for name in CURVES:
        np.testing.assert_allclose(getattr(blocks, name), getattr(whole, name), atol=SAME)


def test_real_part_follows_the_jaynes_cummings_doublet() -> None:
    """``|n>|g>`` at resonance: ``cos(g sqrt(n) t)|n>|g> - i sin(g sqrt(n) t)|n-1>|e>`` times
    ``exp(-i n omega t)`` (closed form); a ket starting in ``|n-1>|e>`` keeps the other sign."""
    g, n, omega = 0.2, 3, 1.3
    h = sp.csr_matrix(np.array([[n * omega, g * np.sqrt(n)], [g * np.sqrt(n), n * omega]]))
    t = np.linspace(0.0, 9.0, 7)
    rabi = g * np.sqrt(n) * t
    phase = np.exp(-1j * n * omega * t)
    part = RealPart.of(h, np.array([1.0 + 0j, 0.0]))
    assert part is not None
    expected = np.array([np.cos(rabi), -1j * np.sin(rabi)]) * phase
    np.testing.assert_allclose(part.kets(t), expected, atol=1e-13)
    flipped = RealPart.of(h, np.array([0.0, 1j]))
    assert flipped is not None
    expected = np.array([np.sin(rabi), 1j * np.cos(rabi)]) * phase
    np.testing.assert_allclose(flipped.kets(t), expected, atol=1e-13)


def test_kets_without_the_form_are_refused() -> None:
    h = sp.csr_matrix(np.array([[0.0, 0.1, 0.0], [0.1, 0.0, 0.2], [0.0, 0.2, 0.0]]))
    assert RealPart.of(h, np.array([1.0, 0.5, 0.0])) is None  # real on both colours
    assert RealPart.of(h, np.array([1.0, 0.0, 1j])) is None  # colour 0 with two phases
    assert RealPart.of(h, np.array([1.0, 0.5j, 0.3])) is not None
    dense = sp.csr_matrix(np.ones((3, 3)) - np.eye(3))  # not tridiagonal
    assert RealPart.of(dense, np.array([1.0, 0.0, 0.0])) is None
    parts = [(h, np.array([1.0, 0.5j, 0.3]))]
    rows, columns = [np.array([0, 0, 1])], [np.array([0, 1, 0])]
    assert real_component(parts, rows, columns, 2) is not None


@pytest.mark.parametrize("tolerance", [1e-6, 1e-3])
def test_blocks_left_out_stay_within_the_stated_bounds(tolerance: float) -> None:
    """Dropped weight = the lightest Poisson sector weights up to ``tolerance`` (closed form);
    energy within ``max|e| delta`` and ergotropy within ``4 max|e| sqrt(delta)`` of the product
    space, and the error is really there (not zero)."""
    photons, atoms = 4.0, 3
    sector = tavis_cummings(atoms, 0.3, charger="coherent", photons=photons)
    full = tavis_cummings(atoms, 0.3, charger="coherent", photons=photons, space="full")
    cut = qb.charge(sector, TIMES, options={"tolerance": tolerance})
    whole = qb.charge(full, TIMES, method="spectral")
    # sectors q = n (atoms in |g>): weight p(n), renormalised on the cut-off 0..n_max
    cutoff = full.dims[0] - 1
    weights = poisson.pmf(np.arange(cutoff + 1), photons)
    weights /= weights.sum()
    lightest = np.sort(weights)
    expected = lightest[np.cumsum(lightest) <= tolerance].sum()
    delta = cut.options["discarded_weight"]
    assert delta == pytest.approx(expected, rel=1e-9)
    assert 0 < delta <= tolerance
    top = float(atoms)  # max |e| of H_B = omega_a (J_z + N/2), omega_a = 1
    energy_error = np.max(np.abs(cut.battery_energy - whole.battery_energy))
    ergotropy_error = np.max(np.abs(cut.ergotropy - whole.ergotropy))
    assert 1e-3 * top * delta < energy_error <= top * delta + 1e-12
    assert 1e-12 < ergotropy_error <= 4 * top * np.sqrt(delta) + 1e-12


def test_default_tolerance_keeps_the_product_space_values() -> None:
    sector, full = _both("coherent", photons=6.0)
    result = qb.charge(sector, TIMES)
    whole = qb.charge(full, TIMES, method="spectral")
    assert result.options["tolerance"] == 1e-26
    assert 0 <= result.options["discarded_weight"] <= 1e-26
    for name in ("battery_energy", "power", "ergotropy"):
        np.testing.assert_allclose(getattr(result, name), getattr(whole, name), atol=SAME)


def test_tolerance_is_checked() -> None:
    sector, _ = _both("coherent")
    with pytest.raises(QBatteryError, match=r"options\['tolerance'\]"):
        qb.charge(sector, TIMES, options={"tolerance": -1.0})


@pytest.mark.parametrize(
    ("charger", "omega_a"), [("coherent", 1.0), ("coherent", 0.8), ("thermal", 1.0)]
)
def test_chunks_on_threads_match_the_product_space(
    charger: str, omega_a: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One grid time per chunk (chunks on a thread per core): the real form, the complex path
    (detuned) and populations (thermal charger, Dicke atoms); same curves and states as the
    product space."""
    monkeypatch.setattr(sectors_module, "_CHUNK_BYTES", 1)
    arguments = {"charger": charger, "photons": 2.5, "battery_state": "dicke", "excitations": 1}
    sector = tavis_cummings(3, 0.3, 1.0, omega_a, **arguments)
    full = tavis_cummings(3, 0.3, 1.0, omega_a, space="full", **arguments)
    blocks = qb.charge(sector, TIMES, method="sectors", **KEPT)
    whole = qb.charge(full, TIMES, method="spectral", **KEPT)
    for name in CURVES:
        np.testing.assert_allclose(getattr(blocks, name), getattr(whole, name), atol=SAME)


@pytest.mark.parametrize("detune", [False, True])
def test_pieces_keep_or_leave_the_real_form(detune: bool, forms: list[bool]) -> None:
    """A pulse on [1.3, 4.0) that scales the whole Hamiltonian (still resonant: the real form
    carries over from piece to piece) or detunes the atoms (complex amplitudes from then on:
    the detuned evolution leaves the form); same curves as the product space."""
    pulse = Piecewise((1.3, 4.0), (0.4,))
    sector, full = _both("coherent")
    if detune:
        terms = (
            sector.battery_hamiltonian_full(),
            sp.csr_matrix(embed_operator(full.battery_hamiltonian, full.dims, full.battery)),
        )
    else:
        terms = sector.hamiltonian.static, full.hamiltonian.static
    on_sector = sector.replace(hamiltonian=[sector.hamiltonian.static, (terms[0], pulse)])
    on_full = full.replace(hamiltonian=[full.hamiltonian.static, (terms[1], pulse)])
    blocks = qb.charge(on_sector, TIMES, **KEPT)
    product = qb.charge(on_full, TIMES, method="spectral", **KEPT)
    assert blocks.method == "sectors"
    assert forms == ([True, False, False] if detune else [True, True, True])
    for name in CURVES:
        np.testing.assert_allclose(getattr(blocks, name), getattr(product, name), atol=SAME)
