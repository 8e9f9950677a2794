"""Tavis-Cummings battery in its excitation-number sector (review eq. 33; sec. 3.2).

    H = omega_c a^dag a + omega_a J_z + omega_c lambda (J_+ a + J_- a^dag),
    H_B = omega_a (J_z + N/2)                                          (docs/conventions.md)

conserves ``a^dag a + J_z + N/2``. From ``|n>_C |k=0>_B`` the dynamics stays in the sector
spanned by ``|n - k>_C |k>_B``, k = 0..min(n, N) (k atomic excitations in the symmetric Dicke
basis), where H is tridiagonal:

    <n-k, k|H|n-k, k>       = omega_c (n - k) + omega_a (k - N/2)
    <n-k-1, k+1|H|n-k, k>   = omega_c lambda sqrt(n - k) sqrt((k + 1)(N - k))

(``J_+|j, m> = sqrt(j(j+1) - m(m+1)) |j, m+1>`` with j = N/2, m = k - N/2). The reduced battery
state is diagonal (:class:`~qbattery.bases.sectors.ExcitationSector`), so energy and
degeneracy-aware ergotropy are exact at sizes (N = 10^4 and beyond) where the product space
(n + 1)(N + 1) is out of reach. Ferraro et al., PRL 120, 117702 (2018); Andolina et al.,
PRB 98, 205423 (2018).

:func:`qbattery.models.tavis_cummings` builds the same sector by default, from the model's
product terms (:mod:`qbattery.models.light_matter.conserving`); this closed form stays as an
independent reference for it.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from qbattery.bases.sectors import ExcitationSector
from qbattery.bases.symmetric import symmetric_level_spectrum
from qbattery.battery import Battery
from qbattery.models.info import catalogued
from qbattery.models.light_matter.cavity import effective_coupling
from qbattery.validation import non_negative_int, positive_int, positive_real

__all__ = ["tavis_cummings_sector"]


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda (J_+ a + J_- a^dag) on |n-k>|k>",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms (diagonal battery state)",
    initial_state="cavity Fock |photons> (default N), atoms in |g>",
    reference="review eq. 33; Ferraro et al., PRL 120, 117702 (2018)",
)
def tavis_cummings_sector(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    photons: int | None = None,
    coupling_scaling: str = "fixed",
) -> Battery:
    """Tavis-Cummings battery in the sector of ``photons`` excitations (default N).

    Parameters
    ----------
    n_atoms : int
        Number of two-level atoms N.
    coupling : float
        ``lambda`` (or ``lambda sqrt(N)`` with ``coupling_scaling="inverse_sqrt"``).
    omega_c, omega_a : float
        Cavity and atomic frequencies, > 0.
    photons : int, optional
        Photons in the charger's Fock state at t = 0 (default: N); atoms start in |g>.
    coupling_scaling : {"fixed", "inverse_sqrt"}
        As in :func:`qbattery.models.tavis_cummings`.

    Returns
    -------
    Battery
        On the (min(n, N) + 1)-dimensional sector, with ``sector`` and ``battery_spectrum``
        set; ``H_B = omega_a diag(0..N)`` on the battery's symmetric basis.

    Examples
    --------
    >>> import qbattery as qb
    >>> qb.models.tavis_cummings_sector(10_000, 0.05).dimension
    10001
    """
    n = positive_int(n_atoms, "n_atoms")
    n_photons = n if photons is None else non_negative_int(photons, "photons")
    frequency_c = positive_real(omega_c, "omega_c")
    frequency_a = positive_real(omega_a, "omega_a")
    strength = effective_coupling(coupling, n, coupling_scaling)
    k = np.arange(min(n_photons, n) + 1, dtype=float)
    diagonal = frequency_c * (n_photons - k) + frequency_a * (k - n / 2)
    lower = k[:-1]
    hopping = (
        frequency_c * strength * np.sqrt(n_photons - lower) * np.sqrt((lower + 1) * (n - lower))
    )
    hamiltonian = sp.diags([hopping, diagonal, hopping], [-1, 0, 1], format="csr")
    initial = np.zeros(k.size)
    initial[0] = 1.0
    return Battery(
        hamiltonian,
        sp.diags(frequency_a * np.arange(n + 1.0), format="csr"),
        initial,
        sector=ExcitationSector(np.arange(k.size), n + 1),
        battery_spectrum=symmetric_level_spectrum(n, frequency_a),
        name="tavis_cummings_sector",
        parameters={
            "n_atoms": n,
            "coupling": coupling,
            "omega_c": frequency_c,
            "omega_a": frequency_a,
            "photons": n_photons,
            "coupling_scaling": coupling_scaling,
            "effective_coupling": strength,
        },
    )
