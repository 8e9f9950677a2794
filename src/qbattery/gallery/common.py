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
    dimension (disorder realisations).

    Examples
    --------
    >>> import xarray as xr
    >>> from qbattery.gallery.common import series
    >>> from qbattery.gallery.entry import Outcome
    >>> data = xr.Dataset({"power": ("n", [0.1, 0.4])}, coords={"n": [1, 2]})
    >>> series(Outcome(data, None, {}, quick=True), "power", "n")
    (array([1., 2.]), array([0.1, 0.4]))
    """
    values = outcome.dataset[name]
    others = [dim for dim in values.dims if dim != size]
    if others:
        values = values.mean(dim=others)
    return np.asarray(values[size].values, dtype=float), np.asarray(values.values, dtype=float)


def exponent(sizes: np.ndarray, values: np.ndarray, fit_range: Sequence[float]) -> float:
    """The exponent alpha of ``values = c sizes^alpha`` fitted on ``fit_range``.

    Examples
    --------
    ``2 N^1.5`` is fitted with exponent 1.5 exactly:

    >>> import numpy as np
    >>> from qbattery.gallery.common import exponent
    >>> sizes = np.array([1.0, 2.0, 4.0, 8.0])
    >>> round(exponent(sizes, 2 * sizes**1.5, [1, 8]), 12)
    1.5
    """
    return float(fit_power_law(sizes, values, fit_range=(fit_range[0], fit_range[1])).exponent)


def grid(outcome: Outcome) -> np.ndarray:
    """The time grid of the sweep's experiment (its ``[times]`` with ``stop`` and ``num``).

    Examples
    --------
    >>> import xarray as xr
    >>> from qbattery.gallery.common import grid
    >>> from qbattery.gallery.entry import Outcome
    >>> grid(Outcome(xr.Dataset(), None, {"times": {"start": 0.0, "stop": 2.0, "num": 5}}, True))
    array([0. , 0.5, 1. , 1.5, 2. ])
    """
    times = outcome.document["times"]
    return np.linspace(times["start"], times["stop"], times["num"])


def point_value(outcome: Outcome, name: str, where: dict[str, Any]) -> float:
    """Output ``name`` at the swept values ``where`` (first realisation, if any).

    Examples
    --------
    >>> import xarray as xr
    >>> from qbattery.gallery.common import point_value
    >>> from qbattery.gallery.entry import Outcome
    >>> data = xr.Dataset({"power": ("n", [0.1, 0.4])}, coords={"n": [1, 2]})
    >>> point_value(Outcome(data, None, {}, quick=True), "power", {"n": 2})
    0.4
    """
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

    Examples
    --------
    A qubit driven by ``sigma_x`` stores ``sin^2 t``; ``max sin^2 t / t = 0.724611`` at
    ``tan t = 2 t`` (power in units of omega^2):

    >>> import numpy as np
    >>> import qutip
    >>> from qbattery.gallery.common import qutip_max_average_power
    >>> power = qutip_max_average_power(qutip.sigmax(), qutip.Qobj(np.diag([0.0, 1.0])),
    ...                                 qutip.basis(2, 0), np.linspace(0, 2, 2001))
    >>> round(power, 6)
    0.724611
    """
    import qutip

    options = {"atol": 1e-10, "rtol": 1e-10, "nsteps": 100000}
    result = qutip.sesolve(hamiltonian, state, times, e_ops=[battery], options=options)
    energy = np.real(np.asarray(result.expect[0])) - qutip.expect(battery, state)
    return float(np.max(energy[1:] / np.asarray(times)[1:]))
