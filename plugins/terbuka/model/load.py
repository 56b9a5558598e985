"""From a folder of exports to a validated model, or the list of what is wrong.

This is the whole front half of the data flow: read each file, type it
against its schema, fill derived defaults, check keys, references and the
contract's rules, and build the model only when no error remains.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from terbuka.checks import derive, reports, rules
from terbuka.checks.column_map import read_column_map
from terbuka.checks.validate import check_foreign_key, check_primary_key, type_table
from terbuka.core import cache
from terbuka.core.constants import LINE, TABLES
from terbuka.core.files import NotRegularFileError, read_regular, regular_file_problem
from terbuka.core.fingerprint import code_digest
from terbuka.core.problems import Code, Problem, Report, error, warning
from terbuka.core.schema import (
    COLUMN_MAP,
    FRAMEWORK_FILES,
    INPUT_FILES,
    REQUIRED_FILES,
    SUFFIXES,
    TableSchema,
    all_schemas,
    load_schema,
    reading_schema,
    report_file_name,
    source_names,
)
from terbuka.core.stages import stage
from terbuka.core.text import plain
from terbuka.inputs.boundaries import FILENAME as BOUNDARY_FILE
from terbuka.inputs.boundaries import WHOLE_AREA, place_key, read_boundaries
from terbuka.inputs.framework import Framework, load_frameworks
from terbuka.inputs.read import MAX_EXPORT_BYTES, RawTable, read_table
from terbuka.inputs.report import read_report
from terbuka.inputs.synonyms import read_synonyms
from terbuka.model import spbe
from terbuka.model.model import CityModel


@dataclass
class Loaded:
    report: Report
    model: CityModel | None  # None when the report has errors
    datadir: Path
    derived: dict[str, pd.DataFrame] = field(default_factory=dict)  # opd, program made here
    regions: tuple[str, ...] = ()  # the regions per-unit reports name (Daerah)


def _empty_table(schema: TableSchema) -> pd.DataFrame:
    raw = RawTable(schema.filename, [], [], [], "utf-8", ",")
    return type_table(raw, schema)[0]


@dataclass
class Sources:
    """Which file each table was read from, for messages and cell addresses."""

    raws: dict[str, RawTable] = field(default_factory=dict)  # table -> what was read
    missing: set[str] = field(default_factory=set)  # contract files not found
    derived: dict[str, pd.DataFrame] = field(default_factory=dict)
    regions: tuple[str, ...] = ()  # the regions per-unit reports name (Daerah)
    source_notes: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    def filename(self, name: str) -> str:
        raw = self.raws.get(name)
        return raw.filename if raw is not None else f"{name}.csv"


def _source_paths(datadir: Path, schema: TableSchema) -> list[Path]:
    """The files in data/ for this table: kegiatan.csv, kegiatan.xlsx, or neither."""
    return [
        datadir / n
        for n in source_names(schema.filename)
        if (datadir / n).is_symlink() or (datadir / n).exists()
    ]


KEPT_TABLES = 64  # files read, kept across builds (data/ and the releases)
Typed = tuple[pd.DataFrame, list[Problem]]


def _read_typed(
    path: Path, reading: TableSchema, cache_dir: Path | None
) -> tuple[RawTable | None, list[Problem], Typed | None]:
    """One file read and typed. Its cells and problems come from the cache when
    its bytes, its column map and this code are unchanged: after a fix to
    kegiatan.csv the other exports (a large workbook above all) are not read
    again. The cache holds JSON, never a pickle; typing and the checks across
    files run every time."""
    if cache_dir is None:
        return _read_and_type(path, reading)
    try:
        data = read_regular(path, MAX_EXPORT_BYTES)
    except (NotRegularFileError, OSError):
        return _read_and_type(path, reading)  # read_table says why
    # The bytes hashed are the bytes read: a file saved meanwhile cannot put
    # one version's reading under another version's key.
    content = hashlib.sha256(data).hexdigest()
    key = f"{content}|{path.name}|{reading.name}|{reading.mapped!r}|{code_digest()}"
    store = cache.CacheStore(cache_dir)
    name = f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.json"
    cached = store.get(cache.TABLES, name)
    found = _read_from_json(cached) if cached is not None else None
    if found is not None:
        raw, problems = found
    else:
        raw, problems = read_table(path, reading, data=data)
        store.put(cache.TABLES, name, _read_as_json(raw, problems))
        store.prune(cache.TABLES, KEPT_TABLES, {name})
    return raw, problems, type_table(raw, reading) if raw is not None else None


def _read_as_json(raw: RawTable | None, problems: list[Problem]) -> bytes:
    found = {
        "tabel": dataclasses.asdict(raw) if raw is not None else None,
        "masalah": [dataclasses.asdict(p) for p in problems],
    }
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _read_from_json(data: bytes) -> tuple[RawTable | None, list[Problem]] | None:
    """What ``_read_as_json`` wrote, or None when it is not (then read again)."""
    try:
        found = json.loads(data)
        raw = RawTable(**found["tabel"]) if found["tabel"] is not None else None
        problems = [Problem(**{**p, "code": Code(p["code"])}) for p in found["masalah"]]
    except (ValueError, TypeError, KeyError):
        return None
    return raw, problems


def _read_and_type(
    path: Path, reading: TableSchema
) -> tuple[RawTable | None, list[Problem], Typed | None]:
    raw, problems = read_table(path, reading)
    return raw, problems, type_table(raw, reading) if raw is not None else None


def read_all(
    datadir: Path, cache_dir: Path | None = None
) -> tuple[dict[str, pd.DataFrame], Report, Sources]:
    """Typed tables of every file present, and every problem found on the way."""
    report = Report()
    tables: dict[str, pd.DataFrame] = {}
    sources = Sources()
    column_map, problems = read_column_map(datadir)
    report.extend(problems)
    for schema in all_schemas():
        found = _source_paths(datadir, schema)
        if len(found) > 1:
            names = " dan ".join(p.name for p in found)
            message = f"ada {names}; simpan satu saja di folder data agar jelas mana yang terbit"
            report.extend([error(found[0].name, None, None, message, Code.TWO_FORMATS)])
            continue
        if not found:
            if schema.filename in REQUIRED_FILES:
                sources.missing.add(schema.name)
            report.extend(column_map.unused(schema.name, set(), None))
            continue
        path = found[0]
        refused = regular_file_problem(path, path.name)
        if refused is not None:
            report.extend([refused])
            continue
        reading = replace(reading_schema(schema.name), mapped=column_map.pairs(schema.name))
        raw, problems, typed = _read_typed(path, reading, cache_dir)
        report.extend(problems)
        if raw is None or typed is None:
            continue
        report.extend(column_map.unused(schema.name, set(raw.headers), raw.filename))
        sources.raws[schema.name] = raw
        if not raw.rows and not raw.unreadable and schema.filename in REQUIRED_FILES:
            message = "file hanya berisi baris judul, tanpa satu pun baris data"
            report.extend([error(raw.filename, None, None, message, Code.NO_ROWS)])
        table, problems = typed
        report.extend(problems)
        tables[schema.name] = table
    _add_reports(datadir, tables, sources, report, column_map.pairs("kegiatan"))
    _complete(tables, sources, report, datadir)
    return tables, report, sources


def _add_reports(
    datadir: Path,
    tables: dict[str, pd.DataFrame],
    sources: Sources,
    report: Report,
    mapped: tuple[tuple[str, str], ...],
) -> None:
    """Per-unit budget reports (Penjabaran, Perubahan, Realisasi APBD), found by
    their content whatever their names, become the activity table."""
    known = set(INPUT_FILES) | {f"{COLUMN_MAP}{s}" for s in SUFFIXES}
    found: list[reports.ReadReport] = []
    for path in data_files(datadir):
        if path.name in known or path.suffix.lower() not in SUFFIXES:
            continue
        if not report_file_name(path.name):
            message = (
                f"nama file '{path.name[:80]}' tidak dibaca: nama laporan hanya boleh memuat "
                "huruf, angka, titik, garis bawah dan tanda hubung (agar bisa dibekukan di rilis)"
            )
            report.extend([warning(path.name[:80], None, None, message, Code.REPORT_READING)])
            continue
        refused = regular_file_problem(path, path.name)
        if refused is not None:
            report.extend([refused])
            continue
        try:
            data = read_regular(path, MAX_EXPORT_BYTES)
        except (NotRegularFileError, OSError) as exc:
            report.extend([error(path.name, None, None, f"tidak bisa dibaca: {exc}", Code.NOT_CSV)])
            continue
        budget_report, problems = read_report(data, path.name)
        report.extend(problems)
        if budget_report is None:
            if not problems:
                message = (
                    f"{path.name} bukan file data yang dikenal (namanya bukan nama file kontrak, "
                    "dan isinya bukan laporan anggaran per OPD); tidak dibaca"
                )
                report.extend([warning(path.name, None, None, message, Code.REPORT_READING)])
            continue
        found.append(reports.read_rows(budget_report))
    if not found:
        return
    kept, problems = reports.deduplicated(found)
    for item in kept:  # a copy read past says nothing more than that it is one
        report.extend(item.problems)
        title = item.report.title
        notes = [
            f"{p.file} baris {p.line}: {p.message}"
            for p in item.problems
            if p.code == Code.REPORT_SUM
        ]
        if notes and title.year is not None:
            sources.source_notes.setdefault((title.unit_code, title.year), []).extend(notes)
    report.extend(problems)
    sources.regions = tuple(
        dict.fromkeys(r.report.title.region for r in kept if r.report.title.region)
    )
    if len({plain(r) for r in sources.regions}) > 1:
        message = (
            f"laporan per OPD menyebut lebih dari satu daerah ({', '.join(sources.regions)}); "
            "satu situs untuk satu daerah: periksa apakah laporan daerah lain ikut tersalin"
        )
        report.extend([warning(kept[0].report.filename, None, None, message, Code.REPORT_TITLE)])
    raw = reports.activity_table(kept)
    reading = replace(reading_schema("kegiatan"), mapped=mapped)
    table, problems = type_table(raw, reading)
    report.extend(problems)
    if "kegiatan" in sources.raws:  # beside an export of other years (SIPD): one table
        joined = _beside_export(sources.raws["kegiatan"], raw, tables["kegiatan"], table, report)
        if joined is None:
            return
        raw, table = joined
        _add_report_units(tables, table, report)
    sources.raws["kegiatan"] = raw
    sources.missing.discard("kegiatan")
    tables["kegiatan"] = table


def _beside_export(
    export: RawTable,
    reports_raw: RawTable,
    export_table: pd.DataFrame,
    reports_table: pd.DataFrame,
    report: Report,
) -> tuple[RawTable, pd.DataFrame] | None:
    """The activity export and the per-unit reports as one table, when their
    columns mean the same for both: the export's rows keep their lines, the
    reports' rows theirs (``reports.LINE_BASE`` apart)."""
    theirs, mine = set(reports_raw.columns), set(export.columns)
    clash = ""
    if {"pagu_murni", "pagu_perubahan"} & theirs and not {"pagu_murni", "pagu_perubahan"} & mine:
        clash = "laporan Perubahan APBD memakai pagu murni dan perubahan, ekspor ini tidak"
    elif "realisasi" in theirs and "realisasi" not in mine:
        clash = "laporan Realisasi membawa realisasi per rekening, ekspor ini realisasinya terpisah"
    if clash:
        message = (
            f"folder data berisi {export.filename} dan laporan per OPD yang tidak bisa digabung "
            f"({clash}); simpan laporan tahun lain di folder data terpisah, atau salah satunya saja"
        )
        report.extend([error(export.filename, None, None, message, Code.TWO_FORMATS)])
        return None
    overlap = sorted(
        set(_unit_years(export_table)) & set(_unit_years(reports_table)), key=lambda k: (k[1], k[0])
    )
    if overlap:
        shown = ", ".join(f"{unit} tahun {year}" for unit, year in overlap[:10])
        message = (
            f"OPD dan tahun yang sama ada di {export.filename} dan di laporan per OPD ({shown}); "
            "angkanya akan terhitung dua kali: simpan satu saja"
        )
        report.extend([error(export.filename, None, None, message, Code.REPORT_DUPLICATE)])
        return None
    if "pagu_murni" in mine and "pagu_murni" not in theirs:
        # The export's budgets come as versions: a report's one budget is its murni.
        reports_table = reports_table.assign(pagu_murni=reports_table["pagu"])
    columns = list(dict.fromkeys([*export.columns, *reports_raw.columns]))
    joined = replace(
        export,
        columns=columns,
        rows=[],
        lines=[],
        parts=[[0, export.filename], *reports_raw.parts],
    )
    table = pd.concat([export_table, reports_table], ignore_index=True)
    return joined, table


