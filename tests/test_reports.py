"""Per-unit statutory budget reports (issue #25): real examples as regions
published them, and reports written here with every variant of the shape.

The expected figures come from the reports themselves, read here with the
csv module and plain arithmetic: the report's own printed total, its own
``5.2.3`` rows, never a figure copied from Terbuka's output.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import xlsxwriter
from conftest import ROOT, build_site, page, write_dataset, write_settings
from terbuka.core.formatting import rupiah
from terbuka.core.problems import Code
from terbuka.inputs.numbers import parse_column
from terbuka.model.load import load

EXAMPLES = ROOT / "tests" / "contoh-laporan"
FOLDERS = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


def _amount(text: str) -> Decimal:
    """A report's money as the test reads it: 1,234.50 / 1234,50 / 1234.50 / (x)."""
    text = text.strip()
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    value = Decimal(text)
    return -value if negative else value


def _rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes().decode("utf-8")
    delimiter = ";" if raw.splitlines()[0].count(";") > raw.splitlines()[0].count(",") else ","
    return list(csv.reader(io.StringIO(raw), delimiter=delimiter))


def _title(rows: list[list[str]], key: str) -> str:
    return next(r[1] for r in rows if r and r[0].strip().lower() == key)


def printed_total(path: Path) -> Decimal:
    """The unit's total spending as the report prints it (its budget column)."""
    rows = _rows(path)
    names = [(r[1].strip().lower(), r) for r in rows if len(r) > 2]
    for wanted in ("jumlah belanja", "belanja daerah", "belanja"):
        found = [r for name, r in names if name == wanted]
        if found:
            return _amount(found[0][2])
    # No overall total printed: its two parts are.
    parts = [r for name, r in names if name in ("belanja tidak langsung", "belanja langsung")]
    assert len(parts) == 2, path
    return sum((_amount(r[2]) for r in parts), Decimal(0))


def _unit_code(rows: list[list[str]]) -> str:
    """The unit a report is about: its rows' unit code where they are written with
    spaces around the dots (a real report's title row names another), else the
    title's Kode Organisasi."""
    spaced = [r[0].split(" . ") for r in rows[6:] if r and r[0].count(" . ") >= 2]
    if spaced:
        return spaced[0][1].strip()
    return re.match(r"[\d.]+", _title(rows, "kode organisasi")).group(0).rstrip(".")


def _difference(message: str) -> int:
    """The sen of "(selisih -Rp 1.500,50)" in a warning, read back by the test."""
    found = re.search(r"selisih (-?)Rp ([\d.]+)(?:,(\d\d))?\)", message)
    assert found, message
    sen = int(found.group(2).replace(".", "")) * 100 + int(found.group(3) or 0)
    return -sen if found.group(1) else sen


def _copy(folder: str, target: Path) -> Path:
    """An example folder copied as it is into an empty data folder."""
    target.mkdir(parents=True)
    for f in (EXAMPLES / folder).glob("*.csv"):
        shutil.copy(f, target / f.name)
    return target


@pytest.mark.parametrize("folder", FOLDERS)
def test_each_example_folder_loads_and_every_unit_total_is_the_reports_own(folder, tmp_path):
    data = _copy(folder, tmp_path / "data")
    loaded = load(data)
    assert [str(p) for p in loaded.report.errors] == []
    model = loaded.model
    assert model is not None
    # The second copy of one upload is read past, and the warning is filed under it.
    copies = {p.file for p in loaded.report.warnings if p.code == Code.REPORT_DUPLICATE}
    units = {}
    for path in sorted(data.glob("*.csv")):
        if path.name in copies:
            continue
        rows = _rows(path)
        year = int(_title(rows, "tahun"))
        code = _unit_code(rows)
        printed = int(printed_total(path) * 100)
        total = model.unit_totals(code, year).budget
        units[code] = total
        if total != printed:
            # The report disagrees with itself: the published figure is the sum
            # of its detailed rows, and warnings on its total rows (the whole, or
            # its two parts where no whole is printed) name the difference.
            named = [
                p.message
                for p in loaded.report.warnings
                if p.code == Code.REPORT_SUM and p.file == path.name
            ]
            whole = [
                m for m in named if re.match(r"'(BELANJA|BELANJA DAERAH|JUMLAH BELANJA) *'", m)
            ]
            if whole:
                assert (
                    f"{rupiah(printed)}, padahal jumlah rincian di bawahnya {rupiah(total)} "
                    f"(selisih {rupiah(printed - total)})" in whole[0]
                ), (path.name, printed, total)
            else:
                parts = [m for m in named if re.match(r"'BELANJA (TIDAK )?LANGSUNG *'", m)]
                differences = [_difference(m) for m in parts]
                assert sum(differences) == printed - total, (path.name, printed, total)
    assert model.city_totals(year).budget == sum(units.values())


