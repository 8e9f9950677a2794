"""``reproduce(name, out_dir)``: a gallery entry's experiment file run like ``qbattery sweep``,
then compared with its paper.

The entry's file is copied to ``out_dir/{name}.toml`` and swept from there through
:func:`qbattery.sweep.experiments.run_experiment_sweep` into ``out_dir/store.sqlite`` (a run
resumes, and ``qbattery sweep out_dir/{name}.toml --out ...`` sweeps it further); then
``data.nc``, ``comparison.csv``, ``comparison.json``, ``summary.json``, ``figures/*.png`` and
``report.html`` with the comparison table first.
"""

from __future__ import annotations

import csv
import difflib
import json
import tomllib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qbattery.errors import QBatteryValueError
from qbattery.experiment import Source, Sweep, validate
from qbattery.gallery.adiabatic import SANTOS_2019
from qbattery.gallery.capacity import YANG_2023
from qbattery.gallery.entry import COMPARISON_COLUMNS, Check, Entry, Outcome
from qbattery.gallery.light_matter import CRESCENTE_2020, FERRARO_2018, XU_2024
from qbattery.gallery.local_work import CASTELLANO_2024
from qbattery.gallery.many_body import LE_2018, ROSSINI_2020
from qbattery.gallery.measurement import GHERARDINI_2020, MITCHISON_2021
from qbattery.gallery.open_batteries import BARRA_2019, KAMIN_2020, KAMIN_2020_CHARGING
from qbattery.gallery.remote import SONG_2024
from qbattery.gallery.work_and_bounds import ANDOLINA_2019, BINDER_2015
from qbattery.report import Table, finish_sweep, sweep_study
from qbattery.sweep import to_dataset
from qbattery.sweep.experiments import run_experiment_sweep

__all__ = ["ENTRIES", "Reproduction", "entry", "entry_names", "reproduce", "sweep_of"]

#: Every entry by name, in the gallery's order.
ENTRIES: dict[str, Entry] = {
    e.name: e
    for e in (
        FERRARO_2018,
        XU_2024,
        CRESCENTE_2020,
        LE_2018,
        ROSSINI_2020,
        BINDER_2015,
        ANDOLINA_2019,
        BARRA_2019,
        YANG_2023,
        SANTOS_2019,
        KAMIN_2020,
        KAMIN_2020_CHARGING,
        GHERARDINI_2020,
        MITCHISON_2021,
        SONG_2024,
        CASTELLANO_2024,
    )
}


def entry_names() -> list[str]:
    """The names ``qbattery reproduce --list`` prints.

    Examples
    --------
    >>> from qbattery.gallery.runner import entry_names
    >>> entry_names()  # doctest: +NORMALIZE_WHITESPACE
    ['ferraro2018_dicke', 'xu2024_fixed_field', 'crescente2020_two_photon', 'le2018_xxz_chain',
     'rossini2020_syk', 'binder2015_global_charging', 'andolina2019_extractable_work',
     'barra2019_dissipative', 'yang2023_capacity', 'santos2019_stirap', 'kamin2020_non_markovian',
     'kamin2020_charging', 'gherardini2020_zeno', 'mitchison2021_feedback', 'song2024_waveguide',
     'castellano2024_extended_local_ergotropy']
    """
    return list(ENTRIES)


def entry(name: str) -> Entry:
    """The entry called ``name``; an unknown name is an error naming the closest ones.

    Examples
    --------
    >>> from qbattery.gallery.runner import entry
    >>> entry("ferraro2018_dicke").name
    'ferraro2018_dicke'
    >>> entry("ferraro")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: name: no gallery entry 'ferraro'; did you mean ...
    """
    if name in ENTRIES:
        return ENTRIES[name]
    close = [known for known in ENTRIES if known.startswith(name)]
    close = close or difflib.get_close_matches(name, ENTRIES, n=3)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise QBatteryValueError(
        f"name: no gallery entry {name!r}; {hint}qbattery reproduce --list names them all"
    )


