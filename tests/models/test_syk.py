"""SYK battery (Rossini et al., PRL 125, 236402 (2020)) against independent constructions.

References:
- Jordan-Wigner fermions: QuTiP's ``fdestroy(N, i) = sigma_z^{x i} x sigma_+ x 1...`` in QuTiP's
  basis, where basis index 1 is the occupied state; qbattery's occupied state ``|e>`` is index 1
  too, so the matrices must agree entry by entry. The canonical anticommutation relations are
  checked directly.
- The SYK Hamiltonian: ``(2N)^(-3/2) sum_{ijkl} J_{ij;kl} c_i^dag c_j^dag c_k c_l`` summed term by
  term with QuTiP operators (the same coupling tensor, an independent operator construction);
  its spectrum from ``numpy.linalg.eigvalsh``.
- The coupling statistics: the stated ensemble (complex Gaussian, ``E|J|^2 = J^2``; real
  Gaussian of variance ``J^2`` on the pair diagonal), tested on sample moments of many draws.
- The normalisation of H: the closed form of the disorder average of ``Tr H^2 / 2^N``. With
  ``E[J_PQ J_P'Q'] = J^2 delta_{P Q'} delta_{Q P'}`` over pairs P = (i < j), Q = (k < l),
  ``E Tr H^2 / 2^N = 16 (2N)^-3 J^2 sum_{P,Q} Tr[n_i n_j prod_{m in Q minus P} (1 - n_m)] / 2^N
  = 16 (2N)^-3 J^2 (M / 4) [1 + (N - 2) + (N - 2)(N - 3) / 8]``, M = N (N - 1) / 2.
- The battery Hamiltonian and initial state: ``h sum_i sigma_y^i`` from QuTiP (qbattery's
  ``sigma_y`` in the ``(|g>, |e>)`` basis is ``-qutip.sigmay()`` read as a matrix, since QuTiP
  orders ``(|e>, |g>)``), and its ground state from QuTiP's ``eigenstates``.
- One charging run against ``qutip.sesolve``.
- Super-extensive scaling of P_max: the paper's abstract (its stored public copy) reports that
  the optimal charging power "displays a super-extensive scaling with N".
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip
import scipy.sparse as sp

import qbattery as qb
from qbattery.errors import NotHermitianError, QBatteryTypeError, QBatteryValueError
from qbattery.models.syk import fermion_annihilation, syk, syk_couplings, syk_hamiltonian
from qbattery.studies.advantage import fit_power_law
from qbattery.studies.syk import SYK_QUANTITIES, syk_average, syk_scaling

#: Sums of O(N^4) terms of size O(1): round-off ~1e-14.
EXACT = 1e-12
#: Eigenvalues from dense eigh of two matrices that agree to round-off.
EIGEN = 1e-10
#: sesolve at atol 1e-12 / rtol 1e-10 over t <= 4 against the exact propagator.
ODE = 1e-7
#: Sample means over many seeded draws: 5 standard errors (a false alarm would have probability
#: ~6e-7 for an unseeded draw; the seeds make the test deterministic).
SIGMAS = 5.0


def qutip_syk(couplings: np.ndarray) -> np.ndarray:
    """The SYK Hamiltonian summed term by term from QuTiP's Jordan-Wigner fermions."""
    n = couplings.shape[0]
    c = [qutip.fdestroy(n, i) for i in range(n)]
    total = 0 * qutip.qeye([2] * n)
    for i, j, k, l in zip(*np.nonzero(couplings), strict=True):  # noqa: E741
        total += couplings[i, j, k, l] * c[i].dag() * c[j].dag() * c[k] * c[l]
    return (2 * n) ** -1.5 * total.full()


def qutip_battery(n: int, field: float) -> tuple[np.ndarray, np.ndarray]:
    """(H_B, ground state) of ``h sum_i sigma_y^i`` in qbattery's basis, built with QuTiP."""
    sigma_y = qutip.Qobj(-qutip.sigmay().full())  # qbattery's sigma_y on (|g>, |e>)
    h_b = field * sum(
        qutip.tensor([sigma_y if i == site else qutip.qeye(2) for i in range(n)])
        for site in range(n)
    )
    energies, states = h_b.eigenstates()
    assert energies[1] - energies[0] > 1.0  # non-degenerate ground level
    return h_b.full(), states[0].full().ravel()


