"""The self-contained ``report.html`` of a run or a sweep, with its figures as PNG files.

:func:`write_report` is the generic core (any figures, tables, parameters and provenance,
every string escaped); :func:`run_report` and :func:`sweep_report` compose it from the
in-memory data of one charging run or of a sweep; :func:`finish_sweep` and
:func:`report_sweep` write a stored sweep's ``data.nc`` and report.
"""

from __future__ import annotations

from qbattery.report.content import ReportFigure, Table, figure_name, format_value
from qbattery.report.document import write_report
from qbattery.report.run import run_report
from qbattery.report.sweep import sweep_report
from qbattery.report.sweep_results import finish_sweep, report_sweep, sweep_study

__all__ = [
    "ReportFigure",
    "Table",
    "figure_name",
    "finish_sweep",
    "format_value",
    "report_sweep",
    "run_report",
    "sweep_report",
    "sweep_study",
    "write_report",
]
