"""The ``[initial_state]`` table: a two-qubit battery started in a family of states instead of
the model's own initial state.

``kind`` picks the family, with the cells' basis ``|g> = |0>``, ``|e> = |1>``:

- ``"werner"``: ``rho = p |Psi-><Psi-| + (1 - p) 1 / 4`` with ``|Psi-> = (|ge> - |eg>) /
  sqrt(2)`` and ``weight = p`` in ``[0, 1]`` (entangled for ``p > 1/3``; concurrence
  ``max(0, (3 p - 1) / 2)``, Wootters, PRL 80, 2245 (1998));
- ``"pair"``: ``rho = w |psi><psi| + (1 - w) 1 / 4`` with ``|psi> = cos(angle) |gg> +
  sin(angle) |ee>`` and ``weight = w`` (default 1, the pure state; concurrence
  ``max(0, w |sin(2 angle)| - (1 - w) / 2)``, an X state).

The battery must be two qubits on their product space (``dims = [2, 2]``, both cells of the
battery), e.g. ``global_charging`` with ``n_spins = 2``. A sweep over ``weight`` or ``angle``
runs the family through the experiment's charging.

>>> section = InitialState.model_validate({"kind": "werner", "weight": 0.5})
>>> section.kind, section.weight
('werner', 0.5)
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from qbattery.battery import Battery
from qbattery.experiment.locate import FieldError
from qbattery.experiment.sections import Section, field_error

__all__ = ["INITIAL_STATES", "InitialState"]

#: The ``kind`` values of ``[initial_state]``.
INITIAL_STATES = ("werner", "pair")


class InitialState(Section):
    """``[initial_state]``: ``kind`` with its ``weight`` (Werner), or ``angle`` and ``weight``
    (pair).

    Examples
    --------
    >>> from qbattery.experiment.initial_state import InitialState
    >>> pair = InitialState.model_validate({"kind": "pair", "angle": 0.3})
    >>> pair.angle, pair.weight
    (0.3, 1.0)
    """

    kind: Literal["werner", "pair"]
    weight: Annotated[float, Field(ge=0, le=1)] | None = None
    angle: float | None = None

    @model_validator(mode="after")
    def _parameters(self) -> InitialState:
        if self.kind == "werner":
            if self.weight is None:
                raise field_error(("weight",), 'kind = "werner" needs weight; add it')
            if self.angle is not None:
                raise field_error(("angle",), 'kind = "werner" takes weight, not angle')
        else:
            if self.angle is None:
                raise field_error(("angle",), 'kind = "pair" needs angle; add it')
            if self.weight is None:
                object.__setattr__(self, "weight", 1.0)
        return self

    def state(self) -> np.ndarray:
        """The state on ``|gg>, |ge>, |eg>, |ee>``: a ket (4,) when ``weight = 1`` (pure), the
        density matrix (4, 4) otherwise.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.experiment.initial_state import InitialState
        >>> rho = InitialState.model_validate({"kind": "werner", "weight": 0.5}).state()
        >>> np.round(rho.real, 3).tolist()[1]
        [0.0, 0.375, -0.25, 0.0]
        """
        if self.kind == "werner":
            ket = np.array([0.0, 1.0, -1.0, 0.0]) / math.sqrt(2.0)
        else:
            theta = float(self.angle)  # type: ignore[arg-type]
            ket = np.array([math.cos(theta), 0.0, 0.0, math.sin(theta)])
        p = float(self.weight)  # type: ignore[arg-type]
        if p == 1.0:
            return ket.astype(np.complex128)
        rho = p * np.outer(ket, ket) + (1.0 - p) * np.eye(4) / 4.0
        return rho.astype(np.complex128)

    def apply(self, battery: Battery) -> Battery:
        """``battery`` started in :meth:`state`; it must be two qubits, both battery cells.

        Examples
        --------
        >>> import qbattery as qb
        >>> from qbattery.experiment.initial_state import InitialState
        >>> pair = InitialState.model_validate({"kind": "pair", "angle": 0.0})
        >>> pair.apply(qb.models.global_charging(2, 0.5)).initial_state.shape
        (4,)
        """
        if (
            battery.sector is not None
            or battery.subspace is not None
            or tuple(battery.dims) != (2, 2)
            or tuple(battery.battery) != (0, 1)
        ):
            raise FieldError(
                ("initial_state",),
                f"needs a battery of two qubits on their product space (dims [2, 2], both "
                f"cells of the battery), got dims {list(battery.dims)} with battery "
                f"{list(battery.battery)}; use e.g. global_charging with n_spins = 2",
            )
        return battery.replace(initial_state=self.state())
