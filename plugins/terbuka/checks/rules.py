"""The contract's rules that a Table Schema cannot express.

Each function takes the typed tables and returns problems; ``fill_defaults``
completes values the contract derives from other columns (the SPBE framework
of a year) before keys are checked.
"""

from __future__ import annotations

from typing import cast

import pandas as pd

from terbuka.core.constants import LINE, MURNI, PERUBAHAN
from terbuka.core.formatting import percent, rupiah
from terbuka.core.problems import Code, Problem, error, warning
from terbuka.inputs.framework import default_framework


def fill_defaults(tables: dict[str, pd.DataFrame]) -> None:
    """An empty ``kerangka`` means the framework of the evaluation year."""
    for name in ("spbe", "spbe_indeks"):
        df = tables.get(name)
        if df is None or df.empty:
            continue
        empty = (df["kerangka"] == "") & df["tahun"].notna()
        df.loc[empty, "kerangka"] = [default_framework(int(y)) for y in df.loc[empty, "tahun"]]


def _code_starts_with(code: str, prefix: str) -> bool:
    """``prefix`` begins ``code``; an ``X`` in the prefix stands for any digit.

    Exports write the cross-cutting program as ``X.XX.01``.
    """
    if len(code) < len(prefix) or (len(code) > len(prefix) and code[len(prefix)] != "."):
        return False
    return all(p == c or (p in "Xx" and c.isdigit()) for p, c in zip(prefix, code, strict=False))


def kegiatan_rules(df: pd.DataFrame, unreadable: set[tuple[str, int]]) -> list[Problem]:
    file = "kegiatan.csv"
    problems: list[Problem] = []
    revised_years = set(df.loc[df["versi_anggaran"] == PERUBAHAN, "tahun"].dropna().astype(int))
    # A unit-year with no spending figure at all reports its budget only: no
    # error per row, and the site says that no spending has been reported.
    reported = (
        df["realisasi"]
        .notna()
        .groupby([df["tahun"], df["kode_opd"]], dropna=False)
        .transform("any")
        .astype(bool)
    ) | df["tahun"].isna()  # a row of no known year belongs to no unit-year
    rows = df.assign(_dilaporkan=reported)[
        [
            "tahun",
            "kode_opd",
            "kode_program",
            "kode_kegiatan",
            "kode_sub_kegiatan",
            "nama_sub_kegiatan",
            "pagu",
            "realisasi",
            "versi_anggaran",
            "_dilaporkan",
            LINE,
        ]
    ].itertuples(index=False)
    for row in rows:
        year, _unit, program, activity, sub, sub_name, budget, spent, version, has, line = row
        if sub and not sub_name:
            problems.append(
                error(
                    file,
                    line,
                    "nama_sub_kegiatan",
                    f"kosong; wajib diisi karena kode_sub_kegiatan '{sub}' diisi",
                    Code.REQUIRED,
                )
            )
        if program and activity and not _code_starts_with(activity, program):
            problems.append(
                warning(
                    file,
                    line,
                    "kode_kegiatan",
                    f"kode kegiatan '{activity}' tidak diawali kode program '{program}'",
                    Code.CODES_NOT_NESTED,
                )
            )
        if activity and sub and not _code_starts_with(sub, activity):
            problems.append(
                warning(
                    file,
                    line,
                    "kode_sub_kegiatan",
                    f"kode sub kegiatan '{sub}' tidak diawali kode kegiatan '{activity}'",
                    Code.CODES_NOT_NESTED,
                )
            )
        if spent is pd.NA:
            optional = not has or (
                version == MURNI and year is not pd.NA and int(year) in revised_years
            )
            if not optional and ("realisasi", line) not in unreadable:
                problems.append(
                    error(
                        file,
                        line,
                        "realisasi",
                        "kosong; realisasi wajib diisi (boleh kosong hanya di baris murni "
                        "pada tahun yang juga punya baris perubahan; tulis 0 bila belum ada "
                        "belanja)",
                        Code.REQUIRED,
                    )
                )
        elif budget is not pd.NA and spent > budget:
            problems.append(
                warning(
                    file,
                    line,
                    "realisasi",
                    f"realisasi {rupiah(spent)} melebihi pagu {rupiah(budget)}",
                    Code.SPENT_OVER_BUDGET,
                )
            )
    problems.extend(_units_missing_revision(df, revised_years))
    problems.extend(_budget_only(df, reported))
    return problems


