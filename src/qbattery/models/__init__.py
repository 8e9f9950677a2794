"""Battery models: keyword-argument constructors that return a :class:`qbattery.battery.Battery`.

Each constructor builds operators and nothing else; the Hamiltonians are written out, in the
form of CONVENTIONS.md, in each docstring. :func:`catalogue` lists them all.

Note that ``qbattery.models.catalogue`` is the function; its module is reached with
``from qbattery.models.catalogue import ModelInfo``.
"""

from qbattery.models.catalogue import ModelInfo, catalogue, model_info
from qbattery.models.light_matter import dicke, jaynes_cummings, rabi, tavis_cummings
from qbattery.models.spins import xxz_chain

__all__ = [
    "ModelInfo",
    "catalogue",
    "dicke",
    "jaynes_cummings",
    "model_info",
    "rabi",
    "tavis_cummings",
    "xxz_chain",
]
