"""Memory is estimated before it is spent: a solve that cannot fit is refused by name.

Each refused case below would need hundreds of GiB (far beyond any test machine); the refusal
must come before any large allocation, so each test also runs in well under a second.
"""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
import scipy.sparse as sp

import qbattery as qb
import qbattery.memory
import qbattery.models.light_matter.cutoffs
from qbattery.errors import InsufficientMemoryError, LargeResultWarning
from qbattery.memory import available_memory, format_bytes, require_memory


def diagonal_battery(d: int, **kwargs: object) -> qb.Battery:
    """A cheap sparse battery of dimension d: H = H_B = diag(0..d-1), start in level 1."""
    h = sp.diags_array(np.arange(d, dtype=float), format="csr")
    psi = np.zeros(d)
    psi[1] = 1.0
    return qb.Battery(h, h, psi, **kwargs)  # type: ignore[arg-type]


def test_require_memory_names_the_argument_and_the_fix() -> None:
    with pytest.raises(InsufficientMemoryError, match=r"^times: a thing needs about .* pass") as e:
        require_memory(8.0 * available_memory() + 2**40, "times", "a thing", "pass fewer times")
    assert isinstance(e.value, MemoryError) and isinstance(e.value, qb.errors.QBatteryError)
    require_memory(1024, "times", "a small thing", "never shown")  # fits: no error


def test_a_dense_eigendecomposition_that_cannot_fit_is_refused() -> None:
    battery = diagonal_battery(200_000)  # 64 bytes x d^2 = 2.3 TiB
    with pytest.raises(InsufficientMemoryError, match="battery: the dense eigendecomposition") as e:
        qb.charge(battery, [0.0, 1.0], method="spectral")
    assert "method='chebyshev'" in str(e.value) and "largest dimension" in str(e.value)


def test_ode_states_that_cannot_fit_are_refused() -> None:
    d = 20_000
    lower = sp.diags_array(np.ones(d - 1), offsets=1, format="csr")
    battery = diagonal_battery(d, collapse_ops=[0.1 * lower])  # open: density matrices
    with pytest.raises(InsufficientMemoryError, match="times: the states at 500 times") as e:
        qb.charge(battery, np.linspace(0.0, 1.0, 500), method="ode")
    assert "at most about" in str(e.value)


def test_a_redfield_tensor_that_cannot_fit_is_refused() -> None:
    d = 1_000  # 32 d^4 bytes = 29 TiB
    coupling = sp.diags_array(np.linspace(-1.0, 1.0, d), format="csr")
    bath = qb.RedfieldEnvironment(coupling, lambda w: 0.01 * w, temperature=0.1)
    battery = diagonal_battery(d, environment=bath)
    with pytest.raises(InsufficientMemoryError, match="battery: the dense Bloch-Redfield tensor"):
        qb.charge(battery, [0.0, 1.0])


def test_kept_states_that_cannot_fit_are_refused_and_large_ones_announced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    battery = diagonal_battery(60_000)
    many = np.linspace(0.0, 1.0, 40_000)  # 16 x 60,000 x 40,000 = 36 GiB of kets
    if 16.0 * 60_000 * 40_000 <= available_memory():  # pragma: no cover - a huge machine
        pytest.skip("this machine could hold the states")
    with pytest.raises(InsufficientMemoryError, match="full_states: the full states"):
        qb.charge(battery, many, method="chebyshev", full_states=True)
    monkeypatch.setattr(qbattery.memory, "LARGE_RESULT", 1_000)  # bytes: any kept states count
    small = diagonal_battery(4)
    with pytest.warns(LargeResultWarning, match=r"battery_states: .* will take 2\.5 KiB"):
        qb.charge(small, np.linspace(0.0, 1.0, 10), battery_states=True)


def test_format_bytes() -> None:
    assert format_bytes(659 * 2**30) == "659 GiB"
    assert format_bytes(512) == "512 B"


