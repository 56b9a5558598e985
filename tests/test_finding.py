"""Finding things: search, the activity explorer, navigation for machines."""

from __future__ import annotations

import csv
import gzip
import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from browser import chromium, open_filters, serve
from bs4 import BeautifulSoup
from conftest import page
from playwright.sync_api import expect
from terbuka.core.formatting import rupiah
from test_sample import rows


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as base, chromium() as browser:
        yield base, browser


def search(browser, base: str, query: str) -> tuple[object, list[str]]:
    """The result links of a search, once the page has shown its count."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(f"{base}cari/index.html?{query}")
    expect(tab.locator("#status-cari")).to_contain_text("hasil", timeout=20000)
    links = tab.locator("#hasil-cari h2 a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    return context, links


def test_searching_an_activity_name_returns_its_unit_page_first(site):
    base, browser = site
    activity = next(
        r
        for r in rows("kegiatan.csv")
        if r["kode_opd"].startswith("2.16.2.20")
        and r["tahun"] == "2026"
        and "Domain" in r["nama_sub_kegiatan"]
    )
    unit = next(u for u in rows("opd.csv") if u["kode_opd"] == activity["kode_opd"])
    context, links = search(browser, base, f"q={activity['nama_sub_kegiatan']}")
    assert links, "no results"
    assert links[0].startswith(f"/opd/{unit['slug']}/"), links[:3]
    context.close()


def test_an_activity_code_is_found(site):
    base, browser = site
    code = next(
        r["kode_sub_kegiatan"]
        for r in rows("kegiatan.csv")
        if r["kode_opd"].startswith("2.16.2.20")
    )
    context, links = search(browser, base, f"q={code}")
    assert links and links[0].startswith("/opd/diskominfo/"), links[:3]
    context.close()


def test_figures_are_left_out_of_the_index_and_names_are_not(sample_site):
    # Every amount was a word of its own: at a province's scale they doubled
    # Pagefind's memory (search.EXCLUDED). A row's name and code stay indexed.
    row = next(
        r
        for r in rows("kegiatan.csv")
        if r["kode_opd"].startswith("2.16.2.20") and r["tahun"] == "2026"
    )
    amount = rupiah(int(Decimal(row["pagu"]) * 100))
    shown = page(sample_site, "opd/diskominfo/2026/").find(id=f"s-{row['kode_sub_kegiatan']}")
    assert amount in shown.get_text(" ")  # the page shows it
    indexed = {}
    for fragment in (sample_site / "pagefind/fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        indexed[record["url"]] = record["content"]
    content = indexed["/opd/diskominfo/2026/"]
    assert row["nama_sub_kegiatan"] in content and row["kode_sub_kegiatan"] in content
    assert amount.removeprefix("Rp ") not in content
    assert not any(amount.removeprefix("Rp ") in text for text in indexed.values())


def test_a_filter_narrows_the_results(site):
    base, browser = site
    context, everything = search(browser, base, "q=Penyediaan")
    context.close()
    context, narrowed = search(browser, base, "q=Penyediaan&tahun=2025&opd=Diskominfo")
    context.close()
    assert len(everything) == 30  # more than 30 pages match; the first 30 are shown
    assert 0 < len(narrowed) < len(everything)
    assert narrowed == ["/opd/diskominfo/2025/"] or all(
        u.startswith("/opd/diskominfo/2025/") for u in narrowed
    )


def test_explorer_filters_sorts_and_restores_from_its_url(site):
    base, browser = site
    context = browser.new_context(viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(f"{base}kegiatan/2026/index.html")
    open_filters(tab)
    tab.select_option("select[name=opd]", "Diskominfo")
    tab.select_option("select[name=urut]", "pagu")
    tab.fill("input[name=serap_min]", "60")
    expect(tab.locator("#status-jelajah")).to_contain_text("cocok")
    state = parse_qs(urlsplit(tab.url).query)
    assert state == {"opd": ["Diskominfo"], "serap_min": ["60"], "urut": ["pagu"]}
    units = tab.locator("#tabel-jelajah tbody td[data-label=OPD]").all_inner_texts()
    budgets = [
        int(v.replace("Rp", "").replace(".", "").split(",")[0])
        for v in tab.locator("#tabel-jelajah tbody td[data-label=Pagu]").all_inner_texts()
    ]
    expected = [
        r for r in rows("kegiatan.csv")
        if r["tahun"] == "2026" and r["kode_opd"].startswith("2.16.2.20") and int(r["pagu"]) and float(r["realisasi"]) * 100 / int(r["pagu"]) >= 60
    ]  # fmt: skip
    assert set(units) == {"Diskominfo"} and len(units) == len(expected)
    assert budgets == sorted(budgets, reverse=True)
    # Money reads as the server-made pages write it (Rp 1.500.000,50, never ,5).
    codes = tab.locator("#tabel-jelajah tbody th code").all_inner_texts()
    spent = tab.locator("#tabel-jelajah tbody td[data-label=Realisasi]").all_inner_texts()
    by_code = {r["kode_sub_kegiatan"] or r["kode_kegiatan"]: r for r in expected}
    assert spent == [rupiah(int(Decimal(by_code[c]["realisasi"] or 0) * 100)) for c in codes]
    shared = tab.url
    restored = context.new_page()
    restored.goto(shared)
    restored.wait_for_function(
        "document.getElementById('status-jelajah').textContent.includes('cocok')"
    )
    assert restored.locator("select[name=opd]").input_value() == "Diskominfo"
    assert restored.locator("#tabel-jelajah tbody tr").count() == len(expected)
    with restored.expect_download() as download:
        restored.click("#unduh-saring")
    with open(download.value.path(), encoding="utf-8-sig") as fh:
        assert len(list(csv.reader(fh))) == len(expected) + 1
    context.close()


def test_without_javascript_the_explorer_and_search_pages_still_lead_somewhere(site):
    base, browser = site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(f"{base}kegiatan/2026/index.html")
    assert tab.locator("#tabel-jelajah tbody tr").count() == 50
    tab.get_by_role("link", name="2", exact=True).click()
    tab.wait_for_load_state()
    assert tab.url.endswith("/kegiatan/2026/2/index.html")
    tab.goto(f"{base}cari/index.html")
    assert "Pencarian memerlukan JavaScript" in tab.content()
    context.close()


def test_machines_find_their_way(sample_site):
    robots = (sample_site / "robots.txt").read_text()
    assert "Sitemap: /sitemap.xml" in robots
    sitemap = (sample_site / "sitemap.xml").read_text()
    assert (
        "<loc>/opd/diskominfo/2026/</loc>" in sitemap and "<lastmod>2026-10-05</lastmod>" in sitemap
    )
    assert "404" not in sitemap
    unit = page(sample_site, "opd/diskominfo/2026/")
    assert unit.find("meta", property="og:image")["content"].endswith("grafik-program.png")
    assert unit.find("link", rel="canonical")["href"].endswith("opd/diskominfo/2026/index.html")
    not_found = (sample_site / "404.html").read_text()
    assert (
        'href="/cari/index.html"' in not_found and 'href="/opd/diskominfo/index.html"' in not_found
    )


def search_tab(browser, base: str, query: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{base}cari/index.html?{query}")
    expect(tab.locator("#status-cari")).to_contain_text("hasil", timeout=20000)
    return context, tab


def test_another_name_people_use_finds_the_unit_first(site):
    base, browser = site
    # The sample's own abbreviation is Dindik; people also write Disdik (opd.csv's nama_lain).
    context, links = search(browser, base, "q=Disdik")
    assert links and links[0].startswith("/opd/dinas-pendidikan/"), links[:3]
    context.close()


def test_a_match_inside_a_long_page_lands_on_its_program(site, sample_site):
    base, browser = site
    activity = next(
        r for r in rows("kegiatan.csv")
        if r["kode_opd"].startswith("2.16.2.20") and r["tahun"] == "2026" and "Domain" in r["nama_sub_kegiatan"]
    )  # fmt: skip
    context, links = search(browser, base, f"q={activity['nama_sub_kegiatan']}")
    assert links[0].startswith("/opd/diskominfo/2026/"), links[:3]  # the current year first
    unit_page = next(u for u in links if u.count("/") == 4)  # /opd/<slug>/<year>/#...
    path, _, anchor = unit_page.partition("#")
    assert anchor == f"p-{activity['kode_program']}", links[:3]
    target = page(sample_site, path.strip("/")).find(id=anchor)
    assert activity["nama_sub_kegiatan"] in target.find_parent("details").get_text()
    context.close()


def test_results_show_content_not_page_furniture_and_more_on_request(site):
    base, browser = site
    context, tab = search_tab(browser, base, "q=pendidikan")
    excerpts = " ".join(tab.locator("#hasil-cari li > p:not(.info)").all_inner_texts())
    assert "Baris tabel ini" not in excerpts and "TargetRealisasiCapaian" not in excerpts
    status = tab.locator("#status-cari").inner_text()
    total = int(status.split()[0])
    assert total > 30 and status.endswith("(30 teratas ditampilkan)")
    tab.get_by_role("button", name="Tampilkan 30 hasil lagi").click()
    expect(tab.locator("#hasil-cari > li")).to_have_count(min(60, total))
    context.close()


def test_every_row_link_of_the_explorer_lands_on_its_row(sample_site):
    for number in (1, 2):
        folder = "kegiatan/2026/" + ("" if number == 1 else f"{number}/")
        for link in page(sample_site, folder).select("#tabel-jelajah tbody th a"):
            target, _, anchor = link["href"].partition("#")
            unit = (sample_site / folder / target).resolve()
            html = unit if unit.name == "index.html" else unit / "index.html"
            row = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find(id=anchor)
            assert row is not None and link.get_text() in row.get_text(), link["href"]


def test_a_unit_page_has_a_jump_list_to_each_program_and_folds_them(sample_site):
    unit = page(sample_site, "opd/diskominfo/")
    jumps = [a["href"] for a in unit.select("nav.di-halaman a")]
    assert all(unit.find(id=h.removeprefix("#")) is not None for h in jumps)
    programs = unit.select("details.kelompok")
    assert len(programs) == len([h for h in jumps if h.startswith("#p-")]) > 1
    assert all(d.has_attr("open") and d.find("table") is not None for d in programs)
    ids = [t["id"] for t in unit.select("tr[id]")]
    assert len(ids) == len(set(ids)) > 10


def test_the_sitemap_lists_each_page_once_at_its_canonical_address(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text()
    addresses = re.findall(r"<loc>/([^<]*)</loc>", sitemap)
    assert (
        "berita/" in addresses and "opd/diskominfo/" not in addresses and "spbe/" not in addresses
    )
    for address in addresses:
        soup = page(sample_site, address.rstrip("/")) if address else page(sample_site, "")
        canonical = soup.find("link", rel="canonical")
        if canonical is None:
            continue  # news and content pages carry none
        target = (sample_site / address / canonical["href"]).resolve()
        assert target == (sample_site / address / "index.html").resolve(), address


def static_codes(sample_site, year: int, numbers) -> list[str]:
    """The row codes of the explorer's static pages, in their order."""
    codes = []
    for number in numbers:
        folder = f"kegiatan/{year}/" + ("" if number == 1 else f"{number}/")
        codes += [
            c.get_text() for c in page(sample_site, folder).select("#tabel-jelajah tbody th code")
        ]
    return codes


