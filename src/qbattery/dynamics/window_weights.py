"""Expansion weights of every Chebyshev window of a constant piece, from one Bessel table.

The phase-free rows of a window (:meth:`~qbattery.dynamics.expansion.ChebyshevPropagator.
phase_free_rows`) give the kets at its grid times through real weights
``w_k(s) = (2 - delta_k0) (-1)^floor(k/2) J_k(w s)`` (:func:`~qbattery.dynamics.expansion.
phase_free_weights`), ``s`` the time since the window's start. :class:`WindowWeights` builds
them for all windows of a piece in one Bessel recurrence over all their times (one vector
operation per order, instead of one recurrence per window), optionally on a worker thread
while the first window's rows are computed.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from qbattery.dynamics.expansion import ChebyshevPropagator, chebyshev_order, phase_free_weights

__all__ = ["WindowWeights"]


class WindowWeights:
    """Weights of every window of a piece, rebuilt for the remaining windows if the
    propagator rescales its spectrum (a level found outside its bounds).

    Parameters
    ----------
    grids : list of (index, relative)
        Per window, the grid indices it observes and their times relative to its start, with
        the window's length appended (the weights of that last time carry the state on).

    Examples
    --------
    ``exp(-i sigma_x s)|g>`` at the ends of two windows of length 0.5 (the centre of the
    spectrum is 0, so no phase is left out):

    >>> import numpy as np
    >>> from qbattery.dynamics.expansion import ChebyshevPropagator
    >>> from qbattery.dynamics.window_weights import WindowWeights
    >>> propagator = ChebyshevPropagator(np.array([[0.0, 1.0], [1.0, 0.0]]))
    >>> grid = (np.array([0]), np.array([0.25, 0.5]))
    >>> weights = WindowWeights([grid, grid])
    >>> rows = propagator.phase_free_rows(np.array([1.0, 0.0]), 0.5)
    >>> parts = weights.of(1, propagator, rows.shape[0])[-1] @ rows
    >>> np.round(parts, 6).tolist()   # cos 0.5, 0, 0, -sin 0.5
    [0.877583, 0.0, 0.0, -0.479426]
    """

    def __init__(self, grids: list[tuple[np.ndarray, np.ndarray]]) -> None:
        self.grids = grids
        self.table: np.ndarray | None = None
        self.half_width = np.nan
        self.first = 0
        self.offsets: list[int] = []
        self.pending: Future[None] | None = None

    def prepare(self, pool: ThreadPoolExecutor, propagator: ChebyshevPropagator) -> None:
        """Build the table for ``propagator``'s scaling on ``pool`` (:meth:`of` waits for it).

        Examples
        --------
        >>> from concurrent.futures import ThreadPoolExecutor
        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import ChebyshevPropagator
        >>> from qbattery.dynamics.window_weights import WindowWeights
        >>> propagator = ChebyshevPropagator(np.array([[0.0, 1.0], [1.0, 0.0]]))
        >>> weights = WindowWeights([(np.array([0]), np.array([0.0, 1.0]))])
        >>> with ThreadPoolExecutor(1) as pool:
        ...     weights.prepare(pool, propagator)
        ...     first = weights.of(0, propagator, 3)
        >>> first.shape, float(first[0, 0])       # at s = 0: J_0(0) = 1, the rest 0
        ((2, 3), 1.0)
        """
        self.pending = pool.submit(self._build, 0, propagator, 0)

    def _build(self, position: int, propagator: ChebyshevPropagator, order: int) -> None:
        # the scaling read once: the main thread may rescale the propagator meanwhile (a level
        # outside its bounds), and :meth:`of` then sees the old half-width and rebuilds
        half_width = propagator.half_width
        remaining = [relative for _, relative in self.grids[position:]]
        top = max(
            chebyshev_order(half_width, float(relative[-1]), propagator.tol)
            for relative in remaining
        )
        self.table = phase_free_weights(max(top, order), half_width, np.concatenate(remaining))
        self.half_width, self.first = half_width, position
        self.offsets = list(np.cumsum([0] + [r.size for r in remaining]))

    def of(self, position: int, propagator: ChebyshevPropagator, order: int) -> np.ndarray:
        """Weights (len(relative), order) of window ``position``.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import ChebyshevPropagator
        >>> from qbattery.dynamics.window_weights import WindowWeights
        >>> propagator = ChebyshevPropagator(np.array([[0.0, 1.0], [1.0, 0.0]]))
        >>> weights = WindowWeights([(np.array([0, 1]), np.array([0.1, 0.2, 0.3]))])
        >>> weights.of(0, propagator, 4).shape
        (3, 4)
        """
        if self.pending is not None:
            self.pending.result()
            self.pending = None
        if self.table is None or propagator.half_width != self.half_width:
            self._build(position, propagator, order)
        assert self.table is not None
        at = position - self.first
        return self.table[self.offsets[at] : self.offsets[at + 1], :order]
