"""Nothing published that the data does not say (issue #27): workbooks and codes.

Each workbook here is written as raw XML where the case needs what Excel
itself never writes (cells without ``r=``, a namespace prefix, a far cell), so
that the reader is tested against the XML a file may hold, not against the
XML one writer happens to produce. The expected figures are the ones written
into the file; a cell that cannot be read as the data says is an error at
that cell, with its sheet, cell, line and column."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import xlsxwriter
from conftest import HEADERS, minimal_files, run_terbuka, write_dataset
from terbuka.core.problems import Code
from terbuka.inputs.xlsx import column_letter as letters
from terbuka.model.load import load

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["Tahun", "Kode Sub SKPD", "Nama Sub SKPD", "Kode Program", "Nama Program",
          "Kode Kegiatan", "Nama Kegiatan", "Kode Sub Kegiatan", "Nama Sub Kegiatan",
          "Kode Rekening", "Nama Rekening", "Alokasi Anggaran", "Realisasi Anggaran"]  # fmt: skip
UNIT = [2026, "1.01.0.00.0.00.01.0000", "Dinas Pendidikan", "1.01.02", "Program Pendidikan",
        "1.01.02.2.01", "Kegiatan", "1.01.02.2.01.0001", "Sub"]  # fmt: skip
DIV0 = ("error", "#DIV/0!")  # a cell holding an Excel error, as the file stores it


def cell(value: object, ref: str | None, p: str) -> str:
    at = f' r="{ref}"' if ref else ""
    if isinstance(value, tuple) and value[0] == "error":
        return f'<{p}c{at} t="e"><{p}f>1/0</{p}f><{p}v>{value[1]}</{p}v></{p}c>'
    if isinstance(value, int | float):
        return f"<{p}c{at}><{p}v>{value}</{p}v></{p}c>"
    text = escape(str(value))
    return f'<{p}c{at} t="inlineStr"><{p}is><{p}t>{text}</{p}t></{p}is></{p}c>'


def sheet_xml(
    rows: list[list[object]], prefix: str = "", refs: bool = True, extra: str = ""
) -> str:
    p = f"{prefix}:" if prefix else ""
    declare = f' xmlns:{prefix}="{MAIN}"' if prefix else f' xmlns="{MAIN}"'
    body = []
    for i, row in enumerate(rows, start=1):
        cells = "".join(
            cell(v, f"{letters(j)}{i}" if refs else None, p)
            for j, v in enumerate(row)
            if v is not None or not refs
        )
        number = f' r="{i}"' if refs else ""
        body.append(f"<{p}row{number}>{cells}</{p}row>")
    return (
        f"<{p}worksheet{declare}><{p}sheetData>{''.join(body)}{extra}</{p}sheetData></{p}worksheet>"
    )


def raw_workbook(
    path: Path, sheet: str, parts: dict[str, str] | None = None, book: str = ""
) -> Path:
    """A workbook of one sheet with exactly this XML, and the parts that name it
    (``parts``: more parts, such as xl/styles.xml; ``book``: more of workbook.xml)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{rel}"><sheets>'
            f'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>{book}</workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
    return path


def accounts(*amounts: tuple[object, object]) -> list[list[object]]:
    """The header and one account row per (pagu, realisasi)."""
    return [HEADER] + [
        [*UNIT, f"5.1.02.01.01.{i + 1:04d}", f"Belanja {i + 1}", budget, spent]
        for i, (budget, spent) in enumerate(amounts)
    ]


def errors_of(datadir: Path) -> list[str]:
    """The errors of the workbook or file under test (a workbook alone lacks opd.csv)."""
    return [
        str(p)
        for p in load(datadir).report.errors
        if p.file.startswith("kegiatan") and "file wajib tidak ada" not in p.message
    ]


# Error cells: read by the same parse that reads the values ------------------------

DIV0_AT_M3 = (
    "kegiatan.xlsx:Sheet1!M3:3:realisasi: sel berisi galat Excel #DIV/0!, bukan nilai; "
    "perbaiki rumusnya atau ketik nilainya di Excel, lalu simpan ulang"
)


