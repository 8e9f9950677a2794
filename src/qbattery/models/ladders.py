"""Spin and boson operators, and charger states, for the model constructors.

Basis conventions (used by every model in :mod:`qbattery.models`):

- **Two-level system**: basis ``(|g>, |e>)``, index 0 = ground = spin down. Hence
  ``sigma_z = diag(-1, +1)``, ``sigma_+ = |e><g|`` (entry ``[1, 0]``), ``sigma_- = |g><e|`` and
  ``sigma_x = sigma_+ + sigma_-``, ``sigma_y = -i (sigma_+ - sigma_-)``, so that
  ``[sigma_x, sigma_y] = 2i sigma_z``. These are QuTiP's matrices with the basis order reversed
  (QuTiP puts the excited state first).
- **Collective spin** ``J_a = sum_i sigma_a^i / 2`` of N two-level systems, in the symmetric (Dicke)
  subspace ``j = N/2``: basis ``|j, m>`` ordered by the number of excitations ``k = m + j = 0..N``
  (index ``k``). Hence ``J_z = diag(-j, ..., j)``, ``omega (J_z + N/2) = omega diag(0, ..., N)``
  and ``J_+ |j, m> = sqrt((j - m)(j + m + 1)) |j, m + 1>``, i.e.
  ``J_+[k + 1, k] = sqrt((k + 1)(N - k))``.
- **Boson mode** truncated to Fock states ``|0>, ..., |cutoff>`` (dimension ``cutoff + 1``).
- **Chains** of N sites: ``kron(site 0, site 1, ..., site N-1)``, site 0 the leftmost (most
  significant) factor, as ``qutip.tensor`` orders them. Product state index = the binary number
  ``b_0 b_1 ... b_{N-1}`` with ``b_i = 1`` for an excited site; index 0 is all sites in ``|g>``.

Every operator is a complex128 ``scipy.sparse`` CSR matrix; states are complex128 NumPy kets.

>>> from qbattery.models.ladders import collective_spin
>>> collective_spin(2, "z").toarray().real.diagonal().tolist()
[-1.0, 0.0, 1.0]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import gammaln, pdtrc

from qbattery.errors import QBatteryValueError
from qbattery.validation import non_negative_int, non_negative_real, positive_int

__all__ = [
    "COHERENT_TAIL",
    "annihilation",
    "coherent_cutoff",
    "coherent_state",
    "collective_spin",
    "collective_spin_full",
    "fock_state",
    "number",
    "pauli",
    "site_operator",
]

#: Photon-number weight a truncated coherent state may lose beyond its cut-off; far below the
#: 1e-8 tolerance on state norms, so renormalising after truncation changes nothing measurable.
COHERENT_TAIL = 1e-12

_SPIN_COMPONENTS = ("x", "y", "z", "+", "-")


def _check_component(component: str, kind: str) -> None:
    if component not in _SPIN_COMPONENTS:
        raise QBatteryValueError(
            f"component: unknown {kind} component {component!r}; use one of "
            f"{list(_SPIN_COMPONENTS)}"
        )


def _from_raising(plus: Any, component: str) -> sp.csr_matrix:
    """``J_+``, ``J_- = J_+^T``, ``J_x = (J_+ + J_-) / 2`` or ``J_y = (J_+ - J_-) / 2i``."""
    minus = sp.csr_matrix(plus.T)
    combined = {
        "+": plus,
        "-": minus,
        "x": (plus + minus) / 2,
        "y": (plus - minus) / 2j,
    }[component]
    return sp.csr_matrix(combined, dtype=np.complex128)


def collective_spin(n_atoms: int, component: str) -> sp.csr_matrix:
    """Collective spin operator ``J_a = sum_i sigma_a^i / 2`` on the symmetric subspace.

    Parameters
    ----------
    n_atoms : int
        Number of two-level systems N >= 1 (spin ``j = N/2``).
    component : {"x", "y", "z", "+", "-"}
        ``J_x``, ``J_y``, ``J_z``, ``J_+ = J_x + i J_y`` or ``J_- = J_x - i J_y``.

    Returns
    -------
    scipy.sparse.csr_matrix of shape (N + 1, N + 1)
        In the basis ``|j, -j + k>``, k = 0..N (k excitations; module docstring).

    Examples
    --------
    >>> collective_spin(1, "+").toarray().real.tolist()
    [[0.0, 0.0], [1.0, 0.0]]
    """
    n = positive_int(n_atoms, "n_atoms")
    _check_component(component, "spin")
    k = np.arange(n + 1, dtype=np.float64)
    if component == "z":
        return sp.csr_matrix(sp.diags_array(k - n / 2), dtype=np.complex128)
    ladder = np.sqrt((k[:-1] + 1) * (n - k[:-1]))  # <k+1| J_+ |k>
    plus = sp.diags_array(ladder, offsets=-1, format="csr", dtype=np.complex128)
    return _from_raising(plus, component)


def annihilation(cutoff: int) -> sp.csr_matrix:
    """Boson annihilation operator ``a`` on Fock states ``0..cutoff``.

    Parameters
    ----------
    cutoff : int
        Highest Fock state kept (>= 0); the dimension is ``cutoff + 1``.

    Returns
    -------
    scipy.sparse.csr_matrix of shape (cutoff + 1, cutoff + 1)
        ``a |n> = sqrt(n) |n - 1>``.

    Examples
    --------
    >>> annihilation(2).toarray().real.round(3).tolist()
    [[0.0, 1.0, 0.0], [0.0, 0.0, 1.414], [0.0, 0.0, 0.0]]
    """
    n_max = non_negative_int(cutoff, "cutoff")
    amplitudes = np.sqrt(np.arange(1, n_max + 1, dtype=np.float64))
    matrix = sp.diags_array(amplitudes, offsets=1, shape=(n_max + 1, n_max + 1), format="csr")
    return sp.csr_matrix(matrix, dtype=np.complex128)


def number(cutoff: int) -> sp.csr_matrix:
    """Photon-number operator ``a^dagger a = diag(0, ..., cutoff)``.

    Examples
    --------
    >>> from qbattery.models.ladders import number
    >>> number(2).diagonal().real
    array([0., 1., 2.])
    """
    n_max = non_negative_int(cutoff, "cutoff")
    return sp.csr_matrix(sp.diags_array(np.arange(n_max + 1.0)), dtype=np.complex128)


def pauli(component: str) -> sp.csr_matrix:
    """Pauli operator in the basis ``(|g>, |e>)`` (index 0 = ground = spin down).

    Parameters
    ----------
    component : {"x", "y", "z", "+", "-"}
        ``sigma_x``, ``sigma_y``, ``sigma_z = diag(-1, +1)``, ``sigma_+ = |e><g|`` or
        ``sigma_- = |g><e|``. Identical to ``2 * collective_spin(1, component)`` for x, y, z.

    Examples
    --------
    >>> pauli("z").toarray().real.tolist()
    [[-1.0, 0.0], [0.0, 1.0]]
    """
    _check_component(component, "Pauli")
    single = collective_spin(1, component)
    return single if component in "+-" else sp.csr_matrix(2 * single)


def site_operator(operator: Any, site: int, n_sites: int) -> sp.csr_matrix:
    """Embed a single-site operator into an N-site chain: ``1 x ... x operator x ... x 1``.

    Parameters
    ----------
    operator : array or sparse matrix of shape (d, d)
        The local operator (all sites share the local dimension d).
    site : int
        Site index, 0 <= site < n_sites; site 0 is the leftmost Kronecker factor.
    n_sites : int
        Number of sites N >= 1.

    Returns
    -------
    scipy.sparse.csr_matrix of shape (d**N, d**N)

    Examples
    --------
    >>> site_operator(pauli("z"), 0, 2).toarray().real.diagonal().tolist()
    [-1.0, -1.0, 1.0, 1.0]
    """
    n = positive_int(n_sites, "n_sites")
    index = non_negative_int(site, "site")
    if index >= n:
        raise QBatteryValueError(f"site: {index} is outside the chain; use 0 <= site < {n}")
    local = sp.csr_matrix(operator, dtype=np.complex128)
    d = local.shape[0]
    if local.shape != (d, d):
        raise QBatteryValueError(f"operator: expected a square matrix, got shape {local.shape}")
    left = sp.identity(d**index, dtype=np.complex128, format="csr")
    right = sp.identity(d ** (n - index - 1), dtype=np.complex128, format="csr")
    return sp.csr_matrix(sp.kron(sp.kron(left, local, format="csr"), right, format="csr"))


def fock_state(photons: float, cutoff: int) -> np.ndarray:
    """Fock state ``|n>`` on Fock states ``0..cutoff``.

    Parameters
    ----------
    photons : int
        Photon number n, 0 <= n <= cutoff.
    cutoff : int
        Highest Fock state kept.

    Returns
    -------
    numpy.ndarray of shape (cutoff + 1,)

    Examples
    --------
    >>> from qbattery.models.ladders import fock_state
    >>> fock_state(1, 2).real
    array([0., 1., 0.])
    """
    n = non_negative_int(photons, "photons")
    n_max = non_negative_int(cutoff, "cutoff")
    if n > n_max:
        raise QBatteryValueError(
            f"cutoff: {n_max} cannot hold the Fock state |{n}>; use cutoff >= {n}"
        )
    ket = np.zeros(n_max + 1, dtype=np.complex128)
    ket[n] = 1.0
    return ket


def coherent_cutoff(mean_photons: float, tail: float = COHERENT_TAIL) -> int:
    """Smallest cut-off that leaves at most ``tail`` of a coherent state's photon weight outside.

    The photon number of ``|alpha>`` is Poisson distributed with mean ``|alpha|**2``.

    Examples
    --------
    >>> from qbattery.models.ladders import coherent_cutoff
    >>> coherent_cutoff(1.0)
    14
    """
    mean = non_negative_real(mean_photons, "mean_photons")
    if mean == 0.0:
        return 0
    low, high = 0, int(mean + 40 * math.sqrt(mean) + 60)  # P(n > high) <= tail
    while low < high:  # bisection on the decreasing P(n > k), k = pdtrc's first argument
        middle = (low + high) // 2
        if pdtrc(middle, mean) <= tail:
            high = middle
        else:
            low = middle + 1
    return low


def coherent_state(mean_photons: float, cutoff: int) -> np.ndarray:
    """Coherent state ``|alpha>``, ``alpha = sqrt(mean_photons)`` real, on Fock ``0..cutoff``.

    Amplitudes ``exp(-|alpha|^2 / 2) alpha^n / sqrt(n!)``, renormalised after truncation; the
    cut-off must reach :func:`coherent_cutoff` so that the renormalisation is negligible.

    Returns
    -------
    numpy.ndarray of shape (cutoff + 1,)

    Examples
    --------
    Poissonian photon statistics: ``P(0) = e^{-1}`` for ``n̄ = 1``:

    >>> import numpy as np
    >>> from qbattery.models.ladders import coherent_cutoff, coherent_state
    >>> alpha = coherent_state(1.0, coherent_cutoff(1.0))
    >>> bool(np.isclose(abs(alpha[0]) ** 2, np.exp(-1), rtol=0, atol=1e-11))
    True
    """
    mean = non_negative_real(mean_photons, "mean_photons")
    n_max = non_negative_int(cutoff, "cutoff")
    needed = coherent_cutoff(mean)
    if n_max < needed:
        raise QBatteryValueError(
            f"cutoff: {n_max} truncates the coherent state of mean photon number {mean:g} "
            f"(more than {COHERENT_TAIL:g} of its weight lies above it); use cutoff >= {needed}"
        )
    if mean == 0.0:
        return fock_state(0, n_max)
    n = np.arange(n_max + 1, dtype=np.float64)
    log_amplitudes = -mean / 2 + n * 0.5 * math.log(mean) - 0.5 * gammaln(n + 1)
    ket = np.exp(log_amplitudes).astype(np.complex128)
    return ket / np.linalg.norm(ket)


def collective_spin_full(n_atoms: int, component: str) -> sp.csr_matrix:
    """Collective spin ``J_a = sum_i sigma_a^i / 2`` on the full ``2**N`` product space.

    Built directly from the bit patterns of the product states (site 0 the most significant
    bit, 1 = excited; module docstring), without Kronecker products.

    Parameters
    ----------
    n_atoms : int
        Number of two-level systems N >= 1.
    component : {"x", "y", "z", "+", "-"}

    Returns
    -------
    scipy.sparse.csr_matrix of shape (2**N, 2**N)

    Examples
    --------
    >>> collective_spin_full(2, "z").toarray().real.diagonal().tolist()
    [-1.0, 0.0, 0.0, 1.0]
    """
    n = positive_int(n_atoms, "n_atoms")
    _check_component(component, "spin")
    states = np.arange(2**n, dtype=np.int64)
    if component == "z":
        excited = np.zeros(states.size, dtype=np.float64)
        for bit in range(n):
            excited += (states >> bit) & 1
        return sp.csr_matrix(sp.diags_array(excited - n / 2), dtype=np.complex128)
    rows, columns = [], []
    for bit in range(n):
        ground = states[((states >> bit) & 1) == 0]  # sigma_+ on this site raises these
        rows.append(ground | (1 << bit))
        columns.append(ground)
    row, column = np.concatenate(rows), np.concatenate(columns)
    plus = sp.csr_matrix(
        (np.ones(row.size, dtype=np.complex128), (row, column)), shape=(2**n, 2**n)
    )
    return _from_raising(plus, component)
