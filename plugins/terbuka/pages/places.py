"""``/wilayah/`` and ``/wilayah/<slug>/``: what is spent in each place named in
the exports' ``lokasi`` column (a kecamatan, or the whole city), in the latest year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import charts
from ..derive import slugify
from ..model import UNNAMED, CityModel, Totals
from ..urls import URLS
from .base import HOME, Page
from .explorer import explorer_rows

PLACES = ("Wilayah", URLS.places())


@dataclass(frozen=True)
class Place:
    name: str  # as the exports write it (Kecamatan Taman)
    url: str
    totals: Totals


def place_pages(model: CityModel) -> list[Page]:
    year = model.latest_year
    if year is None:
        return []
    totals = [(name, t) for name, t in model.group_totals("lokasi", year) if name != UNNAMED]
    if not totals:
        return []
    rows = explorer_rows(model, year)
    slugs = _slugs([name for name, _ in totals])
    places = [Place(name, URLS.place(slugs[name]), t) for name, t in totals]
    shares = [(name, t.budget, t.spent) for name, t in model.group_totals("lokasi", year)]
    places_chart = charts.by_group(
        URLS.city_chart(f"lokasi-{year}"), "lokasi", "seluruh kota", year, shares, model.boundaries
    )
    index = {
        "year": year,
        "places": places,
        "charts": {"peta": places_chart},
        "breadcrumbs": [HOME, ("Wilayah", None)],
        "canonical": URLS.places(),
    }
    pages = [Page(URLS.places(), "places", index)]
    for place in places:
        here = [r for r in rows if r["lokasi"] == place.name]
        context: dict[str, Any] = {
            "year": year,
            "place": place,
            "rows": here,
            "units": len({r["unit"].kode_opd for r in here}),
            "breadcrumbs": [HOME, PLACES, (place.name, None)],
            "canonical": place.url,
        }
        pages.append(Page(place.url, "place", context))
    return pages


def _slugs(names: list[str]) -> dict[str, str]:
    """A unique address for each place name."""
    found: dict[str, str] = {}
    for name in names:
        slug = base = slugify(name)
        n = 2
        while slug in found.values():
            slug, n = f"{base}-{n}", n + 1
        found[name] = slug
    return found
