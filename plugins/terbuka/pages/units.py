"""Unit pages (latest year and each year), program pages, and the frozen
copies of unit pages kept in each release: live and frozen pages are made
by the same function from a model and its unit directory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pandas as pd

from terbuka.core.urls import URLS
from terbuka.model.frames import rows as table_rows
from terbuka.model.model import (
    PROGRAM_PAGE_ROWS,
    CityModel,
    Totals,
    Unit,
    achievement,
    program_part,
    spent_pct,
)
from terbuka.outputs import charts
from terbuka.outputs.charts import Chart
from terbuka.pages.base import HOME, UNITS, Page, page_links
from terbuka.pages.contexts import Frozen, ProgramContext, SearchFacets, UnitContext


def activity_row(r: Any) -> dict[str, Any]:
    """One row of kegiatan.csv for display: code, name and figures."""
    spent = None if r.realisasi is pd.NA else int(r.realisasi)  # not reported: no Rp 0
    return {
        "kode": r.kode_sub_kegiatan or r.kode_kegiatan,
        "nama": r.nama_sub_kegiatan or r.nama_kegiatan,
        "kode_program": r.kode_program,
        "kode_kegiatan": r.kode_kegiatan,
        "kode_sub_kegiatan": r.kode_sub_kegiatan,
        "budget": int(r.pagu),
        "spent": spent,
        "spent_pct": spent_pct(int(r.pagu), spent),
        # a warning on the quality page; marked here too
        "over_budget": spent is not None and spent > int(r.pagu),
        "progress": None if r.fisik is pd.NA else float(r.fisik),
        "sumber_dana": r.sumber_dana,
        "lokasi": r.lokasi,
    }


def _indicator_rows(rows: pd.DataFrame | None) -> list[dict[str, Any]]:
    if rows is None:
        return []
    return [
        {
            "kode_program": r.kode_program,
            "kode_kegiatan": r.kode_kegiatan,
            "indikator": r.indikator,
            "satuan": r.satuan,
            "target": r.target,
            "realisasi": r.realisasi,
            "arah": r.arah,
            "capaian": achievement(r.target, r.realisasi, r.arah),
        }
        for r in table_rows(rows)
    ]


def _programs(model: CityModel, unit: Unit, year: int) -> list[dict[str, Any]]:
    """The unit's programs in a year, each with its activities, rows and indicators."""
    code_opd = unit.kode_opd
    programs = model.programs_by_unit_year.get((code_opd, year))
    rows = model.activities_by_unit_year.get((code_opd, year), model.current.iloc[0:0])
    indicators = _indicator_rows(model.indicators_by_unit_year.get((code_opd, year)))
    names: dict[str, str] = {}
    if programs is not None:
        names = dict(zip(programs["kode_program"], programs["nama_program"], strict=True))
    # One walk over the unit's rows, grouped by program and kegiatan in the
    # order they first appear (pandas' groupby per kegiatan cost 2 s a city).
    grouped: dict[str, dict[str, list[Any]]] = {}
    for r in table_rows(rows):
        grouped.setdefault(r.kode_program, {}).setdefault(r.kode_kegiatan, []).append(r)
    out = []
    codes: list[str] = list(names) + [str(c) for c in grouped if c not in names]
    for code in codes:
        activities = []
        for activity_code, group in grouped.get(code, {}).items():
            activities.append(
                {
                    "kode": activity_code,
                    "nama": group[0].nama_kegiatan,
                    "totals": model.activity_totals(year, code_opd, code, activity_code),
                    "rows": [activity_row(r) for r in group if r.kode_sub_kegiatan != ""],
                    "indicators": [
                        i
                        for i in indicators
                        if i["kode_program"] == code and i["kode_kegiatan"] == activity_code
                    ],
                }
            )
        own = [i for i in indicators if i["kode_program"] == code and not i["kode_kegiatan"]]
        out.append(
            {
                "kode": code,
                "nama": names.get(code, ""),
                "url": URLS.program(unit.slug, year, code),
                "totals": model.program_totals(year, code_opd, code),
                "activities": activities,
                "indicators": own,
                "all_indicators": own + [i for a in activities for i in a["indicators"]],
            }
        )
    _mark_anchors(out)
    return out


