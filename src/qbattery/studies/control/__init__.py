"""Optimal charging protocols (issue 14): exact GRAPE gradients climbed by L-BFGS-B.

- :mod:`~qbattery.studies.control.propagation`: forward/backward sweeps, closed and open.
- :mod:`~qbattery.studies.control.objectives`: ergotropy, average power, ``F_alpha`` and their
  derivatives with respect to the battery state.
- :mod:`~qbattery.studies.control.basis`: piecewise and Fourier parametrisations.
- :mod:`~qbattery.studies.control.problem`: :class:`ControlProblem` (objective and gradient of
  a parameter vector) and :func:`linear_control` (a model parameter as the control).
- :mod:`~qbattery.studies.control.optimise`: :func:`optimise_protocol` and its result.
- :mod:`~qbattery.studies.control.compare`: :func:`compare_with_constant`, the gain over the best
  constant coupling.
"""

from qbattery.studies.control.compare import ProtocolComparison, compare_with_constant
from qbattery.studies.control.optimise import OptimisedProtocol, optimise_protocol
from qbattery.studies.control.problem import ControlProblem, control_problem, linear_control

__all__ = [
    "ControlProblem",
    "OptimisedProtocol",
    "ProtocolComparison",
    "compare_with_constant",
    "control_problem",
    "linear_control",
    "optimise_protocol",
]
