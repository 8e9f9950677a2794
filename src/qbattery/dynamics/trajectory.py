"""Full-state Lindblad trajectories reduced to the battery, with their exact time derivatives.

The state is integrated with ``qutip.mesolve`` and the Lindbladian

    L_t(rho) = -i[H(t), rho] + sum_j (L_j rho L_j^dagger - {L_j^dagger L_j, rho} / 2)

(Lindblad, Commun. Math. Phys. 48, 119 (1976)) is applied to the full state before the partial
trace, so ``d rho_B / dt`` is exact (no finite differences). The open-system power bounds of
:mod:`qbattery.metrics.open_bounds` are evaluated along these trajectories.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qbattery.battery import Battery, check_battery
from qbattery.dynamics.method import integrator_options
from qbattery.dynamics.ode import ODEOptions
from qbattery.errors import QBatteryValueError
from qbattery.linalg import density_matrix, reduced_state
from qbattery.operators import to_dense
from qbattery.validation import check_times, from_zero

__all__ = ["battery_state_trajectory"]


def _check_battery(battery: Battery) -> None:
    check_battery(battery)
    unsupported = {
        "environment": battery.environment is not None,
        "measurement_interval": battery.measurement_interval is not None,
        "sector": battery.sector is not None,
    }
    for name, present in unsupported.items():
        if present:
            raise QBatteryValueError(
                f"battery: {name} is set; the trajectory bounds need smooth Lindblad dynamics "
                "given by the Hamiltonian and collapse_ops on the product space"
            )


def battery_state_trajectory(
    battery: Battery,
    times: Any,
    *,
    atol: float = ODEOptions.atol,
    rtol: float = ODEOptions.rtol,
    nsteps: int = ODEOptions.nsteps,
) -> tuple[np.ndarray, np.ndarray]:
    """Battery states ``rho_B(t)`` and their exact derivatives ``Tr_rest[L_t(rho(t))]``.

    The full state is integrated with ``qutip.mesolve`` (``atol``, ``rtol``, ``nsteps`` as the
    :class:`~qbattery.dynamics.ode.ODEOptions` of ``method="ode"``); the
    derivative applies the Lindbladian
    ``L_t(rho) = -i[H(t), rho] + sum_j (L_j rho L_j^dagger - {L_j^dagger L_j, rho} / 2)``
    to the full state, then traces out everything but the battery (no finite differences).

    Returns
    -------
    rho_b, rho_b_dot : arrays (n, d_B, d_B)

    Examples
    --------
    A decaying qubit: ``rho_ee = e^{-t}`` and ``d rho_ee/dt = -e^{-t}``:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.trajectory import battery_state_trajectory
    >>> hb = np.diag([0.0, 1.0])
    >>> leaky = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
    >>> states, rates = battery_state_trajectory(leaky, np.array([0.0, 1.0]))
    >>> round(float(states[1][1, 1].real), 8), round(float(rates[1][1, 1].real), 8)
    (0.36787944, -0.36787944)
    """
    import qutip

    _check_battery(battery)
    grid = check_times(times)
    options = ODEOptions(atol=atol, rtol=rtol, nsteps=nsteps)
    full_grid = from_zero(grid)
    dims = battery.space_dims
    initial = battery.initial_state
    rho0 = density_matrix(initial)
    c_ops = [to_dense(c) for c in battery.collapse_ops]
    solution = qutip.mesolve(
        qutip.QobjEvo(battery.hamiltonian.to_qobj_list(dims)),
        qutip.Qobj(rho0, dims=[dims, dims]),
        full_grid,
        c_ops=[qutip.Qobj(c, dims=[dims, dims]) for c in c_ops],
        options=integrator_options(options),
    )
    rho = np.array([state.full() for state in solution.states[len(full_grid) - len(grid) :]])
    rho_dot = _commutator(to_dense(battery.hamiltonian.static), rho)
    for term, protocol in battery.hamiltonian.drives:
        amplitude = np.array([float(protocol(t)) for t in grid])
        rho_dot += amplitude[:, None, None] * _commutator(to_dense(term), rho)
    for jump in c_ops:
        number = np.conj(jump.T) @ jump
        rho_dot += jump @ rho @ np.conj(jump.T) - 0.5 * (number @ rho + rho @ number)
    return _reduce(battery, rho), _reduce(battery, rho_dot)


def _commutator(h: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """``-i[h, rho]`` for a stack of matrices."""
    return -1j * (h @ rho - rho @ h)


def _reduce(battery: Battery, matrices: np.ndarray) -> np.ndarray:
    """``Tr_rest`` of full-space matrices (linear: applies to states and derivatives alike)."""
    if battery.subspace is not None:
        size = int(np.prod(battery.dims))
        full = np.zeros((matrices.shape[0], size, size), dtype=complex)
        full[:, battery.subspace[:, None], battery.subspace[None, :]] = matrices
        matrices = full
    if battery.battery_is_whole_space:
        return matrices
    return reduced_state(matrices, battery.dims, battery.battery)
