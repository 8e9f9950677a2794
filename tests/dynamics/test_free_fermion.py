"""Free-fermion charging of quadratic spin chains against independent references.

References:
- Exact diagonalisation and ``qutip.sesolve`` (N <= 6) of the spin Hamiltonian built here from
  Pauli matrices with ``qutip.tensor`` (qbattery basis: index 0 = |g>, sigma_z = diag(-1, 1),
  site 0 leftmost), with the Jordan-Wigner Majoranas also built here from Pauli strings.
- qbattery's brute-force Chebyshev solver on the full 2**N space (N = 14, 16), with the spin
  Hamiltonian assembled here from scipy.sparse Kronecker products.
- Closed form, any N: H_B = (w/2) sum sigma_z, charged from |g...g> by H_C = J sum sigma_x
  sigma_x (commuting terms). sigma_z^i(t) = exp(2i A_i) sigma_z^i with A_i the (one or two)
  bonds at site i, and <g..g| sigma_x^j sigma_x^k |g..g> = 0, so <sigma_z^i(t)> = -cos^2(2Jt)
  in the bulk and -cos(2Jt) at the two ends:
      W(t) = (w/2) [(N - 2) sin^2(2Jt) + 2 (1 - cos 2Jt)],
      P(t) = w J [(N - 2) sin 4Jt + 2 sin 2Jt].
- Thermodynamic limit, transverse-field Ising quench: H_C = (h/2) sum sigma_z + J sum
  sigma_x sigma_x from |g...g>, measured with H_B = (w/2) sum sigma_z. Each pair (k, -k) is a
  two-level system {|0>, |k, -k>} with detuning 2 xi_k, xi_k = h + 2J cos k, and coupling
  Delta_k = 2J sin k, so <n_k>(t) = (Delta_k / eps_k)^2 sin^2(eps_k t),
  eps_k = sqrt(h^2 + 4hJ cos k + 4J^2), and per site w(t) = (w/pi) int_0^pi <n_k>(t) dk
  (Lieb, Schultz & Mattis 1961; Pfeuty, Ann. Phys. 57, 79 (1970)). In an open chain the two
  ends add an N-independent amount while their light cones do not meet, so
  (W_N1 - W_N2) / (N1 - N2) = w(t) to round-off.
"""

from __future__ import annotations

from functools import reduce

import numpy as np
import pytest
import qutip
import scipy.sparse as sp
from scipy.integrate import quad
from scipy.optimize import brentq
from scipy.sparse.linalg import eigsh

import qbattery as qb
from qbattery.dynamics.free_fermion import MAX_ERGOTROPY_SITES
from qbattery.errors import DimensionError, QBatteryError
from qbattery.free_fermion_charge import free_fermion_charge
from qbattery.models.quadratic_chain import QuadraticChain, ground_covariance

#: Both sides exact (Gaussian formulas vs dense diagonalisation): round-off of O(N) products, so
#: scaled by N where N reaches 500 (observed: <= 1e-14, 2.4e-12 at N = 500).
EXACT = 1e-10
#: Agreement demanded with QuTiP's sesolve run at atol 1e-14, rtol 1e-12 (OPTIONS) over t <= 2.5
#: (observed: 1.9e-10; at atol 1e-12, rtol 1e-10 the reference itself erred by 1.6e-8).
ODE = 1e-8
#: Chebyshev expansion at tol 1e-12 over ~1e3 products on dimension 2**16 vs the SVD route
#: (observed: 1.8e-13).
KRYLOV = 1e-10
#: Adaptive quadrature at epsabs 1e-13 and round-off of sums over 500 sites (observed: 9e-15).
LIMIT = 1e-10
#: The optimal time refined on a cubic Hermite interpolant of W from a grid of spacing h = 0.02:
#: the interpolant's slope errs by O(h^3 |W''''|) (observed: 2e-8).
OPTIMUM_TIME = 1e-6
#: The maximum average power there: the interpolant's error h^4 |W''''| / 384 ~ 4e-10 over
#: tau ~ 2.3 (observed: 1.2e-10).
OPTIMUM_POWER = 1e-8
#: A spectral gap this far above round-off makes the ground state, and so the covariance compared
#: with it, well defined (a precondition of the random chain, not a tolerance).
GAP = 1e-3

