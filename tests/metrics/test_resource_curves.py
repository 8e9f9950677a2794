"""Resource curves: one diagonalisation of H_B, the ergotropy reused, the same numbers.

References, independent of the code under test: the public resource functions called one by
one without a shared eigenbasis (each diagonalises H_B itself), and the coherent ergotropy as
``ergotropy - incoherent ergotropy`` (Francica et al., PRL 125, 180603 (2020)).
"""

from __future__ import annotations

import numpy as np
import pytest

import qbattery as qb
from qbattery.errors import DimensionError, QBatteryValueError
from qbattery.linalg import LevelSpectrum, dephase
from qbattery.metrics.passivity import coherent_ergotropy, energetics, incoherent_ergotropy
from qbattery.metrics.resource_curves import resource_curves
from qbattery.metrics.resources import (
    l1_coherence,
    purity,
    relative_entropy_coherence,
    von_neumann_entropy,
)
from tests.conftest import random_density_matrices

#: A shared eigenbasis changes only the order of floating-point operations.
ROUND_OFF = 1e-12

#: A battery Hamiltonian with a degenerate level, so that dephasing keeps a block.
H_B = np.diag([0.0, 1.0, 1.0, 2.5])


def separately(states: np.ndarray, spectrum: LevelSpectrum | None) -> dict[str, np.ndarray]:
    return {
        "battery_entropy": von_neumann_entropy(states),
        "battery_purity": purity(states),
        "l1_coherence": l1_coherence(states, H_B),
        "relative_entropy_coherence": relative_entropy_coherence(states, H_B),
        "incoherent_ergotropy": incoherent_ergotropy(states, H_B, spectrum=spectrum),
        "coherent_ergotropy": coherent_ergotropy(states, H_B, spectrum=spectrum),
    }


@pytest.mark.parametrize(
    "spectrum", [None, LevelSpectrum(np.array([0.0, 1.0, 2.5, 4.0]), np.array([1, 3, 1, 2]))]
)
def test_curves_equal_the_functions_one_by_one(
    rng: np.random.Generator, spectrum: LevelSpectrum | None
) -> None:
    states = random_density_matrices(rng, (7,), 4)
    expected = separately(states, spectrum)
    computed = resource_curves(states, H_B, spectrum)
    given = resource_curves(
        states, H_B, spectrum, ergotropy=qb.ergotropy(states, H_B, spectrum=spectrum)
    )
    assert computed.keys() == given.keys() == expected.keys()
    for name, values in expected.items():
        np.testing.assert_allclose(computed[name], values, rtol=0, atol=ROUND_OFF)
        np.testing.assert_allclose(given[name], values, rtol=0, atol=ROUND_OFF)


def test_battery_hamiltonian_is_diagonalised_once(
    rng: np.random.Generator, monkeypatch: pytest.MonkeyPatch
) -> None:
    states = random_density_matrices(rng, (5,), 4)
    calls = {"eigh": 0, "eigvalsh": 0}
    for name in calls:
        original = getattr(np.linalg, name)

        def counting(matrix: np.ndarray, *args: object, _f=original, _n=name, **kw: object):
            if np.ndim(matrix) == 2:  # a single operator: H_B (the states come as a stack)
                calls[_n] += 1
            return _f(matrix, *args, **kw)

        monkeypatch.setattr(np.linalg, name, counting)
    resource_curves(states, H_B, ergotropy=np.zeros(5))
    assert calls == {"eigh": 1, "eigvalsh": 0}


def test_charge_reuses_the_ergotropy_of_its_observables(rng: np.random.Generator) -> None:
    h_b = H_B[:2, :2]
    hamiltonian = np.kron(h_b, np.eye(2)) + 0.3 * np.ones((4, 4))
    rho = random_density_matrices(rng, (), 4)
    battery = qb.Battery(hamiltonian, h_b, rho, dims=[2, 2], battery=[0])
    result = qb.charge(battery, np.linspace(0, 2, 9), resources=True, battery_states=True)
    assert result.resources is not None and result.battery_states is not None
    np.testing.assert_allclose(
        result.resources["coherent_ergotropy"] + result.resources["incoherent_ergotropy"],
        result.ergotropy,
        rtol=0,
        atol=ROUND_OFF,
    )
    np.testing.assert_allclose(
        result.resources["coherent_ergotropy"],
        coherent_ergotropy(result.battery_states, h_b),
        rtol=0,
        atol=ROUND_OFF,
    )


def test_a_given_eigenbasis_gives_the_same_numbers(rng: np.random.Generator) -> None:
    states = random_density_matrices(rng, (3,), 4)
    basis = np.linalg.eigh(H_B.astype(complex))
    pairs = [
        (l1_coherence(states, H_B, eigenbasis=basis), l1_coherence(states, H_B)),
        (
            relative_entropy_coherence(states, H_B, eigenbasis=basis),
            relative_entropy_coherence(states, H_B),
        ),
        (
            incoherent_ergotropy(states, H_B, eigenbasis=basis),
            incoherent_ergotropy(states, H_B),
        ),
        (energetics(states, H_B, eigenbasis=basis).ergotropy, qb.ergotropy(states, H_B)),
        (dephase(states, H_B, eigenbasis=basis), dephase(states, H_B)),
    ]
    for shared, alone in pairs:
        np.testing.assert_allclose(shared, alone, rtol=0, atol=ROUND_OFF)


def test_bad_eigenbasis() -> None:
    rho = np.eye(4) / 4
    with pytest.raises(DimensionError, match=r"eigenbasis: expected \(energies \(d,\)"):
        l1_coherence(rho, H_B, eigenbasis=np.linalg.eigh(H_B[:2, :2]))
    with pytest.raises(QBatteryValueError, match="eigenbasis: given without h"):
        relative_entropy_coherence(rho, eigenbasis=np.linalg.eigh(H_B))
