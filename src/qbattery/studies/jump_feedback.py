"""Quantum-jump-triggered feedback: a conditional kick on every detected jump (review sec. 5.2).

A channel ``c`` of the battery's environment (e.g. the decay ``sqrt(kappa) a`` of a dissipative
cavity) is watched by a photodetector; each click triggers at once a unitary kick ``U`` (Yao &
Shao, PRE 104, 044116 (2021), on Rydberg batteries in a dissipative cavity). On a trajectory the
jump ``rho -> c rho c^dagger`` becomes ``rho -> U c rho c^dagger U^dagger``, so the unconditional
state obeys the jump-feedback master equation (Wiseman, PRA 49, 2133 (1994))

    d rho/dt = -i[H, rho] + D[U c] rho + sum_j D[L_j] rho,

with the same click rate ``Tr[c^dagger c rho]`` as without feedback. The study samples the clicks
with QuTiP's ``mcsolve`` (quantum-jump trajectories, collapse operator ``U c``; Dalibard, Castin &
Molmer, PRL 68, 580 (1992)) and solves both master equations, with and without feedback, with
:func:`qbattery.charge`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import qutip

from qbattery.battery import Battery
from qbattery.charge import charge
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.operators import to_dense
from qbattery.validation import check_times, operator, positive_int, random_generator

__all__ = ["JumpFeedback", "jump_feedback_charging"]


@dataclass(frozen=True)
class JumpFeedback:
    """Charging with and without jump-triggered feedback.

    Attributes
    ----------
    times : array (n,)
    energy, energy_error : arrays (n,)
        Battery energy ``Tr[H_B rho_B]`` averaged over the jump trajectories with feedback, and
        its standard error.
    feedback_energy, plain_energy : arrays (n,)
        The same from the master equations with and without feedback.
    feedback_ergotropy, plain_ergotropy : arrays (n,)
        Ergotropy of the unconditional battery state with and without feedback.
    trajectories : int
    seed : int
    """

    times: np.ndarray
    energy: np.ndarray
    energy_error: np.ndarray
    feedback_energy: np.ndarray
    plain_energy: np.ndarray
    feedback_ergotropy: np.ndarray
    plain_ergotropy: np.ndarray
    trajectories: int
    seed: int


def _kick(kick: Any, d: int) -> np.ndarray:
    u = operator(kick, "kick", hermitian=False).astype(complex)
    if u.shape != (d, d):
        raise DimensionError(f"kick: shape {u.shape} does not match the battery's space ({d}, {d})")
    if not np.allclose(u.conj().T @ u, np.eye(d), atol=1e-10):
        raise QBatteryValueError("kick: must be unitary (U^dagger U = 1); pass a unitary matrix")
    return u


def jump_feedback_charging(
    battery: Battery,
    times: Any,
    *,
    detected: Any,
    kick: Any,
    trajectories: int = 500,
    seed: int = 0,
    workers: int = 1,
) -> JumpFeedback:
    """Charge with a unitary ``kick`` applied on every click of the ``detected`` channel.

    Parameters
    ----------
    battery : Battery
        Hamiltonian (any protocol), unmonitored ``collapse_ops``, initial state and ``H_B``.
    times : array (n,)
        Output times.
    detected : operator (d, d)
        The monitored jump operator ``c`` (a dissipation channel of its own).
    kick : unitary (d, d)
        ``U`` applied right after each detected jump.
    trajectories : int
        Quantum-jump trajectories for ``mcsolve``.
    seed : int
        Seed of the trajectories.
    workers : int
        Processes for ``mcsolve`` (QuTiP's ``map="parallel"`` when more than one).

    Returns
    -------
    JumpFeedback
    """
    grid = check_times(times)
    d = battery.dimension
    c = operator(detected, "detected", hermitian=False).astype(complex)
    if c.shape != (d, d):
        raise DimensionError(f"detected: shape {c.shape} does not match the battery's space")
    u = _kick(kick, d)
    runs = positive_int(trajectories, "trajectories")
    n_workers = positive_int(workers, "workers")
    _, recorded = random_generator(seed)
    with_feedback = battery.replace(collapse_ops=[*battery.collapse_ops, u @ c])
    plain = battery.replace(collapse_ops=[*battery.collapse_ops, c])
    solved = charge(with_feedback, grid, progress=False)
    reference = charge(plain, grid, progress=False)
    dims = battery.space_dims
    space = [dims, dims]
    initial = battery.initial_state
    state = qutip.Qobj(initial, dims=[dims, [1] * len(dims)] if initial.ndim == 1 else space)
    options: dict[str, Any] = {"progress_bar": False}
    if n_workers > 1:
        options.update(map="parallel", num_cpus=n_workers)
    jumps = qutip.mcsolve(
        qutip.QobjEvo(with_feedback.hamiltonian.to_qobj_list(dims)),
        state,
        grid,
        c_ops=[qutip.Qobj(to_dense(op), dims=space) for op in with_feedback.collapse_ops],
        e_ops=[qutip.Qobj(to_dense(battery.battery_hamiltonian_full()), dims=space)],
        ntraj=runs,
        seeds=recorded,
        options=options,
    )
    return JumpFeedback(
        times=grid,
        energy=np.real(jumps.expect[0]),
        energy_error=np.real(jumps.std_expect[0]) / np.sqrt(runs),
        feedback_energy=solved.battery_energy,
        plain_energy=reference.battery_energy,
        feedback_ergotropy=np.asarray(solved.ergotropy),
        plain_ergotropy=np.asarray(reference.ergotropy),
        trajectories=runs,
        seed=recorded,
    )