SX = np.array([[0, 1], [1, 0]], dtype=complex)
SY = np.array([[0, 1j], [-1j, 0]])  # -i (sigma_+ - sigma_-), sigma_+ = |e><g| = entry [1, 0]
SZ = np.diag([-1.0, 1.0]).astype(complex)
#: Settings of the sesolve references: at atol 1e-12, rtol 1e-10 their own error reached 1.6e-8,
#: more than ODE; here it stays far below.
OPTIONS = {"atol": 1e-14, "rtol": 1e-12, "nsteps": 10**6}


# -- independent many-body builders -------------------------------------------------------------


def site_qobj(n: int, factors: dict[int, np.ndarray]) -> qutip.Qobj:
    return qutip.tensor([qutip.Qobj(factors.get(i, np.eye(2))) for i in range(n)])


def spin_hamiltonian(field, jx, jy) -> qutip.Qobj:
    """sum (h_i/2) Z_i + sum_b Jx_b X_b X_{b+1} + Jy_b Y_b Y_{b+1}; bond b joins b, (b+1) mod N."""
    n = len(field)
    h = sum(field[i] / 2 * site_qobj(n, {i: SZ}) for i in range(n))
    for b in range(len(jx)):
        c = (b + 1) % n
        h += jx[b] * site_qobj(n, {b: SX}) * site_qobj(n, {c: SX})
        h += jy[b] * site_qobj(n, {b: SY}) * site_qobj(n, {c: SY})
    return h


def majoranas(n: int) -> list[qutip.Qobj]:
    """w_{2i} = prod_{j<i}(-Z_j) X_i, w_{2i+1} = prod_{j<i}(-Z_j) Y_i."""
    out = []
    for i in range(n):
        string = {j: -SZ for j in range(i)}
        out += [site_qobj(n, {**string, i: SX}), site_qobj(n, {**string, i: SY})]
    return out


def sparse_hamiltonian(field, jx, jy) -> sp.csr_matrix:
    """The same open-chain Hamiltonian as CSR, from scipy.sparse Kronecker products."""
    n = len(field)

    def embed(factors: dict[int, np.ndarray]) -> sp.csr_matrix:
        mats = [sp.csr_matrix(factors.get(i, np.eye(2))) for i in range(n)]
        return sp.csr_matrix(reduce(lambda a, b: sp.kron(a, b, format="csr"), mats))

    h = sum(field[i] / 2 * embed({i: SZ}) for i in range(n))
    for b in range(n - 1):
        h = h + jx[b] * embed({b: SX, b + 1: SX}) + jy[b] * embed({b: SY, b + 1: SY})
    return sp.csr_matrix(h)


def random_couplings(rng, n, periodic, field=1.0, spread=0.3, coupling=0.4):
    bonds = n if periodic else n - 1
    return (
        field + spread * rng.normal(size=n),
        coupling * rng.normal(size=bonds),
        coupling * rng.normal(size=bonds),
    )


def chain(parts, periodic: bool) -> QuadraticChain:
    field, jx, jy = parts
    boundary = "periodic" if periodic else "open"
    return QuadraticChain(len(field), field=field, coupling_x=jx, coupling_y=jy, boundary=boundary)


