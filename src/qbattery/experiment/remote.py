"""The ``[remote]`` table: remote (wireless) charging, in place of ``[model]`` (review sec. 6).

Chargers and a battery, all two-level emitters, coupled only through a shared environment
(``docs/remote.md``). The emitters start with one excitation on the chargers and the battery in
its ground state; only the one-excitation amplitudes move, and the battery's curves are those of
:mod:`qbattery.studies.remote_charging`: ``W(t) = w_B |c_B(t)|^2``, its ergotropy, and the
exact power ``dW/dt = 2 w_B Re(c_B^* dc_B/dt)`` from the generator. ``kind`` picks the
environment:

- ``"shared_reservoir"``: ``chargers`` emitters and the battery (last) in one Lorentzian
  reservoir of strength ``coupling`` (``g``), full width ``width`` (``Gamma``) and ``centre``
  (:class:`qbattery.environments.reservoirs.SharedReservoir`); ``method`` ``"pseudomode"``
  (exact), ``"continuum"`` (``n_modes`` discrete modes) or ``"markovian"`` (Born-Markov).
  The chargers share ``sqrt(1 - c_0^2)`` of the excitation equally, ``c_0`` being
  ``ground_amplitude`` (coherence with the all-ground state gives the battery ergotropy).
- ``"waveguide"``: emitters at ``positions`` in a metal waveguide of sides ``width`` (``a``)
  and ``height`` (``b``) with ``dipoles`` along y, coupled to the TE_mn ``modes`` (or every mode
  below ``mode_cutoff``; :class:`qbattery.environments.waveguide.RectangularWaveguide`); the
  ``charger`` emitter starts excited. The dynamics is the discretised continuum
  (``n_modes`` standing waves per TE mode; :func:`qbattery.studies.waveguide_charging`); the
  bound states come from the exact self-energy (:func:`qbattery.studies.bound_states`). Give
  ``frequency`` (``w_0``) or ``frequency_ratio`` (``w_0 / w_c``, ``w_c`` the lowest cut-off).

Besides the curves, :func:`remote_run` gives the figures of the run (``ExperimentResult.remote``,
``summary.json``'s ``remote``): ``max_battery_energy``, ``max_battery_ergotropy``,
``final_charger_energy`` and, for a waveguide, ``bound_state_count``, ``bound_state_energies``,
``bound_state_residues``, ``bound_state_weight`` (``sum_b Z_b |u_b[charger]|^2``, the charger's
excitation that never decays into the guide) and the battery energy's range at long times,
``long_time_energy_min`` and ``long_time_energy_max``: with bound-state amplitudes
``c_B(t) -> sum_b a_b e^{-i E_b t}`` the quasi-periodic ``|c_B|^2`` comes arbitrarily close to
``(sum |a_b|)^2`` and ``max(0, 2 max|a_b| - sum |a_b|)^2`` (incommensurate ``E_b``; exactly these
for two bound states), times ``w_0``. A lasting exchange (``max > min``) is the absence of
ageing (Song et al., PRL 132, 090401 (2024)).

>>> section = SharedReservoirRemote.model_validate(
...     {"kind": "shared_reservoir", "chargers": 2, "coupling": 0.3, "width": 1.0})
>>> section.method, section.reservoir().n_emitters
('pseudomode', 3)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from qbattery.environments.pseudomodes import Lorentzian
from qbattery.environments.reservoirs import SharedReservoir
from qbattery.environments.waveguide import RectangularWaveguide
from qbattery.experiment.locate import FieldError
from qbattery.experiment.sections import Section, choice, field_error
from qbattery.results import ChargingResult
from qbattery.studies.remote_charging import METHODS, RemoteCharging, remote_charging
from qbattery.studies.waveguide_charging import (
    BoundState,
    bound_states,
    waveguide_charging,
)
from qbattery.version import __version__

__all__ = [
    "REMOTES",
    "REMOTE_OUTPUTS",
    "WAVEGUIDE_OUTPUTS",
    "RemoteSection",
    "SharedReservoirRemote",
    "WaveguideRemote",
    "long_time_range",
    "remote_run",
]

Positive = Annotated[float, Field(gt=0)]

#: The ``kind`` names.
REMOTES = ("shared_reservoir", "waveguide")
#: Scalar outputs of a waveguide run only.
WAVEGUIDE_OUTPUTS = (
    "bound_state_count",
    "bound_state_weight",
    "long_time_energy_min",
    "long_time_energy_max",
)
#: Scalar outputs of any ``[remote]`` run (sweepable), read from :func:`remote_run`'s figures.
REMOTE_OUTPUTS = ("final_charger_energy", *WAVEGUIDE_OUTPUTS)


class SharedReservoirRemote(Section):
    """``kind = "shared_reservoir"`` (module docstring).

    Examples
    --------
    >>> section = SharedReservoirRemote.model_validate(
    ...     {"kind": "shared_reservoir", "coupling": 2.0, "width": 1.0, "centre": 1.2})
    >>> section.chargers, section.reservoir().lorentzians[0].centre
    (1, 1.2)
    """

    kind: Literal["shared_reservoir"]
    chargers: Annotated[int, Field(ge=1, le=64)] = 1
    frequency: Positive = 1.0
    battery_frequency: Positive | None = None
    coupling: Positive
    width: Positive
    centre: float | None = None
    method: str = "pseudomode"
    n_modes: Annotated[int, Field(ge=2)] = 400
    ground_amplitude: Annotated[float, Field(ge=0, lt=1)] = 0.0

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        return choice(value, METHODS, "method")

    def reservoir(self) -> SharedReservoir:
        """The chargers, then the battery, in one Lorentzian reservoir.

        Examples
        --------
        >>> section = SharedReservoirRemote.model_validate(
        ...     {"kind": "shared_reservoir", "chargers": 2, "coupling": 0.3, "width": 1.0,
        ...      "battery_frequency": 1.1})
        >>> section.reservoir().frequencies
        (1.0, 1.0, 1.1)
        """
        battery = self.frequency if self.battery_frequency is None else self.battery_frequency
        peak = Lorentzian(
            self.coupling, self.frequency if self.centre is None else self.centre, self.width
        )
        return SharedReservoir([self.frequency] * self.chargers + [battery], peak)

    def initial(self) -> np.ndarray:
        """``(c_0, c_1, ..., c_N)``: ``c_0`` = ``ground_amplitude``, the chargers equal, the
        battery empty.

        Examples
        --------
        >>> section = SharedReservoirRemote.model_validate(
        ...     {"kind": "shared_reservoir", "chargers": 2, "coupling": 0.3, "width": 1.0,
        ...      "ground_amplitude": 0.6})
        >>> np.round(section.initial().real, 6)
        array([0.6     , 0.565685, 0.565685, 0.      ])
        """
        amplitudes = np.zeros(self.chargers + 2, dtype=complex)
        amplitudes[0] = self.ground_amplitude
        amplitudes[1:-1] = np.sqrt((1 - self.ground_amplitude**2) / self.chargers)
        return amplitudes

    def charge(self, times: np.ndarray) -> RemoteCharging:
        """The run on ``times`` (errors raised here are located at ``[remote]``).

        Examples
        --------
        >>> section = SharedReservoirRemote.model_validate(
        ...     {"kind": "shared_reservoir", "coupling": 4.0, "width": 0.2})
        >>> round(float(section.charge(np.linspace(0, 1, 201)).battery_energy.max()), 2)
        0.97
        """
        return remote_charging(
            self.reservoir(),
            times,
            initial=self.initial(),
            method=self.method,
            n_modes=self.n_modes,
        )

    def parameters(self) -> dict[str, Any]:
        """The parameters a result records.

        Examples
        --------
        >>> section = SharedReservoirRemote.model_validate(
        ...     {"kind": "shared_reservoir", "coupling": 4.0, "width": 0.2})
        >>> section.parameters()["coupling"]
        4.0
        """
        return self.model_dump(mode="json", exclude={"kind"})


class WaveguideRemote(Section):
    """``kind = "waveguide"`` (module docstring).

    Examples
    --------
    >>> section = WaveguideRemote.model_validate(
    ...     {"kind": "waveguide", "frequency_ratio": 1.02, "width": 1.0, "height": 0.5,
    ...      "positions": [[0.5, 0.0], [0.5, 1.0]], "dipoles": 0.15, "uv_cutoff": 10.0})
    >>> guide = section.guide()
    >>> round(guide.frequency / guide.cutoff_frequency, 12), guide.modes
    (1.02, ((1, 0),))
    """

    kind: Literal["waveguide"]
    frequency: Positive | None = None
    frequency_ratio: Positive | None = None
    width: Positive
    height: Positive
    positions: Annotated[list[list[float]], Field(min_length=2)]
    dipoles: float | list[float]
    modes: Annotated[int, Field(ge=1)] | list[list[int]] | None = None
    mode_cutoff: Positive | None = None
    speed_of_light: Positive = 1.0
    uv_cutoff: Positive = 40.0
    charger: Annotated[int, Field(ge=0)] = 0
    battery: Annotated[int, Field(ge=0)] = 1
    n_modes: Annotated[int, Field(ge=2)] = 1200

    @model_validator(mode="after")
    def _consistent(self) -> WaveguideRemote:
        if (self.frequency is None) == (self.frequency_ratio is None):
            raise field_error(
                ("frequency",),
                "frequency, frequency_ratio: give the emitters' frequency w_0 or "
                "frequency_ratio = w_0 / w_c, exactly one",
            )
        count = len(self.positions)
        for name in ("charger", "battery"):
            if getattr(self, name) >= count:
                raise field_error(
                    (name,),
                    f"must index one of the {count} positions, got {getattr(self, name)}",
                )
        if self.charger == self.battery:
            raise field_error(
                ("battery",),
                f"battery: must differ from charger (both emitter indices), got {self.battery}",
            )
        return self

    def guide(self) -> RectangularWaveguide:
        """The waveguide and its emitters (errors located at ``[remote]``).

        Examples
        --------
        >>> section = WaveguideRemote.model_validate(
        ...     {"kind": "waveguide", "frequency": 3.2, "width": 1.0, "height": 0.5,
        ...      "positions": [[0.3, 0.1, 0.0], [0.6, 0.2, 1.0]], "dipoles": 0.15, "modes": 2})
        >>> section.guide().modes
        ((1, 0), (2, 0))
        """

        def build(frequency: float) -> RectangularWaveguide:
            return RectangularWaveguide(
                frequency,
                self.positions,
                self.dipoles,
                width=self.width,
                height=self.height,
                speed_of_light=self.speed_of_light,
                uv_cutoff=self.uv_cutoff,
                modes=None if self.modes is None else self.modes,
                mode_cutoff=self.mode_cutoff,
            )

        if self.frequency is not None:
            return build(self.frequency)
        assert self.frequency_ratio is not None
        return build(self.frequency_ratio * build(1.0).cutoff_frequency)

    def return_time(self) -> float:
        """When the discretised continuum's signals come back: ``2 pi / (c dk)``,
        ``dk = 6 Lambda / (M / 2)``.

        Examples
        --------
        >>> section = WaveguideRemote.model_validate(
        ...     {"kind": "waveguide", "frequency_ratio": 1.02, "width": 1.0, "height": 0.5,
        ...      "positions": [[0.5, 0.0], [0.5, 1.0]], "dipoles": 0.15, "uv_cutoff": 10.0,
        ...      "n_modes": 2400})
        >>> round(section.return_time(), 4)
        125.6637
        """
        dk = 6.0 * self.uv_cutoff / (self.n_modes // 2)
        return float(2 * np.pi / (self.speed_of_light * dk))

    def charge(self, times: np.ndarray) -> RemoteCharging:
        """The charger excited, the dynamics on the discretised continuum up to its return time.

        Examples
        --------
        >>> section = WaveguideRemote.model_validate(
        ...     {"kind": "waveguide", "frequency_ratio": 1.02, "width": 1.0, "height": 0.5,
        ...      "positions": [[0.5, 0.0], [0.5, 1.0]], "dipoles": 0.15, "uv_cutoff": 10.0,
        ...      "n_modes": 600})
        >>> round(float(section.charge(np.linspace(0, 30, 7)).battery_energy.max()), 2)
        1.19
        """
        back = self.return_time()
        if times[-1] > back:
            needed = int(np.ceil(times[-1] / back * self.n_modes))
            raise FieldError(
                ("remote", "n_modes"),
                f"the discretised continuum's signals return at t = {back:.6g}, before the "
                f"last time {times[-1]:.6g}; raise n_modes to at least {needed} or shorten "
                "[times]",
            )
        return waveguide_charging(
            self.guide(), times, charger=self.charger, battery=self.battery, n_modes=self.n_modes
        )

    def parameters(self) -> dict[str, Any]:
        """The parameters a result records.

        Examples
        --------
        >>> section = WaveguideRemote.model_validate(
        ...     {"kind": "waveguide", "frequency": 3.2, "width": 1.0, "height": 0.5,
        ...      "positions": [[0.5, 0.0], [0.5, 1.0]], "dipoles": 0.15})
        >>> section.parameters()["width"]
        1.0
        """
        return self.model_dump(mode="json", exclude={"kind"}, exclude_none=True)


RemoteSection = Annotated[SharedReservoirRemote | WaveguideRemote, Field(discriminator="kind")]


def long_time_range(
    states: list[BoundState], charger: int, battery: int, frequency: float
) -> tuple[float, float]:
    """``(inf, sup)`` of the battery's energy at long times, carried by the bound states alone.

    ``c_B(t) -> sum_b a_b e^{-i E_b t}``, ``a_b = Z_b (u_b)_B (u_b)_C^*``: ``w_0 |c_B|^2`` ranges
    over ``w_0 [max(0, 2 max|a_b| - sum|a_b|)^2, (sum|a_b|)^2]`` (module docstring).

    Examples
    --------
    One bound state leaves a constant; two give a lasting swing:

    >>> u = np.array([1.0, 1.0]) / np.sqrt(2)
    >>> one = [BoundState(2.9, 0.4, u)]
    >>> two = one + [BoundState(2.8, 0.6, np.array([1.0, -1.0]) / np.sqrt(2))]
    >>> [tuple(round(x, 12) for x in long_time_range(s, 0, 1, 1.0)) for s in (one, two)]
    [(0.04, 0.04), (0.01, 0.25)]
    """
    weights = np.array(
        [abs(s.residue * s.vector[battery] * np.conj(s.vector[charger])) for s in states]
    )
    if weights.size == 0:
        return 0.0, 0.0
    total = float(weights.sum())
    return frequency * max(0.0, 2 * float(weights.max()) - total) ** 2, frequency * total**2


def _figures(run: RemoteCharging) -> dict[str, Any]:
    return {
        "max_battery_energy": float(run.battery_energy.max()),
        "max_battery_ergotropy": float(run.battery_ergotropy.max()),
        "final_charger_energy": float(run.charger_energy[-1]),
    }


def remote_run(
    section: SharedReservoirRemote | WaveguideRemote, times: np.ndarray
) -> tuple[ChargingResult, dict[str, np.ndarray], dict[str, Any]]:
    """``(result, curves, figures)`` of a ``[remote]`` table on ``times`` (module docstring).

    ``result`` is a :class:`~qbattery.results.ChargingResult` of the battery emitter (model
    ``"remote:<kind>"``, method the generator's); ``curves`` holds ``charger_energy`` (n,).

    Examples
    --------
    One charger and the battery in a resonant Markovian reservoir: ``|c_B|^2 = (1 - e^{-gamma
    t})^2 / 4`` with ``gamma = 4 g^2 / Gamma`` (the antisymmetric half is dark):

    >>> section = SharedReservoirRemote.model_validate(
    ...     {"kind": "shared_reservoir", "coupling": 0.1, "width": 1.0, "method": "markovian"})
    >>> result, curves, figures = remote_run(section, np.linspace(0, 50, 11))
    >>> round(float(result.energy[-1]), 6), round(float((1 - np.exp(-0.04 * 50)) ** 2 / 4), 6)
    (0.186911, 0.186911)
    """
    run = section.charge(times)
    figures = _figures(run)
    if isinstance(section, WaveguideRemote):
        guide = section.guide()
        states = bound_states(guide)
        low, high = long_time_range(states, section.charger, section.battery, guide.frequency)
        figures.update(
            bound_state_count=len(states),
            bound_state_energies=[s.energy for s in states],
            bound_state_residues=[s.residue for s in states],
            bound_state_weight=float(
                sum(s.residue * abs(s.vector[section.charger]) ** 2 for s in states)
            ),
            long_time_energy_min=low,
            long_time_energy_max=high,
            frequency=guide.frequency,
            cutoff_frequency=guide.cutoff_frequency,
            return_time=section.return_time(),
        )
    assert run.battery_power is not None
    result = ChargingResult(
        times=run.times,
        energy=run.battery_energy - run.battery_energy[0],
        battery_energy=run.battery_energy,
        ergotropy=run.battery_ergotropy,
        power=run.battery_power,
        variance=None,
        two_time=None,
        initial_energy=float(run.battery_energy[0]),
        initial_variance=0.0,
        ground_energy=0.0,
        method=run.method,
        options={} if run.n_modes is None else {"n_modes": run.n_modes},
        model=f"remote:{section.kind}",
        parameters=section.parameters(),
        version=__version__,
    )
    return result, {"charger_energy": run.charger_energy}, figures
