"""The model catalogue: what each constructor builds, with its parameters and references.

Each family module registers its constructors where it defines them
(:func:`qbattery.models.info.catalogued`); this module lists the families in a fixed order and
looks the entries up by name. This feeds ``qbattery models [--json]``.

>>> [info.name for info in catalogue()][:2]
['dicke', 'tavis_cummings']
"""

from __future__ import annotations

import difflib
import functools
import importlib

from qbattery.errors import QBatteryValueError
from qbattery.models.info import ModelInfo, ParameterInfo, registered

__all__ = ["ModelInfo", "ParameterInfo", "catalogue", "model_info"]

#: The family modules, in catalogue order; within one, entries follow their definitions.
FAMILIES = (
    "qbattery.models.light_matter.dicke",
    "qbattery.models.light_matter.excitation_sector",
    "qbattery.models.light_matter.cells",
    "qbattery.models.light_matter.variants",
    "qbattery.models.light_matter.multiphoton",
    "qbattery.models.light_matter.two_modes",
    "qbattery.models.light_matter.cavity_spins",
    "qbattery.models.spins",
    "qbattery.models.spin_chains",
    "qbattery.models.spin_disorder",
    "qbattery.models.spin_baths",
    "qbattery.models.syk",
    "qbattery.models.global_charging",
    "qbattery.models.oscillator",
    "qbattery.models.multilevel.stirap",
    "qbattery.models.multilevel.resonant",
    "qbattery.models.rydberg",
    "qbattery.models.ensemble",
)


@functools.cache
def _models() -> tuple[ModelInfo, ...]:
    for family in FAMILIES:
        importlib.import_module(family)
    entries = registered()
    unlisted = sorted(set(entries) - set(FAMILIES))
    if unlisted:
        raise QBatteryValueError(
            f"catalogue: modules {unlisted} register models but are not among the families; "
            "add them to qbattery.models.catalogue.FAMILIES"
        )
    return tuple(entry.info() for family in FAMILIES for entry in entries.get(family, ()))


def catalogue() -> list[ModelInfo]:
    """Every model constructor in :mod:`qbattery.models`, in a fixed order.

    Returns
    -------
    list of ModelInfo
        ``[info.to_dict() for info in catalogue()]`` is the ``qbattery models --json`` output.

    Examples
    --------
    >>> from qbattery.models import catalogue
    >>> entries = catalogue()
    >>> entries[0].name, len({info.name for info in entries}) == len(entries)
    ('dicke', True)
    """
    return list(_models())


def model_info(name: str) -> ModelInfo:
    """The catalogue entry called ``name``; an unknown name is an error naming the closest one.

    Examples
    --------
    >>> model_info("dicke").constructor.__name__
    'dicke'
    """
    for info in _models():
        if info.name == name:
            return info
    names = [info.name for info in _models()]
    close = difflib.get_close_matches(str(name), names, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise QBatteryValueError(f"model: unknown model {name!r}; {hint}valid models: {names}")
