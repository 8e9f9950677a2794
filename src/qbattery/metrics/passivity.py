"""Energetic figures of merit of a battery state: energy, ergotropy, antiergotropy, capacity.

Conventions (docs/conventions.md; review article eqs. 3-10 with its sign slips corrected): with the
eigenvalues ``r_i`` of ``rho`` sorted decreasing and the eigenvalues ``e_i`` of ``H`` increasing,

    E(rho) = Tr[H rho] - sum_i r_i e_i                  ergotropy, >= 0     (Allahverdyan et al.,
    A(rho) = sum_i r_i e_{d-1-i} - Tr[H rho]            antiergotropy, >= 0   EPL 67, 565 (2004))
    C(rho) = A + E = sum_i r_i (e_{d-1-i} - e_i)        capacity (Yang et al., PRL 131, 030402)

Every function takes ``rho`` of shape ``(..., d, d)`` (or a ``qutip.Qobj``) and ``h`` of shape
``(d, d)``, and returns a float array of the leading shape ``(...)`` with no loop over the batch.
``spectrum`` makes the passive and active energies degeneracy-aware for states held in a
symmetry-reduced basis (see :class:`qbattery.linalg.LevelSpectrum`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.errors import DimensionError
from qbattery.linalg import (
    Eigenbasis,
    LevelSpectrum,
    density_matrices,
    dephase,
    expectation,
    float_if_scalar,
    hermitian_eigenbasis,
    like_input,
    paired_energy,
    stack_eigvalsh,
)
from qbattery.validation import DEFAULT_ATOL, as_array, operator

__all__ = [
    "Energetics",
    "active_state",
    "antiergotropy",
    "capacity",
    "coherent_ergotropy",
    "energetics",
    "energy",
    "energy_variance",
    "ergotropy",
    "incoherent_ergotropy",
    "passive_state",
]


@dataclass(frozen=True)
class Energetics:
    """All energetic figures of merit of a stack of states, from one diagonalisation.

    Each field has the leading shape ``(...)`` of the states it was computed from: a Python
    float for one state.

    Examples
    --------
    The ``|+>`` state of a qubit with ``H = diag(0, 1)`` (energies in units of the level
    spacing): half a quantum of energy, all of it extractable, and a capacity of one quantum.

    >>> import numpy as np
    >>> import qbattery as qb
    >>> e = qb.energetics(np.full((2, 2), 0.5), np.diag([0.0, 1.0]))
    >>> [round(float(x), 12) for x in (e.energy, e.ergotropy, e.antiergotropy, e.capacity)]
    [0.5, 0.5, 0.5, 1.0]
    """

    energy: float | np.ndarray
    ergotropy: float | np.ndarray
    antiergotropy: float | np.ndarray
    capacity: float | np.ndarray
    passive_energy: float | np.ndarray
    active_energy: float | np.ndarray


def _states(
    rho: Any,
    validate: bool,
    atol: float,
    *,
    spectrum_needed: bool,
    blocks: Sequence[np.ndarray] | None = None,
    eigenvalues: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray | None]:
    """States and their eigenvalues sorted decreasing (the populations of eq. 6), if computed;
    for unvalidated states known to be block diagonal, from the ``blocks`` one by one; or the
    unvalidated states' ``eigenvalues`` given by the caller."""
    if eigenvalues is not None and not validate:
        return as_array(rho, "rho"), -np.sort(-np.asarray(eigenvalues, dtype=float), axis=-1)
    if blocks is not None and not validate and spectrum_needed:
        matrices = as_array(rho, "rho")
        spectra = [stack_eigvalsh(matrices[..., b[:, None], b[None, :]]) for b in blocks]
        outside = matrices.shape[-1] - sum(block.size for block in blocks)
        if outside > 0:  # the states vanish off the blocks: their other eigenvalues are 0
            spectra.append(np.zeros((*matrices.shape[:-2], outside)))
        by_block = np.concatenate(spectra, axis=-1)
        return matrices, -np.sort(-by_block, axis=-1)
    states, eigenvalues = density_matrices(
        rho, "rho", validate=validate, atol=atol, spectrum=spectrum_needed
    )
    return states, (None if eigenvalues is None else eigenvalues[..., ::-1])


