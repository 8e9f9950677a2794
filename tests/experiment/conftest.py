"""Helpers of the experiment-file tests: write a TOML file into a temporary directory."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """``write(text, name="experiment.toml")``: the dedented text saved in ``tmp_path``."""

    def save(text: str, name: str = "experiment.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip())
        return path

    return save
