"""Nothing published that the data does not say (issue 27): a deploy target
with planted links, a folder where the live link belongs, debris of a killed
publish and files edited in place; a published site that drips, redirects
to a file or lists a giant chain; secret keys others can read and comments
minisign itself draws the line on. Each gets a located answer in Bahasa
Indonesia, never a traceback, and a refused publish leaves the live tree
byte-identical."""

from __future__ import annotations

import contextlib
import fcntl
import http.server
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SESSION, run_terbuka
from terbuka import cli
from terbuka.publishing import deploy

# ``publish`` as make runs it, minus the build: the folder given as --output is
# what the build made. Everything after the build (the deploy, its messages
# and exit status) is the real command line's.
PUBLISH = (
    "import sys\n"
    "from terbuka import cli\n"
    "cli.build = lambda *args, **kwargs: 0\n"
    "sys.exit(cli.main(sys.argv[1:]))\n"
)


def publish(built: Path, target: Path, fresh: bool = False) -> subprocess.CompletedProcess:
    """``publish`` in a fresh process (``fresh``), or in this one (seconds faster;
    a traceback there fails the test just the same)."""
    arguments = ["publish", "--output", str(built), "--target", str(target)]
    if fresh:
        return subprocess.run(
            [sys.executable, "-c", PUBLISH, *arguments],
            cwd=SESSION,
            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
            capture_output=True,
            text=True,
            check=False,
        )
    return in_process(arguments)


def in_process(arguments: list[str]) -> subprocess.CompletedProcess:
    out, err = io.StringIO(), io.StringIO()
    build, here = cli.build, Path.cwd()
    cli.build = lambda *_, **__: 0
    try:
        os.chdir(SESSION)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(arguments)
    finally:
        cli.build = build
        os.chdir(here)
    return subprocess.CompletedProcess(arguments, code, out.getvalue(), err.getvalue())


def rollback(target: Path, fresh: bool = False) -> subprocess.CompletedProcess:
    if fresh:
        return run_terbuka("rollback", "--target", str(target))
    return in_process(["rollback", "--target", str(target)])


