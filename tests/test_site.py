"""The public site as a reader meets it: links, charts, programs, indicators,
and the same bytes from the same data."""

import csv
import io
from decimal import Decimal
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup
from conftest import ROOT, build_site, minimal_files, page, table_row, tree_digest, write_dataset
from test_build import A, dataset, expected, rupiah_text
from test_sample import current_sums, rows


def unresolved_links(sample_site) -> list:
    """Every link and asset of a built site that leads nowhere inside it."""
    missing = []
    for html_file in sample_site.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
            for element in soup.find_all(tag):
                target = element.get(attr)
                if not target or target.startswith(("#", "mailto:")):
                    continue
                parts = urlsplit(target)
                if parts.scheme or parts.netloc:
                    if tag != "a":
                        missing.append((html_file, target, "asset from another origin"))
                    continue
                base = sample_site if parts.path.startswith("/") else html_file.parent
                resolved = (base / unquote(parts.path).lstrip("/")).resolve()
                if resolved.is_dir():
                    resolved = resolved / "index.html"
                if not resolved.is_file():
                    missing.append((str(html_file.relative_to(sample_site)), target))
    return missing


def test_every_internal_link_and_asset_resolves(sample_site):
    assert unresolved_links(sample_site) == []


def test_unit_page_charts_have_summary_alt_table_and_the_numbers_drawn(sample_site):
    unit = next(u for u in rows("opd.csv") if u["slug"] == "diskominfo")
    sums = current_sums()
    year = max(int(y) for (code, y) in sums if code == unit["kode_opd"])
    soup = page(sample_site, f"opd/diskominfo/{year}/")
    figure = soup.find("figure", id="grafik-program")
    summary = figure.find(class_="ringkasan-grafik").get_text(" ", strip=True)
    assert summary.startswith("Diskominfo telah membelanjakan Rp ")
    img = figure.find("img")
    assert img["alt"].startswith("Diagram batang pagu dan realisasi per program Diskominfo")
    assert (sample_site / f"opd/diskominfo/{year}" / img["src"]).is_file()
    assert figure.find("details").find("table") is not None

    link = figure.find("a", string="Angka grafik (CSV)")
    data = (sample_site / f"opd/diskominfo/{year}" / link["href"]).read_bytes()
    assert data.startswith("\ufeff".encode())
    drawn = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    # The chart's numbers are the programs' sums of kegiatan.csv.
    programs = {}
    for r in rows("kegiatan.csv"):
        if r["kode_opd"] == unit["kode_opd"] and r["tahun"] == str(year):
            budget, spent = programs.get(r["kode_program"], (Decimal(0), Decimal(0)))
            programs[r["kode_program"]] = (
                budget + Decimal(r["pagu"]),
                spent + Decimal(r["realisasi"] or 0),
            )
    assert {
        r["kode_program"]: (Decimal(r["pagu"]), Decimal(r["realisasi"])) for r in drawn
    } == programs
    total_budget, _ = sums[(unit["kode_opd"], str(year))]
    assert sum(Decimal(r["pagu"]) for r in drawn) == total_budget

    quarterly = soup.find("figure", id="grafik-triwulan")
    assert (
        quarterly.find(class_="ringkasan-grafik")
        .get_text(strip=True)
        .startswith("Sampai akhir triwulan")
    )
    q_csv = quarterly.find("a", string="Angka grafik (CSV)")["href"]
    q_rows = list(
        csv.DictReader(
            io.StringIO((sample_site / f"opd/diskominfo/{year}" / q_csv).read_text("utf-8-sig"))
        )
    )
    cumulative = {}
    for r in rows("realisasi.csv"):
        if r["kode_opd"] == unit["kode_opd"] and r["tahun"] == str(year):
            cumulative[r["triwulan"]] = cumulative.get(r["triwulan"], Decimal(0)) + Decimal(
                r["realisasi"]
            )
    assert {r["triwulan"]: Decimal(r["realisasi_kumulatif"]) for r in q_rows} == cumulative


