"""Permutation-invariant Lindblad dynamics vs. the full tensor space and closed forms.

References, independent of the code under test:

- QuTiP's ``mesolve`` on the full 2**N space with Lindblad operators built by ``qutip.tensor``
  of ``sigmam``, ``sigmaz``, ``sigmap`` (atol 1e-12); ergotropy, antiergotropy and capacity from
  its density matrices with plain NumPy (docs/conventions.md definitions), power as
  ``Tr[H_B L(rho)]`` with the Lindbladian applied by hand;
- closed forms for independent cells (local noise and a collective drive act on each cell
  alone): emission ``p_e = exp(-gamma t)``; emission and pumping
  ``p_e = gamma_p / (gamma_e + gamma_p) (1 - exp(-(gamma_e + gamma_p) t))``; dephasing leaves
  populations alone; Rabi ``p_e = (drive / W)^2 sin^2(W t / 2)``, ``W = sqrt(omega^2 + drive^2)``.
  For N identical diagonal cells ``diag(1 - p, p)`` the full-space ergotropy is
  ``N omega max(0, 2p - 1)`` (the eigenvalue ``p^k (1-p)^(N-k)`` has the multiplicity
  ``binomial(N, k)`` of level ``N - k``, so for p > 1/2 the passive state flips every cell);
- QuTiP's ``piqs`` (single-precision coefficients: agreement to ~1e-7 relative only).
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip
from qutip import piqs

import qbattery as qb
from qbattery.bases.permutational import permutational_blocks
from qbattery.bases.permutational_energetics import permutational_energetics
from qbattery.bases.symmetric import symmetric_level_spectrum
from qbattery.dynamics.permutational import ensemble_states
from qbattery.environments.ensemble import EnsembleNoise
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.models.ensemble import spin_ensemble
from qbattery.protocols import Step

#: Agreement with the full tensor space (Krylov tol 1e-10 and mesolve atol 1e-12 per unit time,
#: t <= 4; observed: 4e-11 with a constant drive, 4e-10 with a drive switched on).
FULL_TOL = 1e-8
#: Closed forms: only the propagator's error (tol 1e-10 per unit time, a few time units), per
#: cell, so scaled by N (observed: 1.1e-9 at N = 100).
CLOSED_TOL = 1e-8
#: N = 100 cells against N times one cell by mesolve (atol 1e-13): the propagator's error over
#: t <= 20 on energies up to 18 (observed: 1.2e-9).
HUNDRED_CELLS = 1e-7
#: Relative: piqs computes its coefficients in single precision (eps 6e-8), so only ~1e-7 is
#: promised (observed: 7e-9).
PIQS_RTOL = 1e-6
#: Sums of O(N) exact terms, or populations a pure-dephasing generator leaves alone: round-off
#: (observed: <= 3e-15).
ROUND_OFF = 1e-12
#: The block propagator's own tolerance: a negative eigenvalue beyond it would be an error, not
#: round-off (observed: smallest eigenvalue 0).
PROPAGATOR_TOL = 1e-10

RATES = {"emission": 0.3, "dephasing": 0.2, "pumping": 0.1, "collective_emission": 0.15}


def full_space(n: int, omega: float, drive: float, interaction: float, **rates: float) -> dict:
    """H, H_B, collapse operators and |g...g> on the 2**N space, from QuTiP's own operators."""

    def site(op: qutip.Qobj, i: int) -> qutip.Qobj:
        return qutip.tensor([op if k == i else qutip.qeye(2) for k in range(n)])

    j_z = sum(site(qutip.sigmaz(), i) for i in range(n)) / 2
    j_x = sum(site(qutip.sigmax(), i) for i in range(n)) / 2
    j_minus = sum(site(qutip.sigmam(), i) for i in range(n))
    c_ops = []
    for i in range(n):
        c_ops.append(np.sqrt(rates.get("emission", 0.0)) * site(qutip.sigmam(), i))
        c_ops.append(np.sqrt(rates.get("dephasing", 0.0)) * site(qutip.sigmaz(), i) / 2)
        c_ops.append(np.sqrt(rates.get("pumping", 0.0)) * site(qutip.sigmap(), i))
    c_ops.append(np.sqrt(rates.get("collective_emission", 0.0)) * j_minus)
    ground = qutip.tensor([qutip.basis(2, 1)] * n)
    return {
        "h": omega * j_z + drive * j_x + (interaction / n) * j_z * j_z,
        "j_x": j_x,
        "h_b": omega * (j_z + n / 2),
        "c_ops": c_ops,
        "rho0": ground * ground.dag(),
    }


def lindbladian(h: np.ndarray, c_ops: list[np.ndarray], rho: np.ndarray) -> np.ndarray:
    out = -1j * (h @ rho - rho @ h)
    for c in c_ops:
        number = c.conj().T @ c
        out += c @ rho @ c.conj().T - 0.5 * (number @ rho + rho @ number)
    return out


