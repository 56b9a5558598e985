"""SPBE: the index computed as the regulation does, worked out by hand."""

from decimal import Decimal

import pytest
from conftest import build_site, minimal_files, page, table_row, write_dataset
from terbuka.inputs import framework as frameworks
from terbuka.model.load import load

D = Decimal
KOMINFO = "1.01.0.00.0.00.01.0000"  # "Dinas Satu" of the minimal dataset


def spbe_csv(year: int, levels: dict[int, int], framework: str = "", owner: str = "") -> str:
    lines = [
        f"{year},{framework},{n},{level},{owner},catatan {n}" for n, level in sorted(levels.items())
    ]
    return "\n".join(lines) + "\n"


def evaluate(tmp_path, spbe_rows: str, extra: dict[str, str] | None = None):
    files = {
        **minimal_files(),
        "spbe.csv": "tahun,kerangka,kode_indikator,tingkat,kode_opd,catatan\n" + spbe_rows,
    }
    files.update(extra or {})
    loaded = load(write_dataset(tmp_path, files))
    assert loaded.model is not None, loaded.report.as_text("")
    return loaded


def all_at(level: int, framework: str = "spbe_2020") -> dict[int, int]:
    return {n: level for n in frameworks.shipped_framework(framework).numbers}


@pytest.mark.parametrize(
    ("level", "index", "rating"),
    [(1, "1.00", "Kurang"), (5, "5.00", "Memuaskan"), (3, "3.00", "Baik")],
)
def test_uniform_levels(tmp_path, level, index, rating):
    result = evaluate(tmp_path, spbe_csv(2024, all_at(level))).model.spbe_years[2024]
    assert (result.index, result.rating) == (D(index), rating)
    assert all(a.index == D(index) for a in result.aspects)


def test_mixed_levels_worked_out_by_hand(tmp_path):
    # Level 3 everywhere except the six indicators of aspect 8 "Layanan Publik
    # Berbasis Elektronik" (42..47, weight 3,00 each, 18 in all) at level 5:
    # index = (82 x 3 + 18 x 5) / 100 = 3,36; domain "Layanan SPBE" (45,5) =
    # (27,5 x 3 + 18 x 5) / 45,5 = 172,5 / 45,5 = 3,7912... -> 3,79.
    levels = {**all_at(3), **{n: 5 for n in range(42, 48)}}
    result = evaluate(tmp_path, spbe_csv(2024, levels)).model.spbe_years[2024]
    assert (result.index, result.rating) == (D("3.36"), "Baik")
    aspects = {a.name: a.index for a in result.aspects}
    assert aspects["Layanan Publik Berbasis Elektronik"] == D("5.00")
    assert aspects["Layanan Administrasi Pemerintahan Berbasis Elektronik"] == D("3.00")
    domains = {d.name: (d.weight, d.index) for d in result.domains}
    assert domains["Layanan SPBE"] == (D("45.5"), D("3.79"))
    assert domains["Kebijakan Internal SPBE"] == (D("13.00"), D("3.00"))


def test_index_on_a_rounding_boundary_rounds_half_up_exactly(tmp_path):
    # A framework of two indicators weighted 0,405 and 0,595 at levels 2 and 3:
    # 0,81 + 1,785 = 2,595 exactly -> 2,60 "Baik" (in binary floating point the
    # same sum is 2,59499... and would round to 2,59 "Cukup").
    framework = (
        "kerangka,no_domain,domain,bobot_domain,no_aspek,aspek,bobot_aspek,no_indikator,indikator,bobot_indikator\n"
        "spbe_2020,1,Domain A,1,1,Aspek A,1,1,Indikator satu,0.405\n"
        "spbe_2020,1,Domain A,1,1,Aspek A,1,2,Indikator dua,0.595\n"
    )
    assert 0.405 * 2 + 0.595 * 3 < 2.595
    loaded = evaluate(tmp_path, spbe_csv(2024, {1: 2, 2: 3}), {"kerangka_spbe_2020.csv": framework})
    result = loaded.model.spbe_years[2024]
    assert (result.index, result.rating) == (D("2.60"), "Baik")


@pytest.mark.parametrize(
    ("framework", "index", "rating"),
    [
        ("spbe_2020", "0.00", "Kurang"), ("spbe_2020", "1.79", "Kurang"), ("spbe_2020", "1.80", "Cukup"),
        ("spbe_2020", "2.59", "Cukup"), ("spbe_2020", "2.60", "Baik"), ("spbe_2020", "3.49", "Baik"),
        ("spbe_2020", "3.50", "Sangat Baik"), ("spbe_2020", "4.19", "Sangat Baik"),
        ("spbe_2020", "4.20", "Memuaskan"), ("spbe_2020", "5.00", "Memuaskan"),
        ("pemdi_2026", "1.00", "Kurang"), ("pemdi_2026", "1.49", "Kurang"), ("pemdi_2026", "1.50", "Cukup"),
        ("pemdi_2026", "2.49", "Cukup"), ("pemdi_2026", "2.50", "Baik"), ("pemdi_2026", "3.49", "Baik"),
        ("pemdi_2026", "3.50", "Sangat Baik"), ("pemdi_2026", "3.99", "Sangat Baik"),
        ("pemdi_2026", "4.00", "Memuaskan"), ("pemdi_2026", "5.00", "Memuaskan"),
    ],
)  # fmt: skip
def test_every_rating_boundary(framework, index, rating):
    assert frameworks.rating(D(index), framework) == rating


