"""The numbers of the platform presets: every quantity with its unit and published source.

One mapping per platform of :mod:`qbattery.models.presets`, quantity name to
:class:`~qbattery.models.platform.Quantity`. A source says *representative* when the value is
typical of a published range rather than one device's measurement.
"""

from __future__ import annotations

from qbattery.models.platform import Quantity

__all__ = [
    "NMR_STAR",
    "NV_CENTRE",
    "ORGANIC_MICROCAVITY",
    "QUANTUM_DOT",
    "RYDBERG_ARRAY",
    "TRANSMON",
    "TRAPPED_ION",
]

_REVIEW = "the review, Acta Phys. Sin. 75, 040607 (2026)"
_KRANTZ = "Krantz et al., Appl. Phys. Rev. 6, 021318 (2019), doi:10.1063/1.5089550"
_KOCH = "Koch et al., Phys. Rev. A 76, 042319 (2007), doi:10.1103/PhysRevA.76.042319"
_DOHERTY = "Doherty et al., Phys. Rep. 528, 1 (2013), doi:10.1016/j.physrep.2013.02.001"
_MONROE = "Monroe et al., Rev. Mod. Phys. 93, 025001 (2021), doi:10.1103/RevModPhys.93.025001"
_BERNIEN = "Bernien et al., Nature 551, 579 (2017), doi:10.1038/nature24622, arXiv:1707.04344"
_QUACH = "Quach et al., Sci. Adv. 8, eabk3160 (2022), doi:10.1126/sciadv.abk3160, arXiv:2012.06026"
_WENNIGER = (
    "Maillette de Buy Wenniger et al., Phys. Rev. Lett. 131, 260401 (2023), arXiv:2202.01109"
)
_JOSHI = "Joshi & Mahesh, Phys. Rev. A 106, 042601 (2022), doi:10.1103/PhysRevA.106.042601"
_STAR = (
    "Mahesh et al., 'Star-topology registers: NMR and quantum information perspectives', "
    "arXiv:2102.05203 (2021)"
)


def _q(value: float, unit: str, source: str) -> Quantity:
    return Quantity(value, unit, source)


TRANSMON = {
    "qubit_frequency": _q(5.0, "GHz", f"representative of 4-6 GHz transmons; {_KRANTZ}; {_KOCH}"),
    "anharmonicity": _q(
        -300.0, "MHz", f"alpha = -E_C, representative of -0.2 to -0.35 GHz; {_KOCH}; {_KRANTZ}"
    ),
    "rabi_frequency": _q(
        30.0,
        "MHz",
        "chosen so that simultaneous pulses charge in sqrt(2) pi/Omega = 23.6 ns, the 20-25 ns "
        f"{_REVIEW} (sec. 3.4) reports for Gemme et al. on IBM transmons (review ref. 41)",
    ),
    "t1": _q(
        50.0, "us", f"representative energy relaxation time (tens to hundreds of us); {_KRANTZ}"
    ),
    "t2": _q(30.0, "us", f"representative Ramsey coherence time (T2 <= 2 T1); {_KRANTZ}"),
}

NV_CENTRE = {
    "zero_field_splitting": _q(
        2.87, "GHz", f"ground-state spin triplet splitting D at room temperature; {_DOHERTY}"
    ),
    "zeeman_splitting": _q(
        280.0,
        "MHz",
        f"gamma_e B with gamma_e / 2 pi = 28.0 GHz/T ({_DOHERTY}) at a representative bias field B"
        " = 10 mT",
    ),
    "rabi_frequency": _q(
        10.0, "MHz", f"representative microwave Rabi frequency (1-100 MHz are routine); {_DOHERTY}"
    ),
    "t1": _q(
        6.0,
        "ms",
        "spin-lattice relaxation at room temperature, Jarmola et al., Phys. Rev. Lett. 108, "
        "197601 (2012), doi:10.1103/PhysRevLett.108.197601 (representative, ms range)",
    ),
    "t2_star": _q(
        1.0,
        "us",
        "free-induction dephasing time in diamond of natural 13C abundance, representative (~1 "
        f"us); {_DOHERTY}",
    ),
    "temperature": _q(
        300.0,
        "K",
        f"room temperature, where the NV spin stays coherent ({_DOHERTY}); {_REVIEW}, sec. 7, "
        "lists NV centres among the cryogenic platforms: lower it for those experiments",
    ),
}

TRAPPED_ION = {
    "ising_coupling": _q(
        1.0,
        "kHz",
        f"nearest-neighbour Ising coupling J0 / 2 pi, representative of 0.1-1 kHz; {_MONROE}",
    ),
    "range_exponent": _q(
        1.0,
        "1",
        "power-law exponent alpha of J_ij = J0 / |i - j|^alpha, tunable in 0 < alpha < 3, "
        f"representative; {_MONROE}",
    ),
    "transverse_field": _q(
        5.0,
        "kHz",
        "effective field B / 2 pi of H_B = B sum sigma_z + ..., representative (B > J0); "
        f"{_MONROE}; Zhang et al., Nature 551, 601 (2017), arXiv:1708.01044",
    ),
    "charging_field": _q(
        1.0,
        "kHz",
        f"carrier drive h / 2 pi charging the chain, representative (of order J0); {_MONROE}",
    ),
    "t2": _q(
        2.5,
        "s",
        "171Yb+ hyperfine (clock) qubit coherence time of order seconds, Olmschenk et al., Phys. "
        "Rev. A 76, 052314 (2007), doi:10.1103/PhysRevA.76.052314 (representative); T1 of the "
        "hyperfine qubit is effectively infinite",
    ),
}

