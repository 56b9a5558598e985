"""The statutory per-unit budget report, read as regions publish it.

Every region's APBD has per-unit attachments (Penjabaran, Perubahan,
Realisasi), produced by SIMDA before SIPD and in the same shape since: a few
title rows as key and value (``Judul``, ``Daerah``, ``Tahun``, ``Kode
Organisasi``, ``Nama Organisasi``), a header (``No. Rekening``, ``Uraian``,
amounts), then one code column in which every level is interleaved: urusan,
unit, program, kegiatan (and sub kegiatan), and account rows under each.

This module reads such a file, whatever its name, into typed lines: each
row's code split into its levels, its name and its amounts read exactly. It
decides nothing about sums or totals; ``checks.reports`` does. A file that is
not such a report gives ``None`` and no problem, so the caller can say what
else it might be.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace

from terbuka.core.problems import Code, Problem, error, warning
from terbuka.core.schema import normalise_header
from terbuka.inputs import numbers, xlsx
from terbuka.inputs.read import Record, ReportRecords, report_records, unreadable_cells

PENJABARAN = "penjabaran"  # one budget column
PERUBAHAN = "perubahan"  # budget before and after the revision
REALISASI = "realisasi"  # budget and spending
KIND_WORDS = {
    PENJABARAN: "Penjabaran APBD",
    PERUBAHAN: "Perubahan APBD",
    REALISASI: "Realisasi APBD",
}

# Title rows: what each spelling of the key means.
TITLE_KEYS = {
    "judul": "title",
    "judul_laporan": "title",
    "laporan": "title",
    "jenis_laporan": "title",
    "daerah": "region",
    "pemerintah_daerah": "region",
    "pemda": "region",
    "kabupaten_kota": "region",
    "provinsi_kabupaten_kota": "region",
    "tahun": "year",
    "tahun_anggaran": "year",
    "kode_organisasi": "unit_code",
    "kode_opd": "unit_code",
    "kode_skpd": "unit_code",
    "kode_unit": "unit_code",
    "kode_unit_organisasi": "unit_code",
    "kode_dinas": "unit_code",
    "organisasi": "unit_name",
    "nama_organisasi": "unit_name",
    "nama_dinas": "unit_name",
    "dinas": "unit_name",
    "unit_organisasi": "unit_name",
    "nama_opd": "unit_name",
    "nama_skpd": "unit_name",
    "opd": "unit_name",
    "skpd": "unit_name",
    "nama_unit": "unit_name",
    "kolom": "columns",
    "jumlah_kolom": "columns",
}
# Header cells: the column's role. Amount roles are read as money.
HEADER_ROLES = {
    "no_rekening": "code",
    "nomor_rekening": "code",
    "kode_rekening": "code",
    "no_rek": "code",
    "kode_rek": "code",
    "kode": "code",
    "uraian": "name",
    "uraian_rekening": "name",
    "nama_rekening": "name",
    "jumlah": "amount",
    "jumlah_rp": "amount",
    "anggaran": "amount",
    "jumlah_anggaran": "amount",
    "nilai": "amount",
    "pagu": "amount",
    "total": "amount",
    "sebelum": "before",
    "sebelum_perubahan": "before",
    "anggaran_sebelum_perubahan": "before",
    "sesudah": "after",
    "setelah": "after",
    "sesudah_perubahan": "after",
    "setelah_perubahan": "after",
    "anggaran_setelah_perubahan": "after",
    "realisasi": "spent",
    "angka": "change",
    "selisih": "change",
    "bertambah_berkurang": "change",
    "prosentase": "share",
    "persentase": "share",
    "persen": "share",
    "keterangan": "note",
    "penjelasan": "note",
    "dasar_hukum": "note",
}
AMOUNT_ROLES = ("amount", "before", "after", "spent")
AKUN = ("4", "5", "6")  # revenue, spending, financing
TITLE_SEARCH = 20  # rows scanned for the title rows and the header
_CODE_SHAPE = re.compile(r"^\d+(?:\s*\.\s*\d+)*\s*\.?$", re.ASCII)
_CODE_AND_NAME = re.compile(r"^(\d+(?:\s*\.\s*\d+)*)\s*\.?\s*[-–:]\s*(\S.*)$", re.ASCII)
_EXACT_YEAR = re.compile(r"((?:19|20|21)\d{2})(?:\.0+)?", re.ASCII)  # 2016, or 2016.0 typed
_TITLE_YEAR = re.compile(r"\bTAHUN\s+ANGGARAN\s*:?\s*((?:19|20|21)\d{2})\b", re.ASCII | re.I)
_SOURCE = re.compile(r"sumber\s*dana\s*:\s*(.*?)\s*(?=lokasi(?:\s+kegiatan)?\s*:|$)", re.I | re.S)
_PLACE = re.compile(r"lokasi(?:\s+kegiatan)?\s*:\s*(.*?)\s*$", re.I | re.S)


def zeros(segment: str) -> bool:
    """A code segment of zeros only (``00``, ``000``): no program, no kegiatan."""
    return bool(segment) and set(segment) == {"0"}


def note_source(note: str) -> str:
    """``Sumber Dana : DAU Lokasi Kegiatan : ...`` -> ``DAU``."""
    found = _SOURCE.search(note)
    return found.group(1).strip() if found else ""


def note_place(note: str) -> str:
    """``... Lokasi Kegiatan : Kecamatan Satu`` -> ``Kecamatan Satu``."""
    found = _PLACE.search(note)
    return found.group(1).strip() if found else ""


def _key(text: str) -> str:
    """``No. Rekening`` -> ``no_rekening``: case, spaces and punctuation ignored."""
    return re.sub(r"[^a-z0-9%]+", "_", normalise_header(text)).strip("_")


@dataclass(frozen=True)
class Title:
    """What the title rows say (blank where they do not)."""

    title: str
    region: str
    year: int | None
    unit_code: str
    unit_name: str
    kind: str  # PENJABARAN, PERUBAHAN or REALISASI


@dataclass(frozen=True)
class Levels:
    """One row's code split into levels; the deepest non-empty one is the row's."""

    urusan: str = ""  # 1.15
    unit: str = ""  # 1.15.01 (as written in the row)
    program: str = ""  # 16 ("00": spending outside programs)
    kegiatan: str = ""  # 01
    sub: str = ""  # 0001, under Permendagri 90/2019 only
    account: str = ""  # 5.2.2.01.01
    repaired: bool = False  # the code dropped the unit's last segment (said once)

    @property
    def level(self) -> str:
        if self.account:
            return "account"
        for name in ("sub", "kegiatan", "program", "unit", "urusan"):
            if getattr(self, name):
                return name
        return ""

    @property
    def outside_programs(self) -> bool:
        """Program 00: the unit's spending outside any program (Belanja Tidak Langsung)."""
        return zeros(self.program)


