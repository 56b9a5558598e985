"""SPBE evaluation: frameworks as data, and the index computed exactly.

The frameworks ship in ``reference/`` with their sources named in
``reference/SUMBER.md``. A file ``kerangka_<name>.csv`` in the data folder,
with the same columns, replaces the shipped framework of that name (the
Pemerintah Digital framework of 2026 is provisional).

An index is the weighted mean of capability levels, ``sum(w * level) /
sum(w)``, over all indicators (the index), one domain or one aspect, in exact
decimal arithmetic, rounded half-up to 2 decimals; the rating comes from the
rounded index.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pandas as pd

from .problems import Problem, error, warning
from .read import CONTROL, UNREADABLE, decode, read_regular, regular_file_problem
from .validate import LINE

REFERENCE_DIR = Path(__file__).parent / "reference"
FRAMEWORKS = ("spbe_2020", "pemdi_2026")
FIRST_PEMDI_YEAR = 2026
FRAMEWORK_TITLES = {
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
TWO_PLACES = Decimal("0.01")


def default_framework(year: int) -> str:
    """The framework an evaluation year uses when the export does not say."""
    return "pemdi_2026" if year >= FIRST_PEMDI_YEAR else "spbe_2020"


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
                "encoding",
            )
        ]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in FRAMEWORK_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return None, [
            error(
                filename, 1, c, f"kolom wajib '{c}' tidak ada di baris judul", "kolom-wajib-hilang"
            )
            for c in missing
        ]
    indicators, problems = [], []
    for line, row in enumerate(_rows(reader, filename, problems), start=2):
        try:
            indicators.append(
                Indicator(
                    number=int(row["no_indikator"]),
                    name=row["indikator"].strip(),
                    aspect_no=int(row["no_aspek"]),
                    aspect=row["aspek"].strip(),
                    domain_no=int(row["no_domain"]) if row["no_domain"].strip() else None,
                    domain=row["domain"].strip(),
                    weight=Decimal(row["bobot_indikator"].strip()),
                )
            )
        except (ValueError, InvalidOperation, AttributeError, TypeError):
            problems.append(
                error(
                    filename,
                    line,
                    "bobot_indikator",
                    "nomor harus bilangan bulat dan bobot harus angka dengan titik desimal "
                    "(contoh: 1.30)",
                    "bukan-angka",
                )
            )
    if problems:
        return None, problems
    return Framework(name, tuple(indicators), filename), []


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
        override = datadir / f"kerangka_{name}.csv"
        frameworks[name] = shipped_framework(name)
        refused = regular_file_problem(override, override.name)
        if refused is not None:
            problems.append(refused)
        elif override.is_file():
            text, _, found_problems = decode(read_regular(override), override.name)
            problems.extend(found_problems)
            if text is not None:
                found, found_problems = parse_framework(name, text, override.name)
                problems.extend(found_problems)
                frameworks[name] = found or frameworks[name]
    return frameworks, problems


def _rows(
    reader: csv.DictReader, filename: str, problems: list[Problem]
) -> Iterator[dict[str, str]]:
    """Rows until the end, or until one cannot be read as CSV (an error)."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(
                error(filename, None, None, f"tidak bisa dibaca sebagai CSV ({exc})", "csv")
            )
            return


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


