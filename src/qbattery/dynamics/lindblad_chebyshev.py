"""Chebyshev propagation of the Lindblad equation, window by window: bounds, plans, costs.

The generator L of one constant piece and its application to Hermitian matrices are in
:mod:`qbattery.dynamics.lindblad_generator`.

Spectral enclosure. With ``N = sum_j L_j^dagger L_j`` and ``M = sum_j L_j L_j^dagger``, the
numerical range of L (Hilbert-Schmidt inner product) lies in the rectangle

    Re z in [-(n_max + r), -n_min + r],    |Im z| <= (E_max - E_min) + r,
    r = sqrt(||N|| ||M||),

because ``W(A + B) ⊆ W(A) + W(B)``: the commutator ``-i[H, .]`` is skew-Hermitian with
eigenvalues ``-i (E_a - E_b)``, the anticommutator ``-{N, .}/2`` is Hermitian with eigenvalues
``-(n_a + n_b)/2``, and the completely positive jump map has norm at most
``sqrt(||M|| ||N||)`` (Riesz-Thorin between its 1->1 norm ``||N||`` and its inf->inf norm
``||M||``; Perez-Garcia, Wolf, Petz & Ruskai, J. Math. Phys. 47, 083506 (2006)). Extreme levels
of H
come from :func:`~qbattery.dynamics.expansion.spectral_bounds` (Lanczos, widened by 1%), those
of N and M from Gershgorin discs (exact for the diagonal N of local noise).

Expansion. The rectangle is enclosed in an ellipse with centre ``c`` on the real axis and foci
``c +- i f``; with ``B = (L - c)/f`` and ``z = -i B`` the foci sit at ``+-1`` and

    exp(t L) = e^{c t} sum_k (2 - delta_k0) i^k J_k(f t) T_k(z)
             = e^{c t} sum_k (2 - delta_k0) J_k(f t) P_k,
    P_0 = rho,  P_1 = B rho,  P_{k+1} = 2 B P_k + P_{k-1},

the Jacobi-Anger expansion with ``P_k = i^k T_k(z) rho`` (Tal-Ezer & Kosloff, J. Chem. Phys. 81,
3967 (1984); for Liouvillians Huisinga, Pesce, Kosloff & Saalfrank, J. Chem. Phys. 110, 5538
(1999)). B maps Hermitian to Hermitian, so every P_k is a Hermitian matrix and every
coefficient real. On the ellipse ``E_rho`` (foci +-1, semi-axes sum rho) ``|T_k| <= rho^k``, and
by the Crouzeix-Palencia theorem (SIAM J. Matrix Anal. Appl. 38, 649 (2017))
``||p(B)|| <= (1 + sqrt 2) max over W(B) of |p|``; truncating after K terms therefore errs by at
most

    (1 + sqrt 2) e^{c t} sum_{k >= K} 2 |J_k(f t)| rho^k        (times ||rho||_HS),

and the largest term, which sets the round-off, is the maximum of the summands. For each
window length the focal distance f is chosen to minimise K with that term below
``AMPLIFICATION`` and the tail below ``tol`` (the solver uses 1e-14 per window): the bound is
rigorous, so there is no integrator tolerance, only that truncation and round-off. A plan for
a length serves any shorter window (tail and largest term grow with the window).

Windows. Every grid time inside a window is read off the same P_k (the coefficients are
``J_k(f tau) e^{c tau}``), accumulated chunk by chunk with one real matrix product. Long windows
share the recurrence among many times but need more terms per unit time and a larger
accumulation; :func:`window_length` picks the length that minimises the operation count
:func:`window_cost`, whose weights are the measured costs of the kernels
(:data:`KERNEL_NS`). The same counts, with those of QuTiP's integrator, make
:func:`qbattery.dynamics.lindblad.estimated_costs`, which ``method="auto"`` compares.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy.special import jv

from qbattery.dynamics.lindblad_generator import HermitianGenerator, dense, kernel, window_states

__all__ = [
    "AMPLIFICATION",
    "KERNEL_NS",
    "WindowPlan",
    "application_cost",
    "bessel_table",
    "chebyshev_windows",
    "generator_cost",
    "plan_window",
    "plan_windows",
    "planning_cost",
    "window_cost",
    "window_length",
]

#: Largest term ``|c_k| ||P_k||`` allowed relative to ``||rho||``: the round-off of a window is
#: about K eps times this (1e-12 for K = 100).
AMPLIFICATION = 100.0

#: Candidate window lengths (geometric, from one radian of the fastest phase to the whole
#: piece) and focal distances (geometric, from 1e-4 to 1 above the imaginary bound) searched.
_LENGTHS = 14
_FOCALS = 12

#: Bytes the states of one window (and their vectors) may take: windows end after as many grid
#: times as fit.
_STATES_BYTES = 256 * 2**20

#: Crouzeix's constant: ``||p(B)|| <= (1 + sqrt 2) max_{W(B)} |p|``.
_CROUZEIX = 1.0 + math.sqrt(2.0)

#: Measured cost of the kernels, nanoseconds (minimum of interleaved repetitions with one BLAS
#: thread on the two-core benchmark machine under its usual load; only ratios matter). Per
#: application of a sparse kernel: ``call`` (its dozen NumPy/SciPy calls), ``product`` and
#: ``real_product`` per multiply-add of the sparse (d, d) by dense (d, d) products, complex and
#: real, ``superoperator`` and ``real_superoperator`` per non-zero of the jump superoperator,
#: ``pass`` and ``real_pass`` per entry of an elementwise pass; of the dense kernel
#: ``dense_call`` and ``dense`` per entry of its (d^2, d^2) matrix. Per window:
#: ``accumulate`` per real multiply-add of the sums, ``coefficient`` per Bessel coefficient,
#: ``state`` per entry of a state handed on, ``window`` fixed. Per constant piece ``piece``
#: (its adjoint generator, its power operator, the loop), per distinct generator ``generator``
#: plus ``build`` per non-zero of its jump superoperator (Kronecker products, Lanczos bounds);
#: planning the windows of a piece ``plan`` plus ``plan_order`` per order of its Bessel
#: recurrence (cached afterwards).
KERNEL_NS: dict[str, float] = {
    "call": 1.2e4,
    "product": 0.8,
    "real_product": 0.3,
    "superoperator": 2.5,
    "real_superoperator": 1.4,
    "pass": 0.5,
    "real_pass": 0.15,
    "dense_call": 2e3,
    "dense": 1.0,
    "accumulate": 0.07,
    "coefficient": 300.0,
    "state": 5.0,
    "window": 5e4,
    "piece": 3e5,
    "generator": 1.5e6,
    "build": 220.0,
    "plan": 1e6,
    "plan_order": 3e4,
}

#: Elementwise passes over a (d, d) matrix per application: complex form (transpose-add,
#: previous term, the superoperator's output, its addition), real form (transpose-subtract,
#: the transposed copy, the damping product and its subtraction, previous term, superoperator).
_PASSES = {"complex": 4.0, "real": 7.0}


def application_cost(generator: HermitianGenerator) -> float:
    """Estimated nanoseconds of one application of the generator (:data:`KERNEL_NS`).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import application_cost
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> application_cost(generator) > 0
    True
    """
    d = generator.dimension
    if dense(generator):
        return KERNEL_NS["dense_call"] + KERNEL_NS["dense"] * d**4
    jumps = generator.jump_nonzeros
    dense_jumps = sum(2 * op.nnz * d for op in generator.products)
    if generator.real:
        return (
            KERNEL_NS["call"]
            + KERNEL_NS["real_product"] * (2 * generator.hamiltonian.nnz * d + dense_jumps)
            + KERNEL_NS["real_superoperator"] * jumps
            + KERNEL_NS["real_pass"] * _PASSES["real"] * d * d
        )
    effective = (generator.hamiltonian - 0.5j * generator.number).nnz
    return (
        KERNEL_NS["call"]
        + KERNEL_NS["product"] * (effective * d + dense_jumps)
        + KERNEL_NS["superoperator"] * jumps
        + KERNEL_NS["pass"] * _PASSES["complex"] * d * d
    )


def _ellipse(a: float, b: float, focal: float) -> float:
    """Semi-axis sum over focal distance, rho, of the smallest ellipse with foci ``+- i focal``
    containing the rectangle ``[-b, b] x i[-a, a]``."""
    if b == 0.0 and focal >= a:
        return 1.0
    p = 4.0 * (focal**2 + a**2 + b**2)
    s = (p + math.sqrt(max(p * p - 64.0 * focal**2 * a**2, 0.0))) / (2.0 * focal**2)
    u = math.sqrt(s)  # rho + 1/rho
    return 0.5 * (u + math.sqrt(max(u * u - 4.0, 0.0)))


def bessel_table(x: np.ndarray, top: int) -> np.ndarray:
    """``J_k(x)`` for ``k = 0..top``, shape ``(len(x), top + 1)``, for ``x >= 0``.

    Miller's backward recurrence ``J_{k-1} = (2k/x) J_k - J_{k+1}`` from well above ``top``
    and ``x``, normalised by ``J_0 + 2 sum_k J_2k = 1`` (Abramowitz & Stegun 9.1.27 and
    9.1.46): stable for this minimal solution, and a few vector operations per order for all
    arguments at once instead of one special-function call per entry.

    Examples
    --------
    ``J_0(1) = 0.765198``, ``J_1(1) = 0.440051`` (Abramowitz & Stegun, table 9.1):

    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import bessel_table
    >>> np.round(bessel_table(np.array([1.0]), 1), 6)
    array([[0.765198, 0.440051]])
    """
    x = np.asarray(x, dtype=np.float64)
    table = np.zeros((x.size, top + 1))
    table[x == 0.0, 0] = 1.0
    rows = np.flatnonzero(x > 0.0)
    if rows.size == 0:
        return table
    values = x[rows]
    peak = max(top, int(np.max(values)))
    start = peak + 30 + 4 * int(math.sqrt(peak))
    block = np.zeros((top + 1, rows.size))  # one contiguous row per order
    above = np.zeros(rows.size)
    current = np.full(rows.size, 1e-280)
    norm = np.zeros(rows.size)
    halved = 2.0 / values
    for k in range(start, 0, -1):
        if k <= top:
            block[k] = current
        if k % 2 == 0:
            norm += current
        above, current = current, k * halved * current - above
        if np.max(np.abs(current)) > 1e250:  # rescale those rows, all that is kept alike
            large = np.abs(current) > 1e250
            above[large] *= 1e-250
            current[large] *= 1e-250
            norm[large] *= 1e-250
            block[:, large] *= 1e-250
    block[0] = current
    norm = 2.0 * norm + current
    table[rows] = (block / norm).T
    return table


@dataclass(frozen=True)
class WindowPlan:
    """The expansion of a window of up to ``length``: ``degree`` terms, focal distance ``focal``,
    ellipse parameter ``rho`` and centre ``centre``. Valid for any shorter window too: the tail
    ``sum_{k >= K} |J_k(f tau)| rho^k`` (K > f tau) and the largest term grow with tau.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import plan_window
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> plan = plan_window(generator, 1.0, 1e-12)
    >>> plan.length, plan.degree
    (1.0, 23)
    """

    length: float
    degree: int
    focal: float
    rho: float
    centre: float

    def coefficients(self, taus: np.ndarray) -> np.ndarray:
        """``(2 - delta_k0) J_k(f tau) e^{c tau}``, shape (len(taus), degree).

        Examples
        --------
        One row of ``degree`` coefficients per time:

        >>> import numpy as np
        >>> from qbattery.dynamics.lindblad_chebyshev import plan_window
        >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
        >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
        >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [lower])
        >>> plan = plan_window(generator, 1.0, 1e-12)
        >>> plan.coefficients(np.array([0.0, 0.5])).shape == (2, plan.degree)
        True
        """
        orders = np.arange(self.degree)
        table = np.asarray(jv(orders[None, :], self.focal * np.asarray(taus)[:, None]))
        table[:, 1:] *= 2.0
        table *= np.exp(self.centre * np.asarray(taus))[:, None]
        return table


def _degrees(x: np.ndarray, rho: np.ndarray, scale: np.ndarray, tol: float) -> np.ndarray:
    """For each ``(x, rho, scale)``, the fewest terms K with
    ``scale sum_{k >= K} 2 |J_k(x)| rho^k <= tol``; 0 where some term exceeds
    :data:`AMPLIFICATION`."""
    top = int(np.max(1.5 * x * rho) + 20.0 * np.cbrt(np.max(x)) + 80.0)
    while True:
        table = bessel_table(x, top)
        with np.errstate(divide="ignore"):
            logs = np.log(2.0 * scale[:, None] * np.abs(table))
        logs += np.arange(top + 1)[None, :] * np.log(rho)[:, None]
        terms = np.exp(np.minimum(logs, 700.0))
        valid = np.max(terms, axis=1) <= AMPLIFICATION
        tails = np.cumsum(terms[:, ::-1], axis=1)[:, ::-1]
        if np.all(tails[valid, -1] <= 0.1 * tol):
            degrees = np.maximum(np.argmax(tails <= tol, axis=1), 1)
            return np.where(valid, degrees, 0)
        top *= 2


def plan_window(generator: HermitianGenerator, length: float, tol: float) -> WindowPlan | None:
    """The cheapest expansion of a window of ``length`` (None if no focal distance keeps the
    terms below :data:`AMPLIFICATION`; shorter windows then do).

    Examples
    --------
    A longer window needs more terms:

    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import plan_window
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> plan_window(generator, 0.5, 1e-12).degree < plan_window(generator, 1.0, 1e-12).degree
    True
    """
    return plan_windows(generator, [length], tol)[0]


def plan_windows(
    generator: HermitianGenerator, lengths: Sequence[float], tol: float
) -> list[WindowPlan | None]:
    """:func:`plan_window` for several lengths at once (one Bessel recurrence for all).

    The focal distance is searched on a geometric grid above the imaginary bound ``a`` (the
    ellipse through the corners of the enclosing rectangle follows from it); with no
    dissipation the ellipse is the segment ``f = a``. Plans are cached per process.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import plan_window, plan_windows
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> plans = plan_windows(generator, [0.5, 1.0], 1e-12)
    >>> plans[1].degree == plan_window(generator, 1.0, 1e-12).degree
    True
    """
    a, b, c = generator.imaginary_bound, generator.half_width, generator.centre
    keys = [(a, b, c, round(float(length), 12), float(tol)) for length in lengths]
    missing = sorted({key[3] for key in keys if key not in _PLANS})
    if missing:
        focals = np.array([a]) if b == 0.0 else a * (1.0 + np.geomspace(1e-4, 1.0, _FOCALS))
        rhos = np.array([_ellipse(a, b, f) for f in focals])
        span = np.array(missing)
        scale = _CROUZEIX * np.maximum(1.0, np.exp(c * span))
        degrees = _degrees(
            np.outer(span, focals).ravel(),
            np.tile(rhos, span.size),
            np.repeat(scale, focals.size),
            tol,
        ).reshape(span.size, focals.size)
        for length, row in zip(missing, degrees, strict=True):
            plan = None
            if np.any(row):
                best = int(np.argmin(np.where(row > 0, row, np.iinfo(np.int64).max)))
                plan = WindowPlan(length, int(row[best]), float(focals[best]), rhos[best], c)
            if len(_PLANS) > _PLAN_CACHE:
                _PLANS.clear()
            _PLANS[(a, b, c, length, float(tol))] = plan
    return [_PLANS[key] for key in keys]


#: Plans by (imaginary bound, half-width, centre, length, tol), kept for the process.
_PLANS: dict[tuple[float, float, float, float, float], WindowPlan | None] = {}
_PLAN_CACHE = 4096


def window_cost(generator: HermitianGenerator, plan: WindowPlan, points: int) -> float:
    """Nanoseconds of one window with ``points`` grid times (:data:`KERNEL_NS`).

    Examples
    --------
    More grid points in a window cost more:

    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import plan_window, window_cost
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> plan = plan_window(generator, 1.0, 1e-12)
    >>> window_cost(generator, plan, 10) < window_cost(generator, plan, 100)
    True
    """
    d2 = generator.dimension**2
    entries = d2 * (1 if generator.real and not dense(generator) else 2)
    per_point = (
        KERNEL_NS["accumulate"] * entries * plan.degree
        + KERNEL_NS["coefficient"] * plan.degree
        + KERNEL_NS["state"] * d2
    )
    return KERNEL_NS["window"] + plan.degree * application_cost(generator) + points * per_point


def generator_cost(generator: HermitianGenerator) -> float:
    """Nanoseconds of building a generator (products, superoperator, bounds).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import generator_cost
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> generator_cost(generator) > 0
    True
    """
    return KERNEL_NS["generator"] + KERNEL_NS["build"] * generator.jump_nonzeros


def planning_cost(generator: HermitianGenerator, duration: float) -> float:
    """Nanoseconds of planning the windows of a piece of ``duration`` (a Bessel recurrence of
    about ``a duration`` orders; once per process for a given generator and duration).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import planning_cost
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> planning_cost(generator, 1.0) > 0
    True
    """
    return KERNEL_NS["plan"] + KERNEL_NS["plan_order"] * generator.imaginary_bound * duration


def window_length(
    generator: HermitianGenerator, duration: float, points: int, tol: float
) -> tuple[WindowPlan | None, float]:
    """The plan of the window length that minimises :func:`window_cost` over a piece of
    ``duration`` holding ``points`` grid times (spread evenly for the count), and that cost;
    ``(None, 0)`` for a piece of no duration.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import window_length
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> plan, cost = window_length(generator, 1.0, 11, 1e-12)
    >>> plan.length <= 1.0, cost > 0
    (True, True)
    """
    if duration <= 0.0:
        return None, 0.0
    phase = generator.imaginary_bound * duration
    lengths = [duration]
    if phase > 1.0:
        lengths = sorted({duration, *(duration * np.geomspace(1.0 / phase, 1.0, _LENGTHS))})
    plans = plan_windows(generator, lengths, tol)
    while all(plan is None for plan in plans):  # only shorter windows keep the terms small
        lengths = [length / 8.0 for length in lengths]
        plans = plan_windows(generator, lengths, tol)
    best: tuple[WindowPlan | None, float] = (None, math.inf)
    for length, plan in zip(lengths, plans, strict=True):
        if plan is None:
            continue
        windows = math.ceil(duration / length * (1.0 - 1e-12))
        per_window = min(points, math.ceil(points / windows)) + 1
        cost = windows * window_cost(generator, plan, per_window)
        if cost < best[1]:
            best = (plan, cost)
    return best


def _edges(duration: float, taus: np.ndarray, length: float, most: int) -> list[float]:
    """Window edges on ``[0, duration]``: each window as long as possible up to ``length`` and
    ``most`` grid times, ending on a grid time when one lies inside (``taus`` sorted, relative
    to the piece)."""
    edges = [0.0]
    slack = 1e-14 * max(duration, 1.0)  # a window this close to the end ends at it
    while duration - edges[-1] > slack:
        start = edges[-1]
        reach = start + length
        first = int(np.searchsorted(taus, start, side="right"))
        if np.searchsorted(taus, reach, side="right") - first > most:
            edges.append(float(taus[first + most - 1]))
            continue
        if reach >= duration - slack:
            edges.append(duration)
            break
        last = int(np.searchsorted(taus, reach, side="right")) - 1
        edges.append(float(taus[last]) if last >= 0 and taus[last] > start else reach)
    return edges


def chebyshev_windows(
    generator: HermitianGenerator,
    rho: np.ndarray,
    taus: np.ndarray,
    duration: float,
    tol: float,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """States of one constant piece, window by window.

    Parameters
    ----------
    generator : HermitianGenerator
    rho : array (d, d)
        Hermitian state at the start of the piece.
    taus : array (n,)
        Grid times relative to the start, sorted, in ``[0, duration]``.
    duration : float
        Length of the piece.
    tol : float
        Truncation bound per window.

    Yields
    ------
    (indices into taus, states (m, d, d)) for every window with grid times, in order, and
    finally ``(empty, state at duration (1, d, d))``. The states of a window are valid until
    the next one is asked for (their buffer is reused).

    Examples
    --------
    Amplitude damping at rate 1 from ``|e>``: ``rho_ee = e^{-t}`` (times in 1/omega):

    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import chebyshev_windows
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> rho = np.diag([0.0, 1.0]).astype(complex)
    >>> windows = list(chebyshev_windows(generator, rho, np.array([0.0, 1.0]), 1.0, 1e-12))
    >>> last = windows[-1][1][-1]
    >>> round(float(last[1, 1].real), 9), round(float(np.exp(-1)), 9)
    (0.367879441, 0.367879441)
    """
    state = np.asarray(rho, dtype=np.complex128)
    at_start = np.flatnonzero(taus <= 0.0)
    if at_start.size:
        yield at_start, np.repeat(state[None], at_start.size, axis=0)
    if duration <= 0.0:
        yield np.empty(0, dtype=np.intp), state[None].copy()
        return
    plan, _ = window_length(generator, duration, taus.size, tol)
    assert plan is not None
    d = generator.dimension
    edges = _edges(duration, taus, plan.length, max(1, _STATES_BYTES // (32 * d * d) - 1))
    windows = [np.flatnonzero((taus > a) & (taus <= b)) for a, b in pairwise(edges)]
    rows = 1 + max(inside.size for inside in windows)
    operator = kernel(generator, plan.focal, plan.centre)
    vector = operator.vector(state)
    states = np.empty((rows, d, d), dtype=np.complex128)
    vectors: np.ndarray = np.empty((rows, d, d), dtype=operator.dtype)
    n = 0
    for (start, stop), inside in zip(pairwise(edges), windows, strict=True):
        span = stop - start
        local = taus[inside] - start
        with_end = local if local.size and local[-1] == span else np.append(local, span)
        n = with_end.size
        window_states(operator, vector, plan.coefficients(with_end), states[:n], vectors[:n])
        vector = vectors[n - 1].copy()
        if inside.size:
            yield inside, states[: inside.size]
    yield np.empty(0, dtype=np.intp), states[n - 1 : n].copy()
