"""Downloads that sum to the page: the main activity file, the SQLite file
and every code example printed on the site, against the unit pages."""

import csv
import io
import json
import shlex
import sqlite3
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest
from browser import serve
from conftest import ROOT, free_port, page

sys.path.insert(0, str(ROOT / "plugins"))
from terbuka.core.settings import from_pelican, read_settings
from terbuka.model.load import load
from terbuka.outputs import opendata

PLACEHOLDER = "https://alamat-situs"


def rupiah_value(text: str) -> Decimal:
    """``Rp 1.261.571.296.985,50`` as the number a reader sees."""
    return Decimal(text.removeprefix("Rp ").replace(".", "").replace(",", "."))


def page_figures(output: Path, slug: str, year: int) -> tuple[Decimal, Decimal]:
    """The exact budget and spending printed on a unit's page of one year."""
    figures = page(output, f"opd/{slug}/{year}").select(".angka-utama dd")
    return rupiah_value(figures[0].small.get_text()), rupiah_value(figures[1].small.get_text())


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def plain_sums(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[Decimal]]:
    sums: dict[tuple[str, str], list[Decimal]] = {}
    for row in rows:
        total = sums.setdefault((row["tahun"], row["kode_opd"]), [Decimal(0), Decimal(0)])
        total[0] += Decimal(row["pagu"] or 0)
        total[1] += Decimal(row["realisasi"] or 0)
    return sums


