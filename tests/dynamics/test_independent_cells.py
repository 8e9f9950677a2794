"""Independent identical cells solved as one cell, against the block solver and closed forms.

References, independent of the code under test:

- the permutational block solver (``options={"independent_cells": False}``), which propagates
  all ``~N**3 / 6`` block entries and takes the full-space ergotropy from every block's spectrum
  (itself checked against QuTiP on the 2**N space in test_permutational.py), at a tight Krylov
  tolerance;
- the spin coherent state built by rotating ``|g...g>`` with ``scipy.linalg.expm`` of the dense
  spin-N/2 matrices;
- closed forms per cell: Rabi ``p_e = (drive / W)^2 sin^2(W t / 2)``, a pure state (ergotropy
  = energy); emission and pumping ``p = up / (down + up) (1 - e^{-(down + up) t})``, full-space
  ergotropy ``N omega max(0, 2 p - 1)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

import qbattery as qb
from qbattery.bases.permutational import permutational_blocks, spin_matrix
from qbattery.bases.symmetric import symmetric_level_spectrum
from qbattery.dynamics.independent_cells import collective_coefficients, one_cell, product_cell
from qbattery.environments.ensemble import EnsembleNoise
from qbattery.models.ensemble import spin_ensemble
from qbattery.protocols import Step

#: One cell against the blocks, both at Krylov tol 1e-13 per unit time over t <= 6, energies of
#: order N (observed: 3e-13 at N = 7).
AGREEMENT = 1e-10
#: Closed forms at the default tolerance 1e-10 per unit time, per cell (observed: 1e-9 at
#: N = 1000 over t <= 20).
CLOSED_TOL = 1e-11
#: Round-off of projections and of rotated kets.
ROUND_OFF = 1e-12

TIGHT = {"tol": 1e-13}


def coherent_ket(n: int, theta: float, phi: float) -> tuple[np.ndarray, np.ndarray]:
    """``exp(-i theta (cos phi J_y - sin phi J_x)) |g...g>`` on the reduced basis, and the cell."""
    blocks = permutational_blocks(n)
    j = n / 2
    generator = np.cos(phi) * spin_matrix(j, "y").toarray() - np.sin(phi) * spin_matrix(j, "x")
    ket = np.zeros(blocks.dimension, dtype=complex)
    ground = np.zeros(n + 1)
    ground[0] = 1.0
    ket[: n + 1] = expm(-1j * theta * np.asarray(generator)) @ ground
    one = np.cos(phi) * spin_matrix(0.5, "y").toarray() - np.sin(phi) * spin_matrix(0.5, "x")
    return ket, expm(-1j * theta * np.asarray(one)) @ np.array([1.0, 0.0])


def ensemble_battery(n: int, hamiltonian, initial: np.ndarray, omega: float, **rates):
    blocks = permutational_blocks(n)
    return qb.Battery(
        hamiltonian,
        np.diag(omega * (blocks.magnetic_numbers + n / 2)),
        initial,
        environment=EnsembleNoise(n, **rates),
        battery_spectrum=symmetric_level_spectrum(n, omega),
    )


@pytest.mark.parametrize("seed", range(4))
def test_random_linear_ensembles_match_the_blocks(seed: int) -> None:
    """Random collective field (J_y included), rates, coherent start and a switched drive."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 9))
    omega = float(rng.uniform(0.5, 2.0))
    field = rng.normal(size=3)
    rates = dict(zip(("emission", "dephasing", "pumping"), rng.uniform(0, 0.4, 3), strict=True))
    ket, _ = coherent_ket(n, float(rng.uniform(0, np.pi)), float(rng.uniform(0, 2 * np.pi)))
    blocks = permutational_blocks(n)
    spins = [blocks.collective(a) for a in "xyz"]
    static = omega * spins[2] + sum(c * s for c, s in zip(field, spins, strict=True))
    drive = (spins[0] + 0.5 * spins[1], Step(1.5, 0.0, float(rng.uniform(0.2, 1.0))))
    battery = ensemble_battery(n, [static, drive], ket * np.exp(0.7j), omega, **rates)
    times = np.linspace(0, 6, 25)
    cells = qb.charge(battery, times, fluctuations=True, options=TIGHT)
    blocks_result = qb.charge(
        battery, times, fluctuations=True, options={**TIGHT, "independent_cells": False}
    )
    assert cells.options["cells_solved_as_one"] == n
    assert "cells_solved_as_one" not in blocks_result.options
    for name in ("battery_energy", "power", "variance", "ergotropy"):
        np.testing.assert_allclose(
            getattr(cells, name), getattr(blocks_result, name), atol=AGREEMENT, rtol=0, err_msg=name
        )


