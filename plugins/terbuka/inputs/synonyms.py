"""``data/sinonim.csv``: everyday words and the official names search should
also look for (``puskesmas`` -> ``kesehatan``), kept by the clerk beside the
exports. Read as hostile input: every problem at its line, in one pass."""

from __future__ import annotations

from pathlib import Path

from terbuka.core.problems import Code, Problem, error
from terbuka.core.schema import SYNONYM_FILE
from terbuka.core.text import BIDI, CONTROL, UNREADABLE
from terbuka.inputs.read import records, small_csv

COLUMNS = ("kata", "nama_resmi")
MAX_BYTES = 200_000  # a few hundred pairs take a few kilobytes
MAX_ROWS = 2_000
MAX_WORD = 80


def _unprintable(text: str) -> bool:
    return bool(CONTROL.search(text) or BIDI.search(text)) or UNREADABLE in text


def read_synonyms(datadir: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """Everyday word (in lower case, as the search page lowers it) -> official names."""
    reader, problems = small_csv(datadir / SYNONYM_FILE, MAX_BYTES)
    if reader is None:
        return {}, problems
    if reader.fieldnames is None or any(c not in reader.fieldnames for c in COLUMNS):
        message = f"kolom {', '.join(COLUMNS)} wajib ada"
        return {}, [error(SYNONYM_FILE, 1, None, message, Code.REQUIRED)]
    found: dict[str, list[str]] = {}
    for count, (line, row) in enumerate(records(reader, SYNONYM_FILE, 2, problems)):
        if count >= MAX_ROWS:
            message = f"paling banyak {MAX_ROWS} baris; sisanya tidak dibaca"
            problems.append(error(SYNONYM_FILE, line, None, message, Code.PATTERN))
            break
        cells = {c: " ".join((row.get(c) or "").split()) for c in COLUMNS}
        bad = False
        for column, value in cells.items():
            if not value:
                problems.append(error(SYNONYM_FILE, line, column, "wajib diisi", Code.REQUIRED))
                bad = True
            elif len(value) > MAX_WORD or _unprintable(value):
                message = (
                    f"paling banyak {MAX_WORD} huruf, tanpa karakter tak terlihat (karakter "
                    "kendali atau pengarah teks); ketik ulang sel ini"
                )
                problems.append(error(SYNONYM_FILE, line, column, message, Code.PATTERN))
                bad = True
        if not bad:
            names = found.setdefault(cells["kata"].lower(), [])
            if cells["nama_resmi"] not in names:
                names.append(cells["nama_resmi"])
    return found, problems
