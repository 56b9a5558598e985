"""Which pages exist, where they live, and what their templates receive.

URLs come from stable keys (slug, year, codes), never from names. Templates
get plain values: dicts, ``Totals``, ``Chart`` and numbers in sen, which the
filters in ``formatting`` write for people. No DataFrame leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from . import charts, opendata, spbe
from .charts import Chart
from .model import CityModel, Totals, achievement, spent_pct
from .problems import Report
from .schema import load_schema
from .settings import TerbukaSettings
from .urls import URLS

HOME = ("Beranda", "")
UNITS = ("Perangkat Daerah", URLS.units())


@dataclass
class Page:
    url: str  # site-relative, ends with "/" ("" for the home page)
    template: str
    context: dict = field(default_factory=dict)
    file: str | None = None  # where it is written, when not <url>index.html

    @property
    def save_as(self) -> str:
        return self.file or f"{self.url}index.html"

    @property
    def charts(self) -> list[Chart]:
        return [c for c in self.context.get("charts", {}).values() if c is not None]


unit_url = URLS.unit
program_url = URLS.program


def unit_dicts(model: CityModel) -> dict[str, dict]:
    """Each unit as a plain dict, with its parent and sub-units linked."""
    units: dict[str, dict] = {}
    for row in model.units.drop(columns="_baris").to_dict("records"):
        row["years"] = model.unit_years.get(row["kode_opd"], [])
        row["children"] = []
        row["label"] = row["singkatan"] or row["nama_opd"]
        units[row["kode_opd"]] = row
    for unit in units.values():
        parent = units.get(unit["kode_induk"])
        unit["parent"] = parent
        if parent is not None:
            parent["children"].append(unit)
    return units


def _activity_row(r: tuple) -> dict:
    """One row of kegiatan.csv for display: code, name and figures."""
    spent = 0 if r.realisasi is pd.NA else int(r.realisasi)
    return {
        "kode": r.kode_sub_kegiatan or r.kode_kegiatan,
        "nama": r.nama_sub_kegiatan or r.nama_kegiatan,
        "kode_program": r.kode_program,
        "budget": int(r.pagu),
        "spent": spent,
        "spent_pct": spent_pct(int(r.pagu), spent),
        "progress": None if r.fisik is pd.NA else float(r.fisik),
        "sumber_dana": r.sumber_dana,
        "lokasi": r.lokasi,
    }


def _activity_rows(rows: pd.DataFrame) -> list[dict]:
    return [_activity_row(r) for r in rows.itertuples(index=False)]


def _indicator_rows(rows: pd.DataFrame | None) -> list[dict]:
    if rows is None:
        return []
    out = []
    for r in rows.itertuples(index=False):
        out.append(
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
        )
    return out


def _programs(model: CityModel, unit: dict, year: int) -> list[dict]:
    """The unit's programs in a year, each with its activities, rows and indicators."""
    code_opd = unit["kode_opd"]
    programs = model.programs_by_unit_year.get((code_opd, year))
    rows = model.activities_by_unit_year.get((code_opd, year), model.current.iloc[0:0])
    indicators = _indicator_rows(model.indicators_by_unit_year.get((code_opd, year)))
    names = {}
    if programs is not None:
        names = dict(zip(programs["kode_program"], programs["nama_program"], strict=True))
    rows_by_program = dict(tuple(rows.groupby("kode_program", sort=False)))
    out = []
    for code in list(names) + [c for c in rows_by_program if c not in names]:
        activities = []
        program_rows = rows_by_program.get(code, rows.iloc[0:0])
        for activity_code, group in program_rows.groupby("kode_kegiatan", sort=False):
            activities.append(
                {
                    "kode": activity_code,
                    "nama": group["nama_kegiatan"].iloc[0],
                    "totals": model.activity_totals(year, code_opd, code, activity_code),
                    "rows": _activity_rows(group[group["kode_sub_kegiatan"] != ""]),
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
                "url": program_url(unit["slug"], year, code),
                "totals": model.program_totals(year, code_opd, code),
                "activities": activities,
                "indicators": own,
                "all_indicators": own + [i for a in activities for i in a["indicators"]],
            }
        )
    return out


