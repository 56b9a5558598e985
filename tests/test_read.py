"""Every file format of the contract loads, with exact values and true lines."""

from decimal import Decimal

import pytest
from conftest import HEADERS, minimal_files, write_dataset
from terbuka.model.load import load

OPD = "1.01.0.00.0.00.01.0000"


def kegiatan_file(rows: list[str], header: str = HEADERS["kegiatan.csv"], sep: str = ",") -> str:
    return "\n".join([header.replace(",", sep), *rows]) + "\n"


def row(pagu: str, realisasi: str = "0", fisik: str = "", sub: str = "0001", sep: str = ",") -> str:
    cells = [
        "2026", OPD, "1.01.02", "1.01.02.2.01", "Kegiatan A", f"1.01.02.2.01.{sub}",
        f"Sub {sub}", pagu, realisasi, fisik, "DAU", "", "",
    ]  # fmt: skip
    return sep.join(f'"{c}"' if sep in c else c for c in cells)


def load_with(tmp_path, kegiatan: str | bytes):
    files = {**minimal_files(), "kegiatan.csv": kegiatan}
    files["program.csv"] = HEADERS["program.csv"] + f"\n2026,{OPD},1.01.02,Program Satu\n"
    return load(write_dataset(tmp_path, files))


def budgets(loaded) -> list[int]:
    return loaded.model.activities["pagu"].tolist()


