"""Rabi and Jaynes-Cummings cells (models/light_matter/cells.py) against QuTiP and closed forms.

References: the cell Hamiltonian built with QuTiP in its own basis; the Jaynes-Cummings vacuum Rabi
oscillation from ``|1, g>`` on resonance, ``P_e(t) = sin^2(g t)`` with ``g = omega_c lambda``.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest
import qutip

from qbattery.models import jaynes_cummings, rabi
from tests.models.light_matter.references import atom_energy, dense, embedding, qutip_light_matter

#: Dense exponentials of matrices of norm ~10-100 lose a few more digits.
DYNAMICS = 1e-9
#: Operators and states are sums of a few products of O(1) numbers: round-off ~1e-15.
EXACT = 1e-12


# --- Rabi and Jaynes-Cummings cells ----------------------------------------------------------


@pytest.mark.parametrize("rotating_wave", [False, True])
def test_cells_match_qutip(rotating_wave: bool) -> None:
    lam, omega_c, omega_a, cutoff = 0.45, 1.1, 0.9, 7
    build = partial(jaynes_cummings, space="full") if rotating_wave else rabi
    battery = build(lam, omega_c, omega_a, cutoff=cutoff)
    h_full = qutip_light_matter(1, lam, omega_c, omega_a, cutoff, rotating_wave=rotating_wave)
    embed = embedding(1, cutoff)  # a permutation: (n, g) -> QuTiP's (n, basis(2, 1))
    np.testing.assert_allclose(
        embed.T @ h_full @ embed, dense(battery.hamiltonian.static), atol=EXACT
    )
    np.testing.assert_allclose(
        dense(battery.battery_hamiltonian), np.diag([0.0, omega_a]), atol=EXACT
    )
    reference = qutip.tensor(qutip.basis(cutoff + 1, 1), qutip.basis(2, 1)).full().ravel()
    np.testing.assert_allclose(embed @ battery.initial_state, reference, atol=EXACT)
    assert battery.dims == (cutoff + 1, 2)
    assert battery.battery == (1,)


def test_jaynes_cummings_vacuum_rabi_oscillation() -> None:
    lam, omega = 0.15, 1.2  # on resonance, g = omega_c lambda
    battery = jaynes_cummings(lam, omega, omega, cutoff=4, space="full")
    times = np.linspace(0.0, 12.0, 9)
    excited = atom_energy(battery, times) / omega
    np.testing.assert_allclose(excited, np.sin(omega * lam * times) ** 2, atol=DYNAMICS)
    assert jaynes_cummings(lam).parameters["cutoff"] == 1


def test_rabi_default_cutoff_holds_the_photon() -> None:
    battery = rabi(0.5)
    assert battery.parameters["cutoff"] > 1
    assert set(battery.parameters) == {"coupling", "omega_c", "omega_a", "cutoff", "charger"}
