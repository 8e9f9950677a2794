"""Ensemble batteries with local noise (``spin_ensemble``, ``open_dicke``) vs. independent sources.

- The collective operators against QuTiP's ``jmat`` (m ordered the other way round).
- Independent cells: with local noise and a collective drive only, every cell evolves alone,
  so the energy is N times that of one qubit under QuTiP's ``mesolve``.
- The open Dicke battery against the full tensor space ``cavity (x) 2**N`` built from QuTiP's
  ``destroy``, ``sigmam``, ``sigmaz``, ``sigmap`` (same photon cut-off), with the atoms'
  ergotropy from the partial trace and plain NumPy.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.errors import ConvergenceWarning, QBatteryTypeError, QBatteryValueError
from qbattery.models.ensemble import open_dicke, spin_ensemble

#: Krylov tol 1e-10 per unit time against mesolve at atol 1e-12, a few time units.
TOL = 1e-8
#: Blocks of J_z, J_x and J_z^2 summed from O(1..10) numbers: round-off ~1e-14.
EXACT = 1e-12
#: The steady state at t >= 80 (the transient, relaxing at rates >= gamma/2 = 0.25, is down to
#: e^-20 ~ 2e-9) through the permutational propagator: measured 2e-11 relative.
STEADY = 1e-8
#: mesolve settings of the one-cell reference (cheap, so tighter than TOL needs).
CELL_OPTIONS = {"atol": 1e-13, "rtol": 1e-12}
#: mesolve settings of the full-space open-Dicke reference (dimension ~100).
QUTIP_OPTIONS = {"atol": 1e-12, "rtol": 1e-10}


def numpy_ergotropy(rho: np.ndarray, h: np.ndarray) -> float:
    r = np.linalg.eigvalsh(rho)[::-1]
    return float(np.real(np.trace(h @ rho)) - r @ np.linalg.eigvalsh(h))


def lindbladian(h: np.ndarray, c_ops: list[np.ndarray], rho: np.ndarray) -> np.ndarray:
    out = -1j * (h @ rho - rho @ h)
    for c in c_ops:
        number = c.conj().T @ c
        out += c @ rho @ c.conj().T - 0.5 * (number @ rho + rho @ number)
    return out


def test_spin_ensemble_structure() -> None:
    n, omega, drive, interaction = 4, 1.3, 0.4, 0.8
    battery = spin_ensemble(n, omega, drive, 0.1, 0.2, 0.3, 0.4, interaction)
    assert battery.dims == (9,) and battery.battery == (0,)
    assert battery.initial_state[0] == 1 and np.count_nonzero(battery.initial_state) == 1
    assert battery.parameters == {
        "n_atoms": 4,
        "omega": 1.3,
        "drive": 0.4,
        "emission": 0.1,
        "dephasing": 0.2,
        "pumping": 0.3,
        "collective_emission": 0.4,
        "interaction": 0.8,
    }
    assert battery.environment.method == "permutational"
    assert battery.environment.describe()["collective_emission"] == 0.4
    h = battery.hamiltonian.static.toarray()
    offset = 0
    for j in (2.0, 1.0, 0.0):
        j_z = qutip.jmat(j, "z").full()[::-1, ::-1]
        j_x = qutip.jmat(j, "x").full()[::-1, ::-1] if j > 0 else np.zeros((1, 1))
        block = omega * j_z + drive * j_x + interaction / n * j_z @ j_z
        size = int(2 * j + 1)
        np.testing.assert_allclose(
            h[offset : offset + size, offset : offset + size], block, atol=EXACT
        )
        np.testing.assert_allclose(
            battery.battery_hamiltonian.toarray().diagonal()[offset : offset + size],
            omega * (np.diag(j_z).real + n / 2),
            atol=EXACT,
        )
        offset += size
    assert np.count_nonzero(h) == np.count_nonzero(h[:5, :5]) + np.count_nonzero(h[5:8, 5:8]) + (
        np.count_nonzero(h[8:, 8:])
    )
    assert battery.battery_spectrum.multiplicities.tolist() == [1, 4, 6, 4, 1]


def test_independent_cells_are_n_single_qubits() -> None:
    n, omega, drive = 10, 1.0, 0.7
    rates = {"emission": 0.2, "dephasing": 0.3, "pumping": 0.05}
    times = np.linspace(0, 6, 13)
    result = qb.charge(spin_ensemble(n, omega, drive, **rates), times)
    excited = qutip.basis(2, 0).proj()
    cell = qutip.mesolve(
        0.5 * omega * qutip.sigmaz() + 0.5 * drive * qutip.sigmax(),
        qutip.basis(2, 1).proj(),
        times,
        c_ops=[
            np.sqrt(rates["emission"]) * qutip.sigmam(),
            np.sqrt(rates["dephasing"]) * qutip.sigmaz() / 2,
            np.sqrt(rates["pumping"]) * qutip.sigmap(),
        ],
        options=CELL_OPTIONS,
    ).states
    p = np.array([qutip.expect(excited, s) for s in cell])
    np.testing.assert_allclose(result.battery_energy, n * omega * p, atol=TOL)
    assert result.max_average_power > 0 and result.optimal_time > 0


def full_dicke(n: int, cutoff: int, lam: float, rotating_wave: bool, rates: dict) -> dict:
    """Cavity (x) N qubits from QuTiP operators; cavity first, atoms in QuTiP's basis."""

    def atom(op: qutip.Qobj, i: int) -> qutip.Qobj:
        return qutip.tensor(
            [qutip.qeye(cutoff + 1)] + [op if k == i else qutip.qeye(2) for k in range(n)]
        )

    a = qutip.tensor([qutip.destroy(cutoff + 1)] + [qutip.qeye(2)] * n)
    j_z = sum(atom(qutip.sigmaz(), i) for i in range(n)) / 2
    j_minus = sum(atom(qutip.sigmam(), i) for i in range(n))
    j_x = (j_minus + j_minus.dag()) / 2
    h = a.dag() * a + j_z
    if rotating_wave:
        h += lam * (j_minus.dag() * a + j_minus * a.dag())
    else:
        h += 2 * lam * j_x * (a + a.dag())
    c_ops = [np.sqrt(rates["cavity_decay"]) * a, np.sqrt(rates["collective_emission"]) * j_minus]
    for i in range(n):
        c_ops += [
            np.sqrt(rates["emission"]) * atom(qutip.sigmam(), i),
            np.sqrt(rates["dephasing"]) * atom(qutip.sigmaz(), i) / 2,
            np.sqrt(rates["pumping"]) * atom(qutip.sigmap(), i),
        ]
    psi0 = qutip.tensor([qutip.basis(cutoff + 1, n)] + [qutip.basis(2, 1)] * n)
    return {"h": h, "c_ops": c_ops, "rho0": psi0.proj(), "h_b": j_z + n / 2}


