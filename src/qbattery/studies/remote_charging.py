"""Remote charging through a shared reservoir: chargers and a battery with no direct coupling.

The emitters of a :class:`~qbattery.environments.reservoirs.SharedReservoir` start in

    |psi(0)> = c_0 |g ... g> |vac> + sum_j c_j |e_j> |vac>,

(a charger excited, a partly charged charger with ``c_0 != 0``, an excitation shared by several
chargers, a battery with residual ergotropy ...). Only the one-excitation amplitudes move
(:mod:`qbattery.dynamics.single_excitation`), and the battery's reduced state is

    rho_B(t) = [[1 - |c_B|^2, c_0 c_B^*], [c_0^* c_B, |c_B|^2]]     (basis g, e),

so its energy ``w_B |c_B|^2`` and ergotropy (:func:`qbattery.metrics.passivity.ergotropy`) follow
at once. The reservoir is solved exactly (``method="pseudomode"``), as a discretised continuum
(``"continuum"``, ``n_modes`` per Lorentzian) or in the Markovian limit (``"markovian"``).
With a resonant reservoir in the Markovian limit an excited charger leaves at most 1/4 of its
excitation in the battery (the antisymmetric state is dark) and no ergotropy without
coherence; strong coupling moves it all (Tabesh et al., PRA 102, 052223 (2020)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.dynamics.single_excitation import propagate_amplitudes
from qbattery.environments.reservoirs import SharedReservoir
from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.metrics.passivity import ergotropy
from qbattery.results import ENERGY_UNITS, TIME_UNITS
from qbattery.validation import as_array, check_times, integer, positive_int

__all__ = ["ModeConvergence", "RemoteCharging", "continuum_convergence", "remote_charging"]

METHODS = ("pseudomode", "continuum", "markovian")
#: Norm of the initial amplitudes that counts as one.
_NORM_TOL = 1e-10
#: Largest number of amplitudes (times x sector dimension) kept at once to get the exact power;
#: above it the power costs a second propagation instead (256 MB of complex numbers).
_FULL_AMPLITUDES = 2**24


@dataclass(frozen=True, repr=False)
class RemoteCharging:
    """Battery and chargers along a remote-charging run.

    Attributes
    ----------
    times : array (n,)
    battery_energy : array (n,)
        ``w_B |c_B(t)|^2``, the battery's energy above its ground level.
    battery_ergotropy : array (n,)
    charger_energy : array (n,)
        ``sum_j w_j |c_j(t)|^2`` over the chargers (every emitter but the battery).
    method : str
    n_modes : int or None
        Modes per Lorentzian of the discretised continuum (``"continuum"`` only).
    battery_power : array (n,) or None
        ``dW/dt = 2 w_B Re(c_B^* dc_B/dt)`` with ``dc/dt = -i H c`` from the generator (exact,
        not differenced); None when the run did not keep the whole amplitude vector.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.environments.pseudomodes import Lorentzian
    >>> run = remote_charging(SharedReservoir([1.0, 1.0], Lorentzian(4.0, 1.0, 0.2)),
    ...                       np.linspace(0, 1, 101))
    >>> run.battery_energy.shape, run.method
    ((101,), 'pseudomode')
    """

    times: np.ndarray
    battery_energy: np.ndarray
    battery_ergotropy: np.ndarray
    charger_energy: np.ndarray
    method: str
    n_modes: int | None
    battery_power: np.ndarray | None = None

    @property
    def max_ergotropy(self) -> float:
        return float(self.battery_ergotropy.max())

    @property
    def max_ergotropy_time(self) -> float:
        """Grid time of the largest battery ergotropy."""
        return float(self.times[int(np.argmax(self.battery_ergotropy))])

    def summary(self) -> dict[str, Any]:
        """Figures of the run, JSON-ready.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.environments.pseudomodes import Lorentzian
        >>> run = remote_charging(SharedReservoir([1.0, 1.0], Lorentzian(4.0, 1.0, 0.2)),
        ...                       np.linspace(0, 1, 201))
        >>> round(run.summary()["max_battery_energy"], 2)
        0.97
        """
        return {
            "method": self.method,
            "n_modes": self.n_modes,
            "max_battery_energy": float(self.battery_energy.max()),
            "max_ergotropy": self.max_ergotropy,
            "max_ergotropy_time": self.max_ergotropy_time,
            "energy_units": ENERGY_UNITS,
            "time_units": TIME_UNITS,
        }

    def __repr__(self) -> str:
        return (
            f"RemoteCharging({self.method}, {len(self.times)} times; max battery energy "
            f"{self.battery_energy.max():.6g}, max ergotropy {self.max_ergotropy:.6g} at "
            f"t = {self.max_ergotropy_time:.6g})"
        )


def _initial(initial: Any, n: int, battery: int) -> np.ndarray:
    if initial is None:  # one excitation shared equally by the chargers
        amplitudes = np.zeros(n + 1, dtype=complex)
        amplitudes[1:] = 1.0
        amplitudes[1 + battery] = 0.0
        return amplitudes / np.sqrt(n - 1)
    amplitudes = as_array(initial, "initial").astype(complex)
    if amplitudes.shape != (n + 1,):
        raise DimensionError(
            f"initial: expected {n + 1} amplitudes (all down, then each emitter excited), got "
            f"shape {amplitudes.shape}"
        )
    norm = float(np.linalg.norm(amplitudes))
    if abs(norm - 1) > _NORM_TOL:
        raise QBatteryValueError(f"initial: amplitudes must have norm 1, got {norm:.12g}")
    return amplitudes


def remote_charging(
    reservoir: SharedReservoir,
    times: Any,
    *,
    battery: int = -1,
    initial: Any = None,
    method: str = "pseudomode",
    n_modes: int = 400,
) -> RemoteCharging:
    """Charge the battery emitter through the shared reservoir only (module docstring).

    Parameters
    ----------
    reservoir : SharedReservoir
        At least two emitters: the chargers and the battery.
    times : array (n,)
    battery : int
        Index of the battery among the emitters (default the last); the others are chargers.
    initial : array (N + 1,), optional
        ``(c_0, c_1, ..., c_N)``: amplitude of all emitters down, then of each emitter excited;
        norm 1. Default: one excitation shared equally by the chargers (one charger: excited).
    method : {"pseudomode", "continuum", "markovian"}
    n_modes : int
        Modes per Lorentzian for ``"continuum"``.

    Returns
    -------
    RemoteCharging

    Examples
    --------
    Strong coupling (g = 4 >> Gamma = 0.2): the charger's excitation reaches the battery
    through the reservoir at ``sqrt(2) g t ~ pi``:

    >>> import numpy as np
    >>> from qbattery.environments.pseudomodes import Lorentzian
    >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(4.0, 1.0, 0.2))
    >>> out = remote_charging(pair, np.linspace(0, 1, 201))
    >>> round(out.max_ergotropy, 2)
    0.95
    """
    if not isinstance(reservoir, SharedReservoir):
        raise QBatteryTypeError(
            f"reservoir: expected a SharedReservoir, got {type(reservoir).__name__}"
        )
    n = reservoir.n_emitters
    if n < 2:
        raise QBatteryValueError("reservoir: needs at least one charger and the battery")
    index = integer(battery, "battery")
    if not -n <= index < n:
        raise QBatteryValueError(f"battery: must index one of the {n} emitters, got {battery}")
    index %= n
    grid = check_times(times)
    amplitudes = _initial(initial, n, index)
    if method == "pseudomode":
        generator = reservoir.pseudomode_generator()
    elif method == "continuum":
        generator = reservoir.discretised(positive_int(n_modes, "n_modes"))
    elif method == "markovian":
        generator = reservoir.markovian_generator()
    else:
        raise QBatteryValueError(f"method: expected one of {METHODS}, got {method!r}")
    start = np.zeros(len(generator), dtype=complex)
    start[:n] = amplitudes[1:]
    emitters, rate = emitters_and_rate(generator, start, grid, n, index)
    count = n_modes if method == "continuum" else None
    omegas = np.asarray(reservoir.frequencies)
    return battery_figures(
        grid, emitters, amplitudes, index, omegas, method, count, battery_rate=rate
    )


def emitters_and_rate(
    generator: np.ndarray, start: np.ndarray, times: np.ndarray, n: int, battery: int
) -> tuple[np.ndarray, np.ndarray]:
    """``(c_j(t) for the n emitters, dc_B/dt)`` of ``c(t) = exp(-i H t) c(0)``: (t, n), (t,).

    ``dc/dt = -i H c(t)``; from the whole amplitude vector when it fits in
    :data:`_FULL_AMPLITUDES` numbers, otherwise as ``-i exp(-i H t) (H c(0))`` by a second
    propagation.

    Examples
    --------
    Two levels coupled by 1: ``c_B = -i sin t``, ``dc_B/dt = -i cos t``:

    >>> h = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> c, rate = emitters_and_rate(h, np.array([1.0, 0.0]), np.array([0.0, 1.0]), 2, 1)
    >>> np.allclose(c[:, 1], -1j * np.sin([0, 1])), np.allclose(rate, -1j * np.cos([0, 1]))
    (True, True)
    """
    if len(times) * len(generator) <= _FULL_AMPLITUDES:
        everything = propagate_amplitudes(generator, start, times)
        return everything[:, :n], -1j * everything @ generator[battery]
    emitters = propagate_amplitudes(generator, start, times, components=np.arange(n))
    moved = propagate_amplitudes(generator, generator @ start, times, components=[battery])
    return emitters, -1j * moved[:, 0]


def battery_figures(
    times: np.ndarray,
    emitters: np.ndarray,
    initial: np.ndarray,
    battery: int,
    frequencies: np.ndarray,
    method: str,
    n_modes: int | None,
    *,
    battery_rate: np.ndarray | None = None,
) -> RemoteCharging:
    """The figures of a one-excitation run from its emitter amplitudes (module docstring).

    ``emitters`` (n, N) are ``c_j(t)``, ``initial`` (N + 1,) the starting ``(c_0, c_1, ...)``
    (only ``c_0`` is used: it is constant), ``frequencies`` (N,) the emitters' ``w_j``;
    ``battery_rate`` (n,), if given, is ``dc_B/dt`` and gives the exact power.

    Examples
    --------
    A battery amplitude ``c_B = sin t`` (rate ``cos t``) from a charger ``cos t``:

    >>> import numpy as np
    >>> t = np.array([0.0, np.pi / 4])
    >>> c = np.stack([np.cos(t), np.sin(t)], axis=1).astype(complex)
    >>> run = battery_figures(t, c, np.array([0.0, 1.0, 0.0]), 1, np.array([1.0, 1.0]), "x",
    ...                       None, battery_rate=np.cos(t).astype(complex))
    >>> np.round(run.battery_energy, 12), np.round(run.battery_power, 12)
    (array([0. , 0.5]), array([0., 1.]))
    """
    c_b = emitters[:, battery]
    rho = np.zeros((len(times), 2, 2), dtype=complex)
    rho[:, 1, 1] = np.abs(c_b) ** 2
    rho[:, 0, 0] = 1 - rho[:, 1, 1]
    rho[:, 1, 0] = c_b * np.conj(initial[0])
    rho[:, 0, 1] = np.conj(rho[:, 1, 0])
    chargers = np.delete(np.arange(len(frequencies)), battery)
    return RemoteCharging(
        times=times,
        battery_energy=frequencies[battery] * rho[:, 1, 1].real,
        battery_ergotropy=np.asarray(ergotropy(rho, np.diag([0.0, frequencies[battery]]))),
        charger_energy=np.abs(emitters[:, chargers]) ** 2 @ frequencies[chargers],
        method=method,
        n_modes=n_modes,
        battery_power=None
        if battery_rate is None
        else 2 * frequencies[battery] * np.real(np.conj(c_b) * battery_rate),
    )


@dataclass(frozen=True)
class ModeConvergence:
    """The discretised continuum against the exact pseudomode result, mode count by count.

    Attributes
    ----------
    n_modes : array (m,)
    max_deviation : array (m,)
        ``max_t |W_M(t) - W_exact(t)|`` of the battery energy.

    Examples
    --------
    >>> ModeConvergence(np.array([50, 100]), np.array([2.5e-3, 9.6e-4])).n_modes
    array([ 50, 100])
    """

    n_modes: np.ndarray
    max_deviation: np.ndarray


def continuum_convergence(
    reservoir: SharedReservoir,
    times: Any,
    n_modes: Any = (50, 100, 200, 400),
    *,
    battery: int = -1,
    initial: Any = None,
) -> ModeConvergence:
    """Battery energy of the discretised continuum against the exact one, for each mode count.

    The error falls like ``M^-2`` (midpoint rule) until the revival time ``~ 4 M / Gamma``
    enters ``times``.

    Examples
    --------
    >>> from qbattery.environments.pseudomodes import Lorentzian
    >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(0.3, 1.0, 1.0))
    >>> study = continuum_convergence(pair, np.linspace(0, 20, 201), n_modes=(50, 200))
    >>> bool(study.max_deviation[1] < study.max_deviation[0] / 8)
    True
    """
    counts = np.array([positive_int(m, f"n_modes[{i}]") for i, m in enumerate(n_modes)])
    options = {"battery": battery, "initial": initial}
    exact = remote_charging(reservoir, times, **options).battery_energy
    deviations = [
        np.abs(
            remote_charging(
                reservoir, times, method="continuum", n_modes=int(m), **options
            ).battery_energy
            - exact
        ).max()
        for m in counts
    ]
    return ModeConvergence(counts, np.asarray(deviations))