@dataclass(frozen=True)
class Line:
    """One row of the report: where it is, its code's levels, name and amounts (sen)."""

    line: int
    code: str  # as written
    levels: Levels | None  # None: a row without a code (a total, a note)
    name: str
    amounts: dict[str, int | None]  # role -> sen; None where the cell is blank
    note: str


@dataclass
class BudgetReport:
    """A per-unit report as read: its title, which column was read as what, its lines."""

    filename: str
    title: Title
    roles: dict[str, str]  # role -> header as written
    lines: list[Line] = field(default_factory=list)
    header_line: int = 0


def read_report(data: bytes, filename: str) -> tuple[BudgetReport | None, list[Problem]]:
    """The report in ``data``, or (None, []) when the file is not such a report."""
    problems: list[Problem] = []
    known = {**{k: k for k in TITLE_KEYS}, **{k: k for k in HEADER_ROLES}}
    found = report_records(data, filename, known, problems)
    if found is None:
        return None, problems
    records, sheet = found.rows, found.sheet
    start = _titles_and_header(records)
    if start is None:
        return None, []
    titles, (header_line, header) = start
    for key, (line, value) in titles.items():
        if key.endswith("!"):  # which of two differing rows is right, the file does not say
            first = titles[key[:-1]]
            problems.append(
                error(
                    filename,
                    line,
                    None,
                    "baris judul yang sama tertulis dua kali dengan isi berbeda "
                    f"('{first[1][:40]}' di baris {first[0]}, '{value[:40]}' di baris {line}); "
                    "hapus salah satunya",
                    Code.REPORT_TITLE,
                )
            )
    if sheet is not None:
        problems += _sheet_flags(sheet, filename)
        hidden = [n for n in sheet.hidden_rows if n > header_line]
        if hidden:
            shown = ", ".join(str(n) for n in hidden[:30])
            problems.append(
                warning(
                    filename,
                    hidden[0],
                    None,
                    f"baris tersembunyi (Hide) di Excel ikut dibaca: baris {shown}"
                    f"{' dan lainnya' if len(hidden) > 30 else ''}; tampilkan (Unhide) lalu "
                    "periksa isinya",
                    Code.HIDDEN_CELLS,
                )
            )
    roles, columns, header_problems = _roles(header, header_line, records, filename)
    problems += header_problems
    summary = _summary(titles)
    if summary:
        return None, [warning(filename, None, None, summary, Code.REPORT_READING)]
    title, title_problems = _title(titles, roles, filename, header_line)
    problems += title_problems
    report = BudgetReport(filename, title, {r: header[i] for r, i in columns.items()})
    report.header_line = header_line
    if "code" not in columns or "name" not in columns:
        return report, problems
    body = _body(records, header_line, columns, found, filename, problems)
    amounts = _amounts(body, columns, filename, problems)
    unit_parts = _segments(title.unit_code) or []
    rows_unit = _rows_unit([_cell(cells, columns["code"]) for _, cells in body], len(unit_parts))
    if rows_unit and unit_parts and rows_unit != unit_parts:
        # Every coded row names one unit other than the title's: the title row is
        # the slip (a real report titled 1.20.01, its rows all 1.20.03).
        only = ".".join(rows_unit)
        problems.append(
            warning(
                filename,
                header_line,
                None,
                f"Kode Organisasi di judul ({title.unit_code}) berbeda dengan kode OPD di semua "
                f"baris ({only}); laporan dibaca sebagai OPD {only}",
                Code.REPORT_CODE,
            )
        )
        report.title = title = replace(title, unit_code=only)
        unit_parts = rows_unit
    for (line, cells), values in zip(body, amounts, strict=True):
        code = _cell(cells, columns["code"])
        levels = _levels(code, unit_parts) if code else None
        name = _cell(cells, columns["name"])
        if code and levels is None and (_label(code) or all(v is None for v in values.values())):
            # A total's label (SURPLUS / (DEFISIT)) or a note's continuation typed
            # into the code column: a row without a code, never an account.
            report.lines.append(Line(line, "", None, name or code, values, code))
            continue
        if code and levels is None:
            problems.append(
                error(
                    filename,
                    line,
                    "kode_rekening",
                    f"kode '{code[:60]}' tidak bisa diurai menjadi urusan, OPD, program, "
                    "kegiatan dan rekening; periksa selnya",
                    Code.REPORT_CODE,
                )
            )
            continue
        note = _cell(cells, columns["note"]) if "note" in columns else ""
        report.lines.append(Line(line, code, levels, name, values, note))
    return report, problems


