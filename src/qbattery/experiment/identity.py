"""Canonical JSON of a document, its hash, and the versions a result records.

>>> canonical_json({"b": 1, "a": [1.0, "x"]})
'{"a":[1.0,"x"],"b":1}'
>>> experiment_hash({"b": 1, "a": [1.0, "x"]}) == experiment_hash({"a": [1.0, "x"], "b": 1})
True
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from qbattery.version import __version__

__all__ = ["canonical_json", "experiment_hash", "versions"]


def canonical_json(document: Any) -> str:
    """``document`` as JSON with sorted keys, no spaces and no NaN/infinity: one text per value.

    Examples
    --------
    >>> from qbattery.experiment.identity import canonical_json
    >>> canonical_json({"b": 1, "a": [1.0, "x"]})
    '{"a":[1.0,"x"],"b":1}'
    """
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    )


def experiment_hash(document: Any) -> str:
    """The SHA-256 hex digest of :func:`canonical_json` of ``document``.

    Examples
    --------
    Key order does not change the hash:

    >>> from qbattery.experiment.identity import experiment_hash
    >>> experiment_hash({"b": 1, "a": 2}) == experiment_hash({"a": 2, "b": 1})
    True
    >>> len(experiment_hash({"a": 1}))
    64
    """
    return hashlib.sha256(canonical_json(document).encode("ascii")).hexdigest()


def _installed(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - every one is a dependency
        return "not installed"


def versions() -> dict[str, str]:
    """Versions of qbattery, its numerical dependencies and Python.

    Examples
    --------
    >>> from qbattery.experiment.identity import versions
    >>> sorted(versions())[:3]
    ['numpy', 'pydantic', 'python']
    """
    return {
        "qbattery": __version__,
        **{name: _installed(name) for name in ("numpy", "scipy", "qutip", "xarray", "pydantic")},
        "python": platform.python_version(),
    }
