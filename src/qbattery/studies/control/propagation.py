"""Exact gradients of ``J = Tr[G rho(T)]`` over the slices of a piecewise-constant protocol.

GRAPE (Khaneja, Reiss, Kehlet, Schulte-Herbrueggen, Glaser, J. Magn. Reson. 172, 296 (2005)):
the protocol holds ``u_k`` on slice ``k`` of ``n`` equal slices of ``[0, T]``, so the state at
``T`` is a product of slice propagators and one forward and one backward sweep give every
derivative. ``G`` is the derivative of the objective with respect to the final state
(:mod:`qbattery.studies.control.objectives`); it is handed in after the forward sweep.

Closed, pure (``H_k = H_0 + u_k H_1``, ``U_k = exp(-i H_k dt)``, ``dt = T / n``). With
``psi_k = U_k psi_{k-1}`` and the costate ``chi_n = G psi_n``, ``chi_{k-1} = U_k^dagger chi_k``,

    dJ/du_k = 2 Re <chi_k| dU_k/du_k |psi_{k-1}>,
    dJ/dT = (1/n) sum_k 2 Re <chi_k| -i H_k |psi_k>.

The derivative of the exponential comes from the eigendecomposition ``H_k = V diag(e) V^dagger``
(Daleckii-Krein): ``V^dagger (dU_k/du) V = (V^dagger H_1 V) o Phi`` with the divided differences
``Phi_ab = (f(e_a) - f(e_b)) / (e_a - e_b)`` of ``f(x) = exp(-i x dt)``, written without a
division as ``-i dt exp(-i dt (e_a + e_b)/2) sinc(dt (e_a - e_b)/2)``, so that equal and nearly
equal eigenvalues need no special case.

Open, or a mixed initial state (``L_k = L_0 + u_k L_1`` on column-stacked ``vec(rho)``,
``L_1 = -i[H_1, .]``, ``E_k = exp(L_k dt)``). With ``r_k = E_k r_{k-1}`` and the row costate
``l_n = vec(G^T)``, ``l_{k-1} = E_k^T l_k``,

    dJ/du_k = Re l_k^T F_k r_{k-1},     dJ/dT = (1/n) sum_k Re l_k^T L_k r_k,

with ``F_k`` the Frechet derivative of the exponential at ``L_k dt`` in the direction
``L_1 dt`` (Al-Mohy & Higham's algorithm, :func:`scipy.linalg.expm_frechet`; equal to the
upper-right block of the Van Loan exponential ``exp([[A, E], [0, A]])``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.linalg import expm_frechet

__all__ = ["ClosedSweep", "OpenSweep"]


@dataclass(frozen=True)
class ClosedSweep:
    """Forward and backward sweeps of a pure state under ``H_0 + u_k H_1``.

    Parameters
    ----------
    static : array (d, d)
        ``H_0``.
    control : array (d, d)
        ``H_1``.
    initial : array (d,)
        ``psi_0``.

    Examples
    --------
    Three slices of ``T = 1.5``: the final state is the product of the slice exponentials,
    here computed with :func:`scipy.linalg.expm`:

    >>> from scipy.linalg import expm
    >>> h0, h1 = np.diag([0.0, 1.0]), np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> sweep = ClosedSweep(h0, h1, np.array([1.0, 0.0]))
    >>> final = sweep.forward(np.array([0.3, -0.7, 1.1]), 1.5).final
    >>> slices = [expm(-0.5j * (h0 + u * h1)) for u in (0.3, -0.7, 1.1)]
    >>> bool(np.allclose(final, slices[2] @ slices[1] @ slices[0] @ [1.0, 0.0], atol=1e-12))
    True
    """

    static: np.ndarray  #: H_0 (d, d)
    control: np.ndarray  #: H_1 (d, d)
    initial: np.ndarray  #: psi_0 (d,)

    def forward(self, amplitudes: np.ndarray, duration: float) -> _ClosedPass:
        """Propagate ``psi_0`` through the slices; the pass holds ``final`` and ``gradient(G)``.

        Examples
        --------
        The exact gradient of the energy ``J = <psi(T)|H_0|psi(T)>`` against central
        differences in every amplitude and in ``T``:

        >>> h0, h1 = np.diag([0.0, 1.0, 1.8]), np.array([[0, 1, 0], [1, 0, 1.4], [0, 1.4, 0]])
        >>> sweep = ClosedSweep(h0, h1, np.array([1.0, 0.0, 0.0]))
        >>> u, t = np.array([0.5, -0.2, 0.9, 0.4]), 2.0
        >>> grad_u, grad_t = sweep.forward(u, t).gradient(h0)
        >>> def energy(u, t):
        ...     psi = sweep.forward(u, t).final
        ...     return float(np.real(psi.conj() @ h0 @ psi))
        >>> h = 1e-6
        >>> numeric = [(energy(u + h * e, t) - energy(u - h * e, t)) / (2 * h) for e in np.eye(4)]
        >>> bool(np.allclose(grad_u, numeric, atol=1e-8))
        True
        >>> bool(np.isclose(grad_t, (energy(u, t + h) - energy(u, t - h)) / (2 * h), atol=1e-8))
        True
        """
        dt = duration / amplitudes.size
        bases, states = [], [self.initial]
        for u in amplitudes:
            energies, vectors = np.linalg.eigh(self.static + u * self.control)
            bases.append((energies, vectors))
            coefficients = np.exp(-1j * dt * energies) * (vectors.conj().T @ states[-1])
            states.append(vectors @ coefficients)
        return _ClosedPass(self, amplitudes, dt, bases, states)


@dataclass(frozen=True)
class _ClosedPass:
    sweep: ClosedSweep
    amplitudes: np.ndarray
    dt: float
    bases: list[tuple[np.ndarray, np.ndarray]]
    states: list[np.ndarray]

    @property
    def final(self) -> np.ndarray:
        return self.states[-1]

    def gradient(self, g: np.ndarray) -> tuple[np.ndarray, float]:
        """``(dJ/du_k for every k, dJ/dT)`` of ``J = <psi_n|G|psi_n>``."""
        n, dt = self.amplitudes.size, self.dt
        chi = g @ self.final
        grad = np.empty(n)
        grad_t = 0.0
        for k in range(n - 1, -1, -1):
            energies, vectors = self.bases[k]
            chi_eig = vectors.conj().T @ chi  # chi_k in the eigenbasis of H_k
            psi_eig = vectors.conj().T @ self.states[k]  # psi_{k-1}
            gap = energies[:, None] - energies[None, :]
            mean = 0.5 * (energies[:, None] + energies[None, :])
            phi = -1j * dt * np.exp(-1j * dt * mean) * np.sinc(dt * gap / (2 * np.pi))
            h1 = vectors.conj().T @ self.sweep.control @ vectors
            grad[k] = 2.0 * np.real(chi_eig.conj() @ ((h1 * phi) @ psi_eig))
            after = np.exp(-1j * dt * energies) * psi_eig  # psi_k in the same basis
            grad_t += 2.0 * np.real(chi_eig.conj() @ (-1j * energies * after)) / n
            chi = vectors @ (np.exp(1j * dt * energies) * chi_eig)  # U_k^dagger chi_k
        return grad, grad_t


@dataclass(frozen=True)
class OpenSweep:
    """Forward and backward sweeps of ``vec(rho)`` under ``L_0 + u_k L_1``.

    Parameters
    ----------
    static : array (d^2, d^2)
        ``L_0`` acting on the column-stacked ``vec(rho)``.
    control : array (d^2, d^2)
        ``L_1 = -i[H_1, .]``.
    initial : array (d, d)
        ``rho_0``.

    Examples
    --------
    A qubit ``H_0 = diag(0, w)`` decaying at rate ``gamma`` (``c = |g><e|``), the control
    off: from ``|+>``, ``rho_ee(T) = e^{-gamma T} / 2`` and
    ``rho_eg(T) = e^{-gamma T / 2 - i w T} / 2``. With ``vec(A X B) = (B^T (x) A) vec(X)``:

    >>> w, gamma, t = 1.0, 0.4, 2.0
    >>> one, h, sx = np.eye(2), np.diag([0.0, w]), np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> c = np.sqrt(gamma) * np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> def commutator(a):
    ...     return -1j * (np.kron(one, a) - np.kron(a.T, one))
    >>> n = c.conj().T @ c
    >>> decay = np.kron(c.conj(), c) - 0.5 * (np.kron(one, n) + np.kron(n.T, one))
    >>> sweep = OpenSweep(commutator(h) + decay, commutator(sx), np.full((2, 2), 0.5))
    >>> rho = sweep.forward(np.zeros(2), t).final
    >>> bool(np.isclose(rho[1, 1], np.exp(-gamma * t) / 2, atol=1e-12))
    True
    >>> bool(np.isclose(rho[1, 0], np.exp(-gamma * t / 2 - 1j * w * t) / 2, atol=1e-12))
    True
    """

    static: np.ndarray  #: L_0 (d^2, d^2), column-stacked vec
    control: np.ndarray  #: L_1 = -i[H_1, .] (d^2, d^2)
    initial: np.ndarray  #: rho_0 (d, d)

    def forward(self, amplitudes: np.ndarray, duration: float) -> _OpenPass:
        """Propagate ``vec(rho_0)`` slice by slice; the pass holds ``final`` and ``gradient(G)``.

        Examples
        --------
        A dephasing qubit (``L = sqrt(0.3) |e><e|``) driven by ``u_k sigma_x``: the exact
        gradient of ``J = Tr[H_0 rho(T)]`` against central differences:

        >>> h0, sx = np.diag([0.0, 1.0]), np.array([[0.0, 1.0], [1.0, 0.0]])
        >>> one, dephase = np.eye(2), np.sqrt(0.3) * np.diag([0.0, 1.0])
        >>> def commutator(a):
        ...     return -1j * (np.kron(one, a) - np.kron(a.T, one))
        >>> l0 = commutator(h0) + np.kron(dephase, dephase) - 0.5 * (
        ...     np.kron(one, dephase @ dephase) + np.kron(dephase @ dephase, one))
        >>> sweep = OpenSweep(l0, commutator(sx), np.diag([1.0, 0.0]).astype(complex))
        >>> u, t = np.array([0.8, -0.3, 0.6]), 1.5
        >>> grad_u, grad_t = sweep.forward(u, t).gradient(h0)
        >>> def energy(u, t):
        ...     return float(np.real(np.trace(h0 @ sweep.forward(u, t).final)))
        >>> h = 1e-6
        >>> numeric = [(energy(u + h * e, t) - energy(u - h * e, t)) / (2 * h) for e in np.eye(3)]
        >>> bool(np.allclose(grad_u, numeric, atol=1e-8))
        True
        >>> bool(np.isclose(grad_t, (energy(u, t + h) - energy(u, t - h)) / (2 * h), atol=1e-8))
        True
        """
        dt = duration / amplitudes.size
        vectors = [self.initial.reshape(-1, order="F")]
        propagators = []
        for u in amplitudes:
            generator = self.static + u * self.control
            exponential, frechet = expm_frechet(generator * dt, self.control * dt)
            propagators.append((generator, exponential, frechet))
            vectors.append(exponential @ vectors[-1])
        return _OpenPass(amplitudes, propagators, vectors)


@dataclass(frozen=True)
class _OpenPass:
    amplitudes: np.ndarray
    propagators: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
    vectors: list[np.ndarray]

    @property
    def final(self) -> np.ndarray:
        """rho(T) as a Hermitian (d, d) matrix."""
        d = math.isqrt(self.vectors[-1].size)
        rho = self.vectors[-1].reshape(d, d, order="F")
        return 0.5 * (rho + rho.conj().T)

    def gradient(self, g: np.ndarray) -> tuple[np.ndarray, float]:
        """``(dJ/du_k for every k, dJ/dT)`` of ``J = Tr[G rho_n]``."""
        n = self.amplitudes.size
        costate = g.T.reshape(-1, order="F")  # Tr[G rho] = vec(G^T) . vec(rho)
        grad = np.empty(n)
        grad_t = 0.0
        for k in range(n - 1, -1, -1):
            generator, exponential, frechet = self.propagators[k]
            grad[k] = float(np.real(costate @ (frechet @ self.vectors[k])))
            grad_t += float(np.real(costate @ (generator @ self.vectors[k + 1]))) / n
            costate = costate @ exponential
        return grad, grad_t