@pytest.mark.parametrize(
    ("prefix", "refs"), [("", False), ("x", True), ("x", False)], ids=["no-r", "x:c", "x:c-no-r"]
)
def test_an_error_cell_is_an_error_however_the_xml_writes_it(tmp_path, prefix, refs):
    rows = accounts((1_000_000, 400_000), (1_270_652, DIV0), (2_000, 1_000))
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet_xml(rows, prefix, refs))
    assert errors_of(tmp_path / "data") == [DIV0_AT_M3]


def test_cells_without_r_are_read_in_their_columns(tmp_path):
    rows = accounts((1_000_000, 400_000), (1_270_652, 1_000_000))
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet_xml(rows, "x", refs=False))
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    totals = loaded.model.city_totals(2026)
    assert (totals.budget, totals.spent) == (227_065_200, 140_000_000)  # in sen


# Far cells: bounded before anything is allocated ----------------------------------

FAR = "kegiatan.xlsx: lembar kerja memakai sel di luar kolom A–CZ atau di bawah baris 999.999"


def test_a_cell_at_xfd1048576_in_a_prefixed_sheet_is_one_error(tmp_path):
    far = '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
    sheet = sheet_xml(accounts((1, 1)), "x", extra=far)
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    found = errors_of(tmp_path / "data")
    assert len(found) == 1 and found[0].startswith(FAR), found


def test_cells_without_r_reaching_column_xfd_are_one_error(tmp_path):
    wide = "<x:row>" + "<x:c><x:v>1</x:v></x:c>" * 16384 + "</x:row>"
    sheet = sheet_xml(accounts((1, 1)), "x", refs=False, extra=wide)
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    found = errors_of(tmp_path / "data")
    assert found == [f"{FAR} (sel DA3); hapus isi di luar tabel ekspor lalu simpan ulang"]


def test_formatting_far_away_holds_nothing_and_is_no_error(tmp_path):
    # Excel writes a styled empty cell where a whole row was formatted.
    far = '<row r="3"><c r="XFD3" s="1"/></row>'
    sheet = sheet_xml(accounts((5_000, 2_000)), extra=far)
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).budget == 500_000  # sen


def test_the_last_allowed_cell_cz999999_is_read_without_a_block_of_the_sheet(tmp_path):
    # One cell there once cost 51 s and 3.4 GB; read as a stream it is one cell.
    last = '<row r="999999"><c r="CZ999999" t="inlineStr"><is><t>catatan</t></is></c></row>'
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet_xml(accounts((7, 3)), extra=last))
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).budget == 700  # sen


# What a cell looks like in Excel and what it holds --------------------------------


def book_with(path: Path, rows: list[list[object]]) -> tuple[xlsxwriter.Workbook, object]:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Sheet1")
    for i, row in enumerate(rows):
        sheet.write_row(i, 0, row)
    return book, sheet


def test_a_merged_code_cell_is_an_error_at_the_cell_it_leaves_blank(tmp_path):
    rows = accounts((128_900_000, 1), (1_820_593, 1))
    book, sheet = book_with(tmp_path / "data/kegiatan.xlsx", rows)
    sheet.merge_range("H2:H3", "1.01.02.2.01.0001")  # type: ignore[attr-defined]
    book.close()
    assert errors_of(tmp_path / "data") == [
        "kegiatan.xlsx:Sheet1!H3:3:kode_sub_kegiatan: sel ini bagian dari sel gabungan H2:H3 "
        "(Merge) sehingga kosong; batalkan gabungan (Unmerge) dan isi nilainya di setiap baris"
    ]


def test_a_hidden_row_is_published_and_said(tmp_path):
    rows = accounts((1_000, 100), (2_000, 200), (4_000, 400))
    book, sheet = book_with(tmp_path / "data/kegiatan.xlsx", rows)
    sheet.set_row(2, None, None, {"hidden": True})  # type: ignore[attr-defined]
    book.close()
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).budget == 700_000  # sen
    hidden = [str(p) for p in loaded.report.problems if p.code == Code.HIDDEN_CELLS]
    assert hidden == [
        "kegiatan.xlsx:3:-: 1 baris tersembunyi (Hide) di Excel ikut diterbitkan; tampilkan "
        "(Unhide) lalu periksa isinya: baris 3"
    ]


