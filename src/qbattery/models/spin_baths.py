"""Spin batteries coupled to other spins or to thermal baths: the central-spin battery and an
XXZ chain between two thermal reservoirs.

Operators on the full ``2**N`` space from bit patterns
(:func:`qbattery.models.bonds.bond_hamiltonian`; conventions of :mod:`qbattery.models.ladders`:
``sigma_z = diag(-1, +1)`` on ``(|g>, |e>)``, site 0 the leftmost factor, ``sigma_- = |g><e|``).
"""

from __future__ import annotations

from typing import Unpack

import numpy as np

from qbattery.battery import Battery
from qbattery.environments.markovian import bose_einstein, thermal_jumps
from qbattery.models.arguments import shared_arguments
from qbattery.models.bonds import bond_hamiltonian, chain_bonds, spin_count, xxz_hamiltonian
from qbattery.models.info import catalogued
from qbattery.models.ladders import pauli, site_operator
from qbattery.models.spins import XXZ_HINT, ChainOptions, direct_charging
from qbattery.validation import (
    finite_real,
    non_negative_real,
    positive_real,
)

__all__ = ["central_spin", "two_bath_chain"]


@catalogued(
    hamiltonian="H = (w_c/2) sigma_z^0 + (w_a/2) sum_i sigma_z^i + g "
    "sum_i (sigma_x^0 sigma_x^i + sigma_y^0 sigma_y^i + "
    "delta sigma_z^0 sigma_z^i)",
    battery_hamiltonian="H_B = (w_a/2) sum_{i=1}^N sigma_z^i on the battery spins",
    initial_state="central spin excited, battery spins all in |g>",
    reference="Liu et al., PRB 104, 245418 (2021) (review ref. 27); Shi "
    "et al., PRL 129, 130602 (2022) (review ref. 57)",
)
def central_spin(
    n_spins: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    delta: float = 0.0,
) -> Battery:
    """Central-spin battery: N battery spins charged by one central spin.

    .. code-block:: text

        H   = (omega_c / 2) sigma_z^0 + (omega_a / 2) sum_{i=1}^N sigma_z^i
              + g sum_{i=1}^N (sigma_x^0 sigma_x^i + sigma_y^0 sigma_y^i
                               + delta sigma_z^0 sigma_z^i)
        H_B = (omega_a / 2) sum_{i=1}^N sigma_z^i        (on the N battery spins)

    with ``g = coupling``: XX (flip-flop) coupling for ``delta = 0``, Heisenberg for
    ``delta = 1``. The central-spin battery of Liu, Shi, Shi, Wang & Yang, PRB 104, 245418
    (2021) (review ref. 27; see also Shi et al., PRL 129, 130602 (2022), review ref. 57, and
    its open version, Liu et al., PRA 109, 042411 (2024), review ref. 143). A paper writing the
    flip-flop as ``g' sum_i (sigma_+^0 sigma_-^i + h.c.)`` has ``g = g' / 2``. The central spin
    (site 0, the charger) starts excited, the battery spins (sites 1..N) in the ground state
    of ``H_B``, all down. The flip-flop conserves the number of excitations, so at most one
    quantum ``omega_a`` is transferred.

    Parameters
    ----------
    n_spins : int
        Number of battery spins N, 1 <= N <= 25 (dimension ``2**(N + 1)``).
    coupling : float
        Central-battery coupling ``g`` (finite real).
    omega_c : float
        Level splitting of the central spin, >= 0.
    omega_a : float
        Level splitting of each battery spin, > 0.
    delta : float
        Anisotropy of the ``sigma_z sigma_z`` coupling (finite real; 0 = XX, 1 = Heisenberg).

    Returns
    -------
    Battery
        ``dims = [2] * (N + 1)``, ``battery = [1, ..., N]``.

    Examples
    --------
    >>> battery = central_spin(3, 0.1)
    >>> battery.dims, battery.battery
    ((2, 2, 2, 2), (1, 2, 3))
    """
    n = spin_count(n_spins, extra=1)
    g = finite_real(coupling, "coupling")
    frequency_c = non_negative_real(omega_c, "omega_c")
    frequency_a = positive_real(omega_a, "omega_a")
    anisotropy = finite_real(delta, "delta")
    bonds = [(0, i) for i in range(1, n + 1)]
    hamiltonian = bond_hamiltonian(
        n + 1,
        bonds,
        jx=g,
        jy=g,
        jz=g * anisotropy,
        field_z=[frequency_c / 2] + [frequency_a / 2] * n,
    )
    initial_state = np.zeros(2 ** (n + 1), dtype=np.complex128)
    initial_state[2**n] = 1.0  # central spin (most significant bit) excited, the rest down
    return Battery(
        hamiltonian,
        bond_hamiltonian(n, field_z=frequency_a / 2),
        initial_state,
        dims=[2] * (n + 1),
        battery=list(range(1, n + 1)),
        name="central_spin",
        parameters={
            "n_spins": n,
            "coupling": g,
            "omega_c": frequency_c,
            "omega_a": frequency_a,
            "delta": anisotropy,
        },
    )


