"""The solvers of :func:`qbattery.charge`, collected from the modules that define them.

Each solver module exports its :class:`~qbattery.dynamics.method.Method`; :data:`METHODS` lists
them in a fixed order, and :func:`check_supported` refuses a battery a method cannot solve with
one line that names the methods that can, all read off the methods' flags. Adding a solver is
one module and one line here.
"""

from __future__ import annotations

from typing import Any

from qbattery.battery import Battery
from qbattery.dynamics.closed import CHEBYSHEV, SPECTRAL
from qbattery.dynamics.heom import HEOM
from qbattery.dynamics.lindblad import LINDBLAD
from qbattery.dynamics.method import Method
from qbattery.dynamics.ode import ODE
from qbattery.dynamics.permutational import PERMUTATIONAL
from qbattery.dynamics.redfield import REDFIELD
from qbattery.dynamics.sectors import SECTORS
from qbattery.errors import QBatteryValueError

__all__ = ["METHODS", "check_supported", "supporting"]

#: name -> Method, in the order they are listed to users.
METHODS: dict[str, Method[Any]] = {
    method.name: method
    for method in (SPECTRAL, CHEBYSHEV, SECTORS, ODE, LINDBLAD, PERMUTATIONAL, HEOM, REDFIELD)
}


def supporting(battery: Battery, *, battery_states: bool = False) -> list[str]:
    """Names of the methods that solve ``battery`` (asking for its states or not), in order.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.registry import supporting
    >>> hb = np.diag([0.0, 1.0])
    >>> leaky = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
    >>> supporting(leaky)
    ['ode', 'lindblad']
    """
    return [
        name
        for name, method in METHODS.items()
        if method.handles(battery, battery_states=battery_states)
    ]


def check_supported(method: Method[Any], battery: Battery, *, battery_states: bool) -> None:
    """Refuse, in one line, a battery (and call) that ``method`` cannot solve.

    The message names the method, what the battery has that it cannot handle, and the methods
    that solve the battery; if there are none, what to change.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.registry import METHODS, check_supported
    >>> hb = np.diag([0.0, 1.0])
    >>> leaky = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
    >>> check_supported(METHODS["lindblad"], leaky, battery_states=False)
    >>> check_supported(METHODS["spectral"], leaky, battery_states=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: method: 'spectral' is for closed, unmeasured systems; ...
    """
    reason = method.cannot_solve(battery, battery_states=battery_states)
    if reason is None:
        return
    refusal = f"method: {method.name!r} {reason}"
    names = supporting(battery, battery_states=battery_states)
    if names:
        listed = ", ".join(repr(name) for name in names)
        raise QBatteryValueError(f"{refusal}; methods that solve it: {listed} (or 'auto')")
    candidates = [m for m in METHODS.values() if m.solves_environment(battery)]
    if not candidates:
        environment = type(battery.environment).__name__
        raise QBatteryValueError(f"{refusal}; no method solves a {environment} environment")
    closest = method if method in candidates else candidates[0]
    missing = closest.missing(battery, battery_states=battery_states)
    fixes = " and ".join(feature.remedy for feature in missing)
    raise QBatteryValueError(
        f"{refusal}; no method solves it; {fixes} to solve it with method {closest.name!r}"
    )