def evolve(h_pieces, switches, psi0, times) -> list[qutip.Qobj]:
    """States at ``times`` under piecewise-constant Hamiltonians, sesolve piece by piece."""
    edges, states, psi = [0.0, *switches, np.inf], [], psi0
    for k, h in enumerate(h_pieces):
        start, end = edges[k], edges[k + 1]
        inside = times[(times >= start) & (times < end)]
        grid = np.unique(np.concatenate([[start], inside, [end] if np.isfinite(end) else []]))
        result = qutip.sesolve(h, psi, grid, options=OPTIONS).states
        states += [result[i] for i in np.searchsorted(grid, inside)]
        psi = result[-1]
    return states


# -- the Jordan-Wigner map and the ground state -------------------------------------------------


@pytest.mark.parametrize("periodic", [False, True])
def test_majorana_matrix_is_the_spin_hamiltonian_in_each_parity_sector(rng, periodic) -> None:
    n = 5
    parts = random_couplings(rng, n, periodic)
    h_spin = spin_hamiltonian(*parts)
    w = majoranas(n)
    parity = site_qobj(n, {i: -SZ for i in range(n)})
    for sector in (1, -1):
        h = chain(parts, periodic).majorana_matrix(sector)
        fermionic = sum(0.25j * h[a, b] * w[a] * w[b] for a in range(2 * n) for b in range(2 * n))
        projector = (qutip.qeye([2] * n) + sector * parity) / 2
        difference = (projector * (h_spin - fermionic)).full()
        np.testing.assert_allclose(difference, 0, atol=EXACT, rtol=0)


@pytest.mark.parametrize(
    ("periodic", "field", "expected_parity"),
    [(False, 1.0, 1), (True, 1.0, 1), (True, -1.0, -1), (False, -1.0, -1)],
)
def test_ground_state_against_exact_diagonalisation(rng, periodic, field, expected_parity) -> None:
    # N = 5 with h < 0: the ground state is near |e...e>, of parity (-1)^5 = -1, which for a
    # periodic chain lives in the other boundary-condition sector.
    n = 5
    parts = random_couplings(rng, n, periodic, field=field)
    energies, states = spin_hamiltonian(*parts).eigenstates()
    assert energies[1] - energies[0] > GAP  # a unique ground state
    quadratic = chain(parts, periodic)
    assert quadratic.ground_energy() == pytest.approx(energies[0], abs=EXACT)
    w = majoranas(n)
    psi = states[0]
    reference = np.array(
        [
            [(0.5j * (w[a] * w[b] - w[b] * w[a])).matrix_element(psi, psi) for b in range(2 * n)]
            for a in range(2 * n)
        ]
    )
    np.testing.assert_allclose(ground_covariance(quadratic), reference.real, atol=EXACT, rtol=0)
    parity = site_qobj(n, {i: -SZ for i in range(n)})
    assert qutip.expect(parity, psi) == pytest.approx(expected_parity, abs=EXACT)


def test_single_particle_energies_of_a_uniform_chain_in_closed_form() -> None:
    # Open XX chain with uniform field: s_k = |h + 4J cos(pi k / (N + 1))|, k = 1..N
    # (hopping 2J between neighbours of the N-site open tight-binding chain).
    n, h, coupling = 7, 0.3, 0.8
    k = np.arange(1, n + 1)
    expected = np.sort(np.abs(h + 4 * coupling * np.cos(np.pi * k / (n + 1))))
    xx = QuadraticChain(n, field=h, coupling_x=coupling, coupling_y=coupling)
    np.testing.assert_allclose(xx.single_particle_energies(), expected, atol=EXACT, rtol=0)


def test_sum_and_scaling_of_chains_match_the_spin_operators(rng) -> None:
    n = 4
    open_parts = random_couplings(rng, n, periodic=False)
    ring_parts = random_couplings(rng, n, periodic=True)
    combined = chain(open_parts, False) + 0.5 * chain(ring_parts, True)
    expected = spin_hamiltonian(*open_parts) + 0.5 * spin_hamiltonian(*ring_parts)
    assert combined.boundary == "periodic"
    fermionic_ground = combined.ground_energy()
    assert fermionic_ground == pytest.approx(expected.eigenenergies()[0], abs=EXACT)