def test_the_reports_that_agree_with_themselves_publish_their_printed_totals(tmp_path):
    # Sleman and Bantul print totals their rows add up to: no difference at all.
    for folder in ("sleman-2016-penjabaran", "bantul-2016-penjabaran"):
        data = _copy(folder, tmp_path / folder)
        loaded = load(data)
        assert not [p for p in loaded.report.problems if p.code == Code.REPORT_SUM]
        for path in data.glob("*.csv"):
            rows = _rows(path)
            code = _unit_code(rows)
            total = loaded.model.unit_totals(code, int(_title(rows, "tahun"))).budget
            assert total == int(printed_total(path) * 100)


def test_capital_spending_of_a_13_2006_report_is_its_5_2_3_rows_never_5_2(tmp_path):
    data = _copy("sleman-2016-penjabaran", tmp_path / "data")
    model = load(data).model
    for path in data.glob("*.csv"):
        rows = _rows(path)
        code = _title(rows, "kode organisasi")
        capital = sum(
            int(_amount(r[2]) * 100) for r in rows[7:] if r and r[0].strip().endswith(".5.2.3")
        )
        classes = {c.code: c for c in model.spending_by_class(2016, code)}
        assert classes["5.2.3"].name == "Belanja Modal"
        assert classes["5.2.3"].budget == capital
        assert {c.group for c in classes.values()} <= {"Belanja Tidak Langsung", "Belanja Langsung"}
        assert {c.regulation for c in classes.values()} == {"Permendagri 13/2006"}


def test_a_budget_only_site_publishes_no_spending_figure_anywhere(tmp_path):
    data = _copy("sleman-2016-penjabaran", tmp_path / "data")
    # No region in the settings: the one the reports name.
    settings = write_settings(
        tmp_path / "pelicanconf.py", TERBUKA_REGION="", TERBUKA_SAMPLE_DATA=False
    )
    output = tmp_path / "output"
    result = build_site(data, output, str(settings))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        page(output, "")
        .find("h1")
        .get_text(" ", strip=True)
        .startswith("Anggaran dan kinerja Kabupaten Sleman tahun 2016")
    )
    unit = page(output, "opd/badan-penanggulangan-bencana-daerah/")
    headline = unit.find("dl", class_="angka-utama").get_text(" ", strip=True)
    assert "Realisasi Belum dilaporkan" in headline
    assert "Sub kegiatan" not in headline  # 13/2006 has no sub kegiatan
    for html in output.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"Rp&nbsp;0\b|Rp 0(?![\d.,])", text), html
        assert not re.search(r"[>\s]0(,0)?%", text), html
    with (output / "data" / "kegiatan.csv").open(encoding="utf-8-sig") as fh:
        spent = {row["realisasi"] for row in csv.DictReader(fh)}
    assert spent == {""}
    classes = (output / "data" / "belanja.csv").read_text(encoding="utf-8-sig")
    assert "Belanja Operasi" not in classes and "Permendagri 90/2019" not in classes
    assert unit.find(string=re.compile("bagan akun Permendagri 13/2006"))


def test_identical_uploads_are_read_once_naming_both_files(tmp_path):
    data = _copy("gunungkidul-2014-realisasi", tmp_path / "data")
    loaded = load(data)
    [said] = [p for p in loaded.report.warnings if p.code == Code.REPORT_DUPLICATE]
    assert "2014_3403_1468467357.csv dan 3403_1470526481.csv" in said.message
    # Read once: the unit's budget is one report's, not two.
    printed = int(printed_total(data / "3403_1470526481.csv") * 100)
    assert loaded.model.unit_totals("1.01.01", 2014).budget <= printed


