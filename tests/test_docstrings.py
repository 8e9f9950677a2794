"""Every public name has a NumPy-style docstring with a runnable example (issue 15).

The public names are ``qbattery.__all__`` and the ``__all__`` of every public module and
subpackage under ``src/qbattery`` (modules whose dotted path has no ``_``-prefixed part), plus
the public methods that qbattery's own classes define. Each function, class and method must have
an ``Examples`` section (NumPy style: the heading underlined with dashes) holding at least one
``>>>`` line; pytest's ``--doctest-modules`` then runs those examples. Docstrings that cite the
conventions must name the real file, ``docs/conventions.md``, and the sections they name in
quotes must be headings of it.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import qbattery

SOURCE = Path(qbattery.__file__).resolve().parent

#: ``Examples`` heading, underlined, then the body of the section up to the next heading.
EXAMPLES = re.compile(r"^Examples\n-{8,}\n(?P<body>.*?)(?=^\w[^\n]*\n-{3,}\n|\Z)", re.S | re.M)


def _public_modules() -> Iterator[ModuleType]:
    yield qbattery
    for info in pkgutil.walk_packages(qbattery.__path__, "qbattery."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def public_objects() -> dict[str, Any]:
    """Public functions, classes and class methods of qbattery, by qualified name."""
    found: dict[str, Any] = {}
    for module in _public_modules():
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if not obj.__module__.startswith("qbattery"):
                continue
            key = f"{obj.__module__}.{obj.__qualname__}"
            found.setdefault(key, obj)
            if inspect.isclass(obj):
                for member_name, member in vars(obj).items():
                    if isinstance(member, staticmethod | classmethod):
                        member = member.__func__
                    if (
                        not member_name.startswith("_")
                        and inspect.isfunction(member)
                        and member.__module__.startswith("qbattery")
                    ):
                        found.setdefault(f"{key}.{member_name}", member)
    return found


def _has_example(obj: Any) -> bool:
    match = EXAMPLES.search(inspect.getdoc(obj) or "")
    return match is not None and ">>>" in match.group("body")


def test_the_walk_finds_the_core_names() -> None:
    names = public_objects()
    for expected in (
        "qbattery.metrics.passivity.ergotropy",
        "qbattery.charge.charge",
        "qbattery.battery.Battery",
        "qbattery.results.ChargingResult.state_at",
    ):
        assert expected in names


def test_example_detection_rejects_missing_or_empty_sections() -> None:
    def documented() -> None:
        """Do nothing.

        Examples
        --------
        >>> documented()
        """

    def prose_only() -> None:
        """Do nothing.

        Examples
        --------
        Call it.

        Notes
        -----
        >>> prose_only()
        """

    def undocumented() -> None:
        pass

    assert _has_example(documented)
    assert not _has_example(prose_only)
    assert not _has_example(undocumented)


def test_every_public_name_has_an_example() -> None:
    missing = sorted(name for name, obj in public_objects().items() if not _has_example(obj))
    assert not missing, f"{len(missing)} public names lack an Examples section with >>>:\n" + (
        "\n".join(missing)
    )


def test_conventions_are_cited_by_their_real_path() -> None:
    bare = re.compile(r"(?<![\w/])CONVENTIONS\.md")
    stale = [
        f"{path.relative_to(SOURCE.parent)}:{number}"
        for path in sorted(SOURCE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if bare.search(line)
    ]
    assert not stale, "cite docs/conventions.md, not CONVENTIONS.md:\n" + "\n".join(stale)


def test_cited_sections_exist() -> None:
    headings = {
        line.lstrip("#").strip()
        for line in (SOURCE.parents[1] / "docs" / "conventions.md").read_text().splitlines()
        if line.startswith("#")
    }
    cited = re.compile(r'docs/conventions\.md, "([^"]+)"')
    unknown = [
        f"{path.relative_to(SOURCE.parent)}: {match.group(1)!r}"
        for path in sorted(SOURCE.rglob("*.py"))
        for match in cited.finditer(path.read_text(encoding="utf-8"))
        if match.group(1) not in headings
    ]
    assert not unknown, "no such section in docs/conventions.md:\n" + "\n".join(unknown)
