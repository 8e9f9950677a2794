"""``qbattery sweep FILE --out DIR``: a resumable sweep of an experiment file.

Every point is committed to ``DIR/store.sqlite`` as it finishes (:mod:`qbattery.sweep`), so
running the same command again resumes, and growing an axis computes only the new points. After
the points, ``DIR`` gets ``data.nc`` (the sweep as an ``xarray.Dataset`` over its axes),
``summary.json`` (counts, timings, the study's fits, versions), ``figures/*.png`` and
``report.html`` (:func:`qbattery.report.finish_sweep`); ``qbattery report DIR`` rebuilds the
last three from the store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from qbattery.cli.app import app, console
from qbattery.cli.errors import one_line_errors
from qbattery.cli.experiments import Allow, AsJson, Quiet
from qbattery.errors import QBatteryValueError

__all__ = ["sweep_command"]


@app.command("sweep")
def sweep_command(
    file: Annotated[Path, typer.Argument(help="The experiment file with a [sweep] table.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the store and results.")],
    workers: Annotated[
        int | None,
        typer.Option(help="Start a local Dask cluster of this many worker processes."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Run on an existing Dask cluster, e.g. tcp://10.0.0.1:8786."),
    ] = None,
    quiet: Quiet = False,
    as_json: AsJson = False,
    allow: Allow = None,
) -> None:
    """Run (or resume, or grow) a sweep: store.sqlite, data.nc, summary.json, report.html."""
    from qbattery.experiment import Sweep, load
    from qbattery.report import finish_sweep
    from qbattery.sweep.experiments import run_experiment_sweep

    with one_line_errors():
        if workers is not None and scheduler is not None:
            raise QBatteryValueError(
                "--workers/--scheduler: give one (a new local cluster, or an existing one)"
            )
        sweep = load(file, allowed_paths=tuple(allow or ()))
        if not isinstance(sweep, Sweep):
            raise QBatteryValueError(
                f"FILE: {file} has no [sweep] table; run one experiment with "
                f"qbattery run {file} --out DIR"
            )
        points, outcome = run_experiment_sweep(
            sweep,
            out,
            file=file,
            workers=workers,
            scheduler=scheduler,
            progress=False if quiet or as_json else None,
        )
        summary = finish_sweep(out, sweep, points)
        summary["run"] = {
            "points": outcome.points,
            "computed": outcome.computed,
            "skipped": outcome.skipped,
            "seconds": outcome.seconds,
            "executor": outcome.executor,
        }
        (out / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")
    if as_json:
        typer.echo(json.dumps(summary, indent=2, default=str))
    elif not quiet:
        _print(summary, out)


def _print(summary: dict[str, Any], out: Path) -> None:
    run = summary["run"]
    console.print(
        f"{summary['points']} points: {run['computed']} computed, {run['skipped']} already "
        f"stored, in {run['seconds']:.1f} s ({run['executor']})"
    )
    study = summary.get("study")
    if study:
        table = Table(title=f"{summary.get('title') or 'sweep'}: scaling with {study['axis']}")
        table.add_column("quantity", no_wrap=True)
        table.add_column("exponent", justify="right")
        table.add_column("std. error", justify="right")
        for prefix, name in (("power", "max average power"), ("advantage", "advantage")):
            exponent = study.get(f"{prefix}_exponent")
            if exponent is not None:
                error = study.get(f"{prefix}_exponent_error")
                table.add_row(name, f"{exponent:.4f}", "—" if error is None else f"{error:.4f}")
        console.print(table)
    console.print(f"wrote {out / 'store.sqlite'}, {out / 'data.nc'} and {summary['report']}")
