"""Three-level batteries charged by resonant fields: the closed loop and the transmon qutrit.

Conventions of :mod:`qbattery.models.multilevel`; constant fields or the square pulses of
:mod:`qbattery.protocols` (piecewise constant, solved exactly).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.models.info import catalogued
from qbattery.models.multilevel.levels import diagonal, ground, three_level_energies, transition
from qbattery.protocols import Piecewise, Step
from qbattery.validation import (
    finite_real,
    positive_real,
)

__all__ = ["QUTRIT_PROTOCOLS", "closed_loop_battery", "qutrit_battery"]

#: Valid ``protocol`` values of :func:`qutrit_battery`.
QUTRIT_PROTOCOLS = ("sequential", "simultaneous")


@catalogued(
    hamiltonian="H = (W_01/2) X_01 + (W_12/2) X_12 + (W_02/2)(e^{i phi} |0><2| + h.c.)",
    battery_hamiltonian="H_B = w_1 |1><1| + w_2 |2><2|",
    initial_state="|0>",
    reference="Dou, Wang & Sun, EPL 131, 43001 (2020) (review ref. 39)",
)
def closed_loop_battery(
    coupling: float,
    omega_1: float = 1.0,
    omega_2: float = 2.0,
    *,
    second_coupling: float | None = None,
    loop_coupling: float | None = None,
    loop_phase: float = 0.0,
) -> Battery:
    """A three-level battery driven around a closed loop by three fields (Delta configuration).

    .. code-block:: text

        H   = (Omega_01/2) X_01 + (Omega_12/2) X_12 + (Omega_02/2)(e^{i phi} |0><2| + h.c.)
        H_B = omega_1 |1><1| + omega_2 |2><2|

    The closed-loop battery of Dou, Wang & Sun, EPL 131, 43001 (2020) (review ref. 39): a third
    field on the 0-2 transition closes the ladder into a loop, so that the population reaches
    ``|2>`` both directly and through ``|1>``; the interference of the two paths is set by the
    gauge-invariant loop phase ``phi``, and the direct path raises the charging power. The fields
    are resonant and constant from t = 0. For equal couplings ``Omega`` the Hamiltonian is a
    three-site ring with flux ``phi``: levels ``Omega cos q_m``, ``q_m = (2 pi m - phi)/3``, and
    ``<2|e^{-iHt}|0> = (1/3) sum_m e^{2 i q_m} e^{-i Omega t cos q_m}``.

    Parameters
    ----------
    coupling : float
        ``Omega_01``, Rabi frequency on the 0-1 transition (finite real).
    omega_1, omega_2 : float
        Energies of levels 1 and 2, ``0 < omega_1 < omega_2``.
    second_coupling : float, optional
        ``Omega_12`` (default ``coupling``).
    loop_coupling : float, optional
        ``Omega_02`` of the loop-closing field (default ``coupling``; 0 opens the loop).
    loop_phase : float
        ``phi``, the phase around the loop.

    Returns
    -------
    Battery
        ``dims = [3]``, starting in ``|0>``.

    Examples
    --------
    >>> closed_loop_battery(0.5).parameters["loop_coupling"]
    0.5
    """
    first = finite_real(coupling, "coupling")
    level_1, level_2 = three_level_energies(omega_1, omega_2)
    second = first if second_coupling is None else finite_real(second_coupling, "second_coupling")
    loop = first if loop_coupling is None else finite_real(loop_coupling, "loop_coupling")
    phase = finite_real(loop_phase, "loop_phase")
    closing = np.zeros((3, 3), dtype=np.complex128)
    closing[0, 2] = np.exp(1j * phase)
    closing[2, 0] = np.exp(-1j * phase)
    hamiltonian = (
        (first / 2) * transition(0, 1)
        + (second / 2) * transition(1, 2)
        + (loop / 2) * sp.csr_matrix(closing)
    )
    return Battery(
        sp.csr_matrix(hamiltonian),
        diagonal(0.0, level_1, level_2),
        ground(),
        name="closed_loop_battery",
        parameters={
            "coupling": first,
            "omega_1": level_1,
            "omega_2": level_2,
            "second_coupling": second,
            "loop_coupling": loop,
            "loop_phase": phase,
        },
    )


@catalogued(
    hamiltonian="H = (W_01(t)/2) X_01 + (W_12(t)/2) X_12, square resonant pulses",
    battery_hamiltonian="H_B = w_q |1><1| + (2 w_q + alpha) |2><2|",
    initial_state="|0>",
    reference="Hu et al., Quantum Sci. Technol. 7, 045018 (2022) (review "
    "ref. 34); Gemme et al., PRR 6, 023091 (2024) (review ref. "
    "41)",
)
def qutrit_battery(
    rabi_frequency: float,
    omega_q: float = 1.0,
    anharmonicity: float = -0.05,
    *,
    protocol: str = "simultaneous",
    second_rabi_frequency: float | None = None,
) -> Battery:
    """A superconducting qutrit (transmon) battery charged by sequential or simultaneous pulses.

    .. code-block:: text

        H(t) = (Omega_01(t)/2) X_01 + (Omega_12(t)/2) X_12        (each tone resonant, RWA)
        H_B  = omega_q |1><1| + (2 omega_q + alpha) |2><2|

    The transmon three-level battery (Hu et al., Quantum Sci. Technol. 7, 045018 (2022), review
    ref. 34) charged from ``|0>`` to ``|2>`` by square pulses, with the two protocols compared by
    Gemme et al., PRR 6, 023091 (2024) (review ref. 41):

    - ``"sequential"``: a pi pulse on 0-1 (``Omega_a`` for ``pi/Omega_a``), then a pi pulse on
      1-2 (``Omega_b`` for ``pi/Omega_b``); charged at ``pi/Omega_a + pi/Omega_b``;
    - ``"simultaneous"``: both tones together for ``2 pi / Omega``, ``Omega =
      sqrt(Omega_a^2 + Omega_b^2)``; from ``|0>``,
      ``P_1 = (Omega_a/Omega)^2 sin^2(Omega t/2)``,
      ``P_2 = 4 (Omega_a Omega_b / Omega^2)^2 sin^4(Omega t/4)``, full charge for
      ``Omega_a = Omega_b`` at ``sqrt(2) pi / Omega_a``, faster than ``2 pi / Omega_a``.

    The pulses end there, so the battery keeps its charge. Each tone is assumed to address only
    its own transition (``|alpha| >> Omega``); a transmon driven with one amplitude on both tones
    has ``Omega_b = sqrt(2) Omega_a``. The charging time is recorded as ``charging_time``.

    Parameters
    ----------
    rabi_frequency : float
        ``Omega_a`` on the 0-1 transition, > 0.
    omega_q : float
        Qubit frequency (0-1 splitting), > 0.
    anharmonicity : float
        ``alpha``: the 1-2 splitting is ``omega_q + alpha``; ``alpha > -omega_q``.
    protocol : {"sequential", "simultaneous"}
        Two pi pulses one after the other, or both tones at once (above).
    second_rabi_frequency : float, optional
        ``Omega_b`` on the 1-2 transition, > 0 (default ``rabi_frequency``).

    Returns
    -------
    Battery
        ``dims = [3]``, starting in ``|0>``; piecewise-constant drives.

    Examples
    --------
    >>> round(qutrit_battery(1.0).parameters["charging_time"], 6)
    4.442883
    """
    first = positive_real(rabi_frequency, "rabi_frequency")
    frequency = positive_real(omega_q, "omega_q")
    alpha = finite_real(anharmonicity, "anharmonicity")
    if alpha <= -frequency:
        raise QBatteryValueError(
            f"anharmonicity: alpha = {alpha!r} puts level 2 at or below level 1 (needs alpha > "
            f"-omega_q = {-frequency!r})"
        )
    if protocol not in QUTRIT_PROTOCOLS:
        raise QBatteryValueError(
            f"protocol: unknown protocol {protocol!r}; use one of {list(QUTRIT_PROTOCOLS)}"
        )
    second = (
        first
        if second_rabi_frequency is None
        else positive_real(second_rabi_frequency, "second_rabi_frequency")
    )
    if protocol == "sequential":
        switch = math.pi / first
        end = switch + math.pi / second
        pulses: list = [
            (transition(0, 1) / 2, Piecewise((0.0, switch), (first,))),
            (transition(1, 2) / 2, Piecewise((switch, end), (second,))),
        ]
    else:
        end = 2 * math.pi / math.hypot(first, second)
        pulses = [
            (transition(0, 1) / 2, Step(first, 0.0, end)),
            (transition(1, 2) / 2, Step(second, 0.0, end)),
        ]
    return Battery(
        [sp.csr_matrix((3, 3), dtype=np.complex128), *pulses],
        diagonal(0.0, frequency, 2 * frequency + alpha),
        ground(),
        name="qutrit_battery",
        parameters={
            "rabi_frequency": first,
            "omega_q": frequency,
            "anharmonicity": alpha,
            "protocol": protocol,
            "second_rabi_frequency": second,
            "charging_time": end,
        },
    )