def test_mollow_steady_state_of_thirty_driven_damped_cells() -> None:
    """Shammah et al., PRA 98, 063815 (2018), abstract: permutational invariance gives "an
    exponential reduction in the computational resources" for N two-level systems with local
    and collective noise. N = 30 cells (2^30 states on the full space) under a collective drive
    with local emission relax to the product of single-cell steady states, each the resonance
    fluorescence steady state of Mollow, Phys. Rev. 188, 1969 (1969):
    ``rho_ee = (Omega^2 / 4) / (Delta^2 + gamma^2 / 4 + Omega^2 / 2)``, here with Rabi frequency
    Omega = drive and detuning Delta = omega (the drive is static), so W = N omega rho_ee.
    """
    n, omega, drive, gamma = 30, 1.0, 0.8, 0.5
    times = np.array([0.0, 80.0, 120.0])  # relaxation at rates >= gamma/2: e^-20 left at t = 80
    result = qb.charge(spin_ensemble(n, omega, drive, emission=gamma), times, ergotropy=False)
    excited = (drive**2 / 4) / (omega**2 + gamma**2 / 4 + drive**2 / 2)
    np.testing.assert_allclose(result.energy[1:], n * omega * excited, rtol=STEADY)


@pytest.mark.parametrize(("n", "rotating_wave"), [(2, False), (3, True), (3, False)])
def test_open_dicke_matches_full_tensor_space(n: int, rotating_wave: bool) -> None:
    lam, cutoff = 0.15, 6
    rates = {
        "emission": 0.1,
        "dephasing": 0.2,
        "pumping": 0.05,
        "collective_emission": 0.07,
        "cavity_decay": 0.3,
    }
    times = np.linspace(0, 4, 9)
    battery = open_dicke(n, lam, rotating_wave=rotating_wave, cutoff=cutoff, **rates)
    with pytest.warns(ConvergenceWarning, match="cutoff"):  # |N> at a cut-off of 6
        result = qb.charge(battery, times)
    full = full_dicke(n, cutoff, lam, rotating_wave, rates)
    states = qutip.mesolve(
        full["h"], full["rho0"], times, c_ops=full["c_ops"], options=QUTIP_OPTIONS
    ).states
    h, h_b = full["h"].full(), full["h_b"].full()
    c_ops = [c.full() for c in full["c_ops"]]
    atoms_h = (full["h_b"].ptrace(list(range(1, n + 1))) / (cutoff + 1)).full()
    energy = [np.trace(h_b @ s.full()).real for s in states]
    power = [np.trace(h_b @ lindbladian(h, c_ops, s.full())).real for s in states]
    ergotropy = [numpy_ergotropy(s.ptrace(list(range(1, n + 1))).full(), atoms_h) for s in states]
    np.testing.assert_allclose(result.battery_energy, energy, atol=TOL)
    np.testing.assert_allclose(result.power, power, atol=TOL)
    np.testing.assert_allclose(result.ergotropy, ergotropy, atol=TOL)


