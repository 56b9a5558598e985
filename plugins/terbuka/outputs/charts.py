"""Charts: matplotlib to deterministic SVG (and a 2x PNG for sharing).

A ``Chart`` carries everything a page shows around the picture: a one-line
summary written from the same numbers, alt text, the table alternative and
the CSV of exactly the numbers drawn. Rendering is a pure function of the
chart's ``spec``; results are cached on disk by a hash of spec and style, and
what is not cached is rendered in a process pool (drawing holds a lock, so
threads would not help).
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import re
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from terbuka.checks.accounts import ClassTotal
from terbuka.core.cache import CHARTS, CacheStore
from terbuka.core.fingerprint import code_digest
from terbuka.core.formatting import (
    isolated,
    number,
    percent,
    plain_rupiah,
    rupiah_short,
    without_bidi,
)
from terbuka.inputs.boundaries import Area, Boundaries, Ring
from terbuka.model.model import spent_pct

INK = "#1b1f24"
MUTED = "#4a5360"
SPENT = "#0b5394"  # 7.6:1 against white
PROGRESS = "#8a4b00"  # 6.4:1 against white
GRID = "#d5dae0"
# Map classes, light to dark (ColorBrewer Blues); the darkest meets SPENT's blue.
MAP_SHADES = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
MAP_EMPTY = "#f0f0f0"  # an area no lokasi names
STYLE = {
    "svg.hashsalt": "terbuka",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 11,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    # Labels are names from the data, not markup: "$x^2$" is drawn as written, and
    # mathtext never parses it (a "$\frac{1}$" in a sumber_dana stopped the build).
    # render() applies STYLE, so the pool's worker processes draw the same way.
    "text.parse_math": False,
}
# About 326 px: drawn at the width a 360 px phone shows it, so that 9 pt text is
# 12 px there (at 4.4 in it was shrunk to 9-11 px); wider screens enlarge it.
WIDTH_IN = 3.4
LABEL_LIMIT = 40  # characters of a bar's label; the table under the chart has the rest
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FRAMEWORK_SHORT = {"spbe_2020": "kerangka SPBE 2020", "pemdi_2026": "kerangka Pemdi 2026"}
# What the table under a chart calls each CSV column (the CSV keeps the names).
COLUMN_TITLES = {
    "perangkat_daerah": "Perangkat daerah",
    "pagu": "Pagu",
    "realisasi": "Realisasi",
    "persen_terserap": "Terserap",
    "fisik": "Fisik",
    "sumber_dana": "Sumber dana",
    "lokasi": "Lokasi",
    "kode": "Kode",
    "nama": "Nama",
    "pagu_murni": "APBD murni",
    "pagu_perubahan": "APBD perubahan",
    "selisih": "Selisih",
    "kode_program": "Kode",
    "nama_program": "Program",
    "kode_jenis": "Kode",
    "jenis_belanja": "Jenis belanja",
    "kelompok_belanja": "Kelompok",
    "triwulan": "Triwulan",
    "realisasi_kumulatif": "Realisasi kumulatif",
    "persen_pagu": "Persen dari pagu",
    "fisik_rata_rata": "Fisik (rata-rata tertimbang)",
    "tahun": "Tahun",
    "kerangka": "Kerangka evaluasi",
    "indeks_dihitung": "Indeks dihitung",
    "indeks_resmi": "Indeks resmi",
    "predikat": "Predikat",
    "aspek": "Aspek",
    "bobot": "Bobot",
    "indeks": "Indeks",
}


@dataclass
class Chart:
    path: str  # site path without extension: opd/diskominfo/2026/grafik-program
    title: str
    summary: str  # one plain sentence, shown above the chart
    alt: str  # the key figures, for screen readers
    columns: list[str]  # header of the table alternative and of the CSV
    rows: list[list]  # the numbers drawn, raw (for the CSV)
    display: list[list[str]]  # the same rows written for people (for the table)
    spec: dict = field(repr=False)  # what the renderer draws (JSON-serialisable)
    note: str = ""  # where the drawing's own material comes from (a map's boundaries)

    @property
    def headers(self) -> list[str]:
        """The table's column headers, for people."""
        return [COLUMN_TITLES.get(c, c.replace("_", " ")) for c in self.columns]

    @property
    def width_px(self) -> int:
        return round(WIDTH_IN * 96)  # SVG sizes are in points; CSS pixels are 1/96 in

    @property
    def height_px(self) -> int:
        return round(self.spec["height"] * 96)

    @property
    def key(self) -> str:
        text = json.dumps(self.spec, sort_keys=True, ensure_ascii=False)
        salt = f"{code_digest()}|{matplotlib.__version__}|"
        return hashlib.sha256((salt + text).encode("utf-8")).hexdigest()


