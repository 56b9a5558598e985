"""Spending by economic class: what the first levels of an account code mean.

Two charts of accounts are in use, and the same code means different things
in them: under Permendagri 90/2019 (budgets from 2021) ``5.2`` is Belanja
Modal; under Permendagri 13/2006 (budgets up to 2020) it is Belanja
Langsung, and capital spending is jenis ``5.2.3``. A code says which one it
follows by its jenis segment: two digits (``5.1.02``) under 90/2019, one
(``5.2.3``) under 13/2006; a code too short to tell follows the year. The
names come from the plugin's copies of both tables
(``reference/rekening_belanja.csv``, ``reference/rekening_belanja_13_2006.csv``);
a code neither table names keeps a plain label, never a name from the other
table. The deeper levels keep the names the export gives them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from terbuka.core.constants import LINE
from terbuka.core.problems import Code, Problem, warning

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
REG_90_2019 = "Permendagri 90/2019"
REG_13_2006 = "Permendagri 13/2006"
TABLES = {REG_90_2019: "rekening_belanja.csv", REG_13_2006: "rekening_belanja_13_2006.csv"}
FIRST_90_2019_YEAR = 2021  # the first APBD drawn up under Permendagri 90/2019
COLUMNS = ["tahun", "versi_anggaran", "kode_opd", "kode_program", "kode_kegiatan"]
COLUMNS += ["kode_sub_kegiatan", "kode_rekening", "nama_rekening", "pagu", "realisasi"]
COLUMNS += ["sumber_dana"]


@cache
def names(regulation: str = REG_90_2019) -> dict[str, str]:
    """Code (kelompok or jenis) -> its name under one regulation."""
    with (REFERENCE_DIR / TABLES[regulation]).open(encoding="utf-8", newline="") as fh:
        return {row["kode"]: row["nama"] for row in csv.DictReader(fh)}


def regulation_of(code: str, year: int | None) -> str:
    """The chart of accounts a code follows: by its jenis segment, else by the year."""
    parts = code.split(".")
    if len(parts) >= 3 and parts[2].isdigit():
        return REG_13_2006 if len(parts[2]) == 1 else REG_90_2019
    return REG_13_2006 if year is not None and year < FIRST_90_2019_YEAR else REG_90_2019


def level(code: str, depth: int) -> str:
    """The first ``depth`` groups of an account code: level("5.1.02.01", 3) == "5.1.02"."""
    return ".".join(code.split(".")[:depth])


def class_name(code: str, regulation: str = REG_90_2019) -> str:
    """The regulation's name for a kelompok or jenis code, or a plain label."""
    return names(regulation).get(code) or f"Kode rekening {code} (di luar tabel rujukan)"


def _years(rows: pd.DataFrame) -> list[int | None]:
    return [int(y) if pd.notna(y) else None for y in rows["tahun"]]


def classify(rows: pd.DataFrame) -> pd.DataFrame:
    """The ``belanja`` dataset: account rows with their regulation, kelompok and jenis names."""
    table = rows[[*COLUMNS, LINE]].reset_index(drop=True)
    regulations = [
        regulation_of(c, y) for c, y in zip(table["kode_rekening"], _years(table), strict=True)
    ]
    pairs = list(zip(table["kode_rekening"], regulations, strict=True))
    return table.assign(
        peraturan_rekening=regulations,
        kelompok_belanja=[class_name(level(c, 2), r) for c, r in pairs],
        jenis_belanja=[class_name(level(c, 3), r) for c, r in pairs],
    )[[*COLUMNS, "peraturan_rekening", "kelompok_belanja", "jenis_belanja", LINE]]


def unknown_problems(belanja: pd.DataFrame, filename: str) -> list[Problem]:
    """One warning per jenis code its regulation's table does not name."""
    first: dict[tuple[str, str], int] = {}
    for code, regulation, line in zip(
        belanja["kode_rekening"], belanja["peraturan_rekening"], belanja[LINE], strict=True
    ):
        first.setdefault((level(code, 3), regulation), int(line))
    return [
        warning(
            filename,
            line,
            "kode_rekening",
            f"jenis belanja '{code}' tidak ada di tabel rujukan {regulation} (kode rekening "
            "belanja diawali 5.1, 5.2, 5.3 atau 5.4); dipakai dengan kodenya, tanpa nama dari "
            "tabel lain",
            Code.UNKNOWN_ACCOUNT,
        )
        for (code, regulation), line in first.items()
        if code not in names(regulation)
    ]


@dataclass(frozen=True)
class ClassTotal:
    """Budget and spending of one jenis belanja within a group of accounts."""

    code: str  # jenis: 5.1.02
    name: str
    group: str  # kelompok name: Belanja Operasi
    budget: int  # sen
    spent: int | None  # sen; None where the export gives no spending per account
    regulation: str = REG_90_2019  # the chart of accounts the names come from


def by_class(rows: pd.DataFrame) -> list[ClassTotal]:
    """Totals per jenis belanja, in code order."""
    if rows.empty:
        return []
    frame = rows.assign(
        jenis=[level(c, 3) for c in rows["kode_rekening"]],
        spent=rows["realisasi"].fillna(0),
    )
    grouped = frame.groupby(["peraturan_rekening", "jenis"], sort=True)
    budget, spent = grouped["pagu"].sum(), grouped["spent"].sum()
    # Spending that came from a realisation file per sub kegiatan has no account.
    known = grouped["realisasi"].count() > 0
    return [
        ClassTotal(
            code=str(code),
            name=class_name(str(code), str(regulation)),
            group=class_name(level(str(code), 2), str(regulation)),
            budget=int(budget[key]),
            spent=int(spent[key]) if known[key] else None,
            regulation=str(regulation),
        )
        for key in budget.index
        for regulation, code in [key]
    ]
