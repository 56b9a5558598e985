"""What every server of the site answers besides the files: the same for
``terbuka serve``, nginx and Apache (``publishing.server_config`` writes
their configuration from these values, and the suite compares the three).

- each file's ``Content-Type``, from one table of the kinds the site
  publishes (text in UTF-8); anything else is ``application/octet-stream``;
- ``Cache-Control``: files whose names carry their content's hash (Pagefind's
  index) are kept for a year; everything else is checked again on every
  visit (``no-cache``: a 304 when unchanged), so a publish or a rollback
  reaches readers at once and a page never meets the old stylesheet;
- two protective headers on every answer, and the framing policy of
  ``core.embed``;
- hidden files (``.htaccess``) are never served: a 404, as for a missing page.
"""

from __future__ import annotations

TEXT = "; charset=utf-8"
TYPES = {
    "html": "text/html" + TEXT,
    "css": "text/css" + TEXT,
    "js": "text/javascript" + TEXT,
    "json": "application/json" + TEXT,
    "geojson": "application/geo+json" + TEXT,
    "csv": "text/csv" + TEXT,
    "txt": "text/plain" + TEXT,
    "pub": "text/plain" + TEXT,  # the release key, read in a browser
    "minisig": "text/plain" + TEXT,
    "xml": "application/xml" + TEXT,
    "svg": "image/svg+xml" + TEXT,
    "png": "image/png",
    "ico": "image/x-icon",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "sqlite": "application/vnd.sqlite3",
    "zip": "application/zip",
    "pagefind": "application/wasm",
    "woff2": "font/woff2",
}
OTHER = "application/octet-stream"  # Pagefind's .pf_* parts, SHA256SUMS, anything new
PAGEFIND_PARTS = ("pf_fragment", "pf_index", "pf_filter", "pf_meta")

HASHED = ("/pagefind/fragment/", "/pagefind/index/", "/pagefind/filter/")
KEEP = "public, max-age=31536000, immutable"
CHECK = "no-cache"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
COMPRESSED = sorted({t.split(";")[0] for t in TYPES.values() if t.endswith(TEXT)})


def content_type(path: str) -> str:
    name = path.split("?", 1)[0].rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return TYPES.get(extension, OTHER)


def cache_control(path: str) -> str:
    """``Cache-Control`` for a request path (``/pagefind/fragment/x.pf_fragment``)."""
    clean = "/" + path.split("?", 1)[0].lstrip("/")
    return KEEP if clean.startswith(HASHED) else CHECK


def is_hidden(path: str) -> bool:
    """Whether a request path names a hidden file or folder (``/.htaccess``)."""
    clean = path.split("?", 1)[0].split("#", 1)[0]
    return any(part.startswith(".") and part not in (".", "..") for part in clean.split("/"))
