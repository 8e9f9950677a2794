"""Battery states of a chunk of grid times for ``method="sectors"`` (:mod:`.sectors`).

Components whose battery state is diagonal add populations; a ket spread over several blocks
adds ``M^T conj(M)`` (its amplitude matrices, one BLAS ``zherk`` per time), or, in the real
form of :mod:`.sectors_real`, ``D R D^dagger`` with ``R = Phi^T Phi`` (one ``syrk``) and the
diagonal column phases ``D``. The ergotropy reads the lower triangles, from a
real symmetric ``R`` when it is the only spread contribution (``D`` does not change the
spectrum, and commutes with the populations).
"""

from __future__ import annotations

import numpy as np
from scipy.linalg.blas import zherk

from qbattery.battery import Battery
from qbattery.linalg import LevelSpectrum, paired_energy

__all__ = ["StateChunk", "chunk_ergotropy"]


class StateChunk:
    """Battery populations (from components with a diagonal battery state) and the lower
    triangles of the other components' reduced states, on a chunk of grid times: complex ones
    in ``lower``, real ones ``R`` of a real form with their column phases ``D`` in ``real``
    (whole matrices; ``rho_B = D R D^dagger``, :mod:`.sectors_real`).

    Examples
    --------
    One charger row, battery amplitudes ``(0.6, 0.8 i)``: complex, or real ``(0.6, 0.8)`` with
    the column phases ``(1, i)``, the same state:

    >>> import numpy as np
    >>> from qbattery.dynamics.sector_states import StateChunk
    >>> real = StateChunk(1, 2, wanted=True)
    >>> real.add_real(1.0, np.array([[0.6, 0.8]]), 1, np.array([[1.0, 1j]]))
    >>> np.round(real.states()[0], 12)
    array([[0.36+0.j  , 0.  -0.48j],
           [0.  +0.48j, 0.64+0.j  ]])
    >>> complex_ = StateChunk(1, 2, wanted=True)
    >>> complex_.add_states(1.0, np.array([[0.6, 0.8j]]), 1)
    >>> bool(np.allclose(complex_.states(), real.states()))
    True
    """

    def __init__(self, points: int, d_b: int, wanted: bool) -> None:
        self.wanted = wanted  # whether battery states are needed at all
        self.populations = np.zeros((points, d_b))
        self.lower: np.ndarray | None = None
        self.real: list[tuple[np.ndarray, np.ndarray]] = []

    @property
    def has_states(self) -> bool:
        """Whether a spread component added a (non-diagonal) state.

        Examples
        --------
        >>> from qbattery.dynamics.sector_states import StateChunk
        >>> StateChunk(3, 2, wanted=True).has_states
        False
        """
        return self.lower is not None or bool(self.real)

    def add_states(self, weight: float, amplitudes: np.ndarray, rows: int) -> None:
        """Add ``weight M^T conj(M)`` (lower triangle, one BLAS ``zherk`` per time) for the
        amplitude matrices ``M`` (n_r, d_B) stored flat as the rows of ``amplitudes``
        (n, n_r d_B).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.sector_states import StateChunk
        >>> chunk = StateChunk(1, 2, wanted=True)
        >>> chunk.add_states(0.5, np.array([[1.0, 0.0, 0.0, 1j]]), 2)
        >>> np.round(chunk.lower.real, 12)
        array([[[0.5, 0. ],
                [0. , 0.5]]])
        """
        d_b = self.populations.shape[1]
        if self.lower is None:
            self.lower = np.zeros((self.populations.shape[0], d_b, d_b), dtype=complex)
        for index, flat in enumerate(amplitudes):
            self.lower[index] += zherk(weight, flat.reshape(rows, d_b).T, lower=1)

    def add_real(
        self, weight: float, amplitudes: np.ndarray, rows: int, phases: np.ndarray
    ) -> None:
        """Add ``weight D Phi^T Phi D^dagger`` for the real amplitude matrices ``Phi``
        (n_r, d_B) stored flat as the rows of ``amplitudes`` (n, n_r d_B), with the column
        phases ``phases`` (n, d_B) on the diagonal of ``D``; one BLAS ``syrk`` per time (whole
        matrices).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.sector_states import StateChunk
        >>> chunk = StateChunk(1, 2, wanted=True)
        >>> chunk.add_real(1.0, np.array([[0.6, 0.8]]), 1, np.array([[1.0, 1j]]))
        >>> np.round(chunk.real[0][0], 12)
        array([[[0.36, 0.48],
                [0.48, 0.64]]])
        """
        d_b = self.populations.shape[1]
        gram = np.empty((amplitudes.shape[0], d_b, d_b))
        for index, flat in enumerate(amplitudes):
            matrix = flat.reshape(rows, d_b)
            np.matmul(matrix.T, matrix, out=gram[index])  # NumPy's syrk, without the GIL
        if weight != 1.0:
            gram *= weight
        self.real.append((gram, phases))

    def lower_states(self) -> np.ndarray:
        """Lower triangles (and diagonals) of the reduced states, real if they all come from
        one real form (and populations: ``D`` is diagonal).

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.sector_states import StateChunk
        >>> chunk = StateChunk(1, 2, wanted=True)
        >>> chunk.add_real(1.0, np.array([[0.6, 0.8]]), 1, np.array([[1.0, 1j]]))
        >>> np.round(chunk.lower_states()[0], 12)
        array([[0.36, 0.48],
               [0.48, 0.64]])
        """
        d_b = self.populations.shape[1]
        diagonal = np.arange(d_b)
        if self.lower is None and len(self.real) == 1:
            states = np.array(self.real[0][0])
        else:
            states = np.zeros((*self.populations.shape, d_b), dtype=complex)
            if self.lower is not None:
                states += self.lower
            for gram, phases in self.real:
                states += gram * (phases[:, :, None] * np.conj(phases[:, None, :]))
        states[:, diagonal, diagonal] += self.populations
        return states

    def states(self) -> np.ndarray:
        """The reduced states (n, d_B, d_B), complex, with the phases of the real forms.

        Examples
        --------
        >>> import numpy as np
        >>> from qbattery.dynamics.sector_states import StateChunk
        >>> chunk = StateChunk(1, 2, wanted=True)
        >>> chunk.populations[0] = [0.25, 0.75]
        >>> chunk.states()[0].real
        array([[0.25, 0.  ],
               [0.  , 0.75]])
        """
        d_b = self.populations.shape[1]
        diagonal = np.arange(d_b)
        states = np.zeros((*self.populations.shape, d_b), dtype=complex)
        if self.lower is not None:
            states += np.tril(self.lower) + np.conj(np.swapaxes(np.tril(self.lower, -1), -1, -2))
        for gram, phases in self.real:
            states += gram * (phases[:, :, None] * np.conj(phases[:, None, :]))
        states[:, diagonal, diagonal] += self.populations
        return states


