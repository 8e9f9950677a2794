"""Collective advantage and power-law fits, against closed forms."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import qbattery as qb
from qbattery.errors import QBatteryError
from qbattery.studies.advantage import collective_advantage, fit_power_law

SX = np.array([[0.0, 1.0], [1.0, 0.0]])
N_EXC = np.diag([0.0, 1.0])
#: Identical or independent cells: the power ratio is 1 up to the spectral method's round-off
#: (observed: 2e-16, and 0 for N = 1).
EXACT = 1e-10
#: Least squares on exact power-law data in log space: round-off (observed: 1e-15).
ROUND_OFF = 1e-12
#: Log-normal noise put on synthetic data (1 %).
NOISE = 0.01
#: A fitted exponent lies within a few standard errors of the truth; with the seed fixed it is
#: 1.5e-3 off for a standard error of 4.6e-3, so 3 of them is ample.
FIT_SIGMAS = 3


def test_independent_cells_have_no_advantage() -> None:
    # Two uncoupled driven qubits charged "collectively" are just two parallel cells: Gamma = 1.
    h_cell = N_EXC + 0.6 * SX
    eye = np.eye(2)
    pair = qb.Battery(
        np.kron(h_cell, eye) + np.kron(eye, h_cell),
        np.kron(N_EXC, eye) + np.kron(eye, N_EXC),
        np.kron([1.0, 0.0], [1.0, 0.0]),
    )
    cell = qb.Battery(h_cell, N_EXC, np.array([1.0, 0.0]))
    advantage = collective_advantage(pair, cell, 2, np.linspace(0, 4, 201))
    assert advantage.ratio == pytest.approx(1.0, abs=EXACT)


def test_power_law_fit_recovers_exponent() -> None:
    n = np.array([2.0, 4, 8, 16, 32])
    rng = np.random.default_rng(1)
    noisy = 0.7 * n**1.5 * np.exp(rng.normal(scale=NOISE, size=n.size))
    fit = fit_power_law(n, noisy)
    assert fit.exponent == pytest.approx(1.5, abs=FIT_SIGMAS * fit.exponent_error)
    # the standard error of a least-squares slope, NOISE / sqrt(sum (ln n - mean)^2) = 4.6e-3,
    # is what the fit reports, within the scatter of an estimate from 5 points
    standard_error = NOISE / np.sqrt(np.sum((np.log(n) - np.log(n).mean()) ** 2))
    assert 0 < fit.exponent_error < 10 * standard_error
    exact = fit_power_law(n, 3 * n**0.5)
    assert exact.exponent == pytest.approx(0.5, abs=ROUND_OFF)
    assert exact.prefactor == pytest.approx(3.0, rel=ROUND_OFF)


def test_bad_input() -> None:
    with pytest.raises(QBatteryError, match="n_cells"):
        collective_advantage(None, None, 0, [0, 1])  # type: ignore[arg-type]
    with pytest.raises(QBatteryError, match="positive"):
        fit_power_law([1, 2, 3], [1, -1, 2])


def test_fit_range_selects_sizes_and_is_reported() -> None:
    # y = N^2 for N <= 4 and y = 16 (N/4)^0.5 beyond: each side is an exact power law.
    n = np.arange(1, 13)
    y = np.where(n <= 4, n**2.0, 16.0 * (n / 4.0) ** 0.5)
    late = fit_power_law(n, y, fit_range=(4, None))
    assert late.exponent == pytest.approx(0.5, abs=ROUND_OFF)
    assert late.fit_range == (4.0, 12.0)
    assert late.points == 9
    early = fit_power_law(n, y, fit_range=(None, 4))
    assert early.exponent == pytest.approx(2.0, abs=ROUND_OFF)
    with pytest.raises(QBatteryError, match="fit_range"):
        fit_power_law(n, y, fit_range=(12, None))


def test_small_sizes_dominating_the_fit_warn() -> None:
    # sqrt(N) (1 - 0.45/N): the finite-size factor bends the small-N end; the exponent tends to
    # 1/2 only at large N. On N = 1..10 the fit is far off and says so.
    n = np.arange(1, 11)
    y = np.sqrt(n) * (1 - 0.45 / n)
    with pytest.warns(qb.errors.ConvergenceWarning, match=r"fit_range=\(6, None\)"):
        full = fit_power_law(n, y)
    assert full.exponent > 0.6
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        late = fit_power_law(n, y, fit_range=(6, None))
    assert abs(late.exponent - 0.5) < abs(full.exponent - 0.5)


@pytest.mark.parametrize(
    ("cell", "n_cells", "fragment"),
    [
        (lambda: qb.models.rabi(0.05), 5, "n_atoms = 4"),  # dicke(4) with n_cells = 5
        (lambda: qb.models.rabi(0.2), 4, "coupling = 0.2"),  # cell coupling 0.2 vs 0.05
        (lambda: qb.models.rabi(0.05, omega_a=1.3), 4, r"omega_a = 1\.3"),
    ],
)
def test_mismatched_cell_or_size_is_refused(cell: object, n_cells: int, fragment: str) -> None:
    collective = qb.models.dicke(4, 0.05)
    with pytest.raises(QBatteryError, match=fragment):
        collective_advantage(collective, cell(), n_cells, [0.0, 1.0])  # type: ignore[operator]


def test_inverse_sqrt_cell_matches_the_per_cell_coupling() -> None:
    collective = qb.models.dicke(4, 0.1, coupling_scaling="inverse_sqrt")
    times = np.linspace(0.0, 60.0, 601)
    with pytest.raises(QBatteryError, match=r"per cell 0\.05"):
        collective_advantage(collective, qb.models.rabi(0.1), 4, times)
    result = collective_advantage(collective, qb.models.rabi(0.05), 4, times)
    assert result.n_cells == 4


def test_scaling_study_reports_itself() -> None:
    study = qb.scaling_study(
        lambda n: qb.models.dicke(n, 0.1),
        lambda n: qb.models.rabi(0.1),
        [1, 2, 3],
        np.linspace(0.0, 40.0, 801),
    )
    assert study.sizes.dtype.kind == "i"
    summary = study.summary()
    assert summary["sizes"] == [1, 2, 3]
    assert summary["collective_advantage"][0] == pytest.approx(1.0, abs=EXACT)  # N = 1: a cell
    data = study.to_xarray()
    assert data["n_cells"].values.tolist() == [1, 2, 3]
    assert data["collective_advantage"].attrs["units"] == "1"
    assert len(repr(study)) < 120
    assert "N = 1, 2, 3" in repr(study)
    assert len(repr(study.results[0])) < 120
