"""Floquet protection against an independent Sambe-space diagonalisation and QuTiP's sesolve.

The extended (Sambe) Hamiltonian of H(t) = H_0 + A cos(Omega t) |e><e| on harmonics |n| <= N,
    K[n, m] = (H_0 + n Omega) delta_nm + (A / 2) |e><e| delta_{|n - m|, 1},
has eigenvalues eps + k Omega (quasi-energies; Shirley, PR 138, B979 (1965)); a Floquet mode is
phi(t) = sum_n phi_n exp(i n Omega t), so its t = 0 emitter weight is |sum_n <e|phi_n>|^2.
"""

from __future__ import annotations

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.environments import CavityArray
from qbattery.errors import QBatteryError
from qbattery.studies import floquet_protection, floquet_spectrum

#: J_0 has its first zero at 2.404825557695773 (Abramowitz & Stegun table 9.5).
BESSEL_ZERO = 2.404825557695773
OMEGA = 3.0
W0 = 5.0
#: Propagator tolerances atol 1e-12, rtol 1e-10 over one period: observed errors <= 1e-8.
FLOQUET = 1e-6
#: Sambe truncation at |n| <= 12 with A / Omega <= 2.4: Bessel tails J_13(2.4) ~ 2e-9.
HARMONICS = 12


def array(n_sites: int = 40) -> CavityArray:
    return CavityArray(n_sites=n_sites, cavity_frequency=5.0, hopping=0.5, coupling=0.3)


def sambe_bound_state(static: np.ndarray, amplitude: float) -> tuple[float, float]:
    d = len(static)
    n = np.arange(-HARMONICS, HARMONICS + 1)
    k = np.kron(np.eye(len(n)), static) + np.kron(np.diag(n * OMEGA), np.eye(d))
    drive = np.zeros((d, d))
    drive[0, 0] = amplitude / 2
    k += np.kron(np.eye(len(n), k=1) + np.eye(len(n), k=-1), drive)
    values, vectors = np.linalg.eigh(k)
    blocks = vectors.reshape(len(n), d, -1)
    centre = np.einsum("n,nk->k", np.abs(n), (np.abs(blocks) ** 2).sum(axis=1))
    central = centre < 1.0 + amplitude / OMEGA  # replicas centred near n = 0, not at the cut
    emitter = np.where(central, np.abs(blocks[:, 0, :].sum(axis=0)) ** 2, -1.0)
    best = int(np.argmax(emitter))
    eps = (values[best] + OMEGA / 2) % OMEGA - OMEGA / 2
    return float(eps), float(emitter[best])


def test_bound_state_quasienergy_and_weight_against_sambe_space() -> None:
    reservoir = array()
    amplitude = 2.0 * OMEGA
    spectrum = floquet_spectrum(
        reservoir, emitter_frequency=W0, drive_amplitude=amplitude, drive_frequency=OMEGA
    )
    eps, weight = sambe_bound_state(reservoir.single_excitation_hamiltonian(W0).real, amplitude)
    folded = (spectrum.bound_quasienergy - eps + OMEGA / 2) % OMEGA - OMEGA / 2
    assert folded == pytest.approx(0.0, abs=FLOQUET)
    assert spectrum.bound_weight == pytest.approx(weight, abs=FLOQUET)


def test_undriven_quasienergies_are_folded_eigenvalues() -> None:
    reservoir = array(12)
    spectrum = floquet_spectrum(
        reservoir, emitter_frequency=W0, drive_amplitude=0.0, drive_frequency=OMEGA
    )
    energies = np.linalg.eigvalsh(reservoir.single_excitation_hamiltonian(W0))
    folded = np.sort((energies + OMEGA / 2) % OMEGA - OMEGA / 2)
    np.testing.assert_allclose(np.sort(spectrum.quasienergies), folded, atol=FLOQUET)


def test_traces_against_independent_sesolve() -> None:
    reservoir = array()
    amplitude = BESSEL_ZERO * OMEGA
    out = floquet_protection(
        reservoir,
        emitter_frequency=W0,
        drive_amplitude=amplitude,
        drive_frequency=OMEGA,
        periods=4,
        substeps=4,
    )
    static = qutip.Qobj(reservoir.single_excitation_hamiltonian(W0))
    emitter = qutip.fock_dm(reservoir.n_sites + 1, 0)
    for drive, trace in ((amplitude, out.protected), (0.0, out.unprotected)):
        run = qutip.sesolve(
            [static, [drive * emitter, lambda t: np.cos(OMEGA * t)]],
            qutip.basis(reservoir.n_sites + 1, 0),
            trace.times,
            e_ops=[emitter],
            options={"atol": 1e-12, "rtol": 1e-10},
        )
        np.testing.assert_allclose(trace.stored_energy, W0 * run.expect[0], atol=FLOQUET)
        np.testing.assert_allclose(
            trace.ergotropy, W0 * np.maximum(2 * run.expect[0] - 1, 0), atol=FLOQUET
        )


def test_bound_state_keeps_the_ergotropy_it_predicts() -> None:
    reservoir = array(100)
    amplitude = BESSEL_ZERO * OMEGA
    out = floquet_protection(
        reservoir,
        emitter_frequency=W0,
        drive_amplitude=amplitude,
        drive_frequency=OMEGA,
        periods=45,
        substeps=1,
    )
    _, weight = sambe_bound_state(reservoir.single_excitation_hamiltonian(W0).real, amplitude)
    late = out.protected.stored_energy[20:] / W0
    # long-time average of P_e -> w_b^2 plus the continuum's O(1 / n_sites) share and the
    # residual higher-order decay (observed: ~2e-3 over 45 periods)
    assert late.mean() == pytest.approx(weight**2, abs=5e-3)
    assert out.protected.ergotropy_lifetime is None
    assert out.unprotected.passive_time is not None
    assert out.unprotected.ergotropy[-1] == 0.0
    assert out.lifetime_gain == float("inf")


def test_drive_away_from_the_bessel_zero_protects_less() -> None:
    kwargs = {"emitter_frequency": W0, "drive_frequency": OMEGA, "periods": 20, "substeps": 2}
    at_zero = floquet_protection(array(60), drive_amplitude=BESSEL_ZERO * OMEGA, **kwargs)
    off_zero = floquet_protection(array(60), drive_amplitude=1.0 * OMEGA, **kwargs)
    assert at_zero.details["bound_weight"] > 0.95 > off_zero.details["bound_weight"]
    assert off_zero.protected.ergotropy_lifetime is not None
    assert qb.floquet_protection is floquet_protection


def test_bad_input() -> None:
    with pytest.raises(QBatteryError, match="periods"):
        floquet_protection(
            array(10), emitter_frequency=W0, drive_amplitude=1.0, drive_frequency=OMEGA, periods=50
        )
    with pytest.raises(QBatteryError, match="array"):
        floquet_spectrum("chain", emitter_frequency=W0, drive_amplitude=1.0, drive_frequency=OMEGA)  # type: ignore[arg-type]
    with pytest.raises(QBatteryError, match="drive_frequency"):
        floquet_spectrum(array(), emitter_frequency=W0, drive_amplitude=1.0, drive_frequency=0)
