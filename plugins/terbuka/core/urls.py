"""Every address of the site, in one place, and the check that keeps values
from the exports from becoming paths outside it.

``URLS`` builds each site-relative path (``opd/diskominfo/2026/``) from
stable keys. Python modules, templates (as the global ``urls``) and the
explorer's JSON all take their paths from it, so the URL scheme is written
once. Every key that comes from a file passes ``segment``: one path
component of letters, digits, dots, ``-`` and ``_``, never ``.`` or ``..``,
never longer than ``MAX_SEGMENT`` bytes. Validation stops such values first;
this check holds even when it did not.
"""

from __future__ import annotations

import re

from jinja2 import pass_context
from jinja2.runtime import Context

from terbuka.core.embed import EMBED_FOLDER
from terbuka.core.problems import TerbukaError

MAX_SEGMENT = 100  # bytes; a file name may hold 255, and files add a suffix
_SEGMENT = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z._-]*[0-9A-Za-z])?")


class UnsafePathError(TerbukaError, ValueError):
    """A value that would not be one safe path component."""


def segment(value: str | int) -> str:
    """``value`` as one path component, or ``UnsafePathError``."""
    text = str(value)
    if not _SEGMENT.fullmatch(text) or ".." in text or len(text.encode("utf-8")) > MAX_SEGMENT:
        shown = printable(text if len(text) <= 60 else text[:60] + "…")
        raise UnsafePathError(
            f"'{shown}' tidak boleh menjadi bagian alamat situs: hanya huruf, angka, titik, "
            f"'-' dan '_', tanpa '..', paling panjang {MAX_SEGMENT} karakter"
        )
    return text


