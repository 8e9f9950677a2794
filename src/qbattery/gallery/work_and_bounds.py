"""Gallery entries on how fast and how much: global against parallel charging and its bounds
(Binder et al.; Campaioli et al.; Gyhm et al.), and the extractable fraction of the stored
energy for Fock and coherent chargers (Andolina et al.).

Independent computations: the closed forms of the group Rabi oscillations
(``W(t) = N omega sin^2(k g t)``) and the global charging written out in QuTiP; the
Tavis-Cummings battery written out in QuTiP on the full two-qubit space with its ergotropy
computed by hand from sorted eigenvalues, and the Jaynes-Cummings cell with one photon in
closed form.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import minimize_scalar

from qbattery.gallery.common import (
    QUTIP_RELATIVE_TOLERANCE,
    exponent,
    grid,
    point_value,
    qutip_max_average_power,
)
from qbattery.gallery.entry import Check, Entry, Outcome
from qbattery.metrics.collective_bounds import gyhm_power_bound, k_local_advantage_bound

__all__ = [
    "ANDOLINA_2019",
    "BINDER_2015",
    "group_max_average_power",
    "qutip_global_power",
    "qutip_tavis_cummings_work",
]

#: Grid tolerance, relative, of a ratio of grid maxima (>= 40 points per period of the fastest
#: curve: sin^2 misses its peak by less than 1e-3 there).
GRID_TOLERANCE = 1e-3

#: The size solved independently.
CHECK_SIZE = 4

#: Least extractable deficit ``1 - W_erg / E`` counted as "reduced" by correlations.
DEFICIT_MARGIN = 0.05

#: The N = 2 point of the Tavis-Cummings battery solved by QuTiP, and its photon cut-off.
QUTIP_ATOMS = 2
QUTIP_CUTOFF = 30


def _max_sin2_over_x() -> float:
    best = minimize_scalar(lambda x: -(math.sin(x) ** 2) / x, bounds=(0.5, 2.0), method="bounded")
    return float(-best.fun)


def group_max_average_power(n_cells: int, group: int, coupling: float, omega: float) -> float:
    """P_max of N qubits charged in groups of ``group`` cells, closed form.

    Each group swaps ``|g..g>`` and ``|e..e>`` at frequency ``k g`` (``k = group``), so
    ``W(t) = N omega sin^2(k g t)`` and ``P_max = N k omega g max_x sin^2(x) / x``.

    Examples
    --------
    One qubit: ``max sin^2 x / x = 0.724611`` (at ``tan x = 2 x``):

    >>> from qbattery.gallery.work_and_bounds import group_max_average_power
    >>> round(group_max_average_power(1, 1, 1.0, 1.0), 6)
    0.724611
    """
    return n_cells * group * omega * coupling * _max_sin2_over_x()


def qutip_global_power(n_cells: int, coupling: float, omega: float, times: object) -> float:
    """P_max of N qubits charged globally, ``V = N g (|g..g><e..e| + h.c.)``, from QuTiP.

    Examples
    --------
    Two cells: ``P_max = 4 g omega 0.724611`` (closed form, here on a fine grid):

    >>> import numpy as np
    >>> from qbattery.gallery.work_and_bounds import qutip_global_power
    >>> power = qutip_global_power(2, 0.5, 1.0, np.linspace(0.0, 2.0, 4001))
    >>> round(power, 5)
    1.44922
    """
    import qutip

    empty = qutip.tensor([qutip.basis(2, 0)] * n_cells)
    full = qutip.tensor([qutip.basis(2, 1)] * n_cells)
    drive = n_cells * coupling * (empty * full.dag() + full * empty.dag())
    excited = qutip.basis(2, 1) * qutip.basis(2, 1).dag()
    battery = sum(
        qutip.tensor([excited if i == k else qutip.qeye(2) for i in range(n_cells)])
        for k in range(n_cells)
    )
    return qutip_max_average_power(drive, omega * battery, empty, times)


def qutip_tavis_cummings_work(
    n_atoms: int, coupling: float, photons: float, times: object, *, coherent: bool
) -> tuple[float, float]:
    """``(E_max, ergotropy at the energy peak)`` of the Tavis-Cummings battery, from QuTiP.

    ``H = a^dag a + sum_i sigma_+^i sigma_-^i - N/2 + lambda (J_+ a + J_- a^dag)``
    (``omega_c = omega_a = 1``) on the cavity and N explicit qubits; the charger in ``|n>`` or
    the coherent state of mean ``n``, the qubits in ``|g>``. The ergotropy of the qubits'
    reduced state is ``E - sum_k r_k e_k`` with its eigenvalues ``r`` in decreasing and the
    levels ``e`` of ``H_B = sum_i sigma_+^i sigma_-^i`` in increasing order.

    Examples
    --------
    One atom and one photon: full transfer at ``lambda t = pi / 2``, a pure ``|e>``, so the
    whole peak energy is extractable:

    >>> import numpy as np
    >>> from qbattery.gallery.work_and_bounds import qutip_tavis_cummings_work
    >>> energy, work = qutip_tavis_cummings_work(1, 0.1, 1, np.linspace(0, 5 * np.pi, 501),
    ...                                          coherent=False)
    >>> round(energy, 6), round(work, 6)
    (1.0, 1.0)
    """
    import qutip

    cutoff = QUTIP_CUTOFF + math.ceil(photons)
    a = qutip.tensor([qutip.destroy(cutoff + 1)] + [qutip.qeye(2)] * n_atoms)
    lowering = [
        qutip.tensor(
            [qutip.qeye(cutoff + 1)]
            + [qutip.destroy(2) if i == k else qutip.qeye(2) for i in range(n_atoms)]
        )
        for k in range(n_atoms)
    ]
    j_minus = sum(lowering)
    battery = sum(op.dag() * op for op in lowering)
    hamiltonian = a.dag() * a + battery + coupling * (j_minus.dag() * a + j_minus * a.dag())
    charger = (
        qutip.coherent(cutoff + 1, math.sqrt(photons))
        if coherent
        else qutip.basis(cutoff + 1, int(photons))
    )
    state = qutip.tensor([charger] + [qutip.basis(2, 0)] * n_atoms)
    options = {"atol": 1e-11, "rtol": 1e-11, "nsteps": 100000}
    states = qutip.sesolve(hamiltonian, state, times, options=options).states
    levels = np.sort([bin(k).count("1") for k in range(2**n_atoms)]).astype(
        float
    )  # H_B = number of excited qubits
    local_battery = sum(
        qutip.tensor([qutip.num(2) if i == k else qutip.qeye(2) for i in range(n_atoms)])
        for k in range(n_atoms)
    )
    energies, works = [], []
    for psi in states:
        rho = psi.ptrace(list(range(1, n_atoms + 1)))
        energy = float(np.real(qutip.expect(local_battery, rho)))
        populations = np.sort(np.real(rho.eigenenergies()))[::-1]
        energies.append(energy)
        works.append(energy - float(populations @ levels))
    peak = int(np.argmax(energies))
    return energies[peak], works[peak]


# --- Binder et al. 2015 / Campaioli et al. 2017 / Gyhm et al. 2022 ------------------------------


def _by_charging(outcome: Outcome, name: str, charging: str) -> tuple[np.ndarray, np.ndarray]:
    values = outcome.dataset[name].sel({"model.charging": charging})
    sizes = np.asarray(values["model.n_spins"].values, dtype=float)
    return sizes, np.asarray(values.values, dtype=float)


def _binder(outcome: Outcome) -> list[Check]:
    model = outcome.document["model"]
    g, omega, k = model["coupling"], model.get("omega", 1.0), model.get("cluster", 2)
    sizes, parallel = _by_charging(outcome, "max_average_power", "parallel")
    _, clusters = _by_charging(outcome, "max_average_power", "clusters")
    _, collective = _by_charging(outcome, "max_average_power", "global")
    _, t_parallel = _by_charging(outcome, "optimal_time", "parallel")
    _, t_global = _by_charging(outcome, "optimal_time", "global")
    _, peak = _by_charging(outcome, "max_power", "global")
    gamma = collective / parallel
    largest = int(np.argmax(sizes))
    n = float(sizes[largest])
    bound = gyhm_power_bound(int(n), omega, g)
    k_local = [
        k_local_advantage_bound(int(size), [k] * int(size // k), [k * g] * int(size // k), g)
        for size in sizes
    ]
    here = int(np.flatnonzero(sizes == CHECK_SIZE)[0])
    closed = group_max_average_power(CHECK_SIZE, CHECK_SIZE, g, omega)
    reference = qutip_global_power(CHECK_SIZE, g, omega, grid(outcome))
    ours = float(collective[here])
    return [
        Check(
            quantity=f"charging time ratio tau_parallel / tau_global at N = {n:g}",
            reference="global charging is N times faster at equal drive norm (Binder et al.)",
            source="paper",
            expected=n,
            tolerance=GRID_TOLERANCE * n,
            value=float(t_parallel[largest] / t_global[largest]),
            note="tau: the optimal time of the average power",
        ),
        Check(
            quantity="largest abs(Gamma(N) / N - 1), Gamma = P_global / P_parallel",
            reference="Gamma <= N (Gyhm et al.), attained by the global swap",
            source="paper",
            expected=0.0,
            tolerance=GRID_TOLERANCE,
            value=float(np.max(np.abs(gamma / sizes - 1.0))),
        ),
        Check(
            quantity="exponent of Gamma(N)",
            reference="the quantum advantage grows at most linearly in N (Gyhm et al.)",
            source="paper",
            expected=1.0,
            tolerance=GRID_TOLERANCE,
            value=exponent(sizes, gamma, [sizes.min(), sizes.max()]),
            checked=not outcome.quick,
        ),
        Check(
            quantity=f"largest instantaneous power / (N^2 omega g) at N = {n:g}, global",
            reference="P <= N^2 De g for a drive of norm <= N g (Gyhm et al.), attained",
            source="paper",
            expected=1.0,
            tolerance=GRID_TOLERANCE,
            value=float(peak[largest]) / bound,
            note="the peak sin(2 N g t) = 1 lies between grid times: below 1 by < 1e-4",
        ),
        Check(
            quantity=f"largest abs(Gamma_k(N) - k-local bound), groups of k = {k}",
            reference="a k-local charging gains at most its locality over parallel charging "
            "(Campaioli et al.; bound (4) of qbattery.metrics.collective_bounds), attained",
            source="paper",
            expected=0.0,
            tolerance=GRID_TOLERANCE * k,
            value=float(np.max(np.abs(clusters / parallel - np.asarray(k_local)))),
        ),
        Check(
            quantity=f"P_max, global, N = {CHECK_SIZE}",
            reference="N^2 omega g max_x sin^2(x)/x: the swap oscillates at N g",
            source="closed form",
            expected=closed,
            tolerance=QUTIP_RELATIVE_TOLERANCE * closed,
            value=ours,
        ),
        Check(
            quantity=f"P_max, global, N = {CHECK_SIZE}",
            reference="the swap written out and solved by qutip.sesolve",
            source="QuTiP",
            expected=reference,
            tolerance=QUTIP_RELATIVE_TOLERANCE * reference,
            value=ours,
            note="our P_max is refined between grid times, QuTiP's is the best grid point",
        ),
    ]


BINDER_2015 = Entry(
    name="binder2015_global_charging",
    citation=(
        "F. C. Binder, S. Vinjanampathy, K. Modi and J. Goold, Quantacell: powerful charging "
        "of quantum batteries, New J. Phys. 17, 075015 (2015); F. Campaioli, F. A. Pollock, "
        "F. C. Binder, L. Celeri, J. Goold, S. Vinjanampathy and K. Modi, Enhancing the "
        "charging power of quantum batteries, Phys. Rev. Lett. 118, 150601 (2017); J.-Y. Gyhm, "
        "D. Safranek and D. Rosa, Quantum charging advantage cannot be extensive without "
        "global operations, Phys. Rev. Lett. 128, 140501 (2022)"
    ),
    claim=(
        "Global charging of N qubits is N times faster and N times more powerful than parallel "
        "charging at equal drive norm, attaining the bounds Gamma <= N and P <= N^2 De g."
    ),
    compare=_binder,
    quick={"axes": {"model.n_spins": [2, 4]}},
    unconfirmed=(
        "The papers state bounds and scalings, not numbers; the entry checks the N-fold "
        "speed-up and that global (k-local) charging attains the bound of qbattery's "
        "collective_bounds, with the drive norm fixed at N g. Campaioli et al.'s own bound "
        "Gamma <= gamma [k (m - 1) + 1] carries a problem-dependent gamma that was not read "
        "off; the state-independent bound (4) of qbattery.metrics.collective_bounds is used.",
    ),
)


# --- Andolina et al. 2019 --------------------------------------------------------------------


def _fraction(outcome: Outcome, charger: str) -> tuple[np.ndarray, np.ndarray]:
    select = {"model.charger": charger}
    work = outcome.dataset["ergotropy_at_max_energy"].sel(select)
    energy = outcome.dataset["max_energy"].sel(select)
    sizes = np.asarray(work["model.n_atoms"].values, dtype=float)
    return sizes, np.asarray(work.values, dtype=float) / np.asarray(energy.values, dtype=float)


def _andolina(outcome: Outcome) -> list[Check]:
    model = outcome.document["model"]
    sizes, fock = _fraction(outcome, "fock")
    _, coherent = _fraction(outcome, "coherent")
    judged = not outcome.quick
    many = sizes >= 4
    coupling = model["coupling"] / math.sqrt(QUTIP_ATOMS)  # coupling_scaling = "inverse_sqrt"
    energy, work = qutip_tavis_cummings_work(
        QUTIP_ATOMS, coupling, QUTIP_ATOMS, grid(outcome), coherent=True
    )
    where = {"model.n_atoms": QUTIP_ATOMS, "model.charger": "coherent"}
    ours = point_value(outcome, "ergotropy_at_max_energy", where)
    one = float(fock[sizes == 1][0])

    def trend(fraction: np.ndarray) -> float:
        return -exponent(sizes[many], 1.0 - fraction[many], [4.0, float(sizes.max())])

    return [
        Check(
            quantity="largest deficit 1 - W_erg / E at the energy peak, Fock charger, N >= 2",
            reference="correlations between charger and battery reduce the extractable fraction",
            source="paper",
            expected=0.0,
            tolerance=DEFICIT_MARGIN,
            value=float(np.max(1.0 - fock[sizes >= 2])),
            kind="above",
        ),
        Check(
            quantity="-exponent of 1 - W_erg / E against N (N >= 4), coherent charger",
            reference="asymptotically free of locking correlations as N -> infinity",
            source="paper",
            expected=0.0,
            tolerance=0.3,
            value=trend(coherent),
            kind="above",
            checked=judged,
        ),
        Check(
            quantity="-exponent of 1 - W_erg / E against N (N >= 4), Fock charger",
            reference="asymptotically free of locking correlations as N -> infinity",
            source="paper",
            expected=0.0,
            tolerance=0.3,
            value=trend(fock),
            kind="above",
            checked=judged,
        ),
        Check(
            quantity="W_erg / E at the energy peak, N = 1, Fock charger with one photon",
            reference="Jaynes-Cummings: full transfer to the pure excited state, all of it "
            "extractable",
            source="closed form",
            expected=1.0,
            tolerance=GRID_TOLERANCE,
            value=one,
        ),
        Check(
            quantity=f"ergotropy at the energy peak, N = {QUTIP_ATOMS}, coherent charger",
            reference="the battery written out on the cavity and two explicit qubits, "
            "qutip.sesolve, ergotropy of the reduced state by hand",
            source="QuTiP",
            expected=work,
            tolerance=1e-5 * energy,
            value=ours,
        ),
    ]


ANDOLINA_2019 = Entry(
    name="andolina2019_extractable_work",
    citation=(
        "G. M. Andolina, M. Keck, A. Mari, M. Campisi, V. Giovannetti and M. Polini, "
        "Extractable work, the role of correlations, and asymptotic freedom in quantum "
        "batteries, Phys. Rev. Lett. 122, 047702 (2019)"
    ),
    claim=(
        "Charger-battery correlations make part of the stored energy unextractable; the "
        "extractable fraction tends to 1 as N grows."
    ),
    compare=_andolina,
    quick={"axes": {"model.n_atoms": [1, 2, 4, 8]}},
    unconfirmed=(
        "The abstract states that the extractable fraction is highly reduced by correlations, "
        "that a coherent charger mitigates this, and that the system is asymptotically free; "
        "the paper's figures were not read off. Our computation (ergotropy on the full 2^N "
        "space at the peak of the stored energy, N photons, coupling ~ 1/sqrt(N)) does not "
        "show the coherent charger's fraction above the Fock charger's at every N (see the "
        "page), so that statement is not checked.",
    ),
)
