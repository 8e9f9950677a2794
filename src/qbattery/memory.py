"""Memory a computation will need, checked before it is spent.

:func:`available_memory` reads what the operating system can still hand out (``MemAvailable`` of
``/proc/meminfo`` on Linux, the free physical pages elsewhere); :func:`require_memory` refuses a
computation whose estimate exceeds it with one line that names the argument, the size and what
fits, instead of NumPy's ``MemoryError`` from deep inside SciPy; :func:`warn_large` warns about a
large result that still fits.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from qbattery.errors import InsufficientMemoryError, LargeResultWarning

__all__ = ["LARGE_RESULT", "available_memory", "format_bytes", "require_memory", "warn_large"]

#: A result kept in memory above this size (bytes) is announced with a warning.
LARGE_RESULT = 2**30


def available_memory() -> int:
    """Bytes the system can still allocate (``MemAvailable``; free physical pages elsewhere).

    Examples
    --------
    >>> from qbattery.memory import available_memory
    >>> available_memory() > 0
    True
    """
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):  # pragma: no cover - unknown platform
        return 2**62


def format_bytes(size: float) -> str:
    """``size`` bytes in binary units, e.g. ``'659 GiB'``.

    Examples
    --------
    >>> format_bytes(3 * 2**30), format_bytes(1536)
    ('3 GiB', '1.5 KiB')
    """
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024 or unit == "PiB":
            return f"{value:.3g} {unit}"
        value /= 1024
    raise AssertionError  # pragma: no cover


def require_memory(needed: float, argument: str, what: str, fix: str) -> None:
    """Refuse a computation of ``needed`` bytes that would not fit in the available memory.

    The error reads ``"<argument>: <what> needs about <needed>, but <available> is available;
    <fix>"``; ``fix`` should name the largest size that fits and the way out.

    Examples
    --------
    A kilobyte fits; ``2**80`` bytes do not:

    >>> from qbattery.memory import require_memory
    >>> require_memory(1024, "n_max", "the propagator", "lower n_max")
    >>> require_memory(2.0**80, "n_max", "the propagator", "lower n_max")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.InsufficientMemoryError: n_max: the propagator needs about ...; lower n_max
    """
    available = available_memory()
    if needed > available:
        raise InsufficientMemoryError(
            f"{argument}: {what} needs about {format_bytes(needed)}, but "
            f"{format_bytes(available)} is available; {fix}"
        )


def warn_large(size: float, argument: str, what: str) -> None:
    """Warn that a result of ``size`` bytes above :data:`LARGE_RESULT` will be kept.

    Examples
    --------
    Nothing below :data:`LARGE_RESULT` (1 GiB); a ``LargeResultWarning`` above:

    >>> import warnings
    >>> from qbattery.memory import warn_large
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_large(1024, "times", "the stored states")
    ...     warn_large(2.0**31, "times", "the stored states")
    >>> [str(w.message) for w in caught]
    ['times: the stored states will take 2 GiB of memory']
    """
    if size > LARGE_RESULT:
        warnings.warn(
            f"{argument}: {what} will take {format_bytes(size)} of memory",
            LargeResultWarning,
            stacklevel=3,
        )
