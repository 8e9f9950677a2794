"""The result of charging a battery: curves, power metrics, fluctuations, and their export."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.metrics.fluctuations import (
    increment_variance,
    two_time_correlator,
    width_variation,
)
from qbattery.metrics.power import OptimalCharging, average_power, f_alpha, optimal_charging

__all__ = [
    "ENERGY_UNITS",
    "POWER_UNITS",
    "TIME_UNITS",
    "UNITS_NOTE",
    "VARIANCE_UNITS",
    "ChargingResult",
    "prefixed_attrs",
]

#: Units of every number qbattery returns: hbar = 1 and energies in a model's reference
#: frequency omega (the cavity's for light-matter models; a platform preset may say otherwise).
ENERGY_UNITS = "hbar*omega"
TIME_UNITS = "1/omega"
POWER_UNITS = "hbar*omega^2"
VARIANCE_UNITS = "(hbar*omega)^2"
UNITS_NOTE = (
    "energies in units of the model's reference frequency omega (hbar = 1); times in 1/omega"
)


@dataclass(frozen=True, repr=False)
class ChargingResult:
    """Charging curves of a battery and the figures of merit derived from them.

    Attributes
    ----------
    times : array (n,)
    energy : array (n,)
        Stored energy ``W(t) = Tr[H_B rho_B(t)] - Tr[H_B rho_B(0)]`` (review eq. 3).
    battery_energy : array (n,)
        ``Tr[H_B rho_B(t)]``.
    ergotropy : array (n,) or None
        Ergotropy of the battery state (degeneracy-aware in reduced bases).
    power : array (n,)
        Instantaneous power ``dW/dt`` (eq. 13), exact (not differenced).
    variance : array (n,) or None
        ``V(t) = Delta E^2(t)`` of H_B (review sec. 2.2.2), with ``charge(fluctuations=True)``.
    two_time : array (n,) or None
        ``<H_B(t) H_B(0)>`` (Heisenberg picture), with ``fluctuations=True`` and a closed solver.
    initial_energy, initial_variance, ground_energy : float
        ``Tr[H_B rho_B(0)]``, ``V(0)``, and the lowest level of H_B.
    method : str
        The solver that produced the curves; ``options`` its settings.
    model, parameters
        The battery's model name and parameters.
    battery_states : array (n, d_B, d_B) or None
        With ``charge(battery_states=True)``.
    resources : dict of str to array (n,), or None
        Resource curves with ``charge(resources=True)`` (:mod:`qbattery.metrics.resource_curves`).
    states : array (n, d) or (n, d, d), or None
        The whole system's state at every grid time, with ``charge(full_states=True)``.
    battery : Battery or None
        The battery that was charged (from :func:`qbattery.charge`).

    Examples
    --------
    A qubit driven by ``sigma_x`` stores ``W(t) = sin^2 t``; the maximum of ``W/t`` is at
    ``tan t = 2 t``, ``t = 1.165561`` with power ``0.724611`` (energy in units of omega, times in
    1/omega, power in omega^2):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> result = qb.charge(qb.Battery(sx, hb, np.array([1.0, 0.0])), np.linspace(0, 2, 41))
    >>> round(result.optimal_time, 4), round(result.max_average_power, 4)
    (1.1656, 0.7246)
    """

    times: np.ndarray
    energy: np.ndarray
    battery_energy: np.ndarray
    ergotropy: np.ndarray | None
    power: np.ndarray
    variance: np.ndarray | None
    two_time: np.ndarray | None
    initial_energy: float
    initial_variance: float
    ground_energy: float
    method: str
    options: dict[str, Any]
    model: str
    parameters: dict[str, Any]
    version: str
    battery_states: np.ndarray | None = None
    resources: dict[str, np.ndarray] | None = None
    states: np.ndarray | None = None
    battery: Battery | None = None

    @cached_property
    def _optimum(self) -> OptimalCharging:
        return optimal_charging(self.times, self.energy, self.power)

    # -- power ---------------------------------------------------------------------------

    @property
    def average_power(self) -> np.ndarray:
        """``W(tau)/tau`` (eq. 14) on the grid; NaN at tau = 0."""
        return average_power(self.times, self.energy)

    @property
    def max_average_power(self) -> float:
        """``max_tau W(tau)/tau``, refined below the grid."""
        return self._optimum.max_average_power

    @property
    def optimal_time(self) -> float:
        """The charging time that maximises the average power, refined below the grid."""
        return self._optimum.optimal_time

    @property
    def energy_at_optimal_time(self) -> float:
        """Stored energy W at the optimal time (from the same interpolant)."""
        return self._optimum.work

    @property
    def ergotropy_at_optimal_time(self) -> float | None:
        """Battery ergotropy at the optimal time, interpolated linearly between grid points."""
        if self.ergotropy is None:
            return None
        return float(np.interp(self.optimal_time, self.times, self.ergotropy))

    @property
    def delivered_energy(self) -> np.ndarray:
        """``-W(t)``: the energy the battery has given away (discharging)."""
        return -self.energy

    @cached_property
    def _discharge_optimum(self) -> OptimalCharging:
        return optimal_charging(self.times, -self.energy, -self.power)

    @property
    def max_output_power(self) -> float:
        """``max_tau -W(tau)/tau``: the largest average power delivered, refined below the grid."""
        return self._discharge_optimum.max_average_power

    @property
    def optimal_discharge_time(self) -> float:
        """The discharge time that maximises the average delivered power."""
        return self._discharge_optimum.optimal_time

    def f_alpha(self, alpha: float) -> np.ndarray:
        """Power-work trade-off ``<P>^alpha W^(1-alpha)`` (eq. 16) on the grid.

        Examples
        --------
        ``alpha = 1`` is the average power ``W/t``, ``alpha = 0`` the work (``sin^2 t`` here, in
        units of omega; undefined at ``t = 0``, where the power is):

        >>> import numpy as np
        >>> import qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> result = qb.charge(qb.Battery(sx, hb, np.array([1.0, 0.0])), np.array([0.0, 1.0, 2.0]))
        >>> np.round(result.f_alpha(0.0), 6)
        array([     nan, 0.708073, 0.826822])
        """
        return f_alpha(self.times, self.energy, alpha)

    @property
    def ergotropy_ratio(self) -> np.ndarray | None:
        """Fraction of the battery's energy above its ground level that is extractable.

        ``E(t) / (Tr[H_B rho_B(t)] - e_0)``; NaN where the battery is in its ground level.
        """
        if self.ergotropy is None:
            return None
        above_ground = self.battery_energy - self.ground_energy
        out = np.full(above_ground.shape, np.nan)
        np.divide(self.ergotropy, above_ground, out=out, where=above_ground > 1e-12)
        return out

    # -- handing the charged battery on -------------------------------------------------------

    def _grid_index(self, time: float | None) -> int:
        if time is None:  # the grid time closest to the (refined) optimal time
            return int(np.argmin(np.abs(self.times - self.optimal_time)))
        matches = np.flatnonzero(np.isclose(self.times, float(time), rtol=1e-12, atol=1e-12))
        if matches.size == 0:
            nearest = self.times[np.argsort(np.abs(self.times - float(time)))[:2]]
            raise QBatteryValueError(
                f"time: {time!r} is not a time of the grid (nearest: "
                f"{', '.join(f'{t:.6g}' for t in sorted(nearest))}); charge on a grid that "
                "contains it"
            )
        return int(matches[0])

    def state_at(self, time: float | None = None) -> np.ndarray:
        """The whole system's state at a grid ``time`` (default: the grid time closest to
        ``optimal_time``): a ket (d,) or a density matrix (d, d).

        Needs ``charge(..., full_states=True)``.

        Examples
        --------
        Kept with ``full_states=True``; at ``t = pi/2`` the driven qubit is in ``|e>`` (up to a
        phase):

        >>> import numpy as np
        >>> import qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> battery = qb.Battery(sx, hb, np.array([1.0, 0.0]))
        >>> result = qb.charge(battery, np.linspace(0, np.pi / 2, 3), full_states=True)
        >>> np.round(np.abs(result.state_at(np.pi / 2)) ** 2, 12)
        array([0., 1.])
        """
        if self.states is None:
            raise QBatteryValueError(
                "full_states: this result kept no states; charge with full_states=True"
            )
        return self.states[self._grid_index(time)]

    def charged_battery(self, time: float | None = None) -> Battery:
        """The same battery starting from its state at ``time`` (default: the grid time closest
        to ``optimal_time``), ready to be stored, discharged or charged further.

        Examples
        --------
        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0, 1], [1, 0]]), np.diag([0.0, 1.0])
        >>> result = qb.charge(qb.Battery(sx, hb, np.array([1.0, 0.0])),
        ...                    np.linspace(0, np.pi / 2, 101), full_states=True)
        >>> charged = result.charged_battery(np.pi / 2)      # sin^2(pi/2) = 1: fully charged
        >>> round(float(abs(charged.initial_state[1]) ** 2), 12)
        1.0
        """
        if self.battery is None:
            raise QBatteryValueError("battery: this result does not record the charged battery")
        index = self._grid_index(time)
        state = self.state_at(self.times[index])
        return self.battery.replace(
            initial_state=state,
            name=f"{self.battery.name} (charged)",
            parameters={**self.battery.parameters, "charged_for": float(self.times[index])},
        )

    # -- fluctuations (eqs. 26-28) -------------------------------------------------------

    @property
    def energy_spread(self) -> np.ndarray | None:
        """``Delta E(t) = sqrt(V(t))``, the standard deviation of H_B."""
        return None if self.variance is None else np.sqrt(self.variance)

    @property
    def sigma2(self) -> np.ndarray | None:
        """``Sigma^2(t) = (sqrt V(t) - sqrt V(0))^2`` (eq. 27)."""
        if self.variance is None:
            return None
        return width_variation(self.variance, self.initial_variance)

    @property
    def correlator(self) -> np.ndarray | None:
        """``C(t)`` of eq. 28, if the two-time term was computed (closed solvers)."""
        if self.two_time is None:
            return None
        return two_time_correlator(self.two_time, self.battery_energy, self.initial_energy)

    @property
    def xi2(self) -> np.ndarray | None:
        """``Xi^2(t) = V(t) + V(0) - C(t)`` (eqs. 26, 28), with ``charge(fluctuations=True)``."""
        correlator = self.correlator
        if correlator is None or self.variance is None:
            return None
        return increment_variance(self.variance, self.initial_variance, correlator)

    # -- export --------------------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Scalar figures of merit and provenance, JSON-serialisable.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> result = qb.charge(qb.Battery(sx, hb, np.array([1.0, 0.0])), np.linspace(0, 2, 41))
        >>> summary = result.summary()
        >>> summary["method"], round(summary["max_energy"], 6)       # sin^2(1.55), in omega
        ('spectral', 0.999568)
        """
        ergotropy = self.ergotropy_at_optimal_time
        return {
            "model": self.model,
            "parameters": _plain(self.parameters),
            "method": self.method,
            "options": _plain(self.options),
            "max_average_power": self.max_average_power,
            "optimal_time": self.optimal_time,
            "energy_at_optimal_time": self.energy_at_optimal_time,
            "ergotropy_at_optimal_time": ergotropy,
            "max_energy": float(np.max(self.energy)),
            "qbattery_version": self.version,
        }

    def to_xarray(self) -> Any:
        """An ``xarray.Dataset`` over ``time``: every variable with ``units`` and ``long_name``,
        the figures of merit, model parameters and solver options in the attributes.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> result = qb.charge(qb.Battery(sx, hb, np.array([1.0, 0.0])), np.linspace(0, 2, 5))
        >>> dataset = result.to_xarray()
        >>> dataset.sizes["time"], dataset["energy"].attrs["units"]
        (5, 'hbar*omega')
        """
        import xarray as xr

        def curve(values: np.ndarray, long_name: str, units: str) -> tuple[Any, ...]:
            return ("time", values, {"long_name": long_name, "units": units})

        curves: dict[str, Any] = {
            "energy": curve(self.energy, "stored energy W(t)", ENERGY_UNITS),
            "battery_energy": curve(self.battery_energy, "Tr[H_B rho_B(t)]", ENERGY_UNITS),
            "power": curve(self.power, "instantaneous power dW/dt", POWER_UNITS),
            "average_power": curve(self.average_power, "average power W(t)/t", POWER_UNITS),
        }
        optional = {
            "variance": (self.variance, "variance of H_B", VARIANCE_UNITS),
            "sigma2": (self.sigma2, "Sigma^2 (eq. 27)", VARIANCE_UNITS),
            "ergotropy": (self.ergotropy, "battery ergotropy", ENERGY_UNITS),
            "xi2": (self.xi2, "Xi^2 (eq. 26)", VARIANCE_UNITS),
        }
        for name, (values, long_name, units) in optional.items():
            if values is not None:
                curves[name] = curve(values, long_name, units)
        for name, values in (self.resources or {}).items():
            units = ENERGY_UNITS if name.endswith("ergotropy") else "1"
            curves[name] = curve(values, name.replace("_", " "), units)
        attrs = {
            key: value if isinstance(value, int | float | str) else repr(value)
            for key, value in self.summary().items()
            if value is not None and key not in ("parameters", "options")
        }
        attrs.update(prefixed_attrs("parameter", self.parameters))
        attrs.update(prefixed_attrs("option", self.options))
        attrs["units"] = UNITS_NOTE
        time = ("time", self.times, {"long_name": "time", "units": TIME_UNITS})
        return xr.Dataset(curves, coords={"time": time}, attrs=attrs)

    def __repr__(self) -> str:
        return (
            f"ChargingResult({self.model}, method={self.method}, {len(self.times)} times; "
            f"max_average_power={self.max_average_power:.6g} at optimal_time="
            f"{self.optimal_time:.6g}, W={self.energy_at_optimal_time:.6g})"
        )


def prefixed_attrs(prefix: str, mapping: dict[str, Any]) -> dict[str, Any]:
    """NetCDF-ready attributes ``{prefix}_{key}``: numbers and strings kept, the rest as repr.

    Examples
    --------
    >>> prefixed_attrs("parameter", {"n_atoms": 4, "dims": (2, 2)})
    {'parameter_n_atoms': 4, 'parameter_dims': '(2, 2)'}
    """
    return {
        f"{prefix}_{key}": value if isinstance(value, int | float | str) else repr(value)
        for key, value in mapping.items()
    }


def _plain(mapping: dict[str, Any]) -> dict[str, Any]:
    simple = (int, float, str, bool, type(None))
    return {k: v if isinstance(v, simple) else repr(v) for k, v in mapping.items()}
