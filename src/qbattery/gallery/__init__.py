"""The gallery: reproductions of published results, each an experiment file plus a comparison.

An entry (:class:`Entry`) is a TOML sweep shipped in ``qbattery/gallery/entries/`` and a
function comparing its results with the paper's stated numbers or scalings and with an
independent computation (QuTiP, a closed form). :func:`reproduce` runs it through the same path
as ``qbattery sweep`` and writes the data, figures, comparison table and report;
``qbattery reproduce NAME --out DIR`` is its command, ``qbattery reproduce --list`` lists
:func:`entry_names`. ``docs/gallery/`` has a page per entry.
"""

from qbattery.gallery.entry import COMPARISON_COLUMNS, Check, Entry, Outcome
from qbattery.gallery.runner import (
    ENTRIES,
    Reproduction,
    entry,
    entry_names,
    reproduce,
    sweep_of,
)

__all__ = [
    "COMPARISON_COLUMNS",
    "ENTRIES",
    "Check",
    "Entry",
    "Outcome",
    "Reproduction",
    "entry",
    "entry_names",
    "reproduce",
    "sweep_of",
]
