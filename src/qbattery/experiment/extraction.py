"""The ``[extraction]`` table: the work a unitary on one subsystem can extract from the final
state of a closed charging, with the coupling left on.

The energy is measured by the battery's full, time-independent Hamiltonian ``H`` (charger,
couplings and all), and the unitary acts on subsystem ``subsystem`` only:

- ``coupled_local_ergotropy``: ``Tr[H rho] - min_U Tr[H U rho U^dagger]`` with ``U`` local, the
  local ergotropy in the presence of the coupling (review eq. 11 with ``H`` for ``H_B``;
  :func:`qbattery.metrics.local.local_extremum`);
- ``extended_local_ergotropy``: the same after an optimised free evolution under ``H`` for a
  waiting time ``tau <= horizon`` (Castellano, Farina, Giovannetti & Acin, PRL 133, 150402
  (2024); :func:`qbattery.metrics.extended.extended_local_ergotropy`), and
  ``extended_waiting_time``, the optimal tau.

The battery must be on its product space (``dims``), without ``[protocol]``,
``[environment]`` or ``[measurement]`` (the free evolution is that of the closed compound).

>>> section = Extraction.model_validate({"horizon": 40.0})
>>> section.subsystem, section.points
(None, 201)
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from pydantic import Field

from qbattery.battery import Battery
from qbattery.experiment.locate import FieldError
from qbattery.experiment.sections import Section
from qbattery.metrics.extended import extended_local_ergotropy
from qbattery.operators import to_dense

__all__ = ["EXTRACTION_OUTPUTS", "Extraction"]

#: The ``outputs`` an ``[extraction]`` table provides, in order.
EXTRACTION_OUTPUTS = (
    "coupled_local_ergotropy",
    "extended_local_ergotropy",
    "extended_waiting_time",
)


class Extraction(Section):
    """``[extraction]``: ``subsystem`` (default: the battery's only one), the ``horizon`` of
    waiting times searched (in the unit of ``[times]``) and the grid ``points`` on it.

    Examples
    --------
    >>> from qbattery.experiment.extraction import Extraction
    >>> Extraction.model_validate({"horizon": 30.0, "subsystem": 1, "points": 101}).points
    101
    """

    subsystem: Annotated[int, Field(ge=0)] | None = None
    horizon: Annotated[float, Field(gt=0)]
    points: Annotated[int, Field(ge=2)] = 201

    def site(self, battery: Battery) -> int:
        """The subsystem the unitary acts on, checked against the battery's ``dims``.

        Examples
        --------
        >>> import qbattery as qb
        >>> from qbattery.experiment.extraction import Extraction
        >>> battery = qb.models.jaynes_cummings(0.1, space="full")
        >>> battery.dims, Extraction.model_validate({"horizon": 1.0}).site(battery)
        ((2, 2), 1)
        """
        reduced = battery.battery_spectrum is not None and np.any(
            np.asarray(battery.battery_spectrum.multiplicities) != 1
        )  # a symmetric (Dicke) basis: its subsystem is not the cells' product space
        if battery.sector is not None or battery.subspace is not None or reduced:
            raise FieldError(
                ("extraction",),
                "needs the battery on its full product space; build the model with "
                'space = "full" (or basis = "full")',
            )
        if battery.hamiltonian.drives:
            raise FieldError(
                ("extraction",),
                "needs a time-independent Hamiltonian for the free evolution; this model is "
                "driven (leave its drive at 0)",
            )
        if self.subsystem is None:
            if len(battery.battery) != 1:
                raise FieldError(
                    ("extraction",),
                    f"the battery has subsystems {list(battery.battery)}; give subsystem = "
                    "the index of the one the unitary acts on",
                )
            return int(battery.battery[0])
        if self.subsystem >= len(battery.dims):
            raise FieldError(
                ("extraction", "subsystem"),
                f"{self.subsystem} is not a subsystem of dims {list(battery.dims)}; give 0.."
                f"{len(battery.dims) - 1}",
            )
        return self.subsystem

    def evaluate(
        self, battery: Battery, state: Any, time_scale: float = 1.0, seed: int = 0
    ) -> dict[str, float]:
        """The :data:`EXTRACTION_OUTPUTS` of ``state`` (a ket or a density matrix).

        ``time_scale`` converts the ``horizon`` to the battery's dimensionless time and the
        waiting time back (:meth:`qbattery.experiment.Experiment.time_scale`).

        Examples
        --------
        One photon in the cavity, the atom in ``|g>``: nothing is locally extractable, but after
        a quarter vacuum-Rabi period the atom holds the whole quantum (``omega = 1``):

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.experiment.extraction import Extraction
        >>> battery = qb.models.jaynes_cummings(0.1, space="full")
        >>> section = Extraction.model_validate({"horizon": 20.0})
        >>> values = section.evaluate(battery, battery.initial_state)
        >>> [round(values[name], 5) for name in sorted(values)]
        [0.0, 1.0, 15.70796]
        """
        site = self.site(battery)
        rho = np.asarray(state)
        if rho.ndim == 1:
            rho = np.outer(rho, rho.conj())
        result = extended_local_ergotropy(
            rho,
            to_dense(battery.hamiltonian.static),
            battery.dims,
            site,
            horizon=self.horizon * time_scale,
            points=self.points,
            seed=seed,
        )
        return {
            "coupled_local_ergotropy": float(result.local_ergotropy),
            "extended_local_ergotropy": float(result.value),
            "extended_waiting_time": float(result.waiting_time / time_scale),
        }
