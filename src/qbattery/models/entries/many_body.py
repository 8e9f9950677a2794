"""Catalogue entries of the many-body batteries: spin chains and SYK."""

from __future__ import annotations

from qbattery.models.info import ModelInfo
from qbattery.models.spin_baths import central_spin, two_bath_chain
from qbattery.models.spin_chains import (
    dimerised_xy_chain,
    ising_chain,
    long_range_chain,
    xxx_chain,
    xyz_chain,
)
from qbattery.models.spin_disorder import disordered_ising_chain
from qbattery.models.spins import xxz_chain
from qbattery.models.syk import syk

__all__ = ["ENTRIES"]

#: Options every direct-charged spin chain shares (described once).
_SPIN_CHAIN = {
    "n_spins": "number of spins N (dimension 2**N)",
    "omega": "Zeeman level splitting of each spin, >= 0",
    "field": "charging field h along x",
    "boundary": "'open' or 'periodic'",
    "charging": "sites the charging field acts on: 'uniform' (all) or a list of site indices",
}

_SPIN_MODELS = (
    ModelInfo(
        name="xxz_chain",
        constructor=xxz_chain,
        summary="XXZ Heisenberg spin chain charged directly by a transverse field",
        hamiltonian="H = H_B + h sum_i sigma_x^i",
        battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i (sigma_x^i sigma_x^{i+1} "
        "+ sigma_y^i sigma_y^{i+1} + delta sigma_z^i sigma_z^{i+1})",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Le et al., PRA 97, 022106 (2018)",
        descriptions={
            "n_spins": "number of spins N (dimension 2**N)",
            "J": "exchange coupling",
            "delta": "anisotropy of the sigma_z sigma_z exchange",
            "omega": "Zeeman level splitting of each spin, >= 0",
            "field": "transverse charging field h",
            "boundary": "'open' or 'periodic'",
        },
    ),
    ModelInfo(
        name="ising_chain",
        constructor=ising_chain,
        summary="transverse-field Ising chain charged by a (local) x field",
        hamiltonian="H = H_B + h sum_{i in S} sigma_x^i",
        battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i sigma_x^i sigma_x^{i+1}",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Catalano et al., PRX Quantum 5, 030319 (2024) (review ref. 125)",
        descriptions={**_SPIN_CHAIN, "J": "Ising coupling along x"},
    ),
    ModelInfo(
        name="xyz_chain",
        constructor=xyz_chain,
        summary="XYZ Heisenberg chain, optional Dzyaloshinskii-Moriya term, charged by an x field",
        hamiltonian="H = H_B + h sum_{i in S} sigma_x^i",
        battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + sum_i [Jx sigma_x^i sigma_x^{i+1} "
        "+ Jy sigma_y^i sigma_y^{i+1} + Jz sigma_z^i sigma_z^{i+1} "
        "+ D (sigma_x^i sigma_y^{i+1} - sigma_y^i sigma_x^{i+1})]",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Ghosh, Chanda & Sen(De), PRA 101, 032115 (2020); DM: Zhang, Song & Wang, "
        "Adv. Quantum Technol. 7, 2400114 (2024) and Rahman & Muruges, Phys. Scr. 100, 015106 "
        "(2024) (review refs. 127, 128)",
        descriptions={
            **_SPIN_CHAIN,
            "Jx": "exchange coupling along x",
            "Jy": "exchange coupling along y",
            "Jz": "exchange coupling along z",
            "dm": "Dzyaloshinskii-Moriya coupling D along z",
        },
    ),
    ModelInfo(
        name="xxx_chain",
        constructor=xxx_chain,
        summary="isotropic Heisenberg chain charged by a (local) x field",
        hamiltonian="H = H_B + h sum_{i in S} sigma_x^i",
        battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i sigma^i . sigma^{i+1}",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Le et al., PRA 97, 022106 (2018) (review ref. 15), delta = 1",
        descriptions={**_SPIN_CHAIN, "J": "exchange coupling"},
    ),
    ModelInfo(
        name="dimerised_xy_chain",
        constructor=dimerised_xy_chain,
        summary="XY chain with alternating bonds J (1 +- delta_d), charged by a field or a "
        "quench of the dimerisation",
        hamiltonian="H = H_B(delta_d -> charging_dimerisation) + h sum_{i in S} sigma_x^i",
        battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + sum_b J (1 + (-1)^b delta_d) "
        "[(1 + gamma) sigma_x^b sigma_x^{b+1} + (1 - gamma) sigma_y^b sigma_y^{b+1}]",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Grazi et al., PRL 133, 197001 (2024) and Symmetry 17, 220 (2025) (review "
        "refs. 13, 129)",
        descriptions={
            **_SPIN_CHAIN,
            "n_spins": "number of spins N (dimension 2**N; even for a ring)",
            "J": "mean exchange coupling",
            "dimerisation": "bond alternation delta_d",
            "anisotropy": "XY anisotropy gamma (0 = XX chain)",
            "charging_dimerisation": "dimerisation during charging (quench); None keeps it",
        },
    ),
    ModelInfo(
        name="long_range_chain",
        constructor=long_range_chain,
        summary="XYZ chain with power-law couplings d^-alpha between all pairs (alpha = 0: "
        "all-to-all)",
        hamiltonian="H = H_B + h sum_{i in S} sigma_x^i",
        battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + sum_{i<k} (K d_ik^alpha)^-1 "
        "[Jx sigma_x^i sigma_x^k + Jy sigma_y^i sigma_y^k + Jz sigma_z^i sigma_z^k]",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Rahman & Muruges, Phys. Scr. 100, 015106 (2024) (review ref. 128); "
        "Dou, Zhou & Sun, PRA 106, 032212 (2022) (review ref. 114)",
        descriptions={
            **_SPIN_CHAIN,
            "Jx": "exchange coupling along x at distance 1",
            "Jy": "exchange coupling along y at distance 1",
            "Jz": "exchange coupling along z at distance 1",
            "range_exponent": "power-law exponent alpha >= 0",
            "kac": "divide by the Kac factor K = (1/N) sum_{i != k} d_ik^-alpha",
        },
    ),
    ModelInfo(
        name="disordered_ising_chain",
        constructor=disordered_ising_chain,
        summary="Ising chain in random fields: Anderson-localised (J2 = 0), many-body-localised "
        "or ergodic",
        hamiltonian="H = sum_i (w/2 + h_i) sigma_z^i + J sum_i sigma_x^i sigma_x^{i+1} "
        "+ J2 sum_i sigma_x^i sigma_x^{i+2} + h sum_{i in S} sigma_x^i",
        battery_hamiltonian="H_B = the chain without the charging field ('chain') or "
        "(w/2) sum_i sigma_z^i ('zeeman')",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Arjmandi et al., PRE 108, 064106 (2023) (review ref. 126); Rossini, "
        "Andolina & Polini, PRB 100, 115142 (2019) (review ref. 14); h_i uniform in [-W, W]",
        descriptions={
            **_SPIN_CHAIN,
            "J": "nearest-neighbour Ising coupling",
            "disorder": "disorder strength W >= 0 (h_i uniform in [-W, W])",
            "next_nearest": "next-nearest-neighbour Ising coupling J2 (0: Anderson localised)",
            "seed": "int seed or numpy.random.Generator of the random fields (required, recorded)",
            "battery_hamiltonian": "'chain' (H_B = the disordered chain) or 'zeeman' "
            "(H_B = (w/2) sum sigma_z, the chain charges)",
        },
    ),
    ModelInfo(
        name="central_spin",
        constructor=central_spin,
        summary="N battery spins charged by one central spin through XX or Heisenberg coupling",
        hamiltonian="H = (w_c/2) sigma_z^0 + (w_a/2) sum_i sigma_z^i + g sum_i (sigma_x^0 "
        "sigma_x^i + sigma_y^0 sigma_y^i + delta sigma_z^0 sigma_z^i)",
        battery_hamiltonian="H_B = (w_a/2) sum_{i=1}^N sigma_z^i on the battery spins",
        initial_state="central spin excited, battery spins all in |g>",
        reference="Liu et al., PRB 104, 245418 (2021) (review ref. 27); Shi et al., PRL 129, "
        "130602 (2022) (review ref. 57)",
        descriptions={
            "n_spins": "number of battery spins N (dimension 2**(N + 1))",
            "coupling": "central-battery coupling g",
            "omega_c": "level splitting of the central spin (the charger), >= 0",
            "omega_a": "level splitting of each battery spin, > 0",
            "delta": "sigma_z sigma_z anisotropy of the coupling (0 = XX, 1 = Heisenberg)",
        },
    ),
    ModelInfo(
        name="two_bath_chain",
        constructor=two_bath_chain,
        summary="XXZ chain whose end spins are coupled to two thermal baths (Lindblad)",
        hamiltonian="H = H_B + h sum_{i in S} sigma_x^i; L = sqrt(gamma (n_X + 1)) sigma_-, "
        "sqrt(gamma n_X) sigma_+ on the end spins",
        battery_hamiltonian="H_B = (w/2) sum_i sigma_z^i + J sum_i (sigma_x^i sigma_x^{i+1} "
        "+ sigma_y^i sigma_y^{i+1} + delta sigma_z^i sigma_z^{i+1})",
        initial_state="ground state of H_B (must be non-degenerate)",
        reference="Mojaveri, Jafarzadeh Bahrbeig & Fasihi, PRA 109, 042619 (2024) (review "
        "ref. 86); n_X = 1 / (exp(w / T_X) - 1)",
        descriptions={
            **_SPIN_CHAIN,
            "omega": "Zeeman level splitting of each spin, > 0 (the baths' resonance)",
            "field": "charging field h along x (default 0: the baths charge)",
            "J": "exchange coupling",
            "delta": "anisotropy of the sigma_z sigma_z exchange",
            "temperature_left": "temperature T_L >= 0 of the bath on site 0",
            "temperature_right": "temperature T_R >= 0 of the bath on site N - 1",
            "damping": "bath coupling rate gamma >= 0",
        },
    ),
)

ENTRIES = (
    *_SPIN_MODELS,
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
