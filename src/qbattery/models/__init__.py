"""Battery models: keyword-argument constructors that return a :class:`qbattery.battery.Battery`.

Each constructor builds operators and nothing else; the Hamiltonians are written out, in the
form of CONVENTIONS.md, in each docstring. :func:`catalogue` lists them all. One module (or
subpackage) per family holds its constructors and their catalogue entries:
:mod:`~qbattery.models.light_matter` (cavities charging atoms or spins, with the initial-state
helpers), :mod:`~qbattery.models.spins`, :mod:`~qbattery.models.spin_chains`,
:mod:`~qbattery.models.spin_disorder`, :mod:`~qbattery.models.spin_baths`,
:mod:`~qbattery.models.syk`, :mod:`~qbattery.models.oscillator`,
:mod:`~qbattery.models.multilevel`, :mod:`~qbattery.models.rydberg` and
:mod:`~qbattery.models.ensemble`; the operators they share are in :mod:`~qbattery.models.ladders`
and :mod:`~qbattery.models.bonds`. :mod:`~qbattery.models.quadratic_chain` describes the
quadratic (free-fermion) chains that :func:`qbattery.free_fermion_charge` solves.

Adding a model: write the constructor in its family's module with a numpydoc docstring that
describes every parameter (``As in :func:`...``` reuses another constructor's description) and
decorate it with :func:`~qbattery.models.info.catalogued` (one-line ``H``, ``H_B``, initial state
and reference); a family's shared keyword arguments come with ``**options: Unpack[...]`` and
:func:`~qbattery.models.arguments.shared_arguments`. Re-export it below, and write its tests
(its positional contract in ``tests/models/test_catalogue.py``). A new family module is also
listed in :data:`qbattery.models.catalogue.FAMILIES`.

Note that ``qbattery.models.catalogue`` is the function; its module is reached with
``from qbattery.models.catalogue import ModelInfo``.
"""

from qbattery.models.bonds import bond_hamiltonian as bond_hamiltonian
from qbattery.models.catalogue import ModelInfo, catalogue, model_info
from qbattery.models.ensemble import open_dicke, spin_ensemble
from qbattery.models.light_matter import (
    anisotropic_dicke,
    cavity_heisenberg,
    dicke,
    dicke_state,
    dipole_dicke,
    dual_cavity,
    ghz_state,
    intensity_dependent_tavis_cummings,
    interacting_dicke,
    jaynes_cummings,
    optomechanical,
    rabi,
    spin_coherent_state,
    squeezed_state,
    symmetric_embedding,
    tavis_cummings,
    tavis_cummings_sector,
    thermal_state,
    three_level_dicke,
    two_mode_jaynes_cummings,
    two_photon_dicke,
    two_photon_jaynes_cummings,
)
from qbattery.models.multilevel import closed_loop_battery, qutrit_battery, stirap_battery
from qbattery.models.multilevel import self_discharged_state as self_discharged_state
from qbattery.models.oscillator import driven_oscillator, oscillator_charger
from qbattery.models.rydberg import blockade_radius as blockade_radius
from qbattery.models.rydberg import rydberg_array
from qbattery.models.spin_baths import central_spin, two_bath_chain
from qbattery.models.spin_chains import (
    dimerised_xy_chain,
    ising_chain,
    long_range_chain,
    xxx_chain,
    xyz_chain,
)
from qbattery.models.spin_disorder import disordered_ising_chain
from qbattery.models.spins import xxz_chain
from qbattery.models.syk import syk

# The model constructors, the catalogue and the initial-state helpers. Helpers that are not
# models (bond_hamiltonian, blockade_radius, self_discharged_state) stay importable from here
# but live with their families.
__all__ = [
    "ModelInfo",
    "anisotropic_dicke",
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