def _budget_only(df: pd.DataFrame, reported: pd.Series) -> list[Problem]:
    """One warning naming the unit-years that report a budget and no spending."""
    silent = df[~reported & df["tahun"].notna()]
    if silent.empty:
        return []
    firsts = silent.groupby(["tahun", "kode_opd"], sort=True)[LINE].min()
    named = [f"{int(y)} {u}" for y, u in firsts.index]
    shown = ", ".join(named[:20]) + (f" dan {len(named) - 20} lainnya" if len(named) > 20 else "")
    return [
        warning(
            "kegiatan.csv",
            int(firsts.min()),
            "realisasi",
            f"{len(named)} OPD-tahun tanpa angka realisasi sama sekali ({shown}): situs "
            "menerbitkan pagunya saja dan menulis bahwa realisasinya belum dilaporkan (bukan "
            "nol)",
            Code.BUDGET_ONLY,
        )
    ]


def _units_missing_revision(df: pd.DataFrame, revised_years: set[int]) -> list[Problem]:
    """A unit with only ``murni`` rows in a year that has a revised budget."""
    problems = []
    in_revised = df[df["tahun"].isin(revised_years)]
    versions = in_revised.groupby(["tahun", "kode_opd"])["versi_anggaran"].agg(set)
    first_line = in_revised.groupby(["tahun", "kode_opd"])[LINE].min()
    for key, found in versions.items():
        year, unit = cast(tuple[int, str], key)
        if PERUBAHAN not in found:
            problems.append(
                warning(
                    "kegiatan.csv",
                    int(first_line[(year, unit)]),
                    "versi_anggaran",
                    f"OPD {unit} tidak punya baris perubahan di tahun {year}, padahal tahun itu "
                    "punya APBD perubahan; angka murni yang dipakai untuk OPD ini",
                    Code.REVISION_MISSING,
                )
            )
    return problems


def blank_sub_codes(df: pd.DataFrame, file: str, keys: list[str]) -> list[Problem]:
    """A row without ``kode_sub_kegiatan`` beside rows of the same kegiatan that have
    one: an error at its line, never a sub kegiatan with an empty code (a merged
    cell, a code left blank). A kegiatan whose rows all lack the code is a
    kegiatan-level export, as the contract allows. A row naming a sub kegiatan
    without its code is an error too."""
    if df.empty:
        return []
    blank = df["kode_sub_kegiatan"].fillna("") == ""
    if not blank.any():
        return []
    coded = df.loc[~blank, keys].drop_duplicates()
    beside = df.loc[blank, [*keys, LINE]].merge(coded, on=keys, how="inner")
    problems = [
        error(
            file,
            int(line),
            "kode_sub_kegiatan",
            f"kosong, padahal kegiatan '{activity}' punya sub kegiatan berkode di baris lain; "
            "isi kode sub kegiatannya (sel gabungan di Excel: batalkan gabungan dan isi "
            "setiap baris)",
            Code.REQUIRED,
        )
        for line, activity in zip(beside[LINE], beside["kode_kegiatan"], strict=True)
    ]
    if "nama_sub_kegiatan" in df.columns:
        named = df.loc[blank & (df["nama_sub_kegiatan"].fillna("") != ""), [*keys, LINE]]
        reported = set(beside[LINE])
        problems.extend(
            error(
                file,
                int(line),
                "kode_sub_kegiatan",
                "kosong; wajib diisi karena nama_sub_kegiatan diisi",
                Code.REQUIRED,
            )
            for line in named[LINE]
            if line not in reported
        )
    return sorted(problems, key=lambda p: p.line or 0)


def realisasi_rules(df: pd.DataFrame) -> list[Problem]:
    """Cumulative figures must not fall from one quarter to the next."""
    problems: list[Problem] = []
    keys = ["tahun", "kode_opd", "kode_kegiatan", "kode_sub_kegiatan"]
    ordered = df.dropna(subset=["tahun", "triwulan"]).sort_values([*keys, "triwulan"])
    for column, show in (("realisasi", rupiah), ("fisik", percent)):
        previous = ordered.groupby(keys, sort=False)[column].shift()
        previous_quarter = ordered.groupby(keys, sort=False)["triwulan"].shift()
        falling = ordered[column].notna() & previous.notna() & (ordered[column] < previous)
        for index in ordered.index[falling.fillna(False).to_numpy(dtype=bool)]:
            row = ordered.loc[index]
            problems.append(
                warning(
                    "realisasi.csv",
                    int(row[LINE]),
                    column,
                    f"angka kumulatif turun: triwulan {row['triwulan']} {show(row[column])}, "
                    f"triwulan {previous_quarter[index]} {show(previous[index])}",
                    Code.CUMULATIVE_FALLS,
                )
            )
    return problems
