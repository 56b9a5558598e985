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
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import TypeVar

from terbuka.core.files import NotRegularFileError, read_regular
from terbuka.core.problems import Code, Problem, error, warning
from terbuka.core.schema import TableSchema, normalise_header
from terbuka.core.text import CONTROL, UNREADABLE
from terbuka.inputs import xlsx

R = TypeVar("R")
DELIMITERS = (",", ";", "\t")
MAX_EXPORT_BYTES = 1_000_000_000  # one export: 200,000 SIPD rows are 60 MB of CSV
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
    sheet: str | None = None  # XLSX: the sheet read
    letters: dict[str, str] = field(default_factory=dict)  # XLSX: field -> column letter
    header_line: int = 1
    title_year: int | None = None  # from a title row such as "TAHUN ANGGARAN 2026"
    headers: list[str] = field(default_factory=list)  # every header cell, normalised
    # Rows joined from several files (per-unit reports): [first line, file] of each,
    # a row's line being its line in that file plus the first line.
    parts: list[list] = field(default_factory=list)


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def small_csv(path: Path, limit: int) -> tuple[csv.DictReader[str] | None, list[Problem]]:
    """A small optional CSV of the site's own (redirects, synonyms) as records,
    or None with the problems that stop it being read; (None, []) when absent."""
    name = path.name
    if not path.is_file() and not path.is_symlink():
        return None, []
    try:
        text, _, problems = decode(read_regular(path, limit), name)
    except NotRegularFileError as exc:
        message = f"{name}: {exc}; tidak dibaca"
        return None, [error(name, None, None, message, Code.NOT_REGULAR_FILE)]
    if text is None or problems:
        return None, [*problems, error(name, None, None, "simpan sebagai CSV UTF-8", Code.ENCODING)]
    return csv.DictReader(io.StringIO(text, newline="")), []


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


HEADER_SEARCH = 30  # rows scanned for the header under a report's title rows
MIN_KNOWN = 2  # known column names that make a row the header
_TITLE_YEAR = re.compile(r"\bTAHUN(?:\s+ANGGARAN)?\s*:?\s*((?:19|20|21)[0-9]{2})\b", re.I)
# A label that marks a row as a sum of the rows around it, never a row of its own.
TOTAL_LABEL = re.compile(r"^(jumlah|total|sub\s*total|grand\s*total|nasional|rekapitulasi)\b", re.I)
MAX_LINES_LISTED = 50


def _known_count(cells: list[str], known: dict[str, str]) -> int:
    return sum(normalise_header(c) in known for c in cells if c)


def _detect_delimiter(lines: list[str], known: dict[str, str]) -> str:
    """The delimiter that splits some early line into the most known column names."""

    def score(delimiter: str) -> tuple[int, int]:
        best = (0, 0)
        for line in lines:
            try:
                cells = next(csv.reader([line], delimiter=delimiter), [])
            except csv.Error:  # a cell past the csv module's limit: the read says so
                continue
            best = max(best, (_known_count(cells, known), len(cells)))
        return best

    return max(DELIMITERS, key=score)


def _closest(name: str, field_aliases: tuple[str, ...], headers: list[str]) -> str | None:
    """The header cell most like a missing column's name or one of its aliases."""
    by_norm = {normalise_header(h): h for h in headers if h}
    for wanted in (name, *field_aliases):
        found = get_close_matches(wanted, list(by_norm), n=1, cutoff=0.6)
        if found:
            return by_norm[found[0]]
    return None