def test_pemdi_framework_from_the_year(tmp_path):
    # Pemdi 2026: 20 indicators, weights summing to 100. Level 3 everywhere but
    # indicator 20 (weight 15) at 5: (85 x 3 + 15 x 5) / 100 = 3,30 "Baik";
    # aspect 7 (indicators 19 and 20, weights 10 and 15): (30 + 75) / 25 = 4,20.
    levels = {**all_at(3, "pemdi_2026"), 20: 5}
    result = evaluate(tmp_path, spbe_csv(2026, levels)).model.spbe_years[2026]
    assert result.framework.name == "pemdi_2026"
    assert (result.index, result.rating) == (D("3.30"), "Baik")
    assert {a.number: a.index for a in result.aspects}[7] == D("4.20")
    assert result.domains == []


def test_incomplete_year_gets_no_index_and_a_warning_naming_the_missing(tmp_path):
    levels = all_at(4)
    del levels[3], levels[17]
    loaded = evaluate(tmp_path, spbe_csv(2024, levels))
    assert loaded.model.spbe_years[2024].index is None
    assert [str(p) for p in loaded.report.warnings] == [
        "spbe.csv:2:kode_indikator: tahun 2024 belum lengkap: indikator 3, 17 belum punya "
        "tingkat; indeks tahun ini tidak dihitung"
    ]


def test_official_index_differing_from_the_computed_one_is_a_warning(tmp_path):
    official = 'tahun,indeks,kerangka,sumber\n2024,"3,05",,Keputusan Menteri PANRB\n2023,"4,45",,KepMen 13/2024\n'
    loaded = evaluate(tmp_path, spbe_csv(2024, all_at(3)), {"spbe_indeks.csv": official})
    assert [str(p) for p in loaded.report.warnings] == [
        "spbe_indeks.csv:2:indeks: indeks resmi 2024 (3.05) berbeda 0.05 dari indeks yang "
        "dihitung dari tingkat indikator (3.00)"
    ]
    only_official = loaded.model.spbe_years[2023]
    assert (only_official.index, only_official.official, only_official.rating) == (
        None,
        D("4.45"),
        "Memuaskan",
    )


def test_spbe_pages_show_the_exact_index_aspects_and_levels(tmp_path):
    levels = {**all_at(3), **{n: 5 for n in range(42, 48)}}
    rows = spbe_csv(2024, all_at(2), owner=KOMINFO) + spbe_csv(2025, levels, owner=KOMINFO)
    files = {
        **minimal_files(),
        "spbe.csv": "tahun,kerangka,kode_indikator,tingkat,kode_opd,catatan\n" + rows,
        "spbe_indeks.csv": 'tahun,indeks,sumber\n2023,"4,45",Keputusan Menteri PANRB Nomor 13 Tahun 2024\n',
    }
    output = tmp_path / "output"
    assert build_site(write_dataset(tmp_path / "data", files), output).returncode == 0

    latest = page(output, "spbe/")
    assert latest.find(class_="nilai-spbe").get_text(" ", strip=True) == "3,36 Baik"
    assert table_row(latest, "Indeks per domain dan aspek, 2025", "Layanan Publik Berbasis Elektronik")[1:] == [
        "Layanan SPBE", "18,00%", "5,00",
    ]  # fmt: skip
    assert table_row(latest, "per domain dan aspek", "Domain Layanan SPBE")[2:] == [
        "45,50%",
        "3,79",
    ]
    aspects = latest.find("caption", string="Indeks per domain dan aspek, 2025").parent
    headers = [th.get_text() for th in aspects.select("thead th")]
    assert headers == ["Aspek", "Domain", "Bobot (% indeks)", "Indeks"]  # a weight with its unit
    row = table_row(latest, "Tingkat kapabilitas indikator SPBE, 2025", "42")
    assert row[3:6] == ["3,00%", "5 (Optimum)", "naik 3"]
    assert row[6] == "DS"
    assert (output / "spbe/2024/index.html").is_file()
    assert (
        page(output, "spbe/2024/").find(class_="nilai-spbe").get_text(" ", strip=True)
        == "2,00 Cukup"
    )
    official = page(output, "spbe/2023/").get_text(" ", strip=True)
    assert (
        "hanya diketahui indeks resminya: 4,45 (Memuaskan), diumumkan dalam Keputusan Menteri PANRB Nomor 13 Tahun 2024"
        in official
    )

    trend = latest.find("figure", id="grafik-tren")
    assert "Indeks SPBE 2025: 3,36 (Baik)" in trend.get_text(" ", strip=True)
    unit = page(output, "opd/dinas-satu/")
    assert table_row(unit, "Evaluasi SPBE 2025", "47")[2:] == ["5 (Optimum)", "naik 3"]


def test_sample_reproduces_the_official_2023_index(sample_site):
    spbe_2023 = page(sample_site, "spbe/2023/")
    text = spbe_2023.get_text(" ", strip=True)
    assert "Indeks 2023 adalah 4,45 dengan predikat Memuaskan" in text
    assert "Indeks resmi yang diumumkan: 4,45 (Keputusan Menteri PANRB Nomor 13 Tahun 2024)" in text
    assert "Hasil hitung sama dengan angka resmi" in text
