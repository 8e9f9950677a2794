"""TE_mn modes of the rectangular waveguide (review eqs. 36-39; Song et al., PRL 132, 090401).

References (tests/README.md, "Waveguide charging"):
- one kept mode reproduces the TE_10 guide bit for bit (by count, by list, by frequency cut-off);
- the mode list against a hand enumeration of w_mn = c sqrt((m pi/a)^2 + (n pi/b)^2);
- the couplings A_mn,j against the TE_mn field built here from H_z = cos(m pi x/a) cos(n pi y/b)
  (E_t = z x grad H_z), normalised by 2-D quadrature over the cross-section;
- the summed self-energy below the edge against direct quadrature of every mode's integral;
- bound states against Brent's method on that hand-written self-energy (counterterm included)
  and against the eigenvalues below the edge of the discretised continuum of every mode;
- on each band the golden rule: -Im Sigma_ij(E + i0) sums over the open modes only, and the
  second sheet continues the upper lip of the lowest cut; the band's weight completes the sum rule.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.integrate
import scipy.linalg
import scipy.optimize

from qbattery.environments.waveguide import RectangularWaveguide, te_modes
from qbattery.errors import QBatteryValueError
from qbattery.studies.waveguide_charging import bound_states, spectral_sum_rule

#: Closed form against the summed quadrature (quad at rel. 1e-10).
QUAD = 1e-8
#: The mode couplings against a 2-D quadrature of the field's normalisation (rel. ~1e-12).
FIELD = 1e-9
#: Star eigenvalues below the edge against the root finder (M = 500 per mode: observed ~1e-11;
#: M = 400 gives 1e-9, M = 600 1e-13).
STAR = 1e-9
#: Sum rule (band quadrature broken at every threshold).
SUM_RULE = 1e-7

LAM = 10.0
PLACES = [(0.3, 0.1, 0.0), (0.6, 0.35, 1.0)]
KEEP = 3  # TE_10, TE_20, TE_11 for a = 1, b = 0.5


def guide(modes=KEEP, places=PLACES, frequency=1.02 * np.pi, dipoles=0.15):
    return RectangularWaveguide(
        frequency, places, dipoles, width=1.0, height=0.5, uv_cutoff=LAM, modes=modes
    )


def field_couplings(m: int, n: int, places, a=1.0, b=0.5, d=0.15) -> np.ndarray:
    """d E_y(x_j, y_j) / sqrt(2) of the TE_mn mode normalised over the cross-section."""
    kx, ky = m * np.pi / a, n * np.pi / b

    def e_y(y: float, x: float) -> float:  # E = z x grad H_z: E_y = dH_z/dx (up to a constant)
        return -kx * np.sin(kx * x) * np.cos(ky * y)

    def e_x(y: float, x: float) -> float:
        return ky * np.cos(kx * x) * np.sin(ky * y)

    norm = scipy.integrate.dblquad(
        lambda y, x: e_x(y, x) ** 2 + e_y(y, x) ** 2, 0, a, 0, b, epsabs=1e-13, epsrel=1e-12
    )[0]
    return np.array([d * e_y(y, x) / np.sqrt(norm) / np.sqrt(2) for x, y, _ in places])


def mode_integral(energy: float, d: float, cutoff: float) -> float:
    """(1 / 2 pi) int dk w_k e^{-k^2/Lambda^2} cos(kd) / (E - w_k), E < w_mn (c = 1)."""

    def integrand(k: float) -> float:
        w = np.sqrt(k**2 + cutoff**2)
        return 2 * w * np.exp(-((k / LAM) ** 2)) * np.cos(k * d) / (energy - w)

    q = np.sqrt(cutoff**2 - energy**2)
    parts = [(0, q), (q, 10 * q), (10 * q, 10.0), (10.0, 8 * LAM)]
    total = sum(
        scipy.integrate.quad(integrand, lo, hi, limit=1000, epsabs=1e-11, epsrel=1e-10)[0]
        for lo, hi in parts
    )
    return total / (2 * np.pi)


def edge_counterterm() -> float:
    """Regular part of the TE_10 integral at its own edge (the 1/q pole removed), w_c = pi."""
    wc = np.pi

    def integrand(k: float) -> float:
        w = np.sqrt(k**2 + wc**2)
        return -(w + 2 * wc) / (w + wc) - w * (w + wc) * np.expm1(-((k / LAM) ** 2)) / k**2

    top = 8 * LAM
    total = scipy.integrate.quad(integrand, 0, top, limit=500, epsabs=1e-11)[0] + 2 * wc**2 / top
    return total / np.pi


MODES = [(1, 0), (2, 0), (1, 1)]
CUTOFFS = [np.pi, 2 * np.pi, np.sqrt(5) * np.pi]
COUPLINGS = np.array([field_couplings(m, n, PLACES) for m, n in MODES])  # (P, N)


def hand_sigma(energy: float) -> np.ndarray:
    out = np.zeros((2, 2))
    for amplitude, cutoff in zip(COUPLINGS, CUTOFFS, strict=True):
        own = [mode_integral(energy, 0.0, cutoff)] * 2
        other = mode_integral(energy, 1.0, cutoff)
        out += np.outer(amplitude, amplitude) * np.array([[own[0], other], [other, own[1]]])
    return out


def hand_bare(frequency: float) -> np.ndarray:
    shift = COUPLINGS[0] ** 2 * edge_counterterm()
    for amplitude, cutoff in zip(COUPLINGS[1:], CUTOFFS[1:], strict=True):
        shift = shift + amplitude**2 * mode_integral(np.pi, 0.0, cutoff)
    return frequency - shift


def test_one_mode_is_the_te10_guide_bit_for_bit() -> None:
    reference = RectangularWaveguide(
        1.02 * np.pi, [(0.3, 0.0), (0.6, 1.0)], 0.15, width=1.0, height=0.5, uv_cutoff=LAM
    )
    energies = np.array([2.0, 3.0, 3.3, 4.0 + 0.1j])
    for same in (
        guide(modes=1, places=[(0.3, 0.0), (0.6, 1.0)]),
        guide(modes=[(1, 0)], places=[(0.3, 0.0), (0.6, 1.0)]),
        guide(modes=[(1, 0)]),  # with y given: TE_10 does not depend on it
        RectangularWaveguide(
            1.02 * np.pi, PLACES, 0.15, width=1.0, height=0.5, uv_cutoff=LAM, mode_cutoff=6.0
        ),
    ):
        assert same.modes == ((1, 0),)
        for sheet in (1, 2):
            assert np.array_equal(
                same.self_energy(energies, sheet=sheet),
                reference.self_energy(energies, sheet=sheet),
            )
        assert np.array_equal(same.bare_frequencies, reference.bare_frequencies)
        assert np.array_equal(same.discretised(300), reference.discretised(300))


def test_a_mode_with_a_node_at_the_emitters_changes_nothing() -> None:
    """TE_20 vanishes on the guide's midline x = a/2 (sin(2 pi x / a) = 0 there)."""
    places = [(0.5, 0.0), (0.5, 1.0)]
    alone, with_node = guide(modes=1, places=places), guide(modes=[(1, 0), (2, 0)], places=places)
    np.testing.assert_allclose(
        with_node.self_energy([2.5, 3.0]), alone.self_energy([2.5, 3.0]), atol=1e-15
    )
    np.testing.assert_allclose(
        [s.energy for s in bound_states(with_node)],
        [s.energy for s in bound_states(alone)],
        atol=1e-12,
    )