def _unit_charts(
    unit: dict, year: int, totals: Totals, programs: list[dict], model: CityModel
) -> dict:
    base = unit_url(unit["slug"], year)
    found = {"program": None, "triwulan": None}
    if programs and totals.budget:
        found["program"] = charts.budget_by_program(
            URLS.chart(base, "grafik-program"),
            unit["label"],
            year,
            [(p["kode"], p["nama"], p["totals"].budget, p["totals"].spent) for p in programs],
        )
    quarters = model.quarterly_by_unit_year.get((unit["kode_opd"], year))
    if quarters and totals.budget:
        found["triwulan"] = charts.quarterly(
            URLS.chart(base, "grafik-triwulan"), unit["label"], year, totals.budget, quarters
        )
    return found


def unit_year_context(model: CityModel, unit: dict, year: int, with_charts: bool = True) -> dict:
    """What a unit's page of one year shows."""
    totals = model.unit_totals(unit["kode_opd"], year)
    programs = _programs(model, unit, year)
    return {
        "unit": unit,
        "year": year,
        "totals": totals,
        "city": model.city_totals(year),
        "programs": programs,
        "indicator_count": sum(len(p["all_indicators"]) for p in programs),
        "charts": _unit_charts(unit, year, totals, programs, model) if with_charts else {},
        "canonical": unit_url(unit["slug"], year),
    }


def _search_facets(unit: dict, year: int, programs: list[dict], totals: Totals) -> dict:
    """Pagefind filters and result metadata of a page about one unit and year."""
    funds = sorted(
        {row["sumber_dana"] for p in programs for a in p["activities"] for row in a["rows"]} - {""}
    )
    return {
        "filters": [("opd", unit["label"]), ("tahun", str(year)), ("jenis", unit["jenis"])]
        + [("sumber_dana", f) for f in funds],
        "meta": [("opd", unit["nama_opd"]), ("tahun", str(year)), ("pagu", totals.budget)],
    }


def _unit_pages(model: CityModel, unit: dict, extra: dict) -> list[Page]:
    pages: list[Page] = []
    years = unit["years"]
    if not years:
        crumbs = [HOME, UNITS, (unit["nama_opd"], None)]
        context = {"unit": unit, "year": None, "breadcrumbs": crumbs, **extra}
        return [Page(unit_url(unit["slug"]), "opd", context)]
    for year in years:
        context = {**unit_year_context(model, unit, year), **extra}
        programs = context["programs"]
        unit_crumb = (unit["nama_opd"], unit_url(unit["slug"]))
        search = _search_facets(unit, year, context["programs"], context["totals"])
        pages.append(
            Page(
                unit_url(unit["slug"], year),
                "opd",
                {
                    **context,
                    "search": search,
                    "breadcrumbs": [HOME, UNITS, unit_crumb, (str(year), None)],
                },
            )
        )
        if year == years[-1]:
            crumbs = [HOME, UNITS, (unit["nama_opd"], None)]
            pages.append(Page(unit_url(unit["slug"]), "opd", {**context, "breadcrumbs": crumbs}))
        for program in programs:
            crumbs = [
                HOME,
                UNITS,
                unit_crumb,
                (str(year), unit_url(unit["slug"], year)),
                (program["kode"], None),
            ]
            pages.append(
                Page(
                    program["url"],
                    "program",
                    {
                        "unit": unit,
                        "year": year,
                        "program": program,
                        "search": _search_facets(unit, year, [program], program["totals"]),
                        "canonical": program["url"],
                        "breadcrumbs": crumbs,
                    },
                )
            )
    return pages


def _kinds_in_order(units: dict[str, dict]) -> list[str]:
    order = list(load_schema("opd").field("jenis").enum or ())
    found = {u["jenis"] or "Lainnya" for u in units.values()}
    return [k for k in order if k in found]


