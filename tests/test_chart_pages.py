"""Every chart has a page of its own to share and a chart-only page to embed,
under a framing policy that is a setting."""

import csv
import http.client
import io
import threading
from decimal import Decimal
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import build_site, minimal_files, page, write_dataset, write_settings
from terbuka.cli import serve
from terbuka.core.embed import EmbedSettingError, check_origins, frame_ancestors, htaccess, policy
from terbuka.core.formatting import rupiah


def charts_on(output: Path, path: str) -> list[str]:
    """The chart paths (without suffix) a page shows."""
    return [
        img["src"].removesuffix(".svg") for img in page(output, path).select("figure.grafik > img")
    ]


def frame_summary(soup: BeautifulSoup) -> str:
    return soup.select_one("figure.grafik .ringkasan-grafik").get_text()


def test_every_chart_has_its_own_page_with_summary_table_downloads_and_preview(sample_site):
    shown = {
        urljoin(f"/{path}", src).lstrip("/")
        for path in (
            "",
            "opd/diskominfo/2026/",
            "opd/diskominfo/2026/2.16.03/",
            "spbe/",
            "wilayah/",
        )
        for src in charts_on(sample_site, path)
    }
    assert len(shown) >= 12
    for chart in sorted(shown):
        own = page(sample_site, f"{chart}/")
        figure = own.select_one("figure.grafik")
        summary = figure.select_one(".ringkasan-grafik").get_text()
        assert own.h1.get_text() == figure.strong.get_text()
        # What a link preview shows: this chart, in words and as its own picture.
        assert own.find("meta", attrs={"name": "description"})["content"] == summary
        assert own.find("meta", property="og:description")["content"] == summary
        assert own.find("meta", property="og:image")["content"].endswith(
            f"{chart.rsplit('/', 1)[-1]}.png"
        )
        assert figure.find("details").has_attr("open")  # the table is not hidden here
        links = {
            a.get_text(): a["href"] for a in own.find(id="unduh").find_parent("section").select("a")
        }
        for label, suffix in (
            ("Gambar SVG", ".svg"),
            ("Gambar PNG", ".png"),
            ("Angka grafik (CSV)", ".csv"),
        ):
            assert (sample_site / f"{chart}{suffix}").is_file() and links[label].endswith(suffix)
        back = own.select_one(".pengantar a")["href"]
        assert (sample_site / chart).parent.joinpath(back).resolve().exists() or back.startswith(
            ".."
        )


def test_the_embed_code_frames_a_chart_only_page_that_needs_no_script(sample_site):
    chart = "grafik/tren"
    own = page(sample_site, f"{chart}/")
    code = BeautifulSoup(own.find("textarea", id="kode-sematan").get_text(), "html.parser")
    frame = code.find("iframe")
    assert frame["src"] == f"{chart}/sematkan/"  # preview build: the published one is absolute
    assert frame["title"].startswith("Pagu dan realisasi ")
    assert int(frame["height"]) > int(own.select_one("figure.grafik img")["height"])
    alone = page(sample_site, f"{chart}/sematkan/")
    assert alone.find("script") is None and alone.find("nav") is None
    assert alone.find("meta", attrs={"name": "description"})["content"] == frame_summary(own)
    assert alone.find("link", rel="canonical")["href"].endswith(f"{chart}/index.html")
    source = alone.select_one(".sumber-sematan")
    notice = alone.select_one(".banner-contoh").get_text(" ", strip=True)  # the sample says so
    assert notice == "Data contoh: angka sintetis, bukan angka resmi."
    assert source.a["target"] == "_blank" and source.a["rel"] == ["noopener"]
    edition = page(sample_site, "data/").select_one("dl.profil dd").get_text()
    said = " ".join(source.get_text().split())
    assert said == f"Sumber: Terbuka Kota Madiun, {edition}. Tabel angka dan unduhan ada di sana."
    # The two redirect pages carry the site's policy too.
    policy = {"http-equiv": "Content-Security-Policy"}
    home = page(sample_site, "").find("meta", attrs=policy)["content"]
    for moved in ("kegiatan/", "api/v1/"):
        assert page(sample_site, moved).find("meta", attrs=policy)["content"] == home, moved
    assert alone.select_one("figure img")["src"].endswith("tren.svg")