# --- fermions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3, 5])
def test_fermions_match_qutip_and_anticommute(n: int) -> None:
    c = fermion_annihilation(n)
    identity = np.eye(2**n)
    for i in range(n):
        assert sp.issparse(c[i]) and c[i].dtype == np.complex128
        np.testing.assert_array_equal(c[i].toarray(), qutip.fdestroy(n, i).full())
        for j in range(n):
            a, b = c[i].toarray(), c[j].toarray()
            np.testing.assert_array_equal(a @ b.conj().T + b.conj().T @ a, identity * (i == j))
            np.testing.assert_array_equal(a @ b + b @ a, 0 * identity)


def test_occupied_is_the_excited_spin() -> None:
    n = 3
    c = fermion_annihilation(n)
    number = sum(ci.conj().T @ ci for ci in c)
    # the number of excited spins: set bits of the product-state index (site 0 most significant)
    excited = np.diag([bin(state).count("1") for state in range(2**n)])
    np.testing.assert_allclose(number.toarray(), excited, atol=EXACT)
    # a single excited spin on site 0 (|e g g>, index 4) is one fermion on site 0
    assert c[0][0, 4] == 1 and c[0].nnz == 4


# --- couplings ----------------------------------------------------------------------------------


def test_coupling_symmetries_are_exact() -> None:
    J = syk_couplings(5, 0.8, seed=4)
    assert J.shape == (5, 5, 5, 5) and J.dtype == np.complex128
    np.testing.assert_array_equal(J, -J.transpose(1, 0, 2, 3))
    np.testing.assert_array_equal(J, -J.transpose(0, 1, 3, 2))
    np.testing.assert_array_equal(J, J.transpose(2, 3, 0, 1).conj())
    assert np.all(J[np.arange(5), np.arange(5)] == 0)


def test_coupling_statistics_match_the_stated_ensemble() -> None:
    n, strength, draws = 4, 0.7, 3000
    rng = np.random.default_rng(77)
    first, second = np.triu_indices(n, k=1)
    pairs = np.stack(
        [
            syk_couplings(n, strength, seed=rng)[
                first[:, None], second[:, None], first[None, :], second[None, :]
            ]
            for _ in range(draws)
        ]
    )  # (draws, M, M) = G_PQ
    upper = pairs[:, *np.triu_indices(first.size, k=1)].ravel()  # independent complex entries
    diagonal = pairs[:, np.arange(first.size), np.arange(first.size)].ravel()  # real entries

    def close(samples: np.ndarray, expected: float) -> None:
        error = samples.std(ddof=1) / math.sqrt(samples.size)
        assert abs(samples.mean() - expected) < SIGMAS * error, (samples.mean(), expected, error)

    variance = strength**2
    close(np.abs(upper) ** 2, variance)  # E|J|^2 = J^2
    close(upper.real**2, variance / 2)  # circular: real and imaginary parts share it
    close(upper.imag**2, variance / 2)
    close(upper.real * upper.imag, 0.0)
    close(upper.real, 0.0)
    close(upper.imag, 0.0)
    assert np.all(diagonal.imag == 0)  # Hermiticity forces J_{ij;ij} real
    close(diagonal.real**2, variance)
    close(diagonal.real, 0.0)


def test_hamiltonian_normalisation_matches_the_closed_form() -> None:
    n, strength, draws = 5, 1.3, 300
    rng = np.random.default_rng(5)
    second_moments = np.array(
        [
            np.sum(np.abs(syk_hamiltonian(syk_couplings(n, strength, seed=rng)).data) ** 2) / 2**n
            for _ in range(draws)
        ]
    )  # Tr H^2 / 2^N = sum |H_ab|^2 / 2^N
    m = n * (n - 1) / 2
    expected = 16 * (2 * n) ** -3 * strength**2 * m / 4 * (1 + (n - 2) + (n - 2) * (n - 3) / 8)
    error = second_moments.std(ddof=1) / math.sqrt(draws)
    assert abs(second_moments.mean() - expected) < SIGMAS * error


