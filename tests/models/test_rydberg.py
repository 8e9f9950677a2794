"""Rydberg-array battery against an independent QuTiP build, closed forms and the blockade.

References:
- ``H`` and ``H_B`` built with ``qutip.tensor`` of ``sigmax()`` and the projector
  ``basis(2, 1) basis(2, 1)^dag`` onto ``|r>`` (our level order: index 1 = Rydberg state),
  pair shifts ``V / d^6`` summed here over the pairs, and ``qutip.sesolve`` charging curves;
- without interactions each atom is an independent two-level Rabi problem from ``|g>``:
  ``P_r = Omega^2 / (Omega^2 + Delta^2) sin^2(sqrt(Omega^2 + Delta^2) t / 2)``, so
  ``W = N omega P_r``;
- two atoms in blockade (``V >> Omega``, resonant): ``|gg>`` couples with ``sqrt(2) Omega / 2`` to
  ``(|gr> + |rg>)/sqrt(2)``, which couples with the same strength to ``|rr>`` detuned by ``V``;
  second-order perturbation theory bounds the ``|rr>`` population by ~ ``(Omega / V)^2`` and gives
  ``W = omega sin^2(sqrt(2) Omega t / 2)`` up to O(Omega / V) (Saffman, Walker & Molmer, RMP 82,
  2313 (2010)).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import qutip
import scipy.sparse as sp

import qbattery as qb
from qbattery.errors import QBatteryError, QBatteryTypeError, QBatteryValueError
from qbattery.models.rydberg import blockade_radius, rydberg_array

#: Sums of a few O(1..100) numbers: round-off.
EXACT = 1e-12
#: Spectral and Chebyshev propagation (tolerance 1e-12) against closed forms.
DYNAMICS = 1e-9
#: qutip.sesolve (rtol 1e-10, atol 1e-12) over a few Rabi periods.
ODE = 1e-8
#: Blockade: the |rr> population's peak is Omega^2 / (2 V^2) up to a relative O(Omega / V)
#: correction, measured 1.4 Omega / V at V = 25 and 50 (was: a ratio of peaks within 10%).
BLOCKADE_ORDER = 2.0
#: The collective curve omega sin^2(sqrt(2) Omega t / 2) holds up to O(Omega / V): measured
#: 0.54 Omega / V (V = 25), 0.52 (V = 50), 0.51 (V = 100); was 3 Omega / V.
BLOCKADE_ENERGY = 1.0
#: qutip.sesolve settings of the references (ODE allows for them).
QUTIP_OPTIONS = {"atol": 1e-12, "rtol": 1e-10, "nsteps": 1_000_000}


def site(operator: qutip.Qobj, index: int, n: int) -> qutip.Qobj:
    return qutip.tensor(*[operator if k == index else qutip.qeye(2) for k in range(n)])


def reference(
    n: int,
    rabi: float,
    shift: float,
    delta: float,
    omega: float,
    periodic: bool = False,
    reach: int | None = None,
) -> tuple[qutip.Qobj, qutip.Qobj]:
    rydberg = qutip.basis(2, 1) * qutip.basis(2, 1).dag()
    occupations = [site(rydberg, i, n) for i in range(n)]
    pairs = 0 * occupations[0]
    for i in range(n):
        for j in range(i + 1, n):
            d = min(j - i, n - (j - i)) if periodic else j - i
            if reach is None or d <= reach:
                pairs += shift / d**6 * occupations[i] * occupations[j]
    drive = sum(rabi / 2 * site(qutip.sigmax(), i, n) for i in range(n))
    hamiltonian = drive - delta * sum(occupations) + pairs
    return hamiltonian, omega * sum(occupations) + pairs


@pytest.mark.parametrize(
    ("n", "periodic", "reach"), [(3, False, None), (4, True, None), (5, False, 2), (1, False, None)]
)
def test_hamiltonian_matches_qutip(n: int, periodic: bool, reach: int | None) -> None:
    rabi, shift, delta, omega = 0.7, 13.0, 0.4, 1.3
    battery = rydberg_array(
        n,
        rabi,
        shift,
        delta,
        omega,
        boundary="periodic" if periodic else "open",
        interaction_range=reach,
    )
    hamiltonian, battery_hamiltonian = reference(n, rabi, shift, delta, omega, periodic, reach)
    assert sp.issparse(battery.hamiltonian.static)
    np.testing.assert_allclose(battery.hamiltonian.static.toarray(), hamiltonian.full(), atol=EXACT)
    np.testing.assert_allclose(
        battery.battery_hamiltonian.toarray(), battery_hamiltonian.full(), atol=EXACT
    )
    assert battery.initial_state[0] == 1 and battery.dims == (2,) * n


def test_charging_matches_sesolve() -> None:
    n, rabi, shift, delta, omega = 4, 1.1, 3.0, -0.5, 2.0
    battery = rydberg_array(n, rabi, shift, delta, omega)
    hamiltonian, battery_hamiltonian = reference(n, rabi, shift, delta, omega)
    times = np.linspace(0.0, 6.0, 31)
    psi0 = qutip.tensor(*[qutip.basis(2, 0)] * n)
    expected = qutip.sesolve(
        hamiltonian, psi0, times, e_ops=[battery_hamiltonian], options=QUTIP_OPTIONS
    )
    np.testing.assert_allclose(qb.charge(battery, times).energy, expected.expect[0], atol=ODE)


@pytest.mark.parametrize("delta", [0.0, 0.6])
def test_independent_atoms_rabi_flop(delta: float) -> None:
    n, rabi, omega = 3, 0.9, 1.5
    times = np.linspace(0.0, 10.0, 41)
    result = qb.charge(rydberg_array(n, rabi, 0.0, delta, omega), times)
    generalized = math.hypot(rabi, delta)
    flop = (rabi / generalized) ** 2 * np.sin(generalized * times / 2) ** 2
    np.testing.assert_allclose(result.energy, n * omega * flop, atol=DYNAMICS)


def test_blockade_suppresses_double_excitation() -> None:
    rabi, omega = 1.0, 1.0
    times = np.linspace(0.0, 10.0, 401)
    doubles = {}
    for shift in (25.0, 50.0):
        result = qb.charge(rydberg_array(2, rabi, shift, 0.0, omega), times, battery_states=True)
        doubles[shift] = float(np.max(np.real(result.battery_states[:, 3, 3])))
        # second order: |rr> gets amplitude (Omega / sqrt(2)) / V from the bright state
        assert doubles[shift] == pytest.approx(
            rabi**2 / (2 * shift**2), rel=BLOCKADE_ORDER * rabi / shift
        )
        collective = omega * np.sin(math.sqrt(2) * rabi * times / 2) ** 2
        np.testing.assert_allclose(result.energy, collective, atol=BLOCKADE_ENERGY * rabi / shift)
    free = qb.charge(rydberg_array(2, rabi, 0.0, 0.0, omega), times, battery_states=True)
    independent = np.max(np.sin(rabi * times / 2) ** 4)  # both atoms flip: p_rr = p_r^2
    assert np.max(np.real(free.battery_states[:, 3, 3])) == pytest.approx(independent, abs=DYNAMICS)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_blockade_enhances_the_rabi_frequency_by_sqrt_n(n: int) -> None:
    """Full blockade: N atoms within one blockade radius share one Rydberg excitation and flop
    between |g...g> and the symmetric W state at the collective Rabi frequency sqrt(N) Omega
    (Saffman, Walker & Molmer, RMP 82, 2313 (2010); the factor sqrt(2) for two atoms observed by
    Gaetan et al., Nat. Phys. 5, 115 (2009), as cited by Ma, Zhang & Qian, arXiv:1811.08037,
    abstract). So W = omega sin^2(sqrt(N) Omega t / 2) up to (N - 1) O(Omega / V_min), V_min
    the weakest pair shift: rings of N <= 4 with V_min = 50 Omega (V = 50 * 2^6 when next
    neighbours at distance 2 must be blocked too).
    """
    rabi, omega, weakest = 1.0, 1.0, 50.0
    shift = weakest * (2.0**6 if n == 4 else 1.0)
    times = np.linspace(0.0, 10.0, 201)
    boundary = "periodic" if n > 2 else "open"
    result = qb.charge(rydberg_array(n, rabi, shift, 0.0, omega, boundary=boundary), times)
    collective = omega * np.sin(math.sqrt(n) * rabi * times / 2) ** 2
    # the O(Omega / V) correction grows with the blocked pairs: measured 0.52, 1.05, 0.54
    # Omega / V_min for N = 2, 3, 4
    error = BLOCKADE_ENERGY * (n - 1) * rabi / weakest
    np.testing.assert_allclose(result.energy, collective, atol=error)


def test_blockade_radius() -> None:
    assert blockade_radius(2.0, 2.0 * 3.0**6) == pytest.approx(3.0, abs=EXACT)
    assert blockade_radius(1.0, -64.0) == pytest.approx(2.0, abs=EXACT)


def test_parameters_recorded() -> None:
    battery = rydberg_array(3, 1.0, 20.0, boundary="periodic", interaction_range=1)
    assert battery.name == "rydberg_array"
    assert battery.parameters == {
        "n_atoms": 3,
        "rabi_frequency": 1.0,
        "interaction": 20.0,
        "detuning": 0.0,
        "omega": 1.0,
        "boundary": "periodic",
        "interaction_range": 1,
    }


BAD_INPUT = [
    (lambda: rydberg_array(0, 1.0, 10.0), QBatteryValueError, "n_atoms"),
    (lambda: rydberg_array(23, 1.0, 10.0), QBatteryValueError, "n_atoms"),
    (lambda: rydberg_array(2.5, 1.0, 10.0), QBatteryTypeError, "n_atoms"),
    (lambda: rydberg_array(2, 0.0, 10.0), QBatteryValueError, "rabi_frequency"),
    (lambda: rydberg_array(2, 1.0, float("nan")), QBatteryValueError, "interaction"),
    (lambda: rydberg_array(2, 1.0, 10.0, "0"), QBatteryTypeError, "detuning"),
    (lambda: rydberg_array(2, 1.0, 10.0, omega=-1.0), QBatteryValueError, "omega"),
    (lambda: rydberg_array(2, 1.0, 10.0, boundary="ring"), QBatteryValueError, "boundary"),
    (lambda: rydberg_array(3, 1.0, 10.0, interaction_range=0), QBatteryValueError, "range"),
    (lambda: blockade_radius(0.0, 10.0), QBatteryValueError, "rabi_frequency"),
]


@pytest.mark.parametrize(("call", "error", "argument"), BAD_INPUT)
def test_bad_input_names_the_argument(call: object, error: type, argument: str) -> None:
    with pytest.raises(error, match=argument) as info:
        call()
    assert isinstance(info.value, QBatteryError)
