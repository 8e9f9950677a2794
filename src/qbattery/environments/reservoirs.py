"""A shared bosonic reservoir: two-level emitters (chargers, battery) coupled only through it.

Remote (wireless) charging, review sec. 6 (Tabesh, Kamin & Salimi, PRA 102, 052223 (2020);
Hu, Gao & Fan, PRA 111, 042216 (2025)): N two-level emitters with no direct coupling share one
zero-temperature reservoir in the rotating-wave approximation,

    H = sum_j w_j s_j^+ s_j^- + sum_k w_k b_k^dagger b_k + sum_k g_k (L^dagger b_k + L b_k^dagger),
    L = sum_j kappa_j s_j^-,

with a Lorentzian spectral density (a sum of them allowed)
``J(w) = sum_p (g_p^2 / pi) (Gamma_p / 2) / ((w - w_p)^2 + (Gamma_p / 2)^2)``
(:class:`~qbattery.environments.pseudomodes.Lorentzian`). The excitation number is conserved,
so a state with at most one excitation (all emitters down plus one excitation shared among
them) stays in the vacuum-plus-one-excitation space; its amplitudes evolve under a matrix of
modest size, given here in three forms:

- :meth:`SharedReservoir.pseudomode_generator`: exact. Each Lorentzian is a damped mode
  (Garraway, PRA 55, 2290 (1997)); in the one-excitation sector the Lindblad jump only feeds the
  vacuum, so the amplitudes follow ``H_eff = H - (i Gamma_p / 2) a_p^dagger a_p``, of dimension
  N + (number of peaks).
- :meth:`SharedReservoir.discretised`: the continuum as M modes per peak (a Hermitian star of
  dimension N + M P). Frequencies are the equal-weight quantiles of the Lorentzian,
  ``w_n = w_p + (Gamma_p / 2) tan(pi (n + 1/2) / M - pi / 2)``, each with ``g_n = g_p / sqrt(M)``
  (midpoint rule in the Lorentzian's cumulative distribution, so no tail weight is lost);
  revivals come back after ``t ~ 4 M / Gamma_p``.
- :meth:`SharedReservoir.markovian_generator`: the weak-coupling (Born-Markov, non-secular)
  limit, ``H_eff[i, j] = w_j delta_ij + kappa_i kappa_j Sigma(w_j + i0)`` with the reservoir's
  self-energy ``Sigma(z) = sum_p g_p^2 / (z - w_p + i Gamma_p / 2)``: collective decay at
  ``gamma = -2 Im Sigma = 2 pi J(w_0)`` and the exchange (Lamb) shift ``Re Sigma`` of the
  collective Lindblad equation ``H_S + Re Sigma(w_0) L^dagger L``, ``sqrt(gamma) L``.

States with more excitations (several fully charged chargers) are solved on the full space:
:meth:`SharedReservoir.full_battery` adds the pseudomodes
(:func:`~qbattery.environments.pseudomodes.add_pseudomodes`) to the bare emitters and returns a
:class:`~qbattery.battery.Battery` for :func:`qbattery.charge`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from qbattery.battery import Battery
from qbattery.environments.pseudomodes import Lorentzian, LorentzianBath, add_pseudomodes
from qbattery.errors import QBatteryValueError
from qbattery.linalg import embed_operator
from qbattery.validation import finite_real, integer, positive_int

__all__ = ["SharedReservoir"]


@dataclass(frozen=True, init=False)
class SharedReservoir:
    """Two-level emitters coupled only through one Lorentzian reservoir (module docstring).

    Parameters
    ----------
    frequencies : sequence of float
        Transition frequencies ``w_j`` of the emitters (chargers and battery), one each.
    lorentzians : Lorentzian, or sequence of Lorentzian or (strength, centre, width)
        The peaks of ``J(w)``: strength ``g_p`` (``g_p^2 = int J_p dw``), centre ``w_p``, full
        width ``Gamma_p``.
    couplings : sequence of float, optional
        Relative couplings ``kappa_j`` of the emitters to the reservoir (default all 1).

    Examples
    --------
    >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(0.05, 1.0, 1.0))
    >>> sigma = pair.self_energy(1.0)  # on resonance: -i g^2 / (Gamma / 2) for every pair
    >>> round(float(sigma[0, 1].imag), 12)
    -0.005
    """

    frequencies: tuple[float, ...]
    lorentzians: tuple[Lorentzian, ...]
    couplings: tuple[float, ...]

    def __init__(
        self,
        frequencies: Sequence[float],
        lorentzians: Lorentzian | Sequence[Lorentzian | Sequence[float]],
        couplings: Sequence[float] | None = None,
    ) -> None:
        omegas = tuple(finite_real(w, f"frequencies[{j}]") for j, w in enumerate(frequencies))
        if not omegas:
            raise QBatteryValueError("frequencies: give one transition frequency per emitter")
        given = [lorentzians] if isinstance(lorentzians, Lorentzian) else lorentzians
        peaks = LorentzianBath(np.eye(2), given).lorentzians  # parsed and checked there
        kappas = (
            (1.0,) * len(omegas)
            if couplings is None
            else tuple(finite_real(k, f"couplings[{j}]") for j, k in enumerate(couplings))
        )
        if len(kappas) != len(omegas):
            raise QBatteryValueError(
                f"couplings: expected one per emitter ({len(omegas)}), got {len(kappas)}"
            )
        object.__setattr__(self, "frequencies", omegas)
        object.__setattr__(self, "lorentzians", peaks)
        object.__setattr__(self, "couplings", kappas)

    @property
    def n_emitters(self) -> int:
        return len(self.frequencies)

    def self_energy(self, z: Any) -> np.ndarray:
        """``Sigma_ij(z) = kappa_i kappa_j sum_p g_p^2 / (z - w_p + i Gamma_p / 2)``, (..., N, N).

        The retarded self-energy on the physical sheet for ``Im z >= 0`` (real ``z`` is
        ``z + i0``).

        Examples
        --------
        On resonance with a peak of strength g and width Gamma: ``-2 i g^2 / Gamma``:

        >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(0.5, 1.0, 1.0))
        >>> complex(pair.self_energy(1.0)[0, 1])
        -0.5j
        """
        z = np.asarray(z, dtype=complex)
        scalar = sum(p.strength**2 / (z - p.centre + 0.5j * p.width) for p in self.lorentzians)
        kappa = np.asarray(self.couplings)
        return np.asarray(scalar)[..., None, None] * np.outer(kappa, kappa)

    def markovian_generator(self) -> np.ndarray:
        """Weak-coupling limit (N, N): ``w_j delta_ij + kappa_i kappa_j Sigma(w_j + i0)``.

        Examples
        --------
        >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(0.5, 1.0, 1.0))
        >>> pair.markovian_generator()
        array([[1.-0.5j, 0.-0.5j],
               [0.-0.5j, 1.-0.5j]])
        """
        omegas = np.asarray(self.frequencies)
        sigma = self.self_energy(omegas)  # (N, N, N): Sigma evaluated at each w_j
        columns = np.arange(self.n_emitters)
        return np.diag(omegas).astype(complex) + sigma[columns, :, columns].T

    def pseudomode_generator(self) -> np.ndarray:
        """Exact non-Hermitian one-excitation generator, emitters first then one mode per peak.

        Examples
        --------
        >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(0.5, 1.0, 1.0))
        >>> pair.pseudomode_generator()[:, 2]
        array([0.5+0.j , 0.5+0.j , 1. -0.5j])
        """
        n, count = self.n_emitters, len(self.lorentzians)
        h = np.zeros((n + count, n + count), dtype=complex)
        h[np.arange(n), np.arange(n)] = self.frequencies
        kappa = np.asarray(self.couplings)
        for m, peak in enumerate(self.lorentzians):
            h[n + m, n + m] = peak.centre - 0.5j * peak.width
            h[:n, n + m] = h[n + m, :n] = peak.strength * kappa
        return h

    def discretised(self, n_modes: int) -> np.ndarray:
        """Hermitian star Hamiltonian (N + M P, N + M P): ``n_modes`` = M modes per peak.

        Examples
        --------
        The couplings ``g / sqrt(M)`` add up to the peak's strength:

        >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(0.5, 1.0, 1.0))
        >>> star = pair.discretised(100)
        >>> star.shape, round(float(np.sum(np.abs(star[0, 2:]) ** 2)), 12)
        ((102, 102), 0.25)
        """
        m = positive_int(n_modes, "n_modes")
        n = self.n_emitters
        theta = np.pi * (np.arange(m) + 0.5) / m - np.pi / 2
        omegas = [p.centre + 0.5 * p.width * np.tan(theta) for p in self.lorentzians]
        h = np.zeros((n + m * len(omegas),) * 2, dtype=complex)
        h[np.arange(n), np.arange(n)] = self.frequencies
        kappa = np.asarray(self.couplings)
        for index, (peak, modes) in enumerate(zip(self.lorentzians, omegas, strict=True)):
            block = slice(n + index * m, n + (index + 1) * m)
            h[block, block] = np.diag(modes)
            h[:n, block] = np.outer(kappa, np.full(m, peak.strength / np.sqrt(m)))
            h[block, :n] = h[:n, block].T
        return h

    def collective_lowering(self) -> sp.csr_matrix:
        """``L = sum_j kappa_j s_j^-`` on ``dims = [2] * N`` (level 1 of each emitter is ``e``).

        Examples
        --------
        >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(0.5, 1.0, 1.0))
        >>> pair.collective_lowering().toarray().real[0]
        array([0., 1., 1., 0.])
        """
        lower = sp.csr_matrix(np.array([[0.0, 1.0], [0.0, 0.0]], dtype=complex))
        dims = [2] * self.n_emitters
        terms = [k * embed_operator(lower, dims, [j]) for j, k in enumerate(self.couplings)]
        return sp.csr_matrix(sum(terms[1:], terms[0]))

    def bath(self) -> LorentzianBath:
        """The reservoir for :func:`~qbattery.environments.pseudomodes.add_pseudomodes`.

        Examples
        --------
        >>> pair = SharedReservoir([1.0, 1.0], Lorentzian(0.5, 1.0, 1.0))
        >>> pair.bath().lorentzians[0].strength
        0.5
        """
        return LorentzianBath(self.collective_lowering(), self.lorentzians)

    def full_battery(
        self, initial_state: Any, *, battery: int = -1, cutoff: int | None = None
    ) -> Battery:
        """Emitters plus one damped pseudomode per peak, for :func:`qbattery.charge`.

        ``H = sum_j w_j s_j^+ s_j^- + sum_p [w_p a_p^dagger a_p + g_p (L a_p^dagger + h.c.)]``,
        collapse ``sqrt(Gamma_p) a_p`` (Garraway, PRA 55, 2290 (1997)); ``H_B = w_B |e><e|`` on
        the battery emitter. Exact for any number of excitations.

        Parameters
        ----------
        initial_state : array (2^N,) or (2^N, 2^N)
            The emitters' ket or density matrix on ``dims = [2] * N`` (level 1 is ``e``).
        battery : int
            Index of the battery emitter (default the last).
        cutoff : int, optional
            Fock cut-off of the pseudomodes (default N + 2: at most N quanta exist, so the top
            two levels, which :func:`qbattery.charge` checks, stay empty and nothing is cut).

        Examples
        --------
        Two fully charged chargers and an empty battery at strong coupling:

        >>> import numpy as np
        >>> import qbattery as qb
        >>> three = SharedReservoir([1.0, 1.0, 1.0], Lorentzian(2.0, 1.0, 0.5))
        >>> ket = np.zeros(8)
        >>> ket[0b110] = 1.0  # e, e, g
        >>> run = qb.charge(three.full_battery(ket), np.linspace(0, 2, 41), method="ode")
        >>> round(float(run.energy.max()), 2)
        0.87
        """
        n = self.n_emitters
        index = integer(battery, "battery")
        if not -n <= index < n:
            raise QBatteryValueError(f"battery: must index one of the {n} emitters, got {battery}")
        excited = sp.csr_matrix(np.diag([0.0, 1.0]).astype(complex))
        dims = [2] * n
        terms = [w * embed_operator(excited, dims, [j]) for j, w in enumerate(self.frequencies)]
        emitters = Battery(
            sp.csr_matrix(sum(terms[1:], terms[0])),
            self.frequencies[index] * np.diag([0.0, 1.0]),
            initial_state,
            dims=dims,
            battery=[index % n],
        )
        size = n + 2 if cutoff is None else positive_int(cutoff, "cutoff")
        return add_pseudomodes(emitters, self.bath(), cutoff=size)

    def describe(self) -> dict[str, Any]:
        """The reservoir's parameters, for a result's record.

        Examples
        --------
        >>> SharedReservoir([1.0, 1.0], Lorentzian(0.5, 1.0, 1.0)).describe()["lorentzians"]
        [(0.5, 1.0, 1.0)]
        """
        return {
            "frequencies": list(self.frequencies),
            "couplings": list(self.couplings),
            "lorentzians": [(p.strength, p.centre, p.width) for p in self.lorentzians],
        }
