"""``/kualitas-data/``: every warning, by file and by unit, and which units
have sent which reports for the latest year."""

from __future__ import annotations

from terbuka.core.problems import Problem, Report
from terbuka.core.urls import URLS
from terbuka.model.model import CityModel, Unit
from terbuka.pages.base import HOME, Page
from terbuka.pages.contexts import QualityContext


def quality_page(model: CityModel, report: Report) -> Page:
    warnings = report.warnings
    by_file: dict[str, list[Problem]] = {}
    for problem in warnings:
        by_file.setdefault(problem.file, []).append(problem)
    unit_of = model.unit_of_rows()
    units = model.unit_directory
    places = model.row_places()
    by_unit: dict[str, list[tuple[Problem, dict[str, str] | None]]] = {}
    for problem in warnings:
        key = (problem.file, problem.line or 0)
        by_unit.setdefault(unit_of.get(key, ""), []).append(
            (problem, _place(places.get(key), units))
        )
    context = QualityContext(
        errors=report.errors,
        warnings=warnings,
        by_file=by_file,
        by_unit=[(units[c], by_unit[c]) for c in units if c in by_unit],
        unplaced=[p for p, _ in by_unit.get("", [])],
        status_year=model.latest_year,
        status=model.reporting_status,
        status_summary=model.reporting_summary,
        breadcrumbs=[HOME, ("Kualitas data", None)],
    )
    return Page(URLS.quality(), "kualitas_data", context)


def _place(
    found: tuple[str, int, str, str] | None, units: dict[str, Unit]
) -> dict[str, str] | None:
    """The row a warning is about, on its unit's page: where to link, and what to call it."""
    if found is None or found[0] not in units:
        return None
    unit, year, kind, code = found
    return {
        "page": URLS.unit(units[unit].slug, year),
        "anchor": URLS.anchor(kind, code),
        "text": f"tahun {year}, {'sub kegiatan' if kind == 's' else 'kegiatan'} {code}",
    }
