"""Which pages exist, where they live, and what their templates receive.

One module per page family: ``home`` (home page and unit index),
``units`` (unit, unit-year and program pages, live and frozen), ``spbe``,
``catalog`` (open-data catalog, dictionary, API), ``explorer``
(activities of a year), ``quality`` (the data-quality report) and
``releases``. Every address comes from ``URLS``. Each template receives
one dataclass of ``contexts`` (what it is given, checked by mypy): finished
values and flags: numbers in sen, ``Totals``, ``Chart``, frozen ``Unit``;
they never repeat a rule. No DataFrame leaves this package.

May import: ``core``, ``inputs``, ``checks``, ``model``, ``publishing``,
``outputs``.
"""

from __future__ import annotations

from typing import Any

from terbuka.core.problems import Report
from terbuka.core.urls import URLS
from terbuka.model.model import CityModel
from terbuka.outputs.downloads import json_bytes
from terbuka.pages.base import HOME, UNITS, Page, redirect_page
from terbuka.pages.catalog import catalog_pages
from terbuka.pages.chart_pages import chart_pages
from terbuka.pages.contexts import NotFoundContext, PageContext
from terbuka.pages.explorer import explorer_pages
from terbuka.pages.glossary import glossary_page
from terbuka.pages.home import home_pages
from terbuka.pages.places import place_addresses, place_pages
from terbuka.pages.quality import quality_page
from terbuka.pages.releases import ReleaseSite, release_feed, release_pages, release_site
from terbuka.pages.spbe import spbe_pages
from terbuka.pages.units import unit_pages

__all__ = [
    "HOME",
    "UNITS",
    "Page",
    "ReleaseSite",
    "catalog_pages",
    "chart_pages",
    "redirect_page",
    "release_feed",
    "release_pages",
    "release_site",
    "site_pages",
]


SUGGESTED = 8  # everyday words an empty search offers to try


def search_words(model: CityModel) -> dict[str, Any]:
    """What the search page's script reads besides the index: everyday words and
    the official names to look for too, each place's page, and words to suggest."""
    return {
        "sinonim": model.synonyms,
        "tempat": place_addresses(model),
        "saran": list(model.synonyms)[:SUGGESTED],
    }


def site_pages(model: CityModel, report: Report, releases: ReleaseSite) -> list[Page]:
    """Every page made from the current data (the catalog's come once its files exist)."""
    pages = home_pages(model)
    for unit in model.unit_directory.values():
        pages += unit_pages(model, unit, releases.unit_extras)
    pages += spbe_pages(model)
    pages += explorer_pages(model)
    pages += place_pages(model)
    search = PageContext(
        breadcrumbs=[HOME, ("Cari", None)],
        canonical=URLS.search(),
        files={URLS.search_words(): json_bytes(search_words(model))},
    )
    pages.append(Page(URLS.search(), "search", search))
    lost = NotFoundContext(units=list(model.unit_directory.values()), root_links=True)
    pages.append(Page(URLS.not_found(), "not_found", lost, file="404.html"))
    pages.append(quality_page(model, report))
    pages.append(glossary_page())
    pages += release_pages(releases)
    # Folders a reader may type by cutting an address short lead somewhere.
    shortcuts = {URLS.api_index(): URLS.api_page()}
    if model.latest_year is not None:
        shortcuts[URLS.explorer_index()] = URLS.explorer(model.latest_year)
    pages += [redirect_page(old, new) for old, new in shortcuts.items()]
    return pages
