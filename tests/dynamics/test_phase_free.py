"""The phase-free Chebyshev path (pure states under a real Hamiltonian, observed in parallel).

References, independent of the code under test: SciPy's ``expm_multiply`` and dense ``expm``
for the kets, reduced states traced by hand on the product space, the ergotropy of those
states by :func:`qbattery.ergotropy` on the atoms' full ``2**N`` space (``basis="full"``), the
spectral solver (one dense eigendecomposition), and QuTiP's ``sesolve``.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip
import scipy.linalg as sl
import scipy.sparse as sp
from scipy.sparse.linalg import expm_multiply

import qbattery as qb
from qbattery.charge import _choose
from qbattery.dynamics import phase_free
from qbattery.dynamics.expansion import ChebyshevPropagator, phase_free_weights
from qbattery.dynamics.observe import Request
from qbattery.protocols import Step
from qbattery.reductions import conserved_parity_sector


def _random_real_hamiltonian(d: int, seed: int) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    a = sp.random(d, d, density=0.05, random_state=rng)
    return sp.csr_matrix(a + a.T + sp.diags(rng.uniform(0.0, 5.0, d)))


@pytest.mark.parametrize("seed", [1, 2])
def test_phase_free_rows_give_the_kets_of_expm_multiply_up_to_the_centre_phase(seed: int) -> None:
    h = _random_real_hamiltonian(300, seed)
    rng = np.random.default_rng(seed)
    psi = rng.standard_normal(300) + 1j * rng.standard_normal(300)
    psi /= np.linalg.norm(psi)
    propagator = ChebyshevPropagator(h)
    rows = propagator.phase_free_rows(psi, 3.0)
    times = np.linspace(0.0, 3.0, 13)
    parts = phase_free_weights(rows.shape[0], propagator.half_width, times) @ rows
    kets = (parts[:, :300] + 1j * parts[:, 300:]) * np.exp(-1j * propagator.center * times)[:, None]
    reference = expm_multiply(-1j * h, psi, start=0.0, stop=3.0, num=13, endpoint=True)
    np.testing.assert_allclose(kets, reference, atol=1e-11)


def test_too_narrow_bounds_are_detected_and_widened() -> None:
    h = _random_real_hamiltonian(120, 3)
    psi = np.ones(120) / np.sqrt(120)
    propagator = ChebyshevPropagator(h, bounds=(-0.5, 0.5))  # far inside the spectrum
    rows = propagator.phase_free_rows(psi, 1.0)
    parts = phase_free_weights(rows.shape[0], propagator.half_width, np.array([1.0])) @ rows
    ket = (parts[0, :120] + 1j * parts[0, 120:]) * np.exp(-1j * propagator.center)
    np.testing.assert_allclose(ket, sl.expm(-1j * h.toarray()) @ psi, atol=1e-11)


def test_complex_hamiltonians_are_refused_by_the_real_rows() -> None:
    propagator = ChebyshevPropagator(np.array([[0.0, -1j], [1j, 0.0]]))
    with pytest.raises(qb.errors.QBatteryValueError, match="real H"):
        propagator.phase_free_rows(np.array([1.0, 0.0]), 1.0)


def _by_hand(n_atoms: int, times: np.ndarray) -> dict[str, np.ndarray]:
    """Dicke battery on cavity x 2**N: dense expm, reduced atoms traced by reshaping,
    ergotropy by qb.ergotropy on the 2**N space, power from d/dt <H_B> = <i[H, H_B]>."""
    battery = qb.models.dicke(n_atoms=n_atoms, coupling=0.2, basis="full", cutoff=30)
    h = battery.hamiltonian.segments(1.0)[0][2].toarray()
    h_b_full = battery.battery_hamiltonian_full().toarray()
    h_b = battery.battery_hamiltonian.toarray()
    energies, vectors = np.linalg.eigh(h)
    amplitudes = vectors.conj().T @ battery.initial_state
    kets = (vectors @ (amplitudes[:, None] * np.exp(-1j * energies[:, None] * times))).T
    rate = 1j * (h @ h_b_full - h_b_full @ h)
    d_b = 2**n_atoms
    blocks = kets.reshape(len(times), -1, d_b)
    reduced = np.einsum("tra,trb->tab", blocks, blocks.conj())
    return {
        "energy": np.einsum("td,de,te->t", kets.conj(), h_b_full, kets).real,
        "power": np.einsum("td,de,te->t", kets.conj(), rate, kets).real,
        "ergotropy": np.asarray(qb.ergotropy(reduced, h_b)),
    }


def test_the_parity_sector_on_the_fast_path_matches_the_full_space_by_hand() -> None:
    times = np.linspace(0.0, 12.0, 121)
    reference = _by_hand(3, times)
    battery = conserved_parity_sector(qb.models.dicke(n_atoms=3, coupling=0.2, cutoff=30))
    assert battery is not None and phase_free.applies(battery, Request())
    result = qb.charge(battery, times, method="chebyshev")
    initial = reference["energy"][0]
    np.testing.assert_allclose(result.energy, reference["energy"] - initial, atol=1e-10)
    np.testing.assert_allclose(result.power, reference["power"], atol=1e-10)
    np.testing.assert_allclose(result.ergotropy, reference["ergotropy"], atol=1e-10)


def test_the_cost_model_sends_the_default_dicke_call_to_the_fast_path() -> None:
    times = np.arange(1, 1667) * 0.01
    battery = conserved_parity_sector(qb.models.dicke(n_atoms=32, coupling=0.05))
    assert battery is not None
    assert _choose(battery, times) == "chebyshev"
    assert phase_free.applies(battery, Request())


@pytest.mark.parametrize("n_atoms", [2, 6])
def test_chebyshev_matches_the_spectral_solver_on_every_curve(n_atoms: int) -> None:
    battery = qb.models.dicke(n_atoms=n_atoms, coupling=0.1)
    times = np.linspace(0.01, 16.66, 400)
    options = {"fluctuations": True, "battery_states": True}
    fast = qb.charge(battery, times, method="chebyshev", **options)
    exact = qb.charge(battery, times, method="spectral", **options)
    for name in ("energy", "power", "ergotropy", "variance", "battery_states"):
        np.testing.assert_allclose(getattr(fast, name), getattr(exact, name), atol=1e-10)


def test_the_fast_path_without_kept_states_matches_the_spectral_solver() -> None:
    battery = qb.models.dicke(n_atoms=8, coupling=0.05)
    times = np.arange(1, 800) * 0.02
    fast = qb.charge(battery, times, method="chebyshev")
    exact = qb.charge(battery, times, method="spectral")
    for name in ("energy", "power", "ergotropy"):
        np.testing.assert_allclose(getattr(fast, name), getattr(exact, name), atol=1e-10)
    assert fast.max_average_power == pytest.approx(exact.max_average_power, rel=1e-11)


def test_piecewise_real_protocols_are_followed_across_their_pieces() -> None:
    sx, sz = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([-1.0, 1.0])
    h_b = np.diag([0.0, 1.0])
    hamiltonian = [
        np.kron(sz, np.eye(2)) + np.kron(np.eye(2), h_b),
        (np.kron(sx, sx), Step(1.0, t_on=1.0, t_off=2.5)),
    ]
    start = np.array([0.0, 0.6, 0.8, 0.0])
    battery = qb.Battery(hamiltonian, h_b, start, dims=[2, 2], battery=[1])
    assert phase_free.applies(battery, Request())
    times = np.linspace(0.0, 5.0, 201)
    fast = qb.charge(battery, times, method="chebyshev")
    exact = qb.charge(battery, times, method="spectral")
    for name in ("energy", "power", "ergotropy"):
        np.testing.assert_allclose(getattr(fast, name), getattr(exact, name), atol=1e-11)


def test_the_default_call_agrees_with_sesolve() -> None:
    battery = qb.models.dicke(n_atoms=4, coupling=0.1)
    cutoff = battery.parameters["cutoff"]
    times = np.linspace(0.0, 10.0, 101)
    result = qb.charge(battery, times)
    a = qutip.tensor(qutip.destroy(cutoff + 1), qutip.qeye(5))
    jx = qutip.tensor(qutip.qeye(cutoff + 1), qutip.jmat(2, "x"))
    jz = qutip.tensor(qutip.qeye(cutoff + 1), qutip.jmat(2, "z"))
    h = a.dag() * a + jz + 2 * 0.1 * jx * (a + a.dag())
    h_b = jz + 2.0
    psi0 = qutip.tensor(qutip.basis(cutoff + 1, 4), qutip.basis(5, 4))  # |4>, J_z = -2
    solved = qutip.sesolve(
        h, psi0, times, e_ops=[h_b], options={"atol": 1e-12, "rtol": 1e-11, "nsteps": 100000}
    )
    np.testing.assert_allclose(result.battery_energy, np.real(solved.expect[0]), atol=1e-8)


def test_what_needs_the_global_phase_takes_the_general_path() -> None:
    battery = qb.models.dicke(n_atoms=2, coupling=0.1)
    assert not phase_free.applies(battery, Request(full_states=True))
    assert not phase_free.applies(battery, Request(correlator=True))
    mixed = qb.Battery(np.diag([0.0, 1.0]), np.diag([0.0, 1.0]), np.diag([0.5, 0.5]))
    assert not phase_free.applies(mixed, Request())
    complex_h = qb.Battery(
        np.array([[0.0, -1j], [1j, 0.0]]), np.diag([0.0, 1.0]), np.array([1.0, 0])
    )
    assert not phase_free.applies(complex_h, Request())


@pytest.mark.parametrize("n_atoms", [3, 40])
def test_one_excitation_sector_takes_the_fast_path_and_matches_the_product_space(
    n_atoms: int,
) -> None:
    """Tavis-Cummings in its sector (battery state = populations) against the same model on
    cavity x atoms solved by one dense eigendecomposition (``space="full"``)."""
    sector = qb.models.tavis_cummings(n_atoms, 0.1)
    assert sector.sector is not None and phase_free.applies(sector, Request())
    full = qb.models.tavis_cummings(n_atoms, 0.1, space="full")
    times = np.linspace(0.0, 6.0, 61)
    options = {"fluctuations": True, "battery_states": True}
    fast = qb.charge(sector, times, method="chebyshev", **options)
    exact = qb.charge(full, times, method="spectral", **options)
    scale = float(n_atoms)
    for name in ("battery_energy", "power", "ergotropy", "variance", "battery_states"):
        np.testing.assert_allclose(getattr(fast, name), getattr(exact, name), atol=1e-10 * scale)
    without_states = qb.charge(sector, times, method="chebyshev")
    np.testing.assert_allclose(without_states.ergotropy, exact.ergotropy, atol=1e-10 * scale)


def test_several_sectors_with_coherences_stay_off_the_fast_path() -> None:
    coherent = qb.models.tavis_cummings(3, 0.1, charger="coherent")
    assert coherent.sector is not None and not coherent.sector.diagonal
    assert not phase_free.applies(coherent, Request())