def _mark_anchors(programs: list[dict[str, Any]]) -> None:
    """An id for each program, kegiatan and sub kegiatan of a page (``URLS.anchor``);
    a code met again (another funding source) keeps the id on its first row only."""
    seen: set[str] = set()

    def first(kind: str, code: str) -> str | None:
        anchor = URLS.anchor(kind, code)
        if anchor in seen:
            return None
        seen.add(anchor)
        return anchor

    for program in programs:
        program["anchor"] = first("p", program["kode"])
        for activity in program["activities"]:
            activity["anchor"] = first("k", activity["kode"])
            for row in activity["rows"]:
                row["anchor"] = first("s", row["kode"])


def program_parts(program: dict[str, Any]) -> list[dict[str, Any]]:
    """The program as its pages list it: one, or for a program with more than
    PROGRAM_PAGE_ROWS sub kegiatan, one per ``program_part``. A kegiatan whose
    rows run over two pages is listed on both, marked as continued on the
    second; its anchors stay where it begins."""
    count = sum(len(a["rows"]) for a in program["activities"])
    if count <= PROGRAM_PAGE_ROWS:
        return [program]
    parts: list[list[dict[str, Any]]] = [[] for _ in range(program_part(count - 1))]
    position = 0
    for activity in program["activities"]:
        pieces: dict[int, list[dict[str, Any]]] = {}
        for row in activity["rows"]:
            pieces.setdefault(program_part(position), []).append(row)
            position += 1
        if not pieces:  # a kegiatan without sub kegiatan: where the list has got to
            pieces[min(program_part(position), len(parts))] = []
        for i, (n, rows) in enumerate(pieces.items()):
            continued = {"continued": True, "anchor": None} if i else {}
            parts[n - 1].append({**activity, "rows": rows, **continued})
    return [{**program, "activities": activities} for activities in parts]


def _unit_charts(
    unit: Unit, year: int, totals: Totals, programs: list[dict[str, Any]], model: CityModel
) -> dict[str, Chart | None]:
    base = URLS.unit(unit.slug, year)
    found: dict[str, Chart | None] = {
        "program": None,
        "triwulan": None,
        "belanja": None,
        "dana": None,
        "lokasi": None,
        "revisi": None,
        "tren": None,
    }
    if programs and totals.budget:
        found["program"] = charts.budget_by_program(
            URLS.chart(base, "grafik-program"),
            unit.label,
            year,
            [(p["kode"], p["nama"], p["totals"].budget, p["totals"].spent) for p in programs],
        )
    quarters = model.quarterly_by_unit_year.get((unit.kode_opd, year))
    if quarters and totals.budget:
        found["triwulan"] = charts.quarterly(
            URLS.chart(base, "grafik-triwulan"), unit.label, year, totals.budget, quarters
        )
    classes = model.spending_by_class(year, unit.kode_opd)
    if classes and totals.budget:
        found["belanja"] = charts.spending_by_class(
            URLS.chart(base, "grafik-belanja"), unit.label, year, classes
        )
    sources = model.by_group("sumber_dana", year, unit.kode_opd)
    if sources and totals.budget:
        path = URLS.chart(base, "grafik-dana")
        found["dana"] = charts.by_group(path, "sumber_dana", unit.label, year, sources)
    places = model.by_group("lokasi", year, unit.kode_opd)
    if places and totals.budget:
        path = URLS.chart(base, "grafik-lokasi")
        found["lokasi"] = charts.by_group(
            path, "lokasi", unit.label, year, places, model.boundaries
        )
    revised = model.revision(year, unit.kode_opd)
    if revised:
        names = {p["kode"]: p["nama"] for p in programs}
        groups = [(code, names.get(code, ""), m, p) for code, m, p in revised]
        path = URLS.chart(base, "grafik-perubahan")
        found["revisi"] = charts.revision(path, unit.label, "program", year, groups)
    if len(unit.years) > 1:  # one chart of every year, shared by the unit's year pages
        last = unit.years[-1]
        figures = [(y, model.unit_totals(unit.kode_opd, y)) for y in unit.years]
        found["tren"] = charts.over_the_years(
            URLS.chart(URLS.unit(unit.slug), "grafik-tren"),
            unit.label,
            [(y, t.budget, t.spent, t.progress) for y, t in figures],
            model.realisation_period(last),
        )
    return found


