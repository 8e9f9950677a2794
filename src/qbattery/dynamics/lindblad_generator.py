"""The Lindblad generator applied to Hermitian matrices, and the Chebyshev sums built on it.

The generator of one constant piece,

    L(X) = -i (H_eff X - X H_eff^dagger) + sum_j L_j X L_j^dagger,
    H_eff = H - (i/2) N,    N = sum_j L_j^dagger L_j,

maps Hermitian matrices to Hermitian matrices. On a Hermitian X the second product is the
adjoint of the first, ``X H_eff^dagger = (H_eff X)^dagger``, so one application costs one
sparse product ``H_eff X`` (a (d, d) sparse matrix times a dense one), a transposition and the
jump terms: a fraction of a product with the ``d^2 x d^2`` Liouvillian, whose gathers are
slower per entry. Jump operators with few non-zeros are applied together as the superoperator
``sum_j L_j (x) conj(L_j)`` on row-major ``vec(X)``; denser ones as ``L_j (L_j X)^dagger``.

Real form. When H and every L_j are real (the common case), L commutes with the real-linear
map ``X = S + i A -> M = S + A`` (S symmetric, A antisymmetric, both real; inverse
``X = (M + M^T)/2 + i (M - M^T)/2``), and on M

    L(M) = M^T H - H M^T - (N M + M N)/2 + sum_j L_j M L_j^T,

from ``Re L(X) = [H, A] + D(S)`` and ``Im L(X) = -[H, S] + D(A)`` with ``D`` the real
dissipator. Every vector is then real: half the memory, a quarter of the multiplications in
the jump superoperator and in the accumulation of the sums.

Sums. :func:`window_states` evaluates ``sum_k C[j, k] P_k`` for the Chebyshev matrices
``P_0 = rho``, ``P_1 = B rho``, ``P_{k+1} = 2 B P_k + P_{k-1}`` with ``B = (L - c)/f``
(:mod:`qbattery.dynamics.lindblad_chebyshev` gives ``c``, ``f`` and ``C``), holding a chunk of
the P_k at a time and adding it to the result with one real matrix product.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.linalg import blas

from qbattery.dynamics.expansion import spectral_bounds
from qbattery.operators import Operator, is_real, to_sparse

__all__ = [
    "DENSE",
    "HermitianGenerator",
    "Kernel",
    "dense",
    "hermitian_generator",
    "kernel",
    "window_states",
]

#: A jump operator with more non-zeros than this many times d is applied as two sparse
#: products (``2 nnz d`` multiply-adds); sparser ones join the superoperator (``nnz^2``).
_PRODUCTS_ABOVE = 2

#: Largest ``d^2`` applied as a dense matrix: up to it one matrix-vector product beats the
#: dozen calls of the sparse kernels. The product runs in ``numpy.einsum``, not BLAS, whose
#: worker threads can stall a small product for milliseconds on a loaded machine.
DENSE = 64

#: Bytes the chunk of Chebyshev matrices held at once may take.
_CHUNK_BYTES = 32 * 2**20

#: Smallest imaginary bound used (a vanishing generator still needs a focal distance).
_TINY = 1e-12


def _gershgorin_max(matrix: sp.csr_matrix) -> float:
    """Upper bound on the largest eigenvalue modulus of a Hermitian matrix (row sums)."""
    if matrix.nnz == 0:
        return 0.0
    return float(np.max(np.asarray(abs(matrix).sum(axis=1))))


def _gershgorin_min(matrix: sp.csr_matrix) -> float:
    """Lower bound on the smallest eigenvalue of a positive semidefinite matrix (>= 0)."""
    if matrix.nnz == 0:
        return 0.0
    diagonal = np.real(matrix.diagonal())
    off = np.asarray(abs(matrix).sum(axis=1)).ravel() - np.abs(diagonal)
    return max(float(np.min(diagonal - off)), 0.0)


@dataclass(frozen=True)
class HermitianGenerator:
    """The Lindblad generator of one constant piece, for propagating Hermitian matrices.

    Attributes
    ----------
    hamiltonian : sparse (d, d)
        H shifted by the centre of its spectrum (the commutator does not see the shift, and
        ``H X - X H`` then loses nothing to a large constant).
    number : sparse (d, d)
        ``N = sum_j L_j^dagger L_j``.
    superoperator : sparse (d**2, d**2) or None
        ``sum_j L_j (x) conj(L_j)`` over the sparse jump operators (row-major ``vec``).
    products : tuple of sparse (d, d)
        The denser jump operators.
    real : bool
        H and every L_j are real: the propagation runs in the real form.
    jump_nonzeros : int
        Non-zeros of the jump superoperator (counted even when it is not built).
    real_bounds : (float, float)
        Bounds on the real parts of the numerical range of L.
    imaginary_bound : float
        Bound on the moduli of its imaginary parts.

    Examples
    --------
    A decaying qubit: real generator, spectrum of its real part within ``[-2, 1]`` here:

    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> generator.real, generator.real_bounds
    (True, (-2.0, 1.0))
    """

    hamiltonian: sp.csr_matrix
    number: sp.csr_matrix
    superoperator: sp.csr_matrix | None
    products: tuple[sp.csr_matrix, ...]
    real: bool
    real_bounds: tuple[float, float]
    imaginary_bound: float
    jump_nonzeros: int

    @property
    def dimension(self) -> int:
        return int(self.hamiltonian.shape[0])

    @property
    def centre(self) -> float:
        """Centre of the real parts."""
        return 0.5 * (self.real_bounds[0] + self.real_bounds[1])

    @property
    def half_width(self) -> float:
        """Half the extent of the real parts."""
        return 0.5 * (self.real_bounds[1] - self.real_bounds[0])


def hermitian_generator(
    hamiltonian: Operator,
    collapse_ops: Sequence[Operator],
    *,
    bounds: tuple[float, float] | None = None,
    build: bool = True,
) -> HermitianGenerator:
    """The generator of ``d rho/dt = -i[H, rho] + sum_j (L_j rho L_j^dag - {L_j^dag L_j, rho}/2)``.

    The numerical range of L (Hilbert-Schmidt inner product) lies in the rectangle
    ``Re z in [-(n_max + r), -n_min + r]``, ``|Im z| <= (E_max - E_min) + r`` with
    ``r = sqrt(||N|| ||sum_j L_j L_j^dagger||)`` (see
    :mod:`qbattery.dynamics.lindblad_chebyshev`). ``bounds`` encloses the spectrum of H if
    known; otherwise :func:`~qbattery.dynamics.expansion.spectral_bounds` (Lanczos, widened by
    its margin) gives it. N and ``sum L L^dagger`` are bounded by Gershgorin discs (exact for
    the diagonal N of local noise). ``build=False`` skips the superoperator and keeps only
    what cost estimates need (its non-zeros counted, not summed: an upper bound).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator
    >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> y = 1j * np.array([[0, 1], [-1, 0]])               # sigma_y: complex
    >>> hermitian_generator(sx, []).real, hermitian_generator(y, []).real
    (True, False)
    """
    h = to_sparse(hamiltonian).astype(np.complex128)
    d = h.shape[0]
    real = is_real(h)
    number = sp.csr_matrix((d, d), dtype=np.complex128)
    outer = sp.csr_matrix((d, d), dtype=np.complex128)
    kron: list[sp.csr_matrix] = []
    products: list[sp.csr_matrix] = []
    jump_nonzeros = 0
    for operator in collapse_ops:
        jump = to_sparse(operator).astype(np.complex128)
        jump.eliminate_zeros()
        if jump.nnz == 0:
            continue
        real = real and is_real(jump)
        adjoint = sp.csr_matrix(jump.conj().T)
        number = number + adjoint @ jump
        outer = outer + jump @ adjoint
        if jump.nnz <= _PRODUCTS_ABOVE * d:
            jump_nonzeros += jump.nnz**2
            if build:
                kron.append(sp.kron(jump, jump.conj(), format="csr"))
        else:
            products.append(jump)
    superoperator = None
    if kron:
        superoperator = sp.csr_matrix(sum(kron[1:], kron[0]))
        superoperator.sum_duplicates()
        jump_nonzeros = superoperator.nnz
    low, high = spectral_bounds(h) if bounds is None else bounds
    shifted = h - (0.5 * (low + high)) * sp.identity(d, dtype=np.complex128, format="csr")
    jump_norm = math.sqrt(_gershgorin_max(number) * _gershgorin_max(outer))
    n_max, n_min = _gershgorin_max(number), _gershgorin_min(number)
    return HermitianGenerator(
        hamiltonian=sp.csr_matrix(shifted),
        number=sp.csr_matrix(number),
        superoperator=superoperator,
        products=tuple(products),
        real=real,
        real_bounds=(-(n_max + jump_norm), -n_min + jump_norm),
        imaginary_bound=max(float(high - low) + jump_norm, _TINY),
        jump_nonzeros=jump_nonzeros,
    )


def _diagonal(matrix: sp.csr_matrix) -> np.ndarray | None:
    """The diagonal of a matrix that has nothing else, else None."""
    diagonal = matrix.diagonal()
    rest = matrix - sp.diags(diagonal, format="csr")
    rest.eliminate_zeros()
    return diagonal if rest.nnz == 0 else None


class Kernel:
    """``out = 2 B X + previous`` with ``B = (L - c)/f``, on the form of the vectors (complex
    Hermitian X, or the real M of the real form).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import plan_window
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator, kernel
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> plan = plan_window(generator, 1.0, 1e-12)
    >>> operator = kernel(generator, plan.focal, plan.centre)
    >>> out = np.empty((1, 2, 2), dtype=complex)
    >>> operator.states(operator.vector(np.diag([0.25, 0.75]).astype(complex))[None], out)
    >>> out[0].real
    array([[0.25, 0.  ],
           [0.  , 0.75]])
    """

    dtype: type

    def vector(self, rho: np.ndarray) -> np.ndarray:
        """The vector of a Hermitian state (a new array).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.lindblad_chebyshev import plan_window
        >>> from qbattery.dynamics.lindblad_generator import hermitian_generator, kernel
        >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
        >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [lower])
        >>> plan = plan_window(generator, 1.0, 1e-12)
        >>> operator = kernel(generator, plan.focal, plan.centre)
        >>> operator.vector(np.diag([0.25, 0.75]).astype(complex)).size
        4
        """
        raise NotImplementedError

    def states(self, vectors: np.ndarray, out: np.ndarray) -> None:
        """The Hermitian states of ``vectors`` (n, d, d), written to ``out``.

        Examples
        --------
        The inverse of :meth:`vector`:

        >>> import numpy as np
        >>> from qbattery.dynamics.lindblad_chebyshev import plan_window
        >>> from qbattery.dynamics.lindblad_generator import hermitian_generator, kernel
        >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
        >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [lower])
        >>> plan = plan_window(generator, 1.0, 1e-12)
        >>> operator = kernel(generator, plan.focal, plan.centre)
        >>> rho = np.array([[0.25, 0.1j], [-0.1j, 0.75]])
        >>> out = np.empty((1, 2, 2), dtype=complex)
        >>> operator.states(operator.vector(rho)[None], out)
        >>> bool(np.allclose(out[0], rho))
        True
        """
        raise NotImplementedError

    def apply_doubled(
        self, current: np.ndarray, previous: np.ndarray | None, out: np.ndarray
    ) -> None:
        """``out = 2 B current + previous`` (``2 B current`` when ``previous`` is None).

        Examples
        --------
        ``B = (L - centre)/focal``: from ``rho = |e><e|`` the decay gives ``(L rho)_ee = -1``, so
        ``(2 B rho)_ee = 2 (-1 - centre)/focal``:

        >>> import numpy as np
        >>> from qbattery.dynamics.lindblad_chebyshev import plan_window
        >>> from qbattery.dynamics.lindblad_generator import hermitian_generator, kernel
        >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
        >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [lower])
        >>> plan = plan_window(generator, 1.0, 1e-12)
        >>> operator = kernel(generator, plan.focal, plan.centre)
        >>> vector = operator.vector(np.diag([0.0, 1.0]).astype(complex))
        >>> out = np.empty_like(vector)
        >>> operator.apply_doubled(vector, None, out)
        >>> state = np.empty((1, 2, 2), dtype=complex)
        >>> operator.states(out[None], state)
        >>> bool(np.isclose(state[0, 1, 1].real, 2 * (-1 - plan.centre) / plan.focal))
        True
        """
        raise NotImplementedError


class _ComplexKernel(Kernel):
    """``2 B X = G X + (G X)^dagger + J' X`` with ``G = -(2i/f) H_eff - (c/f) 1``,
    ``J' = (2/f) J`` and the denser jump operators scaled by ``sqrt(2/f)``."""

    dtype = np.complex128

    def __init__(self, generator: HermitianGenerator, focal: float, centre: float) -> None:
        d = generator.dimension
        effective = generator.hamiltonian - 0.5j * generator.number
        identity = sp.identity(d, dtype=np.complex128, format="csr")
        self.effective = sp.csr_matrix((-2j / focal) * effective - (centre / focal) * identity)
        superoperator = generator.superoperator
        self.superoperator = None if superoperator is None else (2.0 / focal) * superoperator
        self.products = [math.sqrt(2.0 / focal) * op for op in generator.products]

    def vector(self, rho: np.ndarray) -> np.ndarray:
        return np.array(rho, dtype=np.complex128)

    def states(self, vectors: np.ndarray, out: np.ndarray) -> None:
        out[...] = vectors

    def apply_doubled(
        self, current: np.ndarray, previous: np.ndarray | None, out: np.ndarray
    ) -> None:
        y = self.effective @ current
        np.conjugate(y.T, out=out)
        out += y
        if previous is not None:
            out += previous
        if self.superoperator is not None:
            flat = out.reshape(-1)
            flat += self.superoperator @ current.reshape(-1)
        for jump in self.products:
            out += jump @ np.conjugate((jump @ current).T)


