"""Exact charging of quadratic (free-fermion) spin chains, far beyond brute force.

Chains (site 0 leftmost, ``sigma_z = diag(-1, +1)`` on ``(|g>, |e>)``, as in
:mod:`qbattery.models.ladders`) of the form

.. code-block:: text

    H = sum_i (h_i / 2) sigma_z^i
        + sum_i (Jx_i sigma_x^i sigma_x^{i+1} + Jy_i sigma_y^i sigma_y^{i+1})

(XX for ``Jx = Jy``, XY, transverse-field Ising for ``Jy = 0``) are free fermions (Jordan &
Wigner, Z. Phys. 47, 631 (1928); Lieb, Schultz & Mattis, Ann. Phys. 16, 407 (1961)). With the
Majoranas ``w_{2i} = S_i sigma_x^i``, ``w_{2i+1} = S_i sigma_y^i``, ``S_i = prod_{j<i}
(-sigma_z^j)``, ``{w_a, w_b} = 2 delta_ab`` (fermion number ``(1 + sigma_z^i)/2``, excitations):

.. code-block:: text

    sigma_z^i = -i w_{2i} w_{2i+1}    sigma_x^i sigma_x^{i+1} = i w_{2i+1} w_{2i+2}
    sigma_y^i sigma_y^{i+1} = -i w_{2i} w_{2i+3}    =>    H = (i/4) sum_ab h_ab w_a w_b

with ``h`` real antisymmetric (2N, 2N). A Gaussian state is fixed by its covariance
``Gamma_ab = (i/2) <[w_a, w_b]>``, and by Wick's theorem (Bravyi, Quantum Inf. Comput. 5, 216
(2005); Surace & Tagliacozzo, SciPost Phys. Lect. Notes 54 (2022)):

.. code-block:: text

    <H> = -(1/4) Tr(h Gamma)              Var H = (1/8) [Tr(h^T h) - Tr(h Gamma h Gamma)]
    dw/dt = i [H, w] = h w    =>    Gamma(t) = O Gamma(0) O^T,   O = exp(h t)
    P = dW/dt = i <[H, H_B]> = -(1/4) Tr([h_B, h] Gamma(t))      (exact, not differenced)

These couplings only pair even with odd Majoranas, so in the order ``(w_0, w_2, ..., w_1, w_3,
...)`` ``h = [[0, M], [-M^T, 0]]`` with a real N x N ``M`` (LSM's ``A - B``). Its singular value
decomposition ``M = U S W^T`` gives the quasi-particle energies ``s_k``
(``H = sum_k s_k (b_k^dagger b_k - 1/2)``), the ground state ``Gamma = [[0, -U W^T],
[W U^T, 0]]`` of energy ``-(1/2) sum_k s_k`` and parity ``Pf(Gamma) = det(-U W^T)``, and
``O(t) = K [[cos St, sin St], [-sin St, cos St]] K^T``, ``K = diag(U, W)``: one O(N^3)
decomposition per constant piece, then O(N^2) per time.

Periodic chains: the bond ``(N-1, 0)`` equals ``-P`` times the open-bond form, ``P = prod_i
(-sigma_z^i)`` the parity, conserved by this class. A state of definite parity ``p`` evolves
exactly with the quadratic ``h`` of sector ``p``; the ground state is the lower of the sectors'
lowest states of the right parity.

A block of sites ``[a, b)`` of a state of definite parity is in the Gaussian state with
``Gamma`` restricted to its Majoranas (``S_a`` cancels in even operators, odd ones vanish); its
eigenvalues are ``prod_k (1 +- nu_k)/2`` (``+-i nu_k`` those of the restricted ``Gamma``), the
block Hamiltonian (the terms of ``H_B`` inside it) has levels ``E_0 + sum_k n_k s_k``, and the
ergotropy pairs both sorted (docs/conventions.md), enumerating the ``2**L`` values.

Setting: quadratic ``H_B``, initial state its ground state (Le et al., PRA 97, 022106 (2018);
Ghosh, Chanda & Sen De, PRA 101, 032115 (2020)), quadratic chargers, piecewise constant in time.
A single-site field ``sigma_x^i`` is not quadratic (it carries a string): such chargers need
:func:`qbattery.charge`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.models.quadratic_chain import (
    QuadraticChain,
    ground_state,
)

__all__ = ["MAX_ERGOTROPY_SITES", "ChainCurves", "evolve_free_fermion"]

#: Largest block whose ergotropy is computed: it enumerates and sorts ``2**L`` populations and
#: levels at every time (about 0.1 s per time at L = 20).
MAX_ERGOTROPY_SITES = 20

# -- evolution on one constant piece ----------------------------------------------------------

Blocks = dict[tuple[int, int], Any]  # (alpha, beta) in {0: even, 1: odd Majoranas}: arrays

#: R(t) = [[cos St, sin St], [-sin St, cos St]] in the mode frame: block -> (function, sign).
_ROTATION = {(0, 0): ("cos", 1), (0, 1): ("sin", 1), (1, 0): ("sin", -1), (1, 1): ("cos", 1)}


class _Piece:
    """A constant piece ``h = [[0, M], [-M^T, 0]]``, ``M = U S W^T``, from a start covariance."""

    def __init__(self, coupling: sp.csr_matrix, covariance: np.ndarray) -> None:
        u, self.energies, vh = np.linalg.svd(coupling.toarray())
        self.coupling, self.frames, self.n = coupling, (u, vh.T), coupling.shape[0]
        n = self.n
        blocks = {
            (a, b): covariance[a * n : (a + 1) * n, b * n : (b + 1) * n] for a, b in _ROTATION
        }
        self.start = self.rotate(blocks)  # K^T Gamma K

    def rotate(self, blocks: Blocks) -> Blocks:
        """``K^T X K`` by blocks (dense or sparse), ``K = diag(U, W)``; zero blocks dropped."""
        return {
            (a, b): self.frames[a].T @ np.asarray(x @ self.frames[b])
            for (a, b), x in blocks.items()
            if (x.nnz if sp.issparse(x) else np.count_nonzero(x))
        }

    def _functions(self, taus: np.ndarray) -> dict[str, np.ndarray]:
        phases = np.outer(taus, self.energies)
        return {"cos": np.cos(phases), "sin": np.sin(phases)}

    def _terms(self, alpha: int, beta: int) -> list[tuple[str, str, int, np.ndarray]]:
        """``(R Gamma R^T)_{alpha beta}`` as (left function, right function, sign, block)."""
        terms = []
        for gamma, delta in _ROTATION:
            (f1, s1), (f2, s2) = _ROTATION[alpha, gamma], _ROTATION[beta, delta]
            if (gamma, delta) in self.start:
                terms.append((f1, f2, s1 * s2, self.start[gamma, delta]))
        return terms

    def traces(self, operator: Blocks, taus: np.ndarray) -> np.ndarray:
        """``Tr(X Gamma(tau))`` at every tau: bilinear forms in cos(s tau), sin(s tau)."""
        weights: dict[tuple[str, str], np.ndarray] = {}
        for (beta, alpha), x_block in self.rotate(operator).items():
            for f1, f2, sign, block in self._terms(alpha, beta):
                term = sign * x_block.T * block
                weights[f1, f2] = weights[f1, f2] + term if (f1, f2) in weights else term
        functions = self._functions(taus)
        total = np.zeros(taus.size)
        for (f1, f2), weight in weights.items():
            total += np.einsum("tk,tk->t", functions[f1] @ weight, functions[f2])
        return total

    def covariance(self, tau: float, sites: tuple[int, int]) -> np.ndarray:
        """Grouped covariance of the block of sites ``[a, b)`` at ``tau`` into the piece."""
        functions = {k: v[0] for k, v in self._functions(np.array([tau])).items()}
        rows = [frame[sites[0] : sites[1]] for frame in self.frames]
        out: list[list[np.ndarray]] = [[], []]
        for alpha, beta in _ROTATION:
            block = np.zeros((self.n, self.n))
            for f1, f2, sign, start in self._terms(alpha, beta):
                block += sign * functions[f1][:, None] * start * functions[f2][None, :]
            out[alpha].append(rows[alpha] @ block @ rows[beta].T)
        return np.block(out)


# -- observables of a block -------------------------------------------------------------------


def _restrict(matrix: Any, sites: tuple[int, int]) -> Any:
    """Rows and columns of the block's Majoranas, from a grouped (2N, 2N) matrix."""
    n, (a, b) = matrix.shape[0] // 2, sites
    index = np.concatenate([np.arange(a, b), n + np.arange(a, b)])
    return matrix[np.ix_(index, index)]


