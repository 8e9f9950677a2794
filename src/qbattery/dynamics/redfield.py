"""Weak coupling to structured baths: the Bloch-Redfield master equation.

Second order in a system-bath coupling ``H_I = sum_b Q_b (x) X_b``, Markovian in the bath
correlation time, in the eigenbasis ``{|a>}`` of H (Redfield, IBM J. Res. Dev. 1, 19 (1957);
Breuer & Petruccione sec. 3.3):

    d rho_ab/dt = -i w_ab rho_ab + sum_cd R_abcd rho_cd,

with rates set by the bath's noise power spectrum ``S(w) = 2 J(w) (n_T(w) + 1)`` (``n_T`` the
Bose occupation, ``S(-w) = 2 J(w) n_T(w)``): a transition ``a -> b`` of the coupling operator
happens at rate ``|<b|Q|a>|^2 S(E_a - E_b)``. Secular terms with ``|w_ab - w_cd|`` above
``secular_cutoff`` are dropped (QuTiP's ``brmesolve``, which solves it; Lamb shifts are not
included). Review sec. 5.1 (Zhao et al., PRE 112, 024129 (2025), a Redfield battery).

:class:`~qbattery.environments.redfield.RedfieldEnvironment` is a battery environment (``method =
"redfield"``); baths combine with ``+``; :meth:`RedfieldEnvironment.from_bath` takes the spectral
density, temperature and coupling of a HEOM bath (:mod:`qbattery.environments.baths`) for the
weak-coupling comparison. The battery's ``collapse_ops`` are added as Lindblad terms. Power:
``Tr[H_B R_t(rho)]`` with the Bloch-Redfield generator ``R_t`` of ``H(t)``, exactly (no
differencing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import qutip
from qutip.core.environment import BosonicEnvironment

from qbattery.battery import Battery
from qbattery.dynamics.method import Method, Options, integrator_options, option
from qbattery.dynamics.observe import Observables, Request
from qbattery.environments.pseudomodes import operator_on_space
from qbattery.environments.redfield import RedfieldEnvironment
from qbattery.linalg import density_matrix
from qbattery.memory import available_memory, require_memory
from qbattery.operators import to_dense
from qbattery.validation import finite_real, from_zero, positive_int, positive_real

__all__ = ["REDFIELD", "RedfieldOptions", "evolve_redfield"]


@dataclass(frozen=True)
class RedfieldOptions(Options):
    """Options of ``method="redfield"``.

    Attributes
    ----------
    atol, rtol : float
        Absolute and relative tolerance of the integrator.
    nsteps : int
        Most integrator steps between two output times.
    secular_cutoff : float
        QuTiP's ``sec_cutoff``: couplings between rotating terms whose frequencies differ by
        more are dropped; a negative value keeps all of them, the full Redfield equation, which
        need not preserve positivity.

    Examples
    --------
    >>> from qbattery.dynamics.redfield import RedfieldOptions
    >>> RedfieldOptions().secular_cutoff
    0.1
    """

    atol: float = option(1e-10, positive_real)
    rtol: float = option(1e-8, positive_real)
    nsteps: int = option(100_000, positive_int)
    secular_cutoff: float = option(0.1, finite_real)


def _a_ops(battery: Battery) -> list[tuple[qutip.Qobj, BosonicEnvironment]]:
    environment = battery.environment
    assert isinstance(environment, RedfieldEnvironment)
    dims = battery.space_dims
    out = []
    for i, bath in enumerate(environment.members()):
        matrix = operator_on_space(
            battery,
            bath.coupling_operator,
            bath.subsystems,
            f"environment.members()[{i}].coupling_operator",
            hermitian=True,
        )
        out.append((qutip.Qobj(matrix, dims=[dims, dims]), bath._qutip))
    return out


def _power_operators(
    battery: Battery,
    times: np.ndarray,
    a_ops: Sequence[tuple[qutip.Qobj, BosonicEnvironment]],
    c_ops: list[qutip.Qobj],
    secular_cutoff: float,
    h_b: np.ndarray,
) -> list[np.ndarray]:
    """``Y_t`` with ``Tr[Y_t rho] = Tr[H_B R_t(rho)]``, ``R_t`` the generator at H(t).

    With column stacking ``Tr[H X] = vec(H^T) . vec(X)``, so ``vec(Y^T) = R^T vec(H_B^T)``.
    """
    dims = battery.space_dims
    n = h_b.shape[0]
    weight = h_b.T.reshape(-1, order="F")
    cache: dict[bytes, np.ndarray] = {}
    out = []
    for t in times:
        hamiltonian = to_dense(battery.hamiltonian.at(float(t)))
        key = hamiltonian.tobytes()
        if key not in cache:
            tensor = qutip.bloch_redfield_tensor(
                qutip.Qobj(hamiltonian, dims=[dims, dims]),
                list(a_ops),
                c_ops=c_ops,
                sec_cutoff=secular_cutoff,
                fock_basis=True,
            ).full()
            cache[key] = (tensor.T @ weight).reshape(n, n, order="F").T
        out.append(cache[key])
    return out


def evolve_redfield(
    battery: Battery, times: np.ndarray, request: Request, options: RedfieldOptions
) -> Observables:
    """Solve the Bloch-Redfield equation (QuTiP's ``brmesolve``) for the battery.

    Examples
    --------
    A qubit ``diag(0, 1)`` coupled through ``sigma_x`` to a zero-temperature bath with
    ``J(w) = 0.05 w``: it decays at ``S(1) = 2 J(1) = 0.1``, so ``e^{-0.1 t}`` of its energy is
    left (units of omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery import RedfieldEnvironment
    >>> from qbattery.dynamics.observe import Request
    >>> from qbattery.dynamics.redfield import RedfieldOptions, evolve_redfield
    >>> hb = np.diag([0.0, 1.0])
    >>> bath = RedfieldEnvironment(np.array([[0.0, 1.0], [1.0, 0.0]]), lambda w: 0.05 * w, 0.0)
    >>> excited = qb.Battery(hb, hb, np.array([0.0, 1.0]), environment=bath)
    >>> curves = evolve_redfield(excited, np.array([0.0, 2.0]), Request(), RedfieldOptions())
    >>> round(float(curves.energy[-1]), 6), round(float(np.exp(-0.2)), 6)
    (0.818731, 0.818731)
    """
    dims = battery.space_dims
    a_ops = _a_ops(battery)
    c_ops = [qutip.Qobj(c, dims=[dims, dims]) for c in battery.collapse_ops]
    hamiltonian = qutip.QobjEvo(battery.hamiltonian.to_qobj_list(dims))
    state = battery.initial_state
    rho0 = density_matrix(state)
    grid = from_zero(times)
    result = qutip.brmesolve(
        hamiltonian,
        qutip.Qobj(rho0, dims=[dims, dims]),
        grid,
        a_ops=a_ops,
        sec_cutoff=options.secular_cutoff,
        c_ops=c_ops,
        options=integrator_options(options),
    )
    rho = np.array([s.full() for s in result.states])[len(grid) - len(times) :]
    observables = Observables(battery, times, request)
    h_b = to_dense(observables.h_full)
    generators = _power_operators(battery, times, a_ops, c_ops, options.secular_cutoff, h_b)
    observables.add_density_matrices(np.arange(len(times)), rho, generators)
    observables.finish()
    return observables


def _check_redfield_memory(battery: Battery, points: int) -> None:
    d = battery.dimension
    largest = int((available_memory() / 32.0) ** 0.25)
    require_memory(
        32.0 * float(d) ** 4,
        "battery",
        f"the dense Bloch-Redfield tensor of dimension {d} (d**4 entries; method 'redfield')",
        f"the largest dimension that fits is about {largest}; use a smaller battery, or Lindblad "
        "noise (qbattery.local_noise) with method='lindblad'",
    )


REDFIELD = Method(
    "redfield",
    evolve_redfield,
    RedfieldOptions,
    collapse_ops=True,
    continuous=True,
    environment=RedfieldEnvironment,
    check_memory=_check_redfield_memory,
)