def test_a_formula_into_another_workbook_is_an_error_not_its_old_value(tmp_path):
    rows = accounts((1_000, 100), (2_000, 200))
    book, sheet = book_with(tmp_path / "data/kegiatan.xlsx", rows)
    sheet.write_formula("L3", "='[1]Sheet1'!A1", None, 2000)  # type: ignore[attr-defined]
    book.close()
    found = errors_of(tmp_path / "data")
    assert len(found) == 1, found
    assert found[0].startswith(
        "kegiatan.xlsx:Sheet1!L3:3:pagu: sel berisi rumus yang mengambil nilai dari file lain"
    )


def test_a_code_stored_as_a_number_is_an_error(tmp_path):
    rows = accounts((1_000, 100))
    book, sheet = book_with(tmp_path / "data/kegiatan.xlsx", rows)
    sheet.write_number("D2", 4.1)  # type: ignore[attr-defined]  # kode_program 4.10 typed as a number
    book.close()
    found = errors_of(tmp_path / "data")
    assert found[0] == (
        "kegiatan.xlsx:Sheet1!D2:2:kode_program: kode disimpan sebagai angka (4.1), sehingga "
        "nol di belakang atau di depan bisa hilang (4.10 menjadi 4.1); format kolom kode "
        "sebagai Teks lalu ketik ulang kodenya"
    ), found


# Files that are not workbooks: one error that says what they are -------------------


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "halaman web (HTML)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "dikunci kata sandi"),
        (HEADERS["kegiatan.csv"].encode() + b"\n2026,1,2,3\n", "teks (CSV)"),
        (b"", "kosong"),
    ],
    ids=["html", "ole", "csv", "empty"],
)
def test_a_file_named_xlsx_that_is_not_a_workbook_is_one_error(tmp_path, content, said):
    write_dataset(tmp_path / "data", {"kegiatan.xlsx": content})
    found = [e for e in errors_of(tmp_path / "data") if e.startswith("kegiatan.xlsx")]
    assert len(found) == 1 and said in found[0], found


def test_an_opendocument_sheet_named_xlsx_is_said_to_be_one(tmp_path):
    path = tmp_path / "data/kegiatan.xlsx"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w") as ods:
        ods.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        ods.writestr("content.xml", "<office:document-content/>")
    found = [e for e in errors_of(tmp_path / "data") if e.startswith("kegiatan.xlsx")]
    assert found == [
        "kegiatan.xlsx: file ini spreadsheet OpenDocument (.ods), bukan .xlsx; buka di Excel "
        "lalu simpan sebagai .xlsx"
    ]


# Numbers out of range ------------------------------------------------------------


def test_a_money_cell_of_1e30_is_a_located_error(tmp_path):
    rows = accounts((1_000, 100), ("1E+30", 1))
    sheet = sheet_xml(rows).replace(
        '<c r="L3" t="inlineStr"><is><t>1E+30</t></is></c>', '<c r="L3"><v>1E+30</v></c>'
    )
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    found = errors_of(tmp_path / "data")
    assert found == [
        "kegiatan.xlsx:Sheet1!L3:3:pagu: nilai '1000000000000000000000000000000' tidak boleh "
        "lebih dari 1.000.000.000.000.000"
    ]


