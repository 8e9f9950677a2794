"""Charging by numerical integration with QuTiP: any protocol lambda(t), closed or Lindblad.

``qutip.sesolve`` (closed, pure) or ``qutip.mesolve`` (mixed initial state or collapse
operators) with the stated tolerances. The Lindblad master equation is

    d rho/dt = -i[H(t), rho] + sum_j (L_j rho L_j^dagger - {L_j^dagger L_j, rho}/2)

(Lindblad, Commun. Math. Phys. 48, 119 (1976); review sec. 5). The power is evaluated exactly as
``Tr[L^dagger(H_B) rho]`` with the adjoint generator, not by differencing the energy. A battery
with ``measurement_interval`` is integrated piece by piece between the measurements of H_B
(the protection step of the Zeno protocol, review sec. 5.2, Fig. 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import qutip
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.dynamics.method import Method, Options, integrator_options, option
from qbattery.dynamics.observe import Observables, Request
from qbattery.linalg import density_matrix, dephase
from qbattery.memory import available_memory, require_memory
from qbattery.operators import Operator, to_dense, to_sparse
from qbattery.validation import from_zero, positive_int, positive_real

__all__ = ["ODE", "ODEOptions", "adjoint_generator", "evolve_ode"]


@dataclass(frozen=True)
class ODEOptions(Options):
    """Options of ``method="ode"``: the tolerances of QuTiP's ``sesolve``/``mesolve``.

    Attributes
    ----------
    atol, rtol : float
        Absolute and relative tolerance of the integrator.
    nsteps : int
        Most integrator steps between two output times.

    Examples
    --------
    >>> from qbattery.dynamics.ode import ODEOptions
    >>> ODEOptions(rtol=1e-8).rtol
    1e-08
    """

    atol: float = option(1e-12, positive_real)
    rtol: float = option(1e-10, positive_real)
    nsteps: int = option(1_000_000, positive_int)


def _dissipative_part(battery: Battery, h_b: sp.csr_matrix) -> sp.csr_matrix:
    """``sum_j (L_j^dagger H_B L_j - {L_j^dagger L_j, H_B}/2)``."""
    dissipative = sp.csr_matrix(h_b.shape, dtype=np.complex128)
    for jump in battery.collapse_ops:
        jump = to_sparse(jump)
        jump_dag = jump.getH()
        number = jump_dag @ jump
        dissipative = dissipative + jump_dag @ h_b @ jump - 0.5 * (number @ h_b + h_b @ number)
    return sp.csr_matrix(dissipative)


def _commutator(operator: Operator, h_b: sp.csr_matrix) -> sp.csr_matrix:
    """``i[operator, H_B]``."""
    op = to_sparse(operator)
    return sp.csr_matrix(1j * (op @ h_b - h_b @ op))


def adjoint_generator(battery: Battery, hamiltonian: Operator, h_full: Operator) -> Operator:
    """``L^dagger(H_B) = i[H, H_B] + sum_j (L_j^dagger H_B L_j - {L_j^dagger L_j, H_B}/2)`` for a
    constant ``H``: the power is ``Tr[L^dagger(H_B) rho]`` (Breuer & Petruccione, sec. 3.2).

    Examples
    --------
    For the closed qubit ``H = sigma_x``, ``L^dagger(H_B) = i[H, H_B]``, whose mean in ``|g>`` is
    the initial power 0:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.ode import adjoint_generator
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
    >>> rate = adjoint_generator(qubit, sx, hb)
    >>> np.round(rate.toarray(), 12)
    array([[0.+0.j, 0.+1.j],
           [0.-1.j, 0.+0.j]])
    """
    h_b = to_sparse(h_full)
    return _commutator(hamiltonian, h_b) + _dissipative_part(battery, h_b)


def _adjoint_generator_parts(battery: Battery, h_full: Operator) -> tuple[Operator, list, Operator]:
    """Pieces of ``L^dagger(H_B)``: i[H_0, H_B], i[H_k, H_B] per drive, and the dissipator."""
    h_b = to_sparse(h_full)
    drives = [(_commutator(op, h_b), f) for op, f in battery.hamiltonian.drives]
    return _commutator(battery.hamiltonian.static, h_b), drives, _dissipative_part(battery, h_b)


#: A measurement instant k * interval within this relative distance of a grid time is that grid
#: time: k * interval in floating point misses t = 0.6 for interval 0.2 and k = 3 by 1e-16.
_COINCIDENT = 1e-9


def _measurement_times(battery: Battery, grid: np.ndarray) -> np.ndarray:
    """Instants ``k * interval`` (k >= 1) of the protection measurements up to ``grid[-1]``.

    An instant that coincides with a grid time up to round-off (``_COINCIDENT``) is moved onto
    it, so that the grid time reports the state just after that measurement.
    """
    interval = battery.measurement_interval
    if interval is None:
        return np.empty(0)
    t_end = float(grid[-1])
    instants = interval * np.arange(1, int(np.floor(t_end / interval * (1 + 1e-12))) + 1)
    nearest = np.clip(np.searchsorted(grid, instants), 1, grid.size - 1)
    for candidate in (nearest - 1, nearest):
        close = np.abs(grid[candidate] - instants) <= _COINCIDENT * np.maximum(interval, instants)
        instants = np.where(close, grid[candidate], instants)
    return instants[instants <= t_end]


def _stays_pure(battery: Battery) -> bool:
    """Closed, unmeasured evolution of a ket: ``sesolve`` on kets, no density matrices."""
    return battery.is_pure and not battery.collapse_ops and battery.measurement_interval is None


def _integrate_kets(battery: Battery, grid: np.ndarray, options: dict[str, Any]) -> np.ndarray:
    """Kets at ``grid`` (starting at 0; shape (n, d)) from QuTiP's ``sesolve``."""
    dims = battery.space_dims
    hamiltonian = qutip.QobjEvo(battery.hamiltonian.to_qobj_list(dims))
    psi0 = qutip.Qobj(battery.initial_state, dims=[dims, [1] * len(dims)])
    states = qutip.sesolve(hamiltonian, psi0, grid, options=options).states
    return np.array([state.full()[:, 0] for state in states])


