"""Restricting a battery to a symmetry sector of its Hamiltonian.

:func:`excitation_parity_sector` keeps the half of the product space with the initial state's
excitation parity ``(-1)^(n + k)`` (:mod:`qbattery.bases.parity`), conserved by the Dicke and
Rabi Hamiltonians and their anisotropic variants (Emary & Brandes, PRE 67, 066203 (2003)). It
checks that every Hamiltonian term conserves the parity and that the initial state has a
definite one, and refuses otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import numpy as np
import scipy.sparse as sp

from qbattery.bases.parity import excitation_parity
from qbattery.bases.site_symmetry import SymmetricOrbits, site_permutation_image
from qbattery.battery import Battery, known_ground_energy
from qbattery.errors import QBatteryValueError
from qbattery.operators import Operator

__all__ = [
    "MIN_CHAIN_DIMENSION",
    "chain_symmetric_sector",
    "conserved_parity_sector",
    "excitation_parity_sector",
]


def _conserves(operator: Operator, labels: np.ndarray) -> bool:
    matrix = sp.coo_matrix(operator)
    keep = matrix.data != 0
    return bool(np.all(labels[matrix.row[keep]] == labels[matrix.col[keep]]))


def excitation_parity_sector(battery: Battery) -> Battery:
    """``battery`` restricted to the excitation-parity sector of its initial state.

    Parameters
    ----------
    battery : Battery
        On a product space whose basis labels count excitations (cavities in Fock states, atoms
        in the symmetric Dicke basis or as qubits), closed (no collapse operators).

    Returns
    -------
    Battery
        The same model on ``subspace`` = the states of the initial parity; its truncation check
        and level spectrum carry over.

    Examples
    --------
    ``sigma_x (x) sigma_x`` flips two excitations at a time: from ``|gg>`` only ``|gg>`` and
    ``|ee>`` (indices 0 and 3) are reached.

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.reductions import excitation_parity_sector
    >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> battery = qb.Battery(np.kron(sx, sx), np.diag([0.0, 1.0]), np.array([1.0, 0, 0, 0]),
    ...                      dims=[2, 2], battery=[1])
    >>> excitation_parity_sector(battery).subspace
    array([0, 3])
    """
    keep, refusal = _parity_sector(battery)
    if keep is None:
        raise QBatteryValueError(f"battery: {refusal}")
    return _restricted(battery, keep)


def conserved_parity_sector(battery: Battery) -> Battery | None:
    """:func:`excitation_parity_sector` of ``battery`` where it applies, else None.

    ``qbattery.charge`` charges a closed battery in this sector when nothing asks for the
    states of the whole space: the sector holds the whole trajectory, so every battery
    observable is unchanged, at half the dimension (the Dicke battery from ``|N>|g...g>``).
    A measured battery or one with an environment is left alone, as is a state with weight in
    both parities or a Hamiltonian term that mixes them.

    Examples
    --------
    A single qubit driven by ``sigma_x`` changes its excitation parity: no sector.

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.reductions import conserved_parity_sector
    >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> conserved_parity_sector(qb.Battery(sx, np.diag([0.0, 1.0]), np.array([1.0, 0.0]))) is None
    True
    """
    if battery.measurement_interval is not None or battery.environment is not None:
        return None
    keep, _ = _parity_sector(battery)
    if keep is None or len(keep) == battery.dimension:
        return None
    return _restricted(battery, keep)


def _parity_sector(battery: Battery) -> tuple[np.ndarray | None, str]:
    """The indices of the initial state's parity sector, or None and why not."""
    if battery.subspace is not None or battery.sector is not None or battery.collapse_ops:
        return None, "parity sectors need a closed battery on its full product space"
    labels = excitation_parity(battery.dims)
    terms = [battery.hamiltonian.static, *(op for op, _ in battery.hamiltonian.drives)]
    if not all(_conserves(term, labels) for term in terms):
        return None, (
            "its Hamiltonian mixes states of even and odd excitation number, so the "
            "parity (-1)^(excitations) is not conserved; charge it on the full space"
        )
    state = battery.initial_state
    weight = np.abs(state) ** 2 if state.ndim == 1 else np.real(np.diagonal(state))
    odd = float(np.sum(weight[labels == 1]))
    if min(odd, 1 - odd) > 1e-12:
        return None, (
            f"the initial state has no definite parity (odd weight {odd:.3g}); "
            "charge it on the full space"
        )
    return np.nonzero(labels == round(odd))[0], ""


