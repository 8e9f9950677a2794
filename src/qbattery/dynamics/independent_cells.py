"""N identical cells that never interact: one cell's dynamics, scaled to N.

An ensemble battery (:class:`~qbattery.environments.ensemble.EnsembleNoise`, no boson mode)
whose Hamiltonian is a sum of identical one-cell terms, every drive included,

.. code-block:: text

    H(t) = c_0(t) + c(t) . J = sum_i h^i(t),      h(t) = c_0(t) / N + c(t) . sigma / 2,

with local noise only (no collective emission) and cells starting in one product state
``phi^(x N)`` (a spin coherent state) has a generator that is a sum of identical one-cell
generators, so the state stays a product, ``rho(t) = sigma(t)^(x N)``, with ``sigma`` the state
of one cell under ``h(t)`` and the same local channels. Every battery observable follows from
``sigma``: with ``H_B = b_0 + b . J = sum_i h_B^i``,

.. code-block:: text

    E = N Tr[h_B sigma],      P = N d Tr[h_B sigma] / dt,
    <H_B^2> = E^2 + N (Tr[h_B^2 sigma] - Tr[h_B sigma]^2),
    ergotropy(rho, H_B) = N ergotropy(sigma, h_B).

The last holds for two-level cells. The eigenvalues of ``sigma^(x N)`` are
``l_1^(N-k) l_2^k`` (``l_1 >= l_2``), each ``binomial(N, k)``-fold, and the levels of ``H_B``
are ``b_0 + N e_1 + k (e_2 - e_1)`` (``e_1 <= e_2`` those of ``h_B - b_0 / N``), each
``binomial(N, k)``-fold; both are ordered by ``k``, so the passive state pairs class ``k`` with
level ``k`` and its energy is ``b_0 + N (l_1 e_1 + l_2 e_2)``, N times the one-cell passive
energy (every passive state of a qubit is a Gibbs state, hence completely passive: Alicki &
Fannes, PRE 87, 042123 (2013)). The one cell is solved by the permutational solver itself
(N = 1), so the channels' conventions are the same; the cost no longer grows with N.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from qbattery.bases.permutational import PermutationalBlocks, permutational_blocks, spin_matrix
from qbattery.battery import Battery
from qbattery.dynamics.observe import Observables
from qbattery.environments.ensemble import EnsembleNoise
from qbattery.models.light_matter.states import spin_coherent_state
from qbattery.operators import Operator, to_sparse

__all__ = ["collective_coefficients", "one_cell", "product_cell", "scale_to_cells"]

#: An operator is linear in the collective spin if the rest is below this, relative to it.
_LINEAR_RTOL = 1e-12
#: A ket is a product of identical cells if it is this close to one (Euclidean norm).
_PRODUCT_ATOL = 1e-12

_COMPONENTS = ("x", "y", "z")


def collective_coefficients(
    spins: Sequence[sp.csr_matrix], operator: Operator
) -> np.ndarray | None:
    """``(c_0, c_x, c_y, c_z)`` with ``operator = c_0 + c . J`` on the reduced basis, else None.

    ``spins`` are ``J_x, J_y, J_z`` on that basis (:meth:`PermutationalBlocks.collective`).

    The coefficients are Hilbert-Schmidt projections on the reduced basis (``Tr[J_a J_b]`` is
    diagonal in ``a, b``), then the remainder is checked to vanish.

    Examples
    --------
    >>> from qbattery.bases.permutational import permutational_blocks
    >>> from qbattery.dynamics.independent_cells import collective_coefficients
    >>> j_x, j_y, j_z = (permutational_blocks(3).collective(a) for a in "xyz")
    >>> collective_coefficients([j_x, j_y, j_z], 2.0 * j_z + 0.5 * j_x).round(12).tolist()
    [0.0, 0.5, 0.0, 2.0]
    >>> collective_coefficients([j_x, j_y, j_z], j_z @ j_z) is None
    True
    """
    matrix = sp.csr_matrix(to_sparse(operator), dtype=np.complex128)
    dimension = matrix.shape[0]
    identity = sp.identity(dimension, dtype=np.complex128, format="csr")
    coefficients = [float(np.real(matrix.diagonal().sum())) / dimension]
    for spin in spins:
        weight = float(np.real(spin.multiply(spin.T).sum()))
        coefficients.append(float(np.real(matrix.multiply(spin.T).sum())) / weight)
    linear = coefficients[0] * identity + sum(
        c * s for c, s in zip(coefficients[1:], spins, strict=True)
    )
    scale = sp.linalg.norm(matrix)
    if sp.linalg.norm(matrix - linear) > _LINEAR_RTOL * max(scale, np.finfo(float).tiny):
        return None
    return np.array(coefficients)


def _cell_operator(coefficients: np.ndarray, n: int) -> np.ndarray:
    """``c_0 / N + c . sigma / 2`` on one cell (basis ``|g>, |e>``)."""
    cell = coefficients[0] / n * np.eye(2, dtype=np.complex128)
    for c, a in zip(coefficients[1:], _COMPONENTS, strict=True):
        cell = cell + c * spin_matrix(0.5, a).toarray()
    return cell


def product_cell(blocks: PermutationalBlocks, state: np.ndarray) -> np.ndarray | None:
    """The one-cell ket ``phi`` with ``state = phi^(x N)`` up to a phase, else None.

    ``phi`` is the top eigenvector of the one-cell state ``(1 + r . sigma) / 2``,
    ``r = 2 <J> / N``; its product is the spin coherent state
    (:func:`qbattery.models.spin_coherent_state`, amplitudes ``sqrt(binomial(N, k))
    phi_g^(N - k) phi_e^k`` on ``|j = N/2, m = k - N/2>`` up to a global phase), compared with
    ``state`` after removing the phase.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.bases.permutational import permutational_blocks
    >>> from qbattery.dynamics.independent_cells import product_cell
    >>> blocks = permutational_blocks(2)   # |j=1, m=-1>, |1, 0>, |1, 1>, |0, 0>
    >>> np.abs(product_cell(blocks, np.array([0.5, np.sqrt(0.5), 0.5, 0.0]))).round(6).tolist()
    [0.707107, 0.707107]
    >>> product_cell(blocks, np.array([0.0, 1.0, 0.0, 0.0])) is None   # a Dicke state
    True
    """
    if state.ndim != 1:
        return None
    n = blocks.n_atoms
    top = np.asarray(state[: n + 1], dtype=np.complex128)
    spin = n / 2
    bloch = [
        2.0 / n * float(np.real(np.vdot(top, spin_matrix(spin, a) @ top))) for a in _COMPONENTS
    ]
    cell = 0.5 * np.eye(2) + sum(
        r * spin_matrix(0.5, a).toarray() for r, a in zip(bloch, _COMPONENTS, strict=True)
    )
    phi = np.linalg.eigh(cell)[1][:, -1]
    coherent = np.zeros(state.shape, dtype=np.complex128)
    coherent[: n + 1] = spin_coherent_state(
        n,
        2.0 * np.arctan2(abs(phi[1]), abs(phi[0])),
        float(np.angle(phi[1]) - np.angle(phi[0])),
    )
    overlap = np.vdot(coherent, state)
    if np.linalg.norm(state - overlap * coherent) > _PRODUCT_ATOL:
        return None
    return phi


def one_cell(battery: Battery) -> Battery | None:
    """One cell of an ensemble battery of N >= 2 independent identical cells, else None.

    Conditions (module docstring): :class:`EnsembleNoise` without collective emission or
    boson mode, no truncation, every Hamiltonian term and ``H_B`` linear in the collective
    spin, and a product initial ket. The cell's battery has the same drive protocols and
    local rates.

    Examples
    --------
    >>> import qbattery as qb
    >>> from qbattery.dynamics.independent_cells import one_cell
    >>> cell = one_cell(qb.models.spin_ensemble(50, drive=0.5, emission=0.1))
    >>> cell.dimension, cell.environment.n_atoms, cell.environment.emission
    (2, 1, 0.1)
    >>> one_cell(qb.models.spin_ensemble(50, drive=0.5, interaction=1.0)) is None
    True
    """
    noise = battery.environment
    if (
        not isinstance(noise, EnsembleNoise)
        or noise.n_atoms < 2
        or noise.collective_emission > 0
        or noise.cavity_decay > 0
        or battery.truncation is not None
        or battery.subspace is not None
        or battery.sector is not None
    ):
        return None
    blocks = permutational_blocks(noise.n_atoms)
    if tuple(battery.space_dims) != (blocks.dimension,):
        return None
    phi = product_cell(blocks, battery.initial_state)
    if phi is None:
        return None
    operators = [battery.hamiltonian.static, *(op for op, _ in battery.hamiltonian.drives)]
    spins = [blocks.collective(a) for a in _COMPONENTS]
    coefficients = [
        collective_coefficients(spins, op) for op in [*operators, battery.battery_hamiltonian]
    ]
    if any(c is None for c in coefficients):
        return None
    n = blocks.n_atoms
    cells = [_cell_operator(c, n) for c in coefficients if c is not None]
    protocols = [f for _, f in battery.hamiltonian.drives]
    return Battery(
        [cells[0], *zip(cells[1:-1], protocols, strict=True)],
        cells[-1],
        phi,
        environment=EnsembleNoise(
            1, emission=noise.emission, dephasing=noise.dephasing, pumping=noise.pumping
        ),
        name=f"one cell of {battery.name}",
    )


def scale_to_cells(cell: Observables, cells: Observables, n: int) -> None:
    """Fill the observables of N independent cells from those of one (module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.independent_cells import scale_to_cells
    >>> from qbattery.dynamics.observe import Observables, Request
    >>> times, request = np.array([0.0]), Request(fluctuations=True)
    >>> one = Observables(qb.models.spin_ensemble(1), times, request)
    >>> one.energy[:], one.second_moment[:], one.ergotropy[:] = 0.25, 0.25, 0.1
    >>> many = Observables(qb.models.spin_ensemble(4), times, request)
    >>> scale_to_cells(one, many, 4)
    >>> many.energy.tolist(), many.second_moment.tolist(), many.ergotropy.tolist()
    ([1.0], [1.75], [0.4])
    """
    cells.energy[:] = n * cell.energy
    cells.power[:] = n * cell.power
    if cells.second_moment is not None and cell.second_moment is not None:
        cells.second_moment[:] = n * (cell.second_moment - cell.energy**2) + cells.energy**2
    cells.ergotropy = None if cell.ergotropy is None else n * cell.ergotropy
    cells.notes["cells_solved_as_one"] = float(n)
