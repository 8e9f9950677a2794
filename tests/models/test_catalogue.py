"""The model catalogue, and bad input refused by every constructor with the argument named.

The positional contract (names and defaults) is written out here, not read from the code, so a
changed signature fails a test; the keyword-only defaults are checked against the signatures.
"""

from __future__ import annotations

import inspect
import json

import numpy as np
import pytest

import qbattery.models as models
from qbattery.battery import Battery
from qbattery.errors import QBatteryError, QBatteryTypeError, QBatteryValueError
from qbattery.models import (
    anisotropic_dicke,
    cavity_heisenberg,
    dicke,
    dipole_dicke,
    dual_cavity,
    intensity_dependent_tavis_cummings,
    interacting_dicke,
    optomechanical,
    rabi,
    tavis_cummings,
    three_level_dicke,
    two_mode_jaynes_cummings,
    two_photon_dicke,
    two_photon_jaynes_cummings,
)
from qbattery.models.catalogue import ModelInfo, catalogue, model_info
from qbattery.models.info import CatalogueEntry

_ATOMS = [("n_atoms", None), ("coupling", None)]
_CELL = [("coupling", None), ("omega_c", 1.0)]

# Public contract: positional parameters and defaults of every model, written out here.
CONTRACT = {
    "dicke": [*_ATOMS, ("omega_c", 1.0), ("omega_a", 1.0)],
    "tavis_cummings": [*_ATOMS, ("omega_c", 1.0), ("omega_a", 1.0)],
    "tavis_cummings_sector": [*_ATOMS, ("omega_c", 1.0), ("omega_a", 1.0)],
    "rabi": [*_CELL, ("omega_a", 1.0)],
    "jaynes_cummings": [*_CELL, ("omega_a", 1.0)],
    "xxz_chain": [("n_spins", None), ("J", None), ("delta", None), ("omega", 1.0), ("field", 1.0)],
    "anisotropic_dicke": [*_ATOMS, ("anisotropy", None), ("omega_c", 1.0), ("omega_a", 1.0)],
    "interacting_dicke": [*_ATOMS, ("interaction", None), ("omega_c", 1.0), ("omega_a", 1.0)],
    "dipole_dicke": [*_ATOMS, ("dipole_coupling", None), ("omega_c", 1.0), ("omega_a", 1.0)],
    "intensity_dependent_tavis_cummings": [*_ATOMS, ("omega_c", 1.0), ("omega_a", 1.0)],
    "two_photon_dicke": [*_ATOMS, ("omega_c", 1.0), ("omega_a", 2.0)],
    "two_photon_jaynes_cummings": [*_CELL, ("omega_a", 2.0)],
    "two_mode_jaynes_cummings": [*_CELL, ("omega_b", 1.0), ("omega_a", 2.0)],
    "dual_cavity": [*_ATOMS, ("hopping", None), ("omega_c", 1.0), ("omega_a", 1.0)],
    "optomechanical": [
        *_ATOMS,
        ("optomechanical_coupling", None),
        ("omega_m", 1.0),
        ("omega_c", 1.0),
        ("omega_a", 1.0),
    ],
    "cavity_heisenberg": [
        ("n_spins", None),
        ("coupling", None),
        ("J", None),
        ("delta", None),
        ("omega_c", 1.0),
        ("omega_a", 1.0),
    ],
    "three_level_dicke": [
        *_ATOMS,
        ("omega_1", None),
        ("omega_2", None),
        ("omega_c", 1.0),
    ],
    "syk": [("n_sites", None), ("coupling", 1.0), ("field", 1.0)],
    "spin_ensemble": [
        ("n_atoms", None),
        ("omega", 1.0),
        ("drive", 0.0),
        ("emission", 0.0),
        ("dephasing", 0.0),
        ("pumping", 0.0),
        ("collective_emission", 0.0),
        ("interaction", 0.0),
    ],
    "open_dicke": [*_ATOMS, ("omega_c", 1.0), ("omega_a", 1.0)],
    "ising_chain": [("n_spins", None), ("J", None), ("omega", 1.0), ("field", 1.0)],
    "xyz_chain": [
        ("n_spins", None),
        ("Jx", None),
        ("Jy", None),
        ("Jz", None),
        ("omega", 1.0),
        ("field", 1.0),
    ],
    "xxx_chain": [("n_spins", None), ("J", None), ("omega", 1.0), ("field", 1.0)],
    "dimerised_xy_chain": [
        ("n_spins", None),
        ("J", None),
        ("dimerisation", None),
        ("omega", 1.0),
        ("field", 1.0),
    ],
    "long_range_chain": [
        ("n_spins", None),
        ("Jx", None),
        ("Jy", None),
        ("Jz", None),
        ("range_exponent", None),
        ("omega", 1.0),
        ("field", 1.0),
    ],
    "disordered_ising_chain": [
        ("n_spins", None),
        ("J", None),
        ("disorder", None),
        ("omega", 1.0),
        ("field", 1.0),
    ],
    "central_spin": [("n_spins", None), ("coupling", None), ("omega_c", 1.0), ("omega_a", 1.0)],
    "two_bath_chain": [
        ("n_spins", None),
        ("J", None),
        ("delta", None),
        ("temperature_left", None),
        ("temperature_right", None),
        ("omega", 1.0),
        ("field", 0.0),
    ],
    "global_charging": [("n_spins", None), ("coupling", None), ("omega", 1.0)],
    "driven_oscillator": [("drive", None), ("omega", 1.0)],
    "oscillator_charger": [("coupling", None), ("omega_c", 1.0), ("omega_b", 1.0)],
    "stirap_battery": [
        ("rabi_frequency", None),
        ("duration", None),
        ("omega_1", 1.0),
        ("omega_2", 2.0),
    ],
    "closed_loop_battery": [("coupling", None), ("omega_1", 1.0), ("omega_2", 2.0)],
    "qutrit_battery": [("rabi_frequency", None), ("omega_q", 1.0), ("anharmonicity", -0.05)],
    "rydberg_array": [
        ("n_atoms", None),
        ("rabi_frequency", None),
        ("interaction", None),
        ("detuning", 0.0),
        ("omega", 1.0),
    ],
}

