"""Releases: frozen, chained by hash, compared, verified, published atomically."""

import hashlib
import json
import os
import threading
from pathlib import Path

import pytest
from conftest import build_site, minimal_files, page, run_terbuka, write_dataset, write_settings
from servers import sshd_fixture  # noqa: F401  (the fixture "sshd": the ssh case's target)

A = "1.01.0.00.0.00.01.0000"
B = "5.01.0.00.0.00.02.0000"
SPBE = "tahun,kerangka,kode_indikator,tingkat,kode_opd,catatan\n"


def version_files(step: int) -> dict[str, str]:
    """The data at three moments: a budget revised, activities added and removed."""
    files = minimal_files()
    levels = {1: 3, 2: 3}
    if step >= 2:
        files["kegiatan.csv"] = files["kegiatan.csv"].replace(
            "Sub A,2000000,500000", "Sub A,2500000,750000"
        )
        files["kegiatan.csv"] += (
            f"2026,{B},5.01.02,5.01.02.2.01,Kegiatan B,5.01.02.2.01.0002,Sub B2,400000,0,,,Kecamatan Taman,\n"
        )
    if step >= 3:
        files["program.csv"] += f"2026,{A},1.01.03,Program Baru\n"
        files["kegiatan.csv"] = files["kegiatan.csv"].replace(
            f"2026,{B},5.01.02,5.01.02.2.01,Kegiatan B,5.01.02.2.01.0001,Sub B,3000000,1500000,50,PAD,,\n",
            "",
        )
        files["kegiatan.csv"] += (
            f"2026,{A},1.01.03,1.01.03.2.01,Kegiatan C,1.01.03.2.01.0001,Sub C,100000,0,,,Kecamatan Taman,\n"
        )
        levels = {1: 3, 2: 4}
    files["spbe.csv"] = SPBE + "".join(f"2025,,{n},{lv},{A},\n" for n, lv in levels.items())
    return files


def make_release(
    tmp_path: Path, step: int, version: str, date: str, *extra: str, env: dict | None = None
):
    data = write_dataset(tmp_path / "data", version_files(step))
    return run_terbuka(
        "release", "--datadir", str(data), "--store", str(tmp_path / "rilis"),
        "--version", version, "--note", f"Catatan {version}", "--date", date, *extra, env=env,
    )  # fmt: skip


def three_releases(tmp_path: Path) -> Path:
    for step, (version, date) in enumerate(
        [("2026-TW1", "2026-04-10"), ("2026-TW2", "2026-07-10"), ("2026-TW3", "2026-10-10")],
        start=1,
    ):
        result = make_release(tmp_path, step, version, date)
        assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "rilis"


