"""Spin operators of chains on the full ``2**N`` space: two-spin bonds and one-spin fields.

Sites follow the conventions of :mod:`qbattery.models.ladders`: ``sigma_z = diag(-1, +1)`` on
``(|g>, |e>)`` (index 0 = spin down = ground), site 0 the leftmost Kronecker factor, so the product
state index is the binary number ``b_0 b_1 ... b_{N-1}`` with ``b_i = 1`` for an excited spin.
Every spin Hamiltonian of :mod:`qbattery.models` is assembled by :func:`bond_hamiltonian` directly
from these bit patterns as a sparse CSR matrix (no dense intermediate, no chain of Kronecker
products), which keeps N = 20 (dimension ~1e6) practical. The chain geometry (bonds of open
chains and rings, pair distances) and the checks of chain arguments live here too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike

from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.validation import finite_real, integer, positive_int

__all__ = [
    "BOUNDARIES",
    "MAX_SPINS",
    "all_pairs",
    "bond_hamiltonian",
    "chain_bonds",
    "check_boundary",
    "per_item",
    "spin_count",
    "xxz_hamiltonian",
    "zeeman_splitting",
]

#: Valid ``boundary`` values of the chain constructors.
BOUNDARIES = ("open", "periodic")

#: Largest chain built: the Hamiltonian of 2**26 states already takes several GB.
MAX_SPINS = 26


def bond_hamiltonian(
    n_spins: int,
    bonds: Sequence[tuple[int, int]] = (),
    *,
    jx: ArrayLike = 0.0,
    jy: ArrayLike = 0.0,
    jz: ArrayLike = 0.0,
    dm: ArrayLike = 0.0,
    field_z: ArrayLike = 0.0,
    field_x: ArrayLike = 0.0,
) -> sp.csr_matrix:
    """Two-spin bonds and one-spin fields on the full ``2**N`` space, from bit patterns.

    .. code-block:: text

        H = sum_{b = (i, k)} [ jx_b sigma_x^i sigma_x^k + jy_b sigma_y^i sigma_y^k
                               + jz_b sigma_z^i sigma_z^k
                               + dm_b (sigma_x^i sigma_y^k - sigma_y^i sigma_x^k) ]
            + sum_i [ field_z_i sigma_z^i + field_x_i sigma_x^i ]

    The ``dm`` term is the Dzyaloshinskii-Moriya interaction ``D . (sigma^i x sigma^k)`` with
    ``D`` along z, antisymmetric under ``i <-> k``. On the product state ``|b>`` (module
    docstring) ``sigma_z^i`` is diagonal with eigenvalue ``s_i = 2 b_i - 1``, and every bond term
    off the diagonal flips both spins: ``<b'| . |b>`` with ``b' = b`` flipped at ``i`` and ``k`` is
    ``jx - jy s_i s_k + i dm (s_k - s_i)`` (``sigma_y |b_i> = i s_i |1 - b_i>``), so each row holds
    the diagonal, one entry per bond and one per site with an x field, and nothing is summed.

    Parameters
    ----------
    n_spins : int
        Number of spins N, 1 <= N <= 26.
    bonds : sequence of (int, int)
        Pairs of distinct sites; a pair given twice (in either order) adds its couplings
        (reversing a pair flips the sign of its ``dm``).
    jx, jy, jz, dm : float or sequence of float
        Bond couplings: one value for every bond, or one per bond.
    field_z, field_x : float or sequence of float
        Site fields: one value for every site, or one per site. A Zeeman splitting ``omega``
        is ``field_z = omega / 2``.

    Returns
    -------
    scipy.sparse.csr_matrix of shape (2**N, 2**N)
        complex128, Hermitian.

    Examples
    --------
    >>> h = bond_hamiltonian(2, [(0, 1)], jx=1.0, jy=1.0)  # flip-flop, amplitude 2
    >>> h.toarray().real.tolist()
    [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]
    """
    n = spin_count(n_spins)
    pairs, couplings = _merge_bonds(n, bonds, {"jx": jx, "jy": jy, "jz": jz, "dm": dm})
    fields_z = per_item(field_z, n, "field_z", "site")
    fields_x = per_item(field_x, n, "field_x", "site")
    states = np.arange(2**n, dtype=np.int64)
    masks = [1 << (n - 1 - site) for site in range(n)]
    spin_z = [(((states & mask) != 0).astype(np.int8) * 2 - 1) for mask in masks]
    diagonal = np.zeros(states.size, dtype=np.float64)
    for site in np.flatnonzero(fields_z):
        diagonal += fields_z[site] * spin_z[site]
    for (i, k), strength in zip(pairs, couplings["jz"], strict=True):
        if strength:
            diagonal += strength * (spin_z[i] * spin_z[k])
    columns: list[np.ndarray] = [states]
    values: list[np.ndarray] = [diagonal]
    for b, (i, k) in enumerate(pairs):
        x, y, d = couplings["jx"][b], couplings["jy"][b], couplings["dm"][b]
        if not (x or y or d):
            continue
        # Amplitude on the row state r = c flipped at i, k: s(c) = -s(r) on both sites.
        parallel = spin_z[i] * spin_z[k]
        amplitude = x - y * parallel.astype(np.float64)
        if d:
            amplitude = amplitude + 1j * d * (spin_z[i] - spin_z[k])
        columns.append(states ^ (masks[i] | masks[k]))
        values.append(amplitude)
    for site in np.flatnonzero(fields_x):
        columns.append(states ^ masks[site])
        values.append(np.full(states.size, fields_x[site]))
    return _rows_to_csr(np.stack(columns, axis=1), np.stack(values, axis=1))


def xxz_hamiltonian(
    n: int,
    bonds: list[tuple[int, int]],
    omega: float,
    exchange: float,
    anisotropy: float,
    weights: list[float] | None = None,
) -> sp.csr_matrix:
    """XXZ ``H_B``: Zeeman ``omega / 2`` per site, bond ``b`` with exchange ``exchange * w_b``.

    Examples
    --------
    Two spins, ``omega = J = Delta = 1``: ``|gg>`` and ``|ee>`` at ``-1 + 1 = 0`` and ``1 + 1 = 2``,
    ``|ge>`` and ``|eg>`` at ``0 - 1 = -1`` coupled by the flip-flop ``2 J`` (units of omega):

    >>> import numpy as np
    >>> from qbattery.models.bonds import xxz_hamiltonian
    >>> xxz_hamiltonian(2, [(0, 1)], 1.0, 1.0, 1.0).toarray().real
    array([[ 0.,  0.,  0.,  0.],
           [ 0., -1.,  2.,  0.],
           [ 0.,  2., -1.,  0.],
           [ 0.,  0.,  0.,  2.]])
    """
    strengths = exchange * (np.ones(len(bonds)) if weights is None else np.asarray(weights))
    return bond_hamiltonian(
        n, bonds, jx=strengths, jy=strengths, jz=anisotropy * strengths, field_z=omega / 2
    )


def all_pairs(n_spins: int, boundary: str) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Every pair ``(i, k)``, ``i < k``, with its distance: ``k - i`` on an open chain, the
    shorter way round ``min(k - i, N - (k - i))`` on a ring (for long-range couplings).

    Examples
    --------
    >>> all_pairs(4, "periodic")[1].tolist()
    [1.0, 2.0, 1.0, 1.0, 2.0, 1.0]
    """
    n = positive_int(n_spins, "n_spins")
    check_boundary(boundary)
    pairs = [(i, k) for i in range(n) for k in range(i + 1, n)]
    distances = np.array(
        [k - i if boundary == "open" else min(k - i, n - (k - i)) for i, k in pairs], dtype=float
    )
    return pairs, distances