def test_the_main_download_and_sqlite_sum_to_every_unit_page(sample_site):
    slugs = {r["kode_opd"]: r["slug"] for r in csv_rows(sample_site / "data" / "opd.csv")}
    sums = plain_sums(csv_rows(sample_site / "data" / "kegiatan.csv"))
    every_version = plain_sums(csv_rows(sample_site / "data" / "kegiatan_semua_versi.csv"))
    database = sqlite3.connect(sample_site / "data" / "terbuka.sqlite")
    in_sql = {
        (str(year), unit): (budget, spent, Decimal(sen_budget) / 100, Decimal(sen_spent) / 100)
        for year, unit, budget, spent, sen_budget, sen_spent in database.execute(
            "SELECT tahun, kode_opd, SUM(pagu), SUM(realisasi), SUM(pagu_sen), "
            "SUM(realisasi_sen) FROM kegiatan GROUP BY tahun, kode_opd"
        )
    }
    assert len(sums) > 60 and set(in_sql) == set(sums)
    revised = 0
    for (year, unit), (budget, spent) in sums.items():
        assert page_figures(sample_site, slugs[unit], int(year)) == (budget, spent), (year, unit)
        sql_budget, _, sen_budget, sen_spent = in_sql[(year, unit)]
        assert (Decimal(sql_budget), sen_budget, sen_spent) == (budget, budget, spent)
        revised += every_version[(year, unit)][0] != budget
    # The sample revises its 2025 budget: summing every version would double it.
    assert revised > 0
    # The view applies the version rule in SQL and gives the main table's rows.
    view = database.execute("SELECT COUNT(*), SUM(pagu_sen) FROM kegiatan_versi_terkini").fetchone()
    assert view == database.execute("SELECT COUNT(*), SUM(pagu_sen) FROM kegiatan").fetchone()
    tables = {r[0] for r in database.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {
        "opd", "program", "kegiatan", "kegiatan_semua_versi", "realisasi", "indikator", "spbe",
        "spbe_indeks",
    }  # fmt: skip
    columns = [r[1] for r in database.execute("PRAGMA table_info(kegiatan)")]
    header = next(
        csv.reader(io.StringIO((sample_site / "data/kegiatan.csv").read_text("utf-8-sig")))
    )
    assert [c for c in columns if not c.endswith("_sen")] == header
    indexes = {r[1] for r in database.execute("PRAGMA index_list(kegiatan)")}
    assert {"kegiatan_kode_opd", "kegiatan_tahun", "kegiatan_kode_sub_kegiatan"} <= indexes


def test_each_dataset_page_says_which_budget_version_its_file_holds(sample_site):
    main = page(sample_site, "data/kegiatan").select_one(".pengantar").get_text(" ", strip=True)
    assert "satu versi anggaran untuk setiap OPD dan tahun" in main
    every = page(sample_site, "data/kegiatan_semua_versi").select_one(".pengantar").get_text()
    assert "baris perubahan bila ada, selain itu baris murni" in every
    assert every.count("menjumlahkan") == 1  # said once
    kamus = page(sample_site, "data/kamus").get_text(" ", strip=True)
    assert "satu versi anggaran untuk setiap OPD dan tahun" in kamus and "pagu_sen" in kamus
    package = json.loads((sample_site / "data" / "datapackage.json").read_text())
    described = {r["name"]: r["description"] for r in package["resources"]}
    assert "satu versi anggaran" in described["kegiatan"]
    import zipfile

    with zipfile.ZipFile(sample_site / "data" / "terbuka-data.zip") as archive:
        readme = archive.read("README.md").decode("utf-8")
    assert "kegiatan_semua_versi.csv" in readme and "satu versi anggaran" in readme
    # With no release in the chain, no page invents a release label.
    assert "(belum dirilis)" in readme
    for path in ("", "data", "data/kegiatan", "rilis"):
        footer = page(sample_site, path).select_one("footer").get_text(" ", strip=True)
        assert "Data terkini per" in footer and "(belum dirilis)" in footer
        assert "Rilis 20" not in page(sample_site, path).get_text()


def test_a_generated_larger_city_sums_to_its_unit_figures(tmp_path):
    """A generated city (45 units, 4 years, revised budgets): the plain sums of
    the main download equal the figures the unit pages print."""
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/generate_sample.py"), "--out", str(data),
         "--units", "45", "--years", "4", "--rows", "4000", "--seed", "11"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    model = load(data).model
    assert model is not None
    site = from_pelican(read_settings(ROOT / "pelicanconf.py"))
    published = opendata.start_data_files(model, site, "uji", None, None).finish()
    text = published.read("data/kegiatan.csv").decode("utf-8-sig")
    sums = plain_sums(list(csv.DictReader(io.StringIO(text))))
    assert len(sums) == len(model.activities_by_unit_year) > 150
    for (year, unit), (budget, spent) in sums.items():
        totals = model.unit_totals(unit, int(year))
        assert (budget * 100, spent * 100) == (totals.budget, totals.spent), (year, unit)


def run_shell(code: str, cwd: Path) -> str:
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", code], cwd=cwd, capture_output=True, text=True,
        check=False, env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def examples(sample_site):
    soup = page(sample_site, "data/api")
    found = {
        block["data-contoh"]: (
            block.get_text(),
            soup.select_one(f'[data-hasil="{block["data-contoh"]}"]').get_text(),
        )
        for block in soup.select("[data-contoh]")
    }
    assert set(found) == {"curl", "pandas", "duckdb", "sqlite3", "datasette"}
    return found


def test_every_code_example_on_the_site_runs_and_agrees_with_the_page(
    sample_site, examples, tmp_path
):
    slugs = {r["kode_opd"]: r["slug"] for r in csv_rows(sample_site / "data" / "opd.csv")}
    pandas_code = examples["pandas"][0]
    year = pandas_code.split('kegiatan["tahun"] == "')[1].split('"')[0]
    unit = pandas_code.split('kegiatan["kode_opd"] == "')[1].split('"')[0]
    budget, _ = page_figures(sample_site, slugs[unit], int(year))
    results = {key: Decimal(result) for key, (_, result) in examples.items()}
    assert set(results.values()) == {budget}
    # The example unit and year had a revised budget: the rule is what makes it agree.
    every = plain_sums(csv_rows(sample_site / "data" / "kegiatan_semua_versi.csv"))
    assert every[(year, unit)][0] != budget

    with serve(sample_site) as base:
        site = base.rstrip("/")

        def local(code: str) -> str:
            return code.replace(PLACEHOLDER, site)

        answer = json.loads(run_shell(local(examples["curl"][0]), tmp_path))
        entry = next(e for e in answer["tahun"] if str(e["tahun"]) == year)
        assert Decimal(str(entry["pagu"])) == budget

        printed = subprocess.run(
            [sys.executable, "-c", local(pandas_code)], capture_output=True, text=True, check=True
        ).stdout
        assert Decimal(printed.strip()) == budget

        printed = run_shell(local(examples["sqlite3"][0]), tmp_path)
        assert Decimal(printed.strip()) == budget

        printed = run_shell(local(examples["duckdb"][0]), tmp_path)
        assert printed.strip() == f"{budget:.2f}"  # DECIMAL(20,2): to the sen, no option

    # datasette, on the file the sqlite3 example downloaded.
    code = examples["datasette"][0]
    command, address = code.splitlines()[0], code.splitlines()[-1]
    port = free_port()
    datasette = Path(sys.executable).parent / "datasette"
    server = subprocess.Popen(
        [str(datasette), *shlex.split(command)[1:], "--port", str(port)],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        path = address.split(":8001", 1)[1]
        json_path = path.replace("/terbuka?", "/terbuka.json?", 1) + "&_shape=array"
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{json_path}") as r:
                    rows = json.load(r)
                break
            except OSError:
                time.sleep(0.2)
        assert Decimal(str(rows[0]["pagu"])) == budget
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as r:
            assert str(budget) in r.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait()


def headline(output: Path, path: str) -> dict[str, str]:
    soup = page(output, path).select_one(".angka-utama")
    return {
        div.dt.get_text(" ", strip=True): div.dd.contents[0].get_text(strip=True)
        if hasattr(div.dd.contents[0], "get_text")
        else str(div.dd.contents[0]).strip()
        for div in soup.find_all("div")
    }


def test_headline_counts_add_up_and_say_what_they_count(sample_site):
    slugs = [r["slug"] for r in csv_rows(sample_site / "data" / "opd.csv")]
    city = headline(sample_site, "")
    totals = {"Program": 0, "Kegiatan": 0, "Sub kegiatan": 0}
    for slug in slugs:
        if (sample_site / "opd" / slug / "2026" / "index.html").exists():
            unit = headline(sample_site, f"opd/{slug}/2026")
            for key in totals:
                totals[key] += int(unit[key].replace(".", ""))
    assert {k: int(city[k].replace(".", "")) for k in totals} == totals
    rows = csv_rows(sample_site / "data" / "kegiatan.csv")
    assert totals["Sub kegiatan"] == sum(r["tahun"] == "2026" for r in rows)
    home = page(sample_site, "")
    assert "dihitung per perangkat daerah" in home.select_one(".catatan-hitung").get_text()
    # Spending says up to when: the last quarter reported for the year.
    quarters = {int(r["triwulan"]) for r in csv_rows(sample_site / "data" / "realisasi.csv")
                if r["tahun"] == "2026"}  # fmt: skip
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}[max(quarters)]
    assert f"Realisasi s.d. triwulan {roman} 2026" in city
    # The revision of 2025: 1.994.221.467.000 -> 2.003.415.324.000, two digits to differ.
    every = csv_rows(sample_site / "data" / "kegiatan_semua_versi.csv")
    murni = sum(
        Decimal(r["pagu"]) for r in every if r["tahun"] == "2025" and r["versi_anggaran"] == "murni"
    )
    revised = sum(Decimal(r["pagu"]) for r in rows if r["tahun"] == "2025")
    assert (murni, revised) == (Decimal("1994221467000"), Decimal("2003415324000"))
    assert "Pagu anggaran (APBD murni)" in city  # 2026 has no revision
    # A revised unit-year says so, with the original budget it replaced.
    unit = page(sample_site, f"opd/{slugs[0]}/2025").select_one(".angka-utama dd")
    unit_murni = sum(
        Decimal(r["pagu"]) for r in every
        if r["tahun"] == "2025" and r["versi_anggaran"] == "murni"
        and r["kode_opd"] == csv_rows(sample_site / "data" / "opd.csv")[0]["kode_opd"]
    )  # fmt: skip
    assert "(APBD perubahan)" in unit.parent.dt.get_text()
    assert rupiah_value(unit.select_one(".murni").get_text().split(": ")[1]) == unit_murni
    news = home.select_one(".daftar-baru").get_text(" ", strip=True)
    assert "dari Rp 1,99 triliun menjadi Rp 2,00 triliun" in " ".join(news.split())
