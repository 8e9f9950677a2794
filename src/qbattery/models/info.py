"""Catalogue entries: one model constructor, its parameters and the formulas it builds.

A family module marks each constructor with :func:`catalogued`, next to its definition, giving
the one-line formulas of its Hamiltonians, initial state and source. Everything else is read
from the constructor itself: parameter names, order and defaults from its signature, the
summary and the parameter descriptions from its numpydoc docstring
(:mod:`qbattery.models.docstrings`), so an entry cannot disagree with the code.
:mod:`qbattery.models.catalogue` collects the entries of every family in a fixed order.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.docstrings import parameter_descriptions, summary

__all__ = ["CatalogueEntry", "ModelInfo", "ParameterInfo", "catalogued", "registered"]

Constructor = TypeVar("Constructor", bound=Callable[..., Battery])


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

    Examples
    --------
    >>> from qbattery.models import model_info
    >>> parameter = model_info("rabi").parameters[0]
    >>> parameter.name, parameter.required, parameter.description
    ('coupling', True, 'Dimensionless coupling lambda, any finite real number.')
    """

    name: str
    default: Any
    required: bool
    keyword_only: bool
    description: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``default`` is ``None`` for a required parameter.

        Examples
        --------
        >>> from qbattery.models import model_info
        >>> model_info("rabi").parameters[0].to_dict()["required"]
        True
        """
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
        One-line formula of ``H`` (docs/conventions.md form).
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

    Examples
    --------
    >>> from qbattery.models import model_info
    >>> info = model_info("rabi")
    >>> info.name, info.hamiltonian
    ('rabi', 'H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda sigma_x (a + a^dag)')
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
        """JSON-ready form with ``name``, ``parameters`` and ``hamiltonian`` among its keys.

        Examples
        --------
        >>> from qbattery.models import model_info
        >>> entry = model_info("rabi").to_dict()
        >>> entry["name"], entry["parameters"][0]["name"]
        ('rabi', 'coupling')
        """
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


@dataclass(frozen=True)
class CatalogueEntry:
    """What a family module states about one constructor; the rest is read from the code.

    Attributes
    ----------
    constructor : callable
    hamiltonian, battery_hamiltonian, initial_state, reference : str
        One line each (see :class:`ModelInfo`).

    Examples
    --------
    >>> from qbattery.models.info import registered
    >>> entry = registered()["qbattery.models.spins"][0]
    >>> entry.constructor.__name__, entry.reference
    ('xxz_chain', 'Le et al., PRA 97, 022106 (2018)')
    """

    constructor: Callable[..., Battery]
    hamiltonian: str
    battery_hamiltonian: str
    initial_state: str
    reference: str

    def info(self) -> ModelInfo:
        """The full entry, with the summary and descriptions read from the docstring.

        Examples
        --------
        >>> from qbattery.models.info import registered
        >>> registered()["qbattery.models.spins"][0].info().name
        'xxz_chain'
        """
        return ModelInfo(
            name=self.constructor.__name__,
            constructor=self.constructor,
            summary=summary(self.constructor),
            hamiltonian=self.hamiltonian,
            battery_hamiltonian=self.battery_hamiltonian,
            initial_state=self.initial_state,
            reference=self.reference,
            descriptions=parameter_descriptions(self.constructor),
        )


#: Catalogue entries by defining module, each module's in the order of its definitions.
_REGISTERED: dict[str, list[CatalogueEntry]] = {}


def catalogued(
    *, hamiltonian: str, battery_hamiltonian: str, initial_state: str, reference: str
) -> Callable[[Constructor], Constructor]:
    """Put the decorated constructor in the catalogue, with these one-line descriptions.

    Parameters
    ----------
    hamiltonian : str
        ``H`` in the form of docs/conventions.md, starting ``"H = "``.
    battery_hamiltonian : str
        ``H_B``, starting ``"H_B = "``.
    initial_state : str
        The state at t = 0.
    reference : str
        Source paper and the review's equation or reference number.

    Returns
    -------
    callable
        A decorator returning the constructor unchanged.

    Examples
    --------
    Every constructor of :mod:`qbattery.models` is decorated with it; the decorator returns the
    constructor itself and keeps its entry:

    >>> import qbattery as qb
    >>> from qbattery.models.info import registered
    >>> entries = [e for es in registered().values() for e in es]
    >>> [e.hamiltonian for e in entries if e.constructor is qb.models.rabi]
    ['H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda sigma_x (a + a^dag)']
    """

    def register(constructor: Constructor) -> Constructor:
        entry = CatalogueEntry(
            constructor, hamiltonian, battery_hamiltonian, initial_state, reference
        )
        _REGISTERED.setdefault(constructor.__module__, []).append(entry)
        return constructor

    return register


def registered() -> dict[str, tuple[CatalogueEntry, ...]]:
    """Every catalogue entry registered so far, by defining module.

    Examples
    --------
    >>> from qbattery.models.info import registered
    >>> "qbattery.models.spins" in registered()
    True
    """
    return {module: tuple(entries) for module, entries in _REGISTERED.items()}