def test_utf8_with_bom_and_crlf(tmp_path):
    text = kegiatan_file([row("1.500.000,50"), row("2.000.000", sub="0002")])
    loaded = load_with(tmp_path, ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    assert loaded.report.ok, loaded.report.as_text("")
    assert budgets(loaded) == [150000050, 200000000]


def test_excel_indonesian_locale_file_loads_with_exact_totals(tmp_path):
    """Semicolons, decimal commas, Rp prefixes, Excel's '-', Windows-1252, CRLF."""
    rows = [
        row("Rp 1.062.961.500,25", "Rp 1.000.000,25", "98,63%", "0001", ";"),
        row("Rp 2.500.000", "-", "0", "0002", ";"),
        row("Rp 333.333,33", "Rp 333.333,33", "100", "0003", ";"),
    ]
    text = kegiatan_file(rows, sep=";").replace(
        "Kegiatan A", "Pengadaan Alat Kesehatan – Tahap I (é)"
    )
    loaded = load_with(tmp_path, text.replace("\n", "\r\n").encode("cp1252"))
    assert loaded.report.ok, loaded.report.as_text("")
    warnings = [p for p in loaded.report.warnings if p.code == "encoding-cadangan"]
    assert [w.file for w in warnings] == ["kegiatan.csv"]
    model = loaded.model
    totals = model.unit_totals(OPD, 2026)
    assert totals.budget == 106296150025 + 250000000 + 33333333
    assert totals.spent == 100000025 + 0 + 33333333
    assert model.activities["nama_kegiatan"].iloc[0] == "Pengadaan Alat Kesehatan – Tahap I (é)"
    assert model.activities["fisik"].tolist() == [98.63, 0.0, 100.0]


def test_utf16_unicode_text_export(tmp_path):
    text = kegiatan_file([row("1500000.5", sep="\t")], sep="\t")
    loaded = load_with(tmp_path, text.encode("utf-16"))
    assert loaded.report.ok, loaded.report.as_text("")
    assert budgets(loaded) == [150000050]


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_delimiter_is_detected_per_file(tmp_path, sep):
    loaded = load_with(tmp_path, kegiatan_file([row("1.500.000", sep=sep)], sep=sep))
    assert loaded.report.ok, loaded.report.as_text("")
    assert budgets(loaded) == [150000000]


def test_excel_sep_hint_line_is_honoured_and_counted(tmp_path):
    text = "sep=;\n" + kegiatan_file(
        [row("1.500.000", sep=";"), row("x", sub="0002", sep=";")], sep=";"
    )
    loaded = load_with(tmp_path, text)
    assert [str(p) for p in loaded.report.errors] == [
        "kegiatan.csv:4:pagu: nilai 'x' bukan angka rupiah (contoh: 1.500.000,50)"
    ]


def test_headers_ignore_case_spaces_hyphens_and_accept_sipd_aliases(tmp_path):
    header = (
        " Tahun ,KODE SKPD,Kode-Program,kode_giat,Nama Giat,Kode Sub Giat,nama_sub_giat,"
        "Anggaran,Realisasi Keuangan,Realisasi Fisik,sumber dana,Lokasi,Versi Anggaran"
    )
    loaded = load_with(
        tmp_path, kegiatan_file([row("1.500.000", "750.000,00", "50")], header=header)
    )
    assert loaded.report.ok, loaded.report.as_text("")
    activity = loaded.model.activities.iloc[0]
    assert (activity["pagu"], activity["realisasi"], activity["fisik"]) == (
        150000000,
        75000000,
        50.0,
    )
    assert activity["kode_opd"] == OPD


def test_a_name_and_its_alias_together_is_an_error(tmp_path):
    header = HEADERS["kegiatan.csv"] + ",anggaran"
    text = kegiatan_file([row("1.500.000") + ",1.500.000"], header=header)
    loaded = load_with(tmp_path, text)
    assert [str(p) for p in loaded.report.errors] == [
        "kegiatan.csv:1:anggaran: kolom 'anggaran' sama artinya dengan kolom 'pagu'; "
        "file hanya boleh memuat satu kolom 'pagu'. Hapus salah satunya"
    ]


def test_unknown_column_is_a_warning_and_not_published(tmp_path):
    header = HEADERS["kegiatan.csv"] + ",Catatan Internal"
    loaded = load_with(tmp_path, kegiatan_file([row("1.500.000") + ",rahasia"], header=header))
    assert loaded.report.ok
    assert [str(p) for p in loaded.report.warnings] == [
        "kegiatan.csv:1:Catatan Internal: kolom 'Catatan Internal' tidak dikenal dan tidak dipublikasikan"
    ]
    assert "rahasia" not in loaded.model.activities.to_string()


def test_blank_lines_trailing_empty_rows_and_padded_cells(tmp_path):
    text = (
        HEADERS["kegiatan.csv"].replace(",", ";")
        + "\n\n"
        + row("  1.500.000 ", " 1.500.000 ", " 10 ", sep=";").replace(OPD, f"  {OPD}  ")
        + "\n;;;;;;;;;;;;\n\n"
        + row("zzz", sub="0002", sep=";")
        + "\n;;;;;;;;;;;;\n;;;;;;;;;;;;\n"
    )
    loaded = load_with(tmp_path, text)
    # The blank line 2 and the empty row 4 still count, as in a spreadsheet.
    assert [str(p) for p in loaded.report.errors] == [
        "kegiatan.csv:6:pagu: nilai 'zzz' bukan angka rupiah (contoh: 1.500.000,50)"
    ]


def test_quoted_fields_with_delimiters_and_newlines(tmp_path):
    name = 'Pembangunan "Jalan", Drainase;\nTahap II'
    quoted = '"' + name.replace('"', '""') + '"'
    text = kegiatan_file([row("1.500.000").replace("Kegiatan A", quoted), row("y", sub="0002")])
    loaded = load_with(tmp_path, text)
    # The multi-line record is one spreadsheet row: the next one is row 3.
    assert [str(p) for p in loaded.report.errors] == [
        "kegiatan.csv:3:pagu: nilai 'y' bukan angka rupiah (contoh: 1.500.000,50)"
    ]
    del loaded
    fixed = load_with(tmp_path, kegiatan_file([row("1.500.000").replace("Kegiatan A", quoted)]))
    assert fixed.model.activities["nama_kegiatan"].iloc[0] == name


def test_unreadable_bytes_are_an_error_never_mojibake(tmp_path):
    data = kegiatan_file([row("1.500.000")]).encode("utf-8") + b"\x81\x8d\n"
    loaded = load_with(tmp_path, data)
    assert [p.code for p in loaded.report.errors] == ["encoding"]


def test_a_broken_workbook_saved_as_csv_is_one_explained_error(tmp_path):
    # A workbook is read as one whatever its name; a broken one says so, once.
    loaded = load_with(tmp_path, b"PK\x03\x04rest-of-a-zip")
    assert [p.code for p in loaded.report.errors] == ["xlsx"]
    assert "file Excel tidak bisa dibaca" in loaded.report.errors[0].message


def test_money_totals_are_exact_beyond_float_precision(tmp_path):
    # 0.1 + 0.2 style drift and amounts beyond 2**53 sen must not change sums.
    amounts = ["0,10", "0,20", "90.071.992.547.409,93", "0,01"]
    rows_ = [row(a, "0", sub=f"{i:04d}") for i, a in enumerate(amounts, start=1)]
    loaded = load_with(tmp_path, kegiatan_file(rows_))
    assert loaded.report.ok, loaded.report.as_text("")
    expected = sum(Decimal(a.replace(".", "").replace(",", ".")) for a in amounts)
    assert loaded.model.unit_totals(OPD, 2026).budget == int(expected * 100)
