"""The built site in a real browser: accessibility (axe-core) at phone and
desktop widths, keyboard order, the Content Security Policy, no other
origins, JavaScript off, and the one script that enhances tables."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import chromium, serve

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
    "rilis/",
    "rilis/cek/",
    "tentang/",
    "berita/",
    "cari/",
    "kegiatan/2026/",
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
def test_no_serious_accessibility_violations_csp_breaks_or_other_origins(site, width):
    base, browser = site
    axe = Axe()
    found = {}
    for path in PAGES:
        context, page, events = open_page(browser, base, path, width)
        violations = axe.run(page).response["violations"]
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
        if problems:
            found[path] = problems
        context.close()
    assert found == {}


def test_keyboard_reaches_every_link_and_control_in_order(site):
    base, browser = site
    for path in ("", "opd/", "opd/diskominfo/2026/2.16.03/", "spbe/2023/"):
        context, page, _ = open_page(browser, base, path, 1280)
        expected = page.evaluate(
            """() => [...document.querySelectorAll('a[href], button, summary, input, select, textarea')]
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

    table.get_by_role("button", name="Pagu").click()
    assert budgets() == sorted(budgets())
    table.get_by_role("button", name="Pagu").click()
    assert budgets() == sorted(budgets(), reverse=True)
    table.get_by_role("button", name="Perangkat daerah").click()
    assert names() == sorted(names(), key=str.lower)
    assert events["csp"] == [] and events["errors"] == []
    context.close()
