"""Batteries restricted to a subspace of the product basis (here: a parity sector)."""

from __future__ import annotations

import numpy as np
import pytest

import qbattery as qb
from qbattery.errors import QBatteryError

EXACT = 1e-10


def parity_restricted(battery: qb.Battery) -> qb.Battery:
    """The Dicke battery on the states |n, k> with n + k of the initial state's parity.

    H flips photon number and excitation number together (a, a^dag times J_x), so it conserves
    (-1)^(n + k); the initial state |N, 0> has parity N.
    """
    photons, spins = battery.dims
    n, k = np.divmod(np.arange(photons * spins), spins)
    keep = np.nonzero((n + k) % 2 == battery.parameters["n_atoms"] % 2)[0]
    h = battery.hamiltonian.static.tocsr()[keep][:, keep]
    return qb.Battery(
        h,
        battery.battery_hamiltonian,
        battery.initial_state[keep],
        dims=battery.dims,
        battery=battery.battery,
        subspace=keep,
        battery_spectrum=battery.battery_spectrum,
    )


@pytest.mark.parametrize("method", ["spectral", "chebyshev", "ode"])
def test_parity_sector_equals_product_space(method: str) -> None:
    full = qb.models.dicke(3, 0.2)
    restricted = parity_restricted(full)
    assert restricted.dimension < full.dimension
    times = np.linspace(0, 15, 61)
    expected = qb.charge(full, times, method="spectral", fluctuations=True)
    result = qb.charge(restricted, times, method=method, fluctuations=True)
    tol = EXACT if method != "ode" else 1e-8
    for field in ("energy", "ergotropy", "power", "variance"):
        np.testing.assert_allclose(
            getattr(result, field), getattr(expected, field), atol=tol, err_msg=field
        )


def test_subspace_input_checks() -> None:
    with pytest.raises(QBatteryError, match="subspace: give dims"):
        qb.Battery(np.eye(2), np.eye(2), np.eye(2)[0], subspace=[0, 1])
    with pytest.raises(QBatteryError, match="subspace: need 2 increasing"):
        qb.Battery(np.eye(2), np.eye(2), np.eye(2)[0], dims=[2, 2], battery=[1], subspace=[3, 1])


@pytest.mark.parametrize("method", ["spectral", "chebyshev"])
def test_excitation_parity_sector_equals_product_space(method: str) -> None:
    full = qb.models.dicke(3, 0.2)
    sector = qb.excitation_parity_sector(full)
    np.testing.assert_array_equal(sector.subspace, parity_restricted(full).subspace)
    times = np.linspace(0, 15, 61)
    expected = qb.charge(full, times, method="spectral")
    result = qb.charge(sector, times, method=method)
    for field in ("energy", "ergotropy", "power"):
        np.testing.assert_allclose(
            getattr(result, field), getattr(expected, field), atol=EXACT, err_msg=field
        )


def test_parity_sector_keeps_the_truncation_check() -> None:
    from qbattery.errors import ConvergenceWarning

    small = qb.excitation_parity_sector(qb.models.dicke(2, 0.8, cutoff=4))
    with pytest.warns(ConvergenceWarning, match="cutoff = 4 is too small"):
        qb.charge(small, np.linspace(0, 10, 21))


def test_parity_sector_refusals() -> None:
    with pytest.raises(QBatteryError, match="not conserved"):
        qb.excitation_parity_sector(qb.models.two_photon_dicke(2, 0.1))
    superposed = qb.models.dicke(2, 0.1, battery_state="coherent", polar_angle=1.0)
    with pytest.raises(QBatteryError, match="no definite parity"):
        qb.excitation_parity_sector(superposed)
    battery = qb.models.rabi(0.1)
    open_battery = qb.Battery(
        battery.hamiltonian,
        battery.battery_hamiltonian,
        battery.initial_state,
        dims=battery.dims,
        battery=battery.battery,
        collapse_ops=[np.eye(battery.dimension)],
    )
    with pytest.raises(QBatteryError, match="closed battery"):
        qb.excitation_parity_sector(open_battery)
