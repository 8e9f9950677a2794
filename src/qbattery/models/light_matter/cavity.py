"""Shared machinery of the cavity models: atom spaces, battery states, couplings, cut-offs.

Package-internal: the public constructors in :mod:`qbattery.models` document what these helpers
do for them. One place for each rule, so the models cannot drift apart:

- ``coupling_scaling``: ``lambda = coupling`` or ``coupling / sqrt(N)``
  (:func:`effective_coupling`);
- ``basis``: N two-level atoms in the symmetric Dicke subspace (dimension N + 1, one subsystem,
  full-space level spectrum of ``H_B`` attached) or the full product space (N subsystems of
  dimension 2, ``N <= 10``) (:class:`~qbattery.models.light_matter.atoms.Atoms`);
- ``battery_state``: "ground", "dicke", "ghz", "coherent" or a vector
  (:func:`qbattery.models.light_matter.states.atom_state`);
- ``charger``: Fock, coherent, squeezed or thermal (:mod:`qbattery.models.light_matter.states`);
- photon cut-offs: a user's value checked against the charger, or a documented default
  (:mod:`qbattery.models.light_matter.cutoffs`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.errors import QBatteryValueError
from qbattery.linalg import density_matrix
from qbattery.models.arguments import defaults
from qbattery.models.ladders import annihilation, number
from qbattery.models.light_matter.atoms import Atoms, atoms
from qbattery.models.light_matter.cutoffs import (
    check_cavity_memory,
    check_cutoff_memory,
    photon_truncation,
    resolve_cutoff,
)
from qbattery.models.light_matter.options import AtomOptions, ChargerOptions
from qbattery.models.light_matter.states import (
    Charger,
    atom_state,
    charger,
    highest_excitation,
    label,
)
from qbattery.validation import (
    finite_real,
    non_negative_real,
    positive_real,
)

__all__ = [
    "COUPLING_SCALINGS",
    "CavityAtoms",
    "atom_defaults",
    "cavity_atoms",
    "charger_setup",
    "charger_what",
    "effective_coupling",
    "identity",
    "initial_product",
    "kron",
]

#: Valid ``coupling_scaling`` values: ``lambda = coupling`` or ``lambda = coupling / sqrt(N)``.
COUPLING_SCALINGS = ("fixed", "inverse_sqrt")

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

    def choose_cutoff(self, default: int, *, product_space: bool = True) -> int:
        """The user's cut-off (checked against the charger state) or ``default``; if the
        cavity x atoms product space will be built (``product_space``; not for a conserving
        model built in its excitation sectors), one of that cut-off that would not fit in
        memory is refused here, before any operator is built
        (:func:`~qbattery.models.light_matter.cutoffs.check_cavity_memory`, naming ``cutoff``
        if the user set it, else ``n_atoms``); in the sectors, the cavity's ``cutoff + 1``
        levels alone must fit.

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
        chosen = resolve_cutoff(
            self.cutoff,
            self.charger_highest,
            default,
            what=charger_what(self.charger, self.photons),
        )
        argument = "n_atoms" if self.cutoff is None else "cutoff"
        if product_space:
            check_cavity_memory(self, chosen, argument)
        else:  # the sectors are built from operators on the cavity's cutoff + 1 levels
            check_cutoff_memory(
                chosen,
                1,
                1,
                argument,
                "the cavity levels of the excitation sectors",
                "use fewer photons or a smaller cutoff",
            )
        return chosen

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
