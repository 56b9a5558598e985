"""Problems found in the exports, and the report that lists them for staff."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

ERROR = "kesalahan"
WARNING = "peringatan"

# The order in which files are reported: the contract's order.
FILE_ORDER = (
    "opd.csv",
    "program.csv",
    "kegiatan.csv",
    "realisasi.csv",
    "indikator.csv",
    "spbe.csv",
    "spbe_indeks.csv",
    "kerangka_spbe_2020.csv",
    "kerangka_pemdi_2026.csv",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    severity: str  # ERROR stops the build, WARNING is published
    file: str
    line: int | None  # as a spreadsheet shows it: the header is line 1
    column: str | None
    message: str  # Bahasa Indonesia, with the value found and what was expected
    code: str = ""  # short machine-readable kind, e.g. "bukan-angka"

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            parts.append(self.column or "-")
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def sort_key(self) -> tuple:
        rank = FILE_ORDER.index(self.file) if self.file in FILE_ORDER else len(FILE_ORDER)
        return (rank, self.file, self.line or 0)

    def as_json(self) -> dict:
        return {
            "tingkat": self.severity,
            "file": self.file,
            "baris": self.line,
            "kolom": self.column,
            "pesan": self.message,
            "kode": self.code,
        }


def error(file: str, line: int | None, column: str | None, message: str, code: str) -> Problem:
    return Problem(ERROR, file, line, column, message, code)


def warning(file: str, line: int | None, column: str | None, message: str, code: str) -> Problem:
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
                f"{len(warnings)} peringatan. Perbaiki baris di atas di file CSV-nya "
                "(buka di spreadsheet, baris 1 adalah judul kolom), simpan, lalu jalankan lagi."
            )
        else:
            lines.append(
                f"Data di {datadir} lolos pemeriksaan: 0 kesalahan, {len(warnings)} peringatan."
            )
        return "\n".join(lines)
