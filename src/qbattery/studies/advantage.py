"""Collective versus parallel charging (review sec. 3.2; Binder et al., NJP 17, 075015 (2015);
Ferraro et al., PRL 120, 117702 (2018)).

N identical cells charged independently ("parallel") store N times the work of one cell in the
same time, so their maximum average power is ``N P_max(cell)`` at the cell's optimal time. The
collective advantage is

    Gamma = P_max(collective) / (N P_max(cell)).

The scaling of ``P_max`` with N is fitted as a power law ``P_max = c N^alpha`` by least squares
on ``log P_max = alpha log N + log c``; the bound of Gyhm et al., PRL 128, 140501 (2022) limits
collective charging to ``alpha <= 2`` (the review's "exponential" is CONVENTIONS.md slip 3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.charge import charge
from qbattery.errors import QBatteryValueError
from qbattery.results import ChargingResult
from qbattery.validation import positive_int

__all__ = [
    "Advantage",
    "PowerLaw",
    "ScalingStudy",
    "collective_advantage",
    "fit_power_law",
    "scaling_study",
]


@dataclass(frozen=True)
class Advantage:
    """Collective and parallel charging of the same number of cells, side by side."""

    n_cells: int
    collective: ChargingResult
    cell: ChargingResult

    @property
    def parallel_max_average_power(self) -> float:
        """``N P_max(cell)``: N independent cells reach it at the cell's optimal time."""
        return self.n_cells * self.cell.max_average_power

    @property
    def ratio(self) -> float:
        """``Gamma = P_max(collective) / (N P_max(cell))``."""
        return self.collective.max_average_power / self.parallel_max_average_power


def collective_advantage(
    collective: Battery, cell: Battery, n_cells: int, times: Any, **charge_options: Any
) -> Advantage:
    """Charge the collective battery and one parallel cell on the same time grid.

    Parameters
    ----------
    collective : Battery
        The N-cell battery charged collectively (e.g. ``models.dicke(n_atoms=N, ...)``).
    cell : Battery
        One cell of the parallel arrangement (e.g. ``models.rabi(...)``), using the same
        per-cell resources (coupling, frequencies, one photon per cell).
    n_cells : int
        N.
    times : array
        Common time grid; ``charge_options`` go to :func:`qbattery.charge` for both.
    """
    return Advantage(
        positive_int(n_cells, "n_cells"),
        charge(collective, times, **charge_options),
        charge(cell, times, **charge_options),
    )


@dataclass(frozen=True)
class PowerLaw:
    """``y = prefactor * N^exponent`` with the standard error of the exponent."""

    exponent: float
    exponent_error: float
    prefactor: float


def fit_power_law(sizes: Any, values: Any) -> PowerLaw:
    """Least-squares fit of ``log y = alpha log N + log c``; alpha's standard error from the
    residuals (needs at least three sizes for an error, else the error is NaN)."""
    n = np.asarray(sizes, dtype=float)
    y = np.asarray(values, dtype=float)
    if n.shape != y.shape or n.ndim != 1 or n.size < 2:
        raise QBatteryValueError(
            f"sizes, values: need two 1-D arrays of equal length >= 2, got {n.shape}, {y.shape}"
        )
    if np.any(n <= 0) or np.any(y <= 0):
        raise QBatteryValueError("sizes, values: a power law needs positive sizes and values")
    if n.size == 2:
        slope, intercept = np.polyfit(np.log(n), np.log(y), 1)
        return PowerLaw(float(slope), float("nan"), float(np.exp(intercept)))
    (slope, intercept), covariance = np.polyfit(np.log(n), np.log(y), 1, cov="unscaled")
    residuals = np.log(y) - (slope * np.log(n) + intercept)
    variance = float(residuals @ residuals) / (n.size - 2)
    return PowerLaw(
        float(slope), float(np.sqrt(variance * covariance[0, 0])), float(np.exp(intercept))
    )


@dataclass(frozen=True)
class ScalingStudy:
    """Collective vs. parallel charging over a range of sizes N, with power-law fits.

    ``collective`` and ``parallel`` hold ``P_max`` per size; ``advantage`` is Gamma(N);
    ``collective_fit`` and ``advantage_fit`` are ``P_max ~ N^alpha`` and ``Gamma ~ N^beta``.
    """

    sizes: np.ndarray
    results: tuple[Advantage, ...]

    @property
    def collective(self) -> np.ndarray:
        return np.array([r.collective.max_average_power for r in self.results])

    @property
    def parallel(self) -> np.ndarray:
        return np.array([r.parallel_max_average_power for r in self.results])

    @property
    def advantage(self) -> np.ndarray:
        return np.array([r.ratio for r in self.results])

    @property
    def collective_fit(self) -> PowerLaw:
        return fit_power_law(self.sizes, self.collective)

    @property
    def advantage_fit(self) -> PowerLaw:
        return fit_power_law(self.sizes, self.advantage)


def scaling_study(
    collective: Callable[[int], Battery],
    cell: Callable[[int], Battery],
    sizes: Sequence[int],
    times: Callable[[int], np.ndarray] | np.ndarray,
    **charge_options: Any,
) -> ScalingStudy:
    """Gamma(N) and the scaling of P_max for every N in ``sizes`` (review sec. 3.2).

    Parameters
    ----------
    collective : callable N -> Battery
        The N-cell battery charged collectively, e.g. ``lambda n: models.dicke(n, 0.05)``;
        with ``coupling_scaling="inverse_sqrt"`` for the fixed-field-strength comparison.
    cell : callable N -> Battery
        One cell of the parallel battery with the same per-cell resources (its coupling may
        depend on N, e.g. ``lambda n: models.rabi(0.05 / sqrt(n))``).
    sizes : sequence of int
    times : array, or callable N -> array
        Time grid (per size if callable); ``charge_options`` go to :func:`qbattery.charge`.
    """
    ns = [positive_int(n, "sizes") for n in sizes]
    grid = times if callable(times) else (lambda n: times)
    return ScalingStudy(
        np.array(ns, dtype=float),
        tuple(
            collective_advantage(collective(n), cell(n), n, grid(n), **charge_options) for n in ns
        ),
    )