def _restricted(battery: Battery, keep: np.ndarray) -> Battery:
    """``battery`` on the basis states ``keep`` of a sector its dynamics never leaves."""
    state = battery.initial_state

    def restrict(operator: Operator) -> sp.csr_matrix:
        return sp.csr_matrix(operator)[keep][:, keep]

    hamiltonian = [restrict(battery.hamiltonian.static)]
    hamiltonian += [(restrict(op), f) for op, f in battery.hamiltonian.drives]
    restricted_state = state[keep] if state.ndim == 1 else state[np.ix_(keep, keep)]
    truncation = battery.truncation
    if truncation is not None:
        edge = np.nonzero(np.isin(keep, truncation.edge))[0]
        truncation = dataclasses.replace(truncation, edge=edge)
    return Battery(
        hamiltonian,
        battery.battery_hamiltonian,
        restricted_state,
        dims=battery.dims,
        battery=battery.battery,
        subspace=keep,
        truncation=truncation,
        battery_spectrum=battery.battery_spectrum,
        name=battery.name,
        parameters={**battery.parameters, "symmetry": "excitation parity"},
    )


#: Chains below this dimension are charged on their full space (orbits and restricted operators
#: would cost about as much as they save).
MIN_CHAIN_DIMENSION = 4096


def chain_symmetric_sector(
    battery: Battery, *, min_dimension: int = MIN_CHAIN_DIMENSION
) -> Battery | None:
    """``battery`` on the states of a chain invariant under its site symmetries, or None.

    For a closed, unmeasured chain of identical sites in a pure state, with the battery the
    whole chain: if every Hamiltonian term and ``H_B`` commute with the site reflection
    (``k -> n-1-k``) and/or the translation (``k -> k+1 mod n``), and the initial state is
    invariant under them, the trajectory never leaves the invariant states
    (:class:`~qbattery.bases.site_symmetry.SymmetricOrbits`): about half the space for an open
    chain, ``1 / 2n`` of it for a uniform ring. Energy, power and fluctuations of ``H_B`` are
    the same there; the ergotropy of the pure state is ``E - E_0`` with ``E_0`` the lowest
    level of ``H_B`` on the whole chain (its ground state may lie outside the sector), which the
    sector battery carries. Commutation is checked on a fixed random vector (exact
    symmetries leave a round-off difference, a broken one an O(1) one). None when any of this
    fails, when a cut-off is attached, or below ``min_dimension`` states.

    Examples
    --------
    A uniform open XXZ chain of 12 spins in its (antiferromagnetic) ground state, odd under
    the reflection: 2016 of the 4096 states, ``(2^12 - 2^6) / 2``. Closed as a ring, it also
    has momentum pi: 190 states.

    >>> import qbattery as qb
    >>> from qbattery.reductions import chain_symmetric_sector
    >>> sector = chain_symmetric_sector(qb.models.xxz_chain(12, 1.0, 0.5))
    >>> sector.dimension, sector.parameters["symmetry"]
    (2016, 'site reflection odd')
    >>> chain_symmetric_sector(qb.models.xxz_chain(12, 1.0, 0.5, boundary="periodic")).dimension
    190
    """
    unitary = not battery.collapse_ops and battery.measurement_interval is None
    plain = battery.subspace is None and battery.sector is None and battery.truncation is None
    dims = battery.dims
    if not (unitary and plain and battery.is_pure and battery.environment is None):
        return None
    if not battery.battery_is_whole_space or len(dims) < 3 or len(set(dims)) != 1:
        return None
    if battery.dimension < min_dimension:
        return None
    state = np.asarray(battery.initial_state)
    n, site = len(dims), int(dims[0])
    reflection = site_permutation_image(site, list(range(n - 1, -1, -1)))
    translation = site_permutation_image(site, [(k + 1) % n for k in range(n)])
    operators = [
        battery.hamiltonian.static,
        *(op for op, _ in battery.hamiltonian.drives),
        battery.battery_hamiltonian,
    ]
    # the initial state's character under each symmetry of every term, 0.0 where there is none
    mirror, ring = (
        _character(state, g) if all(_commutes(op, g) for op in operators) else 0.0
        for g in (reflection, translation)
    )
    if not (mirror or ring):
        return None
    orbits = SymmetricOrbits.of(
        lambda: _group(
            (reflection, mirror) if mirror else None, (translation, ring) if ring else None
        )
    )
    coordinates, outside = orbits.coordinates(state)
    if outside > 1e-12 * float(np.linalg.norm(state)):
        return None
    labels = [f"site reflection {'even' if mirror > 0 else 'odd'}"] if mirror else []
    labels += [f"translation momentum {'0' if ring > 0 else 'pi'}"] if ring else []
    symmetry = ", ".join(labels)
    sector = Battery(
        [orbits.restrict(sp.csr_matrix(battery.hamiltonian.static))]
        + [(orbits.restrict(sp.csr_matrix(op)), f) for op, f in battery.hamiltonian.drives],
        orbits.restrict(sp.csr_matrix(battery.battery_hamiltonian)),
        coordinates,
        name=battery.name,
        parameters={**battery.parameters, "symmetry": symmetry},
    )
    return known_ground_energy(sector, battery.ground_energy)  # the whole chain's E_0


