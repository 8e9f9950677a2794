"""Oscillating factors ``cos(E t - s)`` and ``exp(-i E t)`` on a time grid, with few trigonometric
calls.

A propagator in an eigenbasis needs one such factor per eigenvalue and grid time, and NumPy's
cosine of a double costs about ten times a product. On a uniform grid ``t_k = t_0 + k h`` the
angle addition theorem

    exp(i(E t_(a+j) - s)) = exp(i(E t_a - s)) exp(i E j h)

gives every factor from the direct values at one anchor every :data:`STRIDE` points and a
table of ``exp(i E j h)``, ``j < STRIDE``, made once per step ``h``: one product per factor
instead of a cosine. Each value differs from the direct evaluation by a few units in the last
place, plus ``|E|`` times the grid's departure from uniform spacing, which is checked to be at
most :data:`UNIFORM` times the largest time (the rounding of ``t`` itself); otherwise, or
without a step, the factors are evaluated directly.
"""

from __future__ import annotations

import numpy as np

__all__ = ["STRIDE", "UNIFORM", "Oscillations", "uniform_step"]

#: Grid points per anchor: the table has ``STRIDE`` columns, the anchors ``1 / STRIDE`` of the
#: points.
STRIDE = 16

#: Largest departure of a grid from uniform spacing, relative to its largest time, for which
#: the anchored evaluation is used (a few units in the last place: ``linspace``'s rounding).
UNIFORM = 16 * np.finfo(float).eps


def uniform_step(times: np.ndarray) -> float | None:
    """The step ``h`` of a uniform grid (``t_k = t_0 + k h`` within :data:`UNIFORM`), else None.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.oscillations import uniform_step
    >>> uniform_step(np.linspace(0.0, 2.0, 5))
    0.5
    >>> uniform_step(np.array([0.0, 1.0, 3.0])) is None
    True
    """
    if times.size < 2:
        return None
    step = float(times[-1] - times[0]) / (times.size - 1)
    return step if _on_grid(times, step) else None


def _on_grid(times: np.ndarray, step: float) -> bool:
    scale = float(np.max(np.abs(times))) + abs(step)
    ideal = times[0] + step * np.arange(times.size)
    return bool(np.max(np.abs(times - ideal)) <= UNIFORM * scale)


class Oscillations:
    """``r cos(E t - s)`` and ``exp(-i E t)`` for fixed frequencies ``E`` (moduli ``r``, shifts
    ``s``) on grids of step ``step`` (module docstring); shape ``(len(E), len(t))``.

    Parameters
    ----------
    energies : (d,) float array
        The frequencies ``E``.
    shifts, moduli : (d,) float arrays, optional
        The phases ``s`` (default zero) and moduli ``r`` (default one) of :meth:`cosines`.
    step : float, optional
        The step of the grids the factors will be asked on; without it every factor is
        evaluated directly.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.oscillations import Oscillations
    >>> energies, t = np.array([0.3, -2.0]), np.linspace(0.0, 5.0, 41)
    >>> anchored = Oscillations(energies, np.array([0.1, 0.0]), step=0.125).cosines(t)
    >>> direct = np.cos(np.outer(energies, t) - np.array([[0.1], [0.0]]))
    >>> bool(np.max(np.abs(anchored - direct)) < 1e-14)
    True
    """

    def __init__(
        self,
        energies: np.ndarray,
        shifts: np.ndarray | None = None,
        step: float | None = None,
        moduli: np.ndarray | None = None,
    ) -> None:
        self.energies = np.asarray(energies, dtype=float)
        self.shifts = np.zeros(self.energies.size) if shifts is None else np.asarray(shifts)
        self.moduli = np.ones(self.energies.size) if moduli is None else np.asarray(moduli)
        self.step = step
        self._table: np.ndarray | None = None
        if step is not None:
            self._table = np.exp(1j * np.outer(self.energies, step * np.arange(STRIDE)))

    def _anchored(self, t: np.ndarray) -> bool:
        step = self.step
        return step is not None and t.size > STRIDE and _on_grid(t, step)

    def cosines(self, t: np.ndarray) -> np.ndarray:
        """``r cos(E t - s)``: shape (d, len(t)).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.oscillations import Oscillations
        >>> Oscillations(np.array([np.pi]), step=0.5).cosines(np.array([0.0, 1.0]))
        array([[ 1., -1.]])
        """
        if not self._anchored(t):
            return self.moduli[:, None] * np.cos(np.outer(self.energies, t) - self.shifts[:, None])
        angles = np.outer(self.energies, t[::STRIDE]) - self.shifts[:, None]
        anchors = self.moduli[:, None] * np.exp(1j * angles)
        return self._spread(anchors, t.size, real=True)

    def phases(self, t: np.ndarray) -> np.ndarray:
        """``exp(-i E t)``: shape (d, len(t)).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.oscillations import Oscillations
        >>> np.round(Oscillations(np.array([np.pi / 2]), step=1.0).phases(np.array([1.0])), 12)
        array([[0.-1.j]])
        """
        if not self._anchored(t):
            return np.exp(-1j * np.outer(self.energies, t))
        anchors = np.exp(-1j * np.outer(self.energies, t[::STRIDE]))
        return self._spread(anchors, t.size, real=False)

    def _spread(self, anchors: np.ndarray, size: int, real: bool) -> np.ndarray:
        """Every point from its anchor and the table: one complex product each, or its real
        part ``Re a Re w - Im a Im w`` (written in place, contiguous) if ``real``."""
        assert self._table is not None
        rows, groups = anchors.shape
        if not real:
            out = anchors[:, :, None] * np.conj(self._table)[:, None, :]
            return out.reshape(rows, groups * STRIDE)[:, :size]
        cosines = np.empty((rows, groups, STRIDE))
        np.multiply(anchors.real[:, :, None], self._table.real[:, None, :], out=cosines)
        cosines -= anchors.imag[:, :, None] * self._table.imag[:, None, :]
        return cosines.reshape(rows, groups * STRIDE)[:, :size]
