"""From a validated experiment to the battery it describes, errors located in its file.

:func:`build_battery` builds the model (with its protocol) and attaches the environment and the
measurement scheme; :func:`control_battery` builds it with the coupling of ``[control]`` as the
control ``lambda(t)``; :func:`cell_battery` builds one cell of the parallel arrangement that a
collective battery is compared with (review sec. 3.2): the same model with one cell and the
collective battery's per-cell coupling and charger photons. :func:`located_errors` turns a
qbattery error raised while building or charging into an
:class:`~qbattery.experiment.locate.ExperimentFileError` at the table it concerns, at the key
the message names first when the table has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from qbattery.battery import Battery
from qbattery.errors import QBatteryError
from qbattery.experiment.locate import FieldError, Source
from qbattery.experiment.model import CatalogueModel, PresetModel, preset_overrides
from qbattery.experiment.parameters import size_parameter
from qbattery.experiment.schema import Experiment
from qbattery.models.catalogue import model_info
from qbattery.protocols import Step

__all__ = ["build_battery", "cell_battery", "control_battery", "located_errors"]

_ARGUMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\b")


@contextmanager
def located_errors(source: Source, table: str, document: dict[str, Any]) -> Iterator[None]:
    """Re-raise a qbattery error inside the block at ``table`` (or the key it names).

    Examples
    --------
    A qbattery error raised inside the block is re-raised at the table's line:

    >>> from pathlib import Path
    >>> from qbattery.errors import QBatteryValueError
    >>> from qbattery.experiment.build import located_errors
    >>> from qbattery.experiment.locate import Source
    >>> source = Source.read(Path("run.toml"), '[model]\\nname = "rabi"\\n')
    >>> with located_errors(source, "model", {}):
    ...     raise QBatteryValueError("coupling: must be finite")
    Traceback (most recent call last):
        ...
    qbattery.experiment.locate.ExperimentFileError: run.toml:1: model: coupling: must be finite
    """
    try:
        yield
    except FieldError as exc:
        raise source.error(exc.key, str(exc)) from None
    except QBatteryError as exc:
        message = str(exc)
        named = _ARGUMENT.match(message)
        section = document.get(table)
        key: tuple[str, ...] = (table,)
        if named and isinstance(section, dict) and named.group(1) in section:
            key = (table, named.group(1))
        raise source.error(key, message) from None


def build_battery(
    experiment: Experiment, source: Source | None = None, *, measured: bool = True
) -> Battery:
    """The battery of ``experiment``: its model, protocol and environment, and (``measured``)
    its ``[measurement]`` scheme.

    Examples
    --------
    >>> import qbattery.experiment as ex
    >>> from qbattery.experiment.build import build_battery
    >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
    ...                           "times": {"stop": 1.0, "num": 2}})
    >>> battery = build_battery(experiment)
    >>> battery.name, battery.parameters["coupling"]
    ('rabi', 0.2)
    """
    source = source or Source.none()
    if experiment.model is None:
        raise FieldError(("remote",), "a [remote] experiment has no battery model to build")
    document = experiment.document()
    protocol = experiment.protocol
    with located_errors(source, "model", document):
        battery = experiment.model.build(
            experiment.seed,
            None if protocol is None else protocol.function(experiment.time_scale()),
            None if protocol is None else protocol.scales,
        )
    if experiment.initial_state is not None:
        with located_errors(source, "initial_state", document):
            battery = experiment.initial_state.apply(battery)
    if experiment.environment is not None:
        with located_errors(source, "environment", document):
            battery = experiment.environment.attach(battery)
    if measured and experiment.measurement is not None:
        with located_errors(source, "measurement", document):
            battery = experiment.measurement.attach(battery, experiment.time_scale())
    return battery


def cell_battery(experiment: Experiment, collective: Battery) -> tuple[int, Battery]:
    """``(N, cell)``: the number of cells of ``collective`` and one parallel cell.

    The cell is the same catalogue model with one cell, the collective battery's per-cell
    coupling (``effective_coupling``, after any ``coupling_scaling``) and its photons per cell.

    Examples
    --------
    Four Dicke atoms against one cell, the same model with one atom:

    >>> import qbattery.experiment as ex
    >>> from qbattery.experiment.build import build_battery, cell_battery
    >>> experiment = ex.validate({"model": {"name": "dicke", "n_atoms": 4, "coupling": 0.1},
    ...                           "times": {"stop": 1.0, "num": 2}})
    >>> n, cell = cell_battery(experiment, build_battery(experiment))
    >>> n, cell.name, cell.parameters["n_atoms"]
    (4, 'dicke', 1)
    """
    assert isinstance(experiment.model, CatalogueModel)  # checked by Experiment
    size = size_parameter(experiment.model.name)
    assert size is not None
    n = int(collective.parameters[size])
    document = experiment.document()
    model = document["model"]
    model[size] = 1
    recorded = collective.parameters
    if "effective_coupling" in recorded:
        model["coupling"] = float(recorded["effective_coupling"])
        model.pop("coupling_scaling", None)
    if "photons" in model:
        model["photons"] = float(model["photons"]) / n
    cell = Experiment.model_validate(document)
    return n, build_battery(cell)


def _scaled_value(experiment: Experiment, scales: str | None) -> float:
    """The value ``p`` of the parameter ``scales`` in the model as written (1 for operators)."""
    model = experiment.model
    if isinstance(model, CatalogueModel):
        defaults = {p.name: p.default for p in model_info(model.name).parameters}
        return float({**defaults, **model.parameters}[str(scales)])
    if isinstance(model, PresetModel):
        platform = model.platform()
        quantity = platform.quantities[str(scales)]
        given = preset_overrides(platform, model.parameters).get(str(scales), quantity)
        return float(given.to(quantity.unit).value)
    return 1.0


def control_battery(experiment: Experiment, source: Source | None = None) -> tuple[Battery, float]:
    """``(battery, p)``: the battery ``H(0) + lambda(t) H_1`` of ``[control]`` (its one driven
    term ``H_1 = (H(p) - H(0)) / p``, lambda in the unit of the parameter ``scales``) with the
    experiment's environment, and ``p``, the parameter's value in the model as written.

    Examples
    --------
    A Rabi cell's coupling as the control: ``H_1 = omega_c sigma_x (a + a^dagger)``, whatever
    coupling the file gives:

    >>> import numpy as np
    >>> import qbattery.experiment as ex
    >>> from qbattery.experiment.build import control_battery
    >>> experiment = ex.validate({"model": {"name": "rabi", "coupling": 0.2},
    ...                           "control": {"bound": 0.5}, "times": {"stop": 1.0, "num": 2}})
    >>> battery, p = control_battery(experiment)
    >>> import qbattery as qb
    >>> from qbattery.operators import to_dense
    >>> cutoff = battery.parameters["cutoff"]
    >>> on, off = (to_dense(qb.models.rabi(g, cutoff=cutoff).hamiltonian.static) for g in (1, 0))
    >>> p, bool(np.allclose(to_dense(battery.hamiltonian.drives[0][0]), on - off))
    (0.2, True)
    """
    source = source or Source.none()
    control, model = experiment.control, experiment.model
    assert control is not None and model is not None  # [control] refuses [remote]
    document = experiment.document()
    scales = control.scales
    if scales is None and isinstance(model, CatalogueModel):
        scales = "coupling"
    with located_errors(source, "control", document):
        try:
            battery = model.build(experiment.seed, Step(1.0), scales)
        except FieldError as exc:
            key = ("control", "scales") if exc.key[:1] == ("protocol",) else exc.key
            raise FieldError(key, str(exc).replace("[protocol]", "[control]")) from None
        value = _scaled_value(experiment, scales)
        if value == 0:
            raise FieldError(
                ("control", "scales"),
                f"{scales} is 0 in [model], so it switches nothing on; give it a non-zero value "
                "(the baseline coupling of the model as written)",
            )
        static, (drive, _) = battery.hamiltonian.static, battery.hamiltonian.drives[0]
        battery = battery.replace(hamiltonian=[static, (drive / value, 1.0)])
    if experiment.environment is not None:
        with located_errors(source, "environment", document):
            battery = experiment.environment.attach(battery)
    return battery, value
