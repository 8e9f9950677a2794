"""Markovian environments: Lindblad operators with detailed balance, attached to any battery.

A bosonic bath at temperature T coupled to a transition of frequency omega through the lowering
operator L gives the pair of jump operators (Breuer & Petruccione, *The Theory of Open Quantum
Systems*, sec. 3.4.6)

    sqrt(gamma (n + 1)) L,    sqrt(gamma n) L^dagger,    n = 1 / (exp(omega / T) - 1)

(k_B = hbar = 1), whose rates obey detailed balance, ``gamma n / (gamma (n + 1)) =
exp(-omega / T)``, so that the Gibbs state is stationary. Pure dephasing at rate gamma_phi is
``sqrt(gamma_phi) N`` with N the level-number operator (for a qubit ``sigma_z / 2`` up to a
constant, which leaves the dissipator unchanged), and incoherent pumping at rate P is
``sqrt(P) L^dagger``. :func:`local_noise` attaches these to every cell of a battery on its full
product space, :func:`collective_noise` to the collective lowering operator ``J_-`` of its
two-level cells (superradiant decay, Dicke, Phys. Rev. 93, 99 (1954); Gross & Haroche, Phys.
Rep. 93, 301 (1982)), which also acts inside the symmetric Dicke subspace;
:func:`with_collapse_ops` attaches any list.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.linalg import embed_operator, reduced_state
from qbattery.operators import Operator, to_dense
from qbattery.validation import non_negative_real, positive_real

__all__ = [
    "bose_einstein",
    "collective_noise",
    "ladder",
    "local_noise",
    "thermal_jumps",
    "with_collapse_ops",
]


def bose_einstein(frequency: float, temperature: float) -> float:
    """Mean thermal occupation ``n = 1 / (exp(omega / T) - 1)``; 0 at ``T = 0``.

    Examples
    --------
    >>> round(bose_einstein(1.0, 1.0), 6)
    0.581977
    """
    omega = positive_real(frequency, "frequency")
    t = non_negative_real(temperature, "temperature")
    if t == 0.0 or omega / t > 700:  # exp overflows; the occupation is below 1e-300
        return 0.0
    return 1.0 / math.expm1(omega / t)


def thermal_jumps(
    lowering: Any, frequency: float, rate: float, temperature: float = 0.0
) -> list[sp.csr_matrix]:
    """Emission and absorption operators of a thermal bath on one transition (module docstring).

    Parameters
    ----------
    lowering : operator (d, d)
        The lowering operator L of the transition (``sigma_-``, ``a``, ...).
    frequency : float
        Transition frequency omega > 0 (sets the thermal occupation).
    rate : float
        Zero-temperature emission rate gamma >= 0.
    temperature : float
        Bath temperature T >= 0.

    Returns
    -------
    list of sparse (d, d)
        ``[sqrt(gamma (n + 1)) L, sqrt(gamma n) L^dagger]``; the absorption term is left out
        at T = 0, and both when gamma = 0.

    Examples
    --------
    At temperature T the absorption rate is ``gamma n̄`` and the emission rate ``gamma (n̄ + 1)``,
    ``n̄ = 1 / (e^{omega/T} - 1)``; at ``omega = T`` that is ``n̄ = 0.581977``:

    >>> import numpy as np
    >>> from qbattery.environments.markovian import thermal_jumps
    >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> jumps = thermal_jumps(lower, 1.0, 1.0, temperature=1.0)
    >>> [round(float(abs(jump.toarray()).max() ** 2), 6) for jump in jumps]
    [1.581977, 0.581977]
    >>> len(thermal_jumps(lower, 1.0, 1.0))                            # T = 0: emission only
    1
    """
    gamma = non_negative_real(rate, "rate")
    occupation = bose_einstein(frequency, temperature)
    lower = sp.csr_matrix(lowering, dtype=np.complex128)
    jumps = []
    if gamma > 0:
        jumps.append(math.sqrt(gamma * (occupation + 1)) * lower)
        if occupation > 0:
            jumps.append(sp.csr_matrix(math.sqrt(gamma * occupation) * lower.getH()))
    return jumps


def ladder(dimension: int) -> sp.csr_matrix:
    """Lowering operator ``sum_k sqrt(k) |k-1><k|`` of a d-level ladder (``sigma_-`` for d = 2,
    the truncated ``a`` of an oscillator otherwise).

    Examples
    --------
    >>> from qbattery.environments.markovian import ladder
    >>> ladder(3).toarray().real.round(6)
    array([[0.      , 1.      , 0.      ],
           [0.      , 0.      , 1.414214],
           [0.      , 0.      , 0.      ]])
    """
    amplitudes = np.sqrt(np.arange(1, dimension, dtype=np.float64))
    return sp.csr_matrix(sp.diags_array(amplitudes, offsets=1), dtype=np.complex128)


def _check_no_environment(battery: Battery) -> None:
    if battery.environment is not None:
        raise QBatteryValueError(
            f"battery: it already has an environment ({type(battery.environment).__name__}, "
            f"solved by method {battery.environment.method!r}); give the noise to that "
            "environment instead (e.g. the rates of qbattery.models.spin_ensemble)"
        )


def with_collapse_ops(battery: Battery, collapse_ops: Sequence[Any]) -> Battery:
    """The same battery with ``collapse_ops`` added to its Lindblad operators.

    The operators act on the battery's state space (dimension ``battery.dimension``); nothing
    else changes, so every model of the catalogue can be opened this way.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.environments.markovian import with_collapse_ops
    >>> hb = np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(hb, hb, np.array([0.0, 1.0]))
    >>> len(with_collapse_ops(qubit, [np.array([[0.0, 1.0], [0.0, 0.0]])]).collapse_ops)
    1
    """
    _check_no_environment(battery)
    return battery.replace(collapse_ops=[*battery.collapse_ops, *collapse_ops])


def _transition_frequency(battery: Battery, site: int) -> float:
    """Level spacing of the local part of H_B (of the static H for a non-battery subsystem) on
    ``site``, ``Tr_rest[H] / d_rest``; it must be an equally spaced ladder."""
    whole = (
        battery.battery_hamiltonian_full()
        if site in battery.battery
        else battery.hamiltonian.static
    )
    h = to_dense(whole)
    local = reduced_state(h, battery.dims, [site]) / (h.shape[0] // battery.dims[site])
    diagonal = np.real(np.diag(local))
    spacings = np.diff(diagonal)
    off_diagonal = np.abs(local - np.diag(np.diag(local))).max()
    scale = max(1.0, float(np.abs(diagonal).max()))
    if off_diagonal > 1e-12 * scale or np.ptp(spacings) > 1e-9 * scale or spacings[0] <= 0:
        raise QBatteryValueError(
            f"frequency: the local battery Hamiltonian of subsystem {site} is not an equally "
            f"spaced ladder diagonal in its basis (levels {np.round(diagonal, 6).tolist()}); "
            "give the transition frequency explicitly"
        )
    return float(spacings[0])


def local_noise(
    battery: Battery,
    *,
    emission: float = 0.0,
    pumping: float = 0.0,
    dephasing: float = 0.0,
    temperature: float = 0.0,
    frequency: float | None = None,
    subsystems: Sequence[int] | None = None,
) -> Battery:
    """Independent noise on each cell: thermal emission/absorption, pumping and dephasing.

    For every subsystem n in ``subsystems`` (default: the battery's subsystems), with its
    ladder operator ``L_n`` (:func:`ladder`) and level-number operator ``N_n``, adds

    ``thermal_jumps(L_n, omega_n, emission, temperature)``, ``sqrt(pumping) L_n^dagger`` and
    ``sqrt(dephasing) N_n``,

    embedded in the full product space. The transition frequency ``omega_n`` (needed only for
    T > 0) is ``frequency`` if given, otherwise the level spacing of the local part of H_B
    (for a battery subsystem) or of the static Hamiltonian (for a charger).

    Parameters
    ----------
    battery : Battery
        Written on its full product space (no symmetric subspace, sector or subspace: local
        noise breaks those symmetries; use :mod:`qbattery.models` ensembles instead).
    emission, pumping, dephasing : float
        Rates, >= 0.
    temperature : float
        Bath temperature for the emission channel, >= 0.
    frequency : float, optional
        Transition frequency of every cell, > 0.
    subsystems : sequence of int, optional
        Indices into ``battery.dims``.

    Returns
    -------
    Battery
        With the added collapse operators and the rates recorded in ``parameters``.

    Examples
    --------
    >>> import numpy as np
    >>> hb = np.diag([0.0, 1.0])
    >>> qubit = Battery(hb + np.array([[0, 1], [1, 0]]), hb, np.array([1.0, 0.0]))
    >>> len(local_noise(qubit, emission=0.1, temperature=0.5).collapse_ops)
    2
    """
    _check_no_environment(battery)
    if battery.sector is not None or battery.subspace is not None:
        raise QBatteryValueError(
            "battery: written in a reduced basis (sector or subspace), where local noise on each "
            "cell cannot be expressed; build the model on its full product space "
            "(e.g. basis='full') or use a permutation-invariant ensemble model"
        )
    if battery.battery_spectrum is not None:
        raise QBatteryValueError(
            "battery: written in the symmetric Dicke subspace, which local noise leaves; build it "
            "with basis='full' or use qbattery.models.spin_ensemble"
        )
    rates = {
        "emission": non_negative_real(emission, "emission"),
        "pumping": non_negative_real(pumping, "pumping"),
        "dephasing": non_negative_real(dephasing, "dephasing"),
    }
    t = non_negative_real(temperature, "temperature")
    sites = list(battery.battery if subsystems is None else subsystems)
    for site in sites:
        if not 0 <= site < len(battery.dims):
            raise QBatteryValueError(
                f"subsystems: index {site} is outside the {len(battery.dims)} subsystems"
            )
    embedded: list[Operator] = []
    for site in sites:
        lower = ladder(battery.dims[site])
        jumps: list[Operator] = []
        if rates["emission"] > 0:
            if frequency is not None:
                omega = positive_real(frequency, "frequency")
            else:
                omega = 1.0 if t == 0 else _transition_frequency(battery, site)
            jumps += thermal_jumps(lower, omega, rates["emission"], t)
        if rates["pumping"] > 0:
            jumps.append(math.sqrt(rates["pumping"]) * lower.getH())
        if rates["dephasing"] > 0:
            levels = sp.diags_array(np.arange(battery.dims[site], dtype=np.float64))
            jumps.append(math.sqrt(rates["dephasing"]) * sp.csr_matrix(levels))
        embedded += [embed_operator(jump, battery.dims, [site]) for jump in jumps]
    opened = with_collapse_ops(battery, embedded)
    opened.parameters.update({**rates, "temperature": t, "noisy_subsystems": sites})
    return opened


def _collective_lowering(battery: Battery, thermal: bool) -> tuple[sp.csr_matrix, float]:
    """``J_-`` of the battery's two-level cells on the whole space, and their level spacing
    (needed only for a ``thermal`` bath; 1 otherwise).

    The cells are either separate qubit subsystems or one subsystem holding the symmetric Dicke
    subspace (recognised by its full-space spectrum: levels ``k omega`` with multiplicities
    ``binomial(N, k)``).
    """
    if battery.sector is not None or battery.subspace is not None:
        raise QBatteryValueError(
            "battery: written in a sector or subspace that J_- leaves; build the model on its "
            "full space or in the symmetric Dicke basis"
        )
    dims = [battery.dims[k] for k in battery.battery]
    spectrum = battery.battery_spectrum
    if spectrum is None and all(d == 2 for d in dims):
        lowering = sum(
            (embed_operator(ladder(2), battery.dims, [site]) for site in battery.battery),
            start=sp.csr_matrix((battery.dimension, battery.dimension), dtype=np.complex128),
        )
        spacing = _transition_frequency(battery, battery.battery[0]) if thermal else 1.0
        return sp.csr_matrix(lowering), spacing
    n = dims[0] - 1 if len(dims) == 1 else -1
    symmetric = (
        spectrum is not None
        and n >= 1
        and spectrum.levels.size == n + 1
        and np.allclose(spectrum.multiplicities, [math.comb(n, k) for k in range(n + 1)])
        and np.ptp(np.diff(spectrum.levels)) <= 1e-9 * max(1.0, float(spectrum.levels[-1]))
    )
    if not symmetric:
        raise QBatteryValueError(
            "battery: collective noise needs two-level cells, as qubit subsystems or in the "
            f"symmetric Dicke basis; this battery has subsystems {dims}"
        )
    assert spectrum is not None
    k = np.arange(n)
    local = sp.diags_array(np.sqrt((k + 1) * (n - k)), offsets=1)  # <k| J_- |k+1>
    lowering = embed_operator(local, battery.dims, list(battery.battery))
    return lowering, float(spectrum.levels[1] - spectrum.levels[0])


def collective_noise(
    battery: Battery,
    *,
    emission: float = 0.0,
    pumping: float = 0.0,
    dephasing: float = 0.0,
    temperature: float = 0.0,
) -> Battery:
    """Collective noise on the battery's two-level cells: superradiant emission and absorption
    at temperature T, collective pumping and collective dephasing.

    Adds ``thermal_jumps(J_-, omega, emission, temperature)``, ``sqrt(pumping) J_+`` and
    ``sqrt(dephasing) J_z`` with ``J_- = sum_i sigma_-^i`` over the battery cells and omega
    their level spacing (module docstring). The cells may be qubit subsystems
    (``basis="full"`` models, spin chains) or the symmetric Dicke subspace (``basis=
    "symmetric"``), where ``J_-`` acts as ``sqrt((k + 1)(N - k)) |k><k + 1|``.

    Parameters
    ----------
    battery : Battery
    emission, pumping, dephasing : float
        Collective rates, >= 0.
    temperature : float
        Bath temperature of the emission channel, >= 0.

    Returns
    -------
    Battery

    Examples
    --------
    >>> import qbattery as qb
    >>> battery = collective_noise(qb.models.dicke(2, 0.1, cutoff=4), emission=0.1)
    >>> len(battery.collapse_ops), battery.parameters["collective_emission"]
    (1, 0.1)
    """
    rates = {
        "collective_emission": non_negative_real(emission, "emission"),
        "collective_pumping": non_negative_real(pumping, "pumping"),
        "collective_dephasing": non_negative_real(dephasing, "dephasing"),
    }
    t = non_negative_real(temperature, "temperature")
    _check_no_environment(battery)
    lowering, spacing = _collective_lowering(battery, thermal=t > 0)
    jumps: list[Operator] = []
    if rates["collective_emission"] > 0:
        jumps += thermal_jumps(lowering, spacing, rates["collective_emission"], t)
    if rates["collective_pumping"] > 0:
        jumps.append(math.sqrt(rates["collective_pumping"]) * sp.csr_matrix(lowering.getH()))
    if rates["collective_dephasing"] > 0:
        j_z = (lowering.getH() @ lowering - lowering @ lowering.getH()) / 2
        jumps.append(math.sqrt(rates["collective_dephasing"]) * sp.csr_matrix(j_z))
    opened = with_collapse_ops(battery, jumps)
    opened.parameters.update({**rates, "temperature": t})
    return opened
