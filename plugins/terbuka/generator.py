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

from terbuka.core import embed, live
from terbuka.core.cache import CacheStore
from terbuka.core.fingerprint import code_digest, tree_digest
from terbuka.core.live import LiveTree
from terbuka.core.problems import TerbukaError
from terbuka.core.published import Published
from terbuka.core.settings import from_pelican
from terbuka.core.stages import stage
from terbuka.core.terms import UNMARKED, explain_terms
from terbuka.core.urls import URLS, url
from terbuka.core.writes import Gate, write_whole
from terbuka.model.load import load_cached
from terbuka.model.model import COUNTING_RULE
from terbuka.outputs import charts, content_check, look, opendata
from terbuka.outputs.downloads import json_bytes
from terbuka.outputs.page_cache import PageCache
from terbuka.pages import (
    Page,
    catalog_pages,
    chart_pages,
    redirect_page,
    release_feed,
    release_site,
    site_pages,
)
from terbuka.pages.citations import cite_pages
from terbuka.pages.contexts import ExplorerContext, PageContext
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


# What each build wrote through its Published collection, by output folder: the
# site's digest list (made once Pelican and the search index are done) is
# made from it, and names a file that no road wrote.
WRITTEN: dict[Path, dict[str, str]] = {}
# The live site each build links its unchanged files from (the search index
# is committed after the generator, in the plugin's last hook).
LIVE: dict[Path, LiveTree] = {}
# What each build made again, by output folder: the pages it rendered, the
# charts it drew and the data files it made (the cache lacked them), and the
# files it wrote rather than linked from the live site. ``terbuka build``
# says the counts and keeps the lists with its record of the site.
MADE: dict[Path, dict[str, list[str]]] = {}

# What a page written early by make devserver says, until the build replaces it.
PREVIEW_NOTICE = (
    b'<div class="banner-contoh" role="status"><strong>Pratinjau.</strong> Halaman ini '
    b"sudah memakai data baru; grafik, unduhan dan pencarian sedang dibuat ulang. Muat "
    b"ulang sebentar lagi.</div>\n"
)

# Settings that name this build's temporary folder, not anything a page shows.
VOLATILE_SETTINGS = ("OUTPUT_PATH", "TERBUKA_LIVE_OUTPUT", "TERBUKA_PREVIEW")
# What this generator adds to the context every page receives.
SHARED_CONTEXT = (
    "terbuka", "has_logo", "latest_year", "edition", "counting_rule", "default_og_image",
)  # fmt: skip


