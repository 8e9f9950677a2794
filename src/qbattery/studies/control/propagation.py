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

    Examples
    --------
    >>> import numpy as np
    >>> sweep = ClosedSweep(np.diag([0.0, 1.0]), np.array([[0.0, 1.0], [1.0, 0.0]]),
    ...                     np.array([1.0, 0.0]))
    >>> sweep.initial.tolist()
    [1.0, 0.0]
    """

    static: np.ndarray  #: H_0 (d, d)
    control: np.ndarray  #: H_1 (d, d)
    initial: np.ndarray  #: psi_0 (d,)

    def forward(self, amplitudes: np.ndarray, duration: float) -> _ClosedPass:
        """Propagate slice by slice; the pass keeps every state for the backward sweep.

        Examples
        --------
        Resonant flip: ``H = sigma_x`` for ``T = pi/2`` takes ``|g>`` to ``-i|e>``:

        >>> import numpy as np
        >>> sweep = ClosedSweep(np.zeros((2, 2)), np.array([[0.0, 1.0], [1.0, 0.0]]),
        ...                     np.array([1.0, 0.0]))
        >>> final = sweep.forward(np.ones(4), np.pi / 2).final
        >>> bool(np.allclose(final, [0.0, -1.0j], atol=1e-12))
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

    Examples
    --------
    >>> import numpy as np
    >>> sweep = OpenSweep(np.zeros((4, 4)), np.zeros((4, 4)), np.diag([1.0, 0.0]))
    >>> sweep.static.shape
    (4, 4)
    """

    static: np.ndarray  #: L_0 (d^2, d^2), column-stacked vec
    control: np.ndarray  #: L_1 = -i[H_1, .] (d^2, d^2)
    initial: np.ndarray  #: rho_0 (d, d)

    def forward(self, amplitudes: np.ndarray, duration: float) -> _OpenPass:
        """Propagate ``vec(rho)`` slice by slice, keeping each exponential and its Frechet
        derivative for the backward sweep.

        Examples
        --------
        Pure decay at rate 1 (``L = sigma_-``, no drive): the excited population ``e^{-T}``:

        >>> import numpy as np
        >>> from qbattery.dynamics.lindblad import liouvillian
        >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
        >>> static = liouvillian(np.zeros((2, 2)), [lower], [2]).toarray()
        >>> control = liouvillian(np.array([[0.0, 1.0], [1.0, 0.0]]), [], [2]).toarray()
        >>> sweep = OpenSweep(static, control, np.diag([0.0, 1.0]).astype(complex))
        >>> final = sweep.forward(np.zeros(3), 1.0).final
        >>> bool(abs(final[1, 1].real - np.exp(-1.0)) < 1e-12)
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
