"""Open data: every figure downloadable, the same in every format, described,
checksummed, valid as a Frictionless package, and safe to open in Excel."""

import csv
import hashlib
import io
import json
import subprocess
from decimal import Decimal
from urllib.parse import urljoin

import duckdb
import openpyxl
import pandas as pd
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, minimal_files, page, write_dataset
from test_build import rupiah_text
from test_sample import rows

FRICTIONLESS = ROOT / ".venv/bin/frictionless"


def read_csv(path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(path, sheet: str) -> list[dict[str, str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    values = list(book[sheet].iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, r, strict=True)) for r in values[1:]]


def test_datapackage_passes_frictionless_validate(sample_site):
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "datapackage.json"],
        cwd=sample_site / "data",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    package = json.loads((sample_site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == [
        "opd", "program", "kegiatan", "kegiatan_semua_versi", "realisasi", "indikator", "spbe",
        "spbe_indeks",
    ]  # fmt: skip
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_published_checksums_match_the_files(sample_site):
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],
        cwd=sample_site / "data",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    checked = [line for line in result.stdout.splitlines() if line.endswith(": OK")]
    # every dataset in 4 formats, datapackage.json, the ZIP, terbuka.sqlite, 2 SPBE frameworks
    assert len(checked) == 8 * 4 + 3 + 2
    catalog = page(sample_site, "data/")
    for code in catalog.find_all("code", class_="sidik"):
        assert code.get_text() in (sample_site / "data/SHA256SUMS").read_text()


def test_every_unit_page_equals_the_sums_of_its_downloaded_csv(sample_site):
    checked = 0
    for unit in rows("opd.csv"):
        for year_dir in sorted((sample_site / "opd" / unit["slug"]).glob("20*")):
            downloaded = read_csv(year_dir / "kegiatan.csv")
            budget = sum(Decimal(r["pagu"]) for r in downloaded)
            spent = sum(Decimal(r["realisasi"] or 0) for r in downloaded)
            headline = page(year_dir, "").find(class_="angka-utama").get_text(" ", strip=True)
            assert "Pagu anggaran (APBD " in headline
            assert rupiah_text(budget) in headline and rupiah_text(spent) in headline, year_dir
            checked += 1
    assert checked >= 90


def test_csv_xlsx_and_json_of_a_dataset_hold_the_same_rows(sample_site):
    for name in ("kegiatan", "opd", "spbe"):
        from_csv = read_csv(sample_site / f"data/{name}.csv")
        from_json = json.loads((sample_site / f"data/{name}.json").read_text(encoding="utf-8"))
        from_xlsx = read_xlsx(sample_site / f"data/{name}.xlsx", name)
        assert len(from_csv) == len(from_json) == len(from_xlsx) > 0
        for c, j, x in zip(from_csv, from_json, from_xlsx, strict=True):
            for column, text in c.items():
                as_json, as_xlsx = j[column], x[column]
                if text == "":
                    assert as_json is None and as_xlsx is None
                elif isinstance(as_json, str):
                    assert as_json == as_xlsx == text  # codes stay text: "01" stays "01"
                else:
                    assert Decimal(str(as_json)) == Decimal(str(as_xlsx)) == Decimal(text)


def test_a_unit_download_has_its_dictionary_and_license(sample_site):
    book = openpyxl.load_workbook(sample_site / "opd/diskominfo/2026/kegiatan.xlsx", read_only=True)
    assert book.sheetnames == ["kegiatan", "kamus_data", "lisensi"]
    dictionary = read_xlsx(sample_site / "opd/diskominfo/2026/kegiatan.xlsx", "kamus_data")
    assert {"kolom": "pagu", "judul": "Pagu", "jenis": "uang (rupiah)"}.items() <= dictionary[
        7
    ].items()
    assert "Creative Commons" in next(book["lisensi"].iter_rows(values_only=True))[0]


def test_xlsx_money_shows_grouped_with_sen_and_columns_fit_their_text(sample_site):
    # Excel's General format showed a budget as 3.97E+09, and every column was 8 wide.
    sheet = openpyxl.load_workbook(sample_site / "data/kegiatan.xlsx")["kegiatan"]
    header = [c.value for c in sheet[1]]
    column = {name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(header)}
    assert sheet[f"{column['pagu']}2"].number_format == "#,##0.00"
    assert sheet[f"{column['tahun']}2"].number_format == "0"  # 2026, not 2,026
    assert sheet[f"{column['fisik']}2"].number_format == "0.0#"
    names = [c.value or "" for c in sheet[column["nama_sub_kegiatan"]]]
    # (xlsxwriter stores the width in pixels: 60 characters come back as 60.71)
    assert int(sheet.column_dimensions[column["nama_sub_kegiatan"]].width) == min(
        max(len(n) for n in names) + 2, 60
    )
    longest = max(len(f"{c.value:,.2f}") for c in sheet[column["pagu"]][1:])
    assert sheet.column_dimensions[column["pagu"]].width >= longest


def test_pages_link_their_rows_as_csv_and_json(sample_site):
    unit = page(sample_site, "opd/diskominfo/2026/")
    alternates = {link["type"]: link["href"] for link in unit.find_all("link", rel="alternate")}
    assert alternates == {
        "text/csv": "../../../opd/diskominfo/2026/kegiatan.csv",
        "application/json": "../../../opd/diskominfo/2026/kegiatan.json",
    }
    catalog = page(sample_site, "data/")
    ld = json.loads(catalog.find("script", type="application/ld+json").string)
    assert ld["@type"] == "DataCatalog" and len(ld["dataset"]) == 8
    kegiatan = ld["dataset"][2]
    assert kegiatan["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert {d["encodingFormat"] for d in kegiatan["distribution"]} >= {
        "text/csv",
        "application/json",
    }
    assert kegiatan["temporalCoverage"] == "2024/2026"


def test_json_api_paths(sample_site):
    units = json.loads((sample_site / "api/v1/opd.json").read_text(encoding="utf-8"))
    assert len(units) == len(rows("opd.csv"))
    one = json.loads((sample_site / "api/v1/opd/diskominfo.json").read_text(encoding="utf-8"))
    assert [y["tahun"] for y in one["tahun"]] == [2024, 2025, 2026]
    latest = read_csv(sample_site / "opd/diskominfo/2026/kegiatan.csv")
    assert Decimal(str(one["tahun"][-1]["pagu"])) == sum(Decimal(r["pagu"]) for r in latest)
    spbe = json.loads((sample_site / "api/v1/spbe.json").read_text(encoding="utf-8"))
    assert [(s["tahun"], s["indeks_resmi"]) for s in spbe if s["indeks_resmi"] is not None] == [
        (2023, 4.45)
    ]


def test_data_dictionary_renders_every_column_of_every_schema(sample_site):
    dictionary = page(sample_site, "data/kamus/")
    names = {code.get_text() for code in dictionary.select("table.kamus th code")}
    for schema_file in (ROOT / "plugins/terbuka/schemas").glob("*.json"):
        for field in json.loads(schema_file.read_text(encoding="utf-8"))["fields"]:
            assert field["name"] in names


def test_hostile_names_download_safely_and_round_trip(tmp_path):
    files = minimal_files()
    hostile = [
        '=HYPERLINK("http://x")',
        "+62 351",
        "-cmd|' /C calc'!A0",
        "@SUM(1+1)",
        '<b>tebal</b> & "kutip"',
    ]
    for i, name in enumerate(hostile, start=1):
        quoted = '"' + name.replace('"', '""') + '"'
        files["kegiatan.csv"] += (
            f"2026,5.01.0.00.0.00.02.0000,5.01.02,5.01.02.2.01,Kegiatan B,5.01.02.2.01.010{i},"
            f"{quoted},100,0,,,,\n"
        )
    output = tmp_path / "output"
    result = build_site(write_dataset(tmp_path / "data", files), output)
    assert result.returncode == 0, result.stdout + result.stderr
    from_csv = {
        r["kode_sub_kegiatan"]: r["nama_sub_kegiatan"]
        for r in read_csv(output / "data/kegiatan.csv")
    }
    from_json = {
        r["kode_sub_kegiatan"]: r["nama_sub_kegiatan"]
        for r in json.loads((output / "data/kegiatan.json").read_text("utf-8"))
    }
    book = openpyxl.load_workbook(output / "data/kegiatan.xlsx")
    sheet = book["kegiatan"]
    header = [c.value for c in sheet[1]]
    xlsx_cells = {
        row[header.index("kode_sub_kegiatan")].value: row[header.index("nama_sub_kegiatan")]
        for row in sheet.iter_rows(min_row=2)
    }
    for i, name in enumerate(hostile, start=1):
        code = f"5.01.02.2.01.010{i}"
        assert from_json[code] == name
        cell = xlsx_cells[code]
        assert cell.value == name and cell.data_type == "s"  # a string, never a formula
        expected_csv = "'" + name if name[0] in "=+-@" else name
        assert from_csv[code] == expected_csv
    html = (output / "opd/badan-dua/2026/index.html").read_text(encoding="utf-8")
    assert "<b>tebal</b>" not in html and "&lt;b&gt;tebal&lt;/b&gt;" in html


def test_data_quality_page_groups_warnings_and_reports_who_has_not_sent_data(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] += (
        "2026,1.01.0.00.0.00.01.0000,1.01.02,1.01.02.2.01,Kegiatan A,1.01.02.2.01.0002,Sub Z,100,250,,,,\n"
    )
    files["realisasi.csv"] = (
        "tahun,triwulan,kode_opd,kode_kegiatan,kode_sub_kegiatan,realisasi\n"
        "2026,1,1.01.0.00.0.00.01.0000,1.01.02.2.01,1.01.02.2.01.0001,100000\n"
    )
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "data", files), output).returncode == 0
    quality = page(output, "kualitas-data/")
    lines = [
        " ".join(li.get_text().split())
        for li in quality.find("section", attrs={"aria-labelledby": "status"})
        .find("ul")
        .find_all("li")
    ]
    assert lines == [
        "2 dari 2 perangkat daerah sudah mengirim kegiatan dan anggaran.",
        "1 dari 2 perangkat daerah sudah mengirim realisasi per triwulan; belum: Badan Dua.",
        "0 dari 2 perangkat daerah sudah mengirim indikator kinerja; belum: Dinas Satu, Badan Dua.",
    ]
    by_unit = quality.find(id="peringatan-dinas-satu").find_next("ul")
    assert " ".join(by_unit.get_text().split()) == (
        "kegiatan.csv:5:realisasi (tahun 2026, sub kegiatan 1.01.02.2.01.0002): realisasi Rp 250 "
        "melebihi pagu Rp 100"
    )
    # The warning links to its row, and the row says it too, beside its figure.
    target, _, anchor = by_unit.a["href"].partition("#")
    unit_page = (output / "kualitas-data" / target).resolve()
    row = BeautifulSoup(unit_page.read_text(encoding="utf-8"), "html.parser").find(id=anchor)
    assert "1.01.02.2.01.0002" in row.get_text()
    assert row.find(class_="tanda").get_text() == "melebihi pagu"
    assert len(page(output, "opd/dinas-satu/2026/").select(".tanda")) == 1


