"""Excitation-sector index structures against the product space built with ``numpy.kron``.

Every check restricts a product-space object with an explicit 0/1 embedding ``P`` (columns: the
sector states ``|r_i>|b_i>`` as product basis vectors) and compares it with what
:mod:`qbattery.bases.sectors` builds without the product space: ``P^T (A (x) B) P`` for the
Hamiltonian terms and ``Tr_C[P rho P^T]`` (partial trace by reshaping) for the battery states.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from qbattery.bases.sectors import ExcitationSector, restrict_product_terms, sector_labels
from qbattery.errors import QBatteryError

#: Sums of a few products of O(1) numbers, in a different order: round-off.
EXACT = 1e-12

D_C, D_B = 5, 4  # a Fock mode 0..4 and a symmetric 3-atom battery k = 0..3


def embedding(charger: np.ndarray, battery: np.ndarray, d_b: int, d_c: int) -> np.ndarray:
    """Columns: the listed product states as vectors of the product space (charger first)."""
    columns = np.zeros((d_c * d_b, charger.size))
    columns[charger * d_b + battery, np.arange(charger.size)] = 1.0
    return columns


def ladder(d: int) -> np.ndarray:
    return np.diag(np.sqrt(np.arange(1, d, dtype=float)), 1)


def collective_raising(n: int) -> np.ndarray:
    k = np.arange(n, dtype=float)
    return np.diag(np.sqrt((k + 1) * (n - k)), -1)


def test_sector_labels_list_every_state_of_each_sector_once() -> None:
    q_c, q_b = np.arange(D_C), np.arange(D_B)
    r, b, sizes = sector_labels(q_c, q_b, [2, 5])
    assert sizes == (3, 3)  # q = 2: (2,0) (1,1) (0,2); q = 5: (4,1) (3,2) (2,3)
    assert list(zip(r.tolist(), b.tolist(), strict=True)) == [
        (2, 0),
        (1, 1),
        (0, 2),
        (4, 1),
        (3, 2),
        (2, 3),
    ]
    brute = {
        q: sorted((x, y) for x in range(D_C) for y in range(D_B) if x + y == q) for q in (2, 5)
    }
    assert sorted(zip(r[:3].tolist(), b[:3].tolist(), strict=True)) == brute[2]
    with pytest.raises(QBatteryError, match="excitation number 99"):
        sector_labels(q_c, q_b, [99])


def test_restricted_terms_equal_the_restricted_product_hamiltonian() -> None:
    a, j_plus = ladder(D_C), collective_raising(D_B - 1)
    terms = [
        (1.3, np.diag(np.arange(D_C, dtype=float)), np.eye(D_B)),
        (0.7, np.eye(D_C), np.diag(np.arange(D_B) - 1.5)),
        (0.2, a, j_plus),
        (0.2, a.T, j_plus.T),
    ]
    full = sum(c * np.kron(x, y) for c, x, y in terms)
    r, b, _ = sector_labels(np.arange(D_C), np.arange(D_B), [1, 3, 4])
    embed = embedding(r, b, D_B, D_C)
    restricted = restrict_product_terms(
        [(c, sp.csr_matrix(x), sp.csr_matrix(y)) for c, x, y in terms], r, b, D_B
    )
    np.testing.assert_allclose(restricted.toarray(), embed.T @ full @ embed, atol=EXACT)
    # the sectors are invariant: the full H maps their span into itself
    np.testing.assert_allclose(full @ embed, embed @ restricted.toarray(), atol=EXACT)
    with pytest.raises(QBatteryError, match="does not conserve"):
        restrict_product_terms([(1.0, sp.csr_matrix(a), sp.identity(D_B))], r, b, D_B)


def test_reduced_states_are_the_partial_trace_over_the_charger() -> None:
    rng = np.random.default_rng(7)
    r, b, sizes = sector_labels(np.arange(D_C), np.arange(D_B), [2, 3, 4])
    sector = ExcitationSector(b, D_B, charger_index=r, block_sizes=sizes)
    assert not sector.diagonal and all(sector.block_is_diagonal(s) for s in sector.blocks)
    embed = embedding(r, b, D_B, D_C)
    kets = rng.normal(size=(3, r.size)) + 1j * rng.normal(size=(3, r.size))
    kets /= np.linalg.norm(kets, axis=1, keepdims=True)
    product = (kets @ embed.T).reshape(3, D_C, D_B)
    expected = np.einsum("trb,trc->tbc", product, np.conj(product))
    np.testing.assert_allclose(sector.reduced_states(kets), expected, atol=EXACT)
    rho = np.einsum("ti,tj->tij", kets, np.conj(kets))
    np.testing.assert_allclose(sector.reduced_states_of_matrices(rho), expected, atol=EXACT)
    populations = sector.populations(np.abs(kets) ** 2)
    np.testing.assert_allclose(populations, np.real(np.einsum("tbb->tb", expected)), atol=EXACT)
    # one block alone: distinct charger labels, a diagonal battery state
    one = ExcitationSector(b[sector.blocks[1]], D_B, charger_index=r[sector.blocks[1]])
    assert one.diagonal
    ket = kets[:, sector.blocks[1]]
    states = one.reduced_states(ket / np.linalg.norm(ket, axis=1, keepdims=True))
    assert np.abs(states - np.einsum("tbb->tb", states)[..., None] * np.eye(D_B)).max() == 0


def test_sector_checks_its_labels() -> None:
    with pytest.raises(QBatteryError, match="charger_index"):
        ExcitationSector(np.array([0, 1]), 2, charger_index=np.array([0]))
    with pytest.raises(QBatteryError, match="same"):
        ExcitationSector(np.array([0, 0]), 2, charger_index=np.array([1, 1]))
    with pytest.raises(QBatteryError, match="block_sizes"):
        ExcitationSector(np.array([0, 1]), 2, charger_index=np.array([1, 0]), block_sizes=(1, 2))