# --- drawing ---------------------------------------------------------------


def _money_axis(value: float, _pos: int) -> str:
    return rupiah_short(int(value)).replace("Rp ", "") if value else "0"


def _percent_axis(value: float, _pos: int) -> str:
    return percent(value, 0)


def _index_axis(value: float, _pos: int) -> str:
    return number(value, 0) if float(value).is_integer() else number(value, 1)


def _bars(spec: dict) -> Figure:
    """Horizontal bars with their labels above them, for narrow screens.

    ``scale`` is "percent" (0..100, labels 82,4%) or "index" (0..5, labels 3,45).
    """
    labels, values, height = spec["labels"], spec["values"], spec["height"]
    is_index = spec.get("scale") == "index"
    show = (lambda v: number(v, 2)) if is_index else percent
    fig = Figure(figsize=(WIDTH_IN, height))
    legend = spec.get("reference") is not None
    # Room on the left for the "0%" under the axis, and at the top for the legend.
    ax = fig.add_axes((0.05, 0.35 / height, 0.9, 1 - (0.85 if legend else 0.5) / height))
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, height=0.38, color=SPENT)
    top = 5.0 if is_index else max([100.0, *values])
    for y, label, value in zip(positions, labels, values, strict=True):
        ax.text(0, y + 0.27, label, va="bottom", ha="left", fontsize=10)
        ax.text(value + top * 0.01, y, show(value), va="center", ha="left", fontsize=10)
    if legend:
        ax.axvline(
            spec["reference"],
            color=MUTED,
            linestyle="--",
            linewidth=1,
            label=spec["reference_label"],
        )
        fig.legend(loc="upper left", frameon=False, fontsize=9, bbox_to_anchor=(0.0, 1.0))
    ax.set_xlim(0, top * 1.12)
    ax.set_ylim(-0.5, len(labels) - 0.1)
    ax.set_yticks([])
    ax.xaxis.set_major_formatter(FuncFormatter(_index_axis if is_index else _percent_axis))
    ax.xaxis.set_major_locator(MultipleLocator(1) if is_index else MaxNLocator(5))
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return fig


def _label_points(
    ax: Axes, points: Iterable[tuple[float, float]], text: Callable[[float], str], color: str
) -> None:
    """The value of each point written just above it."""
    for x, y in points:
        ax.annotate(
            text(y),
            (x, y),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=9,
            color=color,
        )


def _trend(spec: dict) -> Figure:
    """Index by year: one line per framework, so a change of framework is a
    visible break; official figures as hollow markers."""
    fig = Figure(figsize=(WIDTH_IN, spec["height"]))
    ax = fig.add_axes((0.11, 0.14, 0.86, 0.7))
    years = spec["years"]
    for framework, style in zip(spec["frameworks"], ("-", "--"), strict=False):
        points = [
            (y, v)
            for y, v, f in zip(years, spec["values"], spec["framework_of"], strict=True)
            if f == framework and v is not None
        ]
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(
                xs,
                ys,
                color=SPENT,
                linestyle=style,
                marker="o",
                linewidth=2,
                label=spec["labels"][framework],
            )
            _label_points(ax, points, lambda v: number(v, 2), INK)
    official = [(y, v) for y, v in zip(years, spec["official"], strict=True) if v is not None]
    if official:
        xs, ys = zip(*official, strict=True)
        ax.plot(
            xs,
            ys,
            linestyle="none",
            marker="D",
            markersize=9,
            markerfacecolor="none",
            markeredgecolor=PROGRESS,
            markeredgewidth=1.5,
            label="Indeks resmi",
        )
    for boundary in spec["breaks"]:
        ax.axvline(boundary, color=MUTED, linestyle=":", linewidth=1.2)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(min(years) - 0.5, max(years) + 0.5)
    ax.set_ylim(0, 5.4)
    ax.yaxis.set_major_formatter(FuncFormatter(_index_axis))
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.legend(loc="upper left", ncols=1, frameon=False, fontsize=9, bbox_to_anchor=(0.0, 1.0))
    return fig


