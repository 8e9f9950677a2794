"""The fast paths of the permutation-invariant solver against their plain counterparts.

References, independent of the code under test:

- SciPy's ``expm_multiply`` (truncated Taylor series, Al-Mohy & Higham 2011) and the Krylov
  propagator with full Gram-Schmidt for the incompletely orthogonalized one;
- ``HermitianPacking.unpack`` of the whole vector and plain sums of diagonals for the
  block-by-block readers;
- the Lindbladian applied block by block with dense matrices (``-i[H, rho]``, the
  anticommutator with ``sum_i A_i^dagger A_i`` written out, ``J_-`` by hand) for the packed
  real generator assembled block row by block row, and the complex generator made real with
  :meth:`HermitianPacking.real_operator` for the same matrix;
- :func:`permutational_energetics` on every block (and the brute-force pairing of its own tests)
  for the passive energy that skips negligible blocks.
"""

from __future__ import annotations

import logging

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.linalg import expm_multiply

import qbattery as qb
from qbattery.bases.permutational import HermitianPacking, permutational_blocks, spin_matrix
from qbattery.bases.permutational_energetics import permutational_energetics
from qbattery.blas_threads import single_threaded_blas
from qbattery.dynamics import krylov, permutational
from qbattery.dynamics.krylov import krylov_propagate, one_norm
from qbattery.dynamics.permutational_liouvillian import (
    block_commutator,
    block_liouvillian,
    local_transition,
)
from qbattery.models.ensemble import spin_ensemble

#: Krylov tolerance per unit time in these tests; results compared a hundred times looser.
TOL = 1e-11
#: Two propagations of unit-norm states over a few time units, each within TOL per unit time.
PROPAGATION_ATOL = 1e-9
#: Re-reading the same numbers: exact up to the last bit of a sum.
EXACT = 1e-14


def random_generator(rng: np.random.Generator, size: int) -> sp.csr_matrix:
    """Skew-symmetric (oscillating) plus a small random sparse part, like a Lindbladian."""
    skew = sp.random(size, size, density=0.05, random_state=rng)
    noise = sp.random(size, size, density=0.02, random_state=rng)
    return sp.csr_matrix(3 * (skew - skew.T) + 0.2 * noise - 0.1 * sp.identity(size))


@pytest.mark.parametrize("window", [1, 2, 3, None])
def test_incomplete_orthogonalization_matches_taylor(rng: np.random.Generator, window) -> None:
    generator = random_generator(rng, 300)
    state = rng.normal(size=300)
    state /= np.linalg.norm(state)
    times = np.linspace(0, 3, 16)
    emitted = np.empty((times.size, state.size))

    def emit(index: int, vector: np.ndarray) -> None:
        emitted[index] = vector

    end = krylov_propagate(generator, state, 0.0, 3.0, times[1:], 1, emit, TOL, 20, window=window)
    emitted[0] = state
    expected = expm_multiply(generator, state, start=0, stop=3, num=16, endpoint=True)
    np.testing.assert_allclose(emitted, expected, atol=PROPAGATION_ATOL)
    np.testing.assert_allclose(end, expected[-1], atol=PROPAGATION_ATOL)


@pytest.mark.parametrize("size", [4, 12])
def test_generator_no_larger_than_the_basis_is_exponentiated_exactly(
    rng: np.random.Generator, size: int
) -> None:
    """A Krylov basis of 20 vectors would span the whole space: dense ``expm`` between grid
    times instead, checked against SciPy's ``expm_multiply``, with the state at an ``end``
    beyond the last grid time."""
    generator = sp.csr_matrix(rng.normal(size=(size, size)) - 2 * np.eye(size))
    state = rng.normal(size=size)
    times = np.linspace(0.25, 2, 8)
    emitted: dict[int, np.ndarray] = {}
    statistics: dict[str, int] = {}
    end = krylov_propagate(
        generator,
        state,
        0.0,
        2.5,
        times,
        3,
        lambda k, v: emitted.__setitem__(k, v.copy()),
        TOL,
        20,
        statistics=statistics,
    )
    expected = expm_multiply(generator, state, start=0.25, stop=2.5, num=10, endpoint=True)
    np.testing.assert_allclose(
        np.array([emitted[3 + k] for k in range(8)]), expected[:8], atol=EXACT
    )
    np.testing.assert_allclose(end, expected[-1], atol=EXACT)
    assert statistics.get("products", 0) == 0


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_product_split_over_threads(rng: np.random.Generator, monkeypatch, threads) -> None:
    generator = random_generator(rng, 500)
    monkeypatch.setattr("qbattery.dynamics.krylov._PARALLEL_NONZEROS", 10)
    product = krylov._Product(generator, threads)
    vector = rng.normal(size=500)
    assert len(product.bands) == (threads if threads > 1 else 0)
    np.testing.assert_allclose(product(vector), generator @ vector, rtol=EXACT, atol=EXACT)
    assert all(np.shares_memory(rows.data, generator.data) for _, _, rows in product.bands)
    product.close()


