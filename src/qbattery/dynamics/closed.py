"""Closed-system charging with exact propagators: spectral and Chebyshev.

``H(t)`` must be piecewise constant (a static Hamiltonian, :class:`~qbattery.protocols.Step`,
:class:`~qbattery.protocols.Piecewise`). On each constant piece the initial kets are expanded
once and every grid time inside the piece is read off the expansion (Gram matrices), so the cost
does not grow with the density of the time grid. A mixed initial state is propagated as the
mixture of its eigenvectors.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.dynamics.expansion import (
    ChebyshevPropagator,
    SpectralPropagator,
    chebyshev_order,
    spectral_bounds,
)
from qbattery.dynamics.observe import Observables, Request
from qbattery.operators import Operator

__all__ = ["evolve_chebyshev", "evolve_spectral"]

#: Eigen-components of a mixed initial state below this weight are dropped (they cannot change
#: any observable by more than this relative amount).
_WEIGHT_CUTOFF = 1e-14


def _components(battery: Battery) -> list[tuple[float, np.ndarray]]:
    if battery.is_pure:
        return [(1.0, battery.initial_state)]
    weights, vectors = np.linalg.eigh(battery.initial_state)
    return [(float(w), vectors[:, i]) for i, w in enumerate(weights) if w > _WEIGHT_CUTOFF]


def _run(
    battery: Battery,
    times: np.ndarray,
    request: Request,
    make_windows: Callable[[Operator, float, float], list[tuple[float, float, Any]]],
) -> Observables:
    """Walk the constant pieces and their windows; ``make_windows`` builds the propagators."""
    observables = Observables(battery, times, request)
    h_full = observables.h_full
    kets = [(w, psi, h_full @ psi) for w, psi in _components(battery)]
    for start, end, hamiltonian in battery.hamiltonian.segments(float(times[-1])):
        for w_start, w_end, propagator in make_windows(hamiltonian, start, end):
            last = w_end == times[-1]
            inside = np.nonzero((times >= w_start) & ((times < w_end) | last))[0]
            relative = times[inside] - w_start
            advanced = []
            for weight, psi, partner_ket in kets:
                expansion = propagator.expansion(psi)
                partner = propagator.expansion(partner_ket) if request.correlator else None
                if inside.size:
                    observables.add_expansion(inside, relative, weight, expansion, partner)
                advanced.append(
                    (
                        weight,
                        expansion.state(w_end - w_start),
                        partner.state(w_end - w_start) if partner is not None else partner_ket,
                    )
                )
            kets = advanced
    observables.finish()
    return observables


def evolve_spectral(battery: Battery, times: np.ndarray, request: Request) -> Observables:
    """Dense eigendecomposition of each constant piece of H(t); exact at every time."""

    def windows(hamiltonian: Operator, start: float, end: float) -> list[tuple[float, float, Any]]:
        return [(start, end, SpectralPropagator(hamiltonian))]

    return _run(battery, times, request, windows)


def evolve_chebyshev(
    battery: Battery,
    times: np.ndarray,
    request: Request,
    *,
    tol: float = 1e-12,
    max_memory: float = 4 * 2**30,
) -> Observables:
    """Chebyshev expansion of each constant piece, split into windows that fit ``max_memory``.

    A window of length L needs about ``w L + O((w L)^(1/3))`` sparse products with H, where w is
    half the spectral range; its basis of that many kets must fit in ``max_memory`` bytes.
    """

    def windows(hamiltonian: Operator, start: float, end: float) -> list[tuple[float, float, Any]]:
        d = hamiltonian.shape[0]
        real = not np.any(np.imag(hamiltonian.data if sp.issparse(hamiltonian) else hamiltonian))
        bytes_per_ket = d * (8 if real else 16) * (2 if request.correlator else 1) * 3
        max_order = max(64, int(max_memory // bytes_per_ket))
        sparse = sp.csr_matrix(hamiltonian)
        bounds = spectral_bounds(sparse)
        half_width = 0.5 * (bounds[1] - bounds[0])
        n_windows = 1
        while chebyshev_order(half_width, (end - start) / n_windows, tol) > max_order:
            n_windows *= 2
        edges = np.linspace(start, end, n_windows + 1)
        propagator = ChebyshevPropagator(sparse, (end - start) / n_windows, tol=tol, bounds=bounds)
        return [(a, b, propagator) for a, b in pairwise(edges)]

    return _run(battery, times, request, windows)
