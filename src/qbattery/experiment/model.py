"""The ``[model]`` table: a catalogue model, a user's operators, or a platform preset.

Exactly one of three keys says where the battery comes from:

- ``name``: a model of the catalogue (``qbattery models``); every other key is one of its
  parameters (charger and battery initial states included: ``charger``, ``photons``,
  ``battery_state``, ...), checked by :mod:`qbattery.experiment.parameters`.
- ``operators``: a NumPy ``.npz`` archive beside the file (:mod:`qbattery.experiment.operators`).
- ``preset``: a platform of :mod:`qbattery.models.presets` (``platform(name).battery(**rest)``),
  the other keys being its overrides: a quantity as a number in its own unit (``t1 = 40`` is
  40 us for the transmon) or as a string with a unit of its kind (``t1 = "0.04 ms"``,
  :func:`qbattery.units.parse_quantity`), or a setting (``n_atoms = 4``).

With a ``[protocol]``, lambda(t) multiplies the part of H that the model parameter
``protocol.scales`` switches on: the model is built with that parameter at its value p and at
0, ``H_1 = H(p) - H(0)``, and the battery gets ``H(t) = H(0) + lambda(t) H_1`` (checked
against ``H(2p) = H(0) + 2 H_1``: H must be linear in the parameter). A user battery's
lambda(t) multiplies its ``charging_hamiltonian``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

import scipy.sparse as sp
from pydantic import (
    BaseModel,
    Discriminator,
    Tag,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.experiment.locate import FieldError
from qbattery.experiment.operators import checked_path, load_operators
from qbattery.experiment.parameters import check_parameters, parameter_names, real_parameters
from qbattery.experiment.sections import STRICT, Section, choice, field_error, unknown_key
from qbattery.models.catalogue import model_info
from qbattery.models.presets import PRESETS, Platform, Quantity
from qbattery.operators import to_sparse
from qbattery.protocols import Protocol
from qbattery.units import parse_quantity

__all__ = ["CatalogueModel", "ModelSection", "OperatorModel", "PresetModel", "preset_overrides"]

#: Relative size of ``H(2p) - H(0) - 2 H_1`` above which H is not linear in the parameter.
_LINEARITY_TOL = 1e-10

Builder = Callable[..., Battery]


def _switched(build: Builder, scales: str, value: Any, protocol: Protocol) -> Battery:
    """The battery of ``build(**{scales: value})`` with lambda(t) on the part ``scales`` adds."""
    key = ("protocol", "scales")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(key, f"{scales!r} is {value!r}, not a number that lambda(t) can scale")
    full = build(**{scales: value})
    if full.hamiltonian.drives:
        raise FieldError(
            key, f"model {full.name!r} already has its own pulses; leave out [protocol]"
        )
    off, double = build(**{scales: 0.0}), build(**{scales: 2.0 * value})
    if {off.dimension, double.dimension} != {full.dimension}:
        raise FieldError(key, f"{scales} changes the dimension of the model; fix its cutoff")
    h_off = to_sparse(off.hamiltonian.static)
    h_on = to_sparse(full.hamiltonian.static) - h_off
    miss = sp.linalg.norm(to_sparse(double.hamiltonian.static) - h_off - 2 * h_on)
    if miss > _LINEARITY_TOL * max(1.0, sp.linalg.norm(h_on)):
        raise FieldError(
            key, f"H is not linear in {scales!r}; scale a parameter that enters H linearly"
        )
    return full.replace(
        hamiltonian=[h_off, (h_on, protocol)],
        parameters={**full.parameters, "protocol_scales": scales},
    )


def _pinned(build: Builder, given: Mapping[str, Any], names: list[str]) -> Builder:
    """``build`` with every cut-off the model chose for itself fixed, so that changing the
    scaled parameter cannot change the truncation."""
    chosen = build().parameters
    pins = {
        name: chosen[name]
        for name in names
        if name.endswith("cutoff") and name not in given and isinstance(chosen.get(name), int)
    }
    return lambda **changes: build(**{**pins, **changes})


class _Flat(BaseModel):
    """A model table whose other keys are parameters, held as ``parameters``."""

    model_config = STRICT
    parameters: dict[str, Any] = {}

    @model_validator(mode="before")
    @classmethod
    def _fold(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        head = cls.head()
        return {head: data.get(head), "parameters": {k: v for k, v in data.items() if k != head}}

    @classmethod
    def head(cls) -> str:
        raise NotImplementedError

    @model_serializer
    def _flat(self) -> dict[str, Any]:
        return {self.head(): getattr(self, self.head()), **self.parameters}


class CatalogueModel(_Flat):
    """``name = "<catalogue model>"`` and its parameters."""

    name: str

    @classmethod
    def head(cls) -> str:
        return "name"

    @model_validator(mode="after")
    def _catalogued(self) -> CatalogueModel:
        object.__setattr__(self, "parameters", check_parameters(self.name, self.parameters))
        return self

    def build(self, seed: int | None, protocol: Protocol | None, scales: str | None) -> Battery:
        given = dict(self.parameters)
        names = parameter_names(self.name)
        if "seed" in names and "seed" not in given:
            if seed is None:
                raise FieldError(
                    ("seed",),
                    f"model {self.name!r} is random; add seed = 0 (any "
                    "integer >= 0) at the top of the file",
                )
            given["seed"] = seed
        info = model_info(self.name)

        def build(**changes: Any) -> Battery:
            return info.constructor(**{**given, **changes})

        if protocol is None:
            return build()
        if scales not in real_parameters(self.name):
            raise FieldError(
                ("protocol", "scales"),
                f"give scales = the parameter of {self.name!r} that lambda(t) multiplies, one "
                f"of: {', '.join(real_parameters(self.name))}",
            )
        defaults = {p.name: p.default for p in info.parameters}
        value = given.get(scales, defaults[scales])
        return _switched(_pinned(build, given, names), scales, value, protocol)


def _quantity(key: str, value: Any, current: Quantity) -> Quantity:
    """An override of the quantity ``current``: a number in its unit or text with a unit."""
    if isinstance(value, str):
        try:
            number, unit = parse_quantity(value, current.kind, key)
        except QBatteryValueError as exc:
            raise field_error((key,), str(exc).removeprefix(f"{key}: ")) from None
        return Quantity(number, unit, "experiment file")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise field_error(
            (key,),
            f"give a number in {current.unit} or a string with a unit such as "
            f"'{current}', got {value!r} ({type(value).__name__})",
        )
    return Quantity(value, current.unit, "experiment file")


def preset_overrides(platform: Platform, given: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``platform.battery`` for the overrides a file gives.

    Parameters
    ----------
    platform : Platform
    given : mapping of str to object
        Quantities as numbers in their own unit or as strings with a unit (``"4.8 GHz"``),
        settings as they are.

    Returns
    -------
    dict
        Quantities as :class:`~qbattery.models.platform.Quantity`, settings unchanged.

    Raises
    ------
    pydantic_core.PydanticCustomError
        At the key: an unknown name (with the closest one), text that is not a number with a
        unit of the quantity's kind (with those units), or a value of another type.
    """
    overrides: dict[str, Any] = {}
    for key, value in given.items():
        if key in platform.quantities:
            overrides[key] = _quantity(key, value, platform.quantities[key])
        elif key in platform.settings:
            overrides[key] = value
        else:
            raise unknown_key(key, [*platform.quantities, *platform.settings])
    return overrides


