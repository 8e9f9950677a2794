"""Charging engine: closed forms, QuTiP and an independent integrator, conservation laws.

References (tests/README.md):
- detuned Rabi: H = diag(0, w) + h sx from |g>: P_e(t) = (4h^2/Omega^2) sin^2(Omega t/2),
  Omega = sqrt(w^2 + 4 h^2); with H_B switched off (eq. 29 variant) P_e = sin^2(h t).
- resonant exchange of one excitation between a charger qubit and a battery qubit,
  H = w(n_C + n_B) + g(s+_C s-_B + h.c.): battery population sin^2(g t), rho_B diagonal.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip
import scipy.sparse as sp
from scipy.integrate import solve_ivp
from scipy.linalg import expm
from scipy.optimize import brentq

import qbattery as qb
from qbattery.errors import ConvergenceWarning, QBatteryError
from qbattery.protocols import Piecewise, Ramp, Step
from tests.conftest import random_density_matrices, random_hermitian

#: Exact propagators agree with closed forms to round-off; 1e-10 leaves room for the O(100)
#: products of a Chebyshev expansion and for eigenvector conditioning (observed: <= 2e-13).
EXACT = 1e-10
#: Agreement demanded with QuTiP's adaptive integrators run at atol 1e-12, rtol 1e-10 (qbattery's
#: ode method) or tighter (the references), over t <= 12 (observed: <= 3.4e-9).
ODE = 1e-8
#: Sums of a few products of numbers O(1) given exactly: a few ulp (observed: 1e-16).
ROUND_OFF = 1e-14
#: The optimal time refined on a cubic Hermite interpolant of W built on a grid of spacing
#: h = 0.02: the interpolant's slope errs by O(h^3 |W''''|) ~ 1e-6 (observed: 2e-8).
OPTIMUM_TIME = 1e-6
#: The maximum average power there, insensitive to the time to first order (observed: 3e-12).
OPTIMUM_POWER = 1e-10
#: The argmax of a smooth maximum moves by ~sqrt(delta / |f''|) when f changes by delta, so two
#: runs differing by round-off (1e-16) may put it ~1e-8 apart (observed: 0).
ARGMAX = 1e-8
#: Chebyshev series cut at 1e-12 of the state's norm for ||H|| ~ 600; the power i<[H, H_B]> is
#: O(||H||) (observed: 1.3e-10 on a power of 190, 5e-13 on the O(1) fields).
CHEBYSHEV = 1e-9

SX = np.array([[0.0, 1.0], [1.0, 0.0]])
N_EXC = np.diag([0.0, 1.0])  # sigma+ sigma- (excited = index 1)
LOWER = np.array([[0.0, 1.0], [0.0, 0.0]])  # sigma-


def qubit_battery(omega: float = 1.3, h: float = 0.7, **kwargs: object) -> qb.Battery:
    hb = omega * N_EXC
    return qb.Battery(hb + h * SX, hb, np.array([1.0, 0.0]), **kwargs)  # type: ignore[arg-type]


def exchange_battery(omega: float = 1.0, g: float = 0.3) -> qb.Battery:
    eye = np.eye(2)
    h = omega * (np.kron(N_EXC, eye) + np.kron(eye, N_EXC))
    h = h + g * (np.kron(LOWER.T, LOWER) + np.kron(LOWER, LOWER.T))
    charged = np.kron([0.0, 1.0], [1.0, 0.0])  # charger excited, battery in |g>
    return qb.Battery(h, omega * N_EXC, charged, dims=[2, 2], battery=[1])


@pytest.mark.parametrize("method", ["spectral", "chebyshev", "ode"])
def test_detuned_rabi_closed_form(method: str) -> None:
    omega, h = 1.3, 0.7
    times = np.linspace(0, 6, 301)
    result = qb.charge(qubit_battery(omega, h), times, method=method)
    rabi = np.sqrt(omega**2 + 4 * h**2)
    excited = 4 * h**2 / rabi**2 * np.sin(rabi * times / 2) ** 2
    tol = ODE if method == "ode" else EXACT
    np.testing.assert_allclose(result.energy, omega * excited, atol=tol, rtol=0)
    power = omega * 4 * h**2 / rabi**2 * np.sin(rabi * times) * rabi / 2
    np.testing.assert_allclose(result.power, power, atol=tol, rtol=0)
    # pure state on the whole battery: ergotropy = energy - ground level
    np.testing.assert_allclose(result.ergotropy, omega * excited, atol=tol, rtol=0)
    assert result.method == method


def test_battery_hamiltonian_switched_off_while_charging() -> None:
    # Eq. 29 variant: H = h sx during charging, energy still measured with H_B = w n.
    omega, h = 2.0, 0.5
    battery = qb.Battery(h * SX, omega * N_EXC, np.array([1.0, 0.0]))
    times = np.linspace(0, 5, 201)
    np.testing.assert_allclose(
        qb.charge(battery, times).energy, omega * np.sin(h * times) ** 2, atol=EXACT, rtol=0
    )


@pytest.mark.parametrize("method", ["spectral", "chebyshev", "ode"])
def test_charger_mediated_exchange(method: str) -> None:
    omega, g = 1.0, 0.3
    times = np.linspace(0, 12, 241)
    result = qb.charge(exchange_battery(omega, g), times, method=method)
    population = np.sin(g * times) ** 2
    tol = ODE if method == "ode" else EXACT
    np.testing.assert_allclose(result.energy, omega * population, atol=tol, rtol=0)
    # rho_B = diag(1 - p, p): ergotropy w * max(0, 2p - 1)
    np.testing.assert_allclose(
        result.ergotropy, omega * np.maximum(0, 2 * population - 1), atol=tol, rtol=0
    )


def test_ergotropy_ratio_and_energy_spread() -> None:
    # rho_B = diag(1 - p, p): ergotropy w max(0, 2p - 1) over energy above ground w p, and
    # spread sqrt(w^2 p (1 - p)).
    times = np.linspace(0.1, 12, 60)
    result = qb.charge(exchange_battery(omega=2.0), times, fluctuations=True)
    p = np.sin(0.3 * times) ** 2
    np.testing.assert_allclose(result.ergotropy_ratio, np.maximum(0, 2 - 1 / p), atol=EXACT, rtol=0)
    np.testing.assert_allclose(result.energy_spread, 2.0 * np.sqrt(p * (1 - p)), atol=EXACT, rtol=0)


def test_total_energy_conserved_across_charger_and_battery() -> None:
    # The exchange term commutes with H_C + H_B, so E_C(t) + E_B(t) is constant.
    base = exchange_battery()
    as_charger = qb.Battery(
        base.hamiltonian, base.battery_hamiltonian, base.initial_state, dims=[2, 2], battery=[0]
    )
    times = np.linspace(0, 10, 101)
    total = qb.charge(base, times).battery_energy + qb.charge(as_charger, times).battery_energy
    np.testing.assert_allclose(total, 1.0, atol=EXACT, rtol=0)


def qutip_reference(battery: qb.Battery, times: np.ndarray, hamiltonians: list) -> np.ndarray:
    """Tr[H_B rho_B(t)] by QuTiP, integrating each constant piece separately (no jumps inside)."""
    dims = list(battery.dims)
    h_b = qutip.Qobj(battery.battery_hamiltonian_full(), dims=[dims, dims])
    rho = qutip.Qobj(battery.initial_state, dims=[dims, dims])
    options = {"atol": 1e-13, "rtol": 1e-11, "nsteps": 10**6}
    values, start = [], 0.0
    for end, hamiltonian in hamiltonians:
        inside = times[(times >= start) & (times < end)]
        grid = np.concatenate([[start], inside, [end]])
        states = qutip.mesolve(
            qutip.Qobj(hamiltonian, dims=[dims, dims]), rho, grid, options=options
        ).states
        values += [qutip.expect(h_b, s) for s in states[1 : 1 + len(inside)]]
        rho, start = states[-1], end
    return np.array(values)


@pytest.mark.parametrize("method", ["spectral", "chebyshev", "ode", "lindblad"])
def test_mixed_state_and_pulse_against_qutip(rng: np.random.Generator, method: str) -> None:
    dims = [3, 2]
    h0, h1 = random_hermitian(rng, 6), random_hermitian(rng, 6)
    h_b = np.diag([0.0, 0.8])
    rho0 = random_density_matrices(rng, (), 6)
    pulse = Piecewise(edges=(0.0, 1.3, 2.1), values=(1.0, -0.5))
    battery = qb.Battery([h0, (h1, pulse)], h_b, rho0, dims=dims, battery=[1])
    times = np.linspace(0, 3, 61)
    pieces = [(1.3, h0 + h1), (2.1, h0 - 0.5 * h1), (3.0 + 1e-9, h0)]
    expected = qutip_reference(battery, times, pieces)
    result = qb.charge(battery, times, method=method)
    np.testing.assert_allclose(result.battery_energy, expected, atol=ODE, rtol=0)


def test_continuous_protocol_against_independent_integrator(rng: np.random.Generator) -> None:
    h0, h1 = random_hermitian(rng, 4), random_hermitian(rng, 4)
    ramp = Ramp(duration=1.5, amplitude=0.8)
    psi0 = np.array([1.0, 0, 0, 0], dtype=complex)
    battery = qb.Battery([h0, (h1, ramp)], h0, psi0)
    times = np.linspace(0, 3, 31)
    result = qb.charge(battery, times)
    assert result.method == "ode"

    def rhs(t: float, psi: np.ndarray) -> np.ndarray:
        return -1j * (h0 + float(ramp(t)) * h1) @ psi

    solution = solve_ivp(rhs, (0, 3), psi0, t_eval=times, rtol=1e-12, atol=1e-13, method="DOP853")
    psi = solution.y.T
    expected = np.real(np.einsum("ti,ij,tj->t", psi.conj(), h0, psi))
    np.testing.assert_allclose(result.battery_energy, expected, atol=ODE, rtol=0)


@pytest.mark.parametrize("method", ["auto", "ode"])
def test_open_system_decay_closed_form(method: str) -> None:
    # Excited qubit decaying at rate gamma: p(t) = exp(-gamma t); ergotropy w max(0, 2p - 1).
    omega, gamma = 1.0, 0.4
    battery = qb.Battery(
        omega * N_EXC, omega * N_EXC, np.array([0.0, 1.0]), collapse_ops=[np.sqrt(gamma) * LOWER]
    )
    times = np.concatenate([np.linspace(0, 5, 51), [5.37]])  # a non-uniform grid too
    result = qb.charge(battery, times, ergotropy=True, method=method)
    assert result.method == ("lindblad" if method == "auto" else "ode")
    tol = ODE if method == "ode" else EXACT
    p = np.exp(-gamma * times)
    np.testing.assert_allclose(result.battery_energy, omega * p, atol=tol, rtol=0)
    np.testing.assert_allclose(result.power, -gamma * omega * p, atol=tol, rtol=0)
    np.testing.assert_allclose(result.ergotropy, omega * np.maximum(0, 2 * p - 1), atol=tol, rtol=0)


def test_open_pulse_lindblad_against_qutip() -> None:
    # A Step drive on a decaying qubit: exact propagation piece by piece vs QuTiP mesolve run
    # separately on each constant piece.
    omega, gamma, drive = 1.0, 0.3, 0.8
    pulse = Step(t_off=1.725)  # between grid points
    battery = qb.Battery(
        [omega * N_EXC, (drive * SX, pulse)],
        omega * N_EXC,
        np.array([1.0, 0.0]),
        collapse_ops=[np.sqrt(gamma) * LOWER],
    )
    times = np.linspace(0, 3, 61)
    result = qb.charge(battery, times)
    assert result.method == "lindblad"
    c_ops = [qutip.Qobj(np.sqrt(gamma) * LOWER)]
    options = {"atol": 1e-13, "rtol": 1e-11, "nsteps": 10**6}
    rho, expected = qutip.Qobj(np.diag([1.0, 0.0])), []
    for start, end, h in [(0.0, 1.725, omega * N_EXC + drive * SX), (1.725, 3.0, omega * N_EXC)]:
        inside = times[(times > start) & (times <= end)] if start else times[times <= end]
        grid = np.unique(np.concatenate([[start], inside, [end]]))
        states = qutip.mesolve(qutip.Qobj(h), rho, grid, c_ops=c_ops, options=options).states
        by_time = dict(zip(grid, states, strict=True))
        expected += [omega * by_time[t].full()[1, 1].real for t in inside]
        rho = states[-1]
    np.testing.assert_allclose(result.battery_energy, expected, atol=ODE, rtol=0)


def test_optimal_time_refined_below_grid() -> None:
    omega, h = 1.3, 0.7
    battery = qubit_battery(omega, h)
    rabi = np.sqrt(omega**2 + 4 * h**2)
    amplitude = omega * 4 * h**2 / rabi**2

    def stationarity(tau: float) -> float:  # d(W/tau)/dtau = 0  <=>  tau W' - W = 0
        work = amplitude * np.sin(rabi * tau / 2) ** 2
        return tau * amplitude * np.sin(rabi * tau) * rabi / 2 - work

    exact = brentq(stationarity, 0.5, 2.0, xtol=1e-15)
    exact_power = amplitude * np.sin(rabi * exact / 2) ** 2 / exact
    coarse = qb.charge(battery, np.linspace(0, 4, 201))  # spacing 0.02
    assert coarse.optimal_time == pytest.approx(exact, abs=OPTIMUM_TIME)
    assert coarse.max_average_power == pytest.approx(exact_power, abs=OPTIMUM_POWER)
    fine = qb.charge(battery, np.linspace(0, 4, 400_001))  # spacing 1e-5: its best grid point
    spacing = fine.times[1]  # lies within half a spacing of the optimum
    assert coarse.optimal_time == pytest.approx(
        fine.times[np.nanargmax(fine.average_power)], abs=spacing
    )


def test_optimum_at_grid_end_warns() -> None:
    with pytest.warns(ConvergenceWarning, match="extend `times`"):
        _ = qb.charge(qubit_battery(), np.linspace(0, 0.5, 11)).optimal_time


def test_fluctuations_against_heisenberg_picture(rng: np.random.Generator) -> None:
    # Xi^2 = <D^2> - <D>^2 with D = U^dagger H_B U - H_B, computed densely (eq. 26 directly).
    h = random_hermitian(rng, 4)
    h_b = np.diag([0.0, 0.5, 1.0, 1.5])
    psi0 = rng.normal(size=4) + 1j * rng.normal(size=4)
    psi0 /= np.linalg.norm(psi0)
    times = np.linspace(0, 2, 21)
    for method in ("spectral", "chebyshev"):
        result = qb.charge(qb.Battery(h, h_b, psi0), times, method=method, fluctuations=True)
        for k, t in enumerate(times):
            u = expm(-1j * h * t)
            d = u.conj().T @ h_b @ u - h_b
            mean = np.real(psi0.conj() @ d @ psi0)
            xi2 = np.real(psi0.conj() @ d @ d @ psi0) - mean**2
            assert result.xi2[k] == pytest.approx(xi2, abs=EXACT)
            v_t = (
                np.real(psi0.conj() @ u.conj().T @ h_b @ h_b @ u @ psi0)
                - np.real(psi0.conj() @ u.conj().T @ h_b @ u @ psi0) ** 2
            )
            assert result.variance[k] == pytest.approx(v_t, abs=EXACT)


def test_fluctuations_vanish_at_full_charge() -> None:
    # Review sec. 2.2.2: charging from the ground state, Xi = Sigma = 0 at full charge.
    battery = qb.Battery(0.5 * SX, N_EXC, np.array([1.0, 0.0]))
    full = np.pi  # sin^2(t/2) = 1
    result = qb.charge(battery, np.array([0.5, full]), fluctuations=True)
    assert result.xi2[-1] == pytest.approx(0.0, abs=EXACT)
    assert result.sigma2[-1] == pytest.approx(0.0, abs=EXACT)


def test_speed_limit_saturated_by_resonant_flip() -> None:
    # H = (Omega/2) sx flips |g> to |e> at pi/Omega; eq. 17 gives exactly that time.
    omega_r = 1.7
    battery = qb.Battery(0.5 * omega_r * SX, N_EXC, np.array([1.0, 0.0]))
    limit = qb.studies.bounds.speed_limit(battery, np.pi / omega_r)
    assert limit.qsl_time == pytest.approx(np.pi / omega_r, abs=EXACT)
    assert limit.respected


def test_speed_limit_respected_by_random_protocols(rng: np.random.Generator) -> None:
    for _ in range(5):
        h = random_hermitian(rng, 5)
        psi0 = np.eye(5)[0].astype(complex)
        battery = qb.Battery(
            [h, (random_hermitian(rng, 5), Step(t_off=0.7))], np.diag(np.arange(5.0)), psi0
        )
        assert qb.studies.bounds.speed_limit(battery, 1.3).respected


def test_binder_bound_closed_form() -> None:
    assert qb.metrics.bounds.binder_power_bound(2.0, np.pi) == pytest.approx(4.0, abs=EXACT)


def test_open_system_fluctuations_have_variance_but_no_correlator() -> None:
    # Decay of |e>: p = exp(-gamma t), V = w^2 p (1 - p) (a two-point distribution).
    gamma = 0.4
    battery = qb.Battery(N_EXC, N_EXC, np.array([0.0, 1.0]), collapse_ops=[np.sqrt(gamma) * LOWER])
    times = np.linspace(0, 3, 31)
    result = qb.charge(battery, times, fluctuations=True)
    p = np.exp(-gamma * times)
    np.testing.assert_allclose(result.variance, p * (1 - p), atol=ODE, rtol=0)
    assert result.xi2 is None
    assert qb.charge(battery, times).variance is None


def test_result_exports_and_f_alpha_closed_form() -> None:
    # Driven qubit H = w n + h sx from |g>: p_e = (h/W)^2 sin^2(W t) with W^2 = h^2 + w^2/4.
    omega, h = 1.3, 0.7
    times = np.linspace(0, 4, 81)
    result = qb.charge(qubit_battery(omega, h), times, fluctuations=True)
    dataset = result.to_xarray()
    assert set(dataset.data_vars) >= {"energy", "ergotropy", "power", "xi2", "sigma2"}
    assert dataset.attrs["method"] == "spectral"
    import json

    json.dumps(result.summary())
    rabi = np.hypot(h, omega / 2)
    work = omega * (h / rabi) ** 2 * np.sin(rabi * times) ** 2
    later = times > 0
    power = work[later] / times[later]
    for alpha in (0.0, 0.3, 1.0):  # F_alpha = <P>^alpha W^(1 - alpha), eq. 16
        expected = power**alpha * work[later] ** (1 - alpha)
        np.testing.assert_allclose(result.f_alpha(alpha)[later], expected, atol=EXACT, rtol=0)


def test_bad_input_messages() -> None:
    battery = qubit_battery()
    with pytest.raises(QBatteryError, match="times: must be non-negative"):
        qb.charge(battery, [0.0, 2.0, 1.0])
    with pytest.raises(QBatteryError, match="method: unknown 'rk4'"):
        qb.charge(battery, [0.0, 1.0], method="rk4")
    with pytest.raises(QBatteryError, match=r"options: \['tol'\] not used by method 'ode'"):
        qb.charge(battery, [0.0, 1.0], method="ode", options={"tol": 1e-3})
    open_battery = qubit_battery(collapse_ops=[LOWER])
    with pytest.raises(QBatteryError, match="closed, unmeasured systems"):
        qb.charge(open_battery, [0.0, 1.0], method="spectral")
    with pytest.raises(TypeError, match=r"battery: expected a qbattery\.Battery"):
        qb.charge("dicke", [0.0, 1.0])  # type: ignore[arg-type]


def test_battery_input_checks() -> None:
    with pytest.raises(QBatteryError, match="initial_state: state vector norm"):
        qb.Battery(N_EXC, N_EXC, np.array([1.0, 1.0]))
    with pytest.raises(QBatteryError, match="dims: the product"):
        qb.Battery(np.eye(4), N_EXC, np.eye(4)[0], dims=[2, 3])
    with pytest.raises(QBatteryError, match="battery: subsystem indices"):
        qb.Battery(np.eye(4), N_EXC, np.eye(4)[0], dims=[2, 2], battery=[2])
    with pytest.raises(QBatteryError, match="battery_hamiltonian: dimension 2"):
        qb.Battery(np.eye(4), N_EXC, np.eye(4)[0])
    with pytest.raises(QBatteryError, match="hamiltonian: not Hermitian"):
        qb.Battery(LOWER, N_EXC, np.array([1.0, 0.0]))
    with pytest.raises(QBatteryError, match="ground level is degenerate"):
        qb.ground_state(np.diag([0.0, 0.0, 1.0]))


def test_repeated_measurements_zeno_closed_form() -> None:
    # H = (Omega/2) sx from |g>, H_B measured every tau: each interval turns a diagonal state
    # p -> p (1 - s) + (1 - p) s with s = sin^2(Omega tau / 2), so p_n = (1 - (1 - 2s)^n) / 2
    # (Misra & Sudarshan, J. Math. Phys. 18, 756 (1977); review sec. 5.2).
    rabi, tau = 1.2, 0.25
    battery = qb.Battery(0.5 * rabi * SX, N_EXC, np.array([1.0, 0.0]), measurement_interval=tau)
    n = np.arange(1, 21)
    result = qb.charge(battery, n * tau)
    assert result.method == "ode"
    s = np.sin(rabi * tau / 2) ** 2
    np.testing.assert_allclose(result.battery_energy, (1 - (1 - 2 * s) ** n) / 2, atol=ODE, rtol=0)
    # right after each measurement the state is diagonal: no coherent ergotropy, and the
    # ergotropy is that of diag(1 - p, p)
    p = (1 - (1 - 2 * s) ** n) / 2
    np.testing.assert_allclose(result.ergotropy, np.maximum(0, 2 * p - 1), atol=ODE, rtol=0)
    with pytest.raises(QBatteryError, match="measurement_interval"):
        qb.charge(battery, n * tau, method="spectral")


def test_resource_curves_closed_forms() -> None:
    # Exchange battery: the global state is pure, rho_B = diag(1 - p, p) (no coherence):
    # entanglement entropy -p ln p - (1-p) ln(1-p), purity p^2 + (1-p)^2, all ergotropy incoherent.
    times = np.linspace(0.1, 10, 40)
    result = qb.charge(exchange_battery(), times, resources=True)
    p = np.sin(0.3 * times) ** 2
    curves = result.resources
    entropy = -(p * np.log(p) + (1 - p) * np.log(1 - p))
    np.testing.assert_allclose(curves["battery_entropy"], entropy, atol=EXACT, rtol=0)
    np.testing.assert_allclose(curves["battery_purity"], p**2 + (1 - p) ** 2, atol=EXACT, rtol=0)
    np.testing.assert_allclose(curves["l1_coherence"], 0.0, atol=EXACT, rtol=0)
    np.testing.assert_allclose(curves["coherent_ergotropy"], 0.0, atol=EXACT, rtol=0)
    # diagonal rho_B = diag(1 - p, p): all of its ergotropy max(0, 2p - 1) w is incoherent
    np.testing.assert_allclose(
        curves["incoherent_ergotropy"], np.maximum(0, 2 * p - 1), atol=EXACT, rtol=0
    )
    assert "battery_entropy" in result.to_xarray()


def test_driven_qubit_ergotropy_is_coherent() -> None:
    # Pure qubit state: the dephased state diag(1-p, p) has ergotropy max(0, 2p - 1) w; the rest
    # of E = w p is coherent; l1 coherence 2 sqrt(p (1 - p)); p from the detuned Rabi formula.
    omega, h = 1.3, 0.7
    times = np.linspace(0.1, 4, 30)
    result = qb.charge(qubit_battery(omega, h), times, resources=True)
    rabi = np.sqrt(omega**2 + 4 * h**2)
    p = 4 * h**2 / rabi**2 * np.sin(rabi * times / 2) ** 2
    incoherent = omega * np.maximum(0, 2 * p - 1)
    np.testing.assert_allclose(
        result.resources["incoherent_ergotropy"], incoherent, atol=EXACT, rtol=0
    )
    np.testing.assert_allclose(
        result.resources["coherent_ergotropy"], omega * p - incoherent, atol=EXACT, rtol=0
    )
    np.testing.assert_allclose(
        result.resources["l1_coherence"], 2 * np.sqrt(p * (1 - p)), atol=EXACT, rtol=0
    )


def test_discharge_into_an_empty_charger() -> None:
    # The charged battery qubit gives its excitation back to an empty charger qubit:
    # W(t) = -w sin^2(g t); delivered power is maximal where d/dt(W/t) = 0, i.e. at x = g t with
    # 2x sin x cos x = sin^2 x, tan x = 2x: tau = x/g, P = w g sin^2(x)/x.
    omega, g = 1.0, 0.3
    times = np.linspace(0, 12, 601)  # spacing 0.02, as for OPTIMUM_TIME
    result = qb.discharge(
        exchange_battery(omega, g), times, battery_state=[0.0, 1.0], load_state=[1.0, 0.0]
    )
    np.testing.assert_allclose(
        result.delivered_energy, omega * np.sin(g * times) ** 2, atol=EXACT, rtol=0
    )
    x = brentq(lambda x: np.tan(x) - 2 * x, 0.5, 1.5, xtol=1e-15)
    assert result.optimal_discharge_time == pytest.approx(x / g, abs=OPTIMUM_TIME)
    peak = omega * g * np.sin(x) ** 2 / x
    assert result.max_output_power == pytest.approx(peak, abs=OPTIMUM_POWER)
    # consistency: the same exchange read backwards gives the charging run's power figures
    charged = qb.charge(exchange_battery(omega, g), times)
    assert result.max_output_power == pytest.approx(charged.max_average_power, rel=EXACT)
    assert result.optimal_discharge_time == pytest.approx(charged.optimal_time, rel=ARGMAX)


def test_discharge_layout_and_errors() -> None:
    with pytest.raises(QBatteryError, match="load_state"):
        qb.discharge(exchange_battery(), [0.0, 1.0], battery_state=[0.0, 1.0])
    with pytest.raises(QBatteryError, match="load_state: this battery is the whole space"):
        qb.discharge(qubit_battery(), [0.0, 1.0], battery_state=[0.0, 1.0], load_state=[1.0])
    # battery on subsystem 0 of [2, 3]: the product state puts each factor in its place
    from qbattery.studies.discharge import product_state

    ket = product_state([0.0, 1.0], [0.0, 0.0, 1.0], (2, 3), (0,))
    np.testing.assert_allclose(ket, np.kron([0.0, 1.0], [0.0, 0.0, 1.0]), rtol=0, atol=ROUND_OFF)
    rho = product_state(np.diag([0.25, 0.75]), [1.0, 0.0, 0.0], (2, 3), (0,))
    expected = np.kron(np.diag([0.25, 0.75]), np.diag([1.0, 0, 0]))
    np.testing.assert_allclose(rho, expected, rtol=0, atol=ROUND_OFF)


@pytest.mark.parametrize("method", ["spectral", "chebyshev"])
def test_xxz_chain_against_sesolve(method: str) -> None:
    # The model's chain rebuilt with qutip.tensor (basis order |g> = down first, so
    # sz = -qutip.sigmaz()); sesolve at tight tolerances is the reference.
    n, coupling, anisotropy = 5, 0.2, 0.5
    battery = qb.models.xxz_chain(n, coupling, anisotropy, omega=1.0, field=1.0)

    def site(op: qutip.Qobj, i: int) -> qutip.Qobj:
        ops = [qutip.qeye(2)] * n
        ops[i] = op
        return qutip.tensor(ops)

    sx, sy, sz = qutip.sigmax(), -qutip.sigmay(), -qutip.sigmaz()
    h_b = sum(0.5 * site(sz, i) for i in range(n)) + coupling * sum(
        site(sx, i) * site(sx, i + 1)
        + site(sy, i) * site(sy, i + 1)
        + anisotropy * site(sz, i) * site(sz, i + 1)
        for i in range(n - 1)
    )
    h = h_b + sum(site(sx, i) for i in range(n))
    psi0 = qutip.Qobj(battery.initial_state, dims=[[2] * n, [1] * n])
    times = np.linspace(0, 5, 101)
    options = {"atol": 1e-13, "rtol": 1e-11}
    expected = qutip.sesolve(h, psi0, times, e_ops=[h_b], options=options).expect[0]
    result = qb.charge(battery, times, method=method)
    np.testing.assert_allclose(result.battery_energy, expected, atol=ODE, rtol=0)


def test_chebyshev_ket_route_matches_spectral(rng: np.random.Generator) -> None:
    # A wide spectrum and a sparse grid make short windows read observables off the kets
    # (observation_cost) instead of Gram matrices: both routes must agree with the spectral path.
    from qbattery.dynamics.observe import observation_cost

    h = 200.0 * random_hermitian(rng, 12)
    h_b = np.diag(np.linspace(0.0, 1.0, 4))
    psi0 = rng.normal(size=12) + 1j * rng.normal(size=12)
    battery = qb.Battery(h, h_b, psi0 / np.linalg.norm(psi0), dims=[3, 4], battery=[1])
    times = np.array([0.0, 0.3, 0.7, 1.0])
    assert not observation_cost(600, 1, 12, 4)[1]  # the regime exercised here
    spectral = qb.charge(battery, times, method="spectral", fluctuations=True)
    chebyshev = qb.charge(battery, times, method="chebyshev", fluctuations=True)
    for field in ("battery_energy", "power", "ergotropy", "variance", "xi2"):
        np.testing.assert_allclose(
            getattr(chebyshev, field),
            getattr(spectral, field),
            atol=CHEBYSHEV,
            rtol=0,
            err_msg=field,
        )
    # and independently of both: Tr[H_B rho_B(t)] from a dense matrix exponential
    states = [expm(-1j * h * t) @ battery.initial_state for t in times]
    h_b_full = np.kron(np.eye(3), h_b)
    expected = [np.real(np.vdot(psi, h_b_full @ psi)) for psi in states]
    np.testing.assert_allclose(chebyshev.battery_energy, expected, atol=CHEBYSHEV, rtol=0)


def rabi_with_cutoff(cutoff: int, coupling: float = 0.5) -> qb.Battery:
    """Rabi cell (docs/conventions.md form) built by hand, with its photon cut-off declared."""
    a = np.diag(np.sqrt(np.arange(1.0, cutoff + 1)), 1)
    h = (
        np.kron(a.T @ a, np.eye(2))
        + 0.5 * np.kron(np.eye(cutoff + 1), np.diag([-1.0, 1.0]))
        + coupling * np.kron(a + a.T, SX)
    )
    psi0 = np.kron(np.eye(cutoff + 1)[1], [1.0, 0.0])
    edge = np.arange(2 * (cutoff - 1), 2 * (cutoff + 1))  # photon numbers cutoff - 1, cutoff
    truncation = qb.battery.Truncation("cutoff", cutoff, edge)
    return qb.Battery(h, N_EXC, psi0, dims=[cutoff + 1, 2], battery=[1], truncation=truncation)


@pytest.mark.parametrize("method", ["spectral", "chebyshev", "ode"])
def test_small_cutoff_warns_with_the_size_needed(method: str) -> None:
    times = np.linspace(0, 6, 31)
    with pytest.warns(ConvergenceWarning, match=r"cutoff = 3 is too small.*raise cutoff to 5"):
        qb.charge(rabi_with_cutoff(3), times, method=method)
    qb.charge(rabi_with_cutoff(40), times, method=method)  # converged: no warning (errors here)


def test_chebyshev_expansion_refuses_times_beyond_its_window() -> None:
    from qbattery.dynamics.expansion import ChebyshevPropagator

    propagator = ChebyshevPropagator(sp.csr_matrix(SX), tol=1e-12)
    expansion = propagator.expansion(np.array([1.0, 0.0]), 2.0)
    expected = [abs(np.cos(2.0)), abs(np.sin(2.0))]
    np.testing.assert_allclose(np.abs(expansion.state(2.0)), expected, rtol=0, atol=EXACT)
    with pytest.raises(QBatteryError, match="built for 0 <= t <= 2"):
        expansion.state(3.0)


def test_initial_variance_of_a_mixed_state() -> None:
    # V(0) = Tr[H_B^2 rho] - Tr[H_B rho]^2 for rho = diag(0.5, 0.3, 0.2), H_B = diag(0, 1, 2):
    # <H> = 0.7, <H^2> = 1.1, V(0) = 0.61 (a pure-state shortcut would give Tr[H^2 rho^2]).
    h_b = np.diag([0.0, 1.0, 2.0])
    battery = qb.Battery(h_b, h_b, np.diag([0.5, 0.3, 0.2]))
    result = qb.charge(battery, [0.0, 1.0], fluctuations=True)
    assert result.initial_energy == pytest.approx(0.7, abs=ROUND_OFF)
    assert result.initial_variance == pytest.approx(0.61, abs=ROUND_OFF)
    np.testing.assert_allclose(result.variance, 0.61, atol=ROUND_OFF, rtol=0)  # H_B conserved


class _DummyEnvironment:
    """An Environment naming a method that no solver registers for it."""

    method = "ode"

    def describe(self) -> dict:
        return {"bath": "dummy"}


def test_methods_refuse_to_ignore_an_environment() -> None:
    battery = qb.Battery(N_EXC, N_EXC, np.array([0.0, 1.0]), environment=_DummyEnvironment())
    assert "open=True" in repr(battery)
    with pytest.raises(QBatteryError, match="whose environment is _DummyEnvironment"):
        qb.charge(battery, [0.0, 1.0])
    with pytest.raises(QBatteryError, match="cannot solve"):
        qb.charge(battery, [0.0, 1.0], method="spectral")
    with pytest.raises(QBatteryError, match="environment: expected an Environment"):
        qb.Battery(N_EXC, N_EXC, np.array([0.0, 1.0]), environment="thermal")


def test_lindblad_method_refuses_what_it_cannot_do() -> None:
    ramp = Ramp(duration=1.0, amplitude=1.0)
    continuous = qb.Battery([N_EXC, (SX, ramp)], N_EXC, np.array([1.0, 0.0]))
    with pytest.raises(QBatteryError, match="'lindblad' needs a piecewise-constant protocol"):
        qb.charge(continuous, [0.0, 1.0], method="lindblad")
    measured = qb.Battery(SX, N_EXC, np.array([1.0, 0.0]), measurement_interval=0.1)
    with pytest.raises(QBatteryError, match="does not apply repeated measurements"):
        qb.charge(measured, [0.0, 1.0], method="lindblad")


def test_replace_rebuilds_with_checks() -> None:
    battery = qb.Battery(N_EXC, N_EXC, np.array([1.0, 0.0]), collapse_ops=[LOWER])
    excited = battery.replace(initial_state=np.array([0.0, 1.0]))
    assert excited.collapse_ops and excited.initial_state[1] == 1.0
    with pytest.raises(QBatteryError, match=r"changes: \['state'\] are not Battery arguments"):
        battery.replace(state=np.array([0.0, 1.0]))
    with pytest.raises(QBatteryError, match="initial_state"):
        battery.replace(initial_state=np.array([1.0, 1.0]))


def test_a_rank_deficient_mixed_start_in_a_conserved_parity_sector() -> None:
    """Regression: a mixed state living in a parity sector of H (here diag(0.7, 0, 0, 0.3) of two
    qubits under a global sigma_x sigma_x drive) crashed the ergotropy step; it must equal
    the ergotropy of exp(-iHt) rho exp(iHt) diagonalised by NumPy."""
    from scipy.linalg import expm

    battery = qb.models.global_charging(2, 1.0, charging="global")
    rho0 = np.diag([0.7, 0.0, 0.0, 0.3])
    times = np.linspace(0.0, 1.5, 7)
    result = qb.charge(battery.replace(initial_state=rho0), times)
    h = qb.operators.to_dense(battery.hamiltonian.static)
    h_b = qb.operators.to_dense(battery.battery_hamiltonian)
    levels = np.linalg.eigvalsh(h_b)
    expected = []
    for t in times:
        u = expm(-1j * h * t)
        rho = u @ rho0 @ u.conj().T
        populations = np.sort(np.linalg.eigvalsh(rho))[::-1]
        expected.append(np.real(np.trace(h_b @ rho)) - populations @ levels)
    np.testing.assert_allclose(result.ergotropy, expected, rtol=0, atol=1e-12)


def test_chebyshev_vectors_reuse_one_buffer_across_windows_and_types(
    rng: np.random.Generator,
) -> None:
    # One RowBuffer serves a complex ket, a real one and a longer window (which grows it);
    # each expansion is checked against a dense matrix exponential at its own length.
    from qbattery.dynamics.expansion import ChebyshevPropagator
    from qbattery.dynamics.row_buffer import RowBuffer

    h = random_hermitian(rng, 30).real
    propagator = ChebyshevPropagator(sp.csr_matrix(h), tol=1e-12)
    buffer = RowBuffer()
    complex_ket = rng.normal(size=30) + 1j * rng.normal(size=30)
    real_ket = rng.normal(size=30)
    for psi, length in ((complex_ket, 1.0), (real_ket, 1.0), (complex_ket, 4.0)):
        expansion = propagator.expansion(psi, length, buffer=buffer)
        expected = expm(-1j * h * length) @ psi
        np.testing.assert_allclose(expansion.state(length), expected, atol=CHEBYSHEV, rtol=0)
    again = propagator.expansion(real_ket, 1.0, buffer=buffer)
    assert np.shares_memory(again.basis, expansion.basis)  # no new memory for a shorter window


def test_mixed_states_on_many_chebyshev_windows_match_the_spectral_path(
    rng: np.random.Generator,
) -> None:
    # Three kets of a mixed state, each with its own reused buffer, through a switched drive
    # (two constant pieces) on a grid long enough for many windows; states compared in full.
    h0, h1 = random_hermitian(rng, 12), random_hermitian(rng, 12)
    h_b = np.diag(np.linspace(0.0, 1.0, 4))
    rho0 = random_density_matrices(rng, (), 12, rank=3)
    battery = qb.Battery(
        [h0, (h1, Step(1.0, t_on=3.0, t_off=11.0))], h_b, rho0, dims=[3, 4], battery=[1]
    )
    times = np.linspace(0.0, 20.0, 401)
    options = {"full_states": True, "fluctuations": True}
    chebyshev = qb.charge(battery, times, method="chebyshev", **options)
    spectral = qb.charge(battery, times, method="spectral", **options)
    for field in ("battery_energy", "power", "ergotropy", "variance", "states"):
        np.testing.assert_allclose(
            getattr(chebyshev, field), getattr(spectral, field), atol=CHEBYSHEV, rtol=0
        )
