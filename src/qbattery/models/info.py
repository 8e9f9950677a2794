"""A catalogue entry: one model constructor, its parameters and the formulas it builds.

Parameter names, order and defaults are read from each constructor's signature, so an entry
cannot disagree with the code; only the one-line descriptions are written by hand.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError

__all__ = ["ModelInfo", "ParameterInfo"]


@dataclass(frozen=True)
class ParameterInfo:
    """One constructor parameter.

    Attributes
    ----------
    name : str
    default : object
        The default value; meaningless when ``required``.
    required : bool
        Whether the caller must give it (no default).
    keyword_only : bool
        Whether it can only be passed by name.
    description : str
    """

    name: str
    default: Any
    required: bool
    keyword_only: bool
    description: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``default`` is ``None`` for a required parameter."""
        return {
            "name": self.name,
            "default": None if self.required else self.default,
            "required": self.required,
            "keyword_only": self.keyword_only,
            "description": self.description,
        }


@dataclass(frozen=True)
class ModelInfo:
    """A catalogue entry: one model constructor and what it builds.

    Attributes
    ----------
    name : str
        Model name, as used in experiment files and recorded in ``Battery.name``.
    constructor : callable
        Returns a :class:`qbattery.battery.Battery`.
    summary : str
        One line.
    hamiltonian : str
        One-line formula of ``H`` (CONVENTIONS.md form).
    battery_hamiltonian : str
        One-line formula of ``H_B``.
    initial_state : str
        One line.
    reference : str
        Source paper and the review's equation.
    descriptions : mapping of str to str
        One line per constructor parameter (each parameter exactly once).
    parameters : tuple of ParameterInfo
        Derived from ``inspect.signature(constructor)`` and ``descriptions``.
    """

    name: str
    constructor: Callable[..., Battery]
    summary: str
    hamiltonian: str
    battery_hamiltonian: str
    initial_state: str
    reference: str
    descriptions: Mapping[str, str]
    parameters: tuple[ParameterInfo, ...] = field(init=False)

    def __post_init__(self) -> None:
        signature = inspect.signature(self.constructor)
        names = list(signature.parameters)
        if set(names) != set(self.descriptions):
            raise QBatteryValueError(
                f"descriptions: catalogue entry {self.name!r} describes {sorted(self.descriptions)}"
                f" but {self.constructor.__name__} takes {names}; describe each parameter once"
            )
        parameters = tuple(
            ParameterInfo(
                name=name,
                default=None if p.default is inspect.Parameter.empty else p.default,
                required=p.default is inspect.Parameter.empty,
                keyword_only=p.kind is inspect.Parameter.KEYWORD_ONLY,
                description=self.descriptions[name],
            )
            for name, p in signature.parameters.items()
        )
        object.__setattr__(self, "parameters", parameters)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with ``name``, ``parameters`` and ``hamiltonian`` among its keys."""
        return {
            "name": self.name,
            "summary": self.summary,
            "constructor": f"qbattery.models.{self.constructor.__name__}",
            "parameters": [p.to_dict() for p in self.parameters],
            "hamiltonian": self.hamiltonian,
            "battery_hamiltonian": self.battery_hamiltonian,
            "initial_state": self.initial_state,
            "reference": self.reference,
        }
