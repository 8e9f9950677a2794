"""Ergotropy, antiergotropy and capacity of permutation-invariant states, as on the full space.

Each eigenvalue ``lambda`` of a block ``rho_j`` is an eigenvalue ``lambda / d_j`` of the full
``2**N`` state with multiplicity ``d_j``, and each eigenvalue of ``A_j`` one of ``A`` with
multiplicity ``d_j`` (:mod:`qbattery.bases.permutational`); :func:`weighted_paired_energy`
pairs these weighted spectra (docs/conventions.md: populations decreasing against levels
increasing) without building the ``2**N`` space. The variant restricted to unitaries inside the
blocks has its own name (:func:`permutational_energetics_restricted`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from qbattery.bases.permutational import PermutationalBlocks
from qbattery.errors import DimensionError, NotDensityMatrixError
from qbattery.linalg import expectation
from qbattery.metrics.passivity import Energetics
from qbattery.validation import DEFAULT_ATOL, as_array, check_finite, check_hermitian

__all__ = [
    "permutational_energetics",
    "permutational_energetics_restricted",
    "weighted_paired_energy",
]


def weighted_paired_energy(
    masses: np.ndarray,
    fractions: np.ndarray,
    levels: np.ndarray,
    level_fractions: np.ndarray,
    *,
    highest_first: bool = False,
) -> np.ndarray:
    """Energy of populations placed on levels in order, both sides carrying multiplicities.

    Generalises :func:`qbattery.linalg.paired_energy` to a state whose eigenvalues are
    degenerate too: eigenvalue group i is ``masses[i] / (fractions[i] 2**N)`` repeated
    ``fractions[i] 2**N`` times (total weight ``masses[i]``), level k is ``levels[k]`` repeated
    ``level_fractions[k] 2**N`` times. On the axis ``x`` in [0, 1) of full-space slots (as
    fractions of the dimension) the populations sorted decreasing form a step function ``p(x)``
    and the levels sorted increasing (decreasing if ``highest_first``) a step function
    ``e(x)``; the result is ``int p(x) e(x) dx 2**N``:

    .. code-block:: text

        E = e_0 M + sum_k (e_k - e_{k-1}) (M - F(Y_k)),    F(y) = int_0^y p(x) dx 2**N

    with ``M`` the total weight and ``Y_k`` the slot where level k starts. ``F`` is piecewise
    linear with slope ``masses[i] / fractions[i]`` (the population density), evaluated without
    forming ``2**N``; its rounding error is a few ulps of M because the populations before a
    breakpoint are no smaller than the slope times its position (Allahverdyan, Balian &
    Nieuwenhuizen, EPL 67, 565 (2004) for the pairing).

    Parameters
    ----------
    masses : array (..., n)
        Total weight of each eigenvalue group (for a block state: the eigenvalues of rho_j).
    fractions : array (n,)
        Positive multiplicity of each group as a fraction of the full dimension.
    levels : array (k,)
    level_fractions : array (k,)
        Positive multiplicity of each level as a fraction of the full dimension (sum 1).
    highest_first : bool
        Pair the largest populations with the highest levels (active state).

    Returns
    -------
    array (...)

    Examples
    --------
    Populations 0.75 (weight 1) and 0.25 (weight 1) on the levels 0 and 1, in order (passive) and
    reversed (active):

    >>> import numpy as np
    >>> from qbattery.bases.permutational_energetics import weighted_paired_energy
    >>> masses, fractions = np.array([0.75, 0.25]), np.array([1.0, 1.0])
    >>> levels, level_fractions = np.array([0.0, 1.0]), np.array([1.0, 1.0])
    >>> float(weighted_paired_energy(masses, fractions, levels, level_fractions))
    0.25
    >>> float(weighted_paired_energy(masses, fractions, levels, level_fractions,
    ...                             highest_first=True))
    0.75
    """
    masses = np.asarray(masses, dtype=float)
    density = masses / fractions
    order = np.argsort(-density, axis=-1, kind="stable")
    sorted_mass = np.take_along_axis(masses, order, axis=-1)
    sorted_fraction = fractions[order]
    sorted_density = np.take_along_axis(density, order, axis=-1)
    slot_start = np.cumsum(sorted_fraction, axis=-1) - sorted_fraction
    mass_before = np.cumsum(sorted_mass, axis=-1) - sorted_mass
    total = sorted_mass.sum(axis=-1)

    level_order = np.argsort(levels, kind="stable")
    if highest_first:
        level_order = level_order[::-1]
    energies = np.asarray(levels, dtype=float)[level_order]
    starts = np.cumsum(np.asarray(level_fractions, dtype=float)[level_order])[:-1]
    steps = np.diff(energies)

    flat_start = slot_start.reshape(-1, masses.shape[-1])
    below = np.empty((flat_start.shape[0], starts.size), dtype=np.int64)
    for row, boundaries in enumerate(flat_start):
        below[row] = np.searchsorted(boundaries, starts, side="right") - 1
    below = below.reshape(*masses.shape[:-1], starts.size)
    within = np.take_along_axis(sorted_density, below, axis=-1) * (
        starts - np.take_along_axis(slot_start, below, axis=-1)
    )
    within = np.clip(within, 0.0, np.maximum(np.take_along_axis(sorted_mass, below, axis=-1), 0))
    cumulative = np.take_along_axis(mass_before, below, axis=-1) + within
    return energies[0] * total + np.sum(steps * (total[..., None] - cumulative), axis=-1)


def _check_blocks(
    states: Sequence[np.ndarray],
    hamiltonian: Sequence[np.ndarray],
    blocks: PermutationalBlocks,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    if len(states) != blocks.sizes.size or len(hamiltonian) != blocks.sizes.size:
        raise DimensionError(
            f"states, hamiltonian: need one block per total spin j ({blocks.sizes.size} blocks "
            f"for N = {blocks.n_atoms}), got {len(states)} and {len(hamiltonian)}"
        )
    rho = [as_array(s, f"states[{b}]") for b, s in enumerate(states)]
    h = [as_array(o, f"hamiltonian[{b}]") for b, o in enumerate(hamiltonian)]
    lead = rho[0].shape[:-2]
    for b, (r, o, n) in enumerate(zip(rho, h, blocks.sizes, strict=True)):
        if r.shape != (*lead, n, n) or o.shape != (n, n):
            raise DimensionError(
                f"states[{b}], hamiltonian[{b}]: block j = {blocks.spins[b]:g} needs shapes "
                f"(..., {n}, {n}) with leading shape {lead} and ({n}, {n}); got {r.shape} and "
                f"{o.shape}"
            )
    return rho, h


def _spectra(
    states: Sequence[np.ndarray],
    hamiltonian: Sequence[np.ndarray],
    blocks: PermutationalBlocks,
    validate: bool,
    atol: float,
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Energy (...), eigenvalues of each rho_j (..., n_b) and of each H_j (n_b,)."""
    rho, h = _check_blocks(states, hamiltonian, blocks)
    if validate:
        for b, (r, o) in enumerate(zip(rho, h, strict=True)):
            check_finite(r, f"states[{b}]")
            check_hermitian(r, f"states[{b}]", atol=atol)
            check_hermitian(o, f"hamiltonian[{b}]", atol=atol)
    populations = [np.linalg.eigvalsh(r) for r in rho]
    levels = [np.linalg.eigvalsh(o) for o in h]
    energy = sum(expectation(o, r) for o, r in zip(h, rho, strict=True))
    if validate:
        trace = sum(p.sum(axis=-1) for p in populations)
        lowest = min(float(np.min(p)) for p in populations)
        if np.any(np.abs(trace - 1) > atol) or lowest < -atol:
            raise NotDensityMatrixError(
                f"states: the blocks must be positive semidefinite with traces summing to 1 "
                f"(sum_j Tr rho_j = {np.max(np.abs(trace)):.12g}, smallest eigenvalue "
                f"{lowest:.3g}); normalise as rho = (+)_j rho_j (x) 1 / d_j"
            )
    return np.asarray(energy, dtype=float), populations, levels