def printable(text: str) -> str:
    """``text`` with invisible characters written as ``\\u0000``, for messages."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _join(*parts: str | int) -> str:
    """Folder path ``a/b/c/`` from checked components."""
    return "".join(f"{segment(p)}/" for p in parts)


class Urls:
    """Site-relative paths; folders end in ``/``, the home page is ``""``."""

    def home(self) -> str:
        return ""

    def city_year(self, year: int) -> str:
        """The city's page of one year (the home page shows the latest)."""
        return _join("tahun", str(int(year)))

    def units_year(self, year: int) -> str:
        return self.city_year(year) + "opd/"

    def places_year(self, year: int) -> str:
        return self.city_year(year) + "wilayah/"

    # Units and programs
    def units(self) -> str:
        return "opd/"

    def unit(self, slug: str, year: int | str | None = None) -> str:
        return _join("opd", slug) + (_join(year) if year is not None else "")

    def program(self, slug: str, year: int, code: str, part: int = 1) -> str:
        """A program's page; ``part`` 2, 3, ... of a long one at ``<program>/2/``."""
        return self.unit(slug, year) + _join(code) + (_join(part) if part > 1 else "")

    def unit_file(self, slug: str, year: int | str, name: str) -> str:
        return self.unit(slug, year) + segment(name)

    def program_file(self, slug: str, year: int, code: str, name: str) -> str:
        return self.program(slug, year, code) + segment(name)

    def unit_summary(self, fmt: str) -> str:
        return f"opd/ringkasan.{segment(fmt)}"

    def city_chart(self, name: str) -> str:
        """A chart of the whole city (``grafik/<name>``, without suffix)."""
        return "grafik/" + segment(name)

    def chart(self, folder: str, name: str) -> str:
        """A chart's path without suffix (``.svg``, ``.png`` and ``.csv`` follow)."""
        return folder + segment(name)

    def chart_page(self, chart_path: str) -> str:
        """The chart's own page, beside its files: ``grafik/tren/``."""
        return chart_path + "/"

    def chart_embed(self, chart_path: str) -> str:
        """The chart alone, for an iframe: ``grafik/tren/sematkan/``."""
        return chart_path + "/" + EMBED_FOLDER + "/"

    # SPBE
    def spbe(self, year: int | None = None) -> str:
        return "spbe/" + (_join(year) if year is not None else "")

    def spbe_file(self, year: int, name: str) -> str:
        return self.spbe(year) + segment(name)

    # Activities of a year
    def explorer(self, year: int, page: int = 1) -> str:
        return _join("kegiatan", year) + (_join(page) if page > 1 else "")

    def places(self) -> str:
        return "wilayah/"

    def place(self, slug: str) -> str:
        return _join("wilayah", slug)

    def place_file(self, slug: str, name: str) -> str:
        """A place's own download: ``wilayah/kecamatan-taman/kegiatan.csv``."""
        return self.place(slug) + segment(name)

    def explorer_index(self) -> str:
        return _join("kegiatan")

    def explorer_data(self, year: int) -> str:
        return _join("kegiatan", year) + "data.json"

    # Open data
    def catalog(self) -> str:
        return "data/"

    def dictionary(self) -> str:
        return "data/kamus/"

    def api_page(self) -> str:
        return "data/api/"

    def dataset(self, name: str) -> str:
        return _join("data", name)

    def data_file(self, name: str) -> str:
        return "data/" + segment(name)

    def api_index(self) -> str:
        return "api/v1/"

    def api(self, name: str) -> str:
        return self.api_index() + segment(name)

    def api_unit(self, slug: str) -> str:
        return "api/v1/opd/" + segment(f"{segment(slug)}.json")

    # Releases
    def releases(self) -> str:
        return "rilis/"

    def releases_feed(self) -> str:
        return "rilis/atom.xml"

    def release_chain(self) -> str:
        """Every release's manifest hash and the chain's head: the public anchor."""
        return "rilis/rantai.json"

    def public_key(self) -> str:
        return "rilis/kunci-publik.pub"

    def file_check(self) -> str:
        return "rilis/cek/"

    def file_check_index(self) -> str:
        return "rilis/cek/sidik.json"

    def release(self, version: str) -> str:
        return _join("rilis", version)

    def release_file(self, version: str, name: str) -> str:
        """A file of a release, by its path inside the release (``data/opd.csv``)."""
        return self.release(version) + "/".join(segment(p) for p in name.split("/"))

    def release_data(self, version: str, filename: str) -> str:
        """A data file of a release, by its file name (``kegiatan.csv``, ``SHA256SUMS``)."""
        return self.release(version) + "data/" + segment(filename)

    def frozen_unit(self, version: str, slug: str) -> str:
        return self.release(version) + _join("opd", slug)

    def frozen_program(self, version: str, slug: str, code: str) -> str:
        return self.frozen_unit(version, slug) + segment(code) + "/"

    def frozen_place(self, version: str, slug: str) -> str:
        return self.release(version) + self.place(slug)

    def frozen_chart(self, version: str, chart_path: str) -> str:
        """A chart's numbers as a release froze them: ``rilis/v1/grafik/tren/``."""
        return self.release(version) + self.chart_page(chart_path)

    def frozen_chart_data(self, version: str, chart_path: str) -> str:
        return self.release(version) + chart_path + ".csv"

    # Other pages
    def quality(self) -> str:
        return "kualitas-data/"

    def quality_report(self) -> str:
        return "kualitas-data/laporan.json"

    def search(self) -> str:
        return "cari/"

    def search_words(self) -> str:
        return "cari/sinonim.json"

    def glossary(self) -> str:
        return "istilah/"

    def not_found(self) -> str:
        return "404/"

    def page(self, slug: str) -> str:
        """A content page (``tentang/``) or a section (``berita/``)."""
        return _join(slug)

    def anchor(self, kind: str, code: str) -> str:
        """The id of a program (``p``), kegiatan (``k``) or sub kegiatan (``s``) on its
        unit's page: ``s-1.01.02.2.01.0001``, for links that land on the row."""
        return f"{kind}-{segment(code)}"

    def city_asset(self, name: str) -> str:
        """The city's logo, favicon and colours (``kota/logo.svg``), made from the settings."""
        return _join("kota") + segment(name)

    def static(self, name: str) -> str:
        return "theme/" + "/".join(segment(p) for p in name.split("/"))


URLS = Urls()


def normalise(path: str) -> str:
    """``/opd/lama`` -> ``opd/lama/``: site-relative, with a trailing slash,
    each component checked (redirect addresses are typed by hand)."""
    parts = [p for p in path.strip().split("/") if p]
    return _join(*parts)


@pass_context
def url(context: Context, path: str) -> str:
    """The link to a site path such as ``opd/diskominfo/``.

    Pelican gives each page its own relative ``SITEURL`` when
    ``RELATIVE_URLS`` is on. With ``TERBUKA_LINK_INDEX_HTML`` (the preview
    settings) folder links end in ``index.html`` so that the site also works
    opened straight from disk.
    """
    settings = context.get("terbuka")
    if settings is not None and settings.link_index_html and (path == "" or path.endswith("/")):
        path += "index.html"
    base = context.get("SITEURL") or ""
    if context.get("root_links") and not base.startswith(("http://", "https://")):
        base = ""  # pages served at any depth (404): links from the site's root
    return f"{base}/{path}" if base else f"/{path}"