def test_open_dicke_cutoffs() -> None:
    exact = open_dicke(3, 0.2, rotating_wave=True, emission=0.1, cavity_decay=0.2)
    assert exact.dims == (4, 6) and exact.truncation is None  # excitations never grow
    pumped = open_dicke(3, 0.2, rotating_wave=True, pumping=0.1)
    assert pumped.truncation is not None and pumped.dims[0] > 7
    dicke = open_dicke(2, 0.1, photons=1)
    assert dicke.truncation is not None and dicke.parameters["photons"] == 1
    result = qb.charge(dicke, np.linspace(0, 2, 5))  # the default cut-off holds: no warning
    assert result.method == "permutational"


BAD_INPUT = [
    (lambda: spin_ensemble(0), QBatteryValueError, "n_atoms"),
    (lambda: spin_ensemble(2.5), QBatteryTypeError, "n_atoms"),
    (lambda: spin_ensemble(3, omega=0.0), QBatteryValueError, "omega"),
    (lambda: spin_ensemble(3, drive=float("nan")), QBatteryValueError, "drive"),
    (lambda: spin_ensemble(3, emission=-0.1), QBatteryValueError, "emission"),
    (lambda: spin_ensemble(3, dephasing=float("inf")), QBatteryValueError, "dephasing"),
    (lambda: spin_ensemble(3, pumping="x"), QBatteryTypeError, "pumping"),
    (lambda: spin_ensemble(3, collective_emission=-1), QBatteryValueError, "collective_emission"),
    (lambda: spin_ensemble(3, interaction=float("nan")), QBatteryValueError, "interaction"),
    (lambda: open_dicke(2, float("nan")), QBatteryValueError, "coupling"),
    (lambda: open_dicke(2, 0.1, omega_c=0.0), QBatteryValueError, "omega_c"),
    (lambda: open_dicke(2, 0.1, omega_a=-1.0), QBatteryValueError, "omega_a"),
    (lambda: open_dicke(2, 0.1, cavity_decay=-0.1), QBatteryValueError, "cavity_decay"),
    (lambda: open_dicke(2, 0.1, rotating_wave="yes"), QBatteryTypeError, "rotating_wave"),
    (lambda: open_dicke(2, 0.1, photons=-1), QBatteryValueError, "photons"),
    (lambda: open_dicke(2, 0.1, photons=3, cutoff=2), QBatteryValueError, "cutoff"),
    (lambda: open_dicke(2, 0.1, coupling_scaling="sqrt"), QBatteryValueError, "coupling_scaling"),
]


@pytest.mark.parametrize(("build", "error", "argument"), BAD_INPUT)
def test_bad_input_names_the_argument(build, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument):
        build()
