"""Ergotropy of a batch of random density matrices: qbattery vs. a QuTiP loop vs. bare NumPy.

The quantity is ``E(rho) = Tr[H rho] - sum_i r_i e_i`` (CONVENTIONS.md) of ``n`` random
``d x d`` density matrices (``rho = A A^dagger / Tr[A A^dagger]`` with complex Gaussian ``A``,
full rank) with respect to one random Hermitian ``H``, all from one seed.

Implementations
---------------
``qbattery``
    ``qbattery.ergotropy(stack, h)`` on the ``(n, d, d)`` stack, validation on (the default).
``qutip_loop``
    What a researcher writes: a Python loop over ``qutip.Qobj`` states, with
    ``rho.eigenenergies()`` (QuTiP's eigensolver), ``H.eigenenergies()`` and
    ``qutip.expect(H, rho)``. The states are built as ``Qobj`` before timing: a researcher's
    states (from ``mesolve``, say) are Qobj already, so the conversion is not part of the cost.
    QuTiP caches each state's Hermiticity on its first pass (the warm-up), as it would after a
    researcher's first use of the states; this favours QuTiP slightly (a few per cent).
``floor``
    One bare batched ``numpy.linalg.eigvalsh(stack)`` call: the diagonalisation every
    implementation must do, and nothing else. Its ergotropy is completed from the eigenvalues
    outside the timed region (with ``einsum`` for ``Tr[H rho]``), a third, independent route
    for the agreement check.

Targets (from the issue): ``qbattery`` at least 4x faster than ``qutip_loop``, at most 1.5x the
``floor``, and the same results to 1e-12.
"""

from __future__ import annotations

import numpy as np
import qutip

import qbattery
from benchmarks.harness import Case, Implementation, Ratio

__all__ = ["build", "random_density_matrices", "random_hamiltonian"]

SEED = 20241124
DIMENSION = 16
STATES = 10_000
QUICK_STATES = 1_000


def random_density_matrices(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """``n`` random full-rank density matrices ``A A^dagger / Tr[A A^dagger]``, shape (n, d, d)."""
    a = rng.standard_normal((n, d, d)) + 1j * rng.standard_normal((n, d, d))
    rho = a @ np.conj(np.swapaxes(a, -1, -2))
    rho = 0.5 * (rho + np.conj(np.swapaxes(rho, -1, -2)))  # exactly Hermitian
    rho = rho / np.real(np.trace(rho, axis1=-2, axis2=-1))[:, None, None]
    # The sum above inherits the transposed inner layout; return the usual C-ordered stack
    # (as np.stack of a solver's states gives), not one that penalises reshape-based code.
    return np.ascontiguousarray(rho)


def random_hamiltonian(rng: np.random.Generator, d: int) -> np.ndarray:
    """A random Hermitian ``(B + B^dagger) / 2`` with complex Gaussian ``B``, shape (d, d)."""
    b = rng.standard_normal((d, d)) + 1j * rng.standard_normal((d, d))
    return 0.5 * (b + np.conj(b.T))


def _qutip_loop(states: list[qutip.Qobj], hamiltonian: qutip.Qobj) -> np.ndarray:
    """The loop a researcher writes with QuTiP: one eigensolve and one expectation per state."""
    levels = hamiltonian.eigenenergies()  # increasing
    result = np.empty(len(states))
    for k, rho in enumerate(states):
        populations = rho.eigenenergies(sort="high")  # decreasing
        result[k] = qutip.expect(hamiltonian, rho) - populations @ levels
    return result


def _ergotropy_from_spectra(
    eigenvalues: np.ndarray, stack: np.ndarray, h: np.ndarray
) -> np.ndarray:
    """Complete the floor's eigenvalues (increasing) into ergotropies, with plain NumPy."""
    mean = np.real(np.einsum("ij,nji->n", h, stack))
    return mean - eigenvalues[:, ::-1] @ np.linalg.eigvalsh(h)


def build(quick: bool = False) -> Case:
    """The case: ``STATES`` states of dimension ``DIMENSION`` (``QUICK_STATES`` when quick)."""
    n = QUICK_STATES if quick else STATES
    rng = np.random.default_rng(SEED)
    stack = random_density_matrices(rng, n, DIMENSION)
    h = random_hamiltonian(rng, DIMENSION)
    states = [qutip.Qobj(rho) for rho in stack]
    hamiltonian = qutip.Qobj(h)

    implementations = {
        "qbattery": Implementation(
            func=lambda: qbattery.ergotropy(stack, h),
            description="qbattery.ergotropy(stack, h), validation on",
        ),
        "qutip_loop": Implementation(
            func=lambda: _qutip_loop(states, hamiltonian),
            description="Python loop over Qobj: rho.eigenenergies(), qutip.expect(H, rho)",
        ),
        "floor": Implementation(
            func=lambda: np.linalg.eigvalsh(stack),
            postprocess=lambda eigenvalues: _ergotropy_from_spectra(eigenvalues, stack, h),
            description="one batched numpy.linalg.eigvalsh(stack); ergotropy completed untimed",
        ),
    }
    return Case(
        name="ergotropy_batch",
        description=(
            f"Ergotropy of {n:,} random {DIMENSION}x{DIMENSION} density matrices "
            f"(A A^dagger normalised, complex Gaussian A) w.r.t. a random Hermitian H; seed {SEED}."
        ),
        implementations=implementations,
        reference="qbattery",
        atol=1e-12,
        ratios=(
            Ratio("speed-up over QuTiP loop", "qutip_loop", "qbattery", at_least=4.0),
            Ratio("overhead over floor", "qbattery", "floor", at_most=1.5),
            # No target: the speed-up a zero-overhead qbattery would have, i.e. the ceiling.
            Ratio("floor's speed-up over QuTiP loop", "qutip_loop", "floor"),
        ),
        parameters={"states": n, "dimension": DIMENSION, "seed": SEED, "quick": quick},
        repeat=3 if quick else 7,
        measure_memory=True,
    )