def numpy_energetics(rho: np.ndarray, h: np.ndarray) -> dict[str, float]:
    r = np.linalg.eigvalsh(rho)[::-1]
    e = np.linalg.eigvalsh(h)
    energy = float(np.real(np.trace(h @ rho)))
    return {
        "energy": energy,
        "ergotropy": energy - r @ e,
        "antiergotropy": r @ e[::-1] - energy,
        "capacity": r @ (e[::-1] - e),
    }


def block_battery(n: int, hamiltonian, initial: np.ndarray, omega: float = 1.0, **rates):
    """A Battery on the reduced basis built by hand, with an EnsembleNoise environment."""
    blocks = permutational_blocks(n)
    levels = omega * (blocks.magnetic_numbers + n / 2)
    return qb.Battery(
        hamiltonian,
        np.diag(levels),
        initial,
        environment=EnsembleNoise(n, **rates),
        battery_spectrum=symmetric_level_spectrum(n, omega),
    )


# -- against the full tensor space ----------------------------------------------------------


@pytest.mark.parametrize("n", [2, 3, 4, 6])
def test_matches_full_tensor_space(n: int) -> None:
    omega, drive, interaction = 1.0, 0.8, 0.6
    times = np.linspace(0, 4, 9)
    battery = spin_ensemble(n, omega, drive, interaction=interaction, **RATES)
    result = qb.charge(battery, times, fluctuations=True)
    full = full_space(n, omega, drive, interaction, **RATES)
    states = qutip.mesolve(
        full["h"], full["rho0"], times, c_ops=full["c_ops"], options={"atol": 1e-12, "rtol": 1e-10}
    ).states
    h, h_b = full["h"].full(), full["h_b"].full()
    c_ops = [c.full() for c in full["c_ops"]]
    expected = [numpy_energetics(s.full(), h_b) for s in states]
    power = [np.trace(h_b @ lindbladian(h, c_ops, s.full())).real for s in states]
    second = [np.trace(h_b @ h_b @ s.full()).real for s in states]
    energy = np.array([e["energy"] for e in expected])
    np.testing.assert_allclose(result.battery_energy, energy, atol=FULL_TOL, rtol=0)
    np.testing.assert_allclose(result.energy, energy - energy[0], atol=FULL_TOL, rtol=0)
    np.testing.assert_allclose(result.power, power, atol=FULL_TOL, rtol=0)
    np.testing.assert_allclose(result.variance, np.array(second) - energy**2, atol=FULL_TOL, rtol=0)
    np.testing.assert_allclose(
        result.ergotropy, [e["ergotropy"] for e in expected], atol=FULL_TOL, rtol=0
    )
    blocks = permutational_blocks(n)
    metrics = permutational_energetics(
        ensemble_states(battery, times), blocks.excitation_blocks(omega), blocks
    )
    for field in ("antiergotropy", "capacity"):
        np.testing.assert_allclose(
            getattr(metrics, field),
            [e[field] for e in expected],
            atol=FULL_TOL,
            rtol=0,
            err_msg=field,
        )


@pytest.mark.parametrize("protocol", ["step", "smooth"])
def test_time_dependent_drive_matches_full_tensor_space(protocol: str) -> None:
    """A drive switched on at t = 1 (Krylov per piece) or ramped smoothly (DOP853)."""
    n, omega = 3, 1.0
    blocks = permutational_blocks(n)
    drive = Step(1.0, 0.0, 0.9) if protocol == "step" else (lambda t: 0.9 * np.sin(t) ** 2)
    initial = np.zeros(blocks.dimension)
    initial[0] = 1.0
    battery = block_battery(
        n, [omega * blocks.collective("z"), (blocks.collective("x"), drive)], initial, **RATES
    )
    times = np.linspace(0, 3, 13)
    result = qb.charge(battery, times)
    full = full_space(n, omega, 0.0, 0.0, **RATES)
    amplitude = (lambda t: float(drive(t))) if protocol == "step" else drive
    states = qutip.mesolve(
        [full["h"], [full["j_x"], amplitude]],
        full["rho0"],
        times,
        c_ops=full["c_ops"],
        options={"atol": 1e-12, "rtol": 1e-10, "max_step": 0.01},
    ).states
    expected = [numpy_energetics(s.full(), full["h_b"].full()) for s in states]
    energy = [e["energy"] for e in expected]
    np.testing.assert_allclose(result.battery_energy, energy, atol=FULL_TOL, rtol=0)
    np.testing.assert_allclose(
        result.ergotropy, [e["ergotropy"] for e in expected], atol=FULL_TOL, rtol=0
    )