# -- charging against sesolve -------------------------------------------------------------------


@pytest.mark.parametrize(("periodic", "field"), [(False, 1.0), (True, 1.0), (True, -1.0)])
def test_whole_chain_charging_against_sesolve(rng, periodic, field) -> None:
    n = 5
    battery_parts = random_couplings(rng, n, periodic, field=field, coupling=0.2)
    pieces = [random_couplings(rng, n, periodic, spread=1.0, coupling=0.8) for _ in range(2)]
    switch = 0.9
    times = np.linspace(0, 2.5, 11)
    result = free_fermion_charge(
        chain(battery_parts, periodic),
        [chain(p, periodic) for p in pieces],
        times,
        switch_times=[switch],
        fluctuations=True,
    )
    h_b = spin_hamiltonian(*battery_parts)
    levels, vectors = h_b.eigenstates()
    h_pieces = [spin_hamiltonian(*p) for p in pieces]
    states = evolve(h_pieces, [switch], vectors[0], times)
    energy = np.array([qutip.expect(h_b, s) for s in states])
    active = [h_pieces[0 if t < switch else 1] for t in times]
    power = np.array(
        [qutip.expect(1j * (h * h_b - h_b * h), s) for h, s in zip(active, states, strict=True)]
    )
    second = np.array([qutip.expect(h_b * h_b, s) for s in states])
    moved = evolve(h_pieces, [switch], h_b * vectors[0], times)  # U(t) H_B |psi0>
    two_time = np.array([h_b.matrix_element(s, m) for s, m in zip(states, moved, strict=True)])
    assert result.method == "free_fermion"
    np.testing.assert_allclose(result.battery_energy, energy, atol=ODE, rtol=0)
    np.testing.assert_allclose(result.energy, energy - levels[0], atol=ODE, rtol=0)
    np.testing.assert_allclose(result.power, power.real, atol=ODE, rtol=0)
    np.testing.assert_allclose(result.ergotropy, energy - levels[0], atol=ODE, rtol=0)  # pure state
    np.testing.assert_allclose(result.variance, second - energy**2, atol=ODE, rtol=0)
    np.testing.assert_allclose(result.two_time, two_time.real, atol=ODE, rtol=0)
    assert result.ground_energy == pytest.approx(levels[0], abs=EXACT)


@pytest.mark.parametrize(("periodic", "sites"), [(False, (1, 4)), (False, (0, 2)), (True, (2, 5))])
def test_block_of_sites_against_partial_trace(rng, periodic, sites) -> None:
    n = 6
    battery_parts = random_couplings(rng, n, periodic, coupling=0.5)
    charger_parts = random_couplings(rng, n, periodic, spread=1.0, coupling=0.8)
    times = np.linspace(0, 3, 7)
    result = free_fermion_charge(
        chain(battery_parts, periodic),
        chain(charger_parts, periodic),
        times,
        sites=sites,
        fluctuations=True,
    )
    a, b = sites
    local_parts = (battery_parts[0][a:b], battery_parts[1][a : b - 1], battery_parts[2][a : b - 1])
    h_local = spin_hamiltonian(*local_parts)  # the terms of H_B inside the block
    h_embedded = qutip.tensor([qutip.qeye(2)] * a + [h_local] + [qutip.qeye(2)] * (n - b))
    h_charger = spin_hamiltonian(*charger_parts)
    psi0 = spin_hamiltonian(*battery_parts).groundstate()[1]
    states = evolve([h_charger], [], psi0, times)
    levels = np.sort(h_local.eigenenergies())
    energy, ergotropy, variance, power = [], [], [], []
    for state in states:
        rho = state.ptrace(list(range(a, b)))
        mean = qutip.expect(h_local, rho)
        populations = np.sort(rho.eigenenergies())[::-1]
        energy.append(mean)
        ergotropy.append(mean - float(np.dot(populations, levels)))
        variance.append(qutip.expect(h_local * h_local, rho) - mean**2)
        commutator = 1j * (h_charger * h_embedded - h_embedded * h_charger)
        power.append(qutip.expect(commutator, state))
    np.testing.assert_allclose(result.battery_energy, energy, atol=ODE, rtol=0)
    np.testing.assert_allclose(result.ergotropy, ergotropy, atol=ODE, rtol=0)
    np.testing.assert_allclose(result.variance, variance, atol=ODE, rtol=0)
    np.testing.assert_allclose(result.power, np.real(power), atol=ODE, rtol=0)
    assert result.ground_energy == pytest.approx(levels[0], abs=EXACT)
    assert result.two_time is None