def test_home_has_headlines_spbe_chart_news_and_every_unit(sample_site):
    home = page(sample_site, "")
    text = home.get_text(" ", strip=True)
    assert "(Memuaskan)" in text
    spbe = home.select_one(".spbe-singkat a")  # the box leads to the SPBE page
    assert spbe.get_text() == "Indeks SPBE 2025" and spbe["href"].endswith("spbe/index.html")
    figure = home.find("figure", id="grafik-terserap")
    assert "rata-rata kota" in figure.find(class_="ringkasan-grafik").get_text()
    assert home.find("a", string="Terbuka diluncurkan dengan data contoh") is not None
    linked = {a["href"] for a in home.find_all("a")}
    for unit in rows("opd.csv"):
        assert f"./opd/{unit['slug']}/index.html" in linked
    assert "APBD perubahan 2025: pagu kota" in text


def test_program_page_and_indicators(tmp_path):
    files = dataset()
    files["indikator.csv"] = (
        "tahun,kode_opd,kode_program,kode_kegiatan,indikator,satuan,target,realisasi,arah\n"
        f'2026,{A},1.01.02,,Persentase sekolah terhubung internet,%,80,"60,5",naik\n'
        f"2026,{A},1.01.02,1.01.02.2.01,Jumlah aduan belum selesai,aduan,10,8,turun\n"
    )
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "data", files), output).returncode == 0
    program = page(output, "opd/dinas-satu/2026/1.01.02/")
    assert program.h1.get_text(" ", strip=True) == "1.01.02 Program Satu"
    assert table_row(program, "Program Satu", "Jumlah program")[1:3] == [
        "Rp 2.000.000.000",
        "Rp 1.000.000.001",
    ]
    assert table_row(program, "Indikator program", "Persentase sekolah terhubung internet") == [
        "Persentase sekolah terhubung internet", "80 %", "60,5 %", "75,6%",
    ]  # fmt: skip
    assert table_row(program, "Indikator kegiatan", "Jumlah aduan belum selesai (makin rendah makin baik)")[1:] == [
        "10 aduan", "8 aduan", "125,0%",
    ]  # fmt: skip
    unit = page(output, "opd/dinas-satu/2026/")
    assert unit.find("a", href="../../../opd/dinas-satu/2026/1.01.02/index.html") is not None
    budget, _ = expected(A)
    assert rupiah_text(budget) in unit.find(class_="angka-utama").get_text(" ")


def test_two_builds_of_the_same_data_are_byte_identical(tmp_path):
    data = write_dataset(tmp_path / "data", dataset())
    first, second = tmp_path / "one", tmp_path / "two"
    # Separate chart caches: the second build draws its charts again, in a new
    # interpreter (a hash seed of its own: no set's order can hide here).
    assert build_site(data, first, cache=tmp_path / "cache1").returncode == 0
    assert build_site(data, second, cache=tmp_path / "cache2", cold=True).returncode == 0
    one, two = tree_digest(first), tree_digest(second)
    assert len(one) > 20 and any(name.endswith(".svg") for name in one)
    assert one == two


