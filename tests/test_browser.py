"""The built site in a real browser: accessibility (axe-core) at phone and
desktop widths, keyboard order, the Content Security Policy, no other
origins, JavaScript off, and the one script that enhances tables."""

from __future__ import annotations

import csv
import io
import re
import threading
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import chromium, open_filters, serve
from bs4 import BeautifulSoup
from conftest import page as page_soup
from PIL import Image
from terbuka.cli import serve as terbuka_serve
from terbuka.core.formatting import rupiah

# One page of every kind.
PAGES = [
    "",
    "opd/",
    "opd/diskominfo/",
    "opd/diskominfo/2025/",
    "opd/diskominfo/2026/2.16.03/",
    "spbe/",
    "spbe/2023/",
    "data/",
    "data/kamus/",
    "data/kegiatan/",
    "kualitas-data/",
    "istilah/",
    "rilis/",
    "rilis/cek/",
    "tentang/",
    "berita/",
    "cari/",
    "kegiatan/2026/",
    "wilayah/",
    "wilayah/kecamatan-taman/",
    "grafik/tren/",
    "grafik/tren/sematkan/",
    "404.html",
]
WIDTHS = (360, 1280)


@pytest.fixture(scope="module")
def site(sample_site):
    with serve(sample_site) as base, chromium() as browser:
        yield base, browser


