"""Read and extend the numpydoc docstrings of the model constructors.

A constructor's docstring is the one source of its catalogue text: the summary is its first
paragraph and each parameter's description the first paragraph of its entry in the
``Parameters`` section. An entry may describe several names (``polar_angle, azimuthal_angle :
float``) or refer to another constructor (``As in :func:`qbattery.models.dicke`.``), whose
description of the same name is then used. Shared keyword arguments are appended to the section
by :func:`qbattery.models.arguments.shared_arguments`.

>>> def example(a, b):
...     '''Do a thing.
...
...     Parameters
...     ----------
...     a, b : float
...         Two numbers, ``a <= b``.
...     '''
>>> parameter_descriptions(example)
{'a': 'Two numbers, a <= b.', 'b': 'Two numbers, a <= b.'}
"""

from __future__ import annotations

import importlib
import inspect
import re
import textwrap
from collections.abc import Callable, Iterable
from typing import Any

from qbattery.errors import QBatteryValueError

__all__ = ["parameter_descriptions", "summary", "with_parameters"]

#: A numpydoc section header: a title line underlined with dashes.
_SECTION = re.compile(r"^([A-Z][A-Za-z ]*)\n-{3,}\n", re.MULTILINE)

#: Sphinx cross-references (``:func:`~qbattery.models.dicke```) and inline literals.
_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")

#: An entry that defers to another constructor's description of the same parameters.
_REFERENCE = re.compile(r"^As in :func:`~?([\w.]+)`\.?$")


def _sections(function: Callable[..., Any]) -> dict[str, str]:
    """The docstring's numpydoc sections by title; the text before the first one as ``""``."""
    doc = inspect.getdoc(function) or ""
    headers = list(_SECTION.finditer(doc))
    sections = {"": doc[: headers[0].start()] if headers else doc}
    for index, header in enumerate(headers):
        end = headers[index + 1].start() if index + 1 < len(headers) else len(doc)
        sections[header.group(1)] = doc[header.end() : end]
    return sections


def _plain(text: str) -> str:
    """One line of prose: cross-references and literals as plain text, whitespace collapsed."""
    return " ".join(_LITERAL.sub(r"\1", _ROLE.sub(r"\1", text)).split())


def summary(function: Callable[..., Any]) -> str:
    """The first paragraph of the docstring, as one line without its final full stop.

    Examples
    --------
    >>> import qbattery as qb
    >>> from qbattery.models.docstrings import summary
    >>> summary(qb.models.rabi)
    'Quantum Rabi cell: one atom charged by its own cavity mode (one cell of parallel charging)'
    """
    first = _sections(function)[""].strip().split("\n\n")[0]
    return _plain(first).removesuffix(".")


def _entries(function: Callable[..., Any]) -> dict[str, str]:
    """Each parameter name and the first paragraph of its entry, as written."""
    entries: dict[str, str] = {}
    names: list[str] = []
    lines: list[str] = []

    def close() -> None:
        paragraph = textwrap.dedent("\n".join(lines)).strip().split("\n\n")[0]
        entries.update(dict.fromkeys(names, paragraph))

    for line in _sections(function).get("Parameters", "").splitlines():
        if line and not line[0].isspace():
            close()
            names = [name.strip() for name in line.split(" : ")[0].split(",")]
            lines = []
        else:
            lines.append(line)
    close()
    return entries


def parameter_descriptions(function: Callable[..., Any]) -> dict[str, str]:
    """One line per parameter described in the ``Parameters`` section (references resolved).

    An entry reading ``As in :func:`other`.`` takes ``other``'s description of the same name;
    ``other`` is a dotted path or a name in the function's module.

    Examples
    --------
    >>> import qbattery as qb
    >>> from qbattery.models.docstrings import parameter_descriptions
    >>> parameter_descriptions(qb.models.rabi)["omega_c"]
    'Cavity frequency, > 0.'
    """
    descriptions = {}
    for name, paragraph in _entries(function).items():
        reference = _REFERENCE.match(" ".join(paragraph.split()))
        if reference:
            other = _resolve(reference.group(1), function)
            described = parameter_descriptions(other)
            if name not in described:
                raise QBatteryValueError(
                    f"{function.__name__}: parameter {name!r} refers to {reference.group(1)}, "
                    "which does not describe it; describe it in place"
                )
            descriptions[name] = described[name]
        else:
            descriptions[name] = _plain(paragraph)
    return descriptions


def _resolve(path: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """The function a reference names: ``module.attribute`` or a name in ``function``'s module."""
    if "." not in path:
        return inspect.unwrap(function).__globals__[path]
    module, _, attribute = path.rpartition(".")
    return getattr(importlib.import_module(module), attribute)


def with_parameters(doc: str | None, entries: Iterable[tuple[str, str, str]]) -> str:
    """``doc`` (cleaned) with ``(name, type, description)`` entries ending its Parameters section.

    >>> print(with_parameters("Add.\\n\\nParameters\\n----------\\nx : int\\n    First.",
    ...                       [("y", "int", "Second.")]))
    Add.
    <BLANKLINE>
    Parameters
    ----------
    x : int
        First.
    y : int
        Second.

    Examples
    --------
    >>> from qbattery.models.docstrings import with_parameters
    >>> doc = '''Build it.
    ...
    ... Parameters
    ... ----------
    ... n : int
    ...     Size.
    ... '''
    >>> print(with_parameters(doc, [("cutoff", "int, optional", "Photon cut-off.")]))
    Build it.
    <BLANKLINE>
    Parameters
    ----------
    n : int
        Size.
    cutoff : int, optional
        Photon cut-off.
    """
    text = inspect.cleandoc(doc or "")
    added = "".join(
        f"{name} : {kind}\n"
        + textwrap.fill(description, 92, initial_indent="    ", subsequent_indent="    ")
        + "\n"
        for name, kind, description in entries
    )
    headers = list(_SECTION.finditer(text + "\n"))
    titles = [header.group(1) for header in headers]
    if "Parameters" not in titles:
        raise QBatteryValueError("docstring: no Parameters section to add the arguments to")
    index = titles.index("Parameters")
    if index + 1 < len(headers):
        end = headers[index + 1].start()
        return text[:end].rstrip("\n") + "\n" + added + "\n" + text[end:]
    return text.rstrip("\n") + "\n" + added.rstrip("\n")
