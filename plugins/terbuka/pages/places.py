"""``/wilayah/`` and ``/wilayah/<slug>/``: what is spent in each place named in
the exports' ``lokasi`` column (a kecamatan, or the whole city), in the latest year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from terbuka.checks.derive import slugify
from terbuka.core.formatting import plain_rupiah
from terbuka.core.urls import URLS
from terbuka.model.model import CityModel, Totals
from terbuka.outputs.downloads import csv_bytes
from terbuka.pages.base import HOME, Page
from terbuka.pages.contexts import PlaceContext, PlacesContext, SearchFacets
from terbuka.pages.explorer import explorer_rows
from terbuka.pages.home import city_breakdown

PLACES = ("Wilayah", URLS.places())
PLACE_ROWS = 100  # the largest sub kegiatan a place page lists; the CSV holds them all
PLACE_COLUMNS = ["tahun", "kode_opd", "nama_opd", "kode_program", "kode_kegiatan"]
PLACE_COLUMNS += [
    "kode_sub_kegiatan",
    "nama",
    "sumber_dana",
    "lokasi",
    "pagu",
    "realisasi",
    "fisik",
]


@dataclass(frozen=True)
class Place:
    name: str  # as the exports write it (Kecamatan Taman)
    url: str
    totals: Totals
    slug: str = ""  # its address's last part ("" for a place without a page)


def place_pages(model: CityModel) -> list[Page]:
    year = model.latest_year
    if year is None:
        return []
    totals = model.named_places(year)
    if not totals:
        return []
    rows = explorer_rows(model, year)
    slugs = _slugs([name for name, _ in totals])
    places = [Place(name, URLS.place(slugs[name]), t, slugs[name]) for name, t in totals]
    # Only the years whose lokasi name a place have a page to switch to.
    named = {y: model.named_places(y) if y != year else totals for y in model.years}
    links = [
        (y, URLS.places() if y == year else URLS.places_year(y)) for y in model.years if named[y]
    ]
    index = PlacesContext(
        year=year,
        places=places,
        charts={"peta": city_breakdown(model, "lokasi", year)},
        breadcrumbs=[HOME, ("Wilayah", None)],
        canonical=URLS.places(),
        year_links=links,
    )
    pages = [Page(URLS.places(), "places", index)]
    for other in model.years:  # the other years' breakdowns by place (their places unlinked)
        if other != year and named[other]:
            earlier = PlacesContext(
                year=other,
                places=[
                    Place(name, URLS.place(slugs[name]) if name in slugs else "", t)
                    for name, t in named[other]
                ],
                charts={"peta": city_breakdown(model, "lokasi", other)},
                breadcrumbs=[HOME, (f"Tahun {other}", URLS.city_year(other)), ("Wilayah", None)],
                canonical=URLS.places_year(other),
                year_links=links,
                latest=False,
            )
            pages.insert(0, Page(URLS.places_year(other), "places", earlier))
    units = model.unit_directory
    # Each unit's totals per place, summed once for all places.
    unit_places = {
        code: dict(model.group_totals("lokasi", year, code))
        for code in dict.fromkeys(r["unit"].kode_opd for r in rows)
    }
    for place in places:
        here = [r for r in rows if r["lokasi"] == place.name]
        by_unit = [
            (units[code], unit_places[code][place.name])
            for code in dict.fromkeys(r["unit"].kode_opd for r in here)
        ]
        largest = sorted(here, key=lambda r: (-r["budget"], r["kode"]))[:PLACE_ROWS]
        data = URLS.place_file(slugs[place.name], "kegiatan.csv")
        context = PlaceContext(
            year=year,
            place=place,
            rows=largest,
            row_count=len(here),
            units=sorted(by_unit, key=lambda u: (-u[1].budget, u[0].nama_opd)),
            data_url=data,
            files={data: _rows_csv(here, year)},
            # search finds the place's own page by this filter and puts it first
            search=SearchFacets(filters=[("tempat", typed_name(place.name))], meta=[]),
            breadcrumbs=[HOME, PLACES, (place.name, None)],
            canonical=place.url,
        )
        pages.append(Page(place.url, "place", context))
    return pages


PREFIXES = ("kecamatan ", "kelurahan ", "desa ")


def place_addresses(model: CityModel) -> dict[str, str]:
    """Each place's name as a reader types it (lower case, with and without its
    "Kecamatan" prefix) -> the ``tempat`` search filter of its page, so that
    search puts the page first."""
    year = model.latest_year
    if year is None:
        return {}
    names = [name for name, _ in model.named_places(year)]
    found: dict[str, str] = {}
    for name in names:
        typed = typed_name(name)
        found[typed] = typed
        for prefix in PREFIXES:
            if typed.startswith(prefix):
                found.setdefault(typed.removeprefix(prefix), typed)
    return found


def typed_name(name: str) -> str:
    """A place's name as search compares it: lower case, single spaces."""
    return " ".join(name.lower().split())


def _rows_csv(rows: list[dict[str, Any]], year: int) -> bytes:
    """Every sub kegiatan of a place, exact, in the dictionary's column names."""
    return csv_bytes(PLACE_COLUMNS, [_csv_row(r, year) for r in rows])


def _csv_row(r: dict[str, Any], year: int) -> list[object]:
    unit = r["unit"]
    codes = [unit.kode_opd, unit.nama_opd, r["kode_program"], r["kode_kegiatan"]]
    money = [plain_rupiah(r["budget"]), plain_rupiah(r["spent"])]
    progress = "" if r["progress"] is None else r["progress"]
    return [
        year,
        *codes,
        r["kode_sub_kegiatan"],
        r["nama"],
        r["sumber_dana"],
        r["lokasi"],
        *money,
        progress,
    ]


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
