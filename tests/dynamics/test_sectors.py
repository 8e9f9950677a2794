"""``method="sectors"`` (block by block) against the other solvers on the same batteries.

Second methods: ``method="spectral"`` on the same sector battery (one dense eigendecomposition of
the whole direct sum; battery states by the charger-label partial trace of
:mod:`qbattery.dynamics.observe`) and on the product space (``space="full"``, battery states by
``reduced_state``). Protocols switch a conserving term, the battery Hamiltonian, on and off.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

import qbattery as qb
from qbattery.errors import QBatteryError
from qbattery.linalg import embed_operator
from qbattery.models import jaynes_cummings, tavis_cummings
from qbattery.protocols import Piecewise, Step

#: Exact propagators of the same Hamiltonian on spaces below 200 states: round-off.
SAME = 1e-9

TIMES = np.linspace(0.0, 8.0, 33)


def coherent_tc(**options: object) -> qb.Battery:
    return tavis_cummings(3, 0.25, 1.0, 0.8, charger="coherent", photons=1.5, **options)


def test_auto_chooses_sectors_only_for_several_blocks() -> None:
    assert qb.charge(coherent_tc(), TIMES).method == "sectors"
    assert qb.charge(tavis_cummings(3, 0.25), TIMES).method in {"spectral", "chebyshev"}


@pytest.mark.parametrize("mixed", [False, True])
def test_states_and_fluctuations_match_the_spectral_solver(mixed: bool) -> None:
    # a ket spread over blocks; a thermal charger with GHZ atoms: coherences across blocks
    battery = (
        tavis_cummings(3, 0.25, 1.0, 0.8, battery_state="ghz", charger="thermal", photons=0.4)
        if mixed
        else coherent_tc(battery_state="coherent", polar_angle=0.9)
    )
    kept = {"battery_states": True, "full_states": True, "fluctuations": True}
    blocks = qb.charge(battery, TIMES, method="sectors", **kept)
    whole = qb.charge(battery, TIMES, method="spectral", **kept)
    for name in ("battery_energy", "power", "ergotropy", "variance", "battery_states", "states"):
        np.testing.assert_allclose(getattr(blocks, name), getattr(whole, name), atol=SAME)
    assert blocks.two_time is None  # no correlator from this method
    assert blocks.states.ndim == (3 if mixed else 2)  # density matrices for a mixed start


def test_piecewise_protocol_matches_the_product_space() -> None:
    """A detuning switched on and off (a conserving term): each piece re-expanded per block."""
    pulse = Piecewise((0.0, 1.3, 4.0), (0.6, -0.4))
    step = Step(amplitude=0.3, t_on=2.2, t_off=5.5)

    def driven(battery: qb.Battery, term: sp.csr_matrix) -> qb.Battery:
        return battery.replace(
            hamiltonian=[battery.hamiltonian.static, (term, pulse), (term, step)]
        )

    sector = coherent_tc()
    full = coherent_tc(space="full")
    on_sector = driven(sector, sector.battery_hamiltonian_full())
    h_b = embed_operator(full.battery_hamiltonian, full.dims, full.battery)
    on_full = driven(full, sp.csr_matrix(h_b))
    blocks = qb.charge(on_sector, TIMES)
    product = qb.charge(on_full, TIMES, method="spectral")
    assert blocks.method == "sectors"
    for name in ("battery_energy", "power", "ergotropy"):
        np.testing.assert_allclose(getattr(blocks, name), getattr(product, name), atol=SAME)


def test_refuses_batteries_it_cannot_solve_block_by_block() -> None:
    with pytest.raises(QBatteryError, match="'sectors' solves batteries held in excitation"):
        qb.charge(jaynes_cummings(0.1, space="full"), TIMES, method="sectors")
    battery = coherent_tc()
    d = battery.dimension
    mixing = sp.csr_matrix(([1.0, 1.0], ([0, d - 1], [d - 1, 0])), shape=(d, d))
    coupled = battery.replace(hamiltonian=battery.hamiltonian.static + 0.1 * mixing)
    with pytest.raises(QBatteryError, match="couples two blocks"):
        qb.charge(coupled, TIMES, method="sectors")
