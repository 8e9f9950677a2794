"""Dicke variants (anisotropic, interacting, dipole-dipole, intensity-dependent) against references.

References:
- limits: the anisotropic model at gamma = 0 and 1 is the Tavis-Cummings and Dicke Hamiltonian
  (both built by the existing, separately tested constructors);
- full-space Hamiltonians built term by term with QuTiP (Pauli sums over atoms and pairs, in
  QuTiP's basis where ``basis(2, 0)`` is excited; ours is every atom bit flipped, i.e. the atom
  index reversed), and the symmetric-subspace ones by projecting those onto Dicke states built by
  symmetrising product states;
- Buck-Sukumar closed form: one atom on resonance from ``|n, g>`` is excited with probability
  ``sin^2(omega_c lambda n t)``, and from a coherent field ``sum_n p_n sin^2(omega_c lambda n t)``
  with Poisson weights;
- default cut-offs against cut-offs 20 photons larger (charging curves through qbattery.charge).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import qutip
import scipy.sparse as sp
from scipy.linalg import expm

import qbattery as qb
from qbattery.models import (
    anisotropic_dicke,
    dicke,
    dipole_dicke,
    intensity_dependent_tavis_cummings,
    interacting_dicke,
    tavis_cummings,
)

#: Sums of a few products of O(1..10) numbers: round-off ~1e-14.
EXACT = 1e-12
#: Dense exponentials of matrices of norm ~10: a few digits more.
DYNAMICS = 1e-9
#: Curves at the default cut-off against a larger one; the tail it drops is below ~1e-10.
CUTOFF = 1e-8


def dense(operator: object) -> np.ndarray:
    return operator.toarray() if sp.issparse(operator) else np.asarray(operator)


def atoms_sum(n: int, single: qutip.Qobj) -> qutip.Qobj:
    return sum(
        qutip.tensor([single if i == site else qutip.qeye(2) for i in range(n)])
        for site in range(n)
    )


def pairs_sum(n: int, first: qutip.Qobj, second: qutip.Qobj) -> qutip.Qobj:
    """sum_{i<j} (first_i second_j + second_i first_j)."""
    total = 0
    for i, j in itertools.combinations(range(n), 2):
        for left, right in [(first, second), (second, first)]:
            factors = [qutip.qeye(2)] * n
            factors[i], factors[j] = left, right
            total = total + qutip.tensor(factors)
    return total


def in_our_basis(h: qutip.Qobj, cutoff: int, n: int) -> np.ndarray:
    """QuTiP's cavity x atoms matrix with the atom index reversed (every atom bit flipped)."""
    flip = np.kron(np.eye(cutoff + 1), np.eye(2**n)[::-1])
    return flip @ h.full() @ flip


def dicke_columns(n: int) -> np.ndarray:
    columns = np.zeros((2**n, n + 1))
    for bits in itertools.product([0, 1], repeat=n):
        k = sum(bits)
        columns[int("".join(map(str, bits)), 2), k] = 1 / math.sqrt(math.comb(n, k))
    return columns


def check_both_bases(build: object, reference: np.ndarray, n: int, cutoff: int, **kw: object):
    full = build(basis="full", cutoff=cutoff, **kw)
    np.testing.assert_allclose(dense(full.hamiltonian.static), reference, atol=EXACT)
    symmetric = build(cutoff=cutoff, **kw)
    embed = np.kron(np.eye(cutoff + 1), dicke_columns(n))
    np.testing.assert_allclose(
        embed.T @ reference @ embed, dense(symmetric.hamiltonian.static), atol=EXACT
    )
    np.testing.assert_allclose(
        reference @ embed, embed @ dense(symmetric.hamiltonian.static), atol=EXACT
    )


def qutip_cavity(n: int, cutoff: int) -> tuple[qutip.Qobj, ...]:
    a = qutip.tensor(qutip.destroy(cutoff + 1), qutip.qeye([2] * n))

    def atoms(single: qutip.Qobj) -> qutip.Qobj:
        return qutip.tensor(qutip.qeye(cutoff + 1), atoms_sum(n, single))

    return a, atoms(qutip.sigmax()), atoms(qutip.sigmaz()), atoms(qutip.sigmap())