def _unit_years(table: pd.DataFrame) -> list[tuple[str, int]]:
    """(unit, year) pairs, the unit's code without trailing zero segments."""
    years = table.dropna(subset=["tahun"])
    return [
        (reports.unit_key(str(u)), int(y))
        for u, y in years[["kode_opd", "tahun"]].drop_duplicates().itertuples(index=False)
    ]


def _add_report_units(tables: dict[str, pd.DataFrame], rows: pd.DataFrame, report: Report) -> None:
    """Units and programs of per-unit reports that opd.csv and program.csv (written
    for the export of other years) do not list: added from the reports' names,
    with a warning naming them, never left as broken references."""
    added = []
    for name, derive_table, key in (
        ("opd", derive.derive_units, ["kode_opd"]),
        ("program", derive.derive_programs, ["tahun", "kode_opd", "kode_program"]),
    ):
        if name not in tables:
            continue  # derived from the joined table with the rest (``_complete``)
        from_reports = rows[rows[LINE] >= reports.LINE_BASE]
        made, problems = derive_table(from_reports, "laporan OPD")
        report.extend(problems)
        present = set(tables[name][key].itertuples(index=False, name=None))
        if name == "opd":
            report.extend(_other_names(tables["opd"], made))
        new = made[[k not in present for k in made[key].itertuples(index=False, name=None)]]
        if new.empty:
            continue
        if name == "opd":
            new = _unique_slugs(new, set(tables["opd"]["slug"]))
        tables[name] = pd.concat([tables[name], new], ignore_index=True)
        added.append(f"{len(new)} {'OPD' if name == 'opd' else 'program'}")
    if added:
        message = (
            f"{' dan '.join(added)} dari laporan per OPD tidak ada di opd.csv/program.csv dan "
            "ditambahkan dari nama di laporannya; tambahkan ke kedua file itu agar alamat "
            "halamannya tetap"
        )
        report.extend([warning("opd.csv", None, None, message, Code.DERIVED)])


