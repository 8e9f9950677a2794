"""Experiments written and reported in physical units (platform presets).

References, independent of the conversion code under test: the transmon preset's documented
numbers (docs/presets.md: qubit frequency 5 GHz, anharmonicity -300 MHz, Rabi frequency
30 MHz), the CODATA 2018 exact constants written out here, and ``omega_ref = 2 pi x 5 GHz``,
``t = omega_ref x (time in s)``, ``E = E_dimensionless hbar omega_ref``,
``P = P_dimensionless hbar omega_ref**2`` computed by hand. The full charge of the qutrit
stores ``hbar (2 omega_q + alpha)`` = h x 9.7 GHz (Gemme et al.; tests/models/test_presets.py).
"""

from __future__ import annotations

import math
import textwrap
import tomllib

import numpy as np
import pytest

import qbattery as qb
from qbattery.experiment import run, validate
from qbattery.models.presets import platform
from qbattery.plotting.labels import data_label
from tests.experiment.test_errors import refused

H = 6.62607015e-34
HBAR = H / (2 * math.pi)
E = 1.602176634e-19

#: omega_ref of the transmon preset, 2 pi x its 5 GHz qubit frequency, in rad/s.
OMEGA_REF = 2 * math.pi * 5e9

#: The same solver on grids that differ by round-off (times converted two ways).
RTOL = 1e-9
#: Decoherence during the 30 ns run (T1 = 40 us, T2 = 30 us): ~1e-3 of the stored energy.
TRANSMON_LOSS = 5e-3

TRANSMON = """
    [model]
    preset = "transmon"
    rabi_frequency = 25      # MHz, the quantity's own unit
    t1 = "0.04 ms"           # = 40 us, in another unit of its kind

    [times]
    stop = 30.0
    num = 61
"""


@pytest.fixture(scope="module")
def transmon_run():
    """The transmon experiment (times in ns, the preset's unit) and the same battery charged
    directly on times converted by hand."""
    outcome = run(validate(_document(TRANSMON)))
    battery = platform("transmon").battery(rabi_frequency=25.0, t1=40.0)
    times = OMEGA_REF * np.linspace(0.0, 30e-9, 61)  # 2 pi f t, t in s
    return outcome, qb.charge(battery, times)


def _document(text: str) -> dict:
    return tomllib.loads(textwrap.dedent(text))


def test_summary_equals_the_battery_charged_directly(transmon_run) -> None:
    outcome, direct = transmon_run
    summary = outcome.summary()
    assert summary["experiment"]["times"]["unit"] == "ns"  # the preset's default, filled in
    assert summary["method"] == direct.method
    for name in ("max_average_power", "optimal_time", "energy_at_optimal_time"):
        assert summary[name] == pytest.approx(getattr(direct, name), rel=RTOL), name
    assert summary["ergotropy_at_optimal_time"] == pytest.approx(
        direct.ergotropy_at_optimal_time, rel=RTOL
    )


def test_physical_block_is_the_dimensionless_numbers_rescaled_by_hand(transmon_run) -> None:
    outcome, direct = transmon_run
    summary = outcome.summary()
    physical = summary["physical"]
    assert physical["platform"] == "transmon"
    assert physical["omega_ref"]["rad/s"] == pytest.approx(OMEGA_REF, rel=RTOL)
    watts = direct.max_average_power * HBAR * OMEGA_REF**2
    assert physical["max_average_power"]["W"] == pytest.approx(watts, rel=RTOL)
    assert physical["max_average_power"]["ueV/ns"] == pytest.approx(
        watts / (1e-6 * E / 1e-9), rel=RTOL
    )
    assert physical["optimal_time"]["ns"] == pytest.approx(
        direct.optimal_time / OMEGA_REF * 1e9, rel=RTOL
    )
    electronvolts = direct.energy_at_optimal_time * HBAR * OMEGA_REF / E
    assert physical["energy_at_optimal_time"]["eV"] == pytest.approx(electronvolts, rel=RTOL)
    assert physical["energy_at_optimal_time"]["ueV"] == pytest.approx(1e6 * electronvolts, rel=RTOL)
    full = H * (2 * 5e9 - 300e6) / E * 1e6  # h x 9.7 GHz in ueV
    assert physical["max_energy"]["ueV"] == pytest.approx(full, rel=TRANSMON_LOSS)
    assert set(summary["units"]) >= {"energy", "time", "power", "physical"}
    assert "keyed by their unit" in summary["units"]["physical"]


