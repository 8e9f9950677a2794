"""Battery observables along a trajectory, accumulated time point by time point.

Quantities (all with respect to the bare battery Hamiltonian H_B on the battery subsystems):
``energy`` Tr[H_B rho_B], instantaneous ``power`` dTr[H_B rho_B]/dt (review eq. 13),
``ergotropy`` of rho_B and, for fluctuations, ``second_moment`` Tr[H_B^2 rho_B] and the two-time
term ``<H_B(t) H_B(0)>`` of review eq. 28. Closed dynamics fill them from Gram matrices of an
:class:`~qbattery.dynamics.expansion.Expansion`; state-based solvers from density matrices.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qbattery.battery import Battery
from qbattery.dynamics.expansion import Expansion
from qbattery.linalg import expectation, reduced_state, reduced_state_of_ket
from qbattery.metrics.energetics import energetics
from qbattery.operators import Operator, to_dense

__all__ = ["Observables", "Request"]

#: Kets materialised at once when states are needed (bounds memory to ~_CHUNK_BYTES).
_CHUNK_BYTES = 256 * 2**20


@dataclass(frozen=True)
class Request:
    """What to compute along the trajectory besides energy and power."""

    ergotropy: bool = True
    fluctuations: bool = False
    correlator: bool = False
    battery_states: bool = False


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
    """Per-time battery observables of one run; arrays of length ``len(times)``."""

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

    def __post_init__(self) -> None:
        n = len(self.times)
        self.h_full = self.battery.battery_hamiltonian_full()
        self.energy = np.zeros(n)
        self.second_moment = np.zeros(n) if self.request.fluctuations else None
        self.power = np.zeros(n)
        self.ergotropy = np.zeros(n) if self.request.ergotropy else None
        self.two_time = np.zeros(n, dtype=complex) if self.request.correlator else None
        d_b = self.battery.battery_hamiltonian.shape[0]
        self.battery_states = np.zeros((n, d_b, d_b), dtype=complex) if self._needs_states else None
        self._pure_shortcut = _stays_pure_on_whole_space(self.battery)

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
        partner: Expansion | None = None,
    ) -> None:
        """Add ``weight`` x the contribution of the ket ``expansion`` at the grid points ``index``.

        ``partner`` is the expansion of ``H_B psi(0)``, propagated alongside for the correlator.
        """
        basis = expansion.basis
        applied = self.h_full @ basis
        gram = np.conj(basis.T) @ applied
        a, slope = expansion.coefficients_and_derivative(relative_times)
        assert slope is not None
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
        if self.battery_states is not None:
            chunk = max(1, _CHUNK_BYTES // (16 * basis.shape[0]))
            for start in range(0, len(index), chunk):
                kets = a[start : start + chunk] @ basis.T
                rho_b = reduced_state_of_ket(kets, self.battery.dims, self.battery.battery)
                self.battery_states[index[start : start + chunk]] += weight * rho_b

    # -- state-based dynamics ------------------------------------------------------------

    def add_density_matrices(
        self, index: np.ndarray, rho: np.ndarray, generator_of_h_b: list[Operator]
    ) -> None:
        """Observables from full density matrices ``rho`` (n, d, d) at grid points ``index``.

        ``generator_of_h_b[i]`` is the adjoint generator applied to H_B at time ``index[i]``,
        ``L^dagger(H_B) = i[H, H_B] + sum_j (L_j^dagger H_B L_j - {L_j^dagger L_j, H_B}/2)``,
        so that the power is ``Tr[L^dagger(H_B) rho]`` exactly.
        """
        h = to_dense(self.h_full)
        self.energy[index] = expectation(h, rho)
        if self.second_moment is not None:
            self.second_moment[index] = expectation(h @ h, rho)
        self.power[index] = [
            expectation(to_dense(q), r) for q, r in zip(generator_of_h_b, rho, strict=True)
        ]
        if self.battery_states is not None:
            self.battery_states[index] = reduced_state(rho, self.battery.dims, self.battery.battery)

    # -- finishing -------------------------------------------------------------------------

    def finish(self) -> None:
        """Compute the ergotropy once every contribution is in."""
        if self.ergotropy is None:
            return
        if self._pure_shortcut:
            # A pure state's passive state is the ground level: E = Tr[H_B rho] - e_0.
            self.ergotropy[:] = self.energy - self.battery.ground_energy
            return
        assert self.battery_states is not None
        self.ergotropy[:] = energetics(
            self.battery_states,
            to_dense(self.battery.battery_hamiltonian),
            spectrum=self.battery.battery_spectrum,
            validate=False,
        ).ergotropy
