"""What each template receives: one dataclass per template family, so that
``mypy`` checks every value a page family hands its template, and a reader
finds a template's whole contract in one place.

Every context carries the fields ``base.html`` reads (``PageContext``); the
generator gives Pelican's own pages the same fields, empty, so a template
tests a value (``canonical is not none``), never whether it was given.
Values inside (a program with its activities, a row of the explorer) are
finished values, worked out by the page family; templates only print them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from terbuka.core.problems import Problem
from terbuka.core.terms import Term
from terbuka.model.changes import Changes
from terbuka.model.model import Totals, Unit
from terbuka.model.spbe import YearResult
from terbuka.outputs.charts import Chart
from terbuka.publishing.signing import PublicKey

if TYPE_CHECKING:  # the release family imports this module
    from terbuka.pages.places import Place
    from terbuka.pages.releases import ReleaseSite, ReleaseView

Crumb = tuple[str, str | None]  # (name, address; None for the page itself)
Row = dict[str, Any]  # a finished row of a table: codes, names, figures in sen


@dataclass(frozen=True)
class SearchFacets:
    """Pagefind filters and result metadata of a page (name, value)."""

    filters: list[tuple[str, str]]
    meta: list[tuple[str, str | int]]


@dataclass(frozen=True)
class Citation:
    """How to cite a page: APA-style text and BibTeX naming the edition and the
    address cited (the frozen copy in the release when there is one)."""

    text: str
    bibtex: str
    frozen_in: str | None  # the release whose frozen copy is cited, or None
    release_url: str | None  # that release's page, or the latest release's


@dataclass(frozen=True)
class Frozen:
    """Where a frozen unit page comes from: a release of the chain."""

    version: str
    date: dt.date
    url: str
    activity_file: str = "kegiatan.csv"  # as frozen: kegiatan.xlsx for a SIPD workbook


@dataclass(kw_only=True)
class PageContext:
    """What every page may show: the trail, its own address, its charts,
    its search facets and the files only it offers."""

    breadcrumbs: list[Crumb] = field(default_factory=list)
    canonical: str | None = None  # the address search engines should keep, when set
    charts: dict[str, Chart | None] = field(default_factory=dict)
    search: SearchFacets | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # path -> bytes, written beside it
    citation: Citation | None = None  # how to cite the page (pages.citations)

    def variables(self) -> dict[str, Any]:
        """The template's variables: each field by its name (not deep-copied)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(kw_only=True)
class HomeContext(PageContext):
    year: int | None
    years: list[int]
    city: Totals | None
    period: str
    version: dict[str, Any] | None
    unit_count: int
    places_url: str | None  # the year's places page, when places have pages
    groups: list[tuple[str, list[Row]]]
    year_links: list[tuple[int, str]] = field(default_factory=list)  # the switch between years
    spbe: YearResult | None
    revisions: list[dict[str, Any]]
    regulation_break: str


@dataclass(kw_only=True)
class UnitIndexContext(PageContext):
    year: int | None
    city: Totals | None
    groups: list[tuple[str, list[Row]]]
    year_links: list[tuple[int, str]] = field(default_factory=list)  # the switch between years


@dataclass(kw_only=True)
class UnitContext(PageContext):
    """A unit's page: of one year, its latest (at its own address), or frozen in a release."""

    unit: Unit
    year: int | None
    switcher: list[tuple[str, str]]
    detailed: bool = True  # sub kegiatan listed here, not only on the program pages
    totals: Totals | None = None
    period: str = ""
    version: dict[str, Any] | None = None
    city: Totals | None = None
    programs: list[Row] = field(default_factory=list)
    indicator_count: int = 0
    source_notes: list[str] = field(default_factory=list)
    changes: Changes | None = None  # since the previous release
    changes_label: str = ""
    frozen: Frozen | None = None


@dataclass(kw_only=True)
class ProgramContext(PageContext):
    unit: Unit
    year: int
    detailed_on_unit_page: bool
    period: str
    version: dict[str, Any]
    program: Row
    part: int
    parts: dict[str, Any] | None  # the pager of a long program
    other_years: list[tuple[int, str]]
    unit_file: str
    activity_indicators: list[Row]
    frozen: Frozen | None = None  # a copy frozen in a release (no charts, never changes)


