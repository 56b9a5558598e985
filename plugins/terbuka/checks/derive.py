"""From what SIPD exports to the contract's tables, so no clerk rebuilds them by hand.

A SIPD report ("Laporan Penjabaran Anggaran dan Realisasi") carries in one
sheet what the contract keeps in three files: the unit and its parent, the
program, and one row per account (kode rekening) under each sub kegiatan,
sometimes with the original and revised budget side by side. This step runs
on the typed activity table, before keys and references are checked:

- budgets side by side (pagu murni, perubahan or pergeseran) become the
  ``murni`` and ``perubahan`` rows of the budget-version model;
- account rows are published as ``belanja`` and summed exactly to their sub
  kegiatan; a row without an account code whose amounts equal the sum of the
  accounts under it is a heading, left out with a warning;
- ``opd.csv`` and ``program.csv``, when missing, are derived from the names
  in the export, with a warning that lists them and a suggested file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from terbuka.checks import accounts
from terbuka.checks.validate import type_table
from terbuka.core.constants import LINE, MURNI, PERUBAHAN
from terbuka.core.formatting import rupiah
from terbuka.core.problems import Code, Problem, error, warning
from terbuka.core.schema import load_schema
from terbuka.core.urls import URLS
from terbuka.inputs.read import RawTable

SUB_ACTIVITY = ["tahun", "versi_anggaran", "kode_opd", "kode_program", "kode_kegiatan"]
SUB_ACTIVITY += ["kode_sub_kegiatan"]
# The first word of a unit's name says its kind (opd.csv's ``jenis``).
KINDS = {
    "dinas": "Dinas",
    "badan": "Badan",
    "kecamatan": "Kecamatan",
    "kelurahan": "Kelurahan",
    "sekretariat": "Sekretariat",
    "inspektorat": "Inspektorat",
    "satuan": "Satuan",
    "rsud": "RSUD",
    "rumah": "RSUD",  # Rumah Sakit Umum Daerah
}  # anything else (a Bagian of the Secretariat, say) is Lainnya
COMPLETE = {"opd": " dan lengkapi (singkatan, alamat, telepon, email, situs web)"}
LISTED = 40  # derived units and programs named one by one in the warning


@dataclass
class Derived:
    """What was derived, for the report and for ``make check-data``'s suggestions."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # opd, program
    problems: list[Problem] = field(default_factory=list)


def empty_accounts() -> pd.DataFrame:
    """The ``belanja`` table of an export without account rows."""
    raw = RawTable("belanja.csv", [], [], [], "", "")
    return type_table(raw, load_schema("belanja"))[0]


def present(raw: RawTable | None) -> set[str]:
    return set(raw.columns) if raw is not None else set()


REVISED = ("pagu_perubahan", "pagu_pergeseran")  # the later stage first
VERSIONS = ("pagu_murni", *REVISED)


