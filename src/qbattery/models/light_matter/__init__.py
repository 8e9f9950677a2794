"""Light-matter batteries: atoms (or spins) charged by cavity modes.

Every constructor returns a :class:`qbattery.battery.Battery` on the space
``cavity (Fock 0..cutoff) x atoms``, except that the models conserving an excitation number
(:func:`tavis_cummings`, :func:`jaynes_cummings`, :func:`two_photon_jaynes_cummings`,
:func:`two_mode_jaynes_cummings`, :func:`intensity_dependent_tavis_cummings`) are built by
default (``space="sector"``) in the excitation sectors their initial state occupies, never on
the product space: one sector of ``min(n + k0, N) + 1`` states for ``|n>`` photons and atoms
with ``k0`` excitations, several blocks, charged block by block, for coherent, squeezed or
thermal chargers (:mod:`qbattery.models.light_matter.conserving`); ``space="full"`` gives the
product space described below. By default (``basis="symmetric"``) the atoms are held in the
symmetric Dicke subspace ``j = N/2`` (basis ordered by excitation number, see
:mod:`qbattery.models.ladders`): ``dims = [cutoff + 1, N + 1]``, ``battery = [1]``, with
``H_B = omega_a (J_z + N/2) = omega_a diag(0, 1, ..., N)`` and its full-space level spectrum
(level ``omega_a k`` is ``binomial(N, k)``-fold degenerate) attached, so ergotropy is computed as on
the full ``2**N`` space (docs/conventions.md). With ``basis="full"`` the atoms are N separate
subsystems of dimension 2 (``dims = [cutoff + 1, 2, ..., 2]``, ``battery = [1, ..., N]``,
``N <= 10``) and no spectrum is needed: the same physics on the whole space, for checking.

Initial states
--------------
The charger (``charger``) is a Fock, coherent, squeezed-vacuum or thermal state of mean photon
number ``photons`` (default N, one photon per atom); see :mod:`qbattery.models.light_matter.states`
for the states and their cut-offs. A thermal charger makes the initial state a density matrix. The
atoms (``battery_state``) start in ``"ground"`` (all in ``|g>``), ``"dicke"`` (``excitations`` atoms
excited, symmetrised), ``"ghz"`` (``(|g..g> + |e..e>)/sqrt(2)``), ``"coherent"`` (every atom in
``cos(theta/2)|g> + e^{i phi} sin(theta/2)|e>``, ``theta = polar_angle``, ``phi =
azimuthal_angle``), or a given normalised vector on the symmetric subspace (length N + 1; in the
full basis a length-``2**N`` vector is accepted too).

Photon cut-off
--------------
The cavity is truncated at Fock state ``cutoff``. Unless given, it is chosen from the initial
state and the coupling so that truncation is harmless:

- rotating-wave models (Tavis-Cummings, Jaynes-Cummings) conserve ``a^dagger a + J_z + N/2``;
  no Fock state above ``n0 + k0`` is ever reached (``n0`` the charger's highest Fock number, to a
  1e-12 tail for coherent, squeezed and thermal states; ``k0`` the atoms' highest excitation), so
  that number is the exact cut-off;
- with counter-rotating terms (Dicke, Rabi) the field is pushed by ``2 omega_c lambda J_x``: in
  the frame ``b = a + 2 lambda J_x`` the mode is a free oscillator, so the amplitude ``|<a>|``
  never exceeds ``A = sqrt(n0 + k0) + 2 |lambda| N``. The default is ``ceil(A**2 + 6 A) + 10``:
  the largest mean photon number plus room for its spread. It grows as ``lambda**2 N**2`` for a
  fixed coupling; ``coupling_scaling="inverse_sqrt"`` keeps it ~ ``N``.

A cut-off that cannot hold the charger state is refused (``cutoff`` named in the error).
"""

from qbattery.models.light_matter.cavity_spins import cavity_heisenberg, three_level_dicke
from qbattery.models.light_matter.cells import jaynes_cummings, rabi
from qbattery.models.light_matter.dicke import charger_state, dicke, tavis_cummings
from qbattery.models.light_matter.excitation_sector import tavis_cummings_sector
from qbattery.models.light_matter.multiphoton import (
    two_mode_jaynes_cummings,
    two_photon_dicke,
    two_photon_jaynes_cummings,
)
from qbattery.models.light_matter.states import (
    dicke_state,
    ghz_state,
    spin_coherent_state,
    squeezed_state,
    symmetric_embedding,
    thermal_state,
)
from qbattery.models.light_matter.two_modes import dual_cavity, optomechanical
from qbattery.models.light_matter.variants import (
    anisotropic_dicke,
    dipole_dicke,
    intensity_dependent_tavis_cummings,
    interacting_dicke,
)

__all__ = [
    "anisotropic_dicke",
    "cavity_heisenberg",
    "charger_state",
    "dicke",
    "dicke_state",
    "dipole_dicke",
    "dual_cavity",
    "ghz_state",
    "intensity_dependent_tavis_cummings",
    "interacting_dicke",
    "jaynes_cummings",
    "optomechanical",
    "rabi",
    "spin_coherent_state",
    "squeezed_state",
    "symmetric_embedding",
    "tavis_cummings",
    "tavis_cummings_sector",
    "thermal_state",
    "three_level_dicke",
    "two_mode_jaynes_cummings",
    "two_photon_dicke",
    "two_photon_jaynes_cummings",
]
