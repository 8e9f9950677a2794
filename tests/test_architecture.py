"""The library's floors import only downward (CONTRIBUTING.md, "Where things go").

Every ``import`` statement in ``src/qbattery`` (module level or inside a function) that names a
qbattery module is checked against the floor of the importing module: a module may import its
own floor and the floors below it, never above. Importing the package root ``qbattery`` from
inside the library counts as importing the top floor.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "qbattery"

#: Floors from the bottom up; a module's floor is that of its longest matching prefix.
FLOORS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "validation",
        "special",
        "linalg",
        "operators",
        "version",
        "memory",
        "progress",
        "blas_threads",
        "units",
    ),
    ("metrics",),
    ("bases",),
    ("protocols", "hamiltonian", "battery", "results", "reductions"),
    ("environments",),
    ("models",),
    ("dynamics",),
    ("charge", "free_fermion_charge", "collision_charging"),
    ("studies",),
    ("plotting",),
    ("experiment",),
    ("sweep",),
    ("report",),
    ("gallery",),
    ("demo",),
    ("cli",),
)

#: Where the top floor starts: the package root and the command line.
TOP = len(FLOORS)


def floor_of(module: str) -> int:
    """Floor of ``qbattery.a.b`` (its first component below ``qbattery``)."""
    parts = module.split(".")
    if parts[0] != "qbattery":
        raise ValueError(module)
    if len(parts) == 1 or parts[1] == "__init__":
        return TOP
    for level, names in enumerate(FLOORS):
        if parts[1] in names:
            return level
    raise AssertionError(f"{module}: not placed on any floor; add it to FLOORS and CONTRIBUTING.md")


def module_name(path: Path) -> str:
    relative = path.relative_to(SOURCE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """``(line, module)`` for every qbattery import in the file (``from x import y`` gives x)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("qbattery")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "qbattery":  # from qbattery import models: each name is a module
                found += [(node.lineno, f"qbattery.{a.name}") for a in node.names]
            elif node.module.startswith("qbattery."):
                found.append((node.lineno, node.module))
    return found


LIBRARY = sorted(p for p in SOURCE.rglob("*.py") if p.name != "__init__.py" or p.parent != SOURCE)


def test_every_module_has_a_floor() -> None:
    for path in LIBRARY:
        floor_of(module_name(path))


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(SOURCE)))
def test_imports_point_downward(path: Path) -> None:
    name = module_name(path)
    own = floor_of(name)
    upward = []
    for line, target in imported_modules(path):
        if name.startswith("qbattery.cli") or floor_of(target) <= own:
            continue
        upward.append(f"{path.relative_to(SOURCE)}:{line} imports {target}")
    assert not upward, "imports that point up a floor:\n" + "\n".join(upward)


def test_nothing_imports_the_command_line() -> None:
    offenders = [
        f"{path.relative_to(SOURCE)}:{line}"
        for path in SOURCE.rglob("*.py")
        for line, target in imported_modules(path)
        if target.startswith("qbattery.cli") and not module_name(path).startswith("qbattery.cli")
    ]
    assert not offenders


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a metric that imports Battery or a model that imports charge fails."""
    metric = tmp_path / "metric.py"
    metric.write_text("from qbattery.battery import Battery\nimport qbattery.dynamics.ode\n")
    assert [floor_of(m) for _, m in imported_modules(metric)] == [3, 6]
    assert floor_of("qbattery.metrics.passivity") < floor_of("qbattery.battery")
    assert floor_of("qbattery.models.dicke") < floor_of("qbattery.charge")
    assert floor_of("qbattery.models.dicke") < floor_of("qbattery.dynamics.closed")
    assert floor_of("qbattery.models.dicke") < floor_of("qbattery.studies.advantage")
    assert floor_of("qbattery") == TOP
