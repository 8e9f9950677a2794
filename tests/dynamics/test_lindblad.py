"""Exact Lindblad propagation (windowed Chebyshev on Hermitian matrices) and ``auto``'s choice.

References, independent of the code under test:

- the dense ``d^2 x d^2`` Liouvillian written out here by hand (column stacking,
  ``vec(A X B) = (B^T (x) A) vec(X)``) and exponentiated by ``scipy.linalg.expm``, piece by
  piece for piecewise-constant protocols;
- QuTiP's ``mesolve`` at atol 1e-12, rtol 1e-10 on an open XXZ chain, with the energy
  ``Tr[H_B rho]``, the power ``Tr[H_B L(rho)]`` (the Lindbladian applied by hand) and the
  ergotropy ``Tr[H_B rho] - sum_i r_i e_i`` (plain NumPy eigenvalues, docs/conventions.md) from its
  density matrices.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest
import qutip
from scipy.linalg import expm

import qbattery as qb
from qbattery.charge import LINDBLAD_LIMIT, _choose
from qbattery.dynamics import lindblad_chebyshev, lindblad_generator
from qbattery.dynamics.lindblad import EXACT_BUDGET, estimated_costs
from qbattery.dynamics.lindblad_chebyshev import plan_window
from qbattery.dynamics.lindblad_generator import hermitian_generator, kernel, window_states
from qbattery.dynamics.ode import ODEOptions
from qbattery.protocols import Piecewise, Step
from tests.conftest import random_density_matrices, random_hermitian

#: States against the dense exponential: truncation below 1e-14 per window plus round-off of
#: ~100 terms each at most 100 times the state (the amplification bound), a few windows.
STATE_TOL = 1e-12
#: Energy, power and ergotropy against mesolve at atol 1e-12, rtol 1e-10 over 20 time units
#: (its global error, not ours, sets this).
QUTIP_TOL = 1e-8
#: Figures of merit against the piecewise dense exponential (same origin as STATE_TOL, times
#: |H_B| of a few units).
CURVE_TOL = 1e-11

LOWER = np.array([[0.0, 1.0], [0.0, 0.0]])
SX = np.array([[0.0, 1.0], [1.0, 0.0]])
N_EXC = np.diag([0.0, 1.0])


def dense_liouvillian(h: np.ndarray, jumps: list[np.ndarray]) -> np.ndarray:
    """``L`` on column-stacked ``vec(rho)``, written out by hand."""
    d = h.shape[0]
    one = np.eye(d)
    generator = -1j * (np.kron(one, h) - np.kron(h.T, one))
    for jump in jumps:
        number = jump.conj().T @ jump
        generator += np.kron(jump.conj(), jump)
        generator -= 0.5 * (np.kron(one, number) + np.kron(number.T, one))
    return generator


def exact_states(
    pieces: list[tuple[float, float, np.ndarray]],
    jumps: list[np.ndarray],
    rho: np.ndarray,
    times: np.ndarray,
) -> np.ndarray:
    """``rho(t)`` on ``times`` by dense ``expm`` of each piece's Liouvillian from its start."""
    d = rho.shape[0]
    out = np.empty((times.size, d, d), dtype=complex)
    vector = rho.reshape(-1, order="F").astype(complex)
    for start, end, h in pieces:
        generator = dense_liouvillian(h, jumps)
        for i in np.flatnonzero((times >= start) & (times <= end)):
            out[i] = (expm(generator * (times[i] - start)) @ vector).reshape(d, d, order="F")
        vector = expm(generator * (end - start)) @ vector
    return out


def ergotropy(rho: np.ndarray, h_b: np.ndarray) -> np.ndarray:
    """``Tr[H_B rho] - sum_i r_i e_i`` with r decreasing and e increasing."""
    populations = np.linalg.eigvalsh(rho)[..., ::-1]
    levels = np.linalg.eigvalsh(h_b)
    return np.einsum("ij,tji->t", h_b, rho).real - populations @ levels


