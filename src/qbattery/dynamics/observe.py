"""Battery observables along a trajectory, accumulated time point by time point.

Quantities (all with respect to the bare battery Hamiltonian H_B on the battery subsystems):
``energy`` Tr[H_B rho_B], instantaneous ``power`` dTr[H_B rho_B]/dt (review eq. 13),
``ergotropy`` of rho_B and, for fluctuations, ``second_moment`` Tr[H_B^2 rho_B] and the two-time
term ``<H_B(t) H_B(0)>`` of review eq. 28. Closed dynamics fill them from Gram matrices of an
:class:`~qbattery.dynamics.expansion.Expansion`; state-based solvers from density matrices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from qbattery.bases.subspace_trace import SubspaceTrace
from qbattery.battery import Battery
from qbattery.dynamics.battery_power import BatteryPower
from qbattery.dynamics.ergotropy_stream import ErgotropyStream
from qbattery.dynamics.expansion import Expansion
from qbattery.linalg import (
    LevelSpectrum,
    expectation,
    paired_energy,
    reduced_state,
    reduced_state_of_ket,
)
from qbattery.metrics.passivity import energetics
from qbattery.operators import Operator, nonzeros, to_dense

__all__ = ["Observables", "Request", "observation_cost"]

#: Kets materialised at once when states are needed (bounds memory to ~_CHUNK_BYTES).
_CHUNK_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Request:
    """What to compute along the trajectory besides energy and power.

    Examples
    --------
    >>> from qbattery.dynamics.observe import Request
    >>> request = Request(fluctuations=True)
    >>> request.ergotropy, request.fluctuations, request.battery_states
    (True, True, False)
    """

    ergotropy: bool = True
    fluctuations: bool = False
    correlator: bool = False
    battery_states: bool = False
    full_states: bool = False
    #: Called with the number of grid points (weighted by the share of the initial state) whose
    #: contribution is in, for a progress bar.
    progress: Callable[[float], None] | None = field(default=None, compare=False)


def observation_cost(order: int, points: int, dimension: int, nnz_b: int) -> tuple[float, bool]:
    """Operation counts of the two ways to read observables off an expansion, and the choice.

    Gram matrices: ``K nnz_B + 2 K^2 d + n K^2``; kets: ``n K d + 3 n nnz`` (H_B and H applied
    to each ket), sparse products weighted 10x against dense ones. Returns the smaller count and
    whether it is the Gram route.

    Examples
    --------
    >>> from qbattery.dynamics.observe import observation_cost
    >>> observation_cost(10, 5, 100, 50)
    (17500.0, False)
    """
    gram = 10.0 * order * nnz_b + 2.0 * order**2 * dimension + points * order**2
    kets = 2.0 * points * order * dimension + 30.0 * points * nnz_b
    return (gram, True) if gram <= kets else (kets, False)


def _diagonal_or_none(operator: Operator) -> np.ndarray | None:
    """The diagonal of ``operator`` if that is all it has (H_B in its eigenbasis), else None."""
    matrix = sp.csr_matrix(operator)
    diagonal = matrix.diagonal()
    if np.count_nonzero(matrix.data) != np.count_nonzero(diagonal):
        return None
    return np.real(diagonal)  # H_B is Hermitian


def _stays_pure_on_whole_space(battery: Battery) -> bool:
    """Closed, unmeasured dynamics of a pure state of which the battery is the whole space."""
    unitary = not battery.collapse_ops and battery.measurement_interval is None
    return battery.battery_is_whole_space and battery.is_pure and unitary


def _conj_times(a: np.ndarray, gram: np.ndarray) -> np.ndarray:
    """``conj(a) @ gram``; with a real Gram matrix as two real products (4x fewer flops)."""
    if np.isrealobj(gram):
        return (a.real @ gram) - 1j * (a.imag @ gram)
    return np.conj(a) @ gram


def _quadratic(a: np.ndarray, gram: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``a_t^dagger G b_t`` for every row t."""
    return np.einsum("tk,tk->t", _conj_times(a, gram), b)