def _budget_spent(spec: dict) -> Figure:
    """Per group: an outlined bar for the budget, a solid bar for spending."""
    labels, budget, spent, height = spec["labels"], spec["budget"], spec["spent"], spec["height"]
    fig = Figure(figsize=(WIDTH_IN, height))
    ax = fig.add_axes((0.05, 0.55 / height, 0.9, 1 - 0.95 / height))
    positions = list(range(len(labels)))[::-1]
    outline, solid = spec.get("legend", ("Pagu", "Realisasi"))
    ax.barh(
        positions, budget, height=0.42, color="white", edgecolor=MUTED, linewidth=1.2, label=outline
    )
    # Spending not reported is no bar at all (never a bar of Rp 0), and with none
    # reported the legend names the budget only.
    reported = [(y, v) for y, v in zip(positions, spent, strict=True) if v is not None]
    if reported:
        ax.barh(
            [y for y, _ in reported],
            [v for _, v in reported],
            height=0.22,
            color=SPENT,
            label=solid,
        )
    for y, label in zip(positions, labels, strict=True):
        ax.text(0, y + 0.26, label, va="bottom", ha="left", fontsize=10)
    ax.set_ylim(-0.5, len(labels) - 0.05)
    ax.set_yticks([])
    ax.xaxis.set_major_formatter(FuncFormatter(_money_axis))
    ax.xaxis.set_major_locator(MaxNLocator(3))  # "10,0 miliar" is wide: three fit a phone
    ax.grid(axis="x", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.legend(loc="upper left", ncols=2, frameon=False, fontsize=10, bbox_to_anchor=(0.0, 1.0))
    return fig


def _quarterly(spec: dict) -> Figure:
    """Cumulative spending and physical progress, in % of budget, by quarter."""
    quarters = spec["quarters"]
    fig = Figure(figsize=(WIDTH_IN, spec["height"]))
    ax = fig.add_axes((0.17, 0.13, 0.8, 0.72))
    ax.plot(quarters, spec["spent"], color=SPENT, marker="o", linewidth=2, label="Keuangan")
    if any(v is not None for v in spec["progress"]):
        ax.plot(
            quarters,
            spec["progress"],
            color=PROGRESS,
            marker="s",
            linestyle="--",
            linewidth=2,
            label="Fisik",
        )
    for q, spent, progress in zip(quarters, spec["spent"], spec["progress"], strict=True):
        # The label goes on the side away from the Fisik line, so the two never meet.
        below = progress is not None and progress > spent
        ax.annotate(
            percent(spent, 0),
            (q, spent),
            textcoords="offset points",
            xytext=(0, -14 if below else 7),
            ha="center",
            fontsize=9,
            color=SPENT,
        )
    ax.set_xticks([1, 2, 3, 4], [f"TW {ROMAN[q]}" for q in (1, 2, 3, 4)])
    ax.set_xlim(0.7, 4.3)
    ax.set_ylim(0, 110)
    ax.yaxis.set_major_formatter(FuncFormatter(_percent_axis))
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.grid(axis="y", color=GRID, linewidth=0.8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.legend(loc="upper left", ncols=2, frameon=False, fontsize=10, bbox_to_anchor=(0.0, 1.0))
    return fig


def _map(spec: dict) -> Figure:
    """Areas filled by the class of their budget (``shades``), lightest for least;
    names at their label points; the legend of classes underneath. No tiles:
    only the boundary file's own lines."""
    height = spec["height"]
    fig = Figure(figsize=(WIDTH_IN, height))
    legend_in = 0.28 * len(spec["legend"]) + 0.1
    ax = fig.add_axes((0.02, legend_in / height, 0.96, 1 - (legend_in + 0.05) / height))
    for area in spec["areas"]:
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for ring in area["rings"]:
            vertices += [tuple(p) for p in ring]
            codes += [int(MplPath.MOVETO), *[int(MplPath.LINETO)] * (len(ring) - 2)]
            codes.append(int(MplPath.CLOSEPOLY))
        shade = MAP_SHADES[area["class"]] if area["class"] is not None else MAP_EMPTY
        ax.add_patch(
            PathPatch(MplPath(vertices, codes), facecolor=shade, edgecolor="white", linewidth=0.6)
        )
    for x, y, text in spec["labels"]:
        ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=9,
            color=INK,
            # A box, not a stroked outline: outlined text would become paths in the SVG.
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
        )
    (x0, y0), (x1, y1) = spec["bounds"]
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    handles = [
        Patch(facecolor=MAP_SHADES[c] if c is not None else MAP_EMPTY, edgecolor=MUTED, label=t)
        for c, t in spec["legend"]
    ]
    fig.legend(
        handles=handles, loc="lower left", frameon=False, fontsize=9, bbox_to_anchor=(0.0, 0.0)
    )
    return fig


DRAW = {
    "bars": _bars,
    "budget_spent": _budget_spent,
    "quarterly": _quarterly,
    "trend": _trend,
    "map": _map,
}


def render(spec: dict) -> tuple[bytes, bytes]:
    """SVG and 2x PNG bytes of one chart; the same spec gives the same bytes."""
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        fig = DRAW[spec["kind"]](spec)
        svg, png = BytesIO(), BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(png, format="png", dpi=200, metadata={"Software": None})
    return _shorter_numbers(svg.getvalue()), png.getvalue()


_LONG_DECIMAL = re.compile(rb"(\d\.\d\d)\d+")
_TAG = re.compile(rb"<[^>]*>")  # inside tags only: a label's text (a code 1.02.01.0001) stays


def _shorter_numbers(svg: bytes) -> bytes:
    """Coordinates to 1/100 pt (matplotlib writes six decimals), in tags only: a
    map's many points shrink by a third or more, and no one sees 1/36 of a pixel."""
    return _TAG.sub(lambda tag: _LONG_DECIMAL.sub(rb"\1", tag.group(0)), svg)


class Drawing:
    """Charts being drawn: from the cache at once, the rest in the build's
    worker pool (or here, without one) while other work goes on."""

    def __init__(self, charts: list[Chart], store: CacheStore, pool: Executor | None) -> None:
        self.store = store
        self.done: dict[str, tuple[bytes, bytes]] = {}
        self.pending: dict[str, Future[tuple[bytes, bytes]] | dict[str, Any]] = {}
        for chart in charts:
            key = chart.key
            if key in self.done or key in self.pending:
                continue
            svg, png = store.get(CHARTS, f"{key}.svg"), store.get(CHARTS, f"{key}.png")
            if svg is not None and png is not None:
                self.done[key] = (svg, png)
            elif pool is not None:
                self.pending[key] = pool.submit(render, chart.spec)
            else:
                self.pending[key] = chart.spec

    def result(self) -> dict[str, tuple[bytes, bytes]]:
        for key, job in self.pending.items():
            svg, png = job.result() if isinstance(job, Future) else render(job)
            self.store.put(CHARTS, f"{key}.svg", svg)
            self.store.put(CHARTS, f"{key}.png", png)
            self.done[key] = (svg, png)
        self.pending = {}
        return self.done


PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])


