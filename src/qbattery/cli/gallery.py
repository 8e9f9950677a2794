"""``qbattery reproduce NAME --out DIR [--quick]`` and ``qbattery reproduce --list``: the
gallery of reproduced papers (:mod:`qbattery.gallery`).

``--list`` prints the entry names, one per line and nothing else. A reproduction writes the
entry's file, the store, ``data.nc``, ``comparison.csv``/``.json``, ``summary.json``, figures
and ``report.html`` into DIR and prints the comparison table; it exits 1 when a judged check
fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from qbattery.cli.app import app, console
from qbattery.cli.errors import one_line_errors
from qbattery.cli.experiments import Quiet
from qbattery.errors import QBatteryValueError

__all__ = ["reproduce_command"]


@app.command("reproduce")
def reproduce_command(
    name: Annotated[str | None, typer.Argument(help="The gallery entry (see --list).")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Directory for the results.")
    ] = None,
    quick: Annotated[
        bool, typer.Option("--quick", help="Fewer sizes: checks the path, not the scalings.")
    ] = False,
    list_entries: Annotated[
        bool, typer.Option("--list", help="Print the entry names, one per line, and exit.")
    ] = False,
    quiet: Quiet = False,
) -> None:
    """Reproduce a published result: data, figures, comparison with the paper, report.html."""
    from qbattery.gallery import entry_names, reproduce

    if list_entries:
        for entry in entry_names():
            typer.echo(entry)
        return
    with one_line_errors():
        if name is None or out is None:
            raise QBatteryValueError(
                "NAME and --out: give an entry and a directory (qbattery reproduce NAME --out "
                "DIR), or --list for the names"
            )
        reproduction = reproduce(name, out, quick=quick, progress=False if quiet else None)
    if not quiet:
        _print(reproduction.summary, out)
    if not reproduction.passed:
        raise typer.Exit(code=1)


def _print(summary: dict[str, Any], out: Path) -> None:
    table = Table(title=f"{summary['entry']}: comparison with the paper")
    for column in ("quantity", "source", "expected", "tolerance", "value", "passed"):
        table.add_column(column, justify="right" if column in ("expected", "value") else "left")
    for row in summary["comparison"]:
        table.add_row(
            row["quantity"],
            row["source"],
            f"{row['expected']:.6g}",
            row["tolerance"],
            f"{row['value']:.6g}",
            str(row["passed"]),
        )
    console.print(table)
    console.print(f"wrote {out / 'comparison.csv'}, {out / 'data.nc'} and {summary['report']}")
