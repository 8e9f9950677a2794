"""Two-level emitters in a rectangular metal waveguide: the TE_mn self-energy (review eqs. 36-39).

Song, Liu, Zhou, Yang & An, PRL 132, 090401 (2024): charger and battery two-level atoms at
``r_j = (x_j, y_j, z_j)`` inside a waveguide of sides ``a >= b``, dipoles along ``y``, coupled in
the rotating-wave approximation to the TE_mn modes (eq. 36, with the emitters' frequency written
out, docs/conventions.md, "Waveguide QED (eqs. 36–39)"),

    H = sum_j w_0 s_j^+ s_j^- + sum_{mn,k} w_mn,k a_mn,k^dagger a_mn,k
        + sum_{mn,k,j} (g_mn,kj s_j^+ a_mn,k + h.c.),
    w_mn,k = sqrt(c^2 k^2 + w_mn^2),  w_mn = c sqrt((m pi / a)^2 + (n pi / b)^2)   (eqs. 38-39)
    g_mn,kj = sqrt(w_mn,k / (2 eps_0)) d_j e_y,mn(x_j, y_j) e^{i k z_j} / sqrt(L),

with the y component of the normalised TE_mn transverse field (``int |e_mn|^2 dx dy = 1``)

    e_y,mn(x, y) = sqrt(2 (2 - delta_n0) / (a b)) (m pi / a) / k_mn sin(m pi x / a) cos(n pi y / b),

``k_mn = w_mn / c``. Only ``m >= 1`` couples to a y dipole (TE_0n has ``E_y = 0``); TE_10 is
``e_y = sqrt(2 / (a b)) sin(pi x / a)``. Then
``sum_k g_mn,ki g_mn,kj^* -> A_mn,i A_mn,j int dk/(2 pi) w_mn,k e^{i k (z_i - z_j)}`` with
``A_mn,j = d_j e_y,mn(x_j, y_j) / sqrt(2)`` (``eps_0 = 1``; ``d_j`` carries the units), and the
self-energy is a sum over the modes kept,
``Sigma_ij(E) = sum_mn A_mn,i A_mn,j S_mn(E, |z_i - z_j|)``.

**Modes kept.** ``modes`` (the number of lowest y-coupling modes, or a list of ``(m, n)``) or
``mode_cutoff`` (every y-coupling mode with ``w_mn`` below it); by default TE_10 alone, the
lowest band and the only one below ``min(2 w_10, w_11)``.

**Ultraviolet.** ``g_k^2 ~ w_k`` (eq. 37) makes each mode's self-energy diverge at large ``k``
(like ``Lambda`` and ``E ln Lambda`` for one emitter): a dipole's Lamb shift. The coupling is cut
off by a Gaussian form factor ``exp(-k^2 / Lambda^2)`` (``uv_cutoff`` = Lambda, a wavenumber), and
``w_0`` is the *renormalised* frequency: the bare one is ``w_0 - Sigma^reg_jj(w_c)``, the regular
part of the emitter's own self-energy at the lowest band edge ``w_c`` (the ``1/q`` pole of the
lowest mode removed; higher modes are regular there). That removes the linear divergence; the
bound states keep the logarithmic one, ``-(A^2 / 2 pi)(E - w_c) ln Lambda``, small near the band
edge: binding energies move by about 1-2% of themselves per doubling of Lambda in the tests'
regime (e.g. ``w_c - E_1`` = 0.2957, 0.2904, 0.2877 for Lambda = 10, 20, 40 with
``w_0 = 1.02 w_c``, ``d = 0.15``, emitters one ``a`` apart), and the band-edge physics (the
``1/sqrt`` branch point, the bound states' existence and their long-time exchange) does not
depend on it.

**Self-energy of one mode.** With ``q = sqrt(w_mn^2 - E^2) / c`` and ``d = |z_i - z_j|`` the
identity ``w_k / (E - w_k) = -1 - 2 E^2 / (c^2 (k^2 + q^2)) - E / (w_k + E)`` gives

    S_mn(E, d) = (1 / 2 pi) [ -sqrt(pi) Lambda e^{-Lambda^2 d^2 / 4}
                              - (2 E^2 / c^2) I(q, d) - E R_mn(E, d) ],
    I(q, d) = int dk cos(kd) e^{-k^2/Lambda^2} / (k^2 + q^2)
            = (pi / 2q) e^{-Lambda^2 d^2/4} [erfcx(q/Lambda - Lambda d/2)
                                             + erfcx(q/Lambda + Lambda d/2)],
    R_mn(E, d) = int dk cos(kd) e^{-k^2/Lambda^2} / (w_mn,k + E)   (Gauss-Legendre; E > -w_mn).

``I ~ pi / q`` carries the ``1 / sqrt(w_mn - E)`` branch point at each mode's cut-off frequency;
its branch cut runs along that band, ``E > w_mn``. The physical (first) sheet is ``Re q > 0`` for
every mode, i.e. the principal square root of ``q^2``, analytic off the cuts and equal to
``Sigma(E + i0)`` on their upper lips; ``sheet=2`` continues through the lowest band's cut (its
``q -> -q``, the other modes' kept), where the resonances near the band edge live. Bound states
are real roots of ``det(E - w_bare - Sigma(E)) = 0`` on the first sheet below the lowest cut-off
``w_c``, where every mode's ``S_mn`` is real.
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

__all__ = ["RectangularWaveguide", "te_modes"]

#: Gaussian form factor below e^{-36} ~ 2e-16 counts as zero (k > 6 Lambda is dropped).
_K_MAX = 6.0
#: Gauss-Legendre nodes for R(E, d): a base number plus this many per radian of cos(k d).
_NODES, _NODES_PER_RADIAN = 400, 4
#: Most TE modes a guide may keep (each adds a band to every sum).
_MAX_MODES = 400


@lru_cache(maxsize=16)
def _gauss_legendre(count: int) -> tuple[np.ndarray, np.ndarray]:
    nodes, weights = np.polynomial.legendre.leggauss(count)
    return nodes, weights


def _cutoff(m: int, n: int, a: float, b: float, c: float) -> float:
    return float(c * np.hypot(m * np.pi / a, n * np.pi / b))


def te_modes(
    width: float,
    height: float,
    *,
    modes: int | Sequence[Sequence[int]] | None = None,
    mode_cutoff: float | None = None,
    speed_of_light: float = 1.0,
) -> tuple[tuple[int, int], ...]:
    """The TE_mn modes a y dipole couples to (``m >= 1``, ``n >= 0``), lowest ``w_mn`` first.

    Parameters
    ----------
    width, height : float
        Sides ``a``, ``b`` of the guide.
    modes : int or sequence of (m, n), optional
        The number of lowest modes to keep, or the modes themselves.
    mode_cutoff : float, optional
        Keep every mode with ``w_mn = c sqrt((m pi/a)^2 + (n pi/b)^2) < mode_cutoff`` instead.
        Neither given: TE_10 alone.
    speed_of_light : float

    Returns
    -------
    tuple of (m, n)
        Sorted by ``w_mn``, then ``m``, then ``n``.

    Examples
    --------
    In a guide with ``a = 2 b`` the y-coupling modes are TE_10, TE_20, TE_11, TE_21, TE_30, ...
    (``w_mn / w_10`` = 1, 2, 2.24, 2.83, 3, ...):

    >>> te_modes(1.0, 0.5, modes=4)
    ((1, 0), (2, 0), (1, 1), (2, 1))
    >>> te_modes(1.0, 0.5, mode_cutoff=2.5 * np.pi)
    ((1, 0), (2, 0), (1, 1))
    """
    a, b = positive_real(width, "width"), positive_real(height, "height")
    c = positive_real(speed_of_light, "speed_of_light")
    if modes is not None and mode_cutoff is not None:
        raise QBatteryValueError(
            "modes: give either modes (a number or a list of (m, n)) or mode_cutoff, not both"
        )
    if mode_cutoff is not None:
        top = positive_real(mode_cutoff, "mode_cutoff")
        lowest = _cutoff(1, 0, a, b, c)
        if top <= lowest:
            raise QBatteryValueError(
                f"mode_cutoff: must exceed the lowest cut-off frequency w_10 = c pi / a = "
                f"{lowest:.6g}, got {top}; raise it"
            )
        m_max, n_max = int(top * a / (c * np.pi)) + 1, int(top * b / (c * np.pi)) + 1
        chosen = [
            (m, n)
            for m in range(1, m_max + 1)
            for n in range(n_max + 1)
            if _cutoff(m, n, a, b, c) < top
        ]
    elif modes is None or np.ndim(modes) == 0:
        count = 1 if modes is None else positive_int(modes, "modes")
        if count > _MAX_MODES:
            raise QBatteryValueError(f"modes: at most {_MAX_MODES}, got {count}")
        candidates = [(m, n) for m in range(1, count + 1) for n in range(count + 1)]
        candidates.sort(key=lambda mn: (_cutoff(mn[0], mn[1], a, b, c), *mn))
        chosen = candidates[:count]
    else:
        chosen = []
        for index, pair in enumerate(modes):  # type: ignore[arg-type]
            if len(pair) != 2 or any(not float(v).is_integer() for v in pair):
                raise QBatteryValueError(f"modes[{index}]: expected a pair (m, n), got {pair!r}")
            m, n = int(pair[0]), int(pair[1])
            if m < 1 or n < 0:
                raise QBatteryValueError(
                    f"modes[{index}]: need m >= 1 and n >= 0 (TE_0n has no E_y and does not "
                    f"couple to a y dipole), got ({m}, {n})"
                )
            if (m, n) in chosen:
                raise QBatteryValueError(f"modes[{index}]: ({m}, {n}) is listed twice")
            chosen.append((m, n))
        if not chosen:
            raise QBatteryValueError("modes: give at least one (m, n)")
    if len(chosen) > _MAX_MODES:
        raise QBatteryValueError(
            f"modes: {len(chosen)} modes exceed the limit of {_MAX_MODES}; lower mode_cutoff"
        )
    return tuple(sorted(chosen, key=lambda mn: (_cutoff(mn[0], mn[1], a, b, c), *mn)))


@dataclass(frozen=True, init=False)
class RectangularWaveguide:
    """Two-level emitters coupled through the TE_mn modes of a rectangular waveguide.

    Parameters
    ----------
    frequency : float
        Renormalised transition frequency ``w_0`` of every emitter (module docstring).
    positions : sequence of (x, z) or (x, y, z)
        Transverse position ``0 < x < a`` (and ``0 <= y <= b``) and longitudinal position ``z``
        of each emitter. ``y`` is needed only when a kept mode has ``n >= 1``.
    dipoles : float or sequence of float
        Dipole moments ``d_j`` (along y, ``eps_0 = 1``), one for all or one each.
    width, height : float
        Sides ``a >= b`` (TE_10 is then the lowest mode and alone below ``2 w_c``, or below
        ``c pi / b`` when that is lower).
    speed_of_light : float
    uv_cutoff : float
        Lambda, the wavenumber of the Gaussian form factor.
    modes : int or sequence of (m, n), optional
        The TE modes kept (:func:`te_modes`): a number of lowest y-coupling modes, or a list.
    mode_cutoff : float, optional
        Keep every y-coupling mode with ``w_mn < mode_cutoff`` instead. Neither given: TE_10.

    Examples
    --------
    >>> guide = RectangularWaveguide(0.98 * np.pi, [(0.5, 0.0)], 0.3, width=1.0, height=0.5)
    >>> round(guide.cutoff_frequency, 6), guide.modes
    (3.141593, ((1, 0),))
    >>> three = RectangularWaveguide(0.98 * np.pi, [(0.3, 0.1, 0.0)], 0.3, width=1.0,
    ...                              height=0.5, modes=3)
    >>> three.modes, np.round(three.mode_frequencies / np.pi, 4)
    (((1, 0), (2, 0), (1, 1)), array([1.    , 2.    , 2.2361]))
    """

    frequency: float
    positions: tuple[tuple[float, ...], ...]
    dipoles: tuple[float, ...]
    width: float
    height: float
    speed_of_light: float
    uv_cutoff: float
    modes: tuple[tuple[int, int], ...]

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
        modes: int | Sequence[Sequence[int]] | None = None,
        mode_cutoff: float | None = None,
    ) -> None:
        a, b = positive_real(width, "width"), positive_real(height, "height")
        if b > a:
            raise QBatteryValueError(
                f"height: must not exceed width (TE_10 is the lowest mode only for a >= b), got "
                f"width = {a}, height = {b}; swap them"
            )
        c = positive_real(speed_of_light, "speed_of_light")
        kept = te_modes(a, b, modes=modes, mode_cutoff=mode_cutoff, speed_of_light=c)
        places = []
        for j, place in enumerate(positions):
            if len(place) not in (2, 3):
                raise QBatteryValueError(
                    f"positions[{j}]: expected (x, z) or (x, y, z), got {place!r}"
                )
            values = tuple(finite_real(v, f"positions[{j}][{i}]") for i, v in enumerate(place))
            if not 0 < values[0] < a:
                raise QBatteryValueError(f"positions[{j}]: x must lie in (0, {a}), got {values[0]}")
            if len(values) == 3 and not 0 <= values[1] <= b:
                raise QBatteryValueError(f"positions[{j}]: y must lie in [0, {b}], got {values[1]}")
            if len(values) == 2 and any(n > 0 for _, n in kept):
                raise QBatteryValueError(
                    f"positions[{j}]: give (x, y, z): the kept modes {kept} include n >= 1, "
                    f"whose field depends on y"
                )
            places.append(values)
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
        object.__setattr__(self, "speed_of_light", c)
        object.__setattr__(self, "uv_cutoff", positive_real(uv_cutoff, "uv_cutoff"))
        object.__setattr__(self, "modes", kept)

    @property
    def n_emitters(self) -> int:
        """The number of emitters.

        Examples
        --------
        >>> RectangularWaveguide(3.0, [(0.5, 0.0), (0.5, 1.0)], 0.1, width=1.0,
        ...                      height=0.5).n_emitters
        2
        """
        return len(self.positions)

    @property
    def mode_frequencies(self) -> np.ndarray:
        """``w_mn = c sqrt((m pi / a)^2 + (n pi / b)^2)`` of the kept modes (eq. 39), (P,)."""
        a, b, c = self.width, self.height, self.speed_of_light
        return np.array([_cutoff(m, n, a, b, c) for m, n in self.modes])

    @property
    def cutoff_frequency(self) -> float:
        """``w_c``, the lowest kept ``w_mn`` (``w_10 = c pi / a``), the lower band edge."""
        return float(self.mode_frequencies[0])

    @property
    def mode_amplitudes(self) -> np.ndarray:
        """``A_mn,j = d_j e_y,mn(x_j, y_j) / sqrt(2)`` (module docstring), (P, N)."""
        a, b = self.width, self.height
        x = np.array([p[0] for p in self.positions])
        y = np.array([p[1] if len(p) == 3 else 0.0 for p in self.positions])
        out = np.empty((len(self.modes), self.n_emitters))
        for row, (m, n) in enumerate(self.modes):
            share = (m * np.pi / a) / np.hypot(m * np.pi / a, n * np.pi / b)  # 1 for n = 0
            profile = np.sin(m * np.pi * x / a) * np.cos(n * np.pi * y / b)
            factor = np.sqrt(2.0 - (n == 0)) * share * profile
            out[row] = np.asarray(self.dipoles) * factor / np.sqrt(a * b)
        return out

    @property
    def amplitudes(self) -> np.ndarray:
        """The lowest mode's ``A_j`` (TE_10: ``d_j sin(pi x_j / a) / sqrt(a b)``), (N,)."""
        return np.asarray(self.mode_amplitudes[0])

    def _distances(self) -> np.ndarray:
        z = np.array([p[-1] for p in self.positions])
        return np.abs(z[:, None] - z[None, :])

    def _r_integral(self, energy: np.ndarray, d: float, cutoff: float) -> np.ndarray:
        lam, c = self.uv_cutoff, self.speed_of_light
        top = _K_MAX * lam
        nodes, weights = _gauss_legendre(_NODES + int(_NODES_PER_RADIAN * top * d))
        k = 0.5 * top * (nodes + 1)
        factor = 0.5 * top * weights * np.cos(k * d) * np.exp(-((k / lam) ** 2))
        omega_k = np.sqrt((c * k) ** 2 + cutoff**2)
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

    def _mode_self_energy(self, e: np.ndarray, cutoff: float, flip: bool) -> dict[float, Any]:
        """``S_mn(E, d)`` for every distance between emitters, by distance."""
        c, lam = self.speed_of_light, self.uv_cutoff
        q2 = (cutoff**2 - e**2) / c**2
        on_cut = (q2.real < 0) & (q2.imag == 0)  # real E in the band: E + i0 gives q = -i|q|
        q = np.where(on_cut, -1j * np.sqrt(np.abs(q2)), np.sqrt(q2))
        q = -q if flip else q
        values: dict[float, Any] = {}
        for d in sorted({float(d) for d in self._distances().ravel()}):
            values[d] = (
                -np.sqrt(np.pi) * lam * np.exp(-((lam * d) ** 2) / 4)
                - 2 * e**2 / c**2 * self._i_integral(q, d)
                - e * self._r_integral(e, d, cutoff)
            ) / (2 * np.pi)
        return values

    def self_energy(self, energy: Any, *, sheet: int = 1) -> np.ndarray:
        """``Sigma_ij(E)`` (..., N, N) on the first sheet (``Re q > 0``) or the second.

        Real ``E`` inside a band on the first sheet is the upper lip of its cut,
        ``Sigma(E + i0)``; ``sheet=2`` flips the lowest mode's ``q`` (module docstring). Valid
        for ``Re E > -w_c / 2`` (the decomposition's terms cancel near ``E = -w_c``).

        Examples
        --------
        Below the band edge the self-energy is real, and more negative closer to the edge:

        >>> guide = RectangularWaveguide(1.02 * np.pi, [(0.5, 0.0), (0.5, 1.0)], 0.15,
        ...                              width=1.0, height=0.5, uv_cutoff=10.0)
        >>> sigma = guide.self_energy([0.9 * np.pi, 0.99 * np.pi])
        >>> sigma.shape, bool(abs(sigma.imag).max() == 0), bool(sigma[1, 0, 0] < sigma[0, 0, 0])
        ((2, 2, 2), True, True)
        """
        if sheet not in (1, 2):
            raise QBatteryValueError(f"sheet: expected 1 (physical) or 2, got {sheet!r}")
        e = np.asarray(energy, dtype=complex)
        distances = self._distances()
        lowest = self.cutoff_frequency
        out = np.zeros((*e.shape, self.n_emitters, self.n_emitters), dtype=complex)
        for cutoff, amplitude in zip(self.mode_frequencies, self.mode_amplitudes, strict=True):
            flip = sheet == 2 and cutoff == lowest
            values = self._mode_self_energy(e, float(cutoff), flip)
            for i in range(self.n_emitters):
                for j in range(i, self.n_emitters):
                    term = amplitude[i] * amplitude[j] * values[float(distances[i, j])]
                    out[..., i, j] += term
                    if j != i:
                        out[..., j, i] += term
        return out

    @property
    def bare_frequencies(self) -> np.ndarray:
        """``w_0 - Sigma^reg_jj(w_c)``, (N,): the emitters' frequencies before the Lamb shift.

        The lowest band's ``1/q`` pole is removed; the modes above ``w_c`` are regular there.
        """
        c, wc, lam = self.speed_of_light, self.cutoff_frequency, self.uv_cutoff
        shift = np.zeros(self.n_emitters)
        for cutoff, amplitude in zip(self.mode_frequencies, self.mode_amplitudes, strict=True):
            if cutoff == wc:
                regular = (
                    -np.sqrt(np.pi) * lam
                    + 4 * np.sqrt(np.pi) * wc**2 / (c**2 * lam)
                    - wc * self._r_integral(np.array(wc), 0.0, wc)
                ) / (2 * np.pi)
            else:
                regular = self._mode_self_energy(np.array(wc, dtype=complex), cutoff, False)[
                    0.0
                ].real
            shift += amplitude**2 * regular
        return np.asarray(self.frequency - shift)

    def discretised(self, n_modes: int) -> np.ndarray:
        """Real symmetric one-excitation star (N + P M, N + P M): emitters, then M standing
        waves for each of the P kept TE modes (``n_modes`` = M per mode).

        Wavenumbers ``k_n = (n + 1/2) dk``, ``n < M/2``, on ``(0, 6 Lambda)`` (a ring of length
        ``2 pi / dk``: signals return after ``2 pi / (c dk)``); the running waves ``+-k_n``
        combine into ``cos`` and ``sin`` standing waves with real couplings
        ``sqrt(2) A_mn,j sqrt(w_mn,k e^{-k^2/Lambda^2} dk / 2 pi) (cos k z_j, sin k z_j)``.

        Examples
        --------
        >>> guide = RectangularWaveguide(1.02 * np.pi, [(0.5, 0.0), (0.5, 1.0)], 0.15,
        ...                              width=1.0, height=0.5, uv_cutoff=10.0)
        >>> star = guide.discretised(200)
        >>> star.shape, bool(np.allclose(star, star.T))
        ((202, 202), True)
        """
        half = positive_int(n_modes, "n_modes") // 2
        if half < 1:
            raise QBatteryValueError(f"n_modes: need at least 2, got {n_modes}")
        dk = _K_MAX * self.uv_cutoff / half
        k = dk * (np.arange(half) + 0.5)
        z = np.array([p[-1] for p in self.positions])
        phases = np.outer(z, k)
        n, m = self.n_emitters, 2 * half
        size = n + m * len(self.modes)
        h = np.zeros((size, size))
        h[np.arange(n), np.arange(n)] = self.bare_frequencies
        for index, (cutoff, amplitude) in enumerate(
            zip(self.mode_frequencies, self.mode_amplitudes, strict=True)
        ):
            omega_k = np.sqrt((self.speed_of_light * k) ** 2 + cutoff**2)
            weight = np.sqrt(omega_k * np.exp(-((k / self.uv_cutoff) ** 2)) * dk / np.pi)
            couplings = amplitude[:, None] * np.hstack(
                [weight * np.cos(phases), weight * np.sin(phases)]
            )
            block = np.arange(n + index * m, n + (index + 1) * m)
            h[block, block] = np.concatenate([omega_k, omega_k])
            h[:n, block] = couplings
            h[block, :n] = couplings.T
        return h

    def describe(self) -> dict[str, Any]:
        """The guide's parameters, for a result's record.

        Examples
        --------
        >>> guide = RectangularWaveguide(3.0, [(0.5, 0.0)], 0.1, width=1.0, height=0.5)
        >>> guide.describe()["modes"]
        [[1, 0]]
        """
        return {
            "frequency": self.frequency,
            "positions": [list(p) for p in self.positions],
            "dipoles": list(self.dipoles),
            "width": self.width,
            "height": self.height,
            "speed_of_light": self.speed_of_light,
            "uv_cutoff": self.uv_cutoff,
            "modes": [list(mode) for mode in self.modes],
        }