def test_smooth_drive_matches_the_blocks() -> None:
    """A continuously varying drive (DOP853 for the cell and for the blocks)."""
    n, omega = 5, 1.0
    blocks = permutational_blocks(n)
    initial = np.zeros(blocks.dimension)
    initial[0] = 1.0
    battery = ensemble_battery(
        n,
        [omega * blocks.collective("z"), (blocks.collective("x"), lambda t: 0.9 * np.sin(t) ** 2)],
        initial,
        omega,
        emission=0.2,
        dephasing=0.1,
    )
    times = np.linspace(0, 4, 17)
    cells = qb.charge(battery, times, options=TIGHT)
    reference = qb.charge(battery, times, options={**TIGHT, "independent_cells": False})
    assert cells.options["cells_solved_as_one"] == n
    for name in ("battery_energy", "power", "ergotropy"):
        np.testing.assert_allclose(
            getattr(cells, name), getattr(reference, name), atol=1e-9, rtol=0, err_msg=name
        )


@pytest.mark.parametrize("n", [1000])
def test_thousand_cells_rabi_and_inverted_relaxation(n: int) -> None:
    """Closed forms at N = 1000, beyond what the blocks (N**3 / 6 ~ 1.7e8 numbers) can hold."""
    omega, drive = 1.0, 0.6
    times = np.linspace(0, 20, 41)
    rabi = qb.charge(spin_ensemble(n, omega, drive), times)
    frequency = np.hypot(omega, drive)
    energy = n * omega * (drive / frequency) ** 2 * np.sin(frequency * times / 2) ** 2
    np.testing.assert_allclose(rabi.battery_energy, energy, atol=CLOSED_TOL * n, rtol=0)
    np.testing.assert_allclose(rabi.ergotropy, energy, atol=CLOSED_TOL * n, rtol=0)
    down, up = 0.1, 0.5
    relaxed = qb.charge(spin_ensemble(n, omega, emission=down, pumping=up), times)
    p = up / (down + up) * (1 - np.exp(-(down + up) * times))
    np.testing.assert_allclose(relaxed.battery_energy, n * omega * p, atol=CLOSED_TOL * n, rtol=0)
    np.testing.assert_allclose(
        relaxed.ergotropy, n * omega * np.maximum(0, 2 * p - 1), atol=CLOSED_TOL * n, rtol=0
    )


@pytest.mark.parametrize("seed", range(6))
def test_product_cell_recovers_the_rotated_cell(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(1, 60))
    ket, expected = coherent_ket(n, float(rng.uniform(0, np.pi)), float(rng.uniform(0, 2 * np.pi)))
    found = product_cell(permutational_blocks(n), ket * np.exp(1j * rng.uniform(0, 6)))
    assert found is not None
    assert abs(abs(np.vdot(expected, found)) - 1) < ROUND_OFF


def test_entangled_or_mixed_starts_are_not_products() -> None:
    blocks = permutational_blocks(4)
    dicke = np.zeros(blocks.dimension)
    dicke[2] = 1.0  # |j = 2, m = 0>
    ket, _ = coherent_ket(4, 1.0, 0.3)
    nearly = ket.copy()
    nearly[blocks.sizes[0]] = 1e-9  # a little weight in the j = 1 block
    nearly /= np.linalg.norm(nearly)
    cat = np.zeros(blocks.dimension)
    cat[[0, 4]] = np.sqrt(0.5)  # GHZ
    for state in (dicke, nearly, cat, np.outer(ket, ket.conj())):
        assert product_cell(blocks, state) is None


def test_collective_coefficients_and_what_is_not_linear() -> None:
    rng = np.random.default_rng(7)
    blocks = permutational_blocks(5)
    spins = [blocks.collective(a) for a in "xyz"]
    coefficients = rng.normal(size=4)
    operator = coefficients[0] * np.eye(blocks.dimension) + sum(
        c * s.toarray() for c, s in zip(coefficients[1:], spins, strict=True)
    )
    np.testing.assert_allclose(
        collective_coefficients(spins, operator), coefficients, atol=ROUND_OFF, rtol=0
    )
    j_x, _, j_z = spins
    for nonlinear in (j_z @ j_z, j_x @ j_z + j_z @ j_x, operator + 1e-9 * (j_z @ j_z)):
        assert collective_coefficients(spins, nonlinear) is None


@pytest.mark.parametrize(
    "battery",
    [
        spin_ensemble(6, drive=0.5, emission=0.1, interaction=0.2),
        spin_ensemble(6, drive=0.5, emission=0.1, collective_emission=0.05),
        qb.models.open_dicke(3, 0.1, emission=0.02),
    ],
    ids=["twisting", "superradiance", "cavity"],
)
def test_interacting_ensembles_stay_in_the_blocks(battery) -> None:
    assert one_cell(battery) is None
    result = qb.charge(battery, np.linspace(0, 1, 3))
    assert "cells_solved_as_one" not in result.options