# --- Hamiltonian ----------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 4, 6])
def test_hamiltonian_matches_qutip_construction(n: int) -> None:
    J = syk_couplings(n, 1.1, seed=n)
    h = syk_hamiltonian(J)
    reference = qutip_syk(J)
    assert sp.issparse(h) and h.dtype == np.complex128
    np.testing.assert_allclose(h.toarray(), reference, atol=EXACT)
    np.testing.assert_allclose(
        np.linalg.eigvalsh(h.toarray()), np.linalg.eigvalsh(reference), atol=EIGEN
    )


def test_hamiltonian_is_hermitian_and_conserves_fermion_number() -> None:
    n = 6
    h = syk_hamiltonian(syk_couplings(n, seed=8)).toarray()
    number = sum(c.dag() * c for c in (qutip.fdestroy(n, i) for i in range(n))).full()
    np.testing.assert_allclose(h, h.conj().T, atol=EXACT)
    np.testing.assert_allclose(h @ number - number @ h, 0, atol=EXACT)
    assert np.abs(h).max() > 0.1  # not trivially zero


# --- battery -------------------------------------------------------------------------------------


def test_battery_hamiltonian_and_initial_state_match_qutip() -> None:
    n, field = 4, 0.7
    battery = syk(n, 1.0, field, seed=2)
    h_b, ground = qutip_battery(n, field)
    np.testing.assert_allclose(battery.battery_hamiltonian.toarray(), h_b, atol=EXACT)
    overlap = abs(np.vdot(ground, battery.initial_state))
    assert overlap == pytest.approx(1.0, abs=EXACT)
    assert battery.ground_energy == pytest.approx(-n * field, abs=EIGEN)
    assert battery.parameters == {"n_sites": n, "coupling": 1.0, "field": field, "seed": 2}
    assert battery.name == "syk" and battery.dims == (2,) * n


def test_charging_matches_qutip_sesolve() -> None:
    n, coupling, field = 4, 1.4, 0.8
    times = np.linspace(0.0, 4.0, 81)
    battery = syk(n, coupling, field, seed=31)
    result = qb.charge(battery, times)
    # independent: QuTiP Hamiltonians from the same couplings, QuTiP's ground state, sesolve
    J = syk_couplings(n, coupling, seed=31)
    h_b, ground = qutip_battery(n, field)
    dims = [[2] * n, [2] * n]
    evolution = qutip.sesolve(
        qutip.Qobj(qutip_syk(J), dims=dims),
        qutip.Qobj(ground, dims=[[2] * n, [1] * n]),
        times,
        e_ops=[qutip.Qobj(h_b, dims=dims)],
        options={"atol": 1e-12, "rtol": 1e-10},
    )
    stored = np.real(evolution.expect[0]) - np.real(evolution.expect[0][0])
    np.testing.assert_allclose(result.energy, stored, atol=ODE)
    assert result.energy.max() > 0.5 * n * field  # the quench does charge the battery


# --- seeds ----------------------------------------------------------------------------------------


def test_seeds_are_reproducible_and_recorded() -> None:
    first, again, other = syk(5, seed=3), syk(5, seed=3), syk(5, seed=4)
    assert (first.hamiltonian.static != again.hamiltonian.static).nnz == 0
    assert abs(first.hamiltonian.static - other.hamiltonian.static).max() > 0.01
    rng = np.random.default_rng(12)
    from_generator = syk(5, seed=rng)
    recorded = from_generator.parameters["seed"]
    replay = np.random.default_rng()
    replay.bit_generator.state = recorded
    rebuilt = syk(5, seed=replay)
    assert (from_generator.hamiltonian.static != rebuilt.hamiltonian.static).nnz == 0
    # an integer seed and default_rng of it draw the same couplings
    np.testing.assert_array_equal(
        syk_couplings(4, seed=9), syk_couplings(4, seed=np.random.default_rng(9))
    )


