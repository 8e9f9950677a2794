"""Cavity-Heisenberg and three-level Dicke batteries (light_matter/cavity_spins.py) against
references.

References:
- Hamiltonians built term by term with QuTiP (``tensor`` of ``destroy``, Pauli matrices, and
  three-level projectors ``basis(3, u) * basis(3, l).dag()`` in our level order), two-level
  spins mapped to our basis by reversing each spin's levels;
- a resonant three-state chain ``|A> - |B> - |C>`` with couplings K, G (zero detunings), from
  ``|A>``: ``c_B = -i (K / W) sin(W t)``, ``c_C = (K G / W^2)(cos(W t) - 1)``,
  ``W = sqrt(K^2 + G^2)``: the one-atom ladder with two photons (``|2, 0>``, ``|1, 1>``,
  ``|0, 2>``; K = omega_c lambda sqrt(2), G = omega_c lambda_2);
- the chain's initial state against ``numpy.linalg.eigh`` of its dense H_B;
- default cut-offs against larger ones (charging curves through qbattery.charge).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.models import cavity_heisenberg, three_level_dicke
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
#: Smallest ground-level gap of H_B accepted as non-degenerate (levels are O(1)).
GAP = 1e-6
#: Overlap of two ground-state vectors from dense eigh: residuals ~1e-14 over a gap > GAP.
EIGEN = 1e-10


# --- cavity-Heisenberg chain -------------------------------------------------------------------


def qutip_chain(
    n: int, J: float, delta: float, wa: float, pairs: list, weights: list
) -> qutip.Qobj:
    def at(op: qutip.Qobj, site: int) -> qutip.Qobj:
        return qutip.tensor([op if i == site else qutip.qeye(2) for i in range(n)])

    sx, sy, sz = qutip.sigmax(), qutip.sigmay(), qutip.sigmaz()
    h = 0.5 * wa * sum(at(sz, i) for i in range(n))
    for (i, j), w in zip(pairs, weights, strict=True):
        h += J * w * (at(sx, i) * at(sx, j) + at(sy, i) * at(sy, j) + delta * at(sz, i) * at(sz, j))
    return h


@pytest.mark.parametrize(
    ("boundary", "alpha"), [("open", None), ("periodic", None), ("open", 1.5), ("periodic", 2.0)]
)
def test_cavity_heisenberg_matches_qutip(boundary: str, alpha: float | None) -> None:
    n, lam, J, delta, wc, wa, cutoff = 4, 0.1, 0.3, -0.7, 1.0, 1.4, 4
    battery = cavity_heisenberg(
        n, lam, J, delta, wc, wa, range_exponent=alpha, boundary=boundary, cutoff=cutoff
    )
    if alpha is None:
        pairs = [(i, i + 1) for i in range(n - 1)] + (
            [(n - 1, 0)] if boundary == "periodic" else []
        )
        weights = [1.0] * len(pairs)
    else:
        pairs = list(itertools.combinations(range(n), 2))
        distance = [j - i if boundary == "open" else min(j - i, n - j + i) for i, j in pairs]
        weights = [float(r) ** -alpha for r in distance]
    h_b = qutip_chain(n, J, delta, wa, pairs, weights)
    d = cutoff + 1
    a = qutip.tensor(qutip.destroy(d), qutip.qeye([2] * n))
    h = wc * a.dag() * a + qutip.tensor(qutip.qeye(d), h_b)
    h += wc * lam * qubits(n, qutip.sigmax(), d) * (a + a.dag())
    np.testing.assert_allclose(
        dense(battery.battery_hamiltonian), h_b.full()[::-1, ::-1], atol=EXACT
    )
    np.testing.assert_allclose(
        dense(battery.hamiltonian.static), flip_qubits(h.full(), d, n), atol=EXACT
    )
    # The chain starts in the ground state of H_B, the cavity in |N>.
    energies, vectors = np.linalg.eigh(h_b.full()[::-1, ::-1])
    assert energies[1] - energies[0] > GAP
    chain = battery.initial_state.reshape(d, 2**n)[n]
    assert abs(np.vdot(vectors[:, 0], chain)) == pytest.approx(1.0, abs=EIGEN)


def test_cavity_heisenberg_default_cutoff_is_harmless() -> None:
    times = np.linspace(0.0, 10.0, 21)
    battery = cavity_heisenberg(3, 0.1, 0.2, 0.5)
    larger = cavity_heisenberg(3, 0.1, 0.2, 0.5, cutoff=battery.parameters["cutoff"] + 20)
    a, b = qb.charge(battery, times), qb.charge(larger, times)
    np.testing.assert_allclose(a.energy, b.energy, atol=CUTOFF)
    np.testing.assert_allclose(a.ergotropy, b.ergotropy, atol=CUTOFF)


# --- three-level atoms ---------------------------------------------------------------------------

TRANSITIONS = {"lambda": [(0, 2), (1, 2)], "ladder": [(0, 1), (1, 2)], "vee": [(0, 1), (0, 2)]}


@pytest.mark.parametrize("configuration", ["lambda", "ladder", "vee"])
def test_three_level_matches_qutip(configuration: str) -> None:
    n, lam, lam_2, w1, w2, wc, cutoff = 2, 0.2, 0.13, 0.7, 1.6, 1.0, 4
    battery = three_level_dicke(
        n, lam, w1, w2, wc, configuration=configuration, second_coupling=lam_2, cutoff=cutoff
    )
    d = cutoff + 1

    def atoms_sum(single: qutip.Qobj) -> qutip.Qobj:
        return sum(
            qutip.tensor(qutip.qeye(d), *[single if i == s else qutip.qeye(3) for i in range(n)])
            for s in range(n)
        )

    a = qutip.tensor(qutip.destroy(d), qutip.qeye([3] * n))
    levels = w1 * qutip.basis(3, 1).proj() + w2 * qutip.basis(3, 2).proj()
    h = wc * a.dag() * a + atoms_sum(levels)
    for (lower, upper), strength in zip(TRANSITIONS[configuration], (lam, lam_2), strict=True):
        raising = atoms_sum(qutip.basis(3, upper) * qutip.basis(3, lower).dag())
        h += wc * strength * (raising * a + (raising * a).dag())
    np.testing.assert_allclose(dense(battery.hamiltonian.static), h.full(), atol=EXACT)
    h_b = sum(
        qutip.tensor(*[levels if i == s else qutip.qeye(3) for i in range(n)]) for s in range(n)
    )
    np.testing.assert_allclose(dense(battery.battery_hamiltonian), h_b.full(), atol=EXACT)
    assert battery.dims == (d, 3, 3) and battery.battery == (1, 2)


def test_three_level_ladder_two_photon_cascade() -> None:
    lam, lam_2 = 0.1, 0.17
    battery = three_level_dicke(1, lam, 1.0, 2.0, configuration="ladder", second_coupling=lam_2)
    assert battery.parameters["photons"] == 2.0 and battery.parameters["cutoff"] == 2
    times = np.linspace(0.0, 40.0, 21)
    middle, top = chain_populations(lam * math.sqrt(2), lam_2, times)
    np.testing.assert_allclose(
        battery_energy(battery, times), 1.0 * middle + 2.0 * top, atol=DYNAMICS
    )
