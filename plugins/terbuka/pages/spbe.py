"""``/spbe/`` and ``/spbe/<tahun>/``: the index, its trend, aspects and indicators."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pandas as pd

from terbuka.core.urls import URLS
from terbuka.model.model import CityModel
from terbuka.model.spbe import biggest_gains, round_index, worked_example
from terbuka.outputs import charts
from terbuka.pages.base import HOME, Page
from terbuka.pages.contexts import SpbeContext


def spbe_pages(model: CityModel) -> list[Page]:
    results = model.spbe_years
    if not results:
        return []
    ordered = [results[y] for y in sorted(results)]
    trend = charts.spbe_trend(URLS.chart(URLS.spbe(), "grafik-tren"), ordered)
    latest = max(results)
    pages = []
    for result in ordered:
        aspects = None
        if result.index is not None:
            path = URLS.chart(URLS.spbe(result.year), "grafik-aspek")
            aspects = charts.spbe_aspects(path, result.year, result.aspects)
        context = SpbeContext(
            result=result,
            results=ordered,
            target=target_outcome(model.spbe_targets.get(result.year), result.shown),
            units=model.unit_directory,
            gains=biggest_gains(result) if result.index is not None else [],
            example=worked_example(result),
            charts={"tren": trend, "aspek": aspects},
            canonical=URLS.spbe(result.year),
            # Each year is indexed for search once, at its own address.
            breadcrumbs=[HOME, ("SPBE", URLS.spbe()), (str(result.year), None)],
            search_indexed=True,
        )
        pages.append(Page(URLS.spbe(result.year), "spbe", context))
        if result.year == latest:
            latest_page = replace(context, breadcrumbs=[HOME, ("SPBE", None)], search_indexed=False)
            pages.append(Page(URLS.spbe(), "spbe", latest_page))
    return pages


def target_outcome(target: dict | None, shown: Decimal | None) -> dict | None:
    """The city's target for a year and whether the index reached it (the gap, rounded
    as the index is shown), so that a page never shows a target without its outcome."""
    if target is None:
        return None
    value = target["target"]
    if shown is None or value is None or pd.isna(value):
        return {**target, "met": None, "gap": None}
    gap = round_index(shown) - Decimal(str(value))
    return {**target, "met": gap >= 0, "gap": abs(gap)}
