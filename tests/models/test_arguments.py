"""Shared keyword arguments (models/arguments.py): one definition, every signature and docstring.

Expected values are written out here: the nine cavity-atom options and the two chain options with
their defaults, in the order the constructors take them.
"""

from __future__ import annotations

import inspect
from typing import Annotated, TypedDict, Unpack

import pytest

import qbattery.models as models
from qbattery.models.arguments import Argument, defaults, shared_arguments
from qbattery.models.light_matter.options import CavityAtomOptions

CAVITY_ATOM_DEFAULTS = {
    "cutoff": None,
    "charger": "fock",
    "photons": None,
    "coupling_scaling": "fixed",
    "basis": "symmetric",
    "battery_state": "ground",
    "excitations": None,
    "polar_angle": None,
    "azimuthal_angle": None,
}

COLLECTIVE = [
    models.dicke,
    models.tavis_cummings,
    models.anisotropic_dicke,
    models.interacting_dicke,
    models.dipole_dicke,
    models.intensity_dependent_tavis_cummings,
    models.two_photon_dicke,
    models.dual_cavity,
]


def keyword_defaults(constructor: object) -> dict[str, object]:
    parameters = inspect.signature(constructor).parameters.values()
    return {p.name: p.default for p in parameters if p.kind is p.KEYWORD_ONLY}


def test_defaults_of_the_cavity_atom_options() -> None:
    assert defaults(CavityAtomOptions) == CAVITY_ATOM_DEFAULTS
    assert list(defaults(CavityAtomOptions)) == list(CAVITY_ATOM_DEFAULTS)


@pytest.mark.parametrize("constructor", COLLECTIVE, ids=lambda c: c.__name__)
def test_signature_lists_every_shared_option(constructor: object) -> None:
    options = keyword_defaults(constructor)
    assert list(options)[-len(CAVITY_ATOM_DEFAULTS) :] == list(CAVITY_ATOM_DEFAULTS)
    assert {key: options[key] for key in CAVITY_ATOM_DEFAULTS} == CAVITY_ATOM_DEFAULTS
    doc = inspect.getdoc(constructor) or ""
    for name in CAVITY_ATOM_DEFAULTS:
        assert doc.count(f"\n{name} : ") == 1, name


@pytest.mark.parametrize(
    "constructor", [models.ising_chain, models.two_bath_chain, models.disordered_ising_chain]
)
def test_chain_options(constructor: object) -> None:
    options = keyword_defaults(constructor)
    assert list(options)[-2:] == ["boundary", "charging"]
    assert options["boundary"] == "open" and options["charging"] == "uniform"


def test_unknown_keyword_is_refused_and_defaults_are_recorded() -> None:
    with pytest.raises(TypeError, match="cutof"):
        models.dicke(2, 0.1, cutof=3)
    with pytest.raises(TypeError, match="basis"):
        models.rabi(0.1, basis="full")
    battery = models.dicke(2, 0.1)
    assert battery.parameters["basis"] == "symmetric"
    assert battery.parameters["charger"] == "fock"


class Scale(TypedDict, total=False):
    """A toy group of shared arguments (at module level, where annotations are resolved)."""

    factor: Annotated[float, Argument(2.0, "float", "Multiplies the result.")]


def test_shared_arguments_on_a_toy_constructor() -> None:
    @shared_arguments
    def scaled(value: float, **options: Unpack[Scale]) -> float:
        """Scale a value.

        Parameters
        ----------
        value : float
            The value.

        Returns
        -------
        float
        """
        return value * options["factor"]

    assert scaled(3.0) == 6.0 and scaled(3.0, factor=0.5) == 1.5
    assert keyword_defaults(scaled) == {"factor": 2.0}
    doc = inspect.getdoc(scaled) or ""
    assert "factor : float\n    Multiplies the result.\n\nReturns" in doc


def test_a_constructor_without_options_is_refused() -> None:
    def plain(value: float) -> float:
        """Nothing shared.

        Parameters
        ----------
        value : float
            The value.
        """
        return value

    with pytest.raises(TypeError, match="Unpack"):
        shared_arguments(plain)