def test_codes_survive_pandas_and_the_duckdb_command_the_catalog_gives(sample_site):
    path = sample_site / "data/kegiatan.csv"
    published = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    codes = ["kode_opd", "kode_program", "kode_kegiatan", "kode_sub_kegiatan"]
    frame = pd.read_csv(path)  # pandas as a journalist calls it first
    for column in codes:
        assert frame[column].tolist() == [r[column] for r in published], column
    # DuckDB's own guess makes 4.01.01 a date; the catalog says how to read it.
    advice = page(sample_site, "data/").find(id="membuka-csv").find_parent("section")
    call = next(
        c.get_text() for c in advice.find_all("code") if c.get_text().startswith("read_csv(")
    )
    relation = duckdb.sql("SELECT * FROM " + call.replace("'kegiatan.csv'", f"'{path}'"))
    found = dict(zip(relation.columns, zip(*relation.fetchall(), strict=True), strict=True))
    assert list(found["kode_program"]) == [r["kode_program"] for r in published]
    assert [str(v) for v in found["kode_sub_kegiatan"]] == [
        r["kode_sub_kegiatan"] for r in published
    ]
    # The JSON twin needs no option at all: DuckDB's default reader keeps every code.
    query = next(c.get_text() for c in advice.find_all("code") if "'kegiatan.json'" in c.get_text())
    for name in ("kegiatan", "program", "indikator"):
        rows = json.loads((sample_site / f"data/{name}.json").read_text(encoding="utf-8"))
        relation = duckdb.sql(query.replace("'kegiatan.json'", f"'{sample_site}/data/{name}.json'"))
        types = dict(zip(relation.columns, relation.types, strict=True))
        for column in [c for c in codes if c in types]:
            assert str(types[column]) == "VARCHAR", (name, column)
            assert [r[0] for r in duckdb.sql(f"SELECT {column} FROM relation").fetchall()] == [
                row[column] for row in rows
            ], (name, column)


