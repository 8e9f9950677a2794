"""Rydberg-atom array battery: a driven chain with van der Waals interactions and blockade.

Each atom has a ground state ``|g>`` and a Rydberg state ``|r>`` (index 0 and 1, as ``|g>, |e>``
in :mod:`qbattery.models.ladders`); ``n_i = |r><r|_i``. Atoms sit on a line with spacing
``a``; two Rydberg atoms a distance ``d`` apart shift each other by ``C_6 / d^6`` (van der
Waals). Operators are built on the full ``2**N`` space from the bit patterns of the product
states (site 0 the most significant bit), as in :mod:`qbattery.models.bonds`.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.bonds import check_boundary
from qbattery.models.info import catalogued
from qbattery.models.ladders import collective_spin_full
from qbattery.validation import finite_real, positive_int, positive_real

#: The models of this family (re-exported by qbattery.models); the helpers beside them
#: (blockade_radius) are imported by name.
__all__ = ["rydberg_array"]

#: Most atoms built: the Hamiltonian of 2**22 states already takes about 1.5 GB.
_MAX_ATOMS = 22


def blockade_radius(rabi_frequency: float, interaction: float) -> float:
    """Blockade radius ``R_b = a (|V| / Omega)^(1/6)`` in units of the spacing ``a``.

    Within ``R_b`` the van der Waals shift ``|C_6| / d^6`` exceeds the Rabi frequency, so the
    drive cannot excite two atoms there (Saffman, Walker & Molmer, RMP 82, 2313 (2010)); here
    ``V = C_6 / a^6`` is the nearest-neighbour shift.

    >>> round(blockade_radius(1.0, 64.0), 12)
    2.0
    """
    omega = positive_real(rabi_frequency, "rabi_frequency")
    shift = finite_real(interaction, "interaction")
    return float((abs(shift) / omega) ** (1 / 6))


def _pair_shifts(
    n: int, interaction: float, boundary: str, interaction_range: int | None
) -> list[tuple[int, int, float]]:
    """``(i, j, V / d_ij^6)`` for every interacting pair ``i < j`` (d in units of a)."""
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            distance = j - i
            if boundary == "periodic":
                distance = min(distance, n - distance)
            if interaction_range is not None and distance > interaction_range:
                continue
            pairs.append((i, j, interaction / distance**6))
    return pairs


def _occupations(n: int) -> list[np.ndarray]:
    """``n_i`` (0 or 1) of every product state, site 0 the most significant bit."""
    states = np.arange(2**n, dtype=np.int64)
    return [((states >> (n - 1 - site)) & 1).astype(np.float64) for site in range(n)]


@catalogued(
    hamiltonian="H = (W/2) sum_i sigma_x^i - D sum_i n_i + sum_{i<j} V/d_ij^6 n_i n_j",
    battery_hamiltonian="H_B = w sum_i n_i + sum_{i<j} V/d_ij^6 n_i n_j",
    initial_state="every atom in |g>",
    reference="Yao & Shao, PRE 104, 044116 (2021) (review ref. 132); "
    "Saffman, Walker & Molmer, RMP 82, 2313 (2010) (review "
    "ref. 131)",
)
def rydberg_array(
    n_atoms: int,
    rabi_frequency: float,
    interaction: float,
    detuning: float = 0.0,
    omega: float = 1.0,
    *,
    boundary: str = "open",
    interaction_range: int | None = None,
) -> Battery:
    """A one-dimensional array of Rydberg atoms charged by a laser: van der Waals blockade.

    .. code-block:: text

        H   = (Omega/2) sum_i sigma_x^i - Delta sum_i n_i + sum_{i<j} V / d_ij^6 n_i n_j
        H_B = omega sum_i n_i + sum_{i<j} V / d_ij^6 n_i n_j

    The closed, laser-driven array behind the Rydberg batteries of review sec. 3.4, whose
    resource is the switchable strong long-range interaction of Rydberg atoms (Saffman, Walker &
    Molmer, RMP 82, 2313 (2010), review ref. 131); Yao & Shao, PRE 104, 044116 (2021) (review
    ref. 132) put such atoms in a common dissipative cavity with feedback, which is not modelled
    here (add ``collapse_ops`` to a :class:`~qbattery.battery.Battery` for that). A laser of Rabi
    frequency ``Omega`` and
    detuning ``Delta`` from the ground-Rydberg transition ``omega`` drives every atom; ``H`` is
    written in the frame rotating with the laser (rotating-wave approximation). ``H_B``, the
    atoms' own energy with their interaction, commutes with that frame change, so the stored
    energy and ergotropy are those of the laboratory frame. ``d_ij = |i - j|`` (periodic:
    ``min(|i - j|, N - |i - j|)``) in units of the spacing, ``V = C_6 / a^6`` the
    nearest-neighbour shift. For ``V >> Omega`` two neighbours are never both excited (blockade,
    double-excitation population ~ ``(Omega / V)^2``), and a blockaded pair oscillates
    collectively between ``|gg>`` and ``(|gr> + |rg>)/sqrt(2)`` at ``sqrt(2) Omega``:
    ``W(t) = omega sin^2(sqrt(2) Omega t / 2)`` on resonance. The array starts with every atom in
    ``|g>``. See :func:`blockade_radius`.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N, 1 <= N <= 22 (dimension ``2**N``).
    rabi_frequency : float
        ``Omega`` > 0.
    interaction : float
        ``V = C_6 / a^6``, the van der Waals shift of two neighbours (finite real; > 0 repulsive).
    detuning : float
        ``Delta`` = laser minus transition frequency (finite real).
    omega : float
        Ground-Rydberg transition frequency in ``H_B``, > 0.
    boundary : {"open", "periodic"}
        A chain or a ring.
    interaction_range : int, optional
        Keep only pairs with ``d_ij <= interaction_range`` (>= 1); default: all pairs.

    Returns
    -------
    Battery
        ``dims = [2] * N``, sparse CSR operators.

    Examples
    --------
    >>> rydberg_array(3, 1.0, 20.0).dims
    (2, 2, 2)
    """
    n = positive_int(n_atoms, "n_atoms")
    if n > _MAX_ATOMS:
        raise QBatteryValueError(
            f"n_atoms: {n} atoms need a 2**{n}-dimensional space, beyond the {_MAX_ATOMS} atoms "
            "this constructor builds; use fewer atoms"
        )
    rabi = positive_real(rabi_frequency, "rabi_frequency")
    shift = finite_real(interaction, "interaction")
    delta = finite_real(detuning, "detuning")
    frequency = positive_real(omega, "omega")
    check_boundary(boundary)
    reach = (
        None if interaction_range is None else positive_int(interaction_range, "interaction_range")
    )

    occupation = _occupations(n)
    excited = np.sum(occupation, axis=0)
    pair_energy = np.zeros(2**n, dtype=np.float64)
    for i, j, strength in _pair_shifts(n, shift, boundary, reach):
        pair_energy += strength * occupation[i] * occupation[j]
    drive = rabi * collective_spin_full(n, "x")  # (Omega/2) sum_i sigma_x^i
    hamiltonian = sp.csr_matrix(drive + sp.diags_array(pair_energy - delta * excited))
    battery_hamiltonian = sp.csr_matrix(
        sp.diags_array(frequency * excited + pair_energy), dtype=np.complex128
    )
    initial = np.zeros(2**n, dtype=np.complex128)
    initial[0] = 1.0
    return Battery(
        hamiltonian,
        battery_hamiltonian,
        initial,
        dims=[2] * n,
        name="rydberg_array",
        parameters={
            "n_atoms": n,
            "rabi_frequency": rabi,
            "interaction": shift,
            "detuning": delta,
            "omega": frequency,
            "boundary": boundary,
            "interaction_range": reach,
        },
    )
