"""SPBE evaluation frameworks as data (indicator numbers, weights, bands).

The frameworks ship in ``reference/`` with their sources named in
``reference/SUMBER.md``; the index computation builds on these tables.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pandas as pd

REFERENCE_DIR = Path(__file__).parent / "reference"
FRAMEWORKS = ("spbe_2020", "pemdi_2026")
FIRST_PEMDI_YEAR = 2026


def default_framework(year: int) -> str:
    """The framework an evaluation year uses when the export does not say."""
    return "pemdi_2026" if year >= FIRST_PEMDI_YEAR else "spbe_2020"


@cache
def framework_rows(name: str) -> tuple[dict[str, str], ...]:
    """The indicator rows of one framework, as in its reference CSV."""
    with (REFERENCE_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def indicator_numbers(name: str) -> frozenset[int]:
    return frozenset(int(row["no_indikator"]) for row in framework_rows(name))


@dataclass(frozen=True)
class YearResult:
    """The SPBE outcome of one evaluation year."""

    year: int
    framework: str
    index: Decimal | None  # computed from the levels, rounded half-up to 2 decimals
    rating: str | None  # from the computed index, else from the official one
    official: Decimal | None  # as published in spbe_indeks.csv
    source: str  # where the official index was published
    missing: tuple[int, ...]  # indicators of the framework without a level


def weights(name: str) -> dict[int, Decimal]:
    return {int(r["no_indikator"]): Decimal(r["bobot_indikator"]) for r in framework_rows(name)}


def weighted_index(levels: dict[int, int], weight: dict[int, Decimal]) -> Decimal:
    """sum(weight * level) / sum(weight), exact and unrounded."""
    total = sum(weight[n] for n in levels)
    return sum(weight[n] * level for n, level in levels.items()) / total


def round_index(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


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


def evaluate(levels: pd.DataFrame, official: pd.DataFrame) -> dict[int, YearResult]:
    """Each evaluation year known from levels or from the official index."""
    results: dict[int, YearResult] = {}
    published = {
        int(r.tahun): (r.kerangka, Decimal(r.indeks), r.sumber)
        for r in official.itertuples(index=False)
    }
    by_year = dict(tuple(levels.groupby("tahun"))) if len(levels) else {}
    for year in sorted(set(published) | {int(y) for y in by_year}):
        group = by_year.get(year)
        framework = (
            group["kerangka"].iloc[0]
            if group is not None
            else published[year][0] or default_framework(year)
        )
        weight = weights(framework)
        found = (
            {}
            if group is None
            else dict(zip(group["kode_indikator"], group["tingkat"], strict=True))
        )
        found = {int(n): int(level) for n, level in found.items()}
        missing = tuple(sorted(set(weight) - set(found))) if group is not None else ()
        index = round_index(weighted_index(found, weight)) if found and not missing else None
        official_index = published.get(year, (None, None, ""))[1]
        shown = index if index is not None else official_index
        results[year] = YearResult(
            year=year,
            framework=framework,
            index=index,
            rating=rating(round_index(shown), framework) if shown is not None else None,
            official=official_index,
            source=published.get(year, (None, None, ""))[2],
            missing=missing,
        )
    return results
