"""Catalogue entries of the light-matter models: cavities (or oscillators) with atoms or spins."""

from __future__ import annotations

from qbattery.models.cavity_spins import cavity_heisenberg, three_level_dicke
from qbattery.models.cavity_variants import (
    anisotropic_dicke,
    dipole_dicke,
    intensity_dependent_tavis_cummings,
    interacting_dicke,
)
from qbattery.models.hybrid import dual_cavity, optomechanical
from qbattery.models.info import ModelInfo
from qbattery.models.light_matter import dicke, jaynes_cummings, rabi, tavis_cummings
from qbattery.models.multiphoton import (
    two_mode_jaynes_cummings,
    two_photon_dicke,
    two_photon_jaynes_cummings,
)
from qbattery.models.sectors import tavis_cummings_sector

__all__ = ["ENTRIES"]

#: Arguments every cavity + N two-level atoms model shares (described once).
_ATOMS = {
    "n_atoms": "number of two-level atoms N >= 1 (<= 10 with basis='full')",
    "coupling_scaling": "'fixed': lambda = coupling; 'inverse_sqrt': lambda = coupling / sqrt(N)",
    "basis": "'symmetric' (Dicke subspace, dimension N + 1) or 'full' (2**N product space)",
    "battery_state": "atoms' initial state: 'ground', 'dicke', 'ghz', 'coherent' or a vector",
    "excitations": "number of excitations of battery_state='dicke'",
    "polar_angle": "Bloch polar angle theta of battery_state='coherent' (0 = all in |g>)",
    "azimuthal_angle": "Bloch azimuthal angle phi of battery_state='coherent' (default 0)",
}

_CAVITY = {
    "omega_c": "cavity frequency, > 0",
    "cutoff": "highest photon Fock state kept; default chosen from the state and coupling",
    "charger": "cavity initial state: 'fock', 'coherent', 'squeezed' (vacuum) or 'thermal'",
}

_LIGHT_MATTER_COLLECTIVE = {
    **_ATOMS,
    **_CAVITY,
    "coupling": "dimensionless light-matter coupling lambda (see coupling_scaling)",
    "omega_a": "atomic level splitting, > 0",
    "photons": "the charger's mean photon number (default N)",
}

_LIGHT_MATTER_CELL = {
    **_CAVITY,
    "coupling": "dimensionless light-matter coupling lambda",
    "omega_a": "atomic level splitting, > 0",
    "charger": "cavity initial state of mean photon number 1: 'fock', 'coherent', 'squeezed' "
    "or 'thermal'",
}

_TWO_LEVEL = {**_ATOMS, **_CAVITY, "omega_a": "atomic level splitting, > 0"}

_DICKE_LIKE = {
    **_TWO_LEVEL,
    "coupling": "dimensionless light-matter coupling lambda (see coupling_scaling)",
    "photons": "the charger's mean photon number (default N)",
}

_ONE_ATOM = {
    "coupling": "dimensionless light-matter coupling lambda",
    "omega_c": "cavity frequency, > 0",
    "cutoff": "highest photon Fock state kept; default exact",
}

