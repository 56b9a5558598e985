"""The Pelican generator: loads the data in ``generate_context`` and writes
the data pages in ``generate_output`` (never earlier: Pelican may clean the
output folder after generators are constructed)."""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import Writer

from terbuka.core import embed
from terbuka.core.cache import CacheStore
from terbuka.core.fingerprint import code_digest, tree_digest
from terbuka.core.problems import TerbukaError
from terbuka.core.settings import from_pelican
from terbuka.core.stages import stage
from terbuka.core.urls import URLS
from terbuka.core.writes import copy_checked, inside, write_bytes
from terbuka.model.load import load_cached
from terbuka.model.model import COUNTING_RULE
from terbuka.outputs import charts, content_check, look, opendata
from terbuka.outputs.downloads import csv_bytes, json_bytes
from terbuka.outputs.page_cache import PageCache
from terbuka.pages import Page, catalog_pages, chart_pages, release_feed, release_site, site_pages
from terbuka.publishing import redirects
from terbuka.publishing.anchor import file_index
from terbuka.publishing.releases import ReleaseError


def shared_image(chart: charts.Chart | None) -> dict[str, str] | None:
    """What a link preview shows (og:image): a chart's PNG and its description."""
    return {"path": f"{chart.path}.png", "alt": chart.alt} if chart is not None else None


def site_image(chart: charts.Chart | None) -> dict[str, str] | None:
    """What a page without a chart of its own shares: the city's first chart,
    described by its title. Its figures are left to its own page, so that a
    changed figure does not change the bytes of every page of the site."""
    return {"path": f"{chart.path}.png", "alt": f"Grafik: {chart.title}"} if chart else None


class DataError(TerbukaError):
    """The exports have errors; the report lists them."""

    exitcode = 1


# Settings that name this build's temporary folder, not anything a page shows.
VOLATILE_SETTINGS = ("OUTPUT_PATH",)
# What this generator adds to the context every page receives.
SHARED_CONTEXT = (
    "terbuka", "has_logo", "latest_year", "edition", "counting_rule", "default_og_image",
)  # fmt: skip


