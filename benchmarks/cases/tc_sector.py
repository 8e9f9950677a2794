"""Tavis-Cummings battery at N = 10,000 in its excitation sector: qbattery vs. ``expm_multiply``.

The battery (review eq. 33, CONVENTIONS.md form, coupling 0.05, resonant, N photons, atoms in
|g>) lives in the (N + 1)-dimensional sector ``|N - k>|k>``
(:mod:`qbattery.models.light_matter.excitation_sector`).
Quantity: the battery energy on the grid ``dt = 0.01`` up to ``1.5 pi / (coupling sqrt(N))``.

Implementations
---------------
``qbattery``
    ``qbattery.charge(tavis_cummings_sector(N, 0.05), times)``: Chebyshev windows; energy,
    exact power and degeneracy-aware ergotropy.
``expm_multiply``
    SciPy's ``expm_multiply(-1j H, psi0, start, stop, num)`` on the same sector as a sparse CSR
    matrix (what a careful researcher writes for a sparse exact propagation), energies from the
    populations.

The sector Hamiltonian is built outside the timed region for both.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse.linalg import expm_multiply

import qbattery
from benchmarks.harness import Case, Implementation, Ratio
from qbattery.models.light_matter.excitation_sector import tavis_cummings_sector

__all__ = ["build"]

COUPLING = 0.05
STEP = 0.01


def build(quick: bool = False) -> Case:
    """N = 10,000 atoms (1,000 when quick)."""
    n = 1_000 if quick else 10_000
    t_end = 1.5 * np.pi / (COUPLING * np.sqrt(n))
    count = round(t_end / STEP) + 1
    times = np.linspace(0.0, t_end, count)
    battery = tavis_cummings_sector(n, COUPLING)
    generator = -1j * battery.hamiltonian.static.tocsr()
    psi0 = battery.initial_state.astype(complex)
    levels = np.arange(n + 1.0)  # omega_a k on the sector basis |N - k>|k>

    def scipy_curve() -> np.ndarray:
        kets = expm_multiply(generator, psi0, start=0.0, stop=t_end, num=count, endpoint=True)
        return np.abs(kets) ** 2 @ levels

    return Case(
        name="tc_sector",
        description=(
            f"Tavis-Cummings battery N={n}, coupling {COUPLING}, sector dimension {n + 1}; "
            f"battery energy on {count} times (dt = {STEP}) up to 1.5 pi/(g sqrt N) = {t_end:.4f}."
        ),
        implementations={
            "qbattery": Implementation(
                func=lambda: qbattery.charge(battery, times).battery_energy,
                description="qbattery.charge(tavis_cummings_sector(N, 0.05), times)",
            ),
            "expm_multiply": Implementation(
                func=scipy_curve,
                description="scipy.sparse.linalg.expm_multiply on the sector (CSR), |psi|^2 @ k",
            ),
        },
        reference="expm_multiply",
        atol=1e-9 * n,  # energies are O(N): agreement to 1e-9 relative
        ratios=(Ratio("speed-up over expm_multiply", "expm_multiply", "qbattery", at_least=2.0),),
        parameters={"n_atoms": n, "coupling": COUPLING, "times": count, "quick": quick},
        repeat=2 if quick else 3,
    )
