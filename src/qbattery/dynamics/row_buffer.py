"""Memory for the Chebyshev vectors of a ket, reused from window to window.

A window's vectors of a large battery take many MiB; a fresh array of that size is mapped
anew by the allocator and page-faults on first touch in every window. :class:`RowBuffer` keeps
one allocation per ket and hands out views of it (with the in-place recurrence of
:meth:`~qbattery.dynamics.expansion.ChebyshevPropagator.expansion`, a 10,001-state sector with
full states went from 5.8 s to 3.9 s; docs/benchmarks.md).
"""

from __future__ import annotations

import numpy as np

__all__ = ["RowBuffer"]


class RowBuffer:
    """Memory for the Chebyshev vectors of one ket, reused from window to window.

    :meth:`take` hands out a contiguous ``(order, d)`` array of the asked type over one byte
    buffer, grown (with 10% room) only when a window needs more.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.row_buffer import RowBuffer
    >>> buffer = RowBuffer()
    >>> first = buffer.take(3, 4, np.dtype(complex))
    >>> second = buffer.take(2, 4, np.dtype(float))
    >>> second.shape, np.shares_memory(first, second)
    ((2, 4), True)
    """

    def __init__(self) -> None:
        self._memory = np.empty(0, dtype=np.complex128)  # 16-byte aligned for either type

    def take(self, order: int, d: int, dtype: np.dtype) -> np.ndarray:
        """An uninitialised ``(order, d)`` array of ``dtype`` (float64 or complex128).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.row_buffer import RowBuffer
        >>> RowBuffer().take(2, 3, np.dtype(complex)).shape
        (2, 3)
        """
        items = -(-order * d * np.dtype(dtype).itemsize // 16)
        if self._memory.size < items:
            self._memory = np.empty(items + items // 10, dtype=np.complex128)
        return self._memory[:items].view(dtype)[: order * d].reshape(order, d)
