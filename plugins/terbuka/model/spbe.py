"""SPBE evaluation: a city's capability levels against a framework, the
index computed exactly, and what the pages explain about it.

An index is the weighted mean of capability levels, ``sum(w * level) /
sum(w)``, over all indicators (the index), one domain or one aspect, in exact
decimal arithmetic, rounded half-up to 2 decimals; the rating comes from the
rounded index. The frameworks themselves are data (``framework``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

import pandas as pd

from terbuka.core.constants import LINE
from terbuka.core.problems import Code, Problem, error, warning
from terbuka.inputs.framework import (
    LEVEL_NAMES,
    Framework,
    Indicator,
    default_framework,
    not_carried,
    rating,
)
from terbuka.model.frames import rows

TWO_PLACES = Decimal("0.01")
# An official index further than this from the computed one is worth a word.
OFFICIAL_TOLERANCE = Decimal("0.01")


def round_index(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_index(pairs: list[tuple[Decimal, int]]) -> Decimal:
    """sum(weight * level) / sum(weight), exact and unrounded."""
    total = sum((w for w, _ in pairs), Decimal(0))
    return sum((w * level for w, level in pairs), Decimal(0)) / total


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
    def differs(self) -> bool:
        """The official index is further from the computed one than rounding explains."""
        return self.difference is not None and abs(self.difference) > OFFICIAL_TOLERANCE

    @property
    def total_weight(self) -> Decimal:
        return sum((i.weight for i in self.framework.indicators), Decimal(0))


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
                weight=sum((i.weight for i in members), Decimal(0)),
                index=round_index(weighted_index(pairs)) if complete else None,
                domain=members[0].domain,
            )
        )
    return parts


def evaluate(
    levels: pd.DataFrame, official: pd.DataFrame, frameworks: dict[str, Framework]
) -> dict[int, YearResult]:
    """Each evaluation year known from levels or from the official index."""
    published = {int(r.tahun): (r.kerangka, Decimal(r.indeks), r.sumber) for r in rows(official)}
    by_year = {int(cast(int, y)): g for y, g in levels.groupby("tahun")} if len(levels) else {}
    results: dict[int, YearResult] = {}
    previous: dict[int, int] = {}
    previous_framework = None
    for year in sorted(set(published) | set(by_year)):
        group = by_year.get(year)
        name = group["kerangka"].iloc[0] if group is not None else published[year][0]
        chosen = name or default_framework(year)
        framework = frameworks.get(chosen) or not_carried(chosen)
        found_rows = [] if group is None else list(rows(group))
        found = {int(r.kode_indikator): int(r.tingkat) for r in found_rows}
        missing = tuple(sorted(framework.numbers - set(found))) if group is not None else ()
        complete = bool(found) and not missing
        pairs = [(i.weight, found[i.number]) for i in framework.indicators if i.number in found]
        same_framework = previous_framework == framework.name
        by_number = {int(r.kode_indikator): r for r in found_rows}
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


def _indicator_row(ind: Indicator, row: Any, previous: dict[int, int]) -> dict[str, Any]:
    level = int(row.tingkat) if row is not None else None
    before = previous.get(ind.number)
    return {
        "number": ind.number,
        "name": ind.name,
        "aspect": ind.aspect,
        "domain": ind.domain,
        "weight": ind.weight,
        "level": level,
        "level_name": LEVEL_NAMES.get(level, "") if level is not None else "",
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


def without_uncarried(
    levels: pd.DataFrame, frameworks: dict[str, Framework]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Levels of a framework Terbuka does not carry (PermenPANRB 5/2018): a warning
    per year, and left out; never matched to another framework by number."""
    if levels.empty:
        return levels, []
    known = levels["kerangka"].isin(list(frameworks)) | (levels["kerangka"] == "")
    dropped = levels[~known]
    problems = [
        warning(
            "spbe.csv",
            int(group[LINE].min()),
            "kerangka",
            f"tahun {year} dievaluasi dengan kerangka {name} ({not_carried(str(name)).title}): "
            f"{len(group)} tingkat indikatornya tidak dipakai dan tidak dicocokkan dengan kerangka "
            "lain menurut nomornya; tahun ini hanya menampilkan indeks resminya (spbe_indeks.csv)",
            Code.UNKNOWN_INDICATOR,
        )
        for (year, name), group in dropped.groupby(["tahun", "kerangka"], sort=True)
    ]
    return levels[known].reset_index(drop=True), problems


def check(
    levels: pd.DataFrame,
    official: pd.DataFrame,
    frameworks: dict[str, Framework],
    readable: bool = True,
) -> list[Problem]:
    """Unknown indicators (errors); incomplete years and official figures that
    differ from the computed index by more than 0,01 (warnings). The second
    part evaluates, so it runs only when every SPBE cell could be read."""
    problems: list[Problem] = []
    for name, number, line in rows(levels[["kerangka", "kode_indikator", LINE]]):
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
                    Code.UNKNOWN_INDICATOR,
                )
            )
    if not readable or problems or levels["tahun"].isna().any() or levels["kerangka"].eq("").any():
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
                    Code.SPBE_INCOMPLETE,
                )
            )
        difference = result.difference
        if difference is not None and result.differs:
            problems.append(
                warning(
                    "spbe_indeks.csv",
                    int(official_line[year]),
                    "indeks",
                    f"indeks resmi {year} ({result.official}) berbeda {abs(difference)} dari "
                    f"indeks yang dihitung dari tingkat indikator ({result.index})",
                    Code.INDEX_DIFFERS,
                )
            )
    return problems


TARGET_NAME = re.compile(r"indeks\s+(?:spbe|pemerintah\s+digital|pemdi)", re.IGNORECASE)


def targets(indicators: pd.DataFrame) -> dict[int, dict[str, Any]]:
    """The city's own SPBE index targets, from indikator.csv rows named so."""
    named = indicators[indicators["indikator"].str.contains(TARGET_NAME)]
    return {
        int(r.tahun): {"target": r.target, "realisasi": r.realisasi, "indikator": r.indikator}
        for r in rows(named)
    }


def worked_example(result: YearResult) -> dict[str, Any] | None:
    """The first complete aspect of a year, written out term by term."""
    if result.index is None:
        return None
    for part in result.aspects:
        if part.index is None:
            continue
        terms = [(i["weight"], i["level"]) for i in result.indicators if i["aspect"] == part.name]
        products = sum(w * level for w, level in terms)
        weights = sum(w for w, _ in terms)
        return {
            "aspect": part,
            "terms": terms,
            "products": products,
            "weights": weights,
            "exact": products / weights,
        }
    return None


@dataclass(frozen=True)
class UnitIndicators:
    """The SPBE indicators one unit answers for, in the latest year with levels."""

    year: int
    rows: tuple[dict[str, Any], ...]


def unit_indicators(results: dict[int, YearResult], kode_opd: str) -> UnitIndicators | None:
    years = [r for r in results.values() if r.indicators]
    if not years:
        return None
    result = years[-1]
    rows = tuple(i for i in result.indicators if i["kode_opd"] == kode_opd)
    return UnitIndicators(result.year, rows) if rows else None
