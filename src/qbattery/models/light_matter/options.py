"""The keyword arguments the cavity models share, each written once (type, default, description).

A constructor takes a group as ``**options: Unpack[Group]`` and is decorated with
:func:`qbattery.models.arguments.shared_arguments`, which adds them to its signature and
docstring; :func:`qbattery.models.light_matter.cavity.cavity_atoms` checks them.

- :class:`CellOptions`: the charger of a one-atom cell (``cutoff``, ``charger``);
- :class:`ChargerOptions`: a charger for N atoms (and ``photons``, ``coupling_scaling``);
- :class:`AtomOptions`: how N two-level atoms are held and prepared;
- :class:`CavityAtomOptions`: both, the nine options of the collective models;
- :class:`SectorOptions`: where an excitation-conserving model is built (``space``), joined with
  the above as :class:`ConservingCellOptions` and :class:`ConservingOptions`.
"""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

from qbattery.models.arguments import Argument

__all__ = [
    "AtomOptions",
    "CavityAtomOptions",
    "CellOptions",
    "ChargerOptions",
    "ConservingCellOptions",
    "ConservingOptions",
    "SectorOptions",
]


class CellOptions(TypedDict, total=False):
    """The cavity charger's cut-off and initial state.

    Examples
    --------
    >>> from qbattery.models.arguments import defaults
    >>> from qbattery.models.light_matter.options import CellOptions
    >>> defaults(CellOptions)
    {'cutoff': None, 'charger': 'fock'}
    """

    cutoff: Annotated[
        int | None,
        Argument(
            None,
            "int, optional",
            "Highest photon Fock state kept (dimension ``cutoff + 1`` for each cavity mode); it "
            "must hold the charger state. Default: chosen from the initial state and the "
            "coupling as the model describes, exact where the excitations are conserved "
            "(:mod:`qbattery.models.light_matter`).",
        ),
    ]
    charger: Annotated[
        str,
        Argument(
            "fock",
            '{"fock", "coherent", "squeezed", "thermal"}',
            "The charger's initial state: Fock, coherent, squeezed vacuum or thermal, holding "
            "the model's mean photon number (:mod:`qbattery.models.light_matter.states`).",
        ),
    ]


class ChargerOptions(CellOptions, total=False):
    """A charger for N atoms: its mean photon number and the scaling of the coupling.

    Examples
    --------
    >>> from qbattery.models.arguments import defaults
    >>> from qbattery.models.light_matter.options import ChargerOptions
    >>> defaults(ChargerOptions)["coupling_scaling"]
    'fixed'
    """

    photons: Annotated[
        float | None,
        Argument(
            None,
            "float, optional",
            'The charger\'s mean photon number, >= 0 (whole for ``"fock"``); default N, one '
            "photon per atom (2N where atoms absorb photons in pairs).",
        ),
    ]
    coupling_scaling: Annotated[
        str,
        Argument(
            "fixed",
            '{"fixed", "inverse_sqrt"}',
            "``lambda = coupling`` (Ferraro et al.), or ``lambda = coupling / sqrt(N)``: a fixed "
            "collective field strength, for a thermodynamic limit.",
        ),
    ]


class AtomOptions(TypedDict, total=False):
    """How N two-level atoms are held (basis) and prepared (battery state).

    Examples
    --------
    >>> from qbattery.models.arguments import defaults
    >>> from qbattery.models.light_matter.options import AtomOptions
    >>> defaults(AtomOptions)["basis"], defaults(AtomOptions)["battery_state"]
    ('symmetric', 'ground')
    """

    basis: Annotated[
        str,
        Argument(
            "symmetric",
            '{"symmetric", "full"}',
            "Atoms in the symmetric Dicke subspace (dimension N + 1) or the full ``2**N`` "
            "product space (N <= 10).",
        ),
    ]
    battery_state: Annotated[
        Any,
        Argument(
            "ground",
            '{"ground", "dicke", "ghz", "coherent"} or array',
            "The atoms' initial state: all in ``|g>``, a Dicke state, the GHZ state, a "
            "spin-coherent state or a normalised vector (:mod:`qbattery.models.light_matter`).",
        ),
    ]
    excitations: Annotated[
        int | None,
        Argument(
            None,
            "int, optional",
            'Number of excitations k of ``battery_state="dicke"`` (only then; required then).',
        ),
    ]
    polar_angle: Annotated[
        float | None,
        Argument(
            None,
            "float, optional",
            'Bloch polar angle theta of ``battery_state="coherent"`` (only then; required '
            "then; 0 = all atoms in ``|g>``).",
        ),
    ]
    azimuthal_angle: Annotated[
        float | None,
        Argument(
            None,
            "float, optional",
            'Bloch azimuthal angle phi of ``battery_state="coherent"`` (only then; default 0).',
        ),
    ]


class CavityAtomOptions(ChargerOptions, AtomOptions, total=False):
    """The nine options of a cavity charging N two-level atoms.

    Examples
    --------
    >>> from qbattery.models.light_matter.options import CavityAtomOptions
    >>> len(CavityAtomOptions.__annotations__)
    9
    """


class SectorOptions(TypedDict, total=False):
    """Where a model that conserves an excitation number is built.

    Examples
    --------
    >>> from qbattery.models.arguments import defaults
    >>> from qbattery.models.light_matter.options import SectorOptions
    >>> defaults(SectorOptions)
    {'space': 'sector'}
    """

    space: Annotated[
        str,
        Argument(
            "sector",
            '{"sector", "full"}',
            '``"sector"``: the excitation-number sectors the initial state occupies (the '
            "conserved number is stated above), built without the product space: one sector "
            "for a Fock charger and atoms of definite excitation number, several blocks, "
            "charged block by block, for a coherent, squeezed or thermal charger or superposed "
            "atoms (:mod:`qbattery.models.light_matter.conserving`); ``dims = (D,)``. "
            '``"full"``: the product space charger x atoms, for checking and for what needs '
            "the subsystems (noise on the cavity or the atoms, pseudomodes, local operations).",
        ),
    ]


class ConservingCellOptions(SectorOptions, CellOptions, total=False):
    """The options of an excitation-conserving one-atom cell.

    Examples
    --------
    >>> from qbattery.models.light_matter.options import ConservingCellOptions
    >>> sorted(ConservingCellOptions.__annotations__)
    ['charger', 'cutoff', 'space']
    """


class ConservingOptions(SectorOptions, CavityAtomOptions, total=False):
    """The options of an excitation-conserving cavity charging N two-level atoms.

    Examples
    --------
    >>> from qbattery.models.light_matter.options import ConservingOptions
    >>> "space" in ConservingOptions.__annotations__
    True
    """
