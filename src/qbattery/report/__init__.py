"""The self-contained ``report.html`` of a run or a sweep, with its figures as PNG files.

:func:`write_report` is the generic core (any figures, tables, parameters and provenance,
every string escaped); :func:`run_report` and :func:`sweep_report` compose it from the
in-memory data of one charging run or of a sweep.
"""

from __future__ import annotations

from qbattery.report.content import ReportFigure, Table, figure_name, format_value
from qbattery.report.document import write_report
from qbattery.report.run import run_report
from qbattery.report.sweep import sweep_report

__all__ = [
    "ReportFigure",
    "Table",
    "figure_name",
    "format_value",
    "run_report",
    "sweep_report",
    "write_report",
]
