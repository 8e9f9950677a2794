"""The [extraction] table: local and extended local ergotropy of the final state, against the
Jaynes-Cummings swap in closed form, and its errors, each at its line."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qbattery.errors import ConvergenceWarning
from qbattery.experiment import Experiment, ExperimentFileError, evaluate_point, load, run

JC = """
outputs = ["coupled_local_ergotropy", "extended_local_ergotropy", "extended_waiting_time"]

[model]
name = "jaynes_cummings"
coupling = 0.1
space = "full"

[times]
stop = {stop}
num = 2

[extraction]
horizon = 40.0
"""


def test_one_photon_swaps_into_the_atom(write) -> None:
    """|1, g> evolves into cos(g t)|1, g> - i sin(g t)|0, e> (g = lambda omega_c = 0.1): the
    atom alone gets the whole quantum omega_a = 1 at the next t + tau = pi/(2g) + k pi/g."""
    experiment = load(write(JC.format(stop=5.0)))
    assert isinstance(experiment, Experiment)
    outputs = evaluate_point(experiment.document())
    assert outputs["extended_local_ergotropy"] == pytest.approx(1.0, abs=1e-8)
    assert outputs["extended_waiting_time"] == pytest.approx(math.pi / 0.2 - 5.0, abs=1e-5)
    assert 0.0 < outputs["coupled_local_ergotropy"] < 0.5


def test_at_the_swap_the_local_ergotropy_is_the_whole_quantum(write) -> None:
    """At t = pi/(2g) the compound is |0, e>: a flip of the atom extracts omega_a = 1 at once."""
    experiment = load(write(JC.format(stop=math.pi / 0.2)))
    assert isinstance(experiment, Experiment)
    result = run(experiment)
    assert result.extraction["coupled_local_ergotropy"] == pytest.approx(1.0, abs=1e-8)
    assert result.extraction["extended_waiting_time"] == pytest.approx(0.0, abs=1e-6)
    with pytest.warns(ConvergenceWarning):  # two times: the power peaks at the last one
        summary = result.summary()
    assert summary["extraction"] == result.extraction


def test_without_coupling_nothing_is_activated(write) -> None:
    """lambda = 0: the free evolution only adds phases, the atom stays in |g>."""
    experiment = load(write(JC.format(stop=5.0).replace("coupling = 0.1", "coupling = 0.0")))
    assert isinstance(experiment, Experiment)
    outputs = evaluate_point(experiment.document())
    assert np.isclose(outputs["extended_local_ergotropy"], 0.0, atol=1e-10)
    assert np.isclose(outputs["coupled_local_ergotropy"], 0.0, atol=1e-10)


def _refused(path, *fragments: str, line: int | None = None) -> None:
    with pytest.raises(ExperimentFileError) as info:
        run(load(path))
    message = str(info.value)
    assert "\n" not in message
    if line is not None:
        assert message.startswith(f"{path}:{line}: "), message
    for fragment in fragments:
        assert fragment in message, message


def test_outputs_need_the_table(write) -> None:
    text = JC.format(stop=5.0).split("[extraction]")[0]
    _refused(write(text), "outputs", "needs an [extraction] table")


def test_a_reduced_space_is_refused_at_the_table(write) -> None:
    text = JC.format(stop=5.0).replace('space = "full"\n', "")
    _refused(write(text), "extraction", 'space = "full"', line=11)


def test_a_subsystem_out_of_range_is_refused_at_its_key(write) -> None:
    text = JC.format(stop=5.0) + "subsystem = 2\n"
    _refused(write(text), "extraction.subsystem", "give 0..1", line=14)


def test_a_protocol_is_refused(write) -> None:
    text = JC.format(stop=5.0) + (
        '\n[protocol]\nshape = "ramp"\nscales = "coupling"\nduration = 1.0\n'
    )
    _refused(write(text), "extraction", "remove [protocol]")


def test_horizon_must_be_positive(write) -> None:
    text = JC.format(stop=5.0).replace("horizon = 40.0", "horizon = 0.0")
    _refused(write(text), "extraction.horizon", line=13)
