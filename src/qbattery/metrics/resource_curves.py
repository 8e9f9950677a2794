"""Quantum-resource curves of the battery along a charging trajectory (review sec. 4).

From the reduced battery states rho_B(t): von Neumann entropy (for a pure global state, the
entanglement entropy between the battery and the rest, e.g. the charger), purity, the l1-norm and
relative-entropy coherence in the eigenbasis of H_B (Baumgratz, Cramer & Plenio, PRL 113,
140401 (2014)), and the coherent/incoherent split of the ergotropy (Francica et al., PRL 125,
180603 (2020)).
"""

from __future__ import annotations

import numpy as np

from qbattery.linalg import LevelSpectrum
from qbattery.metrics.energetics import coherent_ergotropy, incoherent_ergotropy
from qbattery.metrics.resources import (
    l1_coherence,
    purity,
    relative_entropy_coherence,
    von_neumann_entropy,
)

__all__ = ["resource_curves"]


def resource_curves(
    battery_states: np.ndarray, h_battery: np.ndarray, spectrum: LevelSpectrum | None = None
) -> dict[str, np.ndarray]:
    """Resource measures of each battery state, shape (n, d_B, d_B) -> dict of (n,) arrays."""
    states = battery_states
    return {
        "battery_entropy": von_neumann_entropy(states, validate=False),
        "battery_purity": purity(states, validate=False),
        "l1_coherence": l1_coherence(states, h_battery, validate=False),
        "relative_entropy_coherence": relative_entropy_coherence(states, h_battery, validate=False),
        "incoherent_ergotropy": incoherent_ergotropy(
            states, h_battery, spectrum=spectrum, validate=False
        ),
        "coherent_ergotropy": coherent_ergotropy(
            states, h_battery, spectrum=spectrum, validate=False
        ),
    }
