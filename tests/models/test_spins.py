"""XXZ spin-chain battery, the bond-operator builder and the Pauli / chain operators against
independent constructions.

References:
- the chain Hamiltonian built with QuTiP (``tensor`` of ``sigmax``, ``sigmay``, ``sigmaz``) in
  QuTiP's basis, where ``basis(2, 0)`` is spin up (excited). qbattery puts spin down first on
  every site; flipping every bit of a basis index reverses it, so qbattery's matrix must equal
  QuTiP's with rows and columns in reverse order;
- ground energies from ``numpy.linalg.eigvalsh`` of the dense matrix;
- closed forms for the all-down ground state at weak exchange and for the number of non-zero
  entries of the sparse Hamiltonian.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip
import scipy.sparse as sp

from qbattery.errors import QBatteryError, QBatteryTypeError, QBatteryValueError
from qbattery.models import xxz_chain
from qbattery.models.ladders import pauli, site_operator
from qbattery.models.spins import bond_hamiltonian, chain_bonds

#: Sums of O(N) terms of size O(1): round-off ~1e-14.
EXACT = 1e-12
#: Eigenvectors from Lanczos or dense eigh: residuals ~1e-10 at worst.
EIGEN = 1e-8


def qutip_xxz(
    n: int, J: float, delta: float, omega: float, field: float, boundary: str
) -> tuple[np.ndarray, np.ndarray]:
    """(H_B, H) of the XXZ chain, built term by term with QuTiP in QuTiP's basis."""

    def at(operator: qutip.Qobj, site: int) -> qutip.Qobj:
        return qutip.tensor([operator if i == site else qutip.qeye(2) for i in range(n)])

    sx, sy, sz = qutip.sigmax(), qutip.sigmay(), qutip.sigmaz()
    bonds = [(i, i + 1) for i in range(n - 1)]
    if boundary == "periodic" and n >= 3:
        bonds.append((n - 1, 0))
    h_b = 0.5 * omega * sum(at(sz, i) for i in range(n))
    for i, k in bonds:
        h_b += J * (at(sx, i) * at(sx, k) + at(sy, i) * at(sy, k) + delta * at(sz, i) * at(sz, k))
    h = h_b + field * sum(at(sx, i) for i in range(n))
    return h_b.full(), h.full()


def reversed_basis(matrix: np.ndarray) -> np.ndarray:
    return matrix[::-1, ::-1]


@pytest.mark.parametrize("n", [4, 5])
@pytest.mark.parametrize("boundary", ["open", "periodic"])
def test_xxz_matches_qutip(n: int, boundary: str) -> None:
    J, delta, omega, field = 0.23, -0.6, 1.3, 0.4
    battery = xxz_chain(n, J, delta, omega, field, boundary=boundary)
    h_b, h = qutip_xxz(n, J, delta, omega, field, boundary)
    assert sp.issparse(battery.battery_hamiltonian) and sp.issparse(battery.hamiltonian.static)
    np.testing.assert_allclose(
        battery.battery_hamiltonian.toarray(), reversed_basis(h_b), atol=EXACT
    )
    np.testing.assert_allclose(battery.hamiltonian.static.toarray(), reversed_basis(h), atol=EXACT)
    assert battery.dims == (2,) * n
    assert battery.battery == tuple(range(n))
    assert battery.parameters["boundary"] == boundary


def test_short_periodic_chains() -> None:
    # N = 2: the ring's only bond is the open chain's; N = 3: the bond (2, 0) is added.
    open_two = xxz_chain(2, 0.2, 0.5, boundary="open").battery_hamiltonian
    ring_two = xxz_chain(2, 0.2, 0.5, boundary="periodic").battery_hamiltonian
    np.testing.assert_allclose(open_two.toarray(), ring_two.toarray())
    h_b, _ = qutip_xxz(3, 0.2, 0.5, 1.0, 1.0, "periodic")
    ring_three = xxz_chain(3, 0.2, 0.5, boundary="periodic").battery_hamiltonian
    np.testing.assert_allclose(ring_three.toarray(), reversed_basis(h_b), atol=EXACT)