def _embedded(coupling: sp.csr_matrix, sites: tuple[int, int]) -> sp.csr_matrix:
    """``M`` of the terms inside the block of sites ``[a, b)``, zero elsewhere (N, N)."""
    keep = np.zeros(coupling.shape[0])
    keep[sites[0] : sites[1]] = 1.0
    return sp.csr_matrix(sp.diags_array(keep) @ coupling @ sp.diags_array(keep))


def _energy(coupling: sp.csr_matrix, covariance: np.ndarray) -> float:
    """``-(1/4) Tr(h Gamma) = (1/2) sum_ij M_ij Gamma_{2i, 2j+1}`` (grouped h and Gamma)."""
    n = coupling.shape[0]
    return 0.5 * float(coupling.multiply(covariance[:n, n:]).sum())


def _variance(coupling: sp.csr_matrix, covariance: np.ndarray) -> float:
    """``(1/8)[Tr(h^T h) - Tr(h Gamma h Gamma)]`` for grouped ``h = [[0, M], [-M^T, 0]]``."""
    h = sp.csr_matrix(sp.block_array([[None, coupling], [-coupling.T, None]]))
    product = h @ covariance
    return 0.125 * (float(h.multiply(h).sum()) - float(np.sum(product * product.T)))


def _levels(energies: np.ndarray) -> np.ndarray:
    """All ``2**L`` levels ``-(1/2) sum s + sum_k n_k s_k``, increasing."""
    levels = np.array([-0.5 * float(np.sum(energies))])
    for s in energies:
        levels = np.concatenate([levels, levels + s])
    return np.sort(levels)


