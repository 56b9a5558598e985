"""Spending by economic class: what the first levels of an account code mean.

An account code such as ``5.1.02.01.01.0024`` belongs to kelompok ``5.1``
(Belanja Operasi) and jenis ``5.1.02`` (Belanja Barang dan Jasa). The names
come from ``reference/rekening_belanja.csv`` (Permendagri 90/2019 as updated
by Kepmendagri 050-5889/2021), shipped with the plugin; the deeper levels
keep the names the export gives them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from terbuka.core.constants import LINE
from terbuka.core.problems import Code, Problem, warning

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "rekening_belanja.csv"
COLUMNS = ["tahun", "versi_anggaran", "kode_opd", "kode_program", "kode_kegiatan"]
COLUMNS += ["kode_sub_kegiatan", "kode_rekening", "nama_rekening", "pagu", "realisasi"]
COLUMNS += ["sumber_dana"]


@cache
def names() -> dict[str, str]:
    """Code (kelompok or jenis) -> its name."""
    with REFERENCE.open(encoding="utf-8", newline="") as fh:
        return {row["kode"]: row["nama"] for row in csv.DictReader(fh)}


def level(code: str, depth: int) -> str:
    """The first ``depth`` groups of an account code: level("5.1.02.01", 3) == "5.1.02"."""
    return ".".join(code.split(".")[:depth])


def class_name(code: str) -> str:
    """The reference's name for a kelompok or jenis code, or a plain label."""
    return names().get(code) or f"Kode rekening {code} (di luar tabel rujukan)"


def classify(rows: pd.DataFrame) -> pd.DataFrame:
    """The ``belanja`` dataset: account rows with their kelompok and jenis names."""
    table = rows[[*COLUMNS, LINE]].reset_index(drop=True)
    return table.assign(
        kelompok_belanja=[class_name(level(c, 2)) for c in table["kode_rekening"]],
        jenis_belanja=[class_name(level(c, 3)) for c in table["kode_rekening"]],
    )[[*COLUMNS, "kelompok_belanja", "jenis_belanja", LINE]]


def unknown_problems(belanja: pd.DataFrame, filename: str) -> list[Problem]:
    """One warning per jenis code the reference does not name."""
    first: dict[str, int] = {}
    for code, line in zip(belanja["kode_rekening"], belanja[LINE], strict=True):
        first.setdefault(level(code, 3), int(line))
    return [
        warning(
            filename,
            line,
            "kode_rekening",
            f"jenis belanja '{code}' tidak ada di tabel rujukan (kode rekening belanja diawali "
            "5.1, 5.2, 5.3 atau 5.4); dipakai apa adanya",
            Code.UNKNOWN_ACCOUNT,
        )
        for code, line in first.items()
        if code not in names()
    ]


@dataclass(frozen=True)
class ClassTotal:
    """Budget and spending of one jenis belanja within a group of accounts."""

    code: str  # jenis: 5.1.02
    name: str
    group: str  # kelompok name: Belanja Operasi
    budget: int  # sen
    spent: int | None  # sen; None where the export gives no spending per account


def by_class(rows: pd.DataFrame) -> list[ClassTotal]:
    """Totals per jenis belanja, in code order."""
    if rows.empty:
        return []
    frame = rows.assign(
        jenis=[level(c, 3) for c in rows["kode_rekening"]],
        spent=rows["realisasi"].fillna(0),
    )
    grouped = frame.groupby("jenis", sort=True)
    budget, spent = grouped["pagu"].sum(), grouped["spent"].sum()
    # Spending that came from a realisation file per sub kegiatan has no account.
    known = grouped["realisasi"].count() > 0
    return [
        ClassTotal(
            code=str(code),
            name=class_name(str(code)),
            group=class_name(level(str(code), 2)),
            budget=int(budget[code]),
            spent=int(spent[code]) if known[code] else None,
        )
        for code in budget.index
    ]