def _hamiltonian(h: Any, d: int, validate: bool, atol: float) -> np.ndarray:
    array = operator(h, "h", atol=atol) if validate else as_array(h, "h")
    if array.shape != (d, d):
        raise DimensionError(
            f"h: shape {array.shape} does not match the states' dimension {d}; "
            "pass the Hamiltonian of the same (sub)system as rho"
        )
    return array


def energetics(
    rho: Any,
    h: Any,
    *,
    spectrum: LevelSpectrum | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
    eigenbasis: Eigenbasis | None = None,
    blocks: Sequence[np.ndarray] | None = None,
    eigenvalues: np.ndarray | None = None,
) -> Energetics:
    """Energy, ergotropy, antiergotropy and capacity of ``rho`` with respect to ``h``.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    h : array of shape (d, d) or qutip.Qobj
        Hamiltonian (for a battery: its bare Hamiltonian H_B).
    spectrum : LevelSpectrum, optional
        Full-space levels of ``h`` when ``rho`` and ``h`` are written in a reduced basis of a
        larger space; default: the eigenvalues of ``h`` itself.
    validate : bool
        Check Hermiticity, unit trace and positivity (the latter from the spectrum computed
        anyway). Turn off only in hot loops over states known to be valid.
    atol : float
        Tolerance of those checks.
    eigenbasis : (energies (d,), vectors (d, d)), optional
        ``numpy.linalg.eigh(h)`` if already computed; its energies replace those of ``h``.
    blocks : sequence of index arrays, optional
        With ``validate=False``: disjoint index sets such that every state is block diagonal in
        them and vanishes outside them (a battery in a symmetry sector,
        :class:`qbattery.bases.subspace_trace.SubspaceTrace`); the spectra are taken block by
        block. Ignored when validating.
    eigenvalues : array of shape (..., d), optional
        With ``validate=False``: the states' eigenvalues in any order, when the caller has them
        already (from a symmetry's blocks, :class:`qbattery.bases.reflection.Reflection`); used
        instead of diagonalising ``rho``. Ignored when validating.

    Returns
    -------
    Energetics
        Fields of shape (...).

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> excited = np.diag([0.0, 1.0])            # |e><e| of a qubit with levels 0 and 1
    >>> float(qb.metrics.energetics(excited, np.diag([0.0, 1.0])).ergotropy)
    1.0
    """
    states, populations = _states(
        rho, validate, atol, spectrum_needed=True, blocks=blocks, eigenvalues=eigenvalues
    )
    assert populations is not None
    hamiltonian = _hamiltonian(h, states.shape[-1], validate, atol)
    mean = expectation(hamiltonian, states)
    if spectrum is None:
        levels = (
            np.linalg.eigvalsh(hamiltonian)
            if eigenbasis is None
            else hermitian_eigenbasis(hamiltonian, eigenbasis)[0]
        )
        passive, active = populations @ levels, populations @ levels[::-1]
    else:
        passive = paired_energy(populations, spectrum)
        active = paired_energy(populations, spectrum, highest_first=True)
    return Energetics(
        energy=float_if_scalar(mean),
        ergotropy=float_if_scalar(mean - passive),
        antiergotropy=float_if_scalar(active - mean),
        capacity=float_if_scalar(active - passive),
        passive_energy=float_if_scalar(passive),
        active_energy=float_if_scalar(active),
    )


def energy(
    rho: Any, h: Any, *, validate: bool = True, atol: float = DEFAULT_ATOL
) -> float | np.ndarray:
    """Mean energy ``Tr[H rho]`` (review eq. 3 with H the battery's bare Hamiltonian H_B).

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
    h : array of shape (d, d) or qutip.Qobj

    Returns
    -------
    array of shape (...)

    Examples
    --------
    Mean energy of ``|+>`` with ``h = diag(0, 1)``, in units of the level spacing:

    >>> import numpy as np
    >>> from qbattery.metrics import energy
    >>> round(float(energy(np.full((2, 2), 0.5), np.diag([0.0, 1.0]))), 12)
    0.5
    """
    states, _ = _states(rho, validate, atol, spectrum_needed=False)
    return float_if_scalar(expectation(_hamiltonian(h, states.shape[-1], validate, atol), states))


