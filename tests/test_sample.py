"""The bundled sample: shaped like Kota Madiun, reproducible, and built with
totals that equal the exact sums of its files."""

import csv
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal

from conftest import ROOT, page, table_row
from test_build import rupiah_text

DATA = ROOT / "data"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_sample_is_regenerated_byte_for_byte_from_its_seed(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/generate_sample.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    generated = [p for p in sorted(DATA.glob("*.csv")) if p.name != "sinonim.csv"]
    assert len(generated) == 7  # every export; the synonym list is written by people
    for path in generated:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_sample_has_the_shape_the_site_needs():
    units = rows("opd.csv")
    assert len(units) >= 30
    kinds = {u["jenis"] for u in units}
    assert {"Sekretariat", "Inspektorat", "Dinas", "Badan", "Kecamatan", "RSUD"} <= kinds
    names = {u["nama_opd"] for u in units}
    assert {"Kecamatan Kartoharjo", "Kecamatan Manguharjo", "Kecamatan Taman"} <= names
    assert "Dinas Komunikasi dan Informatika" in names
    activities = rows("kegiatan.csv")
    assert len(activities) >= 1500
    assert len({r["tahun"] for r in activities}) >= 3
    assert {r["versi_anggaran"] for r in activities} == {"murni", "perubahan"}
    assert {r["triwulan"] for r in rows("realisasi.csv")} == {"1", "2", "3", "4"}
    assert all(r["target"] for r in rows("indikator.csv"))
    assert len({r["tahun"] for r in rows("spbe.csv")}) >= 3


def current_sums() -> dict[tuple[str, str], tuple[Decimal, Decimal]]:
    """(unit code, year) -> (budget, spent), perubahan rows replacing murni."""
    revised = {
        (r["kode_opd"], r["tahun"])
        for r in rows("kegiatan.csv")
        if r["versi_anggaran"] == "perubahan"
    }
    sums: dict = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for r in rows("kegiatan.csv"):
        key = (r["kode_opd"], r["tahun"])
        if key in revised and r["versi_anggaran"] != "perubahan":
            continue
        sums[key][0] += Decimal(r["pagu"])
        sums[key][1] += Decimal(r["realisasi"] or 0)
    return {k: (v[0], v[1]) for k, v in sums.items()}


def test_sample_site_totals_equal_the_files(sample_site):
    sums = current_sums()
    latest = max(year for _, year in sums)
    home = page(sample_site, "")
    city_budget = sum(b for (_, y), (b, _) in sums.items() if y == latest)
    city_spent = sum(s for (_, y), (_, s) in sums.items() if y == latest)
    text = home.get_text(" ", strip=True)
    assert rupiah_text(city_budget) in text and rupiah_text(city_spent) in text
    index = page(sample_site, "opd/")
    for unit in rows("opd.csv"):
        budget, spent = sums.get((unit["kode_opd"], latest), (Decimal(0), Decimal(0)))
        cells = table_row(index, f"pagu dan realisasi {latest}", unit["nama_opd"])
        assert cells[1:3] == [rupiah_text(budget), rupiah_text(spent)], unit["nama_opd"]
        for (code, year), (budget, spent) in sums.items():
            if code != unit["kode_opd"]:
                continue
            unit_page = page(sample_site, f"opd/{unit['slug']}/{year}/")
            figures = unit_page.find(class_="angka-utama").get_text(" ", strip=True)
            assert rupiah_text(budget) in figures and rupiah_text(spent) in figures


def test_sample_site_publishes_its_data_quality_report(sample_site):
    quality = page(sample_site, "kualitas-data/")
    assert "melebihi pagu" in quality.get_text(" ", strip=True)
    assert (sample_site / "kualitas-data/laporan.json").is_file()
