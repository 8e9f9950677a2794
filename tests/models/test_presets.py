"""Platform presets: they build and charge, carry units and sources, and convert correctly.

References (independent of the code under test):
- the unit constants written out in ``tests/test_units.py`` (CODATA 2018 exact values);
- transmon, simultaneous pulses with ``Omega_a = Omega_b = Omega``: full charge of ``|2>`` at
  ``t = sqrt(2) pi / Omega`` (Gemme et al.; closed form in :func:`qbattery.models.qutrit_battery`),
  stored energy ``hbar (2 omega_q + alpha)`` = h x 9.7 GHz with the preset's numbers;
- NMR star with one satellite: the Hartmann-Hahn flip-flop ``g = pi J / 4`` transfers the
  central spin's excitation completely at ``t = 1 / J`` (J-cross-polarisation), one quantum
  ``h x 500 MHz``;
- the quantum-dot cell in its rotating frame against the same Jaynes-Cummings cell built and
  opened here in the laboratory frame (the frame change is exact on resonance).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

import qbattery as qb
from qbattery import models
from qbattery.environments.markovian import ladder, local_noise, with_collapse_ops
from qbattery.errors import QBatteryValueError
from qbattery.linalg import embed_operator
from qbattery.models import jaynes_cummings, model_info
from qbattery.models.platform import Quantity
from qbattery.models.platform_builders import pure_dephasing, rotating_frame
from qbattery.models.presets import PRESETS, platform

H = 6.62607015e-34
HBAR = H / (2 * math.pi)
E = 1.602176634e-19

#: Exact propagation (Chebyshev, ~1e-13) and exact unit products: round-off.
RTOL = 1e-9
#: Decoherence during a 24 ns transmon charge (T1 = 50 us, T2 = 30 us): ~1e-3 of the energy.
TRANSMON_LOSS = 5e-3

#: Small sizes for the brief charging runs.
SMALL = {"n_spins": 2, "n_atoms": 2}


def small(name: str) -> dict[str, int]:
    return {key: value for key, value in SMALL.items() if key in PRESETS[name].settings}


def test_the_seven_platforms_of_review_section_7() -> None:
    assert sorted(PRESETS) == sorted(
        [
            "transmon",
            "nv_centre",
            "trapped_ion",
            "quantum_dot",
            "rydberg_array",
            "organic_microcavity",
            "nmr_star",
        ]
    )
    assert models.presets.platform is platform


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_builds_and_charges(name: str) -> None:
    preset = platform(name)
    battery = preset.battery(**small(name))
    assert battery.name == preset.model == model_info(preset.model).name
    assert battery.parameters["platform"] == name
    assert battery.collapse_ops or battery.environment is not None  # the noise is there
    result = qb.charge(battery, np.linspace(0.0, 2.0, 5))
    assert np.all(np.isfinite(result.battery_energy))
    assert np.all(result.ergotropy >= -1e-9 * max(1.0, np.abs(result.battery_energy).max()))


@pytest.mark.parametrize("name", list(PRESETS))
def test_quantities_carry_unit_and_source(name: str) -> None:
    preset = platform(name)
    assert preset.reference_frequency in preset.quantities.values()
    assert preset.description and preset.model
    for key, quantity in preset.quantities.items():
        assert quantity.unit and quantity.kind in ("angular", "time", "dimensionless"), key
        assert re.search(r"doi:|arXiv:|Acta Phys\. Sin\.", quantity.source), (key, quantity)
        assert re.search(r"\(\d{4}\)", quantity.source), (key, quantity)


def test_dimensionless_time_at_five_gigahertz() -> None:
    transmon = platform("transmon")
    assert transmon.omega_ref == pytest.approx(2 * math.pi * 5e9, rel=RTOL)
    assert transmon.to_dimensionless_time(1.0, "µs") == pytest.approx(31415.926535, rel=1e-10)
    assert transmon.reference_frequency.dimensionless(transmon.omega_ref) == 1.0


@pytest.mark.parametrize("name", list(PRESETS))
def test_round_trip_physical_dimensionless_physical(name: str) -> None:
    preset = platform(name)
    times = np.array([0.0, 1.5, 40.0])
    value, unit = preset.to_physical_time(preset.to_dimensionless_time(times, "ns"), "ns")
    np.testing.assert_allclose(value, times, rtol=RTOL)
    assert unit == "ns"
    energy, unit = preset.to_physical_energy(2.5, "eV")
    assert unit == "eV"
    assert energy == pytest.approx(2.5 * HBAR * preset.omega_ref / E, rel=RTOL)


def test_power_in_watts_and_per_time() -> None:
    transmon = platform("transmon")
    watts, unit = transmon.to_physical_power(1.0)
    assert unit == "W"
    assert watts == pytest.approx(HBAR * (2 * math.pi * 5e9) ** 2, rel=RTOL)
    per_ns, unit = transmon.to_physical_power(1.0, "ueV/ns")
    assert per_ns == pytest.approx(watts / (1e-6 * E / 1e-9), rel=RTOL)


def test_transmon_result_in_physical_units() -> None:
    transmon = platform("transmon")
    battery = transmon.battery()
    tau = battery.parameters["charging_time"]  # sqrt(2) pi / Omega, dimensionless
    result = qb.charge(battery, np.linspace(0.0, tau, 9))
    time, unit = transmon.to_physical_time(result.times[-1])
    assert unit == "ns"
    assert time == pytest.approx(1e9 / (math.sqrt(2) * 30e6), rel=RTOL)  # 23.57 ns
    stored, unit = transmon.to_physical_energy(result.battery_energy[-1])
    assert unit == "ueV"
    full = H * (2 * 5e9 - 300e6) / E * 1e6  # h x 9.7 GHz in ueV
    assert stored == pytest.approx(full, rel=TRANSMON_LOSS)
    assert stored < full
    # the same numbers rescaled by hand: E hbar omega_ref and t / omega_ref
    assert stored == pytest.approx(
        result.battery_energy[-1] * HBAR * transmon.omega_ref / E * 1e6, rel=RTOL
    )
    power, _ = transmon.to_physical_power(result.power[-1], "W")
    assert power == pytest.approx(result.power[-1] * HBAR * transmon.omega_ref**2, rel=RTOL)


def test_nmr_star_transfers_one_quantum_in_one_over_j() -> None:
    star = platform("nmr_star")
    battery = star.battery(n_spins=1, t1=1e12, t2=1e12)  # coherent limit
    t = star.to_dimensionless_time(1.0 / 11.0, "s")
    result = qb.charge(battery, np.array([0.0, t / 2, t]))
    stored, unit = star.to_physical_energy(result.battery_energy - result.battery_energy[0])
    assert unit == "ueV"
    quantum = H * 500e6 / E * 1e6
    np.testing.assert_allclose(stored, [0.0, quantum / 2, quantum], rtol=1e-6, atol=1e-9)


def test_quantum_dot_rotating_frame_equals_laboratory_frame() -> None:
    dot = platform("quantum_dot")
    # a strong coupling, so that a short grid shows the exchange (lab frame stays cheap)
    coupling = Quantity(0.05, "eV", "test")
    rotated = dot.battery(coupling=coupling)
    omega, g = 1.0, 0.05 / 1.34
    values = {k: q.dimensionless(dot.omega_ref) for k, q in dot.quantities.items()}
    lab = jaynes_cummings(g, omega, omega, space="full").replace(battery_spectrum=None)
    lab = local_noise(
        lab, emission=1 / values["t1"], dephasing=pure_dephasing(values["t1"], values["t2"])
    )
    cavity = embed_operator(ladder(2), lab.dims, [0])
    lab = with_collapse_ops(lab, [math.sqrt(values["cavity_decay"]) * cavity])
    times = np.linspace(0.0, 40.0, 9)
    expected = qb.charge(lab, times).battery_energy
    np.testing.assert_allclose(qb.charge(rotated, times).battery_energy, expected, atol=1e-9)
    assert expected.max() > 0.1


def test_overrides_in_physical_units() -> None:
    transmon = platform("transmon")
    default = transmon.battery()
    same = transmon.battery(rabi_frequency=Quantity(0.03, "GHz", "test"))
    assert same.parameters["rabi_frequency"] == pytest.approx(
        default.parameters["rabi_frequency"], rel=RTOL
    )
    faster = transmon.battery(rabi_frequency=60.0)  # MHz, the quantity's unit
    assert faster.parameters["rabi_frequency"] == pytest.approx(60e6 / 5e9, rel=RTOL)
    assert faster.parameters["physical"]["rabi_frequency"] == "60 MHz"
    assert platform("rydberg_array").battery(n_atoms=3).dims == (2, 2, 2)


def test_noise_rates_follow_the_lifetimes() -> None:
    transmon = platform("transmon")
    battery = transmon.battery()
    t1 = 50e-6 * transmon.omega_ref
    t2 = 30e-6 * transmon.omega_ref
    assert battery.parameters["emission"] == pytest.approx(1 / t1, rel=RTOL)
    assert battery.parameters["dephasing"] == pytest.approx(2 / t2 - 1 / t1, rel=RTOL)
    assert pure_dephasing(1.0, 2.0) == 0.0
    with pytest.raises(QBatteryValueError, match="T2"):
        pure_dephasing(1.0, 3.0)


def test_typos_name_the_closest_valid_name() -> None:
    with pytest.raises(
        QBatteryValueError, match=r"unknown preset 'transmn'; did you mean 'transmon'"
    ):
        platform("transmn")
    with pytest.raises(QBatteryValueError, match=r"n_atom: .*did you mean 'n_atoms'"):
        platform("rydberg_array").battery(n_atom=3)
    with pytest.raises(QBatteryValueError, match=r"rabi_frequency: .* is not of the kind"):
        platform("transmon").battery(rabi_frequency=Quantity(1.0, "ns", "test"))
    with pytest.raises(QBatteryValueError, match="unknown unit"):
        Quantity(1.0, "Ghz", "test")
    with pytest.raises(QBatteryValueError, match="source"):
        Quantity(1.0, "GHz", " ")


def test_rotating_frame_needs_resonance() -> None:
    detuned = jaynes_cummings(0.1, 1.0, 1.5, space="full").replace(battery_spectrum=None)
    with pytest.raises(QBatteryValueError, match="not on resonance"):
        rotating_frame(detuned)
    resonant = rotating_frame(jaynes_cummings(0.1, space="full").replace(battery_spectrum=None))
    assert sp.csr_matrix(resonant.hamiltonian.static).diagonal().max() == 0.0


def test_quantity_conversion() -> None:
    q = Quantity(20.0, "ueV", "test").to("GHz")
    assert q.value == pytest.approx(20e-6 * E / H / 1e9, rel=RTOL)
    assert str(Quantity(5.0, "GHz", "test")) == "5 GHz"


def test_docs_table_lists_every_number() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "presets.md").read_text()
    for name, preset in PRESETS.items():
        assert f"### `{name}` → `{preset.model}`" in docs
        for key, q in preset.quantities.items():
            assert f"| `{key}` | {q.value:g} | {q.unit} | {q.source} |" in docs, (name, key)