def worker_pool() -> ProcessPoolExecutor:
    """Two worker processes for charts and downloads. spawn, not fork:
    Pelican's console runs a thread, and forking a process with threads can
    deadlock the children. The workers import this package by name, so its
    folder goes on the path they inherit: a plain ``pelican`` run loads the
    plugin from PLUGIN_PATHS, which Python's path does not hold."""
    if PACKAGE_PARENT not in sys.path:
        sys.path.append(PACKAGE_PARENT)
    return ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))


# --- what to draw ------------------------------------------------------------


def spent_by_unit(
    path: str, year: int, rows: list[tuple[str, int, int | None]], city_pct: Decimal | None
) -> Chart:
    """Spent % of each unit (name, budget, spent) that reports spending, highest first."""
    data = sorted(
        (
            (name, budget, spent, spent_pct(budget, spent) or Decimal(0))
            for name, budget, spent in rows
            if budget and spent is not None
        ),
        key=lambda r: (-r[3], r[0]),
    )
    top, bottom = data[0], data[-1]
    summary = (
        f"Pada {year}, {isolated(top[0])} paling banyak menyerap anggarannya "
        f"({percent(top[3])}) dan {isolated(bottom[0])} paling sedikit "
        f"({percent(bottom[3])}); rata-rata kota {percent(city_pct)}."
    )
    return Chart(
        path=path,
        title=f"Persentase anggaran terserap per perangkat daerah, {year}",
        summary=summary,
        alt=f"Diagram batang persentase anggaran terserap {len(data)} perangkat daerah "
        f"tahun {year}. {summary}",
        columns=["perangkat_daerah", "pagu", "realisasi", "persen_terserap"],
        rows=[
            [n, plain_rupiah(b), plain_rupiah(s), str(p.quantize(Decimal("0.01")))]
            for n, b, s, p in data
        ],
        display=[[n, rupiah_short(b), rupiah_short(s), percent(p)] for n, b, s, p in data],
        spec={
            "kind": "bars",
            "height": 0.5 + 0.42 * len(data),
            "labels": [_short_label(r[0]) for r in data],
            "values": [float(r[3]) for r in data],
            "reference": float(city_pct) if city_pct is not None else None,
            "reference_label": f"Rata-rata kota {percent(city_pct)}",
        },
    )


def reported_sum(values: list[int | None]) -> int | None:
    """The sum of the figures reported; None when none is (never a Rp 0 invented)."""
    reported = [v for v in values if v is not None]
    return sum(reported) if reported else None


