"""Seconds per stage of one build, for ``make bench``: where the time goes
(load, validate, pages, charts, downloads, search, write), so that a
regression shows where it happened. Written only when ``BENCH_STAGES_FILE``
names a file; a build without it pays one clock read per stage."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENVIRONMENT = "BENCH_STAGES_FILE"
NAMES = ("load", "validate", "pages", "charts", "downloads", "search", "write")
_seconds: dict[str, float] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time a block as part of stage ``name`` (stages add up across blocks)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        _seconds[name] = _seconds.get(name, 0.0) + time.perf_counter() - started


def save(total: float) -> None:
    """The stages of this process's build, and the rest (Pelican's own work)."""
    target = os.environ.get(ENVIRONMENT)
    if not target:
        return
    found = {name: round(_seconds.get(name, 0.0), 2) for name in NAMES}
    found["pelican_other"] = round(max(0.0, total - sum(_seconds.values())), 2)
    found["total"] = round(total, 2)
    Path(target).write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