class _RealKernel(Kernel):
    """Real form: ``2 B M = (H' M)^T - H' M^T - V M - M V + J' M`` with ``H' = (2/f) H``,
    ``V = (N + c)/f`` (a row scaling when N is diagonal) and ``J' = (2/f) J``."""

    dtype = np.float64

    def __init__(self, generator: HermitianGenerator, focal: float, centre: float) -> None:
        d = generator.dimension
        self.hamiltonian = sp.csr_matrix((2.0 / focal) * generator.hamiltonian.real)
        damping = sp.csr_matrix(
            (generator.number.real + centre * sp.identity(d, format="csr")) / focal
        )
        diagonal = _diagonal(damping)
        self.damping = None if diagonal is not None else damping
        self.pairs = None if diagonal is None else diagonal[:, None] + diagonal[None, :]
        superoperator = generator.superoperator
        self.superoperator = (
            None if superoperator is None else sp.csr_matrix((2.0 / focal) * superoperator.real)
        )
        self.products = [
            sp.csr_matrix(math.sqrt(2.0 / focal) * op.real) for op in generator.products
        ]
        self._scratch = np.empty((d, d))

    def vector(self, rho: np.ndarray) -> np.ndarray:
        return np.asarray(rho.real + rho.imag, dtype=np.float64)

    def states(self, vectors: np.ndarray, out: np.ndarray) -> None:
        transposed = vectors.transpose(0, 2, 1)
        np.add(vectors, transposed, out=out.real)
        out.real *= 0.5
        np.subtract(vectors, transposed, out=out.imag)
        out.imag *= 0.5

    def apply_doubled(
        self, current: np.ndarray, previous: np.ndarray | None, out: np.ndarray
    ) -> None:
        forward = self.hamiltonian @ current
        np.subtract(forward.T, self.hamiltonian @ current.T, out=out)
        if self.pairs is not None:
            np.multiply(self.pairs, current, out=self._scratch)
            out -= self._scratch
        else:
            assert self.damping is not None
            out -= self.damping @ current
            out -= (self.damping @ current.T).T
        if previous is not None:
            out += previous
        if self.superoperator is not None:
            flat = out.reshape(-1)
            flat += self.superoperator @ current.reshape(-1)
        for jump in self.products:
            out += jump @ (jump @ current.T).T


