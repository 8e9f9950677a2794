"""Gallery entries of measured batteries: Zeno protection of a charged atom by repeated energy
measurements (Gherardini et al.) and charging a decaying qubit by homodyne measurement with
linear feedback (Mitchison, Goold and Prior).

Independent computations, both in closed form and in QuTiP written out by hand:

- **Zeno.** One atom (levels ``(g, e)``, splitting omega_a) resonant with an empty cavity mode,
  ``H = a^dag a + omega_a J_z + g (sigma_+ a + sigma_- a^dag)``, starting in ``|e, 0>``. In a
  time s the excitation moves to ``|g, 1>`` with probability ``q(s) = sin^2(g s)``, and back the
  same way, so after each non-selective measurement of the atom's energy the state is a mixture
  of ``|e, 0>`` and ``|g, 1>`` and the population difference ``x = p_e - p_g`` obeys
  ``x -> (1 - 2 q(s)) x``. Measured every tau up to T = n tau + r, ``x(T) = (1 - 2 q(tau))^n
  (1 - 2 q(r))``; the atom's state is diagonal, so its ergotropy is ``omega_a max(x, 0)``. For
  small tau, ``1 - x ~ 2 g^2 tau T -> 0`` (the Zeno limit: the short-time survival
  ``1 - tau^2 Delta H^2`` of Misra & Sudarshan, J. Math. Phys. 18, 756 (1977), with
  ``Delta H = g``). The entry keeps the cavity resonant (``omega_c = omega_a = 1``), as this
  closed form assumes.
- **Feedback.** A qubit ``H = (omega/2) sigma_z`` whose decay ``c = sqrt(gamma) sigma_-`` is
  detected with efficiency eta, the current fed back as ``I(t) lambda y``, ``y = -i(sigma_- -
  sigma_+)``. The Wiseman-Milburn master equation (Wiseman, PRA 49, 2133 (1994)) has
  ``c - i lambda y = (sqrt(gamma) - lambda) sigma_- + lambda sigma_+``, no feedback Hamiltonian
  (``c^dag y + y c = 0``) and the extra noise ``((1 - eta)/eta) lambda^2 D[y]``. From ``|g>`` the
  state stays diagonal and the excited population relaxes as a rate equation:
  ``p_e(t) = p_ss (1 - e^{-Gamma t})``, ``Gamma = a^2 + b^2 + 2 k^2``, ``p_ss = (b^2 + k^2) /
  Gamma`` with ``a = sqrt(gamma) - lambda``, ``b = lambda``, ``k^2 = lambda^2 (1 - eta)/eta``.
  At ``lambda = sqrt(gamma)`` and ``eta = 1`` the feedback turns the decay into pumping and the
  qubit is held fully charged; the ergotropy is ``omega max(2 p_e - 1, 0)``.
"""

from __future__ import annotations

import math

import numpy as np

from qbattery.gallery.common import exponent, series
from qbattery.gallery.entry import Check, Entry, Outcome

__all__ = [
    "GHERARDINI_2020",
    "MITCHISON_2021",
    "feedback_excited_population",
    "qubit_ergotropy",
    "qutip_feedback_state",
    "qutip_zeno_state",
    "zeno_population_difference",
]

#: Our ODE (Zeno) and Lindblad (feedback) solvers against the closed forms: 1.5e-9 and 4e-15
#: observed on these grids.
CLOSED_FORM_TOLERANCE = 1e-6

#: QuTiP's mesolve (atol 1e-11, rtol 1e-10) against ours, on one point: 1.2e-9 (Zeno) and
#: 1e-11 (feedback) observed.
QUTIP_TOLERANCE = 1e-6

#: Zeno: the largest interval of the fit of the loss 1 - E/omega_a against tau (small-tau law).
ZENO_FIT_MAX = 0.1

#: Zeno: the interval checked with QuTiP (the number of mesolve calls is T / tau).
ZENO_QUTIP_INTERVAL = 0.5

#: Exponent of the small-tau loss: 1 in the Zeno limit; the fit on tau <= 0.1 has 1 - 2 q
#: corrections of order g^2 tau T ~ 4e-2.
ZENO_EXPONENT_TOLERANCE = 0.05

#: Feedback: the inefficient detection at which the charging is checked to survive.
INEFFICIENT = 0.8

