"""Reading an Excel export (.xlsx) into rows of values, in one parse of its XML.

SIPD's reports arrive as XLSX. Every fact about a cell (its value, whether it
holds an Excel error such as ``#DIV/0!``, a formula pointing at another
workbook, a merged range over it, a hidden row) comes from the same streaming
parse of the sheet's XML, with namespaces resolved by the XML parser: there
is no second reading (a byte scan, another library) that could disagree with
the first about where a cell is. Rows keep their spreadsheet row number and
each cell its column, so that a message can point at ``Sheet1!W17``.

Bounds hold before anything is allocated: a cell with a value beyond column
CZ or below row 999,999 stops the reading, so does a sheet of more than
``MAX_CELLS`` cells, and no row is ever longer than ``MAX_COLUMNS``. A file
that is not a workbook (an HTML page or a CSV saved as .xlsx, a password-
protected or old .xls file, an OpenDocument sheet) gets one error that says
what it is.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import IO
from xml.etree import ElementTree

from lxml import etree

SEN = Decimal("0.01")
NUMBER_KINDS = ("money", "percent", "number")
MAX_CELL_TEXT = 100_000  # characters; Excel's own limit is 32,767
MAX_COLUMNS = 104  # A to CZ: no export has more columns
MAX_ROW = 999_999
MAX_CELLS = 10_000_000  # cells with a value in the sheet read (about 1 GB in memory)
MAX_MERGED = 100_000  # merged ranges in the sheet read
MAX_PART_XML = 2_000_000_000  # one part of the workbook, unpacked (a zip bomb stops here)
MAX_XML = 2 * MAX_PART_XML  # every part together
MAX_BOOK_XML = 10_000_000  # workbook.xml, its relations, styles: lists, never tables

CellValue = str | float | bool | dt.date | dt.datetime | dt.time | None
Cell = tuple[int, int]  # (spreadsheet row number, 0-based column index)


class UnreadableWorkbookError(Exception):
    """The file is not a workbook that can be read (message in Indonesian)."""


@dataclass
class Merged:
    """A merged range: its top-left cell holds the value, the others read as blank."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @property
    def reference(self) -> str:
        return (
            f"{column_letter(self.first_column)}{self.first_row}:"
            f"{column_letter(self.last_column)}{self.last_row}"
        )


@dataclass
class Sheet:
    name: str
    rows: Iterator[tuple[int, list[CellValue]]]  # (spreadsheet row number, values from A)
    first_column: int = 0  # values start at column A
    errors: dict[Cell, str] = field(default_factory=dict)  # an Excel error value: #N/A
    external: dict[Cell, str] = field(default_factory=dict)  # formula into another file
    merged: list[Merged] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A -> 0, Z -> 25, AA -> 26 (the inverse of ``column_letter``)."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


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
        if kind == "money" and abs(exact) < 10**20:
            exact = exact.quantize(SEN, ROUND_HALF_UP)
        if exact == exact.to_integral_value() and abs(exact) < 10**18:
            return str(int(exact))
        text = format(exact, "f")
        return text.replace(".", ",") if kind in NUMBER_KINDS else text
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)[:MAX_CELL_TEXT]


# The namespaces a worksheet's elements come in: transitional (what Excel
# writes), strict, and none. The XML parser resolves any prefix (``<x:c>``)
# to the namespace, so a prefixed sheet reads exactly like a plain one.
_NAMESPACES = (
    "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
    "{http://purl.oclc.org/ooxml/spreadsheetml/main}",
    "",
)
_RELATIONSHIP_IDS = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id",
)


def _tags(local: str) -> frozenset[str]:
    return frozenset(ns + local for ns in _NAMESPACES)


_ROW, _CELL, _VALUE, _FORMULA, _INLINE = (_tags(t) for t in ("row", "c", "v", "f", "is"))
_TEXT, _RUN, _PHONETIC, _SI = (_tags(t) for t in ("t", "r", "rPh", "si"))
_MERGE, _COLUMN = (_tags(t) for t in ("mergeCell", "col"))
_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})$")
_RANGE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})$")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape of control characters
_EXTERNAL = re.compile(r"\[[0-9]+\]")  # [1]Sheet1!A1: a cell of another workbook
# A sheet name is shown in messages: never with invisible or direction controls.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_TRUE = ("1", "true")
# Built-in number formats that show a date or time (ECMA-376, 18.8.30).
_DATE_FORMATS = frozenset(range(14, 23)) | frozenset(range(45, 48))
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _too_far(where: str) -> UnreadableWorkbookError:
    return UnreadableWorkbookError(
        f"lembar kerja memakai sel di luar kolom A–CZ atau di bawah baris 999.999 ({where}); "
        "hapus isi di luar tabel ekspor lalu simpan ulang"
    )


