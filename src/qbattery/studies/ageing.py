"""Ageing and protection of a charged battery (review sec. 5.3): protected against unprotected.

Each protocol stores the same battery twice, once protected and once not, and reports both
through the self-discharge analysis of :func:`qbattery.studies.self_discharge` (stored energy and
ergotropy against time, the lifetimes to a fraction of the initial value, the time the battery
becomes passive). :class:`Protection` holds the pair.

**Adiabatic protection of a three-level battery** (:func:`adiabatic_protection`; Santos,
Cakmak, Campbell & Zinner, PRE 100, 032107 (2019), review ref. [70]). A ladder
``|1>, |2>, |3>`` with energies ``0, w, 2w`` is driven resonantly; in the frame rotating with the
fields,

    H(t) = (Omega_12(t) / 2)(|1><2| + h.c.) + (Omega_23(t) / 2)(|2><3| + h.c.).

With ``Omega_12 = Omega sin(theta)``, ``Omega_23 = Omega cos(theta)``, ``theta = pi t / (2 tau)``
the dark state ``|D(t)> = cos(theta)|1> - sin(theta)|3>`` (eigenvalue 0) turns ``|1>`` into
``|3>`` at ``t = tau`` (STIRAP). In the basis ``(|D>, |C> = sin|1> + cos|3>, |2>)`` the
moving-frame Hamiltonian is time-independent, which gives the charging fidelity in closed form,

    |<3|psi(tau)>|^2 = [(Omega^2 / 4 + theta'^2 cos(Lambda tau)) / Lambda^2]^2,
    Lambda^2 = theta'^2 + Omega^2 / 4,   theta' = pi / (2 tau),

-> 1 as ``Omega tau -> inf`` (the adiabatic theorem). The counter-diabatic term
``H_CD = theta' i(|1><3| - |3><1|)`` cancels the ``D``-``C`` coupling, so the dark state is
followed exactly at any ``tau`` (Demirplak & Rice, JPCA 107, 9937 (2003); Berry, JPA 42,
365303 (2009); for this battery Dou et al., review ref. [40]). After ``tau`` the fields keep their
final values (``Omega_12 = Omega``, ``Omega_23 = 0``): ``|3>`` is then an eigenstate of the
Hamiltonian that stays on, so the charged battery does not discharge (Santos et al.'s
stability). The unprotected battery is charged by constant equal fields
``Omega_12 = Omega_23 = Omega`` (full charge at ``tau_R = sqrt(2) pi / Omega``) and left with
them on: its energy ``w (1 + cos(Omega s / sqrt(2)))`` oscillates back out after a storage
time ``s``.

**Coherence against self-discharge** (:func:`coherence_protection`; Santos, PRE 103, 042118
(2021), review ref. [183]). A qubit ``H_B = w |e><e|`` with the same stored energy ``p w`` held
either in populations, ``rho = diag(1 - p, p)``, or in a coherent superposition
``sqrt(1 - p)|g> + sqrt(p)|e>``. With the Bloch vector ``(x, y, z)`` its ergotropy is
``E = w (z + |r|) / 2``. Under emission at rate ``gamma`` and dephasing (Lindblad operator
``sqrt(gamma_phi)|e><e|``), ``z + 1 = 2 p exp(-gamma t)`` and the coherence decays as
``exp(-(gamma + gamma_phi) t / 2)``: the incoherent battery becomes passive at
``ln(2p) / gamma``, the coherent one keeps ergotropy as long as it keeps coherence. Pure
dephasing does the opposite (energy and incoherent ergotropy kept, coherent ergotropy lost):
the comparison reports whichever the rates give.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from qbattery.battery import Battery
from qbattery.charge import charge
from qbattery.environments.markovian import local_noise
from qbattery.errors import QBatteryValueError
from qbattery.models.multilevel.levels import ground, transition
from qbattery.models.multilevel.resonant import qutrit_battery
from qbattery.protocols import Harmonic, Step
from qbattery.results import ENERGY_UNITS, TIME_UNITS
from qbattery.studies.self_discharge import SelfDischarge, self_discharge
from qbattery.validation import non_negative_real, positive_real

__all__ = ["Protection", "adiabatic_protection", "coherence_protection"]


@dataclass(frozen=True, repr=False)
class Protection:
    """A protected and an unprotected storage of the same battery, analysed alike.

    Attributes
    ----------
    protocol : str
        ``"floquet"``, ``"adiabatic"`` or ``"coherence"``.
    protected, unprotected : SelfDischarge
        Stored energy, ergotropy and lifetimes of each (on the same storage times).
    details : dict
        The protocol's own scalars (charging fidelities, bound-state quasi-energy, ...).

    Examples
    --------
    >>> import numpy as np
    >>> out = coherence_protection(stored_fraction=0.8, emission=1.0,
    ...                            storage_times=np.linspace(0, 3, 31))
    >>> out.protocol, out.protected.ergotropy_lifetime is not None
    ('coherence', True)
    """

    protocol: str
    protected: SelfDischarge
    unprotected: SelfDischarge
    details: dict[str, Any]

    @property
    def lifetime_gain(self) -> float | None:
        """Protected over unprotected ergotropy lifetime; ``inf`` if only the unprotected one
        is reached on the grid, ``None`` if the unprotected one is not reached."""
        bare = self.unprotected.ergotropy_lifetime
        kept = self.protected.ergotropy_lifetime
        if bare is None:
            return None
        if kept is None:
            return float("inf")
        return kept / bare if bare > 0 else float("inf")

    def summary(self) -> dict[str, Any]:
        """Both storages' summaries, the gain and the details, JSON-serialisable.

        Examples
        --------
        >>> import numpy as np
        >>> out = coherence_protection(stored_fraction=0.8, emission=1.0,
        ...                            storage_times=np.linspace(0, 3, 31))
        >>> summary = out.summary()
        >>> round(summary["unprotected"]["passive_time"], 9), round(float(np.log(1.6)), 9)
        (0.470003629, 0.470003629)
        """
        return {
            "protocol": self.protocol,
            "lifetime_gain": self.lifetime_gain,
            "protected": self.protected.summary(),
            "unprotected": self.unprotected.summary(),
            **self.details,
        }

    def to_xarray(self) -> Any:
        """Ergotropy and stored energy over ``(storage, time)``, storage = protected/unprotected.

        Examples
        --------
        >>> import numpy as np
        >>> out = coherence_protection(stored_fraction=0.8, emission=1.0,
        ...                            storage_times=np.linspace(0, 3, 31))
        >>> dataset = out.to_xarray()
        >>> dict(dataset.sizes), dataset["ergotropy"].values[:, 0].round(12).tolist()
        ({'storage': 2, 'time': 31}, [0.8, 0.6])
        """
        import xarray as xr

        energy = {"units": ENERGY_UNITS}
        stack = {
            name: (
                ("storage", "time"),
                np.array([getattr(self.protected, name), getattr(self.unprotected, name)]),
                {**energy, "long_name": name.replace("_", " ")},
            )
            for name in ("ergotropy", "stored_energy")
        }
        coords = {
            "storage": ["protected", "unprotected"],
            "time": ("time", self.protected.times, {"units": TIME_UNITS}),
        }
        attrs = {"protocol": self.protocol, "fraction": self.protected.fraction}
        attrs.update({k: (int(v) if isinstance(v, bool) else v) for k, v in self.details.items()})
        return xr.Dataset(stack, coords=coords, attrs=attrs)

    def __repr__(self) -> str:
        def shown(value: float | None) -> str:
            return "not reached" if value is None else f"{value:.6g}"

        return (
            f"Protection({self.protocol}: ergotropy lifetime to {self.protected.fraction:g}, "
            f"protected {shown(self.protected.ergotropy_lifetime)}, unprotected "
            f"{shown(self.unprotected.ergotropy_lifetime)}; gain {shown(self.lifetime_gain)})"
        )


def adiabatic_protection(
    *,
    rabi_frequency: float,
    duration: float,
    storage_times: Any,
    level_spacing: float = 1.0,
    counter_diabatic: bool = False,
    emission: float = 0.0,
    dephasing: float = 0.0,
    fraction: float = 0.5,
) -> Protection:
    """Adiabatically charged three-level battery (STIRAP) against Rabi charging, fields kept on.

    Module docstring for the model, the closed-form fidelity and the source.

    Parameters
    ----------
    rabi_frequency : float
        ``Omega`` > 0, the peak Rabi frequency of both fields.
    duration : float
        ``tau`` > 0, the adiabatic charging time.
    storage_times : array (n,)
        Times after the charge (non-negative, increasing) at which both batteries are followed.
    level_spacing : float
        ``w`` > 0: H_B = diag(0, w, 2w).
    counter_diabatic : bool
        Add ``H_CD`` (cdSTIRAP) during the charge.
    emission, dephasing : float
        Optional rates (>= 0) of :func:`qbattery.environments.local_noise` on the ladder during
        storage (equal spacing keeps the rotating frame exact for them).
    fraction : float
        Lifetime threshold, as in :func:`qbattery.studies.self_discharge`.

    Returns
    -------
    Protection
        ``details``: ``charging_fidelity`` (population of ``|3>`` after the adiabatic charge),
        ``rabi_charging_fidelity``, ``duration``, ``rabi_duration``.

    Examples
    --------
    The charging fidelity against its closed form; the protected battery keeps its charge
    with the fields on, the Rabi-charged one loses half its energy after ``pi / (sqrt(2) Omega)``:

    >>> out = adiabatic_protection(rabi_frequency=20.0, duration=5.0,
    ...                            storage_times=np.linspace(0, 1, 21))
    >>> rate, big = np.pi / 10, np.sqrt((np.pi / 10) ** 2 + 100.0)
    >>> closed = ((100.0 + rate**2 * np.cos(5.0 * big)) / big**2) ** 2
    >>> round(out.details["charging_fidelity"], 9) == round(float(closed), 9)
    True
    >>> out.protected.ergotropy_lifetime is None
    True
    >>> round(out.unprotected.ergotropy_lifetime, 6), round(float(np.pi / (np.sqrt(2) * 20.0)), 6)
    (0.111072, 0.111072)
    """
    omega = positive_real(rabi_frequency, "rabi_frequency")
    tau = positive_real(duration, "duration")
    spacing = positive_real(level_spacing, "level_spacing")
    rates = {"emission": non_negative_real(emission, "emission")}
    rates["dephasing"] = non_negative_real(dephasing, "dephasing")
    x12, x23 = transition(0, 1), transition(1, 2)
    sweep = np.pi / (2 * tau)
    terms: list[Any] = [
        0 * x12,
        (omega / 2 * x12, Harmonic(1.0, sweep, -np.pi / 2, tau)),
        (omega / 2 * x23, Harmonic(1.0, sweep, 0.0, tau)),
    ]
    if counter_diabatic:
        terms.append((sweep * transition(0, 2, "y"), Step(1.0, 0.0, tau)))
    rabi = qutrit_battery(omega, omega_q=spacing, anharmonicity=0.0)
    rabi_time = rabi.parameters["charging_time"]
    hb = rabi.battery_hamiltonian
    stored = {}
    fidelities = {}
    for name, charging, hold, time in (
        ("protected", Battery(terms, hb, ground()), omega / 2 * x12, tau),
        ("unprotected", rabi, omega / 2 * (x12 + x23), rabi_time),
    ):
        result = charge(charging, [time], method="ode", full_states=True, ergotropy=False)
        state = result.state_at(time)
        fidelities[name] = float(abs(state[2]) ** 2)
        storage = local_noise(
            Battery(hold, hb, state), emission=rates["emission"], dephasing=rates["dephasing"]
        )
        stored[name] = self_discharge(storage, storage_times, fraction=fraction)
    return Protection(
        protocol="adiabatic",
        protected=stored["protected"],
        unprotected=stored["unprotected"],
        details={
            "charging_fidelity": fidelities["protected"],
            "rabi_charging_fidelity": fidelities["unprotected"],
            "duration": tau,
            "rabi_duration": float(rabi_time),
            "counter_diabatic": counter_diabatic,
        },
    )


def coherence_protection(
    *,
    stored_fraction: float,
    storage_times: Any,
    emission: float = 0.0,
    dephasing: float = 0.0,
    frequency: float = 1.0,
    fraction: float = 0.5,
) -> Protection:
    """Energy stored in coherence against the same energy in populations (module docstring).

    Parameters
    ----------
    stored_fraction : float
        ``p`` in (0, 1): both qubits start with stored energy ``p w`` (the incoherent one
        has ergotropy only for ``p > 1/2``).
    storage_times : array (n,)
    emission, dephasing : float
        Rates >= 0 of :func:`qbattery.environments.local_noise` (zero temperature).
    frequency : float
        ``w`` > 0.
    fraction : float
        Lifetime threshold, as in :func:`qbattery.studies.self_discharge`.

    Returns
    -------
    Protection
        ``protected``: the coherent qubit; ``unprotected``: the incoherent one.

    Examples
    --------
    Under emission the incoherent battery is passive at ``ln(2p) / gamma``, the coherent one
    never:

    >>> out = coherence_protection(stored_fraction=0.8, emission=1.0,
    ...                            storage_times=np.linspace(0, 3, 31))
    >>> round(out.unprotected.passive_time, 9), round(float(np.log(1.6)), 9)
    (0.470003629, 0.470003629)
    >>> out.protected.passive_time is None, round(out.lifetime_gain, 3)
    (True, 1.718)
    """
    p = positive_real(stored_fraction, "stored_fraction")
    if p >= 1:
        raise QBatteryValueError(
            f"stored_fraction: must lie in (0, 1) (1 is the excited state, which has no "
            f"coherence to compare), got {stored_fraction!r}"
        )
    w = positive_real(frequency, "frequency")
    rates = {"emission": non_negative_real(emission, "emission")}
    rates["dephasing"] = non_negative_real(dephasing, "dephasing")
    hb = np.diag([0.0, w]).astype(complex)
    coherent = np.array([np.sqrt(1 - p), np.sqrt(p)], dtype=complex)
    incoherent = np.diag([1 - p, p]).astype(complex)
    protected, unprotected = (
        self_discharge(
            local_noise(
                Battery(hb, hb, state), emission=rates["emission"], dephasing=rates["dephasing"]
            ),
            storage_times,
            fraction=fraction,
        )
        for state in (coherent, incoherent)
    )
    return Protection(
        protocol="coherence",
        protected=protected,
        unprotected=unprotected,
        details={"stored_fraction": p, **rates},
    )
