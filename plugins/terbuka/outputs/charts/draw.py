"""Drawing: matplotlib to deterministic SVG (and a 2x PNG for sharing).

``render`` is a pure function of a typed spec (``specs``): the same spec
gives the same bytes, here or in a worker process, because every figure is
drawn under ``STYLE``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from terbuka.core.formatting import number, percent, rupiah_short
from terbuka.outputs.charts.chart import WIDTH_IN
from terbuka.outputs.charts.specs import (
    BarsSpec,
    BudgetSpentSpec,
    MapSpec,
    QuarterlySpec,
    Spec,
    TrendSpec,
)

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
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _money_axis(value: float, _pos: int) -> str:
    return rupiah_short(int(value)).replace("Rp ", "") if value else "0"


def _percent_axis(value: float, _pos: int) -> str:
    return percent(value, 0)


def _index_axis(value: float, _pos: int) -> str:
    return number(value, 0) if float(value).is_integer() else number(value, 1)


def _bars(spec: BarsSpec) -> Figure:
    """Horizontal bars with their labels above them, for narrow screens.

    ``scale`` is "percent" (0..100, labels 82,4%) or "index" (0..5, labels 3,45).
    """
    labels, values, height = spec.labels, spec.values, spec.height
    is_index = spec.scale == "index"
    show = (lambda v: number(v, 2)) if is_index else percent
    fig = Figure(figsize=(WIDTH_IN, height))
    legend = spec.reference is not None
    # Room on the left for the "0%" under the axis, and at the top for the legend.
    ax = fig.add_axes((0.05, 0.35 / height, 0.9, 1 - (0.85 if legend else 0.5) / height))
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, height=0.38, color=SPENT)
    top = 5.0 if is_index else max([100.0, *values])
    for y, label, value in zip(positions, labels, values, strict=True):
        ax.text(0, y + 0.27, label, va="bottom", ha="left", fontsize=10)
        ax.text(value + top * 0.01, y, show(value), va="center", ha="left", fontsize=10)
    if spec.reference is not None:
        ax.axvline(
            spec.reference,
            color=MUTED,
            linestyle="--",
            linewidth=1,
            label=spec.reference_label,
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


def _trend(spec: TrendSpec) -> Figure:
    """Index by year: one line per framework, so a change of framework is a
    visible break; official figures as hollow markers."""
    fig = Figure(figsize=(WIDTH_IN, spec.height))
    ax = fig.add_axes((0.11, 0.14, 0.86, 0.7))
    years = spec.years
    for framework, style in zip(spec.frameworks, ("-", "--"), strict=False):
        points = [
            (y, v)
            for y, v, f in zip(years, spec.values, spec.framework_of, strict=True)
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
                label=spec.labels[framework],
            )
            _label_points(ax, points, lambda v: number(v, 2), INK)
    official = [(y, v) for y, v in zip(years, spec.official, strict=True) if v is not None]
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
    for boundary in spec.breaks:
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


def _budget_spent(spec: BudgetSpentSpec) -> Figure:
    """Per group: an outlined bar for the budget, a solid bar for spending."""
    labels, budget, spent, height = spec.labels, spec.budget, spec.spent, spec.height
    fig = Figure(figsize=(WIDTH_IN, height))
    ax = fig.add_axes((0.05, 0.55 / height, 0.9, 1 - 0.95 / height))
    positions = list(range(len(labels)))[::-1]
    outline, solid = spec.legend
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


def _quarterly(spec: QuarterlySpec) -> Figure:
    """Cumulative spending and physical progress, in % of budget, by quarter."""
    quarters = spec.quarters
    fig = Figure(figsize=(WIDTH_IN, spec.height))
    ax = fig.add_axes((0.17, 0.13, 0.8, 0.72))
    ax.plot(quarters, spec.spent, color=SPENT, marker="o", linewidth=2, label="Keuangan")
    if any(v is not None for v in spec.progress):
        ax.plot(
            quarters,
            [math.nan if v is None else v for v in spec.progress],  # a gap where none
            color=PROGRESS,
            marker="s",
            linestyle="--",
            linewidth=2,
            label="Fisik",
        )
    for q, spent, progress in zip(quarters, spec.spent, spec.progress, strict=True):
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


def _map(spec: MapSpec) -> Figure:
    """Areas filled by the class of their budget (``shades``), lightest for least;
    names at their label points; the legend of classes underneath. No tiles:
    only the boundary file's own lines."""
    height = spec.height
    fig = Figure(figsize=(WIDTH_IN, height))
    legend_in = 0.28 * len(spec.legend) + 0.1
    ax = fig.add_axes((0.02, legend_in / height, 0.96, 1 - (legend_in + 0.05) / height))
    for area in spec.areas:
        vertices: list[tuple[float, float]] = []
        codes: list[int] = []
        for ring in area.rings:
            vertices += [(p[0], p[1]) for p in ring]
            codes += [int(MplPath.MOVETO), *[int(MplPath.LINETO)] * (len(ring) - 2)]
            codes.append(int(MplPath.CLOSEPOLY))
        shade = MAP_SHADES[area.shade] if area.shade is not None else MAP_EMPTY
        ax.add_patch(
            PathPatch(MplPath(vertices, codes), facecolor=shade, edgecolor="white", linewidth=0.6)
        )
    for x, y, text in spec.labels:
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
    (x0, y0), (x1, y1) = spec.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    handles = [
        Patch(facecolor=MAP_SHADES[c] if c is not None else MAP_EMPTY, edgecolor=MUTED, label=t)
        for c, t in spec.legend
    ]
    fig.legend(
        handles=handles, loc="lower left", frameon=False, fontsize=9, bbox_to_anchor=(0.0, 0.0)
    )
    return fig


DRAW: dict[str, Callable[[Any], Figure]] = {
    BarsSpec.kind: _bars,
    BudgetSpentSpec.kind: _budget_spent,
    QuarterlySpec.kind: _quarterly,
    TrendSpec.kind: _trend,
    MapSpec.kind: _map,
}


def render(spec: Spec) -> tuple[bytes, bytes]:
    """SVG and 2x PNG bytes of one chart; the same spec gives the same bytes."""
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        fig = DRAW[spec.kind](spec)
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
