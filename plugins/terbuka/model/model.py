"""The city's figures as typed tables, with the aggregations every page needs.

Money is an exact integer number of sen throughout; sums are integer sums.
Physical progress of a group is the mean of its activities' progress weighted
by their budgets (activities without a progress figure are left out of both
sides). Where a year has a revised budget (``perubahan``) for a unit, those
rows are the unit's current figures for that year; otherwise ``murni``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any, cast

import pandas as pd

from terbuka.checks.accounts import ClassTotal, by_class
from terbuka.core.constants import ACTIVITY, LINE, MURNI, PERUBAHAN, PROGRAM, TABLES, UNIT_YEAR
from terbuka.inputs.boundaries import Boundaries
from terbuka.inputs.framework import Framework
from terbuka.inputs.report import zeros
from terbuka.model import spbe
from terbuka.model.frames import rows


@dataclass(frozen=True)
class Totals:
    """Figures of any group of activities: a unit, a program, the city."""

    budget: int  # sen
    spent: int | None  # sen; None where no row reports spending (a budget-only report)
    progress: float | None  # % weighted by budget
    programs: int  # spending outside programs (program 00) is not a program
    activities: int  # distinct kegiatan
    rows: int  # rows of kegiatan.csv (sub kegiatan where the export has them)
    sub_activities: int = 0  # rows with a sub kegiatan code (none under Permendagri 13/2006)

    @property
    def spent_pct(self) -> Decimal | None:
        return spent_pct(self.budget, self.spent)


COUNTING_RULE = (
    "Cara menghitung: program dan kegiatan dihitung per perangkat daerah (kode yang sama di dua "
    "perangkat daerah dihitung dua kali), sub kegiatan per baris data pada versi anggaran yang "
    "berlaku; angka seluruh kota adalah jumlah angka perangkat daerahnya."
)
QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def outside_programs(kode_program: str) -> bool:
    """Program ``00`` (``1.15.00``): a unit's spending outside any program, as
    Permendagri 13/2006 reports write Belanja Tidak Langsung. It counts in the
    unit's total and is never counted as a program."""
    return zeros(kode_program.rsplit(".", 1)[-1])


def spent_pct(budget: int, spent: int | None) -> Decimal | None:
    """Share of the budget spent, in %, exact (None without a budget or spending)."""
    if not budget or spent is None:
        return None
    return Decimal(spent) * 100 / Decimal(budget)


def current_version(activities: pd.DataFrame) -> pd.DataFrame:
    """The rows that count for each unit and year: perubahan where it exists."""
    revised = activities["versi_anggaran"] == PERUBAHAN
    has_revision = revised.groupby([activities[c] for c in UNIT_YEAR]).transform("any")
    return activities[revised | ~has_revision].reset_index(drop=True)


def with_progress_weights(frame: pd.DataFrame) -> pd.DataFrame:
    """``weighted`` (progress x budget) and ``weighted_budget`` (budget where a
    progress figure exists): their sums divide into the budget-weighted progress."""
    return frame.assign(
        weighted=frame["fisik"] * frame["pagu"].astype("Float64"),
        weighted_budget=frame["pagu"].where(frame["fisik"].notna()),
    )


def by_unit_year(frame: pd.DataFrame) -> dict[tuple[str, int], pd.DataFrame]:
    """The rows of each (unit, year), grouped once."""
    grouped = frame.groupby(UNIT_YEAR, sort=False)
    return {(str(k[0]), int(k[1])): group for k, group in ((cast(tuple, k), g) for k, g in grouped)}