def refused(result: subprocess.CompletedProcess, *said: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output, output
    for text in said:
        assert text in result.stderr, result.stderr


def make_build(folder: Path, index: str = "satu", csv: bytes = b"kode\r\n1.01\r\n") -> Path:
    """A built site: a page and a data file whose time stays put across rebuilds."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(index, encoding="utf-8")
    (folder / "data/kegiatan.csv").write_bytes(csv)
    os.utime(folder / "data/kegiatan.csv", ns=(1_700_000_000 * 10**9,) * 2)
    return folder


def snapshot(root: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under ``root`` as found: a link's text, a file's bytes."""
    found: dict[str, tuple[str, bytes | str]] = {}
    for folder, names, files in os.walk(root):
        for name in names + files:
            path = Path(folder, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = ("tautan", os.readlink(path))
            elif path.is_dir():
                found[key] = ("folder", "")
            else:
                found[key] = ("file", path.read_bytes())
    return found


def live(target: Path) -> Path:
    return target / "versi" / Path(os.readlink(target / "aktif")).name


# --- 1. The deploy target -------------------------------------------------------


@pytest.mark.parametrize("planted", ["folder", "file"])
def test_a_link_planted_in_the_live_tree_is_refused_and_never_followed(tmp_path, planted):
    target = tmp_path / "web"
    built = make_build(tmp_path / "situs")
    assert publish(built, target).returncode == 0
    tree = live(target)
    # Outside the target: a file with the bytes and time the next build has.
    outside = make_build(tmp_path / "luar")
    if planted == "folder":
        (tree / "data/kegiatan.csv").unlink()
        (tree / "data").rmdir()
        (tree / "data").symlink_to(outside / "data")
        place = tree / "data"
    else:
        (tree / "data/kegiatan.csv").unlink()
        (tree / "data/kegiatan.csv").symlink_to(outside / "data/kegiatan.csv")
        place = tree / "data/kegiatan.csv"
    before = snapshot(target)

    result = publish(built, target, fresh=True)
    refused(result, "Tidak diterbitkan:", f"{place} (tautan simbolik ke", "memuat tautan simbolik")
    assert f"tidak ada yang diubah di {target}" in result.stderr
    assert snapshot(target) == before
    assert (outside / "data/kegiatan.csv").stat().st_nlink == 1  # never linked from


def test_a_link_swapped_in_after_the_scan_is_not_linked_through(tmp_path):
    target = tmp_path / "web"
    built = make_build(tmp_path / "situs")
    first = deploy.install_local(built, target)
    tree = target / "versi" / first
    seen = deploy._scan_live(target, first)
    # Between the scan and the linking, data/ becomes a link to a folder outside
    # holding a file of the same bytes, size and time.
    outside = make_build(tmp_path / "luar")
    (tree / "data").rename(tmp_path / "disimpan")
    (tree / "data").symlink_to(outside / "data")
    folders, files = deploy._scan_built(built)
    new = tmp_path / "baru"
    new.mkdir()
    sums = deploy._copy_tree(built, new, folders, files, tree, seen)
    assert (outside / "data/kegiatan.csv").stat().st_nlink == 1
    assert (new / "data/kegiatan.csv").read_bytes() == (built / "data/kegiatan.csv").read_bytes()
    assert set(sums) == {"index.html", "data/kegiatan.csv"}


def test_a_real_folder_named_aktif_is_refused_and_the_target_stays_unchanged(tmp_path):
    target = tmp_path / "web"
    (target / "aktif").mkdir(parents=True)
    (target / "aktif/index.html").write_text("situs lama, dipasang dengan tangan")
    before = snapshot(target)
    result = publish(make_build(tmp_path / "situs"), target, fresh=True)
    refused(
        result,
        f"Tidak diterbitkan: {target / 'aktif'} adalah folder biasa, padahal di sini harus ada "
        "tautan simbolik ke versi yang aktif",
        f"tidak ada yang diubah di {target}",
    )
    assert snapshot(target) == before


@pytest.mark.parametrize("where", ["aktif-ke-luar", "tautan-di-versi", "versi-tautan"])
def test_links_where_the_layout_has_none_are_refused(tmp_path, where):
    target = tmp_path / "web"
    built = make_build(tmp_path / "situs")
    assert publish(built, target).returncode == 0
    elsewhere = make_build(tmp_path / "luar")
    if where == "aktif-ke-luar":
        (target / "aktif").unlink()
        (target / "aktif").symlink_to(elsewhere)
        said = f"{target / 'aktif'} (tautan simbolik ke {str(elsewhere)!r}) tidak menunjuk"
    elif where == "tautan-di-versi":
        (target / "versi/20990101T000000-0").symlink_to(elsewhere)
        said = "hanya boleh berisi folder versi, bukan tautan simbolik"
    else:
        (target / "versi").rename(tmp_path / "versi-asli")
        (target / "versi").symlink_to(tmp_path / "versi-asli")
        said = f"{target / 'versi'} adalah tautan simbolik, bukan folder tempat versi-versi"
    before = snapshot(target)
    refused(publish(built, target), said)
    assert snapshot(target) == before
    refused(rollback(target), "Tidak bisa kembali:")
    assert snapshot(target) == before


def test_a_link_in_the_build_is_never_published(tmp_path):
    target = tmp_path / "web"
    built = make_build(tmp_path / "situs")
    assert publish(built, target).returncode == 0
    before = snapshot(target)
    (built / "rahasia").symlink_to("/etc/passwd")
    result = publish(built, target)
    refused(result, f"{built / 'rahasia'} (tautan simbolik ke '/etc/passwd')")
    assert snapshot(target) == before


def test_what_a_killed_publish_left_is_cleared_by_the_next(tmp_path):
    target = tmp_path / "web"
    built = make_build(tmp_path / "situs")
    for n in range(6000):  # enough files that the copy is caught midway
        (built / f"halaman-{n}.html").write_text(f"halaman {n}\n" * 50)
    script = (
        "import sys; from pathlib import Path; from terbuka.publishing import deploy\n"
        "deploy.install_local(Path(sys.argv[1]), Path(sys.argv[2]))\n"
    )
    killed = subprocess.Popen(
        [sys.executable, "-c", script, str(built), str(target)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
    )
    partial: list[Path] = []
    deadline = time.monotonic() + 60
    while not partial and time.monotonic() < deadline and killed.poll() is None:
        partial = [p for p in (target / "versi").glob(".baru-*") if any(p.iterdir())]
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert partial, "the publish ended before it could be killed"
    assert not (target / "aktif").exists()
    # Debris of older kinds too: the unfinished tree's old name, the link, half a list.
    (target / "versi/.20200101T000000-0").mkdir()
    (target / ".aktif.baru").symlink_to("versi/.20200101T000000-0")
    (target / "versi/20200101T000000-1.sidik.json.123.sebagian").write_text("{")
    (target / "versi/20200101T000000-2.sidik.json").write_text("{}")  # its tree is gone

    result = publish(built, target)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (target / "versi").iterdir())
    tree = live(target).name
    assert names == [tree, f"{tree}.sidik.json"]
    assert sorted(p.name for p in target.iterdir()) == ["aktif", "riwayat", "versi"]


def test_an_edit_in_place_is_never_linked_and_blocks_the_rollback(tmp_path):
    target = tmp_path / "web"
    built = make_build(tmp_path / "situs")
    assert publish(built, target).returncode == 0
    first = live(target)
    (built / "index.html").write_text("dua", encoding="utf-8")
    assert publish(built, target).returncode == 0
    second = live(target)
    shared = second / "data/kegiatan.csv"
    assert shared.stat().st_ino == (first / "data/kegiatan.csv").stat().st_ino
    # An edit in place: the same size and time, other bytes, in both trees at once.
    kept = shared.stat()
    with shared.open("r+b") as fh:
        fh.write(b"KODE")
    os.utime(shared, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    assert (first / "data/kegiatan.csv").read_bytes().startswith(b"KODE")
    before = snapshot(target)

    result = rollback(target, fresh=True)
    refused(
        result,
        f"Tidak bisa kembali: versi {first.name} di {target} tidak lagi sama",
        f"{first / 'data/kegiatan.csv'} isinya berubah sejak diterbitkan",
        "Situs yang aktif tidak berubah",
    )
    assert snapshot(target) == before

    # The next publish copies the build's bytes instead of linking the edited file,
    # and never writes through the live tree.
    live_before = snapshot(second)
    assert publish(built, target).returncode == 0
    third = live(target)
    assert third != second and snapshot(second) == live_before
    assert (third / "data/kegiatan.csv").read_bytes() == (built / "data/kegiatan.csv").read_bytes()
    assert (third / "data/kegiatan.csv").stat().st_ino != shared.stat().st_ino
    assert (third / "index.html").read_text() == "dua"


def test_a_tree_without_its_list_of_sums_is_not_rolled_back(tmp_path):
    target = tmp_path / "web"
    built = make_build(tmp_path / "situs")
    assert publish(built, target).returncode == 0
    first = live(target)
    (built / "index.html").write_text("dua", encoding="utf-8")
    assert publish(built, target).returncode == 0
    (target / "versi" / f"{first.name}.sidik.json").unlink()
    refused(rollback(target), f"{first}.sidik.json tidak ada")
    (built / "index.html").write_text("tiga", encoding="utf-8")
    assert publish(built, target).returncode == 0  # and a rollback to the second is fine
    back = rollback(target)
    assert back.returncode == 0, back.stderr
    assert (target / "aktif/index.html").read_text() == "dua"


def test_a_second_publish_at_the_same_time_is_refused(tmp_path):
    target = tmp_path / "web"
    built = make_build(tmp_path / "situs")
    assert publish(built, target).returncode == 0
    before = snapshot(target)
    fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        refused(publish(built, target), "penerbitan atau pengembalian lain sedang berjalan")
        refused(rollback(target), "sedang berjalan")
    finally:
        os.close(fd)
    assert snapshot(target) == before


# --- 2. verify SITUS= against a hostile published site ------------------------


class DrippingSite(http.server.BaseHTTPRequestHandler):
    """A published site that answers one byte at a time, in its headers or in
    its body, or redirects where no http(s) client should go."""

    def log_message(self, *args: object) -> None:
        pass

    def drip(self, data: bytes) -> None:
        for byte in data:
            if self.server.stop.is_set():  # type: ignore[attr-defined]
                return
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.25)

    def do_GET(self) -> None:
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "kepala":
            self.drip(b"HTTP/1.0 200 OK\r\n" + b"X-Lambat: " + b"a" * 1000 + b"\r\n\r\n")
        elif mode == "badan":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.drip(b"{" * 1000)
        elif mode == "file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()


@contextlib.contextmanager
def hostile_site(mode: str) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DrippingSite)
    server.mode = mode  # type: ignore[attr-defined]
    server.stop = threading.Event()  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.stop.set()  # type: ignore[attr-defined]
        server.shutdown()


def verify_site(store: Path, site: str) -> subprocess.CompletedProcess:
    return in_process(["verify", "--store", str(store), "--site", site])


@pytest.mark.parametrize("where", ["kepala", "badan"])
def test_a_site_that_drips_stops_at_the_whole_deadline(tmp_path, monkeypatch, where):
    from terbuka.publishing import anchor

    monkeypatch.setattr(anchor, "DEADLINE", 2)  # 300 s outside the tests
    store = tmp_path / "rilis"
    store.mkdir()
    with hostile_site(where) as address:
        started = time.monotonic()
        result = verify_site(store, address)
        took = time.monotonic() - started
    refused(
        result,
        f"{address}rilis/rantai.json: situs terlalu lambat: semua yang diambil dari situs ini "
        "dibatasi 2 d, dan batas itu terlewati",
        "PEMERIKSAAN GAGAL",
    )
    assert took < 4, took  # each byte came within the 20 s a read may wait


def test_a_redirect_to_a_file_names_where_it_led(tmp_path):
    store = tmp_path / "rilis"
    store.mkdir()
    with hostile_site("file") as address:
        result = verify_site(store, address)
    refused(
        result,
        f"{address}rilis/rantai.json: server mengalihkan (302) ke 'file:///etc/passwd', "
        "bukan alamat http(s); pengalihan itu ditolak",
    )


def chain_site(folder: Path, versions: list[str]) -> Path:
    entries = [{"versi": v, "sha256_manifest": "0" * 64} for v in versions]
    (folder / "rilis").mkdir(parents=True)
    (folder / "rilis/rantai.json").write_text(json.dumps({"rilis": entries}))
    return folder


def test_a_giant_chain_is_refused_at_once_and_a_long_one_reported_in_a_few_lines(tmp_path):
    from terbuka.publishing import anchor

    store = tmp_path / "rilis"
    store.mkdir()
    giant = chain_site(tmp_path / "raksasa", [f"r{n}" for n in range(100_000)])
    started = time.monotonic()
    result = verify_site(store, str(giant))
    refused(
        result,
        f"rilis/rantai.json: memuat 100000 rilis, lebih dari batas {anchor.MAX_RELEASES} rilis "
        "yang diperiksa",
    )
    assert time.monotonic() - started < 10
    assert len(result.stderr.splitlines()) < 5

    # The most the check reads: every release missing here and its manifest
    # missing there, said in a few lines per kind and a count.
    long = chain_site(tmp_path / "panjang", [f"r{n}" for n in range(anchor.MAX_RELEASES)])
    result = verify_site(store, str(long))
    refused(
        result,
        "rilis r0 sudah diterbitkan di",
        "situs tidak konsisten: rilis/r0/manifest.json tidak cocok",
        f"… dan {anchor.MAX_RELEASES - anchor.PER_KIND} lagi: rilis yang sudah diterbitkan "
        f"tetapi tidak ada (atau rusak) di {store} ({anchor.MAX_RELEASES} seluruhnya)",
        f"… dan {anchor.MAX_RELEASES - anchor.PER_KIND} lagi: manifest di situs tidak cocok",
    )
    assert "rilis r5 sudah" not in result.stderr
    assert len(result.stderr.splitlines()) <= 2 * anchor.PER_KIND + 4  # and the summary


# --- 3. Secret keys and minisign's own limits ------------------------------------


def secret_key_file(folder: Path, mode: int) -> Path:
    from terbuka.publishing import signing

    path = folder / "kunci" / "terbuka.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(signing.secret_file_text(signing.generate()))
    path.chmod(mode)
    return path


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o620], ids=lambda m: f"{m:04o}")
def test_a_secret_key_others_can_reach_is_refused_with_the_fix(tmp_path, mode):
    key = secret_key_file(tmp_path, mode)
    result = in_process(
        ["release", "--version", "2026-TW1", "--key", str(key), "--store", str(tmp_path / "rilis"),
         "--datadir", str(tmp_path / "data")]
    )  # fmt: skip
    refused(
        result,
        f"Rilis TIDAK dibuat: {key}: kunci rahasia ini bisa diakses pengguna lain di komputer "
        f"ini (izin {mode:04o}); kunci tidak dipakai. Batasi untuk pemiliknya saja: "
        f"chmod 600 {key}",
    )
    assert not (tmp_path / "rilis").exists()
    key.chmod(0o600)
    from terbuka.publishing import signing

    assert signing.read_secret_key(key, ROOT).public.id_text


