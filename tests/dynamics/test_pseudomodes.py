"""Lorentzian reservoirs by pseudomodes against closed forms and an independent QuTiP model.

References (tests/README.md, "Non-Markovian dynamics"):
- damped Jaynes-Cummings (Breuer & Petruccione sec. 10.1): a qubit excited at t = 0 in a
  Lorentzian bath (coupling gamma0, width lambda, on resonance) keeps the amplitude
  G(t) = e^{-lambda t/2} [cosh(d t/2) + (lambda/d) sinh(d t/2)],
  d = sqrt(lambda^2 - 2 gamma0 lambda),
  G'(t) = -(gamma0 lambda/d) e^{-lambda t/2} sinh(d t/2);
- several Lorentzians: the amplitude's Laplace transform 1/(s + sum_k g_k^2/(s + a_k)),
  a_k = Gamma_k/2 + i(w_k - w0), inverted by residues at the roots of its denominator;
- pure dephasing through sigma_z (Hermitian coupling, Tamascelli et al. 2018): |rho_eg(t)| =
  |rho_eg(0)| e^{-Phi(t)}, Phi(t) = 4 g^2 Re[t/k - (1 - e^{-k t})/k^2], k = Gamma/2 + i w_c.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.environments.pseudomodes import Lorentzian, LorentzianBath, add_pseudomodes
from qbattery.errors import ConvergenceWarning, DimensionError, QBatteryValueError
from qbattery.models.light_matter import dicke, tavis_cummings
from qbattery.reductions import excitation_parity_sector

#: QuTiP's integrator in charge(method="ode"): at its defaults (atol 1e-12, rtol 1e-10) against
#: QuTiP references (observed: 2.4e-10), at TIGHT against closed forms (observed: 7e-11).
ODE = 1e-8
#: Integrator options for the closed forms, so that the pseudomode mapping is what is compared:
#: at the defaults the integrator's own error reaches 1e-8 over t <= 12 with two strongly
#: coupled modes (observed: 9.7e-9 on the power).
TIGHT = {"atol": 1e-14, "rtol": 1e-12}
#: Round-off allowed in trace and positivity of the computed battery states (observed: 2e-16
#: and a smallest eigenvalue of 0).
STATE = 1e-9

LOWER = np.array([[0.0, 1.0], [0.0, 0.0]])
EXCITED = np.diag([0.0, 1.0])
SIGMA_Z = np.diag([-1.0, 1.0])


def qubit(omega: float, state: np.ndarray) -> qb.Battery:
    return qb.Battery(omega * EXCITED, omega * EXCITED, state)


def amplitude(t: np.ndarray, gamma0: float, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """G(t) and G'(t) of the damped Jaynes-Cummings model (complex d covers strong coupling)."""
    d = np.sqrt(complex(lam**2 - 2 * gamma0 * lam))
    decay = np.exp(-lam * t / 2)
    value = decay * (np.cosh(d * t / 2) + lam / d * np.sinh(d * t / 2))
    slope = -gamma0 * lam / d * decay * np.sinh(d * t / 2)
    return value, slope


def check_states(states: np.ndarray | None) -> None:
    assert states is not None
    traces = np.trace(states, axis1=-2, axis2=-1)
    np.testing.assert_allclose(traces, 1.0, atol=STATE, rtol=0)
    assert np.min(np.linalg.eigvalsh(states)) > -STATE


@pytest.mark.parametrize(("gamma0", "lam"), [(0.2, 1.0), (5.0, 0.5)], ids=["weak", "strong"])
def test_damped_jaynes_cummings_closed_form(gamma0: float, lam: float) -> None:
    omega = 1.3
    peak = Lorentzian.damped_jaynes_cummings(gamma0, lam, omega)
    enlarged = add_pseudomodes(qubit(omega, np.array([0.0, 1.0])), LorentzianBath(LOWER, [peak]))
    times = np.linspace(0, 12, 241)
    result = qb.charge(enlarged, times, method="ode", battery_states=True, options=TIGHT)
    g, slope = amplitude(times, gamma0, lam)
    np.testing.assert_allclose(result.battery_energy, omega * np.abs(g) ** 2, atol=ODE, rtol=0)
    np.testing.assert_allclose(
        result.power, 2 * omega * np.real(np.conj(g) * slope), atol=ODE, rtol=0
    )
    # diagonal state: ergotropy omega max(0, 2|G|^2 - 1)
    expected = omega * np.clip(2 * np.abs(g) ** 2 - 1, 0, None)
    assert result.ergotropy is not None
    np.testing.assert_allclose(result.ergotropy, expected, atol=ODE, rtol=0)
    check_states(result.battery_states)
    assert enlarged.dims == (2, 5) and enlarged.battery == (0,)