def _report(code: str, name: str, rows: str, header: str = "No. Rekening,Uraian,Jumlah") -> str:
    return (
        "Judul,Penjabaran Anggaran Pendapatan dan Belanja Daerah\nDaerah,Kabupaten Contoh\n"
        f"Tahun,2015\nKode Organisasi,{code}\nNama Organisasi,{name}\n{header}\n{rows}"
    )


def _rows_of(unit: str, spaced: bool) -> str:
    """One unit's report body: spending outside programs, one program, one kegiatan."""
    urusan = ".".join(unit.split(".")[:2])

    def code(*parts: str) -> str:
        return (
            " . ".join([urusan, unit, *parts]) + " "
            if spaced
            else ".".join([urusan, unit, *parts]) + "."
        )

    return (
        f"{code('00', '00', '5')},BELANJA,1500\n"
        f"{code('00', '00', '5', '1', '1')},Belanja Pegawai,1000\n"
        f"{code('01')},Program Satu,500\n"
        f'{code("01", "02")},Kegiatan Dua,500,"Sumber Dana : DAU Lokasi Kegiatan : Kecamatan Satu"\n'
        f"{code('01', '02', '5', '2', '3')},Belanja Modal,500\n"
    )


ROWS = _rows_of("1.01.01", spaced=True)


def test_two_files_claiming_one_unit_with_other_figures_are_one_error_naming_both(tmp_path):
    other = ROWS.replace(",500", ",700").replace(",1500", ",1700")
    data = write_dataset(
        tmp_path / "data",
        {
            "a.csv": _report("1.01.01", "Dinas Satu", ROWS),
            "b.csv": _report("1.01.01", "Dinas Satu", other),
        },
    )
    loaded = load(data)
    [found] = [p for p in loaded.report.errors if p.code == Code.REPORT_DUPLICATE]
    assert "a.csv dan b.csv" in found.message
    assert loaded.model is None


def test_every_spelling_of_the_shape_reads_to_the_same_figures(tmp_path):
    # Spaces around dots; trailing dots; dots dropped, with ';' cells, the title
    # rows in another order, code and name swapped, a misspelt header and
    # comma thousands.
    header = "No. Rekening,Uraian,Jumlah,Keterangan"
    undotted = (
        "Tahun;2015\nNama Organisasi;1.03.01\nJudul;Penjabaran APBD\nKode Organisasi;Dinas Tiga\n"
        "Kode Rekening;Uraian;Jumah;Keterangan\n"
        "103  10301  0000  5;BELANJA;1,500.00;\n"
        "103  10301  0000  511;Belanja Pegawai;1,000.00;\n"
        "103  10301  01;Program Satu;500.00;\n"
        "103  10301  0102;Kegiatan Dua;500.00;Sumber Dana : DAU Lokasi Kegiatan : Kecamatan Satu\n"
        "103  10301  0102  523;Belanja Modal;500.00;\n"
    )
    variants = {
        "spasi.csv": _report("1.01.01", "Dinas Satu", _rows_of("1.01.01", True), header),
        "titik.csv": _report("1.02.01", "Dinas Dua", _rows_of("1.02.01", False), header),
        "tanpa-titik.csv": undotted,
    }
    loaded = load(write_dataset(tmp_path / "data", variants))
    assert [str(p) for p in loaded.report.errors] == []
    model = loaded.model
    for unit in ("1.01.01", "1.02.01", "1.03.01"):
        totals = model.unit_totals(unit, 2015)
        # 1,500 rupiah in sen; no spending reported; the spending outside
        # programs is counted as a kegiatan of the unit but never as a program.
        assert (totals.budget, totals.spent, totals.programs, totals.activities) == (
            150000,
            None,
            1,
            2,
        )
        classes = {c.code: c.budget for c in model.spending_by_class(2015, unit)}
        assert classes == {"5.1.1": 100000, "5.2.3": 50000}
        rows = model.current[model.current["kode_opd"] == unit]
        assert set(rows["sumber_dana"]) == {"", "DAU"}
        assert set(rows["lokasi"]) == {"", "Kecamatan Satu"}
    misspelt = [p.message for p in loaded.report.warnings if p.file == "tanpa-titik.csv"]
    assert any("judul kolom 'Jumah' tidak dikenal; dibaca sebagai 'jumlah'" in m for m in misspelt)


