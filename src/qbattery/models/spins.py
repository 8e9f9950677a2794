"""The XXZ spin-chain battery; the ground state and the direct charging of every spin chain.

Chains live on the full ``2**N`` tensor-product space, their Hamiltonians built by
:func:`qbattery.models.bonds.bond_hamiltonian` (conventions there). A chain battery starts in the
ground state of ``H_B``, which must be non-degenerate; :func:`chain_ground_state` finds it sector
by sector. Unless a model says otherwise a chain is charged directly (:func:`direct_charging`):
``H = H_B + h sum_{i in S} sigma_x^i`` with ``h = field`` on the sites ``S`` chosen by
``charging``, on the geometry ``boundary`` (:class:`ChainOptions`). The other spin models live
in :mod:`qbattery.models.spin_chains`, :mod:`qbattery.models.spin_disorder` and
:mod:`qbattery.models.spin_baths`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, TypedDict

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from qbattery.battery import Battery, known_ground_energy
from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.models.arguments import Argument
from qbattery.models.bonds import (
    bond_hamiltonian,
    chain_bonds,
    spin_count,
    xxz_hamiltonian,
    zeeman_splitting,
)
from qbattery.models.info import catalogued
from qbattery.validation import finite_real, integer

#: The models of this family (re-exported by qbattery.models); the helpers beside them (XXZ_HINT,
#: ChainOptions, Charging, chain_ground_state, charging_sites, direct_charging) are imported by
#: name.
__all__ = ["xxz_chain"]

Charging = str | Sequence[int]


class ChainOptions(TypedDict, total=False):
    """The geometry and the charged sites of a directly charged chain (shared arguments)."""

    boundary: Annotated[
        str,
        Argument(
            "open",
            '{"open", "periodic"}',
            "Chain boundary conditions: an open chain, or a ring closed by the bond "
            "``(N - 1, 0)``.",
        ),
    ]
    charging: Annotated[
        Charging,
        Argument(
            "uniform",
            '"uniform" or sequence of int',
            'Sites the charging field acts on: every site (``"uniform"``) or the listed sites '
            "(local charging).",
        ),
    ]


#: Relative gap below which the ground level counts as degenerate (as in ``ground_state``).
_GAP_TOL = 1e-9

#: Sector blocks up to this dimension get their lowest levels densely, larger ones by Lanczos.
_DENSE_LIMIT = 256

#: Hint of the XXZ-type chains: parameters with a unique ground state.
XXZ_HINT = "e.g. omega > 4 |J| (1 + |delta|)"


@catalogued(
    hamiltonian="H = H_B + h sum_i sigma_x^i",
    battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i "
    "(sigma_x^i sigma_x^{i+1} + sigma_y^i "
    "sigma_y^{i+1} + delta sigma_z^i sigma_z^{i+1})",
    initial_state="ground state of H_B (must be non-degenerate)",
    reference="Le et al., PRA 97, 022106 (2018)",
)
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
    docs/conventions.md). The bonds run over ``i = 0..N-2`` for an open chain; a periodic chain adds
    the bond ``(N-1, 0)`` when N >= 3 (for N = 2 the ring has the single bond already counted).
    The charging field stays on together with ``H_B`` (direct charging, a constant term, so no
    protocol is needed). The battery is the whole chain, which starts in the ground state of
    ``H_B``; for ``|J| (1 + |delta|) < omega / 4`` that is all spins down, energy
    ``-N omega / 2 + J delta (number of bonds)``. ``H_B`` conserves the number of excited spins,
    so its ground state is searched sector by sector (most sectors are ruled out by a bound,
    without diagonalising them); a degenerate ground level, within a sector or across two, is
    refused.

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
    n = spin_count(n_spins)
    exchange = finite_real(J, "J")
    anisotropy = finite_real(delta, "delta")
    zeeman = zeeman_splitting(omega)
    transverse = finite_real(field, "field")
    bonds = chain_bonds(n, boundary)
    battery_hamiltonian = xxz_hamiltonian(n, bonds, zeeman, exchange, anisotropy)
    hamiltonian = battery_hamiltonian + bond_hamiltonian(n, field_x=transverse)
    ground = chain_ground_state(battery_hamiltonian, n)
    battery = Battery(
        hamiltonian,
        battery_hamiltonian,
        ground,
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
    return known_ground_energy(battery, _rayleigh_quotient(battery_hamiltonian, ground))


def chain_ground_state(
    battery_hamiltonian: sp.csr_matrix,
    n: int,
    *,
    names: str = "omega, J, delta",
    hint: str = XXZ_HINT,
) -> np.ndarray:
    """Non-degenerate ground state of a spin Hamiltonian on ``2**n`` states, sector by sector.

    If the Hamiltonian conserves the number of excitations k (or only its parity), it is block
    diagonal in the sectors of fixed k (or parity); the sectors are found from the matrix
    itself. Blocks are visited in increasing order of a Gershgorin lower bound on their
    spectrum, and a block whose bound lies above the lowest energy found so far is never
    diagonalised (for weak exchange only k = 0 is). A degenerate ground level, inside a block
    (its two lowest levels closer than the tolerance of :func:`qbattery.operators.ground_state`)
    or across two blocks, is refused. ``names`` (the parameters to blame) and ``hint``
    (parameters with a unique ground state) go into the error message.
    """
    labels, kind = _sector_labels(battery_hamiltonian, n)
    sectors = [np.flatnonzero(labels == k) for k in range(int(labels.max()) + 1)]
    blocks = [_block(battery_hamiltonian, index) for index in sectors]
    bounds = [_gershgorin_lower_bound(block) for block in blocks]
    lowest: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for k in np.argsort(bounds, kind="stable"):
        if lowest:
            best = min(levels[0] for levels, _ in lowest.values())
            if bounds[k] > best + _GAP_TOL * max(1.0, abs(best)):
                break
        lowest[int(k)] = _lowest_levels(blocks[k])
    ground_sector = min(lowest, key=lambda k: lowest[k][0][0])
    levels, vector = lowest[ground_sector]
    energy = float(levels[0])
    tolerance = _GAP_TOL * max(1.0, abs(energy))
    tied = [
        k
        for k, (other, _) in lowest.items()
        if k != ground_sector and other[0] - energy <= tolerance
    ]
    advice = (
        f"so it fixes no initial state; choose parameters with a unique ground state ({hint}), "
        "or build qbattery.Battery with an explicit initial_state"
    )
    if tied:
        raise QBatteryValueError(
            f"{names}: the ground level of H_B is degenerate (E0 = {energy:.6g} with "
            f"{_describe(kind, ground_sector)} and with {_describe(kind, tied[0])}), {advice}"
        )
    if levels.size > 1 and levels[1] - energy <= tolerance:
        raise QBatteryValueError(
            f"{names}: the ground level of H_B is degenerate (E0 = {energy:.6g}, at least "
            f"twice among states with {_describe(kind, ground_sector)}), {advice}"
        )
    state = np.zeros(2**n, dtype=np.complex128)
    state[sectors[ground_sector]] = vector
    return state


def _sector_labels(h: sp.csr_matrix, n: int) -> tuple[np.ndarray, str]:
    """Sector of every basis state: excitation number, its parity, or one sector for all."""
    states = np.arange(2**n, dtype=np.int64)
    excitations = np.zeros(states.size, dtype=np.int64)
    for site in range(n):
        excitations += (states >> site) & 1
    rows = np.repeat(states, np.diff(h.indptr))
    change = excitations[h.indices] - excitations[rows]
    if not np.any(change):
        return excitations, "excitations"
    if not np.any(change % 2):
        return excitations % 2, "parity"
    return np.zeros(states.size, dtype=np.int64), "none"


def _describe(kind: str, label: int) -> str:
    if kind == "excitations":
        return f"{label} excited spins"
    if kind == "parity":
        return f"an {('even', 'odd')[label]} number of excited spins"
    return "any number of excited spins"


def _block(h: sp.csr_matrix, index: np.ndarray) -> sp.csr_matrix:
    block = h[index][:, index].tocsr()
    return block.real.tocsr() if not np.any(block.data.imag) else block


def _gershgorin_lower_bound(block: sp.csr_matrix) -> float:
    """``min_i (B_ii - sum_{j != i} |B_ij|)``: no eigenvalue of the Hermitian ``B`` lies below."""
    diagonal = block.diagonal().real
    off_diagonal = np.asarray(abs(block).sum(axis=1)).ravel() - np.abs(diagonal)
    return float(np.min(diagonal - off_diagonal))


def _lowest_levels(block: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """The two lowest levels (one for a 1 x 1 block) of a Hermitian sparse block, increasing,
    and the normalised eigenvector of the lowest."""
    size = block.shape[0]
    rows = np.repeat(np.arange(size), np.diff(block.indptr))
    if np.all(block.indices == rows):  # diagonal (or empty): Lanczos cannot start on it
        diagonal = block.diagonal().real
        order = np.argsort(diagonal, kind="stable")[:2]
        vector = np.zeros(size, dtype=block.dtype)
        vector[order[0]] = 1.0
        return diagonal[order], vector
    if size <= _DENSE_LIMIT:
        energies, vectors = np.linalg.eigh(block.toarray())
        return energies[:2], vectors[:, 0]
    # tol as in qbattery.operators.ground_state; 20 Lanczos vectors keep the restarts few.
    energies, vectors = eigsh(block, k=2, which="SA", ncv=min(size - 1, 20), tol=1e-12)
    order = np.argsort(energies)
    return energies[order].real, vectors[:, order[0]]


def charging_sites(charging: Any, n_spins: int) -> tuple[int, ...]:
    """The sites a charging field acts on: ``"uniform"`` (all) or distinct site indices.

    Examples
    --------
    >>> charging_sites("uniform", 3), charging_sites([2, 0], 3)
    ((0, 1, 2), (0, 2))
    """
    if isinstance(charging, str):
        if charging != "uniform":
            raise QBatteryValueError(
                f"charging: unknown choice {charging!r}; use 'uniform' or a list of site "
                f"indices in 0..{n_spins - 1}"
            )
        return tuple(range(n_spins))
    try:
        sites = [integer(site, "charging") for site in charging]
    except TypeError as exc:
        raise QBatteryTypeError(
            f"charging: expected 'uniform' or a list of site indices, got {charging!r}"
        ) from exc
    if not sites or len(set(sites)) != len(sites) or not all(0 <= s < n_spins for s in sites):
        raise QBatteryValueError(
            f"charging: {charging!r} must list distinct sites in 0..{n_spins - 1}, at least one"
        )
    return tuple(sorted(sites))


def direct_charging(
    name: str,
    battery_hamiltonian: sp.csr_matrix,
    field: Any,
    parameters: dict[str, Any],
    options: Mapping[str, Any],
    *,
    names: str,
    hint: str,
    charging_chain: sp.csr_matrix | None = None,
) -> Battery:
    """``H = (charging_chain or H_B) + h sum_{i in S} sigma_x^i``, the chain in its ground state.

    ``parameters`` (recorded, with ``field`` and the :class:`ChainOptions`) hold ``n_spins``.
    """
    n = parameters["n_spins"]
    strength = finite_real(field, "field")
    charging = options["charging"]
    sites = charging_sites(charging, n)
    profile = np.zeros(n)
    profile[list(sites)] = strength
    chain = battery_hamiltonian if charging_chain is None else charging_chain
    hamiltonian = chain + bond_hamiltonian(n, field_x=profile)
    initial_state = chain_ground_state(battery_hamiltonian, n, names=names, hint=hint)
    recorded = "uniform" if isinstance(charging, str) else list(sites)
    battery = Battery(
        hamiltonian,
        battery_hamiltonian,
        initial_state,
        dims=[2] * n,
        name=name,
        parameters={
            **parameters,
            "field": strength,
            "boundary": options["boundary"],
            "charging": recorded,
        },
    )
    return known_ground_energy(battery, _rayleigh_quotient(battery_hamiltonian, initial_state))


def _rayleigh_quotient(hamiltonian: sp.csr_matrix, ground: np.ndarray) -> float:
    """``<psi|H|psi>`` of the ground state found (its error is second order in the vector's)."""
    return float(np.real(np.vdot(ground, hamiltonian @ ground)))
