"""Remote charging through a shared Lorentzian reservoir (review sec. 6).

References (tests/README.md, "Remote charging"):
- the exact one-excitation pseudomode amplitudes against the full-space Lindblad equation with
  the pseudomode added by add_pseudomodes and solved by charge(method="ode") (QuTiP's mesolve);
- the pseudomode against a discretised continuum of M modes (a second, Hermitian method): the
  error falls like M^-2;
- the Markovian limit against its closed form: two identical emitters with
  Sigma(w0) = Delta - i gamma / 2 and the charger excited leave the battery with
  |c_B|^2 = (1 + e^{-2 gamma t} - 2 e^{-gamma t} cos(2 Delta t)) / 4, and against the collective
  Lindblad equation H_S + Delta L^dagger L, sqrt(gamma) L solved by charge(); the exact
  dynamics tends to it as (g / Gamma)^2.
"""

from __future__ import annotations

import numpy as np
import pytest

import qbattery as qb
from qbattery.environments.pseudomodes import Lorentzian, add_pseudomodes
from qbattery.environments.reservoirs import SharedReservoir
from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.studies.remote_charging import continuum_convergence, remote_charging

#: charge(method="ode") (QuTiP mesolve at atol 1e-12, rtol 1e-10) against exact amplitudes
#: (observed 3e-9).
ODE = 1e-7
#: Closed form against eigendecomposition / matrix exponentials (round-off, observed 2e-15).
EXACT = 1e-12
#: 400 modes per Lorentzian against the pseudomode: midpoint-rule error ~ M^-2, observed
#: 1.2e-5 (g/Gamma = 0.05), 7.3e-4 (0.3) and 3.7e-3 (2.0) over the runs below.
CONTINUUM = 5e-3
#: Exact against Markovian dynamics at g / Gamma = 0.01: an O((g/Gamma)^2) effect, observed 5e-5.
WEAK = 2e-4

EXCITED = np.diag([0.0, 1.0])
COUPLINGS = {"weak": 0.05, "intermediate": 0.3, "strong": 2.0}


def emitters_battery(reservoir: SharedReservoir, ket: np.ndarray) -> qb.Battery:
    """The bare emitters on dims [2] * N with the last one the battery (no direct coupling)."""
    n = reservoir.n_emitters
    dims = [2] * n
    h = sum(
        w * qb.linalg.embed_operator(EXCITED, dims, [j]).toarray()
        for j, w in enumerate(reservoir.frequencies)
    )
    h_b = reservoir.frequencies[-1] * EXCITED
    return qb.Battery(h, h_b, ket, dims=dims, battery=[n - 1])


def product_ket(levels: list[int]) -> np.ndarray:
    ket = np.zeros(2 ** len(levels))
    ket[int("".join(map(str, levels)), 2)] = 1.0
    return ket


@pytest.mark.parametrize("regime", COUPLINGS)
def test_pseudomode_amplitudes_against_full_lindblad(regime: str) -> None:
    """A partly charged charger (c_0 = 0.6, c_C = 0.8): energy and ergotropy of the battery."""
    pair = SharedReservoir([1.0, 1.1], Lorentzian(COUPLINGS[regime], 1.05, 1.0))
    times = np.linspace(0, 6, 61)
    ket = 0.6 * product_ket([0, 0]) + 0.8 * product_ket([1, 0])
    enlarged = add_pseudomodes(emitters_battery(pair, ket), pair.bath(), cutoff=3)
    full = qb.charge(enlarged, times, method="ode")
    fast = remote_charging(pair, times, initial=[0.6, 0.8, 0.0])
    np.testing.assert_allclose(fast.battery_energy, full.energy, atol=ODE, rtol=0)
    np.testing.assert_allclose(fast.battery_ergotropy, full.ergotropy, atol=ODE, rtol=0)
    assert fast.max_ergotropy > 0


def test_two_chargers_sharing_an_excitation_against_full_lindblad() -> None:
    three = SharedReservoir([1.0, 1.0, 1.0], Lorentzian(0.8, 1.0, 0.5), couplings=[1.0, 0.7, 1.2])
    times = np.linspace(0, 8, 41)
    ket = (product_ket([1, 0, 0]) + product_ket([0, 1, 0])) / np.sqrt(2)
    enlarged = add_pseudomodes(emitters_battery(three, ket), three.bath(), cutoff=3)
    full = qb.charge(enlarged, times, method="ode")
    fast = remote_charging(three, times)
    np.testing.assert_allclose(fast.battery_energy, full.energy, atol=ODE, rtol=0)