def _other_names(units: pd.DataFrame, reported: pd.DataFrame) -> list[Problem]:
    """A unit of opd.csv that a report names otherwise: opd.csv's name is used, said."""
    listed = dict(zip(units["kode_opd"], units["nama_opd"], strict=True))
    return [
        warning(
            "opd.csv",
            None,
            "nama_opd",
            f"OPD {code} bernama '{listed[code]}' di opd.csv tetapi '{name}' di laporan per OPD; "
            "nama di opd.csv yang dipakai",
            Code.REPORT_TITLE,
        )
        for code, name in zip(reported["kode_opd"], reported["nama_opd"], strict=True)
        if code in listed and plain(str(listed[code])) != plain(name)
    ]


def _unique_slugs(units: pd.DataFrame, taken: set[str]) -> pd.DataFrame:
    slugs = []
    for slug in units["slug"]:
        base, n = slug, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        slugs.append(slug)
    return units.assign(slug=slugs)


def _missing_file(name: str, datadir: Path, hint: str = "") -> Problem:
    return error(
        f"{name}.csv", None, None, f"file wajib tidak ada di {datadir}{hint}", Code.FILE_MISSING
    )


def _complete(
    tables: dict[str, pd.DataFrame], sources: Sources, report: Report, datadir: Path
) -> None:
    """The contract's tables from a SIPD-style activity export (see ``derive``)."""
    if "kegiatan" in sources.missing:
        report.extend([_missing_file("kegiatan", datadir, " (atau kegiatan.xlsx)")])
    activities = tables.get("kegiatan")
    columns = derive.present(sources.raws.get("kegiatan"))
    source = sources.filename("kegiatan")
    if activities is not None:
        activities, problems = derive.expand_versions(activities, columns, source)
        report.extend(problems)
        activities, belanja, problems = derive.split_accounts(activities, columns, source)
        report.extend(problems)
        report.extend(check_primary_key(belanja, load_schema("belanja")))
        # Spending from a separate file joins per sub kegiatan, after the
        # accounts are summed: an account never gets its sub kegiatan's total.
        if _realisation_elsewhere(columns, sources, report):
            activities, problems = derive.join_realisation(
                activities, tables["realisasi"], source, sources.filename("realisasi")
            )
            report.extend(problems)
        tables["belanja"] = belanja
        tables["kegiatan"] = activities
    for name, needs, derive_table in (
        ("opd", "nama_opd", derive.derive_units),
        ("program", "nama_program", derive.derive_programs),
    ):
        if name not in sources.missing:
            continue
        if activities is None or needs not in columns:
            hint = f", dan {source} tidak punya kolom {needs} untuk menurunkannya"
            report.extend([_missing_file(name, datadir, hint if activities is not None else "")])
            continue
        table, problems = derive_table(activities, source)
        report.extend(problems)
        if not problems and len(table):
            report.extend([derive.derived_warning(name, table, source)])
        tables[name] = table
        sources.derived[name] = table
    if activities is not None:
        kept = [f.name for f in load_schema("kegiatan").fields] + [LINE]
        tables["kegiatan"] = activities[kept]


