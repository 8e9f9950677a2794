"""Structured bosonic baths solved by the hierarchical equations of motion (HEOM).

A battery (charger + battery) couples to harmonic baths through Hermitian operators,
``H_I = sum_b Q_b (x) X_b``; each bath enters only through its correlation function
``C(t) = <X(t) X(0)> = (1/pi) int_0^inf J(w) [coth(w / 2T) cos(wt) - i sin(wt)] dw``.
Written as a sum of exponentials ``C(t) = sum_k c_k e^{-nu_k t}``, the exact reduced dynamics is
the hierarchy of auxiliary density operators (Tanimura & Kubo, J. Phys. Soc. Jpn. 58, 101
(1989); Tanimura, J. Chem. Phys. 153, 020901 (2020)), truncated at ``max_depth`` and solved by
QuTiP 5's :class:`qutip.solver.heom.HEOMSolver` (Lambert et al., PRR 5, 013181 (2023)).

Baths (environments of :class:`~qbattery.battery.Battery`, ``method = "heom"``):

- :class:`DrudeLorentzEnvironment`: ``J(w) = 2 lambda gamma w / (w^2 + gamma^2)`` (reorganisation
  energy ``lambda``, cut-off ``gamma``), expanded in Matsubara or Pade terms; the neglected
  terms are kept as a Markovian terminator (Ishizaki & Tanimura, JPSJ 74, 3131 (2005)).
- :class:`OhmicEnvironment`: ``J(w) = alpha w^s w_c^{1-s} e^{-w / w_c}``, its correlation
  function fitted by up to ``n_exponents`` real and ``n_exponents`` imaginary exponential terms
  (non-linear least squares, QuTiP's ``approximate("cf")``, Lambert et al., Nat. Commun. 10,
  3721 (2019)); a fit worse than ``fit_tolerance`` raises a ``ConvergenceWarning``. Low
  temperatures (long power-law tails of C(t)) need many terms, and the hierarchy grows with
  them: the Ohmic bath is the expensive one.

Independent baths combine with ``+`` (e.g. one on the charger, one on the battery, as in Kamin
et al., NJP 22, 083007 (2020)). The battery's ``collapse_ops`` are added as Lindblad terms.

Power: ``P = Tr[H_B d rho/dt]`` with ``d rho/dt`` the exact right-hand side of the hierarchy at
level 0 (system Liouvillian on rho plus the coupling to the first-level auxiliary operators), not
a difference of energies. Depth: unless ``check_depth=False`` the hierarchy is solved again at
``max_depth + 1`` and a ``ConvergenceWarning`` names ``max_depth`` if the two trajectories differ
by more than ``depth_tolerance`` in trace distance (CONVENTIONS.md, numerics).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import qutip
import scipy.sparse as sp
from qutip.core.environment import DrudeLorentzEnvironment as QutipDrudeLorentz
from qutip.core.environment import OhmicEnvironment as QutipOhmic
from qutip.core.environment import system_terminator
from qutip.solver.heom import HEOMSolver

from qbattery.battery import Battery
from qbattery.dynamics.observe import Observables, Request
from qbattery.dynamics.pseudomodes import operator_on_space
from qbattery.errors import ConvergenceWarning, QBatteryValueError
from qbattery.operators import Operator, as_operator, to_dense
from qbattery.validation import non_negative_real, positive_int, positive_real

__all__ = [
    "DrudeLorentzEnvironment",
    "ExponentialBath",
    "HEOMEnvironment",
    "OhmicEnvironment",
    "evolve_heom",
    "system_liouvillian",
]

EXPANSIONS = ("pade", "matsubara")


@dataclass(frozen=True)
class ExponentialBath:
    """One bath ready for the hierarchy: coupling on the state space, exponentials, terminator."""

    coupling: qutip.Qobj
    exponentials: Any
    terminator: complex | None


class HEOMEnvironment:
    """Independent harmonic baths for ``method="heom"``; add baths with ``+``.

    Subclasses describe one bath each; ``a + b`` is the environment with both.
    """

    method: str = "heom"

    def members(self) -> tuple[HEOMEnvironment, ...]:
        """The single baths this environment is made of."""
        return (self,)

    def exponential_bath(self, battery: Battery, name: str) -> ExponentialBath:
        """The bath on ``battery``'s state space (single baths implement this)."""
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        baths = self.members()
        if len(baths) == 1:
            return dict(self._describe())
        return {f"bath{i}_{k}": v for i, b in enumerate(baths) for k, v in b._describe().items()}

    def _describe(self) -> dict[str, Any]:
        raise NotImplementedError

    def __add__(self, other: HEOMEnvironment) -> HEOMEnvironment:
        if not isinstance(other, HEOMEnvironment):
            return NotImplemented
        return _Combined(self.members() + other.members())