#: Feedback: the (efficiency, gain) point checked with QuTiP.
FEEDBACK_QUTIP_POINT = (0.8, 0.8)


def zeno_population_difference(coupling: float, interval: float, duration: float) -> float:
    """``p_e - p_g`` of the atom at ``duration``, measured every ``interval`` (module
    docstring): ``(1 - 2 q(tau))^n (1 - 2 q(r))``, ``q(s) = sin^2(g s)``, ``duration = n tau +
    r``; ``g`` is the vacuum Rabi coupling (``omega_c lambda`` of ``tavis_cummings``).

    Examples
    --------
    Unmeasured (an interval longer than the time), ``p_e - p_g = cos(2 g T)``; measured every
    0.1, ``(1 - 2 sin^2(0.01))^200 ~ exp(-0.04)`` is kept at g = 0.1, T = 20 (times in
    1/omega):

    >>> import math
    >>> from qbattery.gallery.measurement import zeno_population_difference
    >>> round(zeno_population_difference(0.1, 40.0, 20.0), 10) == round(math.cos(4.0), 10)
    True
    >>> round(zeno_population_difference(0.1, 0.1, 20.0), 6)
    0.960787
    """
    steps = math.floor(duration / interval * (1 + 1e-12))
    rest = max(duration - steps * interval, 0.0)
    kept = (1 - 2 * math.sin(coupling * interval) ** 2) ** steps
    return kept * (1 - 2 * math.sin(coupling * rest) ** 2)


def feedback_excited_population(rate: float, gain: float, efficiency: float, time: float) -> float:
    """Excited population at ``time`` of the feedback-charged qubit from ``|g>`` (module
    docstring): ``p_ss (1 - e^{-Gamma t})``.

    Examples
    --------
    At gain ``sqrt(rate)`` and efficiency 1 the decay becomes pumping at ``rate``, so
    ``p_e = 1 - e^{-t}`` at rate 1; at efficiency 0.8 the steady state is ``5/6``
    (rates in units of omega, times in 1/omega):

    >>> import math
    >>> from qbattery.gallery.measurement import feedback_excited_population
    >>> feedback_excited_population(1.0, 1.0, 1.0, 2.0) == 1 - math.exp(-2.0)
    True
    >>> round(feedback_excited_population(1.0, 1.0, 0.8, 100.0), 12)
    0.833333333333
    """
    decay = (math.sqrt(rate) - gain) ** 2
    pump = gain**2
    noise = gain**2 * (1 - efficiency) / efficiency
    total = decay + pump + 2 * noise
    if total == 0:
        return 0.0
    return (pump + noise) / total * (1 - math.exp(-total * time))


def qubit_ergotropy(state: np.ndarray, levels: tuple[float, float]) -> float:
    """Ergotropy of a qubit state ``(2, 2)`` for a diagonal ``H_B = diag(levels)``, written out:
    ``Tr[H rho] - (r_max e_low + r_min e_high)``.

    Examples
    --------
    The excited state of ``diag(0, 1)`` holds its whole energy; the maximally mixed state none:

    >>> import numpy as np
    >>> from qbattery.gallery.measurement import qubit_ergotropy
    >>> qubit_ergotropy(np.diag([0.0, 1.0]), (0.0, 1.0)), qubit_ergotropy(np.eye(2) / 2, (0.0, 1.0))
    (1.0, 0.0)
    """
    low, high = sorted(levels)
    energy = float(np.real(levels[0] * state[0, 0] + levels[1] * state[1, 1]))
    small, large = np.linalg.eigvalsh(state)
    return energy - float(large * low + small * high)


