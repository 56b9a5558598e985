"""The page record every family returns, and the breadcrumbs they share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from terbuka.core.urls import URLS
from terbuka.outputs.charts import Chart
from terbuka.pages.contexts import TEMPLATES, PageContext, RedirectContext

HOME = ("Beranda", URLS.home())
UNITS = ("Perangkat Daerah", URLS.units())


@dataclass
class Page:
    url: str  # site-relative, ends with "/" ("" for the home page)
    template: str
    context: PageContext
    file: str | None = None  # where it is written, when not <url>index.html

    def __post_init__(self) -> None:
        wanted = TEMPLATES[self.template]
        if type(self.context) is not wanted:
            raise TypeError(f"{self.template} receives {wanted.__name__}")

    @property
    def save_as(self) -> str:
        return self.file or f"{self.url}index.html"

    @property
    def canonical(self) -> str:
        """The address this page's content is kept at (its own, unless it says another)."""
        return self.url if self.context.canonical is None else self.context.canonical

    @property
    def charts(self) -> list[Chart]:
        return [c for c in self.context.charts.values() if c is not None]


def redirect_page(old: str, new: str) -> Page:
    """A page at ``old`` that sends the reader to ``new``."""
    return Page(old, "redirect", RedirectContext(target=new))


PAGER_SPAN = 2  # page numbers linked on each side of the current one


def pager(current: int, count: int) -> list[int | None]:
    """The page numbers a pager links: the first, the last, and a few around the
    current one, None where numbers are left out. Linking every page made each
    of a province's 4,000 explorer pages carry 800 links (90 KB)."""
    shown = {1, count, *range(current - PAGER_SPAN, current + PAGER_SPAN + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= count)
    found: list[int | None] = []
    for n in numbers:
        if found and n - (found[-1] or 0) > 1:
            found.append(None)
        found.append(n)
    return found


def page_links(current: int, addresses: list[str]) -> dict[str, Any]:
    """What a pager shows on page ``current`` of pages at ``addresses``."""
    count = len(addresses)
    return {
        "current": current,
        "count": count,
        "previous": addresses[current - 2] if current > 1 else None,
        "next": addresses[current] if current < count else None,
        "numbers": [(n, None if n is None else addresses[n - 1]) for n in pager(current, count)],
    }