def chain_bonds(n_spins: int, boundary: str, distance: int = 1) -> list[tuple[int, int]]:
    """Bonds ``(i, i + distance)`` of an open chain, or ``(i, (i + distance) mod N)`` of a ring.

    Bonds are oriented along the chain (a ring closes with ``(N - 1, 0)``, which matters for
    the antisymmetric Dzyaloshinskii-Moriya term), and each unordered pair appears once, at its
    first occurrence: a ring of N = 2 has the single bond ``(0, 1)``, and on a ring of
    N = 2 * distance the bonds ``(i, i + distance)`` and ``(i + distance, i)`` coincide. A
    ring too short for the distance (``N <= distance``) has no such bonds.

    Examples
    --------
    >>> chain_bonds(4, "periodic")
    [(0, 1), (1, 2), (2, 3), (3, 0)]
    """
    n = positive_int(n_spins, "n_spins")
    check_boundary(boundary)
    if boundary == "open":
        return [(i, i + distance) for i in range(n - distance)]
    bonds: list[tuple[int, int]] = []
    for i in range(n):
        k = (i + distance) % n
        if k != i and (i, k) not in bonds and (k, i) not in bonds:
            bonds.append((i, k))
    return bonds


def check_boundary(boundary: Any) -> str:
    """``boundary`` if it is one of :data:`BOUNDARIES`, else an error listing them.

    Examples
    --------
    >>> from qbattery.models.bonds import check_boundary
    >>> check_boundary("open")
    'open'
    >>> check_boundary("twisted")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: boundary: unknown boundary condition 'twisted'; ...
    """
    if boundary not in BOUNDARIES:
        raise QBatteryValueError(
            f"boundary: unknown boundary condition {boundary!r}; use one of {list(BOUNDARIES)}"
        )
    return str(boundary)


