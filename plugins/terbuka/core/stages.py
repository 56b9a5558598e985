"""Seconds per stage of one build, for ``make bench``: where the time goes
(load, validate, pages, charts, downloads, search, write), so that a
regression shows where it happened. Written only when ``BENCH_STAGES_FILE``
names a file; a build without it pays one clock read per stage. With
``BENCH_PROFILE_DIR`` set, each stage is also profiled (cProfile, this
process only: not the worker pool) and its summary written there as
``<stage>.txt``."""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENVIRONMENT = "BENCH_STAGES_FILE"
PROFILES = "BENCH_PROFILE_DIR"
NAMES = ("load", "validate", "pages", "charts", "downloads", "search", "write")
_seconds: dict[str, float] = {}
_profiles: dict[str, cProfile.Profile] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time a block as part of stage ``name`` (stages add up across blocks)."""
    profile = None
    if os.environ.get(PROFILES):
        profile = _profiles.setdefault(name, cProfile.Profile())
        profile.enable()
    started = time.perf_counter()
    try:
        yield
    finally:
        _seconds[name] = _seconds.get(name, 0.0) + time.perf_counter() - started
        if profile is not None:
            profile.disable()


def save(total: float) -> None:
    """The stages of this process's build, and the rest (Pelican's own work)."""
    target = os.environ.get(ENVIRONMENT)
    if not target:
        return
    found = {name: round(_seconds.get(name, 0.0), 2) for name in NAMES}
    found["pelican_other"] = round(max(0.0, total - sum(_seconds.values())), 2)
    found["total"] = round(total, 2)
    Path(target).write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
    folder = os.environ.get(PROFILES)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        for name, profile in _profiles.items():
            text = io.StringIO()
            pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(40)
            (Path(folder) / f"{name}.txt").write_text(text.getvalue(), encoding="utf-8")
