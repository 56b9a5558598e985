"""Publishing straight from what SIPD exports (issue #15): XLSX with title rows,
one row per account, units and programs derived, budgets side by side.

The expected figures are summed here from the workbook itself, read with
openpyxl (not the reader the site uses), so the site's reader, sums and
pages are checked against an independent reading of the same file."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
import sys
import zipfile
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from conftest import (
    ROOT,
    build_site,
    once_per_run,
    page,
    run_terbuka,
    write_dataset,
    write_settings,
)
from terbuka.core.formatting import rupiah
from terbuka.inputs.xlsx import cell_text
from terbuka.model.load import load

GENERATOR = ROOT / "scripts" / "generate_sample.py"
SEN = Decimal("0.01")


def sipd_sample(path: Path) -> Path:
    subprocess.run(
        [sys.executable, str(GENERATOR), "--units", "33", "--rows", "900", "--sipd", str(path)],
        check=True,
        capture_output=True,
    )
    return path


@pytest.fixture(scope="session")
def sipd_sites(tmp_path_factory) -> dict[str, Path]:
    """The SIPD-style sample as XLSX and as Indonesian CSV, each alone in data/,
    built once for the run (every test worker reads the same)."""

    def make(root: Path) -> dict[str, str]:
        sites = {}
        for suffix in ("xlsx", "csv"):
            data = root / suffix / "data"
            sipd_sample(data / f"kegiatan.{suffix}")
            output = root / suffix / "output"
            result = build_site(data, output)
            assert result.returncode == 0, result.stdout + result.stderr
            sites[suffix] = str(output)
        sites["workbook"] = str(root / "xlsx" / "data" / "kegiatan.xlsx")
        return sites

    return {k: Path(v) for k, v in once_per_run(tmp_path_factory, "sipd", make).items()}


def workbook_rows(path: Path) -> list[dict[str, object]]:
    """The account rows of the workbook, by header name, read with openpyxl."""
    sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Tahun")
    header = rows[at]
    found = [dict(zip(header, r, strict=False)) for r in rows[at + 1 :] if r and r[0] != "JUMLAH"]
    return [r for r in found if r["Kode Rekening"]]


def money(value: object) -> Decimal:
    return Decimal(repr(value)).quantize(SEN, ROUND_HALF_UP)


def headline_exact(soup, label: str) -> str:
    for box in soup.select("dl.angka-utama > div"):
        if box.dt.get_text(strip=True).startswith(label):
            return box.dd.small.get_text(strip=True)
    raise AssertionError(label)


def test_a_sipd_workbook_alone_builds_exact_unit_totals_and_economic_classes(sipd_sites):
    rows = workbook_rows(sipd_sites["workbook"])
    units: dict[str, str] = {}
    budget: dict[str, Decimal] = defaultdict(Decimal)
    spent: dict[str, Decimal] = defaultdict(Decimal)
    by_class: dict[tuple[str, str], list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 2)
    for r in rows:
        code = str(r["Kode Sub SKPD"])
        units[code] = str(r["Nama Sub SKPD"])
        budget[code] += money(r["Alokasi Anggaran"])
        spent[code] += money(r["Realisasi Anggaran"])
        jenis = ".".join(str(r["Kode Rekening"]).split(".")[:3])
        by_class[(code, jenis)][0] += money(r["Alokasi Anggaran"])
        by_class[(code, jenis)][1] += money(r["Realisasi Anggaran"])
    assert len(units) >= 30
    output = sipd_sites["xlsx"]
    derived = list(csv.DictReader(io.StringIO(
        (output / "data/opd.csv").read_text(encoding="utf-8-sig"))))  # fmt: skip
    slugs = {r["kode_opd"]: r["slug"] for r in derived}
    assert set(slugs) == set(units)
    assert slugs["2.16.2.20.2.21.15.0000"] == "dinas-komunikasi-dan-informatika"
    kinds = {r["nama_opd"]: r["jenis"] for r in derived}
    assert kinds["Kecamatan Taman"] == "Kecamatan"
    assert kinds["Bagian Umum"] == "Lainnya"
    parents = {r["nama_opd"]: r["kode_induk"] for r in derived}
    assert parents["Bagian Umum"] == "4.01.0.00.0.00.01.0000"  # its SKPD induk
    for code, name in units.items():
        soup = page(output, f"opd/{slugs[code]}/2026/")
        assert soup.h1.get_text(" ", strip=True).startswith(name)
        assert headline_exact(soup, "Pagu anggaran") == rupiah(int(budget[code] * 100))
        assert headline_exact(soup, "Realisasi") == rupiah(int(spent[code] * 100))
        drawn = list(csv.DictReader(io.StringIO(
            (output / f"opd/{slugs[code]}/2026/grafik-belanja.csv").read_text(
                encoding="utf-8-sig"))))  # fmt: skip
        expected = sorted((j, v) for (u, j), v in by_class.items() if u == code)
        assert [
            (r["kode_jenis"], [Decimal(r["pagu"]), Decimal(r["realisasi"])]) for r in drawn
        ] == [(j, v) for j, v in expected]
        table = soup.find(id="grafik-belanja").find("table")
        cells = [
            [c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")
        ]
        # One row per jenis, exact to the sen, then each kelompok's exact total.
        assert [c[0] for c in cells[: len(expected)]] == [j for j, _ in expected]
        assert [c[3] for c in cells[: len(expected)]] == [
            rupiah(int(v[0] * 100)) for _, v in expected
        ]
        groups: dict[str, list[Decimal]] = {}
        for r in drawn:
            total = groups.setdefault(r["kelompok_belanja"], [Decimal(0), Decimal(0)])
            total[0] += Decimal(r["pagu"])
            total[1] += Decimal(r["realisasi"])
        assert cells[len(expected) :] == [
            [
                next(j for j, _ in expected if by_group(drawn, j) == g).rsplit(".", 1)[0],
                f"Jumlah {g}", g, rupiah(int(b * 100)), rupiah(int(sp * 100)),
            ]
            for g, (b, sp) in groups.items()
        ]  # fmt: skip


def by_group(drawn: list[dict[str, str]], jenis: str) -> str:
    return next(r["kelompok_belanja"] for r in drawn if r["kode_jenis"] == jenis)


def test_the_city_page_shows_spending_by_class_summed_from_every_account(sipd_sites):
    rows = workbook_rows(sipd_sites["workbook"])
    operasi = sum(
        money(r["Alokasi Anggaran"]) for r in rows if str(r["Kode Rekening"]).startswith("5.1.")
    )
    total = sum(money(r["Alokasi Anggaran"]) for r in rows)
    soup = page(sipd_sites["xlsx"], "")
    figure = soup.find(id="grafik-belanja")
    assert "Belanja Operasi" in figure.figcaption.get_text()
    drawn = list(csv.DictReader(io.StringIO(
        (sipd_sites["xlsx"] / "grafik/jenis-belanja-2026.csv").read_text(encoding="utf-8-sig"))))  # fmt: skip
    assert (
        sum(Decimal(r["pagu"]) for r in drawn if r["kelompok_belanja"] == "Belanja Operasi")
        == operasi
    )
    assert sum(Decimal(r["pagu"]) for r in drawn) == total
    belanja = list(csv.DictReader(io.StringIO(
        (sipd_sites["xlsx"] / "data/belanja.csv").read_text(encoding="utf-8-sig"))))  # fmt: skip
    assert len(belanja) == len(rows)
    assert sum(Decimal(r["pagu"]) for r in belanja) == total
    assert {r["jenis_belanja"] for r in belanja} >= {"Belanja Pegawai", "Belanja Barang dan Jasa"}


def test_a_program_page_shows_its_own_economic_classes(sipd_sites):
    rows = workbook_rows(sipd_sites["workbook"])
    mine = [
        r
        for r in rows
        if r["Kode Program"] == "2.16.03"
        and r["Nama Sub SKPD"] == "Dinas Komunikasi dan Informatika"
    ]
    assert mine
    soup = page(sipd_sites["xlsx"], "opd/dinas-komunikasi-dan-informatika/2026/2.16.03/")
    cells = [r.find_all(["th", "td"]) for r in soup.find(id="grafik-belanja").tbody.find_all("tr")]
    codes = sorted({".".join(str(r["Kode Rekening"]).split(".")[:3]) for r in mine})
    groups = sorted({".".join(str(r["Kode Rekening"]).split(".")[:2]) for r in mine})
    assert [c[0].get_text(strip=True) for c in cells] == codes + groups  # jenis, then kelompok


def test_the_belanja_dataset_is_in_the_package_and_the_sqlite_file(sipd_sites):
    data = sipd_sites["xlsx"] / "data"
    frictionless = ROOT / ".venv/bin/frictionless"
    checked = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"],
        cwd=data,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]
    total = sum(money(r["Alokasi Anggaran"]) for r in workbook_rows(sipd_sites["workbook"]))
    with sqlite3.connect(data / "terbuka.sqlite") as db:
        count, sen = db.execute("select count(*), sum(pagu_sen) from belanja").fetchone()
        (activity_sen,) = db.execute("select sum(pagu_sen) from kegiatan").fetchone()
    assert count == len(workbook_rows(sipd_sites["workbook"]))
    assert sen == activity_sen == int(total * 100)


def test_the_same_export_as_indonesian_csv_gives_byte_identical_downloads(sipd_sites):
    xlsx_site, csv_site = sipd_sites["xlsx"], sipd_sites["csv"]
    for name in ("kegiatan.csv", "belanja.csv", "opd.csv", "program.csv", "belanja.json"):
        assert (xlsx_site / "data" / name).read_bytes() == (
            csv_site / "data" / name
        ).read_bytes(), name
    unit = "opd/dinas-pendidikan/2026/"
    assert (xlsx_site / unit / "grafik-belanja.csv").read_bytes() == (
        csv_site / unit / "grafik-belanja.csv"
    ).read_bytes()


def test_the_report_says_where_the_header_is_and_leaves_the_total_row_out(sipd_sites):
    loaded = load(sipd_sites["workbook"].parent)
    text = [str(p) for p in loaded.report.warnings]
    assert any(
        t.startswith("kegiatan.xlsx:5:-: baris judul kolom ditemukan di baris 5; baris 1–3")
        for t in text
    ), text
    total_line = len(workbook_rows(sipd_sites["workbook"])) + 6
    assert f"kegiatan.xlsx:{total_line}:-: 1 baris jumlah" in "\n".join(text)
    assert any(t.startswith("opd.csv: opd.csv tidak ada: 33 OPD diturunkan") for t in text)


# Small workbooks ---------------------------------------------------------------

HEADER = ["Kode Sub SKPD", "Nama Sub SKPD", "Kode Program", "Nama Program", "Kode Kegiatan",
          "Nama Kegiatan", "Kode Sub Kegiatan", "Nama Sub Kegiatan", "Kode Rekening",
          "Nama Rekening", "Alokasi Anggaran", "Realisasi Anggaran"]  # fmt: skip
UNIT = ["1.01.0.00.0.00.01.0000", "Dinas Pendidikan", "1.01.02", "Program Pendidikan",
        "1.01.02.2.01", "Kegiatan", "1.01.02.2.01.0001", "Sub"]  # fmt: skip


def workbook(path: Path, rows: list[list[object]], title: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet1")
    lines = [[t] for t in (title or [])] + [[]] + rows
    for i, row in enumerate(lines):
        for j, value in enumerate(row):
            sheet.write(i, j, value)
    book.close()
    return path


def test_a_year_comes_from_the_title_row_and_accounts_sum_exactly(tmp_path):
    rows = [HEADER, [*UNIT, "5.1.02.01.01.0024", "ATK", 0.1, 0.1],
            [*UNIT, "5.1.02.01.01.0052", "Mamin", 0.2, 0.2],
            [*UNIT, "5.2.02.10.01.0002", "PC", 1500000.495, 0]]  # fmt: skip
    workbook(tmp_path / "data/kegiatan.xlsx", rows, ["PEMERINTAH KOTA", "TAHUN ANGGARAN 2026"])
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    model = loaded.model
    # 0.1 + 0.2 is 0.30 exactly; 1500000.495 is rounded half up to the sen.
    assert model.city_totals(2026).budget == 30 + 150000050
    assert [(c.code, c.budget) for c in model.spending_by_class(2026)] == [
        ("5.1.02", 30),
        ("5.2.02", 150000050),
    ]
    assert any("tahun 2026 diambil dari judul laporan" in p.message for p in loaded.report.warnings)


def test_without_a_year_anywhere_there_is_one_clear_error(tmp_path):
    workbook(tmp_path / "data/kegiatan.xlsx", [HEADER, [*UNIT, "5.1.02.01.01.0024", "ATK", 1, 1]])
    loaded = load(tmp_path / "data")
    assert [str(p) for p in loaded.report.errors] == [
        "kegiatan.xlsx:2:tahun: kolom wajib 'tahun' tidak ada di baris judul; tambahkan kolom "
        "tahun, atau baris judul laporan 'TAHUN ANGGARAN 2026'"
    ]


def test_an_error_names_the_sheet_and_cell(tmp_path):
    rows = [HEADER, [*UNIT, "5.1.02.01.01.0024", "ATK", "12,5,0", 1]]
    workbook(tmp_path / "data/kegiatan.xlsx", rows, ["TAHUN ANGGARAN 2026"])
    loaded = load(tmp_path / "data")
    assert [str(p) for p in loaded.report.errors] == [
        "kegiatan.xlsx:Sheet1!K4:4:pagu: nilai '12,5,0' bukan angka rupiah (contoh: 1.500.000,50)"
    ]


def test_a_missing_column_in_a_workbook_is_one_error_with_the_closest_header(tmp_path):
    header = [h if h != "Realisasi Anggaran" else "Realisasi Angaran" for h in HEADER]
    rows = [header, [*UNIT, "5.1.02.01.01.0024", "ATK", 1, 1]]
    workbook(tmp_path / "data/kegiatan.xlsx", rows, ["TAHUN ANGGARAN 2026"])
    errors = [str(p) for p in load(tmp_path / "data").report.errors]
    assert len(errors) == 1
    assert errors[0].startswith("kegiatan.xlsx:3:realisasi: kolom wajib 'realisasi'")
    assert errors[0].endswith(
        "kolom yang paling mirip: 'Realisasi Angaran'. Ganti judulnya menjadi 'realisasi', atau "
        "petakan di data/kolom.csv dengan baris kegiatan,Realisasi Angaran,realisasi"
    )


def test_budgets_side_by_side_become_the_two_budget_versions(tmp_path):
    text = (
        "Tahun;Kode SKPD;Nama SKPD;Kode Program;Nama Program;Kode Kegiatan;Nama Kegiatan;"
        "Nilai Anggaran Murni;Nilai Anggaran Perubahan;Realisasi Anggaran\n"
        "2026;1.01.0.00.0.00.01.0000;Dinas Pendidikan;1.01.02;Program;1.01.02.2.01;Kegiatan;"
        "1.000.000;1.200.000,50;300.000,00\n"
    )
    loaded = load(write_dataset(tmp_path / "data", {"kegiatan.csv": text}))
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    model = loaded.model
    versions = model.activities.set_index("versi_anggaran")
    assert int(versions.loc["murni", "pagu"]) == 100000000
    assert int(versions.loc["perubahan", "pagu"]) == 120000050
    assert model.city_totals(2026).budget == 120000050
    assert model.city_totals(2026).spent == 30000000


def test_a_heading_row_equal_to_its_accounts_is_left_out_and_an_unequal_one_is_an_error(tmp_path):
    def rows(heading: int) -> list[list[object]]:
        return [["Tahun", *HEADER], [2026, *UNIT, "", "", heading, 3],
                [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 1, 1],
                [2026, *UNIT, "5.1.02.01.01.0052", "Mamin", 2, 2]]  # fmt: skip

    workbook(tmp_path / "ok/kegiatan.xlsx", rows(3))
    loaded = load(tmp_path / "ok")
    assert loaded.report.ok
    assert loaded.model.city_totals(2026).budget == 300
    assert any("1 baris tanpa kode rekening" in p.message and "baris 3" in p.message
               for p in loaded.report.warnings)  # fmt: skip
    workbook(tmp_path / "bad/kegiatan.xlsx", rows(4))
    assert [p.line for p in load(tmp_path / "bad").report.errors] == [3]


def test_check_data_writes_suggested_files_outside_data(tmp_path):
    data = tmp_path / "data"
    workbook(data / "kegiatan.xlsx", [HEADER, [*UNIT, "5.1.02.01.01.0024", "ATK", 1, 1]],
             ["TAHUN ANGGARAN 2026"])  # fmt: skip
    result = run_terbuka("check", "--datadir", str(data), "--saran", str(tmp_path / "saran"))
    assert result.returncode == 0, result.stdout + result.stderr
    suggested = (tmp_path / "saran/opd.csv").read_text(encoding="utf-8-sig").splitlines()
    assert suggested[1] == "1.01.0.00.0.00.01.0000,dinas-pendidikan,Dinas Pendidikan,,Dinas,,,,,,"
    assert (tmp_path / "saran/program.csv").is_file()
    assert sorted(p.name for p in data.iterdir()) == ["kegiatan.xlsx"]
    inside = run_terbuka("check", "--datadir", str(data), "--saran", str(data / "saran"))
    assert "Saran tidak ditulis" in inside.stderr
    assert sorted(p.name for p in data.iterdir()) == ["kegiatan.xlsx"]


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [(0.1, "money", "0,10"), (1500000.0, "money", "1500000"), (2026.0, "integer", "2026"),
     (82.5, "percent", "82,5"), (1.01, None, "1.01"), ("Rp 1.500.000,50", "money", "Rp 1.500.000,50")],
)  # fmt: skip
def test_excel_cells_become_the_text_a_person_sees(value, kind, text):
    assert cell_text(value, kind) == text


# Budget and realisation in separate files ------------------------------------

BUDGET_ONLY = (
    "tahun;kode_opd;nama_opd;kode_program;nama_program;kode_kegiatan;nama_kegiatan;"
    "kode_sub_kegiatan;nama_sub_kegiatan;pagu\n"
    "2026;1.01.0.00.0.00.01.0000;Dinas Pendidikan;1.01.02;Program;1.01.02.2.01;Kegiatan;"
    "1.01.02.2.01.0001;Sub A;2.000.000\n"
    "2026;1.01.0.00.0.00.01.0000;Dinas Pendidikan;1.01.02;Program;1.01.02.2.01;Kegiatan;"
    "1.01.02.2.01.0002;Sub B;3.000.000\n"
)
QUARTERS = (
    "tahun,triwulan,kode_opd,kode_kegiatan,kode_sub_kegiatan,realisasi,fisik\n"
    "2026,1,1.01.0.00.0.00.01.0000,1.01.02.2.01,1.01.02.2.01.0001,100000,10\n"
    "2026,2,1.01.0.00.0.00.01.0000,1.01.02.2.01,1.01.02.2.01.0001,500000.50,25\n"
)


def test_spending_is_joined_from_the_realisation_file_by_code_and_year(tmp_path):
    both = QUARTERS + "2026,2,1.01.0.00.0.00.01.0000,1.01.02.2.01,1.01.02.2.01.0002,750000,30\n"
    files = {"kegiatan.csv": BUDGET_ONLY, "realisasi.csv": both}
    loaded = load(write_dataset(tmp_path / "data", files))
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    totals = loaded.model.city_totals(2026)
    assert (totals.budget, totals.spent) == (500000000, 50000050 + 75000000)  # the latest quarter


def test_rows_that_match_nothing_on_the_other_side_are_located_errors(tmp_path):
    stray = QUARTERS + "2026,2,1.01.0.00.0.00.01.0000,1.01.02.2.01,1.01.02.2.01.0009,1,1\n"
    files = {"kegiatan.csv": BUDGET_ONLY, "realisasi.csv": stray}
    errors = [str(p) for p in load(write_dataset(tmp_path / "data", files)).report.errors]
    assert errors == [
        "kegiatan.csv:3:realisasi: tidak ada realisasi untuk sub kegiatan ini di realisasi.csv "
        "(tahun 2026, OPD 1.01.0.00.0.00.01.0000, kegiatan 1.01.02.2.01, sub kegiatan "
        "1.01.02.2.01.0002); tambahkan barisnya, dengan 0 bila belum ada belanja",
        "realisasi.csv:4:kode_sub_kegiatan: tidak ada baris di kegiatan.csv dengan tahun=2026, "
        "kode_opd=1.01.0.00.0.00.01.0000, kode_kegiatan=1.01.02.2.01, "
        "kode_sub_kegiatan=1.01.02.2.01.0009; tambahkan dulu di kegiatan.csv atau perbaiki kodenya",
    ]


def test_account_budgets_with_spending_elsewhere_show_no_invented_spending_by_class(tmp_path):
    rows = [["Tahun", *HEADER[:-1]], [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 2000000]]
    workbook(tmp_path / "data/kegiatan.xlsx", rows)
    (tmp_path / "data/realisasi.csv").write_text(QUARTERS, encoding="utf-8")
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).spent == 50000050
    assert [(c.code, c.budget, c.spent) for c in loaded.model.spending_by_class(2026)] == [
        ("5.1.02", 200000000, None)
    ]


# The column map ----------------------------------------------------------------


def test_a_header_the_tool_does_not_know_is_mapped_in_kolom_csv(tmp_path):
    text = BUDGET_ONLY.replace(";pagu\n", ";Nilai DPA\n") + ""
    files = {
        "kegiatan.csv": text,
        "realisasi.csv": QUARTERS
        + "2026,2,1.01.0.00.0.00.01.0000,1.01.02.2.01,1.01.02.2.01.0002,0,0\n",
        "kolom.csv": "file,kolom_ekspor,kolom_terbuka\nkegiatan.xlsx,nilai dpa,pagu\n",
    }
    loaded = load(write_dataset(tmp_path / "data", files))
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).budget == 500000000


def test_the_column_map_is_checked_and_suggests_names(tmp_path):
    files = {
        "kegiatan.csv": BUDGET_ONLY,
        "kolom.csv": "file,kolom_ekspor,kolom_terbuka\nkegiatn,Nilai DPA,pagu\n"
        "kegiatan,Nilai DPA,pag\nkegiatan,nilai  dpa,pagu\n",
    }
    found = load(write_dataset(tmp_path / "data", files)).report.errors
    errors = [str(p) for p in found if p.file == "kolom.csv"]
    assert errors == [
        "kolom.csv:2:file: file 'kegiatn' bukan file data Terbuka; pilihan: opd, program, "
        "kegiatan, realisasi, indikator, spbe, spbe_indeks",
        "kolom.csv:3:kolom_terbuka: kolom 'pag' tidak ada di kegiatan; mungkin maksudnya 'pagu'",
        "kolom.csv:4:kolom_ekspor: baris ganda: file=kegiatan, kolom_ekspor=nilai_dpa sudah ada "
        "di baris 3; hapus salah satu atau perbaiki kodenya",
    ]


def test_an_unknown_header_names_the_known_column_it_is_like(tmp_path):
    text = BUDGET_ONLY.replace(";pagu\n", ";pagu;Pagu Anggran\n").replace("000\n", "000;1\n")
    files = {"kegiatan.csv": text, "realisasi.csv": QUARTERS}
    warnings = [str(p) for p in load(write_dataset(tmp_path / "data", files)).report.warnings]
    assert (
        "kegiatan.csv:1:Pagu Anggran: kolom 'Pagu Anggran' tidak dikenal dan tidak "
        "dipublikasikan; mungkin maksudnya 'pagu'? Bila ya, ganti judulnya, atau petakan di "
        "data/kolom.csv (file, kolom_ekspor, kolom_terbuka) dengan baris kegiatan,Pagu Anggran,"
        "pagu"
    ) in warnings


def test_a_workbook_is_frozen_in_a_release_and_its_frozen_page_links_it(tmp_path):
    data = tmp_path / "data"
    rows = [["Tahun", *HEADER], [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 2000000, 500000]]
    workbook(data / "kegiatan.xlsx", rows)
    store = tmp_path / "rilis"
    released = run_terbuka(
        "release", "--datadir", str(data), "--store", str(store), "--version", "2026-TW1",
        "--note", "Rilis dari SIPD", "--date", "2026-04-10",
    )  # fmt: skip
    assert released.returncode == 0, released.stdout + released.stderr
    assert (store / "2026-TW1/data/kegiatan.xlsx").read_bytes() == (
        data / "kegiatan.xlsx"
    ).read_bytes()
    assert run_terbuka("verify", "--store", str(store)).returncode == 0
    settings = write_settings(tmp_path / "settings.py", TERBUKA_RELEASES_DIR=str(store))
    output = tmp_path / "output"
    built = build_site(data, output, settings=str(settings))
    assert built.returncode == 0, built.stdout + built.stderr
    frozen = page(output, "rilis/2026-TW1/opd/dinas-pendidikan/")
    link = frozen.find(class_="unduh-tabel").find("a")
    assert link.get_text() == "kegiatan.xlsx"
    target = (output / "rilis/2026-TW1/opd/dinas-pendidikan/" / link["href"]).resolve()
    assert target.read_bytes() == (data / "kegiatan.xlsx").read_bytes()


# Hostile workbooks ---------------------------------------------------------------


@pytest.mark.parametrize(("row", "column"), [(1048575, 16383), (3, 104), (1000000, 0)])
def test_a_cell_far_outside_the_table_is_one_error_not_a_crash(tmp_path, row, column):
    # One cell at XFD1048576 would make the reader ask for 500 GB and abort.
    path = workbook(tmp_path / "data/kegiatan.xlsx", [HEADER, [*UNIT, "5.1.02", "ATK", 1, 1]])
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Tahun", *HEADER])
    sheet.write(row, column, "x")
    book.close()
    result = run_terbuka("check", "--datadir", str(tmp_path / "data"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "kegiatan.xlsx: lembar kerja memakai sel di luar kolom A–CZ atau di bawah baris 999.999"
    ) in result.stdout


def test_the_last_allowed_column_and_row_are_read(tmp_path):
    path = tmp_path / "data/kegiatan.xlsx"
    path.parent.mkdir(parents=True)
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Tahun", *HEADER])
    sheet.write_row(1, 0, [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 1, 1])
    sheet.write(1, 103, "catatan di kolom CZ")
    book.close()
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).budget == 100


@pytest.mark.parametrize(
    "reference", ["r='XFD1048576'", 'r = "XFD999999"', 'r="xfd999999"', 'r=\n"XFD999999"']
)
def test_a_far_cell_written_any_way_the_xml_allows_is_refused(tmp_path, reference):
    path = workbook(tmp_path / "data/kegiatan.xlsx", [HEADER], ["TAHUN ANGGARAN 2026"])
    with zipfile.ZipFile(path) as original:
        parts = {i.filename: original.read(i) for i in original.infolist()}
    far = f'<row r="999999"><c {reference} t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"</sheetData>", far.encode() + b"</sheetData>")
    with zipfile.ZipFile(path, "w") as rewritten:
        for name, content in parts.items():
            rewritten.writestr(name, content)
    result = run_terbuka("check", "--datadir", str(tmp_path / "data"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "lembar kerja memakai sel di luar kolom A–CZ" in result.stdout


# What a hostile review of real-looking exports found ----------------------------


def open_book(path: Path, sheets: dict[str, list[list[object]]]) -> xlsxwriter.Workbook:
    """A workbook with these sheets written from A1, left open for formulas and hiding."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(path)
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for i, row in enumerate(rows):
            sheet.write_row(i, 0, row)
    return book


