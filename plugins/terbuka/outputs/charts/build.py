"""What to draw: a ``Chart`` of each kind from the model's figures.

Each builder writes the summary, alt text, table and CSV from the same
numbers it puts in the chart's typed spec; none of them draws.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import textwrap
from decimal import Decimal
from itertools import pairwise
from typing import Any

from terbuka.checks.accounts import ClassTotal
from terbuka.core.formatting import (
    isolated,
    number,
    percent,
    plain_rupiah,
    rupiah,
    rupiah_short,
    without_bidi,
)
from terbuka.inputs.boundaries import Area, Boundaries, Ring
from terbuka.model.model import spent_pct
from terbuka.outputs.charts.chart import WIDTH_IN, Chart
from terbuka.outputs.charts.draw import MAP_SHADES, ROMAN
from terbuka.outputs.charts.specs import (
    BarsSpec,
    BudgetSpentSpec,
    MapArea,
    MapSpec,
    QuarterlySpec,
    TrendSpec,
)

LABEL_LIMIT = 40  # characters a line of a bar's label holds at the phone width drawn
LABEL_LINES = 3  # lines a long label wraps to; the table under the chart has the rest
WRAPPED_ROW = 0.18  # inches every row grows for each line more its longest label has
FRAMEWORK_SHORT = {"spbe_2020": "kerangka SPBE 2020", "pemdi_2026": "kerangka Pemdi 2026"}


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
    labels, grow = _labels([r[0] for r in data])
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
        display=[[n, rupiah(b), rupiah(s), percent(p)] for n, b, s, p in data],
        spec=BarsSpec(
            height=0.5 + (0.42 + grow) * len(data),
            labels=labels,
            values=[float(r[3]) for r in data],
            reference=float(city_pct) if city_pct is not None else None,
            reference_label=f"Rata-rata kota {percent(city_pct)}",
        ),
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
        display=[[*cells, rupiah(b), "–" if s is None else rupiah(s)] for cells, _, b, s in bars],
        spec=_budget_spent_spec([(without_bidi(label), b, s) for _, label, b, s in bars]),
    )


def _budget_spent_spec(
    bars: list[tuple[str, int, int | None]], legend: tuple[str, str] = ("Pagu", "Realisasi")
) -> BudgetSpentSpec:
    """One pair of bars per (label, budget, spent)."""
    labels, grow = _labels([label for label, _, _ in bars])
    return BudgetSpentSpec(
        height=0.9 + (0.62 + grow) * len(bars),
        labels=labels,
        budget=[b for _, b, _ in bars],
        spent=[s for _, _, s in bars],
        legend=legend,
    )


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
            [str(y), rupiah(b), rupiah(s), percent(share), percent(f)]
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
        display=[[c, n, rupiah(m), rupiah(p), _signed(p - m)] for c, n, m, p in groups],
        spec=_budget_spent_spec(
            [(f"{c} {without_bidi(n)}", m, p) for c, n, m, p in groups],
            ("APBD murni", "APBD perubahan"),
        ),
    )


def _signed(sen: int) -> str:
    return ("+" if sen > 0 else "−" if sen < 0 else "") + rupiah(abs(sen))


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
    the same table and CSV, each lokasi's budget on the areas it names. When every
    located lokasi names a kelurahan the map is of kelurahan; otherwise of
    kecamatan, with a kelurahan's budget added to its kecamatan (the table keeps
    each lokasi as named). A lokasi that names no area (the whole city) is off the
    map, and the summary says how much."""
    matches = {name: boundaries.match(name) for name, _, _ in groups}
    levels = {m[0] for m in matches.values() if m}
    level = "kelurahan" if levels == {"kelurahan"} else "kecamatan"
    named: dict[str, tuple[str, int, list[Area]]] = {}  # place -> (label, budget, areas)
    outside: list[tuple[str, int]] = []
    folded = 0  # kelurahan budgets added to their kecamatan
    for name, budget, _ in groups:
        found = matches[name]
        if found is None:
            outside.append((name, budget))
            continue
        areas = found[1]
        if level == "kecamatan" and found[0] == "kelurahan":
            district = areas[0].district
            areas = [a for a in boundaries.areas if a.district == district]
            folded += budget
        place = areas[0].district if level == "kecamatan" else areas[0].name
        label = f"{'Kecamatan' if level == 'kecamatan' else 'Kelurahan'} {place}"
        before = named.get(place, (label, 0, areas))[1]
        named[place] = (label, before + budget, areas)
    if not named:
        return chart
    values = {area.name: budget for _, budget, areas in named.values() for area in areas}
    classes, legend = map_classes(values, len(MAP_SHADES))
    scale, rings, bounds = _projected(boundaries)
    drawn = [
        MapArea(rings=r, shade=classes.get(area.name))
        for r, area in zip(rings, boundaries.areas, strict=True)
    ]
    labels: list[tuple[float, float, str]] = []
    if level == "kecamatan":  # a few names fit a phone; 27 kelurahan would not
        for place, (_, budget, found_areas) in named.items():
            x, y = _middle([r for a in found_areas for poly in a.polygons for r in poly[:1]])
            labels.append((round(x * scale, 5), round(y, 5), f"{place}\n{rupiah_short(budget)}"))
    if len(values) < len(boundaries.areas):
        legend.append((None, "tidak disebut di ekspor"))
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
    if folded:
        off_text += f" Lokasi kelurahan ({rupiah_short(folded)}) dijumlahkan ke kecamatannya."
    shown = ", ".join(f"{isolated(lb)} {rupiah_short(b)}" for lb, b, _ in named.values())
    return Chart(
        path=chart.path,
        title=f"Peta pagu per {level}, {year}",
        summary=f"{chart.summary}{off_text}",
        alt=f"Peta pagu per {level}: {shown}.{off_text}",
        columns=chart.columns,
        rows=chart.rows,
        display=chart.display,
        spec=MapSpec(height=height, areas=drawn, labels=labels, bounds=bounds, legend=legend),
        note=boundaries.source,
    )


