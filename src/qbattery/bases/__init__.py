"""Symmetry-reduced bases: the symmetric Dicke subspace, excitation sectors, parity sectors."""

from qbattery.bases.parity import excitation_parity, excitation_parity_sector
from qbattery.bases.sectors import ExcitationSector
from qbattery.bases.symmetric import symmetric_level_spectrum

__all__ = [
    "ExcitationSector",
    "excitation_parity",
    "excitation_parity_sector",
    "symmetric_level_spectrum",
]