def test_an_excel_error_cell_is_an_error_at_its_cell_never_an_empty_amount(tmp_path):
    # The reader sees #DIV/0! as an empty cell: the spending would drop out unsaid.
    rows = [["Tahun", *HEADER], [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 1000],
            [2026, *UNIT, "5.1.02.01.01.0052", "Mamin", 2000],
            [2026, *UNIT, "5.1.02.01.01.0053", "Cetak", 3000, 3000]]  # fmt: skip
    book = open_book(tmp_path / "data/kegiatan.xlsx", {"Sheet1": rows})
    sheet = book.get_worksheet_by_name("Sheet1")
    sheet.write_formula(1, 12, "=1/0", None, "#DIV/0!")
    sheet.write_formula(2, 12, "=NA()", None, "#N/A")
    sheet.write_formula(3, 13, "=1/0", None, "#DIV/0!")  # outside the table: no matter
    book.close()
    errors = [str(p) for p in load(tmp_path / "data").report.errors]
    assert errors == [
        f"kegiatan.xlsx:Sheet1!M{n}:{n}:realisasi: sel berisi galat Excel {value}, bukan nilai; "
        "perbaiki rumusnya atau ketik nilainya di Excel, lalu simpan ulang"
        for n, value in ((2, "#DIV/0!"), (3, "#N/A"))
    ]


