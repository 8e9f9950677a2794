"""Quantum resources of battery states (review sec. 4): entropy, purity, entanglement, coherence.

    S(rho)  = -Tr[rho log rho]                   von Neumann entropy (0 log 0 = 0)
    P(rho)  = Tr[rho^2]                          purity
    I(A:B)  = S(rho_A) + S(rho_B) - S(rho_AB)    mutual information
    N(rho)  = (||rho^{T_A}||_1 - 1) / 2          negativity; E_N = log2 ||rho^{T_A}||_1
    C(rho)  = max(0, l_1 - l_2 - l_3 - l_4)      concurrence of two qubits
    C_l1, C_re                                   coherence in the eigenbasis of a Hamiltonian

Each function gives its formula with the source. All take states of shape ``(..., d, d)`` (or a
``qutip.Qobj``) and return a float array of the leading shape ``(...)``, with no loop over the
batch. With ``validate=True`` (the default) states are checked to be finite, Hermitian, of unit
trace and positive semidefinite, positivity on the spectrum of ``rho`` where the quantity needs
that spectrum anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.special import xlogy

from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.linalg import (
    Eigenbasis,
    density_matrices,
    hermitian_eigenbasis,
    reduced_state,
    reduced_state_of_ket,
)
from qbattery.validation import (
    DEFAULT_ATOL,
    as_array,
    check_dims,
    check_finite,
    check_ket,
    check_square,
    operator,
)

__all__ = [
    "concurrence",
    "entanglement_entropy",
    "l1_coherence",
    "log_negativity",
    "mutual_information",
    "negativity",
    "partial_transpose",
    "purity",
    "relative_entropy_coherence",
    "von_neumann_entropy",
]

#: sigma_y (x) sigma_y, the spin flip of Wootters' concurrence (real in the computational basis).
_SPIN_FLIP = np.array(
    [[0, 0, 0, -1], [0, 0, 1, 0], [0, 1, 0, 0], [-1, 0, 0, 0]], dtype=np.complex128
)


def _log_base(base: Any) -> float:
    """Natural logarithm of the entropy's base, after checking the base."""
    try:
        value = float(base)
    except (TypeError, ValueError) as exc:
        raise QBatteryTypeError(
            f"base: expected a real number, got {base!r}; use np.e (nats) or 2 (bits)"
        ) from exc
    if not np.isfinite(value) or value <= 0 or value == 1:
        raise QBatteryValueError(
            f"base: a logarithm base must be finite, positive and not 1, got {base!r}; "
            "use np.e (nats) or 2 (bits)"
        )
    return float(np.log(value))


def _entropy(eigenvalues: np.ndarray, log_base: float) -> np.ndarray:
    """``-sum p log p`` over the last axis, with round-off negatives clipped to 0 (0 log 0 = 0)."""
    p = np.clip(eigenvalues, 0.0, None)
    return -np.sum(xlogy(p, p), axis=-1) / log_base


def _subsystem_indices(value: Any, dims: Sequence[int], name: str) -> tuple[int, ...]:
    """Parse one index or a sequence of indices into ``dims``; return them sorted, deduplicated."""
    n = len(dims)
    items = [value] if isinstance(value, int | np.integer) else value
    try:
        items = list(items)
    except TypeError as exc:
        raise QBatteryTypeError(
            f"{name}: expected a subsystem index or a list of them, got {value!r}"
        ) from exc
    for item in items:
        if isinstance(item, bool | np.bool_) or not isinstance(item, int | np.integer):
            raise QBatteryTypeError(
                f"{name}: subsystem indices must be integers, got {item!r} in {value!r}"
            )
    indices = [int(item) for item in items]
    if not indices:
        raise DimensionError(
            f"{name}: name at least one subsystem (an index into dims={list(dims)})"
        )
    bad = [k for k in indices if not -n <= k < n]
    if bad:
        raise DimensionError(
            f"{name}: subsystem indices {bad} out of range for {n} subsystems "
            f"(dims={list(dims)}); use 0..{n - 1}, or negative indices counted from the end"
        )
    return tuple(sorted({k % n for k in indices}))