REQUIRED_VALUES = {
    "Jx": 0.1,
    "Jy": 0.05,
    "Jz": 0.2,
    "dimerisation": 0.5,
    "range_exponent": 1.0,
    "disorder": 1.0,
    "temperature_left": 1.0,
    "temperature_right": 0.5,
    "n_sites": 4,
    "seed": 0,
    "drive": 0.1,
    "rabi_frequency": 1.0,
    "duration": 10.0,
    "n_atoms": 2,
    "coupling": 0.1,
    "n_spins": 3,
    "J": 0.1,
    "delta": 0.5,
    "anisotropy": 0.5,
    "interaction": 0.3,
    "dipole_coupling": 0.2,
    "hopping": 0.2,
    "optomechanical_coupling": 0.05,
    "omega_1": 1.0,
    "omega_2": 2.0,
}


def test_catalogue_lists_every_model() -> None:
    names = [info.name for info in catalogue()]
    assert sorted(names) == sorted(CONTRACT)
    assert len(set(names)) == len(names)
    for name in names:
        assert name in models.__all__
        assert getattr(models, name) is model_info(name).constructor


@pytest.mark.parametrize("info", catalogue(), ids=lambda info: info.name)
def test_catalogue_entry(info: ModelInfo) -> None:
    record = info.to_dict()
    assert json.loads(json.dumps(record)) == record
    assert {"name", "parameters", "hamiltonian"} <= set(record)
    assert record["name"] == info.name and record["hamiltonian"].startswith("H = ")
    assert "\n" not in record["hamiltonian"]
    signature = inspect.signature(info.constructor)
    assert [p["name"] for p in record["parameters"]] == list(signature.parameters)
    for entry in record["parameters"]:
        parameter = signature.parameters[entry["name"]]
        assert entry["required"] == (parameter.default is inspect.Parameter.empty)
        if not entry["required"]:
            assert entry["default"] == parameter.default
        assert entry["keyword_only"] == (parameter.kind is inspect.Parameter.KEYWORD_ONLY)
        assert entry["description"]
    positional = [(p["name"], p["default"]) for p in record["parameters"] if not p["keyword_only"]]
    assert positional == CONTRACT[info.name]
    required = {
        p["name"]: REQUIRED_VALUES[p["name"]] for p in record["parameters"] if p["required"]
    }
    battery = info.constructor(**required)
    assert battery.name == info.name
    assert battery.dimension < 5000  # the defaults build small models
    assert set(battery.parameters) >= {key for key in required if key != "coupling"}


def test_catalogue_errors() -> None:
    with pytest.raises(ValueError, match="did you mean 'dicke'"):
        model_info("dike")
    with pytest.raises(ValueError, match="descriptions"):
        ModelInfo(
            name="rabi",
            constructor=rabi,
            summary="",
            hamiltonian="",
            battery_hamiltonian="",
            initial_state="",
            reference="",
            descriptions={"coupling": "only one"},
        )


# --- bad input, argument named ------------------------------------------------------------------

