"""No page grows past what a phone loads quickly: a unit-year with more than
UNIT_PAGE_ROWS sub kegiatan lists kegiatan on its unit page and every sub
kegiatan on its program pages, and every link to a row still lands on it."""

import json

from conftest import HEADERS, build_site, page, write_dataset
from terbuka.model.model import PROGRAM_PAGE_ROWS, UNIT_PAGE_ROWS
from terbuka.pages.base import pager

UNIT = "1.01.0.00.0.00.01.0000"


def large_unit_files(
    rows: int, programs: tuple[str, ...] = ("1.01.03", "1.01.02")
) -> dict[str, str]:
    """One unit with ``rows`` sub kegiatan in 2026 over ``programs`` (five kegiatan
    each, their rows interleaved in the file), the last one spending above its
    budget (a warning the quality page links to its row)."""
    lines = []
    for n in range(rows):
        program = programs[n % len(programs)]
        activity = f"{program}.2.{n % 5 + 1:02d}"
        spent = 2_000_000 if n == rows - 1 else 500_000
        lines.append(
            f"2026,{UNIT},{program},{activity},Kegiatan {activity},{activity}.{n + 1:04d},"
            f"Sub {n + 1},1000000,{spent},50,DAU,Kecamatan Taman,"
        )
    return {
        "opd.csv": HEADERS["opd.csv"] + f"\n{UNIT},dinas-besar,Dinas Besar,DB,Dinas,,\n",
        "program.csv": HEADERS["program.csv"]
        + f"\n2026,{UNIT},1.01.02,Program Dua\n2026,{UNIT},1.01.03,Program Tiga\n",
        "kegiatan.csv": HEADERS["kegiatan.csv"] + "\n" + "\n".join(lines) + "\n",
    }


def test_a_large_unit_page_lists_kegiatan_and_its_program_pages_every_row(tmp_path):
    rows = UNIT_PAGE_ROWS + 1
    output = tmp_path / "out"
    result = build_site(write_dataset(tmp_path / "data", large_unit_files(rows)), output)
    assert result.returncode == 0, result.stdout + result.stderr
    unit = page(output, "opd/dinas-besar/2026/")
    assert unit.select("tr.sub") == [] and len(unit.select("tr.kegiatan")) == 10
    assert f"punya {rows} sub kegiatan pada 2026" in unit.select_one(".catatan-ringkas").get_text()
    kegiatan = {tr["id"] for tr in unit.select("tr.kegiatan")}
    programs = {
        code: page(output, f"opd/dinas-besar/2026/{code}/") for code in ("1.01.02", "1.01.03")
    }
    listed = {tr["id"] for soup in programs.values() for tr in soup.select("tr.sub")}
    assert len(listed) == rows
    for soup in programs.values():  # the program page is where search finds the rows
        assert (
            soup.select_one("table.tabel-program").find_parent(attrs={"data-pagefind-ignore": True})
            is None
        )
    # The explorer links each sub kegiatan to its row on the program page.
    data = json.loads((output / "kegiatan/2026/data.json").read_text(encoding="utf-8"))
    links = data["baris"] if isinstance(data, dict) and "baris" in data else data
    text = json.dumps(links)
    assert "opd/dinas-besar/2026/1.01.03/" in text and "#s-1.01.03.2.01.0001" in text
    first = page(output, "kegiatan/2026/").select_one("tbody th a")["href"]
    target, _, anchor = first.partition("#")
    landing = (output / "kegiatan/2026" / target).resolve()
    soup = page(landing.parent if landing.name == "index.html" else landing, "")
    assert soup.find(id=anchor) is not None and soup.find(id=anchor).name == "tr"
    # The quality page's link for the over-budget row lands on its kegiatan.
    quality = page(output, "kualitas-data/")
    link = next(a for a in quality.select("a") if "#k-" in a.get("href", ""))
    target, _, anchor = link["href"].partition("#")
    assert anchor in kegiatan and target.endswith("opd/dinas-besar/2026/index.html")


def test_a_unit_at_the_limit_keeps_every_row_on_its_page(tmp_path):
    output = tmp_path / "out"
    files = large_unit_files(UNIT_PAGE_ROWS)
    assert build_site(write_dataset(tmp_path / "data", files), output).returncode == 0
    unit = page(output, "opd/dinas-besar/2026/")
    assert len(unit.select("tr.sub")) == UNIT_PAGE_ROWS and unit.select(".catatan-ringkas") == []


