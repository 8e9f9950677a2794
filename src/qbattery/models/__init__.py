"""Battery models: keyword-argument constructors that return a :class:`qbattery.battery.Battery`.

Each constructor builds operators and nothing else; the Hamiltonians are written out, in the
form of docs/conventions.md, in each docstring. :func:`catalogue` lists them all. One module (or
subpackage) per family holds its constructors and their catalogue entries:
:mod:`~qbattery.models.light_matter` (cavities charging atoms or spins, with the initial-state
helpers), :mod:`~qbattery.models.spins`, :mod:`~qbattery.models.spin_chains`,
:mod:`~qbattery.models.spin_disorder`, :mod:`~qbattery.models.spin_baths`,
:mod:`~qbattery.models.syk`, :mod:`~qbattery.models.oscillator`,
:mod:`~qbattery.models.multilevel`, :mod:`~qbattery.models.rydberg` and
:mod:`~qbattery.models.ensemble`; the operators they share are in :mod:`~qbattery.models.ladders`
and :mod:`~qbattery.models.bonds`. :mod:`~qbattery.models.quadratic_chain` describes the
quadratic (free-fermion) chains that :func:`qbattery.free_fermion_charge` solves.
:mod:`~qbattery.models.presets` holds the experimental platforms of review sec. 7 with physical
units (``qbattery.models.presets.platform("transmon").battery()``); it is a submodule, not a
family, and adds no model to the catalogue.

Adding a model: write the constructor in its family's module with a numpydoc docstring that
describes every parameter (``As in :func:`...``` reuses another constructor's description) and
decorate it with :func:`~qbattery.models.info.catalogued` (one-line ``H``, ``H_B``, initial state
and reference); a family's shared keyword arguments come with ``**options: Unpack[...]`` and
:func:`~qbattery.models.arguments.shared_arguments`. Add its name to the family module's
``__all__`` (this package re-exports every family's ``__all__``), and write its tests (its
positional contract in ``tests/models/test_catalogue.py``). A new family module is also listed
in :data:`qbattery.models.catalogue.FAMILIES` and below.

Note that ``qbattery.models.catalogue`` is the function; its module is reached with
``from qbattery.models.catalogue import ModelInfo``.
"""

from qbattery.models import ensemble as _ensemble
from qbattery.models import global_charging as _global_charging
from qbattery.models import light_matter as _light_matter
from qbattery.models import multilevel as _multilevel
from qbattery.models import oscillator as _oscillator
from qbattery.models import presets as presets
from qbattery.models import rydberg as _rydberg
from qbattery.models import spin_baths as _spin_baths
from qbattery.models import spin_chains as _spin_chains
from qbattery.models import spin_disorder as _spin_disorder
from qbattery.models import spins as _spins
from qbattery.models import syk as _syk
from qbattery.models.bonds import bond_hamiltonian as bond_hamiltonian
from qbattery.models.catalogue import ModelInfo, catalogue, model_info
from qbattery.models.ensemble import *  # noqa: F403
from qbattery.models.global_charging import *  # noqa: F403
from qbattery.models.light_matter import *  # noqa: F403
from qbattery.models.multilevel import *  # noqa: F403
from qbattery.models.multilevel import self_discharged_state as self_discharged_state
from qbattery.models.oscillator import *  # noqa: F403
from qbattery.models.rydberg import *  # noqa: F403
from qbattery.models.rydberg import blockade_radius as blockade_radius
from qbattery.models.spin_baths import *  # noqa: F403
from qbattery.models.spin_chains import *  # noqa: F403
from qbattery.models.spin_disorder import *  # noqa: F403
from qbattery.models.spins import *  # noqa: F403
from qbattery.models.syk import *  # noqa: F403

# The catalogue, and every family's models (and the light-matter initial-state helpers), as
# each family module lists them in its __all__. Helpers that are not models (bond_hamiltonian,
# blockade_radius, self_discharged_state) stay importable from here but live with their
# families.
__all__ = ["ModelInfo", "catalogue", "model_info"]
__all__ += _light_matter.__all__
__all__ += _spins.__all__
__all__ += _spin_chains.__all__
__all__ += _spin_disorder.__all__
__all__ += _spin_baths.__all__
__all__ += _syk.__all__
__all__ += _global_charging.__all__
__all__ += _oscillator.__all__
__all__ += _multilevel.__all__
__all__ += _rydberg.__all__
__all__ += _ensemble.__all__

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
