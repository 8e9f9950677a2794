"""Disorder averages over seeded random realisations, with their error bars.

A disordered model (random SYK couplings, random fields on a spin chain) is studied through
averages over realisations of its randomness. :func:`disorder_average` runs a function of a
:class:`numpy.random.Generator` once per realisation and returns the per-realisation values,
their mean and the standard error of that mean, together with the seed of every realisation.

Seeds. The master ``seed`` is turned into a :class:`numpy.random.SeedSequence`, which is
``spawn``-ed into one independent child per realisation (NumPy's recommended way to make
independent streams). Child ``k`` yields one 64-bit integer, ``seeds[k]``, and realisation
``k`` is run with ``numpy.random.default_rng(seeds[k])``. The integer alone therefore rebuilds
realisation ``k``, e.g. ``models.syk(n, seed=int(average.seeds[k]))`` is the battery of that
realisation. The same master seed always gives the same realisations, in the same order.

Error bars. With ``R`` realisations of values ``x_r``, the mean is ``sum_r x_r / R`` and its
standard error is ``s / sqrt(R)`` with the sample standard deviation
``s = sqrt(sum_r (x_r - mean)^2 / (R - 1))`` (undefined, reported as NaN, for ``R = 1``).

>>> import numpy as np
>>> average = disorder_average(lambda rng: rng.normal(), realisations=4, seed=7)
>>> average.values.shape, len(average.seeds)
((4,), 4)
>>> bool(np.isclose(average.mean, average.values.mean()))
True
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.progress import Progress
from qbattery.validation import non_negative_int, positive_int

__all__ = ["DisorderAverage", "disorder_average", "realisation_seeds"]


@dataclass(frozen=True, repr=False)
class DisorderAverage:
    """Values of a random quantity over seeded realisations, and their average.

    Attributes
    ----------
    values : numpy.ndarray of shape (R, ...)
        ``values[k]`` is the function's value in realisation ``k`` (float64).
    seeds : numpy.ndarray of shape (R,), dtype uint64
        ``numpy.random.default_rng(int(seeds[k]))`` was the generator of realisation ``k``.
    entropy : int or tuple of int
        Entropy of the master :class:`numpy.random.SeedSequence` (the master seed itself for
        an integer seed).
    spawn_key : tuple of int
        Spawn key of the master sequence (empty for an integer seed). With ``entropy`` it
        rebuilds the master: ``SeedSequence(entropy, spawn_key=spawn_key)``.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> average = qb.disorder_average(lambda rng: rng.normal(), realisations=4, seed=7)
    >>> average.values.shape, bool(np.isclose(average.mean, average.values.mean()))
    ((4,), True)
    """

    values: np.ndarray
    seeds: np.ndarray
    entropy: int | tuple[int, ...]
    spawn_key: tuple[int, ...]

    @property
    def realisations(self) -> int:
        """Number of realisations R."""
        return int(self.values.shape[0])

    @property
    def mean(self) -> Any:
        """Mean over realisations: a float, or an array of the value's shape."""
        return self.values.mean(axis=0)[()]

    @property
    def standard_deviation(self) -> Any:
        """Sample standard deviation over realisations (``R - 1`` in the denominator); NaN if
        R = 1."""
        if self.realisations < 2:
            return np.full(self.values.shape[1:], np.nan)[()]
        return self.values.std(axis=0, ddof=1)[()]

    @property
    def standard_error(self) -> Any:
        """Standard error of the mean, ``standard_deviation / sqrt(R)``; NaN if R = 1."""
        return (np.asarray(self.standard_deviation) / math.sqrt(self.realisations))[()]

    def summary(self) -> dict[str, Any]:
        """Mean, spread and provenance, JSON-serialisable (arrays as nested lists).

        Examples
        --------
        The standard error is the sample standard deviation over ``sqrt(R)``:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> average = qb.disorder_average(lambda rng: rng.normal(), realisations=4, seed=7)
        >>> summary = average.summary()
        >>> error, spread = summary["standard_error"], summary["standard_deviation"]
        >>> summary["realisations"], bool(np.isclose(error, spread / 2))
        (4, True)
        """
        return {
            "mean": np.asarray(self.mean).tolist(),
            "standard_deviation": np.asarray(self.standard_deviation).tolist(),
            "standard_error": np.asarray(self.standard_error).tolist(),
            "realisations": self.realisations,
            "entropy": self.entropy,
            "spawn_key": list(self.spawn_key),
        }

    def to_xarray(self) -> Any:
        """Values over ``realisation`` (with each one's seed as a coordinate), mean and error.

        The value's own axes are named ``axis_0, axis_1, ...``; rename them to what they mean.

        Examples
        --------
        >>> import qbattery as qb
        >>> average = qb.disorder_average(lambda rng: rng.normal(), realisations=4, seed=7)
        >>> dataset = average.to_xarray()
        >>> dataset.sizes["realisation"], "seed" in dataset.coords
        (4, True)
        """
        import xarray as xr

        axes = tuple(f"axis_{k}" for k in range(self.values.ndim - 1))
        data = {
            "values": (("realisation", *axes), self.values, {"long_name": "value per realisation"}),
            "mean": (axes, np.asarray(self.mean), {"long_name": "mean over realisations"}),
            "standard_error": (
                axes,
                np.asarray(self.standard_error),
                {"long_name": "standard error of the mean"},
            ),
        }
        coords = {
            "realisation": np.arange(self.realisations),
            "seed": ("realisation", self.seeds, {"long_name": "numpy.random.default_rng seed"}),
        }
        attrs = {
            "realisations": self.realisations,
            "entropy": repr(self.entropy),
            "spawn_key": repr(self.spawn_key),
        }
        return xr.Dataset(data, coords=coords, attrs=attrs)

    def __repr__(self) -> str:
        mean, error = np.asarray(self.mean), np.asarray(self.standard_error)
        if mean.ndim == 0:
            summary = f"mean={float(mean):.6g} +/- {float(error):.2g}"
        else:
            summary = f"values of shape {mean.shape}"
        return (
            f"DisorderAverage({summary}; realisations={self.realisations}, "
            f"entropy={self.entropy}, spawn_key={self.spawn_key})"
        )


