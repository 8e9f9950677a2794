"""``free_fermion_charge``: the front door for quadratic (free-fermion) spin-chain batteries.

Checks a :class:`~qbattery.models.quadratic_chain.QuadraticChain` protocol, runs the exact
Majorana-covariance propagation of :mod:`qbattery.dynamics.free_fermion` (its module docstring
has the formulas) and returns a :class:`~qbattery.results.ChargingResult`, like
:func:`qbattery.charge` does for a :class:`~qbattery.battery.Battery`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from qbattery.dynamics.free_fermion import MAX_ERGOTROPY_SITES, evolve_free_fermion
from qbattery.errors import QBatteryTypeError, QBatteryValueError
from qbattery.models.quadratic_chain import QuadraticChain, check_chain
from qbattery.results import ChargingResult
from qbattery.validation import check_times, finite_real, integer
from qbattery.version import __version__

__all__ = ["free_fermion_charge"]


def _check_pieces(
    charging: Any, switch_times: Any, n: int
) -> tuple[list[QuadraticChain], tuple[float, ...]]:
    given = [charging] if isinstance(charging, QuadraticChain) else list(charging)
    pieces = [check_chain(p, f"charging[{i}]", n) for i, p in enumerate(given)]
    switches = tuple(finite_real(t, "switch_times") for t in switch_times)
    if not pieces or len(switches) != len(pieces) - 1:
        raise QBatteryValueError(
            f"switch_times: {len(pieces)} charging pieces need {len(pieces) - 1} switch times, "
            f"got {len(switches)}; piece k acts from switch_times[k-1] to switch_times[k]"
        )
    if any(t <= 0 for t in switches) or any(b <= a for a, b in pairwise(switches)):
        raise QBatteryValueError(
            f"switch_times: must be positive and strictly increasing, got {list(switches)}"
        )
    return pieces, switches


def _check_sites(sites: Any, n: int) -> tuple[int, int]:
    if sites is None:
        return 0, n
    if isinstance(sites, range) and sites.step != 1:
        raise QBatteryValueError(f"sites: the block must be contiguous, got {sites!r}")
    bounds = (sites.start, sites.stop) if isinstance(sites, range) else sites
    if not isinstance(bounds, Sequence) or len(bounds) != 2:
        raise QBatteryTypeError(f"sites: expected (start, stop) of a block of sites, got {sites!r}")
    a, b = integer(bounds[0], "sites"), integer(bounds[1], "sites")
    if not 0 <= a < b <= n:
        raise QBatteryValueError(
            f"sites: ({a}, {b}) is not a block of the {n}-site chain; use 0 <= start < stop <= {n}"
        )
    return a, b


def free_fermion_charge(
    battery: QuadraticChain,
    charging: QuadraticChain | Sequence[QuadraticChain],
    times: Any,
    *,
    switch_times: Sequence[float] = (),
    initial: QuadraticChain | None = None,
    sites: tuple[int, int] | range | None = None,
    ergotropy: bool = True,
    fluctuations: bool = False,
) -> ChargingResult:
    """Charge a quadratic spin-chain battery exactly in the free-fermion picture.

    Formulas in :mod:`qbattery.dynamics.free_fermion`. The stored energy is ``W(t) = <H_B>(t) -
    <H_B>(0)``, the power ``P = dW/dt = -(1/4) Tr([h_B, h] Gamma(t))`` exactly; for the whole
    chain (a pure state) the ergotropy is ``<H_B> - E_0(H_B)``; for a block of sites ``H_B`` is
    the sum of its terms inside the block, and the block's (mixed, Gaussian) state gives energy,
    power, ergotropy and variance. Cost: one SVD and a few N x N products per piece, O(N^2) per
    time; a block adds O(L N^2) per time (and ``2**L`` for its ergotropy), whole-chain
    fluctuations O(N^3) per time.

    Parameters
    ----------
    battery : QuadraticChain
        ``H_B``. The initial state is its ground state (non-degenerate) unless ``initial``.
    charging : QuadraticChain or sequence of QuadraticChain
        The full Hamiltonian during charging (include ``H_B`` if it stays on:
        ``battery + charger``), or one per constant piece.
    times : array (n,)
        Non-negative, strictly increasing.
    switch_times : sequence of float
        Piece ``k`` acts on ``[switch_times[k-1], switch_times[k])`` (``len(charging) - 1``
        positive increasing times; the first piece starts at 0, the last never ends).
    initial : QuadraticChain, optional
        Start in the ground state of this chain instead (a quench).
    sites : (start, stop) or range, optional
        The battery is the block of sites ``start..stop-1`` (default: the whole chain).
    ergotropy : bool
        Compute the ergotropy (a block of ``L > MAX_ERGOTROPY_SITES`` sites needs ``False``).
    fluctuations : bool
        Also the variance of ``H_B`` and, for the whole chain started in the ground state of
        ``H_B``, ``<H_B(t) H_B(0)> = E_0 <H_B>(t)``.

    Returns
    -------
    ChargingResult
        ``method="free_fermion"``, ``model="quadratic_chain"``.

    Examples
    --------
    >>> import numpy as np
    >>> battery = QuadraticChain(200, field=1.0)           # H_B = (1/2) sum sigma_z
    >>> ising = QuadraticChain(200, coupling_x=0.5)        # H_C = 0.5 sum sigma_x sigma_x
    >>> result = free_fermion_charge(battery, ising, np.linspace(0, 2, 41))
    >>> round(float(result.energy[20]), 6)  # (1/2)[198 sin^2(1) + 2 (1 - cos 1)]
    70.558966
    """
    n = check_chain(battery, "battery", None).n_sites
    pieces, switches = _check_pieces(charging, switch_times, n)
    start_chain = battery if initial is None else check_chain(initial, "initial", n)
    block = _check_sites(sites, n)
    grid = check_times(times)
    length = block[1] - block[0]
    if ergotropy and length < n and length > MAX_ERGOTROPY_SITES:
        raise QBatteryValueError(
            f"sites: the ergotropy of a block of {length} sites enumerates 2**{length} levels; "
            f"use a block of at most {MAX_ERGOTROPY_SITES} sites or ergotropy=False"
        )
    curves = evolve_free_fermion(
        battery,
        pieces,
        switches,
        start_chain,
        block,
        grid,
        quench=initial is not None,
        ergotropy=ergotropy,
        fluctuations=fluctuations,
    )
    return ChargingResult(
        times=grid,
        energy=curves.battery_energy - curves.initial_energy,
        battery_energy=curves.battery_energy,
        ergotropy=curves.ergotropy,
        power=curves.power,
        variance=curves.variance,
        two_time=curves.two_time,
        initial_energy=curves.initial_energy,
        initial_variance=curves.initial_variance,
        ground_energy=curves.ground_energy,
        method="free_fermion",
        options={},
        model="quadratic_chain",
        parameters={
            "n_sites": n,
            "boundary": battery.boundary,
            "sites": block,
            "switch_times": switches,
            "pieces": len(pieces),
            "initial": "battery ground state" if initial is None else "initial ground state",
            "parity": curves.parity,
        },
        version=__version__,
    )
