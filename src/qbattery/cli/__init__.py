"""The ``qbattery`` command line (the top floor: nothing in the library imports it).

``qbattery run FILE --out DIR``, ``qbattery sweep FILE --out DIR [--workers N | --scheduler
ADDRESS]``, ``qbattery report DIR``, ``qbattery models [NAME] [--json]``, ``qbattery reproduce
NAME --out DIR [--quick]`` (or ``--list``), ``qbattery demo`` and ``qbattery --version``; exit
codes in :mod:`qbattery.cli.errors`.
"""

from qbattery.cli import catalogue, demo, experiments, gallery, sweeps
from qbattery.cli.app import app

__all__ = ["app", "catalogue", "demo", "experiments", "gallery", "sweeps"]