def test_a_password_key_others_can_read_is_refused_before_its_password_is_asked(tmp_path):
    from terbuka.publishing import signing

    key, public = tmp_path / "sandi.key", tmp_path / "sandi.pub"
    subprocess.run(
        ["minisign", "-G", "-s", str(key), "-p", str(public)],
        input="rahasia\nrahasia\n", text=True, check=True, capture_output=True,
    )  # fmt: skip
    assert key.stat().st_mode & 0o777 == 0o600  # as minisign writes it
    key.chmod(0o644)
    with pytest.raises(signing.SigningError, match=r"chmod 600"):
        signing.read_secret_key(key, ROOT)  # no password in the environment, no terminal


def minisign_verify(folder: Path, public: str, data: bytes, signature: bytes):
    (folder / "kunci.pub").write_text(public)
    (folder / "isi").write_bytes(data)
    (folder / "isi.minisig").write_bytes(signature)
    return subprocess.run(
        ["minisign", "-Vm", str(folder / "isi"), "-p", str(folder / "kunci.pub")],
        capture_output=True, check=False,
    )  # fmt: skip


def signature_file(key, data: bytes, signed: bytes, line: bytes, untrusted: bytes = b"u") -> bytes:
    """A signature whose trusted comment line is ``line`` and whose global
    signature covers ``signed``: what any tool may write."""
    import base64
    import hashlib

    signer = key.signing_key()
    signature = signer.sign(hashlib.blake2b(data, digest_size=64).digest()).signature
    comment_signature = signer.sign(signature + signed).signature
    return (
        b"untrusted comment: " + untrusted + b"\n"
        + base64.b64encode(b"ED" + key.public.key_id + signature) + b"\n"
        + b"trusted comment: " + line + b"\n"
        + base64.b64encode(comment_signature) + b"\n"
    )  # fmt: skip


