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

import itertools
import math

import numpy as np
import pytest
import qutip
import scipy.sparse as sp

import qbattery as qb
from qbattery.errors import NotHermitianError, QBatteryTypeError, QBatteryValueError
from qbattery.models.syk import fermion_annihilation, syk, syk_couplings, syk_hamiltonian
from qbattery.studies.syk import SYK_QUANTITIES, syk_average, syk_scaling
from tests.models.references import ExactCharging

#: Sums of O(N^4) terms of size O(1): round-off ~1e-14.
EXACT = 1e-12
#: Eigenvalues from dense eigh of two matrices that agree to round-off.
EIGEN = 1e-10
#: sesolve at atol 1e-12 / rtol 1e-10 over t <= 4 against the exact propagator.
ODE = 1e-7
#: sesolve settings of the reference charging run.
QUTIP_OPTIONS = {"atol": 1e-12, "rtol": 1e-10}
#: Sample means over many seeded draws: 5 standard errors (a false alarm would have probability
#: ~6e-7 for an unseeded draw; the seeds make the test deterministic).
SIGMAS = 5.0
#: P_max and W(tau*) refined on a grid of step 0.05 (cubic Hermite through exact W, W') against
#: the exact root of tau W' = W: measured ~1e-9 relative; 1e-7 leaves room for the solver.
REFINED = 1e-7
#: P_max is stationary in tau, so the refined optimal time (and W there) is less accurate than
#: P_max itself: measured 2.3e-7 relative; 1e-5 for the solver and the grid.
REFINED_TIME = 1e-5
#: A standard error of 3 values ~0.1 apart is a difference of values each good to REFINED:
#: measured 7e-9 relative.
REFINED_SPREAD = 1e-6
#: The slope is linear in log P, so a forward difference of step 1e-6 is exact up to round-off
#: amplified by 1/step: ~1e-16 / 1e-6 = 1e-10 relative; 1e-6 leaves room.
FINITE_DIFFERENCE = 1e-6


def qutip_syk(couplings: np.ndarray) -> np.ndarray:
    """The SYK Hamiltonian summed term by term from QuTiP's Jordan-Wigner fermions."""
    n = couplings.shape[0]
    c = [qutip.fdestroy(n, i) for i in range(n)]
    total = 0 * qutip.qeye([2] * n)
    for i, j, k, l in zip(*np.nonzero(couplings), strict=True):  # noqa: E741
        total += couplings[i, j, k, l] * c[i].dag() * c[j].dag() * c[k] * c[l]
    return (2 * n) ** -1.5 * total.full()


def drawn_couplings(n: int, strength: float, rng: np.random.Generator) -> np.ndarray:
    """``J_{ij;kl}`` drawn by hand as documented: a then b standard normal, each (M, M) over the
    pairs ``P = (i < j)`` in lexicographic order; ``G_PQ = (a + i b) J / sqrt(2)`` for P < Q,
    ``G_QP = conj(G_PQ)``, ``G_PP = a_PP J``; J antisymmetric within each pair."""
    pairs = list(itertools.combinations(range(n), 2))
    m = len(pairs)
    a, b = rng.standard_normal((m, m)), rng.standard_normal((m, m))
    tensor = np.zeros((n, n, n, n), dtype=complex)
    for p, (i, j) in enumerate(pairs):
        for q, (k, l) in enumerate(pairs):  # noqa: E741
            if p < q:
                g = strength * complex(a[p, q], b[p, q]) / math.sqrt(2)
            elif p > q:
                g = strength * complex(a[q, p], -b[q, p]) / math.sqrt(2)
            else:
                g = strength * a[p, p]
            tensor[i, j, k, l], tensor[j, i, k, l] = g, -g
            tensor[i, j, l, k], tensor[j, i, l, k] = -g, g
    return tensor


def realisation_seed(master: int, k: int) -> int:
    """The documented seed of realisation k: child k of ``SeedSequence(master).spawn``."""
    child = np.random.SeedSequence(master).spawn(k + 1)[k]
    return int(child.generate_state(1, np.uint64)[0])


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
        options=QUTIP_OPTIONS,
    )
    stored = np.real(evolution.expect[0]) - np.real(evolution.expect[0][0])
    np.testing.assert_allclose(result.energy, stored, atol=ODE)
    assert result.energy.max() > 0.5 * n * field  # the quench does charge the battery


# --- seeds ----------------------------------------------------------------------------------------


