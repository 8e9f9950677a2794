"""Quantum-resource curves of the battery along a charging trajectory (review sec. 4).

From the reduced battery states rho_B(t): von Neumann entropy (for a pure global state, the
entanglement entropy between the battery and the rest, e.g. the charger), purity, the l1-norm and
relative-entropy coherence in the eigenbasis of H_B (Baumgratz, Cramer & Plenio, PRL 113,
140401 (2014)), and the coherent/incoherent split of the ergotropy (Francica et al., PRL 125,
180603 (2020)). H_B is diagonalised once for all of them.
"""

from __future__ import annotations

import numpy as np

from qbattery.linalg import LevelSpectrum
from qbattery.metrics.passivity import energetics, incoherent_ergotropy
from qbattery.metrics.resources import (
    l1_coherence,
    purity,
    relative_entropy_coherence,
    von_neumann_entropy,
)
from qbattery.validation import as_array

__all__ = ["resource_curves"]


def resource_curves(
    battery_states: np.ndarray,
    h_battery: np.ndarray,
    spectrum: LevelSpectrum | None = None,
    *,
    ergotropy: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Resource measures of each battery state, shape (n, d_B, d_B) -> dict of (n,) arrays.

    Parameters
    ----------
    battery_states : array (n, d_B, d_B)
        Valid density matrices (not checked again).
    h_battery : array (d_B, d_B)
        H_B, whose eigenbasis is the incoherent basis.
    spectrum : LevelSpectrum, optional
        Full-space levels of H_B for a reduced basis (:func:`~qbattery.metrics.ergotropy`).
    ergotropy : array (n,), optional
        The ergotropy of the same states if already computed (e.g. along the trajectory); the
        coherent part is ``ergotropy - incoherent_ergotropy`` (Francica et al.).

    Returns
    -------
    dict of arrays (n,)
        ``battery_entropy``, ``battery_purity``, ``l1_coherence``,
        ``relative_entropy_coherence``, ``incoherent_ergotropy``, ``coherent_ergotropy``.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resource_curves import resource_curves
    >>> states = np.array([np.diag([1.0, 0.0]), np.full((2, 2), 0.5)])
    >>> curves = resource_curves(states, np.diag([0.0, 1.0]))
    >>> np.round(curves["coherent_ergotropy"], 12)
    array([0. , 0.5])
    """
    states = battery_states
    basis = np.linalg.eigh(as_array(h_battery, "h_battery"))
    incoherent = np.asarray(
        incoherent_ergotropy(states, h_battery, spectrum=spectrum, validate=False, eigenbasis=basis)
    )
    total = np.asarray(
        energetics(states, h_battery, spectrum=spectrum, validate=False, eigenbasis=basis).ergotropy
        if ergotropy is None
        else ergotropy
    )
    curves = {
        "battery_entropy": von_neumann_entropy(states, validate=False),
        "battery_purity": purity(states, validate=False),
        "l1_coherence": l1_coherence(states, h_battery, validate=False, eigenbasis=basis),
        "relative_entropy_coherence": relative_entropy_coherence(
            states, h_battery, validate=False, eigenbasis=basis
        ),
        "incoherent_ergotropy": incoherent,
        "coherent_ergotropy": total - incoherent,
    }
    return {name: np.asarray(values) for name, values in curves.items()}
