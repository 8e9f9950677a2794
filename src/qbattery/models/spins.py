"""Spin-chain batteries on the full ``2**N`` tensor-product space.

Sites follow the conventions of :mod:`qbattery.models.operators`: ``sigma_z = diag(-1, +1)`` on
``(|g>, |e>)`` (index 0 = spin down = ground), site 0 the leftmost Kronecker factor, so the product
state index is the binary number ``b_0 b_1 ... b_{N-1}`` with ``b_i = 1`` for an excited spin.
Operators are assembled directly from these bit patterns as sparse CSR matrices (no dense
intermediate, no chain of Kronecker products), which keeps N = 20 (dimension ~1e6) practical.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from qbattery.battery import Battery, ground_state
from qbattery.errors import QBatteryValueError
from qbattery.validation import finite_real, positive_int

__all__ = ["BOUNDARIES", "xxz_chain"]

#: Valid ``boundary`` values of :func:`xxz_chain`.
BOUNDARIES = ("open", "periodic")

#: Relative gap below which the ground level counts as degenerate (as in ``ground_state``).
_GAP_TOL = 1e-9

#: Sector blocks up to this dimension get their lowest level densely, larger ones by Lanczos.
_DENSE_LIMIT = 256

#: Largest chain built: the Hamiltonian of 2**26 states already takes several GB.
_MAX_SPINS = 26


def xxz_chain(
    n_spins: int,
    J: float,
    delta: float,
    omega: float = 1.0,
    field: float = 1.0,
    *,
    boundary: str = "open",
) -> Battery:
    """XXZ Heisenberg spin-chain battery charged directly by a transverse field.

    .. code-block:: text

        H_B = (omega / 2) sum_i sigma_z^i
              + J sum_<i, i+1> (sigma_x^i sigma_x^{i+1} + sigma_y^i sigma_y^{i+1}
                                + delta sigma_z^i sigma_z^{i+1})
        H   = H_B + h sum_i sigma_x^i,        h = field

    (Le et al., PRA 97, 022106 (2018); the review's XXZ spin-chain battery in the form of
    CONVENTIONS.md). The bonds run over ``i = 0..N-2`` for an open chain; a periodic chain adds
    the bond ``(N-1, 0)`` when N >= 3 (for N = 2 the ring has the single bond already counted).
    The charging field stays on together with ``H_B`` (direct charging, a constant term, so no
    protocol is needed). The battery is the whole chain, which starts in the ground state of
    ``H_B``; for ``|J| (1 + |delta|) < omega / 4`` that is all spins down, energy
    ``-N omega / 2 + J delta (number of bonds)``. ``H_B`` conserves the number of excited spins,
    so its ground state is searched sector by sector (most sectors are ruled out by a bound,
    without diagonalising them) and taken from :func:`qbattery.battery.ground_state` in its
    sector; a degenerate ground level, within a sector or across two, is refused.

    Parameters
    ----------
    n_spins : int
        Number of spins N, 1 <= N <= 26 (dimension ``2**N``).
    J : float
        Exchange coupling (any finite real; J > 0 antiferromagnetic).
    delta : float
        Anisotropy of the ``sigma_z sigma_z`` exchange (finite real).
    omega : float
        Zeeman level splitting of each spin, >= 0.
    field : float
        Transverse charging field ``h`` (finite real).
    boundary : {"open", "periodic"}
        Chain boundary conditions.

    Returns
    -------
    Battery
        ``dims = [2] * N``, the whole space the battery, sparse CSR operators.

    Raises
    ------
    QBatteryValueError
        If the ground level of ``H_B`` is degenerate (no preferred initial state), e.g. for
        ``omega = 0`` and ``J = 0``.

    Examples
    --------
    >>> battery = xxz_chain(4, J=0.1, delta=0.5)
    >>> battery.dims
    (2, 2, 2, 2)
    """
    n = positive_int(n_spins, "n_spins")
    if n > _MAX_SPINS:
        raise QBatteryValueError(
            f"n_spins: {n} spins need a 2**{n}-dimensional space, beyond the {_MAX_SPINS} spins "
            "this constructor builds; use fewer spins or a symmetry-reduced model"
        )
    exchange = finite_real(J, "J")
    anisotropy = finite_real(delta, "delta")
    zeeman = finite_real(omega, "omega")
    if zeeman < 0:
        raise QBatteryValueError(
            f"omega: the level splitting must be non-negative, got {omega!r}; a negative value "
            "only swaps |g> and |e>"
        )
    transverse = finite_real(field, "field")
    if boundary not in BOUNDARIES:
        raise QBatteryValueError(
            f"boundary: unknown boundary condition {boundary!r}; use one of {list(BOUNDARIES)}"
        )
    bonds = [(i, i + 1) for i in range(n - 1)]
    if boundary == "periodic" and n >= 3:
        bonds.append((n - 1, 0))

    battery_hamiltonian = _xxz_operator(n, bonds, zeeman, exchange, anisotropy)
    hamiltonian = battery_hamiltonian + _transverse_field(n, transverse)
    return Battery(
        hamiltonian,
        battery_hamiltonian,
        _ground_state(battery_hamiltonian, n),
        dims=[2] * n,
        name="xxz_chain",
        parameters={
            "n_spins": n,
            "J": exchange,
            "delta": anisotropy,
            "omega": zeeman,
            "field": transverse,
            "boundary": boundary,
        },
    )


def _xxz_operator(
    n: int,
    bonds: list[tuple[int, int]],
    omega: float,
    exchange: float,
    anisotropy: float,
    weights: list[float] | None = None,
) -> sp.csr_matrix:
    """``H_B`` from bit patterns: diagonal Zeeman and zz terms, flip-flop hopping off-diagonal.

    Bond ``(i, k)`` has exchange ``exchange * weights[b]`` (all 1 by default); the bonds must be
    distinct pairs.
    """
    strengths = [exchange] * len(bonds) if weights is None else [exchange * w for w in weights]
    states = np.arange(2**n, dtype=np.int64)
    bits = [(states >> (n - 1 - site)) & 1 for site in range(n)]  # 1 = excited
    spin_z = [2 * b - 1 for b in bits]  # sigma_z eigenvalue of each site, -1 for |g>
    diagonal = (omega / 2) * np.sum(spin_z, axis=0, dtype=np.float64)
    for (i, k), strength in zip(bonds, strengths, strict=True):
        diagonal += strength * anisotropy * spin_z[i] * spin_z[k]
    columns, values = [states], [diagonal]
    for (i, k), strength in zip(bonds, strengths, strict=True):
        # sigma_x sigma_x + sigma_y sigma_y = 2 (sigma_+ sigma_- + sigma_- sigma_+): swaps the
        # two spins when they differ, with amplitude 2.
        columns.append(states ^ ((1 << (n - 1 - i)) | (1 << (n - 1 - k))))
        values.append(np.where(bits[i] != bits[k], 2 * strength, 0.0))
    return _rows_to_csr(np.stack(columns, axis=1), np.stack(values, axis=1))


def _transverse_field(n: int, field: float) -> sp.csr_matrix:
    """``field * sum_i sigma_x^i``: flips one spin, amplitude ``field``."""
    states = np.arange(2**n, dtype=np.int64)
    columns = states[:, None] ^ (1 << np.arange(n, dtype=np.int64))[None, :]
    return _rows_to_csr(columns, np.full(columns.shape, field))


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


def _ground_state(battery_hamiltonian: sp.csr_matrix, n: int) -> np.ndarray:
    """Non-degenerate ground state of ``H_B``, found sector by sector.

    ``H_B`` conserves the number of excitations k, so it is block diagonal in the sectors of
    fixed k. Blocks are visited in increasing order of a Gershgorin lower bound on their
    spectrum, and a block whose bound lies above the lowest energy found so far is never
    diagonalised (for weak exchange only k = 0 is). The ground block's state comes from
    :func:`qbattery.battery.ground_state`, which refuses a degenerate level inside the block; a
    second block reaching the same energy is refused here.
    """
    states = np.arange(2**n, dtype=np.int64)
    excitations = np.zeros(states.size, dtype=np.int64)
    for site in range(n):
        excitations += (states >> site) & 1
    sectors = [np.flatnonzero(excitations == k) for k in range(n + 1)]
    blocks = [battery_hamiltonian[index][:, index].real.tocsr() for index in sectors]
    bounds = [_gershgorin_lower_bound(block) for block in blocks]
    lowest: dict[int, float] = {}
    for k in np.argsort(bounds, kind="stable"):
        if lowest:
            best = min(lowest.values())
            if bounds[k] > best + _GAP_TOL * max(1.0, abs(best)):
                break
        lowest[int(k)] = _lowest_eigenvalue(blocks[k])
    ground_sector = min(lowest, key=lowest.__getitem__)
    energy = lowest[ground_sector]
    tied = [
        k
        for k, value in lowest.items()
        if k != ground_sector and value - energy <= _GAP_TOL * max(1.0, abs(energy))
    ]
    advice = (
        "so it fixes no initial state; choose parameters with a unique ground state (e.g. "
        "omega > 4 |J| (1 + |delta|)), or build qbattery.Battery with an explicit initial_state"
    )
    if tied:
        raise QBatteryValueError(
            f"omega, J, delta: the ground level of H_B is degenerate (E0 = {energy:.6g} with "
            f"{ground_sector} and with {tied[0]} excited spins), {advice}"
        )
    try:
        vector = ground_state(blocks[ground_sector], "battery_hamiltonian")
    except QBatteryValueError as exc:
        raise QBatteryValueError(
            f"omega, J, delta: the ground level of H_B is degenerate (E0 = {energy:.6g}, at least "
            f"twice among states with {ground_sector} excited spins), {advice}"
        ) from exc
    state = np.zeros(2**n, dtype=np.complex128)
    state[sectors[ground_sector]] = vector
    return state


def _gershgorin_lower_bound(block: sp.csr_matrix) -> float:
    """``min_i (B_ii - sum_{j != i} |B_ij|)``: no eigenvalue of the symmetric ``B`` lies below."""
    diagonal = block.diagonal()
    off_diagonal = np.asarray(abs(block).sum(axis=1)).ravel() - np.abs(diagonal)
    return float(np.min(diagonal - off_diagonal))


def _lowest_eigenvalue(block: sp.csr_matrix) -> float:
    """Lowest eigenvalue of a real symmetric sparse block."""
    rows = np.repeat(np.arange(block.shape[0]), np.diff(block.indptr))
    if np.all(block.indices == rows):  # diagonal (or empty): Lanczos cannot start on it
        return float(np.min(block.diagonal()))
    if block.shape[0] <= _DENSE_LIMIT:
        return float(np.linalg.eigvalsh(block.toarray())[0])
    return float(eigsh(block, k=1, which="SA", return_eigenvectors=False)[0])
