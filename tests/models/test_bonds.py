"""The bond-operator builder (models/bonds.py) against QuTiP.

References: spin Hamiltonians built with QuTiP (``tensor`` of ``sigmax``, ``sigmay``,
``sigmaz``) in QuTiP's basis, where ``basis(2, 0)`` is spin up (excited); flipping every bit of a
basis index reverses it, so qbattery's matrix must equal QuTiP's with rows and columns in reverse
order.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.models.bonds import bond_hamiltonian, chain_bonds
from tests.models.spin_references import qutip_spin_hamiltonian

#: Sums of O(N) terms of size O(1): round-off ~1e-14.
EXACT = 1e-12


@pytest.mark.parametrize("n", [4, 5])
def test_bond_hamiltonian_matches_qutip(n: int) -> None:
    rng = np.random.default_rng(11)
    # (3, 1) is reversed (its dm flips sign) and (2, 0) repeats (0, 2) reversed: couplings add.
    bonds = [(0, 2), (3, 1), (1, 2), (2, 0), (0, n - 1)]
    couplings = {key: list(rng.normal(size=len(bonds))) for key in ("jx", "jy", "jz", "dm")}
    fields = {key: list(rng.normal(size=n)) for key in ("field_z", "field_x")}
    h = bond_hamiltonian(n, bonds, **couplings, **fields)
    assert sp.issparse(h) and h.format == "csr" and h.dtype == np.complex128
    expected = qutip_spin_hamiltonian(n, bonds, **couplings, **fields)
    np.testing.assert_allclose(h.toarray(), expected, atol=EXACT)


def test_bond_hamiltonian_scalar_couplings_and_empty() -> None:
    bonds = [(0, 1), (1, 2)]
    h = bond_hamiltonian(3, bonds, jx=0.3, jy=-0.2, jz=0.7, dm=0.4, field_z=0.5, field_x=-0.1)
    expected = qutip_spin_hamiltonian(
        3, bonds, jx=0.3, jy=-0.2, jz=0.7, dm=0.4, field_z=0.5, field_x=-0.1
    )
    np.testing.assert_allclose(h.toarray(), expected, atol=EXACT)
    assert bond_hamiltonian(3).nnz == 0  # no bonds, no fields: the zero operator


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"bonds": [(1, 1)]}, QBatteryValueError, "bonds"),
        ({"bonds": [(0, 3)]}, QBatteryValueError, "bonds"),
        ({"bonds": [(0, 1, 2)]}, QBatteryValueError, "bonds"),
        ({"bonds": [(0, 1.5)]}, QBatteryTypeError, "bonds"),
        ({"bonds": 5}, QBatteryTypeError, "bonds"),
        ({"bonds": [(0, 1)], "jx": [1.0, 2.0]}, QBatteryValueError, "jx"),
        ({"bonds": [(0, 1)], "dm": float("nan")}, QBatteryValueError, "dm"),
        ({"field_z": [1.0, 2.0]}, QBatteryValueError, "field_z"),
        ({"field_x": [0.0, float("inf"), 0.0]}, QBatteryValueError, "field_x"),
        ({"field_x": "strong"}, QBatteryTypeError, "field_x"),
        ({"n_spins": 0}, QBatteryValueError, "n_spins"),
    ],
)
def test_bond_hamiltonian_bad_input(kwargs: dict[str, object], error: type, argument: str) -> None:
    arguments = {"n_spins": 3, **kwargs}
    with pytest.raises(error, match=argument):
        bond_hamiltonian(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "boundary", "distance", "expected"),
    [
        (4, "open", 1, [(0, 1), (1, 2), (2, 3)]),
        (4, "periodic", 1, [(0, 1), (1, 2), (2, 3), (3, 0)]),
        (2, "periodic", 1, [(0, 1)]),  # the ring's two bonds are one pair
        (1, "periodic", 1, []),
        (5, "open", 2, [(0, 2), (1, 3), (2, 4)]),
        (5, "periodic", 2, [(0, 2), (1, 3), (2, 4), (3, 0), (4, 1)]),
        (4, "periodic", 2, [(0, 2), (1, 3)]),  # (i, i + 2) and (i + 2, i) coincide
        (3, "periodic", 2, [(0, 2), (1, 0), (2, 1)]),  # on a 3-ring every pair is at distance 1
        (2, "open", 2, []),
    ],
)
def test_chain_bonds(n: int, boundary: str, distance: int, expected: list[tuple[int, int]]) -> None:
    assert chain_bonds(n, boundary, distance) == expected
