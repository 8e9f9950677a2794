"""The mirror reflection of a chain of identical sites and the two blocks it splits states into.

Reversing the order of ``n`` identical sites, ``R |s_1 s_2 ... s_n> = |s_n ... s_2 s_1>``, is a
permutation of the product basis with ``R^2 = 1``. A state that commutes with it,
``R rho R = rho`` (a uniform open chain charged and damped uniformly from a mirror-symmetric
start), is block diagonal in the even and odd combinations

    |e_s> = (|s> + |R s>) / sqrt(2)   (|s> itself when R s = s),
    |o_s> = (|s> - |R s>) / sqrt(2)   (only when R s != s),

one per pair ``{s, R s}``. Its spectrum is the union of the two blocks' spectra, which costs
about a quarter of diagonalising the whole matrix (``d_e^3 + d_o^3`` with ``d_e + d_o = d``,
``d_e ~ d_o ~ d/2``). Pure index arithmetic: no basis-change matrix is formed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qbattery.errors import DimensionError
from qbattery.linalg import stack_eigvalsh

__all__ = ["Reflection", "spectra_of_blocks"]


@dataclass(frozen=True)
class Reflection:
    """The site reflection of a chain of ``n >= 2`` identical sites of dimension ``d_site``.

    Attributes
    ----------
    permutation : ndarray of int, shape (d,)
        ``R |s> = |permutation[s]>``, with ``d = d_site ** n``.
    representatives, partners : ndarray of int
        One basis state ``s`` of each orbit ``{s, R s}`` (the smaller index) and ``R s``.
    fixed : ndarray of bool
        Whether ``R s = s`` (an orbit of one state, even only).

    Examples
    --------
    Three qubits: ``|001> = 1`` and ``|100> = 4`` swap, the palindromes stay.

    >>> from qbattery.bases.reflection import Reflection
    >>> reflection = Reflection.of_sites([2, 2, 2])
    >>> reflection.permutation.tolist()
    [0, 4, 2, 6, 1, 5, 3, 7]
    >>> reflection.block_dimensions
    (6, 2)
    """

    permutation: np.ndarray
    representatives: np.ndarray
    partners: np.ndarray
    fixed: np.ndarray

    @classmethod
    def of_sites(cls, dims: Sequence[int]) -> Reflection:
        """The reflection of the product basis of sites with dimensions ``dims`` (all equal).

        Examples
        --------
        >>> from qbattery.bases.reflection import Reflection
        >>> Reflection.of_sites([3, 3]).permutation.tolist()
        [0, 3, 6, 1, 4, 7, 2, 5, 8]
        >>> Reflection.of_sites([2, 3])
        Traceback (most recent call last):
            ...
        qbattery.errors.DimensionError: dims: sites of dimensions [2, 3] are not identical; a reflection maps identical sites onto each other
        """  # noqa: E501
        sizes = [int(size) for size in dims]
        if len(sizes) < 2 or len(set(sizes)) != 1 or sizes[0] < 2:
            raise DimensionError(
                f"dims: sites of dimensions {sizes} are not identical; a reflection maps "
                "identical sites onto each other"
                if len(set(sizes)) > 1
                else f"dims: {sizes} is not a chain of at least two sites of dimension >= 2"
            )
        indices = np.arange(int(np.prod(sizes))).reshape(sizes)
        permutation = np.ascontiguousarray(indices.transpose(range(len(sizes))[::-1])).ravel()
        states = np.arange(permutation.size)
        keep = states <= permutation
        return cls(
            permutation=permutation,
            representatives=states[keep],
            partners=permutation[keep],
            fixed=(states == permutation)[keep],
        )

    @property
    def block_dimensions(self) -> tuple[int, int]:
        """Dimensions ``(d_e, d_o)`` of the even and odd blocks.

        Examples
        --------
        >>> from qbattery.bases.reflection import Reflection
        >>> Reflection.of_sites([2] * 8).block_dimensions
        (136, 120)
        """
        odd = int(np.count_nonzero(~self.fixed))
        return (self.representatives.size, odd)

    def asymmetry(self, states: np.ndarray) -> np.ndarray:
        """``||rho - R rho R||_F`` of each state of a stack ``(..., d, d)``.

        By Weyl's inequality the eigenvalues of the symmetrised ``(rho + R rho R) / 2``, which
        :meth:`spectra` gives, differ from those of ``rho`` by at most half of this.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.reflection import Reflection
        >>> reflection = Reflection.of_sites([2, 2])
        >>> ket = np.array([0.0, 1.0, 0.0, 0.0])               # |01>: not mirror symmetric
        >>> round(float(reflection.asymmetry(np.outer(ket, ket))), 12)   # ||P_01 - P_10||_F
        1.414213562373
        """
        return self.split(states)[2]

    def blocks(self, states: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The even and odd blocks ``(..., d_e, d_e)``, ``(..., d_o, d_o)`` of the symmetrised
        states ``(rho + R rho R) / 2``.

        Examples
        --------
        The Bell state ``(|01> + |10>)/sqrt 2`` is the even combination of the pair ``{01, 10}``:

        >>> import numpy as np
        >>> from qbattery.bases.reflection import Reflection
        >>> ket = np.array([0.0, 1.0, 1.0, 0.0]) / np.sqrt(2.0)
        >>> even, odd = Reflection.of_sites([2, 2]).blocks(np.outer(ket, ket))
        >>> np.round(np.diag(even).real, 12).tolist(), np.round(odd.real, 12).tolist()
        ([0.0, 1.0, 0.0], [[0.0]])
        """
        even, odd, _ = self.split(states)
        return even, odd

    def split(self, states: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The even and odd blocks of the symmetrised states and their asymmetry, in one pass.

        With ``r = R s`` and ``n = 2`` for a fixed state, ``sqrt 2`` otherwise,
        ``<e_a|rho|e_b> = (rho_{s_a s_b} + rho_{s_a r_b} + rho_{r_a s_b} + rho_{r_a r_b}) /
        (n_a n_b)``; the odd block takes the signs ``+ - - +``, and the even-odd block
        ``X = <e|rho|o>`` (signs ``- + - +`` up to its normalisation) is what ``R`` flips:
        ``||rho - R rho R||_F = 2 sqrt(2) ||X||_F``.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.bases.reflection import Reflection
        >>> reflection = Reflection.of_sites([2, 2, 2])
        >>> rho = np.diag(np.arange(8.0)) / 28.0             # not mirror symmetric
        >>> p = reflection.permutation
        >>> mirrored = rho[np.ix_(p, p)]
        >>> even, odd, asymmetry = reflection.split(rho)
        >>> bool(np.isclose(asymmetry, np.linalg.norm(rho - mirrored)))
        True
        """
        s, r, pair = self.representatives, self.partners, ~self.fixed
        ss, rr = states[..., s[:, None], s[None, :]], states[..., r[:, None], r[None, :]]
        sr, rs = states[..., s[:, None], r[None, :]], states[..., r[:, None], s[None, :]]
        norm = np.where(self.fixed, 2.0, np.sqrt(2.0))
        diagonal, anti = ss + rr, sr + rs
        even = (diagonal + anti) / np.outer(norm, norm)
        odd = (diagonal[..., pair, :][..., :, pair] - anti[..., pair, :][..., :, pair]) / 2.0
        cross = (ss[..., pair] - rr[..., pair] - sr[..., pair] + rs[..., pair]) / norm[:, None]
        asymmetry = 2.0 * np.linalg.norm(cross, axis=(-2, -1))
        return even, odd, np.asarray(asymmetry)

    def spectra(self, states: np.ndarray) -> np.ndarray:
        """Eigenvalues (increasing) of the symmetrised states, from the two blocks, ``(..., d)``.

        Within ``asymmetry / 2`` of the eigenvalues of the states themselves (Weyl).

        Examples
        --------
        A mirror-symmetric two-qubit state against NumPy on the whole matrix:

        >>> import numpy as np
        >>> from qbattery.bases.reflection import Reflection
        >>> reflection = Reflection.of_sites([2, 2])
        >>> a = np.random.default_rng(1).normal(size=(4, 4))
        >>> rho = a @ a.T + (a @ a.T)[np.ix_(reflection.permutation, reflection.permutation)]
        >>> bool(np.allclose(reflection.spectra(rho), np.linalg.eigvalsh(rho)))
        True
        """
        even, odd = self.blocks(states)
        return spectra_of_blocks(even, odd)


def spectra_of_blocks(even: np.ndarray, odd: np.ndarray, *, pooled: bool = True) -> np.ndarray:
    """The union of two stacks of Hermitian blocks' eigenvalues, increasing, ``(..., d)``.

    ``pooled`` spreads the stacks over a thread per core (:func:`qbattery.linalg.stack_eigvalsh`);
    ``False`` diagonalises them on the calling thread, for a thread that already runs beside
    other work (the background ergotropy of :mod:`qbattery.dynamics.ergotropy_stream`).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.bases.reflection import spectra_of_blocks
    >>> spectra_of_blocks(np.diag([3.0, 1.0]), np.diag([2.0]))
    array([1., 2., 3.])
    >>> spectra_of_blocks(np.diag([3.0, 1.0]), np.diag([2.0]), pooled=False)
    array([1., 2., 3.])
    """
    eigvalsh = stack_eigvalsh if pooled else np.linalg.eigvalsh
    both = np.concatenate([eigvalsh(even), eigvalsh(odd)], axis=-1)
    return np.sort(both, axis=-1)