def test_a_hidden_sheet_is_never_read_even_when_named_like_the_file(tmp_path):
    shown = [["Tahun", *HEADER], [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 1000, 400]]
    hidden = [["Tahun", *HEADER], [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 999999, 1]]
    book = open_book(tmp_path / "data/kegiatan.xlsx", {"Laporan": shown, "kegiatan": hidden})
    book.get_worksheet_by_name("kegiatan").hide()
    book.close()
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    totals = loaded.model.city_totals(2026)
    assert (totals.budget, totals.spent) == (100000, 40000)


def test_the_letters_of_a_far_cell_inside_a_cells_text_are_only_text(tmp_path):
    rows = [["Tahun", *HEADER], [2026, *UNIT, "5.1.02.01.01.0024", 'ATK r="DA1" r="1234567"', 1, 1]]
    workbook(tmp_path / "data/kegiatan.xlsx", rows)
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.accounts["nama_rekening"].tolist() == ['ATK r="DA1" r="1234567"']


def test_jumlah_in_the_account_code_cell_is_a_total_row_not_an_account(tmp_path):
    rows = [["Tahun", *HEADER], [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 1000, 400],
            [2026, *UNIT, "5.1.02.01.01.0052", "Mamin", 2000, 500],
            [2026, *UNIT, "Jumlah", "JUMLAH", 3000, 900]]  # fmt: skip
    workbook(tmp_path / "data/kegiatan.xlsx", rows)
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    totals = loaded.model.city_totals(2026)
    assert (totals.budget, totals.spent) == (300000, 90000)
    assert "kegiatan.xlsx:5:-: 1 baris jumlah (Jumlah, Total, Subtotal, Nasional) tidak " \
        "dihitung agar tidak terhitung dua kali: baris 5" in [str(p) for p in loaded.report.warnings]  # fmt: skip