def permutational_energetics(
    states: Sequence[np.ndarray],
    hamiltonian: Sequence[np.ndarray],
    blocks: PermutationalBlocks,
    *,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> Energetics:
    """Energy, ergotropy, antiergotropy and capacity of a permutation-invariant state,
    on the full ``2**N`` space.

    The state is ``rho = (+)_j rho_j (x) 1_{d_j} / d_j`` and ``H = (+)_j H_j (x) 1_{d_j}``
    (module docstring). On the full space ``rho`` has eigenvalues ``eig(rho_j) / d_j`` and
    ``H`` levels ``eig(H_j)``, each ``d_j`` times, so the passive state may put population on
    copies of a level that the block holding it does not see (docs/conventions.md):

    .. code-block:: text

        E = Tr[H rho] - sum_i r_i e_i,   A = sum_i r_i e_{d-1-i} - Tr[H rho],   C = A + E

    with the weighted pairing of :func:`weighted_paired_energy`.

    Parameters
    ----------
    states : sequence of arrays (..., 2j+1, 2j+1)
        One block per j of ``blocks`` (j = N/2 first), common leading shape.
    hamiltonian : sequence of arrays (2j+1, 2j+1)
        The blocks of a collective Hamiltonian, e.g. ``blocks.excitation_blocks(omega)``
        for ``H_B = omega (J_z + N/2)``.
    blocks : PermutationalBlocks
    validate : bool
        Check Hermiticity, positivity and unit total trace (tolerance ``atol``).

    Returns
    -------
    Energetics
        Fields of the leading shape ``(...)``.

    Examples
    --------
    Two atoms, one in the singlet: energy 1 (one excitation), full-space ground level 0.

    >>> from qbattery.bases.permutational import permutational_blocks
    >>> blocks = permutational_blocks(2)
    >>> states = [np.zeros((3, 3)), np.ones((1, 1))]
    >>> result = permutational_energetics(states, blocks.excitation_blocks(), blocks)
    >>> float(result.energy), float(result.ergotropy), float(result.capacity)
    (1.0, 1.0, 2.0)
    """
    energy, populations, levels = _spectra(states, hamiltonian, blocks, validate, atol)
    fractions = np.repeat(blocks.fractions, blocks.sizes)
    masses = np.concatenate(populations, axis=-1)
    all_levels = np.concatenate(levels)
    passive = weighted_paired_energy(masses, fractions, all_levels, fractions)
    active = weighted_paired_energy(masses, fractions, all_levels, fractions, highest_first=True)
    return Energetics(
        energy=energy,
        ergotropy=energy - passive,
        antiergotropy=active - energy,
        capacity=active - passive,
        passive_energy=passive,
        active_energy=active,
    )


def permutational_energetics_restricted(
    states: Sequence[np.ndarray],
    hamiltonian: Sequence[np.ndarray],
    blocks: PermutationalBlocks,
    *,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> Energetics:
    """Energetics restricted to the reduced basis: unitaries ``(+)_j U_j (x) 1_{d_j}`` only.

    These are the permutation-invariant unitaries (those any collective Hamiltonian
    generates); they keep every block's population in its block, so each ``rho_j`` is made
    passive (active) on its own levels ``eig(H_j)``:
    ``E_restricted = sum_j (Tr[H_j rho_j] - sum_i lambda_i^(j) e_i^(j))`` with ``lambda``
    decreasing and ``e`` increasing. Never larger than :func:`permutational_energetics`'s
    ergotropy (docs/conventions.md: the restricted variant under its own name).

    Parameters and returns as :func:`permutational_energetics`.

    Examples
    --------
    >>> from qbattery.bases.permutational import permutational_blocks
    >>> blocks = permutational_blocks(2)
    >>> states = [np.zeros((3, 3)), np.ones((1, 1))]
    >>> float(permutational_energetics_restricted(states, blocks.excitation_blocks(), blocks)
    ...       .ergotropy)
    0.0
    """
    energy, populations, levels = _spectra(states, hamiltonian, blocks, validate, atol)
    passive = sum(p[..., ::-1] @ e for p, e in zip(populations, levels, strict=True))
    active = sum(p @ e for p, e in zip(populations, levels, strict=True))
    passive = np.asarray(passive, dtype=float)
    active = np.asarray(active, dtype=float)
    return Energetics(
        energy=energy,
        ergotropy=energy - passive,
        antiergotropy=active - energy,
        capacity=active - passive,
        passive_energy=passive,
        active_energy=active,
    )
