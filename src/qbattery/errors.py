"""Exceptions and warnings raised by qbattery.

Every error derives from :class:`QBatteryError` and from the matching built-in exception, so
``except ValueError`` keeps working for callers who do not know qbattery. Messages name the
argument, say what was wrong (with the offending value or shape) and what to do instead.
"""

from __future__ import annotations

__all__ = [
    "ConvergenceWarning",
    "DimensionError",
    "InsufficientMemoryError",
    "LargeResultWarning",
    "NotDensityMatrixError",
    "NotHermitianError",
    "QBatteryError",
    "QBatteryTypeError",
    "QBatteryValueError",
]


class QBatteryError(Exception):
    """Base class of every error raised by qbattery."""


class QBatteryValueError(QBatteryError, ValueError):
    """An argument has the right type but an invalid value."""


class QBatteryTypeError(QBatteryError, TypeError):
    """An argument has a type qbattery cannot use."""


class DimensionError(QBatteryValueError):
    """Shapes or subsystem dimensions do not match."""


class NotHermitianError(QBatteryValueError):
    """An operator that must be Hermitian (a Hamiltonian, a density matrix) is not."""


class NotDensityMatrixError(QBatteryValueError):
    """A matrix is not positive semidefinite or does not have unit trace."""


class InsufficientMemoryError(QBatteryError, MemoryError):
    """A computation would need more memory than the machine has available."""


class LargeResultWarning(UserWarning):
    """A result that will be kept in memory is large (it still fits)."""


class ConvergenceWarning(UserWarning):
    """A truncation (photon cut-off, hierarchy depth, Krylov dimension) may be too small."""
