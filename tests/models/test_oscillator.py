"""Harmonic-oscillator batteries against exact solutions and independent QuTiP builds.

References:
- a linearly driven oscillator ``H = omega b^dag b + f(t) b^dag + f(t)^* b`` started in the vacuum
  stays in the coherent state ``|beta(t)>``, ``beta(t) = -i int_0^t e^{-i omega (t-s)} f(s) ds``
  (Glauber), so ``W = omega |beta|^2`` and, the state being pure, the ergotropy equals ``W``;
  for ``f = F e^{-i w_d s}`` the integral is ``-i F e^{-i omega t} E(omega - w_d, t)`` and for
  ``f = 2 F cos(w_d s)`` it is ``-i F e^{-i omega t} [E(omega + w_d, t) + E(omega - w_d, t)]``,
  ``E(k, t) = (e^{i k t} - 1)/(i k)`` (``t`` at ``k = 0``);
- two resonant modes with ``g (a b^dag + a^dag b)`` and a resonant field ``F`` on the charger:
  in the frame rotating at ``omega`` the amplitudes obey ``alpha' = -i g beta - i F``,
  ``beta' = -i g alpha``, so ``beta = -i alpha_0 sin(g t) - (F/g)(1 - cos g t)`` and the battery
  holds ``omega [n sin^2(g t) + (F/g)^2 (1 - cos g t)^2]`` for a charger of mean quanta n
  (Fock or coherent with real amplitude); detuned by ``delta`` without the field,
  ``omega_b n (g/W)^2 sin^2(W t)``, ``W = sqrt(g^2 + delta^2/4)`` (beam splitter, Andolina et
  al., PRB 98, 205423 (2018));
- one excitation between a two-level charger and an oscillator (Jaynes-Cummings):
  ``omega sin^2(g t)``;
- QuTiP ``destroy``/``tensor`` Hamiltonians with their own coefficient functions, integrated by
  ``qutip.sesolve``, for the couplings without a closed form here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.errors import ConvergenceWarning, QBatteryError, QBatteryTypeError, QBatteryValueError
from qbattery.models.oscillator import Oscillation, driven_oscillator, oscillator_charger

#: ODE solutions (rtol 1e-10, atol 1e-12 in charge and in the QuTiP references) over ~10 periods.
ODE = 1e-8
#: Spectral (exact) propagation of a few-state space: round-off only.
EXACT = 1e-11
#: The 1e-12 Fock tail left above a default cut-off, times energies of order 10.
CUTOFF = 1e-9
#: Fraction of the energy the Fock charger locks at least, away from the full-transfer time
#: (g t within 0.1 of pi/2) and the ends: measured >= 2.5 % (up to 100 % at small g t).
LOCKED = 0.01
#: qutip.sesolve/mesolve settings of the references (ODE allows for them).
QUTIP_OPTIONS = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 1_000_000}


def swept(k: float, t: np.ndarray) -> np.ndarray:
    """``E(k, t) = int_0^t e^{i k s} ds``."""
    if k == 0:
        return t.astype(complex)
    return (np.exp(1j * k * t) - 1) / (1j * k)


@pytest.mark.parametrize("rotating_wave", [True, False])
@pytest.mark.parametrize("drive_frequency", [1.0, 0.8])
def test_driven_oscillator_is_a_coherent_state(rotating_wave: bool, drive_frequency: float) -> None:
    force, omega = 0.15, 1.0
    times = np.linspace(0.0, 8.0, 41)
    battery = driven_oscillator(
        force, omega, drive_frequency=drive_frequency, rotating_wave=rotating_wave, duration=8.0
    )
    result = qb.charge(battery, times)
    if rotating_wave:
        beta = -1j * force * np.exp(-1j * omega * times) * swept(omega - drive_frequency, times)
    else:
        beta = (
            -1j
            * force
            * np.exp(-1j * omega * times)
            * (swept(omega + drive_frequency, times) + swept(omega - drive_frequency, times))
        )
    expected = omega * np.abs(beta) ** 2
    assert result.method == "ode"
    np.testing.assert_allclose(result.energy, expected, atol=ODE)
    np.testing.assert_allclose(result.ergotropy, expected, atol=ODE)
    if rotating_wave and drive_frequency == omega:
        np.testing.assert_allclose(result.energy, omega * force**2 * times**2, atol=ODE)


def test_driven_oscillator_truncation_is_checked() -> None:
    battery = driven_oscillator(0.3, rotating_wave=True, duration=2.0)
    inside = qb.charge(battery, np.linspace(0.0, 2.0, 11))
    larger = qb.charge(
        driven_oscillator(
            0.3, rotating_wave=True, duration=2.0, cutoff=battery.parameters["cutoff"] + 10
        ),
        np.linspace(0.0, 2.0, 11),
    )
    np.testing.assert_allclose(inside.energy, larger.energy, atol=CUTOFF)
    with pytest.warns(ConvergenceWarning, match="cutoff"):
        qb.charge(battery, np.linspace(0.0, 20.0, 11))


def test_oscillation_protocol() -> None:
    protocol = Oscillation(2.0, 3.0, 0.5)
    t = np.array([0.0, 0.7])
    np.testing.assert_allclose(protocol(t), 2.0 * np.cos(3.0 * t + 0.5), atol=EXACT)
    assert isinstance(protocol(0.7), float)


@pytest.mark.parametrize("quanta", [1, 3])
def test_charger_fock_beam_splitter(quanta: int) -> None:
    g = 0.2
    battery = oscillator_charger(g, quanta=quanta)
    assert battery.dims == (quanta + 1, quanta + 1) and battery.truncation is None
    times = np.linspace(0.0, math.pi / g, 81)
    result = qb.charge(battery, times)
    np.testing.assert_allclose(result.energy, quanta * np.sin(g * times) ** 2, atol=EXACT)
    # at g t = pi/2 the battery holds the Fock state |n>: all of its energy is ergotropy
    assert times[40] == pytest.approx(math.pi / (2 * g), rel=EXACT)
    np.testing.assert_allclose(result.ergotropy[40], quanta, atol=EXACT)


def test_charger_detuned_beam_splitter() -> None:
    g, w_c, w_b, n = 0.15, 1.2, 1.0, 2
    battery = oscillator_charger(g, w_c, w_b, quanta=n)
    times = np.linspace(0.0, 25.0, 51)
    result = qb.charge(battery, times)
    w = math.sqrt(g**2 + (w_c - w_b) ** 2 / 4)
    np.testing.assert_allclose(
        result.energy, w_b * n * (g / w) ** 2 * np.sin(w * times) ** 2, atol=EXACT
    )


@pytest.mark.parametrize("charger", ["fock", "coherent"])
def test_charger_with_field(charger: str) -> None:
    g, force, omega, n = 0.3, 0.05, 1.0, 1
    battery = oscillator_charger(g, drive=force, quanta=n, charger=charger, duration=10.0)
    assert battery.truncation is not None
    times = np.linspace(0.0, 10.0, 21)
    result = qb.charge(battery, times)
    expected = omega * (
        n * np.sin(g * times) ** 2 + (force / g) ** 2 * (1 - np.cos(g * times)) ** 2
    )
    np.testing.assert_allclose(result.energy, expected, atol=ODE)


def test_two_level_charger_single_excitation() -> None:
    g = 0.3
    battery = oscillator_charger(g, charger_type="two_level")
    assert battery.dims == (2, 2)
    times = np.linspace(0.0, 12.0, 49)
    result = qb.charge(battery, times)
    np.testing.assert_allclose(result.energy, np.sin(g * times) ** 2, atol=EXACT)


def reference_charger(
    g: float,
    w_c: float,
    w_b: float,
    force: float,
    cutoff: int,
    two_level: bool,
    rotating_wave: bool,
    charger_ket: qutip.Qobj,
    times: np.ndarray,
) -> np.ndarray:
    """Battery energy from a QuTiP build of the charger model."""
    a_local = qutip.destroy(2) if two_level else qutip.destroy(cutoff + 1)
    a = qutip.tensor(a_local, qutip.qeye(cutoff + 1))
    b = qutip.tensor(qutip.qeye(a_local.shape[0]), qutip.destroy(cutoff + 1))
    h0 = w_c * a.dag() * a + w_b * b.dag() * b
    if rotating_wave:
        h0 += g * (a * b.dag() + a.dag() * b)
    else:
        h0 += g * (a + a.dag()) * (b + b.dag())
    hamiltonian = [
        h0,
        [force * a.dag(), lambda t: np.exp(-1j * w_c * t)],
        [force * a, lambda t: np.exp(1j * w_c * t)],
    ]
    psi0 = qutip.tensor(charger_ket, qutip.basis(cutoff + 1, 0))
    result = qutip.sesolve(
        hamiltonian, psi0, times, e_ops=[w_b * b.dag() * b], options=QUTIP_OPTIONS
    )
    return np.asarray(result.expect[0])


@pytest.mark.parametrize(
    ("two_level", "rotating_wave", "force"),
    [(False, False, 0.0), (False, False, 0.04), (True, False, 0.0), (True, True, 0.1)],
)
def test_charger_matches_qutip(two_level: bool, rotating_wave: bool, force: float) -> None:
    g, w_c, w_b = 0.2, 1.0, 1.1
    battery = oscillator_charger(
        g,
        w_c,
        w_b,
        drive=force,
        charger_type="two_level" if two_level else "oscillator",
        rotating_wave=rotating_wave,
        duration=10.0,
    )
    cutoff = battery.parameters["cutoff"]
    charger_ket = qutip.basis(2, 1) if two_level else qutip.basis(cutoff + 1, 1)
    times = np.linspace(0.0, 10.0, 21)
    expected = reference_charger(
        g, w_c, w_b, force, cutoff, two_level, rotating_wave, charger_ket, times
    )
    result = qb.charge(battery, times)
    np.testing.assert_allclose(result.energy, expected, atol=ODE)


def test_counter_rotating_default_cutoff_converges() -> None:
    times = np.linspace(0.0, 10.0, 11)
    battery = oscillator_charger(0.2, rotating_wave=False, quanta=2, duration=10.0)
    larger = oscillator_charger(
        0.2, rotating_wave=False, quanta=2, duration=10.0, cutoff=battery.parameters["cutoff"] + 6
    )
    np.testing.assert_allclose(
        qb.charge(battery, times).energy, qb.charge(larger, times).energy, atol=CUTOFF
    )


def test_parameters_recorded() -> None:
    battery = oscillator_charger(0.2, 1.1, 0.9, drive=0.01, quanta=1.5, charger="coherent")
    assert battery.name == "oscillator_charger"
    assert battery.parameters["omega_c"] == 1.1 and battery.parameters["quanta"] == 1.5
    assert driven_oscillator(0.1).parameters["drive_frequency"] == 1.0


def test_chebyshev_keeps_the_coherent_charger_normalised() -> None:
    # Regression: Lanczos (ARPACK) put the lower spectral bound of this H above its lowest level
    # (the vacuum, 0, a one-state sector the start vector barely overlaps), the Chebyshev vectors
    # grew like cosh and the battery states past g t = pi/2 had traces ~1e13 (energies survived,
    # ergotropy did not). The propagator now checks the growth and rescales to Gershgorin bounds.
    g, n = 0.2, 3
    battery = oscillator_charger(g, quanta=n, charger="coherent")
    times = np.linspace(0.0, math.pi / g, 41)
    cheb = qb.charge(battery, times, method="chebyshev", battery_states=True)
    exact = qb.charge(battery, times, method="spectral", battery_states=True)
    np.testing.assert_allclose(np.trace(cheb.battery_states, axis1=1, axis2=2), 1.0, atol=EXACT)
    np.testing.assert_allclose(cheb.battery_states, exact.battery_states, atol=EXACT)
    np.testing.assert_allclose(cheb.ergotropy, exact.ergotropy, atol=EXACT)


# --- published numbers -------------------------------------------------------------------------


def binomial_ergotropy(n: int, p: float, omega: float) -> float:
    """Ergotropy of the diagonal state with binomial(n, p) populations on levels omega k."""
    populations = np.array([math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(n + 1)])
    levels = omega * np.arange(n + 1)
    return float(levels @ populations - levels @ np.sort(populations)[::-1])


def test_andolina_coherent_charger_frees_the_ergotropy() -> None:
    """Andolina, Keck, Mari, Campisi, Giovannetti & Polini, PRL 122, 047702 (2019), abstract:
    correlations between charger and battery reduce the fraction of the stored energy that can
    be extracted, and "the correlation-induced suppression of extractable energy ... can be
    mitigated by preparing the charger in a coherent optical state".

    In the oscillator charger (Andolina et al., PRB 98, 205423 (2018)) both cases are closed
    forms (derived here, the papers' equations not being in the text available to us): the
    beam splitter sends a Fock charger |n> to a binomial(n, sin^2 g t) mixture on the battery,
    whose ergotropy puts the sorted populations on the lowest levels, below the energy except
    at g t = pi/2; a coherent charger leaves the battery in a coherent (pure) state, all of its
    energy ergotropy.
    """
    g, omega, n = 0.2, 1.0, 3
    times = np.linspace(0.0, math.pi / g, 41)
    fock = qb.charge(oscillator_charger(g, quanta=n), times)
    expected = [binomial_ergotropy(n, math.sin(g * t) ** 2, omega) for t in times]
    np.testing.assert_allclose(fock.ergotropy, expected, atol=EXACT)
    inside = (times > 0) & (np.abs(g * times - math.pi / 2) > 0.1) & (g * times < math.pi - 0.1)
    assert np.all(fock.ergotropy[inside] < (1 - LOCKED) * fock.energy[inside])
    coherent = qb.charge(oscillator_charger(g, quanta=n, charger="coherent"), times)
    np.testing.assert_allclose(coherent.energy, n * omega * np.sin(g * times) ** 2, atol=CUTOFF)
    np.testing.assert_allclose(coherent.ergotropy, coherent.energy, atol=CUTOFF)


BAD_INPUT = [
    (lambda: driven_oscillator(float("nan")), QBatteryValueError, "drive"),
    (lambda: driven_oscillator("0.1"), QBatteryTypeError, "drive"),
    (lambda: driven_oscillator(0.1, omega=0.0), QBatteryValueError, "omega"),
    (lambda: driven_oscillator(0.1, drive_frequency=-1.0), QBatteryValueError, "drive_frequency"),
    (lambda: driven_oscillator(0.1, rotating_wave=1), QBatteryTypeError, "rotating_wave"),
    (lambda: driven_oscillator(0.1, duration=0.0), QBatteryValueError, "duration"),
    (lambda: driven_oscillator(0.1, cutoff=0), QBatteryValueError, "cutoff"),
    (lambda: oscillator_charger(float("inf")), QBatteryValueError, "coupling"),
    (lambda: oscillator_charger(0.6, rotating_wave=False), QBatteryValueError, "coupling"),
    (lambda: oscillator_charger(0.1, omega_b=-1.0), QBatteryValueError, "omega_b"),
    (lambda: oscillator_charger(0.1, omega_c=0.0), QBatteryValueError, "omega_c"),
    (lambda: oscillator_charger(0.1, quanta=1.5), QBatteryTypeError, "quanta"),
    (lambda: oscillator_charger(0.1, quanta=-1), QBatteryValueError, "quanta"),
    (lambda: oscillator_charger(0.1, charger="thermal"), QBatteryValueError, "charger"),
    (lambda: oscillator_charger(0.1, charger_type="qubit"), QBatteryValueError, "charger_type"),
    (
        lambda: oscillator_charger(0.1, charger_type="two_level", quanta=2),
        QBatteryValueError,
        "quanta",
    ),
    (lambda: oscillator_charger(0.1, quanta=3, cutoff=2), QBatteryValueError, "cutoff"),
    (lambda: oscillator_charger(0.1, drive=float("nan")), QBatteryValueError, "drive"),
]


@pytest.mark.parametrize(("call", "error", "argument"), BAD_INPUT)
def test_bad_input_names_the_argument(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument) as info:
        call()
    assert isinstance(info.value, QBatteryError)
