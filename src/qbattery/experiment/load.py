"""Reading an experiment file: TOML to a validated :class:`Experiment` or :class:`Sweep`.

Files are data: ``tomllib`` parses them, pydantic checks them, nothing is evaluated or
imported, and operators are read only from ``.npz`` archives in the file's directory (or in
``allowed_paths``). Every error is one :class:`~qbattery.experiment.locate.ExperimentFileError`
line naming the file, the line, the field and the fix.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from qbattery.experiment.locate import ExperimentFileError, Source
from qbattery.experiment.schema import Experiment
from qbattery.experiment.sections import Section, located
from qbattery.experiment.sweep import Sweep, SweepSection

__all__ = ["load", "validate"]

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class _SweepTable(Section):
    sweep: SweepSection


def validate(
    document: dict[str, Any],
    source: Source | None = None,
    allowed_paths: Sequence[str | Path] = (),
) -> Experiment | Sweep:
    """A parsed document (with or without ``sweep``) as an Experiment or a Sweep.

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> document = {"model": {"name": "rabi", "coupling": 0.2}, "times": {"stop": 1.0, "num": 2}}
    >>> ex.validate(document).model.name
    'rabi'
    """
    source = source or Source.none()
    context = {"directory": source.directory, "allowed": tuple(Path(p) for p in allowed_paths)}
    body = {key: value for key, value in document.items() if key != "sweep"}
    try:
        experiment = Experiment.model_validate(body, context=context).located(source)
    except ValidationError as exc:
        raise located(exc, body, source) from None
    if "sweep" not in document:
        return experiment
    try:
        section = _SweepTable.model_validate({"sweep": document["sweep"]}).sweep
    except ValidationError as exc:
        raise located(exc, {"sweep": document["sweep"]}, source) from None
    if section.realisations is not None and experiment.seed is None:
        raise source.error(
            ("sweep", "realisations"), "realisations need a seed; add seed = 0 at the top"
        )
    return Sweep(experiment.document(), section, source, context)


def load(path: str | Path, *, allowed_paths: Sequence[str | Path] = ()) -> Experiment | Sweep:
    """Read and validate the experiment file at ``path``.

    Parameters
    ----------
    path : str or Path
        A TOML file (``docs/experiments.md`` describes every field).
    allowed_paths : sequence of str or Path
        Files or directories outside the file's own directory that its ``operators`` may
        name; anything else outside is refused.

    Returns
    -------
    Experiment or Sweep
        A :class:`Sweep` if the file has a ``[sweep]`` table.

    Raises
    ------
    ExperimentFileError
        One line: ``FILE:LINE: field: what is wrong; what to do``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import qbattery.experiment as ex
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = pathlib.Path(folder) / "rabi.toml"
    ...     text = '[model]\\nname = "rabi"\\ncoupling = 0.2\\n[times]\\nstop = 1.0\\nnum = 2\\n'
    ...     _ = path.write_text(text)
    ...     experiment = ex.load(path)
    >>> experiment.model.name, experiment.times.stop
    ('rabi', 1.0)
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExperimentFileError(
            f"cannot read it ({exc.__class__.__name__}: {exc}); give a UTF-8 TOML file",
            path=file,
            line=None,
            field="",
        ) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_LINE.search(str(exc))
        raise ExperimentFileError(
            f"not valid TOML: {exc}; fix the syntax",
            path=file,
            line=int(where.group(1)) if where else None,
            field="",
        ) from None
    return validate(document, Source.read(file, text), allowed_paths)