def _map_header(
    header: list[str], schema: TableSchema, filename: str, title_year: int | None = None
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
        if not original or (name in schema.ignored and name not in dict(schema.mapped)):
            mapped.append(None)
            continue
        if field_name is None:
            # A header of thousands of characters is quoted by its start only.
            shown = original if len(original) <= MAX_HEADER_SHOWN else original[:80] + "…"
            problems.append(
                warning(
                    filename,
                    1,
                    shown,
                    f"kolom '{shown}' tidak dikenal dan tidak dipublikasikan"
                    + _known_like(original[:MAX_HEADER_SHOWN], lookup, schema.name),
                    Code.UNKNOWN_COLUMN,
                )
            )
            mapped.append(None)
            continue
        if field_name in seen:
            first = seen[field_name]
            same = normalise_header(first) == name
            what = "muncul dua kali" if same else f"sama artinya dengan kolom '{first}'"
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
        seen[field_name] = original
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
    unmapped = [h.strip(_PADDING + "\ufeff") for h, m in zip(header, mapped, strict=True) if not m]
    for f in schema.fields:
        if not f.column_required or f.name in seen or any(a in seen for a in f.alternatives):
            continue
        if f.name == "tahun" and title_year is not None:
            continue  # taken from the report's title row
        if f.absent_means_not_reported and _closest(f.name, f.aliases, unmapped) is None:
            continue  # a budget-only export: the rules say so once
        problems.append(
            _missing_column(f.name, f.aliases, f.alternatives, unmapped, filename, schema.name)
        )
    return mapped, problems


def _known_like(original: str, lookup: dict[str, str], table: str) -> str:
    """For an unknown header: the known names it is closest to, and the map that fixes it."""
    close = get_close_matches(normalise_header(original), list(lookup), n=3, cutoff=0.7)
    fields = list(dict.fromkeys(lookup[c] for c in close))
    if not fields:
        return ""
    names = " atau ".join(f"'{f}'" for f in fields)
    return (
        f"; mungkin maksudnya {names}? Bila ya, ganti judulnya, atau petakan di data/kolom.csv "
        f"(file, kolom_ekspor, kolom_terbuka) dengan baris {table},{original},{fields[0]}"
    )


def _missing_column(
    name: str,
    aliases: tuple[str, ...],
    alternatives: tuple[str, ...],
    headers: list[str],
    filename: str,
    table: str,
) -> Problem:
    """One error for a required column: its names, and the header most like it."""
    others = ", ".join(aliases + alternatives)
    message = f"kolom wajib '{name}'" + (f" (atau {others})" if others else "")
    message += " tidak ada di baris judul"
    closest = _closest(name, aliases, headers)
    if closest is not None:
        message += (
            f"; kolom yang paling mirip: '{closest}'. Ganti judulnya menjadi '{name}', atau "
            f"petakan di data/kolom.csv dengan baris {table},{closest},{name}"
        )
    elif name == "tahun":
        message += "; tambahkan kolom tahun, atau baris judul laporan 'TAHUN ANGGARAN 2026'"
    return error(filename, 1, name, message, Code.MISSING_COLUMN)


Record = tuple[int, list[str]]


def _csv_source(
    data: bytes, known: dict[str, str], filename: str, problems: list[Problem]
) -> tuple[Iterator[Record], str, str, bool] | None:
    """(line, cells) of a CSV file, its encoding and delimiter; None if unreadable."""
    text, encoding, found = decode(data, filename)
    problems.extend(found)
    if text is None:
        return None
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
        early = [ln.rstrip("\n") for ln, _ in zip(lines, range(HEADER_SEARCH), strict=False)]
        delimiter = _detect_delimiter([ln for ln in early if ln.strip(_PADDING)], known)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return records(reader, filename, first_line, problems), encoding, delimiter, suspicious


def _xlsx_source(
    data: bytes, sheet_name: str, filename: str, problems: list[Problem]
) -> xlsx.Sheet | None:
    try:
        return xlsx.read_sheet(data, sheet_name)
    except xlsx.UnreadableWorkbookError as exc:
        problems.append(error(filename, None, None, str(exc), Code.UNREADABLE_XLSX))
        return None


# The same label at the start of any code cell, the cells joined by NUL: one
# search per row instead of one per cell (this runs on every row).
_CODE_CHARACTERS = "0123456789.\x00"
_TOTAL_IN_CODES = re.compile(r"(?:^|\x00)" + TOTAL_LABEL.pattern.lstrip("^"), re.I)


def _is_total_row(cells: list[str], code_columns: list[int]) -> bool:
    """A row labelled Jumlah, Total, Nasional ... in a code cell, or anywhere without codes.
    A table with no code column (the column map ``kolom.csv``, where ``Jumlah`` is a
    header to map) has no total rows."""
    if not code_columns:
        return False
    codes = [cells[i] for i in code_columns if i < len(cells)]
    joined = "\x00".join(codes)
    # Codes of digits and dots (almost every row) need no search for a label.
    if joined.lstrip(_CODE_CHARACTERS) and _TOTAL_IN_CODES.search(joined):
        return True  # "Jumlah" where a code belongs: never an account of its own
    if any(codes):
        return False  # the common case: a row with its codes
    return any(TOTAL_LABEL.match(c) for c in cells if c)


def _is_header_again(cells: list[str], header: list[str]) -> bool:
    """The header row repeated (on every printed page of a report), or the row of
    column numbers (1, 2, 3 ...) that reports put under it."""
    named = [(c, h) for c, h in zip(cells, header, strict=False) if c]
    if len(named) < MIN_KNOWN:
        return False
    if sum(c == h.strip(_PADDING) for c, h in named) * 2 >= len(named):
        return True
    numbers = [c.strip("()") for c, _ in named]
    return len(numbers) > MIN_KNOWN and numbers == [str(i + 1) for i in range(len(numbers))]


def _suspicious_text(text: str) -> bool:
    return CONTROL.search(text) is not None or UNREADABLE in text


def read_table(
    path: Path, schema: TableSchema, filename: str | None = None, data: bytes | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """Read one export (CSV or XLSX); None when the file cannot be read at all.
    ``data``, the file's bytes already read (and hashed), are read as they are."""
    filename = filename or path.name
    try:
        data = read_regular(path, MAX_EXPORT_BYTES) if data is None else data
    except NotRegularFileError as exc:
        return None, [
            error(filename, None, None, f"{path.name}: {exc}; tidak dibaca", Code.NOT_REGULAR_FILE)
        ]
    problems: list[Problem] = []
    kinds = {f.name: f.kind for f in schema.fields}
    sheet: xlsx.Sheet | None = None
    code_kinds: list[int] = []  # XLSX: the code columns, once the header is known
    numeric_codes: dict[int, list[tuple[int, float]]] = {}  # line -> code cells typed as numbers
    not_a_workbook = xlsx.what_it_is(data) if _named_workbook(filename) else None
    if not_a_workbook is not None:
        return None, [error(filename, None, None, not_a_workbook, Code.UNREADABLE_XLSX)]
    if data.startswith(b"PK\x03\x04"):  # an Excel workbook, whatever its name says
        sheet = _xlsx_source(data, schema.name, filename, problems)
        if sheet is None:
            return None, problems
        values, first_column = sheet.rows, sheet.first_column
        table = RawTable(filename, [], [], [], "xlsx", "", sheet=sheet.name)
        suspicious = True
        converted: list[str | None] = []  # each column's kind, once the header is known

        def text_rows() -> Iterator[Record]:
            for line, row in values:
                column_kinds = converted + [None] * (len(row) - len(converted))
                for i in code_kinds:
                    value = row[i] if i < len(row) else None
                    # 4.10 typed as a number is 4.1: a code that lost a digit.
                    if isinstance(value, float) and not value.is_integer():
                        numeric_codes.setdefault(line, []).append((i, value))
                yield line, [xlsx.cell_text(v, k) for v, k in zip(row, column_kinds, strict=False)]

        rows: Iterator[Record] = text_rows()
    else:
        csv_source = _csv_source(data, schema.header_lookup(), filename, problems)
        if csv_source is None:
            return None, problems
        rows, encoding, delimiter, suspicious = csv_source
        table = RawTable(filename, [], [], [], encoding, delimiter)
        converted = []
        first_column = 0
    located = _locate_header(rows, schema.header_lookup())
    if located is None:
        problems.append(
            error(filename, None, None, "file kosong: tidak ada baris judul", Code.EMPTY_FILE)
        )
        return None, problems
    (line, header), above, rest = located
    header, mapped = _start(table, header, line, above, schema, problems)
    converted[:] = [kinds.get(m) if m else None for m in mapped]
    code_columns = [i for i, m in enumerate(mapped) if m and m.startswith("kode_")]
    code_kinds[:] = code_columns
    flags = _SheetFlags(sheet, mapped, filename) if sheet is not None else None
    if suspicious:
        names = _column_names(header, None, [])
        problems.extend(_cell_problems(header, names, line, filename, table.encoding))
    totals: list[int] = []
    repeated: list[int] = []
    for line, record in rest:
        cells = [c.strip(_PADDING) for c in record]
        if not any(cells) and (flags is None or not flags.flagged(line)):
            continue  # blank lines and Excel's trailing ";;;;" rows (not cells the parse flagged)
        unreadable = []
        # One search of the whole row first: the cell-by-cell look only where it finds something.
        if suspicious and _suspicious_text("".join(cells)):
            names = _column_names(cells, header, mapped)
            unreadable = _cell_problems(cells, names, line, filename, table.encoding)
            problems.extend(unreadable)
        # A workbook has no separators to misplace: its cells beyond the header are
        # columns without a name, left out as in any spreadsheet.
        if sheet is None and len(cells) > len(mapped) and any(cells[len(mapped) :]):
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
        if (
            flags is not None
            and not flags.flagged(line)
            and not any(c for c, m in zip(cells, mapped, strict=False) if m)
        ):
            continue  # a note beside or below the table, in no published column
        if _is_total_row(cells, code_columns):
            totals.append(line)
            continue
        # The cheap test of the first cell rules out most rows.
        maybe_header = cells[0] in ("", "1", "(1)") or cells[0] == header[0].strip(_PADDING)
        if maybe_header and _is_header_again(cells, header):
            repeated.append(line)
            continue
        if flags is not None:
            found = flags.at(line, numeric_codes.pop(line, []))
            if found:  # reported at each cell; the row is read no further, like unreadable text
                problems.extend(found)
                table.unreadable += 1
                continue
        cells += [""] * (len(mapped) - len(cells))
        kept = [c for c, m in zip(cells, mapped, strict=False) if m is not None]
        if table.title_year is not None and "tahun" not in mapped:
            kept.append(str(table.title_year))
        table.rows.append(kept)
        table.lines.append(line)
    if totals:
        problems.append(_lines_warning(filename, totals, TOTALS))
    if repeated:
        problems.append(_lines_warning(filename, repeated, REPEATED_HEADER))
    if flags is not None:
        problems.extend(flags.hidden_warnings(table.lines))
    if table.sheet is not None:
        table.letters = {
            m: xlsx.column_letter(first_column + i) for i, m in enumerate(mapped) if m is not None
        }
    return table, problems


def _locate_header(
    rows: Iterator[Record], known: dict[str, str]
) -> tuple[Record, list[Record], Iterator[Record]] | None:
    """The header row, the title rows above it, and the rows after it.

    The header is the first row with known column names; with none among the
    first rows, the first row is the header (and its problems say so).
    """
    seen: list[Record] = []
    for line, record in rows:
        cells = [c.strip(_PADDING) for c in record]
        if not any(cells):
            continue
        if _known_count(cells, known) >= MIN_KNOWN:
            return (line, record), seen, rows
        seen.append((line, record))
        if len(seen) > HEADER_SEARCH:
            break
    if not seen:
        return None
    return seen[0], [], itertools.chain(seen[1:], rows)


def _start(
    table: RawTable,
    header: list[str],
    line: int,
    above: list[Record],
    schema: TableSchema,
    problems: list[Problem],
) -> tuple[list[str], list[str | None]]:
    """Map the header row; note where it is and a year from the title rows above it."""
    for _, title in above:
        match = next((_TITLE_YEAR.search(c) for c in title if _TITLE_YEAR.search(c)), None)
        if match:
            table.title_year = int(match.group(1))
            break
    mapped, header_problems = _map_header(header, schema, table.filename, table.title_year)
    problems.extend(_at_line(p, line) for p in header_problems)
    table.header_line = line
    table.headers = [normalise_header(h) for h in header]
    table.columns = [m for m in mapped if m is not None]
    has_year = any(f.name == "tahun" for f in schema.fields)
    if has_year and table.title_year is not None and "tahun" not in table.columns:
        table.columns.append("tahun")
    if above:
        where = f"baris {above[0][0]}" if len(above) == 1 else f"baris {above[0][0]}–{above[-1][0]}"
        message = f"baris judul kolom ditemukan di baris {line}; {where} (judul laporan) dilewati"
        if "tahun" in table.columns and "tahun" not in mapped:
            message += f"; tahun {table.title_year} diambil dari judul laporan"
        problems.append(warning(table.filename, line, None, message, Code.TITLE_ROWS))
    return header, mapped


TOTALS = (
    "baris jumlah (Jumlah, Total, Subtotal, Nasional) tidak dihitung agar tidak terhitung dua kali",
    Code.TOTAL_ROW,
)
REPEATED_HEADER = (
    "baris judul kolom yang berulang (atau baris nomor kolom 1, 2, 3 ...) dilewati",
    Code.TITLE_ROWS,
)


def _lines_warning(filename: str, lines: list[int], what: tuple[str, Code]) -> Problem:
    """One warning for rows left out for one reason, each line named."""
    shown = ", ".join(str(n) for n in lines[:MAX_LINES_LISTED])
    more = f" dan {len(lines) - MAX_LINES_LISTED} lainnya" if len(lines) > MAX_LINES_LISTED else ""
    return warning(
        filename, lines[0], None, f"{len(lines)} {what[0]}: baris {shown}{more}", what[1]
    )


MAX_HEADER_SHOWN = 80  # characters of an unknown header quoted in a message


def _named_workbook(filename: str) -> bool:
    return filename.lower().rsplit(".", 1)[-1] in ("xlsx", "xlsm", "xls")


class _SheetFlags:
    """What the workbook's own parse says about a published cell: an Excel error,
    a formula into another file, a merged range that leaves it blank, a code
    typed as a number. Each is an error at the cell: the value shown would not
    be what the data says."""

    def __init__(self, sheet: xlsx.Sheet, mapped: list[str | None], filename: str) -> None:
        self.sheet, self.mapped, self.filename = sheet, mapped, filename
        self.merged = xlsx.MergedCells(sheet.merged)
        self.columns = [sheet.first_column + i for i, m in enumerate(mapped) if m is not None]
        # Each row's flagged cells, indexed once; an error value comes first
        # and wins its cell over the other flags (``at`` keeps the first).
        self.by_row: dict[int, list[tuple[int, str]]] = {}
        for (row, column), value in sorted(sheet.errors.items()):
            self._flag(
                row,
                column,
                f"sel berisi galat Excel {value}, bukan nilai; perbaiki rumusnya atau ketik "
                "nilainya di Excel, lalu simpan ulang",
            )
        for (row, column), why in sorted(sheet.unreadable.items()):
            self._flag(row, column, why)
        for (row, column), formula in sorted(sheet.external.items()):
            self._flag(
                row,
                column,
                f"sel berisi rumus yang mengambil nilai dari file lain ({formula}); nilainya "
                "salinan terakhir yang mungkin sudah usang: salin sel lalu Tempel Nilai (Paste "
                "Values) dan simpan ulang",
            )

    def _flag(self, row: int, column: int, message: str) -> None:
        self.by_row.setdefault(row, []).append((column, message))

    def flagged(self, line: int) -> bool:
        """Whether the parse said something about a cell of this row."""
        return line in self.by_row

    def _published(self, column: int) -> str | None:
        index = column - self.sheet.first_column
        return self.mapped[index] if 0 <= index < len(self.mapped) else None

    def at(self, line: int, numeric_codes: list[tuple[int, float]]) -> list[Problem]:
        found = list(self.by_row.get(line, []))
        for column, merged in self.merged.hidden(line, self.columns):
            found.append(
                (
                    column,
                    f"sel ini bagian dari sel gabungan {merged.reference} (Merge) sehingga "
                    "kosong; batalkan gabungan (Unmerge) dan isi nilainya di setiap baris",
                )
            )
        for column, number in numeric_codes:
            found.append(
                (
                    column,
                    f"kode disimpan sebagai angka ({xlsx.cell_text(number)}), sehingga nol di "
                    "belakang atau di depan bisa hilang (4.10 menjadi 4.1); format kolom kode "
                    "sebagai Teks lalu ketik ulang kodenya",
                )
            )
        problems = []
        seen = set()
        for column, message in found:
            name = self._published(column)
            if name is None or column in seen:
                continue
            seen.add(column)
            problems.append(error(self.filename, line, name, message, Code.EXCEL_ERROR))
        return problems

    def hidden_warnings(self, published: list[int]) -> list[Problem]:
        """Rows and columns hidden in Excel but published: said once each."""
        warnings = []
        kept = set(published)
        rows = [r for r in self.sheet.hidden_rows if r in kept]
        if rows:
            warnings.append(_lines_warning(self.filename, rows, HIDDEN_ROWS))
        columns = [
            c for c in sorted(set(self.sheet.hidden_columns)) if self._published(c) is not None
        ]
        if columns:
            names = ", ".join(
                f"{xlsx.column_letter(c)} ({self._published(c)})" for c in columns[:10]
            )
            warnings.append(
                warning(
                    self.filename,
                    None,
                    None,
                    f"kolom tersembunyi (Hide) di Excel ikut diterbitkan: {names}; tampilkan "
                    "(Unhide) lalu periksa isinya",
                    Code.HIDDEN_CELLS,
                )
            )
        return warnings


HIDDEN_ROWS = (
    "baris tersembunyi (Hide) di Excel ikut diterbitkan; tampilkan (Unhide) lalu periksa isinya",
    Code.HIDDEN_CELLS,
)


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


@dataclass
class ReportRecords:
    """Every row of a report as text, and what else its source says."""

    rows: list[Record]
    sheet: xlsx.Sheet | None = None  # a workbook's flags
    numbers: dict[int, dict[int, float]] = field(default_factory=dict)  # line -> column -> number
    encoding: str = "utf-8"


def report_records(
    data: bytes, filename: str, known: dict[str, str], problems: list[Problem]
) -> ReportRecords | None:
    """Every row of a CSV or XLSX report as text cells; None when it cannot be
    read (``problems`` say why). ``known`` header words decide a CSV's
    delimiter. A workbook's number cells are kept as numbers too, so that the
    amount columns can be written as money once the header says which they are."""
    if data.startswith(b"PK\x03\x04"):
        sheet = _xlsx_source(data, "laporan", filename, problems)
        if sheet is None:
            return None
        found = ReportRecords([], sheet, encoding="xlsx")
        for line, row in sheet.rows:
            found.rows.append((line, [xlsx.cell_text(v) for v in row]))
            numbers = {i: v for i, v in enumerate(row) if isinstance(v, float | int)}
            if numbers:
                found.numbers[line] = numbers
        return found
    source = _csv_source(data, known, filename, problems)
    if source is None:
        return None
    rows, encoding, _, _ = source
    cells = [(line, [c.strip(_PADDING) for c in record]) for line, record in rows]
    return ReportRecords(cells, encoding=encoding)


def unreadable_cells(cells: list[str], line: int, filename: str, encoding: str) -> list[Problem]:
    """Control characters and undecodable bytes in a row, each at its column: the
    same refusal for a report's cells as for an export's."""
    if not _suspicious_text("".join(cells)):
        return []
    return _cell_problems(cells, _column_names(cells, None, []), line, filename, encoding)