A = b"a"
CASES = {
    # name: (untrusted comment, the comment signed, the comment line, minisign accepts)
    "U+2028 dan U+2029": (b"u", "a\u2028b\u2029c".encode(), "a\u2028b\u2029c".encode(), True),
    "VT, FF, FS, NEL": (b"u", "a\x0b\x0c\x1c\x85b".encode(), "a\x0b\x0c\x1c\x85b".encode(), True),
    "8173 byte": (b"u", A * 8173, A * 8173, True),
    "8174 byte": (b"u", A * 8174, A * 8174, False),
    "8 KB": (b"u", A * 8192, A * 8192, False),
    "CRLF, 8172 byte": (b"u", A * 8172, A * 8172 + b"\r", True),
    "CRLF, 8173 byte": (b"u", A * 8173, A * 8173 + b"\r", False),
    "CR mengakhiri komentar": (b"u", b"abc", b"abc\rdef", True),
    "NUL": (b"u", b"abc", b"abc\0def", False),
    "bukan UTF-8": (b"u", b"\xff\xfe", b"\xff\xfe", True),
    "komentar tak tepercaya 1022 byte": (b"u" * (1022 - 19), b"c", b"c", True),
    "komentar tak tepercaya 1023 byte": (b"u" * (1023 - 19), b"c", b"c", False),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_signature_is_accepted_exactly_when_minisign_accepts_it(tmp_path, case):
    from terbuka.publishing import signing

    untrusted, signed, line, accepted = CASES[case]
    key = signing.generate()
    data = b'{"versi": "2026-TW1"}\n'
    blob = signature_file(key, data, signed, line, untrusted)
    theirs = minisign_verify(tmp_path, key.public.file_text(), data, blob)
    assert (theirs.returncode == 0) is accepted, theirs.stderr
    if accepted:
        assert signing.verify(key.public, data, blob, "isi.minisig") == signed.decode(
            "utf-8", "replace"
        )
    else:
        with pytest.raises(signing.SigningError, match="minisign menolaknya"):
            signing.verify(key.public, data, blob, "isi.minisig")


def test_what_we_sign_minisign_verifies_and_what_it_refuses_we_do_not_sign(tmp_path):
    from terbuka.publishing import signing

    key = signing.generate()
    data = b"manifest\n"
    for comment in ["rilis:2026-TW1\u2028catatan", "a\x0b\x1c\u2029b", "é" * 4086 + "a"]:
        assert signing.comment_problem(comment) is None
        blob = signing.sign(key, data, comment)
        checked = minisign_verify(tmp_path, key.public.file_text(), data, blob)
        assert checked.returncode == 0, checked.stderr
        assert f"Trusted comment: {comment}\n".encode() in checked.stdout
        assert signing.verify(key.public, data, blob, "isi.minisig") == comment
    for comment, said in [
        ("a" * 8174, "komentar tepercaya 8174 byte, lebih dari 8173 byte yang diterima minisign"),
        ("a" * 8192, "8192 byte, lebih dari 8173"),
        ("a\rb", "baris baru"),
        ("a\0b", "NUL"),
    ]:
        with pytest.raises(signing.SigningError, match=said):
            signing.sign(key, data, comment)


def test_what_minisign_signs_we_verify(tmp_path):
    from terbuka.publishing import signing

    key = signing.generate()
    secret = tmp_path / "kunci.key"
    secret.write_text(signing.secret_file_text(key))
    (tmp_path / "isi").write_bytes(b"manifest\n")
    for comment in ["a\u2028b", "a" * 4077]:  # -S stops at 4077 bytes (its output buffer)
        subprocess.run(
            ["minisign", "-S", "-s", str(secret), "-m", str(tmp_path / "isi"), "-t", comment],
            check=True, capture_output=True,
        )  # fmt: skip
        blob = (tmp_path / "isi.minisig").read_bytes()
        assert signing.verify(key.public, b"manifest\n", blob, "isi.minisig") == comment
