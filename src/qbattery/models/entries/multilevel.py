"""Catalogue entries of the oscillator, three-level and Rydberg-array batteries."""

from __future__ import annotations

from qbattery.models.info import ModelInfo
from qbattery.models.multilevel import closed_loop_battery, qutrit_battery, stirap_battery
from qbattery.models.oscillator import driven_oscillator, oscillator_charger
from qbattery.models.rydberg import rydberg_array

__all__ = ["ENTRIES"]

_THREE_LEVELS = {
    "omega_1": "energy of level 1, 0 < w_1 < w_2",
    "omega_2": "energy of level 2",
}

ENTRIES = (
    ModelInfo(
        name="driven_oscillator",
        constructor=driven_oscillator,
        summary="a harmonic-oscillator battery charged directly by a classical field",
        hamiltonian="H = w b^dag b + 2 F cos(w_d t) (b + b^dag)  [rotating wave: "
        "F (e^{-i w_d t} b^dag + h.c.)]",
        battery_hamiltonian="H_B = w b^dag b",
        initial_state="vacuum |0> (stays coherent, W = w |beta(t)|^2)",
        reference="Gangwar & Pathak, Adv. Quantum Technol. 7, 2400069 (2024) (review ref. 31); "
        "review eq. 29",
        descriptions={
            "drive": "F, amplitude of the classical field",
            "omega": "oscillator frequency, > 0",
            "drive_frequency": "w_d >= 0 of the field (default: omega, resonance)",
            "rotating_wave": "keep only the co-rotating part F (e^{-i w_d t} b^dag + h.c.)",
            "duration": "longest charging time the default cutoff must serve",
            "cutoff": "highest Fock state kept; default from the coherent amplitude over duration",
        },
    ),
    ModelInfo(
        name="oscillator_charger",
        constructor=oscillator_charger,
        summary="an oscillator battery charged by an oscillator or two-level charger",
        hamiltonian="H = w_c a^dag a + w_b b^dag b + g (a b^dag + a^dag b) "
        "+ F (e^{-i w_c t} a^dag + h.c.)",
        battery_hamiltonian="H_B = w_b b^dag b",
        initial_state="charger Fock |n> or coherent (two-level: |e> or |g>), battery vacuum",
        reference="Andolina et al., PRB 98, 205423 (2018) (review ref. 20); review eqs. 30-31",
        descriptions={
            "coupling": "g, charger-battery coupling (|g| < sqrt(w_c w_b)/2 without rotating wave)",
            "omega_c": "charger frequency, > 0",
            "omega_b": "battery frequency, > 0",
            "drive": "F, classical field pumping the charger at w_c (0 = none)",
            "quanta": "the charger's initial mean quanta (Fock number; 0 or 1 for two_level)",
            "charger": "charger initial state: 'fock' or 'coherent'",
            "charger_type": "'oscillator' (a) or 'two_level' (a -> sigma_-)",
            "rotating_wave": "g (a b^dag + h.c.) (True) or g (a + a^dag)(b + b^dag) (False)",
            "duration": "longest charging time a driven or counter-rotating default cutoff serves",
            "cutoff": "highest Fock state kept in each mode; default exact or from the amplitude",
        },
    ),
    ModelInfo(
        name="stirap_battery",
        constructor=stirap_battery,
        summary="a three-level ladder charged by STIRAP, optionally with its counter-diabatic "
        "shortcut",
        hamiltonian="H = D |1><1| + (W_P(t)/2) X_01 + (W_S(t)/2) X_12 [+ theta'(t) Y_02], "
        "Gaussian pulses, Stokes first",
        battery_hamiltonian="H_B = w_1 |1><1| + w_2 |2><2|",
        initial_state="|0> (or a given, e.g. self-discharged, state; postselect keeps |0>)",
        reference="Santos et al., PRE 100, 032107 (2019) (review ref. 70); Dou, Wang & Sun, "
        "Front. Phys. 17, 31503 (2022) (ref. 40); Qi & Jing, Phys. Lett. A 530, 130124 (2025) "
        "(ref. 130)",
        descriptions={
            **_THREE_LEVELS,
            "rabi_frequency": "W_0 > 0, peak Rabi frequency of the pump and Stokes pulses",
            "duration": "protocol time T > 0 (pulses centred on T/2)",
            "counterdiabatic": "add the shortcut field theta'(t) Y_02 on the 0-2 transition",
            "width": "Gaussian width sigma of both pulses (default T/8)",
            "delay": "tau, how long the Stokes pulse precedes the pump (default T/4)",
            "detuning": "D, one-photon detuning of level 1",
            "battery_state": "initial state: 'ground', a ket (3,) or a density matrix (3, 3)",
            "postselect": "first measure H_B and keep the outcome |0> (recharging)",
        },
    ),
    ModelInfo(
        name="closed_loop_battery",
        constructor=closed_loop_battery,
        summary="a three-level battery driven around a closed loop by three fields",
        hamiltonian="H = (W_01/2) X_01 + (W_12/2) X_12 + (W_02/2)(e^{i phi} |0><2| + h.c.)",
        battery_hamiltonian="H_B = w_1 |1><1| + w_2 |2><2|",
        initial_state="|0>",
        reference="Dou, Wang & Sun, EPL 131, 43001 (2020) (review ref. 39)",
        descriptions={
            **_THREE_LEVELS,
            "coupling": "W_01, Rabi frequency on the 0-1 transition",
            "second_coupling": "W_12 on the 1-2 transition (default: coupling)",
            "loop_coupling": "W_02 closing the loop (default: coupling; 0 opens it)",
            "loop_phase": "phi, the phase around the loop",
        },
    ),
    ModelInfo(
        name="qutrit_battery",
        constructor=qutrit_battery,
        summary="a superconducting transmon qutrit charged by sequential or simultaneous pulses",
        hamiltonian="H = (W_01(t)/2) X_01 + (W_12(t)/2) X_12, square resonant pulses",
        battery_hamiltonian="H_B = w_q |1><1| + (2 w_q + alpha) |2><2|",
        initial_state="|0>",
        reference="Hu et al., Quantum Sci. Technol. 7, 045018 (2022) (review ref. 34); Gemme et "
        "al., PRR 6, 023091 (2024) (review ref. 41)",
        descriptions={
            "rabi_frequency": "W_a > 0 on the 0-1 transition",
            "omega_q": "qubit (0-1) frequency, > 0",
            "anharmonicity": "alpha: the 1-2 splitting is w_q + alpha, alpha > -w_q",
            "protocol": "'sequential' (two pi pulses) or 'simultaneous' (both tones at once)",
            "second_rabi_frequency": "W_b > 0 on the 1-2 transition (default: rabi_frequency)",
        },
    ),
    ModelInfo(
        name="rydberg_array",
        constructor=rydberg_array,
        summary="a laser-driven 1D Rydberg-atom array with van der Waals blockade",
        hamiltonian="H = (W/2) sum_i sigma_x^i - D sum_i n_i + sum_{i<j} V/d_ij^6 n_i n_j",
        battery_hamiltonian="H_B = w sum_i n_i + sum_{i<j} V/d_ij^6 n_i n_j",
        initial_state="every atom in |g>",
        reference="Yao & Shao, PRE 104, 044116 (2021) (review ref. 132); Saffman, Walker & "
        "Molmer, RMP 82, 2313 (2010) (review ref. 131)",
        descriptions={
            "n_atoms": "number of atoms N, 1..22 (full 2**N space)",
            "rabi_frequency": "W > 0, Rabi frequency of the laser",
            "interaction": "V = C_6/a^6, van der Waals shift of two neighbours (> 0 repulsive)",
            "detuning": "D, laser minus transition frequency",
            "omega": "ground-Rydberg transition frequency in H_B, > 0",
            "boundary": "'open' (chain) or 'periodic' (ring)",
            "interaction_range": "keep pairs with d_ij <= this (>= 1); None: all pairs",
        },
    ),
)
