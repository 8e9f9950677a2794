"""The control problem: a battery, a parametrised ``lambda(t)`` and an objective with its gradient.

The battery is charged by ``H(t) = H_0 + lambda(t) H_1`` (review eq. 29; ``H_0`` may hold a
charger and ``H_B``), closed or with Lindblad operators, and ``lambda`` is piecewise constant on
``n`` equal slices of ``[0, T]`` with ``|lambda| <= bound``. The objective (ergotropy at ``T``,
average power ``W/T`` or ``F_alpha``, :mod:`~qbattery.studies.control.objectives`) and its
gradient come from one forward and one backward sweep
(:mod:`~qbattery.studies.control.propagation`); SciPy's L-BFGS-B climbs it, optionally with
the duration ``T`` as one more bounded parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery, check_battery
from qbattery.blas_threads import single_threaded_blas
from qbattery.dynamics.lindblad import liouvillian
from qbattery.errors import QBatteryValueError
from qbattery.linalg import embed_operator, reduced_state, reduced_state_of_ket
from qbattery.operators import Operator, as_operator, to_dense
from qbattery.protocols import Piecewise
from qbattery.studies.control.basis import BASES, Basis
from qbattery.studies.control.objectives import OBJECTIVES, Objective, passive_levels
from qbattery.studies.control.propagation import ClosedSweep, OpenSweep
from qbattery.validation import positive_int, positive_real

__all__ = ["ControlProblem", "battery_state", "control_problem", "linear_control"]


def _choice(value: str, name: str, valid: tuple[str, ...]) -> str:
    if value not in valid:
        raise QBatteryValueError(f"{name}: unknown {value!r}; use one of {', '.join(valid)}")
    return value


def _terms(battery: Battery, control: Any) -> tuple[Operator, Operator]:
    drives = battery.hamiltonian.drives
    if control is not None:
        if drives:
            raise QBatteryValueError(
                "control: the battery already has a driven term; pass a battery with a static "
                "Hamiltonian H_0, or leave control unset to optimise its one driven term"
            )
        return battery.hamiltonian.static, as_operator(
            control, "control", dimension=battery.dimension
        )
    if len(drives) != 1:
        raise QBatteryValueError(
            f"battery: its Hamiltonian has {len(drives)} driven terms; optimise_protocol needs "
            "exactly one, H = H_0 + lambda(t) H_1 (or a static battery and control=H_1)"
        )
    return battery.hamiltonian.static, drives[0][0]


def _check_supported(battery: Battery) -> None:
    unsupported = {
        "environment": battery.environment is not None,
        "measurement_interval": battery.measurement_interval is not None,
        "sector": battery.sector is not None,
        "subspace": battery.subspace is not None,
    }
    found = [name for name, present in unsupported.items() if present]
    if found:
        raise QBatteryValueError(
            f"battery: optimise_protocol propagates dense states on the product space and does "
            f"not handle {', '.join(found)}; build the battery without it (e.g. basis="
            "'symmetric' without a parity sector)"
        )


def battery_state(battery: Battery, state: np.ndarray) -> np.ndarray:
    """The battery's reduced density matrix (d_B, d_B) of a ket (d,) or a density matrix (d, d).

    Examples
    --------
    A Rabi cell (cavity, then atom) in ``|1, g>``: the atom's state is ``|g><g|``.

    >>> import numpy as np, qbattery as qb
    >>> cell = qb.models.rabi(0.1, cutoff=3)
    >>> battery_state(cell, cell.initial_state).real.round(12).tolist()
    [[1.0, 0.0], [0.0, 0.0]]
    """
    if battery.battery_is_whole_space:
        return np.outer(state, state.conj()) if state.ndim == 1 else state
    if state.ndim == 1:
        return reduced_state_of_ket(state, battery.dims, battery.battery)
    return reduced_state(state, battery.dims, battery.battery)


def _lift(battery: Battery, g_b: np.ndarray) -> np.ndarray:
    """``G_B`` (x) identity on the charger: the adjoint of the partial trace."""
    if battery.battery_is_whole_space:
        return g_b
    return embed_operator(g_b, battery.dims, battery.battery).toarray()


@dataclass(frozen=True)
class ControlProblem:
    """The objective of a parametrised protocol and its exact gradient.

    Parameters are the basis coefficients (:class:`~qbattery.studies.control.basis.Basis`),
    followed by the duration ``T`` when it is free.

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
    >>> problem = control_problem(qubit, 1.0, bound=1.0, slices=3)
    >>> problem.basis.size, problem.duration, problem.duration_bounds
    (3, 1.0, None)
    """

    battery: Battery
    static: Operator
    control: Operator
    sweep: ClosedSweep | OpenSweep
    objective: Objective
    basis: Basis
    duration: float
    duration_bounds: tuple[float, float] | None

    def split(self, parameters: np.ndarray) -> tuple[np.ndarray, float]:
        """Slice amplitudes (n,) and the duration of a parameter vector.

        Examples
        --------
        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
        >>> problem = control_problem(qubit, 1.0, bound=1.0, slices=2, duration_bounds=(0.5, 2))
        >>> problem.split(np.array([0.3, -2.0, 1.5]))       # clipped into the bound; T last
        (array([ 0.3, -1. ]), 1.5)
        """
        parameters = np.asarray(parameters, dtype=float)
        if self.duration_bounds is None:
            return self.basis.amplitudes(parameters), self.duration
        return self.basis.amplitudes(parameters[:-1]), float(parameters[-1])

    def value_and_gradient(self, parameters: np.ndarray) -> tuple[float, np.ndarray]:
        """``(J, dJ/dparameters)`` from one forward and one backward sweep.

        Examples
        --------
        The gradient against a central finite difference:

        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
        >>> problem = control_problem(qubit, 2.0, bound=1.0, slices=3)
        >>> x, step = np.array([0.2, -0.5, 0.7]), 1e-6
        >>> _, gradient = problem.value_and_gradient(x)
        >>> e = np.eye(3)[1] * step
        >>> difference = (problem.value(x + e) - problem.value(x - e)) / (2 * step)
        >>> bool(abs(difference - gradient[1]) < 1e-7)
        True
        """
        amplitudes, duration = self.split(parameters)
        with single_threaded_blas():  # small dense products: threads only wait (blas_threads)
            sweep = self.sweep.forward(amplitudes, duration)
            value, g_b, explicit = self.objective.evaluate(
                battery_state(self.battery, sweep.final), duration
            )
            grad_u, grad_t = sweep.gradient(_lift(self.battery, g_b))
        size = self.basis.size
        gradient = self.basis.pullback(np.asarray(parameters, dtype=float)[:size], grad_u)
        if self.duration_bounds is not None:
            gradient = np.append(gradient, grad_t + explicit)
        return value, gradient

    def value(self, parameters: np.ndarray) -> float:
        """``J`` alone (one forward sweep).

        Examples
        --------
        Rabi: ``lambda = 1`` for ``T = 1`` stores ``(4/5) sin^2(sqrt(5) / 2)``:

        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
        >>> value = control_problem(qubit, 1.0, bound=1.0, slices=1).value(np.array([1.0]))
        >>> bool(abs(value - 0.8 * np.sin(np.sqrt(5) / 2) ** 2) < 1e-12)
        True
        """
        amplitudes, duration = self.split(parameters)
        with single_threaded_blas():
            final = self.sweep.forward(amplitudes, duration).final
            return self.objective.evaluate(battery_state(self.battery, final), duration)[0]

    def protocol(self, parameters: np.ndarray) -> Piecewise:
        """The :class:`~qbattery.protocols.Piecewise` of a parameter vector.

        Examples
        --------
        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
        >>> problem = control_problem(qubit, 2.0, bound=1.0, slices=2)
        >>> pulse = problem.protocol(np.array([1.0, -1.0]))
        >>> pulse.edges, pulse.values
        ((0.0, 1.0, 2.0), (1.0, -1.0))
        """
        amplitudes, duration = self.split(parameters)
        return Piecewise(tuple(np.linspace(0.0, duration, amplitudes.size + 1)), tuple(amplitudes))

    def charged_battery(self, parameters: np.ndarray) -> Battery:
        """The battery charged by ``H_0 + lambda(t) H_1`` with this protocol (for ``charge``).

        Examples
        --------
        :func:`qbattery.charge` of that battery reproduces the objective:

        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
        >>> problem = control_problem(qubit, 2.0, bound=1.0, slices=2)
        >>> x = np.array([1.0, -0.4])
        >>> result = qb.charge(problem.charged_battery(x), [0.0, 2.0])
        >>> bool(abs(float(result.ergotropy[-1]) - problem.value(x)) < 1e-8)
        True
        """
        return self.battery.replace(
            hamiltonian=[self.static, (self.control, self.protocol(parameters))]
        )


def control_problem(
    battery: Battery,
    duration: float,
    *,
    bound: float,
    objective: str = "ergotropy",
    alpha: float = 0.5,
    slices: int = 20,
    basis: str = "piecewise",
    modes: int = 2,
    control: Any = None,
    duration_bounds: tuple[float, float] | None = None,
) -> ControlProblem:
    """The :class:`ControlProblem` that :func:`optimise_protocol` climbs (arguments as there).

    Examples
    --------
    A qubit driven from ``|g>`` by ``diag(0, 1) + lambda sigma_x``: at constant ``lambda = 1``
    Rabi's formula gives the ergotropy ``(4/5) sin^2(sqrt(5) T / 2)``.

    >>> import numpy as np, qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
    >>> problem = control_problem(qubit, 1.0, bound=1.0, slices=4)
    >>> value, gradient = problem.value_and_gradient(np.ones(4))
    >>> bool(abs(value - 0.8 * np.sin(np.sqrt(5) / 2) ** 2) < 1e-12), gradient.shape
    (True, (4,))
    """
    battery = check_battery(battery)
    _check_supported(battery)
    duration = positive_real(duration, "duration")
    bound = positive_real(bound, "bound")
    if not 0.0 <= alpha <= 1.0:
        raise QBatteryValueError(f"alpha: must lie in [0, 1], got {alpha!r}")
    if duration_bounds is not None:
        low, high = (positive_real(t, "duration_bounds") for t in duration_bounds)
        if not low <= duration <= high:
            raise QBatteryValueError(
                f"duration_bounds: ({low:g}, {high:g}) must contain duration = {duration:g}"
            )
        duration_bounds = (low, high)
    chosen = Basis(
        _choice(basis, "basis", BASES),
        positive_int(slices, "slices"),
        bound,
        positive_int(modes, "modes"),
    )
    static, drive = _terms(battery, control)
    h0, h1 = to_dense(static), to_dense(drive)
    h_b = to_dense(battery.battery_hamiltonian)
    spectrum = battery.battery_spectrum
    if spectrum is None:
        levels = passive_levels(h_b, np.linalg.eigvalsh(h_b), np.ones(h_b.shape[0]))
    else:
        levels = passive_levels(h_b, spectrum.levels, spectrum.multiplicities)
    sweep: ClosedSweep | OpenSweep
    if battery.is_pure and not battery.collapse_ops:
        sweep = ClosedSweep(h0, h1, battery.initial_state)
    else:
        rho0 = battery.initial_state
        rho0 = np.outer(rho0, rho0.conj()) if rho0.ndim == 1 else rho0
        dims = [battery.dimension]
        sweep = OpenSweep(
            liouvillian(h0, battery.collapse_ops, dims).toarray(),
            liouvillian(h1, [], dims).toarray(),
            rho0,
        )
    name = _choice(objective, "objective", OBJECTIVES)
    energy = float(np.real(np.trace(h_b @ battery_state(battery, battery.initial_state))))
    return ControlProblem(
        battery,
        static,
        drive,
        sweep,
        Objective(name, h_b, levels, energy, alpha),
        chosen,
        duration,
        duration_bounds,
    )


def linear_control(constructor: Any, parameter: str, **arguments: Any) -> Battery:
    """A model battery with one of its parameters turned into the control ``lambda(t)``.

    ``constructor(**arguments, parameter=0)`` gives ``H_0`` and ``constructor(..., parameter=1)``
    gives ``H_0 + H_1``; the Hamiltonian must be affine in the parameter (checked at 2) and the
    rest of the battery must not depend on it (pass any size the model would pick from the
    parameter, such as a photon ``cutoff``, explicitly). Returns the battery at parameter 0 with
    the driven term ``(H_1, 1.0)``, ready for :func:`optimise_protocol`.

    Examples
    --------
    >>> import qbattery as qb
    >>> chain = linear_control(qb.models.xxz_chain, "field", n_spins=3, J=1.0, delta=0.5)
    >>> len(chain.hamiltonian.drives)
    1
    """
    off, on, twice = (constructor(**{**arguments, parameter: value}) for value in (0.0, 1.0, 2.0))
    if on.dimension != off.dimension or twice.dimension != off.dimension:
        raise QBatteryValueError(
            f"{parameter}: changing it changes the dimension ({off.dimension}, {on.dimension}, "
            f"{twice.dimension}); fix the truncation explicitly (e.g. cutoff=...)"
        )
    h0, h1 = to_dense(off.hamiltonian.static), to_dense(on.hamiltonian.static)
    control = h1 - h0
    if not np.allclose(to_dense(twice.hamiltonian.static), h0 + 2 * control, atol=1e-12):
        raise QBatteryValueError(
            f"{parameter}: the Hamiltonian is not affine in it; linear_control needs "
            "H(parameter) = H_0 + parameter * H_1"
        )
    drive = sp.csr_matrix(control) if sp.issparse(off.hamiltonian.static) else control
    return off.replace(hamiltonian=[off.hamiltonian.static, (drive, 1.0)])