def _rows_unit(codes: list[str], size: int) -> list[str] | None:
    """The unit every code long enough to name one names (its segments), or None
    when they name several (or none)."""
    found = set()
    for code in codes:
        parts = _segments(code) if "." in code else None
        if parts and len(parts) > 2 + size:
            found.add(tuple(parts[2 : 2 + size]))
            if len(found) > 1:
                return None
    return list(found.pop()) if found else None


def _label(code: str) -> bool:
    """A code cell that holds words, not a code: no digit in its first characters."""
    return not any(c.isdigit() for c in code[:4])


# A line inside a cell that starts like a row of the report (a code, then a
# delimiter): the rows after a quote left open, swallowed into one cell.
_SWALLOWED_ROW = re.compile(r"\n\s*\d+(?:\s*\.\s*\d+)+\s*\.?\s*[,;\t]")


def _body(
    records: list[Record],
    header_line: int,
    columns: dict[str, int],
    found: ReportRecords,
    filename: str,
    problems: list[Problem],
) -> list[Record]:
    """The rows under the header that can be read: a workbook's numbers in the
    amount columns written as money, rows with control characters or a quote
    left open refused at their line."""
    amount_columns = {columns[r] for r in AMOUNT_ROLES if r in columns}
    body: list[Record] = []
    for line, cells in records:
        if line <= header_line or not any(cells):
            continue
        numbers = found.numbers.get(line)
        if numbers:
            cells = [
                xlsx.cell_text(numbers[i], "money") if i in numbers and i in amount_columns else c
                for i, c in enumerate(cells)
            ]
        refused = unreadable_cells(cells, line, filename, found.encoding)
        swallowed = next((c for c in cells if "\n" in c and _SWALLOWED_ROW.search(c)), None)
        if swallowed is not None:
            refused.append(
                error(
                    filename,
                    line,
                    None,
                    "sel di baris ini memuat baris-baris laporan berikutnya (kode rekening dan "
                    "pemisah kolom): tanda kutip yang dibuka tidak ditutup. Tutup tanda kutipnya",
                    Code.UNREADABLE_CSV,
                )
            )
        if refused:
            problems.extend(refused)
            continue
        body.append((line, cells))
    return body


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def _titles_and_header(
    records: list[Record],
) -> tuple[dict[str, tuple[int, str]], tuple[int, list[str]]] | None:
    """The title rows (field -> (line, value)) and the header row, or None when the
    first rows are not a report's title rows."""
    titles: dict[str, tuple[int, str]] = {}
    for line, cells in records[: TITLE_SEARCH + 1]:
        if not any(cells):
            continue
        roles = {HEADER_ROLES.get(_key(c)) for c in cells if c}
        if titles and "code" in roles and "name" in roles:
            if len(titles) < 2 or not {"year", "unit_code", "title"} & set(titles):
                return None
            return titles, (line, cells)
        key, value = _title_cell(cells)
        if key is None:
            if not titles:
                return None  # a report starts with its title rows
            continue
        if key in titles and titles[key][1] != value:
            titles.setdefault(f"{key}!", (line, value))  # the same title row twice, differing
        titles.setdefault(key, (line, value))
    return None