def test_the_framing_policy_is_written_for_apache_and_follows_the_setting(sample_site, tmp_path):
    written = (sample_site / ".htaccess").read_text(encoding="utf-8")
    assert written == htaccess(("*",)).decode("utf-8")
    assert "Header always set Content-Security-Policy \"frame-ancestors 'self'\"" in written
    # Only the chart-only folders the build made may be framed by others.
    own = (sample_site / "grafik/tren/sematkan/.htaccess").read_text(encoding="utf-8")
    assert 'Header always set Content-Security-Policy "frame-ancestors *"' in own
    assert "sematkan" not in written
    some = ("https://madiunkota.go.id",)
    assert (
        frame_ancestors("/grafik/tren/sematkan/", some)
        == "frame-ancestors 'self' https://madiunkota.go.id"
    )
    assert frame_ancestors("/grafik/tren/sematkan/index.html", some).endswith("madiunkota.go.id")
    assert frame_ancestors("/grafik/tren/", some) == "frame-ancestors 'self'"
    assert frame_ancestors("/opd/", ("*",)) == "frame-ancestors 'self'"
    # Embedding switched off: no chart-only pages, no code to copy, every page 'self'.
    settings = write_settings(tmp_path / "tertutup.py", TERBUKA_EMBED_ORIGINS=[])
    output = tmp_path / "out"
    result = build_site(write_dataset(tmp_path / "data", minimal_files()), output, str(settings))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (output / "grafik/tren/index.html").is_file()
    assert not (output / "grafik/tren/sematkan").exists()
    assert page(output, "grafik/tren/").find("textarea", id="kode-sematan") is None
    assert "frame-ancestors 'self'\"" in (output / ".htaccess").read_text(encoding="utf-8")
    assert not list(output.rglob("sematkan/.htaccess"))


def test_an_embed_setting_that_could_break_a_header_is_refused(tmp_path):
    settings = write_settings(tmp_path / "rusak.py", TERBUKA_EMBED_ORIGINS=['https://a.id"; x'])
    result = build_site(
        write_dataset(tmp_path / "data", minimal_files()), tmp_path / "out", str(settings)
    )
    assert result.returncode == 1
    said = result.stdout + result.stderr
    assert "TERBUKA_EMBED_ORIGINS: 'https://a.id\"; x' bukan asal situs" in said
    assert "Traceback" not in said


def test_an_svg_opened_on_its_own_runs_nothing_and_origins_are_real_origins():
    # The policy every server sends for an SVG: no script, no fetch, sandboxed.
    assert policy("/kota/logo.svg?x", ()) == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'"
    )
    assert policy("/opd/", ()) == "frame-ancestors 'self'"
    assert (
        '<FilesMatch "\\.svg$">\nHeader always set Content-Security-Policy "default-src \'none\''
        in (htaccess(()).decode("utf-8"))
    )
    for origin in ("https://a..b", "https://x.id:0", "https://x.id:99999", "https://-x.id"):
        with pytest.raises(EmbedSettingError):
            check_origins([origin])
    assert check_origins(["https://x.id:8080", "http://localhost"]) == (
        "https://x.id:8080",
        "http://localhost",
    )


def test_only_a_chart_only_page_the_build_made_may_be_framed_by_others(sample_site):
    server = serve(sample_site, 0, ("*",))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        policies = {}
        for path in ("/grafik/tren/sematkan/", "/opd/sematkan/", "/x/y/sematkan/index.html"):
            connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
            connection.request("GET", path)
            answer = connection.getresponse()
            policies[path] = (answer.status, answer.getheader("Content-Security-Policy"))
            connection.close()
    finally:
        server.shutdown()
        server.server_close()
    assert policies == {
        "/grafik/tren/sematkan/": (200, "frame-ancestors *"),
        "/opd/sematkan/": (404, "frame-ancestors 'self'"),
        "/x/y/sematkan/index.html": (404, "frame-ancestors 'self'"),
    }


def test_a_request_line_too_long_to_read_gets_an_answer(sample_site):
    server = serve(sample_site, 0, ())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
        connection.request("GET", "/cari/?q=" + "a" * 200_000)
        answer = connection.getresponse()
        status, csp = answer.status, answer.getheader("Content-Security-Policy")
        connection.close()
    finally:
        server.shutdown()
        server.server_close()
    assert (status, csp) == (414, "frame-ancestors 'self'")


MONEY_COLUMNS = ("pagu", "realisasi", "realisasi_kumulatif", "murni", "perubahan")


def test_every_chart_table_prints_the_exact_rupiah_of_its_csv(sample_site):
    """Tables under charts print the exact amount (issue #26 item 6); the short
    "Rp 1,1 triliun" stays in sentences and on the bars."""
    checked = 0
    for csv_path in sorted(sample_site.rglob("*.csv")):
        folder = csv_path.with_suffix("")
        if not (folder / "index.html").is_file() or not csv_path.with_suffix(".svg").is_file():
            continue  # a chart's CSV sits beside its drawing and its own page
        table = page(sample_site, str(folder.relative_to(sample_site)) + "/").select_one(
            "figure.grafik table"
        )
        published = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
        shown = [
            [c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.select("tbody tr")
        ]
        columns = list(published[0])
        for row, cells in zip(published, shown, strict=False):
            for i, name in enumerate(columns):
                if name in MONEY_COLUMNS and row[name] != "":
                    assert cells[i] == rupiah(int(Decimal(row[name]) * 100)), (csv_path, name)
                    checked += 1
    assert checked > 1000