def test_a_printed_total_that_disagrees_names_the_row_both_figures_and_the_difference(tmp_path):
    rows = ROWS.replace("Program Satu,500", "Program Satu,650")
    loaded = load(
        write_dataset(tmp_path / "data", {"laporan.csv": _report("1.01.01", "Dinas Satu", rows)})
    )
    [said] = [p for p in loaded.report.warnings if p.code == Code.REPORT_SUM]
    assert (said.file, said.line) == ("laporan.csv", 9)
    assert said.message == (
        "'Program Satu' tertulis Rp 650, padahal jumlah rincian di bawahnya Rp 500 (selisih "
        "Rp 150); yang diterbitkan adalah jumlah rinciannya"
    )
    assert loaded.model.unit_totals("1.01.01", 2015).budget == 150000


def test_a_perubahan_report_gives_both_budget_versions(tmp_path):
    text = (
        "Judul,Perubahan Anggaran Pendapatan dan Belanja Daerah\nTahun,2015\n"
        "Kode Organisasi,1.01.01\nNama Organisasi,Dinas Satu\n"
        "No. Rekening,Uraian,Sebelum,Sesudah,Angka,Prosentase\n"
        '1.01.1.01.01.01.,Program Satu,"1,000.00","1,200.00",200.00,20.00\n'
        '1.01.1.01.01.01.02.,Kegiatan Dua,"1,000.00","1,200.00",200.00,20.00\n'
        '1.01.1.01.01.01.02.5.2.2.,Belanja Barang dan Jasa,"1,000.00","1,200.00",200.00,20.00\n'
    )
    model = load(write_dataset(tmp_path / "data", {"perubahan.csv": text})).model
    assert model.unit_totals("1.01.01", 2015).budget == 120000
    assert model.budget_version(2015, "1.01.01") == {"label": "APBD perubahan", "murni": 100000}


