"""Symmetry-reduced bases: the symmetric Dicke subspace, permutation-invariant blocks, excitation
sectors, parity sectors."""

from qbattery.bases.parity import excitation_parity, excitation_parity_sector
from qbattery.bases.permutational import (
    PermutationalBlocks,
    dicke_degeneracy,
    permutational_blocks,
    permutational_energetics,
    permutational_energetics_restricted,
)
from qbattery.bases.sectors import ExcitationSector
from qbattery.bases.symmetric import symmetric_level_spectrum

__all__ = [
    "ExcitationSector",
    "PermutationalBlocks",
    "dicke_degeneracy",
    "excitation_parity",
    "excitation_parity_sector",
    "permutational_blocks",
    "permutational_energetics",
    "permutational_energetics_restricted",
    "symmetric_level_spectrum",
]
