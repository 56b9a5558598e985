"""Problems found in the exports, and the report that lists them for staff."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from terbuka.core.schema import REPORT_ORDER


class Code(StrEnum):
    """Every kind of problem, as reports name it: a closed catalog (like
    frictionless's errors), each with a description for people (``Code.description``)."""

    FILE_MISSING = "file-hilang"
    NOT_REGULAR_FILE = "bukan-file-biasa"
    NOT_CSV = "bukan-csv"
    UNREADABLE_XLSX = "xlsx"
    TWO_FORMATS = "dua-format"
    TITLE_ROWS = "judul-laporan"
    TOTAL_ROW = "baris-jumlah"
    EXCEL_ERROR = "galat-excel"
    HIDDEN_CELLS = "sel-tersembunyi"
    DERIVED = "diturunkan"
    UNKNOWN_ACCOUNT = "rekening-tidak-dikenal"
    ENCODING = "encoding"
    ENCODING_FALLBACK = "encoding-cadangan"
    UNREADABLE_CSV = "csv"
    EMPTY_FILE = "kosong"
    NO_ROWS = "tanpa-baris"
    CONTROL_CHARACTER = "karakter-kendali"
    BIDI_CONTROL = "pengarah-teks"
    EXTRA_CELLS = "sel-berlebih"
    UNKNOWN_COLUMN = "kolom-tidak-dikenal"
    DUPLICATE_COLUMN = "kolom-ganda"
    MISSING_COLUMN = "kolom-wajib-hilang"
    REQUIRED = "wajib-diisi"
    NOT_A_NUMBER = "bukan-angka"
    NOT_AN_INTEGER = "bukan-bilangan"
    OUT_OF_RANGE = "di-luar-rentang"
    TOO_LONG = "terlalu-panjang"
    PATTERN = "pola"
    CHOICE = "pilihan"
    DUPLICATE_VALUE = "ganda"
    DUPLICATE_KEY = "kunci-ganda"
    MISSING_REFERENCE = "rujukan-hilang"
    CODES_NOT_NESTED = "kode-tidak-bersarang"
    SPENT_OVER_BUDGET = "realisasi-melebihi-pagu"
    REVISION_MISSING = "perubahan-hilang"
    CUMULATIVE_FALLS = "kumulatif-turun"
    UNKNOWN_INDICATOR = "indikator-tidak-dikenal"
    SPBE_INCOMPLETE = "spbe-tidak-lengkap"
    INDEX_DIFFERS = "indeks-berbeda"
    BOUNDARIES = "batas-wilayah"
    PLACE_NOT_ON_MAP = "lokasi-di-luar-peta"
    REPORT_TITLE = "judul-laporan-opd"
    REPORT_CODE = "kode-laporan-opd"
    REPORT_SUM = "jumlah-laporan-berbeda"
    REPORT_READING = "bacaan-laporan-opd"
    REPORT_DUPLICATE = "laporan-ganda"
    BUDGET_ONLY = "tanpa-realisasi"

    @property
    def description(self) -> str:
        return _TITLES[self]


_TITLES = {
    Code.FILE_MISSING: "file wajib tidak ada",
    Code.NOT_REGULAR_FILE: "tautan, folder atau perangkat di tempat file data",
    Code.NOT_CSV: "file Excel di tempat CSV",
    Code.UNREADABLE_XLSX: "file Excel yang tidak terbaca",
    Code.TWO_FORMATS: "file yang sama sebagai CSV dan Excel",
    Code.TITLE_ROWS: "baris judul laporan di atas judul kolom",
    Code.TOTAL_ROW: "baris jumlah yang tidak dihitung",
    Code.EXCEL_ERROR: "sel berisi galat Excel (#DIV/0!, #N/A, #REF!)",
    Code.HIDDEN_CELLS: "baris atau kolom tersembunyi di Excel yang ikut diterbitkan",
    Code.DERIVED: "tabel yang diturunkan dari ekspor kegiatan",
    Code.UNKNOWN_ACCOUNT: "kode rekening di luar tabel rujukan",
    Code.ENCODING: "byte yang tidak terbaca dalam pengkodean file",
    Code.ENCODING_FALLBACK: "file dibaca sebagai Windows-1252",
    Code.UNREADABLE_CSV: "baris yang tidak bisa dibaca sebagai CSV",
    Code.EMPTY_FILE: "file tanpa baris judul",
    Code.NO_ROWS: "file wajib tanpa baris data",
    Code.CONTROL_CHARACTER: "karakter kendali tak terlihat di sel",
    Code.BIDI_CONTROL: "karakter pengarah teks yang bisa membalik tulisan",
    Code.EXTRA_CELLS: "baris dengan sel lebih banyak dari judul",
    Code.UNKNOWN_COLUMN: "kolom yang tidak dikenal",
    Code.DUPLICATE_COLUMN: "kolom yang muncul dua kali",
    Code.MISSING_COLUMN: "kolom wajib yang tidak ada",
    Code.REQUIRED: "sel wajib yang kosong",
    Code.NOT_A_NUMBER: "nilai yang bukan angka",
    Code.NOT_AN_INTEGER: "nilai yang bukan bilangan bulat",
    Code.OUT_OF_RANGE: "nilai di luar rentang",
    Code.TOO_LONG: "nilai yang terlalu panjang",
    Code.PATTERN: "nilai yang tidak sesuai pola",
    Code.CHOICE: "nilai di luar pilihan",
    Code.DUPLICATE_VALUE: "nilai unik yang dipakai dua kali",
    Code.DUPLICATE_KEY: "baris ganda",
    Code.MISSING_REFERENCE: "kode yang merujuk ke baris yang tidak ada",
    Code.CODES_NOT_NESTED: "kode yang tidak diawali kode induknya",
    Code.SPENT_OVER_BUDGET: "realisasi melebihi pagu",
    Code.REVISION_MISSING: "OPD tanpa baris perubahan di tahun APBD perubahan",
    Code.CUMULATIVE_FALLS: "angka kumulatif yang turun",
    Code.UNKNOWN_INDICATOR: "indikator SPBE yang tidak ada di kerangka",
    Code.SPBE_INCOMPLETE: "tahun SPBE yang belum lengkap",
    Code.INDEX_DIFFERS: "indeks resmi berbeda dari hasil hitung",
    Code.BOUNDARIES: "file batas wilayah (wilayah.geojson) yang tidak bisa dipakai",
    Code.PLACE_NOT_ON_MAP: "lokasi yang tidak ada di file batas wilayah",
    Code.REPORT_TITLE: "laporan anggaran per OPD tanpa tahun atau kode OPD di baris judulnya",
    Code.REPORT_CODE: "kode rekening laporan per OPD yang tidak bisa diurai",
    Code.REPORT_SUM: "jumlah tercetak di laporan yang berbeda dari jumlah rinciannya",
    Code.REPORT_READING: "cara laporan per OPD dibaca (kolom, jenis laporan, baris yang dilewati)",
    Code.REPORT_DUPLICATE: "OPD yang sama diunggah lebih dari sekali",
    Code.BUDGET_ONLY: "OPD dan tahun yang baru melaporkan anggaran, tanpa realisasi",
}


class TerbukaError(Exception):
    """A failure explained in its message (in Bahasa Indonesia): shown as
    that message, never as a traceback, and the command exits 1."""

    exitcode = 1


ERROR = "kesalahan"
WARNING = "peringatan"

# The order in which files are reported: the contract's order.
FILE_ORDER = REPORT_ORDER


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    severity: str  # ERROR stops the build, WARNING is published
    file: str
    line: int | None  # as a spreadsheet shows it: the header is line 1
    column: str | None
    message: str  # Bahasa Indonesia, with the value found and what was expected
    code: Code  # the kind of problem, from the catalog
    cell: str | None = None  # XLSX: sheet and cell, Sheet1!W17

    def location(self) -> str:
        parts = [f"{self.file}:{self.cell}" if self.cell else self.file]
        if self.line is not None:
            parts.append(str(self.line))
            parts.append(self.column or "-")
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def sort_key(self) -> tuple:
        stem = self.file.rsplit(".", 1)[0] + ".csv"  # kegiatan.xlsx sorts as kegiatan.csv
        rank = FILE_ORDER.index(stem) if stem in FILE_ORDER else len(FILE_ORDER)
        return (rank, self.file, self.line or 0)

    def as_json(self) -> dict:
        return {
            "tingkat": self.severity,
            "file": self.file,
            "baris": self.line,
            "kolom": self.column,
            "sel": self.cell,
            "pesan": self.message,
            "kode": self.code,
            "jenis": self.code.description,
        }


def error(file: str, line: int | None, column: str | None, message: str, code: Code) -> Problem:
    return Problem(ERROR, file, line, column, message, code)


def warning(file: str, line: int | None, column: str | None, message: str, code: Code) -> Problem:
    return Problem(WARNING, file, line, column, message, code)


@dataclass
class Report:
    """Every problem of one run, in file and line order."""

    problems: list[Problem] = field(default_factory=list)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not any(p.severity == ERROR for p in self.problems)

    def sorted(self) -> list[Problem]:
        # Stable sort: within one line, problems keep the order they were found in.
        return sorted(self.problems, key=Problem.sort_key)

    def as_json(self) -> dict:
        counts = Counter(p.severity for p in self.problems)
        return {
            "ringkasan": {"kesalahan": counts[ERROR], "peringatan": counts[WARNING]},
            "masalah": [p.as_json() for p in self.sorted()],
        }

    def json_bytes(self) -> bytes:
        return (json.dumps(self.as_json(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def as_text(self, datadir: str) -> str:
        """The report for the terminal, in Bahasa Indonesia."""
        lines = []
        errors, warnings = self.errors, self.warnings
        if errors:
            lines.append(f"KESALAHAN ({len(errors)}): harus diperbaiki sebelum situs dibangun")
            lines.extend(f"  {p}" for p in errors)
        if warnings:
            lines.append(f"PERINGATAN ({len(warnings)}): situs tetap dibangun; periksa bila perlu")
            lines.extend(f"  {p}" for p in warnings)
        if errors:
            lines.append(
                f"Data di {datadir} BELUM BISA diterbitkan: {len(errors)} kesalahan, "
                f"{len(warnings)} peringatan. Perbaiki baris di atas di file datanya "
                "(buka di spreadsheet, baris 1 adalah judul kolom), simpan, lalu jalankan lagi."
            )
        else:
            lines.append(
                f"Data di {datadir} lolos pemeriksaan: 0 kesalahan, {len(warnings)} peringatan."
            )
        return "\n".join(lines)
