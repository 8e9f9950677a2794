"""The symmetric (j = N/2) Dicke subspace of N two-level systems.

The basis state ``|j, m>`` with ``m = -j + k`` holds ``k`` excitations; it is the normalised
symmetrisation of any product state with ``k`` excited atoms. The bare battery Hamiltonian
``H_B = omega (J_z + N/2)`` is ``omega * diag(0, 1, ..., N)`` there, but on the full ``2**N``
space each level ``omega k`` is ``binomial(N, k)``-fold degenerate. A state in the symmetric
subspace therefore has a passive state *outside* that subspace in general, and its ergotropy
must be computed with the full-space spectrum (docs/conventions.md).
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln

from qbattery.linalg import LevelSpectrum
from qbattery.validation import positive_int, positive_real

__all__ = ["symmetric_level_spectrum"]

#: Multiplicities are capped here (binomial(N, N/2) overflows double precision near N = 1030).
#: The cap is exact for every use: a state of rank r fills at most r slots, and no reduced
#: battery state has anywhere near 1e250 eigenvalues, so a level this degenerate is never
#: filled past its cap and the pairing of populations with levels is unchanged.
_CAP = 1e250


def symmetric_level_spectrum(n_atoms: int, omega: float = 1.0) -> LevelSpectrum:
    """Full-space levels of ``H_B = omega (J_z + N/2)`` on N two-level systems.

    Level ``omega k`` (``k`` excitations) has multiplicity ``binomial(N, k)``.

    Parameters
    ----------
    n_atoms : int
        Number of two-level systems, N >= 1.
    omega : float
        Level splitting, > 0.

    Returns
    -------
    LevelSpectrum
        For use as ``spectrum=`` in :func:`qbattery.ergotropy` and friends on states written in
        the basis ``|j=N/2, m=-j+k>``, k = 0..N. Multiplicities above 1e250 are capped there
        (exact for the pairing, see ``_CAP``).

    Examples
    --------
    >>> from qbattery.bases import symmetric_level_spectrum
    >>> spectrum = symmetric_level_spectrum(3, 2.0)
    >>> spectrum.levels, spectrum.multiplicities
    (array([0., 2., 4., 6.]), array([1., 3., 3., 1.]))
    """
    n = positive_int(n_atoms, "n_atoms")
    k = np.arange(n + 1)
    log_binomial = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    multiplicities = np.exp(np.minimum(log_binomial, np.log(_CAP)))
    return LevelSpectrum(positive_real(omega, "omega") * k, np.rint(multiplicities))
