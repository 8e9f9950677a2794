"""Photon cut-offs of the cavity models: a user's value checked, the documented defaults, the
memory a cavity x atoms space needs, and the truncation whose edge ``charge`` watches.

Package-internal, like :mod:`qbattery.models.light_matter.cavity`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from qbattery.battery import Battery, Truncation
from qbattery.errors import QBatteryValueError
from qbattery.memory import available_memory, require_memory
from qbattery.validation import (
    non_negative_int,
)

if TYPE_CHECKING:
    from qbattery.models.light_matter.cavity import CavityAtoms

__all__ = [
    "BYTES_PER_STATE",
    "check_cavity_memory",
    "check_cutoff_memory",
    "check_modes_memory",
    "check_states_memory",
    "counter_rotating_cutoff",
    "estimated_cutoff",
    "photon_truncation",
    "resolve_cutoff",
]


def resolve_cutoff(
    cutoff: Any, needed: int, default: int, *, what: str, name: str = "cutoff"
) -> int:
    """A user's cut-off ``name``, refused below ``needed``; ``default`` (>= needed) when unset.

    Examples
    --------
    >>> from qbattery.models.light_matter.cutoffs import resolve_cutoff
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

    >>> from qbattery.models.light_matter.cutoffs import counter_rotating_cutoff
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

    >>> from qbattery.models.light_matter.cutoffs import estimated_cutoff
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

    >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
    >>> from qbattery.models.light_matter.cutoffs import check_cavity_memory
    >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
    >>> check_cavity_memory(setup, 10, "cutoff")
    >>> check_cavity_memory(setup, 10**9, "cutoff")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.InsufficientMemoryError: cutoff: the 1000000001 x 3 cavity x atoms space ...
    """

    def states_of(n: int) -> int:
        n_cut = estimated_cutoff(n, abs(setup.lam) * n)
        atoms_dimension = n + 1 if setup.space.basis == "symmetric" else 2**n
        return (n_cut + 1) * atoms_dimension

    check_states_memory(
        (cutoff + 1) * setup.space.dimension,
        setup.n,
        states_of,
        argument,
        f"the {cutoff + 1} x {setup.space.dimension} cavity x atoms space of {setup.n} atoms",
        "fits with this coupling and the default charger; use fewer atoms or a conserving model "
        "(tavis_cummings is built in its excitation sector)",
    )


def check_modes_memory(setup: CavityAtoms, cutoffs: Sequence[int], names: str) -> None:
    """Refuse, before anything is allocated, modes x atoms of the given cut-offs that would not
    fit; the message names the cut-offs and the most atoms that fit with them.

    Examples
    --------
    >>> from qbattery.models.light_matter.cavity import atom_defaults, cavity_atoms
    >>> from qbattery.models.light_matter.cutoffs import check_modes_memory
    >>> setup = cavity_atoms(2, 0.1, 1.0, 1.0, atom_defaults({}), photons_per_atom=1)
    >>> check_modes_memory(setup, [10, 10], "cavity a x cavity b")
    >>> check_modes_memory(setup, [10**6, 10**6], "cavity a x cavity b")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    qbattery.errors.InsufficientMemoryError: n_atoms: the 1000001 x 1000001 x 3 cavity a x ...
    """
    modes = math.prod(c + 1 for c in cutoffs)
    shape = " x ".join(str(c + 1) for c in [*cutoffs, setup.space.dimension - 1])
    check_states_memory(
        modes * setup.space.dimension,
        setup.n,
        lambda n: modes * (n + 1 if setup.space.basis == "symmetric" else 2**n),
        "n_atoms",
        f"the {shape} {names} x atoms space of {setup.n} atoms",
        "fits with these cut-offs; use fewer atoms, weaker couplings or smaller cut-offs",
    )


def check_cutoff_memory(
    cutoff: int, modes: int, other: int, argument: str, what: str, advice: str
) -> None:
    """Refuse ``modes`` boson modes of ``cutoff + 1`` levels each, times ``other`` states,
    that would not fit (:data:`BYTES_PER_STATE` per basis state), naming the largest cut-off
    that fits.

    Examples
    --------
    >>> from qbattery.models.light_matter.cutoffs import check_cutoff_memory
    >>> check_cutoff_memory(100, 2, 2, "photons", "two modes", "use fewer photons")
    >>> check_cutoff_memory(10**8, 2, 2, "photons", "two modes", "use fewer photons")
    Traceback (most recent call last):
        ...
    qbattery.errors.InsufficientMemoryError: photons: two modes (100000001 x 100000001 x 2 ...
    """
    states = (cutoff + 1) ** modes * other
    available = available_memory()
    if states * BYTES_PER_STATE <= available:
        return
    largest = max(int((available / BYTES_PER_STATE / other) ** (1.0 / modes)) - 1, 0)
    require_memory(
        states * BYTES_PER_STATE,
        argument,
        f"{what} ({' x '.join([str(cutoff + 1)] * modes + [str(other)] * (other > 1))} states)",
        f"at most cutoff = {largest} fits; {advice}",
    )


def check_states_memory(
    states: int,
    n_atoms: int,
    states_of: Callable[[int], int],
    argument: str,
    what: str,
    advice: str,
) -> None:
    """Refuse a battery of ``states`` basis states (:data:`BYTES_PER_STATE` each) that would not
    fit, naming the most atoms whose battery fits: the largest ``n < n_atoms`` with
    ``states_of(n)`` states that fit (``states_of`` grows with n).

    The error reads ``"<argument>: <what> needs about ..., but ... is available; at most
    n_atoms = <n> <advice>"``.

    Examples
    --------
    >>> from qbattery.models.light_matter.cutoffs import check_states_memory
    >>> check_states_memory(10**3, 10, lambda n: 100 * n, "n_atoms", "the space", "fits")
    >>> check_states_memory(10**15, 10, lambda n: 100 * n, "n_atoms", "the space", "fits")
    Traceback (most recent call last):
        ...
    qbattery.errors.InsufficientMemoryError: n_atoms: the space needs about 355 PiB, but ...
    """
    available = available_memory()
    if states * BYTES_PER_STATE <= available:
        return
    low, high = 0, n_atoms  # fits(low) holds (or low = 0), fits(high) does not
    while high - low > 1:
        middle = (low + high) // 2
        if states_of(middle) * BYTES_PER_STATE <= available:
            low = middle
        else:
            high = middle
    require_memory(states * BYTES_PER_STATE, argument, what, f"at most n_atoms = {low} {advice}")


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

    >>> from qbattery.models.light_matter.cutoffs import photon_truncation
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