@dataclass(frozen=True)
class _Combined(HEOMEnvironment):
    baths: tuple[HEOMEnvironment, ...]

    def members(self) -> tuple[HEOMEnvironment, ...]:
        return self.baths


def _coupling(battery: Battery, operator: Operator, subsystems: Any, name: str) -> qutip.Qobj:
    matrix = operator_on_space(battery, operator, subsystems, name, hermitian=True)
    dims = battery.space_dims
    return qutip.Qobj(matrix, dims=[dims, dims])


@dataclass(frozen=True, eq=False)
class DrudeLorentzEnvironment(HEOMEnvironment):
    """A Drude-Lorentz (overdamped) bath at temperature T, coupled through ``Q``.

    ``J(w) = 2 lambda gamma w / (w^2 + gamma^2)``; for ``gamma -> inf`` at fixed
    ``lambda / gamma`` an Ohmic bath with Lorentz-Drude cut-off.

    Parameters
    ----------
    coupling_operator : Hermitian operator
        ``Q`` on the subsystems ``subsystems`` of the battery's dims (or its whole state space).
    reorganization_energy : float
        ``lambda > 0``.
    cutoff_frequency : float
        ``gamma > 0``.
    temperature : float
        ``T > 0`` (k_B = 1); the expansion diverges at T = 0.
    subsystems : sequence of int, optional
    n_matsubara : int
        Number of Matsubara (or Pade) terms kept beyond the Drude pole.
    expansion : {"pade", "matsubara"}
        Pade converges much faster at low temperature (Hu, Xu & Yan, JCP 133, 101106 (2010)).
    terminator : bool
        Add the neglected terms as a Markovian correction to the system Liouvillian.

    Examples
    --------
    >>> import numpy as np
    >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
    >>> bath.method, round(float(bath.spectral_density(0.5)), 6)
    ('heom', 0.01)
    """

    coupling_operator: Operator
    reorganization_energy: float
    cutoff_frequency: float
    temperature: float
    subsystems: Sequence[int] | None = None
    n_matsubara: int = 2
    expansion: str = "pade"
    terminator: bool = True

    def __post_init__(self) -> None:
        _set(self, "coupling_operator", as_operator(self.coupling_operator, "coupling_operator"))
        _set(
            self,
            "reorganization_energy",
            positive_real(self.reorganization_energy, "reorganization_energy"),
        )
        _set(self, "cutoff_frequency", positive_real(self.cutoff_frequency, "cutoff_frequency"))
        _set(self, "temperature", positive_real(self.temperature, "temperature"))
        _set(self, "n_matsubara", positive_int(self.n_matsubara, "n_matsubara"))
        _set(self, "subsystems", _subsystems(self.subsystems))
        if self.expansion not in EXPANSIONS:
            raise QBatteryValueError(
                f"expansion: unknown {self.expansion!r}; choose one of {', '.join(EXPANSIONS)}"
            )

    @cached_property
    def _qutip(self) -> Any:
        return QutipDrudeLorentz(
            T=self.temperature, lam=self.reorganization_energy, gamma=self.cutoff_frequency
        )

    def spectral_density(self, omega: Any) -> np.ndarray:
        """``J(w)`` (zero for w <= 0)."""
        return np.asarray(self._qutip.spectral_density(np.asarray(omega, dtype=float)))

    def exponential_bath(self, battery: Battery, name: str) -> ExponentialBath:
        approx, delta = self._qutip.approximate(
            self.expansion, Nk=self.n_matsubara, compute_delta=True
        )
        coupling = _coupling(battery, self.coupling_operator, self.subsystems, name)
        return ExponentialBath(coupling, approx, delta if self.terminator else None)

    def _describe(self) -> dict[str, Any]:
        return {
            "environment": "drude_lorentz",
            "reorganization_energy": self.reorganization_energy,
            "cutoff_frequency": self.cutoff_frequency,
            "temperature": self.temperature,
            "n_matsubara": self.n_matsubara,
            "expansion": self.expansion,
            "terminator": self.terminator,
            "subsystems": self.subsystems,
        }