def _program_charts(
    model: CityModel, unit: Unit, year: int, program: dict[str, Any], years: list[int]
) -> dict[str, Chart | None]:
    """The program's spending by class, its revision per kegiatan, and every year it
    appears in (``years``; one chart shared by its year pages)."""
    code = program["kode"]
    who = f"program {code} {unit.label}"
    found: dict[str, Chart | None] = {"belanja": None, "revisi": None, "tren": None}
    classes = model.spending_by_class(year, unit.kode_opd, code)
    if classes and program["totals"].budget:
        path = URLS.chart(program["url"], "grafik-belanja")
        found["belanja"] = charts.spending_by_class(path, who, year, classes)
    revised = model.revision(year, unit.kode_opd, code)
    if revised:
        names = {a["kode"]: a["nama"] for a in program["activities"]}
        groups = [(c, names.get(c, ""), m, p) for c, m, p in revised]
        path = URLS.chart(program["url"], "grafik-perubahan")
        found["revisi"] = charts.revision(path, who, "kegiatan", year, groups)
    if len(years) > 1:
        figures = [(y, model.program_totals(y, unit.kode_opd, code)) for y in years]
        found["tren"] = charts.over_the_years(
            URLS.chart(URLS.unit(unit.slug), f"grafik-tren-{code}"),
            who,
            [(y, t.budget, t.spent, t.progress) for y, t in figures],
            model.realisation_period(years[-1]),
        )
    return found


def switcher(model: CityModel, unit: Unit, frozen: Frozen | None = None) -> list[tuple[str, str]]:
    """(name, address) of every other unit: live pages, or the same release's frozen ones."""
    return [
        (
            other.nama_opd,
            URLS.frozen_unit(frozen.version, other.slug) if frozen else URLS.unit(other.slug),
        )
        for other in model.unit_directory.values()
        if other.kode_opd != unit.kode_opd
    ]


def unit_year_context(
    model: CityModel, unit: Unit, year: int, with_charts: bool = True
) -> UnitContext:
    """What a unit's page of one year shows."""
    totals = model.unit_totals(unit.kode_opd, year)
    programs = _programs(model, unit, year)
    return UnitContext(
        unit=unit,
        year=year,
        detailed=(unit.kode_opd, year) not in model.summarised_unit_years,
        totals=totals,
        period=model.realisation_period(year),
        version=model.budget_version(year, unit.kode_opd),
        city=model.city_totals(year),
        programs=programs,
        indicator_count=sum(len(p["all_indicators"]) for p in programs),
        charts=_unit_charts(unit, year, totals, programs, model) if with_charts else {},
        canonical=URLS.unit(unit.slug, year),
        switcher=switcher(model, unit),
        source_notes=model.source_notes.get((unit.kode_opd, year), []),
    )


def _search_facets(
    unit: Unit, year: int, programs: list[dict[str, Any]], totals: Totals
) -> SearchFacets:
    """Pagefind filters and result metadata of a page about one unit and year."""
    funds = sorted(
        {row["sumber_dana"] for p in programs for a in p["activities"] for row in a["rows"]} - {""}
    )
    return SearchFacets(
        filters=[("opd", unit.label), ("tahun", str(year)), ("jenis", unit.jenis)]
        + [("sumber_dana", f) for f in funds],
        meta=[("opd", unit.nama_opd), ("tahun", str(year)), ("pagu", totals.budget)],
    )


def unit_pages(
    model: CityModel, unit: Unit, extras: Callable[[UnitContext], UnitContext]
) -> list[Page]:
    """A unit's pages: the latest year at its own address, each year, each
    program; ``extras`` adds what the releases say of the unit."""
    pages: list[Page] = []
    years = unit.years
    if not years:
        crumbs = [HOME, UNITS, (unit.nama_opd, None)]
        context = UnitContext(
            unit=unit, year=None, breadcrumbs=crumbs, switcher=switcher(model, unit)
        )
        return [Page(URLS.unit(unit.slug), "opd", extras(context))]
    unit_crumb = (unit.nama_opd, URLS.unit(unit.slug))
    contexts = {year: extras(unit_year_context(model, unit, year)) for year in years}
    # The years each program appears in, for the links between its pages.
    program_years: dict[str, list[int]] = {}
    for year in years:
        for program in contexts[year].programs:
            program_years.setdefault(program["kode"], []).append(year)
    for year in years:
        context = contexts[year]
        programs = context.programs
        assert context.totals is not None  # a unit-year's page has its totals
        search = _search_facets(unit, year, programs, context.totals)
        crumbs = [HOME, UNITS, unit_crumb, (str(year), None)]
        pages.append(
            Page(
                URLS.unit(unit.slug, year),
                "opd",
                replace(context, search=search, breadcrumbs=crumbs),
            )
        )
        if year == years[-1]:
            crumbs = [HOME, UNITS, (unit.nama_opd, None)]
            pages.append(Page(URLS.unit(unit.slug), "opd", replace(context, breadcrumbs=crumbs)))
        for program in programs:
            pages += _program_pages(model, unit, year, program, context, program_years)
    return pages