def test_public_build_has_absolute_links_and_an_atom_feed(tmp_path):
    output = tmp_path / "public"
    result = build_site(write_dataset(tmp_path / "data", minimal_files()), output, "publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    feed = (output / "berita/atom.xml").read_text(encoding="utf-8")
    assert "Terbuka diluncurkan dengan data contoh" in feed
    root = ElementTree.fromstring(feed.encode("utf-8"))
    # Pelican's own feed, given the site's language.
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    home = page(output, "")
    assert (
        home.find("a", string="Perangkat Daerah")["href"] == "https://terbuka.madiunkota.go.id/opd/"
    )
    assert (ROOT / "publishconf.py").is_file()


def test_charts_say_what_they_show_in_words_people_use(sample_site):
    home = page(sample_site, "")
    headers = [th.get_text() for th in home.select("figure.grafik thead th")]
    assert headers and not any("_" in h for h in headers)
    assert "Terserap" in headers and "Perangkat daerah" in headers
    unit = page(sample_site, "opd/diskominfo/")
    summary = unit.select_one("#grafik-triwulan .ringkasan-grafik").get_text()
    assert summary.startswith("Sampai akhir triwulan III tahun 2026,"), summary
    city_chart = (sample_site / "grafik/terserap-per-opd-2026.svg").read_text(encoding="utf-8")
    city = home.select_one("#grafik-terserap .ringkasan-grafik").get_text()
    average = city.rsplit("rata-rata kota ", 1)[1].rstrip(".")
    assert f"Rata-rata kota {average}" in city_chart  # the dashed line is named
    spbe = page(sample_site, "spbe/")
    trend = next(f for f in spbe.select("figure.grafik") if "dari tahun ke tahun" in f.get_text())
    svg = (sample_site / "spbe" / trend.img["src"]).resolve().read_text(encoding="utf-8")
    assert "Dihitung, kerangka SPBE 2020" in svg and "spbe_2020" not in svg
    cells = [td.get_text() for td in trend.select("tbody th, tbody td")]
    assert "Evaluasi SPBE (Peraturan Menteri PANRB 59/2020)" in cells


def test_the_spbe_target_is_shown_with_whether_the_index_reached_it(sample_site):
    target = Decimal(next(
        r["target"] for r in rows("indikator.csv") if r["tahun"] == "2025" and "Indeks SPBE" in r["indikator"]
    ))  # fmt: skip
    spbe = page(sample_site, "spbe/2025/")
    index = Decimal(spbe.select_one(".angka-besar").get_text().replace(",", "."))
    text = " ".join(spbe.get_text(" ", strip=True).split())
    shown = f"{index:.2f}".replace(".", ",")
    gap = f"{abs(index - target):.2f}".replace(".", ",")
    if index >= target:
        assert f"Indeks {shown} mencapai target itu" in text
    else:
        assert f"Indeks {shown} belum mencapai target itu (kurang {gap})." in text
    assert f"Target kota untuk 2025: {f'{target:.2f}'.replace('.', ',')}" in text


def test_a_program_page_links_its_other_years_and_the_units_workbook(sample_site):
    program = page(sample_site, "opd/diskominfo/2026/2.16.03/")
    years = {a.get_text(): a["href"] for a in program.select("nav.tahun a")}
    current = program.select_one("nav.tahun [aria-current]").get_text()
    assert current == "2026" and set(years) == {"2024", "2025"}
    for href in years.values():
        assert (sample_site / "opd/diskominfo/2026/2.16.03" / href).resolve().is_file()
    labels = [dt.get_text() for dt in program.select("dl.angka-utama dt")]
    assert "Program" not in labels  # a program page counting "1 program" told nothing
    workbook = program.find("a", string="kegiatan.xlsx")
    assert (sample_site / "opd/diskominfo/2026/2.16.03" / workbook["href"]).resolve().is_file()


def test_the_city_and_each_unit_show_every_year_side_by_side_summed_from_the_files(sample_site):
    sums = current_sums()
    years = sorted({y for _, y in sums})
    city = list(csv.DictReader(io.StringIO((sample_site / "grafik/tren.csv").read_text(encoding="utf-8-sig"))))  # fmt: skip
    assert [r["tahun"] for r in city] == years
    for r in city:
        budget = sum(b for (_, y), (b, _) in sums.items() if y == r["tahun"])
        spent = sum(s for (_, y), (_, s) in sums.items() if y == r["tahun"])
        assert (Decimal(r["pagu"]), Decimal(r["realisasi"])) == (budget, spent), r["tahun"]
    unit = next(u for u in rows("opd.csv") if u["slug"] == "diskominfo")
    figure = page(sample_site, "opd/diskominfo/2025/").find(id="grafik-tren")
    own = list(csv.DictReader(io.StringIO((sample_site / "opd/diskominfo/grafik-tren.csv").read_text(encoding="utf-8-sig"))))  # fmt: skip
    assert [(Decimal(r["pagu"]), Decimal(r["realisasi"])) for r in own] == [
        sums[(unit["kode_opd"], y)] for y in years
    ]
    assert figure.find(class_="ringkasan-grafik").get_text().startswith("Pagu Diskominfo ")
    header = [th.get_text() for th in figure.select("thead th")]
    assert header == ["Tahun", "Pagu", "Realisasi", "Terserap", "Fisik"]


def latest_rows() -> tuple[str, list[dict[str, str]]]:
    """The latest year of the sample, and its rows of the budget version in force."""
    latest = max(r["tahun"] for r in rows("kegiatan.csv"))
    revised = {(r["kode_opd"], r["tahun"]) for r in rows("kegiatan.csv") if r["versi_anggaran"] == "perubahan"}  # fmt: skip
    return latest, [
        r for r in rows("kegiatan.csv")
        if r["tahun"] == latest and ((r["kode_opd"], latest) not in revised or r["versi_anggaran"] == "perubahan")
    ]  # fmt: skip


def test_the_city_and_each_unit_show_their_funding_sources_summed_from_the_files(sample_site):
    latest, current = latest_rows()

    def sums(selected):
        found: dict[str, list[Decimal]] = {}
        for r in selected:
            pair = found.setdefault(r["sumber_dana"] or "(tidak disebut)", [Decimal(0), Decimal(0)])
            pair[0] += Decimal(r["pagu"])
            pair[1] += Decimal(r["realisasi"] or 0)
        return {k: tuple(v) for k, v in found.items()}

    def published(path):
        text = (sample_site / path).read_text(encoding="utf-8-sig")
        return {r["sumber_dana"]: (Decimal(r["pagu"]), Decimal(r["realisasi"])) for r in csv.DictReader(io.StringIO(text))}  # fmt: skip

    assert published(f"grafik/sumber-dana-{latest}.csv") == sums(current)
    unit = next(u for u in rows("opd.csv") if u["slug"] == "diskominfo")
    own = [r for r in current if r["kode_opd"] == unit["kode_opd"]]
    assert published(f"opd/diskominfo/{latest}/grafik-dana.csv") == sums(own)
    summary = page(sample_site, "").select_one("#grafik-dana .ringkasan-grafik").get_text()
    assert summary.startswith("Dari pagu Rp ") and "sumber dana; terbesar " in summary


def test_each_place_lists_what_is_spent_there_summed_from_the_files(sample_site):
    _, current = latest_rows()
    index = page(sample_site, "wilayah/")
    places = {a.get_text(): a["href"] for a in index.select("tbody th a")}
    assert set(places) == {r["lokasi"] for r in current if r["lokasi"]}
    for name, href in places.items():
        here = [r for r in current if r["lokasi"] == name]
        folder = (sample_site / "wilayah" / href).resolve().parent
        soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        budget = sum(Decimal(r["pagu"]) for r in here)
        units_table, rows_table = soup.select("table")[-2:]
        for table in (units_table, rows_table):  # written independently of the site's code
            assert table.select_one("tfoot td").get_text() == rupiah_text(budget), name
        by_unit: dict[str, Decimal] = {}
        for r in here:
            by_unit[r["kode_opd"]] = by_unit.get(r["kode_opd"], Decimal(0)) + Decimal(r["pagu"])
        shown = [td.get_text() for td in units_table.select("tbody td:nth-of-type(1)")]
        assert sorted(shown) == sorted(rupiah_text(v) for v in by_unit.values()), name
        # The page lists the largest rows (a place may hold thousands); the CSV all.
        largest = sorted((Decimal(r["pagu"]) for r in here), reverse=True)[:100]
        listed = [td.get_text() for td in rows_table.select("tbody td[data-label=Pagu]")]
        assert listed == [rupiah_text(v) for v in largest], name
        published = list(csv.DictReader(io.StringIO((folder / "kegiatan.csv").read_text(encoding="utf-8-sig"))))  # fmt: skip
        assert len(published) == len(here)
        assert sum(Decimal(r["pagu"]) for r in published) == budget
        assert {r["kode_sub_kegiatan"] for r in published} == {r["kode_sub_kegiatan"] for r in here}
    # The places together are the city: nothing counted twice, nothing left out.
    city = sum(Decimal(r["pagu"]) for r in current if r["lokasi"])
    shown = [td.get_text() for td in index.select("table.responsif tbody td:nth-of-type(1)")]
    assert (
        sum(Decimal(t.removeprefix("Rp ").replace(".", "").replace(",", ".")) for t in shown)
        == city
    )


def test_a_revised_year_shows_murni_beside_perubahan_with_the_exact_difference(sample_site):
    revised = sorted({(r["kode_opd"], r["tahun"]) for r in rows("kegiatan.csv") if r["versi_anggaran"] == "perubahan"})  # fmt: skip
    assert revised, "the sample has a revised year"
    unit_code, year = revised[0]
    slug = next(u["slug"] for u in rows("opd.csv") if u["kode_opd"] == unit_code)
    own = [r for r in rows("kegiatan.csv") if r["kode_opd"] == unit_code and r["tahun"] == year]
    expected: dict[str, list[Decimal]] = {}
    for r in own:
        pair = expected.setdefault(r["kode_program"], [Decimal(0), Decimal(0)])
        pair[0 if r["versi_anggaran"] == "murni" else 1] += Decimal(r["pagu"])
    text = (sample_site / f"opd/{slug}/{year}/grafik-perubahan.csv").read_text(encoding="utf-8-sig")
    published = {
        r["kode"]: [Decimal(r["pagu_murni"]), Decimal(r["pagu_perubahan"]), Decimal(r["selisih"])]
        for r in csv.DictReader(io.StringIO(text))
    }
    assert published == {k: [m, p, p - m] for k, (m, p) in expected.items()}
    summary = page(sample_site, f"opd/{slug}/{year}/").select_one(
        "#grafik-perubahan .ringkasan-grafik"
    )
    assert summary.get_text().startswith(f"Di APBD perubahan {year}, pagu ")


def test_terms_are_explained_at_first_use_from_the_one_glossary_in_the_menu(sample_site):
    glossary = page(sample_site, "istilah/")
    entries = {div["id"]: div for div in glossary.select("dl.istilah-daftar > div")}
    for path in ("", "opd/diskominfo/", "spbe/", "kegiatan/2026/", "data/"):
        soup = page(sample_site, path)
        menu = soup.select_one('nav[aria-label="Menu utama"]')
        assert menu.find("a", string="Istilah") is not None, path
        marks = soup.select("main a.istilah")
        assert marks, path
        keys = [m["href"].rsplit("#", 1)[1] for m in marks]
        assert len(keys) == len(set(keys)), path  # each term once a page: at its first use
        for mark in marks:
            target = (sample_site / path / mark["href"].split("#")[0]).resolve()
            assert target == (sample_site / "istilah/index.html").resolve()
            entry = entries[mark["href"].rsplit("#", 1)[1]]
            abbr = mark.find("abbr")
            if abbr is not None:  # an abbreviation shows what it stands for
                assert f"({abbr['title']})" in entry.dt.get_text()
    unit = page(sample_site, "opd/diskominfo/")
    main = unit.find("main")
    first = next(s for s in main.find_all(string=True) if "DAU" in s.split() or s.strip() == "DAU")
    assert first.parent.name == "abbr" and first.parent["title"] == "Dana Alokasi Umum"
    for word in ("DAU", "DAK", "DBH", "DID", "PAD", "APBD murni", "APBD perubahan", "Pagu",
                 "Realisasi", "Serapan", "SPBE", "Pemdi"):  # fmt: skip
        assert word in glossary.select_one("dl.istilah-daftar").get_text(), word


def test_every_year_has_its_city_unit_and_place_pages_with_a_switch(sample_site):
    """Issue #26 item 4: the city, /opd/ and /wilayah/ of every year, not only the
    latest, each with a year switch; figures exact against kegiatan.csv."""
    sums = current_sums()
    years = sorted({year for _, year in sums})
    latest = years[-1]
    assert len(years) > 1
    units = {u["kode_opd"]: u for u in rows("opd.csv")}
    revised = {(r["kode_opd"], r["tahun"]) for r in rows("kegiatan.csv") if r["versi_anggaran"] == "perubahan"}  # fmt: skip
    for year in years:
        home = "" if year == latest else f"tahun/{year}/"
        soup = page(sample_site, home)
        switch = soup.select_one('main nav.tahun[aria-label="Tahun anggaran"]')
        assert switch.select_one("[aria-current=page]").get_text() == year
        linked = {a.get_text(): a["href"] for a in switch.select("a")}
        assert set(linked) == set(years) - {year}
        for other, href in linked.items():  # each link leads to that year's page
            target = (sample_site / home / href).resolve()
            want = "" if other == latest else f"tahun/{other}/"
            assert target == (sample_site / want / "index.html").resolve(), href
        budget = sum(b for (_, y), (b, _) in sums.items() if y == year)
        shown = soup.select_one(".angka-utama dd small").get_text()
        assert shown == rupiah_text(budget), (year, shown)
        # The year's unit index: each unit's exact budget of that year.
        index = page(sample_site, "opd/" if year == latest else f"tahun/{year}/opd/")
        assert index.h1.get_text() == f"Perangkat daerah {year}"
        code, slug = next((c, u["slug"]) for c, u in units.items() if (c, year) in sums)
        row = index.find("a", href=lambda h, s=slug: h and f"opd/{s}/" in h).find_parent("tr")
        assert rupiah_text(sums[(code, year)][0]) in row.get_text()
        # The year's places: each place's exact budget of that year.
        places = page(sample_site, "wilayah/" if year == latest else f"tahun/{year}/wilayah/")
        assert places.h1.get_text() == f"Kegiatan menurut wilayah, {year}"
        assert places.select_one("nav.tahun [aria-current=page]").get_text() == year
        by_place: dict[str, Decimal] = {}
        for r in rows("kegiatan.csv"):
            version_ok = (r["kode_opd"], r["tahun"]) not in revised or r[
                "versi_anggaran"
            ] == "perubahan"
            if r["tahun"] == year and r["lokasi"] and version_ok:
                by_place[r["lokasi"]] = by_place.get(r["lokasi"], Decimal(0)) + Decimal(r["pagu"])
        table = {
            tr.th.get_text(strip=True): tr.find("td").get_text(strip=True)
            for tr in places.select("table tbody tr")
        }
        assert table == {name: rupiah_text(value) for name, value in by_place.items()}


def test_long_bar_labels_wrap_whole_instead_of_being_cut(sample_site):
    """Issue #26 item 7: "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    was drawn as "Program Penunjang Urusan Pemeri…" on every screen."""
    from xml.etree import ElementTree as ET

    names = {r["kode_program"] + " " + r["nama_program"] for r in rows("program.csv")}
    long = sorted(n for n in names if 40 < len(n) <= 80)
    assert long  # the sample has names a line cannot hold
    drawn = 0
    for svg in sorted(sample_site.glob("opd/*/*/grafik-program.svg")):
        tree = ET.parse(svg)
        # Lines of one label are text elements in a row: joined with a space, whole again.
        text = " ".join(t.text for t in tree.iter() if t.tag.endswith("text") and t.text)
        for name in long:
            if name[:20] in text:
                assert name in text, (svg, name)
                drawn += 1
    assert drawn > 0