# --- anisotropic Dicke ---------------------------------------------------------------------------


@pytest.mark.parametrize("basis", ["symmetric", "full"])
def test_anisotropic_limits_are_tavis_cummings_and_dicke(basis: str) -> None:
    n, lam, cutoff = 3, 0.27, 7
    args = (n, lam)
    kw = {"omega_c": 1.2, "omega_a": 0.8, "cutoff": cutoff, "basis": basis}
    tc = tavis_cummings(*args, **kw, space="full")
    dk = dicke(*args, **kw)
    np.testing.assert_allclose(
        dense(anisotropic_dicke(*args, 0.0, **kw).hamiltonian.static),
        dense(tc.hamiltonian.static),
        atol=EXACT,
    )
    np.testing.assert_allclose(
        dense(anisotropic_dicke(*args, 1.0, **kw).hamiltonian.static),
        dense(dk.hamiltonian.static),
        atol=EXACT,
    )
    # gamma = 0 conserves excitations: exact default cut-off, no truncation declared.
    assert anisotropic_dicke(n, lam, 0.0).parameters["cutoff"] == n
    assert anisotropic_dicke(n, lam, 0.0).truncation is None
    assert anisotropic_dicke(n, lam, 0.5).truncation is not None


def test_anisotropic_matches_qutip() -> None:
    n, lam, gamma, cutoff, wc, wa = 2, 0.3, 0.4, 6, 1.1, 0.9
    a, _, sz, sp_ = qutip_cavity(n, cutoff)
    sm = sp_.dag()
    h = wc * a.dag() * a + (wa / 2) * sz + wc * lam * (sp_ * a + sm * a.dag())
    h += wc * lam * gamma * (sp_ * a.dag() + sm * a)
    check_both_bases(
        lambda **kw: anisotropic_dicke(n, lam, gamma, wc, wa, **kw),
        in_our_basis(h, cutoff, n),
        n,
        cutoff,
    )


# --- interacting and dipole-dipole Dicke ---------------------------------------------------------


@pytest.mark.parametrize("axis", ["z", "x"])
def test_interacting_dicke_matches_qutip(axis: str) -> None:
    n, lam, u, fa, fc, cutoff, wc, wa = 3, 0.2, 0.7, 0.3, -0.25, 5, 1.0, 1.3
    a, sx, sz, _ = qutip_cavity(n, cutoff)
    j_axis = (sz if axis == "z" else sx) / 2
    h = wc * a.dag() * a + (wa / 2) * sz + wc * lam * sx * (a + a.dag())
    h += (u / n) * j_axis * j_axis + fa * sx + fc * (a + a.dag())
    check_both_bases(
        lambda **kw: interacting_dicke(
            n, lam, u, wc, wa, interaction_axis=axis, atom_drive=fa, cavity_drive=fc, **kw
        ),
        in_our_basis(h, cutoff, n),
        n,
        cutoff,
    )


def test_interacting_dicke_without_extras_is_dicke() -> None:
    np.testing.assert_allclose(
        dense(interacting_dicke(3, 0.2, 0.0, cutoff=9).hamiltonian.static),
        dense(dicke(3, 0.2, cutoff=9).hamiltonian.static),
        atol=EXACT,
    )


def test_dipole_dicke_matches_qutip() -> None:
    n, lam, omega_dd, drive, cutoff, wc, wa = 3, 0.15, 0.45, 0.2, 5, 1.0, 1.1
    a, sx, sz, _ = qutip_cavity(n, cutoff)
    pairs = qutip.tensor(qutip.qeye(cutoff + 1), pairs_sum(n, qutip.sigmap(), qutip.sigmam()))
    h = wc * a.dag() * a + (wa / 2) * sz + wc * lam * sx * (a + a.dag())
    h += omega_dd * pairs + drive * sx
    check_both_bases(
        lambda **kw: dipole_dicke(n, lam, omega_dd, wc, wa, drive=drive, **kw),
        in_our_basis(h, cutoff, n),
        n,
        cutoff,
    )


# --- intensity-dependent (Buck-Sukumar) coupling -------------------------------------------------


