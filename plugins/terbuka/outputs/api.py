"""The static JSON API under ``api/v1/`` and the unit summary it shares
with ``/opd/ringkasan.csv``; its endpoint list is what the API page shows."""

from __future__ import annotations

import posixpath

from terbuka.core.published import Published
from terbuka.core.schema import all_schemas
from terbuka.core.urls import URLS
from terbuka.model.frames import rows
from terbuka.model.model import CityModel
from terbuka.outputs import downloads as dl


def unit_summary(model: CityModel) -> tuple[list[str], list[list]]:
    """The unit index table, one row per unit and year, as published numbers."""
    columns = [
        "tahun",
        "kode_opd",
        "slug",
        "nama_opd",
        "jenis",
        "pagu",
        "realisasi",
        "persen_terserap",
        "fisik",
    ]
    rows = []
    for (unit, year), _ in sorted(
        model.activities_by_unit_year.items(), key=lambda kv: (kv[0][1], kv[0][0])
    ):
        totals = model.unit_totals(unit, year)
        u = model.unit_directory[unit]
        rows.append(
            [
                year,
                unit,
                u.slug,
                u.nama_opd,
                u.jenis,
                dl.plain_value(totals.budget, "money"),
                dl.plain_value(totals.spent, "money"),
                ""
                if totals.spent_pct is None
                else format(totals.spent_pct.quantize(dl.Decimal("0.01")), "f"),
                "" if totals.progress is None else f"{totals.progress:.2f}",
            ]
        )
    return columns, rows


def linked(source: str, target: str) -> str:
    """``target`` (a site path) as a link written in the file at ``source``:
    ``opd/x/`` from ``api/v1/opd.json`` is ``../../opd/x/``."""
    relative = posixpath.relpath(target or ".", posixpath.dirname(source) or ".")
    return relative + ("/" if target.endswith("/") and not relative.endswith("/") else "")


def write_api(model: CityModel, summary: list[dict], out: Published) -> list[dict[str, str]]:
    """The static JSON API; returns its endpoints as the API page lists them."""
    by_unit: dict[str, list[dict]] = {}
    for row in summary:
        by_unit.setdefault(row["kode_opd"], []).append(row)
    unit_list = []
    index = URLS.api("opd.json")
    for code, u in model.unit_directory.items():
        own = URLS.api_unit(u.slug)
        entry = {
            "kode_opd": code,
            "slug": u.slug,
            "nama_opd": u.nama_opd,
            "singkatan": u.singkatan,
            "jenis": u.jenis,
            "kode_induk": u.kode_induk,
        }
        # Links are relative to the file that holds them, as a client resolves them.
        unit_list.append(
            {**entry, "halaman": linked(index, URLS.unit(u.slug)), "api": linked(index, own)}
        )
        entry["halaman"] = linked(own, URLS.unit(u.slug))
        programs = model.programs[model.programs["kode_opd"] == code]
        years = []
        for row in by_unit.get(code, []):
            year = row["tahun"]
            years.append(
                {
                    **{
                        k: row[k]
                        for k in ("tahun", "pagu", "realisasi", "persen_terserap", "fisik")
                    },
                    "program": [
                        {
                            "kode_program": p.kode_program,
                            "nama_program": p.nama_program,
                            "pagu": dl.Exact(dl.plain_value(t.budget, "money")),
                            "realisasi": dl.Exact(dl.plain_value(t.spent, "money")),
                        }
                        for p in rows(programs[programs["tahun"] == year])
                        for t in [model.program_totals(year, code, p.kode_program)]
                    ],
                    "unduhan": {
                        f: linked(own, URLS.unit_file(u.slug, year, f"kegiatan.{f}"))
                        for f in dl.FORMATS
                    },
                }
            )
        out.add(own, dl.json_bytes({**entry, "tahun": years}))
    out.add(URLS.api("opd.json"), dl.json_bytes(unit_list))
    spbe = [
        {
            "tahun": r.year,
            "kerangka": r.framework.name,
            "indeks_dihitung": r.index,
            "indeks_resmi": r.official,
            "sumber_resmi": r.source or None,
            "predikat": r.rating,
            "aspek": [{"aspek": a.name, "bobot": a.weight, "indeks": a.index} for a in r.aspects],
        }
        for r in model.spbe_years.values()
    ]
    out.add(URLS.api("spbe.json"), dl.json_bytes(spbe))
    endpoints = api_endpoints()
    paths = [e["path"] for e in endpoints[:3]]
    paths += [URLS.data_file(f"{s.name}.json") for s in all_schemas()]
    out.add(URLS.api("index.json"), dl.json_bytes({"titik_akhir": paths}))
    return endpoints


def _pattern(path: str) -> str:
    """``api/v1/opd/SLUG.json`` -> ``api/v1/opd/<slug>.json``: a path as documentation."""
    for word in ("SLUG", "TAHUN", "DATASET"):
        path = path.replace(word, f"<{word.lower()}>")
    return path


def api_endpoints() -> list[dict[str, str]]:
    """Every address of the API, as the API page lists it (from the URL builder)."""
    return [
        {
            "path": URLS.api("opd.json"),
            "isi": "Daftar perangkat daerah dengan slug dan alamat API-nya.",
        },
        {
            "path": _pattern(URLS.api_unit("SLUG")),
            "isi": "Satu perangkat daerah: profil, pagu dan realisasi per tahun dan per "
            "program, tautan unduhan.",
        },
        {
            "path": URLS.api("spbe.json"),
            "isi": "Indeks SPBE per tahun (dihitung dan resmi), predikat, indeks per aspek.",
        },
        {
            "path": _pattern(URLS.data_file("DATASET.json")),
            "isi": "Setiap dataset lengkap (lihat daftar di bawah).",
        },
        {
            "path": _pattern(URLS.unit_file("SLUG", "TAHUN", "kegiatan.json")),
            "isi": "Kegiatan satu perangkat daerah dalam satu tahun.",
        },
    ]
