"""A gallery entry as data: its experiment file, the paper it reproduces, and the comparison.

An :class:`Entry` names a TOML experiment file shipped in ``qbattery/gallery/entries/``, the
paper's citation, the reduced axes of its quick run, and a function that compares the stored
sweep with the paper's stated numbers or scalings and with an independent computation, giving
one :class:`Check` per compared quantity.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

__all__ = ["COMPARISON_COLUMNS", "Check", "Entry", "Outcome"]

#: Columns of the comparison table (CSV, JSON and report), in order.
COMPARISON_COLUMNS = (
    "quantity",
    "reference",
    "source",
    "expected",
    "tolerance",
    "value",
    "passed",
    "note",
)


@dataclass(frozen=True)
class Check:
    """One compared quantity: our ``value`` against an ``expected`` one from ``source``.

    Attributes
    ----------
    quantity : str
        What is compared, e.g. "exponent of Gamma(N)".
    reference : str
        The statement compared with, as the paper (or the independent method) gives it.
    source : {"paper", "closed form", "QuTiP"}
        Where ``expected`` comes from.
    expected : float
    tolerance : float
        ``kind="within"``: passes when ``|value - expected| <= tolerance``; ``kind="above"``:
        passes when ``value >= expected + tolerance``.
    value : float
        Ours.
    kind : {"within", "above"}
    checked : bool
        False for a paper's scaling at the reduced sizes of a quick run: reported, not judged.
    note : str
    """

    quantity: str
    reference: str
    source: Literal["paper", "closed form", "QuTiP"]
    expected: float
    tolerance: float
    value: float
    kind: Literal["within", "above"] = "within"
    checked: bool = True
    note: str = ""

    @property
    def passed(self) -> bool | None:
        """Whether the check holds (None when it is not judged)."""
        if not self.checked:
            return None
        if self.kind == "above":
            return bool(self.value >= self.expected + self.tolerance)
        return bool(abs(self.value - self.expected) <= self.tolerance)

    def row(self) -> dict[str, Any]:
        """The check as a row of :data:`COMPARISON_COLUMNS`."""
        tolerance = f">= +{self.tolerance:g}" if self.kind == "above" else f"± {self.tolerance:g}"
        return {
            "quantity": self.quantity,
            "reference": self.reference,
            "source": self.source,
            "expected": self.expected,
            "tolerance": tolerance,
            "value": self.value,
            "passed": "not judged (quick)" if self.passed is None else self.passed,
            "note": self.note,
        }


@dataclass(frozen=True)
class Outcome:
    """What a comparison receives: the stored sweep and its study.

    Attributes
    ----------
    dataset : xarray.Dataset
        The sweep's points (:func:`qbattery.sweep.to_dataset`).
    study : dict or None
        The ``[sweep.study]`` results (:func:`qbattery.report.finish_sweep`).
    document : dict
        The sweep's base experiment document.
    quick : bool
        Whether this is the reduced run.
    """

    dataset: Any
    study: Mapping[str, Any] | None
    document: Mapping[str, Any]
    quick: bool


@dataclass(frozen=True)
class Entry:
    """A reproduction of a published result.

    Attributes
    ----------
    name : str
        The ``qbattery reproduce NAME`` name; the file is ``entries/{name}.toml``.
    citation : str
        Authors, title, journal reference.
    claim : str
        The paper's result reproduced, in one sentence.
    compare : callable
        ``compare(outcome) -> list of Check``.
    quick : mapping
        ``[sweep]`` values replaced in a quick run (``{"axes": {...}}``,
        ``{"realisations": k}``): fewer points, same identity, so a later full run into the
        same directory resumes it.
    unconfirmed : sequence of str
        What could not be confirmed from the paper's text (shown on the page and the report).
    """

    name: str
    citation: str
    claim: str
    compare: Callable[[Outcome], list[Check]]
    quick: Mapping[str, Any] = field(default_factory=dict)
    unconfirmed: Sequence[str] = ()

    def text(self) -> str:
        """The entry's experiment file."""
        return (
            resources.files("qbattery.gallery")
            .joinpath(f"entries/{self.name}.toml")
            .read_text(encoding="utf-8")
        )
