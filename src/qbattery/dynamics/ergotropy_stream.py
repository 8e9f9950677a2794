"""The ergotropy of reduced battery states as a run produces them, window by window.

Two savings over diagonalising every state where it is made:

- **Mirror blocks.** A battery made of identical sites (a uniform chain) whose states are
  symmetric under the site reflection ``R`` (``||rho - R rho R||_F <= MIRROR_TOLERANCE``,
  checked state by state) has its spectra taken from the even and odd blocks
  (:class:`qbattery.bases.reflection.Reflection`): about a quarter of the work. By Weyl's
  inequality the eigenvalues move by at most half the asymmetry.
- **A background thread.** Each window's states are diagonalised on one background thread
  (:class:`~qbattery.dynamics.background_curve.BackgroundCurve`) while the solver propagates
  the next window; NumPy's LAPACK calls and SciPy's sparse products release the GIL, so on two
  cores the bookkeeping hides behind the propagation. At most :data:`PENDING_WINDOWS` windows
  wait at once, and the mirror blocks are diagonalised on that one thread, not spread over
  every core, so they do not compete with the propagation.

The ergotropy itself is :func:`qbattery.metrics.energetics` (review eq. 6).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np

from qbattery.bases.reflection import Reflection, spectra_of_blocks
from qbattery.battery import Battery
from qbattery.dynamics.background_curve import BackgroundCurve
from qbattery.metrics.passivity import energetics
from qbattery.operators import to_dense

__all__ = [
    "MIRROR_MIN_DIMENSION",
    "MIRROR_TOLERANCE",
    "PENDING_WINDOWS",
    "ErgotropyStream",
    "battery_reflection",
]

#: Windows of reduced states whose ergotropy may wait on the background thread at once.
PENDING_WINDOWS = 2

#: Reduced battery states at least this large are diagonalised by mirror blocks when they can.
MIRROR_MIN_DIMENSION = 64

#: Largest ``||rho - R rho R||_F`` at which a state's spectrum is taken from its mirror blocks;
#: by Weyl's inequality its eigenvalues, hence its ergotropy per unit of ||H_B||, change by at
#: most half of it.
MIRROR_TOLERANCE = 1e-12


def battery_reflection(battery: Battery) -> Reflection | None:
    """The site reflection of a battery made of identical sites (d_B >= MIRROR_MIN_DIMENSION)
    whose states are kept on the product basis, else None.

    Examples
    --------
    >>> import qbattery as qb
    >>> from qbattery.dynamics.ergotropy_stream import battery_reflection
    >>> battery_reflection(qb.models.xxz_chain(6, J=0.2, delta=0.5)).block_dimensions
    (36, 28)
    >>> battery_reflection(qb.models.xxz_chain(3, J=0.2, delta=0.5)) is None   # d_B = 8: small
    True
    """
    if battery.sector is not None or battery.subspace is not None:
        return None
    sites = [battery.dims[i] for i in battery.battery]
    if len(sites) < 2 or len(set(sites)) != 1 or int(np.prod(sites)) < MIRROR_MIN_DIMENSION:
        return None
    return Reflection.of_sites(sites)


@dataclass
class ErgotropyStream:
    """Ergotropy of a run's reduced battery states, on mirror blocks and a background thread,
    written into ``curve`` (one value per grid time).

    Examples
    --------
    Two windows of a qubit's states, collected into one curve (units of omega):

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.ergotropy_stream import ErgotropyStream
    >>> hb = np.diag([0.0, 1.0])
    >>> curve = np.zeros(2)
    >>> stream = ErgotropyStream(qb.Battery(hb, hb, np.array([1.0, 0.0])), curve)
    >>> stream.submit(np.array([0]), np.diag([0.25, 0.75])[None])
    >>> stream.submit(np.array([1]), np.diag([1.0, 0.0])[None])
    >>> stream.collect()
    >>> np.round(curve, 12)
    array([0.5, 0. ])
    """

    battery: Battery
    curve: np.ndarray
    reflection: Reflection | None = field(init=False)

    def __post_init__(self) -> None:
        self.reflection = battery_reflection(self.battery)
        self._h_b: np.ndarray | None = None  # H_B dense and diagonalised by the first window
        self._h_b_eigen: tuple[np.ndarray, np.ndarray] | None = None
        self._background: BackgroundCurve | None = None  # made by the first window

    def of(self, reduced: np.ndarray, *, pooled: bool = True) -> np.ndarray:
        """Ergotropy of complete reduced states ``(n, d_B, d_B)``, H_B diagonalised once;
        ``pooled=False`` keeps mirror blocks' diagonalisations on the calling thread.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.ergotropy_stream import ErgotropyStream
        >>> hb = np.diag([0.0, 1.0])
        >>> stream = ErgotropyStream(qb.Battery(hb, hb, np.array([1.0, 0.0])), np.zeros(1))
        >>> stream.of(np.diag([0.0, 1.0])[None])                   # |e><e|: all of it
        array([1.])
        """
        if self._h_b_eigen is None:
            self._h_b = to_dense(self.battery.battery_hamiltonian)
            self._h_b_eigen = np.linalg.eigh(self._h_b)
        return np.asarray(
            energetics(
                reduced,
                self._h_b,
                spectrum=self.battery.battery_spectrum,
                validate=False,
                eigenbasis=self._h_b_eigen,
                eigenvalues=self.mirror_spectra(reduced, pooled=pooled),
            ).ergotropy
        )

    def submit(self, index: np.ndarray, reduced: np.ndarray) -> None:
        """Send a window's states at grid points ``index`` to the background thread (the oldest
        window is collected first while :data:`PENDING_WINDOWS` wait).

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.ergotropy_stream import ErgotropyStream
        >>> hb = np.diag([0.0, 1.0])
        >>> curve = np.zeros(3)
        >>> stream = ErgotropyStream(qb.Battery(hb, hb, np.array([1.0, 0.0])), curve)
        >>> stream.submit(np.array([2]), np.diag([0.0, 1.0])[None])
        >>> stream.collect()
        >>> curve
        array([0., 0., 1.])
        """
        if self._background is None:
            self._background = BackgroundCurve(
                self.curve, pending=PENDING_WINDOWS, name="qbattery-ergotropy"
            )
        states = np.array(reduced, copy=True)  # the solver may reuse the buffer it came from
        self._background.submit(index, partial(self.of, states, pooled=False))

    def collect(self) -> None:
        """Write every pending window's ergotropy into ``curve``; stop the background thread.

        Examples
        --------
        Nothing pending: nothing to do.

        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.ergotropy_stream import ErgotropyStream
        >>> hb = np.diag([0.0, 1.0])
        >>> ErgotropyStream(qb.Battery(hb, hb, np.array([1.0, 0.0])), np.zeros(1)).collect()
        """
        if self._background is not None:
            self._background.collect()

    def mirror_spectra(self, states: np.ndarray, *, pooled: bool = True) -> np.ndarray | None:
        """Eigenvalues of mirror-symmetric states from their even and odd blocks, or None when
        the battery is no chain of identical sites or a state is not symmetric to
        :data:`MIRROR_TOLERANCE`.

        Examples
        --------
        >>> import numpy as np
        >>> import qbattery as qb
        >>> from qbattery.dynamics.ergotropy_stream import ErgotropyStream
        >>> chain = qb.models.xxz_chain(6, J=0.2, delta=0.5)
        >>> stream = ErgotropyStream(chain, np.zeros(1))
        >>> rho = np.eye(64)[None] / 64                             # mirror symmetric
        >>> np.allclose(stream.mirror_spectra(rho), 1 / 64)
        True
        >>> end = np.zeros((1, 64, 64)); end[0, 1, 1] = 1.0       # |000001>: not symmetric
        >>> stream.mirror_spectra(end) is None
        True
        """
        if self.reflection is None:
            return None
        even, odd, asymmetry = self.reflection.split(states)
        if np.max(asymmetry) > MIRROR_TOLERANCE:
            return None
        return spectra_of_blocks(even, odd, pooled=pooled)
