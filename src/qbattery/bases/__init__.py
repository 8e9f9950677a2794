"""Symmetry-reduced bases: the symmetric Dicke subspace (more to come: PI blocks, sectors)."""

from qbattery.bases.symmetric import symmetric_level_spectrum

__all__ = ["symmetric_level_spectrum"]
