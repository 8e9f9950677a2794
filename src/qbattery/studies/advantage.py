"""Collective versus parallel charging (review sec. 3.2; Binder et al., NJP 17, 075015 (2015);
Ferraro et al., PRL 120, 117702 (2018)).

N identical cells charged independently ("parallel") store N times the work of one cell in the
same time, so their maximum average power is ``N P_max(cell)`` at the cell's optimal time. The
collective advantage is

    Gamma = P_max(collective) / (N P_max(cell)).

The scaling of ``P_max`` with N is fitted as a power law ``P_max = c N^alpha`` by least squares
on ``log P_max = alpha log N + log c``; the bound of Gyhm et al., PRL 128, 140501 (2022) limits
collective charging to ``alpha <= 2`` (the review's "exponential" is a slip:
docs/conventions.md, "Units and signs").
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.battery import Battery, check_battery
from qbattery.charge import charge
from qbattery.errors import ConvergenceWarning, QBatteryValueError
from qbattery.progress import Progress
from qbattery.results import POWER_UNITS, ChargingResult
from qbattery.validation import positive_int

__all__ = [
    "Advantage",
    "PowerLaw",
    "ScalingStudy",
    "collective_advantage",
    "fit_power_law",
    "scaling_study",
]


@dataclass(frozen=True, repr=False)
class Advantage:
    """Collective and parallel charging of the same number of cells, side by side.

    Attributes
    ----------
    n_cells : int
        N.
    collective, cell : ChargingResult
        The N-cell battery charged collectively, and one cell of the parallel arrangement.

    Examples
    --------
    For one cell the Dicke battery is the Rabi cell itself, so the advantage is exactly 1; with
    two atoms in one cavity it exceeds 1:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> times = np.linspace(0.0, 40.0, 201)
    >>> one = qb.collective_advantage(qb.models.dicke(1, 0.1), qb.models.rabi(0.1), 1, times)
    >>> two = qb.collective_advantage(qb.models.dicke(2, 0.1), qb.models.rabi(0.1), 2, times)
    >>> round(one.ratio, 12), bool(two.ratio > 1)
    (1.0, True)
    """

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

    def summary(self) -> dict[str, Any]:
        """The comparison's scalars, JSON-serialisable (energies, powers in model units).

        Examples
        --------
        Powers in units of omega_c^2 (energy ħω_c per time 1/ω_c), times in 1/ω_c:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> times = np.linspace(0.0, 40.0, 201)
        >>> dicke, rabi = qb.models.dicke(1, 0.1), qb.models.rabi(0.1)
        >>> summary = qb.collective_advantage(dicke, rabi, 1, times).summary()
        >>> summary["n_cells"], round(summary["collective_advantage"], 12)
        (1, 1.0)
        """
        return {
            "n_cells": self.n_cells,
            "collective_max_average_power": self.collective.max_average_power,
            "collective_optimal_time": self.collective.optimal_time,
            "parallel_max_average_power": self.parallel_max_average_power,
            "cell_optimal_time": self.cell.optimal_time,
            "collective_advantage": self.ratio,
            "collective_model": self.collective.model,
            "cell_model": self.cell.model,
        }

    def __repr__(self) -> str:
        return (
            f"Advantage(N={self.n_cells}: Gamma={self.ratio:.6g}, P_max collective "
            f"{self.collective.max_average_power:.6g}, parallel "
            f"{self.parallel_max_average_power:.6g})"
        )


#: Battery parameters that count the cells of a collective battery.
_SIZE_PARAMETERS = ("n_atoms", "n_cells", "n_spins", "n_sites")

#: Per-cell resources that a fair parallel cell shares with the collective battery.
_SHARED_PARAMETERS = ("omega_c", "omega_a", "omega", "charger")


def _check_resources(collective: Battery, cell: Battery, n_cells: int) -> None:
    """Refuse a cell whose recorded resources differ from the collective battery's."""
    big, small = collective.parameters, cell.parameters
    for name in _SIZE_PARAMETERS:
        if name in big and big[name] != n_cells:
            raise QBatteryValueError(
                f"n_cells: {n_cells}, but the collective battery has {name} = {big[name]}; "
                f"pass n_cells={big[name]}"
            )
    differing = [
        f"{name} = {small[name]!r} (collective {big[name]!r})"
        for name in _SHARED_PARAMETERS
        if name in big and name in small and big[name] != small[name]
    ]
    # the cell's coupling is the collective's per-cell coupling lambda (after any 1/sqrt(N))
    per_cell = big.get("effective_coupling", big.get("coupling"))
    if (
        "coupling" in small
        and per_cell is not None
        and not np.isclose(small["coupling"], per_cell, rtol=1e-12, atol=0.0)
    ):
        differing.append(f"coupling = {small['coupling']!r} (collective per cell {per_cell!r})")
    if differing:
        raise QBatteryValueError(
            f"cell: its resources differ from the collective battery's: {'; '.join(differing)}; "
            "build the cell with the same per-cell parameters (or pass check_resources=False)"
        )


def collective_advantage(
    collective: Battery,
    cell: Battery,
    n_cells: int,
    times: Any,
    *,
    check_resources: bool = True,
    **charge_options: Any,
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
    check_resources : bool
        Refuse, naming the parameter, a cell whose recorded frequencies, charger or coupling
        differ from the collective battery's per-cell ones, or an ``n_cells`` that differs from
        the collective battery's recorded size (``n_atoms``, ``n_spins``, ...).

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> times = np.linspace(0.0, 40.0, 801)
    >>> result = collective_advantage(qb.models.dicke(4, 0.1), qb.models.rabi(0.1), 4, times)
    >>> result.n_cells, bool(result.ratio > 1)
    (4, True)
    """
    n = positive_int(n_cells, "n_cells")
    collective, cell = check_battery(collective, "collective"), check_battery(cell, "cell")
    if check_resources:
        _check_resources(collective, cell, n)
    return Advantage(
        n, charge(collective, times, **charge_options), charge(cell, times, **charge_options)
    )


@dataclass(frozen=True)
class PowerLaw:
    """``y = prefactor * N^exponent`` fitted on the sizes ``fit_range[0] <= N <= fit_range[1]``.

    ``exponent_error`` is the standard error of the exponent from the residuals (NaN with two
    points); ``points`` the number of sizes used.

    Examples
    --------
    ``y = 3 N`` is fitted exactly:

    >>> from qbattery.studies.advantage import fit_power_law
    >>> law = fit_power_law([1, 2, 4, 8], [3.0, 6.0, 12.0, 24.0])
    >>> round(law.exponent, 12), round(law.prefactor, 12)
    (1.0, 3.0)
    """

    exponent: float
    exponent_error: float
    prefactor: float
    fit_range: tuple[float, float]
    points: int


#: The exponent fitted on the larger half of the sizes may differ from the full fit by this much
#: (or two standard errors) before the small sizes are said to dominate: finite-size curvature
#: below it is within what a few-point fit resolves.
SMALL_SIZE_TOLERANCE = 0.02


def _least_squares(n: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Slope, its standard error (NaN for two points) and intercept of ``log y`` on ``log N``."""
    if n.size == 2:
        slope, intercept = np.polyfit(np.log(n), np.log(y), 1)
        return float(slope), float("nan"), float(intercept)
    (slope, intercept), covariance = np.polyfit(np.log(n), np.log(y), 1, cov="unscaled")
    residuals = np.log(y) - (slope * np.log(n) + intercept)
    variance = float(residuals @ residuals) / (n.size - 2)
    return float(slope), float(np.sqrt(variance * covariance[0, 0])), float(intercept)


def fit_power_law(
    sizes: Any, values: Any, *, fit_range: tuple[float | None, float | None] | None = None
) -> PowerLaw:
    """Least-squares fit of ``log y = alpha log N + log c`` on the sizes in ``fit_range``.

    Parameters
    ----------
    sizes, values : array (n,)
        Positive sizes N and values y.
    fit_range : (low, high), optional
        Use only ``low <= N <= high`` (either end None for open); default all sizes.

    Returns
    -------
    PowerLaw
        With the range and number of points used.

    Warns
    -----
    ConvergenceWarning
        When the small sizes dominate: the exponent of the larger half of the sizes (at least
        three) differs from the fitted one by more than ``SMALL_SIZE_TOLERANCE`` and two
        standard errors. Finite-size corrections then bias the exponent (Ferraro's Dicke battery,
        ``P_max ~ sqrt(N)``, fits 0.42 on N = 1..10 but 0.48 on N = 5..10); the message gives
        the larger sizes' exponent and the ``fit_range`` to use.

    Examples
    --------
    >>> law = fit_power_law([1, 2, 4, 8], [3.0, 6.0, 12.0, 24.0])
    >>> round(law.exponent, 12), round(law.prefactor, 12), law.fit_range, law.points
    (1.0, 3.0, (1.0, 8.0), 4)
    """
    n = np.asarray(sizes, dtype=float)
    y = np.asarray(values, dtype=float)
    if n.shape != y.shape or n.ndim != 1:
        raise QBatteryValueError(
            f"sizes, values: need two 1-D arrays of equal length, got {n.shape}, {y.shape}"
        )
    if np.any(~np.isfinite(n)) or np.any(~np.isfinite(y)) or np.any(n <= 0) or np.any(y <= 0):
        raise QBatteryValueError(
            "sizes, values: a power law needs positive, finite sizes and values"
        )
    low, high = (None, None) if fit_range is None else fit_range
    keep = np.ones(n.shape, dtype=bool)
    if low is not None:
        keep &= n >= float(low)
    if high is not None:
        keep &= n <= float(high)
    n, y = n[keep], y[keep]
    if n.size < 2 or np.unique(n).size < 2:
        raise QBatteryValueError(
            f"fit_range: {fit_range} leaves {n.size} size(s); a power law needs at least two "
            "distinct sizes"
        )
    slope, error, intercept = _least_squares(n, y)
    order = np.argsort(n)
    upper = order[n.size // 2 :]
    if upper.size >= 3:
        upper_slope = _least_squares(n[upper], y[upper])[0]
        allowed = max(SMALL_SIZE_TOLERANCE, 2 * error if np.isfinite(error) else 0.0)
        if abs(upper_slope - slope) > allowed:
            first = float(n[upper[0]])
            warnings.warn(
                f"the small sizes dominate the power-law fit: exponent {slope:.3f} on "
                f"N = {n.min():g}..{n.max():g}, {upper_slope:.3f} on N >= {first:g}; pass "
                f"fit_range=({first:g}, None) or add larger sizes",
                ConvergenceWarning,
                stacklevel=2,
            )
    return PowerLaw(
        slope, error, float(np.exp(intercept)), (float(n.min()), float(n.max())), int(n.size)
    )


@dataclass(frozen=True, repr=False)
class ScalingStudy:
    """Collective vs. parallel charging over a range of sizes N, with power-law fits.

    ``collective`` and ``parallel`` hold ``P_max`` per size; ``advantage`` is Gamma(N);
    ``collective_fit`` and ``advantage_fit`` are ``P_max ~ N^alpha`` and ``Gamma ~ N^beta`` on
    the sizes in ``fit_range`` (all by default).

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> study = qb.scaling_study(lambda n: qb.models.dicke(n, 0.1), lambda n: qb.models.rabi(0.1),
    ...                          [1, 2], np.linspace(0.0, 40.0, 201))
    >>> study.sizes.tolist(), [round(r.ratio, 6) for r in study.results][0]
    ([1, 2], 1.0)
    """

    sizes: np.ndarray
    results: tuple[Advantage, ...]
    fit_range: tuple[float | None, float | None] | None = None

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
        return fit_power_law(self.sizes, self.collective, fit_range=self.fit_range)

    @property
    def advantage_fit(self) -> PowerLaw:
        return fit_power_law(self.sizes, self.advantage, fit_range=self.fit_range)

    def summary(self) -> dict[str, Any]:
        """Sizes, powers, advantages and the fitted exponents, JSON-serialisable.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> study = qb.scaling_study(lambda n: qb.models.dicke(n, 0.1),
        ...                          lambda n: qb.models.rabi(0.1),
        ...                          [1, 2], np.linspace(0.0, 40.0, 201))
        >>> summary = study.summary()
        >>> summary["sizes"], round(summary["collective_advantage"][0], 12)
        ([1, 2], 1.0)
        """
        out: dict[str, Any] = {
            "sizes": [int(n) for n in self.sizes],
            "collective_max_average_power": self.collective.tolist(),
            "parallel_max_average_power": self.parallel.tolist(),
            "collective_advantage": self.advantage.tolist(),
        }
        if len(self.sizes) >= 2:
            for name, law in (("power", self.collective_fit), ("advantage", self.advantage_fit)):
                out[f"{name}_scaling_exponent"] = law.exponent
                out[f"{name}_scaling_exponent_error"] = law.exponent_error
                out[f"{name}_fit_range"] = list(law.fit_range)
        return out

    def to_xarray(self) -> Any:
        """An ``xarray.Dataset`` over ``n_cells`` (integer sizes) with units in the attributes.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> study = qb.scaling_study(lambda n: qb.models.dicke(n, 0.1),
        ...                          lambda n: qb.models.rabi(0.1),
        ...                          [1, 2], np.linspace(0.0, 40.0, 201))
        >>> study.to_xarray()["n_cells"].values.tolist()
        [1, 2]
        """
        import xarray as xr

        power = {"units": POWER_UNITS}
        curves = {
            "collective_max_average_power": (
                "n_cells",
                self.collective,
                {**power, "long_name": "max average power, collective charging"},
            ),
            "parallel_max_average_power": (
                "n_cells",
                self.parallel,
                {**power, "long_name": "max average power, N parallel cells"},
            ),
            "collective_advantage": (
                "n_cells",
                self.advantage,
                {"units": "1", "long_name": "collective advantage Gamma"},
            ),
        }
        scalars = {k: v for k, v in self.summary().items() if not isinstance(v, list)}
        return xr.Dataset(
            curves,
            coords={"n_cells": ("n_cells", self.sizes, {"long_name": "number of cells N"})},
            attrs=scalars,
        )

    def __repr__(self) -> str:
        text = f"ScalingStudy(N = {', '.join(str(int(n)) for n in self.sizes)}"
        if len(self.sizes) >= 2:
            law = self.collective_fit
            text += f"; P_max ~ N^({law.exponent:.4g} +- {law.exponent_error:.2g})"
        return text + ")"


def scaling_study(
    collective: Callable[[int], Battery],
    cell: Callable[[int], Battery],
    sizes: Sequence[int],
    times: Callable[[int], np.ndarray] | np.ndarray,
    *,
    fit_range: tuple[float | None, float | None] | None = None,
    progress: bool | None = None,
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
    fit_range : (low, high), optional
        The sizes the power-law fits use (:func:`fit_power_law`); default all.
    progress : bool, optional
        A progress bar over the sizes (:class:`qbattery.progress.Progress`; by default on a
        terminal for scans projected to take more than a few seconds).

    Examples
    --------
    Dicke batteries of 1 and 2 atoms against 1 and 2 Rabi cells (the exponents need more sizes
    to mean anything; see :class:`ScalingStudy`):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> study = qb.scaling_study(lambda n: qb.models.dicke(n, 0.1), lambda n: qb.models.rabi(0.1),
    ...                          [1, 2], np.linspace(0.0, 40.0, 201))
    >>> len(study.results), round(study.results[0].ratio, 12)
    (2, 1.0)
    """
    ns = [positive_int(n, "sizes") for n in sizes]
    grid = times if callable(times) else (lambda n: times)
    results = []
    with Progress("scaling study", total=len(ns), show=progress) as bar:
        for n in ns:
            results.append(
                collective_advantage(collective(n), cell(n), n, grid(n), **charge_options)
            )
            bar.advance()
    return ScalingStudy(np.array(ns, dtype=int), tuple(results), fit_range)