def _revisions(model: CityModel) -> list[dict]:
    """Years with a revised budget: the city's total before and after."""
    activities = model.activities
    out = []
    for year in sorted(
        activities.loc[activities["versi_anggaran"] == "perubahan", "tahun"].unique()
    ):
        rows = activities[activities["tahun"] == year]
        murni = int(rows.loc[rows["versi_anggaran"] == "murni", "pagu"].sum())
        revised = model.city_totals(int(year)).budget
        out.append(
            {"year": int(year), "murni": murni, "perubahan": revised, "change": revised - murni}
        )
    return out


SPBE_TARGET = re.compile(r"indeks\s+(?:spbe|pemerintah\s+digital|pemdi)", re.IGNORECASE)


def spbe_targets(model: CityModel) -> dict[int, dict]:
    """The city's own SPBE index targets, from indikator.csv rows named so."""
    rows = model.indicators[model.indicators["indikator"].str.contains(SPBE_TARGET)]
    return {
        int(r.tahun): {"target": r.target, "realisasi": r.realisasi, "indikator": r.indikator}
        for r in rows.itertuples(index=False)
    }


def worked_example(result: spbe.YearResult) -> dict | None:
    """The first complete aspect of a year, written out term by term."""
    for part in result.aspects:
        if part.index is None:
            continue
        terms = [(i["weight"], i["level"]) for i in result.indicators if i["aspect"] == part.name]
        products = sum(w * level for w, level in terms)
        weights = sum(w for w, _ in terms)
        return {
            "aspect": part,
            "terms": terms,
            "products": products,
            "weights": weights,
            "exact": products / weights,
        }
    return None


def _spbe_pages(model: CityModel, units: dict[str, dict]) -> list[Page]:
    results = model.spbe_years
    if not results:
        return []
    ordered = [results[y] for y in sorted(results)]
    trend = charts.spbe_trend(URLS.chart(URLS.spbe(), "grafik-tren"), ordered)
    targets = spbe_targets(model)
    latest = max(results)
    pages = []
    for result in ordered:
        aspects = (
            charts.spbe_aspects(
                URLS.chart(URLS.spbe(result.year), "grafik-aspek"), result.year, result.aspects
            )
            if result.index is not None
            else None
        )
        context = {
            "result": result,
            "results": ordered,
            "target": targets.get(result.year),
            "units": units,
            "gains": spbe.biggest_gains(result) if result.index is not None else [],
            "example": worked_example(result) if result.index is not None else None,
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


def unit_spbe(model: CityModel, kode_opd: str) -> dict | None:
    """The indicators a unit answers for in the latest year with levels."""
    years = [r for r in model.spbe_years.values() if r.indicators]
    if not years:
        return None
    result = years[-1]
    rows = [i for i in result.indicators if i["kode_opd"] == kode_opd]
    return {"year": result.year, "rows": rows} if rows else None


def _dataset_ld(dataset: dict, site: TerbukaSettings) -> dict:
    """schema.org Dataset, for dataset search engines and open-data portals."""
    years = dataset["years"]
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{dataset['title']} – {site.region}",
        "description": dataset["description"],
        "url": f"{site.site_url}/{URLS.dataset(dataset['name'])}",
        "license": site.license["path"],
        "isAccessibleForFree": True,
        "publisher": {"@type": "GovernmentOrganization", "name": site.author},
        "spatialCoverage": {"@type": "Place", "name": site.region},
        **({"temporalCoverage": f"{years[0]}/{years[1]}"} if years else {}),
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": {"csv": "text/csv", "json": "application/json"}.get(
                    f["path"].rsplit(".", 1)[1],
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                "contentUrl": f"{site.site_url}/{f['path']}",
                "contentSize": f"{f['bytes']} B",
            }
            for f in dataset["files"]
        ],
    }