@pytest.mark.parametrize("regime", COUPLINGS)
def test_pseudomode_against_discretised_continuum(regime: str) -> None:
    g = COUPLINGS[regime]
    pair = SharedReservoir([1.0, 1.0], Lorentzian(g, 1.0, 1.0))
    times = np.linspace(0, min(30.0, 6 / g), 201)  # well before the revival at 4 M / Gamma
    study = continuum_convergence(pair, times, n_modes=(100, 200, 400))
    assert study.max_deviation[-1] < CONTINUUM
    ratios = study.max_deviation[:-1] / study.max_deviation[1:]
    assert np.all(ratios > 1.5)  # converging; ~4 per doubling once M resolves g (midpoint rule)
    assert study.max_deviation[0] / study.max_deviation[-1] > 8  # observed 12.8 at strong


@pytest.mark.parametrize("detuning", [0.0, 0.4])
def test_markovian_limit_closed_form_and_collective_lindblad(detuning: float) -> None:
    g = 0.05
    pair = SharedReservoir([1.0, 1.0], Lorentzian(g, 1.0 - detuning, 1.0))
    sigma = g**2 / (detuning + 0.5j)  # Sigma(w0 + i0)
    gamma, shift = -2 * sigma.imag, sigma.real
    times = np.linspace(0, 5 / gamma, 101)
    closed = (
        1 + np.exp(-2 * gamma * times) - 2 * np.exp(-gamma * times) * np.cos(2 * shift * times)
    ) / 4
    markov = remote_charging(pair, times, method="markovian")
    np.testing.assert_allclose(markov.battery_energy, closed, atol=EXACT, rtol=0)
    assert markov.max_ergotropy == 0  # at most half excited, no coherence: no ergotropy
    lower = pair.collective_lowering().toarray()
    ket = product_ket([1, 0])
    lindblad = emitters_battery(pair, ket)
    lindblad = lindblad.replace(
        hamiltonian=lindblad.hamiltonian.static + shift * lower.conj().T @ lower,
        collapse_ops=[np.sqrt(gamma) * lower],
    )
    full = qb.charge(lindblad, times[::10], method="ode", ergotropy=False)
    np.testing.assert_allclose(full.energy, closed[::10], atol=ODE, rtol=0)


def test_weak_coupling_tends_to_the_markovian_result() -> None:
    deviations = []
    for g in (0.02, 0.01):
        pair = SharedReservoir([1.0, 1.0], Lorentzian(g, 1.2, 1.0))
        gamma = -2 * pair.self_energy(1.0)[0, 0].imag
        times = np.linspace(0, 6 / gamma, 301)
        exact = remote_charging(pair, times).battery_energy
        markov = remote_charging(pair, times, method="markovian").battery_energy
        deviations.append(np.abs(exact - markov).max())
    assert deviations[1] < WEAK
    assert 3 < deviations[0] / deviations[1] < 5  # an O((g / Gamma)^2) correction


def test_strong_coupling_charges_weak_does_not() -> None:
    """Tabesh et al. (2020): the ergotropy reaches the battery only at strong coupling."""
    strong = SharedReservoir([1.0, 1.0], Lorentzian(4.0, 1.0, 0.2))
    assert remote_charging(strong, np.linspace(0, 1, 401)).max_ergotropy > 0.9
    weak = SharedReservoir([1.0, 1.0], Lorentzian(0.05, 1.0, 1.0))
    assert remote_charging(weak, np.linspace(0, 400, 401)).max_ergotropy < 1e-12


def test_bad_input() -> None:
    pair = SharedReservoir([1.0, 1.0], Lorentzian(0.1, 1.0, 1.0))
    with pytest.raises(QBatteryValueError, match="couplings: expected one per emitter"):
        SharedReservoir([1.0, 1.0], Lorentzian(0.1, 1.0, 1.0), couplings=[1.0])
    with pytest.raises(QBatteryValueError, match="frequencies"):
        SharedReservoir([], Lorentzian(0.1, 1.0, 1.0))
    with pytest.raises(QBatteryValueError, match="method: expected one of"):
        remote_charging(pair, [0.0, 1.0], method="exact")
    with pytest.raises(DimensionError, match="initial: expected 3 amplitudes"):
        remote_charging(pair, [0.0, 1.0], initial=[1.0, 0.0])
    with pytest.raises(QBatteryValueError, match="initial: amplitudes must have norm 1"):
        remote_charging(pair, [0.0, 1.0], initial=[1.0, 1.0, 0.0])
    with pytest.raises(QBatteryValueError, match="battery: must index"):
        remote_charging(pair, [0.0, 1.0], battery=2)
    with pytest.raises(QBatteryTypeError, match="reservoir: expected a SharedReservoir"):
        remote_charging("pair", [0.0, 1.0])  # type: ignore[arg-type]
    with pytest.raises(QBatteryValueError, match="battery: must index"):
        pair.full_battery(np.eye(4)[0], battery=5)
    with pytest.raises(QBatteryValueError, match="at least one charger"):
        remote_charging(SharedReservoir([1.0], Lorentzian(0.1, 1.0, 1.0)), [0.0, 1.0])


