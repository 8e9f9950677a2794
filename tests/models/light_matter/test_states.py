"""Charger states, N-atom battery states and full-space operators against closed forms and QuTiP.

References (none built from qbattery's state code):
- squeezed vacuum: QuTiP's ``squeeze(d, r) * basis(d, 0)`` in a large space; mean photon number
  ``sinh^2 r``; only even Fock states occupied;
- thermal state: ``p_n = n̄^n / (n̄ + 1)^(n + 1)`` and its exact tail
  ``P(n > c) = (n̄ / (n̄ + 1))^(c + 1)``; QuTiP's ``thermal_dm``;
- Dicke states ``<J_z> = k - N/2``; GHZ ``<J_z> = 0`` with both ends equally weighted; spin
  coherent states from the Kronecker product of N single-atom states (our order ``(|g>, |e>)``),
  ``<J_z> = -(N/2) cos theta``, ``<J_x> = (N/2) sin theta cos phi``;
- full-space collective spins from QuTiP sums of ``sigmax/sigmay/sigmaz`` with the basis reversed
  (QuTiP puts the excited state first); Dicke states by symmetrising product states (itertools).
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import qutip
import scipy.sparse as sp

from qbattery.models.ladders import collective_spin_full
from qbattery.models.light_matter.states import (
    CHARGER_TAIL,
    dicke_state,
    ghz_state,
    spin_coherent_state,
    squeezed_cutoff,
    squeezed_state,
    symmetric_embedding,
    thermal_cutoff,
    thermal_state,
)

#: Sums of a few products of O(1) numbers: round-off ~1e-14.
EXACT = 1e-12
#: Truncated distributions renormalised after cutting a 1e-12 tail; means of O(10) photons.
TAIL = 1e-9
#: The same truncated distributions weighted by photon numbers up to ~20: a mean photon number
#: within ten times TAIL (measured <= 1.5e-10).
TAIL_MEAN = 1e-8
#: QuTiP's squeeze() exponentiates on a truncated space 80 levels larger: its own truncation
#: error on the kept amplitudes, measured <= 4e-13 (was 1e-8).
QUTIP_SQUEEZE = 1e-11


def dense(operator: object) -> np.ndarray:
    return operator.toarray() if sp.issparse(operator) else np.asarray(operator)


def reversed_collective(n: int, single: qutip.Qobj) -> np.ndarray:
    """sum_i single^i / 2 on n qubits, in our basis (QuTiP's with every bit flipped)."""
    total = sum(
        qutip.tensor([single if i == site else qutip.qeye(2) for i in range(n)])
        for site in range(n)
    )
    return total.full()[::-1, ::-1] / 2


# --- charger states --------------------------------------------------------------------------


@pytest.mark.parametrize("mean", [0.5, 1.0, 2.5])
def test_squeezed_vacuum_matches_qutip(mean: float) -> None:
    r = math.asinh(math.sqrt(mean))
    cutoff = squeezed_cutoff(mean)
    ket = squeezed_state(mean, cutoff)
    big = cutoff + 80  # QuTiP's truncated exponential needs room above the cut-off
    reference = (qutip.squeeze(big, r) * qutip.basis(big, 0)).full().ravel()[: cutoff + 1]
    np.testing.assert_allclose(ket, reference, atol=QUTIP_SQUEEZE)
    photons = np.arange(cutoff + 1)
    assert np.sum(photons * np.abs(ket) ** 2) == pytest.approx(math.sinh(r) ** 2, abs=TAIL_MEAN)
    assert np.all(ket[1::2] == 0)  # only even photon numbers
    assert np.linalg.norm(ket) == pytest.approx(1.0, abs=EXACT)


def test_squeezed_cutoff_leaves_the_stated_tail() -> None:
    # P(2m) = tanh^(2m) r (2m)! / (4^m m!^2 cosh r), summed exactly with math.comb.
    mean = 2.0
    tanh_sq, cosh = mean / (mean + 1), math.sqrt(mean + 1)
    cutoff = squeezed_cutoff(mean)
    assert cutoff % 2 == 0

    def outside(c: int) -> float:
        inside = sum(tanh_sq**m * math.comb(2 * m, m) / 4**m / cosh for m in range(c // 2 + 1))
        return 1.0 - inside

    assert outside(cutoff) <= CHARGER_TAIL * 1.01
    assert outside(cutoff - 2) > CHARGER_TAIL


@pytest.mark.parametrize("mean", [0.3, 1.0, 4.0])
def test_thermal_state_is_a_gibbs_density_matrix(mean: float) -> None:
    cutoff = thermal_cutoff(mean)
    assert (mean / (mean + 1)) ** (cutoff + 1) <= CHARGER_TAIL  # exact tail
    assert (mean / (mean + 1)) ** cutoff > CHARGER_TAIL  # and the smallest such cut-off
    rho = thermal_state(mean, cutoff)
    populations = np.array([mean**n / (mean + 1) ** (n + 1) for n in range(cutoff + 1)])
    np.testing.assert_allclose(np.diag(rho).real, populations, atol=TAIL)
    np.testing.assert_allclose(rho, rho.conj().T, atol=EXACT)
    assert np.trace(rho).real == pytest.approx(1.0, abs=EXACT)
    assert np.min(np.linalg.eigvalsh(rho)) >= -EXACT
    assert np.trace(np.diag(np.arange(cutoff + 1)) @ rho).real == pytest.approx(mean, abs=TAIL)
    np.testing.assert_allclose(rho, qutip.thermal_dm(cutoff + 1, mean).full(), atol=TAIL)


def test_zero_mean_chargers_are_the_vacuum() -> None:
    assert thermal_cutoff(0.0) == 0 and squeezed_cutoff(0.0) == 0
    np.testing.assert_allclose(thermal_state(0.0, 2), np.diag([1.0, 0.0, 0.0]), atol=EXACT)
    np.testing.assert_allclose(squeezed_state(0.0, 2), [1.0, 0.0, 0.0], atol=EXACT)


# --- N-atom states -----------------------------------------------------------------------------


def jz_mean(ket: np.ndarray) -> float:
    n = ket.size - 1
    return float(np.sum(np.abs(ket) ** 2 * (np.arange(n + 1) - n / 2)))


@pytest.mark.parametrize("n", [1, 3, 6])
def test_dicke_and_ghz_states(n: int) -> None:
    for k in range(n + 1):
        ket = dicke_state(n, k)
        assert np.linalg.norm(ket) == pytest.approx(1.0, abs=EXACT)
        assert jz_mean(ket) == pytest.approx(k - n / 2, abs=EXACT)
    ghz = ghz_state(n)
    assert np.linalg.norm(ghz) == pytest.approx(1.0, abs=EXACT)
    assert jz_mean(ghz) == pytest.approx(0.0, abs=EXACT)
    # In the full space: (|g...g> + |e...e>) / sqrt(2), the first and last product states.
    full = np.asarray(symmetric_embedding(n) @ ghz).ravel()
    expected = np.zeros(2**n)
    expected[[0, -1]] = 1 / math.sqrt(2)
    np.testing.assert_allclose(full, expected, atol=EXACT)


@pytest.mark.parametrize("n", [1, 2, 5])
@pytest.mark.parametrize(("theta", "phi"), [(0.0, 0.0), (0.7, 0.3), (math.pi / 2, 1.1), (2.9, 0)])
def test_spin_coherent_state_is_a_product_state(n: int, theta: float, phi: float) -> None:
    single = np.array([math.cos(theta / 2), np.exp(1j * phi) * math.sin(theta / 2)])
    product = single
    for _ in range(n - 1):
        product = np.kron(product, single)
    ket = spin_coherent_state(n, theta, phi)
    np.testing.assert_allclose(
        np.asarray(symmetric_embedding(n) @ ket).ravel(), product, atol=EXACT
    )
    assert np.linalg.norm(ket) == pytest.approx(1.0, abs=EXACT)
    assert jz_mean(ket) == pytest.approx(-(n / 2) * math.cos(theta), abs=EXACT)
    jx = qutip.jmat(n / 2, "x").full()[::-1, ::-1]  # m = -j..j, our order
    assert np.real(ket.conj() @ jx @ ket) == pytest.approx(
        (n / 2) * math.sin(theta) * math.cos(phi), abs=EXACT
    )


def dicke_columns(n: int) -> np.ndarray:
    """Dicke states built by symmetrising product states (site 0 most significant, 1 = e)."""
    columns = np.zeros((2**n, n + 1))
    for bits in itertools.product([0, 1], repeat=n):
        k = sum(bits)
        columns[int("".join(map(str, bits)), 2), k] = 1 / math.sqrt(math.comb(n, k))
    return columns


@pytest.mark.parametrize("n", [1, 2, 4, 7])
def test_symmetric_embedding_is_an_isometry_onto_dicke_states(n: int) -> None:
    embedding = dense(symmetric_embedding(n))
    np.testing.assert_allclose(embedding, dicke_columns(n), atol=EXACT)
    np.testing.assert_allclose(embedding.conj().T @ embedding, np.eye(n + 1), atol=EXACT)


@pytest.mark.parametrize("n", [1, 3, 5])
def test_full_space_collective_spin_matches_qutip(n: int) -> None:
    # Reversing QuTiP's (|e>, |g>) order turns sigmaz into diag(-1, 1), sigmay into
    # -i (sigma_+ - sigma_-) and sigmap into our |e><g|: every Pauli keeps its name.
    pairs = [("x", qutip.sigmax()), ("y", qutip.sigmay()), ("z", qutip.sigmaz())]
    for component, single in pairs:
        np.testing.assert_allclose(
            dense(collective_spin_full(n, component)), reversed_collective(n, single), atol=EXACT
        )
    plus = dense(collective_spin_full(n, "+"))
    np.testing.assert_allclose(plus, reversed_collective(n, 2 * qutip.sigmap()), atol=EXACT)
    np.testing.assert_allclose(plus.conj().T, dense(collective_spin_full(n, "-")), atol=EXACT)