def test_a_header_repeated_on_each_printed_page_and_column_numbers_are_skipped(tmp_path):
    header = ["Tahun", *HEADER]
    rows = [header, [str(i + 1) for i in range(len(header))],
            [2026, *UNIT, "5.1.02.01.01.0024", "ATK", 1000, 400], header,
            [2026, *UNIT, "5.1.02.01.01.0052", "Mamin", 2000, 500]]  # fmt: skip
    workbook(tmp_path / "data/kegiatan.xlsx", rows)
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).budget == 300000
    assert (
        "kegiatan.xlsx:3:-: 2 baris judul kolom yang berulang (atau baris nomor kolom 1, 2, 3 "
        "...) dilewati: baris 3, 5"
    ) in [str(p) for p in loaded.report.warnings]


VERSIONED = (
    "Tahun;Kode SKPD;Nama SKPD;Kode Program;Nama Program;Kode Kegiatan;Nama Kegiatan;"
    "Kode Sub Kegiatan;Nama Sub Kegiatan;{columns};Realisasi Anggaran\n"
)
SUB_ROW = "2026;1.01.0.00.0.00.01.0000;Dinas Pendidikan;1.01.02;Program;1.01.02.2.01;Kegiatan;"


def versioned_errors(folder: Path, columns: str, rows: list[str]) -> list[str]:
    """The errors for an export with these budget columns and sub kegiatan rows."""
    text = VERSIONED.format(columns=columns) + "".join(f"{SUB_ROW}{r}\n" for r in rows)
    return [str(p) for p in load(write_dataset(folder, {"kegiatan.csv": text})).report.errors]


