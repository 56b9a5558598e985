"""Hostile and broken exports and releases: each gets a located answer in
Bahasa Indonesia, never a traceback, never a write outside the output or
deploy target, and the previous output stays byte-identical."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import (
    HEADERS,
    ROOT,
    build_site,
    minimal_files,
    page,
    run_terbuka,
    tree_digest,
    write_dataset,
    write_settings,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from terbuka import cli
from terbuka.core import writes
from terbuka.core.formatting import isolate_bidi
from terbuka.core.problems import Code
from terbuka.core.urls import URLS, UnsafePathError, segment
from terbuka.model.load import load
from terbuka.publishing import releases

A = "1.01.0.00.0.00.01.0000"
B = "5.01.0.00.0.00.02.0000"
KEGIATAN_ROW = (
    f"2026,{A},1.01.02,1.01.02.2.01,Kegiatan A,1.01.02.2.01.0001,Sub A,2000000,500000,25,DAU,,"
)


def with_kegiatan(*rows: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(minimal_files())
    files["kegiatan.csv"] = HEADERS["kegiatan.csv"] + "\n" + "\n".join(rows) + "\n"
    return files


def messages(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    """Every problem of ``check`` as ``FILE:LINE:COLUMN: message``."""
    loaded = load(write_dataset(tmp_path / "data", files))
    return [str(p) for p in loaded.report.problems]


def errors(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    loaded = load(write_dataset(tmp_path / "data", files))
    return [str(p) for p in loaded.report.errors]


def assert_clean_failure(result: subprocess.CompletedProcess) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


# Names that become paths ----------------------------------------------------

ESCAPES = [
    "../../../../../../../../tmp/x",
    "a/b",
    "?x=1#y",
    "..",
    "1.01.",
    "1.01 02",
    "x" * 300,
    "١.٠١",  # Arabic-Indic digits look like digits; they are not ASCII
]


@pytest.mark.parametrize("code", ESCAPES)
def test_a_program_code_that_is_not_a_safe_name_is_an_error(tmp_path, code):
    row = KEGIATAN_ROW.replace(",1.01.02,", f",{code},", 1)
    found = errors(tmp_path, with_kegiatan(row))
    assert any(m.startswith("kegiatan.csv:2:kode_program: nilai") for m in found), found


@pytest.mark.parametrize("slug", ["Dinas-Satu", "dinas--satu", "-dinas", "a" * 81, "../x"])
def test_a_slug_that_is_not_lower_case_words_is_an_error(tmp_path, slug):
    files = minimal_files()
    files["opd.csv"] = files["opd.csv"].replace("dinas-satu", slug, 1)
    assert any(m.startswith("opd.csv:2:slug: nilai") for m in errors(tmp_path, files))


def test_check_data_rejects_an_escaping_code_before_any_build(tmp_path):
    row = KEGIATAN_ROW.replace(",1.01.02,", ",../../../../x,", 1)
    data = write_dataset(tmp_path / "data", with_kegiatan(row))
    result = run_terbuka("check", "--datadir", str(data), "--report", str(tmp_path / "r.json"))
    assert_clean_failure(result)
    assert "kegiatan.csv:2:kode_program: nilai '../../../../x' tidak sah" in result.stdout


def test_an_escaping_code_builds_nothing_and_writes_nothing_outside(tmp_path):
    output = tmp_path / "site" / "output"
    neighbour = tmp_path / "site" / "tetangga"
    write_dataset(neighbour, {"isi.txt": "jangan disentuh\n"})
    assert build_site(write_dataset(tmp_path / "good", minimal_files()), output).returncode == 0
    before, around = tree_digest(output), tree_digest(tmp_path / "site")
    row = KEGIATAN_ROW.replace(",1.01.02,", ",../../tetangga/x,", 1)
    bad = write_dataset(tmp_path / "bad", with_kegiatan(row))
    result = build_site(bad, output)
    assert_clean_failure(result)
    assert "kegiatan.csv:2:kode_program" in result.stdout
    assert tree_digest(output) == before
    assert tree_digest(tmp_path / "site") == around


def test_the_url_builder_refuses_what_validation_would_have_stopped():
    for value in [*ESCAPES[:5], "", "a\x00b", "%2e%2e"]:
        with pytest.raises(UnsafePathError):
            segment(value)
    with pytest.raises(UnsafePathError):
        URLS.program("dinas-satu", 2026, "../../../etc")
    assert URLS.program("dinas-satu", 2026, "X.XX.01") == "opd/dinas-satu/2026/X.XX.01/"


def test_the_write_gate_holds_alone(tmp_path):
    root = tmp_path / "output"
    root.mkdir()
    (tmp_path / "luar").mkdir()
    (root / "tautan").symlink_to(tmp_path / "luar")
    for crafted in ("../luar/x.csv", "tautan/x.csv", "a/../../luar/x.csv", "/etc/x", "."):
        with pytest.raises(writes.UnsafeWriteError):
            writes.write_bytes(root, crafted, b"x")
    with pytest.raises(writes.UnsafeWriteError):
        writes.write_bytes(root, "a" * 300, b"x")
    assert list((tmp_path / "luar").iterdir()) == []
    assert writes.write_bytes(root, "opd/x/kegiatan.csv", b"ok").read_bytes() == b"ok"


# Every byte gets a located answer ---------------------------------------------


def test_a_nul_byte_is_an_error_at_its_line_and_column(tmp_path):
    row = KEGIATAN_ROW.replace("Kegiatan A", "Kegiatan\x00A")
    found = errors(tmp_path, with_kegiatan(row))
    assert found == [
        "kegiatan.csv:2:nama_kegiatan: sel memuat karakter kendali U+0000 (tak terlihat) di "
        "posisi 9; hapus karakter itu"
    ]


def test_cr_only_line_endings_are_read_as_lines(tmp_path):
    files = minimal_files()
    text = files["kegiatan.csv"].replace("\n", "\r")
    files["kegiatan.csv"] = text.encode("utf-8")
    loaded = load(write_dataset(tmp_path / "data", files))
    assert loaded.report.ok, loaded.report.as_text("data")
    assert len(loaded.model.activities) == 3


def test_mixed_encodings_are_an_error_on_each_bad_line(tmp_path):
    good = KEGIATAN_ROW.replace("Sub A", "Sub Café").encode("utf-8")
    bad = KEGIATAN_ROW.replace("Sub A", "Sub Caf\xe9").replace(".0001", ".0002")
    data = HEADERS["kegiatan.csv"].encode() + b"\n" + good + b"\n" + bad.encode("cp1252") + b"\n"
    files: dict[str, str | bytes] = dict(minimal_files())
    files["kegiatan.csv"] = data
    found = errors(tmp_path, files)
    assert found == [
        "kegiatan.csv:3:nama_sub_kegiatan: sel memuat byte yang tidak terbaca sebagai UTF-8 "
        "seperti baris lain file ini (posisi 8); ketik ulang teksnya lalu simpan file sebagai "
        "'CSV UTF-8'"
    ]


def test_an_amount_beyond_the_range_is_an_error_at_its_cell(tmp_path):
    row = KEGIATAN_ROW.replace("2000000", "9" * 25)
    found = errors(tmp_path, with_kegiatan(row))
    assert found == [
        f"kegiatan.csv:2:pagu: nilai '{'9' * 25}' tidak boleh lebih dari 1.000.000.000.000.000"
    ]


@pytest.mark.parametrize(
    ("cell", "column"),
    [("1" * 50, "pagu"), ("9" * 30, "tahun")],
)
def test_absurdly_long_numbers_are_errors_not_tracebacks(tmp_path, cell, column):
    row = KEGIATAN_ROW.replace("2000000", cell) if column == "pagu" else cell + KEGIATAN_ROW[4:]
    found = errors(tmp_path, with_kegiatan(row))
    assert any(m.startswith(f"kegiatan.csv:2:{column}: nilai") for m in found), found


def test_a_file_total_beyond_what_the_model_holds_is_one_error(tmp_path):
    rows = [
        KEGIATAN_ROW.replace("2000000", "1" + "0" * 15).replace(".0001", f".{i:04d}")
        for i in range(1, 95)
    ]
    found = errors(tmp_path, with_kegiatan(*rows))
    assert found == [
        "kegiatan.csv: jumlah kolom 'pagu' melebihi Rp 90.000 triliun; periksa angka yang "
        "terlalu besar (satuan rupiah, bukan sen)"
    ]


CSV_LIKE = st.lists(
    st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=12), max_size=14),
    max_size=6,
).map(lambda rows: "\n".join(",".join(r) for r in rows))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.one_of(st.binary(max_size=400), CSV_LIKE.map(str.encode)))
def test_any_bytes_either_pass_or_list_errors_never_raise(tmp_path_factory, content):
    folder = tmp_path_factory.mktemp("acak")
    files: dict[str, str | bytes] = dict(minimal_files())
    files["kegiatan.csv"] = content
    code = cli.check(write_dataset(folder, files), report=None)
    assert code in (0, 1)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prefix=st.binary(max_size=60), row=CSV_LIKE)
def test_random_text_after_a_valid_header_never_raises(tmp_path_factory, prefix, row):
    folder = tmp_path_factory.mktemp("acak")
    files: dict[str, str | bytes] = dict(minimal_files())
    files["kegiatan.csv"] = HEADERS["kegiatan.csv"].encode() + b"\n" + prefix + row.encode()
    assert cli.check(write_dataset(folder, files), report=None) in (0, 1)


# Only regular files are read ------------------------------------------------


def test_a_symlink_in_data_is_refused_and_never_read(tmp_path):
    data = write_dataset(tmp_path / "data", minimal_files())
    (data / "kegiatan.csv").unlink()
    (data / "kegiatan.csv").symlink_to("/etc/passwd")
    result = run_terbuka("check", "--datadir", str(data), "--report", str(tmp_path / "r.json"))
    assert_clean_failure(result)
    assert "kegiatan.csv: kegiatan.csv adalah tautan simbolik, bukan file biasa" in result.stdout
    assert "root:" not in result.stdout + (tmp_path / "r.json").read_text()


def test_a_symlink_to_a_valid_file_is_refused_too(tmp_path):
    data = write_dataset(tmp_path / "data", minimal_files())
    real = tmp_path / "asli.csv"
    (data / "program.csv").rename(real)
    (data / "program.csv").symlink_to(real)
    found = [str(p) for p in load(data).report.errors]
    assert found == [
        "program.csv: program.csv adalah tautan simbolik, bukan file biasa; tidak dibaca. "
        "Salin file program.csv aslinya ke folder data"
    ]


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling"])
def test_a_folder_device_or_dangling_link_is_refused(tmp_path, kind):
    data = write_dataset(tmp_path / "data", minimal_files())
    target = data / "kegiatan.csv"
    target.unlink()
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(tmp_path / "tidak-ada.csv")
    found = [str(p) for p in load(data).report.errors]
    assert len(found) == 1 and found[0].startswith("kegiatan.csv: kegiatan.csv adalah"), found


# One error per cause ----------------------------------------------------------


def test_a_missing_required_column_is_one_error(tmp_path):
    files = minimal_files()
    lines = files["kegiatan.csv"].splitlines()
    files["kegiatan.csv"] = "\n".join(",".join(ln.split(",")[:7]) for ln in lines)
    assert errors(tmp_path, files) == [
        "kegiatan.csv:1:pagu: kolom wajib 'pagu' (atau anggaran, alokasi_anggaran, "
        "nilai_anggaran, pagu_anggaran, pagu_murni, pagu_perubahan, pagu_pergeseran) tidak ada "
        "di baris judul"
    ]


def test_an_export_without_any_spending_column_is_a_budget_only_export(tmp_path):
    # Issue #25: no realisasi column and nothing like it is a budget not yet
    # spent or not yet reported: one warning, never a zero typed in by a clerk.
    files = minimal_files()
    lines = files["kegiatan.csv"].splitlines()
    files["kegiatan.csv"] = "\n".join(",".join(ln.split(",")[:8]) for ln in lines)
    loaded = load(write_dataset(tmp_path / "data", files))
    assert [str(p) for p in loaded.report.errors] == []
    [said] = [p for p in loaded.report.warnings if p.code == Code.BUDGET_ONLY]
    assert said.message.startswith(
        f"3 OPD-tahun tanpa angka realisasi sama sekali (2025 {A}, 2026 {A}, 2026 {B}): "
    )


def test_a_misspelt_required_column_is_one_error_naming_the_closest_header(tmp_path):
    # The clerk's case: the export's header is close to a name the tool knows.
    files = minimal_files()
    header, *rest = files["kegiatan.csv"].splitlines()
    files["kegiatan.csv"] = "\n".join([header.replace("realisasi", "Realisasi Angaran"), *rest])
    assert errors(tmp_path, files) == [
        "kegiatan.csv:1:realisasi: kolom wajib 'realisasi' (atau realisasi_keuangan, "
        "realisasi_anggaran, nilai_realisasi) tidak ada di baris judul; kolom yang paling "
        "mirip: 'Realisasi Angaran'. Ganti judulnya menjadi 'realisasi', atau petakan di "
        "data/kolom.csv dengan baris kegiatan,Realisasi Angaran,realisasi"
    ]


def test_a_header_only_activity_file_is_one_error(tmp_path):
    files = minimal_files()
    files["kegiatan.csv"] = HEADERS["kegiatan.csv"] + "\n"
    files["realisasi.csv"] = (
        "tahun,triwulan,kode_opd,kode_kegiatan,kode_sub_kegiatan,realisasi\n"
        + f"2026,1,{A},1.01.02.2.01,1.01.02.2.01.0001,100\n" * 1
    )
    assert errors(tmp_path, files) == [
        "kegiatan.csv: file hanya berisi baris judul, tanpa satu pun baris data"
    ]


def test_rows_orphaned_by_one_wrong_code_are_one_error_per_cause(tmp_path):
    files = minimal_files()
    files["opd.csv"] = files["opd.csv"].replace(B, A)  # the second unit takes the first's code
    found = errors(tmp_path, files)
    assert found == [
        f"opd.csv:3:kode_opd: nilai '{A}' sudah dipakai di baris 2; kolom 'kode_opd' harus unik",
        f"program.csv:4:kode_opd: tidak ada baris di opd.csv dengan kode_opd={B}; tambahkan "
        "dulu di opd.csv atau perbaiki kodenya",
        f"kegiatan.csv:4:kode_opd: tidak ada baris di opd.csv dengan kode_opd={B}; tambahkan "
        "dulu di opd.csv atau perbaiki kodenya",
    ]


def test_many_rows_of_one_missing_unit_share_one_message(tmp_path):
    rows = [KEGIATAN_ROW.replace(A, "9.99").replace(".0001", f".{i:04d}") for i in range(1, 41)]
    found = [m for m in errors(tmp_path, with_kegiatan(*rows)) if ":kode_opd:" in m]
    assert found == [
        "kegiatan.csv:2:kode_opd: tidak ada baris di opd.csv dengan kode_opd=9.99; tambahkan "
        "dulu di opd.csv atau perbaiki kodenya (berlaku untuk 40 baris: 2, 3, 4, 5, 6 …)"
    ]


# Text that cannot hijack the page -------------------------------------------


def test_bidirectional_controls_are_isolated_and_reported(tmp_path):
    files = minimal_files()
    files["opd.csv"] = files["opd.csv"].replace("Dinas Satu,DS", "Dinas \u202eSatu,DS")
    found = messages(tmp_path / "cek", files)
    assert (
        "opd.csv:2:nama_opd: teks memuat karakter pengarah teks U+202E (tak terlihat) yang bisa "
        "membalik urutan tulisan; situs mengurungnya, tetapi sebaiknya dihapus"
    ) in found
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "data", files), output).returncode == 0
    heading = page(output, "opd/dinas-satu/").find("h1").get_text()
    assert heading.startswith("\u2068Dinas \u202eSatu\u2069 (DS)")
    assert "Dinas \u202eSatu" not in (output / "opd/index.html").read_text().replace(
        "\u2068Dinas \u202eSatu\u2069", ""
    )


def test_isolation_closes_what_the_value_opens_and_drops_stray_closers():
    assert isolate_bidi("a\u2069\u2067b") == "\u2068a\u2067b\u2069\u2069"
    assert isolate_bidi("plain") == "plain"
    assert isolate_bidi(5) == 5


# Releases that cannot be turned against the build ------------------------------


def release(tmp_path: Path, store: Path, version: str, note: str = "") -> None:
    data = tmp_path / "data"
    if not data.exists():
        write_dataset(data, minimal_files())
    result = run_terbuka(
        "release",
        "--datadir",
        str(data),
        "--store",
        str(store),
        "--version",
        version,
        "--note",
        note,
        "--date",
        "2026-10-01",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def edit_manifest(store: Path, version: str, **changes: object) -> None:
    path = store / version / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def verify(store: Path) -> subprocess.CompletedProcess:
    return run_terbuka("verify", "--store", str(store))


@pytest.mark.parametrize("entry", ["../../publishconf.py", "data/../../x.csv", "data/rahasia.txt"])
def test_a_manifest_may_name_only_released_files(tmp_path, entry):
    store = tmp_path / "rilis"
    release(tmp_path, store, "t1")
    manifest = json.loads((store / "t1/manifest.json").read_text())
    edit_manifest(store, "t1", file={**manifest["file"], entry: "0" * 64})
    result = verify(store)
    assert_clean_failure(result)
    assert f"{store / 't1/manifest.json'}: entri '{entry}' tidak diizinkan" in result.stderr


def test_a_loop_in_the_chain_is_reported_at_once(tmp_path):
    store = tmp_path / "rilis"
    for version in ("t1", "t2", "t3"):
        release(tmp_path, store, version)
    edit_manifest(store, "t1", versi_sebelumnya="t2")
    result = verify(store)
    assert_clean_failure(result)
    assert "rantai rilis bercabang: t1, t3 sama-sama menunjuk t2" in result.stderr
    assert "rantai rilis berputar: rilis t2 dikunjungi dua kali" in result.stderr


def test_two_releases_pointing_at_each_other_are_a_loop(tmp_path):
    store = tmp_path / "rilis"
    release(tmp_path, store, "t1")
    release(tmp_path, store, "t2")
    edit_manifest(store, "t1", versi_sebelumnya="t2")
    result = verify(store)
    assert_clean_failure(result)
    assert "rantai rilis berputar" in result.stderr


def test_a_gap_in_the_chain_names_the_missing_release(tmp_path):
    store = tmp_path / "rilis"
    for version in ("t1", "t2", "t3"):
        release(tmp_path, store, version)
    shutil.rmtree(store / "t2")
    result = verify(store)
    assert_clean_failure(result)
    assert "rilis t2 hilang dari rantai (dirujuk oleh t3)" in result.stderr


def test_a_symlink_inside_a_release_is_refused(tmp_path):
    store = tmp_path / "rilis"
    release(tmp_path, store, "t1")
    archived = store / "t1/data/opd.csv"
    copy = tmp_path / "opd-salinan.csv"
    shutil.copyfile(archived, copy)
    archived.unlink()
    archived.symlink_to(copy)
    result = verify(store)
    assert_clean_failure(result)
    assert f"{archived}: tautan simbolik di dalam rilis" in result.stderr


def test_a_build_refuses_while_a_release_does_not_verify(tmp_path):
    store = tmp_path / "rilis"
    release(tmp_path, store, "t1")
    (store / "t1/data/opd.csv").write_text("diubah\n", encoding="utf-8")
    output = tmp_path / "output"
    settings = write_settings(tmp_path / "settings.py", TERBUKA_RELEASES_DIR=str(store))
    result = build_site(tmp_path / "data", output, settings=str(settings))
    assert_clean_failure(result)
    assert f"{store / 't1/data/opd.csv'}: isi berubah setelah rilis" in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(
    "version",
    ["con", "CON", "Com1.txt", "lpt9", "nul.csv", "A..", "a.", "../x", "index.html", "CEK"],
)
def test_a_version_windows_or_paths_cannot_hold_is_refused(tmp_path, version):
    store = tmp_path / "rilis"
    data = write_dataset(tmp_path / "data", minimal_files())
    result = run_terbuka(
        "release", "--datadir", str(data), "--store", str(store), "--version", version
    )
    assert_clean_failure(result)
    assert "Rilis TIDAK dibuat: nama versi" in result.stderr
    assert not store.exists() or list(store.iterdir()) == []


def test_what_people_type_through_make_reaches_the_release_exactly(tmp_path):
    store = tmp_path / "rilis"
    settings = write_settings(tmp_path / "settings.py", TERBUKA_RELEASES_DIR=str(store))
    data = write_dataset(tmp_path / "data", minimal_files())
    report = ROOT / "laporan-data.json"  # may exist from a check-data run by hand
    report_before = report.stat().st_mtime_ns if report.exists() else None
    marker = tmp_path / "dijalankan"
    note = f"Realisasi \"TW3\" $HOME `id -un` $(echo x) $(shell touch {marker}) \\n 'kutip'"
    result = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "release",
            "VERSION=2026-TW3",
            f"NOTE={note}",
            f"DATADIR={data}",
            f"SETTINGS={settings}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((store / "2026-TW3/manifest.json").read_text(encoding="utf-8"))
    assert manifest["catatan"] == note
    assert not marker.exists()
    assert (report.stat().st_mtime_ns if report.exists() else None) == report_before


# Content pages ----------------------------------------------------------------


def test_active_content_in_pages_is_warned_about_by_file_and_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page_file = content / "pages" / "uji.md"
    page_file.write_text(
        "Title: Uji\nSlug: uji\n\nTeks biasa dengan <b>tebal</b> dan [tautan](https://x.id).\n\n"
        "<script>alert(1)</script>\n"  # line 6
        '<a href="javascript:alert(1)" onclick="x()">klik</a>\n'  # 7
        "<svg/onload=alert(1)>\n"  # 8
        "<img\n  src=x\n  onerror=alert(1)>\n"  # 9-11
        "[a](java&#115;cript:alert(1))\n"  # 12
        '<iframe srcdoc="x"></iframe>\n'  # 13
        "\nKode sebagai teks: `<script>` dan\n\n    <img onerror=x>\n",  # 15, 17: shown, not run
        encoding="utf-8",
    )
    (content / "gambar").mkdir(exist_ok=True)
    svg = content / "gambar" / "peta.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>\n')
    settings = write_settings(tmp_path / "settings.py", PATH=str(content))
    output = tmp_path / "output"
    data = write_dataset(tmp_path / "data", minimal_files())
    result = build_site(data, output, settings=str(settings))
    assert result.returncode == 0, result.stderr
    warned = [
        line.removeprefix("PERINGATAN: ").split(" di konten;")[0]
        for line in result.stderr.splitlines()
        if line.startswith("PERINGATAN: ")
    ]
    assert warned == [
        f"{svg}:1: tag <script>",
        f"{page_file}:6: tag <script>",
        f"{page_file}:7: alamat javascript:/vbscript:",
        f"{page_file}:7: atribut on...= (kode yang dijalankan)",
        f"{page_file}:8: atribut on...= (kode yang dijalankan)",
        f"{page_file}:9: atribut on...= (kode yang dijalankan)",
        f"{page_file}:12: alamat javascript:/vbscript:",
        f"{page_file}:13: atribut srcdoc",
        f"{page_file}:13: tag iframe/object/embed",
    ]


def test_releases_module_lists_only_contract_files():
    assert all(
        name.startswith("data/") and "/" not in name[5:] for name in releases.ALLOWED_ENTRIES
    )


# Found by a hostile-input review of the first version of this work ------------

SPBE_HEADER = "tahun,kerangka,kode_indikator,tingkat,kode_opd,catatan\n"


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("spbe.csv", SPBE_HEADER + "2024,spbe_2020,abc,3,,\n", "spbe.csv:2:kode_indikator"),
        ("spbe.csv", SPBE_HEADER + "2024,spbe_2020,1,,,\n", "spbe.csv:2:tingkat"),
        ("spbe.csv", SPBE_HEADER + "2024,spbe_2020,99999,3,,\n", "spbe.csv:2:kode_indikator"),
        ("spbe.csv", SPBE_HEADER + "2024,spbe_2020,١,3,,\n", "spbe.csv:2:kode_indikator"),
        ("spbe_indeks.csv", "tahun,indeks\n2024,abc\n", "spbe_indeks.csv:2:indeks"),
        ("spbe_indeks.csv", "tahun,indeks\n,3\n", "spbe_indeks.csv:2:tahun"),
    ],
)
def test_unreadable_spbe_cells_are_located_errors_not_tracebacks(tmp_path, name, text, where):
    files: dict[str, str | bytes] = {**minimal_files(), name: text}
    if name == "spbe_indeks.csv":
        files["spbe.csv"] = SPBE_HEADER + "2024,spbe_2020,1,3,,\n"
    found = errors(tmp_path, files)
    assert any(m.startswith(where) for m in found), found


FRAMEWORK_HEADER = "no_domain,domain,no_aspek,aspek,no_indikator,indikator,bobot_indikator\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("1,D,1,A,1,I,0\n", "kerangka_spbe_2020.csv:2:bobot_indikator: bobot '0'"),
        ("1,D,1,A,1,I,NaN\n", "kerangka_spbe_2020.csv:2:bobot_indikator: bobot 'NaN'"),
        ("1,D,1,A,1,I,1e999999\n", "kerangka_spbe_2020.csv:2:bobot_indikator: bobot '1e999999'"),
        ("1,D,1,A,١,I,1.5\n", "kerangka_spbe_2020.csv:2:no_indikator: nilai '١'"),
        ("", "kerangka_spbe_2020.csv: kerangka tanpa satu pun indikator"),
    ],
)
def test_a_broken_framework_override_is_an_error(tmp_path, rows, expected):
    files: dict[str, str | bytes] = {
        **minimal_files(),
        "kerangka_spbe_2020.csv": FRAMEWORK_HEADER + rows,
        "spbe.csv": SPBE_HEADER + "2024,spbe_2020,1,3,,\n",
    }
    found = errors(tmp_path, files)
    assert any(m.startswith(expected) for m in found), found


def test_digits_of_other_scripts_are_not_amounts(tmp_path):
    row = KEGIATAN_ROW.replace("2000000", "٢٠٠٠٠٠٠")
    found = errors(tmp_path, with_kegiatan(row))
    assert any(m.startswith("kegiatan.csv:2:pagu: nilai") for m in found), found


def test_a_sheet_of_stray_columns_is_one_warning(tmp_path):
    files = minimal_files()
    header, *rest = files["opd.csv"].splitlines()
    extra = ",".join(f"x{i}" for i in range(200))
    files["opd.csv"] = "\n".join([f"{header},{extra}"] + [f"{r}," + "," * 199 for r in rest])
    warnings = [str(p) for p in load(write_dataset(tmp_path / "data", files)).report.warnings]
    assert warnings == [
        "opd.csv:1:-: 200 kolom tidak dikenal dan tidak dipublikasikan: 'x0', 'x1', 'x2', "
        "'x3', 'x4' dan 195 lainnya"
    ]


def test_names_in_chart_sentences_cannot_reverse_the_figures(tmp_path):
    files = minimal_files()
    files["opd.csv"] = files["opd.csv"].replace("Dinas Satu,DS", "Dinas Satu,\u202eDS")
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "data", files), output).returncode == 0
    summary = page(output, "opd/dinas-satu/").select_one(".ringkasan-grafik").get_text()
    assert "\u2068\u202eDS\u2069 telah membelanjakan" in summary
    image = page(output, "opd/dinas-satu/").select_one("figure img")
    assert "\u2068\u202eDS\u2069" in image["alt"]


def test_a_release_that_verifies_but_fails_todays_checks_stops_the_build(tmp_path):
    store = tmp_path / "rilis"
    release(tmp_path, store, "t1")
    archived = store / "t1/data/kegiatan.csv"
    archived.write_text(archived.read_text().replace("1.01.02.2.01.0001", "1.01.02.2.01 0001", 1))
    manifest = json.loads((store / "t1/manifest.json").read_text())
    manifest["file"]["data/kegiatan.csv"] = hashlib.sha256(archived.read_bytes()).hexdigest()
    (store / "t1/manifest.json").write_text(json.dumps(manifest))
    assert verify(store).returncode == 0  # the newest release is anchored nowhere (yet)
    settings = write_settings(tmp_path / "settings.py", TERBUKA_RELEASES_DIR=str(store))
    result = build_site(tmp_path / "data", tmp_path / "output", settings=str(settings))
    assert_clean_failure(result)
    assert f"{store / 't1/data'}/kegiatan.csv:2:kode_sub_kegiatan: nilai" in result.stderr


def test_a_deeply_nested_manifest_is_an_error_not_a_traceback(tmp_path):
    store = tmp_path / "rilis"
    release(tmp_path, store, "t1")
    (store / "t1/manifest.json").write_text("[" * 100_000)
    result = verify(store)
    assert_clean_failure(result)
    assert "manifest tidak bisa dibaca" in result.stderr


def test_an_unreachable_ssh_target_is_said_plainly(tmp_path):
    data = write_dataset(tmp_path / "data", minimal_files())
    result = run_terbuka(
        "publish", "--datadir", str(data), "--output", str(tmp_path / "pub"),
        "--target", "host.invalid:/srv/terbuka",
    )  # fmt: skip
    assert_clean_failure(result)
    assert "Tidak diterbitkan: ssh ke host.invalid:/srv/terbuka gagal" in result.stderr
    assert "Could not resolve hostname host.invalid" in result.stderr


def test_check_data_lists_every_problem_of_redirects_at_once(tmp_path):
    redirects = tmp_path / "redirects.csv"
    redirects.write_text(
        "alamat_lama,alamat_baru\n"
        "/opd/lama/,/opd/dinas-satu/\n"  # fine
        "/opd/a/,\n"  # line 3: target missing
        "/opd/../../x/,/opd/dinas-satu/\n"  # line 4: climbs out
        "/opd/b\x00c/,/opd/dinas-satu/\n",  # line 5: a NUL, shown escaped
        encoding="utf-8",
    )
    settings = write_settings(tmp_path / "settings.py", TERBUKA_REDIRECTS=str(redirects))
    data = write_dataset(tmp_path / "data", minimal_files())
    result = run_terbuka(
        "check", "--settings", str(settings), "--datadir", str(data),
        "--report", str(tmp_path / "r.json"),
    )  # fmt: skip
    assert_clean_failure(result)
    assert "redirects.csv:3:alamat_baru: wajib diisi" in result.stdout
    assert "redirects.csv:4:-: '..' tidak boleh menjadi bagian alamat situs" in result.stdout
    assert "redirects.csv:5:-: 'b\\u0000c' tidak boleh menjadi bagian alamat situs" in result.stdout
    assert "\x00" not in result.stdout


def test_a_redirect_that_leads_nowhere_stops_the_build_without_a_traceback(tmp_path):
    redirects = tmp_path / "redirects.csv"
    redirects.write_text("alamat_lama,alamat_baru\n/opd/lama/,/opd/tidak-ada/\n", encoding="utf-8")
    settings = write_settings(tmp_path / "settings.py", TERBUKA_REDIRECTS=str(redirects))
    data = write_dataset(tmp_path / "data", minimal_files())
    result = build_site(data, tmp_path / "output", settings=str(settings))
    assert_clean_failure(result)
    assert "redirects.csv: tujuan /opd/tidak-ada/ (dari /opd/lama/) tidak ada di situs" in (
        result.stdout + result.stderr
    )
    assert not (tmp_path / "output").exists()


def test_a_synonym_list_is_read_as_hostile_input_with_each_problem_located(tmp_path):
    files = minimal_files()
    files["sinonim.csv"] = (
        "kata,nama_resmi\n"
        "puskesmas,kesehatan\n"
        ",kosong\n"
        "jalan,jalan\u202e\n" + "panjang," + "x" * 81 + "\n"
    )
    data = write_dataset(tmp_path / "data", files)
    result = run_terbuka("check", "--datadir", str(data))
    assert result.returncode == 1
    assert "sinonim.csv:3:kata: wajib diisi" in result.stdout
    assert "sinonim.csv:4:nama_resmi: paling banyak 80 huruf" in result.stdout
    assert "sinonim.csv:5:nama_resmi: paling banyak 80 huruf" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