@dataclass(frozen=True, eq=False)
class OhmicEnvironment(HEOMEnvironment):
    """An Ohmic (s = 1), sub- or super-Ohmic bath with exponential cut-off, coupled through Q.

    ``J(w) = alpha w^s w_c^{1-s} exp(-w / w_c)`` (QuTiP's convention; for s = 1,
    ``alpha w e^{-w/w_c}``). Its correlation function is fitted on ``fit_times`` by up to
    ``n_exponents`` terms for each of its real and imaginary parts (least squares); the
    relative fit error ``max |C_fit - C| / |C(0)|`` must stay below ``fit_tolerance`` or a
    ``ConvergenceWarning`` asks for more terms.

    Parameters
    ----------
    coupling_operator : Hermitian operator
    alpha : float
        Dimensionless coupling strength ``> 0``.
    cutoff_frequency : float
        ``w_c > 0``.
    temperature : float
        ``T >= 0``.
    exponent : float
        ``s > 0``.
    subsystems : sequence of int, optional
    n_exponents : int
        Largest number of terms of each part of the fit.
    fit_times : array, optional
        Default ``linspace(0, 10 / min(w_c, 2 pi T), 200)`` (``10 / w_c`` at T = 0).
    fit_tolerance : float
        1e-2 by default: a 1% error of C(t) on the fit window.
    """

    coupling_operator: Operator
    alpha: float
    cutoff_frequency: float
    temperature: float
    exponent: float = 1.0
    subsystems: Sequence[int] | None = None
    n_exponents: int = 4
    fit_times: np.ndarray | None = field(default=None, repr=False)
    fit_tolerance: float = 1e-2

    def __post_init__(self) -> None:
        _set(self, "coupling_operator", as_operator(self.coupling_operator, "coupling_operator"))
        _set(self, "alpha", positive_real(self.alpha, "alpha"))
        _set(self, "cutoff_frequency", positive_real(self.cutoff_frequency, "cutoff_frequency"))
        _set(self, "temperature", non_negative_real(self.temperature, "temperature"))
        _set(self, "exponent", positive_real(self.exponent, "exponent"))
        _set(self, "n_exponents", positive_int(self.n_exponents, "n_exponents"))
        _set(self, "fit_tolerance", positive_real(self.fit_tolerance, "fit_tolerance"))
        _set(self, "subsystems", _subsystems(self.subsystems))
        if self.fit_times is None:
            rate = self.cutoff_frequency
            if self.temperature > 0:
                rate = min(rate, 2 * np.pi * self.temperature)
            _set(self, "fit_times", np.linspace(0.0, 10.0 / rate, 200))
        else:
            times = np.asarray(self.fit_times, dtype=float)
            if times.ndim != 1 or times.size < 10 or times[0] != 0 or np.any(np.diff(times) <= 0):
                raise QBatteryValueError(
                    "fit_times: need an increasing, evenly spaced grid from 0 with at least 10 "
                    f"points, got shape {times.shape}"
                )
            _set(self, "fit_times", times)

    @cached_property
    def _qutip(self) -> Any:
        return QutipOhmic(
            T=self.temperature, alpha=self.alpha, wc=self.cutoff_frequency, s=self.exponent
        )

    def spectral_density(self, omega: Any) -> np.ndarray:
        """``J(w)`` (zero for w <= 0)."""
        return np.asarray(self._qutip.spectral_density(np.asarray(omega, dtype=float)))

    @cached_property
    def fit(self) -> tuple[Any, float]:
        """The exponential approximation and its relative error on ``fit_times``."""
        times = self.fit_times
        approx, _ = self._qutip.approximate(
            "cf", times, Nr_max=self.n_exponents, Ni_max=self.n_exponents
        )
        exact = self._qutip.correlation_function(times)
        error = np.max(np.abs(approx.correlation_function(times) - exact)) / abs(exact[0])
        return approx, float(error)

    def exponential_bath(self, battery: Battery, name: str) -> ExponentialBath:
        approx, error = self.fit
        if error > self.fit_tolerance:
            warnings.warn(
                f"n_exponents = {self.n_exponents} fits the Ohmic correlation function only to a "
                f"relative error {error:.2e} (> fit_tolerance {self.fit_tolerance:.0e}); raise "
                f"n_exponents to {self.n_exponents + 2} or more and compare",
                ConvergenceWarning,
                stacklevel=4,
            )
        coupling = _coupling(battery, self.coupling_operator, self.subsystems, name)
        return ExponentialBath(coupling, approx, None)

    def _describe(self) -> dict[str, Any]:
        return {
            "environment": "ohmic",
            "alpha": self.alpha,
            "cutoff_frequency": self.cutoff_frequency,
            "temperature": self.temperature,
            "exponent": self.exponent,
            "n_exponents": self.n_exponents,
            "subsystems": self.subsystems,
        }


