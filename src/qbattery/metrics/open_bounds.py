"""Open-system bounds on the charging power (review sec. 2.2.1, eqs. 22-25).

Zakavati, Tabesh, Salimi, PRE 104, 054117 (2021), building on Garcia-Pintos, Hamma, del Campo,
PRL 125, 040601 (2020). A battery with bare Hamiltonian ``H_B`` is compared with the Gibbs state
``tau = exp(-beta H_B) / Z`` of a reference bath at inverse temperature ``beta``. Its extractable
work ``W = F(rho) - F(tau) = beta^-1 S(rho || tau)`` changes at the rate (the power ``P``)

    P = dW/dt = Tr[rho_dot A],   A = beta^-1 (ln rho - ln tau) = H_B + beta^-1 (ln rho + ln Z)

(``A`` the activity operator; the review writes ``ln(rho tau^-1)``, equal only when
``[rho, tau] = 0``). ``P`` is not the energy rate: ``P = dE/dt - beta^-1 dS/dt``. With the
symmetric-logarithmic-derivative quantum Fisher information ``I_Q`` (``I_Q = 4 Var(H)`` for a pure
state under ``H``) and ``sigma_A`` the spread of ``A`` in ``rho``, Cauchy-Schwarz gives

    |P| <= sigma_A sqrt(I_Q)                                                            (eq. 22)

Writing ``rho = sum_n p_n |n><n|`` splits ``rho_dot = sum_n p_dot_n |n><n| - i[H_D, rho]``:
populations change, and the eigenbasis turns under the dissipative Hamiltonian ``H_D`` (chosen
with zero diagonal in the eigenbasis, which minimises its spread). With the heat rate
``Q_dot = sum_n p_dot_n <n|H_B|n>``, the entropy rate ``S_dot = -sum_n p_dot_n ln p_n``, the
irreversible entropy production ``S_irr_dot = S_dot - beta Q_dot`` and the dissipative power
``W_D = Tr[-i[H_D, rho] H_B]``, the power is exactly ``P = W_D - beta^-1 S_irr_dot``, hence

    |P| <= |W_D| + beta^-1 |S_irr_dot|                                                  (eq. 23)
    |P| <= sigma_A sqrt(I_ext),  I_ext = 4 Var(H_D) + sum_n p_dot_n^2 / p_n >= I_Q      (eqs. 24-25)

The review writes eq. 23 with ``W_D`` unsigned and eq. 25 without the factor 4, which the SLD
convention of eq. 22 needs (a near-pure qubit rotated in place violates eq. 24 without it).

Zero eigenvalues: eigenvalues ``<= cutoff`` count as zero, and ``0 ln 0 = 0``. Where ``rho_dot``
moves weight into the kernel of ``rho`` (a population leaving zero, e.g. a pure state meeting a
thermal bath), the state speed is infinite: ``I_Q = I_ext = inf``, ``S_dot = +inf``,
``P = -inf`` and every bound is ``inf``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import logsumexp

from qbattery.errors import (
    DimensionError,
    NotDensityMatrixError,
    QBatteryValueError,
)
from qbattery.validation import (
    DEFAULT_ATOL,
    as_array,
    check_finite,
    check_hermitian,
    check_positive_spectrum,
    check_square,
    check_unit_trace,
    operator,
    positive_real,
)

__all__ = [
    "EIGENVALUE_CUTOFF",
    "OpenPowerBounds",
    "activity_operator",
    "dissipative_hamiltonian",
    "extended_fisher_information",
    "free_energy_rate",
    "open_power_bounds",
    "quantum_fisher_information",
]

#: Eigenvalues of rho at or below this count as zero, and eigenvalues closer than it as
#: degenerate. Double-precision dynamics resolve populations to ~1e-12 at best.
EIGENVALUE_CUTOFF = 1e-12


@dataclass(frozen=True)
class _Tangent:
    """A state and its velocity in the eigenbasis of the state.

    ``populations`` (..., d) increasing, zero at or below the cutoff; ``vectors`` (..., d, d);
    ``rate`` the velocity in the eigenbasis; ``degenerate`` marks pairs (n, m) of equal
    populations (the diagonal included); ``leak`` (...) where the velocity has weight inside the
    kernel of rho.
    """

    populations: np.ndarray
    vectors: np.ndarray
    rate: np.ndarray
    degenerate: np.ndarray
    leak: np.ndarray

    @property
    def kernel_trace(self) -> np.ndarray:
        diagonal = np.real(np.diagonal(self.rate, axis1=-2, axis2=-1))
        return np.sum(np.where(self.populations == 0, diagonal, 0.0), axis=-1)

    def in_eigenbasis(self, h: np.ndarray) -> np.ndarray:
        return np.conj(np.swapaxes(self.vectors, -1, -2)) @ h @ self.vectors


def _states(rho: Any, atol: float) -> np.ndarray:
    states = as_array(rho, "rho")
    check_square(states, "rho")
    check_finite(states, "rho")
    check_hermitian(states, "rho", atol=atol)
    check_unit_trace(states, "rho", atol=atol)
    return 0.5 * (states + np.conj(np.swapaxes(states, -1, -2)))


def _spectrum(states: np.ndarray, atol: float, cutoff: float) -> tuple[np.ndarray, np.ndarray]:
    populations, vectors = np.linalg.eigh(states)
    check_positive_spectrum(populations, "rho", atol=atol)
    return np.where(populations <= cutoff, 0.0, populations), vectors


def _velocity(rho_dot: Any, shape: tuple[int, ...], atol: float) -> np.ndarray:
    velocity = as_array(rho_dot, "rho_dot")
    if velocity.shape != shape:
        raise DimensionError(
            f"rho_dot: shape {velocity.shape} differs from the shape {shape} of rho; pass one "
            "derivative d rho/dt per state"
        )
    check_finite(velocity, "rho_dot")
    scale = atol * max(1.0, float(np.max(np.abs(velocity), initial=0.0)))
    check_hermitian(velocity, "rho_dot", atol=scale)
    trace = float(np.max(np.abs(np.trace(velocity, axis1=-2, axis2=-1)), initial=0.0))
    if trace > scale:
        raise QBatteryValueError(
            f"rho_dot: trace {trace:.3g} is not zero (> {scale:.3g}); the derivative of a "
            "density matrix is traceless: check that it is d rho/dt of a normalised state"
        )
    return 0.5 * (velocity + np.conj(np.swapaxes(velocity, -1, -2)))


def _tangent(rho: Any, rho_dot: Any, atol: float, cutoff: float) -> tuple[_Tangent, np.ndarray]:
    states = _states(rho, atol)
    populations, vectors = _spectrum(states, atol, cutoff)
    rate = np.conj(np.swapaxes(vectors, -1, -2)) @ _velocity(rho_dot, states.shape, atol) @ vectors
    kernel = populations == 0
    kernel_pairs = kernel[..., :, None] & kernel[..., None, :]
    scale = np.maximum(1.0, np.max(np.abs(rate), axis=(-2, -1)))
    leak = np.max(np.where(kernel_pairs, np.abs(rate), 0.0), axis=(-2, -1)) > atol * scale
    gap = np.abs(populations[..., :, None] - populations[..., None, :])
    return _Tangent(populations, vectors, rate, gap <= cutoff, leak), states


def _hamiltonian(h_b: Any, d: int, atol: float) -> np.ndarray:
    array = operator(h_b, "h_b", atol=atol)
    if array.shape != (d, d):
        raise DimensionError(
            f"h_b: shape {array.shape} does not match the states' dimension {d}; pass the bare "
            "Hamiltonian of the same (sub)system as rho"
        )
    return 0.5 * (array + np.conj(array.T))


def _fisher_parts(tangent: _Tangent) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``I_Q``, ``4 Var(H_D)`` and ``sum p_dot^2 / p`` (inf where rho_dot leaks into the kernel).

    ``I_Q = sum_{n,m} 2 |rho_dot_nm|^2 / (p_n + p_m)`` (Braunstein & Caves, PRL 72, 3439 (1994)),
    pairs with ``p_n + p_m = 0`` dropped; ``4 Var(H_D) = 2 sum_{p_n != p_m} (p_n + p_m)
    |rho_dot_nm|^2 / (p_n - p_m)^2``.
    """
    p = tangent.populations
    weight = p[..., :, None] + p[..., None, :]
    squared = np.abs(tangent.rate) ** 2
    occupied = weight > 0
    sld = np.where(occupied, 2 * squared / np.where(occupied, weight, 1.0), 0.0)
    fisher = np.sum(sld, axis=(-2, -1))
    classical = np.sum(np.where(tangent.degenerate, sld, 0.0), axis=(-2, -1))
    gap = p[..., :, None] - p[..., None, :]
    rotating = ~tangent.degenerate
    coherent = np.sum(
        np.where(rotating, 2 * weight * squared / np.where(rotating, gap, 1.0) ** 2, 0.0),
        axis=(-2, -1),
    )
    infinite = np.where(tangent.leak, np.inf, 0.0)
    return fisher + infinite, coherent + infinite, classical + infinite


