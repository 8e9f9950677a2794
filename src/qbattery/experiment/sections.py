"""The pydantic base of every table of an experiment file, and its errors made one line.

Every table is a :class:`Section`: strict types (no ``"4"`` for 4; an integer is accepted where
a real number is expected), ``extra="forbid"``, no infinities or NaN, frozen. An unknown key
is refused before pydantic's own check with the closest valid name (:func:`unknown_key`), and
:func:`located` turns the first error of a :class:`pydantic.ValidationError` into an
:class:`~qbattery.experiment.locate.ExperimentFileError` at the field's line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from qbattery.experiment.locate import ExperimentFileError, Source, suggest

__all__ = ["STRICT", "Section", "choice", "field_error", "located", "unknown_key"]

#: The configuration of every table: strict, closed, finite, immutable.
STRICT = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False, frozen=True)


def unknown_key(
    key: str, allowed: Iterable[str], path: tuple[str, ...] | None = None
) -> PydanticCustomError:
    """The error of a key a table does not have, naming the closest and the valid ones;
    ``path`` is the key's path below the table being validated (default: the key itself).

    Examples
    --------
    >>> from qbattery.experiment.sections import unknown_key
    >>> unknown_key("stopp", ["start", "stop", "num"]).message()
    "unknown field 'stopp'; did you mean 'stop'? valid fields: start, stop, num"
    """
    names = list(allowed)
    return PydanticCustomError(
        "unknown_field",
        "{message}",
        {
            "key": path or (key,),
            "message": f"unknown field {key!r}; {suggest(key, names)}"
            f"valid fields: {', '.join(names)}",
        },
    )


def field_error(key: tuple[str | int, ...], message: str) -> PydanticCustomError:
    """An error at ``key`` below the table being validated, with this one-line message.

    Examples
    --------
    >>> from qbattery.experiment.sections import field_error
    >>> error = field_error(("num",), "must be at least 2")
    >>> type(error).__name__, error.message()
    ('PydanticCustomError', 'must be at least 2')
    """
    return PydanticCustomError("field", "{message}", {"key": key, "message": message})


def choice(value: Any, allowed: Sequence[str], what: str, key: tuple[str | int, ...] = ()) -> str:
    """``value`` if it is one of ``allowed``; otherwise an error with the closest and the list
    (at ``key`` below the table being validated).

    Examples
    --------
    >>> from qbattery.experiment.sections import choice
    >>> choice("ode", ["ode", "spectral"], "method")
    'ode'
    >>> choice("spectrall", ["ode", "spectral"], "method")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    pydantic_core._pydantic_core.PydanticCustomError: unknown method 'spectrall'; did you mean ...
    """
    if isinstance(value, str) and value in allowed:
        return value
    raise PydanticCustomError(
        "choice",
        "{message}",
        {
            "key": key,
            "message": f"unknown {what} {value!r}; {suggest(value, allowed)}"
            f"choose one of: {', '.join(allowed)}",
        },
    )


class Section(BaseModel):
    """A table of an experiment file (module docstring).

    Examples
    --------
    Tables refuse unknown keys, naming the closest valid one:

    >>> from qbattery.experiment.schema import Times
    >>> Times.model_validate({"stopp": 2.0})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Times
      unknown field 'stopp'; did you mean 'stop'? valid fields: start, stop, num, values, unit ...
    """

    model_config = STRICT

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            allowed = list(cls.model_fields)
            for key in data:
                if key not in allowed:
                    raise unknown_key(str(key), allowed)
        return data


def _document_key(loc: Sequence[str | int], document: Any) -> list[str | int]:
    """The path in the document of pydantic's ``loc``, dropping union tags that are not keys."""
    key: list[str | int] = []
    node = document
    for part in loc:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            continue
        key.append(part)
    return key


def _message(error: Mapping[str, Any]) -> str:
    context = error.get("ctx") or {}
    kind = error["type"]
    if "message" in context:
        return str(context["message"])
    if kind == "missing":
        return "missing required field; add it"
    if kind in ("literal_error", "union_tag_invalid"):
        expected = str(context.get("expected") or context.get("expected_tags", ""))
        allowed = [word.strip(" '\"") for word in expected.replace(" or ", ",").split(",")]
        given = error["input"] if kind == "literal_error" else context.get("tag")
        return (
            f"unknown value {given!r}; {suggest(given, allowed)}choose one of: "
            f"{', '.join(a for a in allowed if a)}"
        )
    if kind == "union_tag_not_found":
        return f"missing {context.get('discriminator', 'tag')}; add it"
    message = str(error["msg"]).removeprefix("Value error, ")
    given = error.get("input")
    if isinstance(given, Mapping):
        return message
    return f"{message[0].lower()}{message[1:]}, got {given!r} ({type(given).__name__})"


def located(exc: ValidationError, document: Any, source: Source) -> ExperimentFileError:
    """The first error of ``exc`` as one line at its field (module docstring).

    Examples
    --------
    >>> import pydantic
    >>> from pathlib import Path
    >>> from qbattery.experiment.locate import Source
    >>> from qbattery.experiment.schema import Times
    >>> from qbattery.experiment.sections import located
    >>> text = '[times]\\nstop = -1.0\\nnum = 3\\n'
    >>> document = {"times": {"stop": -1.0, "num": 3}}
    >>> try:
    ...     Times.model_validate(document["times"])
    ... except pydantic.ValidationError as exc:
    ...     error = located(exc, document["times"], Source.read(Path("run.toml"), text))
    >>> str(error)
    'run.toml: stop (-1.0) must be later than start (0.0)'
    """
    error = exc.errors()[0]
    loc = list(error["loc"])
    context = error.get("ctx") or {}
    if "key" in context:
        extra = context["key"]
        loc.extend([extra] if isinstance(extra, str) else extra)
    key = _document_key(loc, document)
    if error["type"] == "missing" and loc and loc[-1] not in key:
        key.append(loc[-1])
    if error["type"].startswith("union_tag_"):
        key.append(str(context.get("discriminator", "")).strip("'"))
    return source.error(key, _message(error))
