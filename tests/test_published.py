"""The one road to the output (issue #28): a ``Published`` collection writes
its files through the gate and refuses what changed on its way, and the
site's digest list holds only what a road of this build wrote."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from terbuka.core.published import Published
from terbuka.core.writes import UnsafeWriteError
from terbuka.plugin import write_site_digests


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_commit_writes_bytes_and_files_with_their_digests(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    kept.write_bytes(b"a,b\r\n1,2\r\n")
    out = Published()
    out.add("data/x.csv", kept)
    out.add("opd/a/index.html", b"<p>a</p>")
    written = out.commit(tmp_path / "site")
    assert (tmp_path / "site/data/x.csv").read_bytes() == b"a,b\r\n1,2\r\n"
    assert written == {"data/x.csv": sha(b"a,b\r\n1,2\r\n"), "opd/a/index.html": sha(b"<p>a</p>")}


def test_a_kept_file_changed_after_its_digest_was_taken_is_refused(tmp_path: Path) -> None:
    kept = tmp_path / "kept.html"
    kept.write_bytes(b"<p>asli</p>")
    out = Published()
    out.add("index.html", kept, sha(b"<p>asli</p>"))
    kept.write_bytes(b"<p>diubah</p>")  # edited in the cache between render and commit
    with pytest.raises(UnsafeWriteError, match="berubah selama pembangunan"):
        out.commit(tmp_path / "site")
    assert not (tmp_path / "site/index.html").exists()


def test_two_families_writing_one_path_is_a_bug_said_at_once() -> None:
    first, second = Published(), Published()
    first.add("robots.txt", b"a")
    second.add("robots.txt", b"b")
    with pytest.raises(ValueError, match=r"robots\.txt"):
        first.merge(second)


def test_a_path_outside_the_site_is_refused_before_writing(tmp_path: Path) -> None:
    out = Published()
    out.add("../luar.txt", b"x")
    with pytest.raises(UnsafeWriteError):
        out.commit(tmp_path / "site")
    assert not (tmp_path / "luar.txt").exists()


def test_the_site_list_names_a_stray_file_and_leaves_it_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    written = Published()
    written.add("index.html", b"<p>beranda</p>")
    digests = written.commit(site)
    (site / "theme/css").mkdir(parents=True)
    (site / "theme/css/gaya.css").write_bytes(b"body{}")  # Pelican's theme folder
    (site / "artikel.html").write_bytes(b"<p>berita</p>")  # Pelican's writer said so
    (site / "sisa.html").write_bytes(b"<p>build lama</p>")  # no road wrote it
    write_site_digests(site, digests, {(site / "artikel.html").resolve()}, Path("theme"))
    lines = (site / "sidik-situs.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [
        f"{sha(b'<p>berita</p>')}  artikel.html",
        f"{sha(b'<p>beranda</p>')}  index.html",
        f"{sha(b'body{}')}  theme/css/gaya.css",
    ]
    assert "sisa.html tidak ditulis oleh pembangunan ini" in capsys.readouterr().err


def test_a_file_pelican_copied_over_ours_is_listed_as_it_is_on_disk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pelican's static files are copied last (EXTRA_PATH_METADATA can send one
    to robots.txt): the list holds the bytes the site has, and says so."""
    site = tmp_path / "site"
    written = Published()
    written.add("robots.txt", b"User-agent: *\n")
    digests = written.commit(site)
    (site / "robots.txt").write_bytes(b"User-agent: *\nDisallow: /\n")  # the city's own
    assert sha((site / "robots.txt").read_bytes()) != digests["robots.txt"]
    write_site_digests(site, digests, {(site / "robots.txt").resolve()}, Path("theme"))
    lines = (site / "sidik-situs.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [
        f"{sha(b'User-agent: *' + bytes([10]) + b'Disallow: /' + bytes([10]))}  robots.txt"
    ]
    assert "robots.txt dari Pelican menggantikan file Terbuka" in capsys.readouterr().err


def test_a_live_file_is_linked_only_while_it_is_what_its_build_left(tmp_path):
    from terbuka.core.live import LiveTree

    live = tmp_path / "live"
    live.mkdir()
    (live / "a.html").write_bytes(b"halaman a")
    (live / "b.html").write_bytes(b"halaman b")
    digests = {n: hashlib.sha256((live / n).read_bytes()).hexdigest() for n in ("a.html", "b.html")}
    tree = LiveTree.record(live, digests)
    assert tree.unchanged()
    assert tree.twin("a.html", digests["a.html"]) == live / "a.html"
    assert tree.twin("a.html", digests["b.html"]) is None  # other bytes: written, not linked
    site = Published()
    site.add("a.html", b"halaman a")
    site.add("b.html", b"halaman B baru")
    new = tmp_path / "new"
    site.commit(new, tree)
    assert (new / "a.html").stat().st_ino == (live / "a.html").stat().st_ino
    assert (new / "b.html").read_bytes() == b"halaman B baru"
    # Writing a linked path again never writes through into the live file.
    site.files["a.html"] = b"diganti"
    site.commit(new)
    assert (live / "a.html").read_bytes() == b"halaman a"
    # An edit in place (its time changes) or a new file in its place: not the build's.
    (live / "a.html").write_bytes(b"halaman x")
    assert tree.twin("a.html", digests["a.html"]) is None and not tree.unchanged()
    (live / "b.html").unlink()
    (live / "b.html").write_bytes(b"halaman b")
    assert tree.twin("b.html", digests["b.html"]) is None
    # A path Pelican writes after the build's own files is never linked.
    fresh = LiveTree.record(live, {}).without({"b.html"}, "theme")
    assert fresh.twin("b.html", digests["b.html"]) is None


def test_a_live_file_edited_while_a_build_links_it_is_caught_before_the_swap(tmp_path):
    from terbuka.core.live import LiveTree

    live, staging = tmp_path / "live", tmp_path / "staging"
    live.mkdir()
    (live / "a.html").write_bytes(b"halaman a")
    digest = hashlib.sha256(b"halaman a").hexdigest()
    tree = LiveTree.record(live, {"a.html": digest})
    site = Published()
    site.add("a.html", b"halaman a")
    site.commit(staging, tree)
    assert tree.edited_links(staging) == []
    with (live / "a.html").open("ab") as fh:  # someone edits the live site meanwhile
        fh.write(b" diubah")
    assert tree.edited_links(staging) == ["a.html"]
    # A theme folder of "" or "." is the whole site: then nothing is linked.
    assert LiveTree.record(live, {}).without(set(), ".").twin("a.html", digest) is None


def test_the_gate_refuses_a_path_of_a_thousand_folders_without_a_crash(tmp_path):
    from terbuka.core.writes import Gate

    deep = "a/" * 1500 + "x.html"
    try:
        found = Gate(tmp_path).path(deep)
    except UnsafeWriteError as refused:
        assert "terlalu panjang" in str(refused)
    else:
        assert found.is_relative_to(tmp_path.resolve())
