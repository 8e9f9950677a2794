"""The battery description: operators, battery Hamiltonian and subsystem layout, initial state.

A :class:`Battery` is what every model constructor returns and what :func:`qbattery.charge`
consumes. It holds operators and nothing else: no dynamics happen on construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol, runtime_checkable

import numpy as np
import scipy.sparse as sp

from qbattery.bases.sectors import ExcitationSector
from qbattery.errors import DimensionError, QBatteryTypeError, QBatteryValueError
from qbattery.hamiltonian import Hamiltonian
from qbattery.linalg import LevelSpectrum, embed_operator
from qbattery.operators import Operator, as_operator, lowest_levels, to_sparse
from qbattery.validation import (
    DEFAULT_ATOL,
    as_array,
    check_dims,
    check_finite,
    check_hermitian,
    check_ket,
    check_positive_spectrum,
    check_unit_trace,
)

__all__ = ["Battery", "Environment", "Truncation", "check_battery"]


@runtime_checkable
class Environment(Protocol):
    """An environment solved by a dedicated method of :func:`qbattery.charge`.

    Attributes
    ----------
    method : str
        Name of the :data:`qbattery.charge.METHODS` entry that solves a battery with this
        environment (e.g. ``"permutational"``, ``"heom"``); a class or instance attribute.

    Examples
    --------
    Every environment of :mod:`qbattery.environments` has a ``method`` and a ``describe()``:

    >>> import numpy as np
    >>> from qbattery import DrudeLorentzEnvironment
    >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
    >>> bath.method
    'heom'
    """

    @property
    def method(self) -> str: ...

    def describe(self) -> dict[str, Any]:
        """The environment's parameters, recorded with the battery's.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery import DrudeLorentzEnvironment
        >>> bath = DrudeLorentzEnvironment(np.diag([-1.0, 1.0]), 0.01, 0.5, 1.0)
        >>> description = bath.describe()
        >>> description["environment"], description["reorganization_energy"]
        ('drude_lorentz', 0.01)
        """
        ...


@dataclass(frozen=True)
class Truncation:
    """A truncated space (e.g. a photon cut-off) and the basis states at its edge.

    :func:`qbattery.charge` tracks the population of the ``edge`` states (indices into the
    battery's state space, e.g. the top two Fock levels of the cavity) along the trajectory; if
    it exceeds ``tolerance`` the truncation is too small and a ``ConvergenceWarning`` names
    ``parameter`` and a larger ``size``. A bosonic mode truncated at n_max behaves like the
    untruncated one as long as it never populates the levels near n_max.

    Examples
    --------
    A cavity cut at 10 photons, watched on its two top Fock states:

    >>> import numpy as np
    >>> from qbattery.battery import Truncation
    >>> cut = Truncation("n_max", 10, np.array([9, 10]))
    >>> cut.parameter, cut.tolerance
    ('n_max', 1e-10)
    """

    parameter: str
    size: int
    edge: np.ndarray
    tolerance: float = 1e-10
    #: For a size the model chose itself: the same battery built at a larger size.
    #: :func:`qbattery.charge` then enlarges the truncation and charges again until the edge
    #: stays below ``tolerance`` (an adaptive, verified cut-off) instead of warning.
    rebuild: Callable[[int], Battery] | None = field(default=None, compare=False, repr=False)

    def suggestion(self) -> int:
        """A larger size to try: half as large again.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.battery import Truncation
        >>> Truncation("n_max", 10, np.array([9, 10])).suggestion()
        15
        """
        return int(np.ceil(1.5 * self.size))


@dataclass(frozen=True, init=False)
class Battery:
    """A quantum battery ready to be charged.

    Parameters
    ----------
    hamiltonian : operator (d, d) or list ``[H0, (H1, f1), ...]``
        Total Hamiltonian ``H(t) = H0 + sum_k f_k(t) H_k`` on the full space (charger, battery,
        anything else), ``f_k`` numbers, protocols from :mod:`qbattery.protocols` or callables.
    battery_hamiltonian : operator (d_B, d_B)
        The battery's bare Hamiltonian ``H_B`` on the battery subsystems; stored energy, ergotropy
        and power are measured with it (review eq. 3, docs/conventions.md).
    initial_state : ket (d,) or density matrix (d, d)
    dims : sequence of int, optional
        Subsystem dimensions of the full space (default: one subsystem of dimension d).
    battery : sequence of int, optional
        Indices into ``dims`` of the battery subsystems (default: all of them).
    collapse_ops : sequence of operators (d, d)
        Lindblad operators of an environment (open dynamics).
    measurement_interval : float, optional
        If set, a non-selective projective measurement of H_B on the battery at every
        ``k * interval`` (the protection step of the Zeno protocol, review sec. 5.2); solved by
        ``method="ode"`` on any time grid. A grid time that coincides with a measurement (to
        round-off) reports the state just after it.
    environment : Environment, optional
        An environment that Lindblad operators on the system space cannot express (a
        permutation-invariant ensemble's local noise, a structured bath for HEOM or
        Bloch-Redfield); :func:`qbattery.charge` solves the battery with the method the
        environment names (``environment.method``).
    battery_spectrum : LevelSpectrum, optional
        Full-space levels of ``H_B`` when the battery is written in a reduced basis (symmetric
        Dicke subspace); makes ergotropy degeneracy-aware (docs/conventions.md).
    subspace : sequence of int, optional
        The Hamiltonian, initial state and collapse operators act on the span of these
        product-basis states of ``dims`` (increasing indices), e.g. one parity sector of a
        symmetric model; reduced battery states are taken after embedding back into the
        product space.
    truncation : Truncation, optional
        A truncated mode whose edge population is checked during charging.
    sector : ExcitationSector, optional
        The space is an excitation-number sector of product states ``|r_i>|b_i>``, or a direct
        sum of such sectors (:mod:`qbattery.bases.sectors`); ``battery_hamiltonian`` then acts
        on the battery's own basis (diagonal there). The battery state is diagonal when every
        basis state has its own charger label (one sector); otherwise it is the partial trace
        over the charger labels.
    name : str
        Model name, for records.
    parameters : dict
        Model parameters, recorded in results.

    Examples
    --------
    A qubit battery ``H_B = diag(0, 1)`` driven by ``sigma_x`` from its ground state stores
    ``W(t) = sin^2 t`` (energies in units of the level spacing omega, times in 1/omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> sx, hb = np.array([[0.0, 1.0], [1.0, 0.0]]), np.diag([0.0, 1.0])
    >>> battery = qb.Battery(sx, hb, np.array([1.0, 0.0]))
    >>> battery.dims, round(battery.ground_energy, 12)
    ((2,), 0.0)
    >>> result = qb.charge(battery, np.linspace(0.0, np.pi / 2, 11))
    >>> round(float(result.energy[-1]), 8)
    1.0
    """

    hamiltonian: Hamiltonian
    battery_hamiltonian: Operator
    initial_state: np.ndarray
    dims: tuple[int, ...]
    battery: tuple[int, ...]
    collapse_ops: tuple[Operator, ...]
    measurement_interval: float | None
    environment: Environment | None
    battery_spectrum: LevelSpectrum | None
    sector: ExcitationSector | None
    subspace: np.ndarray | None
    truncation: Truncation | None
    name: str
    parameters: dict[str, Any]

    def __init__(
        self,
        hamiltonian: Any,
        battery_hamiltonian: Any,
        initial_state: Any,
        *,
        dims: Sequence[int] | None = None,
        battery: Sequence[int] | None = None,
        collapse_ops: Sequence[Any] = (),
        measurement_interval: float | None = None,
        environment: Environment | None = None,
        battery_spectrum: LevelSpectrum | None = None,
        sector: ExcitationSector | None = None,
        subspace: Sequence[int] | np.ndarray | None = None,
        truncation: Truncation | None = None,
        name: str = "custom",
        parameters: dict[str, Any] | None = None,
    ) -> None:
        total = Hamiltonian.from_terms(hamiltonian)
        d = total.dimension
        reduced = subspace is not None or sector is not None
        dims = _dims_from_qobjs(
            dims, reduced, hamiltonian, initial_state, collapse_ops, battery_hamiltonian, battery
        )
        kept = None if subspace is None else _subspace_indices(subspace, d, dims)
        product = d if kept is None else int(np.prod(dims))  # type: ignore[arg-type]
        subsystem_dims = check_dims(dims if dims is not None else [d], product)
        indices = _battery_indices(battery, len(subsystem_dims))
        d_battery = int(np.prod([subsystem_dims[k] for k in indices]))
        if sector is not None:
            if sector.dimension != d or len(subsystem_dims) != 1 or battery is not None:
                raise DimensionError(
                    f"sector: describes {sector.dimension} basis states of one sector space; "
                    f"the Hamiltonian has dimension {d} (give neither dims nor battery)"
                )
            d_battery = sector.battery_dimension
            sector.embed(as_operator(battery_hamiltonian, "battery_hamiltonian"))  # diagonal?
        if measurement_interval is not None and not measurement_interval > 0:
            raise QBatteryValueError(
                f"measurement_interval: must be positive, got {measurement_interval!r}"
            )
        values = {
            "hamiltonian": total,
            "battery_hamiltonian": as_operator(
                battery_hamiltonian, "battery_hamiltonian", dimension=d_battery
            ),
            "initial_state": _initial_state(initial_state, d),
            "dims": subsystem_dims,
            "battery": indices,
            "collapse_ops": tuple(
                as_operator(c, f"collapse_ops[{i}]", dimension=d, hermitian=False)
                for i, c in enumerate(collapse_ops)
            ),
            "measurement_interval": measurement_interval,
            "environment": _check_environment(environment),
            "battery_spectrum": battery_spectrum,
            "sector": sector,
            "subspace": kept,
            "truncation": truncation,
            "name": name,
            "parameters": dict(parameters or {}),
        }
        for attribute, value in values.items():
            object.__setattr__(self, attribute, value)

    @property
    def dimension(self) -> int:
        """Dimension of the full space."""
        return int(self.hamiltonian.dimension)

    @property
    def is_pure(self) -> bool:
        """Whether the initial state is a ket."""
        return self.initial_state.ndim == 1

    @property
    def battery_is_whole_space(self) -> bool:
        return self.sector is None and len(self.battery) == len(self.dims)

    def battery_hamiltonian_full(self) -> Operator:
        """``H_B`` on the battery's state space: embedded in the product space (identity on the
        other subsystems), restricted to the subspace or sector if there is one.

        Examples
        --------
        With a charger qubit first and the battery qubit second, ``H_B`` becomes
        ``1 (x) diag(0, 1)`` (a sparse matrix here):

        >>> import numpy as np
        >>> import qbattery as qb
        >>> sx = np.array([[0.0, 1.0], [1.0, 0.0]])
        >>> battery = qb.Battery(np.kron(sx, sx), np.diag([0.0, 1.0]), np.array([1.0, 0, 0, 0]),
        ...                      dims=[2, 2], battery=[1])
        >>> battery.battery_hamiltonian_full().diagonal().real
        array([0., 1., 0., 1.])
        """
        return self._battery_hamiltonian_full

    @cached_property
    def _battery_hamiltonian_full(self) -> Operator:
        """:meth:`battery_hamiltonian_full`, built once (every solver asks for it)."""
        if self.sector is not None:
            return self.sector.embed(self.battery_hamiltonian)
        product = self._battery_hamiltonian_product()
        if self.subspace is None:
            return product
        return sp.csr_matrix(to_sparse(product)[self.subspace][:, self.subspace])

    @property
    def space_dims(self) -> list[int]:
        """Subsystem dimensions of the state space: ``dims``, or one factor for a subspace."""
        if self.subspace is not None:
            return [int(self.subspace.size)]
        return list(self.dims)

    def embed(self, kets: np.ndarray) -> np.ndarray:
        """Kets (n, d) of the subspace as kets (n, D) of the product space of ``dims``.

        Examples
        --------
        Without a ``subspace`` the kets are returned unchanged:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> battery = qb.Battery(np.diag([0.0, 1.0]), np.diag([0.0, 1.0]), np.array([1.0, 0.0]))
        >>> battery.embed(np.array([[0.0, 1.0]]))
        array([[0., 1.]])
        """
        if self.subspace is None:
            return kets
        full = np.zeros((kets.shape[0], int(np.prod(self.dims))), dtype=kets.dtype)
        full[:, self.subspace] = kets
        return full

    def _battery_hamiltonian_product(self) -> Operator:
        if len(self.battery) == len(self.dims):
            return self.battery_hamiltonian
        return embed_operator(self.battery_hamiltonian, self.dims, self.battery)

    @cached_property
    def ground_energy(self) -> float:
        """Lowest level of ``H_B`` on the full space (Lanczos for large sparse H_B)."""
        if self.battery_spectrum is not None:
            return float(self.battery_spectrum.levels[0])
        return float(lowest_levels(self.battery_hamiltonian, 1)[0][0])

    def replace(self, **changes: Any) -> Battery:
        """A new battery with some constructor arguments changed, all checks run again.

        Examples
        --------
        >>> import numpy as np
        >>> qubit = Battery(np.diag([0.0, 1.0]), np.diag([0.0, 1.0]), np.array([1.0, 0.0]))
        >>> qubit.replace(initial_state=np.array([0.0, 1.0])).initial_state.real.tolist()
        [0.0, 1.0]
        """
        reduced = self.sector is not None
        arguments: dict[str, Any] = {
            "hamiltonian": self.hamiltonian,
            "battery_hamiltonian": self.battery_hamiltonian,
            "initial_state": self.initial_state,
            "dims": None if reduced else self.dims,
            "battery": None if reduced else self.battery,
            "collapse_ops": self.collapse_ops,
            "measurement_interval": self.measurement_interval,
            "environment": self.environment,
            "battery_spectrum": self.battery_spectrum,
            "sector": self.sector,
            "subspace": self.subspace,
            "truncation": self.truncation,
            "name": self.name,
            "parameters": self.parameters,
        }
        unknown = sorted(set(changes) - set(arguments))
        if unknown:
            raise QBatteryValueError(
                f"changes: {unknown} are not Battery arguments; use some of {sorted(arguments)}"
            )
        arguments.update(changes)
        hamiltonian = arguments.pop("hamiltonian")
        battery_hamiltonian = arguments.pop("battery_hamiltonian")
        initial_state = arguments.pop("initial_state")
        return Battery(hamiltonian, battery_hamiltonian, initial_state, **arguments)

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.parameters.items())
        return (
            f"Battery({self.name}{': ' + params if params else ''}; dims={list(self.dims)}, "
            f"battery={list(self.battery)}, "
            f"open={bool(self.collapse_ops) or self.environment is not None})"
        )


def known_ground_energy(battery: Battery, energy: float) -> Battery:
    """``battery`` with :attr:`Battery.ground_energy` set to ``energy``, for a caller that
    knows the lowest level of ``H_B`` on the full space (a model that found its ground state,
    a symmetry sector of a larger battery) instead of a Lanczos run on first use."""
    battery.__dict__["ground_energy"] = float(energy)
    return battery


def check_battery(value: Any, name: str = "battery") -> Battery:
    """``value`` if it is a :class:`Battery`; otherwise a type error naming ``name``.

    Examples
    --------
    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.battery import check_battery
    >>> battery = qb.Battery(np.diag([0.0, 1.0]), np.diag([0.0, 1.0]), np.array([1.0, 0.0]))
    >>> check_battery(battery) is battery
    True
    >>> check_battery("qubit")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryTypeError: battery: expected a qbattery.Battery ... got str
    """
    if not isinstance(value, Battery):
        raise QBatteryTypeError(
            f"{name}: expected a qbattery.Battery (from qbattery.models or built by hand), "
            f"got {type(value).__name__}"
        )
    return value


def _check_environment(environment: Any) -> Environment | None:
    if environment is None or isinstance(environment, Environment):
        return environment
    raise QBatteryTypeError(
        f"environment: expected an Environment (an object with a 'method' name and a "
        f"'describe()' method, e.g. from qbattery.models.spin_ensemble), got "
        f"{type(environment).__name__}; give Markovian noise as collapse_ops instead"
    )


def _subspace_indices(subspace: Any, d: int, dims: Sequence[int] | None) -> np.ndarray:
    if dims is None:
        raise DimensionError("subspace: give dims, the subsystem dimensions of the product space")
    indices = np.asarray(subspace)
    size = int(np.prod(dims))
    if (
        indices.ndim != 1
        or indices.size != d
        or not np.issubdtype(indices.dtype, np.integer)
        or np.any(np.diff(indices) <= 0)
        or indices[0] < 0
        or indices[-1] >= size
    ):
        raise DimensionError(
            f"subspace: need {d} increasing product-basis indices in 0..{size - 1} (one per "
            "dimension of the Hamiltonian)"
        )
    return indices


def _battery_indices(battery: Sequence[int] | None, n_subsystems: int) -> tuple[int, ...]:
    if battery is None:
        return tuple(range(n_subsystems))
    indices = tuple(sorted({int(k) for k in battery}))
    if not indices or any(not 0 <= k < n_subsystems for k in indices):
        raise DimensionError(
            f"battery: subsystem indices {list(battery)} must lie in 0..{n_subsystems - 1} "
            f"(one per entry of dims)"
        )
    return indices


def _qobj_dims(value: Any) -> list[int] | None:
    """The subsystem dimensions a ``qutip.Qobj`` carries for its space; None for an array."""
    if not (hasattr(value, "dims") and hasattr(value, "full")):
        return None
    return [int(k) for k in value.dims[0]]


def _dims_from_qobjs(
    dims: Sequence[int] | None,
    reduced: bool,
    hamiltonian: Any,
    initial_state: Any,
    collapse_ops: Sequence[Any],
    battery_hamiltonian: Any,
    battery: Sequence[int] | None,
) -> Sequence[int] | None:
    """``dims``, read from the QuTiP operators and states when not given, and checked.

    Every ``Qobj`` among the Hamiltonian's terms, the initial state and the collapse operators
    must carry the same subsystem dimensions, equal to ``dims`` when both are given (unless the
    battery lives in a subspace or sector, whose states carry the reduced space's dims). A
    ``Qobj`` H_B must carry the battery subsystems' dims.
    """
    terms = hamiltonian if isinstance(hamiltonian, list | tuple) else [hamiltonian]
    carried: dict[str, list[int]] = {}
    for index, term in enumerate(terms):
        operator = term[0] if isinstance(term, list | tuple) else term
        found = _qobj_dims(operator)
        if found is not None:
            name = "hamiltonian" if len(terms) == 1 else f"hamiltonian[{index}]"
            carried.setdefault(name, found)
    for name, value in [
        ("initial_state", initial_state),
        *((f"collapse_ops[{i}]", c) for i, c in enumerate(collapse_ops)),
    ]:
        found = _qobj_dims(value)
        if found is not None:
            carried[name] = found
    distinct = {tuple(v) for v in carried.values()}
    if len(distinct) > 1:
        described = ", ".join(f"{name} {value}" for name, value in carried.items())
        raise DimensionError(
            f"dims: the QuTiP objects carry different subsystem dimensions ({described}); build "
            "them on the same subsystems, or pass arrays with dims="
        )
    if reduced or not carried:
        return dims
    space = list(next(iter(distinct)))
    if dims is None:
        dims = space
    elif [int(k) for k in dims] != space:
        name = next(iter(carried))
        raise DimensionError(
            f"dims: {list(dims)} given, but {name} is a Qobj on subsystems {space}; "
            "pass dims matching the Qobj (or omit dims= to read them from it)"
        )
    own = _qobj_dims(battery_hamiltonian)
    if own is not None:
        expected = [int(dims[k]) for k in (range(len(dims)) if battery is None else battery)]
        if own != expected:
            raise DimensionError(
                f"battery_hamiltonian: a Qobj on subsystems {own}, but the battery subsystems "
                f"{list(battery) if battery is not None else 'all'} of dims={list(dims)} have "
                f"{expected}; build H_B on the battery subsystems only"
            )
    return dims


def _initial_state(value: Any, d: int, atol: float = DEFAULT_ATOL) -> np.ndarray:
    array = as_array(value, "initial_state")
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    check_finite(array, "initial_state")
    if array.ndim == 1:
        if array.shape[0] != d:
            raise DimensionError(
                f"initial_state: ket of length {array.shape[0]}, expected {d} (the "
                "Hamiltonian's dimension; a product of subsystems is described with dims=)"
            )
        check_ket(array, "initial_state", atol=atol)
        return array
    if array.shape != (d, d):
        raise DimensionError(
            f"initial_state: expected a ket ({d},) or a density matrix ({d}, {d}) like the "
            f"Hamiltonian, got shape {array.shape} (subsystems are described with dims=)"
        )
    check_hermitian(array, "initial_state", atol=atol)
    check_unit_trace(array, "initial_state", atol=atol)
    check_positive_spectrum(np.linalg.eigvalsh(array), "initial_state", atol=atol)
    return array
