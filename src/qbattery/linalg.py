"""Batched linear-algebra helpers: partial traces, energy-level spectra and their pairing.

Everything here works on stacks of matrices of shape ``(..., d, d)`` without Python loops over
the leading (batch) axes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, overload

import numpy as np
import scipy.sparse as sp

from qbattery.blas_threads import single_threaded_blas
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.validation import (
    DEFAULT_ATOL,
    as_array,
    check_dims,
    check_finite,
    check_hermitian,
    check_positive_spectrum,
    check_square,
    check_unit_trace,
)

__all__ = [
    "Eigenbasis",
    "LevelSpectrum",
    "density_matrices",
    "density_matrix",
    "dephase",
    "embed_operator",
    "expectation",
    "float_if_scalar",
    "hermitian_eigenbasis",
    "like_input",
    "paired_energy",
    "reduced_state",
    "reduced_state_of_ket",
    "stack_eigvalsh",
    "workers_available",
]

#: Matrices per chunk of a stack: large enough to amortise the per-call cost of LAPACK's batched
#: driver, small enough that a chunk's temporaries stay in cache (256-512 measured best for
#: d = 16 on the benchmark machine).
_CHUNK = 512


def workers_available() -> int:
    """The cores this process may run on (its CPU affinity).

    Examples
    --------
    >>> from qbattery.linalg import workers_available
    >>> workers_available() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def stack_eigvalsh(
    stack: np.ndarray, check: Callable[[np.ndarray, np.ndarray], None] | None = None
) -> np.ndarray:
    """Eigenvalues (increasing) of a stack of Hermitian matrices, shape (..., d, d) -> (..., d).

    The stack is cut into chunks of at most ``_CHUNK`` matrices, at least one per core, that are
    diagonalised on a thread per core (NumPy's batched LAPACK call releases the GIL) with
    single-threaded BLAS each. ``check(chunk, eigenvalues)``, if given,
    runs on each chunk in its thread, so input validation is parallel and cache-local too.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.linalg import stack_eigvalsh
    >>> stack_eigvalsh(np.array([np.diag([2.0, 1.0]), np.diag([0.0, 3.0])]))
    array([[1., 2.],
           [0., 3.]])
    """
    d = stack.shape[-1]
    flat = stack.reshape(-1, d, d)
    out = np.empty(flat.shape[:-1])

    def work(start: int) -> None:
        chunk = flat[start : start + size]
        out[start : start + size] = np.linalg.eigvalsh(chunk)
        if check is not None:
            check(chunk, out[start : start + size])

    count = flat.shape[0]
    size = max(1, min(_CHUNK, -(-count // workers_available())))  # every core gets a chunk
    starts = range(0, count, size)
    workers = min(workers_available(), len(starts))
    with single_threaded_blas():  # one thread per chunk already (qbattery.blas_threads)
        if workers > 1:
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(work, starts))
        else:
            for start in starts:
                work(start)
    return out.reshape(*stack.shape[:-1])


@dataclass(frozen=True)
class LevelSpectrum:
    """Distinct energy levels of a Hamiltonian on its full space, with their multiplicities.

    A state held in a symmetry-reduced basis (the symmetric Dicke subspace, say) may have its
    passive state on levels outside that basis. Passing the full-space spectrum to a metric makes
    the metric degeneracy-aware (docs/conventions.md) without ever building the full space: the
    multiplicities may be astronomically large (binomial coefficients for N = 64 spins).

    Parameters
    ----------
    levels : array of shape (m,)
        Distinct eigenvalues, strictly increasing.
    multiplicities : array of shape (m,)
        How many times each level occurs in the full space (positive; float to allow > 2**63).

    Examples
    --------
    Three qubits of gap 1 in their symmetric subspace: levels ``0..3`` with multiplicities
    ``binomial(3, k)`` on the full ``2**3`` space (energies in units of the gap).

    >>> from qbattery.bases import symmetric_level_spectrum
    >>> spectrum = symmetric_level_spectrum(3, 1.0)
    >>> spectrum.levels, spectrum.multiplicities
    (array([0., 1., 2., 3.]), array([1., 3., 3., 1.]))
    """

    levels: np.ndarray
    multiplicities: np.ndarray

    def __post_init__(self) -> None:
        levels = np.asarray(self.levels, dtype=np.float64)
        multiplicities = np.asarray(self.multiplicities, dtype=np.float64)
        if levels.ndim != 1 or levels.shape != multiplicities.shape or levels.size == 0:
            raise DimensionError(
                "LevelSpectrum: levels and multiplicities must be 1-D of equal non-zero length, "
                f"got shapes {levels.shape} and {multiplicities.shape}"
            )
        if np.any(np.diff(levels) <= 0):
            raise QBatteryValueError("LevelSpectrum.levels: must be strictly increasing")
        if np.any(multiplicities < 1):
            raise QBatteryValueError("LevelSpectrum.multiplicities: must all be at least 1")
        object.__setattr__(self, "levels", levels)
        object.__setattr__(self, "multiplicities", multiplicities)

    @property
    def dimension(self) -> float:
        """Dimension of the full space (sum of the multiplicities)."""
        return float(self.multiplicities.sum())


def paired_energy(
    populations: np.ndarray, spectrum: LevelSpectrum, *, highest_first: bool = False
) -> np.ndarray:
    """Energy of the state with the given populations placed on the levels in order.

    ``E = sum_i p_i e_{k(i)}`` where the populations ``p_i`` are sorted decreasing and ``k(i)``
    walks the levels upwards (passive state, ergotropy eq. 6 of the review) or downwards
    (``highest_first``, active state, antiergotropy), each level taking as many populations as
    its multiplicity. Allen, Balian, Nieuwenhuizen, EPL 67, 565 (2004).

    Parameters
    ----------
    populations : array of shape (..., n)
        Eigenvalues of the state, sorted decreasing along the last axis.
    spectrum : LevelSpectrum
        Levels of the Hamiltonian on the full space, with multiplicities; ``n`` may not exceed
        its dimension.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    Populations ``(0.75, 0.25)`` on the levels ``0, 1`` in order (passive) and reversed (active),
    in the levels' energy unit:

    >>> import numpy as np
    >>> from qbattery.linalg import LevelSpectrum, paired_energy
    >>> spectrum = LevelSpectrum(np.array([0.0, 1.0]), np.array([1, 1]))
    >>> populations = np.array([0.75, 0.25])
    >>> passive = paired_energy(populations, spectrum)
    >>> active = paired_energy(populations, spectrum, highest_first=True)
    >>> float(passive), float(active)
    (0.25, 0.75)
    """
    n = populations.shape[-1]
    if n > spectrum.dimension:
        raise DimensionError(
            f"populations: {n} eigenvalues but the spectrum has only {spectrum.dimension:g} levels"
        )
    levels, multiplicities = spectrum.levels, spectrum.multiplicities
    if highest_first:
        levels, multiplicities = levels[::-1], multiplicities[::-1]
    level_of_slot = np.searchsorted(np.cumsum(multiplicities), np.arange(n), side="right")
    return populations @ levels[level_of_slot]


def expectation(operator: np.ndarray, rho: np.ndarray) -> np.ndarray:
    """``Re Tr[operator rho]`` for a stack ``rho`` of shape (..., d, d); returns shape (...).

    Computed as one matrix-vector product over the flattened stack (no (d, d) product per item).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.linalg import expectation
    >>> expectation(np.diag([0.0, 1.0]), np.array([np.diag([1.0, 0.0]), np.diag([0.25, 0.75])]))
    array([0.  , 0.75])
    """
    d = operator.shape[-1]
    if rho.ndim > 2 and not rho.flags.c_contiguous and np.swapaxes(rho, -1, -2).flags.c_contiguous:
        # Transposed inner layout (e.g. from rho + rho^dagger): use Tr[O rho] = sum (rho^T * O)
        # on the contiguous view instead of copying the stack.
        flat = np.swapaxes(rho, -1, -2).reshape(*rho.shape[:-2], d * d)
        return np.real(flat @ np.ascontiguousarray(operator).reshape(d * d))
    flat = rho.reshape(*rho.shape[:-2], d * d)
    return np.real(flat @ operator.T.reshape(d * d))


def _split_axes(dims: Sequence[int], keep: Sequence[int] | int) -> tuple[list[int], list[int]]:
    n = len(dims)
    kept = [int(keep)] if isinstance(keep, int | np.integer) else [int(k) for k in keep]
    if any(not -n <= k < n for k in kept):
        raise DimensionError(
            f"keep: subsystem indices {kept} out of range for {n} subsystems (dims={list(dims)})"
        )
    kept = sorted({k % n for k in kept})
    if not kept:
        raise DimensionError("keep: name at least one subsystem to keep")
    return kept, [k for k in range(n) if k not in kept]


def reduced_state(rho: np.ndarray, dims: Sequence[int], keep: Sequence[int] | int) -> np.ndarray:
    """Partial trace of density matrices over every subsystem not in ``keep``.

    Parameters
    ----------
    rho : array of shape (..., d, d)
        Density matrices on the tensor product of subsystems with dimensions ``dims``.
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    keep : int or sequence of int
        Indices of the subsystems kept, in any order; the result orders them as in ``dims``.

    Returns
    -------
    array of shape (..., d_keep, d_keep)

    Examples
    --------
    Each half of a Bell pair is maximally mixed:

    >>> import numpy as np
    >>> from qbattery import reduced_state
    >>> bell = np.array([1.0, 0, 0, 1.0]) / np.sqrt(2)
    >>> np.round(reduced_state(np.outer(bell, bell), [2, 2], 0), 12)
    array([[0.5, 0. ],
           [0. , 0.5]])
    """
    d = rho.shape[-1]
    dims = check_dims(dims, d)
    kept, traced = _split_axes(dims, keep)
    batch = rho.shape[:-2]
    nb, n = len(batch), len(dims)
    tensor = rho.reshape(*batch, *dims, *dims)
    order = (
        list(range(nb))
        + [nb + k for k in kept]
        + [nb + k for k in traced]
        + [nb + n + k for k in kept]
        + [nb + n + k for k in traced]
    )
    d_keep = int(np.prod([dims[k] for k in kept]))
    d_rest = d // d_keep
    tensor = tensor.transpose(order).reshape(*batch, d_keep, d_rest, d_keep, d_rest)
    return np.einsum("...arbr->...ab", tensor)


def reduced_state_of_ket(
    psi: np.ndarray, dims: Sequence[int], keep: Sequence[int] | int
) -> np.ndarray:
    """Reduced density matrix of pure states ``psi`` of shape (..., d) on the subsystems ``keep``.

    ``rho_A = Tr_B |psi><psi| = M M^dagger`` with ``M`` the (d_A, d_B) reshaping of ``psi``.

    Returns
    -------
    array of shape (..., d_keep, d_keep)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery import reduced_state_of_ket
    >>> np.round(reduced_state_of_ket(np.kron([0.0, 1.0], [1.0, 0.0]), [2, 2], 1), 12)
    array([[1., 0.],
           [0., 0.]])
    """
    d = psi.shape[-1]
    dims = check_dims(dims, d)
    kept, traced = _split_axes(dims, keep)
    batch = psi.shape[:-1]
    nb = len(batch)
    d_keep = int(np.prod([dims[k] for k in kept]))
    tensor = psi.reshape(*batch, *dims).transpose(
        list(range(nb)) + [nb + k for k in traced] + [nb + k for k in kept]
    )
    # M^T (d_keep, d_rest) from a (d_rest, d_keep) array whose rows are contiguous: NumPy's
    # batched matmul hands each pair to BLAS (5x faster than einsum for a 143 x 33 cavity-atoms
    # ket); with the traced subsystems first this reshape needs no copy
    traced_first = tensor.reshape(*batch, d // d_keep, d_keep)
    with single_threaded_blas():  # many small products: threads only wait (blas_threads)
        return np.matmul(np.swapaxes(traced_first, -1, -2), np.conj(traced_first))


#: The eigendecomposition ``(energies (d,), vectors (d, d))`` of a Hermitian operator, as
#: returned by ``numpy.linalg.eigh``.
Eigenbasis = tuple[np.ndarray, np.ndarray]


def hermitian_eigenbasis(h: np.ndarray, given: Eigenbasis | None = None) -> Eigenbasis:
    """``numpy.linalg.eigh(h)``, or ``given`` (computed before, to diagonalise ``h`` once) after
    checking that its shapes fit ``h`` of shape (d, d).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.linalg import hermitian_eigenbasis
    >>> energies, vectors = hermitian_eigenbasis(np.array([[0.0, 1.0], [1.0, 0.0]]))
    >>> np.round(energies, 12)
    array([-1.,  1.])
    """
    if given is None:
        return np.linalg.eigh(h)
    energies, vectors = (np.asarray(part) for part in given)
    d = h.shape[-1]
    if energies.shape != (d,) or vectors.shape != (d, d):
        raise DimensionError(
            f"eigenbasis: expected (energies (d,), vectors (d, d)) with d = {d}, got shapes "
            f"{energies.shape} and {vectors.shape}; pass numpy.linalg.eigh(h)"
        )
    return energies, vectors


def dephase(
    rho: Any,
    h: np.ndarray,
    *,
    degeneracy_tol: float = 1e-9,
    eigenbasis: Eigenbasis | None = None,
) -> Any:
    """Remove coherence between different energies of ``h``: ``sum_k P_k rho P_k``.

    ``P_k`` projects on the k-th eigenspace of ``h``; eigenvalues closer than
    ``degeneracy_tol * max(1, max|e|)`` count as one level, so coherence inside a degenerate level
    is kept (it carries no energy). ``eigenbasis``: ``numpy.linalg.eigh(h)`` if already computed.
    Returns the dephased states in the original basis, (..., d, d); a ``Qobj`` for a ``Qobj``.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery import dephase
    >>> dephase(np.full((2, 2), 0.5), np.diag([0.0, 1.0])).real
    array([[0.5, 0. ],
           [0. , 0.5]])
    """
    energies, vectors = hermitian_eigenbasis(as_array(h, "h"), eigenbasis)
    scale = degeneracy_tol * max(1.0, float(np.max(np.abs(energies))))
    same_level = np.abs(energies[:, None] - energies[None, :]) <= scale
    in_eigenbasis = np.conj(vectors.T) @ as_array(rho, "rho") @ vectors
    return like_input(vectors @ (in_eigenbasis * same_level) @ np.conj(vectors.T), rho)


def float_if_scalar(values: Any) -> float | np.ndarray:
    """A Python ``float`` for the value of one state, the array for a stack of states.

    Examples
    --------
    >>> float_if_scalar(np.array(0.5)), float_if_scalar(np.array([0.5])).shape
    (0.5, (1,))
    """
    array = np.asarray(values)
    return float(array) if array.ndim == 0 else array


def like_input(result: np.ndarray, given: Any, subsystems: Sequence[int] | None = None) -> Any:
    """``result`` as a ``qutip.Qobj`` when ``given`` is one: on ``given``'s subsystems, or on
    ``subsystems`` (the dims of a reduced state) when given.

    Functions that return states hand QuTiP users back QuTiP operators on the right subsystems;
    arrays stay arrays.

    Examples
    --------
    Arrays stay arrays; a ``qutip.Qobj`` input gives a ``Qobj`` back:

    >>> import numpy as np
    >>> import qutip
    >>> from qbattery.linalg import like_input
    >>> like_input(np.eye(2), np.eye(2)).__class__.__name__
    'ndarray'
    >>> like_input(np.eye(2), qutip.qeye(2)).dims
    [[2], [2]]
    """
    if not (hasattr(given, "dims") and hasattr(given, "full")) or result.ndim != 2:
        return result
    import qutip  # already imported: the caller passed a Qobj

    space = given.dims[0] if subsystems is None else [int(k) for k in subsystems]
    return qutip.Qobj(result, dims=[space, space])


def density_matrix(state: np.ndarray) -> np.ndarray:
    """``|psi><psi|`` for a ket ``(d,)``; a density matrix ``(d, d)`` is returned unchanged.

    Examples
    --------
    >>> density_matrix(np.array([1.0, 1.0j]) / np.sqrt(2)).round(2).tolist()
    [[(0.5+0j), -0.5j], [0.5j, (0.5+0j)]]
    """
    return np.outer(state, np.conj(state)) if state.ndim == 1 else state


@overload
def density_matrices(
    rho: Any, name: str = ..., *, validate: bool = ..., atol: float = ..., spectrum: Literal[True]
) -> tuple[np.ndarray, np.ndarray]: ...


@overload
def density_matrices(
    rho: Any, name: str = ..., *, validate: bool = ..., atol: float = ..., spectrum: bool = ...
) -> tuple[np.ndarray, np.ndarray | None]: ...


def density_matrices(
    rho: Any,
    name: str = "rho",
    *,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
    spectrum: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Convert density matrices ``(..., d, d)`` (or a ``Qobj``), check them, return their spectra.

    Validation (finite, Hermitian, unit trace, positive semidefinite) diagonalises every state
    anyway, chunk by chunk on all cores (:func:`stack_eigvalsh`), so the eigenvalues come for
    free; without validation they are computed only if ``spectrum`` is asked for.

    Returns
    -------
    states : array (..., d, d)
    eigenvalues : array (..., d), increasing, or None
        Present when ``validate`` or ``spectrum``.

    Examples
    --------
    Checked states and their eigenvalues (increasing):

    >>> import numpy as np
    >>> from qbattery.linalg import density_matrices
    >>> states, eigenvalues = density_matrices(np.diag([0.25, 0.75]), spectrum=True)
    >>> eigenvalues
    array([0.25, 0.75])
    """
    states = as_array(rho, name)
    check_square(states, name)
    if not validate:
        return states, (stack_eigvalsh(states) if spectrum else None)

    def check(chunk: np.ndarray, eigenvalues: np.ndarray) -> None:
        check_hermitian(chunk, name, atol=atol)
        check_unit_trace(chunk, name, atol=atol)
        check_positive_spectrum(eigenvalues, name, atol=atol)

    check_finite(states, name)  # before LAPACK sees a NaN
    return states, stack_eigvalsh(states, check)


def embed_operator(operator: Any, dims: Sequence[int], targets: Sequence[int]) -> sp.csr_matrix:
    """``operator`` on the subsystems ``targets`` of ``dims``, identity on the others (sparse).

    The targets may be in any order and need not be adjacent (``qutip.expand_operator``).

    Examples
    --------
    ``sigma_z`` on the second of two qubits:

    >>> import numpy as np
    >>> from qbattery.linalg import embed_operator
    >>> embed_operator(np.diag([-1.0, 1.0]), [2, 2], [1]).diagonal().real
    array([-1.,  1., -1.,  1.])
    """
    import qutip

    matrix = sp.csr_matrix(operator, dtype=np.complex128)
    local = qutip.Qobj(matrix, dims=[[dims[k] for k in targets]] * 2)
    full = qutip.expand_operator(local, dims=list(dims), targets=list(targets))
    return sp.csr_matrix(full.data.as_scipy(), dtype=np.complex128)
