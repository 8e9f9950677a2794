"""Light-matter batteries (and the model catalogue) against independent constructions.

References, none of them built from qbattery's operators:
- the full tensor-product space cavity x 2**N atoms built with QuTiP (``tensor`` of ``destroy``,
  ``sigmax``, ``sigmaz``, ``sigmap``) in QuTiP's own basis, where ``basis(2, 0)`` is the excited
  state; the symmetric subspace embedded there with Dicke states built by symmetrising product
  states (itertools), so neither qbattery's basis order nor its collective operators enter;
- ``qutip.jmat`` for the collective spin (basis m = j..-j, i.e. ours reversed);
- closed forms: ``[J_+, J_-] = 2 J_z``, ``J^2 = j(j + 1)``, the Poisson photon distribution of a
  coherent state, and the Jaynes-Cummings vacuum Rabi oscillation from ``|1, g>`` on resonance,
  ``P_e(t) = sin^2(g t)`` with ``g = omega_c lambda``.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import qutip
import scipy.sparse as sp
from scipy.linalg import expm

from qbattery.battery import Battery
from qbattery.errors import QBatteryError, QBatteryTypeError, QBatteryValueError
from qbattery.models import dicke, jaynes_cummings, rabi, tavis_cummings
from qbattery.models.ladders import (
    annihilation,
    coherent_cutoff,
    coherent_state,
    collective_spin,
    fock_state,
    number,
)

#: Operators are sums of a few products of O(1..10) numbers: round-off stays ~1e-14.
EXACT = 1e-12
#: Dense exponentials of matrices of norm ~10-100 lose a few more digits.
DYNAMICS = 1e-9


def qutip_dicke_states(n: int) -> np.ndarray:
    """Columns: Dicke states with k = 0..n excitations in QuTiP's qubit basis (0 = excited)."""
    columns = np.zeros((2**n, n + 1))
    for bits in itertools.product([0, 1], repeat=n):
        excited = bits.count(0)
        columns[int("".join(map(str, bits)), 2), excited] = 1 / math.sqrt(math.comb(n, excited))
    return columns


def qutip_collective(n: int, single: qutip.Qobj) -> qutip.Qobj:
    """sum_i single^i on n qubits."""
    identity = qutip.qeye(2)
    return sum(
        qutip.tensor([single if i == site else identity for i in range(n)]) for site in range(n)
    )


def qutip_light_matter(
    n: int, lam: float, omega_c: float, omega_a: float, cutoff: int, *, rotating_wave: bool
) -> np.ndarray:
    """Full-space H of N atoms and one mode, with Pauli sums as in the review's eq. 32/33."""
    a = qutip.tensor(qutip.destroy(cutoff + 1), qutip.qeye([2] * n))
    atoms = [qutip.qeye(cutoff + 1)]

    def collective(single: qutip.Qobj) -> qutip.Qobj:
        return qutip.tensor(*atoms, qutip_collective(n, single))

    sz, sx = collective(qutip.sigmaz()), collective(qutip.sigmax())
    sp_, sm = collective(qutip.sigmap()), collective(qutip.sigmam())
    # omega_0 = omega_a / 2 and g = omega_c lambda in the review's notation.
    h = omega_c * a.dag() * a + (omega_a / 2) * sz
    if rotating_wave:
        h += omega_c * lam * (sp_ * a + sm * a.dag())
    else:
        h += omega_c * lam * sx * (a + a.dag())
    return h.full()


def embedding(n: int, cutoff: int) -> np.ndarray:
    return np.kron(np.eye(cutoff + 1), qutip_dicke_states(n))


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
    np.testing.assert_allclose(np.abs(ket) ** 2, poisson, atol=1e-11)
    assert abs(1 - poisson.sum()) < 1e-11  # the default cut-off keeps the whole distribution


