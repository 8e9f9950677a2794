"""Three levels ``|0>, |1>, |2>``: transition operators, level energies, diagonal operators.

Shared by the three-level batteries of :mod:`qbattery.models.multilevel` and
:func:`qbattery.models.three_level_dicke`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.errors import QBatteryValueError
from qbattery.validation import finite_real

__all__ = ["diagonal", "ground", "three_level_energies", "transition"]


def transition(lower: int, upper: int, kind: str = "x") -> sp.csr_matrix:
    """``X_lu = |l><u| + |u><l|`` or ``Y_lu = i (|l><u| - |u><l|)`` on three levels.

    Examples
    --------
    >>> from qbattery.models.multilevel.levels import transition
    >>> transition(0, 2).toarray().real
    array([[0., 0., 1.],
           [0., 0., 0.],
           [1., 0., 0.]])
    """
    matrix = np.zeros((3, 3), dtype=np.complex128)
    if kind == "x":
        matrix[lower, upper] = matrix[upper, lower] = 1.0
    else:
        matrix[lower, upper], matrix[upper, lower] = 1j, -1j
    return sp.csr_matrix(matrix)


def three_level_energies(omega_1: Any, omega_2: Any) -> tuple[float, float]:
    """Energies of levels 1 and 2 above level 0, checked: ``0 < omega_1 < omega_2``.

    Examples
    --------
    >>> from qbattery.models.multilevel.levels import three_level_energies
    >>> three_level_energies(1, 2.5)
    (1.0, 2.5)
    >>> three_level_energies(2.0, 1.0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: omega_1, omega_2: the levels must satisfy 0 < omega_1 < ...
    """
    level_1, level_2 = finite_real(omega_1, "omega_1"), finite_real(omega_2, "omega_2")
    if not 0 < level_1 < level_2:
        raise QBatteryValueError(
            f"omega_1, omega_2: the levels must satisfy 0 < omega_1 < omega_2, got "
            f"{omega_1!r} and {omega_2!r}"
        )
    return level_1, level_2


def diagonal(*energies: float) -> sp.csr_matrix:
    """``sum_k energies[k] |k><k|``.

    Examples
    --------
    >>> from qbattery.models.multilevel.levels import diagonal
    >>> diagonal(0.0, 1.0, 3.0).diagonal().real
    array([0., 1., 3.])
    """
    return sp.csr_matrix(sp.diags_array(np.array(energies, dtype=np.float64)), dtype=np.complex128)


def ground() -> np.ndarray:
    """The ket ``|0>``.

    Examples
    --------
    >>> from qbattery.models.multilevel.levels import ground
    >>> ground().real
    array([1., 0., 0.])
    """
    return np.array([1.0, 0.0, 0.0], dtype=np.complex128)