def expand_versions(
    df: pd.DataFrame, columns: set[str], filename: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Pagu murni and perubahan (or pergeseran) in one row -> one row per version.

    A unit's year is revised when any of its rows has a revised budget; its
    budget in force is then the latest stage any of its rows has (perubahan
    before pergeseran), and every row must carry it: a blank there is an
    error at the cell, never a row that silently drops out of the total.
    """
    stages = [c for c in REVISED if c in columns]
    if "pagu_murni" not in columns and not stages:
        return df, []
    problems = _blank_versions(df, columns, filename)
    original = df["pagu_murni"] if "pagu_murni" in columns else df["pagu"]
    revised = pd.Series(pd.NA, index=df.index, dtype="Int64")
    unit_year = [df["kode_opd"], df["tahun"]]
    for stage in reversed(stages):  # the later stage overrides the earlier one
        in_year = df[stage].notna().groupby(unit_year).transform("any")
        for line in df.loc[in_year & df[stage].isna(), LINE]:
            problems.append(_blank_stage(filename, int(line), stage))
        revised = revised.mask(in_year, df[stage])
    if "pagu_murni" in columns and "pagu" in columns:
        problems += _pagu_differs(df, revised.fillna(original), filename)
    murni = df[original.notna()].assign(
        pagu=original[original.notna()],
        versi_anggaran=MURNI,
        # Spending belongs to the budget in force: the revised one where it exists.
        realisasi=df["realisasi"].where(revised.isna())[original.notna()],
    )
    perubahan = df[revised.notna()].assign(pagu=revised[revised.notna()], versi_anggaran=PERUBAHAN)
    return pd.concat([murni, perubahan], ignore_index=True), problems


def _blank_versions(df: pd.DataFrame, columns: set[str], filename: str) -> list[Problem]:
    """A row with no budget in any version column: one error at its line."""
    names = [c for c in VERSIONS if c in columns]
    if "pagu" in columns:
        return []
    empty = df[names].isna().all(axis=1)
    return [
        error(
            filename,
            int(line),
            names[0],
            f"kosong; isi paling tidak satu pagu ({', '.join(names)})",
            Code.REQUIRED,
        )
        for line in df.loc[empty, LINE]
    ]


def _blank_stage(filename: str, line: int, stage: str) -> Problem:
    return error(
        filename,
        line,
        stage,
        f"kosong, padahal baris lain OPD ini di tahun yang sama punya {stage}; isi "
        f"{stage} (sama dengan pagu murni bila tidak berubah, 0 bila dihapus)",
        Code.REQUIRED,
    )


def _pagu_differs(df: pd.DataFrame, in_force: pd.Series, filename: str) -> list[Problem]:
    """``pagu`` beside ``pagu_murni``: it must be the budget in force, or it is ambiguous."""
    differs = df["pagu"].notna() & in_force.notna() & (df["pagu"] != in_force)
    return [
        error(
            filename,
            int(line),
            "pagu",
            f"pagu {rupiah(int(pagu))} tidak sama dengan pagu yang berlaku menurut kolom "
            f"pagu murni/perubahan ({rupiah(int(force))}); Terbuka tidak bisa memilih. "
            "Samakan, atau hapus kolom pagu",
            Code.CHOICE,
        )
        for pagu, force, line in zip(
            df.loc[differs, "pagu"], in_force[differs], df.loc[differs, LINE], strict=True
        )
    ]


def split_accounts(
    df: pd.DataFrame, columns: set[str], filename: str
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Account rows -> (sub kegiatan rows, the ``belanja`` rows, problems)."""
    if "kode_rekening" not in columns:
        return df, df.iloc[0:0], []
    has_account = df["kode_rekening"] != ""
    account_rows = df[has_account]
    headings = df[~has_account]
    sums = account_rows.groupby(SUB_ACTIVITY, sort=False)[["pagu", "realisasi"]].sum(min_count=1)
    problems: list[Problem] = []
    left_out: list[int] = []
    keep = []
    for i, row in headings.iterrows():
        key = tuple(row[c] for c in SUB_ACTIVITY)
        if key not in sums.index:
            keep.append(i)  # a sub kegiatan without accounts counts as it is
            continue
        total = sums.loc[key]
        if _same(row["pagu"], total["pagu"]) and _same(row["realisasi"], total["realisasi"]):
            left_out.append(int(row[LINE]))
        else:
            problems.append(
                error(
                    filename,
                    int(row[LINE]),
                    "kode_rekening",
                    "baris tanpa kode rekening di sub kegiatan yang punya baris rekening, dan "
                    "pagu atau realisasinya tidak sama dengan jumlah rekeningnya; isi kode "
                    "rekeningnya, atau hapus baris ini bila ia baris jumlah",
                    Code.REQUIRED,
                )
            )
    if left_out:
        shown = ", ".join(str(n) for n in left_out[:LISTED])
        more = f" dan {len(left_out) - LISTED} lainnya" if len(left_out) > LISTED else ""
        problems.append(
            warning(
                filename,
                left_out[0],
                None,
                f"{len(left_out)} baris tanpa kode rekening yang jumlahnya sama dengan rekening "
                f"di bawahnya tidak dihitung agar tidak terhitung dua kali: baris {shown}{more}",
                Code.TOTAL_ROW,
            )
        )
    belanja = accounts.classify(account_rows)
    problems += accounts.unknown_problems(belanja, filename)
    activities = pd.concat([_sum_accounts(account_rows), df.loc[keep]], ignore_index=True)
    return activities.sort_values(LINE, kind="stable").reset_index(drop=True), belanja, problems


def _same(a: object, b: object) -> bool:
    if pd.isna(a) or pd.isna(b):  # type: ignore[call-overload]
        return bool(pd.isna(a) and pd.isna(b))  # type: ignore[call-overload]
    return int(a) == int(b)  # type: ignore[call-overload]


def _joined(values: pd.Series) -> str:
    return ", ".join(dict.fromkeys(v for v in values if v))


def _sum_accounts(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per sub kegiatan: money summed exactly (in sen), the rest from its first row."""
    grouped = rows.groupby(SUB_ACTIVITY, sort=False)
    first = grouped.first()
    out = first.assign(
        pagu=grouped["pagu"].sum(min_count=1).astype("Int64"),
        realisasi=grouped["realisasi"].sum(min_count=1).astype("Int64"),
        sumber_dana=grouped["sumber_dana"].agg(_joined),
        lokasi=grouped["lokasi"].agg(_joined),
        **{LINE: grouped[LINE].min()},
    )
    return out.reset_index()


ACTIVITY_KEY = ["tahun", "kode_opd", "kode_kegiatan", "kode_sub_kegiatan"]


def join_realisation(
    activities: pd.DataFrame, quarterly: pd.DataFrame, filename: str, other: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Spending from the realisation file, when the budget file has none.

    Each sub kegiatan of the budget in force (perubahan where a unit's year
    has it) takes the cumulative figure of the latest quarter reported for it;
    one that has none is an error at its line. Rows of the realisation file
    that match no activity are reported by its reference check.
    """
    latest = (
        quarterly.dropna(subset=["tahun", "triwulan"])
        .sort_values(["triwulan", LINE], kind="stable")
        .groupby(ACTIVITY_KEY, sort=False)
        .last()
    )
    revised = activities["versi_anggaran"] == PERUBAHAN
    unit_year = [activities["kode_opd"], activities["tahun"]]
    in_force = revised | ~revised.groupby(unit_year).transform("any")
    keys = list(zip(*(activities[c] for c in ACTIVITY_KEY), strict=True))
    found = [k in latest.index for k in keys]
    spent = [latest.loc[k, "realisasi"] if f else pd.NA for k, f in zip(keys, found, strict=True)]
    progress = [latest.loc[k, "fisik"] if f else pd.NA for k, f in zip(keys, found, strict=True)]
    index = activities.index
    joined = activities.assign(
        realisasi=pd.Series(spent, index=index, dtype="Int64").where(in_force),
        fisik=activities["fisik"].fillna(pd.Series(progress, index=index, dtype="Float64")),
    )
    problems = [
        error(
            filename,
            int(line),
            "realisasi",
            f"tidak ada realisasi untuk sub kegiatan ini di {other} (tahun {key[0]}, "
            f"OPD {key[1]}, kegiatan {key[2]}, sub kegiatan {key[3] or '(kosong)'}); "
            "tambahkan barisnya, dengan 0 bila belum ada belanja",
            Code.MISSING_REFERENCE,
        )
        for key, ok, use, line in zip(keys, found, in_force, activities[LINE], strict=True)
        if use and not ok
    ]
    return joined, problems


def slugify(name: str) -> str:
    """``Dinas Komunikasi & Informatika`` -> ``dinas-komunikasi-informatika``."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:72].rstrip("-") or "opd"


def kind_of(name: str) -> str:
    first = name.split()[0].lower().strip(".,") if name.split() else ""
    return KINDS.get(first, "Lainnya")


def derive_units(df: pd.DataFrame, filename: str) -> tuple[pd.DataFrame, list[Problem]]:
    """opd.csv from the units (Sub SKPD) and their parents (SKPD induk) named in the export."""
    found: dict[str, tuple[str, str, int]] = {}  # code -> (name, parent, line)
    parents: dict[str, tuple[str, int]] = {}
    for code, name, parent, parent_name, line in df[
        ["kode_opd", "nama_opd", "kode_induk", "nama_induk", LINE]
    ].itertuples(index=False):
        if code and code not in found and name:
            found[code] = (name, parent if parent and parent != code else "", int(line))
        if parent and parent != code and parent not in parents and parent_name:
            parents[parent] = (parent_name, int(line))
    for code, (name, line) in parents.items():
        if code not in found:
            found[code] = (name, "", line)
    problems = [
        error(
            filename, int(line), "nama_opd", f"kosong; nama OPD {code} wajib diisi", Code.REQUIRED
        )
        for code, line in _first_lines(df, "kode_opd").items()
        if code not in found
    ]
    # A parent named nowhere: its first row is where to write the name.
    unnamed = {p for _, (_, p, _) in found.items() if p and p not in found}
    problems += [
        error(
            filename,
            line,
            "nama_induk",
            f"kosong; nama SKPD induk {code} wajib diisi (tidak ada di baris mana pun)",
            Code.REQUIRED,
        )
        for code, line in _first_lines(df, "kode_induk").items()
        if code in unnamed
    ]
    found = {c: (n, "" if p in unnamed else p, li) for c, (n, p, li) in found.items()}
    slugs: set[str] = set()
    rows, lines = [], []
    for code, (name, parent, line) in found.items():
        slug = base = slugify(name)
        n = 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        rows.append([code, slug, name, kind_of(name), parent])
        lines.append(line)
    raw = RawTable(
        filename, ["kode_opd", "slug", "nama_opd", "jenis", "kode_induk"], rows, lines, "", ""
    )
    table, typed = type_table(raw, load_schema("opd"))
    return table, problems + typed


def _first_lines(df: pd.DataFrame, column: str) -> dict[str, int]:
    first = df.groupby(column, sort=False)[LINE].min()
    return {str(k): int(v) for k, v in first.items() if k}


def derive_programs(df: pd.DataFrame, filename: str) -> tuple[pd.DataFrame, list[Problem]]:
    """program.csv from the program codes and names in the export."""
    key = ["tahun", "kode_opd", "kode_program"]
    firsts = df.drop_duplicates(key).sort_values(LINE, kind="stable")
    problems = [
        error(
            filename,
            int(line),
            "nama_program",
            f"kosong; nama program {code} wajib diisi",
            Code.REQUIRED,
        )
        for code, name, line in firsts[["kode_program", "nama_program", LINE]].itertuples(
            index=False
        )
        if not name
    ]
    rows = [
        [str(int(y)) if pd.notna(y) else "", u, c, n]
        for y, u, c, n in firsts[[*key, "nama_program"]].itertuples(index=False)
    ]
    raw = RawTable(filename, [*key, "nama_program"], rows, [int(v) for v in firsts[LINE]], "", "")
    table, typed = type_table(raw, load_schema("program"))
    return table, problems + typed


def derived_warning(name: str, table: pd.DataFrame, source: str) -> Problem:
    """The report's account of a derived table: how many, and each one named."""
    if name == "opd":
        items = [
            f"{c} {n} (/{URLS.unit(s)}, {j})"
            for c, n, s, j in table[["kode_opd", "nama_opd", "slug", "jenis"]].itertuples(
                index=False
            )
        ]
        what = f"{len(table)} OPD"
    else:
        items = [
            f"{int(y)} {u} {c} {n}"
            for y, u, c, n in table[
                ["tahun", "kode_opd", "kode_program", "nama_program"]
            ].itertuples(index=False)
        ]
        what = f"{len(table)} program"
    shown = "; ".join(items[:LISTED]) + (
        f"; dan {len(items) - LISTED} lainnya" if len(items) > LISTED else ""
    )
    return warning(
        f"{name}.csv",
        None,
        None,
        f"{name}.csv tidak ada: {what} diturunkan dari nama di {source}: {shown}. Jalankan "
        f"'make check-data' untuk mendapat saran {name}.csv di folder saran/, periksa"
        f"{COMPLETE.get(name, '')}, lalu salin ke folder data agar alamat halaman tetap",
        Code.DERIVED,
    )
