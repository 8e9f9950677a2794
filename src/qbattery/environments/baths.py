"""Structured bosonic baths for the hierarchical equations of motion (what the bath is).

A battery (charger + battery) couples to harmonic baths through Hermitian operators,
``H_I = sum_b Q_b (x) X_b``; each bath enters only through its correlation function
``C(t) = <X(t) X(0)> = (1/pi) int_0^inf J(w) [coth(w / 2T) cos(wt) - i sin(wt)] dw``,
written here as a sum of exponentials ``C(t) = sum_k c_k e^{-nu_k t}`` (an
:class:`ExponentialBath`). :mod:`qbattery.dynamics.heom` solves the hierarchy they define.

- :class:`DrudeLorentzEnvironment`: ``J(w) = 2 lambda gamma w / (w^2 + gamma^2)`` (reorganisation
  energy ``lambda``, cut-off ``gamma``), expanded in Matsubara or Pade terms; the neglected
  terms are kept as a Markovian terminator (Ishizaki & Tanimura, JPSJ 74, 3131 (2005)).
- :class:`OhmicEnvironment`: ``J(w) = alpha w^s w_c^{1-s} e^{-w / w_c}``, its correlation
  function fitted by up to ``n_exponents`` real and ``n_exponents`` imaginary exponential terms
  (non-linear least squares, QuTiP's ``approximate("cf")``, Lambert et al., Nat. Commun. 10,
  3721 (2019)); a fit worse than ``fit_tolerance`` raises a ``ConvergenceWarning``.

Independent baths combine with ``+`` (e.g. one on the charger, one on the battery, as in Kamin
et al., NJP 22, 083007 (2020)).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import qutip
from qutip.core.environment import DrudeLorentzEnvironment as QutipDrudeLorentz
from qutip.core.environment import OhmicEnvironment as QutipOhmic

from qbattery.battery import Battery
from qbattery.environments.pseudomodes import operator_on_space
from qbattery.errors import ConvergenceWarning, QBatteryValueError
from qbattery.operators import Operator, as_operator
from qbattery.validation import non_negative_real, positive_int, positive_real

__all__ = [
    "EXPANSIONS",
    "DrudeLorentzEnvironment",
    "ExponentialBath",
    "HEOMEnvironment",
    "OhmicEnvironment",
]

EXPANSIONS = ("pade", "matsubara")


@dataclass(frozen=True)
class ExponentialBath:
    """One bath ready for the hierarchy: coupling on the state space, exponentials, terminator.

    Examples
    --------
    The bath a :class:`DrudeLorentzEnvironment` hands to the hierarchy:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery import DrudeLorentzEnvironment
    >>> hb = np.diag([0.0, 1.0])
    >>> qubit = qb.Battery(hb, hb, np.array([1.0, 0.0]))
    >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
    >>> type(bath.exponential_bath(qubit, "bath")).__name__
    'ExponentialBath'
    """

    coupling: qutip.Qobj
    exponentials: Any
    terminator: complex | None


class HEOMEnvironment:
    """Independent harmonic baths for ``method="heom"``; add baths with ``+``.

    Subclasses describe one bath each; ``a + b`` is the environment with both.

    Examples
    --------
    Baths add up to one environment:

    >>> import numpy as np
    >>> from qbattery import DrudeLorentzEnvironment, OhmicEnvironment
    >>> both = (DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
    ...         + OhmicEnvironment(np.diag([-1.0, 1.0]), 0.05, 1.0, 0.0))
    >>> both.method, len(both.members())
    ('heom', 2)
    """

    method: str = "heom"

    def members(self) -> tuple[HEOMEnvironment, ...]:
        """The single baths this environment is made of.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery import DrudeLorentzEnvironment
        >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
        >>> bath.members() == (bath,)
        True
        """
        return (self,)

    def exponential_bath(self, battery: Battery, name: str) -> ExponentialBath:
        """The bath on ``battery``'s state space (single baths implement this).

        Examples
        --------
        Implemented by the single baths (a sum of baths gives one per member):

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery import DrudeLorentzEnvironment
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(hb, hb, np.array([1.0, 0.0]))
        >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
        >>> bath.exponential_bath(qubit, "bath").coupling.shape
        (2, 2)
        """
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        """The parameters of every bath, for the battery's record.

        Examples
        --------
        The parameters of a sum of baths are prefixed by their position:

        >>> import numpy as np
        >>> from qbattery import DrudeLorentzEnvironment
        >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
        >>> sorted((bath + bath).describe())[:2]
        ['bath0_cutoff_frequency', 'bath0_environment']
        """
        baths = self.members()
        if len(baths) == 1:
            return dict(self._describe())
        return {f"bath{i}_{k}": v for i, b in enumerate(baths) for k, v in b._describe().items()}

    def _describe(self) -> dict[str, Any]:
        raise NotImplementedError

    def __add__(self, other: HEOMEnvironment) -> HEOMEnvironment:
        if not isinstance(other, HEOMEnvironment):
            return NotImplemented
        return _Combined(self.members() + other.members())


@dataclass(frozen=True)
class _Combined(HEOMEnvironment):
    baths: tuple[HEOMEnvironment, ...]

    def members(self) -> tuple[HEOMEnvironment, ...]:
        return self.baths


def _coupling(battery: Battery, operator: Operator, subsystems: Any, name: str) -> qutip.Qobj:
    matrix = operator_on_space(battery, operator, subsystems, name, hermitian=True)
    dims = battery.space_dims
    return qutip.Qobj(matrix, dims=[dims, dims])


@dataclass(frozen=True, eq=False)
class DrudeLorentzEnvironment(HEOMEnvironment):
    """A Drude-Lorentz (overdamped) bath at temperature T, coupled through ``Q``.

    ``J(w) = 2 lambda gamma w / (w^2 + gamma^2)``; for ``gamma -> inf`` at fixed
    ``lambda / gamma`` an Ohmic bath with Lorentz-Drude cut-off.

    Parameters
    ----------
    coupling_operator : Hermitian operator
        ``Q`` on the subsystems ``subsystems`` of the battery's dims (or its whole state space).
    reorganization_energy : float
        ``lambda > 0``.
    cutoff_frequency : float
        ``gamma > 0``.
    temperature : float
        ``T > 0`` (k_B = 1); the expansion diverges at T = 0.
    subsystems : sequence of int, optional
    n_matsubara : int
        Number of Matsubara (or Pade) terms kept beyond the Drude pole.
    expansion : {"pade", "matsubara"}
        Pade converges much faster at low temperature (Hu, Xu & Yan, JCP 133, 101106 (2010)).
    terminator : bool
        Add the neglected terms as a Markovian correction to the system Liouvillian.

    Examples
    --------
    >>> import numpy as np
    >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
    >>> bath.method, round(float(bath.spectral_density(0.5)), 6)
    ('heom', 0.01)
    """

    coupling_operator: Operator
    reorganization_energy: float
    cutoff_frequency: float
    temperature: float
    subsystems: Sequence[int] | None = None
    n_matsubara: int = 2
    expansion: str = "pade"
    terminator: bool = True

    def __post_init__(self) -> None:
        _set(self, "coupling_operator", as_operator(self.coupling_operator, "coupling_operator"))
        _set(
            self,
            "reorganization_energy",
            positive_real(self.reorganization_energy, "reorganization_energy"),
        )
        _set(self, "cutoff_frequency", positive_real(self.cutoff_frequency, "cutoff_frequency"))
        _set(self, "temperature", positive_real(self.temperature, "temperature"))
        _set(self, "n_matsubara", positive_int(self.n_matsubara, "n_matsubara"))
        _set(self, "subsystems", _subsystems(self.subsystems))
        if self.expansion not in EXPANSIONS:
            raise QBatteryValueError(
                f"expansion: unknown {self.expansion!r}; choose one of {', '.join(EXPANSIONS)}"
            )

    @cached_property
    def _qutip(self) -> Any:
        return QutipDrudeLorentz(
            T=self.temperature, lam=self.reorganization_energy, gamma=self.cutoff_frequency
        )

    def spectral_density(self, omega: Any) -> np.ndarray:
        """``J(w)`` (zero for w <= 0).

        Examples
        --------
        ``J(w) = 2 lambda gamma w / (w^2 + gamma^2)``: at ``w = gamma = 0.5`` with ``lambda = 0.01``
        it is ``lambda = 0.01`` (units of the model's frequency):

        >>> import numpy as np
        >>> from qbattery import DrudeLorentzEnvironment
        >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
        >>> np.round(bath.spectral_density(np.array([-1.0, 0.5])), 12)
        array([0.  , 0.01])
        """
        return np.asarray(self._qutip.spectral_density(np.asarray(omega, dtype=float)))

    def exponential_bath(self, battery: Battery, name: str) -> ExponentialBath:
        """The bath on ``battery``'s state space (single baths implement this).

        Examples
        --------
        The coupling operator on the qubit's space, and a terminator for the truncated expansion:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery import DrudeLorentzEnvironment
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(hb, hb, np.array([1.0, 0.0]))
        >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
        >>> exponential = bath.exponential_bath(qubit, "bath")
        >>> exponential.coupling.dims, exponential.terminator is not None
        ([[2], [2]], True)
        """
        approx, delta = self._qutip.approximate(
            self.expansion, Nk=self.n_matsubara, compute_delta=True
        )
        coupling = _coupling(battery, self.coupling_operator, self.subsystems, name)
        return ExponentialBath(coupling, approx, delta if self.terminator else None)

    def _describe(self) -> dict[str, Any]:
        return {
            "environment": "drude_lorentz",
            "reorganization_energy": self.reorganization_energy,
            "cutoff_frequency": self.cutoff_frequency,
            "temperature": self.temperature,
            "n_matsubara": self.n_matsubara,
            "expansion": self.expansion,
            "terminator": self.terminator,
            "subsystems": self.subsystems,
        }


@dataclass(frozen=True, eq=False)
class OhmicEnvironment(HEOMEnvironment):
    """An Ohmic (s = 1), sub- or super-Ohmic bath with exponential cut-off, coupled through Q.

    ``J(w) = alpha w^s w_c^{1-s} exp(-w / w_c)`` (QuTiP's convention; for s = 1,
    ``alpha w e^{-w/w_c}``). Its correlation function is fitted on ``fit_times`` by up to
    ``n_exponents`` terms for each of its real and imaginary parts (least squares); the
    relative fit error ``max |C_fit - C| / |C(0)|`` must stay below ``fit_tolerance`` or a
    ``ConvergenceWarning`` asks for more terms.

    Parameters
    ----------
    coupling_operator : Hermitian operator
    alpha : float
        Dimensionless coupling strength ``> 0``.
    cutoff_frequency : float
        ``w_c > 0``.
    temperature : float
        ``T >= 0``.
    exponent : float
        ``s > 0``.
    subsystems : sequence of int, optional
    n_exponents : int
        Largest number of terms of each part of the fit.
    fit_times : array, optional
        Default ``linspace(0, 10 / min(w_c, 2 pi T), 200)`` (``10 / w_c`` at T = 0).
    fit_tolerance : float
        1e-2 by default: a 1% error of C(t) on the fit window.

    Examples
    --------
    ``J(w) = alpha w e^{-w/w_c}`` for ``s = 1``: at ``w = w_c = 1``, ``alpha / e``:

    >>> import numpy as np
    >>> from qbattery import OhmicEnvironment
    >>> bath = OhmicEnvironment(np.diag([-1.0, 1.0]), 0.05, 1.0, 0.0)
    >>> round(float(bath.spectral_density(1.0)), 12) == round(0.05 / float(np.e), 12)
    True
    """

    coupling_operator: Operator
    alpha: float
    cutoff_frequency: float
    temperature: float
    exponent: float = 1.0
    subsystems: Sequence[int] | None = None
    n_exponents: int = 4
    fit_times: np.ndarray | None = field(default=None, repr=False)
    fit_tolerance: float = 1e-2

    def __post_init__(self) -> None:
        _set(self, "coupling_operator", as_operator(self.coupling_operator, "coupling_operator"))
        _set(self, "alpha", positive_real(self.alpha, "alpha"))
        _set(self, "cutoff_frequency", positive_real(self.cutoff_frequency, "cutoff_frequency"))
        _set(self, "temperature", non_negative_real(self.temperature, "temperature"))
        _set(self, "exponent", positive_real(self.exponent, "exponent"))
        _set(self, "n_exponents", positive_int(self.n_exponents, "n_exponents"))
        _set(self, "fit_tolerance", positive_real(self.fit_tolerance, "fit_tolerance"))
        _set(self, "subsystems", _subsystems(self.subsystems))
        if self.fit_times is None:
            rate = self.cutoff_frequency
            if self.temperature > 0:
                rate = min(rate, 2 * np.pi * self.temperature)
            _set(self, "fit_times", np.linspace(0.0, 10.0 / rate, 200))
        else:
            times = np.asarray(self.fit_times, dtype=float)
            if times.ndim != 1 or times.size < 10 or times[0] != 0 or np.any(np.diff(times) <= 0):
                raise QBatteryValueError(
                    "fit_times: need an increasing, evenly spaced grid from 0 with at least 10 "
                    f"points, got shape {times.shape}"
                )
            _set(self, "fit_times", times)

    @cached_property
    def _qutip(self) -> Any:
        return QutipOhmic(
            T=self.temperature, alpha=self.alpha, wc=self.cutoff_frequency, s=self.exponent
        )

    def spectral_density(self, omega: Any) -> np.ndarray:
        """``J(w)`` (zero for w <= 0).

        Examples
        --------
        Sub-Ohmic ``s = 0.5``: ``J(w) = alpha w^0.5 w_c^0.5 e^{-w/w_c}``, at ``w = 4``, ``w_c = 1``:
        ``0.05 * 2 * e^{-4} = 0.001832`` (units of the model's frequency):

        >>> import numpy as np
        >>> from qbattery import OhmicEnvironment
        >>> bath = OhmicEnvironment(np.diag([-1.0, 1.0]), 0.05, 1.0, 0.0, exponent=0.5)
        >>> round(float(bath.spectral_density(4.0)), 6)
        0.001832
        """
        return np.asarray(self._qutip.spectral_density(np.asarray(omega, dtype=float)))

    @cached_property
    def fit(self) -> tuple[Any, float]:
        """The exponential approximation and its relative error on ``fit_times``."""
        times = self.fit_times
        approx, _ = self._qutip.approximate(
            "cf", times, Nr_max=self.n_exponents, Ni_max=self.n_exponents
        )
        exact = self._qutip.correlation_function(times)
        error = np.max(np.abs(approx.correlation_function(times) - exact)) / abs(exact[0])
        return approx, float(error)

    def exponential_bath(self, battery: Battery, name: str) -> ExponentialBath:
        """The bath on ``battery``'s state space (single baths implement this).

        Examples
        --------
        At ``T = 2`` three exponentials per part fit the correlation function to 1% on a short
        window (times in 1/omega):

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery import OhmicEnvironment
        >>> hb = np.diag([0.0, 1.0])
        >>> qubit = qb.Battery(hb, hb, np.array([1.0, 0.0]))
        >>> bath = OhmicEnvironment(np.diag([-1.0, 1.0]), 0.05, 1.0, 2.0, n_exponents=3,
        ...                         fit_times=np.linspace(0.0, 10.0, 50))
        >>> bath.exponential_bath(qubit, "bath").coupling.dims
        [[2], [2]]
        """
        approx, error = self.fit
        if error > self.fit_tolerance:
            warnings.warn(
                f"n_exponents = {self.n_exponents} fits the Ohmic correlation function only to a "
                f"relative error {error:.2e} (> fit_tolerance {self.fit_tolerance:.0e}); raise "
                f"n_exponents to {self.n_exponents + 2} or more and compare",
                ConvergenceWarning,
                stacklevel=4,
            )
        coupling = _coupling(battery, self.coupling_operator, self.subsystems, name)
        return ExponentialBath(coupling, approx, None)

    def _describe(self) -> dict[str, Any]:
        return {
            "environment": "ohmic",
            "alpha": self.alpha,
            "cutoff_frequency": self.cutoff_frequency,
            "temperature": self.temperature,
            "exponent": self.exponent,
            "n_exponents": self.n_exponents,
            "subsystems": self.subsystems,
        }


def _set(instance: Any, name: str, value: Any) -> None:
    object.__setattr__(instance, name, value)


def _subsystems(value: Sequence[int] | None) -> tuple[int, ...] | None:
    return None if value is None else tuple(int(k) for k in value)
