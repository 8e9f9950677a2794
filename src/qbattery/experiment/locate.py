"""Where a field sits in an experiment file, and the one-line error that points at it.

``tomllib`` gives values without positions, so :func:`key_lines` scans the text once and
records the line of every table header (``[a.b]``, ``[[a.b]]``) and every ``key = value``
under its full path, with the index of each array-of-tables entry (``environment.baths.0``).
Lines inside multi-line strings and arrays are skipped. This covers files written the usual
way (one key or header per line); a path it cannot find falls back to the line of its nearest
enclosing table.

>>> text = 'seed = 1\\n[model]\\nname = "dicke"\\n"n_atoms" = 2\\n[[sweep.zip]]\\nx = [1,\\n 2]\\n'
>>> sorted(key_lines(text).items())  # doctest: +NORMALIZE_WHITESPACE
[(('model',), 2), (('model', 'n_atoms'), 4), (('model', 'name'), 3), (('seed',), 1),
 (('sweep', 'zip', 0), 5), (('sweep', 'zip', 0, 'x'), 6)]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qbattery.errors import QBatteryValueError

__all__ = ["ExperimentFileError", "FieldError", "Source", "key_lines", "suggest"]

Key = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_BARE = r"""[A-Za-z0-9_\-]+|"([^"]*)"|'([^']*)'"""
_PART = re.compile(_BARE)
_KEY = re.compile(rf"^\s*((?:{_BARE})(?:\s*\.\s*(?:{_BARE}))*)\s*=")


class ExperimentFileError(QBatteryValueError):
    """An experiment file (or document) that cannot be used, located at its field and line.

    The message is one line, ``FILE:LINE: field.path: what is wrong; what to do``.

    Attributes
    ----------
    path : pathlib.Path or None
        The file, if the document came from one.
    line : int or None
        1-based line of the field (or of its nearest enclosing table).
    field : str
        Dotted path of the field (``model.n_atoms``), or ``""`` for the whole document.

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> ex.validate({"model": {"name": "rabbi"},
    ...              "times": {"stop": 1.0, "num": 2}})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.experiment.locate.ExperimentFileError: model.name: unknown model 'rabbi'; ...
    """

    def __init__(self, message: str, *, path: Path | None, line: int | None, field: str) -> None:
        where = "" if path is None else f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{field + ': ' if field else ''}{message}")
        self.path, self.line, self.field = path, line, field


class FieldError(QBatteryValueError):
    """A wrong value found while building from a document, at ``key`` (a path of names and
    list indices); :meth:`Source.error` gives it its file and line.

    Examples
    --------
    >>> from qbattery.experiment.locate import FieldError
    >>> error = FieldError(("model", "coupling"), "must be finite")
    >>> error.key, str(error)
    (('model', 'coupling'), 'must be finite')
    """

    def __init__(self, key: Sequence[str | int], message: str) -> None:
        super().__init__(message)
        self.key = tuple(key)


def _parts(dotted: str) -> list[str]:
    return [
        m.group(1) if m.group(1) is not None else m.group(2) or m.group(0)
        for m in _PART.finditer(dotted)
    ]


def _opens(text: str) -> int:
    """Net number of ``[`` over ``]`` outside strings and comments (multi-line arrays)."""
    depth, quote = 0, ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return depth


def key_lines(text: str) -> dict[Key, int]:
    """The 1-based line of every table header and key of a TOML document, by full path.

    Examples
    --------
    >>> from qbattery.experiment.locate import key_lines
    >>> key_lines('seed = 1\\n[model]\\nname = "rabi"\\n')
    {('seed',): 1, ('model',): 2, ('model', 'name'): 3}
    """
    lines: dict[Key, int] = {}
    counts: dict[Key, int] = {}
    table: Key = ()
    depth, in_string = 0, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string:
            in_string = "" if line.count(in_string) % 2 else in_string
            continue
        if depth > 0:
            depth += _opens(line)
            continue
        header = _HEADER.match(line)
        if header:
            path = tuple(_parts(header.group(2)))
            if header.group(1) == "[[":
                index = counts.get(path, -1) + 1
                counts[path] = index
                table = (*path, index)
            else:
                table = path
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, *_parts(key.group(1))), number)
            rest = line[key.end() :]
            for delimiter in ('"""', "'''"):
                if rest.count(delimiter) == 1:
                    in_string = delimiter
            depth = max(_opens(rest), 0)
    return lines


def suggest(value: Any, allowed: Iterable[str]) -> str:
    """``"did you mean 'x'? "`` for the closest of ``allowed`` to ``value`` (difflib), or ``""``.

    Examples
    --------
    >>> from qbattery.experiment.locate import suggest
    >>> suggest("rabbi", ["rabi", "dicke"]), suggest("xyz", ["rabi", "dicke"])
    ("did you mean 'rabi'? ", '')
    """
    close = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1)
    return f"did you mean {close[0]!r}? " if close else ""


@dataclass(frozen=True)
class Source:
    """The file a document came from and the line of each of its fields.

    ``Source.none()`` stands for a document built in code (no file, no lines).

    Examples
    --------
    >>> from pathlib import Path
    >>> from qbattery.experiment.locate import Source
    >>> source = Source.read(Path("run.toml"), 'seed = 1\\n[model]\\nname = "rabi"\\n')
    >>> source.line(("model", "name")), source.line(("seed",))
    (3, 1)
    """

    path: Path | None
    lines: Mapping[Key, int]

    @classmethod
    def read(cls, path: Path, text: str) -> Source:
        """The source of ``text``, read from ``path``: the line of each of its keys.

        Examples
        --------
        >>> from pathlib import Path
        >>> from qbattery.experiment.locate import Source
        >>> Source.read(Path("run.toml"), '[model]\\nname = "rabi"\\n').line(("model",))
        1
        """
        return cls(path, key_lines(text))

    @classmethod
    def none(cls) -> Source:
        """A source with no file and no lines (a document built in Python).

        Examples
        --------
        >>> from qbattery.experiment.locate import Source
        >>> Source.none().path, Source.none().line(("model", "name"))
        (None, None)
        """
        return cls(None, {})

    @property
    def directory(self) -> Path | None:
        return None if self.path is None else self.path.parent

    def line(self, key: Sequence[str | int]) -> int | None:
        """The line of ``key`` or of its longest prefix that has one.

        Examples
        --------
        A key without a line of its own takes its table's:

        >>> from pathlib import Path
        >>> from qbattery.experiment.locate import Source
        >>> source = Source.read(Path("run.toml"), '[model]\\nname = "rabi"\\n')
        >>> source.line(("model", "coupling"))
        1
        """
        for end in range(len(key), 0, -1):
            if tuple(key[:end]) in self.lines:
                return self.lines[tuple(key[:end])]
        return None

    def error(self, key: Sequence[str | int], message: str) -> ExperimentFileError:
        """An :class:`ExperimentFileError` at ``key`` (a path of names and list indices).

        Examples
        --------
        >>> from pathlib import Path
        >>> from qbattery.experiment.locate import Source
        >>> source = Source.read(Path("run.toml"), '[model]\\nname = "rabi"\\n')
        >>> str(source.error(("model", "name"), "unknown model"))
        'run.toml:2: model.name: unknown model'
        """
        field = ".".join(str(part) for part in key)
        return ExperimentFileError(message, path=self.path, line=self.line(key), field=field)