def _realisation_elsewhere(columns: set[str], sources: Sources, report: Report) -> bool:
    """A budget file without spending, beside a realisation file that has it:
    the two are joined, and the budget file's missing column is no error."""
    if "realisasi" in columns or "realisasi" not in sources.raws:
        return False
    if "triwulan" not in sources.raws["realisasi"].columns:
        return False
    source = sources.filename("kegiatan")
    report.problems = [
        p
        for p in report.problems
        if not (p.code == Code.MISSING_COLUMN and p.file == source and p.column == "realisasi")
    ]
    return True


def locate(report: Report, sources: Sources) -> None:
    """Problems name the file as it is in data/ and, in a workbook, the cell."""
    renamed = {f"{name}.csv": raw for name, raw in sources.raws.items()}
    if "kegiatan" in sources.raws:
        # Tables made from the activity export: their rows carry its line numbers.
        for made in ("belanja", *sources.derived):
            renamed[f"{made}.csv"] = sources.raws["kegiatan"]
    out = []
    for p in report.problems:
        if p.code == Code.DERIVED:
            out.append(p)  # about the missing file itself
            continue
        raw = renamed.get(p.file) or next(
            (r for r in sources.raws.values() if r.filename == p.file), None
        )
        if raw is None:
            out.append(p)
            continue
        if raw.parts:  # a row joined from a per-unit report: its own file and line
            where = reports.origin(raw, p.line) if p.line is not None else None
            file, line = where if where is not None else (raw.filename, p.line)
            letter = raw.letters.get(p.column or "") if file == raw.filename else None
            cell = f"{raw.sheet}!{letter}{line}" if raw.sheet and letter and line else None
            out.append(replace(p, file=file, line=line, cell=cell))
            continue
        letter = raw.letters.get(p.column or "")
        cell = f"{raw.sheet}!{letter}{p.line}" if raw.sheet and letter and p.line else None
        out.append(replace(p, file=raw.filename, cell=cell))
    report.problems = out


