"""Symmetric states of a chain of identical sites under site reflection and translation.

A site permutation ``sigma`` acts on the product basis as ``P |s_0 ... s_{n-1}> = |s'>`` with
``s'_{sigma(k)} = s_k``. For a group G of them (the reflection ``k -> n-1-k`` of an open chain,
or with the translations ``k -> k+1 mod n`` of a ring the dihedral group of 2n elements), the
states invariant under every ``P_g`` are spanned by one normalised orbit sum per orbit ``O`` of
basis states,

    |O> = |O|^(-1/2) sum_{s in O} |s>,

and an operator A commuting with every ``P_g`` keeps them invariant, with matrix elements

    <O|A|O'> = sqrt(|O| / |O'|) sum_{s' in O'} <r_O|A|s'>      (r_O: any one state of O),

read off the rows of one representative per orbit (the sum is the same for every ``s in O``):
no basis-change matrix is formed. About ``d / |G|`` orbits: half the space for an open chain,
``1 / 2n`` of it for a ring (Sandvik, AIP Conf. Proc. 1297, 135 (2010), sec. 4).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = ["SymmetricOrbits", "site_permutation_image"]


def site_permutation_image(site_dimension: int, sigma: Sequence[int]) -> np.ndarray:
    """``image[s]``: the index of ``P |s>`` for the site permutation ``sigma`` (site k moves to
    position ``sigma[k]``), on ``site_dimension ** n`` basis states (site 0 most significant,
    as in ``kron``).

    Examples
    --------
    Reflecting two qubits swaps ``|01>`` (index 1) and ``|10>`` (index 2):

    >>> from qbattery.bases.site_symmetry import site_permutation_image
    >>> site_permutation_image(2, [1, 0])
    array([0, 2, 1, 3])
    """
    n = len(sigma)
    strides = site_dimension ** np.arange(n - 1, -1, -1, dtype=np.int64)
    states = np.arange(site_dimension**n, dtype=np.int64)
    image = np.zeros_like(states)
    for k in range(n):
        image += (states // strides[k]) % site_dimension * strides[sigma[k]]
    return image


@dataclass(frozen=True)
class SymmetricOrbits:
    """The orbits of the basis states under a group of site permutations, and the states that
    transform by a one-dimensional character ``chi(g) = +-1`` of the group.

    Attributes
    ----------
    orbit : ndarray of int, shape (d,)
        Orbit index of each basis state (orbits numbered by their smallest state).
    representatives : ndarray of int, shape (m,)
        The smallest state of each orbit.
    sizes : ndarray of int, shape (m,)
        Number of states in each orbit.
    phases : ndarray of float, shape (d,)
        ``chi(g)`` for the element taking a state's representative to it.
    kept : ndarray of int, shape (m,)
        Index of each orbit's state ``|O, chi> = |O|^(-1/2) sum_{s in O} phase(s) |s>`` in the
        sector, or -1 if the orbit holds none (an element fixing its states has ``chi = -1``:
        the sum vanishes).

    Examples
    --------
    The reflection-odd states of four qubits: one per orbit of two, ``(|s> - |R s>)/sqrt 2``.

    >>> from qbattery.bases.site_symmetry import SymmetricOrbits, site_permutation_image
    >>> mirror = site_permutation_image(2, [3, 2, 1, 0])
    >>> odd = SymmetricOrbits.of(lambda: [(mirror, -1.0)])
    >>> odd.dimension, int((odd.sizes == 2).sum())
    (6, 6)
    """

    orbit: np.ndarray
    representatives: np.ndarray
    sizes: np.ndarray
    phases: np.ndarray
    kept: np.ndarray

    @classmethod
    def of(cls, elements: Callable[[], Iterable[tuple[np.ndarray, float]]]) -> SymmetricOrbits:
        """Orbits under the group whose non-identity elements ``elements()`` yields, each as a
        permutation (:func:`site_permutation_image`) with its character ``+-1``: an orbit is
        labelled by its smallest state ``min_g g(s)``; a second pass gives every state its
        phase and drops the orbits where two elements reaching the same state disagree.

        Examples
        --------
        Three qubits under reflection: ``|001>`` and ``|100>`` form an orbit, ``|010>`` is
        fixed; 6 orbits of 8 states, all holding an even state, two an odd one.

        >>> from qbattery.bases.site_symmetry import SymmetricOrbits, site_permutation_image
        >>> mirror = site_permutation_image(2, [2, 1, 0])
        >>> even = SymmetricOrbits.of(lambda: [(mirror, 1.0)])
        >>> even.representatives, even.sizes, even.dimension
        (array([0, 1, 2, 3, 5, 7]), array([1, 2, 1, 2, 1, 1]), 6)
        >>> SymmetricOrbits.of(lambda: [(mirror, -1.0)]).dimension
        2
        """
        smallest: np.ndarray | None = None
        for image, _ in elements():
            smallest = image.copy() if smallest is None else np.minimum(smallest, image)
        if smallest is None:
            raise ValueError("elements: give at least one group element")
        smallest = np.minimum(smallest, np.arange(smallest.size))
        representatives, orbit, sizes = np.unique(smallest, return_inverse=True, return_counts=True)
        phases = np.zeros(smallest.size)
        phases[representatives] = 1.0
        consistent = np.ones(representatives.size, dtype=bool)
        for image, character in elements():
            targets = image[representatives]  # the i-th lies in orbit i
            existing = phases[targets]
            consistent &= (existing == 0.0) | (existing == character)
            phases[targets] = np.where(existing == 0.0, character, existing)
        kept = np.full(representatives.size, -1)
        kept[consistent] = np.arange(int(consistent.sum()))
        return cls(orbit, representatives, sizes, phases, kept)

    @property
    def dimension(self) -> int:
        """Number of states ``|O, chi>``: the dimension of the sector."""
        return int(np.count_nonzero(self.kept >= 0))

    def restrict(self, operator: sp.spmatrix) -> sp.csr_matrix:
        """``<O, chi|A|O', chi>`` for an operator commuting with the group (not checked here),
        ``sqrt(|O| / |O'|) sum_{s' in O'} phase(s') <r_O|A|s'>`` from the representatives'
        rows; made exactly Hermitian if ``A`` is (to round-off).

        Examples
        --------
        ``sigma_x (x) 1 + 1 (x) sigma_x`` on the reflection-symmetric states of two qubits
        ``|00>, (|01> + |10>)/sqrt 2, |11>``:

        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.bases.site_symmetry import SymmetricOrbits, site_permutation_image
        >>> orbits = SymmetricOrbits.of(lambda: [(site_permutation_image(2, [1, 0]), 1.0)])
        >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
        >>> a = sp.csr_matrix(np.kron(sx, np.eye(2)) + np.kron(np.eye(2), sx))
        >>> np.round(orbits.restrict(a).toarray() ** 2, 12)
        array([[0., 2., 0.],
               [2., 0., 2.],
               [0., 2., 0.]])
        """
        held = np.flatnonzero(self.kept >= 0)
        rows = sp.csr_matrix(operator)[self.representatives[held]].tocoo()
        columns = self.orbit[rows.col]
        inside = self.kept[columns] >= 0
        row, column = rows.row[inside], columns[inside]
        scale = np.sqrt(self.sizes[held[row]] / self.sizes[column])
        values = rows.data[inside] * scale * self.phases[rows.col[inside]]
        m = self.dimension
        restricted = sp.csr_matrix((values, (row, self.kept[column])), shape=(m, m))
        return sp.csr_matrix((restricted + restricted.conj().T) * 0.5)

    def coordinates(self, ket: np.ndarray) -> tuple[np.ndarray, float]:
        """``<O, chi|psi>`` for every state of the sector, and the norm of the part of ``psi``
        outside it (zero for a ket that transforms by ``chi``).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.site_symmetry import SymmetricOrbits, site_permutation_image
        >>> orbits = SymmetricOrbits.of(lambda: [(site_permutation_image(2, [1, 0]), 1.0)])
        >>> coordinates, outside = orbits.coordinates(np.array([0.0, 1.0, 1.0, 0.0]) / np.sqrt(2))
        >>> np.round(coordinates, 12), round(outside, 12)
        (array([0., 1., 0.]), 0.0)
        """
        sums = np.zeros(self.representatives.size, dtype=np.result_type(ket, np.float64))
        np.add.at(sums, self.orbit, self.phases * ket)
        held = self.kept >= 0
        amplitudes = np.where(held, sums / np.sqrt(self.sizes), 0.0)
        projected = (amplitudes / np.sqrt(self.sizes))[self.orbit] * self.phases
        return amplitudes[held], float(np.linalg.norm(ket - projected))
