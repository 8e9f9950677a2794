"""The main job of ``make run``: collective Dicke charging against parallel Rabi cells.

For each size N: the Dicke battery (N atoms, one cavity holding N photons, docs/conventions.md form)
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
from qbattery.errors import QBatteryValueError
from qbattery.plotting import plot_advantage
from qbattery.studies.advantage import ScalingStudy, scaling_study
from qbattery.validation import finite_real

__all__ = ["DemoRow", "dicke_versus_parallel", "write_demo"]


@dataclass(frozen=True)
class DemoRow:
    """One size N of the comparison.

    Examples
    --------
    For N = 1 the Dicke battery is one Rabi cell, so its collective advantage is exactly 1:

    >>> from qbattery.demo import dicke_versus_parallel
    >>> rows, study = dicke_versus_parallel([1, 2], n_times=200, fit_from=1)
    >>> rows[0].n_atoms, rows[0].collective_advantage
    (1, 1.0)
    """

    n_atoms: int
    max_average_power: float
    optimal_time: float
    ergotropy_at_optimal_time: float
    parallel_max_average_power: float
    collective_advantage: float
    method: str


def dicke_versus_parallel(
    sizes: Sequence[int],
    coupling: float = 0.1,
    n_times: int = 2000,
    coupling_scaling: str = "fixed",
    fit_from: int = 4,
) -> tuple[list[DemoRow], ScalingStudy]:
    """Charge the Dicke battery and N parallel Rabi cells for every N in ``sizes``.

    With ``coupling_scaling="inverse_sqrt"`` every atom couples with ``coupling / sqrt(N)``
    in both arrangements (fixed field strength, review sec. 3.2). The time grid spans
    ``[0, pi / lambda]``, past the first maximum of a single cell's average power (its vacuum
    Rabi period is ``pi / (omega_c lambda)``). The power laws are fitted on ``N >= fit_from``
    when at least three sizes reach it (finite-size corrections bend the small-N end,
    :func:`qbattery.fit_power_law`), on every size otherwise.

    Examples
    --------
    One row per size; for N = 1 the Dicke battery and the single parallel cell coincide:

    >>> from qbattery.demo import dicke_versus_parallel
    >>> rows, study = dicke_versus_parallel([1, 2], n_times=200, fit_from=1)
    >>> [row.n_atoms for row in rows]
    [1, 2]
    >>> rows[0].max_average_power == rows[0].parallel_max_average_power
    True
    """

    coupling = finite_real(coupling, "coupling")
    if coupling == 0.0:
        raise QBatteryValueError(
            "coupling: must be non-zero (the time grid spans one vacuum Rabi period pi / lambda); "
            "pass e.g. --coupling 0.1"
        )

    def per_atom(n: int) -> float:
        return coupling / np.sqrt(n) if coupling_scaling == "inverse_sqrt" else coupling

    large_enough = sum(1 for n in sizes if n >= fit_from)
    study = scaling_study(
        lambda n: models.dicke(n, coupling, coupling_scaling=coupling_scaling),
        lambda n: models.rabi(per_atom(n)),
        sizes,
        lambda n: np.linspace(0.0, np.pi / per_atom(n), n_times),
        fit_range=(fit_from, None) if large_enough >= 3 else None,
    )
    rows = [
        DemoRow(
            n_atoms=int(n),
            max_average_power=result.collective.max_average_power,
            optimal_time=result.collective.optimal_time,
            ergotropy_at_optimal_time=float(result.collective.ergotropy_at_optimal_time or 0.0),
            parallel_max_average_power=result.parallel_max_average_power,
            collective_advantage=result.ratio,
            method=result.collective.method,
        )
        for n, result in zip(study.sizes, study.results, strict=True)
    ]
    return rows, study


def write_demo(
    rows: Sequence[DemoRow], study: ScalingStudy, out: Path, coupling: float, coupling_scaling: str
) -> dict[str, object]:
    """Write ``summary.json`` and ``dicke_vs_parallel.png`` under ``out``; return the summary.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from qbattery.demo import dicke_versus_parallel, write_demo
    >>> rows, study = dicke_versus_parallel([1, 2], n_times=200, fit_from=1)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     summary = write_demo(rows, study, pathlib.Path(folder), 0.1, "fixed")
    ...     sorted(path.name for path in pathlib.Path(folder).iterdir())
    ['dicke_vs_parallel.png', 'summary.json']
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    summary: dict[str, object] = {
        "job": "Dicke battery (collective) vs. N parallel Rabi cells",
        "coupling": coupling,
        "coupling_scaling": coupling_scaling,
        "rows": [asdict(row) for row in rows],
    }
    if len(rows) >= 3:
        power, advantage = study.collective_fit, study.advantage_fit
        summary["power_scaling_exponent"] = power.exponent
        summary["power_scaling_exponent_error"] = power.exponent_error
        summary["advantage_scaling_exponent"] = advantage.exponent
        summary["advantage_scaling_exponent_error"] = advantage.exponent_error
        summary["fit_range"] = list(power.fit_range)
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    power_ax, _ = plot_advantage(study)
    figure = power_ax.figure
    figure.savefig(out / "dicke_vs_parallel.png", dpi=120)
    plt.close(figure)
    return summary