def qutip_zeno_state(coupling: float, interval: float, duration: float) -> np.ndarray:
    """The atom's state at ``duration`` from QuTiP: the one-atom cavity of the module docstring
    (resonant, omega = 1, three photon levels) solved by :func:`qutip.mesolve` between
    non-selective measurements of the atom's energy, applied by hand every ``interval``.

    Examples
    --------
    Unmeasured for a quarter vacuum Rabi period (g t = pi/4) the atom is half excited, in the
    basis ``(|g>, |e>)``:

    >>> import math
    >>> import numpy as np
    >>> from qbattery.gallery.measurement import qutip_zeno_state
    >>> np.round(np.real(qutip_zeno_state(0.1, 10.0, 2.5 * math.pi)), 6)
    array([[0.5, 0. ],
           [0. , 0.5]])
    """
    import qutip

    lower = qutip.Qobj(np.array([[0.0, 1.0], [0.0, 0.0]]))  # |g><e|, basis (g, e)
    a = qutip.tensor(qutip.destroy(3), qutip.qeye(2))
    sm = qutip.tensor(qutip.qeye(3), lower)
    sz = qutip.tensor(qutip.qeye(3), qutip.Qobj(np.diag([-1.0, 1.0])))
    hamiltonian = a.dag() * a + 0.5 * sz + coupling * (sm.dag() * a + sm * a.dag())
    ground = qutip.tensor(qutip.qeye(3), qutip.Qobj(np.diag([1.0, 0.0])))
    excited = qutip.tensor(qutip.qeye(3), qutip.Qobj(np.diag([0.0, 1.0])))
    state = qutip.ket2dm(qutip.tensor(qutip.basis(3, 0), qutip.basis(2, 1)))
    options = {"atol": 1e-11, "rtol": 1e-10}
    steps = math.floor(duration / interval * (1 + 1e-12))
    rest = max(duration - steps * interval, 0.0)
    for span in [interval] * steps + ([rest] if rest > 0 else []):
        state = qutip.mesolve(hamiltonian, state, [0.0, span], options=options).states[-1]
        if span == interval:
            state = ground * state * ground + excited * state * excited
    return np.asarray(state.ptrace(1).full())


def qutip_feedback_state(
    rate: float, gain: float, efficiency: float, duration: float
) -> np.ndarray:
    """The qubit's state at ``duration`` from QuTiP: the Wiseman-Milburn feedback master
    equation written out by hand, ``H + (c^dag F + F c)/2``, ``D[c - iF]``,
    ``((1 - eta)/eta) D[F]``, with ``c = sqrt(rate) sigma_-``, ``F = gain y``,
    ``H = sigma_z / 2``, from ``|g>`` (basis ``(|g>, |e>)``), solved by :func:`qutip.mesolve`.

    Examples
    --------
    With no feedback the qubit stays in ``|g>``; at gain 1 it is pumped to ``|e>``:

    >>> import numpy as np
    >>> from qbattery.gallery.measurement import qutip_feedback_state
    >>> float(np.real(qutip_feedback_state(1.0, 0.0, 1.0, 5.0)[1, 1]))
    0.0
    >>> round(float(np.real(qutip_feedback_state(1.0, 1.0, 1.0, 5.0)[1, 1])), 6)
    0.993262
    """
    import qutip

    lower = qutip.Qobj(np.array([[0.0, 1.0], [0.0, 0.0]]))
    y = -1j * (lower - lower.dag())
    c = math.sqrt(rate) * lower
    f = gain * y
    hamiltonian = 0.5 * qutip.Qobj(np.diag([-1.0, 1.0])) + 0.5 * (c.dag() * f + f * c)
    collapse = [c - 1j * f]
    if efficiency < 1:
        collapse.append(math.sqrt((1 - efficiency) / efficiency) * f)
    start = qutip.ket2dm(qutip.basis(2, 0))
    options = {"atol": 1e-11, "rtol": 1e-10}
    result = qutip.mesolve(hamiltonian, start, [0.0, duration], collapse, options=options)
    return np.asarray(result.states[-1].full())


