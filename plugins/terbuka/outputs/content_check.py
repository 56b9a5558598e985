"""Warnings about active content in the pages and files staff write.

Raw HTML stays allowed in ``content/`` (staff use it for tables and
figures), but script in any of its forms would run in readers' browsers if
the Content Security Policy ever let it: ``<script>``, an ``on...=`` event
attribute (also in a tag split over lines), a ``javascript:`` or
``vbscript:`` address (also written with character references), a ``data:``
address in a ``src``/``data``/``href`` attribute, ``<iframe>``, ``<object>``
and ``<embed>``, ``srcdoc=``, and an SVG file with script in it (served as
its own document, outside the page's policy). The build names each one,
file and line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

PAGES = (".md", ".markdown", ".html", ".htm")
_TAG = re.compile(r"<[a-zA-Z][^>]*>?", re.DOTALL)
_CHECKS = (
    (re.compile(r"<\s*script\b", re.IGNORECASE), "tag <script>"),
    (re.compile(r"[\s/]on[a-z]+\s*=", re.IGNORECASE), "atribut on...= (kode yang dijalankan)"),
    (re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE), "alamat javascript:/vbscript:"),
    (re.compile(r"\b(?:src|href|data|action)\s*=\s*[\"']?\s*data:", re.IGNORECASE), "alamat data:"),
    (re.compile(r"<\s*(?:iframe|object|embed)\b", re.IGNORECASE), "tag iframe/object/embed"),
    (re.compile(r"\ssrcdoc\s*=", re.IGNORECASE), "atribut srcdoc"),
)


@dataclass(frozen=True)
class ContentWarning:
    file: Path
    line: int
    what: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.what} di konten; kode seperti ini bisa "
            "dijalankan di peramban pembaca. Hapus bila tidak sengaja"
        )


def _findings(text: str) -> list[tuple[int, str]]:
    """(line, what) of each active form: in tags (which may span lines) and
    in Markdown links, after character references are decoded."""
    found = []
    pieces = [(m.start(), m.group()) for m in _TAG.finditer(text)]
    pieces += [(m.start(), m.group()) for m in re.finditer(r"\]\([^)]*\)", text)]
    for start, piece in sorted(pieces):
        decoded = html.unescape(piece)
        line = text.count("\n", 0, start) + 1
        found += [(line, what) for rx, what in _CHECKS if rx.search(decoded)]
    return sorted(set(found))


_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1", re.DOTALL)


def without_code(markdown: str) -> str:
    """Markdown with its code (fenced and indented blocks, inline spans)
    blanked out, line breaks kept: code is shown as text, never run."""
    lines, fenced, previous_blank, in_block = [], False, True, False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            lines.append("")
            continue
        indented = line.startswith(("    ", "\t")) and (previous_blank or in_block)
        in_block = indented or (in_block and not line.strip())
        lines.append("" if fenced or indented else line)
        previous_blank = not line.strip()
    text = "\n".join(lines)
    return _SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def scan(folder: Path) -> list[ContentWarning]:
    """Every active-content form in the pages and SVG files under ``folder``."""
    found = []
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        if path.suffix.lower() not in (*PAGES, ".svg"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix.lower() in (".md", ".markdown"):
            text = without_code(text)
        found += [ContentWarning(path, line, what) for line, what in _findings(text)]
    return found
