"""Reading one CSV export into rows of text, whatever Excel or SIPD made of it.

Handles UTF-8 (with or without BOM), UTF-16 ("Unicode Text"), Windows-1252 as
an announced fallback; `,` `;` or tab detected per file (and Excel's ``sep=``
hint line); header names in any case and spacing, with SIPD aliases; blank
lines, trailing empty rows and padded cells. Every row keeps its line number
as a spreadsheet shows it, so that staff find the cell a message is about.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, error, warning
from .schema import TableSchema, normalise_header

DELIMITERS = (",", ";", "\t")
_SEP_HINT = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)
_PADDING = " \t\u00a0\u202f\r\n"


@dataclass
class RawTable:
    """The cells of one file as text, aligned to the schema's field names."""

    filename: str
    columns: list[str]  # field names present in the file, in file order
    rows: list[list[str]]  # stripped cells, one list per non-blank row
    lines: list[int]  # the spreadsheet line number of each row
    encoding: str
    delimiter: str


def decode(data: bytes, filename: str) -> tuple[str | None, str, list[Problem]]:
    """Text of a file, the encoding used, and problems (fallback or unreadable)."""

    def unreadable(message: str, code: str) -> tuple[None, str, list[Problem]]:
        return None, "", [error(filename, None, None, message, code)]

    if data.startswith(b"PK\x03\x04"):
        return unreadable(
            "file ini adalah file Excel (.xlsx), bukan CSV; buka di Excel lalu "
            "Simpan Sebagai 'CSV UTF-8 (dipisah koma)'",
            "bukan-csv",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", []
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        return unreadable(
            "file tidak bisa dibaca: bukan UTF-8 maupun Windows-1252 "
            f"(byte ke-{exc.start + 1}); simpan ulang sebagai 'CSV UTF-8'",
            "encoding",
        )
    fallback = warning(
        filename,
        None,
        None,
        "file tidak berformat UTF-8; dibaca sebagai Windows-1252. Periksa huruf "
        "khusus (é, ü, “ ”) di situs, dan lain kali simpan sebagai 'CSV UTF-8'",
        "encoding-cadangan",
    )
    return text, "cp1252", [fallback]


def _detect_delimiter(header_line: str, schema: TableSchema) -> str:
    """The delimiter that splits the header into the most known column names."""
    known = schema.header_lookup()

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        return (sum(normalise_header(c) in known for c in cells), len(cells))

    return max(DELIMITERS, key=score)


def _map_header(
    header: list[str], schema: TableSchema, filename: str
) -> tuple[list[str | None], list[Problem]]:
    """Field name for each header cell (None: not published), and header problems."""
    lookup = schema.header_lookup()
    problems: list[Problem] = []
    mapped: list[str | None] = []
    seen: dict[str, str] = {}
    for raw in header:
        original = raw.strip(_PADDING + "\ufeff")
        name = normalise_header(original)
        field_name = lookup.get(name)
        if not original:
            mapped.append(None)
            continue
        if field_name is None:
            problems.append(
                warning(
                    filename,
                    1,
                    original,
                    f"kolom '{original}' tidak dikenal dan tidak dipublikasikan",
                    "kolom-tidak-dikenal",
                )
            )
            mapped.append(None)
            continue
        if field_name in seen:
            first = seen[field_name]
            what = "muncul dua kali" if first == name else f"adalah nama lain dari '{first}'"
            problems.append(
                error(
                    filename,
                    1,
                    original,
                    f"kolom '{original}' {what}; file hanya boleh memuat satu kolom "
                    f"'{field_name}'. Hapus salah satunya",
                    "kolom-ganda",
                )
            )
            mapped.append(None)
            continue
        seen[field_name] = name
        mapped.append(field_name)
    for f in schema.fields:
        if f.column_required and f.name not in seen:
            aliases = f" (atau {', '.join(f.aliases)})" if f.aliases else ""
            problems.append(
                error(
                    filename,
                    1,
                    f.name,
                    f"kolom wajib '{f.name}'{aliases} tidak ada di baris judul",
                    "kolom-wajib-hilang",
                )
            )
    return mapped, problems


def read_table(path: Path, schema: TableSchema) -> tuple[RawTable | None, list[Problem]]:
    """Read one export; None when the file cannot be read at all."""
    filename = schema.filename
    text, encoding, problems = decode(path.read_bytes(), filename)
    if text is None:
        return None, problems

    first_line = 1
    hint = _SEP_HINT.match(text.split("\n", 1)[0])
    if hint:
        delimiter = hint.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    else:
        first_filled = next((ln for ln in io.StringIO(text) if ln.strip(_PADDING)), "")
        delimiter = _detect_delimiter(first_filled, schema)

    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    header_line = first_line
    table = RawTable(filename, [], [], [], encoding, delimiter)
    mapped: list[str | None] = []
    for index, record in enumerate(records):
        line = first_line + index
        cells = [c.strip(_PADDING) for c in record]
        if not any(cells):
            continue  # blank lines and Excel's trailing ";;;;" rows
        if header is None:
            header, header_line = record, line
            mapped, header_problems = _map_header(header, schema, filename)
            if header_line != 1:
                header_problems = [_at_line(p, header_line) for p in header_problems]
            problems.extend(header_problems)
            table.columns = [m for m in mapped if m is not None]
            continue
        if len(cells) > len(mapped) and any(cells[len(mapped) :]):
            problems.append(
                error(
                    filename,
                    line,
                    None,
                    f"baris ini punya {len(cells)} sel, lebih banyak dari {len(mapped)} "
                    "kolom di baris judul; periksa pemisah (koma/titik koma) di dalam teks",
                    "sel-berlebih",
                )
            )
            continue
        cells += [""] * (len(mapped) - len(cells))
        table.rows.append([c for c, m in zip(cells, mapped, strict=False) if m is not None])
        table.lines.append(line)
    if header is None:
        problems.append(error(filename, None, None, "file kosong: tidak ada baris judul", "kosong"))
        return None, problems
    return table, problems


def _at_line(p: Problem, line: int) -> Problem:
    return Problem(p.severity, p.file, line, p.column, p.message, p.code)
