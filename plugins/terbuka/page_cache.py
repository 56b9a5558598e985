"""Rendered pages kept across builds, so that a rebuild renders again only
the pages whose content changed (one unit's pages and the city's, after a
one-row fix), and every other page keeps its exact bytes.

A page's key is the SHA-256 of everything it is rendered from: the
``shared`` digest of the build (code, templates, content, settings, and the
values every page receives), then the page's template, file name and its own
context, pickled. Pickle walks the whole object graph, so a value anywhere
in a page's context reaches its key; a context pickle cannot serialise (or
serialises differently from build to build, such as a set of strings) only
misses the cache; it is never served stale. The cache holds at most a few
builds' worth of pages: ``prune`` removes what this build did not use once
it grows past that.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path
from typing import Any

from .writes import write_whole

KEPT_BUILDS = 3  # pages of this many builds stay before unused ones are removed


class PageCache:
    def __init__(self, folder: Path, shared: str) -> None:
        self.folder = folder
        self.shared = shared.encode("ascii")
        self.used: set[str] = set()
        folder.mkdir(parents=True, exist_ok=True)

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

    def get(self, key: str | None) -> bytes | None:
        if key is None:
            return None
        self.used.add(key)
        path = self.folder / f"{key}.html"
        return path.read_bytes() if path.is_file() else None

    def put(self, key: str | None, data: bytes) -> None:
        if key is not None:
            self.used.add(key)
            write_whole(self.folder / f"{key}.html", data)

    def prune(self) -> None:
        """Remove the pages this build did not use, once the cache holds
        more than ``KEPT_BUILDS`` builds' worth (a preview and a publish build
        of the same data keep each other's pages)."""
        stored = list(self.folder.glob("*.html"))
        if len(stored) <= KEPT_BUILDS * max(len(self.used), 1):
            return
        for path in stored:
            if path.stem not in self.used:
                path.unlink()