def random_open_system(
    seed: int, d: int, kind: str
) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """H, jump operators and a mixed state: complex, real, or with dense jumps."""
    rng = np.random.default_rng(seed)
    if kind == "real":
        a = rng.normal(size=(d, d))
        h = (a + a.T) / 2
        jumps = [0.4 * np.diag(np.sqrt(np.arange(1, d)), 1), 0.2 * np.diag(rng.normal(size=d))]
    elif kind == "dense jumps":
        h = random_hermitian(rng, d)
        jumps = [0.3 * (rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d)))]
    else:
        h = random_hermitian(rng, d)
        lowering = np.diag(np.sqrt(np.arange(1, d)), 1)
        jumps = [0.5 * lowering, 0.3 * np.exp(0.7j) * lowering.T, 0.2 * random_hermitian(rng, d)]
    return h, jumps, random_density_matrices(rng, (), d)


# -- the propagator against the dense exponential -----------------------------------------


@pytest.fixture(params=["dense", "sparse"])
def kernel_form(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with the dense kernel of small systems and with the sparse kernels (real form for a
    real generator, complex Hermitian matrices otherwise) that larger systems use."""
    if request.param == "sparse":
        monkeypatch.setattr(lindblad_generator, "DENSE", 0)
    return str(request.param)


@pytest.mark.parametrize("kind", ["complex", "real", "dense jumps"])
def test_states_match_the_dense_exponential_on_a_non_uniform_grid(
    kind: str, kernel_form: str
) -> None:
    h, jumps, rho = random_open_system(3, 6, kind)
    times = np.sort(np.random.default_rng(4).uniform(0, 7, 23))
    battery = qb.Battery(h, np.diag(np.arange(6.0)), rho, collapse_ops=jumps)
    result = qb.charge(battery, times, method="lindblad", full_states=True)
    expected = exact_states([(0.0, float(times[-1]), h)], jumps, rho, times)
    assert result.states is not None
    np.testing.assert_allclose(result.states, expected, rtol=0, atol=STATE_TOL)


@pytest.mark.parametrize("real", [True, False])
@pytest.mark.parametrize("length", [0.05, 0.7, None], ids=["short", "medium", "longest"])
def test_one_window_is_within_its_truncation_bound(
    real: bool, length: float | None, kernel_form: str
) -> None:
    h, jumps, rho = random_open_system(5, 5, "real" if real else "complex")
    generator = hermitian_generator(h, jumps)
    assert generator.real is real
    if length is None:  # the longest window whose terms stay below the amplification bound
        length = 16.0
        while plan_window(generator, length, 1e-14) is None:
            length /= 1.25
    plan = plan_window(generator, length, 1e-14)
    assert plan is not None
    taus = np.linspace(0, length, 6)
    operator = kernel(generator, plan.focal, plan.centre)
    states = np.empty((taus.size, 5, 5), dtype=complex)
    vectors = np.empty((taus.size, 5, 5), dtype=operator.dtype)
    window_states(operator, operator.vector(rho), plan.coefficients(taus), states, vectors)
    expected = exact_states([(0.0, length, h)], jumps, rho, taus)
    np.testing.assert_allclose(states, expected, rtol=0, atol=STATE_TOL)


def test_windows_hold_at_most_the_grid_times_that_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    h, jumps, rho = random_open_system(8, 3, "complex")
    battery = qb.Battery(h, np.diag(np.arange(3.0)), rho, collapse_ops=jumps)
    times = np.linspace(0, 0.2, 50)  # one window would hold them all
    whole = qb.charge(battery, times, method="lindblad", full_states=True).states
    monkeypatch.setattr(lindblad_chebyshev, "_STATES_BYTES", 32 * 9 * 8)  # 7 states per window
    split = qb.charge(battery, times, method="lindblad", full_states=True).states
    expected = exact_states([(0.0, 0.2, h)], jumps, rho, times)
    assert whole is not None and split is not None
    np.testing.assert_allclose(split, expected, rtol=0, atol=STATE_TOL)
    np.testing.assert_allclose(whole, expected, rtol=0, atol=STATE_TOL)


def test_strong_dissipation_is_cut_into_short_windows(kernel_form: str) -> None:
    # Real parts of L's spectrum down to -25 (rates well above the level spacing).
    d = 5
    h = np.diag(np.arange(d, dtype=float)) + 0.5 * (np.eye(d, k=1) + np.eye(d, k=-1))
    jumps = [np.sqrt(5.0) * np.diag(np.sqrt(np.arange(1, d)), 1)]
    times = np.linspace(0, 10, 41)
    battery = qb.Battery(h, np.diag(np.arange(d, dtype=float)), np.eye(d)[-1], collapse_ops=jumps)
    result = qb.charge(battery, times, method="lindblad", full_states=True)
    rho = np.diag(np.eye(d)[-1]).astype(complex)
    expected = exact_states([(0.0, 10.0, h)], jumps, rho, times)
    assert result.states is not None
    np.testing.assert_allclose(result.states, expected, rtol=0, atol=STATE_TOL)


def test_closed_and_vanishing_generators() -> None:
    rng = np.random.default_rng(6)
    h = random_hermitian(rng, 4)
    psi = np.linalg.qr(rng.normal(size=(4, 4)))[0][:, 0].astype(complex)
    battery = qb.Battery(h, np.diag(np.arange(4.0)), psi)
    times = np.linspace(0, 5, 11)
    exact = qb.charge(battery, times, method="spectral")
    result = qb.charge(battery, times, method="lindblad")
    np.testing.assert_allclose(result.battery_energy, exact.battery_energy, atol=CURVE_TOL)
    np.testing.assert_allclose(result.ergotropy, exact.ergotropy, atol=CURVE_TOL)
    # H proportional to the identity and no collapse operators: nothing moves.
    frozen = qb.Battery(3.0 * np.eye(4), np.diag(np.arange(4.0)), psi)
    states = qb.charge(frozen, times, method="lindblad", full_states=True).states
    assert states is not None
    np.testing.assert_allclose(states - np.outer(psi, psi.conj()), 0, atol=STATE_TOL)
    only_zero = qb.charge(battery.replace(collapse_ops=[0.1 * h]), [0.0], method="lindblad")
    assert only_zero.battery_energy == pytest.approx([psi.conj() @ np.diag(np.arange(4.0)) @ psi])


# -- piecewise protocols --------------------------------------------------------------------


def test_piecewise_protocol_with_switches_inside_the_grid_and_on_a_grid_time(
    kernel_form: str,
) -> None:
    # Two coupled qubits driven by a three-piece pulse; the switches at t = 1.5 and 4.0 are
    # grid times, the one at t = 2.3 falls between grid times.
    omega, gamma = 1.0, 0.2
    one = np.eye(2)
    h_b = omega * (np.kron(N_EXC, one) + np.kron(one, N_EXC)) + 0.3 * np.kron(SX, SX)
    drive = np.kron(SX, one) + np.kron(one, SX)
    jumps = [np.sqrt(gamma) * np.kron(LOWER, one), np.sqrt(gamma / 2) * np.kron(one, LOWER)]
    pulse = Piecewise(edges=(0.0, 1.5, 2.3, 4.0), values=(0.8, -0.4, 1.1))
    times = np.linspace(0, 5, 21)  # step 0.25: the switches at 1.5 and 4.0 are grid times
    ground = np.linalg.eigh(h_b)[1][:, 0]
    battery = qb.Battery([h_b, (drive, pulse)], h_b, ground, collapse_ops=jumps)
    result = qb.charge(battery, times, method="lindblad")
    edges = [0.0, 1.5, 2.3, 4.0, 5.0]
    values = [0.8, -0.4, 1.1, 0.0]
    pieces = [
        (a, b, h_b + v * drive) for a, b, v in zip(edges[:-1], edges[1:], values, strict=True)
    ]
    states = exact_states(pieces, jumps, np.outer(ground, ground), times)
    np.testing.assert_allclose(
        result.battery_energy, np.einsum("ij,tji->t", h_b, states).real, atol=CURVE_TOL
    )
    np.testing.assert_allclose(result.ergotropy, ergotropy(states, h_b), atol=CURVE_TOL)
    # The power at a grid time is that of the piece starting there (t = 1.5, 4.0: new piece).
    amplitude = np.asarray(pulse(times))
    for i, t in enumerate(times):
        d_rho = dense_liouvillian(h_b + amplitude[i] * drive, jumps) @ states[i].reshape(
            -1, order="F"
        )
        expected = np.trace(h_b @ d_rho.reshape(4, 4, order="F")).real
        assert result.power[i] == pytest.approx(expected, abs=CURVE_TOL), t


def test_a_grid_time_at_a_switch_counts_its_state_once() -> None:
    # Regression: the state at a switching time on the grid was added by both pieces, doubling
    # the battery state behind the ergotropy there.
    qubit = qb.Battery(
        [N_EXC, (0.8 * SX, Step(t_off=1.0))], N_EXC, np.array([1.0, 0.0]), collapse_ops=[LOWER]
    )
    times = np.linspace(0, 2, 21)
    result = qb.charge(qubit, times, method="lindblad", battery_states=True)
    assert result.battery_states is not None
    np.testing.assert_allclose(np.trace(result.battery_states, axis1=1, axis2=2), 1.0, atol=1e-13)
    states = exact_states(
        [(0.0, 1.0, N_EXC + 0.8 * SX), (1.0, 2.0, N_EXC)], [LOWER], np.diag([1.0, 0.0]), times
    )
    np.testing.assert_allclose(result.ergotropy, ergotropy(states, N_EXC), atol=CURVE_TOL)


def test_the_last_grid_time_at_the_last_switch_gets_its_state() -> None:
    # Regression: the window length of the last piece fell short of the piece by 6e-14 of it,
    # so the window ended there and the grid time at the end of the piece got no state
    # (energy 0 at T = 1.2377759965760684 on eight equal slices).
    t_end = 1.2377759965760684
    protocol = Piecewise(tuple(np.linspace(0.0, t_end, 9)), (0.8,) * 8)
    qubit = qb.Battery([N_EXC, (SX, protocol)], N_EXC, np.array([1.0, 0.0]), collapse_ops=[LOWER])
    result = qb.charge(qubit, [t_end], method="lindblad", battery_states=True)
    states = exact_states(
        [(0.0, t_end, N_EXC + 0.8 * SX)], [LOWER], np.diag([1.0, 0.0]), np.array([t_end])
    )
    assert result.battery_states is not None
    np.testing.assert_allclose(result.battery_states, states, atol=CURVE_TOL)


# -- against QuTiP on the XXZ chain ---------------------------------------------------------


def test_xxz_chain_energy_power_and_ergotropy_match_mesolve() -> None:
    n = 5
    battery = qb.local_noise(
        qb.models.xxz_chain(n, 0.2, 0.5), emission=0.05, dephasing=0.02, temperature=0.5
    )
    times = np.linspace(0, 20, 201)
    result = qb.charge(battery, times)
    assert result.method == "lindblad"
    dims = [[2] * n, [2] * n]
    h = qutip.Qobj(battery.hamiltonian.static, dims=dims)
    c_ops = [qutip.Qobj(c, dims=dims) for c in battery.collapse_ops]
    psi = battery.initial_state
    rho0 = qutip.Qobj(np.outer(psi, psi.conj()), dims=dims)
    options = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 10**6}
    states = np.array(
        [s.full() for s in qutip.mesolve(h, rho0, times, c_ops, options=options).states]
    )
    h_b = battery.battery_hamiltonian.toarray()
    lindbladian = qutip.liouvillian(h, c_ops).full()
    d_rho = np.einsum("ij,tj->ti", lindbladian, states.transpose(0, 2, 1).reshape(times.size, -1))
    power = np.einsum("ij,tij->t", h_b, d_rho.reshape(times.size, 2**n, 2**n)).real
    energy = np.einsum("ij,tji->t", h_b, states).real
    np.testing.assert_allclose(result.battery_energy, energy, atol=QUTIP_TOL)
    np.testing.assert_allclose(result.power, power, atol=QUTIP_TOL)
    np.testing.assert_allclose(result.ergotropy, ergotropy(states, h_b), atol=QUTIP_TOL)


# -- method="auto" ------------------------------------------------------------------------


def xxz(n: int) -> qb.Battery:
    return qb.local_noise(qb.models.xxz_chain(n, 0.2, 0.5), emission=0.05, temperature=0.5)


def damped(d: int) -> qb.Battery:
    levels = np.diag(np.arange(d, dtype=float))
    lowering = np.diag(np.sqrt(np.arange(1, d)), 1)
    return qb.Battery(levels, levels, np.eye(d)[-1], collapse_ops=[0.1 * lowering])


def chopped(pieces: int) -> qb.Battery:
    """A decaying qubit under a pulse of many short pieces."""
    edges = tuple(np.linspace(0.0, 1.0, pieces + 1))
    values = tuple(np.resize([1.0, -1.0], pieces))
    return qb.Battery(
        [N_EXC, (SX, Piecewise(edges=edges, values=values))],
        N_EXC,
        np.array([1.0, 0.0]),
        collapse_ops=[0.3 * LOWER],
    )


@pytest.mark.parametrize(
    ("battery", "times"),
    [
        (xxz(5), np.linspace(0, 20, 201)),
        (xxz(6), np.linspace(0, 2, 3)),
        (damped(4), np.linspace(0, 1, 3)),
        (damped(LINDBLAD_LIMIT), np.linspace(0, 1, 3)),
        (chopped(400), np.linspace(0, 1, 11)),
    ],
    ids=["xxz5", "xxz6-short", "damped4", "damped512", "chopped400"],
)
def test_auto_takes_the_cheaper_method_of_the_cost_model(
    battery: qb.Battery, times: np.ndarray
) -> None:
    costs = estimated_costs(battery, times)
    expected = "lindblad" if costs["lindblad"] <= max(costs["ode"], EXACT_BUDGET) else "ode"
    assert _choose(battery, times) == expected
    assert _choose(battery, times) == expected  # no timing: the same battery, the same choice


def test_the_cost_model_orders_the_methods() -> None:
    # The chain (d = 256, 201 times on [0, 20]): the propagator needs ~40 applications
    # per unit time, QuTiP's Adams integrator ~14 (a + b) evaluations of a larger product.
    long = estimated_costs(xxz(8), np.linspace(0, 20, 201))
    assert long["lindblad"] < long["ode"] / 3
    # Both grow with the duration; ode also with a tighter tolerance.
    short = estimated_costs(xxz(8), np.linspace(0, 2, 21))
    assert short["lindblad"] < long["lindblad"] and short["ode"] < long["ode"]
    loose = estimated_costs(xxz(5), np.linspace(0, 20, 201), ODEOptions(rtol=1e-6))
    tight = estimated_costs(xxz(5), np.linspace(0, 20, 201))
    assert loose["ode"] < tight["ode"] and loose["lindblad"] == tight["lindblad"]
    # Hundreds of short pieces: the integrator restarts its step control at every jump and
    # calls the drive's coefficient at every step; the propagator reuses two generators.
    many = estimated_costs(chopped(400), np.linspace(0, 1, 11))
    assert many["lindblad"] < many["ode"]


def test_auto_keeps_the_exact_method_when_it_is_cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    # A qubit over a hundredth of a time unit: the propagator's fixed costs (its generator,
    # planning its windows) exceed the integrator's few steps, but both take milliseconds.
    qubit = qb.Battery(N_EXC + SX, N_EXC, np.array([1.0, 0.0]), collapse_ops=[0.3 * LOWER])
    times = np.array([0.0, 0.01])
    costs = estimated_costs(qubit, times)
    assert costs["ode"] < costs["lindblad"] < EXACT_BUDGET
    assert _choose(qubit, times) == "lindblad"
    monkeypatch.setattr(sys.modules["qbattery.charge"], "EXACT_BUDGET", 0.0)
    assert _choose(qubit, times) == "ode"


def test_ergotropy_diagonalised_beside_the_propagation_matches_and_leaves_no_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With one window allowed to wait, each window's ergotropy is collected before the next is
    sent to the background thread; the ergotropy equals the validated whole-matrix one of the
    kept states, and the thread is stopped at the end."""
    import threading

    from qbattery.dynamics import ergotropy_stream

    monkeypatch.setattr(ergotropy_stream, "PENDING_WINDOWS", 1)
    battery = qb.local_noise(qb.models.xxz_chain(4, J=0.3, delta=0.5), emission=0.1)
    times = np.linspace(0.0, 3.0, 31)
    streamed = qb.charge(battery, times, method="lindblad")
    kept = qb.charge(battery, times, method="lindblad", battery_states=True)
    hb = qb.operators.to_dense(battery.battery_hamiltonian)
    reference = qb.metrics.energetics(kept.battery_states, hb).ergotropy
    np.testing.assert_allclose(streamed.ergotropy, reference, rtol=0, atol=1e-12)
    assert np.max(reference) > 0.1
    assert not [t for t in threading.enumerate() if t.name.startswith("qbattery-ergotropy")]
