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
    """Base class of every error raised by qbattery.

    Examples
    --------
    Every qbattery error can be caught as ``QBatteryError``:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.errors import QBatteryError
    >>> try:
    ...     qb.ergotropy(np.diag([0.5, 0.6]), np.diag([0.0, 1.0]))
    ... except QBatteryError as error:
    ...     type(error).__name__
    'NotDensityMatrixError'
    """


class QBatteryValueError(QBatteryError, ValueError):
    """An argument has the right type but an invalid value.

    Examples
    --------
    It is also a ``ValueError``:

    >>> from qbattery.validation import positive_real
    >>> positive_real(-1.0, "gamma")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: gamma: ...
    """


class QBatteryTypeError(QBatteryError, TypeError):
    """An argument has a type qbattery cannot use.

    Examples
    --------
    It is also a ``TypeError``:

    >>> from qbattery.errors import QBatteryTypeError
    >>> from qbattery.validation import finite_real
    >>> try:
    ...     finite_real("one", "gamma")
    ... except TypeError as error:
    ...     isinstance(error, QBatteryTypeError)
    True
    """


class DimensionError(QBatteryValueError):
    """Shapes or subsystem dimensions do not match.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> qb.ergotropy(np.eye(3) / 3, np.diag([0.0, 1.0]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.DimensionError: h: shape (2, 2) does not match the states' dimension 3; ...
    """


class NotHermitianError(QBatteryValueError):
    """An operator that must be Hermitian (a Hamiltonian, a density matrix) is not.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> qb.energy(np.diag([1.0, 0.0]), np.array([[0.0, 1.0], [0.0, 0.0]]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.NotHermitianError: h: ...
    """


class NotDensityMatrixError(QBatteryValueError):
    """A matrix is not positive semidefinite or does not have unit trace.

    Examples
    --------
    A trace of 1.1 is refused:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> qb.energy(np.diag([0.5, 0.6]), np.diag([0.0, 1.0]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.NotDensityMatrixError: rho: ...
    """


class InsufficientMemoryError(QBatteryError, MemoryError):
    """A computation would need more memory than the machine has available.

    Examples
    --------
    >>> from qbattery.memory import require_memory
    >>> require_memory(2.0**80, "n_max", "the propagator", "lower n_max")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.InsufficientMemoryError: n_max: the propagator needs about ...; lower n_max
    """


class LargeResultWarning(UserWarning):
    """A result that will be kept in memory is large (it still fits).

    Examples
    --------
    >>> import warnings
    >>> from qbattery.memory import warn_large
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_large(2.0**31, "times", "the stored states")
    >>> caught[0].category.__name__, str(caught[0].message)
    ('LargeResultWarning', 'times: the stored states will take 2 GiB of memory')
    """


class ConvergenceWarning(UserWarning):
    """A truncation (photon cut-off, hierarchy depth, Krylov dimension) may be too small.

    Examples
    --------
    A warning, not an error: catch it like any other.

    >>> import warnings
    >>> from qbattery.errors import ConvergenceWarning
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("n_max: the cut-off was populated", ConvergenceWarning)
    >>> caught[0].category.__name__
    'ConvergenceWarning'
    """
