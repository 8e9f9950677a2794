"""Spin-chain batteries (models/spin_chains.py), and the ground states, charging and bad input
of every chain model, against independent constructions.

References:
- every Hamiltonian written term by term with QuTiP's ``sigmax``, ``sigmay``, ``sigmaz`` and
  ``tensor`` (tests/models/spin_references.py), compared after reversing the basis order (QuTiP
  puts |e> first);
- ground states from ``numpy.linalg.eigh`` of the dense matrix;
- the Kac factor in closed form; charging curves from QuTiP's ``sesolve`` on the QuTiP-built
  model.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import qutip
from scipy.sparse.linalg import eigsh

import qbattery as qb
from qbattery.battery import Battery
from qbattery.errors import QBatteryError, QBatteryTypeError, QBatteryValueError
from qbattery.models.spin_baths import central_spin, two_bath_chain
from qbattery.models.spin_chains import (
    dimerised_xy_chain,
    ising_chain,
    long_range_chain,
    xxx_chain,
    xyz_chain,
)
from qbattery.models.spin_disorder import disordered_ising_chain
from tests.models.spin_references import (
    CHAINS,
    assert_operators,
    nearest,
    qutip_spin_hamiltonian,
    reversed_basis,
)

#: Sums of O(N^2) terms of size O(1): round-off ~1e-14.
EXACT = 1e-12
#: Eigenvectors from Lanczos or dense eigh: residuals ~1e-10 at worst.
EIGEN = 1e-8
#: Two ODE integrations (QuTiP at atol 1e-12 / rtol 1e-10, qbattery's own) on O(1) energies.
DYNAMICS = 1e-7
#: QuTiP's sesolve/mesolve settings for the references (DYNAMICS allows for them).
QUTIP_OPTIONS = {"atol": 1e-12, "rtol": 1e-10}
#: Smallest ground-level gap of H_B accepted as non-degenerate (levels are O(1)).
GAP = 1e-6
#: Largest gap counted as a degeneracy: levels from dense eigvalsh agree to ~1e-14.
DEGENERATE = 1e-12
#: Lanczos convergence tolerance of the reference levels (relative to the largest level).
LANCZOS = 1e-12


def profile(n: int, strength: float, sites: list[int] | None) -> list[float]:
    return [strength if sites is None or i in sites else 0.0 for i in range(n)]


# --- Hamiltonians against QuTiP ------------------------------------------------------------------


@pytest.mark.parametrize(("n", "boundary"), CHAINS)
def test_ising_matches_qutip(n: int, boundary: str) -> None:
    J, omega, h, sites = 0.3, 1.1, 0.4, [0, 2]
    battery = ising_chain(n, J, omega, h, boundary=boundary, charging=sites)
    h_b = qutip_spin_hamiltonian(n, nearest(n, boundary), jx=J, field_z=omega / 2)
    charge = qutip_spin_hamiltonian(n, [], field_x=profile(n, h, sites))
    assert_operators(battery, h_b, h_b + charge)
    assert battery.parameters["charging"] == sites and battery.dims == (2,) * n


@pytest.mark.parametrize(("n", "boundary"), CHAINS)
def test_xyz_with_dm_matches_qutip(n: int, boundary: str) -> None:
    Jx, Jy, Jz, omega, h, D = 0.3, -0.2, 0.5, 1.3, 0.2, 0.25
    battery = xyz_chain(n, Jx, Jy, Jz, omega, h, dm=D, boundary=boundary)
    h_b = qutip_spin_hamiltonian(
        n, nearest(n, boundary), jx=Jx, jy=Jy, jz=Jz, dm=D, field_z=omega / 2
    )
    charge = qutip_spin_hamiltonian(n, [], field_x=h)
    assert_operators(battery, h_b, h_b + charge)
    assert battery.parameters["dm"] == D and battery.parameters["charging"] == "uniform"


@pytest.mark.parametrize(("n", "boundary"), CHAINS)
def test_xxx_matches_qutip(n: int, boundary: str) -> None:
    J, omega, h = 0.12, 1.2, 0.3
    battery = xxx_chain(n, J, omega, h, boundary=boundary, charging=[n - 1])
    h_b = qutip_spin_hamiltonian(n, nearest(n, boundary), jx=J, jy=J, jz=J, field_z=omega / 2)
    charge = qutip_spin_hamiltonian(n, [], field_x=profile(n, h, [n - 1]))
    assert_operators(battery, h_b, h_b + charge)


def test_xyz_reduces_to_xxz() -> None:
    # The XXZ chain is the XYZ chain with Jx = Jy = J, Jz = J delta and no DM term.
    xxz = qb.models.xxz_chain(5, 0.2, 0.7, 1.1, 0.3)
    xyz = xyz_chain(5, 0.2, 0.2, 0.14, 1.1, 0.3)
    np.testing.assert_allclose(
        xyz.hamiltonian.static.toarray(), xxz.hamiltonian.static.toarray(), atol=EXACT
    )


@pytest.mark.parametrize(("n", "boundary"), [(4, "open"), (5, "open"), (4, "periodic")])
@pytest.mark.parametrize("quench", [None, -0.4])
def test_dimerised_xy_matches_qutip(n: int, boundary: str, quench: float | None) -> None:
    J, dimerisation, omega, h, gamma = 0.2, 0.4, 0.9, 0.3, 0.3
    battery = dimerised_xy_chain(
        n,
        J,
        dimerisation,
        omega,
        h,
        anisotropy=gamma,
        charging_dimerisation=quench,
        boundary=boundary,
    )
    bonds = nearest(n, boundary)

    def chain(delta: float) -> np.ndarray:
        strengths = [J * (1 + delta * (-1) ** b) for b in range(len(bonds))]
        return qutip_spin_hamiltonian(
            n,
            bonds,
            jx=[s * (1 + gamma) for s in strengths],
            jy=[s * (1 - gamma) for s in strengths],
            field_z=omega / 2,
        )

    h_b = chain(dimerisation)
    during = chain(dimerisation if quench is None else quench)
    assert_operators(battery, h_b, during + qutip_spin_hamiltonian(n, [], field_x=h))
    assert battery.parameters["charging_dimerisation"] == quench


@pytest.mark.parametrize(("n", "boundary"), CHAINS)
@pytest.mark.parametrize("kac", [False, True])
def test_long_range_matches_qutip(n: int, boundary: str, kac: bool) -> None:
    Jx, Jy, Jz, alpha, omega, h = 0.2, 0.1, -0.3, 1.5, 1.0, 0.4
    battery = long_range_chain(n, Jx, Jy, Jz, alpha, omega, h, kac=kac, boundary=boundary)

    def distance(i: int, k: int) -> int:
        return abs(i - k) if boundary == "open" else min(abs(i - k), n - abs(i - k))

    ordered = [(i, k) for i in range(n) for k in range(n) if i != k]
    factor = sum(distance(i, k) ** -alpha for i, k in ordered) / n if kac else 1.0
    bonds = [(i, k) for i, k in ordered if i < k]
    weights = [distance(i, k) ** -alpha / factor for i, k in bonds]
    h_b = qutip_spin_hamiltonian(
        n,
        bonds,
        jx=[Jx * w for w in weights],
        jy=[Jy * w for w in weights],
        jz=[Jz * w for w in weights],
        field_z=omega / 2,
    )
    assert_operators(battery, h_b, h_b + qutip_spin_hamiltonian(n, [], field_x=h))
    assert battery.parameters["kac_factor"] == pytest.approx(factor, rel=EXACT)


@pytest.mark.parametrize(
    ("n", "alpha", "factor"),
    [(4, 0.0, 3.0), (7, 0.0, 6.0), (3, 1.0, 5 / 3)],  # N - 1 at alpha = 0; 2 (1 + 1 + 1/2) / 3
)
def test_kac_factor_closed_form(n: int, alpha: float, factor: float) -> None:
    battery = long_range_chain(n, 0.1, 0.1, 0.0, alpha, kac=True)
    assert battery.parameters["kac_factor"] == pytest.approx(factor, rel=EXACT)


def test_short_range_limit_is_the_nearest_neighbour_chain() -> None:
    # d^-60 <= 2^-60 ~ 1e-18 beyond the nearest neighbours: the XYZ chain is left.
    long_range = long_range_chain(5, 0.3, -0.1, 0.2, 60.0, 0.8, 0.3)
    short_range = xyz_chain(5, 0.3, -0.1, 0.2, 0.8, 0.3)
    np.testing.assert_allclose(
        long_range.hamiltonian.static.toarray(),
        short_range.hamiltonian.static.toarray(),
        atol=EXACT,
    )


# --- ground states and their refusal -------------------------------------------------------------

GROUND_CASES: list[tuple[str, Callable[[], Battery]]] = [
    ("ising, ordered side", lambda: ising_chain(6, 0.8, boundary="periodic")),
    ("xyz + dm, parity", lambda: xyz_chain(6, 0.5, -0.3, 0.4, 0.6, dm=0.3, boundary="periodic")),
    ("xxz-like + dm", lambda: xyz_chain(6, 0.4, 0.4, 0.8, 0.3, dm=0.5)),
    ("xyz + dm, Lanczos blocks", lambda: xyz_chain(10, 0.5, -0.2, 0.3, 0.4, dm=0.2)),
    ("antiferromagnet", lambda: xxx_chain(6, 1.0, omega=0.3)),
    ("dimerised", lambda: dimerised_xy_chain(6, 0.5, 0.3, 0.4, anisotropy=0.5)),
    ("all-to-all", lambda: long_range_chain(6, 0.6, 0.2, -0.5, 0.0, 0.5, kac=True)),
    ("disordered", lambda: disordered_ising_chain(6, 0.7, 2.0, next_nearest=0.3, seed=5)),
    ("two baths", lambda: two_bath_chain(5, 0.8, 0.5, 1.0, 0.5, 0.6)),
]


@pytest.mark.parametrize("build", [c[1] for c in GROUND_CASES], ids=[c[0] for c in GROUND_CASES])
def test_initial_state_is_the_ground_state(build: Callable[[], Battery]) -> None:
    battery = build()
    h_b = battery.battery_hamiltonian
    if h_b.shape[0] > 256:  # Lanczos on the whole space, not sector by sector
        levels = np.sort(eigsh(h_b, k=2, which="SA", return_eigenvectors=False, tol=LANCZOS))
    else:
        levels = np.linalg.eigvalsh(h_b.toarray())
    assert levels[1] - levels[0] > GAP  # the cases are chosen non-degenerate
    psi = battery.initial_state
    assert np.linalg.norm(psi) == pytest.approx(1.0, abs=EXACT)
    np.testing.assert_allclose(h_b @ psi, levels[0] * psi, atol=EIGEN)


@pytest.mark.parametrize(
    ("build", "names"),
    [
        (lambda: ising_chain(4, 0.5, omega=0.0), "omega, J"),  # Z2 pair, one per parity
        (lambda: xxx_chain(4, -1.0, omega=0.0), "omega, J"),  # ferromagnetic multiplet
        (lambda: xyz_chain(3, 0.0, 0.0, 0.0, 0.0), "omega, Jx, Jy, Jz, dm"),  # H_B = 0
        (
            lambda: disordered_ising_chain(4, 0.5, 1.0, 0.0, seed=0, battery_hamiltonian="zeeman"),
            "omega",
        ),
        (lambda: dimerised_xy_chain(2, 0.0, 0.5, 0.0), "omega, J, dimerisation"),
    ],
)
def test_degenerate_ground_state_is_refused(build: Callable[[], Battery], names: str) -> None:
    with pytest.raises(QBatteryValueError, match="degenerate") as info:
        build()
    assert str(info.value).startswith(names)


def test_refused_cases_are_degenerate() -> None:
    # The refusals above are right: QuTiP's spectra have a degenerate ground level.
    ising = qutip_spin_hamiltonian(4, nearest(4, "open"), jx=0.5)
    ferro = qutip_spin_hamiltonian(4, nearest(4, "open"), jx=-1.0, jy=-1.0, jz=-1.0)
    for matrix in (ising, ferro):
        levels = np.linalg.eigvalsh(matrix)
        assert levels[1] - levels[0] < DEGENERATE


# --- disorder: seeds --------------------------------------------------------------------------


# --- charging dynamics ------------------------------------------------------------------------


def test_charging_matches_sesolve() -> None:
    n, Jx, Jy, Jz, omega, h, D, sites = 4, 0.3, 0.1, 0.2, 1.0, 0.5, 0.2, [0, 2]
    battery = xyz_chain(n, Jx, Jy, Jz, omega, h, dm=D, boundary="periodic", charging=sites)
    times = np.linspace(0.0, 5.0, 26)
    result = qb.charge(battery, times)
    dims = [[2] * n, [2] * n]
    h_b = qutip.Qobj(
        reversed_basis(
            qutip_spin_hamiltonian(
                n, nearest(n, "periodic"), jx=Jx, jy=Jy, jz=Jz, dm=D, field_z=omega / 2
            )
        ),
        dims=dims,
    )
    h_total = h_b + qutip.Qobj(
        reversed_basis(qutip_spin_hamiltonian(n, [], field_x=profile(n, h, sites))), dims=dims
    )
    _, ground = h_b.groundstate()
    evolved = qutip.sesolve(h_total, ground, times, e_ops=[h_b], options=QUTIP_OPTIONS)
    expected = np.real(evolved.expect[0]) - qutip.expect(h_b, ground)
    np.testing.assert_allclose(result.energy, expected, atol=DYNAMICS)
    assert np.ptp(result.energy) > 0.1  # the chain really charges


# --- bad input -------------------------------------------------------------------------------

BAD_INPUT = [
    (lambda: ising_chain(0, 0.1), QBatteryValueError, "n_spins"),
    (lambda: ising_chain(30, 0.1), QBatteryValueError, "n_spins"),
    (lambda: ising_chain(3, float("nan")), QBatteryValueError, "J"),
    (lambda: ising_chain(3, 0.1, omega=-1.0), QBatteryValueError, "omega"),
    (lambda: ising_chain(3, 0.1, field="x"), QBatteryTypeError, "field"),
    (lambda: ising_chain(3, 0.1, boundary="ring"), QBatteryValueError, "boundary"),
    (lambda: ising_chain(3, 0.1, charging="local"), QBatteryValueError, "charging"),
    (lambda: ising_chain(3, 0.1, charging=[]), QBatteryValueError, "charging"),
    (lambda: ising_chain(3, 0.1, charging=[0, 0]), QBatteryValueError, "charging"),
    (lambda: ising_chain(3, 0.1, charging=[3]), QBatteryValueError, "charging"),
    (lambda: ising_chain(3, 0.1, charging=[0.5]), QBatteryTypeError, "charging"),
    (lambda: ising_chain(3, 0.1, charging=2), QBatteryTypeError, "charging"),
    (lambda: xyz_chain(3, 0.1, "y", 0.1), QBatteryTypeError, "Jy"),
    (lambda: xyz_chain(3, 0.1, 0.1, float("inf")), QBatteryValueError, "Jz"),
    (lambda: xyz_chain(3, 0.1, 0.1, 0.1, dm=float("nan")), QBatteryValueError, "dm"),
    (lambda: xxx_chain(2.5, 0.1), QBatteryTypeError, "n_spins"),
    (lambda: dimerised_xy_chain(5, 0.1, 0.5, boundary="periodic"), QBatteryValueError, "n_spins"),
    (lambda: dimerised_xy_chain(4, 0.1, None), QBatteryTypeError, "dimerisation"),
    (
        lambda: dimerised_xy_chain(4, 0.1, 0.5, charging_dimerisation=float("nan")),
        QBatteryValueError,
        "charging_dimerisation",
    ),
    (lambda: dimerised_xy_chain(4, 0.1, 0.5, anisotropy="big"), QBatteryTypeError, "anisotropy"),
    (lambda: long_range_chain(3, 0.1, 0.1, 0.1, -1.0), QBatteryValueError, "range_exponent"),
    (lambda: long_range_chain(3, 0.1, 0.1, 0.1, 1.0, kac="yes"), QBatteryTypeError, "kac"),
    (lambda: disordered_ising_chain(3, 0.1, -1.0, seed=0), QBatteryValueError, "disorder"),
    (lambda: disordered_ising_chain(3, 0.1, 1.0, seed=None), QBatteryTypeError, "seed"),
    (lambda: disordered_ising_chain(3, 0.1, 1.0, seed=-1), QBatteryValueError, "seed"),
    (lambda: disordered_ising_chain(3, 0.1, 1.0, seed=1.5), QBatteryTypeError, "seed"),
    (lambda: disordered_ising_chain(3, 0.1, 1.0, seed=True), QBatteryTypeError, "seed"),
    (
        lambda: disordered_ising_chain(3, 0.1, 1.0, next_nearest=float("nan"), seed=0),
        QBatteryValueError,
        "next_nearest",
    ),
    (
        lambda: disordered_ising_chain(3, 0.1, 1.0, seed=0, battery_hamiltonian="bare"),
        QBatteryValueError,
        "battery_hamiltonian",
    ),
    (lambda: central_spin(26, 0.1), QBatteryValueError, "n_spins"),
    (lambda: central_spin(3, float("nan")), QBatteryValueError, "coupling"),
    (lambda: central_spin(3, 0.1, omega_c=-1.0), QBatteryValueError, "omega_c"),
    (lambda: central_spin(3, 0.1, omega_a=0.0), QBatteryValueError, "omega_a"),
    (lambda: central_spin(3, 0.1, delta="z"), QBatteryTypeError, "delta"),
    (lambda: two_bath_chain(3, 0.1, 0.5, -1.0, 1.0), QBatteryValueError, "temperature_left"),
    (
        lambda: two_bath_chain(3, 0.1, 0.5, 1.0, float("inf")),
        QBatteryValueError,
        "temperature_right",
    ),
    (lambda: two_bath_chain(3, 0.1, 0.5, 1.0, 1.0, omega=0.0), QBatteryValueError, "omega"),
    (lambda: two_bath_chain(3, 0.1, 0.5, 1.0, 1.0, damping=-0.1), QBatteryValueError, "damping"),
    (lambda: two_bath_chain(3, 0.1, 0.5, 1.0, 1.0, charging=[7]), QBatteryValueError, "charging"),
]


@pytest.mark.parametrize(("call", "error", "argument"), BAD_INPUT)
def test_bad_input_names_the_argument(
    call: Callable[[], Battery], error: type, argument: str
) -> None:
    with pytest.raises(error, match=argument) as info:
        call()
    assert isinstance(info.value, QBatteryError)


# --- published numbers -------------------------------------------------------------------------


def test_le_long_range_advantage_grows_with_n() -> None:
    """Le, Levinsen, Modi, Parish & Pollock, PRA 97, 022106 (2018), abstract: the interaction
    advantage in charging power "can grow super-extensively when the interactions are long
    ranged".

    Ferromagnetic Ising couplings ``Jz = -0.1 / d^alpha`` (no Kac factor), charged by a uniform
    field from the all-down ground state: with all-to-all couplings (alpha = 0) the power per
    spin P_max / N keeps growing over N = 4..10 (super-extensive P_max), and by more than with
    short-range couplings (alpha = 3), whose P_max / N levels off. Measured: alpha = 0: 0.1193,
    0.1227, 0.1248, 0.1262; alpha = 3: 0.1158, 0.1165, 0.1168, 0.1171. ~1 s.
    """
    times = np.linspace(0.0, 10.0, 251)

    def per_spin(alpha: float) -> np.ndarray:
        return np.array(
            [
                qb.charge(
                    long_range_chain(n, 0.0, 0.0, -0.1, alpha, 1.0, 0.3), times, ergotropy=False
                ).max_average_power
                / n
                for n in (4, 6, 8, 10)
            ]
        )

    all_to_all, short = per_spin(0.0), per_spin(3.0)
    assert np.all(np.diff(all_to_all) > 0), all_to_all
    assert all_to_all[-1] - all_to_all[0] > 2 * (short[-1] - short[0]), (all_to_all, short)