def round_index(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_index(pairs: list[tuple[Decimal, int]]) -> Decimal:
    """sum(weight * level) / sum(weight), exact and unrounded."""
    total = sum(w for w, _ in pairs)
    return sum(w * level for w, level in pairs) / total


@dataclass(frozen=True)
class Part:
    """A domain or aspect of one year: its weight and rounded index."""

    number: int
    name: str
    weight: Decimal
    index: Decimal | None
    domain: str = ""


@dataclass
class YearResult:
    """The SPBE outcome of one evaluation year."""

    year: int
    framework: Framework
    index: Decimal | None  # computed from complete levels, rounded
    official: Decimal | None  # as published in spbe_indeks.csv
    source: str  # where the official index was published
    missing: tuple[int, ...]  # indicators of the framework without a level
    indicators: list[dict] = field(default_factory=list)
    aspects: list[Part] = field(default_factory=list)
    domains: list[Part] = field(default_factory=list)

    @property
    def shown(self) -> Decimal | None:
        """The index a reader is told: the computed one, else the official one."""
        return self.index if self.index is not None else self.official

    @property
    def rating(self) -> str | None:
        shown = self.shown
        return rating(round_index(shown), self.framework.name) if shown is not None else None

    @property
    def difference(self) -> Decimal | None:
        if self.index is None or self.official is None:
            return None
        return self.index - self.official

    @property
    def total_weight(self) -> Decimal:
        return sum(i.weight for i in self.framework.indicators)


def _parts(levels: dict[int, int], framework: Framework, key: str) -> list[Part]:
    groups: dict[int, list[Indicator]] = {}
    for ind in framework.indicators:
        number = getattr(ind, f"{key}_no")
        if number is not None:
            groups.setdefault(number, []).append(ind)
    parts = []
    for number, members in sorted(groups.items()):
        pairs = [(i.weight, levels[i.number]) for i in members if i.number in levels]
        complete = len(pairs) == len(members)
        parts.append(
            Part(
                number=number,
                name=getattr(members[0], key),
                weight=sum(i.weight for i in members),
                index=round_index(weighted_index(pairs)) if complete else None,
                domain=members[0].domain,
            )
        )
    return parts


def evaluate(
    levels: pd.DataFrame, official: pd.DataFrame, frameworks: dict[str, Framework]
) -> dict[int, YearResult]:
    """Each evaluation year known from levels or from the official index."""
    published = {
        int(r.tahun): (r.kerangka, Decimal(r.indeks), r.sumber)
        for r in official.itertuples(index=False)
    }
    by_year = {int(y): g for y, g in levels.groupby("tahun")} if len(levels) else {}
    results: dict[int, YearResult] = {}
    previous: dict[int, int] = {}
    previous_framework = None
    for year in sorted(set(published) | set(by_year)):
        group = by_year.get(year)
        name = group["kerangka"].iloc[0] if group is not None else published[year][0]
        framework = frameworks[name or default_framework(year)]
        rows = [] if group is None else list(group.itertuples(index=False))
        found = {int(r.kode_indikator): int(r.tingkat) for r in rows}
        missing = tuple(sorted(framework.numbers - set(found))) if group is not None else ()
        complete = bool(found) and not missing
        pairs = [(i.weight, found[i.number]) for i in framework.indicators if i.number in found]
        same_framework = previous_framework == framework.name
        by_number = {int(r.kode_indikator): r for r in rows}
        results[year] = YearResult(
            year=year,
            framework=framework,
            index=round_index(weighted_index(pairs)) if complete else None,
            official=published.get(year, (None, None, ""))[1],
            source=published.get(year, (None, None, ""))[2],
            missing=missing,
            indicators=[
                _indicator_row(i, by_number.get(i.number), previous if same_framework else {})
                for i in framework.indicators
            ]
            if group is not None
            else [],
            aspects=_parts(found, framework, "aspect") if group is not None else [],
            domains=_parts(found, framework, "domain") if group is not None else [],
        )
        if group is not None:
            previous, previous_framework = found, framework.name
    return results


def _indicator_row(ind: Indicator, row: object, previous: dict[int, int]) -> dict:
    level = int(row.tingkat) if row is not None else None
    before = previous.get(ind.number)
    return {
        "number": ind.number,
        "name": ind.name,
        "aspect": ind.aspect,
        "domain": ind.domain,
        "weight": ind.weight,
        "level": level,
        "level_name": LEVEL_NAMES.get(level, ""),
        "previous": before,
        "change": level - before if level is not None and before is not None else None,
        "kode_opd": row.kode_opd if row is not None else "",
        "note": row.catatan if row is not None else "",
    }


def biggest_gains(result: YearResult, limit: int = 10) -> list[dict]:
    """Indicators whose next level raises the index most: the heaviest weights
    with room to grow (a level gained adds weight / total weight to the index)."""
    total = result.total_weight
    rows = [
        {**i, "per_level": i["weight"] / total, "max_gain": i["weight"] * (5 - i["level"]) / total}
        for i in result.indicators
        if i["level"] is not None and i["level"] < 5
    ]
    rows.sort(key=lambda r: (-r["per_level"], -r["max_gain"], r["number"]))
    return rows[:limit]


def check(
    levels: pd.DataFrame, official: pd.DataFrame, frameworks: dict[str, Framework]
) -> list[Problem]:
    """Unknown indicators (errors); incomplete years and official figures that
    differ from the computed index by more than 0,01 (warnings)."""
    problems: list[Problem] = []
    for name, number, line in levels[["kerangka", "kode_indikator", LINE]].itertuples(index=False):
        framework = frameworks.get(name)
        if number is pd.NA or framework is None:
            continue
        if int(number) not in framework.numbers:
            problems.append(
                error(
                    "spbe.csv",
                    line,
                    "kode_indikator",
                    f"indikator nomor {number} tidak ada di kerangka {name} "
                    f"(nomor {min(framework.numbers)} sampai {max(framework.numbers)})",
                    "indikator-tidak-dikenal",
                )
            )
    if problems or levels["tahun"].isna().any() or levels["kerangka"].eq("").any():
        return problems
    first_line = levels.groupby("tahun")[LINE].min()
    official_line = dict(zip(official["tahun"], official[LINE], strict=True))
    for year, result in evaluate(levels, official, frameworks).items():
        if result.missing:
            listed = ", ".join(str(n) for n in result.missing)
            problems.append(
                warning(
                    "spbe.csv",
                    int(first_line[year]),
                    "kode_indikator",
                    f"tahun {year} belum lengkap: indikator {listed} belum punya tingkat; "
                    "indeks tahun ini tidak dihitung",
                    "spbe-tidak-lengkap",
                )
            )
        difference = result.difference
        if difference is not None and abs(difference) > TWO_PLACES:
            problems.append(
                warning(
                    "spbe_indeks.csv",
                    int(official_line[year]),
                    "indeks",
                    f"indeks resmi {year} ({result.official}) berbeda {abs(difference)} dari "
                    f"indeks yang dihitung dari tingkat indikator ({result.index})",
                    "indeks-berbeda",
                )
            )
    return problems