@catalogued(
    hamiltonian="H = H_B + h sum_{i in S} sigma_x^i; L = sqrt(gamma (n_X "
    "+ 1)) sigma_-, sqrt(gamma n_X) sigma_+ on the end spins",
    battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i "
    "(sigma_x^i sigma_x^{i+1} + sigma_y^i "
    "sigma_y^{i+1} + delta sigma_z^i sigma_z^{i+1})",
    initial_state="ground state of H_B (must be non-degenerate)",
    reference="Mojaveri, Jafarzadeh Bahrbeig & Fasihi, PRA 109, 042619 "
    "(2024) (review ref. 86); n_X = 1 / (exp(w / T_X) - 1)",
)
@shared_arguments
def two_bath_chain(
    n_spins: int,
    J: float,
    delta: float,
    temperature_left: float,
    temperature_right: float,
    omega: float = 1.0,
    field: float = 0.0,
    *,
    damping: float = 0.1,
    **options: Unpack[ChainOptions],
) -> Battery:
    """XXZ chain battery whose end spins are coupled to two thermal baths.

    .. code-block:: text

        H_B = (omega / 2) sum_i sigma_z^i
              + J sum_<i, k> (sigma_x^i sigma_x^k + sigma_y^i sigma_y^k + delta sigma_z^i sigma_z^k)
        H   = H_B + h sum_{i in S} sigma_x^i,        h = field (default 0: the baths charge)
        L   = sqrt(gamma (n_L + 1)) sigma_-^0,      sqrt(gamma n_L) sigma_+^0,
              sqrt(gamma (n_R + 1)) sigma_-^{N-1},  sqrt(gamma n_R) sigma_+^{N-1}
        n_X = 1 / (exp(omega / T_X) - 1)             (0 at T_X = 0)

    Lindblad dynamics ``d rho/dt = -i [H, rho] + sum_L (L rho L^dag - {L^dag L, rho} / 2)``
    with ``gamma = damping``. The XXZ chain with its ends attached to independent thermal
    baths of Mojaveri, Jafarzadeh Bahrbeig & Fasihi, PRA 109, 042619 (2024) (review ref. 86),
    with ``H_B`` in the form of :func:`qbattery.models.xxz_chain`. Each bath acts locally on its
    end spin at the bare splitting ``omega`` (local master equation, valid for weak exchange
    and weak damping), so up and down rates obey detailed balance,
    ``n_X / (n_X + 1) = exp(-omega / T_X)``. The chain starts in the ground state of ``H_B``;
    the steady state is thermal for ``T_L = T_R`` at weak exchange and carries a spin current
    otherwise. For N = 1 both baths act on the single spin. Solved by ``qbattery.charge``
    with ``method="ode"`` (QuTiP ``mesolve``).

    Parameters
    ----------
    n_spins, delta, field
        As in :func:`qbattery.models.xxz_chain`.
    J : float
        Exchange coupling (finite real).
    temperature_left, temperature_right : float
        Bath temperatures ``T_L`` (on site 0) and ``T_R`` (on site N - 1), >= 0, in units of
        energy (``k_B = 1``).
    omega : float
        Zeeman level splitting, > 0 (the baths' resonance).
    damping : float
        Bath coupling rate ``gamma >= 0`` (0: closed chain).

    Examples
    --------
    >>> battery = two_bath_chain(2, 0.1, 0.5, 1.0, 0.5)
    >>> len(battery.collapse_ops)
    4
    """
    n = spin_count(n_spins)
    exchange, anisotropy = finite_real(J, "J"), finite_real(delta, "delta")
    t_left = non_negative_real(temperature_left, "temperature_left")
    t_right = non_negative_real(temperature_right, "temperature_right")
    zeeman = positive_real(omega, "omega")
    gamma = non_negative_real(damping, "damping")
    battery_hamiltonian = xxz_hamiltonian(
        n, chain_bonds(n, options["boundary"]), zeeman, exchange, anisotropy
    )
    temperatures = {"left": t_left, "right": t_right}
    collapse_ops = [
        jump
        for side, site in (("left", 0), ("right", n - 1))
        for jump in thermal_jumps(
            site_operator(pauli("-"), site, n), zeeman, gamma, temperatures[side]
        )
    ]
    parameters = {
        "n_spins": n,
        "J": exchange,
        "delta": anisotropy,
        "temperature_left": t_left,
        "temperature_right": t_right,
        "omega": zeeman,
        "damping": gamma,
        "mean_occupation_left": bose_einstein(zeeman, t_left),
        "mean_occupation_right": bose_einstein(zeeman, t_right),
    }
    closed = direct_charging(
        "two_bath_chain",
        battery_hamiltonian,
        field,
        parameters,
        options,
        names="omega, J, delta",
        hint=XXZ_HINT,
    )
    return closed.replace(collapse_ops=collapse_ops)
