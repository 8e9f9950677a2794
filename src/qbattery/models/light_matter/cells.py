"""Parallel-charging cells: one atom charged by its own cavity mode (Rabi, Jaynes-Cummings).

Layout, charger states and photon cut-offs as described in :mod:`qbattery.models.light_matter`.
"""

from __future__ import annotations

from typing import Unpack

from qbattery.battery import Battery
from qbattery.models.arguments import shared_arguments
from qbattery.models.info import catalogued
from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
from qbattery.models.light_matter.dicke import rotating_wave_battery, single_photon_battery
from qbattery.models.light_matter.options import CellOptions, ConservingCellOptions

__all__ = ["jaynes_cummings", "rabi"]

#: The parameters a one-atom cell records (the N-atom options it fixes are left out).
_CELL_RECORD = ("coupling", "omega_c", "omega_a", "cutoff", "charger")


@catalogued(
    hamiltonian="H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda sigma_x (a + a^dag)",
    battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
    initial_state="cavity |1> (or coherent/squeezed/thermal, mean 1), atom in |g>",
    reference="Ferraro et al., PRL 120, 117702 (2018); Binder et al., "
    "NJP 17, 075015 (2015); review eq. 32 for N = 1",
)
@shared_arguments
def rabi(
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    **options: Unpack[CellOptions],
) -> Battery:
    """Quantum Rabi cell: one atom charged by its own cavity mode (one cell of parallel charging).

    .. code-block:: text

        H   = omega_c a^dagger a + (omega_a / 2) sigma_z + omega_c lambda sigma_x (a + a^dagger)
        H_B = omega_a sigma_+ sigma_- = omega_a (sigma_z + 1) / 2      (levels 0, omega_a)

    with ``sigma_z = diag(-1, +1)`` on ``(|g>, |e>)`` (docs/conventions.md). This is
    :func:`dicke` for one atom; in the review's eq. 32 notation ``omega_a = 2 omega_0`` and
    ``g = omega_c lambda``.
    The cavity starts with one photon on average (``|1>`` by default), the atom in ``|g>``. N such
    cells charged in parallel store N times the energy in the same time: they have N times the
    power of one (Ferraro et al., PRL 120, 117702 (2018); Binder et al., NJP 17, 075015 (2015)).

    Parameters
    ----------
    coupling : float
        Dimensionless coupling ``lambda``, any finite real number.
    omega_c, omega_a
        As in :func:`qbattery.models.dicke`.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, 2]``, ``battery = [1]``.

    Examples
    --------
    >>> rabi(0.1).battery_hamiltonian.toarray().real.tolist()
    [[0.0, 0.0], [0.0, 1.0]]
    """
    setup = cavity_atoms(1, coupling, omega_c, omega_a, atom_defaults(options), photons_per_atom=1)
    return single_photon_battery("rabi", setup, keep=_CELL_RECORD)


@catalogued(
    hamiltonian="H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda (sigma_+ a + sigma_- a^dag)",
    battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
    initial_state="cavity |1> (or coherent/squeezed/thermal, mean 1), atom in |g>",
    reference="review eq. 33 for N = 1",
)
@shared_arguments
def jaynes_cummings(
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    **options: Unpack[ConservingCellOptions],
) -> Battery:
    """Jaynes-Cummings cell: the Rabi cell in the rotating-wave approximation.

    .. code-block:: text

        H   = omega_c a^dagger a + (omega_a / 2) sigma_z
              + omega_c lambda (sigma_+ a + sigma_- a^dagger)
        H_B = omega_a sigma_+ sigma_-

    This is :func:`tavis_cummings` for one atom (review eq. 33 with ``g = omega_c lambda``). It
    conserves the excitation number ``a^dagger a + sigma_+ sigma_-``: from ``|1>|g>`` only
    ``|1, g>`` and ``|0, e>`` are reached, and on resonance the atom is excited with probability
    ``sin^2(omega_c lambda t)``. The default cut-off (1 for the Fock charger) is exact. By default
    (``space="sector"``) the cell is built in the sectors of that number its initial state
    occupies (one for a Fock charger, ``|n, g>`` and ``|n - 1, e>``), else on the product space.

    Parameters
    ----------
    coupling, omega_c, omega_a
        As in :func:`rabi`.

    Returns
    -------
    Battery
        ``dims = (D,)`` in the sectors (``battery.sector``), or ``dims = [cutoff + 1, 2]``,
        ``battery = [1]`` with ``space="full"``.

    Examples
    --------
    >>> jaynes_cummings(0.1).dims
    (2,)
    >>> jaynes_cummings(0.1, space="full").dims
    (2, 2)
    """
    setup = cavity_atoms(1, coupling, omega_c, omega_a, atom_defaults(options), photons_per_atom=1)
    return rotating_wave_battery("jaynes_cummings", setup, options["space"], keep=_CELL_RECORD)
