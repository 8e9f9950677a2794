"""Seeded disorder averages against NumPy computed directly.

References: ``numpy.mean`` and ``numpy.std(ddof=1) / sqrt(R)`` of the same values; the seeds from
``numpy.random.SeedSequence(seed).spawn(R)`` as NumPy documents it; a realisation re-run on its
own from its recorded seed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.studies.disorder import disorder_average, realisation_seeds

#: Means and standard deviations of a few numbers, computed in a different order: round-off.
EXACT = 1e-12


def draw(rng: np.random.Generator) -> float:
    """One realisation: a random number and a non-linear function of further draws."""
    return float(rng.normal() + np.sin(rng.uniform(size=3)).sum())


def test_mean_and_standard_error_match_numpy() -> None:
    average = disorder_average(draw, 12, seed=11)
    values = average.values
    assert values.shape == (12,) and average.realisations == 12
    assert average.mean == pytest.approx(np.mean(values), abs=EXACT)
    assert average.standard_deviation == pytest.approx(np.std(values, ddof=1), abs=EXACT)
    assert average.standard_error == pytest.approx(
        np.std(values, ddof=1) / math.sqrt(12), abs=EXACT
    )
    assert "realisations=12" in repr(average)


def test_seeds_are_spawned_from_the_master_seed() -> None:
    average = disorder_average(draw, 5, seed=2024)
    children = np.random.SeedSequence(2024).spawn(5)
    expected = [child.generate_state(1, np.uint64)[0] for child in children]
    assert average.seeds.dtype == np.uint64
    assert average.seeds.tolist() == [int(s) for s in expected]
    assert average.entropy == 2024 and average.spawn_key == ()
    # each realisation is rebuilt from its recorded seed alone
    for k, seed in enumerate(average.seeds):
        assert average.values[k] == draw(np.random.default_rng(int(seed)))


def test_same_seed_same_values_different_seed_different_values() -> None:
    first = disorder_average(draw, 6, seed=3)
    again = disorder_average(draw, 6, seed=3)
    other = disorder_average(draw, 6, seed=4)
    np.testing.assert_array_equal(first.values, again.values)
    np.testing.assert_array_equal(first.seeds, again.seeds)
    assert not np.any(first.values == other.values)
    # fewer realisations from the same seed are the first ones of the longer run
    np.testing.assert_array_equal(disorder_average(draw, 2, seed=3).values, first.values[:2])


def test_seed_sequence_input_is_not_consumed() -> None:
    master = np.random.SeedSequence(9, spawn_key=(2,))
    first = disorder_average(draw, 3, master)
    second = disorder_average(draw, 3, master)
    np.testing.assert_array_equal(first.values, second.values)
    assert first.entropy == 9 and first.spawn_key == (2,)
    expected = [
        c.generate_state(1, np.uint64)[0]
        for c in np.random.SeedSequence(9, spawn_key=(2,)).spawn(3)
    ]
    assert realisation_seeds(master, 3).tolist() == [int(s) for s in expected]


def test_array_values_are_averaged_elementwise() -> None:
    average = disorder_average(lambda rng: rng.normal(size=(2, 3)), 7, seed=5)
    assert average.values.shape == (7, 2, 3)
    np.testing.assert_allclose(average.mean, average.values.mean(axis=0), atol=EXACT, rtol=0)
    np.testing.assert_allclose(
        average.standard_error,
        average.values.std(axis=0, ddof=1) / math.sqrt(7),
        atol=EXACT,
        rtol=0,
    )


def test_one_realisation_has_no_error_bar() -> None:
    average = disorder_average(draw, 1, seed=0)
    assert average.mean == average.values[0]
    assert math.isnan(average.standard_error) and math.isnan(average.standard_deviation)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: disorder_average(draw, 0, seed=1), QBatteryValueError, "realisations"),
        (lambda: disorder_average(draw, 3, seed=-1), QBatteryValueError, "seed"),
        (lambda: disorder_average(draw, 3, seed=1.5), QBatteryTypeError, "seed"),
        (
            lambda: disorder_average(draw, 3, seed=np.random.default_rng(1)),  # type: ignore[arg-type]
            QBatteryTypeError,
            "seed",
        ),
        (lambda: disorder_average(3.0, 3, seed=1), QBatteryTypeError, "function"),  # type: ignore[arg-type]
        (lambda: disorder_average(lambda rng: np.nan, 2, seed=1), QBatteryValueError, "NaN"),
        (lambda: disorder_average(lambda rng: 1j, 2, seed=1), QBatteryValueError, "complex"),
    ],
)
def test_bad_input_names_the_argument(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()


def test_values_of_changing_shape_are_refused() -> None:
    shapes = iter([1, 2])
    with pytest.raises(QBatteryValueError, match="realisation 1 returned shape"):
        disorder_average(lambda rng: np.zeros(next(shapes)), 2, seed=1)


def test_results_explain_themselves() -> None:
    average = disorder_average(lambda rng: rng.normal(size=2), 4, seed=3)
    data = average.to_xarray()
    np.testing.assert_allclose(data["values"].values, average.values, atol=0, rtol=0)
    np.testing.assert_allclose(
        data["mean"].values, np.mean(average.values, axis=0), atol=EXACT, rtol=0
    )
    assert data["seed"].values.tolist() == realisation_seeds(3, 4).tolist()
    summary = average.summary()
    assert summary["realisations"] == 4 and len(summary["mean"]) == 2
    assert len(repr(average)) < 200
