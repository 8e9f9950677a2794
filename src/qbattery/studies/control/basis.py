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

    Parameters
    ----------
    name : {"piecewise", "fourier"}
        The parametrisation (module docstring).
    slices : int
        Number ``n`` of equal slices of ``[0, T]``.
    bound : float
        ``lambda_max`` > 0: every amplitude lies in ``[-bound, bound]``.
    modes : int
        Harmonics ``m`` of the Fourier series (``"fourier"`` only).

    Examples
    --------
    A Fourier basis with one harmonic has the ``1 + 2m = 3`` coefficients ``(c_0, a_1, b_1)``;
    its amplitudes are ``bound * tanh`` of the series at the slice midpoints
    ``t_k / T = (k + 1/2) / n``:

    >>> fourier = Basis("fourier", slices=4, bound=2.0, modes=1)
    >>> fourier.size, Basis("piecewise", slices=4, bound=2.0).size
    (3, 4)
    >>> t = (np.arange(4) + 0.5) / 4
    >>> shape = 0.1 + 0.3 * np.cos(2 * np.pi * t) - 0.2 * np.sin(2 * np.pi * t)
    >>> bool(np.allclose(fourier.amplitudes(np.array([0.1, 0.3, -0.2])), 2.0 * np.tanh(shape)))
    True
    """

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
        """Box bounds of the parameters for L-BFGS-B (``None``: unbounded).

        Examples
        --------
        Piecewise amplitudes are boxed; Fourier coefficients are free (``tanh`` bounds them):

        >>> Basis("piecewise", slices=2, bound=0.5).bounds()
        [(-0.5, 0.5), (-0.5, 0.5)]
        >>> Basis("fourier", slices=2, bound=0.5, modes=1).bounds()
        [(None, None), (None, None), (None, None)]
        """
        if self.name == "piecewise":
            return [(-self.bound, self.bound)] * self.slices
        return [(None, None)] * self.size

    def amplitudes(self, parameters: np.ndarray) -> np.ndarray:
        """The slice amplitudes ``u_k`` (n,) of a parameter vector, all within the bound.

        Examples
        --------
        Piecewise amplitudes are clipped to the box; a Fourier series with only ``c_0`` is the
        constant ``bound * tanh(c_0)``:

        >>> Basis("piecewise", slices=3, bound=1.0).amplitudes(np.array([-2.0, 0.5, 3.0]))
        array([-1. ,  0.5,  1. ])
        >>> u = Basis("fourier", slices=3, bound=1.0, modes=1).amplitudes(np.array([0.5, 0, 0]))
        >>> bool(np.allclose(u, np.tanh(0.5)))
        True
        """
        if self.name == "piecewise":
            return np.clip(parameters, -self.bound, self.bound)
        return self.bound * np.tanh(self.matrix @ parameters)

    def pullback(self, parameters: np.ndarray, grad_amplitudes: np.ndarray) -> np.ndarray:
        """``dJ/dparameters`` from ``dJ/du`` (the chain rule through :meth:`amplitudes`).

        Examples
        --------
        For ``J(u) = sum_k w_k u_k`` (so ``dJ/du = w``), against central differences of
        ``J(amplitudes(parameters))``:

        >>> basis = Basis("fourier", slices=6, bound=1.5, modes=2)
        >>> p, w = np.array([0.2, -0.4, 0.3, 0.1, 0.5]), np.linspace(-1.0, 1.0, 6)
        >>> step = 1e-6
        >>> numeric = [(w @ basis.amplitudes(p + step * e) - w @ basis.amplitudes(p - step * e))
        ...            / (2 * step) for e in np.eye(5)]
        >>> bool(np.allclose(basis.pullback(p, w), numeric, atol=1e-8))
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
        Amplitudes that the Fourier basis can represent come back exactly; piecewise ones are
        clipped to the box:

        >>> basis = Basis("fourier", slices=8, bound=1.0, modes=2)
        >>> u = basis.amplitudes(np.array([0.1, 0.4, -0.3, 0.2, 0.0]))
        >>> bool(np.allclose(basis.amplitudes(basis.parameters_for(u)), u))
        True
        >>> Basis("piecewise", slices=2, bound=1.0).parameters_for(np.array([0.5, 4.0]))
        array([0.5, 1. ])
        """
        if self.name == "piecewise":
            return np.clip(amplitudes, -self.bound, self.bound)
        target = np.arctanh(np.clip(amplitudes / self.bound, -0.99, 0.99))
        return np.linalg.lstsq(self.matrix, target, rcond=None)[0]

    def random(self, rng: np.random.Generator) -> np.ndarray:
        """A random start: uniform in the box, or standard-normal Fourier coefficients.

        Examples
        --------
        >>> rng = np.random.default_rng(0)
        >>> start = Basis("piecewise", slices=50, bound=0.3).random(rng)
        >>> start.shape, bool(np.all(np.abs(start) <= 0.3))
        ((50,), True)
        >>> Basis("fourier", slices=50, bound=0.3, modes=3).random(rng).shape
        (7,)
        """
        if self.name == "piecewise":
            return rng.uniform(-self.bound, self.bound, size=self.slices)
        return rng.normal(scale=1.0, size=self.size)