def quantum_fisher_information(
    rho: Any,
    rho_dot: Any,
    *,
    atol: float = DEFAULT_ATOL,
    cutoff: float = EIGENVALUE_CUTOFF,
) -> np.ndarray:
    """SLD quantum Fisher information ``I_Q`` of the motion ``rho_dot`` of ``rho`` (eq. 22).

    ``I_Q = sum_{n,m} 2 |<n|rho_dot|m>|^2 / (p_n + p_m)`` over pairs with ``p_n + p_m > 0``
    (Braunstein & Caves, PRL 72, 3439 (1994)); ``4 Var(H)`` for a pure state moved by ``H``,
    ``|r_dot|^2 + (r . r_dot)^2 / (1 - |r|^2)`` for a qubit with Bloch vector ``r``. Infinite
    where ``rho_dot`` has weight (above ``atol`` x max(1, max|rho_dot|)) inside the kernel of
    ``rho``.

    Parameters
    ----------
    rho : array (..., d, d) or qutip.Qobj
        Density matrices.
    rho_dot : array (..., d, d)
        Their time derivatives (Hermitian, traceless).
    atol : float
        Tolerance of the checks (finite, Hermitian, unit trace / traceless, positive) and of
        the kernel test.
    cutoff : float
        Eigenvalues of ``rho`` at or below it count as zero.

    Returns
    -------
    array (...)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.open_bounds import quantum_fisher_information
    >>> plus = np.full((2, 2), 0.5)                      # |+><+|, rotated by H = sigma_z / 2
    >>> round(float(quantum_fisher_information(plus, -0.5j * np.array([[0, -1], [1, 0]]))), 12)
    1.0
    """
    tangent, _ = _tangent(rho, rho_dot, atol, cutoff)
    return _fisher_parts(tangent)[0]


