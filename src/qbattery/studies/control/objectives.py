"""Objectives of optimal charging and their derivatives with respect to the battery state.

Each objective ``J(rho_B, T)`` of the battery's reduced state at the end of the protocol is
returned with its gradient operator ``G_B = dJ/d rho_B`` (so ``dJ = Tr[G_B d rho_B]``) and its
explicit derivative in the duration ``T``. With the stored energy
``W = Tr[H_B rho_B(T)] - Tr[H_B rho_B(0)]`` (docs/conventions.md, "Units and signs"):

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
    Not reduced: the levels of ``H_B`` sorted increasing. Two qubits held in their symmetric
    subspace (``H_B = diag(0, 1, 2)`` in ``k = 0, 1, 2``; on the full space the level 1 is
    doubly degenerate): the passive state fills the three lowest of the four full-space levels,
    which the sorted spectrum of ``n (x) 1 + 1 (x) n`` gives independently:

    >>> hb = np.diag([1.0, 0.0, 2.0])
    >>> passive_levels(hb, np.linalg.eigvalsh(hb), np.ones(3)).tolist()
    [0.0, 1.0, 2.0]
    >>> symmetric = passive_levels(np.diag([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 2.0]),
    ...                            np.array([1, 2, 1]))
    >>> n = np.diag([0.0, 1.0])
    >>> full = np.linalg.eigvalsh(np.kron(n, np.eye(2)) + np.kron(np.eye(2), n))
    >>> symmetric.tolist(), full[:3].round(12).tolist()
    ([0.0, 1.0, 1.0], [0.0, 1.0, 1.0])
    """
    slots = np.searchsorted(np.cumsum(multiplicities), np.arange(h_b.shape[0]), side="right")
    return np.asarray(levels, dtype=float)[slots]


@dataclass(frozen=True)
class Objective:
    """One objective: its name, ``H_B``, the paired passive levels and ``Tr[H_B rho_B(0)]``.

    Parameters
    ----------
    name : {"ergotropy", "power", "f_alpha"}
    h_b : array (d_B, d_B)
        The battery's bare Hamiltonian.
    levels : array (d_B,)
        :func:`passive_levels` of ``h_b``.
    initial_energy : float
        ``Tr[H_B rho_B(0)]``, from which the stored energy ``W`` is counted.
    alpha : float
        The exponent of ``f_alpha``.

    Examples
    --------
    Average power of a qubit charged from ``|g>`` to ``|e>`` in ``T = 2``: ``W / T = 1/2``,
    ``G_B = H_B / T`` and ``dJ/dT = -W / T^2``:

    >>> hb = np.diag([0.0, 1.0])
    >>> power = Objective("power", hb, passive_levels(hb, np.array([0.0, 1.0]), np.ones(2)), 0.0)
    >>> value, g_b, slope = power.evaluate(np.diag([0.0, 1.0]), 2.0)
    >>> value, g_b.diagonal().tolist(), slope
    (0.5, [0.0, 0.5], -0.25)
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
        The ergotropy of a mixed qutrit state against :func:`qbattery.ergotropy`, and
        ``Tr[G_B X]`` against a central difference of ``J(rho_B + h X)`` along a Hermitian
        direction ``X`` (the populations of ``rho_B`` are non-degenerate):

        >>> import qbattery as qb
        >>> hb = np.diag([0.0, 1.0, 2.5])
        >>> rho = np.array([[0.2, 0.05, 0.0], [0.05, 0.5, 0.1j], [0.0, -0.1j, 0.3]])
        >>> objective = Objective("ergotropy", hb, np.array([0.0, 1.0, 2.5]), 0.0)
        >>> value, g_b, slope = objective.evaluate(rho, 1.0)
        >>> bool(np.isclose(value, qb.ergotropy(rho, hb), atol=1e-12)), slope
        (True, 0.0)
        >>> x = np.array([[0.0, 1.0, 0.5j], [1.0, -1.0, 0.0], [-0.5j, 0.0, 1.0]])
        >>> h = 1e-6
        >>> numeric = (objective.evaluate(rho + h * x, 1.0)[0]
        ...            - objective.evaluate(rho - h * x, 1.0)[0]) / (2 * h)
        >>> bool(np.isclose(np.trace(g_b @ x).real, numeric, atol=1e-8))
        True
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
