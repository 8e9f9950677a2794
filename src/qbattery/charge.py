"""``charge(battery, times)``: the one front door for charging dynamics.

Solvers, by name (review sec. 3.1 protocols; docs/conventions.md, "Numerics"):

``spectral``
    One dense eigendecomposition per constant piece of H(t); exact at any time. Closed systems
    with piecewise-constant protocols of moderate dimension.
``chebyshev``
    Chebyshev expansion of exp(-iHt) with sparse products (Tal-Ezer & Kosloff 1984); the
    expansion serves the whole time grid at once. Closed, piecewise-constant, large sparse H.
    A pure state under a real H (the Dicke and Rabi families, spin chains) takes the
    phase-free path (:mod:`qbattery.dynamics.phase_free`): real expansions, reduced states
    and their ergotropy computed window by window on worker threads.
``sectors``
    A battery held in several excitation sectors (a coherent, squeezed or thermal charger of
    an excitation-conserving model): each sector diagonalised and propagated on its own, the
    battery state recombined with the coherences between sectors
    (:mod:`qbattery.dynamics.sectors`).
``ode``
    QuTiP's ``sesolve``/``mesolve`` with stated tolerances: any protocol, open systems.
``lindblad``
    Exact ``exp(L t)`` of the Lindblad generator by a windowed Chebyshev expansion on Hermitian
    matrices (truncation bounded below 1e-14): open systems with piecewise-constant protocols
    and no repeated measurements.
``permutational``
    N identical two-level cells with local noise (an
    :class:`~qbattery.environments.ensemble.EnsembleNoise` environment) in the
    permutation-invariant blocks, double precision, ergotropy on the full 2**N space.
``heom``
    Hierarchical equations of motion (QuTiP's HEOM solver) for a battery whose environment is
    a :class:`~qbattery.environments.baths.HEOMEnvironment` (Drude-Lorentz, Ohmic or a sum); exact
    power from the hierarchy's level-0 right-hand side; the depth is checked against depth + 1.
``redfield``
    Bloch-Redfield (QuTiP's ``brmesolve``) for a
    :class:`~qbattery.environments.redfield.RedfieldEnvironment`; exact power from the generator.

Each solver module exports its :class:`~qbattery.dynamics.method.Method`: the solver, a frozen
dataclass of its options (``ChebyshevOptions``, ``ODEOptions``, ...) holding their one default
each, and flags saying what it handles; :mod:`qbattery.dynamics.registry` collects them in
:data:`METHODS`. Before any solver runs, :func:`charge` refuses an unknown option, an option
value out of range, and a battery the method cannot handle (collapse operators, repeated
measurements, a continuous protocol, an environment of another kind, battery states it never
builds), naming the methods that can.

A battery with an :class:`~qbattery.battery.Environment` is solved by the method the
environment names, and only by a method made for that kind of environment.
With ``method="auto"`` (and no ``full_states``), a closed battery whose Hamiltonian conserves
the excitation parity ``(-1)^(n + k)`` of a basis labelled by excitations (the Dicke and Rabi
families, spin chains conserving magnetisation) and whose initial state has a definite one is
solved in that half of the space (:func:`qbattery.reductions.conserved_parity_sector`). A
closed chain of identical sites from 4096 states up, in a pure state, the battery the whole
chain and no states asked for, whose terms commute with the site reflection and/or translation
and whose initial state transforms by a character ``+-1`` of them, is solved in those states
(:func:`qbattery.reductions.chain_symmetric_sector`: half the space for an open chain, about
``1/2n`` for a ring). The result's ``parameters["symmetry"]`` names the symmetry used.
``method="auto"`` picks ``sectors`` for a closed battery held in several excitation sectors
(none larger than ``SPECTRAL_LIMIT``); otherwise, for open piecewise-constant batteries up to
dimension ``LINDBLAD_LIMIT``, the cheaper of ``lindblad`` and ``ode`` by their operation counts
for this battery and grid (:func:`qbattery.dynamics.lindblad.estimated_costs`: counts weighted
by measured kernel costs, independent of the machine's load; ``lindblad`` also when it is
estimated below ``EXACT_BUDGET``, 0.1 s), and ``ode`` for the other open, measured or
continuously driven ones; for the rest it compares the operation counts of the spectral and
Chebyshev solvers for this battery and time grid
(:func:`qbattery.dynamics.closed.estimated_costs`) and takes the cheaper; above dimension
``SPECTRAL_LIMIT`` only Chebyshev is considered. The method used and its options are recorded
in the result.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from qbattery.battery import Battery, Truncation, check_battery
from qbattery.dynamics.closed import CHEBYSHEV, SPECTRAL, estimated_costs
from qbattery.dynamics.lindblad import EXACT_BUDGET, LINDBLAD
from qbattery.dynamics.lindblad import estimated_costs as open_system_costs
from qbattery.dynamics.method import Method, Options
from qbattery.dynamics.observe import Observables, Request
from qbattery.dynamics.ode import ODE
from qbattery.dynamics.registry import METHODS, check_supported, supporting
from qbattery.dynamics.sectors import SECTORS
from qbattery.errors import ConvergenceWarning, QBatteryValueError
from qbattery.memory import available_memory, require_memory, warn_large
from qbattery.metrics.fluctuations import energy_variance_curve
from qbattery.metrics.resource_curves import resource_curves
from qbattery.operators import Operator, to_dense
from qbattery.progress import Progress
from qbattery.reductions import chain_symmetric_sector, conserved_parity_sector
from qbattery.results import ChargingResult
from qbattery.validation import check_times
from qbattery.version import __version__

__all__ = ["LINDBLAD_LIMIT", "METHODS", "SPECTRAL_LIMIT", "Method", "charge"]

#: Largest dimension ``method="auto"`` may solve by dense diagonalisation (a few seconds for a
#: complex Hermitian eigendecomposition on two cores).
SPECTRAL_LIMIT = 4096

#: Largest dimension ``method="auto"`` may hand to the exact Lindblad propagator (its states
#: are d**2 numbers, and a window holds a chunk of them besides the grid's states); up to it,
#: ``auto`` compares its cost with that of ``ode`` (:func:`open_system_costs`).
LINDBLAD_LIMIT = 512


def _choose(battery: Battery, times: np.ndarray) -> str:
    """The method of ``method="auto"``: the environment's, else by structure and size."""
    if battery.environment is not None:
        return battery.environment.method
    able = supporting(battery)
    if SPECTRAL.name in able:  # closed, unmeasured, piecewise constant
        blocks = () if battery.sector is None else battery.sector.block_sizes
        if len(blocks) > 1 and max(blocks) <= SPECTRAL_LIMIT:
            return SECTORS.name
        if battery.dimension > SPECTRAL_LIMIT:
            return CHEBYSHEV.name
        costs = estimated_costs(battery, times)
        return SPECTRAL.name if costs["spectral"] <= costs["chebyshev"] else CHEBYSHEV.name
    if LINDBLAD.name in able and battery.dimension <= LINDBLAD_LIMIT:
        costs = open_system_costs(battery, times)  # exact, unless ode is cheaper and it matters
        exact = costs["lindblad"] <= max(costs["ode"], EXACT_BUDGET)
        return LINDBLAD.name if exact else ODE.name
    return ODE.name


