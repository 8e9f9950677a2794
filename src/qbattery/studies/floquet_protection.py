"""Floquet protection of a battery in a structured reservoir (review sec. 5.3, ref. [77]).

Bai & An (PRA 102, 060201 (2020)) show that a periodically driven quantum battery in a
dissipative environment stops ageing when the Floquet quasi-energy spectrum of battery plus
environment holds a bound state: its component on the battery never decays, so a finite
ergotropy survives at long times. This module builds the mechanism in a minimal exactly
solvable model (ours, not Bai & An's): a two-level battery ``H_B = w_0 |e><e|`` whose frequency
is modulated,

    w(t) = w_0 + A cos(Omega t),

coupled to the band-gap reservoir of :class:`qbattery.environments.CavityArray` (an emitter in
the band of a coupled-cavity array decays completely when undriven and below the static
bound-state threshold). The excitation number is conserved, so from ``|e, vac>`` the state
stays in the single-excitation sector; the battery state is ``diag(1 - P_e, P_e)`` with
``P_e = |<e|psi>|^2``, energy ``w_0 P_e`` and ergotropy ``w_0 max(2 P_e - 1, 0)``.

**Floquet analysis.** ``U_F = T exp(-i int_0^T H(t) dt)`` over one period ``T = 2 pi / Omega``
(QuTiP's propagator) has eigenvalues ``exp(-i eps_k T)`` (quasi-energies ``eps_k`` folded into
``(-Omega/2, Omega/2]``) and Floquet modes ``|phi_k(0)>``. At stroboscopic times

    <e|psi(n T)> = sum_k <e|phi_k> <phi_k|e> exp(-i eps_k n T),

exact; the long-time average of ``P_e`` is ``sum_k |<e|phi_k>|^4``, which in a large reservoir
keeps only the modes localised on the battery: a Floquet bound state of emitter weight ``w_b``
leaves ``P_e -> w_b^2`` (Bai & An's criterion: ergotropy survives iff ``w_b^2 > 1/2``). The
mode of largest emitter weight is reported as the bound state.

The mechanism behind it in this model: the phase ``exp(-i (A / Omega) sin(Omega t))`` splits
the emitter into sidebands ``w_0 + k Omega`` of weights ``J_k(A / Omega)^2`` (Jacobi-Anger);
at a zero of ``J_0`` the sideband inside the band carries no weight, so the emitter couples to
the reservoir only off resonance. When ``Omega`` exceeds the band width every other sideband
lies in a gap, and the decay that remains is of higher order in ``g / Omega`` (coherent
destruction of the emitter's decay; the quasi-energy stays inside the folded band, so the
state is a quasi-bound Floquet state whose residual decay the trace shows). The true Floquet
bound states, quasi-energies in a gap of the folded band, are the roots of the exact Sambe-space
self-energy equation of :func:`qbattery.studies.floquet_bound_state.floquet_bound_states`; the
comparison reports how many there are (``gap_bound_states``) next to the quasi-bound mode of
largest emitter weight (``bound_weight``).

:func:`floquet_protection` compares the driven battery with the undriven one (``A = 0``) on the
same grid ``t = (n + j / s) T`` (exact there: ``U(t_j) U_F^n``). Lifetimes are read on that
grid (a crossing lies between two grid points, so ``time_tolerance`` is ``T / s``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import qutip

from qbattery.environments.cavity_array import CavityArray
from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.studies.ageing import Protection
from qbattery.studies.floquet_bound_state import floquet_bound_states
from qbattery.studies.self_discharge import SelfDischarge
from qbattery.validation import finite_real, non_negative_real, positive_int, positive_real

__all__ = ["FloquetSpectrum", "floquet_protection", "floquet_spectrum"]

#: Integration tolerances of the one-period propagator: far below the weights reported.
_ATOL, _RTOL = 1e-12, 1e-10


@dataclass(frozen=True, repr=False)
class FloquetSpectrum:
    """Quasi-energies and Floquet modes of the driven battery in its reservoir (module docstring).

    Attributes
    ----------
    period : float
        ``T = 2 pi / Omega``.
    quasienergies : array (d,)
        ``eps_k`` in ``(-Omega/2, Omega/2]``.
    modes : array (d, d)
        Columns ``|phi_k(0)>`` in the basis ``(|e, vac>, |g, 1_1>, ...)``.
    emitter_weights : array (d,)
        ``|<e|phi_k(0)>|^2``.
    micromotion : array (s, d, d)
        ``U(j T / s)`` for j = 0..s - 1, the propagators inside one period.

    Examples
    --------
    >>> array = CavityArray(n_sites=3, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    >>> spectrum = floquet_spectrum(array, emitter_frequency=5.0, drive_amplitude=1.0,
    ...                             drive_frequency=3.0, substeps=2)
    >>> spectrum.modes.shape, spectrum.micromotion.shape, round(spectrum.period, 6)
    ((4, 4), (2, 4, 4), 2.094395)
    """

    period: float
    quasienergies: np.ndarray
    modes: np.ndarray
    emitter_weights: np.ndarray
    micromotion: np.ndarray

    @property
    def bound_index(self) -> int:
        """Index of the mode of largest emitter weight."""
        return int(np.argmax(self.emitter_weights))

    @property
    def bound_quasienergy(self) -> float:
        return float(self.quasienergies[self.bound_index])

    @property
    def bound_weight(self) -> float:
        return float(self.emitter_weights[self.bound_index])

    def emitter_amplitudes(self, periods: int) -> np.ndarray:
        """``<e|psi(t)>`` on ``t = (n + j / s) T``, n = 0..periods - 1, j = 0..s - 1, then
        ``t = periods * T`` (s = ``len(self.micromotion)``), from ``|psi(0)> = |e, vac>``:
        ``|psi(n T + t_j)> = U(t_j) U_F^n |e, vac>``, exact at every point.

        Examples
        --------
        Uncoupled, the emitter only picks up the phase ``-w_0 t - (A / Omega) sin(Omega t)``:

        >>> import numpy as np
        >>> array = CavityArray(n_sites=2, cavity_frequency=5.0, hopping=0.5, coupling=0.0)
        >>> spectrum = floquet_spectrum(array, emitter_frequency=5.0, drive_amplitude=1.0,
        ...                             drive_frequency=3.0, substeps=4)
        >>> amplitudes = spectrum.emitter_amplitudes(2)
        >>> t = np.arange(9) * spectrum.period / 4
        >>> exact = np.exp(-1j * (5.0 * t + np.sin(3.0 * t) / 3.0))
        >>> bool(np.allclose(amplitudes, exact, atol=1e-7))
        True
        """
        count = positive_int(periods, "periods")
        n = np.arange(count + 1)
        start = np.linalg.solve(self.modes, np.eye(len(self.modes))[:, 0])
        strobe = self.modes @ (
            np.exp(-1j * np.outer(self.quasienergies, n * self.period)) * start[:, None]
        )  # (d, count + 1): psi(n T)
        inside = np.einsum("sd,dn->ns", self.micromotion[:, 0, :], strobe[:, :-1])
        return np.concatenate([inside.reshape(-1), strobe[0, -1:]])

    def __repr__(self) -> str:
        return (
            f"FloquetSpectrum({len(self.quasienergies)} modes, period {self.period:.6g}; bound "
            f"state: quasi-energy {self.bound_quasienergy:.6g}, emitter weight "
            f"{self.bound_weight:.6g})"
        )


def _check_array(array: Any) -> CavityArray:
    if not isinstance(array, CavityArray):
        raise QBatteryTypeError(
            f"array: expected a qbattery.environments.CavityArray, got {type(array).__name__}"
        )
    return array


def floquet_spectrum(
    array: CavityArray,
    *,
    emitter_frequency: float,
    drive_amplitude: float,
    drive_frequency: float,
    substeps: int = 1,
) -> FloquetSpectrum:
    """Floquet spectrum of the battery ``w(t) = w_0 + A cos(Omega t)`` in ``array``.

    Parameters
    ----------
    array : CavityArray
        The reservoir (its ``n_sites`` sets the dimension ``n_sites + 1``).
    emitter_frequency : float
        ``w_0``.
    drive_amplitude : float
        ``A`` >= 0.
    drive_frequency : float
        ``Omega`` > 0.
    substeps : int
        Propagators ``U(j T / s)`` kept for states between stroboscopic times.

    Returns
    -------
    FloquetSpectrum

    Examples
    --------
    Without coupling the emitter is its own Floquet mode, quasi-energy ``w_0`` folded:

    >>> array = CavityArray(n_sites=3, cavity_frequency=5.0, hopping=0.5, coupling=0.0)
    >>> spectrum = floquet_spectrum(array, emitter_frequency=5.0, drive_amplitude=1.0,
    ...                             drive_frequency=3.0)
    >>> round(spectrum.bound_quasienergy, 8), round(spectrum.bound_weight, 8)
    (-1.0, 1.0)
    """
    reservoir = _check_array(array)
    w0 = finite_real(emitter_frequency, "emitter_frequency")
    amplitude = non_negative_real(drive_amplitude, "drive_amplitude")
    frequency = positive_real(drive_frequency, "drive_frequency")
    period = 2 * np.pi / frequency
    static = reservoir.single_excitation_hamiltonian(w0)
    projector = np.zeros_like(static)
    projector[0, 0] = 1.0
    hamiltonian = qutip.QobjEvo(
        [qutip.Qobj(static), [qutip.Qobj(amplitude * projector), lambda t: np.cos(frequency * t)]]
    )
    steps = positive_int(substeps, "substeps")
    propagators = qutip.propagator(
        hamiltonian,
        np.arange(steps + 1) * period / steps,
        options={"atol": _ATOL, "rtol": _RTOL, "nsteps": 10**6},
    )
    one_period = propagators[-1].full()
    phases, modes = np.linalg.eig(one_period)
    quasienergies = -np.angle(phases) / period
    quasienergies = np.where(
        quasienergies <= -frequency / 2, quasienergies + frequency, quasienergies
    )
    modes = modes / np.linalg.norm(modes, axis=0)
    return FloquetSpectrum(
        period=period,
        quasienergies=quasienergies,
        modes=modes,
        emitter_weights=np.abs(modes[0, :]) ** 2,
        micromotion=np.array([u.full() for u in propagators[:-1]]),
    )


def _on_grid(
    amplitudes: np.ndarray, times: np.ndarray, w0: float, fraction: float, step: float
) -> SelfDischarge:
    """Self-discharge figures of a qubit with excited population ``|amplitudes|^2`` on a grid."""
    population = np.abs(amplitudes) ** 2
    stored = w0 * population
    ergotropy = w0 * np.maximum(2 * population - 1, 0.0)

    def first(values: np.ndarray, threshold: float) -> float | None:
        below = np.flatnonzero(values <= threshold)
        return None if below.size == 0 else float(times[below[0]])

    return SelfDischarge(
        times=times,
        stored_energy=stored,
        ergotropy=ergotropy,
        fraction=fraction,
        energy_lifetime=first(stored, fraction * stored[0]),
        ergotropy_lifetime=first(ergotropy, fraction * ergotropy[0]),
        passive_time=first(ergotropy, 1e-12 * ergotropy[0]),
        time_tolerance=step,
    )


def floquet_protection(
    array: CavityArray,
    *,
    emitter_frequency: float,
    drive_amplitude: float,
    drive_frequency: float,
    periods: int,
    substeps: int = 8,
    fraction: float = 0.5,
) -> Protection:
    """The driven battery against the undriven one in the same reservoir (module docstring).

    Parameters
    ----------
    array, emitter_frequency, drive_amplitude, drive_frequency
        As in :func:`floquet_spectrum`; the battery starts charged, ``|e, vac>``.
    periods : int
        Number of driving periods followed; ``periods * T`` must stay below
        ``array.revival_time()`` (the truncated reservoir stands for the continuum only then).
    substeps : int
        Grid points per period: the traces are exact on ``t = (n + j / substeps) T``, and the
        lifetimes are read on that grid (``time_tolerance = T / substeps``).
    fraction : float
        Lifetime threshold in (0, 1).

    Returns
    -------
    Protection
        ``details``: ``bound_quasienergy``, ``bound_weight`` (emitter weight of the bound
        Floquet mode), ``predicted_ergotropy`` ``w_0 max(2 w_b^2 - 1, 0)`` (long-time
        ergotropy it leaves), ``undriven_bound_weight`` (the same for ``A = 0``), ``period``,
        ``gap_bound_states`` (the number of true Floquet bound states, quasi-energy in a gap of
        the folded band, :func:`~qbattery.studies.floquet_bound_state.floquet_bound_states`)
        and ``gap_bound_weight`` (the largest emitter weight among them, 0 if none).

    Examples
    --------
    At the first zero of ``J_0`` (A / Omega = 2.404826) the driven battery keeps most of its
    ergotropy (its bound mode has emitter weight 0.98); the undriven one (which decays at the
    golden-rule rate ``2 g^2 / J = 0.36`` at long times) loses half of it within one period:

    >>> array = CavityArray(n_sites=80, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    >>> out = floquet_protection(array, emitter_frequency=5.0, drive_amplitude=7.214478,
    ...                          drive_frequency=3.0, periods=30, substeps=4)
    >>> period = out.details["period"]
    >>> round(out.details["bound_weight"], 2), out.protected.ergotropy_lifetime is None
    (0.98, True)
    >>> out.unprotected.ergotropy_lifetime <= period
    True

    The protecting mode is quasi-bound: no Floquet bound state lies in the quasi-energy gap.

    >>> out.details["gap_bound_states"]
    0
    """
    reservoir = _check_array(array)
    count = positive_int(periods, "periods")
    share = positive_real(fraction, "fraction")
    if share >= 1:
        raise QBatteryValueError(f"fraction: must lie in (0, 1), got {fraction!r}")
    frequency = positive_real(drive_frequency, "drive_frequency")
    end = count * 2 * np.pi / frequency
    if end >= reservoir.revival_time():
        raise QBatteryValueError(
            f"periods: {count} periods last {end:.6g}, beyond the reservoir's revival time "
            f"{reservoir.revival_time():.6g}; raise array.n_sites above "
            f"{int(np.ceil(end * reservoir.hopping))} or follow fewer periods"
        )
    w0 = finite_real(emitter_frequency, "emitter_frequency")
    spectra = {
        name: floquet_spectrum(
            reservoir,
            emitter_frequency=w0,
            drive_amplitude=amplitude,
            drive_frequency=frequency,
            substeps=substeps,
        )
        for name, amplitude in (("protected", drive_amplitude), ("unprotected", 0.0))
    }
    period = spectra["protected"].period
    steps = len(spectra["protected"].micromotion)
    times = np.arange(count * steps + 1) * period / steps
    traces = {
        name: _on_grid(spectrum.emitter_amplitudes(count), times, w0, share, period / steps)
        for name, spectrum in spectra.items()
    }
    bound = spectra["protected"]
    gap_states = floquet_bound_states(
        reservoir, emitter_frequency=w0, drive_amplitude=drive_amplitude, drive_frequency=frequency
    )
    return Protection(
        protocol="floquet",
        protected=traces["protected"],
        unprotected=traces["unprotected"],
        details={
            "bound_quasienergy": bound.bound_quasienergy,
            "bound_weight": bound.bound_weight,
            "predicted_ergotropy": w0 * max(2 * bound.bound_weight**2 - 1, 0.0),
            "undriven_bound_weight": spectra["unprotected"].bound_weight,
            "period": period,
            "gap_bound_states": len(gap_states),
            "gap_bound_weight": max((state.emitter_weight for state in gap_states), default=0.0),
        },
    )
