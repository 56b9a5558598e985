"""The SPBE evaluation frameworks as data: indicators, aspects, domains,
weights and rating bands, with their sources.

The frameworks ship in ``reference/`` with their sources named in
``reference/SUMBER.md``. A file ``kerangka_<name>.csv`` in the data folder,
with the same columns, replaces the shipped framework of that name. This
module reads frameworks only; ``spbe`` evaluates a city's levels against
them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from terbuka.core.files import NotRegularFileError, read_regular, regular_file_problem
from terbuka.core.problems import Code, Problem, error
from terbuka.core.schema import FRAMEWORK_NAMES, framework_file
from terbuka.core.text import CONTROL, UNREADABLE
from terbuka.inputs.read import MAX_EXPORT_BYTES, decode, records

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
FRAMEWORKS = FRAMEWORK_NAMES
FIRST_PEMDI_YEAR = 2026
FIRST_SPBE_2020_YEAR = 2020  # the 2018 and 2019 evaluations used PermenPANRB 5/2018
# A framework Terbuka does not carry: its years show their official index only.
NOT_CARRIED = "spbe_2018"
FRAMEWORK_TITLES = {
    "spbe_2018": "Evaluasi SPBE (Peraturan Menteri PANRB 5/2018; indikator tidak dibawa Terbuka)",
    "spbe_2020": "Evaluasi SPBE (Peraturan Menteri PANRB 59/2020)",
    "pemdi_2026": "Evaluasi Pemerintah Digital (Peraturan Menteri PANRB 8/2026, sementara)",
}
LEVEL_NAMES = {1: "Rintisan", 2: "Terkelola", 3: "Terdefinisi", 4: "Terpadu", 5: "Optimum"}
FRAMEWORK_COLUMNS = (
    "no_domain",
    "domain",
    "no_aspek",
    "aspek",
    "no_indikator",
    "indikator",
    "bobot_indikator",
)


def framework_table(framework: Framework) -> tuple[list[str], list[list[object]]]:
    """The framework as the computation uses it, for its download: one row per indicator."""
    columns = ["kerangka", *FRAMEWORK_COLUMNS]
    rows: list[list[object]] = [
        [framework.name, i.domain_no if i.domain_no is not None else "", i.domain, i.aspect_no,
         i.aspect, i.number, i.name, format(i.weight, "f")]
        for i in framework.indicators
    ]  # fmt: skip
    return columns, rows


def default_framework(year: int) -> str:
    """The framework an evaluation year uses when the export does not say."""
    if year < FIRST_SPBE_2020_YEAR:
        return NOT_CARRIED
    return "pemdi_2026" if year >= FIRST_PEMDI_YEAR else "spbe_2020"


def not_carried(name: str) -> Framework:
    """A framework known by name only: no indicators, so no index is computed."""
    return Framework(name, (), "tidak dibawa Terbuka")


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    aspect_no: int
    aspect: str
    domain_no: int | None  # None in frameworks without domains (Pemdi)
    domain: str
    weight: Decimal


@dataclass(frozen=True)
class Framework:
    name: str
    indicators: tuple[Indicator, ...]
    source: str  # "reference/<name>.csv" or the override file

    @property
    def numbers(self) -> frozenset[int]:
        return frozenset(i.number for i in self.indicators)

    @property
    def title(self) -> str:
        return FRAMEWORK_TITLES.get(self.name, self.name)


def parse_framework(name: str, text: str, filename: str) -> tuple[Framework | None, list[Problem]]:
    """A framework from CSV text; problems name the file and line."""
    if UNREADABLE in text or CONTROL.search(text):
        return None, [
            error(
                filename,
                None,
                None,
                "file memuat byte tak terbaca atau karakter kendali",
                Code.ENCODING,
            )
        ]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in FRAMEWORK_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return None, [
            error(
                filename, 1, c, f"kolom wajib '{c}' tidak ada di baris judul", Code.MISSING_COLUMN
            )
            for c in missing
        ]
    indicators: list[Indicator] = []
    problems: list[Problem] = []
    for line, row in records(reader, filename, 2, problems):
        found = _indicator(row)
        if isinstance(found, Indicator) and found.number in {i.number for i in indicators}:
            found = ("no_indikator", f"nomor indikator {found.number} muncul dua kali")
        if isinstance(found, Indicator):
            indicators.append(found)
        else:
            problems.append(error(filename, line, found[0], found[1], Code.NOT_A_NUMBER))
    if not problems and not indicators:
        message = "kerangka tanpa satu pun indikator"
        problems.append(error(filename, None, None, message, Code.NO_ROWS))
    if problems:
        return None, problems
    return Framework(name, tuple(indicators), filename), []


_WHOLE = re.compile(r"[0-9]{1,4}")
_WEIGHT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,6})?")


def _indicator(row: Mapping[str, str | None]) -> Indicator | tuple[str, str]:
    """One framework row, or (column, what is wrong with it)."""
    cells = {k: (row.get(k) or "").strip() for k in FRAMEWORK_COLUMNS}
    for column in ("no_indikator", "no_aspek"):
        if not _WHOLE.fullmatch(cells[column]):
            return column, f"nilai '{cells[column][:40]}' bukan nomor (bilangan bulat 0-9)"
    if cells["no_domain"] and not _WHOLE.fullmatch(cells["no_domain"]):
        return "no_domain", f"nilai '{cells['no_domain'][:40]}' bukan nomor"
    weight = cells["bobot_indikator"]
    if not _WEIGHT.fullmatch(weight) or not 0 < Decimal(weight) <= 100:
        return "bobot_indikator", (
            f"bobot '{weight[:40]}' harus angka lebih dari 0 sampai 100 dengan titik desimal "
            "(contoh: 1.30)"
        )
    return Indicator(
        number=int(cells["no_indikator"]),
        name=cells["indikator"],
        aspect_no=int(cells["no_aspek"]),
        aspect=cells["aspek"],
        domain_no=int(cells["no_domain"]) if cells["no_domain"] else None,
        domain=cells["domain"],
        weight=Decimal(weight),
    )


@cache
def shipped_framework(name: str) -> Framework:
    text = (REFERENCE_DIR / f"{name}.csv").read_text(encoding="utf-8")
    framework, problems = parse_framework(name, text, f"reference/{name}.csv")
    assert framework is not None, problems
    return framework


def load_frameworks(datadir: Path) -> tuple[dict[str, Framework], list[Problem]]:
    """The shipped frameworks, each replaced by ``kerangka_<name>.csv`` if present."""
    frameworks, problems = {}, []
    for name in FRAMEWORKS:
        override = datadir / framework_file(name)
        frameworks[name] = shipped_framework(name)
        refused = regular_file_problem(override, override.name)
        if refused is not None:
            problems.append(refused)
        elif override.is_file():
            try:
                data = read_regular(override, MAX_EXPORT_BYTES)
            except NotRegularFileError as exc:
                problems.append(
                    error(override.name, None, None, f"{exc}; tidak dibaca", Code.NOT_REGULAR_FILE)
                )
                continue
            text, _, found_problems = decode(data, override.name)
            problems.extend(found_problems)
            if text is not None:
                found, found_problems = parse_framework(name, text, override.name)
                problems.extend(found_problems)
                frameworks[name] = found or frameworks[name]
    return frameworks, problems


@cache
def _bands(name: str) -> tuple[tuple[Decimal, Decimal, str], ...]:
    with (REFERENCE_DIR / "predikat.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kerangka"] == name]
    return tuple(
        (Decimal(r["batas_bawah"]), Decimal(r["batas_atas_kurang_dari"]), r["predikat"])
        for r in rows
    )


def rating(index: Decimal, name: str) -> str | None:
    """The rating word of an index already rounded to 2 decimals."""
    for low, high, word in _bands(name):
        if low <= index < high:
            return word
    return None
