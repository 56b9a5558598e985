"""What each kind of chart draws: one frozen dataclass per kind.

A spec is the whole input of the drawing (``draw.render``): plain numbers and
words, no model object, so it crosses to a worker process as it is, and its
JSON (``key_text``) names its cached picture.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import ClassVar


@dataclass(frozen=True)
class BarsSpec:
    """Horizontal bars: percent (0..100) or an index (0..5), an optional reference line."""

    kind: ClassVar[str] = "bars"
    height: float  # inches
    labels: list[str]
    values: list[float]
    scale: str = "percent"  # or "index"
    reference: float | None = None
    reference_label: str = ""


@dataclass(frozen=True)
class BudgetSpentSpec:
    """Per group an outlined budget bar and a solid spending bar (None: not reported)."""

    kind: ClassVar[str] = "budget_spent"
    height: float
    labels: list[str]
    budget: list[int]  # sen
    spent: list[int | None]  # sen
    legend: tuple[str, str] = ("Pagu", "Realisasi")


@dataclass(frozen=True)
class QuarterlySpec:
    """Cumulative spending and physical progress, in % of budget, by quarter."""

    kind: ClassVar[str] = "quarterly"
    height: float
    quarters: list[int]
    spent: list[float]
    progress: list[float | None]


@dataclass(frozen=True)
class TrendSpec:
    """The SPBE index by year: one line per framework, official figures as markers."""

    kind: ClassVar[str] = "trend"
    height: float
    years: list[int]
    values: list[float | None]
    official: list[float | None]
    framework_of: list[str]
    frameworks: list[str]
    labels: dict[str, str]  # framework -> its line's legend
    breaks: list[float]  # x of each change of framework


@dataclass(frozen=True)
class MapArea:
    rings: list[list[list[float]]]  # [[x, y], ...] per ring, x scaled by cos(latitude)
    shade: int | None  # the class of its budget; None: no lokasi names it


@dataclass(frozen=True)
class MapSpec:
    """Areas shaded by the class of their budget, names at their label points."""

    kind: ClassVar[str] = "map"
    height: float
    areas: list[MapArea]
    labels: list[tuple[float, float, str]]
    bounds: tuple[tuple[float, float], tuple[float, float]]
    legend: list[tuple[int | None, str]] = field(default_factory=list)


Spec = BarsSpec | BudgetSpentSpec | QuarterlySpec | TrendSpec | MapSpec


def _fields(value: object) -> dict:
    """A spec's (or a map area's) fields by name, for ``json.dumps``: read
    where they are, not deep-copied as ``asdict`` does (a city's 673 charts
    took 2 s that way)."""
    if not is_dataclass(value):
        raise TypeError(f"not a spec: {type(value).__name__}")
    return {f.name: getattr(value, f.name) for f in fields(value)}


def key_text(spec: Spec) -> str:
    """The spec as canonical JSON: the same picture, the same text."""
    own = {"kind": spec.kind, **_fields(spec)}
    return json.dumps(own, sort_keys=True, ensure_ascii=False, default=_fields)
