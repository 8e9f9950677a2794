"""Catalogue entries of the many-body batteries: SYK (spin chains join here)."""

from __future__ import annotations

from qbattery.models.info import ModelInfo
from qbattery.models.syk import syk

__all__ = ["ENTRIES"]

ENTRIES = (
    ModelInfo(
        name="syk",
        constructor=syk,
        summary="N spins charged by a complex-fermion SYK quench (one disorder realisation)",
        hamiltonian="H = (2N)^(-3/2) sum_{ijkl} J_{ij;kl} c_i^dag c_j^dag c_k c_l while charging "
        "(H_B off), c_i Jordan-Wigner fermions, E|J_{ij;kl}|^2 = J^2",
        battery_hamiltonian="H_B = h sum_i sigma_y^i",
        initial_state="ground state of H_B: every spin (|g> + i|e>)/sqrt(2)",
        reference="Rossini et al., PRL 125, 236402 (2020) (review ref. 19); review eq. 29",
        descriptions={
            "n_sites": "number of sites (spins, fermion modes) N, 2..14 (dimension 2**N)",
            "coupling": "SYK coupling J > 0, E|J_{ij;kl}|^2 = J^2",
            "field": "battery field h > 0",
            "seed": "integer or numpy Generator fixing the couplings' realisation (recorded)",
        },
    ),
)