def _too_many(what: str) -> UnreadableWorkbookError:
    return UnreadableWorkbookError(
        f"lembar kerja terlalu besar ({what}); simpan hanya tabel ekspornya"
    )


class _NotSimple:
    """What ``_SheetReader._simple`` says of a cell it leaves to ``_value``."""


_NOT_SIMPLE = _NotSimple()
_LETTERS = [column_letter(i) for i in range(MAX_COLUMNS)]
_COLUMNS = {letters: i for i, letters in enumerate(_LETTERS)}  # "A" -> 0 ... "CZ" -> 103


def _position(reference: str | None, row: int, previous: int) -> tuple[int, bool]:
    """A cell's 0-based column (from ``r="B7"``, else the one after the previous),
    and whether it lies beyond the columns and rows any export uses."""
    if reference is None:
        return previous + 1, previous + 1 >= MAX_COLUMNS
    letters = reference.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is not None and reference[len(letters) :] == str(row):
        return column, False  # almost every cell: no pattern needed
    match = _REFERENCE.match(reference)
    if match is None:
        raise UnreadableWorkbookError(
            f"sel dengan alamat '{_UNSHOWABLE.sub('', reference)[:20]}' di baris {row} tidak "
            "sah; buka di Excel lalu simpan ulang sebagai .xlsx"
        )
    column = column_index(match.group(1))
    far = column >= MAX_COLUMNS or int(match.group(2)) > MAX_ROW
    if not far and int(match.group(2)) != row:
        raise UnreadableWorkbookError(
            f"sel {reference} tertulis di dalam baris {row}; buka di Excel lalu simpan ulang "
            "sebagai .xlsx"
        )
    return column, far