def _block_ergotropy(covariance: np.ndarray, levels: np.ndarray, energy: float) -> float:
    """Energy minus the passive energy: populations ``prod (1 +- nu_k)/2`` sorted on levels."""
    nu = np.clip(np.linalg.svd(covariance, compute_uv=False)[::2], 0.0, 1.0)  # pairs +-i nu
    populations = np.ones(1)
    for value in nu:
        populations = np.outer(populations, [(1 + value) / 2, (1 - value) / 2]).ravel()
    return energy - float(np.dot(np.sort(populations)[::-1], levels))


# -- the whole protocol --------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCurves:
    """Battery curves of a free-fermion protocol on the time grid.

    Attributes
    ----------
    battery_energy, power : array (n,)
        ``<H_B>(t)`` and its exact derivative.
    ergotropy, variance, two_time : array (n,) or None
        As requested; ``two_time`` is ``<H_B(t) H_B(0)>`` for the whole chain started in the
        ground state of ``H_B``.
    initial_energy, initial_variance, ground_energy : float
    parity : int
        The conserved parity sector of the evolution.

    Examples
    --------
    See :func:`evolve_free_fermion`; the energies are absolute, in units of the field.

    >>> import numpy as np
    >>> from qbattery.dynamics.free_fermion import evolve_free_fermion
    >>> from qbattery.models.quadratic_chain import QuadraticChain
    >>> battery, ising = QuadraticChain(4, field=1.0), QuadraticChain(4, coupling_x=0.5)
    >>> curves = evolve_free_fermion(battery, [ising], [], battery, (0, 4), np.array([0.0, 1.0]),
    ...                              quench=False, ergotropy=True, fluctuations=False)
    >>> curves.initial_energy, curves.ground_energy, curves.parity
    (-2.0, -2.0, 1)
    """

    battery_energy: np.ndarray
    power: np.ndarray
    ergotropy: np.ndarray | None
    variance: np.ndarray | None
    two_time: np.ndarray | None
    initial_energy: float
    initial_variance: float
    ground_energy: float
    parity: int


