"""Three-level batteries charged by classical pulses: STIRAP, its shortcut, closed loops, qutrits.

One three-level system, levels ``|0>, |1>, |2>`` with energies ``0 < omega_1 < omega_2``
(``H_B = omega_1 |1><1| + omega_2 |2><2|``), driven on its transitions by resonant fields
(review sec. 3.4, refs. 34, 39-41, 70, 130). The Hamiltonians are written in the frame rotating
with the fields (rotating-wave approximation), ``H = sum_k (Omega_k(t)/2) X_k + ...`` with
``X_lu = |l><u| + |u><l|`` and ``Y_lu = i (|l><u| - |u><l|)``. ``H_B`` is diagonal, so the
frame change (a diagonal unitary) leaves populations, stored energy and ergotropy unchanged:
they are computed with the bare ``H_B`` as in the laboratory frame.

Pulses are the protocols :class:`~qbattery.models.multilevel.stirap.GaussianPulse` and
:class:`~qbattery.models.multilevel.stirap.MixingAngleRate` (continuous, so charging goes
through the ODE solver) or the square pulses of :mod:`qbattery.protocols` (piecewise constant,
solved exactly). :mod:`~qbattery.models.multilevel.stirap` holds the STIRAP battery,
:mod:`~qbattery.models.multilevel.resonant` the closed-loop and qutrit batteries.
"""

from qbattery.models.multilevel.resonant import QUTRIT_PROTOCOLS as QUTRIT_PROTOCOLS
from qbattery.models.multilevel.resonant import closed_loop_battery, qutrit_battery
from qbattery.models.multilevel.stirap import GaussianPulse as GaussianPulse
from qbattery.models.multilevel.stirap import MixingAngleRate as MixingAngleRate
from qbattery.models.multilevel.stirap import self_discharged_state as self_discharged_state
from qbattery.models.multilevel.stirap import stirap_battery

#: The models of this family (re-exported by qbattery.models); the helpers beside them
#: (QUTRIT_PROTOCOLS, GaussianPulse, MixingAngleRate, self_discharged_state) are imported by name.
__all__ = ["closed_loop_battery", "qutrit_battery", "stirap_battery"]