def data_pages(catalog: dict, site: TerbukaSettings) -> list[Page]:
    data_crumb = ("Data terbuka", URLS.catalog())
    pages = [
        Page(
            URLS.catalog(),
            "catalog",
            {
                "catalog": catalog,
                "jsonld": {
                    "@context": "https://schema.org",
                    "@type": "DataCatalog",
                    "name": f"Data terbuka {site.site_name}",
                    "url": f"{site.site_url}/{URLS.catalog()}",
                    "dataset": [_dataset_ld(d, site) for d in catalog["datasets"]],
                },
                "breadcrumbs": [HOME, (data_crumb[0], None)],
            },
        ),
        Page(
            URLS.dictionary(),
            "dictionary",
            {"catalog": catalog, "breadcrumbs": [HOME, data_crumb, ("Kamus data", None)]},
        ),
        Page(
            URLS.api_page(),
            "api",
            {"catalog": catalog, "breadcrumbs": [HOME, data_crumb, ("API JSON", None)]},
        ),
    ]
    for dataset in catalog["datasets"]:
        pages.append(
            Page(
                URLS.dataset(dataset["name"]),
                "dataset",
                {
                    "catalog": catalog,
                    "dataset": dataset,
                    "jsonld": _dataset_ld(dataset, site),
                    "breadcrumbs": [HOME, data_crumb, (dataset["title"], None)],
                },
            )
        )
    return pages


EXPLORER_PAGE_SIZE = 50  # rows per static page: light enough for a phone without JS


def explorer_rows(model: CityModel, units: dict[str, dict], year: int) -> list[dict]:
    """Every current activity row of a year, ordered by unit, program and code."""
    rows = model.current[model.current["tahun"] == year]
    order = {code: i for i, code in enumerate(units)}
    out = [
        {
            **_activity_row(r),
            "unit": units[r.kode_opd],
            "alamat": URLS.unit(units[r.kode_opd]["slug"], year),
            "_order": order[r.kode_opd],
        }
        for r in rows.itertuples(index=False)
    ]
    out.sort(key=lambda row: (row["_order"], row["kode_program"], row["kode"]))
    return out