def _program_pages(
    model: CityModel,
    unit: Unit,
    year: int,
    program: dict[str, Any],
    unit_context: UnitContext,
    program_years: dict[str, list[int]],
    frozen: Frozen | None = None,
) -> list[Page]:
    """A program's page, and the next pages of a long one (charts and
    indicators on the first); with ``frozen``, its copy in that release
    (no charts), under the release's address."""
    code = program["kode"]
    years = program_years[code]
    if frozen is None:
        crumbs = [
            HOME,
            UNITS,
            (unit.nama_opd, URLS.unit(unit.slug)),
            (str(year), URLS.unit(unit.slug, year)),
        ]
    else:
        crumbs = [
            HOME,
            ("Rilis", URLS.releases()),
            (frozen.version, frozen.url),
            (unit.nama_opd, URLS.frozen_unit(frozen.version, unit.slug)),
        ]
    parts = program_parts(program)

    def address(n: int) -> str:
        if frozen is None:
            return URLS.program(unit.slug, year, code, n)
        first = URLS.frozen_program(frozen.version, unit.slug, code)
        return first if n == 1 else first + f"{n}/"

    links = [address(n) for n in range(1, len(parts) + 1)]
    pages = []
    for n, part in enumerate(parts, start=1):
        first = n == 1
        pages.append(
            Page(
                links[n - 1],
                "program",
                ProgramContext(
                    unit=unit,
                    year=year,
                    detailed_on_unit_page=unit_context.detailed,
                    period=model.realisation_period(year),
                    version=model.budget_version(year, unit.kode_opd, code),
                    program=part,
                    part=n,
                    parts=page_links(n, links) if len(parts) > 1 else None,
                    other_years=[(y, URLS.program(unit.slug, y, code)) for y in years],
                    unit_file=URLS.unit_file(unit.slug, year, "kegiatan.xlsx"),
                    search=_search_facets(unit, year, [part], program["totals"])
                    if frozen is None
                    else None,
                    canonical=links[n - 1],
                    charts=_program_charts(model, unit, year, program, years)
                    if first and frozen is None
                    else {},
                    # every kegiatan's, on the first page: a part lists only some kegiatan
                    activity_indicators=[a for a in program["activities"] if a["indicators"]],
                    breadcrumbs=[*crumbs, (code, None)]
                    if first
                    else [*crumbs, (code, links[0]), (f"Halaman {n}", None)],
                    frozen=frozen,
                ),
            )
        )
    return pages


def frozen_unit_pages(model: CityModel, frozen: Frozen) -> list[Page]:
    """Each unit's latest-year page as it stood in a release: the live page's
    context (switcher and SPBE included), without charts, at the release's address."""
    pages = []
    for unit in model.unit_directory.values():
        url = URLS.frozen_unit(frozen.version, unit.slug)
        crumbs = [
            HOME,
            ("Rilis", URLS.releases()),
            (frozen.version, frozen.url),
            (unit.nama_opd, None),
        ]
        others = switcher(model, unit, frozen)
        context = (
            unit_year_context(model, unit, unit.years[-1], with_charts=False)
            if unit.years
            else UnitContext(unit=unit, year=None, switcher=others)
        )
        # Its programs link to their frozen copies, made below.
        programs = [
            {**p, "url": URLS.frozen_program(frozen.version, unit.slug, p["kode"])}
            for p in context.programs
        ]
        context = replace(
            context,
            frozen=frozen,
            breadcrumbs=crumbs,
            canonical=url,
            switcher=others,
            programs=programs,
        )
        pages.append(Page(url, "opd", context))
        if unit.years:  # and each of its programs, frozen likewise
            year = unit.years[-1]
            only = {p["kode"]: [year] for p in context.programs}
            for program in context.programs:
                pages += _program_pages(model, unit, year, program, context, only, frozen)
    return pages