def test_a_workbook_report_reads_like_its_csv(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    book = xlsxwriter.Workbook(str(data / "laporan.xlsx"))
    sheet = book.add_worksheet("Laporan")
    for r, line in enumerate(_report("1.01.01", "Dinas Satu", ROWS).splitlines()):
        for c, cell in enumerate(next(csv.reader([line]))):
            sheet.write_number(
                r, c, int(cell)
            ) if cell.isdigit() and c == 2 else sheet.write_string(r, c, cell)
    book.close()
    loaded = load(data)
    assert [str(p) for p in loaded.report.errors] == []
    assert loaded.model.unit_totals("1.01.01", 2015).budget == 150000


def test_comma_thousands_and_accounting_negatives_are_read_exactly():
    assert parse_column(["759,243,300,538.61 ", "(9,156,100.00)", "7253687000.00"], "money") == [
        Decimal("759243300538.61"),
        Decimal("-9156100.00"),
        Decimal("7253687000.00"),
    ]


def test_a_column_that_stays_ambiguous_is_one_error_for_the_column(tmp_path):
    files = {
        "kegiatan.csv": "tahun,kode_opd,nama_opd,kode_program,nama_program,kode_kegiatan,nama_kegiatan,"
        "kode_sub_kegiatan,nama_sub_kegiatan,pagu,realisasi\n"
        + "".join(
            f"2026,1.01,Dinas Satu,1.01.02,Program,1.01.02.2.01,Kegiatan,1.01.02.2.01.000{i},Sub {i},"
            f"{i}.500,1000\n"
            for i in range(1, 5)
        )
    }
    loaded = load(write_dataset(tmp_path / "data", files))
    found = [p for p in loaded.report.errors if p.code == Code.NOT_A_NUMBER]
    assert [(p.line, p.column) for p in found] == [(2, "pagu")]
    assert found[0].message.startswith(
        "4 nilai di kolom ini bisa dibaca dua cara (baris 2, 3, 4, 5)"
    )


def test_the_column_map_maps_jumlah_like_any_header(tmp_path):
    files = {
        "kegiatan.csv": "tahun,kode_opd,nama_opd,kode_program,nama_program,kode_kegiatan,nama_kegiatan,"
        "kode_sub_kegiatan,nama_sub_kegiatan,Jumlah,realisasi\n"
        "2026,1.01,Dinas Satu,1.01.02,Program,1.01.02.2.01,Kegiatan,1.01.02.2.01.0001,Sub,2000000,500000\n",
        "kolom.csv": "file,kolom_ekspor,kolom_terbuka\nkegiatan,Jumlah,pagu\n",
    }
    loaded = load(write_dataset(tmp_path / "data", files))
    assert [str(p) for p in loaded.report.errors] == []
    assert loaded.model.unit_totals("1.01", 2026).budget == 200000000


def test_a_file_that_is_neither_a_contract_file_nor_a_report_is_named_and_read_past(tmp_path):
    files = {"catatan.csv": "apa,ini\n1,2\n", "laporan.csv": _report("1.01.01", "Dinas Satu", ROWS)}
    loaded = load(write_dataset(tmp_path / "data", files))
    [said] = [p for p in loaded.report.warnings if p.file == "catatan.csv"]
    assert "bukan file data yang dikenal" in said.message


def test_a_release_freezes_the_reports_beside_the_contract_files_and_nothing_else(tmp_path):
    from terbuka.publishing import releases

    files = {
        "laporan_1.01.01.csv": _report("1.01.01", "Dinas Satu", ROWS),
        "nama dengan spasi.csv": _report("1.02.01", "Dinas Dua", ROWS),
        "opd.csv": "kode_opd,slug,nama_opd\n",
    }
    data = write_dataset(tmp_path / "data", files)
    assert releases.released_names(data) == ["opd.csv", "laporan_1.01.01.csv"]
    assert releases.allowed_entry("data/3402_1475312338.csv")
    for name in ("data/../x.csv", "data/a/b.csv", "data/CON.csv", "x.csv", "data/.csv"):
        assert not releases.allowed_entry(name), name
    # The file the release cannot freeze is not read either, and says why.
    loaded = load(data)
    [said] = [p for p in loaded.report.warnings if p.file == "nama dengan spasi.csv"]
    assert "nama laporan hanya boleh memuat huruf, angka" in said.message


def test_a_realisation_report_site_names_where_its_source_disagrees_on_the_unit_page(tmp_path):
    data = _copy("gunungkidul-2014-realisasi", tmp_path / "data")
    settings = write_settings(
        tmp_path / "pelicanconf.py",
        TERBUKA_REGION="Kabupaten Gunungkidul",
        TERBUKA_SAMPLE_DATA=False,
    )
    output = tmp_path / "output"
    result = build_site(data, output, str(settings))
    assert result.returncode == 0, result.stdout + result.stderr
    unit = page(output, "opd/dinas-pendidikan-pemuda-dan-olahraga/")
    notes = [li.get_text(" ", strip=True) for li in unit.select("details.catatan-sumber li")]
    # The report's own total row, its "Sesudah" (spending) column, and the
    # difference the page names: the published spending is the one less the other.
    rows = _rows(data / "2014_3403_1468467357.csv")
    spent_printed = int(_amount(next(r for r in rows if r[1] == "BELANJA DAERAH")[3]) * 100)
    [whole] = [n for n in notes if "baris 8: 'BELANJA DAERAH' tertulis Rp 643" in n]
    headline = unit.find("dl", class_="angka-utama").get_text(" ", strip=True)
    assert rupiah(spent_printed - _difference(whole)) in headline
    assert any("'PENGADAN PERLENGKAPAN SEKOLAH' tertulis Rp 35.200.000" in n for n in notes)


def test_an_evaluation_year_of_a_framework_not_carried_shows_its_official_index_only(tmp_path):
    # 2018 and 2019 were evaluated under PermenPANRB 5/2018: its indicator 1
    # is not the 2020 framework's indicator 1, so no level is matched by number.
    files = {
        **{
            name: (ROOT / "data" / name).read_text(encoding="utf-8")
            for name in ("opd.csv", "program.csv", "kegiatan.csv")
        },
        "spbe_indeks.csv": "tahun,indeks,kerangka,sumber\n2018,2.53,,Keputusan Menteri PANRB\n",
        "spbe.csv": "tahun,kerangka,kode_indikator,tingkat,kode_opd,catatan\n"
        + "".join(f"2018,,{i},2,,\n" for i in range(1, 38)),
    }
    loaded = load(write_dataset(tmp_path / "data", files))
    assert [str(p) for p in loaded.report.errors] == []
    [said] = [p for p in loaded.report.warnings if p.file == "spbe.csv"]
    assert said.message.startswith("tahun 2018 dievaluasi dengan kerangka spbe_2018")
    assert "37 tingkat indikatornya tidak dipakai" in said.message
    result = loaded.model.spbe_years[2018]
    assert (result.index, result.official, result.rating, result.indicators) == (
        None,
        Decimal("2.53"),
        None,
        [],
    )


def test_a_realisation_report_spending_more_than_its_budget_is_said_never_swapped(tmp_path):
    text = (
        "Judul,Realisasi Anggaran Pendapatan Belanja Daerah\nTahun,2014\n"
        "Kode Organisasi,1.01.01. - Dinas Satu\nKolom,7\n"
        "No. Rekening,Uraian,Sebelum,Sesudah,Angka,Prosentase,Keterangan\n"
        '1.01.1.01.01.01.,Program Satu,"1,000.00","1,200.00",200.00,20.00,\n'
        '1.01.1.01.01.01.02.,Kegiatan Dua,"1,000.00","1,200.00",200.00,20.00,\n'
        '1.01.1.01.01.01.02.5.2.2.,Belanja Barang dan Jasa,"1,000.00","1,200.00",200.00,20.00,\n'
    )
    loaded = load(write_dataset(tmp_path / "data", {"realisasi-2014.csv": text}))
    said = [p.message for p in loaded.report.warnings if p.code == Code.REPORT_READING]
    assert any(
        m.startswith("realisasi seluruh laporan (Rp 1.200) melebihi anggarannya") for m in said
    )
    totals = loaded.model.unit_totals("1.01.01", 2014)
    assert (totals.budget, totals.spent) == (100000, 120000)


def test_reports_of_past_years_beside_the_citys_export_build_one_site(tmp_path):
    # The sample city's SIPD-style export (2024 to 2026, with opd.csv and
    # program.csv) and two 2016 per-unit reports: one table, the reports' units
    # added from their names with a warning, every year's figures unchanged.
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    alone = load(data).model
    for f in (EXAMPLES / "sleman-2016-penjabaran").glob("*.csv"):
        shutil.copy(f, data / f.name)
    loaded = load(data)
    assert [str(p) for p in loaded.report.errors] == []
    model = loaded.model
    assert model.years == [2016, *alone.years]
    for year in alone.years:
        assert model.city_totals(year) == alone.city_totals(year)
    reports_total = sum(
        int(printed_total(f) * 100) for f in (EXAMPLES / "sleman-2016-penjabaran").glob("*.csv")
    )
    assert model.city_totals(2016).budget == reports_total
    [said] = [p for p in loaded.report.warnings if p.message.startswith("2 OPD dan ")]
    assert "ditambahkan dari nama di laporannya" in said.message
    assert {"1.19.23.00", "1.20.03.00"} <= set(model.units["kode_opd"])


def test_a_report_whose_columns_mean_otherwise_beside_an_export_is_one_error(tmp_path):
    text = (
        "Judul,Perubahan Anggaran Pendapatan dan Belanja Daerah\nTahun,2015\n"
        "Kode Organisasi,1.01.01\nNama Organisasi,Dinas Satu\n"
        "No. Rekening,Uraian,Sebelum,Sesudah\n"
        '1.01.1.01.01.01.02.5.2.2.,Belanja Barang dan Jasa,"1,000.00","1,200.00"\n'
    )
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "perubahan-2015.csv").write_text(text, encoding="utf-8")
    loaded = load(data)
    [found] = [p for p in loaded.report.errors if p.code == Code.TWO_FORMATS]
    assert found.message.startswith("folder data berisi kegiatan.csv dan laporan per OPD")
    assert "laporan Perubahan APBD memakai pagu murni dan perubahan" in found.message


