"""Which data files the site publishes, and the catalog of them.

City-wide datasets in XLSX, Parquet, CSV and JSON, ``datapackage.json``,
``SHA256SUMS`` and a ZIP; per unit and year, and per program, the rows
behind the page; per SPBE year its indicator table; the API (``api``).
Addresses come from ``URLS``; the bytes from ``downloads``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from terbuka.core.cache import FILES, CacheStore
from terbuka.core.fingerprint import code_digest
from terbuka.core.published import FileData, Published, sha256
from terbuka.core.schema import load_schema
from terbuka.core.settings import TerbukaSettings
from terbuka.core.urls import URLS
from terbuka.core.writes import write_whole
from terbuka.inputs.framework import framework_table
from terbuka.model.model import CityModel
from terbuka.model.spbe import YearResult
from terbuka.outputs import downloads as dl
from terbuka.outputs.api import unit_summary, write_api
from terbuka.outputs.examples import code_examples
from terbuka.outputs.sqlite import sqlite_bytes


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
    hashes = dl.row_hashes(model.current)
    for (unit, year), unit_rows in model.activities_by_unit_year.items():
        slug = slugs[unit]
        job = dl.TableJob(unit_rows, "kegiatan", license_text, dl.FORMATS, hashes)
        jobs.append((URLS.unit_file(slug, year, "kegiatan"), job))
        for program, program_rows in unit_rows.groupby("kode_program", sort=False):
            job = dl.TableJob(program_rows, "kegiatan", "", ("csv", "json"), hashes)
            jobs.append((URLS.program_file(slug, year, str(program), "kegiatan"), job))
    return jobs


SQLITE = "terbuka.sqlite"
# What a published file holds beyond its input schema's description: the
# main activity file keeps one budget version (kegiatan_semua_versi's own
# description says the rest).
PUBLISHED_NOTES = {
    "kegiatan": (
        "File ini memuat satu versi anggaran untuk setiap OPD dan tahun: anggaran perubahan bila "
        "ada, selain itu anggaran murni, sehingga jumlah pagu dan realisasinya sama dengan angka "
        "di halaman OPD. Anggaran murni yang sudah diubah ada di kegiatan_semua_versi."
    ),
    "belanja": (
        "File ini memuat versi anggaran yang sama dengan kegiatan.csv (perubahan bila ada, "
        "selain itu murni), sehingga jumlahnya per OPD dan tahun sama dengan angka di halaman OPD."
    ),
}


def published_description(name: str) -> str:
    """A dataset's description as every page, the package and the ZIP give it."""
    own = load_schema(name).descriptor.get("description", "")
    return " ".join(part for part in (own, PUBLISHED_NOTES.get(name, "")) if part)


def make_sqlite(frames: dict[str, pd.DataFrame]) -> bytes:
    """``terbuka.sqlite`` of these tables, made one table at a time."""
    return sqlite_bytes((n, dl.table_of(f, load_schema(n))) for n, f in frames.items())


def store_sqlite(frames: dict[str, pd.DataFrame], target: Path) -> None:
    """``make_sqlite`` written to the cache file ``target`` (in a worker: no bytes sent back)."""
    write_whole(target, make_sqlite(frames))


def _start_sqlite(
    frames: dict[str, pd.DataFrame], store: CacheStore | None, pool: Executor | None
) -> Callable[[], FileData]:
    """``terbuka.sqlite`` for these tables: from the cache when they are
    unchanged, else made in ``pool`` while the build goes on (after a one-row
    fix it is the largest file to make). Call the result for the file."""
    if store is None:
        made = make_sqlite(frames)
        return lambda: made
    key = sha256("|".join(dl.frame_key(f, n) for n, f in frames.items()).encode("ascii"))
    name = f"{key}.sqlite"
    cached = store.file(FILES, name)
    if cached is not None:
        return lambda: cached
    target = store.path(FILES, name)
    if pool is None:  # made here when asked for: the pages come first

        def made_here() -> FileData:
            store_sqlite(frames, target)
            return store.seal(FILES, name)

        return made_here
    making = pool.submit(store_sqlite, frames, target)

    def result() -> FileData:
        making.result()  # the worker's error, if any, surfaces here
        return store.seal(FILES, name)

    return result


