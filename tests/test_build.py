"""Whole sites built from small datasets, read back as a person reads them."""

import shutil
from decimal import Decimal

from conftest import (
    HEADERS,
    ROOT,
    build_site,
    minimal_files,
    page,
    table_row,
    tree_digest,
    write_dataset,
    write_settings,
)

A = "1.01.0.00.0.00.01.0000"
B = "5.01.0.00.0.00.02.0000"

# Rows of kegiatan.csv for 2026 as (unit, program, sub code, budget, spent), in
# Indonesian formats, with sen; the test's expected sums come from these.
ROWS_2026 = [
    (A, "1.01.02", "1.01.02.2.01.0001", "Rp 1.234.567.890,50", "Rp 1.000.000.000,25", "75"),
    (A, "1.01.02", "1.01.02.2.01.0002", "Rp 765.432.109,50", "Rp 0,75", "10"),
    (A, "1.01.03", "1.01.03.2.01.0001", "Rp 3.000.000", "-", ""),
    (B, "5.01.02", "5.01.02.2.01.0001", "Rp 99.999.999.999,99", "Rp 12.345.678.901,01", "50"),
]


def rupiah_value(text: str) -> Decimal:
    digits = text.replace("Rp", "").strip()
    return Decimal(0) if digits == "-" else Decimal(digits.replace(".", "").replace(",", "."))


def rupiah_text(value: Decimal) -> str:
    """How a person writes the amount: Rp 1.234.567.890,50 (no ,00)."""
    whole, _, cents = f"{value:.2f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"Rp {groups}" + ("" if cents == "00" else f",{cents}")


def dataset() -> dict[str, str]:
    files = minimal_files()
    files["opd.csv"] += (
        "7.01.0.00.0.00.03.0000,kecamatan-tiga,Kecamatan <script>alert(1)</script> Tiga,,Kecamatan,,\n"
    )
    files["program.csv"] += f"2026,{A},1.01.03,Program Tiga\n"
    lines = [
        f"2026;{unit};{program};{sub[:-5]};Kegiatan {sub[-6:]};{sub};Sub {sub};{budget};{spent};{fisik};DAU;;"
        for unit, program, sub, budget, spent, fisik in ROWS_2026
    ]
    old = minimal_files()["kegiatan.csv"].splitlines()[1].replace(",", ";")
    files["kegiatan.csv"] = (
        "\n".join([HEADERS["kegiatan.csv"].replace(",", ";"), old, *lines]) + "\n"
    )
    return files


def expected(unit: str | None = None) -> tuple[Decimal, Decimal]:
    rows = [r for r in ROWS_2026 if unit is None or r[0] == unit]
    return sum(rupiah_value(r[3]) for r in rows), sum(rupiah_value(r[4]) for r in rows)


def test_pages_show_exact_sums_of_the_file(tmp_path):
    output = tmp_path / "output"
    result = build_site(write_dataset(tmp_path / "data", dataset()), output)
    assert result.returncode == 0, result.stdout + result.stderr

    home = page(output, "")
    budget, spent = expected()
    assert budget == Decimal("102002999999.99")  # the amounts really add up to this
    text = home.get_text(" ", strip=True)
    assert f"Pagu anggaran (APBD murni) Rp 102,0 miliar {rupiah_text(budget)}" in text
    # Without quarterly reports the period is the moment of the export.
    assert f"Realisasi tahun 2026, sampai saat ekspor Rp 13,3 miliar {rupiah_text(spent)}" in text

    index = page(output, "opd/")
    for unit, name in ((A, "Dinas Satu"), (B, "Badan Dua")):
        unit_budget, unit_spent = expected(unit)
        cells = table_row(index, "pagu dan realisasi 2026", name)
        assert cells[1:3] == [rupiah_text(unit_budget), rupiah_text(unit_spent)]
    # 1.000.000.001 spent of 2.003.000.000; progress (1.234.567.890,50 x 75 +
    # 765.432.109,50 x 10) / 2.000.000.000 = 50,12 (the row without progress is left out)
    assert table_row(index, "Dinas – pagu dan realisasi 2026", "Dinas Satu")[3:5] == [
        "49,9%",
        "50,1%",
    ]