def test_disorder_average_records_and_reproduces_each_realisation() -> None:
    times = np.linspace(0.0, 6.0, 121)
    average = syk_average(4, times, 3, seed=21, coupling=1.2, field=0.9)
    assert average.samples.values.shape == (3, len(SYK_QUANTITIES))
    for k, seed in enumerate(average.seeds):
        alone = qb.charge(syk(4, 1.2, 0.9, seed=int(seed)), times)
        assert average.values("max_average_power")[k] == pytest.approx(
            alone.max_average_power, rel=EXACT
        )
        assert average.values("optimal_time")[k] == pytest.approx(alone.optimal_time, rel=EXACT)
    powers = average.values("max_average_power")
    assert average.max_average_power == pytest.approx(powers.mean(), rel=EXACT)
    assert average.max_average_power_error == pytest.approx(
        powers.std(ddof=1) / math.sqrt(3), rel=EXACT
    )
    again = syk_average(4, times, 3, seed=21, coupling=1.2, field=0.9)
    other = syk_average(4, times, 3, seed=22, coupling=1.2, field=0.9)
    np.testing.assert_array_equal(average.samples.values, again.samples.values)
    assert not np.any(average.samples.values == other.samples.values)
    assert "n_sites=4" in repr(average)
    with pytest.raises(QBatteryValueError, match="quantity"):
        average.mean("power")


def test_power_scales_super_extensively() -> None:
    scaling = syk_scaling([4, 6, 8], np.linspace(0.0, 8.0, 161), realisations=8, seed=2020)
    fit = scaling.fit
    assert fit == fit_power_law(scaling.sizes, scaling.max_average_power)
    margin = 3 * math.hypot(fit.exponent_error, scaling.exponent_disorder_error)
    assert fit.exponent - margin > 1.0, repr(scaling)  # super-extensive (paper's abstract)
    assert fit.exponent + margin < 2.0  # below the quadratic bound (PRL 128, 140501)
    # the propagated disorder error, against finite differences of the fitted slope
    x, y = scaling.sizes, scaling.max_average_power
    relative = scaling.max_average_power_error / y
    step = 1e-6
    slopes = []
    for s in range(x.size):
        shifted = y.copy()
        shifted[s] *= math.exp(step)
        slopes.append((fit_power_law(x, shifted).exponent - fit.exponent) / step)
    expected = math.sqrt(sum((g * r) ** 2 for g, r in zip(slopes, relative, strict=True)))
    assert scaling.exponent_disorder_error == pytest.approx(expected, rel=1e-5)
    # each size drew its own realisations
    seeds = [tuple(a.seeds.tolist()) for a in scaling.averages]
    assert len(set(seeds)) == len(seeds)


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: syk(1, seed=0), QBatteryValueError, "n_sites"),
        (lambda: syk(15, seed=0), QBatteryValueError, "n_sites"),
        (lambda: syk(4, 0.0, seed=0), QBatteryValueError, "coupling"),
        (lambda: syk(4, field=-1.0, seed=0), QBatteryValueError, "field"),
        (lambda: syk(4, seed=-3), QBatteryValueError, "seed"),
        (lambda: syk(4, seed="a"), QBatteryTypeError, "seed"),
        (lambda: syk_hamiltonian(np.ones((3, 3, 3))), QBatteryValueError, "couplings"),
        (lambda: syk_hamiltonian(np.ones((3, 3, 3, 3))), QBatteryValueError, "antisymmetric"),
        (
            lambda: syk_hamiltonian(1j * syk_couplings(3, seed=0)),
            NotHermitianError,
            "Hermitian",
        ),
        (lambda: syk_scaling([4, 4], [0.0, 1.0], 2, 0), QBatteryValueError, "sizes"),
        (lambda: syk_scaling(4, [0.0, 1.0], 2, 0), QBatteryTypeError, "sizes"),
    ],
)
def test_bad_input_names_the_argument(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()