class _DenseKernel(Kernel):
    """Small systems: ``2 B`` as a dense ``(d^2, d^2)`` matrix on row-major ``vec(X)``
    (``vec(A X B) = (A (x) B^T) vec(X)``), one matrix-vector product per application."""

    dtype = np.complex128

    def __init__(self, generator: HermitianGenerator, focal: float, centre: float) -> None:
        d = generator.dimension
        one = np.eye(d)
        effective = (generator.hamiltonian - 0.5j * generator.number).toarray()
        matrix = -1j * (np.kron(effective, one) - np.kron(one, effective.conj()))
        if generator.superoperator is not None:
            matrix += generator.superoperator.toarray()
        for jump in generator.products:
            dense = jump.toarray()
            matrix += np.kron(dense, dense.conj())
        matrix -= centre * np.eye(d * d)
        self.matrix = (2.0 / focal) * matrix

    def vector(self, rho: np.ndarray) -> np.ndarray:
        return np.array(rho, dtype=np.complex128)

    def states(self, vectors: np.ndarray, out: np.ndarray) -> None:
        out[...] = vectors

    def apply_doubled(
        self, current: np.ndarray, previous: np.ndarray | None, out: np.ndarray
    ) -> None:
        np.einsum("ij,j->i", self.matrix, current.reshape(-1), out=out.reshape(-1))
        if previous is not None:
            out += previous


