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

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import IO

from lxml import etree

SEN = Decimal("0.01")
NUMBER_KINDS = ("money", "percent", "number")
MAX_CELL_TEXT = 100_000  # characters; Excel's own limit is 32,767
MAX_COLUMNS = 104  # A to CZ: no export has more columns
MAX_ROW = 999_999
MAX_CELLS = 10_000_000  # cells with a value in the sheet read (about 1 GB in memory)
MAX_MERGED = 100_000  # merged ranges in the sheet read
MAX_MERGED_SPAN = 1_000_000  # columns (A..CZ) that merged ranges cover, summed
MAX_ELEMENTS = 50_000_000  # cells read, empty ones included
MAX_ROW_CHILDREN = 100_000  # elements in one row (a row has at most 104 cells)
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
    unreadable: dict[Cell, str] = field(default_factory=dict)  # a value not there: why
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
_MERGE, _COLUMN, _SHEET_DATA = (_tags(t) for t in ("mergeCell", "col", "sheetData"))
_WORKSHEET = _tags("worksheet")
_CHUNK = 1 << 20
_REFERENCE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})$")
_RANGE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})$")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape of control characters
_EXTERNAL = re.compile(r"\[[0-9]+\]")  # [1]Sheet1!A1: a cell of another workbook
# A number as a <v> holds it (ASCII digits only: float() would take ١٥٠٠ and 1_000).
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# A sheet name is shown in messages: never with invisible or direction controls.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_TRUE = ("1", "true")
# Built-in number formats that show a date or time (ECMA-376, 18.8.30).
_DATE_FORMATS = frozenset(range(14, 23)) | frozenset(range(45, 48))
_PERCENT_FORMATS = frozenset((9, 10))
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


def _parser() -> etree.XMLParser:
    """libxml2 as every part is read: no entities, no DTD, no network, no huge nodes."""
    return etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, remove_comments=True
    )


def _no_doctype(tree: etree._ElementTree, name: str) -> None:
    """A DOCTYPE in a workbook part is refused: Excel never writes one, and its
    entities would make two readers of the part disagree about a value."""
    if getattr(tree.docinfo, "doctype", "") or tree.docinfo.internalDTD is not None:
        raise UnreadableWorkbookError(
            f"bagian {_UNSHOWABLE.sub('', name)[:60]} memuat DOCTYPE; file ini bukan buatan Excel: "
            "buka di Excel lalu simpan ulang sebagai .xlsx"
        )


