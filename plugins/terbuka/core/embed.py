"""Charts shared on other sites: who may show the chart-only pages in an
``<iframe>`` (``TERBUKA_EMBED_ORIGINS``), as the ``frame-ancestors`` header
every server must send (a ``<meta>`` policy cannot say it).

Every other page may be framed only by the site itself, against
clickjacking. The policy is written as ``.htaccess`` for Apache (the usual
host of a city's site) and sent by ``terbuka serve``; both come from
``frame_ancestors``.
"""

from __future__ import annotations

import html
import re

from terbuka.core.problems import TerbukaError

EMBED_FOLDER = "sematkan"  # /<chart>/sematkan/: the chart alone, for an iframe
ANYONE = "*"
# A host name of labels joined by single dots (never "a..b"), and a port 1-65535.
_ORIGIN = re.compile(
    r"https?://(?=.{1,253}(:|$))[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
    r"(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:(?P<port>[0-9]{1,5}))?"
)
# An SVG opened on its own is a document of the site's origin: whatever it
# holds (the logo is rebuilt from an allow-list, charts are ours) runs nothing.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


class EmbedSettingError(TerbukaError):
    pass


def check_origins(value: object) -> tuple[str, ...]:
    """``TERBUKA_EMBED_ORIGINS`` as a tuple: ``["*"]`` (any site), origins such as
    ``https://madiunkota.go.id``, or ``[]`` (no chart may be embedded). Anything else
    is refused: the value goes into a header."""
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise EmbedSettingError("TERBUKA_EMBED_ORIGINS harus daftar teks, misalnya ['*']")
    for origin in value:
        found = _ORIGIN.fullmatch(origin) if origin != ANYONE else None
        port = found.group("port") if found else None
        if origin != ANYONE and (found is None or (port is not None and not 0 < int(port) < 65536)):
            raise EmbedSettingError(
                f"TERBUKA_EMBED_ORIGINS: '{origin}' bukan asal situs; tulis '*' atau "
                "skema dan nama host saja, misalnya https://madiunkota.go.id"
            )
    return tuple(value)


def is_embed(path: str) -> bool:
    """Whether a request path is a chart-only page (``/grafik/tren/sematkan/``)."""
    parts = path.split("?", 1)[0].split("#", 1)[0].strip("/").split("/")
    if parts[-1] == "index.html":
        parts.pop()
    return len(parts) >= 2 and parts[-1] == EMBED_FOLDER


def frame_ancestors(path: str, origins: tuple[str, ...]) -> str:
    """The ``Content-Security-Policy`` header value for a request path."""
    allowed = ["'self'", *origins] if is_embed(path) and origins else ["'self'"]
    if ANYONE in allowed:
        allowed = [ANYONE]
    return "frame-ancestors " + " ".join(allowed)


def policy(path: str, origins: tuple[str, ...]) -> str:
    """Every ``Content-Security-Policy`` a server sends for a request path."""
    framing = frame_ancestors(path, origins)
    is_svg = path.split("?", 1)[0].split("#", 1)[0].lower().endswith(".svg")
    return f"{SVG_POLICY}; {framing}" if is_svg else framing


_APACHE_HEAD = [
    "# Dibuat oleh Terbuka dari TERBUKA_EMBED_ORIGINS; jangan disunting.",
    "<IfModule mod_headers.c>",
]


def htaccess(origins: tuple[str, ...]) -> bytes:
    """The same policy for Apache 2.4 (mod_headers), at the site's root. Each
    chart-only folder the build makes gets its own (``embed_htaccess``): a path
    that merely ends in /sematkan/ is framed like any other page."""
    lines = [
        *_APACHE_HEAD,
        f'Header always set Content-Security-Policy "{frame_ancestors("/", origins)}"',
    ]
    lines += [
        '<FilesMatch "\\.svg$">',
        f'Header always set Content-Security-Policy "{policy("/x.svg", origins)}"',
        "</FilesMatch>",
        "</IfModule>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def embed_htaccess(origins: tuple[str, ...]) -> bytes:
    """The policy of one chart-only folder (``<chart>/sematkan/.htaccess``)."""
    embed = frame_ancestors(f"/x/{EMBED_FOLDER}/", origins)
    lines = [*_APACHE_HEAD, f'Header always set Content-Security-Policy "{embed}"', "</IfModule>"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def snippet(address: str, title: str, width: int, height: int) -> str:
    """The HTML a reader copies to show a chart on their own page."""
    return (
        f'<iframe src="{html.escape(address)}" title="{html.escape(title)}" '
        f'width="{width}" height="{height}" loading="lazy" style="border:0;max-width:100%">'
        "</iframe>"
    )
