"""Values computed window by window on one background thread (the spectra of reduced states).

References: the values each window's function returns, written by hand into a second array;
the thread's name in ``threading.enumerate()``; the phase-free path against the spectral
solver (one dense eigendecomposition), whose ergotropy is computed on the calling thread.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest

import qbattery as qb
from qbattery.dynamics import phase_free
from qbattery.dynamics.background_curve import BackgroundCurve
from qbattery.errors import QBatteryValueError


def _threads(prefix: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(prefix)]


@pytest.mark.parametrize("pending", [1, 3])
def test_windows_from_several_producers_land_where_they_belong(pending: int) -> None:
    """Four producers submit 40 windows at once (some waiting for the oldest to be written);
    each value lands at its own index, computed on one thread that is stopped at the end."""
    curve = np.full(200, np.nan)
    expected = np.arange(200) ** 2 / 7.0
    background = BackgroundCurve(curve, pending=pending, name="test-curve")
    seen: set[str] = set()

    def window(index: np.ndarray) -> np.ndarray:
        seen.add(threading.current_thread().name)
        time.sleep(0.001)
        return index**2 / 7.0

    def produce(start: int) -> None:
        for first in range(start, 200, 20):
            index = np.arange(first, first + 5)
            background.submit(index, lambda index=index: window(index))

    with ThreadPoolExecutor(4) as producers:
        list(producers.map(produce, [0, 5, 10, 15]))
    background.collect()
    np.testing.assert_array_equal(curve, expected)
    assert len(seen) == 1 and next(iter(seen)).startswith("test-curve")
    assert not _threads("test-curve")


def test_an_error_in_a_window_reaches_the_caller_and_stops_the_thread() -> None:
    curve = np.zeros(3)

    def broken() -> np.ndarray:
        raise FloatingPointError("window 1")

    with pytest.raises(FloatingPointError, match="window 1"):
        with BackgroundCurve(curve, name="test-broken") as background:
            background.submit(np.array([0]), lambda: np.array([1.0]))
            background.submit(np.array([1]), broken)
            background.collect()
    assert curve[0] == 1.0
    assert not _threads("test-broken")


def test_leaving_the_block_early_drops_what_is_pending_and_stops_the_thread() -> None:
    curve = np.zeros(2)
    release = threading.Event()
    with BackgroundCurve(curve, pending=4, name="test-cancel") as background:
        background.submit(np.array([0]), lambda: np.array([release.wait(5.0) * 1.0]))
        background.submit(np.array([1]), lambda: np.array([2.0]))
        release.set()
    assert curve[1] == 0.0  # never written: cancelled, not collected
    assert not _threads("test-cancel")


def test_no_room_for_a_window_is_refused() -> None:
    with pytest.raises(QBatteryValueError, match="pending: 0 windows"):
        BackgroundCurve(np.zeros(1), pending=0)


@pytest.mark.parametrize("one_thread_block", [24, 8])
def test_the_phase_free_spectra_match_the_spectral_solver_on_either_thread(
    monkeypatch: pytest.MonkeyPatch, one_thread_block: int
) -> None:
    """With one chunk allowed to wait, the ergotropy of 8 atoms (one block of 9 levels on the
    product space: spectra on their own thread, or on the workers when only blocks of 8 may go
    there) equals the spectral solver's; no spectra thread outlives the call."""
    monkeypatch.setattr(phase_free, "_SPECTRA_PENDING", 1)
    monkeypatch.setattr(phase_free, "_ONE_THREAD_BLOCK", one_thread_block)
    monkeypatch.setattr(phase_free, "_CHUNK_BYTES", 16 * 20 * 80)  # 20-point chunks
    submitted: list[int] = []
    submit = BackgroundCurve.submit

    def counted(self: BackgroundCurve, index: np.ndarray, compute: Any) -> None:
        submitted.append(index.size)
        submit(self, index, compute)

    monkeypatch.setattr(BackgroundCurve, "submit", counted)
    battery = qb.models.dicke(n_atoms=8, coupling=0.1)
    times = np.arange(1, 400) * 0.04
    fast = qb.charge(battery, times, method="chebyshev")
    exact = qb.charge(battery, times, method="spectral")
    np.testing.assert_allclose(fast.ergotropy, exact.ergotropy, atol=1e-10)
    assert np.max(exact.ergotropy) > 1.0
    assert sum(submitted) == (times.size if one_thread_block >= 9 else 0)
    assert not _threads("qbattery-spectra")


def test_a_failing_spectrum_surfaces_from_charge_and_leaves_no_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing(*_: object) -> np.ndarray:
        raise np.linalg.LinAlgError("Eigenvalues did not converge")

    monkeypatch.setattr(phase_free, "_state_spectra", failing)
    battery = qb.models.dicke(n_atoms=4, coupling=0.1)
    with pytest.raises(np.linalg.LinAlgError, match="did not converge"):
        qb.charge(battery, np.linspace(0.1, 5.0, 50), method="chebyshev")
    assert not _threads("qbattery-spectra")
