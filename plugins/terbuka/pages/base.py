"""The page record every family returns, and the breadcrumbs they share."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..charts import Chart
from ..urls import URLS

HOME = ("Beranda", URLS.home())
UNITS = ("Perangkat Daerah", URLS.units())


@dataclass
class Page:
    url: str  # site-relative, ends with "/" ("" for the home page)
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    file: str | None = None  # where it is written, when not <url>index.html

    @property
    def save_as(self) -> str:
        return self.file or f"{self.url}index.html"

    @property
    def charts(self) -> list[Chart]:
        return [c for c in self.context.get("charts", {}).values() if c is not None]
