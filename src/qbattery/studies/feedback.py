"""Charging with continuous homodyne measurement and linear feedback (review sec. 5.2).

A channel ``c`` of the system (e.g. a charger's decay ``sqrt(gamma) sigma_-``) is monitored by
homodyne detection with efficiency ``eta``; the current

    I(t) dt = <c + c^dagger> dt + dW / sqrt(eta)                    (E[dW^2] = dt)

is fed back linearly, ``H_fb(t) = I(t - delay) F``, as in the linear-feedback charger of Mitchison,
Goold & Prior, Quantum 5, 500 (2021). The conditional state obeys the homodyne stochastic master
equation (Wiseman & Milburn, *Quantum Measurement and Control*, CUP 2010, ch. 4-5)

    d rho = -i[H, rho] dt + D[c] rho dt + sum_j D[L_j] rho dt + sqrt(eta) H[c] rho dW
            + (feedback: rho -> U rho U^dagger, U = exp(-i F I(t - delay) dt)),

``D[a] rho = a rho a^dagger - {a^dagger a, rho}/2``, ``H[a] rho = a rho + rho a^dagger -
Tr[(a + a^dagger) rho] rho``. With zero delay the feedback acts right after the measurement that
produced the current, and the average over trajectories obeys the Wiseman-Milburn feedback master
equation (Wiseman, PRA 49, 2133 (1994))

    d rho/dt = -i[H + (c^dagger F + F c)/2, rho] + D[c - iF] rho + ((1 - eta)/eta) D[F] rho
               + sum_j D[L_j] rho,

which :func:`feedback_battery` builds as an ordinary Lindblad battery for :func:`qbattery.charge`.

Trajectories are integrated by the positivity-preserving first-order scheme of Rouchon & Ralph,
PRA 91, 012118 (2015), ``rho -> M rho M^dagger + dt sum_j L_j rho L_j^dagger`` (normalised) with
``M = 1 - (iH + K/2) dt + sqrt(eta) c dY + eta c^2 (dY^2 - dt)/2``, ``dY = sqrt(eta) <c + c^dagger>
dt + dW``, then the exact feedback unitary with the current of ``delay`` earlier (none before
``t = delay``). Trajectories run in chunks of fixed size, each with its own seed spawned from
``seed`` (:func:`qbattery.studies.disorder.realisation_seeds`), on ``workers`` processes; results
do not depend on ``workers``.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.linalg import density_matrix, reduced_state
from qbattery.metrics import ergotropy
from qbattery.operators import to_dense
from qbattery.studies.disorder import realisation_seeds
from qbattery.validation import (
    check_times,
    non_negative_real,
    operator,
    positive_int,
    positive_real,
)

__all__ = ["FeedbackCharging", "feedback_battery", "feedback_charging"]

#: Trajectories per chunk (one seed each): fixed, so results do not depend on ``workers``.
CHUNK = 50


@dataclass(frozen=True)
class FeedbackCharging:
    """Trajectory averages of :func:`feedback_charging`, with standard errors.

    Attributes
    ----------
    times : array (n,)
    energy, energy_error : arrays (n,)
        Mean battery energy ``Tr[H_B rho_B]`` over trajectories and its standard error.
    conditional_ergotropy, conditional_ergotropy_error : arrays (n,)
        Mean ergotropy of the conditional battery states (what an observer who keeps the record
        can extract) and its standard error.
    ergotropy : array (n,)
        Ergotropy of the trajectory-averaged battery state (the unconditional one).
    mean_state : array (n, d, d)
        Trajectory-averaged state of the whole system.
    efficiency, delay, dt : float
    trajectories : int
    seed : int
    """

    times: np.ndarray
    energy: np.ndarray
    energy_error: np.ndarray
    conditional_ergotropy: np.ndarray
    conditional_ergotropy_error: np.ndarray
    ergotropy: np.ndarray
    mean_state: np.ndarray
    efficiency: float
    delay: float
    dt: float
    trajectories: int
    seed: int


def _check_efficiency(efficiency: float) -> float:
    eta = positive_real(efficiency, "efficiency")
    if eta > 1:
        raise QBatteryValueError(f"efficiency: must be in (0, 1], got {efficiency!r}")
    return eta


def _static_battery(battery: Battery) -> None:
    if battery.hamiltonian.drives or battery.environment is not None:
        raise QBatteryValueError(
            "battery: feedback charging needs a time-independent Hamiltonian and Lindblad "
            "operators only; drop the protocol drives and the environment"
        )
    if battery.subspace is not None or battery.sector is not None:
        raise QBatteryValueError("battery: pass a battery on its full product space")


def feedback_battery(
    battery: Battery, *, measured: Any, feedback: Any, efficiency: float = 1.0
) -> Battery:
    """The battery under zero-delay homodyne feedback, as a Lindblad battery (module docstring).

    ``H -> H + (c^dagger F + F c)/2``; collapse operators ``c - iF``,
    ``sqrt((1 - eta)/eta) F`` and the battery's own (Wiseman, PRA 49, 2133 (1994)).

    Parameters
    ----------
    battery : Battery
        Hamiltonian and unmonitored Lindblad operators ``L_j``.
    measured : operator (d, d)
        The monitored channel ``c`` (a dissipation channel of its own, not in collapse_ops).
    feedback : Hermitian operator (d, d)
        ``F`` of the feedback Hamiltonian ``I(t) F``.
    efficiency : float
        Detection efficiency ``eta`` in (0, 1].
    """
    _static_battery(battery)
    c, f = _operators(battery, measured, feedback)
    eta = _check_efficiency(efficiency)
    h = to_dense(battery.hamiltonian.static) + 0.5 * (c.conj().T @ f + f @ c)
    extra = [c - 1j * f]
    if eta < 1:
        extra.append(np.sqrt((1 - eta) / eta) * f)
    return battery.replace(hamiltonian=h, collapse_ops=[*battery.collapse_ops, *extra])


def _operators(battery: Battery, measured: Any, feedback: Any) -> tuple[np.ndarray, np.ndarray]:
    d = battery.dimension
    c = operator(measured, "measured", hermitian=False)
    f = operator(feedback, "feedback")
    for name, array in (("measured", c), ("feedback", f)):
        if array.shape != (d, d):
            raise DimensionError(
                f"{name}: shape {array.shape} does not match the battery's space ({d}, {d})"
            )
    return c.astype(complex), f.astype(complex)


def _chunk(
    arrays: dict[str, np.ndarray], settings: tuple[float, float, int, int, int], seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Integrate one chunk; returns the states at the output steps and their energies."""
    eta, dt, lag, count, steps = settings
    rng = np.random.default_rng(seed)
    c, f, h, h_b, jumps = arrays["c"], arrays["f"], arrays["h"], arrays["h_b"], arrays["jumps"]
    d = h.shape[0]
    kernel = sum((j.conj().T @ j for j in jumps), np.zeros((d, d), complex))
    drift = np.eye(d) - (1j * h + 0.5 * (kernel + (c.conj().T @ c))) * dt
    c2 = c @ c
    f_levels, f_vectors = np.linalg.eigh(f)
    outputs = set(arrays["output_steps"].tolist())
    rho = np.broadcast_to(arrays["rho0"], (count, d, d)).copy()
    currents = np.zeros((lag + 1, count))  # ring buffer of dY / sqrt(eta)
    kept = []
    if 0 in outputs:
        kept.append(rho.copy())
    for step in range(1, steps + 1):
        mean_x = np.real(np.einsum("ij,nji->n", c + c.conj().T, rho))
        dy = np.sqrt(eta) * mean_x * dt + rng.normal(0.0, np.sqrt(dt), count)
        m = (
            drift[None]
            + np.sqrt(eta) * dy[:, None, None] * c
            + (0.5 * eta * (dy**2 - dt)[:, None, None] * c2)
        )
        new = m @ rho @ np.conj(np.swapaxes(m, 1, 2))
        for jump in (*jumps, np.sqrt(1 - eta) * c):
            new += dt * (jump @ rho @ jump.conj().T)
        rho = new / np.real(np.trace(new, axis1=1, axis2=2))[:, None, None]
        currents[step % (lag + 1)] = dy / np.sqrt(eta)
        if step > lag:
            phases = np.exp(-1j * np.outer(currents[(step - lag) % (lag + 1)], f_levels))
            u = np.einsum("ij,nj,kj->nik", f_vectors, phases, f_vectors.conj())
            rho = u @ rho @ np.conj(np.swapaxes(u, 1, 2))
        if step in outputs:
            kept.append(rho.copy())
    states = np.stack(kept, axis=1)  # (count, n_times, d, d)
    energy = np.real(np.einsum("ij,ntji->nt", h_b, states))
    return states, energy