def _summary(titles: dict[str, tuple[int, str]]) -> str:
    """Why a report of the whole region (Ringkasan, Kode Organisasi 0) is not read."""
    heading = titles.get("title", (0, ""))[1].strip().lower()
    code = titles.get("unit_code", (0, ""))[1].strip()
    if heading.startswith("ringkasan") or zeros(code.replace(".", "")):
        return (
            "laporan ringkasan seluruh daerah (judul 'Ringkasan' atau Kode Organisasi 0), "
            "bukan laporan per OPD: tidak dibaca, karena angkanya sudah ada di laporan tiap OPD"
        )
    return ""


def _title_cell(cells: list[str]) -> tuple[str | None, str]:
    """``Tahun,2014`` or ``Tahun : 2014`` -> ("year", "2014")."""
    first = cells[0].strip() if cells else ""
    value = next((c.strip() for c in cells[1:] if c.strip()), "")
    if not value and ":" in first:
        first, value = (part.strip() for part in first.split(":", 1))
    key = TITLE_KEYS.get(_key(first.rstrip(":")))
    return key, value


def _title(
    titles: dict[str, tuple[int, str]], roles: dict[str, str], filename: str, header_line: int
) -> tuple[Title, list[Problem]]:
    problems: list[Problem] = []
    get = {k: v for k, (_, v) in titles.items()}
    code, name = get.get("unit_code", ""), get.get("unit_name", "")
    # A code and a name swapped between their rows are told apart by shape.
    if code and name and not _CODE_SHAPE.match(code) and _CODE_SHAPE.match(name):
        code, name = name, code
    joined = _CODE_AND_NAME.match(code)
    if joined:  # "1.01.01. - Dinas Pendidikan, Pemuda dan Olahraga"
        code, name = joined.group(1), name or joined.group(2).strip()
    code = ".".join(_segments(code) or []) if _CODE_SHAPE.match(code) else ""
    if not code:
        line = titles.get("unit_code", (header_line, ""))[0]
        problems.append(
            error(
                filename,
                line,
                None,
                "kode organisasi (OPD) tidak ada atau tidak berbentuk kode di baris judul; "
                "tulis baris 'Kode Organisasi' dengan kodenya, misalnya 1.01.01",
                Code.REPORT_TITLE,
            )
        )
    year_text = get.get("year", "").strip()
    year_match = _EXACT_YEAR.fullmatch(year_text) if year_text else None
    if not year_text:  # only "TAHUN ANGGARAN 2016" in the title, never any year in it
        year_match = _TITLE_YEAR.search(get.get("title", ""))
    year = int(year_match.group(1)) if year_match else None
    if year is None:
        line = titles.get("year", (header_line, ""))[0]
        shown = f" ('{year_text[:20]}' bukan tahun)" if year_text else ""
        problems.append(
            error(
                filename,
                line,
                "tahun",
                f"tahun anggaran tidak ada di baris judul{shown}; tulis baris 'Tahun' dengan "
                "tahunnya, misalnya Tahun,2016",
                Code.REPORT_TITLE,
            )
        )
    kind, why = _kind(get.get("title", ""), roles)
    if why:
        line = titles.get("title", (header_line, ""))[0]
        problems.append(error(filename, line, None, why, Code.REPORT_TITLE))
    return Title(get.get("title", ""), get.get("region", ""), year, code, name, kind), problems


