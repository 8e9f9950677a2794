"""Permutation-invariant blocks: degeneracies, packing, and full-space energetics.

References, independent of the code under test:

- the full-space Dicke basis ``|j, m, alpha>`` built from QuTiP's collective spin operators on
  the 2**N product space (highest-weight vectors = null space of J_+ at J_z = j, lowered with
  J_-), into which block states are embedded and diagonalised with plain NumPy;
- the degeneracy formula ``N! (2j+1) / ((N/2-j)! (N/2+j+1)!)`` with exact factorials;
- exact rational arithmetic for a state of N = 100 cells in the j = 0 block;
- brute force: the weighted pairing against the explicitly repeated multisets.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import qutip
import scipy.linalg
from hypothesis import given, settings
from hypothesis import strategies as st

from qbattery.bases.permutational import (
    MAX_ATOMS,
    HermitianPacking,
    dicke_degeneracy,
    permutational_blocks,
    spin_matrix,
)
from qbattery.bases.permutational_energetics import (
    permutational_energetics,
    permutational_energetics_restricted,
    weighted_paired_energy,
)
from qbattery.errors import DimensionError, NotDensityMatrixError, QBatteryValueError
from tests.conftest import random_density_matrices

#: Round-off of eigendecompositions of matrices of dimension <= 64 with entries O(N) (observed:
#: 2e-15).
TOL = 1e-10
#: A few floating-point operations on O(1) numbers, e.g. square roots in spin matrices (observed:
#: 0).
ROUND_OFF = 1e-14
#: Sums of a few dozen products of O(1) numbers (observed: <= 9e-16 here, 7e-15 over 5000
#: hypothesis examples of the pairing).
PRODUCT_SUMS = 1e-13
#: Packing scales off-diagonal entries by sqrt(2) and unpacking undoes it: an ulp or two
#: (observed: 1.1e-16).
ROUND_TRIP = 1e-15
#: Relative: degeneracies up to 1e97 computed in floating point against exact integers rounded
#: once (observed: 0).
INTEGER_RTOL = 1e-15
#: Relative, N = 100: sums over 101 levels of weights that are exact fractions rounded to double
#: (observed: <= 4.4e-16).
LARGE_N = 1e-13
#: N = 100, rho = 1/2**N: differences of sums of ~101 terms of size ~50 that cancel exactly
#: (observed: 5e-13).
CANCELLATION = 1e-11
#: J_z is diagonal with exact half-integers; closer than this is the same m.
SAME_M = 1e-9


def collective(n: int) -> dict[str, np.ndarray]:
    """Dense J_z, J_+, J_- on the 2**N product space (QuTiP's operators, excited = index 0)."""

    def total(op: qutip.Qobj) -> np.ndarray:
        terms = [
            qutip.tensor([op if k == i else qutip.qeye(2) for k in range(n)]) for i in range(n)
        ]
        return sum(t.full() for t in terms)

    return {
        "z": total(qutip.sigmaz()) / 2,
        "+": total(qutip.sigmap()),
        "-": total(qutip.sigmam()),
        "x": total(qutip.sigmax()) / 2,
    }


def dicke_basis(n: int) -> list[np.ndarray]:
    """For j = N/2, N/2-1, ...: array (2**N, 2j+1, d_j) of |j, m, alpha>, m increasing."""
    ops = collective(n)
    diagonal = np.real(np.diag(ops["z"]))
    out = []
    for twice in range(n, -1, -2):
        j = twice / 2
        support = np.nonzero(np.abs(diagonal - j) < SAME_M)[0]
        highest = scipy.linalg.null_space(ops["+"][:, support])
        top = np.zeros((2**n, highest.shape[1]), dtype=complex)
        top[support] = highest
        states = [top]
        for m in np.arange(j, -j, -1):
            states.append(ops["-"] @ states[-1] / math.sqrt((j + m) * (j - m + 1)))
        out.append(np.stack(states[::-1], axis=1))
    return out


def embed(blocks_states: list[np.ndarray], basis: list[np.ndarray]) -> np.ndarray:
    """rho = (+)_j rho_j (x) 1 / d_j on the full space; blocks (..., n_j, n_j)."""
    total = 0
    for rho_j, w in zip(blocks_states, basis, strict=True):
        d = w.shape[2]
        total = total + np.einsum("xma,...mn,yna->...xy", w, rho_j, np.conj(w)) / d
    return total


def full_energetics(rho: np.ndarray, h: np.ndarray) -> dict[str, np.ndarray]:
    """Definitions of docs/conventions.md with plain NumPy."""
    r = np.linalg.eigvalsh(rho)[..., ::-1]
    e = np.linalg.eigvalsh(h)
    energy = np.real(np.einsum("...ab,ba->...", rho, h))
    return {
        "energy": energy,
        "ergotropy": energy - r @ e,
        "antiergotropy": r @ e[::-1] - energy,
        "capacity": r @ (e[::-1] - e),
    }


def random_blocks(rng: np.random.Generator, sizes: np.ndarray, lead: tuple[int, ...]) -> list:
    weights = rng.dirichlet(np.ones(sizes.size), size=lead)
    return [
        weights[..., b, None, None] * random_density_matrices(rng, lead, int(n))
        for b, n in enumerate(sizes)
    ]


# -- structure ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_degeneracies_are_multiplicities_of_highest_weights(n: int) -> None:
    blocks = permutational_blocks(n)
    counted = [w.shape[2] for w in dicke_basis(n)]
    assert blocks.degeneracies.tolist() == counted
    assert blocks.sizes.tolist() == [w.shape[1] for w in dicke_basis(n)]


@pytest.mark.parametrize("n", [1, 2, 7, 30, 64, 100, 333])
def test_degeneracy_formula_and_dimension_count(n: int) -> None:
    blocks = permutational_blocks(n)
    twice = [round(2 * j) for j in blocks.spins]
    expected = [
        Fraction(math.factorial(n) * (t + 1))
        / (math.factorial((n - t) // 2) * math.factorial((n + t) // 2 + 1))
        for t in twice
    ]
    assert [Fraction(d) for d in blocks.exact_degeneracies] == expected
    assert (
        sum(int(s) * d for s, d in zip(blocks.sizes, blocks.exact_degeneracies, strict=True))
        == 2**n
    )
    assert float(np.sum(blocks.sizes * blocks.fractions)) == pytest.approx(1.0, abs=ROUND_OFF)
    assert blocks.dimension == ((n // 2 + 1) ** 2 if n % 2 == 0 else (n + 1) * (n + 3) // 4)
    degeneracies = dicke_degeneracy(n, blocks.spins)
    np.testing.assert_allclose(degeneracies, blocks.degeneracies, rtol=INTEGER_RTOL)


@pytest.mark.parametrize("spin", [0.5, 1.0, 2.5])
@pytest.mark.parametrize("component", ["x", "y", "z", "+", "-"])
def test_spin_matrices_match_qutip(spin: float, component: str) -> None:
    reference = qutip.jmat(spin, component).full()[::-1, ::-1]  # QuTiP orders m decreasing
    np.testing.assert_allclose(
        spin_matrix(spin, component).toarray(), reference, atol=ROUND_OFF, rtol=0
    )
    assert spin_matrix(0.0, component).toarray().tolist() == [[0]]  # the singlet


def test_reduced_basis_maps() -> None:
    blocks = permutational_blocks(3)
    assert blocks.magnetic_numbers.tolist() == [-1.5, -0.5, 0.5, 1.5, -0.5, 0.5]
    assert blocks.block_of.tolist() == [0, 0, 0, 0, 1, 1]
    assert [(s.start, s.stop) for s in blocks.slices()] == [(0, 4), (4, 6)]
    j_z = blocks.collective("z").toarray()
    np.testing.assert_allclose(np.diag(j_z).real, blocks.magnetic_numbers, rtol=0, atol=ROUND_OFF)


def test_bad_input() -> None:
    with pytest.raises(QBatteryValueError, match="n_atoms"):
        permutational_blocks(MAX_ATOMS + 1)
    with pytest.raises(QBatteryValueError, match="n_atoms"):
        permutational_blocks(0)
    with pytest.raises(QBatteryValueError, match="spin"):
        dicke_degeneracy(4, 0.5)
    with pytest.raises(QBatteryValueError, match="component"):
        spin_matrix(1.0, "w")


# -- packing ---------------------------------------------------------------------------------


def test_packing_round_trip_and_functionals(rng: np.random.Generator) -> None:
    sizes = [4, 2, 1]
    packing = HermitianPacking(sizes)
    states = [random_density_matrices(rng, (5,), n) for n in sizes]
    packed = packing.pack(states)
    assert packed.shape == (5, 21) and packed.dtype == float
    for a, b in zip(states, packing.unpack(packed), strict=True):
        np.testing.assert_allclose(a, b, atol=ROUND_TRIP, rtol=0)
    operators = [
        (lambda a: a + a.conj().T)(rng.normal(size=(n, n)) + 1j * rng.normal(size=(n, n)))
        for n in sizes
    ]
    expected = sum(
        np.einsum("ab,tba->t", o, r).real for o, r in zip(operators, states, strict=True)
    )
    functional = packed @ packing.functional(operators)
    np.testing.assert_allclose(functional, expected, atol=PRODUCT_SUMS, rtol=0)


def test_real_operator_acts_as_the_complex_map(rng: np.random.Generator) -> None:
    """X -> A X A^dagger - i[H, X] on one block of size 3, given on row-major vec(X)."""
    packing = HermitianPacking([3])
    a = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    h = (lambda m: m + m.conj().T)(rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3)))
    identity = np.eye(3)
    superoperator = np.kron(a, a.conj()) - 1j * np.kron(h, identity) + 1j * np.kron(identity, h.T)
    x = random_density_matrices(rng, (), 3)
    expected = a @ x @ a.conj().T - 1j * (h @ x - x @ h)
    real = packing.real_operator(scipy.sparse.csr_matrix(superoperator))
    (result,) = packing.unpack(real @ packing.pack([x]))
    np.testing.assert_allclose(result, expected, atol=PRODUCT_SUMS, rtol=0)


# -- energetics ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_energetics_match_full_space(rng: np.random.Generator, n: int) -> None:
    blocks = permutational_blocks(n)
    basis = dicke_basis(n)
    ops = collective(n)
    states = random_blocks(rng, blocks.sizes, (4,))
    rho = embed(states, basis)
    omega = 0.7
    cases = [
        (blocks.excitation_blocks(omega), omega * (ops["z"] + n / 2 * np.eye(2**n))),
        (
            [
                (spin_matrix(j, "x") + 0.3 * spin_matrix(j, "z") @ spin_matrix(j, "z")).toarray()
                for j in blocks.spins
            ],
            ops["x"] + 0.3 * ops["z"] @ ops["z"],
        ),
    ]
    for h_blocks, h_full in cases:
        result = permutational_energetics(states, h_blocks, blocks)
        expected = full_energetics(rho, h_full)
        for field, value in expected.items():
            np.testing.assert_allclose(
                getattr(result, field), value, atol=TOL, rtol=0, err_msg=field
            )


@pytest.mark.parametrize("n", [3, 4])
def test_restricted_energetics_match_block_unitaries(rng: np.random.Generator, n: int) -> None:
    """Block unitaries (+)_j U_j (x) 1: each full-space block P_j rho P_j made passive alone."""
    blocks = permutational_blocks(n)
    basis = dicke_basis(n)
    ops = collective(n)
    states = random_blocks(rng, blocks.sizes, ())
    rho = embed(states, basis)
    h_full = ops["z"] + n / 2 * np.eye(2**n)
    expected = {"energy": 0.0, "ergotropy": 0.0, "antiergotropy": 0.0, "capacity": 0.0}
    for w in basis:
        frame = w.reshape(2**n, -1)  # orthonormal columns spanning V_j (x) K_j
        block = full_energetics(frame.conj().T @ rho @ frame, frame.conj().T @ h_full @ frame)
        for field in expected:
            expected[field] += float(block[field])
    result = permutational_energetics_restricted(states, blocks.excitation_blocks(), blocks)
    for field, value in expected.items():
        assert float(getattr(result, field)) == pytest.approx(value, abs=TOL), field
    full = permutational_energetics(states, blocks.excitation_blocks(), blocks)
    assert float(result.ergotropy) <= float(full.ergotropy) + TOL


def test_readme_reference_three_atoms() -> None:
    """tests/README.md: (|1><1| + |2><2| + |3><3|)/3 in j = 3/2: E = 4/3 full, 1 restricted."""
    blocks = permutational_blocks(3)
    states = [np.diag([0, 1, 1, 1]) / 3, np.zeros((2, 2))]
    h = blocks.excitation_blocks()
    full = permutational_energetics(states, h, blocks)
    assert float(full.ergotropy) == pytest.approx(4 / 3, abs=TOL)
    assert float(permutational_energetics_restricted(states, h, blocks).ergotropy) == (
        pytest.approx(1.0, abs=TOL)
    )


def test_hundred_cells_in_the_singlet_block_exactly() -> None:
    """N = 100, all weight in j = 0: eigenvalue 1/d_0 on d_0 ~ 2e27 states, energy 50 omega.

    The passive (active) energy fills the lowest (highest) d_0 full-space levels, binomial(100, k)
    copies of level k; computed here with exact fractions.
    """
    n, omega = 100, 1.0
    blocks = permutational_blocks(n)
    states = [np.zeros((s, s)) for s in blocks.sizes]
    states[-1] = np.ones((1, 1))
    d0 = blocks.exact_degeneracies[-1]

    def filled(order: list[int]) -> Fraction:
        left, total = d0, Fraction(0)
        for k in order:
            take = min(left, math.comb(n, k))
            total += Fraction(take * k, d0)
            left -= take
        return total

    passive, active = filled(list(range(n + 1))), filled(list(range(n, -1, -1)))
    result = permutational_energetics(states, blocks.excitation_blocks(omega), blocks)
    assert float(result.energy) == pytest.approx(50.0, rel=LARGE_N)
    assert float(result.passive_energy) == pytest.approx(float(passive), rel=LARGE_N)
    assert float(result.active_energy) == pytest.approx(float(active), rel=LARGE_N)
    assert float(result.ergotropy) == pytest.approx(50.0 - float(passive), rel=LARGE_N)


def test_hundred_cells_maximally_mixed_has_nothing_to_give() -> None:
    """rho = 1 / 2**N: every eigenvalue equal, so ergotropy = antiergotropy = capacity = 0."""
    blocks = permutational_blocks(100)
    weights = zip(blocks.sizes, blocks.exact_degeneracies, strict=True)
    states = [np.eye(s) * (d / 2**100) for s, d in weights]
    result = permutational_energetics(states, blocks.excitation_blocks(), blocks)
    assert float(result.energy) == pytest.approx(50.0, rel=LARGE_N)
    for field in ("ergotropy", "antiergotropy", "capacity"):
        assert abs(float(getattr(result, field))) < CANCELLATION, field


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 4), st.floats(0.0, 1.0)), min_size=1, max_size=6),
    st.lists(st.integers(1, 4), min_size=1, max_size=5),
    st.booleans(),
)
def test_weighted_pairing_equals_brute_force(
    groups: list[tuple[int, float]], level_counts: list[int], highest_first: bool
) -> None:
    """Repeat every eigenvalue and level explicitly, sort, and pair slot by slot."""
    total = sum(c for c, _ in groups)
    level_counts = [*level_counts, max(total - sum(level_counts), 0)]
    level_counts = [c for c in level_counts if c > 0]
    dimension = sum(level_counts)
    counts = [c for c, _ in groups] + ([dimension - total] if dimension > total else [])
    masses = [m for _, m in groups] + ([0.0] if dimension > total else [])
    levels = np.arange(len(level_counts), dtype=float) * 1.5 - 2.0
    populations = np.repeat(np.array(masses) / np.array(counts), counts)
    slots = np.repeat(levels, level_counts)
    expected = np.sort(populations)[::-1] @ (slots[::-1] if highest_first else slots)
    result = weighted_paired_energy(
        np.array(masses),
        np.array(counts) / dimension,
        levels,
        np.array(level_counts) / dimension,
        highest_first=highest_first,
    )
    assert float(result) == pytest.approx(float(expected), abs=PRODUCT_SUMS)


def test_energetics_bad_input(rng: np.random.Generator) -> None:
    blocks = permutational_blocks(2)
    h = blocks.excitation_blocks()
    good = [np.diag([1.0, 0, 0]), np.zeros((1, 1))]
    with pytest.raises(DimensionError, match="states"):
        permutational_energetics(good[:1], h, blocks)
    with pytest.raises(DimensionError, match=r"states\[1\]"):
        permutational_energetics([good[0], np.zeros((2, 2))], h, blocks)
    with pytest.raises(NotDensityMatrixError, match="traces summing to 1"):
        permutational_energetics([2 * good[0], good[1]], h, blocks)
    with pytest.raises(NotDensityMatrixError, match="smallest eigenvalue"):
        permutational_energetics([np.diag([1.5, -0.5, 0]), good[1]], h, blocks)
    with pytest.raises(QBatteryValueError, match="hamiltonian"):
        permutational_energetics(good, [np.triu(np.ones((3, 3))), h[1]], blocks)
