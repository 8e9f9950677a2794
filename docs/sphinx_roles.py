"""Griffe extension for the documentation site: Sphinx roles in docstrings as inline code.

The docstrings cross-reference with Sphinx roles (``:func:`charge```,
``:class:`~qbattery.Battery```), which Markdown would print verbatim. This rewrites each
role to its target in backticks (``~`` keeps the last component, as in Sphinx) when
mkdocstrings loads the package.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|mod|attr|data|exc|obj|const|ref):`(~?)([^`]+)`")


def _plain(match: re.Match[str]) -> str:
    target = match.group(2)
    if match.group(1):
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(_plain, obj.docstring.value)
