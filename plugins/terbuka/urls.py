"""Links between pages, right both on a web server and opened from disk."""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context


@pass_context
def url(context: Context, path: str) -> str:
    """The link to a site path such as ``opd/diskominfo/``.

    Pelican gives each page its own relative ``SITEURL`` when
    ``RELATIVE_URLS`` is on. With ``TERBUKA_LINK_INDEX_HTML`` (the preview
    settings) folder links end in ``index.html`` so that the site also works
    opened straight from disk.
    """
    if context.get("TERBUKA_LINK_INDEX_HTML") and (path == "" or path.endswith("/")):
        path += "index.html"
    base = context.get("SITEURL") or ""
    if context.get("root_links") and not base.startswith(("http://", "https://")):
        base = ""  # pages served at any depth (404): links from the site's root
    return f"{base}/{path}" if base else f"/{path}"
