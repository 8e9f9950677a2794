"""Direct charging of an XXZ spin-chain battery: qbattery's Chebyshev path vs. ``qutip.sesolve``.

Model (CONVENTIONS.md; Le et al., PRA 97, 022106 (2018)): ``H_B = (w/2) sum sz_i +
J sum_i (sx_i sx_{i+1} + sy_i sy_{i+1} + Delta sz_i sz_{i+1})`` with open boundaries, charged by
``h sum sx_i`` with H_B on, from the ground state of H_B; J = 0.2, Delta = 0.5, w = h = 1.
The quantity is the battery energy ``Tr[H_B rho(t)]`` on ``TIMES`` points of ``[0, T_END]``.

Implementations
---------------
``qbattery``
    ``qbattery.charge(qbattery.models.xxz_chain(...), times)``: energy, exact power and
    ergotropy on the grid (Chebyshev expansion, one basis for all times).
``qutip_sesolve``
    What a researcher writes: the chain built with ``qutip.tensor``, then
    ``qutip.sesolve(H, psi0, times, e_ops=[H_B])`` at ``atol=1e-12, rtol=1e-10``, the loosest
    tolerances that reproduce the energy to the 1e-8 agreement demanded at N = 12 (measured:
    8e-9). The quick smoke run (N = 8) needs ``rtol=1e-11`` for the same agreement.
``qutip_default``
    The same call at QuTiP's default tolerances (faster, but its error is ~1e-3 here, so it is
    not compared: it shows what the default costs and what it gives up).
``qbattery_whole_space``
    ``qbattery.charge(..., method="chebyshev")``: the same solver on all ``2^N`` states, without
    the symmetry sector the default call finds (open chain: the site reflection, half the
    space; a ring: the dihedral group, about ``1/2N`` of it).

With ``boundary="periodic"`` the case is ``xxz_ring``: the same model closed into a ring of
14 spins, where ``sesolve`` needs ``atol=1e-14, rtol=1e-11`` for the 1e-8 agreement (measured:
4e-10; at ``atol=1e-12`` it is 1.9e-7 off whatever ``rtol``).

Operators are built outside the timed region for both libraries.
"""

from __future__ import annotations

import numpy as np
import qutip

import qbattery
from benchmarks.harness import Case, Implementation, Ratio

__all__ = ["build"]

J, DELTA, OMEGA, FIELD = 0.2, 0.5, 1.0, 1.0
T_END = 10.0
TIMES = 2000


def _qutip_chain(n: int, ring: bool = False) -> tuple[qutip.Qobj, qutip.Qobj]:
    """(H, H_B) as a QuTiP user builds them, in qbattery's basis order (|g> = down first); a
    ring adds the bond (n - 1, 0)."""

    def site(op: qutip.Qobj, i: int) -> qutip.Qobj:
        ops = [qutip.qeye(2)] * n
        ops[i] = op
        return qutip.tensor(ops)

    # qbattery orders |g> (down) first: sz = diag(-1, 1) = -qutip.sigmaz()
    sx, sy, sz = qutip.sigmax(), -qutip.sigmay(), -qutip.sigmaz()
    h_b = sum(0.5 * OMEGA * site(sz, i) for i in range(n))
    h_b += J * sum(
        site(sx, i) * site(sx, j) + site(sy, i) * site(sy, j) + DELTA * site(sz, i) * site(sz, j)
        for i, j in [(i, i + 1) for i in range(n - 1)] + ([(n - 1, 0)] if ring else [])
    )
    return h_b + FIELD * sum(site(sx, i) for i in range(n)), h_b


def build(quick: bool = False, *, boundary: str = "open") -> Case:
    """N = 12 spins (N = 8 when quick); a ring of 14 (10 when quick) with ``boundary``."""
    ring = boundary == "periodic"
    n = (10 if quick else 14) if ring else (8 if quick else 12)
    times = np.linspace(0.0, T_END, TIMES)
    battery = qbattery.models.xxz_chain(n, J, DELTA, omega=OMEGA, field=FIELD, boundary=boundary)
    hamiltonian, h_b = _qutip_chain(n, ring)
    psi0 = qutip.Qobj(battery.initial_state, dims=[[2] * n, [1] * n])
    sector = qbattery.charge(battery, times[:2]).parameters.get("symmetry", "none")
    tight = {"atol": 1e-12, "rtol": 1e-11 if quick else 1e-10}
    if ring:  # the ring's amplitudes need a smaller atol (1e-12: 1.9e-7 off; this: 4e-10)
        tight = {"atol": 1e-14, "rtol": 1e-11}

    implementations = {
        "qbattery": Implementation(
            func=lambda: qbattery.charge(battery, times).battery_energy,
            description="qbattery.charge(xxz_chain(...), times): Chebyshev, energy+power+ergotropy",
        ),
        "qutip_sesolve": Implementation(
            func=lambda: qutip.sesolve(hamiltonian, psi0, times, e_ops=[h_b], options=tight).expect[
                0
            ],
            description=f"qutip.sesolve(H, psi0, times, e_ops=[H_B]), {tight}",
        ),
        "qutip_default": Implementation(
            func=lambda: qutip.sesolve(hamiltonian, psi0, times, e_ops=[h_b]).expect[0],
            compare=False,
            description="the same at QuTiP's default tolerances (error ~1e-3; not compared)",
        ),
        "qbattery_whole_space": Implementation(
            func=lambda: qbattery.charge(battery, times, method="chebyshev").battery_energy,
            description="the same Chebyshev solver on all 2^N states (no symmetry sector)",
        ),
    }
    return Case(
        name="xxz_ring" if ring else "xxz_charging",
        description=(
            f"XXZ chain N={n} (J={J}, Delta={DELTA}, w={OMEGA}, h={FIELD}, {boundary}), battery "
            f"energy on {TIMES} times in [0, {T_END}] from the ground state of H_B (dimension "
            f"{2**n}; the default call solves the sector '{sector}')."
        ),
        implementations=implementations,
        reference="qutip_sesolve",
        atol=1e-8,
        ratios=(
            Ratio("speed-up over sesolve at 1e-8", "qutip_sesolve", "qbattery", at_least=5.0),
            Ratio("speed-up over sesolve, default tolerances", "qutip_default", "qbattery"),
            Ratio("speed-up of the symmetry sector", "qbattery_whole_space", "qbattery"),
        ),
        parameters={"n_spins": n, "times": TIMES, "t_end": T_END, "quick": quick},
        repeat=3 if quick else 7,
    )
