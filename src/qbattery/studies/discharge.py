"""Discharging: the battery, prepared charged, delivers energy to a load (review sec. 3.1).

The reverse of charger-mediated charging (eqs. 30-31): the same Hamiltonian, with the battery
subsystems starting in a charged state and the other subsystems (the load, e.g. the empty cavity
of a Dicke battery) in a given state. For a battery that is the whole space, discharging is the
same control protocol started from the charged state. The stored energy ``W(t)`` then decreases;
the result's ``delivered_energy = -W`` and ``max_output_power`` describe the discharge.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.charge import charge
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.linalg import density_matrix
from qbattery.results import ChargingResult
from qbattery.validation import as_array

__all__ = ["discharge", "product_state"]


def product_state(
    battery_state: Any, load_state: Any, dims: tuple[int, ...], battery: tuple[int, ...]
) -> np.ndarray:
    """``rho_load (x) rho_B`` with each factor placed on its subsystems of ``dims``.

    Kets give a ket when both are kets, otherwise a density matrix.

    Examples
    --------
    The load (first) in ``|g>``, the battery (second) in ``|e>``: the state ``|ge>``, index 1.

    >>> import numpy as np
    >>> from qbattery.studies.discharge import product_state
    >>> state = product_state(np.diag([0.0, 1.0]), np.diag([1.0, 0.0]), (2, 2), (1,))
    >>> np.diag(state).real
    array([0., 1., 0., 0.])
    """
    b = as_array(battery_state, "battery_state")
    load = as_array(load_state, "load_state")
    rest = tuple(k for k in range(len(dims)) if k not in battery)
    d_b = int(np.prod([dims[k] for k in battery]))
    d_load = int(np.prod([dims[k] for k in rest]))
    for name, array, size in (("battery_state", b, d_b), ("load_state", load, d_load)):
        if array.shape[0] != size:
            raise DimensionError(f"{name}: dimension {array.shape[0]}, its subsystems need {size}")
    order = [*rest, *battery]  # axes of kron(load, battery)
    inverse = np.argsort(order)
    n = len(dims)
    if b.ndim == 1 and load.ndim == 1:
        joint = np.kron(load, b).reshape([dims[k] for k in order])
        return joint.transpose(inverse).reshape(-1)
    joint = np.kron(density_matrix(load), density_matrix(b))
    joint = joint.reshape([dims[k] for k in order] * 2)
    joint = joint.transpose([*inverse, *(n + inverse)])
    size = int(np.prod(dims))
    return joint.reshape(size, size)


def discharge(
    battery: Battery,
    times: Any,
    *,
    battery_state: Any,
    load_state: Any = None,
    **charge_options: Any,
) -> ChargingResult:
    """Run ``battery``'s dynamics from a charged battery state into the load.

    Parameters
    ----------
    battery : Battery
        Supplies the Hamiltonian, H_B and the subsystem layout.
    times : array
        As for :func:`qbattery.charge`.
    battery_state : ket or density matrix on the battery subsystems
        The charged state (e.g. the excited level, or ``charge(..., battery_states=True)
        .battery_states[k]`` at the optimal time).
    load_state : ket or density matrix on the other subsystems
        Required when the battery is not the whole space (e.g. the cavity vacuum).
    charge_options
        Passed to :func:`qbattery.charge`.

    Examples
    --------
    An excited battery qubit swaps its quantum into a load qubit through ``sigma_+ sigma_- +
    h.c.``: ``cos^2 t`` is left at time t, half at ``pi/4`` and none at ``pi/2`` (energies in units
    of omega, times in 1/omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.studies.discharge import discharge
    >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> exchange = np.kron(lower.T, lower) + np.kron(lower, lower.T)
    >>> pair = qb.Battery(exchange, np.diag([0.0, 1.0]), np.array([1.0, 0, 0, 0]), dims=[2, 2],
    ...                   battery=[1])
    >>> out = discharge(pair, np.linspace(0, np.pi / 2, 3), battery_state=np.array([0.0, 1.0]),
    ...                 load_state=np.array([1.0, 0.0]))
    >>> np.round(out.battery_energy, 12)
    array([1. , 0.5, 0. ])
    """
    if battery.subspace is not None or battery.sector is not None:
        raise QBatteryValueError(
            "battery: discharge() builds product states; give a battery on the full product "
            "space (no subspace or sector)"
        )
    rest = [k for k in range(len(battery.dims)) if k not in battery.battery]
    if rest and load_state is None:
        raise QBatteryValueError(
            "load_state: the battery is coupled to other subsystems (the load); give their "
            "initial state, e.g. the cavity vacuum"
        )
    if not rest:
        if load_state is not None:
            raise QBatteryValueError("load_state: this battery is the whole space; omit it")
        initial = as_array(battery_state, "battery_state")
    else:
        initial = product_state(battery_state, load_state, battery.dims, battery.battery)
    discharging = battery.replace(initial_state=initial, name=f"{battery.name} (discharging)")
    return charge(discharging, times, **charge_options)
