"""``qbattery models [NAME] [--json]``: the model catalogue, or one model in full."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from qbattery.cli.app import app, console
from qbattery.cli.errors import one_line_errors

__all__ = ["list_models"]


@app.command("models")
def list_models(
    name: Annotated[
        str | None, typer.Argument(help="A model's name: show its Hamiltonian and parameters.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable catalogue.")] = False,
) -> None:
    """The model catalogue: names, parameters and Hamiltonians (one model in full with NAME).

    Examples
    --------
    ``qbattery models [NAME]``:

    >>> from typer.testing import CliRunner
    >>> from qbattery.cli import app
    >>> result = CliRunner().invoke(app, ["models", "rabi"])
    >>> result.exit_code, result.output.splitlines()[0][:16]
    (0, 'rabi: Quantum Ra')
    """
    from qbattery.models import catalogue, model_info

    with one_line_errors():
        if name is not None:
            entry = model_info(name).to_dict()
            if as_json:
                typer.echo(json.dumps(entry, indent=2))
            else:
                _show_one(entry)
            return
        entries = [info.to_dict() for info in catalogue()]
    if as_json:
        typer.echo(json.dumps(entries, indent=2))
        return
    table = Table(title="qbattery models (qbattery models NAME shows one in full)")
    longest = max(len(entry["name"]) for entry in entries)
    table.add_column("name", no_wrap=True, min_width=longest)  # names are never cut
    for column in ("parameters", "hamiltonian"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        names = ", ".join(p["name"] for p in entry["parameters"])
        table.add_row(entry["name"], names, entry["hamiltonian"])
    console.print(table)


def _show_one(entry: dict[str, Any]) -> None:
    """One model: what it is, its operators, its source and every parameter."""
    console.print(f"[bold]{entry['name']}[/bold]: {entry['summary']}", markup=True)
    for key in ("hamiltonian", "battery_hamiltonian", "initial_state", "reference"):
        if entry.get(key):
            console.print(f"  {key.replace('_', ' ')}: {entry[key]}", markup=False)
    table = Table(title=f"parameters of {entry['name']}")
    table.add_column("parameter", no_wrap=True)
    table.add_column("default", no_wrap=True)
    table.add_column("description", overflow="fold")
    for parameter in entry["parameters"]:
        default = "(required)" if parameter["required"] else repr(parameter["default"])
        table.add_row(parameter["name"], default, parameter["description"])
    console.print(table)
