"""Parametrisations of the slice amplitudes ``u_k`` of a piecewise-constant protocol.

``piecewise``: the parameters are the amplitudes themselves, kept in ``[-bound, bound]`` by the
box constraints of L-BFGS-B. ``fourier``: a smooth shape sampled at the slice midpoints
``t_k = (k + 1/2) T / n`` and squashed into the bound,

    u_k = bound * tanh(x(t_k)),
    x(t) = c_0 + sum_{j=1}^{m} [a_j cos(2 pi j t / T) + b_j sin(2 pi j t / T)],

with unconstrained coefficients ``(c_0, a_1, b_1, ..., a_m, b_m)``. Either way the optimiser
works on the sampled protocol, so the :class:`~qbattery.protocols.Piecewise` it returns is
exactly the protocol whose objective it reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["BASES", "Basis"]

#: Names accepted by :func:`qbattery.studies.control.optimise_protocol`.
BASES = ("piecewise", "fourier")


@dataclass(frozen=True)
class Basis:
    """Maps parameters to slice amplitudes, with the Jacobian and the box bounds."""

    name: str
    slices: int
    bound: float
    modes: int = 2

    @property
    def matrix(self) -> np.ndarray:
        """Fourier design matrix (slices, 1 + 2 modes): 1, cos, sin at the slice midpoints."""
        phase = 2 * np.pi * (np.arange(self.slices) + 0.5) / self.slices
        j = np.arange(1, self.modes + 1)
        columns = [
            np.ones((self.slices, 1)),
            np.cos(np.outer(phase, j)),
            np.sin(np.outer(phase, j)),
        ]
        return np.hstack(columns)

    @property
    def size(self) -> int:
        return self.slices if self.name == "piecewise" else 1 + 2 * self.modes

    def bounds(self) -> list[tuple[float | None, float | None]]:
        if self.name == "piecewise":
            return [(-self.bound, self.bound)] * self.slices
        return [(None, None)] * self.size

    def amplitudes(self, parameters: np.ndarray) -> np.ndarray:
        if self.name == "piecewise":
            return np.clip(parameters, -self.bound, self.bound)
        return self.bound * np.tanh(self.matrix @ parameters)

    def pullback(self, parameters: np.ndarray, grad_amplitudes: np.ndarray) -> np.ndarray:
        """``dJ/dparameters`` from ``dJ/du``."""
        if self.name == "piecewise":
            return grad_amplitudes
        shape = self.matrix @ parameters
        return self.matrix.T @ (grad_amplitudes * self.bound / np.cosh(shape) ** 2)

    def parameters_for(self, amplitudes: np.ndarray) -> np.ndarray:
        """Parameters whose amplitudes are closest to ``amplitudes`` (least squares in x)."""
        if self.name == "piecewise":
            return np.clip(amplitudes, -self.bound, self.bound)
        target = np.arctanh(np.clip(amplitudes / self.bound, -0.99, 0.99))
        return np.linalg.lstsq(self.matrix, target, rcond=None)[0]

    def random(self, rng: np.random.Generator) -> np.ndarray:
        if self.name == "piecewise":
            return rng.uniform(-self.bound, self.bound, size=self.slices)
        return rng.normal(scale=1.0, size=self.size)