def budget_by_program(
    path: str, unit: str, year: int, programs: list[tuple[str, str, int, int | None]]
) -> Chart:
    """Budget against spending per program (code, name, budget, spent)."""
    budget = sum(p[2] for p in programs)
    spent = reported_sum([p[3] for p in programs])
    share = spent_pct(budget, spent)
    summary = (
        f"{isolated(unit)} telah membelanjakan {rupiah_short(spent)} dari pagu "
        f"{rupiah_short(budget)} "
        f"({percent(share, 0)}) pada {year}, dalam {len(programs)} program."
        if spent is not None
        else f"Pagu {isolated(unit)} pada {year}: {rupiah_short(budget)} dalam "
        f"{len(programs)} program; realisasinya belum dilaporkan."
    )
    return _budget_spent_chart(
        path,
        f"program {isolated(unit)} tahun {year}",
        f"Pagu dan realisasi per program, {year}",
        summary,
        ["kode_program", "nama_program"],
        [([c, n], f"{c} {isolated(n)}", b, s) for c, n, b, s in programs],
    )


Bar = tuple[list[str], str, int, int | None]  # table cells, label, budget, spent (None: unknown)


def _budget_spent_chart(
    path: str, what: str, title: str, summary: str, columns: list[str], bars: list[Bar]
) -> Chart:
    """A pair of bars (budget, spent) per group, with its table and CSV."""
    return Chart(
        path=path,
        title=title,
        summary=summary,
        alt=f"Diagram batang pagu dan realisasi per {what}. "
        + " ".join(
            f"{label}: {rupiah_short(s)} dari {rupiah_short(b)}."
            if s is not None
            else f"{label}: pagu {rupiah_short(b)}, realisasi tidak dirinci."
            for _, label, b, s in bars
        ),
        columns=[*columns, "pagu", "realisasi"],
        rows=[
            [*cells, plain_rupiah(b), "" if s is None else plain_rupiah(s)]
            for cells, _, b, s in bars
        ],
        display=[
            [*cells, rupiah_short(b), "–" if s is None else rupiah_short(s)]
            for cells, _, b, s in bars
        ],
        spec=_budget_spent_spec([(without_bidi(label), b, s) for _, label, b, s in bars]),
    )


def _budget_spent_spec(bars: list[tuple[str, int, int | None]]) -> dict:
    """What ``_budget_spent`` draws: one pair of bars per (label, budget, spent)."""
    return {
        "kind": "budget_spent",
        "height": 0.9 + 0.62 * len(bars),
        "labels": [_short_label(label) for label, _, _ in bars],
        "budget": [b for _, b, _ in bars],
        "spent": [s for _, _, s in bars],
    }


YearFigures = tuple[int, int, int | None, float | None]  # year, budget, spent (sen), progress %


def over_the_years(path: str, who: str, years: list[YearFigures], last_period: str) -> Chart:
    """Budget and spending of every year side by side (oldest first), with progress in
    the table: how a unit, a program or the city changed. ``last_period`` says up
    to when the newest year's spending is counted (it may still be running)."""
    (first, first_budget, _, _), (last, budget, spent, _) = years[0], years[-1]
    change = budget - first_budget
    direction = "naik" if change > 0 else "turun" if change < 0 else "tetap"
    summary = (
        f"Pagu {isolated(who)} {direction} dari {rupiah_short(first_budget)} ({first}) menjadi "
        f"{rupiah_short(budget)} ({last}); "
        + (
            f"realisasi {last_period}: {rupiah_short(spent)} "
            f"({percent(spent_pct(budget, spent), 0)} dari pagu)."
            if spent is not None
            else f"realisasi {last} belum dilaporkan."
        )
    )
    shares = [spent_pct(b, s) for _, b, s, _ in years]
    return Chart(
        path=path,
        title=f"Pagu dan realisasi {years[0][0]}–{last}",
        summary=summary,
        alt=f"Diagram batang pagu dan realisasi {isolated(who)} per tahun. "
        + " ".join(
            f"{y}: {rupiah_short(s)} dari {rupiah_short(b)}."
            if s is not None
            else f"{y}: pagu {rupiah_short(b)}, realisasi belum dilaporkan."
            for y, b, s, _ in years
        ),
        columns=["tahun", "pagu", "realisasi", "persen_terserap", "fisik"],
        rows=[
            [
                y,
                plain_rupiah(b),
                "" if s is None else plain_rupiah(s),
                _plain(_hundredths(share)),
                _plain_float(f),
            ]
            for (y, b, s, f), share in zip(years, shares, strict=True)
        ],
        display=[
            [str(y), rupiah_short(b), rupiah_short(s), percent(share), percent(f)]
            for (y, b, s, f), share in zip(years, shares, strict=True)
        ],
        spec=_budget_spent_spec([(str(y), b, s) for y, b, s, _ in years]),
    )


Revised = tuple[str, str, int, int]  # code, name, murni, perubahan (sen)


