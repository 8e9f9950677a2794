"""Restricting a battery to a symmetry sector of its Hamiltonian.

:func:`excitation_parity_sector` keeps the half of the product space with the initial state's
excitation parity ``(-1)^(n + k)`` (:mod:`qbattery.bases.parity`), conserved by the Dicke and
Rabi Hamiltonians and their anisotropic variants (Emary & Brandes, PRE 67, 066203 (2003)). It
checks that every Hamiltonian term conserves the parity and that the initial state has a
definite one, and refuses otherwise.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import scipy.sparse as sp

from qbattery.bases.parity import excitation_parity
from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.operators import Operator

__all__ = ["conserved_parity_sector", "excitation_parity_sector"]


def _conserves(operator: Operator, labels: np.ndarray) -> bool:
    matrix = sp.coo_matrix(operator)
    keep = matrix.data != 0
    return bool(np.all(labels[matrix.row[keep]] == labels[matrix.col[keep]]))


def excitation_parity_sector(battery: Battery) -> Battery:
    """``battery`` restricted to the excitation-parity sector of its initial state.

    Parameters
    ----------
    battery : Battery
        On a product space whose basis labels count excitations (cavities in Fock states, atoms
        in the symmetric Dicke basis or as qubits), closed (no collapse operators).

    Returns
    -------
    Battery
        The same model on ``subspace`` = the states of the initial parity; its truncation check
        and level spectrum carry over.

    Examples
    --------
    ``sigma_x (x) sigma_x`` flips two excitations at a time: from ``|gg>`` only ``|gg>`` and
    ``|ee>`` (indices 0 and 3) are reached.

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.reductions import excitation_parity_sector
    >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> battery = qb.Battery(np.kron(sx, sx), np.diag([0.0, 1.0]), np.array([1.0, 0, 0, 0]),
    ...                      dims=[2, 2], battery=[1])
    >>> excitation_parity_sector(battery).subspace
    array([0, 3])
    """
    keep, refusal = _parity_sector(battery)
    if keep is None:
        raise QBatteryValueError(f"battery: {refusal}")
    return _restricted(battery, keep)


def conserved_parity_sector(battery: Battery) -> Battery | None:
    """:func:`excitation_parity_sector` of ``battery`` where it applies, else None.

    ``qbattery.charge`` charges a closed battery in this sector when nothing asks for the
    states of the whole space: the sector holds the whole trajectory, so every battery
    observable is unchanged, at half the dimension (the Dicke battery from ``|N>|g...g>``).
    A measured battery or one with an environment is left alone, as is a state with weight in
    both parities or a Hamiltonian term that mixes them.

    Examples
    --------
    A single qubit driven by ``sigma_x`` changes its excitation parity: no sector.

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.reductions import conserved_parity_sector
    >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> conserved_parity_sector(qb.Battery(sx, np.diag([0.0, 1.0]), np.array([1.0, 0.0]))) is None
    True
    """
    if battery.measurement_interval is not None or battery.environment is not None:
        return None
    keep, _ = _parity_sector(battery)
    if keep is None or len(keep) == battery.dimension:
        return None
    return _restricted(battery, keep)


def _parity_sector(battery: Battery) -> tuple[np.ndarray | None, str]:
    """The indices of the initial state's parity sector, or None and why not."""
    if battery.subspace is not None or battery.sector is not None or battery.collapse_ops:
        return None, "parity sectors need a closed battery on its full product space"
    labels = excitation_parity(battery.dims)
    terms = [battery.hamiltonian.static, *(op for op, _ in battery.hamiltonian.drives)]
    if not all(_conserves(term, labels) for term in terms):
        return None, (
            "its Hamiltonian mixes states of even and odd excitation number, so the "
            "parity (-1)^(excitations) is not conserved; charge it on the full space"
        )
    state = battery.initial_state
    weight = np.abs(state) ** 2 if state.ndim == 1 else np.real(np.diagonal(state))
    odd = float(np.sum(weight[labels == 1]))
    if min(odd, 1 - odd) > 1e-12:
        return None, (
            f"the initial state has no definite parity (odd weight {odd:.3g}); "
            "charge it on the full space"
        )
    return np.nonzero(labels == round(odd))[0], ""


def _restricted(battery: Battery, keep: np.ndarray) -> Battery:
    """``battery`` on the basis states ``keep`` of a sector its dynamics never leaves."""
    state = battery.initial_state

    def restrict(operator: Operator) -> sp.csr_matrix:
        return sp.csr_matrix(operator)[keep][:, keep]

    hamiltonian = [restrict(battery.hamiltonian.static)]
    hamiltonian += [(restrict(op), f) for op, f in battery.hamiltonian.drives]
    restricted_state = state[keep] if state.ndim == 1 else state[np.ix_(keep, keep)]
    truncation = battery.truncation
    if truncation is not None:
        edge = np.nonzero(np.isin(keep, truncation.edge))[0]
        truncation = dataclasses.replace(truncation, edge=edge)
    return Battery(
        hamiltonian,
        battery.battery_hamiltonian,
        restricted_state,
        dims=battery.dims,
        battery=battery.battery,
        subspace=keep,
        truncation=truncation,
        battery_spectrum=battery.battery_spectrum,
        name=battery.name,
        parameters={**battery.parameters, "symmetry": "excitation parity"},
    )