@pytest.mark.parametrize(
    ("n", "J", "delta", "omega", "boundary"),
    [
        (4, 0.1, 0.5, 1.0, "open"),  # weak exchange: all spins down
        (5, 0.12, 0.8, 1.0, "periodic"),
        (6, 1.0, 1.0, 0.2, "open"),  # antiferromagnet: ground state near zero magnetisation
        (6, -0.7, 0.3, 0.5, "periodic"),
        (7, 0.6, 2.0, 0.9, "open"),
    ],
)
def test_initial_state_is_the_ground_state(
    n: int, J: float, delta: float, omega: float, boundary: str
) -> None:
    battery = xxz_chain(n, J, delta, omega, boundary=boundary)
    h_b, _ = qutip_xxz(n, J, delta, omega, 1.0, boundary)
    levels = np.linalg.eigvalsh(h_b)
    assert levels[1] - levels[0] > 1e-6  # the cases are chosen non-degenerate
    psi = battery.initial_state
    h_psi = battery.battery_hamiltonian @ psi
    assert np.vdot(psi, h_psi).real == pytest.approx(levels[0], abs=EIGEN)
    np.testing.assert_allclose(h_psi, levels[0] * psi, atol=EIGEN)
    assert np.linalg.norm(psi) == pytest.approx(1.0, abs=EXACT)


def test_large_chain_is_sparse_and_starts_all_down() -> None:
    n, J, delta = 16, 0.05, 0.5
    battery = xxz_chain(n, J, delta)
    h_b, h = battery.battery_hamiltonian, battery.hamiltonian.static
    assert sp.issparse(h_b) and sp.issparse(h)
    # Diagonal entries (all non-zero for these parameters), one hopping entry per bond and
    # antiparallel pair (half the states), one spin flip per site and state.
    assert h_b.nnz == 2**n + (n - 1) * 2 ** (n - 1)
    assert h.nnz == h_b.nnz + n * 2**n
    # For |J| (1 + |delta|) < omega / 4 the ground state is all spins down (index 0):
    # E0 = -N omega / 2 + J delta (N - 1).
    assert abs(battery.initial_state[0]) == pytest.approx(1.0, abs=EIGEN)
    energy = np.vdot(battery.initial_state, h_b @ battery.initial_state).real
    assert energy == pytest.approx(-n / 2 + J * delta * (n - 1), abs=EIGEN)


@pytest.mark.parametrize(
    ("n", "J", "delta", "omega"),
    [
        (4, 0.0, 0.0, 0.0),  # H_B = 0: every state is a ground state
        (5, 1.0, 1.0, 0.0),  # odd antiferromagnetic ring: ground doublet in two sectors
        (4, -1.0, 1.0, 0.0),  # ferromagnet without field: the S = N/2 multiplet
        (5, 0.3, 0.8, 1.0),  # the one-magnon ring state with momentum +k ties with -k
    ],
)
def test_degenerate_ground_state_is_refused(n: int, J: float, delta: float, omega: float) -> None:
    boundary = "periodic"
    h_b, _ = qutip_xxz(n, J, delta, omega, 1.0, boundary)
    levels = np.linalg.eigvalsh(h_b)
    assert levels[1] - levels[0] < 1e-9  # really degenerate
    with pytest.raises(QBatteryValueError, match="degenerate"):
        xxz_chain(n, J, delta, omega, boundary=boundary)


@pytest.mark.parametrize(
    ("kwargs", "error", "argument"),
    [
        ({"n_spins": 0}, QBatteryValueError, "n_spins"),
        ({"n_spins": 40}, QBatteryValueError, "n_spins"),
        ({"n_spins": 3.5}, QBatteryTypeError, "n_spins"),
        ({"J": float("nan")}, QBatteryValueError, "J"),
        ({"delta": float("inf")}, QBatteryValueError, "delta"),
        ({"omega": -1.0}, QBatteryValueError, "omega"),
        ({"field": "strong"}, QBatteryTypeError, "field"),
        ({"boundary": "ring"}, QBatteryValueError, "boundary"),
    ],
)
def test_bad_input(kwargs: dict[str, object], error: type, argument: str) -> None:
    arguments = {"n_spins": 3, "J": 0.1, "delta": 0.5, **kwargs}
    with pytest.raises(error, match=argument) as info:
        xxz_chain(**arguments)
    assert isinstance(info.value, QBatteryError)