@pytest.mark.parametrize("amount", ["1E+30", "1" * 40 + ".5", "9" * 30])
def test_a_huge_amount_in_a_csv_is_a_located_error_without_a_traceback(tmp_path, amount):
    files = minimal_files()
    files["kegiatan.csv"] = files["kegiatan.csv"].replace("3000000,1500000", f"{amount},1500000")
    write_dataset(tmp_path / "data", files)
    result = run_terbuka("check", "--datadir", str(tmp_path / "data"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "kegiatan.csv:4:pagu: nilai '" in result.stdout, result.stdout


def test_a_5000_character_header_is_quoted_by_its_start(tmp_path):
    files = minimal_files()
    long = "x" * 5000
    lines = files["kegiatan.csv"].split("\n")
    lines[0] += f",{long}"
    files["kegiatan.csv"] = "\n".join(
        line + "," if i and line else line for i, line in enumerate(lines)
    )
    write_dataset(tmp_path / "data", files)
    shown = [
        p.message for p in load(tmp_path / "data").report.problems if p.code == Code.UNKNOWN_COLUMN
    ]
    assert shown == [f"kolom '{'x' * 80}…' tidak dikenal dan tidak dipublikasikan"], shown


# Codes required where the schema says so -----------------------------------------


def test_a_blank_sub_kegiatan_code_beside_coded_rows_is_an_error_in_a_csv(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] += (
        "2026,5.01.0.00.0.00.02.0000,5.01.02,5.01.02.2.01,Kegiatan B,,Sub C,128900000,1,1,PAD,,\n"
    )
    write_dataset(tmp_path / "data", files)
    assert errors_of(tmp_path / "data") == [
        "kegiatan.csv:5:kode_sub_kegiatan: kosong, padahal kegiatan '5.01.02.2.01' punya sub "
        "kegiatan berkode di baris lain; isi kode sub kegiatannya (sel gabungan di Excel: "
        "batalkan gabungan dan isi setiap baris)"
    ]


def test_a_kegiatan_without_any_sub_kegiatan_code_is_a_kegiatan_level_row(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] = files["kegiatan.csv"].replace(",5.01.02.2.01.0001,Sub B,", ",,,")
    write_dataset(tmp_path / "data", files)
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.city_totals(2026).budget == 500_000_000  # sen


def test_a_hostile_workbook_gives_exit_1_and_no_traceback(tmp_path):
    rows = accounts((1_000_000, 400_000), (1_270_652, DIV0))
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet_xml(rows, "x", refs=False))
    result = run_terbuka("check", "--datadir", str(tmp_path / "data"))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Sheet1!M3" in result.stdout and "#DIV/0!" in result.stdout, result.stdout


# What a second hostile pass found (issue #27) ---------------------------------------


def one_error(datadir: Path) -> str:
    found = errors_of(datadir)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda x: x.replace("Belanja 1", "Sarana & Prasarana"), "XMLSyntaxError"),
        (lambda x: x.replace("<sheetData>", "<sheetData>" + "<x>" * 300), "XMLSyntaxError"),
        (lambda x: '<!DOCTYPE w [<!ENTITY z "000">]>' + x.replace(">1000<", ">1&z;<"), "DOCTYPE"),
    ],
    ids=["ampersand", "deep", "entity"],
)
def test_broken_or_entity_laden_sheet_xml_is_one_error(tmp_path, damage, said):
    raw_workbook(tmp_path / "data/kegiatan.xlsx", damage(sheet_xml(accounts((1000, 100)))))
    assert said in one_error(tmp_path / "data")


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_an_encrypted_or_doubled_part_is_one_error(tmp_path):
    path = raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet_xml(accounts((1000, 100))))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml(accounts((9_000_000, 100))))
    assert "dua bagian bernama sama" in one_error(tmp_path / "data")
    locked = raw_workbook(tmp_path / "data2/kegiatan.xlsx", sheet_xml(accounts((1000, 100))))
    with zipfile.ZipFile(locked, "a") as archive:
        archive.writestr("xl/secret.xml", b"x")
    data = bytearray(locked.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # the last member's directory entry
    data[central + 8] |= 1  # its "encrypted" bit, as a password-locked file sets it
    locked.write_bytes(bytes(data))
    assert "dikunci kata sandi" in one_error(tmp_path / "data2")


def test_a_percent_formatted_fisik_is_the_percent_excel_shows(tmp_path):
    styles = (
        f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="10" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    rows = [[*HEADER, "Realisasi Fisik"], [*UNIT, "5.1.02.01.01.0001", "ATK", 1000, 100, 0.825]]
    sheet = sheet_xml(rows).replace('<c r="N2">', '<c r="N2" s="1">')
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet, {"xl/styles.xml": styles})
    loaded = load(tmp_path / "data")
    assert loaded.report.ok, [str(p) for p in loaded.report.errors]
    assert loaded.model.activities["fisik"].tolist() == [82.5]


def test_rows_excel_never_shows_are_not_read_and_a_doubled_row_is_an_error(tmp_path):
    hidden = '<extLst><ext uri="x"><row r="9"><c r="L9"><v>7000000</v></c></row></ext></extLst>'
    sheet = sheet_xml(accounts((1000, 100))).replace("</sheetData>", "</sheetData>" + hidden)
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    loaded = load(tmp_path / "data")
    assert loaded.model.city_totals(2026).budget == 100_000  # Rp 1.000, in sen
    twice = sheet_xml(accounts((1000, 100), (2000, 200)))
    twice = twice.replace('<row r="3">', '<row r="2">').replace('r="L3"', 'r="L2"')
    twice = re.sub(r'r="([A-Z]+)3"', r'r="\g<1>2"', twice)
    raw_workbook(tmp_path / "data2/kegiatan.xlsx", twice)
    assert "nomor 2 dua kali" in one_error(tmp_path / "data2")


def test_a_cell_written_twice_or_backwards_in_a_row_is_an_error(tmp_path):
    sheet = sheet_xml(accounts((1000, 100))).replace(
        '<c r="M2"><v>100</v></c>', '<c r="M2"><v>100</v></c><c r="L2"><v>9000</v></c>'
    )
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    assert "sel L2 di baris 2 tertulis dua kali atau tidak berurutan" in one_error(
        tmp_path / "data"
    )


def test_a_row_of_error_cells_is_reported_never_dropped(tmp_path):
    rows = accounts((1000, 100))
    rows.append([DIV0] * len(HEADER))
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet_xml(rows))
    found = errors_of(tmp_path / "data")
    assert len(found) == len(HEADER) and all("#DIV/0!" in e for e in found), found