def test_one_norm_in_chunks(rng: np.random.Generator, monkeypatch) -> None:
    matrix = random_generator(rng, 200)
    monkeypatch.setattr("qbattery.dynamics.krylov._CHUNK", 17)
    assert one_norm(matrix) == pytest.approx(float(abs(matrix).sum(axis=0).max()), rel=1e-14)


def test_single_threaded_blas_restores_thread_counts() -> None:
    from threadpoolctl import threadpool_info

    def blas_threads() -> list[int]:
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    matrix = np.diag([3.0, 1.0, 2.0])
    with single_threaded_blas():
        assert all(count == 1 for count in blas_threads())
        inside = np.linalg.eigvalsh(matrix)
    assert blas_threads() == before
    np.testing.assert_array_equal(inside, [1.0, 2.0, 3.0])


def test_block_reader_and_traces_match_unpack(rng: np.random.Generator) -> None:
    sizes = [5, 3, 1]
    packing = HermitianPacking(sizes)
    blocks = [
        (lambda m: m + np.swapaxes(m.conj(), -1, -2))(
            rng.normal(size=(4, n, n)) + 1j * rng.normal(size=(4, n, n))
        )
        for n in sizes
    ]
    packed = packing.pack(blocks)
    for index, expected in enumerate(blocks):
        np.testing.assert_allclose(packing.block(packed, index), expected, atol=EXACT)
        np.testing.assert_allclose(packing.block(packed[0], index), expected[0], atol=EXACT)
    traces = np.stack([np.trace(b, axis1=-2, axis2=-1).real for b in blocks], axis=-1)
    np.testing.assert_allclose(packing.traces(packed), traces, atol=EXACT)


def random_block_state(rng: np.random.Generator, n_atoms: int, weights: np.ndarray):
    """Random blocks rho_j (positive, traces ``weights``)."""
    blocks = permutational_blocks(n_atoms)
    states = []
    for size, weight in zip(blocks.sizes, weights, strict=True):
        a = rng.normal(size=(size, size)) + 1j * rng.normal(size=(size, size))
        rho = a @ a.conj().T
        states.append(weight * rho / np.trace(rho).real)
    return blocks, states


@pytest.mark.parametrize("n_atoms", [5, 8])
def test_passive_energy_skipping_negligible_blocks(rng: np.random.Generator, n_atoms: int):
    """Blocks of weight 1e-20 are read off their diagonals; the rest diagonalized."""
    battery = spin_ensemble(n_atoms, emission=0.1)
    system = permutational._BlockBattery(battery)
    count = system.blocks.sizes.size
    weights = rng.uniform(0.5, 1.0, count)
    weights[1::2] = 1e-20
    weights /= weights.sum()
    blocks, states = random_block_state(rng, n_atoms, weights)
    packed = system.packing.pack(states)
    levels = np.concatenate([np.diag(h) for h in blocks.excitation_blocks()])
    fractions = np.repeat(blocks.fractions, blocks.sizes)
    passive = system.passive_energy(packed[None], levels, fractions)
    expected = permutational_energetics(states, blocks.excitation_blocks(), blocks)
    assert passive[0] == pytest.approx(float(expected.passive_energy), abs=1e-14 * n_atoms)


def test_charge_ergotropy_matches_blockwise_energetics() -> None:
    """The solver's ergotropy equals permutational_energetics of ensemble_states."""
    battery = spin_ensemble(7, drive=0.8, emission=0.1, dephasing=0.05, interaction=0.3)
    times = np.linspace(0, 3, 7)
    result = qb.charge(battery, times)
    states = permutational.ensemble_states(battery, times)
    blocks = permutational_blocks(7)
    expected = permutational_energetics(states, blocks.excitation_blocks(), blocks)
    np.testing.assert_allclose(result.ergotropy, expected.ergotropy, atol=1e-12)


# -- assembly --------------------------------------------------------------------------------