def test_agrees_with_piqs_to_its_single_precision() -> None:
    """Same rate conventions as QuTiP's piqs (Shammah et al. 2018), to piqs' precision."""
    n, omega, drive = 10, 1.0, 0.5
    times = np.linspace(0, 5, 11)
    j_x, _, j_z = piqs.jspin(n)
    system = piqs.Dicke(n, hamiltonian=omega * j_z + drive * j_x, **RATES)
    expect = qutip.mesolve(
        system.liouvillian(),
        piqs.ground(n),
        times,
        e_ops=[j_z],
        options={"atol": 1e-12, "rtol": 1e-10},
    ).expect[0]
    result = qb.charge(spin_ensemble(n, omega, drive, **RATES), times, ergotropy=False)
    np.testing.assert_allclose(
        result.battery_energy, omega * (np.real(expect) + n / 2), rtol=PIQS_RTOL, atol=ROUND_OFF
    )


# -- invariants -----------------------------------------------------------------------------


def test_trace_hermiticity_and_positivity_preserved() -> None:
    n = 9
    battery = spin_ensemble(n, 1.0, 1.2, emission=0.4, dephasing=0.7, pumping=0.3, interaction=2.0)
    states = ensemble_states(battery, np.linspace(0, 6, 25))
    trace = sum(np.trace(rho, axis1=1, axis2=2) for rho in states)
    np.testing.assert_allclose(trace, 1.0, atol=ROUND_OFF, rtol=0)
    for rho in states:
        np.testing.assert_allclose(rho, np.conj(np.swapaxes(rho, 1, 2)), atol=0, rtol=0)
        assert np.min(np.linalg.eigvalsh(rho)) > -PROPAGATOR_TOL


# -- closed forms ---------------------------------------------------------------------------


#: Both ways the permutational method solves independent cells: as one cell, or in the blocks.
PATHS = pytest.mark.parametrize("independent_cells", [True, False], ids=["one_cell", "blocks"])


@PATHS
@pytest.mark.parametrize("n", [7, 100])
def test_local_emission_from_all_excited(n: int, independent_cells: bool) -> None:
    gamma, omega = 0.5, 1.0
    blocks = permutational_blocks(n)
    initial = np.zeros(blocks.dimension)
    initial[n] = 1.0  # j = N/2, m = N/2: every cell excited
    battery = block_battery(n, np.zeros((blocks.dimension,) * 2), initial, omega, emission=gamma)
    times = np.linspace(0, 3, 16)
    result = qb.charge(battery, times, options={"independent_cells": independent_cells})
    p = np.exp(-gamma * times)
    np.testing.assert_allclose(result.battery_energy, n * omega * p, atol=CLOSED_TOL * n, rtol=0)
    np.testing.assert_allclose(result.power, -gamma * n * omega * p, atol=CLOSED_TOL * n, rtol=0)
    np.testing.assert_allclose(
        result.ergotropy, n * omega * np.maximum(0, 2 * p - 1), atol=CLOSED_TOL * n, rtol=0
    )


@PATHS
@pytest.mark.parametrize(("down", "up"), [(0.4, 0.25), (0.1, 0.6)])
def test_emission_and_pumping_relax_each_cell(down: float, up: float, independent_cells) -> None:
    """Each cell relaxes to ``p = up / (down + up)``; with ``p > 1/2`` the full-space ergotropy
    ``N omega (2 p - 1)`` appears (module docstring), and the variance is ``N omega^2 p (1-p)``."""
    n, omega = 12, 1.3
    times = np.linspace(0, 5, 11)
    result = qb.charge(
        spin_ensemble(n, omega, emission=down, pumping=up),
        times,
        fluctuations=True,
        options={"independent_cells": independent_cells},
    )
    p = up / (down + up) * (1 - np.exp(-(down + up) * times))
    np.testing.assert_allclose(result.battery_energy, n * omega * p, atol=CLOSED_TOL * n, rtol=0)
    np.testing.assert_allclose(
        result.ergotropy, n * omega * np.maximum(0, 2 * p - 1), atol=CLOSED_TOL * n, rtol=0
    )
    np.testing.assert_allclose(
        result.variance, n * omega**2 * p * (1 - p), atol=CLOSED_TOL * n, rtol=0
    )


@PATHS
def test_dephasing_leaves_populations_unchanged(independent_cells: bool) -> None:
    n, omega, theta = 8, 1.0, 1.1
    blocks = permutational_blocks(n)
    k = np.arange(n + 1)
    binomial = np.array(
        [float(np.prod(np.arange(n - i + 1, n + 1)) / np.prod(np.arange(1, i + 1))) for i in k]
    )
    initial = np.zeros(blocks.dimension, dtype=complex)
    initial[: n + 1] = np.sqrt(binomial) * np.cos(theta / 2) ** (n - k) * np.sin(theta / 2) ** k
    battery = block_battery(n, omega * blocks.collective("z"), initial, omega, dephasing=0.8)
    options = {"independent_cells": independent_cells}
    result = qb.charge(battery, np.linspace(0, 5, 11), options=options)
    np.testing.assert_allclose(
        result.battery_energy, n * omega * np.sin(theta / 2) ** 2, atol=ROUND_OFF, rtol=0
    )
    np.testing.assert_allclose(result.power, 0.0, atol=ROUND_OFF, rtol=0)
    assert result.ergotropy[-1] < result.ergotropy[0] - 0.1  # coherence, not energy, is lost


