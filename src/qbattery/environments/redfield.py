"""Weakly coupled bosonic baths for the Bloch-Redfield master equation (what the bath is).

A bath with spectral density ``J(w)`` at temperature T, coupled through a Hermitian ``Q``, enters
the Bloch-Redfield generator through its noise power spectrum ``S(w) = 2 J(w) (n_T(w) + 1)``
(Redfield, IBM J. Res. Dev. 1, 19 (1957); Breuer & Petruccione sec. 3.3);
:mod:`qbattery.dynamics.redfield` solves it. :meth:`RedfieldEnvironment.from_bath` takes the
spectral density, temperature and coupling of a HEOM bath (:mod:`qbattery.environments.baths`)
for the weak-coupling comparison; baths combine with ``+``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from qutip.core.environment import BosonicEnvironment

from qbattery.errors import QBatteryTypeError
from qbattery.operators import Operator, as_operator
from qbattery.validation import non_negative_real

__all__ = ["RedfieldEnvironment"]


@dataclass(frozen=True, eq=False)
class RedfieldEnvironment:
    """A bosonic bath with spectral density ``J(w)`` at temperature T, coupled through Q.

    Parameters
    ----------
    coupling_operator : Hermitian operator
        ``Q`` on the subsystems ``subsystems`` of the battery's dims (or its whole state space).
    spectral_density : callable
        ``J(w)`` for ``w > 0`` (vectorised over a NumPy array), in the convention of
        :mod:`qbattery.environments.baths`: ``S(w) = 2 J(w) (n_T(w) + 1)``.
    temperature : float
        ``T >= 0`` (k_B = 1).
    subsystems : sequence of int, optional
    others : tuple of RedfieldEnvironment
        Further independent baths; filled by ``a + b``, not usually given by hand.

    Examples
    --------
    >>> import numpy as np
    >>> bath = RedfieldEnvironment(np.array([[0, 1], [1, 0]]), lambda w: 0.1 * w, 0.0)
    >>> round(float(bath.power_spectrum(1.0)), 6), bath.method
    (0.2, 'redfield')
    """

    coupling_operator: Operator
    spectral_density: Callable[[np.ndarray], Any]
    temperature: float
    subsystems: Sequence[int] | None = None
    others: tuple[RedfieldEnvironment, ...] = ()

    method = "redfield"

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "coupling_operator", as_operator(self.coupling_operator, "coupling_operator")
        )
        if not callable(self.spectral_density):
            raise QBatteryTypeError(
                "spectral_density: expected a callable J(w), got "
                f"{type(self.spectral_density).__name__}"
            )
        object.__setattr__(self, "temperature", non_negative_real(self.temperature, "temperature"))
        if self.subsystems is not None:
            object.__setattr__(self, "subsystems", tuple(int(k) for k in self.subsystems))

    @classmethod
    def from_bath(cls, bath: Any) -> RedfieldEnvironment:
        """The same bath as a HEOM environment (its J, temperature, coupling, subsystems).

        Examples
        --------
        The Redfield form of an Ohmic bath keeps its spectral density:

        >>> import numpy as np
        >>> from qbattery import OhmicEnvironment, RedfieldEnvironment
        >>> ohmic = OhmicEnvironment(np.diag([-1.0, 1.0]), 0.05, 1.0, 0.0)
        >>> redfield = RedfieldEnvironment.from_bath(ohmic)
        >>> bool(np.isclose(redfield.spectral_density(0.7), ohmic.spectral_density(0.7)))
        True
        """
        members = bath.members() if hasattr(bath, "members") else (bath,)
        single = [
            cls(b.coupling_operator, b.spectral_density, b.temperature, b.subsystems)
            for b in members
        ]
        total = single[0]
        for other in single[1:]:
            total = total + other
        return total

    @cached_property
    def _qutip(self) -> BosonicEnvironment:
        return BosonicEnvironment.from_spectral_density(
            lambda w: np.asarray(self.spectral_density(np.asarray(w, dtype=float)), dtype=float),
            T=self.temperature,
        )

    def power_spectrum(self, omega: Any) -> np.ndarray:
        """``S(w) = 2 J(w) (n_T(w) + 1)``, ``S(-w) = 2 J(w) n_T(w)``.

        Examples
        --------
        At ``T = 0``: ``S(w) = 2 J(w)`` for emission and 0 for absorption:

        >>> import numpy as np
        >>> from qbattery import RedfieldEnvironment
        >>> bath = RedfieldEnvironment(np.array([[0, 1], [1, 0]]), lambda w: 0.1 * w, 0.0)
        >>> np.round(bath.power_spectrum(np.array([1.0, -1.0])), 12)
        array([0.2, 0. ])
        """
        return np.asarray(self._qutip.power_spectrum(np.asarray(omega, dtype=float)))

    def members(self) -> tuple[RedfieldEnvironment, ...]:
        """The single baths this environment is made of.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery import RedfieldEnvironment
        >>> bath = RedfieldEnvironment(np.array([[0, 1], [1, 0]]), lambda w: 0.1 * w, 0.0)
        >>> len(bath.members()), len((bath + bath).members())
        (1, 2)
        """
        first = RedfieldEnvironment(
            self.coupling_operator, self.spectral_density, self.temperature, self.subsystems
        )
        return (first, *self.others) if self.others else (self,)

    def __add__(self, other: RedfieldEnvironment) -> RedfieldEnvironment:
        if not isinstance(other, RedfieldEnvironment):
            return NotImplemented
        head, *tail = self.members()
        return RedfieldEnvironment(
            head.coupling_operator,
            head.spectral_density,
            head.temperature,
            head.subsystems,
            (*tail, *other.members()),
        )

    def describe(self) -> dict[str, Any]:
        """The bath's parameters, for the battery's record.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery import RedfieldEnvironment
        >>> bath = RedfieldEnvironment(np.array([[0, 1], [1, 0]]), lambda w: 0.1 * w, 0.0)
        >>> description = bath.describe()
        >>> description["environment"], description["temperature"]
        ('bloch_redfield', 0.0)
        """
        baths = self.members()

        def one(b: RedfieldEnvironment) -> dict[str, Any]:
            name = getattr(b.spectral_density, "__qualname__", repr(b.spectral_density))
            return {
                "environment": "bloch_redfield",
                "spectral_density": name,
                "temperature": b.temperature,
                "subsystems": b.subsystems,
            }

        if len(baths) == 1:
            return one(baths[0])
        return {f"bath{i}_{k}": v for i, b in enumerate(baths) for k, v in one(b).items()}