def von_neumann_entropy(
    rho: Any, *, base: float = np.e, validate: bool = True, atol: float = DEFAULT_ATOL
) -> np.ndarray:
    """Von Neumann entropy ``S = -Tr[rho log rho] = -sum_i p_i log p_i`` (Nielsen & Chuang 11.3).

    Eigenvalues within ``atol`` below zero are treated as 0, and ``0 log 0 = 0``.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    base : float
        Base of the logarithm: ``np.e`` (nats, default) or ``2`` (bits).
    validate : bool
        Check that ``rho`` is finite, Hermitian, of unit trace and positive semidefinite (the
        latter from the spectrum computed anyway).
    atol : float
        Tolerance of those checks.

    Returns
    -------
    array of shape (...)
        Between 0 (pure states) and ``log d`` (the maximally mixed state).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import von_neumann_entropy
    >>> float(von_neumann_entropy(np.eye(4) / 4, base=2))
    2.0
    """
    log_base = _log_base(base)
    _, eigenvalues = density_matrices(rho, validate=validate, atol=atol, spectrum=True)
    return _entropy(eigenvalues, log_base)


def purity(rho: Any, *, validate: bool = True, atol: float = DEFAULT_ATOL) -> np.ndarray:
    """Purity ``Tr[rho^2] = sum_ij |rho_ij|^2`` (for Hermitian ``rho``), in ``[1/d, 1]``.

    Computed from the matrix entries, without diagonalising; only the positivity check of
    ``validate`` diagonalises ``rho`` (turn it off in hot loops over states known to be valid).

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
    validate, atol
        As in :func:`von_neumann_entropy`.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import purity
    >>> float(purity(np.eye(2) / 2))
    0.5
    """
    states, _ = density_matrices(rho, validate=validate, atol=atol)
    return np.sum(np.abs(states) ** 2, axis=(-2, -1))