BAD_INPUT = [
    # shared options of the N-atom models
    (lambda: dicke(3, 0.1, basis="product"), QBatteryValueError, "basis"),
    (lambda: tavis_cummings(11, 0.1, basis="full"), QBatteryValueError, "n_atoms"),
    (lambda: dicke(3, 0.1, battery_state="excited"), QBatteryValueError, "battery_state"),
    (lambda: dicke(3, 0.1, battery_state="dicke"), QBatteryValueError, "excitations"),
    (
        lambda: dicke(3, 0.1, battery_state="dicke", excitations=4),
        QBatteryValueError,
        "excitations",
    ),
    (lambda: dicke(3, 0.1, excitations=1), QBatteryValueError, "excitations"),
    (lambda: dicke(3, 0.1, battery_state="coherent"), QBatteryValueError, "polar_angle"),
    (lambda: dicke(3, 0.1, polar_angle=1.0), QBatteryValueError, "polar_angle"),
    (
        lambda: dicke(3, 0.1, battery_state="coherent", polar_angle=float("nan")),
        QBatteryValueError,
        "polar_angle",
    ),
    (lambda: dicke(3, 0.1, battery_state=np.ones(3)), QBatteryValueError, "battery_state"),
    (lambda: dicke(3, 0.1, battery_state=np.ones(4)), QBatteryValueError, "battery_state"),
    (lambda: dicke(3, 0.1, photons=-1), QBatteryValueError, "photons"),
    (lambda: dicke(3, 0.1, photons=2.5), QBatteryValueError, "photons"),
    (lambda: tavis_cummings(3, 0.1, charger="squeezed", cutoff=10), QBatteryValueError, "cutoff"),
    (lambda: tavis_cummings(3, 0.1, charger="thermal", cutoff=20), QBatteryValueError, "cutoff"),
    (
        lambda: tavis_cummings(6, 0.1, basis="full", charger="thermal"),
        QBatteryValueError,
        "charger",
    ),
    (lambda: rabi(0.1, charger="squeezing"), QBatteryValueError, "charger"),
    # anisotropic, interacting, dipole, intensity-dependent
    (lambda: anisotropic_dicke(2, 0.1, float("inf")), QBatteryValueError, "anisotropy"),
    (lambda: anisotropic_dicke(2, 0.1, "1"), QBatteryTypeError, "anisotropy"),
    (lambda: anisotropic_dicke(0, 0.1, 0.5), QBatteryValueError, "n_atoms"),
    (lambda: interacting_dicke(2, 0.1, float("nan")), QBatteryValueError, "interaction"),
    (
        lambda: interacting_dicke(2, 0.1, 0.3, interaction_axis="y"),
        QBatteryValueError,
        "interaction_axis",
    ),
    (lambda: interacting_dicke(2, 0.1, 0.3, atom_drive=None), QBatteryTypeError, "atom_drive"),
    (
        lambda: interacting_dicke(2, 0.1, 0.3, cavity_drive=float("inf")),
        QBatteryValueError,
        "cavity_drive",
    ),
    (lambda: interacting_dicke(2, 0.1, 0.3, omega_a=0), QBatteryValueError, "omega_a"),
    (lambda: dipole_dicke(2, 0.1, 1j), QBatteryTypeError, "dipole_coupling"),
    (lambda: dipole_dicke(2, 0.1, 0.2, drive=float("nan")), QBatteryValueError, "drive"),
    (lambda: dipole_dicke(2, 0.1, 0.2, coupling_scaling="sqrt"), QBatteryValueError, "scaling"),
    (lambda: intensity_dependent_tavis_cummings(2.5, 0.1), QBatteryTypeError, "n_atoms"),
    (lambda: intensity_dependent_tavis_cummings(2, 0.1, cutoff=1), QBatteryValueError, "cutoff"),
    # multiphoton
    (lambda: two_photon_dicke(2, 0.25), QBatteryValueError, "coupling"),
    (lambda: two_photon_dicke(2, 0.1, omega_c=-1.0), QBatteryValueError, "omega_c"),
    (
        lambda: two_photon_dicke(2, 0.1, single_photon_coupling=float("nan")),
        QBatteryValueError,
        "single_photon_coupling",
    ),
    (lambda: two_photon_dicke(2, 0.1, cutoff=3), QBatteryValueError, "cutoff"),
    (lambda: two_photon_jaynes_cummings(float("nan")), QBatteryValueError, "coupling"),
    (lambda: two_photon_jaynes_cummings(0.1, cutoff=1), QBatteryValueError, "cutoff"),
    (lambda: two_photon_jaynes_cummings(0.1, omega_a=0.0), QBatteryValueError, "omega_a"),
    (lambda: two_mode_jaynes_cummings(0.1, omega_b=0.0), QBatteryValueError, "omega_b"),
    (lambda: two_mode_jaynes_cummings(0.1, photons=-2), QBatteryValueError, "photons"),
    (lambda: two_mode_jaynes_cummings(0.1, photons=2, cutoff=1), QBatteryValueError, "cutoff"),
    # dual cavity, optomechanical
    (lambda: dual_cavity(2, 0.1, float("nan")), QBatteryValueError, "hopping"),
    (lambda: dual_cavity(2, 0.1, 0.2, rotating_wave="yes"), QBatteryTypeError, "rotating_wave"),
    (lambda: dual_cavity(2, 0.1, 0.2, cutoff=1), QBatteryValueError, "cutoff"),
    (lambda: optomechanical(1, 0.1, "g"), QBatteryTypeError, "optomechanical_coupling"),
    (lambda: optomechanical(1, 0.1, 0.1, omega_m=0.0), QBatteryValueError, "omega_m"),
    (lambda: optomechanical(1, 0.1, 0.1, phonons=-1.0), QBatteryValueError, "phonons"),
    (
        lambda: optomechanical(1, 0.1, 0.1, phonons=3, mechanical_cutoff=2),
        QBatteryValueError,
        "mechanical_cutoff",
    ),
    (lambda: optomechanical(1, 0.1, 0.1, cutoff=-1), QBatteryValueError, "cutoff"),
    (lambda: optomechanical(1, 0.1, 0.1, phonons=0.5), QBatteryValueError, "phonons"),
    # cavity-Heisenberg chain, three-level atoms
    (lambda: cavity_heisenberg(11, 0.1, 0.1, 0.5), QBatteryValueError, "n_spins"),
    (lambda: cavity_heisenberg(3, 0.1, float("nan"), 0.5), QBatteryValueError, "J"),
    (lambda: cavity_heisenberg(3, 0.1, 0.1, None), QBatteryTypeError, "delta"),
    (lambda: cavity_heisenberg(3, 0.1, 0.1, 0.5, boundary="ring"), QBatteryValueError, "boundary"),
    (
        lambda: cavity_heisenberg(3, 0.1, 0.1, 0.5, range_exponent=0.0),
        QBatteryValueError,
        "range_exponent",
    ),
    (lambda: cavity_heisenberg(2, 0.1, 0.0, 0.0, omega_a=-1.0), QBatteryValueError, "omega_a"),
    (lambda: three_level_dicke(7, 0.1, 1.0, 2.0), QBatteryValueError, "n_atoms"),
    (lambda: three_level_dicke(2, 0.1, 2.0, 1.0), QBatteryValueError, "omega_1"),
    (lambda: three_level_dicke(2, 0.1, 0.0, 1.0), QBatteryValueError, "omega_1"),
    (
        lambda: three_level_dicke(2, 0.1, 1.0, 2.0, configuration="delta"),
        QBatteryValueError,
        "configuration",
    ),
    (
        lambda: three_level_dicke(2, 0.1, 1.0, 2.0, second_coupling=float("inf")),
        QBatteryValueError,
        "second_coupling",
    ),
    (lambda: three_level_dicke(2, 0.1, 1.0, 2.0, cutoff=1), QBatteryValueError, "cutoff"),
]