def extended_fisher_information(
    rho: Any,
    rho_dot: Any,
    *,
    atol: float = DEFAULT_ATOL,
    cutoff: float = EIGENVALUE_CUTOFF,
) -> np.ndarray:
    """``I_ext = 4 Var(H_D) + sum_n p_dot_n^2 / p_n >= I_Q`` (eqs. 24-25, factor 4 restored).

    The coherent part is the spread of the dissipative Hamiltonian
    (:func:`dissipative_hamiltonian`), the classical part the Fisher information of the
    populations; populations equal within ``cutoff`` count as one degenerate level whose block
    of ``rho_dot`` is classical. Arguments and shapes as in :func:`quantum_fisher_information`.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.open_bounds import extended_fisher_information
    >>> rho, rho_dot = np.diag([0.75, 0.25]), np.diag([-0.5, 0.5])   # populations only
    >>> round(float(extended_fisher_information(rho, rho_dot)), 12)   # 0.25/0.75 + 0.25/0.25
    1.333333333333
    """
    tangent, _ = _tangent(rho, rho_dot, atol, cutoff)
    _, coherent, classical = _fisher_parts(tangent)
    return coherent + classical


def dissipative_hamiltonian(
    rho: Any,
    rho_dot: Any,
    *,
    atol: float = DEFAULT_ATOL,
    cutoff: float = EIGENVALUE_CUTOFF,
) -> np.ndarray:
    """The Hermitian generator ``H_D`` of the rotation of the eigenbasis of ``rho`` (eq. 25).

    ``rho_dot = sum_n p_dot_n |n><n| - i[H_D, rho]`` with, in the eigenbasis,
    ``(H_D)_nm = i rho_dot_nm / (p_m - p_n)`` for ``p_n != p_m`` and zero otherwise (the choice
    of least spread; Alipour et al., PRA 105, L040201 (2022)). Returns (..., d, d) in the
    original basis. Arguments as in :func:`quantum_fisher_information`.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.open_bounds import dissipative_hamiltonian
    >>> rho, h = np.diag([0.75, 0.25]), np.array([[0.0, 1.0], [1.0, 0.0]])
    >>> np.allclose(dissipative_hamiltonian(rho, -1j * (h @ rho - rho @ h)), h)
    True
    """
    tangent, _ = _tangent(rho, rho_dot, atol, cutoff)
    return _dissipative_hamiltonian(tangent)