def spin_count(n_spins: Any, name: str = "n_spins", *, extra: int = 0) -> int:
    """Number of spins, 1 <= N and ``N + extra <= MAX_SPINS`` (the space has 2**(N + extra)).

    Examples
    --------
    >>> from qbattery.models.bonds import spin_count
    >>> spin_count(3)
    3
    """
    n = positive_int(n_spins, name)
    if n + extra > MAX_SPINS:
        raise QBatteryValueError(
            f"{name}: {n} spins need a 2**{n + extra}-dimensional space, beyond the {MAX_SPINS} "
            "spins these constructors build; use fewer spins or a symmetry-reduced model"
        )
    return n


def zeeman_splitting(omega: Any, name: str = "omega") -> float:
    """A level splitting >= 0.

    Examples
    --------
    >>> from qbattery.models.bonds import zeeman_splitting
    >>> zeeman_splitting(1)
    1.0
    """
    value = finite_real(omega, name)
    if value < 0:
        raise QBatteryValueError(
            f"{name}: the level splitting must be non-negative, got {omega!r}; a negative value "
            "only swaps |g> and |e>"
        )
    return value


def per_item(value: Any, count: int, name: str, item: str) -> np.ndarray:
    """A finite real, or a sequence of ``count`` of them, as a float array of length count.

    Examples
    --------
    >>> from qbattery.models.bonds import per_item
    >>> per_item(0.5, 3, "exchange", "bond"), per_item([1, 2], 2, "exchange", "bond")
    (array([0.5, 0.5, 0.5]), array([1., 2.]))
    """
    if np.ndim(value) == 0:
        return np.full(count, finite_real(value, name))
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise QBatteryTypeError(
            f"{name}: expected a real number or one real number per {item}, got {value!r}"
        ) from exc
    if array.shape != (count,):
        raise QBatteryValueError(
            f"{name}: expected one value per {item} ({count}), got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise QBatteryValueError(f"{name}: must be finite, got {value!r}; pass finite numbers")
    return array


def _merge_bonds(
    n: int, bonds: Sequence[tuple[int, int]], couplings: dict[str, Any]
) -> tuple[list[tuple[int, int]], dict[str, np.ndarray]]:
    """Canonical pairs ``(i < k)`` with the couplings of repeated pairs added."""
    try:
        given = [tuple(bond) for bond in bonds]
    except TypeError as exc:
        raise QBatteryTypeError(
            f"bonds: expected a sequence of site pairs like [(0, 1), (1, 2)], got {bonds!r}"
        ) from exc
    arrays = {key: per_item(value, len(given), key, "bond") for key, value in couplings.items()}
    merged: dict[tuple[int, int], np.ndarray] = {}
    for b, bond in enumerate(given):
        if len(bond) != 2:
            raise QBatteryValueError(f"bonds: {bond!r} is not a pair of sites")
        i, k = (integer(site, "bonds") for site in bond)
        if not (0 <= i < n and 0 <= k < n) or i == k:
            raise QBatteryValueError(f"bonds: {bond!r} must join two distinct sites in 0..{n - 1}")
        sign = 1.0 if i < k else -1.0  # dm is antisymmetric under i <-> k
        row = np.array([arrays["jx"][b], arrays["jy"][b], arrays["jz"][b], sign * arrays["dm"][b]])
        key = (min(i, k), max(i, k))
        merged[key] = merged.get(key, np.zeros(4)) + row
    pairs = list(merged)
    table = np.array([merged[pair] for pair in pairs]).reshape(len(pairs), 4)
    return pairs, {key: table[:, column] for column, key in enumerate(("jx", "jy", "jz", "dm"))}


def _rows_to_csr(columns: np.ndarray, values: np.ndarray) -> sp.csr_matrix:
    """CSR matrix whose row r holds ``values[r, :]`` at ``columns[r, :]``, zeros dropped.

    Each row's columns must be distinct (here: the basis state and its images under distinct
    bit flips), so no duplicates need summing and no COO conversion is needed.
    """
    dimension = columns.shape[0]
    keep = values != 0
    indptr = np.zeros(dimension + 1, dtype=np.int64)
    np.cumsum(np.count_nonzero(keep, axis=1), out=indptr[1:])
    index_type = np.int32 if max(indptr[-1], dimension) < 2**31 else np.int64
    matrix = sp.csr_matrix(
        (
            values[keep].astype(np.complex128),
            columns[keep].astype(index_type),
            indptr.astype(index_type),
        ),
        shape=(dimension, dimension),
    )
    matrix.sort_indices()
    return matrix