def test_unit_pages_at_stable_urls_with_every_row(tmp_path):
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "data", dataset()), output).returncode == 0
    for path in (
        "opd/",
        "opd/dinas-satu/",
        "opd/dinas-satu/2025/",
        "opd/dinas-satu/2026/",
        "opd/badan-dua/2026/",
    ):
        assert (output / path / "index.html").is_file(), path
    assert not (output / "opd/badan-dua/2025").exists()  # no data that year

    unit = page(output, "opd/dinas-satu/2026/")
    assert unit.h1.get_text(strip=True).startswith("Dinas Satu")
    assert table_row(unit, "1.01.02 Program Satu", "1.01.02.2.01.0001")[2:6] == [
        "Rp 1.234.567.890,50", "Rp 1.000.000.000,25", "81,0%", "75,0%",
    ]  # fmt: skip
    assert table_row(unit, "1.01.02 Program Satu", "Jumlah program")[1:3] == [
        "Rp 2.000.000.000", "Rp 1.000.000.001",
    ]  # fmt: skip
    assert table_row(unit, "1.01.03 Program Tiga", "1.01.03.2.01.0001")[2:6] == [
        "Rp 3.000.000", "Rp 0", "0,0%", "–",
    ]  # fmt: skip
    latest = page(output, "opd/dinas-satu/")
    assert latest.find("main").get_text() == unit.find("main").get_text()
    earlier = page(output, "opd/dinas-satu/2025/")
    assert table_row(earlier, "Program Satu", "1.01.02.2.01.0001")[2:4] == [
        "Rp 1.000.000",
        "Rp 900.000",
    ]


def test_text_from_the_data_is_shown_as_text(tmp_path):
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "data", dataset()), output).returncode == 0
    html = (output / "opd/kecamatan-tiga/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert (
        page(output, "opd/kecamatan-tiga/").h1.get_text(strip=True)
        == "Kecamatan <script>alert(1)</script> Tiga"
    )


def test_every_page_says_the_figures_are_sample_data(tmp_path):
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "data", minimal_files()), output).returncode == 0
    pages = sorted(output.rglob("*.html"))
    assert len(pages) >= 6
    for path in pages:
        soup = page(path.parent, "")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect (/api/v1/ to /data/api/) shows no figure to warn about
        banner = soup.find(class_="banner-contoh")
        assert banner is not None and "bukan angka resmi" in banner.get_text(" ", strip=True), path


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "good", minimal_files()), output).returncode == 0
    before = tree_digest(output)
    assert before

    bad = minimal_files()
    bad["kegiatan.csv"] += f"2026,{A},1.01.02,1.01.02.2.01,Keg,1.01.02.2.01.0009,Sub,sejuta,0,,,,\n"
    result = build_site(write_dataset(tmp_path / "bad", bad), output)
    assert result.returncode == 1
    assert "kegiatan.csv:5:pagu: nilai 'sejuta' bukan angka rupiah" in result.stdout
    assert "tidak diubah" in result.stderr
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_a_build_that_fails_inside_pelican_also_leaves_the_site(tmp_path):
    output = tmp_path / "output"
    good = write_dataset(tmp_path / "good", minimal_files())
    assert build_site(good, output).returncode == 0
    before = tree_digest(output)
    # A unit template that breaks while rendering: Pelican fails mid-build,
    # after it has written other pages into the staging folder.
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates/opd.html").write_text("{{ unit.nope.deeper }}", encoding="utf-8")
    settings = write_settings(tmp_path / "broken.py", THEME=str(theme))
    result = build_site(good, output, settings=str(settings))
    assert result.returncode != 0
    assert "UndefinedError" in result.stdout + result.stderr
    assert "tidak diubah" in result.stderr
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
