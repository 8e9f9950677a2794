"""Sachdev-Ye-Kitaev (SYK) battery: N spins charged by a complex-fermion SYK quench.

Rossini, Andolina, Rosa, Carrega & Polini, PRL 125, 236402 (2020) (review ref. 19; companion:
Rosa et al., JHEP 2020(11), 067, review ref. 18). The battery is N non-interacting cells,
``H_B = h sum_i sigma_y^i`` (h = field > 0), starting in its non-degenerate ground state (every
spin in the ``sigma_y = -1`` state). Charging is the direct protocol of the review's eq. 29,
``H(t) = H_B + lambda(t) (H_1 - H_B)`` with ``lambda = 1`` for ``0 <= t < tau``: while charging
``H_B`` is off and only the complex SYK Hamiltonian acts,

.. code-block:: text

    H_1 = (2N)^(-3/2) sum_{i,j,k,l=1..N} J_{ij;kl} c_i^dag c_j^dag c_k c_l
        = 4 (2N)^(-3/2) sum_{P=(i<j), Q=(k<l)} G_PQ c_i^dag c_j^dag c_k c_l,

with zero-mean Gaussian couplings, ``E|J_{ij;kl}|^2 = J^2`` (J = coupling), independent up to
``J_{ij;kl} = -J_{ji;kl} = -J_{ij;lk}`` and ``J_{ij;kl} = J_{kl;ij}^*``: the pair matrix
``G_PQ = J_{ij;kl}`` is Hermitian with entries ``(a + i b) J / sqrt(2)`` above the diagonal and
``a J`` (real) on it, a and b independent standard normal. The prefactor (normalisation of
Davison et al., PRB 95, 155131 (2017)) makes the SYK energy extensive. ``H_1`` conserves the
fermion number and ``H_B`` does not, which is what lets the quench charge the battery.

Fermions are the Jordan-Wigner fermions of the spins, a site being **occupied when its spin is
excited** ``|e>`` (basis index 1 in qbattery's ``(|g>, |e>)``, ``sigma_z = diag(-1, +1)``, site 0
the leftmost factor; :mod:`qbattery.models.ladders`): ``n_i = (1 + sigma_z^i) / 2`` and
``c_i = prod_{j<i} (1 - 2 n_j) sigma_-^i``, ``sigma_- = |g><e|``; as matrices, QuTiP's
``fdestroy(N, i)``. The strings make ``H_1`` non-local in the spins: a term on sites i < j fails
to commute with every ``sigma_y^m`` in between.

Assumed where our stored copy of the paper (abstract and introduction only) is silent: the
field's axis and factor (``h sum sigma_y``), the Jordan-Wigner convention above and the
normalisation above. None changes the fitted exponent of ``P_max ~ N^alpha``: ``sigma_x`` for
``sigma_y`` is a rotation about z that leaves the ensemble of ``H_1`` invariant; the sign of h is
undone by complex conjugation with ``J -> -J^*`` (same ensemble); the other particle-hole choice
adds only a one-body term, negligible relative to ``H_1`` at large N; another constant in the
normalisation rescales time, hence power, by an N-independent factor.

Disorder: each battery is one realisation, fixed by ``seed``. :func:`syk_average` averages the
figures of merit over seeded realisations (:func:`qbattery.studies.disorder.disorder_average`);
:func:`syk_scaling` fits ``P_max ~ N^alpha`` (:func:`qbattery.studies.advantage.fit_power_law`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import DimensionError, NotHermitianError, QBatteryValueError
from qbattery.models.info import catalogued
from qbattery.models.ladders import collective_spin_full
from qbattery.validation import check_finite, positive_int, positive_real, random_generator

#: The models of this family (re-exported by qbattery.models); the helpers beside them
#: (checked_sites, fermion_annihilation, syk_couplings, syk_hamiltonian) are imported by name.
__all__ = ["syk"]


#: Fewest sites: one pair (i < j) is needed for a quartic term.
_MIN_SITES = 2

#: Most sites built: at N = 14 the SYK Hamiltonian already holds ~1e7 non-zero entries.
_MAX_SITES = 14

#: Allowed violation of the couplings' antisymmetry and Hermiticity, relative to their size:
#: exact relations copied entry by entry, so only round-off of the caller's own algebra remains.
_SYMMETRY_RTOL = 1e-12


def checked_sites(n_sites: Any, name: str = "n_sites") -> int:
    """A number of SYK sites: an integer in the range this module builds."""
    n = positive_int(n_sites, name)
    if not _MIN_SITES <= n <= _MAX_SITES:
        raise QBatteryValueError(
            f"{name}: {n} sites are outside {_MIN_SITES}..{_MAX_SITES}; the SYK term needs two "
            f"sites, and beyond {_MAX_SITES} its 2**N-dimensional Hamiltonian is too large to "
            "build; use a size in that range"
        )
    return n


def _parity(values: np.ndarray) -> np.ndarray:
    """``(-1)^(number of set bits)`` of each integer."""
    return 1 - 2 * (np.bitwise_count(values) & 1).astype(np.int64)


def _between(n: int, first: int, last: int) -> int:
    """Bit mask of the sites strictly between ``first`` and ``last`` (site i is bit N-1-i)."""
    return sum(1 << (n - 1 - site) for site in range(first + 1, last))


def fermion_annihilation(n_sites: int) -> list[sp.csr_matrix]:
    """Jordan-Wigner annihilation operators ``c_0, ..., c_{N-1}`` on the ``2**N`` spin space.

    ``c_i = prod_{j<i} (1 - 2 n_j) sigma_-^i``, occupied = excited ``|e>`` (module docstring).
    They obey ``{c_i, c_j^dag} = delta_ij`` and ``{c_i, c_j} = 0``.

    Parameters
    ----------
    n_sites : int
        Number of sites N >= 1.

    Returns
    -------
    list of scipy.sparse.csr_matrix of shape (2**N, 2**N)

    Examples
    --------
    >>> c = fermion_annihilation(2)
    >>> c[1].toarray().real.astype(int).tolist()  # sign -1 when site 0 is occupied
    [[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, -1], [0, 0, 0, 0]]
    """
    n = positive_int(n_sites, "n_sites")
    states = np.arange(2**n, dtype=np.int64)
    operators = []
    for site in range(n):
        bit = 1 << (n - 1 - site)
        occupied = states[(states & bit) != 0]
        sign = _parity(occupied & _between(n, -1, site))
        operators.append(
            sp.csr_matrix(
                (sign.astype(np.complex128), (occupied ^ bit, occupied)), shape=(2**n, 2**n)
            )
        )
    return operators


def syk_couplings(n_sites: int, coupling: float = 1.0, *, seed: Any) -> np.ndarray:
    """One realisation of the complex SYK couplings ``J_{ij;kl}`` (module docstring).

    Draws, in this order, a standard-normal array ``a`` then ``b``, both of shape (M, M) with
    ``M = N (N - 1) / 2`` pairs ``P = (i < j)`` in lexicographic order, and sets
    ``G_PQ = (a_PQ + i b_PQ) J / sqrt(2)`` for P < Q, ``G_QP = G_PQ^*``, ``G_PP = a_PP J``.

    Parameters
    ----------
    n_sites : int
        Number of sites N, 2..14.
    coupling : float
        J > 0: ``E|J_{ij;kl}|^2 = J^2`` for i != j, k != l.
    seed : int >= 0 or numpy.random.Generator
        Source of the randomness (an integer seeds ``numpy.random.default_rng``).

    Returns
    -------
    numpy.ndarray of shape (N, N, N, N), complex128
        ``J[i, j, k, l] = J_{ij;kl}``, antisymmetric in (i, j) and in (k, l), with
        ``J[i, j, k, l] = conj(J[k, l, i, j])``; zero when i = j or k = l.

    Examples
    --------
    >>> J = syk_couplings(3, seed=1)
    >>> bool(np.allclose(J, -J.transpose(1, 0, 2, 3)))
    True
    """
    n = checked_sites(n_sites)
    strength = positive_real(coupling, "coupling")
    rng, _ = random_generator(seed)
    first, second = np.triu_indices(n, k=1)
    m = first.size
    real, imaginary = rng.standard_normal((m, m)), rng.standard_normal((m, m))
    upper = np.triu((real + 1j * imaginary) / math.sqrt(2), k=1)
    pairs = upper + upper.conj().T + np.diag(np.diag(real)).astype(np.complex128)
    tensor = np.zeros((n, n, n, n), dtype=np.complex128)
    i, j = first[:, None], second[:, None]
    k, l = first[None, :], second[None, :]  # noqa: E741 - the paper's index names
    tensor[i, j, k, l] = strength * pairs
    tensor[j, i, k, l] = -strength * pairs
    tensor[i, j, l, k] = -strength * pairs
    tensor[j, i, l, k] = strength * pairs
    return tensor


def _check_couplings(couplings: Any) -> np.ndarray:
    array = np.asarray(couplings, dtype=np.complex128)
    n = array.shape[0] if array.ndim == 4 else 0
    if array.ndim != 4 or array.shape != (n, n, n, n):
        raise DimensionError(
            f"couplings: expected an array J[i, j, k, l] of shape (N, N, N, N), got shape "
            f"{array.shape}; draw one with syk_couplings"
        )
    checked_sites(n, "couplings")
    check_finite(array, "couplings")
    scale = max(float(np.max(np.abs(array))), 1e-300)
    violations = {
        "J_{ji;kl} = -J_{ij;kl}": array + array.transpose(1, 0, 2, 3),
        "J_{ij;lk} = -J_{ij;kl}": array + array.transpose(0, 1, 3, 2),
        "J_{kl;ij} = conj(J_{ij;kl})": array - array.transpose(2, 3, 0, 1).conj(),
    }
    for relation, difference in violations.items():
        worst = float(np.max(np.abs(difference)))
        if worst > _SYMMETRY_RTOL * scale:
            error = NotHermitianError if "conj" in relation else QBatteryValueError
            raise error(
                f"couplings: violate {relation} by up to {worst:.3g}; the SYK couplings must be "
                "antisymmetric in each index pair and Hermitian (draw them with syk_couplings)"
            )
    return array


def syk_hamiltonian(couplings: Any) -> sp.csr_matrix:
    """The complex SYK Hamiltonian ``(2N)^(-3/2) sum_{ijkl} J_{ij;kl} c_i^dag c_j^dag c_k c_l``.

    Built from bit patterns: ``c_i^dag c_j^dag c_k c_l`` (i < j, k < l) carries the sign
    ``-(-1)^(n_(k,l) + n_(i,j))``, ``n_(a,b)`` the occupied sites strictly between a and b
    (counted after the annihilation for the creation pair).

    Parameters
    ----------
    couplings : array of shape (N, N, N, N)
        ``J_{ij;kl}`` with the symmetries of :func:`syk_couplings` (checked).

    Returns
    -------
    scipy.sparse.csr_matrix of shape (2**N, 2**N)
        Hermitian, complex128, commuting with the fermion number ``sum_i n_i``.

    Examples
    --------
    >>> h = syk_hamiltonian(syk_couplings(4, seed=0))
    >>> h.shape
    (16, 16)
    """
    tensor = _check_couplings(couplings)
    n = tensor.shape[0]
    first, second = np.triu_indices(n, k=1)
    pairs = tensor[first[:, None], second[:, None], first[None, :], second[None, :]]  # G_PQ
    scaled = 4.0 * (2.0 * n) ** -1.5 * pairs
    dimension = 2**n
    states = np.arange(dimension, dtype=np.int64)
    pair_sites = [(int(i), int(j)) for i, j in zip(first, second, strict=True)]
    pair_bits = [(1 << (n - 1 - i)) | (1 << (n - 1 - j)) for i, j in pair_sites]
    between = [_between(n, i, j) for i, j in pair_sites]
    # Creation c_i^dag c_j^dag (i < j) on every state: target index and sign (0 if i or j full).
    targets = np.full((first.size, dimension), -1, dtype=np.int64)
    signs = np.zeros((first.size, dimension), dtype=np.int64)
    for p, bits in enumerate(pair_bits):
        empty = (states & bits) == 0
        targets[p, empty] = states[empty] | bits
        signs[p, empty] = _parity(states[empty] & between[p])
    rows, columns, values = [], [], []
    for q, bits in enumerate(pair_bits):
        sources = states[(states & bits) == bits]
        middle = sources ^ bits
        annihilation_sign = -_parity(sources & between[q])
        amplitude = signs[:, middle] * annihilation_sign[None, :] * scaled[:, q, None]
        hit = targets[:, middle]
        keep = (hit >= 0) & (amplitude != 0)
        rows.append(hit[keep])
        columns.append(np.broadcast_to(sources, hit.shape)[keep])
        values.append(amplitude[keep])
    matrix = sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
        shape=(dimension, dimension),
    )  # duplicates (several P, Q joining the same two states) are summed
    hermitian = sp.csr_matrix((matrix + matrix.conj().T) / 2, dtype=np.complex128)
    hermitian.sort_indices()
    return hermitian


@catalogued(
    hamiltonian="H = (2N)^(-3/2) sum_{ijkl} J_{ij;kl} c_i^dag c_j^dag "
    "c_k c_l while charging (H_B off), c_i Jordan-Wigner "
    "fermions, E|J_{ij;kl}|^2 = J^2",
    battery_hamiltonian="H_B = h sum_i sigma_y^i",
    initial_state="ground state of H_B: every spin (|g> + i|e>)/sqrt(2)",
    reference="Rossini et al., PRL 125, 236402 (2020) (review ref. 19); review eq. 29",
)
def syk(n_sites: int, coupling: float = 1.0, field: float = 1.0, *, seed: Any) -> Battery:
    """SYK quantum battery: N spins in a field, charged by a complex SYK quench.

    .. code-block:: text

        H_B = h sum_i sigma_y^i                        (the battery, h = field)
        H   = (2N)^(-3/2) sum_{ijkl} J_{ij;kl} c_i^dag c_j^dag c_k c_l   (while charging)

    Rossini et al., PRL 125, 236402 (2020); review eq. 29 with ``lambda(t) = 1`` while
    charging (``H_B`` off), energies measured with ``H_B``. ``c_i``: Jordan-Wigner fermions,
    occupied = ``|e>``; couplings as :func:`syk_couplings`; assumptions in the module docstring.

    Parameters
    ----------
    n_sites : int
        Number of sites (spins, fermion modes) N, 2..14 (dimension ``2**N``).
    coupling : float
        SYK coupling J > 0: ``E|J_{ij;kl}|^2 = J^2``.
    field : float
        h > 0, the battery's field; each cell has levels ``-h, +h``.
    seed : int >= 0 or numpy.random.Generator
        Fixes the couplings' realisation. Recorded in ``parameters["seed"]``: the integer, or
        for a Generator its ``bit_generator.state`` before the draw (set a generator's
        ``bit_generator.state`` to it to draw the same couplings again).

    Returns
    -------
    Battery
        ``dims = [2] * N``, the whole space the battery; sparse CSR operators; the initial
        state is the ground state of ``H_B`` with amplitudes ``i^(number of excited spins) /
        2^(N/2)`` (each spin ``(|g> + i|e>) / sqrt(2)``, the ``sigma_y = -1`` state).

    Examples
    --------
    >>> battery = syk(4, seed=0)
    >>> battery.dims, battery.parameters["seed"]
    ((2, 2, 2, 2), 0)
    """
    n = checked_sites(n_sites)
    strength = positive_real(coupling, "coupling")
    h = positive_real(field, "field")
    rng, recorded = random_generator(seed)
    couplings = syk_couplings(n, strength, seed=rng)
    battery_hamiltonian = sp.csr_matrix(2 * h * collective_spin_full(n, "y"))  # h sum sigma_y
    excited = np.bitwise_count(np.arange(2**n, dtype=np.int64))
    initial_state = np.array([1, 1j, -1, -1j])[excited % 4] / 2 ** (n / 2)
    return Battery(
        syk_hamiltonian(couplings),
        battery_hamiltonian,
        initial_state.astype(np.complex128),
        dims=[2] * n,
        name="syk",
        parameters={"n_sites": n, "coupling": strength, "field": h, "seed": recorded},
    )
