"""Quadratic spin chains as free fermions: description, Majorana matrices, Gaussian ground states.

A :class:`QuadraticChain` is ``H = sum_i (h_i / 2) sigma_z^i + sum_i (Jx_i sigma_x^i
sigma_x^{i+1} + Jy_i sigma_y^i sigma_y^{i+1})`` (open or periodic), mapped to Majorana fermions
by Jordan-Wigner (Lieb, Schultz & Mattis, Ann. Phys. 16, 407 (1961)); the formulas and the
conventions are written out in :mod:`qbattery.dynamics.free_fermion`, which evolves these
chains.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.validation import finite_real, integer, positive_int

__all__ = [
    "BOUNDARIES",
    "GroundState",
    "QuadraticChain",
    "check_chain",
    "ground_covariance",
    "ground_state",
    "interleave",
]

#: Valid ``boundary`` values of :class:`QuadraticChain`.
BOUNDARIES = ("open", "periodic")

#: Relative gap below which a ground level counts as degenerate (as in ``qbattery.ground_state``).
_GAP_TOL = 1e-9


def _values(value: Any, count: int, name: str) -> np.ndarray:
    """A number (broadcast) or a 1-D sequence of ``count`` finite reals, as a read-only array."""
    array = np.asarray(value)
    if array.dtype.kind not in "iuf":
        raise QBatteryTypeError(
            f"{name}: expected a real number or {count} real numbers, got {value!r}"
        )
    array = np.broadcast_to(array, (count,)).copy() if array.ndim == 0 else array
    if array.shape != (count,):
        raise DimensionError(
            f"{name}: expected a number or {count} values (one per site or bond), got shape "
            f"{array.shape}"
        )
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise QBatteryValueError(f"{name}: contains NaN or infinite values; pass finite numbers")
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False, init=False, repr=False)
class QuadraticChain:
    """A spin-1/2 chain that is quadratic in Jordan-Wigner fermions.

    .. code-block:: text

        H = sum_i (field_i / 2) sigma_z^i
            + sum_b (coupling_x_b sigma_x^b sigma_x^{b+1} + coupling_y_b sigma_y^b sigma_y^{b+1})

    Bonds ``b = 0..N-2`` (open); a periodic chain adds the bond ``(N-1, 0)`` (N >= 3). In the form
    of docs/conventions.md ``field = omega``, and the XXZ chain with ``delta = 0`` has
    ``coupling_x = coupling_y = J``.

    Parameters
    ----------
    n_sites : int
        Number of spins N >= 1 (N >= 3 if periodic).
    field : float or array (N,)
        Level splittings ``h_i``.
    coupling_x, coupling_y : float or array (n_bonds,)
        Exchange couplings; ``n_bonds = N - 1`` (open) or N (periodic, the last is (N-1, 0)).
    boundary : {"open", "periodic"}

    Examples
    --------
    >>> ising = QuadraticChain(4, field=1.0, coupling_x=0.5)
    >>> ising.single_particle_energies().round(4).tolist()
    [0.3473, 1.0, 1.5321, 1.8794]
    >>> (ising + 2 * QuadraticChain(4, field=1.0)).field.tolist()
    [3.0, 3.0, 3.0, 3.0]
    """

    n_sites: int
    field: np.ndarray
    coupling_x: np.ndarray
    coupling_y: np.ndarray
    boundary: str

    def __init__(
        self,
        n_sites: int,
        *,
        field: Any = 0.0,
        coupling_x: Any = 0.0,
        coupling_y: Any = 0.0,
        boundary: str = "open",
    ) -> None:
        n = positive_int(n_sites, "n_sites")
        if boundary not in BOUNDARIES:
            raise QBatteryValueError(
                f"boundary: unknown boundary condition {boundary!r}; use one of {list(BOUNDARIES)}"
            )
        if boundary == "periodic" and n < 3:
            raise QBatteryValueError(
                f"n_sites: a periodic chain needs at least 3 sites, got {n}; use boundary='open'"
            )
        bonds = n if boundary == "periodic" else n - 1
        for name, value in (
            ("n_sites", n),
            ("boundary", boundary),
            ("field", _values(field, n, "field")),
            ("coupling_x", _values(coupling_x, bonds, "coupling_x")),
            ("coupling_y", _values(coupling_y, bonds, "coupling_y")),
        ):
            object.__setattr__(self, name, value)

    def _padded(self, boundary: str) -> tuple[np.ndarray, np.ndarray]:
        if boundary == self.boundary:
            return self.coupling_x, self.coupling_y
        return np.append(self.coupling_x, 0.0), np.append(self.coupling_y, 0.0)

    def __add__(self, other: object) -> QuadraticChain:
        """Term-by-term sum (open + periodic is periodic, the open part without a (N-1, 0) bond)."""
        if not isinstance(other, QuadraticChain):
            return NotImplemented
        if other.n_sites != self.n_sites:
            raise DimensionError(
                f"cannot add chains of {self.n_sites} and {other.n_sites} sites; use equal lengths"
            )
        boundary = "periodic" if "periodic" in (self.boundary, other.boundary) else "open"
        (x1, y1), (x2, y2) = self._padded(boundary), other._padded(boundary)
        field = self.field + other.field
        return QuadraticChain(
            self.n_sites, field=field, coupling_x=x1 + x2, coupling_y=y1 + y2, boundary=boundary
        )

    def __mul__(self, factor: object) -> QuadraticChain:
        """Every term scaled by a real number."""
        if isinstance(factor, bool) or not isinstance(factor, numbers.Real):
            return NotImplemented
        scale = finite_real(factor, "factor")
        x, y = scale * self.coupling_x, scale * self.coupling_y
        return QuadraticChain(
            self.n_sites,
            field=scale * self.field,
            coupling_x=x,
            coupling_y=y,
            boundary=self.boundary,
        )

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return f"QuadraticChain(n_sites={self.n_sites}, boundary={self.boundary!r})"

    def coupling_matrix(self, parity: int = 1) -> sp.csr_matrix:
        """The block ``M_ij = h_{2i, 2j+1}`` of the Majorana matrix, sparse (N, N), real.

        ``M = -(diag(h) + 2 Jx on the sub-diagonal + 2 Jy on the super-diagonal)``; a periodic
        chain adds ``M[0, N-1] = 2 p Jx_{N-1}`` and ``M[N-1, 0] = 2 p Jy_{N-1}`` in the parity
        sector ``p = +-1`` (module docstring); ``parity`` is ignored for open chains.

        Examples
        --------
        Two free spins in a field 1 (no bonds): ``M = -1`` on the diagonal (energies in units of the
        field's scale).

        >>> from qbattery.models.quadratic_chain import QuadraticChain
        >>> QuadraticChain(2, field=1.0).coupling_matrix().toarray()
        array([[-1.,  0.],
               [ 0., -1.]])
        """
        p = integer(parity, "parity")
        if p not in (1, -1):
            raise QBatteryValueError(f"parity: must be +1 or -1, got {parity!r}")
        n, x, y = self.n_sites, self.coupling_x, self.coupling_y
        rows = [np.arange(n), np.arange(1, n), np.arange(n - 1)]
        cols = [np.arange(n), np.arange(n - 1), np.arange(1, n)]
        data = [-self.field, -2 * x[: n - 1], -2 * y[: n - 1]]
        if self.boundary == "periodic":
            rows += [np.array([0, n - 1])]
            cols += [np.array([n - 1, 0])]
            data += [2 * p * np.array([x[-1], y[-1]])]
        entries = (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols)))
        return sp.csr_matrix(sp.coo_matrix(entries, shape=(n, n)))

    def majorana_matrix(self, parity: int = 1) -> np.ndarray:
        """``h`` with ``H = (i/4) sum_ab h_ab w_a w_b``, (2N, 2N) in the order ``(w_0, w_1, ...)``.

        For a periodic chain this is ``H`` restricted to the sector of parity ``parity``.

        Examples
        --------
        >>> from qbattery.models.quadratic_chain import QuadraticChain
        >>> QuadraticChain(1, field=1.0).majorana_matrix()
        array([[ 0., -1.],
               [ 1.,  0.]])
        """
        m = self.coupling_matrix(parity)
        return interleave(sp.block_array([[None, m], [-m.T, None]]).toarray())

    def single_particle_energies(self, parity: int = 1) -> np.ndarray:
        """Quasi-particle energies ``s_k >= 0``, increasing, array (N,), of sector ``parity``.

        Examples
        --------
        Without bonds each quasi-particle costs the field, 1 here:

        >>> from qbattery.models.quadratic_chain import QuadraticChain
        >>> QuadraticChain(2, field=1.0).single_particle_energies()
        array([1., 1.])
        """
        return np.sort(np.linalg.svd(self.coupling_matrix(parity).toarray(), compute_uv=False))

    def ground_energy(self) -> float:
        """Lowest level of the spin Hamiltonian (both parity sectors of a periodic chain).

        Examples
        --------
        Two free spins ``(1/2) sigma_z`` each: ground energy ``-1`` (units of the field):

        >>> from qbattery.models.quadratic_chain import QuadraticChain
        >>> QuadraticChain(2, field=1.0).ground_energy()
        -1.0
        """
        return ground_state(self, "chain", check_gap=False).energy


def interleave(grouped: np.ndarray) -> np.ndarray:
    """From the order (w_0, w_2, ..., w_1, w_3, ...) to (w_0, w_1, w_2, ...).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.models.quadratic_chain import interleave
    >>> interleave(np.arange(16).reshape(4, 4))
    array([[ 0,  2,  1,  3],
           [ 8, 10,  9, 11],
           [ 4,  6,  5,  7],
           [12, 14, 13, 15]])
    """
    n = grouped.shape[0] // 2
    order = np.stack([np.arange(n), n + np.arange(n)], axis=1).ravel()
    return grouped[np.ix_(order, order)]


@dataclass
class GroundState:
    """A Gaussian ground state: covariance (grouped order), energy, parity and gap.

    Examples
    --------
    >>> from qbattery.models.quadratic_chain import QuadraticChain, ground_state
    >>> state = ground_state(QuadraticChain(2, field=1.0), "chain")
    >>> state.energy, state.parity, state.gap
    (-1.0, 1, 1.0)
    """

    covariance: np.ndarray  # grouped order
    energy: float
    parity: int
    gap: float


def ground_state(chain: QuadraticChain, name: str, *, check_gap: bool = True) -> GroundState:
    """Ground state from the SVD of M; for a periodic chain, the lower of the two sectors.

    Examples
    --------
    Two free spins in field 1: energy ``-1``, gap ``1`` (one spin flipped), units of the field:

    >>> from qbattery.models.quadratic_chain import QuadraticChain, ground_state
    >>> state = ground_state(QuadraticChain(2, field=1.0), "chain")
    >>> round(state.energy, 12), round(state.gap, 12), state.covariance.shape
    (-1.0, 1.0, (4, 4))
    """
    n = chain.n_sites
    candidates = []
    for sector in (1, -1) if chain.boundary == "periodic" else (1,):
        u, s, vh = np.linalg.svd(chain.coupling_matrix(sector).toarray())
        w = vh.T  # s decreasing: s[-1] is the lowest mode
        parity = round((-1) ** n * np.linalg.slogdet(u)[0] * np.linalg.slogdet(w)[0])
        energy, gap = -0.5 * float(np.sum(s)), float(s[-1])  # open: both parities physical
        if chain.boundary == "periodic" and parity != sector:
            w[:, -1] *= -1  # occupy the lowest mode to reach the sector's parity
            energy, parity, gap = energy + s[-1], sector, float(s[-2] - s[-1])
        elif chain.boundary == "periodic":
            gap = float(s[-2] + s[-1])
        q = u @ w.T
        covariance = np.zeros((2 * n, 2 * n))
        covariance[:n, n:], covariance[n:, :n] = -q, q.T
        candidates.append(GroundState(covariance, energy, parity, gap))
    best, *other = sorted(candidates, key=lambda ground: ground.energy)
    if other:
        best.gap = min(best.gap, other[0].energy - best.energy)
    if check_gap and best.gap <= _GAP_TOL * max(1.0, abs(best.energy)):
        raise QBatteryValueError(
            f"{name}: the ground level is degenerate (gap {best.gap:.3g} above E0 = "
            f"{best.energy:.6g}), so there is no preferred initial state; add a field that "
            "splits it (e.g. a small field on every site)"
        )
    return best


def ground_covariance(chain: QuadraticChain) -> np.ndarray:
    """Majorana covariance ``Gamma_ab = (i/2) <[w_a, w_b]>`` of a chain's (unique) ground state.

    Returns
    -------
    numpy.ndarray of shape (2N, 2N)
        Real antisymmetric, order ``(w_0, w_1, ...)``; ``Gamma @ Gamma = -1`` (a pure state).

    Examples
    --------
    >>> ground_covariance(QuadraticChain(1, field=1.0)).tolist()  # |g>: <-sigma_z> = 1
    [[0.0, 1.0], [-1.0, 0.0]]
    """
    return interleave(ground_state(check_chain(chain, "chain", None), "chain").covariance)


def check_chain(chain: Any, name: str, n: int | None) -> QuadraticChain:
    """``chain`` if it is a QuadraticChain (of ``n`` sites when given), else a clear error.

    Examples
    --------
    >>> from qbattery.models.quadratic_chain import QuadraticChain, check_chain
    >>> chain = QuadraticChain(2, field=1.0)
    >>> check_chain(chain, "chain", 2) is chain
    True
    >>> check_chain(chain, "chain", 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.DimensionError: chain: has 2 sites but the battery has 3; ...
    """
    if not isinstance(chain, QuadraticChain):
        raise QBatteryTypeError(f"{name}: expected a QuadraticChain, got {type(chain).__name__}")
    if n is not None and chain.n_sites != n:
        raise DimensionError(
            f"{name}: has {chain.n_sites} sites but the battery has {n}; use chains of equal length"
        )
    return chain