def _integrate(battery: Battery, grid: np.ndarray, options: dict[str, Any]) -> np.ndarray:
    """Density matrices at ``grid`` (starting at 0; shape (n, d, d)), measurements applied.

    A non-selective projective measurement of H_B on the battery at time ``t_m`` maps
    ``rho -> sum_k P_k rho P_k`` (``P_k`` the eigenprojectors of H_B, identity elsewhere;
    von Neumann, Lueders). Between measurements QuTiP integrates from one to the next through
    the grid times in between, however few; a grid time at a measurement instant (up to
    round-off) reports the state just after the measurement.
    """
    dims = battery.space_dims
    hamiltonian = qutip.QobjEvo(battery.hamiltonian.to_qobj_list(dims))
    measurements = _measurement_times(battery, grid)
    c_ops = [qutip.Qobj(c, dims=[dims, dims]) for c in battery.collapse_ops]
    h_b = to_dense(battery.battery_hamiltonian_full())
    rho = density_matrix(battery.initial_state)
    out = np.empty((len(grid), *rho.shape), dtype=complex)
    out[0] = rho
    ends = [float(t) for t in measurements]
    if not ends or ends[-1] < grid[-1]:
        ends.append(float(grid[-1]))
    start = 0.0
    for end in ends:
        inside = np.nonzero((grid > start) & (grid <= end))[0]
        local = np.unique(np.concatenate([[start], grid[inside], [end]]))
        if local.size > 1:
            states = qutip.mesolve(
                hamiltonian, qutip.Qobj(rho, dims=[dims, dims]), local, c_ops=c_ops, options=options
            ).states
            by_time = {t: state.full() for t, state in zip(local, states, strict=True)}
            for index in inside:
                out[index] = by_time[grid[index]]
            rho = by_time[end]
        if measurements.size and end in measurements:
            rho = dephase(rho, h_b)
            out[grid == end] = rho
        start = end
    return out


def evolve_ode(
    battery: Battery, times: np.ndarray, request: Request, options: ODEOptions
) -> Observables:
    """Integrate with QuTiP; states are stored on the grid and reduced to battery observables.

    Examples
    --------
    QuTiP's integrator on the driven qubit: ``sin^2 t`` (units of omega) to its tolerances:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.observe import Request
    >>> from qbattery.dynamics.ode import ODEOptions, evolve_ode
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(sx, hb, np.array([1.0, 0.0]))
    >>> curves = evolve_ode(qubit, np.array([0.0, np.pi / 4]), Request(), ODEOptions())
    >>> np.round(curves.energy, 8)
    array([0. , 0.5])
    """
    observables = Observables(battery, times, request)
    grid = from_zero(times)
    settings = integrator_options(options)
    keep = slice(len(grid) - len(times), None)  # drop t = 0 if it was prepended
    if _stays_pure(battery):
        kets = _integrate_kets(battery, grid, settings)[keep]
        hamiltonians = [battery.hamiltonian.at(float(t)) for t in times]
        observables.add_kets(np.arange(len(times)), kets, hamiltonians)
        observables.finish()
        return observables
    rho = _integrate(battery, grid, settings)[keep]
    static, drives, dissipative = _adjoint_generator_parts(battery, observables.h_full)
    generators = []
    for t in times:
        generator = static + dissipative
        for commutator, protocol in drives:
            generator = generator + float(protocol(t)) * commutator
        generators.append(generator)
    observables.add_density_matrices(np.arange(len(times)), rho, generators)
    observables.finish()
    return observables


def _check_ode_memory(battery: Battery, points: int) -> None:
    d = battery.dimension
    per_time = 16.0 * d if _stays_pure(battery) else 2 * 16.0 * d * d  # kets, or rho and copies
    largest = int(available_memory() / per_time)
    require_memory(
        per_time * points,
        "times",
        f"the states at {points} times of dimension {d} (method 'ode')",
        f"at most about {largest} times fit; pass a coarser grid",
    )


ODE = Method(
    "ode",
    evolve_ode,
    ODEOptions,
    collapse_ops=True,
    measurements=True,
    continuous=True,
    check_memory=_check_ode_memory,
)
