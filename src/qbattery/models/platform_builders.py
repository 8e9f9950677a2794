"""How each platform preset builds its catalogue model and its noise from dimensionless numbers.

Every builder takes ``values`` (the preset's quantities in units of ``omega_ref``; lifetimes as
dimensionless times) and ``settings`` (numbers of cells), calls one catalogue constructor and
opens it with Markovian noise from :mod:`qbattery.environments.markovian` (or the model's own
ensemble noise). Lifetimes become rates the usual way: emission ``gamma = 1 / T1`` and pure
dephasing ``gamma_phi = 2 / T2 - 1 / T1`` (:func:`pure_dephasing`), so that a coherence decays
at ``1 / T2 = gamma / 2 + gamma_phi / 2`` under the jump operators ``sqrt(gamma) sigma_-`` and
``sqrt(gamma_phi) |e><e|`` (or ``sqrt(gamma_phi) sigma_z / 2``, the same dissipator).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.environments.markovian import (
    bose_einstein,
    ladder,
    local_noise,
    thermal_jumps,
    with_collapse_ops,
)
from qbattery.errors import QBatteryValueError
from qbattery.linalg import embed_operator
from qbattery.models.ensemble import open_dicke
from qbattery.models.light_matter.cells import jaynes_cummings
from qbattery.models.multilevel.resonant import closed_loop_battery, qutrit_battery
from qbattery.models.rydberg import rydberg_array
from qbattery.models.spin_baths import central_spin
from qbattery.models.spin_chains import long_range_chain
from qbattery.operators import to_dense

__all__ = [
    "central_spin_nmr",
    "dicke_microcavity",
    "driven_rydberg_array",
    "ion_chain",
    "nv_v_system",
    "pure_dephasing",
    "quantum_dot_cavity",
    "rotating_frame",
    "transmon_qutrit",
]

Values = Mapping[str, float]
Settings = Mapping[str, Any]


def pure_dephasing(t1: float, t2: float) -> float:
    """Pure-dephasing rate ``2 / T2 - 1 / T1`` (``T1 = inf``: no decay); needs ``T2 <= 2 T1``.

    Examples
    --------
    >>> pure_dephasing(2.0, 4.0), pure_dephasing(math.inf, 4.0)
    (0.0, 0.5)
    """
    rate = 2.0 / t2 - 1.0 / t1
    if rate < -1e-12 * (2.0 / t2):
        raise QBatteryValueError(
            f"T2: a coherence time {t2!r} above 2 T1 = {2 * t1!r} is impossible; lower T2"
        )
    return max(rate, 0.0)


def rotating_frame(battery: Battery) -> Battery:
    """The battery in the frame rotating with the diagonal part ``H0`` of its Hamiltonian.

    For a resonant model whose coupling conserves ``H0`` (``[H - H0, H0] = 0``: Jaynes-Cummings
    on resonance, flip-flop couplings between equal splittings), ``exp(i H0 t)`` removes the
    fast free phases exactly; ``H_B`` is diagonal, so stored energy and ergotropy are those of
    the laboratory frame, and the jump operators used here (lowering, number) keep their
    dissipators. The solvers then only resolve the coupling, not the bare frequencies.

    Examples
    --------
    On resonance the Jaynes-Cummings coupling commutes with ``H0``: in the rotating frame only the
    coupling is left, and the diagonal of ``H`` vanishes:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.models.platform_builders import rotating_frame
    >>> lab = qb.models.jaynes_cummings(0.1)
    >>> frame = rotating_frame(lab)
    >>> float(np.abs(frame.hamiltonian.static.diagonal()).max()), frame.dims == lab.dims
    (0.0, True)
    """
    h_b = to_dense(battery.battery_hamiltonian)
    if np.abs(h_b - np.diag(np.diag(h_b))).max() > 0:
        raise QBatteryValueError("battery: H_B is not diagonal; the rotating frame changes it")
    static = sp.csr_matrix(battery.hamiltonian.static)
    diagonal = static.diagonal()
    free = sp.csr_matrix(sp.diags_array(diagonal))
    coupling = sp.csr_matrix(static - free)
    commutator = coupling @ free - free @ coupling
    scale = max(1.0, float(np.abs(diagonal).max()))
    if commutator.nnz and np.abs(commutator.data).max() > 1e-9 * scale:
        raise QBatteryValueError(
            "battery: its coupling does not conserve the free Hamiltonian (not on resonance), "
            "so the rotating frame is not exact; keep the laboratory frame"
        )
    rotated = battery.replace(hamiltonian=coupling)
    rotated.parameters["frame"] = "rotating with the diagonal of H"
    return rotated


def transmon_qutrit(values: Values, settings: Settings) -> Battery:
    """:func:`~qbattery.models.qutrit_battery` with T1 decay and dephasing on its ladder.

    Examples
    --------
    The builder behind the ``transmon`` preset:

    >>> from qbattery.models.presets import platform
    >>> preset = platform("transmon")
    >>> preset.builder.__name__, preset.battery().dims
    ('transmon_qutrit', (3,))
    """
    battery = qutrit_battery(
        values["rabi_frequency"],
        values["qubit_frequency"],
        values["anharmonicity"],
        protocol=settings["protocol"],
    )
    return local_noise(
        battery,
        emission=1.0 / values["t1"],
        dephasing=pure_dephasing(values["t1"], values["t2"]),
    )


def nv_v_system(values: Values, settings: Settings) -> Battery:
    """:func:`~qbattery.models.closed_loop_battery` with the loop open between ``m_s = -1`` and
    ``+1``: microwaves drive ``0 <-> -1`` and ``0 <-> +1``; thermal spin-lattice relaxation of
    both transitions and magnetic dephasing ``S_z``.

    Examples
    --------
    The builder behind the ``nv_centre`` preset:

    >>> from qbattery.models.presets import platform
    >>> preset = platform("nv_centre")
    >>> preset.builder.__name__, preset.battery().dims
    ('nv_v_system', (3,))
    """
    low = values["zero_field_splitting"] - values["zeeman_splitting"]
    high = values["zero_field_splitting"] + values["zeeman_splitting"]
    battery = closed_loop_battery(
        values["rabi_frequency"],
        low,
        high,
        second_coupling=0.0,
        loop_coupling=values["rabi_frequency"],
    )
    temperature = values["temperature"]
    jumps = []
    for level, splitting in ((1, low), (2, high)):
        lowering = np.zeros((3, 3), dtype=np.complex128)
        lowering[0, level] = 1.0
        # populations relax at gamma (2 n + 1) = 1 / T1 at the bath occupation n
        rate = 1.0 / (values["t1"] * (2 * bose_einstein(splitting, temperature) + 1))
        jumps += thermal_jumps(lowering, splitting, rate, temperature)
    s_z = sp.csr_matrix(np.diag([0.0, -1.0, 1.0]).astype(np.complex128))
    jumps.append(math.sqrt(pure_dephasing(values["t1"], values["t2_star"])) * s_z)
    opened = with_collapse_ops(battery, jumps)
    opened.parameters["temperature"] = temperature
    return opened


def ion_chain(values: Values, settings: Settings) -> Battery:
    """:func:`~qbattery.models.long_range_chain` (Ising ``sigma_x sigma_x``, power law) in the
    simulator's interaction picture, with qubit dephasing (no decay of hyperfine qubits).

    Examples
    --------
    The builder behind the ``trapped_ion`` preset:

    >>> from qbattery.models.presets import platform
    >>> preset = platform("trapped_ion")
    >>> preset.builder.__name__, preset.battery().name
    ('ion_chain', 'long_range_chain')
    """
    battery = long_range_chain(
        settings["n_spins"],
        values["ising_coupling"],
        0.0,
        0.0,
        values["range_exponent"],
        omega=2 * values["transverse_field"],
        field=values["charging_field"],
    )
    return local_noise(battery, dephasing=pure_dephasing(math.inf, values["t2"]))


def quantum_dot_cavity(values: Values, settings: Settings) -> Battery:
    """:func:`~qbattery.models.jaynes_cummings` on resonance in its rotating frame, with
    radiative decay and pure dephasing of the dot and photon loss from the cavity.

    Examples
    --------
    The builder behind the ``quantum_dot`` preset:

    >>> from qbattery.models.presets import platform
    >>> preset = platform("quantum_dot")
    >>> preset.builder.__name__, preset.battery().name
    ('quantum_dot_cavity', 'jaynes_cummings')
    """
    omega = values["transition_energy"]
    cell = jaynes_cummings(values["coupling"] / omega, omega, omega, space="full")
    # one atom: its "symmetric subspace" is its whole space, so the attached spectrum is moot
    battery = cell.replace(battery_spectrum=None)
    battery = local_noise(
        battery,
        emission=1.0 / values["t1"],
        dephasing=pure_dephasing(values["t1"], values["t2"]),
    )
    cavity = embed_operator(ladder(battery.dims[0]), battery.dims, [0])
    opened = with_collapse_ops(battery, [math.sqrt(values["cavity_decay"]) * cavity])
    opened.parameters["cavity_decay"] = values["cavity_decay"]
    return rotating_frame(opened)


def driven_rydberg_array(values: Values, settings: Settings) -> Battery:
    """:func:`~qbattery.models.rydberg_array` on resonance with Rydberg decay and laser
    dephasing on every atom.

    Examples
    --------
    The builder behind the ``rydberg_array`` preset:

    >>> from qbattery.models.presets import platform
    >>> preset = platform("rydberg_array")
    >>> preset.builder.__name__, preset.battery().dims
    ('driven_rydberg_array', (2, 2, 2, 2, 2, 2))
    """
    battery = rydberg_array(
        settings["n_atoms"],
        values["rabi_frequency"],
        values["interaction"],
        values["detuning"],
        values["transition_frequency"],
    )
    return local_noise(
        battery,
        emission=1.0 / values["rydberg_lifetime"],
        dephasing=pure_dephasing(values["rydberg_lifetime"], values["t2"]),
    )


def dicke_microcavity(values: Values, settings: Settings) -> Battery:
    """:func:`~qbattery.models.open_dicke` (Tavis-Cummings coupling, fixed collective Rabi
    coupling ``g sqrt(N)``) with molecular decay, vibrational dephasing and cavity loss.

    Examples
    --------
    The builder behind the ``organic_microcavity`` preset:

    >>> from qbattery.models.presets import platform
    >>> preset = platform("organic_microcavity")
    >>> preset.builder.__name__, preset.battery().name
    ('dicke_microcavity', 'open_dicke')
    """
    return open_dicke(
        settings["n_atoms"],
        values["collective_coupling"] / values["cavity_energy"],
        values["cavity_energy"],
        values["exciton_energy"],
        emission=1.0 / values["t1"],
        dephasing=pure_dephasing(values["t1"], values["t2"]),
        cavity_decay=1.0 / values["photon_lifetime"],
        rotating_wave=True,
        coupling_scaling="inverse_sqrt",
    )


def central_spin_nmr(values: Values, settings: Settings) -> Battery:
    """:func:`~qbattery.models.central_spin` with the Hartmann-Hahn flip-flop on matched
    splittings, in the rotating frame, with thermal relaxation and dephasing of the satellite
    spins at room temperature.

    Under Hartmann-Hahn matched spin locks the secular scalar coupling ``2 pi J I_z S_z``
    becomes the flip-flop ``pi J (I_x S_x + I_y S_y)`` (J-cross-polarisation: an I-S pair
    exchanges its polarisation completely in ``t = 1 / J``), i.e. ``g = pi J / 4`` on
    ``sigma_x sigma_x + sigma_y sigma_y``; with ``values["j_coupling"] = 2 pi J / omega_ref``
    that is ``g = values["j_coupling"] / 8``.

    Examples
    --------
    The builder behind the ``nmr_star`` preset:

    >>> from qbattery.models.presets import platform
    >>> preset = platform("nmr_star")
    >>> preset.builder.__name__, preset.battery().name
    ('central_spin_nmr', 'central_spin')
    """
    larmor = values["proton_larmor_frequency"]
    battery = central_spin(settings["n_spins"], values["j_coupling"] / 8, larmor, larmor)
    temperature = values["temperature"]
    rate = 1.0 / (values["t1"] * (2 * bose_einstein(larmor, temperature) + 1))
    opened = local_noise(
        battery,
        emission=rate,
        dephasing=pure_dephasing(values["t1"], values["t2"]),
        temperature=temperature,
        frequency=larmor,
    )
    return rotating_frame(opened)
