"""Build products verified, not trusted (issue #27): one cache store whose
entries carry their digest, hold no pickles, and never reach a published site
unchecked; an output folder is reused only while every file is what the last
build wrote."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    SESSION,
    build_site,
    minimal_files,
    run_terbuka,
    tree_digest,
    write_dataset,
)
from terbuka.core.cache import FILES, PAGES, CacheStore

A, B = "a" * 64 + ".html", "b" * 64 + ".html"  # entries are named by digests
K, U = "c" * 64 + ".csv", "d" * 64 + ".csv"


def test_an_entry_is_served_only_while_its_bytes_have_their_digest(tmp_path):
    store = CacheStore(tmp_path)
    store.put(PAGES, A, b"<p>Rp 128.900.000</p>")
    assert store.get(PAGES, A) == b"<p>Rp 128.900.000</p>"
    path = tmp_path / PAGES / A
    path.write_bytes(path.read_bytes().replace(b"128.900.000", b"1.820.593"))
    assert store.get(PAGES, A) is None  # edited: a miss, and gone
    assert not path.exists()
    store.put(PAGES, B, b"<p>x</p>")
    truncated = tmp_path / PAGES / B
    truncated.write_bytes(truncated.read_bytes()[:40])
    assert store.get(PAGES, B) is None


def test_a_file_product_is_served_only_while_it_matches_its_seal(tmp_path):
    store = CacheStore(tmp_path)
    store.path(FILES, K).write_bytes(b"pagu\n128900000\n")
    store.seal(FILES, K)
    assert store.file(FILES, K) == store.path(FILES, K)
    store.path(FILES, K).write_bytes(b"pagu\n1820593\n")
    assert store.file(FILES, K) is None
    store.path(FILES, U).write_bytes(b"x")  # written but never sealed
    assert store.file(FILES, U) is None


def test_one_pruning_rule_keeps_the_most_recently_used(tmp_path):
    store = CacheStore(tmp_path)
    for i in range(5):
        store.put(PAGES, f"{i:064x}.html", b"x")
    store.prune(PAGES, keep=2, used={f"{0:064x}.html"})
    left = sorted(p.name for p in (tmp_path / PAGES).iterdir())
    assert f"{0:064x}.html" in left and len(left) == 3  # the two newest and the one in use


def test_whatever_stands_in_an_entrys_place_is_a_miss_never_a_crash_or_a_hang(tmp_path):
    store = CacheStore(tmp_path)
    name = "ab" * 32 + ".html"
    (tmp_path / PAGES / name).mkdir(parents=True)  # a folder where an entry belongs
    assert store.get(PAGES, name) is None
    store.put(PAGES, name, b"<p>x</p>")
    assert store.get(PAGES, name) == b"<p>x</p>"
    fifo = "cd" * 32 + ".html"
    os.mkfifo(tmp_path / PAGES / fifo)  # reading a pipe would wait forever
    assert store.get(PAGES, fifo) is None
    (tmp_path / PAGES / ("ef" * 32 + ".html")).symlink_to(tmp_path / "nowhere")
    store.prune(PAGES, keep=0)  # a dangling link is pruned, not a FileNotFoundError
    store.path(FILES, "12" * 32 + ".csv").write_bytes(b"a")
    (tmp_path / FILES / ("12" * 32 + ".csv.sha256")).mkdir()
    store.seal(FILES, "12" * 32 + ".csv")  # a folder where the seal belongs gives way
    assert store.file(FILES, "12" * 32 + ".csv") is not None
    with pytest.raises(ValueError):
        store.put(PAGES, "../escape", b"x")


def test_no_cached_product_can_run_code_when_read():
    # Pickles were the format of three stores; reading a pickle runs code.
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "plugins/terbuka").rglob("*.py"))
    assert "pickle.load" not in source and "Unpickler" not in source


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_edits_to_the_cache_or_the_output_never_reach_the_site(tmp_path):
    data = write_dataset(tmp_path / "data", minimal_files())
    clean = tmp_path / "clean"
    assert build_site(data, clean, cache=tmp_path / "cache-clean").returncode == 0
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(data, output, cache=cache).returncode == 0
    assert not list(cache.rglob("*.pickle"))
    # Damage every kind of cached product without fixing its digest, truncate
    # the readings, and edit the output.
    for page in (cache / "halaman").iterdir():
        page.write_bytes(page.read_bytes().replace(b"Rp", b"US$"))
    for table in (cache / "unduhan").glob("*.csv"):
        table.write_bytes(table.read_bytes().replace(b"3000000", b"3000001"))
    for reading in (cache / "tabel").iterdir():
        reading.write_bytes(reading.read_bytes()[:100])
    (output / "index.html").write_text("diubah", encoding="utf-8")
    (output / "data/kegiatan.csv").unlink()
    again = build_site(data, output, cache=cache)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Traceback" not in again.stdout + again.stderr
    assert "Tidak ada yang berubah" not in again.stdout
    assert tree_digest(output) == tree_digest(clean)
    # Someone who can write to the cache can also write a matching digest: a
    # forced build (as every publish is) uses nothing from the cache.
    for page in (cache / "halaman").iterdir():
        forged = page.read_bytes().partition(b"\n")[2].replace(b"Rp", b"US$")
        page.write_bytes(hashlib.sha256(forged).hexdigest().encode() + b"\n" + forged)
    forced = run_terbuka(
        "build", "--datadir", str(data), "--output", str(output), "--cache", str(cache), "--force"
    )
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert tree_digest(output) == tree_digest(clean)
    assert not list(tmp_path.glob(".cache-bersih-*"))  # the forced build's own store is gone


def test_a_second_build_on_the_same_cache_waits_for_the_first(tmp_path):
    """Pages and data files wait in the store until the site is written: a
    build on the same cache waits, says so, then builds."""
    data = write_dataset(tmp_path / "data", minimal_files())
    cache = tmp_path / "cache"
    cache.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    command = [sys.executable, "-m", "terbuka", "build", "--datadir", str(data),
               "--output", str(tmp_path / "out"), "--cache", str(cache)]  # fmt: skip
    with (cache / ".kunci").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another build holds the store
        second = subprocess.Popen(
            command, cwd=SESSION, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
            text=True,
        )  # fmt: skip
        assert second.stderr is not None
        said = ""
        while "Menunggu pembangunan lain" not in said and (line := second.stderr.readline()):
            said += line
        assert "Menunggu pembangunan lain" in said
        assert not (tmp_path / "out").exists()
    assert second.wait(timeout=300) == 0, second.stderr.read()
    assert (tmp_path / "out" / "index.html").is_file()