def _method_and_options(
    name: str, battery: Battery, options: Mapping[str, Any] | None, battery_states: bool
) -> tuple[Method[Any], Options]:
    """The method called ``name`` and its checked options; refuses, before any solver runs,
    an unknown method, a battery the method cannot solve, an unknown option or a bad value."""
    if name not in METHODS:
        raise QBatteryValueError(
            f"method: unknown {name!r}; choose one of: auto, {', '.join(METHODS)}"
        )
    method = METHODS[name]
    check_supported(method, battery, battery_states=battery_states)
    return method, method.configure(options)


def _edge_reached(truncation: Truncation, observed: Observables) -> bool:
    """Whether the states at the edge of ``truncation`` were populated above its tolerance."""
    edge = observed.edge_population
    return edge is not None and float(np.max(edge, initial=0.0)) > truncation.tolerance


def _check_truncation(battery: Battery, observed: Observables) -> None:
    """Warn if the edge of a truncated space was populated (docs/conventions.md, "Numerics")."""
    truncation = battery.truncation
    if truncation is not None and _edge_reached(truncation, observed):
        worst = float(np.max(observed.edge_population))  # type: ignore[arg-type]
        warnings.warn(
            f"{truncation.parameter} = {truncation.size} is too small: the states at its edge "
            f"reach a population of {worst:.2e} (> {truncation.tolerance:.0e}); raise "
            f"{truncation.parameter} to {truncation.suggestion()} or more and compare",
            ConvergenceWarning,
            stacklevel=3,
        )