# --- Dicke and Tavis-Cummings against the full tensor space ----------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6])
@pytest.mark.parametrize("rotating_wave", [False, True])
def test_symmetric_hamiltonian_equals_full_space(n: int, rotating_wave: bool) -> None:
    lam, omega_c, omega_a, cutoff = 0.37, 1.3, 0.7, n + 2
    build = tavis_cummings if rotating_wave else dicke
    battery = build(n, lam, omega_c, omega_a, cutoff=cutoff)
    h_full = qutip_light_matter(n, lam, omega_c, omega_a, cutoff, rotating_wave=rotating_wave)
    embed = embedding(n, cutoff)
    h_sym = dense(battery.hamiltonian.static)
    np.testing.assert_allclose(embed.T @ h_full @ embed, h_sym, atol=EXACT)
    # The full H leaves the symmetric subspace invariant: H P = P (P^T H P).
    np.testing.assert_allclose(h_full @ embed, embed @ h_sym, atol=EXACT)
    # H_B = omega_a sum_i sigma_+ sigma_- on the atoms, restricted to the symmetric subspace.
    dicke_states = qutip_dicke_states(n)
    h_b_full = omega_a * qutip_collective(n, qutip.sigmap() * qutip.sigmam()).full()
    np.testing.assert_allclose(
        dicke_states.T @ h_b_full @ dicke_states, dense(battery.battery_hamiltonian), atol=EXACT
    )
    # Initial state: N photons, every atom in |g> (QuTiP's basis(2, 1)).
    reference = qutip.tensor(qutip.basis(cutoff + 1, n), *[qutip.basis(2, 1)] * n)
    np.testing.assert_allclose(embed @ battery.initial_state, reference.full().ravel(), atol=EXACT)


@pytest.mark.parametrize("build", [dicke, tavis_cummings])
def test_layout_and_spectrum(build: object) -> None:
    n, omega_a = 5, 0.8
    battery = build(n, 0.2, omega_a=omega_a)
    assert isinstance(battery, Battery)
    assert battery.dims == (battery.parameters["cutoff"] + 1, n + 1)
    assert battery.battery == (1,)
    assert battery.name == build.__name__
    np.testing.assert_allclose(
        dense(battery.battery_hamiltonian), omega_a * np.diag(np.arange(6.0))
    )
    np.testing.assert_allclose(battery.battery_spectrum.levels, omega_a * np.arange(n + 1))
    np.testing.assert_allclose(
        battery.battery_spectrum.multiplicities, [math.comb(n, k) for k in range(n + 1)]
    )


def test_inverse_sqrt_scaling_divides_the_coupling() -> None:
    n, coupling = 4, 0.6
    scaled = dicke(n, coupling, coupling_scaling="inverse_sqrt", cutoff=12)
    fixed = dicke(n, coupling / math.sqrt(n), cutoff=12)
    np.testing.assert_allclose(
        dense(scaled.hamiltonian.static), dense(fixed.hamiltonian.static), atol=EXACT
    )
    assert scaled.parameters["effective_coupling"] == pytest.approx(coupling / 2)


def test_coherent_charger_has_poissonian_photons() -> None:
    n = 3
    battery = dicke(n, 0.1, charger="coherent")
    cutoff = battery.parameters["cutoff"]
    photons = np.abs(battery.initial_state.reshape(cutoff + 1, n + 1)) ** 2
    assert np.all(photons[:, 1:] == 0)  # atoms in |g>
    poisson = [math.exp(-n) * n**k / math.factorial(k) for k in range(cutoff + 1)]
    np.testing.assert_allclose(photons[:, 0], poisson, atol=1e-11)


def atom_energy(battery: Battery, times: np.ndarray) -> np.ndarray:
    """<H_B>(t) by dense exponentiation."""
    h = dense(battery.hamiltonian.static)
    n_photons = battery.dims[0]
    h_b = np.kron(np.eye(n_photons), dense(battery.battery_hamiltonian))
    values = []
    for t in times:
        psi = expm(-1j * h * t) @ battery.initial_state
        values.append(np.real(np.conj(psi) @ h_b @ psi))
    return np.array(values)


def test_tavis_cummings_default_cutoff_is_exact() -> None:
    # a^dag a + J_z + N/2 is conserved: from |N>|g..g> no Fock state above N is reached.
    n = 3
    battery = tavis_cummings(n, 0.4)
    assert battery.parameters["cutoff"] == n
    times = np.linspace(0.0, 6.0, 7)
    larger = tavis_cummings(n, 0.4, cutoff=n + 6)
    np.testing.assert_allclose(
        atom_energy(battery, times), atom_energy(larger, times), atol=DYNAMICS
    )


def test_dicke_default_cutoff_is_harmless() -> None:
    n, lam = 2, 0.3
    battery = dicke(n, lam)
    cutoff = battery.parameters["cutoff"]
    assert cutoff >= 2 * n
    times = np.linspace(0.0, 8.0, 5)
    larger = dicke(n, lam, cutoff=cutoff + 20)
    np.testing.assert_allclose(
        atom_energy(battery, times), atom_energy(larger, times), atol=DYNAMICS
    )