def _kind(title: str, roles: dict[str, str]) -> tuple[str, str]:
    """The report's kind from its title, and why it cannot be read when the title
    and the columns disagree: Sebelum and Sesudah are the budget before and after
    a revision in one kind and budget and spending in another, so a guess could
    publish spending as budget."""
    lowered = title.lower()
    two = "before" in roles and "after" in roles
    if "realisasi" in lowered:
        return REALISASI, ""
    if "perubahan" in lowered:
        return PERUBAHAN, ""
    if ("penjabaran" in lowered or "anggaran" in lowered or "apbd" in lowered) and not two:
        return PENJABARAN, ""
    if two:
        return PERUBAHAN, (
            f"judul laporan '{title[:80]}' tidak menyebut Perubahan atau Realisasi, padahal "
            "kolomnya Sebelum dan Sesudah: keduanya berarti lain di kedua laporan itu. Tulis "
            "jenisnya di baris Judul (Perubahan APBD atau Realisasi APBD)"
        )
    if "amount" in roles:
        return PENJABARAN, ""  # one amount column: a budget, whatever the title says
    return PENJABARAN, (
        f"judul laporan '{title[:80]}' tidak menyebut Penjabaran, Perubahan atau Realisasi, "
        "dan kolom angkanya tidak dikenal; tulis jenisnya di baris Judul"
    )


