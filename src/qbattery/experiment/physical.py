"""A preset experiment's results in laboratory units: the summary's ``physical`` block and
the dataset over physical time.

qbattery charges in units of the platform's reference angular frequency ``omega_ref`` (hbar =
1); :class:`~qbattery.models.platform.Platform` converts back: a time t is ``t / omega_ref``,
an energy E is ``E hbar omega_ref``, a power P is ``P hbar omega_ref**2``. Times are reported
in the unit of the file's ``[times]``; energies in eV and in the largest of eV, meV, ueV and
neV in which the peak stored energy is at least 1; powers in W and in that energy unit per
time unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.experiment.model import PresetModel
from qbattery.experiment.schema import Experiment
from qbattery.models.platform import Platform
from qbattery.results import ENERGY_UNITS, POWER_UNITS, TIME_UNITS, VARIANCE_UNITS, ChargingResult

__all__ = ["ENERGY_CHOICES", "PhysicalUnits"]

#: Energy units a result may be reported in, largest first.
ENERGY_CHOICES = ("eV", "meV", "ueV", "neV")

#: Scalar figures of merit and the kind of each.
FIGURES = {
    "max_average_power": "power",
    "optimal_time": "time",
    "energy_at_optimal_time": "energy",
    "ergotropy_at_optimal_time": "energy",
    "max_energy": "energy",
}


@dataclass(frozen=True)
class PhysicalUnits:
    """The laboratory units one preset experiment's results are reported in.

    Attributes
    ----------
    platform : Platform
    time_unit : str
        The unit of the experiment's ``[times]``.
    energy_unit : str
        One of :data:`ENERGY_CHOICES`: the largest in which the peak stored energy is >= 1.

    Examples
    --------
    One dimensionless time unit of the transmon (``omega_ref = 2 pi x 5 GHz``) is
    ``1 / (2 pi x 5 GHz) = 0.031831 ns``:

    >>> from qbattery.experiment.physical import PhysicalUnits
    >>> from qbattery.models.presets import platform
    >>> units = PhysicalUnits(platform("transmon"), "ns", "ueV")
    >>> round(units.scale("time"), 6)
    0.031831
    """

    platform: Platform
    time_unit: str
    energy_unit: str

    @classmethod
    def of(cls, experiment: Experiment, result: ChargingResult) -> PhysicalUnits | None:
        """The units of ``experiment``'s results, or None for a dimensionless model.

        Examples
        --------
        >>> import qbattery.experiment as ex
        >>> from qbattery.experiment.physical import PhysicalUnits
        >>> experiment = ex.validate({"model": {"preset": "transmon"},
        ...                           "times": {"stop": 30.0, "num": 41}})
        >>> units = PhysicalUnits.of(experiment, ex.run(experiment).result)
        >>> units.time_unit, units.energy_unit
        ('ns', 'ueV')
        """
        if not isinstance(experiment.model, PresetModel) or experiment.times is None:
            return None
        platform = experiment.model.platform()
        peak = float(np.max(np.abs(result.energy)))
        energy_unit = ENERGY_CHOICES[-1]
        for unit in ENERGY_CHOICES:
            if platform.to_physical_energy(peak, unit)[0] >= 1.0:
                energy_unit = unit
                break
        return cls(platform, str(experiment.times.unit), energy_unit)

    @property
    def power_unit(self) -> str:
        """The energy unit per time unit (``"ueV/ns"``)."""
        return f"{self.energy_unit}/{self.time_unit}"

    def scale(self, kind: str) -> float:
        """The physical value of one dimensionless unit of ``kind`` (``"time"``, ``"energy"``,
        ``"power"``), in :attr:`time_unit`, :attr:`energy_unit` or :attr:`power_unit`.

        Examples
        --------
        ``hbar omega_ref`` for ``omega_ref = 2 pi x 5 GHz`` is ``h x 5 GHz = 20.678 ueV``:

        >>> from qbattery.experiment.physical import PhysicalUnits
        >>> from qbattery.models.presets import platform
        >>> round(PhysicalUnits(platform("transmon"), "ns", "ueV").scale("energy"), 3)
        20.678
        """
        if kind == "time":
            return float(self.platform.to_physical_time(1.0, self.time_unit)[0])
        if kind == "energy":
            return float(self.platform.to_physical_energy(1.0, self.energy_unit)[0])
        return float(self.platform.to_physical_power(1.0, self.power_unit)[0])

    def figure(self, kind: str, value: float | None) -> dict[str, float] | None:
        """A dimensionless figure of merit in its units, keyed by unit: a power in W and
        :attr:`power_unit`, a time in :attr:`time_unit`, an energy in eV and
        :attr:`energy_unit`.

        Examples
        --------
        >>> from qbattery.experiment.physical import PhysicalUnits
        >>> from qbattery.models.presets import platform
        >>> units = PhysicalUnits(platform("transmon"), "ns", "ueV")
        >>> figure = units.figure("time", 10.0)
        >>> list(figure), round(figure["ns"], 5)
        (['ns'], 0.31831)
        """
        if value is None:
            return None
        if kind == "power":
            watts = float(self.platform.to_physical_power(value, "W")[0])
            return {"W": watts, self.power_unit: value * self.scale("power")}
        if kind == "time":
            return {self.time_unit: value * self.scale("time")}
        electronvolts = float(self.platform.to_physical_energy(value, "eV")[0])
        return {"eV": electronvolts, self.energy_unit: value * self.scale("energy")}

    def summary(self, figures: dict[str, Any]) -> dict[str, Any]:
        """The ``physical`` block of a summary from its dimensionless ``figures``.

        Examples
        --------
        >>> from qbattery.experiment.physical import PhysicalUnits
        >>> from qbattery.models.presets import platform
        >>> units = PhysicalUnits(platform("transmon"), "ns", "ueV")
        >>> block = units.summary({"optimal_time": 10.0})
        >>> sorted(block)  # doctest: +NORMALIZE_WHITESPACE
        ['energy_at_optimal_time', 'ergotropy_at_optimal_time', 'max_average_power', 'max_energy',
         'omega_ref', 'optimal_time', 'platform', 'reference_frequency']
        """
        reference = self.platform.reference_frequency
        return {
            "platform": self.platform.name,
            "reference_frequency": {reference.unit: reference.value},
            "omega_ref": {"rad/s": self.platform.omega_ref},
            **{name: self.figure(kind, figures.get(name)) for name, kind in FIGURES.items()},
        }

    def note(self) -> str:
        """What the summary's and the dataset's physical numbers are.

        Examples
        --------
        >>> from qbattery.experiment.physical import PhysicalUnits
        >>> from qbattery.models.presets import platform
        >>> PhysicalUnits(platform("transmon"), "ns", "ueV").note()  # doctest: +ELLIPSIS
        "physical units of platform 'transmon': omega_ref = 5 GHz = 3.14159e+10 rad/s; ..."
        """
        reference = self.platform.reference_frequency
        return (
            f"physical units of platform {self.platform.name!r}: omega_ref = {reference} = "
            f"{self.platform.omega_ref:.6g} rad/s; time t / omega_ref, energy "
            "E hbar omega_ref, power P hbar omega_ref^2; summary values under 'physical' are "
            "keyed by their unit"
        )

    def dataset(self, dataset: Any) -> Any:
        """``dataset`` (over dimensionless ``time``, units in attributes) in these units.

        ``time`` becomes the physical time in :attr:`time_unit`, the dimensionless one kept as
        the coordinate ``dimensionless_time``; every variable in ``hbar*omega``,
        ``hbar*omega^2`` or ``(hbar*omega)^2`` is rescaled and its ``units`` changed; the
        figures of merit in the attributes too, with ``platform``, ``omega_ref_rad_per_s``
        and the units added.

        Examples
        --------
        >>> import qbattery.experiment as ex
        >>> from qbattery.experiment.physical import PhysicalUnits
        >>> experiment = ex.validate({"model": {"preset": "transmon"},
        ...                           "times": {"stop": 30.0, "num": 41}})
        >>> result = ex.run(experiment)
        >>> units = PhysicalUnits.of(experiment, result.result)
        >>> units.dataset(result.result.to_xarray())["time"].attrs["units"]
        'ns'
        """
        scales = {
            ENERGY_UNITS: (self.scale("energy"), self.energy_unit),
            POWER_UNITS: (self.scale("power"), self.power_unit),
            VARIANCE_UNITS: (self.scale("energy") ** 2, f"({self.energy_unit})^2"),
        }
        converted = dataset.copy()
        for name, variable in dataset.data_vars.items():
            units = variable.attrs.get("units")
            if units in scales:
                factor, unit = scales[units]
                converted[name] = variable * factor
                converted[name].attrs.update(variable.attrs, units=unit)
        time = dataset["time"]
        converted = converted.assign_coords(
            time=(
                "time",
                time.values * self.scale("time"),
                {**time.attrs, "units": self.time_unit},
            ),
            dimensionless_time=(
                "time",
                time.values,
                {"long_name": "time in units of 1/omega_ref", "units": TIME_UNITS},
            ),
        )
        for name, kind in FIGURES.items():
            if name in dataset.attrs:
                factor = self.scale(kind)
                converted.attrs[name] = float(dataset.attrs[name]) * factor
        converted.attrs.update(
            platform=self.platform.name,
            omega_ref_rad_per_s=self.platform.omega_ref,
            time_unit=self.time_unit,
            energy_unit=self.energy_unit,
            power_unit=self.power_unit,
            units=self.note(),
        )
        return converted
