"""N two-level atoms of a cavity model: the symmetric Dicke subspace or the full product space.

Package-internal, like :mod:`qbattery.models.light_matter.cavity`, which builds every cavity
model's atoms with :func:`atoms`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.bases.symmetric import symmetric_level_spectrum
from qbattery.errors import QBatteryValueError
from qbattery.linalg import LevelSpectrum
from qbattery.models.ladders import collective_spin, collective_spin_full
from qbattery.models.light_matter.states import (
    popcount,
)
from qbattery.validation import (
    positive_int,
)

__all__ = ["BASES", "MAX_FULL_ATOMS", "Atoms", "atoms"]

#: Valid ``basis`` values of the N-atom models.
BASES = ("symmetric", "full")

#: Most atoms held in the full 2**N product space (2**10 = 1024 times the cavity dimension).
MAX_FULL_ATOMS = 10


@dataclass(frozen=True)
class Atoms:
    """N two-level atoms in the symmetric subspace or the full product space.

    Examples
    --------
    Two atoms in the symmetric subspace: ``k = 0, 1, 2`` excitations, the middle level twice
    degenerate on the full space (energies in units of omega_a):

    >>> from qbattery.models.light_matter.atoms import Atoms
    >>> pair = Atoms(2, "symmetric")
    >>> pair.dimension, pair.spectrum(1.0).multiplicities
    (3, array([1., 2., 1.]))
    """

    n: int
    basis: str

    @property
    def dimension(self) -> int:
        return self.n + 1 if self.basis == "symmetric" else 2**self.n

    @property
    def dims(self) -> list[int]:
        return [self.n + 1] if self.basis == "symmetric" else [2] * self.n

    def spin(self, component: str) -> sp.csr_matrix:
        """Collective ``J_component`` in this basis.

        Examples
        --------
        >>> from qbattery.models.light_matter.atoms import Atoms
        >>> Atoms(2, "symmetric").spin("z").diagonal().real
        array([-1.,  0.,  1.])
        """
        if self.basis == "symmetric":
            return collective_spin(self.n, component)
        return collective_spin_full(self.n, component)

    def excitations(self) -> np.ndarray:
        """Number of excited atoms of each basis state.

        Examples
        --------
        >>> from qbattery.models.light_matter.atoms import Atoms
        >>> Atoms(2, "symmetric").excitations(), Atoms(2, "full").excitations()
        (array([0, 1, 2]), array([0, 1, 1, 2]))
        """
        if self.basis == "symmetric":
            return np.arange(self.n + 1, dtype=np.int64)
        return popcount(np.arange(2**self.n, dtype=np.int64), self.n)

    def battery_hamiltonian(self, omega_a: float) -> sp.csr_matrix:
        """``H_B = omega_a (J_z + N/2) = omega_a sum_i sigma_+^i sigma_-^i`` (diagonal).

        Examples
        --------
        >>> from qbattery.models.light_matter.atoms import Atoms
        >>> Atoms(2, "full").battery_hamiltonian(1.0).diagonal().real
        array([0., 1., 1., 2.])
        """
        diagonal = omega_a * self.excitations().astype(np.float64)
        return sp.csr_matrix(sp.diags_array(diagonal), dtype=np.complex128)

    def spectrum(self, omega_a: float) -> LevelSpectrum | None:
        """Full-space levels of ``H_B`` for the symmetric basis; None in the full basis.

        Examples
        --------
        >>> from qbattery.models.light_matter.atoms import Atoms
        >>> Atoms(2, "symmetric").spectrum(1.0).levels, Atoms(2, "full").spectrum(1.0) is None
        (array([0., 1., 2.]), True)
        """
        return symmetric_level_spectrum(self.n, omega_a) if self.basis == "symmetric" else None


def atoms(n_atoms: Any, basis: Any) -> Atoms:
    """The atom space of ``n_atoms`` in ``basis``, both checked.

    Examples
    --------
    >>> from qbattery.models.light_matter.atoms import atoms
    >>> atoms(3, "symmetric").dimension, atoms(3, "full").dimension
    (4, 8)
    >>> atoms(11, "full")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: n_atoms: 11 atoms in the full basis need ...
    """
    n = positive_int(n_atoms, "n_atoms")
    if basis not in BASES:
        raise QBatteryValueError(
            f"basis: unknown basis {basis!r}; use 'symmetric' (Dicke subspace, dimension N + 1) "
            "or 'full' (2**N product space)"
        )
    if basis == "full" and n > MAX_FULL_ATOMS:
        raise QBatteryValueError(
            f"n_atoms: {n} atoms in the full basis need a 2**{n}-dimensional atom space, beyond "
            f"the {MAX_FULL_ATOMS} atoms built; use basis='symmetric'"
        )
    return Atoms(n, basis)