QUANTUM_DOT = {
    "transition_energy": _q(
        1.34,
        "eV",
        "InGaAs quantum-dot exciton near 925 nm, representative of the QD-micropillar devices of "
        f"{_WENNIGER} (review ref. 186)",
    ),
    "coupling": _q(
        20.0,
        "ueV",
        "dot-cavity coupling hbar g, representative of 10-25 ueV for QD-micropillars; Somaschi et"
        " al., Nat. Photon. 10, 340 (2016), doi:10.1038/nphoton.2016.23",
    ),
    "cavity_decay": _q(
        100.0,
        "ueV",
        "cavity loss rate hbar kappa (Q ~ 1.3e4), representative of micropillars (Purcell regime "
        "kappa > 2 g); Somaschi et al., Nat. Photon. 10, 340 (2016), doi:10.1038/nphoton.2016.23",
    ),
    "t1": _q(
        1.0,
        "ns",
        "exciton radiative lifetime into non-cavity modes, representative (~1 ns for InGaAs "
        f"dots); {_WENNIGER}",
    ),
    "t2": _q(
        1.8,
        "ns",
        f"exciton coherence time near the radiative limit 2 T1 at 4 K, representative; {_WENNIGER}",
    ),
}

RYDBERG_ARRAY = {
    "rabi_frequency": _q(
        2.0, "MHz", f"two-photon ground-Rydberg Rabi frequency Omega / 2 pi; {_BERNIEN}"
    ),
    "interaction": _q(
        24.1,
        "MHz",
        "nearest-neighbour van der Waals shift V = C6 / a^6, C6 / 2 pi = 862690 MHz um^6 (87Rb "
        f"70S1/2), a = 5.74 um; {_BERNIEN}",
    ),
    "detuning": _q(0.0, "MHz", f"resonant drive (Delta = 0) as in {_BERNIEN}"),
    "transition_frequency": _q(
        1009.7,
        "THz",
        f"ground-Rydberg transition from the 420 nm + 1013 nm two-photon excitation of {_BERNIEN}",
    ),
    "rydberg_lifetime": _q(
        150.0,
        "us",
        "70S lifetime of Rb at 300 K including black-body decay, representative; Beterov et al., "
        "Phys. Rev. A 79, 052504 (2009), doi:10.1103/PhysRevA.79.052504",
    ),
    "t2": _q(
        5.0,
        "us",
        "ground-Rydberg coherence time, representative of a few us limited by laser phase noise "
        f"and Doppler shifts; {_BERNIEN}",
    ),
}

ORGANIC_MICROCAVITY = {
    "exciton_energy": _q(
        2.35, "eV", f"Lumogen-F orange (LFO) absorption near 530 nm, representative; {_QUACH}"
    ),
    "cavity_energy": _q(
        2.35, "eV", f"cavity mode tuned to the exciton (resonant), representative; {_QUACH}"
    ),
    "collective_coupling": _q(
        20.0,
        "meV",
        "collective coupling hbar g sqrt(N), representative of the weak-coupling devices of "
        f"{_QUACH}",
    ),
    "photon_lifetime": _q(
        30.0,
        "fs",
        "cavity photon lifetime 1 / kappa of a low-Q dielectric microcavity, representative; "
        f"{_QUACH}",
    ),
    "t1": _q(
        5.0,
        "ns",
        "fluorescence lifetime of perylene-dye molecules such as LFO, representative (4-6 ns); "
        f"{_QUACH}",
    ),
    "t2": _q(
        50.0,
        "fs",
        "electronic coherence time under vibrational dephasing at room temperature, "
        f"representative (10-100 fs); {_QUACH}",
    ),
}

NMR_STAR = {
    "proton_larmor_frequency": _q(
        500.0,
        "MHz",
        f"1H Larmor frequency at 11.7 T, representative of the spectrometers of {_JOSHI}",
    ),
    "j_coupling": _q(
        11.0,
        "Hz",
        f"31P-1H scalar coupling of the star molecule trimethylphosphite, representative; {_STAR};"
        f" {_JOSHI}",
    ),
    "t1": _q(
        3.0,
        "s",
        "1H spin-lattice relaxation time of small molecules in solution, representative (1-5 s); "
        f"{_STAR}",
    ),
    "t2": _q(
        1.0, "s", f"1H transverse relaxation time, representative (T2 <= T1 in liquids); {_STAR}"
    ),
    "temperature": _q(
        300.0, "K", f"room temperature, at which {_REVIEW}, sec. 7, places nuclear-spin batteries"
    ),
}
