"""Energy, ergotropy, antiergotropy, capacity, passive/active states and the coherent split.

Reference values: closed forms written out in tests/README.md, brute-force permutation search,
QuTiP's expectation values, and the invariants of docs/conventions.md.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import qutip
from hypothesis import given, settings
from hypothesis import strategies as st

import qbattery as qb
from qbattery.errors import DimensionError, NotDensityMatrixError, NotHermitianError, QBatteryError
from tests.conftest import random_density_matrices, random_hermitian, random_unitary

#: Double-precision eigensolvers on d <= 16 agree to ~1e-14; 1e-10 leaves room for conditioning
#: (observed: <= 5e-15, also on hypothesis' random states).
TOL = 1e-10
#: The same eigenvalues paired in a sum written out here: only the order of additions differs
#: (observed: 0).
ROUND_OFF = 1e-12


def brute_force_passive_energy(rho: np.ndarray, h: np.ndarray) -> tuple[float, float]:
    """Min and max over permutations of Tr[H sigma], sigma: rho's spectrum on H's levels."""
    r = np.linalg.eigvalsh(rho)
    e = np.linalg.eigvalsh(h)
    totals = [float(np.dot(r, e[list(p)])) for p in itertools.permutations(range(len(e)))]
    return min(totals), max(totals)


def test_qubit_closed_forms() -> None:
    # H = omega |e><e|; rho = diag(1-p, p): E = max(0, omega(2p-1)), A = max(0, omega(1-2p)).
    omega = 1.7
    h = np.diag([0.0, omega])
    for p in [0.0, 0.2, 0.5, 0.8, 1.0]:
        rho = np.diag([1 - p, p])
        e = qb.energetics(rho, h)
        assert e.energy == pytest.approx(omega * p, abs=TOL)
        assert e.ergotropy == pytest.approx(max(0.0, omega * (2 * p - 1)), abs=TOL)
        assert e.antiergotropy == pytest.approx(max(0.0, omega * (1 - 2 * p)), abs=TOL)
        assert e.capacity == pytest.approx(omega * abs(2 * p - 1), abs=TOL)


def test_pure_state_closed_form(rng: np.random.Generator) -> None:
    # Pure state: passive state is the ground state, active state the top level.
    h = random_hermitian(rng, 5)
    psi = rng.normal(size=5) + 1j * rng.normal(size=5)
    psi /= np.linalg.norm(psi)
    rho = np.outer(psi, psi.conj())
    levels = np.linalg.eigvalsh(h)
    mean = float(np.real(psi.conj() @ h @ psi))
    assert qb.ergotropy(rho, h) == pytest.approx(mean - levels[0], abs=TOL)
    assert qb.antiergotropy(rho, h) == pytest.approx(levels[-1] - mean, abs=TOL)
    assert qb.capacity(rho, h) == pytest.approx(levels[-1] - levels[0], abs=TOL)


def test_matches_brute_force_permutations(rng: np.random.Generator) -> None:
    h = random_hermitian(rng, 5)
    rho = random_density_matrices(rng, (6,), 5)
    result = qb.energetics(rho, h)
    for i in range(6):
        low, high = brute_force_passive_energy(rho[i], h)
        mean = np.real(np.trace(h @ rho[i]))
        assert result.ergotropy[i] == pytest.approx(mean - low, abs=TOL)
        assert result.antiergotropy[i] == pytest.approx(high - mean, abs=TOL)


def test_energy_matches_qutip(rng: np.random.Generator) -> None:
    h = random_hermitian(rng, 6)
    rho = random_density_matrices(rng, (3,), 6)
    expected = [qutip.expect(qutip.Qobj(h), qutip.Qobj(r)) for r in rho]
    np.testing.assert_allclose(qb.energy(rho, h), expected, atol=TOL, rtol=0)


def test_energy_variance_closed_form() -> None:
    # |+> with H = diag(0, 1): <H> = 1/2, <H^2> = 1/2, variance 1/4.
    plus = np.full((2, 2), 0.5)
    assert qb.energy_variance(plus, np.diag([0.0, 1.0])) == pytest.approx(0.25, abs=TOL)


def reference_ergotropy(rho: np.ndarray, h: np.ndarray) -> float:
    """Eq. 6 written out: Tr[H rho] minus populations sorted down paired with levels sorted up."""
    populations = np.sort(np.linalg.eigvalsh(rho))[::-1]
    levels = np.sort(np.linalg.eigvalsh(h))
    return float(np.real(np.trace(h @ rho)) - populations @ levels)


def reference_capacity(rho: np.ndarray, h: np.ndarray) -> float:
    """Active minus passive energy (Yang et al., PRL 131, 030402), written out."""
    populations = np.sort(np.linalg.eigvalsh(rho))[::-1]
    levels = np.sort(np.linalg.eigvalsh(h))
    return float(populations @ levels[::-1] - populations @ levels)


def test_qobj_input_matches_the_written_out_formula(rng: np.random.Generator) -> None:
    h = random_hermitian(rng, 4)
    rho = random_density_matrices(rng, (), 4)
    expected = reference_ergotropy(rho, h)
    assert qb.ergotropy(qutip.Qobj(rho), qutip.Qobj(h)) == pytest.approx(expected, abs=ROUND_OFF)
    assert qb.ergotropy(rho, h) == pytest.approx(expected, abs=ROUND_OFF)


def test_batched_shape_and_itemwise_values(rng: np.random.Generator) -> None:
    h = random_hermitian(rng, 3)
    rho = random_density_matrices(rng, (2, 4), 3)
    batched = qb.capacity(rho, h)
    assert batched.shape == (2, 4)
    for index in np.ndindex(2, 4):
        assert batched[index] == pytest.approx(reference_capacity(rho[index], h), abs=ROUND_OFF)


def test_passive_and_active_states(rng: np.random.Generator) -> None:
    h = random_hermitian(rng, 4)
    rho = random_density_matrices(rng, (3,), 4)
    passive, active = qb.passive_state(rho, h), qb.active_state(rho, h)
    result = qb.energetics(rho, h)
    np.testing.assert_allclose(qb.energy(passive, h), result.passive_energy, atol=TOL, rtol=0)
    np.testing.assert_allclose(qb.energy(active, h), result.active_energy, atol=TOL, rtol=0)
    # Same spectrum as rho (unitarily related), commute with H, and the passive state is passive.
    np.testing.assert_allclose(
        np.linalg.eigvalsh(passive), np.linalg.eigvalsh(rho), atol=TOL, rtol=0
    )
    np.testing.assert_allclose(passive @ h, h @ passive, atol=TOL, rtol=0)
    np.testing.assert_allclose(qb.ergotropy(passive, h), 0.0, atol=TOL, rtol=0)
    np.testing.assert_allclose(qb.antiergotropy(active, h), 0.0, atol=TOL, rtol=0)


def test_coherent_incoherent_split_closed_forms() -> None:
    h = np.diag([0.0, 1.0])
    plus = np.full((2, 2), 0.5)  # dephases to I/2: no incoherent ergotropy, E = 1/2 all coherent
    assert qb.incoherent_ergotropy(plus, h) == pytest.approx(0.0, abs=TOL)
    assert qb.coherent_ergotropy(plus, h) == pytest.approx(0.5, abs=TOL)
    excited_mix = np.diag([0.3, 0.7])  # diagonal: all ergotropy (0.4) is incoherent
    assert qb.incoherent_ergotropy(excited_mix, h) == pytest.approx(0.4, abs=TOL)
    assert qb.coherent_ergotropy(excited_mix, h) == pytest.approx(0.0, abs=TOL)


def test_dephasing_keeps_coherence_inside_degenerate_levels() -> None:
    # H = diag(0, 1, 1): a superposition inside the degenerate level carries no coherent ergotropy.
    h = np.diag([0.0, 1.0, 1.0])
    psi = np.array([0.0, 1.0, 1.0]) / np.sqrt(2)
    rho = np.outer(psi, psi)
    np.testing.assert_allclose(qb.dephase(rho, h), rho, atol=TOL, rtol=0)
    assert qb.coherent_ergotropy(rho, h) == pytest.approx(0.0, abs=TOL)


# --- invariants (hypothesis) -------------------------------------------------------------------

seeds = st.integers(min_value=0, max_value=2**32 - 1)
dimensions = st.integers(min_value=1, max_value=6)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, d=dimensions, rank=st.integers(min_value=1, max_value=6))
def test_invariants(seed: int, d: int, rank: int) -> None:
    rng = np.random.default_rng(seed)
    h = random_hermitian(rng, d)
    rho = random_density_matrices(rng, (), d, rank=min(rank, d))
    result = qb.energetics(rho, h)
    e_min = np.linalg.eigvalsh(h)[0]
    assert -TOL <= result.ergotropy <= result.energy - e_min + TOL
    assert result.antiergotropy >= -TOL
    assert result.ergotropy + result.antiergotropy == pytest.approx(float(result.capacity), abs=TOL)
    u = random_unitary(rng, d)
    rotated = u @ rho @ u.conj().T
    assert qb.capacity(rotated, h) == pytest.approx(float(result.capacity), abs=TOL)
    assert qb.ergotropy(qb.passive_state(rho, h), h) == pytest.approx(0.0, abs=TOL)
    split = qb.coherent_ergotropy(rho, h) + qb.incoherent_ergotropy(rho, h)
    assert split == pytest.approx(float(result.ergotropy), abs=TOL)
    assert qb.incoherent_ergotropy(rho, h) <= result.ergotropy + TOL  # dephasing cannot help


# --- bad input ---------------------------------------------------------------------------------


def test_non_hermitian_hamiltonian_is_rejected() -> None:
    with pytest.raises(NotHermitianError, match="h: not Hermitian"):
        qb.ergotropy(np.eye(2) / 2, np.array([[0.0, 1.0], [0.0, 0.0]]))


def test_non_positive_state_is_rejected() -> None:
    with pytest.raises(NotDensityMatrixError, match="rho: not positive semidefinite"):
        qb.ergotropy(np.diag([1.5, -0.5]), np.diag([0.0, 1.0]))


def test_unnormalised_state_is_rejected_and_tolerance_is_settable() -> None:
    rho = np.diag([0.5, 0.5 + 1e-6])
    with pytest.raises(NotDensityMatrixError, match="rho: trace differs from 1"):
        qb.ergotropy(rho, np.diag([0.0, 1.0]))
    assert qb.ergotropy(rho, np.diag([0.0, 1.0]), atol=1e-5) == pytest.approx(1e-6, abs=ROUND_OFF)


def test_nan_is_rejected() -> None:
    with pytest.raises(QBatteryError, match="rho: contains 1 NaN"):
        qb.energy(np.array([[np.nan, 0], [0, 1.0]]), np.eye(2))


def test_shape_mismatch_is_rejected() -> None:
    with pytest.raises(DimensionError, match="h: shape"):
        qb.ergotropy(np.eye(3) / 3, np.eye(2))
    with pytest.raises(DimensionError, match="rho: expected a square matrix"):
        qb.ergotropy(np.ones((2, 3)), np.eye(2))


def test_errors_are_also_builtin_errors() -> None:
    with pytest.raises(ValueError):
        qb.ergotropy(np.diag([1.5, -0.5]), np.diag([0.0, 1.0]))


def test_validate_false_skips_checks() -> None:
    # An unnormalised input is accepted (and computed literally) when validation is off.
    energy = qb.energy(2 * np.eye(2), np.diag([0.0, 1.0]), validate=False)
    assert energy == pytest.approx(2.0, abs=ROUND_OFF)


def test_one_state_gives_python_floats_a_stack_gives_arrays(rng: np.random.Generator) -> None:
    h = random_hermitian(rng, 3)
    one = random_density_matrices(rng, (), 3)
    stack = random_density_matrices(rng, (2,), 3)
    for function in (qb.energy, qb.energy_variance, qb.ergotropy, qb.antiergotropy, qb.capacity):
        assert type(function(one, h)) is float, function.__name__
        assert function(stack, h).shape == (2,), function.__name__
    assert type(qb.coherent_ergotropy(one, h)) is float
    assert type(qb.metrics.energetics(one, h).capacity) is float
    dims, h4 = [2, 2], random_hermitian(rng, 4)
    assert type(qb.local_ergotropy(random_density_matrices(rng, (), 4), h4, dims, 0)) is float


def test_the_energetics_function_no_longer_shadows_its_module() -> None:
    import importlib

    module = importlib.import_module("qbattery.metrics.passivity")
    assert qb.metrics.energetics is module.energetics  # the function, defined in passivity
    assert callable(qb.metrics.energetics)
