"""The results of an experiment-file sweep stored in a directory: ``data.nc``, ``report.html``
and the summary (with the ``[sweep.study]``), written from the store.

:func:`finish_sweep` follows :func:`qbattery.sweep.experiments.run_experiment_sweep` in
``qbattery sweep`` and in :func:`qbattery.gallery.reproduce`; :func:`report_sweep` rebuilds
the data file and the report of any sweep directory (``qbattery report DIR``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qbattery.experiment import Sweep, SweepPoint, versions
from qbattery.report.content import Table
from qbattery.report.sweep import sweep_report
from qbattery.sweep import SweepStore, sweep_tasks, to_dataset

__all__ = ["finish_sweep", "report_sweep", "sweep_study"]


def finish_sweep(
    out: str | Path,
    sweep: Sweep,
    points: Sequence[SweepPoint],
    *,
    tables: Sequence[Table] = (),
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Write ``data.nc`` and ``report.html`` of the sweep ``points`` stored in ``out``.

    Parameters
    ----------
    out : str or Path
        The sweep's directory, holding its ``store.sqlite``.
    sweep : Sweep
    points : sequence of SweepPoint
        ``sweep.points()``; the study runs when all of them are stored.
    tables, notes : sequence
        Shown first in the report (a gallery entry's comparison with its paper).

    Returns
    -------
    dict
        ``title``, ``identity``, ``points``, ``stored``, ``study`` (None unless every point is
        stored and the sweep has a study), ``report`` (its path), ``versions``.
    """
    out = Path(out)
    found = sweep_study(out, sweep, points)
    identity = found["identity"]
    dataset = to_dataset(out)
    dataset.to_netcdf(out / "data.nc", engine="scipy")
    provenance = {"store": str(out / "store.sqlite"), "identity": identity, **versions()}
    section = sweep.section.study
    fit_range = None
    if section is not None and section.fit_range is not None:
        fit_range = (float(section.fit_range[0]), float(section.fit_range[1]))
    report = sweep_report(
        out,
        dataset,
        provenance=provenance,
        study=None if section is None else section.kind,
        fit_range=fit_range,
        notes=notes,
        tables=tables,
    )
    return {
        "title": sweep.base.get("title"),
        "identity": identity,
        "points": len(points),
        "stored": found["stored"],
        "study": found["study"],
        "report": str(report),
        "versions": versions(),
    }


def sweep_study(out: str | Path, sweep: Sweep, points: Sequence[SweepPoint]) -> dict[str, Any]:
    """The study of the sweep ``points`` stored in ``out``.

    Returns
    -------
    dict
        ``identity`` (the store's identity hash), ``stored`` (how many of ``points`` are
        stored) and ``study`` (:meth:`Sweep.study`, None unless all are stored).
    """
    with SweepStore.open(Path(out)) as store:
        stored = {point.key: point for point in store.points()}
        identity = store.identity_hash()
    keys = [task.key for task in sweep_tasks([(p.coordinates, None) for p in points])]
    outputs = [stored[key].values for key in keys if key in stored]
    study = sweep.study(points, outputs) if len(outputs) == len(points) else None
    return {"identity": identity, "stored": len(outputs), "study": study}


def report_sweep(out: str | Path) -> Path:
    """Rebuild ``data.nc`` and ``report.html`` of the sweep stored in ``out`` from its store."""
    out = Path(out)
    with SweepStore.open(out) as store:
        identity = store.identity_hash()
    dataset = to_dataset(out)
    dataset.to_netcdf(out / "data.nc", engine="scipy")
    provenance = {"store": str(out / "store.sqlite"), "identity": identity, **versions()}
    return sweep_report(out, dataset, provenance=provenance)
