"""The city's own look (#16): logo, favicon and colours from the settings,
checked as hostile input; and the small things a reader meets on every page."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, page
from terbuka.model.load import load
from terbuka.outputs.look import LookError, checked_svg, colours_css, contrast

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">{}</svg>'


def test_the_sample_site_carries_the_configured_logo_favicon_and_colours(sample_site):
    home = page(sample_site, "")
    icon = home.find("link", rel="icon")
    assert icon["type"] == "image/svg+xml"
    assert (sample_site / "kota/favicon.svg").read_bytes() == (
        ROOT / "theme/kota/favicon.svg"
    ).read_bytes()
    assert (sample_site / "kota/logo.svg").read_bytes() == (
        ROOT / "theme/kota/logo-contoh.svg"
    ).read_bytes()
    assert home.select_one(".nama-situs img")["alt"] == ""  # the name beside it says it
    css = (sample_site / "kota/warna.css").read_text(encoding="utf-8")
    assert "--aksen: #0b5394;" in css and "--aksen-gelap: #073763;" in css
    # Every page of the site asks for the icon it has (a missing favicon is a 404 on each visit).
    for path in ("opd/diskominfo/", "data/kamus/", "rilis/cek/"):
        assert page(sample_site, path).find("link", rel="icon")["href"].endswith("kota/favicon.svg")


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ("<script>alert(1)</script>", "memuat <script>"),
        ('<rect width="8" height="8" onload="alert(1)"/>', "memuat atribut onload"),
        ('<image href="https://contoh.example/x.png"/>', "merujuk ke file lain"),
        ('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="data:x"/>', "merujuk ke file lain"),
        ('<rect style="fill:url(https://contoh.example/#a)"/>', "merujuk ke file lain"),
        ("<foreignObject><p>x</p></foreignObject>", "memuat <foreignobject>"),
    ],
)  # fmt: skip
def test_a_logo_that_could_run_code_or_reach_elsewhere_is_refused(tmp_path, body, refused):
    logo = tmp_path / "logo.svg"
    logo.write_text(SVG.format(body), encoding="utf-8")
    with pytest.raises(LookError, match=refused):
        checked_svg(logo, "TERBUKA_LOGO")


def test_a_plain_logo_with_internal_references_is_published_as_it_is(tmp_path):
    logo = tmp_path / "logo.svg"
    text = SVG.format(
        '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="8" height="8"/>'
    )
    logo.write_text(text, encoding="utf-8")
    assert checked_svg(logo, "TERBUKA_LOGO") == text.encode()


def test_an_entity_a_link_or_a_non_svg_is_refused(tmp_path):
    bomb = tmp_path / "bom.svg"
    bomb.write_text('<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', encoding="utf-8")
    with pytest.raises(LookError, match="DOCTYPE/ENTITY"):
        checked_svg(bomb, "TERBUKA_FAVICON")
    (tmp_path / "link.svg").symlink_to(bomb)
    with pytest.raises(LookError, match="tautan simbolik"):
        checked_svg(tmp_path / "link.svg", "TERBUKA_FAVICON")
    png = tmp_path / "logo.svg"
    png.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(LookError, match="bukan file SVG"):
        checked_svg(png, "TERBUKA_LOGO")


def test_colours_must_be_hex_known_and_dark_enough_for_white_text():
    assert round(contrast("#073763", "#ffffff"), 1) == 12.1
    assert colours_css({"aksen": "#8B0000"}).decode().splitlines()[2] == "  --aksen: #8b0000;"
    with pytest.raises(
        LookError, match=r"aksen #ffcc00 terlalu terang di atas putih \(kontras 1.5:1"
    ):
        colours_css({"aksen": "#ffcc00"})
    with pytest.raises(LookError, match="harus ditulis #rrggbb"):
        colours_css({"aksen-gelap": "red;} body{display:none"})
    with pytest.raises(LookError, match="warna latar tidak dikenal"):
        colours_css({"latar": "#000000"})


def test_a_build_with_a_hostile_logo_stops_with_the_reason(tmp_path):
    from conftest import build_site, write_settings

    logo = tmp_path / "logo.svg"
    logo.write_text(SVG.format("<script>alert(1)</script>"), encoding="utf-8")
    settings = write_settings(tmp_path / "conf.py", TERBUKA_LOGO=str(logo))
    result = build_site(ROOT / "data", tmp_path / "output", settings=str(settings))
    assert result.returncode != 0
    assert "KESALAHAN: TERBUKA_LOGO: logo.svg memuat <script>" in result.stderr
    assert not (tmp_path / "output/kota/logo.svg").exists()


def test_unit_websites_are_links_and_a_script_address_is_a_located_error(sample_site, tmp_path):
    link = page(sample_site, "opd/diskominfo/").select_one(".profil a[rel=external]")
    assert link["href"].startswith("https://") and link.get_text() == link["href"]
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    units = (data / "opd.csv").read_text(encoding="utf-8")
    hostile = units.replace(
        "https://sekretariatdaerah.contoh.madiunkota.go.id", "javascript:alert(1)", 1
    )
    (data / "opd.csv").write_text(hostile, encoding="utf-8")
    assert [str(p) for p in load(data).report.errors] == [
        "opd.csv:2:situs_web: nilai 'javascript:alert(1)' tidak sah: alamat lengkap yang "
        "dimulai dengan https:// atau http:// (contoh: https://kominfo.madiunkota.go.id), paling "
        "panjang 200 karakter"
    ]


def test_a_folder_cut_short_from_an_address_leads_somewhere(sample_site):
    for folder, target in (("kegiatan/", "kegiatan/2026/"), ("api/v1/", "data/api/")):
        refresh = page(sample_site, folder).find("meta", attrs={"http-equiv": "refresh"})
        assert refresh["content"].endswith(target + "index.html"), folder
        assert (sample_site / target / "index.html").is_file()


def test_every_page_shares_the_description_it_shows_to_search_engines(sample_site):
    missing = []
    for path in sorted(sample_site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        description = soup.find("meta", attrs={"name": "description"})
        if description is None:  # redirect pages say where they lead, nothing more
            continue
        shared = soup.find("meta", property="og:description")
        if shared is None or shared["content"] != description["content"] or not shared["content"]:
            missing.append(str(path.relative_to(sample_site)))
    assert missing == []


def test_every_page_has_its_own_title_description_and_preview_image(sample_site):
    generic, missing_image = [], []
    for path in sorted(sample_site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        name = str(path.relative_to(sample_site))
        title = soup.find("meta", property="og:title")["content"]
        description = soup.find("meta", attrs={"name": "description"})["content"]
        if name not in ("index.html", "404.html") and (
            title == "Terbuka Kota Madiun"
            or description == "Program, kegiatan, anggaran dan SPBE Pemerintah Kota Madiun"
        ):
            generic.append(name)
        image = soup.find("meta", property="og:image")
        # (the 404 page links from the site's root: it is served at any depth)
        base = sample_site if image and image["content"].startswith("/") else path.parent
        if image is None or not (base / image["content"].lstrip("/")).resolve().is_file():
            missing_image.append(name)
    assert generic == [] and missing_image == []
    unit = page(sample_site, "opd/diskominfo/")
    assert unit.find("meta", property="og:image")["content"].endswith("grafik-program.png")
    assert unit.find("meta", property="og:image:alt")["content"].startswith("Diagram batang")
