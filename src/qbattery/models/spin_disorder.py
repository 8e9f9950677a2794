"""Disordered spin-chain batteries: random fields, with Anderson-localised, many-body-localised
and ergodic regimes, on the full ``2**N`` space.

Built like the chains of :mod:`qbattery.models.spin_chains` (same conventions, charging options
and ground-state search). Random quantities take ``seed``, a non-negative int or a
``numpy.random.Generator``, and the battery records it with the values drawn.
"""

from __future__ import annotations

from typing import Unpack

import numpy as np

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.arguments import shared_arguments
from qbattery.models.bonds import bond_hamiltonian, chain_bonds, spin_count, zeeman_splitting
from qbattery.models.info import catalogued
from qbattery.models.spins import ChainOptions, direct_charging
from qbattery.validation import finite_real, non_negative_real, random_generator

#: The models of this family (re-exported by qbattery.models); the helpers beside them
#: (BATTERY_HAMILTONIANS) are imported by name.
__all__ = ["disordered_ising_chain"]

#: Valid ``battery_hamiltonian`` values of :func:`disordered_ising_chain`.
BATTERY_HAMILTONIANS = ("chain", "zeeman")


@catalogued(
    hamiltonian="H = sum_i (w/2 + h_i) sigma_z^i + J sum_i sigma_x^i "
    "sigma_x^{i+1} + J2 sum_i sigma_x^i sigma_x^{i+2} + h "
    "sum_{i in S} sigma_x^i",
    battery_hamiltonian="H_B = the chain without the charging field "
    "('chain') or (w/2) sum_i sigma_z^i ('zeeman')",
    initial_state="ground state of H_B (must be non-degenerate)",
    reference="Arjmandi et al., PRE 108, 064106 (2023) (review ref. "
    "126); Rossini, Andolina & Polini, PRB 100, 115142 (2019) "
    "(review ref. 14); h_i uniform in [-W, W]",
)
@shared_arguments
def disordered_ising_chain(
    n_spins: int,
    J: float,
    disorder: float,
    omega: float = 1.0,
    field: float = 1.0,
    *,
    next_nearest: float = 0.0,
    seed: int | np.random.Generator,
    battery_hamiltonian: str = "chain",
    **options: Unpack[ChainOptions],
) -> Battery:
    """Ising chain in random transverse fields: Anderson-localised, many-body-localised and
    ergodic batteries.

    .. code-block:: text

        H_chain = sum_i (omega / 2 + h_i) sigma_z^i + J sum_<i, i+1> sigma_x^i sigma_x^{i+1}
                  + J2 sum_<i, i+2> sigma_x^i sigma_x^{i+2},        h_i uniform in [-W, W]
        H       = H_chain + h sum_{i in S} sigma_x^i

    with ``W = disorder``, ``J2 = next_nearest``, ``h = field``. ``battery_hamiltonian="chain"``:
    ``H_B = H_chain``, charged by the (local) field, the setting of Arjmandi et al., PRE 108,
    064106 (2023) (review ref. 126); ``"zeeman"``: ``H_B = (omega / 2) sum_i sigma_z^i`` and the
    disordered, interacting part charges it (a quench from all spins down; with ``field = 0``
    it is the only charging term), the setting of
    Rossini, Andolina & Polini, PRB 100, 115142 (2019) (review ref. 14), up to a global
    rotation of the spin axes. ``J2 = 0``: free fermions after Jordan-Wigner,
    Anderson-localised for any ``W > 0``; ``J2 != 0``: interacting, ergodic at weak and
    many-body localised at strong disorder. The fields use the box distribution ``[-W, W]``
    of Pal & Huse, PRB 82, 174411 (2010); a paper drawing from ``[-W/2, W/2]`` has
    ``disorder = W/2``. The draw is
    ``numpy.random.default_rng(seed).uniform(-W, W, N)`` (or from the given Generator); the
    seed (for a Generator its state before the draw) and the fields are recorded in
    ``parameters`` as ``seed`` and ``random_fields``.

    Parameters
    ----------
    n_spins, field
        As in :func:`qbattery.models.xxz_chain`.
    J : float
        Nearest-neighbour Ising coupling (finite real).
    disorder : float
        Disorder strength ``W >= 0``.
    omega : float
        Uniform Zeeman splitting (transverse field ``omega / 2``), >= 0.
    next_nearest : float
        Next-nearest-neighbour Ising coupling ``J2`` (finite real; bonds ``chain_bonds(N,
        boundary, 2)``, added to the nearest-neighbour ones where a short ring makes them
        coincide).
    seed : int or numpy.random.Generator
        Seed of the random fields (non-negative int) or the generator to draw them from;
        required, so that every battery names its realisation.
    battery_hamiltonian : {"chain", "zeeman"}
        Which part is the battery Hamiltonian ``H_B`` (above).

    Examples
    --------
    >>> battery = disordered_ising_chain(4, 0.5, 1.0, next_nearest=0.3, seed=7)
    >>> len(battery.parameters["random_fields"]), battery.parameters["seed"]
    (4, 7)
    """
    n = spin_count(n_spins)
    exchange = finite_real(J, "J")
    width = non_negative_real(disorder, "disorder")
    zeeman = zeeman_splitting(omega)
    second = finite_real(next_nearest, "next_nearest")
    if battery_hamiltonian not in BATTERY_HAMILTONIANS:
        raise QBatteryValueError(
            f"battery_hamiltonian: unknown choice {battery_hamiltonian!r}; use one of "
            f"{list(BATTERY_HAMILTONIANS)}"
        )
    nearest, next_bonds = (
        chain_bonds(n, options["boundary"]),
        chain_bonds(n, options["boundary"], 2),
    )
    generator, recorded_seed = random_generator(seed)
    fields = generator.uniform(-width, width, n)
    couplings = [exchange] * len(nearest) + [second] * len(next_bonds)
    chain = bond_hamiltonian(n, nearest + next_bonds, jx=couplings, field_z=zeeman / 2 + fields)
    if battery_hamiltonian == "chain":
        stored, names = chain, "omega, J, disorder, next_nearest, seed"
    else:
        stored, names = bond_hamiltonian(n, field_z=zeeman / 2), "omega"
    parameters = {
        "n_spins": n,
        "J": exchange,
        "disorder": width,
        "omega": zeeman,
        "next_nearest": second,
        "seed": recorded_seed,
        "random_fields": tuple(float(h) for h in fields),
        "battery_hamiltonian": battery_hamiltonian,
    }
    return direct_charging(
        "disordered_ising_chain",
        stored,
        field,
        parameters,
        options,
        names=names,
        hint="e.g. omega > 0 and weak J, or another seed",
        charging_chain=chain,
    )