def check_all(
    tables: dict[str, pd.DataFrame],
    report: Report,
    frameworks: dict[str, Framework],
    sources: Sources,
) -> None:
    """Keys, references and the contract's rules, across files."""
    rules.fill_defaults(tables)
    if "spbe" in tables:
        tables["spbe"], problems = spbe.without_uncarried(tables["spbe"], frameworks)
        report.extend(problems)
    # A file missing a required column cannot have its keys checked, nor be
    # referred to: its header error says it all, without one error per row.
    incomplete = {
        p.file
        for p in report.problems
        if p.code in (Code.MISSING_COLUMN, Code.DUPLICATE_COLUMN, Code.NO_ROWS)
    }
    checkable = {
        n: t
        for n, t in tables.items()
        if n in TABLES and not {load_schema(n).filename, sources.filename(n)} & incomplete
    }
    for name, table in checkable.items():
        schema = load_schema(name)
        report.extend(check_primary_key(table, schema))
        broken_lines: set[int] = set()
        for fk in schema.foreign_keys:
            target_name = fk.resource or name
            target = checkable.get(target_name)
            if target is None:
                continue
            found, failed = check_foreign_key(
                table, schema, fk, target, load_schema(target_name).filename, broken_lines
            )
            broken_lines.update(failed)
            report.extend(found)
    # Cells already reported (unreadable, or spending the realisation file
    # lacks) are not reported again by the row rules.
    unreadable = {
        (p.column, p.line)
        for p in report.problems
        if p.column is not None
        and p.line is not None
        and (
            p.code == Code.NOT_A_NUMBER
            or (p.code == Code.MISSING_REFERENCE and p.column == "realisasi")
        )
    }
    # Row rules only where the header is whole: a missing column is one error.
    if "kegiatan" in checkable:
        report.extend(rules.kegiatan_rules(tables["kegiatan"], unreadable))
        kegiatan_keys = ["tahun", "versi_anggaran", "kode_opd", "kode_kegiatan"]
        report.extend(rules.blank_sub_codes(tables["kegiatan"], "kegiatan.csv", kegiatan_keys))
    if "realisasi" in checkable:
        report.extend(rules.realisasi_rules(tables["realisasi"]))
        realisasi_keys = ["tahun", "triwulan", "kode_opd", "kode_kegiatan"]
        report.extend(rules.blank_sub_codes(tables["realisasi"], "realisasi.csv", realisasi_keys))
    # The SPBE evaluation needs every level, year and index read: with an
    # error in either SPBE file (or its framework) that error says it all.
    spbe_files = (
        "spbe.csv",
        "spbe_indeks.csv",
        *FRAMEWORK_FILES,
    )
    spbe_readable = not any(p.file in spbe_files for p in report.errors)
    if "spbe" in checkable:
        official = tables.get("spbe_indeks", _empty_table(load_schema("spbe_indeks")))
        report.extend(spbe.check(tables["spbe"], official, frameworks, spbe_readable))