@dataclass
class Observables:
    """Per-time battery observables of one run; arrays of length ``len(times)``.

    Examples
    --------
    Observables filled by hand from the ket ``|e>`` of a qubit battery (energy in units of omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.observe import Observables, Request
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
    >>> curves = Observables(qubit, np.array([0.0, 1.0]), Request())
    >>> curves.add_kets(np.array([1]), np.array([[0.0, 1.0 + 0j]]), [sx])
    >>> curves.finish()
    >>> curves.energy, curves.ergotropy
    (array([0., 1.]), array([0., 1.]))
    """

    battery: Battery
    times: np.ndarray
    request: Request
    h_full: Operator = field(init=False)
    energy: np.ndarray = field(init=False)
    second_moment: np.ndarray | None = field(init=False)
    power: np.ndarray = field(init=False)
    ergotropy: np.ndarray | None = field(init=False)
    two_time: np.ndarray | None = field(init=False)
    battery_states: np.ndarray | None = field(init=False)
    populations: np.ndarray | None = field(init=False)
    edge_population: np.ndarray | None = field(init=False)
    full_states: np.ndarray | None = field(init=False)
    notes: dict[str, float] = field(init=False)  # what a solver reports beside its options

    def __post_init__(self) -> None:
        n = len(self.times)
        self.notes = {}
        self.h_full = self.battery.battery_hamiltonian_full()
        self.energy = np.zeros(n)
        self.second_moment = np.zeros(n) if self.request.fluctuations else None
        self.power = np.zeros(n)
        self.ergotropy = np.zeros(n) if self.request.ergotropy else None
        self.two_time = np.zeros(n, dtype=complex) if self.request.correlator else None
        d_b = self.battery.battery_hamiltonian.shape[0]
        sector = self.battery.sector is not None and self.battery.sector.diagonal
        self.populations = np.zeros((n, d_b)) if sector and self._needs_states else None
        # reduced states (n, d_B, d_B), allocated by the first contribution that must be kept
        self._dense_states = self._needs_states and not sector
        self.battery_states = None
        self._pure_shortcut = _stays_pure_on_whole_space(self.battery)
        truncation = self.battery.truncation
        self._edge = None if truncation is None else truncation.edge
        self.edge_population = None if truncation is None else np.zeros(n)
        self.full_states = None  # allocated by the first state kept (kets or matrices)
        self._h_diagonal = _diagonal_or_none(self.h_full)
        subspace = self.battery.subspace
        self._trace = (
            SubspaceTrace.build(subspace, self.battery.dims, self.battery.battery)
            if subspace is not None and self._needs_states
            else None
        )
        self._power = BatteryPower(self.h_full, self._h_diagonal, n)
        self._stream = (
            ErgotropyStream(self.battery, self.ergotropy)
            if self._needs_states and self.ergotropy is not None
            else None
        )

    @property
    def _needs_states(self) -> bool:
        shortcut = _stays_pure_on_whole_space(self.battery)
        return self.request.battery_states or (self.request.ergotropy and not shortcut)

    # -- closed dynamics: kets as expansions ------------------------------------------------

    def add_expansion(
        self,
        index: np.ndarray,
        relative_times: np.ndarray,
        weight: float,
        expansion: Expansion,
        hamiltonian: Operator,
        partner: Expansion | None = None,
        end: float | None = None,
    ) -> np.ndarray | None:
        """Add ``weight`` x the contribution of the ket ``expansion`` at the grid points ``index``.

        ``hamiltonian`` is the (constant) H of this window; ``partner`` the expansion of
        ``H_B psi(0)``, propagated alongside for the correlator. If the kets are materialised
        anyway, the ket at relative time ``end`` comes out of the same product (one pass over
        the basis instead of two) and is returned; otherwise None.
        Observables come from K x K Gram matrices of the basis when many grid points share it,
        from the kets themselves otherwise (:func:`observation_cost`).

        Examples
        --------
        ``sin^2 t`` at ``t = pi/4`` from the spectral expansion of ``exp(-i sigma_x t)|g>``:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.expansion import SpectralPropagator
        >>> from qbattery.dynamics.observe import Observables, Request
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
        >>> curves = Observables(qubit, np.array([np.pi / 4]), Request(ergotropy=False))
        >>> expansion = SpectralPropagator(sx).expansion(np.array([1.0, 0.0], dtype=complex))
        >>> _ = curves.add_expansion(np.array([0]), np.array([np.pi / 4]), 1.0, expansion, sx)
        >>> np.round(curves.energy, 12)
        array([0.5])
        """
        basis = expansion.basis
        a, slope = expansion.coefficients_and_derivative(relative_times)
        assert slope is not None
        d, order = basis.shape
        nnz_b = nonzeros(self.h_full)
        _, by_gram = observation_cost(order, len(index), d, nnz_b)
        if by_gram:
            self._add_by_gram(index, relative_times, weight, basis, a, slope, partner)
            if self.edge_population is not None:
                edge_rows = basis[self._edge]
                edge_gram = np.conj(edge_rows.T) @ edge_rows
                self.edge_population[index] += weight * np.real(_quadratic(a, edge_gram, a))
        chunk = max(1, _CHUNK_BYTES // (16 * d))
        end_state = None
        for start in range(0, len(index), chunk):
            rows = slice(start, start + chunk)
            kets = None
            if not by_gram:
                last = start + chunk >= len(index) and end is not None
                if last:
                    stacked = np.concatenate([a[rows], expansion.coefficients(np.array([end]))])
                    both = expansion.kets(stacked)
                    kets, end_state = both[:-1], both[-1]
                else:
                    kets = expansion.kets(a[rows])
                partner_kets = (
                    partner.kets(partner.coefficients(relative_times[rows]))
                    if partner is not None
                    else None
                )
                self._add_by_kets(index[rows], weight, kets, hamiltonian, partner_kets)
            if self._needs_states or self.request.full_states:
                kets = expansion.kets(a[rows]) if kets is None else kets
            if self._needs_states:
                self._add_battery_state(index[rows], weight, kets=kets)
            if self.request.full_states:
                self._add_full_state(index[rows], weight, kets=kets)
            self._advance(weight * len(index[rows]))
        return end_state

    def _add_by_gram(
        self,
        index: np.ndarray,
        relative_times: np.ndarray,
        weight: float,
        basis: np.ndarray,
        a: np.ndarray,
        slope: np.ndarray,
        partner: Expansion | None,
    ) -> None:
        applied = self.h_full @ basis
        gram = np.conj(basis.T) @ applied
        a_gram = _conj_times(a, gram)
        self.energy[index] += weight * np.real(np.einsum("tk,tk->t", a_gram, a))
        self.power[index] += weight * 2 * np.real(np.einsum("tk,tk->t", a_gram, slope))
        if self.second_moment is not None:
            self.second_moment[index] += weight * np.real(
                _quadratic(a, np.conj(applied.T) @ applied, a)
            )
        if partner is not None and self.two_time is not None:
            cross = np.conj(applied.T) @ partner.basis
            self.two_time[index] += weight * _quadratic(
                a, cross, partner.coefficients(relative_times)
            )

    def _add_by_kets(
        self,
        index: np.ndarray,
        weight: float,
        kets: np.ndarray,
        hamiltonian: Operator,
        partner_kets: np.ndarray | None,
    ) -> None:
        """``<psi|H_B|psi>``, power ``2 Im<H_B psi|H psi>`` (``psi' = -i H psi``), ``|H_B psi|^2``,
        ``<H_B psi|phi>``."""
        if self.edge_population is not None:
            edge = np.abs(kets[:, self._edge]) ** 2
            self.edge_population[index] += weight * np.sum(edge, axis=1)
        diagonal = self._h_diagonal
        if diagonal is not None and self.second_moment is None and partner_kets is None:
            self.power[index] += weight * self._power.of(kets, hamiltonian)
            probabilities = kets.real**2 + kets.imag**2
            self.energy[index] += weight * (probabilities @ diagonal)
            return
        if diagonal is not None:
            applied = kets * diagonal
        else:
            applied = np.asarray((self.h_full @ kets.T).T)
        self.power[index] += weight * self._power.of(kets, hamiltonian, applied)
        conj_applied = np.conj(applied)
        self.energy[index] += weight * np.real(np.einsum("td,td->t", np.conj(kets), applied))
        if self.second_moment is not None:
            self.second_moment[index] += weight * np.einsum("td,td->t", conj_applied, applied).real
        if partner_kets is not None and self.two_time is not None:
            self.two_time[index] += weight * np.einsum("td,td->t", conj_applied, partner_kets)

    def add_kets(self, index: np.ndarray, kets: np.ndarray, hamiltonians: list[Operator]) -> None:
        """Observables from kets ``(n, d)`` at grid points ``index``; ``hamiltonians[i]`` is
        ``H(t)`` at ``index[i]`` (for the exact power ``2 Im<H_B psi|H psi>``).

        Examples
        --------
        The power ``2 Im<H_B psi|H psi>`` of ``(|g> + |e>)/sqrt(2)`` under ``H = sigma_x`` is 0:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.observe import Observables, Request
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
        >>> curves = Observables(qubit, np.array([0.0]), Request(ergotropy=False))
        >>> curves.add_kets(np.array([0]), np.array([[1.0, 1.0]]) / np.sqrt(2), [sx])
        >>> np.round(curves.energy, 12), np.round(curves.power, 12)
        (array([0.5]), array([0.]))
        """
        for position, hamiltonian in enumerate(hamiltonians):
            rows = slice(position, position + 1)
            self._add_by_kets(index[rows], 1.0, kets[rows], hamiltonian, None)
        if self._needs_states:
            self._add_battery_state(index, 1.0, kets=kets)
        if self.request.full_states:
            self._add_full_state(index, 1.0, kets=kets)
        self._advance(len(index))

    def _advance(self, points: float) -> None:
        if self.request.progress is not None:
            self.request.progress(points)

    # -- state-based dynamics ------------------------------------------------------------

    def add_density_matrices(
        self, index: np.ndarray, rho: np.ndarray, generator_of_h_b: list[Operator]
    ) -> None:
        """Observables from full density matrices ``rho`` (n, d, d) at grid points ``index``.

        ``generator_of_h_b[i]`` is the adjoint generator applied to H_B at time ``index[i]``,
        ``L^dagger(H_B) = i[H, H_B] + sum_j (L_j^dagger H_B L_j - {L_j^dagger L_j, H_B}/2)``,
        so that the power is ``Tr[L^dagger(H_B) rho]`` exactly.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.observe import Observables, Request
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(hb, hb, np.array([1.0, 0.0]))
        >>> curves = Observables(qubit, np.array([0.0]), Request(ergotropy=False))
        >>> rho = np.diag([0.25, 0.75])[None]
        >>> curves.add_density_matrices(np.array([0]), rho, [np.zeros((2, 2))])
        >>> curves.energy, curves.power
        (array([0.75]), array([0.]))
        """
        h = to_dense(self.h_full)
        self.energy[index] = expectation(h, rho)
        if self.second_moment is not None:
            self.second_moment[index] = expectation(h @ h, rho)
        self.power[index] = [
            expectation(to_dense(q), r) for q, r in zip(generator_of_h_b, rho, strict=True)
        ]
        if self._needs_states:
            self._add_battery_state(index, 1.0, rho=rho)
        if self.request.full_states:
            self._add_full_state(index, 1.0, rho=rho)
        if self.edge_population is not None:
            diagonal = np.real(np.diagonal(rho, axis1=-2, axis2=-1))
            self.edge_population[index] = np.sum(diagonal[:, self._edge], axis=1)
        self._advance(len(index))

    def _add_battery_state(
        self,
        index: np.ndarray,
        weight: float,
        *,
        kets: np.ndarray | None = None,
        rho: np.ndarray | None = None,
    ) -> None:
        """Accumulate the reduced battery state (or, in a sector, its populations)."""
        battery = self.battery
        if self.populations is not None and battery.sector is not None:
            if kets is not None:
                weights = np.abs(kets) ** 2
            else:
                assert rho is not None
                weights = np.real(np.diagonal(rho, axis1=-2, axis2=-1))
            self.populations[index] += weight * battery.sector.populations(weights)
        elif self._dense_states:
            if battery.sector is not None:  # several sectors: coherences between them too
                reduced = (
                    battery.sector.reduced_states(kets)
                    if kets is not None
                    else battery.sector.reduced_states_of_matrices(rho)  # type: ignore[arg-type]
                )
            elif kets is not None and self._trace is not None:
                reduced = self._trace.reduced_states(kets)
            elif kets is not None:
                reduced = reduced_state_of_ket(battery.embed(kets), battery.dims, battery.battery)
            else:
                assert rho is not None
                if battery.subspace is not None:
                    size = int(np.prod(battery.dims))
                    full = np.zeros((rho.shape[0], size, size), dtype=complex)
                    full[:, battery.subspace[:, None], battery.subspace[None, :]] = rho
                    rho = full
                reduced = reduced_state(rho, battery.dims, battery.battery)
            if rho is not None and not self.request.battery_states:
                # complete states nobody keeps: their ergotropy now, no (n, d_B, d_B) copy
                if self._stream is not None:
                    self._stream.submit(index, reduced)
                return
            self.add_reduced_states(index, weight * reduced)

    def add_reduced_states(self, index: np.ndarray, reduced: np.ndarray) -> None:
        """Add reduced battery states (len(index), d_B, d_B) to those kept at ``index``.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.observe import Observables, Request
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(hb, hb, np.array([1.0, 0.0]))
        >>> curves = Observables(qubit, np.array([0.0]), Request(battery_states=True))
        >>> curves.add_reduced_states(np.array([0]), np.diag([0.25, 0.75])[None])
        >>> curves.battery_states[0].real
        array([[0.25, 0.  ],
               [0.  , 0.75]])
        """
        if self.battery_states is None:
            d_b = reduced.shape[-1]
            self.battery_states = np.zeros((len(self.times), d_b, d_b), dtype=complex)
        self.battery_states[index] += reduced

    def _add_full_state(
        self,
        index: np.ndarray,
        weight: float,
        *,
        kets: np.ndarray | None = None,
        rho: np.ndarray | None = None,
    ) -> None:
        """Keep the state of the whole space: the kets of a closed run from a pure state (one
        component of weight 1), density matrices otherwise (weight x |k><k| per component)."""
        if self.full_states is None:
            d = self.battery.dimension
            as_kets = kets is not None and self.battery.is_pure
            shape = (len(self.times), d) if as_kets else (len(self.times), d, d)
            self.full_states = np.zeros(shape, dtype=complex)
        if rho is not None:
            self.full_states[index] = rho
        elif self.full_states.ndim == 2:
            assert kets is not None
            self.full_states[index] = kets
        else:
            assert kets is not None
            self.full_states[index] += weight * kets[:, :, None] * np.conj(kets[:, None, :])

    # -- finishing -------------------------------------------------------------------------

    def finish(self) -> None:
        """Compute the ergotropy once every contribution is in.

        Examples
        --------
        The ergotropy of ``diag(0.25, 0.75)`` is ``0.75 - 0.25 = 0.5`` (units of omega):

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.observe import Observables, Request
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(hb, hb, np.diag([0.25, 0.75]))
        >>> curves = Observables(qubit, np.array([0.0]), Request(battery_states=True))
        >>> curves.add_reduced_states(np.array([0]), np.diag([0.25, 0.75])[None])
        >>> curves.finish()
        >>> np.round(curves.ergotropy, 12)
        array([0.5])
        """
        if self._stream is not None:
            self._stream.collect()
        if self.populations is not None:
            self._finish_from_populations(self.populations)
            return
        if self.ergotropy is None:
            return
        if self._pure_shortcut:
            # A pure state's passive state is the ground level: E = Tr[H_B rho] - e_0.
            self.ergotropy[:] = self.energy - self.battery.ground_energy
            return
        if self.battery_states is None:  # computed state by state as they came
            return
        self.ergotropy[:] = energetics(
            self.battery_states,
            to_dense(self.battery.battery_hamiltonian),
            spectrum=self.battery.battery_spectrum,
            validate=False,
            blocks=None if self._trace is None else self._trace.blocks,
            eigenvalues=None
            if self._stream is None
            else self._stream.mirror_spectra(self.battery_states),
        ).ergotropy

    def _finish_from_populations(self, populations: np.ndarray) -> None:
        """Sector batteries: rho_B = diag(populations) in the eigenbasis of H_B."""
        levels = np.real(sp.csr_matrix(self.battery.battery_hamiltonian).diagonal())
        if self.ergotropy is not None:
            spectrum = self.battery.battery_spectrum or LevelSpectrum(
                *np.unique(levels, return_counts=True)
            )
            passive = paired_energy(-np.sort(-populations, axis=-1), spectrum)
            self.ergotropy[:] = populations @ levels - passive
        if self.request.battery_states:
            d_b = populations.shape[-1]
            self.battery_states = np.zeros((len(populations), d_b, d_b), dtype=complex)
            self.battery_states[:, np.arange(d_b), np.arange(d_b)] = populations
