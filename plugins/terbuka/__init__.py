"""Terbuka: turns a city's CSV exports into a public transparency site.

The code stands in layers, each a package that imports only the ones below
it (``tests/test_layers.py`` holds this): ``core`` -> ``inputs`` ->
``checks`` -> ``model`` -> ``publishing`` -> ``outputs`` -> ``pages``, and at
the top this package's ``generator`` (hands the pages to Pelican) and
``cli`` (what ``make`` calls). An export flows up the same way: read, checked,
modelled, drawn and written, paged. docs/architecture.md has the map.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from feedgenerator import SyndicationFeed
from pelican import Pelican, signals

from terbuka.core.cache import sha256_file
from terbuka.core.formatting import JINJA_FILTERS, isolate_bidi
from terbuka.core.problems import TerbukaError
from terbuka.core.stages import stage
from terbuka.core.urls import URLS, url
from terbuka.core.writes import write_bytes
from terbuka.generator import TerbukaGenerator
from terbuka.outputs.downloads import checksum_lines, kind_word
from terbuka.outputs.search import index_search


def _configure(pelican: Pelican) -> None:
    settings = pelican.settings
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        **JINJA_FILTERS,
        "url": url,
        "kind_word": kind_word,
    }
    # Templates take every address from the one URL builder.
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "urls": URLS}
    # The data is untrusted text: escape everything, whatever the settings say.
    # Bidirectional controls in a value are isolated wherever it is printed.
    settings["JINJA_ENVIRONMENT"] = {
        **settings.get("JINJA_ENVIRONMENT", {}),
        "autoescape": True,
        "finalize": isolate_bidi,
    }


def _generators(_pelican: Pelican) -> type[TerbukaGenerator]:
    return TerbukaGenerator


class SearchIndexError(TerbukaError):
    pass


def _plain_errors(record: logging.LogRecord) -> bool:
    """Pelican logs any exception that ends a run with its traceback; ours
    explain themselves, so they are logged as their message alone."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, TerbukaError):
        record.exc_info, record.msg, record.args = None, "%s", (str(error),)
    return True


def _index(pelican: Pelican) -> None:
    """The search index, once every page is written (as pelican-search does),
    so that a plain ``pelican`` run makes the whole site."""
    with stage("search"):
        code = index_search(Path(pelican.output_path))
    if code != 0:
        raise SearchIndexError("indeks pencarian gagal dibuat")
    with stage("write"):
        write_site_digests(Path(pelican.output_path))


SITE_DIGESTS = "sidik-situs.txt"  # sha256sum -c input for every file of the site


def write_site_digests(output: Path) -> None:
    """The SHA-256 of every file the build wrote (pages, charts, data, search
    index, .htaccess), written last: ``sha256sum -c sidik-situs.txt`` at the
    site's root checks a copy of the whole site, byte for byte."""
    digests = {
        path.relative_to(output).as_posix(): sha256_file(path)
        for path in sorted(output.rglob("*"))
        if path.is_file() and not path.is_symlink() and path.name != SITE_DIGESTS
    }
    write_bytes(output, SITE_DIGESTS, checksum_lines(digests))


def _feed_language(context: dict[str, Any], feed: SyndicationFeed) -> None:
    """Pelican's own feeds carry no language; readers and validators want xml:lang."""
    feed.feed["language"] = context.get("DEFAULT_LANG") or "id"


def register() -> None:
    logging.getLogger("pelican").addFilter(_plain_errors)
    signals.initialized.connect(_configure)
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_index)
    signals.feed_generated.connect(_feed_language)