@pytest.mark.parametrize(("call", "error", "argument"), BAD_INPUT)
def test_bad_input_names_the_argument(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument) as info:
        call()
    assert isinstance(info.value, QBatteryError)


def test_degenerate_chain_ground_state_is_refused() -> None:
    # Ferromagnetic Heisenberg pair (J = -1, delta = 1): the triplet is degenerate up to the
    # Zeeman splitting, here far below the degeneracy tolerance.
    with pytest.raises(QBatteryValueError, match="degenerate"):
        cavity_heisenberg(2, 0.1, -1.0, 1.0, omega_a=1e-12)


# --- registration ---------------------------------------------------------------------------------


def test_every_constructor_in_the_package_is_catalogued() -> None:
    constructors = {
        name
        for name in models.__all__
        if callable(getattr(models, name))
        and inspect.signature(getattr(models, name)).return_annotation in ("Battery", Battery)
    }
    assert constructors == {info.name for info in catalogue()}


def test_entry_text_is_read_from_the_constructor() -> None:
    def toy(size: int, *, scale: float = 1.0) -> Battery:
        """A toy battery.

        Parameters
        ----------
        size : int
            Number of levels.
        scale : float
            Energy unit.
        """
        raise NotImplementedError

    entry = CatalogueEntry(toy, "H = 0", "H_B = 0", "|0>", "none")
    info = entry.info()
    assert info.summary == "A toy battery"
    assert [(p.name, p.description) for p in info.parameters] == [
        ("size", "Number of levels."),
        ("scale", "Energy unit."),
    ]
    toy.__doc__ = "A toy battery without parameters."
    with pytest.raises(ValueError, match="descriptions"):
        entry.info()