def test_unknown_boundary_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"\['open', 'periodic'\]"):
        xxz_chain(3, 0.1, 0.5, boundary="ring")


# --- Pauli and chain operators ----------------------------------------------------------------


@pytest.mark.parametrize("component", ["x", "y", "z"])
def test_pauli_is_qutip_reversed(component: str) -> None:
    reference = {"x": qutip.sigmax(), "y": qutip.sigmay(), "z": qutip.sigmaz()}[component]
    np.testing.assert_allclose(pauli(component).toarray(), reversed_basis(reference.full()))


def test_pauli_ladder_and_ground_first() -> None:
    ground, excited = np.array([1, 0]), np.array([0, 1])
    np.testing.assert_allclose(pauli("+").toarray() @ ground, excited)
    np.testing.assert_allclose(pauli("-").toarray() @ excited, ground)
    np.testing.assert_allclose(pauli("z").toarray() @ ground, -ground)


def test_site_operator_matches_qutip_tensor() -> None:
    local = qutip.rand_herm(2, seed=7)
    expected = qutip.tensor(qutip.qeye(2), local, qutip.qeye(2), qutip.qeye(2)).full()
    embedded = site_operator(local.full(), 1, 4)
    assert sp.issparse(embedded) and embedded.shape == (16, 16)
    np.testing.assert_allclose(embedded.toarray(), expected, atol=EXACT)
    with pytest.raises(ValueError, match="site"):
        site_operator(local.full(), 4, 4)


# --- the bond-operator builder ------------------------------------------------------------------


def qutip_site(operator: qutip.Qobj, site: int, n: int) -> qutip.Qobj:
    """``operator`` on ``site`` of an n-spin chain, identity elsewhere (QuTiP's basis)."""
    return qutip.tensor([operator if i == site else qutip.qeye(2) for i in range(n)])


def qutip_spin_hamiltonian(
    n: int,
    bonds: list[tuple[int, int]],
    *,
    jx: float | list[float] = 0.0,
    jy: float | list[float] = 0.0,
    jz: float | list[float] = 0.0,
    dm: float | list[float] = 0.0,
    field_z: float | list[float] = 0.0,
    field_x: float | list[float] = 0.0,
) -> np.ndarray:
    """The builder's formula term by term with QuTiP, returned in qbattery's basis order.

    Every bond is summed as given (a repeated pair twice, a reversed pair with its own
    orientation), every site field on its site.
    """

    def per(value: float | list[float], count: int) -> list[float]:
        return list(value) if isinstance(value, list) else [value] * count

    sx, sy, sz = qutip.sigmax(), qutip.sigmay(), qutip.sigmaz()
    h = 0 * qutip_site(qutip.qeye(2), 0, n)
    b = len(bonds)
    for (i, k), x, y, z, d in zip(
        bonds, per(jx, b), per(jy, b), per(jz, b), per(dm, b), strict=True
    ):
        h += x * qutip_site(sx, i, n) * qutip_site(sx, k, n)
        h += y * qutip_site(sy, i, n) * qutip_site(sy, k, n)
        h += z * qutip_site(sz, i, n) * qutip_site(sz, k, n)
        h += d * (
            qutip_site(sx, i, n) * qutip_site(sy, k, n)
            - qutip_site(sy, i, n) * qutip_site(sx, k, n)
        )
    for site, (hz, hx) in enumerate(zip(per(field_z, n), per(field_x, n), strict=True)):
        h += hz * qutip_site(sz, site, n) + hx * qutip_site(sx, site, n)
    return reversed_basis(h.full())


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