def test_quench_from_the_ground_state_of_another_chain(rng) -> None:
    n = 5
    battery_parts = random_couplings(rng, n, False)
    initial_parts = random_couplings(rng, n, False, field=0.5, coupling=0.8)
    charger_parts = random_couplings(rng, n, False, coupling=0.6)
    times = np.linspace(0, 2, 5)
    result = free_fermion_charge(
        chain(battery_parts, False),
        chain(charger_parts, False),
        times,
        initial=chain(initial_parts, False),
    )
    h_b = spin_hamiltonian(*battery_parts)
    states = evolve(
        [spin_hamiltonian(*charger_parts)],
        [],
        spin_hamiltonian(*initial_parts).groundstate()[1],
        times,
    )
    energy = np.array([qutip.expect(h_b, s) for s in states])
    np.testing.assert_allclose(result.battery_energy, energy, atol=ODE, rtol=0)
    np.testing.assert_allclose(result.ergotropy, energy - h_b.eigenenergies()[0], atol=ODE, rtol=0)


# -- beyond dense brute force: the full-space Chebyshev solver ----------------------------------


@pytest.mark.parametrize("n", [14, 16])
def test_against_full_space_chebyshev(rng, n) -> None:
    # N = 16: dimension 65536, far beyond a dense diagonalisation, exact for Chebyshev.
    field_b = 1.0 + 0.2 * rng.normal(size=n)
    coupling_b = 0.1 * rng.normal(size=n - 1) if n == 14 else np.zeros(n - 1)
    charger = (0.5 * rng.normal(size=n), 0.6 * rng.normal(size=n - 1), 0.3 * rng.normal(size=n - 1))
    battery_chain = QuadraticChain(n, field=field_b, coupling_x=coupling_b, coupling_y=coupling_b)
    charger_chain = QuadraticChain(
        n, field=charger[0], coupling_x=charger[1], coupling_y=charger[2]
    )
    times = np.linspace(0, 2, 9)
    result = free_fermion_charge(battery_chain, battery_chain + charger_chain, times)

    h_b = sparse_hamiltonian(field_b, coupling_b, coupling_b)
    h_c = sparse_hamiltonian(*charger)
    if n == 14:
        psi0 = eigsh(h_b, k=1, which="SA", tol=1e-14)[1][:, 0]
    else:  # no couplings: all spins down, the product-state index 0
        psi0 = np.zeros(2**n, dtype=complex)
        psi0[0] = 1.0
    battery = qb.Battery(h_b + h_c, h_b, psi0, dims=[2] * n)
    reference = qb.charge(battery, times, method="chebyshev")
    np.testing.assert_allclose(result.energy, reference.energy, atol=KRYLOV, rtol=0)
    np.testing.assert_allclose(result.power, reference.power, atol=KRYLOV, rtol=0)
    np.testing.assert_allclose(result.ergotropy, reference.ergotropy, atol=KRYLOV, rtol=0)


# -- closed forms and large chains --------------------------------------------------------------


def ising_work(n, omega, coupling, t):
    return (
        omega / 2 * ((n - 2) * np.sin(2 * coupling * t) ** 2 + 2 * (1 - np.cos(2 * coupling * t)))
    )