def evolve_free_fermion(
    battery: QuadraticChain,
    pieces: Sequence[QuadraticChain],
    switches: Sequence[float],
    start_chain: QuadraticChain,
    block: tuple[int, int],
    grid: np.ndarray,
    *,
    quench: bool,
    ergotropy: bool,
    fluctuations: bool,
) -> ChainCurves:
    """Propagate the ground state of ``start_chain`` through the constant ``pieces``.

    Inputs checked by the caller (:func:`qbattery.free_fermion_charge`): ``pieces[k]`` acts on
    ``[switches[k-1], switches[k])``; the battery is the block of sites ``[a, b)``; ``quench``
    says whether ``start_chain`` differs from ``battery``. Formulas in the module docstring.

    Examples
    --------
    Four spins ``H_B = (1/2) sum sigma_z`` charged by the open Ising chain
    ``0.5 sum sigma_x sigma_x`` store ``(1/2)[(N - 2) sin^2 t + 2 (1 - cos t)]``, which is
    ``sin^2 1 + 1 - cos 1 = 1.167771`` at ``t = 1`` (units of the field); from a pure ground
    state all of it is ergotropy:

    >>> import numpy as np
    >>> from qbattery.dynamics.free_fermion import evolve_free_fermion
    >>> from qbattery.models.quadratic_chain import QuadraticChain
    >>> battery, ising = QuadraticChain(4, field=1.0), QuadraticChain(4, coupling_x=0.5)
    >>> curves = evolve_free_fermion(battery, [ising], [], battery, (0, 4), np.array([0.0, 1.0]),
    ...                              quench=False, ergotropy=True, fluctuations=False)
    >>> round(float(curves.battery_energy[1] - curves.initial_energy), 6)
    1.167771
    >>> round(float(curves.ergotropy[1]), 6)
    1.167771
    """
    n = battery.n_sites
    whole = block[1] - block[0] == n
    start = ground_state(start_chain, "battery" if not quench else "initial")
    parity = start.parity  # conserved: every piece acts in this sector
    a, b = block
    coupling_b = _embedded(battery.coupling_matrix(parity), block)
    local = sp.csr_matrix(coupling_b[a:b, a:b])
    local_energies = np.linalg.svd(local.toarray(), compute_uv=False)
    if whole:
        ground_energy = start.energy if not quench else battery.ground_energy()
    else:
        ground_energy = -0.5 * float(np.sum(local_energies))
    levels = _levels(local_energies) if ergotropy and not whole else None
    energy_op: Blocks = {(0, 1): coupling_b, (1, 0): sp.csr_matrix(-coupling_b.T)}

    battery_energy = np.empty(grid.size)
    power = np.empty(grid.size)
    ergotropy_curve = np.empty(grid.size) if ergotropy else None
    variance = np.empty(grid.size) if fluctuations else None
    needs_states = fluctuations or levels is not None
    edges = (0.0, *switches, math.inf)
    covariance = start.covariance
    for k, chain in enumerate(pieces):
        begin, end = edges[k], edges[k + 1]
        if begin > grid[-1]:
            break
        inside = np.flatnonzero((grid >= begin) & (grid < end))
        taus = grid[inside] - begin
        piece = _Piece(chain.coupling_matrix(parity), covariance)
        m = piece.coupling
        power_op: Blocks = {
            (0, 0): sp.csr_matrix(m @ coupling_b.T - coupling_b @ m.T),
            (1, 1): sp.csr_matrix(m.T @ coupling_b - coupling_b.T @ m),
        }
        battery_energy[inside] = -0.25 * piece.traces(energy_op, taus)
        power[inside] = -0.25 * piece.traces(power_op, taus)
        if needs_states:
            for index, tau in zip(inside, taus, strict=True):
                gamma = piece.covariance(float(tau), block)
                if variance is not None:
                    variance[index] = _variance(local, gamma)
                if levels is not None and ergotropy_curve is not None:
                    ergotropy_curve[index] = _block_ergotropy(gamma, levels, battery_energy[index])
        if math.isfinite(end) and end <= grid[-1]:
            covariance = piece.covariance(end - begin, (0, n))

    initial_energy = _energy(coupling_b, start.covariance)
    if ergotropy_curve is not None and whole:
        ergotropy_curve = battery_energy - ground_energy
    two_time = None
    if fluctuations and whole and not quench:
        two_time = start.energy * battery_energy  # H_B |psi0> = E0 |psi0>
    return ChainCurves(
        battery_energy=battery_energy,
        power=power,
        ergotropy=ergotropy_curve,
        variance=variance,
        two_time=two_time,
        initial_energy=initial_energy,
        initial_variance=_variance(local, _restrict(start.covariance, block)),
        ground_energy=ground_energy,
        parity=parity,
    )