def revision(path: str, who: str, what: str, year: int, groups: list[Revised]) -> Chart:
    """The original budget (murni) beside the revised one (perubahan) per unit or
    program, and the difference, exact in the table and the CSV."""
    murni = sum(m for _, _, m, _ in groups)
    revised = sum(p for _, _, _, p in groups)
    change = revised - murni
    moved = max(groups, key=lambda g: (abs(g[3] - g[2]), g[0]))
    direction = "naik" if change > 0 else "turun" if change < 0 else "tetap"
    summary = (
        f"Di APBD perubahan {year}, pagu {isolated(who)} {direction} {rupiah_short(abs(change))}, "
        f"dari {rupiah_short(murni)} menjadi {rupiah_short(revised)}; perubahan terbesar di "
        f"{isolated(moved[1] or moved[0])} ({_signed(moved[3] - moved[2])})."
    )
    return Chart(
        path=path,
        title=f"APBD murni dan perubahan per {what}, {year}",
        summary=summary,
        alt=f"Diagram batang pagu murni dan perubahan per {what} {isolated(who)} tahun {year}. "
        + " ".join(
            f"{n or c}: {rupiah_short(m)} menjadi {rupiah_short(p)}." for c, n, m, p in groups
        ),
        columns=["kode", "nama", "pagu_murni", "pagu_perubahan", "selisih"],
        rows=[
            [c, n, plain_rupiah(m), plain_rupiah(p), plain_rupiah(p - m)] for c, n, m, p in groups
        ],
        display=[[c, n, rupiah_short(m), rupiah_short(p), _signed(p - m)] for c, n, m, p in groups],
        spec={
            **_budget_spent_spec([(f"{c} {without_bidi(n)}", m, p) for c, n, m, p in groups]),
            "legend": ["APBD murni", "APBD perubahan"],
        },
    )


def _signed(sen: int) -> str:
    return ("+" if sen > 0 else "−" if sen < 0 else "") + rupiah_short(abs(sen))


GROUP_WORDS = {"sumber_dana": "sumber dana", "lokasi": "lokasi"}


def by_group(
    path: str,
    column: str,
    who: str,
    year: int,
    groups: list[tuple[str, int, int | None]],
    boundaries: Boundaries | None = None,
) -> Chart:
    """Budget against spending per sumber dana or lokasi (``model.by_group``), largest
    first; places on a map when there is a boundary file."""
    word = GROUP_WORDS[column]
    budget = sum(b for _, b, _ in groups)
    name, largest, _ = groups[0]
    summary = (
        f"Dari pagu {rupiah_short(budget)} {isolated(who)} pada {year}, {len(groups)} {word}; "
        f"terbesar {isolated(name)}: {rupiah_short(largest)} "
        f"({percent(spent_pct(budget, largest), 0)})."
    )
    chart = _budget_spent_chart(
        path,
        f"{word} {isolated(who)} tahun {year}",
        f"Pagu dan realisasi per {word}, {year}",
        summary,
        [column],
        [([n], n, b, s) for n, b, s in groups],
    )
    if column == "lokasi" and boundaries is not None:
        return on_the_map(chart, year, groups, boundaries)
    return chart


