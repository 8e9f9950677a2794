"""Entropy, purity, entanglement and coherence measures (qbattery.metrics.resources).

Reference values: QuTiP 5 on seeded random states (entropy_vn, entropy_mutual, concurrence,
negativity, partial_transpose, Qobj.transform), closed forms (Bell, Werner, product, maximally
mixed and maximally coherent states) and invariants (bounds, unitary invariance, A <-> B symmetry).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import qutip
from hypothesis import given, settings
from hypothesis import strategies as st

from qbattery.errors import (
    DimensionError,
    NotDensityMatrixError,
    NotHermitianError,
    QBatteryError,
    QBatteryTypeError,
    QBatteryValueError,
)
from qbattery.metrics.resources import (
    concurrence,
    entanglement_entropy,
    l1_coherence,
    log_negativity,
    mutual_information,
    negativity,
    partial_transpose,
    purity,
    relative_entropy_coherence,
    von_neumann_entropy,
)
from tests.conftest import random_density_matrices, random_unitary

#: Double-precision eigensolvers on d <= 12 agree to ~1e-14; 1e-10 leaves room for conditioning
#: (observed: <= 2e-14).
TOL = 1e-10
#: Concurrence takes square roots of eigenvalues of R^2: a round-off 1e-16 on a zero eigenvalue
#: becomes 1e-8 in l_i, so rank-deficient states only agree to about the square root of eps
#: (observed: 2e-8).
SQRT_TOL = 1e-6
#: A pure state perturbed by 1e-7 with its negative eigenvalue clipped: entropy
#: -(1 + 1e-7) ln(1 + 1e-7) ~ -1e-7 (observed: -1e-7).
PERTURBED = 1e-6
SEEDS = range(6)
PROPERTY = settings(max_examples=25, deadline=None)
seeds = st.integers(min_value=0, max_value=2**32 - 1)

SIGMA_X = np.array([[0, 1], [1, 0]], dtype=complex)
SIGMA_Z = np.diag([1.0, -1.0]).astype(complex)
PLUS = np.full((2, 2), 0.5, dtype=complex)
BELL_KET = np.array([1, 0, 0, 1], dtype=complex) / np.sqrt(2)
BELL = np.outer(BELL_KET, BELL_KET.conj())
SINGLET_KET = np.array([0, 1, -1, 0], dtype=complex) / np.sqrt(2)
SINGLET = np.outer(SINGLET_KET, SINGLET_KET.conj())


def trace_norm(matrix: np.ndarray) -> float:
    """Sum of singular values (independent of the Hermitian eigensolver used by the code)."""
    return float(np.sum(np.linalg.svd(matrix, compute_uv=False)))


# --------------------------------------------------------------------------------------------
# QuTiP cross-checks on seeded random states


@pytest.mark.parametrize("seed", SEEDS)
def test_entropy_and_purity_match_qutip(seed: int) -> None:
    rho = qutip.rand_dm([2, 3], seed=seed)
    assert von_neumann_entropy(rho.full()) == pytest.approx(qutip.entropy_vn(rho), abs=TOL)
    assert von_neumann_entropy(rho, base=2) == pytest.approx(qutip.entropy_vn(rho, 2), abs=TOL)
    assert purity(rho) == pytest.approx((rho * rho).tr().real, abs=TOL)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("keep", [[0], [1, 2], [0, 2], [2]])
def test_entanglement_entropy_matches_qutip(seed: int, keep: list[int]) -> None:
    dims = [2, 3, 2]
    psi = qutip.rand_ket(dims, seed=seed)
    rho = qutip.rand_dm(dims, seed=seed)
    expected_ket = qutip.entropy_vn(psi.ptrace(keep))
    assert entanglement_entropy(psi, dims, keep) == pytest.approx(expected_ket, abs=TOL)
    assert entanglement_entropy(psi.full()[:, 0], dims, keep) == pytest.approx(
        expected_ket, abs=TOL
    )
    expected_dm = qutip.entropy_vn(rho.ptrace(keep), 2)
    assert entanglement_entropy(rho.full(), dims, keep, base=2) == pytest.approx(
        expected_dm, abs=TOL
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_mutual_information_matches_qutip(seed: int) -> None:
    dims = [2, 3, 2]
    rho = qutip.rand_dm(dims, seed=seed)
    assert mutual_information(rho.full(), dims, [0]) == pytest.approx(
        qutip.entropy_mutual(rho, [0], [1, 2]), abs=TOL
    )
    assert mutual_information(rho.full(), dims, [0, 1], 2, base=2) == pytest.approx(
        qutip.entropy_mutual(rho, [0, 1], [2], base=2), abs=TOL
    )
    # B a strict subset of the complement: qutip on the reduced state of A and B.
    assert mutual_information(rho.full(), dims, 2, 0) == pytest.approx(
        qutip.entropy_mutual(rho.ptrace([0, 2]), 1, 0), abs=TOL
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_negativity_matches_qutip(seed: int) -> None:
    dims = [2, 3, 2]
    rho = qutip.rand_dm(dims, rank=2, seed=seed)
    # QuTiP's default "tracenorm" method takes sqrtm of a singular matrix for rank-deficient
    # states and is accurate only to ~1e-8 there; its "eigenvalues" method is exact to round-off.
    for subsystem in range(3):
        assert negativity(rho.full(), dims, subsystem) == pytest.approx(
            qutip.negativity(rho, subsystem, method="eigenvalues"), abs=TOL
        )
        assert log_negativity(rho.full(), dims, [subsystem]) == pytest.approx(
            qutip.negativity(rho, subsystem, method="eigenvalues", logarithmic=True), abs=TOL
        )
    full_rank = qutip.rand_dm(dims, seed=seed)
    assert negativity(full_rank, dims, 1) == pytest.approx(qutip.negativity(full_rank, 1), abs=TOL)
    for mask in ([1, 0, 1], [1, 1, 0], [1, 1, 1]):
        norm = trace_norm(qutip.partial_transpose(rho, mask).full())
        transposed = [k for k, flag in enumerate(mask) if flag]
        assert negativity(rho, dims, transposed) == pytest.approx((norm - 1) / 2, abs=TOL)
        assert log_negativity(rho, dims, transposed) == pytest.approx(np.log2(norm), abs=TOL)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("mask", [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1]])
def test_partial_transpose_matches_qutip(seed: int, mask: list[int]) -> None:
    dims = [2, 3, 2]
    rng = np.random.default_rng(seed)
    op = rng.normal(size=(12, 12)) + 1j * rng.normal(size=(12, 12))  # not Hermitian on purpose
    expected = qutip.partial_transpose(qutip.Qobj(op, dims=[dims, dims]), mask).full()
    transposed = [k for k, flag in enumerate(mask) if flag]
    np.testing.assert_allclose(partial_transpose(op, dims, transposed), expected, atol=TOL, rtol=0)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("rank", [1, 2, 4])
def test_concurrence_matches_qutip(seed: int, rank: int) -> None:
    rho = qutip.rand_dm([2, 2], rank=rank, seed=seed)
    tol = TOL if rank == 4 else SQRT_TOL
    assert concurrence(rho.full()) == pytest.approx(qutip.concurrence(rho), abs=tol)


@pytest.mark.parametrize("seed", SEEDS)
def test_coherence_matches_qutip(seed: int) -> None:
    rho = qutip.rand_dm(4, seed=seed)
    h = qutip.rand_herm(4, seed=seed + 100)  # non-degenerate with probability one
    for basis_h, in_basis in ((None, rho.full()), (h, rho.transform(h.eigenstates()[1]).full())):
        off_diagonal = np.sum(np.abs(in_basis)) - np.sum(np.abs(np.diag(in_basis)))
        dephased = qutip.Qobj(np.diag(np.diag(in_basis).real))
        expected = qutip.entropy_vn(dephased) - qutip.entropy_vn(rho)
        assert l1_coherence(rho, basis_h) == pytest.approx(off_diagonal, abs=TOL)
        assert relative_entropy_coherence(rho, basis_h) == pytest.approx(expected, abs=TOL)


# --------------------------------------------------------------------------------------------
# closed forms


def test_bell_state() -> None:
    assert entanglement_entropy(BELL_KET, [2, 2], 0) == pytest.approx(np.log(2), abs=TOL)
    assert entanglement_entropy(BELL, [2, 2], 1) == pytest.approx(np.log(2), abs=TOL)
    assert mutual_information(BELL, [2, 2], 0) == pytest.approx(2 * np.log(2), abs=TOL)
    assert concurrence(BELL) == pytest.approx(1.0, abs=TOL)
    assert negativity(BELL, [2, 2], 0) == pytest.approx(0.5, abs=TOL)
    assert log_negativity(BELL, [2, 2], 1) == pytest.approx(1.0, abs=TOL)
    assert von_neumann_entropy(BELL) == pytest.approx(0.0, abs=TOL)
    assert purity(BELL) == pytest.approx(1.0, abs=TOL)


def test_werner_state_batched() -> None:
    """rho = p |psi-><psi-| + (1 - p) I/4: C = max(0, (3p-1)/2), N = max(0, (3p-1)/4)."""
    p = np.linspace(0.0, 1.0, 21)
    rho = p[:, None, None] * SINGLET + (1 - p)[:, None, None] * np.eye(4) / 4
    expected_concurrence = np.maximum(0.0, (3 * p - 1) / 2)
    np.testing.assert_allclose(concurrence(rho), expected_concurrence, atol=SQRT_TOL, rtol=0)
    np.testing.assert_allclose(
        negativity(rho, [2, 2], 0), np.maximum(0, (3 * p - 1) / 4), atol=TOL, rtol=0
    )
    # Werner states with p != 1 are full rank: the square roots are well conditioned.
    np.testing.assert_allclose(concurrence(rho[:-1]), expected_concurrence[:-1], atol=TOL, rtol=0)


def test_product_states_carry_no_correlations(rng: np.random.Generator) -> None:
    a, b = random_density_matrices(rng, (), 2), random_density_matrices(rng, (), 3)
    rho = np.kron(a, b)
    assert mutual_information(rho, [2, 3], 0) == pytest.approx(0.0, abs=TOL)
    assert negativity(rho, [2, 3], 0) == pytest.approx(0.0, abs=TOL)
    assert log_negativity(rho, [2, 3], 1) == pytest.approx(0.0, abs=TOL)
    product = np.kron(a, random_density_matrices(rng, (), 2))
    assert concurrence(product) == pytest.approx(0.0, abs=TOL)
    ket = np.kron([0.6, 0.8j], [1, 1, 1] / np.sqrt(3))
    assert entanglement_entropy(ket, [2, 3], 0) == pytest.approx(0.0, abs=TOL)


@pytest.mark.parametrize("d", [1, 2, 3, 7])
def test_maximally_mixed_state(d: int) -> None:
    rho = np.eye(d) / d
    assert von_neumann_entropy(rho) == pytest.approx(np.log(d), abs=TOL)
    assert von_neumann_entropy(rho, base=2) == pytest.approx(np.log2(d), abs=TOL)
    assert purity(rho) == pytest.approx(1 / d, abs=TOL)
    assert l1_coherence(rho) == pytest.approx(0.0, abs=TOL)
    assert relative_entropy_coherence(rho) == pytest.approx(0.0, abs=TOL)


def test_plus_state_coherence_depends_on_basis() -> None:
    for h in (None, SIGMA_Z, -SIGMA_Z):
        assert l1_coherence(PLUS, h) == pytest.approx(1.0, abs=TOL)
        assert relative_entropy_coherence(PLUS, h) == pytest.approx(np.log(2), abs=TOL)
    assert l1_coherence(PLUS, SIGMA_X) == pytest.approx(0.0, abs=TOL)
    assert relative_entropy_coherence(PLUS, SIGMA_X) == pytest.approx(0.0, abs=TOL)


@pytest.mark.parametrize("d", [2, 3, 5])
def test_maximally_coherent_state(d: int) -> None:
    """|psi> = sum_i |i>/sqrt(d): C_l1 = d - 1, C_re = ln d (Baumgratz et al. 2014)."""
    rho = np.full((d, d), 1 / d, dtype=complex)
    assert l1_coherence(rho) == pytest.approx(d - 1, abs=TOL)
    assert relative_entropy_coherence(rho) == pytest.approx(np.log(d), abs=TOL)
    assert relative_entropy_coherence(rho, base=2) == pytest.approx(np.log2(d), abs=TOL)


# --------------------------------------------------------------------------------------------
# batching and Qobj input

# A non-diagonal, non-degenerate Hamiltonian: the coherence basis is not the computational one.
TRIDIAGONAL_H = np.diag([0.0, 1.0, 2.0, 3.5]) + 0.3 * np.eye(4, k=1) + 0.3 * np.eye(4, k=-1)
FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "von_neumann_entropy": lambda r: von_neumann_entropy(r),
    "purity": lambda r: purity(r),
    "entanglement_entropy": lambda r: entanglement_entropy(r, [2, 2], 0),
    "mutual_information": lambda r: mutual_information(r, [2, 2], 0),
    "negativity": lambda r: negativity(r, [2, 2], 1),
    "log_negativity": lambda r: log_negativity(r, [2, 2], [0]),
    "concurrence": lambda r: concurrence(r),
    "l1_coherence": lambda r: l1_coherence(r, TRIDIAGONAL_H),
    "relative_entropy_coherence": lambda r: relative_entropy_coherence(r),
}


def _qobj(r: np.ndarray) -> qutip.Qobj:
    return qutip.Qobj(r, dims=[[2, 2], [2, 2]])


def _reference_l1(r: np.ndarray) -> float:
    _, vectors = np.linalg.eigh(TRIDIAGONAL_H)
    rotated = vectors.conj().T @ r @ vectors
    return float(np.sum(np.abs(rotated)) - np.sum(np.abs(np.diag(rotated))))


#: Each function's value on one two-qubit state, computed by QuTiP or written out in NumPy.
REFERENCES: dict[str, Callable[[np.ndarray], float]] = {
    "von_neumann_entropy": lambda r: qutip.entropy_vn(_qobj(r)),
    "purity": lambda r: float(np.real(np.trace(r @ r))),
    "entanglement_entropy": lambda r: qutip.entropy_vn(_qobj(r).ptrace(0)),
    "mutual_information": lambda r: qutip.entropy_mutual(_qobj(r), 0, 1),
    "negativity": lambda r: qutip.negativity(_qobj(r), 1),
    "log_negativity": lambda r: float(np.log2(2 * qutip.negativity(_qobj(r), 0) + 1)),
    "concurrence": lambda r: qutip.concurrence(_qobj(r)),
    "l1_coherence": _reference_l1,
    "relative_entropy_coherence": lambda r: (
        qutip.entropy_vn(qutip.Qobj(np.diag(np.diag(r)))) - qutip.entropy_vn(qutip.Qobj(r))
    ),
}


@pytest.mark.parametrize("name", FUNCTIONS)
def test_batched_values_match_references(name: str, rng: np.random.Generator) -> None:
    function, reference = FUNCTIONS[name], REFERENCES[name]
    rho = random_density_matrices(rng, (2, 3), 4)
    batched = function(rho)
    assert batched.shape == (2, 3)
    expected = np.array([[reference(rho[i, j]) for j in range(3)] for i in range(2)])
    np.testing.assert_allclose(batched, expected, atol=TOL, rtol=0)
    one = function(rho[0, 0])
    assert type(one) is float  # an unbatched call gives a Python float, not numpy.float64
    assert one == pytest.approx(expected[0, 0], abs=TOL)


def test_partial_transpose_batched(rng: np.random.Generator) -> None:
    rho = random_density_matrices(rng, (3,), 6)
    batched = partial_transpose(rho, [3, 2], 0)
    for i in range(3):
        expected = qutip.partial_transpose(qutip.Qobj(rho[i], dims=[[3, 2], [3, 2]]), [1, 0])
        np.testing.assert_allclose(batched[i], expected.full(), atol=TOL, rtol=0)


def test_batched_kets(rng: np.random.Generator) -> None:
    psi = rng.normal(size=(4, 6)) + 1j * rng.normal(size=(4, 6))
    psi /= np.linalg.norm(psi, axis=-1, keepdims=True)
    expected = [qutip.entropy_vn(qutip.Qobj(p, dims=[[2, 3], [1]]).ptrace(1)) for p in psi]
    np.testing.assert_allclose(entanglement_entropy(psi, [2, 3], 1), expected, atol=TOL, rtol=0)
    # a (d, d) stack of d kets of dimension d is read as density matrices unless ket=True
    square = psi[:, :4] / np.linalg.norm(psi[:, :4], axis=-1, keepdims=True)
    expected = [qutip.entropy_vn(qutip.Qobj(p, dims=[[2, 2], [1]]).ptrace(0)) for p in square]
    result = entanglement_entropy(square, [2, 2], 0, ket=True)
    np.testing.assert_allclose(result, expected, atol=TOL, rtol=0)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_qobj_input(name: str) -> None:
    rho = qutip.rand_dm([2, 2], seed=7)
    assert float(FUNCTIONS[name](rho)) == pytest.approx(REFERENCES[name](rho.full()), abs=TOL)


def test_qobj_ket_and_operator_h() -> None:
    psi = qutip.bell_state("00")
    assert entanglement_entropy(psi, [2, 2], 0) == pytest.approx(np.log(2), abs=TOL)
    assert l1_coherence(qutip.Qobj(PLUS), qutip.sigmax()) == pytest.approx(0.0, abs=TOL)
    expected = qutip.partial_transpose(psi.proj(), [0, 1]).full()
    np.testing.assert_allclose(partial_transpose(psi.proj(), [2, 2], 1), expected, atol=TOL, rtol=0)


# --------------------------------------------------------------------------------------------
# invariants (hypothesis)


@PROPERTY
@given(seed=seeds, d=st.integers(1, 6), rank=st.integers(1, 6))
def test_entropy_and_purity_bounds(seed: int, d: int, rank: int) -> None:
    rng = np.random.default_rng(seed)
    rho = random_density_matrices(rng, (), d, rank=min(rank, d))
    entropy, p = float(von_neumann_entropy(rho)), float(purity(rho))
    assert -TOL <= entropy <= np.log(d) + TOL
    assert 1 / d - TOL <= p <= 1 + TOL
    assert entropy >= -np.log(p) - TOL  # the Renyi-2 entropy never exceeds the von Neumann one
    u = random_unitary(rng, d)
    rotated = u @ rho @ u.conj().T
    assert von_neumann_entropy(rotated) == pytest.approx(entropy, abs=TOL)
    assert purity(rotated) == pytest.approx(p, abs=TOL)


@PROPERTY
@given(seed=seeds, rank=st.integers(1, 4))
def test_two_qubit_entanglement_invariants(seed: int, rank: int) -> None:
    rng = np.random.default_rng(seed)
    rho = random_density_matrices(rng, (), 4, rank=rank)
    c, n = float(concurrence(rho)), float(negativity(rho, [2, 2], 0))
    assert 0.0 <= c <= 1.0 + TOL
    assert n == pytest.approx(float(negativity(rho, [2, 2], 1)), abs=TOL)
    assert -TOL <= n <= 0.5 + TOL
    assert 2 * n <= c + SQRT_TOL  # Verstraete et al., J. Phys. A 34, 10327 (2001)
    local = np.kron(random_unitary(rng, 2), random_unitary(rng, 2))
    rotated = local @ rho @ local.conj().T
    assert concurrence(rotated) == pytest.approx(c, abs=SQRT_TOL)
    assert negativity(rotated, [2, 2], 0) == pytest.approx(n, abs=TOL)


@PROPERTY
@given(seed=seeds, d_a=st.integers(1, 3), d_b=st.integers(1, 4))
def test_pure_state_bipartite_identities(seed: int, d_a: int, d_b: int) -> None:
    rng = np.random.default_rng(seed)
    psi = rng.normal(size=d_a * d_b) + 1j * rng.normal(size=d_a * d_b)
    psi /= np.linalg.norm(psi)
    rho = np.outer(psi, psi.conj())
    s_a = float(entanglement_entropy(psi, [d_a, d_b], 0))
    assert entanglement_entropy(psi, [d_a, d_b], 1) == pytest.approx(s_a, abs=TOL)
    assert entanglement_entropy(rho, [d_a, d_b], 0) == pytest.approx(s_a, abs=TOL)
    assert mutual_information(rho, [d_a, d_b], 0) == pytest.approx(2 * s_a, abs=TOL)
    assert -TOL <= s_a <= np.log(min(d_a, d_b)) + TOL


@PROPERTY
@given(seed=seeds, d=st.integers(2, 5))
def test_coherence_bounds_and_covariance(seed: int, d: int) -> None:
    rng = np.random.default_rng(seed)
    rho = random_density_matrices(rng, (), d)
    h = np.diag(np.arange(d, dtype=float))
    c_l1, c_re = float(l1_coherence(rho, h)), float(relative_entropy_coherence(rho, h))
    assert -TOL <= c_l1 <= d - 1 + TOL
    assert -TOL <= c_re <= np.log(d) + TOL
    u = random_unitary(rng, d)  # rotating state and basis together changes nothing
    rotated, rotated_h = u @ rho @ u.conj().T, u @ h @ u.conj().T
    assert l1_coherence(rotated, rotated_h) == pytest.approx(c_l1, abs=TOL)
    assert relative_entropy_coherence(rotated, rotated_h) == pytest.approx(c_re, abs=TOL)


# --------------------------------------------------------------------------------------------
# bad input

NOT_POSITIVE = np.diag([1.5, -0.5, 0.0, 0.0]).astype(complex)
NOT_HERMITIAN = BELL + 0.1 * np.eye(4, k=1)
NOT_NORMALISED = 2 * BELL
WITH_NAN = np.where(np.eye(4) == 1, np.nan, BELL)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (NOT_POSITIVE, NotDensityMatrixError),
        (NOT_HERMITIAN, NotHermitianError),
        (NOT_NORMALISED, NotDensityMatrixError),
        (WITH_NAN, QBatteryValueError),
    ],
)
def test_invalid_states_raise(name: str, bad: np.ndarray, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^(rho|state):"):
        FUNCTIONS[name](bad)


@pytest.mark.parametrize("name", sorted(set(FUNCTIONS) - {"entanglement_entropy"}))
def test_non_square_states_raise(name: str) -> None:
    with pytest.raises(DimensionError, match=r"^rho: expected a square matrix"):
        FUNCTIONS[name](np.ones((4, 3)))


def test_non_square_density_matrices_raise_in_entanglement_entropy() -> None:
    # a non-square trailing shape is read as a stack of kets unless ket=False
    with pytest.raises(DimensionError, match="dims"):
        entanglement_entropy(np.ones((4, 3)), [2, 2], 0)
    with pytest.raises(DimensionError, match=r"^state: expected a square matrix"):
        entanglement_entropy(np.ones((4, 3)), [2, 2], 0, ket=False)


def test_validate_false_skips_checks_and_atol_loosens_them() -> None:
    assert np.isfinite(von_neumann_entropy(NOT_POSITIVE, validate=False))
    assert concurrence(BELL, validate=False) == pytest.approx(1.0, abs=TOL)
    slightly_negative = np.diag([1.0 + 1e-7, -1e-7])
    with pytest.raises(NotDensityMatrixError):
        von_neumann_entropy(slightly_negative)
    assert von_neumann_entropy(slightly_negative, atol=1e-6) == pytest.approx(0.0, abs=PERTURBED)


@pytest.mark.parametrize(
    "call",
    [
        lambda: entanglement_entropy(BELL, [2, 3], 0),
        lambda: entanglement_entropy(BELL_KET, [3, 2], 0),
        lambda: mutual_information(BELL, [4, 2], 0),
        lambda: negativity(BELL, [2, 2, 2], 0),
        lambda: log_negativity(BELL, [8], 0),
        lambda: partial_transpose(BELL, [3, 3], 0),
    ],
)
def test_dims_mismatch_raises(call: Callable[[], object]) -> None:
    with pytest.raises(DimensionError, match="dims"):
        call()


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: entanglement_entropy(BELL, [2, 2], 2), "subsystem"),
        (lambda: entanglement_entropy(BELL_KET, [2, 2], [0, -3]), "subsystem"),
        (lambda: entanglement_entropy(BELL, [2, 2], []), "subsystem"),
        (lambda: mutual_information(BELL, [2, 2], 5), "part_a"),
        (lambda: mutual_information(BELL, [2, 2], 0, 2), "part_b"),
        (lambda: negativity(BELL, [2, 2], [0, 2]), "subsystems"),
        (lambda: log_negativity(BELL, [2, 2], []), "subsystems"),
        (lambda: partial_transpose(BELL, [2, 2], -3), "subsystems"),
    ],
)
def test_subsystem_out_of_range_raises(call: Callable[[], object], argument: str) -> None:
    with pytest.raises(DimensionError, match=argument):
        call()


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: negativity(BELL, [2, 2], 0.5), QBatteryTypeError, "subsystems"),
        (lambda: entanglement_entropy(BELL, [2, 2], ["a"]), QBatteryTypeError, "subsystem"),
        (lambda: partial_transpose(BELL, [2, 2], None), QBatteryTypeError, "subsystems"),
        (lambda: mutual_information(BELL, [2, 2], 0, [0, 1]), QBatteryValueError, "part_b"),
        (lambda: mutual_information(BELL, [2, 2], [0, 1]), QBatteryValueError, "part_a"),
        (lambda: concurrence(np.eye(2) / 2), DimensionError, "rho"),
        (lambda: concurrence(np.eye(8) / 8), DimensionError, "rho"),
        (lambda: l1_coherence(BELL, SIGMA_Z), DimensionError, "h"),
        (lambda: relative_entropy_coherence(PLUS, np.eye(3)), DimensionError, "h"),
        (lambda: l1_coherence(PLUS, np.array([[0, 1], [0, 0]])), NotHermitianError, "h"),
        (lambda: entanglement_entropy(2 * BELL_KET, [2, 2], 0), NotDensityMatrixError, "state"),
        (lambda: entanglement_entropy(np.zeros(0), [1], 0), DimensionError, "state"),
        (lambda: von_neumann_entropy(BELL, base=1), QBatteryValueError, "base"),
        (lambda: von_neumann_entropy(BELL, base=-2.0), QBatteryValueError, "base"),
        (lambda: mutual_information(BELL, [2, 2], 0, base=np.inf), QBatteryValueError, "base"),
        (lambda: relative_entropy_coherence(PLUS, base="two"), QBatteryTypeError, "base"),
        (lambda: entanglement_entropy(BELL, [2, 2], 0, base=0), QBatteryValueError, "base"),
        (lambda: purity("not a matrix"), QBatteryTypeError, "rho"),
    ],
)
def test_bad_arguments_raise(
    call: Callable[[], object], error: type[Exception], argument: str
) -> None:
    with pytest.raises(error, match=argument) as info:
        call()
    assert isinstance(info.value, QBatteryError)
