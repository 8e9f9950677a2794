"""Shared machinery of the cavity models: atom spaces, battery states, couplings, cut-offs.

Package-internal: the public constructors in :mod:`qbattery.models` document what these helpers
do for them. One place for each rule, so the models cannot drift apart:

- ``coupling_scaling``: ``lambda = coupling`` or ``coupling / sqrt(N)``
  (:func:`effective_coupling`);
- ``basis``: N two-level atoms in the symmetric Dicke subspace (dimension N + 1, one subsystem,
  full-space level spectrum of ``H_B`` attached) or the full product space (N subsystems of
  dimension 2, ``N <= 10``) (:class:`Atoms`);
- ``battery_state``: "ground", "dicke", "ghz", "coherent" or a vector
  (:func:`qbattery.models.light_matter.states.atom_state`);
- ``charger``: Fock, coherent, squeezed or thermal (:mod:`qbattery.models.light_matter.states`);
- photon cut-offs: a user's value checked against the charger, or a documented default.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.bases.symmetric import symmetric_level_spectrum
from qbattery.battery import Battery, Truncation
from qbattery.errors import QBatteryValueError
from qbattery.linalg import LevelSpectrum, density_matrix
from qbattery.memory import available_memory, require_memory
from qbattery.models.arguments import defaults
from qbattery.models.ladders import annihilation, collective_spin, collective_spin_full, number
from qbattery.models.light_matter.options import AtomOptions, ChargerOptions
from qbattery.models.light_matter.states import (
    Charger,
    atom_state,
    charger,
    highest_excitation,
    label,
    popcount,
)
from qbattery.validation import (
    finite_real,
    non_negative_int,
    non_negative_real,
    positive_int,
    positive_real,
)

__all__ = [
    "BASES",
    "BYTES_PER_STATE",
    "COUPLING_SCALINGS",
    "MAX_FULL_ATOMS",
    "Atoms",
    "CavityAtoms",
    "atom_defaults",
    "cavity_atoms",
    "charger_setup",
    "charger_what",
    "check_cavity_memory",
    "counter_rotating_cutoff",
    "effective_coupling",
    "estimated_cutoff",
    "identity",
    "initial_product",
    "kron",
    "photon_truncation",
    "resolve_cutoff",
]

#: Valid ``coupling_scaling`` values: ``lambda = coupling`` or ``lambda = coupling / sqrt(N)``.
COUPLING_SCALINGS = ("fixed", "inverse_sqrt")

#: Valid ``basis`` values of the N-atom models.
BASES = ("symmetric", "full")

#: Most atoms held in the full 2**N product space (2**10 = 1024 times the cavity dimension).
MAX_FULL_ATOMS = 10

#: Largest full-space dimension for which a density-matrix initial state (thermal charger) is
#: built: the dense d x d matrix takes 16 d^2 bytes (1 GB at d = 8192) and is diagonalised once.
MAX_MIXED_DIMENSION = 8192


def effective_coupling(coupling: Any, n_atoms: int, coupling_scaling: Any) -> float:
    """``lambda``: ``coupling`` ("fixed") or ``coupling / sqrt(N)`` ("inverse_sqrt").

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import effective_coupling
    >>> effective_coupling(0.4, 4, "fixed"), effective_coupling(0.4, 4, "inverse_sqrt")
    (0.4, 0.2)
    """
    value = finite_real(coupling, "coupling")
    if coupling_scaling not in COUPLING_SCALINGS:
        raise QBatteryValueError(
            f"coupling_scaling: unknown value {coupling_scaling!r}; use 'fixed' (lambda = "
            "coupling) or 'inverse_sqrt' (lambda = coupling / sqrt(n_atoms))"
        )
    return value / math.sqrt(n_atoms) if coupling_scaling == "inverse_sqrt" else value


def identity(dimension: int) -> sp.csr_matrix:
    """Sparse (CSR) complex identity of ``dimension``.

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import identity
    >>> identity(3).diagonal().real
    array([1., 1., 1.])
    """
    return sp.identity(dimension, dtype=np.complex128, format="csr")


def kron(*factors: Any) -> sp.csr_matrix:
    """Kronecker product of sparse factors, leftmost factor most significant.

    Examples
    --------
    >>> import numpy as np
    >>> from qbattery.models.light_matter.cavity import kron
    >>> kron(np.eye(2), np.diag([0.0, 1.0])).diagonal().real
    array([0., 1., 0., 1.])
    """
    result = sp.csr_matrix(factors[0], dtype=np.complex128)
    for factor in factors[1:]:
        result = sp.kron(result, factor, format="csr")
    return sp.csr_matrix(result, dtype=np.complex128)


@dataclass(frozen=True)
class Atoms:
    """N two-level atoms in the symmetric subspace or the full product space.

    Examples
    --------
    Two atoms in the symmetric subspace: ``k = 0, 1, 2`` excitations, the middle level twice
    degenerate on the full space (energies in units of omega_a):

    >>> from qbattery.models.light_matter.cavity import Atoms
    >>> pair = Atoms(2, "symmetric")
    >>> pair.dimension, pair.spectrum(1.0).multiplicities
    (3, array([1., 2., 1.]))
    """

    n: int
    basis: str

    @property
    def dimension(self) -> int:
        return self.n + 1 if self.basis == "symmetric" else 2**self.n

    @property
    def dims(self) -> list[int]:
        return [self.n + 1] if self.basis == "symmetric" else [2] * self.n

    def spin(self, component: str) -> sp.csr_matrix:
        """Collective ``J_component`` in this basis.

        Examples
        --------
        >>> from qbattery.models.light_matter.cavity import Atoms
        >>> Atoms(2, "symmetric").spin("z").diagonal().real
        array([-1.,  0.,  1.])
        """
        if self.basis == "symmetric":
            return collective_spin(self.n, component)
        return collective_spin_full(self.n, component)

    def excitations(self) -> np.ndarray:
        """Number of excited atoms of each basis state.

        Examples
        --------
        >>> from qbattery.models.light_matter.cavity import Atoms
        >>> Atoms(2, "symmetric").excitations(), Atoms(2, "full").excitations()
        (array([0, 1, 2]), array([0, 1, 1, 2]))
        """
        if self.basis == "symmetric":
            return np.arange(self.n + 1, dtype=np.int64)
        return popcount(np.arange(2**self.n, dtype=np.int64), self.n)

    def battery_hamiltonian(self, omega_a: float) -> sp.csr_matrix:
        """``H_B = omega_a (J_z + N/2) = omega_a sum_i sigma_+^i sigma_-^i`` (diagonal).

        Examples
        --------
        >>> from qbattery.models.light_matter.cavity import Atoms
        >>> Atoms(2, "full").battery_hamiltonian(1.0).diagonal().real
        array([0., 1., 1., 2.])
        """
        diagonal = omega_a * self.excitations().astype(np.float64)
        return sp.csr_matrix(sp.diags_array(diagonal), dtype=np.complex128)

    def spectrum(self, omega_a: float) -> LevelSpectrum | None:
        """Full-space levels of ``H_B`` for the symmetric basis; None in the full basis.

        Examples
        --------
        >>> from qbattery.models.light_matter.cavity import Atoms
        >>> Atoms(2, "symmetric").spectrum(1.0).levels, Atoms(2, "full").spectrum(1.0) is None
        (array([0., 1., 2.]), True)
        """
        return symmetric_level_spectrum(self.n, omega_a) if self.basis == "symmetric" else None


def atoms(n_atoms: Any, basis: Any) -> Atoms:
    """Validated atom space."""
    n = positive_int(n_atoms, "n_atoms")
    if basis not in BASES:
        raise QBatteryValueError(
            f"basis: unknown basis {basis!r}; use 'symmetric' (Dicke subspace, dimension N + 1) "
            "or 'full' (2**N product space)"
        )
    if basis == "full" and n > MAX_FULL_ATOMS:
        raise QBatteryValueError(
            f"n_atoms: {n} atoms in the full basis need a 2**{n}-dimensional atom space, beyond "
            f"the {MAX_FULL_ATOMS} atoms built; use basis='symmetric'"
        )
    return Atoms(n, basis)


def initial_product(parts: list[np.ndarray], name: str) -> np.ndarray:
    """Tensor product of kets and density matrices; a density matrix if any part is one.

    Examples
    --------
    Kets stay a ket; one density matrix makes the product a density matrix:

    >>> import numpy as np
    >>> from qbattery.models.light_matter.cavity import initial_product
    >>> initial_product([np.array([1.0, 0.0]), np.array([0.0, 1.0])], "state").real
    array([0., 1., 0., 0.])
    >>> initial_product([np.array([1.0, 0.0]), np.diag([0.5, 0.5])], "state").shape
    (4, 4)
    """
    if all(part.ndim == 1 for part in parts):
        result = parts[0]
        for part in parts[1:]:
            result = np.kron(result, part)
        return result
    dimension = int(np.prod([part.shape[0] for part in parts]))
    if dimension > MAX_MIXED_DIMENSION:
        raise QBatteryValueError(
            f"{name}: a mixed (thermal) initial state on {dimension} dimensions needs a dense "
            f"{dimension} x {dimension} density matrix ({16 * dimension**2 / 2**30:.1f} GB), "
            f"beyond the {MAX_MIXED_DIMENSION} dimensions built; use a pure charger, the "
            "symmetric basis, fewer atoms or a smaller cutoff"
        )
    result = np.ones((1, 1), dtype=np.complex128)
    for part in parts:
        result = np.kron(result, density_matrix(part))
    return result


def resolve_cutoff(
    cutoff: Any, needed: int, default: int, *, what: str, name: str = "cutoff"
) -> int:
    """A user's cut-off ``name``, refused below ``needed``; ``default`` (>= needed) when unset.

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import resolve_cutoff
    >>> resolve_cutoff(None, 3, 5, what="the charger"), resolve_cutoff(4, 3, 5, what="the charger")
    (5, 4)
    >>> resolve_cutoff(2, 3, 5, what="one photon per atom")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.QBatteryValueError: cutoff: 2 quanta cannot hold one photon per atom; ...
    """
    if cutoff is None:
        return max(default, needed)
    n_max = non_negative_int(cutoff, name)
    if n_max < needed:
        raise QBatteryValueError(
            f"{name}: {n_max} quanta cannot hold {what}; use {name} >= {needed} "
            f"(or leave {name} unset for a safe default)"
        )
    return n_max


def counter_rotating_cutoff(highest: int, shift: float) -> int:
    """Default cut-off of a mode pushed by a bounded force (counter-rotating terms, drives).

    A term ``omega (s a + s^dagger a^dagger)`` added to ``omega a^dagger a``, with ``|s| <= shift``
    (for the Dicke coupling ``2 omega_c lambda J_x (a + a^dagger)``: ``s = 2 lambda J_x``,
    ``shift = |lambda| N``), leaves ``b = a + s`` a free oscillator, so ``|<a>|`` stays below
    ``A = sqrt(n0) + 2 shift`` from a state with at most ``n0`` quanta. The cut-off
    ``ceil(A^2 + 6 A) + 10`` is the largest mean quantum number plus room for its spread.

    Examples
    --------
    ``A = sqrt(2) + 2 (0.2) = 1.814``, ``ceil(A^2 + 6 A) + 10 = 25``:

    >>> from qbattery.models.light_matter.cavity import counter_rotating_cutoff
    >>> counter_rotating_cutoff(2, 0.2)
    25
    """
    amplitude = math.sqrt(highest) + 2 * abs(shift)
    return max(highest, math.ceil(amplitude**2 + 6 * amplitude) + 10)


def estimated_cutoff(highest: int, shift: float) -> int:
    """First cut-off of a mode pushed by a bounded force, verified and enlarged by charging.

    ``highest + ceil(4.5 shift^2 + 19.5 shift + 7)``: the quanta the charger starts with plus
    the excess the coupling can push into the mode (``shift = |lambda| N`` for the Dicke
    coupling), which the measured photon distributions show to depend on ``shift`` and hardly
    on ``highest`` (unlike the bound of :func:`counter_rotating_cutoff`, whose excess grows
    like ``4 shift sqrt(highest)``). The coefficients are the smallest that keep this guess at
    least 10% above the smallest cut-off whose top two Fock levels stay below 1e-10 on
    ``0 < t <= 50`` for the Dicke battery from ``|N>|g...g>``, measured for (N, lambda) =
    (4, 0.05/0.2/0.5), (8, 0.05/0.2/0.5), (16, 0.05/0.1/0.2), (32, 0.05/0.1/0.2) and
    (64, 0.05): 14..314 quanta needed, 16..349 guessed (105 and 245 for N = 32 and 64 at
    lambda = 0.05 with the previous guess ``(sqrt(n0) + 2 shift)^2 + 2 (sqrt(n0) + 2 shift)
    + 8``, 82 and 180 with this one). It is only a start: the battery carries a
    :class:`~qbattery.battery.Truncation` with ``rebuild``, so :func:`qbattery.charge`
    enlarges the cut-off by half and charges again whenever the top two Fock levels are
    populated above the tolerance, and the cut-off a result reports is one whose edge stayed
    empty on the whole grid.

    Examples
    --------
    ``2 + ceil(4.5 (0.2)^2 + 19.5 (0.2) + 7) = 2 + ceil(11.08) = 14``:

    >>> from qbattery.models.light_matter.cavity import estimated_cutoff
    >>> estimated_cutoff(2, 0.2)
    14
    """
    s = abs(shift)
    return highest + math.ceil(4.5 * s * s + 19.5 * s + 7)


#: Bytes per basis state of a cavity x atoms battery while it is built: a sparse H with about
#: five nonzeros per row (16-byte values, 4-byte indices) and the Kronecker products and sums
#: that make it, about four such matrices alive at once.
BYTES_PER_STATE = 4 * 5 * 20


def check_cavity_memory(setup: CavityAtoms, cutoff: int, argument: str) -> None:
    """Refuse, before anything is allocated, a cavity x atoms battery that would not fit.

    The message names ``argument`` and the largest number of atoms that fits with the same
    coupling and the default charger (``|N>``) and cut-off.

    Examples
    --------
    A cut-off of 10 photons fits; a billion does not:

    >>> from qbattery.models.light_matter.cavity import (atom_defaults, cavity_atoms,
    ...                                                  check_cavity_memory)
    >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
    >>> check_cavity_memory(setup, 10, "cutoff")
    >>> check_cavity_memory(setup, 10**9, "cutoff")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.InsufficientMemoryError: cutoff: the 1000000001 x 3 cavity x atoms space ...
    """
    states = (cutoff + 1) * setup.space.dimension
    if states * BYTES_PER_STATE <= available_memory():
        return

    def fits(n: int) -> bool:
        n_cut = estimated_cutoff(n, abs(setup.lam) * n)
        atoms_dimension = n + 1 if setup.space.basis == "symmetric" else 2**n
        return (n_cut + 1) * atoms_dimension * BYTES_PER_STATE <= available_memory()

    low, high = 0, setup.n  # fits(low) holds (or low = 0), fits(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    require_memory(
        states * BYTES_PER_STATE,
        argument,
        f"the {cutoff + 1} x {setup.space.dimension} cavity x atoms space of {setup.n} atoms",
        f"at most n_atoms = {low} fits with this coupling and the default charger; use fewer "
        "atoms or a conserving model (tavis_cummings is built in its excitation sector)",
    )


def photon_truncation(
    parameter: str,
    dims: list[int],
    modes: tuple[int, ...],
    rebuild: Callable[[int], Battery] | None = None,
) -> Truncation:
    """A mode cut-off as a checked truncation: its edge is the top two Fock levels.

    ``modes`` index ``dims`` (all truncated at the same ``dims[m] - 1``); the edge lists every
    full-space basis state in which one of them holds ``cutoff - 1`` or ``cutoff`` quanta.
    ``rebuild`` (for a cut-off the model chose) builds the battery at a larger cut-off.

    Examples
    --------
    A cavity cut at Fock 2 (dimension 3), first of ``dims = [3, 2]``: the edge is its top two
    levels, basis states 2..5:

    >>> from qbattery.models.light_matter.cavity import photon_truncation
    >>> cut = photon_truncation("cutoff", [3, 2], (0,))
    >>> cut.parameter, cut.size, cut.edge
    ('cutoff', 2, array([2, 3, 4, 5]))
    """
    grid = np.arange(int(np.prod(dims))).reshape(dims)
    size = dims[modes[0]] - 1
    edge = np.unique(
        np.concatenate([np.moveaxis(grid, mode, 0)[max(size - 1, 0) :].ravel() for mode in modes])
    )
    return Truncation(parameter, size, edge, rebuild=rebuild)


@dataclass(frozen=True)
class CavityAtoms:
    """Validated common arguments of a one-mode cavity + N two-level atoms model.

    Attributes
    ----------
    lam : float
        Effective coupling (after ``coupling_scaling``).
    space : Atoms
    charger : Charger
    photons : float
        The charger's mean photon number.
    atom_ket : array
        The atoms' initial ket in ``space``'s basis.
    highest : int
        Highest Fock state of the charger (to the tail tolerance) plus the atoms' highest
        excitation: the exact cut-off of rotating-wave models, the base of the others.
    cutoff : int or None
        The cut-off the caller asked for (checked by :meth:`choose_cutoff`).
    parameters : dict
        The common parameters, in order, for the Battery record.

    Examples
    --------
    Two atoms and a cavity holding one photon per atom (the Fock state ``|2>``):

    >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
    >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
    >>> setup.n, setup.lam, setup.photons, setup.highest
    (2, 0.1, 2.0, 2)
    """

    n: int
    lam: float
    omega_c: float
    omega_a: float
    space: Atoms
    charger: Charger
    photons: float
    atom_ket: np.ndarray
    charger_highest: int
    highest: int
    cutoff: Any
    parameters: dict[str, Any]

    def choose_cutoff(self, default: int) -> int:
        """The user's cut-off (checked against the charger state) or ``default``.

        Examples
        --------
        >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
        >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
        >>> setup.choose_cutoff(5)
        5
        >>> options = atom_defaults({"cutoff": 1})
        >>> small = cavity_atoms(2, 0.1, 1.0, 1.0, options, photons_per_atom=1)
        >>> small.choose_cutoff(5)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
            ...
        qbattery.errors.QBatteryValueError: cutoff: 1 quanta cannot hold the Fock state |2>; ...
        """
        return resolve_cutoff(
            self.cutoff,
            self.charger_highest,
            default,
            what=charger_what(self.charger, self.photons),
        )

    def cavity_operators(self, cutoff: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """``a`` and ``a^dagger a`` on cavity x atoms.

        Examples
        --------
        >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
        >>> setup = cavity_atoms(1, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
        >>> a, photon_number = setup.cavity_operators(1)
        >>> a.shape, photon_number.diagonal().real
        ((4, 4), array([0., 0., 1., 1.]))
        """
        atom_identity = identity(self.space.dimension)
        return kron(annihilation(cutoff), atom_identity), kron(number(cutoff), atom_identity)

    def spin(self, cutoff: int, component: str) -> sp.csr_matrix:
        """``J_component`` on cavity x atoms.

        Examples
        --------
        >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
        >>> setup = cavity_atoms(1, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
        >>> setup.spin(1, "z").diagonal().real
        array([-0.5,  0.5, -0.5,  0.5])
        """
        return kron(identity(cutoff + 1), self.space.spin(component))

    def battery(
        self,
        name: str,
        hamiltonian: sp.csr_matrix,
        cutoff: int,
        extra: dict[str, Any],
        *,
        keep: tuple[str, ...] | None = None,
        exact: bool = False,
        rebuild: Callable[[int], Battery] | None = None,
    ) -> Battery:
        """The Battery on cavity (Fock 0..cutoff, in the charger state) x atoms.

        Unless the cut-off is ``exact`` (conserved excitations), it is declared as a
        :class:`~qbattery.battery.Truncation` whose edge population charging checks (and, with
        ``rebuild``, enlarges).

        Examples
        --------
        A bare cavity Hamiltonian on cavity (Fock 0..2) x one atom:

        >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
        >>> setup = cavity_atoms(1, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
        >>> a, photon_number = setup.cavity_operators(2)
        >>> battery = setup.battery("demo", photon_number, 2, {})
        >>> battery.dims, battery.battery
        ((3, 2), (1,))
        """
        mode = (cutoff, self.charger.state(self.photons, cutoff))
        return self.battery_on_modes(
            name,
            hamiltonian,
            [mode],
            {"cutoff": cutoff, **extra},
            keep=keep,
            truncated=None if exact else ("cutoff", (0,)),
            rebuild=rebuild,
        )

    def record(
        self,
        extra: dict[str, Any],
        *,
        keep: tuple[str, ...] | None = None,
        drop: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """The Battery record: the common parameters then ``extra``, restricted to ``keep`` (in
        that order) if given, without the keys in ``drop``.

        Examples
        --------
        >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
        >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
        >>> record = setup.record({"cutoff": 3})
        >>> record["n_atoms"], record["photons"], record["cutoff"]
        (2, 2.0, 3)
        """
        parameters = {**self.parameters, **extra}
        if keep is not None:
            parameters = {key: parameters[key] for key in keep}
        for key in drop:
            parameters.pop(key, None)
        return parameters

    def battery_on_modes(
        self,
        name: str,
        hamiltonian: sp.csr_matrix,
        modes: list[tuple[int, np.ndarray]],
        extra: dict[str, Any],
        *,
        keep: tuple[str, ...] | None = None,
        drop: tuple[str, ...] = (),
        truncated: tuple[str, tuple[int, ...]] | None = None,
        rebuild: Callable[[int], Battery] | None = None,
    ) -> Battery:
        """The Battery on boson modes x atoms, the atoms the battery.

        ``modes`` lists each mode's cut-off and initial state (ket or density matrix), charger
        first. ``extra`` parameters are recorded after the common ones; ``keep`` restricts the
        record to the named keys, in that order, and ``drop`` removes keys (for models that fix
        or rename some common arguments). ``truncated = (parameter, mode indices)`` declares the
        cut-off of those modes (all of size ``modes[i][0]``) as a checked truncation.

        Examples
        --------
        One mode (Fock 0..1, in ``|1>``) and one atom:

        >>> import numpy as np
        >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
        >>> setup = cavity_atoms(1, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
        >>> a, photon_number = setup.cavity_operators(1)
        >>> one_photon = np.array([0.0, 1.0])
        >>> battery = setup.battery_on_modes("demo", photon_number, [(1, one_photon)], {})
        >>> battery.dims, battery.battery
        ((2, 2), (1,))
        """
        initial = initial_product([state for _, state in modes] + [self.atom_ket], "charger")
        parameters = self.record(extra, keep=keep, drop=drop)
        n_modes = len(modes)
        dims = [n_max + 1 for n_max, _ in modes] + self.space.dims
        truncation = None
        if truncated is not None:
            parameter, indices = truncated
            truncation = photon_truncation(parameter, dims, indices, rebuild)
        return Battery(
            sp.csr_matrix(hamiltonian, dtype=np.complex128),
            self.space.battery_hamiltonian(self.omega_a),
            initial,
            dims=dims,
            battery=list(range(n_modes, n_modes + len(self.space.dims))),
            battery_spectrum=self.space.spectrum(self.omega_a),
            truncation=truncation,
            name=name,
            parameters=parameters,
        )


def cavity_atoms(
    n_atoms: Any,
    coupling: Any,
    omega_c: Any,
    omega_a: Any,
    options: Mapping[str, Any],
    *,
    photons_per_atom: int,
) -> CavityAtoms:
    """Validate a cavity + N atoms model's arguments, in signature order.

    ``options`` holds every :class:`~qbattery.models.light_matter.options.CavityAtomOptions`
    (as filled in by :func:`~qbattery.models.arguments.shared_arguments`, or
    :func:`atom_defaults` for the options a model does not take); the charger's default mean
    photon number is ``photons_per_atom * N``.

    Examples
    --------
    With ``coupling_scaling="inverse_sqrt"`` four atoms get ``lambda = 0.4 / sqrt(4)``:

    >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
    >>> options = atom_defaults({"coupling_scaling": "inverse_sqrt"})
    >>> cavity_atoms(4, 0.4, 1.0, 1.0, options, photons_per_atom=1).lam
    0.2
    """
    space = atoms(n_atoms, options["basis"])
    n = space.n
    coupling_value = finite_real(coupling, "coupling")
    coupling_scaling = options["coupling_scaling"]
    lam = effective_coupling(coupling_value, n, coupling_scaling)
    frequency_c = positive_real(omega_c, "omega_c")
    frequency_a = positive_real(omega_a, "omega_a")
    kind, mean, charger_highest = charger_setup(options, default_photons=n * photons_per_atom)
    battery_state = options["battery_state"]
    excitations, polar_angle = options["excitations"], options["polar_angle"]
    azimuthal_angle = options["azimuthal_angle"]
    atom_ket = atom_state(n, space.basis, battery_state, excitations, polar_angle, azimuthal_angle)
    name = label(battery_state)
    state_parameters: dict[str, Any] = {"battery_state": name}
    if name == "dicke":
        state_parameters["excitations"] = int(excitations)
    if name == "coherent":
        state_parameters["polar_angle"] = float(polar_angle)
        state_parameters["azimuthal_angle"] = float(azimuthal_angle or 0.0)
    parameters: dict[str, Any] = {
        "n_atoms": n,
        "coupling": coupling_value,
        "omega_c": frequency_c,
        "omega_a": frequency_a,
        "charger": kind.name,
        "photons": mean,
        "coupling_scaling": coupling_scaling,
        "effective_coupling": lam,
        "basis": space.basis,
        **state_parameters,
    }
    return CavityAtoms(
        n=n,
        lam=lam,
        omega_c=frequency_c,
        omega_a=frequency_a,
        space=space,
        charger=kind,
        photons=mean,
        atom_ket=atom_ket,
        charger_highest=charger_highest,
        highest=charger_highest + highest_excitation(n, space.basis, atom_ket),
        cutoff=options["cutoff"],
        parameters=parameters,
    )


def charger_setup(
    options: Mapping[str, Any], *, default_photons: int
) -> tuple[Charger, float, int]:
    """The charger's kind, mean photon number (``default_photons`` if unset) and highest Fock
    state (to the tail tolerance), from the ``charger`` and ``photons`` options.

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import atom_defaults, charger_setup
    >>> kind, photons, highest = charger_setup(atom_defaults({}), default_photons=2)
    >>> kind.name, photons, highest
    ('fock', 2.0, 2)
    """
    kind = charger(options["charger"])
    photons = options["photons"]
    mean = float(default_photons) if photons is None else non_negative_real(photons, "photons")
    return kind, mean, kind.highest_photon(mean)


def atom_defaults(options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` completed with the defaults of every cavity-atom option it lacks.

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import atom_defaults
    >>> options = atom_defaults({"basis": "full"})
    >>> options["basis"], options["charger"], options["coupling_scaling"]
    ('full', 'fock', 'fixed')
    """
    return {**defaults(ChargerOptions), **defaults(AtomOptions), **options}


def charger_what(kind: Charger, photons: float) -> str:
    """How an error names the charger state a cut-off must hold.

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import charger_what
    >>> from qbattery.models.light_matter.states import charger
    >>> charger_what(charger("fock"), 2.0)
    'the Fock state |2>'
    """
    if kind.name == "fock":
        return f"the Fock state |{int(photons)}>"
    return f"the {kind.name} charger state of mean photon number {photons:g}"