def test_a_site_spanning_both_charts_of_accounts_says_where_the_break_falls(tmp_path):
    from terbuka.pages.home import regulation_break

    data = _copy("bantul-2016-penjabaran", tmp_path / "data")
    # One more unit in 2021, its accounts in the 90/2019 shape (5.1.02).
    (data / "laporan-2021.csv").write_text(
        "Judul,Penjabaran APBD\nTahun,2021\nKode Organisasi,1.01.03\nNama Organisasi,Dinas Tiga\n"
        "Kode Rekening,Uraian,Jumlah\n"
        "1.01.1.01.03.01.02.5.1.02.01,Belanja Barang,700\n",
        encoding="utf-8",
    )
    model = load(data).model
    assert model.regulation_years == {
        "Permendagri 13/2006": [2016],
        "Permendagri 90/2019": [2021],
    }
    assert regulation_break(model.regulation_years).startswith(
        "Kode rekening belanja tahun 2016 menurut Permendagri 13/2006; 2021 menurut "
        "Permendagri 90/2019. Kode yang sama berarti lain"
    )
    assert regulation_break({"Permendagri 13/2006": [2014, 2016]}) == ""


def test_shapes_found_in_reports_the_reader_had_not_seen(tmp_path):
    # From other Kulon Progo and Bantul uploads: a note's continuation and a
    # total's label in the code column, a title naming another unit than every
    # row does, "Nama Dinas", the same report under a shorter name, a summary.
    body = ROWS.replace("1.01 . 1.01.01", "1.01 . 1.01.03") + (
        '"Staples 24/6""2 dos x 5.000,00",,,\nSURPLUS / (DEFISIT),SURPLUS / (DEFISIT),-1500\n'
    )
    files = {
        "a.csv": _report("1.01.01", "Dinas Satu", body).replace("Nama Organisasi", "Nama Dinas"),
        "b.csv": _report("1.01.01", "Dinas Satu dan Dua", body),
        "ringkasan.csv": "Judul,Ringkasan APBD\nTahun,2015\nKode Organisasi,0\n"
        "No. Rekening,Uraian,Jumlah\n4,PENDAPATAN,100\n",
    }
    loaded = load(write_dataset(tmp_path / "data", files))
    assert [str(p) for p in loaded.report.errors] == []
    said = {(p.file, p.code): p.message for p in loaded.report.warnings}
    assert said[("a.csv", Code.REPORT_CODE)] == (
        "Kode Organisasi di judul (1.01.01) berbeda dengan kode OPD di semua baris (1.01.03); "
        "laporan dibaca sebagai OPD 1.01.03"
    )
    assert (
        "diunggah dua kali dengan isi yang sama (a.csv dan b.csv)"
        in (said[("b.csv", Code.REPORT_DUPLICATE)])
    )
    assert said[("ringkasan.csv", Code.REPORT_READING)].startswith("laporan ringkasan seluruh")
    units = loaded.model.units.set_index("kode_opd")
    assert units.loc["1.01.03", "nama_opd"] == "Dinas Satu dan Dua"  # the fuller name
    assert loaded.model.unit_totals("1.01.03", 2015).budget == 150000


