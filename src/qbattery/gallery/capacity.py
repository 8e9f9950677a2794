"""Gallery entry on the battery capacity of two-qubit states (Yang et al.): its closed forms
for a noisy entangled pair, its independence of the temporary energy, and its relation to
entanglement through the gap to the cells' local capacities.

Independent computations: closed forms (the spectrum of ``w |psi><psi| + (1 - w) 1/4`` and the
cells' reduced states after the ``|gg> <-> |ee>`` swap), and the state built and evolved by
:func:`qutip.mesolve` at one point, with the capacities computed by hand from its eigenvalues.
"""

from __future__ import annotations

import math

import numpy as np

from qbattery.gallery.common import grid
from qbattery.gallery.entry import Check, Entry, Outcome

__all__ = ["YANG_2023", "pair_capacities", "qutip_pair_capacities"]

#: Tolerance of the closed forms (sums of eigenvalues in double precision).
CLOSED_FORM_TOLERANCE = 1e-9

#: The point solved by QuTiP: (angle, weight).
QUTIP_POINT = (math.pi / 8, 0.75)

#: Least step of the capacity gap between neighbouring concurrences counted as "increasing".
GAP_MARGIN = 1e-3


def pair_capacities(angle: float, weight: float, phase: float, omega: float = 1.0) -> tuple:
    """``(C, C_1 + C_2, concurrence)`` of ``w |psi><psi| + (1 - w) 1/4``, ``|psi> = cos(angle)
    |gg> + sin(angle) |ee>``, after the swap ``|gg> -> cos(phase) |gg> - i sin(phase) |ee>``.

    The spectrum ``{w + (1 - w)/4, (1 - w)/4 (three times)}`` against the levels
    ``0, omega, omega, 2 omega`` gives ``C = 2 omega w`` (any unitary keeps it). Each cell is
    diagonal with populations ``(1 +- w cos(2 angle) cos(2 phase)) / 2``, so
    ``C_k = omega w |cos(2 angle) cos(2 phase)|``; the concurrence of the X state is
    ``max(0, 2 |rho_{gg,ee}| - (1 - w) / 2)`` with ``|rho_{gg,ee}| = w |a b|``.

    Examples
    --------
    A Bell state: capacity 2 omega, nothing locally, concurrence 1:

    >>> import math
    >>> from qbattery.gallery.capacity import pair_capacities
    >>> [round(x, 12) for x in pair_capacities(math.pi / 4, 1.0, 0.0)]
    [2.0, 0.0, 1.0]
    """
    a = complex(math.cos(angle) * math.cos(phase), -math.sin(angle) * math.sin(phase))
    b = complex(math.sin(angle) * math.cos(phase), -math.cos(angle) * math.sin(phase))
    local = 2 * omega * weight * abs(math.cos(2 * angle) * math.cos(2 * phase))
    concurrence = max(0.0, 2 * weight * abs(a * b) - (1 - weight) / 2)
    return 2 * omega * weight, local, concurrence


def qutip_pair_capacities(
    angle: float, weight: float, coupling: float, omega: float, times: object
) -> tuple[float, float]:
    """``(C, C_1 + C_2)`` at the last of ``times``, from :func:`qutip.mesolve` and by hand.

    The pair is charged by ``H = 2 g (|gg><ee| + h.c.)``; ``C = sum_k e_k (r_k - r_{3-k})`` with
    the eigenvalues ``r`` in decreasing order against the increasing levels ``e``, and each
    cell's ``C_k = omega (r_max - r_min)`` of its reduced state.

    Examples
    --------
    Without charging, the pure product ``|gg>`` has ``C = 2`` and ``C_1 + C_2 = 2``:

    >>> import numpy as np
    >>> from qbattery.gallery.capacity import qutip_pair_capacities
    >>> [round(x, 9) for x in qutip_pair_capacities(0.0, 1.0, 0.0, 1.0, np.linspace(0, 1, 3))]
    [2.0, 2.0]
    """
    import qutip

    g, e = qutip.basis(2, 0), qutip.basis(2, 1)
    gg, ee = qutip.tensor(g, g), qutip.tensor(e, e)
    psi = math.cos(angle) * gg + math.sin(angle) * ee
    identity = qutip.tensor(qutip.qeye(2), qutip.qeye(2))
    rho = weight * psi * psi.dag() + (1 - weight) * identity / 4
    hamiltonian = 2 * coupling * (gg * ee.dag() + ee * gg.dag())
    options = {"atol": 1e-12, "rtol": 1e-12}
    final = qutip.mesolve(hamiltonian, rho, times, options=options).states[-1]
    populations = np.sort(np.real(final.eigenenergies()))[::-1]
    levels = omega * np.array([0.0, 1.0, 1.0, 2.0])
    total = float(populations @ levels[::-1] - populations @ levels)
    local = 0.0
    for k in (0, 1):
        cell = np.sort(np.real(final.ptrace(k).eigenenergies()))
        local += omega * float(cell[-1] - cell[0])
    return total, local


