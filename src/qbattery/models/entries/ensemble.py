"""Catalogue entries of the ensembles with local noise (permutation-invariant basis)."""

from __future__ import annotations

from qbattery.models.ensemble import open_dicke, spin_ensemble
from qbattery.models.info import ModelInfo

__all__ = ["ENTRIES"]

#: Local noise rates every ensemble model shares (described once).
_NOISE = {
    "emission": "local emission rate: sqrt(emission) sigma_- on every cell, >= 0",
    "dephasing": "local dephasing rate: sqrt(dephasing) sigma_z / 2 on every cell, >= 0",
    "pumping": "local pumping rate: sqrt(pumping) sigma_+ on every cell, >= 0",
    "collective_emission": "superradiant decay rate: sqrt(collective_emission) J_-, >= 0",
}

ENTRIES = (
    ModelInfo(
        name="spin_ensemble",
        constructor=spin_ensemble,
        summary="N driven two-level cells with local noise, in the permutation-invariant basis",
        hamiltonian="H = w J_z + drive J_x + (U/N) J_z^2, local sigma_-, sigma_z/2, sigma_+ "
        "noise and collective J_- decay",
        battery_hamiltonian="H_B = w (J_z + N/2) (ergotropy on the full 2**N space)",
        initial_state="all cells in |g>",
        reference="Shammah et al., PRA 98, 063815 (2018) (piqs noise conventions); "
        "Chase & Geremia, PRA 78, 052101 (2008); review sec. 5",
        descriptions={
            "n_atoms": "number of cells N, 1..1000 (about N**3/6 block-state entries)",
            "omega": "level splitting of each cell, > 0",
            "drive": "amplitude of the collective drive drive J_x (Rabi frequency per cell)",
            **_NOISE,
            "interaction": "U of the one-axis twisting term (U/N) J_z^2",
        },
    ),
    ModelInfo(
        name="open_dicke",
        constructor=open_dicke,
        summary="Dicke battery with local atomic noise and a leaky cavity, in the "
        "permutation-invariant basis",
        hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + a^dag), local sigma_-, "
        "sigma_z/2, sigma_+ noise, J_- decay and cavity loss a",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms (ergotropy on the full 2**N space)",
        initial_state="cavity Fock |photons> (default N), atoms in |g>",
        reference="Ferraro et al., PRL 120, 117702 (2018); Shammah et al., PRA 98, 063815 "
        "(2018); review eq. 32 and sec. 5",
        descriptions={
            "n_atoms": "number of two-level atoms N >= 1",
            "coupling": "dimensionless light-matter coupling lambda (see coupling_scaling)",
            "omega_c": "cavity frequency, > 0",
            "omega_a": "atomic level splitting, > 0",
            **_NOISE,
            "cavity_decay": "photon loss rate kappa: sqrt(cavity_decay) a, >= 0",
            "rotating_wave": "Tavis-Cummings coupling w_c lambda (J_+ a + J_- a^dag) instead",
            "coupling_scaling": "'fixed': lambda = coupling; 'inverse_sqrt': lambda = "
            "coupling / sqrt(N)",
            "photons": "photons in the charger's Fock state (default N)",
            "cutoff": "highest photon Fock state kept; default exact (rotating-wave, no "
            "pumping) or from the coupling bound",
        },
    ),
)
