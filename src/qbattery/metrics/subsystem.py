"""Figures of merit of the battery part of a composite (charger + battery) state."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from qbattery.linalg import LevelSpectrum, like_input, reduced_state, reduced_state_of_ket
from qbattery.metrics.passivity import Energetics, energetics
from qbattery.validation import DEFAULT_ATOL, as_array, check_ket

__all__ = ["battery_energetics", "battery_state"]


def battery_state(
    state: Any, dims: Sequence[int], battery: Sequence[int] | int, *, ket: bool | None = None
) -> Any:
    """Reduced state ``rho_B = Tr_C[rho]`` of the battery subsystems of a composite state.

    Parameters
    ----------
    state : array of shape (..., d) (kets) or (..., d, d) (density matrices), or qutip.Qobj
    dims : sequence of int
        Subsystem dimensions of the full space, product ``d``.
    battery : int or sequence of int
        Indices (into ``dims``) of the subsystems that form the battery.
    ket : bool, optional
        Whether ``state`` holds kets. Inferred from a ``Qobj``; otherwise from the shape:
        a trailing ``(d, d)`` means density matrices, a trailing ``(d,)`` means kets.

    Returns
    -------
    array of shape (..., d_B, d_B)
        A ``qutip.Qobj`` on the battery subsystems for a ``Qobj`` state.

    Examples
    --------
    The battery (second factor) of ``|g>_C (x) |e>_B`` is ``|e><e|``:

    >>> import numpy as np
    >>> from qbattery.metrics import battery_state
    >>> psi = np.kron([1.0, 0.0], [0.0, 1.0])
    >>> np.round(battery_state(psi, [2, 2], 1).real, 12)
    array([[0., 0.],
           [0., 1.]])
    """
    if ket is None:
        ket = bool(getattr(state, "isket", False)) if hasattr(state, "dims") else None
    array = as_array(state, "state")
    if ket is None:
        d = int(np.prod(dims))
        ket = not (array.ndim >= 2 and array.shape[-2:] == (d, d))
    if ket:
        if array.ndim >= 2 and array.shape[-1] == 1:  # column vector, as from Qobj.full()
            array = array[..., 0]
        check_ket(array, "state")
        reduced = reduced_state_of_ket(array, dims, battery)
    else:
        reduced = reduced_state(array, dims, battery)
    kept = [battery] if isinstance(battery, int) else sorted(battery)
    return like_input(reduced, state, [dims[k] for k in kept])


def battery_energetics(
    state: Any,
    h_battery: Any,
    dims: Sequence[int],
    battery: Sequence[int] | int,
    *,
    spectrum: LevelSpectrum | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> Energetics:
    """Energy, ergotropy, antiergotropy and capacity of the battery part of composite states.

    The battery state is ``rho_B = Tr_C[rho]`` and every quantity is taken with respect to the
    bare battery Hamiltonian ``H_B`` (review eq. 3; docs/conventions.md), never the total one.

    Parameters
    ----------
    state : array of shape (..., d) or (..., d, d), or qutip.Qobj
    h_battery : array of shape (d_B, d_B)
        The battery's bare Hamiltonian on the battery subsystems (in the order of ``dims``).
    dims, battery
        As in :func:`battery_state`.
    spectrum : LevelSpectrum, optional
        Full-space levels of ``h_battery`` if the battery lives in a reduced basis.

    Returns
    -------
    Energetics
        Fields of the leading shape (...).

    Examples
    --------
    The excited battery qubit of ``|g>_C (x) |e>_B`` holds one quantum of ergotropy (units of the
    level spacing of ``H_B``):

    >>> import numpy as np
    >>> from qbattery.metrics import battery_energetics
    >>> psi = np.kron([1.0, 0.0], [0.0, 1.0])
    >>> float(battery_energetics(psi, np.diag([0.0, 1.0]), [2, 2], 1).ergotropy)
    1.0
    """
    rho_b = battery_state(state, dims, battery)
    return energetics(rho_b, h_battery, spectrum=spectrum, validate=validate, atol=atol)
