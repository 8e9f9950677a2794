"""Where and with what a sweep ran: versions, host, timestamps, a point's seed.

Recorded per run (versions of qbattery and its dependencies, host, pid) and per point (the
worker's host and pid, start and finish, seconds, seed and method; see :mod:`.worker`).
"""

from __future__ import annotations

import os
import platform
import socket
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from qbattery.sweep.canonical import canonical_json
from qbattery.version import __version__

__all__ = ["DEPENDENCIES", "dependency_versions", "find_seed", "host", "run_record", "timestamp"]

#: Distributions whose versions every run records (missing ones are recorded as absent).
DEPENDENCIES = ("numpy", "scipy", "qutip", "xarray", "threadpoolctl", "distributed")


def timestamp() -> str:
    """The current UTC time, ISO 8601 with microseconds.

    Examples
    --------
    >>> from datetime import datetime
    >>> from qbattery.sweep.provenance import timestamp
    >>> datetime.fromisoformat(timestamp()).tzinfo is not None
    True
    """
    return datetime.now(UTC).isoformat()


def host() -> str:
    """This machine's host name.

    Examples
    --------
    >>> from qbattery.sweep.provenance import host
    >>> isinstance(host(), str)
    True
    """
    return socket.gethostname()


def dependency_versions() -> dict[str, str | None]:
    """Versions of Python and of :data:`DEPENDENCIES` (``None`` for one not installed).

    Examples
    --------
    >>> from qbattery.sweep.provenance import dependency_versions
    >>> "numpy" in dependency_versions()
    True
    """
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in DEPENDENCIES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return versions


def run_record(
    *,
    identity_hash: str,
    metadata: Mapping[str, Any],
    executor: str,
    points_total: int,
    points_pending: int,
) -> dict[str, Any]:
    """The row a run starts with in the store's ``runs`` table (status ``running``).

    Examples
    --------
    >>> from qbattery.sweep.provenance import run_record
    >>> record = run_record(identity_hash="demo", metadata={}, executor="local", points_total=2,
    ...                     points_pending=2)
    >>> record["status"], record["points_total"]
    ('running', 2)
    """
    return {
        "identity_hash": identity_hash,
        "metadata": canonical_json(metadata, "metadata"),
        "qbattery_version": __version__,
        "versions": canonical_json(dependency_versions(), "versions"),
        "host": host(),
        "pid": os.getpid(),
        "executor": executor,
        "points_total": points_total,
        "points_pending": points_pending,
        "started": timestamp(),
        "status": "running",
    }


def find_seed(*sources: Any) -> Any:
    """The first value under a key ``"seed"`` in the given mappings, searched depth first.

    Examples
    --------
    >>> find_seed({"coupling": 0.1}, {"model": {"n_atoms": 2}, "noise": {"seed": 7}})
    7
    >>> find_seed({"coupling": 0.1}, "not a mapping") is None
    True
    """
    for source in sources:
        if isinstance(source, Mapping):
            if "seed" in source and source["seed"] is not None:
                return source["seed"]
            found = find_seed(*source.values())
            if found is not None:
                return found
        elif isinstance(source, list | tuple):
            found = find_seed(*source)
            if found is not None:
                return found
    return None
