"""The benchmark harness: run a case's implementations interleaved, time them, check agreement.

A :class:`Case` names several :class:`Implementation` objects computing the same quantity (for
example ``"qbattery"``, ``"qutip_loop"`` and ``"floor"``), one of which is the reference for the
agreement check, and the :class:`Ratio` objects to report between their median times.

:func:`run_case` then

1. calls every implementation once as a warm-up; these results are the ones checked for agreement
   (after the implementation's optional, untimed ``postprocess``);
2. times ``repeat`` rounds, each calling every implementation once, rotating the order from
   round to round so that no implementation always runs just after the same neighbour (caches,
   CPU frequency and the neighbours on a shared machine drift during a run, and interleaving
   spreads that drift over all implementations alike);
3. optionally measures each implementation's peak traced memory in a separate, untimed call
   (``tracemalloc`` slows Python code down, so it never overlaps the timings).

Like :mod:`timeit`, each timed call runs with the garbage collector disabled (after a collection),
so that a collection triggered by one implementation's garbage is not billed to the next.
Quote ratios, not absolute times: the machines are shared and noisy.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "Agreement",
    "Case",
    "CaseResult",
    "Implementation",
    "Ratio",
    "RatioResult",
    "Timing",
    "run_case",
]


@dataclass(frozen=True)
class Implementation:
    """One way of computing a case's quantity.

    Parameters
    ----------
    func : callable
        Zero-argument callable doing exactly the timed work and returning its result.
    compare : bool
        Whether the result is checked against the reference. Set ``False`` for an implementation
        that computes only part of the quantity and has no ``postprocess`` to complete it.
    postprocess : callable, optional
        Turns ``func``'s result into the quantity compared with the reference, outside the timed
        region (e.g. a floor that only diagonalises, completed into an ergotropy afterwards).
    description : str
        One line saying what the implementation does, for the report.
    """

    func: Callable[[], Any]
    compare: bool = True
    postprocess: Callable[[Any], np.ndarray] | None = None
    description: str = ""


@dataclass(frozen=True)
class Ratio:
    """A ratio of two implementations' median times, with an optional target.

    ``value = median(numerator) / median(denominator)``; the target is met when
    ``at_least <= value <= at_most`` for whichever bounds are given.
    """

    label: str
    numerator: str
    denominator: str
    at_least: float | None = None
    at_most: float | None = None

    def target(self) -> str:
        """The target as text, e.g. ``">= 4"``, or ``""`` when there is none."""
        parts = []
        if self.at_least is not None:
            parts.append(f">= {self.at_least:g}")
        if self.at_most is not None:
            parts.append(f"<= {self.at_most:g}")
        return " and ".join(parts)

    def met(self, value: float) -> bool | None:
        """Whether ``value`` meets the target; ``None`` when there is no target."""
        if self.at_least is None and self.at_most is None:
            return None
        low_ok = self.at_least is None or value >= self.at_least
        high_ok = self.at_most is None or value <= self.at_most
        return low_ok and high_ok


@dataclass(frozen=True)
class Case:
    """A benchmark case: implementations of one quantity, its reference, tolerance and ratios.

    Parameters
    ----------
    name : str
        Registry name, used by ``--only``.
    description : str
        What is computed, on what sizes, for the report.
    implementations : mapping of str to Implementation
        In display order.
    reference : str
        Name of the implementation whose result the others are compared with.
    atol : float
        Largest allowed ``max |result - reference|``.
    ratios : tuple of Ratio
        Ratios of median times to report.
    parameters : mapping
        Sizes, seeds and other settings, recorded in the JSON.
    repeat : int
        Default number of timed rounds (the command line may override it).
    measure_memory : bool
        Measure each implementation's peak traced memory (``tracemalloc``) in an extra call.
    """

    name: str
    description: str
    implementations: Mapping[str, Implementation]
    reference: str
    atol: float
    ratios: tuple[Ratio, ...] = ()
    parameters: Mapping[str, Any] = field(default_factory=dict)
    repeat: int = 7
    measure_memory: bool = False

    def __post_init__(self) -> None:
        names = set(self.implementations)
        if self.reference not in names:
            raise ValueError(f"{self.name}: reference {self.reference!r} is not an implementation")
        if not self.implementations[self.reference].compare:
            raise ValueError(f"{self.name}: the reference {self.reference!r} must be compared")
        for ratio in self.ratios:
            missing = {ratio.numerator, ratio.denominator} - names
            if missing:
                raise ValueError(f"{self.name}: ratio {ratio.label!r} names unknown {missing}")


@dataclass(frozen=True)
class Timing:
    """Wall-clock times of one implementation, in seconds."""

    times: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def minimum(self) -> float:
        return min(self.times)


@dataclass(frozen=True)
class Agreement:
    """Agreement of one implementation's result with the reference's."""

    max_abs_diff: float
    atol: float

    @property
    def ok(self) -> bool:
        return bool(self.max_abs_diff <= self.atol)  # False for NaN


@dataclass(frozen=True)
class RatioResult:
    """A measured ratio and whether it meets its target (``None``: no target)."""

    ratio: Ratio
    value: float
    met: bool | None


@dataclass(frozen=True)
class CaseResult:
    """Everything measured for one case."""

    case: Case
    repeat: int
    timings: dict[str, Timing]
    agreement: dict[str, Agreement | None]
    ratios: list[RatioResult]
    peak_memory: dict[str, int] | None

    @property
    def agrees(self) -> bool:
        """Whether every compared implementation agrees with the reference."""
        return all(a is None or a.ok for a in self.agreement.values())


def _time_once(func: Callable[[], Any]) -> float:
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        func()
        return time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def _max_abs_diff(result: Any, reference: Any) -> float:
    result, reference = np.asarray(result), np.asarray(reference)
    if result.shape != reference.shape:
        return float("inf")
    if result.size == 0:
        return 0.0
    return float(np.max(np.abs(result - reference)))


def _peak_memory(func: Callable[[], Any]) -> int:
    """Peak bytes traced by ``tracemalloc`` (NumPy buffers included) during one call."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run_case(
    case: Case,
    *,
    repeat: int | None = None,
    log: Callable[[str], None] | None = None,
) -> CaseResult:
    """Run, time and check one case; see the module docstring for the protocol.

    Parameters
    ----------
    case : Case
    repeat : int, optional
        Timed rounds; default ``case.repeat``.
    log : callable, optional
        Receives one-line progress messages.
    """
    repeat = case.repeat if repeat is None else repeat
    if repeat < 1:
        raise ValueError(f"repeat: must be at least 1, got {repeat}")
    say = log or (lambda _message: None)
    names = list(case.implementations)

    say(f"{case.name}: warm-up")
    outputs = {name: case.implementations[name].func() for name in names}

    times: dict[str, list[float]] = {name: [] for name in names}
    for round_index in range(repeat):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(_time_once(case.implementations[name].func))
        say(f"{case.name}: round {round_index + 1}/{repeat}")
    timings = {name: Timing(tuple(times[name])) for name in names}

    reference_impl = case.implementations[case.reference]
    reference = outputs[case.reference]
    if reference_impl.postprocess is not None:
        reference = reference_impl.postprocess(reference)
    agreement: dict[str, Agreement | None] = {}
    for name in names:
        impl = case.implementations[name]
        if not impl.compare:
            agreement[name] = None
            continue
        result = outputs[name] if impl.postprocess is None else impl.postprocess(outputs[name])
        agreement[name] = Agreement(_max_abs_diff(result, reference), case.atol)

    ratios = []
    for ratio in case.ratios:
        value = timings[ratio.numerator].median / timings[ratio.denominator].median
        ratios.append(RatioResult(ratio, value, ratio.met(value)))

    peak_memory = None
    if case.measure_memory:
        say(f"{case.name}: peak memory")
        peak_memory = {name: _peak_memory(case.implementations[name].func) for name in names}

    return CaseResult(case, repeat, timings, agreement, ratios, peak_memory)