def _roles(
    header: list[str], header_line: int, records: list[Record], filename: str
) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """Each header cell's role; a misspelt amount header (``Jumah``) is found by
    its likeness and by its cells being numbers, with a warning."""
    problems: list[Problem] = []
    columns: dict[str, int] = {}
    unknown: list[int] = []
    for i, cell in enumerate(header):
        role = HEADER_ROLES.get(_key(cell))
        if role is None:
            if cell.strip():
                unknown.append(i)
            continue
        if role in columns:
            problems.append(
                error(
                    filename,
                    header_line,
                    None,
                    f"kolom '{cell}' muncul dua kali di baris judul kolom ({header[columns[role]]}"
                    f" dan {cell}); hapus salah satu",
                    Code.DUPLICATE_COLUMN,
                )
            )
            continue
        columns[role] = i
    body = [cells for n, cells in records if n > header_line][:200]
    for i in unknown:
        close = difflib.get_close_matches(_key(header[i]), list(HEADER_ROLES), n=1, cutoff=0.75)
        role = HEADER_ROLES[close[0]] if close else None
        if role is None or role in columns:
            continue
        if role in AMOUNT_ROLES and not _mostly_numbers([_cell(c, i) for c in body]):
            continue
        columns[role] = i
        problems.append(
            warning(
                filename,
                header_line,
                None,
                f"judul kolom '{header[i]}' tidak dikenal; dibaca sebagai '{close[0]}' karena "
                "mirip dan isinya cocok; perbaiki judulnya agar pasti",
                Code.REPORT_READING,
            )
        )
    for role, label in (("code", "No. Rekening/Kode Rekening"), ("name", "Uraian")):
        if role not in columns:
            problems.append(
                error(
                    filename,
                    header_line,
                    None,
                    f"kolom {label} tidak ada di baris judul kolom",
                    Code.MISSING_COLUMN,
                )
            )
    return {r: header[i] for r, i in columns.items()}, columns, problems


