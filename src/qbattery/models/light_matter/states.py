"""Initial states for the model constructors: cavity chargers and N-atom battery states.

Charger states (one boson mode, Fock states ``0..cutoff``)
----------------------------------------------------------
Every charger is specified by its mean photon number ``n̄`` (the Fock number of ``"fock"``), so
the four kinds hold the same energy ``omega_c n̄`` on average:

- ``"fock"``: ``|n̄>`` (``n̄`` a whole number);
- ``"coherent"``: ``|alpha>``, ``alpha = sqrt(n̄)`` real, Poissonian photons;
- ``"squeezed"``: the squeezed vacuum ``S(r)|0>``, ``S(r) = exp[r (a^2 - a^dagger^2) / 2]``
  (QuTiP's ``squeeze(N, r)``), with ``sinh^2 r = n̄``. Only even Fock states are occupied:
  ``<2m|S(r)|0> = (-tanh r)^m sqrt((2m)!) / (2^m m! sqrt(cosh r))``. A squeezed vacuum (no
  displacement) is chosen so that the whole mean photon number is squeezing, as in the squeezed
  charger of Delmonte et al., Entropy 23, 612 (2021);
- ``"thermal"``: the Gibbs state ``rho = sum_n n̄^n / (n̄ + 1)^(n + 1) |n><n|``, a density matrix
  (the whole initial state is then a density matrix).

Automatic cut-offs keep the photon weight above the cut-off below :data:`CHARGER_TAIL` = 1e-12
(far below the 1e-8 tolerance on state norms, so renormalising after truncation changes nothing
measurable): for the thermal state the tail ``P(n > c) = (n̄ / (n̄ + 1))^(c + 1)`` is exact, so
``c = ceil(ln(tail) / ln(n̄ / (n̄ + 1))) - 1``, about ``27.6 (n̄ + 1/2)``; for the squeezed vacuum
``P(2m) = tanh^(2m) r (2m)! / (4^m m!^2 cosh r)`` decays like ``(n̄ / (n̄ + 1))^m / sqrt(m)`` and the
tail is summed exactly. Both need far larger cut-offs than a Fock or coherent state of the same
mean.

Battery states of N two-level atoms (symmetric Dicke subspace, basis ``k = 0..N`` excitations)
--------------------------------------------------------------------------------------------
- ``dicke_state(N, k)``: ``|j, -j + k>``, ``<J_z> = k - N/2``;
- ``ghz_state(N)``: ``(|g...g> + |e...e>) / sqrt(2)``, which is symmetric: the ``k = 0`` and
  ``k = N`` basis states, ``<J_z> = 0``;
- ``spin_coherent_state(N, theta, phi)``: every atom in ``cos(theta/2)|g> + e^{i phi}
  sin(theta/2)|e>``; in the symmetric basis the amplitudes are binomial,
  ``c_k = sqrt(C(N, k)) cos^(N-k)(theta/2) sin^k(theta/2) e^{i k phi}``, and
  ``<J_z> = -(N/2) cos theta``, ``<J_x> = (N/2) sin theta cos phi``.

:func:`symmetric_embedding` maps the symmetric basis into the full ``2**N`` product space.

>>> from qbattery.models.light_matter.states import thermal_cutoff
>>> thermal_cutoff(1.0)
39
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import comb, gammaln

from qbattery.errors import QBatteryValueError
from qbattery.models.ladders import coherent_cutoff, coherent_state, fock_state
from qbattery.validation import (
    as_array,
    check_finite,
    check_ket,
    finite_real,
    non_negative_int,
    non_negative_real,
    positive_int,
)

__all__ = [
    "BATTERY_STATES",
    "CHARGERS",
    "CHARGER_TAIL",
    "Charger",
    "atom_state",
    "charger",
    "dicke_state",
    "ghz_state",
    "spin_coherent_state",
    "squeezed_cutoff",
    "squeezed_state",
    "symmetric_embedding",
    "thermal_cutoff",
    "thermal_state",
]

#: Photon-number weight a truncated squeezed or thermal charger may lose above its cut-off.
CHARGER_TAIL = 1e-12


# --- charger states --------------------------------------------------------------------------


def thermal_cutoff(mean_photons: float, tail: float = CHARGER_TAIL) -> int:
    """Smallest cut-off ``c`` with ``P(n > c) = (n̄ / (n̄ + 1))^(c + 1) <= tail`` (thermal state).

    Examples
    --------
    ``(1/2)^(c + 1) <= 1e-12`` first holds at ``c = 39`` for ``n̄ = 1``:

    >>> from qbattery.models.light_matter.states import thermal_cutoff
    >>> thermal_cutoff(1.0)
    39
    """
    mean = non_negative_real(mean_photons, "mean_photons")
    if mean == 0.0:
        return 0
    ratio = math.log(mean / (mean + 1.0))  # < 0
    return max(0, math.ceil(math.log(tail) / ratio - 1e-12) - 1)


def thermal_state(mean_photons: float, cutoff: int) -> np.ndarray:
    """Thermal (Gibbs) density matrix of mean photon number ``n̄`` on Fock states ``0..cutoff``.

    Populations ``n̄^n / (n̄ + 1)^(n + 1)``, renormalised after truncation; the cut-off must reach
    :func:`thermal_cutoff`.

    Returns
    -------
    numpy.ndarray of shape (cutoff + 1, cutoff + 1)
        Diagonal, unit trace.

    Examples
    --------
    With ``n̄ = 1`` the populations are ``2^-(n+1)``:

    >>> import numpy as np
    >>> from qbattery.models.light_matter.states import thermal_cutoff, thermal_state
    >>> np.round(np.diag(thermal_state(1.0, thermal_cutoff(1.0))).real[:4], 12)
    array([0.5   , 0.25  , 0.125 , 0.0625])
    """
    mean = non_negative_real(mean_photons, "mean_photons")
    n_max = non_negative_int(cutoff, "cutoff")
    _check_tail(n_max, thermal_cutoff(mean), "thermal", mean)
    n = np.arange(n_max + 1, dtype=np.float64)
    if mean == 0.0:
        populations = (n == 0).astype(np.float64)
    else:
        populations = np.exp(n * math.log(mean / (mean + 1.0)) - math.log(mean + 1.0))
    return np.diag(populations / populations.sum()).astype(np.complex128)


def _squeezed_log_weights(mean: float, pairs: int) -> np.ndarray:
    """``ln P(2m)``, m = 0..pairs, for the squeezed vacuum of mean photon number ``mean``."""
    m = np.arange(pairs + 1, dtype=np.float64)
    log_tanh_sq = math.log(mean / (mean + 1.0))  # tanh^2 r = sinh^2 / cosh^2
    log_cosh = 0.5 * math.log(mean + 1.0)
    return m * log_tanh_sq + gammaln(2 * m + 1) - m * math.log(4.0) - 2 * gammaln(m + 1) - log_cosh


def squeezed_cutoff(mean_photons: float, tail: float = CHARGER_TAIL) -> int:
    """Smallest (even) cut-off leaving at most ``tail`` of a squeezed vacuum's weight above it.

    Examples
    --------
    >>> from qbattery.models.light_matter.states import squeezed_cutoff
    >>> squeezed_cutoff(0.01)
    10
    """
    mean = non_negative_real(mean_photons, "mean_photons")
    if mean == 0.0:
        return 0
    ratio = mean / (mean + 1.0)
    # P(2m) <= ratio^m / cosh r, so the weight beyond m = M is below ratio^(M+1) (n̄ + 1):
    # summing up to that M leaves an unsummed remainder far below ``tail``.
    pairs = math.ceil((math.log(tail * 1e-4) - math.log(mean + 1.0)) / math.log(ratio))
    weights = np.exp(_squeezed_log_weights(mean, pairs))
    outside = np.cumsum(weights[::-1])[::-1]  # outside[m] = P(photons >= 2m)
    beyond = np.append(outside[1:], 0.0)  # P(photons > 2m)
    return 2 * int(np.argmax(beyond <= tail))


def squeezed_state(mean_photons: float, cutoff: int) -> np.ndarray:
    """Squeezed vacuum ``S(r)|0>``, ``sinh^2 r = mean_photons``, on Fock states ``0..cutoff``.

    Amplitudes ``<2m|S(r)|0> = (-tanh r)^m sqrt((2m)!) / (2^m m! sqrt(cosh r))`` with
    ``S(r) = exp[r (a^2 - a^dagger^2) / 2]`` (QuTiP's ``squeeze``), renormalised after
    truncation; the cut-off must reach :func:`squeezed_cutoff`.

    Returns
    -------
    numpy.ndarray of shape (cutoff + 1,)

    Examples
    --------
    ``<0|S(r)|0> = 1 / sqrt(cosh r)`` with ``sinh^2 r = 0.01``:

    >>> import numpy as np
    >>> from qbattery.models.light_matter.states import squeezed_cutoff, squeezed_state
    >>> vacuum = squeezed_state(0.01, squeezed_cutoff(0.01))
    >>> round(float(vacuum[0].real), 6), round(float(1 / np.sqrt(np.cosh(np.arcsinh(0.1)))), 6)
    (0.997516, 0.997516)
    """
    mean = non_negative_real(mean_photons, "mean_photons")
    n_max = non_negative_int(cutoff, "cutoff")
    _check_tail(n_max, squeezed_cutoff(mean), "squeezed", mean)
    if mean == 0.0:
        return fock_state(0, n_max)
    pairs = n_max // 2
    amplitudes = np.exp(0.5 * _squeezed_log_weights(mean, pairs))
    signs = np.where(np.arange(pairs + 1) % 2 == 0, 1.0, -1.0)  # (-tanh r)^m
    ket = np.zeros(n_max + 1, dtype=np.complex128)
    ket[0 : 2 * pairs + 1 : 2] = signs * amplitudes
    return ket / np.linalg.norm(ket)


def _check_tail(n_max: int, needed: int, kind: str, mean: float) -> None:
    if n_max < needed:
        raise QBatteryValueError(
            f"cutoff: {n_max} truncates the {kind} charger state of mean photon number {mean:g} "
            f"(more than {CHARGER_TAIL:g} of its weight lies above it); use cutoff >= {needed}"
        )


def _whole(photons: float) -> int:
    """A Fock charger's photon number must be whole."""
    value = finite_real(photons, "photons")
    if value < 0 or not value.is_integer():
        raise QBatteryValueError(
            f"photons: a Fock charger needs a whole, non-negative photon number, got {photons!r}; "
            "use charger='coherent', 'squeezed' or 'thermal' for a non-integer mean"
        )
    return int(value)


@dataclass(frozen=True)
class Charger:
    """A charger state kind: its builder and the cut-off it needs.

    Attributes
    ----------
    name : str
    state : callable ``(mean_photons, cutoff) -> array``
        A ket ``(cutoff + 1,)``, or a density matrix ``(cutoff + 1, cutoff + 1)`` if ``mixed``.
    highest_photon : callable ``mean_photons -> int``
        The smallest cut-off that holds the state (to :data:`CHARGER_TAIL`).
    mixed : bool
        Whether the state is a density matrix.

    Examples
    --------
    >>> from qbattery.models.light_matter.states import charger
    >>> fock = charger("fock")
    >>> fock.name, fock.highest_photon(3.0), fock.state(1.0, 2).real
    ('fock', 3, array([0., 1., 0.]))
    """

    name: str
    state: Callable[[float, int], np.ndarray]
    highest_photon: Callable[[float], int]
    mixed: bool = False


_CHARGERS: dict[str, Charger] = {
    "fock": Charger("fock", lambda mean, cutoff: fock_state(_whole(mean), cutoff), _whole),
    "coherent": Charger("coherent", coherent_state, coherent_cutoff),
    "squeezed": Charger("squeezed", squeezed_state, squeezed_cutoff),
    "thermal": Charger("thermal", thermal_state, thermal_cutoff, mixed=True),
}

#: Valid ``charger`` values of the cavity models.
CHARGERS = tuple(_CHARGERS)


def charger(name: str) -> Charger:
    """The charger kind called ``name``; an unknown name is an error listing the valid ones.

    Examples
    --------
    >>> charger("thermal").mixed
    True
    """
    if not isinstance(name, str) or name not in _CHARGERS:
        raise QBatteryValueError(
            f"charger: unknown charger state {name!r}; use one of {list(CHARGERS)}"
        )
    return _CHARGERS[name]


# --- N-atom battery states (symmetric Dicke subspace) --------------------------------------


def dicke_state(n_atoms: int, excitations: int) -> np.ndarray:
    """Symmetric Dicke state ``|j = N/2, m = -j + k>`` with ``k`` excitations.

    Returns
    -------
    numpy.ndarray of shape (N + 1,)
        The basis vector ``k`` of the symmetric subspace.

    Examples
    --------
    >>> dicke_state(2, 1).real.tolist()
    [0.0, 1.0, 0.0]
    """
    n = positive_int(n_atoms, "n_atoms")
    k = non_negative_int(excitations, "excitations")
    if k > n:
        raise QBatteryValueError(
            f"excitations: {k} excitations do not fit in {n} atoms; use 0 <= excitations <= {n}"
        )
    ket = np.zeros(n + 1, dtype=np.complex128)
    ket[k] = 1.0
    return ket


def ghz_state(n_atoms: int) -> np.ndarray:
    """GHZ state ``(|g...g> + |e...e>) / sqrt(2)`` in the symmetric basis (k = 0 and k = N).

    Examples
    --------
    >>> ghz_state(2).real.round(4).tolist()
    [0.7071, 0.0, 0.7071]
    """
    n = positive_int(n_atoms, "n_atoms")
    ket = np.zeros(n + 1, dtype=np.complex128)
    ket[[0, n]] = 1 / math.sqrt(2)
    return ket


def spin_coherent_state(
    n_atoms: int, polar_angle: float, azimuthal_angle: float = 0.0
) -> np.ndarray:
    """Every atom in ``cos(theta/2)|g> + e^{i phi} sin(theta/2)|e>``, in the symmetric basis.

    Amplitudes ``sqrt(C(N, k)) cos^(N-k)(theta/2) sin^k(theta/2) e^{i k phi}``; ``theta = 0`` is
    all atoms in ``|g>``, ``theta = pi`` all in ``|e>``.

    Returns
    -------
    numpy.ndarray of shape (N + 1,)

    Examples
    --------
    Two atoms each in ``(|g> + |e>)/sqrt(2)``: amplitudes ``sqrt(binomial(2, k)) / 2`` on
    ``k = 0, 1, 2`` excitations.

    >>> import numpy as np
    >>> from qbattery.models.light_matter.states import spin_coherent_state
    >>> np.round(spin_coherent_state(2, np.pi / 2).real, 6)
    array([0.5     , 0.707107, 0.5     ])
    """
    n = positive_int(n_atoms, "n_atoms")
    theta = finite_real(polar_angle, "polar_angle")
    phi = finite_real(azimuthal_angle, "azimuthal_angle")
    k = np.arange(n + 1)
    cos, sin = math.cos(theta / 2), math.sin(theta / 2)
    magnitude = np.sqrt(comb(n, k)) * cos ** (n - k) * sin**k
    return (magnitude * np.exp(1j * phi * k)).astype(np.complex128)


def symmetric_embedding(n_atoms: int) -> sp.csr_matrix:
    """Isometry from the symmetric subspace into the full ``2**N`` product space.

    Column ``k`` is the Dicke state with ``k`` excitations: ``C(N, k)**-1/2`` times the sum of
    the product states with ``k`` excited atoms (site 0 the most significant bit, 1 = excited,
    as in :mod:`qbattery.models.ladders`).

    Returns
    -------
    scipy.sparse.csr_matrix of shape (2**N, N + 1)

    Examples
    --------
    >>> symmetric_embedding(2).toarray().real.round(4).tolist()
    [[1.0, 0.0, 0.0], [0.0, 0.7071, 0.0], [0.0, 0.7071, 0.0], [0.0, 0.0, 1.0]]
    """
    n = positive_int(n_atoms, "n_atoms")
    states = np.arange(2**n, dtype=np.int64)
    excitations = popcount(states, n)
    values = 1 / np.sqrt(comb(n, excitations))
    matrix = sp.csr_matrix((values, (states, excitations)), shape=(2**n, n + 1))
    return sp.csr_matrix(matrix, dtype=np.complex128)


def popcount(states: np.ndarray, n_bits: int) -> np.ndarray:
    """Number of set bits (excited atoms) of each product-state index."""
    counts = np.zeros(states.shape, dtype=np.int64)
    for bit in range(n_bits):
        counts += (states >> bit) & 1
    return counts


#: Named ``battery_state`` values (a vector is accepted too).
BATTERY_STATES = ("ground", "dicke", "ghz", "coherent")


def atom_state(
    n: int,
    basis: str,
    battery_state: Any,
    excitations: Any = None,
    polar_angle: Any = None,
    azimuthal_angle: Any = None,
) -> np.ndarray:
    """The initial ket of N two-level atoms in the "symmetric" or "full" basis.

    ``excitations`` is used (and required) only with "dicke"; ``polar_angle`` (required) and
    ``azimuthal_angle`` (default 0) only with "coherent". A vector is a ket on the symmetric
    subspace (length N + 1), or, in the full basis, on the product space (length 2**N).

    Examples
    --------
    >>> from qbattery.models.light_matter.states import atom_state
    >>> atom_state(2, "full", "ground").real
    array([1., 0., 0., 0.])
    >>> atom_state(2, "symmetric", "dicke", excitations=1).real
    array([0., 1., 0.])
    """
    name = label(battery_state)
    if isinstance(battery_state, str) and battery_state not in BATTERY_STATES:
        raise QBatteryValueError(
            f"battery_state: unknown state {battery_state!r}; use one of {list(BATTERY_STATES)} "
            "or a normalised vector on the symmetric subspace (length n_atoms + 1)"
        )
    if excitations is not None and name != "dicke":
        raise QBatteryValueError(
            f"excitations: only used with battery_state='dicke', not {name!r}; leave it unset"
        )
    if (polar_angle is not None or azimuthal_angle is not None) and name != "coherent":
        raise QBatteryValueError(
            "polar_angle, azimuthal_angle: only used with battery_state='coherent', not "
            f"{name!r}; leave them unset"
        )
    if name == "ground":
        symmetric = dicke_state(n, 0)
    elif name == "dicke":
        if excitations is None:
            raise QBatteryValueError(
                "excitations: battery_state='dicke' needs the number of excitations k "
                f"(0 <= k <= {n})"
            )
        symmetric = dicke_state(n, excitations)
    elif name == "ghz":
        symmetric = ghz_state(n)
    elif name == "coherent":
        if polar_angle is None:
            raise QBatteryValueError(
                "polar_angle: battery_state='coherent' needs the polar angle theta of the atoms' "
                "Bloch vector (0 = all in |g>, pi = all in |e>)"
            )
        symmetric = spin_coherent_state(
            n, polar_angle, 0.0 if azimuthal_angle is None else azimuthal_angle
        )
    else:
        vector = as_array(battery_state, "battery_state")
        lengths = [n + 1] if basis == "symmetric" or n == 1 else [n + 1, 2**n]
        if basis == "full" and vector.size == 2**n and n > 1:
            return user_vector(vector, 2**n, "battery_state")
        if vector.size not in lengths:
            raise QBatteryValueError(
                f"battery_state: expected a ket of length {' or '.join(map(str, lengths))} "
                f"(the {'symmetric or full' if len(lengths) > 1 else 'symmetric'} basis of {n} "
                f"atoms), got shape {vector.shape}"
            )
        symmetric = user_vector(vector, n + 1, "battery_state")
    if basis == "symmetric":
        return symmetric
    return np.asarray(symmetric_embedding(n) @ symmetric).ravel()


def label(battery_state: Any) -> str:
    """The state's name, or "vector" for a user-given ket."""
    return battery_state if isinstance(battery_state, str) else "vector"


def highest_excitation(n: int, basis: str, ket: np.ndarray) -> int:
    """Largest number of excited atoms with non-zero amplitude in ``ket``."""
    occupied = np.flatnonzero(np.abs(ket) > 0)
    counts = occupied if basis == "symmetric" else popcount(occupied, n)
    return int(np.max(counts, initial=0))


def user_vector(value: Any, length: int, name: str) -> np.ndarray:
    """A user-given normalised ket of the given length (package-internal)."""
    vector = as_array(value, name)
    if vector.ndim == 2 and 1 in vector.shape:
        vector = vector.ravel()
    if vector.ndim != 1 or vector.shape[0] != length:
        raise QBatteryValueError(
            f"{name}: expected a ket of length {length}, got shape {vector.shape}"
        )
    check_finite(vector, name)
    check_ket(vector, name)
    return vector