def _set(instance: Any, name: str, value: Any) -> None:
    object.__setattr__(instance, name, value)


def _subsystems(value: Sequence[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(int(k) for k in value)


def system_liouvillian(battery: Battery, terminators: Sequence[tuple[qutip.Qobj, complex]] = ()):
    """``-i[H(t), .] + sum_j D[L_j]`` (+ terminators) as a QuTiP ``QobjEvo`` superoperator."""
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
    rho0 = np.outer(state, np.conj(state)) if state.ndim == 1 else state
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
    battery: Battery,
    times: np.ndarray,
    request: Request,
    *,
    max_depth: int = 3,
    atol: float = 1e-10,
    rtol: float = 1e-8,
    nsteps: int = 100_000,
    depth_tolerance: float = 1e-5,
    check_depth: bool = True,
) -> Observables:
    """Solve the hierarchy for a battery with a :class:`HEOMEnvironment`.

    Options: ``max_depth`` (hierarchy depth), ``atol``/``rtol``/``nsteps`` of the integrator,
    ``depth_tolerance`` (largest trace distance allowed between the states at ``max_depth`` and
    ``max_depth + 1``), ``check_depth`` (run that comparison, about doubling the cost).
    """
    if battery.measurement_interval is not None:
        raise QBatteryValueError(
            "battery: method 'heom' does not apply measurements; drop measurement_interval"
        )
    depth = positive_int(max_depth, "max_depth")
    options = {"atol": atol, "rtol": rtol, "nsteps": positive_int(nsteps, "nsteps")}
    baths = _baths(battery)
    grid = np.concatenate([[0.0], times]) if times[0] > 0 else times
    offset = len(grid) - len(times)
    solver, liouvillian, result = _solve(battery, baths, grid, depth, options, True)
    rho = np.array([state.full() for state in result.states])[offset:]
    observables = Observables(battery, times, request)
    h_b = to_dense(observables.h_full)
    power = _power(solver, liouvillian, result.ado_states[offset:], times, h_b)
    zero = sp.csr_matrix(h_b.shape, dtype=complex)
    observables.add_density_matrices(np.arange(len(times)), rho, [zero] * len(times))
    observables.power[:] = power
    observables.finish()
    if check_depth:
        _, _, deeper = _solve(battery, baths, grid, depth + 1, options, False)
        rho_deeper = np.array([state.full() for state in deeper.states])[offset:]
        difference = float(np.max(_trace_distance(rho, rho_deeper)))
        if difference > depth_tolerance:
            warnings.warn(
                f"max_depth = {depth} is too small: the states at depth {depth} and {depth + 1} "
                f"differ by a trace distance of {difference:.2e} (> depth_tolerance "
                f"{depth_tolerance:.0e}); raise options['max_depth'] to {depth + 2} or more "
                "and compare",
                ConvergenceWarning,
                stacklevel=3,
            )
    return observables


def _trace_distance(rho: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    difference = rho - sigma
    difference = (difference + np.conj(np.swapaxes(difference, -1, -2))) / 2
    return np.sum(np.abs(np.linalg.eigvalsh(difference)), axis=-1) / 2
