"""How to cite a page (issue #26): APA-style text and BibTeX naming the
publisher, the page's subject, the edition of the data and the address to
cite: the page's frozen copy in the release its figures come from when one
exists, else the page itself, to be cited with the date it was read."""

from __future__ import annotations

import re
from dataclasses import replace

from terbuka.core.formatting import isolated, without_bidi
from terbuka.core.settings import TerbukaSettings
from terbuka.core.urls import URLS
from terbuka.pages.base import Page
from terbuka.pages.contexts import (
    CatalogContext,
    ChartContext,
    Citation,
    Frozen,
    PlaceContext,
    ProgramContext,
    UnitContext,
)
from terbuka.pages.releases import ReleaseSite
from terbuka.publishing import releases as rel

ACCESS = "[tanggal akses]"  # the reader writes the day they read the page


def _subject(
    page: Page, version: str | None, files: dict[str, str], made: set[str]
) -> tuple[str, str | None] | None:
    """The page's title for a citation and its frozen copy in release ``version``
    (the figures as they stand there; ``made``: the addresses of every page),
    or None for a page not cited."""
    context = page.context
    if isinstance(context, UnitContext) and context.year is not None:
        unit = context.unit
        latest = unit.years[-1] if unit.years else None
        frozen = (
            URLS.frozen_unit(version, unit.slug) if version and context.year == latest else None
        )
        return f"{unit.nama_opd}: anggaran dan kegiatan {context.year}", frozen
    if isinstance(context, ProgramContext):
        unit, program = context.unit, context.program
        frozen = None
        if version and unit.years and context.year == unit.years[-1]:
            frozen = URLS.frozen_program(version, unit.slug, program["kode"])
            frozen += f"{context.part}/" if context.part > 1 else ""
        title = f"{program['kode']} {program['nama']}, {unit.nama_opd} {context.year}"
        return title, frozen
    if isinstance(context, ChartContext) and page.template == "chart":
        frozen = URLS.frozen_chart(version, context.chart.path) if version else None
        return f"{context.chart.title} ({context.where})", frozen if frozen in made else None
    if isinstance(context, PlaceContext):
        frozen = URLS.frozen_place(version, context.place.slug) if version else None
        title = f"{context.place.name}: kegiatan perangkat daerah {context.year}"
        return title, frozen if frozen in made else None
    if isinstance(context, CatalogContext) and context.dataset is not None:
        frozen_file = f"{rel.DOWNLOADS}/{context.dataset['name']}.csv"
        frozen = (
            URLS.release_file(version, frozen_file) if version and frozen_file in files else None
        )
        return str(context.dataset["title"]), frozen
    return None


# BibTeX counts braces even after a backslash: they, the backslash and the
# characters LaTeX reads as commands are written as commands of their own.
_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_",
    "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}  # fmt: skip


def _bibtex_text(text: str) -> str:
    """A value inside BibTeX braces: special characters as LaTeX commands, no
    direction controls, one line."""
    out = "".join(_LATEX.get(c, c) for c in without_bidi(text))
    return " ".join(out.split())


def citation(
    site: TerbukaSettings,
    edition: str,
    year: int | None,
    title: str,
    path: str,
    frozen_in: str | None,
    release_url: str | None,
) -> Citation:
    address = f"{site.site_url}/{path}" if site.site_url else path
    when = str(year) if year is not None else "t.t."
    text = (
        f"{site.author}. ({when}). {isolated(title)} [Kumpulan data]. {site.site_name}, {edition}. "
        f"Diakses {ACCESS}, dari {address}"
    )
    key = "terbuka-" + (re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "beranda")
    fields = {
        "author": "{" + _bibtex_text(site.author) + "}",
        "title": _bibtex_text(title),
        "year": when,
        "publisher": _bibtex_text(site.site_name or "Terbuka"),
        "howpublished": "\\url{" + address.replace("}", "%7D") + "}",
        "note": _bibtex_text(f"{edition}. Diakses {ACCESS}"),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return Citation(text, f"@misc{{{key},\n{body}\n}}", frozen_in, release_url)


def cite_pages(
    pages: list[Page], site: TerbukaSettings, edition: str, releases: ReleaseSite
) -> list[Page]:
    """``pages`` with a citation on every unit, program, chart, place and dataset
    page, and on the frozen copies in releases."""
    latest = releases.latest
    version = latest.release.version if releases.current_is_released and latest else None
    year = latest.release.date.year if version and latest else None
    if year is None and site.data_date is not None:
        year = site.data_date.year
    files = latest.release.files if latest else {}
    out = []
    made = {page.url for page in pages}
    for page in pages:
        subject = _subject(page, version, files, made)
        if subject is None:
            out.append(page)
            continue
        title, frozen = subject
        # A unit's latest year is also at its own address; the year's is the one that stays.
        path = page.url
        if isinstance(page.context, UnitContext) and page.context.year is not None:
            path = URLS.unit(page.context.unit.slug, page.context.year)
        own: Frozen | None = getattr(page.context, "frozen", None)
        if own is not None:  # a frozen copy cites itself, with its own release's edition
            found = citation(
                site, rel.edition_of(own.version, own.date), own.date.year, title, page.url,
                own.version, own.url,
            )  # fmt: skip
        else:
            found = citation(
                site, edition, year, title, frozen or path, version if frozen else None,
                URLS.release(latest.release.version) if latest else None,
            )  # fmt: skip
        out.append(replace(page, context=replace(page.context, citation=found)))
    return out
