"""Excitation-number sectors: bases of product states with a distinct charger label each.

A model that conserves the number of excitations (rotating-wave models: Tavis-Cummings,
Jaynes-Cummings) never leaves the sector fixed by its initial state. In the Tavis-Cummings
battery with n photons and N atoms in |g>, the sector is spanned by ``|n - k>_C |k>_B``,
k = 0..min(n, N): N + 1 states instead of (n + 1)(N + 1) (CONVENTIONS.md; Ferraro et al.,
PRL 120, 117702 (2018)). Because every basis state carries a different charger label, the
reduced battery state is diagonal in the battery basis,

    rho_B = sum_i |psi_i|^2 |b_i><b_i|,

so the battery's energy and ergotropy follow from its populations alone, even when the battery
space is far too large for a dense reduced density matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.validation import positive_int

__all__ = ["ExcitationSector"]


@dataclass(frozen=True)
class ExcitationSector:
    """Which battery basis state ``b_i`` each sector basis state ``|r_i>|b_i>`` carries.

    Parameters
    ----------
    battery_index : int array (D,)
        ``b_i`` for every sector basis state, in ``0..battery_dimension - 1``.
    battery_dimension : int
        Dimension of the battery's own space (e.g. N + 1 in the symmetric Dicke subspace).
    """

    battery_index: np.ndarray
    battery_dimension: int

    def __post_init__(self) -> None:
        index = np.asarray(self.battery_index)
        size = positive_int(self.battery_dimension, "battery_dimension")
        if index.ndim != 1 or index.size == 0 or not np.issubdtype(index.dtype, np.integer):
            raise DimensionError("battery_index: need a non-empty 1-D integer array")
        if index.min() < 0 or index.max() >= size:
            raise QBatteryValueError(
                f"battery_index: labels must lie in 0..{size - 1}, got {index.min()}..{index.max()}"
            )
        object.__setattr__(self, "battery_index", index)
        object.__setattr__(self, "battery_dimension", size)

    @property
    def dimension(self) -> int:
        """Dimension D of the sector."""
        return int(self.battery_index.size)

    def embed(self, h_battery: np.ndarray | sp.spmatrix) -> sp.csr_matrix:
        """``H_B (x) 1`` restricted to the sector: ``diag(H_B[b_i, b_i])`` (distinct r_i).

        Raises if ``h_battery`` is not diagonal: the battery basis must be its eigenbasis.
        """
        matrix = sp.csr_matrix(h_battery)
        diagonal = matrix.diagonal()
        off_diagonal = matrix - sp.diags(diagonal)
        if off_diagonal.nnz and abs(off_diagonal).max() > 0:
            raise QBatteryValueError(
                "battery_hamiltonian: a sector battery needs H_B diagonal in the battery basis"
            )
        return sp.diags(diagonal[self.battery_index], format="csr").astype(np.complex128)

    def populations(self, weights: np.ndarray) -> np.ndarray:
        """Battery populations from sector weights |psi_i|^2 (or rho_ii): (n, D) -> (n, d_B)."""
        selection = sp.csr_matrix(
            (np.ones(self.dimension), (self.battery_index, np.arange(self.dimension))),
            shape=(self.battery_dimension, self.dimension),
        )
        return np.asarray((selection @ weights.T).T)
