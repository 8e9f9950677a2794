"""Tavis-Cummings in its excitation sectors by default: the default against the sector builder
and against the product space (review eq. 33, CONVENTIONS.md form, coupling 0.05, resonant).

Cases
-----
``tc_default_1000``, ``tc_default_10000``
    ``tavis_cummings(N)`` with its default start (``|N>``, atoms in ``|g>``), built and charged,
    against ``tavis_cummings_sector(N)`` (the hand-written tridiagonal sector): both live in the
    same (N + 1)-dimensional sector, so the default must cost no more than the specialised
    builder (target: at most 1.5x). Quantity: battery energy and ergotropy on the grid
    ``dt = 0.01`` up to ``1.5 pi / (coupling sqrt(N))``.
``tc_coherent``
    A coherent charger of mean photon number N = 200 for N = 200 atoms: the default (several
    excitation sectors, charged block by block, ``method="sectors"``) against the product space
    ``space="full"`` (Chebyshev on cavity x atoms, dimension ~62,000: the default before sectors,
    but with this tree's faster Chebyshev path, so not the issue's "today's default"; the issue's
    20x is measured against the revision it was filed at by ``python -m benchmarks.revision
    --against 8ec16af^``). Quantity: energy, power and ergotropy on the same grid; the ergotropy
    needs the coherences between sectors, so both sides diagonalise the 201 x 201 battery state at
    every time. ``eigen_floor`` times only that: the real symmetric eigenvalue problems (N + 1
    square, one per grid time, on a thread per core with single-threaded BLAS) that the default's
    real form of the resonant sectors reduces the battery states to; no solver can go below it
    without skipping the spectra (not compared: it computes no curve).

The build is timed too: it is what the default changes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import qbattery
from benchmarks.harness import Case, Implementation, Ratio
from qbattery.linalg import stack_eigvalsh
from qbattery.models.light_matter.excitation_sector import tavis_cummings_sector

__all__ = ["build_coherent", "build_fock"]

COUPLING = 0.05
STEP = 0.01


def _grid(n: int) -> np.ndarray:
    t_end = 1.5 * np.pi / (COUPLING * np.sqrt(n))
    return np.linspace(0.0, t_end, round(t_end / STEP) + 1)


def build_fock(size: int, quick_size: int) -> Callable[[bool], Case]:
    """The default Fock start of N atoms against tavis_cummings_sector(N)."""

    def build(quick: bool = False) -> Case:
        n = quick_size if quick else size
        times = _grid(n)

        def curves(make: Callable[[], qbattery.Battery]) -> Callable[[], np.ndarray]:
            def run() -> np.ndarray:
                result = qbattery.charge(make(), times)
                assert result.ergotropy is not None
                return np.concatenate([result.battery_energy, result.ergotropy])

            return run

        return Case(
            name=f"tc_default_{size}",
            description=(
                f"Tavis-Cummings N={n}, coupling {COUPLING}, default |N>|g..g> start: "
                f"tavis_cummings (sector {n + 1}) vs tavis_cummings_sector, built and charged; "
                f"battery energy and ergotropy on {times.size} times (dt = {STEP})."
            ),
            implementations={
                "default": Implementation(
                    func=curves(lambda: qbattery.models.tavis_cummings(n, COUPLING)),
                    description="charge(tavis_cummings(N, 0.05), times): its sector by default",
                ),
                "sector_builder": Implementation(
                    func=curves(lambda: tavis_cummings_sector(n, COUPLING)),
                    description="charge(tavis_cummings_sector(N, 0.05), times)",
                ),
            },
            reference="sector_builder",
            atol=1e-9 * n,  # energies are O(N): agreement to 1e-9 relative
            ratios=(Ratio("default / sector builder", "default", "sector_builder", at_most=1.5),),
            parameters={"n_atoms": n, "coupling": COUPLING, "times": times.size, "quick": quick},
            repeat=3 if quick else 5,
        )

    return build


def build_coherent(quick: bool = False) -> Case:
    """A coherent charger of mean N photons, N = 200 atoms (40 when quick)."""
    n = 40 if quick else 200
    times = _grid(n)
    batch = 43  # positive semidefinite test matrices, reused so as not to hold all of them
    rng = np.random.default_rng(20261205)
    factors = rng.standard_normal((batch, n + 1, n + 1))
    stack = factors @ np.swapaxes(factors, 1, 2)

    def eigen_floor() -> np.ndarray:
        rounds = -(-times.size // batch)
        return np.concatenate([stack_eigvalsh(stack) for _ in range(rounds)])[: times.size]

    def curves(space: str) -> Callable[[], np.ndarray]:
        def run() -> np.ndarray:
            battery = qbattery.models.tavis_cummings(n, COUPLING, charger="coherent", space=space)
            result = qbattery.charge(battery, times)
            assert result.ergotropy is not None
            return np.concatenate([result.battery_energy, result.power, result.ergotropy])

        return run

    return Case(
        name="tc_coherent",
        description=(
            f"Tavis-Cummings N={n}, coupling {COUPLING}, coherent charger of mean {n} photons: "
            "the default (excitation sectors, block by block) vs space='full' (Chebyshev on "
            f"cavity x atoms, this tree); energy, power, ergotropy on {times.size} "
            f"times (dt = {STEP})."
        ),
        implementations={
            "sectors": Implementation(
                func=curves("sector"),
                description="charge(tavis_cummings(N, 0.05, charger='coherent'), times)",
            ),
            "full_space": Implementation(
                func=curves("full"),
                description="the same with space='full' (product space, method auto)",
            ),
            "eigen_floor": Implementation(
                func=eigen_floor,
                compare=False,
                description="only the eigenvalues of one real symmetric (N+1)^2 matrix per time",
            ),
        },
        reference="full_space",
        atol=1e-9 * n,  # energies and ergotropies are O(N): agreement to 1e-9 relative
        ratios=(
            Ratio("speed-up over this tree's product space", "full_space", "sectors"),
            Ratio("default over the eigenvalue floor", "sectors", "eigen_floor"),
            Ratio("product space over the eigenvalue floor", "full_space", "eigen_floor"),
        ),
        parameters={"n_atoms": n, "coupling": COUPLING, "times": times.size, "quick": quick},
        repeat=2 if quick else 3,
    )
