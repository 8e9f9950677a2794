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
    A qubit ``diag(0, 1) + lambda sigma_x`` from ``|g>``: a constant ``a`` reaches the Rabi
    ergotropy ``4 a^2 / (1 + 4 a^2) sin^2(sqrt(1 + 4 a^2) T / 2)``, which the scan reproduces;
    the optimised protocol beats the best of them:

    >>> import qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
    >>> out = compare_with_constant(qubit, 3.0, bound=1.0, slices=8, scan=11)
    >>> a = np.linspace(-1.0, 1.0, 11)
    >>> rabi = 4 * a**2 / (1 + 4 * a**2) * np.sin(np.sqrt(1 + 4 * a**2) * 1.5) ** 2
    >>> best = round(abs(out.constant_amplitude), 12)
    >>> bool(np.allclose(out.constant_values, rabi, atol=1e-12)), best
    (True, 0.4)
    >>> bool(np.isclose(out.gain, out.optimised.value / rabi.max())), bool(out.gain > 2)
    (True, True)
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
        """One line: the best constant coupling, the optimised value and the gain.

        Examples
        --------
        >>> import qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
        >>> text = compare_with_constant(qubit, 3.0, bound=1.0, slices=8, scan=11).summary()
        >>> rabi = 0.64 / 1.64 * np.sin(np.sqrt(1.64) * 1.5) ** 2  # the best constant, |a| = 0.4
        >>> text.startswith(f"ergotropy at T = 3: best constant lambda = -0.4 gives {rabi:.6g}")
        True
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
