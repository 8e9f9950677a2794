"""Real amplitudes of resonant rotating-wave sectors: the fast path of ``method="sectors"``.

In a resonant rotating-wave model (Tavis-Cummings, Jaynes-Cummings with ``omega_c = omega_a``)
each excitation sector q is tridiagonal with a constant diagonal, ``H_q = alpha_q + O_q``, and
``O_q`` is real with a zero diagonal. Its graph is bipartite (colour ``c_i`` = parity of the
position in the block), so ``S O_q S = -O_q`` with ``S = diag((-1)^c)``. A ket of the form

    psi_i = exp(i gamma) (-i sigma)^(c_i) phi_i,   phi real, sigma = +-1

keeps that form: ``psi(t) = exp(-i alpha_q t) exp(i gamma) (-i sigma)^c phi(t)`` with the real

    phi(t) = cos(O t) phi(0) + sigma sin(O t) S phi(0)
           = V [rho cos(E t - theta)],   rho e^{i theta} = V^T phi(0) + i sigma V^T S phi(0)

(``O = V E V^T``): one real product per block and time grid instead of two (the real and
imaginary parts), and one cosine per eigenvalue and time. A charger in a Fock, coherent or
squeezed state with the atoms in ``|g>`` or a Dicke state starts in that form.

Every basis state i of the sectors is a product ``|r_i>|b_i>`` and its amplitude sits at
``M[r_i, b_i]`` of the amplitude matrix whose ``M^T conj(M)`` is the reduced battery state
(:mod:`qbattery.bases.sectors`). Its phase is affine in time,
``theta_i(t) = -alpha_q t + gamma_q - sigma_q (pi/2) c_i``. When it splits as
``x_r(t) + y_b(t)`` (mod pi: the sign goes into ``phi``) over rows r and columns b, which is the
case when ``alpha_q`` and ``gamma_q`` are linear in the excitation number (resonance; the phase
``q arg(alpha)`` of a coherent amplitude), then

    rho_B(t) = D(t) R(t) D(t)^dagger,   R = Phi^T Phi,   Phi[r_i, b_i] = s_i phi_i(t),
    D = diag(exp(i y_b(t))),

with ``R`` real symmetric: a real rank-k update per time (a quarter of the complex one) and a
real symmetric eigenvalue problem for the ergotropy (the spectrum of ``rho_B`` is that of ``R``).
The split is found on a spanning forest of the bipartite graph rows-columns (edges: the basis
states) and checked on every other edge; if it fails the caller keeps the complex path, so the
fast path is exact whenever it is taken.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from qbattery.dynamics.bipartite import ChainEigenbasis
from qbattery.dynamics.oscillations import Oscillations
from qbattery.linalg import workers_available

__all__ = ["RealComponent", "RealPart", "real_component"]

#: Relative tolerance of the checks (constant diagonal, real ket, split of the phases): far
#: below what could show in any observable at double precision over the times of a charge.
_EXACT = 1e-13


@dataclass
class RealPart:
    """One block's part of a ket in the real form (module docstring), on one constant piece.

    Examples
    --------
    One atom and one photon at resonance (``omega = 1``, coupling ``0.1``): ``|1>|g>`` goes to
    ``cos(0.1 t)|1>|g> - i sin(0.1 t)|0>|e>``, times the phase ``exp(-i t)``.

    >>> import numpy as np
    >>> import scipy.sparse as sp
    >>> from qbattery.dynamics.sectors_real import RealPart
    >>> h = sp.csr_matrix(np.array([[1.0, 0.1], [0.1, 1.0]]))
    >>> part = RealPart.of(h, np.array([1.0 + 0j, 0.0]))
    >>> t = np.array([2.0])
    >>> np.round(part.kets(t)[:, 0] * np.exp(1j * t), 12)
    array([0.98006658+0.j        , 0.        -0.19866933j])
    """

    alpha: float
    gamma: float
    sigma: float
    colour: np.ndarray
    basis: ChainEigenbasis  # of O, with the signs s_i folded in (flip)
    modulus: np.ndarray
    shift: np.ndarray
    #: ``sigma s_i s_(i+1) O_(i,i+1) (c_i - c_(i+1))``: the power is
    #: ``2 sum_i hop_i (e_i - e_(i+1)) phi_i phi_(i+1)`` (e: battery energies of the states)
    hop: np.ndarray
    signs: np.ndarray  # s_i, folded into the basis (flip)

    @property
    def energies(self) -> np.ndarray:
        """The eigenvalues ``E`` of ``O``.

        Examples
        --------
        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.dynamics.sectors_real import RealPart
        >>> h = sp.csr_matrix(np.array([[1.0, 0.1], [0.1, 1.0]]))
        >>> RealPart.of(h, np.array([1.0 + 0j, 0.0])).energies
        array([ 0.1, -0.1])
        """
        return self.basis.energies

    @staticmethod
    def of(hamiltonian: sp.csr_matrix, ket: np.ndarray) -> RealPart | None:
        """The real form of ``ket`` under the block ``hamiltonian``, or None if it has none.

        Examples
        --------
        A detuned block (non-constant diagonal) has no real form:

        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.dynamics.sectors_real import RealPart
        >>> h = sp.csr_matrix(np.array([[1.0, 0.1], [0.1, 0.8]]))
        >>> RealPart.of(h, np.array([1.0 + 0j, 0.0])) is None
        True
        """
        d = hamiltonian.shape[0]
        coo = hamiltonian.tocoo()
        if np.any(np.abs(coo.row - coo.col) > 1) or np.any(np.imag(coo.data) != 0):
            return None
        diagonal = np.real(hamiltonian.diagonal())
        alpha = float(diagonal[0])
        scale = 1.0 + abs(alpha) + float(np.max(np.abs(coo.data), initial=0.0))
        if np.max(np.abs(diagonal - alpha)) > _EXACT * scale:
            return None
        colour = np.arange(d) % 2
        form = _ket_form(ket, colour)
        if form is None:
            return None
        gamma, sigma, phi = form
        off = np.real(hamiltonian.diagonal(1))
        basis = ChainEigenbasis.of(off)
        parity = 1.0 - 2.0 * colour
        a = basis.adjoint(phi)
        b = sigma * basis.adjoint(parity * phi)
        hop = sigma * off * (colour[:-1] - colour[1:])
        return RealPart(
            alpha,
            gamma,
            sigma,
            colour,
            basis,
            np.hypot(a, b),
            np.arctan2(b, a),
            hop,
            np.ones(d),
        )

    def flip(self, signs: np.ndarray) -> None:
        """Make :meth:`values` return ``signs * phi`` (the signs ``s_i`` of the amplitude
        matrix), and :attr:`hop` follow.

        Examples
        --------
        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.dynamics.sectors_real import RealPart
        >>> h = sp.csr_matrix(np.array([[0.0, 0.1], [0.1, 0.0]]))
        >>> part = RealPart.of(h, np.array([1.0 + 0j, 0.0]))
        >>> part.flip(np.array([1.0, -1.0]))
        >>> np.round(part.values(np.array([5 * np.pi]))[:, 0], 12)
        array([ 0., -1.])
        """
        self.basis.scale_rows(signs / self.signs)
        self.hop = self.hop * (signs[:-1] * signs[1:]) / (self.signs[:-1] * self.signs[1:])
        self.signs = signs

    def values(self, t: np.ndarray) -> np.ndarray:
        """The real ``phi`` at relative times ``t`` as columns: shape (d_block, len(t)).

        Examples
        --------
        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.dynamics.sectors_real import RealPart
        >>> h = sp.csr_matrix(np.array([[1.0, 0.1], [0.1, 1.0]]))
        >>> part = RealPart.of(h, np.array([1.0 + 0j, 0.0]))
        >>> np.round(part.values(np.array([0.0, 5 * np.pi])), 12)
        array([[1., 0.],
               [0., 1.]])
        """
        coefficients = self.modulus[:, None] * np.cos(
            np.outer(self.energies, t) - self.shift[:, None]
        )
        return self.basis.apply(coefficients)

    def phases(self, t: np.ndarray) -> np.ndarray:
        """``theta_i(t)`` of every basis state of the block: shape (d_block, len(t)).

        Examples
        --------
        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.dynamics.sectors_real import RealPart
        >>> h = sp.csr_matrix(np.array([[0.0, 0.1], [0.1, 0.0]]))
        >>> part = RealPart.of(h, np.array([1.0, 0]))
        >>> np.round(part.phases(np.array([0.0])) / np.pi, 12)
        array([[ 0. ],
               [-0.5]])
        """
        constant = self.gamma - self.sigma * (np.pi / 2) * self.colour
        return constant[:, None] - self.alpha * t[None, :]

    def kets(self, t: np.ndarray) -> np.ndarray:
        """The complex kets at relative times ``t`` as columns: shape (d_block, len(t)).

        Examples
        --------
        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.dynamics.sectors_real import RealPart
        >>> h = sp.csr_matrix(np.array([[0.0, 0.1], [0.1, 0.0]]))
        >>> part = RealPart.of(h, np.array([1.0, 0]))
        >>> np.round(part.kets(np.array([5 * np.pi]))[:, 0], 12)
        array([0.+0.j, 0.-1.j])
        """
        return np.asarray(self.signs[:, None] * self.values(t) * np.exp(1j * self.phases(t)))


def _ket_form(ket: np.ndarray, colour: np.ndarray) -> tuple[float, float, np.ndarray] | None:
    """``(gamma, sigma, phi)`` with ``ket = exp(i gamma) (-i sigma)^c phi``, or None."""
    norm = float(np.linalg.norm(ket))
    if norm == 0.0:
        return None
    top = int(np.argmax(np.abs(ket)))
    for sigma in (1.0, -1.0):
        gamma = float(np.angle(ket[top]) + sigma * (np.pi / 2) * colour[top])
        rotated = ket * np.exp(-1j * gamma) * (1j * sigma) ** colour
        if np.linalg.norm(rotated.imag) <= _EXACT * norm:
            return gamma, sigma, np.ascontiguousarray(rotated.real)
    return None


@dataclass
class RealComponent:
    """A ket spread over several blocks whose amplitude matrix is real up to row and column
    phases (module docstring), on one constant piece of H(t).

    ``positions[p]`` places the states of part p in the flattened compressed ``(rows, d_B)``
    amplitude matrix (the parts' :meth:`RealPart.values` carry the signs ``s_i``), and the
    column phases are
    ``y_b(t) = column_offset[b] + column_slope[b] t``.

    Examples
    --------
    Built by :func:`real_component`; ``(|1>|g> - i |0>|e>)/sqrt(2)``, one atom in its sector of
    one excitation (rows: photon numbers 1, 0; columns: atom levels):

    >>> import numpy as np
    >>> import scipy.sparse as sp
    >>> from qbattery.dynamics.sectors_real import real_component
    >>> h = sp.csr_matrix(np.array([[1.0, 0.1], [0.1, 1.0]]))
    >>> parts = [(h, np.array([1.0, -1j]) / np.sqrt(2))]
    >>> component = real_component(parts, [np.array([1, 0])], [np.array([0, 1])], 2)
    >>> component.rows, component.parts[0].signs.tolist()
    (2, [1.0, 1.0])
    """

    parts: list[RealPart]
    positions: list[np.ndarray]
    rows: int
    column_slope: np.ndarray
    column_offset: np.ndarray
    #: every part's ``rho cos(E t - theta)``, the parts' eigenvalues one after the other
    oscillations: Oscillations
    edges: list[tuple[int, int]]

    def values(self, t: np.ndarray) -> list[np.ndarray]:
        """Every part's :meth:`RealPart.values` at relative times ``t``, the cosines of all
        parts taken at once (:mod:`.oscillations`).

        Examples
        --------
        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.dynamics.sectors_real import real_component
        >>> h = sp.csr_matrix(np.array([[1.0, 0.1], [0.1, 1.0]]))
        >>> component = real_component([(h, np.array([1.0, 0j]))], [np.array([1, 0])],
        ...                            [np.array([0, 1])], 2, step=0.5)
        >>> t = np.linspace(0.0, 20.0, 41)
        >>> bool(np.allclose(component.values(t)[0], component.parts[0].values(t), atol=1e-14))
        True
        """
        coefficients = self.oscillations.cosines(t)
        return [
            form.basis.apply(coefficients[a:z])
            for form, (a, z) in zip(self.parts, self.edges, strict=True)
        ]

    def column_phases(self, t: np.ndarray) -> np.ndarray:
        """``exp(i y_b(t))``: shape (len(t), d_B).

        Examples
        --------
        >>> import numpy as np
        >>> import scipy.sparse as sp
        >>> from qbattery.dynamics.sectors_real import real_component
        >>> h = sp.csr_matrix(np.array([[1.0, 0.1], [0.1, 1.0]]))
        >>> parts = [(h, np.array([1.0, -1j]) / np.sqrt(2))]
        >>> component = real_component(parts, [np.array([1, 0])], [np.array([0, 1])], 2)
        >>> component.column_phases(np.array([0.0])).shape
        (1, 2)
        """
        return np.exp(1j * (self.column_offset[None, :] + np.outer(t, self.column_slope)))


def real_component(
    parts: list[tuple[sp.csr_matrix, np.ndarray]],
    rows: list[np.ndarray],
    columns: list[np.ndarray],
    d_b: int,
    step: float | None = None,
) -> RealComponent | None:
    """The real form of a ket spread over blocks, or None where it has none.

    Parameters
    ----------
    parts : list of (H_q, ket_q)
        Each block's Hamiltonian on the current piece and the ket's part in it.
    rows, columns : lists of int arrays
        Charger row and battery column of every basis state of each part.
    d_b : int
        Battery dimension.
    step : float, optional
        The step of the uniform grids the component will be asked on
        (:class:`~qbattery.dynamics.oscillations.Oscillations`).

    Examples
    --------
    Two blocks of two states, ``alpha = 0`` on ``|0>|0>, |1>|1>`` and ``alpha = 5`` on
    ``|0>|1>, |1>|0>``: ``x_0 + y_0 + x_1 + y_1`` would have to be both 0 and -10 t, the phases
    do not split:

    >>> import numpy as np
    >>> import scipy.sparse as sp
    >>> from qbattery.dynamics.sectors_real import real_component
    >>> hop = np.array([[0.0, 0.1], [0.1, 0.0]])
    >>> parts = [(sp.csr_matrix(hop), np.array([0.6, 0])), (sp.csr_matrix(hop + 5 * np.eye(2)),
    ...          np.array([0.8, 0]))]
    >>> rows, columns = [np.array([0, 1]), np.array([0, 1])], [np.array([0, 1]), np.array([1, 0])]
    >>> real_component(parts, rows, columns, 2) is None
    True
    """
    workers = min(workers_available(), len(parts) // 8)
    if workers > 1:  # LAPACK's SVD releases the GIL
        with ThreadPoolExecutor(workers) as pool:
            forms = list(pool.map(lambda part: RealPart.of(*part), parts))
    else:
        forms = [RealPart.of(h, ket) for h, ket in parts]
    if any(form is None for form in forms):
        return None
    real = [form for form in forms if form is not None]
    row_labels, compressed = np.unique(np.concatenate(rows), return_inverse=True)
    n_rows = row_labels.size
    r = compressed.ravel()
    b = np.concatenate(columns)
    slope = np.concatenate([np.full(form.colour.size, -form.alpha) for form in real])
    offset = np.concatenate([form.phases(np.zeros(1))[:, 0] for form in real])
    split = _split(r, b, n_rows, d_b, slope, offset)
    if split is None:
        return None
    column_slope, column_offset, signs = split
    edges = list(pairwise(np.cumsum([0, *(form.colour.size for form in real)])))
    for form, (a, z) in zip(real, edges, strict=True):
        form.flip(signs[a:z])
    oscillations = Oscillations(
        np.concatenate([form.energies for form in real]),
        np.concatenate([form.shift for form in real]),
        step,
        np.concatenate([form.modulus for form in real]),
    )
    return RealComponent(
        real,
        [r[a:z] * d_b + b[a:z] for a, z in edges],
        n_rows,
        column_slope,
        column_offset,
        oscillations,
        edges,
    )


def _split(
    r: np.ndarray, b: np.ndarray, n_rows: int, d_b: int, slope: np.ndarray, offset: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Row and column phases with ``slope_i = x_r + y_b`` and ``offset_i = x'_r + y'_b``
    (mod pi) on every edge (r_i, b_i), found on a spanning forest; the column parts and the
    signs ``(-1)^m_i`` of the offsets' multiples of pi, or None if the phases do not split."""
    nodes = n_rows + d_b
    graph = sp.csr_matrix((np.ones(r.size), (r, n_rows + b)), shape=(nodes, nodes))
    keys = r.astype(np.int64) * d_b + b
    order_of_keys = np.argsort(keys)
    sorted_keys = keys[order_of_keys]
    value = np.full((nodes, 2), np.nan)
    count, labels = connected_components(graph, directed=False)
    for label in range(count):
        members = np.nonzero(labels == label)[0]
        root = int(members[0])
        value[root] = 0.0
        order, parent = breadth_first_order(graph, root, directed=False)
        for node in order[1:]:
            above = int(parent[node])
            row, column = (above, node - n_rows) if above < n_rows else (node, above - n_rows)
            edge = order_of_keys[np.searchsorted(sorted_keys, row * d_b + column)]
            value[node] = (slope[edge], offset[edge]) - value[above]
    residual_slope = slope - value[r, 0] - value[n_rows + b, 0]
    residual_offset = offset - value[r, 1] - value[n_rows + b, 1]
    multiples = np.round(residual_offset / np.pi)
    scale = 1.0 + float(np.max(np.abs(slope), initial=0.0))
    if np.max(np.abs(residual_slope), initial=0.0) > _EXACT * scale:
        return None
    if np.max(np.abs(residual_offset - np.pi * multiples), initial=0.0) > 1e3 * _EXACT:
        return None
    signs = 1.0 - 2.0 * (multiples.astype(np.int64) % 2)
    columns = value[n_rows:]
    return columns[:, 0].copy(), columns[:, 1].copy(), signs
