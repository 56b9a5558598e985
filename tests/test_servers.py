"""Issue #30 item 2: the nginx and Apache configuration ``make server-config``
writes, run by Debian's nginx and apache2 on loopback ports, answer every
kind of address exactly as ``terbuka serve`` does: the same status, bytes,
type, framing policy, caching and protective headers; they compress text."""

from __future__ import annotations

import gzip
import http.client
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from conftest import (
    ROOT,
    build_site,
    free_port,
    minimal_files,
    once_per_run,
    run_terbuka,
    write_dataset,
    write_settings,
)
from servers import APACHE, NGINX, apache, nginx, shared_folder
from terbuka.cli import serve
from terbuka.core import serving
from test_signing import published  # noqa: F401  (a fixture: the signed site)

pytestmark = pytest.mark.skipif(
    not (Path(NGINX).exists() and Path(APACHE).exists()),
    reason="nginx and apache2 come with make test-tools",
)
ORIGIN = "https://koran.contoh.id"
COMPARED = [
    "Content-Type", "Content-Security-Policy", "Cache-Control",
    "X-Content-Type-Options", "Referrer-Policy",
]  # fmt: skip


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """A small site built with the public settings, a copy the servers'
    workers may read, and the two configuration files written for it."""

    def make(folder: Path) -> dict[str, str]:
        data = write_dataset(folder / "data", minimal_files())
        settings = write_settings(
            folder / "settings.py", base="publishconf.py", TERBUKA_EMBED_ORIGINS=[ORIGIN]
        )
        output = folder / "output"
        result = build_site(data, output, settings=str(settings))
        assert result.returncode == 0, result.stdout + result.stderr
        root = shared_folder("terbuka-situs-") / "aktif"
        shutil.copytree(output, root)
        for path in [root, *root.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        conf = folder / "konfigurasi"
        written = run_terbuka(
            "server-config", "--settings", str(settings), "--output", str(conf),
            "--root", str(root),
        )  # fmt: skip
        assert written.returncode == 0, written.stderr
        return {"root": str(root), "conf": str(conf), "output": str(output)}

    made = once_per_run(tmp_path_factory, "server", make)
    return Path(made["root"]), Path(made["conf"]), Path(made["output"])


def fetch(
    port: int, path: str, encoding: str = "", method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Accept-Encoding": encoding} if encoding else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.title(): v for k, v in response.getheaders()}, body


def paths(root: Path) -> list[str]:
    """One address of every kind the site has, and the kinds it must refuse."""
    fragment = next((root / "pagefind/fragment").iterdir()).name
    chart = next(p for p in (root / "grafik").iterdir() if (p / "sematkan").is_dir()).name
    return [
        "/", "/opd/", "/opd", "/index.html", f"/grafik/{chart}/", f"/grafik/{chart}/sematkan/",
        f"/grafik/{chart}/sematkan/index.html", f"/grafik/{chart}.svg", f"/grafik/{chart}.csv",
        f"/grafik/{chart}.png", "/data/kegiatan.xlsx", "/data/kegiatan.parquet",
        "/data/kegiatan.json", "/data/SHA256SUMS", "/data/terbuka.sqlite", "/theme/css/terbuka.css",
        "/theme/js/terbuka.js", "/sitemap.xml", "/robots.txt", "/kota/logo.svg",
        "/pagefind/pagefind-entry.json", f"/pagefind/fragment/{fragment}",
        "/tidak-ada/", "/tidak-ada/sematkan/", "/.htaccess", f"/grafik/{chart}/sematkan/.htaccess",
        "/data/.tersembunyi/", "/cari/?q=sekolah", "/%2Ehtaccess", "/theme/", "/pagefind/",
        "/pagefind/fragment/tidak-ada.pf_fragment", "/grafik/tidak-ada.svg", "/opd/../data/",
        "/grafik/tren/sematkan", "/tidak-ada/index.html",
    ]  # fmt: skip


def answers(port: int, root: Path) -> dict[str, tuple]:
    found = {}
    asked = [("GET", p) for p in paths(root)] + [("HEAD", "/"), ("HEAD", "/tidak-ada/")]
    for method, path in asked:
        status, headers, body = fetch(port, path, method=method)
        compared = {name: headers.get(name) for name in COMPARED}
        if status in (301, 302):
            # Where it leads, not how (Apache names the host); its body is no page,
            # and no frame shows it (Apache frames it as the folder it leads to).
            compared["Location"] = headers["Location"].split("//", 1)[-1].partition("/")[2]
            compared["Content-Type"] = compared["Content-Security-Policy"] = None
            body = b""
        found[path if method == "GET" else f"{method} {path}"] = (status, compared, body)
    return found


@pytest.fixture(scope="session")
def preview(served):
    root, _, _ = served
    port = free_port()
    server = serve(root, port, (ORIGIN,))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield port
    server.shutdown()


def test_the_table_of_types_covers_every_file_the_sample_publishes(sample_site):
    known = {*serving.TYPES, *serving.PAGEFIND_PARTS}
    served = [p.name for p in sample_site.rglob("*") if p.is_file() and p.name[0] != "."]
    extensions = {name.rsplit(".", 1)[1].lower() for name in served if "." in name}
    assert extensions <= known, extensions - known
    assert len(extensions) > 15  # pages, data in five formats, charts, Pagefind's parts


def test_terbuka_serve_answers_as_the_policy_says(served, preview):
    root, _, _ = served
    found = answers(preview, root)
    chart_page = next(p for p in found if p.endswith("/sematkan/") and "grafik" in p)
    assert found[chart_page][1]["Content-Security-Policy"] == f"frame-ancestors 'self' {ORIGIN}"
    assert found["/tidak-ada/sematkan/"][0] == 404
    assert found["/tidak-ada/sematkan/"][1]["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert found["/.htaccess"][0] == 404 and b"<html" in found["/.htaccess"][2]
    assert found["/"][1]["Content-Type"] == "text/html; charset=utf-8"
    assert found["/"][1]["Cache-Control"] == "no-cache"
    svg = next(p for p in found if p.startswith("/grafik/") and p.endswith(".svg"))
    assert found[svg][1]["Content-Security-Policy"].startswith("default-src 'none'")
    fragment = next(p for p in found if "/fragment/" in p)
    assert found[fragment][1]["Cache-Control"] == "public, max-age=31536000, immutable"
    assert found["/opd"][0] == 301 and found["/opd"][1]["Location"] == "opd/"
    # Errors carry the 404 page's own headers: never a year's caching, never a sandbox.
    missing = found["/pagefind/fragment/tidak-ada.pf_fragment"]
    assert missing[0] == 404 and missing[1]["Cache-Control"] == "no-cache"
    assert found["/grafik/tidak-ada.svg"][1]["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert found["/%2Ehtaccess"][0] == 404 and found["/theme/"][0] == 404  # no listing
    assert found["HEAD /tidak-ada/"][0] == 404 and found["HEAD /tidak-ada/"][2] == b""


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_nginx_and_apache_answer_every_address_as_terbuka_serve(served, preview, server):
    root, conf, _ = served
    expected = answers(preview, root)
    start = nginx if server == "nginx" else apache
    name = "nginx-terbuka.conf" if server == "nginx" else "apache-terbuka.conf"
    with start(conf / name, root, shared_folder(f"terbuka-{server}-")) as port:
        got = answers(port, root)
        # Text goes compressed to a browser that asks (brotli first), and whole.
        _, headers, body = fetch(port, "/", "gzip")
        assert headers.get("Content-Encoding") == "gzip" and gzip.decompress(body) == got["/"][2]
        _, headers, _ = fetch(port, "/theme/css/terbuka.css", "br, gzip")
        assert headers.get("Content-Encoding") == "br"
        _, headers, _ = fetch(port, "/grafik/tren.png", "br, gzip")
        assert "Content-Encoding" not in headers  # a PNG is compressed already
    differences = {
        path: (expected[path], got[path])
        for path in expected
        if expected[path][:2] != got[path][:2] or expected[path][2] != got[path][2]
    }
    assert differences == {}, "\n".join(
        f"{path}: terbuka serve {e[:2]} / {server} {g[:2]} (body same: {e[2] == g[2]})"
        for path, (e, g) in differences.items()
    )


def test_make_verify_checks_the_site_nginx_serves(request, tmp_path):
    """Item 4: ``make verify SITUS=`` against the signed site as nginx serves
    it passes, and fails, naming the file, once a download there is changed."""
    _, store, output = request.getfixturevalue("published")
    root = shared_folder("terbuka-verify-") / "aktif"
    shutil.copytree(output, root)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    settings = write_settings(tmp_path / "settings.py", TERBUKA_RELEASES_DIR=str(store))
    made = run_terbuka("server-config", "--settings", str(settings), "--output",
                       str(tmp_path / "conf"), "--root", str(root))  # fmt: skip
    assert made.returncode == 0, made.stderr

    def make_verify(port: int) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["make", "--no-print-directory", "verify", f"SETTINGS={settings}",
             f"SITUS=http://127.0.0.1:{port}/"],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip

    with nginx(tmp_path / "conf/nginx-terbuka.conf", root, shared_folder("nginx-")) as port:
        passed = make_verify(port)
        assert passed.returncode == 0, passed.stdout + passed.stderr
        assert f"Setiap rilis yang terbit di http://127.0.0.1:{port}/ ada di repositori" in (
            passed.stdout
        )
        served = root / "data" / "kegiatan.parquet"
        served.write_bytes(served.read_bytes() + b"\0")
        failed = make_verify(port)
    assert failed.returncode != 0
    assert (
        "data/kegiatan.parquet di situs berbeda dari unduhan rilis 2026-TW3 "
        "(unduhan/kegiatan.parquet di manifest yang ditandatangani)" in failed.stderr
    )
