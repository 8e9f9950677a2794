"""qbattery: the Python toolkit for quantum batteries.

>>> import qbattery as qb
>>> import numpy as np
>>> float(qb.ergotropy(np.diag([0.0, 1.0]), np.diag([0.0, 1.0])))
1.0
"""

from qbattery import bases, environments, errors, metrics, models, protocols, studies
from qbattery.battery import Battery
from qbattery.charge import charge
from qbattery.collision_charging import CollisionCharging, collision_charging
from qbattery.environments.baths import DrudeLorentzEnvironment, OhmicEnvironment
from qbattery.environments.markovian import collective_noise, local_noise
from qbattery.environments.pseudomodes import Lorentzian, LorentzianBath, add_pseudomodes
from qbattery.environments.redfield import RedfieldEnvironment
from qbattery.environments.reservoirs import SharedReservoir
from qbattery.environments.waveguide import RectangularWaveguide
from qbattery.free_fermion_charge import free_fermion_charge
from qbattery.linalg import LevelSpectrum, dephase, reduced_state, reduced_state_of_ket
from qbattery.metrics import (
    Energetics,
    active_state,
    antiergotropy,
    battery_energetics,
    battery_state,
    capacity,
    coherent_ergotropy,
    energetics,
    energy,
    energy_variance,
    ergotropy,
    extended_local_ergotropy,
    incoherent_ergotropy,
    local_capacity,
    local_ergotropy,
    parallel_capacity,
    parallel_ergotropy,
    passive_state,
    resources,
)
from qbattery.metrics.non_markovianity import blp_measure, rhp_measure
from qbattery.models.quadratic_chain import QuadraticChain
from qbattery.operators import ground_state
from qbattery.reductions import excitation_parity_sector
from qbattery.results import ChargingResult
from qbattery.studies import disorder
from qbattery.studies.advantage import (
    Advantage,
    ScalingStudy,
    collective_advantage,
    fit_power_law,
    scaling_study,
)
from qbattery.studies.ageing import adiabatic_protection, coherence_protection
from qbattery.studies.control import compare_with_constant, linear_control, optimise_protocol
from qbattery.studies.discharge import discharge
from qbattery.studies.disorder import DisorderAverage, disorder_average
from qbattery.studies.feedback import feedback_battery, feedback_charging
from qbattery.studies.floquet_protection import floquet_protection
from qbattery.studies.jump_feedback import jump_feedback_charging
from qbattery.studies.remote_charging import remote_charging
from qbattery.studies.self_discharge import SelfDischarge, SteadyState, self_discharge, steady_state
from qbattery.studies.syk import syk_average, syk_scaling
from qbattery.studies.teleportation import energy_teleportation
from qbattery.studies.waveguide_charging import bound_states, waveguide_charging
from qbattery.studies.zeno import zeno_protocol
from qbattery.version import __version__

__all__ = [
    "Advantage",
    "Battery",
    "ChargingResult",
    "CollisionCharging",
    "DisorderAverage",
    "DrudeLorentzEnvironment",
    "Energetics",
    "LevelSpectrum",
    "Lorentzian",
    "LorentzianBath",
    "OhmicEnvironment",
    "QuadraticChain",
    "RectangularWaveguide",
    "RedfieldEnvironment",
    "ScalingStudy",
    "SelfDischarge",
    "SharedReservoir",
    "SteadyState",
    "__version__",
    "active_state",
    "add_pseudomodes",
    "adiabatic_protection",
    "antiergotropy",
    "bases",
    "battery_energetics",
    "battery_state",
    "blp_measure",
    "bound_states",
    "capacity",
    "charge",
    "coherence_protection",
    "coherent_ergotropy",
    "collective_advantage",
    "collective_noise",
    "collision_charging",
    "compare_with_constant",
    "dephase",
    "discharge",
    "disorder",
    "disorder_average",
    "energetics",
    "energy",
    "energy_teleportation",
    "energy_variance",
    "environments",
    "ergotropy",
    "errors",
    "excitation_parity_sector",
    "extended_local_ergotropy",
    "feedback_battery",
    "feedback_charging",
    "fit_power_law",
    "floquet_protection",
    "free_fermion_charge",
    "ground_state",
    "incoherent_ergotropy",
    "jump_feedback_charging",
    "linear_control",
    "local_capacity",
    "local_ergotropy",
    "local_noise",
    "metrics",
    "models",
    "optimise_protocol",
    "parallel_capacity",
    "parallel_ergotropy",
    "passive_state",
    "protocols",
    "reduced_state",
    "reduced_state_of_ket",
    "remote_charging",
    "resources",
    "rhp_measure",
    "scaling_study",
    "self_discharge",
    "steady_state",
    "studies",
    "syk_average",
    "syk_scaling",
    "waveguide_charging",
    "zeno_protocol",
]
