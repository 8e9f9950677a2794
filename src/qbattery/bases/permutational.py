"""Permutation-invariant blocks of N two-level systems: the Dicke basis ``|j, m, alpha>``.

The ``2**N`` product space splits into irreducible representations of the collective spin,

.. code-block:: text

    (C^2)^(x N) = (+)_j  V_j (x) K_j,     j = N/2, N/2 - 1, ..., 1/2 or 0,
    dim V_j = 2j + 1,   dim K_j = d_j = N! (2j + 1) / ((N/2 - j)! (N/2 + j + 1)!)

(Mandel & Wolf, *Optical Coherence and Quantum Optics* sec. 16; Chase & Geremia, PRA 78,
052101 (2008); Shammah et al., PRA 98, 063815 (2018)), with ``sum_j (2j + 1) d_j = 2**N``.
Collective operators act as ``(+)_j A_j (x) 1_{d_j}``, and a permutation-invariant state is
block diagonal,

.. code-block:: text

    rho = (+)_j rho_j (x) 1_{d_j} / d_j,        sum_j Tr rho_j = 1,

so ``Tr[A rho] = sum_j Tr[A_j rho_j]``: the blocks ``rho_j`` ((2j+1) x (2j+1)) carry all the
information (QuTiP's ``piqs`` uses the same normalisation). The *reduced basis* is the direct sum
``(+)_j V_j`` of dimension ``D = sum_j (2j + 1)``; its basis states are ordered block by block
(j = N/2 first) and, inside a block, by ``m = -j, ..., j`` (``k = m + j`` excitations above the
block's lowest state), matching :mod:`qbattery.models.ladders` for j = N/2.

Full-space spectra (CONVENTIONS.md): each eigenvalue ``lambda`` of ``rho_j`` is an eigenvalue
``lambda / d_j`` of ``rho`` with multiplicity ``d_j``, and each eigenvalue ``e`` of ``A_j`` an
eigenvalue of ``A`` with multiplicity ``d_j``. Ergotropy, antiergotropy and capacity pair these
weighted spectra (:func:`weighted_paired_energy`) without building the ``2**N`` space.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import scipy.sparse as sp

from qbattery.errors import DimensionError, NotDensityMatrixError, QBatteryValueError
from qbattery.linalg import expectation
from qbattery.metrics.energetics import Energetics
from qbattery.validation import DEFAULT_ATOL, as_array, check_finite, check_hermitian, positive_int

__all__ = [
    "MAX_ATOMS",
    "HermitianPacking",
    "PermutationalBlocks",
    "dicke_degeneracy",
    "permutational_blocks",
    "permutational_energetics",
    "permutational_energetics_restricted",
    "spin_matrix",
    "weighted_paired_energy",
]

#: Most two-level systems handled: 2**N must stay a finite double (the fractions d_j / 2**N of
#: the full space are formed in double precision).
MAX_ATOMS = 1000


def dicke_degeneracy(n_atoms: int, spin: float | Sequence[float] | np.ndarray) -> np.ndarray:
    """Multiplicity ``d_j = N! (2j+1) / ((N/2 - j)! (N/2 + j + 1)!)`` of total spin ``j``.

    Evaluated exactly in integers as ``binomial(N, N/2 - j) - binomial(N, N/2 - j - 1)`` and
    rounded once to double precision (finite for N <= ``MAX_ATOMS``).

    Parameters
    ----------
    n_atoms : int
        N >= 1.
    spin : float or array
        ``j`` in ``N/2, N/2 - 1, ..., 0 or 1/2``.

    Returns
    -------
    float array of the shape of ``spin``

    Examples
    --------
    >>> dicke_degeneracy(4, [2, 1, 0]).tolist()
    [1.0, 3.0, 2.0]
    """
    n = positive_int(n_atoms, "n_atoms")
    spins = np.asarray(spin, dtype=float)
    twice = np.rint(2 * spins)
    if (
        np.any(np.abs(2 * spins - twice) > 1e-9)
        or np.any(twice < 0)
        or np.any(twice > n)
        or (np.any((n - twice) % 2 != 0))
    ):
        raise QBatteryValueError(
            f"spin: total spins of {n} two-level systems are N/2, N/2 - 1, ..., down to 0 or "
            f"1/2; got {spin!r}"
        )
    return np.array([float(_degeneracy(n, int(t))) for t in twice.ravel()]).reshape(spins.shape)


def _degeneracy(n: int, twice_spin: int) -> int:
    """Exact ``d_j`` for ``j = twice_spin / 2``."""
    k = (n - twice_spin) // 2
    return math.comb(n, k) - (math.comb(n, k - 1) if k > 0 else 0)


def spin_matrix(spin: float, component: str) -> sp.csr_matrix:
    """Spin-``j`` matrix ``J_component`` (``"x", "y", "z", "+", "-"``) in the basis ``m = -j..j``.

    ``J_+ |j, m> = sqrt((j - m)(j + m + 1)) |j, m + 1>``, ``J_x = (J_+ + J_-)/2``,
    ``J_y = (J_+ - J_-)/(2i)``.
    """
    m = np.arange(-spin, spin + 0.5)
    size = m.size
    if component == "z":
        return sp.csr_matrix(sp.diags_array(m.astype(np.complex128)))
    raising = sp.csr_matrix(
        sp.diags_array(
            np.sqrt((spin - m[:-1]) * (spin + m[:-1] + 1)), offsets=-1, shape=(size,) * 2
        ),
        dtype=np.complex128,
    )
    operators = {
        "+": raising,
        "-": raising.T,
        "x": (raising + raising.T) / 2,
        "y": (raising - raising.T) / 2j,
    }
    if component not in operators:
        raise QBatteryValueError(
            f"component: unknown spin component {component!r}; use 'x', 'y', 'z', '+' or '-'"
        )
    return sp.csr_matrix(operators[component])


@dataclass(frozen=True, eq=False)
class PermutationalBlocks:
    """The block structure of N two-level systems (module docstring).

    Attributes
    ----------
    n_atoms : int
    spins : array (B,)
        Total spins ``j``, decreasing from N/2.
    sizes : array (B,)
        Block dimensions ``2j + 1``.
    offsets : array (B + 1,)
        Start of each block in the reduced basis; ``offsets[-1]`` is its dimension D.
    exact_degeneracies : tuple of int
        ``d_j`` as Python integers.
    """

    n_atoms: int
    spins: np.ndarray
    sizes: np.ndarray
    offsets: np.ndarray
    exact_degeneracies: tuple[int, ...]

    @property
    def dimension(self) -> int:
        """D = sum_j (2j + 1): ``(N/2 + 1)**2`` for even N, ``(N + 1)(N + 3)/4`` for odd N."""
        return int(self.offsets[-1])

    @property
    def degeneracies(self) -> np.ndarray:
        """``d_j`` as floats (correctly rounded; exact below 2**53)."""
        return np.array([float(d) for d in self.exact_degeneracies])

    @property
    def log_degeneracies(self) -> np.ndarray:
        """``ln d_j``."""
        return np.array([math.log(d) for d in self.exact_degeneracies])

    @cached_property
    def fractions(self) -> np.ndarray:
        """``d_j / 2**N``: the share of the full space taken by one state of block j."""
        return self.degeneracies / 2.0**self.n_atoms

    @cached_property
    def magnetic_numbers(self) -> np.ndarray:
        """``m`` of every reduced-basis state, shape (D,)."""
        return np.concatenate([np.arange(-j, j + 0.5) for j in self.spins])

    @cached_property
    def block_of(self) -> np.ndarray:
        """Block index of every reduced-basis state, shape (D,)."""
        return np.repeat(np.arange(self.spins.size), self.sizes)

    def slices(self) -> list[slice]:
        """Each block's range in the reduced basis."""
        return [slice(int(a), int(b)) for a, b in itertools.pairwise(self.offsets)]

    def collective(self, component: str) -> sp.csr_matrix:
        """``J_component = (+)_j J_component^(j)`` on the reduced basis, sparse (D, D)."""
        return sp.csr_matrix(
            sp.block_diag([spin_matrix(j, component) for j in self.spins], format="csr"),
            dtype=np.complex128,
        )

    def excitation_blocks(self, omega: float = 1.0) -> list[np.ndarray]:
        """Blocks of ``H_B = omega (J_z + N/2)``: ``diag(omega (m + N/2))``, m = -j..j."""
        return [np.diag(omega * (np.arange(-j, j + 0.5) + self.n_atoms / 2)) for j in self.spins]