def _gherardini(outcome: Outcome) -> list[Check]:
    model = outcome.document["model"]
    coupling = float(model.get("omega_c", 1.0)) * float(model["coupling"])
    omega = float(model.get("omega_a", 1.0))
    duration = float(outcome.document["times"]["stop"])
    intervals, ergotropy = series(outcome, "final_ergotropy", "measurement.interval")
    order = np.argsort(intervals)
    intervals, ergotropy = intervals[order], ergotropy[order]
    closed = np.array(
        [omega * max(zeno_population_difference(coupling, t, duration), 0.0) for t in intervals]
    )
    worst = int(np.argmax(np.abs(ergotropy - closed)))
    loss = 1 - ergotropy / omega
    small = intervals <= ZENO_FIT_MAX
    judged = not outcome.quick and int(small.sum()) >= 3
    slope = (
        exponent(intervals, loss, [intervals[0], ZENO_FIT_MAX]) if small.sum() >= 2 else math.nan
    )
    reference = qubit_ergotropy(
        qutip_zeno_state(coupling, ZENO_QUTIP_INTERVAL, duration), (0.0, omega)
    )
    ours = float(
        outcome.dataset["final_ergotropy"].sel({"measurement.interval": ZENO_QUTIP_INTERVAL})
    )
    return [
        Check(
            quantity=f"ergotropy at T = {duration:g}, smallest tau = {intervals[0]:g}",
            reference="frequent non-selective measurements keep the battery in its "
            "highest-ergotropy state (E -> omega_a as tau -> 0)",
            source="paper",
            expected=0.95 * omega,
            tolerance=0.0,
            value=float(ergotropy[0]),
            kind="above",
            checked=not outcome.quick,
            note="the 0.95 threshold is ours (the paper's ~95% fidelity is for its own model)",
        ),
        Check(
            quantity=f"loss 1 - E/omega_a at the longest tau = {intervals[-1]:g}",
            reference="without frequent measurements the stored ergotropy leaks away",
            source="paper",
            expected=0.5,
            tolerance=0.0,
            value=float(loss[-1]),
            kind="above",
            checked=not outcome.quick,
            note="threshold ours; closed form: loss = 1 for tau > T (cos(2 g T) < 0)",
        ),
        Check(
            quantity=f"exponent of the loss 1 - E/omega_a against tau <= {ZENO_FIT_MAX:g}",
            reference="Zeno limit: survival 1 - tau^2 Delta H^2 per measurement, so the loss "
            "over a fixed time vanishes linearly in tau",
            source="paper",
            expected=1.0,
            tolerance=ZENO_EXPONENT_TOLERANCE,
            value=slope,
            checked=judged,
            note="Misra & Sudarshan's law, which the paper's protocol relies on",
        ),
        Check(
            quantity="final ergotropy at every tau (largest deviation)",
            reference="two-state Markov chain of the vacuum Rabi leakage, (1 - 2 sin^2(g tau))^n",
            source="closed form",
            expected=float(closed[worst]),
            tolerance=CLOSED_FORM_TOLERANCE,
            value=float(ergotropy[worst]),
            note=f"worst at tau = {intervals[worst]:g}",
        ),
        Check(
            quantity=f"final ergotropy at tau = {ZENO_QUTIP_INTERVAL:g}",
            reference="qutip.mesolve between measurements applied by hand (atom + cavity)",
            source="QuTiP",
            expected=reference,
            tolerance=QUTIP_TOLERANCE,
            value=ours,
        ),
    ]


