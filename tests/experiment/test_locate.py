"""Line numbers of keys in TOML text, checked against files written out by hand."""

from __future__ import annotations

import tomllib

from qbattery.experiment.locate import Source, key_lines

TEXT = """\
# a comment = not a key
title = "x = 1"            # line 2
seed = 3

[model]                    # line 5
name = "dicke"
"n_atoms" = 4
model_extra.dotted = 1     # line 8

[[environment.baths]]
lorentzians = [
  [0.1, 1.0, 0.2],         # inside an array: no key here
  [0.2, 2.0, 0.3],
]
operator = "x"             # line 15

[[environment.baths]]      # line 17
operator = "y"
notes = \"\"\"
fake = 1
\"\"\"
subsystem = 1              # line 22

[sweep.axes]
"model.n_atoms" = [1, 2]   # line 25
"""


def test_every_key_has_its_line() -> None:
    tomllib.loads(TEXT)  # the text is valid TOML
    lines = key_lines(TEXT)
    expected = {
        ("title",): 2,
        ("seed",): 3,
        ("model",): 5,
        ("model", "name"): 6,
        ("model", "n_atoms"): 7,
        ("model", "model_extra", "dotted"): 8,
        ("environment", "baths", 0): 10,
        ("environment", "baths", 0, "lorentzians"): 11,
        ("environment", "baths", 0, "operator"): 15,
        ("environment", "baths", 1): 17,
        ("environment", "baths", 1, "operator"): 18,
        ("environment", "baths", 1, "notes"): 19,
        ("environment", "baths", 1, "subsystem"): 22,
        ("sweep", "axes"): 24,
        ("sweep", "axes", "model.n_atoms"): 25,
    }
    assert lines == expected


def test_missing_key_falls_back_to_its_table() -> None:
    source = Source(None, key_lines(TEXT))
    assert source.line(("model", "coupling")) == 5
    assert source.line(("environment", "baths", 1, "width")) == 17
    assert source.line(("solver", "method")) is None
