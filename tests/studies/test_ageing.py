"""Adiabatic and coherence-based protection (review sec. 5.3) against closed forms and QuTiP.

References written out in tests/README.md ("Ageing and protection"):
- STIRAP with Omega_12 = Omega sin(theta), Omega_23 = Omega cos(theta), theta = pi t / (2 tau):
  in the moving basis (|D>, |C>, |2>) the Hamiltonian is constant, giving
  P_3(tau) = [(Omega^2/4 + theta'^2 cos(Lambda tau)) / Lambda^2]^2, Lambda^2 = theta'^2 + Omega^2/4,
  so 1 - P_3 <= 4 theta'^2 / Lambda^2 (adiabatic theorem: -> 0 as Omega tau -> inf); with the
  counter-diabatic term P_3 = 1 exactly (Santos et al., PRE 100, 032107 (2019)).
- Equal constant fields on the ladder, from |3> at s = 0: E(s) = w (1 + cos(Omega s / sqrt(2))).
- Qubit under emission gamma and dephasing gamma_phi (operator sqrt(gamma_phi)|e><e|):
  p_e(t) = p exp(-gamma t), |rho_eg(t)| = sqrt(p (1 - p)) exp(-(gamma + gamma_phi) t / 2),
  ergotropy w (z + sqrt(z^2 + 4 |rho_eg|^2)) / 2 with z = 2 p_e - 1.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.errors import QBatteryError
from qbattery.studies import Protection, adiabatic_protection, coherence_protection

#: ODE charging (atol 1e-12, rtol 1e-10) and exact Lindblad propagation: observed <= 1e-9.
SOLVER = 1e-7
#: Bisected lifetimes (self_discharge's default time tolerance 1e-10).
LIFETIME = 1e-8


def stirap_fidelity(omega: float, tau: float) -> float:
    rate = np.pi / (2 * tau)
    big = np.sqrt(rate**2 + omega**2 / 4)
    return float(((omega**2 / 4 + rate**2 * np.cos(big * tau)) / big**2) ** 2)


@pytest.mark.parametrize(("omega", "tau"), [(20.0, 5.0), (10.0, 0.4), (3.0, 1.0), (40.0, 0.2)])
def test_stirap_fidelity_matches_closed_form(omega: float, tau: float) -> None:
    out = adiabatic_protection(
        rabi_frequency=omega, duration=tau, storage_times=np.linspace(0.0, 0.5, 6)
    )
    assert out.details["charging_fidelity"] == pytest.approx(
        stirap_fidelity(omega, tau), abs=SOLVER
    )
    assert out.details["rabi_charging_fidelity"] == pytest.approx(1.0, abs=SOLVER)


def test_adiabatic_theorem_bound_on_random_pulses() -> None:
    rng = np.random.default_rng(14)
    infidelities = []
    for omega_tau in (5.0, 20.0, 80.0):
        omega = rng.uniform(2.0, 30.0)
        tau = omega_tau / omega
        out = adiabatic_protection(
            rabi_frequency=omega, duration=tau, storage_times=np.array([0.0, 0.1])
        )
        rate = np.pi / (2 * tau)
        infidelity = 1 - out.details["charging_fidelity"]
        assert infidelity <= 4 * rate**2 / (rate**2 + omega**2 / 4) + SOLVER
        infidelities.append(infidelity)
    assert infidelities[2] < infidelities[1] < infidelities[0]


def test_counter_diabatic_charge_is_exact_at_any_speed() -> None:
    for tau in (0.05, 0.3, 2.0):
        out = adiabatic_protection(
            rabi_frequency=4.0,
            duration=tau,
            storage_times=np.array([0.0, 1.0]),
            counter_diabatic=True,
        )
        assert out.details["charging_fidelity"] == pytest.approx(1.0, abs=SOLVER)
    fast = adiabatic_protection(rabi_frequency=4.0, duration=0.05, storage_times=[0.0, 1.0])
    assert fast.details["charging_fidelity"] < 0.5


def test_storage_traces_against_independent_qutip_run() -> None:
    omega, tau, w = 12.0, 2.0, 1.3
    storage = np.linspace(0.0, 3.0, 31)
    out = adiabatic_protection(
        rabi_frequency=omega, duration=tau, storage_times=storage, level_spacing=w
    )
    basis = [qutip.basis(3, k) for k in range(3)]
    x12 = basis[0] * basis[1].dag() + basis[1] * basis[0].dag()
    x23 = basis[1] * basis[2].dag() + basis[2] * basis[1].dag()
    rate = np.pi / (2 * tau)
    h = [
        [omega / 2 * x12, lambda t: np.sin(rate * min(t, tau))],
        [omega / 2 * x23, lambda t: np.cos(rate * min(t, tau))],
    ]
    energy_op = qutip.Qobj(np.diag([0.0, w, 2 * w]))
    run = qutip.sesolve(
        h,
        basis[0],
        np.concatenate([[0.0], tau + storage]),
        e_ops=[energy_op],
        options={"atol": 1e-12, "rtol": 1e-10, "max_step": 0.01},
    )
    np.testing.assert_allclose(out.protected.stored_energy, run.expect[0][1:], atol=1e-6)
    # pure states: ergotropy is the energy above the ground level
    np.testing.assert_allclose(out.protected.ergotropy, out.protected.stored_energy, atol=SOLVER)


def test_rabi_battery_discharges_with_fields_on() -> None:
    omega, w = 7.0, 0.8
    storage = np.linspace(0.0, 2.0, 81)
    out = adiabatic_protection(
        rabi_frequency=omega, duration=3.0, storage_times=storage, level_spacing=w
    )
    np.testing.assert_allclose(
        out.unprotected.stored_energy, w * (1 + np.cos(omega * storage / np.sqrt(2))), atol=SOLVER
    )
    assert out.unprotected.ergotropy_lifetime == pytest.approx(
        np.pi / (np.sqrt(2) * omega), abs=LIFETIME
    )
    assert out.protected.ergotropy_lifetime is None
    assert out.lifetime_gain == float("inf")


def test_adiabatic_protection_outlives_rabi_battery_under_decay() -> None:
    out = adiabatic_protection(
        rabi_frequency=20.0,
        duration=5.0,
        emission=0.1,
        dephasing=0.05,
        storage_times=np.linspace(0.0, 20.0, 401),
    )
    assert out.unprotected.ergotropy_lifetime is not None
    assert out.protected.ergotropy_lifetime is not None
    assert out.lifetime_gain is not None and out.lifetime_gain > 5


def bloch_ergotropy(p: float, gamma: float, dephasing: float, t: np.ndarray, coherent: bool):
    pe = p * np.exp(-gamma * t)
    coherence = np.sqrt(p * (1 - p)) * np.exp(-(gamma + dephasing) * t / 2) if coherent else 0 * t
    z = 2 * pe - 1
    return pe, (z + np.sqrt(z**2 + 4 * coherence**2)) / 2


def test_coherence_protection_matches_bloch_solution_on_random_rates() -> None:
    rng = np.random.default_rng(5)
    times = np.linspace(0.0, 4.0, 41)
    for _ in range(3):
        p, gamma, dephasing, w = rng.uniform(0.55, 0.95), *rng.uniform(0.1, 2.0, 2), 1.7
        out = coherence_protection(
            stored_fraction=p, emission=gamma, dephasing=dephasing, frequency=w, storage_times=times
        )
        for result, coherent in ((out.protected, True), (out.unprotected, False)):
            pe, ergotropy = bloch_ergotropy(p, gamma, dephasing, times, coherent)
            np.testing.assert_allclose(result.stored_energy, w * pe, atol=SOLVER)
            np.testing.assert_allclose(result.ergotropy, w * ergotropy, atol=SOLVER)
        assert out.unprotected.passive_time == pytest.approx(np.log(2 * p) / gamma, abs=LIFETIME)
        assert out.protected.passive_time is None
        assert out.lifetime_gain is not None and out.lifetime_gain > 1


def test_pure_dephasing_keeps_the_incoherent_battery() -> None:
    times = np.linspace(0.0, 10.0, 21)
    out = coherence_protection(stored_fraction=0.7, dephasing=1.0, storage_times=times)
    np.testing.assert_allclose(out.unprotected.ergotropy, 0.4, atol=SOLVER)
    _, coherent = bloch_ergotropy(0.7, 0.0, 1.0, times, True)
    np.testing.assert_allclose(out.protected.ergotropy, coherent, atol=SOLVER)
    assert out.protected.ergotropy[-1] < out.protected.ergotropy[0]


def test_protection_record() -> None:
    out = coherence_protection(
        stored_fraction=0.8, emission=1.0, storage_times=np.linspace(0, 3, 7)
    )
    assert isinstance(out, Protection)
    summary = out.summary()
    assert summary["protocol"] == "coherence" and summary["lifetime_gain"] == out.lifetime_gain
    data = out.to_xarray()
    assert data["ergotropy"].shape == (2, 7)
    assert "coherence" in repr(out)
    assert qb.coherence_protection is coherence_protection


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (
            lambda: coherence_protection(stored_fraction=1.0, storage_times=[0, 1]),
            "stored_fraction",
        ),
        (
            lambda: coherence_protection(stored_fraction=0.6, emission=-1, storage_times=[0, 1]),
            "emission",
        ),
        (lambda: adiabatic_protection(rabi_frequency=0, duration=1, storage_times=[0]), "rabi_"),
        (
            lambda: adiabatic_protection(rabi_frequency=1, duration=-1, storage_times=[0]),
            "duration",
        ),
    ],
)
def test_bad_input_names_the_argument(call, name: str) -> None:
    with pytest.raises(QBatteryError, match=name):
        call()
