"""Reading an Excel export (.xlsx) into rows of text, as a CSV would give them.

SIPD's reports arrive as XLSX. Cells become the text a person sees, so that
the rest of the data flow reads one kind of input: a number cell becomes its
shortest decimal text (never a float's binary tail: 0.1 is "0.1"), a date its
ISO date, text stays text. Rows keep their spreadsheet row number and each
cell its column letter, so that a message can point at ``Sheet1!W17``.

python-calamine (Rust's calamine) reads a 200,000-row sheet about fourteen
times faster than openpyxl's read-only mode (see ``make bench``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from python_calamine import CalamineWorkbook

SEN = Decimal("0.01")
NUMBER_KINDS = ("money", "percent", "number")
MAX_CELL_TEXT = 100_000  # characters; Excel's own limit is 32,767


class UnreadableWorkbookError(Exception):
    """The file is not a workbook calamine can open (message in Indonesian)."""


@dataclass
class Sheet:
    name: str
    rows: Iterator[tuple[int, list[object]]]  # (spreadsheet row number, cell values)
    first_column: int  # 0-based index of the sheet's first used column


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: object, kind: str | None = None) -> str:
    """What a person sees in the cell, with numbers written exactly.

    In a money column a number is rounded to the sen; in any number column a
    fraction is written with a decimal comma, as the Indonesian text cells
    beside it are, so that one column never mixes two styles.
    """
    if type(value) is str:  # most cells: no other test needed
        return value if len(value) <= MAX_CELL_TEXT else value[:MAX_CELL_TEXT]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "#NUM!"
        # repr is the shortest text that reads back as the same float: the
        # number Excel shows, never 1500000.4999999998.
        exact = Decimal(repr(value))
        if kind == "money":
            exact = exact.quantize(SEN, ROUND_HALF_UP)
        if exact == exact.to_integral_value() and abs(exact) < 10**18:
            return str(int(exact))
        text = format(exact, "f")
        return text.replace(".", ",") if kind in NUMBER_KINDS else text
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)[:MAX_CELL_TEXT]


# calamine holds a sheet as one block from its first to its last cell: a
# single cell at XFD1048576 asks for 500 GB and aborts the process. Sheets
# are checked first: columns A to CZ, rows below 1,000,000, at most 2 GB of
# XML (a zip bomb stops there).
MAX_SHEET_XML = 2_000_000_000
# A cell reference (``r="DA1"``) or row number (``r="1000000"``) out of range;
# the literal r=" keeps the search at C speed (about 1 s for 200,000 rows).
# Searched in text folded by _FOLD (lower case, every space a blank), so that
# any quote, spaces around '=' and either case are caught, as the XML
# parser accepts them, while the search keeps a literal start (C speed).
_OUT_OF_RANGE = re.compile(rb" r *= *[\"'](?:[a-z]{3}|[d-z][a-z]|[a-z]{0,2}[0-9]{7})")
_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\r\n", b"abcdefghijklmnopqrstuvwxyz   ")
MAX_XML = 2 * MAX_SHEET_XML  # every part together (shared strings, styles, other sheets)
_CHUNK = 1 << 24
# A sheet name is shown in messages: never with invisible or direction controls.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def check_extent(data: bytes) -> None:
    """Refuse a workbook whose sheets reach beyond any export (see above)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        sheets = [i for i in entries if i.filename.startswith("xl/worksheets/")]
        for info in sheets:
            if info.file_size > MAX_SHEET_XML or sum(i.file_size for i in entries) > MAX_XML:
                raise UnreadableWorkbookError(
                    "lembar kerja terlalu besar (lebih dari 2 GB setelah dibuka); simpan hanya "
                    "tabel ekspornya"
                )
            with archive.open(info) as fh:
                tail = b""
                while chunk := fh.read(_CHUNK):
                    text = (tail + chunk).translate(_FOLD)
                    if _OUT_OF_RANGE.search(text):
                        raise UnreadableWorkbookError(
                            "lembar kerja memakai sel di luar kolom A–CZ atau di bawah baris "
                            "999.999; hapus isi di luar tabel ekspor lalu simpan ulang"
                        )
                    tail = text[-16:]  # a reference cut between two chunks is searched whole
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise UnreadableWorkbookError(
            f"file Excel tidak bisa dibaca ({type(exc).__name__}); buka di Excel lalu simpan "
            "ulang sebagai .xlsx"
        ) from None


def read_sheet(data: bytes, wanted: str) -> Sheet:
    """The sheet named like the file (``kegiatan``), else the first one."""
    check_extent(data)
    try:
        book = CalamineWorkbook.from_filelike(_Bytes(data))
        names = book.sheet_names
        if not names:
            raise UnreadableWorkbookError("file Excel tidak punya lembar kerja")
        name = next((n for n in names if n.strip().lower() == wanted.lower()), names[0])
        sheet = book.get_sheet_by_name(name)
        start_col = (sheet.start or (0, 0))[1]
        values = sheet.iter_rows()
    except UnreadableWorkbookError:
        raise
    except Exception as exc:  # calamine raises its own types for broken files
        raise UnreadableWorkbookError(
            f"file Excel tidak bisa dibaca ({type(exc).__name__}); buka di Excel lalu simpan "
            "ulang sebagai .xlsx"
        ) from None

    def rows() -> Iterator[tuple[int, list[object]]]:
        # calamine pads the rows above the used range (so row numbers count
        # from 1) but not the columns to its left (hence ``first_column``).
        for offset, row in enumerate(values):
            yield offset + 1, list(row)

    return Sheet(_UNSHOWABLE.sub("", name)[:64] or "lembar 1", rows(), start_col)


class _Bytes:
    """The file-like object calamine asks for, over bytes already read."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._pos + size
        chunk = self._data[self._pos : end]
        self._pos += len(chunk)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._data))[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos
