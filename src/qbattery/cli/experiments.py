"""``qbattery run`` and ``qbattery report``: an experiment file into a directory of results.

``run FILE --out DIR`` writes ``DIR/summary.json`` (figures of merit, the method, versions,
units), ``DIR/data.nc`` (the curves, NetCDF), ``DIR/figures/*.png`` and ``DIR/report.html``;
``report DIR`` rebuilds the report from what a run or a sweep left in ``DIR``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from qbattery.cli.app import app, console
from qbattery.cli.errors import one_line_errors
from qbattery.errors import QBatteryValueError

__all__ = ["report_command", "run_command"]

#: The figures of merit shown after a run, with the kind of unit each is in.
_SHOWN = (
    ("max_average_power", "power"),
    ("optimal_time", "time"),
    ("energy_at_optimal_time", "energy"),
    ("ergotropy_at_optimal_time", "energy"),
    ("max_energy", "energy"),
)

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")]
Allow = Annotated[
    list[Path] | None,
    typer.Option(
        "--allow",
        help="A directory outside the experiment file's own from which it may read operators.",
    ),
]


@app.command("run")
def run_command(
    file: Annotated[Path, typer.Argument(help="The experiment file (TOML).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the results.")],
    quiet: Quiet = False,
    as_json: AsJson = False,
    allow: Allow = None,
) -> None:
    """Run one experiment: summary.json, data.nc, figures and report.html in OUT.

    Examples
    --------
    ``qbattery run FILE --out OUT``:

    >>> import pathlib, tempfile
    >>> from typer.testing import CliRunner
    >>> from qbattery.cli import app
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "rabi.toml"
    ...     text = '[model]\\nname = "rabi"\\ncoupling = 0.2\\n[times]\\nstop = 10.0\\nnum = 101\\n'
    ...     _ = path.write_text(text)
    ...     arguments = ["run", str(path), "--out", folder + "/out", "--quiet"]
    ...     result = CliRunner().invoke(app, arguments)
    ...     names = sorted(p.name for p in (pathlib.Path(folder) / "out").iterdir())
    >>> result.exit_code, [name for name in names if not name.endswith(".png")]
    (0, ['data.nc', 'figures', 'report.html', 'summary.json'])
    """
    from qbattery.experiment import Sweep, load, run
    from qbattery.report import run_report

    with one_line_errors():
        experiment = load(file, allowed_paths=tuple(allow or ()))
        if isinstance(experiment, Sweep):
            raise QBatteryValueError(
                f"FILE: {file} describes a sweep (it has a [sweep] table); run it with "
                f"qbattery sweep {file} --out DIR"
            )
        outcome = run(experiment, progress=False if quiet or as_json else None)
        outcome.write(out)
        summary = outcome.summary()
        report = run_report(out, outcome.dataset(), summary)
    if as_json:
        typer.echo(json.dumps(summary, indent=2, default=str))
    elif not quiet:
        _print_summary(summary, out, report)


def _shown(value: Any) -> str:
    return "not reached" if value is None else f"{value:.8g}"


def _study_rows(summary: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Rows ``(label, value, unit kind)`` of ``[control]`` and ``[protection]``."""
    rows = []
    control = summary.get("control")
    if control:
        kind = {"ergotropy": "energy", "power": "power"}.get(control["objective"], "")
        rows += [
            (f"optimised {control['objective']}", _shown(control["value"]), kind),
            (
                f"constant baseline ({control['baseline_kind']})",
                _shown(control["baseline"]),
                kind,
            ),
            ("control gain", _shown(control["gain"]), ""),
        ]
    protection = summary.get("protection")
    if protection:
        rows += [
            (
                f"protected lifetime ({protection['protocol']})",
                _shown(protection["protected"]["ergotropy_lifetime"]),
                "time",
            ),
            (
                "unprotected lifetime",
                _shown(protection["unprotected"]["ergotropy_lifetime"]),
                "time",
            ),
            ("lifetime gain", _shown(protection["lifetime_gain"]), ""),
        ]
    return rows


def _print_summary(summary: dict[str, Any], out: Path, report: Path) -> None:
    units = summary.get("units", {})
    table = Table(title=f"{summary.get('title') or summary['model']} ({summary['method']})")
    table.add_column("figure of merit", no_wrap=True)
    table.add_column("value", justify="right")
    table.add_column("unit", no_wrap=True)
    for key, kind in _SHOWN:
        if summary.get(key) is not None:
            table.add_row(key.replace("_", " "), f"{summary[key]:.8g}", str(units.get(kind, "")))
    for label, value, kind in _study_rows(summary):
        table.add_row(label, value, str(units.get(kind, "")))
    console.print(table)
    console.print(f"wrote {out / 'summary.json'}, {out / 'data.nc'} and {report}")


@app.command("report")
def report_command(
    directory: Annotated[Path, typer.Argument(help="The --out directory of a run or a sweep.")],
    quiet: Quiet = False,
) -> None:
    """Rebuild report.html (and its figures) from the results in DIRECTORY.

    Examples
    --------
    ``qbattery report DIRECTORY`` after ``qbattery run``:

    >>> import pathlib, tempfile
    >>> from typer.testing import CliRunner
    >>> from qbattery.cli import app
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "rabi.toml"
    ...     text = '[model]\\nname = "rabi"\\ncoupling = 0.2\\n[times]\\nstop = 10.0\\nnum = 101\\n'
    ...     _ = path.write_text(text)
    ...     run = CliRunner().invoke(app, ["run", str(path), "--out", folder + "/out", "--quiet"])
    ...     report = CliRunner().invoke(app, ["report", folder + "/out", "--quiet"])
    >>> run.exit_code, report.exit_code
    (0, 0)
    """
    with one_line_errors():
        report = _report(directory)
    if not quiet:
        console.print(f"wrote {report}")


def _report(directory: Path) -> Path:
    import xarray as xr

    from qbattery.report import run_report

    summary_file, data_file = directory / "summary.json", directory / "data.nc"
    if (directory / "store.sqlite").is_file():
        from qbattery.report import report_sweep

        return report_sweep(directory)
    if summary_file.is_file() and data_file.is_file():
        summary = json.loads(summary_file.read_text())
        with xr.open_dataset(data_file, engine="scipy") as dataset:
            return run_report(directory, dataset.load(), summary)
    raise QBatteryValueError(
        f"DIRECTORY: {directory} holds no results (no store.sqlite of qbattery sweep, no "
        "summary.json and data.nc of qbattery run); give the --out directory of either"
    )
