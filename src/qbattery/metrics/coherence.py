"""Coherence of battery states in the eigenbasis of a Hamiltonian (review sec. 4).

    C_l1(rho) = sum_(i != j) |rho_ij|            l1 norm of coherence
    C_re(rho) = S(Delta[rho]) - S(rho)           relative entropy of coherence

with ``rho_ij`` and the dephasing ``Delta`` in the eigenbasis of ``h`` (Baumgratz, Cramer &
Plenio, PRL 113, 140401 (2014)). Shapes and checks as for every resource measure
(:mod:`qbattery.metrics.resources`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.linalg import Eigenbasis, density_matrices, float_if_scalar, hermitian_eigenbasis
from qbattery.metrics.entropy import natural_log_of_base, spectral_entropy
from qbattery.validation import (
    DEFAULT_ATOL,
    as_array,
    operator,
)

__all__ = ["l1_coherence", "relative_entropy_coherence"]


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
) -> float | np.ndarray:
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
    return float_if_scalar(np.sum(magnitudes, axis=(-2, -1)) - np.sum(diagonal, axis=-1))


def relative_entropy_coherence(
    rho: Any,
    h: Any = None,
    *,
    base: float = np.e,
    validate: bool = True,
    atol: float = DEFAULT_ATOL,
    eigenbasis: Eigenbasis | None = None,
) -> float | np.ndarray:
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
    log_base = natural_log_of_base(base)
    states, eigenvalues = density_matrices(rho, validate=validate, atol=atol, spectrum=True)
    s_rho = spectral_entropy(eigenvalues, log_base)
    in_basis = _in_basis(states, h, validate, atol, eigenbasis)
    populations = np.real(np.diagonal(in_basis, axis1=-2, axis2=-1))
    return float_if_scalar(spectral_entropy(populations, log_base) - s_rho)