def test_the_explorer_pager_links_a_window_not_every_page(sample_site):
    assert pager(1, 1) == [1]
    assert pager(1, 16) == [1, 2, 3, None, 16]
    assert pager(8, 16) == [1, None, 6, 7, 8, 9, 10, None, 16]
    assert pager(15, 16) == [1, None, 13, 14, 15, 16]
    assert pager(4, 16) == [1, 2, 3, 4, 5, 6, None, 16]
    count = len([d for d in (sample_site / "kegiatan/2026").iterdir() if d.name.isdigit()]) + 1
    assert count > 12  # page 1 is the year's own address; 2..count are folders
    nav = page(sample_site, "kegiatan/2026/8/").find(id="halaman-jelajah")
    links = [a.get_text() for a in nav.find_all("a")]
    assert links == ["‹ Sebelumnya", "1", "6", "7", "9", "10", str(count), "Berikutnya ›"]
    assert nav.find(attrs={"aria-current": "page"}).get_text() == "8"
    last = page(sample_site, f"kegiatan/2026/{count}/").find(id="halaman-jelajah")
    assert [a.get_text() for a in last.find_all("a")][-1] == str(count - 1)


def test_a_long_program_lists_its_sub_kegiatan_on_pages_every_link_finds(tmp_path):
    rows = 2 * PROGRAM_PAGE_ROWS + 5
    output = tmp_path / "out"
    files = large_unit_files(rows, programs=("1.01.03",))
    # An indicator of kegiatan .05, whose rows are all on pages 2 and 3.
    files["indikator.csv"] = (
        "tahun,kode_opd,kode_program,kode_kegiatan,indikator,satuan,target,realisasi,arah\n"
        f"2026,{UNIT},1.01.03,1.01.03.2.05,Jumlah sekolah terlayani,sekolah,10,8,naik\n"
    )
    result = build_site(write_dataset(tmp_path / "data", files), output)
    assert result.returncode == 0, result.stdout + result.stderr
    base = "opd/dinas-besar/2026/1.01.03/"
    parts = [page(output, base), page(output, base + "2/"), page(output, base + "3/")]
    counts = [len(p.select("tr.sub")) for p in parts]
    assert counts == [PROGRAM_PAGE_ROWS, PROGRAM_PAGE_ROWS, 5]
    assert not (output / base / "4").exists()
    ids = [tr.get("id") for p in parts for tr in p.select("tr.sub")]
    assert len(set(ids)) == rows and None not in ids
    # Kegiatan in the order first met, rows in file order: kegiatan .01 holds rows
    # 1, 6, 11, ... (81 of them), so page 1 ends inside kegiatan .03.
    first_rows = [tr["id"] for tr in parts[0].select("tr.sub")][:2]
    assert first_rows == ["s-1.01.03.2.01.0001", "s-1.01.03.2.01.0006"]
    continued = parts[1].select_one("tr.kegiatan th").get_text()
    assert (
        continued.endswith("(lanjutan)")
        and "1.01.03.2.03" in parts[1].select_one("tr.kegiatan").get_text()
    )
    # Charts and indicators on the first page; the others say where they are.
    headings = [[h.get_text() for h in p.select("h2")] for p in parts]
    assert "Indikator kinerja" in headings[0] and "Indikator kinerja" not in headings[1]
    assert "Jumlah sekolah terlayani" in parts[0].get_text()  # every kegiatan's, on page 1
    assert "halaman 1" in parts[2].select_one(".catatan-ringkas").get_text()
    nav = parts[1].select_one("nav.halaman")
    assert nav.select_one("[aria-current=page]").get_text() == "2"
    assert nav.select_one("a[rel=prev]")["href"].endswith("opd/dinas-besar/2026/1.01.03/index.html")
    assert "2026/1.01.03/2/" in parts[1].find("link", rel="canonical")["href"]
    assert (
        parts[1].title.get_text().startswith("1.01.03 ")
        and "(halaman 2)" in parts[1].title.get_text()
    )
    # Every explorer link lands on the page and row it names.
    data = json.loads((output / "kegiatan/2026/data.json").read_text(encoding="utf-8"))
    ids_on = {}  # address -> the ids on that page
    for row in data["baris"]:
        address, _, anchor = row[2].partition("#")
        if address not in ids_on:
            ids_on[address] = {tag["id"] for tag in page(output, address).select("[id]")}
        assert anchor in ids_on[address], row[2]
    assert len(data["baris"]) == rows and len(ids_on) == 3