HOSTILE = {
    # A hostile-input pass on the reader: each of these once published a wrong
    # figure, dropped rows silently or crashed; each is now one located error.
    "a year that is not one": (
        lambda text: text.replace("Tahun,2015", "Tahun,20l6"),
        "tahun anggaran tidak ada di baris judul ('20l6' bukan tahun)",
    ),
    "no year, and a year in the title's law": (
        lambda text: text.replace("Tahun,2015\n", "").replace(
            "Belanja Daerah", "Belanja Daerah Perda No 13 Tahun 2012"
        ),
        "tahun anggaran tidak ada di baris judul",
    ),
    "a misspelt kind over two amount columns": (
        lambda text: text.replace("Penjabaran Anggaran", "Relisasi Anggaran").replace(
            "No. Rekening,Uraian,Jumlah", "No. Rekening,Uraian,Sebelum,Sesudah"
        ),
        "tidak menyebut Perubahan atau Realisasi, padahal kolomnya Sebelum dan Sesudah",
    ),
    "an amount on a row without a code": (
        lambda text: text + ",Belanja Modal Tanpa Kode,500\n",
        "berangka tetapi tanpa kode rekening",
    ),
    "a quote left open": (
        lambda text: text.replace("Belanja Pegawai,1000", 'Belanja Pegawai,1000,"catatan'),
        "tanda kutip yang dibuka tidak ditutup",
    ),
    "a control character": (
        lambda text: text.replace("Program Satu", "Program\x0bSatu"),
        "karakter kendali U+000B",
    ),
    "a cell past the csv module's limit": (
        lambda text: text.replace("Program Satu", "P" * 140_000),
        "baris tidak bisa dibaca sebagai CSV",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_reports_are_one_located_error_never_a_wrong_figure(case, tmp_path):
    change, said = HOSTILE[case]
    text = change(_report("1.01.01", "Dinas Satu", _rows_of("1.01.01", spaced=False)))
    loaded = load(write_dataset(tmp_path / "data", {"laporan.csv": text}))
    assert loaded.model is None
    assert any(said in p.message for p in loaded.report.errors), [
        str(p) for p in loaded.report.errors
    ]


def test_a_kegiatan_numbered_4_is_spending_and_repeats_are_said_once(tmp_path):
    rows = "".join(f"1.01.1.01.01.01.4.5.2.2.01,Belanja Barang,{n}\n" for n in [100] + [100] * 999)
    text = _report("1.01.01", "Dinas Satu", "1.01.1.01.01.01.4,Kegiatan Empat,\n" + rows)
    loaded = load(write_dataset(tmp_path / "data", {"laporan.csv": text}))
    assert [str(p) for p in loaded.report.errors] == []
    # 4 is the kegiatan (4.5 is no kelompok): Rp 100, the 999 equal repeats once.
    assert loaded.model.unit_totals("1.01.01", 2015).budget == 10000
    [said] = [p for p in loaded.report.warnings if "tertulis lagi" in p.message]
    assert said.message.startswith("rekening 5.2.2.01 ('Belanja Barang', baris 8) tertulis lagi")
    assert "dan 969 lainnya" in said.message


def test_a_report_beside_the_export_for_the_same_unit_and_year_is_one_error(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    # Sekretariat Daerah of the sample, 2024, its code without the trailing .0000.
    report = _report("4.01.0.00.0.00.01", "Sekretariat Daerah", "").replace("2015", "2024")
    report += "4.01.4.01.0.00.0.00.01.01.02.5.1.02.01,Belanja Barang,500\n"
    (data / "setda-2024.csv").write_text(report, encoding="utf-8")
    loaded = load(data)
    [found] = [p for p in loaded.report.errors if p.code == Code.REPORT_DUPLICATE]
    assert "(4.01.0.00.0.00.01 tahun 2024); angkanya akan terhitung dua kali" in found.message


def test_two_differing_title_rows_are_an_error_and_a_report_without_spending_is_said(tmp_path):
    twice = _report("1.01.01", "Dinas Satu", ROWS).replace(
        "Tahun,2015\n", "Tahun,2015\nTahun,2016\n"
    )
    revenue = _report("1.02.01", "Dinas Dua", "1.02 . 1.02.01 . 00 . 00 . 4 . 1 ,PAD,500\n")
    loaded = load(write_dataset(tmp_path / "data", {"a.csv": twice, "b.csv": revenue}))
    [found] = [p for p in loaded.report.errors if p.file == "a.csv"]
    assert found.message.startswith(
        "baris judul yang sama tertulis dua kali dengan isi berbeda ('2015' di baris 3, '2016' "
        "di baris 4)"
    )
    said = [p.message for p in loaded.report.warnings if p.file == "b.csv"]
    assert any(m.startswith("laporan ini tidak memuat satu pun rekening belanja") for m in said)
