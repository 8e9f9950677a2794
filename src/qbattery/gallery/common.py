"""What the comparisons share: series of a stored sweep, power-law exponents, and the maximum
average power of a curve computed by QuTiP (the independent method of the gallery)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from qbattery.gallery.entry import Outcome
from qbattery.studies.advantage import fit_power_law

__all__ = [
    "QUTIP_RELATIVE_TOLERANCE",
    "exponent",
    "grid",
    "point_value",
    "qutip_max_average_power",
    "series",
]

#: Our P_max is refined between grid times, QuTiP's is the best grid point: on the gallery's
#: grids (>= 40 points per optimal time) they differ by less than this, relative.
QUTIP_RELATIVE_TOLERANCE = 2e-3


def series(outcome: Outcome, name: str, size: str) -> tuple[np.ndarray, np.ndarray]:
    """``(sizes, values)`` of output ``name`` along the swept ``size``, averaged over any other
    dimension (disorder realisations)."""
    values = outcome.dataset[name]
    others = [dim for dim in values.dims if dim != size]
    if others:
        values = values.mean(dim=others)
    return np.asarray(values[size].values, dtype=float), np.asarray(values.values, dtype=float)


def exponent(sizes: np.ndarray, values: np.ndarray, fit_range: Sequence[float]) -> float:
    """The exponent alpha of ``values = c sizes^alpha`` fitted on ``fit_range``."""
    return float(fit_power_law(sizes, values, fit_range=(fit_range[0], fit_range[1])).exponent)


def grid(outcome: Outcome) -> np.ndarray:
    """The time grid of the sweep's experiment (its ``[times]`` with ``stop`` and ``num``)."""
    times = outcome.document["times"]
    return np.linspace(times["start"], times["stop"], times["num"])


def point_value(outcome: Outcome, name: str, where: dict[str, Any]) -> float:
    """Output ``name`` at the swept values ``where`` (first realisation, if any)."""
    values = outcome.dataset[name].sel(where)
    if "realisation" in values.dims:
        values = values.isel(realisation=0)
    return float(values)


def qutip_max_average_power(hamiltonian: Any, battery: Any, state: Any, times: Any) -> float:
    """``max_t W(t) / t`` on ``times`` from :func:`qutip.sesolve`.

    Parameters
    ----------
    hamiltonian, battery : qutip.Qobj
        The charging Hamiltonian and H_B on the whole space.
    state : qutip.Qobj
        The initial ket.
    times : array (n,)
        From 0.
    """
    import qutip

    options = {"atol": 1e-10, "rtol": 1e-10, "nsteps": 100000}
    result = qutip.sesolve(hamiltonian, state, times, e_ops=[battery], options=options)
    energy = np.real(np.asarray(result.expect[0])) - qutip.expect(battery, state)
    return float(np.max(energy[1:] / np.asarray(times)[1:]))
