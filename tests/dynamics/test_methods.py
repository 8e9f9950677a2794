"""The solvers' Method objects: one place for option defaults, checked options, and refusals.

References, independent of the code under test: which methods solve a battery is written out
here from the battery's features (closed piecewise-constant: spectral, chebyshev, ode,
lindblad; collapse operators: ode, lindblad; repeated measurements or a continuous protocol:
ode; an environment: the one method made for it), and the option defaults are those qbattery
has documented since the methods were introduced.
"""

from __future__ import annotations

import dataclasses
import inspect
import re

import numpy as np
import pytest
import scipy.sparse as sp

import qbattery as qb
from qbattery.charge import LINDBLAD_LIMIT, METHODS, SPECTRAL_LIMIT, Method, _choose
from qbattery.dynamics import registry
from qbattery.dynamics.closed import ChebyshevOptions, estimated_costs
from qbattery.dynamics.ode import ODEOptions
from qbattery.dynamics.permutational import PermutationalOptions, ensemble_states
from qbattery.dynamics.trajectory import battery_state_trajectory
from qbattery.environments.baths import DrudeLorentzEnvironment
from qbattery.environments.redfield import RedfieldEnvironment
from qbattery.errors import QBatteryError, QBatteryTypeError, QBatteryValueError
from qbattery.models.ensemble import spin_ensemble
from qbattery.protocols import Ramp, Step

SX = np.array([[0.0, 1.0], [1.0, 0.0]])
N_EXC = np.diag([0.0, 1.0])
LOWER = np.array([[0.0, 1.0], [0.0, 0.0]])
SIGMA_Z = np.diag([-1.0, 1.0])
TIMES = np.linspace(0, 1, 3)

#: The options and defaults of every method, as documented before the Method objects existed.
DEFAULTS = {
    "spectral": {},
    "chebyshev": {"tol": 1e-12, "max_memory": 4 * 2**30},
    "sectors": {"tolerance": 1e-26},
    "ode": {"atol": 1e-12, "rtol": 1e-10, "nsteps": 1_000_000},
    "lindblad": {},
    "permutational": {"tol": 1e-10, "krylov_dimension": 20, "independent_cells": True},
    "heom": {
        "max_depth": 3,
        "atol": 1e-10,
        "rtol": 1e-8,
        "nsteps": 100_000,
        "depth_tolerance": 1e-5,
        "check_depth": True,
    },
    "redfield": {"atol": 1e-10, "rtol": 1e-8, "nsteps": 100_000, "secular_cutoff": 0.1},
}

#: An invalid value for every option of every method.
BAD_VALUES = {
    ("chebyshev", "tol"): 0.0,
    ("chebyshev", "max_memory"): -1,
    ("ode", "atol"): -1e-9,
    ("ode", "rtol"): float("nan"),
    ("ode", "nsteps"): 0,
    ("sectors", "tolerance"): -1e-3,
    ("permutational", "tol"): 1e-16,
    ("permutational", "krylov_dimension"): 2,
    ("permutational", "independent_cells"): "yes",
    ("heom", "max_depth"): 0,
    ("heom", "atol"): "small",
    ("heom", "rtol"): -1.0,
    ("heom", "nsteps"): 10.5,
    ("heom", "depth_tolerance"): 0.0,
    ("heom", "check_depth"): "yes",
    ("redfield", "atol"): 0.0,
    ("redfield", "rtol"): -1e-8,
    ("redfield", "nsteps"): True,
    ("redfield", "secular_cutoff"): float("inf"),
}


def qubit(**kwargs: object) -> qb.Battery:
    return qb.Battery(N_EXC + SX, N_EXC, np.array([1.0, 0.0]), **kwargs)  # type: ignore[arg-type]


def heom_battery(**kwargs: object) -> qb.Battery:
    bath = DrudeLorentzEnvironment(SIGMA_Z, 0.01, 0.5, 0.5)
    return qubit(environment=bath, **kwargs)


def redfield_battery() -> qb.Battery:
    bath = RedfieldEnvironment.from_bath(DrudeLorentzEnvironment(SIGMA_Z, 0.01, 0.5, 0.5))
    return qubit(environment=bath)


#: name -> (battery, the methods that solve it, from its features).
BATTERIES = {
    "closed": (qubit, {"spectral", "chebyshev", "ode", "lindblad"}),
    "closed step": (
        lambda: qb.Battery([N_EXC, (SX, Step(0.5))], N_EXC, np.array([1.0, 0.0])),
        {"spectral", "chebyshev", "ode", "lindblad"},
    ),
    "collapse operators": (lambda: qubit(collapse_ops=[LOWER]), {"ode", "lindblad"}),
    "measurements": (lambda: qubit(measurement_interval=0.25), {"ode"}),
    "continuous protocol": (
        lambda: qb.Battery(
            [N_EXC, (SX, Ramp(duration=1.0, amplitude=1.0))], N_EXC, np.array([1.0, 0.0])
        ),
        {"ode"},
    ),
    "ensemble noise": (lambda: spin_ensemble(3, emission=0.1), {"permutational"}),
    "heom bath": (heom_battery, {"heom"}),
    "redfield bath": (redfield_battery, {"redfield"}),
}