def on_the_map(
    chart: Chart, year: int, groups: list[tuple[str, int, int | None]], boundaries: Boundaries
) -> Chart:
    """The place chart (``by_group`` of ``lokasi``) drawn as a map of ``boundaries``:
    the same table and CSV, each lokasi's budget on the areas it names. A lokasi that
    names no area (the whole city), or a kecamatan when others name kelurahan, is
    not divisible among areas: the summary says how much is off the map."""
    matches = {name: boundaries.match(name) for name, _, _ in groups}
    level = "kelurahan" if any(m and m[0] == "kelurahan" for m in matches.values()) else "kecamatan"
    values: dict[str, int] = {}  # area name -> the budget of the lokasi naming it
    named: dict[str, tuple[str, int, list[Area]]] = {}  # lokasi -> (label, budget, areas)
    outside: list[tuple[str, int]] = []
    for name, budget, _ in groups:
        found = matches[name]
        if found is None or found[0] != level:
            outside.append((name, budget))
            continue
        label = found[1][0].district if level == "kecamatan" else found[1][0].name
        named[name] = (label, budget, found[1])
        for area in found[1]:
            values[area.name] = budget
    if not named:
        return chart
    top = max(values.values()) or 1
    classes = {a: min(len(MAP_SHADES) - 1, v * len(MAP_SHADES) // top) for a, v in values.items()}
    scale = math.cos(math.radians(sum(_lat(a) for a in boundaries.areas) / len(boundaries.areas)))
    rings = [
        [
            [[round(x * scale, 5), round(y, 5)] for x, y in ring]
            for polygon in area.polygons
            for ring in polygon
        ]
        for area in boundaries.areas
    ]
    areas = [
        {"rings": r, "class": classes.get(area.name)}
        for r, area in zip(rings, boundaries.areas, strict=True)
    ]
    xs = [x for area_rings in rings for ring in area_rings for x, _ in ring]
    ys = [y for area_rings in rings for ring in area_rings for _, y in ring]
    pad = 0.02 * max(max(xs) - min(xs), max(ys) - min(ys))
    bounds = [[min(xs) - pad, min(ys) - pad], [max(xs) + pad, max(ys) + pad]]
    labels = []
    if level == "kecamatan":  # a few names fit a phone; 27 kelurahan would not
        for label, budget, found_areas in named.values():
            x, y = _middle([r for a in found_areas for poly in a.polygons for r in poly[:1]])
            labels.append([round(x * scale, 5), round(y, 5), f"{label}\n{rupiah_short(budget)}"])
    used = sorted(set(classes.values()))
    step = top / len(MAP_SHADES)
    legend: list[list] = [
        [c, f"{rupiah_short(round(c * step))} sampai {rupiah_short(round((c + 1) * step))}"]
        for c in used
    ]
    if len(values) < len(boundaries.areas):
        legend.append([None, "tidak disebut di ekspor"])
    width = WIDTH_IN * 0.96
    ratio = (bounds[1][1] - bounds[0][1]) / (bounds[1][0] - bounds[0][0])
    height = min(5.0, max(2.0, width * ratio)) + 0.28 * len(legend) + 0.15
    off = sum(b for _, b in outside)
    off_text = (
        f" Tidak tampak di peta: {rupiah_short(off)} untuk "
        + ", ".join(isolated(n) for n, _ in outside)
        + "."
        if outside
        else ""
    )
    shown = ", ".join(f"{isolated(lb)} {rupiah_short(b)}" for lb, b, _ in named.values())
    return Chart(
        path=chart.path,
        title=f"Peta pagu per {level}, {year}",
        summary=f"{chart.summary}{off_text}",
        alt=f"Peta pagu per {level}: {shown}.{off_text}",
        columns=chart.columns,
        rows=chart.rows,
        display=chart.display,
        spec={"kind": "map", "height": height, "areas": areas, "labels": labels}
        | {"bounds": bounds, "legend": legend},
        note=boundaries.source,
    )


def _lat(area: Area) -> float:
    ring = area.polygons[0][0]
    return sum(y for _, y in ring) / len(ring)


def _middle(rings: list[Ring]) -> tuple[float, float]:
    """The area-weighted centroid of outer rings (shoelace): where a name goes."""
    total = cx = cy = 0.0
    for ring in rings:
        for (x0, y0), (x1, y1) in pairwise(ring):
            cross = x0 * y1 - x1 * y0
            total += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
    if not total:
        points = [p for r in rings for p in r]
        return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)
    return cx / (3 * total), cy / (3 * total)


def spending_by_class(path: str, who: str, year: int, classes: list[ClassTotal]) -> Chart:
    """Budget against spending per jenis belanja (economic class), in code order."""
    budget = sum(c.budget for c in classes)
    groups: dict[str, int] = {}
    for c in classes:
        groups[c.group] = groups.get(c.group, 0) + c.budget
    shares = ", ".join(
        f"{name} {rupiah_short(amount)} ({percent(spent_pct(budget, amount), 0)})"
        for name, amount in groups.items()
    )
    largest = max(classes, key=lambda c: (c.budget, c.code))
    regulations = " dan ".join(dict.fromkeys(c.regulation for c in classes))
    summary = (
        f"Dari pagu {rupiah_short(budget)} {isolated(who)} pada {year}: {shares}. Jenis "
        f"belanja terbesar adalah {largest.name} ({rupiah_short(largest.budget)}). Kelompok dan "
        f"jenis belanja menurut bagan akun {regulations}."
    )
    return _budget_spent_chart(
        path,
        f"jenis belanja {isolated(who)} tahun {year}",
        f"Pagu dan realisasi per jenis belanja, {year}",
        summary,
        ["kode_jenis", "jenis_belanja", "kelompok_belanja"],
        [([c.code, c.name, c.group], f"{c.code} {c.name}", c.budget, c.spent) for c in classes],
    )


def quarterly(
    path: str, unit: str, year: int, budget: int, rows: list[tuple[int, int, float | None]]
) -> Chart:
    """Cumulative spending (sen) and progress (%) at the end of each quarter."""
    shares = [spent_pct(budget, s) or Decimal(0) for _, s, _ in rows]
    last_q, last_spent, _ = rows[-1]
    summary = (
        f"Sampai akhir triwulan {ROMAN[last_q]} tahun {year}, {isolated(unit)} telah membelanjakan "
        f"{rupiah_short(last_spent)} atau {percent(shares[-1], 0)} dari pagu."
    )
    return Chart(
        path=path,
        title=f"Realisasi kumulatif per triwulan, {year}",
        summary=summary,
        alt=f"Diagram garis realisasi kumulatif {isolated(unit)} tahun {year}: "
        + ", ".join(
            f"triwulan {ROMAN[q]} {percent(p, 0)}"
            for (q, _, _), p in zip(rows, shares, strict=True)
        )
        + ".",
        columns=["triwulan", "realisasi_kumulatif", "persen_pagu", "fisik_rata_rata"],
        rows=[
            [
                q,
                plain_rupiah(s),
                str(p.quantize(Decimal("0.01"))),
                "" if f is None else f"{f:.2f}",
            ]
            for (q, s, f), p in zip(rows, shares, strict=True)
        ],
        display=[
            [f"Triwulan {ROMAN[q]}", rupiah_short(s), percent(p), percent(f)]
            for (q, s, f), p in zip(rows, shares, strict=True)
        ],
        spec={
            "kind": "quarterly",
            "height": 3.0,
            "quarters": [q for q, _, _ in rows],
            "spent": [float(p) for p in shares],
            "progress": [f for _, _, f in rows],
        },
    )


def _short_label(text: str, limit: int = LABEL_LIMIT) -> str:
    text = without_bidi(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def spbe_trend(path: str, results: list) -> Chart:
    """The index of every evaluation year, computed and official."""
    years = [r.year for r in results]
    frameworks = list(dict.fromkeys(r.framework.name for r in results))
    breaks = [
        (a.year + b.year) / 2 for a, b in pairwise(results) if a.framework.name != b.framework.name
    ]
    last = results[-1]

    def rated(r: Any) -> str:  # a spbe.YearResult: its index, and its rating when known
        return f"{number(r.shown, 2)}" + (f" ({r.rating})" if r.rating else "")

    summary = f"Indeks SPBE {last.year}: {rated(last)}"
    if len(results) > 1:
        first = results[0]
        summary += f"; {first.year}: {rated(first)}"
    if breaks:
        summary += ". Garis terputus di tahun kerangka evaluasi berganti: nilainya tidak sebanding"
    summary += "."
    return Chart(
        path=path,
        title="Indeks SPBE dari tahun ke tahun",
        summary=summary,
        alt="Diagram garis indeks SPBE per tahun: "
        + "; ".join(
            f"{r.year} {number(r.shown, 2) if r.shown is not None else 'tidak ada'}"
            for r in results
        )
        + ".",
        columns=["tahun", "kerangka", "indeks_dihitung", "indeks_resmi", "predikat"],
        rows=[
            [r.year, r.framework.name, _plain(r.index), _plain(r.official), r.rating or ""]
            for r in results
        ],
        display=[
            [
                str(r.year),
                r.framework.title,
                number(r.index, 2) if r.index is not None else "–",
                number(r.official, 2) if r.official is not None else "–",
                r.rating or "–",
            ]
            for r in results
        ],
        spec={
            "kind": "trend",
            "height": 3.2,
            "years": years,
            "values": [float(r.index) if r.index is not None else None for r in results],
            "official": [float(r.official) if r.official is not None else None for r in results],
            "framework_of": [r.framework.name for r in results],
            "frameworks": frameworks,
            "labels": {f: f"Dihitung, {FRAMEWORK_SHORT.get(f, f)}" for f in frameworks},
            "breaks": breaks,
        },
    )


def spbe_aspects(path: str, year: int, parts: list) -> Chart:
    """Index of each aspect (or domain) of one year, 0..5."""
    scored = [p for p in parts if p.index is not None]
    best = max(scored, key=lambda p: p.index)
    worst = min(scored, key=lambda p: p.index)
    summary = (
        f"Pada evaluasi {year}, aspek {isolated(best.name)} paling tinggi "
        f"({number(best.index, 2)}) dan aspek {isolated(worst.name)} paling rendah "
        f"({number(worst.index, 2)})."
    )
    return Chart(
        path=path,
        title=f"Indeks per aspek, {year}",
        summary=summary,
        alt=f"Diagram batang indeks {len(scored)} aspek SPBE tahun {year}: "
        + "; ".join(f"{isolated(p.name)} {number(p.index, 2)}" for p in scored)
        + ".",
        columns=["aspek", "bobot", "indeks"],
        rows=[[p.name, _plain(p.weight), _plain(p.index)] for p in scored],
        display=[[p.name, number(p.weight, 2), number(p.index, 2)] for p in scored],
        spec={
            "kind": "bars",
            "scale": "index",
            "height": 0.5 + 0.42 * len(scored),
            "labels": [_short_label(p.name) for p in scored],
            "values": [float(p.index) for p in scored],
            "reference": None,
        },
    )


def _plain(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _hundredths(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _plain_float(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