@pytest.mark.parametrize("n", [2, 3, 500])
def test_zero_field_ising_charging_in_closed_form(n) -> None:
    omega, coupling = 1.3, 0.7
    times = np.linspace(0, 6, 61)
    result = free_fermion_charge(
        QuadraticChain(n, field=omega), QuadraticChain(n, coupling_x=coupling), times
    )
    power = (
        omega
        * coupling
        * ((n - 2) * np.sin(4 * coupling * times) + 2 * np.sin(2 * coupling * times))
    )
    np.testing.assert_allclose(
        result.energy, ising_work(n, omega, coupling, times), atol=EXACT * n, rtol=0
    )
    np.testing.assert_allclose(result.power, power, atol=EXACT * n, rtol=0)


def test_optimal_time_of_two_site_ising_charging() -> None:
    # N = 2: W = w (1 - cos 2Jt); the optimum solves tau W'(tau) = W(tau).
    omega, coupling = 1.0, 0.5
    times = np.linspace(0, 4, 201)  # spacing 0.02, as for OPTIMUM_TIME
    result = free_fermion_charge(
        QuadraticChain(2, field=omega), QuadraticChain(2, coupling_x=coupling), times
    )
    x = brentq(lambda x: x * np.sin(x) - (1 - np.cos(x)), 1.0, 3.0, xtol=1e-15)  # x = 2 J tau
    assert result.optimal_time == pytest.approx(x / (2 * coupling), abs=OPTIMUM_TIME)
    power = omega * (1 - np.cos(x)) * 2 * coupling / x
    assert result.max_average_power == pytest.approx(power, abs=OPTIMUM_POWER)


def tfim_work_per_site(omega, h, coupling, t):
    def occupation(k):
        eps = np.sqrt(h**2 + 4 * h * coupling * np.cos(k) + 4 * coupling**2)
        return (2 * coupling * np.sin(k) / eps) ** 2 * np.sin(eps * t) ** 2

    return omega / np.pi * quad(occupation, 0, np.pi, epsabs=1e-13, limit=200)[0]


def test_transverse_ising_quench_reaches_the_thermodynamic_limit() -> None:
    omega, h, coupling = 1.0, 1.5, 0.5
    times = np.linspace(0, 8, 17)
    work = {}
    for n in (200, 500):
        result = free_fermion_charge(
            QuadraticChain(n, field=omega),
            QuadraticChain(n, field=h, coupling_x=coupling),
            times,
            ergotropy=False,
        )
        work[n] = result.energy
    limit = np.array([tfim_work_per_site(omega, h, coupling, t) for t in times])
    # The two ends contribute the same amount in both chains: the bulk is exact.
    np.testing.assert_allclose((work[500] - work[200]) / 300, limit, atol=LIMIT, rtol=0)
    # Per site, W/N approaches the limit as (ends)/N: 500 sites sit 2.5 times closer than 200.
    np.testing.assert_allclose(
        work[500] / 500 - limit, 200 / 500 * (work[200] / 200 - limit), atol=LIMIT, rtol=0
    )


def test_block_energy_in_a_large_chain_is_the_bulk_value() -> None:
    # A block of 8 sites in the middle of a 400-site chain, far from the ends, stores 8 w(t)
    # while its light cone stays inside the chain; its ergotropy is bounded by its energy.
    omega, h, coupling, n = 1.0, 1.5, 0.5, 400
    times = np.linspace(0, 4, 9)
    result = free_fermion_charge(
        QuadraticChain(n, field=omega),
        QuadraticChain(n, field=h, coupling_x=coupling),
        times,
        sites=(196, 204),
    )
    limit = np.array([tfim_work_per_site(omega, h, coupling, t) for t in times])
    # w(t) counts excitations; the block's bare H_B has no bonds, so its energy is the same.
    np.testing.assert_allclose(result.energy, 8 * limit, atol=LIMIT, rtol=0)
    assert np.all(result.ergotropy <= result.battery_energy - result.ground_energy + EXACT)
    assert np.all(result.ergotropy >= -EXACT)


