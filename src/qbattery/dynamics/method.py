"""What a solver of :func:`qbattery.charge` is: a :class:`Method` that owns its options.

Each solver module exports its method (``SPECTRAL``, ``ODE``, ...): the solver function, a frozen
options dataclass whose fields are the options with their one default each, checked when the
options are built, and flags saying what the solver can handle. :mod:`qbattery.dynamics.registry`
collects the methods; :func:`qbattery.charge` reads the flags to refuse a battery the method cannot
solve before any solver runs (dynamiqs' ``Method`` classes, QuTiP 5's integrator registry).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

import numpy as np

from qbattery.battery import Battery
from qbattery.dynamics.observe import Observables, Request
from qbattery.errors import QBatteryTypeError, QBatteryValueError

__all__ = [
    "FEATURES",
    "Feature",
    "IntegratorOptions",
    "Method",
    "Options",
    "boolean",
    "integrator_options",
    "option",
]

T = TypeVar("T")

#: ``check(value, name)`` returns the value in canonical form or raises a qbattery error that
#: names ``name``.
Check = Callable[[Any, str], Any]


def option(default: T, check: Callable[[Any, str], T]) -> T:
    """A field of an :class:`Options` dataclass: its one default and the check of its values.

    Examples
    --------
    >>> from dataclasses import dataclass
    >>> from qbattery.dynamics.method import Options, option
    >>> from qbattery.validation import positive_int
    >>> @dataclass(frozen=True)
    ... class StepOptions(Options):
    ...     steps: int = option(10, positive_int)
    >>> StepOptions().steps, StepOptions(steps=3.0).steps
    (10, 3)
    """
    return field(default=default, metadata={"check": check})


def boolean(value: Any, name: str) -> bool:
    """``True`` or ``False`` (NumPy booleans too); anything else is refused.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.method import boolean
    >>> boolean(np.True_, "check_depth")
    True
    >>> boolean(1, "check_depth")
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryTypeError: check_depth: expected True or False, got 1
    """
    if not isinstance(value, bool | np.bool_):
        raise QBatteryTypeError(f"{name}: expected True or False, got {value!r}")
    return bool(value)


@dataclass(frozen=True)
class Options:
    """Base of the solvers' options: every field is checked (and made canonical) on creation.

    Subclasses are frozen dataclasses whose fields are declared with :func:`option`; an invalid
    value raises an error naming ``options['name']``, the value, and the default to fall back on.

    Examples
    --------
    Fields are checked on creation, with the default named in the error:

    >>> from qbattery.dynamics.closed import ChebyshevOptions
    >>> ChebyshevOptions(tol=-1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: options['tol']: must be positive, got -1.0; ...
    """

    def __post_init__(self) -> None:
        for spec in fields(self):
            check: Check = spec.metadata["check"]
            try:
                value = check(getattr(self, spec.name), f"options[{spec.name!r}]")
            except (QBatteryValueError, QBatteryTypeError) as error:
                raise type(error)(
                    f"{error}; e.g. {spec.name}={spec.default!r}, the default"
                ) from None
            object.__setattr__(self, spec.name, value)

    def as_dict(self) -> dict[str, Any]:
        """The options as a plain dict, in field order (recorded in the result).

        Examples
        --------
        >>> from qbattery.dynamics.ode import ODEOptions
        >>> ODEOptions().as_dict()
        {'atol': 1e-12, 'rtol': 1e-10, 'nsteps': 1000000}
        """
        return {spec.name: getattr(self, spec.name) for spec in fields(self)}


class IntegratorOptions(Protocol):
    """Options of a method that integrates with QuTiP (ode, heom, redfield).

    Examples
    --------
    The options of ``method="ode"`` satisfy it:

    >>> from qbattery.dynamics.ode import ODEOptions
    >>> options = ODEOptions()
    >>> options.atol, options.rtol, options.nsteps
    (1e-12, 1e-10, 1000000)
    """

    @property
    def atol(self) -> float: ...

    @property
    def rtol(self) -> float: ...

    @property
    def nsteps(self) -> int: ...


def integrator_options(options: IntegratorOptions) -> dict[str, Any]:
    """QuTiP solver options from the ``atol``, ``rtol`` and ``nsteps`` of a method's options.

    Examples
    --------
    >>> from qbattery.dynamics.method import integrator_options
    >>> from qbattery.dynamics.ode import ODEOptions
    >>> integrator_options(ODEOptions(atol=1e-9))
    {'atol': 1e-09, 'rtol': 1e-10, 'nsteps': 1000000, 'progress_bar': False}
    """
    return {
        "atol": options.atol,
        "rtol": options.rtol,
        "nsteps": options.nsteps,
        "progress_bar": False,
    }


OptionsT = TypeVar("OptionsT", bound=Options)


class Feature(NamedTuple):
    """Something a battery (or a call) may need that not every method handles.

    ``needed(battery, battery_states)`` says whether it is needed, ``handled(method)`` whether
    a method handles it; the texts make the refusal: ``method: 'name' <limit>; <clause>`` and,
    when no method handles the whole battery, ``<remedy>``. A closed-system method's limit for
    the features of open or measured systems (``open_system``) is "is for closed, unmeasured
    systems".

    Examples
    --------
    >>> from qbattery.dynamics.method import FEATURES
    >>> FEATURES[0].limit
    'takes no collapse operators'
    """

    needed: Callable[[Battery, bool], bool]
    handled: Callable[[Method[Any]], bool]
    limit: str
    clause: str
    remedy: str
    open_system: bool = False


#: Lindblad ``collapse_ops``, repeated measurements, continuous protocols, battery states, and
#: excitation sectors (needed by a sectors-only method).
FEATURES = (
    Feature(
        lambda battery, _: bool(battery.collapse_ops),
        lambda method: method.collapse_ops,
        "takes no collapse operators",
        "this battery has collapse operators",
        "drop collapse_ops",
        open_system=True,
    ),
    Feature(
        lambda battery, _: battery.measurement_interval is not None,
        lambda method: method.measurements,
        "does not apply repeated measurements",
        "this battery has a measurement_interval",
        "drop measurement_interval",
        open_system=True,
    ),
    Feature(
        lambda battery, _: battery.hamiltonian.switching_times() is None,
        lambda method: method.continuous,
        "needs a piecewise-constant protocol (Step, Piecewise)",
        "this battery's protocol varies continuously",
        "use a piecewise-constant protocol",
    ),
    Feature(
        lambda _, battery_states: battery_states,
        lambda method: method.battery_states,
        "does not build the battery states",
        "battery_states, resources or full_states asks for states",
        "pass battery_states=False, resources=False and full_states=False",
    ),
    Feature(
        lambda battery, _: battery.sector is None,
        lambda method: not method.sectors_only,
        "solves batteries held in excitation sectors",
        "this battery has no excitation sectors",
        "build the model in its excitation sectors (space='sector')",
    ),
)

#: What a closed-system method is for, in place of the limits of open-system features.
_CLOSED = "is for closed, unmeasured systems"


@dataclass(frozen=True)
class Method(Generic[OptionsT]):
    """A solver of :func:`qbattery.charge`, its options and what it can handle.

    Attributes
    ----------
    name : str
        The ``method=`` name.
    solver : callable
        ``solver(battery, times, request, options) -> Observables`` with checked inputs: a
        battery this method handles, a checked grid, and an instance of ``options``.
    options : type
        Frozen :class:`Options` dataclass: its fields are the options, with their defaults.
    collapse_ops : bool
        Handles Lindblad collapse operators (open systems).
    measurements : bool
        Applies the repeated measurements of ``measurement_interval``.
    continuous : bool
        Handles continuously varying protocols (not only piecewise-constant ones).
    environment : type, optional
        The :class:`~qbattery.battery.Environment` type it solves (and only batteries with
        one); ``None`` for methods that solve batteries without an environment.
    correlator : bool
        Gives the two-time term ``<H_B(t) H_B(0)>`` with ``fluctuations=True``.
    battery_states : bool
        Can return the reduced battery states (``battery_states``, ``resources``).
    sectors_only : bool
        Solves only batteries held in excitation sectors (``battery.sector`` set).
    check_memory : callable, optional
        ``check_memory(battery, points)`` refuses, before the solver allocates anything, a solve
        of ``points`` grid times that would not fit in memory
        (:func:`qbattery.memory.require_memory`); None when the method bounds its own memory.

    Examples
    --------
    Every method of :func:`qbattery.charge` is one of these, in :data:`METHODS`:

    >>> from qbattery.dynamics.registry import METHODS
    >>> spectral = METHODS["spectral"]
    >>> spectral.name, spectral.collapse_ops
    ('spectral', False)
    """

    name: str
    solver: Callable[[Battery, np.ndarray, Request, OptionsT], Observables]
    options: type[OptionsT]
    collapse_ops: bool = False
    measurements: bool = False
    continuous: bool = False
    environment: type | None = None
    correlator: bool = False
    battery_states: bool = True
    sectors_only: bool = False
    check_memory: Callable[[Battery, int], None] | None = None

    @property
    def defaults(self) -> dict[str, Any]:
        """The options and their default values."""
        return {spec.name: spec.default for spec in fields(self.options)}

    @property
    def closed(self) -> bool:
        """Closed, unmeasured systems only."""
        return not (self.collapse_ops or self.measurements or self.environment)

    def configure(self, options: Mapping[str, Any] | None) -> OptionsT:
        """The checked options from ``options`` (name -> value; ``None`` for the defaults).

        Examples
        --------
        >>> from qbattery.dynamics.registry import METHODS
        >>> METHODS["chebyshev"].configure({"tol": 1e-10}).tol
        1e-10
        >>> METHODS["chebyshev"].configure(None)
        ChebyshevOptions(tol=1e-12, max_memory=4294967296)
        """
        if options is None:
            options = {}
        if not isinstance(options, Mapping):
            raise QBatteryTypeError(
                f"options: expected a mapping of option names to values, got "
                f"{type(options).__name__}; pass e.g. options={self.defaults!r}"
            )
        unknown = sorted(set(options) - set(self.defaults))
        if unknown:
            valid = ", ".join(sorted(self.defaults)) or "none"
            raise QBatteryValueError(
                f"options: {unknown} not used by method {self.name!r}; its options are: {valid}"
            )
        return self.options(**options)

    def solves_environment(self, battery: Battery) -> bool:
        """Whether this method is made for the battery's environment (or lack of one).

        Examples
        --------
        A closed qubit has no environment, which the closed-system methods are made for:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.registry import METHODS
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
        >>> METHODS["spectral"].solves_environment(qubit), METHODS["heom"].solves_environment(qubit)
        (True, False)
        """
        if battery.environment is None or self.environment is None:
            return battery.environment is None and self.environment is None
        return isinstance(battery.environment, self.environment)

    def missing(self, battery: Battery, *, battery_states: bool = False) -> list[Feature]:
        """The features this battery (and call) needs that this method does not handle.

        Examples
        --------
        A decaying qubit needs collapse operators, which the spectral method does not take:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.registry import METHODS
        >>> hb = np.diag([0.0, 1.0])
        >>> leaky = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
        >>> [feature.limit for feature in METHODS["spectral"].missing(leaky)]
        ['takes no collapse operators']
        """
        return [
            feature
            for feature in FEATURES
            if feature.needed(battery, battery_states) and not feature.handled(self)
        ]

    def handles(self, battery: Battery, *, battery_states: bool = False) -> bool:
        """Whether this method solves ``battery`` (asking for its states or not).

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.registry import METHODS
        >>> hb = np.diag([0.0, 1.0])
        >>> leaky = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
        >>> METHODS["spectral"].handles(leaky), METHODS["lindblad"].handles(leaky)
        (False, True)
        """
        return self.solves_environment(battery) and not self.missing(
            battery, battery_states=battery_states
        )

    def cannot_solve(self, battery: Battery, *, battery_states: bool = False) -> str | None:
        """Why this method cannot solve ``battery`` (``None`` if it can), e.g. "is for closed,
        unmeasured systems; this battery has collapse operators".

        The environment comes first: a method for another environment (or for none) cannot
        solve the battery whatever else it has.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.registry import METHODS
        >>> hb = np.diag([0.0, 1.0])
        >>> leaky = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
        >>> METHODS["spectral"].cannot_solve(leaky)
        'is for closed, unmeasured systems; this battery has collapse operators'
        >>> METHODS["lindblad"].cannot_solve(leaky) is None
        True
        """
        given = battery.environment
        if not self.solves_environment(battery):
            if given is not None:
                return f"cannot solve a battery whose environment is {type(given).__name__}"
            assert self.environment is not None
            return (
                f"solves only batteries with an environment of type {self.environment.__name__}; "
                "this battery has none"
            )
        missing = self.missing(battery, battery_states=battery_states)
        if not missing:
            return None
        limits = [_CLOSED if self.closed and f.open_system else f.limit for f in missing]
        clauses = "; ".join(feature.clause for feature in missing)
        return f"{' and '.join(dict.fromkeys(limits))}; {clauses}"