def city_frames(model: CityModel) -> dict[str, pd.DataFrame]:
    """Every city-wide dataset (name -> rows), in catalog order."""
    frames = {
        "opd": model.units,
        "program": model.programs,
        "kegiatan": model.current,  # one budget version: sums to the pages
        "kegiatan_semua_versi": model.activities,
    }
    if not model.accounts.empty:  # only an export with account rows has them
        frames["belanja"] = model.current_accounts
    return frames | {
        "realisasi": model.quarterly,
        "indikator": model.indicators,
        "spbe": model.spbe_levels,
        "spbe_indeks": model.spbe_index,
    }


def release_sqlite(model: CityModel, store: CacheStore | None) -> FileData:
    """The frozen ``terbuka.sqlite`` of a release, from its own data."""
    return _start_sqlite(city_frames(model), store, None)()


def frozen_downloads(model: CityModel, site: TerbukaSettings, edition: str) -> dict[str, bytes]:
    """The city-wide files of /data/ as a site of this data and ``edition`` serves
    them (file name -> bytes), for a release to freeze and sign: the same code
    makes them, so while the release is the site's data they are byte-identical."""
    out = start_data_files(model, site, edition, slices=False).finish()
    folder = URLS.catalog()
    found = {}
    for path in out.files:
        name = path.removeprefix(folder)
        if path.startswith(folder) and "/" not in name and name != "SHA256SUMS":
            data = out.files[path]
            found[name] = data if isinstance(data, bytes) else data.read_bytes()
    return found


def _years(frame: pd.DataFrame) -> tuple[int, int] | None:
    if "tahun" not in frame or not frame["tahun"].notna().any():
        return None
    return int(frame["tahun"].min()), int(frame["tahun"].max())


SPBE_COLUMNS = ["tahun", "kerangka", "kode_indikator", "indikator", "aspek", "bobot", "tingkat"]
SPBE_COLUMNS += ["kode_opd", "catatan"]


def _spbe_slice(year: int, result: YearResult, out: Published) -> None:
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


def _package_zip(files: dict[str, FileData], store: CacheStore | None) -> FileData:
    """``terbuka-data.zip``: in the cache, named by its members' sums, when there is one."""
    if store is None:
        return dl.zip_bytes(files)
    sums = files["SHA256SUMS"]
    assert isinstance(sums, bytes)
    name = f"{sha256(sums + code_digest().encode('ascii'))}.zip"
    cached = store.file(FILES, name)
    if cached is not None:
        return cached
    dl.zip_file(files, store.path(FILES, name))
    return store.seal(FILES, name)


@dataclass
class DataFiles:
    """The data files being made in the pool (``start_data_files``); ``finish``
    waits for them and adds what is made from them: package, ZIP, SQLite, API."""

    model: CityModel
    site: TerbukaSettings
    edition: str
    store: CacheStore | None
    frames: dict[str, pd.DataFrame]
    bases: list[str]
    pending: dl.PendingFiles
    sqlite: Callable[[], FileData]
    made: list[str] = field(default_factory=list)  # the tables this build makes (not cached)
    catalog: dict = field(default_factory=dict)  # what describes the files, once finished

    def finish(self) -> Published:
        """Every data file of the site; ``catalog`` then describes them."""
        out, self.catalog = _finish(self)
        return out


