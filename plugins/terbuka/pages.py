"""Which pages exist, where they live, and what their templates receive.

URLs come from stable keys (slug, year, codes), never from names. Templates
get plain values: dicts, ``Totals`` and numbers in sen, which the filters in
``formatting`` write for people. No DataFrame leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .model import CityModel, spent_pct
from .problems import Report


@dataclass
class Page:
    url: str  # site-relative, ends with "/" ("" for the home page)
    template: str
    context: dict = field(default_factory=dict)

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"


def unit_url(slug: str, year: int | None = None) -> str:
    return f"opd/{slug}/" + (f"{year}/" if year is not None else "")


def _unit_dicts(model: CityModel) -> dict[str, dict]:
    """Each unit as a plain dict, with its parent and sub-units linked."""
    units: dict[str, dict] = {}
    for row in model.units.drop(columns="_baris").to_dict("records"):
        row["years"] = model.unit_years.get(row["kode_opd"], [])
        row["children"] = []
        units[row["kode_opd"]] = row
    for unit in units.values():
        parent = units.get(unit["kode_induk"])
        unit["parent"] = parent
        if parent is not None:
            parent["children"].append(unit)
    return units


def _activity_rows(rows: pd.DataFrame) -> list[dict]:
    """Rows of kegiatan.csv for display: codes, names and figures."""
    out = []
    for r in rows.itertuples(index=False):
        spent = 0 if r.realisasi is pd.NA else int(r.realisasi)
        out.append(
            {
                "kode": r.kode_sub_kegiatan or r.kode_kegiatan,
                "nama": r.nama_sub_kegiatan or r.nama_kegiatan,
                "budget": int(r.pagu),
                "spent": spent,
                "spent_pct": spent_pct(int(r.pagu), spent),
                "progress": None if r.fisik is pd.NA else float(r.fisik),
                "sumber_dana": r.sumber_dana,
                "lokasi": r.lokasi,
            }
        )
    return out


def _programs(model: CityModel, unit: str, year: int) -> list[dict]:
    """The unit's programs in a year, each with its activities and their rows."""
    programs = model.programs_by_unit_year.get((unit, year))
    rows = model.activities_by_unit_year.get((unit, year), model.current.iloc[0:0])
    names = {}
    if programs is not None:
        names = dict(zip(programs["kode_program"], programs["nama_program"], strict=True))
    rows_by_program = dict(tuple(rows.groupby("kode_program", sort=False)))
    out = []
    for code in list(names) + [c for c in rows_by_program if c not in names]:
        activities = []
        program_rows = rows_by_program.get(code, rows.iloc[0:0])
        for activity_code, group in program_rows.groupby("kode_kegiatan", sort=False):
            activities.append(
                {
                    "kode": activity_code,
                    "nama": group["nama_kegiatan"].iloc[0],
                    "totals": model.activity_totals(year, unit, code, activity_code),
                    "rows": _activity_rows(group[group["kode_sub_kegiatan"] != ""]),
                }
            )
        out.append(
            {
                "kode": code,
                "nama": names.get(code, ""),
                "totals": model.program_totals(year, unit, code),
                "activities": activities,
            }
        )
    return out


def build_pages(model: CityModel, report: Report) -> list[Page]:
    units = _unit_dicts(model)
    year = model.latest_year
    pages: list[Page] = []

    index_rows = [
        {"unit": u, "totals": model.unit_totals(code, year) if year else None}
        for code, u in units.items()
    ]
    city = model.city_totals(year) if year else None
    pages.append(
        Page(
            "",
            "home",
            {
                "year": year,
                "years": model.years,
                "city": city,
                "unit_count": len(units),
                "units": index_rows,
                "breadcrumbs": [],
            },
        )
    )
    pages.append(
        Page(
            "opd/",
            "opd_index",
            {
                "year": year,
                "city": city,
                "units": index_rows,
                "breadcrumbs": [("Beranda", ""), ("Perangkat Daerah", None)],
            },
        )
    )
    for code, unit in units.items():
        unit_years = unit["years"] or [None]
        for y in unit_years:
            context = {
                "unit": unit,
                "year": y,
                "totals": model.unit_totals(code, y) if y else None,
                "city": model.city_totals(y) if y else None,
                "programs": _programs(model, code, y) if y else [],
                "latest_year": unit_years[-1],
            }
            crumbs = [("Beranda", ""), ("Perangkat Daerah", "opd/"), (unit["nama_opd"], None)]
            if y is not None:
                pages.append(
                    Page(
                        unit_url(unit["slug"], y),
                        "opd",
                        {
                            **context,
                            "breadcrumbs": [
                                *crumbs[:-1],
                                (unit["nama_opd"], unit_url(unit["slug"])),
                                (str(y), None),
                            ],
                        },
                    )
                )
            if y == unit_years[-1]:
                pages.append(
                    Page(unit_url(unit["slug"]), "opd", {**context, "breadcrumbs": crumbs})
                )
    pages.append(
        Page(
            "kualitas-data/",
            "kualitas_data",
            {
                "errors": report.errors,
                "warnings": report.warnings,
                "breadcrumbs": [("Beranda", ""), ("Kualitas data", None)],
            },
        )
    )
    return pages
