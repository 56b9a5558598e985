"""A rebuild after a change: only what changed is made and looks new, and the
result is byte-identical to a build from nothing (the page and file caches
never serve a stale byte)."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    build_site,
    free_port,
    minimal_files,
    page,
    run_terbuka,
    table_row,
    tree_digest,
    write_dataset,
    write_settings,
)
from terbuka.core import live
from terbuka.core.cache import CacheStore
from terbuka.core.writes import UnsafeWriteError, copy_checked

LONG_AGO = 946_684_800  # 2000-01-01, a time no build writes


def _age(output: Path) -> None:
    for path in output.rglob("*"):
        if path.is_file():
            os.utime(path, (LONG_AGO, LONG_AGO))


def _new_files(output: Path) -> set[str]:
    return {
        str(p.relative_to(output))
        for p in output.rglob("*")
        if p.is_file() and p.stat().st_mtime != LONG_AGO
    }


def test_one_changed_figure_rebuilds_its_pages_and_equals_a_full_build(tmp_path):
    files = minimal_files()
    data = write_dataset(tmp_path / "data", files)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(data, output, cache=cache).returncode == 0
    _age(output)
    tables = set((cache / "tabel").glob("*.json"))
    # Badan Dua's 2026 spending: Rp 1.500.000 -> Rp 1.750.000.
    files["kegiatan.csv"] = files["kegiatan.csv"].replace(",3000000,1500000,", ",3000000,1750000,")
    write_dataset(data, files)
    again = build_site(data, output, cache=cache)
    assert again.returncode == 0, again.stderr
    fresh = tmp_path / "fresh"
    # A new interpreter (its own hash seed), as a build from nothing would be.
    assert build_site(data, fresh, cache=tmp_path / "cache-fresh", cold=True).returncode == 0
    assert tree_digest(output) == tree_digest(fresh)
    # Only the changed file was read and typed again; the others came from the cache.
    assert len(set((cache / "tabel").glob("*.json")) - tables) == 1 < len(tables)
    changed = page(output, "opd/badan-dua/2026/")
    assert table_row(changed, "Program", "Jumlah program")[1:3] == ["Rp 3.000.000", "Rp 1.750.000"]
    new = _new_files(output)
    # The changed unit's pages, its files and the city's are new ...
    assert {"opd/badan-dua/2026/index.html", "index.html", "data/kegiatan.csv"} <= new
    assert "data/SHA256SUMS" in new
    # ... the other unit's pages and files, and pages that do not total it, keep their time.
    for kept in (
        "opd/dinas-satu/2025/index.html",
        "opd/dinas-satu/2026/1.01.02/index.html",
        "opd/dinas-satu/2026/kegiatan.xlsx",
        "tentang/index.html",
        "data/kerangka_pemdi_2026.csv",
    ):
        assert (output / kept).is_file(), kept
        assert kept not in new, kept
    assert len(new) < len(tree_digest(output)) / 2


def test_edits_to_a_template_or_a_setting_reach_every_cached_page(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    data = write_dataset(tmp_path / "data", minimal_files())
    output, cache = tmp_path / "output", tmp_path / "cache"
    settings = write_settings(tmp_path / "settings.py", THEME=str(theme))
    assert build_site(data, output, str(settings), cache).returncode == 0
    base = theme / "templates/base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</footer>", "<p>Tanda uji templat</p></footer>"),
        encoding="utf-8",
    )
    again = build_site(data, output, str(settings), cache)
    assert again.returncode == 0, again.stderr
    urls = ("", "opd/dinas-satu/2026/", "opd/dinas-satu/2026/1.01.02/", "data/", "tentang/")
    for url in urls:
        assert "Tanda uji templat" in page(output, url).get_text(), url
    settings = write_settings(tmp_path / "settings.py", THEME=str(theme), SITENAME="Kota Uji")
    again = build_site(data, output, str(settings), cache)
    assert again.returncode == 0, again.stderr
    for url in urls:
        assert "Kota Uji" in page(output, url).title.get_text(), url


def test_a_cached_file_that_changed_after_its_sum_was_taken_is_not_published(tmp_path):
    source = tmp_path / "cache.csv"
    source.write_bytes(b"kode_opd\r\n1.01\r\n")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    site = tmp_path / "site"
    site.mkdir()
    assert copy_checked(site, "data/a.csv", source, digest).read_bytes() == source.read_bytes()
    source.write_bytes(b"kode_opd\r\n9.99\r\n")  # another process rewrote the cache file
    with pytest.raises(UnsafeWriteError, match="berubah selama pembangunan"):
        copy_checked(site, "data/b.csv", source, digest)
    assert not (site / "data/b.csv").exists()


def _inodes(output: Path) -> dict[str, tuple[int, str]]:
    return {
        str(p.relative_to(output)): (p.stat().st_ino, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in output.rglob("*")
        if p.is_file()
    }


def test_a_rebuild_writes_only_what_changed_and_never_into_the_live_site(tmp_path):
    files = minimal_files()
    data = write_dataset(tmp_path / "data", files)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(data, output, cache=cache).returncode == 0
    before = _inodes(output)
    # A second name for every live file: whatever a rebuild writes into a
    # live file in place (instead of beside it) shows here.
    held = tmp_path / "held"
    for name in before:
        (held / name).parent.mkdir(parents=True, exist_ok=True)
        os.link(output / name, held / name)
    files["kegiatan.csv"] = files["kegiatan.csv"].replace(",3000000,1500000,", ",3000000,1750000,")
    write_dataset(data, files)
    again = build_site(data, output, cache=cache)
    assert again.returncode == 0, again.stderr
    after = _inodes(output)
    changed = {
        name for name, (_, digest) in after.items() if before.get(name, (0, ""))[1] != digest
    }
    written = {name for name, (inode, _) in after.items() if before.get(name, (0,))[0] != inode}
    # Every changed file was written, and of the unchanged only what Pelican
    # writes itself (its pages, feeds and theme files) and the digest list.
    assert changed <= written
    assert "opd/badan-dua/2026/index.html" in changed
    # Pelican's own: the content's pages and news, and the theme's files.
    pelican = {p.stem for p in (ROOT / "content/pages").glob("*.md")} | {"berita", "theme"}
    assert {name.split("/")[0] for name in written - changed} <= pelican
    for kept in ("opd/dinas-satu/2025/index.html", "opd/dinas-satu/2026/kegiatan.xlsx"):
        assert kept not in written, kept
    assert len(written) < len(after) / 2
    # The build's own record says what this change made again, and it is what
    # the inodes show: the changed unit's pages, charts and tables, the city's
    # that total it. Of the other unit, only its 2026 pages are made again
    # (they set it beside the city's 2026 figures, which changed): none of its
    # charts or tables, and not its 2025 pages.
    made = live.load(CacheStore(cache), output).made
    assert set(made["ditulis"]) == written - {"sidik-situs.txt"} - {
        n for n in written if n.split("/")[0] in pelican
    }
    assert "opd/badan-dua/2026/index.html" in made["halaman"]
    assert "opd/badan-dua/2026/grafik-program" in made["grafik"]
    assert {"data/kegiatan", "opd/badan-dua/2026/kegiatan"} <= set(made["data"])
    for kind in ("grafik", "data"):
        assert not [p for p in made[kind] if p.startswith("opd/dinas-satu/")], kind
    other = [p for p in made["halaman"] if p.startswith("opd/dinas-satu/")]
    assert other and all(
        p.startswith("opd/dinas-satu/2026/") or p == "opd/dinas-satu/index.html" for p in other
    )
    assert "Dibuat ulang:" in again.stdout
    # The live site's files were never written through: each held name still
    # has the bytes it had.
    for name, (_, digest) in before.items():
        assert hashlib.sha256((held / name).read_bytes()).hexdigest() == digest, name
    fresh = tmp_path / "fresh"
    assert build_site(data, fresh, cache=tmp_path / "cache-fresh", cold=True).returncode == 0
    assert tree_digest(output) == tree_digest(fresh)
    # Nothing changed: answered from the record. A file added to the output
    # is not what the last build left, so the next build makes the site again.
    assert "Tidak ada yang berubah" in build_site(data, output, cache=cache).stdout
    (output / "tambahan.html").write_text("bukan dari pembangunan", encoding="utf-8")
    third = build_site(data, output, cache=cache)
    assert "Tidak ada yang berubah" not in third.stdout
    assert not (output / "tambahan.html").exists()
    assert tree_digest(output) == tree_digest(fresh)


def _fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read()
    except OSError:
        return None


def test_the_devserver_serves_a_changed_row_built_in_a_warm_process(tmp_path):
    files = minimal_files()
    data = write_dataset(tmp_path / "data", files)
    output, port = tmp_path / "output", free_port()
    command = [sys.executable, "-m", "terbuka", "devserver", "--datadir", str(data)]
    command += ["--output", str(output), "--cache", str(tmp_path / "cache"), "--port", str(port)]
    command += ["--settings", str(write_settings(tmp_path / "settings.py"))]  # report kept here
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    log = (tmp_path / "devserver.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/opd/badan-dua/2026/"
    try:
        deadline = time.monotonic() + 120
        while (first := _fetch(url)) is None:
            assert server.poll() is None and time.monotonic() < deadline, "never served"
            time.sleep(0.2)
        assert "Rp 1.500.000" in first.decode()
        time.sleep(0.5)  # the watcher has taken its first look
        files["kegiatan.csv"] = files["kegiatan.csv"].replace(
            ",3000000,1500000,", ",3000000,1750000,"
        )
        write_dataset(data, files)
        while b"Rp 1.750.000" not in (_fetch(url) or b""):
            assert server.poll() is None and time.monotonic() < deadline + 120, "never rebuilt"
            time.sleep(0.2)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
        log.close()
    said = (tmp_path / "devserver.log").read_text(encoding="utf-8")
    assert "Perubahan terdeteksi" in said and "Traceback" not in said


def test_a_preview_build_puts_changed_pages_in_the_served_site_first_and_marked(tmp_path):
    redirects = tmp_path / "redirects.csv"
    redirects.write_text("alamat_lama,alamat_baru\n", encoding="utf-8")
    settings = str(write_settings(tmp_path / "settings.py", TERBUKA_REDIRECTS=str(redirects)))
    files = minimal_files()
    data = write_dataset(tmp_path / "data", files)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(data, output, settings, cache).returncode == 0
    files["kegiatan.csv"] = files["kegiatan.csv"].replace(",3000000,1500000,", ",3000000,1750000,")
    write_dataset(data, files)
    # A redirect to no page stops the build after its pages are rendered: what
    # the preview wrote is then all that reached the served site.
    redirects.write_text("alamat_lama,alamat_baru\n/opd/lama/,/opd/tidak-ada/\n", encoding="utf-8")
    command = ["build", "--datadir", str(data), "--output", str(output), "--preview"]
    stopped = run_terbuka(*command, "--settings", settings, "--cache", str(cache))
    assert stopped.returncode != 0 and "tidak ada di situs" in stopped.stderr
    changed = page(output, "opd/badan-dua/2026/")
    assert changed.find(role="status").get_text(" ", strip=True).startswith("Pratinjau.")
    assert table_row(changed, "Program", "Jumlah program")[1:3] == ["Rp 3.000.000", "Rp 1.750.000"]
    unchanged = page(output, "opd/dinas-satu/2025/")
    assert unchanged.find(role="status") is None
    # The whole build replaces the preview: no page says it any more.
    redirects.write_text("alamat_lama,alamat_baru\n", encoding="utf-8")
    done = run_terbuka(*command, "--settings", settings, "--cache", str(cache))
    assert done.returncode == 0, done.stderr
    assert page(output, "opd/badan-dua/2026/").find(role="status") is None
    assert not [
        p for p in output.rglob("*.html") if b"<strong>Pratinjau.</strong>" in p.read_bytes()
    ]