def test_two_lorentzians_against_laplace_inversion() -> None:
    omega = 1.0
    peaks = [Lorentzian(0.6, 0.7, 0.4), Lorentzian(0.9, 1.5, 1.1)]
    enlarged = add_pseudomodes(
        qubit(omega, np.array([0.0, 1.0])), LorentzianBath(LOWER, peaks), cutoff=3
    )
    times = np.linspace(0, 10, 201)
    result = qb.charge(enlarged, times, method="ode", options=TIGHT)
    rates = [p.width / 2 + 1j * (p.centre - omega) for p in peaks]
    shifted = [np.poly1d([1.0, a]) for a in rates]
    numerator = shifted[0] * shifted[1]
    denominator = np.poly1d([1.0, 0.0]) * numerator
    denominator += peaks[0].strength ** 2 * shifted[1] + peaks[1].strength ** 2 * shifted[0]
    roots = denominator.roots
    residues = numerator(roots) / denominator.deriv()(roots)
    c = np.exp(np.outer(times, roots)) @ residues
    c_slope = np.exp(np.outer(times, roots)) @ (residues * roots)
    np.testing.assert_allclose(result.battery_energy, omega * np.abs(c) ** 2, atol=ODE, rtol=0)
    np.testing.assert_allclose(
        result.power, 2 * omega * np.real(np.conj(c) * c_slope), atol=ODE, rtol=0
    )


def test_hermitian_coupling_pure_dephasing() -> None:
    omega, g = 1.0, 0.3
    peak = Lorentzian(g, 1.2, 0.5)
    plus = np.array([1.0, 1.0]) / np.sqrt(2)
    enlarged = add_pseudomodes(qubit(omega, plus), LorentzianBath(SIGMA_Z, [peak]), cutoff=10)
    times = np.linspace(0, 15, 151)
    result = qb.charge(enlarged, times, method="ode", options=TIGHT)
    k = peak.width / 2 + 1j * peak.centre
    phi = 4 * g**2 * np.real(times / k - (1 - np.exp(-k * times)) / k**2)
    # populations stay 1/2; ergotropy omega |rho_eg| = (omega / 2) e^{-Phi}
    np.testing.assert_allclose(result.battery_energy, omega / 2, atol=ODE, rtol=0)
    assert result.ergotropy is not None
    np.testing.assert_allclose(result.ergotropy, omega / 2 * np.exp(-phi), atol=ODE, rtol=0)


def test_charger_and_battery_baths_against_qutip() -> None:
    """Kamin et al. (NJP 22, 083007): charger and battery qubits, each in its own reservoir."""
    omega, exchange, cutoff = 1.0, 0.4, 3
    ops = [np.kron(LOWER, np.eye(2)), np.kron(np.eye(2), LOWER)]
    h = omega * (ops[0].T @ ops[0] + ops[1].T @ ops[1])
    h = h + exchange * (ops[0].T @ ops[1] + ops[1].T @ ops[0])
    battery = qb.Battery(
        h, omega * EXCITED, np.kron([0.0, 1.0], [1.0, 0.0]), dims=[2, 2], battery=[1]
    )
    charger_peak, battery_peak = Lorentzian(0.5, 1.1, 0.3), Lorentzian(0.3, 0.9, 0.8)
    baths = [
        LorentzianBath(LOWER, [charger_peak], subsystems=[0]),
        LorentzianBath(LOWER, [battery_peak], subsystems=[1]),
    ]
    enlarged = add_pseudomodes(battery, baths, cutoff=cutoff)
    times = np.linspace(0, 10, 101)
    result = qb.charge(enlarged, times, method="ode", battery_states=True)

    # the same model written directly with QuTiP operators
    n = cutoff + 1
    s_c = qutip.tensor(qutip.destroy(2), qutip.qeye([2, n, n]))
    s_b = qutip.tensor(qutip.qeye(2), qutip.destroy(2), qutip.qeye([n, n]))
    a_c = qutip.tensor(qutip.qeye([2, 2]), qutip.destroy(n), qutip.qeye(n))
    a_b = qutip.tensor(qutip.qeye([2, 2, n]), qutip.destroy(n))
    hamiltonian = omega * (s_c.dag() * s_c + s_b.dag() * s_b)
    hamiltonian += exchange * (s_c.dag() * s_b + s_b.dag() * s_c)
    for s, a, peak in [(s_c, a_c, charger_peak), (s_b, a_b, battery_peak)]:
        hamiltonian += peak.centre * a.dag() * a + peak.strength * (s * a.dag() + s.dag() * a)
    c_ops = [np.sqrt(charger_peak.width) * a_c, np.sqrt(battery_peak.width) * a_b]
    psi0 = qutip.tensor(qutip.basis(2, 1), qutip.basis(2, 0), qutip.basis(n, 0), qutip.basis(n, 0))
    reference = qutip.mesolve(
        hamiltonian,
        psi0,
        times,
        c_ops=c_ops,
        e_ops=[omega * s_b.dag() * s_b],
        options={"atol": 1e-12, "rtol": 1e-10},
    )
    np.testing.assert_allclose(result.battery_energy, reference.expect[0], atol=ODE, rtol=0)
    check_states(result.battery_states)
    assert result.parameters["pseudomode_cutoff"] == cutoff


