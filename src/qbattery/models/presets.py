"""Platform presets with physical units: the experimental platforms of review sec. 7.

Seven platforms, each a :class:`~qbattery.models.platform.Platform` whose quantities carry a
unit and a published source, mapped onto a catalogue model with its noise
(:mod:`qbattery.models.platform_builders`):

==========================  ======================  =====================================
preset                      catalogue model         reference frequency omega_ref / 2 pi
==========================  ======================  =====================================
``transmon``                ``qutrit_battery``      qubit frequency, 5 GHz
``nv_centre``               ``closed_loop_battery`` zero-field splitting, 2.87 GHz
``trapped_ion``             ``long_range_chain``    Ising coupling J0, 1 kHz
``quantum_dot``             ``jaynes_cummings``     exciton transition, 1.34 eV
``rydberg_array``           ``rydberg_array``       Rabi frequency, 2 MHz
``organic_microcavity``     ``open_dicke``          exciton energy, 2.35 eV
``nmr_star``                ``central_spin``        1H Larmor frequency, 500 MHz
==========================  ======================  =====================================

Values marked *representative* are typical of a published range rather than one device's
measurement; the source says which. Time grids are dimensionless (units of ``1/omega_ref``):

>>> preset = platform("transmon")
>>> times = preset.to_dimensionless_time([0.0, 10.0, 20.0], "ns")
>>> round(float(times[1]), 3)
314.159
>>> battery = preset.battery()
>>> battery.name, battery.parameters["platform"]
('qutrit_battery', 'transmon')
"""

from __future__ import annotations

import difflib
from types import MappingProxyType

from qbattery.errors import QBatteryValueError
from qbattery.models import platform_builders as build
from qbattery.models import preset_data as data
from qbattery.models.platform import Builder, Platform, Quantity

__all__ = ["PRESETS", "Platform", "Quantity", "platform"]


def _platform(
    name: str,
    description: str,
    model: str,
    quantities: dict[str, Quantity],
    reference: str,
    units: tuple[str, str],
    builder: Builder,
    **settings: object,
) -> Platform:
    return Platform(
        name=name,
        description=description,
        model=model,
        quantities=MappingProxyType(quantities),
        reference_frequency=quantities[reference],
        time_unit=units[0],
        energy_unit=units[1],
        builder=builder,
        settings=MappingProxyType(dict(settings)),
    )


#: Every preset by name.
PRESETS: MappingProxyType[str, Platform] = MappingProxyType(
    {
        preset.name: preset
        for preset in (
            _platform(
                "transmon",
                "Superconducting transmon qutrit charged 0 -> 2 by resonant pulses on its 0-1 and "
                "1-2 transitions (Hu et al., Quantum Sci. Technol. 7, 045018 (2022), review "
                "ref. 34; Gemme et al., review ref. 41), in the frame of the drives, with T1 "
                "decay down its ladder (rates 1/T1, 2/T1) and dephasing.",
                "qutrit_battery",
                data.TRANSMON,
                "qubit_frequency",
                ("ns", "ueV"),
                build.transmon_qutrit,
                protocol="simultaneous",
            ),
            _platform(
                "nv_centre",
                "NV-centre ground-state spin triplet m_s = 0, -1, +1 (Zeeman split by a bias "
                "field) charged from m_s = 0 by two resonant microwave tones on 0 <-> -1 and "
                "0 <-> +1 (the three-level batteries of review refs. 39-40 with the "
                "magnetic-dipole-forbidden -1 <-> +1 field off), with thermal spin-lattice "
                "relaxation at room temperature and magnetic dephasing.",
                "closed_loop_battery",
                data.NV_CENTRE,
                "zero_field_splitting",
                ("ns", "ueV"),
                build.nv_v_system,
            ),
            _platform(
                "trapped_ion",
                "Chain of trapped-ion qubits with phonon-mediated power-law Ising couplings "
                "(review ref. 185; Monroe et al. 2021), charged by a transverse carrier drive. "
                "Energies are those of the simulated spin Hamiltonian in the interaction "
                "picture (kHz scale), not the qubits' bare hyperfine energy.",
                "long_range_chain",
                data.TRAPPED_ION,
                "ising_coupling",
                ("ms", "ueV"),
                build.ion_chain,
                n_spins=6,
            ),
            _platform(
                "quantum_dot",
                "InGaAs quantum dot in a micropillar cavity (review ref. 186) charged by one "
                "cavity photon: the Jaynes-Cummings cell on resonance (rotating frame), with "
                "radiative decay and dephasing of the dot and photon loss.",
                "jaynes_cummings",
                data.QUANTUM_DOT,
                "transition_energy",
                ("ps", "eV"),
                build.quantum_dot_cavity,
            ),
            _platform(
                "rydberg_array",
                "Chain of 87Rb atoms driven resonantly to the 70S Rydberg state with van der "
                "Waals blockade (review ref. 187; Bernien et al. 2017), with Rydberg decay and "
                "laser dephasing on every atom.",
                "rydberg_array",
                data.RYDBERG_ARRAY,
                "rabi_frequency",
                ("us", "eV"),
                build.driven_rydberg_array,
                n_atoms=6,
            ),
            _platform(
                "organic_microcavity",
                "Dye molecules (LFO) in a dielectric microcavity (Quach et al. 2022; review "
                "ref. 9): N two-level molecules charged by the cavity mode (Tavis-Cummings "
                "coupling at a fixed collective coupling g sqrt(N), N far below the device's), "
                "with cavity loss, molecular decay and vibrational dephasing.",
                "open_dicke",
                data.ORGANIC_MICROCAVITY,
                "exciton_energy",
                ("fs", "eV"),
                build.dicke_microcavity,
                n_atoms=10,
            ),
            _platform(
                "nmr_star",
                "Star-topology NMR molecule (Joshi & Mahesh 2022; review ref. 48), "
                "trimethylphosphite: the central 31P spin charges the 9 satellite 1H spins "
                "through the Hartmann-Hahn flip-flop, in the rotating frame, with thermal "
                "relaxation at room temperature and dephasing of the protons.",
                "central_spin",
                data.NMR_STAR,
                "proton_larmor_frequency",
                ("ms", "ueV"),
                build.central_spin_nmr,
                n_spins=9,
            ),
        )
    }
)


def platform(name: str) -> Platform:
    """The preset called ``name``; an unknown name is an error naming the closest one.

    Examples
    --------
    >>> platform("nv_centre").model
    'closed_loop_battery'
    """
    if name in PRESETS:
        return PRESETS[name]
    names = list(PRESETS)
    close = difflib.get_close_matches(str(name), names, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise QBatteryValueError(f"platform: unknown preset {name!r}; {hint}valid presets: {names}")
