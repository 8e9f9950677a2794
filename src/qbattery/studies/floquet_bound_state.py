"""True Floquet bound states of a driven emitter in a band-gap reservoir (Floquet-Sambe picture).

The battery of :mod:`qbattery.studies.floquet_protection`, ``w(t) = w_0 + A cos(Omega t)`` coupled
to the end of a semi-infinite :class:`~qbattery.environments.CavityArray` (band ``[a, b] =
[w_c - 2J, w_c + 2J]``), in the extended (Sambe) space of Floquet harmonics (Shirley, PR 138,
B979 (1965)): block ``n`` holds the single-excitation sector shifted by ``n Omega``, and the
drive couples the emitter's neighbouring blocks by ``A / 2``. A Floquet state of quasi-energy
``eps`` has emitter amplitudes ``e_n`` and photon amplitudes in block ``n`` that, as in the
undriven problem, can be eliminated through the end-site Green function of the array at the
block's energy ``eps - n Omega``. When every ``eps - n Omega`` lies outside the band,
the self-energies ``Sigma(eps - n Omega)`` of :meth:`CavityArray.self_energy` are real and
the emitter amplitudes solve the real symmetric tridiagonal problem

    [w_0 + n Omega + Sigma(eps - n Omega)] e_n + (A / 2)(e_{n-1} + e_{n+1}) = eps e_n,    (1)

a bound state: its photon cloud decays exponentially along the array in every block, so the
state neither decays nor leaks. This requires ``eps`` in a gap of the *folded* band, which
exists only when ``Omega > 4J``; one Floquet zone of such gaps is the interval
``(b, a + Omega)`` (every other lies ``k Omega`` away). Since ``Sigma' < 0`` outside the band,
each eigenvalue ``lambda_k(eps)`` of the matrix ``H_eff(eps)`` of (1) decreases with ``eps``, so
``lambda_k(eps) = eps`` has at most one root per branch in the interval, found by Brent's method
between the interval's ends. With ``A = 0`` (1) reduces to the static ``E - w_0 = Sigma(E)``
(:meth:`CavityArray.bound_state_energies`), folded into the interval.

Normalisation: the photon part of block ``n`` has norm ``-Sigma'(eps - n Omega) |e_n|^2``
(``d/dE`` of the Green function), so ``N = sum_n |e_n|^2 (1 - Sigma'(eps - n Omega))``; the
Floquet mode at ``t = 0`` is ``sum_n phi_n``, with emitter weight ``|sum_n e_n|^2 / N``, and the
emitter population averaged over a period is ``sum_n |e_n|^2 / N``.

Harmonics ``|n| <= harmonics`` are kept (the emitter ladder's eigenvectors are Bessel functions
``J_{n-m}(A / Omega)``, negligible beyond ``|n| ~ A / Omega + 10``); the roots are checked at
``harmonics + 4`` and a :class:`~qbattery.errors.ConvergenceWarning` says if they moved.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.linalg import eigh_tridiagonal
from scipy.optimize import brentq

from qbattery.environments.cavity_array import CavityArray
from qbattery.errors import ConvergenceWarning, QBatteryTypeError
from qbattery.validation import finite_real, non_negative_real, positive_int, positive_real

__all__ = ["FloquetBoundState", "floquet_bound_states"]

#: Roots that move more than this between ``harmonics`` and ``harmonics + 4`` warn.
_HARMONIC_TOL = 1e-10


@dataclass(frozen=True)
class FloquetBoundState:
    """One true Floquet bound state (module docstring).

    Attributes
    ----------
    quasienergy : float
        ``eps`` in the gap interval ``(w_c + 2J, w_c - 2J + Omega)``.
    emitter_weight : float
        ``|<e|phi(0)>|^2``, the emitter weight of the Floquet mode at ``t = 0``.
    mean_emitter_weight : float
        The emitter population of the mode averaged over one period.
    harmonics : array (2 N + 1,)
        Emitter amplitudes ``e_n``, n = -N..N, normalised with the photon cloud.

    Examples
    --------
    >>> array = CavityArray(n_sites=1, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    >>> state = floquet_bound_states(array, emitter_frequency=6.5, drive_amplitude=0.0,
    ...                              drive_frequency=3.0)[0]
    >>> round(state.emitter_weight, 6) == round(state.mean_emitter_weight, 6)
    True
    """

    quasienergy: float
    emitter_weight: float
    mean_emitter_weight: float
    harmonics: np.ndarray


def _self_energy_and_slope(array: CavityArray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``Sigma`` and ``Sigma'`` at energies ``x - w_c`` outside the band (vectorised)."""
    g2, j = array.coupling**2, array.hopping
    root = np.sqrt(np.maximum(x * x - 4 * j * j, 0.0))
    sigma = g2 * (x - np.sign(x) * root) / (2 * j * j)
    if g2 == 0.0:  # an uncoupled emitter: no self-energy, also at the band edges
        return sigma, np.zeros_like(x)
    with np.errstate(divide="ignore"):  # -inf at the band edges, where root = 0
        slope = g2 * (1 - np.abs(x) / root) / (2 * j * j)
    return sigma, slope


def _roots(
    array: CavityArray, w0: float, amplitude: float, omega: float, count: int
) -> list[tuple[float, np.ndarray, float]]:
    n = np.arange(-count, count + 1)
    low, high = array.band
    start, stop = high, low + omega
    off = np.full(n.size - 1, amplitude / 2)

    def diagonal(eps: float) -> np.ndarray:
        sigma, _ = _self_energy_and_slope(array, eps - n * omega - array.cavity_frequency)
        return w0 + n * omega + sigma

    def branch(eps: float, k: int) -> float:
        values = eigh_tridiagonal(diagonal(eps), off, eigvals_only=True)
        return float(values[k] - eps)

    found = []
    for k in range(n.size):
        if branch(start, k) > 0 > branch(stop, k):
            eps = float(brentq(branch, start, stop, args=(k,), xtol=1e-14, rtol=1e-15))
            _, vectors = eigh_tridiagonal(diagonal(eps), off, select="i", select_range=(k, k))
            _, slope = _self_energy_and_slope(array, eps - n * omega - array.cavity_frequency)
            found.append((eps, vectors[:, 0], float(np.sum(vectors[:, 0] ** 2 * (1 - slope)))))
    return found


def floquet_bound_states(
    array: Any,
    *,
    emitter_frequency: float,
    drive_amplitude: float,
    drive_frequency: float,
    harmonics: int | None = None,
) -> tuple[FloquetBoundState, ...]:
    """The true Floquet bound states (quasi-energy in a gap of the folded band) of the battery.

    Parameters
    ----------
    array : CavityArray
        The reservoir, taken semi-infinite (``n_sites`` is not used).
    emitter_frequency, drive_amplitude, drive_frequency : float
        ``w_0``, ``A`` >= 0, ``Omega`` > 0.
    harmonics : int, optional
        ``N``: Sambe blocks ``|n| <= N`` (default ``ceil(A / Omega) + 12``).

    Returns
    -------
    tuple of FloquetBoundState
        Sorted by quasi-energy; empty when ``Omega <= 4J`` (no quasi-energy gap) or when no
        branch of (1) crosses the gap.

    Examples
    --------
    Undriven, an emitter above the band has its static bound state (folded into the gap
    interval, here (6, 7)); the driven emitter at the band centre of
    :func:`~qbattery.studies.floquet_protection.floquet_protection`'s example has none:

    >>> array = CavityArray(n_sites=1, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    >>> [round(e, 9) for e in array.bound_state_energies(6.5)]
    [6.565008757]
    >>> state, = floquet_bound_states(array, emitter_frequency=6.5, drive_amplitude=0.0,
    ...                               drive_frequency=3.0)
    >>> round(state.quasienergy, 9)
    6.565008757
    >>> floquet_bound_states(array, emitter_frequency=5.0, drive_amplitude=7.214478,
    ...                      drive_frequency=3.0)
    ()
    """
    if not isinstance(array, CavityArray):
        raise QBatteryTypeError(
            f"array: expected a qbattery.environments.CavityArray, got {type(array).__name__}"
        )
    w0 = finite_real(emitter_frequency, "emitter_frequency")
    amplitude = non_negative_real(drive_amplitude, "drive_amplitude")
    omega = positive_real(drive_frequency, "drive_frequency")
    count = (
        int(np.ceil(amplitude / omega)) + 12
        if harmonics is None
        else positive_int(harmonics, "harmonics")
    )
    if omega <= 4 * array.hopping:
        return ()
    found = _roots(array, w0, amplitude, omega, count)
    check = _roots(array, w0, amplitude, omega, count + 4)
    moved = len(found) != len(check) or any(
        abs(a[0] - b[0]) > _HARMONIC_TOL for a, b in zip(sorted(found), sorted(check), strict=False)
    )
    if moved:
        warnings.warn(
            f"harmonics: the Floquet bound states changed between {count} and {count + 4} "
            f"harmonics; raise harmonics above {count + 4}",
            ConvergenceWarning,
            stacklevel=2,
        )
    states = [
        FloquetBoundState(
            quasienergy=eps,
            emitter_weight=float(np.sum(vector) ** 2 / norm),
            mean_emitter_weight=float(np.sum(vector**2) / norm),
            harmonics=vector / np.sqrt(norm),
        )
        for eps, vector, norm in found
    ]
    return tuple(sorted(states, key=lambda state: state.quasienergy))
