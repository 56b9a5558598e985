"""Bad exports: every problem in every file, at its true file, line and column."""

import json

from conftest import HEADERS, minimal_files, run_terbuka, write_dataset
from terbuka.model.load import load

A = "1.01.0.00.0.00.01.0000"
B = "5.01.0.00.0.00.02.0000"


def broken_files() -> dict[str, str]:
    files = minimal_files()
    files["opd.csv"] = (
        HEADERS["opd.csv"]
        + f"\n{A},dinas-satu,Dinas Satu,DS,Dinas,,\n"
        + f"{B},Badan Dua,Badan Dua,,Badan,,\n"  # line 3: slug pattern
        + f"{A},dinas-satu-lagi,Dinas Satu Lagi,,Dinsa,9.99,\n"  # line 4: dup, enum, parent
    )
    files["program.csv"] = (
        "tahun,kode_opd,nama_program\n"  # kode_program column missing
        + f"2026,{A},Program Satu\n"
    )
    files["kegiatan.csv"] = (
        HEADERS["kegiatan.csv"]
        + f'\n2026,{A},1.01.02,1.01.02.2.01,Keg A,1.01.02.2.01.0001,Sub A,"12,5,0",0,,,,\n'
        + f"2026,{A},1.01.02,1.01.02.2.01,Keg A,1.01.02.2.01.0001,Sub A,1000,0,,,,\n"
        + f"2o26,{A},1.01.02,1.01.02.2.01,Keg A,1.01.02.2.01.0002,,1000,,150,,,lama\n"
        + "2026,7.77,1.01.02,1.01.02.2.01,Keg A,1.01.02.2.01.0003,Sub C,1000,0,,,,\n"
    )
    files["realisasi.csv"] = (
        "tahun,triwulan,kode_opd,kode_kegiatan,kode_sub_kegiatan,realisasi\n"
        + f"2026,5,{A},1.01.02.2.01,1.01.02.2.01.0001,100\n"
        + f"2026,1,{A},1.01.02.2.01,1.01.02.2.01.0099,100\n"
    )
    files["spbe.csv"] = "tahun,kode_indikator,tingkat\n2024,48,3\n2024,1,6\n"
    return files


EXPECTED_ERRORS = [
    "opd.csv:3:slug",
    "opd.csv:4:kode_opd",
    "opd.csv:4:jenis",
    "opd.csv:4:kode_induk",
    "program.csv:1:kode_program",
    "kegiatan.csv:2:pagu",
    "kegiatan.csv:3:kode_sub_kegiatan",
    "kegiatan.csv:4:tahun",
    "kegiatan.csv:4:fisik",
    "kegiatan.csv:4:versi_anggaran",
    "kegiatan.csv:4:nama_sub_kegiatan",
    "kegiatan.csv:4:realisasi",
    "kegiatan.csv:5:kode_opd",
    "realisasi.csv:2:triwulan",
    "realisasi.csv:3:kode_sub_kegiatan",
    "spbe.csv:2:kode_indikator",
    "spbe.csv:3:tingkat",
]


def test_every_problem_is_listed_at_its_file_line_and_column(tmp_path):
    loaded = load(write_dataset(tmp_path, broken_files()))
    assert loaded.model is None
    assert sorted(p.location() for p in loaded.report.errors) == sorted(EXPECTED_ERRORS)


def test_messages_say_what_was_found_and_what_was_expected(tmp_path):
    loaded = load(write_dataset(tmp_path, broken_files()))
    text = {p.location(): p.message for p in loaded.report.errors}
    assert text["kegiatan.csv:2:pagu"] == "nilai '12,5,0' bukan angka rupiah (contoh: 1.500.000,50)"
    assert text["opd.csv:3:slug"].startswith("nilai 'Badan Dua' tidak sah: hanya huruf kecil")
    assert text["opd.csv:4:kode_opd"] == (
        f"nilai '{A}' sudah dipakai di baris 2; kolom 'kode_opd' harus unik"
    )
    assert "pilihan: Sekretariat, Inspektorat, Dinas" in text["opd.csv:4:jenis"]
    assert text["opd.csv:4:kode_induk"].startswith(
        "tidak ada baris di opd.csv dengan kode_induk=9.99"
    )
    assert (
        text["program.csv:1:kode_program"] == "kolom wajib 'kode_program' tidak ada di baris judul"
    )
    assert "sudah ada di baris 2" in text["kegiatan.csv:3:kode_sub_kegiatan"]
    assert text["kegiatan.csv:4:tahun"] == "nilai '2o26' bukan bilangan bulat (contoh: 2026)"
    assert text["kegiatan.csv:4:fisik"] == "nilai '150' tidak boleh lebih dari 100"
    assert text["kegiatan.csv:5:kode_opd"].startswith(
        "tidak ada baris di opd.csv dengan kode_opd=7.77"
    )
    assert (
        "tidak ada di kerangka spbe_2020 (nomor 1 sampai 47)" in text["spbe.csv:2:kode_indikator"]
    )


