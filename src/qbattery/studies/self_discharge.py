"""Storage of an open battery: steady states and self-discharge lifetimes (review sec. 5).

**Steady state.** For a time-independent Lindbladian the stationary state solves ``L rho = 0``
with ``Tr rho = 1``; it is found directly by a sparse linear solve (``qutip.steadystate``), not
by integrating to long times. Its battery energy and ergotropy tell whether an engineered bath
charges the battery by itself (dissipative charging: an active steady state, e.g. pumping
faster than emission; Barra, PRL 122, 210601 (2019)).

**Self-discharge.** Left alone, a charged battery relaxes under its own Hamiltonian and
environment. :func:`self_discharge` follows the stored energy ``E(t) - e_0`` (above the ground
level of H_B) and the ergotropy along the exact propagation ``exp(L t)``
(:mod:`qbattery.dynamics.lindblad`), and returns the lifetimes: the first time each falls to a
given fraction of its initial value, and the time the ergotropy reaches zero. Each crossing is
bracketed on the time grid and then located by bisection with exact propagation from the
bracket's start, to a stated time tolerance (never read off the grid). The ergotropy of a
decaying state typically reaches zero with a kink and stays there (Kamin et al., NJP 22, 083007
(2020); Santos et al., PRE 100, 032107 (2019)).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import qutip

from qbattery.battery import Battery
from qbattery.dynamics.lindblad import liouvillian, propagate
from qbattery.dynamics.observe import Observables, Request
from qbattery.dynamics.ode import adjoint_generator
from qbattery.errors import QBatteryValueError
from qbattery.linalg import density_matrix
from qbattery.results import ENERGY_UNITS, TIME_UNITS
from qbattery.validation import check_times, positive_real

__all__ = ["SelfDischarge", "SteadyState", "self_discharge", "steady_state"]

#: Ergotropy (relative to its initial value) below which the battery counts as fully passive.
_PASSIVE = 1e-12


@dataclass(frozen=True, repr=False)
class SteadyState:
    """The stationary state of an open battery and its figures of merit.

    Attributes
    ----------
    state : array (d, d)
        Stationary density matrix on the battery's state space.
    battery_state : array (d_B, d_B)
        Its reduced battery state (diagonal populations for sector batteries).
    battery_energy : float
        ``Tr[H_B rho_B]``.
    energy : float
        Stored energy relative to the initial state, ``Tr[H_B rho_B] - Tr[H_B rho_B(0)]``.
    ergotropy : float
        Ergotropy of the battery state (degeneracy-aware as in every metric).
    residual_power : float
        ``Tr[L^dagger(H_B) rho]``, zero for an exact steady state: a check of the solve.

    Examples
    --------
    Emission at rate 1 and pumping at rate 3 hold a qubit at ``p_e = 3/4``: energy ``0.75`` and
    ergotropy ``0.75 - 0.25 = 0.5`` (units of omega).

    >>> import numpy as np
    >>> import qbattery as qb
    >>> hb = np.diag([0.0, 1.0])
    >>> qubit = qb.local_noise(qb.Battery(hb, hb, np.array([1.0, 0.0])), emission=1.0, pumping=3.0)
    >>> steady = qb.steady_state(qubit)
    >>> round(steady.battery_energy, 10), round(steady.ergotropy, 10)
    (0.75, 0.5)
    """

    state: np.ndarray
    battery_state: np.ndarray
    battery_energy: float
    energy: float
    ergotropy: float
    residual_power: float

    def summary(self) -> dict[str, Any]:
        """The scalars, JSON-serialisable (energies in the model's reference frequency).

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(hb, hb, np.array([1.0, 0.0]))
        >>> qubit = qb.local_noise(qubit, emission=1.0, pumping=3.0)
        >>> summary = qb.steady_state(qubit).summary()
        >>> round(summary["energy"], 10), summary["energy_units"]
        (0.75, 'hbar*omega')
        """
        return {
            "battery_energy": self.battery_energy,
            "energy": self.energy,
            "ergotropy": self.ergotropy,
            "residual_power": self.residual_power,
            "energy_units": ENERGY_UNITS,
        }

    def to_xarray(self) -> Any:
        """The reduced battery state over ``(row, column)`` with the scalars as attributes.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(hb, hb, np.array([1.0, 0.0]))
        >>> qubit = qb.local_noise(qubit, emission=1.0, pumping=3.0)
        >>> np.round(qb.steady_state(qubit).to_xarray()["battery_state"].values.real, 10)
        array([[0.25, 0.  ],
               [0.  , 0.75]])
        """
        import xarray as xr

        state = xr.DataArray(
            self.battery_state,
            dims=("row", "column"),
            attrs={"long_name": "steady battery state rho_B", "units": "1"},
        )
        return xr.Dataset({"battery_state": state}, attrs=self.summary())

    def __repr__(self) -> str:
        return (
            f"SteadyState(energy={self.energy:.6g}, ergotropy={self.ergotropy:.6g}, "
            f"residual_power={self.residual_power:.2g}; d_B={self.battery_state.shape[-1]})"
        )


def _time_independent(battery: Battery, name: str) -> None:
    if battery.hamiltonian.drives:
        raise QBatteryValueError(
            f"battery: {name} needs a time-independent Hamiltonian (no driven terms); build the "
            "battery with the drive switched off (free evolution) or folded into H0"
        )
    if battery.measurement_interval is not None or battery.environment is not None:
        raise QBatteryValueError(
            f"battery: {name} handles Lindblad operators only (no measurement_interval or "
            "environment)"
        )


def _figures(battery: Battery, states: np.ndarray) -> Observables:
    """Battery energy, exact power and ergotropy of full states (n, d, d) of ``battery``."""
    observed = Observables(
        battery, np.zeros(len(states)), Request(ergotropy=True, battery_states=True)
    )
    generator = adjoint_generator(battery, battery.hamiltonian.static, observed.h_full)
    observed.add_density_matrices(np.arange(len(states)), states, [generator] * len(states))
    observed.finish()
    return observed


def steady_state(battery: Battery) -> SteadyState:
    """Stationary state of an open battery with a time-independent Hamiltonian.

    Parameters
    ----------
    battery : Battery
        With Lindblad ``collapse_ops`` (e.g. from :func:`qbattery.environments.local_noise`)
        and no driven terms. The stationary state must be unique.

    Returns
    -------
    SteadyState

    Examples
    --------
    A qubit pumped at rate 3 and decaying at rate 1 settles with excited population 3/4,
    an active state of ergotropy 2 * 3/4 - 1 = 1/2:

    >>> import numpy as np
    >>> from qbattery.environments.markovian import local_noise
    >>> hb = np.diag([0.0, 1.0])
    >>> qubit = local_noise(Battery(hb, hb, np.array([1.0, 0.0])), emission=1.0, pumping=3.0)
    >>> round(steady_state(qubit).ergotropy, 10)
    0.5
    """
    _time_independent(battery, "steady_state")
    dims = battery.space_dims
    qdims = [dims, dims]
    stationary = qutip.steadystate(
        qutip.Qobj(battery.hamiltonian.static, dims=qdims),
        [qutip.Qobj(c, dims=qdims) for c in battery.collapse_ops],
    ).full()
    stationary = (stationary + np.conj(stationary.T)) / 2
    observed = _figures(battery, np.array([stationary]))
    initial = _figures(battery, np.array([density_matrix(battery.initial_state)]))
    assert observed.ergotropy is not None
    battery_state = (
        observed.battery_states[0]
        if observed.battery_states is not None
        else np.diag(observed.populations[0])  # type: ignore[index]
    )
    return SteadyState(
        state=stationary,
        battery_state=battery_state,
        battery_energy=float(observed.energy[0]),
        energy=float(observed.energy[0] - initial.energy[0]),
        ergotropy=float(observed.ergotropy[0]),
        residual_power=float(observed.power[0]),
    )


@dataclass(frozen=True, repr=False)
class SelfDischarge:
    """Free relaxation of a charged open battery and its lifetimes.

    Attributes
    ----------
    times : array (n,)
    stored_energy : array (n,)
        ``Tr[H_B rho_B(t)] - e_0``, the energy above the ground level of H_B.
    ergotropy : array (n,)
    fraction : float
        The fraction of the initial value that defines the lifetimes.
    energy_lifetime : float or None
        First time the stored energy falls to ``fraction`` of its initial value (None if not
        within ``times``).
    ergotropy_lifetime : float or None
        The same for the ergotropy.
    passive_time : float or None
        First time the ergotropy reaches zero (below 1e-12 of its initial value).
    time_tolerance : float
        Absolute accuracy of the three times.

    Examples
    --------
    An excited qubit decaying at rate 0.5 keeps ``e^{-t/2}`` of its energy: it falls to ``1/e``
    at ``t = 2`` and becomes passive (``p_e = 1/2``) at ``t = 2 ln 2`` (times in 1/omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> hb = np.diag([0.0, 1.0])
    >>> qubit = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=0.5)
    >>> out = qb.self_discharge(qubit, np.linspace(0, 5, 51), fraction=np.exp(-1))
    >>> round(out.energy_lifetime, 6), round(out.passive_time, 6), round(float(2 * np.log(2)), 6)
    (2.0, 1.386294, 1.386294)
    """

    times: np.ndarray
    stored_energy: np.ndarray
    ergotropy: np.ndarray
    fraction: float
    energy_lifetime: float | None
    ergotropy_lifetime: float | None
    passive_time: float | None
    time_tolerance: float

    def summary(self) -> dict[str, Any]:
        """Lifetimes and initial values, JSON-serialisable (None where not reached).

        Examples
        --------
        The ergotropy ``2 e^{-t/2} - 1`` falls to ``1/e`` at ``t = -2 ln((1 + 1/e)/2) = 0.759771``:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=0.5)
        >>> summary = qb.self_discharge(qubit, np.linspace(0, 5, 51), fraction=np.exp(-1)).summary()
        >>> round(summary["ergotropy_lifetime"], 6), summary["time_units"]
        (0.759771, '1/omega')
        """
        return {
            "fraction": self.fraction,
            "energy_lifetime": self.energy_lifetime,
            "ergotropy_lifetime": self.ergotropy_lifetime,
            "passive_time": self.passive_time,
            "time_tolerance": self.time_tolerance,
            "initial_stored_energy": float(self.stored_energy[0]),
            "initial_ergotropy": float(self.ergotropy[0]),
            "energy_units": ENERGY_UNITS,
            "time_units": TIME_UNITS,
        }

    def to_xarray(self) -> Any:
        """Stored energy and ergotropy over ``time``, with units; lifetimes as attributes.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=0.5)
        >>> dataset = qb.self_discharge(qubit, np.linspace(0, 5, 51)).to_xarray()
        >>> round(float(dataset["stored_energy"][10]), 6), round(float(np.exp(-0.5)), 6)   # t = 1
        (0.606531, 0.606531)
        """
        import xarray as xr

        energy = {"units": ENERGY_UNITS}
        curves = {
            "stored_energy": (
                "time",
                self.stored_energy,
                {**energy, "long_name": "stored energy above the ground level"},
            ),
            "ergotropy": ("time", self.ergotropy, {**energy, "long_name": "battery ergotropy"}),
        }
        attrs = {k: ("not reached" if v is None else v) for k, v in self.summary().items()}
        time = ("time", self.times, {"units": TIME_UNITS, "long_name": "time"})
        return xr.Dataset(curves, coords={"time": time}, attrs=attrs)

    def __repr__(self) -> str:
        def shown(value: float | None) -> str:
            return "not reached" if value is None else f"{value:.6g}"

        return (
            f"SelfDischarge({len(self.times)} times; to {self.fraction:g} of the initial value: "
            f"energy {shown(self.energy_lifetime)}, ergotropy {shown(self.ergotropy_lifetime)}; "
            f"passive at {shown(self.passive_time)})"
        )


def self_discharge(
    battery: Battery,
    times: Any,
    *,
    fraction: float = 0.5,
    time_tolerance: float = 1e-10,
) -> SelfDischarge:
    """Self-discharge of ``battery`` from its initial (charged) state (module docstring).

    Parameters
    ----------
    battery : Battery
        The battery during storage: its time-independent Hamiltonian (charging field off), its
        Lindblad operators, and the charged state as ``initial_state`` (e.g.
        ``charging_battery.replace(hamiltonian=h_free, initial_state=charged_state)``).
    times : array (n,)
        Non-negative, increasing; fine enough that each quantity crosses its threshold at most
        once between two grid points.
    fraction : float
        Lifetime threshold, 0 < fraction < 1 (e.g. 1/e or 1/2).
    time_tolerance : float
        Absolute accuracy of the lifetimes, > 0.

    Returns
    -------
    SelfDischarge

    Examples
    --------
    An excited qubit decaying at rate 0.5: energy lifetime to 1/e is 1 / 0.5 = 2, and the
    ergotropy 2 exp(-gamma t) - 1 vanishes at ln 2 / 0.5.

    >>> import numpy as np
    >>> from qbattery.environments.markovian import local_noise
    >>> hb = np.diag([0.0, 1.0])
    >>> qubit = local_noise(Battery(hb, hb, np.array([0.0, 1.0])), emission=0.5)
    >>> out = self_discharge(qubit, np.linspace(0, 5, 51), fraction=np.exp(-1))
    >>> round(out.energy_lifetime, 9), round(out.passive_time, 9), round(float(np.log(4)), 9)
    (2.0, 1.386294361, 1.386294361)
    """
    _time_independent(battery, "self_discharge")
    grid = check_times(times)
    share = positive_real(fraction, "fraction")
    if share >= 1:
        raise QBatteryValueError(f"fraction: must lie in (0, 1), got {fraction!r}")
    tolerance = positive_real(time_tolerance, "time_tolerance")
    generator = liouvillian(battery.hamiltonian.static, battery.collapse_ops, battery.space_dims)
    initial = density_matrix(battery.initial_state)
    states = propagate(generator, initial, np.concatenate([[0.0], grid]))
    observed = _figures(battery, states)
    assert observed.ergotropy is not None
    stored = observed.energy - battery.ground_energy
    ergotropy = observed.ergotropy

    def crossing(
        values: np.ndarray, threshold: float, pick: Callable[[Observables], float]
    ) -> float | None:
        below = np.flatnonzero(values[1:] <= threshold)
        if below.size == 0:
            return None
        k = int(below[0])  # the crossing lies in (t_k, t_{k+1}] of the extended grid
        points = np.concatenate([[0.0], grid])
        left, right = float(points[k]), float(points[k + 1])
        if values[k] <= threshold:
            return left
        start = states[k]
        while right - left > tolerance:
            middle = 0.5 * (left + right)
            state = propagate(generator, start, np.array([middle - points[k]]))
            if pick(_figures(battery, state)) <= threshold:
                right = middle
            else:
                left = middle
        return 0.5 * (left + right)

    def stored_of(o: Observables) -> float:
        return float(o.energy[0] - battery.ground_energy)

    def ergotropy_of(o: Observables) -> float:
        assert o.ergotropy is not None
        return float(o.ergotropy[0])

    return SelfDischarge(
        times=grid,
        stored_energy=stored[1:],
        ergotropy=ergotropy[1:],
        fraction=share,
        energy_lifetime=crossing(stored, share * stored[0], stored_of),
        ergotropy_lifetime=crossing(ergotropy, share * ergotropy[0], ergotropy_of),
        passive_time=crossing(ergotropy, _PASSIVE * ergotropy[0], ergotropy_of),
        time_tolerance=tolerance,
    )
