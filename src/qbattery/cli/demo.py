"""``qbattery demo``: the Dicke battery against parallel Rabi cells, into a directory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from qbattery.cli.app import app, console
from qbattery.cli.errors import one_line_errors

__all__ = ["demo"]


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
    """Charge a Dicke battery collectively and N Rabi cells in parallel; compare the power.

    Examples
    --------
    ``qbattery demo``, here for N = 1, 2 only (the results go to ``OUT/demo``):

    >>> import pathlib, tempfile
    >>> from typer.testing import CliRunner
    >>> from qbattery.cli import app
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = CliRunner().invoke(app, ["demo", "--out", folder, "--sizes", "1,2"])
    ...     files = pathlib.Path(folder).rglob("*")
    ...     sorted(path.relative_to(folder).as_posix() for path in files if path.is_file())
    ['demo/dicke_vs_parallel.png', 'demo/summary.json']
    >>> result.exit_code
    0
    """
    from qbattery.demo import dicke_versus_parallel, write_demo

    with one_line_errors():
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