def chunk_ergotropy(battery: Battery, chunk: StateChunk, levels: np.ndarray) -> np.ndarray:
    """Ergotropy of the chunk's battery states: from the populations when every state is
    diagonal, else from the spectra (the lower triangles, real when they can be).

    Examples
    --------
    The pure battery state ``0.6|g> + 0.8 i|e>`` of a qubit (levels 0, 1) has all its energy
    ``0.64`` as ergotropy:

    >>> import numpy as np
    >>> import qbattery as qb
    >>> from qbattery.dynamics.sector_states import StateChunk, chunk_ergotropy
    >>> qubit = qb.Battery(np.diag([0.0, 1.0]), np.diag([0.0, 1.0]), np.array([1.0, 0.0]))
    >>> chunk = StateChunk(1, 2, wanted=True)
    >>> chunk.add_real(1.0, np.array([[0.6, 0.8]]), 1, np.array([[1.0, 1j]]))
    >>> np.round(chunk_ergotropy(qubit, chunk, np.array([0.0, 1.0])), 12)
    array([0.64])
    """
    spectrum = battery.battery_spectrum or LevelSpectrum(*np.unique(levels, return_counts=True))
    if not chunk.has_states:
        populations = chunk.populations
        eigenvalues = -np.sort(-populations, axis=-1)
    else:
        lower = chunk.lower_states()
        populations = np.real(np.diagonal(lower, axis1=-2, axis2=-1))
        eigenvalues = np.linalg.eigvalsh(lower, UPLO="L")[..., ::-1]
    return np.asarray(populations @ levels - paired_energy(eigenvalues, spectrum))
