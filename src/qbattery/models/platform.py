"""A physical platform: published quantities with units and sources, and the dimensionless
battery built from them.

A :class:`Platform` holds the numbers of one experimental platform (frequencies, couplings,
lifetimes, each a :class:`Quantity` with its unit and source) and the angular frequency
``omega_ref`` every dimensionless number of qbattery is measured in (hbar = 1,
docs/conventions.md). :meth:`Platform.battery` divides the quantities by ``omega_ref`` (times are
multiplied by it) and builds the catalogue model with its noise; the ``to_physical_*`` methods
turn results back into laboratory units: a dimensionless time t is ``t / omega_ref``, an energy
E is ``E hbar omega_ref``, a power P is ``P hbar omega_ref**2``. The presets themselves are in
:mod:`qbattery.models.presets`; the unit table in :mod:`qbattery.units`.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import constants

from qbattery.battery import Battery
from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.units import (
    angular_frequency,
    from_angular_frequency,
    from_seconds,
    normalise_unit,
    power_unit_scale,
    seconds,
    unit_kind,
)

__all__ = ["Builder", "Platform", "Quantity"]

#: Builds the battery from the dimensionless quantities and the settings (counts, choices).
Builder = Callable[[Mapping[str, float], Mapping[str, Any]], Battery]


@dataclass(frozen=True)
class Quantity:
    """A physical number with its unit and where it comes from.

    Attributes
    ----------
    value : float
        In ``unit``; ordinary frequencies (Hz, MHz, ...) are f, not 2 pi f.
    unit : str
        A unit of :mod:`qbattery.units` (``"GHz"``, ``"us"``, ``"eV"``, ``"K"``, ``"1"``...).
    source : str
        Authors, journal, year and DOI or arXiv id, and whether the value is representative of
        a range.

    Examples
    --------
    >>> round(Quantity(5.0, "GHz", "example").dimensionless(2 * math.pi * 5e9), 12)
    1.0
    """

    value: float
    unit: str
    source: str

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise QBatteryTypeError(f"value: expected a real number, got {self.value!r}")
        if not math.isfinite(self.value):
            raise QBatteryValueError(f"value: must be finite, got {self.value!r}")
        object.__setattr__(self, "value", float(self.value))
        object.__setattr__(self, "unit", normalise_unit(self.unit))
        if not isinstance(self.source, str) or not self.source.strip():
            raise QBatteryValueError("source: give the publication a quantity comes from")

    @property
    def kind(self) -> str:
        """``"angular"``, ``"time"`` or ``"dimensionless"`` (:func:`qbattery.units.unit_kind`)."""
        return unit_kind(self.unit)

    def dimensionless(self, reference: float) -> float:
        """The value in units of the angular frequency ``reference`` (rad/s): frequencies,
        rates and energies divided by it, times multiplied by it, pure numbers unchanged.

        Examples
        --------
        >>> import math
        >>> from qbattery.models.platform import Quantity
        >>> round(Quantity(5.0, "GHz", "drive").dimensionless(2 * math.pi * 5e9), 12)
        1.0
        """
        if self.kind == "angular":
            return float(angular_frequency(self.value, self.unit)) / reference
        if self.kind == "time":
            return float(seconds(self.value, self.unit)) * reference
        return self.value

    def to(self, unit: str) -> Quantity:
        """The same quantity in another unit of its kind (a frequency may become an energy).

        Examples
        --------
        >>> from qbattery.models.platform import Quantity
        >>> splitting = Quantity(1.0, "GHz", "splitting").to("MHz")
        >>> round(splitting.value, 9), splitting.unit
        (1000.0, 'MHz')
        """
        target = normalise_unit(unit)
        if unit_kind(target) != self.kind:
            raise QBatteryValueError(
                f"unit: cannot express {self.value} {self.unit} ({self.kind}) in {unit!r}"
            )
        if self.kind == "angular":
            value = from_angular_frequency(angular_frequency(self.value, self.unit), target)
        elif self.kind == "time":
            value = from_seconds(seconds(self.value, self.unit), target)
        else:
            value = self.value
        return Quantity(float(value), target, self.source)

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


@dataclass(frozen=True)
class Platform:
    """An experimental platform as a preset: its quantities and the battery they make.

    Attributes
    ----------
    name : str
    description : str
        What is modelled and how the platform maps onto the catalogue model.
    model : str
        The catalogue model built (:func:`qbattery.models.model_info`).
    quantities : mapping of str to Quantity
        Every physical number the battery uses, by name.
    reference_frequency : Quantity
        ``omega_ref``: the angular frequency all dimensionless numbers are measured in.
    time_unit, energy_unit : str
        Units the ``to_physical_*`` methods report in by default.
    builder : callable
        ``builder(values, settings) -> Battery`` with ``values`` the dimensionless quantities.
    settings : mapping of str to object
        Non-physical choices with their defaults (numbers of cells, protocol names).

    Examples
    --------
    >>> from qbattery.models.presets import platform
    >>> transmon = platform("transmon")
    >>> transmon.model, transmon.time_unit
    ('qutrit_battery', 'ns')
    """

    name: str
    description: str
    model: str
    quantities: Mapping[str, Quantity]
    reference_frequency: Quantity
    time_unit: str
    energy_unit: str
    builder: Builder = field(repr=False, compare=False)
    settings: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.reference_frequency.kind != "angular":
            raise QBatteryValueError(
                f"reference_frequency: {self.reference_frequency} is not a frequency or energy"
            )
        if unit_kind(self.time_unit) != "time":
            raise QBatteryValueError(f"time_unit: {self.time_unit!r} is not a time unit")
        if unit_kind(self.energy_unit) != "angular":
            raise QBatteryValueError(f"energy_unit: {self.energy_unit!r} is not an energy unit")
        overlap = sorted(set(self.quantities) & set(self.settings))
        if overlap:
            raise QBatteryValueError(f"settings: {overlap} are also quantities; name them once")

    @property
    def omega_ref(self) -> float:
        """The reference angular frequency in rad/s."""
        return float(
            angular_frequency(self.reference_frequency.value, self.reference_frequency.unit)
        )

    def battery(self, **overrides: Any) -> Battery:
        """The dimensionless battery of this platform, with its noise.

        Parameters
        ----------
        **overrides
            A quantity by name, as a number in that quantity's unit or as a :class:`Quantity`
            in any unit of its kind (``rabi_frequency=Quantity(50, "MHz", "mine")``); or a
            setting by name (``n_atoms=8``). ``omega_ref`` stays the platform's.

        Returns
        -------
        Battery
            The catalogue model ``self.model`` in units of ``omega_ref``; its ``parameters``
            record the platform, ``omega_ref`` and every quantity used (in its unit).

        Examples
        --------
        >>> from qbattery.models.presets import platform
        >>> battery = platform("transmon").battery()
        >>> battery.name, battery.dims
        ('qutrit_battery', (3,))
        """
        names = [*self.quantities, *self.settings]
        quantities = dict(self.quantities)
        settings = dict(self.settings)
        for key, value in overrides.items():
            if key in quantities:
                quantities[key] = self._override(key, value)
            elif key in settings:
                settings[key] = value
            else:
                close = difflib.get_close_matches(key, names, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise QBatteryValueError(
                    f"{key}: not a quantity or setting of platform {self.name!r}; {hint}"
                    f"valid names: {names}"
                )
        reference = self.omega_ref
        values = {key: q.dimensionless(reference) for key, q in quantities.items()}
        built = self.builder(values, settings)
        built.parameters.update(
            {
                "platform": self.name,
                "omega_ref_rad_per_s": reference,
                "physical": {key: str(q) for key, q in quantities.items()},
                **{f"setting_{key}": value for key, value in settings.items()},
            }
        )
        return built

    def _override(self, key: str, value: Any) -> Quantity:
        current = self.quantities[key]
        if isinstance(value, Quantity):
            if value.kind != current.kind:
                raise QBatteryValueError(
                    f"{key}: {value} is not of the kind of {current} ({current.kind})"
                )
            return value
        return Quantity(value, current.unit, "user override")

    def to_dimensionless_time(self, time: Any, unit: str) -> Any:
        """A laboratory time in units of ``1 / omega_ref`` (arrays elementwise).

        Examples
        --------
        Times in units of ``1/omega_ref``, here ``omega_ref = 2 pi x`` the transmon's reference
        frequency:

        >>> from qbattery.models.presets import platform
        >>> transmon = platform("transmon")
        >>> omega_ref = transmon.reference_frequency.dimensionless(1.0)         # rad/s
        >>> t = transmon.to_dimensionless_time(10.0, "ns")
        >>> bool(np.isclose(t, 10e-9 * omega_ref))
        True
        """
        return _plain(seconds(np.asarray(time, dtype=np.float64), unit) * self.omega_ref)

    def to_physical_time(self, time: Any, unit: str | None = None) -> tuple[Any, str]:
        """A dimensionless time as ``(value, unit)``, in ``unit`` or ``self.time_unit``.

        Examples
        --------
        >>> from qbattery.models.presets import platform
        >>> transmon = platform("transmon")
        >>> t = transmon.to_dimensionless_time(10.0, "ns")
        >>> value, unit = transmon.to_physical_time(t, "ns")
        >>> round(float(value), 9), unit
        (10.0, 'ns')
        """
        target = normalise_unit(unit or self.time_unit)
        value = from_seconds(np.asarray(time, dtype=np.float64) / self.omega_ref, target)
        return _plain(value), target

    def to_physical_energy(self, energy: Any, unit: str | None = None) -> tuple[Any, str]:
        """A dimensionless energy (units of ``hbar omega_ref``) as ``(value, unit)``, in
        ``unit`` or ``self.energy_unit``.

        Examples
        --------
        One ``hbar omega_ref`` in the platform's energy unit (``omega_ref`` is the angular frequency
        2 pi f of the reference):

        >>> from qbattery.models.presets import platform
        >>> transmon = platform("transmon")
        >>> reference = transmon.reference_frequency
        >>> (reference.value, reference.unit), transmon.to_physical_energy(1.0, "GHz")
        ((5.0, 'GHz'), (5.0, 'GHz'))
        """
        target = normalise_unit(unit or self.energy_unit)
        value = from_angular_frequency(
            np.asarray(energy, dtype=np.float64) * self.omega_ref, target
        )
        return _plain(value), target

    def to_physical_power(self, power: Any, unit: str = "W") -> tuple[Any, str]:
        """A dimensionless power (units of ``hbar omega_ref**2``) as ``(value, unit)``: ``"W"``
        or an energy per time such as ``"eV/ns"``.

        Examples
        --------
        One ``hbar omega_ref^2`` in watts equals ``hbar omega_ref^2`` computed directly:

        >>> import numpy as np
        >>> from scipy.constants import hbar
        >>> from qbattery.models.presets import platform
        >>> transmon = platform("transmon")
        >>> omega_ref = transmon.reference_frequency.dimensionless(1.0)
        >>> power, unit = transmon.to_physical_power(1.0)
        >>> bool(np.isclose(power, hbar * omega_ref**2)), unit
        (True, 'W')
        """
        watts = np.asarray(power, dtype=np.float64) * constants.hbar * self.omega_ref**2
        return _plain(watts / power_unit_scale(unit)), unit


def _plain(value: Any) -> Any:
    """A 0-d array as a float, arrays unchanged."""
    array = np.asarray(value)
    return float(array) if array.ndim == 0 else array
