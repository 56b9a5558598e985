"""``/kegiatan/<tahun>/``: every activity of a year, in static pages, and
the year's rows as JSON for the page's script (with each row's address)."""

from __future__ import annotations

from typing import Any

from terbuka.core.urls import URLS
from terbuka.model.frames import rows as table_rows
from terbuka.model.model import CityModel, Unit
from terbuka.pages.base import HOME, Page, page_links
from terbuka.pages.contexts import ExplorerContext
from terbuka.pages.units import activity_row

EXPLORER_PAGE_SIZE = 50  # rows per static page: light enough for a phone without JS


def row_page(model: CityModel, unit: Unit, year: int, program: str, sub: str) -> str:
    """The page that lists a row: its unit's page, or for a sub kegiatan of a
    summarised unit-year (``CityModel.summarised_unit_years``), the page of its
    program that lists it (``CityModel.program_row_parts``)."""
    if sub and (unit.kode_opd, year) in model.summarised_unit_years:
        part = model.program_row_parts.get((unit.kode_opd, year, program, sub), 1)
        return URLS.program(unit.slug, year, program, part)
    return URLS.unit(unit.slug, year)


def explorer_rows(model: CityModel, year: int) -> list[dict[str, Any]]:
    """Every current activity row of a year, ordered by unit, program and code."""
    units = model.unit_directory
    rows = model.current[model.current["tahun"] == year]
    order = {code: i for i, code in enumerate(units)}
    out = [
        {
            **activity_row(r),
            "unit": units[r.kode_opd],
            # the row itself on the page that lists it (the ids of pages/units._mark_anchors)
            "alamat": row_page(model, units[r.kode_opd], year, r.kode_program, r.kode_sub_kegiatan),
            "anchor": URLS.anchor("s", r.kode_sub_kegiatan)
            if r.kode_sub_kegiatan
            else URLS.anchor("k", r.kode_kegiatan),
            "_order": order[r.kode_opd],
            "nama_kegiatan": r.nama_kegiatan,
            "versi_anggaran": r.versi_anggaran,
        }
        for r in table_rows(rows)
    ]
    out.sort(key=lambda row: (row["_order"], row["kode_program"], row["kode"]))
    return out


def explorer_pages(model: CityModel) -> list[Page]:
    """/kegiatan/<tahun>/: every activity of a year, in static pages of a few
    hundred rows; the page's script filters and sorts the whole year."""
    pages = []
    for year in model.years:
        rows = explorer_rows(model, year)
        count = max(1, -(-len(rows) // EXPLORER_PAGE_SIZE))
        filters = explorer_filters(rows)
        addresses = [URLS.explorer(year, k) for k in range(1, count + 1)]
        for n in range(1, count + 1):
            url = addresses[n - 1]
            chunk = rows[(n - 1) * EXPLORER_PAGE_SIZE : n * EXPLORER_PAGE_SIZE]
            pages.append(
                Page(
                    url,
                    "explorer",
                    ExplorerContext(
                        year=year,
                        years=model.years,
                        rows=chunk,
                        total=len(rows),
                        first=(n - 1) * EXPLORER_PAGE_SIZE + 1,
                        page_number=n,
                        page_count=count,
                        pager=page_links(n, addresses),
                        data_url=URLS.explorer_data(year),
                        totals=model.city_totals(year),
                        filters=filters,
                        all_rows_file=URLS.data_file("kegiatan.csv"),
                        # the whole year for the page's script, written once
                        data=explorer_json(rows, year) if n == 1 else None,
                        canonical=url,
                        breadcrumbs=[
                            HOME,
                            ("Kegiatan", None if n == 1 else URLS.explorer(year)),
                            (str(year), None),
                        ],
                    ),
                )
            )
    return pages


def explorer_filters(rows: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """The choices of the filter form, written into the page: (value, text) pairs.

    Units by full name in alphabetical order (the value is the label the rows
    carry), funding sources likewise; the script only reads them.
    """
    units = {r["unit"].label: r["unit"] for r in rows}
    named = sorted(units.values(), key=lambda u: u.nama_opd.casefold())
    funds = sorted({r["sumber_dana"] for r in rows if r["sumber_dana"]}, key=str.casefold)
    places = sorted({r["lokasi"] for r in rows if r["lokasi"]}, key=str.casefold)
    return {
        "opd": [
            (u.label, u.nama_opd + (f" ({u.label})" if u.label != u.nama_opd else ""))
            for u in named
        ],
        "dana": [(f, f) for f in funds],
        "lokasi": [(p, p) for p in places],
    }


EXPLORER_COLUMNS = ["opd", "slug", "alamat", "kode_program", "kode", "nama", "sumber_dana"]
EXPLORER_COLUMNS += ["pagu_sen", "realisasi_sen", "fisik", "kode_opd", "nama_opd", "tahun"]
EXPLORER_COLUMNS += ["kode_kegiatan", "kode_sub_kegiatan", "lokasi", "versi_anggaran"]


def explorer_json(rows: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """The rows of a year for the explorer's script: compact arrays. Each kegiatan
    name is written once (``nama_kegiatan``) and a row gives its place in that
    list; with it the script writes the filtered rows with exactly kegiatan.csv's
    columns and values."""
    keys = ["kode_program", "kode", "nama", "sumber_dana", "budget", "spent", "progress"]
    tail = ["kode_kegiatan", "kode_sub_kegiatan", "lokasi", "versi_anggaran"]
    names = {name: i for i, name in enumerate(dict.fromkeys(r["nama_kegiatan"] for r in rows))}
    return {
        "kolom": [*EXPLORER_COLUMNS, "nama_kegiatan"],
        "baris": [
            [
                r["unit"].label,
                r["unit"].slug,
                f"{r['alamat']}#{r['anchor']}",
                *(r[k] for k in keys),
                r["unit"].kode_opd,
                r["unit"].nama_opd,
                year,
                *(r[k] for k in tail),
                names[r["nama_kegiatan"]],
            ]
            for r in rows
        ],
        "nama_kegiatan": list(names),
    }
