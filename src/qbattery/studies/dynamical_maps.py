"""Dynamical maps of a battery from repeated charging runs (input to the non-Markovianity measures).

A linear evolution ``rho -> Lambda(t) rho`` is fixed by its action on ``d^2`` density matrices
that span all operators; :func:`dynamical_maps` solves for ``Lambda(t_k)`` from those runs and
:func:`battery_maps` does so for the battery subsystem under :func:`qbattery.charge`. The
measures (:func:`qbattery.metrics.non_markovianity.blp_measure`, ``rhp_measure``) act on the maps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.charge import charge
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.linalg import density_matrix, reduced_state
from qbattery.metrics.non_markovianity import column_stack
from qbattery.validation import as_array, positive_int

__all__ = ["battery_maps", "dynamical_maps"]


def dynamical_maps(evolve: Callable[[np.ndarray], Any], dimension: int) -> np.ndarray:
    """Superoperators ``Lambda(t_k)`` of a linear evolution, from ``d^2`` runs.

    ``evolve(rho0)`` must return the evolved states (n, d, d) for an initial density matrix
    ``rho0`` (d, d). It is called on the basis ``|i><i|``, ``|+_ij><+_ij|``, ``|+i_ij><+i_ij|``
    (``|+_ij> = (|i> + |j>)/sqrt 2``, ``|+i_ij> = (|i> + i|j>)/sqrt 2``) of valid density
    matrices, which spans all operators, and the map is solved for from the outputs.

    Returns
    -------
    array (n, d^2, d^2)

    Examples
    --------
    Complete dephasing (keep the diagonal) as a superoperator:

    >>> import numpy as np
    >>> from qbattery.studies.dynamical_maps import dynamical_maps
    >>> maps = dynamical_maps(lambda rho: [rho, np.diag(np.diag(rho))], 2)
    >>> np.round(maps[1].real, 12)
    array([[1., 0., 0., 0.],
           [0., 0., 0., 0.],
           [0., 0., 0., 0.],
           [0., 0., 0., 1.]])
    """
    d = positive_int(dimension, "dimension")
    inputs = []
    for i in range(d):
        ket = np.zeros(d, dtype=complex)
        ket[i] = 1.0
        inputs.append(np.outer(ket, ket))
    for i in range(d):
        for j in range(i + 1, d):
            for phase in (1.0, 1j):
                ket = np.zeros(d, dtype=complex)
                ket[i], ket[j] = 1 / np.sqrt(2), phase / np.sqrt(2)
                inputs.append(np.outer(ket, np.conj(ket)))
    outputs = []
    for index, state in enumerate(inputs):
        evolved = as_array(evolve(state), f"evolve(input {index})")
        if evolved.ndim != 3 or evolved.shape[1:] != (d, d):
            raise DimensionError(
                f"evolve: must return states of shape (n, {d}, {d}), got {evolved.shape}"
            )
        outputs.append(evolved)
    before = column_stack(np.array(inputs)).T  # (d^2, d^2): columns are vec(input)
    after = np.stack([column_stack(o) for o in outputs], axis=-1)  # (n, d^2, d^2)
    return np.linalg.solve(before.T, np.swapaxes(after, -1, -2)).swapaxes(-1, -2)


def battery_maps(
    battery: Battery, times: Any, *, method: str = "auto", options: dict[str, Any] | None = None
) -> np.ndarray:
    """The dynamical map of the battery subsystem under :func:`qbattery.charge`.

    The rest of the system (charger, pseudomodes) starts in its part of the battery's initial
    state, which must be a product ``rho_rest (x) rho_B``; the map takes ``rho_B`` to the
    reduced battery state at ``times``. Runs ``charge`` ``d_B^2`` times.

    Returns
    -------
    array (n, d_B^2, d_B^2)

    Examples
    --------
    Amplitude damping at rate 1 for ``t = 1`` (column stacking): ``rho_gg`` gains ``1 - e^{-1}`` of
    ``rho_ee`` and the coherence turns by ``e^{it}`` while it decays as ``e^{-t/2}``, so the real
    part of the map entry is ``cos(1) e^{-1/2} = 0.327710``:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.studies.dynamical_maps import battery_maps
    >>> hb = np.diag([0.0, 1.0])
    >>> qubit = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
    >>> np.round(battery_maps(qubit, np.array([0.0, 1.0]))[1].real, 6)
    array([[1.      , 0.      , 0.      , 0.632121],
           [0.      , 0.32771 , 0.      , 0.      ],
           [0.      , 0.      , 0.32771 , 0.      ],
           [0.      , 0.      , 0.      , 0.367879]])
    """
    if battery.subspace is not None or battery.sector is not None:
        raise QBatteryValueError(
            "battery: held in a subspace or sector; build it on the full space to get its map"
        )
    dims, kept = list(battery.dims), list(battery.battery)
    rho = battery.initial_state
    rho = density_matrix(rho)
    rest = [k for k in range(len(dims)) if k not in kept]
    rho_b = reduced_state(rho, dims, kept)
    rho_rest = reduced_state(rho, dims, rest) if rest else np.ones((1, 1))
    if np.max(np.abs(_product(rho_rest, rho_b, dims, kept, rest) - rho)) > 1e-8:
        raise QBatteryValueError(
            "battery: its initial state is correlated between the battery and the rest, so the "
            "battery's dynamical map is not defined; start from a product state"
        )

    def evolve(state: np.ndarray) -> np.ndarray:
        fresh = battery.replace(initial_state=_product(rho_rest, state, dims, kept, rest))
        result = charge(
            fresh, times, method=method, options=options, ergotropy=False, battery_states=True
        )
        assert result.battery_states is not None
        return result.battery_states

    return dynamical_maps(evolve, rho_b.shape[-1])


def _product(
    rho_rest: np.ndarray, rho_b: np.ndarray, dims: list[int], kept: list[int], rest: list[int]
) -> np.ndarray:
    """``rho_B (x) rho_rest`` with the subsystems put back in the order of ``dims``."""
    order = kept + rest
    local = [dims[k] for k in order]
    tensor = np.kron(rho_b, rho_rest).reshape(local + local)
    n = len(dims)
    position = [order.index(k) for k in range(n)]
    tensor = tensor.transpose(position + [n + p for p in position])
    size = int(np.prod(dims))
    return tensor.reshape(size, size)
