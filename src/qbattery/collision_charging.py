"""``collision_charging``: the front door for collision models, and their result type.

Checks a battery, an ancilla stream and an interaction, runs
:func:`qbattery.dynamics.collision.collide` (the model and its sources are in that module's
docstring) and records the battery's curves after every collision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.battery import Battery, check_battery
from qbattery.dynamics.collision import collide, exchange_interaction
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.linalg import density_matrix, expectation, reduced_state
from qbattery.metrics.passivity import energetics
from qbattery.metrics.power import average_power
from qbattery.operators import as_operator, to_dense
from qbattery.results import prefixed_attrs
from qbattery.validation import (
    DEFAULT_ATOL,
    as_array,
    check_hermitian,
    check_positive_spectrum,
    check_unit_trace,
    finite_real,
    non_negative_int,
    positive_real,
)
from qbattery.version import __version__

__all__ = ["CollisionCharging", "collision_charging", "exchange_interaction"]


@dataclass(frozen=True, repr=False)
class CollisionCharging:
    """Battery curves after each collision of a collision model.

    Attributes
    ----------
    collisions : array (n + 1,)
        ``0, 1, ..., n``.
    times : array (n + 1,)
        ``collisions * collision_time``.
    energy : array (n + 1,)
        Stored energy ``W = Tr[H_B rho_B] - Tr[H_B rho_B(0)]``.
    battery_energy : array (n + 1,)
    ergotropy : array (n + 1,)
    battery_states : array (n + 1, d_B, d_B)
    system_states : array (n + 1, d, d)
        The whole system (charger and battery).
    parameters : dict
    model : str
        The battery's model name.

    Examples
    --------
    Each SWAP collision with an excited ancilla hands one quantum to the qubit battery (energy in
    units of omega):

    >>> import numpy as np
    >>> from qbattery import Battery, collision_charging
    >>> from qbattery.dynamics.collision import exchange_interaction
    >>> lower, hb = np.array([[0.0, 1.0], [0.0, 0.0]]), np.diag([0.0, 1.0])
    >>> v = exchange_interaction(lower, lower, 1.0)
    >>> run = collision_charging(Battery(hb, hb, np.array([1.0, 0.0])), np.array([0.0, 1.0]), v,
    ...                          collision_time=np.pi / 2, n_collisions=2, ancilla_hamiltonian=hb)
    >>> run.collisions.tolist(), np.round(run.ergotropy, 12).tolist()
    ([0, 1, 2], [0.0, 1.0, 1.0])
    """

    collisions: np.ndarray
    times: np.ndarray
    energy: np.ndarray
    battery_energy: np.ndarray
    ergotropy: np.ndarray
    battery_states: np.ndarray
    system_states: np.ndarray
    parameters: dict[str, Any]
    model: str = ""

    @property
    def average_power(self) -> np.ndarray:
        """``W_n / (n tau)``; NaN before the first collision."""
        return average_power(self.times, self.energy)

    @property
    def optimal_collisions(self) -> int:
        """The number of collisions that maximises the average power."""
        return int(np.nanargmax(self.average_power))

    @property
    def max_average_power(self) -> float:
        """``max_n W_n / (n tau)`` over the collisions (stroboscopic: not refined between them)."""
        return float(self.average_power[self.optimal_collisions])

    @property
    def optimal_time(self) -> float:
        """``n* tau`` at the most powerful number of collisions ``n*``."""
        return float(self.times[self.optimal_collisions])

    @property
    def energy_at_optimal_time(self) -> float:
        """Stored energy after ``n*`` collisions."""
        return float(self.energy[self.optimal_collisions])

    @property
    def ergotropy_at_optimal_time(self) -> float:
        """Ergotropy after ``n*`` collisions."""
        return float(self.ergotropy[self.optimal_collisions])

    @property
    def method(self) -> str:
        """``"collisions"``: what produced the curves (as ``ChargingResult.method``)."""
        return "collisions"

    def summary(self) -> dict[str, Any]:
        """Scalar figures of merit and the parameters, JSON-serialisable (as
        :meth:`qbattery.ChargingResult.summary`).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery import Battery, collision_charging
        >>> from qbattery.dynamics.collision import exchange_interaction
        >>> lower, hb = np.array([[0.0, 1.0], [0.0, 0.0]]), np.diag([0.0, 1.0])
        >>> v = exchange_interaction(lower, lower, 1.0)
        >>> qubit, excited = Battery(hb, hb, np.array([1.0, 0.0])), np.array([0.0, 1.0])
        >>> run = collision_charging(qubit, excited, v, collision_time=np.pi / 2, n_collisions=2,
        ...                          ancilla_hamiltonian=hb)
        >>> summary = run.summary()
        >>> summary["method"], summary["optimal_time"] == np.pi / 2, summary["max_energy"]
        ('collisions', True, 1.0)
        """
        return {
            "model": self.model,
            "parameters": {k: v for k, v in self.parameters.items() if k != "ancilla_state"},
            "method": self.method,
            "options": {},
            "max_average_power": self.max_average_power,
            "optimal_time": self.optimal_time,
            "energy_at_optimal_time": self.energy_at_optimal_time,
            "ergotropy_at_optimal_time": self.ergotropy_at_optimal_time,
            "max_energy": float(np.max(self.energy)),
            "qbattery_version": __version__,
        }

    def to_xarray(self) -> Any:
        """An ``xarray.Dataset`` over ``collision`` with time as a coordinate.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery import Battery, collision_charging
        >>> from qbattery.dynamics.collision import exchange_interaction
        >>> lower, hb = np.array([[0.0, 1.0], [0.0, 0.0]]), np.diag([0.0, 1.0])
        >>> v = exchange_interaction(lower, lower, 1.0)
        >>> qubit, excited = Battery(hb, hb, np.array([1.0, 0.0])), np.array([0.0, 1.0])
        >>> run = collision_charging(qubit, excited, v, collision_time=np.pi / 2, n_collisions=2,
        ...                          ancilla_hamiltonian=hb)
        >>> run.to_xarray().sizes["collision"]
        3
        """
        import xarray as xr

        curves = {
            "energy": ("collision", self.energy, {"long_name": "stored energy W"}),
            "battery_energy": ("collision", self.battery_energy, {"long_name": "Tr[H_B rho_B]"}),
            "ergotropy": ("collision", self.ergotropy, {"long_name": "battery ergotropy"}),
            "average_power": ("collision", self.average_power, {"long_name": "W / t"}),
        }
        return xr.Dataset(
            curves,
            coords={"collision": self.collisions, "time": ("collision", self.times)},
            attrs=prefixed_attrs("parameter", self.parameters),
        )

    def __repr__(self) -> str:
        return (
            f"CollisionCharging({len(self.collisions) - 1} collisions, "
            f"memory={self.parameters.get('memory')}; max W = {np.max(self.energy):.6g}, "
            f"max ergotropy = {np.max(self.ergotropy):.6g})"
        )


def _ancilla_state(value: Any) -> np.ndarray:
    array = as_array(value, "ancilla_state")
    if array.ndim == 1:
        norm = np.linalg.norm(array)
        if abs(norm - 1) > DEFAULT_ATOL:
            raise QBatteryValueError(f"ancilla_state: ket norm {norm:.6g}, normalise it")
        return density_matrix(array)
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        raise DimensionError(
            "ancilla_state: expected a ket (d_A,) or a density matrix (d_A, d_A), got "
            f"{array.shape}"
        )
    check_hermitian(array, "ancilla_state")
    check_unit_trace(array, "ancilla_state")
    check_positive_spectrum(np.linalg.eigvalsh(array), "ancilla_state")
    return array


def collision_charging(
    battery: Battery,
    ancilla_state: Any,
    interaction: Any,
    *,
    collision_time: float,
    n_collisions: int,
    ancilla_hamiltonian: Any = None,
    memory: float = 0.0,
) -> CollisionCharging:
    """Run a collision model on ``battery`` and record its curves after every collision.

    Parameters
    ----------
    battery : Battery
        The system: a constant Hamiltonian ``H`` (no drives), no collapse operators,
        measurements or environment, on the full space of its ``dims``.
    ancilla_state : ket (d_A,) or density matrix (d_A, d_A)
        ``eta``, the state of every fresh ancilla (excited or coherent to charge the battery,
        ground or thermal for an environment).
    interaction : Hermitian operator (d d_A, d d_A)
        ``V`` on system (x) ancilla, the ancilla the rightmost factor (e.g.
        :func:`exchange_interaction`).
    collision_time : float
        ``tau > 0``.
    n_collisions : int
    ancilla_hamiltonian : Hermitian operator (d_A, d_A), optional
        ``H_A`` (default zero).
    memory : float
        ``p`` in [0, 1], the probability of the SWAP between consecutive ancillas.

    Returns
    -------
    CollisionCharging

    Examples
    --------
    >>> import numpy as np
    >>> lower, hb = np.array([[0.0, 1.0], [0.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = Battery(hb, hb, np.array([1.0, 0.0]))
    >>> v = exchange_interaction(lower, lower, 1.0)
    >>> run = collision_charging(qubit, np.array([0.0, 1.0]), v, collision_time=np.pi / 2,
    ...                          n_collisions=2, ancilla_hamiltonian=hb)
    >>> np.round(run.energy, 12).tolist()                 # a full SWAP charges at once
    [0.0, 1.0, 1.0]
    """
    _check_system(battery)
    eta = _ancilla_state(ancilla_state)
    d, d_a = battery.dimension, eta.shape[0]
    coupling = to_dense(as_operator(interaction, "interaction", dimension=d * d_a))
    h_a = (
        np.zeros((d_a, d_a), dtype=complex)
        if ancilla_hamiltonian is None
        else to_dense(as_operator(ancilla_hamiltonian, "ancilla_hamiltonian", dimension=d_a))
    )
    tau = positive_real(collision_time, "collision_time")
    steps = non_negative_int(n_collisions, "n_collisions")
    p = finite_real(memory, "memory")
    if not 0.0 <= p <= 1.0:
        raise QBatteryValueError(f"memory: a probability in [0, 1], got {memory!r}")
    systems = collide(
        to_dense(battery.hamiltonian.static),
        density_matrix(battery.initial_state),
        eta,
        coupling,
        h_a,
        collision_time=tau,
        n_collisions=steps,
        memory=p,
    )
    return _curves(
        battery,
        systems,
        tau,
        {
            "collision_time": tau,
            "n_collisions": steps,
            "memory": p,
            "ancilla_state": eta.tolist(),
        },
    )


def _check_system(battery: Battery) -> None:
    check_battery(battery)
    problems = []
    if battery.hamiltonian.drives:
        problems.append("a driven Hamiltonian (give a constant one)")
    if battery.collapse_ops:
        problems.append("collapse operators")
    if battery.measurement_interval is not None:
        problems.append("measurements")
    if battery.environment is not None:
        problems.append("an environment")
    if battery.subspace is not None or battery.sector is not None:
        problems.append("a reduced (subspace or sector) basis")
    if problems:
        raise QBatteryValueError(
            f"battery: a collision model needs a closed system on the full space; this one has "
            f"{', '.join(problems)}"
        )


def _curves(
    battery: Battery, systems: np.ndarray, tau: float, parameters: dict[str, Any]
) -> CollisionCharging:
    h_b = to_dense(battery.battery_hamiltonian)
    states = (
        systems
        if battery.battery_is_whole_space
        else reduced_state(systems, battery.dims, battery.battery)
    )
    energies = expectation(h_b, states)
    ergotropy = energetics(states, h_b, spectrum=battery.battery_spectrum, validate=False).ergotropy
    collisions = np.arange(len(systems))
    return CollisionCharging(
        collisions=collisions,
        times=collisions * tau,
        energy=energies - energies[0],
        battery_energy=energies,
        ergotropy=np.asarray(ergotropy),
        battery_states=states,
        system_states=systems,
        parameters={**battery.parameters, **parameters},
        model=battery.name,
    )