def _initial_moments(battery: Battery, h_full: Operator) -> tuple[float, float]:
    """``Tr[H_B rho(0)]`` and ``V(0)`` from the initial state, with the full-space H_B."""
    state = battery.initial_state
    if battery.is_pure:
        applied = h_full @ state
        mean = float(np.real(np.vdot(state, applied)))
        second = float(np.real(np.vdot(applied, applied)))
    else:
        applied = h_full @ state
        mean = float(np.real(np.trace(applied)))
        second = float(np.real(np.trace(h_full @ applied)))  # Tr[H^2 rho]
    return mean, max(second - mean**2, 0.0)


def _check_memory(
    method: Method[Any], battery: Battery, points: int, battery_states: bool, full_states: bool
) -> None:
    """Refuse a solve or a kept result that would not fit; warn about a large kept result."""
    if method.check_memory is not None:
        method.check_memory(battery, points)
    kept = []
    if battery_states:
        d_b = battery.battery_hamiltonian.shape[0]
        kept.append(("battery_states", f"the battery states ({points} x {d_b} x {d_b})", d_b**2))
    if full_states:
        d = battery.dimension
        pure = battery.is_pure and not battery.collapse_ops and battery.environment is None
        size = d if pure and battery.measurement_interval is None else d * d
        kept.append(("full_states", f"the full states ({points} x {size} numbers each)", size))
    for argument, what, per_time in kept:
        needed = 16.0 * per_time * points
        fits = int(available_memory() / (16.0 * per_time))
        require_memory(needed, argument, what, f"at most about {fits} times fit; pass fewer times")
        warn_large(needed, argument, what)


