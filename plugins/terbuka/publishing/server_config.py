"""``make server-config``: an nginx ``server`` block and an Apache
``VirtualHost`` that serve the published site as ``terbuka serve`` does,
from the same values (``core.serving``, ``core.embed``): the document root
is the ``aktif`` link a publish switches, so each request reads one whole
tree. Both are tested against Debian's nginx and Apache in the suite
(``tests/test_servers.py``). TLS is the server's own business (certbot adds
it to either file)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from terbuka.core import embed, serving
from terbuka.core.embed import EMBED_FOLDER

HEAD = "# Dibuat oleh 'make server-config' dari pengaturan situs; buat ulang, jangan disunting."
_HOST = re.compile(r"[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?")
_HIDDEN = r"/\."  # a hidden file or folder anywhere in the path
_HASHED = "^/pagefind/(" + "|".join(p.split("/")[2] for p in serving.HASHED) + ")/"


def server_name(site_url: str) -> str:
    """The host the site is published at (``SITEURL``), or ``_`` (any) without one:
    a plain host name, since it is written into the configuration as it is."""
    host = urlsplit(site_url).hostname if site_url else None
    if host and _HOST.fullmatch(host) is None:
        raise ValueError(f"SITEURL {site_url!r} tidak memuat nama host yang wajar")
    return host or "_"


def _quoted(value: str) -> str:
    if '"' in value or "\\" in value or "\n" in value:
        raise ValueError(f"nilai tidak aman untuk konfigurasi server: {value!r}")
    return f'"{value}"'


def _nginx_headers(policy: str, cache: str) -> list[str]:
    # A location that sets any header inherits none: each one says them all.
    values = {"Content-Security-Policy": policy, "Cache-Control": cache, **serving.HEADERS}
    return [f"        add_header {name} {_quoted(v)} always;" for name, v in values.items()]


def _nginx_location(match: str, policy: str, cache: str, extra: str = "") -> list[str]:
    lines = [f"    location {match} {{"]
    lines += [f"        {extra}"] if extra else []
    return [*lines, *_nginx_headers(policy, cache), "    }"]


def nginx(root: str, site_url: str, origins: tuple[str, ...]) -> str:
    """A ``server`` block for ``/etc/nginx/sites-available/`` (brotli needs
    Debian's libnginx-mod-http-brotli-filter; without it, drop the two lines)."""
    page = embed.frame_ancestors("/", origins)
    chart = embed.frame_ancestors(f"/x/{EMBED_FOLDER}/", origins)
    types = sorted(serving.TYPES.items())
    text_types = " ".join(t for t in serving.COMPRESSED if t != "text/html")
    lines = [
        HEAD,
        "server {",
        "    listen 80;",
        "    listen [::]:80;",
        f"    server_name {server_name(site_url)};",
        f"    root {_quoted(root)};  # the link a publish switches: one whole tree per request",
        "    index index.html;",
        "    absolute_redirect off;",
        "    server_tokens off;",
        "    error_page 404 /404.html;",
        "    error_page 403 =404 /404.html;  # a folder without index.html is no page",
        "    types {",
        *[f"        {t.split(';')[0]} {ext};" for ext, t in types],
        "    }",
        f"    default_type {serving.OTHER};",
        "    charset utf-8;",
        f"    charset_types {text_types};",
        "    gzip on;",
        "    gzip_vary on;",
        f"    gzip_types {text_types};",
        "    brotli on;",
        f"    brotli_types {text_types};",
        *_nginx_location("/", page, serving.CHECK, "try_files $uri $uri/ =404;"),
        f"    location ~ {_HIDDEN} {{",
        "        return 404;",
        "    }",
        *_nginx_location(f"~ {_HASHED}", page, serving.KEEP),
        *_nginx_location(r"~* \.svg$", embed.policy("/x.svg", origins), serving.CHECK),
        # Framing from other sites only for a chart-only page the build made:
        # a path that merely ends in /sematkan/ gets the 404 page's policy.
        *_nginx_location(
            rf"~ /{EMBED_FOLDER}/(index\.html)?$",
            chart,
            serving.CHECK,
            "try_files $uri $uri/index.html =404;",
        ),
        "}",
    ]
    return "\n".join(lines) + "\n"


def apache(root: str, site_url: str) -> str:
    """A ``VirtualHost`` for ``/etc/apache2/sites-available/`` (a2enmod headers
    brotli deflate rewrite). The framing policy comes from the ``.htaccess`` files the
    build writes beside the pages, which ``AllowOverride FileInfo`` lets apply."""
    types = sorted(serving.TYPES.items())
    text = [ext for ext, t in types if t.endswith(serving.TEXT)]
    compressed = " ".join(serving.COMPRESSED)
    name = server_name(site_url)
    lines = [
        HEAD,
        "<VirtualHost *:80>",
        *([f"    ServerName {name}"] if name != "_" else []),
        f"    DocumentRoot {_quoted(root)}",
        f"    <Directory {_quoted(root)}>",
        "        Options FollowSymLinks",
        "        AllowOverride FileInfo",
        "        Require all granted",
        "        <IfModule mod_rewrite.c>",
        "            # a folder without index.html is no page: 404, as nginx and terbuka serve",
        "            RewriteEngine On",
        "            RewriteCond %{REQUEST_FILENAME} -d",
        "            RewriteCond %{REQUEST_FILENAME}/index.html !-f",
        "            RewriteRule ^ - [R=404]",
        "        </IfModule>",
        "    </Directory>",
        "    DirectoryIndex index.html",
        "    ErrorDocument 404 /404.html",
        f'    RedirectMatch 404 "{_HIDDEN}"',
        "    ServerSignature Off",
        *[f"    AddType {t.split(';')[0]} .{ext}" for ext, t in types],
        f"    AddCharset utf-8 {' '.join('.' + ext for ext in text)}",
        # Pagefind's parts, SHA256SUMS and the like: as nginx and terbuka serve say
        f"    AddType {serving.OTHER} {' '.join('.' + e for e in serving.PAGEFIND_PARTS)}",
        '    <FilesMatch "^[^.]+$">',
        f"        ForceType {serving.OTHER}",
        "    </FilesMatch>",
        f"    Header always set Cache-Control {_quoted(serving.CHECK)}",
        *[f"    Header always set {n} {_quoted(v)}" for n, v in serving.HEADERS.items()],
        f'    <LocationMatch "{_HASHED}">',
        f"        Header always set Cache-Control {_quoted(serving.KEEP)}",
        "    </LocationMatch>",
        "    <IfModule mod_brotli.c>",
        f"        AddOutputFilterByType BROTLI_COMPRESS {compressed}",
        "    </IfModule>",
        "    <IfModule mod_deflate.c>",
        f"        AddOutputFilterByType DEFLATE {compressed}",
        "    </IfModule>",
        "</VirtualHost>",
    ]
    return "\n".join(lines) + "\n"
