"""The ``qbattery`` command line.

Exit codes: 0 success; 1 bad input or a file that cannot be written (one line on standard
error, naming what to change); 2 an unexpected internal error (one line; rerun with ``--debug``
for the traceback, and please report it). ``--debug`` shows the traceback of any error.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from qbattery.errors import QBatteryError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Quantum batteries: battery models and their charging.",
)
console = Console()
_state = {"debug": False}


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    """qbattery: figures of merit, battery models and charging dynamics."""
    _state["debug"] = debug


#: Exit status of bad input (a QBatteryError) or an unwritable file.
EXIT_BAD_INPUT = 1
#: Exit status of an unexpected error, a bug to report.
EXIT_INTERNAL = 2


@contextmanager
def _one_line_errors() -> Iterator[None]:
    """Turn any error of a command into one line on stderr and a meaningful exit status, and
    each warning into one line ``warning: ...`` (no source lines)."""
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("default")
            yield
        for warning in caught:
            typer.echo(f"warning: {warning.message}", err=True)
    except typer.Exit:
        raise
    except Exception as error:
        if _state["debug"]:
            raise
        if isinstance(error, QBatteryError):
            message, status = str(error), EXIT_BAD_INPUT
        elif isinstance(error, OSError):
            where = f" {error.filename}" if error.filename else ""
            reason = error.strerror or str(error)
            message = f"out: cannot write{where}: {reason}; choose a writable directory"
            status = EXIT_BAD_INPUT
        else:
            message = (
                f"internal error {type(error).__name__}: {error}; rerun with --debug for the "
                "traceback and report it"
            )
            status = EXIT_INTERNAL
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(status) from None


def _parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise typer.BadParameter(
            f"expected comma-separated integers like 1,2,4, got {text!r}"
        ) from None
    if not sizes or any(n < 1 for n in sizes):
        raise typer.BadParameter(f"sizes must be positive integers, got {text!r}")
    return sizes


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Directory for summary.json and the figure.")] = Path(
        "results"
    ),
    sizes: Annotated[str, typer.Option(help="Numbers of atoms N, comma-separated.")] = "1,2,4,8,16",
    coupling: Annotated[float, typer.Option(help="Coupling lambda (units of omega_c).")] = 0.1,
    coupling_scaling: Annotated[
        str, typer.Option(help="'fixed' lambda, or 'inverse_sqrt': lambda/sqrt(N) per atom.")
    ] = "fixed",
    fit_from: Annotated[
        int, typer.Option(help="Fit the power laws on N >= this (when three sizes reach it).")
    ] = 4,
) -> None:
    """Charge a Dicke battery collectively and N Rabi cells in parallel; compare the power."""
    from qbattery.demo import dicke_versus_parallel, write_demo

    with _one_line_errors():
        rows, study = dicke_versus_parallel(
            _parse_sizes(sizes), coupling, coupling_scaling=coupling_scaling, fit_from=fit_from
        )
        summary = write_demo(rows, study, out / "demo", coupling, coupling_scaling)
    table = Table(
        title=f"Dicke (collective) vs. parallel Rabi cells, coupling {coupling}, {coupling_scaling}"
    )
    for column in ("N", "P_max", "optimal time", "ergotropy(τ̄)", "P_parallel", "Γ", "solver"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            str(row.n_atoms),
            f"{row.max_average_power:.6g}",
            f"{row.optimal_time:.6g}",
            f"{row.ergotropy_at_optimal_time:.6g}",
            f"{row.parallel_max_average_power:.6g}",
            f"{row.collective_advantage:.4f}",
            row.method,
        )
    console.print(table)
    if "power_scaling_exponent" in summary:
        low, high = (float(n) for n in summary["fit_range"])  # type: ignore[attr-defined]
        console.print(
            f"P_max ∝ N^α with α = {summary['power_scaling_exponent']:.3f} "
            f"± {summary['power_scaling_exponent_error']:.3f}; Γ ∝ N^β with β = "
            f"{summary['advantage_scaling_exponent']:.3f} "
            f"± {summary['advantage_scaling_exponent_error']:.3f} (fitted on N = {low:g}..{high:g})"
        )
    console.print(
        f"wrote {out / 'demo' / 'summary.json'} and {out / 'demo' / 'dicke_vs_parallel.png'}"
    )


@app.command("models")
def list_models(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable catalogue.")] = False,
) -> None:
    """The model catalogue: names, parameters and Hamiltonians."""
    from qbattery.models import catalogue

    with _one_line_errors():
        entries = [entry.to_dict() for entry in catalogue()]
    if as_json:
        typer.echo(json.dumps(entries, indent=2))
        return
    table = Table(title="qbattery models")
    longest = max(len(entry["name"]) for entry in entries)
    table.add_column("name", no_wrap=True, min_width=longest)  # names are never cut
    for column in ("parameters", "hamiltonian"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        names = ", ".join(p["name"] for p in entry["parameters"])
        table.add_row(entry["name"], names, entry["hamiltonian"])
    console.print(table)
