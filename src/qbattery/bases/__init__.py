"""Symmetry-reduced bases: the symmetric Dicke subspace, permutation-invariant blocks, excitation
sectors, parity labels. Pure index structures: nothing here knows a Battery
(:mod:`qbattery.reductions` restricts a battery to a sector)."""

from qbattery.bases.parity import excitation_parity
from qbattery.bases.permutational import PermutationalBlocks, dicke_degeneracy, permutational_blocks
from qbattery.bases.permutational_energetics import (
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
    "permutational_blocks",
    "permutational_energetics",
    "permutational_energetics_restricted",
    "symmetric_level_spectrum",
]

#: Names that moved out of this package and where they live now.
_MOVED = {"excitation_parity_sector": "qbattery.reductions"}


def __getattr__(name: str) -> object:
    """Keep moved names importable from here (PEP 562), pointing at their new home."""
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module 'qbattery.bases' has no attribute {name!r}")
