"""Catalogue parameters checked as data: names against the constructor, values against its types.

The catalogue (:mod:`qbattery.models.catalogue`) lists every constructor's parameters from
its signature; the annotations there are strings (postponed evaluation). They are read here
by a fixed table, never evaluated: ``int``, ``float`` (an integer is accepted), ``bool``,
``str``, ``Sequence[int]`` (a list of integers), ``Any`` (a number, a string or a list) and
``None`` (TOML has no null: leave the key out for the default). A ``seed`` that may also be
a ``numpy.random.Generator`` is an integer here.

>>> check_parameters("dicke", {"n_atoms": 2, "coupling": 1})
{'n_atoms': 2, 'coupling': 1.0}
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from qbattery.experiment.sections import choice, unknown_key
from qbattery.models.catalogue import catalogue, model_info

__all__ = [
    "MODEL_NAMES",
    "SIZE_PARAMETERS",
    "check_parameters",
    "parameter_names",
    "real_parameters",
    "size_parameter",
]

#: Model parameters that count the cells of a collective battery.
SIZE_PARAMETERS = ("n_atoms", "n_spins", "n_sites", "n_cells")

_Value = int | float | bool | str | list[int | float | str] | list[list[float]]

#: Annotation words of the catalogue's constructors and what a file may give for them.
_TYPES: dict[str, Any] = {
    "int": int,
    "float": float,
    "bool": bool,
    "str": str,
    "collections.abc.Sequence[int]": list[int],
    "Sequence[int]": list[int],
    "Any": _Value,
    "np.random.Generator": None,
    "numpy.random.Generator": None,
    "None": None,
}

_CONFIG = ConfigDict(strict=True, allow_inf_nan=False)


def _names() -> tuple[str, ...]:
    return tuple(info.name for info in catalogue())


#: Every model name of the catalogue, in catalogue order.
MODEL_NAMES = _names()


@functools.cache
def _adapter(annotation: str) -> TypeAdapter[Any]:
    kinds = [_TYPES.get(word.strip(), _Value) for word in annotation.split("|")]
    allowed = tuple(dict.fromkeys(kind for kind in kinds if kind is not None))
    union: Any = allowed[0]
    for kind in allowed[1:]:
        union = union | kind
    return TypeAdapter(union, config=_CONFIG)


@functools.cache
def _signature(name: str) -> dict[str, tuple[str, bool]]:
    """``parameter -> (annotation, required)`` of the model ``name``."""
    info = model_info(name)
    signature = inspect.signature(info.constructor)
    return {
        p.name: (str(signature.parameters[p.name].annotation), p.required) for p in info.parameters
    }


def parameter_names(name: str) -> list[str]:
    """The parameter names of catalogue model ``name``, in signature order.

    Examples
    --------
    >>> from qbattery.experiment.parameters import parameter_names
    >>> parameter_names("rabi")[:3]
    ['coupling', 'omega_c', 'omega_a']
    """
    return list(_signature(name))


def real_parameters(name: str) -> list[str]:
    """The parameters of catalogue model ``name`` that take a real number (``float``).

    Examples
    --------
    >>> from qbattery.experiment.parameters import real_parameters
    >>> real_parameters("rabi")
    ['coupling', 'omega_c', 'omega_a']
    """
    return [key for key, (kind, _) in _signature(name).items() if kind.split(" |")[0] == "float"]


def size_parameter(name: str) -> str | None:
    """The parameter that counts the cells of catalogue model ``name``, or None.

    Examples
    --------
    >>> from qbattery.experiment.parameters import size_parameter
    >>> size_parameter("dicke"), size_parameter("rabi")
    ('n_atoms', None)
    """
    return next((n for n in SIZE_PARAMETERS if n in _signature(name)), None)


def check_parameters(name: str, given: Mapping[str, Any]) -> dict[str, Any]:
    """``given`` checked against catalogue model ``name``: known names, typed values.

    Required parameters other than ``seed`` (which the experiment's ``seed`` may fill) must
    be present. Errors are :class:`pydantic_core.PydanticCustomError` with the offending key.

    Examples
    --------
    >>> from qbattery.experiment.parameters import check_parameters
    >>> check_parameters("dicke", {"n_atoms": 2, "coupling": 1})
    {'n_atoms': 2, 'coupling': 1.0}
    """
    choice(name, MODEL_NAMES, "model", ("name",))
    signature = _signature(name)
    checked: dict[str, Any] = {}
    for key, value in given.items():
        if key not in signature:
            raise unknown_key(key, list(signature))
        try:
            checked[key] = _adapter(signature[key][0]).validate_python(value)
        except ValidationError as exc:
            raise PydanticCustomError(
                "parameter_type",
                "{message}",
                {
                    "key": (key,),
                    "message": f"{exc.errors()[0]['msg'][0].lower()}"
                    f"{exc.errors()[0]['msg'][1:]} ({name} takes {signature[key][0]}), got "
                    f"{value!r} ({type(value).__name__})",
                },
            ) from None
    for key, (_, required) in signature.items():
        if required and key not in checked and key != "seed":
            raise PydanticCustomError(
                "missing",
                "{message}",
                {"key": (key,), "message": f"model {name!r} needs {key!r}; add {key} = ..."},
            )
    return checked
