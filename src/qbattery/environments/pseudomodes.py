"""Lorentzian reservoirs solved exactly by pseudomodes: damped modes added to the battery.

A bosonic reservoir at zero temperature coupled to the system through an operator ``L``,

    H_I = sum_k g_k (L b_k^dagger + L^dagger b_k),

acts on the system only through its correlation function ``C(t) = sum_k g_k^2 exp(-i w_k t)``
(Gaussian, vacuum). For a Lorentzian spectral density

    J(w) = (g^2 / pi) (Gamma / 2) / ((w - w_c)^2 + (Gamma / 2)^2),
    C(t) = g^2 exp(-i w_c t - Gamma |t| / 2),

the same ``C(t)`` comes from one damped harmonic mode ``a`` (the pseudomode) with

    H' = H + w_c a^dagger a + g (L a^dagger + L^dagger a),       Lindblad operator sqrt(Gamma) a,

so the reduced dynamics of the system is exact (Garraway, PRA 55, 2290 (1997); for Hermitian ``L``
the coupling is ``g L (a + a^dagger)`` and the mapping holds for ``J`` extended to all real
frequencies, Tamascelli, Smirne, Huelga & Plenio, PRL 120, 030402 (2018)). A sum of Lorentzians
is a sum of independent pseudomodes. ``g`` is the ``strength`` (``g^2 = int J dw``), ``w_c`` the
``centre`` and ``Gamma`` the ``width`` (full width at half maximum) of a :class:`Lorentzian`.

The damped Jaynes-Cummings model of Breuer & Petruccione (sec. 10.1), coupling ``gamma_0`` and
spectral width ``lambda``, ``J(w) = gamma_0 lambda^2 / (2 pi ((w_c - w)^2 + lambda^2))``, is
``strength = sqrt(gamma_0 lambda / 2)``, ``width = 2 lambda``
(:meth:`Lorentzian.damped_jaynes_cummings`). Kamin et al., NJP 22, 083007 (2020), charge a
battery with charger and battery each in such a reservoir (review sec. 5.1).

:func:`add_pseudomodes` returns a new :class:`~qbattery.battery.Battery` with the pseudomodes as
extra subsystems (appended after the existing ones, so the battery indices do not change) and
their Lindblad operators as ``collapse_ops``; :func:`qbattery.charge` (method ``"ode"``) then
solves it unchanged. Each pseudomode is truncated at ``cutoff`` quanta and checked like a photon
cut-off: a ``ConvergenceWarning`` if its top two Fock levels get populated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery, Truncation, check_battery
from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.linalg import embed_operator
from qbattery.operators import Operator, as_operator, to_sparse
from qbattery.validation import finite_real, non_negative_real, positive_int, positive_real

__all__ = ["Lorentzian", "LorentzianBath", "add_pseudomodes", "operator_on_space"]

#: Leakage of a restricted coupling operator out of the battery's subspace that counts as zero.
_LEAK_TOL = 1e-12


@dataclass(frozen=True)
class Lorentzian:
    """One Lorentzian peak of a spectral density, and the pseudomode that reproduces it.

    ``J(w) = (strength^2 / pi) (width / 2) / ((w - centre)^2 + (width / 2)^2)``, so that
    ``int J dw = strength^2`` and ``C(t) = strength^2 exp(-i centre t - width |t| / 2)``.

    Parameters
    ----------
    strength : float
        Coupling ``g >= 0`` of the pseudomode to the system.
    centre : float
        Peak frequency ``w_c``, the pseudomode's frequency.
    width : float
        Full width at half maximum ``Gamma > 0``, the pseudomode's damping rate.

    Examples
    --------
    >>> peak = Lorentzian.damped_jaynes_cummings(gamma0=1.0, spectral_width=0.5, centre=1.0)
    >>> round(peak.strength**2, 6), peak.width
    (0.25, 1.0)
    """

    strength: float
    centre: float
    width: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "strength", non_negative_real(self.strength, "strength"))
        object.__setattr__(self, "centre", finite_real(self.centre, "centre"))
        object.__setattr__(self, "width", positive_real(self.width, "width"))

    @classmethod
    def damped_jaynes_cummings(
        cls, gamma0: float, spectral_width: float, centre: float
    ) -> Lorentzian:
        """Breuer & Petruccione's Lorentzian (sec. 10.1): ``gamma0``, ``lambda`` -> peak.

        ``J(w) = gamma0 lambda^2 / (2 pi ((centre - w)^2 + lambda^2))``, i.e. strength
        ``sqrt(gamma0 lambda / 2)`` and width ``2 lambda``.

        Examples
        --------
        Breuer & Petruccione's ``gamma0 lambda / 2`` peak weight and width ``2 lambda``:

        >>> from qbattery import Lorentzian
        >>> peak = Lorentzian.damped_jaynes_cummings(gamma0=1.0, spectral_width=0.5, centre=1.0)
        >>> round(peak.strength**2, 6), peak.width, peak.centre
        (0.25, 1.0, 1.0)
        """
        rate = non_negative_real(gamma0, "gamma0")
        half_width = positive_real(spectral_width, "spectral_width")
        return cls(float(np.sqrt(rate * half_width / 2)), centre, 2 * half_width)

    def spectral_density(self, omega: Any) -> np.ndarray:
        """``J(w)`` on an array of frequencies.

        Examples
        --------
        At its centre the peak is ``(strength^2 / pi) (2 / width)``:

        >>> import numpy as np
        >>> from qbattery import Lorentzian
        >>> peak = Lorentzian(1.0, 2.0, 0.5)
        >>> round(float(peak.spectral_density(2.0)), 12) == round(4 / float(np.pi), 12)
        True
        """
        w = np.asarray(omega, dtype=float)
        half = self.width / 2
        return self.strength**2 / np.pi * half / ((w - self.centre) ** 2 + half**2)

    def correlation(self, t: Any) -> np.ndarray:
        """``C(t) = strength^2 exp(-i centre t - width |t| / 2)``.

        Examples
        --------
        ``C(0) = strength^2``, and ``|C(t)|`` decays as ``e^{-width t / 2}``:

        >>> import numpy as np
        >>> from qbattery import Lorentzian
        >>> peak = Lorentzian(1.0, 2.0, 0.5)
        >>> np.round(np.abs(peak.correlation(np.array([0.0, 4.0]))), 6)       # e^{-1} = 0.367879
        array([1.      , 0.367879])
        """
        t = np.asarray(t, dtype=float)
        return self.strength**2 * np.exp(-1j * self.centre * t - self.width * np.abs(t) / 2)


@dataclass(frozen=True, init=False)
class LorentzianBath:
    """A zero-temperature reservoir with a sum of Lorentzian peaks, coupled through one operator.

    Parameters
    ----------
    coupling_operator : operator
        ``L`` in ``H_I = sum_k g_k (L b_k^dagger + L^dagger b_k)``: a lowering operator for a
        rotating-wave coupling (damped Jaynes-Cummings), a Hermitian one for ``L (b + b^dagger)``.
        It acts on the subsystems ``subsystems`` of the battery's ``dims``, or on its whole
        state space if ``subsystems`` is None.
    lorentzians : sequence of Lorentzian or of (strength, centre, width)
        The peaks of ``J(w)``; one pseudomode each.
    subsystems : sequence of int, optional
        Indices into the battery's ``dims`` on which ``coupling_operator`` acts.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery import Lorentzian, LorentzianBath
    >>> bath = LorentzianBath(np.array([[0.0, 1.0], [0.0, 0.0]]), [Lorentzian(1.0, 2.0, 0.5)])
    >>> len(bath.lorentzians), bath.lorentzians[0].width
    (1, 0.5)
    """

    coupling_operator: Operator
    lorentzians: tuple[Lorentzian, ...]
    subsystems: tuple[int, ...] | None

    def __init__(
        self,
        coupling_operator: Any,
        lorentzians: Sequence[Lorentzian | Sequence[float]],
        subsystems: Sequence[int] | None = None,
    ) -> None:
        operator = as_operator(coupling_operator, "coupling_operator", hermitian=False)
        if isinstance(lorentzians, Lorentzian):
            lorentzians = [lorentzians]
        peaks = tuple(_lorentzian(item, index) for index, item in enumerate(lorentzians))
        if not peaks:
            raise QBatteryValueError("lorentzians: give at least one (strength, centre, width)")
        object.__setattr__(self, "coupling_operator", operator)
        object.__setattr__(self, "lorentzians", peaks)
        object.__setattr__(
            self, "subsystems", None if subsystems is None else tuple(int(k) for k in subsystems)
        )

    def spectral_density(self, omega: Any) -> np.ndarray:
        """The total ``J(w)``, the sum of the peaks.

        Examples
        --------
        Two equal peaks give twice the density of one:

        >>> import numpy as np
        >>> from qbattery import Lorentzian, LorentzianBath
        >>> peak = Lorentzian(1.0, 2.0, 0.5)
        >>> bath = LorentzianBath(np.array([[0.0, 1.0], [0.0, 0.0]]), [peak, peak])
        >>> bool(np.isclose(bath.spectral_density(1.0), 2 * peak.spectral_density(1.0)))
        True
        """
        return np.sum([peak.spectral_density(omega) for peak in self.lorentzians], axis=0)

    def describe(self) -> dict[str, Any]:
        """The peaks and subsystems, for the battery's record.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery import Lorentzian, LorentzianBath
        >>> bath = LorentzianBath(np.array([[0.0, 1.0], [0.0, 0.0]]), [Lorentzian(1.0, 2.0, 0.5)])
        >>> bath.describe()
        {'lorentzians': [(1.0, 2.0, 0.5)], 'subsystems': None}
        """
        return {
            "lorentzians": [(p.strength, p.centre, p.width) for p in self.lorentzians],
            "subsystems": self.subsystems,
        }


def _lorentzian(item: Any, index: int) -> Lorentzian:
    if isinstance(item, Lorentzian):
        return item
    try:
        strength, centre, width = item
    except (TypeError, ValueError) as exc:
        raise QBatteryTypeError(
            f"lorentzians[{index}]: expected a Lorentzian or a triple (strength, centre, width), "
            f"got {item!r}"
        ) from exc
    return Lorentzian(strength, centre, width)


def operator_on_space(
    battery: Battery,
    operator: Any,
    subsystems: Sequence[int] | None,
    name: str,
    *,
    hermitian: bool = False,
) -> sp.csr_matrix:
    """``operator`` on the battery's state space (its subspace if it has one), sparse.

    With ``subsystems`` the operator acts on those subsystems of ``battery.dims`` (identity on
    the others); a battery held in a subspace gets the restriction, which must not leak out of
    the subspace. Without, it must already have the state space's dimension.

    Examples
    --------
    ``sigma_-`` of the second of two qubits, on the product space:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.environments.pseudomodes import operator_on_space
    >>> hb = np.diag([0.0, 1.0])
    >>> pair = qb.Battery(np.zeros((4, 4)), hb, np.array([1.0, 0, 0, 0]), dims=[2, 2],
    ...                   battery=[1])
    >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> operator_on_space(pair, lower, [1], "operator").toarray().real
    array([[0., 1., 0., 0.],
           [0., 0., 0., 0.],
           [0., 0., 0., 1.],
           [0., 0., 0., 0.]])
    """
    if battery.sector is not None:
        raise QBatteryValueError(
            f"{name}: the battery is held in an excitation sector; build it on the full space "
            "(or with a subspace) to couple an environment"
        )
    if subsystems is None:
        matrix = as_operator(operator, name, dimension=battery.dimension, hermitian=hermitian)
        return to_sparse(matrix)
    indices = [int(k) for k in subsystems]
    dims = battery.dims
    if (
        not indices
        or any(not 0 <= k < len(dims) for k in indices)
        or len(set(indices)) < len(indices)
    ):
        raise DimensionError(
            f"{name}: subsystems {list(subsystems)} must be distinct indices in "
            f"0..{len(dims) - 1} (into dims = {list(dims)})"
        )
    local = int(np.prod([dims[k] for k in indices]))
    matrix = as_operator(operator, name, dimension=local, hermitian=hermitian)
    full = embed_operator(matrix, dims, indices)
    if battery.subspace is None:
        return full
    kept = battery.subspace
    columns = sp.csr_matrix(full[:, kept])
    outside = np.ones(full.shape[0], dtype=bool)
    outside[kept] = False
    leak = columns[outside]
    if leak.nnz and abs(leak).max() > _LEAK_TOL:
        raise QBatteryValueError(
            f"{name}: maps states of the battery's subspace outside it (e.g. it breaks the "
            "excitation parity the battery was reduced with); build the battery on the full space"
        )
    return sp.csr_matrix(columns[kept])


def _mode_operators(cutoff: int, count: int) -> list[sp.csr_matrix]:
    """Annihilation operators of ``count`` modes, each truncated at ``cutoff`` quanta."""
    local = sp.diags(np.sqrt(np.arange(1, cutoff + 1)), 1, format="csr", dtype=complex)
    dims = [cutoff + 1] * count
    return [embed_operator(local, dims, [k]) for k in range(count)]


def add_pseudomodes(
    battery: Battery,
    baths: LorentzianBath | Sequence[LorentzianBath],
    *,
    cutoff: int = 4,
    tolerance: float = 1e-10,
) -> Battery:
    """The battery with every Lorentzian of ``baths`` replaced by a damped pseudomode.

    .. code-block:: text

        H'   = H (x) 1 + sum_m [w_m a_m^dagger a_m + g_m (L_m a_m^dagger + L_m^dagger a_m)]
        c_ops' = c_ops (x) 1  +  [sqrt(Gamma_m) a_m]

    (Garraway, PRA 55, 2290 (1997); Tamascelli et al., PRL 120, 030402 (2018)), with the
    pseudomodes in their vacuum at t = 0 (a zero-temperature reservoir). Exact for the system
    as long as the truncation is harmless.

    Parameters
    ----------
    battery : Battery
        Any battery without an ``environment`` (its own ``collapse_ops``, drives and
        measurements are kept); not one held in an excitation sector.
    baths : LorentzianBath or sequence of them
        One per independent reservoir (e.g. one on the charger, one on the battery).
    cutoff : int
        Fock cut-off of every pseudomode (dimension ``cutoff + 1`` each). A rotating-wave
        coupling from a single excitation never puts more than one quantum in a pseudomode.
    tolerance : float
        Population of the top two pseudomode levels above which :func:`qbattery.charge` warns.

    Returns
    -------
    Battery
        ``dims = battery.dims + [cutoff + 1] * n_modes``, same ``battery`` indices and ``H_B``;
        ``parameters`` gain ``pseudomodes`` and ``pseudomode_cutoff``.

    Examples
    --------
    >>> import numpy as np
    >>> lower = np.array([[0.0, 1.0], [0.0, 0.0]])
    >>> qubit = Battery(np.diag([0.0, 1.0]), np.diag([0.0, 1.0]), np.array([0.0, 1.0]))
    >>> bath = LorentzianBath(lower, [Lorentzian(0.5, 1.0, 0.2)])
    >>> add_pseudomodes(qubit, bath, cutoff=3).dims
    (2, 4)
    """
    check_battery(battery)
    if battery.environment is not None:
        raise QBatteryValueError(
            f"battery: already has a {type(battery.environment).__name__} environment; add "
            "pseudomodes to a battery without one"
        )
    bath_list = [baths] if isinstance(baths, LorentzianBath) else list(baths)
    if not bath_list or not all(isinstance(b, LorentzianBath) for b in bath_list):
        raise QBatteryTypeError("baths: expected one LorentzianBath or a non-empty list of them")
    n_max = positive_int(cutoff, "cutoff")
    edge_tolerance = positive_real(tolerance, "tolerance")
    couplings: list[tuple[sp.csr_matrix, Lorentzian]] = []
    for index, bath in enumerate(bath_list):
        system = operator_on_space(
            battery, bath.coupling_operator, bath.subsystems, f"baths[{index}].coupling_operator"
        )
        couplings += [(system, peak) for peak in bath.lorentzians]
    count = len(couplings)
    modes = _mode_operators(n_max, count)
    d, m = battery.dimension, (n_max + 1) ** count
    eye_system, eye_modes = sp.identity(d, format="csr"), sp.identity(m, format="csr")

    def widen(operator: Operator) -> sp.csr_matrix:
        return sp.csr_matrix(sp.kron(to_sparse(operator), eye_modes))

    static = widen(battery.hamiltonian.static)
    for mode, (system, peak) in zip(modes, couplings, strict=True):
        static = static + peak.centre * sp.kron(eye_system, mode.getH() @ mode)
        exchange = sp.kron(system, mode.getH())
        static = static + peak.strength * (exchange + exchange.getH())
    terms: list[Any] = [sp.csr_matrix(static)]
    terms += [(widen(op), f) for op, f in battery.hamiltonian.drives]
    collapse = [widen(c) for c in battery.collapse_ops]
    collapse += [
        np.sqrt(peak.width) * sp.csr_matrix(sp.kron(eye_system, mode))
        for mode, (_, peak) in zip(modes, couplings, strict=True)
    ]
    vacuum = np.zeros(m)
    vacuum[0] = 1.0
    state = battery.initial_state
    initial = (
        np.kron(state, vacuum) if state.ndim == 1 else np.kron(state, np.outer(vacuum, vacuum))
    )
    subspace = None
    if battery.subspace is not None:
        subspace = (battery.subspace[:, None] * m + np.arange(m)[None, :]).ravel()
    return Battery(
        terms,
        battery.battery_hamiltonian,
        initial,
        dims=[*battery.dims, *([n_max + 1] * count)],
        battery=battery.battery,
        collapse_ops=collapse,
        measurement_interval=battery.measurement_interval,
        battery_spectrum=battery.battery_spectrum,
        subspace=subspace,
        truncation=_truncation(battery.truncation, n_max, count, d, edge_tolerance),
        name=f"{battery.name}+pseudomodes",
        parameters={
            **battery.parameters,
            "pseudomodes": [bath.describe() for bath in bath_list],
            "pseudomode_cutoff": n_max,
        },
    )


def _truncation(
    original: Truncation | None, n_max: int, count: int, d: int, tolerance: float
) -> Truncation:
    """Edge: any pseudomode in one of its top two levels, whatever the state of the system.

    An original truncation (e.g. a cavity cut-off) keeps being checked: its edge is carried
    over and the warning names both cut-offs. State ``(s, c)`` (system state s, pseudomode
    configuration c of ``m`` possible) has index ``s * m + c``.
    """
    m = (n_max + 1) ** count
    levels = np.indices([n_max + 1] * count).reshape(count, m)
    mode_edge = np.nonzero(np.any(levels >= max(n_max - 1, 0), axis=0))[0]
    edge = (np.arange(d)[:, None] * m + mode_edge[None, :]).ravel()
    if original is None:
        return Truncation("cutoff", n_max, edge, tolerance)
    carried = (np.asarray(original.edge)[:, None] * m + np.arange(m)[None, :]).ravel()
    parameter = f"cutoff or the model's {original.parameter} (now {original.size})"
    return Truncation(
        parameter, n_max, np.union1d(carried, edge), min(tolerance, original.tolerance)
    )
