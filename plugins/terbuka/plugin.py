"""Pelican's hooks: the settings every template needs, the data generator,
the search index once every page is written, and the site's digest list."""

from __future__ import annotations

import hashlib
import logging
import stat
import sys
from pathlib import Path
from typing import Any

from feedgenerator import SyndicationFeed
from pelican import Pelican, signals
from pelican.generators import StaticGenerator

from terbuka.core.cache import sha256_file
from terbuka.core.formatting import JINJA_FILTERS, isolate_bidi
from terbuka.core.live import files_under
from terbuka.core.problems import TerbukaError
from terbuka.core.stages import stage
from terbuka.core.urls import URLS, url
from terbuka.core.writes import write_bytes
from terbuka.generator import LIVE, MADE, WRITTEN, TerbukaGenerator
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
    # Sent at the start of every run (Pelican's autoreload runs many in one
    # process): nothing written by the last run counts for this one.
    WRITTEN.clear()
    LIVE.clear()
    MADE.clear()
    SITE_LIST.clear()
    PELICAN_WROTE.clear()
    return TerbukaGenerator


def _plain_errors(record: logging.LogRecord) -> bool:
    """Pelican logs any exception that ends a run with its traceback; ours
    explain themselves, so they are logged as their message alone."""
    error = record.exc_info[1] if record.exc_info else None
    if isinstance(error, TerbukaError):
        record.exc_info, record.msg, record.args = None, "%s", (str(error),)
    return True


def _index(pelican: Pelican) -> None:
    """The search index, once every page is written (as pelican-search does),
    so that a plain ``pelican`` run makes the whole site; then the site's
    list of digests."""
    output = Path(pelican.output_path)
    written = WRITTEN.pop(output.resolve(), {})
    with stage("search"):
        search = index_search(output)
    with stage("write"):
        written.update(search.commit(output, LIVE.pop(output.resolve(), None)))
        if output.resolve() in MADE:
            MADE[output.resolve()]["ditulis"] += search.written
        theme = Path(pelican.settings.get("THEME_STATIC_DIR", "theme"))
        SITE_LIST[output.resolve()] = write_site_digests(output, written, PELICAN_WROTE, theme)


SITE_DIGESTS = "sidik-situs.txt"  # sha256sum -c input for every file of the site
# The digest of every file of each site built in this process (its list
# included), by output folder: what ``terbuka build`` records of the tree.
SITE_LIST: dict[Path, dict[str, str]] = {}
# Files Pelican's own writers wrote in this process (its pages, feeds and the
# content's static files); the theme's static folder is Pelican's too.
PELICAN_WROTE: set[Path] = set()


def _pelican_wrote(path: str, **_: object) -> None:
    PELICAN_WROTE.add(Path(path).resolve())


def _static_copied(generator: StaticGenerator) -> None:
    for static in generator.staticfiles:
        PELICAN_WROTE.add((Path(generator.output_path) / static.save_as).resolve())


def write_site_digests(
    output: Path, written: dict[str, str], pelican: set[Path], theme: Path
) -> dict[str, str]:
    """The SHA-256 of every file the build wrote (pages, charts, data, search
    index, .htaccess, and Pelican's own pages, feeds and static files),
    written last: ``sha256sum -c sidik-situs.txt`` at the site's root checks
    a copy of the whole site, byte for byte. A file in the folder that no
    road of this build wrote (one left by an earlier run into the same
    folder) is named, and not listed. Returns every listed digest and the
    list's own."""
    digests: dict[str, str] = {}
    root = output.resolve()
    by_pelican = {p.relative_to(root).as_posix() for p in pelican if p.is_relative_to(root)}
    found = files_under(output)
    for name in sorted(found):
        if not stat.S_ISREG(found[name].st_mode) or name == SITE_DIGESTS:
            continue
        path = output / name
        if name in by_pelican or Path(name).is_relative_to(theme):
            # Pelican's static copying runs last: its file is what the site has.
            digests[name] = sha256_file(path)
            if name in written and digests[name] != written[name]:
                print(
                    f"PERINGATAN: {name} dari Pelican menggantikan file Terbuka; "
                    f"{SITE_DIGESTS} mencantumkan file dari Pelican",
                    file=sys.stderr,
                )
        elif name in written:
            digests[name] = written[name]
        else:
            print(
                f"PERINGATAN: {name} tidak ditulis oleh pembangunan ini (sisa pembangunan "
                f"sebelumnya?); file itu tidak dicantumkan di {SITE_DIGESTS}",
                file=sys.stderr,
            )
    listed = checksum_lines(digests)
    write_bytes(output, SITE_DIGESTS, listed)
    return {**digests, SITE_DIGESTS: hashlib.sha256(listed).hexdigest()}


def _feed_language(context: dict[str, Any], feed: SyndicationFeed) -> None:
    """Pelican's own feeds carry no language; readers and validators want xml:lang."""
    feed.feed["language"] = context.get("DEFAULT_LANG") or "id"


def register() -> None:
    """Connect the hooks (``terbuka.register`` calls this)."""
    logging.getLogger("pelican").addFilter(_plain_errors)
    signals.initialized.connect(_configure)
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_index)
    signals.content_written.connect(_pelican_wrote)
    signals.feed_written.connect(_pelican_wrote)
    signals.static_generator_finalized.connect(_static_copied)
    signals.feed_generated.connect(_feed_language)
