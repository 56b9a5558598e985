"""Which data files the site publishes, at which paths, and the catalog of them.

City-wide: ``data/<dataset>.{csv,xlsx,json}``, ``data/datapackage.json``,
``data/SHA256SUMS`` and a ZIP of the release. Per unit and year:
``opd/<slug>/<tahun>/kegiatan.{csv,xlsx,json}`` (the rows behind the page);
per program ``.../<kode_program>/kegiatan.{csv,json}``. A static JSON API
under ``api/v1/``.
"""

from __future__ import annotations

import json
from concurrent.futures import Executor
from pathlib import Path

import pandas as pd

from . import downloads as dl
from .frames import rows
from .model import CityModel
from .schema import all_schemas, load_schema
from .settings import TerbukaSettings
from .spbe import YearResult
from .urls import URLS


def _license_text(site: TerbukaSettings) -> str:
    lic = site.license
    return (
        f"Data ini diterbitkan oleh {site.author} dengan lisensi {lic['title']} "
        f"({lic['path']}). Boleh dipakai, dibagikan dan diolah dengan menyebut sumbernya."
    )


def citation(site: TerbukaSettings, edition: str) -> str:
    """How to cite the data; ``edition`` is the release label from the chain."""
    return f"Sumber: {site.author}, {site.site_name}, {edition}, diakses [tanggal akses]."


def _slice_jobs(
    model: CityModel, slugs: dict[str, str], license_text: str
) -> list[tuple[str, dl.TableJob]]:
    """Per unit and year, and per program: the rows behind the page."""
    jobs = []
    for (unit, year), unit_rows in model.activities_by_unit_year.items():
        slug = slugs[unit]
        job = dl.TableJob(unit_rows, "kegiatan", license_text, dl.FORMATS)
        jobs.append((URLS.unit_file(slug, year, "kegiatan"), job))
        for program, program_rows in unit_rows.groupby("kode_program", sort=False):
            job = dl.TableJob(program_rows, "kegiatan", "", ("csv", "json"))
            jobs.append((URLS.program_file(slug, year, str(program), "kegiatan"), job))
    return jobs


def _years(frame: pd.DataFrame) -> tuple[int, int] | None:
    if "tahun" not in frame or not frame["tahun"].notna().any():
        return None
    return int(frame["tahun"].min()), int(frame["tahun"].max())


SPBE_COLUMNS = ["tahun", "kerangka", "kode_indikator", "indikator", "aspek", "bobot", "tingkat"]
SPBE_COLUMNS += ["kode_opd", "catatan"]


def _spbe_slice(year: int, result: YearResult, out: dl.Published) -> None:
    """The indicator table of one evaluation year, as CSV and JSON."""
    rows = [
        [
            year,
            result.framework.name,
            i["number"],
            i["name"],
            i["aspect"],
            format(i["weight"], "f"),
            "" if i["level"] is None else i["level"],
            i["kode_opd"],
            i["note"],
        ]
        for i in result.indicators
    ]
    out.add(URLS.spbe_file(year, "spbe.csv"), dl.csv_bytes(SPBE_COLUMNS, rows))
    records = [dict(zip(SPBE_COLUMNS, r, strict=True)) for r in rows]
    out.add(URLS.spbe_file(year, "spbe.json"), dl.json_bytes(records))


def _unit_summary(model: CityModel) -> tuple[list[str], list[list]]:
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


def _api(model: CityModel, summary: list[dict], out: dl.Published) -> list[dict[str, str]]:
    """The static JSON API; returns its endpoints as the API page lists them."""
    by_unit: dict[str, list[dict]] = {}
    for row in summary:
        by_unit.setdefault(row["kode_opd"], []).append(row)
    unit_list = []
    for code, u in model.unit_directory.items():
        entry = {
            "kode_opd": code,
            "slug": u.slug,
            "nama_opd": u.nama_opd,
            "singkatan": u.singkatan,
            "jenis": u.jenis,
            "kode_induk": u.kode_induk,
            "halaman": URLS.unit(u.slug),
            "api": URLS.api_unit(u.slug),
        }
        unit_list.append(entry)
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
                        f: URLS.unit_file(u.slug, year, f"kegiatan.{f}") for f in dl.FORMATS
                    },
                }
            )
        out.add(URLS.api_unit(u.slug), dl.json_bytes({**entry, "tahun": years}))
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


