"""The main job of ``make run``: collective Dicke charging against parallel Rabi cells.

For each size N: the Dicke battery (N atoms, one cavity holding N photons, CONVENTIONS.md form)
charged collectively, and one Rabi cell (one atom, one photon) whose power N parallel cells
multiply by N (Ferraro et al., PRL 120, 117702 (2018); review sec. 3.2 and Fig. 4). Reports
``P_max``, the optimal time, the ergotropy there, and ``Gamma = P_collective / P_parallel``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from qbattery import models
from qbattery.advantage import collective_advantage, fit_power_law

__all__ = ["DemoRow", "dicke_versus_parallel", "write_demo"]


@dataclass(frozen=True)
class DemoRow:
    """One size N of the comparison."""

    n_atoms: int
    max_average_power: float
    optimal_time: float
    ergotropy_at_optimal_time: float
    parallel_max_average_power: float
    collective_advantage: float
    method: str


def dicke_versus_parallel(
    sizes: Sequence[int], coupling: float = 0.1, n_times: int = 2000
) -> list[DemoRow]:
    """Charge the Dicke battery and N parallel Rabi cells for every N in ``sizes``.

    The time grid spans ``[0, pi / coupling]`` (beyond the first maximum of the average power
    of a single cell, whose vacuum Rabi period is ``pi / (omega_c * coupling)``).
    """
    times = np.linspace(0.0, np.pi / coupling, n_times)
    cell = models.rabi(coupling)
    rows = []
    for n in sizes:
        advantage = collective_advantage(models.dicke(n, coupling), cell, n, times)
        collective = advantage.collective
        rows.append(
            DemoRow(
                n_atoms=n,
                max_average_power=collective.max_average_power,
                optimal_time=collective.optimal_time,
                ergotropy_at_optimal_time=float(collective.ergotropy_at_optimal_time or 0.0),
                parallel_max_average_power=advantage.parallel_max_average_power,
                collective_advantage=advantage.ratio,
                method=collective.method,
            )
        )
    return rows


def write_demo(rows: Sequence[DemoRow], out: Path, coupling: float) -> dict[str, object]:
    """Write ``summary.json`` and ``dicke_vs_parallel.png`` under ``out``; return the summary."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    sizes = [row.n_atoms for row in rows]
    summary: dict[str, object] = {
        "job": "Dicke battery (collective) vs. N parallel Rabi cells",
        "coupling": coupling,
        "rows": [asdict(row) for row in rows],
    }
    if len(rows) >= 3:
        fit = fit_power_law(sizes, [row.max_average_power for row in rows])
        summary["power_scaling_exponent"] = fit.exponent
        summary["power_scaling_exponent_error"] = fit.exponent_error
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    figure, axes = plt.subplots(1, 2, figsize=(9, 3.5))
    axes[0].loglog(sizes, [r.max_average_power for r in rows], "o-", label="collective (Dicke)")
    axes[0].loglog(
        sizes, [r.parallel_max_average_power for r in rows], "s--", label="parallel (Rabi cells)"
    )
    axes[0].set_xlabel("N")
    axes[0].set_ylabel("max average power")
    axes[0].legend(frameon=False)
    axes[1].plot(sizes, [r.collective_advantage for r in rows], "o-")
    axes[1].set_xlabel("N")
    axes[1].set_ylabel("collective advantage Gamma")
    figure.tight_layout()
    figure.savefig(out / "dicke_vs_parallel.png", dpi=120)
    plt.close(figure)
    return summary