@pytest.mark.parametrize(
    ("columns", "rows", "expected"),
    [
        # A row with no revised budget in a revised year would drop out of the total.
        ("Nilai Anggaran Murni;Nilai Anggaran Perubahan",
         ["1.01.02.2.01.0001;Sub A;1.000.000;1.200.000;800.000,00",
          "1.01.02.2.01.0002;Sub B;500.000;;400.000,00"],
         "kegiatan.csv:3:pagu_perubahan: kosong, padahal baris lain OPD ini di tahun yang sama "
         "punya pagu_perubahan; isi pagu_perubahan (sama dengan pagu murni bila tidak berubah, "
         "0 bila dihapus)"),
        # Pagu beside pagu murni must be the budget in force, or nobody knows which counts.
        ("Pagu;Nilai Anggaran Murni;Nilai Anggaran Perubahan",
         ["1.01.02.2.01.0001;Sub A;1.200.000;1.000.000;1.200.000;800.000,00",
          "1.01.02.2.01.0002;Sub B;500.000;500.000;600.000;400.000,00"],
         "kegiatan.csv:3:pagu: pagu Rp 500.000 tidak sama dengan pagu yang berlaku menurut kolom "
         "pagu murni/perubahan (Rp 600.000); Terbuka tidak bisa memilih. Samakan, atau hapus "
         "kolom pagu"),
    ],
)  # fmt: skip
def test_budget_columns_that_disagree_are_an_error_at_the_cell(tmp_path, columns, rows, expected):
    assert versioned_errors(tmp_path, columns, rows) == [expected]


