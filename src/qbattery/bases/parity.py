"""Excitation-parity sectors: halve the space of models that conserve (-1)^(excitations).

In the product basis of a battery whose subsystems are all labelled by excitation numbers
(a cavity's Fock states n, the symmetric Dicke basis k, a qubit's |g> = 0 and |e> = 1), every
coupling term of the Dicke Hamiltonian (review eq. 32), of the Rabi cell and of their
anisotropic variants changes the photon number and the atomic excitation number by one each
(``J_x (a + a^dag)``), so the parity ``Pi = (-1)^(n + k)`` is conserved (Emary & Brandes,
PRE 67, 066203 (2003)). Starting from a state of definite parity, the dynamics
stays in that half of the space; :func:`qbattery.reductions.excitation_parity_sector` restricts a
battery to it, which halves the work of every solver.
"""

from __future__ import annotations

import numpy as np

__all__ = ["excitation_parity"]


def excitation_parity(dims: tuple[int, ...]) -> np.ndarray:
    """``(sum of the subsystem basis labels) mod 2`` for every product-basis state of ``dims``.

    Examples
    --------
    >>> from qbattery.bases.parity import excitation_parity
    >>> excitation_parity((2, 3))
    array([0, 1, 0, 1, 0, 1])
    """
    labels = np.zeros(int(np.prod(dims)), dtype=np.int64)
    for axis, size in enumerate(dims):
        shape = [1] * len(dims)
        shape[axis] = size
        labels = labels + np.broadcast_to(np.arange(size).reshape(shape), dims).reshape(-1)
    return labels % 2
