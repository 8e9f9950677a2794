"""Remote charging in a waveguide: bound states, their residues and the exchange they sustain.

For emitters in a :class:`~qbattery.environments.waveguide.RectangularWaveguide` the
one-excitation resolvent is ``G(E) = [E - w_bare - Sigma(E)]^{-1}`` (N x N), ``Sigma`` summed over
the guide's TE_mn modes, each with its branch cut along its band ``E > w_mn``. Below the lowest
band edge ``w_c`` (every cut lies above it) the self-energy is real and Hermitian with
``Sigma'(E)`` negative definite, so each eigenvalue ``lambda_n(E)`` of ``w_bare + Sigma(E)``
decreases and ``E - lambda_n(E)`` has at most one root: a bound state ``E_b < w_c`` on the physical
sheet, with emitter part ``u_b`` and residue (weight on the emitters)

    Z_b = 1 / (1 - u_b^dagger Sigma'(E_b) u_b)

(Song et al., PRL 132, 090401 (2024); the review's sec. 6). Two methods find the roots:
``"bracket"`` (Brent's method on ``E - lambda_n(E)`` between ``w_c / 2`` and the edge) and
``"newton"`` (a dense grid in ``q = sqrt(w_c^2 - E^2) / c``, which removes the branch point,
then Newton steps in ``q``). At long times only the bound states remain,

    c_i(t) -> sum_b Z_b (u_b)_i (u_b)_j^* e^{-i E_b t}      (excitation started on emitter j),

so with two bound states the battery's energy oscillates for ever between
``w_0 (Z_1 |u_1B u_1C| - Z_2 |u_2B u_2C|)^2`` and ``w_0 (Z_1 |u_1B u_1C| + Z_2 |u_2B u_2C|)^2``:
no ageing. The rest of the weight, ``1 - sum_b Z_b |(u_b)_j|^2``, is the band's
``int_{w_c}^inf rho_jj(E) dE`` with ``rho = -Im G(E + i0) / pi`` (:func:`spectral_sum_rule`).
Full dynamics: :func:`waveguide_charging`, on the discretised continuum.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.integrate
import scipy.optimize

from qbattery.environments.waveguide import RectangularWaveguide
from qbattery.errors import QBatteryValueError
from qbattery.studies.remote_charging import (
    RemoteCharging,
    battery_figures,
    emitters_and_rate,
)
from qbattery.validation import check_times, positive_int

__all__ = [
    "BoundState",
    "bound_state_amplitudes",
    "bound_states",
    "spectral_sum_rule",
    "waveguide_charging",
]

#: Closest approach to the band edge (relative to w_c) in the root search.
_EDGE = 1e-13
#: Grid points in q of the "newton" method.
_GRID = 400


@dataclass(frozen=True)
class BoundState:
    """A bound state below the band edge.

    Attributes
    ----------
    energy : float
    residue : float
        ``Z_b``, its total weight on the emitters (0 < Z_b <= 1).
    vector : array (N,)
        Unit emitter part ``u_b`` (the state's emitter amplitudes are ``sqrt(Z_b) u_b``).

    Examples
    --------
    >>> state = BoundState(2.9, 0.4, np.array([1.0, 1.0]) / np.sqrt(2))
    >>> round(float(state.residue * abs(state.vector[0]) ** 2), 12)  # weight kept on emitter 0
    0.2
    """

    energy: float
    residue: float
    vector: np.ndarray


def _branch(guide: RectangularWaveguide, energy: float, n: int) -> tuple[float, np.ndarray]:
    matrix = np.diag(guide.bare_frequencies) + guide.self_energy(energy).real
    values, vectors = np.linalg.eigh(matrix)
    return float(values[n]), vectors[:, n]


def _residue(guide: RectangularWaveguide, energy: float, vector: np.ndarray) -> float:
    step = min(1e-6, (guide.cutoff_frequency - energy) / 10) * guide.cutoff_frequency
    slope = (guide.self_energy(energy + step) - guide.self_energy(energy - step)).real / (2 * step)
    return float(1 / (1 - vector @ slope @ vector))


def bound_states(guide: RectangularWaveguide, *, method: str = "bracket") -> list[BoundState]:
    """The bound states below ``w_c`` on the physical sheet, lowest first (module docstring).

    Parameters
    ----------
    guide : RectangularWaveguide
    method : {"bracket", "newton"}
        Brent's method in ``E``, or Newton's in ``q`` after a dense grid (independent routes).

    Returns
    -------
    list of BoundState
        At most one per emitter; roots between ``w_c / 2`` and ``w_c``.

    Examples
    --------
    Charger and battery one wavelength apart, ``w_0`` just above the cut-off ``w_c = pi``:

    >>> import numpy as np
    >>> from qbattery.environments.waveguide import RectangularWaveguide
    >>> guide = RectangularWaveguide(1.02 * np.pi, [(0.5, 0.0), (0.5, 1.0)], 0.15, width=1.0,
    ...                              height=0.5, uv_cutoff=10.0)
    >>> [(round(s.energy, 4), round(s.residue, 4)) for s in bound_states(guide)]
    [(2.8458, 0.5172), (2.9561, 0.7077)]
    """
    if method not in ("bracket", "newton"):
        raise QBatteryValueError(f"method: expected 'bracket' or 'newton', got {method!r}")
    wc, c = guide.cutoff_frequency, guide.speed_of_light
    low, high = wc / 2, wc * (1 - _EDGE)
    found = []
    for n in range(guide.n_emitters):

        def gap(energy: float, n: int = n) -> float:
            return energy - _branch(guide, energy, n)[0]

        if gap(low) >= 0:
            raise QBatteryValueError(
                "guide: a bound state lies below w_c / 2, outside the rotating-wave model's "
                "validity; weaken the dipoles or raise the frequency"
            )
        if gap(high) <= 0:
            continue  # this branch stays above E: no bound state
        if method == "bracket":
            energy = scipy.optimize.brentq(gap, low, high, xtol=1e-14 * wc, rtol=1e-15)
        else:
            q_max = np.sqrt(wc**2 - low**2) / c
            qs = q_max * np.linspace(1, 0, _GRID + 1)[:-1] ** 2  # dense near the edge

            def in_q(q: float, n: int = n) -> float:
                return gap(float(np.sqrt(wc**2 - (c * q) ** 2)), n)

            values = np.array([in_q(q) for q in qs])
            k = int(np.flatnonzero(values > 0)[0])  # sign change between qs[k - 1] and qs[k]
            q = 0.5 * (qs[k - 1] + qs[k])
            for _ in range(50):
                h = 1e-7 * q
                step = in_q(q) * 2 * h / (in_q(q + h) - in_q(q - h))
                q -= step
                if abs(step) < 1e-15 * q_max:
                    break
            energy = float(np.sqrt(wc**2 - (c * q) ** 2))
        vector = _branch(guide, energy, n)[1]
        found.append(BoundState(float(energy), _residue(guide, energy, vector), vector))
    return found


def bound_state_amplitudes(states: list[BoundState], times: Any, *, start: int = 0) -> np.ndarray:
    """Long-time emitter amplitudes ``sum_b Z_b u_b u_b[start]^* e^{-i E_b t}``, (n, N).

    Parameters
    ----------
    states : list of BoundState
        From :func:`bound_states`.
    times : array (n,)
    start : int
        The emitter excited at ``t = 0``.

    Examples
    --------
    The battery's excitation swings for ever between ``((Z_2 -+ Z_1) / 2)^2``:

    >>> import numpy as np
    >>> from qbattery.environments.waveguide import RectangularWaveguide
    >>> guide = RectangularWaveguide(1.02 * np.pi, [(0.5, 0.0), (0.5, 1.0)], 0.15, width=1.0,
    ...                              height=0.5, uv_cutoff=10.0)
    >>> late = bound_state_amplitudes(bound_states(guide), [0.0, 28.5])[:, 1]
    >>> np.round(np.abs(late) ** 2, 4)
    array([0.0091, 0.3751])
    """
    grid = check_times(times)
    out = np.zeros((len(grid), len(states[0].vector) if states else 0), dtype=complex)
    for state in states:
        phase = np.exp(-1j * state.energy * grid)
        out += state.residue * np.outer(phase, state.vector * np.conj(state.vector[start]))
    return out


def spectral_sum_rule(guide: RectangularWaveguide, emitter: int = 0) -> tuple[float, float]:
    """``(sum_b Z_b |u_b[emitter]|^2, int_{w_c}^inf rho(E) dE)``: they add up to one.

    The band's weight is integrated in ``p = sqrt(E^2 - w_c^2) / c`` (no edge singularity)
    with ``Sigma(E + i0)`` on the upper lip of the cuts, broken at each higher mode's threshold.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.environments.waveguide import RectangularWaveguide
    >>> guide = RectangularWaveguide(1.02 * np.pi, [(0.5, 0.0), (0.5, 1.0)], 0.15, width=1.0,
    ...                              height=0.5, uv_cutoff=10.0)
    >>> bound, band = spectral_sum_rule(guide)
    >>> round(bound, 4), round(bound + band, 9)
    (0.6125, 1.0)
    """
    wc, c = guide.cutoff_frequency, guide.speed_of_light
    bare = np.diag(guide.bare_frequencies)

    def density(p: float) -> float:
        energy = float(np.sqrt(wc**2 + (c * p) ** 2))
        resolvent = np.linalg.inv(
            energy * np.eye(guide.n_emitters) - bare - guide.self_energy(energy)
        )
        return float(-resolvent[emitter, emitter].imag / np.pi * c**2 * p / energy)

    top = 12 * guide.uv_cutoff
    # the higher bands open at p_mn = sqrt(w_mn^2 - w_c^2) / c: break the quadrature there
    thresholds = np.sqrt(guide.mode_frequencies[1:] ** 2 - wc**2) / c
    edges = np.unique(np.concatenate([[0.0], np.geomspace(1e-3, top, 25), thresholds]))
    band = sum(
        scipy.integrate.quad(density, a, b, epsabs=1e-12, epsrel=1e-10, limit=200)[0]
        for a, b in itertools.pairwise(edges)
    )
    bound = sum(s.residue * abs(s.vector[emitter]) ** 2 for s in bound_states(guide))
    return float(bound), float(band)


def waveguide_charging(
    guide: RectangularWaveguide,
    times: Any,
    *,
    charger: int = 0,
    battery: int = 1,
    n_modes: int = 1200,
) -> RemoteCharging:
    """The charger excited, the battery and the waveguide empty: exact dynamics on the
    discretised continuum (``n_modes`` standing waves; see
    :meth:`RectangularWaveguide.discretised` for the return time of signals).

    Returns the :class:`~qbattery.studies.remote_charging.RemoteCharging` figures with
    ``H_B = w_0 |e><e|`` (the renormalised frequency).

    Parameters
    ----------
    guide : RectangularWaveguide
    times : array (n,)
        Keep them below the return time ``2 pi / (c dk)`` of the discretisation.
    charger, battery : int
        Indices of the excited charger and of the battery among the emitters.
    n_modes : int
        Standing waves of the discretised continuum, per kept TE mode.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.environments.waveguide import RectangularWaveguide
    >>> guide = RectangularWaveguide(1.02 * np.pi, [(0.5, 0.0), (0.5, 1.0)], 0.15, width=1.0,
    ...                              height=0.5, uv_cutoff=10.0)
    >>> run = waveguide_charging(guide, np.linspace(0, 30, 7), n_modes=600)
    >>> round(float(run.battery_energy.max()), 2)
    1.19
    """
    n = guide.n_emitters
    if charger == battery or not (0 <= charger < n and 0 <= battery < n):
        raise QBatteryValueError(
            f"charger, battery: two different emitter indices in 0..{n - 1}, got {charger}, "
            f"{battery}"
        )
    generator = guide.discretised(positive_int(n_modes, "n_modes"))
    start = np.zeros(len(generator), dtype=complex)
    start[charger] = 1.0
    grid = check_times(times)
    emitters, rate = emitters_and_rate(generator, start, grid, n, battery)
    initial = np.zeros(n + 1, dtype=complex)
    initial[1 + charger] = 1.0
    omegas = np.full(n, guide.frequency)
    return battery_figures(
        grid, emitters, initial, battery, omegas, "waveguide", n_modes, battery_rate=rate
    )