def explorer_pages(model: CityModel, units: dict[str, dict]) -> list[Page]:
    """/kegiatan/<tahun>/: every activity of a year, in static pages of a few
    hundred rows; the page's script filters and sorts the whole year."""
    pages = []
    for year in model.years:
        rows = explorer_rows(model, units, year)
        count = max(1, -(-len(rows) // EXPLORER_PAGE_SIZE))
        for n in range(1, count + 1):
            url = URLS.explorer(year, n)
            chunk = rows[(n - 1) * EXPLORER_PAGE_SIZE : n * EXPLORER_PAGE_SIZE]
            pages.append(
                Page(
                    url,
                    "explorer",
                    {
                        "year": year,
                        "years": model.years,
                        "rows": chunk,
                        "total": len(rows),
                        "first": (n - 1) * EXPLORER_PAGE_SIZE + 1,
                        "page_number": n,
                        "page_count": count,
                        "data_url": URLS.explorer_data(year),
                        # the whole year for the page's script, written once
                        "data": explorer_json(rows) if n == 1 else None,
                        "canonical": url,
                        "breadcrumbs": [
                            HOME,
                            ("Kegiatan", None if n == 1 else URLS.explorer(year)),
                            (str(year), None),
                        ],
                    },
                )
            )
    return pages


EXPLORER_COLUMNS = ["opd", "slug", "alamat", "kode_program", "kode", "nama", "sumber_dana"]
EXPLORER_COLUMNS += ["pagu_sen", "realisasi_sen", "fisik"]


def explorer_json(rows: list[dict]) -> dict:
    """The rows of a year for the explorer's script: compact arrays."""
    keys = ["kode_program", "kode", "nama", "sumber_dana", "budget", "spent", "progress"]
    return {
        "kolom": EXPLORER_COLUMNS,
        "baris": [
            [r["unit"]["label"], r["unit"]["slug"], r["alamat"], *(r[k] for k in keys)]
            for r in rows
        ],
    }


def _release_extras(unit: dict, releases: dict | None) -> dict:
    """The unit's own changes since the previous release, and where to cite it."""
    if not releases:
        return {}
    recent = releases["recent"]
    extras = {
        "changes": recent.for_unit(unit["kode_opd"]) if recent is not None else None,
        "changes_label": releases["label"],
    }
    if releases["cited"]:
        extras["cite"] = URLS.frozen_unit(releases["version"], unit["slug"])
    return extras


def build_pages(
    model: CityModel,
    report: Report,
    units: dict[str, dict],
    settings: dict,
    releases: dict | None = None,
) -> list[Page]:
    """Every page but the data catalog's (``data_pages``, once files exist)."""
    year = model.latest_year
    city = model.city_totals(year) if year else None
    index_rows = [
        {"unit": u, "totals": model.unit_totals(code, year) if year else None}
        for code, u in units.items()
    ]
    groups = [
        (kind, [r for r in index_rows if (r["unit"]["jenis"] or "Lainnya") == kind])
        for kind in _kinds_in_order(units)
    ]
    spbe_years = model.spbe_years
    spent_chart = None
    if year and city and city.budget:
        spent_chart = charts.spent_by_unit(
            URLS.chart("grafik/", f"terserap-per-opd-{year}"),
            year,
            [(r["unit"]["label"], r["totals"].budget, r["totals"].spent) for r in index_rows],
            city.spent_pct,
        )
    pages = [
        Page(
            "",
            "home",
            {
                "year": year,
                "years": model.years,
                "city": city,
                "unit_count": len(units),
                "groups": groups,
                "spbe": spbe_years[max(spbe_years)] if spbe_years else None,
                "revisions": _revisions(model),
                "charts": {"terserap": spent_chart},
                "canonical": "",
                "breadcrumbs": [],
            },
        ),
        Page(
            URLS.units(),
            "opd_index",
            {
                "year": year,
                "city": city,
                "groups": groups,
                "canonical": URLS.units(),
                "breadcrumbs": [HOME, (UNITS[0], None)],
            },
        ),
    ]
    switcher = {"all_units": list(units.values())}
    for unit in units.values():
        unit["spbe"] = unit_spbe(model, unit["kode_opd"])
        pages.extend(_unit_pages(model, unit, {**_release_extras(unit, releases), **switcher}))
    pages.extend(_spbe_pages(model, units))
    pages.extend(explorer_pages(model, units))
    pages.append(
        Page(
            URLS.search(),
            "search",
            {"breadcrumbs": [HOME, ("Cari", None)], "canonical": URLS.search()},
        )
    )
    pages.append(
        Page(
            URLS.not_found(),
            "not_found",
            {"units": list(units.values()), "root_links": True},
            file="404.html",
        )
    )
    status_year, status = opendata.reporting_status(model, units)
    by_unit = opendata.problems_by_unit(model, report.warnings)
    by_file: dict[str, list] = {}
    for problem in report.warnings:
        by_file.setdefault(problem.file, []).append(problem)
    pages.append(
        Page(
            URLS.quality(),
            "kualitas_data",
            {
                "errors": report.errors,
                "warnings": report.warnings,
                "by_file": by_file,
                "by_unit": [(units[c], by_unit[c]) for c in units if c in by_unit],
                "unplaced": by_unit.get("", []),
                "status_year": status_year,
                "status": status,
                "status_summary": [
                    {
                        "word": word,
                        "sent": sum(1 for s in status if s[key]),
                        "missing": [s["unit"] for s in status if not s[key]],
                    }
                    for key, word in (
                        ("kegiatan", "kegiatan dan anggaran"),
                        ("realisasi", "realisasi per triwulan"),
                        ("indikator", "indikator kinerja"),
                    )
                ],
                "breadcrumbs": [HOME, ("Kualitas data", None)],
            },
        )
    )
    return pages
