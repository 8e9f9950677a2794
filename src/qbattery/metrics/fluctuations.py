"""Energy fluctuations during charging (review sec. 2.2.2, eqs. 26-28; Crescente et al.,
PRB 102, 245407 (2020)).

With ``V(t) = <H_B^2>_t - <H_B>_t^2`` and the symmetrised two-time correlator
``C(t) = <H_B(t) H_B(0)> + <H_B(0) H_B(t)> - 2 <H_B(t)><H_B(0)>`` (Heisenberg picture):

    Xi^2(t)    = V(t) + V(0) - C(t)                   variance of the energy increment  (eq. 26)
    Sigma^2(t) = (sqrt V(t) - sqrt V(0))^2 = V(t) + V(0) - 2 sqrt(V(t) V(0))          (eqs. 27-28)

The review's eq. 19 calls Delta E the average energy; it is the standard deviation sqrt(V)
(docs/conventions.md, "Units and signs").
"""

from __future__ import annotations

import numpy as np

__all__ = ["energy_variance_curve", "increment_variance", "two_time_correlator", "width_variation"]


def energy_variance_curve(energy: np.ndarray, second_moment: np.ndarray) -> np.ndarray:
    """``V(t) = <H_B^2> - <H_B>^2``, clipped at 0 against round-off. Shapes (n,) -> (n,).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.fluctuations import energy_variance_curve
    >>> energy_variance_curve(np.array([0.5, 1.0]), np.array([0.5, 1.0]))
    array([0.25, 0.  ])
    """
    return np.maximum(np.asarray(second_moment) - np.asarray(energy) ** 2, 0.0)


def two_time_correlator(
    two_time: np.ndarray, energy: np.ndarray, initial_energy: float
) -> np.ndarray:
    """``C(t) = 2 Re<H_B(t) H_B(0)> - 2 <H_B(t)> <H_B(0)>`` from ``<H_B(t) H_B(0)>`` (eq. 28).

    Examples
    --------
    ``C = 2 Re(0.5 + 0.1i) - 2 (0.5)(0.5) = 0.5``:

    >>> import numpy as np
    >>> from qbattery.metrics.fluctuations import two_time_correlator
    >>> two_time_correlator(np.array([0.5 + 0.1j]), np.array([0.5]), 0.5)
    array([0.5])
    """
    return 2 * np.real(two_time) - 2 * np.asarray(energy) * initial_energy


def increment_variance(
    variance: np.ndarray, initial_variance: float, correlator: np.ndarray
) -> np.ndarray:
    """``Xi^2(t) = V(t) + V(0) - C(t)`` (eqs. 26, 28).

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.metrics.fluctuations import increment_variance
    >>> increment_variance(np.array([0.25, 0.0]), 0.25, np.array([0.5, 0.0]))
    array([0.  , 0.25])
    """
    return np.asarray(variance) + initial_variance - np.asarray(correlator)


def width_variation(variance: np.ndarray, initial_variance: float) -> np.ndarray:
    """``Sigma^2(t) = (sqrt V(t) - sqrt V(0))^2`` (eq. 27).

    Examples
    --------
    ``(sqrt 1 - sqrt 0.25)^2 = 0.25``:

    >>> import numpy as np
    >>> from qbattery.metrics.fluctuations import width_variation
    >>> width_variation(np.array([0.25, 1.0]), 0.25)
    array([0.  , 0.25])
    """
    return (np.sqrt(np.asarray(variance)) - np.sqrt(initial_variance)) ** 2
