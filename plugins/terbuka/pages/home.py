"""The home page and the index of every unit, grouped by kind."""

from __future__ import annotations

from typing import Any

from terbuka.core.schema import load_schema
from terbuka.core.urls import URLS
from terbuka.model.model import CityModel
from terbuka.outputs import charts
from terbuka.pages.base import HOME, UNITS, Page
from terbuka.pages.contexts import HomeContext, UnitIndexContext

# The city's breakdowns: (chart key, column), and each column's chart file name.
BREAKDOWNS = (("dana", "sumber_dana"), ("lokasi", "lokasi"))
CHART_NAMES = {"sumber_dana": "sumber-dana", "lokasi": "lokasi"}


def city_breakdown(model: CityModel, column: str, year: int | None) -> charts.Chart | None:
    """The city's budget per sumber dana or lokasi in a year (places on a map when
    there is a boundary file); the home page and /wilayah/ show the same chart."""
    shares = model.by_group(column, year) if year else []
    if year is None or not shares or not model.city_totals(year).budget:
        return None
    path = URLS.city_chart(f"{CHART_NAMES[column]}-{year}")
    return charts.by_group(path, column, "seluruh kota", year, shares, model.boundaries)


def _kinds_in_order(model: CityModel) -> list[str]:
    order = list(load_schema("opd").field("jenis").enum or ())
    found = {u.kind for u in model.unit_directory.values()}
    return [k for k in order if k in found]


def _index_rows(model: CityModel, year: int | None) -> list[dict[str, Any]]:
    return [
        {"unit": u, "totals": model.unit_totals(code, year) if year else None}
        for code, u in model.unit_directory.items()
    ]


def regulation_break(years: dict[str, list[int]]) -> str:
    """Where a site spanning both charts of accounts changes from one to the other."""
    if len(years) < 2:
        return ""
    spans = "; ".join(
        f"{ys[0]}–{ys[-1]} menurut {name}" if len(ys) > 1 else f"{ys[0]} menurut {name}"
        for name, ys in sorted(years.items(), key=lambda item: item[1][0])
    )
    return (
        f"Kode rekening belanja tahun {spans}. Kode yang sama berarti lain di kedua bagan akun "
        "(5.2 adalah Belanja Langsung menurut 13/2006 dan Belanja Modal menurut 90/2019), "
        "sehingga jenis belanja kedua masa tidak dibandingkan langsung."
    )


def home_pages(model: CityModel) -> list[Page]:
    """``/`` and ``/opd/`` for the latest year, and the same of every other
    year at ``/tahun/<tahun>/`` and ``/tahun/<tahun>/opd/``."""
    latest = model.latest_year
    if latest is None:
        return _city_pages(model, None, None)
    pages = []
    for year in model.years:  # the latest last: a chart shared by years is linked from it
        pages += _city_pages(model, year, latest)
    return pages


def _city_pages(model: CityModel, year: int | None, latest: int | None) -> list[Page]:
    """The city's page and its unit index, for one year."""
    home_url = URLS.home() if year == latest or year is None else URLS.city_year(year)
    units_url = URLS.units() if year == latest or year is None else URLS.units_year(year)
    city = model.city_totals(year) if year else None
    rows = _index_rows(model, year)
    groups = [
        (kind, [r for r in rows if r["unit"].kind == kind]) for kind in _kinds_in_order(model)
    ]
    spbe_years = model.spbe_years
    spent_chart = None
    if year and city and city.budget and city.spent is not None:
        spent_chart = charts.spent_by_unit(
            URLS.city_chart(f"terserap-per-opd-{year}"),
            year,
            [(r["unit"].label, r["totals"].budget, r["totals"].spent) for r in rows],
            city.spent_pct,
        )
    classes = model.spending_by_class(year) if year else []
    class_chart = None
    if year and city and city.budget and classes:
        class_chart = charts.spending_by_class(
            URLS.city_chart(f"jenis-belanja-{year}"), "seluruh kota", year, classes
        )
    breakdowns = {key: city_breakdown(model, column, year) for key, column in BREAKDOWNS}
    revised = model.revision(year) if year else []
    revision = None
    if revised and year:
        units = model.unit_directory
        changed = [(code, units[code].label, m, p) for code, m, p in revised if code in units]
        path = URLS.city_chart(f"perubahan-{year}")
        revision = charts.revision(path, "seluruh kota", "perangkat daerah", year, changed)
    trend = None
    if year and latest and len(model.years) > 1:
        figures = [model.city_totals(y) for y in model.years]
        trend = charts.over_the_years(
            URLS.city_chart("tren"),
            "seluruh kota",
            [(y, t.budget, t.spent, t.progress) for y, t in zip(model.years, figures, strict=True)],
            model.realisation_period(latest),  # one chart for every year's page
        )
    home = HomeContext(
        year=year,
        years=model.years,
        city=city,
        period=model.realisation_period(year) if year else "",
        version=model.budget_version(year) if year else None,
        unit_count=len(model.unit_directory),
        places_url=(URLS.places() if year == latest else URLS.places_year(year))
        if year and model.named_places(year)
        else None,
        groups=groups,
        spbe=spbe_years[max(spbe_years)] if spbe_years else None,
        revisions=model.revisions,
        charts={
            "terserap": spent_chart,
            "belanja": class_chart,
            **breakdowns,
            "revisi": revision,
            "tren": trend,
        },
        canonical=home_url,
        breadcrumbs=[] if year == latest else [HOME, (f"Tahun {year}", None)],
        regulation_break=regulation_break(model.regulation_years),
        year_links=[(y, URLS.home() if y == latest else URLS.city_year(y)) for y in model.years],
    )
    index = UnitIndexContext(
        year=year,
        city=city,
        groups=groups,
        canonical=units_url,
        breadcrumbs=[HOME, (UNITS[0], None)]
        if year == latest
        else [HOME, (f"Tahun {year}", home_url), (UNITS[0], None)],
        year_links=[(y, URLS.units() if y == latest else URLS.units_year(y)) for y in model.years],
    )
    return [Page(home_url, "home", home), Page(units_url, "opd_index", index)]