@pytest.mark.parametrize("book", ["", '<calcPr fullCalcOnLoad="1"/>'], ids=["no-value", "stale"])
def test_a_formula_whose_value_was_never_calculated_is_an_error(tmp_path, book):
    sheet = sheet_xml(accounts((1000, 100), (2000, 200)))
    value = "<v>0</v>" if book else ""
    sheet = sheet.replace('<c r="L3"><v>2000</v></c>', f'<c r="L3"><f>1000*2</f>{value}</c>')
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet, book=book)
    assert one_error(tmp_path / "data").startswith(
        "kegiatan.xlsx:Sheet1!L3:3:pagu: sel berisi rumus yang nilainya belum dihitung"
    )


def test_digits_of_other_scripts_in_a_number_cell_are_not_a_number(tmp_path):
    sheet = sheet_xml(accounts((1000, 100))).replace("<v>1000</v>", "<v>١٥٠٠</v>")
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    assert "bukan angka rupiah" in one_error(tmp_path / "data")


def test_overlapping_merges_are_one_error_and_merges_far_away_cost_nothing(tmp_path):
    merges = "".join(f'<mergeCell ref="N{i}:CZ999999"/>' for i in range(1, 4001))
    sheet = sheet_xml(accounts((1000, 100))).replace(
        "</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>"
    )
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    assert "saling tumpang-tindih" in one_error(tmp_path / "data")
    far = "".join(
        f'<mergeCell ref="{letters(200 + i)}1:{letters(200 + i)}999999"/>' for i in range(5000)
    )
    sheet = sheet_xml(accounts((1000, 100))).replace(
        "</sheetData>", f"</sheetData><mergeCells>{far}</mergeCells>"
    )
    raw_workbook(tmp_path / "data2/kegiatan.xlsx", sheet)
    assert errors_of(tmp_path / "data2") == []


def test_a_zero_height_row_is_hidden_and_said(tmp_path):
    sheet = sheet_xml(accounts((1000, 100), (2000, 200))).replace(
        '<row r="3">', '<row r="3" ht="0">'
    )
    raw_workbook(tmp_path / "data/kegiatan.xlsx", sheet)
    loaded = load(tmp_path / "data")
    assert [p.code for p in loaded.report.warnings if p.file == "kegiatan.xlsx"].count(
        Code.HIDDEN_CELLS
    ) == 1


def test_a_row_stuffed_with_elements_no_export_has_is_refused(tmp_path):
    stuffed = sheet_xml(accounts((1000, 100))).replace(
        '<row r="2">', '<row r="2">' + "<x/>" * 100_001
    )
    raw_workbook(tmp_path / "data/kegiatan.xlsx", stuffed)
    assert "baris dengan lebih dari 100.000 unsur" in one_error(tmp_path / "data")
    # Elements outside the rows, however many, are freed as the parse goes on.
    junk = sheet_xml(accounts((1000, 100))).replace(
        "</sheetData>", "</sheetData>" + "<x/>" * 200_000
    )
    raw_workbook(tmp_path / "data2/kegiatan.xlsx", junk)
    assert load(tmp_path / "data2").model.city_totals(2026).budget == 100_000
