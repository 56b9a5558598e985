"""Direct tests of the middle of the flow (issue #28): the model's aggregates,
the derivation of versions and accounts, the contract's row rules and what
the chart builders say, each on a few rows written here, without a site.

Expected figures are worked out in the comments from the rows themselves.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from terbuka.checks import derive, rules
from terbuka.checks.accounts import ClassTotal, by_class, classify
from terbuka.core.constants import LINE
from terbuka.core.problems import Code
from terbuka.model.model import outside_programs, spent_pct, summarise, to_totals
from terbuka.outputs import charts


def activities(*rows: tuple) -> pd.DataFrame:
    """(unit, program, kegiatan, sub, pagu sen, realisasi sen or None, fisik or None)."""
    frame = pd.DataFrame(
        rows,
        columns=[
            "kode_opd",
            "kode_program",
            "kode_kegiatan",
            "kode_sub_kegiatan",
            "pagu",
            "realisasi",
            "fisik",
        ],
    )
    return frame.assign(
        tahun=2026,
        pagu=frame["pagu"].astype("Int64"),
        realisasi=pd.array(list(frame["realisasi"]), dtype="Int64"),
        fisik=pd.array(list(frame["fisik"]), dtype="Float64"),
    )


def test_totals_count_programs_but_never_the_spending_outside_them():
    rows = activities(
        ("1.15.01", "1.15.00", "1.15.00.00", "", 1_000, None, None),  # Belanja Tidak Langsung
        ("1.15.01", "1.15.16", "1.15.16.01", "", 300, None, None),
        ("1.15.01", "1.15.16", "1.15.16.02", "", 200, None, None),
    )
    [totals] = [to_totals(r) for _, r in summarise(rows, ["kode_opd"]).iterrows()]
    # 1,000 + 300 + 200 sen; one program (16), three kegiatan, no sub kegiatan,
    # and no spending reported at all: None, never 0.
    assert (totals.budget, totals.spent, totals.programs, totals.activities) == (1500, None, 1, 3)
    assert (totals.sub_activities, totals.spent_pct) == (0, None)
    assert outside_programs("1.15.00") and outside_programs("1.15.000")
    assert not outside_programs("1.15.10") and not outside_programs("4.01.01")


def test_totals_weight_progress_by_budget_and_sum_spending_exactly():
    rows = activities(
        ("A", "A.01", "A.01.1", "A.01.1.1", 300, 150, 50.0),
        ("A", "A.01", "A.01.1", "A.01.1.2", 100, 100, 100.0),
        ("A", "A.01", "A.01.2", "A.01.2.1", 100, None, None),  # no progress: not weighted
    )
    [totals] = [to_totals(r) for _, r in summarise(rows, ["kode_opd"]).iterrows()]
    # Progress (300 x 50 + 100 x 100) / 400 = 62.5; spending 150 + 100 = 250 of 500.
    assert (totals.budget, totals.spent, totals.progress) == (500, 250, 62.5)
    assert totals.spent_pct == Decimal(50) and totals.sub_activities == 3
    assert spent_pct(0, 10) is None and spent_pct(10, None) is None


def test_budgets_side_by_side_become_versions_and_spending_belongs_to_the_revised_one():
    frame = activities(
        ("A", "A.01", "A.01.1", "A.01.1.1", 0, 70, None),
    ).assign(
        pagu_murni=pd.array([100], dtype="Int64"),
        pagu_perubahan=pd.array([120], dtype="Int64"),
        versi_anggaran="",
        **{LINE: [2]},
    )
    versions, problems = derive.expand_versions(
        frame, {"pagu_murni", "pagu_perubahan", "realisasi"}, "kegiatan.csv"
    )
    assert problems == []
    got = versions[["versi_anggaran", "pagu", "realisasi"]].astype(object).values.tolist()
    assert got == [["murni", 100, pd.NA], ["perubahan", 120, 70]]


def test_accounts_are_named_by_the_chart_of_accounts_their_code_follows():
    rows = pd.DataFrame(
        {
            "tahun": [2016, 2016, 2026, 2015],
            "versi_anggaran": "murni",
            "kode_opd": "A",
            "kode_program": "A.01",
            "kode_kegiatan": "A.01.1",
            "kode_sub_kegiatan": "",
            "kode_rekening": ["5.2.3.01.01", "5.1.1.01", "5.2.02.01.01", "5.2"],
            "nama_rekening": "x",
            "pagu": pd.array([500, 100, 700, 9], dtype="Int64"),
            "realisasi": pd.array([None, None, None, None], dtype="Int64"),
            "sumber_dana": "",
            LINE: [2, 3, 4, 5],
        }
    )
    table = classify(rows)
    assert table["jenis_belanja"].tolist() == [
        "Belanja Modal",  # 5.2.3 under 13/2006
        "Belanja Pegawai",  # 5.1.1 under 13/2006
        "Belanja Modal Peralatan dan Mesin",  # 5.2.02 under 90/2019
        "Belanja Langsung",  # a kelompok-level account: its jenis is the kelompok
    ]
    assert table["kelompok_belanja"].tolist() == [
        "Belanja Langsung",
        "Belanja Tidak Langsung",
        "Belanja Modal",
        "Belanja Langsung",  # 2015: a code too short to tell follows the year
    ]
    classes = by_class(table[table["tahun"] == 2016])
    assert classes == [
        ClassTotal("5.1.1", "Belanja Pegawai", "Belanja Tidak Langsung", 100, None,
                   "Permendagri 13/2006"),
        ClassTotal("5.2.3", "Belanja Modal", "Belanja Langsung", 500, None, "Permendagri 13/2006"),
    ]  # fmt: skip


def test_the_row_rules_let_a_budget_only_unit_year_be_and_say_so_once():
    frame = activities(
        ("A", "A.01", "A.01.1", "A.01.1.1", 100, None, None),
        ("A", "A.01", "A.01.1", "A.01.1.2", 100, None, None),
        ("B", "B.01", "B.01.1", "B.01.1.1", 100, 50, None),
        ("B", "B.01", "B.01.1", "B.01.1.2", 100, None, None),  # B reports spending: required
    ).assign(nama_sub_kegiatan="Sub", versi_anggaran="murni", **{LINE: [2, 3, 4, 5]})
    problems = rules.kegiatan_rules(frame, set())
    assert [(p.code, p.line) for p in problems if p.severity == "kesalahan"] == [(Code.REQUIRED, 5)]
    [said] = [p for p in problems if p.code == Code.BUDGET_ONLY]
    assert said.message.startswith("1 OPD-tahun tanpa angka realisasi sama sekali (2026 A)")


def test_chart_builders_never_say_rp_0_for_spending_not_reported():
    chart = charts.budget_by_program(
        "grafik", "Dinas Satu", 2016, [("1.15.16", "Program A", 300_00, None)]
    )
    assert chart.summary == (
        "Pagu Dinas Satu pada 2016: Rp 300 dalam 1 program; realisasinya belum dilaporkan."
    )
    assert chart.rows == [["1.15.16", "Program A", "300", ""]]
    assert chart.spec.spent == [None]
    assert charts.reported_sum([None, None]) is None and charts.reported_sum([None, 5]) == 5
    classes = [ClassTotal("5.2.3", "Belanja Modal", "Belanja Langsung", 100, None,
                          "Permendagri 13/2006")]  # fmt: skip
    summary = charts.spending_by_class("g", "kota", 2016, classes).summary
    assert summary.endswith("menurut bagan akun Permendagri 13/2006.")


def test_a_term_is_explained_at_its_first_use_only_in_prose():
    from terbuka.core.terms import explain_terms, glossary

    page = (
        "<html><head><title>DAU</title></head><body><nav>DAU</nav><main>"
        "<h1>Pagu DAU</h1><p>Sumber <a href='x'>DAU</a>: <code>DAU</code> dan DAU, lalu DAU lagi; "
        "APBD murni bukan APBD. pagu kecil. DAUS bukan DAU-nya.</p></main><footer>DAU</footer></body></html>"
    )
    marked = explain_terms(page, "../istilah/")
    dau = '<a class="istilah" href="../istilah/#istilah-dau"><abbr title="Dana Alokasi Umum">DAU</abbr></a>'
    # The first DAU in prose, not in the title, menu, heading, link or code; once.
    assert marked.count(dau) == 1 and "<code>DAU</code> dan " + dau + ", lalu DAU lagi" in marked
    assert marked.startswith(
        "<html><head><title>DAU</title></head><body><nav>DAU</nav><main><h1>Pagu DAU</h1>"
    )
    # The longer form wins, and a word matches in any case; a longer word never.
    assert '<a class="istilah" href="../istilah/#istilah-murni">APBD murni</a> bukan' in marked
    assert '<abbr title="Anggaran Pendapatan dan Belanja Daerah">APBD</abbr></a>.' in marked
    assert '<a class="istilah" href="../istilah/#istilah-pagu">pagu</a> kecil' in marked
    assert "DAUS bukan DAU-nya" in marked and marked.endswith("<footer>DAU</footer></body></html>")
    # Every term the issue names has an entry.
    names = {t.name for t in glossary()} | {f for t in glossary() for f in t.forms}
    for word in ("DAU", "DAK", "DBH", "DID", "PAD", "Pagu", "Realisasi", "APBD murni",
                 "APBD perubahan", "terserap", "SPBE", "Pemdi"):  # fmt: skip
        assert word in names, word


def test_a_citation_of_hostile_names_stays_one_bibtex_entry_and_keeps_its_order():
    from terbuka.core.settings import TerbukaSettings
    from terbuka.pages.citations import citation

    site = TerbukaSettings.__new__(TerbukaSettings)
    object.__setattr__(site, "site_url", "")
    object.__setattr__(site, "author", "Diskominfo {Kota}")
    object.__setattr__(site, "site_name", "Terbuka")
    title = "pagu} , publisher = jan , x = {\\\\ 50% & ~ \u202eSatu"
    found = citation(site, "Rilis X (1 Juni 2026)", 2026, title, "opd/a/", None, None)
    # Inside the entry no brace of the title survives as a brace: one entry, six fields.
    body = found.bibtex.split("\n")
    assert body[0] == "@misc{terbuka-opd-a," and body[-1] == "}"
    assert [line.split(" = ")[0].strip() for line in body[1:-1]] == [
        "author", "title", "year", "publisher", "howpublished", "note",
    ]  # fmt: skip
    assert "\\textbraceright{}" in found.bibtex and "\\textbackslash{}" in found.bibtex
    assert "\u202e" not in found.bibtex
    # In the text the reversed part is isolated: the address after it reads as written.
    assert "\u2068" in found.text and found.text.endswith("dari opd/a/")