def test_a_filtered_explorer_pages_through_every_row_and_filters_by_place(site, sample_site):
    base, browser = site
    context = browser.new_context(viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.goto(f"{base}kegiatan/2026/index.html")
    open_filters(tab)
    year_rows = [r for r in rows("kegiatan.csv") if r["tahun"] == "2026"]
    total = len(year_rows)
    assert total > 200  # the sample has a third page of 100 to reach
    status = tab.locator("#status-jelajah")
    expect(status).to_contain_text(f"baris 1–100 dari {total:,}".replace(",", "."))
    # The next 100 are the rows of static pages 3 and 4 (50 each), in the same order.
    tab.get_by_role("button", name="100 berikutnya ›").click()
    expect(status).to_contain_text("baris 101–200")
    shown = tab.locator("#tabel-jelajah tbody th code").all_inner_texts()
    assert shown == static_codes(sample_site, 2026, (3, 4))
    assert parse_qs(urlsplit(tab.url).query) == {"dari": ["101"]}
    while tab.get_by_role("button", name="100 berikutnya ›").is_enabled():
        tab.get_by_role("button", name="100 berikutnya ›").click()
    last = tab.locator("#tabel-jelajah tbody tr").count()
    assert last == total % 100 or last == 100
    # A shared address opens at the same rows.
    again = context.new_page()
    again.goto(f"{base}kegiatan/2026/index.html?dari=101")
    expect(again.locator("#status-jelajah")).to_contain_text("baris 101–200")
    # The place filter: exactly the rows of kegiatan.csv naming that place.
    places = tab.locator("select[name=lokasi] option").all_inner_texts()[1:]
    assert places == sorted({r["lokasi"] for r in year_rows if r["lokasi"]}, key=str.casefold)
    place = max(places, key=lambda p: sum(r["lokasi"] == p for r in year_rows))
    tab.select_option("select[name=lokasi]", place)
    count = sum(r["lokasi"] == place for r in year_rows)
    expect(status).to_contain_text(f"{count:,}".replace(",", ".") + " baris cocok")
    assert parse_qs(urlsplit(tab.url).query) == {"lokasi": [place]}
    # Nothing on the page is wider than the phone: the unit menu takes the width there is.
    for view in (tab, again):
        assert view.evaluate("document.documentElement.scrollWidth") <= 360
        box = view.locator("select[name=opd]").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 360
    context.close()


def test_search_knows_everyday_words_places_and_what_to_try(site, sample_site):
    """Issue #26 item 5: data/sinonim.csv makes "puskesmas" also look for its official
    names, a place's page comes first for its name, and an empty search suggests words."""
    base, browser = site
    words = json.loads((sample_site / "cari/sinonim.json").read_text(encoding="utf-8"))
    assert words["sinonim"]["puskesmas"] == ["kesehatan", "pelayanan kesehatan"]
    context, tab = search_tab(browser, base, "q=puskesmas")
    status = tab.locator("#status-cari").inner_text()
    assert status.endswith("juga dicari: kesehatan, pelayanan kesehatan"), status
    assert int(status.split()[0]) > 0
    context.close()
    for query in ("kecamatan taman", "Taman"):
        context, links = search(browser, base, urlencode({"q": query}))
        assert links[0] == "/wilayah/kecamatan-taman/", (query, links[:3])
        context.close()
    context, tab = search_tab(browser, base, "q=zzqxv")
    assert tab.locator("#status-cari").inner_text() == 'Tidak ada hasil untuk "zzqxv".'
    tips = tab.locator("p.saran-cari a")
    assert tips.first.inner_text() == words["saran"][0] == "puskesmas"
    tips.first.click()
    expect(tab.locator("#status-cari")).to_contain_text("juga dicari", timeout=20000)
    context.close()
