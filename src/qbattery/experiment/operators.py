"""A user's battery operators: a NumPy ``.npz`` archive beside the experiment file.

The archive (``numpy.savez(path, hamiltonian=..., ...)``) holds numeric arrays only:

=========================  ===========  ================================================
key                        shape        meaning
=========================  ===========  ================================================
``hamiltonian``            (d, d)       H (with ``charging_hamiltonian``: its static part)
``battery_hamiltonian``    (d_B, d_B)   H_B on the battery subsystems
``initial_state``          (d,) or      ket or density matrix at t = 0
                           (d, d)
``charging_hamiltonian``   (d, d)       optional: H_1, multiplied by the ``[protocol]``
``collapse_ops``           (k, d, d)    optional: Lindblad operators
``dims``                   (n,)         optional: subsystem dimensions
``battery``                (m,)         optional: indices of the battery subsystems
=========================  ===========  ================================================

Files are data: the archive is read with ``numpy.load(..., allow_pickle=False)``, and a pickle
(QuTiP's ``qsave`` writes pickles) is refused before it is opened. A path outside the
experiment file's directory is refused unless it lies in one of the ``allowed_paths`` given to
:func:`qbattery.experiment.load`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic_core import PydanticCustomError

from qbattery.experiment.locate import FieldError, suggest

__all__ = ["OPERATOR_KEYS", "REQUIRED_KEYS", "checked_path", "load_operators"]

#: Arrays the archive must hold, and those it may hold.
REQUIRED_KEYS = ("hamiltonian", "battery_hamiltonian", "initial_state")
OPERATOR_KEYS = (*REQUIRED_KEYS, "charging_hamiltonian", "collapse_ops", "dims", "battery")

_ZIP = b"PK\x03\x04"
_PICKLE = b"\x80"


def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError("operators_file", "{message}", {"message": message})


def _within(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def checked_path(value: str, directory: Path | None, allowed: Sequence[Path | str]) -> Path:
    """The resolved path of ``value``, refused if it leaves ``directory`` (unless ``allowed``),
    does not exist, or is not a zip archive (a pickle, in particular).

    ``directory`` is None for a document built in code: its paths must then be absolute.

    Examples
    --------
    A path that leaves the experiment's directory is refused:

    >>> from pathlib import Path
    >>> from qbattery.experiment.operators import checked_path
    >>> checked_path("../secret.npz", Path("/tmp/experiments"), [])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    pydantic_core._pydantic_core.PydanticCustomError: '../secret.npz' is outside ...
    """
    path = Path(value)
    if not path.is_absolute():
        if directory is None:
            raise _refuse(
                f"relative path {value!r} without a file to be relative to; load the "
                "experiment with qbattery.experiment.load or give an absolute path"
            )
        path = directory / path
    resolved = path.resolve()
    roots = [Path(a).resolve() for a in allowed]
    if directory is not None:
        roots.append(directory.resolve())
        if not any(_within(resolved, root) for root in roots):
            raise _refuse(
                f"{value!r} is outside the experiment's directory {directory}; move it beside "
                "the file or pass its path in allowed_paths"
            )
    if not resolved.is_file():
        raise _refuse(f"no such file {str(resolved)!r}; save it with numpy.savez")
    with resolved.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(_PICKLE):
        raise _refuse(
            f"{value!r} is a pickle (QuTiP's qsave writes pickles), which experiment files "
            "never load; save the operators as arrays with numpy.savez"
        )
    if head != _ZIP:
        raise _refuse(f"{value!r} is not a NumPy .npz archive; save it with numpy.savez")
    return resolved


def load_operators(path: Path) -> dict[str, np.ndarray]:
    """The arrays of the archive at ``path`` (module docstring), checked by name.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import numpy as np
    >>> from qbattery.experiment.operators import load_operators
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "qubit.npz"
    ...     np.savez(path, hamiltonian=np.array([[0, 1], [1, 0]]),
    ...              battery_hamiltonian=np.diag([0.0, 1.0]), initial_state=np.array([1.0, 0.0]))
    ...     arrays = load_operators(path)
    >>> sorted(arrays)
    ['battery_hamiltonian', 'hamiltonian', 'initial_state']
    """
    key = ("model", "operators")
    arrays: dict[str, np.ndarray] = {}
    with np.load(path, allow_pickle=False) as archive:
        for name in archive.files:
            if name not in OPERATOR_KEYS:
                raise FieldError(
                    key,
                    f"{path.name} holds an array {name!r} that is not an operator key; "
                    f"{suggest(name, OPERATOR_KEYS)}valid keys: {', '.join(OPERATOR_KEYS)}",
                )
            try:
                arrays[name] = archive[name]
            except ValueError:
                raise FieldError(
                    key,
                    f"{path.name}: array {name!r} holds pickled Python objects, which "
                    "experiment files never load; save numeric arrays with numpy.savez",
                ) from None
    missing = [name for name in REQUIRED_KEYS if name not in arrays]
    if missing:
        raise FieldError(key, f"{path.name} lacks {', '.join(missing)}; add them to the .npz")
    return arrays