def open_page(browser, base: str, path: str, width: int, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    events = {"csp": [], "foreign": [], "errors": []}
    page.on(
        "console",
        lambda m: events["csp"].append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    host = urlsplit(base).netloc
    page.on(
        "request",
        lambda r: (
            events["foreign"].append(r.url) if urlsplit(r.url).netloc not in (host, "") else None
        ),
    )
    page.goto(base + path + ("" if path.endswith(".html") else "index.html"), wait_until="load")
    return context, page, events


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations_csp_breaks_or_other_origins(site, path, width):
    base, browser = site
    context, page, events = open_page(browser, base, path, width)
    violations = Axe().run(page).response["violations"]
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    problems = (
        serious
        + events["csp"]
        + events["errors"]
        + [f"other origin: {u}" for u in events["foreign"]]
    )
    context.close()
    assert problems == []


def test_keyboard_reaches_every_link_and_control_in_order(site):
    base, browser = site
    for path in ("", "opd/", "opd/diskominfo/2026/2.16.03/", "spbe/2023/"):
        context, page, _ = open_page(browser, base, path, 1280)
        expected = page.evaluate(
            """() => [...document.querySelectorAll('a[href], button, summary, input, select, textarea, [tabindex="0"]')]
                 .filter(e => e.getClientRects().length > 0 && !e.closest('details:not([open]) > :not(summary)'))
                 .map(e => e.outerHTML.slice(0, 80))"""
        )
        reached = []
        for _ in expected:
            page.keyboard.press("Tab")
            reached.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
        assert reached == expected, path
        context.close()


def test_pages_read_and_link_with_javascript_off(site):
    base, browser = site
    context, page, _ = open_page(browser, base, "opd/", 360, java_script_enabled=False)
    assert page.locator("table.tabel-opd").count() >= 5
    assert page.locator("button.urut").count() == 0  # sorting is an enhancement only
    page.get_by_role("link", name="Dinas Komunikasi dan Informatika").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Dinas Komunikasi dan Informatika")
    assert page.locator("#grafik-program img").get_attribute("alt").startswith("Diagram batang")
    context.close()


def test_sorting_works_under_the_content_security_policy(site):
    base, browser = site
    context, page, events = open_page(browser, base, "opd/", 1280)
    table = page.locator("table.tabel-opd").nth(2)  # the Dinas group

    def names() -> list[str]:
        return table.locator("tbody th").all_inner_texts()

    def budgets() -> list[int]:
        cells = table.locator("tbody td:nth-child(2)")
        return [int(v) for v in cells.evaluate_all("els => els.map(e => e.dataset.nilai)")]

    table.get_by_role("button", name="Pagu").click()  # figures: the largest first
    assert budgets() == sorted(budgets(), reverse=True)
    table.get_by_role("button", name="Pagu").click()
    assert budgets() == sorted(budgets())
    table.get_by_role("button", name="Perangkat daerah").click()
    assert names() == sorted(names(), key=str.lower)
    assert events["csp"] == [] and events["errors"] == []
    context.close()


# The site as people use it (#16): phones, no JavaScript, print ----------------------


def unit_pages_most_likely_to_break(root) -> list[str]:
    """Unit pages chosen for what breaks a phone layout: the six longest names
    (a long name widened the comparison table past 360 px) and the three
    longest pages (the most rows, programs and charts)."""
    pages = sorted((root / "opd").glob("*/index.html"))
    names = {p: len(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").h1.get_text()) for p in pages}  # fmt: skip
    chosen = sorted(pages, key=lambda p: -names[p])[:6]
    chosen += sorted(pages, key=lambda p: -p.stat().st_size)[:3]
    return sorted({f"opd/{p.parent.name}/" for p in chosen})


@pytest.mark.parametrize("width", WIDTHS)
def test_the_unit_pages_most_likely_to_break_pass_axe(site, sample_site, width):
    base, browser = site
    chosen = unit_pages_most_likely_to_break(sample_site)
    assert len(chosen) >= 6
    axe, found = Axe(), {}
    for path in chosen:
        context, page, events = open_page(browser, base, path, width)
        violations = axe.run(page).response["violations"]
        serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        if serious or events["errors"]:
            found[path] = serious + events["errors"]
        context.close()
    assert found == {}


def test_the_explorer_without_javascript_shows_no_dead_form_and_its_total(site, sample_site):
    base, browser = site
    context, page, _ = open_page(browser, base, "kegiatan/2026/", 360, java_script_enabled=False)
    assert page.locator("#saring-kegiatan").is_hidden()  # it filters nothing without the script
    link = page.get_by_role("link", name="kegiatan.csv")
    assert link.is_visible()
    assert (sample_site / "kegiatan/2026" / link.get_attribute("href")).resolve() == (
        sample_site / "data/kegiatan.csv"
    ).resolve()
    home = BeautifulSoup((sample_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    city_budget = home.select_one("dl.angka-utama > div dd small").get_text()
    footer = page.locator("#jumlah-jelajah")
    assert footer.locator("th").inner_text().startswith("Jumlah seluruh")
    assert footer.locator("td").first.inner_text() == city_budget
    context.close()


def test_the_explorer_filters_by_full_unit_name_and_sums_what_it_shows(site, sample_site):
    base, browser = site
    context, page, events = open_page(browser, base, "kegiatan/2026/", 1280)
    open_filters(page)
    options = page.locator("select[name=opd] option").all_inner_texts()[1:]
    assert options == sorted(options, key=str.casefold)
    assert "Dinas Komunikasi dan Informatika (Diskominfo)" in options
    page.locator("select[name=opd]").select_option(
        label="Dinas Komunikasi dan Informatika (Diskominfo)"
    )
    # The download holds the dictionary's columns; its sums are the footer's.
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh baris tersaring (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    published = list(
        csv.DictReader(io.StringIO((sample_site / "data/kegiatan.csv").read_text("utf-8-sig")))
    )
    assert list(rows[0]) == list(published[0])  # exactly kegiatan.csv's columns, as it says
    unit = {r["kode_opd"] for r in rows}
    assert len(unit) == 1
    # Each filtered row is the published row itself, cell for cell.
    assert sorted(map(tuple, (r.values() for r in rows))) == sorted(
        tuple(r.values()) for r in published if r["tahun"] == "2026" and r["kode_opd"] in unit
    )
    # The unit's own page (made by another path of the code) states the same budget.
    unit_page = (sample_site / "opd/diskominfo/2026/index.html").read_text(encoding="utf-8")
    unit_budget = BeautifulSoup(unit_page, "html.parser").select_one("dl.angka-utama dd small")
    budget = rupiah(int(sum(Decimal(r["pagu"]) for r in rows) * 100))
    footer = page.locator("#jumlah-jelajah")
    assert footer.locator("th").inner_text() == f"Jumlah {len(rows)} baris tersaring"
    assert footer.locator("td").first.inner_text() == budget == unit_budget.get_text()
    assert events["errors"] == [] and events["csp"] == []
    context.close()


def test_a_printed_unit_page_totals_each_program_once_and_names_its_source(site):
    base, browser = site
    context, page, _ = open_page(browser, base, "opd/dinas-kesehatan/", 1280)
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    # Words as a reader sees them: line breaks and the "fi" ligature undone.
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).replace("\ufb01", "fi").split())
    programs = page.locator("table.tabel-program").count()
    assert len(pdf.pages) > 2 and programs > 1
    assert text.count("Jumlah program") == programs  # not once more under every printed page
    assert "Dicetak dari Terbuka Kota Madiun" in text
    assert "Sumber: file ekspor Dinas Komunikasi dan Informatika Kota Madiun" in text
    assert "opd/dinas-kesehatan/" in text  # the page's own address
    context.close()


def test_the_menu_marks_the_section_and_the_sort_hint_shows_only_where_sorting_works(site):
    base, browser = site
    for path, section in (
        ("opd/", "Perangkat Daerah"),
        ("data/kamus/", "Data"),
        ("rilis/cek/", "Rilis"),
    ):
        context, page, _ = open_page(browser, base, path, 1280)
        current = page.locator(".kepala nav [aria-current]")
        assert current.all_inner_texts() == [section], path
        context.close()
    hints = []
    for width, javascript in ((1280, True), (1280, False), (360, True)):
        context, page, _ = open_page(browser, base, "opd/", width, java_script_enabled=javascript)
        hints.append(page.get_by_text("Klik judul kolom untuk mengurutkan").is_visible())
        context.close()
    assert hints == [True, False, False]


def test_chart_text_is_at_least_12_px_on_a_phone(site, sample_site):
    # Drawn 440 px wide, charts were shrunk to 9-11 px text on a 360 px phone.
    base, browser = site
    for path, figure in (("", "grafik-terserap"), ("opd/diskominfo/", "grafik-triwulan")):
        context, page, _ = open_page(browser, base, path, 360)
        image = page.locator(f"#{figure} img")
        shown = image.evaluate("img => img.getBoundingClientRect().width")
        svg = (
            (sample_site / path / image.get_attribute("src")).resolve().read_text(encoding="utf-8")
        )
        drawn = float(re.search(r'viewBox="0 0 ([0-9.]+)', svg).group(1))
        smallest = min(float(size) for size in re.findall(r"font-size: ([0-9.]+)px", svg))
        assert smallest * shown / drawn >= 12, (path, smallest, shown, drawn)
        context.close()


def test_dictionary_cards_on_a_phone_keep_each_sentence_whole(site):
    # The card layout made the bold term and the rest of its sentence two flex columns.
    base, browser = site
    for path in ("data/kamus/", "data/kegiatan/"):
        context, page, _ = open_page(browser, base, path, 360)
        cells = page.locator("table.kamus td[data-label=Arti]").evaluate_all(
            """cells => cells.map(td => {
                 const box = td.getBoundingClientRect(), span = td.firstElementChild;
                 return {flexItems: td.children.length, termInside: span.contains(td.querySelector('strong')),
                         sameLine: Math.abs(td.querySelector('strong').getBoundingClientRect().top - span.getBoundingClientRect().top) < 3,
                         inside: span.getBoundingClientRect().right <= box.right + 0.5};
               })"""
        )
        assert cells and all(c["flexItems"] == 1 and c["termInside"] for c in cells), path
        broken = [c for c in cells if not (c["sameLine"] and c["inside"])]
        assert broken == [], path  # one sentence, inside the card
        context.close()


def test_a_chart_embeds_on_an_allowed_site_and_no_other_page_can_be_framed(
    site, sample_site, tmp_path
):
    """Two origins on localhost: the site served by ``terbuka serve`` allowing one
    other site, and that site's page holding the copied embed code and a frame of an
    ordinary page. A third origin, not allowed, cannot frame even the chart."""
    _, browser = site
    code = page_soup(sample_site, "grafik/tren/").find("textarea", id="kode-sematan").get_text()
    (tmp_path / "diizinkan").mkdir()
    (tmp_path / "lain").mkdir()
    with serve(tmp_path / "diizinkan") as allowed, serve(tmp_path / "lain") as other:
        server = terbuka_serve(sample_site, 0, (allowed.rstrip("/"),))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            embedded = code.replace('src="', f'src="{address}')
            ordinary = f'<iframe id="biasa" title="biasa" src="{address}opd/index.html"></iframe>'
            for folder in ("diizinkan", "lain"):
                (tmp_path / folder / "index.html").write_text(
                    f"<!doctype html><title>uji</title>{embedded}{ordinary}", encoding="utf-8"
                )
            shown = {}
            for name, base in (("diizinkan", allowed), ("lain", other)):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                host = context.new_page()
                host.goto(base + "index.html", wait_until="load")
                host.wait_for_timeout(500)
                frames = {f.url.split("/", 3)[-1]: f for f in host.frames[1:]}
                shown[name] = {
                    path: frame.evaluate(
                        "() => document.querySelector('figure img').naturalWidth > 0"
                    )
                    if not frame.url.startswith("chrome-error")
                    else "diblokir"
                    for path, frame in frames.items()
                }
                shown[name]["diblokir"] = sum(
                    1 for f in host.frames[1:] if f.url.startswith("chrome-error")
                )
                context.close()
        finally:
            server.shutdown()
    assert shown["diizinkan"].get("grafik/tren/sematkan/") is True  # the chart, drawn
    assert shown["diizinkan"]["diblokir"] == 1  # the ordinary page refused
    assert shown["lain"]["diblokir"] == 2  # neither, for a site not in the setting


def test_small_things_a_phone_reader_met_are_mended(site, sample_site):
    """Issue #26's smaller findings at 360 px: a unit's short name in the comparison
    header on one line, the certutil command whole, a table that scrolls showing
    a shadow at the edge that has more, the hash of a download folded away."""
    base, browser = site
    context, tab, _ = open_page(browser, base, "opd/dinas-pendidikan/", 360)
    lines = tab.evaluate(
        """() => { const th = document.querySelector('table.banding thead th:nth-child(2)');
        const range = document.createRange(); range.selectNodeContents(th);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"""
    )
    assert tab.locator("table.banding thead th").nth(1).inner_text() == "Dindik"
    assert lines == 1
    tab.goto(base + "rilis/cek/index.html")
    command = tab.locator("pre.kode", has_text="certutil")
    assert command.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert command.is_visible() and "SHA256" in command.inner_text()
    # A chart's table of numbers wider than the phone: the shadow at its right edge.
    chart = next(p for p in sorted((sample_site / "grafik").iterdir()) if p.is_dir())
    tab.goto(f"{base}grafik/{chart.name}/index.html")
    box = tab.locator(".gulir").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")

    def darkness() -> int:  # of the five columns of pixels at the box's right edge
        shot = Image.open(io.BytesIO(box.screenshot())).convert("RGB")
        right, middle = shot.width - 1, shot.height // 2
        return sum(765 - sum(shot.getpixel((right - x, middle))) for x in range(1, 6))

    shaded = darkness()
    box.evaluate("e => { e.style.background = 'none'; }")
    assert shaded > darkness() + 20  # the edge is darker with the shadow than without
    tab.goto(base + "data/index.html")
    assert not tab.locator(".unduhan code.sidik").first.is_visible()  # folded in <details>
    tab.locator(".unduhan summary").first.click()
    assert tab.locator(".unduhan code.sidik").first.is_visible()
    context.close()
