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
    """Maps parameters to slice amplitudes, with the Jacobian and the box bounds.

    Examples
    --------
    >>> import numpy as np
    >>> basis = Basis("fourier", slices=4, bound=2.0, modes=1)
    >>> basis.size, basis.amplitudes(np.zeros(3)).tolist()     # tanh(0) = 0 on every slice
    (3, [0.0, 0.0, 0.0, 0.0])
    """

    name: str
    slices: int
    bound: float
    modes: int = 2

    @property
    def matrix(self) -> np.ndarray:
        """Fourier design matrix (slices, 1 + 2 modes): 1, cos, sin at the slice midpoints.

        Examples
        --------
        >>> Basis("fourier", slices=4, bound=1.0, modes=1).matrix.shape
        (4, 3)
        """
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
        """Number of parameters: ``slices`` (piecewise) or ``1 + 2 modes`` (Fourier).

        Examples
        --------
        >>> Basis("piecewise", slices=5, bound=1.0).size
        5
        """
        return self.slices if self.name == "piecewise" else 1 + 2 * self.modes

    def bounds(self) -> list[tuple[float | None, float | None]]:
        """L-BFGS-B box bounds: ``[-bound, bound]`` per slice, none for Fourier coefficients.

        Examples
        --------
        >>> Basis("piecewise", slices=2, bound=0.5).bounds()
        [(-0.5, 0.5), (-0.5, 0.5)]
        """
        if self.name == "piecewise":
            return [(-self.bound, self.bound)] * self.slices
        return [(None, None)] * self.size

    def amplitudes(self, parameters: np.ndarray) -> np.ndarray:
        """Slice amplitudes ``u_k`` (slices,) of a parameter vector, within the bound.

        Examples
        --------
        >>> import numpy as np
        >>> Basis("piecewise", slices=3, bound=1.0).amplitudes(np.array([0.5, 2.0, -3.0]))
        array([ 0.5,  1. , -1. ])
        """
        if self.name == "piecewise":
            return np.clip(parameters, -self.bound, self.bound)
        return self.bound * np.tanh(self.matrix @ parameters)

    def pullback(self, parameters: np.ndarray, grad_amplitudes: np.ndarray) -> np.ndarray:
        """``dJ/dparameters`` from ``dJ/du``.

        Examples
        --------
        The Fourier pull-back against a finite difference of ``sum(u)``:

        >>> import numpy as np
        >>> basis = Basis("fourier", slices=6, bound=1.5, modes=1)
        >>> x, step = np.array([0.2, -0.4, 0.3]), 1e-6
        >>> grad = basis.pullback(x, np.ones(6))
        >>> shifted = basis.amplitudes(x + step * np.eye(3)[1]).sum()
        >>> bool(abs((shifted - basis.amplitudes(x).sum()) / step - grad[1]) < 1e-5)
        True
        """
        if self.name == "piecewise":
            return grad_amplitudes
        shape = self.matrix @ parameters
        return self.matrix.T @ (grad_amplitudes * self.bound / np.cosh(shape) ** 2)

    def parameters_for(self, amplitudes: np.ndarray) -> np.ndarray:
        """Parameters whose amplitudes are closest to ``amplitudes`` (least squares in x).

        Examples
        --------
        A constant is represented exactly by the Fourier basis's constant term:

        >>> import numpy as np
        >>> basis = Basis("fourier", slices=4, bound=1.0, modes=2)
        >>> np.round(basis.amplitudes(basis.parameters_for(np.full(4, 0.5))), 12).tolist()
        [0.5, 0.5, 0.5, 0.5]
        """
        if self.name == "piecewise":
            return np.clip(amplitudes, -self.bound, self.bound)
        target = np.arctanh(np.clip(amplitudes / self.bound, -0.99, 0.99))
        return np.linalg.lstsq(self.matrix, target, rcond=None)[0]

    def random(self, rng: np.random.Generator) -> np.ndarray:
        """A random starting parameter vector (uniform in the box, or normal coefficients).

        Examples
        --------
        >>> import numpy as np
        >>> start = Basis("piecewise", slices=3, bound=1.0).random(np.random.default_rng(0))
        >>> start.shape, bool(np.all(np.abs(start) <= 1.0))
        ((3,), True)
        """
        if self.name == "piecewise":
            return rng.uniform(-self.bound, self.bound, size=self.slices)
        return rng.normal(scale=1.0, size=self.size)