def excited_probability(battery: qb.Battery, times: np.ndarray) -> np.ndarray:
    h = dense(battery.hamiltonian.static)
    h_b = np.kron(np.eye(battery.dims[0]), dense(battery.battery_hamiltonian))
    omega_a = battery.parameters["omega_a"]
    values = []
    for t in times:
        psi = expm(-1j * h * t) @ battery.initial_state
        values.append(np.real(np.conj(psi) @ h_b @ psi) / omega_a)
    return np.array(values)


def test_buck_sukumar_rabi_frequency_is_linear_in_n() -> None:
    lam, photons = 0.2, 3
    battery = intensity_dependent_tavis_cummings(1, lam, photons=photons, space="full")
    assert battery.parameters["cutoff"] == photons
    times = np.linspace(0.0, 10.0, 11)
    np.testing.assert_allclose(
        excited_probability(battery, times), np.sin(lam * photons * times) ** 2, atol=DYNAMICS
    )


def test_buck_sukumar_with_a_coherent_field() -> None:
    lam, mean = 0.3, 2.0
    battery = intensity_dependent_tavis_cummings(
        1, lam, charger="coherent", photons=mean, space="full"
    )
    cutoff = battery.parameters["cutoff"]
    n = np.arange(cutoff + 1)
    poisson = np.array([math.exp(-mean) * mean**k / math.factorial(k) for k in n])
    times = np.linspace(0.0, 8.0, 9)
    expected = [np.sum(poisson * np.sin(lam * n * t) ** 2) for t in times]
    np.testing.assert_allclose(excited_probability(battery, times), expected, atol=DYNAMICS)


def test_buck_sukumar_matches_qutip() -> None:
    n, lam, cutoff = 2, 0.2, 4
    a, _, sz, sp_ = qutip_cavity(n, cutoff)
    root = qutip.tensor(qutip.num(cutoff + 1).sqrtm(), qutip.qeye([2] * n))
    lowering = a * root
    h = a.dag() * a + 0.5 * sz + lam * (sp_ * lowering + lowering.dag() * sp_.dag())
    check_both_bases(
        lambda **kw: intensity_dependent_tavis_cummings(n, lam, space="full", **kw),
        in_our_basis(h, cutoff, n),
        n,
        cutoff,
    )


# --- default cut-offs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda **kw: anisotropic_dicke(2, 0.2, 0.6, **kw),
        lambda **kw: interacting_dicke(2, 0.2, 0.5, atom_drive=0.2, cavity_drive=0.3, **kw),
        lambda **kw: dipole_dicke(2, 0.2, 0.4, drive=0.1, **kw),
    ],
    ids=["anisotropic", "interacting", "dipole"],
)
def test_default_cutoff_is_harmless(build: object) -> None:
    times = np.linspace(0.0, 15.0, 31)
    battery = build()
    larger = build(cutoff=battery.parameters["cutoff"] + 20)
    a = qb.charge(battery, times, method="spectral")  # no ConvergenceWarning either
    b = qb.charge(larger, times, method="spectral")
    np.testing.assert_allclose(a.energy, b.energy, atol=CUTOFF)
    np.testing.assert_allclose(a.ergotropy, b.ergotropy, atol=CUTOFF)


def test_coupling_scaling_applies_to_every_variant() -> None:
    n, coupling = 4, 0.4
    for build in (
        lambda **kw: anisotropic_dicke(n, coupling, 0.5, cutoff=10, **kw),
        lambda **kw: dipole_dicke(n, coupling, 0.3, cutoff=10, **kw),
        lambda **kw: intensity_dependent_tavis_cummings(n, coupling, **kw),
    ):
        scaled = build(coupling_scaling="inverse_sqrt")
        assert scaled.parameters["effective_coupling"] == pytest.approx(coupling / 2, rel=EXACT)
    np.testing.assert_allclose(
        dense(
            anisotropic_dicke(
                n, coupling, 0.5, cutoff=10, coupling_scaling="inverse_sqrt"
            ).hamiltonian.static
        ),
        dense(anisotropic_dicke(n, coupling / 2, 0.5, cutoff=10).hamiltonian.static),
        atol=EXACT,
    )
