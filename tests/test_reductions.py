"""Batteries restricted to a subspace of the product basis (here: a parity sector)."""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.errors import QBatteryError

#: Spectral and Chebyshev propagation of a 152-level (or 76-level) Dicke battery to t = 15: the
#: Chebyshev series is cut at 1e-12 and eigenvectors carry round-off (observed: 7e-13).
EXACT = 1e-10
#: qbattery's ode method (QuTiP at atol 1e-12, rtol 1e-10) over t <= 15 (observed: 6e-10), and
#: qutip.sesolve at atol 1e-13, rtol 1e-11 (observed: 3e-12).
ODE = 1e-8


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
    tol = EXACT if method != "ode" else ODE
    for field in ("energy", "ergotropy", "power", "variance"):
        np.testing.assert_allclose(
            getattr(result, field), getattr(expected, field), atol=tol, rtol=0, err_msg=field
        )


def test_product_space_reference_against_sesolve() -> None:
    # The reference of the tests above, the full product space by the spectral method, is itself
    # checked against QuTiP (sector and product space are otherwise both qbattery runs).
    full = qb.models.dicke(3, 0.2)
    dims = list(full.dims)
    h = qutip.Qobj(full.hamiltonian.static.toarray(), dims=[dims, dims])
    h_b = qutip.Qobj(full.battery_hamiltonian_full(), dims=[dims, dims])
    psi0 = qutip.Qobj(full.initial_state, dims=[dims, [1] * len(dims)])
    times = np.linspace(0, 15, 61)
    options = {"atol": 1e-13, "rtol": 1e-11}
    expected = qutip.sesolve(h, psi0, times, e_ops=[h_b], options=options).expect[0]
    result = qb.charge(full, times, method="spectral")
    np.testing.assert_allclose(result.battery_energy, expected, atol=ODE, rtol=0)


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
            getattr(result, field), getattr(expected, field), atol=EXACT, rtol=0, err_msg=field
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