def _dissipative_hamiltonian(tangent: _Tangent) -> np.ndarray:
    p = tangent.populations
    gap = p[..., None, :] - p[..., :, None]  # p_m - p_n
    rotating = ~tangent.degenerate
    h = np.where(rotating, 1j * tangent.rate / np.where(rotating, gap, 1.0), 0.0)
    return tangent.vectors @ h @ np.conj(np.swapaxes(tangent.vectors, -1, -2))


def activity_operator(
    rho: Any,
    h_b: Any,
    beta: float,
    *,
    atol: float = DEFAULT_ATOL,
    cutoff: float = EIGENVALUE_CUTOFF,
) -> np.ndarray:
    """``A = beta^-1 (ln rho - ln tau)`` with ``tau = exp(-beta H_B) / Z`` (eq. 22).

    ``ln tau = -beta H_B - ln Z``, so ``A = H_B + beta^-1 ln rho + beta^-1 ln Z``; ``Tr[rho A]``
    is the extractable work ``beta^-1 S(rho || tau)``. Needs a full-rank ``rho`` (``ln rho`` is
    unbounded on a kernel); its spread (:class:`OpenPowerBounds` ``activity_spread``) and
    :func:`free_energy_rate` also accept singular states.

    Parameters
    ----------
    rho : array (..., d, d) or qutip.Qobj
    h_b : array (d, d)
        Bare battery Hamiltonian.
    beta : float
        Inverse temperature of the reference bath, > 0.
    atol, cutoff
        As in :func:`quantum_fisher_information`.

    Returns
    -------
    array (..., d, d)

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.open_bounds import activity_operator
    >>> h, beta = np.diag([0.0, 1.0]), 2.0
    >>> gibbs = np.diag(np.exp(-beta * np.array([0.0, 1.0]))) / (1 + np.exp(-beta))
    >>> np.allclose(activity_operator(gibbs, h, beta), 0.0)     # no work in the Gibbs state
    True
    """
    beta = positive_real(beta, "beta")
    states = _states(rho, atol)
    populations, vectors = _spectrum(states, atol, cutoff)
    if np.any(populations <= 0):
        raise NotDensityMatrixError(
            f"rho: singular (an eigenvalue <= cutoff = {cutoff:.3g}); ln rho and "
            "the activity operator are unbounded on its kernel. open_power_bounds and "
            "free_energy_rate accept it (0 ln 0 = 0)"
        )
    h = _hamiltonian(h_b, states.shape[-1], atol)
    log_z = float(logsumexp(-beta * np.linalg.eigvalsh(h)))
    log_rho = (vectors * np.log(populations)[..., None, :]) @ np.conj(np.swapaxes(vectors, -1, -2))
    return h + (log_rho + log_z * np.eye(h.shape[0])) / beta


def _spread(tangent: _Tangent, h: np.ndarray, beta: float) -> np.ndarray:
    """``sigma_A = sqrt(Tr[rho A^2] - Tr[rho A]^2)``, finite for singular rho (``0 ln 0 = 0``).

    The spread of the free-energy operator ``H_B + beta^-1 ln rho`` (Garcia-Pintos et al., PRL
    125, 040601 (2020)); the constant ``ln Z`` drops out.
    """
    p = tangent.populations
    h_eig = tangent.in_eigenbasis(h)
    diagonal = np.real(np.diagonal(h_eig, axis1=-2, axis2=-1))
    log_p = np.log(np.where(p > 0, p, 1.0))
    a = diagonal + log_p / beta
    mean = np.sum(p * a, axis=-1)
    off_diagonal = np.sum(np.abs(h_eig) ** 2, axis=-1) - diagonal**2
    variance = np.sum(p * ((a - mean[..., None]) ** 2 + off_diagonal), axis=-1)
    return np.sqrt(np.maximum(variance, 0.0))