def by_year(frame: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """The rows of each year, grouped once."""
    return {int(cast(int, y)): group for y, group in frame.groupby("tahun", sort=False)}


def summarise(activities: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Totals per group, one row per group, columns as in ``Totals``."""
    # One counting rule everywhere (COUNTING_RULE): a program or kegiatan is
    # counted once per unit, so the city's counts are the sum of its units'.
    program = activities["kode_opd"] + "|" + activities["kode_program"]
    inside = ~activities["kode_program"].map(outside_programs).astype(bool)
    frame = with_progress_weights(activities).assign(
        spent=activities["realisasi"],
        program=program.where(inside),
        activity=program + "|" + activities["kode_kegiatan"],
        sub=activities["kode_sub_kegiatan"].fillna("") != "",
    )
    grouped = frame.groupby(by, sort=True)
    return pd.DataFrame(
        {
            "budget": grouped["pagu"].sum(),
            "spent": grouped["spent"].sum(min_count=1),  # NA: no spending reported
            "weighted": grouped["weighted"].sum(),
            "weighted_budget": grouped["weighted_budget"].sum(),
            "programs": grouped["program"].nunique(),
            "activities": grouped["activity"].nunique(),
            "rows": grouped.size(),
            "sub_activities": grouped["sub"].sum(),
        }
    )


NO_TOTALS = Totals(0, 0, None, 0, 0, 0)
GROUP_COLUMNS = ("sumber_dana", "lokasi")  # the breakdowns of group_totals


def _groups(
    rows: pd.DataFrame, column: str, by: list[str]
) -> dict[tuple, list[tuple[str, Totals]]]:
    """Totals per value of ``column`` (a blank one named UNNAMED) within each
    group of ``by``, by the one rule of ``summarise``."""
    values = rows[column]
    named = rows.assign(**{column: values.where(values != "", UNNAMED)})
    found: dict[tuple, list[tuple[str, Totals]]] = {}
    for key, row in summarise(named, [*by, column]).iterrows():
        parts = key if isinstance(key, tuple) else (key,)
        found.setdefault(tuple(parts[:-1]), []).append((str(parts[-1]), to_totals(row)))
    return found


def _largest_first(groups: list[tuple[str, Totals]]) -> list[tuple[str, Totals]]:
    return sorted(groups, key=lambda r: (-r[1].budget, r[0]))


def to_totals(row: pd.Series | None) -> Totals:
    if row is None:
        return NO_TOTALS
    weighted_budget = int(row["weighted_budget"])
    progress = float(row["weighted"]) / weighted_budget if weighted_budget else None
    return Totals(
        budget=int(row["budget"]),
        spent=int(row["spent"]) if pd.notna(row["spent"]) else None,
        progress=progress,
        programs=int(row["programs"]),
        activities=int(row["activities"]),
        rows=int(row["rows"]),
        sub_activities=int(row["sub_activities"]),
    )


def totals_by_key(summary: pd.DataFrame) -> dict[Any, Totals]:
    """Every row of a ``summarise`` result as ``Totals``, by its index key: one
    pass, where a ``.loc`` lookup per page cost a millisecond each."""
    return {key: to_totals(row) for key, row in summary.iterrows()}


# A unit-year with more sub kegiatan than this shows kegiatan only on its unit page
# and each sub kegiatan on its program's page: about 85 KB of table, so that no page
# passes 250 KB (a large Dinas has 2,000 rows a year).
UNIT_PAGE_ROWS = 300
# A program with more sub kegiatan than this lists them on pages of this many
# rows (about 500 bytes each): the program's address, then <program>/2/, ...
PROGRAM_PAGE_ROWS = 200


def program_part(position: int) -> int:
    """The page (1, 2, ...) of a program that lists its sub kegiatan number
    ``position`` (0-based, in page order: kegiatan as first met, then rows in
    file order)."""
    return position // PROGRAM_PAGE_ROWS + 1


UNNAMED = "(tidak disebut)"  # a row without a sumber dana or lokasi, as breakdowns name it

# The columns of opd.csv that a unit's profile shows as they are.
PROFILE: tuple[str, ...] = ("kode_opd", "slug", "nama_opd", "singkatan", "jenis", "kode_induk")
PROFILE += ("alamat", "telepon", "email", "situs_web", "nama_lain")

# The reports each unit is expected to send, as the data-quality page names them.
REPORTED = (
    ("kegiatan", "kegiatan dan anggaran"),
    ("realisasi", "realisasi per triwulan"),
    ("indikator", "indikator kinerja"),
)


@dataclass(frozen=True)
class UnitRef:
    """Enough of a unit to link to it."""

    kode_opd: str
    slug: str
    nama_opd: str
    label: str


@dataclass(frozen=True)
class Unit:
    """One unit as every page shows it: its profile, years, family and SPBE duties."""

    kode_opd: str
    slug: str
    nama_opd: str
    singkatan: str
    jenis: str
    kode_induk: str
    alamat: str
    telepon: str
    email: str
    situs_web: str
    nama_lain: str
    years: tuple[int, ...]
    parent: UnitRef | None
    children: tuple[UnitRef, ...]
    spbe: spbe.UnitIndicators | None

    @property
    def label(self) -> str:
        """The short name: the abbreviation where there is one."""
        return self.singkatan or self.nama_opd

    @property
    def kind(self) -> str:
        return self.jenis or "Lainnya"

    @property
    def ref(self) -> UnitRef:
        return UnitRef(self.kode_opd, self.slug, self.nama_opd, self.label)


@dataclass
class CityModel:
    """Everything the pages read, computed once."""

    units: pd.DataFrame  # opd.csv, in file order
    programs: pd.DataFrame
    activities: pd.DataFrame  # every version
    quarterly: pd.DataFrame
    indicators: pd.DataFrame
    spbe_levels: pd.DataFrame
    spbe_index: pd.DataFrame
    frameworks: dict[str, Framework]
    accounts: pd.DataFrame  # belanja: account rows of every version (may be empty)
    sources: dict[str, str] = field(default_factory=dict)  # table -> file read (kegiatan.xlsx)
    boundaries: Boundaries | None = None  # data/wilayah.geojson, for the map of places
    # data/sinonim.csv: everyday word -> the official names search also looks for
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    # (unit, year) -> where its per-unit report disagrees with itself, one line
    # each ("3402_1.csv baris 21: 'BELANJA' tertulis ..."), for its page
    source_notes: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    @cached_property
    def spbe_years(self) -> dict[int, spbe.YearResult]:
        return spbe.evaluate(self.spbe_levels, self.spbe_index, self.frameworks)

    @cached_property
    def current(self) -> pd.DataFrame:
        """Activities of the current budget version, in file order."""
        return current_version(self.activities).sort_values(LINE, kind="stable")

    @cached_property
    def current_accounts(self) -> pd.DataFrame:
        """Account rows (belanja) of the current budget version, in file order."""
        if self.accounts.empty:
            return self.accounts
        return current_version(self.accounts).sort_values(LINE, kind="stable")

    @cached_property
    def regulation_years(self) -> dict[str, list[int]]:
        """The years of account rows under each chart of accounts (13/2006, 90/2019)."""
        rows = self.current_accounts
        if rows.empty:
            return {}
        grouped = rows.dropna(subset=["tahun"]).groupby("peraturan_rekening")["tahun"]
        return {str(k): sorted({int(y) for y in v}) for k, v in grouped}

    @cached_property
    def accounts_by_unit_year(self) -> dict[tuple[str, int], pd.DataFrame]:
        return by_unit_year(self.current_accounts)

    def spending_by_class(
        self, year: int, kode_opd: str | None = None, kode_program: str | None = None
    ) -> list[ClassTotal]:
        """Budget and spending per jenis belanja of the city, a unit or a program."""
        if kode_opd is None:
            rows = self.current_accounts
            rows = rows[rows["tahun"] == year]
        else:
            rows = self.accounts_by_unit_year.get((kode_opd, year), self.accounts.iloc[0:0])
        if kode_program is not None:
            rows = rows[rows["kode_program"] == kode_program]
        return by_class(rows)

    def named_places(self, year: int) -> list[tuple[str, Totals]]:
        """The places rows of a year name (not "not named"): each has its own page."""
        return [(name, t) for name, t in self.group_totals("lokasi", year) if name != UNNAMED]

    def group_totals(
        self, column: str, year: int, kode_opd: str | None = None
    ) -> list[tuple[str, Totals]]:
        """Totals per ``sumber_dana`` or ``lokasi`` of the city or a unit in a year, largest
        budget first, by the one rule of ``summarise``. A row naming several ("DAU, PAD")
        is its own group: how much each part had is not in the export, and is never split
        by guess."""
        if kode_opd is not None:  # every unit-year's, summarised at once
            return list(self._unit_groups[column].get((kode_opd, year), []))
        rows = self._current_by_year.get(year, self.current.iloc[0:0])
        return _largest_first(_groups(rows, column, []).get((), []))

    @cached_property
    def _unit_groups(self) -> dict[str, dict[tuple[str, int], list[tuple[str, Totals]]]]:
        """``group_totals`` of every unit-year, per breakdown column."""
        found = {}
        for column in GROUP_COLUMNS:
            groups = _groups(self.current, column, UNIT_YEAR)
            found[column] = {(str(k[0]), int(k[1])): _largest_first(v) for k, v in groups.items()}
        return found

    def by_group(
        self, column: str, year: int, kode_opd: str | None = None
    ) -> list[tuple[str, int, int | None]]:
        """(value, budget, spent) per group, for a chart (see ``group_totals``)."""
        return [(n, t.budget, t.spent) for n, t in self.group_totals(column, year, kode_opd)]

    @cached_property
    def years(self) -> list[int]:
        found = set(self.programs["tahun"].dropna()) | set(self.current["tahun"].dropna())
        return sorted(int(y) for y in found)

    @property
    def latest_year(self) -> int | None:
        return self.years[-1] if self.years else None

    @cached_property
    def city_by_year(self) -> pd.DataFrame:
        return summarise(self.current, ["tahun"])

    @cached_property
    def by_unit_year(self) -> pd.DataFrame:
        return summarise(self.current, UNIT_YEAR)

    @cached_property
    def by_program(self) -> pd.DataFrame:
        return summarise(self.current, PROGRAM)

    @cached_property
    def by_activity(self) -> pd.DataFrame:
        return summarise(self.current, ACTIVITY)

    @cached_property
    def _program_totals(self) -> dict[Any, Totals]:
        return totals_by_key(self.by_program)

    @cached_property
    def _activity_totals(self) -> dict[Any, Totals]:
        return totals_by_key(self.by_activity)

    def city_totals(self, year: int) -> Totals:
        return to_totals(_row(self.city_by_year, year))

    def unit_totals(self, kode_opd: str, year: int) -> Totals:
        return to_totals(_row(self.by_unit_year, (kode_opd, year)))

    def program_totals(self, year: int, kode_opd: str, kode_program: str) -> Totals:
        return self._program_totals.get((year, kode_opd, kode_program), NO_TOTALS)

    def activity_totals(
        self, year: int, kode_opd: str, kode_program: str, kode_kegiatan: str
    ) -> Totals:
        key = (year, kode_opd, kode_program, kode_kegiatan)
        return self._activity_totals.get(key, NO_TOTALS)

    @cached_property
    def unit_years(self) -> dict[str, list[int]]:
        """The years in which each unit has programs or activities."""
        pairs = pd.concat([self.programs[UNIT_YEAR], self.current[UNIT_YEAR]]).drop_duplicates()
        years: dict[str, list[int]] = {}
        for unit, year in sorted(rows(pairs), key=lambda p: (p[0], p[1])):
            years.setdefault(unit, []).append(int(year))
        return years

    @cached_property
    def unit_directory(self) -> dict[str, Unit]:
        """Every unit by code, in the order of opd.csv."""
        rows = self.units.to_dict("records")
        refs = {
            r["kode_opd"]: UnitRef(
                r["kode_opd"], r["slug"], r["nama_opd"], r["singkatan"] or r["nama_opd"]
            )
            for r in rows
        }
        children: dict[str, list[UnitRef]] = {}
        for r in rows:
            if r["kode_induk"] in refs:
                children.setdefault(r["kode_induk"], []).append(refs[r["kode_opd"]])
        fields = PROFILE
        return {
            r["kode_opd"]: Unit(
                **{f: str(r[f]) for f in fields},
                years=tuple(self.unit_years.get(r["kode_opd"], [])),
                parent=refs.get(r["kode_induk"]),
                children=tuple(children.get(r["kode_opd"], [])),
                spbe=spbe.unit_indicators(self.spbe_years, r["kode_opd"]),
            )
            for r in rows
        }

    @cached_property
    def spbe_targets(self) -> dict[int, dict]:
        """The city's own SPBE index targets, by year (from indikator.csv)."""
        return spbe.targets(self.indicators)

    @cached_property
    def revisions(self) -> list[dict]:
        """Years with a revised budget: the city's total before and after."""
        activities = self.activities
        out = []
        for year in sorted(
            activities.loc[activities["versi_anggaran"] == PERUBAHAN, "tahun"].unique()
        ):
            rows = activities[activities["tahun"] == year]
            murni = int(rows.loc[rows["versi_anggaran"] == MURNI, "pagu"].sum())
            revised = self.city_totals(int(year)).budget
            out.append(
                {"year": int(year), "murni": murni, "perubahan": revised, "change": revised - murni}
            )
        return out

    @cached_property
    def reporting_status(self) -> list[dict[str, Any]]:
        """For the latest year: which units have sent activities, quarterly
        realisation and indicators (one dict per unit, with a flag per kind)."""
        year = self.latest_year
        if year is None:
            return []

        def sent(frame: pd.DataFrame) -> set[str]:
            return set(frame.loc[frame["tahun"] == year, "kode_opd"]) if len(frame) else set()

        found = {kind: sent(getattr(self, TABLES[kind])) for kind, _ in REPORTED}
        found["kegiatan"] = sent(self.current)
        return [
            {"unit": u, **{kind: code in found[kind] for kind, _ in REPORTED}}
            for code, u in self.unit_directory.items()
        ]

    @cached_property
    def reporting_summary(self) -> list[dict[str, Any]]:
        """Per kind of report: how many units sent it, and which did not."""
        status = self.reporting_status
        return [
            {
                "word": word,
                "sent": sum(1 for s in status if s[kind]),
                "missing": [s["unit"] for s in status if not s[kind]],
            }
            for kind, word in REPORTED
        ]

    def unit_of_rows(self) -> dict[tuple[str, int], str]:
        """(file, line) -> the code of the unit that row belongs to."""
        lookup: dict[tuple[str, int], str] = {}
        for name, field_name in TABLES.items():
            frame = getattr(self, field_name)
            if len(frame) and "kode_opd" in frame:
                for code, line in zip(frame["kode_opd"], frame[LINE], strict=True):
                    lookup[(self.sources.get(name, f"{name}.csv"), int(line))] = code
        return lookup

    @cached_property
    def summarised_unit_years(self) -> frozenset[tuple[str, int]]:
        """(unit, year) whose unit page lists kegiatan only (``UNIT_PAGE_ROWS``)."""
        counts = self.current.groupby(UNIT_YEAR).size()
        large = counts[counts > UNIT_PAGE_ROWS].index
        return frozenset((str(unit), int(year)) for unit, year in large)

    @cached_property
    def program_row_parts(self) -> dict[tuple[str, int, str, str], int]:
        """(unit, year, program, sub kegiatan) -> the page of its program that
        lists it (its first row), for programs with more than PROGRAM_PAGE_ROWS."""
        program = ["kode_opd", "tahun", "kode_program"]
        current = self.current
        first_met = current.groupby([*program, "kode_kegiatan"], sort=False).ngroup()
        rows = current.assign(_urutan=first_met)
        rows = rows[(rows["kode_sub_kegiatan"] != "") & rows["tahun"].notna()]
        rows = rows.sort_values(["_urutan", LINE], kind="stable")
        position = rows.groupby(program, sort=False).cumcount()
        size = rows.groupby(program, sort=False)["kode_opd"].transform("size")
        large = rows[size > PROGRAM_PAGE_ROWS].assign(_posisi=position[size > PROGRAM_PAGE_ROWS])
        parts: dict[tuple[str, int, str, str], int] = {}
        columns = [*program, "kode_sub_kegiatan", "_posisi"]
        for unit, year, code, sub, at in large[columns].itertuples(index=False):
            parts.setdefault((unit, int(year), code, sub), program_part(int(at)))
        return parts

    def row_places(self) -> dict[tuple[str, int], tuple[str, int, str, str]]:
        """(file, line) -> (unit code, year, kind, code) of an activity or quarterly row:
        where on its unit's page the row is shown (kind ``s``/``k``, see URLS.anchor); on
        a summarised unit page, its kegiatan."""
        places: dict[tuple[str, int], tuple[str, int, str, str]] = {}
        for name in ("kegiatan", "realisasi"):
            frame = getattr(self, TABLES[name])
            source = self.sources.get(name, f"{name}.csv")
            columns = ["kode_opd", "tahun", "kode_kegiatan", "kode_sub_kegiatan", LINE]
            for unit, year, activity, sub, line in frame[columns].itertuples(index=False):
                if pd.isna(year):
                    continue
                shown = sub and (unit, int(year)) not in self.summarised_unit_years
                kind, code = ("s", sub) if shown else ("k", activity)
                places[(source, int(line))] = (unit, int(year), kind, code)
        return places

    @cached_property
    def programs_by_unit_year(self) -> dict[tuple[str, int], pd.DataFrame]:
        return by_unit_year(self.programs)

    @cached_property
    def _current_by_year(self) -> dict[int, pd.DataFrame]:
        return by_year(self.current)

    @cached_property
    def _versions_by_year(self) -> dict[int, pd.DataFrame]:
        return by_year(self.activities)

    @cached_property
    def _versions_by_unit_year(self) -> dict[tuple[str, int], pd.DataFrame]:
        return by_unit_year(self.activities)

    def _all_versions(
        self, year: int, kode_opd: str | None, kode_program: str | None
    ) -> pd.DataFrame:
        """Rows of every budget version of a year: the city's, a unit's or a program's."""
        empty = self.activities.iloc[0:0]
        if kode_opd is None:
            rows = self._versions_by_year.get(year, empty)
        else:
            rows = self._versions_by_unit_year.get((kode_opd, year), empty)
        if kode_program is not None and kode_opd is not None:
            return self._versions_by_program.get((kode_opd, year, kode_program), empty)
        if kode_program is not None:
            rows = rows[rows["kode_program"] == kode_program]
        return rows

    @cached_property
    def _versions_by_program(self) -> dict[tuple[str, int, str], pd.DataFrame]:
        """Rows of every budget version by unit, year and program: split once,
        not filtered again for each program page (400 filters a city)."""
        grouped = self.activities.groupby(["kode_opd", "tahun", "kode_program"], sort=False)
        return {
            (str(k[0]), int(k[1]), str(k[2])): rows
            for k, rows in ((cast(tuple, k), g) for k, g in grouped)
        }

    def budget_version(
        self, year: int, kode_opd: str | None = None, kode_program: str | None = None
    ) -> dict[str, Any]:
        """Which budget the figures of a year hold (the city, a unit or one of
        its programs), and the original budget they replaced, in sen."""
        units, versions, _, budgets = _version_columns(
            self._all_versions(year, kode_opd, kode_program), "kode_opd"
        )
        revised_units = {u for u, v in zip(units, versions, strict=True) if v == PERUBAHAN}
        if not revised_units:
            return {"label": "APBD murni", "murni": None}
        murni = sum(b for v, b in zip(versions, budgets, strict=True) if v == MURNI)
        if revised_units == set(units):
            return {"label": "APBD perubahan", "murni": murni}
        return {"label": "APBD perubahan bila ada, selain itu murni", "murni": murni}

    def revision(
        self, year: int, kode_opd: str | None = None, kode_program: str | None = None
    ) -> list[tuple[str, int, int]]:
        """(unit code, or program code within a unit, or kegiatan code within a program;
        murni; perubahan) in sen, for the units of a year that have a revised budget; a
        group added or removed in the revision has 0 on the other side."""
        key = "kode_opd" if kode_opd is None else "kode_program"
        key = key if kode_program is None else "kode_kegiatan"
        rows = self._all_versions(year, kode_opd, kode_program)
        units, versions, keys, budgets = _version_columns(rows, key)
        revised_units = {u for u, v in zip(units, versions, strict=True) if v == PERUBAHAN}
        # Summed in plain Python: a program's few rows, 400 times a city
        # (pandas' groupby and unstack took 2 ms a call).
        sums: dict[str, dict[str, int]] = {}
        for unit, version, group, budget in zip(units, versions, keys, budgets, strict=True):
            if unit in revised_units:
                by_version = sums.setdefault(str(group), {MURNI: 0, PERUBAHAN: 0})
                by_version[version] = by_version.get(version, 0) + budget
        return [(k, sums[k][MURNI], sums[k][PERUBAHAN]) for k in sorted(sums)]

    @cached_property
    def _last_quarters(self) -> dict[int, Any]:
        reported = self.quarterly.dropna(subset=["tahun", "triwulan"])
        last = reported.groupby("tahun")["triwulan"].max()
        return {int(cast(int, y)): q for y, q in last.items()}

    def realisation_period(self, year: int) -> str:
        """Up to when the year's spending is counted: the last quarter reported."""
        last = self._last_quarters.get(year)
        if last is None:
            return f"tahun {year}, sampai saat ekspor"
        return f"s.d. triwulan {QUARTERS.get(int(last), last)} {year}"

    @cached_property
    def quarterly_by_unit_year(self) -> dict[tuple[str, int], list[tuple[int, int, float | None]]]:
        """(unit, year) -> [(quarter, cumulative spent in sen, progress %)], progress
        weighted by the activities' current budgets."""
        if self.quarterly.empty:
            return {}
        keys = ["tahun", "kode_opd", "kode_kegiatan", "kode_sub_kegiatan"]
        budgets = self.current[[*keys, "pagu"]]
        frame = with_progress_weights(self.quarterly.merge(budgets, on=keys, how="left"))
        grouped = frame.groupby(["kode_opd", "tahun", "triwulan"]).agg(
            spent=("realisasi", "sum"),
            weighted=("weighted", "sum"),
            weighted_budget=("weighted_budget", "sum"),
        )
        out: dict[tuple[str, int], list[tuple[int, int, float | None]]] = {}
        for key, row in grouped.iterrows():
            unit, year, quarter = cast(tuple[str, int, int], key)
            wb = int(row["weighted_budget"])
            progress = float(row["weighted"]) / wb if wb else None
            out.setdefault((unit, int(year)), []).append(
                (int(quarter), int(row["spent"]), progress)
            )
        return out

    @cached_property
    def indicators_by_unit_year(self) -> dict[tuple[str, int], pd.DataFrame]:
        return by_unit_year(self.indicators)

    @cached_property
    def activities_by_unit_year(self) -> dict[tuple[str, int], pd.DataFrame]:
        return by_unit_year(self.current)


def achievement(target: Decimal | None, actual: Decimal | None, direction: str) -> Decimal | None:
    """Capaian in %: actual/target where higher is better, target/actual where lower is."""
    if target is None or actual is None:
        return None
    numerator, denominator = (actual, target) if direction != "turun" else (target, actual)
    if not denominator:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


def _version_columns(
    rows: pd.DataFrame, key: str
) -> tuple[list[str], list[str], list[str], list[int]]:
    """Unit, budget version, ``key`` and pagu (sen) of each row, as lists."""
    return (
        rows["kode_opd"].tolist(),
        rows["versi_anggaran"].tolist(),
        rows[key].tolist(),
        [int(b) for b in rows["pagu"].tolist()],
    )


def _row(frame: pd.DataFrame, key: Any) -> pd.Series | None:
    try:
        return cast(pd.Series, frame.loc[key])
    except KeyError:
        return None
