"""Warnings about active content in the Markdown pages staff write.

Raw HTML stays allowed in ``content/`` (staff use it for tables and
figures), but a ``<script>``, an ``on...=`` event attribute or a
``javascript:`` address would run in readers' browsers if the Content
Security Policy ever let it. The build names each one, file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".md", ".markdown", ".html", ".htm")
_CHECKS = (
    (re.compile(r"<\s*script\b", re.IGNORECASE), "tag <script>"),
    (re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE), "atribut on...= (kode yang dijalankan)"),
    (re.compile(r"javascript\s*:", re.IGNORECASE), "alamat javascript:"),
)


@dataclass(frozen=True)
class ContentWarning:
    file: Path
    line: int
    what: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.what} di halaman konten; kode seperti ini bisa "
            "dijalankan di peramban pembaca. Hapus bila tidak sengaja"
        )


def scan(folder: Path) -> list[ContentWarning]:
    """Every active-content pattern in the content files under ``folder``."""
    found = []
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            found += [ContentWarning(path, number, what) for rx, what in _CHECKS if rx.search(line)]
    return found