def map_classes(
    values: dict[str, int], shades: int
) -> tuple[dict[str, int], list[tuple[int | None, str]]]:
    """Each area's shade and the legend: classes by rank, so that different
    budgets get different shades while there are shades enough, and each legend
    line gives the budgets its class really holds (no class is skipped)."""
    distinct = sorted(set(values.values()))
    count = len(distinct)
    if count <= shades:
        rank = {v: (i * (shades - 1) // (count - 1) if count > 1 else shades - 1)
                for i, v in enumerate(distinct)}  # fmt: skip
    else:
        rank = {v: i * shades // count for i, v in enumerate(distinct)}
    classes = {area: rank[v] for area, v in values.items()}
    legend: list[tuple[int | None, str]] = []
    for c in sorted(set(rank.values())):
        held = [v for v in distinct if rank[v] == c]
        low, high = rupiah_short(held[0]), rupiah_short(held[-1])
        legend.append((c, low if low == high else f"{low} sampai {high}"))
    return classes, legend


Bounds = tuple[tuple[float, float], tuple[float, float]]


@functools.lru_cache(maxsize=4)
def _projected(boundaries: Boundaries) -> tuple[float, list[list[list[list[float]]]], Bounds]:
    """The boundary file as every map draws it: x scaled by the cosine of the
    mean latitude, rounded, and the box around it. Made once a build, not once
    a unit's map (a hundred maps a city)."""
    scale = math.cos(math.radians(sum(_lat(a) for a in boundaries.areas) / len(boundaries.areas)))
    rings = [
        [
            [[round(x * scale, 5), round(y, 5)] for x, y in ring]
            for polygon in area.polygons
            for ring in polygon
        ]
        for area in boundaries.areas
    ]
    xs = [x for area_rings in rings for ring in area_rings for x, _ in ring]
    ys = [y for area_rings in rings for ring in area_rings for _, y in ring]
    pad = 0.02 * max(max(xs) - min(xs), max(ys) - min(ys))
    return scale, rings, ((min(xs) - pad, min(ys) - pad), (max(xs) + pad, max(ys) + pad))


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
    chart = _budget_spent_chart(
        path,
        f"jenis belanja {isolated(who)} tahun {year}",
        f"Pagu dan realisasi per jenis belanja, {year}",
        summary,
        ["kode_jenis", "jenis_belanja", "kelompok_belanja"],
        [([c.code, c.name, c.group], f"{c.code} {c.name}", c.budget, c.spent) for c in classes],
    )
    # Each kelompok's exact total under its jenis, in the table only (the CSV and
    # the drawing keep one row per jenis, as drawn).
    totals = []
    for group in groups:
        members = [c for c in classes if c.group == group]
        spent = [c.spent for c in members]
        total_spent = None if None in spent else sum(s for s in spent if s is not None)
        code = members[0].code.rsplit(".", 1)[0]  # the kelompok: 5.1 of jenis 5.1.02
        totals.append([code, f"Jumlah {group}", group, rupiah(groups[group]), rupiah(total_spent)])
    return dataclasses.replace(chart, display=chart.display + totals)


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
            [f"Triwulan {ROMAN[q]}", rupiah(s), percent(p), percent(f)]
            for (q, s, f), p in zip(rows, shares, strict=True)
        ],
        spec=QuarterlySpec(
            height=3.0,
            quarters=[q for q, _, _ in rows],
            spent=[float(p) for p in shares],
            progress=[f for _, _, f in rows],
        ),
    )


def _label(text: str, limit: int = LABEL_LIMIT) -> str:
    """A bar's label wrapped at spaces to at most three lines of ``limit`` characters
    ("Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota" whole, where it
    was cut to "Program Penunjang Urusan Pemeri…"); only a longer one ends in "…"."""
    lines = textwrap.wrap(without_bidi(text), limit, break_long_words=True) or [""]
    if len(lines) > LABEL_LINES:
        last = " ".join(lines[LABEL_LINES - 1 :])
        lines = [*lines[: LABEL_LINES - 1], last[: limit - 1].rstrip() + "…"]
    return "\n".join(lines)


def _labels(texts: list[str]) -> tuple[list[str], float]:
    """The labels of a chart's bars, and how much each row grows for them."""
    labels = [_label(t) for t in texts]
    extra = max((label.count("\n") for label in labels), default=0)
    return labels, WRAPPED_ROW * extra


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
        spec=TrendSpec(
            height=3.2,
            years=years,
            values=[float(r.index) if r.index is not None else None for r in results],
            official=[float(r.official) if r.official is not None else None for r in results],
            framework_of=[r.framework.name for r in results],
            frameworks=frameworks,
            labels={f: f"Dihitung, {FRAMEWORK_SHORT.get(f, f)}" for f in frameworks},
            breaks=breaks,
        ),
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
    labels, grow = _labels([p.name for p in scored])
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
        spec=BarsSpec(
            height=0.5 + (0.42 + grow) * len(scored),
            labels=labels,
            values=[float(p.index) for p in scored],
            scale="index",
        ),
    )


def _plain(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _hundredths(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _plain_float(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"