def build_with_releases(tmp_path: Path, store: Path) -> Path:
    settings = write_settings(tmp_path / "settings.py", TERBUKA_RELEASES_DIR=str(store))
    output = tmp_path / "output"
    result = build_site(tmp_path / "data", output, settings=str(settings))
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def test_releases_are_chained_and_verify(tmp_path):
    store = three_releases(tmp_path)
    first = json.loads((store / "2026-TW1/manifest.json").read_text())
    second = json.loads((store / "2026-TW2/manifest.json").read_text())
    assert first["sha256_manifest_sebelumnya"] is None
    assert second["versi_sebelumnya"] == "2026-TW1"
    assert (
        second["sha256_manifest_sebelumnya"]
        == hashlib.sha256((store / "2026-TW1/manifest.json").read_bytes()).hexdigest()
    )
    assert (
        second["file"]["data/kegiatan.csv"]
        == hashlib.sha256((store / "2026-TW2/data/kegiatan.csv").read_bytes()).hexdigest()
    )
    result = run_terbuka("verify", "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "Semua 3 rilis" in result.stdout


def test_verify_names_what_was_tampered_with(tmp_path):
    store = three_releases(tmp_path)
    archived = store / "2026-TW2/data/kegiatan.csv"
    original = archived.read_bytes()
    archived.write_bytes(original[:-2] + bytes([original[-2] ^ 1]) + original[-1:])
    result = run_terbuka("verify", "--store", str(store))
    assert result.returncode == 1
    assert f"{archived}: isi berubah setelah rilis" in result.stderr
    archived.write_bytes(original)

    manifest = store / "2026-TW1/manifest.json"
    manifest.write_text(manifest.read_text().replace("Catatan 2026-TW1", "Catatan diubah"))
    result = run_terbuka("verify", "--store", str(store))
    assert result.returncode == 1
    assert f"{manifest}: manifest berubah setelah rilis 2026-TW2 dibuat" in result.stderr

    (store / "2026-TW2").rename(tmp_path / "disimpan")
    result = run_terbuka("verify", "--store", str(store))
    assert result.returncode == 1
    assert "rilis 2026-TW2 hilang dari rantai (dirujuk oleh 2026-TW3)" in result.stderr


def test_verify_notices_an_added_file(tmp_path):
    store = three_releases(tmp_path)
    (store / "2026-TW1/data/tambahan.csv").write_text("x\n")
    result = run_terbuka("verify", "--store", str(store))
    assert (
        result.returncode == 1 and "tambahan.csv: file ditambahkan setelah rilis" in result.stderr
    )


def test_a_release_is_never_overwritten_and_bad_data_is_refused(tmp_path):
    three_releases(tmp_path)
    again = make_release(tmp_path, 3, "2026-TW3", "2026-11-01")
    assert again.returncode == 1 and "rilis 2026-TW3 sudah ada" in again.stderr
    bad = version_files(3)
    bad["kegiatan.csv"] += f"2026,{A},1.01.02,1.01.02.2.01,Keg,1.01.02.2.01.0009,Sub,sejuta,0,,,,\n"
    write_dataset(tmp_path / "data", bad)
    refused = run_terbuka(
        "release",
        "--datadir",
        str(tmp_path / "data"),
        "--store",
        str(tmp_path / "rilis"),
        "--version",
        "2026-TW4",
    )
    assert refused.returncode == 1 and "Rilis 2026-TW4 TIDAK dibuat" in refused.stderr
    assert not (tmp_path / "rilis/2026-TW4").exists()


def test_release_pages_show_exactly_what_changed(tmp_path):
    store = three_releases(tmp_path)
    output = build_with_releases(tmp_path, store)
    listing = page(output, "rilis/").get_text(" ", strip=True)
    assert listing.index("2026-TW3") < listing.index("2026-TW2") < listing.index("2026-TW1")

    second = page(output, "rilis/2026-TW2/")
    text = " ".join(second.get_text().split())
    assert "1 sub kegiatan baru: 5.01.02.2.01.0002 Sub B2 (Badan Dua, 2026)" in text
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in second.find("caption", string=lambda s: "per perangkat daerah" in s)
        .find_parent("table")
        .find("tbody")
        .find_all("tr")
    ]
    assert rows == [
        [
            "Dinas Satu",
            "2026",
            "Rp 2.000.000 → Rp 2.500.000 (+Rp 500.000)",
            "Rp 500.000 → Rp 750.000 (+Rp 250.000)",
        ],
        [
            "Badan Dua",
            "2026",
            "Rp 3.000.000 → Rp 3.400.000 (+Rp 400.000)",
            "Rp 1.500.000 → Rp 1.500.000 (+Rp 0)",
        ],
    ]
    third = " ".join(page(output, "rilis/2026-TW3/").get_text().split())
    assert "1 program baru: 1.01.03 Program Baru (Dinas Satu, 2026)" in third
    assert "1 sub kegiatan dihapus: 5.01.02.2.01.0001 Sub B (Badan Dua, 2026)" in third
    assert "1 tingkat indikator SPBE berubah: indikator 2 (2025) 3 → 4" in third
    checks = (output / "rilis/2026-TW3/data/SHA256SUMS").read_text()
    for line in checks.splitlines():
        digest, name = line.split("  ")
        assert (
            hashlib.sha256((output / "rilis/2026-TW3/data" / name).read_bytes()).hexdigest()
            == digest
        )
    assert "Rilis 2026-TW3" in (output / "rilis/atom.xml").read_text()


def test_unit_pages_show_their_changes_and_cite_the_frozen_copy(tmp_path):
    store = three_releases(tmp_path)
    output = build_with_releases(tmp_path, store)  # data/ equals the last release
    unit = page(output, "opd/badan-dua/")
    block = " ".join(unit.find("section", attrs={"aria-labelledby": "berubah"}).get_text().split())
    assert block.startswith("Yang berubah sejak rilis sebelum 2026-TW3")
    assert "1 sub kegiatan dihapus: 5.01.02.2.01.0001 Sub B (Badan Dua, 2026)" in block
    assert "Dinas Satu" not in block
    cite = unit.select_one("section.kutipan .kutip").get_text()
    assert cite.endswith("dari rilis/2026-TW3/opd/badan-dua/")  # the frozen copy, not the live page
    frozen = page(output, "rilis/2026-TW1/opd/badan-dua/")
    assert "Salinan beku dari rilis 2026-TW1" in frozen.get_text(" ", strip=True)
    assert "Rp 3.000.000" in frozen.find(class_="angka-utama").get_text(" ")