def _commutes(operator: Operator, image: np.ndarray) -> bool:
    """Whether ``P A = A P`` for the permutation ``P|s> = |image[s]>``, on a fixed random x."""
    matrix = sp.csr_matrix(operator)
    x = np.random.default_rng(5).standard_normal(image.size)
    moved = np.empty_like(x)
    moved[image] = x
    applied = np.asarray(matrix @ x)
    moved_applied = np.empty_like(applied)
    moved_applied[image] = applied
    difference = float(np.linalg.norm(matrix @ moved - moved_applied))
    return difference <= 1e-10 * max(float(np.linalg.norm(applied)), 1e-300)


def _character(state: np.ndarray, image: np.ndarray) -> float:
    """``<psi|P|psi> / <psi|psi>`` if it is +-1 (``psi`` an eigenvector of the permutation P,
    to 1e-12), else 0.0 (the state mixes the symmetry's sectors)."""
    moved = np.empty_like(state)
    moved[image] = state
    overlap = float(np.real(np.vdot(state, moved)) / np.real(np.vdot(state, state)))
    for character in (1.0, -1.0):
        if abs(overlap - character) <= 1e-12:
            return character
    return 0.0


def _group(
    reflection: tuple[np.ndarray, float] | None, translation: tuple[np.ndarray, float] | None
) -> Iterator[tuple[np.ndarray, float]]:
    """The non-identity elements, with their characters, of the group generated by the given
    permutations and characters: ``R``; ``T^k``; or the dihedral ``T^k`` and ``R T^k``, with
    ``chi(R T^k) = chi(R) chi(T)^k``."""
    if translation is None:
        assert reflection is not None
        yield reflection
        return
    shift, step = translation
    identity = np.arange(shift.size)
    power, character = identity, 1.0
    while True:
        if power is not identity:
            yield power, character
        if reflection is not None:
            yield reflection[0][power], reflection[1] * character
        power, character = shift[power], character * step
        if np.array_equal(power, identity):
            return
