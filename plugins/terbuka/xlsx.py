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
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook, SheetVisibleEnum

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
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> #N/A


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
# single cell at XFD1048576 asks for 500 GB and aborts the process. The sheet
# to be read is checked first: columns A to CZ, rows below 1,000,000, at most
# 2 GB of XML (a zip bomb stops there).
MAX_SHEET_XML = 2_000_000_000
MAX_XML = 2 * MAX_SHEET_XML  # every part together (shared strings, styles, other sheets)
MAX_BOOK_XML = 10_000_000  # workbook.xml and its relations: a list of sheets
# A cell reference (``r="DA1"``) or row number (``r="1000000"``) out of range;
# the literal start keeps the search at C speed (about 1 s for 200,000 rows).
# Searched in text folded by _FOLD (lower case, every space a blank), so that
# any quote, spaces around '=' and either case are caught, as the XML parser
# accepts them. A match counts only inside a <c> or <row> tag: the same
# letters in a cell's text are text.
_OUT_OF_RANGE = re.compile(rb" r *= *[\"'](?:[a-z]{3}|[d-z][a-z]|[a-z]{0,2}[0-9]{7})")
_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\r\n", b"abcdefghijklmnopqrstuvwxyz   ")
# An error cell (``<c r="P4" t="e"><f>1/0</f><v>#DIV/0!</v></c>``): calamine
# reads it as empty, which would drop an amount without a word.
_ERROR_CELL = re.compile(rb"<c [^>]*?\bt *= *[\"']e[\"'][^>]*>")
_REFERENCE = re.compile(rb"\br *= *[\"']([a-z]{1,3})([0-9]{1,7})[\"']")
_ERROR_VALUE = re.compile(rb"(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)?<v>([^<]{1,16})</v>")
_CHUNK = 1 << 24
_TAIL = 4096  # bytes carried into the next chunk: a tag cut in two is searched whole
# A sheet name is shown in messages: never with invisible or direction controls.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
Cell = tuple[int, int]  # (spreadsheet row number, 0-based column index)


def _unreadable(exc: BaseException) -> UnreadableWorkbookError:
    return UnreadableWorkbookError(
        f"file Excel tidak bisa dibaca ({type(exc).__name__}); buka di Excel lalu simpan "
        "ulang sebagai .xlsx"
    )


def _too_far() -> UnreadableWorkbookError:
    return UnreadableWorkbookError(
        "lembar kerja memakai sel di luar kolom A–CZ atau di bawah baris 999.999; hapus isi "
        "di luar tabel ekspor lalu simpan ulang"
    )


def column_index(letters: str) -> int:
    """A -> 0, Z -> 25, AA -> 26 (the inverse of ``column_letter``)."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _inside_tag(text: bytes, at: int) -> bool:
    """Whether the blank at ``at`` lies in a <c ...> or <row ...> start tag."""
    start = text.rfind(b"<", 0, at)
    if start < 0:
        return True  # the tag began in the previous chunk: counted, to be safe
    tag = text[start : at + 1]
    return b">" not in tag and (tag.startswith(b"<c ") or tag.startswith(b"<row "))


def scan_sheet(archive: zipfile.ZipFile, part: str) -> dict[Cell, str]:
    """Refuse a sheet reaching beyond any export; return its error cells (#DIV/0! ...)."""
    errors: dict[Cell, str] = {}
    with archive.open(part) as fh:
        tail = b""
        while chunk := fh.read(_CHUNK):
            text = (tail + chunk).translate(_FOLD)
            for match in _OUT_OF_RANGE.finditer(text):
                if _inside_tag(text, match.start()):
                    raise _too_far()
            if b'"e"' in text or b"'e'" in text:  # rare: the full search only then
                for cell in _ERROR_CELL.finditer(text):
                    ref = _REFERENCE.search(cell.group())
                    value = _ERROR_VALUE.match(text, cell.end())
                    if ref is not None:
                        where = (int(ref.group(2)), column_index(ref.group(1).decode()))
                        errors[where] = (
                            value.group(1).decode("ascii", "replace").upper() if value else "#?"
                        )
            tail = text[-_TAIL:]
    return errors


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML part (``xl/worksheets/sheet1.xml``), from workbook.xml."""
    names = {i.filename: i for i in archive.infolist()}
    book, rels = names.get("xl/workbook.xml"), names.get("xl/_rels/workbook.xml.rels")
    if book is None or rels is None or max(book.file_size, rels.file_size) > MAX_BOOK_XML:
        return {}
    targets = {
        r.get("Id"): r.get("Target", "")
        for r in ElementTree.fromstring(archive.read(rels)).iter()
        if r.get("Id")
    }
    parts = {}
    for sheet in ElementTree.fromstring(archive.read(book)).iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_RELATIONSHIP) in targets:
            target = targets[sheet.get(_RELATIONSHIP)].lstrip("/")
            parts[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def _open(data: bytes) -> tuple[zipfile.ZipFile, CalamineWorkbook]:
    """The workbook as a zip (for the checks) and as calamine reads it."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    if sum(i.file_size for i in archive.infolist()) > MAX_XML or any(
        i.file_size > MAX_SHEET_XML for i in archive.infolist()
    ):
        raise UnreadableWorkbookError(
            "lembar kerja terlalu besar (lebih dari 2 GB setelah dibuka); simpan hanya tabel "
            "ekspornya"
        )
    return archive, CalamineWorkbook.from_filelike(_Bytes(data))


def _choose(book: CalamineWorkbook, wanted: str) -> str:
    """The visible sheet named like the file (``kegiatan``), else the first visible one.

    A hidden sheet is never read: what the clerk sees is what is published.
    """
    visible = [m.name for m in book.sheets_metadata if m.visible == SheetVisibleEnum.Visible]
    if not visible:
        raise UnreadableWorkbookError(
            "file Excel tidak punya lembar kerja yang terlihat; tampilkan (Unhide) lembar "
            "datanya lalu simpan ulang"
        )
    return next((n for n in visible if n.strip().lower() == wanted.lower()), visible[0])


def read_sheet(data: bytes, wanted: str) -> Sheet:
    """The sheet to publish (see ``_choose``), checked before calamine reads it."""
    try:
        archive, book = _open(data)
        name = _choose(book, wanted)
        part = _sheet_parts(archive).get(name)
        if part is None or part not in archive.namelist():
            # Not where workbook.xml says: every sheet part is checked instead.
            parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        else:
            parts = [part]
        errors: dict[Cell, str] = {}
        for each in parts:
            errors.update(scan_sheet(archive, each))
        sheet = book.get_sheet_by_name(name)
        start_col = (sheet.start or (0, 0))[1]
        values = sheet.iter_rows()
    except UnreadableWorkbookError:
        raise
    except Exception as exc:  # zipfile, XML and calamine's own errors for broken files
        raise _unreadable(exc) from None

    def rows() -> Iterator[tuple[int, list[object]]]:
        # calamine pads the rows above the used range (so row numbers count
        # from 1) but not the columns to its left (hence ``first_column``).
        for offset, row in enumerate(values):
            yield offset + 1, list(row)

    shown = _UNSHOWABLE.sub("", name)[:64] or "lembar 1"
    return Sheet(shown, rows(), start_col, errors)


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
