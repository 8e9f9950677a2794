"""Disorder averages of the SYK battery and the scaling of its power with N.

Every realisation is :func:`qbattery.models.syk.syk` with its own seed spawned from one master
seed (:func:`qbattery.studies.disorder.disorder_average`), so any realisation can be rebuilt
from the recorded seeds; the power-scaling exponent is fitted with
:func:`qbattery.studies.advantage.fit_power_law`
(Rossini et al., PRL 125, 236402 (2020): super-extensive P_max ~ N^(3/2)).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.charge import charge
from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.models.syk import checked_sites, syk
from qbattery.studies.advantage import PowerLaw, fit_power_law
from qbattery.studies.disorder import DisorderAverage, disorder_average
from qbattery.validation import non_negative_int, positive_real

__all__ = ["SYK_QUANTITIES", "SykAverage", "SykScaling", "syk_average", "syk_scaling"]

#: Figures of merit recorded per realisation by :func:`syk_average`, in this order.
SYK_QUANTITIES = ("max_average_power", "optimal_time", "energy_at_optimal_time")


@dataclass(frozen=True, repr=False)
class SykAverage:
    """Figures of merit of the SYK battery averaged over disorder realisations.

    ``n_sites``, ``coupling``, ``field`` are the battery's parameters (:func:`syk`), ``times``
    the grid and ``method`` the :func:`qbattery.charge` method of every run. ``samples.values[r]``
    holds the :data:`SYK_QUANTITIES` of realisation r and ``samples.seeds[r]`` its seed:
    ``syk(n_sites, coupling, field, seed=int(seed))`` rebuilds that realisation.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> average = qb.syk_average(4, np.linspace(0, 4, 41), realisations=2, seed=1)
    >>> average.n_sites, average.samples.values.shape[0]
    (4, 2)
    """

    n_sites: int
    coupling: float
    field: float
    times: np.ndarray
    samples: DisorderAverage
    method: str

    def _column(self, quantity: str) -> int:
        if quantity not in SYK_QUANTITIES:
            raise QBatteryValueError(
                f"quantity: unknown {quantity!r}; use one of {list(SYK_QUANTITIES)}"
            )
        return SYK_QUANTITIES.index(quantity)

    def values(self, quantity: str) -> np.ndarray:
        """Per-realisation values (R,) of one of :data:`SYK_QUANTITIES`.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> average = qb.syk_average(4, np.linspace(0, 4, 41), realisations=2, seed=1)
        >>> average.values("max_average_power").shape
        (2,)
        """
        return self.samples.values[:, self._column(quantity)]

    def mean(self, quantity: str) -> float:
        """Disorder mean of one of :data:`SYK_QUANTITIES`.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> average = qb.syk_average(4, np.linspace(0, 4, 41), realisations=2, seed=1)
        >>> bool(np.isclose(average.mean("optimal_time"), average.values("optimal_time").mean()))
        True
        """
        return float(self.samples.mean[self._column(quantity)])

    def standard_error(self, quantity: str) -> float:
        """Standard error of that mean (NaN for one realisation).

        Examples
        --------
        Sample standard deviation over ``sqrt(R)``:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> average = qb.syk_average(4, np.linspace(0, 4, 41), realisations=2, seed=1)
        >>> values = average.values("max_average_power")
        >>> expected = values.std(ddof=1) / np.sqrt(2)
        >>> bool(np.isclose(average.standard_error("max_average_power"), expected))
        True
        """
        return float(np.asarray(self.samples.standard_error)[self._column(quantity)])

    @property
    def max_average_power(self) -> float:
        """Disorder mean of ``P_max``."""
        return self.mean("max_average_power")

    @property
    def max_average_power_error(self) -> float:
        """Standard error of the disorder mean of ``P_max``."""
        return self.standard_error("max_average_power")

    @property
    def seeds(self) -> np.ndarray:
        """Seed of every realisation (R,)."""
        return self.samples.seeds

    def __repr__(self) -> str:
        return (
            f"SykAverage(n_sites={self.n_sites}, realisations={self.samples.realisations}: "
            f"max_average_power={self.max_average_power:.6g} +/- "
            f"{self.max_average_power_error:.2g}, optimal_time={self.mean('optimal_time'):.6g})"
        )


def syk_average(
    n_sites: int,
    times: Any,
    realisations: int,
    seed: int | np.random.SeedSequence,
    *,
    coupling: float = 1.0,
    field: float = 1.0,
    method: str = "auto",
    options: Mapping[str, Any] | None = None,
    progress: bool | None = None,
) -> SykAverage:
    """Charge ``realisations`` seeded SYK batteries; disorder means and standard errors.

    Each realisation is ``charge(syk(n_sites, coupling, field, seed=rng), times)`` with the
    generator of :func:`qbattery.studies.disorder.disorder_average`; its ``P_max``, optimal time and
    stored energy at the optimal time are recorded (:data:`SYK_QUANTITIES`).

    Parameters
    ----------
    n_sites : int
        N, 2..14.
    times : array (n,)
        Charging-time grid; it must reach past the optimal time.
    realisations : int
        Number of realisations R >= 1 (R >= 2 for error bars).
    seed : int >= 0 or numpy.random.SeedSequence
        Master seed (:mod:`qbattery.studies.disorder`).
    coupling, field, method, options
        As :func:`syk`; ``method`` and ``options`` go to :func:`qbattery.charge`.
    progress : bool, optional
        A progress bar over the realisations (:func:`disorder_average`).

    Returns
    -------
    SykAverage

    Examples
    --------
    >>> average = syk_average(4, np.linspace(0, 4, 81), realisations=2, seed=1)
    >>> average.samples.values.shape
    (2, 3)
    """
    n = checked_sites(n_sites)
    strength = positive_real(coupling, "coupling")
    h = positive_real(field, "field")
    grid = np.asarray(times, dtype=float)

    def realisation(rng: np.random.Generator) -> list[float]:
        result = charge(
            syk(n, strength, h, seed=rng), grid, method=method, options=options, ergotropy=False
        )
        return [result.max_average_power, result.optimal_time, result.energy_at_optimal_time]

    samples = disorder_average(realisation, realisations, seed, progress=progress)
    return SykAverage(n, strength, h, grid, samples, method)


@dataclass(frozen=True, repr=False)
class SykScaling:
    """Disorder-averaged ``P_max`` of the SYK battery against N, with a power-law fit.

    ``averages[s]`` is the :class:`SykAverage` of ``sizes[s]``, whose realisations were drawn
    from the master ``seed``'s child ``SeedSequence(seed, spawn_key=(s,))``.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> scaling = qb.syk_scaling([4, 6], np.linspace(0, 4, 41), realisations=2, seed=1)
    >>> scaling.fit.points, scaling.seed
    (2, 1)
    """

    sizes: np.ndarray
    averages: tuple[SykAverage, ...]
    seed: int

    @property
    def max_average_power(self) -> np.ndarray:
        """Disorder mean of ``P_max`` per size."""
        return np.array([a.max_average_power for a in self.averages])

    @property
    def max_average_power_error(self) -> np.ndarray:
        """Standard error of that mean per size."""
        return np.array([a.max_average_power_error for a in self.averages])

    @property
    def fit(self) -> PowerLaw:
        """``P_max = c N^alpha`` fitted to the disorder means (:func:`fit_power_law`); its
        ``exponent_error`` comes from the scatter of the points about the line."""
        return fit_power_law(self.sizes, self.max_average_power)

    @property
    def exponent_disorder_error(self) -> float:
        """Standard error of alpha propagated from the error bars of the means.

        The least-squares slope is ``alpha = sum_s w_s log P_s`` with
        ``w_s = (x_s - mean(x)) / sum_t (x_t - mean(x))^2``, ``x = log N``; independent
        realisations per size give ``var(alpha) = sum_s w_s^2 (dP_s / P_s)^2``.
        """
        x = np.log(self.sizes)
        weights = (x - x.mean()) / np.sum((x - x.mean()) ** 2)
        relative = self.max_average_power_error / self.max_average_power
        return float(np.sqrt(np.sum(weights**2 * relative**2)))

    def __repr__(self) -> str:
        fit = self.fit
        return (
            f"SykScaling(sizes={self.sizes.astype(int).tolist()}, exponent={fit.exponent:.4g} "
            f"+/- {fit.exponent_error:.2g} (fit) +/- {self.exponent_disorder_error:.2g} "
            f"(disorder), seed={self.seed})"
        )


def syk_scaling(
    sizes: Sequence[int],
    times: Callable[[int], Any] | Any,
    realisations: int,
    seed: int,
    *,
    coupling: float = 1.0,
    field: float = 1.0,
    method: str = "auto",
    options: Mapping[str, Any] | None = None,
) -> SykScaling:
    """:func:`syk_average` for every N in ``sizes`` and the fit ``P_max ~ N^alpha``.

    ``sizes``: at least two N (three for a fit error); ``times``: a grid, or a callable
    N -> grid; ``realisations`` per size; ``seed``: master seed (int >= 0), size number s
    drawing from ``SeedSequence(seed, spawn_key=(s,))``; the rest as :func:`syk_average`.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> scaling = qb.syk_scaling([4, 6], np.linspace(0, 4, 41), realisations=2, seed=1)
    >>> scaling.sizes.tolist(), len(scaling.averages), scaling.max_average_power.shape
    ([4.0, 6.0], 2, (2,))
    """
    if isinstance(sizes, str | bytes) or not isinstance(sizes, Sequence | np.ndarray):
        raise QBatteryTypeError(f"sizes: expected a sequence of integers, got {sizes!r}")
    ns = [checked_sites(n, "sizes") for n in sizes]
    if len(set(ns)) < 2:
        raise QBatteryValueError(f"sizes: need at least two different sizes to fit, got {ns}")
    master = non_negative_int(seed, "seed")
    grid = times if callable(times) else (lambda n: times)
    averages = tuple(
        syk_average(
            n,
            grid(n),
            realisations,
            np.random.SeedSequence(master, spawn_key=(s,)),
            coupling=coupling,
            field=field,
            method=method,
            options=options,
        )
        for s, n in enumerate(ns)
    )
    return SykScaling(np.array(ns, dtype=float), averages, master)