def _grid_values(outcome: Outcome, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    values = outcome.dataset[name]
    angles = np.asarray(values["initial_state.angle"].values, dtype=float)
    weights = np.asarray(values["initial_state.weight"].values, dtype=float)
    table = values.transpose("initial_state.angle", "initial_state.weight").values
    return angles, weights, np.asarray(table, dtype=float)


def _yang(outcome: Outcome) -> list[Check]:
    model = outcome.document["model"]
    omega, g = model.get("omega", 1.0), model["coupling"]
    times = grid(outcome)
    phase = 2 * g * times[-1]  # the swap of a group of k = N = 2 cells runs at k g
    angles, weights, capacity = _grid_values(outcome, "capacity")
    _, _, local = _grid_values(outcome, "local_capacity")
    _, _, energy = _grid_values(outcome, "final_energy")
    closed = np.array([[pair_capacities(a, w, phase, omega) for w in weights] for a in angles])
    pure = int(np.flatnonzero(weights == 1.0)[0])
    gap = capacity[:, pure] - local[:, pure]
    order = np.argsort(closed[:, pure, 2])
    angle, weight = QUTIP_POINT
    reference = qutip_pair_capacities(angle, weight, g, omega, times)
    here = {"initial_state.angle": angle, "initial_state.weight": weight}
    ours = [
        float(outcome.dataset[name].sel(here, method="nearest"))
        for name in ("capacity", "local_capacity")
    ]
    return [
        Check(
            quantity="largest abs(C - 2 omega w) over the grid",
            reference="C = Tr[H rho_up] - Tr[H rho_down] from the spectrum "
            "{w + (1 - w)/4, (1 - w)/4 x 3} against the levels 0, 1, 1, 2",
            source="closed form",
            expected=0.0,
            tolerance=CLOSED_FORM_TOLERANCE,
            value=float(np.max(np.abs(capacity - closed[:, :, 0]))),
        ),
        Check(
            quantity="spread of C over the pure states (w = 1) after charging",
            reference="the capacity does not depend on the temporary level of energy",
            source="paper",
            expected=0.0,
            tolerance=CLOSED_FORM_TOLERANCE,
            value=float(np.ptp(capacity[:, pure])),
            note=f"their final energies span {np.min(energy[:, pure]):.3f} .. "
            f"{np.max(energy[:, pure]):.3f}",
        ),
        Check(
            quantity="largest abs(C_1 + C_2 - closed form) over the grid",
            reference="each cell diagonal, C_k = omega w abs(cos(2 angle) cos(2 phase)) after "
            "the swap by the phase 2 g t",
            source="closed form",
            expected=0.0,
            tolerance=1e-6,
            value=float(np.max(np.abs(local - closed[:, :, 1]))),
            note="the local capacities are optimised over local unitaries",
        ),
        Check(
            quantity="smallest step of C - (C_1 + C_2) between neighbouring concurrences, w = 1",
            reference="for pure states the capacity gap grows with the entanglement",
            source="paper",
            expected=0.0,
            tolerance=GAP_MARGIN,
            value=float(np.min(np.diff(gap[order]))),
            kind="above",
            note="for pure states the gap is 2 omega (1 - sqrt(1 - c^2)), c the concurrence",
        ),
        Check(
            quantity=f"C at angle pi/8, w = {weight:g}",
            reference="the state built and evolved by qutip.mesolve, C from its eigenvalues",
            source="QuTiP",
            expected=reference[0],
            tolerance=1e-8,
            value=ours[0],
        ),
        Check(
            quantity=f"C_1 + C_2 at angle pi/8, w = {weight:g}",
            reference="the same state, each cell's capacity from its reduced eigenvalues",
            source="QuTiP",
            expected=reference[1],
            tolerance=1e-6,
            value=ours[1],
        ),
    ]


YANG_2023 = Entry(
    name="yang2023_capacity",
    citation=(
        "X. Yang, Y.-H. Yang, M. Alimuddin, R. Salvia, S.-M. Fei, L.-M. Zhao, S. Nimmrichter "
        "and M.-X. Luo, Battery capacity of energy-storing quantum systems, Phys. Rev. Lett. "
        "131, 030402 (2023)"
    ),
    claim=(
        "The capacity depends on the spectrum of the state only, not on its temporary energy; "
        "for two qubits its gap to the cells' local capacities grows with entanglement."
    ),
    compare=_yang,
    quick={"axes": {"initial_state.weight": [0.5, 0.75, 1.0]}},
    unconfirmed=(
        "The abstract defines the capacity and states that it is linked with the entropy, "
        "coherence and entanglement of the state; the paper's own formulas for two-qubit "
        "states were not read off. The entry checks the definition against closed forms "
        "derived here and that, for pure states, the gap between the capacity and the sum of "
        "the local capacities grows with the concurrence. For mixed states the gap is not an "
        "entanglement witness: separable states (w <= 1/3 at angle pi/4, before charging) have a "
        "positive gap.",
    ),
)