def free_energy_rate(
    rho: Any,
    rho_dot: Any,
    h_b: Any,
    beta: float,
    *,
    atol: float = DEFAULT_ATOL,
    cutoff: float = EIGENVALUE_CUTOFF,
) -> np.ndarray:
    """The power of eqs. 22-25: ``P = d/dt beta^-1 S(rho || tau) = Tr[rho_dot A]``.

    ``P = Tr[rho_dot H_B] + beta^-1 sum_n <n|rho_dot|n> ln p_n = dE/dt - beta^-1 dS/dt`` (the
    rate of change of the non-equilibrium free energy; Garcia-Pintos et al., PRL 125, 040601
    (2020)). ``-inf`` where ``rho_dot`` leaks into the kernel of ``rho``. Arguments as in
    :func:`quantum_fisher_information` and :func:`activity_operator`; returns an array (...).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.open_bounds import free_energy_rate
    >>> h, rho_dot = np.diag([0.0, 1.0]), np.diag([-1.0, 1.0])     # pumping |g> -> |e>
    >>> round(float(free_energy_rate(np.diag([0.5, 0.5]), rho_dot, h, 1.0)), 12)  # ln-terms cancel
    1.0
    """
    beta = positive_real(beta, "beta")
    tangent, states = _tangent(rho, rho_dot, atol, cutoff)
    h = _hamiltonian(h_b, states.shape[-1], atol)
    return _rates(tangent, h, beta)["power"]


def _rates(tangent: _Tangent, h: np.ndarray, beta: float) -> dict[str, np.ndarray]:
    """Power, energy, heat and entropy rates, with the kernel conventions of the module."""
    p = tangent.populations
    rate = tangent.rate
    h_eig = tangent.in_eigenbasis(h)
    energy_rate = np.real(np.sum(rate * np.swapaxes(h_eig, -1, -2), axis=(-2, -1)))
    heat_rate = np.real(
        np.sum(np.where(tangent.degenerate, rate, 0.0) * np.swapaxes(h_eig, -1, -2), axis=(-2, -1))
    )
    diagonal = np.real(np.diagonal(rate, axis1=-2, axis2=-1))
    entropy_rate = -np.sum(np.where(p > 0, diagonal * np.log(np.where(p > 0, p, 1.0)), 0), axis=-1)
    entropy_rate = np.where(
        tangent.leak, np.where(tangent.kernel_trace > 0, np.inf, np.nan), entropy_rate
    )
    return {
        "power": energy_rate - entropy_rate / beta,
        "energy_rate": energy_rate,
        "heat_rate": heat_rate,
        "dissipative_power": energy_rate - heat_rate,
        "entropy_rate": entropy_rate,
        "irreversible_entropy_rate": entropy_rate - beta * heat_rate,
    }