def test_mode_list_against_a_hand_enumeration() -> None:
    # a = 1, b = 0.5 (c = 1): w_mn / pi = sqrt(m^2 + 4 n^2), m >= 1
    by_hand = [
        (1, 0),
        (2, 0),
        (1, 1),
        (2, 1),
        (3, 0),
        (3, 1),
        (4, 0),
        (1, 2),
        (2, 2),
        (4, 1),
    ]  # ties: by m
    assert te_modes(1.0, 0.5, modes=10) == tuple(by_hand)
    assert te_modes(1.0, 0.5, mode_cutoff=3.05 * np.pi) == tuple(by_hand[:5])
    assert te_modes(1.0, 0.5, modes=[(1, 1), (1, 0)]) == ((1, 0), (1, 1))
    np.testing.assert_allclose(guide().mode_frequencies, CUTOFFS, rtol=1e-15)


def test_couplings_against_the_normalised_te_field() -> None:
    np.testing.assert_allclose(np.abs(guide().mode_amplitudes), np.abs(COUPLINGS), rtol=FIELD)
    # a mode's overall sign is a convention; only the products A_i A_j enter Sigma
    products = np.einsum("pi,pj->pij", guide().mode_amplitudes, guide().mode_amplitudes)
    expected = np.einsum("pi,pj->pij", COUPLINGS, COUPLINGS)
    np.testing.assert_allclose(products, expected, rtol=FIELD, atol=1e-15)


@pytest.mark.parametrize("energy", [1.8, 2.9, 3.1])
def test_summed_self_energy_against_quadrature(energy: float) -> None:
    np.testing.assert_allclose(
        guide().self_energy(energy).real, hand_sigma(energy), rtol=QUAD, atol=QUAD
    )
    assert np.all(guide().self_energy(energy).imag == 0)