def _master_sequence(seed: Any) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, np.random.Generator):
        raise QBatteryTypeError(
            "seed: a Generator's future draws cannot be recorded as a seed; pass an integer "
            "(or a numpy.random.SeedSequence) so that every realisation can be rebuilt"
        )
    return np.random.SeedSequence(non_negative_int(seed, "seed"))


def realisation_seeds(seed: int | np.random.SeedSequence, realisations: int) -> np.ndarray:
    """The integer seeds of ``realisations`` realisations spawned from ``seed``.

    Child ``k`` of ``SeedSequence(seed).spawn(realisations)`` gives the 64-bit integer
    ``generate_state(1, numpy.uint64)[0]`` (module docstring). A SeedSequence passed as
    ``seed`` is not modified: its children are those ``spawn`` gives on a fresh copy, so the
    same sequence always yields the same seeds.

    Parameters
    ----------
    seed : int >= 0 or numpy.random.SeedSequence
        The master seed.
    realisations : int
        Number of realisations R >= 1.

    Returns
    -------
    numpy.ndarray of shape (R,), dtype uint64

    Examples
    --------
    >>> bool(realisation_seeds(3, 5)[0] == realisation_seeds(3, 2)[0])
    True
    """
    count = positive_int(realisations, "realisations")
    master = _master_sequence(seed)
    children = [
        np.random.SeedSequence(
            master.entropy, spawn_key=(*master.spawn_key, k), pool_size=master.pool_size
        )
        for k in range(count)
    ]
    return np.array([child.generate_state(1, np.uint64)[0] for child in children], np.uint64)


def _realisation(
    function: Callable[[np.random.Generator], Any], k: int, seed: int, rows: list[np.ndarray]
) -> np.ndarray:
    """Realisation ``k``'s value, checked real, finite and of the same shape as the first."""
    value = np.asarray(function(np.random.default_rng(seed)))
    if np.iscomplexobj(value) and np.any(value.imag != 0):
        raise QBatteryValueError(
            f"function: realisation {k} returned a complex value; return real numbers "
            "(e.g. take .real of an expectation value)"
        )
    value = np.asarray(value.real, dtype=np.float64)
    if rows and value.shape != rows[0].shape:
        raise QBatteryValueError(
            f"function: realisation {k} returned shape {value.shape}, realisation 0 "
            f"returned {rows[0].shape}; return values of one fixed shape"
        )
    if not np.all(np.isfinite(value)):
        raise QBatteryValueError(
            f"function: realisation {k} (seed {seed}) returned NaN or infinite values; check "
            "that realisation on its own"
        )
    return value


def disorder_average(
    function: Callable[[np.random.Generator], Any],
    realisations: int,
    seed: int | np.random.SeedSequence,
    *,
    progress: bool | None = None,
) -> DisorderAverage:
    """Run ``function(rng)`` over seeded realisations; mean, standard error and all values.

    Parameters
    ----------
    function : callable numpy.random.Generator -> float or array
        One realisation: draws its randomness from the generator it is given and returns a
        real number or a real array of a fixed shape.
    realisations : int
        Number of realisations R >= 1 (R >= 2 for a standard error).
    seed : int >= 0 or numpy.random.SeedSequence
        Master seed; realisation ``k`` uses ``default_rng(seeds[k])`` with the seeds of
        :func:`realisation_seeds` (module docstring).
    progress : bool, optional
        A progress bar over the realisations (:class:`qbattery.progress.Progress`; by default
        on a terminal for averages projected to take more than a few seconds).

    Returns
    -------
    DisorderAverage

    Raises
    ------
    QBatteryValueError
        If the function returns values of different shapes, complex values or NaN/inf.

    Examples
    --------
    >>> average = disorder_average(lambda rng: rng.uniform(size=2), 3, seed=1)
    >>> average.values.shape, np.shape(average.standard_error)
    ((3, 2), (2,))
    """
    if not callable(function):
        raise QBatteryTypeError(
            f"function: expected a callable f(rng) -> float or array, got {type(function).__name__}"
        )
    master = _master_sequence(seed)
    seeds = realisation_seeds(master, realisations)
    rows: list[np.ndarray] = []
    with Progress("disorder average", total=len(seeds), show=progress) as bar:
        for k, realisation_seed in enumerate(seeds):
            rows.append(_realisation(function, k, int(realisation_seed), rows))
            bar.advance()
    entropy = master.entropy
    return DisorderAverage(
        values=np.stack(rows),
        seeds=seeds,
        entropy=(
            int(entropy)
            if isinstance(entropy, int | np.integer)
            else tuple(int(e) for e in np.atleast_1d(entropy))  # type: ignore[arg-type]
        ),
        spawn_key=tuple(int(k) for k in master.spawn_key),
    )