@PATHS
@pytest.mark.parametrize("n", [1, 20, pytest.param(100, marks=pytest.mark.slow)])
def test_drive_only_is_rabi_for_every_cell(n: int, independent_cells: bool) -> None:
    omega, drive = 1.0, 0.6
    times = np.linspace(0, 2, 11)
    options = {"independent_cells": independent_cells}
    result = qb.charge(spin_ensemble(n, omega, drive), times, options=options)
    frequency = np.hypot(omega, drive)
    energy = n * omega * (drive / frequency) ** 2 * np.sin(frequency * times / 2) ** 2
    np.testing.assert_allclose(result.battery_energy, energy, atol=CLOSED_TOL * n, rtol=0)
    np.testing.assert_allclose(
        result.ergotropy, energy, atol=CLOSED_TOL * n, rtol=0
    )  # a pure state


@pytest.mark.slow
@PATHS
def test_hundred_cells_driven_with_noise_are_independent(independent_cells: bool) -> None:
    """N = 100 with drive, emission and dephasing: N times one cell (2 x 2 Lindblad by mesolve)."""
    n, omega, drive, down, dephase = 100, 1.0, 0.5, 0.05, 0.02
    times = np.linspace(0, 20, 21)
    result = qb.charge(
        spin_ensemble(n, omega, drive, emission=down, dephasing=dephase),
        times,
        options={"independent_cells": independent_cells},
    )
    cell = qutip.mesolve(
        0.5 * omega * qutip.sigmaz() + 0.5 * drive * qutip.sigmax(),
        qutip.basis(2, 1).proj(),
        times,
        c_ops=[np.sqrt(down) * qutip.sigmam(), np.sqrt(dephase) * qutip.sigmaz() / 2],
        e_ops=[qutip.basis(2, 0).proj()],
        options={"atol": 1e-13, "rtol": 1e-12},
    ).expect[0]
    np.testing.assert_allclose(result.battery_energy, n * omega * cell, atol=HUNDRED_CELLS, rtol=0)


# -- bad input ------------------------------------------------------------------------------


def test_bad_batteries_and_options() -> None:
    n = 3
    blocks = permutational_blocks(n)
    d = blocks.dimension
    ket = np.zeros(d)
    ket[0] = 1.0
    times = np.linspace(0, 1, 3)
    mixing = np.zeros((d, d))
    mixing[0, d - 1] = mixing[d - 1, 0] = 1.0  # couples j = 3/2 and j = 1/2
    with pytest.raises(QBatteryValueError, match="hamiltonian: couples different total spins"):
        qb.charge(block_battery(n, mixing, ket, emission=0.1), times)
    coherent = np.zeros(d)
    coherent[[0, d - 1]] = np.sqrt(0.5)
    with pytest.raises(QBatteryValueError, match="initial_state: has coherences"):
        qb.charge(block_battery(n, np.zeros((d, d)), coherent, emission=0.1), times)
    wrong = qb.Battery(
        np.zeros((4, 4)), np.zeros((4, 4)), np.eye(4)[0], environment=EnsembleNoise(n)
    )
    with pytest.raises(DimensionError, match="dims"):
        qb.charge(wrong, times)
    with pytest.raises(QBatteryValueError, match="cavity_decay"):
        qb.charge(block_battery(n, np.zeros((d, d)), ket, cavity_decay=0.1), times)
    battery = spin_ensemble(n, emission=0.1)
    with pytest.raises(QBatteryValueError, match="battery_states"):
        qb.charge(battery, times, resources=True)
    with pytest.raises(QBatteryValueError, match="tol"):
        qb.charge(battery, times, options={"tol": 0.0})
    with pytest.raises(QBatteryValueError, match="krylov_dimension"):
        qb.charge(battery, times, options={"krylov_dimension": 2})
    with pytest.raises(QBatteryValueError, match="options"):
        qb.charge(battery, times, options={"atol": 1e-9})
    with pytest.raises(QBatteryValueError, match="permutational"):
        qb.charge(battery, times, method="ode")
    with pytest.raises(QBatteryValueError, match="emission"):
        EnsembleNoise(n, emission=-1.0)
    with pytest.raises(QBatteryValueError, match="times"):
        ensemble_states(battery, [1.0, 0.5])