def _mitchison(outcome: Outcome) -> list[Check]:
    document = outcome.document
    measurement = document["measurement"]
    rate = float(measurement["measured"]["rate"])
    omega = float(document["model"]["omega"])
    duration = float(document["times"]["stop"])
    ergotropy = outcome.dataset["final_ergotropy"]
    efficiencies = np.asarray(ergotropy["measurement.efficiency"].values, dtype=float)
    gains = np.asarray(ergotropy["measurement.feedback.gain"].values, dtype=float)
    closed = np.array(
        [
            [
                omega * max(2 * feedback_excited_population(rate, g, e, duration) - 1, 0.0)
                for g in gains
            ]
            for e in efficiencies
        ]
    )
    values = np.asarray(
        ergotropy.transpose("measurement.efficiency", "measurement.feedback.gain").values,
        dtype=float,
    )
    worst = np.unravel_index(int(np.argmax(np.abs(values - closed))), values.shape)
    best = values.max(axis=1)
    perfect = efficiencies == 1.0
    eta, gain = FEEDBACK_QUTIP_POINT
    reference = qubit_ergotropy(
        qutip_feedback_state(rate, gain, eta, duration), (-omega / 2, omega / 2)
    )
    ours = float(ergotropy.sel({"measurement.efficiency": eta, "measurement.feedback.gain": gain}))
    lowest = float(efficiencies.min())
    checks = [
        Check(
            quantity="best ergotropy over the gain at eta = 1, minus its value at gain 0",
            reference="linear feedback counteracts the noise and allows stable, effective charging",
            source="paper",
            expected=0.9 * omega,
            tolerance=0.0,
            value=float(best[perfect][0] - values[perfect][0][gains == 0.0][0]),
            kind="above",
            checked=not outcome.quick,
            note="threshold ours; closed form: omega at gain sqrt(rate), 0 without feedback",
        ),
        Check(
            quantity=f"best ergotropy over the gain at eta = {INEFFICIENT:g}",
            reference="the good performance survives inefficient measurements",
            source="paper",
            expected=0.5 * omega,
            tolerance=0.0,
            value=float(best[efficiencies == INEFFICIENT][0]),
            kind="above",
            checked=not outcome.quick,
            note="threshold ours; closed form: 2/3 omega at gain sqrt(rate)",
        ),
        Check(
            quantity=f"best ergotropy over the gain at the lowest eta = {lowest:g}",
            reference="inefficient detection degrades the charging but does not stop it",
            source="paper",
            expected=0.1 * omega,
            tolerance=0.0,
            value=float(best[efficiencies == lowest][0]),
            kind="above",
            checked=not outcome.quick,
            note="threshold ours; closed form: omega eta / (2 - eta) at gain sqrt(rate)",
        ),
        Check(
            quantity="best gain at eta = 1",
            reference="p_ss = 1 at gain = sqrt(rate): the feedback turns decay into pumping",
            source="closed form",
            expected=math.sqrt(rate),
            tolerance=0.05,
            value=float(gains[int(np.argmax(values[perfect][0]))]),
        ),
        Check(
            quantity="final ergotropy at every (eta, gain) (largest deviation)",
            reference="rate equation of the feedback master equation, p_ss (1 - e^{-Gamma T})",
            source="closed form",
            expected=float(closed[worst]),
            tolerance=CLOSED_FORM_TOLERANCE,
            value=float(values[worst]),
            note=f"worst at eta = {efficiencies[worst[0]]:g}, gain = {gains[worst[1]]:g}",
        ),
        Check(
            quantity=f"final ergotropy at eta = {eta:g}, gain = {gain:g}",
            reference="the Wiseman-Milburn master equation written out, qutip.mesolve",
            source="QuTiP",
            expected=reference,
            tolerance=QUTIP_TOLERANCE,
            value=ours,
        ),
    ]
    return checks


GHERARDINI_2020 = Entry(
    name="gherardini2020_zeno",
    citation=(
        "S. Gherardini, F. Campaioli, F. Caruso and F. C. Binder, Stabilizing open quantum "
        "batteries by sequential measurements, Phys. Rev. Research 2, 013095 (2020)"
    ),
    claim="Frequent non-selective energy measurements keep a leaking battery charged.",
    compare=_gherardini,
    quick={"axes": {"measurement.interval": [0.1, 0.5, 2.0, 40.0]}},
    unconfirmed=(
        "The paper's own example (a qubit with H0 = 3 sigma_x + sigma_z under decoherence, "
        "optimised measurement times, ~95% average fidelity) is not reproduced: its noise "
        "model and times were not read off. The entry checks the abstract's statement (frequent "
        "non-selective measurements keep the highest-ergotropy state) on a battery whose "
        "leakage has a closed form, with thresholds of our choosing.",
    ),
)

MITCHISON_2021 = Entry(
    name="mitchison2021_feedback",
    citation=(
        "M. T. Mitchison, J. Goold and J. Prior, Charging a quantum battery with linear "
        "feedback control, Quantum 5, 500 (2021)"
    ),
    claim="Homodyne detection with linear feedback charges a decaying qubit and holds it "
    "charged, also with inefficient detection.",
    compare=_mitchison,
    quick={
        "axes": {
            "measurement.efficiency": [1.0, 0.8],
            "measurement.feedback.gain": [0.0, 0.5, 0.8, 1.0],
        }
    },
    unconfirmed=(
        "The paper charges a separate battery through a driven two-level charger; this entry "
        "keeps only the measured and fed-back two-level system (the population-stabilising "
        "strategy) and takes it as the battery. The paper's parameters, figures and the "
        "feedback-delay study were not read off; its abstract's qualitative statements are "
        "checked with thresholds of our choosing, every number against the closed form and "
        "QuTiP.",
    ),
)
