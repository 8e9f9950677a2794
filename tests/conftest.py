"""Shared test helpers: seeded random states and Hamiltonians built independently of qbattery."""

from __future__ import annotations

import numpy as np
import pytest


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
