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
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .problems import Code, Problem, error, warning
from .schema import TableSchema, normalise_header

R = TypeVar("R")
DELIMITERS = (",", ";", "\t")
MAX_UNKNOWN_LISTED = 5  # unknown columns named one by one; more become one warning
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
    unreadable: int = 0  # rows left out because a cell could not be read (reported)


class NotRegularFileError(Exception):
    """A data file that is a link, a folder or a device: never opened."""


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of ``path`` when it is a regular file; a link is never followed.

    ``O_NOFOLLOW`` refuses a link in the last place; ``fstat`` of the opened
    file refuses folders, devices and pipes (checked before reading a byte),
    and files over ``limit`` bytes when one is given.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except OSError:
        what = "tautan simbolik" if path.is_symlink() else "tidak bisa dibuka"
        raise NotRegularFileError(what) from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            kind = "folder" if stat.S_ISDIR(mode) else "perangkat atau pipa"
            raise NotRegularFileError(f"bukan file biasa ({kind})")
        if limit is not None and os.fstat(fh.fileno()).st_size > limit:
            raise NotRegularFileError(f"lebih dari {limit} byte")
        data = fh.read() if limit is None else fh.read(limit + 1)
        if limit is not None and len(data) > limit:  # a size fstat did not tell
            raise NotRegularFileError(f"lebih dari {limit} byte")
        return data


def regular_file_problem(path: Path, filename: str) -> Problem | None:
    """An error when ``path`` exists but is not a regular file (links included)."""
    if not (path.is_symlink() or path.exists()) or (path.is_file() and not path.is_symlink()):
        return None
    kind = (
        "tautan simbolik"
        if path.is_symlink()
        else "folder"
        if path.is_dir()
        else "perangkat atau pipa"
    )
    return error(
        filename,
        None,
        None,
        f"{path.name} adalah {kind}, bukan file biasa; tidak dibaca. Salin file CSV "
        "aslinya ke folder data",
        Code.NOT_REGULAR_FILE,
    )


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes, filename: str) -> tuple[str | None, str, list[Problem]]:
    """Text of a file, the encoding used, and problems.

    Lines that do not decode as the file's encoding keep U+FFFD in place of
    their bad bytes; ``read_table`` reports each such cell at its line and
    column. A whole file with no UTF-8 text is read as Windows-1252 (a
    warning); a file that mixes both never is (no silent mojibake).
    """
    if data.startswith(b"PK\x03\x04"):
        return (
            None,
            "",
            [
                error(
                    filename,
                    None,
                    None,
                    "file ini adalah file Excel (.xlsx), bukan CSV; buka di Excel lalu "
                    "Simpan Sebagai 'CSV UTF-8 (dipisah koma)'",
                    Code.NOT_CSV,
                )
            ],
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", []
    try:
        return data.decode("utf-8-sig"), "utf-8", []
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    if not any(not line.isascii() and _utf8(line) for line in lines):
        text = data.decode("cp1252", errors="replace")
        fallback = warning(
            filename,
            None,
            None,
            "file tidak berformat UTF-8; dibaca sebagai Windows-1252. Periksa huruf "
            "khusus (é, ü, “ ”) di situs, dan lain kali simpan sebagai 'CSV UTF-8'",
            Code.ENCODING_FALLBACK,
        )
        return text, "cp1252", [fallback]
    return data.decode("utf-8-sig", errors="replace"), "utf-8", []


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional embeddings, overrides and isolates: shown isolated, warned about.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
UNREADABLE = "\ufffd"


def _cell_problems(
    cells: list[str], names: list[str], line: int, filename: str, encoding: str
) -> list[Problem]:
    """Control characters and undecodable bytes, each at its line and column."""
    problems = []
    for cell, name in zip(cells, names, strict=False):
        control = CONTROL.search(cell)
        if control:
            code = f"U+{ord(control.group()):04X}"
            problems.append(
                error(
                    filename,
                    line,
                    name,
                    f"sel memuat karakter kendali {code} (tak terlihat) di posisi "
                    f"{control.start() + 1}; hapus karakter itu",
                    Code.CONTROL_CHARACTER,
                )
            )
        if UNREADABLE in cell:
            where = cell.index(UNREADABLE) + 1
            what = "UTF-8 seperti baris lain file ini" if encoding == "utf-8" else encoding
            problems.append(
                error(
                    filename,
                    line,
                    name,
                    f"sel memuat byte yang tidak terbaca sebagai {what} (posisi {where}); "
                    "ketik ulang teksnya lalu simpan file sebagai 'CSV UTF-8'",
                    Code.ENCODING,
                )
            )
    return problems


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
                    Code.UNKNOWN_COLUMN,
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
                    Code.DUPLICATE_COLUMN,
                )
            )
            mapped.append(None)
            continue
        seen[field_name] = name
        mapped.append(field_name)
    unknown = [p for p in problems if p.code == Code.UNKNOWN_COLUMN]
    if len(unknown) > MAX_UNKNOWN_LISTED:
        # A sheet of stray columns is one cause: one warning, not thousands.
        names = ", ".join(f"'{p.column}'" for p in unknown[:MAX_UNKNOWN_LISTED])
        problems = [p for p in problems if p.code != Code.UNKNOWN_COLUMN]
        message = (
            f"{len(unknown)} kolom tidak dikenal dan tidak dipublikasikan: {names} dan "
            f"{len(unknown) - MAX_UNKNOWN_LISTED} lainnya"
        )
        problems.append(warning(filename, 1, None, message, Code.UNKNOWN_COLUMN))
    for f in schema.fields:
        if f.column_required and f.name not in seen:
            aliases = f" (atau {', '.join(f.aliases)})" if f.aliases else ""
            problems.append(
                error(
                    filename,
                    1,
                    f.name,
                    f"kolom wajib '{f.name}'{aliases} tidak ada di baris judul",
                    Code.MISSING_COLUMN,
                )
            )
    return mapped, problems


