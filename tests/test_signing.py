"""Signed releases checked with Debian's real ``minisign``; the published
chain as an anchor outside the repository; the browser's file check."""

import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from browser import chromium, serve
from conftest import ROOT, SESSION, free_port, once_per_run, page, run_terbuka
from test_hostile_charts import table_cells
from test_releases import build_with_releases, make_release
from test_site import unresolved_links

VERSIONS = [("2026-TW1", "2026-04-10"), ("2026-TW2", "2026-07-10"), ("2026-TW3", "2026-10-10")]


def new_key(tmp_path: Path, name: str = "terbuka.key") -> Path:
    key = tmp_path / "kunci" / name
    key.parent.mkdir(exist_ok=True)
    result = run_terbuka("key", "--output", str(key))
    assert result.returncode == 0, result.stderr
    assert key.stat().st_mode & 0o777 == 0o600
    return key


def signed_release(tmp_path: Path, step: int, key: Path | None) -> subprocess.CompletedProcess:
    version, date = VERSIONS[step - 1]
    return make_release(tmp_path, step, version, date, *(["--key", str(key)] if key else []))


def signed_chain(tmp_path: Path, key: Path) -> Path:
    for step in (1, 2, 3):
        result = signed_release(tmp_path, step, key)
        assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path / "rilis"


