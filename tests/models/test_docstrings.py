"""Catalogue text read from the numpydoc docstrings (models/docstrings.py)."""

from __future__ import annotations

import pytest

import qbattery.models as models
from qbattery.errors import QBatteryValueError
from qbattery.models.docstrings import parameter_descriptions, summary


def reference_to_a_missing_entry(n_atoms: int) -> None:
    """Refer elsewhere.

    Parameters
    ----------
    n_atoms
        As in :func:`qbattery.models.rabi`.
    """


def test_summary_is_the_first_paragraph() -> None:
    assert summary(models.dicke) == (
        "Dicke quantum battery: N atoms charged collectively by one cavity mode"
    )


def test_references_take_the_referenced_description() -> None:
    dicke = parameter_descriptions(models.dicke)
    variant = parameter_descriptions(models.anisotropic_dicke)
    for name in ("n_atoms", "coupling", "omega_c", "omega_a"):
        assert variant[name] == dicke[name]
    assert dicke["omega_c"] == "Cavity frequency, > 0."


def test_one_entry_describes_several_names() -> None:
    descriptions = parameter_descriptions(models.tavis_cummings_sector)
    assert descriptions["omega_c"] == descriptions["omega_a"]


def test_reference_without_the_parameter_is_refused() -> None:
    with pytest.raises(QBatteryValueError, match="n_atoms"):
        parameter_descriptions(reference_to_a_missing_entry)