def load(datadir: Path, cache_dir: Path | None = None) -> Loaded:
    with stage("load"):
        tables, report, sources = read_all(datadir, cache_dir)
    with stage("validate"):
        return _validated(datadir, tables, report, sources)


def _validated(
    datadir: Path, tables: dict[str, pd.DataFrame], report: Report, sources: Sources
) -> Loaded:
    frameworks, problems = load_frameworks(datadir)
    report.extend(problems)
    boundaries, problems = read_boundaries(datadir)
    report.extend(problems)
    synonyms, problems = read_synonyms(datadir)
    report.extend(problems)
    check_all(tables, report, frameworks, sources)
    locate(report, sources)
    if not report.ok:
        return Loaded(report, None, datadir, sources.derived, sources.regions)
    for schema in all_schemas():
        if schema.name not in tables:
            tables[schema.name] = _empty_table(schema)
    model = CityModel(
        units=tables["opd"],
        programs=tables["program"],
        activities=tables["kegiatan"],
        quarterly=tables["realisasi"],
        indicators=tables["indikator"],
        spbe_levels=tables["spbe"],
        spbe_index=tables["spbe_indeks"],
        frameworks=frameworks,
        accounts=tables.get("belanja", derive.empty_accounts()),
        sources={name: raw.filename for name, raw in sources.raws.items()},
        boundaries=boundaries,
        source_notes=sources.source_notes,
        synonyms=synonyms,
    )
    report.extend(places_not_on_map(model))
    return Loaded(report, model, datadir, sources.derived, sources.regions)


def places_not_on_map(model: CityModel) -> list[Problem]:
    """A warning at the first row of each ``lokasi`` the boundary file does not
    hold (the map leaves it out; a name for the whole city is expected to miss)."""
    if model.boundaries is None:
        return []
    found: list[Problem] = []
    source = model.sources.get("kegiatan", "kegiatan.csv")
    rows = model.current.drop_duplicates("lokasi")
    for place, line in zip(rows["lokasi"], rows[LINE], strict=True):
        if not place or WHOLE_AREA.match(place_key(place)) or model.boundaries.match(place):
            continue
        message = (
            f"lokasi '{place}' tidak ada di {BOUNDARY_FILE}: pagunya tidak tampak di peta "
            "(hanya di tabel); samakan namanya dengan nama kelurahan atau kecamatan di file itu"
        )
        found.append(warning(source, int(line), "lokasi", message, Code.PLACE_NOT_ON_MAP))
    return found


def data_files(datadir: Path) -> list[Path]:
    """Every file in data/ that a build may read (CSV and XLSX)."""
    return sorted(
        p for p in datadir.iterdir() if p.suffix.lower() in SUFFIXES or p.name == BOUNDARY_FILE
    )


_memory: dict[tuple, Loaded] = {}
MEMORY_FOLDERS = 16  # the data folder and the releases a build checks, kept in this process


def load_cached(datadir: Path, cache_dir: Path | None = None) -> Loaded:
    """``load``, done once per process for the same files (the CLI validates
    the data and each release, then Pelican's generator asks again in the
    same process). On disk only each file's reading is kept (``_read_typed``):
    nothing loaded from the cache can run code."""
    datadir = datadir.resolve()
    stamp = tuple((p.name, p.lstat().st_size, p.lstat().st_mtime_ns) for p in data_files(datadir))
    key = (str(datadir), stamp)
    if key in _memory:
        return _memory[key]
    for stale in [k for k in _memory if k[0] == key[0]] + list(_memory)[:-MEMORY_FOLDERS]:
        _memory.pop(stale, None)
    loaded = load(datadir, cache_dir)
    _memory[key] = loaded
    return loaded