class TerbukaGenerator(Generator):
    page_cache: PageCache | None = None
    tree: LiveTree | None = None  # the live site this build is swapped in over

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
        self.rendered: list[str] = []  # pages the page cache lacked
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
            self.charts = list({c.path: c for page in self.pages for c in page.charts}.values())
            self.drawing = charts.Drawing(self.charts, self.store)
            self.pool = charts.pool_for(len(self.drawing.pending), len(model.current))
            self.drawing.start(self.pool)
        edition = self.releases.edition(self.terbuka.data_date)
        self.edition = edition
        self.pages = cite_pages(self.pages, self.terbuka, edition, self.releases)
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
        # Pelican's own pages share base.html: they get its fields too, empty.
        self.context.update({"og_image": None, **PageContext().variables()})
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
        return [redirect_page(old, new) for old, new in found.items()]

    def generate_output(self, writer: Writer) -> None:  # noqa: ARG002 (see _render_pages)
        """Every file of the data site, from its output families, committed at once."""
        output = Path(self.output_path)
        site = Published()
        self.tree = self._live_tree()
        # The site's pages first: this process renders while the pool makes the files.
        with stage("pages"):
            rendered = self._render_pages(self.pages)
            if self.terbuka.preview:
                self._preview(rendered)
            site.merge(rendered)
        with stage("downloads"):
            data = self.data_files.finish()
        later = cite_pages(
            catalog_pages(self.data_files.catalog, self.terbuka),
            self.terbuka,
            self.edition,
            self.releases,
        )
        self.pages += later
        try:
            found = self._redirects()
        except redirects.RedirectError as exc:
            # Said plainly here: Pelican's log would wrap and decorate it.
            print(f"KESALAHAN: {exc}", file=sys.stderr)
            raise
        self.pages += found
        with stage("pages"):
            site.merge(self._render_pages(later + found))
        with stage("charts"):
            try:
                site.merge(self.drawing.finish())
            finally:
                if self.pool is not None:
                    self.pool.shutdown()
        with stage("downloads"):
            data.merge(self.releases.published(self.store, data))
            # What /rilis/cek/ finds a downloaded file by: every data and release file.
            data.add(URLS.file_check_index(), json_bytes(file_index(data.digests())))
            site.merge(data)
        site.merge(self.look.finish())
        site.merge(self._extras())
        with stage("write"):
            WRITTEN[output.resolve()] = site.commit(output, self.tree)
            if self.tree is not None:
                LIVE[output.resolve()] = self.tree
        MADE[output.resolve()] = {
            "halaman": sorted(self.rendered),
            "grafik": self.drawing.drawn,
            "data": self.data_files.made,
            "ditulis": site.written,
        }
        if self.page_cache is not None:
            self.page_cache.prune()

    def _preview(self, rendered: Published) -> None:
        """``make devserver``: each page whose bytes changed goes into the
        served site at once (a new file renamed into place), marked as a
        preview; the whole build replaces it moments later."""
        tree = self.tree
        if tree is None:
            return
        gate = Gate(tree.root)
        for path in rendered.files:
            if path.endswith(".html") and tree.files.get(path, ("",))[0] != rendered.digest(path):
                marked = rendered.read(path).replace(b"<body>\n", b"<body>\n" + PREVIEW_NOTICE, 1)
                write_whole(gate.writable(path), marked)

    def _live_tree(self) -> LiveTree | None:
        """The live site ``terbuka build`` swaps this build in over, as its
        build recorded it: its unchanged files are linked, not written."""
        folder = self.settings.get("TERBUKA_LIVE_OUTPUT")
        found = live.load(self.store, Path(folder)) if folder else None
        if found is None:
            return None
        # Pelican copies the static files and the theme's last, into a file in place.
        static = {str(s.save_as) for s in self.context.get("staticfiles", [])}
        return found.without(static, self.settings.get("THEME_STATIC_DIR", "theme"))

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

    def _render_pages(self, pages: list[Page]) -> Published:
        """Each page from the page cache when nothing it is made from changed,
        else rendered as Pelican's writer would. Pelican's ``Writer.write_file``
        renders and writes in one step to a path of its own; here a page is
        rendered to bytes, kept in the page cache, and written with every other
        file through one ``Published`` collection, so the writer is not used."""
        output = Path(self.output_path)
        if self.page_cache is None:
            self.page_cache = PageCache(self.store, self._shared_digest())
        relative = self.settings.get("RELATIVE_URLS", False)
        news = self._news()
        out = Published()
        gate = Gate(output)
        for page in pages:
            gate.path(page.save_as)  # the gate says why before anything is rendered
            own = {
                "page_url": page.url,
                "og_image": shared_image(page.charts[0] if page.charts else None),
                **page.context.variables(),
            }
            key = self.page_cache.key(page.template, page.save_as, own)
            # Kept, and the live site holds it: linked from there, the kept copy unread.
            digest = self.page_cache.claimed(key) if self.tree is not None else None
            twin = self.tree.twin(page.save_as, digest) if self.tree and digest else None
            if twin is not None:
                out.add(page.save_as, twin, digest)
                continue
            kept = self.page_cache.get(key)
            if kept is None:
                self.rendered.append(page.save_as)
                html = self._render(page, {"news": news, **own}, relative)
                if key is None:  # a context that cannot be keyed: held, not kept
                    out.add(page.save_as, html)
                    continue
                kept = self.page_cache.put(key, html)
            out.add(page.save_as, *kept)
        return out

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
        text = self.get_template(page.template).render(local)
        if page.template not in UNMARKED:  # each term explained where the page first uses it
            text = explain_terms(text, url(local, URLS.glossary()))
        return text.encode("utf-8")

    def _extras(self) -> Published:
        """The quality report, pages' own files, the release feed, the sitemap,
        robots.txt and the .htaccess files."""
        out = Published()
        out.add(URLS.quality_report(), self.loaded.report.json_bytes())
        for page in self.pages:
            context = page.context
            for path, data in context.files.items():  # a page's own download
                out.add(path, data)
            if isinstance(context, ExplorerContext) and context.data is not None:
                out.add(context.data_url, json_bytes(context.data))
        if self.releases.views:
            out.add(URLS.releases_feed(), release_feed(self.releases, self.terbuka))
        out.add("sitemap.xml", self._sitemap())
        site = self.terbuka.site_url
        robots = f"User-agent: *\nAllow: /\nSitemap: {site}/sitemap.xml\n"
        out.add("robots.txt", robots.encode("utf-8"))
        origins = self.terbuka.embed_origins
        out.add(".htaccess", embed.htaccess(origins))
        for page in self.pages:
            if origins and embed.is_embed(page.save_as):  # only folders the build made
                folder = page.save_as.rsplit("/", 1)[0]
                out.add(f"{folder}/.htaccess", embed.embed_htaccess(origins))
        return out

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
                if p.template not in ("redirect", "not_found") and p.canonical == p.url
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
