"""Ensembles of identical two-level cells with local noise, solved in the permutation-invariant
(Dicke) basis.

Both constructors return a :class:`~qbattery.battery.Battery` written in the *reduced basis*
``(+)_j V_j`` of :mod:`qbattery.bases.permutational` (dimension ``D = sum_j (2j + 1)``, about
``N**2 / 4``; blocks j = N/2, N/2 - 1, ... and ``m = -j..j`` inside each) with an
:class:`~qbattery.environments.ensemble.EnsembleNoise` environment, so that
:func:`qbattery.charge` solves them with ``method="permutational"``: the state is kept as its
blocks ``rho_j`` (``rho = (+)_j rho_j (x) 1_{d_j} / d_j`` on the ``2**N`` space) and the
ergotropy is computed on the full space, block degeneracies included (docs/conventions.md). The
cells start all in ``|g>`` (the state ``j = N/2, m = -N/2``, index 0), the battery Hamiltonian is
``H_B = omega (J_z + N/2)`` with its full-space levels ``omega k`` (``binomial(N, k)``-fold)
attached as ``battery_spectrum``.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from qbattery.bases.permutational import permutational_blocks
from qbattery.bases.permutational_memory import check_blocks_memory, row_nonzeros
from qbattery.bases.symmetric import symmetric_level_spectrum
from qbattery.battery import Battery
from qbattery.environments.ensemble import EnsembleNoise
from qbattery.errors import QBatteryTypeError
from qbattery.models.info import catalogued
from qbattery.models.ladders import annihilation, fock_state
from qbattery.models.light_matter.cavity import effective_coupling
from qbattery.models.light_matter.cutoffs import (
    counter_rotating_cutoff,
    photon_truncation,
    resolve_cutoff,
)
from qbattery.validation import finite_real, non_negative_int, non_negative_real, positive_real

__all__ = ["open_dicke", "spin_ensemble"]


def _noise(n: int, **rates: float) -> EnsembleNoise:
    return EnsembleNoise(n, **{name: non_negative_real(v, name) for name, v in rates.items()})


@catalogued(
    hamiltonian="H = w J_z + drive J_x + (U/N) J_z^2, local sigma_-, "
    "sigma_z/2, sigma_+ noise and collective J_- decay",
    battery_hamiltonian="H_B = w (J_z + N/2) (ergotropy on the full 2**N space)",
    initial_state="all cells in |g>",
    reference="Shammah et al., PRA 98, 063815 (2018) (piqs noise "
    "conventions); Chase & Geremia, PRA 78, 052101 (2008); "
    "review sec. 5",
)
def spin_ensemble(
    n_atoms: int,
    omega: float = 1.0,
    drive: float = 0.0,
    emission: float = 0.0,
    dephasing: float = 0.0,
    pumping: float = 0.0,
    collective_emission: float = 0.0,
    interaction: float = 0.0,
) -> Battery:
    """N identical two-level cells, driven collectively, each with its own Markovian noise.

    .. code-block:: text

        H   = omega J_z + drive J_x + (interaction / N) J_z^2
        H_B = omega (J_z + N/2)
        L   = sqrt(emission) sigma_-^i, sqrt(dephasing) sigma_z^i / 2, sqrt(pumping) sigma_+^i
              for every cell i, and sqrt(collective_emission) J_-

    with ``J_a = sum_i sigma_a^i / 2``: ``drive J_x = (drive / 2) sum_i sigma_x^i`` drives
    every cell at Rabi frequency ``drive`` (without noise and interaction each cell follows
    ``P_e(t) = (drive / W)^2 sin^2(W t / 2)``, ``W = sqrt(omega^2 + drive^2)``). The local noise
    is that of Shammah et al., PRA 98, 063815 (2018) (QuTiP's ``piqs``, same rate
    conventions); open quantum batteries under Markovian noise are the subject of review
    sec. 5. Solved in the permutation-invariant basis (module docstring); N = 100 takes
    seconds. Without ``interaction`` and ``collective_emission`` the cells never interact and
    stay a product state, and ``charge`` solves one cell exactly and scales it to N
    (:mod:`qbattery.dynamics.independent_cells`), at any N in well under a second.

    Parameters
    ----------
    n_atoms : int
        Number of cells N, 1 <= N <= 1000 (the generator has ~N**3/6 rows).
    omega : float
        Level splitting of each cell, > 0.
    drive : float
        Amplitude of the collective drive ``drive J_x`` (finite real).
    emission, dephasing, pumping : float
        Local rates (>= 0) of ``sigma_-``, ``sigma_z / 2`` and ``sigma_+`` on every cell.
    collective_emission : float
        Rate (>= 0) of superradiant decay ``J_-``.
    interaction : float
        ``U`` of the one-axis twisting term ``(U / N) J_z^2`` (finite real).

    Returns
    -------
    Battery
        On the reduced basis, ``dims = [D]``, with the noise as ``environment``.

    Examples
    --------
    >>> import numpy as np, qbattery as qb
    >>> battery = spin_ensemble(4, drive=0.5, emission=0.1)
    >>> battery.dimension, battery.environment.method
    (9, 'permutational')
    >>> result = qb.charge(battery, np.linspace(0, 2, 5))
    >>> result.method, result.energy.shape
    ('permutational', (5,))
    """
    blocks = permutational_blocks(n_atoms)
    n = blocks.n_atoms
    frequency = positive_real(omega, "omega")
    amplitude = finite_real(drive, "drive")
    twisting = finite_real(interaction, "interaction")
    noise = _noise(
        n,
        emission=emission,
        dephasing=dephasing,
        pumping=pumping,
        collective_emission=collective_emission,
    )
    j_z = blocks.collective("z")
    hamiltonian = (
        frequency * j_z + amplitude * blocks.collective("x") + (twisting / n) * (j_z @ j_z)
    )
    levels = frequency * (blocks.magnetic_numbers + n / 2)
    initial = np.zeros(blocks.dimension, dtype=np.complex128)
    initial[0] = 1.0
    return Battery(
        sp.csr_matrix(hamiltonian),
        sp.csr_matrix(sp.diags_array(levels.astype(np.complex128))),
        initial,
        environment=noise,
        battery_spectrum=symmetric_level_spectrum(n, frequency),
        name="spin_ensemble",
        parameters={
            "n_atoms": n,
            "omega": frequency,
            "drive": amplitude,
            "emission": noise.emission,
            "dephasing": noise.dephasing,
            "pumping": noise.pumping,
            "collective_emission": noise.collective_emission,
            "interaction": twisting,
        },
    )


@catalogued(
    hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + "
    "a^dag), local sigma_-, sigma_z/2, sigma_+ noise, J_- "
    "decay and cavity loss a",
    battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms (ergotropy on the full 2**N space)",
    initial_state="cavity Fock |photons> (default N), atoms in |g>",
    reference="Ferraro et al., PRL 120, 117702 (2018); Shammah et al., "
    "PRA 98, 063815 (2018); review eq. 32 and sec. 5",
)
def open_dicke(
    n_atoms: int,
    coupling: float,
    omega_c: float = 1.0,
    omega_a: float = 1.0,
    *,
    emission: float = 0.0,
    dephasing: float = 0.0,
    pumping: float = 0.0,
    collective_emission: float = 0.0,
    cavity_decay: float = 0.0,
    rotating_wave: bool = False,
    coupling_scaling: str = "fixed",
    photons: int | None = None,
    cutoff: int | None = None,
) -> Battery:
    """Dicke battery with local noise on the atoms and a leaky cavity.

    .. code-block:: text

        H   = omega_c a^dagger a + omega_a J_z + 2 omega_c lambda J_x (a + a^dagger)
              (rotating_wave: ... + omega_c lambda (J_+ a + J_- a^dagger) instead)
        H_B = omega_a (J_z + N/2)                         (on the atoms)
        L   = sqrt(emission) sigma_-^i, sqrt(dephasing) sigma_z^i / 2, sqrt(pumping) sigma_+^i,
              sqrt(collective_emission) J_-, sqrt(cavity_decay) a

    The closed model is :func:`qbattery.models.dicke` (Ferraro et al., PRL 120, 117702 (2018);
    docs/conventions.md); the noise follows Shammah et al., PRA 98, 063815 (2018). The cavity starts
    in the Fock state ``|photons>``, the atoms in ``|g>``; the atoms' state is kept in the
    permutation-invariant blocks (module docstring), each block tensored with the cavity.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N >= 1.
    coupling : float
        Dimensionless light-matter coupling ``lambda`` (or ``lambda sqrt(N)``, see
        ``coupling_scaling``).
    omega_c, omega_a : float
        Cavity frequency and atomic level splitting, > 0.
    emission, dephasing, pumping, collective_emission : float
        Atomic rates, >= 0 (as :func:`spin_ensemble`).
    cavity_decay : float
        Photon loss rate ``kappa`` >= 0.
    rotating_wave : bool
        Tavis-Cummings coupling instead of the Dicke one.
    coupling_scaling : {"fixed", "inverse_sqrt"}
        ``lambda = coupling`` or ``coupling / sqrt(N)``.
    photons : int, optional
        Photons in the charger's Fock state (default N).
    cutoff : int, optional
        Highest Fock state kept. Default: ``photons`` for the rotating-wave model without
        pumping (exact: excitations never grow), else the bound of :func:`qbattery.models.dicke`
        (``ceil(A**2 + 6 A) + 10``, ``A = sqrt(photons) + 2 |lambda| N``; with rotating-wave and
        pumping ``photons + N`` plus that margin), checked along the trajectory.

    Returns
    -------
    Battery
        ``dims = [cutoff + 1, D]``, ``battery = [1]``, noise as ``environment``.

    Examples
    --------
    >>> battery = open_dicke(2, 0.1, cavity_decay=0.05, emission=0.02)
    >>> battery.dims
    (26, 4)
    """
    blocks = permutational_blocks(n_atoms)
    n = blocks.n_atoms
    value = finite_real(coupling, "coupling")
    lam = effective_coupling(value, n, coupling_scaling)
    frequency_c = positive_real(omega_c, "omega_c")
    frequency_a = positive_real(omega_a, "omega_a")
    if not isinstance(rotating_wave, bool | np.bool_):
        raise QBatteryTypeError(
            f"rotating_wave: expected True or False, got {type(rotating_wave).__name__}"
        )
    noise = _noise(
        n,
        emission=emission,
        dephasing=dephasing,
        pumping=pumping,
        collective_emission=collective_emission,
        cavity_decay=cavity_decay,
    )
    charger_photons = n if photons is None else non_negative_int(photons, "photons")
    exact = rotating_wave and noise.pumping == 0

    def default_cutoff(k: int) -> int:
        """The default cut-off for k atoms (charger |k> unless ``photons`` is given)."""
        charger = k if photons is None else charger_photons
        if exact:
            return charger
        if rotating_wave:
            return counter_rotating_cutoff(charger + k, 0.0)
        return counter_rotating_cutoff(
            charger, abs(effective_coupling(value, k, coupling_scaling)) * k
        )

    n_max = resolve_cutoff(
        cutoff, charger_photons, default_cutoff(n), what=f"the Fock state |{charger_photons}>"
    )
    check_blocks_memory(
        n,
        lambda k: (default_cutoff(k) if cutoff is None else n_max) + 1,
        row_nonzeros(3 if rotating_wave else 5, noise.local_channels, noise.collective_channels),
        argument="n_atoms" if cutoff is None else "cutoff",
    )
    mode = sp.identity(n_max + 1, dtype=np.complex128, format="csr")
    atoms = sp.identity(blocks.dimension, dtype=np.complex128, format="csr")
    a = sp.kron(annihilation(n_max), atoms, format="csr")

    def spin(component: str) -> sp.csr_matrix:
        return sp.kron(mode, blocks.collective(component), format="csr")

    hamiltonian = frequency_c * (a.getH() @ a) + frequency_a * spin("z")
    if rotating_wave:
        hamiltonian = hamiltonian + frequency_c * lam * (spin("+") @ a + spin("-") @ a.getH())
    else:
        hamiltonian = hamiltonian + 2 * frequency_c * lam * (spin("x") @ (a + a.getH()))
    initial_atoms = np.zeros(blocks.dimension, dtype=np.complex128)
    initial_atoms[0] = 1.0
    dims = [n_max + 1, blocks.dimension]
    levels = frequency_a * (blocks.magnetic_numbers + n / 2)
    return Battery(
        sp.csr_matrix(hamiltonian),
        sp.csr_matrix(sp.diags_array(levels.astype(np.complex128))),
        np.kron(fock_state(charger_photons, n_max), initial_atoms),
        dims=dims,
        battery=[1],
        environment=noise,
        battery_spectrum=symmetric_level_spectrum(n, frequency_a),
        truncation=None if exact else photon_truncation("cutoff", dims, (0,)),
        name="open_dicke",
        parameters={
            "n_atoms": n,
            "coupling": value,
            "omega_c": frequency_c,
            "omega_a": frequency_a,
            "effective_coupling": lam,
            **noise.describe(),
            "rotating_wave": bool(rotating_wave),
            "coupling_scaling": coupling_scaling,
            "photons": charger_photons,
            "cutoff": n_max,
        },
    )
