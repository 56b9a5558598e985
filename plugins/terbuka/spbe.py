"""SPBE evaluation frameworks as data (indicator numbers, weights, bands).

The frameworks ship in ``reference/`` with their sources named in
``reference/SUMBER.md``; the index computation builds on these tables.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

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