def test_check_command_prints_every_problem_writes_json_and_exits_1(tmp_path):
    datadir = write_dataset(tmp_path / "data", broken_files())
    result = run_terbuka("check", "--datadir", str(datadir))
    assert result.returncode == 1
    for location in EXPECTED_ERRORS:
        assert f"  {location}: " in result.stdout
    assert f"{len(EXPECTED_ERRORS)} kesalahan" in result.stdout


def test_check_command_passes_a_valid_dataset(tmp_path):
    result = run_terbuka("check", "--datadir", str(write_dataset(tmp_path, minimal_files())))
    assert result.returncode == 0, result.stdout
    assert "lolos pemeriksaan: 0 kesalahan, 0 peringatan" in result.stdout


def test_json_report_lists_the_same_problems(tmp_path):
    loaded = load(write_dataset(tmp_path / "data", broken_files()))
    report = json.loads(loaded.report.json_bytes().decode("utf-8"))
    assert report["ringkasan"] == {"kesalahan": len(EXPECTED_ERRORS), "peringatan": 0}
    first = report["masalah"][0]
    assert first == {
        "tingkat": "kesalahan",
        "file": "opd.csv",
        "baris": 3,
        "kolom": "slug",
        "sel": None,
        "pesan": first["pesan"],
        "kode": "pola",
        "jenis": "nilai yang tidak sesuai pola",
    }


def test_warnings_do_not_stop_the_build(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] = (
        HEADERS["kegiatan.csv"]
        + f"\n2026,{A},1.01.02,1.01.02.2.01,Keg A,1.01.02.2.01.0001,Sub A,1000,1500,,,,\n"
        + f"2026,{A},1.01.02,9.99.99.2.01,Keg X,9.99.99.2.01.0001,Sub X,1000,0,,,,\n"
        + f"2026,{A},1.01.02,1.01.02.2.01,Keg A,1.01.02.2.02.0001,Sub Y,1000,0,,,,\n"
        + f"2026,{B},5.01.02,5.01.02.2.01,Keg B,5.01.02.2.01.0001,Sub B,3000,1500,50,,,\n"
    )
    files["realisasi.csv"] = (
        "tahun,triwulan,kode_opd,kode_kegiatan,kode_sub_kegiatan,realisasi,fisik\n"
        + f"2026,1,{B},5.01.02.2.01,5.01.02.2.01.0001,1000,30\n"
        + f"2026,2,{B},5.01.02.2.01,5.01.02.2.01.0001,900,40\n"
    )
    loaded = load(write_dataset(tmp_path, files))
    assert loaded.model is not None
    assert [str(p) for p in loaded.report.warnings] == [
        "kegiatan.csv:2:realisasi: realisasi Rp 1.500 melebihi pagu Rp 1.000",
        "kegiatan.csv:3:kode_kegiatan: kode kegiatan '9.99.99.2.01' tidak diawali kode program '1.01.02'",
        "kegiatan.csv:4:kode_sub_kegiatan: kode sub kegiatan '1.01.02.2.02.0001' tidak diawali "
        "kode kegiatan '1.01.02.2.01'",
        "realisasi.csv:3:realisasi: angka kumulatif turun: triwulan 2 Rp 900, triwulan 1 Rp 1.000",
    ]


def test_revised_budget_replaces_the_original_and_murni_may_lack_spending(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] = (
        HEADERS["kegiatan.csv"]
        + f"\n2026,{A},1.01.02,1.01.02.2.01,Keg A,1.01.02.2.01.0001,Sub A,1000,,,,,murni\n"
        + f"2026,{A},1.01.02,1.01.02.2.01,Keg A,1.01.02.2.01.0001,Sub A,1200,600,,,,perubahan\n"
        + f"2026,{B},5.01.02,5.01.02.2.01,Keg B,5.01.02.2.01.0001,Sub B,3000,100,,,,murni\n"
    )
    loaded = load(write_dataset(tmp_path, files))
    assert loaded.report.ok, loaded.report.as_text("")
    assert loaded.model.unit_totals(A, 2026).budget == 120000
    assert loaded.model.unit_totals(B, 2026).budget == 300000  # no revision: murni counts
    assert [p.code for p in loaded.report.warnings] == ["perubahan-hilang"]


def test_cross_cutting_program_codes_with_x_nest(tmp_path):
    files = minimal_files()
    files["program.csv"] += f"2026,{A},X.XX.01,Program Penunjang\n"
    files["kegiatan.csv"] += (
        f"2026,{A},X.XX.01,1.01.01.2.01,Keg P,1.01.01.2.01.0001,Sub P,10,0,,,,\n"
    )
    loaded = load(write_dataset(tmp_path, files))
    assert loaded.report.ok and loaded.report.warnings == []