def test_the_spbe_framework_weights_are_downloadable_as_computed(sample_site):
    for name, count in (("spbe_2020", 47), ("pemdi_2026", None)):
        text = (sample_site / f"data/kerangka_{name}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        shipped = list(
            csv.DictReader((ROOT / f"plugins/terbuka/reference/{name}.csv").open(encoding="utf-8"))
        )
        assert [(r["no_indikator"], r["indikator"], r["bobot_indikator"]) for r in rows] == [
            (r["no_indikator"], r["indikator"], r["bobot_indikator"]) for r in shipped
        ]
        assert count is None or len(rows) == count
        assert f"kerangka_{name}.csv" in (sample_site / "data/SHA256SUMS").read_text()


def test_links_inside_the_json_api_resolve_against_the_files_own_address(sample_site):
    base = "https://contoh.example/"
    index = json.loads((sample_site / "api/v1/opd.json").read_text(encoding="utf-8"))
    targets = []
    for unit in index:
        for key in ("halaman", "api"):
            targets.append(urljoin(base + "api/v1/opd.json", unit[key]))
    one = json.loads((sample_site / "api/v1/opd/diskominfo.json").read_text(encoding="utf-8"))
    targets.append(urljoin(base + "api/v1/opd/diskominfo.json", one["halaman"]))
    for year in one["tahun"]:
        targets += [
            urljoin(base + "api/v1/opd/diskominfo.json", u) for u in year["unduhan"].values()
        ]
    for url in targets:
        path = sample_site / url.removeprefix(base)
        assert (path / "index.html" if url.endswith("/") else path).is_file(), url
    assert len(targets) == 2 * len(index) + 1 + 4 * len(one["tahun"])


