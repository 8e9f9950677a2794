"""Zeno stabilisation of a charged battery by selective energy measurements (review sec. 5.2).

The protocol of the review's Fig. 6 (Gherardini, Campaioli, Caruso & Binder, Phys. Rev. Res. 2,
013095 (2020)), with ``rho_e = |e><e|`` the fully charged state (top level of H_B):

(i) **Drive.** A fast unitary takes the initial state ``rho_0`` to the state of its unitary orbit
    closest to ``rho_e`` in trace distance ``T(rho, sigma) = Tr|rho - sigma| / 2``. For a pure
    target ``T >= 1 - <e|rho|e>`` and ``<e|U rho U^dagger|e> <= r_max`` (the largest eigenvalue
    of ``rho_0``), so the optimum is the active state ``rho_i`` (populations sorted onto the
    levels from the top), at distance ``1 - r_max``.
(ii) **Measure and protect.** A selective projective measurement of H_B finds the top level with
    probability ``P_e = <e|rho_i|e> = r_max``. On success the battery is ``rho_e`` and is measured
    again every ``interval`` (tau): between measurements it evolves freely (its own Hamiltonian
    and Lindblad operators, the map ``Phi_tau``), and each measurement finds the top level again
    with the survival probability ``p(tau) = <e|Phi_tau(rho_e)|e>``, which for closed dynamics
    is ``1 - tau^2 Delta^2 H + O(tau^4)``, ``Delta^2 H = <e|H^2|e> - <e|H|e>^2`` (Misra &
    Sudarshan, J. Math. Phys. 18, 756 (1977)). After ``n`` measurements at ``t = n tau`` the
    survival is ``p(tau)^n ~ exp(-tau t Delta^2 H)``, which tends to 1 as tau -> 0 (the Zeno limit).
(iii) **Re-initialise.** A measurement that finds a lower level ends the protection; the battery
    is re-prepared in ``rho_0`` and steps (i)-(ii) are repeated until the top level is found.

Driving and re-preparation are taken as instantaneous (arbitrarily strong control, as in the
review); only protection takes time. Every measurement resets the battery to ``rho_e`` or ends
the protection, so the outcomes are independent: the attempt outcomes follow the populations of
``rho_i`` and the protection outcomes those of ``Phi_tau(rho_e)``. The study samples them with a
seeded generator and compares with these exact laws.

**Cost of the record.** Measuring costs no energy on average (an H_B measurement keeps
``<H_B>``), but the outcomes must be recorded and eventually erased; erasing a record of Shannon
entropy ``S`` bits costs at least ``k_B T ln 2 * S`` (Landauer, IBM J. Res. Dev. 5, 183 (1961);
with measurement, Sagawa & Ueda, PRL 102, 250602 (2009)). With outcome laws ``pi`` (attempts)
and ``q`` (protection), ``K`` protection measurements and the stopping rule of step (iii), the
record of one run has the exact entropy (Wald's identity for the chain rule)
``S = E[attempts] H(pi) + K H(q)``, ``E[attempts] = (1 + K (1 - p)) / P_e``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.charge import charge
from qbattery.errors import QBatteryValueError
from qbattery.linalg import density_matrix
from qbattery.metrics import active_state
from qbattery.operators import to_dense
from qbattery.validation import non_negative_real, positive_int, positive_real, random_generator

__all__ = ["ZenoProtocol", "landauer_cost", "shannon_entropy", "zeno_protocol"]

#: Levels of H_B closer than this (relative to the largest |level|) are one level.
_DEGENERATE = 1e-9


def shannon_entropy(probabilities: Any) -> float:
    """Shannon entropy ``H(p) = -sum_k p_k log2 p_k`` in bits (``0 log 0 = 0``).

    >>> shannon_entropy([0.5, 0.5])
    1.0
    """
    p = np.asarray(probabilities, dtype=float)
    p = p[p > 0]
    return float(-np.sum(p * np.log2(p)))


def landauer_cost(bits: float, temperature: float) -> float:
    """Least work to erase a record of ``bits`` Shannon bits at ``temperature`` (k_B = 1).

    ``W >= k_B T ln 2 * S`` (Landauer, IBM J. Res. Dev. 5, 183 (1961)).

    >>> round(landauer_cost(1.0, 1.0), 6)
    0.693147
    """
    return non_negative_real(temperature, "temperature") * math.log(2) * bits


@dataclass(frozen=True)
class ZenoProtocol:
    """Outcome of :func:`zeno_protocol`; exact laws beside their sampled estimates.

    Attributes
    ----------
    interval, duration : float
        Measurement interval tau and protected time; ``measurements`` K = floor(duration / tau).
    distance : float
        Trace distance ``1 - r_max`` of the driven state rho_i from rho_e (step i).
    success_probability : float
        ``P_e = <e|rho_i|e>``: one attempt finds the top level (step ii).
    first_attempts : array (runs,) of int
        Attempts each run needed before its first protection started.
    survival_probability : float
        ``p(tau) = <e|Phi_tau(rho_e)|e>``, one protection measurement finding the top level.
    survival_times, survival, sampled_survival : arrays (K + 1,)
        ``k tau``, the exact ``p^k`` and the fraction of runs whose first protection lasted
        past ``k tau``; ``survival_error`` their binomial standard errors.
    failures : array (runs,) of int
        Protection failures (re-initialisations) of each run.
    lifetime, sampled_lifetime : float
        Mean protected lifetime ``tau / (1 - p)`` and its estimate ``K tau runs / failures``
        (``inf`` if no failure).
    interval_times, interval_fidelity, interval_energy : arrays (samples + 1,)
        Free evolution from rho_e over one interval: ``<e|Phi_s(rho_e)|e>``, ``Tr[H_B Phi_s]``.
    mean_fidelity : float
        Time average of the fidelity with rho_e over a protected interval (trapezoid).
    drive_work : float
        ``Tr[H_B (rho_i - rho_0)]`` injected by one drive (step i).
    record_entropy, sampled_record_entropy : float
        Shannon entropy (bits) of one run's outcome record, exact and plug-in estimate.
    recording_cost : float
        Landauer cost ``T ln 2 * record_entropy`` of erasing one run's record.
    seed : Any
        The seed that reproduces the sample.
    """

    interval: float
    duration: float
    measurements: int
    distance: float
    success_probability: float
    first_attempts: np.ndarray
    survival_probability: float
    survival_times: np.ndarray
    survival: np.ndarray
    sampled_survival: np.ndarray
    survival_error: np.ndarray
    failures: np.ndarray
    lifetime: float
    sampled_lifetime: float
    interval_times: np.ndarray
    interval_fidelity: np.ndarray
    interval_energy: np.ndarray
    mean_fidelity: float
    drive_work: float
    record_entropy: float
    sampled_record_entropy: float
    recording_cost: float
    temperature: float
    seed: Any


def _levels(h_b: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Distinct levels of H_B (increasing) and their eigenprojectors."""
    energies, vectors = np.linalg.eigh(h_b)
    scale = _DEGENERATE * max(1.0, float(np.max(np.abs(energies))))
    groups: list[list[int]] = [[0]]
    for k in range(1, energies.size):
        if energies[k] - energies[groups[-1][0]] <= scale:
            groups[-1].append(k)
        else:
            groups.append([k])
    projectors = [vectors[:, g] @ vectors[:, g].conj().T for g in groups]
    return np.array([energies[g[0]] for g in groups]), projectors


