"""Charger and battery in a rectangular waveguide (review sec. 6; Song et al., PRL 132, 090401).

References (tests/README.md, "Waveguide charging"):
- bound-state energies against Brent's method on a self-energy written here by direct quadrature,
  Sigma_ij(E) = (A_i A_j / 2 pi) int dk w_k e^{-k^2/Lambda^2} cos(k d) / (E - w_k), with the
  band-edge counterterm integrated in its cancellation-free form;
- against the eigenvalues below the band edge of the discretised continuum (a Hermitian star);
- the long-time emitter amplitudes of the discretised continuum against the bound states'
  residues; with no antisymmetric bound state the antisymmetric state decays;
- the residues against the band's spectral weight (sum rule: they add up to one).
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.integrate
import scipy.optimize

from qbattery.dynamics.single_excitation import propagate_amplitudes
from qbattery.environments.waveguide import RectangularWaveguide
from qbattery.errors import QBatteryValueError
from qbattery.studies.waveguide_charging import (
    bound_state_amplitudes,
    bound_states,
    spectral_sum_rule,
    waveguide_charging,
)

#: Brent on a quadrature self-energy against the closed form (quad at rel. 1e-10; observed 2e-15).
ROOT = 1e-8
#: Two root finders on the same self-energy (observed 4e-16).
SAME = 1e-12
#: Discretised star's eigenvalues below the edge (M = 1500, observed 1e-15).
STAR = 1e-10
#: Late-time |c|^2 of the discretised continuum against the bound states: the band's part
#: decays like t^(-3/2); observed 1e-3 at t > 100 with M = 4000, 2e-3 at t > 60 with M = 2400.
LATE = 5e-3
#: Sum rule: quadrature of the band's density (observed 1e-11).
SUM_RULE = 1e-8

TWO_BOUND = {"frequency": 1.02 * np.pi, "dipoles": 0.15, "separation": 1.0}
ONE_BOUND = {"frequency": 1.2 * np.pi, "dipoles": 0.15, "separation": 1.0}


def guide(frequency: float, dipoles: float, separation: float, lam: float = 10.0):
    return RectangularWaveguide(
        frequency, [(0.5, 0.0), (0.5, separation)], dipoles, width=1.0, height=0.5, uv_cutoff=lam
    )


def hand_self_energy(energy: float, d: float, lam: float) -> float:
    """(1 / 2 pi) int dk w_k e^{-k^2/Lambda^2} cos(kd) / (E - w_k) for E < w_c = pi (c = a = 1)."""

    def integrand(k: float) -> float:
        w = np.sqrt(k**2 + np.pi**2)
        return 2 * w * np.exp(-((k / lam) ** 2)) * np.cos(k * d) / (energy - w)

    q = np.sqrt(np.pi**2 - energy**2)
    parts = [(0, q), (q, 10 * q), (10 * q, 10.0), (10.0, 8 * lam)]
    total = sum(
        scipy.integrate.quad(integrand, a, b, limit=1000, epsabs=1e-11, epsrel=1e-10)[0]
        for a, b in parts
    )
    return total / (2 * np.pi)


def hand_counterterm(lam: float) -> float:
    """Regular part of Sigma_jj / A^2 at the edge: the 1/q pole (E^2 / q) removed, E = w_c."""
    wc = np.pi

    def integrand(k: float) -> float:
        w = np.sqrt(k**2 + wc**2)
        return -(w + 2 * wc) / (w + wc) - w * (w + wc) * np.expm1(-((k / lam) ** 2)) / k**2

    top = 8 * lam  # beyond it the Gaussian is gone and the integrand is 2 w_c^2 / k^2
    total = scipy.integrate.quad(integrand, 0, top, limit=500, epsabs=1e-11)[0] + 2 * wc**2 / top
    return total / np.pi  # the integrand is even: (2 / 2 pi) int_0


@pytest.mark.parametrize("case", [TWO_BOUND, ONE_BOUND])
def test_bound_states_against_brent_on_a_hand_written_self_energy(case: dict) -> None:
    waveguide = guide(**case)
    amplitude = 0.15 * np.sin(np.pi / 2) / np.sqrt(0.5)
    bare = case["frequency"] - amplitude**2 * hand_counterterm(10.0)
    expected = []
    for sign in (1, -1):  # identical emitters: symmetric and antisymmetric branches

        def gap(energy: float, sign: int = sign) -> float:
            own = hand_self_energy(energy, 0.0, 10.0)
            other = hand_self_energy(energy, case["separation"], 10.0)
            return energy - bare - amplitude**2 * (own + sign * other)

        if gap(np.pi - 1e-6) > 0:
            expected.append(scipy.optimize.brentq(gap, np.pi / 2, np.pi - 1e-6, xtol=1e-13))
    found = bound_states(waveguide)
    np.testing.assert_allclose([s.energy for s in found], sorted(expected), atol=ROOT, rtol=0)
    newton = bound_states(waveguide, method="newton")
    np.testing.assert_allclose(
        [s.energy for s in newton], [s.energy for s in found], atol=SAME, rtol=0
    )
    assert len(found) == (2 if case is TWO_BOUND else 1)


def test_bound_states_are_the_discretised_continuum_below_the_edge() -> None:
    waveguide = guide(**TWO_BOUND)
    levels = np.linalg.eigvalsh(waveguide.discretised(1500))
    below = levels[levels < waveguide.cutoff_frequency]
    np.testing.assert_allclose(below, [s.energy for s in bound_states(waveguide)], atol=STAR)


def test_residues_and_band_weight_add_up_to_one() -> None:
    bound, band = spectral_sum_rule(guide(**TWO_BOUND))
    assert 0 < bound < 1
    assert abs(bound + band - 1) < SUM_RULE


def test_long_time_exchange_is_carried_by_the_bound_states() -> None:
    """No ageing: the battery keeps exchanging energy with the charger at E_2 - E_1."""
    waveguide = guide(**TWO_BOUND)
    times = np.linspace(0, 110, 441)  # the star's signals return at ~2 pi M / (2 * 60) = 126
    run = waveguide_charging(waveguide, times, n_modes=2400)
    late = times > 60
    states = bound_states(waveguide)
    predicted = np.abs(bound_state_amplitudes(states, times)[:, 1]) ** 2 * waveguide.frequency
    np.testing.assert_allclose(run.battery_energy[late], predicted[late], atol=LATE * np.pi)
    first, second = (state.residue for state in states)
    # identical emitters, u = (1, +-1)/sqrt(2): |c_B|^2 swings between ((Z2 -+ Z1) / 2)^2
    edges = [((second - first) / 2) ** 2, ((second + first) / 2) ** 2]
    forever = np.abs(bound_state_amplitudes(states, np.linspace(0, 2000, 20001))[:, 1]) ** 2
    np.testing.assert_allclose([forever.min(), forever.max()], edges, atol=1e-4)
    assert edges[1] - edges[0] > 0.3  # a lasting exchange of a third of the excitation
    assert run.max_ergotropy == 0  # |c_B|^2 < 1/2 and no coherence with the ground state


@pytest.mark.slow
def test_without_an_antisymmetric_bound_state_the_antisymmetric_state_decays() -> None:
    waveguide = guide(**ONE_BOUND)
    (state,) = bound_states(waveguide)
    times = np.linspace(0, 110, 221)
    start = np.zeros(2 + 2400)
    start[:2] = [1 / np.sqrt(2), -1 / np.sqrt(2)]
    amplitudes = propagate_amplitudes(waveguide.discretised(2400), start, times, components=[0, 1])
    antisymmetric = np.abs(amplitudes @ np.array([1, -1]) / np.sqrt(2)) ** 2
    assert antisymmetric[0] == pytest.approx(1.0)
    assert antisymmetric[times > 60].max() < LATE  # decayed: no bound state holds it
    assert abs(state.vector @ np.array([1, -1])) < 1e-12  # the one bound state is symmetric


def test_bound_energies_depend_only_weakly_on_the_ultraviolet_cutoff() -> None:
    """CONVENTIONS slip 6: binding energies move by about 1% per doubling of Lambda."""
    binding = [
        np.pi - bound_states(guide(**TWO_BOUND, lam=lam))[0].energy for lam in (10.0, 20.0, 40.0)
    ]
    steps = np.abs(np.diff(binding)) / binding[1:]
    assert np.all(steps < 0.03)


def test_self_energy_on_the_cut_and_through_it() -> None:
    """Golden rule on the upper lip, continuity there, and the second sheet below the cut."""
    waveguide = guide(**TWO_BOUND)
    amplitude = waveguide.amplitudes[0]
    energy = 3.6  # in the band: k_E = sqrt(E^2 - w_c^2) / c
    k = np.sqrt(energy**2 - np.pi**2)
    rate = amplitude**2 * energy**2 * np.exp(-((k / 10.0) ** 2)) / k  # -Im Sigma_jj(E + i0)
    sigma = waveguide.self_energy(energy)
    np.testing.assert_allclose(sigma.imag, -rate * np.array([[1, np.cos(k)], [np.cos(k), 1]]))
    above = waveguide.self_energy(energy + 1e-9j)
    below = waveguide.self_energy(energy - 1e-9j, sheet=2)
    np.testing.assert_allclose(above, sigma, atol=1e-7)
    np.testing.assert_allclose(below, sigma, atol=1e-7)  # the second sheet continues the lip
    first_below = waveguide.self_energy(energy - 1e-9j)
    np.testing.assert_allclose(first_below, sigma.conj(), atol=1e-7)  # the lower lip


def test_bad_input() -> None:
    with pytest.raises(QBatteryValueError, match="height: must not exceed width"):
        RectangularWaveguide(3.0, [(0.5, 0.0)], 0.1, width=1.0, height=2.0)
    with pytest.raises(QBatteryValueError, match=r"positions\[0\]: x must lie"):
        RectangularWaveguide(3.0, [(1.5, 0.0)], 0.1, width=1.0, height=0.5)
    with pytest.raises(QBatteryValueError, match="dipoles: expected 1 or 2"):
        RectangularWaveguide(3.0, [(0.5, 0.0), (0.5, 1.0)], [0.1] * 3, width=1.0, height=0.5)
    with pytest.raises(QBatteryValueError, match="sheet: expected 1"):
        guide(**TWO_BOUND).self_energy(3.0, sheet=3)
    with pytest.raises(QBatteryValueError, match="method: expected"):
        bound_states(guide(**TWO_BOUND), method="secant")
    with pytest.raises(QBatteryValueError, match="charger, battery"):
        waveguide_charging(guide(**TWO_BOUND), [0.0, 1.0], charger=1, battery=1)
