"""Terbuka: turns a city's CSV exports into a public transparency site.

The data flows one way through one module per step: ``read`` -> ``validate``
(+ ``rules``, ``framework``) -> ``model`` -> ``spbe`` -> ``pages`` ->
templates, with ``charts``, ``downloads``, ``opendata`` and ``api`` beside
the pages. ``load`` runs the first half, ``generator`` hands the pages to
Pelican, ``cli`` is what ``make`` calls. docs/architecture.md has the map.
"""

from __future__ import annotations

from pathlib import Path

from pelican import Pelican, signals

from .downloads import kind_word
from .formatting import JINJA_FILTERS, isolate_bidi
from .generator import TerbukaGenerator
from .search import index_search
from .urls import URLS, url


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


class SearchIndexError(Exception):
    exitcode = 1


def _index(pelican: Pelican) -> None:
    """The search index, once every page is written (as pelican-search does),
    so that a plain ``pelican`` run makes the whole site."""
    if index_search(Path(pelican.output_path)) != 0:
        raise SearchIndexError("indeks pencarian gagal dibuat")


def register() -> None:
    signals.initialized.connect(_configure)
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_index)