def tree_is_whole(tree: Path) -> bool:
    """Every file listed in the tree's data/SHA256SUMS is there with its hash."""
    for line in (tree / "data/SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        if hashlib.sha256((tree / "data" / name).read_bytes()).hexdigest() != digest:
            return False
    return True


def test_publish_switches_whole_trees_and_rollback_restores(tmp_path):
    target = tmp_path / "web"
    data_one = write_dataset(tmp_path / "one", version_files(1))
    data_two = write_dataset(tmp_path / "two", version_files(3))
    first = run_terbuka(
        "publish",
        "--datadir",
        str(data_one),
        "--output",
        str(tmp_path / "pub1"),
        "--target",
        str(target),
    )
    assert first.returncode == 0, first.stdout + first.stderr
    first_tree = os.readlink(target / "aktif")

    seen, stop = [], threading.Event()

    def reader() -> None:
        while not stop.is_set():
            tree = target / "versi" / Path(os.readlink(target / "aktif")).name
            seen.append((tree.name, tree_is_whole(tree)))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        second = run_terbuka(
            "publish",
            "--datadir",
            str(data_two),
            "--output",
            str(tmp_path / "pub2"),
            "--target",
            str(target),
        )
    finally:
        stop.set()
        thread.join()
    assert second.returncode == 0, second.stdout + second.stderr
    assert seen and all(whole for _, whole in seen)
    second_tree = os.readlink(target / "aktif")
    assert second_tree != first_tree
    assert "Program Baru" in (target / "aktif/opd/dinas-satu/2026/index.html").read_text()

    back = run_terbuka("rollback", "--target", str(target))
    assert back.returncode == 0, back.stderr
    assert os.readlink(target / "aktif") == first_tree
    assert "Program Baru" not in (target / "aktif/opd/dinas-satu/2026/index.html").read_text()
    assert run_terbuka("rollback", "--target", str(target)).returncode == 1  # nothing older


def test_a_published_address_never_dies_without_a_redirect(tmp_path):
    assert make_release(tmp_path, 1, "2026-TW1", "2026-04-10").returncode == 0
    renamed = version_files(1)
    renamed["opd.csv"] = renamed["opd.csv"].replace("badan-dua", "badan-dua-baru")
    write_dataset(tmp_path / "data", renamed)
    settings = write_settings(
        tmp_path / "settings.py",
        TERBUKA_RELEASES_DIR=str(tmp_path / "rilis"),
        TERBUKA_REDIRECTS=str(tmp_path / "redirects.csv"),
    )
    output = tmp_path / "output"
    refused = build_site(tmp_path / "data", output, settings=str(settings))
    assert refused.returncode != 0
    assert (
        "alamat yang terbit di rilis 2026-TW1 akan hilang: /opd/badan-dua/"
        in refused.stdout + refused.stderr
    )
    assert not output.exists()

    (tmp_path / "redirects.csv").write_text(
        "alamat_lama,alamat_baru\n/opd/badan-dua/,/opd/badan-dua-baru/\n"
        "/opd/badan-dua/2026/,/opd/badan-dua-baru/2026/\n"
        "/opd/badan-dua/2026/5.01.02/,/opd/badan-dua-baru/2026/5.01.02/\n",
        encoding="utf-8",
    )
    built = build_site(tmp_path / "data", output, settings=str(settings))
    assert built.returncode == 0, built.stdout + built.stderr
    moved = page(output, "opd/badan-dua/")
    assert (
        moved.find("meta", attrs={"http-equiv": "refresh"})["content"]
        == "0; url=../../opd/badan-dua-baru/index.html"
    )
    assert (output / "opd/badan-dua-baru/2026/index.html").is_file()


@pytest.mark.parametrize("install", ["local", "ssh"])
def test_a_republish_links_what_did_not_change_and_keeps_the_old_tree_whole(
    tmp_path, install, request
):
    from terbuka.publishing import deploy, remote

    built = tmp_path / "situs"
    (built / "data").mkdir(parents=True)
    (built / "index.html").write_text("satu", encoding="utf-8")
    (built / "data/kegiatan.csv").write_text("kode\r\n1.01\r\n", encoding="utf-8")
    target = tmp_path / "server"
    target.mkdir()

    def publish() -> str:
        if install == "local":
            return deploy.install_local(built, target)
        server = request.getfixturevalue("sshd")
        found = remote.parse_target(server.target(target))
        return remote.install(built, found, server.config, 5).tree

    first = publish()
    # A rebuild: the page changed; the CSV did not and kept its time.
    (built / "index.html").write_text("dua", encoding="utf-8")
    second = publish()
    old, new = target / "versi" / first, target / "versi" / second
    assert (new / "data/kegiatan.csv").stat().st_ino == (old / "data/kegiatan.csv").stat().st_ino
    assert (new / "index.html").stat().st_ino != (old / "index.html").stat().st_ino
    assert (old / "index.html").read_text() == "satu" and (new / "index.html").read_text() == "dua"
    # The same size and bytes but a new time (a file written again) is copied, not linked.
    os.utime(built / "data/kegiatan.csv", ns=(0, 10**18))
    third = publish()
    newest = target / "versi" / third
    assert (newest / "data/kegiatan.csv").stat().st_ino != (new / "data/kegiatan.csv").stat().st_ino
