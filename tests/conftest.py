"""Shared test helpers: seeded random states and Hamiltonians built independently of qbattery.

Hypothesis profiles: ``ci`` (chosen when the ``CI`` environment variable is set, as on the CI
machine) is derandomised, so every CI run draws the same examples and a failure reproduces;
``dev`` (the default elsewhere) draws fresh examples each run to explore. Select one with
``--hypothesis-profile``. Neither keeps an example database in the work tree.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def random_density_matrices(
    rng: np.random.Generator, shape: tuple[int, ...], d: int, rank: int | None = None
) -> np.ndarray:
    """Random density matrices A A^dagger / Tr, A complex Gaussian of shape (..., d, rank)."""
    rank = d if rank is None else rank
    a = rng.normal(size=(*shape, d, rank)) + 1j * rng.normal(size=(*shape, d, rank))
    rho = a @ np.conj(np.swapaxes(a, -1, -2))
    return rho / np.trace(rho, axis1=-2, axis2=-1)[..., None, None]


def random_hermitian(rng: np.random.Generator, d: int) -> np.ndarray:
    a = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    return (a + a.conj().T) / 2


def random_unitary(rng: np.random.Generator, d: int) -> np.ndarray:
    a = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    q, r = np.linalg.qr(a)
    return q * (np.diag(r) / np.abs(np.diag(r)))


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261124)
