"""The documentation site: `mkdocs build --strict` (warnings are errors), as `make docs` runs it.

Checked against the repository itself: the API pages render the docstrings griffe reads from the
source, every Markdown page in ``docs/`` is in the navigation of ``mkdocs.yml``, each model
page shows the Hamiltonians the model catalogue reports, and the built pages load nothing from
the network.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import qbattery.metrics
from qbattery.models import catalogue

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
API_PAGES = (
    "qbattery",
    "metrics",
    "models",
    "bases",
    "environments",
    "charging",
    "studies",
    "plotting",
    "experiment",
    "sweep",
    "report",
    "gallery",
)

pytestmark = pytest.mark.skipif(
    any(
        importlib.util.find_spec(name) is None
        for name in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers")
    ),
    reason="the docs extra is not installed (pip install -e '.[docs]'; make test installs it)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built into a temporary directory; the build must pass in strict mode."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-4000:]}"
    return out


def _text(html: str) -> str:
    """The visible text of an HTML page, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _nav_pages(entry: object) -> list[str]:
    if isinstance(entry, str):
        return [entry] if entry.endswith(".md") else []
    if isinstance(entry, list):
        return [page for item in entry for page in _nav_pages(item)]
    if isinstance(entry, dict):
        return [page for value in entry.values() for page in _nav_pages(value)]
    return []


def _nav() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = text[text.index("\nnav:") :]
    # nav entries are "- Title: page.md" or "- page.md"; commented slots do not count
    return re.findall(r"^\s*-\s+(?:[^#\n]*?:\s+)?([\w./-]+\.md)\s*$", block, flags=re.MULTILINE)


def test_every_markdown_page_is_in_the_navigation() -> None:
    pages = {str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md")}
    nav = _nav()
    assert len(nav) == len(set(nav)), "a page is listed twice in mkdocs.yml's nav"
    assert pages - set(nav) == set(), "docs pages missing from mkdocs.yml's nav"
    assert set(nav) - pages == set(), "nav entries without a file in docs/"


def test_api_pages_render_the_docstrings(site: Path) -> None:
    for name in API_PAGES:
        assert (site / "api" / f"{name}.html").is_file(), name
    page = (site / "api" / "metrics.html").read_text(encoding="utf-8")
    assert 'id="qbattery.metrics.ergotropy"' in page
    # the docstring's second paragraph, as griffe reads it from the source; Sphinx roles such
    # as :func:`energetics` are rendered as code (docs/sphinx_roles.py)
    paragraph = inspect.getdoc(qbattery.metrics.ergotropy).split("\n\n")[1]
    expected = " ".join(re.sub(r":func:`([^`]+)`", r"\1", paragraph).split())
    assert expected in _text(page)
    assert ":func:" not in _text(page)


def _model_sections() -> dict[str, str]:
    """Each model's section of the model pages (``## `name` `` up to the next heading)."""
    sections: dict[str, str] = {}
    for path in sorted((DOCS / "models").glob("*.md")):
        parts = re.split(r"^## `(\w+)`$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        for name, body in zip(parts[1::2], parts[2::2], strict=True):
            assert name not in sections, f"{name} has two sections"
            sections[name] = body
    return sections


def test_model_pages_show_the_catalogue_hamiltonians() -> None:
    sections = _model_sections()
    entries = [info.to_dict() for info in catalogue()]
    assert set(sections) == {entry["name"] for entry in entries}
    for entry in entries:
        lines = {line.strip() for line in sections[entry["name"]].splitlines()}
        for key in ("hamiltonian", "battery_hamiltonian"):
            assert str(entry[key]).strip() in lines, (
                f"{entry['name']}: the catalogue's {key} {entry[key]!r} is not on its model page"
            )


def test_pages_load_nothing_from_the_network(site: Path) -> None:
    remote = re.compile(r"""<(?:link|script|img)\b[^>]*(?:href|src)=["']https?://""")
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not remote.search(html), f"{path.relative_to(site)} loads a remote resource"
        assert "fonts.googleapis" not in html, path.relative_to(site)