def feedback_charging(
    battery: Battery,
    times: Any,
    *,
    measured: Any,
    feedback: Any,
    efficiency: float = 1.0,
    delay: float = 0.0,
    trajectories: int = 200,
    seed: int = 0,
    dt: float = 1e-3,
    workers: int = 1,
) -> FeedbackCharging:
    """Average charging over homodyne-feedback trajectories (module docstring).

    Parameters
    ----------
    battery : Battery
        Time-independent Hamiltonian, unmonitored ``collapse_ops``, initial state, ``H_B``.
    times : array (n,)
        Output times, multiples of ``dt``.
    measured, feedback : operators (d, d)
        The monitored channel ``c`` and the Hermitian feedback operator ``F``.
    efficiency : float
        Detection efficiency ``eta`` in (0, 1].
    delay : float
        Feedback delay (a multiple of ``dt``; 0: the Wiseman-Milburn limit).
    trajectories : int
        Number of trajectories (rounded up to whole chunks of ``CHUNK``).
    seed : int
        Master seed; chunk ``k`` uses child ``k`` of ``realisation_seeds(seed, chunks)``.
    dt : float
        Time step of the stochastic integration.
    workers : int
        Processes over which the chunks are spread.

    Returns
    -------
    FeedbackCharging
    """
    _static_battery(battery)
    c, f = _operators(battery, measured, feedback)
    eta = _check_efficiency(efficiency)
    step = positive_real(dt, "dt")
    grid = check_times(times)
    output_steps = np.rint(grid / step).astype(int)
    if np.any(np.abs(output_steps * step - grid) > 1e-9 * np.maximum(1.0, grid)):
        raise QBatteryValueError(f"times: must be multiples of dt = {step}; pass such a grid")
    lag_time = non_negative_real(delay, "delay")
    lag = int(np.rint(lag_time / step))
    if abs(lag * step - lag_time) > 1e-9 * max(1.0, lag_time):
        raise QBatteryValueError(f"delay: must be a multiple of dt = {step}, got {delay!r}")
    chunks = -(-positive_int(trajectories, "trajectories") // CHUNK)
    seeds = realisation_seeds(seed, chunks)
    arrays = {
        "c": c,
        "f": f,
        "h": to_dense(battery.hamiltonian.static).astype(complex),
        "h_b": to_dense(battery.battery_hamiltonian_full()).astype(complex),
        "jumps": np.array([to_dense(j) for j in battery.collapse_ops], complex).reshape(
            -1, battery.dimension, battery.dimension
        ),
        "rho0": density_matrix(battery.initial_state).astype(complex),
        "output_steps": output_steps,
    }
    settings = (eta, step, lag, CHUNK, int(output_steps[-1]))
    n_workers = positive_int(workers, "workers")
    if n_workers == 1:
        parts = [_chunk(arrays, settings, int(s)) for s in seeds]
    else:
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(n_workers, mp_context=context) as pool:
            parts = list(pool.map(_chunk, [arrays] * chunks, [settings] * chunks, map(int, seeds)))
    states = np.concatenate([p[0] for p in parts])
    energy = np.concatenate([p[1] for p in parts])
    h_b = to_dense(battery.battery_hamiltonian)
    reduced = reduced_state(states, battery.dims, battery.battery)
    conditional = np.asarray(ergotropy(reduced, h_b, validate=False))
    mean_state = states.mean(axis=0)
    n = states.shape[0]
    return FeedbackCharging(
        times=grid,
        energy=energy.mean(axis=0),
        energy_error=energy.std(axis=0, ddof=1) / np.sqrt(n),
        conditional_ergotropy=conditional.mean(axis=0),
        conditional_ergotropy_error=conditional.std(axis=0, ddof=1) / np.sqrt(n),
        ergotropy=np.asarray(
            ergotropy(reduced_state(mean_state, battery.dims, battery.battery), h_b)
        ),
        mean_state=mean_state,
        efficiency=eta,
        delay=lag * step,
        dt=step,
        trajectories=n,
        seed=seed,
    )
