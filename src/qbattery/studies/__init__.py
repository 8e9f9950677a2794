"""Studies: clients of :func:`qbattery.charge` that run it many times or analyse what it returns.

- :mod:`~qbattery.studies.advantage`: collective against parallel charging, power-law fits and
  scaling studies over N.
- :mod:`~qbattery.studies.disorder`: seeded disorder averages with standard errors.
- :mod:`~qbattery.studies.syk`: SYK disorder averages and the power-scaling exponent.
- :mod:`~qbattery.studies.self_discharge`: steady states and self-discharge lifetimes.
- :mod:`~qbattery.studies.discharge`: discharging a charged battery into a load.
- :mod:`~qbattery.studies.dynamical_maps`: a battery's dynamical maps (for the
  non-Markovianity measures of :mod:`qbattery.metrics.non_markovianity`).
- :mod:`~qbattery.studies.bounds`: speed and power bounds along a battery's own trajectory.
- :mod:`~qbattery.studies.control`: optimal charging protocols with exact gradients and their
  gain over constant coupling.
- :mod:`~qbattery.studies.zeno`, :mod:`~qbattery.studies.feedback`,
  :mod:`~qbattery.studies.jump_feedback`, :mod:`~qbattery.studies.teleportation`: measurement
  and feedback (review sec. 5.2).
- :mod:`~qbattery.studies.remote_charging`, :mod:`~qbattery.studies.waveguide_charging`:
  remote (wireless) charging through a shared reservoir or a waveguide (review sec. 6).
- :mod:`~qbattery.studies.ageing`, :mod:`~qbattery.studies.floquet_protection`,
  :mod:`~qbattery.studies.floquet_bound_state`: ageing and
  protection (review sec. 5.3): adiabatic, coherence-based and Floquet protection against the
  unprotected battery.

Nothing below this package imports it.
"""

from qbattery.studies.advantage import (
    Advantage,
    PowerLaw,
    ScalingStudy,
    collective_advantage,
    fit_power_law,
    scaling_study,
)
from qbattery.studies.ageing import Protection, adiabatic_protection, coherence_protection
from qbattery.studies.bounds import SpeedLimit, open_power_trajectory, speed_limit
from qbattery.studies.control import (
    OptimisedProtocol,
    ProtocolComparison,
    compare_with_constant,
    linear_control,
    optimise_protocol,
)
from qbattery.studies.discharge import discharge, product_state
from qbattery.studies.disorder import DisorderAverage, disorder_average, realisation_seeds
from qbattery.studies.dynamical_maps import battery_maps, dynamical_maps
from qbattery.studies.feedback import FeedbackCharging, feedback_battery, feedback_charging
from qbattery.studies.floquet_bound_state import FloquetBoundState, floquet_bound_states
from qbattery.studies.floquet_protection import (
    FloquetSpectrum,
    floquet_protection,
    floquet_spectrum,
)
from qbattery.studies.jump_feedback import JumpFeedback, jump_feedback_charging
from qbattery.studies.remote_charging import (
    ModeConvergence,
    RemoteCharging,
    continuum_convergence,
    remote_charging,
)
from qbattery.studies.self_discharge import (
    SelfDischarge,
    SteadyState,
    self_discharge,
    steady_state,
)
from qbattery.studies.syk import SykAverage, SykScaling, syk_average, syk_scaling
from qbattery.studies.teleportation import EnergyTeleportation, energy_teleportation
from qbattery.studies.waveguide_charging import (
    BoundState,
    bound_state_amplitudes,
    bound_states,
    spectral_sum_rule,
    waveguide_charging,
)
from qbattery.studies.zeno import ZenoProtocol, landauer_cost, zeno_protocol

__all__ = [
    "Advantage",
    "BoundState",
    "DisorderAverage",
    "EnergyTeleportation",
    "FeedbackCharging",
    "FloquetBoundState",
    "FloquetSpectrum",
    "JumpFeedback",
    "ModeConvergence",
    "OptimisedProtocol",
    "PowerLaw",
    "Protection",
    "ProtocolComparison",
    "RemoteCharging",
    "ScalingStudy",
    "SelfDischarge",
    "SpeedLimit",
    "SteadyState",
    "SykAverage",
    "SykScaling",
    "ZenoProtocol",
    "adiabatic_protection",
    "battery_maps",
    "bound_state_amplitudes",
    "bound_states",
    "coherence_protection",
    "collective_advantage",
    "compare_with_constant",
    "continuum_convergence",
    "discharge",
    "disorder_average",
    "dynamical_maps",
    "energy_teleportation",
    "feedback_battery",
    "feedback_charging",
    "fit_power_law",
    "floquet_bound_states",
    "floquet_protection",
    "floquet_spectrum",
    "jump_feedback_charging",
    "landauer_cost",
    "linear_control",
    "open_power_trajectory",
    "optimise_protocol",
    "product_state",
    "realisation_seeds",
    "remote_charging",
    "scaling_study",
    "self_discharge",
    "spectral_sum_rule",
    "speed_limit",
    "steady_state",
    "syk_average",
    "syk_scaling",
    "waveguide_charging",
    "zeno_protocol",
]
