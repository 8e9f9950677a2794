"""Battery models: keyword-argument constructors that return a :class:`qbattery.battery.Battery`.

Each constructor builds operators and nothing else; the Hamiltonians are written out, in the
form of CONVENTIONS.md, in each docstring. :func:`catalogue` lists them all. Initial-state
helpers (charger and atom states) live in :mod:`qbattery.models.light_matter.states`.

Note that ``qbattery.models.catalogue`` is the function; its module is reached with
``from qbattery.models.catalogue import ModelInfo``.
"""

from qbattery.models.catalogue import ModelInfo, catalogue, model_info
from qbattery.models.ensemble import open_dicke, spin_ensemble
from qbattery.models.light_matter import dicke, jaynes_cummings, rabi, tavis_cummings
from qbattery.models.light_matter.cavity_spins import cavity_heisenberg, three_level_dicke
from qbattery.models.light_matter.excitation_sector import tavis_cummings_sector
from qbattery.models.light_matter.multiphoton import (
    two_mode_jaynes_cummings,
    two_photon_dicke,
    two_photon_jaynes_cummings,
)
from qbattery.models.light_matter.states import (
    dicke_state,
    ghz_state,
    spin_coherent_state,
    squeezed_state,
    symmetric_embedding,
    thermal_state,
)
from qbattery.models.light_matter.two_modes import dual_cavity, optomechanical
from qbattery.models.light_matter.variants import (
    anisotropic_dicke,
    dipole_dicke,
    intensity_dependent_tavis_cummings,
    interacting_dicke,
)
from qbattery.models.multilevel import (
    closed_loop_battery,
    qutrit_battery,
    self_discharged_state,
    stirap_battery,
)
from qbattery.models.oscillator import driven_oscillator, oscillator_charger
from qbattery.models.rydberg import blockade_radius, rydberg_array
from qbattery.models.spin_baths import central_spin, two_bath_chain
from qbattery.models.spin_chains import (
    dimerised_xy_chain,
    ising_chain,
    long_range_chain,
    xxx_chain,
    xyz_chain,
)
from qbattery.models.spin_disorder import disordered_ising_chain
from qbattery.models.spins import bond_hamiltonian, xxz_chain
from qbattery.models.syk import syk

__all__ = [
    "ModelInfo",
    "anisotropic_dicke",
    "blockade_radius",
    "bond_hamiltonian",
    "catalogue",
    "cavity_heisenberg",
    "central_spin",
    "closed_loop_battery",
    "dicke",
    "dicke_state",
    "dimerised_xy_chain",
    "dipole_dicke",
    "disordered_ising_chain",
    "driven_oscillator",
    "dual_cavity",
    "ghz_state",
    "intensity_dependent_tavis_cummings",
    "interacting_dicke",
    "ising_chain",
    "jaynes_cummings",
    "long_range_chain",
    "model_info",
    "open_dicke",
    "optomechanical",
    "oscillator_charger",
    "qutrit_battery",
    "rabi",
    "rydberg_array",
    "self_discharged_state",
    "spin_coherent_state",
    "spin_ensemble",
    "squeezed_state",
    "stirap_battery",
    "syk",
    "symmetric_embedding",
    "tavis_cummings",
    "tavis_cummings_sector",
    "thermal_state",
    "three_level_dicke",
    "two_bath_chain",
    "two_mode_jaynes_cummings",
    "two_photon_dicke",
    "two_photon_jaynes_cummings",
    "xxx_chain",
    "xxz_chain",
    "xyz_chain",
]

#: Names that moved out of the models package and where they live now.
_MOVED = {
    "syk_average": "qbattery.studies.syk",
    "syk_scaling": "qbattery.studies.syk",
}


def __getattr__(name: str) -> object:
    """Keep moved names importable from here (PEP 562), pointing at their new home."""
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module 'qbattery.models' has no attribute {name!r}")
