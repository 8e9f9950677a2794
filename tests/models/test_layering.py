"""The models floor imports only downward: never the charging front door, the solvers, the
studies above them or the command line (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import qbattery.models

#: Packages and modules above the models floor.
ABOVE = ("qbattery.charge", "qbattery.dynamics", "qbattery.studies", "qbattery.cli")

SOURCES = sorted(Path(qbattery.models.__file__).parent.rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_models_never_import_a_higher_floor(path: Path) -> None:
    above = {name for name in imported_modules(path) if name.startswith(ABOVE) or name in ABOVE}
    assert not above, f"{path} imports {sorted(above)}"
