"""What surrounds a battery, apart from how it is solved.

- :mod:`~qbattery.environments.markovian`: Lindblad noise with detailed balance on any battery
  (:func:`local_noise`, :func:`collective_noise`), solved by the generic open-system methods.
- :mod:`~qbattery.environments.ensemble`: :class:`EnsembleNoise` on N identical cells, solved in
  the permutation-invariant blocks.
- :mod:`~qbattery.environments.pseudomodes`: Lorentzian reservoirs as damped modes added to the
  battery (:func:`add_pseudomodes`).
- :mod:`~qbattery.environments.baths`: Drude-Lorentz and Ohmic baths for the HEOM solver.
- :mod:`~qbattery.environments.redfield`: weakly coupled baths for Bloch-Redfield.
- :mod:`~qbattery.environments.reservoirs`: :class:`SharedReservoir`, emitters coupled only
  through one Lorentzian reservoir (remote charging, review sec. 6).
- :mod:`~qbattery.environments.waveguide`: :class:`RectangularWaveguide`, emitters coupled
  through the TE_mn modes of a metal waveguide (TE_10 by default; review eqs. 36-39).
- :mod:`~qbattery.environments.cavity_array`: a band-gap reservoir (coupled-cavity array),
  discretised, with its exact self-energy and bound states (:class:`CavityArray`).

An environment attached to a :class:`~qbattery.battery.Battery` names the ``charge`` method that
solves it (:class:`qbattery.battery.Environment`).
"""

from qbattery.environments.baths import (
    DrudeLorentzEnvironment,
    ExponentialBath,
    HEOMEnvironment,
    OhmicEnvironment,
)
from qbattery.environments.cavity_array import CavityArray
from qbattery.environments.ensemble import EnsembleNoise
from qbattery.environments.markovian import (
    bose_einstein,
    collective_noise,
    ladder,
    local_noise,
    thermal_jumps,
    with_collapse_ops,
)
from qbattery.environments.pseudomodes import Lorentzian, LorentzianBath, add_pseudomodes
from qbattery.environments.redfield import RedfieldEnvironment
from qbattery.environments.reservoirs import SharedReservoir
from qbattery.environments.waveguide import RectangularWaveguide

__all__ = [
    "CavityArray",
    "DrudeLorentzEnvironment",
    "EnsembleNoise",
    "ExponentialBath",
    "HEOMEnvironment",
    "Lorentzian",
    "LorentzianBath",
    "OhmicEnvironment",
    "RectangularWaveguide",
    "RedfieldEnvironment",
    "SharedReservoir",
    "add_pseudomodes",
    "bose_einstein",
    "collective_noise",
    "ladder",
    "local_noise",
    "thermal_jumps",
    "with_collapse_ops",
]