def test_small_cutoff_warns() -> None:
    # strong Hermitian coupling displaces the pseudomode by ~ g / |k| ~ 2 quanta
    enlarged = add_pseudomodes(
        qubit(1.0, np.array([1.0, 1.0]) / np.sqrt(2)),
        LorentzianBath(SIGMA_Z, [Lorentzian(1.0, 0.5, 0.2)]),
        cutoff=2,
    )
    with pytest.warns(ConvergenceWarning, match="cutoff = 2 is too small"):
        qb.charge(enlarged, np.linspace(0, 5, 11), method="ode", ergotropy=False)


def test_bad_input() -> None:
    with pytest.raises(QBatteryValueError, match="width"):
        Lorentzian(1.0, 1.0, 0.0)
    battery = qubit(1.0, np.array([1.0, 0.0]))
    with pytest.raises(DimensionError, match="coupling_operator"):
        add_pseudomodes(battery, LorentzianBath(np.eye(3), [(1.0, 1.0, 1.0)]))
    with pytest.raises(DimensionError, match="subsystems"):
        add_pseudomodes(battery, LorentzianBath(LOWER, [(1.0, 1.0, 1.0)], subsystems=[1]))
    with pytest.raises(QBatteryValueError, match="cutoff"):
        add_pseudomodes(battery, LorentzianBath(LOWER, [(1.0, 1.0, 1.0)]), cutoff=0)


def test_battery_in_a_parity_subspace_matches_the_full_space() -> None:
    full = tavis_cummings(2, 0.4, space="full")
    reduced = excitation_parity_sector(full)
    j_z = np.diag(np.arange(full.dims[1]) - (full.dims[1] - 1) / 2)
    bath = LorentzianBath(j_z, [Lorentzian(0.1, 1.0, 0.5)], subsystems=[1])
    times = np.linspace(0, 4, 41)
    on_full = qb.charge(add_pseudomodes(full, bath, cutoff=6), times, method="ode")
    on_subspace = qb.charge(add_pseudomodes(reduced, bath, cutoff=6), times, method="ode")
    assert add_pseudomodes(reduced, bath).dimension < add_pseudomodes(full, bath).dimension
    # a consistency check of the two representations; pseudomodes on a full space are checked
    # against closed forms and QuTiP above
    np.testing.assert_allclose(on_subspace.energy, on_full.energy, atol=ODE, rtol=0)
    assert on_subspace.ergotropy is not None and on_full.ergotropy is not None
    np.testing.assert_allclose(on_subspace.ergotropy, on_full.ergotropy, atol=ODE, rtol=0)
    # a coupling that changes the excitation parity cannot act inside the sector
    lowering = np.diag(np.ones(full.dims[1] - 1), 1)
    with pytest.raises(QBatteryValueError, match="subspace"):
        add_pseudomodes(reduced, LorentzianBath(lowering, [(0.3, 1.0, 0.5)], subsystems=[1]))


def test_model_truncation_is_still_checked() -> None:
    # a cavity cut-off far too small for the Dicke coupling; named in the warning
    small_cavity = dicke(2, 0.3, cutoff=8)
    j_z = np.diag([-1.0, 0.0, 1.0])  # symmetric subspace of two atoms
    bath = LorentzianBath(j_z, [(0.1, 1.0, 1.0)], subsystems=[1])
    enlarged = add_pseudomodes(excitation_parity_sector(small_cavity), bath, cutoff=3)
    with pytest.warns(ConvergenceWarning, match="the model's cutoff"):
        qb.charge(enlarged, np.linspace(0, 3, 7), method="ode", ergotropy=False)
