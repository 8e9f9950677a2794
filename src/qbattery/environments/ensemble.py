"""Local and collective Markovian noise on N identical two-level cells (and one boson mode).

Described here, solved in the permutation-invariant blocks by
:mod:`qbattery.dynamics.permutational` (``method="permutational"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from qbattery.validation import non_negative_real, positive_int

__all__ = ["EnsembleNoise"]


@dataclass(frozen=True)
class EnsembleNoise:
    """Markovian noise on N identical two-level cells (and an optional boson mode).

    Satisfies :class:`qbattery.battery.Environment`: a battery carrying it is solved by
    ``charge(..., method="permutational")`` in the block basis. Rates are per cell for the
    local channels: Lindblad operators ``sqrt(emission) sigma_-^i``,
    ``sqrt(dephasing) sigma_z^i / 2``, ``sqrt(pumping) sigma_+^i`` for every cell i,
    ``sqrt(collective_emission) J_-``, and ``sqrt(cavity_decay) a`` on the mode.

    Examples
    --------
    >>> from qbattery.environments.ensemble import EnsembleNoise
    >>> noise = EnsembleNoise(4, emission=0.1)
    >>> noise.method
    'permutational'
    """

    method: ClassVar[str] = "permutational"
    n_atoms: int
    emission: float = 0.0
    dephasing: float = 0.0
    pumping: float = 0.0
    collective_emission: float = 0.0
    cavity_decay: float = 0.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "n_atoms", positive_int(self.n_atoms, "n_atoms"))
        for name in ("emission", "dephasing", "pumping", "collective_emission", "cavity_decay"):
            object.__setattr__(self, name, non_negative_real(getattr(self, name), name))

    @property
    def local_channels(self) -> int:
        """How many of the local channels (emission, dephasing, pumping) act.

        Examples
        --------
        >>> from qbattery.environments.ensemble import EnsembleNoise
        >>> EnsembleNoise(4, emission=0.1, dephasing=0.05, collective_emission=1.0).local_channels
        2
        """
        return sum(rate > 0 for rate in (self.emission, self.dephasing, self.pumping))

    @property
    def collective_channels(self) -> int:
        """How many of the collective channels (``J_-`` decay, cavity loss) act.

        Examples
        --------
        >>> from qbattery.environments.ensemble import EnsembleNoise
        >>> EnsembleNoise(4, emission=0.1, collective_emission=1.0).collective_channels
        1
        """
        return sum(rate > 0 for rate in (self.collective_emission, self.cavity_decay))

    def describe(self) -> dict[str, Any]:
        """The rates, for the battery's record.

        Examples
        --------
        >>> from qbattery.environments.ensemble import EnsembleNoise
        >>> rates = EnsembleNoise(4, emission=0.1, dephasing=0.05).describe()
        >>> rates["emission"], rates["dephasing"], rates["pumping"]
        (0.1, 0.05, 0.0)
        """
        return {
            "emission": self.emission,
            "dephasing": self.dephasing,
            "pumping": self.pumping,
            "collective_emission": self.collective_emission,
            "cavity_decay": self.cavity_decay,
        }