def _readme(site: TerbukaSettings, datasets: list[dict], edition: str) -> bytes:
    lines = [
        f"# {site.site_name or 'Terbuka'}: {edition}",
        "",
        f"Penerbit: {site.author}",
        f"Lisensi: {site.license['title']} ({site.license['path']})",
        "",
        "## Isi",
        "",
        *[
            f"- `{d['name']}.csv`: {d['title']} ({d['rows']} baris). {d['description']}"
            for d in datasets
        ],
        "- `datapackage.json`: skema setiap file (Frictionless Data Package).",
        "- `SHA256SUMS`: sidik SHA-256 setiap file; periksa dengan `sha256sum -c SHA256SUMS`.",
        "",
        "## Sumber dan catatan",
        "",
        "Diekspor dari SIPD, e-Monev dan penilaian mandiri SPBE oleh Diskominfo, lalu",
        "diperiksa otomatis terhadap kontrak data. Peringatan yang tersisa ada di halaman",
        "Kualitas Data situs.",
        "Angka uang dalam rupiah, dengan titik sebagai pemisah desimal.",
    ]
    if site.sample_data:
        lines += ["", "**PERHATIAN: ini data contoh sintetis, bukan angka resmi.**"]
    lines += ["", "## Cara mengutip", "", citation(site, edition), ""]
    return "\n".join(lines).encode("utf-8")


def publish(
    model: CityModel,
    site: TerbukaSettings,
    edition: str,
    cache_dir: Path | None = None,
    pool: Executor | None = None,
) -> tuple[dl.Published, dict]:
    """Every data file of the site, and the catalog that describes them."""
    out = dl.Published()
    license_text = _license_text(site)
    cache = dl.FileCache(cache_dir)
    frames = {
        "opd": model.units,
        "program": model.programs,
        "kegiatan": model.activities,
        "realisasi": model.quarterly,
        "indikator": model.indicators,
        "spbe": model.spbe_levels,
        "spbe_indeks": model.spbe_index,
    }
    slugs = {code: u.slug for code, u in model.unit_directory.items()}
    jobs = [
        (URLS.data_file(name), dl.TableJob(f, name, license_text, dl.FORMATS))
        for name, f in frames.items()
    ]
    jobs += _slice_jobs(model, slugs, license_text)
    made = cache.files([job for _, job in jobs], pool)
    for (base, _), files in zip(jobs, made, strict=True):
        for fmt, data in files.items():
            out.add(f"{base}.{fmt}", data)
    datasets = []
    package_files: dict[str, bytes] = {}
    for name, frame in frames.items():
        schema = load_schema(name)
        package_files[f"{name}.csv"] = out.files[URLS.data_file(f"{name}.csv")]
        datasets.append(
            {
                "name": name,
                "title": schema.title,
                "description": schema.descriptor.get("description", ""),
                "rows": len(frame),
                "years": _years(frame),
                "files": [out.info(URLS.data_file(f"{name}.{f}")) for f in dl.FORMATS],
                "fields": schema.descriptor["fields"],
            }
        )
    package = dl.datapackage([load_schema(n) for n in frames], site)
    package_bytes = (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    out.add(URLS.data_file("datapackage.json"), package_bytes)
    package_files["datapackage.json"] = package_bytes
    package_files["README.md"] = _readme(site, datasets, edition)
    package_files["SHA256SUMS"] = dl.checksums({k: v for k, v in package_files.items()})
    out.add(URLS.data_file("terbuka-data.zip"), dl.zip_bytes(package_files))

    columns, rows = _unit_summary(model)
    out.add(URLS.unit_summary("csv"), dl.csv_bytes(columns, rows))
    summary = [dict(zip(columns, r, strict=True)) for r in rows]
    for row in summary:
        for key in ("pagu", "realisasi", "persen_terserap", "fisik"):
            row[key] = dl.Exact(row[key]) if row[key] != "" else None
    out.add(URLS.unit_summary("json"), dl.json_bytes(summary))
    for year, result in model.spbe_years.items():
        if result.indicators:
            _spbe_slice(year, result, out)
    endpoints = _api(model, summary, out)

    folder = URLS.catalog()
    city = {p.removeprefix(folder): d for p, d in out.files.items() if p.startswith(folder)}
    out.add(URLS.data_file("SHA256SUMS"), dl.checksums(city))
    catalog = {
        "datasets": datasets,
        "package": out.info(URLS.data_file("datapackage.json")),
        "zip": out.info(URLS.data_file("terbuka-data.zip")),
        "checksums": URLS.data_file("SHA256SUMS"),
        "license": site.license,
        "citation": citation(site, edition),
        "edition": edition,
        "endpoints": endpoints,
        "example_unit": URLS.api_unit(next(iter(model.unit_directory.values())).slug)
        if model.unit_directory
        else None,
    }
    return out, catalog
