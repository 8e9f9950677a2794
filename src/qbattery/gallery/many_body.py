"""Gallery entries of many-body batteries: the SYK battery (Rossini et al.) and the XXZ
spin-chain battery (Le et al.).

Independent computations: the SYK realisation's dynamics by :func:`qutip.sesolve`, the XXZ
chain written out in QuTiP from ``docs/conventions.md``, and the non-interacting chain's power
in closed form (N Rabi-oscillating spins).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import minimize_scalar

from qbattery.gallery.common import (
    QUTIP_RELATIVE_TOLERANCE,
    grid,
    point_value,
    qutip_max_average_power,
)
from qbattery.gallery.entry import Check, Entry, Outcome

__all__ = ["LE_2018", "ROSSINI_2020", "free_chain_power", "qutip_xxz_power"]

#: Margin of "super-extensive": the fitted exponent must exceed 1 by this much.
SUPER_EXTENSIVE_MARGIN = 0.2

#: Margin of "an advantage": the best interacting chain's power over the free one's, minus 1.
ADVANTAGE_MARGIN = 0.05

#: The interacting point solved by QuTiP.
QUTIP_DELTA = -1.0


def free_chain_power(n_spins: int, omega: float, field: float) -> float:
    """P_max of N free spins, ``H = (omega/2) sigma_z + h sigma_x`` each, from ``|g>``.

    ``W(t) = N omega (h / Omega)^2 sin^2(Omega t)`` with ``Omega = sqrt(h^2 + omega^2 / 4)``
    (Rabi's formula), so ``P_max = N omega (h / Omega)^2 Omega max_x sin^2(x) / x``.
    """
    rabi = math.sqrt(field**2 + omega**2 / 4)
    best = minimize_scalar(lambda x: -(math.sin(x) ** 2) / x, bounds=(0.5, 2.0), method="bounded")
    return float(n_spins * omega * (field / rabi) ** 2 * rabi * -best.fun)


def qutip_xxz_power(
    n_spins: int, coupling: float, delta: float, omega: float, field: float, times: object
) -> float:
    """P_max of the open XXZ chain of ``docs/conventions.md`` from QuTiP, charged from the
    ground state of ``H_B`` by ``h sum sigma_x``."""
    import qutip

    def site(operator: qutip.Qobj, k: int) -> qutip.Qobj:
        return qutip.tensor([operator if i == k else qutip.qeye(2) for i in range(n_spins)])

    paulis = (qutip.sigmax(), qutip.sigmay(), qutip.sigmaz())
    sx, sy, sz = ([site(op, k) for k in range(n_spins)] for op in paulis)
    bonds = sum(
        sx[k] * sx[k + 1] + sy[k] * sy[k + 1] + delta * sz[k] * sz[k + 1]
        for k in range(n_spins - 1)
    )
    battery = omega / 2 * sum(sz) + coupling * bonds
    _, ground = battery.groundstate()
    return qutip_max_average_power(battery + field * sum(sx), battery, ground, times)


def _rossini(outcome: Outcome) -> list[Check]:
    import qutip

    from qbattery.models import syk
    from qbattery.operators import to_dense
    from qbattery.studies.disorder import realisation_seeds

    study = outcome.study or {}
    model = outcome.document["model"]
    size = int(outcome.dataset["model.n_sites"].values[1])
    seed = int(realisation_seeds(outcome.document["seed"], 1)[0])
    battery = syk(size, model["coupling"], model["field"], seed=seed)
    reference = qutip_max_average_power(
        qutip.Qobj(to_dense(battery.hamiltonian.static)),
        qutip.Qobj(to_dense(battery.battery_hamiltonian)),
        qutip.Qobj(np.asarray(battery.initial_state)),
        grid(outcome),
    )
    ours = point_value(outcome, "max_average_power", {"model.n_sites": size})
    return [
        Check(
            quantity="exponent of the disorder-averaged P_max(N)",
            reference="super-extensive optimal charging power (exponent > 1)",
            source="paper",
            expected=1.0,
            tolerance=SUPER_EXTENSIVE_MARGIN,
            value=float(study.get("power_exponent", math.nan)),
            kind="above",
            checked=not outcome.quick,
        ),
        Check(
            quantity=f"P_max of realisation 0 at N = {size}",
            reference="its Hamiltonian's dynamics solved by qutip.sesolve",
            source="QuTiP",
            expected=reference,
            tolerance=QUTIP_RELATIVE_TOLERANCE * reference,
            value=ours,
            note="checks the charging and the power, not the drawing of the couplings",
        ),
    ]


def _le(outcome: Outcome) -> list[Check]:
    model = outcome.document["model"]
    power = outcome.dataset["max_average_power"]
    free = float(power.sel({"model.J": 0.0}).max())
    coupling = float(power["model.J"].max())
    interacting = power.sel({"model.J": coupling})
    best = int(interacting.argmax())
    deltas = np.asarray(interacting["model.delta"].values, dtype=float)
    reference = qutip_xxz_power(
        model["n_spins"], coupling, QUTIP_DELTA, model["omega"], model["field"], grid(outcome)
    )
    ours = float(interacting.sel({"model.delta": QUTIP_DELTA}))
    closed = free_chain_power(model["n_spins"], model["omega"], model["field"])
    return [
        Check(
            quantity=f"best P_max(J = {coupling:g}, Delta) / P_max(J = 0)",
            reference="intrinsic interactions can raise the charging power over J = 0",
            source="paper",
            expected=1.0,
            tolerance=ADVANTAGE_MARGIN,
            value=float(interacting[best]) / free,
            kind="above",
            note=f"best at Delta = {deltas[best]:g}",
        ),
        Check(
            quantity="P_max at J = 0",
            reference="N free spins, Rabi's formula",
            source="closed form",
            expected=closed,
            tolerance=QUTIP_RELATIVE_TOLERANCE * closed,
            value=free,
        ),
        Check(
            quantity=f"P_max at J = {coupling:g}, Delta = {QUTIP_DELTA:g}",
            reference="the chain written out and solved by qutip.sesolve",
            source="QuTiP",
            expected=reference,
            tolerance=QUTIP_RELATIVE_TOLERANCE * reference,
            value=ours,
        ),
    ]


ROSSINI_2020 = Entry(
    name="rossini2020_syk",
    citation=(
        "D. Rossini, G. M. Andolina, D. Rosa, M. Carrega and M. Polini, Quantum advantage in "
        "the charging process of Sachdev-Ye-Kitaev batteries, Phys. Rev. Lett. 125, 236402 "
        "(2020)"
    ),
    claim="The SYK battery's optimal charging power grows super-extensively with N.",
    compare=_rossini,
    quick={"axes": {"model.n_sites": [4, 5, 6]}, "realisations": 2},
    unconfirmed=(
        "The abstract states a super-extensive scaling from exact diagonalisation up to "
        "N = 16; the fitted exponent and the normalisation of the couplings were not read off "
        "the paper, so only exponent > 1 is checked, on N = 4..10 with 4 realisations.",
    ),
)

LE_2018 = Entry(
    name="le2018_xxz_chain",
    citation=(
        "T. P. Le, J. Levinsen, K. Modi, M. M. Parish and F. A. Pollock, Spin-chain model of "
        "a many-body quantum battery, Phys. Rev. A 97, 022106 (2018)"
    ),
    claim="Intrinsic spin-spin interactions can give a charging power above the free chain's.",
    compare=_le,
    quick={"axes": {"model.J": [0.0, 0.5], "model.delta": [-1.0, 1.0]}},
    unconfirmed=(
        "The abstract states the advantage of interactions (and its super-extensive growth "
        "for long-range ones, not reproduced here); the paper's parameters and power ratios "
        "were not read off, so the entry checks the existence of an advantage at J = 0.5.",
    ),
)
