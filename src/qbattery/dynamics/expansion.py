"""Exact propagation of kets under a constant Hamiltonian as a basis expansion.

Both propagators write ``psi(t) = B a(t)`` with a fixed basis ``B`` of shape (d, K) and
coefficients ``a(t)`` of shape (K,) known in closed form at every time, so observables on a whole
time grid come from small K x K Gram matrices ``B^dagger O B`` without re-integrating:

* spectral: ``B`` = eigenvectors of H, ``a_k(t) = <k|psi> exp(-i E_k t)``;
* Chebyshev: ``B`` = Chebyshev vectors ``T_k(H~) psi`` with ``H~ = (H - c)/w`` scaled into
  [-1, 1], and ``a_k(t) = (2 - delta_k0) (-i)^k J_k(w t) exp(-i c t)`` (Tal-Ezer & Kosloff,
  J. Chem. Phys. 81, 3967 (1984)); exact to ``tol`` for ``0 <= t <= t_max``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.special import jv

from qbattery.dynamics.lanczos_bounds import extreme_eigenvalues
from qbattery.dynamics.row_buffer import RowBuffer
from qbattery.dynamics.sparse_kernels import accumulator
from qbattery.errors import QBatteryValueError
from qbattery.operators import Operator, is_real, to_dense
from qbattery.special import bessel_j_table

__all__ = [
    "ChebyshevPropagator",
    "Expansion",
    "SpectralPropagator",
    "chebyshev_order",
    "phase_free_weights",
    "spectral_bounds",
]

#: Relative widening of the estimated spectral interval, so that Lanczos estimates of the
#: extreme eigenvalues (converged to 1e-6 of the width, and always inside the true interval)
#: cannot leave a level outside [-1, 1].
_BOUND_MARGIN = 0.01

#: Growth of ``|T_k(H~) psi|`` over ``|psi|`` that reveals a level outside [-1, 1]: inside,
#: ``|T_k(x)| <= 1`` and the recursion only adds round-off (~1e-13 for a thousand terms); a level
#: a relative ``delta`` outside grows like ``cosh(k sqrt(2 delta))``.
_GROWTH_TOL = 1e-9

#: Seed of the Lanczos start vector of :func:`spectral_bounds` (any fixed vector will do).
_START_SEED = 20181


@dataclass(frozen=True)
class Expansion:
    """``psi(t) = basis @ coefficients(t)`` for ``0 <= t <= t_max`` (t relative to the start).

    Examples
    --------
    The exact expansion of :class:`SpectralPropagator`, ``exp(-i H t)|g>`` for ``H = sigma_x``:

    >>> import numpy as np
    >>> from qbattery.dynamics.expansion import SpectralPropagator
    >>> expansion = SpectralPropagator(np.array([[0.0, 1.0], [1.0, 0.0]])).expansion(
    ...     np.array([1.0, 0.0], dtype=complex))
    >>> np.round(np.abs(expansion.state(np.pi / 4)) ** 2, 12)
    array([0.5, 0.5])
    """

    basis: np.ndarray
    amplitudes: np.ndarray
    frequencies: np.ndarray | None = None  # spectral
    center: float = 0.0  # Chebyshev
    half_width: float = 1.0
    t_max: float = np.inf

    def coefficients(self, t: np.ndarray) -> np.ndarray:
        """Coefficients ``a(t)``, shape (len(t), K).

        Examples
        --------
        ``psi(t) = basis @ a(t)``:

        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import SpectralPropagator
        >>> expansion = SpectralPropagator(np.array([[0.0, 1.0], [1.0, 0.0]])).expansion(
        ...     np.array([1.0, 0.0], dtype=complex))
        >>> a = expansion.coefficients(np.array([0.3]))
        >>> bool(np.allclose(expansion.basis @ a[0], expansion.state(0.3)))
        True
        """
        return self.coefficients_and_derivative(t, derivative=False)[0]

    def coefficients_and_derivative(
        self, t: np.ndarray, *, derivative: bool = True
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """``a(t)`` and, if asked, ``da/dt``, each of shape (len(t), K).

        Chebyshev: ``d/dt J_k(w t) = w (J_{k-1} - J_{k+1}) / 2`` (``J_{-1} = -J_1``), from the
        same table of Bessel values (DLMF 10.6.1).

        Examples
        --------
        ``d psi/dt = -i H psi``:

        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import SpectralPropagator
        >>> h = np.array([[0.0, 1.0], [1.0, 0.0]])
        >>> expansion = SpectralPropagator(h).expansion(np.array([1.0, 0.0], dtype=complex))
        >>> a, da = expansion.coefficients_and_derivative(np.array([0.3]))
        >>> bool(np.allclose(expansion.basis @ da[0], -1j * h @ expansion.state(0.3)))
        True
        """
        t = np.asarray(t, dtype=float)[:, None]
        if self.frequencies is not None:
            a = self.amplitudes * np.exp(-1j * self.frequencies * t)
            return a, (-1j * self.frequencies * a if derivative else None)
        if np.any(t > self.t_max * (1 + 1e-12)):
            raise QBatteryValueError(
                f"t: a Chebyshev expansion built for 0 <= t <= {self.t_max:.6g} was asked for "
                f"t = {float(t.max()):.6g}; build one for the longer window"
            )
        order = self.basis.shape[1]
        bessel = bessel_j_table(order, self.half_width * t[:, 0])
        phase = np.exp(-1j * self.center * t)
        a = self.amplitudes * bessel[:, :order] * phase
        if not derivative:
            return a, None
        lower = np.concatenate([-bessel[:, 1:2], bessel[:, : order - 1]], axis=1)
        slope = 0.5 * self.half_width * (lower - bessel[:, 1 : order + 1])
        return a, self.amplitudes * slope * phase - 1j * self.center * a

    def state(self, t: float) -> np.ndarray:
        """The ket at relative time ``t``.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import SpectralPropagator
        >>> expansion = SpectralPropagator(np.array([[0.0, 1.0], [1.0, 0.0]])).expansion(
        ...     np.array([1.0, 0.0], dtype=complex))
        >>> bool(np.allclose(expansion.state(np.pi / 2), [0.0, -1j]))                  # -i|e>
        True
        """
        return self.kets(self.coefficients(np.array([t])))[0]

    def kets(self, coefficients: np.ndarray) -> np.ndarray:
        """Kets ``coefficients @ basis^T``, shape (n, d), from coefficients of shape (n, K).

        A real basis is combined as two real products: NumPy would otherwise copy it to complex.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import SpectralPropagator
        >>> expansion = SpectralPropagator(np.array([[0.0, 1.0], [1.0, 0.0]])).expansion(
        ...     np.array([1.0, 0.0], dtype=complex))
        >>> kets = expansion.kets(expansion.coefficients(np.array([0.0, np.pi / 2])))
        >>> np.round(np.abs(kets) ** 2, 12)
        array([[1., 0.],
               [0., 1.]])
        """
        rows = self.basis.T
        if not np.isrealobj(rows):
            return coefficients @ rows
        n = coefficients.shape[0]
        parts = np.concatenate([coefficients.real, coefficients.imag]) @ rows  # one pass
        return parts[:n] + 1j * parts[n:]


class SpectralPropagator:
    """One dense eigendecomposition of H, reused for every ket and every time.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.expansion import SpectralPropagator
    >>> propagator = SpectralPropagator(np.diag([0.0, 1.0]))
    >>> state = propagator.expansion(np.array([0.0, 1.0], dtype=complex)).state(np.pi)
    >>> bool(np.allclose(state, [0.0, -1.0]))                               # e^{-i pi}|e>
    True
    """

    def __init__(self, hamiltonian: Operator) -> None:
        dense = to_dense(hamiltonian)
        if is_real(dense):
            dense = dense.real
        self.energies, self.vectors = np.linalg.eigh(dense)

    def expansion(
        self, psi: np.ndarray, length: float = np.inf, *, buffer: RowBuffer | None = None
    ) -> Expansion:
        """Exact at every time: ``length`` only records the window. ``buffer`` is accepted as
        by :meth:`ChebyshevPropagator.expansion` and not needed (the basis is the eigenvectors).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import SpectralPropagator
        >>> expansion = SpectralPropagator(np.diag([0.0, 1.0])).expansion(np.array([0.0, 1.0]), 2.0)
        >>> expansion.t_max
        2.0
        """
        amplitudes = np.conj(self.vectors.T) @ psi
        return Expansion(self.vectors, amplitudes, frequencies=self.energies, t_max=length)


def _global_phase(psi: np.ndarray) -> complex | None:
    """``e^{i phi}`` if ``psi = e^{i phi} x`` with real ``x`` (to round-off), else ``None``."""
    pivot = psi[np.argmax(np.abs(psi))]
    if pivot == 0:
        return None
    phase = pivot / abs(pivot)
    rotated = psi * np.conj(phase)
    if np.max(np.abs(rotated.imag)) > 1e-15 * np.max(np.abs(rotated.real)):
        return None
    return complex(phase)


#: A matrix with at most this many non-zero diagonals is stored in DIA format, whose
#: products are about twice as fast as CSR's for banded matrices (measured for d = 1e4).
_MAX_DIAGONALS = 8


def _fastest_format(matrix: sp.csr_matrix) -> sp.spmatrix:
    """DIA for banded matrices (few non-zero diagonals), CSR otherwise.

    The diagonals are read off the CSR structure in one pass (SciPy's own conversion sorts
    every non-zero to find them).
    """
    if not matrix.has_canonical_format:
        matrix = matrix.copy()
        matrix.sum_duplicates()
    n_rows, n_columns = matrix.shape
    rows = np.repeat(np.arange(n_rows), np.diff(matrix.indptr))
    offsets = matrix.indices - rows + n_rows  # column - row, shifted into [1, rows + columns)
    counts = np.bincount(offsets, minlength=n_rows + n_columns)
    present = np.flatnonzero(counts)
    if present.size > _MAX_DIAGONALS:
        return matrix
    position = np.zeros(counts.size, dtype=np.intp)
    position[present] = np.arange(present.size)
    data = np.zeros((present.size, n_columns), dtype=matrix.dtype)
    data[position[offsets], matrix.indices] = matrix.data
    return sp.dia_matrix((data, present - n_rows), shape=matrix.shape)


def gershgorin_bounds(hamiltonian: Operator) -> tuple[float, float]:
    """An interval that certainly holds every eigenvalue of the Hermitian H (Gershgorin discs:
    ``H_ii -+ sum_{j != i} |H_ij|``), widened like :func:`spectral_bounds`."""
    matrix = sp.csr_matrix(hamiltonian)
    diagonal = matrix.diagonal().real
    radius = np.asarray(abs(matrix).sum(axis=1)).ravel() - np.abs(matrix.diagonal())
    low, high = float(np.min(diagonal - radius)), float(np.max(diagonal + radius))
    margin = _BOUND_MARGIN * max(high - low, 1e-12) + 1e-12
    return low - margin, high + margin


def spectral_bounds(hamiltonian: Operator) -> tuple[float, float]:
    """Lowest and highest eigenvalue of H, widened by ``_BOUND_MARGIN`` of the range.

    Large sparse H: Lanczos estimates, which may settle on a level that is not the extreme one
    (a level the start vector barely overlaps); :class:`ChebyshevPropagator` detects that from
    the growth of its vectors and falls back on :func:`gershgorin_bounds`.

    Examples
    --------
    The eigenvalues of ``sigma_x`` are ``+-1``; the bounds enclose them:

    >>> import numpy as np
    >>> from qbattery.dynamics.expansion import spectral_bounds
    >>> low, high = spectral_bounds(np.array([[0.0, 1.0], [1.0, 0.0]]))
    >>> low <= -1.0 and high >= 1.0
    True
    """
    if is_real(hamiltonian):
        hamiltonian = hamiltonian.real
    if sp.issparse(hamiltonian) and hamiltonian.shape[0] > 64:
        # a fixed start vector, so that the bounds, and the last bits of every Chebyshev
        # result, do not depend on what the process computed before (a resumed sweep must
        # repeat a point bit for bit)
        generator = np.random.default_rng(_START_SEED)
        start = generator.standard_normal(size=(hamiltonian.shape[0],))
        low, high = extreme_eigenvalues(hamiltonian, start)
    else:
        dense = to_dense(hamiltonian)
        levels = np.linalg.eigvalsh(dense)
        low, high = levels[0], levels[-1]
    margin = _BOUND_MARGIN * max(high - low, 1e-12) + 1e-12
    return float(low - margin), float(high + margin)


def phase_free_weights(order: int, half_width: float, t: np.ndarray) -> np.ndarray:
    """Real weights ``w_k(t) = (2 - delta_k0) (-1)^floor(k/2) J_k(half_width t)``, shape
    (len(t), order), of :meth:`ChebyshevPropagator.phase_free_rows`.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.expansion import phase_free_weights
    >>> np.round(phase_free_weights(3, 1.0, np.array([0.0, 1.0])), 6)
    array([[ 1.      ,  0.      , -0.      ],
           [ 0.765198,  0.880101, -0.229807]])
    """
    table = bessel_j_table(order, half_width * np.asarray(t, dtype=float))[:, :order]
    k = np.arange(order)
    return table * (np.where(k == 0, 1.0, 2.0) * np.where((k // 2) % 2 == 0, 1.0, -1.0))


def chebyshev_order(half_width: float, t_max: float, tol: float) -> int:
    """Number of Chebyshev terms K with ``|J_k(w t)| < tol`` for all k >= K and t <= t_max.

    Beyond its turning point ``k > x = w t_max``, ``J_k(x)`` decreases monotonically in k (and
    faster than exponentially), so K is found by bisection on ``[x, x + 10 x^(1/3) + 60]``.

    Examples
    --------
    >>> from qbattery.dynamics.expansion import chebyshev_order
    >>> chebyshev_order(1.0, 1.0, 1e-12) < chebyshev_order(1.0, 10.0, 1e-12)
    True
    """
    x = half_width * t_max
    low, high = int(x), int(x + 10 * np.cbrt(x) + 60)
    while high - low > 1:
        middle = (low + high) // 2
        if abs(jv(middle, x)) >= tol:
            low = middle
        else:
            high = middle
    return max(high + 1, 2)


def _fill_chebyshev(
    rows: np.ndarray,
    add: Callable[[np.ndarray, np.ndarray], None],
    done: Callable[[int], None],
) -> None:
    """``rows[k] = T_k(H~) rows[0]`` in place for ``k >= 1``, with ``add(x, y)``: ``y += 2 H~ x``.

    ``T_1 = H~ T_0`` (``2 H~ T_0`` halved, exactly) and ``T_{k+1} = 2 H~ T_k - T_{k-1}``, each
    row started as ``-T_{k-1}`` and completed by ``add``; ``done(k)`` runs as soon as row k is.
    """
    order = rows.shape[0]
    if order > 1:
        rows[1] = 0.0
        add(rows[0], rows[1])
        rows[1] *= 0.5
        done(1)
    for k in range(2, order):
        np.negative(rows[k - 2], out=rows[k])
        add(rows[k - 1], rows[k])
        done(k)


class ChebyshevPropagator:
    """Chebyshev expansions of ``exp(-i H t)`` with a sparse H, for windows of any length.

    The spectral bounds and the scaled operator are prepared once; each call to
    :meth:`expansion` builds the basis for one start ket and one window length.

    Examples
    --------
    ``exp(-i sigma_x t)|g>`` at ``t = pi/2`` is ``-i|e>``:

    >>> import numpy as np
    >>> from qbattery.dynamics.expansion import ChebyshevPropagator
    >>> propagator = ChebyshevPropagator(np.array([[0.0, 1.0], [1.0, 0.0]]))
    >>> expansion = propagator.expansion(np.array([1.0, 0.0], dtype=complex), np.pi / 2)
    >>> bool(np.allclose(expansion.state(np.pi / 2), [0.0, -1j]))
    True
    """

    def __init__(
        self,
        hamiltonian: Operator,
        *,
        tol: float = 1e-12,
        bounds: tuple[float, float] | None = None,
    ) -> None:
        self.tol = tol
        self._hamiltonian = hamiltonian
        self._certain = False  # bounds that certainly enclose the spectrum (Gershgorin)
        self._scale(spectral_bounds(hamiltonian) if bounds is None else bounds)

    def _scale(self, bounds: tuple[float, float]) -> None:
        """``H~ = (H - c) / w`` for the interval ``bounds = (c - w, c + w)``."""
        low, high = bounds
        self.center = 0.5 * (high + low)
        self.half_width = 0.5 * (high - low)
        hamiltonian = self._hamiltonian
        shifted = hamiltonian - self.center * sp.identity(hamiltonian.shape[0], format="csr")
        scaled = sp.csr_matrix(shifted / self.half_width)
        self._real = is_real(scaled)
        # T_{k+1} = (2 H~) T_k - T_{k-1}
        self._doubled = _fastest_format(2.0 * sp.csr_matrix(scaled.real if self._real else scaled))
        # y += 2 H~ x on (Re psi, Im psi), built when asked
        self._pair: Callable[[np.ndarray, np.ndarray], None] | None = None
        # y += 2 H~ x for vectors of each type, built when asked
        self._accumulators: dict[np.dtype, Callable[[np.ndarray, np.ndarray], None]] = {}

    def _accumulator(self, dtype: np.dtype) -> Callable[[np.ndarray, np.ndarray], None]:
        """``add(x, y)``: ``y += 2 H~ x`` in place for vectors of ``dtype``."""
        if dtype not in self._accumulators:
            doubled = self._doubled if self._doubled.dtype == dtype else self._doubled.astype(dtype)
            self._accumulators[dtype] = accumulator(doubled)
        return self._accumulators[dtype]

    def order(self, length: float) -> int:
        """Terms needed for a window of ``length``.

        Examples
        --------
        Longer windows need more terms:

        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import ChebyshevPropagator
        >>> propagator = ChebyshevPropagator(np.array([[0.0, 1.0], [1.0, 0.0]]))
        >>> propagator.order(1.0) < propagator.order(10.0)
        True
        """
        return chebyshev_order(self.half_width, length, self.tol)

    @property
    def real(self) -> bool:
        """Whether the scaled H is real (then :meth:`phase_free_rows` applies).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import ChebyshevPropagator
        >>> ChebyshevPropagator(np.array([[0.0, 1.0], [1.0, 0.0]])).real
        True
        """
        return self._real

    def phase_free_rows(
        self, psi: np.ndarray, length: float, *, out: np.ndarray | None = None
    ) -> np.ndarray:
        """Real rows ``R`` (K, 2d) with ``exp(i c s) psi(s) = w(s) @ R[:, :d] + i w(s) @ R[:, d:]``.

        For a real H, ``psi = u + i v`` and ``c, w`` the centre and half-width of the spectrum,
        ``exp(i c s) psi(s) = sum_k (2 - delta_k0) J_k(w s) (-i)^k T_k(H~) (u + i v)``; as
        ``(-i)^k`` is ``(-1)^(k/2)`` for even and ``-i (-1)^((k-1)/2)`` for odd k, the real
        part is ``sum_k w_k(s) r_k`` with ``r_k = T_k u`` (even k) or ``T_k v`` (odd k), the
        imaginary part ``sum_k w_k(s) q_k`` with ``q_k = T_k v`` or ``-T_k u``, and
        ``w_k(s) = (2 - delta_k0) (-1)^floor(k/2) J_k(w s)`` (:func:`phase_free_weights`): real
        weights on real rows, half the work of a complex basis with complex coefficients. The
        global phase ``exp(-i c s)`` is left out (no observable depends on it). Valid on
        ``[0, length]``; raises if H is not real. ``out``, if large enough, holds the rows
        (its first K of them are returned): reusing buffers saves first-touch page faults.

        Examples
        --------
        ``exp(-i sigma_x s)|g> = cos s |g> - i sin s |e>``; the spectrum's centre is 0, so no
        phase is left out:

        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import ChebyshevPropagator, phase_free_weights
        >>> propagator = ChebyshevPropagator(np.array([[0.0, 1.0], [1.0, 0.0]]))
        >>> rows = propagator.phase_free_rows(np.array([1.0, 0.0]), 1.0)
        >>> parts = phase_free_weights(rows.shape[0], propagator.half_width, np.array([1.0])) @ rows
        >>> bool(np.allclose(parts[0, :2] + 1j * parts[0, 2:], [np.cos(1), -1j * np.sin(1)]))
        True
        """
        if not self._real:
            raise QBatteryValueError(
                "hamiltonian: phase-free rows need a real H; use expansion() for a complex one"
            )
        order = self.order(length)
        d = psi.shape[0]
        if self._pair is None:
            pair = _fastest_format(sp.csr_matrix(sp.block_diag([self._doubled] * 2)))
            self._pair = accumulator(pair)
        add = self._pair
        fits = out is not None and out.shape[0] >= order and out.shape[1] == 2 * d
        rows = out[:order] if fits and out is not None else np.empty((order, 2 * d))
        half = np.empty(d)

        def swap(k: int) -> None:  # odd k: (T_k u, T_k v) -> (T_k v, -T_k u), in place
            half[:] = rows[k, :d]
            rows[k, :d] = rows[k, d:]
            np.negative(half, out=rows[k, d:])

        def done(k: int) -> None:
            if k % 2 == 1 and k >= 3:  # T_{k-2} is no longer needed
                swap(k - 2)

        rows[0, :d], rows[0, d:] = np.real(psi), np.imag(psi)
        _fill_chebyshev(rows, add, done)
        for k in range(max(1, order - 2), order):
            if k % 2 == 1:
                swap(k)
        norms = np.sqrt(np.einsum("kd,kd->k", rows, rows))  # the swaps keep every norm
        if not self._certain and np.max(norms) > (1 + _GROWTH_TOL) * norms[0]:
            self._certain = True  # a level outside the estimated interval (see expansion())
            self._scale(gershgorin_bounds(self._hamiltonian))
            return self.phase_free_rows(psi, length, out=out)
        return rows

    def expansion(
        self, psi: np.ndarray, length: float, *, buffer: RowBuffer | None = None
    ) -> Expansion:
        """Chebyshev vectors ``T_k(H~) psi`` via ``T_{k+1} = 2 H~ T_k - T_{k-1}``, valid on
        ``[0, length]``.

        With a real H and a ket that is real up to a global phase, the vectors are real (a
        quarter of the complex work) and the phase moves into the coefficients. Each vector is
        built in place (``T_{k+1} = -T_{k-1}``, then ``+= 2 H~ T_k`` by the compiled kernel of
        :func:`~qbattery.dynamics.sparse_kernels.accumulator`) and its norm taken while it is
        in cache. ``buffer``, if given, holds the vectors and is reused by the next call: the
        returned expansion is valid until then (fresh arrays of many MiB page-fault on first
        touch every window).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.expansion import ChebyshevPropagator
        >>> propagator = ChebyshevPropagator(np.array([[0.0, 1.0], [1.0, 0.0]]))
        >>> expansion = propagator.expansion(np.array([1.0, 0.0], dtype=complex), 1.0)
        >>> bool(np.isclose(abs(expansion.state(1.0)[1]) ** 2, np.sin(1.0) ** 2, atol=1e-10))
        True
        """
        order = self.order(length)
        phase = _global_phase(psi) if self._real else None
        vector = (psi * np.conj(phase)).real if phase is not None else psi.astype(np.complex128)
        add = self._accumulator(vector.dtype)
        memory = RowBuffer() if buffer is None else buffer
        rows = memory.take(order, psi.shape[0], vector.dtype)  # contiguous kets
        squares = np.empty(order)

        def done(k: int) -> None:  # the norm while the vector is in cache
            squares[k] = np.vdot(rows[k], rows[k]).real

        rows[0] = vector
        done(0)
        _fill_chebyshev(rows, add, done)
        norms = np.sqrt(squares)
        if not self._certain and np.max(norms) > (1 + _GROWTH_TOL) * norms[0]:
            # a level outside the estimated interval: rescale into certain bounds and redo
            self._certain = True
            self._scale(gershgorin_bounds(self._hamiltonian))
            return self.expansion(psi, length, buffer=buffer)
        basis = rows.T
        orders = np.arange(order)
        amplitudes = np.where(orders == 0, 1.0, 2.0) * (-1j) ** orders * (phase or 1.0)
        return Expansion(
            basis, amplitudes, center=self.center, half_width=self.half_width, t_max=length
        )
