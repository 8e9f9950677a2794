"""Global versus parallel charging of N qubits (Binder et al., NJP 17, 075015 (2015);
Campaioli et al., PRL 118, 150601 (2017)).

N qubit cells, ``H_B = omega sum_i |e><e|_i``, start in ``|g...g>`` and are charged by a
resonant drive, written in the frame rotating with ``H_B`` (``H_B`` commutes with that frame,
so the stored energy ``Tr[H_B rho]`` is the same in both). The charging Hamiltonian has the same
operator norm ``N g`` in every arrangement, so the arrangements compare at equal resources:

- ``"parallel"``: ``V = g sum_i sigma_x^i``, each cell driven on its own;
- ``"global"``: ``V = N g (|g...g><e...e| + h.c.)``, the N-body swap of the empty and the full
  battery (Binder et al.'s time-optimal global charging);
- ``"clusters"``: the cells in consecutive groups of ``k = cluster``, each group charged
  globally, ``V = k g sum_j (|g..g><e..e|_j + h.c.)``, a k-local charging (Campaioli et al.).

Each group of ``k`` cells (``k = 1`` parallel, ``k = N`` global) Rabi-oscillates between its
empty and full states at frequency ``k g``, so ``W(t) = N omega sin^2(k g t)``: the full charge
``N omega`` is reached at ``pi / (2 k g)``, ``k`` times sooner than in parallel, and the average
power ``N k omega g sin^2(x) / x`` (``x = k g t``) is ``k`` times the parallel one.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.info import catalogued
from qbattery.validation import finite_real, positive_int, positive_real

#: The models of this family (re-exported by qbattery.models).
__all__ = ["global_charging"]

#: Valid ``charging`` values of :func:`global_charging`.
CHARGING = ("parallel", "global", "clusters")

#: Most cells built (2**12 = 4096 states).
_MAX_CELLS = 12


def _group_swap(n: int, start: int, size: int) -> sp.csr_matrix:
    """``|g..g><e..e| + h.c.`` on cells ``start .. start + size - 1`` (site 0 the most
    significant bit, ``|g> = 0``), identity on the others."""
    states = np.arange(2**n)
    mask = sum(1 << (n - 1 - site) for site in range(start, start + size))
    empty = states[(states & mask) == 0]
    full = empty | mask
    data = np.ones(2 * empty.size)
    rows = np.concatenate([empty, full])
    cols = np.concatenate([full, empty])
    return sp.csr_matrix((data, (rows, cols)), shape=(2**n, 2**n), dtype=np.complex128)


@catalogued(
    hamiltonian="H = k g sum_j (|g..g><e..e|_j + h.c.) over groups j of k cells (k = 1 "
    "parallel, k = N global), in the frame rotating with H_B",
    battery_hamiltonian="H_B = w sum_i |e><e|_i",
    initial_state="all cells in |g>",
    reference="Binder et al., NJP 17, 075015 (2015); Campaioli et al., PRL 118, 150601 "
    "(2017); Gyhm et al., PRL 128, 140501 (2022)",
)
def global_charging(
    n_spins: int,
    coupling: float,
    omega: float = 1.0,
    *,
    charging: str = "global",
    cluster: int = 2,
) -> Battery:
    """N qubits charged globally, in parallel or in clusters, at equal drive norm ``N g``.

    .. code-block:: text

        H   = k g sum_j (|g..g><e..e|_j + h.c.)     groups j of k cells, resonant drive
        H_B = omega sum_i |e><e|_i

    ``k = 1`` (``charging="parallel"``) is ``g sum_i sigma_x^i``; ``k = N``
    (``charging="global"``) the N-body swap of Binder et al., NJP 17, 075015 (2015);
    ``k = cluster`` (``charging="clusters"``) a k-local charging in the sense of Campaioli et
    al., PRL 118, 150601 (2017). ``H`` is written in the frame rotating with ``H_B`` (the
    stored energy is the same in both frames), so ``W(t) = N omega sin^2(k g t)``
    (module docstring): the average power is ``k`` times the parallel one, and the largest
    instantaneous power ``N k omega g`` reaches Gyhm et al.'s bound ``N^2 omega g`` for
    ``k = N`` (:func:`qbattery.metrics.collective_bounds.gyhm_power_bound`).

    Parameters
    ----------
    n_spins : int
        Number of cells N, 1 <= N <= 12 (the full ``2**N`` space is built).
    coupling : float
        Drive per cell g (finite real); every arrangement has the drive norm ``N abs(g)``.
    omega : float
        Level splitting of each cell, > 0.
    charging : str
        ``"global"`` (all N cells as one group), ``"parallel"`` (each cell alone) or
        ``"clusters"`` (groups of ``cluster`` cells).
    cluster : int
        Cells per group of ``charging="clusters"`` (only then), >= 1, dividing N.

    Returns
    -------
    Battery
        On the product space, ``dims = [2] * N``.

    Examples
    --------
    Four cells charged globally are full at ``t = pi / (2 N g)``, four times sooner than in
    parallel (energies in units of omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> times = np.array([0.0, np.pi / (2 * 4 * 0.5)])
    >>> full = qb.charge(qb.models.global_charging(4, 0.5), times).energy[-1]
    >>> half = qb.charge(qb.models.global_charging(4, 0.5, charging="parallel"), times).energy[-1]
    >>> round(float(full), 10), round(float(half), 10)
    (4.0, 0.5857864376)
    """
    n = positive_int(n_spins, "n_spins")
    if n > _MAX_CELLS:
        raise QBatteryValueError(
            f"n_spins: {n} cells need a {2**n}-dimensional space; use at most {_MAX_CELLS}"
        )
    g = finite_real(coupling, "coupling")
    frequency = positive_real(omega, "omega")
    if charging not in CHARGING:
        raise QBatteryValueError(
            f"charging: unknown choice {charging!r}; use one of {', '.join(CHARGING)}"
        )
    size = {"parallel": 1, "global": n}.get(charging)
    if size is None:
        size = positive_int(cluster, "cluster")
        if n % size:
            raise QBatteryValueError(
                f"cluster: {size} cells per group do not divide n_spins = {n}; give a divisor"
            )
    hamiltonian = sp.csr_matrix((2**n, 2**n), dtype=np.complex128)
    for start in range(0, n, size):
        hamiltonian = hamiltonian + size * g * _group_swap(n, start, size)
    excitations = np.array([bin(state).count("1") for state in range(2**n)], dtype=float)
    battery_hamiltonian = sp.csr_matrix(sp.diags_array(frequency * excitations + 0j))
    initial = np.zeros(2**n, dtype=np.complex128)
    initial[0] = 1.0
    return Battery(
        sp.csr_matrix(hamiltonian),
        battery_hamiltonian,
        initial,
        dims=[2] * n,
        name="global_charging",
        parameters={
            "n_spins": n,
            "coupling": g,
            "omega": frequency,
            "charging": charging,
            "cluster": size,
        },
    )