def minisign_verifies(store: Path, version: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["minisign", "-Vm", str(store / version / "manifest.json"), "-p",
         str(store / "kunci-publik.pub")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def verify(store: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_terbuka("verify", "--store", str(store), *extra)


def test_minisign_verifies_every_signed_release(tmp_path):
    store = signed_chain(tmp_path, new_key(tmp_path))
    for version, _ in VERSIONS:
        checked = minisign_verifies(store, version)
        assert checked.returncode == 0, checked.stderr
        assert f"Trusted comment: rilis:{version}\tfile:manifest.json" in checked.stdout
    result = verify(store)
    assert result.returncode == 0, result.stderr
    assert "Semua 3 rilis" in result.stdout and "3 bertanda tangan sah" in result.stdout


def test_a_key_made_by_minisign_signs_releases(tmp_path):
    key, public = tmp_path / "mini.key", tmp_path / "mini.pub"
    subprocess.run(
        ["minisign", "-G", "-W", "-s", str(key), "-p", str(public)], check=True, capture_output=True
    )
    assert signed_release(tmp_path, 1, key).returncode == 0
    store = tmp_path / "rilis"
    # The stored public key is the one minisign wrote (the comment line aside).
    assert (store / "kunci-publik.pub").read_text().splitlines()[
        1
    ] == public.read_text().splitlines()[1]
    assert minisign_verifies(store, "2026-TW1").returncode == 0


def test_an_edited_newest_release_fails_even_with_its_hashes_updated(tmp_path):
    store = signed_chain(tmp_path, new_key(tmp_path))
    newest = store / "2026-TW3"
    data = newest / "data" / "kegiatan.csv"
    data.write_text(data.read_text().replace("Sub A", "Sub X"))
    manifest = json.loads((newest / "manifest.json").read_text())
    manifest["file"]["data/kegiatan.csv"] = hashlib.sha256(data.read_bytes()).hexdigest()
    (newest / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    result = verify(store)
    assert result.returncode == 1
    assert (
        f"{newest / 'manifest.json.minisig'}: tanda tangan tidak cocok dengan isinya"
        in result.stderr
    )
    assert minisign_verifies(store, "2026-TW3").returncode != 0


def test_an_unsigned_release_after_a_signed_one_fails(tmp_path):
    key = new_key(tmp_path)
    assert signed_release(tmp_path, 1, key).returncode == 0
    refused = signed_release(tmp_path, 2, None)
    assert refused.returncode == 1
    assert "rilis baru harus ditandatangani kunci yang sama" in refused.stderr
    other = new_key(tmp_path, "lain.key")
    refused = signed_release(tmp_path, 2, other)
    assert refused.returncode == 1 and "bukan kunci rilis ini" in refused.stderr
    # A signature removed by hand: the downgrade is named.
    assert signed_release(tmp_path, 2, key).returncode == 0
    store = tmp_path / "rilis"
    (store / "2026-TW2" / "manifest.json.minisig").unlink()
    result = verify(store)
    assert result.returncode == 1
    assert (
        "rilis 2026-TW2 tidak ditandatangani, padahal rilis 2026-TW1 sebelumnya ditandatangani"
        in result.stderr
    )


def test_a_key_inside_the_project_or_a_broken_key_is_refused(tmp_path):
    inside = ROOT / "kunci-uji.key"
    result = signed_release(tmp_path, 1, inside)
    assert result.returncode == 1
    assert "berada di dalam folder proyek" in result.stderr and not inside.exists()
    made = run_terbuka("key", "--output", str(ROOT / "data" / "kunci.key"))
    assert made.returncode == 1 and not (ROOT / "data" / "kunci.key").exists()
    broken = tmp_path / "rusak.key"
    broken.write_text("untrusted comment: x\nbukan-kunci\n")
    result = signed_release(tmp_path, 1, broken)
    assert result.returncode == 1 and "isi base64 tidak sah" in result.stderr
    huge = tmp_path / "besar.key"
    with huge.open("wb") as sparse:
        sparse.truncate(1 << 30)  # 1 GB that takes no disk: refused before reading
    result = signed_release(tmp_path, 1, huge)
    assert result.returncode == 1 and "lebih dari 16384 byte" in result.stderr
    missing = signed_release(tmp_path, 1, tmp_path / "tidak-ada.key")
    assert missing.returncode == 1 and "file kunci tidak ada" in missing.stderr
    existing = new_key(tmp_path)
    again = run_terbuka("key", "--output", str(existing))
    assert again.returncode == 1 and "sudah ada; kunci tidak pernah ditimpa" in again.stderr


def test_a_password_protected_minisign_key_signs_with_its_password(tmp_path):
    key, public = tmp_path / "sandi.key", tmp_path / "sandi.pub"
    subprocess.run(
        ["minisign", "-G", "-s", str(key), "-p", str(public)],
        input="rahasia\nrahasia\n", text=True, check=True, capture_output=True,
    )  # fmt: skip
    wrong = make_release(tmp_path, 1, "2026-TW1", "2026-04-10", "--key", str(key),
                         env={"RILIS_KUNCI_SANDI": "salah"})  # fmt: skip
    assert wrong.returncode == 1 and "sandinya salah" in wrong.stderr
    right = make_release(tmp_path, 1, "2026-TW1", "2026-04-10", "--key", str(key),
                         env={"RILIS_KUNCI_SANDI": "rahasia"})  # fmt: skip
    assert right.returncode == 0, right.stderr
    assert minisign_verifies(tmp_path / "rilis", "2026-TW1").returncode == 0


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """A signed chain of three releases and the site built from it, made once
    for the run (every test worker reads the same)."""

    def make(folder: Path) -> dict[str, str]:
        store = signed_chain(folder, new_key(folder))
        output = build_with_releases(folder, store)
        return {"folder": str(folder), "store": str(store), "output": str(output)}

    made = once_per_run(tmp_path_factory, "terbit", make)
    return Path(made["folder"]), Path(made["store"]), Path(made["output"])


def test_the_site_carries_the_whole_chain(published):
    _, store, output = published
    chain = json.loads((output / "rilis" / "rantai.json").read_text())
    assert chain["kepala"] == "2026-TW3"
    assert [r["versi"] for r in chain["rilis"]] == ["2026-TW1", "2026-TW2", "2026-TW3"]
    assert chain["kunci_publik"] == (store / "kunci-publik.pub").read_text()
    assert (output / "rilis" / "kunci-publik.pub").read_bytes() == (
        store / "kunci-publik.pub"
    ).read_bytes()
    for version, _ in VERSIONS:
        for name in ("manifest.json", "manifest.json.minisig"):
            assert (output / "rilis" / version / name).read_bytes() == (
                store / version / name
            ).read_bytes()
    # minisign checks the published copies against the published key too.
    checked = minisign_verifies(output / "rilis", "2026-TW2")
    assert checked.returncode == 0, checked.stderr
    # Every label names the chain's head: footer, catalog, citation, ZIP README.
    label = "Rilis 2026-TW3 (10 Oktober 2026)"
    assert label in page(output, "").select_one("footer").get_text()
    assert label in page(output, "data").select_one(".profil").get_text()
    assert label in page(output, "data/kegiatan").get_text()  # the citation
    soup = page(output, "rilis")
    assert chain["kunci_publik"].splitlines()[1] in soup.get_text()
    # The commands the pages print, run as printed in the downloaded folders.
    printed = [c.get_text() for c in soup.select("pre code") if "minisign -Vm" in c.get_text()]
    assert len(printed) == 3  # Linux, macOS, Windows
    command = printed[0].splitlines()[-1]
    ran = subprocess.run(
        command.split(), cwd=output / "rilis" / "2026-TW2", capture_output=True, text=True
    )
    assert ran.returncode == 0 and "Signature and comment signature verified" in ran.stdout
    release_page = page(output, "rilis/2026-TW2")
    assert "sha256sum -c SHA256SUMS" in release_page.get_text()
    ran = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=output / "rilis" / "2026-TW2" / "data",
        capture_output=True, text=True,
    )  # fmt: skip
    listed = json.loads((store / "2026-TW2" / "manifest.json").read_text())["file"]
    assert ran.returncode == 0
    assert ran.stdout.count(": OK") == len([n for n in listed if n.startswith("data/")])
    assert "make release" not in soup.get_text()


def copy_store(published, tmp_path: Path) -> Path:
    _, store, _ = published
    copy = tmp_path / "rilis"
    shutil.copytree(store, copy)
    return copy


def test_verify_against_the_published_folder_names_a_deleted_or_rewritten_release(
    published, tmp_path
):
    _, _, output = published
    store = copy_store(published, tmp_path)
    result = verify(store, "--site", str(output))
    assert result.returncode == 0, result.stderr
    assert "Setiap rilis yang terbit" in result.stdout

    # The newest release deleted: the chain alone is still intact.
    shutil.rmtree(store / "2026-TW3")
    assert verify(store).returncode == 0
    result = verify(store, "--site", str(output))
    assert result.returncode == 1
    assert "rilis 2026-TW3 sudah diterbitkan" in result.stderr and "tidak ada" in result.stderr

    # ... and rewritten with the same key: signed and chained, but not what was published.
    tmp = published[0]
    key = tmp / "kunci" / "terbuka.key"
    data = tmp / "data"
    rewritten = run_terbuka(
        "release", "--datadir", str(data), "--store", str(store), "--version", "2026-TW3",
        "--note", "Catatan lain", "--date", "2026-10-10", "--key", str(key),
    )  # fmt: skip
    assert rewritten.returncode == 0, rewritten.stderr
    assert verify(store).returncode == 0
    result = verify(store, "--site", str(output))
    assert result.returncode == 1
    assert "rilis 2026-TW3 di" in result.stderr and "berbeda dari yang diterbitkan" in result.stderr


def test_verify_against_the_preview_server(published, tmp_path):
    _, _, output = published
    store = copy_store(published, tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "terbuka", "serve", "--output", str(output), "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        cwd=SESSION, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        address = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                urllib.request.urlopen(address + "rilis/rantai.json", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        result = verify(store, "--site", address)
        assert result.returncode == 0, result.stderr
        (store / "2026-TW2" / "manifest.json.minisig").unlink()
        result = verify(store, "--site", address)
        assert result.returncode == 1
        assert "tanda tangan rilis 2026-TW2 di situs tidak sama" in result.stderr
        refused = verify(store, "--site", "file:///etc/")
        assert refused.returncode == 1 and "hanya folder atau alamat http" in refused.stderr
    finally:
        server.terminate()
        server.wait()


def test_the_browser_names_the_release_a_file_comes_from(published, tmp_path):
    _, store, output = published
    released = store / "2026-TW2" / "data" / "kegiatan.csv"
    changed = tmp_path / "kegiatan.csv"
    changed.write_bytes(released.read_bytes() + b"\n")
    with serve(output) as base, chromium() as browser:
        context = browser.new_context(viewport={"width": 360, "height": 800})
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.on(
            "response",
            lambda r: errors.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
        )
        tab.goto(base + "rilis/cek/index.html")
        tab.set_input_files("#berkas", str(released))
        tab.wait_for_selector("#hasil-cek ul")
        text = tab.inner_text("#hasil-cek")
        assert "Cocok" in text and "Rilis 2026-TW2: rilis/2026-TW2/data/kegiatan.csv" in text
        tab.set_input_files("#berkas", str(output / "data" / "opd.csv"))
        tab.wait_for_selector("#hasil-cek ul")
        assert "Unduhan terkini: data/opd.csv" in tab.inner_text("#hasil-cek")
        tab.set_input_files("#berkas", str(changed))
        tab.wait_for_selector("#hasil-cek .peringatan")
        assert "Tidak cocok" in tab.inner_text("#hasil-cek")
        assert errors == []
        context.close()
        # Without JavaScript: the commands and the published checksum lists.
        context = browser.new_context(java_script_enabled=False)
        tab = context.new_page()
        tab.goto(base + "rilis/cek/index.html")
        assert not tab.is_visible("#cek-berkas")
        body = tab.inner_text("main")
        assert "certutil -hashfile kegiatan.csv SHA256" in body and "sha256sum" in body
        assert tab.get_attribute("a:has-text('Rilis 2026-TW3')", "href").endswith(
            "rilis/2026-TW3/data/SHA256SUMS"
        )
        context.close()


class HostileSite(http.server.BaseHTTPRequestHandler):
    """A published site that misbehaves in the ways a real server can."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "garbage":
            self.wfile.write(b"SAMPAH\r\n\r\n")
        elif mode == "ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1:1/rilis/rantai.json")
            self.end_headers()
        elif mode == "giant-number":
            body = b'{"rilis": [{"versi": "a", "sha256_manifest": ' + b"9" * 5000 + b"}]}"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif mode == "slow":
            self.send_response(200)
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("garbage", "tidak bisa diambil"),
        ("ftp", "bukan alamat http(s)"),
        ("giant-number", "bukan JSON"),
        ("slow", "situs terlalu lambat"),
    ],
)
def test_a_misbehaving_site_gets_a_located_answer_not_a_traceback(
    tmp_path, monkeypatch, mode, said
):
    sys.path.insert(0, str(ROOT / "plugins"))
    from terbuka.publishing import anchor

    monkeypatch.setattr(anchor, "DEADLINE", 1)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HostileSite)
    server.mode = mode  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(anchor.AnchorError, match=re.escape(said)):
            anchor.compare(tmp_path, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()


def test_broken_local_files_are_named_when_compared_with_the_site(published, tmp_path):
    _, _, output = published
    store = copy_store(published, tmp_path)
    signature = store / "2026-TW1" / "manifest.json.minisig"
    signature.unlink()
    signature.mkdir()
    result = verify(store, "--site", str(output))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "tanda tangan rilis 2026-TW1 di situs tidak sama" in result.stderr
    (store / "kunci-publik.pub").write_bytes(b"\xff\xfe")
    result = verify(store, "--site", str(output))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "kunci-publik.pub: bukan teks UTF-8" in result.stderr
    missing = verify(tmp_path / "tidak-ada")
    assert missing.returncode == 0 and "Belum ada rilis" in missing.stdout
    typo = verify(tmp_path / "tidak-ada", "--site", str(output))
    assert typo.returncode == 1 and "folder rilis" in typo.stderr and "tidak ada" in typo.stderr


def test_the_sites_downloads_are_frozen_signed_and_checked(published, tmp_path):
    """Issue #26 item 3: a release freezes the site's downloads beside the exports and
    its signed manifest lists them; /data/ serves exactly those bytes while the
    release is the site's data; a tampered one fails make verify, verify --site
    and the browser's check."""
    _, store, output = published
    manifest = json.loads((store / "2026-TW3" / "manifest.json").read_text())
    frozen = {
        n.removeprefix("unduhan/"): d
        for n, d in manifest["file"].items()
        if n.startswith("unduhan/")
    }
    for name in ("kegiatan.csv", "kegiatan.xlsx", "kegiatan.json", "kegiatan.parquet",
                 "terbuka.sqlite", "terbuka-data.zip", "datapackage.json"):  # fmt: skip
        assert name in frozen, name
    for name, digest in frozen.items():  # the site serves the signed bytes, at both addresses
        for served in (output / "data" / name, output / "rilis/2026-TW3/unduhan" / name):
            assert hashlib.sha256(served.read_bytes()).hexdigest() == digest, served
    chain = json.loads((output / "rilis" / "rantai.json").read_text())
    assert chain["data_situs"] == "2026-TW3"
    assert minisign_verifies(store, "2026-TW3").returncode == 0

    # The release page: each frozen download, and SHA256SUMS checked against the
    # manifest with the command it prints, run as printed.
    release_page = page(output, "rilis/2026-TW3")
    listed = [a.get_text() for a in release_page.select("#unduhan-situs ~ ul.unduhan a")]
    assert sorted(listed) == sorted(frozen)
    command = release_page.select_one('code[data-perintah="manifest-sums"]').get_text()
    folder = tmp_path / "periksa"
    folder.mkdir()
    shutil.copy(output / "rilis/2026-TW3/manifest.json", folder)
    shutil.copy(output / "rilis/2026-TW3/unduhan/SHA256SUMS", folder)
    ran = subprocess.run(["bash", "-c", command], cwd=folder, capture_output=True, text=True)
    assert ran.returncode == 0 and ran.stdout == "cocok\n", ran.stderr
    (folder / "SHA256SUMS").write_text("0" * 64 + "  kegiatan.csv\n")
    assert subprocess.run(["bash", "-c", command], cwd=folder, capture_output=True).returncode != 0
    ran = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=output / "rilis/2026-TW3/unduhan",
                         capture_output=True, text=True)  # fmt: skip
    assert ran.returncode == 0 and ran.stdout.count(": OK") == len(frozen)

    # Tampered in the repository: make verify names the file.
    store_copy = copy_store(published, tmp_path)
    target = store_copy / "2026-TW3" / "unduhan" / "kegiatan.parquet"
    target.write_bytes(target.read_bytes() + b"\0")
    result = verify(store_copy)
    assert result.returncode == 1
    assert f"{target}: isi berubah setelah rilis" in result.stderr
    # Tampered on the published site: verify --site names the served file.
    site_copy = tmp_path / "situs"
    shutil.copytree(output, site_copy, symlinks=True)
    served = site_copy / "data" / "kegiatan.parquet"
    served.unlink()
    served.write_bytes((output / "data" / "kegiatan.parquet").read_bytes() + b"\0")
    result = verify(store, "--site", str(site_copy))
    assert result.returncode == 1
    assert (
        "data/kegiatan.parquet di situs berbeda dari unduhan rilis 2026-TW3 "
        "(unduhan/kegiatan.parquet di manifest yang ditandatangani)" in result.stderr
    )
    assert verify(store, "--site", str(output)).returncode == 0
    # A site that says its data is no release is not compared, and verify says so;
    # a claim that is no version is refused plainly.
    chain_file = site_copy / "rilis" / "rantai.json"
    claimed = json.loads(chain_file.read_text(encoding="utf-8"))
    chain_file.unlink()
    chain_file.write_text(json.dumps({**claimed, "data_situs": None}), encoding="utf-8")
    result = verify(store, "--site", str(site_copy))
    assert "unduhan /data/ tidak dibandingkan" in result.stdout + result.stderr
    chain_file.unlink()
    chain_file.write_text(json.dumps({**claimed, "data_situs": []}), encoding="utf-8")
    result = verify(store, "--site", str(site_copy))
    assert result.returncode == 1 and "data_situs" in result.stderr
    assert "Traceback" not in result.stderr
    # The browser's check knows the frozen download, and not the tampered bytes.
    index = json.loads((output / "rilis/cek/sidik.json").read_text())
    found = index[frozen["kegiatan.parquet"]]
    assert {"alamat": "rilis/2026-TW3/unduhan/kegiatan.parquet", "rilis": "2026-TW3"} in found
    assert hashlib.sha256(served.read_bytes()).hexdigest() not in index


def test_every_cited_figure_names_its_edition_and_frozen_copy(published):
    """Issue #26 item 1: unit, program, chart, place and dataset pages carry a
    citation (APA-style text and BibTeX) naming the edition and the address of
    the release's frozen copy, which exists and says it is frozen."""
    _, _, output = published
    label = "Rilis 2026-TW3 (10 Oktober 2026)"
    opd = json.loads((output / "api/v1/opd.json").read_text(encoding="utf-8"))
    slug = opd[0]["slug"]
    program_dirs = sorted(p for p in (output / "opd" / slug / "2026").iterdir() if p.is_dir() and (p / "index.html").is_file() and p.name[0].isdigit())  # fmt: skip
    code = program_dirs[0].name
    cases = {
        f"opd/{slug}/": f"rilis/2026-TW3/opd/{slug}/",
        f"opd/{slug}/2026/{code}/": f"rilis/2026-TW3/opd/{slug}/{code}/",
        "data/kegiatan/": "rilis/2026-TW3/unduhan/kegiatan.csv",
        "grafik/tren/": "rilis/2026-TW3/grafik/tren/",
        f"opd/{slug}/2026/grafik-program/": f"rilis/2026-TW3/opd/{slug}/2026/grafik-program/",
        "wilayah/kecamatan-taman/": "rilis/2026-TW3/wilayah/kecamatan-taman/",
    }
    for path, cited in cases.items():
        block = page(output, path).select_one("section.kutipan")
        assert block is not None, path
        text = block.select_one(".kutip").get_text()
        assert label in text and text.endswith(f"dari {cited}"), (path, text)
        assert text.startswith("Dinas Komunikasi dan Informatika Kota Madiun. (2026). ")
        assert "Diakses [tanggal akses]" in text and "[tanggal akses]" in block.get_text()
        bibtex = block.find("textarea").get_text()
        assert bibtex.startswith("@misc{terbuka-") and "\\url{" + cited + "}" in bibtex
        assert bibtex.count("{") == bibtex.count("}")  # balanced: a title's braces escaped
        target = output / cited
        assert (target / "index.html").is_file() or target.is_file(), cited
    # The frozen program page says it is frozen and links only inside its release.
    frozen = page(output, f"rilis/2026-TW3/opd/{slug}/{code}/")
    assert "Salinan beku dari rilis 2026-TW3" in frozen.select_one(".beku").get_text()
    assert frozen.find("main").get("data-pagefind-body") is None  # the live page is the one found
    assert (
        frozen.select_one("section.kutipan .kutip")
        .get_text()
        .endswith(f"dari rilis/2026-TW3/opd/{slug}/{code}/")
    )
    # A frozen chart holds the numbers the live chart draws (the data is the
    # release's), as a table and a CSV, with no drawing; its page of origin is
    # the frozen unit page.
    live = table_cells(output, "grafik/tren/", "grafik")
    assert table_cells(output, "rilis/2026-TW3/grafik/tren/", "grafik") == live
    # 2026 in TW3: Sub A 2.500.000 (750.000 spent), Sub B2 400.000, Sub C 100.000
    row = live[live.index("2026") : live.index("2026") + 3]
    assert row == ["2026", "Rp 3.000.000", "Rp 750.000"]
    still = page(output, "rilis/2026-TW3/grafik/tren/")
    assert still.select_one("main img") is None and still.select_one(".beku") is not None
    assert still.find("main").get("data-pagefind-body") is None
    assert (output / "rilis/2026-TW3/grafik/tren.csv").read_bytes() == (
        output / "grafik/tren.csv"
    ).read_bytes()
    chart = page(output, f"rilis/2026-TW3/opd/{slug}/2026/grafik-program/")
    origin = chart.select_one("p.pengantar a")["href"]
    assert (output / f"rilis/2026-TW3/opd/{slug}/2026/grafik-program" / origin).resolve() == (
        output / f"rilis/2026-TW3/opd/{slug}/index.html"
    ).resolve()
    # A place frozen in each release keeps that release's figures: Sub B2 came
    # in 2026-TW2, Sub C in 2026-TW3.
    for version, budget in (("2026-TW2", "Rp 400.000"), ("2026-TW3", "Rp 500.000")):
        place = page(output, f"rilis/{version}/wilayah/kecamatan-taman/")
        assert f"Salinan beku dari rilis {version}" in place.select_one(".beku").get_text()
        assert budget in place.select_one("p.pengantar").get_text(" ", strip=True)
        assert place.find("main").get("data-pagefind-body") is None
    assert not (output / "rilis/2026-TW1/wilayah").exists()  # TW1 named no place
    unit = page(output, f"rilis/2026-TW3/opd/{slug}/")
    captions = [a["href"] for a in unit.select("table caption a")]
    assert captions and all(
        "rilis/2026-TW3/opd/" in (output / "x" / h).as_posix()
        or h.startswith(f"{code}")
        or "/" in h
        for h in captions
    )
    assert unresolved_links(output) == []
