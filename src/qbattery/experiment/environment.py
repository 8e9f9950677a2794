"""The ``[environment]`` table: what surrounds the battery, and attaching it.

``kind`` picks one of the environments of :mod:`qbattery.environments`:

- ``"markovian"``: Lindblad noise with detailed balance, local on each cell (``emission``,
  ``pumping``, ``dephasing`` at ``temperature``; :func:`~qbattery.environments.local_noise`,
  full product space only) and collective on the two-level cells (``collective_emission``,
  ``collective_pumping``, ``collective_dephasing``;
  :func:`~qbattery.environments.collective_noise`).
- ``"pseudomodes"``: zero-temperature Lorentzian reservoirs, exact by damped pseudomodes
  (:func:`~qbattery.environments.add_pseudomodes`); each ``[[environment.baths]]`` has
  ``lorentzians = [[strength, centre, width], ...]``.
- ``"heom"``: Drude-Lorentz or Ohmic baths (``spectrum``) solved by the hierarchical
  equations of motion (:mod:`qbattery.environments.baths`), independent baths summed.
- ``"redfield"``: the same baths, weakly coupled, by Bloch-Redfield
  (:meth:`~qbattery.environments.RedfieldEnvironment.from_bath`).

A bath couples through a named operator on one subsystem (an index into the battery's
``dims``): ``lowering`` ``L`` (``sigma_-``, ``a``), ``raising`` ``L^dagger``, ``number``
``L^dagger L``, ``x = L + L^dagger`` and ``y = -i (L - L^dagger)``, with ``L`` the ladder
operator ``sum_n sqrt(n) |n - 1><n|`` of the subsystem (:func:`~qbattery.environments.ladder`).
HEOM and Redfield need a Hermitian operator (``number``, ``x`` or ``y``).
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Annotated, Literal

import scipy.sparse as sp
from pydantic import Field, field_validator

from qbattery.battery import Battery
from qbattery.environments import (
    DrudeLorentzEnvironment,
    Lorentzian,
    LorentzianBath,
    OhmicEnvironment,
    RedfieldEnvironment,
    add_pseudomodes,
    collective_noise,
    ladder,
    local_noise,
)
from qbattery.environments.baths import EXPANSIONS
from qbattery.experiment.locate import FieldError
from qbattery.experiment.sections import Section, choice

__all__ = ["ENVIRONMENTS", "OPERATORS", "EnvironmentSection", "local_operator"]

#: Operator names a bath can couple through.
OPERATORS = ("lowering", "raising", "number", "x", "y")

Rate = Annotated[float, Field(ge=0)]
Positive = Annotated[float, Field(gt=0)]


def local_operator(name: str, dimension: int) -> sp.csr_matrix:
    """The operator called ``name`` (module docstring) on a subsystem of this dimension.

    Examples
    --------
    >>> local_operator("x", 2).toarray().real.tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    lower = ladder(dimension).astype(complex)
    raising = lower.conj().T
    return sp.csr_matrix(
        {
            "lowering": lower,
            "raising": raising,
            "number": raising @ lower,
            "x": lower + raising,
            "y": -1j * (lower - raising),
        }[name]
    )


class _Coupled(Section):
    operator: str
    subsystem: int = Field(ge=0)

    @field_validator("operator")
    @classmethod
    def _operator(cls, value: str) -> str:
        return choice(value, OPERATORS, "operator")

    def coupling(self, battery: Battery, key: tuple[str | int, ...]) -> sp.csr_matrix:
        if self.subsystem >= len(battery.dims):
            raise FieldError(
                (*key, "subsystem"),
                f"index {self.subsystem} is outside the battery's {len(battery.dims)} "
                f"subsystems (dims {list(battery.dims)}); use 0 to {len(battery.dims) - 1}",
            )
        return local_operator(self.operator, battery.dims[self.subsystem])


