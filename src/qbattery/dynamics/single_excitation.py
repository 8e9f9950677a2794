"""Amplitudes in the one-excitation sector: ``c(t) = exp(-i H t) c(0)`` for a small generator.

A Hamiltonian that conserves the excitation number keeps a state with at most one excitation
in the vacuum-plus-one-excitation space: the vacuum amplitude is constant (zero energy) and the
one-excitation amplitudes evolve under the sector's matrix ``H`` (emitters, modes, ...). For a
Lindblad equation whose jumps only lower into the vacuum (damped pseudomodes at zero
temperature) the same holds with the non-Hermitian ``H_eff = H - (i/2) sum_k c_k^dagger c_k``;
the population lost by the amplitudes is in the vacuum.

A Hermitian ``H`` is propagated in its eigenbasis (exact, any time grid); a non-Hermitian one by
the matrix exponential (``scipy.linalg.expm``: of one step, repeated, on a uniform grid; at
every time otherwise), which stays exact at exceptional points where an eigenbasis would not.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.linalg

from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.validation import as_array, check_square, check_times

__all__ = ["propagate_amplitudes"]

#: Largest non-Hermitian generator propagated by one matrix exponential per time.
_LARGEST_NON_HERMITIAN = 400
#: Spread of the time steps (relative to the last time) below which a grid counts as uniform.
_UNIFORM_TOL = 1e-12
#: Anti-Hermitian part (relative to the largest entry) that still counts as Hermitian.
_HERMITIAN_TOL = 1e-13


def propagate_amplitudes(
    generator: Any, amplitudes: Any, times: Any, *, components: Any = None
) -> np.ndarray:
    """One-excitation amplitudes ``c(t) = exp(-i H t) c(0)`` on a time grid.

    Parameters
    ----------
    generator : array (d, d)
        The sector's Hamiltonian ``H`` (Hermitian), or ``H_eff`` with ``-Im H_eff`` positive
        semidefinite (damped modes); non-Hermitian ones up to d = 400.
    amplitudes : array (d,)
        ``c(0)``; its norm may be below one (the rest in the vacuum).
    times : array (n,)
        Non-negative and increasing.
    components : sequence of int, optional
        Indices of the amplitudes to return (default all).

    Returns
    -------
    array (n, d) or (n, len(components)), complex

    Examples
    --------
    >>> import numpy as np
    >>> out = propagate_amplitudes(np.array([[0.0, 1.0], [1.0, 0.0]]), [1.0, 0.0], [np.pi / 2])
    >>> np.round(np.abs(out) ** 2, 12)
    array([[0., 1.]])
    """
    h = as_array(generator, "generator").astype(complex)
    d = check_square(h, "generator", batched=False)
    c0 = as_array(amplitudes, "amplitudes").astype(complex)
    if c0.shape != (d,):
        raise DimensionError(f"amplitudes: expected shape ({d},), got {c0.shape}")
    grid = check_times(times)
    picked = np.arange(d) if components is None else np.asarray(components, dtype=int)
    if picked.ndim != 1 or np.any((picked < -d) | (picked >= d)):
        raise DimensionError(f"components: expected indices in 0..{d - 1}, got {components!r}")
    scale = max(float(np.abs(h).max()), 1.0)
    if np.abs(h - h.conj().T).max() <= _HERMITIAN_TOL * scale:
        hermitian = (h + h.conj().T) / 2
        real = not np.any(hermitian.imag)  # a real symmetric star diagonalises faster
        energies, vectors = np.linalg.eigh(hermitian.real if real else hermitian)
        phases = np.exp(-1j * np.outer(grid, energies))
        return np.asarray((phases * (vectors.conj().T @ c0)) @ vectors[picked].T)
    if d > _LARGEST_NON_HERMITIAN:
        raise QBatteryValueError(
            f"generator: non-Hermitian of dimension {d} > {_LARGEST_NON_HERMITIAN}; use a "
            "Hermitian (discretised) generator for large sectors"
        )
    steps = np.diff(grid)
    if len(grid) > 2 and np.ptp(steps) <= _UNIFORM_TOL * grid[-1]:
        step = scipy.linalg.expm(-1j * steps.mean() * h)  # uniform grid: one step, repeated
        out = np.empty((len(grid), d), dtype=complex)
        out[0] = scipy.linalg.expm(-1j * grid[0] * h) @ c0
        for n in range(1, len(grid)):
            out[n] = step @ out[n - 1]
        return out[:, picked]
    propagators = scipy.linalg.expm(-1j * grid[:, None, None] * h)
    return np.asarray(propagators @ c0)[:, picked]
