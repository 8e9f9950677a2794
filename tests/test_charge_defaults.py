"""What the default call finds by itself: the parity sector and a verified photon cut-off.

References are independent runs: the same battery charged on its full space with an explicit
method (no reduction) and at a cut-off far above what the dynamics reaches.
"""

from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest

import qbattery as qb
from qbattery.errors import ConvergenceWarning
from qbattery.models.light_matter.cutoffs import estimated_cutoff

dicke_module = importlib.import_module("qbattery.models.light_matter.dicke")


def test_dicke_default_is_charged_in_its_parity_sector_with_the_same_curves() -> None:
    battery = qb.models.dicke(n_atoms=6, coupling=0.1)
    times = np.linspace(0.0, 20.0, 201)
    default = qb.charge(battery, times)
    full = qb.charge(battery, times, method="chebyshev")  # an explicit method: no reduction
    assert default.parameters["symmetry"] == "excitation parity"
    assert "symmetry" not in full.parameters
    for name in ("energy", "power", "ergotropy"):
        np.testing.assert_allclose(getattr(default, name), getattr(full, name), atol=1e-10)


def test_a_state_of_mixed_parity_is_charged_on_the_full_space() -> None:
    battery = qb.models.dicke(n_atoms=3, coupling=0.1, charger="coherent", photons=1.0)
    result = qb.charge(battery, np.linspace(0.0, 5.0, 21))
    assert "symmetry" not in result.parameters


def test_full_states_keep_the_users_space() -> None:
    battery = qb.models.dicke(n_atoms=2, coupling=0.1)
    result = qb.charge(battery, np.linspace(0.0, 1.0, 5), full_states=True)
    assert result.states is not None and result.states.shape == (5, battery.dimension)


def test_a_default_cutoff_too_small_is_enlarged_until_its_edge_stays_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # lambda = 0.5 with N = 4: the photon distribution reaches ~60 quanta above 1e-10 on this
    # grid; the model's first guess covers it, so a guess of 12 quanta is forced here to
    # exercise the enlargement
    monkeypatch.setattr(dicke_module, "estimated_cutoff", lambda highest, shift: highest + 8)
    battery = qb.models.dicke(n_atoms=4, coupling=0.5)
    first = battery.parameters["cutoff"]
    assert first == 12
    times = np.linspace(0.01, 16.0, 400)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        result = qb.charge(battery, times)
    assert result.parameters["cutoff"] > first
    assert result.battery is not None and result.battery.parameters["cutoff"] > first
    reference = qb.charge(qb.models.dicke(n_atoms=4, coupling=0.5, cutoff=160), times)
    np.testing.assert_allclose(result.energy, reference.energy, atol=1e-8)
    np.testing.assert_allclose(result.ergotropy, reference.ergotropy, atol=1e-8)
    assert result.max_average_power == pytest.approx(reference.max_average_power, rel=1e-9)


def test_the_first_guess_covers_the_measured_photon_tails() -> None:
    # the smallest cut-offs whose top two Fock levels stay below 1e-10 on 0 < t <= 50,
    # measured with a cut-off far above them (estimated_cutoff's docstring)
    for n, coupling, needed in [(4, 0.5, 59), (8, 0.2, 52), (16, 0.1, 55), (32, 0.05, 66)]:
        assert estimated_cutoff(n, coupling * n) >= needed
    battery = qb.models.dicke(n_atoms=4, coupling=0.5)
    times = np.linspace(0.01, 50.0, 500)
    result = qb.charge(battery, times, ergotropy=False)
    assert result.parameters["cutoff"] == battery.parameters["cutoff"]


def test_a_cutoff_the_user_chose_is_kept_and_warned_about() -> None:
    battery = qb.models.dicke(n_atoms=4, coupling=0.5, cutoff=20)
    with pytest.warns(ConvergenceWarning, match="cutoff = 20 is too small"):
        result = qb.charge(battery, np.linspace(0.01, 16.0, 100))
    assert result.parameters["cutoff"] == 20


@pytest.mark.parametrize(("n", "coupling"), [(8, 0.05), (16, 0.05), (8, 0.2)])
def test_the_first_guess_is_enough_in_the_weak_coupling_regime(n: int, coupling: float) -> None:
    battery = qb.models.dicke(n_atoms=n, coupling=coupling)
    result = qb.charge(battery, np.linspace(0.01, 16.66, 200), ergotropy=False)
    assert result.parameters["cutoff"] == battery.parameters["cutoff"]
    reference = qb.charge(
        qb.models.dicke(n_atoms=n, coupling=coupling, cutoff=2 * battery.parameters["cutoff"]),
        result.times,
        ergotropy=False,
    )
    np.testing.assert_allclose(result.energy, reference.energy, atol=1e-9)
