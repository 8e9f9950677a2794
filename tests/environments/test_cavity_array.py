"""Bound states of an emitter at the end of a coupled-cavity array against a long finite array.

Independent reference: the eigenvalues of the (n + 1)-dimensional single-excitation matrix,
written out here, for n = 400 cavities; a bound state converges exponentially in n, the band
states fill [w_c - 2J, w_c + 2J].
"""

from __future__ import annotations

import numpy as np
import pytest

from qbattery.environments import CavityArray
from qbattery.errors import QBatteryError

#: Bound-state localisation length ~ 1 site here: the finite array's error is < 1e-12.
BOUND = 1e-9


def finite_array_spectrum(n: int, wc: float, hop: float, g: float, w0: float) -> np.ndarray:
    h = np.diag(np.concatenate([[w0], np.full(n, wc)]))
    h += np.diag(np.concatenate([[g], np.full(n - 1, hop)]), 1)
    return np.linalg.eigvalsh(h + np.triu(h, 1).T)


@pytest.mark.parametrize(("g", "w0"), [(1.0, 5.0), (0.8, 5.7), (0.6, 3.9), (2.0, 4.2)])
def test_bound_states_against_finite_array(g: float, w0: float) -> None:
    reservoir = CavityArray(n_sites=400, cavity_frequency=5.0, hopping=0.5, coupling=g)
    energies = finite_array_spectrum(400, 5.0, 0.5, g, w0)
    outside = energies[(energies < 4.0 - 1e-6) | (energies > 6.0 + 1e-6)]
    np.testing.assert_allclose(reservoir.bound_state_energies(w0), outside, atol=BOUND)
    np.testing.assert_allclose(
        np.linalg.eigvalsh(reservoir.single_excitation_hamiltonian(w0)), energies, atol=1e-12
    )


def test_no_bound_state_below_threshold() -> None:
    # at the band centre the threshold is g = sqrt(2) J
    reservoir = CavityArray(n_sites=400, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    assert reservoir.bound_state_energies(5.0) == ()
    energies = finite_array_spectrum(400, 5.0, 0.5, 0.3, 5.0)
    assert energies.min() > 4.0 - 1e-3 and energies.max() < 6.0 + 1e-3


def test_bad_input() -> None:
    with pytest.raises(QBatteryError, match="hopping"):
        CavityArray(n_sites=3, cavity_frequency=1.0, hopping=0.0, coupling=0.1)
    with pytest.raises(QBatteryError, match="coupling"):
        CavityArray(n_sites=3, cavity_frequency=1.0, hopping=1.0, coupling=-0.1)
    with pytest.raises(QBatteryError, match="energy"):
        CavityArray(n_sites=3, cavity_frequency=1.0, hopping=1.0, coupling=0.1).self_energy(1.5)