# --- Rabi and Jaynes-Cummings cells ----------------------------------------------------------


@pytest.mark.parametrize("rotating_wave", [False, True])
def test_cells_match_qutip(rotating_wave: bool) -> None:
    lam, omega_c, omega_a, cutoff = 0.45, 1.1, 0.9, 7
    build = jaynes_cummings if rotating_wave else rabi
    battery = build(lam, omega_c, omega_a, cutoff=cutoff)
    h_full = qutip_light_matter(1, lam, omega_c, omega_a, cutoff, rotating_wave=rotating_wave)
    embed = embedding(1, cutoff)  # a permutation: (n, g) -> QuTiP's (n, basis(2, 1))
    np.testing.assert_allclose(embed.T @ h_full @ embed, dense(battery.hamiltonian.static))
    np.testing.assert_allclose(dense(battery.battery_hamiltonian), np.diag([0.0, omega_a]))
    reference = qutip.tensor(qutip.basis(cutoff + 1, 1), qutip.basis(2, 1)).full().ravel()
    np.testing.assert_allclose(embed @ battery.initial_state, reference)
    assert battery.dims == (cutoff + 1, 2)
    assert battery.battery == (1,)


def test_jaynes_cummings_vacuum_rabi_oscillation() -> None:
    lam, omega = 0.15, 1.2  # on resonance, g = omega_c lambda
    battery = jaynes_cummings(lam, omega, omega, cutoff=4)
    times = np.linspace(0.0, 12.0, 9)
    excited = atom_energy(battery, times) / omega
    np.testing.assert_allclose(excited, np.sin(omega * lam * times) ** 2, atol=DYNAMICS)
    assert jaynes_cummings(lam).parameters["cutoff"] == 1


def test_rabi_default_cutoff_holds_the_photon() -> None:
    battery = rabi(0.5)
    assert battery.parameters["cutoff"] > 1
    assert set(battery.parameters) == {"coupling", "omega_c", "omega_a", "cutoff", "charger"}


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "argument"),
    [
        (lambda: dicke(-2, 0.1), QBatteryValueError, "n_atoms"),
        (lambda: dicke(0, 0.1), QBatteryValueError, "n_atoms"),
        (lambda: dicke(2.5, 0.1), QBatteryTypeError, "n_atoms"),
        (lambda: tavis_cummings(True, 0.1), QBatteryTypeError, "n_atoms"),
        (lambda: dicke(3, float("nan")), QBatteryValueError, "coupling"),
        (lambda: tavis_cummings(3, float("inf")), QBatteryValueError, "coupling"),
        (lambda: rabi(1j), QBatteryTypeError, "coupling"),
        (lambda: dicke(3, 0.1, omega_c=0.0), QBatteryValueError, "omega_c"),
        (lambda: jaynes_cummings(0.1, omega_a=-1.0), QBatteryValueError, "omega_a"),
        (lambda: dicke(4, 0.1, cutoff=3), QBatteryValueError, "cutoff"),
        (lambda: tavis_cummings(4, 0.1, cutoff=2), QBatteryValueError, "cutoff"),
        (lambda: rabi(0.1, cutoff=0), QBatteryValueError, "cutoff"),
        (lambda: dicke(4, 0.1, cutoff=-1), QBatteryValueError, "cutoff"),
        (lambda: dicke(4, 0.1, charger="coherent", cutoff=6), QBatteryValueError, "cutoff"),
        (lambda: dicke(4, 0.1, charger="laser"), QBatteryValueError, "charger"),
        (lambda: collective_spin(3, "w"), QBatteryValueError, "component"),
    ],
)
def test_bad_input(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument) as info:
        call()
    assert isinstance(info.value, QBatteryError)


def test_bad_coupling_scaling_lists_valid_values() -> None:
    with pytest.raises(ValueError, match="coupling_scaling") as info:
        dicke(3, 0.1, coupling_scaling="sqrt")
    assert "'fixed'" in str(info.value) and "'inverse_sqrt'" in str(info.value)


def test_too_small_cutoff_says_what_suffices() -> None:
    with pytest.raises(ValueError, match=r"cutoff >= 4"):
        dicke(4, 0.1, cutoff=3)