class Markovian(Section):
    kind: Literal["markovian"]
    emission: Rate = 0.0
    pumping: Rate = 0.0
    dephasing: Rate = 0.0
    collective_emission: Rate = 0.0
    collective_pumping: Rate = 0.0
    collective_dephasing: Rate = 0.0
    temperature: Rate = 0.0
    frequency: Positive | None = None
    subsystems: list[Annotated[int, Field(ge=0)]] | None = None

    def attach(self, battery: Battery) -> Battery:
        if self.emission or self.pumping or self.dephasing:
            battery = local_noise(
                battery,
                emission=self.emission,
                pumping=self.pumping,
                dephasing=self.dephasing,
                temperature=self.temperature,
                frequency=self.frequency,
                subsystems=self.subsystems,
            )
        if self.collective_emission or self.collective_pumping or self.collective_dephasing:
            battery = collective_noise(
                battery,
                emission=self.collective_emission,
                pumping=self.collective_pumping,
                dephasing=self.collective_dephasing,
                temperature=self.temperature,
            )
        return battery


class PseudomodeBath(_Coupled):
    lorentzians: list[Annotated[list[float], Field(min_length=3, max_length=3)]] = Field(
        min_length=1
    )


class Pseudomodes(Section):
    kind: Literal["pseudomodes"]
    baths: list[PseudomodeBath] = Field(min_length=1)
    cutoff: int = Field(default=4, ge=1)

    def attach(self, battery: Battery) -> Battery:
        baths = [
            LorentzianBath(
                bath.coupling(battery, ("environment", "baths", index)),
                [Lorentzian(*peak) for peak in bath.lorentzians],
                subsystems=[bath.subsystem],
            )
            for index, bath in enumerate(self.baths)
        ]
        return add_pseudomodes(battery, baths, cutoff=self.cutoff)


class DrudeLorentzBath(_Coupled):
    spectrum: Literal["drude_lorentz"]
    reorganization_energy: Positive
    cutoff_frequency: Positive
    temperature: Positive
    n_matsubara: int = Field(default=2, ge=1)
    expansion: str = "pade"
    terminator: bool = True

    @field_validator("expansion")
    @classmethod
    def _expansion(cls, value: str) -> str:
        return choice(value, EXPANSIONS, "expansion")

    def bath(self, battery: Battery, key: tuple[str | int, ...]) -> DrudeLorentzEnvironment:
        return DrudeLorentzEnvironment(
            self.coupling(battery, key),
            self.reorganization_energy,
            self.cutoff_frequency,
            self.temperature,
            subsystems=[self.subsystem],
            n_matsubara=self.n_matsubara,
            expansion=self.expansion,
            terminator=self.terminator,
        )


class OhmicBath(_Coupled):
    spectrum: Literal["ohmic"]
    alpha: Positive
    cutoff_frequency: Positive
    temperature: Rate
    exponent: Positive = 1.0
    n_exponents: int = Field(default=4, ge=1)
    fit_tolerance: Positive = 1e-2

    def bath(self, battery: Battery, key: tuple[str | int, ...]) -> OhmicEnvironment:
        return OhmicEnvironment(
            self.coupling(battery, key),
            self.alpha,
            self.cutoff_frequency,
            self.temperature,
            exponent=self.exponent,
            subsystems=[self.subsystem],
            n_exponents=self.n_exponents,
            fit_tolerance=self.fit_tolerance,
        )


Bath = Annotated[DrudeLorentzBath | OhmicBath, Field(discriminator="spectrum")]


class HEOM(Section):
    kind: Literal["heom"]
    baths: list[Bath] = Field(min_length=1)

    def attach(self, battery: Battery) -> Battery:
        baths = [b.bath(battery, ("environment", "baths", i)) for i, b in enumerate(self.baths)]
        return battery.replace(environment=reduce(operator.add, baths))


class Redfield(Section):
    kind: Literal["redfield"]
    baths: list[Bath] = Field(min_length=1)

    def attach(self, battery: Battery) -> Battery:
        baths = [
            RedfieldEnvironment.from_bath(b.bath(battery, ("environment", "baths", i)))
            for i, b in enumerate(self.baths)
        ]
        return battery.replace(environment=reduce(operator.add, baths))


#: The ``kind`` names.
ENVIRONMENTS = ("markovian", "pseudomodes", "heom", "redfield")

EnvironmentSection = Annotated[
    Markovian | Pseudomodes | HEOM | Redfield, Field(discriminator="kind")
]