def entanglement_entropy(
    state: Any,
    dims: Sequence[int],
    subsystem: Sequence[int] | int,
    *,
    base: float = np.e,
    ket: bool | None = None,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> np.ndarray:
    """Entropy ``S(rho_A)`` of the reduced state ``rho_A = Tr_B rho`` of the subsystems A.

    For pure states ``|psi>`` it is the entanglement entropy, the unique entanglement measure of
    pure bipartite states (Bennett, Bernstein, Popescu, Schumacher, PRA 53, 2046 (1996)), and
    ``S(rho_A) = S(rho_B)``. For mixed states it is only the entropy of the reduced state, which
    classical correlations and the state's own mixedness also raise: **not** an entanglement
    measure there (use :func:`negativity` or :func:`concurrence`).

    Parameters
    ----------
    state : array of shape (..., d) (kets) or (..., d, d) (density matrices), or qutip.Qobj
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    subsystem : int or sequence of int
        Indices (into ``dims``) of the subsystems A whose reduced state is taken.
    base : float
        Base of the logarithm (``np.e`` default, ``2`` for ebits).
    ket : bool, optional
        Whether ``state`` holds kets. Inferred from a ``Qobj``; otherwise a square trailing
        shape ``(d, d)`` means density matrices (pass ``ket=True`` for a stack of ``d`` kets of
        dimension ``d``) and anything else kets.
    validate : bool
        Check kets for finiteness and unit norm, density matrices as in
        :func:`von_neumann_entropy` (the positivity of a mixed ``state`` costs one
        diagonalisation of the full state).
    atol : float
        Tolerance of those checks.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import entanglement_entropy
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(float(entanglement_entropy(bell, [2, 2], 0, base=2)), 12)
    1.0
    """
    log_base = _log_base(base)
    if ket is None and hasattr(state, "dims") and hasattr(state, "isket"):
        ket = bool(state.isket)
    array = as_array(state, "state")
    if ket is None:
        ket = not (array.ndim >= 2 and array.shape[-1] == array.shape[-2])
    if ket:
        if array.ndim >= 2 and array.shape[-1] == 1:  # column vector, as from Qobj.full()
            array = array[..., 0]
        if array.ndim == 0 or array.shape[-1] == 0:
            raise DimensionError(
                f"state: expected kets of shape (..., d) with d >= 1, got shape {array.shape}"
            )
        dims = check_dims(dims, array.shape[-1])
        kept = _subsystem_indices(subsystem, dims, "subsystem")
        if validate:
            check_finite(array, "state")
            check_ket(array, "state", atol=atol)
        reduced = reduced_state_of_ket(array, dims, kept)
    else:
        states, _ = density_matrices(array, "state", validate=validate, atol=atol)
        dims = check_dims(dims, states.shape[-1])
        kept = _subsystem_indices(subsystem, dims, "subsystem")
        reduced = reduced_state(states, dims, kept)
    return _entropy(np.linalg.eigvalsh(reduced), log_base)


def mutual_information(
    rho: Any,
    dims: Sequence[int],
    part_a: Sequence[int] | int,
    part_b: Sequence[int] | int | None = None,
    *,
    base: float = np.e,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> np.ndarray:
    """Quantum mutual information ``I(A:B) = S(rho_A) + S(rho_B) - S(rho_AB)`` (>= 0).

    The total (classical plus quantum) correlations between A and B (Nielsen & Chuang 11.3;
    Groisman, Popescu, Winter, PRA 72, 032317 (2005)). Subsystems in neither part are traced out.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    part_a : int or sequence of int
        Indices (into ``dims``) of the subsystems forming A.
    part_b : int or sequence of int, optional
        Indices of the subsystems forming B, disjoint from A; default: every other subsystem.
    base : float
        Base of the logarithm (``np.e`` default, ``2`` for bits).
    validate, atol
        As in :func:`von_neumann_entropy`.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import mutual_information
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(float(mutual_information(np.outer(bell, bell), [2, 2], 0, base=2)), 12)
    2.0
    """
    log_base = _log_base(base)
    states, eigenvalues = density_matrices(rho, validate=validate, atol=atol)
    dims = check_dims(dims, states.shape[-1])
    a = _subsystem_indices(part_a, dims, "part_a")
    if part_b is None:
        b = tuple(k for k in range(len(dims)) if k not in a)
        if not b:
            raise QBatteryValueError(
                f"part_a: {list(a)} covers every subsystem of dims={list(dims)}, so the default "
                "part_b (its complement) is empty; leave at least one subsystem for part_b"
            )
    else:
        b = _subsystem_indices(part_b, dims, "part_b")
        shared = sorted(set(a) & set(b))
        if shared:
            raise QBatteryValueError(
                f"part_b: subsystems {shared} are also in part_a={list(a)}; the two parts must "
                "be disjoint"
            )
    union = tuple(sorted(a + b))
    if len(union) == len(dims):  # S(rho_AB) = S(rho): reuse the validation's spectrum
        if eigenvalues is None:
            eigenvalues = np.linalg.eigvalsh(states)
        s_ab = _entropy(eigenvalues, log_base)
    else:
        s_ab = _entropy(np.linalg.eigvalsh(reduced_state(states, dims, union)), log_base)
    s_a = _entropy(np.linalg.eigvalsh(reduced_state(states, dims, a)), log_base)
    s_b = _entropy(np.linalg.eigvalsh(reduced_state(states, dims, b)), log_base)
    return s_a + s_b - s_ab


def partial_transpose(rho: Any, dims: Sequence[int], subsystems: Sequence[int] | int) -> np.ndarray:
    """Partial transpose ``rho^{T_A}`` on the subsystems A (Peres, PRL 77, 1413 (1996)).

    ``<i_A j_B| rho^{T_A} |k_A l_B> = <k_A j_B| rho |i_A l_B>``, done as one reshape to
    ``(..., *dims, *dims)`` and a swap of the row and column axes of every subsystem in A.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Operators (any, not only density matrices).
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    subsystems : int or sequence of int
        Indices (into ``dims``) of the subsystems to transpose.

    Returns
    -------
    array of shape (..., d, d)
        A NumPy array, also for ``Qobj`` input.
    """
    array = as_array(rho, "rho")
    d = check_square(array, "rho")
    dims = check_dims(dims, d)
    transposed = _subsystem_indices(subsystems, dims, "subsystems")
    batch = array.shape[:-2]
    nb, n = len(batch), len(dims)
    order = list(range(nb + 2 * n))
    for k in transposed:
        order[nb + k], order[nb + n + k] = nb + n + k, nb + k
    return array.reshape(*batch, *dims, *dims).transpose(order).reshape(array.shape)


def _partial_transpose_trace_norm(
    rho: Any, dims: Sequence[int], subsystems: Sequence[int] | int, validate: bool, atol: float
) -> np.ndarray:
    """``||rho^{T_A}||_1 = sum_i |lambda_i|`` over the eigenvalues of the Hermitian rho^{T_A}."""
    states, _ = density_matrices(rho, validate=validate, atol=atol)
    transposed = partial_transpose(states, dims, subsystems)
    return np.sum(np.abs(np.linalg.eigvalsh(transposed)), axis=-1)


def negativity(
    rho: Any,
    dims: Sequence[int],
    subsystems: Sequence[int] | int,
    *,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> np.ndarray:
    """Negativity ``N = (||rho^{T_A}||_1 - 1) / 2`` (Vidal & Werner, PRA 65, 032314 (2002)).

    The sum of the magnitudes of the negative eigenvalues of the partial transpose; zero for
    separable states (and for PPT entangled ones), 1/2 for a two-qubit Bell state. The same for
    A and its complement. Matches ``qutip.negativity`` (QuTiP 5) for a single subsystem.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    dims : sequence of int
        Subsystem dimensions, product ``d``.
    subsystems : int or sequence of int
        Indices (into ``dims``) of the subsystems A that are transposed.
    validate, atol
        As in :func:`von_neumann_entropy`; the positivity check costs one diagonalisation of
        ``rho`` on top of that of ``rho^{T_A}``.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import negativity
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(float(negativity(np.outer(bell, bell), [2, 2], 0)), 12)
    0.5
    """
    return (_partial_transpose_trace_norm(rho, dims, subsystems, validate, atol) - 1.0) / 2.0


def log_negativity(
    rho: Any,
    dims: Sequence[int],
    subsystems: Sequence[int] | int,
    *,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
) -> np.ndarray:
    """Logarithmic negativity ``E_N = log2 ||rho^{T_A}||_1 = log2(2N + 1)`` (in ebits).

    Vidal & Werner, PRA 65, 032314 (2002); Plenio, PRL 95, 090503 (2005). One ebit for a
    two-qubit Bell state. Parameters as in :func:`negativity`.

    Returns
    -------
    array of shape (...)
    """
    return np.log2(_partial_transpose_trace_norm(rho, dims, subsystems, validate, atol))


def concurrence(rho: Any, *, validate: bool = True, atol: float = DEFAULT_ATOL) -> np.ndarray:
    """Concurrence of two-qubit states (Wootters, PRL 80, 2245 (1998)).

    ``C = max(0, l_1 - l_2 - l_3 - l_4)`` with ``l_i`` the decreasing eigenvalues of
    ``R = sqrt(sqrt(rho) rho~ sqrt(rho))``, ``rho~ = (sigma_y x sigma_y) rho* (sigma_y x sigma_y)``
    in the computational basis. ``R^2`` is Hermitian and positive semidefinite, so its eigenvalues
    come from a Hermitian eigensolver with round-off negatives clipped to 0. Between 0
    (separable) and 1 (Bell states).

    Parameters
    ----------
    rho : array of shape (..., 4, 4) or qutip.Qobj
        Two-qubit density matrices, basis ``|00>, |01>, |10>, |11>``.
    validate, atol
        As in :func:`von_neumann_entropy` (positivity from the spectrum used for sqrt(rho)).

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import concurrence
    >>> bell = np.array([1, 0, 0, 1]) / np.sqrt(2)
    >>> round(float(concurrence(np.outer(bell, bell))), 12)
    1.0
    """
    states = as_array(rho, "rho")
    check_square(states, "rho")
    if validate:
        density_matrices(states, validate=True, atol=atol)
    if states.shape[-1] != 4:
        raise DimensionError(
            f"rho: concurrence is defined here for two qubits, shape (..., 4, 4), got shape "
            f"{states.shape}; for other systems use negativity(rho, dims, subsystems)"
        )
    eigenvalues, vectors = np.linalg.eigh(states)
    root = np.sqrt(np.clip(eigenvalues, 0.0, None))
    sqrt_rho = (vectors * root[..., None, :]) @ np.conj(np.swapaxes(vectors, -1, -2))
    flipped = _SPIN_FLIP @ np.conj(states) @ _SPIN_FLIP
    r_squared = sqrt_rho @ flipped @ sqrt_rho
    r_squared = (r_squared + np.conj(np.swapaxes(r_squared, -1, -2))) / 2
    lam = np.sqrt(np.clip(np.linalg.eigvalsh(r_squared), 0.0, None))  # increasing
    return np.maximum(0.0, lam[..., 3] - lam[..., 2] - lam[..., 1] - lam[..., 0])


def _in_basis(
    states: np.ndarray, h: Any, validate: bool, atol: float, eigenbasis: Eigenbasis | None
) -> np.ndarray:
    """``V^dagger rho V`` with V the eigenvectors of ``h`` (columns, eigh order), or ``rho``."""
    if h is None:
        if eigenbasis is not None:
            raise QBatteryValueError(
                "eigenbasis: given without h; pass the operator h it diagonalises as well"
            )
        return states
    d = states.shape[-1]
    hamiltonian = operator(h, "h", atol=atol) if validate else as_array(h, "h")
    if hamiltonian.shape != (d, d):
        raise DimensionError(
            f"h: shape {hamiltonian.shape} does not match the states' dimension {d}; "
            "pass an operator of the same (sub)system as rho"
        )
    _, vectors = hermitian_eigenbasis(hamiltonian, eigenbasis)
    return np.conj(vectors.T) @ states @ vectors


def l1_coherence(
    rho: Any,
    h: Any = None,
    *,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
    eigenbasis: Eigenbasis | None = None,
) -> np.ndarray:
    """l1-norm of coherence ``C_l1 = sum_{i != j} |rho_ij|`` (Baumgratz, Cramer, Plenio 2014).

    Baumgratz, Cramer & Plenio, PRL 113, 140401 (2014), in the reference basis: the eigenbasis of
    ``h`` if given, the computational basis otherwise. At most ``d - 1``, reached by
    ``|psi> = sum_i |i> / sqrt(d)``.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    h : array of shape (d, d) or qutip.Qobj, optional
        Hermitian operator (typically the battery Hamiltonian) whose eigenbasis is the
        incoherent basis. If ``h`` is degenerate that basis is not unique and the result depends
        on the choice inside each degenerate eigenspace; the eigenvectors returned by
        ``numpy.linalg.eigh`` are used. Pass a non-degenerate ``h`` (or a basis-fixing
        perturbation) when that matters.
    validate, atol
        As in :func:`von_neumann_entropy`; also check ``h`` for Hermiticity. The positivity
        check costs one diagonalisation of ``rho``.
    eigenbasis : (energies (d,), vectors (d, d)), optional
        ``numpy.linalg.eigh(h)`` if already computed (``h`` is then not diagonalised again).

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import l1_coherence
    >>> plus = np.full((2, 2), 0.5)
    >>> float(l1_coherence(plus))
    1.0
    """
    states, _ = density_matrices(rho, validate=validate, atol=atol)
    in_basis = _in_basis(states, h, validate, atol, eigenbasis)
    magnitudes = np.abs(in_basis)
    diagonal = np.abs(np.diagonal(in_basis, axis1=-2, axis2=-1))
    return np.sum(magnitudes, axis=(-2, -1)) - np.sum(diagonal, axis=-1)


def relative_entropy_coherence(
    rho: Any,
    h: Any = None,
    *,
    base: float = np.e,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
    eigenbasis: Eigenbasis | None = None,
) -> np.ndarray:
    """Relative entropy of coherence ``C_re = S(Delta[rho]) - S(rho)`` (>= 0).

    ``Delta[rho] = sum_i |i><i| rho |i><i|`` dephases ``rho`` in the reference basis, the
    eigenbasis of ``h`` if given and the computational basis otherwise; ``C_re`` is the relative
    entropy from ``rho`` to the nearest incoherent state (Baumgratz, Cramer & Plenio, PRL 113,
    140401 (2014)). At most ``log d``.

    Parameters
    ----------
    rho : array of shape (..., d, d) or qutip.Qobj
        Density matrices.
    h : array of shape (d, d) or qutip.Qobj, optional
        Hermitian operator whose eigenbasis is the incoherent basis; for degenerate ``h`` the
        basis (and the result) depends on the eigenvectors ``numpy.linalg.eigh`` returns, as in
        :func:`l1_coherence`.
    base : float
        Base of the logarithm (``np.e`` default, ``2`` for bits).
    validate, atol
        As in :func:`von_neumann_entropy` (positivity from the spectrum used for ``S(rho)``).
    eigenbasis : (energies (d,), vectors (d, d)), optional
        As in :func:`l1_coherence`.

    Returns
    -------
    array of shape (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.resources import relative_entropy_coherence
    >>> plus = np.full((2, 2), 0.5)
    >>> round(float(relative_entropy_coherence(plus, base=2)), 12)
    1.0
    """
    log_base = _log_base(base)
    states, eigenvalues = density_matrices(rho, validate=validate, atol=atol, spectrum=True)
    s_rho = _entropy(eigenvalues, log_base)
    in_basis = _in_basis(states, h, validate, atol, eigenbasis)
    populations = np.real(np.diagonal(in_basis, axis1=-2, axis2=-1))
    return _entropy(populations, log_base) - s_rho
