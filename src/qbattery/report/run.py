"""The report of one charging run: its curves, figures of merit, parameters and provenance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qbattery.plotting import plot_charging, plot_ergotropy_vs_energy, plot_power
from qbattery.plotting.labels import DEFAULT_UNITS
from qbattery.report.content import ReportFigure, Table, format_units, new_figure
from qbattery.report.document import write_report
from qbattery.version import __version__

__all__ = ["FIGURES_OF_MERIT", "REPORT_FILE", "run_report"]

#: The report's file name in its output directory.
REPORT_FILE = "report.html"

#: Summary entries shown as figures of merit, each with the curve whose units it has.
FIGURES_OF_MERIT = {
    "max_average_power": "average_power",
    "optimal_time": "time",
    "energy_at_optimal_time": "energy",
    "ergotropy_at_optimal_time": "ergotropy",
    "max_energy": "energy",
}

#: Summary entries that the figures read (the curves' own attributes are overridden by them).
_OPTIMUM = ("max_average_power", "optimal_time", "energy_at_optimal_time")


def _units(dataset: Any, curve: str) -> str:
    if curve in dataset.variables and "units" in dataset[curve].attrs:
        return format_units(str(dataset[curve].attrs["units"]))
    return format_units(DEFAULT_UNITS.get(curve))


def _parameters(dataset: Any, summary: Mapping[str, Any]) -> Mapping[str, Any]:
    """The summary's ``parameters``, else the dataset's ``parameter_*`` attributes."""
    if isinstance(summary.get("parameters"), Mapping):
        return summary["parameters"]
    prefix = "parameter_"
    return {k[len(prefix) :]: v for k, v in dataset.attrs.items() if k.startswith(prefix)}


def _figures(dataset: Any, summary: Mapping[str, Any]) -> Mapping[str, Any]:
    """The figures of merit in the units of the curves: a dataset in laboratory units (a
    preset experiment's, with a ``platform`` attribute) states its own, others the summary's."""
    if "platform" in dataset.attrs:
        return {k: dataset.attrs[k] for k in FIGURES_OF_MERIT if k in dataset.attrs}
    return summary


def run_report(
    out_dir: str | Path,
    dataset: Any,
    summary: Mapping[str, Any],
    *,
    notes: Sequence[str] = (),
) -> Path:
    """Write ``report.html`` of one charging run, and its figures, into ``out_dir``.

    Parameters
    ----------
    out_dir : str or Path
        Created if missing; gets ``report.html`` and ``figures/*.png``.
    dataset : xarray.Dataset
        The run's curves over ``time`` (as :meth:`qbattery.ChargingResult.to_xarray`):
        ``energy`` and ``power``, optionally ``average_power`` and ``ergotropy``; units from
        their ``units`` attributes.
    summary : mapping
        The run's record (as ``summary.json``): figures of merit (``max_average_power``,
        ``optimal_time``, ``energy_at_optimal_time``, ``ergotropy_at_optimal_time``), optionally
        ``parameters``; everything else (``model``, ``method``, ``options``, ``versions``, ...)
        is shown as provenance. The figures mark the optimum the summary states (the
        dataset's own, in its units, when it is in laboratory units: a ``platform``
        attribute).
    notes : sequence of str
        Shown first, with the dataset's ``units`` note.

    Returns
    -------
    Path
        The report.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import qbattery.experiment as ex
    >>> from qbattery.report.run import run_report
    >>> result = ex.run(ex.validate({"model": {"name": "rabi", "coupling": 0.2},
    ...                              "times": {"stop": 10.0, "num": 101}}))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     page = run_report(folder, result.dataset(), result.summary())
    ...     page.name, page.exists()
    ('report.html', True)
    """
    out_dir = Path(out_dir)
    figures_of_merit = _figures(dataset, summary)
    dataset = dataset.assign_attrs(
        {k: figures_of_merit[k] for k in _OPTIMUM if k in figures_of_merit}
    )
    model = summary.get("model", dataset.attrs.get("model", "battery"))
    panels: list[tuple[str, Any, str]] = [
        ("charging", plot_charging, "Stored energy and ergotropy against time")
    ]
    if "power" in dataset.data_vars:  # a collision run has none between its collisions
        panels.append(("power", plot_power, "Instantaneous and average power, the optimum marked"))
    if "ergotropy" in dataset.data_vars:
        panels.append(
            ("ergotropy-energy", plot_ergotropy_vs_energy, "Ergotropy against stored energy")
        )
    figures = []
    for name, plot, caption in panels:
        figure, ax = new_figure()
        plot(dataset, ax)
        figures.append(ReportFigure(name, figure, caption))
    merits = Table(
        "Figures of merit",
        ("quantity", "value", "units"),
        tuple(
            (name.replace("_", " "), figures_of_merit[name], _units(dataset, curve))
            for name, curve in FIGURES_OF_MERIT.items()
            if name in figures_of_merit
        ),
    )
    provenance = {
        k: v for k, v in summary.items() if k not in FIGURES_OF_MERIT and k != "parameters"
    }
    provenance["report written by"] = f"qbattery {__version__}"
    units_note = dataset.attrs.get("units")
    return write_report(
        out_dir / REPORT_FILE,
        title=f"Charging run: {model}",
        parameters=_parameters(dataset, summary),
        provenance=provenance,
        figures=figures,
        tables=[merits],
        notes=[*notes, *([f"Units: {units_note}"] if units_note else [])],
    )
