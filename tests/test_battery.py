"""The Battery description: QuTiP objects keep their subsystems, mismatches are refused by name."""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.errors import DimensionError

#: The same matrices reach the solver by two routes, or a projector is read back: round-off only.
ROUND_OFF = 1e-12
#: qutip.sesolve at atol 1e-13, rtol 1e-11 against the spectral method over t <= 2.
ODE = 1e-8


def two_qubits() -> tuple[qutip.Qobj, qutip.Qobj, qutip.Qobj]:
    """H = sz (x) 1 + sx (x) sx, H_B = sz on qubit 1, start |0>|1>: all QuTiP objects."""
    h = qutip.tensor(qutip.sigmaz(), qutip.qeye(2)) + qutip.tensor(qutip.sigmax(), qutip.sigmax())
    return h, qutip.sigmaz(), qutip.tensor(qutip.basis(2, 0), qutip.basis(2, 1))


def test_dims_are_read_from_qobjs() -> None:
    h, h_b, psi = two_qubits()
    battery = qb.Battery(h, h_b, psi, battery=[1])
    assert battery.dims == (2, 2)
    # the same battery from arrays with dims= given explicitly charges identically
    explicit = qb.Battery(h.full(), h_b.full(), psi.full()[:, 0], dims=[2, 2], battery=[1])
    times = np.linspace(0.0, 2.0, 21)
    energy = qb.charge(battery, times).energy
    np.testing.assert_allclose(energy, qb.charge(explicit, times).energy, atol=ROUND_OFF, rtol=0)
    # and both are right: W(t) = <H_B on qubit 1>(t) - <H_B on qubit 1>(0) by QuTiP
    h_b_full = qutip.tensor(qutip.qeye(2), h_b)
    options = {"atol": 1e-13, "rtol": 1e-11}
    expect = qutip.sesolve(h, psi, times, e_ops=[h_b_full], options=options).expect[0]
    np.testing.assert_allclose(energy, expect - expect[0], atol=ODE, rtol=0)


def test_state_on_other_subsystems_is_refused() -> None:
    h, h_b, psi = two_qubits()
    flat = qutip.Qobj(psi.full())  # dims [[4], [1]]: once accepted silently
    with pytest.raises(DimensionError, match=r"initial_state \[4\]"):
        qb.Battery(h, h_b, flat, battery=[1])


def test_dims_disagreeing_with_a_qobj_are_refused() -> None:
    h, _, psi = two_qubits()
    with pytest.raises(DimensionError, match=r"dims: \[4\] given"):
        qb.Battery(h, qutip.Qobj(np.diag([0.0, 1.0, 2.0, 3.0])), psi, dims=[4])


def test_battery_hamiltonian_on_the_wrong_subsystems_is_refused() -> None:
    h, _, psi = two_qubits()
    with pytest.raises(DimensionError, match="battery_hamiltonian"):
        qb.Battery(h, qutip.tensor(qutip.sigmaz(), qutip.qeye(2)), psi, battery=[1])


def test_a_wrong_ket_length_mentions_dims() -> None:
    with pytest.raises(DimensionError, match="dims="):
        qb.Battery(np.eye(4), np.eye(4), np.array([1.0, 0.0]))


def test_passive_and_active_states_keep_qobj_dims() -> None:
    rho = qutip.tensor(qutip.basis(2, 1), qutip.basis(3, 2)).proj()
    h = qutip.tensor(qutip.num(2), qutip.qeye(3)) + qutip.tensor(qutip.qeye(2), qutip.num(3))
    passive = qb.passive_state(rho, h)
    active = qb.active_state(rho, h)
    assert isinstance(passive, qutip.Qobj) and passive.dims == [[2, 3], [2, 3]]
    assert isinstance(active, qutip.Qobj) and active.dims == [[2, 3], [2, 3]]
    # a pure state: passive is the ground state |0>|0>, active the top level |1>|2>
    ground = qutip.tensor(qutip.basis(2, 0), qutip.basis(3, 0)).proj()
    top = qutip.tensor(qutip.basis(2, 1), qutip.basis(3, 2)).proj()
    np.testing.assert_allclose(passive.full(), ground.full(), atol=ROUND_OFF, rtol=0)
    np.testing.assert_allclose(active.full(), top.full(), atol=ROUND_OFF, rtol=0)
    assert isinstance(qb.passive_state(rho.full(), h.full()), np.ndarray)


@pytest.mark.parametrize(
    ("protocol", "fragment"),
    [
        (lambda t: np.nan if t > 0.5 else 1.0, "finite"),
        (lambda t: np.inf, "finite"),
        (lambda t: np.array([1.0, 2.0]), "one real number"),
        (lambda t: 1.0 + 1.0j, "one real number"),
        (lambda t: 1.0 / (t - 0.3) if t > 0.29 else 1 / 0, "ZeroDivisionError"),
    ],
)
def test_a_bad_protocol_is_caught_before_the_solver(protocol: object, fragment: str) -> None:
    hb = np.diag([0.0, 1.0])
    sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    battery = qb.Battery([hb, (sx, protocol)], hb, np.array([1.0, 0.0]))
    with pytest.raises(qb.errors.QBatteryValueError, match=fragment) as caught:
        qb.charge(battery, np.linspace(0.0, 1.0, 11))
    assert "hamiltonian" in str(caught.value)


def test_battery_state_and_dephase_keep_qobjs() -> None:
    rho = qutip.tensor(qutip.rand_dm(3, seed=1), qutip.rand_dm(2, seed=2))
    reduced = qb.battery_state(rho, [3, 2], [1])
    assert isinstance(reduced, qutip.Qobj) and reduced.dims == [[2], [2]]
    np.testing.assert_allclose(reduced.full(), rho.ptrace(1).full(), atol=1e-12)  # QuTiP
    dephased = qb.dephase(rho, qutip.tensor(qutip.num(3), qutip.qeye(2)))
    assert isinstance(dephased, qutip.Qobj) and dephased.dims == rho.dims
    # coherence between different photon numbers is gone, within a number it stays
    block = dephased.full().reshape(3, 2, 3, 2)
    assert np.allclose(block[0, :, 1, :], 0.0) and not np.allclose(block[0, :, 0, :], 0.0)
    assert isinstance(qb.battery_state(rho.full(), [3, 2], [1]), np.ndarray)
