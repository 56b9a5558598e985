"""Charts being drawn: from the cache at once, the rest in the build's worker
pool (drawing holds a lock, so threads would not help) while other work goes on."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path

from terbuka.core.cache import CHARTS, CacheStore
from terbuka.core.published import Published
from terbuka.outputs.charts.chart import Chart
from terbuka.outputs.charts.draw import render
from terbuka.outputs.charts.specs import Spec
from terbuka.outputs.downloads import csv_bytes


class Drawing:
    """Charts being drawn: from the cache at once, the rest in the build's
    worker pool (or here, without one) while other work goes on."""

    def __init__(self, charts: list[Chart], store: CacheStore) -> None:
        self.charts = charts
        self.store = store
        self.done: dict[str, tuple[bytes, bytes]] = {}
        self.pending: dict[str, Future[tuple[bytes, bytes]] | Spec] = {}
        for chart in charts:
            key = chart.key
            if key in self.done or key in self.pending:
                continue
            svg, png = store.get(CHARTS, f"{key}.svg"), store.get(CHARTS, f"{key}.png")
            if svg is not None and png is not None:
                self.done[key] = (svg, png)
            else:
                self.pending[key] = chart.spec
        self.to_draw = frozenset(self.pending)  # for the build's record of what it made

    @property
    def drawn(self) -> list[str]:
        """The charts this build draws (the cache lacked them), by path."""
        return sorted({c.path for c in self.charts if c.key in self.to_draw})

    def start(self, pool: Executor | None) -> None:
        """Draw what the cache lacks in ``pool``; without one, ``finish`` draws it here."""
        if pool is None:
            return
        for key, job in self.pending.items():
            if not isinstance(job, Future):
                self.pending[key] = pool.submit(render, job)

    def result(self) -> dict[str, tuple[bytes, bytes]]:
        for key, job in self.pending.items():
            svg, png = job.result() if isinstance(job, Future) else render(job)
            self.store.put(CHARTS, f"{key}.svg", svg)
            self.store.put(CHARTS, f"{key}.png", png)
            self.done[key] = (svg, png)
        self.pending = {}
        return self.done

    def finish(self) -> Published:
        """Each chart's SVG, PNG and the CSV of the numbers drawn."""
        drawn = self.result()
        out = Published()
        for chart in self.charts:
            svg, png = drawn[chart.key]
            out.add(f"{chart.path}.svg", svg)
            out.add(f"{chart.path}.png", png)
            out.add(f"{chart.path}.csv", csv_bytes(chart.columns, chart.rows))
        return out


PACKAGE_PARENT = str(Path(__file__).resolve().parents[3])
# Below these, drawing and writing here is faster than starting two workers:
# each imports pandas and matplotlib afresh (about 1.5 s of CPU), which a town's
# few dozen charts never win back (a 66-page site: 5.4 s without, 9.6 s with),
# nor a city's one-row fix (the sample's, three times each: 12.1 to 16.2 s
# with, 11.4 to 13.1 s without). The charts counted are those the cache
# lacks; the rows, the city's (a province's data files are worth two workers).
POOL_FROM_CHARTS = 50
POOL_FROM_ROWS = 20_000


def pool_for(charts: int, rows: int) -> ProcessPoolExecutor | None:
    """The worker pool when a build has enough to draw and write, else None."""
    if charts < POOL_FROM_CHARTS and rows < POOL_FROM_ROWS:
        return None
    return worker_pool()


def worker_pool() -> ProcessPoolExecutor:
    """Two worker processes for charts and downloads. spawn, not fork:
    Pelican's console runs a thread, and forking a process with threads can
    deadlock the children. The workers import this package by name, so its
    folder goes on the path they inherit: a plain ``pelican`` run loads the
    plugin from PLUGIN_PATHS, which Python's path does not hold."""
    if PACKAGE_PARENT not in sys.path:
        sys.path.append(PACKAGE_PARENT)
    return ProcessPoolExecutor(
        max_workers=2,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=leave_with_the_build,
        initargs=(os.getpid(),),
    )


def leave_with_the_build(build: int) -> None:
    """In each worker: end when the build's process is gone. A build killed
    outright (kill -9, a closed session) left its two workers drawing what was
    queued, then waiting forever with 120 MB each."""

    def watch() -> None:
        while os.getppid() == build:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