def charge(
    battery: Battery,
    times: Any,
    *,
    method: str = "auto",
    options: Mapping[str, Any] | None = None,
    ergotropy: bool = True,
    fluctuations: bool = False,
    resources: bool = False,
    battery_states: bool = False,
    full_states: bool = False,
    progress: bool | None = None,
) -> ChargingResult:
    """Charge ``battery`` and return its curves and figures of merit on ``times``.

    Parameters
    ----------
    battery : Battery
        From a model constructor or built by hand.
    times : array (n,)
        Non-negative, strictly increasing; the battery is in its initial state at t = 0.
    method : str
        ``"auto"`` or a solver of :data:`METHODS` (``spectral``, ``chebyshev``, ``ode``,
        ``lindblad``, ``permutational``, ``heom``, ``redfield``; see the module docstring);
        ``auto`` chooses by structure, environment and size.
    options : mapping, optional
        Solver settings, name -> value; the others keep their defaults
        (``qbattery.charge.METHODS[name].defaults`` lists them, the method's options class
        documents them): chebyshev ``tol`` (truncation of the expansion), ``max_memory``
        (bytes for one window's basis); ode ``atol``, ``rtol``, ``nsteps``; heom
        ``max_depth``, ``atol``, ``rtol``, ``nsteps``, ``depth_tolerance`` (trace distance
        between depth and depth + 1), ``check_depth``; redfield ``atol``, ``rtol``, ``nsteps``,
        ``secular_cutoff``; permutational ``tol`` (Krylov local error per unit time),
        ``krylov_dimension``; sectors ``tolerance`` (total weight of the excitation sectors
        that may be left out; the weight actually left out is recorded in the result's
        ``options["discarded_weight"]``). Unknown names and values out of range are refused.
    ergotropy : bool
        Compute the battery ergotropy at every time (needs reduced states unless the battery
        is the whole space of a closed pure state).
    fluctuations : bool
        Also compute the energy variance V(t) and, with the closed solvers, the two-time term
        ``<H_B(t) H_B(0)>`` behind the correlator and Xi^2 of eqs. 26-28 (about doubles the
        cost of the closed solvers).
    resources : bool
        Also compute quantum-resource curves of the battery state (entropy, purity, coherence,
        coherent/incoherent ergotropy; :mod:`qbattery.metrics.resource_curves`).
    battery_states : bool
        Keep the reduced battery states, shape (n, d_B, d_B), in the result.
    full_states : bool
        Keep the state of the whole system (charger, battery and anything else in ``dims``; on
        the battery's subspace or sector if it has one) at every grid time: kets (n, d) for
        closed, unmeasured evolution of a pure state, density matrices (n, d, d) otherwise.
        The result then hands the charged battery on
        (:meth:`ChargingResult.charged_battery`) without a second run. Costs ``16 n d`` (or
        ``16 n d^2``) bytes; a solve or a kept result that would not fit in the available
        memory is refused before anything is allocated, one above 1 GiB is announced with a
        :class:`~qbattery.errors.LargeResultWarning`.
    progress : bool, optional
        A progress bar with an ETA on standard error (:class:`qbattery.progress.Progress`);
        by default only on an interactive terminal and for runs projected to take more than
        a few seconds. Solvers that integrate the whole grid in one QuTiP call (``ode``,
        ``heom``, ``redfield``) advance it once, at the end.

    Returns
    -------
    ChargingResult

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> sx, hb = np.array([[0, 1], [1, 0]]), np.diag([0.0, 1.0])
    >>> battery = qb.Battery(sx, hb, np.array([1.0, 0.0]))       # W(t) = sin^2 t
    >>> result = qb.charge(battery, np.linspace(0, 4, 401))
    >>> from scipy.optimize import brentq                        # d/dt (sin^2 t / t) = 0
    >>> tau = brentq(lambda t: np.tan(t) - 2 * t, 1.0, 1.5)
    >>> bool(abs(result.optimal_time - tau) < 1e-7), result.method
    (True, 'spectral')
    """
    battery = check_battery(battery)
    grid = check_times(times)
    battery.hamiltonian.check_protocols(grid)
    wants_states = battery_states or resources or full_states
    solved = battery
    if method == "auto" and not full_states:
        solved = conserved_parity_sector(battery) or battery
        if solved is battery and not wants_states:
            solved = chain_symmetric_sector(battery) or battery
    name = _choose(solved, grid) if method == "auto" else method
    chosen, settings = _method_and_options(name, solved, options, wants_states)
    _check_memory(chosen, solved, grid.size, battery_states or resources, full_states)
    description = f"charging {battery.name} ({name})"
    with Progress(description, total=grid.size, show=progress) as bar:
        request = Request(
            ergotropy=ergotropy,
            fluctuations=fluctuations,
            correlator=fluctuations and chosen.correlator,
            battery_states=battery_states or resources,
            full_states=full_states,
            progress=bar.advance,
        )
        observed = chosen.solver(solved, grid, request, settings)
    truncation = solved.truncation
    if (
        truncation is not None
        and truncation.rebuild is not None
        and _edge_reached(truncation, observed)
    ):  # a cut-off the model chose: enlarge it and charge again (verified, adaptive)
        return charge(
            truncation.rebuild(truncation.suggestion()),
            grid,
            method=method,
            options=options,
            ergotropy=ergotropy,
            fluctuations=fluctuations,
            resources=resources,
            battery_states=battery_states,
            full_states=full_states,
            progress=progress,
        )
    _check_truncation(solved, observed)
    initial_energy, initial_variance = _initial_moments(solved, observed.h_full)
    return ChargingResult(
        times=grid,
        energy=observed.energy - initial_energy,
        battery_energy=observed.energy,
        ergotropy=observed.ergotropy,
        power=observed.power,
        variance=(
            None
            if observed.second_moment is None
            else energy_variance_curve(observed.energy, observed.second_moment)
        ),
        two_time=observed.two_time,
        initial_energy=initial_energy,
        initial_variance=initial_variance,
        ground_energy=battery.ground_energy,
        method=name,
        options={**settings.as_dict(), **observed.notes},
        model=battery.name,
        parameters=(
            dict(solved.parameters)
            if battery.environment is None
            else {**battery.parameters, **battery.environment.describe()}
        ),
        version=__version__,
        battery_states=observed.battery_states if battery_states else None,
        states=observed.full_states,
        battery=battery,
        resources=(
            resource_curves(
                observed.battery_states,
                to_dense(battery.battery_hamiltonian),
                battery.battery_spectrum,
                ergotropy=observed.ergotropy,
            )
            if resources and observed.battery_states is not None
            else None
        ),
    )
