"""The model catalogue: what each constructor builds, with its parameters and references.

Parameter names, order and defaults are read from each constructor's signature, so the catalogue
cannot disagree with the code; only the one-line descriptions are written here. This feeds
``qbattery models [--json]``.

>>> [info.name for info in catalogue()][:2]
['dicke', 'tavis_cummings']
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.light_matter import dicke, jaynes_cummings, rabi, tavis_cummings
from qbattery.models.spins import xxz_chain

__all__ = ["ModelInfo", "ParameterInfo", "catalogue", "model_info"]


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


_LIGHT_MATTER_COLLECTIVE = {
    "n_atoms": "number of two-level atoms N >= 1",
    "coupling": "dimensionless light-matter coupling lambda (see coupling_scaling)",
    "omega_c": "cavity frequency, > 0",
    "omega_a": "atomic level splitting, > 0",
    "cutoff": "highest photon Fock state kept; default chosen from the state and coupling",
    "charger": "cavity initial state: 'fock' |N> or 'coherent' |sqrt(N)>",
    "coupling_scaling": "'fixed': lambda = coupling; 'inverse_sqrt': lambda = coupling / sqrt(N)",
}

_LIGHT_MATTER_CELL = {
    "coupling": "dimensionless light-matter coupling lambda",
    "omega_c": "cavity frequency, > 0",
    "omega_a": "atomic level splitting, > 0",
    "cutoff": "highest photon Fock state kept; default chosen from the coupling",
}

_MODELS = (
    ModelInfo(
        name="dicke",
        constructor=dicke,
        summary="N atoms charged collectively by one cavity mode",
        hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + a^dag)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="cavity |N> (or coherent, mean N), atoms all in |g>",
        reference="Ferraro et al., PRL 120, 117702 (2018); review eq. 32 "
        "(w_a = 2 w_0, g = w_c lambda)",
        descriptions=_LIGHT_MATTER_COLLECTIVE,
    ),
    ModelInfo(
        name="tavis_cummings",
        constructor=tavis_cummings,
        summary="the Dicke battery in the rotating-wave approximation",
        hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda (J_+ a + J_- a^dag)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="cavity |N> (or coherent, mean N), atoms all in |g>",
        reference="review eq. 33 (w_a = 2 w_0, g = w_c lambda); "
        "Ferraro et al., PRL 120, 117702 (2018)",
        descriptions=_LIGHT_MATTER_COLLECTIVE,
    ),
    ModelInfo(
        name="rabi",
        constructor=rabi,
        summary="one atom and its own cavity mode: a cell of parallel charging",
        hamiltonian="H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda sigma_x (a + a^dag)",
        battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
        initial_state="cavity |1>, atom in |g>",
        reference="Ferraro et al., PRL 120, 117702 (2018); Binder et al., NJP 17, 075015 "
        "(2015); review eq. 32 for N = 1",
        descriptions=_LIGHT_MATTER_CELL,
    ),
    ModelInfo(
        name="jaynes_cummings",
        constructor=jaynes_cummings,
        summary="the Rabi cell in the rotating-wave approximation",
        hamiltonian="H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda (sigma_+ a + sigma_- a^dag)",
        battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
        initial_state="cavity |1>, atom in |g>",
        reference="review eq. 33 for N = 1",
        descriptions=_LIGHT_MATTER_CELL,
    ),
    ModelInfo(
        name="xxz_chain",
        constructor=xxz_chain,
        summary="XXZ Heisenberg spin chain charged directly by a transverse field",
        hamiltonian="H = H_B + h sum_i sigma_x^i",
        battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i (sigma_x^i sigma_x^{i+1} "
        "+ sigma_y^i sigma_y^{i+1} + delta sigma_z^i sigma_z^{i+1})",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Le et al., PRA 97, 022106 (2018)",
        descriptions={
            "n_spins": "number of spins N (dimension 2**N)",
            "J": "exchange coupling",
            "delta": "anisotropy of the sigma_z sigma_z exchange",
            "omega": "Zeeman level splitting of each spin, >= 0",
            "field": "transverse charging field h",
            "boundary": "'open' or 'periodic'",
        },
    ),
)


def catalogue() -> list[ModelInfo]:
    """Every model constructor in :mod:`qbattery.models`, in a fixed order.

    Returns
    -------
    list of ModelInfo
        ``[info.to_dict() for info in catalogue()]`` is the ``qbattery models --json`` output.
    """
    return list(_MODELS)


def model_info(name: str) -> ModelInfo:
    """The catalogue entry called ``name``; an unknown name is an error naming the closest one.

    >>> model_info("dicke").constructor.__name__
    'dicke'
    """
    for info in _MODELS:
        if info.name == name:
            return info
    names = [info.name for info in _MODELS]
    close = difflib.get_close_matches(str(name), names, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise QBatteryValueError(f"model: unknown model {name!r}; {hint}valid models: {names}")
