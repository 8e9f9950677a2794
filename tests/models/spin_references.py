"""QuTiP references for the spin models, built in QuTiP's own basis (``basis(2, 0)`` = excited).

qbattery puts spin down first on every site; flipping every bit of a basis index reverses it, so
qbattery's matrices must equal QuTiP's with rows and columns in reverse order
(:func:`reversed_basis`).
"""

from __future__ import annotations

import numpy as np
import qutip
import scipy.sparse as sp

from qbattery.battery import Battery

#: Sums of O(N^2) terms of size O(1): round-off ~1e-14.
EXACT = 1e-12

#: Chain sizes and boundaries every chain Hamiltonian is checked on.
CHAINS = [(4, "open"), (5, "open"), (4, "periodic"), (5, "periodic")]


def reversed_basis(matrix: np.ndarray) -> np.ndarray:
    return matrix[::-1, ::-1]


def qutip_site(operator: qutip.Qobj, site: int, n: int) -> qutip.Qobj:
    """``operator`` on ``site`` of an n-spin chain, identity elsewhere (QuTiP's basis)."""
    return qutip.tensor([operator if i == site else qutip.qeye(2) for i in range(n)])


def qutip_spin_hamiltonian(
    n: int,
    bonds: list[tuple[int, int]],
    *,
    jx: float | list[float] = 0.0,
    jy: float | list[float] = 0.0,
    jz: float | list[float] = 0.0,
    dm: float | list[float] = 0.0,
    field_z: float | list[float] = 0.0,
    field_x: float | list[float] = 0.0,
) -> np.ndarray:
    """The builder's formula term by term with QuTiP, returned in qbattery's basis order.

    Every bond is summed as given (a repeated pair twice, a reversed pair with its own
    orientation), every site field on its site.
    """

    def per(value: float | list[float], count: int) -> list[float]:
        return list(value) if isinstance(value, list) else [value] * count

    sx, sy, sz = qutip.sigmax(), qutip.sigmay(), qutip.sigmaz()
    h = 0 * qutip_site(qutip.qeye(2), 0, n)
    b = len(bonds)
    for (i, k), x, y, z, d in zip(
        bonds, per(jx, b), per(jy, b), per(jz, b), per(dm, b), strict=True
    ):
        h += x * qutip_site(sx, i, n) * qutip_site(sx, k, n)
        h += y * qutip_site(sy, i, n) * qutip_site(sy, k, n)
        h += z * qutip_site(sz, i, n) * qutip_site(sz, k, n)
        h += d * (
            qutip_site(sx, i, n) * qutip_site(sy, k, n)
            - qutip_site(sy, i, n) * qutip_site(sx, k, n)
        )
    for site, (hz, hx) in enumerate(zip(per(field_z, n), per(field_x, n), strict=True)):
        h += hz * qutip_site(sz, site, n) + hx * qutip_site(sx, site, n)
    return reversed_basis(h.full())


def nearest(n: int, boundary: str) -> list[tuple[int, int]]:
    """Nearest-neighbour bonds of an open chain, or of a ring of n >= 3."""
    bonds = [(i, i + 1) for i in range(n - 1)]
    return [*bonds, (n - 1, 0)] if boundary == "periodic" and n >= 3 else bonds


def assert_operators(battery: Battery, h_b: np.ndarray, h: np.ndarray) -> None:
    """The battery's sparse H_B and H equal the reference matrices."""
    assert sp.issparse(battery.battery_hamiltonian) and sp.issparse(battery.hamiltonian.static)
    np.testing.assert_allclose(battery.battery_hamiltonian.toarray(), h_b, atol=EXACT)
    np.testing.assert_allclose(battery.hamiltonian.static.toarray(), h, atol=EXACT)
