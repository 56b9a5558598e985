"""Downloads read right by the tools people open them with, with no option
(issue #26): DuckDB's and pandas' default readers on every table, and a
spreadsheet set to Indonesian (LibreOffice headless in id-ID) on the XLSX
and, following the catalog's own advice, on the CSV. Every sum is compared
with the figures printed on the unit pages."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import page
from openpyxl.utils import get_column_letter
from terbuka.core.schema import load_schema
from test_sums import csv_rows, page_figures

CODES = ("kode_opd", "kode_program", "kode_kegiatan", "kode_sub_kegiatan", "kode_indikator")
SEN = Decimal("0.01")


def dataset_names(site: Path) -> list[str]:
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    return [r["name"] for r in package["resources"]]


def unit_sums(rows: list[dict]) -> dict[tuple[int, str], tuple[Decimal, Decimal]]:
    """(year, unit) -> (pagu, realisasi), from rows whose values are any number type."""
    sums: dict[tuple[int, str], tuple[Decimal, Decimal]] = {}
    for row in rows:
        key = (int(row["tahun"]), str(row["kode_opd"]))
        budget, spent = sums.get(key, (Decimal(0), Decimal(0)))
        sums[key] = (
            budget + Decimal(str(row["pagu"] or 0)),
            spent + Decimal(str(row["realisasi"] or 0)),
        )
    return {k: (b.quantize(SEN), s.quantize(SEN)) for k, (b, s) in sums.items()}


@pytest.fixture(scope="module")
def pages(sample_site) -> dict[tuple[int, str], tuple[Decimal, Decimal]]:
    """What every unit page of every year prints: the figures the files must sum to."""
    slugs = {r["kode_opd"]: r["slug"] for r in csv_rows(sample_site / "data/opd.csv")}
    keys = {(int(r["tahun"]), r["kode_opd"]) for r in csv_rows(sample_site / "data/kegiatan.csv")}
    return {k: page_figures(sample_site, slugs[k[1]], k[0]) for k in sorted(keys)}


def test_every_parquet_file_is_typed_by_its_schema_and_read_right_by_default(sample_site):
    for name in dataset_names(sample_site):
        path = sample_site / f"data/{name}.parquet"
        published = csv_rows(sample_site / f"data/{name}.csv")
        schema = load_schema(name)
        relation = duckdb.sql(f"SELECT * FROM '{path}'")  # DuckDB's default reader
        types = dict(zip(relation.columns, map(str, relation.types), strict=True))
        expected = {
            "money": "DECIMAL(20,2)", "integer": "BIGINT", "percent": "DOUBLE",
            "number": "DOUBLE", "text": "VARCHAR",
        }  # fmt: skip
        assert types == {f.name: expected[f.kind] for f in schema.fields}, name
        found = relation.fetchall()
        assert len(found) == len(published), name
        for column in [c for c in CODES if types.get(c) == "VARCHAR"]:  # 4.01.01, never a date
            index = relation.columns.index(column)
            assert [r[index] or "" for r in found] == [r[column] for r in published], column
        frame = pd.read_parquet(path)  # pandas' default
        for f in schema.fields:
            if f.kind == "money":
                assert [Decimal(v) if v is not None else None for v in frame[f.name]] == [
                    Decimal(r[f.name]) if r[f.name] else None for r in published
                ], (name, f.name)
        described = pq.read_schema(path)
        for descriptor in schema.descriptor["fields"]:
            meta = described.field(descriptor["name"]).metadata
            assert meta[b"description"].decode() == descriptor.get("description", "")
        assert described.metadata[b"judul"].decode() == schema.title


def test_every_default_reader_sums_each_file_to_the_unit_pages(sample_site, pages):
    kegiatan = sample_site / "data/kegiatan"
    by_reader = {
        "duckdb parquet": duckdb.sql(f"SELECT * FROM '{kegiatan}.parquet'").df(),
        "duckdb csv": duckdb.sql(f"SELECT * FROM '{kegiatan}.csv'").df(),
        "duckdb json": duckdb.sql(f"SELECT * FROM '{kegiatan}.json'").df(),
        "pandas parquet": pd.read_parquet(f"{kegiatan}.parquet"),
        "pandas csv": pd.read_csv(f"{kegiatan}.csv"),
        "pandas json": pd.read_json(f"{kegiatan}.json", dtype=False),
    }
    for reader, frame in by_reader.items():
        assert unit_sums(frame.to_dict("records")) == pages, reader


def test_duckdb_reads_every_csv_parquet_and_json_download_with_its_defaults(sample_site):
    """Every table file, not only the main one: each opens with no option, and its
    money sums to the same sen in every format."""
    files = sorted(sample_site.rglob("*.parquet"))
    assert len(files) > 20  # city tables and every unit's slice
    for parquet in files:
        money = [f.name for f in load_schema(parquet.stem).fields if f.kind == "money"]
        sums, counts = {}, {}
        for fmt in ("parquet", "csv", "json"):
            relation = duckdb.sql(f"SELECT * FROM '{parquet.with_suffix('.' + fmt)}'")
            counts[fmt] = len(relation)
            if money:
                values = relation.aggregate(", ".join(f"SUM({c})" for c in money)).fetchall()[0]
                sums[fmt] = [Decimal(str(v or 0)).quantize(SEN) for v in values or ()]
        assert counts["parquet"] == counts["csv"] == counts["json"] > 0, parquet
        assert sums.get("parquet") == sums.get("csv") == sums.get("json"), parquet


def libreoffice(source: Path, outdir: Path, profile: Path, infilter: str | None = None) -> Path:
    """``source`` opened in LibreOffice set to Indonesian and saved as XLSX, as a
    clerk with an Indonesian desktop would (formulas are computed on the way)."""
    env = dict(os.environ, LC_ALL="id_ID.UTF-8", LANG="id_ID.UTF-8", LANGUAGE="id")
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", "xlsx", "--outdir", str(outdir), str(source)]
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=180)
    return outdir / f"{source.stem}.xlsx"


def sheet_sums(workbook: Path, sheet: str, keys, tmp_path: Path, profile: Path) -> dict:
    """(year, unit) -> (pagu, realisasi) as SUMIFS in the sheet computes them."""
    book = openpyxl.load_workbook(workbook)
    header = [c.value for c in book[sheet][1]]
    column = {name: get_column_letter(header.index(name) + 1) for name in header}
    sums = book.create_sheet("jumlah")
    for row, (year, unit) in enumerate(keys, start=1):
        for col, money in enumerate(("pagu", "realisasi"), start=1):
            m, y, u = column[money], column["tahun"], column["kode_opd"]
            formula = f'=SUMIFS({sheet}!{m}:{m},{sheet}!{y}:{y},{year},{sheet}!{u}:{u},"{unit}")'
            sums.cell(row, col, formula)
    with_sums = tmp_path / "dengan-jumlah.xlsx"
    book.save(with_sums)
    computed = openpyxl.load_workbook(
        libreoffice(with_sums, tmp_path / "dihitung", profile), data_only=True
    )["jumlah"]
    return {
        key: tuple(Decimal(str(computed.cell(r, c).value)).quantize(SEN) for c in (1, 2))
        for r, key in enumerate(keys, start=1)
    }


def cell_texts(workbook: Path, sheet: str) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(workbook, read_only=True)[sheet].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def same_cells(opened: list[dict[str, object]], published: list[dict[str, str]], name: str) -> None:
    """Every cell as the spreadsheet holds it: numbers as numbers of the same value, text as text."""
    kinds = {f.name: f.kind for f in load_schema(name).fields}
    assert len(opened) == len(published)
    for got, want in zip(opened, published, strict=True):
        for column, text in want.items():
            value = got[column]
            if text == "":
                assert value in (None, ""), (column, value)
            elif kinds[column] == "text":
                assert value == text, (column, value, text)
            else:
                assert isinstance(value, int | float), (column, value, text)
                assert Decimal(str(value)) == Decimal(text), (column, value, text)


def test_an_indonesian_spreadsheet_reads_the_xlsx_right_to_the_sen(sample_site, pages, tmp_path):
    profile = tmp_path / "profil"
    opened = libreoffice(sample_site / "data/kegiatan.xlsx", tmp_path / "xlsx", profile)
    same_cells(
        cell_texts(opened, "kegiatan"), csv_rows(sample_site / "data/kegiatan.csv"), "kegiatan"
    )
    assert sheet_sums(opened, "kegiatan", list(pages), tmp_path, profile) == pages
    realisasi = libreoffice(sample_site / "data/realisasi.xlsx", tmp_path / "xlsx", profile)
    same_cells(
        cell_texts(realisasi, "realisasi"),
        csv_rows(sample_site / "data/realisasi.csv"),
        "realisasi",
    )


def test_the_csv_in_an_indonesian_spreadsheet_is_right_only_as_the_catalog_says(
    sample_site, pages, tmp_path
):
    """Opened plainly, an Indonesian spreadsheet turns 1500000.50 into text and its
    sums come out short, as the catalog warns; with the catalog's settings (English
    (USA) for numbers, codes as Text) every cell and every sum is right."""
    profile = tmp_path / "profil"
    source = sample_site / "data/kegiatan.csv"
    published = csv_rows(source)
    header = list(published[0])
    advice = page(sample_site, "data/").find(id="membuka-csv").find_parent("section")
    said = " ".join(advice.get_text().split())
    assert "Language English (USA)" in said and "Tandai kolom kode sebagai Text" in said
    assert "penjumlahannya keliru" in said

    plain = libreoffice(source, tmp_path / "polos", profile, "CSV:44,34,76,1")
    assert sheet_sums(plain, "kegiatan", list(pages), tmp_path, profile) != pages

    as_text = "/".join(f"{i}/2" for i, c in enumerate(header, start=1) if c in CODES)
    advised = libreoffice(source, tmp_path / "saran", profile, f"CSV:44,34,76,1,{as_text},1033")
    same_cells(cell_texts(advised, "kegiatan"), published, "kegiatan")
    assert sheet_sums(advised, "kegiatan", list(pages), tmp_path, profile) == pages


def test_the_catalog_leads_with_xlsx_for_spreadsheets_and_parquet_for_tools(sample_site):
    catalog = page(sample_site, "data/")
    intro = " ".join(catalog.select_one(".pengantar").get_text().split())
    assert "Untuk spreadsheet, unduh XLSX" in intro
    assert "Untuk alat analisis, unduh Parquet" in intro
    assert "dibuka dengan benar di Excel" not in catalog.get_text()
    for dataset in catalog.select("section.dataset"):
        links = [a.get_text() for a in dataset.select(".unduhan a[download]")]
        assert links == ["XLSX", "PARQUET", "CSV", "JSON"], links
        first = dataset.select(".unduhan li")
        assert "spreadsheet" in first[0].select_one(".guna").get_text()
        assert "DuckDB" in first[1].select_one(".guna").get_text()
        # The hash waits behind a summary: no 64-character line on a phone.
        assert all(li.select_one("details.sidik-file code.sidik") for li in first)
    listed = (sample_site / "data/SHA256SUMS").read_text(encoding="utf-8")
    assert all(f"  {name}.parquet\n" in listed for name in dataset_names(sample_site))