def supporting_named(message: str) -> set[str]:
    """The method names listed after "methods that solve it:" in a refusal."""
    match = re.search(r"methods that solve it: (.*) \(or 'auto'\)$", message)
    assert match, message
    return {name.strip(" '") for name in match.group(1).split(",")}


# -- the registry -----------------------------------------------------------------------------


def test_registry_lists_every_method_once_in_order() -> None:
    assert list(METHODS) == [
        "spectral",
        "chebyshev",
        "sectors",
        "ode",
        "lindblad",
        "permutational",
        "heom",
        "redfield",
    ]
    assert METHODS is registry.METHODS
    assert all(isinstance(m, Method) and m.name == name for name, m in METHODS.items())


def test_defaults_are_the_options_dataclass_defaults() -> None:
    for name, method in METHODS.items():
        declared = {spec.name: spec.default for spec in dataclasses.fields(method.options)}
        assert method.defaults == declared == method.options().as_dict()
        assert method.defaults == DEFAULTS[name]
        assert list(method.defaults) == list(DEFAULTS[name])  # recorded in this order
        assert [type(v) for v in method.defaults.values()] == [
            type(v) for v in DEFAULTS[name].values()
        ]


def test_solvers_repeat_no_option_defaults() -> None:
    for method in METHODS.values():
        parameters = inspect.signature(method.solver).parameters
        assert list(parameters) == ["battery", "times", "request", "options"]
        assert all(p.default is inspect.Parameter.empty for p in parameters.values())
    # public functions that take some options directly default to the options' own defaults
    assert inspect.signature(estimated_costs).parameters["tol"].default == ChebyshevOptions.tol
    ensemble = inspect.signature(ensemble_states).parameters
    assert ensemble["tol"].default == PermutationalOptions().tol
    assert ensemble["krylov_dimension"].default == PermutationalOptions().krylov_dimension
    trajectory = inspect.signature(battery_state_trajectory).parameters
    assert {k: trajectory[k].default for k in DEFAULTS["ode"]} == ODEOptions().as_dict()


# -- options --------------------------------------------------------------------------------


def test_every_option_is_checked() -> None:
    every = {(name, option) for name, method in METHODS.items() for option in method.defaults}
    assert set(BAD_VALUES) == every


@pytest.mark.parametrize(("name", "option"), sorted(BAD_VALUES))
def test_options_reject_a_bad_value_naming_the_option(name: str, option: str) -> None:
    bad = BAD_VALUES[(name, option)]
    with pytest.raises(QBatteryError) as error:
        METHODS[name].options(**{option: bad})
    message = str(error.value)
    assert message.startswith(f"options[{option!r}]: ")
    assert repr(bad) in message
    assert f"{option}={DEFAULTS[name][option]!r}, the default" in message
    assert "\n" not in message


@pytest.mark.parametrize("name", ["chebyshev", "ode", "permutational", "heom", "redfield"])
def test_charge_checks_option_values_before_solving(name: str) -> None:
    battery = next(make() for make, solvers in BATTERIES.values() if name in solvers)
    option, bad = next((o, v) for (n, o), v in BAD_VALUES.items() if n == name)
    with pytest.raises(QBatteryError, match=re.escape(f"options[{option!r}]")):
        qb.charge(battery, TIMES, method=name, options={option: bad})


def test_option_values_are_made_canonical() -> None:
    options = ODEOptions(atol=1, nsteps=1e3)
    assert options.as_dict() == {"atol": 1.0, "rtol": 1e-10, "nsteps": 1000}
    assert type(options.atol) is float and type(options.nsteps) is int
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.atol = 1e-3  # type: ignore[misc]


def test_unknown_options_and_non_mappings_are_refused() -> None:
    with pytest.raises(QBatteryValueError, match=r"options: \['tol'\] not used by method "):
        qb.charge(qubit(), TIMES, method="spectral", options={"tol": 1e-3})
    with pytest.raises(QBatteryValueError, match="its options are: none"):
        qb.charge(qubit(), TIMES, method="lindblad", options={"tol": 1e-3})
    with pytest.raises(QBatteryValueError, match="its options are: atol, nsteps, rtol"):
        qb.charge(qubit(), TIMES, method="ode", options={"max_depth": 2})
    with pytest.raises(QBatteryTypeError, match="options: expected a mapping"):
        qb.charge(qubit(), TIMES, method="ode", options=[("atol", 1e-9)])  # type: ignore[arg-type]


def test_result_records_the_options_as_a_plain_dict() -> None:
    times = np.linspace(0, 6, 31)  # past the optimum, so that the figures of merit are defined
    result = qb.charge(qubit(), times, method="ode", options={"atol": 1e-9})
    assert result.options == {"atol": 1e-9, "rtol": 1e-10, "nsteps": 1_000_000}
    assert type(result.options) is dict
    attrs = result.to_xarray().attrs
    assert (attrs["option_atol"], attrs["option_nsteps"]) == (1e-9, 1_000_000)
    assert qb.charge(qubit(), times).options == {}