class PresetModel(_Flat):
    """``preset = "<platform>"`` and its overrides (:mod:`qbattery.models.presets`)."""

    preset: str

    @classmethod
    def head(cls) -> str:
        return "preset"

    @model_validator(mode="after")
    def _known(self) -> PresetModel:
        choice(self.preset, list(PRESETS), "preset", ("preset",))
        preset_overrides(self.platform(), self.parameters)
        return self

    def platform(self) -> Platform:
        """The platform this table names."""
        return PRESETS[self.preset]

    def build(self, seed: int | None, protocol: Protocol | None, scales: str | None) -> Battery:
        platform = self.platform()
        overrides = preset_overrides(platform, self.parameters)

        def build(**changes: Any) -> Battery:
            return platform.battery(**{**overrides, **changes})

        if protocol is None:
            return build()
        if scales is None or scales not in platform.quantities:
            raise FieldError(
                ("protocol", "scales"),
                f"give scales = the quantity of preset {self.preset!r} that lambda(t) "
                f"multiplies, one of: {', '.join(platform.quantities)}",
            )
        unit = platform.quantities[scales].unit
        value = overrides.get(scales, platform.quantities[scales]).to(unit).value
        return _switched(build, scales, value, protocol)


class OperatorModel(Section):
    """``operators = "file.npz"``: a battery from the user's own operators."""

    operators: str

    @field_validator("operators")
    @classmethod
    def _inside(cls, value: str, info: ValidationInfo) -> str:
        context = info.context or {}
        return str(checked_path(value, context.get("directory"), context.get("allowed", ())))

    def build(self, seed: int | None, protocol: Protocol | None, scales: str | None) -> Battery:
        if scales is not None:
            raise FieldError(
                ("protocol", "scales"),
                "a user battery's lambda(t) multiplies its charging_hamiltonian; leave out scales",
            )
        arrays = load_operators(Path(self.operators))
        charging = arrays.pop("charging_hamiltonian", None)
        if protocol is not None and charging is None:
            raise FieldError(
                ("model", "operators"),
                "[protocol] needs the term it switches: add an array charging_hamiltonian "
                "to the .npz",
            )
        hamiltonian: Any = arrays.pop("hamiltonian")
        if charging is not None:
            hamiltonian = [hamiltonian, (charging, 1.0 if protocol is None else protocol)]
        dims, battery = arrays.pop("dims", None), arrays.pop("battery", None)
        return Battery(
            hamiltonian,
            arrays.pop("battery_hamiltonian"),
            arrays.pop("initial_state"),
            dims=None if dims is None else [int(d) for d in dims],
            battery=None if battery is None else [int(k) for k in battery],
            collapse_ops=list(arrays.pop("collapse_ops", [])),
            name=Path(self.operators).stem,
        )


def _source(value: Any) -> str | None:
    tags: dict[type, str] = {
        CatalogueModel: "catalogue",
        OperatorModel: "operators",
        PresetModel: "platform_preset",
    }
    if type(value) in tags:  # serialising
        return tags[type(value)]
    if isinstance(value, Mapping):
        for head, tag in (
            ("name", "catalogue"),
            ("operators", "operators"),
            ("preset", "platform_preset"),
        ):
            if head in value:
                return tag
    return None


ModelSection = Annotated[
    Annotated[CatalogueModel, Tag("catalogue")]
    | Annotated[OperatorModel, Tag("operators")]
    | Annotated[PresetModel, Tag("platform_preset")],
    Discriminator(
        _source,
        custom_error_type="model_source",
        custom_error_message="give one of name = <catalogue model>, operators = <file.npz> or "
        "preset = <platform>",
    ),
]
