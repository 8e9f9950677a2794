"""Objectives of optimal charging and their derivatives with respect to the battery state.

Each objective ``J(rho_B, T)`` of the battery's reduced state at the end of the protocol is
returned with its gradient operator ``G_B = dJ/d rho_B`` (so ``dJ = Tr[G_B d rho_B]``) and its
explicit derivative in the duration ``T``. With the stored energy
``W = Tr[H_B rho_B(T)] - Tr[H_B rho_B(0)]`` (docs/conventions.md):

    ergotropy   J = Tr[H_B rho_B] - sum_i r_i e_i        G_B = H_B - sum_i e_i |r_i><r_i|
    power       J = W / T                                G_B = H_B / T,        dJ/dT = -W / T^2
    f_alpha     J = W / T^alpha  (= <P>^alpha W^(1-alpha), review eq. 16)
                                                         G_B = H_B / T^alpha,  dJ/dT = -alpha J / T

Ergotropy: ``r_i`` are the eigenvalues of ``rho_B`` sorted decreasing with eigenvectors
``|r_i>``, ``e_i`` the levels of ``H_B`` sorted increasing (on the full space when the battery
is held in a reduced basis: the passive state may use levels outside it). First-order
perturbation theory gives ``dr_i = <r_i| d rho_B |r_i>`` when ``r_i`` is a simple eigenvalue,
hence ``G_B``. Assumption: the spectrum of ``rho_B`` is non-degenerate, except for eigenvalues
that stay degenerate along the motion (the kernel of a pure state under unitary charging, where
``d rho_B`` has no component inside the kernel) or that are paired with equal levels. At a
crossing of two populations paired with different levels the ergotropy has a kink and the
gradient is one of its one-sided derivatives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["OBJECTIVES", "Objective", "passive_levels"]

#: Names accepted by :func:`qbattery.studies.control.optimise_protocol`.
OBJECTIVES = ("ergotropy", "power", "f_alpha")


def passive_levels(h_b: np.ndarray, levels: np.ndarray, multiplicities: np.ndarray) -> np.ndarray:
    """The levels ``e_i`` (d_B,) that the populations sorted decreasing occupy in the passive state.

    ``levels`` and ``multiplicities`` describe the spectrum of ``H_B`` on the full space
    (``numpy.linalg.eigvalsh(h_b)`` with multiplicity one when the battery is not reduced).

    Examples
    --------
    A qubit held in a one-state block of a doubly degenerate spectrum: both slots take the lowest
    level.

    >>> import numpy as np
    >>> passive_levels(np.diag([0.0, 1.0]), np.array([0.0, 1.0]), np.array([1, 1])).tolist()
    [0.0, 1.0]
    >>> passive_levels(np.diag([0.0, 1.0]), np.array([0.0, 1.0]), np.array([2, 1])).tolist()
    [0.0, 0.0]
    """
    slots = np.searchsorted(np.cumsum(multiplicities), np.arange(h_b.shape[0]), side="right")
    return np.asarray(levels, dtype=float)[slots]


@dataclass(frozen=True)
class Objective:
    """One objective: its name, ``H_B``, the paired passive levels and ``Tr[H_B rho_B(0)]``.

    Examples
    --------
    >>> import numpy as np
    >>> hb = np.diag([0.0, 1.0])
    >>> objective = Objective("power", hb, np.array([0.0, 1.0]), initial_energy=0.0)
    >>> objective.name, objective.alpha
    ('power', 0.5)
    """

    name: str
    h_b: np.ndarray
    levels: np.ndarray
    initial_energy: float
    alpha: float = 0.5

    def evaluate(self, rho_b: np.ndarray, duration: float) -> tuple[float, np.ndarray, float]:
        """``(J, G_B, dJ/dT at fixed state)`` for the battery state ``rho_B`` at ``T``.

        Examples
        --------
        The excited qubit has ergotropy 1; its average power over ``T = 2`` is 1/2 with
        ``dJ/dT = -W / T^2``:

        >>> import numpy as np
        >>> hb, excited = np.diag([0.0, 1.0]), np.diag([0.0, 1.0])
        >>> ergotropy = Objective("ergotropy", hb, np.array([0.0, 1.0]), 0.0)
        >>> float(ergotropy.evaluate(excited, 2.0)[0])
        1.0
        >>> value, gradient, slope = Objective("power", hb, np.array([0.0, 1.0]), 0.0).evaluate(
        ...     excited, 2.0)
        >>> float(value), gradient.tolist(), float(slope)
        (0.5, [[0.0, 0.0], [0.0, 0.5]], -0.25)
        """
        energy = float(np.real(np.trace(self.h_b @ rho_b)))
        if self.name == "ergotropy":
            populations, vectors = np.linalg.eigh(rho_b)
            populations, vectors = populations[::-1], vectors[:, ::-1]  # decreasing
            passive = vectors @ (self.levels[:, None] * vectors.conj().T)
            return energy - float(populations @ self.levels), self.h_b - passive, 0.0
        work = energy - self.initial_energy
        exponent = 1.0 if self.name == "power" else self.alpha
        scale = duration**-exponent
        value = work * scale
        return value, self.h_b * scale, -exponent * value / duration