ASSEMBLED = [
    spin_ensemble(
        6,
        drive=0.7,
        emission=0.3,
        dephasing=0.2,
        pumping=0.1,
        collective_emission=0.15,
        interaction=0.4,
    ),
    spin_ensemble(9, drive=0.5, emission=0.05, dephasing=0.02),
    qb.models.open_dicke(3, 0.3, emission=0.05, dephasing=0.02, cavity_decay=0.1, cutoff=5),
]


@pytest.mark.parametrize("battery", ASSEMBLED, ids=["all_rates", "odd_n", "open_dicke"])
def test_real_assembly_equals_the_complex_generator_made_real(battery) -> None:
    """Block row by block row into the packed real form = whole complex matrix, then real."""
    system = permutational._BlockBattery(battery)
    pieces = system.split(battery.hamiltonian.static, "hamiltonian")
    complex_form = block_liouvillian(system.blocks, pieces, system.noise, system.mode)
    direct = block_liouvillian(system.blocks, pieces, system.noise, system.mode, system.packing)
    reference = system.packing.real_operator(complex_form)
    assert abs(direct - reference).max() <= EXACT * abs(reference).max()
    commutator = block_commutator(pieces, system.packing)
    reference = system.packing.real_operator(block_commutator(pieces))
    assert abs(commutator - reference).max() <= EXACT * abs(reference).max()


def test_real_generator_acts_as_the_lindbladian_on_blocks(rng: np.random.Generator) -> None:
    """The packed real generator against the Lindbladian applied block by block by hand."""
    n_atoms = 4
    battery = spin_ensemble(
        n_atoms, drive=0.7, emission=0.3, dephasing=0.2, collective_emission=0.15
    )
    system = permutational._BlockBattery(battery)
    pieces = system.split(battery.hamiltonian.static, "hamiltonian")
    real = block_liouvillian(system.blocks, pieces, system.noise, system.mode, system.packing)
    _, states = random_block_state(rng, n_atoms, np.full(3, 1 / 3))
    (result,) = [system.packing.unpack(real @ system.packing.pack(states))]
    noise, blocks = system.noise, system.blocks
    for target, spin in enumerate(blocks.spins):
        h = pieces[target].toarray()
        j_minus = spin_matrix(spin, "-").toarray()
        m = np.arange(-spin, spin + 0.5)
        rho = states[target]
        loss = np.diag(noise.emission * (m + n_atoms / 2) + noise.dephasing * n_atoms / 4)
        expected = -1j * (h @ rho - rho @ h) - 0.5 * (loss @ rho + rho @ loss)
        number = j_minus.conj().T @ j_minus
        expected += noise.collective_emission * (
            j_minus @ rho @ j_minus.conj().T - 0.5 * (number @ rho + rho @ number)
        )
        for source in range(max(target - 1, 0), min(target + 2, blocks.spins.size)):
            for kind in ("emission", "dephasing"):
                b = local_transition(n_atoms, blocks.spins[source], spin, kind).toarray()
                expected += getattr(noise, kind) * b @ states[source] @ b.T
        np.testing.assert_allclose(result[target], expected, atol=1e-13)


def test_phases_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    battery = spin_ensemble(5, drive=0.5, emission=0.05, dephasing=0.02, interaction=0.1)
    with caplog.at_level(logging.DEBUG, logger="qbattery.dynamics.permutational"):
        qb.charge(battery, np.linspace(0, 2, 5))
    (record,) = [r for r in caplog.records if hasattr(r, "phases")]
    phases = record.phases
    assert phases["n_atoms"] == 5 and phases["products"] > 0 and phases["steps"] > 0
    assert min(phases[f"{p}_seconds"] for p in ("build", "propagation", "ergotropy")) >= 0


def test_independent_cells_are_logged_last(caplog: pytest.LogCaptureFixture) -> None:
    """The one cell's own record, then the ensemble's (the one a reader keeps)."""
    battery = spin_ensemble(5, drive=0.5, emission=0.05, dephasing=0.02)
    with caplog.at_level(logging.DEBUG, logger="qbattery.dynamics.permutational"):
        qb.charge(battery, np.linspace(0, 2, 5))
    cell, ensemble = [r.phases for r in caplog.records if hasattr(r, "phases")]
    assert cell["n_atoms"] == 1
    assert ensemble["n_atoms"] == 5 and ensemble["independent_cells"]
    assert ensemble["seconds"] >= 0