def energy_variance(
    rho: Any, h: Any, *, validate: bool = True, atol: float = DEFAULT_ATOL
) -> float | np.ndarray:
    """Energy variance ``Tr[H^2 rho] - Tr[H rho]^2`` (review sec. 2.2.2, ``Delta E^2``).

    Returns
    -------
    array of shape (...)

    Examples
    --------
    ``|+>`` with ``h = diag(0, 1)`` has ``<H^2> - <H>^2 = 0.5 - 0.25`` (energy squared, in units of
    the level spacing squared):

    >>> import numpy as np
    >>> from qbattery.metrics import energy_variance
    >>> round(float(energy_variance(np.full((2, 2), 0.5), np.diag([0.0, 1.0]))), 12)
    0.25
    """
    states, _ = _states(rho, validate, atol, spectrum_needed=False)
    hamiltonian = _hamiltonian(h, states.shape[-1], validate, atol)
    return float_if_scalar(
        expectation(hamiltonian @ hamiltonian, states) - expectation(hamiltonian, states) ** 2
    )


def ergotropy(
    rho: Any,
    h: Any,
    *,
    spectrum: LevelSpectrum | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> float | np.ndarray:
    """Ergotropy ``Tr[H rho] - sum_i r_i e_i`` (review eqs. 4-7; Allahverdyan et al. 2004).

    The maximal energy a cyclic unitary can extract. See :func:`energetics` for the parameters.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    The excited qubit stores one extractable quantum (units of the level spacing of ``h``); a stack
    of states gives one value per state:

    >>> import numpy as np
    >>> from qbattery.metrics import ergotropy
    >>> h = np.diag([0.0, 1.0])
    >>> float(ergotropy(np.diag([0.0, 1.0]), h))
    1.0
    >>> ergotropy(np.array([np.diag([1.0, 0.0]), np.diag([0.25, 0.75])]), h)
    array([0. , 0.5])
    """
    return energetics(rho, h, spectrum=spectrum, validate=validate, atol=atol).ergotropy


def antiergotropy(
    rho: Any,
    h: Any,
    *,
    spectrum: LevelSpectrum | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> float | np.ndarray:
    """Antiergotropy ``sum_i r_i e_{d-1-i} - Tr[H rho]`` >= 0, the maximal energy a unitary can add.

    The review's eq. 8 has the opposite sign; docs/conventions.md, "Units and signs", and
    Yang et al., PRL 131, 030402 (2023) give this non-negative form. See
    :func:`energetics` for the parameters.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    A qubit in its ground state can take one quantum (units of the level spacing of ``h``), one
    in its excited state none:

    >>> import numpy as np
    >>> from qbattery.metrics import antiergotropy
    >>> h = np.diag([0.0, 1.0])
    >>> float(antiergotropy(np.diag([1.0, 0.0]), h)), float(antiergotropy(np.diag([0.0, 1.0]), h))
    (1.0, 0.0)
    """
    return energetics(rho, h, spectrum=spectrum, validate=validate, atol=atol).antiergotropy


def capacity(
    rho: Any,
    h: Any,
    *,
    spectrum: LevelSpectrum | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> float | np.ndarray:
    """Capacity ``C = A + E = Tr[H rho_up] - Tr[H rho_down]`` (Yang et al., PRL 131, 030402).

    Depends only on the spectrum of ``rho``, so it is invariant under unitaries applied to it.
    See :func:`energetics` for the parameters.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    For ``rho = diag(0.75, 0.25)`` and ``h = diag(0, 1)``: ``C = 0.75 (1 - 0) + 0.25 (0 - 1) = 0.5``
    (energy in units of the level spacing).

    >>> import numpy as np
    >>> from qbattery.metrics import capacity
    >>> float(capacity(np.diag([0.75, 0.25]), np.diag([0.0, 1.0])))
    0.5
    """
    return energetics(rho, h, spectrum=spectrum, validate=validate, atol=atol).capacity


def _ordered_state(rho: Any, h: Any, validate: bool, atol: float, *, active: bool) -> Any:
    states, populations = _states(rho, validate, atol, spectrum_needed=True)
    assert populations is not None
    hamiltonian = _hamiltonian(h, states.shape[-1], validate, atol)
    _, vectors = np.linalg.eigh(hamiltonian)
    if active:
        vectors = vectors[:, ::-1]
    return like_input((vectors * populations[..., None, :]) @ np.conj(vectors.T), rho)


def passive_state(rho: Any, h: Any, *, validate: bool = True, atol: float = DEFAULT_ATOL) -> Any:
    """Passive state ``sum_i r_i |e_i><e_i|``: populations decreasing as energy increases (eq. 6).

    Not unique when ``h`` is degenerate; its energy is. Returns an array of shape (..., d, d),
    or a ``qutip.Qobj`` with the dims of ``rho`` when ``rho`` is one.

    Examples
    --------
    The passive state of an excited qubit is its ground state:

    >>> import numpy as np
    >>> from qbattery.metrics import passive_state
    >>> np.round(passive_state(np.diag([0.0, 1.0]), np.diag([0.0, 1.0])).real, 12)
    array([[1., 0.],
           [0., 0.]])
    """
    return _ordered_state(rho, h, validate, atol, active=False)


def active_state(rho: Any, h: Any, *, validate: bool = True, atol: float = DEFAULT_ATOL) -> Any:
    """Active state ``sum_i r_i |e_{d-1-i}><e_{d-1-i}|``: the largest population on the top level.

    Returns an array of shape (..., d, d), or a ``qutip.Qobj`` with the dims of ``rho`` when
    ``rho`` is one.

    Examples
    --------
    The active state of the ground state of a qubit puts all the population on the top level:

    >>> import numpy as np
    >>> from qbattery.metrics import active_state
    >>> np.round(active_state(np.diag([1.0, 0.0]), np.diag([0.0, 1.0])).real, 12)
    array([[0., 0.],
           [0., 1.]])
    """
    return _ordered_state(rho, h, validate, atol, active=True)


def incoherent_ergotropy(
    rho: Any,
    h: Any,
    *,
    spectrum: LevelSpectrum | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
    eigenbasis: Eigenbasis | None = None,
) -> float | np.ndarray:
    """Incoherent ergotropy: the ergotropy of the state dephased in the eigenbasis of ``h``.

    ``E_i(rho) = E(D(rho))`` with ``D(rho) = sum_k P_k rho P_k`` over the energy eigenspaces of
    ``h``; ``Tr[H D(rho)] = Tr[H rho]``. Francica et al., PRL 125, 180603 (2020); review sec. 4.
    ``spectrum`` and ``eigenbasis`` as in :func:`energetics` (full-space levels for reduced
    bases; ``numpy.linalg.eigh(h)`` if already computed, which also dephases).

    Returns
    -------
    array of shape (...)

    Examples
    --------
    ``diag(0.25, 0.75)`` has ``0.75 - 0.25 = 0.5`` incoherent ergotropy; ``|+>`` has none
    (units of the level spacing of ``h``):

    >>> import numpy as np
    >>> from qbattery.metrics import incoherent_ergotropy
    >>> h = np.diag([0.0, 1.0])
    >>> float(incoherent_ergotropy(np.diag([0.25, 0.75]), h))
    0.5
    >>> round(float(incoherent_ergotropy(np.full((2, 2), 0.5), h)), 12)
    0.0
    """
    states, _ = _states(rho, validate, atol, spectrum_needed=False)
    hamiltonian = _hamiltonian(h, states.shape[-1], validate, atol)
    dephased = dephase(states, hamiltonian, eigenbasis=eigenbasis)
    return energetics(
        dephased, hamiltonian, spectrum=spectrum, validate=False, eigenbasis=eigenbasis
    ).ergotropy


def coherent_ergotropy(
    rho: Any,
    h: Any,
    *,
    spectrum: LevelSpectrum | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> float | np.ndarray:
    """Coherent ergotropy ``E_c = E - E_i``: the part of the ergotropy carried by coherences.

    Francica et al., PRL 125, 180603 (2020). Returns an array of shape (...).

    Examples
    --------
    All the ergotropy ``0.5`` of ``|+>`` (units of the level spacing) sits in its coherence: the
    dephased state ``diag(0.5, 0.5)`` is passive.

    >>> import numpy as np
    >>> from qbattery.metrics import coherent_ergotropy
    >>> round(float(coherent_ergotropy(np.full((2, 2), 0.5), np.diag([0.0, 1.0]))), 12)
    0.5
    """
    states, _ = _states(rho, validate, atol, spectrum_needed=False)
    hamiltonian = _hamiltonian(h, states.shape[-1], validate, atol)
    total = ergotropy(states, hamiltonian, spectrum=spectrum, validate=False)
    return total - incoherent_ergotropy(states, hamiltonian, spectrum=spectrum, validate=False)
