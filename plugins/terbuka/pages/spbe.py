"""``/spbe/`` and ``/spbe/<tahun>/``: the index, its trend, aspects and indicators."""

from __future__ import annotations

from .. import charts
from ..model import CityModel
from ..spbe import biggest_gains, worked_example
from ..urls import URLS
from .base import HOME, Page


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
        context = {
            "result": result,
            "results": ordered,
            "target": model.spbe_targets.get(result.year),
            "units": model.unit_directory,
            "gains": biggest_gains(result) if result.index is not None else [],
            "example": worked_example(result),
            "charts": {"tren": trend, "aspek": aspects},
            "canonical": URLS.spbe(result.year),
        }
        crumbs = [HOME, ("SPBE", URLS.spbe()), (str(result.year), None)]
        # Each year is indexed for search once, at its own address.
        year_page = {**context, "breadcrumbs": crumbs, "search_indexed": True}
        pages.append(Page(URLS.spbe(result.year), "spbe", year_page))
        if result.year == latest:
            latest_page = {
                **context,
                "breadcrumbs": [HOME, ("SPBE", None)],
                "search_indexed": False,
            }
            pages.append(Page(URLS.spbe(), "spbe", latest_page))
    return pages
