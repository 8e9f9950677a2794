"""The model catalogue: what each constructor builds, with its parameters and references.

Entries live with their families in :mod:`qbattery.models.entries`; this module collects them in
a fixed order and looks them up by name. This feeds ``qbattery models [--json]``.

>>> [info.name for info in catalogue()][:2]
['dicke', 'tavis_cummings']
"""

from __future__ import annotations

import difflib

from qbattery.errors import QBatteryValueError
from qbattery.models.entries import ensemble, light_matter, many_body, multilevel
from qbattery.models.info import ModelInfo, ParameterInfo

__all__ = ["ModelInfo", "ParameterInfo", "catalogue", "model_info"]

_MODELS: tuple[ModelInfo, ...] = (
    *light_matter.ENTRIES,
    *many_body.ENTRIES,
    *multilevel.ENTRIES,
    *ensemble.ENTRIES,
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
