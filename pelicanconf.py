"""Site settings for previews (``make html``). ``publishconf.py`` adds what
the public site needs on top of these. Every TERBUKA_* setting, its default
and meaning: plugins/terbuka/settings.py and the README."""

import os

# The project folder: relative TERBUKA_* paths are resolved from here, and
# Pelican's own paths are absolute, so that a settings file elsewhere that
# imports this one (or a build from another folder) means the same site.
TERBUKA_ROOT = os.path.dirname(os.path.abspath(__file__))

# Who publishes, and about which region.
AUTHOR = "Dinas Komunikasi dan Informatika Kota Madiun"
SITENAME = "Terbuka Kota Madiun"
SITESUBTITLE = "Program, kegiatan, anggaran dan SPBE Pemerintah Kota Madiun"
TERBUKA_REGION = "Kota Madiun"

# The exports to publish. Keep True while data/ holds the synthetic sample:
# every page then says, in a banner, that the figures are not real.
TERBUKA_DATADIR = "data"
TERBUKA_RELEASES_DIR = "rilis"
TERBUKA_REDIRECTS = "redirects.csv"
TERBUKA_SAMPLE_DATA = True
TERBUKA_DATA_DATE = "2026-10-05"  # the date of the exports, shown as "last updated"

# The city's own look: logo and tab icon (SVG files, checked before they are
# published) and accent colours (#rrggbb, dark enough for white text).
TERBUKA_LOGO = "theme/kota/logo-contoh.svg"  # a neutral sample logo; use the city's own
TERBUKA_FAVICON = "theme/kota/favicon.svg"
TERBUKA_COLOURS = {"aksen": "#0b5394", "aksen-gelap": "#073763"}

# Where readers report a wrong figure ("Laporkan masalah data").
TERBUKA_REPORT_URL = "mailto:kominfo@madiunkota.go.id?subject=Masalah%20data%20Terbuka"

# Links: relative, and ending in index.html, so that output/index.html also
# works opened straight from disk.
SITEURL = ""
RELATIVE_URLS = True
TERBUKA_LINK_INDEX_HTML = True

PATH = os.path.join(TERBUKA_ROOT, "content")
THEME = os.path.join(TERBUKA_ROOT, "theme")
PLUGIN_PATHS = [os.path.join(TERBUKA_ROOT, "plugins")]
CACHE_PATH = os.path.join(TERBUKA_ROOT, "cache")  # loaded data, charts, downloads
OUTPUT_PATH = os.path.join(TERBUKA_ROOT, "output")
PLUGINS = ["terbuka"]  # always explicit: unset, Pelican loads every installed plugin
READERS = {"rst": None}  # Markdown only (docutils has no Indonesian, and warns)
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
DEFAULT_DATE_FORMAT = "%d-%m-%Y"
# Content Security Policy of every page: nothing from other origins, no inline
# script ('wasm-unsafe-eval' lets the search index run as WebAssembly).
TERBUKA_CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'"
)
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}

# Content URLs: news under berita/, pages at the top level.
ARTICLE_URL = "berita/{slug}/"
ARTICLE_SAVE_AS = "berita/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
INDEX_SAVE_AS = "berita/index.html"  # the home page is the data's (plugin)
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = False
for _kind in ("CATEGORY", "TAG", "AUTHOR", "CATEGORIES", "TAGS", "AUTHORS", "ARCHIVES"):
    globals()[f"{_kind}_SAVE_AS"] = ""
STATIC_PATHS = ["gambar"]

# Feeds need absolute URLs: publishconf.py turns them on.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# The license of the published data, as Frictionless and schema.org expect it.
TERBUKA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Atribusi 4.0 Internasional",
    "path": "https://creativecommons.org/licenses/by/4.0/deed.id",
}
