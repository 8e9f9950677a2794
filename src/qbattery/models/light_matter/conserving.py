"""Light-matter batteries that conserve an excitation number, built in the sectors they occupy.

A rotating-wave model's Hamiltonian is a sum of product terms ``c A (x) B`` (A on the charger
modes, B on the atoms) that all conserve an excitation number ``Q = Q_C(r) + Q_B(b)``: photons
plus atomic excitations for Tavis-Cummings and Jaynes-Cummings, ``a^dagger a + 2 sigma_+
sigma_-`` for two-photon absorption, the pair ``(a^dagger a + sigma_+ sigma_-, b^dagger b +
sigma_+ sigma_-)`` for the two-mode cell. The terms are written once and rendered either on the
product space (``space="full"``) or, by default, on the direct sum of the sectors of fixed Q that
the initial state occupies (``space="sector"``), without building the product space
(:func:`qbattery.bases.sectors.restrict_product_terms`). The rendering is exact: the sectors are
invariant and hold the whole initial state, so every charging curve agrees with the product
space to round-off.

Which sectors
-------------
A charger in a Fock state with the atoms in a state of definite excitation number (all in
``|g>``, a Dicke state) occupies one sector: for Tavis-Cummings from ``|n>|k0>`` the
``min(n + k0, N) + 1`` states ``|n + k0 - k>|k>``. A coherent or squeezed charger is a
superposition of photon numbers, a thermal one a mixture, and superposed atoms (GHZ,
spin-coherent) a superposition of excitation numbers: the state then occupies every sector
``q = Q_C(r) + Q_B(b)`` of its non-zero amplitudes, each an invariant block
(:class:`~qbattery.bases.sectors.ExcitationSector` with ``block_sizes``), and
:func:`qbattery.charge` propagates the blocks separately (``method="sectors"``). The energy,
power and populations of ``H_B`` are sums over the blocks; the reduced battery state is
``M^T conj(M)`` with ``M[r, b]`` the amplitudes of all blocks together, so the coherences between
sectors (which change the ergotropy) are kept (:mod:`qbattery.bases.sectors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.bases.sectors import ExcitationSector, restrict_product_terms, sector_labels
from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.light_matter.cavity import (
    MAX_MIXED_DIMENSION,
    CavityAtoms,
    initial_product,
    kron,
)

__all__ = ["SPACES", "Term", "conserving_battery", "full_hamiltonian"]

#: Valid ``space`` values of the excitation-conserving models.
SPACES = ("sector", "full")

#: ``(coefficient, A, B)``: the term ``coefficient * A (x) B``, A on the charger modes (their
#: product space), B on the atoms.
Term = tuple[float, sp.csr_matrix, sp.csr_matrix]


def full_hamiltonian(terms: Sequence[Term]) -> sp.csr_matrix:
    """``sum_t c_t A_t (x) B_t`` on the product space charger x atoms.

    Examples
    --------
    ``1 * diag(0, 1) (x) 1 + 2 * 1 (x) diag(0, 1)``:

    >>> import numpy as np
    >>> from qbattery.models.light_matter.conserving import full_hamiltonian
    >>> terms = [(1.0, np.diag([0.0, 1.0]), np.eye(2)), (2.0, np.eye(2), np.diag([0.0, 1.0]))]
    >>> full_hamiltonian(terms).diagonal().real
    array([0., 2., 1., 3.])
    """
    return sp.csr_matrix(sum(c * kron(a, b) for c, a, b in terms))


def check_space(space: Any) -> str:
    if space not in SPACES:
        raise QBatteryValueError(
            f"space: unknown value {space!r}; use 'sector' (the excitation sectors of the "
            "initial state, the default) or 'full' (the product space charger x atoms)"
        )
    return str(space)


def conserving_battery(
    setup: CavityAtoms,
    name: str,
    terms: Sequence[Term],
    modes: list[tuple[int, np.ndarray]],
    extra: dict[str, Any],
    *,
    charger_charges: np.ndarray,
    battery_charges: np.ndarray,
    space: Any,
    keep: tuple[str, ...] | None = None,
) -> Battery:
    """The battery of an excitation-conserving model, in its sectors or on the product space.

    Parameters
    ----------
    setup : CavityAtoms
        The validated common arguments (atoms, their state, frequencies, record).
    name : str
        Model name.
    terms : sequence of Term
        The Hamiltonian, term by term, on charger modes x atoms.
    modes : list of (cutoff, state)
        Each charger mode's cut-off and initial state (ket or density matrix), in the order of
        the product space the terms' A act on.
    extra : dict
        Parameters recorded after the common ones (and ``keep`` as in
        :meth:`CavityAtoms.battery_on_modes`); ``space`` is recorded last.
    charger_charges : int array (d_C,) or (d_C, c)
        The conserved number(s) carried by each charger product state.
    battery_charges : int array (d_B,) or (d_B, c)
        The conserved number(s) carried by each atom basis state.
    space : {"sector", "full"}
        Where to build the battery (module docstring).

    Examples
    --------
    The Tavis-Cummings battery of two atoms with two photons, built by
    :func:`~qbattery.models.light_matter.dicke.rotating_wave_battery` through this function, in its
    excitation sector (three states: 2, 1, 0 photons) or on the product space (3 x 3):

    >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
    >>> from qbattery.models.light_matter.dicke import rotating_wave_battery
    >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
    >>> rotating_wave_battery("tc", setup, "sector").dimension
    3
    >>> rotating_wave_battery("tc", setup, "full").dimension
    9
    """
    chosen = check_space(space)
    kept = None if keep is None else (*keep, "space")
    record = {**extra, "space": chosen}
    if chosen == "full":
        return setup.battery_on_modes(name, full_hamiltonian(terms), modes, record, keep=kept)
    charger = initial_product([state for _, state in modes], "charger")
    charger_codes, battery_codes = _codes(charger_charges, battery_charges)
    sectors = _occupied(charger, charger_codes, setup.atom_ket, battery_codes)
    r, b, sizes = sector_labels(charger_codes, battery_codes, sectors)
    d_b = setup.space.dimension
    if charger.ndim == 1:
        initial = charger[r] * setup.atom_ket[b]
    else:
        if r.size > MAX_MIXED_DIMENSION:
            raise QBatteryValueError(
                f"charger: a mixed (thermal) initial state on the {r.size} states of its "
                f"{len(sizes)} excitation sectors needs a dense {r.size} x {r.size} density "
                f"matrix, beyond the {MAX_MIXED_DIMENSION} dimensions built; use a pure "
                "charger, fewer photons or fewer atoms"
            )
        atoms = setup.atom_ket[b]
        initial = charger[np.ix_(r, r)] * np.outer(atoms, np.conj(atoms))
    return Battery(
        restrict_product_terms(terms, r, b, d_b),
        setup.space.battery_hamiltonian(setup.omega_a),
        initial,
        sector=ExcitationSector(b, d_b, charger_index=r, block_sizes=sizes),
        battery_spectrum=setup.space.spectrum(setup.omega_a),
        name=name,
        parameters=setup.record(record, keep=kept),
    )


def _codes(charger_charges: np.ndarray, battery_charges: np.ndarray) -> tuple[np.ndarray, ...]:
    """One integer per state whose sums tell sectors apart: ``sum_i Q_i R^i``-like codes.

    Several conserved numbers ``(Q_1, ..., Q_c)`` are packed with radices larger than any sum of
    a charger's and a battery state's ``Q_i``, so that ``code(r) + code(b)`` determines the
    sector.
    """
    charger = np.asarray(charger_charges, dtype=np.int64).reshape(len(charger_charges), -1)
    battery = np.asarray(battery_charges, dtype=np.int64).reshape(len(battery_charges), -1)
    radices = charger.max(axis=0) + battery.max(axis=0) + 1
    weights = np.concatenate([[1], np.cumprod(radices[:-1])]).astype(np.int64)
    return charger @ weights, battery @ weights


def _occupied(
    charger: np.ndarray, charger_codes: np.ndarray, atoms: np.ndarray, battery_codes: np.ndarray
) -> list[int]:
    """The sectors (codes) in which the product initial state has non-zero weight, increasing."""
    charger_weights = np.abs(charger) ** 2 if charger.ndim == 1 else np.real(np.diag(charger))
    charger_present = np.unique(charger_codes[charger_weights > 0])
    battery_present = np.unique(battery_codes[np.abs(atoms) > 0])
    return [int(q) for q in np.unique(np.add.outer(charger_present, battery_present))]