def test_pergeseran_is_the_budget_in_force_only_where_no_perubahan_exists(tmp_path):
    columns = "Nilai Anggaran Murni;Nilai Anggaran Pergeseran;Nilai Anggaran Perubahan"
    shifted = VERSIONED.format(columns=columns) + f"{SUB_ROW}1.01.02.2.01.0001;Sub A;1.000.000;1.500.000;;800.000,00\n"  # fmt: skip
    loaded = load(write_dataset(tmp_path / "a", {"kegiatan.csv": shifted}))
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).budget == 150000000
    both = ["1.01.02.2.01.0001;Sub A;1.000.000;1.500.000;1.700.000;800.000,00",
            "1.01.02.2.01.0002;Sub B;500.000;600.000;;400.000,00"]  # fmt: skip
    errors = versioned_errors(tmp_path / "b", columns, both)
    assert [e.split(": ")[0] for e in errors] == ["kegiatan.csv:3:pagu_perubahan"]


def test_a_parent_unit_named_nowhere_is_an_error_at_the_export_row(tmp_path):
    rows = [["Tahun", "Kode Sub SKPD", "Nama Sub SKPD", "Kode SKPD Induk", "Nama SKPD Induk",
             *HEADER[2:]],
            [2026, "1.01.0.00.0.00.02.0000", "Kelurahan A", "1.01.0.00.0.00.09.0000", "",
             *UNIT[2:], "5.1.02.01.01.0024", "ATK", 1, 1]]  # fmt: skip
    workbook(tmp_path / "data/kegiatan.xlsx", rows)
    errors = [str(p) for p in load(tmp_path / "data").report.errors]
    assert errors == [
        "kegiatan.xlsx:Sheet1!E3:3:nama_induk: kosong; nama SKPD induk 1.01.0.00.0.00.09.0000 "
        "wajib diisi (tidak ada di baris mana pun)"
    ]