class _Book:
    """What every sheet needs from the workbook: sheets, shared strings, date and
    percent styles. Parts are found as Excel finds them: the package's main
    workbook from ``_rels/.rels``, each part by its relationship, resolved
    against the folder of the part that names it."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = {i.filename for i in archive.infolist()}
        main = next(
            (
                target
                for kind, target in self._relations("_rels/.rels", "").values()
                if kind.endswith("/officeDocument")
            ),
            "xl/workbook.xml",
        )
        book = self._small(main)
        if book is None:
            raise _not_a_workbook(self.names)
        folder = posixpath.dirname(main)
        relations = self._relations(f"{folder}/_rels/{posixpath.basename(main)}.rels", folder)
        self.date1904 = any(
            e.get("date1904", "0").lower() in _TRUE for e in book if _local(e.tag) == "workbookPr"
        )
        # Formulas a tool wrote without their values (fullCalcOnLoad): none is trusted.
        self.uncalculated = any(
            e.get("fullCalcOnLoad", "0").lower() in _TRUE for e in book if _local(e.tag) == "calcPr"
        )
        self.sheets: list[tuple[str, str, bool]] = []  # (name, part, visible)
        for group in (e for e in book if _local(e.tag) == "sheets"):
            for sheet in (e for e in group if _local(e.tag) == "sheet"):
                ids = [sheet.get(k, "") for k in sheet.attrib if str(k).endswith("}id")]
                target = next((relations[i][1] for i in ids if i in relations), None)
                if target is None:
                    continue
                visible = sheet.get("state", "visible") == "visible"
                self.sheets.append((sheet.get("name", ""), target, visible))
        kinds = {kind.rsplit("/", 1)[-1]: target for kind, target in relations.values()}
        # Where a writer left out the relationship, the parts' usual names.
        self.strings = self._shared_strings(
            kinds.get("sharedStrings", f"{folder}/sharedStrings.xml")
        )
        self.date_styles, self.percent_styles = self._styles(
            kinds.get("styles", f"{folder}/styles.xml")
        )

    def _small(self, name: str) -> etree._Element | None:
        if name not in self.names:
            return None
        if self.archive.getinfo(name).file_size > MAX_BOOK_XML:
            raise _too_many(f"{name} lebih dari 10 MB")
        tree = etree.ElementTree(etree.fromstring(self.archive.read(name), _parser()))
        _no_doctype(tree, name)
        return tree.getroot()

    def _relations(self, name: str, folder: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, part name) of a relationships part; targets outside the
        package (a link, ``TargetMode="External"``) are left out."""
        root = self._small(name)
        found: dict[str, tuple[str, str]] = {}
        for r in root if root is not None else []:
            target, key = r.get("Target"), r.get("Id")
            if not target or not key or r.get("TargetMode", "Internal") != "Internal":
                continue
            found[key] = (r.get("Type", ""), _part(target, folder))
        return found

    def _shared_strings(self, name: str) -> list[str]:
        if name not in self.names:
            return []
        strings = []
        with self.archive.open(name) as fh:
            parse = etree.iterparse(
                fh, events=("end",), tag=list(_SI), resolve_entities=False, load_dtd=False,
                no_network=True, remove_comments=True,
            )  # fmt: skip
            for _, element in parse:
                strings.append(_rich_text(element))
                if len(strings) > MAX_CELLS:
                    raise _too_many(f"lebih dari {MAX_CELLS:,} teks".replace(",", "."))
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
            _no_doctype(parse.root.getroottree(), name)
        return strings

    def _styles(self, name: str) -> tuple[frozenset[int], frozenset[int]]:
        """The style indexes (``s="3"``) whose number format shows a date or time,
        and those that show a percent (Excel stores 82,5% as 0.825)."""
        root = self._small(name) if name else None
        if root is None:
            return frozenset(), frozenset()
        dates, percents = set(_DATE_FORMATS), set(_PERCENT_FORMATS)
        for fmt in root.iter():
            if _local(fmt.tag) == "numFmt" and fmt.get("numFmtId", "").isdigit():
                code = _FORMAT_NOISE.sub("", fmt.get("formatCode", "")).lower()
                if "%" in code:
                    percents.add(int(fmt.get("numFmtId", "0")))
                elif any(letter in code for letter in "dyhs"):
                    dates.add(int(fmt.get("numFmtId", "0")))
        date_styles, percent_styles = set(), set()
        for group in root.iter():
            if _local(group.tag) == "cellXfs":
                for index, xf in enumerate(group):
                    number_format = xf.get("numFmtId", "0")
                    if number_format.isdigit() and int(number_format) in dates:
                        date_styles.add(index)
                    if number_format.isdigit() and int(number_format) in percents:
                        percent_styles.add(index)
        return frozenset(date_styles), frozenset(percent_styles)

    def when(self, serial: float) -> dt.date | dt.datetime | dt.time:
        """An Excel date serial as the date (or moment) it shows."""
        # Excel's 1900 system counts from 30 December 1899 (its leap-year bug included).
        base = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
        if 0 <= serial < 1:
            return (base + dt.timedelta(days=serial)).time()
        moment = base + dt.timedelta(days=serial)
        return moment.date() if moment.time() == dt.time() else moment.replace(microsecond=0)