# -- what a method cannot solve -------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(BATTERIES))
def test_charge_refuses_what_a_method_cannot_solve(case: str) -> None:
    make, solvers = BATTERIES[case]
    battery = make()
    assert set(registry.supporting(battery)) == solvers
    for name in set(METHODS) - solvers:
        with pytest.raises(QBatteryValueError) as error:
            qb.charge(battery, TIMES, method=name)
        message = str(error.value)
        assert message.startswith(f"method: {name!r} ")
        assert supporting_named(message) == solvers
        assert "\n" not in message
    for name in solvers:
        registry.check_supported(METHODS[name], battery, battery_states=False)


def test_refusals_name_what_the_battery_has() -> None:
    with pytest.raises(QBatteryValueError, match="this battery has collapse operators"):
        qb.charge(qubit(collapse_ops=[LOWER]), TIMES, method="chebyshev")
    with pytest.raises(QBatteryValueError, match="this battery has a measurement_interval"):
        qb.charge(qubit(measurement_interval=0.25), TIMES, method="lindblad")
    with pytest.raises(QBatteryValueError, match="solves only batteries with an environment"):
        qb.charge(qubit(), TIMES, method="heom")
    with pytest.raises(QBatteryValueError, match="whose environment is DrudeLorentzEnvironment"):
        qb.charge(heom_battery(), TIMES, method="redfield")


def test_refusals_without_any_supporting_method_say_what_to_change() -> None:
    with pytest.raises(
        QBatteryValueError,
        match="no method solves it; pass battery_states=False, resources=False and full_states",
    ):
        qb.charge(spin_ensemble(3, emission=0.1), TIMES, battery_states=True)
    with pytest.raises(
        QBatteryValueError, match="drop measurement_interval to solve it with method 'heom'"
    ):
        qb.charge(heom_battery(measurement_interval=0.5), TIMES)


def test_refusal_comes_before_the_solver_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> None:
        raise AssertionError("the solver ran")

    spectral = dataclasses.replace(METHODS["spectral"], solver=explode)
    monkeypatch.setitem(METHODS, "spectral", spectral)
    with pytest.raises(QBatteryValueError, match="closed, unmeasured systems"):
        qb.charge(qubit(collapse_ops=[LOWER]), TIMES, method="spectral")
    with pytest.raises(QBatteryValueError, match=r"options\['tol'\]"):
        qb.charge(qubit(), TIMES, method="chebyshev", options={"tol": -1.0})


def test_ensemble_states_refuses_batteries_its_method_cannot_solve() -> None:
    with pytest.raises(QBatteryValueError, match="battery: the permutational solver solves only"):
        ensemble_states(qubit(), TIMES)
    with pytest.raises(QBatteryValueError, match=r"options\['krylov_dimension'\]"):
        ensemble_states(spin_ensemble(3, emission=0.1), TIMES, krylov_dimension=3)


# -- method="auto" --------------------------------------------------------------------------


def tridiagonal(d: int) -> qb.Battery:
    off = np.ones(d - 1)
    h = sp.diags([off, np.linspace(0, 1, d), off], [-1, 0, 1], format="csr")
    ket = np.zeros(d)
    ket[0] = 1.0
    return qb.Battery(h, sp.diags([np.arange(d, dtype=float)], [0], format="csr"), ket)


def damped(d: int) -> qb.Battery:
    levels = np.diag(np.arange(d, dtype=float))
    lowering = np.diag(np.sqrt(np.arange(1, d)), 1)
    return qb.Battery(levels, levels, np.eye(d)[-1], collapse_ops=[0.1 * lowering])


def test_auto_choice() -> None:
    cases = [
        (qubit(), "spectral"),
        (tridiagonal(300), "chebyshev"),
        (tridiagonal(SPECTRAL_LIMIT + 1), "chebyshev"),
        (damped(4), "lindblad"),
        (damped(LINDBLAD_LIMIT), "lindblad"),
        (damped(LINDBLAD_LIMIT + 1), "ode"),
        (qubit(measurement_interval=0.25), "ode"),
        (BATTERIES["continuous protocol"][0](), "ode"),
        (heom_battery(), "heom"),
        (spin_ensemble(3, emission=0.1), "permutational"),
    ]
    for battery, expected in cases:
        assert _choose(battery, TIMES) == expected


def test_spectral_bounds_are_the_same_bits_on_every_call() -> None:
    """The Lanczos start vector is fixed: a resumed sweep repeats a Chebyshev point bit for bit
    whatever the process computed before."""
    from qbattery.dynamics.expansion import spectral_bounds

    hamiltonian = qb.models.dicke(6, 0.1).hamiltonian.static
    first = spectral_bounds(hamiltonian)
    qb.charge(qb.models.xxz_chain(6, 1.0, 0.5), np.linspace(0, 1, 5))  # other ARPACK work
    assert spectral_bounds(hamiltonian) == first
    # and the bounds enclose the spectrum (dense eigenvalues, an independent method)
    levels = np.linalg.eigvalsh(hamiltonian.toarray())
    assert first[0] <= levels[0] and levels[-1] <= first[1]