@pytest.mark.parametrize("regime", COUPLINGS)
def test_two_chargers_against_hand_built_qutip_pseudomode(regime: str) -> None:
    """Two chargers and a battery, the full pseudomode Lindbladian built here in QuTiP.

    H = sum_j w_j s_j^+ s_j^- + w_p a^dagger a + g sum_j kappa_j (s_j^+ a + s_j^- a^dagger),
    collapse sqrt(Gamma) a (Garraway 1997), one excitation shared by the chargers.
    """
    import qutip

    g = COUPLINGS[regime]
    freqs, kappas = [1.0, 0.9, 1.1], [1.0, 0.8, 1.3]
    three = SharedReservoir(freqs, Lorentzian(g, 1.0, 0.6), couplings=kappas)
    sm, qeye = qutip.destroy(2), qutip.qeye(2)
    ops = [
        qutip.tensor([sm if i == j else qeye for i in range(3)] + [qutip.qeye(4)]) for j in range(3)
    ]
    a = qutip.tensor([qeye] * 3 + [qutip.destroy(4)])
    h = 1.0 * a.dag() * a + sum(w * s.dag() * s for w, s in zip(freqs, ops, strict=True))
    h += g * sum(k * (s.dag() * a + s * a.dag()) for k, s in zip(kappas, ops, strict=True))
    up, down = qutip.basis(2, 1), qutip.basis(2, 0)
    vac = qutip.basis(4, 0)
    psi0 = (qutip.tensor(up, down, down, vac) + qutip.tensor(down, up, down, vac)).unit()
    times = np.linspace(0, 10, 51)
    options = {"atol": 1e-12, "rtol": 1e-10}
    out = qutip.mesolve(
        h, psi0, times, [np.sqrt(0.6) * a], e_ops=[ops[2].dag() * ops[2]], options=options
    )
    fast = remote_charging(three, times)
    np.testing.assert_allclose(fast.battery_energy, 1.1 * np.asarray(out.expect[0]), atol=ODE)


@pytest.mark.parametrize("regime", COUPLINGS)
def test_two_fully_charged_chargers_against_hand_built_qutip(regime: str) -> None:
    """Two excitations (both chargers in e): SharedReservoir.full_battery against QuTiP."""
    import qutip

    g = COUPLINGS[regime]
    freqs, kappas = [1.0, 1.05, 0.95], [1.0, 0.7, 1.2]
    three = SharedReservoir(freqs, Lorentzian(g, 1.0, 0.8), couplings=kappas)
    sm, qeye = qutip.destroy(2), qutip.qeye(2)
    ops = [
        qutip.tensor([sm if i == j else qeye for i in range(3)] + [qutip.qeye(3)]) for j in range(3)
    ]
    a = qutip.tensor([qeye] * 3 + [qutip.destroy(3)])
    h = 1.0 * a.dag() * a + sum(w * s.dag() * s for w, s in zip(freqs, ops, strict=True))
    h += g * sum(k * (s.dag() * a + s * a.dag()) for k, s in zip(kappas, ops, strict=True))
    up, down = qutip.basis(2, 1), qutip.basis(2, 0)
    psi0 = qutip.tensor(up, up, down, qutip.basis(3, 0))
    times = np.linspace(0, 10, 41)
    expected = qutip.mesolve(
        h,
        psi0,
        times,
        [np.sqrt(0.8) * a],
        e_ops=[0.95 * ops[2].dag() * ops[2]],
        options={"atol": 1e-12, "rtol": 1e-10},
    ).expect[0]
    ket = np.zeros(8)
    ket[0b110] = 1.0
    run = qb.charge(three.full_battery(ket), times, method="ode")
    np.testing.assert_allclose(run.energy, expected, atol=ODE, rtol=0)
    if regime == "strong":
        assert run.ergotropy.max() > 0.3  # two chargers can invert the battery


def test_exact_power_is_the_derivative_of_the_energy_by_either_route(monkeypatch) -> None:
    """dW/dt from the whole amplitude vector, and from a second propagation of H c(0) (forced
    by a zero size limit), against central differences of W on a fine grid."""
    import importlib

    module = importlib.import_module("qbattery.studies.remote_charging")  # not the function

    reservoir = SharedReservoir([1.0, 1.0, 1.2], Lorentzian(0.8, 1.1, 0.5))
    times = np.linspace(0, 4, 4001)
    for method in ("pseudomode", "continuum"):
        whole = remote_charging(reservoir, times, method=method, n_modes=100)
        slope = np.gradient(whole.battery_energy, times)
        np.testing.assert_allclose(whole.battery_power[1:-1], slope[1:-1], atol=1e-5)
        monkeypatch.setattr(module, "_FULL_AMPLITUDES", 0)
        second = remote_charging(reservoir, times, method=method, n_modes=100)
        monkeypatch.undo()
        np.testing.assert_allclose(second.battery_power, whole.battery_power, atol=1e-10)
