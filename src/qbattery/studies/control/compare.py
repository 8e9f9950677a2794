"""The gain of an optimised charging protocol over the best constant coupling.

A constant coupling ``lambda(t) = a`` with ``|a| <= lambda_max`` is what a model's own charging
does (``lambda = 1`` in qbattery's constructors); the fair reference for a protocol optimised
within the same amplitude bound is the best such constant at the same duration ``T``. It is
found on a grid of ``scan`` amplitudes in ``[-lambda_max, lambda_max]``, and the optimiser
starts from it, so the gain

    gain = J(optimised) / max_{|a| <= lambda_max} J(constant a)

is at least 1 up to the grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.studies.control.optimise import OptimisedProtocol, optimise_protocol
from qbattery.studies.control.problem import control_problem
from qbattery.validation import positive_int

__all__ = ["ProtocolComparison", "compare_with_constant"]


@dataclass(frozen=True)
class ProtocolComparison:
    """An optimised protocol against the best constant coupling at the same ``T``.

    Attributes
    ----------
    amplitudes, constant_values : array (scan,)
        The constant couplings tried and the objective each reaches at ``T``.
    constant_amplitude, constant_value : float
        The best of them.
    optimised : OptimisedProtocol
        Started from the best constant.

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
    >>> comparison = compare_with_constant(qubit, 1.0, bound=1.0, slices=4, scan=5)
    >>> comparison.amplitudes.tolist()
    [-1.0, -0.5, 0.0, 0.5, 1.0]
    """

    amplitudes: np.ndarray
    constant_values: np.ndarray
    constant_amplitude: float
    constant_value: float
    optimised: OptimisedProtocol

    @property
    def gain(self) -> float:
        """``optimised.value / constant_value`` (``inf`` when no constant charges at all)."""
        if self.constant_value <= 0:
            return float(np.inf)
        return self.optimised.value / self.constant_value

    def summary(self) -> str:
        """One line: the best constant, the optimised value and the gain.

        Examples
        --------
        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
        >>> compare_with_constant(qubit, 1.0, bound=1.0, slices=4, scan=5).summary()[:30]
        'ergotropy at T = 1: best const'
        """
        return (
            f"{self.optimised.objective} at T = {self.optimised.duration:.6g}: best constant "
            f"lambda = {self.constant_amplitude:.4g} gives {self.constant_value:.6g}, the "
            f"optimised protocol {self.optimised.value:.6g} (gain x{self.gain:.4g})"
        )


def compare_with_constant(
    battery: Battery,
    duration: float,
    *,
    bound: float,
    objective: str = "ergotropy",
    alpha: float = 0.5,
    slices: int = 20,
    basis: str = "piecewise",
    modes: int = 2,
    control: Any = None,
    scan: int = 21,
    max_iterations: int = 200,
) -> ProtocolComparison:
    """Optimise ``lambda(t)`` and compare it with the best constant ``|lambda| <= bound``.

    The arguments are those of :func:`~qbattery.studies.control.optimise_protocol` (at a fixed
    ``duration``); ``scan`` is the number of constant amplitudes tried, evenly spaced in
    ``[-bound, bound]``. Constants and the optimised protocol are evaluated by the same exact
    propagation (:mod:`~qbattery.studies.control.propagation`).

    Returns
    -------
    ProtocolComparison

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
    >>> comparison = compare_with_constant(qubit, 3.0, bound=1.0, slices=12)
    >>> bool(comparison.constant_value <= 0.8)       # Rabi: 4 a^2 / (1 + 4 a^2) <= 4/5
    True
    >>> bool(comparison.gain > 1.2)
    True
    """
    constant = control_problem(
        battery,
        duration,
        bound=bound,
        objective=objective,
        alpha=alpha,
        slices=1,
        control=control,
    )
    amplitudes = np.linspace(-bound, bound, positive_int(scan, "scan"))
    values = np.array([constant.value(np.array([a])) for a in amplitudes])
    best = int(np.argmax(values))
    optimised = optimise_protocol(
        battery,
        duration,
        bound=bound,
        objective=objective,
        alpha=alpha,
        slices=slices,
        basis=basis,
        modes=modes,
        control=control,
        initial=amplitudes[best],
        max_iterations=max_iterations,
    )
    return ProtocolComparison(
        amplitudes=amplitudes,
        constant_values=values,
        constant_amplitude=float(amplitudes[best]),
        constant_value=float(values[best]),
        optimised=optimised,
    )
