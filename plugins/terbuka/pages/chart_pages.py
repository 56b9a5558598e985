"""A page of its own for every chart (``/<chart>/``: the chart, its summary,
table, downloads and the code to embed it), and the chart alone for an
``<iframe>`` (``/<chart>/sematkan/``) when the settings allow embedding."""

from __future__ import annotations

from dataclasses import replace

from terbuka.core.embed import snippet
from terbuka.core.settings import TerbukaSettings
from terbuka.core.urls import URLS
from terbuka.outputs.charts import Chart
from terbuka.pages.base import HOME, Page
from terbuka.pages.contexts import ChartContext, Crumb

EXTRA_HEIGHT = 170  # px above and below the picture in the chart-only page: title, summary, source


def chart_homes(pages: list[Page]) -> list[tuple[Chart, Page]]:
    """Each chart with the page that shows it: its own canonical page, the
    latest one when several years share a chart."""
    homes: dict[str, tuple[Chart, Page]] = {}
    for page in pages:
        if page.canonical != page.url:
            continue
        for chart in page.charts:
            homes[chart.path] = (chart, page)  # the last page wins: the latest year
    return list(homes.values())


def chart_origin(parent: Page) -> tuple[list[Crumb], str, str]:
    """The trail of the page that shows a chart, the name of that page for a
    link, and where the chart belongs in words (``Dinas X · 2026``)."""
    crumbs = list(parent.context.breadcrumbs or [HOME])
    label = crumbs[-1][0] if len(crumbs) > 1 else "Beranda"
    trail = [name for name, _ in crumbs[1:] if name != "Perangkat Daerah"] or ["seluruh kota"]
    return crumbs, str(label), " · ".join(str(name) for name in trail)


def chart_pages(pages: list[Page], settings: TerbukaSettings) -> list[Page]:
    """Two pages per chart, linked from the page that shows it."""
    found = []
    embeddable = bool(settings.embed_origins)
    for chart, parent in chart_homes(pages):
        crumbs, label, where = chart_origin(parent)
        url, embed = URLS.chart_page(chart.path), URLS.chart_embed(chart.path)
        context = ChartContext(
            chart=chart,
            charts={"grafik": chart},
            where=where,
            parent=(label, parent.url),
            breadcrumbs=[*crumbs[:-1], (label, parent.url), (chart.title, None)],
            canonical=url,
            embed_url=embed if embeddable else None,
            embed_code=snippet(
                f"{settings.site_url}/{embed}" if settings.site_url else embed,
                f"{chart.title} ({where})",
                chart.width_px,
                chart.height_px + EXTRA_HEIGHT,
            )
            if embeddable
            else None,
        )
        found.append(Page(url, "chart", context))
        if embeddable:
            found.append(Page(embed, "chart_embed", replace(context, breadcrumbs=[])))
    return found