def _local(tag: object) -> str:
    """An element's name without its namespace (a comment's tag is not a str)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _part(target: str, folder: str) -> str:
    """A relationship's target as a part name: absolute from the package root,
    else relative to the folder of the part that names it."""
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(joined).lstrip("/") if joined else ""


def _rich_text(element: etree._Element) -> str:
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
    if any(i.flag_bits & 1 for i in infos):
        raise UnreadableWorkbookError(
            "file Excel ini dikunci kata sandi (terenkripsi); buka di Excel, hapus kata sandinya, "
            "lalu simpan ulang sebagai .xlsx"
        )
    if any(i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos):
        raise UnreadableWorkbookError(
            "file Excel ini dikemas dengan cara yang bukan buatan Excel; buka di Excel lalu simpan "
            "ulang sebagai .xlsx"
        )
    if len({i.filename for i in infos}) != len(infos):
        # Two parts of one name: which one a reader takes is up to the reader.
        raise UnreadableWorkbookError(
            "file Excel ini memuat dua bagian bernama sama; buka di Excel lalu simpan ulang "
            "sebagai .xlsx"
        )
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
        self.elements = 0  # cells read, empty ones included
        self.rows_seen: set[int] = set()
        self.shared_external: set[str] = set()  # shared formulas (si) that read another file
        self.hidden_columns: set[int] = set()
        self.merged_span = 0

    def read(self, fh: IO[bytes]) -> Sheet:
        rows: list[tuple[int, list[CellValue]]] = []
        row_number = 0
        for element in self._elements(fh):
            tag = element.tag
            if tag in _ROW:
                parent = element.getparent()
                if parent is None or parent.tag not in _SHEET_DATA:
                    element.clear()  # a row outside the table Excel shows
                    continue
                reference = element.get("r")
                row_number = row_number + 1 if reference is None else _row_number(reference)
                self._new_row(row_number)
                if row_number > MAX_ROW:
                    if any(len(c) for c in element):
                        raise _too_far(f"baris {row_number}")
                else:
                    values = self._row(element, row_number)
                    hidden = element.get("hidden", "0").lower() in _TRUE
                    if values:
                        rows.append((row_number, values))
                        if hidden or element.get("ht", "").strip() in ("0", "0.0"):
                            self.sheet.hidden_rows.append(row_number)
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
            elif tag in _MERGE:
                self._merge(element.get("ref", ""))
            elif _hidden_column(element):
                first, last = element.get("min", ""), element.get("max", "")  # a hidden <col>
                if first.isdigit() and last.isdigit():
                    span = range(int(first) - 1, min(int(last), MAX_COLUMNS))
                    self.hidden_columns.update(span)
        rows.sort(key=lambda r: r[0])  # rows out of order in the XML still read in order
        self.sheet.rows = iter(rows)
        self.sheet.hidden_columns = sorted(self.hidden_columns)
        MergedCells(self.sheet.merged)  # overlapping ranges are refused here, with the file
        return self.sheet

    def _elements(self, fh: IO[bytes]) -> Iterator[etree._Element]:
        """The rows, merges and columns of the sheet as the parse ends each one.

        libxml2 with no entities, no DTD and no network, fed a megabyte at a
        time; after each megabyte everything already read is freed, whatever
        it is, so memory stays flat even for a sheet full of elements no
        export has (only the elements still open, and the row being read, are
        held; a row of more than ``MAX_ROW_CHILDREN`` elements is refused).
        """
        parser = etree.XMLPullParser(
            events=("start", "end"),
            tag=[*_WORKSHEET, *_ROW, *_MERGE, *_COLUMN],
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            remove_comments=True,
            remove_pis=True,
        )
        root: etree._Element | None = None
        while chunk := fh.read(_CHUNK):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if not isinstance(element, etree._Element):
                    continue  # namespace events carry no element
                if event == "start":
                    root = element if root is None else root
                elif element.tag not in _WORKSHEET:
                    yield element
            if root is not None:
                _free_what_was_read(root)
        parser.close()
        if root is not None:
            _no_doctype(root.getroottree(), self.sheet.name)

    def _new_row(self, number: int) -> None:
        if number < 1 or number in self.rows_seen:
            what = "nomor 0" if number < 1 else f"nomor {number} dua kali"
            raise UnreadableWorkbookError(
                f"lembar kerja memuat baris dengan {what}; buka di Excel lalu simpan ulang "
                "sebagai .xlsx"
            )
        self.rows_seen.add(number)

    def _row(self, row: etree._Element, number: int) -> list[CellValue]:
        _not_stuffed(row)
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
                previous = column
                column, far = _position(reference, number, column)
                if column <= previous:
                    raise UnreadableWorkbookError(
                        f"sel {reference} di baris {number} tertulis dua kali atau tidak "
                        "berurutan; buka di Excel lalu simpan ulang sebagai .xlsx"
                    )
            self.elements += 1
            if self.elements > MAX_ELEMENTS:
                raise _too_many(f"lebih dari {MAX_ELEMENTS:,} sel".replace(",", "."))
            if far:
                if len(cell):  # a value (or a formula) where no export reaches
                    raise _too_far(f"sel {(reference or column_letter(column) + digits).upper()}")
                continue  # formatting only: it holds nothing, wherever it is
            value = self._simple(cell)
            if isinstance(value, _NotSimple):
                value = self._value(cell, number, column)
            if value is None and not self._flagged(number, column):
                continue  # an empty cell (formatting only) holds nothing
            if column >= len(values):
                values.extend([None] * (column + 1 - len(values)))
            values[column] = value
        self.cells += len(values)
        if self.cells > MAX_CELLS:
            raise _too_many(f"lebih dari {MAX_CELLS:,} sel".replace(",", "."))
        return values

    def _flagged(self, row: int, column: int) -> bool:
        """Whether the parse said something about this cell (an empty value included)."""
        at = (row, column)
        return at in self.sheet.errors or at in self.sheet.unreadable or at in self.sheet.external

    def _simple(self, cell: etree._Element) -> CellValue | _NotSimple:
        """The value of a plain number, shared string or one-run inline string, the
        cells that make up nearly every sheet; any other cell is read by ``_value``."""
        if len(cell) != 1:
            return None if len(cell) == 0 and cell.get("t") != "e" else _NOT_SIMPLE
        kind, child = cell.get("t"), cell[0]
        if child.tag in _VALUE:
            text = child.text or ""
            if kind is None or kind == "n":
                if (self.book.date_styles or self.book.percent_styles) and cell.get("s"):
                    return _NOT_SIMPLE
                return float(text) if _NUMBER.fullmatch(text) else _NOT_SIMPLE
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
        formula: etree._Element | None = None
        for child in cell:
            if child.tag in _VALUE:
                text = child.text or ""
            elif child.tag in _INLINE:
                text = _rich_text(child)
            elif child.tag in _FORMULA:
                formula = child
        if formula is not None:
            self._formula(formula, row, column, text is None)
        if kind == "e":
            self.sheet.errors[(row, column)] = _UNSHOWABLE.sub("", text or "#?")[:16].upper()
            return None
        if text is None:
            return None
        if kind == "s":
            index = int(text) if text.isascii() and text.isdigit() else -1
            if not 0 <= index < len(self.book.strings):
                self.sheet.unreadable[(row, column)] = (
                    "sel merujuk teks yang tidak ada di file (sharedStrings); buka di Excel lalu "
                    "simpan ulang sebagai .xlsx"
                )
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
        if not _NUMBER.fullmatch(text):
            return text  # a number cell holding other text: shown as it is, the check decides
        number = float(text)
        style = cell.get("s")
        index = int(style) if style is not None and style.isdigit() else -1
        if index in self.book.percent_styles:
            # Excel stores 82,5% as 0.825 and shows 82,5%: the text a person sees.
            shown = format(Decimal(repr(number)) * 100, "f").replace(".", ",")
            return f"{shown.rstrip('0').rstrip(',') if ',' in shown else shown}%"
        if index in self.book.date_styles:
            try:
                return self.book.when(number)
            except (OverflowError, ValueError):
                return number
        return number

    def _formula(self, formula: etree._Element, row: int, column: int, no_value: bool) -> None:
        """What a formula says about its cell's value: from another workbook (a
        filled-down copy of such a formula too), or not calculated at all."""
        text, group = formula.text or "", formula.get("si")
        external = bool(_EXTERNAL.search(text))
        if external and group is not None:
            self.shared_external.add(group)
        if external or (group is not None and not text and group in self.shared_external):
            shown = text or f"salinan rumus bersama {group}"
            self.sheet.external[(row, column)] = _UNSHOWABLE.sub("", shown)[:80]
        elif no_value or self.book.uncalculated:
            self.sheet.unreadable[(row, column)] = (
                "sel berisi rumus yang nilainya belum dihitung (file dibuat aplikasi lain, bukan "
                "disimpan Excel); buka di Excel lalu simpan ulang agar nilainya tersimpan"
            )

    def _merge(self, reference: str) -> None:
        match = _RANGE.match(reference)
        if match is None:
            return  # one cell merged with itself: nothing is hidden
        if len(self.sheet.merged) >= MAX_MERGED:
            raise _too_many(f"lebih dari {MAX_MERGED:,} sel gabungan".replace(",", "."))
        a, b = column_index(match.group(1)), column_index(match.group(3))
        r1, r2 = int(match.group(2)), int(match.group(4))
        if min(a, b) >= MAX_COLUMNS or min(r1, r2) > MAX_ROW:
            return  # beyond any export: it hides nothing that is read
        merged = Merged(
            min(r1, r2), min(a, b), min(max(r1, r2), MAX_ROW), min(max(a, b), MAX_COLUMNS - 1)
        )
        self.merged_span += merged.last_column - merged.first_column + 1
        if self.merged_span > MAX_MERGED_SPAN:
            raise _too_many("sel gabungan terlalu banyak")
        self.sheet.merged.append(merged)


def _free_what_was_read(root: etree._Element) -> None:
    """Free every element the parse has finished: along the path of elements
    still open, all but the last child go (their events were handled)."""
    node = root
    while len(node):
        if len(node) > 1:
            del node[:-1]
        node = node[-1]
        if node.tag in _ROW:  # the row being read keeps its cells until it ends
            _not_stuffed(node)
            return


def _not_stuffed(row: etree._Element) -> None:
    """A row holds at most 104 cells: one of many thousands of elements is refused."""
    if len(row) > MAX_ROW_CHILDREN:
        raise _too_many(f"baris dengan lebih dari {MAX_ROW_CHILDREN:,} unsur".replace(",", "."))


def _hidden_column(column: etree._Element) -> bool:
    """A <col> hidden, or so narrow that it shows nothing."""
    return column.get("hidden", "0").lower() in _TRUE or column.get("width") in ("0", "0.0")


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
    except (
        zipfile.BadZipFile,
        etree.LxmlError,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as exc:
        raise UnreadableWorkbookError(
            f"file Excel tidak bisa dibaca ({type(exc).__name__}); buka di Excel lalu simpan "
            "ulang sebagai .xlsx"
        ) from None


class MergedCells:
    """Which cells of a row a merged range hides (all but its top-left cell).

    Ranges that overlap are refused (Excel never saves them), so each cell is
    hidden by at most one range; rows are asked in increasing order, so each
    column is swept once: the cost per row is one look per column asked.
    """

    def __init__(self, merged: list[Merged]) -> None:
        self._columns: dict[int, list[Merged]] = {}
        for m in sorted(merged, key=lambda m: m.first_row):
            for column in range(m.first_column, m.last_column + 1):
                ranges = self._columns.setdefault(column, [])
                if ranges and ranges[-1].last_row >= m.first_row:
                    raise UnreadableWorkbookError(
                        f"sel gabungan saling tumpang-tindih di kolom {column_letter(column)} "
                        f"baris {m.first_row}; batalkan gabungan (Unmerge) lalu simpan ulang"
                    )
                ranges.append(m)
        self._next = dict.fromkeys(self._columns, 0)

    def hidden(self, row: int, columns: list[int]) -> list[tuple[int, Merged]]:
        """(column, range) of each of ``columns`` in ``row`` that a merged range leaves blank."""
        found = []
        for column in columns:
            ranges = self._columns.get(column)
            if not ranges:
                continue
            at = self._next[column]
            while at < len(ranges) and ranges[at].last_row < row:
                at += 1
            self._next[column] = at
            if at < len(ranges) and ranges[at].first_row <= row:
                m = ranges[at]
                if (row, column) != (m.first_row, m.first_column):
                    found.append((column, m))
        return found
