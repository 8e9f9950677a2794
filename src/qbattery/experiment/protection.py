"""The ``[protection]`` table: a protected battery against the unprotected one (review sec. 5.3).

``kind`` picks the protocol of :mod:`qbattery.studies.ageing` and
:mod:`qbattery.studies.floquet_protection`; each stores its own battery twice, protected and
not, and reports both ergotropy lifetimes (the first time the ergotropy falls to ``fraction`` of
its initial value, :func:`qbattery.studies.self_discharge`) and their ratio:

- ``"adiabatic"``: a three-level ladder charged by STIRAP (optionally counter-diabatic) against
  Rabi charging, the fields left on during storage (Santos et al., PRE 100, 032107 (2019));
- ``"coherence"``: a qubit's energy ``p w`` held in coherence against the same energy in
  populations, under emission and dephasing (Santos, PRE 103, 042118 (2021));
- ``"floquet"``: a frequency-modulated emitter in a coupled-cavity array against the undriven
  one (Bai & An, PRA 102, 060201 (2020); the model and what it computes are those of
  :mod:`qbattery.studies.floquet_protection`).

The storage times of ``adiabatic`` and ``coherence`` are the experiment's ``[times]`` grid;
``floquet`` follows ``periods`` driving periods on its own grid of ``substeps`` points per
period, where its traces are exact. These batteries are the protocols' own, not the
``[model]`` (which the experiment charges as usual); rates, frequencies and times are
dimensionless (units of the protocol's reference frequency).

>>> section = Coherence.model_validate(
...     {"kind": "coherence", "stored_fraction": 0.8, "emission": 1.0})
>>> section.dephasing, section.fraction
(0.0, 0.5)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field

from qbattery.environments.cavity_array import CavityArray
from qbattery.experiment.sections import Section
from qbattery.studies.ageing import Protection, adiabatic_protection, coherence_protection
from qbattery.studies.floquet_protection import floquet_protection

__all__ = [
    "PROTECTIONS",
    "Adiabatic",
    "Coherence",
    "Floquet",
    "ProtectionSection",
    "protection_curves",
]

Positive = Annotated[float, Field(gt=0)]
Rate = Annotated[float, Field(ge=0)]
Fraction = Annotated[float, Field(gt=0, lt=1)]


class Adiabatic(Section):
    """``kind = "adiabatic"``: :func:`qbattery.studies.ageing.adiabatic_protection`.

    Examples
    --------
    >>> section = Adiabatic.model_validate(
    ...     {"kind": "adiabatic", "rabi_frequency": 20.0, "duration": 5.0})
    >>> out = section.protect(np.linspace(0.0, 1.0, 21))
    >>> out.protected.ergotropy_lifetime is None, round(out.unprotected.ergotropy_lifetime, 6)
    (True, 0.111072)
    """

    kind: Literal["adiabatic"]
    rabi_frequency: Positive
    duration: Positive
    level_spacing: Positive = 1.0
    counter_diabatic: bool = False
    emission: Rate = 0.0
    dephasing: Rate = 0.0
    fraction: Fraction = 0.5

    def protect(self, storage_times: np.ndarray) -> Protection:
        """Both storages on ``storage_times`` (dimensionless).

        Examples
        --------
        >>> section = Adiabatic.model_validate(
        ...     {"kind": "adiabatic", "rabi_frequency": 20.0, "duration": 5.0,
        ...      "counter_diabatic": True})
        >>> round(section.protect(np.array([0.0, 1.0])).details["charging_fidelity"], 9)
        1.0
        """
        return adiabatic_protection(
            rabi_frequency=self.rabi_frequency,
            duration=self.duration,
            storage_times=storage_times,
            level_spacing=self.level_spacing,
            counter_diabatic=self.counter_diabatic,
            emission=self.emission,
            dephasing=self.dephasing,
            fraction=self.fraction,
        )


class Coherence(Section):
    """``kind = "coherence"``: :func:`qbattery.studies.ageing.coherence_protection`.

    Examples
    --------
    >>> section = Coherence.model_validate(
    ...     {"kind": "coherence", "stored_fraction": 0.8, "emission": 1.0})
    >>> out = section.protect(np.linspace(0.0, 3.0, 31))
    >>> round(out.unprotected.passive_time, 9), round(float(np.log(1.6)), 9)
    (0.470003629, 0.470003629)
    """

    kind: Literal["coherence"]
    stored_fraction: Fraction
    emission: Rate = 0.0
    dephasing: Rate = 0.0
    frequency: Positive = 1.0
    fraction: Fraction = 0.5

    def protect(self, storage_times: np.ndarray) -> Protection:
        """Both storages on ``storage_times`` (dimensionless).

        Examples
        --------
        >>> section = Coherence.model_validate(
        ...     {"kind": "coherence", "stored_fraction": 0.8, "dephasing": 1.0})
        >>> section.protect(np.array([0.0, 1.0])).protocol
        'coherence'
        """
        return coherence_protection(
            stored_fraction=self.stored_fraction,
            storage_times=storage_times,
            emission=self.emission,
            dephasing=self.dephasing,
            frequency=self.frequency,
            fraction=self.fraction,
        )


class Floquet(Section):
    """``kind = "floquet"``: :func:`qbattery.studies.floquet_protection.floquet_protection` in
    a :class:`qbattery.environments.CavityArray` of ``n_sites`` cavities.

    Examples
    --------
    >>> section = Floquet.model_validate(
    ...     {"kind": "floquet", "n_sites": 40, "cavity_frequency": 5.0, "hopping": 0.5,
    ...      "coupling": 0.3, "emitter_frequency": 5.0, "drive_amplitude": 7.214478,
    ...      "drive_frequency": 3.0, "periods": 10, "substeps": 2})
    >>> section.array().band
    (4.0, 6.0)
    """

    kind: Literal["floquet"]
    n_sites: Annotated[int, Field(ge=1)]
    cavity_frequency: float
    hopping: Positive
    coupling: Rate
    emitter_frequency: float
    drive_amplitude: Rate
    drive_frequency: Positive
    periods: Annotated[int, Field(ge=1)]
    substeps: Annotated[int, Field(ge=1)] = 8
    fraction: Fraction = 0.5

    def array(self) -> CavityArray:
        """The reservoir.

        Examples
        --------
        >>> section = Floquet.model_validate(
        ...     {"kind": "floquet", "n_sites": 10, "cavity_frequency": 5.0, "hopping": 0.5,
        ...      "coupling": 0.3, "emitter_frequency": 5.0, "drive_amplitude": 1.0,
        ...      "drive_frequency": 3.0, "periods": 1})
        >>> section.array().n_sites
        10
        """
        return CavityArray(
            n_sites=self.n_sites,
            cavity_frequency=self.cavity_frequency,
            hopping=self.hopping,
            coupling=self.coupling,
        )

    def protect(self, storage_times: np.ndarray | None = None) -> Protection:
        """Both storages over ``periods`` periods (``storage_times`` is not used).

        Examples
        --------
        >>> section = Floquet.model_validate(
        ...     {"kind": "floquet", "n_sites": 10, "cavity_frequency": 5.0, "hopping": 0.5,
        ...      "coupling": 0.0, "emitter_frequency": 5.0, "drive_amplitude": 1.0,
        ...      "drive_frequency": 3.0, "periods": 2, "substeps": 2})
        >>> out = section.protect()                # uncoupled: nothing decays
        >>> out.protected.ergotropy_lifetime, out.unprotected.ergotropy_lifetime
        (None, None)
        """
        return floquet_protection(
            self.array(),
            emitter_frequency=self.emitter_frequency,
            drive_amplitude=self.drive_amplitude,
            drive_frequency=self.drive_frequency,
            periods=self.periods,
            substeps=self.substeps,
            fraction=self.fraction,
        )


def protection_curves(protection: Protection) -> dict[str, Any]:
    """The storage curves: ``storage_time`` (s,), and ``protected_ergotropy``,
    ``unprotected_ergotropy``, ``protected_energy``, ``unprotected_energy`` (s,).

    Examples
    --------
    >>> section = Coherence.model_validate(
    ...     {"kind": "coherence", "stored_fraction": 0.8, "emission": 1.0})
    >>> curves = protection_curves(section.protect(np.array([0.0, 1.0])))
    >>> sorted(curves)  # doctest: +NORMALIZE_WHITESPACE
    ['protected_energy', 'protected_ergotropy', 'storage_time', 'unprotected_energy',
     'unprotected_ergotropy']
    """
    curves: dict[str, Any] = {"storage_time": np.asarray(protection.protected.times)}
    for name in ("protected", "unprotected"):
        storage = getattr(protection, name)
        curves[f"{name}_ergotropy"] = np.asarray(storage.ergotropy)
        curves[f"{name}_energy"] = np.asarray(storage.stored_energy)
    return curves


#: The ``kind`` names.
PROTECTIONS = ("adiabatic", "coherence", "floquet")

ProtectionSection = Annotated[Adiabatic | Coherence | Floquet, Field(discriminator="kind")]
