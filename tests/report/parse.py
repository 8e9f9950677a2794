"""Read a written report back with the standard library's HTML parser (not the writer's code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Page:
    """Every start tag with its attributes, the text of each table's cells by table id, the
    notes, the title and all text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    title: str = ""
    text: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.page.tags.append((tag, attributes))
        self._open.append(tag)
        if tag == "table":
            self._table = attributes.get("id") or ""
            self.page.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.page.tables[self._table].append([])
        elif tag in ("td", "th", "li", "title"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()
        if tag in ("td", "th") and self._cell is not None and self._table is not None:
            self.page.tables[self._table][-1].append("".join(self._cell))
        elif tag == "li" and self._cell is not None:
            self.page.notes.append("".join(self._cell))
        elif tag == "title" and self._cell is not None:
            self.page.title = "".join(self._cell)
        elif tag == "table":
            self._table = None
        if tag in ("td", "th", "li", "title"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.page.text += data
        if self._cell is not None:
            self._cell.append(data)


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (PNG spec, sec. 11.2.2)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
