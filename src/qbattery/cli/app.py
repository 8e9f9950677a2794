"""The ``qbattery`` Typer application and its global options (``--debug``, ``--version``)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from qbattery.cli.errors import options

__all__ = ["app", "console", "version_text"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help=(
        "Quantum batteries: battery models, their charging, experiment files, resumable "
        "sweeps and reports. Exit codes: 0 ok, 1 bad input, 2 internal error, 130 interrupted."
    ),
)
console = Console()


def version_text() -> str:
    """``qbattery X.Y.Z`` and the versions of the libraries it computes with.

    Examples
    --------
    >>> from qbattery.cli.app import version_text
    >>> version_text().startswith("qbattery ")
    True
    """
    from qbattery.experiment import versions

    found = versions()
    others = ", ".join(f"{name} {found[name]}" for name in found if name != "qbattery")
    return f"qbattery {found['qbattery']} ({others})"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the versions of qbattery and its numerical libraries, and exit.",
        ),
    ] = False,
) -> None:
    """qbattery: figures of merit, battery models, charging, experiment files and sweeps."""
    options["debug"] = debug