def test_bound_states_against_brent_on_the_quadrature_and_the_star() -> None:
    waveguide = guide()
    bare = hand_bare(1.02 * np.pi)
    np.testing.assert_allclose(waveguide.bare_frequencies, bare, rtol=QUAD, atol=QUAD)
    expected = []
    for branch in (0, 1):

        def gap(energy: float, branch: int = branch) -> float:
            return energy - np.linalg.eigvalsh(np.diag(bare) + hand_sigma(energy))[branch]

        if gap(np.pi - 1e-6) > 0:
            expected.append(scipy.optimize.brentq(gap, np.pi / 2, np.pi - 1e-6, xtol=1e-13))
    found = bound_states(waveguide)
    assert len(found) == len(expected) == 2
    np.testing.assert_allclose([s.energy for s in found], expected, atol=1e-8, rtol=0)
    newton = bound_states(waveguide, method="newton")
    np.testing.assert_allclose([s.energy for s in newton], [s.energy for s in found], atol=1e-12)
    below = scipy.linalg.eigh(
        waveguide.discretised(500),
        eigvals_only=True,
        subset_by_value=(-np.inf, waveguide.cutoff_frequency),
    )
    np.testing.assert_allclose(below, [s.energy for s in found], atol=STAR)


def test_golden_rule_on_each_band_and_the_second_sheet() -> None:
    """-Im Sigma_ij(E + i0) = sum over open modes A_i A_j E^2 e^{-k^2/L^2} cos(k d) / (c^2 k)."""
    waveguide = guide()
    for energy in (4.0, 6.5, 7.5):  # TE_10 open; TE_10 and TE_20; all three
        expected = np.zeros((2, 2))
        for amplitude, cutoff in zip(COUPLINGS, CUTOFFS, strict=True):
            if energy > cutoff:
                k = np.sqrt(energy**2 - cutoff**2)
                rate = energy**2 * np.exp(-((k / LAM) ** 2)) / k
                expected += (
                    np.outer(amplitude, amplitude)
                    * rate
                    * np.array([[1, np.cos(k)], [np.cos(k), 1]])
                )
        sigma = waveguide.self_energy(energy)
        np.testing.assert_allclose(-sigma.imag, expected, rtol=1e-10, atol=1e-14)
    lip = waveguide.self_energy(4.0)
    below = waveguide.self_energy(4.0 - 1e-9j, sheet=2)
    np.testing.assert_allclose(below, lip, atol=1e-7)  # continues the lowest cut's upper lip


def test_sum_rule_with_three_bands() -> None:
    bound, band = spectral_sum_rule(guide())
    assert 0 < bound < 1
    assert abs(bound + band - 1) < SUM_RULE


def test_bad_mode_input() -> None:
    with pytest.raises(QBatteryValueError, match=r"positions\[0\]: give \(x, y, z\)"):
        guide(places=[(0.3, 0.0), (0.6, 1.0)])
    with pytest.raises(QBatteryValueError, match=r"modes\[0\]: need m >= 1"):
        guide(modes=[(0, 1)])
    with pytest.raises(QBatteryValueError, match=r"modes\[1\]: \(1, 0\) is listed twice"):
        guide(modes=[(1, 0), (1, 0)])
    with pytest.raises(QBatteryValueError, match="mode_cutoff: must exceed"):
        te_modes(1.0, 0.5, mode_cutoff=3.0)
    with pytest.raises(QBatteryValueError, match="not both"):
        te_modes(1.0, 0.5, modes=2, mode_cutoff=7.0)
    with pytest.raises(QBatteryValueError, match=r"positions\[1\]: y must lie"):
        guide(places=[(0.3, 0.1, 0.0), (0.6, 0.7, 1.0)])


@pytest.mark.slow
def test_long_time_dynamics_with_three_modes_is_carried_by_the_bound_states() -> None:
    """The discretised continuum of all three bands at late times against the bound states."""
    from qbattery.studies.waveguide_charging import bound_state_amplitudes, waveguide_charging

    waveguide = guide()
    times = np.linspace(0, 50, 101)  # 1000 waves per band return at t = 52.4
    run = waveguide_charging(waveguide, times, n_modes=1000)
    predicted = np.abs(bound_state_amplitudes(bound_states(waveguide), times)[:, 1]) ** 2
    late = times >= 35
    # the bands' part decays like t^(-3/2): observed 1.7e-3 of w_0 here
    np.testing.assert_allclose(
        run.battery_energy[late] / waveguide.frequency, predicted[late], atol=5e-3
    )