def test_dataset_is_over_physical_time_with_physical_units(transmon_run) -> None:
    outcome, direct = transmon_run
    dataset = outcome.dataset()
    np.testing.assert_allclose(dataset["time"].values, np.linspace(0.0, 30.0, 61), rtol=RTOL)
    np.testing.assert_allclose(dataset["dimensionless_time"].values, direct.times, rtol=RTOL)
    np.testing.assert_allclose(
        dataset["energy"].values, direct.energy * HBAR * OMEGA_REF / (1e-6 * E), rtol=RTOL
    )
    np.testing.assert_allclose(
        dataset["power"].values,
        direct.power * HBAR * OMEGA_REF**2 / (1e-6 * E / 1e-9),
        rtol=RTOL,
        atol=1e-12,
    )
    assert dataset.attrs["optimal_time"] == pytest.approx(
        direct.optimal_time / OMEGA_REF * 1e9, rel=RTOL
    )
    assert data_label(dataset["time"]) == "time [ns]"
    assert data_label(dataset["energy"], "energy") == "energy [ueV]"
    assert data_label(dataset["power"], "power") == "power [ueV/ns]"


def test_a_time_unit_and_its_conversion(transmon_run) -> None:
    outcome, _ = transmon_run
    in_us = run(validate(_document(TRANSMON.replace("stop = 30.0", 'stop = 0.03\nunit = "µs"'))))
    assert in_us.experiment.times.unit == "us"
    assert in_us.summary()["max_average_power"] == pytest.approx(
        outcome.summary()["max_average_power"], rel=RTOL
    )
    assert in_us.summary()["physical"]["optimal_time"]["us"] == pytest.approx(
        outcome.summary()["physical"]["optimal_time"]["ns"] * 1e-3, rel=RTOL
    )


def test_protocol_times_are_in_the_unit_of_times() -> None:
    # the quantum dot's coupling switched off at 0.5 ps (its time unit): until then the cell
    # charges as without the protocol, afterwards only decay changes its energy
    plain = {"model": {"preset": "quantum_dot"}, "times": {"stop": 1.0, "num": 5}}
    switched = {**plain, "protocol": {"shape": "step", "t_off": 0.5, "scales": "coupling"}}
    on = run(validate(plain)).result.energy
    off = run(validate(switched)).result.energy
    np.testing.assert_allclose(off[:3], on[:3], rtol=1e-6)
    assert np.all(np.diff(off[2:]) <= 0) and off[-1] < on[-1]


def test_a_dimensionless_experiment_is_unchanged() -> None:
    outcome = run(
        validate({"model": {"name": "rabi", "coupling": 0.2}, "times": {"stop": 30.0, "num": 31}})
    )
    assert "physical" not in outcome.summary()
    assert outcome.dataset()["time"].attrs["units"] == "1/omega"
    assert "dimensionless_time" not in outcome.dataset().coords


@pytest.mark.parametrize(
    ("edit", "line", "fragments"),
    [
        (("0.04 ms", "40 GHz"), 4, ["model.t1", "'GHz' is not a time unit", "'us'"]),
        (("0.04 ms", "40 usec"), 4, ["model.t1", "unknown unit 'usec'", "did you mean 'us'?"]),
        (("= 25 ", "= true "), 3, ["model.rabi_frequency", "number in MHz", "'30 MHz'"]),
        (("t1 =", "t_1 ="), 4, ["model.t_1", "did you mean 't1'?", "rabi_frequency"]),
        (("num = 61", 'num = 61\nunit = "GHz"'), 9, ["times.unit", "choose one of: s, ms, us"]),
    ],
)
def test_errors_are_located_one_liners(write, edit, line, fragments) -> None:
    refused(write(TRANSMON.replace(*edit)), *fragments, line=line)


def test_a_time_unit_needs_a_preset(write) -> None:
    text = '[model]\nname = "rabi"\ncoupling = 0.2\n[times]\nstop = 5.0\nnum = 11\nunit = "ns"\n'
    refused(write(text), "times.unit", "dimensionless", "preset", line=7)
