"""Optimal charging protocols ``lambda(t)`` by exact gradients and L-BFGS-B.

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
from scipy.optimize import minimize

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.protocols import Piecewise
from qbattery.studies.control.problem import ControlProblem, control_problem
from qbattery.validation import positive_int, random_generator

__all__ = ["OptimisedProtocol", "optimise_protocol"]


@dataclass(frozen=True)
class OptimisedProtocol:
    """An optimised charging protocol and what the optimiser saw.

    Attributes
    ----------
    protocol : Piecewise
        ``lambda(t)`` on ``slices`` equal slices of ``[0, duration]`` (0 afterwards).
    battery : Battery
        The battery charged by ``H_0 + lambda(t) H_1`` with this protocol, ready for
        :func:`qbattery.charge`.
    objective : str
    duration : float
        ``T``, optimised when ``duration_bounds`` was given.
    value, initial_value : float
        The objective at the optimum and at the (first) starting protocol.
    history : tuple of float
        The objective after each L-BFGS-B iteration of the best start, from its starting value.
    evaluations : int
        Objective-and-gradient evaluations over all starts.
    converged : bool
        Whether L-BFGS-B met its tolerance (rather than its iteration limit) on the best start.
    message : str

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
    >>> best = optimise_protocol(qubit, 1.0, bound=1.0, slices=4)
    >>> len(best.protocol.values), best.duration, bool(best.value >= best.initial_value)
    (4, 1.0, True)
    """

    protocol: Piecewise
    battery: Battery
    objective: str
    duration: float
    value: float
    initial_value: float
    history: tuple[float, ...]
    evaluations: int
    converged: bool
    message: str

    @property
    def gain(self) -> float:
        """``value / initial_value`` (``inf`` from a start at zero)."""
        return self.value / self.initial_value if self.initial_value else float(np.inf)

    def summary(self) -> str:
        """One line: the objective from start to optimum, the protocol's range, the effort.

        Examples
        --------
        >>> import numpy as np, qbattery as qb
        >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
        >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
        >>> optimise_protocol(qubit, 1.0, bound=1.0, slices=4).summary()[:11]
        'ergotropy: '
        """
        amplitudes = np.asarray(self.protocol.values)
        return (
            f"{self.objective}: {self.initial_value:.6g} -> {self.value:.6g} "
            f"(x{self.gain:.4g}) at T = {self.duration:.6g}; {amplitudes.size} slices, "
            f"lambda in [{amplitudes.min():.4g}, {amplitudes.max():.4g}]; "
            f"{len(self.history) - 1} iterations, {self.evaluations} evaluations"
            f"{'' if self.converged else ' (not converged: ' + self.message + ')'}"
        )


def _start(problem: ControlProblem, initial: Any) -> np.ndarray:
    slices, bound = problem.basis.slices, problem.basis.bound
    amplitudes = np.full(slices, 0.5 * bound) if initial is None else initial
    amplitudes = np.broadcast_to(np.asarray(amplitudes, dtype=float), (slices,))
    if not np.all(np.isfinite(amplitudes)):
        raise QBatteryValueError(f"initial: must be finite amplitudes, got {initial!r}")
    return problem.basis.parameters_for(np.array(amplitudes))


def _climb(
    problem: ControlProblem, start: np.ndarray, max_iterations: int
) -> tuple[Any, list[float]]:
    bounds = problem.basis.bounds()
    if problem.duration_bounds is not None:
        start = np.append(start, problem.duration)
        bounds = [*bounds, problem.duration_bounds]
    history = [problem.value(start)]

    def negated(parameters: np.ndarray) -> tuple[float, np.ndarray]:
        value, gradient = problem.value_and_gradient(parameters)
        return -value, -gradient

    def record(intermediate_result: Any) -> None:
        history.append(-float(intermediate_result.fun))

    result = minimize(
        negated,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        callback=record,
        options={"maxiter": max_iterations},
    )
    return result, history


def optimise_protocol(
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
    initial: Any = None,
    duration_bounds: tuple[float, float] | None = None,
    restarts: int = 0,
    seed: Any = None,
    max_iterations: int = 200,
) -> OptimisedProtocol:
    """Optimise ``lambda(t)`` in ``H(t) = H_0 + lambda(t) H_1`` with ``|lambda| <= bound``.

    Parameters
    ----------
    battery : Battery
        Its Hamiltonian has exactly one driven term ``[H_0, (H_1, f)]`` (``f`` is replaced), or
        is static ``H_0`` with ``control=H_1``. Closed (pure initial state: kets and
        eigendecompositions of ``H_k``) or open/mixed (Liouvillian exponentials, dimension
        ``d^2``). Batteries in a reduced subspace or sector, with an environment object or
        measurements are refused.
    duration : float
        ``T``; the starting duration when ``duration_bounds`` is given.
    bound : float
        ``lambda_max`` > 0.
    objective : {"ergotropy", "power", "f_alpha"}
        Ergotropy of the battery at ``T``; average power ``W(T)/T``; ``F_alpha = W / T^alpha``
        (review eq. 16). ``W`` is the stored energy relative to the initial state.
    alpha : float
        The exponent of ``f_alpha``, in [0, 1].
    slices : int
        Number ``n`` of equal slices of ``[0, T]``.
    basis : {"piecewise", "fourier"}
        Free slice amplitudes in the box ``[-bound, bound]``, or ``bound * tanh`` of a Fourier
        series with ``modes`` harmonics sampled at the slice midpoints
        (:mod:`~qbattery.studies.control.basis`).
    control : operator (d, d), optional
        ``H_1`` for a static battery.
    initial : float or array (slices,), optional
        Starting amplitudes (default: constant ``bound / 2``).
    duration_bounds : (float, float), optional
        Optimise ``T`` too, within these bounds (otherwise ``T`` is fixed and ``power`` is
        ``W(T)/T`` at that ``T``).
    restarts : int
        Further starts from random protocols drawn with ``seed``; the best result is kept.
    seed : int or numpy.random.Generator, optional
        Needed when ``restarts > 0``.
    max_iterations : int
        L-BFGS-B iterations per start.

    Returns
    -------
    OptimisedProtocol

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> qubit = qb.Battery([hb, (sx, 0.0)], hb, np.array([1.0, 0.0]))
    >>> best = optimise_protocol(qubit, 3.0, bound=1.0, slices=12, restarts=3, seed=0)
    >>> bool(best.value > 0.999)      # a full flip; a constant lambda = 1 reaches 4/5 at most
    True
    """
    problem = control_problem(
        battery,
        duration,
        bound=bound,
        objective=objective,
        alpha=alpha,
        slices=slices,
        basis=basis,
        modes=modes,
        control=control,
        duration_bounds=duration_bounds,
    )
    starts = [_start(problem, initial)]
    if restarts:
        rng, _ = random_generator(seed)
        starts += [problem.basis.random(rng) for _ in range(int(restarts))]
    best: tuple[Any, list[float]] | None = None
    evaluations = 0
    initial_value = float("nan")
    for index, start in enumerate(starts):
        result, history = _climb(problem, start, positive_int(max_iterations, "max_iterations"))
        evaluations += int(result.nfev)
        if index == 0:
            initial_value = history[0]
        if best is None or -result.fun > -best[0].fun:
            best = (result, history)
    assert best is not None
    result, history = best
    optimal_duration = problem.split(result.x)[1]
    return OptimisedProtocol(
        protocol=problem.protocol(result.x),
        battery=problem.charged_battery(result.x),
        objective=objective,
        duration=optimal_duration,
        value=-float(result.fun),
        initial_value=initial_value,
        history=tuple(history),
        evaluations=evaluations,
        converged=bool(result.success),
        message=str(result.message),
    )
