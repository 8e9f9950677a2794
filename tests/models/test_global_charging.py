"""global_charging: W(t) = N omega sin^2(k g t) for groups of k cells (closed form), equal
drive norms, and its bad input."""

from __future__ import annotations

import numpy as np
import pytest

import qbattery as qb
from qbattery.errors import QBatteryValueError
from qbattery.models import global_charging


@pytest.mark.parametrize(("charging", "k"), [("parallel", 1), ("clusters", 2), ("global", 6)])
def test_energy_follows_the_group_rabi_oscillation(charging: str, k: int) -> None:
    n, g, omega = 6, 0.3, 1.5
    times = np.linspace(0.0, 6.0, 121)
    result = qb.charge(global_charging(n, g, omega, charging=charging, cluster=2), times)
    np.testing.assert_allclose(result.energy, n * omega * np.sin(k * g * times) ** 2, atol=1e-9)


@pytest.mark.parametrize("charging", ["parallel", "clusters", "global"])
def test_every_arrangement_has_drive_norm_n_g(charging: str) -> None:
    battery = global_charging(4, 0.25, charging=charging, cluster=2)
    hamiltonian = battery.hamiltonian.static.toarray()
    assert np.isclose(np.abs(np.linalg.eigvalsh(hamiltonian)).max(), 4 * 0.25)


def test_parallel_is_a_sum_of_sigma_x() -> None:
    sx, eye = np.array([[0.0, 1.0], [1.0, 0.0]]), np.eye(2)
    expected = np.kron(sx, np.kron(eye, eye)) + np.kron(eye, np.kron(sx, eye))
    expected = 0.7 * (expected + np.kron(eye, np.kron(eye, sx)))
    battery = global_charging(3, 0.7, charging="parallel")
    np.testing.assert_allclose(battery.hamiltonian.static.toarray(), expected)
    np.testing.assert_allclose(
        battery.battery_hamiltonian.toarray().diagonal().real, [0, 1, 1, 2, 1, 2, 2, 3]
    )


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: global_charging(0, 0.1), "n_spins"),
        (lambda: global_charging(13, 0.1), "n_spins"),
        (lambda: global_charging(3, 0.1, omega=0.0), "omega"),
        (lambda: global_charging(3, 0.1, charging="local"), "charging"),
        (lambda: global_charging(3, 0.1, charging="clusters", cluster=2), "cluster"),
        (lambda: global_charging(4, 0.1, charging="clusters", cluster=0), "cluster"),
    ],
)
def test_bad_input_names_the_argument(call, name: str) -> None:
    with pytest.raises(QBatteryValueError, match=f"^{name}"):
        call()