def test_a_dicke_battery_too_large_to_build_is_refused_before_allocating() -> None:
    with pytest.raises(InsufficientMemoryError) as caught:
        qb.models.dicke(10_000, 0.05)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("n_atoms: ")
    largest = int(re.search(r"at most n_atoms = (\d+) fits", message).group(1))  # type: ignore[union-attr]
    assert 100 < largest < 10_000
    # a size well inside the stated limit builds (and a small one is cheap to check)
    assert qb.models.dicke(min(largest // 8, 40), 0.05).dimension > 0


def test_a_conserving_model_in_its_sectors_is_not_checked_as_a_product_space() -> None:
    """Tavis-Cummings of 10^4 atoms from |N> is one sector of 10^4 + 1 states, although its
    cavity x atoms product (37 GiB) would not fit; ``space="full"`` builds the product and is
    refused, and so is a cut-off whose cavity levels alone cannot fit (the sectors are built
    from operators on them)."""
    battery = qb.models.tavis_cummings(10_000, 0.05)
    assert battery.sector is not None and battery.dimension == 10_001
    with pytest.raises(InsufficientMemoryError, match=r"^n_atoms: "):
        qb.models.tavis_cummings(10_000, 0.05, space="full")
    begin = time.perf_counter()
    for build in (
        lambda: qb.models.tavis_cummings(10, 0.1, cutoff=10**12),
        lambda: qb.models.two_photon_jaynes_cummings(0.1, cutoff=10**12),
    ):
        with pytest.raises(InsufficientMemoryError, match=r"^cutoff: .*at most cutoff = \d+"):
            build()
    assert time.perf_counter() - begin < 5.0


def test_a_dicke_cutoff_chosen_too_large_names_the_cutoff() -> None:
    with pytest.raises(InsufficientMemoryError, match=r"^cutoff: "):
        qb.models.dicke(1000, 0.05, cutoff=10**9)


REFUSED_MODELS = [
    # (constructor, arguments, the argument named, states it would need at least)
    ("optomechanical", (200, 0.05, 0.1), {}, "n_atoms", 10**12),
    ("dual_cavity", (1000, 0.05, 0.1), {}, "n_atoms", 10**9),
    ("anisotropic_dicke", (5000, 0.05, 0.5), {}, "n_atoms", 10**9),
    ("interacting_dicke", (5000, 0.05, 0.1), {}, "n_atoms", 10**9),
    ("two_mode_jaynes_cummings", (0.05,), {"photons": 100_000}, "photons", 10**10),
    ("oscillator_charger", (0.05,), {"quanta": 1_000_000}, "quanta", 10**12),
    ("driven_oscillator", (0.5,), {"duration": 100_000.0}, "duration", 10**10),
]


@pytest.mark.parametrize(("name", "args", "kwargs", "argument", "states"), REFUSED_MODELS)
def test_a_model_too_large_to_build_is_refused_before_allocating(
    name: str, args: tuple, kwargs: dict, argument: str, states: int
) -> None:
    """Each of these raised NumPy's MemoryError from inside SciPy (or built for minutes)."""
    if states * qbattery.models.light_matter.cutoffs.BYTES_PER_STATE <= available_memory():
        pytest.skip("this machine could hold the model")  # pragma: no cover - a huge machine
    begin = time.perf_counter()
    with pytest.raises(InsufficientMemoryError) as caught:
        getattr(qb.models, name)(*args, **kwargs)
    assert time.perf_counter() - begin < 5.0
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{argument}: ")
    assert re.search(r"at most (n_atoms|cutoff) = \d+ fits", message)


def test_the_largest_cutoff_named_fits_and_the_next_does_not() -> None:
    from qbattery.models.light_matter.cutoffs import BYTES_PER_STATE, check_cutoff_memory

    available = available_memory()
    for modes, other in [(1, 1), (2, 1), (2, 2), (3, 4)]:
        with pytest.raises(InsufficientMemoryError) as caught:
            check_cutoff_memory(10**9, modes, other, "cutoff", "modes", "use fewer")
        largest = int(re.search(r"at most cutoff = (\d+) fits", str(caught.value)).group(1))  # type: ignore[union-attr]
        assert (largest + 1) ** modes * other * BYTES_PER_STATE <= available
        assert (largest + 2) ** modes * other * BYTES_PER_STATE > available


@pytest.mark.parametrize("mean", [0.5, 1.0, 37.0, 2.5e3, 1e10])
def test_coherent_cutoff_is_the_poisson_quantile_without_listing_every_level(mean: float) -> None:
    """The smallest n with P(N > n) <= 1e-12 for N ~ Poisson(mean), from SciPy's Poisson
    distribution; a mean of 1e10 photons no longer allocates an array of 1e10 candidates."""
    from scipy.stats import poisson

    from qbattery.models.ladders import COHERENT_TAIL, coherent_cutoff

    expected = int(poisson.isf(COHERENT_TAIL, mean))
    while poisson.sf(expected, mean) > COHERENT_TAIL:  # isf is a floating-point inverse
        expected += 1
    while expected > 0 and poisson.sf(expected - 1, mean) <= COHERENT_TAIL:
        expected -= 1
    assert coherent_cutoff(mean) == expected