ENTRIES = (
    ModelInfo(
        name="dicke",
        constructor=dicke,
        summary="N atoms charged collectively by one cavity mode",
        hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + a^dag)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="cavity |N> (or coherent/squeezed/thermal, mean N), atoms in |g> (or "
        "Dicke/GHZ/spin-coherent)",
        reference="Ferraro et al., PRL 120, 117702 (2018); review eq. 32 "
        "(w_a = 2 w_0, g = w_c lambda)",
        descriptions=_LIGHT_MATTER_COLLECTIVE,
    ),
    ModelInfo(
        name="tavis_cummings",
        constructor=tavis_cummings,
        summary="the Dicke battery in the rotating-wave approximation",
        hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda (J_+ a + J_- a^dag)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="cavity |N> (or coherent/squeezed/thermal, mean N), atoms in |g> (or "
        "Dicke/GHZ/spin-coherent)",
        reference="review eq. 33 (w_a = 2 w_0, g = w_c lambda); "
        "Ferraro et al., PRL 120, 117702 (2018)",
        descriptions=_LIGHT_MATTER_COLLECTIVE,
    ),
    ModelInfo(
        name="tavis_cummings_sector",
        constructor=tavis_cummings_sector,
        summary="the Tavis-Cummings battery in its excitation sector: N + 1 states, N ~ 1e4",
        hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda (J_+ a + J_- a^dag) on |n-k>|k>",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms (diagonal battery state)",
        initial_state="cavity Fock |photons> (default N), atoms in |g>",
        reference="review eq. 33; Ferraro et al., PRL 120, 117702 (2018)",
        descriptions={
            "n_atoms": _ATOMS["n_atoms"].split(" (")[0],
            "coupling_scaling": _ATOMS["coupling_scaling"],
            "coupling": _LIGHT_MATTER_COLLECTIVE["coupling"],
            "omega_c": _CAVITY["omega_c"],
            "omega_a": _LIGHT_MATTER_COLLECTIVE["omega_a"],
            "photons": "photons in the charger's Fock state (default N)",
        },
    ),
    ModelInfo(
        name="rabi",
        constructor=rabi,
        summary="one atom and its own cavity mode: a cell of parallel charging",
        hamiltonian="H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda sigma_x (a + a^dag)",
        battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
        initial_state="cavity |1> (or coherent/squeezed/thermal, mean 1), atom in |g>",
        reference="Ferraro et al., PRL 120, 117702 (2018); Binder et al., NJP 17, 075015 "
        "(2015); review eq. 32 for N = 1",
        descriptions=_LIGHT_MATTER_CELL,
    ),
    ModelInfo(
        name="jaynes_cummings",
        constructor=jaynes_cummings,
        summary="the Rabi cell in the rotating-wave approximation",
        hamiltonian="H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda (sigma_+ a + sigma_- a^dag)",
        battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
        initial_state="cavity |1> (or coherent/squeezed/thermal, mean 1), atom in |g>",
        reference="review eq. 33 for N = 1",
        descriptions=_LIGHT_MATTER_CELL,
    ),
    ModelInfo(
        name="anisotropic_dicke",
        constructor=anisotropic_dicke,
        summary="Dicke battery with separately weighted counter-rotating terms",
        hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda [(J_+ a + J_- a^dag) "
        "+ gamma (J_+ a^dag + J_- a)]",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="as dicke",
        reference="Wang et al., PRA 110, 042419 (2024) (review ref. 12); gamma = 0 is "
        "tavis_cummings, gamma = 1 is dicke",
        descriptions={
            **_DICKE_LIKE,
            "anisotropy": "gamma, weight of the counter-rotating terms (0 = TC, 1 = Dicke)",
        },
    ),
    ModelInfo(
        name="interacting_dicke",
        constructor=interacting_dicke,
        summary="Dicke battery with a collective atom-atom interaction and classical drives",
        hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + a^dag) + (U/N) J_alpha^2 "
        "+ F_a sum_i sigma_x^i + F_c (a + a^dag)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="as dicke",
        reference="Dou et al., PRB 105, 115405 (2022) (review ref. 50)",
        descriptions={
            **_DICKE_LIKE,
            "interaction": "U, strength of the collective interaction (U/N) J_alpha^2",
            "interaction_axis": "alpha: 'z' (Lipkin-type J_z^2) or 'x' (J_x^2)",
            "atom_drive": "F_a, classical field on every atom (F_a sum_i sigma_x^i)",
            "cavity_drive": "F_c, classical field on the cavity (F_c (a + a^dag))",
        },
    ),
    ModelInfo(
        name="dipole_dicke",
        constructor=dipole_dicke,
        summary="extended Dicke battery with dipole-dipole exchange and a drive on the atoms",
        hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a + a^dag) + Omega sum_{i<j} "
        "(sigma_+^i sigma_-^j + h.c.) + F sum_i sigma_x^i",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="as dicke",
        reference="Zhang et al., PRE 107, 054125 (2023) (review ref. 116)",
        descriptions={
            **_DICKE_LIKE,
            "dipole_coupling": "Omega, flip-flop exchange between every pair of atoms",
            "drive": "F, classical field on every atom",
        },
    ),
    ModelInfo(
        name="intensity_dependent_tavis_cummings",
        constructor=intensity_dependent_tavis_cummings,
        summary="Tavis-Cummings battery with Buck-Sukumar coupling f(n) = sqrt(n)",
        hamiltonian="H = w_c a^dag a + w_a J_z + w_c lambda (J_+ a sqrt(a^dag a) "
        "+ sqrt(a^dag a) a^dag J_-)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="as dicke",
        reference="Buck & Sukumar, Phys. Lett. A 81, 132 (1981); Bhattacharyya et al., "
        "arXiv:2410.00618 (review ref. 119)",
        descriptions=_DICKE_LIKE,
    ),
    ModelInfo(
        name="two_photon_dicke",
        constructor=two_photon_dicke,
        summary="N atoms charged by photon pairs of one cavity mode",
        hamiltonian="H = w_c a^dag a + w_a J_z + 2 w_c lambda J_x (a^2 + a^dag^2) "
        "+ 2 w_c lambda_1 J_x (a + a^dag)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="cavity |2N> (or coherent/squeezed/thermal, mean 2N), atoms as dicke",
        reference="Crescente et al., PRB 102, 245407 (2020) (review ref. 24); needs "
        "|lambda| N < 1/2",
        descriptions={
            **_DICKE_LIKE,
            "coupling": "dimensionless two-photon coupling lambda (see coupling_scaling)",
            "omega_a": "atomic level splitting, > 0 (two-photon resonance at 2 w_c)",
            "photons": "the charger's mean photon number (default 2N)",
            "single_photon_coupling": "lambda_1 of an added single-photon Dicke coupling",
            "cutoff": "highest photon Fock state kept; default from the squeezing bound",
        },
    ),
    ModelInfo(
        name="two_photon_jaynes_cummings",
        constructor=two_photon_jaynes_cummings,
        summary="one atom charged by photon pairs, rotating-wave",
        hamiltonian="H = w_c a^dag a + (w_a/2) sigma_z + w_c lambda (sigma_+ a^2 "
        "+ sigma_- a^dag^2)",
        battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
        initial_state="cavity |2> (or coherent/squeezed/thermal, mean 2), atom in |g>",
        reference="Delmonte et al., Entropy 23, 612 (2021) (review ref. 25)",
        descriptions={
            **_ONE_ATOM,
            "omega_a": "atomic level splitting, > 0 (resonance at 2 w_c)",
            "charger": "cavity initial state of mean photon number 2",
        },
    ),
    ModelInfo(
        name="two_mode_jaynes_cummings",
        constructor=two_mode_jaynes_cummings,
        summary="one atom excited by one photon from each of two modes",
        hamiltonian="H = w_c a^dag a + w_b b^dag b + (w_a/2) sigma_z + w_c lambda "
        "(sigma_+ a b + sigma_- a^dag b^dag)",
        battery_hamiltonian="H_B = w_a sigma_+ sigma_-",
        initial_state="modes |1>|1> (or coherent/squeezed/thermal), atom in |g>",
        reference="Wang et al., PRA 108, 062402 (2023) (review ref. 26)",
        descriptions={
            **_ONE_ATOM,
            "omega_c": "frequency of mode a, > 0",
            "omega_b": "frequency of mode b, > 0",
            "omega_a": "atomic level splitting, > 0 (resonance at w_c + w_b)",
            "photons": "mean photon number of each mode's charger state",
            "cutoff": "highest Fock state kept in each mode; default exact",
            "charger": "initial state of each mode",
        },
    ),
    ModelInfo(
        name="dual_cavity",
        constructor=dual_cavity,
        summary="a charger cavity feeds, by photon hopping, the cavity of the atoms",
        hamiltonian="H = w_c (a^dag a + b^dag b) + w_c kappa (a^dag b + b^dag a) + w_a J_z "
        "+ w_c lambda (J_+ b + J_- b^dag)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="cavity a |N> (or coherent/squeezed/thermal), cavity b |0>, atoms as dicke",
        reference="Zhang et al., PRA 112, 022615 (2025) (review ref. 118)",
        descriptions={
            **_DICKE_LIKE,
            "omega_c": "frequency of both cavities, > 0",
            "hopping": "kappa, photon hopping between the cavities (units of w_c)",
            "rotating_wave": "Tavis-Cummings (True) or Dicke (False) atom-cavity coupling",
            "cutoff": "highest Fock state kept in each cavity; default from state and coupling",
        },
    ),
    ModelInfo(
        name="optomechanical",
        constructor=optomechanical,
        summary="a mechanical oscillator charges atoms through a cavity",
        hamiltonian="H = w_m b^dag b + w_c a^dag a + w_a J_z - w_m g a^dag a (b + b^dag) "
        "+ 2 w_c lambda J_x (a + a^dag)",
        battery_hamiltonian="H_B = w_a (J_z + N/2) on the atoms",
        initial_state="mechanical |1> (or coherent/squeezed/thermal), cavity |0>, atoms as dicke",
        reference="Wang et al., PRA 110, 062204 (2024) (review ref. 45); Shokri et al., "
        "PRE 111, 064117 (2025) (review ref. 46)",
        descriptions={
            **{key: value for key, value in _DICKE_LIKE.items() if key != "photons"},
            "optomechanical_coupling": "g, radiation-pressure coupling (units of w_m)",
            "omega_m": "mechanical frequency, > 0",
            "phonons": "the mechanical charger's mean phonon number",
            "mechanical_cutoff": "highest phonon Fock state kept; default from the coupling",
            "charger": "the mechanical mode's initial state: 'fock', 'coherent', 'squeezed' "
            "or 'thermal'",
        },
    ),
    ModelInfo(
        name="cavity_heisenberg",
        constructor=cavity_heisenberg,
        summary="an XXZ spin chain charged by one cavity mode",
        hamiltonian="H = w_c a^dag a + H_B + w_c lambda sum_i sigma_x^i (a + a^dag)",
        battery_hamiltonian="H_B = (w_a/2) sum_i sigma_z^i + J sum_{i<j} w_ij (sigma_x^i "
        "sigma_x^j + sigma_y^i sigma_y^j + delta sigma_z^i sigma_z^j)",
        initial_state="cavity |N> (or coherent/squeezed/thermal), chain in the ground state of H_B",
        reference="Dou, Zhou & Sun, PRA 106, 032212 (2022) (review ref. 114)",
        descriptions={
            **{key: _CAVITY[key] for key in ("omega_c", "cutoff", "charger")},
            "n_spins": "number of spins N, 1..10 (full 2**N space)",
            "coupling": "dimensionless cavity-spin coupling lambda (see coupling_scaling)",
            "J": "exchange coupling",
            "delta": "anisotropy of the sigma_z sigma_z exchange",
            "omega_a": "Zeeman splitting of each spin, > 0",
            "range_exponent": "alpha of the long-range exchange d^-alpha; None: nearest neighbours",
            "boundary": "'open' or 'periodic'",
            "photons": "the charger's mean photon number (default N)",
            "coupling_scaling": _ATOMS["coupling_scaling"],
        },
    ),
    ModelInfo(
        name="three_level_dicke",
        constructor=three_level_dicke,
        summary="N three-level atoms (lambda, ladder or vee) charged by one cavity mode",
        hamiltonian="H = w_c a^dag a + sum_i (w_1 |1><1| + w_2 |2><2|)_i + w_c lambda sum_i "
        "(|u><l|_i a + h.c.) + w_c lambda_2 sum_i (|u'><l'|_i a + h.c.)",
        battery_hamiltonian="H_B = sum_i (w_1 |1><1|_i + w_2 |2><2|_i)",
        initial_state="cavity |N> (|2N> for the ladder; or coherent/squeezed/thermal), atoms "
        "in level 0",
        reference="Yang, Yang & Dou, PRB 109, 235432 (2024) (review ref. 38)",
        descriptions={
            **{key: _CAVITY[key] for key in ("omega_c", "charger")},
            "n_atoms": "number of three-level atoms N, 1..6 (full 3**N space)",
            "coupling": "dimensionless coupling lambda of the first transition",
            "omega_1": "energy of level 1, 0 < w_1 < w_2",
            "omega_2": "energy of level 2",
            "configuration": "'lambda' (0-2, 1-2), 'ladder' (0-1, 1-2) or 'vee' (0-1, 0-2)",
            "second_coupling": "lambda_2 of the second transition (default: coupling)",
            "cutoff": "highest photon Fock state kept; default exact",
            "photons": "the charger's mean photon number (default N; 2N for the ladder)",
            "coupling_scaling": _ATOMS["coupling_scaling"],
        },
    ),
)
