"""The mirror reflection of a chain: its permutation against QuTiP's subsystem permutation, its
even/odd blocks against the explicit change of basis, spectra against NumPy on the whole
matrix, and the ergotropy of open chains computed through it against the full diagonalisation."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest
import qutip

import qbattery as qb
from qbattery.bases.reflection import Reflection
from qbattery.dynamics import ergotropy_stream
from qbattery.errors import DimensionError
from qbattery.metrics import energetics


def qutip_permutation(dims: list[int]) -> np.ndarray:
    """R |s> = |reversed s>, from qutip's Qobj.permute on each basis ket."""
    d = int(np.prod(dims))
    image = []
    for state in range(d):
        ket = qutip.Qobj(np.eye(d)[:, [state]], dims=[dims, [1] * len(dims)])
        image.append(int(np.argmax(np.abs(ket.permute(list(range(len(dims)))[::-1]).full()))))
    return np.array(image)


def explicit_basis(reflection: Reflection) -> tuple[np.ndarray, np.ndarray]:
    """Rows: the even and the odd vectors (|s> +- |Rs>)/sqrt 2 written out."""
    d = reflection.permutation.size
    even, odd = [], []
    for s in range(d):
        r = reflection.permutation[s]
        if s < r:
            plus, minus = np.zeros(d), np.zeros(d)
            plus[[s, r]], minus[[s, r]] = 1.0, (1.0, -1.0)
            even.append(plus / np.sqrt(2.0))
            odd.append(minus / np.sqrt(2.0))
        elif s == r:
            even.append(np.eye(d)[s])
    return np.array(even), np.array(odd)


def random_state(rng: np.random.Generator, d: int) -> np.ndarray:
    a = rng.normal(size=(d, d)) + 1j * rng.normal(size=(d, d))
    rho = a @ a.conj().T
    return rho / np.trace(rho)


@pytest.mark.parametrize("dims", [[2, 2], [2, 2, 2], [3, 3, 3], [2] * 5, [4, 4]])
def test_permutation_is_qutips_reversal_of_the_subsystems(dims: list[int]) -> None:
    np.testing.assert_array_equal(Reflection.of_sites(dims).permutation, qutip_permutation(dims))


@pytest.mark.parametrize("dims", [[2, 2, 2], [3, 3], [2] * 4])
def test_blocks_and_asymmetry_against_the_explicit_change_of_basis(dims: list[int]) -> None:
    rng = np.random.default_rng(7)
    reflection = Reflection.of_sites(dims)
    even_basis, odd_basis = explicit_basis(reflection)
    states = np.array([random_state(rng, reflection.permutation.size) for _ in range(3)])
    p = reflection.permutation
    symmetrised = (states + states[:, p[:, None], p[None, :]]) / 2.0
    even, odd, asymmetry = reflection.split(states)
    np.testing.assert_allclose(even, even_basis @ symmetrised @ even_basis.T, atol=1e-14)
    np.testing.assert_allclose(odd, odd_basis @ symmetrised @ odd_basis.T, atol=1e-14)
    direct = np.linalg.norm(states - states[:, p[:, None], p[None, :]], axis=(-2, -1))
    np.testing.assert_allclose(asymmetry, direct, rtol=1e-12)
    assert reflection.block_dimensions == (len(even_basis), len(odd_basis))


@pytest.mark.parametrize("dims", [[2] * 6, [3] * 4])
def test_spectra_of_symmetric_states_equal_numpys_on_the_whole_matrix(dims: list[int]) -> None:
    rng = np.random.default_rng(11)
    reflection = Reflection.of_sites(dims)
    p = reflection.permutation
    states = np.array([random_state(rng, p.size) for _ in range(4)])
    symmetric = (states + states[:, p[:, None], p[None, :]]) / 2.0
    np.testing.assert_allclose(
        reflection.spectra(symmetric), np.linalg.eigvalsh(symmetric), atol=1e-14
    )
    assert np.max(reflection.asymmetry(symmetric)) < 1e-15


def test_weyl_bound_holds_for_nearly_symmetric_states() -> None:
    rng = np.random.default_rng(3)
    reflection = Reflection.of_sites([2] * 4)
    p = reflection.permutation
    for _ in range(50):
        rho = random_state(rng, 16)
        rho = (rho + rho[p[:, None], p[None, :]]) / 2.0 + 1e-6 * random_state(rng, 16)
        error = np.max(np.abs(reflection.spectra(rho) - np.linalg.eigvalsh(rho)))
        assert error <= reflection.asymmetry(rho) / 2.0 + 1e-15


@pytest.mark.parametrize("dims", [[2], [2, 3], [1, 1]])
def test_no_chain_of_identical_sites_is_one_line(dims: list[int]) -> None:
    with pytest.raises(DimensionError, match=r"^dims: ") as error:
        Reflection.of_sites(dims)
    assert "\n" not in str(error.value)


def open_chain(battery_state: object = None) -> qb.Battery:
    chain = qb.models.xxz_chain(6, J=0.2, delta=0.5)
    if battery_state is not None:
        chain = chain.replace(initial_state=battery_state)
    return qb.local_noise(chain, emission=0.05, temperature=0.5)


def kept_state_ergotropy(result: qb.ChargingResult, battery: qb.Battery) -> np.ndarray:
    """Ergotropy of the kept battery states by the validated, whole-matrix path."""
    hb = qb.operators.to_dense(battery.battery_hamiltonian)
    return np.asarray(energetics(result.battery_states, hb).ergotropy)


def test_open_chain_ergotropy_through_the_mirror_blocks_equals_the_full_diagonalisation() -> None:
    battery, times = open_chain(), np.linspace(0.0, 4.0, 21)
    with mock.patch.object(
        ergotropy_stream, "spectra_of_blocks", wraps=ergotropy_stream.spectra_of_blocks
    ) as by_blocks:
        result = qb.charge(battery, times, battery_states=True)
        unkept = qb.charge(battery, times)  # ergotropy window by window, states not kept
    pooled = [call.kwargs["pooled"] for call in by_blocks.call_args_list]
    assert True in pooled and False in pooled  # the mirror path was taken by both
    reference = kept_state_ergotropy(result, battery)
    np.testing.assert_allclose(result.ergotropy, reference, rtol=0, atol=1e-12)
    np.testing.assert_allclose(unkept.ergotropy, reference, rtol=0, atol=1e-12)
    assert np.max(result.ergotropy) > 0.1


def test_an_asymmetric_start_falls_back_to_the_whole_matrix() -> None:
    ket = np.zeros(2**6)
    ket[1] = 1.0  # |000001>: one end flipped, no mirror symmetry
    battery = open_chain(ket)
    times = np.linspace(0.0, 4.0, 21)
    with mock.patch.object(
        ergotropy_stream, "spectra_of_blocks", wraps=ergotropy_stream.spectra_of_blocks
    ) as by_blocks:
        result = qb.charge(battery, times, battery_states=True)
    assert by_blocks.call_count == 0
    np.testing.assert_allclose(
        result.ergotropy, kept_state_ergotropy(result, battery), rtol=0, atol=1e-12
    )
