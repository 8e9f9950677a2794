"""The ``[collisions]`` table: the battery charged by a stream of two-level ancillas.

Each ancilla ("unit") has ``H_A = ancilla_frequency |e><e|`` and arrives in the Gibbs state at
``temperature`` (its ground state at 0); it meets the battery for ``collision_time`` under
``H_S + H_A + V`` and leaves (:func:`qbattery.collision_charging`, which also takes the
``memory`` of ancilla-ancilla collisions). ``V`` couples the ancilla's lowering operator
``A = |g><e|`` to the ladder operator ``L`` of the battery's ``subsystem`` (as for a bath in
``[environment]``):

- ``interaction = "exchange"``: ``V = strength (L A^dagger + L^dagger A)``, which conserves
  the number of excitations: at resonance the units thermalise the battery (a passive state);
- ``interaction = "pair"``: ``V = strength (L A + L^dagger A^dagger)``, which creates and
  removes excitations in pairs. It commutes with ``H_S - H_A`` instead of ``H_S + H_A``, so
  switching it on and off costs work, and a qubit battery relaxes to the Gibbs state at the
  negative temperature ``-T`` of the units: a non-passive, charged steady state (Barra,
  PRL 122, 210601 (2019)).

The times of a collision experiment are the collisions, ``n collision_time`` for
``n = 0 .. n_collisions``, so the file has no ``[times]``; the battery's Hamiltonian must be
constant and closed (no ``[protocol]``, ``[environment]`` or ``[measurement]``).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import Field

from qbattery.battery import Battery
from qbattery.collision_charging import CollisionCharging, collision_charging
from qbattery.experiment.environment import local_operator
from qbattery.experiment.locate import FieldError
from qbattery.experiment.sections import Section
from qbattery.linalg import embed_operator

__all__ = ["COLLISION_OUTPUTS", "INTERACTIONS", "CollisionsSection"]

#: ``interaction`` names.
INTERACTIONS = ("exchange", "pair")

#: The ``outputs`` a collision experiment has (no instantaneous power or fluctuations: the
#: curves are known after each collision only).
COLLISION_OUTPUTS = (
    "max_average_power",
    "optimal_time",
    "energy_at_optimal_time",
    "ergotropy_at_optimal_time",
    "max_energy",
    "max_ergotropy",
    "final_energy",
    "final_ergotropy",
    "dimension",
    "method",
    "times",
    "energy",
    "average_power",
    "ergotropy",
)

#: The ``metrics`` a collision experiment computes (energy, its average power and ergotropy).
COLLISION_METRICS = ("energy", "power", "ergotropy")


class CollisionsSection(Section):
    """``[collisions]`` (module docstring).

    Examples
    --------
    Units at zero temperature, pair interaction: the qubit battery is charged completely and
    stays so (energy in units of its frequency):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.experiment.collisions import CollisionsSection
    >>> section = CollisionsSection.model_validate(
    ...     {"interaction": "pair", "strength": 1.0, "collision_time": 1.0, "n_collisions": 40,
    ...      "subsystem": 1})
    >>> qubit = qb.models.tavis_cummings(1, 0.0, photons=0, space="full")
    >>> run = section.run(qubit)
    >>> round(float(run.ergotropy[-1]), 9), section.times().shape
    (1.0, (41,))
    """

    interaction: Literal[INTERACTIONS]  # type: ignore[valid-type]
    strength: float
    collision_time: Annotated[float, Field(gt=0)]
    n_collisions: Annotated[int, Field(ge=1)]
    subsystem: Annotated[int, Field(ge=0)] = 0
    ancilla_frequency: Annotated[float, Field(gt=0)] = 1.0
    temperature: Annotated[float, Field(ge=0)] = 0.0
    memory: Annotated[float, Field(ge=0, le=1)] = 0.0

    def times(self) -> np.ndarray:
        """``n collision_time`` for ``n = 0 .. n_collisions``.

        Examples
        --------
        >>> from qbattery.experiment.collisions import CollisionsSection
        >>> CollisionsSection.model_validate({"interaction": "exchange", "strength": 1.0,
        ...     "collision_time": 0.5, "n_collisions": 2}).times().tolist()
        [0.0, 0.5, 1.0]
        """
        return self.collision_time * np.arange(self.n_collisions + 1, dtype=float)

    def ancilla(self) -> tuple[np.ndarray, np.ndarray]:
        """``(eta, H_A)``: the units' Gibbs state at ``temperature`` and their Hamiltonian.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.experiment.collisions import CollisionsSection
        >>> section = CollisionsSection.model_validate({"interaction": "pair", "strength": 1.0,
        ...     "collision_time": 1.0, "n_collisions": 1, "temperature": 1.0})
        >>> eta, h_a = section.ancilla()
        >>> bool(np.isclose(eta[1, 1] / eta[0, 0], np.exp(-1.0))), np.diag(h_a).tolist()
        (True, [0.0, 1.0])
        """
        h_a = np.diag([0.0, self.ancilla_frequency])
        if self.temperature == 0:
            return np.diag([1.0, 0.0]), h_a
        boltzmann = math.exp(-self.ancilla_frequency / self.temperature)
        return np.diag([1.0, boltzmann]) / (1.0 + boltzmann), h_a

    def interaction_operator(self, battery: Battery) -> np.ndarray:
        """``V`` on battery (x) ancilla (the ancilla the rightmost factor).

        Examples
        --------
        The pair interaction couples ``|g g>`` to ``|e e>`` only:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.experiment.collisions import CollisionsSection
        >>> section = CollisionsSection.model_validate({"interaction": "pair",
        ...     "strength": 0.5, "collision_time": 1.0, "n_collisions": 1, "subsystem": 1})
        >>> v = section.interaction_operator(qb.models.tavis_cummings(1, 0.0, photons=0,
        ...                                                            space="full"))
        >>> np.argwhere(np.abs(v) > 0).tolist(), float(v[0, 3].real)
        ([[0, 3], [3, 0]], 0.5)
        """
        dims = list(battery.dims)
        if self.subsystem >= len(dims):
            raise FieldError(
                ("collisions", "subsystem"),
                f"index {self.subsystem} is outside the battery's {len(dims)} subsystems "
                f"(dims {dims}); use 0 to {len(dims) - 1}",
            )
        lowering = local_operator("lowering", dims[self.subsystem])
        system = embed_operator(lowering, dims, [self.subsystem]).toarray()
        ancilla = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=complex)
        partner = ancilla.conj().T if self.interaction == "exchange" else ancilla
        term = np.kron(system, partner)
        return self.strength * (term + term.conj().T)

    def run(self, battery: Battery) -> CollisionCharging:
        """The collisions on ``battery`` (:func:`qbattery.collision_charging`).

        Examples
        --------
        Resonant exchange with units at zero temperature leaves a battery in its ground state
        there:

        >>> import qbattery as qb
        >>> from qbattery.experiment.collisions import CollisionsSection
        >>> section = CollisionsSection.model_validate({"interaction": "exchange",
        ...     "strength": 1.0, "collision_time": 1.0, "n_collisions": 3, "subsystem": 1})
        >>> run = section.run(qb.models.tavis_cummings(1, 0.0, photons=0, space="full"))
        >>> [round(float(e), 12) for e in run.energy]
        [0.0, 0.0, 0.0, 0.0]
        """
        eta, h_a = self.ancilla()
        return collision_charging(
            battery,
            eta,
            self.interaction_operator(battery),
            collision_time=self.collision_time,
            n_collisions=self.n_collisions,
            ancilla_hamiltonian=h_a,
            memory=self.memory,
        )