def test_seeds_draw_the_documented_couplings_and_are_recorded() -> None:
    # Independent: the couplings drawn by hand from default_rng(seed) as documented, summed into
    # H term by term with QuTiP's fermions; then the determinism of the seeds themselves.
    n = 5
    first = syk(n, seed=3)
    reference = qutip_syk(drawn_couplings(n, 1.0, np.random.default_rng(3)))
    np.testing.assert_allclose(first.hamiltonian.static.toarray(), reference, atol=EXACT)
    rng = np.random.default_rng(12)
    rng.standard_normal(7)  # a generator already in use
    from_generator = syk(n, 1.3, seed=rng)
    recorded = from_generator.parameters["seed"]
    replay = np.random.default_rng()
    replay.bit_generator.state = recorded
    np.testing.assert_allclose(
        from_generator.hamiltonian.static.toarray(),
        qutip_syk(drawn_couplings(n, 1.3, replay)),
        atol=EXACT,
    )
    # determinism: the same seed, the same matrix; another seed, another one
    again, other = syk(n, seed=3), syk(n, seed=4)
    assert (first.hamiltonian.static != again.hamiltonian.static).nnz == 0
    assert abs(first.hamiltonian.static - other.hamiltonian.static).max() > 0.01
    np.testing.assert_array_equal(
        syk_couplings(4, seed=9), syk_couplings(4, seed=np.random.default_rng(9))
    )


def test_disorder_average_matches_realisations_charged_independently() -> None:
    # Independent: each realisation's seed from NumPy's SeedSequence, its couplings drawn by
    # hand, H from QuTiP's fermions, the charging curve from a dense eigendecomposition and the
    # optimum from tau W' = W (brentq); mean and standard error with NumPy.
    n, coupling, field, master, count = 4, 1.2, 0.9, 21, 3
    times = np.linspace(0.0, 6.0, 121)
    average = syk_average(n, times, count, seed=master, coupling=coupling, field=field)
    assert average.samples.values.shape == (count, len(SYK_QUANTITIES))
    h_b, ground = qutip_battery(n, field)
    powers, optimal_times, energies = [], [], []
    for k in range(count):
        seed = realisation_seed(master, k)
        assert int(average.seeds[k]) == seed
        h = qutip_syk(drawn_couplings(n, coupling, np.random.default_rng(seed)))
        exact = ExactCharging(h, h_b, ground)
        power, tau = exact.optimum(times)
        powers.append(power)
        optimal_times.append(tau)
        energies.append(exact.work(tau))
    np.testing.assert_allclose(average.values("max_average_power"), powers, rtol=REFINED)
    np.testing.assert_allclose(average.values("optimal_time"), optimal_times, rtol=REFINED_TIME)
    np.testing.assert_allclose(
        average.values("energy_at_optimal_time"), energies, rtol=REFINED_TIME
    )
    assert average.max_average_power == pytest.approx(np.mean(powers), rel=REFINED)
    assert average.max_average_power_error == pytest.approx(
        np.std(powers, ddof=1) / math.sqrt(count), rel=REFINED_SPREAD
    )
    # determinism: the same master seed, the same values; another, other values
    again = syk_average(n, times, count, seed=master, coupling=coupling, field=field)
    other = syk_average(n, times, count, seed=master + 1, coupling=coupling, field=field)
    np.testing.assert_array_equal(average.samples.values, again.samples.values)
    assert not np.any(average.samples.values == other.samples.values)
    assert "n_sites=4" in repr(average)
    with pytest.raises(QBatteryValueError, match="quantity"):
        average.mean("power")


def test_power_scales_super_extensively() -> None:
    """Rossini et al., PRL 125, 236402 (2020), abstract: the optimal charging power of the SYK
    battery "displays a super-extensive scaling with N" (exact diagonalisation up to N = 16).

    The exponent is not stated in the text available to us (abstract and introduction), so the
    test checks the stated claim: alpha > 1 by three combined standard errors (fit and disorder),
    and alpha < 2, the bound on any charging (Gyhm, Safranek & Rosa, PRL 128, 140501 (2022),
    abstract: at most quadratic scaling of the power). The fit and its error propagation are
    recomputed with ``numpy.polyfit`` on log-log data. N = 4, 6, 8, 8 realisations each: ~1 s
    on one BLAS thread (10 s seen when threads compete on a loaded machine).
    """
    scaling = syk_scaling([4, 6, 8], np.linspace(0.0, 8.0, 161), realisations=8, seed=2020)
    fit = scaling.fit
    x, y = np.log(scaling.sizes), np.log(scaling.max_average_power)
    slope, intercept = np.polyfit(x, y, 1)
    assert fit.exponent == pytest.approx(slope, abs=EXACT)
    assert fit.prefactor == pytest.approx(math.exp(intercept), rel=EXACT)
    margin = 3 * math.hypot(fit.exponent_error, scaling.exponent_disorder_error)
    assert fit.exponent - margin > 1.0, repr(scaling)  # super-extensive (paper's abstract)
    assert fit.exponent + margin < 2.0  # below the quadratic bound (PRL 128, 140501)
    # the propagated disorder error, against finite differences of numpy's fitted slope
    relative = scaling.max_average_power_error / scaling.max_average_power
    step = 1e-6
    slopes = []
    for s in range(x.size):
        shifted = y.copy()
        shifted[s] += step
        slopes.append((np.polyfit(x, shifted, 1)[0] - slope) / step)
    expected = math.sqrt(sum((g * r) ** 2 for g, r in zip(slopes, relative, strict=True)))
    assert scaling.exponent_disorder_error == pytest.approx(expected, rel=FINITE_DIFFERENCE)
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