def test_a_workbook_written_row_by_row_reads_as_the_one_held_in_memory(monkeypatch):
    from terbuka.core.schema import load_schema
    from terbuka.outputs import downloads

    frame = pd.read_csv(ROOT / "data/kegiatan.csv", dtype=str, keep_default_na=False)
    table = downloads.Table(load_schema("kegiatan"), frame.head(300).values.tolist())

    def sheets(data: bytes) -> dict:
        book = openpyxl.load_workbook(io.BytesIO(data))
        found = {}
        for sheet in book.worksheets:
            found[sheet.title] = (
                [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()],
                {k: d.width for k, d in sheet.column_dimensions.items()},
                sheet.freeze_panes,
            )
        return found

    held = downloads.xlsx_bytes(table, "Lisensi uji")
    monkeypatch.setattr(downloads, "XLSX_STREAM_ROWS", 10)
    streamed = downloads.xlsx_bytes(table, "Lisensi uji")
    assert held != streamed  # the streamed one has inline strings: another writer path
    assert sheets(streamed) == sheets(held)
    assert sheets(held)["kegiatan"][0][1][7] == (float(frame["pagu"][0]), "#,##0.00")


def test_every_file_of_the_site_is_in_its_digest_list_and_sha256sum_agrees(sample_site):
    listed = {}
    for line in (sample_site / "sidik-situs.txt").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {
        p.relative_to(sample_site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sample_site.rglob("*")
        if p.is_file() and p.name != "sidik-situs.txt"
    }
    assert listed == files  # every byte of the site, pages, charts, search index and all
    checked = subprocess.run(
        ["sha256sum", "--quiet", "-c", "sidik-situs.txt"],
        cwd=sample_site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