@dataclass(frozen=True)
class Reproduction:
    """A finished reproduction: where it is, its checks and its summary.

    Examples
    --------
    What :func:`reproduce` returns; one with a single passed check:

    >>> from pathlib import Path
    >>> from qbattery.gallery.entry import Check
    >>> check = Check("exponent of P_max(N)", "Ferraro et al. (2018)", "paper", 1.5, 0.05, 1.49)
    >>> done = Reproduction("ferraro2018_dicke", Path("out"), (check,), {"passed": True})
    >>> done.name, [c.passed for c in done.checks]
    ('ferraro2018_dicke', [True])
    """

    name: str
    directory: Path
    checks: tuple[Check, ...]
    summary: dict[str, Any]

    @property
    def passed(self) -> bool:
        """Whether every judged check holds."""
        return all(check.passed is not False for check in self.checks)

    def __repr__(self) -> str:
        failed = sum(check.passed is False for check in self.checks)
        return f"Reproduction({self.name}: {len(self.checks)} checks, {failed} failed)"


def sweep_of(name: str, file: Path, *, quick: bool = False) -> Sweep:
    """The entry's sweep, its file written to ``file`` (the quick one with fewer points).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qbattery.gallery.runner import sweep_of
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     sweep = sweep_of("le2018_xxz_chain", pathlib.Path(folder) / "le.toml", quick=True)
    >>> type(sweep).__name__, len(sweep.points()) > 0
    ('Sweep', True)
    """
    found = entry(name)
    text = found.text()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    document = tomllib.loads(text)
    if quick:
        section = document["sweep"]
        for key, value in found.quick.items():
            section[key] = {**section[key], **value} if key == "axes" else value
    sweep = validate(document, Source.read(file, text))
    assert isinstance(sweep, Sweep)  # every entry file has a [sweep] table
    return sweep


def _write_table(out: Path, checks: list[Check]) -> list[dict[str, Any]]:
    rows = [check.row() for check in checks]
    with (out / "comparison.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COMPARISON_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    (out / "comparison.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return rows


def reproduce(
    name: str, out_dir: str | Path, *, quick: bool = False, progress: bool | None = False
) -> Reproduction:
    """Run the gallery entry ``name`` into ``out_dir`` and compare it with its paper.

    Parameters
    ----------
    name : str
        One of :func:`entry_names`.
    out_dir : str or Path
        Created if missing; running again resumes the stored points.
    quick : bool
        Fewer sizes (and realisations): a check of the path and of the independent
        computations; the paper's scalings are reported but not judged.
    progress : bool, optional
        The sweep's progress bar (None: on an interactive terminal).

    Returns
    -------
    Reproduction

    Examples
    --------
    The quick version of an entry (fewer sizes) in about half a second; the checks compare it
    with the paper, a closed form or QuTiP:

    >>> import tempfile
    >>> from qbattery.gallery.runner import reproduce
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     reproduction = reproduce("crescente2020_two_photon", folder, quick=True)
    >>> sorted({check.source for check in reproduction.checks})
    ['QuTiP', 'paper']
    """
    out = Path(out_dir)
    found = entry(name)
    file = out / f"{name}.toml"
    sweep = sweep_of(name, file, quick=quick)
    points, run = run_experiment_sweep(sweep, out, file=file, progress=progress)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        study = sweep_study(out, sweep, points)["study"]
        checks = found.compare(Outcome(to_dataset(out), study, sweep.base, quick))
    rows = _write_table(out, checks)
    table = Table(
        f"Comparison with {found.citation}",
        COMPARISON_COLUMNS,
        tuple(tuple(row[c] for c in COMPARISON_COLUMNS) for row in rows),
    )
    notes = [
        f"{found.claim} ({found.citation})",
        f"Run again or further with: qbattery reproduce {name} --out DIR, or qbattery sweep "
        f"{file} --out DIR",
        *found.unconfirmed,
    ]
    if quick:
        notes.append("Quick run: the paper's scalings need the full sizes and are not judged.")
    notes += list(dict.fromkeys(str(warning.message) for warning in caught))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the study's fit warnings, in the notes already
        summary = finish_sweep(out, sweep, points, tables=[table], notes=notes)
    summary.update(
        entry=name,
        citation=found.citation,
        quick=quick,
        comparison=rows,
        run={
            "points": run.points,
            "computed": run.computed,
            "skipped": run.skipped,
            "seconds": run.seconds,
        },
    )
    (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    return Reproduction(name, out, tuple(checks), summary)
