"""Two-level emitters in a rectangular metal waveguide: the TE_10 self-energy (review eqs. 36-39).

Song, Liu, Zhou, Yang & An, PRL 132, 090401 (2024): charger and battery two-level atoms at
``r_j = (x_j, y_j, z_j)`` inside a waveguide of sides ``a >= b``, dipoles along ``y``, coupled in
the rotating-wave approximation to the TE_10 modes (eq. 36, with the emitters' frequency written
out, CONVENTIONS slip 6),

    H = sum_j w_0 s_j^+ s_j^- + sum_k w_k a_k^dagger a_k + sum_{k,j} (g_kj s_j^+ a_k + h.c.),
    w_k = sqrt(c^2 k^2 + w_c^2),  w_c = c pi / a                              (eqs. 38-39)
    g_kj = sqrt(w_k / (2 eps_0)) d_j u_k(r_j),  u_k = sqrt(2 / (a b L)) sin(pi x / a) e^{i k z},

so that ``sum_k g_ki g_kj^* -> A_i A_j int dk/(2 pi) w_k e^{i k (z_i - z_j)}`` with
``A_j = d_j sin(pi x_j / a) / sqrt(a b)`` (``eps_0 = 1``; ``d_j`` carries the units).

**Ultraviolet.** ``g_k^2 ~ w_k`` (eq. 37) makes the self-energy diverge at large ``k`` (like
``Lambda`` and ``E ln Lambda`` for one emitter): a dipole's Lamb shift. The coupling is cut off
by a Gaussian form factor ``exp(-k^2 / Lambda^2)`` (``uv_cutoff`` = Lambda, a wavenumber), and
``w_0`` is the *renormalised* frequency: the bare one is ``w_0 - Sigma^reg_jj(w_c)``, the
regular part of the emitter's own self-energy at the band edge. That removes the linear
divergence; the bound states keep the logarithmic one, ``-(A^2 / 2 pi)(E - w_c) ln Lambda``,
small near the band edge: binding energies move by about 1-2% of themselves per doubling of
Lambda in the tests' regime (e.g. ``w_c - E_1`` = 0.2957, 0.2904, 0.2877 for Lambda = 10, 20, 40
with ``w_0 = 1.02 w_c``, ``d = 0.15``, emitters one ``a`` apart), and the band-edge physics
(the ``1/sqrt`` branch point, the bound states' existence and their long-time exchange) does
not depend on it.

**Self-energy.** With ``q = sqrt(w_c^2 - E^2) / c`` and ``d = |z_i - z_j|`` the identity
``w_k / (E - w_k) = -1 - 2 E^2 / (c^2 (k^2 + q^2)) - E / (w_k + E)`` gives

    Sigma_ij(E) = (A_i A_j / 2 pi) [ -sqrt(pi) Lambda e^{-Lambda^2 d^2 / 4}
                                     - (2 E^2 / c^2) I(q, d) - E R(E, d) ],
    I(q, d) = int dk cos(kd) e^{-k^2/Lambda^2} / (k^2 + q^2)
            = (pi / 2q) e^{-Lambda^2 d^2/4} [erfcx(q/Lambda - Lambda d/2)
                                             + erfcx(q/Lambda + Lambda d/2)],
    R(E, d) = int dk cos(kd) e^{-k^2/Lambda^2} / (w_k + E)   (Gauss-Legendre; smooth, E > -w_c).

``I ~ pi / q`` carries the ``1 / sqrt(w_c - E)`` branch point at the cut-off frequency; the
branch cut runs along the band ``E > w_c``. The physical (first) sheet is ``Re q > 0``, i.e. the
principal square root of ``q^2``, analytic off the cut and equal to ``Sigma(E + i0)`` on its upper
lip; ``sheet=2`` continues through the cut (``q -> -q``), where resonances live. Bound states are
real roots of ``det(E - w_bare - Sigma(E)) = 0`` on the first sheet below ``w_c``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.special

from qbattery.errors import QBatteryValueError
from qbattery.validation import finite_real, positive_int, positive_real

__all__ = ["RectangularWaveguide"]

#: Gaussian form factor below e^{-36} ~ 2e-16 counts as zero (k > 6 Lambda is dropped).
_K_MAX = 6.0
#: Gauss-Legendre nodes for R(E, d): a base number plus this many per radian of cos(k d).
_NODES, _NODES_PER_RADIAN = 400, 4


@lru_cache(maxsize=16)
def _gauss_legendre(count: int) -> tuple[np.ndarray, np.ndarray]:
    nodes, weights = np.polynomial.legendre.leggauss(count)
    return nodes, weights


@dataclass(frozen=True, init=False)
class RectangularWaveguide:
    """Two-level emitters coupled through the TE_10 modes of a rectangular waveguide.

    Parameters
    ----------
    frequency : float
        Renormalised transition frequency ``w_0`` of every emitter (module docstring).
    positions : sequence of (x, z)
        Transverse position ``0 < x < a`` and longitudinal position ``z`` of each emitter.
    dipoles : float or sequence of float
        Dipole moments ``d_j`` (along y, ``eps_0 = 1``), one for all or one each.
    width, height : float
        Sides ``a >= b`` (TE_10 is then the lowest mode and alone below ``2 w_c``, or below
        ``c pi / b`` when that is lower).
    speed_of_light : float
    uv_cutoff : float
        Lambda, the wavenumber of the Gaussian form factor.

    Examples
    --------
    >>> guide = RectangularWaveguide(0.98 * np.pi, [(0.5, 0.0)], 0.3, width=1.0, height=0.5)
    >>> round(guide.cutoff_frequency, 6)
    3.141593
    """

    frequency: float
    positions: tuple[tuple[float, float], ...]
    dipoles: tuple[float, ...]
    width: float
    height: float
    speed_of_light: float
    uv_cutoff: float

    def __init__(
        self,
        frequency: float,
        positions: Sequence[Sequence[float]],
        dipoles: float | Sequence[float],
        *,
        width: float,
        height: float,
        speed_of_light: float = 1.0,
        uv_cutoff: float = 40.0,
    ) -> None:
        a, b = positive_real(width, "width"), positive_real(height, "height")
        if b > a:
            raise QBatteryValueError(
                f"height: must not exceed width (TE_10 is the lowest mode only for a >= b), got "
                f"width = {a}, height = {b}; swap them"
            )
        places = []
        for j, place in enumerate(positions):
            if len(place) != 2:
                raise QBatteryValueError(f"positions[{j}]: expected (x, z), got {place!r}")
            x, z = (
                finite_real(place[0], f"positions[{j}][0]"),
                finite_real(place[1], f"positions[{j}][1]"),
            )
            if not 0 < x < a:
                raise QBatteryValueError(f"positions[{j}]: x must lie in (0, {a}), got {x}")
            places.append((x, z))
        if not places:
            raise QBatteryValueError("positions: give one (x, z) per emitter")
        given = [dipoles] * len(places) if np.ndim(dipoles) == 0 else list(dipoles)  # type: ignore[arg-type]
        if len(given) != len(places):
            raise QBatteryValueError(f"dipoles: expected 1 or {len(places)}, got {len(given)}")
        object.__setattr__(self, "frequency", positive_real(frequency, "frequency"))
        object.__setattr__(self, "positions", tuple(places))
        object.__setattr__(
            self, "dipoles", tuple(finite_real(d, f"dipoles[{j}]") for j, d in enumerate(given))
        )
        object.__setattr__(self, "width", a)
        object.__setattr__(self, "height", b)
        object.__setattr__(self, "speed_of_light", positive_real(speed_of_light, "speed_of_light"))
        object.__setattr__(self, "uv_cutoff", positive_real(uv_cutoff, "uv_cutoff"))

    @property
    def n_emitters(self) -> int:
        return len(self.positions)

    @property
    def cutoff_frequency(self) -> float:
        """``w_c = w_10 = c pi / a`` (eq. 39), the lower band edge."""
        return self.speed_of_light * np.pi / self.width

    @property
    def amplitudes(self) -> np.ndarray:
        """``A_j = d_j sin(pi x_j / a) / sqrt(a b)``, (N,)."""
        x = np.array([p[0] for p in self.positions])
        return (
            np.asarray(self.dipoles)
            * np.sin(np.pi * x / self.width)
            / np.sqrt(self.width * self.height)
        )

    def _distances(self) -> np.ndarray:
        z = np.array([p[1] for p in self.positions])
        return np.abs(z[:, None] - z[None, :])

    def _r_integral(self, energy: np.ndarray, d: float) -> np.ndarray:
        lam, c, wc = self.uv_cutoff, self.speed_of_light, self.cutoff_frequency
        top = _K_MAX * lam
        nodes, weights = _gauss_legendre(_NODES + int(_NODES_PER_RADIAN * top * d))
        k = 0.5 * top * (nodes + 1)
        factor = 0.5 * top * weights * np.cos(k * d) * np.exp(-((k / lam) ** 2))
        omega_k = np.sqrt((c * k) ** 2 + wc**2)
        return np.asarray(2 * (factor / (omega_k + energy[..., None])).sum(axis=-1))

    def _i_integral(self, q: np.ndarray, d: float) -> np.ndarray:
        lam = self.uv_cutoff
        gauss = np.exp(-((lam * d) ** 2) / 4)
        x1, x2 = q / lam - lam * d / 2, q / lam + lam * d / 2
        # erfcx(x1) for Re x1 < 0 via erfcx(x) = 2 e^{x^2} - erfcx(-x), without overflow
        negative = np.real(x1) < 0
        first = np.where(
            negative,
            2 * np.exp(q**2 / lam**2 - q * d) - gauss * scipy.special.erfcx(-x1),
            gauss * scipy.special.erfcx(np.where(negative, 0, x1)),
        )
        return np.asarray(np.pi / (2 * q) * (first + gauss * scipy.special.erfcx(x2)))

    def self_energy(self, energy: Any, *, sheet: int = 1) -> np.ndarray:
        """``Sigma_ij(E)`` (..., N, N) on the first sheet (``Re q > 0``) or the second.

        Real ``E > w_c`` on the first sheet is the upper lip of the cut, ``Sigma(E + i0)``.
        Valid for ``Re E > -w_c / 2`` (the decomposition's terms cancel near ``E = -w_c``).

        Examples
        --------
        Below the band edge, against the defining integral
        ``A_i A_j int dk/(2 pi) w_k e^{-k^2/Lambda^2} cos(k d) / (E - w_k)`` done by adaptive
        quadrature (emitters one ``a`` apart, ``E = 0.9 w_c``):

        >>> from scipy.integrate import quad
        >>> guide = RectangularWaveguide(1.02 * np.pi, [(0.5, 0.0), (0.5, 1.0)], 0.15,
        ...                              width=1.0, height=0.5, uv_cutoff=10.0)
        >>> wc, e = guide.cutoff_frequency, 0.9 * guide.cutoff_frequency
        >>> def direct(d):
        ...     w = lambda k: np.sqrt(k**2 + wc**2)
        ...     f = lambda k: w(k) * np.exp(-(k / 10.0) ** 2) * np.cos(k * d) / (e - w(k))
        ...     return quad(f, 0.0, np.inf, limit=400)[0] / np.pi
        >>> a = guide.amplitudes[0]
        >>> sigma = guide.self_energy(e)
        >>> bool(np.allclose(sigma, a**2 * np.array([[direct(0.0), direct(1.0)],
        ...                                           [direct(1.0), direct(0.0)]]), rtol=1e-9))
        True

        Inside the band, ``-Im Sigma_jj(E + i0) = A_j^2 E^2 e^{-k_E^2/Lambda^2} / (c^2 k_E)``
        with ``c k_E = sqrt(E^2 - w_c^2)`` (the golden rule, both directions of emission):

        >>> e = 1.2 * wc
        >>> k_e = np.sqrt(e**2 - wc**2)
        >>> golden = a**2 * e**2 * np.exp(-(k_e / 10.0) ** 2) / k_e
        >>> bool(np.isclose(-guide.self_energy(e)[0, 0].imag, golden, rtol=1e-12))
        True
        """
        if sheet not in (1, 2):
            raise QBatteryValueError(f"sheet: expected 1 (physical) or 2, got {sheet!r}")
        e = np.asarray(energy, dtype=complex)
        c, wc, lam = self.speed_of_light, self.cutoff_frequency, self.uv_cutoff
        q2 = (wc**2 - e**2) / c**2
        on_cut = (q2.real < 0) & (q2.imag == 0)  # real E beyond w_c: E + i0 gives q = -i|q|
        q = np.where(on_cut, -1j * np.sqrt(np.abs(q2)), np.sqrt(q2))
        q = q if sheet == 1 else -q
        distances = self._distances()
        amplitude = self.amplitudes
        out = np.empty((*e.shape, self.n_emitters, self.n_emitters), dtype=complex)
        cache: dict[float, np.ndarray] = {}
        for i in range(self.n_emitters):
            for j in range(i, self.n_emitters):
                d = float(distances[i, j])
                if d not in cache:
                    cache[d] = (
                        -np.sqrt(np.pi) * lam * np.exp(-((lam * d) ** 2) / 4)
                        - 2 * e**2 / c**2 * self._i_integral(q, d)
                        - e * self._r_integral(e, d)
                    ) / (2 * np.pi)
                out[..., i, j] = out[..., j, i] = amplitude[i] * amplitude[j] * cache[d]
        return out

    @property
    def bare_frequencies(self) -> np.ndarray:
        """``w_0 - Sigma^reg_jj(w_c)``, (N,): the emitters' frequencies before the Lamb shift."""
        c, wc, lam = self.speed_of_light, self.cutoff_frequency, self.uv_cutoff
        regular = (
            -np.sqrt(np.pi) * lam
            + 4 * np.sqrt(np.pi) * wc**2 / (c**2 * lam)
            - wc * self._r_integral(np.array(wc), 0.0)
        ) / (2 * np.pi)
        return np.asarray(self.frequency - self.amplitudes**2 * regular)

    def discretised(self, n_modes: int) -> np.ndarray:
        """Real symmetric one-excitation star (N + M, N + M): emitters, then M standing waves.

        Wavenumbers ``k_n = (n + 1/2) dk``, ``n < M/2``, on ``(0, 6 Lambda)`` (a ring of length
        ``2 pi / dk``: signals return after ``2 pi / (c dk)``); the running waves ``+-k_n``
        combine into ``cos`` and ``sin`` standing waves with real couplings
        ``sqrt(2) A_j sqrt(w_k e^{-k^2/Lambda^2} dk / 2 pi) (cos k z_j, sin k z_j)``.

        Examples
        --------
        The emitters carry their bare frequencies, and below the band edge the star's
        self-energy ``sum_n g_in g_jn / (E - w_n)`` reproduces :meth:`self_energy`:

        >>> guide = RectangularWaveguide(1.02 * np.pi, [(0.5, 0.0), (0.5, 1.0)], 0.15,
        ...                              width=1.0, height=0.5, uv_cutoff=10.0)
        >>> star = guide.discretised(400)
        >>> star.shape, bool(np.allclose(np.diag(star)[:2], guide.bare_frequencies))
        ((402, 402), True)
        >>> e = 0.9 * guide.cutoff_frequency
        >>> sigma = (star[:2, 2:] / (e - np.diag(star)[2:])) @ star[2:, :2]
        >>> bool(np.allclose(sigma, guide.self_energy(e).real, rtol=1e-6))
        True
        """
        half = positive_int(n_modes, "n_modes") // 2
        if half < 1:
            raise QBatteryValueError(f"n_modes: need at least 2, got {n_modes}")
        dk = _K_MAX * self.uv_cutoff / half
        k = dk * (np.arange(half) + 0.5)
        omega_k = np.sqrt((self.speed_of_light * k) ** 2 + self.cutoff_frequency**2)
        z = np.array([p[1] for p in self.positions])
        weight = np.sqrt(omega_k * np.exp(-((k / self.uv_cutoff) ** 2)) * dk / np.pi)
        phases = np.outer(z, k)
        couplings = self.amplitudes[:, None] * np.hstack(
            [weight * np.cos(phases), weight * np.sin(phases)]
        )
        n, m = self.n_emitters, 2 * half
        h = np.zeros((n + m, n + m))
        h[np.arange(n), np.arange(n)] = self.bare_frequencies
        h[np.arange(n, n + m), np.arange(n, n + m)] = np.concatenate([omega_k, omega_k])
        h[:n, n:] = couplings
        h[n:, :n] = couplings.T
        return h

    def describe(self) -> dict[str, Any]:
        """The geometry and emitters as plain numbers, for a run's record.

        Examples
        --------
        The record rebuilds the same waveguide:

        >>> guide = RectangularWaveguide(3.2, [(0.5, 0.0), (0.25, 1.0)], 0.15, width=1.0,
        ...                              height=0.5, uv_cutoff=10.0)
        >>> record = guide.describe()
        >>> record["positions"], record["dipoles"]
        ([[0.5, 0.0], [0.25, 1.0]], [0.15, 0.15])
        >>> RectangularWaveguide(**record) == guide
        True
        """
        return {
            "frequency": self.frequency,
            "positions": [list(p) for p in self.positions],
            "dipoles": list(self.dipoles),
            "width": self.width,
            "height": self.height,
            "speed_of_light": self.speed_of_light,
            "uv_cutoff": self.uv_cutoff,
        }
