"""Lighthouse (issue #26): accessibility, best practices and SEO at 100 for every
page kind of the sample built as it is published (publishconf.py: absolute
addresses) and served at the address it names, as a city's server would.
Performance is measured and reported (README), never asserted: a score under
load is a timing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, build_site, free_port, run_terbuka, write_settings

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = [
    "", "opd/diskominfo/", "opd/diskominfo/2026/2.16.03/", "kegiatan/2026/", "data/",
    "data/kegiatan/", "grafik/tren/", "wilayah/kecamatan-taman/", "istilah/", "tahun/2025/",
    "spbe/", "rilis/", "cari/",
    # frozen in a release: the release page, a unit, a chart's numbers, a place
    "rilis/2026-TW3/", "rilis/2026-TW3/opd/diskominfo/", "rilis/2026-TW3/grafik/tren/",
    "rilis/2026-TW3/wilayah/kecamatan-taman/",
]  # fmt: skip
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run --disable-quic"
)
CATEGORIES = ("accessibility", "best-practices", "seo")


def scores(address: str, report: str) -> dict[str, int]:
    result = subprocess.run(
        [str(LIGHTHOUSE), address, "--quiet", f"--chrome-flags={FLAGS}",
         "--only-categories=performance,accessibility,best-practices,seo",
         "--output=json", f"--output-path={report}"],
        capture_output=True, text=True, timeout=240, check=False,
        env={"CHROME_PATH": "/usr/bin/chromium", "PATH": "/usr/bin:/bin", "HOME": "/tmp"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    with open(report, encoding="utf-8") as fh:
        found = json.load(fh)
    assert found.get("runtimeError") is None, found["runtimeError"]
    return {k: round(v["score"] * 100) for k, v in found["categories"].items()}


def test_every_page_kind_scores_100_on_accessibility_best_practices_and_seo(tmp_path):
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    store = tmp_path / "rilis"
    settings = write_settings(
        tmp_path / "terbit.py", "publishconf.py", SITEURL=site, FEED_DOMAIN=site,
        TERBUKA_RELEASES_DIR=str(store),
    )  # fmt: skip
    # The sample frozen as a release, as a city's site has them.
    released = run_terbuka(
        "release", "--datadir", str(ROOT / "data"), "--store", str(store), "--version",
        "2026-TW3", "--date", "2026-10-10", "--settings", str(settings),
    )  # fmt: skip
    assert released.returncode == 0, released.stdout + released.stderr
    output = tmp_path / "situs"
    built = build_site(ROOT / "data", output, settings=str(settings), cache=tmp_path / "cache")
    assert built.returncode == 0, built.stdout + built.stderr
    server = subprocess.Popen(
        [sys.executable, "-m", "terbuka", "serve", "--output", str(output), "--port", str(port)],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{site}/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        below = {}
        for path in PAGES:
            found = scores(f"{site}/{path}", str(tmp_path / "laporan.json"))
            missed = {c: found[c] for c in CATEGORIES if found[c] < 100}
            if missed:
                below[path or "/"] = missed
        assert below == {}
    finally:
        server.terminate()
        server.wait()
