"""Dual-cavity and optomechanical batteries (light_matter/two_modes.py) against references.

References:
- Hamiltonians built term by term with QuTiP (``tensor`` of ``destroy`` and Pauli matrices),
  two-level atoms mapped to our basis by reversing each atom's levels;
- a resonant three-state chain ``|A> - |B> - |C>`` with couplings K, G (zero detunings), from
  ``|A>``: ``c_B = -i (K / W) sin(W t)``, ``c_C = (K G / W^2)(cos(W t) - 1)``,
  ``W = sqrt(K^2 + G^2)``: the one-photon dual cavity (``|1_a 0_b g>``, ``|0 1 g>``,
  ``|0 0 e>``; K = omega_c kappa, G = omega_c lambda);
- default cut-offs against larger ones (charging curves through qbattery.charge).
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.models import dual_cavity, optomechanical
from tests.models.light_matter.references import (
    battery_energy,
    chain_populations,
    dense,
    flip_qubits,
    qubits,
)

#: Sums of a few products of O(1..10) numbers: round-off ~1e-14.
EXACT = 1e-12
#: Dense exponentials of matrices of norm ~10: a few digits more.
DYNAMICS = 1e-9
#: Curves at the default cut-offs against larger ones.
CUTOFF = 1e-8
#: Energy the counter-rotating terms must store to count as charging: 1e4 x CUTOFF, far above
#: the cut-off error and well below the 2.1e-2 stored.
CHARGED = 1e-4


# --- dual cavity ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rotating_wave", [True, False])
def test_dual_cavity_matches_qutip(rotating_wave: bool) -> None:
    n, lam, kappa, wc, wa, cutoff = 2, 0.2, 0.35, 1.1, 0.9, 3
    battery = dual_cavity(
        n, lam, kappa, wc, wa, rotating_wave=rotating_wave, basis="full", cutoff=cutoff
    )
    d = cutoff + 1
    a = qutip.tensor(qutip.destroy(d), qutip.qeye(d), qutip.qeye([2] * n))
    b = qutip.tensor(qutip.qeye(d), qutip.destroy(d), qutip.qeye([2] * n))
    sx, sz, sp_ = (qubits(n, op, d, d) for op in (qutip.sigmax(), qutip.sigmaz(), qutip.sigmap()))
    h = wc * (a.dag() * a + b.dag() * b) + wc * kappa * (a.dag() * b + b.dag() * a)
    h += (wa / 2) * sz
    if rotating_wave:
        h += wc * lam * (sp_ * b + (sp_ * b).dag())
    else:
        h += wc * lam * sx * (b + b.dag())
    np.testing.assert_allclose(
        dense(battery.hamiltonian.static), flip_qubits(h.full(), d * d, n), atol=EXACT
    )
    assert battery.dims == (d, d, 2, 2) and battery.battery == (2, 3)
    assert (battery.truncation is None) == rotating_wave


def test_dual_cavity_single_photon_hops_to_the_atom() -> None:
    lam, kappa = 0.15, 0.25
    battery = dual_cavity(1, lam, kappa)
    assert battery.parameters["cutoff"] == 1  # exact: one excitation in all
    times = np.linspace(0.0, 30.0, 31)
    _, excited = chain_populations(kappa, lam, times)
    np.testing.assert_allclose(battery_energy(battery, times), excited, atol=DYNAMICS)


# --- optomechanical ------------------------------------------------------------------------------


def test_optomechanical_matches_qutip() -> None:
    n, lam, g, wm, wc, wa, n_m, n_c = 2, 0.15, 0.2, 0.8, 1.0, 1.2, 4, 3
    battery = optomechanical(n, lam, g, wm, wc, wa, basis="full", mechanical_cutoff=n_m, cutoff=n_c)
    dm, dc = n_m + 1, n_c + 1
    b = qutip.tensor(qutip.destroy(dm), qutip.qeye(dc), qutip.qeye([2] * n))
    a = qutip.tensor(qutip.qeye(dm), qutip.destroy(dc), qutip.qeye([2] * n))
    sx, sz = (qubits(n, op, dm, dc) for op in (qutip.sigmax(), qutip.sigmaz()))
    h = wm * b.dag() * b + wc * a.dag() * a + (wa / 2) * sz
    h += -wm * g * a.dag() * a * (b + b.dag()) + wc * lam * sx * (a + a.dag())
    np.testing.assert_allclose(
        dense(battery.hamiltonian.static), flip_qubits(h.full(), dm * dc, n), atol=EXACT
    )
    assert battery.dims == (dm, dc, 2, 2) and battery.battery == (2, 3)
    # Mechanical |1>, cavity |0>, atoms |g g>.
    reference = qutip.tensor(qutip.basis(dm, 1), qutip.basis(dc, 0), *[qutip.basis(2, 1)] * n)
    np.testing.assert_allclose(
        flip_qubits(np.diag(reference.full().ravel()), dm * dc, n).diagonal(),
        np.abs(battery.initial_state) ** 2,
        atol=EXACT,
    )


def test_optomechanical_default_cutoffs_are_harmless() -> None:
    times = np.linspace(0.0, 12.0, 25)
    battery = optomechanical(1, 0.15, 0.1)
    params = battery.parameters
    larger = optomechanical(
        1,
        0.15,
        0.1,
        cutoff=params["cutoff"] + 10,
        mechanical_cutoff=params["mechanical_cutoff"] + 10,
    )
    a = qb.charge(battery, times)
    b = qb.charge(larger, times)
    np.testing.assert_allclose(a.energy, b.energy, atol=CUTOFF)
    assert np.max(a.energy) > CHARGED  # the atoms do get charged through the counter-rotating terms
