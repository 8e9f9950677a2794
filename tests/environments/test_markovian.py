"""Markovian environments: detailed balance, thermal amplitude damping, local noise.

References: the thermal amplitude-damping solution of a qubit (Breuer & Petruccione sec. 3.4.6):
Gamma = gamma (2n + 1), p_e(t) = p_inf + (p_e(0) - p_inf) exp(-Gamma t), p_inf = n / (2n + 1),
rho_eg(t) = rho_eg(0) exp(-i omega t - Gamma t / 2); the Gibbs state as the stationary state
of a detailed-balance ladder; QuTiP operators built independently.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.environments.markovian import bose_einstein, ladder, local_noise, thermal_jumps
from qbattery.errors import QBatteryError
from qbattery.studies.self_discharge import steady_state

#: Exact propagation / direct steady-state solve: round-off only (observed: <= 5e-11 after t = 8).
EXACT = 1e-10
#: QuTiP mesolve at atol 1e-12, rtol 1e-10, for qbattery's ode method and the references
#: (observed: <= 3e-11).
ODE = 1e-8
#: Ergotropy of a nearly pure state in a 16-level mode: the integrator's error shows up as tiny
#: spurious eigenvalues whose passive energy is weighted by levels up to 15 omega (observed:
#: 1.1e-9).
ODE_ERGOTROPY = 1e-7
#: Relative: a few floating-point operations on O(1) numbers (observed: 0).
ROUND_OFF = 1e-14

OMEGA = 1.3
N_EXC = np.diag([0.0, OMEGA])


def qubit_ergotropy(p_excited: np.ndarray, coherence: np.ndarray) -> np.ndarray:
    """omega (p_e - lambda_min), lambda_min = 1/2 - sqrt((p_e - 1/2)^2 + |c|^2)."""
    smallest = 0.5 - np.sqrt((p_excited - 0.5) ** 2 + np.abs(coherence) ** 2)
    return OMEGA * (p_excited - smallest)


@pytest.mark.parametrize("method", ["lindblad", "ode"])
@pytest.mark.parametrize("temperature", [0.0, 0.8])
def test_thermal_amplitude_damping_closed_form(method: str, temperature: float) -> None:
    gamma = 0.35
    psi = np.array([np.sqrt(0.1), np.sqrt(0.9) * np.exp(0.4j)])  # coherent, mostly excited
    battery = local_noise(qb.Battery(N_EXC, N_EXC, psi), emission=gamma, temperature=temperature)
    times = np.linspace(0, 8, 41)
    result = qb.charge(battery, times, method=method)
    n = 0.0 if temperature == 0 else 1 / np.expm1(OMEGA / temperature)
    rate, p_inf = gamma * (2 * n + 1), n / (2 * n + 1)
    p = p_inf + (0.9 - p_inf) * np.exp(-rate * times)
    coherence = np.sqrt(0.09) * np.exp(-rate * times / 2)
    tol = ODE if method == "ode" else EXACT
    np.testing.assert_allclose(result.battery_energy, OMEGA * p, atol=tol, rtol=0)
    np.testing.assert_allclose(
        result.power, -OMEGA * rate * (0.9 - p_inf) * np.exp(-rate * times), atol=tol, rtol=0
    )
    np.testing.assert_allclose(result.ergotropy, qubit_ergotropy(p, coherence), atol=tol, rtol=0)


@pytest.mark.parametrize("dimension", [2, 4])
def test_detailed_balance_makes_the_gibbs_state_stationary(dimension: int) -> None:
    # An equally spaced ladder with emission gamma (n + 1) a and absorption gamma n a^dagger
    # relaxes to exp(-H / T) / Z; the rates' ratio is exp(-omega / T).
    temperature, gamma = 0.7, 0.2
    h = np.diag(OMEGA * np.arange(dimension))
    battery = local_noise(
        qb.Battery(h, h, np.eye(dimension)[0]), emission=gamma, temperature=temperature
    )
    down, up = battery.collapse_ops
    ratio = (abs(up.toarray()[1, 0]) / abs(down.toarray()[0, 1])) ** 2
    assert ratio == pytest.approx(np.exp(-OMEGA / temperature), rel=ROUND_OFF)
    gibbs = np.diag(np.exp(-np.diag(h) / temperature))
    gibbs /= np.trace(gibbs)
    stationary = steady_state(battery)
    np.testing.assert_allclose(stationary.state, gibbs, atol=EXACT, rtol=0)
    assert stationary.ergotropy == pytest.approx(0.0, abs=EXACT)  # Gibbs states are passive
    assert abs(stationary.residual_power) < EXACT


def test_bose_einstein_and_thermal_jumps() -> None:
    assert bose_einstein(2.0, 0.0) == 0.0
    assert bose_einstein(2.0, 1.5) == pytest.approx(1 / (np.exp(2 / 1.5) - 1), rel=ROUND_OFF)
    assert len(thermal_jumps(ladder(2), 1.0, 0.1)) == 1
    assert thermal_jumps(ladder(2), 1.0, 0.0, 2.0) == []
    np.testing.assert_allclose(ladder(3).toarray(), qutip.destroy(3).full(), atol=0, rtol=0)


def test_local_noise_on_two_cells_against_qutip() -> None:
    # Two driven qubits with local emission, pumping and dephasing, against mesolve with
    # collapse operators written with QuTiP's own destroy/num (our |g> = index 0 = Fock 0).
    gamma, pump, dephase, drive = 0.3, 0.05, 0.2, 0.6
    sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    one = np.eye(2)
    h_b = np.kron(N_EXC, one) + np.kron(one, N_EXC)
    h = h_b + drive * (np.kron(sx, one) + np.kron(one, sx)) + 0.2 * np.kron(sx, sx)
    battery = local_noise(
        qb.Battery(h, h_b, np.eye(4)[0], dims=[2, 2]),
        emission=gamma,
        pumping=pump,
        dephasing=dephase,
    )
    assert battery.parameters["noisy_subsystems"] == [0, 1]
    a, num, i2 = qutip.destroy(2), qutip.num(2), qutip.qeye(2)
    c_ops = []
    for site in range(2):
        ops = [a, a.dag(), num]
        rates = [gamma, pump, dephase]
        for op, rate in zip(ops, rates, strict=True):
            c_ops.append(
                np.sqrt(rate) * (qutip.tensor(op, i2) if site == 0 else qutip.tensor(i2, op))
            )
    times = np.linspace(0, 4, 21)
    reference = qutip.mesolve(
        qutip.Qobj(h, dims=[[2, 2], [2, 2]]),
        qutip.Qobj(np.diag([1.0, 0, 0, 0]), dims=[[2, 2], [2, 2]]),
        times,
        c_ops=c_ops,
        e_ops=[qutip.Qobj(h_b, dims=[[2, 2], [2, 2]])],
        options={"atol": 1e-12, "rtol": 1e-10},
    ).expect[0]
    result = qb.charge(battery, times)
    np.testing.assert_allclose(result.battery_energy, reference, atol=ODE, rtol=0)


def test_bath_fed_charger_heats_the_isolated_battery_without_ergotropy() -> None:
    # Environment-mediated charging with a thermal bath only: charger qubit in a bath at T,
    # exchange g (s+ s- + h.c.) with the battery qubit (no bath). The product Gibbs state
    # commutes with the exchange and is stationary for the charger's dissipator, so the battery
    # ends at the thermal population n / (2n + 1) and, being passive, with zero ergotropy.
    temperature, gamma, g = 0.9, 0.4, 0.3
    lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    one = np.eye(2)
    exchange = g * (np.kron(lower.T, lower) + np.kron(lower, lower.T))
    h = np.kron(N_EXC, one) + np.kron(one, N_EXC) + exchange
    battery = qb.Battery(h, N_EXC, np.eye(4)[0], dims=[2, 2], battery=[1])
    fed = local_noise(battery, emission=gamma, temperature=temperature, subsystems=[0])
    stationary = steady_state(fed)
    n = 1 / np.expm1(OMEGA / temperature)
    assert stationary.battery_energy == pytest.approx(OMEGA * n / (2 * n + 1), abs=EXACT)
    assert stationary.ergotropy == pytest.approx(0.0, abs=EXACT)


def test_bad_input() -> None:
    qubit = qb.Battery(N_EXC, N_EXC, np.array([1.0, 0.0]))
    with pytest.raises(QBatteryError, match="emission"):
        local_noise(qubit, emission=-1.0)
    with pytest.raises(QBatteryError, match="temperature"):
        local_noise(qubit, emission=1.0, temperature=float("nan"))
    with pytest.raises(QBatteryError, match="subsystems: index 3"):
        local_noise(qubit, emission=1.0, subsystems=[3])
    uneven = qb.Battery(np.diag([0.0, 1.0, 3.0]), np.diag([0.0, 1.0, 3.0]), np.eye(3)[0])
    with pytest.raises(QBatteryError, match=r"frequency: .* not an equally spaced ladder"):
        local_noise(uneven, emission=1.0, temperature=1.0)
    local_noise(uneven, emission=1.0, temperature=1.0, frequency=1.0)  # explicit: accepted
    dicke = qb.models.dicke(2, 0.1)
    with pytest.raises(QBatteryError, match="symmetric Dicke subspace"):
        local_noise(dicke, emission=1.0)


def test_driven_damped_charger_feeds_an_isolated_oscillator_battery() -> None:
    # Farina et al., PRB 99, 035421 (2019): a charger mode pumped by a resonant field and
    # damped at kappa (T = 0), the battery mode isolated. From the vacuum both modes stay
    # coherent: d alpha/dt = -i w alpha - kappa/2 alpha - i g beta - i F e^{-i w t},
    # d beta/dt = -i w beta - i g alpha, and the battery holds w |beta|^2, all of it ergotropy
    # (a pure coherent state). The amplitudes are integrated here with SciPy.
    from scipy.integrate import solve_ivp

    g, force, kappa = 0.2, 0.15, 0.3
    battery = qb.models.oscillator_charger(g, drive=force, quanta=0, duration=6.0)
    fed = local_noise(battery, emission=kappa, subsystems=[0])
    times = np.linspace(0, 6, 13)
    result = qb.charge(fed, times)

    def rhs(t: float, y: np.ndarray) -> np.ndarray:
        alpha, beta = y
        return np.array(
            [
                -1j * alpha - kappa / 2 * alpha - 1j * g * beta - 1j * force * np.exp(-1j * t),
                -1j * beta - 1j * g * alpha,
            ]
        )

    amplitudes = solve_ivp(rhs, (0, 6), [0j, 0j], t_eval=times, rtol=1e-12, atol=1e-14).y
    expected = np.abs(amplitudes[1]) ** 2
    np.testing.assert_allclose(result.battery_energy, expected, atol=ODE, rtol=0)
    np.testing.assert_allclose(result.ergotropy, expected, atol=ODE_ERGOTROPY, rtol=0)


@pytest.mark.parametrize("temperature", [0.0, 0.6])
def test_collective_noise_in_the_symmetric_basis_matches_the_full_space(temperature: float) -> None:
    # Superradiant decay of a Dicke battery, with pumping and collective dephasing: J_- acts
    # inside the symmetric subspace, so the symmetric-basis model and the 2**N model (J_- as
    # the sum of the sigma_-^i) give the same energies and full-space ergotropies. A consistency
    # check of the two bases: the 2**N noise is checked against QuTiP in the test below.
    from qbattery.environments.markovian import collective_noise

    rates = {"emission": 0.2, "pumping": 0.05, "dephasing": 0.1, "temperature": temperature}
    times = np.linspace(0, 6, 13)
    curves = []
    for basis in ("symmetric", "full"):
        battery = qb.models.dicke(3, 0.1, basis=basis)
        result = qb.charge(collective_noise(battery, **rates), times)
        curves.append((result.battery_energy, result.ergotropy))
    np.testing.assert_allclose(curves[0][0], curves[1][0], atol=EXACT, rtol=0)
    np.testing.assert_allclose(curves[0][1], curves[1][1], atol=EXACT, rtol=0)


@pytest.mark.parametrize("temperature", [0.0, 0.6])
def test_collective_noise_on_qubit_cells_against_qutip(temperature: float) -> None:
    # Three driven, coupled qubit cells; the collective jumps written with QuTiP's destroy(2)
    # (our |g> = index 0 = Fock 0): sqrt(gamma (n + 1)) J_-, sqrt(gamma n) J_+, sqrt(pump) J_+,
    # sqrt(dephasing) J_z, J_z = (J_+ J_- - J_- J_+) / 2.
    from qbattery.environments.markovian import collective_noise

    cells, omega, gamma, pump, dephase = 3, 1.0, 0.2, 0.05, 0.1

    def cell(op: qutip.Qobj, i: int) -> qutip.Qobj:
        return qutip.tensor([op if k == i else qutip.qeye(2) for k in range(cells)])

    h_b = sum(omega * cell(qutip.num(2), i) for i in range(cells))
    h = h_b + 0.4 * sum(cell(qutip.sigmax(), i) for i in range(cells))
    h = h + 0.2 * cell(qutip.sigmax(), 0) * cell(qutip.sigmax(), 1)
    ground = np.eye(2**cells)[0]
    battery = qb.Battery(h.full(), h_b.full(), ground, dims=[2] * cells)
    noisy = collective_noise(
        battery, emission=gamma, pumping=pump, dephasing=dephase, temperature=temperature
    )
    times = np.linspace(0, 6, 13)
    result = qb.charge(noisy, times)
    j_minus = sum(cell(qutip.destroy(2), i) for i in range(cells))
    j_z = (j_minus.dag() * j_minus - j_minus * j_minus.dag()) / 2
    n = 0.0 if temperature == 0 else 1 / np.expm1(omega / temperature)
    c_ops = [
        np.sqrt(gamma * (n + 1)) * j_minus,
        np.sqrt(gamma * n) * j_minus.dag(),
        np.sqrt(pump) * j_minus.dag(),
        np.sqrt(dephase) * j_z,
    ]
    rho0 = qutip.Qobj(np.outer(ground, ground), dims=h.dims)
    options = {"atol": 1e-12, "rtol": 1e-10}
    reference = qutip.mesolve(h, rho0, times, c_ops=c_ops, e_ops=[h_b], options=options).expect[0]
    np.testing.assert_allclose(result.battery_energy, reference, atol=ODE, rtol=0)


def test_collective_emission_of_one_cell_is_plain_decay() -> None:
    # N = 1: J_- = sigma_-, the excited cell decays as exp(-gamma t).
    from qbattery.environments.markovian import collective_noise

    gamma = 0.3
    battery = collective_noise(qb.Battery(N_EXC, N_EXC, np.array([0.0, 1.0])), emission=gamma)
    times = np.linspace(0, 4, 9)
    result = qb.charge(battery, times)
    np.testing.assert_allclose(
        result.battery_energy, OMEGA * np.exp(-gamma * times), atol=EXACT, rtol=0
    )
    with pytest.raises(QBatteryError, match="collective noise needs two-level cells"):
        collective_noise(qb.Battery(np.eye(3), np.diag([0.0, 1, 3]), np.eye(3)[0]), emission=1.0)


def test_noise_is_refused_on_a_battery_with_its_own_environment() -> None:
    ensemble = qb.models.spin_ensemble(4, drive=1.0, emission=0.1)
    with pytest.raises(QBatteryError, match="already has an environment \\(EnsembleNoise"):
        local_noise(ensemble, emission=0.1)