# -- bad input ----------------------------------------------------------------------------------


def test_degenerate_ground_state_is_refused() -> None:
    ising = QuadraticChain(4, coupling_x=1.0)  # two ferromagnetic ground states
    with pytest.raises(QBatteryError, match="degenerate"):
        free_fermion_charge(ising, ising, [0.0, 1.0])
    with pytest.raises(ValueError, match="degenerate"):
        ground_covariance(QuadraticChain(3, coupling_x=1.0, coupling_y=1.0))  # zero mode


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"n_sites": 0}, ValueError, "n_sites"),
        ({"n_sites": 2, "boundary": "periodic"}, ValueError, "at least 3 sites"),
        ({"n_sites": 3, "boundary": "twisted"}, ValueError, "boundary"),
        ({"n_sites": 3, "field": [1.0, 2.0]}, DimensionError, "field"),
        ({"n_sites": 3, "coupling_x": [1.0, 2.0, 3.0]}, DimensionError, "coupling_x"),
        ({"n_sites": 3, "field": np.nan}, ValueError, "NaN"),
        ({"n_sites": 3, "coupling_y": 1j}, TypeError, "coupling_y"),
    ],
)
def test_bad_chains_are_refused(kwargs, error, match) -> None:
    n = kwargs.pop("n_sites")
    with pytest.raises(error, match=match):
        QuadraticChain(n, **kwargs)


def test_bad_charging_arguments_are_refused() -> None:
    battery = QuadraticChain(4, field=1.0)
    charger = QuadraticChain(4, coupling_x=0.5)
    with pytest.raises(DimensionError, match="charging"):
        free_fermion_charge(battery, QuadraticChain(5, coupling_x=0.5), [0.0, 1.0])
    with pytest.raises(ValueError, match="switch_times"):
        free_fermion_charge(battery, [charger, battery], [0.0, 1.0])
    with pytest.raises(ValueError, match="switch_times"):
        free_fermion_charge(battery, [charger, battery, charger], [0.0], switch_times=[2, 1])
    with pytest.raises(ValueError, match="times"):
        free_fermion_charge(battery, charger, [1.0, 0.5])
    with pytest.raises(ValueError, match="sites"):
        free_fermion_charge(battery, charger, [0.0, 1.0], sites=(2, 6))
    with pytest.raises(TypeError, match="battery"):
        free_fermion_charge(np.eye(16), charger, [0.0, 1.0])
    big = QuadraticChain(MAX_ERGOTROPY_SITES + 2, field=1.0)
    with pytest.raises(ValueError, match="ergotropy=False"):
        free_fermion_charge(big, big, [0.0, 1.0], sites=(0, MAX_ERGOTROPY_SITES + 1))
    with pytest.raises(ValueError, match="parity"):
        charger.coupling_matrix(parity=0)


def test_pieces_without_grid_points_still_act(rng) -> None:
    # The second piece (0.3 <= t < 0.45) holds no grid time; the state must still pass through it.
    n = 4
    battery_parts = random_couplings(rng, n, False)
    pieces = [random_couplings(rng, n, False, coupling=0.8) for _ in range(3)]
    times = np.array([0.0, 0.25, 1.0, 2.0])
    result = free_fermion_charge(
        chain(battery_parts, False),
        [chain(p, False) for p in pieces],
        times,
        switch_times=[0.3, 0.45],
    )
    h_b = spin_hamiltonian(*battery_parts)
    states = evolve(
        [spin_hamiltonian(*p) for p in pieces], [0.3, 0.45], h_b.groundstate()[1], times
    )
    energy = np.array([qutip.expect(h_b, s) for s in states])
    np.testing.assert_allclose(result.battery_energy, energy, atol=ODE, rtol=0)