def dense(generator: HermitianGenerator) -> bool:
    """Whether the generator is applied as a dense ``(d^2, d^2)`` matrix (``d^2 <= DENSE``).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_generator import dense, hermitian_generator
    >>> dense(hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])]))
    True
    """
    return generator.dimension**2 <= DENSE


def kernel(generator: HermitianGenerator, focal: float, centre: float) -> Kernel:
    """The application ``2 (L - centre)/focal``: dense for small systems, else in the real form
    when the generator is real, else on complex Hermitian matrices.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator, kernel
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> type(kernel(generator, 2.0, -0.5)).__name__
    '_DenseKernel'
    """
    if dense(generator):
        return _DenseKernel(generator, focal, centre)
    if generator.real:
        return _RealKernel(generator, focal, centre)
    return _ComplexKernel(generator, focal, centre)


def _accumulate(target: np.ndarray, coefficients: np.ndarray, chunk: np.ndarray) -> None:
    """``target += coefficients @ chunk`` (real, C-ordered) in place, by BLAS ``dgemm`` with
    ``beta = 1`` on the transposed (Fortran-ordered) problem: no temporary of target's size."""
    result = blas.dgemm(
        1.0,
        chunk.T,
        np.ascontiguousarray(coefficients).T,
        beta=1.0,
        c=target.T,
        overwrite_c=True,
    )
    if not np.shares_memory(result, target):  # pragma: no cover - BLAS made a copy
        target[...] = result.T