class TerbukaGenerator(Generator):
    page_cache: PageCache | None = None

    def generate_context(self) -> None:
        self.terbuka = from_pelican(self.settings)
        for warning in content_check.scan(Path(self.settings["PATH"])):
            # Said plainly on stderr: Pelican's --fatal warnings would stop the build.
            print(f"PERINGATAN: {warning}", file=sys.stderr)
        datadir = self.terbuka.datadir
        self.loaded = load_cached(datadir, self.terbuka.cache_dir)
        report = self.loaded.report
        if self.loaded.model is None:
            raise DataError(
                f"data di {datadir} punya {len(report.errors)} kesalahan; "
                "jalankan 'make check-data' untuk daftar lengkapnya"
            )
        model = self.loaded.model
        if not self.terbuka.region and len(self.loaded.regions) == 1:
            # No region in the settings: the one the per-unit reports name.
            self.terbuka = replace(self.terbuka, region=self.loaded.regions[0])
        self.store = CacheStore(self.terbuka.cache_dir)
        with stage("pages"):
            try:
                self.releases = release_site(self.terbuka.releases_dir, datadir, model)
            except ReleaseError as exc:
                print(f"KESALAHAN rilis: {exc}", file=sys.stderr)
                raise
            self.pages: list[Page] = site_pages(model, report, self.releases)
            self.pages += chart_pages(self.pages, self.terbuka)
        # Charts first into the worker pool, then the downloads behind them:
        # both cores stay busy while this process waits.
        with stage("charts"):
            self.pool = charts.worker_pool()
            self.charts = list({c.path: c for page in self.pages for c in page.charts}.values())
            self.drawing = charts.Drawing(self.charts, self.store, self.pool)
        edition = self.releases.edition(self.terbuka.data_date)
        with stage("downloads"):  # made in the pool while the pages are rendered
            self.data_files = opendata.start_data_files(
                model, self.terbuka, edition, self.store, self.pool
            )
        try:
            self.look = look.city_look(self.terbuka)
        except look.LookError as exc:
            print(f"KESALAHAN: {exc}", file=sys.stderr)
            raise
        # Every template, Pelican's own included, reads the typed settings.
        self.context["terbuka"] = self.terbuka
        self.context["has_logo"] = self.look.logo is not None
        self.context["latest_year"] = self.loaded.model.latest_year
        self.context["edition"] = edition  # the release label, from the chain only
        self.context["counting_rule"] = COUNTING_RULE
        # A page shared on social media shows its own first chart, else the city's.
        home = next((p for p in self.pages if p.url == URLS.home()), None)
        first = home.charts[0] if home is not None and home.charts else None
        self.context["default_og_image"] = site_image(first)

    def _redirects(self) -> list[Page]:
        """Redirect pages from redirects.csv; no address of the previous release lost."""
        found, problems = redirects.read_redirects(self.terbuka.redirects)
        if problems:
            raise redirects.RedirectError("; ".join(str(p) for p in problems))
        pages = {p.url for p in self.pages}
        views = self.releases.views
        if self.releases.current_is_released:
            views = views[:-1]
        previous = redirects.published_urls(views[-1].model) if views else set()
        version = views[-1].release.version if views else ""
        redirects.check(found, pages, previous, version)
        return [Page(old, "redirect", {"target": new}) for old, new in found.items()]

    def generate_output(self, writer: Writer) -> None:  # noqa: ARG002 (see _write_pages)
        output = Path(self.output_path)
        # The site's pages first: this process renders while the pool makes the files.
        with stage("pages"):
            self._write_pages(self.pages)
        with stage("downloads"):
            self.published, catalog = self.data_files.finish()
        later = catalog_pages(catalog, self.terbuka)
        self.pages += later
        try:
            found = self._redirects()
        except redirects.RedirectError as exc:
            # Said plainly here: Pelican's log would wrap and decorate it.
            print(f"KESALAHAN: {exc}", file=sys.stderr)
            raise
        self.pages += found
        with stage("pages"):
            self._write_pages(later + found)
        with stage("charts"):
            self._write_charts(output)
        with stage("downloads"):
            self._write_files(output)
        self._write_extras(output)
        if self.page_cache is not None:
            self.page_cache.prune()

    def _write_charts(self, output: Path) -> None:
        try:
            drawn = self.drawing.result()
        finally:
            self.pool.shutdown()
        for chart in self.charts:
            svg, png = drawn[chart.key]
            write_bytes(output, f"{chart.path}.svg", svg)
            write_bytes(output, f"{chart.path}.png", png)
            write_bytes(output, f"{chart.path}.csv", csv_bytes(chart.columns, chart.rows))

    def _write_files(self, output: Path) -> None:
        for name, data in (
            ("logo.svg", self.look.logo),
            ("favicon.svg", self.look.favicon),
            ("warna.css", self.look.css),
        ):
            if data is not None:
                write_bytes(output, URLS.city_asset(name), data)
        published = self.published
        for path, data in self.releases.files().items():
            published.add(path, data)
        for view in self.releases.views:  # each release's own database, frozen with it
            sqlite = opendata.release_sqlite(view.model, self.store)
            published.add(URLS.release_file(view.release.version, opendata.SQLITE), sqlite)
        for path, content in published.files.items():
            if isinstance(content, bytes):
                write_bytes(output, path, content)
            else:  # a table file in the cache, copied as its checksum says
                copy_checked(output, path, content, published.digest(path))
        digests = {path: published.digest(path) for path in published.files}
        write_bytes(output, URLS.file_check_index(), json_bytes(file_index(digests)))
        if self.releases.views:
            feed = release_feed(self.releases, self.terbuka)
            write_bytes(output, URLS.releases_feed(), feed)

    def _shared_digest(self) -> str:
        """What every page is rendered from besides its own context: the code,
        the theme, the content, the settings and the build-wide values."""
        settings = sorted(
            (k, repr(v)) for k, v in self.settings.items() if k not in VOLATILE_SETTINGS
        )
        own = [(k, repr(self.context[k])) for k in SHARED_CONTEXT]
        news = [(a.url, a.title, a.date.isoformat()) for a in self._news()]
        paths = [Path(self.settings["THEME"]), Path(self.settings["PATH"])]
        text = repr((code_digest(), tree_digest(paths), settings, own, news))
        # A function's repr names its address, new in every process; the code is in code_digest.
        text = re.sub(r" at 0x[0-9a-f]+", "", text)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _news(self) -> list:
        return self.context.get("articles", [])[:3]

    def _write_pages(self, pages: list[Page]) -> None:
        """Each page from the page cache when nothing it is made from changed,
        else rendered as Pelican's writer would."""
        output = Path(self.output_path)
        if self.page_cache is None:
            self.page_cache = PageCache(self.store, self._shared_digest())
        relative = self.settings.get("RELATIVE_URLS", False)
        news = self._news()
        for page in pages:
            inside(output, page.save_as)  # the gate says why before anything is rendered
            own = {
                "page_url": page.url,
                "og_image": shared_image(page.charts[0] if page.charts else None),
                **page.context,
            }
            key = self.page_cache.key(page.template, page.save_as, own)
            html = self.page_cache.get(key)
            if html is None:
                html = self._render(page, {"news": news, **own}, relative)
                self.page_cache.put(key, html)
            write_bytes(output, page.save_as, html)

    def _render(self, page: Page, own: dict, relative: bool) -> bytes:
        """The page's HTML, with the context Pelican's ``Writer.write_file`` gives."""
        local = self.context.copy()
        local["localsiteurl"] = local.get("localsiteurl")
        if relative:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(page.save_as))
        local["output_file"] = page.save_as
        local.update(own)
        if local["localsiteurl"]:
            self.context["localsiteurl"] = local["localsiteurl"]  # as the writer does
        return self.get_template(page.template).render(local).encode("utf-8")

    def _write_extras(self, output: Path) -> None:
        """The quality report, pages' own files, the sitemap, robots.txt, .htaccess."""
        write_bytes(output, URLS.quality_report(), self.loaded.report.json_bytes())
        for page in self.pages:
            for path, data in page.context.get("files", {}).items():  # a page's own download
                write_bytes(output, path, data)
            if page.template == "explorer" and page.context["data"] is not None:
                write_bytes(output, page.context["data_url"], json_bytes(page.context["data"]))
        write_bytes(output, "sitemap.xml", self._sitemap())
        site = self.terbuka.site_url
        robots = f"User-agent: *\nAllow: /\nSitemap: {site}/sitemap.xml\n"
        write_bytes(output, "robots.txt", robots.encode("utf-8"))
        origins = self.terbuka.embed_origins
        write_bytes(output, ".htaccess", embed.htaccess(origins))
        for page in self.pages:
            if origins and embed.is_embed(page.save_as):  # only folders the build made
                folder = page.save_as.rsplit("/", 1)[0]
                write_bytes(output, f"{folder}/.htaccess", embed.embed_htaccess(origins))

    def _sitemap(self) -> bytes:
        """Every page but redirects and the 404, dated by the data."""
        site = self.terbuka.site_url
        date = self.terbuka.data_date
        lastmod = f"<lastmod>{date.isoformat()}</lastmod>" if date else ""
        # Only addresses that are their own canonical: /opd/x/ says /opd/x/2026/ is.
        urls = sorted(
            {
                p.url
                for p in self.pages
                if p.template not in ("redirect", "not_found")
                and p.context.get("canonical", p.url) == p.url
            }
        )
        urls += [URLS.page("berita")] if self.context.get("articles") else []
        urls += sorted(a.url for a in self.context.get("articles", []))
        urls += sorted(p.url for p in self.context.get("pages", []))
        body = "".join(
            f"<url><loc>{escape(site)}/{escape(quote(u))}</loc>{lastmod}</url>\n" for u in urls
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{body}</urlset>\n"
        ).encode()