class _Book:
    """What every sheet needs from the workbook: sheets, shared strings, date styles."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {i.filename for i in archive.infolist()}
        relations = self._relations("xl/_rels/workbook.xml.rels")
        book = self._small("xl/workbook.xml")
        if book is None:
            raise _not_a_workbook(self.names)
        self.date1904 = any(
            e.tag.endswith("}workbookPr") and e.get("date1904", "0").lower() in _TRUE
            for e in book.iter()
        )
        self.sheets: list[tuple[str, str, bool]] = []  # (name, part, visible)
        for sheet in book.iter():
            if not sheet.tag.endswith("}sheet"):
                continue
            target = next((relations.get(sheet.get(i, "")) for i in _RELATIONSHIP_IDS), None)
            target = target or next(
                (relations.get(sheet.get(k, "")) for k in sheet.attrib if k.endswith("}id")), None
            )
            if target is None:
                continue
            visible = sheet.get("state", "visible") == "visible"
            self.sheets.append((sheet.get("name", ""), _part(target), visible))
        kinds = {t.rsplit("/", 1)[-1]: _part(p) for t, p in self._relation_types(relations)}
        self.strings = self._shared_strings(kinds.get("sharedStrings", "xl/sharedStrings.xml"))
        self.date_styles = self._date_styles(kinds.get("styles", "xl/styles.xml"))

    def _small(self, name: str) -> ElementTree.Element | None:
        if name not in self.names:
            return None
        if self.archive.getinfo(name).file_size > MAX_BOOK_XML:
            raise _too_many(f"{name} lebih dari 10 MB")
        return ElementTree.fromstring(self.archive.read(name))

    def _relations(self, name: str) -> dict[str, str]:
        self.relation_types: dict[str, str] = {}
        root = self._small(name)
        if root is None:
            return {}
        found = {}
        for r in root.iter():
            if r.get("Id") and r.get("Target") is not None:
                found[r.get("Id", "")] = r.get("Target", "")
                self.relation_types[r.get("Id", "")] = r.get("Type", "")
        return found

    def _relation_types(self, relations: dict[str, str]) -> list[tuple[str, str]]:
        return [(self.relation_types.get(i, ""), target) for i, target in relations.items()]

    def _shared_strings(self, name: str) -> list[str]:
        if name not in self.names:
            return []
        strings = []
        with self.archive.open(name) as fh:
            for _, element in ElementTree.iterparse(fh):
                if element.tag in _SI:
                    strings.append(_rich_text(element))
                    element.clear()
        return strings

    def _date_styles(self, name: str) -> frozenset[int]:
        """The style indexes (``s="3"``) whose number format shows a date or time."""
        root = self._small(name)
        if root is None:
            return frozenset()
        dates = set(_DATE_FORMATS)
        for fmt in root.iter():
            if fmt.tag.endswith("}numFmt"):
                code = _FORMAT_NOISE.sub("", fmt.get("formatCode", "")).lower()
                if any(letter in code for letter in "dyhs") and fmt.get("numFmtId", "").isdigit():
                    dates.add(int(fmt.get("numFmtId", "0")))
        found = set()
        for group in root.iter():
            if group.tag.endswith("}cellXfs"):
                for index, xf in enumerate(group):
                    number_format = xf.get("numFmtId", "0")
                    if number_format.isdigit() and int(number_format) in dates:
                        found.add(index)
        return frozenset(found)

    def when(self, serial: float) -> dt.date | dt.datetime | dt.time:
        """An Excel date serial as the date (or moment) it shows."""
        # Excel's 1900 system counts from 30 December 1899 (its leap-year bug included).
        base = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        if 0 <= serial < 1:
            return (base + dt.timedelta(days=serial)).time()
        moment = base + dt.timedelta(days=serial)
        return moment.date() if moment.time() == dt.time() else moment.replace(microsecond=0)


def _part(target: str) -> str:
    target = target.lstrip("/")
    return target if target.startswith("xl/") else f"xl/{target}"


def _rich_text(element: ElementTree.Element | etree._Element) -> str:
    """The text of a shared or inline string: plain, or runs of formatted text."""
    parts = []
    for child in element:
        if child.tag in _TEXT:
            parts.append(child.text or "")
        elif child.tag in _RUN:
            parts.extend(t.text or "" for t in child if t.tag in _TEXT)
    return _unescape("".join(parts))


def _not_a_workbook(names: set[str]) -> UnreadableWorkbookError:
    if "content.xml" in names or "mimetype" in names:
        what = "spreadsheet OpenDocument (.ods), bukan .xlsx"
    elif any(n.startswith("word/") for n in names):
        what = "dokumen Word (.docx), bukan lembar kerja"
    else:
        what = "file ZIP yang bukan lembar kerja Excel"
    return UnreadableWorkbookError(f"file ini {what}; buka di Excel lalu simpan sebagai .xlsx")


def what_it_is(data: bytes) -> str | None:
    """Say what a file that should be a workbook is, when it is not one (else None)."""
    if data.startswith(b"PK\x03\x04"):
        return None
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return (
            "file ini workbook Excel lama (.xls) atau workbook yang dikunci kata sandi; buka di "
            "Excel, hapus kata sandinya, lalu simpan sebagai .xlsx"
        )
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) or b"<html" in head:
        return (
            "file ini halaman web (HTML) yang diberi nama .xlsx, bukan workbook Excel; buka di "
            "Excel lalu simpan sebagai .xlsx, atau ekspor ulang sebagai CSV"
        )
    if not data.strip():
        return "file ini kosong, bukan workbook Excel; ekspor ulang dari aplikasinya"
    if b"\x00" not in data[:2048]:
        return (
            "file ini teks (CSV) yang diberi nama .xlsx, bukan workbook Excel; ganti akhiran "
            "namanya menjadi .csv atau buka di Excel lalu simpan sebagai .xlsx"
        )
    return "file ini bukan workbook Excel; buka di Excel lalu simpan sebagai .xlsx"


def _open(data: bytes) -> zipfile.ZipFile:
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if sum(i.file_size for i in infos) > MAX_XML or any(i.file_size > MAX_PART_XML for i in infos):
        raise _too_many("lebih dari 2 GB setelah dibuka")
    return archive


def _choose(book: _Book, wanted: str) -> tuple[str, str]:
    """The visible sheet named like the file (``kegiatan``), else the first visible one.

    A hidden sheet is never read: what the clerk sees is what is published.
    """
    visible = [(name, part) for name, part, shown in book.sheets if shown]
    if not visible:
        raise UnreadableWorkbookError(
            "file Excel tidak punya lembar kerja yang terlihat; tampilkan (Unhide) lembar "
            "datanya lalu simpan ulang"
        )
    chosen = next((s for s in visible if s[0].strip().lower() == wanted.lower()), visible[0])
    if chosen[1] not in book.names:
        raise UnreadableWorkbookError(
            "lembar kerja yang disebut workbook.xml tidak ada di dalam file; buka di Excel lalu "
            "simpan ulang sebagai .xlsx"
        )
    return chosen


class _SheetReader:
    """One streaming parse of a worksheet part: values and every flag together."""

    def __init__(self, book: _Book, name: str) -> None:
        self.book = book
        self.sheet = Sheet(name, iter(()))
        self.cells = 0

    def read(self, fh: IO[bytes]) -> Sheet:
        rows: list[tuple[int, list[CellValue]]] = []
        row_number = 0
        # libxml2 with no entities, no DTD and no network; events only for the
        # elements that matter, each freed once read so memory stays flat.
        parse = etree.iterparse(
            fh,
            events=("end",),
            tag=[*_ROW, *_MERGE, *_COLUMN],
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
        )
        for _, element in parse:
            tag = element.tag
            if tag in _ROW:
                reference = element.get("r")
                row_number = row_number + 1 if reference is None else _row_number(reference)
                if row_number > MAX_ROW:
                    if any(len(c) for c in element):
                        raise _too_far(f"baris {row_number}")
                else:
                    values = self._row(element, row_number)
                    if values:
                        rows.append((row_number, values))
                        if element.get("hidden", "0").lower() in _TRUE:
                            self.sheet.hidden_rows.append(row_number)
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
            elif tag in _MERGE:
                self._merge(element.get("ref", ""))
            elif element.get("hidden", "0").lower() in _TRUE:  # a hidden <col>
                first, last = element.get("min", ""), element.get("max", "")
                if first.isdigit() and last.isdigit():
                    span = range(int(first) - 1, min(int(last), MAX_COLUMNS))
                    self.sheet.hidden_columns.extend(span)
        rows.sort(key=lambda r: r[0])  # rows out of order in the XML still read in order
        self.sheet.rows = iter(rows)
        return self.sheet

    def _row(self, row: etree._Element, number: int) -> list[CellValue]:
        values: list[CellValue] = []
        column = -1
        digits = str(number)
        for cell in row:
            if cell.tag not in _CELL:
                continue
            reference = cell.get("r")
            if column + 1 < MAX_COLUMNS and reference == _LETTERS[column + 1] + digits:
                column, far = column + 1, False  # the next cell, as most are
            else:
                column, far = _position(reference, number, column)
            if far:
                if len(cell):  # a value (or a formula) where no export reaches
                    raise _too_far(f"sel {(reference or column_letter(column) + digits).upper()}")
                continue  # formatting only: it holds nothing, wherever it is
            value = self._simple(cell)
            if isinstance(value, _NotSimple):
                value = self._value(cell, number, column)
            if value is None and (number, column) not in self.sheet.errors:
                continue  # an empty cell (formatting only) holds nothing
            if column >= len(values):
                values.extend([None] * (column + 1 - len(values)))
            values[column] = value
        self.cells += len(values)
        if self.cells > MAX_CELLS:
            raise _too_many(f"lebih dari {MAX_CELLS:,} sel".replace(",", "."))
        return values

    def _simple(self, cell: etree._Element) -> CellValue | _NotSimple:
        """The value of a plain number, shared string or one-run inline string, the
        cells that make up nearly every sheet; any other cell is read by ``_value``."""
        if len(cell) != 1:
            return None if len(cell) == 0 and cell.get("t") != "e" else _NOT_SIMPLE
        kind, child = cell.get("t"), cell[0]
        if child.tag in _VALUE:
            text = child.text or ""
            if kind is None or kind == "n":
                if self.book.date_styles and cell.get("s") is not None:
                    return _NOT_SIMPLE
                try:
                    return float(text)
                except ValueError:
                    return _NOT_SIMPLE
            if kind == "s" and text.isdigit() and int(text) < len(self.book.strings):
                return self.book.strings[int(text)]
        elif kind == "inlineStr" and child.tag in _INLINE and len(child) == 1:
            inner = child[0]
            if inner.tag in _TEXT:
                return _unescape(inner.text or "")
        return _NOT_SIMPLE

    def _value(self, cell: etree._Element, row: int, column: int) -> CellValue:
        kind = cell.get("t", "n")
        text = None
        for child in cell:
            if child.tag in _VALUE:
                text = child.text or ""
            elif child.tag in _INLINE:
                text = _rich_text(child)
            elif child.tag in _FORMULA and child.text and _EXTERNAL.search(child.text):
                self.sheet.external[(row, column)] = _UNSHOWABLE.sub("", child.text)[:80]
        if kind == "e":
            self.sheet.errors[(row, column)] = _UNSHOWABLE.sub("", text or "#?")[:16].upper()
            return None
        if text is None:
            return None
        if kind == "s":
            index = int(text) if text.strip().isdigit() else -1
            if not 0 <= index < len(self.book.strings):
                self.sheet.errors[(row, column)] = "#REF!"
                return None
            return self.book.strings[index]
        if kind in ("inlineStr", "str"):
            return _unescape(text)
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(text.strip())
            except ValueError:
                return text
        try:
            number = float(text)
        except ValueError:
            return text  # a number cell holding text: shown as its text, the check decides
        style = cell.get("s")
        if style is not None and style.isdigit() and int(style) in self.book.date_styles:
            try:
                return self.book.when(number)
            except (OverflowError, ValueError):
                return number
        return number

    def _merge(self, reference: str) -> None:
        match = _RANGE.match(reference)
        if match is None:
            return  # one cell merged with itself: nothing is hidden
        if len(self.sheet.merged) >= MAX_MERGED:
            raise _too_many(f"lebih dari {MAX_MERGED:,} sel gabungan".replace(",", "."))
        a, b = column_index(match.group(1)), column_index(match.group(3))
        r1, r2 = int(match.group(2)), int(match.group(4))
        self.sheet.merged.append(Merged(min(r1, r2), min(a, b), max(r1, r2), max(a, b)))


def _row_number(reference: str) -> int:
    if not reference.strip().isdigit():
        raise UnreadableWorkbookError(
            f"baris dengan nomor '{_UNSHOWABLE.sub('', reference)[:20]}' tidak sah; buka di "
            "Excel lalu simpan ulang sebagai .xlsx"
        )
    return int(reference)


def read_sheet(data: bytes, wanted: str) -> Sheet:
    """The sheet to publish (see ``_choose``), read in one parse with all its flags."""
    what = what_it_is(data)
    if what is not None:
        raise UnreadableWorkbookError(what)
    try:
        archive = _open(data)
        book = _Book(archive)
        name, part = _choose(book, wanted)
        shown = _UNSHOWABLE.sub("", name)[:64] or "lembar 1"
        with archive.open(part) as fh:
            return _SheetReader(book, shown).read(fh)
    except UnreadableWorkbookError:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, EOFError, OSError, ValueError) as exc:
        raise UnreadableWorkbookError(
            f"file Excel tidak bisa dibaca ({type(exc).__name__}); buka di Excel lalu simpan "
            "ulang sebagai .xlsx"
        ) from None


class MergedCells:
    """Which cells of a row a merged range hides (all but its top-left cell).

    Rows are asked in increasing order, so the ranges are swept once: the
    cost per row is the number of ranges over it, never the size of a range.
    """

    def __init__(self, merged: list[Merged]) -> None:
        self._waiting = sorted(merged, key=lambda m: m.first_row)
        self._starts = [m.first_row for m in self._waiting]
        self._next = 0
        self._active: list[Merged] = []

    def hidden(self, row: int) -> list[tuple[int, Merged]]:
        """(column, range) of each cell in ``row`` that a merged range leaves blank."""
        end = bisect.bisect_right(self._starts, row)
        if end > self._next:
            self._active.extend(self._waiting[self._next : end])
            self._next = end
        if not self._active:
            return []
        self._active = [m for m in self._active if m.last_row >= row]
        found = []
        for m in self._active:
            for column in range(m.first_column, min(m.last_column, MAX_COLUMNS - 1) + 1):
                if (row, column) != (m.first_row, m.first_column):
                    found.append((column, m))
        return found