def _mostly_numbers(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    readable = [c for c in filled if numbers.classify(c, "money").reading.value != "invalid"]
    return bool(filled) and len(readable) * 2 > len(filled)


def _amounts(
    body: list[Record], columns: dict[str, int], filename: str, problems: list[Problem]
) -> list[dict[str, int | None]]:
    """Each row's amounts in sen, per role; a column's style decided over the column."""
    found: list[dict[str, int | None]] = [{} for _ in body]
    for role in AMOUNT_ROLES:
        if role not in columns:
            continue
        texts = [_cell(cells, columns[role]) for _, cells in body]
        values, errors = numbers.read_column(texts, [line for line, _ in body], "money")
        for line, message in errors:
            problems.append(error(filename, line, role, message, Code.NOT_A_NUMBER))
        for row, value in zip(found, values, strict=True):
            row[role] = numbers.to_sen(value) if value is not None else None
    return found


def _segments(code: str) -> list[str] | None:
    """``1.15 . 1.15.01 . 00 .`` -> [1, 15, 1, 15, 01, 00]; None when not digits and dots."""
    text = code.strip().rstrip(".").strip()
    if not text:
        return []
    parts = [p.strip() for p in re.split(r"\.+", text)]  # "5.2..3": a dot typed twice
    if all(p.isascii() and p.isdigit() for p in parts):
        return parts
    return None


def _levels(code: str, unit: list[str]) -> Levels | None:
    """A row's code split into levels, knowing the unit's code from the title."""
    if "." not in code.strip().rstrip("."):
        groups = code.split()
        if len(groups) > 1 and all(g.isascii() and g.isdigit() for g in groups):
            return _undotted(groups, unit)
    parts = _segments(code)
    if parts is None or not unit:
        return None
    if parts == unit:
        return Levels(unit=".".join(unit))
    if len(parts) <= 2:
        return Levels(urusan=".".join(parts))
    n = len(unit)
    if len(parts) < 2 + n:
        return None
    urusan, unit_code, rest = ".".join(parts[:2]), ".".join(parts[2 : 2 + n]), parts[2 + n :]
    if parts[2 : 2 + n] != unit and n > 2 and parts[2 : 1 + n] == unit[:-1]:
        # The unit's last segment dropped (1.01.1.01.05.03 for 1.01.1.01.01.05.03 in
        # a report of unit 1.01.01): the rest is program and kegiatan as ever.
        unit_code, rest = ".".join(unit), parts[1 + n :]
        if not rest:
            return None
        repaired = True
    else:
        repaired = False
    if not rest:
        return Levels(urusan=urusan, unit=unit_code)
    # An account starts with one digit (4 revenue, 5 spending, 6 financing);
    # before it come program, kegiatan and, under 90/2019, sub kegiatan (some
    # reports write the outside of programs as one ``00``, not ``00.00``).
    start = _account_start(rest)
    if start > 3:
        return None
    program, kegiatan, sub = ([*rest[:start], "", "", ""])[:3]
    account = ".".join(rest[start:])
    return Levels(urusan, unit_code, program, kegiatan, sub, account, repaired)


# The kelompok digits each akun has in both charts of accounts: revenue 4.1-4.3,
# spending 5.1-5.4, financing 6.1-6.2. A "4" followed by "5" is a kegiatan 4.
KELOMPOK = {"4": "123", "5": "1234", "6": "12"}


def _account_start(rest: list[str]) -> int:
    """Where the account code begins after the unit: at the first akun digit that
    a valid kelompok follows (so a kegiatan numbered 4 stays a kegiatan), unless
    that leaves a one-digit sub kegiatan (5.5.2 is a mistyped 5.2.2, not sub 5);
    else at the first akun digit; else nowhere (a program or kegiatan row)."""
    candidates = [i for i in range(1, len(rest)) if len(rest[i]) == 1 and rest[i] in KELOMPOK]
    for i in candidates:
        after = rest[i + 1] if i + 1 < len(rest) else ""
        follows = not after or (len(after) == 1 and after in KELOMPOK[rest[i]])
        if follows and (i < 3 or len(rest[2]) > 1):
            return i
    return candidates[0] if candidates else len(rest)


def _undotted(groups: list[str], unit: list[str]) -> Levels | None:
    """``117  11701  0000  412``: urusan, unit, program and kegiatan, account, with the
    dots dropped; split by the lengths of the unit's code from the title."""
    if not unit or len(unit) < 2:
        return None
    lengths = [len(p) for p in unit]
    urusan_digits, unit_digits = groups[0], groups[1]
    if len(urusan_digits) != lengths[0] + lengths[1] or len(unit_digits) != sum(lengths):
        return None
    urusan = f"{urusan_digits[: lengths[0]]}.{urusan_digits[lengths[0] :]}"
    pieces, at = [], 0
    for length in lengths:
        pieces.append(unit_digits[at : at + length])
        at += length
    unit_code = ".".join(pieces)
    if len(groups) == 2:
        return Levels(urusan=urusan, unit=unit_code)
    both = groups[2]  # "01": a program; "0102" or "01007": program and kegiatan
    half = len(both) if len(both) <= 3 else len(both) // 2 if len(both) % 2 == 0 else 2
    program, kegiatan = both[:half], both[half:]
    if len(groups) == 3:
        return Levels(urusan, unit_code, program, kegiatan)
    digits = "".join(groups[3:])
    # Permendagri 13/2006 accounts: akun, kelompok and jenis one digit each, then pairs.
    account = list(digits[:3]) + [digits[i : i + 2] for i in range(3, len(digits), 2)]
    return Levels(urusan, unit_code, program, kegiatan, "", ".".join(account))


def _sheet_flags(sheet: xlsx.Sheet, filename: str) -> list[Problem]:
    """Excel's own word on cells of a workbook report: an error value, a formula into
    another file, a value not there. Each is an error at its row."""
    flagged = {
        **sheet.unreadable,
        **{
            c: f"rumus yang mengambil nilai dari file lain ({f})" for c, f in sheet.external.items()
        },
        **{c: f"galat Excel {value}" for c, value in sheet.errors.items()},
    }
    return [
        error(
            filename,
            row,
            xlsx.column_letter(column),
            f"sel {xlsx.column_letter(column)}{row}: {why}; perbaiki di Excel lalu simpan ulang",
            Code.EXCEL_ERROR,
        )
        for (row, column), why in sorted(flagged.items())
    ]
