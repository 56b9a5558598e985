"""Rendered pages kept across builds, so that a rebuild renders again only
the pages whose content changed (one unit's pages and the city's, after a
one-row fix), and every other page keeps its exact bytes.

A page's key is the SHA-256 of everything it is rendered from: the
``shared`` digest of the build (code, templates, content, settings, and the
values every page receives), then the page's template, file name and its own
context, serialised by pickle (only written, to be hashed; nothing is ever
unpickled). Pickle walks the whole object graph, so a value anywhere in a
page's context reaches its key; a context pickle cannot serialise (or
serialises differently from build to build, such as a set of strings) only
misses the cache; it is never served stale. The pages are kept in the
build's ``CacheStore`` as files with their digest beside them (checked when
used, and again as each is copied into the site); past a few
builds' worth of pages, the least recently used go.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path
from typing import Any

from terbuka.core.cache import PAGES, CacheStore

KEPT_BUILDS = 3  # pages of this many builds stay before unused ones are removed


class PageCache:
    def __init__(self, store: CacheStore, shared: str) -> None:
        self.store = store
        self.shared = shared.encode("ascii")
        self.used: set[str] = set()

    def key(self, template: str, save_as: str, context: dict[str, Any]) -> str | None:
        """The page's key, or None when its context cannot be pickled."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        # No memo: which equal strings happen to be one object differs from
        # run to run, and the memo would write that difference into the key.
        pickler.fast = True
        try:
            pickler.dump((template, save_as, context))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None
        return hashlib.sha256(self.shared + buffer.getvalue()).hexdigest()

    def get(self, key: str | None) -> tuple[Path, str] | None:
        """The kept page of ``key`` and its SHA-256, when its bytes are intact."""
        if key is None:
            return None
        self.used.add(f"{key}.html")
        return self.store.sealed_file(PAGES, f"{key}.html")

    def claimed(self, key: str | None) -> str | None:
        """The SHA-256 the kept page of ``key`` was sealed with (its bytes unread)."""
        if key is None:
            return None
        self.used.add(f"{key}.html")
        return self.store.claimed(PAGES, f"{key}.html")

    def put(self, key: str, data: bytes) -> tuple[Path, str]:
        self.used.add(f"{key}.html")
        return self.store.put_file(PAGES, f"{key}.html", data)

    def prune(self) -> None:
        """Keep ``KEPT_BUILDS`` builds' worth of pages (a preview and a publish
        build of the same data keep each other's pages), this build's always."""
        self.store.prune(PAGES, KEPT_BUILDS * max(len(self.used), 1), self.used)