def _check_battery(battery: Battery) -> None:
    if not isinstance(battery, Battery):
        raise QBatteryValueError(f"battery: expected a qbattery.Battery, got {type(battery)}")
    if not battery.battery_is_whole_space or battery.subspace is not None:
        raise QBatteryValueError(
            "battery: the Zeno protocol measures the whole state space; pass a battery whose "
            "battery subsystems are all of dims (no charger, sector or subspace)"
        )
    if battery.hamiltonian.drives or battery.environment is not None:
        raise QBatteryValueError(
            "battery: the free evolution between measurements must be time-independent "
            "Lindblad dynamics; drop the protocol drives and the environment"
        )
    if battery.measurement_interval is not None:
        raise QBatteryValueError(
            "battery: has a measurement_interval; pass interval= to zeno_protocol instead"
        )


def zeno_protocol(
    battery: Battery,
    interval: float,
    duration: float,
    *,
    runs: int = 1000,
    seed: Any = 0,
    temperature: float = 1.0,
    samples: int = 32,
) -> ZenoProtocol:
    """Run the Zeno stabilisation protocol of the review's Fig. 6 (module docstring).

    Parameters
    ----------
    battery : Battery
        Whole-space battery: ``hamiltonian`` (time-independent) and ``collapse_ops`` give the
        free evolution between measurements, ``initial_state`` is rho_0, the measurement is of
        ``battery_hamiltonian`` (whose top level must be non-degenerate).
    interval : float
        Time tau between protection measurements (> 0).
    duration : float
        Protected time; K = floor(duration / tau) protection measurements per run.
    runs : int
        Sampled runs of the protocol.
    seed : int or numpy.random.Generator
        Seed of the outcome sampling.
    temperature : float
        Temperature of the memory that records the outcomes (k_B = 1), for the Landauer cost.
    samples : int
        Time points per interval of the free-evolution curves.

    Returns
    -------
    ZenoProtocol

    Examples
    --------
    >>> import numpy as np
    >>> h_b = np.diag([0.0, 1.0])
    >>> qubit = Battery(h_b + 0.1 * np.array([[0, 1], [1, 0]]), h_b, np.diag([0.3, 0.7]))
    >>> result = zeno_protocol(qubit, 0.1, 1.0, runs=100)
    >>> round(result.success_probability, 6), bool(result.survival_probability > 0.999)
    (0.7, True)
    """
    _check_battery(battery)
    tau = positive_real(interval, "interval")
    total = non_negative_real(duration, "duration")
    n_runs = positive_int(runs, "runs")
    n_samples = positive_int(samples, "samples")
    temperature = non_negative_real(temperature, "temperature")
    rng, recorded = random_generator(seed)
    h_b = to_dense(battery.battery_hamiltonian)
    levels, projectors = _levels(h_b)
    top = projectors[-1]
    if np.real(np.trace(top)) > 1.5:
        raise QBatteryValueError(
            "battery: the top level of battery_hamiltonian is degenerate, so the fully charged "
            "state is not unique; lift the degeneracy"
        )
    rho_0 = density_matrix(battery.initial_state)
    rho_i = np.asarray(active_state(rho_0, h_b))
    attempt_law = np.array([np.real(np.trace(p @ rho_i)) for p in projectors]).clip(0, 1)
    p_e = float(attempt_law[-1])
    if p_e <= 0:
        raise QBatteryValueError("battery: initial_state is zero; it cannot be driven to rho_e")

    grid = np.linspace(0.0, tau, n_samples + 1)
    rho_e = top.astype(complex)
    free = charge(
        battery.replace(initial_state=rho_e),
        grid,
        ergotropy=False,
        battery_states=True,
        progress=False,
    )
    states = np.asarray(free.battery_states)
    fidelity = np.real(np.einsum("ij,nji->n", top, states))
    energy = np.real(np.einsum("ij,nji->n", h_b, states))
    protect_law = np.array([np.real(np.trace(p @ states[-1])) for p in projectors]).clip(0, 1)
    protect_law /= protect_law.sum()
    p = float(protect_law[-1])

    k_max = int(np.floor(total / tau * (1 + 1e-12)))
    outcomes = rng.choice(levels.size, size=(n_runs, k_max), p=protect_law)
    failed = outcomes != levels.size - 1
    failures = failed.sum(axis=1)
    alive = np.cumprod(~failed, axis=1).mean(axis=0)  # first protection past k tau
    survived = np.concatenate([[1.0], alive])
    exact_survival = p ** np.arange(k_max + 1)
    attempts = rng.geometric(p_e, size=n_runs + int(failures.sum()))
    counts = np.bincount(outcomes.ravel(), minlength=levels.size).astype(float)
    lower = rng.multinomial(int(attempts.sum()) - attempts.size, _lower_law(attempt_law))
    attempt_counts = np.append(lower, attempts.size).astype(float)

    mean_attempts = (1.0 + k_max * (1.0 - p)) / p_e
    entropy = mean_attempts * shannon_entropy(attempt_law) + k_max * shannon_entropy(protect_law)
    sampled_entropy = attempts.sum() / n_runs * shannon_entropy(
        attempt_counts / attempt_counts.sum()
    ) + (k_max * shannon_entropy(counts / counts.sum()) if k_max else 0.0)
    return ZenoProtocol(
        interval=tau,
        duration=total,
        measurements=k_max,
        distance=1.0 - p_e,
        success_probability=p_e,
        first_attempts=attempts[:n_runs],
        survival_probability=p,
        survival_times=tau * np.arange(k_max + 1),
        survival=exact_survival,
        sampled_survival=survived,
        survival_error=np.sqrt(exact_survival * (1 - exact_survival) / n_runs),
        failures=failures,
        lifetime=tau / (1.0 - p) if p < 1 else math.inf,
        sampled_lifetime=k_max * tau * n_runs / failures.sum() if failures.sum() else math.inf,
        interval_times=grid,
        interval_fidelity=fidelity,
        interval_energy=energy,
        mean_fidelity=float(np.trapezoid(fidelity, grid) / tau),
        drive_work=float(np.real(np.trace(h_b @ (rho_i - rho_0)))),
        record_entropy=entropy,
        sampled_record_entropy=float(sampled_entropy),
        recording_cost=landauer_cost(entropy, temperature),
        temperature=temperature,
        seed=recorded,
    )


def _lower_law(attempt_law: np.ndarray) -> np.ndarray:
    """Outcome law of a failed attempt (the lower levels, renormalised)."""
    lower = attempt_law[:-1]
    return lower / lower.sum() if lower.sum() > 0 else np.full(lower.size, 1.0 / lower.size)