def start_data_files(
    model: CityModel,
    site: TerbukaSettings,
    edition: str,
    store: CacheStore | None = None,
    pool: Executor | None = None,
    slices: bool = True,
) -> DataFiles:
    """The table files, started in ``pool`` (the build renders pages meanwhile);
    ``finish`` completes them. Without ``slices``, only the city-wide files (what
    a release freezes), not each unit's and program's rows."""
    license_text = _license_text(site)
    cache = dl.FileCache(store)
    frames = city_frames(model)
    jobs = [
        (URLS.data_file(name), dl.TableJob(f, name, license_text, dl.FORMATS))
        for name, f in frames.items()
    ]
    if slices:
        slugs = {code: u.slug for code, u in model.unit_directory.items()}
        jobs += _slice_jobs(model, slugs, license_text)
    sqlite = _start_sqlite(frames, store, pool)  # first in the queue: the longest job
    pending = cache.submit([job for _, job in jobs], pool)
    bases = [base for base, _ in jobs]
    made = [bases[i] for i in pending.todo]
    return DataFiles(model, site, edition, store, frames, bases, pending, sqlite, made)


def _finish(started: DataFiles) -> tuple[Published, dict]:
    model, site, edition, frames = started.model, started.site, started.edition, started.frames
    out = Published()
    made = started.pending.result()
    sqlite_data = started.sqlite()  # added below, in its place: the order of files is kept
    for base, files in zip(started.bases, made, strict=True):
        for fmt, data in files.items():
            out.add(f"{base}.{fmt}", data)
    datasets = []
    package_files: dict[str, FileData] = {}
    for name, frame in frames.items():
        schema = load_schema(name)
        package_files[f"{name}.csv"] = out.files[URLS.data_file(f"{name}.csv")]
        datasets.append(
            {
                "name": name,
                "title": schema.title,
                "description": published_description(name),
                "rows": len(frame),
                "years": _years(frame),
                "files": [out.info(URLS.data_file(f"{name}.{f}")) for f in dl.FORMATS],
                "fields": schema.descriptor["fields"],
            }
        )
    out.add(URLS.data_file(SQLITE), sqlite_data)
    package = dl.datapackage(
        [load_schema(n) for n in frames], site, {n: published_description(n) for n in frames}
    )
    package_bytes = (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    out.add(URLS.data_file("datapackage.json"), package_bytes)
    package_files["datapackage.json"] = package_bytes
    package_files["README.md"] = _readme(site, datasets, edition)
    package_files["SHA256SUMS"] = dl.checksum_lines(
        {
            name: sha256(data) if isinstance(data, bytes) else out.digest(URLS.data_file(name))
            for name, data in package_files.items()
        }
    )
    out.add(URLS.data_file("terbuka-data.zip"), _package_zip(package_files, started.store))

    columns, rows = unit_summary(model)
    out.add(URLS.unit_summary("csv"), dl.csv_bytes(columns, rows))
    summary = [dict(zip(columns, r, strict=True)) for r in rows]
    for row in summary:
        for key in ("pagu", "realisasi", "persen_terserap", "fisik"):
            row[key] = dl.Exact(row[key]) if row[key] != "" else None
    out.add(URLS.unit_summary("json"), dl.json_bytes(summary))
    for year, result in model.spbe_years.items():
        if result.indicators:
            _spbe_slice(year, result, out)
    endpoints = write_api(model, summary, out)

    frameworks = []
    for name, framework in model.frameworks.items():
        path = URLS.data_file(f"kerangka_{name}.csv")
        out.add(path, dl.csv_bytes(*framework_table(framework)))
        frameworks.append({"title": framework.title, "count": len(framework.indicators),
                           "file": out.info(path)})  # fmt: skip
    folder = URLS.catalog()
    city = {p.removeprefix(folder): out.digest(p) for p in out.files if p.startswith(folder)}
    out.add(URLS.data_file("SHA256SUMS"), dl.checksum_lines(city))
    catalog = {
        "datasets": datasets,
        "frameworks": frameworks,
        "package": out.info(URLS.data_file("datapackage.json")),
        "zip": out.info(URLS.data_file("terbuka-data.zip")),
        "sqlite": out.info(URLS.data_file(SQLITE)),
        "examples": code_examples(model, site.site_url, SQLITE),
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
