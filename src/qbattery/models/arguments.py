"""Keyword arguments several constructors share, written once: type, default and description.

A family states its shared arguments as a ``TypedDict`` whose fields carry an
:class:`Argument` (``typing.Annotated``); a constructor takes them as
``**options: Unpack[ThatDict]`` (so type checkers know the names and types) and is decorated
with :func:`shared_arguments`, which

- appends them, keyword-only and with their defaults, to the constructor's signature
  (``inspect.signature`` lists every argument a caller can pass: the catalogue and the
  experiment schema read it);
- appends their entries to the docstring's ``Parameters`` section;
- refuses unknown names and fills in the defaults, so the body always finds every option.

>>> class Size(typing.TypedDict, total=False):
...     cutoff: typing.Annotated[int, Argument(4, "int", "Highest level kept.")]
>>> @shared_arguments
... def build(n: int, **options: typing.Unpack[Size]) -> int:
...     '''Build.
...
...     Parameters
...     ----------
...     n : int
...         Size.
...     '''
...     return n + options["cutoff"]
>>> build(1), build(1, cutoff=2), str(inspect.signature(build))
(5, 3, "(n: 'int', *, cutoff: 'int' = 4) -> 'int'")
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from qbattery.errors import QBatteryTypeError
from qbattery.models.docstrings import with_parameters

__all__ = ["Argument", "defaults", "shared_arguments"]

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Argument:
    """A shared keyword argument's default and its numpydoc entry.

    Attributes
    ----------
    default : object
        The value a caller who leaves the argument out gets.
    kind : str
        The type as the docstring states it, e.g. ``'{"fock", "coherent"}'`` or
        ``"int, optional"``.
    description : str
        The description paragraph (reStructuredText, one paragraph).

    Examples
    --------
    >>> from qbattery.models.arguments import Argument
    >>> Argument(0.0, "float", "Detuning, any finite real number.").kind
    'float'
    """

    default: Any
    kind: str
    description: str


def _options_type(constructor: Callable[..., Any]) -> type:
    """The TypedDict of ``**options: Unpack[...]`` in the constructor's signature."""
    signature = inspect.signature(constructor)
    options = [p for p in signature.parameters.values() if p.kind is p.VAR_KEYWORD]
    annotation = options[0].annotation if options else None
    if isinstance(annotation, str):  # postponed evaluation: resolve in the defining module
        annotation = eval(annotation, constructor.__globals__)
    if typing.get_origin(annotation) is not typing.Unpack:
        raise QBatteryTypeError(
            f"shared_arguments: {constructor.__name__} must take its shared arguments as "
            "**options: Unpack[SomeTypedDict]"
        )
    return typing.cast(type, typing.get_args(annotation)[0])


def _arguments(typed_dict: type) -> list[tuple[str, Any, Argument]]:
    """``(name, type, Argument)`` of every field, in declaration order."""
    hints = typing.get_type_hints(typed_dict, include_extras=True)
    fields = []
    for name, hint in hints.items():
        plain, *metadata = typing.get_args(hint)
        arguments = [item for item in metadata if isinstance(item, Argument)]
        if len(arguments) != 1:
            raise QBatteryTypeError(
                f"shared_arguments: field {name!r} of {typed_dict.__name__} must be "
                "Annotated[type, Argument(default, kind, description)]"
            )
        fields.append((name, plain, arguments[0]))
    return fields


def defaults(typed_dict: type) -> dict[str, Any]:
    """The default of every shared argument of ``typed_dict``, by name.

    Examples
    --------
    >>> from qbattery.models.arguments import defaults
    >>> from qbattery.models.light_matter.options import CellOptions
    >>> defaults(CellOptions)
    {'cutoff': None, 'charger': 'fock'}
    """
    return {name: argument.default for name, _, argument in _arguments(typed_dict)}


def shared_arguments(constructor: Callable[P, R]) -> Callable[P, R]:
    """Give ``constructor`` the shared arguments of its ``**options`` (module docstring).

    Examples
    --------
    The Rabi cell takes the options of
    :class:`~qbattery.models.light_matter.options.CellOptions` through ``**options``; the decorator
    documents them and fills in their defaults:

    >>> import inspect
    >>> import qbattery as qb
    >>> "cutoff" in inspect.signature(qb.models.rabi).parameters
    True
    """
    fields = _arguments(_options_type(constructor))
    own = [
        p for p in inspect.signature(constructor).parameters.values() if p.kind is not p.VAR_KEYWORD
    ]
    shared = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=arg.default,
            annotation=inspect.formatannotation(kind),  # a string, as postponed annotations are
        )
        for name, kind, arg in fields
    ]
    signature = inspect.signature(constructor).replace(parameters=[*own, *shared])

    @functools.wraps(constructor)
    def with_defaults(*args: P.args, **kwargs: P.kwargs) -> R:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return constructor(*bound.args, **bound.kwargs)

    with_defaults.__signature__ = signature  # type: ignore[attr-defined]
    with_defaults.__doc__ = with_parameters(
        constructor.__doc__, [(name, arg.kind, arg.description) for name, _, arg in fields]
    )
    return with_defaults
