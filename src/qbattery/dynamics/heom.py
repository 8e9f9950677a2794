"""Structured bosonic baths solved by the hierarchical equations of motion (HEOM).

A battery (charger + battery) couples to harmonic baths through Hermitian operators,
``H_I = sum_b Q_b (x) X_b``; each bath enters only through its correlation function
``C(t) = <X(t) X(0)> = (1/pi) int_0^inf J(w) [coth(w / 2T) cos(wt) - i sin(wt)] dw``.
Written as a sum of exponentials ``C(t) = sum_k c_k e^{-nu_k t}``, the exact reduced dynamics is
the hierarchy of auxiliary density operators (Tanimura & Kubo, J. Phys. Soc. Jpn. 58, 101
(1989); Tanimura, J. Chem. Phys. 153, 020901 (2020)), truncated at ``max_depth`` and solved by
QuTiP 5's :class:`qutip.solver.heom.HEOMSolver` (Lambert et al., PRR 5, 013181 (2023)).

The baths are described in :mod:`qbattery.environments.baths` (Drude-Lorentz, with Matsubara or
Pade terms and a Markovian terminator; Ohmic, fitted by exponentials); a battery whose
environment is one of them is solved here (``method = "heom"``).

Independent baths combine with ``+`` (e.g. one on the charger, one on the battery, as in Kamin
et al., NJP 22, 083007 (2020)). The battery's ``collapse_ops`` are added as Lindblad terms.

Power: ``P = Tr[H_B d rho/dt]`` with ``d rho/dt`` the exact right-hand side of the hierarchy at
level 0 (system Liouvillian on rho plus the coupling to the first-level auxiliary operators), not
a difference of energies. Depth: unless ``check_depth=False`` the hierarchy is solved again at
``max_depth + 1`` and a ``ConvergenceWarning`` names ``max_depth`` if the two trajectories differ
by more than ``depth_tolerance`` in trace distance (docs/conventions.md, "Numerics").
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import qutip
import scipy.sparse as sp
from qutip.core.environment import system_terminator
from qutip.solver.heom import HEOMSolver

from qbattery.battery import Battery
from qbattery.dynamics.method import Method, Options, boolean, integrator_options, option
from qbattery.dynamics.observe import Observables, Request
from qbattery.environments.baths import ExponentialBath, HEOMEnvironment
from qbattery.errors import ConvergenceWarning
from qbattery.linalg import density_matrix
from qbattery.operators import to_dense
from qbattery.validation import from_zero, positive_int, positive_real

__all__ = ["HEOM", "HEOMOptions", "evolve_heom", "system_liouvillian"]


@dataclass(frozen=True)
class HEOMOptions(Options):
    """Options of ``method="heom"``.

    Attributes
    ----------
    max_depth : int
        Depth at which the hierarchy is truncated.
    atol, rtol : float
        Absolute and relative tolerance of the integrator.
    nsteps : int
        Most integrator steps between two output times.
    depth_tolerance : float
        Largest trace distance allowed between the states at ``max_depth`` and
        ``max_depth + 1``.
    check_depth : bool
        Solve again at ``max_depth + 1`` and compare (about doubles the cost).

    Examples
    --------
    >>> from qbattery.dynamics.heom import HEOMOptions
    >>> HEOMOptions().max_depth
    3
    """

    max_depth: int = option(3, positive_int)
    atol: float = option(1e-10, positive_real)
    rtol: float = option(1e-8, positive_real)
    nsteps: int = option(100_000, positive_int)
    depth_tolerance: float = option(1e-5, positive_real)
    check_depth: bool = option(True, boolean)


def system_liouvillian(battery: Battery, terminators: Sequence[tuple[qutip.Qobj, complex]] = ()):
    """``-i[H(t), .] + sum_j D[L_j]`` (+ terminators) as a QuTiP ``QobjEvo`` superoperator.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.heom import system_liouvillian
    >>> hb = np.diag([0.0, 1.0])
    >>> leaky = qb.local_noise(qb.Battery(hb, hb, np.array([0.0, 1.0])), emission=1.0)
    >>> system_liouvillian(leaky)(0.0).dims
    [[[2], [2]], [[2], [2]]]
    """
    dims = battery.space_dims
    hamiltonian = qutip.QobjEvo(battery.hamiltonian.to_qobj_list(dims))
    c_ops = [qutip.Qobj(c, dims=[dims, dims]) for c in battery.collapse_ops]
    liouvillian = qutip.liouvillian(hamiltonian, c_ops)
    for coupling, delta in terminators:
        liouvillian = liouvillian + system_terminator(coupling, delta)
    return liouvillian


def _baths(battery: Battery) -> list[ExponentialBath]:
    environment = battery.environment
    assert isinstance(environment, HEOMEnvironment)
    return [
        bath.exponential_bath(battery, f"environment.members()[{i}].coupling_operator")
        for i, bath in enumerate(environment.members())
    ]


def _solve(
    battery: Battery,
    baths: list[ExponentialBath],
    grid: np.ndarray,
    depth: int,
    options: dict[str, Any],
    store_ados: bool,
) -> tuple[Any, Any, Any]:
    liouvillian = system_liouvillian(
        battery, [(b.coupling, b.terminator) for b in baths if b.terminator is not None]
    )
    solver = HEOMSolver(
        liouvillian,
        [(b.exponentials, b.coupling) for b in baths],
        max_depth=depth,
        options={**options, "store_ados": store_ados, "progress_bar": False},
    )
    dims = battery.space_dims
    state = battery.initial_state
    rho0 = density_matrix(state)
    result = solver.run(qutip.Qobj(rho0, dims=[dims, dims]), grid)
    return solver, liouvillian, result


def _power(
    solver: Any, liouvillian: Any, ado_states: list[Any], times: np.ndarray, h_b: np.ndarray
) -> np.ndarray:
    """``Re Tr[H_B d rho/dt]`` from the level-0 rows of the hierarchy's right-hand side.

    ``d vec(rho)/dt = L_sys(t) vec(rho) + B v`` with ``B`` the level-0 rows of the bath part
    (constant in time) and ``v`` the first-level auxiliary operators it couples to; vectors are
    column-stacked, as in QuTiP.
    """
    n = h_b.shape[0]
    n2 = n * n
    rows = sp.csr_matrix(qutip.data.to("csr", solver.rhs(0.0).data).as_scipy()[:n2])
    system_block = sp.csr_matrix(qutip.data.to("csr", liouvillian(0.0).data).as_scipy())
    bath_rows = sp.lil_matrix(rows)
    bath_rows[:, :n2] = rows[:, :n2] - system_block
    bath_rows = sp.csr_matrix(bath_rows)
    bath_rows.eliminate_zeros()
    blocks = np.unique(bath_rows.indices // n2)
    weight = h_b.T.reshape(-1, order="F")  # Tr[H X] = vec(H^T) . vec(X)
    bath_weight = (bath_rows.T @ weight).reshape(-1, n2)  # one row per ADO block
    power = np.empty(len(times))
    for k, (t, state) in enumerate(zip(times, ado_states, strict=True)):
        rho = state.rho.full().reshape(-1, order="F")
        total = weight @ (qutip.data.to("csr", liouvillian(t).data).as_scipy() @ rho)
        for block in blocks:
            ado = state.extract(int(block)).full().reshape(-1, order="F")
            total += bath_weight[block] @ ado
        power[k] = float(np.real(total))
    return power


def evolve_heom(
    battery: Battery, times: np.ndarray, request: Request, options: HEOMOptions
) -> Observables:
    """Solve the hierarchy for a battery with a :class:`HEOMEnvironment` (see
    :class:`HEOMOptions` for the depth and its check).

    Examples
    --------
    A qubit ``H = H_B = diag(0, 1)`` whose ``sigma_z`` couples to a weak Drude-Lorentz bath: pure
    dephasing, so the energy (populations) stays at its initial value 0.5 (units of omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery import DrudeLorentzEnvironment
    >>> from qbattery.dynamics.heom import HEOMOptions, evolve_heom
    >>> from qbattery.dynamics.observe import Request
    >>> hb = np.diag([0.0, 1.0])
    >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
    >>> plus = qb.Battery(hb, hb, np.array([1.0, 1.0]) / np.sqrt(2), environment=bath)
    >>> curves = evolve_heom(plus, np.array([0.0, 1.0]), Request(), HEOMOptions(max_depth=2))
    >>> np.round(curves.energy, 8)
    array([0.5, 0.5])
    """
    depth = options.max_depth
    qutip_options = integrator_options(options)
    baths = _baths(battery)
    grid = from_zero(times)
    offset = len(grid) - len(times)
    solver, liouvillian, result = _solve(battery, baths, grid, depth, qutip_options, True)
    rho = np.array([state.full() for state in result.states])[offset:]
    observables = Observables(battery, times, request)
    h_b = to_dense(observables.h_full)
    power = _power(solver, liouvillian, result.ado_states[offset:], times, h_b)
    zero = sp.csr_matrix(h_b.shape, dtype=complex)
    observables.add_density_matrices(np.arange(len(times)), rho, [zero] * len(times))
    observables.power[:] = power
    observables.finish()
    if options.check_depth:
        _, _, deeper = _solve(battery, baths, grid, depth + 1, qutip_options, False)
        rho_deeper = np.array([state.full() for state in deeper.states])[offset:]
        difference = float(np.max(_trace_distance(rho, rho_deeper)))
        if difference > options.depth_tolerance:
            warnings.warn(
                f"max_depth = {depth} is too small: the states at depth {depth} and {depth + 1} "
                f"differ by a trace distance of {difference:.2e} (> depth_tolerance "
                f"{options.depth_tolerance:.0e}); raise options['max_depth'] to {depth + 2} or "
                "more and compare",
                ConvergenceWarning,
                stacklevel=3,
            )
    return observables


def _trace_distance(rho: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    difference = rho - sigma
    difference = (difference + np.conj(np.swapaxes(difference, -1, -2))) / 2
    return np.sum(np.abs(np.linalg.eigvalsh(difference)), axis=-1) / 2


HEOM = Method(
    "heom",
    evolve_heom,
    HEOMOptions,
    collapse_ops=True,
    continuous=True,
    environment=HEOMEnvironment,
)