@lru_cache(maxsize=32)
def _blocks(n: int) -> PermutationalBlocks:
    spins = (n - 2 * np.arange(n // 2 + 1)) / 2
    sizes = (2 * spins + 1).round().astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    for array in (spins, sizes, offsets):
        array.setflags(write=False)
    exact = tuple(_degeneracy(n, int(t)) for t in np.rint(2 * spins))
    return PermutationalBlocks(n, spins, sizes, offsets, exact)


def permutational_blocks(n_atoms: int) -> PermutationalBlocks:
    """The block structure of ``n_atoms`` two-level systems.

    Examples
    --------
    >>> blocks = permutational_blocks(4)
    >>> blocks.spins.tolist(), blocks.sizes.tolist(), blocks.dimension
    ([2.0, 1.0, 0.0], [5, 3, 1], 9)
    >>> float((blocks.sizes * blocks.degeneracies).sum())
    16.0
    """
    n = positive_int(n_atoms, "n_atoms")
    if n > MAX_ATOMS:
        raise QBatteryValueError(
            f"n_atoms: {n} two-level systems exceed the {MAX_ATOMS} handled (2**N overflows "
            "double precision); use fewer"
        )
    return _blocks(n)


# -- real packing of Hermitian blocks -------------------------------------------------------


class HermitianPacking:
    """Hermitian blocks of sizes ``n_b`` as one real vector of length ``S = sum_b n_b**2``.

    Block b contributes, for every ``a <= c`` in row-major upper-triangle order, ``Re rho_ac``
    and (for ``a < c``) ``Im rho_ac``. The complex row-major vectorisation of the blocks,
    ``vec(rho)`` (also of length S), is ``P u`` with the sparse map :meth:`expansion`; a
    superoperator ``L`` on ``vec(rho)`` that preserves Hermiticity becomes the real matrix
    :meth:`real_operator`. Real arithmetic halves storage and keeps the state exactly Hermitian.
    """

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = [int(s) for s in sizes]
        positions, imaginary, rows, columns, values = [], [], [], [], []
        diagonal_of, diagonal_at, real_of, upper_at, lower_of = [], [], [], [], []
        complex_start = packed_start = 0
        for n in self.sizes:
            a, c = np.triu_indices(n)
            off = a != c
            upper = complex_start + a * n + c
            lower = complex_start + c * n + a
            # packed coordinate k: x_ac for every pair, then y_ac right after it if a < c
            count = np.where(off, 2, 1)
            x_index = packed_start + np.concatenate([[0], np.cumsum(count)[:-1]])
            y_index = x_index[off] + 1
            positions.append(np.empty(n * n, dtype=np.int64))
            imaginary.append(np.zeros(n * n, dtype=bool))
            positions[-1][x_index - packed_start] = upper
            positions[-1][y_index - packed_start] = upper[off]
            imaginary[-1][y_index - packed_start] = True
            diagonal_of.append(x_index[~off])
            diagonal_at.append(upper[~off])
            real_of.append(x_index[off])
            upper_at.append(upper[off])
            lower_of.append(lower[off])
            rows += [upper, lower[off], upper[off], lower[off]]
            columns += [x_index, x_index[off], y_index, y_index]
            values += [np.ones(a.size), np.ones(y_index.size)]
            values += [np.full(y_index.size, 1j), np.full(y_index.size, -1j)]
            complex_start += n * n
            packed_start += n * n
        self.size = packed_start
        lower_positions = np.concatenate(lower_of)
        self._diagonal = np.concatenate(diagonal_of)
        self._diagonal_at = np.concatenate(diagonal_at)
        self._real_part = np.concatenate(real_of)
        self._upper_at = np.concatenate(upper_at)
        self._lower_at = lower_positions
        self._positions = np.concatenate(positions)
        self._imaginary = np.concatenate(imaginary)
        self._expansion = sp.csr_matrix(
            (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
            shape=(self.size, self.size),
            dtype=np.complex128,
        )
        self._starts = np.concatenate([[0], np.cumsum([n * n for n in self.sizes])])

    def expansion(self) -> sp.csr_matrix:
        """``P``: packed real vector -> complex row-major ``vec`` of the blocks, (S, S)."""
        return self._expansion

    def real_operator(self, superoperator: sp.spmatrix) -> sp.csr_matrix:
        """The real (S, S) matrix of a Hermiticity-preserving map given on ``vec(rho)``."""
        applied = sp.csr_matrix(superoperator @ self._expansion)[self._positions]
        real = sp.diags_array((~self._imaginary).astype(float)) @ sp.csr_matrix(applied.real)
        imag = sp.diags_array(self._imaginary.astype(float)) @ sp.csr_matrix(applied.imag)
        result = sp.csr_matrix(real + imag)
        result.eliminate_zeros()
        return result

    def functional(self, operators: Sequence[np.ndarray | sp.spmatrix]) -> np.ndarray:
        """``v`` with ``Tr[O rho] = v . u`` for Hermitian blocks ``O_b``, shape (S,)."""
        flat = np.concatenate([np.asarray(sp.csr_matrix(o).T.toarray()).ravel() for o in operators])
        return np.real(self._expansion.T @ flat)

    def pack(self, blocks: Sequence[np.ndarray]) -> np.ndarray:
        """Blocks (..., n_b, n_b) -> packed (..., S)."""
        flat = np.concatenate([np.reshape(b, (*np.shape(b)[:-2], -1)) for b in blocks], axis=-1)
        chosen = flat[..., self._positions]
        return np.where(self._imaginary, chosen.imag, chosen.real)

    def unpack(self, packed: np.ndarray) -> list[np.ndarray]:
        """Packed (..., S) -> Hermitian blocks (..., n_b, n_b), complex."""
        shape = packed.shape[:-1]
        real = np.reshape(packed, (-1, self.size))
        flat = np.zeros(real.shape, dtype=np.complex128)
        flat[:, self._diagonal_at] = real[:, self._diagonal]
        upper = real[:, self._real_part] + 1j * real[:, self._real_part + 1]
        flat[:, self._upper_at] = upper
        flat[:, self._lower_at] = np.conj(upper)
        return [
            flat[:, start:stop].reshape(*shape, n, n)
            for n, (start, stop) in zip(self.sizes, itertools.pairwise(self._starts), strict=True)
        ]


# -- degeneracy-aware energetics ------------------------------------------------------------


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
    copies of a level that the block holding it does not see (CONVENTIONS.md):

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
    ergotropy (CONVENTIONS.md: the restricted variant under its own name).

    Parameters and returns as :func:`permutational_energetics`.

    Examples
    --------
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