def test_every_row_of_the_column_map_does_what_it_says_or_is_reported(tmp_path):
    text = VERSIONED.format(columns="Nilai DPA;No") + f"{SUB_ROW}1.01.02.2.01.0001;Sub A;1.000;7;800\n"  # fmt: skip
    column_map = (
        "file,kolom_ekspor,kolom_terbuka\n"
        "kegiatan,Nilai DPA,pagu\n"
        "kegiatan,No,lokasi\n"  # a header read past by default: the map wins
        "kegiatan,Sumber Dana Daerah,sumber_dana\n"  # not in the file
        "kegiatan,Realisasi Anggaran,fisik\n"  # a known header given another meaning
        "kegiatan,---,pagu\n"
        "realisasi,Nilai SP2D,realisasi\n"  # realisasi.csv is absent
    )
    files = {"kegiatan.csv": text, "kolom.csv": column_map}
    report = load(write_dataset(tmp_path / "data", files)).report
    found = [str(p) for p in sorted(report.problems, key=lambda p: p.line or 0) if p.file == "kolom.csv"]  # fmt: skip
    assert found == [
        "kolom.csv:4:kolom_ekspor: kolom 'sumber_dana_daerah' tidak ada di baris judul "
        "kegiatan.csv; baris ini tidak dipakai",
        "kolom.csv:5:kolom_terbuka: kolom 'Realisasi Anggaran' sudah dikenal sebagai "
        "'realisasi'; baris ini mengubah artinya menjadi 'fisik'. Pastikan memang itu maksudnya",
        "kolom.csv:6:kolom_ekspor: '---' bukan judul kolom (hanya tanda baca atau spasi)",
        "kolom.csv:7:kolom_ekspor: kolom 'nilai_sp2d' tidak ada di baris judul realisasi.csv "
        "(file itu tidak ada); baris ini tidak dipakai",
    ]


def test_a_column_map_as_csv_and_as_xlsx_is_an_error(tmp_path):
    data = write_dataset(tmp_path / "data", {"kegiatan.csv": BUDGET_ONLY,
                                             "kolom.csv": "file,kolom_ekspor,kolom_terbuka\n"})  # fmt: skip
    workbook(data / "kolom.xlsx", [["file", "kolom_ekspor", "kolom_terbuka"]])
    errors = [str(p) for p in load(data).report.errors if p.file.startswith("kolom")]
    assert errors == ["kolom.csv: ada kolom.csv dan kolom.xlsx; simpan satu saja di folder data"]