@dataclass(frozen=True)
class OpenPowerBounds:
    """The power of an open battery and its bounds (eqs. 22-25), with their ingredients.

    Every field has the leading shape (...) of the states (``(n,)`` along a trajectory).
    ``power = dissipative_power - irreversible_entropy_rate / beta`` holds exactly, and
    ``|power| <= fisher_bound <= extended_fisher_bound``, ``|power| <= dissipation_bound``.

    Examples
    --------
    A qubit relaxing without coherence, ``rho_dot = diag(-0.1, 0.1)``, ``H_B = diag(0, 1)``: the
    energy rate is ``Tr[rho_dot H_B] = 0.1`` (energy per unit time, in the model's units).

    >>> import numpy as np
    >>> from qbattery.metrics.open_bounds import open_power_bounds
    >>> rho, rho_dot = np.diag([0.75, 0.25]), np.diag([-0.1, 0.1])
    >>> bounds = open_power_bounds(rho, rho_dot, np.diag([0.0, 1.0]), 1.0)
    >>> round(float(bounds.energy_rate), 12)
    0.1
    """

    beta: float
    power: np.ndarray  #: P = Tr[rho_dot A] = d/dt beta^-1 S(rho || tau)
    energy_rate: np.ndarray  #: dE/dt = Tr[rho_dot H_B]
    activity_spread: np.ndarray  #: sigma_A
    fisher_information: np.ndarray  #: I_Q (SLD)
    coherent_fisher_information: np.ndarray  #: 4 Var(H_D)
    classical_fisher_information: np.ndarray  #: sum_n p_dot_n^2 / p_n
    dissipative_power: np.ndarray  #: W_D = Tr[-i[H_D, rho] H_B]
    heat_rate: np.ndarray  #: Q_dot = sum_n p_dot_n <n|H_B|n>
    entropy_rate: np.ndarray  #: S_dot = -sum_n p_dot_n ln p_n
    irreversible_entropy_rate: np.ndarray  #: S_irr_dot = S_dot - beta Q_dot
    times: np.ndarray | None = None

    @property
    def extended_fisher_information(self) -> np.ndarray:
        """``I_ext = 4 Var(H_D) + sum_n p_dot_n^2 / p_n`` (eq. 25)."""
        return self.coherent_fisher_information + self.classical_fisher_information

    @property
    def fisher_bound(self) -> np.ndarray:
        """``sigma_A sqrt(I_Q)`` (eq. 22)."""
        return _product(self.activity_spread, self.fisher_information)

    @property
    def dissipation_bound(self) -> np.ndarray:
        """``|W_D| + beta^-1 |S_irr_dot|`` (eq. 23)."""
        return np.abs(self.dissipative_power) + np.abs(self.irreversible_entropy_rate) / self.beta

    @property
    def extended_fisher_bound(self) -> np.ndarray:
        """``sigma_A sqrt(I_ext)`` (eq. 24)."""
        return _product(self.activity_spread, self.extended_fisher_information)

    def __repr__(self) -> str:
        shape = np.shape(self.power)
        return f"OpenPowerBounds(beta={self.beta:g}, shape={shape}, fields: power, *_bound, ...)"


def _product(spread: np.ndarray, fisher: np.ndarray) -> np.ndarray:
    """``spread sqrt(fisher)`` with ``0 x inf = inf`` (a state leaving its kernel moves fast)."""
    return np.where(
        np.isinf(fisher), np.inf, spread * np.sqrt(np.where(np.isinf(fisher), 0, fisher))
    )


def open_power_bounds(
    rho: Any,
    rho_dot: Any,
    h_b: Any,
    beta: float,
    *,
    atol: float = DEFAULT_ATOL,
    cutoff: float = EIGENVALUE_CUTOFF,
) -> OpenPowerBounds:
    """The power ``P = Tr[rho_dot A]`` and the bounds of eqs. 22-25, from one diagonalisation.

    Parameters
    ----------
    rho : array (..., d, d) or qutip.Qobj
        Battery states.
    rho_dot : array (..., d, d)
        Their exact time derivatives (e.g. from :func:`battery_state_trajectory`).
    h_b : array (d, d)
        Bare battery Hamiltonian.
    beta : float
        Inverse temperature of the reference bath defining ``tau`` and ``A``, > 0.
    atol, cutoff
        As in :func:`quantum_fisher_information`.

    Returns
    -------
    OpenPowerBounds

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.open_bounds import open_power_bounds
    >>> rho, rho_dot = np.diag([0.75, 0.25]), np.diag([-0.1, 0.1])  # a qubit relaxing, no coherence
    >>> bounds = open_power_bounds(rho, rho_dot, np.diag([0.0, 1.0]), 1.0)
    >>> bool(np.isclose(abs(bounds.power), bounds.fisher_bound))    # saturated for a qubit
    True
    """
    beta = positive_real(beta, "beta")
    tangent, states = _tangent(rho, rho_dot, atol, cutoff)
    h = _hamiltonian(h_b, states.shape[-1], atol)
    fisher, coherent, classical = _fisher_parts(tangent)
    rates = _rates(tangent, h, beta)
    return OpenPowerBounds(
        beta=beta,
        activity_spread=_spread(tangent, h, beta),
        fisher_information=fisher,
        coherent_fisher_information=coherent,
        classical_fisher_information=classical,
        **rates,
    )
