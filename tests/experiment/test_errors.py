"""Every kind of bad experiment file gives one line naming the file, line, field and fix."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np
import pytest
import qutip

from qbattery.errors import QBatteryValueError
from qbattery.experiment import ExperimentFileError, Sweep, load, run

GOOD = textwrap.dedent("""
    seed = 1

    [model]
    name = "dicke"
    n_atoms = 2
    coupling = 0.2

    [times]
    stop = 5.0
    num = 11
""").lstrip()


def refused(path: Path, *fragments: str, line: int | None = None, **kwargs) -> str:
    """Load ``path``, expect an ExperimentFileError with these fragments, return its text."""
    with pytest.raises(ExperimentFileError) as info:
        loaded = load(path, **kwargs)
        if isinstance(loaded, Sweep):
            loaded.points()  # the points' documents are validated when expanded
        else:
            run(loaded)  # some errors only appear when the battery is built
    message = str(info.value)
    assert "\n" not in message
    assert isinstance(info.value, QBatteryValueError) and isinstance(info.value, ValueError)
    if line is not None:
        assert message.startswith(f"{path}:{line}: "), message
        assert info.value.line == line
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_good_file_loads(write) -> None:
    assert load(write(GOOD)).model.name == "dicke"


def test_model_name_typo_suggests_and_lists(write) -> None:
    message = refused(write(GOOD.replace('"dicke"', '"dikce"')), "model.name", "'dikce'", line=4)
    assert "did you mean 'dicke'?" in message and "tavis_cummings" in message


def test_parameter_typo_names_its_line(write) -> None:
    refused(
        write(GOOD.replace("coupling =", "coupling_strength =")),
        "model.coupling_strength",
        "did you mean",
        "omega_c",
        line=6,
    )


def test_metric_and_method_typos(write) -> None:
    refused(
        write('metrics = ["energy", "ergotropi"]\n' + GOOD),
        "metrics.1",
        "did you mean 'ergotropy'?",
        line=1,
    )
    refused(
        write(GOOD + '\n[solver]\nmethod = "spectal"\n'),
        "solver.method",
        "did you mean 'spectral'?",
        "chebyshev",
        line=13,
    )
    refused(
        write(GOOD + '\n[solver]\nmethod = "ode"\noptions = { atoll = 1e-9 }\n'),
        "solver.options.atoll",
        "did you mean 'atol'?",
        line=14,
    )


def test_wrong_type(write) -> None:
    refused(
        write(GOOD.replace("n_atoms = 2", 'n_atoms = "2"')),
        "model.n_atoms",
        "integer",
        "'2' (str)",
        line=5,
    )
    refused(write(GOOD.replace("num = 11", "num = 11.5")), "times.num", line=10)


def test_extra_key_in_a_table(write) -> None:
    refused(
        write(GOOD.replace("num = 11", "num = 11\nstep = 0.5")),
        "times.step",
        "unknown field 'step'",
        "start, stop, num, values",
        line=11,
    )
    refused(write("colour = 3\n" + GOOD), "colour", "unknown field", line=1)


def test_times_take_one_form(write) -> None:
    refused(
        write(GOOD.replace("stop = 5.0", "values = [0.0, 1.0]")),
        "times",
        "give values alone, without num",
        line=8,
    )
    refused(write(GOOD.replace("num = 11\n", "")), "times", "give stop and num", line=8)


def test_missing_parameter_points_at_its_table(write) -> None:
    refused(write(GOOD.replace("coupling = 0.2\n", "")), "model.coupling", "add coupling", line=3)


def test_toml_syntax_error_gives_its_line(write) -> None:
    refused(write(GOOD.replace("num = 11", "num = ")), "not valid TOML", line=10)


def test_protocol_shape_typo(write) -> None:
    refused(
        write(GOOD + '\n[protocol]\nshape = "gausian"\ncenter = 1.0\nwidth = 0.5\n'),
        "protocol.shape",
        "did you mean 'gaussian'?",
        line=13,
    )


def test_protocol_scaling_a_missing_or_nonlinear_parameter(write) -> None:
    refused(
        write(GOOD + '\n[protocol]\nshape = "step"\nscales = "strength"\n'),
        "protocol.scales",
        "coupling",
        line=14,
    )
    chain = """
        [model]
        name = "long_range_chain"
        n_spins = 3
        Jx = 1.0
        Jy = 1.0
        Jz = 0.5
        range_exponent = 1.5
        omega = 10.0

        [protocol]
        shape = "step"
        scales = "range_exponent"

        [times]
        stop = 1.0
        num = 3
    """
    refused(write(chain), "protocol.scales", "not linear in 'range_exponent'", line=12)


def test_environment_subsystem_out_of_range(write) -> None:
    text = GOOD + (
        '\n[environment]\nkind = "pseudomodes"\n[[environment.baths]]\noperator = "x"\n'
        "subsystem = 5\nlorentzians = [[0.1, 1.0, 0.2]]\n"
    )
    refused(write(text), "environment.baths.0.subsystem", "outside the battery's 2", line=16)


def test_library_error_points_at_the_key_it_names(write) -> None:
    # local noise needs the product space; the Dicke default is the symmetric subspace
    text = GOOD + '\n[environment]\nkind = "markovian"\nemission = 0.1\n'
    refused(write(text), "environment", "basis='full'", line=12)


def test_random_model_needs_a_seed(write) -> None:
    text = GOOD.replace("seed = 1\n", "").replace(
        'name = "dicke"\nn_atoms = 2\ncoupling = 0.2', 'name = "syk"\nn_sites = 4'
    )
    refused(write(text), "seed", "add seed = 0")


def test_operators_outside_the_directory_are_refused(tmp_path: Path, write) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    qubit = np.diag([0.0, 1.0])
    np.savez(
        outside / "qubit.npz",
        hamiltonian=qubit,
        battery_hamiltonian=qubit,
        initial_state=np.array([1.0, 0.0]),
    )
    inside = tmp_path / "experiments"
    inside.mkdir()
    text = '[model]\noperators = "../elsewhere/qubit.npz"\n[times]\nstop = 1.0\nnum = 3\n'
    path = inside / "qubit.toml"
    path.write_text(text)
    refused(path, "model.operators", "outside the experiment's directory", "allowed_paths", line=2)
    assert load(path, allowed_paths=[outside]).model.operators == str(outside / "qubit.npz")


def test_pickles_are_refused(tmp_path: Path, write) -> None:
    qutip.qsave(qutip.sigmax(), str(tmp_path / "qsaved"))  # QuTiP writes a pickle
    (tmp_path / "qsaved.qu").rename(tmp_path / "qsaved.npz")
    text = '[model]\noperators = "qsaved.npz"\n[times]\nstop = 1.0\nnum = 3\n'
    refused(write(text), "model.operators", "pickle", "numpy.savez", line=2)
    np.savez(
        tmp_path / "objects.npz",
        hamiltonian=np.array([qutip.sigmax()], dtype=object),
        battery_hamiltonian=np.eye(2),
        initial_state=np.array([1.0, 0.0]),
    )
    text = '[model]\noperators = "objects.npz"\n[times]\nstop = 1.0\nnum = 3\n'
    refused(write(text), "model.operators", "pickled Python objects", line=2)


def test_npz_key_typo(tmp_path: Path, write) -> None:
    qubit = np.diag([0.0, 1.0])
    np.savez(
        tmp_path / "qubit.npz",
        hamiltonian=qubit,
        battery_hamiltonian=qubit,
        initial_stat=np.array([1.0, 0.0]),
    )
    text = '[model]\noperators = "qubit.npz"\n[times]\nstop = 1.0\nnum = 3\n'
    refused(write(text), "'initial_stat'", "did you mean 'initial_state'?", line=2)


def test_unknown_preset_suggests_the_closest(write) -> None:
    text = '[model]\npreset = "transmn"\n[times]\nstop = 1.0\nnum = 3\n'
    message = refused(write(text), "model.preset", "unknown preset 'transmn'", line=2)
    assert "did you mean 'transmon'?" in message and "nmr_star" in message


def test_sweep_errors(write) -> None:
    refused(
        write(GOOD + '\n[sweep.axes]\n"model.n_atom" = [1, 2]\n'),
        "sweep.axes.model.n_atom",
        "did you mean 'n_atoms'?",
        line=13,
    )
    refused(
        write(GOOD.replace("seed = 1\n", "") + "\n[sweep]\nrealisations = 3\n"),
        "sweep.realisations",
        "add seed",
        line=11,
    )
    text = GOOD + '\n[[sweep.zip]]\n"model.n_atoms" = [1, 2]\n"times.stop" = [1.0]\n'
    refused(write(text), "sweep.zip.0", "equal lengths", line=12)


def test_message_is_one_line_with_file_first(write) -> None:
    path = write(GOOD.replace('"dicke"', '"dikce"'))
    message = refused(path)
    assert re.fullmatch(rf"{re.escape(str(path))}:4: model\.name: [^\n]+", message)


def test_ergotropy_at_max_energy_needs_the_ergotropy_metric(write) -> None:
    text = 'metrics = ["energy", "power"]\noutputs = ["ergotropy_at_max_energy"]\n' + GOOD
    refused(write(text), "outputs", "ergotropy_at_max_energy needs 'ergotropy'")
