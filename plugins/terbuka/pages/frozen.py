"""What a release freezes besides its files: each unit's and program's page
(``pages.units``), each place's page and the numbers of every chart, as the
release's data gave them, at addresses under ``/rilis/<versi>/`` that never
change. Frozen copies carry no drawings: the figures are the tables and
CSV files, which is what a citation holds to."""

from __future__ import annotations

from dataclasses import replace

from terbuka.core.urls import URLS
from terbuka.model.model import CityModel
from terbuka.outputs.downloads import csv_bytes
from terbuka.pages.base import HOME, Page
from terbuka.pages.chart_pages import chart_homes, chart_origin
from terbuka.pages.contexts import (
    ChartContext,
    Crumb,
    Frozen,
    PlaceContext,
    ProgramContext,
    UnitContext,
)
from terbuka.pages.home import home_pages
from terbuka.pages.places import place_pages
from terbuka.pages.spbe import spbe_pages
from terbuka.pages.units import frozen_unit_pages, unit_pages


def frozen_copies(model: CityModel, frozen: Frozen) -> list[Page]:
    """Every frozen page of one release."""
    pages = frozen_unit_pages(model, frozen)
    live = place_pages(model)
    places = [p.context for p in live if isinstance(p.context, PlaceContext)]
    pages += [_frozen_place(place, frozen) for place in places]
    copies = {_live_address(p): p.url for p in pages}
    return pages + _frozen_charts(model, frozen, copies, live)


def _trail(frozen: Frozen) -> list[Crumb]:
    return [HOME, ("Rilis", URLS.releases()), (frozen.version, frozen.url)]


def _live_address(page: Page) -> str:
    """The live page a frozen copy is of (a unit's latest year at its year's address)."""
    context = page.context
    if isinstance(context, PlaceContext):
        return context.place.url
    if isinstance(context, ProgramContext):
        unit = context.unit
        return URLS.program(unit.slug, context.year, context.program["kode"], context.part)
    if isinstance(context, UnitContext) and context.year is not None:
        return URLS.unit(context.unit.slug, context.year)
    return page.url


def _frozen_place(context: PlaceContext, frozen: Frozen) -> Page:
    url = URLS.frozen_place(frozen.version, context.place.slug)
    data = url + "kegiatan.csv"
    return Page(
        url,
        "place",
        replace(
            context,
            frozen=frozen,
            data_url=data,
            files={data: context.files[context.data_url]},
            search=None,
            canonical=url,
            breadcrumbs=[*_trail(frozen), (context.place.name, None)],
        ),
    )


def _frozen_charts(
    model: CityModel, frozen: Frozen, copies: dict[str, str], places: list[Page]
) -> list[Page]:
    """The numbers of every chart the release's data draws on the live site,
    each beside a CSV of them; the page they come from is its frozen copy
    when there is one."""
    shown = home_pages(model)
    for unit in model.unit_directory.values():
        shown += unit_pages(model, unit, lambda context: context)
    shown += places + spbe_pages(model)
    found = []
    for chart, parent in chart_homes(shown):
        _crumbs, label, where = chart_origin(parent)
        url = URLS.frozen_chart(frozen.version, chart.path)
        data = URLS.frozen_chart_data(frozen.version, chart.path)
        context = ChartContext(
            chart=chart,  # its table, never its drawing: charts stays empty
            where=where,
            parent=(label, copies.get(parent.url, parent.url)),
            breadcrumbs=[*_trail(frozen), (chart.title, None)],
            canonical=url,
            embed_url=None,
            embed_code=None,
            files={data: csv_bytes(chart.columns, chart.rows)},
            frozen=frozen,
        )
        found.append(Page(url, "chart", context))
    return found