def read_table(path: Path, schema: TableSchema) -> tuple[RawTable | None, list[Problem]]:
    """Read one export; None when the file cannot be read at all."""
    filename = schema.filename
    try:
        data = read_regular(path)
    except NotRegularFileError as exc:
        return None, [
            error(filename, None, None, f"{path.name}: {exc}; tidak dibaca", Code.NOT_REGULAR_FILE)
        ]
    text, encoding, problems = decode(data, filename)
    if text is None:
        return None, problems
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # Excel for Mac's "CSV (Macintosh)"
    suspicious = CONTROL.search(text) is not None or UNREADABLE in text

    first_line = 1
    hint = _SEP_HINT.match(text.split("\n", 1)[0])
    if hint:
        delimiter = hint.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_line = 2
    else:
        lines = io.StringIO(text, newline=None)  # \r, \n and \r\n all end a line
        first_filled = next((ln for ln in lines if ln.strip(_PADDING)), "").rstrip("\n")
        delimiter = _detect_delimiter(first_filled, schema)

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = records(reader, filename, first_line, problems)
    header: list[str] | None = None
    header_line = first_line
    table = RawTable(filename, [], [], [], encoding, delimiter)
    mapped: list[str | None] = []
    for line, record in rows:
        cells = [c.strip(_PADDING) for c in record]
        if not any(cells):
            continue  # blank lines and Excel's trailing ";;;;" rows
        unreadable = []
        if suspicious:
            names = _column_names(cells, header, mapped)
            unreadable = _cell_problems(cells, names, line, filename, encoding)
            problems.extend(unreadable)
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
                    Code.EXTRA_CELLS,
                )
            )
            continue
        if unreadable:
            table.unreadable += 1
            continue  # its cells are reported; checking the rest would only repeat it
        cells += [""] * (len(mapped) - len(cells))
        table.rows.append([c for c, m in zip(cells, mapped, strict=False) if m is not None])
        table.lines.append(line)
    if header is None:
        problems.append(
            error(filename, None, None, "file kosong: tidak ada baris judul", Code.EMPTY_FILE)
        )
        return None, problems
    return table, problems


def records(
    reader: Iterator[R], filename: str, first_line: int, problems: list[Problem]
) -> Iterator[tuple[int, R]]:
    """(line, record) of each CSV record; a malformed one ends the file with an error."""
    line = first_line
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = f"baris tidak bisa dibaca sebagai CSV ({exc})"
            problems.append(error(filename, line, None, message, Code.UNREADABLE_CSV))
            return
        yield line, record
        line += 1


def _column_names(
    cells: list[str], header: list[str] | None, mapped: list[str | None]
) -> list[str]:
    """What to call each cell's column in a message: its field, or its header text."""
    if header is None:
        return [f"kolom {i + 1}" for i in range(len(cells))]
    names = [
        m or h.strip(_PADDING) or f"kolom {i + 1}"
        for i, (m, h) in enumerate(zip(mapped, header, strict=False))
    ]
    return names + [f"kolom {i + 1}" for i in range(len(names), len(cells))]


def _at_line(p: Problem, line: int) -> Problem:
    return Problem(p.severity, p.file, line, p.column, p.message, p.code)
