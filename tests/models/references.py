"""References shared by the model tests that do not belong to one family.

``ExactCharging``: the charging curve of a closed battery from a dense eigendecomposition of the
charging Hamiltonian (NumPy only), ``W(t) = <psi(t)|H_B|psi(t)> - <psi(0)|H_B|psi(0)>`` with
``psi(t) = V exp(-i E t) V^dag psi(0)``, its exact derivative ``W'(t) = i <psi(t)|[H, H_B]|psi(t)>``
and the optimal charging time as the root of ``tau W'(tau) - W(tau) = 0`` (SciPy's ``brentq``),
the stationarity condition of ``W(tau) / tau``. None of it calls qbattery.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import brentq

#: brentq's absolute tolerance on the optimal time: far below any grid or solver error.
ROOT_XTOL = 1e-14


class ExactCharging:
    """Closed-system charging from ``psi0`` under a time-independent ``hamiltonian``."""

    def __init__(
        self, hamiltonian: np.ndarray, battery_hamiltonian: np.ndarray, psi0: np.ndarray
    ) -> None:
        self.energies, vectors = np.linalg.eigh(np.asarray(hamiltonian))
        self.amplitudes = vectors.conj().T @ np.asarray(psi0)
        self.battery = vectors.conj().T @ np.asarray(battery_hamiltonian) @ vectors
        self.gaps = self.energies[:, None] - self.energies[None, :]
        self.initial = float(np.vdot(self.amplitudes, self.battery @ self.amplitudes).real)

    def _terms(self, t: float) -> np.ndarray:
        c = self.amplitudes * np.exp(-1j * self.energies * t)
        return np.outer(c.conj(), c) * self.battery

    def work(self, t: float) -> float:
        """Stored energy W(t)."""
        return float(self._terms(t).sum().real - self.initial)

    def power(self, t: float) -> float:
        """Instantaneous power dW/dt."""
        return float((1j * self.gaps * self._terms(t)).sum().real)

    def optimum(self, times: np.ndarray) -> tuple[float, float]:
        """(P_max, optimal time): the root of tau W' - W bracketed by the best grid point."""
        times = np.asarray(times, dtype=float)
        averaged = [self.work(t) / t for t in times[1:]]
        best = 1 + int(np.argmax(averaged))
        assert best < len(times) - 1, "the optimum lies beyond the grid"
        tau = brentq(
            lambda s: s * self.power(s) - self.work(s),
            times[best - 1] if best > 1 else 0.5 * times[1],
            times[best + 1],
            xtol=ROOT_XTOL,
        )
        return self.work(tau) / tau, tau


def peak_of_sin2_over_x() -> tuple[float, float]:
    """(x*, sin^2 x* / x*): the maximum of ``sin^2 x / x`` over x > 0, at the root of tan x = 2x.

    The largest average power of a two-level flop ``W = E sin^2(k t)`` is ``E k sin^2 x*/x*``
    (0.72461...), reached at ``t = x* / k`` (x* = 1.16556...).
    """
    x = brentq(lambda s: 2 * s * np.cos(s) - np.sin(s), 1.0, 1.5, xtol=ROOT_XTOL)
    return x, float(np.sin(x) ** 2 / x)
