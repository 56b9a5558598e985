"""``/kualitas-data/``: every warning, by file and by unit, and which units
have sent which reports for the latest year."""

from __future__ import annotations

from typing import Any

from ..model import CityModel
from ..problems import Problem, Report
from ..urls import URLS
from .base import HOME, Page


def quality_page(model: CityModel, report: Report) -> Page:
    warnings = report.warnings
    by_file: dict[str, list[Problem]] = {}
    for problem in warnings:
        by_file.setdefault(problem.file, []).append(problem)
    unit_of = model.unit_of_rows()
    by_unit: dict[str, list[Problem]] = {}
    for problem in warnings:
        by_unit.setdefault(unit_of.get((problem.file, problem.line or 0), ""), []).append(problem)
    units = model.unit_directory
    context: dict[str, Any] = {
        "errors": report.errors,
        "warnings": warnings,
        "by_file": by_file,
        "by_unit": [(units[c], by_unit[c]) for c in units if c in by_unit],
        "unplaced": by_unit.get("", []),
        "status_year": model.latest_year,
        "status": model.reporting_status,
        "status_summary": model.reporting_summary,
        "breadcrumbs": [HOME, ("Kualitas data", None)],
    }
    return Page(URLS.quality(), "kualitas_data", context)
