"""The disordered Ising chain (models/spin_disorder.py) against independent constructions.

References:
- the Hamiltonian written term by term with QuTiP's ``sigmax``, ``sigmaz`` and ``tensor``
  (tests/models/spin_references.py), compared after reversing the basis order;
- the documented random draw ``numpy.random.default_rng(seed).uniform(-W, W, N)``;
- zero disorder against the clean Ising chain; disorder averages against the realisations
  rebuilt from their recorded seeds.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

import qbattery as qb
from qbattery.models.spin_chains import (
    ising_chain,
)
from qbattery.models.spin_disorder import disordered_ising_chain
from tests.models.references import ExactCharging
from tests.models.spin_references import CHAINS, assert_operators, nearest, qutip_spin_hamiltonian

#: Sums of O(N^2) terms of size O(1): round-off ~1e-14.
EXACT = 1e-12
#: P_max refined on a grid of step 0.025 (cubic Hermite through W and W', error ~ step^4) against
#: the exact root of tau W' = W: measured <= 8e-8 relative (2e-5 at step 0.1).
REFINED = 1e-6
#: A standard error of 4 values is a difference of values each good to REFINED: measured 6e-8.
REFINED_SPREAD = 1e-6
#: Significance required of a difference of disorder averages (standard errors combined).
SIGMAS = 3.0
#: Smallest ground-level gap of H_B accepted as non-degenerate (levels are O(1)).
GAP = 1e-6


def second_nearest(n: int, boundary: str) -> list[tuple[int, int]]:
    if boundary == "open":
        return [(i, i + 2) for i in range(n - 2)]
    pairs = {frozenset((i, (i + 2) % n)) for i in range(n) if (i + 2) % n != i}
    return [(min(p), max(p)) for p in pairs]


@pytest.mark.parametrize(("n", "boundary"), [*CHAINS, (3, "periodic")])
@pytest.mark.parametrize("stored", ["chain", "zeeman"])
def test_disordered_ising_matches_qutip(n: int, boundary: str, stored: str) -> None:
    J, W, J2, omega, h, seed = 0.4, 1.5, 0.25, 1.0, 0.3, 3
    battery = disordered_ising_chain(
        n, J, W, omega, h, next_nearest=J2, seed=seed, battery_hamiltonian=stored, boundary=boundary
    )
    fields = np.random.default_rng(seed).uniform(-W, W, n)
    near, far = nearest(n, boundary), second_nearest(n, boundary)
    chain = qutip_spin_hamiltonian(
        n,
        near + far,
        jx=[J] * len(near) + [J2] * len(far),
        field_z=list(omega / 2 + fields),
    )
    zeeman = qutip_spin_hamiltonian(n, [], field_z=omega / 2)
    h_b = chain if stored == "chain" else zeeman
    assert_operators(battery, h_b, chain + qutip_spin_hamiltonian(n, [], field_x=h))
    np.testing.assert_array_equal(battery.parameters["random_fields"], fields)
    if stored == "zeeman":  # the clean battery starts with every spin down
        assert abs(battery.initial_state[0]) == pytest.approx(1.0, abs=EXACT)


def test_seeded_disorder_is_reproducible_and_recorded() -> None:
    W, n = 2.0, 6
    first = disordered_ising_chain(n, 0.5, W, next_nearest=0.2, seed=12)
    again = disordered_ising_chain(n, 0.5, W, next_nearest=0.2, seed=12)
    other = disordered_ising_chain(n, 0.5, W, next_nearest=0.2, seed=13)
    assert first.parameters["seed"] == 12
    fields = np.array(first.parameters["random_fields"])
    np.testing.assert_array_equal(fields, np.random.default_rng(12).uniform(-W, W, n))
    assert np.all(np.abs(fields) <= W)
    assert (first.hamiltonian.static != again.hamiltonian.static).nnz == 0
    assert np.all(fields != other.parameters["random_fields"])


def test_generator_seed_records_its_state() -> None:
    generator = np.random.default_rng(42)
    generator.uniform(size=3)  # a generator already in use
    state = copy.deepcopy(generator.bit_generator.state)
    battery = disordered_ising_chain(5, 0.5, 1.0, seed=generator)
    assert battery.parameters["seed"] == state
    replay = np.random.default_rng()
    replay.bit_generator.state = battery.parameters["seed"]
    np.testing.assert_array_equal(battery.parameters["random_fields"], replay.uniform(-1.0, 1.0, 5))


def test_zero_disorder_is_the_clean_ising_chain() -> None:
    clean = ising_chain(5, 0.4, 0.9, 0.2, boundary="periodic")
    disordered = disordered_ising_chain(5, 0.4, 0.0, 0.9, 0.2, boundary="periodic", seed=0)
    np.testing.assert_allclose(
        disordered.hamiltonian.static.toarray(), clean.hamiltonian.static.toarray(), atol=EXACT
    )


def test_disorder_average_of_the_chain_matches_realisations_built_independently() -> None:
    # Independent: each realisation's seed from NumPy's SeedSequence, its fields drawn from
    # default_rng(seed).uniform(-W, W, N) as documented, H_B and H term by term with QuTiP, the
    # ground state from numpy.linalg.eigh, the charging curve from a dense eigendecomposition and
    # P_max from the root of tau W' = W; mean and standard error with NumPy.
    n, J, W, J2, master, count = 4, 0.3, 2.0, 0.1, 7, 4
    times = np.linspace(0, 6, 241)

    def max_power(rng: np.random.Generator) -> float:
        battery = disordered_ising_chain(n, J, W, next_nearest=J2, seed=rng)
        return qb.charge(battery, times).max_average_power

    first = qb.disorder_average(max_power, count, seed=master)
    near, far = nearest(n, "open"), second_nearest(n, "open")
    expected = []
    for k in range(count):
        child = np.random.SeedSequence(master).spawn(count)[k]
        seed = int(child.generate_state(1, np.uint64)[0])
        assert int(first.seeds[k]) == seed
        fields = np.random.default_rng(seed).uniform(-W, W, n)
        chain = qutip_spin_hamiltonian(
            n, near + far, jx=[J] * len(near) + [J2] * len(far), field_z=list(0.5 + fields)
        )
        levels, vectors = np.linalg.eigh(chain)
        assert levels[1] - levels[0] > GAP  # a unique initial state
        charging = chain + qutip_spin_hamiltonian(n, [], field_x=1.0)
        expected.append(ExactCharging(charging, chain, vectors[:, 0]).optimum(times)[0])
    np.testing.assert_allclose(first.values, expected, rtol=REFINED)
    assert first.mean == pytest.approx(np.mean(expected), rel=REFINED)
    assert first.standard_error == pytest.approx(
        np.std(expected, ddof=1) / np.sqrt(count), rel=REFINED_SPREAD
    )
    assert np.ptp(first.values) > 0  # the realisations differ
    # determinism: the same master seed gives the same values
    np.testing.assert_array_equal(
        first.values, qb.disorder_average(max_power, count, master).values
    )


# --- published numbers -------------------------------------------------------------------------


def late_fluctuation(battery: qb.Battery, times: np.ndarray) -> float:
    """std / mean of the stored energy over ``times``, by dense eigendecomposition of the model's
    H (NumPy only: psi(t) = V exp(-i E t) V^dag psi(0), W = <psi|H_B|psi> - <psi0|H_B|psi0>)."""
    energies, vectors = np.linalg.eigh(battery.hamiltonian.static.toarray())
    amplitudes = vectors.conj().T @ battery.initial_state
    states = vectors @ (np.exp(-1j * np.outer(energies, times)) * amplitudes[:, None])
    h_b = battery.battery_hamiltonian.toarray()
    stored = np.sum(states.conj() * (h_b @ states), axis=0).real
    stored -= np.vdot(battery.initial_state, h_b @ battery.initial_state).real
    return float(np.std(stored) / np.mean(stored))


@pytest.mark.reproduction
def test_rossini_interactions_suppress_energy_fluctuations() -> None:
    """Rossini, Andolina & Polini, PRB 100, 115142 (2019), abstract: in the disordered quantum
    Ising battery "interactions suppress temporal energy fluctuations in comparison with those of
    the non-interacting AL [Anderson-localised] phase".

    Tested as stated (the paper's parameters and figures are not in the text available to us):
    N = 8, J = 1, strong disorder W = 5, the quench from all spins down charging the Zeeman
    battery (``battery_hamiltonian="zeeman"``, no field); the relative temporal fluctuation
    std_t W / mean_t W over 100 <= t <= 200, averaged over 40 seeded realisations, is smaller
    with next-nearest interactions (J2 = 0.3, many-body localised) than without (J2 = 0,
    Anderson localised), by more than SIGMAS combined standard errors. Measured: 0.291 +- 0.010
    (AL) against 0.208 +- 0.013 (MBL), 5 standard errors apart.
    """
    n, J, W, count = 8, 1.0, 5.0, 40
    times = np.linspace(100.0, 200.0, 401)

    def fluctuations(second: float) -> np.ndarray:
        return np.array(
            [
                late_fluctuation(
                    disordered_ising_chain(
                        n, J, W, 1.0, 0.0, next_nearest=second, seed=s, battery_hamiltonian="zeeman"
                    ),
                    times,
                )
                for s in range(count)
            ]
        )

    anderson, many_body = fluctuations(0.0), fluctuations(0.3)
    error = np.hypot(anderson.std(ddof=1), many_body.std(ddof=1)) / np.sqrt(count)
    assert anderson.mean() - many_body.mean() > SIGMAS * error, (anderson.mean(), many_body.mean())
