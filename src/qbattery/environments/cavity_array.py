"""A structured reservoir with a band gap: a semi-infinite coupled-cavity array, discretised.

A two-level emitter (frequency ``w_0``) is coupled in the rotating-wave approximation, with
strength ``g``, to the first cavity of an array of identical cavities (frequency ``w_c``) with
nearest-neighbour hopping ``J``:

    H = w_0 s+ s- + sum_j w_c a_j^dag a_j + J sum_j (a_j^dag a_{j+1} + h.c.) + g (s+ a_1 + h.c.).

The array's modes fill the band ``[w_c - 2J, w_c + 2J]``; outside it the reservoir has no
modes (a band gap on either side). The excitation number is conserved, so from ``|e, vac>``
the dynamics stays in the single-excitation sector spanned by ``|e, vac>`` and
``|g, 1_j>`` (j = 1..n_sites): an (n_sites + 1)-dimensional space, exact for the truncated
array. The emitter sees the array through the end-site Green function of the semi-infinite
chain (Economou, *Green's Functions in Quantum Physics*, sec. 5.2), giving the self-energy

    Sigma(E) = g^2 (x - sign(x) sqrt(x^2 - 4 J^2)) / (2 J^2),   x = E - w_c,  |x| > 2J,

real outside the band. A bound state (an eigenstate of the emitter dressed by a localised
photon cloud, which does not decay) sits at each real root of ``E - w_0 = Sigma(E)`` outside
the band. Since ``Sigma`` is monotonic there, with ``Sigma = +-g^2 / J`` at the edges, a root
above the band exists iff ``w_c + 2J - w_0 < g^2 / J`` and one below iff
``w_0 - (w_c - 2J) < g^2 / J``. Its emitter weight is ``1 / (1 - Sigma'(E))`` (John & Wang,
PRL 64, 2418 (1990); Longhi, PRA 74, 063826 (2006)). Below both thresholds, an emitter in the
band decays completely, at the Fermi golden-rule rate ``2 pi g^2 rho(w_0)`` with
``rho(w) = sqrt(4 J^2 - (w - w_c)^2) / (2 pi J^2)`` the end-site density of states.

A truncated array of ``n_sites`` reflects the emitted wave at its far end: the wave front
(speed at most ``2J``) returns after ``n_sites / J``, and the discretised reservoir stands
for the continuum only before that (:meth:`CavityArray.revival_time`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from qbattery.errors import QBatteryValueError
from qbattery.validation import finite_real, positive_int, positive_real

__all__ = ["CavityArray"]


@dataclass(frozen=True)
class CavityArray:
    """A semi-infinite coupled-cavity array truncated at ``n_sites`` cavities (module docstring).

    Parameters
    ----------
    n_sites : int
        Number of cavities kept, >= 1.
    cavity_frequency : float
        ``w_c``, the band centre.
    hopping : float
        ``J`` > 0; the band is ``[w_c - 2J, w_c + 2J]``.
    coupling : float
        ``g`` >= 0, the emitter's coupling to the first cavity.

    Examples
    --------
    An emitter at the band centre coupled below the threshold ``g = sqrt(2) J`` has no bound
    state; above it, two, symmetric about the centre:

    >>> weak = CavityArray(n_sites=50, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    >>> weak.band, weak.bound_state_energies(5.0)
    ((4.0, 6.0), ())
    >>> strong = CavityArray(n_sites=50, cavity_frequency=5.0, hopping=0.5, coupling=1.0)
    >>> [round(e, 9) for e in strong.bound_state_energies(5.0)]
    [3.845299462, 6.154700538]
    """

    n_sites: int
    cavity_frequency: float
    hopping: float
    coupling: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "n_sites", positive_int(self.n_sites, "n_sites"))
        object.__setattr__(
            self, "cavity_frequency", finite_real(self.cavity_frequency, "cavity_frequency")
        )
        object.__setattr__(self, "hopping", positive_real(self.hopping, "hopping"))
        coupling = finite_real(self.coupling, "coupling")
        if coupling < 0:
            raise QBatteryValueError(f"coupling: must be >= 0, got {self.coupling!r}")
        object.__setattr__(self, "coupling", coupling)

    @property
    def band(self) -> tuple[float, float]:
        """The band edges ``(w_c - 2J, w_c + 2J)``."""
        return (self.cavity_frequency - 2 * self.hopping, self.cavity_frequency + 2 * self.hopping)

    def revival_time(self) -> float:
        """``n_sites / J``: before it, no emitted wave has come back from the array's far end.

        Examples
        --------
        >>> CavityArray(n_sites=50, cavity_frequency=5.0, hopping=0.5, coupling=0.3).revival_time()
        100.0
        """
        return self.n_sites / self.hopping

    def single_excitation_hamiltonian(self, emitter_frequency: float) -> np.ndarray:
        """``H`` in the basis ``(|e, vac>, |g, 1_1>, ..., |g, 1_n>)``, shape (n + 1, n + 1).

        Examples
        --------
        >>> CavityArray(n_sites=2, cavity_frequency=1.0, hopping=0.5, coupling=0.1
        ...             ).single_excitation_hamiltonian(1.2).real.tolist()
        [[1.2, 0.1, 0.0], [0.1, 1.0, 0.5], [0.0, 0.5, 1.0]]
        """
        frequency = finite_real(emitter_frequency, "emitter_frequency")
        n = self.n_sites
        h = np.zeros((n + 1, n + 1), dtype=complex)
        h[0, 0] = frequency
        h[np.arange(1, n + 1), np.arange(1, n + 1)] = self.cavity_frequency
        h[np.arange(1, n), np.arange(2, n + 1)] = self.hopping
        h[np.arange(2, n + 1), np.arange(1, n)] = self.hopping
        h[0, 1] = h[1, 0] = self.coupling
        return h

    def self_energy(self, energy: float) -> float:
        """``Sigma(E)`` of the infinite array at a real ``energy`` outside the band.

        Examples
        --------
        At the upper band edge ``Sigma = g^2 / J``:

        >>> CavityArray(n_sites=1, cavity_frequency=0.0, hopping=1.0, coupling=0.5
        ...             ).self_energy(2.0)
        0.25
        """
        x = finite_real(energy, "energy") - self.cavity_frequency
        edge = 2 * self.hopping
        if abs(x) < edge:
            raise QBatteryValueError(
                f"energy: {energy!r} lies inside the band {self.band}, where Sigma is complex; "
                "pass an energy outside it"
            )
        root = np.sqrt(max(x * x - edge * edge, 0.0))
        return float(self.coupling**2 * (x - np.sign(x) * root) / (2 * self.hopping**2))

    def bound_state_energies(self, emitter_frequency: float) -> tuple[float, ...]:
        """Real roots of ``E - w_0 = Sigma(E)`` below and above the band (increasing).

        Found by bracketed root finding (Brent) between each band edge and a point beyond
        which no root can lie (``|Sigma| <= g^2 / J``).

        Examples
        --------
        Above the static threshold ``g = sqrt(2) J`` at the band centre, two roots, and each
        solves ``E - w_0 = Sigma(E)``:

        >>> array = CavityArray(n_sites=1, cavity_frequency=5.0, hopping=0.5, coupling=1.0)
        >>> roots = array.bound_state_energies(5.0)
        >>> [round(e - 5.0 - array.self_energy(e), 12) for e in roots]
        [0.0, 0.0]
        """
        frequency = finite_real(emitter_frequency, "emitter_frequency")
        lower, upper = self.band
        reach = self.coupling**2 / self.hopping + abs(frequency - self.cavity_frequency) + 1.0
        roots = []
        for edge, far in ((lower, lower - reach), (upper, upper + reach)):

            def gap(e: float) -> float:
                return e - frequency - self.self_energy(e)

            if gap(edge) * gap(far) < 0:
                roots.append(float(brentq(gap, far, edge, xtol=1e-14, rtol=1e-15)))
        return tuple(sorted(roots))
