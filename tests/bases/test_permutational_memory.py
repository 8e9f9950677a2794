"""Memory of a solve in the permutation-invariant blocks, estimated before anything is built.

References, independent of the estimate: the packing the solver builds (its length) and the
real generator it assembles (its nonzeros per row), for random collective Hamiltonians and
random sets of noise channels; and the exact sum ``sum_j (2j + 1)**2``.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
import scipy.sparse as sp

import qbattery as qb
from qbattery.bases.permutational import permutational_blocks
from qbattery.bases.permutational_memory import (
    check_blocks_memory,
    generator_row_nonzeros,
    packed_size,
    row_nonzeros,
    solve_bytes,
)
from qbattery.dynamics import permutational
from qbattery.environments.ensemble import EnsembleNoise
from qbattery.errors import InsufficientMemoryError
from qbattery.memory import available_memory

CHANNELS = ("emission", "dephasing", "pumping", "collective_emission")


@pytest.mark.parametrize("n", [1, 2, 5, 8, 13, 100, 1000])
def test_packed_size_is_the_sum_over_blocks(n: int) -> None:
    j = np.arange(n / 2, -0.25, -1.0)  # N/2, N/2 - 1, ..., 0 or 1/2
    assert packed_size(n) == sum(int(2 * s + 1) ** 2 for s in j)
    assert packed_size(n, mode=7) == 49 * packed_size(n)


def random_battery(rng: np.random.Generator, n: int) -> qb.Battery:
    """A random collective Hamiltonian (a random quadratic polynomial in J_x, J_y, J_z, complex
    for J_y) with a random, non-empty set of noise channels."""
    blocks = permutational_blocks(n)
    spins = [blocks.collective(c) for c in "xyz"]
    h = sum(rng.normal() * s for s in spins)
    for a, b in rng.integers(0, 3, size=(int(rng.integers(0, 3)), 2)):
        h = h + rng.normal() * (spins[a] @ spins[b] + spins[b] @ spins[a])
    chosen = rng.permutation(CHANNELS)[: int(rng.integers(1, len(CHANNELS) + 1))]
    rates = {name: float(rng.uniform(0.01, 0.2)) for name in chosen}
    ket = np.zeros(blocks.dimension, dtype=complex)
    ket[0] = 1.0
    h_b = blocks.collective("z") + n / 2 * sp.identity(blocks.dimension)
    return qb.Battery(
        sp.csr_matrix(h), sp.csr_matrix(h_b), ket, environment=EnsembleNoise(n, **rates)
    )


def generator_rows(battery: qb.Battery) -> tuple[int, np.ndarray]:
    """Length of the packed state and nonzeros per row of the real generator the solver
    assembles (all its terms together)."""
    system = permutational._BlockBattery(battery)
    terms = permutational._generators(system, battery)
    pattern = sp.csr_matrix(sum(abs(matrix) for matrix, _ in terms))
    return system.packing.size, np.diff(pattern.indptr)


def widest_row(battery: qb.Battery) -> int:
    operators = [battery.hamiltonian.static, *(op for op, _ in battery.hamiltonian.drives)]
    return sum(int(np.diff(sp.csr_matrix(op).indptr).max()) for op in operators)


@pytest.mark.parametrize("seed", range(12))
def test_row_bound_holds_for_random_ensembles(seed: int) -> None:
    rng = np.random.default_rng(seed)
    battery = random_battery(rng, int(rng.integers(2, 11)))
    noise = battery.environment
    size, rows = generator_rows(battery)
    assert size == packed_size(noise.n_atoms)
    operators = [battery.hamiltonian.static, *(op for op, _ in battery.hamiltonian.drives)]
    bound = generator_row_nonzeros(operators, noise.local_channels, noise.collective_channels)
    assert rows.max() <= bound


@pytest.mark.parametrize("rotating_wave", [False, True])
def test_row_bound_holds_with_a_cavity(rotating_wave: bool) -> None:
    """open_dicke checks its memory with r_H = 5 (3 in the rotating-wave form) before its
    Hamiltonian exists: the bound holds for the one it then builds."""
    battery = qb.models.open_dicke(
        5, 0.1, emission=0.05, dephasing=0.02, cavity_decay=0.1, rotating_wave=rotating_wave
    )
    noise, assumed = battery.environment, 3 if rotating_wave else 5
    assert widest_row(battery) <= assumed
    size, rows = generator_rows(battery)
    assert size == packed_size(5, mode=battery.dims[0])
    assert rows.max() <= row_nonzeros(assumed, noise.local_channels, noise.collective_channels)


def test_largest_size_named_fits_and_the_next_does_not() -> None:
    available = available_memory()
    with pytest.raises(InsufficientMemoryError) as caught:
        check_blocks_memory(1000, lambda n: 1 + n // 10, 14)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("battery: a solve in the permutation")
    largest = int(re.search(r"at most n_atoms = (\d+) fits", message).group(1))  # type: ignore[union-attr]
    assert solve_bytes(largest, 1 + largest // 10, 14) <= available
    assert solve_bytes(largest + 1, 1 + (largest + 1) // 10, 14) > available


def test_an_open_dicke_battery_whose_blocks_cannot_fit_is_refused_before_it_is_built() -> None:
    """N = 200 with its default cut-off: 2.6e12 packed numbers (petabytes). Before this check
    the model took 19 s to build and charge() then died in NumPy's MemoryError."""
    begin = time.perf_counter()
    with pytest.raises(InsufficientMemoryError) as caught:
        qb.models.open_dicke(200, 0.05, emission=0.05, dephasing=0.02)
    assert time.perf_counter() - begin < 5.0
    message = str(caught.value)
    assert "\n" not in message and message.startswith("n_atoms: a solve in the permutation")
    largest = int(re.search(r"at most n_atoms = (\d+) fits", message).group(1))  # type: ignore[union-attr]
    assert 2 <= largest < 200
    assert qb.models.open_dicke(min(largest, 4), 0.05, emission=0.05).dimension > 0
    with pytest.raises(InsufficientMemoryError, match=r"^cutoff: .*lower photon cut-off$"):
        qb.models.open_dicke(40, 0.05, emission=0.05, cutoff=5000)


def test_interacting_cells_too_many_for_the_blocks_are_refused_by_charge() -> None:
    """N = 1000 twisted cells: 1.7e8 packed numbers, about 100 GiB. Independent cells of the
    same size are solved as one cell and need no blocks."""
    if solve_bytes(1000, 1, 11) <= available_memory():  # pragma: no cover - a huge machine
        pytest.skip("this machine could hold the blocks")
    times = np.linspace(0.0, 1.0, 3)
    twisted = qb.models.spin_ensemble(1000, drive=0.5, emission=0.05, interaction=0.1)
    with pytest.raises(InsufficientMemoryError, match=r"^battery: a solve in the permutation"):
        qb.charge(twisted, times)
    independent = qb.models.spin_ensemble(1000, drive=0.5, emission=0.05)
    assert qb.charge(independent, times).energy.shape == (3,)
    with pytest.raises(InsufficientMemoryError, match=r"^battery: "):
        qb.charge(independent, times, options={"independent_cells": False})
