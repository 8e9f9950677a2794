"""Chains charged in the states of their site symmetries, against the full space."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import scipy.sparse as sp

import qbattery as qb
from qbattery.bases.site_symmetry import SymmetricOrbits, site_permutation_image
from qbattery.reductions import chain_symmetric_sector

TIMES = np.linspace(0.0, 3.0, 31)


def _bracelets(n: int) -> int:
    """Binary bracelets of n beads (OEIS A000029), by Burnside's lemma over the dihedral group."""
    rotations = sum(2 ** math.gcd(k, n) for k in range(n)) / n
    if n % 2:
        reflections = 2 ** ((n + 1) // 2)
    else:
        reflections = (2 ** (n // 2) + 2 ** (n // 2 + 1)) / 2
    return round((rotations + reflections) / 2)


def _dihedral(n: int, mirror: float, ring: float) -> list[tuple[np.ndarray, float]]:
    reflection = site_permutation_image(2, list(range(n - 1, -1, -1)))
    elements = []
    for k in range(n):
        shift = site_permutation_image(2, [(j + k) % n for j in range(n)])
        if k:
            elements.append((shift, ring**k))
        elements.append((reflection[shift], mirror * ring**k))
    return elements


@pytest.mark.parametrize("n", range(3, 12))
def test_orbit_counts_are_the_closed_forms(n: int) -> None:
    """Reflection: ``(2^n + 2^ceil(n/2)) / 2`` even states; dihedral: the bracelet count."""
    mirror = site_permutation_image(2, list(range(n - 1, -1, -1)))
    even = SymmetricOrbits.of(lambda: [(mirror, 1.0)])
    odd = SymmetricOrbits.of(lambda: [(mirror, -1.0)])
    assert even.dimension == (2**n + 2 ** ((n + 1) // 2)) // 2
    assert even.dimension + odd.dimension == 2**n
    assert int(even.sizes.sum()) == 2**n
    assert SymmetricOrbits.of(lambda: _dihedral(n, 1.0, 1.0)).dimension == _bracelets(n)


@pytest.mark.parametrize(("mirror", "ring"), [(1.0, 1.0), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0)])
def test_restricted_operators_are_the_dense_projections(mirror: float, ring: float) -> None:
    """``<O,chi|A|O',chi>`` against ``V^T A V`` with V the orthonormalised columns of the
    dense character projector ``sum_g chi(g) P_g`` (an independent construction)."""
    n, d = 6, 64
    elements = _dihedral(n, mirror, ring)
    generator = np.random.default_rng(3)
    raw = generator.standard_normal((d, d))
    permutations = [np.eye(d)[:, image] for image, _ in elements] + [np.eye(d)]
    operator = sum(p @ (raw + raw.T) @ p.T for p in permutations)  # commutes with the group
    projector = sum(
        c * p for p, c in zip(permutations, [c for _, c in elements] + [1.0], strict=True)
    )
    orbits = SymmetricOrbits.of(lambda: elements)
    columns = []
    for representative in orbits.representatives[orbits.kept >= 0]:
        column = projector[:, representative]
        columns.append(column / np.linalg.norm(column))
    basis = np.array(columns).T
    np.testing.assert_allclose(basis.T @ basis, np.eye(basis.shape[1]), atol=1e-12)
    expected = basis.T @ operator @ basis
    restricted = orbits.restrict(sp.csr_matrix(operator)).toarray()
    np.testing.assert_allclose(restricted, expected, atol=1e-10)


@pytest.mark.parametrize(
    ("n", "J", "boundary", "label"),
    [
        (6, 1.0, "open", "site reflection odd"),
        (8, 0.1, "open", "site reflection even"),
        (6, 1.0, "periodic", "site reflection odd, translation momentum pi"),
        (8, 0.1, "periodic", "site reflection even, translation momentum 0"),
    ],
)
def test_a_chain_charges_the_same_in_its_sector(
    n: int, J: float, boundary: str, label: str
) -> None:
    """Energy, power, ergotropy and fluctuations of the sector battery against the whole
    chain's exact spectral solution (the antiferromagnetic ground states of 6 spins are odd)."""
    battery = qb.models.xxz_chain(n, J, 0.5, boundary=boundary)
    sector = chain_symmetric_sector(battery, min_dimension=0)
    assert sector is not None and sector.parameters["symmetry"] == label
    assert sector.dimension < battery.dimension // 2 + 20
    whole = qb.charge(battery, TIMES, method="spectral", fluctuations=True)
    reduced = qb.charge(sector, TIMES, method="spectral", fluctuations=True)
    for name in ("energy", "power", "ergotropy", "variance"):
        np.testing.assert_allclose(getattr(reduced, name), getattr(whole, name), atol=1e-10)


def test_the_default_call_finds_the_symmetry_of_a_large_chain() -> None:
    """12 spins (4096 states): ``charge`` solves the reflection-odd half by itself; the
    explicit method (no reduction) on the whole space agrees."""
    battery = qb.models.xxz_chain(12, 1.0, 0.5)
    default = qb.charge(battery, TIMES)
    assert default.parameters["symmetry"] == "site reflection odd"
    whole = qb.charge(battery, TIMES, method="chebyshev")
    assert "symmetry" not in whole.parameters
    for name in ("energy", "power", "ergotropy"):
        np.testing.assert_allclose(getattr(default, name), getattr(whole, name), atol=1e-9)


def test_no_sector_without_the_symmetry() -> None:
    """A field on one end breaks the reflection; a state mixing even and odd has no character;
    an open chain has no translation."""
    battery = qb.models.xxz_chain(8, 1.0, 0.5)
    kick = sp.kron(sp.diags([1.0, -1.0]), sp.identity(2**7))
    tilted = qb.Battery(
        battery.hamiltonian.static + 0.3 * kick,
        battery.battery_hamiltonian,
        battery.initial_state,
        dims=battery.dims,
    )
    assert chain_symmetric_sector(tilted, min_dimension=0) is None
    mixed_state = np.zeros(2**8)
    mixed_state[[1, 3]] = [0.6, 0.8]  # |00000001>, |00000011>: neither even nor odd
    mixed = battery.replace(initial_state=mixed_state)
    assert chain_symmetric_sector(mixed, min_dimension=0) is None
    sector = chain_symmetric_sector(battery, min_dimension=0)
    assert sector is not None and "translation" not in sector.parameters["symmetry"]


def test_every_basis_state_has_one_orbit() -> None:
    n = 5
    image = site_permutation_image(2, [(k + 1) % n for k in range(n)])
    orbits = SymmetricOrbits.of(
        lambda: [(image if k == 1 else _power(image, k), 1.0) for k in range(1, n)]
    )
    for a, b in itertools.combinations(range(2**n), 2):
        same = orbits.orbit[a] == orbits.orbit[b]
        rotated = any(
            format(b, "05b") == format(a, "05b")[k:] + format(a, "05b")[:k] for k in range(n)
        )
        assert same == rotated


def _power(image: np.ndarray, k: int) -> np.ndarray:
    result = np.arange(image.size)
    for _ in range(k):
        result = image[result]
    return result


@pytest.mark.parametrize(
    "build",
    [
        lambda: qb.models.xxz_chain(9, 1.0, 0.5),
        lambda: qb.models.ising_chain(8, 0.3),
        lambda: qb.models.xyz_chain(8, 0.2, 0.3, 0.1),
        lambda: qb.models.disordered_ising_chain(8, 0.2, 0.3, seed=1),
    ],
)
def test_models_know_their_ground_energy(build) -> None:  # type: ignore[no-untyped-def]
    """The energy a chain model records for its ground state is the lowest dense eigenvalue."""
    battery = build()
    assert "ground_energy" in battery.__dict__  # recorded, no Lanczos run
    levels = np.linalg.eigvalsh(sp.csr_matrix(battery.battery_hamiltonian).toarray())
    assert abs(battery.ground_energy - levels[0]) < 1e-11 * max(1.0, abs(levels[0]))


def test_a_ring_charges_in_a_twentieth_of_its_space() -> None:
    """A ring of 14 spins (16384 states) in its dihedral sector: fewer than 1/20 of the states
    (about 1/28), holding the initial state at the whole ring's ground energy."""
    battery = qb.models.xxz_chain(14, 1.0, 0.5, boundary="periodic")
    sector = chain_symmetric_sector(battery)
    assert sector is not None
    assert sector.dimension < battery.dimension / 20
    state = sector.initial_state
    energy = np.real(np.vdot(state, sector.battery_hamiltonian @ state))
    assert abs(energy - battery.ground_energy) < 1e-10 * abs(battery.ground_energy)