def window_states(
    operator: Kernel,
    vector: np.ndarray,
    coefficients: np.ndarray,
    states: np.ndarray,
    vectors: np.ndarray,
) -> None:
    """``states[j] = sum_k coefficients[j, k] P_k`` (Hermitian, complex), with ``P_0`` the state
    of ``vector`` and ``P_{k+1} = 2 B P_k + P_{k-1}``.

    ``vectors`` is scratch of shape (n, d, d) in the kernel's dtype, which ends holding the
    sums as vectors (its last row is the vector of the last state).

    Examples
    --------
    With the coefficients of a plan, the Chebyshev sum gives the decayed state ``rho_ee = e^{-1}``
    at ``tau = 1``:

    >>> import numpy as np
    >>> from qbattery.dynamics.lindblad_chebyshev import plan_window
    >>> from qbattery.dynamics.lindblad_generator import hermitian_generator, kernel, window_states
    >>> generator = hermitian_generator(np.diag([0.0, 1.0]), [np.array([[0.0, 1.0], [0.0, 0.0]])])
    >>> plan = plan_window(generator, 1.0, 1e-12)
    >>> operator = kernel(generator, plan.focal, plan.centre)
    >>> vector = operator.vector(np.diag([0.0, 1.0]).astype(complex))
    >>> states = np.empty((1, 2, 2), dtype=complex)
    >>> scratch = np.empty((1,) + vector.shape, dtype=vector.dtype)
    >>> window_states(operator, vector, plan.coefficients(np.array([1.0])), states, scratch)
    >>> round(float(states[0, 1, 1].real), 9), round(float(np.exp(-1)), 9)
    (0.367879441, 0.367879441)
    """
    n, degree = coefficients.shape
    d = vector.shape[0]
    vectors[...] = 0.0
    flat = vectors.reshape(n, -1).view(np.float64)
    q = max(3, min(degree, _CHUNK_BYTES // (16 * d * d)))
    chunk = np.empty((q, d, d), dtype=operator.dtype)
    flat_chunk = chunk.reshape(q, -1).view(np.float64)
    chunk[0] = vector
    if degree > 1:
        operator.apply_doubled(chunk[0], None, chunk[1])
        chunk[1] *= 0.5
    start = 0
    for k in range(2, degree + 1):
        if k % q == 0 or k == degree:
            _accumulate(flat, coefficients[:, start:k], flat_chunk[: k - start])
            start = k
            if k == degree:
                break
        operator.apply_doubled(chunk[(k - 1) % q], chunk[(k - 2) % q], chunk[k % q])
    if degree == 1:
        _accumulate(flat, coefficients, flat_chunk[:1])
    operator.states(vectors, states)
