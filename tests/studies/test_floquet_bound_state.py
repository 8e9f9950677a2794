"""True Floquet bound states against an independent diagonalisation of a long finite array's
Sambe (extended-space) Hamiltonian, against QuTiP's one-period propagator, and, undriven,
against the eigenvectors of the static single-excitation Hamiltonian.

Sambe space (Shirley, PR 138, B979 (1965)): K[n, m] = (H_0 + n Omega) delta_nm
+ (A / 2)|e><e| delta_{|n - m|, 1}; eigenvalues inside the gap interval (w_c + 2J, w_c - 2J + Omega)
of a long array are its bound states (the finite array's band replicas are discrete points
inside the band replicas), and a normalised eigenvector's t = 0 emitter weight is
|sum_n <e, n|v>|^2.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.linalg import eigsh

from qbattery.environments import CavityArray
from qbattery.errors import ConvergenceWarning, QBatteryError
from qbattery.studies import floquet_spectrum
from qbattery.studies.floquet_bound_state import floquet_bound_states

#: Photon clouds decay by a factor exp(-arccosh(|E - w_c| / 2J)) per site: 40 cavities for
#: roots 0.3 from a band edge (e^-0.7 per site), 90 for the root 0.028 from it (e^-0.24); Sambe
#: blocks |n| <= N leave Bessel tails J_{N+1}(A / Omega): J_11(4/3) ~ 3e-10, J_9(2/3) ~ 8e-11.
SITES, BLOCKS = 40, 10
TOL = 1e-8


def sambe_gap_states(
    array: CavityArray, w0: float, amplitude: float, omega: float, blocks: int = BLOCKS
):
    h = sp.csr_matrix(array.single_excitation_hamiltonian(w0).real)
    d = h.shape[0]
    n = np.arange(-blocks, blocks + 1)
    k = sp.kron(sp.identity(n.size), h) + sp.kron(sp.diags(n * omega), sp.identity(d))
    drive = sp.csr_matrix(([amplitude / 2], ([0], [0])), shape=(d, d))
    k = k + sp.kron(sp.eye(n.size, k=1) + sp.eye(n.size, k=-1), drive)
    low, high = array.band
    margin = 0.02  # the band replicas of a finite array end within ~(pi/SITES)^2 J of the edge
    # the six eigenvalues nearest the gap's centre (shift-invert), kept if inside the gap
    values, vectors = eigsh(k.tocsc(), k=6, sigma=(high + low + omega) / 2)
    states = []
    for value, vector in sorted(zip(values, vectors.T, strict=True), key=lambda p: p[0]):
        if high + margin < value < low + omega - margin:
            emitter = vector.reshape(n.size, d)[:, 0]
            states.append((value, abs(emitter.sum()) ** 2, float(np.sum(abs(emitter) ** 2))))
    return states


@pytest.mark.parametrize(
    ("w0", "amplitude", "omega", "g", "sites", "blocks"),
    [
        (6.5, 2.0, 3.0, 0.3, SITES, BLOCKS),
        (6.2, 4.0, 3.0, 0.8, SITES, BLOCKS),
        (5.0, 2.0, 3.0, 1.0, 90, 8),  # two bound states, one 0.028 above the band
        (3.7, 1.0, 2.5, 0.4, SITES, BLOCKS),
    ],
)
def test_bound_states_against_long_array_sambe_diagonalisation(
    w0: float, amplitude: float, omega: float, g: float, sites: int, blocks: int
) -> None:
    array = CavityArray(n_sites=sites, cavity_frequency=5.0, hopping=0.5, coupling=g)
    states = floquet_bound_states(
        array, emitter_frequency=w0, drive_amplitude=amplitude, drive_frequency=omega
    )
    reference = sambe_gap_states(array, w0, amplitude, omega, blocks)
    assert len(states) == len(reference) >= 1
    for state, (eps, weight, mean) in zip(states, reference, strict=True):
        assert state.quasienergy == pytest.approx(eps, abs=TOL)
        assert state.emitter_weight == pytest.approx(weight, abs=TOL)
        assert state.mean_emitter_weight == pytest.approx(mean, abs=TOL)


def test_bound_state_against_the_one_period_propagator() -> None:
    array = CavityArray(n_sites=SITES, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    (state,) = floquet_bound_states(
        array, emitter_frequency=6.5, drive_amplitude=2.0, drive_frequency=3.0
    )
    spectrum = floquet_spectrum(
        array, emitter_frequency=6.5, drive_amplitude=2.0, drive_frequency=3.0
    )
    folded = (state.quasienergy - spectrum.bound_quasienergy + 1.5) % 3.0 - 1.5
    assert folded == pytest.approx(0.0, abs=1e-6)
    assert spectrum.bound_weight == pytest.approx(state.emitter_weight, abs=1e-6)


def test_undriven_bound_state_is_the_static_one() -> None:
    # the eigenvector of the long array's single-excitation Hamiltonian above the band
    array = CavityArray(n_sites=SITES, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    (state,) = floquet_bound_states(
        array, emitter_frequency=6.5, drive_amplitude=0.0, drive_frequency=3.0
    )
    energies, vectors = np.linalg.eigh(array.single_excitation_hamiltonian(6.5).real)
    assert state.quasienergy == pytest.approx(energies[-1], abs=1e-12)
    assert state.emitter_weight == pytest.approx(vectors[0, -1] ** 2, abs=1e-12)
    assert state.mean_emitter_weight == pytest.approx(state.emitter_weight, abs=1e-12)


def test_no_gap_no_bound_state_and_the_protection_example_has_none() -> None:
    array = CavityArray(n_sites=1, cavity_frequency=5.0, hopping=0.5, coupling=0.3)
    # Omega <= 4J: the folded band covers every quasi-energy
    assert (
        floquet_bound_states(array, emitter_frequency=6.5, drive_amplitude=1.0, drive_frequency=2.0)
        == ()
    )
    # at the first zero of J_0 (floquet_protection's example) the protected mode is quasi-bound
    assert (
        floquet_bound_states(
            array, emitter_frequency=5.0, drive_amplitude=7.214478, drive_frequency=3.0
        )
        == ()
    )


def test_too_few_harmonics_warn_and_bad_input_is_refused() -> None:
    array = CavityArray(n_sites=1, cavity_frequency=5.0, hopping=0.5, coupling=0.8)
    with pytest.warns(ConvergenceWarning, match="harmonics"):
        floquet_bound_states(
            array, emitter_frequency=6.2, drive_amplitude=9.0, drive_frequency=3.0, harmonics=1
        )
    with pytest.raises(QBatteryError, match="array"):
        floquet_bound_states(
            "array", emitter_frequency=6.5, drive_amplitude=0.0, drive_frequency=3.0
        )
    with pytest.raises(QBatteryError, match="drive_amplitude"):
        floquet_bound_states(
            array, emitter_frequency=6.5, drive_amplitude=-1.0, drive_frequency=3.0
        )
