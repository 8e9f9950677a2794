"""The STIRAP battery and its shortcut (multilevel/stirap.py) against references.

References:
- Hamiltonians built with QuTiP projectors ``basis(3, l) * basis(3, u).dag()`` and Gaussian
  pulses written out here, integrated by ``qutip.sesolve``;
- the adiabatic theorem: with ``Omega_0 sigma >> 1`` STIRAP ends in ``|2>`` (Santos et al.,
  PRE 100, 032107 (2019)); the resonant dark state ``cos theta |0> - sin theta |2>``,
  ``tan theta = Omega_P / Omega_S``, solves ``H + theta' Y_02`` exactly (Chen et al., PRL 105,
  123003 (2010)), so the population of ``|2>`` is ``sin^2 theta(t)`` at any speed;
- ``theta'`` against a central finite difference of ``arctan(Omega_P / Omega_S)``;
- the cascade ``2 -> 1 -> 0`` against ``qutip.mesolve``; a unitary cannot raise the ergotropy of
  ``diag(p)`` above its capacity ``(p_max - p_min) omega_2`` (levels 0 < omega_1 < omega_2).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.errors import (
    DimensionError,
    NotDensityMatrixError,
    QBatteryError,
    QBatteryTypeError,
    QBatteryValueError,
)
from qbattery.models.multilevel import (
    GaussianPulse,
    MixingAngleRate,
    closed_loop_battery,
    qutrit_battery,
    self_discharged_state,
    stirap_battery,
)
from tests.models.multilevel.references import ket, link, populations, pulses

#: ODE solutions (rtol 1e-10, atol 1e-12) of a three-level system over ~10 Rabi periods.
ODE = 1e-8
#: The shortcut follows the dark state exactly; only the ODE error remains (brief: 1e-6).
SHORTCUT = 1e-6
#: Spectral (exact) propagation and closed forms of a 3 x 3 problem: round-off.
EXACT = 1e-11
#: Central difference with step 1e-5 of a smooth function: error ~ h^2 |f'''| ~ 1e-9.
DIFFERENCE = 1e-7
#: Population left behind by STIRAP at Omega_0 sigma = 50: measured 9.3e-6; the adiabatic
#: theorem only says it vanishes as Omega_0 sigma grows, so a bound ten times the measurement.
NON_ADIABATIC = 1e-4
#: Change of |2>'s population after the pulses (their tails past T are ~exp(-32)): the solver's
#: error over T at Omega_0 = 40, measured 1.1e-7.
AFTER_PULSES = 1e-6
#: qutip.sesolve settings of the references (ODE allows for them).
QUTIP_OPTIONS = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 1_000_000}


# --- STIRAP --------------------------------------------------------------------------------------


def test_stirap_matches_qutip() -> None:
    peak, duration, delta = 3.0, 6.0, 0.4
    battery = stirap_battery(peak, duration, 0.8, 1.7, detuning=delta)
    pump, stokes = pulses(peak, duration)
    hamiltonian = [
        delta * ket(1) * ket(1).dag(),
        [link(0, 1) / 2, lambda t: pump(t)],
        [link(1, 2) / 2, lambda t: stokes(t)],
    ]
    h_b = 0.8 * ket(1) * ket(1).dag() + 1.7 * ket(2) * ket(2).dag()
    times = np.linspace(0.0, duration, 31)
    expected = qutip.sesolve(hamiltonian, ket(0), times, e_ops=[h_b], options=QUTIP_OPTIONS)
    result = qb.charge(battery, times)
    np.testing.assert_allclose(result.energy, expected.expect[0], atol=ODE)


def test_stirap_adiabatic_limit_is_stable_and_complete() -> None:
    """Santos, Cakmak, Campbell & Zinner, PRE 100, 032107 (2019), abstract: an adiabatic protocol
    (STIRAP, Stokes pulse first) charges a three-level battery into "a stable charged state"
    that "allows to avoid the spontaneous discharging regime".

    Tested as stated (the paper's figures are not in the text available to us): at Omega_0
    sigma = 50 the battery ends in |2>, its ergotropy omega_2 to NON_ADIABATIC, and stays there
    after the pulses (no Rabi oscillation back) over two more durations; far from adiabatic
    (Omega_0 sigma = 0.6) the transfer is incomplete.
    """
    duration, omega_2 = 10.0, 2.0
    adiabatic = populations(stirap_battery(40.0, duration), np.array([0.0, duration, 2 * duration]))
    assert adiabatic[1, 2] > 1 - NON_ADIABATIC  # Omega_0 sigma = 50
    assert abs(adiabatic[2, 2] - adiabatic[1, 2]) < AFTER_PULSES  # no oscillation back
    after = np.linspace(duration, 3 * duration, 21)
    stored = qb.charge(stirap_battery(40.0, duration), np.concatenate([[0.0], after])).ergotropy
    assert np.all(stored[1:] > (1 - NON_ADIABATIC) * omega_2)
    assert np.ptp(stored[1:]) < AFTER_PULSES * omega_2  # stable: no discharging after the pulses
    sudden = populations(stirap_battery(0.5, duration), np.array([0.0, duration]))
    assert sudden[1, 2] < 0.5  # Omega_0 sigma = 0.6: far from adiabatic, incomplete transfer


def test_mixing_angle_rate_is_the_derivative() -> None:
    pump, stokes = GaussianPulse(2.0, 6.0, 1.3), GaussianPulse(1.5, 4.0, 1.1)
    rate = MixingAngleRate(pump, stokes)
    step = 1e-5
    for t in np.linspace(0.0, 10.0, 21):

        def angle(s: float) -> float:
            ratio = (
                2.0
                * math.exp(-((s - 6.0) ** 2) / (2 * 1.3**2))
                / (1.5 * math.exp(-((s - 4.0) ** 2) / (2 * 1.1**2)))
            )
            return math.atan(ratio)

        numeric = (angle(t + step) - angle(t - step)) / (2 * step)
        assert rate(t) == pytest.approx(numeric, abs=DIFFERENCE)
        assert rate.angle(t) == pytest.approx(angle(t), abs=EXACT)
    assert np.all(np.isfinite(rate(np.array([-1e3, 1e3]))))  # both pulses underflow there


@pytest.mark.parametrize(("peak", "delta"), [(0.5, 0.0), (0.3, 0.8), (4.0, 0.0)])
def test_counterdiabatic_follows_the_dark_state(peak: float, delta: float) -> None:
    duration = 4.0
    pump, stokes = pulses(peak, duration)

    def theta(t: float) -> float:
        return math.atan2(pump(t), stokes(t))

    dark = np.array([math.cos(theta(0.0)), 0.0, -math.sin(theta(0.0))])
    battery = stirap_battery(
        peak, duration, counterdiabatic=True, detuning=delta, battery_state=dark
    )
    times = np.linspace(0.0, 1.5 * duration, 37)
    p = populations(battery, times)
    expected = np.array([math.sin(theta(t)) ** 2 for t in times])
    np.testing.assert_allclose(p[:, 2], expected, atol=SHORTCUT)
    np.testing.assert_allclose(p[:, 1], 0.0, atol=SHORTCUT)
    # from |0> itself the charge is complete although Omega_0 sigma may be far below 1
    final = populations(stirap_battery(peak, duration, counterdiabatic=True), np.array([0.0, 6.0]))
    assert final[-1, 2] > 1 - SHORTCUT


# --- recharging after self-discharge -------------------------------------------------------------


@pytest.mark.parametrize(("upper", "lower"), [(0.3, 0.3), (0.5, 0.2)])
def test_self_discharged_state_matches_mesolve(upper: float, lower: float) -> None:
    elapsed = 2.5
    c_ops = [math.sqrt(upper) * ket(1) * ket(2).dag(), math.sqrt(lower) * ket(0) * ket(1).dag()]
    rho = qutip.mesolve(
        qutip.qzero(3), ket(2) * ket(2).dag(), [0.0, elapsed], c_ops, options=QUTIP_OPTIONS
    ).states[-1]
    np.testing.assert_allclose(self_discharged_state(elapsed, upper, lower), rho.full(), atol=ODE)


@pytest.mark.parametrize("duration", [1.0, 10.0])
def test_postselected_shortcut_recharges_fully(duration: float) -> None:
    """Qi & Jing, Phys. Lett. A 530, 130124 (2025), abstract: a three-level battery exhausted by
    self-discharging "cannot be fully refreshed with the maximum ergotropy only by the driving
    pulses for unitary charging"; postselection plus a shortcut to adiabaticity refreshes it
    and "can eliminate unextractable energy".

    Tested as stated: from the self-discharged mixture diag(p) no unitary (the counter-diabatic
    pulses included) exceeds the capacity (p_max - p_min) omega_2 < omega_2, while the
    postselected shortcut reaches the full omega_2 (to SHORTCUT) at any duration.
    """
    omega_1, omega_2 = 1.0, 2.5
    rho = self_discharged_state(3.0, 0.4)
    p = np.real(np.diag(rho))
    capacity = (p.max() - p.min()) * omega_2  # best any unitary can do from diag(p)
    times = np.array([0.0, duration, 1.5 * duration])

    unitary = stirap_battery(
        2.0, duration, omega_1, omega_2, counterdiabatic=True, battery_state=rho
    )
    assert unitary.parameters["battery_state"] == "custom"
    assert unitary.parameters["initial_populations"] == pytest.approx(list(p), abs=EXACT)
    stuck = qb.charge(unitary, times)
    assert np.all(stuck.ergotropy <= capacity + ODE)
    assert capacity < omega_2 - 0.1

    selected = stirap_battery(
        2.0,
        duration,
        omega_1,
        omega_2,
        counterdiabatic=True,
        battery_state=rho,
        postselect=True,
    )
    assert selected.parameters["postselection_probability"] == pytest.approx(p[0], abs=EXACT)
    recharged = qb.charge(selected, times)
    np.testing.assert_allclose(recharged.ergotropy[1:], omega_2, atol=SHORTCUT * omega_2)


# --- validation ----------------------------------------------------------------------------------


BAD_INPUT = [
    (lambda: stirap_battery(0.0, 10.0), QBatteryValueError, "rabi_frequency"),
    (lambda: stirap_battery(1.0, float("inf")), QBatteryValueError, "duration"),
    (lambda: stirap_battery(1.0, 10.0, 2.0, 1.0), QBatteryValueError, "omega_1"),
    (
        lambda: stirap_battery(1.0, 10.0, counterdiabatic="yes"),
        QBatteryTypeError,
        "counterdiabatic",
    ),
    (lambda: stirap_battery(1.0, 10.0, postselect=1), QBatteryTypeError, "postselect"),
    (lambda: stirap_battery(1.0, 10.0, width=-1.0), QBatteryValueError, "width"),
    (lambda: stirap_battery(1.0, 10.0, delay=float("nan")), QBatteryValueError, "delay"),
    (lambda: stirap_battery(1.0, 10.0, detuning=None), QBatteryTypeError, "detuning"),
    (
        lambda: stirap_battery(1.0, 10.0, battery_state="excited"),
        QBatteryValueError,
        "battery_state",
    ),
    (lambda: stirap_battery(1.0, 10.0, battery_state=np.eye(2)), DimensionError, "battery_state"),
    (
        lambda: stirap_battery(1.0, 10.0, battery_state=np.eye(3)),
        NotDensityMatrixError,
        "battery_state",
    ),
    (
        lambda: stirap_battery(1.0, 10.0, battery_state=np.diag([0.0, 0.5, 0.5]), postselect=True),
        QBatteryValueError,
        "postselect",
    ),
    (lambda: self_discharged_state(-1.0, 0.1), QBatteryValueError, "elapsed"),
    (lambda: self_discharged_state(1.0, -0.1), QBatteryValueError, "decay_rate"),
    (lambda: self_discharged_state(1.0, 0.1, float("nan")), QBatteryValueError, "lower_decay_rate"),
    (lambda: closed_loop_battery(float("nan")), QBatteryValueError, "coupling"),
    (lambda: closed_loop_battery(0.5, 0.0, 1.0), QBatteryValueError, "omega_1"),
    (lambda: closed_loop_battery(0.5, loop_phase="pi"), QBatteryTypeError, "loop_phase"),
    (
        lambda: closed_loop_battery(0.5, loop_coupling=float("inf")),
        QBatteryValueError,
        "loop_coupling",
    ),
    (lambda: closed_loop_battery(0.5, second_coupling=[1]), QBatteryTypeError, "second_coupling"),
    (lambda: qutrit_battery(-1.0), QBatteryValueError, "rabi_frequency"),
    (lambda: qutrit_battery(1.0, omega_q=0.0), QBatteryValueError, "omega_q"),
    (lambda: qutrit_battery(1.0, anharmonicity=-1.0), QBatteryValueError, "anharmonicity"),
    (lambda: qutrit_battery(1.0, protocol="parallel"), QBatteryValueError, "protocol"),
    (lambda: qutrit_battery(1.0, second_rabi_frequency=0.0), QBatteryValueError, "second_rabi"),
    (lambda: GaussianPulse(1.0, 0.0, 0.0), QBatteryValueError, "width"),
    (
        lambda: MixingAngleRate(GaussianPulse(-1.0, 0.0, 1.0), GaussianPulse(1.0, 0.0, 1.0)),
        QBatteryValueError,
        "amplitudes",
    ),
]


@pytest.mark.parametrize(("call", "error", "argument"), BAD_INPUT)
def test_bad_input_names_the_argument(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument) as info:
        call()
    assert isinstance(info.value, QBatteryError)