@dataclass(kw_only=True)
class SpbeContext(PageContext):
    result: YearResult
    results: list[YearResult]
    target: dict[str, Any] | None
    units: dict[str, Unit]
    gains: list[dict[str, Any]]
    example: dict[str, Any] | None
    search_indexed: bool


@dataclass(kw_only=True)
class ExplorerContext(PageContext):
    year: int
    years: list[int]
    rows: list[Row]
    total: int
    first: int
    page_number: int
    page_count: int
    pager: dict[str, Any]
    data_url: str
    totals: Totals
    filters: dict[str, list[tuple[str, str]]]
    all_rows_file: str
    data: dict[str, Any] | None  # the whole year for the page's script, on page 1


@dataclass(kw_only=True)
class PlacesContext(PageContext):
    year: int
    places: list[Place]
    year_links: list[tuple[int, str]] = field(default_factory=list)
    latest: bool = True  # the place pages show the latest year


@dataclass(kw_only=True)
class PlaceContext(PageContext):
    year: int
    place: Place
    rows: list[Row]
    row_count: int
    units: list[tuple[Unit, Totals]]
    data_url: str
    frozen: Frozen | None = None  # a copy frozen in a release


@dataclass(kw_only=True)
class QualityContext(PageContext):
    errors: list[Problem]
    warnings: list[Problem]
    by_file: dict[str, list[Problem]]
    by_unit: list[tuple[Unit, list[tuple[Problem, dict[str, str] | None]]]]
    unplaced: list[Problem]
    status_year: int | None
    status: list[dict[str, Any]]
    status_summary: list[dict[str, Any]]


@dataclass(kw_only=True)
class CatalogContext(PageContext):
    """The catalog, the dictionary, the API page and each dataset's page."""

    catalog: dict[str, Any]
    jsonld: dict[str, Any] | None = None
    export: dict[str, Any] | None = None  # the dictionary: what an export may carry
    dataset: dict[str, Any] | None = None


@dataclass(kw_only=True)
class ReleasesContext(PageContext):
    """The list of releases and the page that checks a downloaded file."""

    site: ReleaseSite


@dataclass(kw_only=True)
class ReleaseContext(PageContext):
    view: ReleaseView
    previous: ReleaseView | None
    checksums: str
    downloads: dict[str, str]  # the release's frozen /data/ files: name -> SHA-256
    exports: dict[str, str]  # its exports: data/<name> -> SHA-256
    site_key: PublicKey | None
    units: list[tuple[str, str]]


@dataclass(kw_only=True)
class ChartContext(PageContext):
    """A chart's own page, and the chart alone for an iframe."""

    chart: Chart
    where: str
    parent: tuple[str, str]
    embed_url: str | None
    embed_code: str | None
    frozen: Frozen | None = None  # its numbers frozen in a release (no drawing)


@dataclass(kw_only=True)
class NotFoundContext(PageContext):
    units: list[Unit]
    root_links: bool


@dataclass(kw_only=True)
class RedirectContext(PageContext):
    target: str


@dataclass(kw_only=True)
class GlossaryContext(PageContext):
    terms: list[Term]


# Which context each template receives (``Page`` refuses another); a test
# reads every template and fails on a variable its context does not hold.
TEMPLATES: dict[str, type[PageContext]] = {
    "home": HomeContext,
    "opd_index": UnitIndexContext,
    "opd": UnitContext,
    "program": ProgramContext,
    "spbe": SpbeContext,
    "explorer": ExplorerContext,
    "places": PlacesContext,
    "place": PlaceContext,
    "kualitas_data": QualityContext,
    "catalog": CatalogContext,
    "dictionary": CatalogContext,
    "api": CatalogContext,
    "dataset": CatalogContext,
    "releases": ReleasesContext,
    "file_check": ReleasesContext,
    "release": ReleaseContext,
    "chart": ChartContext,
    "chart_embed": ChartContext,
    "search": PageContext,
    "not_found": NotFoundContext,
    "redirect": RedirectContext,
    "glossary": GlossaryContext,
}
