"""Spin and boson operators and boson states (models/ladders.py) against QuTiP and closed forms.

References: ``qutip.jmat`` for the collective spin (basis m = j..-j, i.e. ours reversed), QuTiP's
``sigmax/sigmay/sigmaz`` (basis reversed), ``tensor``, ``destroy`` and ``num``; closed forms:
``[J_+, J_-] = 2 J_z``, ``J^2 = j(j + 1)`` and the Poisson photon distribution of a coherent state.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip
import scipy.sparse as sp

from qbattery.models.ladders import (
    annihilation,
    coherent_cutoff,
    coherent_state,
    collective_spin,
    fock_state,
    number,
    pauli,
    site_operator,
)
from tests.models.spin_references import reversed_basis

#: Operators are sums of a few products of O(1..10) numbers: round-off stays ~1e-14.
EXACT = 1e-12
#: The coherent cut-off drops a Poisson tail below ~1e-12 and renormalises what it keeps.
TAIL = 1e-11


def dense(operator: object) -> np.ndarray:
    return operator.toarray() if sp.issparse(operator) else np.asarray(operator)


# --- collective spin and boson operators -----------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 6, 9])
def test_collective_spin_algebra(n: int) -> None:
    j = n / 2
    jx, jy, jz = (dense(collective_spin(n, c)) for c in "xyz")
    jp, jm = dense(collective_spin(n, "+")), dense(collective_spin(n, "-"))
    np.testing.assert_allclose(jp @ jm - jm @ jp, 2 * jz, atol=EXACT)
    np.testing.assert_allclose(jx @ jy - jy @ jx, 1j * jz, atol=EXACT)
    np.testing.assert_allclose(jx @ jx + jy @ jy + jz @ jz, j * (j + 1) * np.eye(n + 1), atol=EXACT)
    np.testing.assert_allclose(np.diag(jz).real, np.arange(n + 1) - j, atol=EXACT)


@pytest.mark.parametrize("n", [1, 4, 7])
@pytest.mark.parametrize("component", ["x", "y", "z", "+", "-"])
def test_collective_spin_matches_jmat_reversed(n: int, component: str) -> None:
    reference = qutip.jmat(n / 2, component).full()[::-1, ::-1]  # m = -j..j
    operator = collective_spin(n, component)
    assert sp.isspmatrix_csr(operator) and operator.dtype == np.complex128
    np.testing.assert_allclose(dense(operator), reference, atol=EXACT)


def test_boson_operators_match_qutip() -> None:
    np.testing.assert_allclose(dense(annihilation(6)), qutip.destroy(7).full(), atol=EXACT)
    np.testing.assert_allclose(dense(number(6)), qutip.num(7).full(), atol=EXACT)
    np.testing.assert_allclose(fock_state(2, 4), qutip.basis(5, 2).full().ravel(), atol=EXACT)


def test_coherent_state_is_poissonian() -> None:
    mean = 3.0
    cutoff = coherent_cutoff(mean)
    photons = np.arange(cutoff + 1)
    poisson = np.array([math.exp(-mean) * mean**k / math.factorial(k) for k in photons])
    ket = coherent_state(mean, cutoff)
    np.testing.assert_allclose(np.abs(ket) ** 2, poisson, atol=TAIL)
    assert abs(1 - poisson.sum()) < TAIL  # the default cut-off keeps the whole distribution


# --- Pauli and chain operators ----------------------------------------------------------------


@pytest.mark.parametrize("component", ["x", "y", "z"])
def test_pauli_is_qutip_reversed(component: str) -> None:
    reference = {"x": qutip.sigmax(), "y": qutip.sigmay(), "z": qutip.sigmaz()}[component]
    np.testing.assert_allclose(
        pauli(component).toarray(), reversed_basis(reference.full()), atol=EXACT
    )


def test_pauli_ladder_and_ground_first() -> None:
    ground, excited = np.array([1, 0]), np.array([0, 1])
    np.testing.assert_allclose(pauli("+").toarray() @ ground, excited, atol=EXACT)
    np.testing.assert_allclose(pauli("-").toarray() @ excited, ground, atol=EXACT)
    np.testing.assert_allclose(pauli("z").toarray() @ ground, -ground, atol=EXACT)


def test_site_operator_matches_qutip_tensor() -> None:
    local = qutip.rand_herm(2, seed=7)
    expected = qutip.tensor(qutip.qeye(2), local, qutip.qeye(2), qutip.qeye(2)).full()
    embedded = site_operator(local.full(), 1, 4)
    assert sp.issparse(embedded) and embedded.shape == (16, 16)
    np.testing.assert_allclose(embedded.toarray(), expected, atol=EXACT)
    with pytest.raises(ValueError, match="site"):
        site_operator(local.full(), 4, 4)
